"""Access to helpers of :mod:`srsurvey.readers`, with local versions until they exist.

``srsurvey.readers`` is meant to provide ``split_multiselect``, ``to_numbers`` and
``detect_identifier_columns``. When an import fails, the versions below are used; they
follow the same contracts.
"""

from __future__ import annotations

import re

import pandas as pd

from srsurvey.codebook._text import collapse_spaces, normalize_label
from srsurvey.codebook.study import parse_number
from srsurvey.readers.model import Responses

OTHER_OPTION = "Other"


def split_multiselect(
    values: pd.Series, options: list[str], other: bool = False
) -> tuple[pd.DataFrame, pd.Series, dict[str, int]]:
    """Split joined checkbox answers into one bool column per option.

    Returns the indicators (columns ``options``, plus ``"Other"`` when ``other`` is
    set), whether each respondent answered, and the count of each text outside
    ``options``.
    """
    try:
        from srsurvey.readers import split_multiselect as readers_split
    except ImportError:
        return _split_multiselect(values, options, other)
    return readers_split(values, options, other=other)


def to_numbers(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Convert text cells to floats; cells that are not numbers become NaN."""
    try:
        from srsurvey.readers import to_numbers as readers_to_numbers
    except ImportError:
        return pd.Series(
            [_number_or_nan(value, decimal) for value in values],
            index=values.index,
            dtype="float64",
        )
    return readers_to_numbers(values, decimal=decimal)


def detect_identifier_columns(responses: Responses) -> list[str]:
    """Return the columns of ``responses`` that look like personal data."""
    try:
        from srsurvey.readers import detect_identifier_columns as readers_detect
    except ImportError:
        return _detect_identifier_columns(responses)
    return list(readers_detect(responses))


def _number_or_nan(value: object, decimal: str) -> float:
    if value is None or value is pd.NA:
        return float("nan")
    number = parse_number(value, decimal)
    return float("nan") if number is None else number


def _split_multiselect(
    values: pd.Series, options: list[str], other: bool
) -> tuple[pd.DataFrame, pd.Series, dict[str, int]]:
    by_folded = {normalize_label(option): option for option in options}
    columns = list(options) + ([OTHER_OPTION] if other else [])
    indicators = pd.DataFrame(False, index=values.index, columns=columns)
    answered = pd.Series(False, index=values.index)
    unknown: dict[str, int] = {}
    for index, value in values.items():
        if value is None or value is pd.NA or not str(value).strip():
            continue
        answered[index] = True
        parts = str(value).split(", ")
        start = 0
        leftover: list[str] = []
        while start < len(parts):
            # The longest run of parts that forms an option wins, so an option that
            # itself contains ", " is found whole.
            for end in range(len(parts), start, -1):
                option = by_folded.get(normalize_label(", ".join(parts[start:end])))
                if option is not None:
                    indicators.loc[index, option] = True
                    start = end
                    break
            else:
                leftover.append(parts[start])
                start += 1
        if leftover:
            text = ", ".join(leftover)
            unknown[text] = unknown.get(text, 0) + 1
            if other:
                indicators.loc[index, OTHER_OPTION] = True
    return indicators, answered, unknown


_IDENTIFIER_HEADERS = re.compile(
    r"(e-?mail|адрес электронной почты|электрондық пошта|\bфио\b|"
    r"full name|first name|last name|surname|your name|"
    r"фамилия|имя|отчество|аты-жөні|тегі|phone|телефон|иин|\bжсн\b)",
    re.IGNORECASE,
)


def _detect_identifier_columns(responses: Responses) -> list[str]:
    found = []
    for name, source in responses.columns.items():
        if source.kind == "email" or _IDENTIFIER_HEADERS.search(
            collapse_spaces(source.header)
        ):
            found.append(name)
    return found
