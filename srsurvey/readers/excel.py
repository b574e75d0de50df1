"""Read .xlsx exports with openpyxl, turning every cell into text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd

from srsurvey.errors import DataFileError
from srsurvey.readers._table import RawTable

__all__ = ["cell_text", "read_xlsx_table"]

_DAMAGED_HINT = "The file is damaged or incomplete; export it again."


def cell_text(value: object) -> str | None:
    """Convert one openpyxl cell value to the text a spreadsheet shows for it.

    Whole numbers lose the ``.0`` (4.0 -> ``"4"``), other floats use the shortest
    text that round-trips (3.25 -> ``"3.25"``), dates and times become ISO 8601 text
    and booleans ``"TRUE"``/``"FALSE"``. Empty cells and empty strings give None.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_xlsx_table(data: bytes, label: str, sheet: str | None = None) -> RawTable:
    """Read one worksheet of an .xlsx workbook into a :class:`RawTable`.

    The first worksheet is read unless ``sheet`` names another.

    Raises
    ------
    DataFileError
        If the workbook is damaged, ``sheet`` does not exist, or the sheet is empty.

    Notes
    -----
    openpyxl converts every cell in Python, so a 100,000-row workbook takes far longer
    than the same data as CSV.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # openpyxl reports a damaged part with whatever error its ZIP or XML layer
    # raises, so these all mean "damaged workbook" here.
    damaged = (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        KeyError,
        ValueError,
        TypeError,
        ParseError,
        InvalidFileException,
    )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except damaged as err:
        raise DataFileError(
            f"the workbook cannot be opened ({type(err).__name__}: {err}).",
            hint=_DAMAGED_HINT,
            file=label,
        ) from err

    try:
        worksheet = _select_sheet(workbook, sheet, label)
        worksheet.reset_dimensions()
        try:
            records = [list(row) for row in worksheet.iter_rows(values_only=True)]
        except damaged as err:
            raise DataFileError(
                f'the sheet "{worksheet.title}" cannot be read '
                f"({type(err).__name__}: {err}).",
                hint=_DAMAGED_HINT,
                file=label,
                sheet=worksheet.title,
            ) from err
    finally:
        workbook.close()

    table = _records_to_table(records, label, worksheet.title, workbook.sheetnames)
    _join_two_header_rows(table, records, data)
    return table


def _join_two_header_rows(table: RawTable, records: list[list[object]], data: bytes):
    """Turn a block-title row over an item-title row into one header row."""
    from srsurvey.readers.excel_headers import (
        may_have_two_header_rows,
        merged_header_ranges,
        two_row_header,
    )

    width = len(table.header)
    if not may_have_two_header_rows(records, width):
        return
    header = two_row_header(records, width, merged_header_ranges(data, table.sheet))
    if header is None:
        return
    table.header = header
    table.body = table.body.iloc[1:].reset_index(drop=True)
    table.rows = table.rows[1:]
    table.details["header rows"] = "2"


def _select_sheet(workbook, sheet: str | None, label: str):
    worksheets = workbook.worksheets
    names = [worksheet.title for worksheet in worksheets]
    if sheet is None:
        if not worksheets:
            raise DataFileError(
                "the workbook has no worksheets.", hint=_DAMAGED_HINT, file=label
            )
        return worksheets[0]
    if sheet not in names:
        listed = ", ".join(f'"{name}"' for name in names)
        raise DataFileError(
            f'the workbook has no sheet "{sheet}". Its sheets are: {listed}.',
            hint="Pass one of these names as the sheet.",
            file=label,
            value=sheet,
        )
    return workbook[sheet]


def _records_to_table(
    records: list[list[object]], label: str, sheet: str, sheet_names: list[str]
) -> RawTable:
    width = max((_used_width(record) for record in records), default=0)
    if not records or width == 0:
        others = [name for name in sheet_names if name != sheet]
        hint = "Export the responses again."
        if others:
            listed = ", ".join(f'"{name}"' for name in others)
            hint = f"Choose another sheet ({listed}) or export the responses again."
        raise DataFileError(
            f'the sheet "{sheet}" is empty.', hint=hint, file=label, sheet=sheet
        )

    texts = [
        [cell_text(value) for value in record[:width]] + [None] * (width - len(record))
        for record in records
    ]
    header = texts[0]
    body = pd.DataFrame(texts[1:], columns=range(width), dtype="string")
    if body.empty:
        body = pd.DataFrame(
            {position: pd.Series([], dtype="string") for position in range(width)}
        )
    return RawTable(
        label=label,
        header=header,
        body=body,
        rows=np.arange(2, len(texts) + 1),
        sheet=sheet,
        details={"format": "xlsx", "sheet": sheet},
    )


def _used_width(record: list[object]) -> int:
    for position in range(len(record) - 1, -1, -1):
        if record[position] is not None and record[position] != "":
            return position + 1
    return 0
