"""Shared fixtures for the reader tests: the fixture folder and an .xlsx builder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

XlsxWriter = Callable[[Path, dict[str, list[list[object]]]], Path]


def _write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def data_dir() -> Path:
    """Folder of the small export files that the reader tests read."""
    return Path(__file__).resolve().parents[1] / "data" / "readers"


@pytest.fixture
def write_xlsx() -> XlsxWriter:
    """Return a function that writes a workbook, one worksheet per dict entry."""
    return _write_xlsx
