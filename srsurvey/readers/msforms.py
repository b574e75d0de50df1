"""Recognise Microsoft Forms exports and give their columns the right roles.

Microsoft Forms (English interface) starts its .xlsx export with ``ID``, ``Start
time``, ``Completion time``, ``Email`` and ``Name``, adds ``Total points``, ``Quiz
feedback`` and ``Last modified time`` when they apply, and follows each quiz
question with ``Points - <question>`` and ``Feedback - <question>``. Checkbox
answers are joined with ``";"`` and end with one more ``";"``.

NOTE: only the English column titles are recognised. An export made in another
interface language is read as a plain table.
"""

from __future__ import annotations

import pandas as pd

from srsurvey.readers._table import list_rows
from srsurvey.readers._timestamps import parse_timestamps
from srsurvey.readers.model import ColumnSource, Responses
from srsurvey.readers.multiselect import SEPARATOR_DETAIL

__all__ = ["DURATION_COLUMN", "adapt_msforms", "is_msforms_header"]

# Titles that every Microsoft Forms export has among its first columns.
SIGNATURE = ("id", "start time", "completion time")
_SIGNATURE_SPAN = 8

START = "start time"
COMPLETION = "completion time"
LAST_MODIFIED = "last modified time"
TIME_HEADERS = (START, COMPLETION, LAST_MODIFIED)
METADATA_HEADERS = frozenset({"id", "name", "total points", "quiz feedback"})

# Prefixes of the per-question columns of a quiz, and the ColumnSource.row_label
# that marks what each one holds.
QUESTION_PREFIXES = (("points - ", "points"), ("feedback - ", "feedback"))

DURATION_COLUMN = "duration_seconds"


def is_msforms_header(headers: list[str | None]) -> bool:
    """Return True when the first columns carry the Microsoft Forms titles."""
    first = {
        header.strip().casefold()
        for header in headers[:_SIGNATURE_SPAN]
        if header is not None
    }
    return all(title in first for title in SIGNATURE)


def adapt_msforms(responses: Responses) -> Responses:
    """Mark the form's own columns and add the completion duration, in place.

    ``ID``, ``Name``, ``Total points``, ``Quiz feedback``, ``Start time`` and ``Last
    modified time`` become kind ``"metadata"``, ``Email`` kind ``"email"`` and
    ``Completion time`` the ``"timestamp"``, so a later submission is the one
    completed later. The three time columns are parsed to datetimes. A ``Points -
    Q`` or ``Feedback - Q`` column gets ``question = "Q"``, ``row_label`` ``"points"``
    or ``"feedback"`` and kind ``"metadata"``, so it is not analysed as an item.

    A ``duration_seconds`` column (float, kind ``"metadata"``) follows ``Completion
    time``: completion minus start from the full date and time, so a response that
    runs past midnight gets its true length. ``details`` records ``"Microsoft
    Forms"`` as the form tool and ``";"`` as the checkbox separator.

    Returns
    -------
    Responses
        The same object, changed.
    """
    label = responses.files[0] if len(responses.source_files) else ""
    times: dict[str, str] = {}
    for name, source in responses.columns.items():
        key = source.header.strip().casefold()
        if key in TIME_HEADERS:
            times[key] = name
            _parse_time_column(responses, source, label)
            source.kind = "timestamp" if key == COMPLETION else "metadata"
        elif key in METADATA_HEADERS:
            source.kind = "metadata"
        elif key == "email":
            source.kind = "email"
        else:
            _attach_to_question(source)

    if START in times and COMPLETION in times:
        _add_duration(responses, times[START], times[COMPLETION], label)
    responses.details["form tool"] = "Microsoft Forms"
    responses.details[SEPARATOR_DETAIL] = ";"
    return responses


def _attach_to_question(source: ColumnSource) -> None:
    lowered = source.header.casefold()
    for prefix, role in QUESTION_PREFIXES:
        if lowered.startswith(prefix) and source.header[len(prefix) :].strip():
            source.kind = "metadata"
            source.question = source.header[len(prefix) :].strip()
            source.row_label = role
            return


def _parse_time_column(responses: Responses, source: ColumnSource, label: str) -> None:
    values = responses.data[source.name]
    if pd.api.types.is_datetime64_any_dtype(values):
        return
    parsed = parse_timestamps(values)
    failed = parsed.unparsed.to_numpy()
    if failed.any():
        rows = responses.source_rows.to_numpy()[failed]
        responses.warnings.append(
            f'{label}: {len(rows)} values in the column "{source.name}" are not dates '
            f"and times (rows {list_rows(rows)}), so they are left empty."
        )
    if parsed.month_first_assumed:
        responses.warnings.append(
            f'{label}: dates in the column "{source.name}" such as 02/03/2024 could be '
            "day/month or month/day; they are read as month/day/year (the US order)."
        )
    responses.data[source.name] = parsed.values


def _add_duration(
    responses: Responses, start_name: str, completion_name: str, label: str
) -> None:
    start = responses.data[start_name]
    completion = responses.data[completion_name]
    if isinstance(start.dtype, pd.DatetimeTZDtype) != isinstance(
        completion.dtype, pd.DatetimeTZDtype
    ):
        responses.warnings.append(
            f'{label}: only one of "{start_name}" and "{completion_name}" has a time '
            f'zone, so "{DURATION_COLUMN}" is left empty.'
        )
        seconds = pd.Series(float("nan"), index=start.index)
    else:
        seconds = (completion - start).dt.total_seconds().astype("float64")

    negative = (seconds < 0).fillna(False).to_numpy(dtype=bool)
    if negative.any():
        rows = responses.source_rows.to_numpy()[negative]
        responses.warnings.append(
            f"{label}: {len(rows)} responses end before they start (rows "
            f'{list_rows(rows)}), so their "{DURATION_COLUMN}" is left empty. Check '
            f'the columns "{start_name}" and "{completion_name}".'
        )
        seconds = seconds.mask(negative)

    name = _free_name(responses, DURATION_COLUMN)
    completion_source = responses.columns[completion_name]
    columns = list(responses.columns)
    at = columns.index(completion_name) + 1
    responses.data.insert(at, name, seconds.to_numpy())
    source = ColumnSource(
        name=name,
        header=name,
        file=completion_source.file,
        position=completion_source.position,
        kind="metadata",
        sheet=completion_source.sheet,
    )
    items = list(responses.columns.items())
    items.insert(at, (name, source))
    responses.columns = dict(items)


def _free_name(responses: Responses, name: str) -> str:
    candidate = name
    number = 2
    while candidate in responses.columns:
        candidate = f"{name} ({number})"
        number += 1
    return candidate
