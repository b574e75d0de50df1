"""results.json and manifest.json: conversion of numpy and pandas values."""

from __future__ import annotations

import datetime as dt
import enum
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srsurvey.tables.jsonout import to_json_value, write_manifest, write_results_json
from srsurvey.tables.model import Report, Table


def test_results_json_round_trips(report, tmp_path):
    path = write_results_json(report, tmp_path / "results.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["reliability", "started", "groups", "tables"]
    assert data["reliability"] == {"alpha": 0.8123456789012345, "n": 24, "omega": None}
    assert data["started"] == "2024-05-01T10:30:00+00:00"
    assert data["groups"] == ["Город", "Село"]


def test_results_json_tables_as_records(report, tmp_path):
    path = write_results_json(report, tmp_path / "results.json")
    tables = json.loads(path.read_text(encoding="utf-8"))["tables"]
    assert list(tables) == list(report.tables)
    first, second = tables["reliability"]
    assert first == {
        "scale": "Социальная ответственность",
        "n_items": 8,
        "alpha": 0.8123456789012345,
        "ci_low": 0.7712345678901234,
        "ci_high": 0.8456789012345678,
    }
    assert second["ci_high"] is None
    assert tables["answers"][6]["answer"] is None
    assert tables["comparison"][0]["p_value"] == 0.00001


def test_results_json_is_strict_utf8(report, tmp_path):
    text = write_results_json(report, tmp_path / "results.json").read_text("utf-8")
    assert "NaN" not in text
    assert "Социальная" in text  # ensure_ascii=False keeps letters readable
    assert "\\u04" not in text
    assert text.startswith('{\n  "reliability"')


def test_results_json_is_deterministic(report, tmp_path):
    first = write_results_json(report, tmp_path / "a.json").read_bytes()
    second = write_results_json(report, tmp_path / "b.json").read_bytes()
    assert first == second


def test_results_json_rejects_tables_key(tmp_path):
    report = Report(title="R", name="r", results={"tables": 1})
    with pytest.raises(ValueError, match="has a key 'tables'"):
        write_results_json(report, tmp_path / "results.json")


def test_manifest_json_round_trips(report, tmp_path):
    path = write_manifest(report, tmp_path / "manifest.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["versions"]["srsurvey"] == "9.8.7"
    assert data["inputs"][0]["file"] == "ответы.csv"


class _Colour(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.float64(0.25), 0.25),
        (np.float32(0.5), 0.5),
        (np.int64(3), 3),
        (np.bool_(True), True),
        (np.nan, None),
        (np.inf, None),
        (-np.inf, None),
        (pd.NA, None),
        (pd.NaT, None),
        (pd.Timestamp("2024-05-01 10:30"), "2024-05-01T10:30:00"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        (pd.Timedelta(minutes=2), 120.0),
        (np.datetime64("2024-05-01T10:30"), "2024-05-01T10:30:00"),
        (Path("data") / "a.csv", str(Path("data") / "a.csv")),
        (_Colour.RED, "red"),
        (np.array([1, 2]), [1, 2]),
        ((1, np.nan), [1, None]),
        ({3, 1, 2}, [1, 2, 3]),
        ({1: "a", "b": 2}, {"1": "a", "b": 2}),
        (pd.Series([1.5, np.nan], index=["x", "y"]), {"x": 1.5, "y": None}),
        (
            pd.DataFrame({"a": [1, 2]}, index=pd.Index(["p", "q"], name="k")),
            [{"k": "p", "a": 1}, {"k": "q", "a": 2}],
        ),
    ],
)
def test_to_json_value_converts(value, expected):
    assert to_json_value(value) == expected


def test_to_json_value_names_bad_path():
    with pytest.raises(ValueError, match=r"results\['x'\]\[1\]: a value of type bytes"):
        to_json_value({"x": [1, b"raw"]}, "results")


def test_results_json_keeps_table_index(tmp_path):
    data = pd.DataFrame({"alpha": [0.8]}, index=pd.Index(["A"], name="scale"))
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", data))
    path = write_results_json(report, tmp_path / "results.json")
    tables = json.loads(path.read_text(encoding="utf-8"))["tables"]
    assert tables["t"] == [{"scale": "A", "alpha": 0.8}]
