"""The report of a study with waves: the first wave's analysis, then the sections
Matching, Pre/post and Intervention vs control.
"""

from __future__ import annotations

import math
import warnings
from datetime import UTC, datetime

import pandas as pd

from srsurvey.analysis import _text
from srsurvey.analysis._build import _jsonable, _slug, build_report
from srsurvey.readers.model import path_label
from srsurvey.tables.model import Block, Figure, Report, Section, Table

__all__ = ["add_prepost", "run_prepost_analysis"]

_PAIRED_FORMATS = {
    "n_pairs": "int",
    **{
        name: "float2"
        for name in (
            "mean_pre",
            "sd_pre",
            "mean_post",
            "sd_post",
            "mean_diff",
            "diff_ci_low",
            "diff_ci_high",
        )
    },
    **{
        name: "float3"
        for name in (
            "r_pre_post",
            "t",
            "cohen_dz",
            "dz_ci_low",
            "dz_ci_high",
            "cohen_dav",
            "hedges_gav",
            "rank_biserial",
            "rb_ci_low",
            "rb_ci_high",
        )
    },
    "df": "int",
    "wilcoxon_w": "float2",
    **{
        name: "p"
        for name in ("normality_p", "t_p", "wilcoxon_p", "p_value", "p_adjusted")
    },
}


