"""The study file: items, response scales, scales, groups, and scoring."""
