"""write_report: folder layout, format selection and atomic replacement."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pandas as pd
import pytest

import srsurvey.tables.write as write_module
from srsurvey.errors import OutputError
from srsurvey.tables.write import ALL_FORMATS, write_report

EXPECTED_FILES = [
    "figures/answers_chart.png",
    "figures/answers_chart.svg",
    "tables/reliability.csv",
    "tables/comparison.csv",
    "tables/answers.csv",
    "tables/item_means.csv",
    "tables.xlsx",
    "summary.md",
    "report.html",
    "report.docx",
    "results.json",
    "manifest.json",
]


def _files(folder) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
    )


def _leftovers(parent) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if path.name.startswith("."))


def test_write_report_writes_all_files(report, tmp_path):
    out_dir = tmp_path / "sr-study"
    written = write_report(report, out_dir)
    relative = [path.relative_to(out_dir).as_posix() for path in written]
    assert relative == EXPECTED_FILES
    assert _files(out_dir) == sorted(EXPECTED_FILES)
    assert all(path.stat().st_size > 0 for path in written)
    assert _leftovers(tmp_path) == []


def test_write_report_csv_reads_back_unrounded(report, tmp_path):
    write_report(report, tmp_path / "out")
    back = pd.read_csv(tmp_path / "out" / "tables" / "reliability.csv")
    expected = report.tables["reliability"].data
    assert back["alpha"].tolist() == expected["alpha"].tolist()
    assert back["ci_low"].tolist() == expected["ci_low"].tolist()


def test_write_report_png_is_300_dpi(report, tmp_path):
    write_report(report, tmp_path / "out", formats={"figures"})
    data = (tmp_path / "out" / "figures" / "answers_chart.png").read_bytes()
    # The pHYs chunk stores pixels per metre: 300 dpi is 11811 per metre.
    offset = data.index(b"pHYs") + 4
    x_density, y_density, unit = struct.unpack(">IIB", data[offset : offset + 9])
    assert unit == 1
    assert x_density == 11811
    assert y_density == 11811


def test_write_report_svg_is_reproducible(report, tmp_path):
    write_report(report, tmp_path / "a", formats={"figures"})
    write_report(report, tmp_path / "b", formats={"figures"})
    first = (tmp_path / "a" / "figures" / "answers_chart.svg").read_bytes()
    second = (tmp_path / "b" / "figures" / "answers_chart.svg").read_bytes()
    assert first == second
    assert b"<dc:date>" not in first


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        ({"html"}, ["manifest.json", "report.html"]),
        ({"json"}, ["manifest.json", "results.json"]),
        ({"md", "xlsx"}, ["manifest.json", "summary.md", "tables.xlsx"]),
        (
            {"csv"},
            [
                "manifest.json",
                "tables/answers.csv",
                "tables/comparison.csv",
                "tables/item_means.csv",
                "tables/reliability.csv",
            ],
        ),
        (
            {"figures", "docx"},
            [
                "figures/answers_chart.png",
                "figures/answers_chart.svg",
                "manifest.json",
                "report.docx",
            ],
        ),
    ],
)
def test_write_report_selected_formats(report, tmp_path, formats, expected):
    write_report(report, tmp_path / "out", formats=formats)
    assert _files(tmp_path / "out") == expected


def test_write_report_rejects_unknown_format(report, tmp_path):
    with pytest.raises(OutputError) as caught:
        write_report(report, tmp_path / "out", formats={"html", "pdf"})
    assert str(caught.value) == (
        "unknown output format 'pdf'. Choose from "
        "csv, docx, figures, html, json, md, xlsx."
    )
    assert caught.value.value == "pdf"
    assert not (tmp_path / "out").exists()


def test_write_report_rejects_empty_formats(report, tmp_path):
    with pytest.raises(OutputError, match="no output format was selected"):
        write_report(report, tmp_path / "out", formats=set())


def test_all_formats_listed():
    assert ALL_FORMATS == {"html", "csv", "xlsx", "md", "json", "docx", "figures"}


def test_write_report_creates_parent_folders(report, tmp_path):
    out_dir = tmp_path / "reports" / "2024" / "study"
    write_report(report, out_dir, formats={"json"})
    assert (out_dir / "results.json").is_file()


def test_existing_folder_without_force_is_kept(report, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_report(report, out_dir)
    assert str(caught.value) == (
        f"{out_dir}: the output folder already exists. Use --force to replace it, "
        "or choose another folder with --out."
    )
    assert caught.value.file == str(out_dir)
    assert _files(out_dir) == ["old.txt"]
    assert _leftovers(tmp_path) == []


def test_force_replaces_report_folder(report, tmp_path):
    out_dir = tmp_path / "out"
    write_report(report, out_dir, formats={"md"})
    (out_dir / "stale.txt").write_text("from the old run", encoding="utf-8")
    write_report(report, out_dir, force=True, formats={"json"})
    assert _files(out_dir) == ["manifest.json", "results.json"]
    assert _leftovers(tmp_path) == []


def test_force_replaces_empty_folder(report, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    write_report(report, out_dir, force=True, formats={"json"})
    assert _files(out_dir) == ["manifest.json", "results.json"]


def test_force_replaces_any_folder(report, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("older report", encoding="utf-8")
    write_report(report, out_dir, force=True, formats={"json"})
    assert _files(out_dir) == ["manifest.json", "results.json"]
    assert _leftovers(tmp_path) == []


def test_force_keeps_home_folder(report, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("precious", encoding="utf-8")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    with pytest.raises(OutputError, match="the home folder"):
        write_report(report, home, force=True)
    with pytest.raises(OutputError, match="the home folder"):
        write_report(report, tmp_path, force=True)
    assert _files(home) == ["thesis.docx"]


def test_force_keeps_current_folder(report, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    write_report(report, out_dir, formats={"json"})
    monkeypatch.chdir(out_dir)
    with pytest.raises(OutputError, match="is the current working folder"):
        write_report(report, ".", force=True)
    assert (out_dir / "results.json").is_file()


def test_force_rejects_file(report, tmp_path):
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_report(report, target, force=True)
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_failure_leaves_nothing_behind(report, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write_module, "write_xlsx", fail)
    out_dir = tmp_path / "out"
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_report(report, out_dir)
    assert not out_dir.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_with_force_keeps_old_folder(report, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    write_report(report, out_dir, formats={"md"})
    before = _files(out_dir)
    old_summary = (out_dir / "summary.md").read_bytes()

    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(write_module, "write_xlsx", fail)
    with pytest.raises(RuntimeError):
        write_report(report, out_dir, force=True)
    assert _files(out_dir) == before
    assert (out_dir / "summary.md").read_bytes() == old_summary
    assert _leftovers(tmp_path) == []


def test_failed_parent_creation_is_undone(report, tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "write_xlsx", _raise_os_error)
    out_dir = tmp_path / "reports" / "study"
    with pytest.raises(OutputError) as caught:
        write_report(report, out_dir)
    assert str(caught.value) == (
        f"{out_dir}: the report could not be written: No space left on device. "
        "Check that the folder is writable and the disk has free space, or choose "
        "another folder with --out."
    )
    assert isinstance(caught.value.__cause__, OSError)
    assert list(tmp_path.iterdir()) == []


def _raise_os_error(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_failed_move_restores_old_folder(report, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    write_report(report, out_dir, formats={"md"})
    real_rename = os.rename
    calls = []

    def rename(source, target):
        calls.append((source, target))
        if len(calls) == 2:  # moving the new folder into place
            raise OSError(13, "Permission denied")
        real_rename(source, target)

    monkeypatch.setattr(write_module.os, "rename", rename)
    with pytest.raises(OutputError, match="Permission denied"):
        write_report(report, out_dir, force=True, formats={"json"})
    monkeypatch.setattr(write_module.os, "rename", real_rename)
    assert _files(out_dir) == ["manifest.json", "summary.md"]
    assert _leftovers(tmp_path) == []


def test_backup_that_cannot_be_deleted_warns(report, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    write_report(report, out_dir, formats={"md"})
    real_rmtree = write_module.shutil.rmtree

    def rmtree(path, *args, **kwargs):
        if ".out.old-" in str(path):
            raise OSError(16, "Device or resource busy")
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(write_module.shutil, "rmtree", rmtree)
    from srsurvey.errors import SurveyWarning

    with pytest.warns(SurveyWarning, match="could not be deleted"):
        write_report(report, out_dir, force=True, formats={"json"})
    assert _files(out_dir) == ["manifest.json", "results.json"]
    assert [name[:9] for name in _leftovers(tmp_path)] == [".out.old-"]


def test_manifest_always_written(report, tmp_path):
    write_report(report, tmp_path / "out", formats={"md"})
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest == {
        "versions": {"srsurvey": "9.8.7", "pandas": pd.__version__},
        "inputs": [{"file": "ответы.csv", "sha256": "0" * 64}],
    }


def test_invalid_report_writes_nothing(report, tmp_path):
    report.sections[0].table("missing")
    with pytest.raises(ValueError, match="'missing'"):
        write_report(report, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_output_folder_gets_umask_permissions(report, tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    write_report(report, tmp_path / "out", formats={"json"})
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~umask
