"""Sentences of the report, generated from the numbers of the analysis."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

_CORRECTIONS = {
    "holm": "Holm's step-down method",
    "fdr_bh": "the Benjamini-Hochberg false discovery rate procedure",
    "none": "no correction",
}


def format_p(p: float) -> str:
    """Format a p-value in APA style: ``p = .034``, ``p < .001``."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p not computed"
    if p < 0.001:
        return "p < .001"
    return f"p = {p:.3f}".replace("0.", ".", 1)


def _stat(value: float, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def sample_sentence(respondents: int, responses, quality: dict) -> str:
    # File names only: a full path can contain the user's name.
    files = ", ".join(Path(str(f)).name for f in responses.files)
    read = quality.get("rows_read", len(responses.data))
    removed = quality.get("duplicates_removed", 0)
    sentence = (
        f"{_plural(read, 'row was', 'rows were')} read from {files}; "
        f"{_plural(respondents, 'respondent was', 'respondents were')} analysed."
    )
    if removed:
        duplicates = _plural(
            removed, "duplicate submission was", "duplicate submissions were"
        )
        sentence += f" {duplicates} removed."
    return sentence


def personal_data_line(headers: list[str]) -> str:
    """Name the columns that were treated as personal data and left out."""
    if not headers:
        return "Personal data: no column was recognised or declared as personal data."
    quoted = ", ".join(f"\u201c{header}\u201d" for header in headers)
    return f"Personal data left out of every statistic and output: {quoted}."


def group_composition(label: str, values: pd.Series) -> str:
    counts = values.value_counts(sort=False)
    total = int(counts.sum())
    if total == 0:
        return f"{label}: no answers."
    from srsurvey.plots._style import largest_remainder_percent

    # Whole percents that add up to 100, as the charts label them.
    percents = largest_remainder_percent(counts.to_numpy())
    parts = [
        f"{k} {v} ({percent}%)"
        for (k, v), percent in zip(counts.items(), percents, strict=True)
        if v
    ]
    missing = int(values.isna().sum())
    text = f"{label}: " + ", ".join(parts) + "."
    if missing:
        text += f" Not stated: {missing}."
    return text


def quality_lines(quality: dict, responses) -> list[str]:
    lines = []
    for key, value in quality.items():
        if isinstance(value, dict):
            worst = sorted(value.items(), key=lambda kv: -float(kv[1] or 0))[:5]
            worst = [f"{k} ({v})" for k, v in worst if v]
            if worst:
                lines.append(f"{key.replace('_', ' ')}: " + ", ".join(worst))
        elif not isinstance(value, list):
            lines.append(f"{key.replace('_', ' ')}: {value}")
    for key, value in responses.details.items():
        lines.append(f"{key}: {value}")
    return lines


def reliability_caption(study) -> str:
    rule = study.analysis.missing
    rule_text = (
        "pairwise (each covariance from the respondents who answered both items, as "
        "R psych::alpha)"
        if rule == "pairwise"
        else "listwise (respondents who answered every item of the scale)"
    )
    return (
        "Cronbach's alpha (raw) with its 95% confidence interval (Feldt), standardised "
        "alpha, McDonald's omega total from a one-factor model, and the mean "
        f"inter-item correlation. Missing answers: {rule_text}."
    )


def reliability_sentences(summaries: list[dict]) -> str:
    parts = []
    for row in summaries:
        parts.append(
            f"{row['label']}: alpha = {_stat(row.get('alpha'))} "
            f"[{_stat(row.get('alpha_ci_low'))}, {_stat(row.get('alpha_ci_high'))}], "
            f"omega = {_stat(row.get('omega_total'))} ({row.get('n_items')} items, "
            f"n = {row.get('n')})"
        )
    return "; ".join(parts) + "."


def descriptives_caption(study) -> str:
    return (
        "Skewness and excess kurtosis as SPSS computes them (bias-corrected G1 and G2) "
        "with their standard errors; Shapiro-Wilk test of normality; 95% confidence "
        "interval of the mean from the t distribution."
    )


def descriptive_sentences(overall: pd.DataFrame, labels: dict[str, str]) -> str:
    parts = []
    for row in overall.itertuples(index=False):
        parts.append(
            f"{labels.get(row.scale, row.scale)}: M = {_stat(row.mean)}, "
            f"SD = {_stat(row.sd)}, n = {int(row.n)}"
        )
    return "; ".join(parts) + "." if parts else "No scale scores."


def levels_caption(study, scale_ids: list[str]) -> str:
    parts = []
    for scale_id in scale_ids:
        spec = study.scales.get(scale_id)
        levels = getattr(spec, "levels", None)
        if levels is None:
            continue
        bounds = []
        labels = list(levels.labels)
        cuts = list(levels.cuts)
        bounds.append(f"{labels[0]} below {cuts[0]:g}")
        for i in range(1, len(cuts)):
            bounds.append(f"{labels[i]} from {cuts[i - 1]:g} to below {cuts[i]:g}")
        bounds.append(f"{labels[-1]} from {cuts[-1]:g}")
        parts.append(f"{scale_id}: " + ", ".join(bounds))
    return "Levels by the study file's cut points (" + "; ".join(parts) + ")."


def top_answer_sentence(label: str, table: pd.DataFrame, *, multi: bool) -> str:
    options = table[table["option"] != "Missing"]
    if options.empty or options["count"].sum() == 0:
        return f"{label}: no answers."
    column = "valid_percent"
    top = options.sort_values("count", ascending=False).iloc[0]
    verb = "chose" if multi else "answered"
    return (
        f"{label}: {top[column]:.0f}% of those who answered {verb} "
        f"\u201c{top['option']}\u201d ({int(top['count'])} respondents)."
    )


def group_caption(study) -> str:
    correction = _CORRECTIONS.get(study.analysis.correction, study.analysis.correction)
    return (
        "Two groups: Welch's t-test with Hedges' g, and the Mann-Whitney U test with "
        "the rank-biserial correlation. Three or more groups: Welch's ANOVA with eta "
        "squared, and the Kruskal-Wallis test with epsilon squared. p-values are "
        f"adjusted with {correction} within each family (one grouping variable and "
        "one kind of test across all scales)."
    )


def group_sentences(table: pd.DataFrame, context) -> str:
    significant = table[(table["p_adjusted"] < context.study.analysis.alpha)]
    if significant.empty:
        return (
            "No group difference reached significance after correction "
            f"(alpha = {context.study.analysis.alpha:g})."
        )
    parts = []
    for row in significant.itertuples(index=False):
        parts.append(
            f"{context.label('scales', row.measure)} by {context.label('groups', row.group)}"
            f" ({row.test}: {row.statistic_name} = {_stat(row.statistic)}, "
            f"adjusted {format_p(row.p_adjusted)}, {row.effect_size_name} = "
            f"{_stat(row.effect_size)})"
        )
    return "Differences after correction: " + "; ".join(parts) + "."


def methods_paragraphs(study, scored, *, first_look: bool) -> list[str]:
    paragraphs = []
    if first_look:
        paragraphs.append(
            "First look without a study file: every question of the export is "
            "described. Numeric questions get descriptive statistics, other questions "
            "frequencies in the order of their answer scale where srsurvey recognises "
            "it, else by frequency."
        )
    else:
        paragraphs.append(
            "Answers were turned into numbers with the response scales of the study "
            "file. Reverse-keyed items were scored as minimum + maximum - answer. A "
            "scale score is the mean (or sum) of the answered items of a respondent who "
            "answered at least the required number of items; others get no score."
        )
        paragraphs.append(reliability_caption(study))
    paragraphs.append(
        "Frequencies list the options in the order of the response scale. Percent is "
        "of all respondents; valid percent of those who answered."
    )
    if len(scored.groups.columns):
        paragraphs.append(group_caption(study))
        paragraphs.append(
            "Categorical questions by group: Pearson's chi-square test without "
            "continuity correction, Cramér's V from the uncorrected statistic (as SPSS "
            "and jamovi report it), and Fisher's exact test for 2 x 2 tables with an "
            "expected count below 5."
        )
    paragraphs.append(descriptives_caption(study))
    paragraphs.append(
        "Personal data (names, e-mail addresses, phone numbers) were removed before "
        "any statistic was computed and appear in no output."
    )
    return paragraphs
