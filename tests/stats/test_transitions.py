"""Tests of srsurvey.stats.transitions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from srsurvey.errors import DataFileError, ScoringError
from srsurvey.stats.transitions import TRANSITION_COLUMNS, transition_table

LEVELS = ["low", "medium", "high"]


@pytest.fixture()
def table() -> pd.DataFrame:
    # Hand-counted: s1 low->low, s2 low->high, s3 medium->high, s4 high->high,
    # s5 low->medium; s6 has no post level and s7 no pre level.
    pre = pd.Series(
        ["low", "low", "medium", "high", "low", "high", None],
        index=["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
    )
    post = pd.Series(
        ["high", "medium", "high", "low", "high", "low"],
        index=["s4", "s5", "s3", "s1", "s2", "s7"],
    )
    return transition_table(pre, post, categories=LEVELS)


def _cell(table: pd.DataFrame, before: str, after: str) -> pd.Series:
    return table[(table["pre"] == before) & (table["post"] == after)].iloc[0]


def test_transition_table_keeps_every_pair_in_order(table):
    assert table.columns.tolist() == TRANSITION_COLUMNS
    assert len(table) == 9
    assert table["pre"].tolist() == [level for level in LEVELS for _ in LEVELS]
    assert table["post"].tolist() == LEVELS * 3


@pytest.mark.parametrize(
    ("before", "after", "count", "percent"),
    [
        ("low", "low", 1, 100 / 3),
        ("low", "medium", 1, 100 / 3),
        ("low", "high", 1, 100 / 3),
        ("medium", "high", 1, 100.0),
        ("medium", "low", 0, 0.0),
        ("high", "high", 1, 100.0),
    ],
)
def test_transition_counts_and_row_percents(table, before, after, count, percent):
    cell = _cell(table, before, after)
    assert cell["count"] == count
    assert cell["percent_of_pre_row"] == pytest.approx(percent)


def test_transition_counts_only_complete_pairs(table):
    assert table["count"].sum() == 5


def test_transition_empty_pre_row_has_nan_percent():
    pre = pd.Series(["low", "high"])
    post = pd.Series(["low", "low"])
    result = transition_table(pre, post, categories=LEVELS)
    medium = result[result["pre"] == "medium"]
    assert medium["count"].tolist() == [0, 0, 0]
    assert medium["percent_of_pre_row"].map(math.isnan).all()


def test_transition_accepts_numeric_levels():
    result = transition_table(
        pd.Series([1, 2, 2]), pd.Series([2, 2, 3]), categories=[1, 2, 3]
    )
    assert _cell(result, 2, 2)["count"] == 1
    assert _cell(result, 2, 3)["percent_of_pre_row"] == 50.0


def test_transition_rejects_unknown_category():
    pre = pd.Series(["low", "very high"], name="level_pre")
    with pytest.raises(ScoringError, match="not among the categories") as error:
        transition_table(pre, pd.Series(["low", "low"]), categories=LEVELS)
    assert error.value.column == "level_pre"
    assert error.value.value == "very high"


def test_transition_rejects_duplicate_keys():
    pre = pd.Series(["low", "low"], index=["s1", "s1"])
    with pytest.raises(DataFileError, match="duplicate respondent key"):
        transition_table(pre, pd.Series(["low"], index=["s1"]), categories=LEVELS)


@pytest.mark.parametrize("categories", [[], ["low", "low"]])
def test_transition_rejects_bad_categories(categories):
    with pytest.raises(ValueError, match="categories"):
        transition_table(pd.Series(["low"]), pd.Series(["low"]), categories=categories)
