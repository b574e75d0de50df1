"""Build the report of one analysis: every table, chart and paragraph, in order.

Each ``_add_*`` function computes one part with :mod:`srsurvey.stats`, draws its charts
with :mod:`srsurvey.plots`, and adds tables, figures and a section to the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from srsurvey.analysis import _text
from srsurvey.tables.model import Figure, Report, Section, Table

# Numeric items whose possible answers are at most this many whole numbers are shown
# as response categories (frequencies, Likert bars); wider ranges only get descriptives.
MAX_CATEGORY_POINTS = 11


@dataclass
class _Context:
    study: object
    responses: object
    scored: object
    report: Report
    figures: bool
    first_look: bool
    keep_identifiers: bool
    results: dict = field(default_factory=dict)

    # Display labels -------------------------------------------------------------
    def label(self, kind: str, key: str) -> str:
        labels = getattr(self.scored, "labels", {}) or {}
        return str(labels.get(kind, {}).get(key) or key)

    def scale_items(self, scale_id: str) -> list[str]:
        return [i for i in self.scored.scale_items[scale_id] if i in self.scored.items]

    def point_labels(self, item_id: str) -> dict[float, str] | None:
        """Return the ordered answer labels of an item, or None for wide numeric items."""
        response_scale = self.scored.item_scales.get(item_id)
        if response_scale is not None:
            return dict(sorted(self.scored.point_labels[response_scale].items()))
        value_range = self.scored.item_ranges.get(item_id)
        if value_range is None:
            values = self.scored.item_answers[item_id].dropna()
            if values.empty:
                return None
            value_range = (float(values.min()), float(values.max()))
        low, high = value_range
        whole = float(low).is_integer() and float(high).is_integer()
        if not whole or high - low + 1 > MAX_CATEGORY_POINTS:
            return None
        return {float(v): _format_number(v) for v in range(int(low), int(high) + 1)}

    def add_figure(self, name: str, title: str, draw, caption: str = "") -> str | None:
        if not self.figures:
            return None
        figure = draw()
        self.report.add_figure(
            Figure(name=name, title=title, figure=figure, caption=caption)
        )
        return name


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in str(text))
    return "_".join(part for part in cleaned.split("_") if part)[:60] or "x"


def build_report(
    study,
    responses,
    scored,
    *,
    first_look: bool,
    figures: bool,
    keep_identifiers: bool,
) -> Report:
    """Compute every table and chart of the analysis and assemble the report."""
    report = Report(title=study.title, name=study.name)
    context = _Context(
        study=study,
        responses=responses,
        scored=scored,
        report=report,
        figures=figures,
        first_look=first_look,
        keep_identifiers=keep_identifiers,
    )
    _add_overview(context)
    if list(scored.scores.columns):
        _add_reliability(context)
        _add_descriptives(context)
        _add_levels(context)
        # Numeric items that no scale uses, such as age, are described on their own.
        _add_numeric_items(context, name="numeric_questions", outside_scales=True)
    elif first_look:
        _add_numeric_items(context)
    _add_frequencies(context)
    _add_group_comparisons(context)
    _add_scores_table(context)
    report.methods = _text.methods_paragraphs(study, scored, first_look=first_look)
    report.results = context.results
    return report


# Overview and data quality -------------------------------------------------------------


def _add_overview(context: _Context) -> None:
    scored, responses, report = context.scored, context.responses, context.report
    quality = dict(scored.quality)
    respondents = len(scored.scores.index)
    context.results["respondents"] = respondents
    context.results["files"] = [str(f) for f in responses.files]
    context.results["quality"] = _jsonable(quality)

    rows = [
        {"measure": key.replace("_", " "), "value": value}
        for key, value in quality.items()
        if not isinstance(value, (dict, list))
    ]
    report.add_table(
        Table(
            name="data_quality",
            title="Data quality",
            data=pd.DataFrame(rows, columns=["measure", "value"]),
            description="Rows read, duplicates removed and respondents analysed.",
        )
    )
    report.quality = _text.quality_lines(quality, responses)
    personal = [
        responses.columns[column].header
        for column in scored.identifier_columns
        if column in responses.columns
    ]
    report.quality.append(_text.personal_data_line(personal))

    duplicates = getattr(scored, "duplicates", None)
    if duplicates is not None and len(duplicates):
        # File names only: a full path can contain the user's name.
        duplicates = duplicates.copy()
        for column in ("file", "kept_file"):
            if column in duplicates:
                duplicates[column] = duplicates[column].map(lambda f: Path(str(f)).name)
        report.add_table(
            Table(
                name="duplicates",
                title="Duplicate submissions removed",
                data=duplicates.reset_index(drop=True),
                description="Several submissions with one respondent id: the rule "
                f"'{context.study.duplicates}' decided which one was kept.",
                formats={"row": "int", "kept_row": "int"},
            )
        )

    section = Section("Sample")
    section.text(_text.sample_sentence(respondents, responses, quality))
    for group_id in scored.groups.columns:
        section.text(
            _text.group_composition(
                context.label("groups", group_id), scored.groups[group_id]
            )
        )
    section.table("data_quality")
    if "duplicates" in report.tables:
        section.table("duplicates")
    report.sections.append(section)


# Reliability ------------------------------------------------------------------------


def _add_reliability(context: _Context) -> None:
    from srsurvey.stats.reliability import reliability

    study, scored, report = context.study, context.scored, context.report
    summaries, item_tables = [], []
    scales_results = context.results.setdefault("scales", {})
    for scale_id in scored.scores.columns:
        items = context.scale_items(scale_id)
        entry = scales_results.setdefault(
            scale_id, {"label": context.label("scales", scale_id)}
        )
        entry["items"] = items
        if len(items) < 2:
            continue
        result = reliability(
            scored.items[items], missing=study.analysis.missing, scale=scale_id
        )
        summary = {"scale": scale_id, "label": context.label("scales", scale_id)}
        summary.update(result.summary)
        summaries.append(summary)
        item_table = result.items.copy()
        item_table.insert(0, "scale", scale_id)
        item_table.insert(
            2, "label", [context.label("items", i) for i in item_table["item"]]
        )
        item_table.insert(
            3,
            "reverse_keyed",
            [
                i in scored.reversed_items.get(scale_id, set())
                for i in item_table["item"]
            ],
        )
        item_tables.append(item_table)
        entry["reliability"] = _jsonable(result.summary)
        entry["alpha"] = result.summary.get("alpha")
        context.report.warnings.extend(result.warnings)

    if not summaries:
        return
    columns = [
        "scale",
        "label",
        "n_items",
        "n",
        "alpha",
        "alpha_ci_low",
        "alpha_ci_high",
        "alpha_std",
        "omega_total",
        "mean_inter_item_r",
        "missing_rule",
    ]
    table = pd.DataFrame(summaries)
    table = table[
        [c for c in columns if c in table] + [c for c in table if c not in columns]
    ]
    report.add_table(
        Table(
            name="reliability",
            title="Reliability of the scales",
            data=table,
            description=_text.reliability_caption(study),
            formats={
                "n_items": "int",
                "n": "int",
                "alpha": "float3",
                "alpha_ci_low": "float3",
                "alpha_ci_high": "float3",
                "alpha_std": "float3",
                "omega_total": "float3",
                "mean_inter_item_r": "float3",
            },
        )
    )
    items = pd.concat(item_tables, ignore_index=True)
    report.add_table(
        Table(
            name="item_statistics",
            title="Item statistics",
            data=items,
            description="Item-rest r is the correlation of an item with the mean of the "
            "other items of its scale (corrected item-total correlation); alpha if "
            "deleted is the scale's raw alpha without the item.",
            formats={
                "n": "int",
                "mean": "float2",
                "sd": "float2",
                "item_rest_r": "float3",
                "alpha_if_deleted": "float3",
            },
        )
    )
    section = Section("Reliability")
    section.text(_text.reliability_sentences(summaries))
    section.table("reliability").table("item_statistics")
    for scale_id in scored.scores.columns:
        name = _add_likert_figure(context, scale_id)
        if name:
            section.figure(name)
    report.sections.append(section)


def _likert_counts(context: _Context, items: list[str]) -> pd.DataFrame | None:
    """Count answers per item and response label; None if the items share no labels."""
    labels = [context.point_labels(item) for item in items]
    if not labels or any(lab is None for lab in labels):
        return None
    if any(list(lab.values()) != list(labels[0].values()) for lab in labels):
        return None
    points = labels[0]
    rows = {}
    for item in items:
        answers = context.scored.item_answers[item]
        counts = [int((answers == value).sum()) for value in points]
        rows[context.label("items", item)] = counts
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(points.values()))


def _add_likert_figure(context: _Context, scale_id: str) -> str | None:
    from srsurvey.plots.likert import diverging_likert

    items = context.scale_items(scale_id)
    counts = _likert_counts(context, items)
    if counts is None or counts.empty:
        return None
    title = context.label("scales", scale_id)
    n = int(context.scored.items[items].notna().any(axis=1).sum())
    return context.add_figure(
        f"likert_{_slug(scale_id)}",
        f"Answers to the items of {title}",
        lambda: diverging_likert(counts, title=title, n=n),
        caption="Share of each answer per item, as given: reverse-keyed items "
        "are shown before reverse-keying, so their agreement means a low score. "
        "Items sorted by agreement; the neutral answer is split at the centre; n "
        "per item on the right.",
    )


# Descriptives ------------------------------------------------------------------------


def _add_descriptives(context: _Context) -> None:
    from srsurvey.stats.descriptives import descriptives_table

    scored, report = context.scored, context.report
    groups = scored.groups if len(scored.groups.columns) else None
    labels = {s: context.label("scales", s) for s in scored.scores.columns}
    table = descriptives_table(scored.scores, groups)
    table.insert(1, "label", table["scale"].map(labels))
    report.add_table(
        Table(
            name="descriptives",
            title="Scale scores",
            data=table,
            description=_text.descriptives_caption(context.study),
            formats=_DESCRIPTIVE_FORMATS,
        )
    )
    overall = table[table["group"].isna()] if "group" in table else table
    for row in overall.itertuples(index=False):
        entry = context.results.setdefault("scales", {}).setdefault(row.scale, {})
        entry["mean"] = _number(row.mean)
        entry["sd"] = _number(row.sd)
        entry["n"] = _number(row.n)
    section = Section("Scale scores")
    section.text(_text.descriptive_sentences(overall, labels))
    section.table("descriptives")
    for scale_id in scored.scores.columns:
        for group_id in scored.groups.columns:
            name = _add_distribution_figure(context, scale_id, group_id)
            if name:
                section.figure(name)
    report.sections.append(section)


_DESCRIPTIVE_FORMATS = {
    "n": "int",
    "missing": "int",
    "mean": "float2",
    "sd": "float2",
    "se": "float3",
    "ci_low": "float2",
    "ci_high": "float2",
    "median": "float2",
    "q1": "float2",
    "q3": "float2",
    "iqr": "float2",
    "min": "float2",
    "max": "float2",
    "skewness": "float3",
    "skewness_se": "float3",
    "kurtosis": "float3",
    "kurtosis_se": "float3",
    "shapiro_w": "float3",
    "shapiro_p": "p",
}


def _add_distribution_figure(
    context: _Context, scale_id: str, group_id: str
) -> str | None:
    from srsurvey.plots.distributions import score_distribution

    scores = context.scored.scores[scale_id]
    groups = context.scored.groups[group_id]
    if scores.notna().sum() == 0 or groups.notna().sum() == 0:
        return None
    scale_label = context.label("scales", scale_id)
    group_label = context.label("groups", group_id)
    return context.add_figure(
        f"scores_{_slug(scale_id)}_by_{_slug(group_id)}",
        f"{scale_label} by {group_label}",
        lambda: score_distribution(
            scores, groups, title=f"{scale_label} by {group_label}", ylabel=scale_label
        ),
        caption="Box plots with each respondent's score as a point.",
    )


def _add_numeric_items(
    context: _Context, *, name: str = "descriptives", outside_scales: bool = False
) -> None:
    """Add descriptives of numeric questions, one row per question.

    Every numeric question counts, also those with few values that get frequencies
    too. With ``outside_scales`` only the items that no scale uses are described.
    """
    from srsurvey.stats.descriptives import descriptives_table

    scored = context.scored
    numeric = [i for i in scored.item_answers.columns if i not in scored.item_scales]
    if outside_scales:
        in_scales = {item for items in scored.scale_items.values() for item in items}
        numeric = [i for i in numeric if i not in in_scales]
    if not numeric:
        return
    labels = {i: context.label("items", i) for i in numeric}
    table = descriptives_table(scored.item_answers[numeric], None)
    table.insert(1, "label", table["scale"].map(labels))
    context.report.add_table(
        Table(
            name=name,
            title="Numeric questions",
            data=table,
            description="Descriptive statistics of each numeric question.",
            formats=_DESCRIPTIVE_FORMATS,
        )
    )
    context.report.sections.append(Section("Numeric questions").table(name))


# Levels -----------------------------------------------------------------------------


def _add_levels(context: _Context) -> None:
    from srsurvey.stats.frequencies import levels_table

    scored = context.scored
    levels = scored.levels
    if levels is None or not len(levels.columns):
        return
    groups = scored.groups if len(scored.groups.columns) else None
    table = levels_table(levels, groups)
    context.report.add_table(
        Table(
            name="levels",
            title="Score levels",
            data=table,
            description=_text.levels_caption(context.study, list(levels.columns)),
            formats={"count": "int", "percent": "percent"},
        )
    )
    section = Section("Score levels")
    section.table("levels")
    for scale_id in levels.columns:
        for group_id in scored.groups.columns:
            name = _add_levels_figure(context, scale_id, group_id)
            if name:
                section.figure(name)
    context.report.sections.append(section)


def _add_levels_figure(context: _Context, scale_id: str, group_id: str) -> str | None:
    from srsurvey.plots.bars import levels_by_group

    levels = context.scored.levels[scale_id]
    groups = context.scored.groups[group_id]
    counts = pd.crosstab(groups, levels, dropna=True)
    counts = counts.reindex(columns=levels.cat.categories, fill_value=0)
    counts = counts.reindex(
        index=[g for g in groups.cat.categories if g in counts.index]
    )
    if counts.to_numpy().sum() == 0:
        return None
    scale_label = context.label("scales", scale_id)
    group_label = context.label("groups", group_id)
    title = f"{scale_label}: levels by {group_label}"
    return context.add_figure(
        f"levels_{_slug(scale_id)}_by_{_slug(group_id)}",
        title,
        lambda: levels_by_group(counts, title=title),
    )


# Frequencies ------------------------------------------------------------------------


def _item_categorical(context: _Context, item: str) -> pd.Series | None:
    points = context.point_labels(item)
    if points is None:
        return None
    answers = context.scored.item_answers[item]
    mapped = answers.map(points)
    return pd.Series(
        pd.Categorical(mapped, categories=list(points.values()), ordered=True),
        index=answers.index,
    )


def _add_frequencies(context: _Context) -> None:
    from srsurvey.stats.frequencies import frequency_table, multiselect_table

    scored, report = context.scored, context.report
    tables, question_figures = [], []

    for item in scored.item_answers.columns:
        values = _item_categorical(context, item)
        if values is None:
            continue
        table = frequency_table(values, question=item)
        table.insert(1, "kind", "item")
        tables.append(table)

    for question_id, values in scored.single.items():
        table = frequency_table(values, question=question_id)
        table["option"] = _masked_options(
            table["option"], keep=context.keep_identifiers
        )
        table.insert(1, "kind", "single")
        tables.append(table)
        question_figures.append((question_id, table, False))

    for question_id, indicators in scored.multi.items():
        answered = scored.multi_answered[question_id]
        table = multiselect_table(indicators, answered, question=question_id)
        table["option"] = _masked_options(
            table["option"], keep=context.keep_identifiers
        )
        table.insert(1, "kind", "multi")
        tables.append(table)
        question_figures.append((question_id, table, True))

    for group_id in scored.groups.columns:
        table = frequency_table(scored.groups[group_id], question=group_id)
        table.insert(1, "kind", "group")
        tables.append(table)

    if not tables:
        return
    frequencies = pd.concat(tables, ignore_index=True)
    frequencies.insert(
        1, "label", [_question_label(context, q) for q in frequencies["question"]]
    )
    report.add_table(
        Table(
            name="frequencies",
            title="Answer frequencies",
            data=frequencies,
            description="Percent is of all respondents, valid percent of those who "
            "answered. For multiple-choice questions each option's percent is of "
            "respondents, so they can add up to more than 100.",
            formats={"count": "int", "percent": "percent", "valid_percent": "percent"},
        )
    )
    context.results["questions"] = _question_results(frequencies)

    section = Section("Answers to each question")
    for question_id, table, multi in question_figures:
        section.text(
            _text.top_answer_sentence(
                _question_label(context, question_id), table, multi=multi
            )
        )
        name = _add_question_figure(context, question_id, table, multi)
        if name:
            section.figure(name)
    section.table("frequencies")
    report.sections.append(section)


def _masked_options(options: pd.Series, *, keep: bool) -> pd.Series:
    """Mask e-mail addresses and phone numbers typed into answers, unless kept."""
    from srsurvey.readers.identifiers import mask_contacts

    if keep:
        return options
    return options.map(lambda option: mask_contacts(str(option)))


def _question_label(context: _Context, key: str) -> str:
    for kind in ("questions", "items", "groups"):
        label = context.label(kind, key)
        if label != key:
            return label
    return key


def _question_results(frequencies: pd.DataFrame) -> dict:
    results: dict = {}
    for question, rows in frequencies.groupby("question", sort=False):
        results[str(question)] = {
            str(row.option): {
                "count": int(row.count),
                "percent": _number(row.percent),
                "valid_percent": _number(row.valid_percent),
            }
            for row in rows.itertuples(index=False)
        }
    return results


def _add_question_figure(
    context: _Context, question_id: str, table: pd.DataFrame, multi: bool
) -> str | None:
    from srsurvey.plots.bars import category_bars

    options = table[table["option"] != "Missing"]
    if options.empty:
        return None
    # Percent of those who answered, so the bars agree with the n the chart shows.
    percent = pd.Series(
        options["valid_percent"].to_numpy(), index=options["option"].astype(str)
    )
    counts = pd.Series(options["count"].to_numpy(), index=percent.index)
    n = (
        int(context.scored.multi_answered[question_id].sum())
        if multi
        else int(context.scored.single[question_id].notna().sum())
    )
    title = _question_label(context, question_id)
    return context.add_figure(
        f"question_{_slug(question_id)}",
        title,
        lambda: category_bars(percent, title=title, n=n, counts=counts, multi=multi),
    )


# Group comparisons ----------------------------------------------------------------------


def _add_group_comparisons(context: _Context) -> None:
    from srsurvey.stats.groups import crosstab_tests, group_comparisons

    scored, study, report = context.scored, context.study, context.report
    if not len(scored.groups.columns):
        return
    section = Section("Group comparisons")
    if len(scored.scores.columns):
        table = group_comparisons(
            scored.scores,
            scored.groups,
            correction=study.analysis.correction,
            alpha=study.analysis.alpha,
        )
        report.add_table(
            Table(
                name="group_comparisons",
                title="Scale scores by group",
                data=table,
                description=_text.group_caption(study),
                formats={
                    "n_groups": "int",
                    "n": "int",
                    "statistic": "float3",
                    "df1": "float2",
                    "df2": "float2",
                    "p_value": "p",
                    "effect_size": "float3",
                    "es_ci_low": "float3",
                    "es_ci_high": "float3",
                    "p_adjusted": "p",
                },
            )
        )
        context.results["group_comparisons"] = _jsonable(
            table.to_dict(orient="records")
        )
        section.text(_text.group_sentences(table, context))
        section.table("group_comparisons")
    if scored.single:
        table = crosstab_tests(
            scored.single, scored.groups, correction=study.analysis.correction
        )
        report.add_table(
            Table(
                name="crosstabs",
                title="Questions by group",
                data=table,
                description="Pearson chi-square test of independence without continuity "
                "correction, with Cramér's V; Fisher's exact test for sparse 2 x 2 "
                "tables.",
                formats={
                    "statistic": "float3",
                    "df": "int",
                    "p_value": "p",
                    "cramers_v": "float3",
                    "min_expected": "float2",
                    "share_expected_below_5": "percent",
                    "p_adjusted": "p",
                },
            )
        )
        section.table("crosstabs")
    report.sections.append(section)


# Scored data --------------------------------------------------------------------------


def _add_scores_table(context: _Context) -> None:
    """Write each respondent's scale scores, levels and groups (no personal data)."""
    scored = context.scored
    if not len(scored.scores.columns):
        return
    frame = pd.concat(
        [
            scored.groups.astype("object"),
            scored.scores,
            scored.levels.astype("object").add_suffix("_level")
            if len(scored.levels.columns)
            else None,
        ],
        axis=1,
    )
    frame.index.name = "respondent"
    frame = frame.reset_index()
    if context.keep_identifiers:
        frame = _attach_identifiers(context, frame)
    formats = {column: "float3" for column in scored.scores.columns}
    context.report.add_table(
        Table(
            name="scores",
            title="Scores per respondent",
            data=frame,
            description="One row per respondent: group values, scale scores and levels.",
            formats=formats,
            in_results=False,
        )
    )


def _attach_identifiers(context: _Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Add the personal-data columns of each respondent's kept submission.

    Only called with ``--keep-identifiers``: the values are looked up in the export
    by the file and spreadsheet row of the submission that was scored.
    """
    columns = list(context.scored.identifier_columns)
    if not columns:
        return frame
    responses = context.responses
    location = pd.MultiIndex.from_arrays(
        [responses.source_files.astype(str), responses.source_rows.astype(int)]
    )
    values = responses.data[columns].set_axis(location)
    kept = context.scored.respondents
    wanted = pd.MultiIndex.from_arrays(
        [kept["file"].astype(str), kept["row"].astype(int)]
    )
    identifiers = values.reindex(wanted).reset_index(drop=True)
    identifiers.columns = [responses.columns[c].header for c in columns]
    return pd.concat([frame.iloc[:, :1], identifiers, frame.iloc[:, 1:]], axis=1)


# JSON helpers ---------------------------------------------------------------------------


def _number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, (np.integer, int)):
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, np.floating, float, int)):
        return _number(value)
    if value is pd.NA or value is None:
        return None
    return value if isinstance(value, str) else str(value)
