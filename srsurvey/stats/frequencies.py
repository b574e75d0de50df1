"""Frequency tables of single-choice and multiple-choice questions and of levels."""

from __future__ import annotations

import math

import pandas as pd

from srsurvey.errors import ScoringError
from srsurvey.stats.descriptives import check_aligned

__all__ = ["MISSING_OPTION", "frequency_table", "levels_table", "multiselect_table"]

# Label of the last row of ``frequency_table``: respondents without an answer.
MISSING_OPTION = "Missing"


def _percent(count: float, total: float) -> float:
    return count / total * 100 if total > 0 else math.nan


def _option_order(values: pd.Series, order: list | None, question: str) -> list:
    answered = values.dropna()
    if order is not None:
        options = list(order)
    elif isinstance(values.dtype, pd.CategoricalDtype):
        options = list(values.cat.categories)
    elif pd.api.types.is_numeric_dtype(values):
        options = sorted(answered.unique().tolist())
    else:
        options = list(dict.fromkeys(answered.tolist()))

    unknown = answered[~answered.isin(options)]
    if not unknown.empty:
        counts = unknown.value_counts(sort=False)
        listed = ", ".join(f'"{value}" ({count})' for value, count in counts.items())
        raise ScoringError(
            f'Question "{question}" has answers that are not among its options: '
            f"{listed}.",
            hint="Add them to the question's options in the study file, or map them "
            "to an existing option.",
            column=question,
            value=counts.index[0],
        )
    return options


def frequency_table(
    values: pd.Series, *, question: str, order: list | None = None
) -> pd.DataFrame:
    """Count the answers to one single-choice question.

    Parameters
    ----------
    values
        One answer per respondent; NA is no answer.
    question
        Question name written to the ``question`` column and used in messages.
    order
        Options in response-scale order. Without it the order is the category order
        of a Categorical, ascending for numbers, and else the order in which the
        answers first appear. Options are never sorted alphabetically.

    Returns
    -------
    pandas.DataFrame
        Columns ``question``, ``option``, ``count``, ``percent``, ``valid_percent``,
        one row per option (options nobody chose have count 0), then a row with
        option ``"Missing"`` counting the respondents without an answer.
        ``percent`` is the share of all respondents and ``valid_percent`` the share
        of those who answered, both from 0 to 100 and unrounded. The ``Missing``
        row has ``valid_percent`` NaN. Percentages are NaN when their denominator
        is 0.

    Raises
    ------
    ScoringError
        If an answer is not among the options.
    """
    options = _option_order(values, order, question)
    total = len(values)
    answered = values.dropna()
    n_answered = len(answered)
    counts = answered.value_counts(sort=False)

    rows = []
    for option in options:
        count = int(counts.get(option, 0))
        rows.append(
            {
                "question": question,
                "option": option,
                "count": count,
                "percent": _percent(count, total),
                "valid_percent": _percent(count, n_answered),
            }
        )
    n_missing = total - n_answered
    rows.append(
        {
            "question": question,
            "option": MISSING_OPTION,
            "count": n_missing,
            "percent": _percent(n_missing, total),
            "valid_percent": math.nan,
        }
    )
    table = pd.DataFrame(rows)
    table["option"] = table["option"].astype(object)
    return table.astype({"count": "int64"})


def _as_indicators(indicators: pd.DataFrame, question: str) -> pd.DataFrame:
    filled = indicators.astype(object).where(indicators.notna(), False)
    allowed = filled.isin([True, False, 0, 1])
    if not allowed.to_numpy().all():
        column = allowed.columns[~allowed.all()][0]
        value = filled.loc[~allowed[column], column].iloc[0]
        raise ScoringError(
            f'Question "{question}": option indicators must be True/False or 1/0, '
            f"but option {column!r} has {value!r}.",
            hint="Split the checkbox answers into one True/False column per option.",
            column=str(column),
            value=value,
        )
    return filled.astype(bool)


