"""First look: a study guessed from the export alone.

Used when there is neither a study file nor ``--scale``. Each answer column becomes a
numeric item, an item on a built-in label set, or a single- or multiple-choice
question, so that ``srsurvey analyze EXPORT`` can describe every question.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

from srsurvey.codebook._convert import is_empty
from srsurvey.codebook._parse import ID_PATTERN
from srsurvey.codebook._text import collapse_spaces, normalize_label
from srsurvey.codebook.labelsets import COMMON_MISSING, match_label_set
from srsurvey.codebook.study import ItemSpec, QuestionSpec, Study, parse_number
from srsurvey.errors import SurveyWarning
from srsurvey.readers import detect_identifier_columns
from srsurvey.readers.model import Responses
from srsurvey.readers.multiselect import multiselect_separator

__all__ = ["study_from_export"]

NOT_QUESTIONS = {"timestamp", "email", "score", "metadata"}
OPEN_TEXT_MIN_DISTINCT = 20
OPEN_TEXT_UNIQUE_SHARE = 0.5
MULTI_MIN_REPEATED_SHARE = 0.8
# Choices are short; typed sentences are longer on average. An estimate: the longest
# built-in label ("Neither agree nor disagree") has 26 characters.
OPEN_TEXT_MEAN_LENGTH = 40
# A column of at least this many answers, all different and at most this long, is
# taken as a respondent id (S0042, P17), not as a question. Both are estimates.
ID_MIN_ANSWERS = 10
ID_MAX_LENGTH = 20
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
MAX_ID_LENGTH = 32


def study_from_export(responses: Responses, *, name: str) -> Study:
    """Guess a study from the columns of an export.

    Parameters
    ----------
    responses
        The export.
    name
        Study name (the default output folder).

    Returns
    -------
    Study
        Answers such as ``Затрудняюсь ответить`` and ``Prefer not to answer``
        (:data:`~srsurvey.codebook.labelsets.COMMON_MISSING`) are missing codes.
        Timestamp, e-mail, quiz-score and metadata columns and columns with personal
        data are left out. A column of numbers becomes an item whose range is the
        observed minimum and maximum. A column whose labels all belong to one
        built-in label set (:mod:`srsurvey.codebook.labelsets`) becomes an item on
        that set, except yes/no, which becomes a single-choice question with the
        options in label order. Checkbox answers joined with ``", "`` become a
        multiple-choice question. Any other column becomes a single-choice question
        with its options in order of frequency, never alphabetical.

    Notes
    -----
    A column with at least 20 distinct answers, more than half of them given only
    once, is taken as open text and left out with a SurveyWarning. A column counts
    as checkboxes when some answers contain ``", "`` and at least 80% of the parts
    occur in two or more answers, so free text that contains commas stays single.
    """
    identifiers = set(detect_identifier_columns(responses))
    study = Study(name=name, title=name, missing=list(COMMON_MISSING))
    missing = {normalize_label(label) for label in COMMON_MISSING}
    used_ids: set[str] = set()
    spss_scales = _spss_scales(responses)
    for position, (column, source) in enumerate(responses.columns.items(), start=1):
        if source.kind in NOT_QUESTIONS or column in identifiers:
            continue
        if column in spss_scales:
            # SPSS value labels give the order of the answers and their codes.
            item_id = _column_id(column, position, used_ids)
            scale = spss_scales[column]
            study.response_scales[scale.name] = scale
            study.items[item_id] = ItemSpec(
                id=item_id,
                column=column,
                scale=scale.name,
                label=collapse_spaces(source.header),
            )
            continue
        raw = [
            str(value)
            for value in responses.data[column]
            if not is_empty(value) and normalize_label(value) not in missing
        ]
        answers = [collapse_spaces(value) for value in raw]
        item_id = _column_id(column, position, used_ids)
        label = collapse_spaces(source.header)
        if _looks_like_id(raw, decimal=responses.decimal):
            warnings.warn(
                f'column "{label}" looks like a respondent id (every answer is '
                "different) and is not described. Pass --id with its header to use "
                "it as the respondent id.",
                SurveyWarning,
                stacklevel=2,
            )
            continue
        if _looks_like_open_text(responses.data[column], answers):
            warnings.warn(
                f'column "{label}" looks like open text (long answers or line '
                "breaks) and is not described. Declare it under questions in a "
                "study file to count its answers.",
                SurveyWarning,
                stacklevel=2,
            )
            continue
        _add_column(
            study,
            item_id,
            column,
            label,
            answers,
            responses.decimal,
            raw=raw,
            separator=multiselect_separator(responses),
        )
    study.language = _answer_language(responses, study)
    return study


def _spss_scales(responses: Responses) -> dict:
    """Return a response scale per labelled variable of a single .sav export."""
    if responses.details.get("format") != "sav" or len(responses.files) != 1:
        return {}
    from srsurvey.readers.spss import read_sav_labels

    labels = read_sav_labels(responses.files[0])
    scales = {}
    for variable, value_labels in labels.value_labels.items():
        if variable not in responses.columns or not value_labels:
            continue
        scale = labels.response_scale(variable, name=f"{variable}_labels")
        if len(scale.points) >= 2:
            scales[variable] = scale
    return scales


def _looks_like_id(raw: list[str], *, decimal: str) -> bool:
    """Tell an id column: 10 or more answers, all different, short codes, not numbers.

    A numeric column with all-different values is a measurement, such as an income.
    """
    if len(raw) < ID_MIN_ANSWERS or len(set(raw)) != len(raw):
        return False
    if all(parse_number(value, decimal) is not None for value in raw):
        return False
    if any(any(ch.isspace() for ch in value.strip()) for value in raw):
        return False  # typed words, not codes
    return max(len(value) for value in raw) <= ID_MAX_LENGTH


def _looks_like_open_text(cells, answers: list[str]) -> bool:
    """Tell typed sentences from choices: a line break or long answers on average."""
    if not answers:
        return False
    if any("\n" in str(cell) for cell in cells if not is_empty(cell)):
        return True
    return sum(len(answer) for answer in answers) / len(answers) > OPEN_TEXT_MEAN_LENGTH


def _answer_language(responses: Responses, study: Study) -> str:
    """Return ``ru`` or ``kk`` when the labelled answers are mostly Cyrillic."""
    labelled = [item.column for item in study.items.values() if item.scale is not None]
    cells = [
        str(value)
        for column in labelled
        for value in responses.data[column]
        if not is_empty(value)
    ]
    if not cells:
        return study.language
    cyrillic = [cell for cell in cells if _CYRILLIC.search(cell)]
    if len(cyrillic) <= len(cells) / 2:
        return study.language
    return "kk" if any(_KAZAKH.search(cell) for cell in cyrillic) else "ru"


def _column_id(column: str, position: int, used: set[str]) -> str:
    candidate = (
        column if ID_PATTERN.match(column) and len(column) <= MAX_ID_LENGTH else ""
    )
    if not candidate or candidate in used:
        candidate = f"q{position}"
    suffix = 2
    base = candidate
    while candidate in used:
        candidate = f"{base}_{suffix}"
        suffix += 1
    used.add(candidate)
    return candidate


def _add_column(
    study: Study,
    item_id: str,
    column: str,
    label: str,
    answers: list[str],
    decimal: str = ".",
    *,
    raw: list[str] | None = None,
    separator: str = ", ",
) -> None:
    # Numbers are parsed before spaces are folded, so "125\u00a0000" stays one number.
    numbers = [parse_number(answer, decimal) for answer in (raw or answers)]
    if answers and all(number is not None for number in numbers):
        low, high = min(numbers), max(numbers)
        value_range = (low, high) if low < high else None
        study.items[item_id] = ItemSpec(
            id=item_id, column=column, range=value_range, label=label
        )
        return

    label_set = match_label_set(answers)
    if label_set is not None and label_set.name != "yes_no":
        study.response_scales.setdefault(label_set.name, label_set)
        study.items[item_id] = ItemSpec(
            id=item_id, column=column, scale=label_set.name, label=label
        )
        return
    if label_set is not None:
        spellings = {}
        for answer in answers:
            spellings.setdefault(label_set.map(answer), answer)
        options = [spellings[value] for value in sorted(spellings)]
        study.questions[item_id] = QuestionSpec(
            id=item_id, column=column, type="single", label=label, options=options
        )
        return

    counts = Counter(answers)
    if len(counts) >= OPEN_TEXT_MIN_DISTINCT and sum(
        1 for count in counts.values() if count == 1
    ) > OPEN_TEXT_UNIQUE_SHARE * len(counts):
        warnings.warn(
            f'column "{label}" looks like open text ({len(counts)} distinct answers) '
            "and is not described. Declare it under questions in a study file to "
            "count its answers.",
            SurveyWarning,
            stacklevel=3,
        )
        return

    if _looks_like_checkboxes(answers, separator):
        part_counts = Counter(
            part.strip() for answer in answers for part in answer.split(separator)
        )
        options = [part for part, _ in part_counts.most_common() if part]
        study.questions[item_id] = QuestionSpec(
            id=item_id, column=column, type="multi", label=label, options=options
        )
        return

    by_frequency = _by_frequency(answers)
    study.questions[item_id] = QuestionSpec(
        id=item_id, column=column, type="single", label=label, options=by_frequency
    )


def _looks_like_checkboxes(answers: list[str], separator: str = ", ") -> bool:
    if sum(1 for answer in answers if separator in answer) < 2:
        return False
    part_counts = Counter(
        normalize_label(part)
        for answer in answers
        for part in answer.split(separator)
        if part.strip()
    )
    occurrences = sum(part_counts.values())
    repeated = sum(count for count in part_counts.values() if count >= 2)
    return repeated >= MULTI_MIN_REPEATED_SHARE * occurrences


def _by_frequency(answers: list[str]) -> list[str]:
    """Return the distinct answers by frequency, ties in order of first appearance."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for answer in answers:
        folded = normalize_label(answer)
        spelling.setdefault(folded, answer)
        counts[folded] = counts.get(folded, 0) + 1
    ordered = sorted(counts, key=lambda folded: -counts[folded])
    return [spelling[folded] for folded in ordered]
