"""Turn a parsed grid of cells into :class:`Responses`: names, kinds, timestamps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from srsurvey.errors import DataFileError
from srsurvey.readers._timestamps import TIMESTAMP_HEADERS, parse_timestamps
from srsurvey.readers.model import ColumnSource, Responses

# Headers of the e-mail column that Google Forms adds when it collects addresses,
# compared after casefold() and stripping.
EMAIL_HEADERS = frozenset(
    {
        "email address",
        "e-mail address",
        "email",
        "адрес электронной почты",
        "электрондық пошта мекенжайы",
        "электрондық пошта",
        "адреса електронної пошти",
        "adresse e-mail",
        "e-mail-adresse",
        "dirección de correo electrónico",
    }
)

# Headers of the quiz score column, compared after casefold() and stripping.
SCORE_HEADERS = frozenset({"score", "баллы", "балл", "ұпай", "ұпайлар", "бали"})

SCORE_PATTERN = r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)\s*$"

# Number of rows named in a warning or error before "and N more".
MAX_ROWS_LISTED = 5


@dataclass
class RawTable:
    """Cells of one export before columns get names and kinds.

    ``header`` has one entry per column, ``None`` for an empty header cell. ``body``
    has integer column labels 0..n-1 and string cells with ``pd.NA`` for empty ones.
    ``rows`` gives the spreadsheet row of each row of ``body``.
    """

    label: str
    header: list[str | None]
    body: pd.DataFrame
    rows: np.ndarray
    sheet: str | None = None
    decimal: str = "."
    details: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def column_letter(position: int) -> str:
    """Return the spreadsheet letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def list_rows(rows: list[int] | np.ndarray) -> str:
    """Format row numbers as ``3, 7, 9`` or ``3, 7, 9, 12, 15 and 4 more``."""
    rows = [int(row) for row in rows]
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_LISTED])
    if len(rows) > MAX_ROWS_LISTED:
        shown += f" and {len(rows) - MAX_ROWS_LISTED} more"
    return shown


def add_warning(table: RawTable, message: str) -> None:
    """Store a caveat, prefixed with the file name, in ``table.warnings``.

    The public readers issue the stored caveats as :class:`SurveyWarning`.
    """
    table.warnings.append(f"{table.label}: {message}")


def split_grid_header(header: str) -> tuple[str, str] | None:
    """Split a grid header ``Title [Row]`` into its title and row label.

    The split is at the last ``" ["``, so a title that contains ``" ["`` keeps it.
    Returns None unless the header ends with ``"]"`` and both parts are non-empty.

    NOTE: a row label that itself contains ``" ["`` is split at the wrong place.
    """
    stripped = header.rstrip()
    if not stripped.endswith("]"):
        return None
    cut = stripped.rfind(" [")
    if cut <= 0:
        return None
    title = stripped[:cut].strip()
    row_label = stripped[cut + 2 : -1].strip()
    if not title or not row_label:
        return None
    return title, row_label


def build_responses(table: RawTable) -> Responses:
    """Name, classify and check the columns of ``table`` and return the responses.

    Raises
    ------
    DataFileError
        If the header is empty or no row contains an answer.
    """
    _check_header(table)
    _drop_unnamed_empty_columns(table)
    _drop_empty_rows(table)
    names = _unique_names(table)

    data: dict[str, pd.Series] = {}
    columns: dict[str, ColumnSource] = {}
    for position, name in enumerate(names):
        header = table.header[position] or name
        values = table.body.iloc[:, position].reset_index(drop=True)
        source = ColumnSource(
            name=name,
            header=header,
            file=table.label,
            position=position,
            sheet=table.sheet,
        )
        data[name] = _classify(table, source, values)
        columns[name] = source

    frame = pd.DataFrame(data)
    return Responses(
        data=frame,
        columns=columns,
        source_rows=pd.Series(table.rows, index=frame.index, dtype="int64"),
        source_files=pd.Series(
            [table.label] * len(frame), index=frame.index, dtype=object
        ),
        decimal=table.decimal,
        details=dict(table.details),
        warnings=list(table.warnings),
    )


def _check_header(table: RawTable) -> None:
    if not any(_is_present(cell) for cell in table.header):
        raise DataFileError(
            "row 1 is empty, but it must contain the question titles.",
            hint="Delete the empty rows above the header, or export the responses again.",
            file=table.label,
            sheet=table.sheet,
            row=1,
        )


def _is_present(cell: str | None) -> bool:
    return cell is not None and cell.strip() != ""


