"""Order of group values and options that the study file does not list."""

import pandas as pd

from srsurvey.codebook._categories import ordered_categorical


def test_numeric_codes_keep_numeric_order():
    answers = pd.Series(["3", "5", "3", "1", "10", "3", "2", None])
    result = ordered_categorical(answers, [])
    assert list(result.cat.categories) == ["1", "2", "3", "5", "10"]


def test_text_answers_follow_frequency():
    answers = pd.Series(["b", "a", "b", "c", "b", "a"])
    result = ordered_categorical(answers, [])
    assert list(result.cat.categories) == ["b", "a", "c"]


def test_declared_order_comes_first():
    answers = pd.Series(["2", "1", "3", "2"])
    result = ordered_categorical(answers, ["3"])
    assert list(result.cat.categories) == ["3", "1", "2"]


def test_parse_number_ignores_grouping_spaces():
    from srsurvey.codebook.study import parse_number

    assert parse_number("1\u202f234,5", decimal=",") == 1234.5
    assert parse_number("1\u00a0234,5", decimal=",") == 1234.5
