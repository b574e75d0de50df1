"""Draft a commented study file from an export, for ``srsurvey init``.

:func:`draft_study` sorts the columns of an export into metadata, personal data, the
respondent id, grid questions, items on a built-in label set, numeric items,
checkbox questions, groups and other questions. It then writes a study file for them
as YAML text with comments. Every guess that the user should check gets a ``TODO``
comment. :func:`write_study_file` writes the text atomically.

The YAML is written line by line from templates rather than dumped from a data
structure, so that the comments stay beside the keys they explain.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from srsurvey.codebook._convert import is_empty
from srsurvey.codebook._parse import ID_PATTERN
from srsurvey.codebook._text import collapse_spaces, detect_language, normalize_label
from srsurvey.codebook.firstlook import OPEN_TEXT_MEAN_LENGTH, _looks_like_open_text
from srsurvey.codebook.labelsets import (
    COMMON_MISSING,
    LABEL_SETS,
    label_set_fits,
    match_label_set,
)
from srsurvey.codebook.study import ResponseScale, parse_number
from srsurvey.errors import OutputError, ScoringError, SurveyWarning
from srsurvey.readers import (
    detect_identifier_columns,
    infer_multiselect_options,
    split_multiselect,
)
from srsurvey.readers.model import Responses
from srsurvey.stats.reliability import reliability

__all__ = ["StudyDraft", "draft_study", "write_study_file"]

METADATA_KINDS = {"timestamp": "timestamp", "score": "quiz score", "metadata": "form"}
MAX_ID_LENGTH = 32
MAX_GROUP_VALUES = 12
MAX_SHORT_HEADER_WORDS = 3
# A column is taken as the respondent id when at least this share of the rows has
# an answer and at least this share of the answers are distinct. Below 1, so that
# a student who submitted twice does not hide the id column.
MIN_ID_ANSWERED_SHARE = 0.9
MIN_ID_DISTINCT_SHARE = 0.95
MIN_ID_ROWS = 5
# The open-text rule of first-look mode (srsurvey.codebook.firstlook).
OPEN_TEXT_MIN_DISTINCT = 20
OPEN_TEXT_UNIQUE_SHARE = 0.5
# The min_answered share of each drafted scale. Without it a scale needs every item,
# so one skipped grid row leaves a respondent without a score.
DRAFT_MIN_ANSWERED = 0.8

SET_DESCRIPTIONS = {
    "agree5": "5-point agreement",
    "agree4": "4-point agreement",
    "agree7": "7-point agreement",
    "frequency5": "5-point frequency",
    "importance5": "5-point importance",
    "importance3": "3-point importance",
}

# Header words of grouping columns in English, Russian and Kazakh. Each is matched
# at the start of a word, so "курс" also matches "Курс обучения".
# NOTE: the list is a judgement call, so a grouping column whose header uses other
# words becomes a question unless its header is short.
_GROUP_HEADER = re.compile(
    r"""\b(?:
    gender | sex\b | year | course | grade | class | group | cohort | arm\b
    | condition | speciali[sz]ation | specialty | speciality | major | faculty
    | department | education | degree | region | city | school | university
    | language | nationality | ethnicity | status | role | position | wave
    | пол\b | курс | класс | групп | специальност | направлени | факультет | кафедр
    | образовани | регион | област | город | школ | университет | язык
    | национальност | статус | должност | волн
    | жыныс | сынып | топ\b | тобы | мамандық | факультет | білім | облыс | қала
    | мектеп | тіл\b | тілі | ұлт
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Header words of an id column: "Student ID", "Номер студенческого билета".
_ID_HEADER = re.compile(
    r"\b(?:id|код|code|number|номер|нөмір|№|билет|идентификатор|student)",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"\W+")


@dataclass
class StudyDraft:
    """A drafted study file and what it declares.

    ``text`` is the YAML text. The counts are the number of entries of each section,
    and ``todos`` is the number of ``TODO`` comments that ask the user to decide.
    """

    text: str
    items: int
    scales: int
    groups: int
    questions: int
    identifiers: int
    id_column: str | None
    todos: int


def draft_study(
    responses: Responses,
    *,
    name: str,
    files: list[str],
) -> StudyDraft:
    """Draft a study file that describes every column of an export.

    Parameters
    ----------
    responses
        The export, as :func:`~srsurvey.readers.read_export` returns it.
    name
        The study name, which is also the default report folder. Characters other
        than letters, digits, ``-`` and ``_`` become ``-``.
    files
        The export paths to write under ``input.files``, relative to the folder of
        the study file.

    Returns
    -------
    StudyDraft
        A study file that :func:`~srsurvey.codebook.study.load_study` accepts and
        that scores this export without errors.

    Notes
    -----
    Columns are sorted in this order of rules:

    - timestamp, quiz-score and form metadata columns are listed in a comment;
    - columns that :func:`~srsurvey.readers.detect_identifier_columns` flags go to
      ``input.identifiers``;
    - the first column answered in at least 90 % of the rows, with at least 95 %
      distinct values without spaces, becomes ``input.id`` when its header names an
      id (``Student ID``, ``Номер билета``) or its values are not numbers;
    - each grid question (``Title [Row]``) gets one response scale, one item per
      row and one scale of all its rows with ``min_answered: 0.8``. When the labels
      fit a built-in set or are numbers, each item with a negative item-rest
      correlation gets a TODO to reverse-key it, and no item is reversed;
    - a column with a line break in an answer, or with answers longer than 40
      characters on average, is open text by the rule of first-look mode. It is
      written as a commented-out question with a TODO;
    - a column of numbers becomes an item with the observed range, unless its
      header names a grouping (``Year``, ``Курс``), which makes it a group;
    - a column whose labels fit a built-in label set becomes an item on it, except
      yes / no, which becomes a single-choice question;
    - checkbox answers become a multiple-choice question;
    - a column with at most 12 distinct answers, each answer given on average at
      least twice, becomes a group when its header names a grouping or is at most
      three words without a question mark;
    - open text (at least 20 distinct answers, more than half given once) is listed
      in a comment, and any other column becomes a single-choice question.
    """
    return _Drafter(responses, name, files).draft()


def write_study_file(text: str, path: str | Path, *, force: bool = False) -> Path:
    """Write a study file atomically.

    The text goes to a temporary file in the same folder, which then replaces
    ``path``, so an interrupted run leaves either the old file or the new one.

    Raises
    ------
    OutputError
        When ``path`` exists and ``force`` is not set, is a folder, or cannot be
        written.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(
            "the path is a folder, not a file.",
            hint="Give a file name such as study.yaml with --out.",
            file=path,
        )
    if path.exists() and not force:
        raise OutputError(
            "the file already exists, so it was not replaced.",
            hint="Pass --force to replace it, or choose another file with --out.",
            file=path,
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f'the folder "{folder}" does not exist.',
            hint="Create the folder first, or choose another file with --out.",
            file=path,
        )
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError(
            f"the study file cannot be written: {err.strerror or err}.",
            hint="Check that the folder is writable, or choose another file with "
            "--out.",
            file=path,
        ) from err
    return path


# --- YAML text ----------------------------------------------------------------


def yaml_scalar(text: str, *, in_flow: bool = False) -> str:
    """Return ``text`` as a YAML scalar that reads back as the same string.

    A plain scalar is used when PyYAML reads it back unchanged, in a flow list
    (``[a, b]``) when ``in_flow`` is set. Otherwise the text is double-quoted with
    backslash escapes.
    """
    text = str(text)
    if text and text == text.strip() and "\n" not in text and "#" not in text:
        document = f"key: [{text}]" if in_flow else f"key: {text}"
        try:
            loaded = yaml.safe_load(document)
        except yaml.YAMLError:
            loaded = None
        expected = [text] if in_flow else text
        if isinstance(loaded, dict) and loaded.get("key") == expected:
            return text
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\u2028", "\\L")
        .replace("\u2029", "\\P")
        .replace("\u0085", "\\N")
    )
    return f'"{escaped}"'


def yaml_flow_list(values: list[str]) -> str:
    """Return ``values`` as a YAML flow list ``[a, b, c]``."""
    return "[" + ", ".join(yaml_scalar(value, in_flow=True) for value in values) + "]"


def yaml_list_lines(
    key: str, values: list[str], indent: int, note: str = "", width: int = 88
) -> list[str]:
    """Return ``key: [a, b]`` when it fits in ``width``, else a block list."""
    spaces = " " * indent
    comment = f"   # {note}" if note else ""
    flow = f"{spaces}{key}: {yaml_flow_list(values)}{comment}"
    if len(flow) <= width:
        return [flow]
    lines = [f"{spaces}{key}:{comment}"]
    lines.extend(f"{spaces}  - {yaml_scalar(value)}" for value in values)
    return lines


def comment_text(text: str) -> str:
    """Return ``text`` on one line, safe to put after ``#``."""
    return collapse_spaces(text)


def _wrap_comment(text: str, indent: int, width: int = 88) -> list[str]:
    """Wrap a sentence into ``# `` comment lines of at most ``width`` characters."""
    prefix = " " * indent + "# "
    lines: list[str] = []
    current = ""
    for word in comment_text(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(prefix) + len(candidate) > width:
            lines.append(prefix + current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(prefix + current)
    return lines


# --- column analysis ------------------------------------------------------------


@dataclass
class _Column:
    name: str
    header: str
    answers: list[str]
    rows: int


def _slug(text: str, limit: int = 30) -> str:
    """Turn a header into a lower-case id of at most ``limit`` characters."""
    words = [word for word in _NOT_WORD.split(text.casefold()) if word]
    slug = ""
    for word in words:
        candidate = f"{slug}_{word}" if slug else word
        if slug and len(candidate) > limit:
            break
        slug = candidate[:limit]
    slug = slug.strip("_")
    if slug and not ID_PATTERN.match(slug):
        slug = f"q{slug}"
    return slug if ID_PATTERN.match(slug or "-") else ""


def _by_frequency(answers: list[str]) -> list[str]:
    """Return the distinct answers, most frequent first, ties by first appearance."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for answer in answers:
        folded = normalize_label(answer)
        spelling.setdefault(folded, answer)
        counts[folded] += 1
    return [spelling[folded] for folded, _ in counts.most_common()]


def _choose_label_set(labels: list[str]) -> ResponseScale | None:
    """Return the built-in set for ``labels``, preferring 4 agreement points to 5.

    The labels of a 4-point agreement column are also labels of the 5-point set,
    so when no answer is a neutral label the 4-point set is the closer fit.
    """
    label_set = match_label_set(labels)
    if label_set is not None and label_set.name == "agree5":
        four_points = LABEL_SETS["agree4"]
        if label_set_fits(four_points, labels):
            return four_points
    return label_set


class _Drafter:
    def __init__(self, responses: Responses, name: str, files: list[str]) -> None:
        self.responses = responses
        self.name = re.sub(r"[^\w-]+", "-", name).strip("-") or "survey"
        self.files = files
        self.used_ids: set[str] = set()
        self.todos = 0
        missing = {normalize_label(label): label for label in COMMON_MISSING}
        self.missing_labels = set(missing)
        self.missing_found: dict[str, str] = {}
        self.columns: dict[str, _Column] = {}
        for column in responses.columns:
            answers = []
            for value in responses.data[column]:
                if is_empty(value) or isinstance(value, pd.Timestamp):
                    continue
                text = collapse_spaces(str(value))
                folded = normalize_label(text)
                if folded in missing:
                    self.missing_found.setdefault(folded, text)
                    continue
                answers.append(text)
            header = responses.columns[column].header
            self.columns[column] = _Column(column, header, answers, len(responses.data))

    def new_id(self, base: str, fallback: str) -> str:
        candidate = base or fallback
        suffix = 2
        unique = candidate
        while unique in self.used_ids:
            unique = f"{candidate}_{suffix}"
            suffix += 1
        self.used_ids.add(unique)
        return unique

    def column_id(self, column: str, position: int) -> str:
        if ID_PATTERN.match(column) and len(column) <= MAX_ID_LENGTH:
            return self.new_id(column, f"q{position}")
        return self.new_id(_slug(column), f"q{position}")

    def todo(self, text: str, indent: int) -> list[str]:
        self.todos += 1
        return _wrap_comment(f"TODO: {text}", indent)

    # --- sorting ------------------------------------------------------------------

    def draft(self) -> StudyDraft:
        responses = self.responses
        identifiers = detect_identifier_columns(responses)
        metadata = [
            (column, METADATA_KINDS[source.kind])
            for column, source in responses.columns.items()
            if source.kind in METADATA_KINDS and column not in identifiers
        ]
        id_column, id_duplicates = self.find_id_column(identifiers)
        grids = {
            title: columns
            for title, columns in responses.grid_questions().items()
            if not any(column in identifiers for column in columns)
        }
        in_grid = {column for columns in grids.values() for column in columns}

        sections = _Sections()
        for title, columns in grids.items():
            self.add_grid(sections, title, columns)
        skipped: list[str] = []
        label_set_items: dict[str, list[str]] = {}
        for position, (column, source) in enumerate(responses.columns.items(), 1):
            if (
                source.kind in METADATA_KINDS
                or column in identifiers
                or column == id_column
                or column in in_grid
            ):
                continue
            self.add_column(sections, column, position, skipped, label_set_items)
        for set_name, columns in label_set_items.items():
            self.add_label_set_scale(sections, set_name, columns)
        if len(sections.numeric_items) > 1:
            shown = ", ".join(sections.numeric_items[:5])
            if len(sections.numeric_items) > 5:
                shown += f" and {len(sections.numeric_items) - 5} more"
            sections.items.extend(
                self.todo(
                    f"the numeric items {shown} are in no scale. Add scales that list "
                    "them to get scale scores and reliability.",
                    2,
                )
            )

        text = self.render(
            sections, metadata, identifiers, id_column, id_duplicates, skipped
        )
        return StudyDraft(
            text=text,
            items=sections.item_count,
            scales=sections.scale_count,
            groups=sections.group_count,
            questions=sections.question_count,
            identifiers=len(identifiers),
            id_column=id_column,
            todos=self.todos,
        )

    def find_id_column(self, identifiers: list[str]) -> tuple[str | None, int]:
        """Return the respondent id column and its number of repeated ids."""
        candidates = []
        for column, source in self.responses.columns.items():
            if source.kind != "answer" or column in identifiers:
                continue
            values = [
                collapse_spaces(str(value))
                for value in self.responses.data[column]
                if not is_empty(value)
            ]
            rows = len(self.responses.data)
            if rows < MIN_ID_ROWS or len(values) < MIN_ID_ANSWERED_SHARE * rows:
                continue
            if any(" " in value or len(value) > MAX_ID_LENGTH for value in values):
                continue
            distinct = len(set(values))
            if distinct < MIN_ID_DISTINCT_SHARE * len(values):
                continue
            numeric = all(parse_number(value) is not None for value in values)
            named = bool(_ID_HEADER.search(source.header))
            if named or not numeric:
                candidates.append((not named, column, len(values) - distinct))
        if not candidates:
            return None, 0
        _, column, repeated = min(candidates, key=lambda entry: entry[0])
        return column, repeated

    def add_grid(self, sections: _Sections, title: str, columns: list[str]) -> None:
        prefix = self.new_id(_slug(title, 20), "grid")
        answers = [
            answer for column in columns for answer in self.columns[column].answers
        ]
        item_ids = [
            self.new_id(f"{prefix}_{n}", prefix) for n in range(1, len(columns) + 1)
        ]
        numbers = [parse_number(answer) for answer in answers]
        scale_name = None
        value_range = None
        correlations: dict[str, float] = {}
        if answers and all(number is not None for number in numbers):
            low, high = min(numbers), max(numbers)
            value_range = (low, high) if low < high else None
            correlations = self.item_rest_correlations(columns, None)
        else:
            scale_name = prefix
            set_name = self.add_response_scale(
                sections, scale_name, answers, f'the grid "{comment_text(title)}"'
            )
            # Labels that fit no built-in set are ordered by frequency, a guess that
            # would make any correlation meaningless.
            if set_name is not None:
                correlations = self.item_rest_correlations(
                    columns, LABEL_SETS[set_name]
                )

        for item_id, column in zip(item_ids, columns):
            source = self.responses.columns[column]
            sections.add_item(
                item_id,
                column,
                scale=scale_name,
                value_range=value_range,
                label=source.row_label,
                notes=self.reverse_key_todo(correlations.get(column, math.nan)),
            )
        if value_range is not None:
            sections.items.extend(
                _wrap_comment(
                    f"The range of the grid items is the observed minimum and "
                    f"maximum. TODO: widen it to the possible answers of "
                    f'"{comment_text(title)}".',
                    2,
                )
            )
            self.todos += 1

        if correlations:
            scale_todo = (
                "split the grid into subscales if it has any, and give every "
                "negatively worded item reverse: true. The items that correlate "
                "negatively with the rest of the grid are marked under items."
            )
        else:
            scale_todo = (
                "mark reverse-keyed items with a leading minus, such as "
                f"-{item_ids[0]}, and split the grid into subscales if it has any."
            )
        sections.add_scale(
            prefix, comment_text(title), item_ids, self.todo(scale_todo, 4)
        )

    def reverse_key_todo(self, correlation: float) -> list[str]:
        """Return the TODO lines for an item-rest correlation below 0, else none."""
        if not correlation < 0:
            return []
        return self.todo(
            "negative correlation with the rest of the scale "
            f"(r = {correlation:.2f}): reverse-key it (reverse: true) if it is "
            "worded negatively.",
            4,
        )

    def item_rest_correlations(
        self, columns: list[str], label_set: ResponseScale | None
    ) -> dict[str, float]:
        """Return the item-rest correlation (psych's ``r.drop``) of each grid column.

        Answers are scored on ``label_set``, or read as numbers when it is ``None``.
        Every row counts, duplicate submissions included, and each correlation is
        computed pairwise. The result is empty when :func:`reliability` raises
        ScoringError, for example because an item has no variance.
        """
        scored = pd.DataFrame(
            {
                column: [
                    self.score_answer(cell, label_set)
                    for cell in self.responses.data[column]
                ]
                for column in columns
            },
            dtype=float,
        )
        try:
            with warnings.catch_warnings():
                # The draft marks negative correlations itself.
                warnings.simplefilter("ignore", SurveyWarning)
                result = reliability(scored, missing="pairwise")
        except ScoringError:
            return {}
        return dict(zip(result.items["item"], result.items["item_rest_r"]))

    def score_answer(self, cell: object, label_set: ResponseScale | None) -> float:
        """Score one answer. No answer, a missing code or an unknown label is NaN."""
        if is_empty(cell) or isinstance(cell, pd.Timestamp):
            return math.nan
        text = collapse_spaces(str(cell))
        if normalize_label(text) in self.missing_labels:
            return math.nan
        number = parse_number(text) if label_set is None else label_set.map(text)
        return math.nan if number is None else number

    def add_response_scale(
        self, sections: _Sections, name: str, answers: list[str], source: str
    ) -> str | None:
        """Declare a response scale for ``answers`` and return its built-in set's name."""
        label_set = _choose_label_set(answers)
        lines = sections.response_scales
        lines.append(f"  {name}:")
        if label_set is None:
            ordered = _by_frequency(answers)
            lines.extend(
                self.todo(
                    f"order these labels from lowest to highest. The labels of "
                    f"{source} fit no built-in label set, so they are listed by "
                    "frequency.",
                    4,
                )
            )
            lines.append("    points:")
            for value, label in enumerate(ordered, start=1):
                lines.append(f"      {value}: {yaml_flow_list([label])}")
            return None

        by_point: dict[float, list[str]] = {}
        frequency = Counter(answers)
        canonical = {
            normalize_label(label)
            for labels in label_set.points.values()
            for label in labels
        }
        for answer in sorted(
            frequency,
            key=lambda text: (normalize_label(text) not in canonical, -frequency[text]),
        ):
            point = label_set.map(answer)
            spellings = by_point.setdefault(point, [])
            if normalize_label(answer) not in {normalize_label(s) for s in spellings}:
                spellings.append(answer)
        languages = {detect_language(answer) for answer in answers} or {"en"}
        description = SET_DESCRIPTIONS.get(label_set.name, label_set.name)
        lines.extend(
            _wrap_comment(
                f"The labels of {source} fit the built-in {description} set "
                f"({label_set.name}).",
                4,
            )
        )
        lines.append("    points:")
        for point, labels in label_set.points.items():
            shown = by_point.get(point)
            if not shown:
                shown = [
                    label for label in labels if detect_language(label) in languages
                ][:1] or labels[:1]
            lines.append(f"      {point:g}: {yaml_flow_list(shown)}")
        return label_set.name

    def add_column(
        self,
        sections: _Sections,
        column: str,
        position: int,
        skipped: list[str],
        label_set_items: dict[str, list[str]],
    ) -> None:
        info = self.columns[column]
        answers = info.answers
        header = comment_text(info.header)
        if not answers:
            skipped.append(f'"{header}" has no answers')
            return
        if _looks_like_open_text(self.responses.data[column], answers):
            self.add_open_text(sections, column, position)
            return

        numbers = [parse_number(answer) for answer in answers]
        distinct = _by_frequency(answers)
        if all(number is not None for number in numbers):
            if _GROUP_HEADER.search(info.header) and len(distinct) <= MAX_GROUP_VALUES:
                order = sorted(distinct, key=lambda text: parse_number(text))
                self.add_group(sections, column, position, order, numeric=True)
                return
            low, high = min(numbers), max(numbers)
            item_id = self.column_id(column, position)
            sections.numeric_items.append(item_id)
            sections.add_item(
                item_id,
                column,
                value_range=(low, high) if low < high else None,
                comment=["observed minimum and maximum"] if low < high else [],
            )
            return

        label_set = _choose_label_set(answers)
        if label_set is not None and label_set.name == "yes_no":
            spellings: dict[float, str] = {}
            for answer in answers:
                spellings.setdefault(label_set.map(answer), answer)
            options = [spellings[value] for value in sorted(spellings)]
            question_id = self.column_id(column, position)
            sections.add_question(
                question_id, column, "single", options, note="no, then yes"
            )
            return
        if label_set is not None:
            item_id = self.column_id(column, position)
            label_set_items.setdefault(label_set.name, []).append(item_id)
            sections.label_set_answers.setdefault(label_set.name, []).extend(answers)
            sections.add_item(item_id, column, scale=label_set.name)
            return

        options = None
        if any(", " in answer for answer in answers):
            options = infer_multiselect_options(pd.Series(answers, dtype="object"))
        if options:
            _, _, unknown = split_multiselect(
                pd.Series(answers, dtype="object"), options
            )
            question_id = self.column_id(column, position)
            comment = []
            if unknown:
                outside = sum(unknown.values())
                comment.append(
                    f"{outside} answers name options that fewer than two "
                    'respondents chose, and other: true counts them as "Other".'
                )
            sections.add_question(
                question_id,
                column,
                "multi",
                options,
                other=bool(unknown),
                comment=comment,
            )
            return

        counts = Counter(normalize_label(answer) for answer in answers)
        if len(counts) >= OPEN_TEXT_MIN_DISTINCT and sum(
            1 for count in counts.values() if count == 1
        ) > OPEN_TEXT_UNIQUE_SHARE * len(counts):
            skipped.append(f'"{header}" looks like open text ({len(counts)} answers)')
            return

        if self.looks_like_group(info, len(distinct)):
            self.add_group(sections, column, position, distinct, numeric=False)
            return
        question_id = self.column_id(column, position)
        mostly_numbers = sum(number is not None for number in numbers) >= 0.8 * len(
            numbers
        )
        comment = []
        if mostly_numbers:
            comment.append(
                "Most answers are numbers. To score it as an item, add the text "
                "answers to missing and move it to items."
            )
        sections.add_question(question_id, column, "single", distinct, comment=comment)

    def add_open_text(self, sections: _Sections, column: str, position: int) -> None:
        """Write a commented-out question for a column of typed sentences."""
        question_id = self.column_id(column, position)
        header = comment_text(self.columns[column].header)
        lines = sections.questions
        lines.extend(
            self.todo(
                f'"{header}" looks like open text: some answers have line breaks, or '
                f"the answers are longer than {OPEN_TEXT_MEAN_LENGTH} characters on "
                "average. As options, each distinct answer would count as one, so the "
                "question is commented out. To count the answers, code them into a "
                "few categories in the export, then uncomment the question.",
                2,
            )
        )
        lines.append(f"  # {question_id}:")
        lines.append(f"  #   column: {yaml_scalar(column)}")
        lines.append("  #   type: single")

    def looks_like_group(self, info: _Column, distinct: int) -> bool:
        if distinct > MAX_GROUP_VALUES or 2 * distinct > len(info.answers):
            return False
        if _GROUP_HEADER.search(info.header):
            return True
        header = collapse_spaces(info.header)
        words = header.split(" ")
        return len(words) <= MAX_SHORT_HEADER_WORDS and not header.endswith("?")

    def add_group(
        self,
        sections: _Sections,
        column: str,
        position: int,
        order: list[str],
        *,
        numeric: bool,
    ) -> None:
        group_id = self.column_id(column, position)
        lines = sections.groups
        lines.append(f"  {group_id}:")
        lines.append(f"    column: {yaml_scalar(column)}")
        note = "by value" if numeric else "by frequency; reorder as needed"
        lines.extend(yaml_list_lines("order", order, 4, note))
        languages = {detect_language(value) for value in order}
        if len(languages) > 1:
            lines.extend(
                self.todo(
                    "the answers are in more than one language. Recode them to one "
                    "spelling with map: (answer: group value) and shorten order.",
                    4,
                )
            )
        sections.group_count += 1

    def add_label_set_scale(
        self, sections: _Sections, set_name: str, item_ids: list[str]
    ) -> None:
        """Declare the response scale that the items on one built-in set share."""
        answers = sections.label_set_answers[set_name]
        self.add_response_scale(
            sections, set_name, answers, "the questions that use it"
        )
        if len(item_ids) > 1:
            sections.items.extend(
                self.todo(
                    f"the items on {set_name} ({', '.join(item_ids)}) are not in a "
                    "scale. Add them under scales to get scale scores and "
                    "reliability.",
                    2,
                )
            )

    # --- output -------------------------------------------------------------------

    def render(
        self,
        sections: _Sections,
        metadata: list[tuple[str, str]],
        identifiers: list[str],
        id_column: str | None,
        id_duplicates: int,
        skipped: list[str],
    ) -> str:
        files = ", ".join(Path(file).name for file in self.files) or "the export"
        rows = len(self.responses.data)
        lines = _wrap_comment(
            f"Study file drafted by srsurvey init from {files} ({rows} rows, "
            f"{len(self.responses.columns)} columns). The format is described in "
            "the study-file section of the srsurvey README. Check each line marked "
            "TODO, then run:",
            0,
        )
        lines += [
            "#",
            "#     srsurvey validate EXPORT --study THIS_FILE",
            "#     srsurvey analyze EXPORT --study THIS_FILE",
        ]
        if metadata:
            lines.append("#")
            listing = ", ".join(
                f"{comment_text(column)} ({kind})" for column, kind in metadata
            )
            lines.extend(
                _wrap_comment(f"Columns that the form tool adds: {listing}.", 0)
            )
        if skipped:
            lines.append("#")
            lines.extend(
                _wrap_comment(
                    "Columns left out: " + "; ".join(skipped) + ". Declare them "
                    "under questions to count their answers.",
                    0,
                )
            )
        languages = Counter(
            detect_language(source.header) for source in self.responses.columns.values()
        )
        language = languages.most_common(1)[0][0] if languages else "en"

        lines += [
            "",
            "study:",
            f"  name: {yaml_scalar(self.name)}",
            f"  title: {yaml_scalar(self.name)}   # the title of the report",
            f"  language: {language}",
            "",
            "input:",
            f"  files: {yaml_flow_list(self.files)}   # relative to this file",
        ]
        if id_column is not None:
            if id_duplicates == 1:
                reason = "One id appears more than once, and keep-latest keeps its "
                reason += "latest submission."
            elif id_duplicates:
                reason = f"{id_duplicates} ids appear more than once, and keep-latest "
                reason += "keeps the latest submission of each."
            else:
                reason = "Its values are unique, so each row is one respondent."
            lines.extend(
                _wrap_comment(
                    f"The column below is taken as the respondent id. {reason}", 2
                )
            )
            lines.append(f"  id: {yaml_scalar(id_column)}")
            lines.append("  duplicates: keep-latest           # or keep-first, error")
        else:
            lines.append(
                "  # No column has a value unique to each row, so respondents are rows."
            )
        if identifiers:
            lines.append("  # Personal data, never copied into an output:")
            lines.append("  identifiers:")
            for column in identifiers:
                lines.append(f"    - {yaml_scalar(column)}")
        else:
            lines.append("  identifiers: []   # no column with personal data was found")

        if self.missing_found:
            lines += [
                "",
                "# Answers that mean no answer, for every item and question.",
                f"missing: {yaml_flow_list(list(self.missing_found.values()))}",
            ]
        for title, body in [
            ("response_scales", sections.response_scales),
            ("items", sections.items),
            ("scales", sections.scales),
            ("groups", sections.groups),
            ("questions", sections.questions),
        ]:
            if body:
                lines += ["", f"{title}:", *body]
        lines += [
            "",
            "analysis:",
            "  missing: pairwise                  # pairwise | listwise",
            "  correction: holm                   # holm | fdr_bh | none",
            "  alpha: 0.05",
            "",
        ]
        return "\n".join(lines)


class _Sections:
    """The lines of each section of the study file, filled in column order."""

    def __init__(self) -> None:
        self.response_scales: list[str] = []
        self.items: list[str] = []
        self.scales: list[str] = []
        self.groups: list[str] = []
        self.questions: list[str] = []
        self.label_set_answers: dict[str, list[str]] = {}
        self.numeric_items: list[str] = []
        self.item_count = 0
        self.scale_count = 0
        self.group_count = 0
        self.question_count = 0

    def add_item(
        self,
        item_id: str,
        column: str,
        *,
        scale: str | None = None,
        value_range: tuple[float, float] | None = None,
        label: str | None = None,
        comment: list[str] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        self.items.append(f"  {item_id}:")
        self.items.extend(notes or [])
        self.items.append(f"    column: {yaml_scalar(column)}")
        if scale is not None:
            self.items.append(f"    scale: {scale}")
        if value_range is not None:
            low, high = value_range
            note = f"   # {'; '.join(comment)}" if comment else ""
            self.items.append(f"    range: [{low:g}, {high:g}]{note}")
        if label:
            self.items.append(f"    label: {yaml_scalar(collapse_spaces(label))}")
        self.item_count += 1

    def add_scale(
        self, scale_id: str, label: str, item_ids: list[str], todo: list[str]
    ) -> None:
        self.scales.append(f"  {scale_id}:")
        self.scales.append(f"    label: {yaml_scalar(label)}")
        self.scales.extend(todo)
        self.scales.extend(yaml_list_lines("items", item_ids, 4))
        self.scales.append("    score: mean                      # mean | sum")
        self.scales.extend(
            _wrap_comment(
                f"A respondent who answered fewer than {DRAFT_MIN_ANSWERED:.0%} of the "
                "items gets no score. Without this line, one skipped item is enough.",
                4,
            )
        )
        self.scales.append(f"    min_answered: {DRAFT_MIN_ANSWERED}")
        self.scale_count += 1

    def add_question(
        self,
        question_id: str,
        column: str,
        kind: str,
        options: list[str],
        *,
        other: bool = False,
        comment: list[str] | None = None,
        note: str = "by frequency",
    ) -> None:
        self.questions.append(f"  {question_id}:")
        self.questions.append(f"    column: {yaml_scalar(column)}")
        self.questions.append(f"    type: {kind}")
        for text in comment or []:
            self.questions.extend(_wrap_comment(text, 4))
        shown = note if kind == "single" and len(options) > 2 else ""
        self.questions.extend(yaml_list_lines("options", options, 4, shown))
        if other:
            self.questions.append("    other: true")
        self.question_count += 1
