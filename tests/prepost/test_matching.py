"""Respondent keys: normalisation, the second reading of Cyrillic С, matching."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.errors import DataFileError
from srsurvey.prepost.matching import (
    DUPLICATE_COLUMNS,
    match_by_sound,
    match_waves,
    normalize_key,
    pseudonym,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" s0444 ", "S0444"),
        ("S 0444", "S0444"),
        ("С0314", "C0314"),  # Cyrillic С looks like Latin C
        ("АВЕКМНОРТХ", "ABEKMHOPTX"),
        ("у1", "Y1"),
        ("S318", "S318"),  # digits are never changed
        ("ＳＯ１", "SO1"),  # full-width letters and digits (NFKC)
        ("   ", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_normalize_key(raw, expected):
    assert normalize_key(raw) == expected


def test_match_by_sound_renames_unique_partner():
    raw = pd.Series(["С0314", "S0001"], index=[10, 11])
    normalized = raw.map(normalize_key)
    renamed = match_by_sound({"S0314", "S0001", "S0318"}, raw, normalized)
    assert renamed[10] == "S0314"
    assert renamed[11] == "S0001"


def test_match_by_sound_keeps_key_taken_in_wave():
    # S0314 already answered this wave, so С0314 must stay another respondent.
    raw = pd.Series(["С0314", "S0314"], index=[1, 2])
    normalized = raw.map(normalize_key)
    renamed = match_by_sound({"S0314"}, raw, normalized)
    assert renamed[1] == "C0314"


def test_match_by_sound_ignores_digit_changes():
    raw = pd.Series(["S318"], index=[1])
    renamed = match_by_sound({"S0318"}, raw, raw.map(normalize_key))
    assert renamed[1] == "S318"


def _counts(rows: int) -> dict:
    return {"rows": rows, "rows_without_key": 0, "duplicates": 0}


def test_match_waves_counts_and_lists():
    result = match_waves(
        {"pre": ["S1", "S2", "S3"], "post": ["S1", "S3", "S4"]},
        {
            "pre": {"S1": "S1", "S2": "S2", "S3": "S3"},
            "post": {"S1": "s1 ", "S3": "S3"},
        },
        {"pre": _counts(3), "post": _counts(3)},
        personal=False,
    )
    summary = result.summary.set_index("wave")
    assert result.matched == ["S1", "S3"]
    assert summary.loc["pre", "matched"] == 2
    assert summary.loc["pre", "only_this_wave"] == 1
    assert summary.loc["post", "only_this_wave"] == 1
    assert result.normalized_matches["key"].tolist() == ["S1"]
    assert result.normalized_matches["difference"].iloc[0] == "letter case"
    assert sorted(result.unmatched["key"]) == ["S2", "S4"]


def test_match_waves_pseudonymises_personal_keys():
    result = match_waves(
        {"pre": ["ANNA|1990"], "post": ["ANNA|1990"]},
        {"pre": {"ANNA|1990": "Anna|1990"}, "post": {"ANNA|1990": "anna|1990"}},
        {"pre": _counts(1), "post": _counts(1)},
        personal=True,
    )
    row = result.normalized_matches.iloc[0]
    assert row["key"] == pseudonym("ANNA|1990")
    assert "ANNA" not in row["key"]
    assert row["raw_pre"] == ""


def _duplicates(key: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "key": key,
                "file": "/home/anna/survey/post.csv",
                "row": 3,
                "kept_file": "/home/anna/survey/post.csv",
                "kept_row": 7,
                "rule": "keep-latest",
            }
        ]
    )


def test_match_waves_lists_duplicates_of_every_wave():
    result = match_waves(
        {"pre": ["S1", "S2"], "post": ["S1", "S2"]},
        {"pre": {}, "post": {}},
        {"pre": _counts(3), "post": _counts(3)},
        personal=False,
        labels={"pre": "Pre", "post": "Post"},
        duplicates={"pre": _duplicates("S2"), "post": _duplicates("S1")},
    )
    table = result.duplicates
    assert list(table.columns) == DUPLICATE_COLUMNS
    assert table["wave"].tolist() == ["Pre", "Post"]
    assert table["key"].tolist() == ["S2", "S1"]
    # File names only: the folder can contain the user's name.
    assert set(table["file"]) == {"post.csv"}
    assert set(table["kept_file"]) == {"post.csv"}
    assert table["row"].tolist() == [3, 3]
    assert table["kept_row"].tolist() == [7, 7]


def test_match_waves_pseudonymises_duplicate_keys():
    result = match_waves(
        {"pre": ["ANNA|1990"], "post": ["ANNA|1990"]},
        {"pre": {}, "post": {}},
        {"pre": _counts(1), "post": _counts(2)},
        personal=True,
        duplicates={"post": _duplicates("ANNA|1990")},
    )
    assert result.duplicates["key"].tolist() == [pseudonym("ANNA|1990")]


def test_match_waves_without_duplicates_has_empty_table():
    result = match_waves(
        {"pre": ["S1"], "post": ["S1"]},
        {"pre": {}, "post": {}},
        {"pre": _counts(1), "post": _counts(1)},
        personal=False,
    )
    assert result.duplicates.empty
    assert list(result.duplicates.columns) == DUPLICATE_COLUMNS


def test_match_waves_without_pairs_raises_with_counts():
    with pytest.raises(DataFileError) as caught:
        match_waves(
            {"pre": ["S1", "S2"], "post": ["X9"]},
            {"pre": {}, "post": {}},
            {"pre": _counts(2), "post": _counts(1)},
            personal=False,
        )
    message = str(caught.value)
    assert "no respondent is in every wave" in message
    assert "pre: 2 respondents" in message
    assert '"X9"' in message


def test_no_pairs_error_hides_personal_keys():
    with pytest.raises(DataFileError) as caught:
        match_waves(
            {"pre": ["IVANOV|1999"], "post": ["PETROV|2000"]},
            {"pre": {}, "post": {}},
            {"pre": _counts(1), "post": _counts(1)},
            personal=True,
        )
    message = str(caught.value)
    assert "IVANOV" not in message
    assert pseudonym("IVANOV|1999") in message
