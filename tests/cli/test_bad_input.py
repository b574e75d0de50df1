"""Bad input gets one clear message, exit code 1, no traceback and no report folder."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from srsurvey.cli import run

DATA = Path(__file__).resolve().parents[1] / "data"


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    status = run(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _assert_clean_failure(status: int, err: str, out_dir: Path) -> None:
    assert status == 1
    assert err.startswith("Error: ")
    assert "Traceback" not in err
    assert not out_dir.exists()
    leftovers = [p.name for p in out_dir.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder / "report"


def test_missing_file(tmp_path, out_dir, capsys):
    missing = tmp_path / "nowhere.csv"
    status, _, err = _run(["analyze", str(missing), "--out", str(out_dir)], capsys)
    _assert_clean_failure(status, err, out_dir)
    assert "nowhere.csv" in err
    assert "not found" in err


def test_empty_file(tmp_path, out_dir, capsys):
    empty = _write(tmp_path / "empty.csv", "")
    status, _, err = _run(["analyze", str(empty), "--out", str(out_dir)], capsys)
    _assert_clean_failure(status, err, out_dir)
    assert "empty.csv" in err
    assert "empty" in err.lower()


def test_header_only_file(tmp_path, out_dir, capsys):
    header = _write(tmp_path / "header.csv", "Timestamp,Q1,Q2\n")
    status, _, err = _run(["analyze", str(header), "--out", str(out_dir)], capsys)
    _assert_clean_failure(status, err, out_dir)
    assert "header.csv" in err
    assert "no responses" in err.lower()


def test_truncated_xlsx(tmp_path, out_dir, capsys):
    import openpyxl

    good = tmp_path / "good.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Q1", "Q2"])
    for row in range(20):
        sheet.append([row % 5 + 1, (row + 2) % 5 + 1])
    workbook.save(good)
    data = good.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    status, _, err = _run(["analyze", str(truncated), "--out", str(out_dir)], capsys)
    _assert_clean_failure(status, err, out_dir)
    assert "truncated.xlsx" in err
    assert "damaged or incomplete" in err


def test_csv_renamed_xlsx_is_read_by_content(tmp_path, out_dir, capsys):
    renamed = _write(
        tmp_path / "answers.xlsx",
        "Q1,Q2\n" + "".join(f"{i % 5 + 1},{(i + 1) % 5 + 1}\n" for i in range(12)),
    )
    status, _, err = _run(
        ["analyze", str(renamed), "--out", str(out_dir), "--no-figures"], capsys
    )
    assert status == 0, err
    assert "CSV" in err
    assert (out_dir / "tables" / "frequencies.csv").exists() or (
        out_dir / "tables" / "descriptives.csv"
    ).exists()


def test_unknown_column_in_scale(out_dir, capsys):
    bfi = DATA / "bfi.csv"
    status, _, err = _run(
        [
            "analyze",
            str(bfi),
            "--scale",
            "agreeableness=-A1,A2,A3,A4,A9",
            "--range",
            "1-6",
            "--out",
            str(out_dir),
        ],
        capsys,
    )
    _assert_clean_failure(status, err, out_dir)
    assert "A9" in err


def test_unknown_labels_listed_with_counts(tmp_path, out_dir, capsys):
    study = tmp_path / "study.yaml"
    export = _write(
        tmp_path / "labels.csv",
        "id,Q1,Q2\n"
        "1,Agree,Disagree\n"
        "2,Agree a lot,Agree\n"
        "3,Agree a lot,Agree\n"
        "4,Disagree,Sort of\n",
    )
    study.write_text(
        "study:\n  name: labels\n"
        "input:\n  id: id\n"
        "response_scales:\n  agree:\n    points:\n"
        "      1: Disagree\n      2: Agree\n"
        "items:\n  q1:\n    column: Q1\n    scale: agree\n"
        "  q2:\n    column: Q2\n    scale: agree\n"
        "scales:\n  total:\n    items: [q1, q2]\n",
        encoding="utf-8",
    )
    status, _, err = _run(
        ["analyze", str(export), "--study", str(study), "--out", str(out_dir)], capsys
    )
    _assert_clean_failure(status, err, out_dir)
    assert "Agree a lot" in err
    assert "Sort of" in err
    assert "labels.csv" in err


def test_text_in_numeric_item(tmp_path, out_dir, capsys):
    export = _write(
        tmp_path / "numbers.csv",
        "Q1,Q2\n1,2\n3,4\nfive,2\n4,4\n",
    )
    status, _, err = _run(
        [
            "analyze",
            str(export),
            "--scale",
            "total=Q1,Q2",
            "--range",
            "1-5",
            "--out",
            str(out_dir),
        ],
        capsys,
    )
    _assert_clean_failure(status, err, out_dir)
    assert "five" in err
    assert "row 4" in err
    assert '"Q1"' in err


def test_bad_scale_syntax_is_usage_error(out_dir, capsys):
    status, _, err = _run(
        [
            "analyze",
            str(DATA / "bfi.csv"),
            "--scale",
            "agreeableness",
            "--out",
            str(out_dir),
        ],
        capsys,
    )
    assert status == 2
    assert "NAME=ITEM" in err
    assert not out_dir.exists()


def test_bad_range_is_usage_error(out_dir, capsys):
    status, _, err = _run(
        [
            "analyze",
            str(DATA / "bfi.csv"),
            "--scale",
            "a=A1,A2",
            "--range",
            "6-1",
            "--out",
            str(out_dir),
        ],
        capsys,
    )
    assert status == 2
    assert "MIN-MAX" in err


def test_existing_report_needs_force(tmp_path, capsys):
    export = _write(tmp_path / "small.csv", "Q1,Q2\n1,2\n2,3\n3,4\n4,5\n5,1\n")
    out_dir = tmp_path / "report"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("older report", encoding="utf-8")
    status, _, err = _run(
        ["analyze", str(export), "--out", str(out_dir), "--no-figures"], capsys
    )
    assert status == 1
    assert "--force" in err
    assert (out_dir / "keep.txt").read_text(encoding="utf-8") == "older report"

    status, _, err = _run(
        ["analyze", str(export), "--out", str(out_dir), "--no-figures", "--force"],
        capsys,
    )
    assert status == 0, err
    assert not (out_dir / "keep.txt").exists()
    assert (out_dir / "report.html").exists()


def test_inputs_never_modified(tmp_path, capsys):
    copy = tmp_path / "bfi.csv"
    shutil.copyfile(DATA / "bfi.csv", copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    status, _, err = _run(
        [
            "analyze",
            str(copy),
            "--scale",
            "agreeableness=-A1,A2,A3,A4,A5",
            "--range",
            "1-6",
            "--out",
            str(tmp_path / "report"),
            "--no-figures",
        ],
        capsys,
    )
    assert status == 0, err
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_zip_that_is_not_xlsx(tmp_path, out_dir, capsys):
    archive = tmp_path / "answers.xlsx"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("readme.txt", "not a workbook")
    status, _, err = _run(["analyze", str(archive), "--out", str(out_dir)], capsys)
    _assert_clean_failure(status, err, out_dir)
    assert "answers.xlsx" in err


def test_empty_item_in_scale_is_usage_error(out_dir, capsys):
    status, _, err = _run(
        ["analyze", str(DATA / "bfi.csv"), "--scale", "a=A1,,A3", "--range", "1-6",
         "--out", str(out_dir)],
        capsys,
    )  # fmt: skip
    assert status == 2
    assert "empty item" in err
    assert not out_dir.exists()


def test_conflicting_reverse_keys_usage_error(out_dir, capsys):
    status, _, err = _run(
        ["analyze", str(DATA / "bfi.csv"), "--scale", "a=-A1,A2", "--scale",
         "b=A1,A3", "--range", "1-6", "--out", str(out_dir)],
        capsys,
    )  # fmt: skip
    assert status == 2
    assert 'item "A1" is reverse-keyed in one scale and not in the other' in err


def test_min_answered_needs_share_or_count(out_dir, capsys):
    status, _, err = _run(
        ["analyze", str(DATA / "bfi.csv"), "--scale", "a=A1,A2", "--range", "1-6",
         "--min-answered", "1.5", "--out", str(out_dir)],
        capsys,
    )  # fmt: skip
    assert status == 2
    assert "neither a share between 0 and 1" in err


def test_min_answered_share_keeps_partial_scores(tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "report"
    status, _, err = _run(
        ["analyze", str(DATA / "bfi.csv"), "--scale", "a=-A1,A2,A3,A4,A5",
         "--range", "1-6", "--min-answered", "0.6", "--out", str(out),
         "--no-figures"],
        capsys,
    )  # fmt: skip
    assert status == 0, err
    overall = pd.read_csv(out / "tables" / "descriptives.csv").iloc[0]
    # 0.6 of 5 items needs 3 answered; bfi has 3 rows with fewer than 3 of A1-A5.
    raw = pd.read_csv(DATA / "bfi.csv")[["A1", "A2", "A3", "A4", "A5"]]
    assert overall["missing"] == int((raw.notna().sum(axis=1) < 3).sum())
    assert overall["n"] == 2800 - overall["missing"]
