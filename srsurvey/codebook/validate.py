"""Check an export against a study file and collect every problem, for ``validate``.

:func:`validate` runs the checks that scoring runs, but collects a :class:`Problem`
for each failure instead of raising at the first one, so one run lists everything
to fix. It checks every row of the export, duplicate submissions included.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml

from srsurvey.codebook._categories import clean_answers, options_by_frequency
from srsurvey.codebook._columns import ColumnIndex, ResolvedItem
from srsurvey.codebook._convert import ItemConverter, format_rows, is_empty
from srsurvey.codebook._text import normalize_label
from srsurvey.codebook.study import Study, parse_number
from srsurvey.errors import CodebookError, ScoringError
from srsurvey.readers import detect_identifier_columns, split_multiselect
from srsurvey.readers.identifiers import _EMAIL_VALUE, _PHONE_VALUE
from srsurvey.readers.model import Responses

__all__ = ["KIND_TITLES", "Problem", "validate"]

METADATA_KINDS = {"timestamp", "email", "score", "metadata"}
MAX_ROWS_SHOWN = 3
MAX_VALUES_SHOWN = 5
# A decision left open in a comment, as srsurvey init writes it: "# TODO: ...".
_TODO_MARK = re.compile(r"\bTODO:")

# Problem kinds in the order the command line prints them, with their headings.
KIND_TITLES = {
    "unfinished_draft": "Unfinished draft",
    "missing_column": "Missing columns",
    "missing_item": "Scale items without a column",
    "unmapped_label": "Unmapped labels",
    "not_a_number": "Text in numeric items",
    "out_of_range": "Values out of range",
    "reverse_without_range": "Reverse-keyed items without a range",
    "unlisted_option": "Answers outside the options",
    "duplicate_id": "Duplicate ids",
    "identifier_leak": "Personal data used in the analysis",
    "identifier_undeclared": "Personal data not declared",
    "empty_id": "Rows without an id",
    "extra_column": "Columns the study does not use",
    "more": "Not shown",
}


@dataclass(frozen=True)
class Problem:
    """One problem that ``validate`` found.

    Attributes
    ----------
    kind
        A key of :data:`KIND_TITLES`, such as ``"unmapped_label"``.
    message
        The problem and its fix, as sentences.
    file
        The export file for problems in the data, the study file for problems in it.
    row
        The first spreadsheet row (header = 1) with the problem, if any.
    column
        The export column header.
    value
        The offending value. It is ``None`` for columns with personal data, whose
        values are never stored in a problem.
    count
        How many cells, rows or ids the problem covers.
    severity
        ``"error"`` for what stops or falsifies the analysis, ``"info"`` for what
        the user may want to know: unused columns, empty ids, duplicates that
        ``input.duplicates`` resolves.
    """

    kind: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    count: int = 1
    severity: Literal["error", "info"] = "error"


def validate(
    responses: Responses, study: Study, *, max_problems: int = 20
) -> list[Problem]:
    """Check an export against a study and return the problems found.

    Parameters
    ----------
    responses
        The export, as a reader returns it.
    study
        The study, from :func:`~srsurvey.codebook.study.load_study`.
    max_problems
        The largest number of problems to return. When there are more, the last
        entry has kind ``"more"`` and counts the problems left out, by kind.

    Returns
    -------
    list of Problem
        Errors first, then information, each in the order of :data:`KIND_TITLES`.
        An empty list means that none of the checks in Notes found a problem.

    Raises
    ------
    ValueError
        When ``max_problems`` is below 1.

    Notes
    -----
    The checks are these:

    - columns that the study names but the export lacks, and scale items that no
      column created;
    - labels outside their response scale, text and out-of-range numbers in numeric
      items, and reverse-keyed numeric items without a range;
    - checkbox answers outside the options of a question without ``other``;
    - repeated and empty ids;
    - personal-data columns that the study uses or does not declare, and export
      columns that the study does not use;
    - comments with ``TODO:`` in the study file, which ``srsurvey init`` writes for
      each decision it leaves to the user. ``#`` inside a quoted value is not a
      comment.

    Values of personal-data columns
    are never put in a message.
    """
    if max_problems < 1:
        raise ValueError(f"max_problems must be at least 1, not {max_problems}.")
    checker = _Checker(responses, study)
    problems = checker.run()
    order = list(KIND_TITLES)
    problems.sort(key=lambda p: (p.severity != "error", order.index(p.kind)))
    if len(problems) <= max_problems:
        return problems
    shown = problems[: max_problems - 1]
    hidden = Counter(problem.kind for problem in problems[max_problems - 1 :])
    listing = ", ".join(
        f"{count} {KIND_TITLES[kind].lower()}" for kind, count in hidden.items()
    )
    left_out = sum(hidden.values())
    shown.append(
        Problem(
            kind="more",
            message=f"{left_out} more problems are not shown: {listing}. Fix the "
            "ones above, or raise the limit with --max-problems.",
            count=left_out,
            severity="error"
            if any(p.severity == "error" for p in problems)
            else "info",
        )
    )
    return shown


def find_todo_comments(text: str) -> list[int]:
    """Return the line numbers (from 1) of the YAML comments that contain ``TODO:``.

    A ``#`` starts a comment at the start of a line or after a space or tab, unless
    it is inside a quoted or block scalar. Text that is not valid YAML is searched
    without that exception.
    """
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        spans = []
    starts = [start for start, _ in spans]
    found = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for match in re.finditer(r"(?:^|(?<=[ \t]))#", line):
            position = offset + match.start()
            index = bisect.bisect_right(starts, position) - 1
            if index >= 0 and position < spans[index][1]:
                continue  # inside a scalar
            if _TODO_MARK.search(line, match.end()):
                found.append(number)
            break
        offset += len(line) + 1
    return found


def describe_personal_data(responses: Responses, column: str) -> str:
    """Name what a personal-data column contains, without showing its values."""
    source = responses.columns[column]
    values = responses.data[column].dropna().astype("string").str.strip()
    values = values[values.ne("")].head(1000)
    if source.kind == "email" or (
        len(values) and values.str.fullmatch(_EMAIL_VALUE).mean() >= 0.5
    ):
        return "e-mail addresses"
    if len(values) and values.str.fullmatch(_PHONE_VALUE).mean() >= 0.5:
        return "phone numbers"
    return "personal data such as names"


class _Checker:
    def __init__(self, responses: Responses, study: Study) -> None:
        self.responses = responses
        self.study = study
        self.index = ColumnIndex(responses, study)
        self.problems: list[Problem] = []
        self.study_file = str(study.path.name) if study.path is not None else None
        files = responses.files
        self.export_file = files[0] if len(files) == 1 else None
        self.detected = set(detect_identifier_columns(responses))
        self.declared = {
            column
            for column in (self.index.find(header) for header in study.identifiers)
            if column is not None
        }
        self.personal = self.detected | self.declared
        self.locations = {row: responses.location(row) for row in responses.data.index}
        self.converter = ItemConverter(study, responses.decimal, self.locations)
        # Export column -> how the study uses it, such as 'item "cog1"'.
        self.used: dict[str, str] = {}

    def add(self, kind: str, message: str, **fields: object) -> None:
        self.problems.append(Problem(kind=kind, message=message, **fields))

    def add_error(self, kind: str, error: CodebookError | ScoringError) -> None:
        self.add(
            kind,
            str(error),
            file=Path(error.file).name if error.file is not None else self.study_file,
            row=error.row,
            column=error.column,
            value=None if error.column in self.personal_headers() else error.value,
        )

    def personal_headers(self) -> set[str]:
        return {self.index.header_of(column) for column in self.personal}

    def run(self) -> list[Problem]:
        self.check_todo_comments()
        items = self.resolve_items()
        self.check_scales(items)
        self.check_items(items)
        self.check_groups(items)
        self.check_questions()
        self.check_ids(items)
        self.check_personal_data()
        self.check_extra_columns()
        return self.problems

    # --- study file ---------------------------------------------------------------

    def check_todo_comments(self) -> None:
        if self.study.path is None:
            return
        try:
            text = Path(self.study.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return  # load_study read the file, so it changed since then
        lines = find_todo_comments(text)
        if not lines:
            return
        if len(lines) == 1:
            found = f"a TODO comment (line {lines[0]})"
            subject = "it"
        else:
            numbers = ", ".join(str(line) for line in lines[:-1])
            found = f"{len(lines)} TODO comments (lines {numbers} and {lines[-1]})"
            subject = "each one"
        self.add(
            "unfinished_draft",
            f"{self.study_file} still has {found}. Make the change that {subject} "
            "asks for, or decide that none is needed, then delete the comment. Until "
            "no TODO comment is left, validate reports this error.",
            file=self.study_file,
            count=len(lines),
        )

    # --- columns ------------------------------------------------------------------

    def resolve_items(self) -> dict[str, ResolvedItem]:
        """Resolve each item on its own, so that one missing header hides no other."""
        resolved: dict[str, ResolvedItem] = {}
        for spec in self.study.items.values():
            single = dataclasses.replace(self.study, items={spec.id: spec})
            try:
                found = ColumnIndex(self.responses, single).resolve_items()
            except CodebookError as error:
                self.add_error("missing_column", error)
                continue
            for item_id, item in found.items():
                if item_id in resolved:
                    other = resolved[item_id]
                    self.add(
                        "missing_column",
                        f'item id "{item_id}" is given to column "{item.header}" and '
                        f'to column "{other.header}". Give each item its own id.',
                        file=self.study_file,
                        column=item.header,
                        value=item_id,
                    )
                    continue
                resolved[item_id] = item
                self.used[item.column] = f'item "{item_id}"'
        return resolved

    def check_scales(self, items: dict[str, ResolvedItem]) -> None:
        created_by: dict[str, list[str]] = {}
        for item_id, item in items.items():
            if item.spec.match is not None:
                created_by.setdefault(item.spec.id, []).append(item_id)
        unresolved = {
            spec.id for spec in self.study.items.values() if spec.id not in items
        }
        for scale_id, scale in self.study.scales.items():
            for entry in scale.items:
                if entry in unresolved or entry in created_by:
                    continue  # a missing column is reported once, for the item
                if entry not in items:
                    self.add(
                        "missing_item",
                        f'scale "{scale_id}" lists item "{entry}", which no column '
                        "of the export created. Check the item pattern's match and "
                        "id, or remove the item from the scale.",
                        file=self.study_file,
                        value=entry,
                    )

    def find_column(self, header: str, subject: str, key_path: str) -> str | None:
        column = self.index.find(header)
        if column is None:
            self.add_error(
                "missing_column", self.index.not_found(header, subject, key_path)
            )
        return column

    # --- answers ------------------------------------------------------------------

    def check_items(self, items: dict[str, ResolvedItem]) -> None:
        data = self.responses.data
        reversed_ids = {item_id for item_id, item in items.items() if item.spec.reverse}
        for scale in self.study.scales.values():
            reversed_ids |= scale.reversed_items
        for item_id, item in items.items():
            try:
                converted = self.converter.convert(item, data[item.column])
            except ScoringError:
                self.scan_numbers(item, data[item.column])
                continue
            reversed_item = item_id in reversed_ids or item.spec.id in reversed_ids
            if reversed_item and (converted.low is None or converted.high is None):
                self.add(
                    "reverse_without_range",
                    f'item "{item_id}" (column "{item.header}") is reverse-keyed, '
                    "but its answers are numbers and it has no range, so min + max - "
                    f'answer is unknown. Declare range: [min, max] for item "{item_id}".',
                    file=self.study_file,
                    column=item.header,
                )
        entries = sorted(self.converter.unknown.values(), key=lambda e: -e.count)
        personal_entries: dict[str, list] = {}
        for entry in entries:
            column = self.index.find(entry.column)
            if column in self.personal:
                personal_entries.setdefault(column, []).append(entry)
                continue
            rows = format_rows(entry.rows, MAX_ROWS_SHOWN)
            where = f"in {self.study_file}" if self.study_file else "in the study file"
            fix = (
                f"Add it to the points, synonyms or missing of response scale "
                f'"{entry.scale}" {where}.'
            )
            answers = "answer" if entry.count == 1 else "answers"
            self.add(
                "unmapped_label",
                f'"{entry.text}": {entry.count} {answers} in column "{entry.column}" '
                f'are not in response scale "{entry.scale}", {rows}. {fix}',
                file=entry.rows[0][0],
                row=entry.rows[0][1],
                column=entry.column,
                value=entry.text,
                count=entry.count,
            )
        for column, column_entries in personal_entries.items():
            self.add_personal_labels(column, column_entries)

    def add_personal_labels(self, column: str, entries: list) -> None:
        """Report the unknown labels of a personal-data column without their text."""
        locations = sorted(
            (location for entry in entries for location in entry.rows),
            key=lambda location: location[1],
        )
        count = len(locations)
        header = self.index.header_of(column)
        what = describe_personal_data(self.responses, column)
        self.add(
            "unmapped_label",
            f'column "{header}" contains {what}, and {count} of its answers are not '
            f'labels of response scale "{entries[0].scale}" '
            f"({format_rows(locations, MAX_ROWS_SHOWN)}). Remove the item that "
            "reads this column.",
            file=locations[0][0],
            row=locations[0][1],
            column=header,
            count=count,
        )

    def scan_numbers(self, item: ResolvedItem, cells: pd.Series) -> None:
        """Report every text answer and out-of-range number of a numeric item."""
        value_range = item.spec.range
        bad: dict[str, dict[str, list[tuple[str, int]]]] = {
            "not_a_number": {},
            "out_of_range": {},
        }
        for index, value in cells.items():
            if (
                is_empty(value)
                or normalize_label(value) in self.converter.global_missing
            ):
                continue
            number = parse_number(value, self.responses.decimal)
            if number is None:
                kind = "not_a_number"
            elif value_range is not None and not (
                value_range[0] <= number <= value_range[1]
            ):
                kind = "out_of_range"
            else:
                continue
            bad[kind].setdefault(str(value).strip(), []).append(self.locations[index])

        personal = item.column in self.personal
        for kind, by_value in bad.items():
            if not by_value:
                continue
            locations = sorted(
                (location for rows in by_value.values() for location in rows),
                key=lambda location: location[1],
            )
            count = len(locations)
            if personal:
                what = describe_personal_data(self.responses, item.column)
                shown = f"it contains {what}"
            else:
                listing = [
                    f'"{value}" ({format_rows(rows, MAX_ROWS_SHOWN)})'
                    for value, rows in list(by_value.items())[:MAX_VALUES_SHOWN]
                ]
                if len(by_value) > MAX_VALUES_SHOWN:
                    listing.append(f"{len(by_value) - MAX_VALUES_SHOWN} more values")
                shown = ", ".join(listing)
            answers = "answer" if count == 1 else "answers"
            if kind == "not_a_number":
                message = (
                    f'item "{item.id}" (column "{item.header}") expects numbers, but '
                    f"{count} {answers} {'is' if count == 1 else 'are'} text: {shown}. "
                    "Correct them, add them to "
                    "missing, or give the item a response scale that lists them."
                )
            else:
                low, high = value_range
                message = (
                    f'item "{item.id}" (column "{item.header}"): {count} {answers} '
                    f"outside the range {low:g}-{high:g}: {shown}. Correct them, add "
                    "them to missing, or widen the item's range."
                )
            first_value = next(iter(by_value))
            self.add(
                kind,
                message,
                file=locations[0][0],
                row=locations[0][1],
                column=item.header,
                value=None if personal else first_value,
                count=count,
            )

    def check_groups(self, items: dict[str, ResolvedItem]) -> None:
        for group in self.study.groups.values():
            column = self.index.find(group.column)
            if column is None and group.column in items:
                column = items[group.column].column
            if column is None:
                self.find_column(
                    group.column, f'group "{group.id}"', f"groups.{group.id}.column"
                )
                continue
            self.used.setdefault(column, f'group "{group.id}"')
            if group.cuts is None:
                continue
            answers = clean_answers(self.responses.data[column], self.converter)
            text = [
                index
                for index, value in answers.items()
                if not is_empty(value)
                and parse_number(value, self.responses.decimal) is None
            ]
            if text:
                first = self.locations[text[0]]
                rows = format_rows([self.locations[i] for i in text], MAX_ROWS_SHOWN)
                self.add(
                    "not_a_number",
                    f'group "{group.id}" has cuts, so it expects numbers, but '
                    f"{len(text)} answers in column "
                    f'"{self.index.header_of(column)}" are text ({rows}). Correct '
                    "them, add them to missing, or remove cuts.",
                    file=first[0],
                    row=first[1],
                    column=self.index.header_of(column),
                    value=None if column in self.personal else answers[text[0]],
                    count=len(text),
                )

    def check_questions(self) -> None:
        for question in self.study.questions.values():
            column = self.find_column(
                question.column,
                f'question "{question.id}"',
                f"questions.{question.id}.column",
            )
            if column is None:
                continue
            self.used.setdefault(column, f'question "{question.id}"')
            if question.type != "multi" or question.other:
                continue
            answers = clean_answers(self.responses.data[column], self.converter)
            options = question.options or options_by_frequency(answers)
            if not options:
                continue
            _, _, unknown = split_multiselect(answers, options)
            if not unknown:
                continue
            header = self.index.header_of(column)
            count = sum(unknown.values())
            if column in self.personal:
                shown = f"the column contains {describe_personal_data(self.responses, column)}"
                value = None
            else:
                top = list(unknown.items())[:MAX_VALUES_SHOWN]
                shown = ", ".join(
                    f'"{text}" ({number} answers)' for text, number in top
                )
                if len(unknown) > MAX_VALUES_SHOWN:
                    shown += f" and {len(unknown) - MAX_VALUES_SHOWN} more"
                value = top[0][0]
            self.add(
                "unlisted_option",
                f'question "{question.id}" (column "{header}") has answers outside '
                f"its options: {shown}. Add them to options, or set other: true to "
                "count them as one option.",
                file=self.study_file,
                column=header,
                value=value,
                count=count,
            )

    # --- respondents and personal data ---------------------------------------------

    def check_ids(self, items: dict[str, ResolvedItem]) -> None:
        if self.study.id_column is None:
            return
        column = self.index.find(self.study.id_column)
        if column is None and self.study.id_column in items:
            column = items[self.study.id_column].column
        if column is None:
            self.find_column(self.study.id_column, "respondent id", "input.id")
            return
        header = self.index.header_of(column)
        self.used.setdefault(column, "the respondent id")
        ids = {
            index: None if is_empty(value) else str(value).strip()
            for index, value in self.responses.data[column].items()
        }
        empty = [index for index, value in ids.items() if value is None]
        if empty:
            rows = format_rows([self.locations[i] for i in empty], MAX_ROWS_SHOWN)
            self.add(
                "empty_id",
                f'{len(empty)} rows have an empty id in column "{header}" ({rows}) '
                "and are left out of the analysis.",
                file=self.locations[empty[0]][0],
                row=self.locations[empty[0]][1],
                column=header,
                count=len(empty),
                severity="info",
            )
        groups: dict[str, list[object]] = {}
        for index, value in ids.items():
            if value is not None:
                groups.setdefault(value, []).append(index)
        rule = self.study.duplicates
        personal = column in self.personal
        for value, rows in groups.items():
            if len(rows) < 2:
                continue
            shown = "An id" if personal else f'The id "{value}"'
            locations = [self.locations[index] for index in rows]
            if rule == "error":
                fix = (
                    "Remove the extra submissions, or set input.duplicates to "
                    "keep-latest or keep-first."
                )
            else:
                fix = f"input.duplicates: {rule} keeps one of them."
            self.add(
                "duplicate_id",
                f'{shown} in column "{header}" has {len(rows)} submissions '
                f"({format_rows(locations)}). {fix}",
                file=locations[0][0],
                row=locations[0][1],
                column=header,
                value=None if personal else value,
                count=len(rows),
                severity="error" if rule == "error" else "info",
            )

    def check_personal_data(self) -> None:
        for column in self.responses.columns:
            if column not in self.personal:
                continue
            header = self.index.header_of(column)
            what = describe_personal_data(self.responses, column)
            use = self.used.get(column)
            if use == "the respondent id":
                continue  # respondents are keyed R0001, R0002, ... instead
            if use is not None and column in self.declared:
                message = (
                    f'column "{header}" is listed under input.identifiers but is used '
                    f"as {use}. Remove it from one of the two."
                )
                self.add(
                    "identifier_leak", message, file=self.study_file, column=header
                )
            elif use is not None:
                message = (
                    f'column "{header}" contains {what}, and the study uses it as '
                    f"{use}, so its values reach the report. Remove {use} and list "
                    "the column under input.identifiers."
                )
                self.add(
                    "identifier_leak", message, file=self.study_file, column=header
                )
            elif column not in self.declared:
                message = (
                    f'column "{header}" contains {what} but is not listed under '
                    "input.identifiers. Add it there, so that it stays out of the "
                    "outputs even if detection misses it in another export."
                )
                self.add(
                    "identifier_undeclared",
                    message,
                    file=self.study_file,
                    column=header,
                )

    def check_extra_columns(self) -> None:
        for column, source in self.responses.columns.items():
            if (
                source.kind in METADATA_KINDS
                or column in self.personal
                or column in self.used
            ):
                continue
            answered = int(
                sum(not is_empty(value) for value in self.responses.data[column])
            )
            noun = "answer" if answered == 1 else "answers"
            self.add(
                "extra_column",
                f'column "{source.header}" ({answered} {noun}) is not used by the '
                "study. Declare it as an item, group or question to analyse it.",
                file=self.export_file,
                column=source.header,
                count=answered,
                severity="info",
            )
