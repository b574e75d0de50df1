"""Display form of a table for the HTML, Markdown and Word writers.

CSV, XLSX and JSON keep the machine column names (``alpha_ci_low``, ``n_items``) that
scripts rely on. The writers for people show the same table with readable headers,
each confidence interval as one ``[low, high]`` column, each test statistic or effect
size next to its name (``F = 3.53``) and ``yes`` in place of ``True``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from srsurvey.tables._common import (
    column_formats,
    format_cell,
    is_missing,
    is_numeric_column,
    table_frame,
)
from srsurvey.tables.model import Table

__all__ = [
    "COLUMN_LABELS",
    "DisplayTable",
    "column_label",
    "display_table",
]

# Headers of the columns that srsurvey's analyses write. A column that is not listed,
# such as a scale or group name from the study file, keeps its name.
COLUMN_LABELS: dict[str, str] = {
    # Reliability and item statistics.
    "scale": "Scale",
    "label": "Label",
    "item": "Item",
    "n_items": "Items",
    "alpha": "Alpha",
    "alpha_std": "Std. alpha",
    "omega_total": "Omega",
    "mean_inter_item_r": "Mean r",
    "missing_rule": "Missing data",
    "reverse_keyed": "Reversed",
    "item_rest_r": "Item-rest r",
    "alpha_if_deleted": "Alpha if deleted",
    # Descriptives.
    "group": "Group",
    "group_value": "Group value",
    "missing": "Missing",
    "mean": "Mean",
    "sd": "SD",
    "se": "SE",
    "median": "Median",
    "q1": "Q1",
    "q3": "Q3",
    "iqr": "IQR",
    "min": "Min",
    "max": "Max",
    "skewness": "Skewness",
    "skewness_se": "SE skewness",
    "kurtosis": "Kurtosis",
    "kurtosis_se": "SE kurtosis",
    "shapiro_w": "Shapiro-Wilk W",
    "shapiro_p": "Shapiro-Wilk p",
    # Bounds of an interval whose partner column is missing.
    "ci_low": "CI low",
    "ci_high": "CI high",
    # Levels and frequencies.
    "level": "Level",
    "question": "Question",
    "kind": "Kind",
    "option": "Option",
    "count": "Count",
    "percent": "%",
    "valid_percent": "Valid %",
    # Group comparisons, crosstabs and attrition.
    "measure": "Measure",
    "n_groups": "Groups",
    "n_completers": "Completers",
    "n_dropouts": "Drop-outs",
    "test": "Test",
    "statistic_name": "Statistic",
    "statistic": "Statistic",
    "p_value": "p",
    "p_adjusted": "p adj.",
    "effect_size_name": "Effect size",
    "effect_size": "Effect size",
    "cramers_v": "Cramér's V",
    "min_expected": "Min. expected",
    "share_expected_below_5": "Share expected < 5",
    "family": "Family",
    "contrast": "Contrast",
    "reason": "Reason",
    # Data quality, duplicates and matching.
    "value": "Value",
    "key": "Key",
    "file": "File",
    "row": "Row",
    "kept_file": "Kept file",
    "kept_row": "Kept row",
    "rule": "Rule",
    "wave": "Wave",
    "rows": "Rows",
    "rows_without_key": "Rows without key",
    "respondent": "Respondent",
    "respondents": "Respondents",
    "duplicates": "Duplicates",
    "duplicates_rule": "Duplicates rule",
    "matched": "Matched",
    "only_this_wave": "Only this wave",
    "raw": "As written",
    "raw_pre": "Pre as written",
    "raw_post": "Post as written",
    "difference": "Difference",
    # Pre/post comparisons.
    "comparison": "Comparison",
    "arm": "Arm",
    "n_pairs": "Pairs",
    "mean_pre": "Mean pre",
    "sd_pre": "SD pre",
    "mean_post": "Mean post",
    "sd_post": "SD post",
    "mean_diff": "Mean diff.",
    "r_pre_post": "r pre-post",
    "normality_p": "Normality p",
    "t_p": "p (t)",
    "cohen_dz": "d_z",
    "cohen_dav": "d_av",
    "hedges_gav": "g_av",
    "wilcoxon_w": "Wilcoxon W",
    "wilcoxon_p": "p (W)",
    "wilcoxon_method": "Wilcoxon method",
    "rank_biserial": "Rank-biserial r",
    "test_chosen": "Test chosen",
    "note": "Note",
    "pre": "Pre",
    "post": "Post",
    "percent_of_pre_row": "% of pre",
    "percent_of_total": "% of total",
    # Mixed ANOVA, ANCOVA and the controlled effect size.
    "source": "Source",
    "ss": "SS",
    "ms": "MS",
    "f": "F",
    "np2": "Partial eta²",
    "eps": "Epsilon",
    "rows_total": "Rows",
    "rows_used": "Rows used",
    "rows_with_missing": "Rows with missing",
    "subjects_used": "Subjects used",
    "subjects_incomplete": "Subjects incomplete",
    "n_used": "n used",
    "n_dropped": "n dropped",
    "intervention": "Intervention",
    "control": "Control",
    "n_treatment": "n intervention",
    "n_control": "n control",
    "sd_pre_pooled": "Pooled pre SD",
}

# Column name prefixes whose rest is a name from the data, such as an arm.
_PREFIX_LABELS = (("adjusted_mean_", "Adjusted mean "),)

# Headers of confidence intervals. The analyses write alpha_ci_* and ci_* only for
# 95% intervals: Feldt's interval of alpha, the interval of a mean and that of
# d_ppc2. Other intervals (effect sizes, mean differences) have the level
# 1 - analysis.alpha of the study file, so their header does not name a level.
_INTERVAL_LABELS = {"alpha_ci": "95% CI", "ci": "95% CI"}
_INTERVAL_LABEL = "CI"

# A column of names and the column of the values they name, shown as "F = 3.53".
_NAMED_VALUES = (
    ("statistic_name", "statistic"),
    ("effect_size_name", "effect_size"),
)

# A bound that is missing while the other one is not.
_MISSING_BOUND = "—"

# Tables whose column names are scale, group and level names from the study file,
# which stay as the user wrote them. A scale named "value" must not become "Value".
_TABLES_WITH_STUDY_NAMES = frozenset({"scores"})


@dataclass
class DisplayTable:
    """A table as HTML, Markdown and Word show it: headers and cell text."""

    labels: list[str]
    numeric: list[bool]
    rows: list[list[str]]


@dataclass
class _Column:
    label: str
    numeric: bool
    cell: Callable[[tuple], str]


def column_label(name: str) -> str:
    """Return the header that people read for the machine column name ``name``."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    for prefix, label in _PREFIX_LABELS:
        if name.startswith(prefix) and len(name) > len(prefix):
            return label + name[len(prefix) :]
    return name


