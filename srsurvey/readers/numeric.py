"""Turn numeric answer text and quiz scores into numbers."""

from __future__ import annotations

import pandas as pd

__all__ = ["parse_score", "to_numbers"]

_POINT_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_COMMA_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
# Excel in a Russian or Kazakh locale groups thousands with a no-break space
# (U+00A0) or a narrow no-break space (U+202F): "1 234,5". Neither can be a decimal
# separator, so a number grouped with them is accepted with either decimal.
_GROUP_SEPARATORS = "\u00a0\u202f"
_GROUPED_POINT = rf"[+-]?\d{{1,3}}(?:[{_GROUP_SEPARATORS}]\d{{3}})+(?:\.\d*)?"
_GROUPED_COMMA = rf"[+-]?\d{{1,3}}(?:[{_GROUP_SEPARATORS}]\d{{3}})+(?:[.,]\d*)?"
_SCORE = r"^\s*(?P<points>\d+(?:[.,]\d+)?)\s*/\s*(?P<maximum>\d+(?:[.,]\d+)?)\s*$"


def to_numbers(values: pd.Series, *, decimal: str = ".") -> pd.Series:
    """Convert numeric text to float, and any other value to NaN.

    Surrounding white space is ignored and a Unicode minus sign (U+2212) counts as
    ``-``. Thousands may be grouped with a no-break space (U+00A0) or a narrow
    no-break space (U+202F), as Excel writes them in a Russian locale
    (``1\u00a0234,5``). Commas, points and ordinary spaces are not accepted as
    thousands separators. The caller decides how to report the values that became
    NaN.

    Parameters
    ----------
    values
        Text cells, as in :attr:`Responses.data`. Numeric Series are converted too.
    decimal
        ``"."`` accepts ``3.5`` only, so ``3,5`` becomes NaN because it may be a
        thousands separator. ``","`` accepts both ``3,5`` and ``3.5``.

    Returns
    -------
    pandas.Series
        float64, with the index and name of ``values``.

    Raises
    ------
    ValueError
        If ``decimal`` is neither ``"."`` nor ``","``.
    """
    if decimal not in (".", ","):
        raise ValueError(f'decimal must be "." or ",", not {decimal!r}.')
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64")

    text = values.astype("string").str.strip().str.replace("\u2212", "-", regex=False)
    if decimal == ".":
        pattern = f"{_POINT_NUMBER}|{_GROUPED_POINT}"
    else:
        pattern = f"{_COMMA_NUMBER}|{_GROUPED_COMMA}"
    valid = text.str.fullmatch(pattern).fillna(False).astype(bool)
    numbers = (
        text.where(valid)
        .str.replace(f"[{_GROUP_SEPARATORS}]", "", regex=True)
        .str.replace(",", ".", regex=False)
    )
    return pd.to_numeric(numbers, errors="coerce").astype("float64").rename(values.name)


def parse_score(values: pd.Series) -> pd.DataFrame:
    """Split quiz scores such as ``7 / 10`` into points and maximum.

    Returns
    -------
    pandas.DataFrame
        Columns ``points`` and ``maximum`` (float64), indexed like ``values``, NaN
        where a cell is empty or not a score. A decimal comma (``7,5 / 10``) is read.
    """
    parts = values.astype("string").str.extract(_SCORE)
    parts.index = values.index
    return pd.DataFrame(
        {
            "points": to_numbers(parts["points"], decimal=","),
            "maximum": to_numbers(parts["maximum"], decimal=","),
        },
        index=values.index,
    )
