"""A study with waves needs no input.files: the waves name their exports."""

from __future__ import annotations

import pandas as pd

from srsurvey.cli import run

STUDY = """\
study:
  name: waves-only
waves:
  key: sid
  pre:
    files: [pre.csv]
  post:
    files: [post.csv]
items:
  i1: {column: I1, range: [1, 5]}
  i2: {column: I2, range: [1, 5]}
scales:
  total:
    items: [i1, i2]
"""


def test_waves_study_without_input_files(tmp_path, capsys):
    rows = [f"S{n:02d},{n % 5 + 1},{(n + 2) % 5 + 1}" for n in range(12)]
    later = [f"S{n:02d},{min(5, n % 5 + 2)},{(n + 2) % 5 + 1}" for n in range(12)]
    (tmp_path / "pre.csv").write_text("sid,I1,I2\n" + "\n".join(rows) + "\n")
    (tmp_path / "post.csv").write_text("sid,I1,I2\n" + "\n".join(later) + "\n")
    study = tmp_path / "study.yaml"
    study.write_text(STUDY, encoding="utf-8")
    out = tmp_path / "report"
    status = run(["analyze", "--study", str(study), "--out", str(out), "--no-figures"])
    assert status == 0, capsys.readouterr().err
    matching = pd.read_csv(out / "tables" / "matching.csv")
    assert list(matching["matched"]) == [12, 12]
