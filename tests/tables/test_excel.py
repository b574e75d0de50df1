"""XLSX output: sheets, header row, number formats and text that is never a formula."""

from __future__ import annotations

import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest

from srsurvey.errors import SurveyWarning
from srsurvey.tables.excel import (
    MAX_CELL_TEXT,
    MAX_COLUMN_WIDTH,
    sheet_names,
    write_xlsx,
)
from srsurvey.tables.model import Report, Table


@pytest.fixture
def workbook(report, tmp_path):
    path = write_xlsx(report, tmp_path / "tables.xlsx")
    return openpyxl.load_workbook(path)


def _column(sheet, name):
    header = [cell.value for cell in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]


def test_xlsx_one_sheet_per_table(workbook, report):
    assert workbook.sheetnames == list(report.tables)


def test_xlsx_header_bold_and_frozen(workbook):
    sheet = workbook["reliability"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == [
        "scale",
        "n_items",
        "alpha",
        "ci_low",
        "ci_high",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold


def test_xlsx_autofilter_covers_table(workbook):
    assert workbook["reliability"].auto_filter.ref == "A1:E3"
    assert workbook["item_means"].auto_filter.ref == "A1:B46"


def test_xlsx_numbers_unrounded_with_formats(workbook, reliability_table):
    sheet = workbook["reliability"]
    alpha = _column(sheet, "alpha")
    assert [cell.value for cell in alpha] == reliability_table.data["alpha"].tolist()
    assert all(cell.data_type == "n" for cell in alpha)
    assert all(cell.number_format == "0.000" for cell in alpha)
    assert all(cell.number_format == "0" for cell in _column(sheet, "n_items"))
    # A column without a format keeps Excel's General format.
    assert _column(sheet, "ci_high")[0].number_format == "General"


def test_xlsx_p_and_percent_formats(workbook):
    sheet = workbook["comparison"]
    p_values = _column(sheet, "p_value")
    assert p_values[0].value == 0.00001
    assert p_values[0].number_format == "0.000"
    assert _column(sheet, "percent_agree")[0].number_format == "0.0"
    assert _column(sheet, "t")[0].number_format == "0.00"


def test_xlsx_nan_is_empty_cell(workbook):
    ci_high = _column(workbook["reliability"], "ci_high")
    assert ci_high[1].value is None
    answers = _column(workbook["answers"], "answer")
    assert answers[-1].value is None


def test_xlsx_formula_text_is_string_cell(workbook, formula_texts):
    cells = {cell.value: cell for cell in _column(workbook["answers"], "answer")}
    for text in formula_texts:
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text


def test_xlsx_plain_text_has_no_quote_prefix(workbook):
    cell = _column(workbook["answers"], "respondent")[0]
    assert cell.value == "001"
    assert cell.data_type == "s"
    assert not cell.quotePrefix


def test_xlsx_file_has_no_formula_elements(report, tmp_path):
    import zipfile

    path = write_xlsx(report, tmp_path / "tables.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode("utf-8") for name in sheets)
    assert "<f>" not in xml
    assert "<f " not in xml


def test_xlsx_negative_number_stays_number(workbook):
    score = _column(workbook["answers"], "score")[0]
    assert score.value == -0.5
    assert score.data_type == "n"


def test_xlsx_column_widths_fit_and_cap(tmp_path):
    data = pd.DataFrame({"short": ["a"], "long": ["x" * 500], "wide": ["Ж" * 20]})
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", data))
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "t.xlsx"))["t"]
    assert sheet.column_dimensions["A"].width == 7  # "short" + 2, above the minimum
    assert sheet.column_dimensions["B"].width == MAX_COLUMN_WIDTH
    assert sheet.column_dimensions["C"].width == 22


def test_xlsx_width_uses_formatted_numbers(workbook):
    # alpha is shown as 0.812 (float3), so the column fits "alpha" + 2.
    assert workbook["reliability"].column_dimensions["C"].width == 7


def test_xlsx_special_values(tmp_path):
    data = pd.DataFrame(
        {
            "x": [np.inf, 1.0],
            "when": pd.to_datetime(
                ["2024-05-01 10:30", "2024-05-01 12:00"]
            ).tz_localize("Asia/Almaty"),
            "flag": [True, False],
            "numpy_flag": pd.Series([np.True_, np.False_], dtype=object),
            "text": ["a\x01b", "ok"],
        }
    )
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", data))
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "t.xlsx"))["t"]
    assert sheet["A2"].value == "inf"
    assert sheet["A2"].data_type == "s"
    # 10:30 in Almaty (UTC+5) is 05:30 UTC.
    assert sheet["B2"].value == pd.Timestamp("2024-05-01 05:30").to_pydatetime()
    assert sheet["C2"].value is True
    assert sheet["D2"].value is True
    assert sheet["E2"].value == "ab"


def test_xlsx_cuts_text_over_cell_limit(tmp_path):
    report = Report(title="R", name="r")
    report.add_table(
        Table("t", "T", pd.DataFrame({"text": ["я" * (MAX_CELL_TEXT + 5)]}))
    )
    with pytest.warns(SurveyWarning, match="32767"):
        path = write_xlsx(report, tmp_path / "t.xlsx")
    assert len(openpyxl.load_workbook(path)["t"]["A2"].value) == MAX_CELL_TEXT


def test_xlsx_without_tables_has_note_sheet(tmp_path):
    report = Report(title="R", name="r")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = write_xlsx(report, tmp_path / "t.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Report"]
    assert workbook["Report"]["A1"].value == "This report has no tables."


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["reliability"], ["reliability"]),
        (["a/b", "c:d", "e[1]", "f*?"], ["a_b", "c_d", "e_1_", "f__"]),
        (["x" * 40], ["x" * 31]),
        (["x" * 40, "x" * 35], ["x" * 31, "x" * 29 + "~2"]),
        (["Items", "items"], ["Items", "items~2"]),
        (["a/b", "a_b"], ["a_b", "a_b~2"]),
        (["'quoted'"], ["quoted"]),
        (["'"], ["table"]),
    ],
)
def test_sheet_names_valid_and_unique(names, expected):
    assert sheet_names(names) == expected
