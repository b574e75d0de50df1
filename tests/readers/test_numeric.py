"""Numeric text to floats, and quiz scores to points and maximum."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from srsurvey.readers import parse_score, to_numbers


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("4", ".", 4.0),
        (" 4 ", ".", 4.0),
        ("-2", ".", -2.0),
        ("\u22122", ".", -2.0),
        ("3.5", ".", 3.5),
        (".5", ".", 0.5),
        ("1e3", ".", 1000.0),
        ("007", ".", 7.0),
        ("3,5", ",", 3.5),
        ("3.5", ",", 3.5),
        ("3,5", ".", math.nan),
        ("1,000", ".", math.nan),
        ("1 000", ".", math.nan),
        ("five", ".", math.nan),
        ("inf", ".", math.nan),
        ("nan", ".", math.nan),
        ("", ".", math.nan),
        ("3 / 5", ".", math.nan),
    ],
)
def test_to_numbers_values(text, decimal, expected):
    result = to_numbers(pd.Series([text], dtype="string"), decimal=decimal)

    if math.isnan(expected):
        assert math.isnan(result.iloc[0])
    else:
        assert result.iloc[0] == expected


def test_to_numbers_keeps_index_name_and_na():
    values = pd.Series(["1", pd.NA, "2,5"], index=[5, 6, 7], dtype="string", name="Q1")

    result = to_numbers(values, decimal=",")

    assert result.dtype == np.float64
    assert result.index.tolist() == [5, 6, 7]
    assert result.name == "Q1"
    assert result.iloc[0] == 1.0
    assert math.isnan(result.iloc[1])
    assert result.iloc[2] == 2.5


def test_to_numbers_numeric_input():
    result = to_numbers(pd.Series([1, 2]))

    assert result.tolist() == [1.0, 2.0]
    assert result.dtype == np.float64


def test_to_numbers_rejects_other_decimal():
    with pytest.raises(ValueError, match='decimal must be "." or ","'):
        to_numbers(pd.Series(["1"]), decimal=";")


def test_parse_score_points_and_maximum():
    values = pd.Series(["7 / 10", "10/10", "7,5 / 10", pd.NA, "high"], dtype="string")

    scores = parse_score(values)

    assert list(scores.columns) == ["points", "maximum"]
    assert scores["points"].tolist()[:3] == [7.0, 10.0, 7.5]
    assert scores["maximum"].tolist()[:3] == [10.0, 10.0, 10.0]
    assert scores.iloc[3:].isna().all().all()
