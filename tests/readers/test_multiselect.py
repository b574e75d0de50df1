"""Checkbox answers: splitting against options and inferring the options."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.errors import CodebookError
from srsurvey.readers import infer_multiselect_options, split_multiselect

OPTIONS = ["Friends, family", "Internet", "Books", "Teachers"]


def _answers() -> pd.Series:
    return pd.Series(
        [
            "Friends, family, Internet",
            "Internet",
            pd.NA,
            "Books, my own blog, and podcasts",
            "Friends, family",
            "",
        ],
        index=[10, 11, 12, 13, 14, 15],
        dtype="string",
        name="Sources",
    )


def test_split_keeps_option_with_comma():
    indicators, _, _ = split_multiselect(_answers(), OPTIONS)

    assert indicators.loc[10].tolist() == [True, True, False, False]
    assert indicators.loc[14].tolist() == [True, False, False, False]
    assert indicators.loc[11].tolist() == [False, True, False, False]


def test_split_answered_and_index():
    indicators, answered, _ = split_multiselect(_answers(), OPTIONS)

    assert indicators.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert list(indicators.columns) == OPTIONS
    assert indicators.dtypes.eq(bool).all()
    assert answered.tolist() == [True, True, False, True, True, False]
    assert not indicators.loc[12].any()


def test_split_unknown_parts_counted():
    _, _, unknown = split_multiselect(_answers(), OPTIONS)

    # The text after the last option is one "Other" answer, commas included.
    assert unknown == {"my own blog, and podcasts": 1}


def test_split_other_column():
    indicators, _, unknown = split_multiselect(_answers(), OPTIONS, other=True)

    assert list(indicators.columns) == [*OPTIONS, "Other"]
    assert indicators["Other"].tolist() == [False, False, False, True, False, False]
    assert indicators.loc[13, "Books"]
    assert unknown == {"my own blog, and podcasts": 1}


def test_split_other_name_when_option_is_other():
    values = pd.Series(["Other, Radio", "TV"])

    indicators, _, unknown = split_multiselect(values, ["Other", "TV"], other=True)

    assert list(indicators.columns) == ["Other", "TV", "Other (not listed)"]
    assert indicators["Other (not listed)"].tolist() == [True, False]
    assert unknown == {"Radio": 1}


def test_split_longest_option_first():
    values = pd.Series(["Instagram Reels, Instagram", "Instagram"])

    indicators, _, unknown = split_multiselect(values, ["Instagram", "Instagram Reels"])

    assert indicators["Instagram"].tolist() == [True, True]
    assert indicators["Instagram Reels"].tolist() == [True, False]
    assert unknown == {}


def test_split_unknown_between_options():
    values = pd.Series(["Books, Radio, Internet", "Radio"])

    _, _, unknown = split_multiselect(values, OPTIONS)

    assert unknown == {"Radio": 2}


def test_split_counts_respondents_not_cells():
    values = pd.Series(["Radio", "Radio", "Books, Radio", "TV"])

    _, _, unknown = split_multiselect(values, OPTIONS)

    assert unknown == {"Radio": 3, "TV": 1}


@pytest.mark.parametrize(
    "options",
    [[], ["A", ""], ["A", "A"], ["A", None]],
    ids=["empty", "blank", "twice", "none"],
)
def test_split_invalid_options_rejected(options):
    with pytest.raises(CodebookError):
        split_multiselect(pd.Series(["A"]), options)


def _checkbox_column() -> pd.Series:
    return pd.Series(
        [
            "Instagram, Telegram",
            "Telegram",
            "Instagram, Telegram, TikTok",
            "Friends, family",
            "Instagram",
            "Telegram, Friends, family",
            "TikTok",
            "Instagram, TikTok",
            "Telegram, my cousin's forum",
            pd.NA,
        ]
    )


def test_infer_finds_options_in_form_order():
    options = infer_multiselect_options(_checkbox_column())

    assert options == ["Instagram", "Telegram", "TikTok", "Friends, family"]


def test_infer_leaves_out_single_other_answer():
    options = infer_multiselect_options(_checkbox_column())

    assert "my cousin's forum" not in options


def test_inferred_options_split_cleanly():
    values = _checkbox_column()
    options = infer_multiselect_options(values)

    indicators, _, unknown = split_multiselect(values, options)

    assert indicators["Friends, family"].sum() == 2
    assert indicators["Instagram"].sum() == 4
    assert unknown == {"my cousin's forum": 1}


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(
            ["Agree", "Disagree", "Agree", "Neutral", pd.NA], id="single-choice"
        ),
        pytest.param(
            [
                "It was useful, but too long",
                "Good, thanks",
                "Too fast, I could not follow",
                "Nothing to add",
                "More examples, please",
            ],
            id="free-text",
        ),
        pytest.param(["A, B"], id="one-answer"),
        pytest.param([pd.NA, pd.NA], id="empty"),
    ],
)
def test_infer_rejects_non_checkbox(values):
    assert infer_multiselect_options(pd.Series(values, dtype="string")) is None
