"""Column kinds, grid headers and timestamp parsing of exports."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.errors import SurveyWarning
from srsurvey.readers import read_export
from srsurvey.readers._table import split_grid_header
from srsurvey.readers._timestamps import (
    _parse_any_format,
    _parse_common_format,
    parse_timestamps,
)


def _utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_gmt6_and_gmt5_normalised_to_utc(data_dir):
    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "google_forms_en.csv")

    times = responses.data["Timestamp"]
    assert isinstance(times.dtype, pd.DatetimeTZDtype)
    assert str(times.dtype.tz) == "UTC"
    # Local time minus the offset written beside it.
    assert times.iloc[0] == _utc("2024-02-28 16:15:03")  # 10:15:03 PM GMT+6
    assert times.iloc[1] == _utc("2024-02-29 17:59:59")  # 11:59:59 PM GMT+6
    assert times.iloc[2] == _utc("2024-02-29 19:05:00")  # 12:05:00 AM GMT+5
    assert times.iloc[3] == _utc("2024-03-02 04:30:00")  # 9:30:00 AM GMT+5
    assert responses.details["timezone"] == "UTC"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/02/28 10:15:03 PM GMT+6", "2024-02-28 16:15:03"),
        ("2024/02/28 12:15:03 AM GMT+6", "2024-02-27 18:15:03"),
        ("2024/02/28 12:15:03 PM GMT+6", "2024-02-28 06:15:03"),
        ("28.02.2024 22:15:03 GMT+5", "2024-02-28 17:15:03"),
        ("2024-02-28T22:15:03+06:00", "2024-02-28 16:15:03"),
        ("2024-02-28T22:15:03.250Z", "2024-02-28 22:15:03.250"),
        # UTC-3:30 rolls over to the next day, 29 February in the leap year 2024.
        ("2024/02/28 10:15:03 PM GMT-3:30", "2024-02-29 01:45:03"),
        ("2024/02/28 10:15:03 PM GMT", "2024-02-28 22:15:03"),
    ],
)
def test_timestamp_formats_with_zone(text, expected):
    parsed = parse_timestamps(pd.Series([text], dtype="string"))

    assert parsed.zone == "utc"
    assert parsed.values.iloc[0] == _utc(expected)
    assert not parsed.unparsed.iloc[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28.02.2024 22:15:03", "2024-02-28 22:15:03"),
        ("1.3.2024 0:05:00", "2024-03-01 00:05:00"),
        ("2024-02-28 22:15", "2024-02-28 22:15:00"),
        ("2024-03-01", "2024-03-01 00:00:00"),
    ],
)
def test_timestamp_without_zone_stays_naive(text, expected):
    parsed = parse_timestamps(pd.Series([text], dtype="string"))

    assert parsed.zone == "unknown"
    assert parsed.values.dt.tz is None
    assert parsed.values.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text", ["yesterday", "2024/13/01 10:00:00", "2024/02/28 13:15:03 PM GMT+6"]
)
def test_invalid_timestamp_is_unparsed(text):
    parsed = parse_timestamps(pd.Series(["2024/02/28 10:15:03 PM GMT+6", text]))

    assert parsed.unparsed.tolist() == [False, True]
    assert pd.isna(parsed.values.iloc[1])


def test_slash_dates_day_first_when_day_above_12():
    parsed = parse_timestamps(pd.Series(["28/02/2024 10:00:00", "03/02/2024 10:00:00"]))

    assert parsed.values.tolist() == [
        pd.Timestamp("2024-02-28 10:00:00"),
        pd.Timestamp("2024-02-03 10:00:00"),
    ]
    assert not parsed.month_first_assumed


def test_ambiguous_slash_dates_warn(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("Timestamp,Q\n02/03/2024 10:00:00,a\n", encoding="utf-8")

    with pytest.warns(SurveyWarning) as caught:
        responses = read_export(path)

    messages = " ".join(str(warning.message) for warning in caught)
    assert "month/day/year" in messages
    assert responses.data["Timestamp"].iloc[0] == pd.Timestamp("2024-02-03 10:00:00")


def test_naive_timestamps_recorded_as_unknown_zone(tmp_path):
    path = tmp_path / "ru.csv"
    path.write_text("Отметка времени,Q\n28.02.2024 22:15:03,a\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match="no time zone"):
        responses = read_export(path)

    assert responses.details["timezone"] == "unknown"
    assert responses.columns["Отметка времени"].kind == "timestamp"
    assert responses.data["Отметка времени"].dt.tz is None


def test_mixed_zones_converted_without_zone():
    parsed = parse_timestamps(
        pd.Series(["2024/02/28 10:15:03 PM GMT+6", "28.02.2024 22:15:03"])
    )

    assert parsed.zone == "mixed"
    assert parsed.values.tolist() == [
        pd.Timestamp("2024-02-28 16:15:03"),
        pd.Timestamp("2024-02-28 22:15:03"),
    ]


def test_unparsed_timestamps_warn_with_rows(tmp_path):
    path = tmp_path / "bad_time.csv"
    path.write_text(
        "Timestamp,Q\n2024/02/28 10:15:03 PM GMT+6,a\nsoon,b\n", encoding="utf-8"
    )

    with pytest.warns(SurveyWarning, match=r"1 values .* \(rows 3\)"):
        responses = read_export(path)

    assert pd.isna(responses.data["Timestamp"].iloc[1])


def test_timestamp_header_without_times_is_text(tmp_path):
    path = tmp_path / "not_time.csv"
    path.write_text("Timestamp,Q\nfirst,a\nsecond,b\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match="kept as text"):
        responses = read_export(path)

    assert responses.columns["Timestamp"].kind == "metadata"
    assert responses.data["Timestamp"].tolist() == ["first", "second"]


@pytest.mark.parametrize(
    "header", ["Timestamp", "Отметка времени", "Уақыт белгісі", "Horodateur"]
)
def test_localised_timestamp_headers(tmp_path, header):
    path = tmp_path / "local.csv"
    path.write_text(f"{header},Q\n2024/02/28 10:15:03 PM GMT+6,a\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.columns_of_kind("timestamp") == [header]


@pytest.mark.parametrize(
    "header", ["Email Address", "Email address", "Адрес электронной почты"]
)
def test_email_column_kind(tmp_path, header):
    path = tmp_path / "email.csv"
    path.write_text(f"{header},Q\nasel@example.com,a\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.columns_of_kind("email") == [header]


def test_score_column_kind(data_dir):
    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "google_forms_en.csv")

    assert responses.columns_of_kind("score") == ["Score"]
    assert responses.data["Score"].tolist() == ["7 / 10", "10 / 10", "4 / 10", "6 / 10"]


def test_score_header_with_other_values_is_answer(tmp_path):
    path = tmp_path / "score.csv"
    path.write_text("Score,Q\nhigh,a\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.columns["Score"].kind == "answer"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Rate the course [Lectures]", ("Rate the course", "Lectures")),
        ("Оцените [А] и [Б] [Лекции]", ("Оцените [А] и [Б]", "Лекции")),
        ("Title [Row] ", ("Title", "Row")),
        ("Title [Row", None),
        ("Title[Row]", None),
        ("[Row]", None),
        ("Title []", None),
        ("Plain question", None),
    ],
)
def test_split_grid_header(header, expected):
    assert split_grid_header(header) == expected


def test_grid_columns_grouped(data_dir):
    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "google_forms_en.csv")

    assert responses.grid_questions() == {
        "Rate the course": [
            "Rate the course [Lectures]",
            "Rate the course [Seminars]",
        ]
    }
    source = responses.columns["Rate the course [Seminars]"]
    assert source.kind == "grid"
    assert source.question == "Rate the course"
    assert source.row_label == "Seminars"


@pytest.mark.parametrize(
    "texts",
    [
        ["2024/02/28 10:15:03 PM GMT+6", "2024/03/01 12:05:00 AM GMT+5", pd.NA],
        ["2024/02/28 9:05:03 AM GMT-3:30", "2024/02/28 12:00:00 PM GMT"],
        ["28.02.2024 22:15:03", "1.3.2024 0:05:00"],
        ["2024-02-28T22:15:03", "2024-02-28T22:15:04"],
    ],
)
def test_common_format_matches_general_pattern(texts):
    text = pd.Series(texts, dtype="string")

    common = _parse_common_format(text)
    general = _parse_any_format(text)

    assert common is not None
    assert common[0].tolist() == general[0].tolist()
    assert common[1].tolist() == general[1].tolist()
    assert common[2].tolist() == general[2].tolist()
