"""Personal data stays out of reports unless --keep-identifiers is given."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from srsurvey.cli import run


def _write_export(folder: Path) -> Path:
    rows = ["Email,Feedback,Q1,Q2"]
    for i in range(30):
        feedback = "write me at leak.person@example.org" if i < 3 else "good"
        rows.append(f"student{i}@example.com,{feedback},{i % 5 + 1},{(i + 2) % 5 + 1}")
    path = folder / "contacts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _all_text(folder: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".csv", ".html", ".md", ".json"}
    )


def test_email_column_as_group_rejected(tmp_path, capsys):
    export = _write_export(tmp_path)
    out = tmp_path / "report"
    status = run(
        ["analyze", str(export), "--group", "Email", "--scale", "s=Q1,Q2",
         "--no-figures", "--out", str(out)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert 'column "Email" looks like personal data' in err
    assert "--keep-identifiers" in err
    assert "@example.com" not in err
    assert not out.exists()


def test_email_group_allowed_when_kept(tmp_path, capsys):
    export = _write_export(tmp_path)
    out = tmp_path / "report"
    status = run(
        ["analyze", str(export), "--group", "Email", "--scale", "s=Q1,Q2",
         "--no-figures", "--out", str(out), "--keep-identifiers"]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    assert "student1@example.com" in _all_text(out)


def test_contacts_in_answers_are_masked(tmp_path, capsys):
    export = _write_export(tmp_path)
    out = tmp_path / "report"
    status = run(["analyze", str(export), "--no-figures", "--out", str(out)])
    assert status == 0, capsys.readouterr().err
    text = _all_text(out)
    assert "leak.person@example.org" not in text
    assert "@example.com" not in text
    frequencies = pd.read_csv(out / "tables" / "frequencies.csv")
    assert "write me at [e-mail]" in set(frequencies["option"])


def test_report_names_personal_columns(tmp_path, capsys):
    export = _write_export(tmp_path)
    out = tmp_path / "report"
    status = run(["analyze", str(export), "--no-figures", "--out", str(out)])
    assert status == 0, capsys.readouterr().err
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert (
        "Personal data left out of every statistic and output: \u201cEmail\u201d"
        in summary
    )