def _drop_unnamed_empty_columns(table: RawTable) -> None:
    """Drop columns with neither a header nor an answer, and name the others."""
    keep = []
    for position, cell in enumerate(table.header):
        has_data = bool(table.body.iloc[:, position].notna().any())
        if _is_present(cell):
            keep.append(position)
            continue
        if has_data:
            letter = column_letter(position)
            table.header[position] = f"Column {letter}"
            add_warning(
                table,
                f"column {letter} has answers but no header, so it is named "
                f'"Column {letter}". Add a title in row 1 to name it.',
            )
            keep.append(position)

    if len(keep) < len(table.header):
        table.header = [table.header[position] for position in keep]
        table.body = table.body.iloc[:, keep]
        table.body.columns = range(len(keep))


def _drop_empty_rows(table: RawTable) -> None:
    filled = table.body.notna().any(axis=1).to_numpy()
    if not filled.any():
        raise DataFileError(
            "the file has a header but no responses.",
            hint="Export the responses again after the form has received answers.",
            file=table.label,
            sheet=table.sheet,
        )
    if not filled.all():
        table.body = table.body.loc[filled]
        table.rows = table.rows[filled]


def _unique_names(table: RawTable) -> list[str]:
    """Give each column a unique name: a repeated title gets " (2)", " (3)", ..."""
    headers = [str(cell) for cell in table.header]
    taken = set(headers)
    seen: dict[str, list[int]] = {}
    names = []
    for position, header in enumerate(headers):
        positions = seen.setdefault(header, [])
        positions.append(position)
        if len(positions) == 1:
            names.append(header)
            continue
        number = len(positions)
        candidate = f"{header} ({number})"
        while candidate in taken:
            number += 1
            candidate = f"{header} ({number})"
        taken.add(candidate)
        names.append(candidate)

    for header, positions in seen.items():
        if len(positions) > 1:
            letters = ", ".join(column_letter(position) for position in positions)
            renamed = ", ".join(f'"{names[position]}"' for position in positions)
            add_warning(
                table,
                f'the question title "{header}" appears {len(positions)} times '
                f"(columns {letters}), so the columns are named {renamed}. "
                "Use these names in the study file.",
            )
    return names


def _classify(table: RawTable, source: ColumnSource, values: pd.Series) -> pd.Series:
    """Set ``source.kind`` and return the column values, parsed if they are times."""
    key = source.header.strip().casefold()

    if key in TIMESTAMP_HEADERS:
        return _timestamp_column(table, source, values)

    if key in EMAIL_HEADERS:
        source.kind = "email"
        return values

    if key in SCORE_HEADERS and _all_scores(values):
        source.kind = "score"
        return values

    grid = split_grid_header(source.header)
    if grid is not None:
        source.kind = "grid"
        source.question, source.row_label = grid
    return values


def _all_scores(values: pd.Series) -> bool:
    present = values.dropna()
    return bool(present.str.fullmatch(SCORE_PATTERN).all())


def _timestamp_column(
    table: RawTable, source: ColumnSource, values: pd.Series
) -> pd.Series:
    parsed = parse_timestamps(values)
    present = int(values.notna().sum())
    failed = parsed.unparsed.to_numpy()
    name = source.name

    if present and failed.sum() == present:
        source.kind = "metadata"
        add_warning(
            table,
            f'no value in the column "{name}" is a date and time '
            f'(the first is "{values.dropna().iloc[0]}"), so it is kept as text. '
            "Check that the column is the submission timestamp.",
        )
        return values

    source.kind = "timestamp"
    if failed.any():
        rows = table.rows[failed]
        add_warning(
            table,
            f'{len(rows)} values in the column "{name}" are not dates and times '
            f"(rows {list_rows(rows)}), so they are left empty. Correct them in "
            "the file if the submission times matter.",
        )
    if parsed.month_first_assumed:
        add_warning(
            table,
            f'dates in the column "{name}" such as 02/03/2024 could be day/month or '
            "month/day; they are read as month/day/year (the US order). Export the "
            "file again with ISO dates if that is wrong.",
        )
    zone_key = "timezone" if "timezone" not in table.details else f"timezone ({name})"
    if parsed.zone == "unknown":
        table.details[zone_key] = "unknown"
        add_warning(
            table,
            f'the times in the column "{name}" have no time zone, so they are kept '
            "as written and not converted to UTC.",
        )
    elif parsed.zone == "mixed":
        table.details[zone_key] = "mixed"
        add_warning(
            table,
            f'only some times in the column "{name}" have a time zone. Those are '
            "converted to UTC and the others are kept as written, so the column has "
            "no time zone.",
        )
    else:
        table.details[zone_key] = "UTC"
    return parsed.values
