"""Write every report table to one XLSX workbook, one sheet per table."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from srsurvey.errors import SurveyWarning
from srsurvey.tables._common import (
    check_report,
    column_formats,
    format_cell,
    is_missing,
    is_number,
    starts_like_formula,
    table_frame,
)
from srsurvey.tables.model import COLUMN_FORMATS, Report, Table

__all__ = ["sheet_names", "write_xlsx"]

# Limits of the XLSX format as Excel enforces them.
MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32767
_INVALID_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")

# Column widths are in characters of the default font.
MIN_COLUMN_WIDTH = 6
MAX_COLUMN_WIDTH = 60

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def write_xlsx(report: Report, path: str | Path) -> Path:
    """Write every table of ``report`` to an XLSX workbook at ``path``.

    Each table gets its own sheet, named as :func:`sheet_names` returns. Row 1 contains
    the column names in bold and is frozen, with an autofilter over the table.
    Numbers are stored unrounded, and the number format of each column comes from
    ``Table.formats`` (see :data:`~srsurvey.tables.model.COLUMN_FORMATS`).
    Column widths fit the formatted content, between 6 and 60 characters.

    Parameters
    ----------
    report
        The report whose tables are written. A report without tables gives a
        workbook with one sheet that says so.
    path
        The XLSX file to create or overwrite.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Text is always a string cell, never a formula. Text that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return also gets the quotePrefix style,
    so Excel keeps it as text when the user edits the cell. Missing values are empty
    cells. Infinities, which XLSX cannot store as numbers, are the text ``inf`` and
    ``-inf``. Timestamps become Excel dates, in UTC if they have a time zone.
    Characters that XML 1.0 does not allow (control characters other than tab, line
    feed and carriage return) are removed. Text longer than Excel's limit of 32,767
    characters is cut to that length with a :class:`~srsurvey.errors.SurveyWarning`.
    """
    from openpyxl import Workbook

    check_report(report)
    path = Path(path)
    workbook = Workbook()
    workbook.properties.title = report.title
    default_sheet = workbook.active

    if not report.tables:
        default_sheet.title = "Report"
        default_sheet["A1"] = "This report has no tables."
    else:
        workbook.remove(default_sheet)
        for table, sheet_name in zip(
            report.tables.values(), sheet_names(list(report.tables)), strict=True
        ):
            _write_sheet(workbook.create_sheet(sheet_name), table)

    workbook.save(path)
    return path


def sheet_names(table_names: list[str]) -> list[str]:
    """Turn table names into valid, unique XLSX sheet names, in the same order.

    Excel rejects sheet names longer than 31 characters, names with any of
    ``\\ / ? * [ ] :``, names that start or end with an apostrophe, and names that
    equal another sheet's name ignoring letter case. Invalid characters become
    ``_``, long names are cut, and a repeated name gets a suffix such as ``~2``.
    """
    names: list[str] = []
    used: set[str] = set()
    for table_name in table_names:
        base = _INVALID_SHEET_CHARS.sub("_", table_name).strip("'") or "table"
        candidate = base[:MAX_SHEET_NAME]
        counter = 1
        while candidate.casefold() in used:
            counter += 1
            suffix = f"~{counter}"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        used.add(candidate.casefold())
        names.append(candidate)
    return names


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    frame = table_frame(table)
    formats = column_formats(table, frame)
    widths = [len(column) for column in frame.columns]

    bold = Font(bold=True)
    for col, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=col)
        _set_text(cell, column, table, 1, column)
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=False)

    for row_number, row in enumerate(frame.itertuples(index=False, name=None), 2):
        for col, (value, fmt) in enumerate(zip(row, formats, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=col)
            _set_value(cell, value, fmt, table, row_number, frame.columns[col - 1])
            display_text = format_cell(value, fmt)
            widths[col - 1] = max(widths[col - 1], _longest_line(display_text))

    for col, width in enumerate(widths, start=1):
        fitted = min(max(width + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
        sheet.column_dimensions[get_column_letter(col)].width = fitted

    if len(frame.columns):
        sheet.freeze_panes = "A2"
        last = f"{get_column_letter(len(frame.columns))}{len(frame) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"


def _set_value(
    cell: Any, value: object, fmt: str | None, table: Table, row: int, column: str
) -> None:
    if is_missing(value):
        return
    if isinstance(value, bool | np.bool_):
        cell.value = bool(value)
        return
    if is_number(value):
        number = int(value) if isinstance(value, numbers.Integral) else float(value)
        if isinstance(number, float) and math.isinf(number):
            _set_text(cell, "inf" if number > 0 else "-inf", table, row, column)
            return
        cell.value = number
        if fmt is not None and COLUMN_FORMATS[fmt] is not None:
            cell.number_format = COLUMN_FORMATS[fmt]
        return
    if isinstance(value, pd.Timestamp | dt.datetime):
        timestamp = pd.Timestamp(value)
        if timestamp.tzinfo is not None:
            timestamp = timestamp.tz_convert("UTC").tz_localize(None)
        cell.value = timestamp.to_pydatetime()
        cell.number_format = DATETIME_FORMAT
        return
    if isinstance(value, dt.date):
        cell.value = value
        return
    _set_text(cell, str(value), table, row, column)


def _set_text(cell: Any, text: str, table: Table, row: int, column: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        warnings.warn(
            f"Table {table.name!r}, row {row}, column {column!r}: the text has "
            f"{len(text)} characters, more than the {MAX_CELL_TEXT} that an XLSX "
            f"cell can hold, so only the first {MAX_CELL_TEXT} are written to the "
            "workbook. The table's CSV file keeps the full text.",
            SurveyWarning,
            stacklevel=2,
        )
        text = text[:MAX_CELL_TEXT]
    cell.value = text
    # Assigning text that starts with "=" makes openpyxl store a formula. Setting the
    # type afterwards keeps it a string cell.
    cell.data_type = "s"
    if starts_like_formula(text):
        cell.quotePrefix = True


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)