def display_table(table: Table) -> DisplayTable:
    """Return ``table`` with readable headers and combined columns, as text.

    Columns are combined where both partners exist, at the place of the first:

    - ``<x>ci_low`` and ``<x>ci_high`` become one interval column ``[low, high]``,
    - ``<x>`` and ``<x>_se`` become ``value (se)``, headed ``<label of x> (SE)``,
    - each name and value pair in ``_NAMED_VALUES`` becomes ``name = value``.

    Boolean columns show ``yes`` for True and nothing for False. Numbers are
    formatted with ``table.formats``, as :func:`format_cell` does. Headers come
    from :func:`column_label`, except in the tables named in
    ``_TABLES_WITH_STUDY_NAMES``, which keep their column names.

    Raises
    ------
    ValueError
        From :func:`table_frame` or :func:`column_formats` when the table has
        duplicate column names or an unknown format key.
    """
    frame = table_frame(table)
    formats = dict(zip(frame.columns, column_formats(table, frame), strict=True))
    label = str if table.name in _TABLES_WITH_STUDY_NAMES else column_label
    columns = _display_columns(frame, formats, label)
    rows = [
        [column.cell(row) for column in columns]
        for row in frame.itertuples(index=False, name=None)
    ]
    return DisplayTable(
        labels=[column.label for column in columns],
        numeric=[column.numeric for column in columns],
        rows=rows,
    )


