"""Write one report table as a CSV file that Excel and pandas both read correctly."""

from __future__ import annotations

import csv
import datetime as dt
import math
import numbers
from pathlib import Path

import pandas as pd

from srsurvey.tables._common import is_missing, is_number, safe_cell, table_frame
from srsurvey.tables.model import Table

__all__ = ["write_csv"]

# Excel decodes a CSV without a byte order mark in the ANSI code page of the Windows
# locale (cp1251 on Russian Windows), which garbles Cyrillic and Kazakh text. With the
# BOM it reads UTF-8. pandas.read_csv skips the BOM with its default encoding.
ENCODING = "utf-8-sig"


def write_csv(table: Table, path: str | Path) -> Path:
    """Write ``table`` to ``path`` as UTF-8 CSV with a byte order mark.

    Parameters
    ----------
    table
        The table to write. A row index other than the default ``RangeIndex``
        becomes the first columns.
    path
        The CSV file to create or overwrite.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    The file is UTF-8 with a byte order mark, so Excel on a Russian- or
    Kazakh-locale Windows opens Cyrillic text correctly. The delimiter is a comma,
    the decimal separator is ``.``, and rows end with CRLF as RFC 4180 specifies.
    Numbers are written unrounded, as the shortest text that reads back to the same
    float (Python's ``repr``), so ``pd.read_csv(path)`` with pandas 3.1 returns the
    stored values exactly. The column formats are not applied. Missing
    values are empty cells, infinities are ``inf`` and ``-inf``, and timestamps are
    ISO 8601. Text that a spreadsheet would evaluate as a formula gets a leading
    single quote (see :func:`srsurvey.tables.write.safe_cell`), and that includes
    column names.
    """
    path = Path(path)
    frame = table_frame(table)
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([safe_cell(column) for column in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            writer.writerow([_csv_cell(value) for value in row])
    return path


def _csv_cell(value: object) -> object:
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if is_number(value):
        if isinstance(value, numbers.Integral):
            return str(int(value))
        number = float(value)
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        # Python's repr of a float is the shortest text that parses back to it.
        return repr(number)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    return safe_cell(str(value))
