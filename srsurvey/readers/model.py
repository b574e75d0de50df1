"""The table that every reader returns, with the origin of each column and row."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["ColumnSource", "Responses"]


@dataclass
class ColumnSource:
    """Origin and role of one column of :class:`Responses.data`.

    ``kind`` is one of ``"timestamp"``, ``"email"``, ``"score"`` (a quiz score such
    as ``7 / 10``), ``"grid"`` (one row of a grid question), ``"answer"`` (any other
    question) or ``"metadata"`` (a column the form tool adds, such as ``ID``).
    """

    name: str
    header: str
    file: str
    position: int
    kind: str = "answer"
    question: str | None = None
    row_label: str | None = None
    sheet: str | None = None


@dataclass
class Responses:
    """One tidy table of submissions read from one or more export files.

    Attributes
    ----------
    data
        One row per submission. Column names are stable and unique (a repeated
        question title gets a `` (2)`` suffix). Answer cells are strings, with
        ``pd.NA`` for an empty cell, so ids keep their leading zeros; the timestamp
        column is parsed to timezone-aware UTC datetimes.
    columns
        The origin of every column of ``data``, keyed by column name.
    source_rows
        For each row of ``data``, the row number a spreadsheet shows for it in its
        file (the header is row 1), aligned with ``data.index``.
    source_files
        For each row of ``data``, the file it was read from.
    decimal
        The decimal separator found in the file (``"."`` or ``","``), which scoring
        uses to turn numeric answers into numbers.
    details
        What the reader found out about the file: encoding, delimiter, sheet.
    warnings
        Caveats found while reading, already phrased for the user.
    """

    data: pd.DataFrame
    columns: dict[str, ColumnSource]
    source_rows: pd.Series
    source_files: pd.Series
    decimal: str = "."
    details: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """Files the rows came from, in order of first appearance."""
        return list(dict.fromkeys(self.source_files.tolist()))

    def location(self, index: object) -> tuple[str, int]:
        """Return the file and spreadsheet row of the row labelled ``index``."""
        return str(self.source_files.loc[index]), int(self.source_rows.loc[index])

    def columns_of_kind(self, kind: str) -> list[str]:
        """Return the names of the columns whose :attr:`ColumnSource.kind` is ``kind``."""
        return [name for name, source in self.columns.items() if source.kind == kind]

    def grid_questions(self) -> dict[str, list[str]]:
        """Group grid columns by question title, in file order."""
        grids: dict[str, list[str]] = {}
        for name, source in self.columns.items():
            if source.kind == "grid" and source.question is not None:
                grids.setdefault(source.question, []).append(name)
        return grids


def path_label(path: str | Path) -> str:
    """Return the file name used in messages and manifests."""
    return Path(path).name
