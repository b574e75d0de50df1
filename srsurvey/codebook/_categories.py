"""Group variables and categorical questions as ordered Categoricals."""

from __future__ import annotations

import pandas as pd

from srsurvey.codebook._columns import ColumnIndex, ResolvedItem
from srsurvey.codebook._convert import ItemConverter, is_empty
from srsurvey.codebook._text import collapse_spaces, normalize_label, quoted_list
from srsurvey.codebook.study import GroupSpec, Levels, Study, parse_number
from srsurvey.errors import ScoringError
from srsurvey.readers import split_multiselect
from srsurvey.readers.multiselect import SEPARATOR, multiselect_separator

OTHER_LABELS = {"en": "Other", "ru": "Другое", "kk": "Басқа"}


def clean_answers(cells: pd.Series, converter: ItemConverter) -> pd.Series:
    """Return trimmed answer texts, with NA for empty cells and missing codes."""

    def clean(value: object) -> object:
        if is_empty(value) or normalize_label(value) in converter.global_missing:
            return pd.NA
        return collapse_spaces(str(value))

    return cells.map(clean).astype("object")


def ordered_categorical(
    answers: pd.Series, order: list[str], other_label: str | None = None
) -> pd.Series:
    """Return ``answers`` as an ordered Categorical.

    Categories are ``order`` first, compared as labels and spelled as in ``order``,
    then the other answers by frequency (ties by first appearance), never
    alphabetically. When every other answer is a number, they follow in numeric
    order instead, as codes such as a year of study do. With ``other_label``, answers outside ``order`` become that one
    category instead. Categories without answers are kept.
    """
    spelling = {normalize_label(option): option for option in order}
    counts: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    canonical = []
    for position, value in enumerate(answers):
        if is_empty(value):
            canonical.append(pd.NA)
            continue
        folded = normalize_label(value)
        if folded not in spelling:
            if other_label is not None:
                canonical.append(other_label)
                continue
            spelling[folded] = value
        name = spelling[folded]
        counts[name] = counts.get(name, 0) + 1
        first_seen.setdefault(name, position)
        canonical.append(name)
    extra = [name for name in counts if name not in order]
    numbers = {name: _as_number(name) for name in extra}
    if extra and all(number is not None for number in numbers.values()):
        # Codes such as a year of study (1-5) or an education level keep their order.
        extra.sort(key=lambda name: numbers[name])
    else:
        extra.sort(key=lambda name: (-counts[name], first_seen[name]))
    categories = list(order) + extra
    if other_label is not None and other_label not in categories:
        categories.append(other_label)
    return pd.Series(
        pd.Categorical(canonical, categories=categories, ordered=True),
        index=answers.index,
    )


def _as_number(text: str) -> float | None:
    try:
        return float(str(text).replace(",", "."))
    except ValueError:
        return None


def _find_column(
    index: ColumnIndex,
    items: dict[str, ResolvedItem],
    header: str,
    subject: str,
    key_path: str,
) -> str:
    column = index.find(header)
    if column is None and header in items:
        column = items[header].column
    if column is None:
        raise index.not_found(header, subject, key_path)
    return column


def build_groups(
    study: Study,
    index: ColumnIndex,
    items: dict[str, ResolvedItem],
    data: pd.DataFrame,
    keys: pd.Index,
    converter: ItemConverter,
) -> dict[str, pd.Series]:
    """Return one ordered Categorical per group of the study.

    Raises
    ------
    CodebookError
        When a group's column is neither a header nor an item id.
    ScoringError
        When a group with ``cuts`` has an answer that is not a number.
    """
    groups = {}
    for group in study.groups.values():
        column = _find_column(
            index,
            items,
            group.column,
            f'group "{group.id}"',
            f"groups.{group.id}.column",
        )
        answers = clean_answers(data[column], converter)
        if group.map:
            recode = {normalize_label(key): value for key, value in group.map.items()}
            answers = pd.Series(
                [
                    pd.NA
                    if is_empty(value)
                    else recode.get(normalize_label(value), value)
                    for value in answers
                ],
                index=answers.index,
                dtype="object",
            )
        if group.cuts is not None and group.labels is not None:
            bands = _bands(group, answers, index.header_of(column), converter)
            groups[group.id] = bands.set_axis(keys).rename(group.id)
            continue
        categorical = ordered_categorical(answers, group.order)
        groups[group.id] = categorical.set_axis(keys).rename(group.id)
    return groups


