"""``analyze --spss`` writes the scored data as a labelled SPSS file."""

from __future__ import annotations

from pathlib import Path

import pyreadstat

from srsurvey.cli import run

ROOT = Path(__file__).resolve().parents[2]


def test_spss_file_has_scores_and_labels(tmp_path, capsys):
    sav = tmp_path / "scored.sav"
    status = run(
        ["analyze", str(ROOT / "data" / "sample_pre.csv"),
         "--study", str(ROOT / "data" / "study.yaml"),
         "--out", str(tmp_path / "report"), "--no-figures", "--spss", str(sav)]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    frame, meta = pyreadstat.read_sav(sav)
    assert len(frame) == 200
    assert "social_responsibility" in frame.columns
    assert meta.column_names_to_labels["cog2"].endswith("(reverse-keyed)")


def test_existing_spss_file_needs_force(tmp_path, capsys):
    sav = tmp_path / "scored.sav"
    sav.write_bytes(b"older file")
    status = run(
        ["analyze", str(ROOT / "data" / "sample_pre.csv"),
         "--study", str(ROOT / "data" / "study.yaml"),
         "--out", str(tmp_path / "report"), "--no-figures", "--spss", str(sav)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert "already exists" in err
    assert sav.read_bytes() == b"older file"
