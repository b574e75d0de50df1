"""The content of a report, independent of the formats it is written in.

The analysis builds one :class:`Report`; the writers in this package turn it into
HTML, XLSX, CSV, Markdown, Word and JSON files without computing anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Table", "Figure", "Block", "Section", "Report", "COLUMN_FORMATS"]

# Column formats that writers understand. Numbers are stored unrounded; the format only
# decides how a cell is shown in HTML, Markdown, Word and the XLSX number format.
COLUMN_FORMATS = {
    "text": None,
    "int": "0",
    "float2": "0.00",
    "float3": "0.000",
    "p": "0.000",  # shown as "< .001" below 0.001 in HTML, Markdown and Word
    "percent": "0.0",  # a percentage already multiplied by 100
}


@dataclass
class Table:
    """One result table.

    ``name`` is the file stem (``reliability`` becomes ``tables/reliability.csv`` and
    the XLSX sheet ``reliability``). ``formats`` maps column names to a key of
    :data:`COLUMN_FORMATS`; columns not listed are shown as they are.
    """

    name: str
    title: str
    data: pd.DataFrame
    description: str = ""
    formats: dict[str, str] = field(default_factory=dict)
    # False for per-respondent data, which results.json leaves to the CSV and XLSX.
    in_results: bool = True
    # False for a wide table that the report shows in a compact form elsewhere: the
    # HTML and Word appendix then lists it without printing it.
    in_report: bool = True


@dataclass
class Figure:
    """One chart. ``figure`` is a matplotlib Figure; ``name`` is the file stem."""

    name: str
    title: str
    figure: Any
    caption: str = ""
    alt_text: str = ""


@dataclass
class Block:
    """One element of a report section: ``kind`` is ``"text"``, ``"table"`` or
    ``"figure"``; ``content`` is the paragraph text or the table or figure name."""

    kind: str
    content: str


@dataclass
class Section:
    """A titled part of the report, made of paragraphs, tables and figures in order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def text(self, paragraph: str) -> "Section":
        self.blocks.append(Block("text", paragraph))
        return self

    def table(self, name: str) -> "Section":
        self.blocks.append(Block("table", name))
        return self

    def figure(self, name: str) -> "Section":
        self.blocks.append(Block("figure", name))
        return self


@dataclass
class Report:
    """Everything that one run writes.

    Attributes
    ----------
    title
        Report title (the study title).
    name
        Study name, used for the default output folder.
    sections
        The report body, in order. The HTML, Markdown and Word writers follow it.
    tables, figures
        Every table and chart, keyed by name. A table that no section shows is
        still written to CSV, XLSX and JSON.
    methods
        Paragraphs of the methods section: tests, missing-data rules, corrections.
    quality
        Lines of the data-quality summary: rows read, duplicates, dropped rows.
    warnings
        Caveats raised during the run, already phrased for the user.
    results
        Every number of the run as nested JSON-ready data with stable keys.
    manifest
        Versions, inputs with their SHA-256, the study file, options and times.
    """

    title: str
    name: str
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)
    quality: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)

    def add_table(self, table: Table) -> Table:
        if table.name in self.tables:
            raise ValueError(f"duplicate table name {table.name!r}")
        self.tables[table.name] = table
        return table

    def add_figure(self, figure: Figure) -> Figure:
        if figure.name in self.figures:
            raise ValueError(f"duplicate figure name {figure.name!r}")
        self.figures[figure.name] = figure
        return figure
