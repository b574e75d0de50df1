"""Recognise worksheets with two header rows: block titles above item titles.

A hand-made sheet often has a block title in row 1, merged across its items, and
the item titles in row 2. Such a sheet gets one header of names like ``Block A /
A1``, and its data starts in row 3.
"""

from __future__ import annotations

import io

from srsurvey.readers.excel import cell_text

__all__ = ["may_have_two_header_rows", "merged_header_ranges", "two_row_header"]

# Share of row-2 cells that must be text (not numbers, dates or booleans).
_MIN_TEXT_SHARE = 1.0


def merged_header_ranges(data: bytes, sheet: str) -> list[tuple[int, int, int, int]]:
    """Return the merged ranges of ``sheet`` that touch rows 1-2, 0-based.

    Each range is ``(first_row, first_column, last_row, last_column)``. The
    workbook is opened a second time without openpyxl's read-only mode, which has
    no merged cells, so call this only for sheets that may have two header rows.
    """
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=True)
    try:
        ranges = workbook[sheet].merged_cells.ranges
        return [
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
            for r in ranges
            if r.min_row <= 2
        ]
    finally:
        workbook.close()


def may_have_two_header_rows(records: list[list[object]], width: int) -> bool:
    """Check the values alone: row 1 has gaps that row 2 fills, row 2 is titles."""
    if len(records) < 3 or width < 2:
        return False
    first = _padded(records[0], width)
    second = _padded(records[1], width)
    gaps = [
        position
        for position in range(width)
        if first[position] is None and second[position] is not None
    ]
    return bool(gaps) and _looks_like_titles(second, records[2:], width)


def two_row_header(
    records: list[list[object]],
    width: int,
    merged: list[tuple[int, int, int, int]],
) -> list[str | None] | None:
    """Join rows 1 and 2 into one header, or return None for a one-row header.

    Row 1 must have a range merged across two or more columns, and row 2 must look
    like titles: every filled cell text, no title repeated, and no title found
    again as an answer in its column below. A title merged across columns
    names every column of its range. A cell merged down over rows 1-2 keeps its
    own title.
    """
    if not may_have_two_header_rows(records, width):
        return None
    spans = [r for r in merged if r[0] == 0 and r[2] == 0 and r[3] > r[1]]
    if not spans:
        return None

    top = [_text(value) for value in _padded(records[0], width)]
    for _, first_column, _, last_column in spans:
        for position in range(first_column, min(last_column, width - 1) + 1):
            top[position] = top[first_column]
    bottom = [_text(value) for value in _padded(records[1], width)]

    header: list[str | None] = []
    for upper, lower in zip(top, bottom, strict=True):
        if upper and lower and upper != lower:
            header.append(f"{upper} / {lower}")
        else:
            header.append(upper or lower)
    return header


def _padded(record: list[object], width: int) -> list[object]:
    cells = list(record[:width]) + [None] * (width - len(record))
    return [None if value == "" else value for value in cells]


def _text(value: object) -> str | None:
    text = cell_text(value)
    return text.strip() if text is not None and text.strip() else None


def _looks_like_titles(
    second: list[object], below: list[list[object]], width: int
) -> bool:
    filled = [(position, value) for position, value in enumerate(second) if value]
    if not filled:
        return False
    texts = [value for _, value in filled if isinstance(value, str)]
    if len(texts) / len(filled) < _MIN_TEXT_SHARE:
        return False
    if len(set(texts)) != len(texts):
        return False
    for position, value in filled:
        column = {_text(record[position]) for record in below if position < len(record)}
        if _text(value) in column:
            return False
    return True
