"""CSV output: encoding, unrounded numbers, missing values and formula text."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from srsurvey.tables.csv import write_csv
from srsurvey.tables.model import Table


def test_csv_starts_with_utf8_bom(tmp_path, reliability_table):
    path = write_csv(reliability_table, tmp_path / "reliability.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Социальная ответственность".encode() in raw


def test_csv_reads_back_unrounded(tmp_path, reliability_table):
    table = reliability_table
    path = write_csv(table, tmp_path / "reliability.csv")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.columns.tolist() == table.data.columns.tolist()
    assert back["scale"].tolist() == table.data["scale"].tolist()
    assert back["n_items"].tolist() == [8, 5]
    # Exact equality: the file keeps every digit, not the float3 display format.
    assert back["alpha"].tolist() == table.data["alpha"].tolist()
    assert back["ci_low"].tolist() == table.data["ci_low"].tolist()
    assert back["ci_high"].iloc[0] == table.data["ci_high"].iloc[0]
    assert np.isnan(back["ci_high"].iloc[1])


def test_csv_missing_values_are_empty(tmp_path, reliability_table):
    path = write_csv(reliability_table, tmp_path / "reliability.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[2][-1] == ""


def test_csv_rows_end_with_crlf(tmp_path, reliability_table):
    path = write_csv(reliability_table, tmp_path / "reliability.csv")
    lines = path.read_bytes().split(b"\r\n")
    assert len(lines) == 4  # header, two rows and the empty rest after the last CRLF
    assert lines[-1] == b""


def test_csv_quotes_formula_text(tmp_path, answers_table, formula_texts):
    path = write_csv(answers_table, tmp_path / "answers.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    answers = [row[1] for row in rows[1:]]
    for text in formula_texts:
        assert "'" + text in answers, text
        assert text not in answers, text


def test_csv_keeps_negative_numbers_unquoted(tmp_path, answers_table):
    path = write_csv(answers_table, tmp_path / "answers.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[1][2] == "-0.5"


def test_csv_keeps_leading_zeros_of_ids(tmp_path, answers_table):
    path = write_csv(answers_table, tmp_path / "answers.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert back["respondent"].iloc[0] == "001"


def test_csv_quotes_formula_column_name(tmp_path):
    table = Table("t", "T", pd.DataFrame({"=SUM(A1)": [1], "-": [2]}))
    path = write_csv(table, tmp_path / "t.csv")
    header = next(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert header == ["'=SUM(A1)", "'-"]


def test_csv_writes_index_and_special_values(tmp_path):
    data = pd.DataFrame(
        {
            "value": [np.inf, -np.inf, 0.1],
            "when": pd.to_datetime(["2024-05-01 10:30", None, "2024-05-02 00:00"]),
        },
        index=pd.Index(["a", "b", "c"], name="label"),
    )
    path = write_csv(Table("t", "T", data), tmp_path / "t.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[0] == ["label", "value", "when"]
    assert rows[1] == ["a", "inf", "2024-05-01T10:30:00"]
    assert rows[2] == ["b", "-inf", ""]
    assert rows[3] == ["c", "0.1", "2024-05-02T00:00:00"]


def test_csv_random_floats_round_trip(tmp_path):
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [rng.normal(0, 1, 500), rng.uniform(0, 1e-6, 250), rng.normal(0, 1e9, 250)]
    )
    path = write_csv(Table("t", "T", pd.DataFrame({"x": values})), tmp_path / "t.csv")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["x"].to_numpy().tobytes() == values.tobytes()


def test_csv_bom_skipped_by_pandas_default(tmp_path, reliability_table):
    path = write_csv(reliability_table, tmp_path / "reliability.csv")
    back = pd.read_csv(path)
    assert back.columns[0] == "scale"
