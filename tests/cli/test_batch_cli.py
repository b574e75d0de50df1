"""srsurvey batch: exit codes, the lines on stderr and the summary on stdout."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from srsurvey.cli import run


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    status = run(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _write_csv(path: Path, count: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Timestamp", "Q1", "Q2", "Q3"])
        for index in range(count):
            timestamp = f"2025/02/10 9:{index:02d}:00 AM GMT+5"
            writer.writerow([timestamp, *[(index + k) % 5 + 1 for k in range(3)]])
    return path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    _write_csv(folder / "pre.csv", 5)
    _write_csv(folder / "group b" / "post.csv", 6)
    return folder


def test_batch_all_good_exits_zero(exports, tmp_path, capsys):
    out = tmp_path / "out"
    status, stdout, err = _run(
        ["batch", str(exports), "--out", str(out), "--no-figures"], capsys
    )

    assert status == 0
    assert "2 exports: 2 analysed, 0 unchanged, 0 failed." in stdout
    assert str(out / "index.html") in stdout
    assert "[1/2] ok group b/post.csv" in err
    assert "[2/2] ok pre.csv" in err
    assert (out / "group b__post.csv" / "report.html").is_file()


def test_batch_failure_exits_one(exports, tmp_path, capsys):
    (exports / "empty.csv").write_bytes(b"")
    out = tmp_path / "out"
    status, stdout, err = _run(
        ["batch", str(exports), "--out", str(out), "--no-figures"], capsys
    )

    assert status == 1
    assert "3 exports: 2 analysed, 0 unchanged, 1 failed." in stdout
    assert "failed empty.csv" in err
    assert "the file is empty (0 bytes)" in err
    assert "Traceback" not in err
    assert (out / "batch_summary.csv").is_file()


def test_batch_rerun_reports_unchanged(exports, tmp_path, capsys):
    args = ["batch", str(exports), "--out", str(tmp_path / "out"), "--no-figures"]
    _run(args, capsys)
    status, stdout, err = _run(args, capsys)

    assert status == 0
    assert "2 exports: 0 analysed, 2 unchanged, 0 failed." in stdout
    assert "skipped pre.csv" in err


def test_batch_force_reanalyses(exports, tmp_path, capsys):
    args = ["batch", str(exports), "--out", str(tmp_path / "out"), "--no-figures"]
    _run(args, capsys)
    status, stdout, _ = _run([*args, "--force"], capsys)

    assert status == 0
    assert "2 exports: 2 analysed, 0 unchanged, 0 failed." in stdout


@pytest.mark.parametrize("quiet", [["--quiet"], ["-q"]])
def test_batch_quiet_prints_failures_only(exports, tmp_path, capsys, quiet):
    (exports / "empty.csv").write_bytes(b"")
    args = ["batch", str(exports), "--out", str(tmp_path / "out"), "--no-figures"]
    status, _, err = _run([*args, *quiet], capsys)

    assert status == 1
    assert "failed empty.csv" in err
    assert "pre.csv" not in err


def test_global_quiet_applies(exports, tmp_path, capsys):
    args = ["batch", str(exports), "--out", str(tmp_path / "out"), "--no-figures"]
    status, _, err = _run(["--quiet", *args], capsys)

    assert status == 0
    assert err == ""


def test_batch_terminal_shows_progress(exports, tmp_path, capsys, monkeypatch):
    from rich.console import Console

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    (exports / "empty.csv").write_bytes(b"")
    args = ["batch", str(exports), "--out", str(tmp_path / "out"), "--no-figures"]
    status, stdout, err = _run(args, capsys)

    assert status == 1
    assert "failed empty.csv" in err
    assert "the file is empty (0 bytes)" in err
    assert "3 exports: 2 analysed, 0 unchanged, 1 failed." in stdout


def test_batch_missing_folder(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    status, _, err = _run(["batch", str(missing), "--out", str(tmp_path / "o")], capsys)

    assert status == 1
    assert err.startswith("Error: ")
    assert "nowhere: the folder was not found." in err
    assert not (tmp_path / "o").exists()


def test_batch_foreign_out_folder(exports, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    status, _, err = _run(["batch", str(exports), "--out", str(out)], capsys)

    assert status == 1
    assert "not written by srsurvey batch" in err
    assert "--out" in err


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_batch_rejects_bad_jobs(exports, tmp_path, capsys, jobs):
    status, _, err = _run(
        ["batch", str(exports), "--out", str(tmp_path / "out"), "--jobs", jobs],
        capsys,
    )

    assert status == 2
    assert "--jobs" in err
    assert not (tmp_path / "out").exists()


def test_batch_with_study(exports, tmp_path, capsys):
    study = tmp_path / "study.yaml"
    study.write_text(
        "study:\n  name: cli-batch\nitems:\n"
        "  q1: {column: Q1, range: [1, 5]}\n"
        "  q2: {column: Q2, range: [1, 5]}\n"
        "scales:\n  pair:\n    items: [q1, q2]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    status, _, _ = _run(
        ["batch", str(exports), "--study", str(study), "--out", str(out)], capsys
    )
    with (out / "batch_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))

    assert status == 0
    assert [row["scales"] for row in rows] == ["1", "1"]
    assert [row["respondents"] for row in rows] == ["6", "5"]


def test_batch_help_names_options(capsys):
    status, stdout, _ = _run(["batch", "--help"], capsys)

    assert status == 0
    for option in ("--study", "--out", "--jobs", "--force", "--no-figures", "--quiet"):
        assert option in stdout
