"""The waves section of the study file: what it reads and what it rejects."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from srsurvey.codebook.study import load_study
from srsurvey.errors import CodebookError

HEAD = """
input:
  files: [all.csv]
items:
  q1: {column: Q1, range: [1, 5]}
scales:
  total: {items: [q1]}
"""


def _load(tmp_path: Path, waves: str):
    path = tmp_path / "study.yaml"
    path.write_text(HEAD + textwrap.dedent(waves), encoding="utf-8")
    return load_study(path)


def test_files_layout(tmp_path):
    study = _load(
        tmp_path,
        """
        waves:
          key: id
          arm: Group
          pre: {files: [{file: a.csv, arm: Control}, b.csv]}
          post: {label: After, files: [c.csv], items: {q1: Q1 again}}
        """,
    )
    waves = study.waves
    assert waves.layout == "files"
    assert waves.key_column == "id"
    assert waves.waves["pre"].file_arms == {tmp_path / "a.csv": "Control"}
    assert waves.waves["post"].label == "After"
    assert waves.waves["post"].items == {"q1": "Q1 again"}


def test_wide_layout_needs_no_key(tmp_path):
    study = _load(
        tmp_path,
        """
        waves:
          pre: {suffix: _pre}
          post: {suffix: _post}
        """,
    )
    assert study.waves.layout == "wide"
    assert study.waves.pre.files == [tmp_path / "all.csv"]


def test_key_fields_with_initials(tmp_path):
    study = _load(
        tmp_path,
        """
        waves:
          key: {fields: [Surname, Born], initials: [Surname]}
          column: Wave
          pre: {value: "1"}
          post: {value: "2"}
        """,
    )
    assert study.waves.layout == "column"
    assert study.waves.key_fields == ["Surname", "Born"]
    assert study.waves.key_initials == ["Surname"]


@pytest.mark.parametrize(
    ("waves", "message"),
    [
        (
            "waves:\n  key: id\n  pre: {files: [a.csv]}\n",
            "must declare both pre and post",
        ),
        ("waves:\n  pre: {files: [a.csv]}\n  post: {files: [b.csv]}\n", "has no key"),
        (
            "waves:\n  key: id\n  column: W\n  pre: {value: a}\n  post: {files: [b.csv]}\n",
            "has no value",
        ),
        (
            (
                "waves:\n  key: id\n  pre: {files: [a.csv]}\n"
                "  post: {files: [b.csv], items: {q9: X}}\n"
            ),
            "is not an item declared under items",
        ),
        (
            (
                "waves:\n  key: {fields: [A], initials: [B]}\n"
                "  pre: {files: [a.csv]}\n  post: {files: [b.csv]}\n"
            ),
            "is not one of the key fields",
        ),
        (
            (
                "waves:\n  key: id\n  test: anova\n  pre: {files: [a.csv]}\n"
                "  post: {files: [b.csv]}\n"
            ),
            "not allowed",
        ),
        (
            "waves:\n  key: id\n  middle: {files: [a.csv]}\n",
            "is not a known key",
        ),
    ],
)
def test_invalid_waves_rejected(tmp_path, waves, message):
    with pytest.raises(CodebookError) as caught:
        _load(tmp_path, waves)
    assert message in str(caught.value)
    assert caught.value.line is not None