def multiselect_table(
    indicators: pd.DataFrame, answered: pd.Series, *, question: str
) -> pd.DataFrame:
    """Count how often each option of a multiple-choice question was chosen.

    Parameters
    ----------
    indicators
        Respondents × options, True where the respondent chose the option. NA counts
        as not chosen.
    answered
        True for respondents who answered the question (chose at least one
        option), with the same index as ``indicators``.
    question
        Question name written to the ``question`` column and used in messages.

    Returns
    -------
    pandas.DataFrame
        Columns ``question``, ``option``, ``count``, ``percent``, ``valid_percent``,
        one row per option in column order. ``percent`` is the share of all
        respondents and ``valid_percent`` the share of those who answered, from 0 to
        100 and unrounded. The percentages of all options add up to more than 100
        when respondents chose several options.

    Raises
    ------
    ScoringError
        If an indicator is not boolean, or a respondent marked as not answering
        chose an option.
    ValueError
        If ``answered`` has a different index from ``indicators``.
    """
    if not indicators.index.equals(answered.index):
        raise ValueError(
            "answered must have the same index as indicators (one row per "
            "respondent, in the same order)"
        )
    chosen = _as_indicators(indicators, question)
    answered = answered.astype(object).where(answered.notna(), False).astype(bool)

    contradicting = chosen.any(axis=1) & ~answered
    if contradicting.any():
        raise ScoringError(
            f'Question "{question}": {int(contradicting.sum())} respondent(s) chose '
            "an option but are marked as not answering, for example the respondent "
            f"labelled {contradicting[contradicting].index[0]!r}.",
            hint="Mark every respondent with at least one chosen option as answered.",
            column=question,
        )

    total = len(answered)
    n_answered = int(answered.sum())
    rows = []
    for option in chosen.columns:
        count = int(chosen[option].sum())
        rows.append(
            {
                "question": question,
                "option": option,
                "count": count,
                "percent": _percent(count, total),
                "valid_percent": _percent(count, n_answered),
            }
        )
    columns = ["question", "option", "count", "percent", "valid_percent"]
    return pd.DataFrame(rows, columns=columns).astype({"count": "int64"})


def _level_rows(
    levels: pd.Series, scale: str, group: object, group_value: object
) -> list[dict]:
    scored = levels.dropna()
    counts = scored.value_counts(sort=False)
    return [
        {
            "scale": scale,
            "group": group,
            "group_value": group_value,
            "level": level,
            "count": int(counts.get(level, 0)),
            "percent": _percent(int(counts.get(level, 0)), len(scored)),
        }
        for level in levels.cat.categories
    ]


def levels_table(
    levels: pd.DataFrame, groups: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Count respondents per score level of each scale, overall and by group.

    Parameters
    ----------
    levels
        Respondents × scales, each column a Categorical of levels (such as low,
        medium, high) in ascending order; NA where the scale has no score.
    groups
        Group variables with the same index as ``levels``, as for
        :func:`srsurvey.stats.descriptives.descriptives_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``scale``, ``group``, ``group_value``, ``level``, ``count``,
        ``percent``. For each scale, the whole-sample rows come first (``group``
        and ``group_value`` NA), then each group variable and category in category
        order, with every level in level order, including levels with count 0.
        ``percent`` is the share of the respondents in that cell who have a
        score, from 0 to 100, NaN when nobody in the cell has one. Respondents
        without a group value appear only in the whole-sample rows.

    Raises
    ------
    TypeError
        If a column of ``levels`` is not Categorical: level order cannot be
        recovered from text.
    ValueError
        If ``groups`` has a different index from ``levels``.
    """
    if groups is not None:
        check_aligned(levels, groups, "groups")

    rows: list[dict] = []
    for scale in levels.columns:
        column = levels[scale]
        if not isinstance(column.dtype, pd.CategoricalDtype):
            raise TypeError(
                f"levels column {scale!r} must be a Categorical with the levels in "
                f"ascending order, got dtype {column.dtype}"
            )
        rows.extend(_level_rows(column, scale, pd.NA, pd.NA))
        if groups is None:
            continue
        for group_name in groups.columns:
            group_column = groups[group_name]
            if not isinstance(group_column.dtype, pd.CategoricalDtype):
                group_column = group_column.astype("category")
            for category in group_column.cat.categories:
                mask = (group_column == category).to_numpy()
                rows.extend(_level_rows(column[mask], scale, group_name, category))

    columns = ["scale", "group", "group_value", "level", "count", "percent"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"count": "int64"})
