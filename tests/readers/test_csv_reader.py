"""CSV exports: encodings, delimiters, decimals, multi-line cells and bad rows."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.readers import read_export

HEADER = ["Timestamp", "Возраст", "Ваш пол", "Комментарий"]
ROWS = [
    ["2024/02/28 10:15:03 PM GMT+6", "19", "Женский", "Всё понятно"],
    ["2024/03/01 9:00:00 AM GMT+5", "20", "Мужской", ""],
]


def _csv_text(delimiter: str, rows: list[list[str]] = ROWS) -> str:
    lines = [delimiter.join(HEADER)] + [delimiter.join(row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def test_google_forms_fixture_values(data_dir):
    with pytest.warns(SurveyWarning, match="appears 2 times"):
        responses = read_export(data_dir / "google_forms_en.csv")

    data = responses.data
    assert data.shape == (4, 10)
    assert responses.details["encoding"] == "utf-8"
    assert responses.details["delimiter"] == ","
    assert responses.decimal == "."
    assert data["Student ID"].tolist() == ["007", "0120", "0033", "1001"]
    assert data["Comments"].iloc[0] == (
        "Good course.\r\nThe second line of a long answer."
    )
    assert data["Comments"].iloc[2] == 'Too fast, too "dense"'
    assert data["Comments"].iloc[1] is pd.NA


def test_multiline_cell_keeps_spreadsheet_rows(data_dir):
    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "google_forms_en.csv")

    # The first record spans two lines of the file, but a spreadsheet shows it as
    # row 2, so the records below are rows 3, 4 and 5.
    assert responses.source_rows.tolist() == [2, 3, 4, 5]
    assert responses.location(2) == (str(data_dir / "google_forms_en.csv"), 4)


def test_answer_cells_are_strings_with_na(data_dir):
    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "google_forms_en.csv")

    for name in ["Student ID", "Comments", "Age"]:
        assert isinstance(responses.data[name].dtype, pd.StringDtype)
        assert responses.data[name].dtype.na_value is pd.NA
    assert responses.data["Rate the course [Seminars]"].isna().tolist() == [
        False,
        False,
        True,
        False,
    ]


def test_duplicate_titles_get_stable_names(data_dir):
    with pytest.warns(SurveyWarning, match=r'named "Comments", "Comments \(2\)"'):
        responses = read_export(data_dir / "google_forms_en.csv")

    assert "Comments (2)" in responses.data.columns
    assert "Comments.1" not in responses.data.columns
    assert responses.columns["Comments (2)"].header == "Comments"
    assert responses.columns["Comments (2)"].position == 8
    assert responses.data["Comments (2)"].tolist()[:1] == ["ok"]


def test_duplicate_name_skips_existing_header(tmp_path):
    path = tmp_path / "clash.csv"
    path.write_text("Q,Q (2),Q\n1,2,3\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match="appears 2 times"):
        responses = read_export(path)

    assert list(responses.data.columns) == ["Q", "Q (2)", "Q (3)"]
    assert responses.data["Q (3)"].tolist() == ["3"]


def test_cp1251_semicolon_decimal_comma(data_dir):
    with pytest.warns(SurveyWarning) as caught:
        responses = read_export(data_dir / "excel_ru_semicolon_cp1251.csv")

    messages = [str(warning.message) for warning in caught]
    assert any("read as Windows-1251" in message for message in messages)
    assert any("have no time zone" in message for message in messages)
    assert responses.details["encoding"] == "cp1251"
    assert responses.details["timezone"] == "unknown"
    assert responses.details["delimiter"] == ";"
    assert responses.decimal == ","
    assert responses.data["ФИО"].tolist() == [
        "Асель Нурланова",
        "Иван Петров",
        "Ольга Смирнова",
    ]
    assert responses.data["Средний балл"].tolist() == ["3,5", "4,25", "3"]


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("cp1251", b"", "cp1251"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encoding_and_delimiter_detected(
    tmp_path, encoding, prefix, detected, delimiter
):
    path = tmp_path / "export.csv"
    path.write_bytes(prefix + _csv_text(delimiter).encode(encoding))

    if detected == "cp1251":
        with pytest.warns(SurveyWarning, match="Windows-1251"):
            responses = read_export(path)
    else:
        responses = read_export(path)
        assert responses.warnings == []

    assert responses.details["encoding"] == detected
    assert responses.details["delimiter"] == delimiter
    assert list(responses.data.columns) == HEADER
    assert responses.data["Ваш пол"].tolist() == ["Женский", "Мужской"]
    assert responses.data["Комментарий"].iloc[1] is pd.NA


def test_semicolon_header_with_commas(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        "Отметка времени;Я понимаю, что врач отвечает за здоровье общества;Курс\n"
        "28.02.2024 22:15:03;Скорее согласен;1\n"
        "29.02.2024 9:01:02;Полностью согласен, наверное;2\n",
        encoding="utf-8",
    )

    with pytest.warns(SurveyWarning, match="no time zone"):
        responses = read_export(path)

    assert responses.details["delimiter"] == ";"
    assert responses.data.shape == (2, 3)


@pytest.mark.parametrize(
    ("cells", "decimal"),
    [
        (["3,5", "4"], ","),
        (["3.5", "4"], "."),
        (["3", "4"], "."),
    ],
)
def test_decimal_separator_detected(tmp_path, cells, decimal):
    path = tmp_path / "numbers.csv"
    path.write_text(f"id;value\n1;{cells[0]}\n2;{cells[1]}\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.decimal == decimal


def test_comma_csv_keeps_point_decimal(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text('id,value\n1,"3,5"\n', encoding="utf-8")

    responses = read_export(path)

    assert responses.decimal == "."
    assert responses.data["value"].tolist() == ["3,5"]


def test_na_text_stays_text(data_dir):
    responses = read_export(data_dir / "bucknell_cure_year1_prepost.tsv")

    # The file writes missing answers as the text "NA"; the reader keeps them, and
    # the study file's missing codes decide what they mean.
    assert int(responses.data.eq("NA").sum().sum()) >= 57
    assert int(responses.data.isna().sum().sum()) == 0


def test_real_tab_separated_export(data_dir):
    responses = read_export(data_dir / "bucknell_cure_year1_prepost.tsv")

    assert responses.data.shape == (85, 156)
    assert responses.details["delimiter"] == "\t"
    assert responses.data["ResponseId_pre"].is_unique
    assert responses.source_rows.iloc[-1] == 86
    assert responses.warnings == []


def test_blank_lines_are_dropped_with_rows_kept(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("id,answer\n001,a\n\n002,b\n\n\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.data["id"].tolist() == ["001", "002"]
    assert responses.source_rows.tolist() == [2, 4]


def test_row_too_wide_names_row(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text('id,answer\n1,"two\nlines"\n2,a\n3,b,extra\n', encoding="utf-8")

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    error = caught.value
    assert error.row == 4
    assert error.file == str(path)
    assert "row 4 has 3 cells but the header has 2" in str(error)
    assert "must be quoted" in str(error)


def test_short_rows_warn_and_pad(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("id,answer,comment\n1,a,x\n2,b\n3\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match=r"2 rows have fewer cells.*rows 3, 4"):
        responses = read_export(path)

    assert responses.data["comment"].isna().tolist() == [False, True, True]
    assert responses.data["answer"].tolist() == ["a", "b", pd.NA]


def test_unclosed_quote_names_row(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('id,answer\n1,a\n2,"never closed\n3,c\n', encoding="utf-8")

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert caught.value.row == 3
    assert "never closed" in str(caught.value)


def test_header_only_is_rejected(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("Timestamp,Q1,Q2\n", encoding="utf-8")

    with pytest.raises(DataFileError, match="header but no responses"):
        read_export(path)


def test_empty_header_row_is_rejected(tmp_path):
    path = tmp_path / "late_header.csv"
    path.write_text("\nid,answer\n1,a\n", encoding="utf-8")

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert caught.value.row == 1
    assert "row 1 is empty" in str(caught.value)


def test_undecodable_bytes_are_rejected(tmp_path):
    path = tmp_path / "broken.csv"
    # 0x98 is undefined in Windows-1251, and 0xff is invalid in UTF-8.
    path.write_bytes(b"id,answer\n1,\xff\x98\n")

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    message = str(caught.value)
    assert "not UTF-8 or Windows-1251 text" in message
    assert "0x98" in message
    assert "CSV UTF-8" in message


def test_column_without_header_is_named(tmp_path):
    path = tmp_path / "noname.csv"
    path.write_text("id,,answer,\n1,x,a,\n2,,b,\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match='named "Column B"'):
        responses = read_export(path)

    assert list(responses.data.columns) == ["id", "Column B", "answer"]
