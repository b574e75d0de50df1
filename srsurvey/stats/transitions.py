"""Cross-tabulation of each respondent's category before and after."""

from __future__ import annotations

import math

import pandas as pd

from srsurvey.errors import DataFileError, ScoringError

__all__ = ["TRANSITION_COLUMNS", "transition_table"]

TRANSITION_COLUMNS = ["pre", "post", "count", "percent_of_pre_row"]


def _check_categories(values: pd.Series, categories: list, wave: str) -> None:
    observed = values.dropna()
    unknown = observed[~observed.isin(categories)]
    if len(unknown):
        first = unknown.iloc[0]
        raise ScoringError(
            f"{len(unknown)} {wave} value(s) are not among the categories "
            f"{categories!r}, for example {first!r}.",
            hint="Add the value to the categories (or the scale's levels in the "
            "study file), or mark it as a missing code.",
            column=None if values.name is None else str(values.name),
            value=first,
        )


def transition_table(
    pre: pd.Series, post: pd.Series, *, categories: list
) -> pd.DataFrame:
    """Count how many respondents moved from each category to each other one.

    Parameters
    ----------
    pre, post
        Category of each respondent in the two waves (such as the levels low,
        medium and high of a scale), indexed by respondent key; NaN is missing.
        Only respondents with both values are counted.
    categories
        All categories in their order. Every pair of them gets a row, also when
        no respondent made that move.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TRANSITION_COLUMNS` in long format, ``len(categories)**2``
        rows ordered by ``pre`` and then ``post`` in category order. ``count`` is
        an int. ``percent_of_pre_row`` is ``count`` as a percentage (0 to 100,
        unrounded) of the respondents who were in that ``pre`` category, NaN when
        nobody was. The diagonal rows (``pre == post``) are the respondents who
        stayed.

    Raises
    ------
    ScoringError
        If a value is not one of ``categories``.
    DataFileError
        If a respondent key appears twice in one wave.
    ValueError
        If ``categories`` is empty or repeats a category.
    """
    if not categories:
        raise ValueError("categories must list at least one category")
    if len(set(categories)) != len(categories):
        raise ValueError(f"categories must not repeat a category, got {categories!r}")
    for values, wave in ((pre, "pre"), (post, "post")):
        duplicated = values.index[values.index.duplicated()]
        if len(duplicated):
            raise DataFileError(
                f"The {wave} wave has {len(duplicated)} duplicate respondent "
                f"key(s), for example {duplicated[0]!r}.",
                hint="Keep one submission per respondent in each wave.",
                value=duplicated[0],
            )
        _check_categories(values, categories, wave)

    pairs = pd.concat([pre, post], axis=1, keys=["pre", "post"]).dropna()
    counts = pairs.groupby(["pre", "post"]).size()
    rows = []
    for before in categories:
        row_total = int(sum(counts.get((before, after), 0) for after in categories))
        for after in categories:
            count = int(counts.get((before, after), 0))
            percent = 100 * count / row_total if row_total else math.nan
            rows.append(
                {
                    "pre": before,
                    "post": after,
                    "count": count,
                    "percent_of_pre_row": percent,
                }
            )
    return pd.DataFrame(rows, columns=TRANSITION_COLUMNS)
