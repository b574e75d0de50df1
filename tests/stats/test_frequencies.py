"""Tests of srsurvey.stats.frequencies: counts, percentages, order and errors."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from srsurvey.errors import ScoringError
from srsurvey.stats.frequencies import (
    MISSING_OPTION,
    frequency_table,
    levels_table,
    multiselect_table,
)

AGREE = ["Disagree", "Neutral", "Agree"]


def test_frequency_table_counts_and_percents():
    values = pd.Series(
        pd.Categorical(["Agree", "Agree", "Neutral", None, "Agree"], categories=AGREE)
    )
    table = frequency_table(values, question="q1")
    assert list(table.columns) == [
        "question",
        "option",
        "count",
        "percent",
        "valid_percent",
    ]
    assert table["option"].tolist() == [*AGREE, MISSING_OPTION]
    assert table["count"].tolist() == [0, 1, 3, 1]
    assert table["percent"].tolist() == pytest.approx([0, 20, 60, 20])
    assert table["valid_percent"].tolist()[:3] == pytest.approx([0, 25, 75])
    assert math.isnan(table["valid_percent"].iloc[-1])
    assert set(table["question"]) == {"q1"}


def test_frequency_table_percents_unrounded():
    values = pd.Series(["a", "b", "b"])
    table = frequency_table(values, question="q")
    percent = table.loc[0, "percent"]
    assert percent == pytest.approx(100 / 3, rel=1e-12)
    assert percent != round(percent, 6)


def test_frequency_table_order_argument_wins():
    values = pd.Series(["Agree", "Disagree", "Agree"])
    table = frequency_table(values, question="q", order=AGREE)
    assert table["option"].tolist() == [*AGREE, MISSING_OPTION]
    assert table["count"].tolist() == [1, 0, 2, 0]


def test_frequency_table_text_in_first_seen_order():
    values = pd.Series(["TV", "Internet", "TV", "Radio"])
    table = frequency_table(values, question="media")
    assert table["option"].tolist() == ["TV", "Internet", "Radio", MISSING_OPTION]


def test_frequency_table_numbers_ascending():
    values = pd.Series([3, 1, 2, 10, None])
    table = frequency_table(values, question="year")
    assert table["option"].tolist()[:4] == [1, 2, 3, 10]
    assert table["count"].tolist() == [1, 1, 1, 1, 1]


def test_frequency_table_all_missing():
    values = pd.Series([None, None], dtype=object)
    table = frequency_table(values, question="q", order=["yes", "no"])
    assert table["count"].tolist() == [0, 0, 2]
    assert table["percent"].tolist() == pytest.approx([0, 0, 100])
    assert table["valid_percent"].isna().all()


def test_frequency_table_empty_series():
    table = frequency_table(pd.Series([], dtype=object), question="q", order=["a"])
    assert table["count"].tolist() == [0, 0]
    assert table["percent"].isna().all()


def test_frequency_table_rejects_unknown_answer():
    values = pd.Series(["Agree", "Maybe", "Maybe"])
    with pytest.raises(ScoringError) as caught:
        frequency_table(values, question="q7", order=AGREE)
    assert caught.value.column == "q7"
    assert caught.value.value == "Maybe"
    assert '"Maybe" (2)' in str(caught.value)
    assert "options in the study file" in str(caught.value)


def test_multiselect_table_counts_and_percents():
    indicators = pd.DataFrame(
        {
            "Telegram": [True, True, False, False],
            "TikTok": [True, False, False, False],
            "VK": [False, False, False, False],
        }
    )
    answered = pd.Series([True, True, False, True])
    table = multiselect_table(indicators, answered, question="networks")
    assert table["option"].tolist() == ["Telegram", "TikTok", "VK"]
    assert table["count"].tolist() == [2, 1, 0]
    assert table["percent"].tolist() == pytest.approx([50, 25, 0])
    assert table["valid_percent"].tolist() == pytest.approx([200 / 3, 100 / 3, 0])
    assert set(table["question"]) == {"networks"}


def test_multiselect_table_accepts_ones_and_missing():
    indicators = pd.DataFrame({"a": [1, 0, None], "b": [0, 1, None]})
    answered = pd.Series([True, True, None])
    table = multiselect_table(indicators, answered, question="q")
    assert table["count"].tolist() == [1, 1]
    assert table["valid_percent"].tolist() == pytest.approx([50, 50])


def test_multiselect_table_nobody_answered():
    indicators = pd.DataFrame({"a": [False, False]})
    table = multiselect_table(indicators, pd.Series([False, False]), question="q")
    assert table["count"].tolist() == [0]
    assert math.isnan(table.loc[0, "valid_percent"])


def test_multiselect_table_rejects_chosen_but_unanswered():
    indicators = pd.DataFrame({"a": [True, False]}, index=["r1", "r2"])
    answered = pd.Series([False, False], index=["r1", "r2"])
    with pytest.raises(ScoringError) as caught:
        multiselect_table(indicators, answered, question="q")
    assert caught.value.column == "q"
    assert "'r1'" in str(caught.value)


def test_multiselect_table_rejects_non_boolean():
    indicators = pd.DataFrame({"a": [True, "yes"]})
    with pytest.raises(ScoringError) as caught:
        multiselect_table(indicators, pd.Series([True, True]), question="q")
    assert caught.value.column == "a"
    assert caught.value.value == "yes"


def test_multiselect_table_rejects_misaligned_answered():
    indicators = pd.DataFrame({"a": [True]}, index=[0])
    with pytest.raises(ValueError, match="same index"):
        multiselect_table(indicators, pd.Series([True], index=[5]), question="q")


LEVELS = ["low", "medium", "high"]


def _levels(values: list) -> pd.Categorical:
    return pd.Categorical(values, categories=LEVELS, ordered=True)


def test_levels_table_overall_and_by_group():
    levels = pd.DataFrame({"care": _levels(["high", "low", "high", None, "medium"])})
    groups = pd.DataFrame(
        {
            "year": pd.Categorical(
                ["2", "1", "1", "2", None], categories=["1", "2"], ordered=True
            )
        }
    )
    table = levels_table(levels, groups)
    assert list(table.columns) == [
        "scale",
        "group",
        "group_value",
        "level",
        "count",
        "percent",
    ]
    overall = table[table["group"].isna()]
    assert overall["level"].tolist() == LEVELS
    assert overall["count"].tolist() == [1, 1, 2]
    assert overall["percent"].tolist() == pytest.approx([25, 25, 50])

    year1 = table[table["group_value"] == "1"]
    assert year1["count"].tolist() == [1, 0, 1]
    assert year1["percent"].tolist() == pytest.approx([50, 0, 50])
    year2 = table[table["group_value"] == "2"]
    # The second-year respondent without a score is left out of the denominator.
    assert year2["count"].tolist() == [0, 0, 1]
    assert year2["percent"].tolist() == pytest.approx([0, 0, 100])
    assert table["group_value"].dropna().tolist() == ["1"] * 3 + ["2"] * 3


def test_levels_table_cell_without_scores_gives_nan():
    levels = pd.DataFrame({"care": _levels([None, "low"])})
    groups = pd.DataFrame({"sex": pd.Categorical(["f", "m"])})
    table = levels_table(levels, groups)
    women = table[table["group_value"] == "f"]
    assert women["count"].tolist() == [0, 0, 0]
    assert women["percent"].isna().all()


def test_levels_table_several_scales_in_column_order():
    levels = pd.DataFrame({"b": _levels(["low"]), "a": _levels(["high"])})
    table = levels_table(levels)
    assert table["scale"].tolist() == ["b"] * 3 + ["a"] * 3


def test_levels_table_rejects_text_levels():
    levels = pd.DataFrame({"care": ["low", "high"]})
    with pytest.raises(TypeError, match="'care' must be a Categorical"):
        levels_table(levels)


def test_levels_table_rejects_misaligned_groups():
    levels = pd.DataFrame({"care": _levels(["low"])}, index=[0])
    groups = pd.DataFrame({"sex": ["f"]}, index=[1])
    with pytest.raises(ValueError, match="same index"):
        levels_table(levels, groups)