def run_prepost_analysis(request, study, *, started: datetime | None = None) -> Report:
    """Read, score and compare every wave of ``study`` and build the whole report.

    The report starts with the one-wave analysis of the first wave and ends with
    the pre/post sections. ``request`` is an
    :class:`~srsurvey.analysis.AnalysisRequest`.
    """
    from srsurvey.analysis import _check_input, _is_data_warning, _unique
    from srsurvey.analysis._manifest import build_manifest
    from srsurvey.prepost.analysis import compare_waves, read_waves, score_waves

    started = started or datetime.now(UTC)
    if request.missing is not None:
        study.analysis.missing = request.missing
    for wave in study.waves.waves.values():
        for path in wave.files:
            _check_input(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exports = read_waves(study, list(request.files) or None)
        waves, matching, arm, notes = score_waves(study, exports)
        result = compare_waves(
            study,
            waves,
            matching,
            arm,
            notes,
            test=getattr(request, "test", None),
            correction=getattr(request, "correction", None),
        )
        first = result.pre
        report = build_report(
            study,
            first.responses,
            first.scored,
            first_look=False,
            figures=request.figures,
            keep_identifiers=request.keep_identifiers,
        )
        add_prepost(report, result, figures=request.figures)

    report.warnings = _unique(
        [w for export in exports.values() for w in export.warnings]
        + result.warnings
        + [str(w.message) for w in caught if _is_data_warning(w)]
        + report.warnings
    )
    files = [path for wave in study.waves.waves.values() for path in wave.files]
    report.manifest = build_manifest(
        request,
        study,
        list(dict.fromkeys(files)),
        started=started,
        finished=datetime.now(UTC),
    )
    return report


def add_prepost(report: Report, result, *, figures: bool) -> None:
    """Add the Matching, Pre/post and Intervention vs control sections and tables."""
    results = report.results.setdefault("prepost", {})
    _describe_every_wave(report, result, results)
    _add_matching(report, result, results)
    _add_paired(report, result, results, figures)
    _add_control(report, result, results, figures)
    report.methods.extend(_methods(result))


# --- Sample and data quality of every wave -------------------------------------------


def _describe_every_wave(report: Report, result, results: dict) -> None:
    """Make the Sample section and the data-quality summary cover every wave.

    :func:`~srsurvey.analysis._build.build_report` describes only the first wave,
    whose one-wave analysis opens the report. Its duplicates table moves to the
    Matching section, which lists the duplicates of every wave.
    """
    waves = list(result.waves.values())
    first = waves[0]
    report.tables["data_quality"] = Table(
        name="data_quality",
        title="Data quality",
        data=_quality_table(waves),
        description="Rows read, duplicates removed and respondents analysed, per wave.",
        formats={wave.spec.label: "int" for wave in waves},
    )
    report.tables.pop("duplicates", None)

    lines = []
    for wave in waves:
        files = ", ".join(path_label(path) for path in wave.responses.files)
        details = _text.quality_lines(wave.scored.quality, wave.responses)
        lines.append(f"{wave.spec.label} wave ({files}): " + "; ".join(details))
    personal = {
        wave.responses.columns[column].header: None
        for wave in waves
        for column in wave.scored.identifier_columns
        if column in wave.responses.columns
    }
    lines.append(_text.personal_data_line(list(personal)))
    report.quality = lines

    sentences = [_wave_sample_sentence(wave) for wave in waves]
    sentences.append(
        f"The sections before Matching describe the {first.spec.label} wave; "
        "Matching and the sections after it compare the waves."
    )
    first_sentence = _text.sample_sentence(
        len(first.scored.scores.index), first.responses, first.scored.quality
    )
    sample = next((s for s in report.sections if s.title == "Sample"), None)
    if sample is not None:
        blocks = [
            block
            for block in sample.blocks
            if block.content != first_sentence
            and not (block.kind == "table" and block.content == "duplicates")
        ]
        sample.blocks = [Block("text", text) for text in sentences] + blocks
    results["quality"] = {
        wave.spec.label: _jsonable(wave.scored.quality) for wave in waves
    }


def _quality_table(waves) -> pd.DataFrame:
    """Tabulate the counts of ``ScoredData.quality``, one column per wave."""
    measures: dict[str, dict[str, object]] = {}
    for wave in waves:
        for key, value in wave.scored.quality.items():
            if not isinstance(value, (dict, list)):
                row = measures.setdefault(key.replace("_", " "), {})
                row[wave.spec.label] = value
    table = pd.DataFrame.from_dict(measures, orient="index")
    table = table.reindex(columns=[wave.spec.label for wave in waves])
    return table.rename_axis("measure").reset_index()


def _wave_sample_sentence(wave) -> str:
    sentence = _text.sample_sentence(
        len(wave.scored.scores.index), wave.responses, wave.scored.quality
    )
    return f"{wave.spec.label} wave: {sentence}"


# --- Matching -----------------------------------------------------------------------


def _add_matching(report: Report, result, results: dict) -> None:
    matching = result.matching
    report.add_table(
        Table(
            name="matching",
            title="Respondents per wave and matching",
            data=matching.summary,
            description="Rows read, respondents after duplicates were resolved, "
            "respondents found in every wave (matched) and respondents found only "
            "in this wave.",
            formats={
                c: "int"
                for c in (
                    "rows",
                    "rows_without_key",
                    "respondents",
                    "duplicates",
                    "matched",
                    "only_this_wave",
                )
            },
        )
    )
    section = Section("Matching")
    section.text(_matching_sentence(result))
    section.table("matching")
    if len(matching.duplicates):
        _add_duplicates(report, matching)
        section.table("duplicates")
    if len(matching.normalized_matches):
        report.add_table(
            Table(
                name="matched_after_normalisation",
                title="Keys that match only after normalisation",
                data=matching.normalized_matches,
                description=_key_caption(matching)
                + "The key as written in each wave and what normalisation changed.",
            )
        )
        section.table("matched_after_normalisation")
    if len(matching.unmatched):
        report.add_table(
            Table(
                name="unmatched",
                title="Respondents without a partner in the other waves",
                data=matching.unmatched,
                description=_key_caption(matching)
                + "Digits are never changed, so an id with a missing or extra digit "
                "stays unmatched.",
            )
        )
        section.table("unmatched")
    if len(result.attrition):
        report.add_table(
            Table(
                name="attrition",
                title="Attrition: first-wave scores of completers and drop-outs",
                data=result.attrition,
                description="Welch's t-test with Hedges' g, and the Mann-Whitney U "
                "test with the rank-biserial r, comparing the first-wave scores of "
                "respondents found in every wave with those who dropped out. A "
                "difference suggests that drop-out is related to the scores.",
                formats={
                    "n": "int",
                    "statistic": "float3",
                    "df1": "float2",
                    "p_value": "p",
                    "effect_size": "float3",
                    "es_ci_low": "float3",
                    "es_ci_high": "float3",
                },
            )
        )
        section.table("attrition")
    report.sections.append(section)
    results["matching"] = _jsonable(matching.summary.to_dict(orient="records"))
    results["matched"] = len(matching.matched)
    results["matched_after_normalisation"] = len(matching.normalized_matches)
    results["attrition"] = _jsonable(result.attrition.to_dict(orient="records"))


def _add_duplicates(report: Report, matching) -> None:
    report.add_table(
        Table(
            name="duplicates",
            title="Duplicate submissions removed",
            data=matching.duplicates,
            description=_key_caption(matching)
            + "Submissions with the same respondent key (after normalisation) in one "
            "wave. Each line gives the spreadsheet row (header = row 1) of the "
            "removed submission and of the one that the input.duplicates rule kept.",
            formats={"row": "int", "kept_row": "int"},
        )
    )


def _key_caption(matching) -> str:
    if matching.personal:
        return (
            "The respondent key is personal data, so it is shown as a code "
            "(K + 6 hex digits of its SHA-256). "
        )
    return ""


def _matching_sentence(result) -> str:
    matching = result.matching
    labels = list(matching.labels.values())
    counts = ", ".join(
        f"{row.respondents} in the {row.wave} wave"
        for row in matching.summary.itertuples()
    )
    sentence = (
        f"Respondents: {counts}. {len(matching.matched)} were found in every wave "
        f"({' and '.join(labels)}) and are compared."
    )
    normalised = len(matching.normalized_matches)
    if normalised:
        sentence += (
            f" {normalised} of them match only after their keys were normalised "
            "(case, spaces, Cyrillic letters), as listed below."
        )
    return sentence


# --- Pre/post -----------------------------------------------------------------------


def _label(result, scale_id: str) -> str:
    scale = result.study.scales.get(scale_id)
    return (scale.label if scale is not None and scale.label else None) or scale_id


def _add_summary_table(report: Report, table: pd.DataFrame) -> None:
    """Add the compact pre/post table that the Pre/post section shows.

    The full table has 35 columns and a reason per row, so no section shows it,
    and it is read in tables/prepost.csv and tables.xlsx.
    """
    report.add_table(
        Table(
            name="prepost_summary",
            title="Pre/post comparisons of scales and items",
            data=summary_table(table),
            description="Paired comparisons of the matched respondents; differences "
            "are post - pre. The statistic, p_value and effect size are those of the "
            "test in test_chosen (the methods give the rule that chose it); "
            "p_adjusted is corrected within each family (the scales of one arm, or "
            "the items of one scale and arm). tables/prepost.csv has both tests, "
            "every effect size and the reason for each choice.",
            formats=_SUMMARY_FORMATS,
        )
    )


def _add_paired(report: Report, result, results: dict, figures: bool) -> None:
    table = result.prepost
    report.add_table(
        Table(
            name="prepost",
            title="Pre/post comparisons of scales and items",
            data=table,
            description="Paired comparisons of the matched respondents (post - pre). "
            "p_value is the test in test_chosen; p_adjusted is corrected within "
            "each family (the scales of one arm, or the items of one scale and arm).",
            formats=_PAIRED_FORMATS,
            in_report=False,
        )
    )
    _add_summary_table(report, table)
    section = Section("Pre/post")
    scales = table[table["kind"] == "scale"]
    for row in scales.itertuples(index=False):
        if row.arm == "all" or result.arm is not None:
            section.text(
                apa_sentence(
                    row,
                    _label(result, row.measure),
                    confidence=1 - result.study.analysis.alpha,
                )
            )
    section.table("prepost_summary")
    for name, frame, title, description in (
        (
            "level_transitions",
            result.level_transitions,
            "Score levels before and after",
            (
                "Respondents per pair of levels (first wave x later wave), with the "
                "percent of the first-wave level and of all respondents."
            ),
        ),
        (
            "item_transitions",
            result.item_transitions,
            "Answers before and after, per item",
            "Respondents per pair of answers (first wave x later wave).",
        ),
        (
            "binary_items",
            result.binary_items,
            "Two-point items: McNemar's test",
            (
                "b: pairs from yes to no, c: from no to yes. Exact binomial test below "
                "25 discordant pairs, else chi-square with continuity correction."
            ),
        ),
    ):
        if len(frame):
            report.add_table(
                Table(
                    name=name,
                    title=title,
                    data=frame,
                    description=description,
                    formats={
                        "count": "int",
                        "percent_of_pre_row": "percent",
                        "percent_of_total": "percent",
                        "p_value": "p",
                        "p_adjusted": "p",
                    },
                )
            )
            section.table(name)
    if figures:
        for scale_id in scales["measure"].unique():
            for name in _scale_figures(report, result, scale_id):
                section.figure(name)
    report.sections.append(section)
    results["scales"] = {
        str(measure): {
            str(row["arm"]): _jsonable(row.drop(["measure", "arm"]).to_dict())
            for _, row in rows.iterrows()
        }
        for measure, rows in scales.groupby("measure", sort=False)
    }
    items = table[table["kind"] == "item"]
    results["items"] = {
        str(measure): {
            str(row["arm"]): _jsonable(row.drop(["measure", "arm"]).to_dict())
            for _, row in rows.iterrows()
        }
        for measure, rows in items.groupby("measure", sort=False)
    }


# Columns of the compact pre/post table. statistic and effect_size belong to the
# test in test_chosen, and es_ci_low/es_ci_high to that effect size.
SUMMARY_COLUMNS = [
    "comparison",
    "measure",
    "arm",
    "n_pairs",
    "mean_pre",
    "mean_post",
    "mean_diff",
    "diff_ci_low",
    "diff_ci_high",
    "test_chosen",
    "statistic_name",
    "statistic",
    "p_value",
    "p_adjusted",
    "effect_size_name",
    "effect_size",
    "es_ci_low",
    "es_ci_high",
]

_SUMMARY_FORMATS = {
    "n_pairs": "int",
    **{
        name: "float2"
        for name in (
            "mean_pre",
            "mean_post",
            "mean_diff",
            "diff_ci_low",
            "diff_ci_high",
            "statistic",
        )
    },
    "p_value": "p",
    "p_adjusted": "p",
    **{name: "float3" for name in ("effect_size", "es_ci_low", "es_ci_high")},
}


def summary_table(prepost: pd.DataFrame) -> pd.DataFrame:
    """Return the compact form of the ``prepost`` table, one row per comparison.

    The ``comparison`` column is left out when there is only one comparison.
    """
    t_test = prepost["test_chosen"] == "paired t-test"
    wilcoxon = prepost["test_chosen"] == "Wilcoxon signed-rank"
    # The leading columns come from prepost as they are; the rest are built below.
    copied = SUMMARY_COLUMNS[: SUMMARY_COLUMNS.index("test_chosen") + 1]
    summary = prepost[copied].copy()
    df = prepost["df"].map(lambda value: "" if pd.isna(value) else f"({int(value)})")
    summary["statistic_name"] = ("t" + df).where(t_test, "")
    summary.loc[wilcoxon, "statistic_name"] = "V"
    summary["statistic"] = prepost["t"].where(t_test, prepost["wilcoxon_w"])
    summary["p_value"] = prepost["p_value"]
    summary["p_adjusted"] = prepost["p_adjusted"]
    summary["effect_size_name"] = "d_z"
    summary.loc[wilcoxon, "effect_size_name"] = "rank-biserial r"
    summary["effect_size"] = prepost["cohen_dz"].where(t_test, prepost["rank_biserial"])
    summary["es_ci_low"] = prepost["dz_ci_low"].where(t_test, prepost["rb_ci_low"])
    summary["es_ci_high"] = prepost["dz_ci_high"].where(t_test, prepost["rb_ci_high"])
    tested = t_test | wilcoxon
    summary.loc[~tested, ["statistic_name", "effect_size_name"]] = ""
    for column in ("statistic", "effect_size", "es_ci_low", "es_ci_high"):
        summary[column] = summary[column].where(tested)
    if summary["comparison"].nunique() <= 1:
        summary = summary.drop(columns="comparison")
    return summary.reset_index(drop=True)


def _p_text(p: float) -> str:
    if p < 0.001:
        return "p < .001"
    return "p = " + f"{p:.3f}".lstrip("0")


def _adjusted_text(row) -> str:
    """Give the family-adjusted p beside the unadjusted one, so neither is misread."""
    adjusted = getattr(row, "p_adjusted", math.nan)
    if adjusted is None or math.isnan(adjusted):
        return ""
    return f" (adjusted {_p_text(adjusted)})"


def _number(value: float) -> str:
    return f"{value:.2f}"


def apa_sentence(row, label: str, *, confidence: float = 0.95) -> str:
    """Describe one paired comparison in APA style, from the row of ``prepost``.

    ``confidence`` is the level of the effect-size intervals in the row, which is
    1 - ``analysis.alpha`` of the study.
    """
    arm = "" if row.arm == "all" else f" ({row.arm})"
    subject = f"{label}{arm}"
    if row.n_pairs == 0 or math.isnan(row.mean_pre):
        return f"{subject}: no respondent has a score in both waves."
    mean_pre, mean_post = _number(row.mean_pre), _number(row.mean_post)
    sd_pre, sd_post = _number(row.sd_pre), _number(row.sd_post)
    # The direction follows the means as printed, so equal printed means never
    # read as a rise or a fall.
    if mean_pre == mean_post:
        means = (
            f"{subject}: scores did not change (M = {mean_pre}, SD = {sd_pre}, to "
            f"M = {mean_post}, SD = {sd_post}), n = {row.n_pairs} pairs"
        )
    else:
        direction = "rose" if row.mean_post > row.mean_pre else "fell"
        means = (
            f"{subject}: scores {direction} from M = {mean_pre} (SD = {sd_pre}) to "
            f"M = {mean_post} (SD = {sd_post}), n = {row.n_pairs} pairs"
        )
    if row.test_chosen == "paired t-test" and not math.isnan(row.t):
        interval = _interval_text(row.dz_ci_low, row.dz_ci_high, confidence)
        return (
            f"{means}, t({int(row.df)}) = {row.t:.2f}, {_p_text(row.p_value)}"
            f"{_adjusted_text(row)}, d_z = {row.cohen_dz:.2f}{interval}."
        )
    if row.test_chosen == "Wilcoxon signed-rank" and not math.isnan(row.wilcoxon_p):
        interval = _interval_text(row.rb_ci_low, row.rb_ci_high, confidence)
        if not interval and abs(row.rank_biserial) == 1:
            interval = " (no interval: all nonzero differences have one sign)"
        return (
            f"{means}, Wilcoxon signed-rank V = {row.wilcoxon_w:.1f}, "
            f"{_p_text(row.p_value)}{_adjusted_text(row)}, rank-biserial r = "
            f"{row.rank_biserial:.2f}"
            f"{interval}."
        )
    return f"{means}; not tested ({row.reason})."


def _interval_text(low: float, high: float, confidence: float) -> str:
    if math.isnan(low) or math.isnan(high):
        return ""
    return f", {100 * confidence:g}% CI [{low:.2f}, {high:.2f}]"


def _scale_figures(report: Report, result, scale_id: str) -> list[str]:
    from srsurvey.plots.prepost import (
        difference_distribution,
        likert_pre_post,
        means_by_arm,
        paired_slopegraph,
    )
    from srsurvey.stats.descriptives import describe

    waves = list(result.waves.values())
    first, later = waves[0], waves[1]
    matched = result.matching.matched
    pre = first.scored.scores[scale_id].reindex(matched)
    post = later.scored.scores[scale_id].reindex(matched)
    complete = pre.notna() & post.notna()
    if complete.sum() < 2:
        return []
    label = _label(result, scale_id)
    wave_labels = (first.spec.label, later.spec.label)
    slug = _slug(scale_id)
    names = []
    arm = result.arm.loc[complete[complete].index] if result.arm is not None else None

    def add(name, title, figure, caption):
        report.add_figure(
            Figure(name=name, title=title, figure=figure, caption=caption)
        )
        names.append(name)

    add(
        f"prepost_slopes_{slug}",
        f"{label}: each respondent before and after",
        paired_slopegraph(
            pre[complete],
            post[complete],
            title=f"{label}: each respondent before and after",
            ylabel=label,
            arm=arm,
            labels=wave_labels,
        ),
        "One line per matched respondent; the wave means with 95% CIs on top.",
    )
    rows = []
    if result.arm is not None:
        arms = result.arm
        order = [c for c in arms.cat.categories if (arms == c).any()]
    else:
        arms = pd.Series("All", index=matched)
        order = ["All"]
    for arm_name in order:
        members = arms.index[arms == arm_name]
        for wave_label, values in zip(wave_labels, (pre, post), strict=True):
            stats = describe(values.loc[members][complete.loc[members]])
            rows.append(
                {
                    "arm": str(arm_name),
                    "wave": wave_label,
                    "mean": stats["mean"],
                    "ci_low": stats["ci_low"],
                    "ci_high": stats["ci_high"],
                    "n": stats["n"],
                }
            )
    summary = pd.DataFrame(rows)
    summary["wave"] = pd.Categorical(summary["wave"], categories=list(wave_labels))
    summary["arm"] = pd.Categorical(summary["arm"], categories=[str(a) for a in order])
    add(
        f"prepost_means_{slug}",
        f"{label}: means by arm",
        means_by_arm(summary, title=f"{label}: means by arm", ylabel=label),
        "Mean and 95% CI of each arm at each wave (matched respondents).",
    )
    counts = _likert_counts(result, first, later, scale_id, matched)
    if counts is not None:
        counts_pre, counts_post, n_pre, n_post = counts
        add(
            f"prepost_likert_{slug}",
            f"{label}: answers before and after",
            likert_pre_post(
                counts_pre,
                counts_post,
                title=f"{label}: answers before and after",
                n_pre=n_pre,
                n_post=n_post,
                labels=wave_labels,
            ),
            "Share of each answer per item at each wave (matched respondents).",
        )
    add(
        f"prepost_differences_{slug}",
        f"{label}: post - pre differences",
        difference_distribution(
            (post - pre)[complete],
            title=f"{label}: post - pre differences",
            xlabel=f"{wave_labels[1]} - {wave_labels[0]}, scale points",
        ),
        "Histogram of the paired differences with their mean and its 95% CI.",
    )
    return names


def _likert_counts(result, first, later, scale_id: str, matched):
    scale = result.study.scales.get(scale_id)
    if scale is None or scale.subscales:
        return None
    items = [
        i
        for i in first.scored.scale_items.get(scale_id, [])
        if i in later.scored.item_answers
    ]
    scales = {first.scored.item_scales.get(i) for i in items}
    if not items or len(scales) != 1 or None in scales:
        return None
    points = first.scored.point_labels[scales.pop()]
    labels = {i: first.scored.labels.get("items", {}).get(i, i) for i in items}
    tables = []
    for wave in (first, later):
        answers = wave.scored.item_answers.reindex(matched)[items]
        counts = pd.DataFrame(
            {
                points[value]: [int((answers[i] == value).sum()) for i in items]
                for value in sorted(points)
            },
            index=[labels[i] for i in items],
        )
        tables.append(counts)
        tables.append(int(answers.notna().any(axis=1).sum()))
    return tables[0], tables[2], tables[1], tables[3]


# --- Intervention vs control ----------------------------------------------------------


def _add_control(report: Report, result, results: dict, figures: bool) -> None:
    if result.control_effects is None or not len(result.control_effects):
        return
    section = Section("Intervention vs control")
    section.text(
        f"{result.intervention} (intervention) against {result.control} (control), "
        "matched respondents with scores in both waves."
    )
    for row in result.control_effects.itertuples(index=False):
        anova = result.mixed_anova[
            (result.mixed_anova["scale"] == row.scale)
            & (result.mixed_anova["source"] == "Interaction")
        ]
        text = f"{_label(result, row.scale)}: d_ppc2 = {row.d_ppc2:.2f}"
        if not math.isnan(row.ci_low):
            text += f", 95% CI [{row.ci_low:.2f}, {row.ci_high:.2f}]"
        if len(anova):
            a = anova.iloc[0]
            text += (
                f"; arm x time F({int(a['df1'])}, {int(a['df2'])}) = {a['f']:.2f}, "
                f"{_p_text(a['p_value'])}, partial eta squared = {a['np2']:.3f}"
            )
        section.text(text + ".")
    for name, frame, title, description in (
        (
            "mixed_anova",
            result.mixed_anova,
            "Mixed ANOVA: arm x time",
            (
                "pingouin.mixed_anova; respondents without a score in every wave are "
                "dropped whole, and rows_total, rows_used, rows_with_missing and "
                "subjects_incomplete count them."
            ),
        ),
        (
            "ancova",
            result.ancova,
            "ANCOVA of the later wave with the first wave as covariate",
            (
                "pingouin.ancova, type II sums of squares; adjusted means are at the "
                "overall first-wave mean."
            ),
        ),
        (
            "prepost_control",
            result.control_effects,
            "Standardised difference in change: d_ppc2",
            (
                "Morris (2008) d_ppc2: the difference of the mean changes divided by "
                "the pooled first-wave SD, with a small-sample correction, and its 95% "
                "CI."
            ),
        ),
    ):
        report.add_table(
            Table(
                name=name,
                title=title,
                data=frame,
                description=description,
                formats={
                    "p_value": "p",
                    "np2": "float3",
                    "f": "float3",
                    "d_ppc2": "float3",
                    "ci_low": "float3",
                    "ci_high": "float3",
                },
            )
        )
        section.table(name)
    report.sections.append(section)
    results["control"] = {
        "intervention": str(result.intervention),
        "control": str(result.control),
        "d_ppc2": _jsonable(
            result.control_effects.set_index("scale").to_dict(orient="index")
        ),
        "mixed_anova": _jsonable(result.mixed_anova.to_dict(orient="records")),
        "ancova": _jsonable(result.ancova.to_dict(orient="records")),
    }


def _test_choice_sentence(result) -> str:
    """Say which test each comparison got and why, once for the whole table."""
    chosen = result.prepost["test_chosen"].value_counts()
    total = len(result.prepost)
    t_count = int(chosen.get("paired t-test", 0))
    w_count = int(chosen.get("Wilcoxon signed-rank", 0))
    untested = total - t_count - w_count

    if result.test == "t":
        rule = "The paired t-test was requested, so it is reported whatever the "
        rule += "Shapiro-Wilk test gives."
    elif result.test == "wilcoxon":
        rule = "The Wilcoxon signed-rank test was requested, so it is reported "
        rule += "whatever the Shapiro-Wilk test gives."
    else:
        rule = (
            "The automatic selection also reports the Wilcoxon test when all "
            "differences are equal (t is then not defined) and the t-test with 2 "
            "pairs, which the Shapiro-Wilk test cannot check."
        )

    counts = f"Of the {total} comparisons, the paired t-test is reported for {t_count}"
    if result.test == "auto" and t_count:
        # 50 is the default normality_max_n of stats.paired.paired_comparison,
        # which the pre/post tables use.
        large = int(
            (
                (result.prepost["test_chosen"] == "paired t-test")
                & (result.prepost["n_pairs"] >= 50)
            ).sum()
        )
        counts += f" ({large} of them with 50 or more pairs)"
    counts += f" and the Wilcoxon signed-rank test for {w_count}"
    if untested:
        counts += (
            f"; {untested} are not tested (too few pairs, all differences zero, or "
            "an item missing from a wave)"
        )

    return (
        f"{rule} {counts}. The reason column of tables/prepost.csv gives the rule "
        "and the Shapiro-Wilk p behind each choice."
    )


def _methods(result) -> list[str]:
    study = result.study
    correction = {"holm": "Holm", "fdr_bh": "Benjamini-Hochberg", "none": "no"}.get(
        study.analysis.correction, study.analysis.correction
    )
    from srsurvey.prepost.analysis import MIN_PAIRS

    paragraphs = [
        (
            "Pre/post: respondents were matched across waves by their key after "
            "normalisation (Unicode NFKC, no spaces, upper case, Cyrillic letters that "
            "look like Latin ones read as those; a later-wave key that still has no "
            "partner is read once more with Cyrillic С as S, accepted only when it "
            "then matches exactly one unmatched key). Digits are never changed. Only "
            "respondents found in every wave are compared."
        ),
        (
            "Each scale and item was compared with the paired t-test and the Wilcoxon "
            "signed-rank test on the post - pre differences. With automatic selection "
            "the t-test is reported from 50 pairs on, and below that when the "
            "Shapiro-Wilk test of the differences gives p >= "
            f"{study.analysis.alpha:g}; otherwise the Wilcoxon test is reported. "
            f"Measures with fewer than {MIN_PAIRS} pairs are described but not tested. "
            "Effect sizes: Cohen's d_z (mean difference / SD of the differences) with "
            "a noncentral-t 95% CI, d_av and Hedges' g_av (Lakens, 2013), and the "
            "matched-pairs rank-biserial r. "
            f"p-values were adjusted with the {correction} correction within each "
            "family: the scales of one arm form one family, and the items of each "
            "scale another."
        ),
        _test_choice_sentence(result),
    ]
    if len(result.control_effects):
        paragraphs.append(
            "Intervention vs control: a mixed ANOVA with arm between and wave "
            "within respondents (pingouin), an ANCOVA of the later-wave scores with "
            "the first-wave scores as covariate (type II sums of squares), and "
            "Morris's (2008) d_ppc2 with its 95% CI."
        )
    return paragraphs
