"""Write the numbers of a run (results.json) and its record (manifest.json)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
import numbers
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

import numpy as np
import pandas as pd

from srsurvey.tables._common import (
    check_report,
    is_default_index,
    is_missing,
    table_frame,
)
from srsurvey.tables.model import Report

__all__ = ["results_data", "to_json_value", "write_manifest", "write_results_json"]


def write_results_json(report: Report, path: str | Path) -> Path:
    """Write ``report.results`` and every table to ``path`` as JSON.

    The file contains the keys of ``report.results`` in their order, then a key
    ``"tables"`` that maps each table name to its rows as a list of records
    (``{"column": value, ...}``). Values are converted as :func:`to_json_value`
    describes.

    Raises
    ------
    ValueError
        If ``report.results`` already has a key ``"tables"``, or a value has a type
        that JSON cannot represent.
    """
    return _write_json(results_data(report), path)


def write_manifest(report: Report, path: str | Path) -> Path:
    """Write ``report.manifest`` to ``path`` as JSON, converted as in
    :func:`to_json_value`."""
    return _write_json(to_json_value(report.manifest, "manifest"), path)


def results_data(report: Report) -> dict[str, Any]:
    """Return the content of results.json as plain JSON-ready Python data."""
    check_report(report)
    if "tables" in report.results:
        raise ValueError(
            "report.results has a key 'tables', which results.json uses for the "
            "tables. Store those results under another key."
        )
    data = to_json_value(report.results, "results")
    data["tables"] = {
        name: to_json_value(table_frame(table), f"tables[{name!r}]")
        for name, table in report.tables.items()
        if table.in_results
    }
    return data


def to_json_value(value: Any, where: str = "value") -> Any:
    """Convert nested results into values that :func:`json.dumps` writes as is.

    NaN, infinities, None, ``pd.NA`` and NaT become None (JSON ``null``), because
    JSON has no NaN or infinity. numpy scalars and arrays become Python numbers and
    lists. Timestamps, dates and times become ISO 8601 text, and a timedelta
    becomes its length in seconds. A DataFrame becomes a list of records
    (its index is kept as columns unless it is the default ``RangeIndex``), and a
    Series becomes a mapping from index labels to values. Mapping keys become text,
    and mappings keep their order. Sets become sorted lists, so the output is the
    same on every run.

    Parameters
    ----------
    value
        The data to convert.
    where
        The path of ``value`` inside the document, used in error messages.

    Raises
    ------
    ValueError
        If a value has a type with no JSON form, such as bytes or an arbitrary
        object. The message gives its path, such as ``results['alpha'][2]``.
    """
    if isinstance(value, pd.DataFrame):
        frame = value if is_default_index(value.index) else value.reset_index()
        records = frame.to_dict(orient="records")
        return [
            to_json_value(record, f"{where}[{i}]") for i, record in enumerate(records)
        ]
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {
            field.name: getattr(value, field.name)
            for field in dataclasses.fields(value)
        }

    if isinstance(value, Mapping):
        return {
            str(key): to_json_value(item, f"{where}[{key!r}]")
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [to_json_value(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, set | frozenset):
        items = [to_json_value(item, f"{where}[...]") for item in value]
        return sorted(items, key=lambda item: (type(item).__name__, repr(item)))
    return _to_json_scalar(value, where)


def _to_json_scalar(value: Any, where: str) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if is_missing(value):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, pd.Timedelta | dt.timedelta | np.timedelta64):
        return pd.Timedelta(value).total_seconds()
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, enum.Enum):
        return _to_json_scalar(value.value, where)
    raise ValueError(
        f"{where}: a value of type {type(value).__name__} cannot be written as "
        "JSON. Convert it to a number, text, list or mapping first."
    )


def _write_json(data: Any, path: str | Path) -> Path:
    path = Path(path)
    # allow_nan=False makes a NaN that slipped past the conversion an error, because
    # the NaN token that json writes by default is not valid JSON.
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
