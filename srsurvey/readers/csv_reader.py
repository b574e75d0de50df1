"""Read CSV exports: encoding, delimiter, decimal separator and record widths."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from srsurvey.errors import DataFileError
from srsurvey.readers._sniff import DELIMITER_NAMES, decode_text, detect_delimiter
from srsurvey.readers._table import RawTable, add_warning, column_letter, list_rows

__all__ = ["read_csv_table"]

# A number with a decimal comma, its thousands optionally grouped with a no-break
# space (U+00A0) or a narrow no-break space (U+202F): "3,5", "1 234,5".
_COMMA_DECIMAL = r"^\s*[+-]?(?:\d+|\d{1,3}(?:[\u00a0\u202f]\d{3})+),\d+\s*$"

# A question mark inside a Cyrillic word ("?аза?стан", "?ызмет"). Saving text as
# Windows-1251 replaces each Kazakh letter that the code page lacks (ә ғ қ ң ө ұ ү
# һ і) with "?", and a question mark that ends a sentence is followed by a space.
_LOST_LETTER = re.compile(r"(?:(?<![^\W\d_])|(?<=[а-яё]))\?[а-яё]", re.IGNORECASE)
_LOST_LETTER_EXAMPLES = 3

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
    _warn_lost_letters(table)
    table.decimal = _detect_decimal(table.body, delimiter)
    return table


def _warn_lost_letters(table: RawTable) -> None:
    """Warn when Cyrillic words contain "?", the trace of Kazakh letters lost."""
    found: list[str] = []
    cells = 0
    for position, header in enumerate(table.header):
        if header is not None and _LOST_LETTER.search(header):
            cells += 1
            found.append(f'row 1, column {column_letter(position)}: "{header}"')
    for position in range(table.body.shape[1]):
        column = table.body.iloc[:, position]
        hits = column.str.contains(_LOST_LETTER, na=False).to_numpy()
        if not hits.any():
            continue
        cells += int(hits.sum())
        for row, value in zip(table.rows[hits], column[hits]):
            if len(found) < _LOST_LETTER_EXAMPLES:
                found.append(
                    f'row {int(row)}, column {column_letter(position)}: "{value}"'
                )
    if not cells:
        return
    subject = "1 cell contains" if cells == 1 else f"{cells} cells contain"
    add_warning(
        table,
        f"{subject} a question mark inside a Cyrillic word "
        f"({'; '.join(found[:_LOST_LETTER_EXAMPLES])}). This is how Kazakh letters "
        "such as қ, ә, ғ, ң, ө, ұ, ү, һ, і look after the file was saved in "
        "Windows-1251, and the letters cannot be restored from this file. Export "
        "the responses again as CSV UTF-8 (Excel: File > Save As > CSV UTF-8).",
    )


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
