"""Readers that load survey exports into a :class:`Responses` table."""
