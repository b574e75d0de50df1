"""Read one or several export files, choosing the reader by the file's content."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.readers._sniff import detect_format
from srsurvey.readers._table import RawTable, add_warning, build_responses
from srsurvey.readers.csv_reader import read_csv_table
from srsurvey.readers.model import ColumnSource, Responses
from srsurvey.readers.msforms import adapt_msforms, is_msforms_header

__all__ = ["chat_export_error", "is_chat_export", "read_export", "read_exports"]

_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
_SAV_SUFFIXES = {".sav", ".zsav"}
_FORMAT_NAMES = {"xlsx": ".xlsx workbook", "sav": "SPSS data file (.sav)"}
_USUAL_SUFFIX = {"xlsx": ".xlsx", "sav": ".sav"}


def read_export(path: str | Path, *, sheet: str | None = None) -> Responses:
    """Read a Google Forms export (CSV or .xlsx) into :class:`Responses`.

    The format is decided by the content, not the name: a CSV file renamed to .xlsx
    is read as CSV, with a warning. The file is opened for reading only.

    Parameters
    ----------
    path
        The export file. Messages and ``Responses.source_files`` show it as given.
    sheet
        Worksheet of an .xlsx file. The first worksheet is read by default.

    Returns
    -------
    Responses
        Answer cells as text with ``pd.NA`` for empty cells, the timestamp column
        parsed, and the encoding, delimiter and sheet in ``details``.

    Raises
    ------
    DataFileError
        If the file is missing, empty, damaged, in another format, or has a header
        but no responses. A WhatsApp chat export also raises, because its reply
        format is in the study file: :func:`srsurvey.analysis.run_analysis` reads
        chats with :func:`srsurvey.readers.whatsapp.typed_responses`.

    Warns
    -----
    SurveyWarning
        For each caveat also stored in ``Responses.warnings``, such as repeated
        question titles or times without a time zone.
    """
    responses = _read_one(path, sheet)
    _issue_warnings(responses.warnings)
    return responses


def read_exports(paths: list[str | Path]) -> Responses:
    """Read several exports of one form and stack their rows.

    Columns with the same name are stacked. A column that some files lack is empty
    for their rows, with a warning. ``source_files`` and ``source_rows`` keep the
    origin of every row, and a first column ``source`` (kind ``"metadata"``, or
    ``source (2)`` if the files have a ``source`` column) contains the file name of
    each row, so a table written from the data still shows it. Duplicate
    submissions are kept here; scoring resolves them by the study's
    ``input.duplicates`` rule.

    Raises
    ------
    DataFileError
        If ``paths`` is empty or any file cannot be read.
    """
    if not paths:
        raise DataFileError(
            "no export files were given.", hint="Pass at least one CSV or .xlsx file."
        )

    parts = [_read_one(path, None) for path in paths]
    combined = _combine(parts)
    _add_source_column(combined)
    _issue_warnings(combined.warnings)
    return combined


def is_chat_export(path: str | Path) -> bool:
    """Return True when ``path`` is a WhatsApp chat export, judged by its content.

    A chat export is a ``.txt`` file whose first non-blank line is a WhatsApp
    message header, or a ``.zip`` whose chat ``.txt`` member is one. A missing,
    unreadable or unrecognisable file returns False, so that the reader reports
    the problem.
    """
    try:
        data = _read_bytes(Path(path), str(path))
        return detect_format(data, str(path)) == "whatsapp"
    except DataFileError:
        return False


def chat_export_error(label: str) -> DataFileError:
    """Return the error for a chat export given where a form export is expected."""
    return DataFileError(
        "the file is a WhatsApp chat export, not a form export, so it needs a "
        "study file with a whatsapp section that says how the answers are typed.",
        hint="Add a whatsapp: section to the study file with the keys reply_format "
        "(pairs, sequence or per_question), items (the item ids in question "
        "order) and, for per_question, trigger, then run srsurvey analyze CHAT "
        "--study STUDY.yaml. To count the chat's poll votes, run srsurvey "
        "whatsapp CHAT.",
        file=label,
    )


SOURCE_COLUMN = "source"


def _add_source_column(responses: Responses) -> None:
    name = SOURCE_COLUMN
    number = 2
    while name in responses.columns:
        name = f"{SOURCE_COLUMN} ({number})"
        number += 1
    labels = responses.source_files.map(lambda label: Path(str(label)).name)
    responses.data.insert(0, name, labels.astype("string").to_numpy())
    # position -1: the column is added by the reader, no file contains it.
    source = ColumnSource(name=name, header=name, file="", position=-1, kind="metadata")
    responses.columns = {name: source, **responses.columns}


def _issue_warnings(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(message, SurveyWarning, stacklevel=3)


def _read_one(path: str | Path, sheet: str | None) -> Responses:
    label = str(path)
    data = _read_bytes(Path(path), label)
    suffix = Path(path).suffix.lower()
    kind = detect_format(data, label)

    if kind == "whatsapp":
        raise chat_export_error(label)

    if kind == "xlsx":
        from srsurvey.readers.excel import read_xlsx_table

        table = read_xlsx_table(data, label, sheet)
        _check_suffix(table, kind, suffix, _WORKBOOK_SUFFIXES)
        return _finish(table)

    if kind == "sav":
        from srsurvey.readers.spss import read_sav_table

        table, variable_labels = read_sav_table(data, label)
        _check_suffix(table, kind, suffix, _SAV_SUFFIXES)
        _ignore_sheet(table, sheet, "an SPSS file")
        responses = build_responses(table)
        for source in responses.columns.values():
            source.header = variable_labels.get(source.header, source.header)
        return responses

    table = read_csv_table(data, label)
    if suffix in _WORKBOOK_SUFFIXES | _SAV_SUFFIXES:
        add_warning(
            table,
            f'the file is CSV text although its name ends in "{suffix}", so it was '
            "read as CSV. Rename it to .csv to avoid this warning.",
        )
    _ignore_sheet(table, sheet, "a CSV file")
    return _finish(table)


def _finish(table: RawTable) -> Responses:
    msforms = is_msforms_header(table.header)
    responses = build_responses(table)
    if msforms:
        adapt_msforms(responses)
    return responses


def _check_suffix(table: RawTable, kind: str, suffix: str, usual: set[str]) -> None:
    if suffix in usual:
        return
    add_warning(
        table,
        f"the file is an {_FORMAT_NAMES[kind]} although its name ends in "
        f'"{suffix}", so it was read by its content. Rename it to '
        f"{_USUAL_SUFFIX[kind]} to avoid this warning.",
    )


def _ignore_sheet(table: RawTable, sheet: str | None, description: str) -> None:
    if sheet is not None:
        add_warning(
            table,
            f'the sheet "{sheet}" was requested, but {description} has no sheets, '
            "so the option was ignored.",
        )


def _read_bytes(path: Path, label: str) -> bytes:
    if not path.exists():
        raise DataFileError(
            "the file was not found.",
            hint="Check the path and the file name.",
            file=label,
        )
    if path.is_dir():
        raise DataFileError(
            "the path is a folder, not a file.",
            hint="Give the path of the CSV or .xlsx export inside it.",
            file=label,
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataFileError(
            f"the file cannot be read: {err.strerror or err}.",
            hint="Check that you may read it and that no other program locks it.",
            file=label,
        ) from err
    if not data:
        raise DataFileError(
            "the file is empty (0 bytes).",
            hint="Export the responses again.",
            file=label,
        )
    return data


def _combine(parts: list[Responses]) -> Responses:
    """Stack the rows of several :class:`Responses`, matching columns by name."""
    if len(parts) == 1:
        return parts[0]

    labels = [part.files[0] for part in parts]
    notes = [message for part in parts for message in part.warnings]
    notes += _repeated_file_warnings(labels)

    columns: dict[str, ColumnSource] = {}
    dtypes = {}
    for part in parts:
        for name, source in part.columns.items():
            columns.setdefault(name, source)
            dtypes.setdefault(name, part.data[name].dtype)
    notes += _missing_column_warnings(parts, columns)

    frames = [_align(part, columns, dtypes) for part in parts]
    data = pd.concat(frames, ignore_index=True)
    for name, source in columns.items():
        if source.kind == "timestamp" and _zones_differ(frames, name):
            data[name] = _naive_utc(frames, name)
            notes.append(
                f"{', '.join(labels)}: only some files have a time zone in the column "
                f'"{name}". Their times are converted to UTC and the others are kept '
                "as written, so the column has no time zone."
            )

    decimals = {part.decimal for part in parts}
    decimal = "," if "," in decimals else "."
    if len(decimals) > 1:
        notes.append(
            f"{', '.join(labels)}: some files write decimals with a comma and others "
            "with a point, so both are accepted as decimal separators."
        )

    return Responses(
        data=data,
        columns=columns,
        source_rows=pd.concat([part.source_rows for part in parts], ignore_index=True),
        source_files=pd.concat(
            [part.source_files for part in parts], ignore_index=True
        ),
        decimal=decimal,
        details=_combined_details(parts, labels),
        warnings=notes,
    )


def _repeated_file_warnings(labels: list[str]) -> list[str]:
    resolved = [str(Path(label).resolve()) for label in labels]
    repeated = [
        label
        for position, label in enumerate(labels)
        if resolved[position] in resolved[:position]
    ]
    return [
        f"{label}: the file was given more than once, so its rows appear more than once."
        for label in dict.fromkeys(repeated)
    ]


def _missing_column_warnings(
    parts: list[Responses], columns: dict[str, ColumnSource]
) -> list[str]:
    messages = []
    for name in columns:
        lacking = [part.files[0] for part in parts if name not in part.columns]
        if lacking:
            messages.append(
                f'{", ".join(lacking)}: the column "{name}" is missing, so it is empty '
                "for the rows of this file. Check that the files are exports of one form."
            )
    return messages


def _align(
    part: Responses, columns: dict[str, ColumnSource], dtypes: dict
) -> pd.DataFrame:
    frame = part.data.copy()
    for name in columns:
        if name not in frame.columns:
            frame[name] = pd.Series(pd.NA, index=frame.index).astype(dtypes[name])
    return frame[list(columns)]


def _zones_differ(frames: list[pd.DataFrame], name: str) -> bool:
    aware = {isinstance(frame[name].dtype, pd.DatetimeTZDtype) for frame in frames}
    return len(aware) > 1


def _naive_utc(frames: list[pd.DataFrame], name: str) -> pd.Series:
    """Stack a timestamp column, converting zoned values to UTC without a zone."""
    pieces = []
    for frame in frames:
        values = frame[name]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        pieces.append(values)
    return pd.concat(pieces, ignore_index=True)


def _combined_details(parts: list[Responses], labels: list[str]) -> dict[str, str]:
    details: dict[str, str] = {"files": "; ".join(labels)}
    keys = dict.fromkeys(key for part in parts for key in part.details)
    for key in keys:
        values = [part.details.get(key, "") for part in parts]
        if len(set(values)) == 1:
            details[key] = values[0]
        else:
            pairs = [f"{label}: {value}" for label, value in zip(labels, values)]
            details[key] = "; ".join(pairs)
    return details
