"""Helpers that every report writer shares: checks, numbering and cell formatting.

Writers compute nothing. They check that a :class:`~srsurvey.tables.model.Report` is
consistent, number its tables and figures in the order a reader meets them, and turn
cell values into display text with the column formats of
:data:`~srsurvey.tables.model.COLUMN_FORMATS`.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from srsurvey.tables.model import COLUMN_FORMATS, Report, Table

__all__ = [
    "FORMULA_PREFIXES",
    "NUMERIC_FORMATS",
    "Numbering",
    "check_report",
    "column_formats",
    "format_cell",
    "is_default_index",
    "is_missing",
    "is_number",
    "is_numeric_column",
    "number_blocks",
    "safe_cell",
    "starts_like_formula",
    "table_frame",
]

NUMERIC_FORMATS = frozenset({"int", "float2", "float3", "p", "percent"})

# A table or figure name becomes a file stem and an HTML anchor, so it must not contain
# path separators or start with a dot. Letters of any script are allowed.
_NAME_PATTERN = re.compile(r"^[^\W][\w.-]*$")


# Spreadsheets (Excel, LibreOffice Calc, Google Sheets) read a cell that starts with one
# of these characters as a formula, which is the weakness CWE-1236 ("CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """Return whether a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def safe_cell(value: object) -> object:
    """Make a CSV cell that spreadsheets show as text instead of evaluating it.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
    a leading single quote, so ``=HYPERLINK(...)`` and ``+7 700`` stay text when the
    CSV is opened in Excel. Only strings change: numbers, including negative ones,
    and every other value are returned unchanged. The XLSX writer does not use this
    function, because it stores such text as a string cell with the quotePrefix style.
    """
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


def is_missing(value: object) -> bool:
    """Return whether ``value`` is a missing scalar: None, NaN, ``pd.NA`` or NaT."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):
        return False
    return bool(pd.isna(value))


def is_number(value: object) -> bool:
    """Return whether ``value`` is a real number (Python or numpy) and not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def format_cell(value: object, fmt: str | None) -> str:
    """Format one cell for HTML, Markdown and Word.

    Parameters
    ----------
    value
        The stored cell value, unrounded.
    fmt
        A key of :data:`COLUMN_FORMATS` or None for a column without a format.

    Returns
    -------
    str
        The display text: empty for a missing value, ``"< .001"`` for a p-value below
        0.001 and other p-values with three decimals and no leading zero (``".023"``).
        A number in a column without a format is shown with three decimals, and
        a whole number without them.
        APA style drops the leading zero for values that cannot exceed 1, such as p
        (APA Style blog, "A Post About Nothing", 2010). Text is returned unchanged
        and unescaped.
    """
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, dt.datetime, dt.date)) or not is_number(value):
        return _format_other(value)
    if isinstance(value, numbers.Integral) and fmt in (None, "text", "int"):
        return str(int(value))

    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if fmt == "p":
        if number < 0.001:
            return "< .001"
        text = f"{number:.3f}"
        return text[1:] if text.startswith("0.") else text
    decimals = {"int": 0, "float2": 2, "float3": 3, "percent": 1}.get(fmt or "")
    if decimals is None:
        if number.is_integer():
            return str(int(number))
        # A column without a format still shows a rounded number: the report says
        # its numbers are rounded, and the CSV and XLSX keep every digit.
        return f"{number:.3f}"
    text = f"{number:.{decimals}f}"
    # Rounding -0.0004 gives "-0.000"; a table shows that as zero.
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def _format_other(value: object) -> str:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def is_numeric_column(frame: pd.DataFrame, column: str, fmt: str | None) -> bool:
    """Return whether a column contains numbers, which tables align to the right."""
    if fmt in NUMERIC_FORMATS:
        return True
    series = frame[column]
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(
        series
    )


def column_formats(table: Table, frame: pd.DataFrame) -> list[str | None]:
    """Return the format key of each column of ``frame``, None where none is given.

    Raises
    ------
    ValueError
        If ``table.formats`` uses a key that :data:`COLUMN_FORMATS` does not define.
        Formats for columns that the table does not have are ignored.
    """
    for column, key in table.formats.items():
        if key not in COLUMN_FORMATS:
            raise ValueError(
                f"Table {table.name!r}, column {column!r}: unknown format {key!r}. "
                f"Use one of {sorted(COLUMN_FORMATS)}."
            )
    formats: list[str | None] = []
    for column in frame.columns:
        formats.append(table.formats.get(column))
    return formats


