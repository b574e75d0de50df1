"""Helpers that build Responses tables and study files for the codebook tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from srsurvey.readers.model import ColumnSource, Responses


def build_responses(
    columns: dict[str, list[object]],
    *,
    file: str = "export.csv",
    kinds: dict[str, str] | None = None,
    decimal: str = ".",
) -> Responses:
    """Build a Responses table as a reader returns it: text cells, pd.NA for empty.

    ``columns`` maps headers to cell values; ``None`` becomes ``pd.NA``. Rows get the
    spreadsheet numbers 2, 3, … (the header is row 1). A header of the form
    ``Title [Row]`` becomes a grid column.
    """
    kinds = kinds or {}
    data = {}
    sources = {}
    for position, (header, values) in enumerate(columns.items()):
        if kinds.get(header) == "timestamp":
            data[header] = pd.to_datetime(pd.Series(values), utc=True)
        else:
            data[header] = pd.Series(
                [pd.NA if value is None else str(value) for value in values],
                dtype="object",
            )
        question = row_label = None
        kind = kinds.get(header, "answer")
        if header.endswith("]") and " [" in header and kind == "answer":
            question, _, rest = header.partition(" [")
            row_label = rest[:-1]
            kind = "grid"
        sources[header] = ColumnSource(
            name=header,
            header=header,
            file=file,
            position=position,
            kind=kind,
            question=question,
            row_label=row_label,
        )
    frame = pd.DataFrame(data)
    return Responses(
        data=frame,
        columns=sources,
        source_rows=pd.Series(range(2, len(frame) + 2), index=frame.index),
        source_files=pd.Series([file] * len(frame), index=frame.index),
        decimal=decimal,
    )


@pytest.fixture
def write_study(tmp_path: Path):
    """Return a function that writes YAML text to ``study.yaml`` and returns its path."""

    def write(text: str, name: str = "study.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_responses():
    """Return :func:`build_responses`."""
    return build_responses
