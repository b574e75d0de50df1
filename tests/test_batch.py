"""run_batch: one report per export, a summary of all, and reruns that skip."""

from __future__ import annotations

import csv
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from srsurvey.batch import (
    EXPORT_SUFFIXES,
    STATE_FILE,
    SUMMARY_COLUMNS,
    find_exports,
    run_batch,
)
from srsurvey.errors import CodebookError, DataFileError, OutputError, SurveyWarning

# Personal data in the good exports. None of it may reach a batch output.
IDENTIFIERS = [
    "aigerim.nurlanova@example.org",
    "Нурланова Айгерим",
    "daniyar.sadykov@example.com",
    "Садыков Данияр",
]

HEADER = ["Timestamp", "Email Address", "ФИО", "Q1", "Q2", "Q3"]

STUDY = """\
study:
  name: batch-test
items:
  q1: {column: Q1, range: [1, 5]}
  q2: {column: Q2, range: [1, 5]}
  q3: {column: Q3, range: [1, 5]}
scales:
  total:
    items: [q1, q2, q3]
"""


def _rows(count: int, offset: int = 0) -> list[list[object]]:
    rows = []
    for index in range(count):
        email = IDENTIFIERS[0] if index % 2 == 0 else IDENTIFIERS[2]
        name = IDENTIFIERS[1] if index % 2 == 0 else IDENTIFIERS[3]
        answers = [(index + offset + k) % 5 + 1 for k in range(3)]
        timestamp = f"2025/02/10 8:{index:02d}:00 AM GMT+5"
        rows.append([timestamp, email.replace("@", f"{index}@"), name, *answers])
    return rows