def table_frame(table: Table) -> pd.DataFrame:
    """Return the table as every writer shows it, with string column names.

    A default ``RangeIndex`` is dropped. Any other index (row labels, a MultiIndex)
    becomes the first columns, so no writer loses the row labels. MultiIndex column
    labels are joined with a space.

    Raises
    ------
    ValueError
        If two columns end up with the same name, which CSV and JSON cannot store.
    """
    frame = table.data
    if not is_default_index(frame.index):
        frame = frame.reset_index()
    frame = frame.copy(deep=False)
    frame.columns = [_column_label(label) for label in frame.columns]
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(
            f"Table {table.name!r} has duplicate column names {duplicated}. "
            "Give every column a unique name."
        )
    return frame


def is_default_index(index: pd.Index) -> bool:
    """Return whether ``index`` is an unnamed ``RangeIndex`` from 0 with step 1."""
    return (
        isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
        and index.name is None
    )


def _column_label(label: object) -> str:
    if isinstance(label, tuple):
        parts = [str(part) for part in label if not is_missing(part) and part != ""]
        return " ".join(parts)
    return str(label)


def check_report(report: Report) -> None:
    """Check that names are usable as file names and that sections refer to them.

    Raises
    ------
    ValueError
        If a table or figure name is not a valid file stem, or two names differ only
        in letter case (the same file on Windows and macOS). Also if a dictionary key
        differs from the object's ``name``, or a section block has an unknown kind or
        refers to a table or figure that the report does not contain. These are
        mistakes in the code that built the report, not in the user's data.
    """
    for kind, items in (("table", report.tables), ("figure", report.figures)):
        seen: dict[str, str] = {}
        for key, item in items.items():
            if key != item.name:
                raise ValueError(
                    f"The {kind} stored under {key!r} is named {item.name!r}. "
                    f"Add it with Report.add_{kind}()."
                )
            if not _NAME_PATTERN.match(key):
                raise ValueError(
                    f"The {kind} name {key!r} is not a valid file name. Use letters, "
                    "digits, '_', '-' and '.', starting with a letter or digit."
                )
            folded = key.casefold()
            if folded in seen:
                raise ValueError(
                    f"The {kind} names {seen[folded]!r} and {key!r} differ only in "
                    "letter case, so their files would overwrite each other on "
                    "Windows and macOS. Rename one of them."
                )
            seen[folded] = key

    for section in report.sections:
        for block in section.blocks:
            if block.kind == "text":
                continue
            if block.kind not in ("table", "figure"):
                raise ValueError(
                    f"Section {section.title!r} has a block of unknown kind "
                    f"{block.kind!r}. Use 'text', 'table' or 'figure'."
                )
            items = report.tables if block.kind == "table" else report.figures
            if block.content not in items:
                raise ValueError(
                    f"Section {section.title!r} shows the {block.kind} "
                    f"{block.content!r}, which the report does not contain. Known "
                    f"{block.kind}s: {sorted(items)}."
                )


@dataclass
class Numbering:
    """Table and figure numbers in reading order, and the items no section shows."""

    tables: dict[str, int]
    figures: dict[str, int]
    unplaced_tables: list[str]
    unplaced_figures: list[str]


def number_blocks(report: Report) -> Numbering:
    """Number tables and figures in the order the sections show them.

    Tables and figures that no section shows come after those that are shown, in the
    order of ``report.tables`` and ``report.figures``, because the writers put them
    in an appendix.
    """
    tables: dict[str, int] = {}
    figures: dict[str, int] = {}
    for block in _blocks(report):
        target = tables if block[0] == "table" else figures
        target.setdefault(block[1], len(target) + 1)
    unplaced_tables = [name for name in report.tables if name not in tables]
    unplaced_figures = [name for name in report.figures if name not in figures]
    for name in unplaced_tables:
        tables[name] = len(tables) + 1
    for name in unplaced_figures:
        figures[name] = len(figures) + 1
    return Numbering(tables, figures, unplaced_tables, unplaced_figures)


def _blocks(report: Report) -> Iterator[tuple[str, str]]:
    for section in report.sections:
        for block in section.blocks:
            if block.kind in ("table", "figure"):
                yield block.kind, block.content
