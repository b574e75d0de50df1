"""Read SPSS .sav files, and write the scored data as .sav, through pyreadstat.

A .sav file becomes :class:`Responses` like any export. Column names are the SPSS
variable names, and ``ColumnSource.header`` is the variable label (Cyrillic
included), so a study file may name a column by either. Coded answers come out as
their value labels, so a response scale that lists the labels scores them. A code
without a label stays the code's number as text, and user-missing codes (the
"missing values" of Variable View) become empty cells.

Row numbers in messages and ``Responses.source_rows`` are the case numbers that
SPSS Data View shows (the first case is row 1), because a .sav file has no header
row.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srsurvey.errors import DataFileError, OutputError
from srsurvey.readers._table import RawTable, add_warning
from srsurvey.readers.excel import cell_text

if TYPE_CHECKING:
    from srsurvey.codebook.scoring import ScoredData
    from srsurvey.codebook.study import ResponseScale, Study

__all__ = [
    "SavLabels",
    "read_sav_labels",
    "read_sav_table",
    "spss_name",
    "write_scored_sav",
]

_DAMAGED_HINT = "Save the file again in SPSS (File > Save As > SPSS Statistics)."


@dataclass
class SavLabels:
    """Variable labels, value labels and user-missing codes of a .sav file.

    Attributes
    ----------
    variable_labels
        Variable name to its label, for the variables that have one.
    value_labels
        Variable name to {code: label}, ordered by code from the lowest.
    missing
        Variable name to its user-missing codes, each a ``(low, high)`` range; a
        single code has ``low == high``.
    """

    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    missing: dict[str, list[tuple[object, object]]] = field(default_factory=dict)

    def response_scale(self, variable: str, name: str | None = None) -> ResponseScale:
        """Build a response scale whose points are the codes of ``variable``.

        The labels of the variable's user-missing codes become the scale's missing
        labels instead of points.

        Raises
        ------
        CodebookError
            If the variable has no value labels outside its missing codes.
        """
        from srsurvey.codebook.study import ResponseScale

        points: dict[float, list[str]] = {}
        missing: list[str] = []
        for code, label in self.value_labels.get(variable, {}).items():
            if _is_missing_code(code, self.missing.get(variable, [])):
                missing.append(label)
            else:
                points[code] = [label]
        return ResponseScale(name or variable, points, missing=missing)


def read_sav_labels(path: str | Path) -> SavLabels:
    """Read the labels and missing codes of a .sav file, without its data.

    Raises
    ------
    DataFileError
        If the file cannot be read as a .sav file.
    """
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DataFileError(
            f"the file cannot be read: {err.strerror or err}.",
            hint="Check the path and that you may read the file.",
            file=label,
        ) from err
    _, meta = _read(data, label, metadata_only=True)
    return _labels_from_meta(meta)


def read_sav_table(data: bytes, label: str) -> tuple[RawTable, dict[str, str]]:
    """Convert the bytes of a .sav file into a :class:`RawTable` of text cells.

    Returns
    -------
    table
        Header = variable names, cells as text with value labels applied and
        user-missing codes empty; ``rows`` are case numbers from 1.
    variable_labels
        Variable name to label, for the variables that have one.

    Raises
    ------
    DataFileError
        If pyreadstat cannot read the file or it has no variables.
    """
    frame, meta = _read(data, label, metadata_only=False)
    labels = _labels_from_meta(meta)
    if frame.shape[1] == 0:
        raise DataFileError(
            "the SPSS file has no variables.", hint=_DAMAGED_HINT, file=label
        )

    table = RawTable(
        label=label,
        header=list(frame.columns),
        body=pd.DataFrame(),
        rows=np.arange(1, len(frame) + 1),
        details={"format": "sav", "encoding": str(meta.file_encoding or "")},
    )
    columns = {}
    for position, name in enumerate(frame.columns):
        text, missing_count = _column_text(frame[name], labels, name)
        columns[position] = pd.Series(text, dtype="string")
        if missing_count:
            codes = ", ".join(_format_range(r) for r in labels.missing[name])
            add_warning(
                table,
                f'{missing_count} values of the variable "{name}" are user-missing '
                f"codes ({codes}), so they are read as empty.",
            )
    table.body = pd.DataFrame(columns, index=range(len(frame)))
    if table.body.empty:
        table.body = pd.DataFrame(
            {position: pd.Series([], dtype="string") for position in columns}
        )
    return table, labels.variable_labels


def _read(data: bytes, label: str, *, metadata_only: bool):
    import pyreadstat

    try:
        return pyreadstat.read_sav(
            io.BytesIO(data),
            metadataonly=metadata_only,
            user_missing=True,
            apply_value_formats=False,
        )
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as err:
        raise DataFileError(
            f"the file starts like an SPSS data file (.sav), but pyreadstat cannot "
            f"read it ({err}).",
            hint=_DAMAGED_HINT,
            file=label,
        ) from err


def _labels_from_meta(meta) -> SavLabels:
    variable_labels = {
        name: text
        for name, text in meta.column_names_to_labels.items()
        if text is not None and str(text).strip()
    }
    value_labels = {}
    for name, mapping in meta.variable_value_labels.items():
        value_labels[name] = dict(sorted(mapping.items(), key=lambda item: item[0]))
    missing = {
        name: [(entry["lo"], entry["hi"]) for entry in ranges]
        for name, ranges in meta.missing_ranges.items()
    }
    return SavLabels(variable_labels, value_labels, missing)


def _is_missing_code(value: object, ranges: list[tuple[object, object]]) -> bool:
    for low, high in ranges:
        try:
            if low <= value <= high:
                return True
        except TypeError:  # a text code compared with a numeric range
            continue
    return False


def _format_range(bounds: tuple[object, object]) -> str:
    low, high = bounds
    if low == high:
        return cell_text(low) or ""
    return f"{cell_text(low)} to {cell_text(high)}"


def _column_text(
    values: pd.Series, labels: SavLabels, name: str
) -> tuple[list[str | None], int]:
    """Return the cells of one variable as text and the number of missing codes."""
    value_labels = labels.value_labels.get(name, {})
    ranges = labels.missing.get(name, [])
    cells: list[str | None] = []
    missing_count = 0
    for value in values.tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            cells.append(None)
            continue
        if ranges and _is_missing_code(value, ranges):
            missing_count += 1
            cells.append(None)
            continue
        if value in value_labels:
            cells.append(value_labels[value])
            continue
        text = cell_text(value)
        cells.append(text.strip() or None if isinstance(text, str) else text)
    return cells, missing_count


def write_scored_sav(scored: ScoredData, study: Study, path: str | Path) -> Path:
    """Write the scored data as an SPSS .sav file with labels.

    One case per respondent: ``respondent`` (the respondent key as text), the items
    after reverse keying, the scale scores, then one numeric variable per level and
    group, coded 1, 2, ... in the order of its categories with those categories as
    value labels. Items scored with a response scale get its labels as value labels.
    Variable labels are the labels of the study file.

    :func:`spss_name` changes the ids that SPSS rejects as variable names, and the
    original id then goes into the variable label.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        If the file cannot be written.
    """
    import pyreadstat

    path = Path(path)
    frame = pd.DataFrame(index=scored.items.index)
    column_labels: dict[str, str] = {}
    value_labels: dict[str, dict[float, str]] = {}
    measures: dict[str, str] = {}
    taken: set[str] = set()

    def add(key: str, values, label: str | None, measure: str) -> str:
        name = spss_name(key, taken)
        frame[name] = values
        text = label or key
        if name != key and key not in text:
            text = f"{key}: {text}"
        column_labels[name] = text
        measures[name] = measure
        return name

    add("respondent", [str(key) for key in scored.items.index], "Respondent", "nominal")

    item_labels = scored.labels.get("items", {})
    reversed_items = _reversed_anywhere(scored)
    for item_id in scored.items.columns:
        name = add(
            item_id,
            scored.items[item_id].to_numpy(dtype="float64"),
            item_labels.get(item_id),
            "ordinal",
        )
        if item_id in reversed_items:
            column_labels[name] += " (reverse-keyed)"
            continue  # the reversed numbers no longer match the scale's labels
        points = scored.point_labels.get(scored.item_scales.get(item_id, ""), {})
        if points:
            value_labels[name] = {float(v): str(text) for v, text in points.items()}

    scale_labels = scored.labels.get("scales", {})
    for scale_id in scored.scores.columns:
        add(
            scale_id,
            scored.scores[scale_id].to_numpy(dtype="float64"),
            scale_labels.get(scale_id),
            "scale",
        )

    for scale_id in scored.levels.columns:
        label = f"{scale_labels.get(scale_id, scale_id)}: level"
        name, codes = _categorical_codes(scored.levels[scale_id])
        column = add(f"{scale_id}_level", codes, label, "ordinal")
        value_labels[column] = name

    group_labels = scored.labels.get("groups", {})
    for group_id in scored.groups.columns:
        name, codes = _categorical_codes(scored.groups[group_id])
        column = add(group_id, codes, group_labels.get(group_id), "nominal")
        value_labels[column] = name

    try:
        pyreadstat.write_sav(
            frame.reset_index(drop=True),
            path,
            file_label=(study.title or study.name)[:64],
            column_labels=column_labels,
            variable_value_labels=value_labels,
            variable_measure=measures,
        )
    except (OSError, pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as err:
        raise OutputError(
            f"the SPSS file cannot be written ({err}).",
            hint="Check that the folder exists, that you may write to it and that "
            "the file is not open in SPSS.",
            file=str(path),
        ) from err
    return path


_SPSS_NAME_CHARACTERS = re.compile(r"[^\w.@#$]")
_SPSS_NAME_BYTES = 64


def spss_name(key: str, taken: set[str]) -> str:
    """Return a valid SPSS variable name for ``key``, unique in ``taken`` by case.

    Characters outside letters, digits, ``_``, ``.``, ``@``, ``#`` and ``$`` become
    ``_``. A name that starts with anything but a letter gets a ``v`` in front. A
    trailing ``.`` or ``_`` is removed, and the name is cut to 64 UTF-8 bytes. A
    repeated name gets ``_2``, ``_3``, ... The name is added to ``taken`` in
    lower case.
    """
    name = _SPSS_NAME_CHARACTERS.sub("_", key.strip()) or "v"
    if not name[0].isalpha():
        name = f"v{name}"
    name = name.rstrip("._") or "v"
    base = _cut_bytes(name, _SPSS_NAME_BYTES)
    candidate = base
    number = 2
    while candidate.lower() in taken:
        suffix = f"_{number}"
        candidate = _cut_bytes(base, _SPSS_NAME_BYTES - len(suffix)) + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _cut_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")[:limit]
    return encoded.decode("utf-8", errors="ignore")


def _reversed_anywhere(scored: ScoredData) -> set[str]:
    """Return the reverse-keyed items, whose values no longer match their labels."""
    return {item for items in scored.reversed_items.values() for item in items}


def _categorical_codes(values: pd.Series) -> tuple[dict[float, str], np.ndarray]:
    """Code an ordered Categorical as 1, 2, ... with NaN for a missing value."""
    categorical = pd.Categorical(values)
    codes = categorical.codes.astype("float64") + 1
    codes[categorical.codes < 0] = np.nan
    labels = {
        float(number): str(category)
        for number, category in enumerate(categorical.categories, 1)
    }
    return labels, codes