def _display_columns(
    frame: pd.DataFrame,
    formats: dict[str, str | None],
    label: Callable[[str], str],
) -> list[_Column]:
    names = list(frame.columns)
    at = {name: index for index, name in enumerate(names)}
    intervals = {
        low: low[: -len("low")] + "high"
        for low in names
        if low.endswith("ci_low") and low[: -len("low")] + "high" in at
    }
    standard_errors = {name: name + "_se" for name in names if name + "_se" in at}
    named = {name: value for name, value in _NAMED_VALUES if name in at and value in at}
    merged = (
        set(intervals.values()) | set(standard_errors.values()) | set(named.values())
    )

    columns: list[_Column] = []
    for name in names:
        if name in merged:
            continue
        if name in intervals:
            high = intervals[name]
            columns.append(
                _Column(
                    _INTERVAL_LABELS.get(name[: -len("_low")], _INTERVAL_LABEL),
                    True,
                    _interval_cell(at[name], at[high], formats[name], formats[high]),
                )
            )
        elif name in standard_errors:
            se_name = standard_errors[name]
            columns.append(
                _Column(
                    f"{label(name)} (SE)",
                    True,
                    _se_cell(at[name], at[se_name], formats[name], formats[se_name]),
                )
            )
        elif name in named:
            value = named[name]
            cell = _named_value_cell(at[name], at[value], formats[value])
            columns.append(_Column(label(value), False, cell))
        elif _is_bool_column(frame[name]):
            columns.append(_Column(label(name), False, _yes_cell(at[name])))
        else:
            fmt = formats[name]
            numeric = is_numeric_column(frame, name, fmt)
            columns.append(_Column(label(name), numeric, _plain_cell(at[name], fmt)))
    return columns


def _interval_cell(
    low_at: int, high_at: int, low_format: str | None, high_format: str | None
) -> Callable[[tuple], str]:
    # A bound without a format uses its partner's, so both show the same decimals.
    low_format, high_format = low_format or high_format, high_format or low_format

    def cell(row: tuple) -> str:
        lower, upper = row[low_at], row[high_at]
        if is_missing(lower) and is_missing(upper):
            return ""
        lower_text = format_cell(lower, low_format) or _MISSING_BOUND
        upper_text = format_cell(upper, high_format) or _MISSING_BOUND
        return f"[{lower_text}, {upper_text}]"

    return cell


def _se_cell(
    value_at: int, se_at: int, value_format: str | None, se_format: str | None
) -> Callable[[tuple], str]:
    se_format = se_format or value_format

    def cell(row: tuple) -> str:
        value = format_cell(row[value_at], value_format)
        se = format_cell(row[se_at], se_format)
        if value and se:
            return f"{value} ({se})"
        return value

    return cell


def _named_value_cell(
    name_at: int, value_at: int, value_format: str | None
) -> Callable[[tuple], str]:
    def cell(row: tuple) -> str:
        value = format_cell(row[value_at], value_format)
        name = format_cell(row[name_at], None)
        if value and name:
            # No-break spaces keep "F = 3.53" on one line when the column wraps.
            return f"{name}\u00a0=\u00a0{value}"
        return value

    return cell


def _plain_cell(at: int, fmt: str | None) -> Callable[[tuple], str]:
    def cell(row: tuple) -> str:
        return format_cell(row[at], fmt)

    return cell


def _yes_cell(at: int) -> Callable[[tuple], str]:
    def cell(row: tuple) -> str:
        value = row[at]
        return "yes" if not is_missing(value) and bool(value) else ""

    return cell


def _is_bool_column(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return True
    if series.dtype != object:
        return False
    values = series.dropna()
    return len(values) > 0 and all(isinstance(v, bool | np.bool_) for v in values)
