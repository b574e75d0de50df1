"""Conversion of answer cells to numbers, with the errors that list bad cells."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from srsurvey.codebook._columns import ResolvedItem
from srsurvey.codebook._text import normalize_label
from srsurvey.codebook.labelsets import match_label_set
from srsurvey.codebook.study import ResponseScale, Study, parse_number
from srsurvey.errors import CodebookError, ScoringError

MAX_LABELS_SHOWN = 20
MAX_ROWS_SHOWN = 3


def is_empty(value: object) -> bool:
    """Return whether a cell is empty: NA, NaN or only white space."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@dataclass
class UnknownLabel:
    """One answer text that its item's response scale does not know."""

    text: str
    column: str
    scale: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    count: int = 0


@dataclass
class ItemValues:
    """The numbers of one item and how each was found."""

    values: pd.Series
    scale: ResponseScale | None
    low: float | None
    high: float | None
    missing_codes: int


class ItemConverter:
    """Convert the answer columns of items to floats.

    Unknown labels of all items are collected, so that :meth:`raise_unknown_labels`
    reports them in one error. Text in a numeric item and out-of-range numbers raise
    at once, naming the first such cell.
    """

    def __init__(
        self, study: Study, decimal: str, locations: dict[object, tuple[str, int]]
    ) -> None:
        self.study = study
        self.decimal = decimal
        self.locations = locations
        self.files = sorted({file for file, _ in locations.values()})
        self.global_missing = {normalize_label(label) for label in study.missing}
        self.unknown: dict[tuple[str, str], UnknownLabel] = {}

    def convert(self, item: ResolvedItem, cells: pd.Series) -> ItemValues:
        spec = item.spec
        if spec.scale is not None:
            return self._convert_labels(
                item, cells, self.study.response_scales[spec.scale]
            )
        if spec.range is not None:
            return self._convert_numbers(item, cells, spec.range)
        answered = [
            value
            for value in cells.unique()
            if not is_empty(value) and normalize_label(value) not in self.global_missing
        ]
        if all(parse_number(value, self.decimal) is not None for value in answered):
            return self._convert_numbers(item, cells, None)
        label_set = match_label_set(str(value) for value in answered)
        if label_set is not None:
            return self._convert_labels(item, cells, label_set)
        return self._convert_numbers(item, cells, None)

    def _convert_labels(
        self, item: ResolvedItem, cells: pd.Series, scale: ResponseScale
    ) -> ItemValues:
        mapping: dict[object, float] = {}
        missing_labels: set[object] = set()
        for value in cells.unique():
            if is_empty(value):
                mapping[value] = math.nan
                continue
            folded = normalize_label(value)
            if folded in self.global_missing:
                mapping[value] = math.nan
                missing_labels.add(value)
                continue
            number = scale.map(value, self.decimal)
            if number is not None and math.isnan(number):
                missing_labels.add(value)
            if number is None:
                rows = cells.index[cells == value]
                self._record_unknown(item, scale, str(value), rows)
                number = math.nan
            mapping[value] = number
        missing_codes = int(cells.isin(list(missing_labels)).sum())
        values = cells.map(lambda value: mapping[value]).astype("float64")
        return ItemValues(values, scale, scale.low, scale.high, missing_codes)

    def _record_unknown(
        self, item: ResolvedItem, scale: ResponseScale, text: str, rows: pd.Index
    ) -> None:
        key = (normalize_label(text), item.header)
        entry = self.unknown.setdefault(
            key, UnknownLabel(text=text.strip(), column=item.header, scale=scale.name)
        )
        entry.count += len(rows)
        entry.rows.extend(self.locations[index] for index in rows)

    def _convert_numbers(
        self, item: ResolvedItem, cells: pd.Series, value_range: tuple | None
    ) -> ItemValues:
        numbers = []
        missing_codes = 0
        for index, value in cells.items():
            if is_empty(value):
                numbers.append(math.nan)
                continue
            if normalize_label(value) in self.global_missing:
                numbers.append(math.nan)
                missing_codes += 1
                continue
            number = parse_number(value, self.decimal)
            if number is None:
                raise self._cell_error(item, cells, index, value, value_range, "text")
            if value_range is not None and not (
                value_range[0] <= number <= value_range[1]
            ):
                raise self._cell_error(item, cells, index, value, value_range, "range")
            numbers.append(number)
        values = pd.Series(numbers, index=cells.index, dtype="float64")
        low, high = value_range if value_range is not None else (None, None)
        return ItemValues(values, None, low, high, missing_codes)

    def _cell_error(
        self,
        item: ResolvedItem,
        cells: pd.Series,
        index: object,
        value: object,
        value_range: tuple | None,
        kind: str,
    ) -> ScoringError:
        file, row = self.locations[index]
        range_text = (
            f"{value_range[0]:g}-{value_range[1]:g}" if value_range is not None else ""
        )
        if kind == "text":
            expected = f"numbers in {range_text}" if range_text else "numbers"
            problem = f'item "{item.id}" expects {expected}, but the answer "{value}" is text.'
            hint = (
                "Correct the answer, add it to missing in the study file, or give the "
                "item a response scale that lists its labels."
            )
        else:
            problem = f'{value} is outside the range {range_text} of item "{item.id}".'
            hint = "Correct the answer, add it to missing, or widen the item's range"
            hint += " (--range in quick mode)." if self.study.path is None else "."
        bad = sum(
            1
            for other in cells
            if not is_empty(other)
            and normalize_label(other) not in self.global_missing
            and self._is_bad(other, value_range, kind)
        )
        if bad > 1:
            problem += f" The column has {bad} such answers; this is the first."
        return ScoringError(
            problem, hint=hint, file=file, row=row, column=item.header, value=value
        )

    def _is_bad(self, value: object, value_range: tuple | None, kind: str) -> bool:
        number = parse_number(value, self.decimal)
        if kind == "text":
            return number is None
        return number is not None and not (value_range[0] <= number <= value_range[1])

    def raise_unknown_labels(self) -> None:
        """Raise one ScoringError that lists every unknown label, if there are any."""
        if not self.unknown:
            return
        entries = sorted(self.unknown.values(), key=lambda entry: -entry.count)
        total_answers = sum(entry.count for entry in entries)

        lines = []
        for entry in entries[:MAX_LABELS_SHOWN]:
            rows = format_rows(entry.rows, MAX_ROWS_SHOWN)
            answers = "answer" if entry.count == 1 else "answers"
            lines.append(
                f'- "{entry.text}": {entry.count} {answers} in column '
                f'"{entry.column}" (scale {entry.scale}), {rows}'
            )
        if len(entries) > MAX_LABELS_SHOWN:
            lines.append(f"- and {len(entries) - MAX_LABELS_SHOWN} more labels")

        label_word = "label" if len(entries) == 1 else "labels"
        answer_word = "answer" if total_answers == 1 else "answers"
        problem = (
            f"{len(entries)} {label_word} ({total_answers} {answer_word}) are not in "
            "their response scale."
        )

        where = (
            f"in {self.study.path.name}"
            if self.study.path is not None
            else "in a study file"
        )
        hint = (
            f"Add each label to its scale's points, synonyms or missing {where}:\n"
            + "\n".join(lines)
        )
        raise ScoringError(
            problem,
            hint=hint,
            value=entries[0].text,
            column=entries[0].column if len(entries) == 1 else None,
            file=self.files[0] if len(self.files) == 1 else None,
        )