def _write_csv(path: Path, count: int, offset: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(_rows(count, offset))
    return path


def _write_xlsx(path: Path, count: int) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in _rows(count, offset=2):
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A folder of 3 good exports, a truncated workbook, an empty file and extras."""
    folder = tmp_path / "exports"
    _write_csv(folder / "pre.csv", 6)
    _write_csv(folder / "wave2" / "post.csv", 7, offset=1)
    _write_xlsx(folder / "followup.xlsx", 5)

    whole = _write_xlsx(tmp_path / "whole.xlsx", 20).read_bytes()
    (folder / "broken.xlsx").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.csv").write_bytes(b"")

    # Files that are not exports: hidden, another suffix, inside a hidden folder.
    _write_csv(folder / ".hidden.csv", 3)
    _write_csv(folder / ".cache" / "copy.csv", 3)
    (folder / "notes.txt").write_text("not an export\n", encoding="utf-8")
    return folder


GOOD = {"followup.xlsx": 5, "pre.csv": 6, "wave2/post.csv": 7}
FAILED = ["broken.xlsx", "empty.csv"]
ORDER = ["broken.xlsx", "empty.csv", "followup.xlsx", "pre.csv", "wave2/post.csv"]


def _read_summary(out: Path) -> list[dict[str, str]]:
    with (out / "batch_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _statuses(result) -> dict[str, str]:
    return {row.file: row.status for row in result.files}


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        for key in ("src", "href"):
            if tag in {"link", "script", "img"} and key in values:
                self.external.append(values[key])


def test_batch_reports_good_exports(exports, tmp_path):
    out = tmp_path / "out"
    result = run_batch(exports, out=out, figures=False)

    assert [row.file for row in result.files] == ORDER
    for file, respondents in GOOD.items():
        row = next(r for r in result.files if r.file == file)
        assert row.status == "ok", row.error
        assert row.respondents == respondents
        assert row.scales == 0
        assert row.error == ""
        assert (out / row.report_folder / "report.html").is_file()
    assert result.exit_code == 1


def test_batch_failed_rows_carry_error(exports, tmp_path):
    result = run_batch(exports, out=tmp_path / "out", figures=False)
    rows = {row.file: row for row in result.files}

    assert rows["broken.xlsx"].status == "failed"
    assert "damaged or incomplete" in rows["broken.xlsx"].error
    assert "broken.xlsx" in rows["broken.xlsx"].error
    assert rows["empty.csv"].status == "failed"
    assert "the file is empty (0 bytes)" in rows["empty.csv"].error
    for file in FAILED:
        assert rows[file].report_folder == ""
        assert rows[file].respondents is None
    assert not (tmp_path / "out" / "broken.xlsx").exists()


def test_summary_csv_matches_results(exports, tmp_path):
    out = tmp_path / "out"
    result = run_batch(exports, out=out, figures=False)
    summary = _read_summary(out)

    with (out / "batch_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == SUMMARY_COLUMNS
    assert [row["file"] for row in summary] == ORDER
    for row, expected in zip(summary, result.files, strict=True):
        assert row["status"] == expected.status
        assert row["error"] == expected.error
        assert row["report_folder"] == expected.report_folder
        assert float(row["seconds"]) >= 0
    assert summary[ORDER.index("pre.csv")]["respondents"] == "6"
    assert summary[ORDER.index("empty.csv")]["respondents"] == ""
    assert result.summary_path == out / "batch_summary.csv"


def test_report_folders_replace_separators(exports, tmp_path):
    result = run_batch(exports, out=tmp_path / "out", figures=False)
    folders = {row.file: row.report_folder for row in result.files}

    assert folders["wave2/post.csv"] == "wave2__post.csv"
    assert folders["pre.csv"] == "pre.csv"


def test_index_links_resolve(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    html = (out / "index.html").read_text(encoding="utf-8")
    parser = _LinkParser()
    parser.feed(html)

    assert len(parser.links) == len(GOOD)
    for link in parser.links:
        assert (out / unquote(link)).is_file(), link
    assert parser.external == []
    assert 'class="failed"' in html
    assert 'class="ok"' in html
    assert "the file is empty (0 bytes)" in html


def test_index_escapes_error_text(tmp_path):
    folder = tmp_path / "exports"
    _write_csv(folder / "good.csv", 4)
    (folder / "a<b>&c.csv").write_bytes(b"")
    out = tmp_path / "out"
    result = run_batch(folder, out=out, figures=False)
    html = (out / "index.html").read_text(encoding="utf-8")

    assert "a<b>&c.csv" in _statuses(result)
    assert "a<b>" not in html
    assert "a&lt;b&gt;&amp;c.csv" in html


def test_outputs_contain_no_identifiers(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)

    for name in ("batch_summary.csv", "index.html", STATE_FILE):
        text = (out / name).read_text(encoding="utf-8-sig")
        for identifier in IDENTIFIERS:
            local_part = identifier.split("@")[0]
            assert local_part not in text, (name, identifier)


def test_rerun_skips_unchanged_exports(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    mtime = (out / "pre.csv" / "report.html").stat().st_mtime_ns
    again = run_batch(exports, out=out, figures=False)
    rows = {row.file: row for row in again.files}

    for file, respondents in GOOD.items():
        assert rows[file].status == "skipped"
        assert rows[file].respondents == respondents
        assert rows[file].report_folder == file.replace("/", "__")
    for file in FAILED:
        assert rows[file].status == "failed"
    assert (out / "pre.csv" / "report.html").stat().st_mtime_ns == mtime
    assert again.exit_code == 1
    assert [row["status"] for row in _read_summary(out)] == [
        "failed",
        "failed",
        "skipped",
        "skipped",
        "skipped",
    ]


def test_changed_content_reruns_only_it(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    _write_csv(exports / "pre.csv", 9)
    again = run_batch(exports, out=out, figures=False)
    rows = {row.file: row for row in again.files}

    assert rows["pre.csv"].status == "ok"
    assert rows["pre.csv"].respondents == 9
    assert rows["followup.xlsx"].status == "skipped"
    assert rows["wave2/post.csv"].status == "skipped"


def test_touch_without_change_skips(exports, tmp_path):
    import os

    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    os.utime(exports / "pre.csv", ns=(1, 1))
    again = run_batch(exports, out=out, figures=False)

    assert _statuses(again)["pre.csv"] == "skipped"


def test_force_reruns_all(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    again = run_batch(exports, out=out, figures=False, force=True)
    statuses = _statuses(again)

    for file in GOOD:
        assert statuses[file] == "ok"
    for file in FAILED:
        assert statuses[file] == "failed"


def test_changed_figures_option_reruns(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    (exports / "broken.xlsx").unlink()
    (exports / "empty.csv").unlink()
    (exports / "followup.xlsx").unlink()
    (exports / "wave2" / "post.csv").unlink()
    again = run_batch(exports, out=out, figures=True)

    assert _statuses(again) == {"pre.csv": "ok"}
    assert (out / "pre.csv" / "report.html").is_file()


def test_study_scores_every_export(exports, tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")
    result = run_batch(exports, study=study, out=tmp_path / "out", figures=False)
    rows = {row.file: row for row in result.files}

    for file, respondents in GOOD.items():
        assert rows[file].status == "ok", rows[file].error
        assert rows[file].scales == 1
        assert rows[file].respondents == respondents


def test_changed_study_reruns_all(exports, tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(exports, study=study, out=out, figures=False)
    unchanged = run_batch(exports, study=study, out=out, figures=False)
    study.write_text(STUDY + "    label: Total score\n", encoding="utf-8")
    changed = run_batch(exports, study=study, out=out, figures=False)

    for file in GOOD:
        assert _statuses(unchanged)[file] == "skipped"
        assert _statuses(changed)[file] == "ok"


def test_other_version_reruns(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    state["files"]["pre.csv"]["srsurvey"] = "0.0.1"
    (out / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    again = run_batch(exports, out=out, figures=False)

    assert _statuses(again)["pre.csv"] == "ok"
    assert _statuses(again)["followup.xlsx"] == "skipped"


def test_deleted_report_reruns(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    (out / "followup.xlsx" / "report.html").unlink()
    again = run_batch(exports, out=out, figures=False)

    assert _statuses(again)["followup.xlsx"] == "ok"
    assert (out / "followup.xlsx" / "report.html").is_file()


def test_state_records_hashes(exports, tmp_path):
    import hashlib

    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    entry = state["files"]["pre.csv"]
    expected = hashlib.sha256((exports / "pre.csv").read_bytes()).hexdigest()

    assert sorted(state["files"]) == sorted(GOOD)
    assert entry["input_sha256"] == expected
    assert re.fullmatch(r"[0-9a-f]{64}", entry["options_sha256"])
    assert entry["report_folder"] == "pre.csv"


def test_corrupt_state_warns_and_reruns(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    (out / STATE_FILE).write_text("{not json", encoding="utf-8")
    with pytest.warns(SurveyWarning, match="batch state cannot be read"):
        again = run_batch(exports, out=out, figures=False)

    assert _statuses(again)["pre.csv"] == "ok"


def test_jobs_two_matches_jobs_one(exports, tmp_path):
    serial = run_batch(exports, out=tmp_path / "one", jobs=1, figures=False)
    parallel = run_batch(exports, out=tmp_path / "two", jobs=2, figures=False)

    def without_seconds(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]

    assert without_seconds(_read_summary(tmp_path / "one")) == without_seconds(
        _read_summary(tmp_path / "two")
    )
    assert serial.exit_code == parallel.exit_code


def test_progress_called_per_export(exports, tmp_path):
    calls = []
    run_batch(
        exports,
        out=tmp_path / "out",
        figures=False,
        progress=lambda row, done, total: calls.append((row.file, done, total)),
    )

    assert sorted(file for file, _, _ in calls) == ORDER
    assert [done for _, done, _ in calls] == [1, 2, 3, 4, 5]
    assert {total for _, _, total in calls} == {5}


def test_unexpected_error_names_type_only(exports, tmp_path, monkeypatch):
    import srsurvey.analysis

    def explode(request):
        raise KeyError("aigerim.nurlanova@example.org")

    monkeypatch.setattr(srsurvey.analysis, "analyze_to_folder", explode)
    result = run_batch(exports, out=tmp_path / "out", figures=False)
    row = next(r for r in result.files if r.file == "pre.csv")

    assert row.status == "failed"
    assert "KeyError" in row.error
    assert "srsurvey analyze" in row.error
    assert "--debug" in row.error
    assert "aigerim" not in row.error


def test_no_temporary_files_left(exports, tmp_path):
    out = tmp_path / "out"
    run_batch(exports, out=out, figures=False)
    run_batch(exports, out=out, figures=False, force=True)

    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_out_inside_folder_is_skipped(exports):
    out = exports / "reports"
    first = run_batch(exports, out=out, figures=False)
    again = run_batch(exports, out=out, figures=False)

    assert [row.file for row in first.files] == ORDER
    assert [row.file for row in again.files] == ORDER


def test_find_exports_skips_reports_and_hidden(exports, tmp_path):
    run_batch(exports, out=tmp_path / "out", figures=False)
    # A report folder written by srsurvey analyze inside the input folder.
    report = exports / "old-report"
    _write_csv(report / "tables" / "items.csv", 2)
    (report / "manifest.json").write_text('{"srsurvey": "0.1.0"}', encoding="utf-8")
    found = find_exports(exports)

    assert list(found) == ORDER
    assert found["wave2/post.csv"] == exports / "wave2" / "post.csv"


@pytest.mark.parametrize("suffix", sorted(EXPORT_SUFFIXES))
def test_find_exports_suffixes(tmp_path, suffix):
    (tmp_path / f"export{suffix.upper()}").write_bytes(b"x")

    assert list(find_exports(tmp_path)) == [f"export{suffix.upper()}"]


def test_colliding_report_folders_differ(tmp_path):
    folder = tmp_path / "exports"
    _write_csv(folder / "a" / "b.csv", 3)
    _write_csv(folder / "a__b.csv", 4)
    result = run_batch(folder, out=tmp_path / "out", figures=False)
    folders = [row.report_folder for row in result.files]

    assert sorted(folders) == ["a__b.csv", "a__b.csv-2"]
    assert result.exit_code == 0


def test_missing_folder_raises(tmp_path):
    with pytest.raises(DataFileError, match="the folder was not found") as caught:
        run_batch(tmp_path / "nowhere", out=tmp_path / "out")

    assert caught.value.file == str(tmp_path / "nowhere")


def test_file_as_folder_raises(tmp_path):
    path = _write_csv(tmp_path / "one.csv", 3)
    with pytest.raises(DataFileError, match="srsurvey analyze FILE"):
        run_batch(path, out=tmp_path / "out")


def test_folder_without_exports_raises(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataFileError, match="contains no export file"):
        run_batch(folder, out=tmp_path / "out")

    assert not (tmp_path / "out").exists()


def test_foreign_out_folder_raises(exports, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"keep me")
    with pytest.raises(OutputError, match="not written by srsurvey batch"):
        run_batch(exports, out=out, figures=False)

    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]


def test_out_equal_to_folder_raises(exports):
    with pytest.raises(OutputError, match="is the input folder"):
        run_batch(exports, out=exports, figures=False)


def test_invalid_study_raises_before_reading(exports, tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text("study: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError):
        run_batch(exports, study=study, out=tmp_path / "out", figures=False)

    assert not (tmp_path / "out").exists()


def test_missing_study_raises(exports, tmp_path):
    with pytest.raises(CodebookError, match="study file was not found"):
        run_batch(exports, study=tmp_path / "none.yaml", out=tmp_path / "out")


def test_jobs_below_one_raises(exports, tmp_path):
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        run_batch(exports, out=tmp_path / "out", jobs=0)


def test_default_out_uses_folder_name(exports, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SurveyWarning)
        result = run_batch(exports, figures=False)

    assert result.out_dir == Path("reports") / "exports"
    assert (tmp_path / "reports" / "exports" / "index.html").is_file()


def test_prepost_study_raises(exports, tmp_path, monkeypatch):
    from types import SimpleNamespace

    import srsurvey.codebook.study

    study = tmp_path / "prepost.yaml"
    study.write_text(STUDY, encoding="utf-8")
    # Stands in for a parsed study whose waves section names a pre and a post file.
    prepost = SimpleNamespace(waves=SimpleNamespace(waves={"pre": None, "post": None}))
    monkeypatch.setattr(srsurvey.codebook.study, "load_study", lambda path: prepost)
    with pytest.raises(CodebookError, match="declares waves") as caught:
        run_batch(exports, study=study, out=tmp_path / "out", figures=False)

    assert caught.value.file == str(study)
    assert "srsurvey analyze --study" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_batch_reads_sav_exports(tmp_path):
    import pandas as pd
    import pyreadstat

    folder = tmp_path / "in"
    folder.mkdir()
    frame = pd.DataFrame(
        {"Q1": [1, 2, 3, 4, 5], "Q2": [2, 3, 4, 5, 5], "Q3": [1, 1, 2, 3, 4]}
    )
    pyreadstat.write_sav(frame, str(folder / "wave.sav"))
    study = tmp_path / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")

    assert list(find_exports(folder)) == ["wave.sav"]
    result = run_batch(folder, study=study, out=tmp_path / "out", figures=False)
    (row,) = result.files
    assert row.status == "ok", row.error
    assert row.respondents == 5
    assert row.scales == 1


CHAT_STUDY = (
    STUDY.replace("column: Q1", "column: q1")
    .replace("column: Q2", "column: q2")
    .replace("column: Q3", "column: q3")
    + "whatsapp:\n  reply_format: pairs\n  items: [q1, q2, q3]\n"
)


def _chat_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    chat = Path(__file__).parent / "data" / "whatsapp" / "analyze_pairs.txt"
    (folder / "group.txt").write_bytes(chat.read_bytes())
    (folder / "notes.txt").write_text("Collected in March.\n", encoding="utf-8")
    _write_csv(folder / "form.csv", 5)
    return folder


def test_find_exports_chats_need_option(tmp_path):
    folder = _chat_folder(tmp_path)
    assert list(find_exports(folder)) == ["form.csv"]
    assert list(find_exports(folder, chats=True)) == ["form.csv", "group.txt"]


def test_batch_reads_chats_with_whatsapp_study(tmp_path):
    folder = _chat_folder(tmp_path)
    study = tmp_path / "study.yaml"
    study.write_text(CHAT_STUDY, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        result = run_batch(folder, study=study, out=tmp_path / "out", figures=False)
    rows = {row.file: row for row in result.files}
    assert set(rows) == {"form.csv", "group.txt"}
    assert rows["group.txt"].status == "ok", rows["group.txt"].error
    assert rows["group.txt"].respondents == 6


def test_batch_skips_chats_without_whatsapp_study(tmp_path):
    folder = _chat_folder(tmp_path)
    study = tmp_path / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")
    result = run_batch(folder, study=study, out=tmp_path / "out", figures=False)
    assert [row.file for row in result.files] == ["form.csv"]
