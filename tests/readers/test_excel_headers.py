"""Worksheets with a block-title row merged above the item titles."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from srsurvey.readers import read_export


def _write(path, rows, merges=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ответы"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)


def _two_rows(tmp_path):
    path = tmp_path / "blocks.xlsx"
    _write(
        path,
        [
            ["ФИО", "Block A", None, None, "Block B", None, "Возраст"],
            [None, "A1", "A2", "A3", "B1", "B2", None],
            ["Aigerim Nurlanova", 4, 5, 3, "Да", "Нет", 19],
            ["Ivan Petrov", 2, 1, 4, "Нет", "Нет", 20],
        ],
        merges=["A1:A2", "B1:D1", "E1:F1", "G1:G2"],
    )
    return path


def test_two_header_rows_joined(tmp_path):
    responses = read_export(_two_rows(tmp_path))

    assert list(responses.data.columns) == [
        "ФИО",
        "Block A / A1",
        "Block A / A2",
        "Block A / A3",
        "Block B / B1",
        "Block B / B2",
        "Возраст",
    ]
    assert responses.details["header rows"] == "2"


def test_two_header_rows_data_start_row_3(tmp_path):
    responses = read_export(_two_rows(tmp_path))

    assert responses.source_rows.tolist() == [3, 4]
    assert responses.data["Block A / A2"].tolist() == ["5", "1"]
    assert responses.data["Возраст"].tolist() == ["19", "20"]
    assert not [name for name in responses.data.columns if "Unnamed" in name]
    assert not [name for name in responses.data.columns if name.startswith("Column")]


def test_first_response_not_taken_for_titles(tmp_path):
    path = tmp_path / "plain.xlsx"
    # Row 2 is an answer row that leaves B empty: "Да" recurs below, and there is
    # no merged range, so row 1 stays the only header.
    _write(
        path,
        [
            ["Name", "Q1", "Q2"],
            ["Да", None, "Нет"],
            ["Нет", "Да", "Нет"],
        ],
    )

    responses = read_export(path)

    assert list(responses.data.columns) == ["Name", "Q1", "Q2"]
    assert responses.source_rows.tolist() == [2, 3]
    assert "header rows" not in responses.details


@pytest.mark.parametrize(
    "second_row",
    [
        [None, "A1", "A1"],  # a repeated title
        [None, 4, 5],  # numbers are answers, not titles
    ],
)
def test_merged_title_with_answer_row_is_one_header(tmp_path, second_row):
    path = tmp_path / "answers.xlsx"
    _write(
        path,
        [["Name", "Block A", None], second_row, ["x", "y", "z"]],
        merges=["B1:C1"],
    )

    responses = read_export(path)

    assert responses.source_rows.tolist() == [2, 3]
    assert "header rows" not in responses.details
