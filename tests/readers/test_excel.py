"""XLSX exports: cell text, timestamps, sheets and damaged workbooks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.readers import read_export
from srsurvey.readers.excel import cell_text

HEADER = ["Timestamp", "Student ID", "Age", "GPA", "Date of birth", "Agree?", "Note"]


def _rows() -> list[list[object]]:
    return [
        HEADER,
        [dt.datetime(2024, 2, 28, 22, 15, 3), "007", 19.0, 3.25, dt.datetime(2005, 4, 1), True, None],
        [dt.datetime(2024, 3, 1, 0, 5), "010", 20, 4.0, dt.datetime(2004, 12, 31), False, ""],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4.0, "4"),
        (3.25, "3.25"),
        (0.1, "0.1"),
        (-2.0, "-2"),
        (7, "7"),
        (True, "TRUE"),
        (False, "FALSE"),
        ("007", "007"),
        ("", None),
        (None, None),
        (dt.datetime(2024, 2, 28), "2024-02-28"),
        (dt.datetime(2024, 2, 28, 22, 15, 3), "2024-02-28T22:15:03"),
        (dt.date(2024, 2, 28), "2024-02-28"),
        (dt.time(9, 30), "09:30:00"),
    ],
)
def test_cell_text(value, expected):
    assert cell_text(value) == expected


def test_xlsx_values_as_text(tmp_path, write_xlsx):
    path = write_xlsx(tmp_path / "export.xlsx", {"Form Responses 1": _rows()})

    with pytest.warns(SurveyWarning, match="no time zone"):
        responses = read_export(path)

    data = responses.data
    assert data["Student ID"].tolist() == ["007", "010"]
    assert data["Age"].tolist() == ["19", "20"]
    assert data["GPA"].tolist() == ["3.25", "4"]
    assert data["Date of birth"].tolist() == ["2005-04-01", "2004-12-31"]
    assert data["Agree?"].tolist() == ["TRUE", "FALSE"]
    assert data["Note"].isna().all()
    assert isinstance(data["Age"].dtype, pd.StringDtype)


def test_xlsx_timestamp_parsed_naive(tmp_path, write_xlsx):
    path = write_xlsx(tmp_path / "export.xlsx", {"Form Responses 1": _rows()})

    with pytest.warns(SurveyWarning, match="no time zone"):
        responses = read_export(path)

    times = responses.data["Timestamp"]
    assert times.dt.tz is None
    assert times.tolist() == [
        pd.Timestamp("2024-02-28 22:15:03"),
        pd.Timestamp("2024-03-01 00:05:00"),
    ]
    assert responses.details["timezone"] == "unknown"
    assert responses.details["format"] == "xlsx"
    assert responses.details["sheet"] == "Form Responses 1"


def test_xlsx_text_timestamps_with_offsets(tmp_path, write_xlsx):
    rows = [
        ["Timestamp", "Q"],
        ["2024/02/29 11:59:59 PM GMT+6", "a"],
        ["2024/03/01 12:05:00 AM GMT+5", "b"],
    ]
    path = write_xlsx(tmp_path / "export.xlsx", {"Sheet1": rows})

    responses = read_export(path)

    assert responses.data["Timestamp"].tolist() == [
        pd.Timestamp("2024-02-29 17:59:59", tz="UTC"),
        pd.Timestamp("2024-02-29 19:05:00", tz="UTC"),
    ]


def test_xlsx_source_rows_and_columns(tmp_path, write_xlsx):
    rows = [["id", "Q"], ["1", "a"], [None, None], ["3", "c"]]
    path = write_xlsx(tmp_path / "export.xlsx", {"Sheet1": rows})

    responses = read_export(path)

    assert responses.source_rows.tolist() == [2, 4]
    assert responses.columns["Q"].sheet == "Sheet1"
    assert responses.source_files.tolist() == [str(path), str(path)]


def test_first_sheet_by_default(tmp_path, write_xlsx):
    sheets = {"Responses": [["Q"], ["first"]], "Other": [["Q"], ["second"]]}
    path = write_xlsx(tmp_path / "two.xlsx", sheets)

    assert read_export(path).data["Q"].tolist() == ["first"]
    assert read_export(path, sheet="Other").data["Q"].tolist() == ["second"]


def test_unknown_sheet_lists_sheets(tmp_path, write_xlsx):
    sheets = {"Responses": [["Q"], ["first"]], "Other": [["Q"], ["second"]]}
    path = write_xlsx(tmp_path / "two.xlsx", sheets)

    with pytest.raises(DataFileError) as caught:
        read_export(path, sheet="Sheet9")

    message = str(caught.value)
    assert 'no sheet "Sheet9"' in message
    assert '"Responses", "Other"' in message
    assert caught.value.value == "Sheet9"


def test_empty_first_sheet_is_rejected(tmp_path, write_xlsx):
    sheets = {"Empty": [], "Responses": [["Q"], ["a"]]}
    path = write_xlsx(tmp_path / "empty_first.xlsx", sheets)

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    message = str(caught.value)
    assert 'the sheet "Empty" is empty' in message
    assert '"Responses"' in message
    assert caught.value.sheet == "Empty"


def test_header_only_sheet_is_rejected(tmp_path, write_xlsx):
    path = write_xlsx(tmp_path / "header.xlsx", {"Sheet1": [["Timestamp", "Q"]]})

    with pytest.raises(DataFileError, match="header but no responses"):
        read_export(path)


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_xlsx_is_damaged(tmp_path, write_xlsx, keep):
    full = write_xlsx(tmp_path / "full.xlsx", {"Sheet1": _rows()})
    data = full.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert "damaged or incomplete" in str(caught.value)
    assert "again" in str(caught.value)


def test_damaged_part_inside_xlsx(tmp_path, write_xlsx):
    import zipfile

    full = write_xlsx(tmp_path / "full.xlsx", {"Sheet1": _rows()})
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(item, content)

    with pytest.raises(DataFileError, match="damaged or incomplete"):
        read_export(path)


def test_xlsx_named_csv_is_read_as_workbook(tmp_path, write_xlsx):
    path = write_xlsx(tmp_path / "export.csv", {"Sheet1": [["Q"], ["a"]]})

    with pytest.warns(SurveyWarning, match="is an .xlsx workbook"):
        responses = read_export(path)

    assert responses.data["Q"].tolist() == ["a"]
    assert responses.details["format"] == "xlsx"


def test_xlsx_cells_with_line_breaks(tmp_path, write_xlsx):
    rows = [["Comment"], ["first line\nsecond line"], ["x"]]
    path = write_xlsx(tmp_path / "lines.xlsx", {"Sheet1": rows})

    responses = read_export(path)

    assert responses.data["Comment"].tolist() == ["first line\nsecond line", "x"]
    assert responses.source_rows.tolist() == [2, 3]
