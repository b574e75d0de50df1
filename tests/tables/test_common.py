"""Cell formatting, report checks and numbering shared by all writers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from srsurvey.tables._common import (
    check_report,
    format_cell,
    is_missing,
    number_blocks,
    table_frame,
)
from srsurvey.tables.model import Block, Figure, Report, Section, Table
from srsurvey.tables.write import safe_cell


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        # p-values: APA style, "< .001" below 0.001 and no leading zero otherwise.
        (0.00001, "p", "< .001"),
        (0.0009999, "p", "< .001"),
        (0.001, "p", ".001"),
        (0.0234567, "p", ".023"),
        (0.5, "p", ".500"),
        (1.0, "p", "1.000"),
        (np.float64(0.04999), "p", ".050"),
        (0.8123456789, "float3", "0.812"),
        (0.8151, "float2", "0.82"),
        (-2.3456789, "float2", "-2.35"),
        (-0.0004, "float3", "0.000"),
        (61.23456, "percent", "61.2"),
        (7.6, "int", "8"),
        (np.int64(12), "int", "12"),
        (np.int64(12), None, "12"),
        (12345678901234567, "int", "12345678901234567"),
        (0.1, None, "0.100"),
        (3.100793909169894, None, "3.101"),
        (4.0, None, "4"),
        (float("inf"), "float2", "∞"),
        (float("-inf"), None, "−∞"),
        ("-5", "float2", "-5"),
        (True, None, "True"),
        (pd.Timestamp("2024-05-01 10:30"), None, "2024-05-01 10:30:00"),
        (dt.date(2024, 5, 1), None, "2024-05-01"),
    ],
)
def test_format_cell_values(value, fmt, expected):
    assert format_cell(value, fmt) == expected


@pytest.mark.parametrize("value", [None, np.nan, float("nan"), pd.NA, pd.NaT])
def test_format_cell_missing_is_empty(value):
    assert is_missing(value)
    assert format_cell(value, "float2") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 700", "'+7 700"),
        ("-5", "'-5"),
        ("@user", "'@user"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Жауап", "Жауап"),
        ("a=b", "a=b"),
        ("", ""),
        (-0.5, -0.5),
        (-5, -5),
        (None, None),
    ],
)
def test_safe_cell_quotes_formula_text(value, expected):
    assert safe_cell(value) == expected


def test_safe_cell_keeps_numpy_negative_number():
    value = np.float64(-0.5)
    assert safe_cell(value) is value


def test_table_frame_drops_default_index():
    table = Table("t", "T", pd.DataFrame({"a": [1, 2]}))
    assert list(table_frame(table).columns) == ["a"]


def test_table_frame_keeps_named_index():
    data = pd.DataFrame({"alpha": [0.8]}, index=pd.Index(["scale A"], name="scale"))
    frame = table_frame(Table("t", "T", data))
    assert list(frame.columns) == ["scale", "alpha"]
    assert frame["scale"].tolist() == ["scale A"]


def test_table_frame_joins_multiindex_columns():
    columns = pd.MultiIndex.from_tuples([("pre", "mean"), ("post", "mean")])
    frame = table_frame(Table("t", "T", pd.DataFrame([[1.0, 2.0]], columns=columns)))
    assert list(frame.columns) == ["pre mean", "post mean"]


def test_table_frame_rejects_duplicate_columns():
    data = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(ValueError, match="duplicate column names"):
        table_frame(Table("t", "T", data))


def _report_with(**tables_or_figures) -> Report:
    report = Report(title="R", name="r")
    for key, value in tables_or_figures.items():
        target = report.tables if isinstance(value, Table) else report.figures
        target[key] = value
    return report


@pytest.mark.parametrize("name", ["../evil", "a/b", ".hidden", "", "a b", "a\\b"])
def test_check_report_rejects_bad_table_name(name):
    report = _report_with(**{name: Table(name, "T", pd.DataFrame())})
    with pytest.raises(ValueError, match="not a valid file name"):
        check_report(report)


def test_check_report_accepts_cyrillic_name():
    report = _report_with(надёжность=Table("надёжность", "T", pd.DataFrame()))
    check_report(report)


def test_check_report_rejects_case_collision():
    report = _report_with(
        Items=Table("Items", "T", pd.DataFrame()),
        items=Table("items", "T", pd.DataFrame()),
    )
    with pytest.raises(ValueError, match="differ only in letter case"):
        check_report(report)


def test_check_report_rejects_key_name_mismatch():
    report = _report_with(a=Table("b", "T", pd.DataFrame()))
    with pytest.raises(ValueError, match="stored under 'a' is named 'b'"):
        check_report(report)


def test_check_report_rejects_unknown_reference():
    report = Report(title="R", name="r", sections=[Section("S").table("missing")])
    with pytest.raises(ValueError, match="'missing', which the report does not"):
        check_report(report)


def test_check_report_rejects_unknown_block_kind():
    report = Report(title="R", name="r", sections=[Section("S", [Block("chart", "x")])])
    with pytest.raises(ValueError, match="unknown kind 'chart'"):
        check_report(report)


def test_number_blocks_follows_reading_order(report):
    numbering = number_blocks(report)
    assert numbering.tables == {
        "reliability": 1,
        "comparison": 2,
        "answers": 3,
        "item_means": 4,
    }
    assert numbering.unplaced_tables == ["item_means"]
    assert numbering.figures == {"answers_chart": 1}
    assert numbering.unplaced_figures == []


def test_number_blocks_counts_repeated_table_once():
    table = Table("t", "T", pd.DataFrame({"a": [1]}))
    figure = Figure("f", "F", figure=None)
    report = Report(
        title="R",
        name="r",
        sections=[Section("A").table("t"), Section("B").table("t")],
        tables={"t": table},
        figures={"f": figure},
    )
    numbering = number_blocks(report)
    assert numbering.tables == {"t": 1}
    assert numbering.unplaced_figures == ["f"]
    assert numbering.figures == {"f": 1}
