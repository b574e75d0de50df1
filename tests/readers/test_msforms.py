"""Microsoft Forms .xlsx exports and checkbox answers joined with ";"."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.readers import infer_multiselect_options, split_multiselect


def test_split_semicolon_trailing_separator():
    values = pd.Series(["Books;Videos;", "Podcasts;", pd.NA, "Books;"], dtype="string")

    indicators, answered, unknown = split_multiselect(
        values, ["Books", "Videos", "Podcasts"], separator=";"
    )

    assert indicators["Books"].tolist() == [True, False, False, True]
    assert indicators["Videos"].tolist() == [True, False, False, False]
    assert indicators["Podcasts"].tolist() == [False, True, False, False]
    assert answered.tolist() == [True, True, False, True]
    assert unknown == {}


def test_split_semicolon_other_text_is_one_part():
    values = pd.Series(["Books;My own, long notes;", "Videos;"], dtype="string")

    indicators, _, unknown = split_multiselect(
        values, ["Books", "Videos"], other=True, separator=";"
    )

    assert indicators["Other"].tolist() == [True, False]
    assert unknown == {"My own, long notes": 1}


def test_split_option_with_comma_and_semicolon():
    values = pd.Series(["Friends, family;Teachers;"], dtype="string")

    indicators, _, unknown = split_multiselect(
        values, ["Friends, family", "Teachers"], separator=";"
    )

    assert indicators.iloc[0].tolist() == [True, True]
    assert unknown == {}


def test_split_empty_separator_rejected():
    with pytest.raises(ValueError, match="separator"):
        split_multiselect(pd.Series(["a"]), ["a"], separator="")


def test_infer_options_semicolon():
    values = pd.Series(
        ["Books;Videos;", "Books;Podcasts;", "Videos;Podcasts;", "Books;"],
        dtype="string",
    )

    options = infer_multiselect_options(values, separator=";")

    assert options == ["Books", "Videos", "Podcasts"]
