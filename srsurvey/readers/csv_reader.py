"""Read CSV exports: encoding, delimiter, decimal separator and record widths."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from srsurvey.errors import DataFileError
from srsurvey.readers._sniff import DELIMITER_NAMES, decode_text, detect_delimiter
from srsurvey.readers._table import RawTable, add_warning, list_rows

__all__ = ["read_csv_table"]

_COMMA_DECIMAL = r"^\s*[+-]?\d+,\d+\s*$"

# Rows scanned for the decimal separator, which keeps the scan short on large files.
# NOTE: a file with no number like 3,5 in its first 5,000 rows gets ".".
_DECIMAL_SAMPLE_ROWS = 5_000


def read_csv_table(data: bytes, label: str) -> RawTable:
    """Parse the bytes of a CSV export into a :class:`RawTable`.

    Every cell stays text, ``pd.NA`` for an empty cell. Records are counted as a
    spreadsheet shows them, so a cell with line breaks does not shift the rows below.

    Raises
    ------
    DataFileError
        If the bytes cannot be decoded, a record is wider than the header, a quoted
        cell is never closed, or the file has no header.
    """
    text, encoding = decode_text(data, label)
    table = RawTable(label=label, header=[], body=pd.DataFrame(), rows=np.array([]))
    table.details.update({"format": "csv", "encoding": encoding})
    if encoding == "cp1251":
        add_warning(
            table,
            "the file is not UTF-8, so it was read as Windows-1251 (cp1251), the "
            "encoding of Russian-locale Excel. Kazakh letters such as ә, ғ, қ, ң, ө, ұ, "
            "ү, һ, і do not exist in it. If text looks wrong, save the file as CSV UTF-8.",
        )

    if not text.strip():
        raise DataFileError(
            "the file contains only blank lines.",
            hint="Export the responses again.",
            file=label,
        )

    delimiter = detect_delimiter(text)
    table.details["delimiter"] = delimiter
    widths = _record_widths(text, delimiter, label)

    frame = _parse(data, text, encoding, delimiter, label)
    if len(frame) != len(widths):
        raise DataFileError(
            f"the file could not be split into rows consistently ({len(frame)} or "
            f"{len(widths)} rows), which usually means a misplaced quote character.",
            hint="Open the file in a spreadsheet, check the quotes and save it again.",
            file=label,
        )

    table.header = [None if pd.isna(cell) else str(cell) for cell in frame.iloc[0]]
    table.body = frame.iloc[1:].reset_index(drop=True)
    table.body.columns = range(frame.shape[1])
    table.rows = np.arange(2, len(frame) + 1)

    _warn_short_records(table, widths, delimiter)
    table.decimal = _detect_decimal(table.body, delimiter)
    return table


def _record_widths(text: str, delimiter: str, label: str) -> np.ndarray:
    """Count the fields of each record and reject records wider than the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        widths = np.fromiter((len(record) for record in reader), dtype=np.int64)
    except csv.Error as err:
        raise DataFileError(
            f"row {reader.line_num} cannot be read as CSV: {err}.",
            hint="Open the file in a spreadsheet, check that row and save it again.",
            file=label,
            row=reader.line_num,
        ) from err

    if widths.size == 0 or widths[0] == 0:
        raise DataFileError(
            "row 1 is empty, but it must contain the question titles.",
            hint="Delete the empty rows above the header, or export the responses again.",
            file=label,
            row=1,
        )

    header_width = widths[0]
    too_wide = np.flatnonzero(widths > header_width) + 1
    if too_wide.size:
        first = int(too_wide[0])
        raise DataFileError(
            f"row {first} has {widths[first - 1]} cells but the header has "
            f"{header_width} (rows with too many cells: {list_rows(too_wide)}).",
            hint=f"A {DELIMITER_NAMES[delimiter]} inside an answer must be quoted. "
            "Open the file in a spreadsheet, fix that row and save it again.",
            file=label,
            row=first,
        )
    return widths


def _parse(
    data: bytes, text: str, encoding: str, delimiter: str, label: str
) -> pd.DataFrame:
    # pandas parses bytes several times faster than a str buffer, so UTF-8 input is
    # passed on as it is and other encodings are converted to UTF-8 first.
    if encoding == "utf-8":
        payload = data
    elif encoding == "utf-8-sig":
        payload = data[3:]
    else:
        payload = text.encode("utf-8")

    try:
        return pd.read_csv(
            io.BytesIO(payload),
            sep=delimiter,
            header=None,
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _parser_error(err, label) from err


def _parser_error(err: Exception, label: str) -> DataFileError:
    unclosed = re.search(r"EOF inside string starting at row (\d+)", str(err))
    if unclosed:
        row = int(unclosed.group(1)) + 1
        return DataFileError(
            f"a quoted cell that starts in row {row} is never closed.",
            hint='Add the missing closing quote (") or export the file again.',
            file=label,
            row=row,
        )
    return DataFileError(
        f"the file cannot be read as CSV: {err}",
        hint="Open the file in a spreadsheet, check it and save it again as CSV UTF-8.",
        file=label,
    )


def _warn_short_records(table: RawTable, widths: np.ndarray, delimiter: str) -> None:
    """Warn about records with fewer cells than the header, which pandas pads."""
    data_widths = widths[1:]
    short = (data_widths < widths[0]) & (data_widths > 0)
    if not short.any():
        return
    rows = table.rows[short]
    add_warning(
        table,
        f"{len(rows)} rows have fewer cells than the header (rows {list_rows(rows)}); "
        "the missing cells at their ends are read as empty. If an answer with a line "
        "break split a row in two, quote that answer and save the file again.",
    )


def _detect_decimal(body: pd.DataFrame, delimiter: str) -> str:
    """Return ``","`` when numbers such as ``3,5`` appear in a non-comma CSV."""
    if delimiter == "," or body.empty:
        return "."
    sample = body.head(_DECIMAL_SAMPLE_ROWS)
    for position in range(sample.shape[1]):
        column = sample.iloc[:, position].dropna()
        if column.empty:
            continue
        if column.str.fullmatch(_COMMA_DECIMAL).any():
            return ","
    return "."
