"""Split one export into waves: a wide export by column suffix, a long one by a wave
column, and combine the waves back into one wide table.
"""

from __future__ import annotations

import pandas as pd

from srsurvey.errors import CodebookError, DataFileError
from srsurvey.readers.model import ColumnSource, Responses

__all__ = ["split_by_column", "split_wide", "to_wide"]


def _subset(responses: Responses, rows: pd.Index, columns: dict[str, str]) -> Responses:
    """Return the rows ``rows`` and the columns ``columns`` (old -> new name)."""
    data = responses.data.loc[rows, list(columns)].rename(columns=columns)
    sources = {}
    for old, new in columns.items():
        source = responses.columns[old]
        sources[new] = ColumnSource(
            name=new,
            header=new if new != old else source.header,
            file=source.file,
            position=source.position,
            kind=source.kind,
            question=source.question,
            row_label=source.row_label,
            sheet=source.sheet,
        )
    return Responses(
        data=data,
        columns=sources,
        source_rows=responses.source_rows.loc[rows],
        source_files=responses.source_files.loc[rows],
        decimal=responses.decimal,
        details=dict(responses.details),
        warnings=[],
    )


def split_wide(responses: Responses, suffixes: dict[str, str]) -> dict[str, Responses]:
    """Split a wide export (one row per respondent) into one table per wave.

    Parameters
    ----------
    responses
        The export, with columns such as ``Q10_1_pre`` and ``Q9_1_post``.
    suffixes
        Wave id to the ending of its columns (``{"pre": "_pre", "post": "_post"}``).

    Returns
    -------
    dict of Responses
        One table per wave, with every row of the export and the wave's columns
        without their suffix. Columns that end in no suffix (a row id, a group
        shared by both waves) go to every wave under their own name.

    Raises
    ------
    CodebookError
        If a suffix ends no column of the export.
    """
    waves = {}
    endings = list(suffixes.values())
    shared = {
        name: name
        for name in responses.data.columns
        if not any(name.endswith(ending) for ending in endings)
    }
    for wave, suffix in suffixes.items():
        own = {
            name: name[: -len(suffix)]
            for name in responses.data.columns
            if name.endswith(suffix) and len(name) > len(suffix)
        }
        if not own:
            raise CodebookError(
                f'no column of the export ends in "{suffix}", the suffix of wave '
                f'"{wave}".',
                hint=f"Check waves.{wave}.suffix in the study file; it is compared "
                "with the end of each header, case included.",
                file=responses.files[0] if responses.files else None,
                value=suffix,
            )
        columns = dict(shared)
        for old, new in own.items():
            if new in columns:
                # A shared column and a wave column have the same stem: the wave's
                # own column wins, and the shared one keeps its full name.
                columns.pop(new)
            columns[old] = new
        waves[wave] = _subset(responses, responses.data.index, columns)
    return waves


def split_by_column(
    responses: Responses, column: str, values: dict[str, str]
) -> dict[str, Responses]:
    """Split a long export into waves by the value of its wave column.

    Raises
    ------
    CodebookError
        If the column is not in the export.
    DataFileError
        If a row has a value that is no wave's, or a wave has no rows.
    """
    name = next(
        (
            n
            for n, source in responses.columns.items()
            if n == column
            or " ".join(source.header.split()) == " ".join(column.split())
        ),
        None,
    )
    if name is None:
        raise CodebookError(
            f'the wave column "{column}" is not in the export.',
            hint="Check waves.column in the study file.",
            file=responses.files[0] if responses.files else None,
            column=column,
        )
    cells = responses.data[name].map(lambda v: None if pd.isna(v) else str(v).strip())
    wanted = {value.strip(): wave for wave, value in values.items()}
    unknown = cells[~cells.isin(list(wanted))]
    if len(unknown):
        index = unknown.index[0]
        file, row = responses.location(index)
        raise DataFileError(
            f"{len(unknown)} row(s) have a wave value that no wave declares, "
            f"for example {unknown.iloc[0]!r}.",
            hint="Declare the value under waves.<wave>.value, or remove the rows. "
            f"Declared values: {', '.join(repr(v) for v in wanted)}.",
            file=file,
            row=row,
            column=column,
            value=unknown.iloc[0],
        )
    columns = {n: n for n in responses.data.columns}
    waves = {}
    for value, wave in wanted.items():
        rows = cells.index[cells == value]
        if not len(rows):
            raise DataFileError(
                f'no row has the value "{value}" of wave "{wave}" in the wave column.',
                hint="Check waves.<wave>.value in the study file.",
                file=responses.files[0] if responses.files else None,
                column=column,
                value=value,
            )
        waves[wave] = _subset(responses, rows, columns)
    return waves


def to_wide(frames: dict[str, pd.DataFrame], suffixes: dict[str, str]) -> pd.DataFrame:
    """Join per-wave tables (same respondent index) side by side with suffixes.

    Columns of wave ``w`` get ``suffixes[w]`` (``cognitive_pre``). Respondents in
    any wave get a row, with NaN in the waves they did not answer.
    """
    parts = [frame.add_suffix(suffixes[wave]) for wave, frame in frames.items()]
    return pd.concat(parts, axis=1, join="outer")