def format_rows(locations: list[tuple[str, int]], limit: int | None = None) -> str:
    """Format spreadsheet rows as ``rows 3, 4, 5 and 2 more``.

    Rows from several files are written as ``a.csv row 3, b.csv row 4``.
    """
    shown = locations if limit is None else locations[:limit]
    files = {file for file, _ in locations}
    if len(files) == 1:
        text = ("row " if len(locations) == 1 else "rows ") + ", ".join(
            str(row) for _, row in shown
        )
    else:
        text = ", ".join(f"{file} row {row}" for file, row in shown)
    if len(locations) > len(shown):
        text += f" and {len(locations) - len(shown)} more"
    return text


def reverse_values(
    item: ResolvedItem, converted: ItemValues, study: Study
) -> pd.Series:
    """Return ``min + max - x`` for a reverse-keyed item.

    Raises
    ------
    CodebookError
        When the item has numeric answers and no range, so min and max are unknown.
    """
    if converted.low is None or converted.high is None:
        line = study.line_of(f"items.{item.spec.id}")
        hint = (
            "Pass --range MIN-MAX with the lowest and highest possible answers."
            if study.path is None
            else f'Declare range: [min, max] for item "{item.spec.id}".'
        )
        raise CodebookError(
            f'item "{item.id}" (column "{item.header}") is reverse-keyed, but its '
            "answers are numbers and it has no range, so min + max - answer is "
            "unknown.",
            hint=hint,
            file=study.path,
            line=line,
        )
    return converted.low + converted.high - converted.values