def _bands(
    group: GroupSpec, answers: pd.Series, header: str, converter: ItemConverter
) -> pd.Series:
    """Cut a numeric group column into the group's bands."""
    numbers = []
    for row, value in answers.items():
        if is_empty(value):
            numbers.append(float("nan"))
            continue
        number = parse_number(value, converter.decimal)
        if number is None:
            file, spreadsheet_row = converter.locations[row]
            raise ScoringError(
                f'group "{group.id}" has cuts, so it expects numbers, but the answer '
                "is text.",
                hint="Correct the answer, add it to missing, or remove cuts to group "
                "by the answers themselves.",
                file=file,
                row=spreadsheet_row,
                column=header,
                value=value,
            )
        numbers.append(number)
    levels = Levels(group.cuts or [], group.labels or [])
    return levels.assign(pd.Series(numbers, index=answers.index, dtype="float64"))


def build_single_questions(
    study: Study,
    index: ColumnIndex,
    data: pd.DataFrame,
    keys: pd.Index,
    converter: ItemConverter,
) -> dict[str, pd.Series]:
    """Return one ordered Categorical per single-choice question."""
    other_label = OTHER_LABELS.get(study.language, "Other")
    single = {}
    for question in study.questions.values():
        if question.type != "single":
            continue
        column = _find_column(
            index,
            {},
            question.column,
            f'question "{question.id}"',
            f"questions.{question.id}.column",
        )
        answers = _recode(clean_answers(data[column], converter), question.map)
        categorical = ordered_categorical(
            answers, question.options, other_label if question.other else None
        )
        single[question.id] = categorical.set_axis(keys).rename(question.id)
    return single


def build_multi_questions(
    study: Study,
    index: ColumnIndex,
    data: pd.DataFrame,
    keys: pd.Index,
    converter: ItemConverter,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.Series]]:
    """Return the option indicators and the answered flags of checkbox questions.

    Without ``options``, the options are the parts of the answers, by frequency.
    Parts are separated by ``", "``, or by ``";"`` in a Microsoft Forms export.

    Raises
    ------
    ScoringError
        When answers contain text outside ``options`` and ``other`` is not set.
    """
    multi = {}
    answered = {}
    for question in study.questions.values():
        if question.type != "multi":
            continue
        column = _find_column(
            index,
            {},
            question.column,
            f'question "{question.id}"',
            f"questions.{question.id}.column",
        )
        answers = clean_answers(data[column], converter)
        separator = multiselect_separator(index.responses)
        options = question.options or options_by_frequency(answers, separator)
        # Mapped spellings are split like options, then merged into their target.
        aliases = [alias for alias in question.map if alias not in options]
        indicators, ticked, unknown = split_multiselect(
            answers, options + aliases, other=question.other, separator=separator
        )
        indicators = _merge_aliases(indicators, question.map, aliases)
        if unknown and not question.other:
            shown = sorted(unknown.items(), key=lambda entry: -entry[1])[:20]
            listing = ", ".join(f'"{text}" ({count} answers)' for text, count in shown)
            raise ScoringError(
                f'question "{question.id}" has answers outside its options: {listing}.',
                hint="Add them to options, or set other: true to count them as one "
                f"option. Options now: {quoted_list(options)}.",
                file=study.path,
                line=study.line_of(f"questions.{question.id}.options"),
                column=index.header_of(column),
                value=shown[0][0],
            )
        indicators = indicators.copy()
        indicators.index = keys
        multi[question.id] = indicators.astype(bool)
        answered[question.id] = pd.Series(
            ticked.to_numpy(dtype=bool), index=keys, name=question.id
        )
    return multi, answered


def _recode(answers: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Replace answers by the study's ``map``, comparing them as labels."""
    if not mapping:
        return answers
    recode = {normalize_label(key): value for key, value in mapping.items()}
    return pd.Series(
        [
            value if is_empty(value) else recode.get(normalize_label(value), value)
            for value in answers
        ],
        index=answers.index,
        dtype="object",
    )


def _merge_aliases(
    indicators: pd.DataFrame, mapping: dict[str, str], aliases: list[str]
) -> pd.DataFrame:
    """Tick each alias's target option where the alias was ticked, then drop it."""
    if not aliases:
        return indicators
    indicators = indicators.copy()
    for alias in aliases:
        target = mapping[alias]
        ticked = indicators[alias].astype(bool)
        if target in indicators:
            indicators[target] = indicators[target].astype(bool) | ticked
        else:
            indicators[target] = ticked
    return indicators.drop(columns=aliases)


def options_by_frequency(answers: pd.Series, separator: str = SEPARATOR) -> list[str]:
    """Return the parts of checkbox answers, most frequent first."""
    counts: dict[str, int] = {}
    for value in answers:
        if is_empty(value):
            continue
        for part in str(value).split(separator):
            part = part.strip()
            if part:
                counts[part] = counts.get(part, 0) + 1
    return sorted(counts, key=lambda part: -counts[part])
