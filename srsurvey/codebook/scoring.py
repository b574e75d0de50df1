"""Scoring: from an export and a study to item values, scale scores and groups.

:func:`score_responses` matches the study's headers to the export, picks one
submission per respondent, turns answers into numbers, applies reverse keying, computes
scale scores and levels, and builds the group and question variables. Columns with
personal data are never copied into the result.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from srsurvey.codebook._categories import (
    build_groups,
    build_multi_questions,
    build_single_questions,
)
from srsurvey.codebook._columns import ColumnIndex, ResolvedItem
from srsurvey.codebook._convert import ItemConverter, ItemValues, reverse_values
from srsurvey.codebook._respondents import select_submissions
from srsurvey.codebook.study import ScaleSpec, Study
from srsurvey.errors import CodebookError, SurveyWarning
from srsurvey.readers import detect_identifier_columns
from srsurvey.readers.model import Responses

__all__ = ["ScoredData", "score_responses"]


@dataclass
class ScoredData:
    """The scored study, one row per respondent.

    Every table and Series is indexed by the respondent key: the id (as trimmed
    text), a pseudonym ``R0001`` when the id column contains personal data, or the
    spreadsheet row when there is no id (``file:row`` for several files).

    Attributes
    ----------
    respondents
        Columns ``file`` and ``row`` (the spreadsheet row, header = 1) of the kept
        submission.
    items
        Item values as floats, reverse keying applied; NaN for no answer.
    item_answers
        Item values before reverse keying.
    scores
        One float column per scale id; NaN where too few items were answered.
    levels
        One ordered Categorical column per scale that has levels, with every level
        kept as a category.
    groups
        One ordered Categorical column per group id.
    single
        Ordered Categorical Series per single-choice question.
    multi
        Bool DataFrame (one column per option) per multiple-choice question.
    multi_answered
        Whether each respondent ticked anything, per multiple-choice question.
    duplicates
        Dropped submissions: ``key``, ``file``, ``row``, ``kept_file``, ``kept_row``
        and ``rule``.
    quality
        Counts: ``rows_read``, ``rows_without_id``, ``duplicates_removed``,
        ``respondents``, and per item ``missing_answers`` (NaN values after scoring)
        and ``missing_codes`` (answers that were missing codes); per scale
        ``scores_missing``.
    warnings
        Caveats phrased for the user; each is also issued as a SurveyWarning.
    labels
        Display labels, keyed ``"items"``, ``"scales"``, ``"groups"``,
        ``"questions"``, each a dict id -> label.
    point_labels
        Response scale name -> {point value: label in the study language}.
    item_scales
        Item id -> name of the response scale or label set it was scored with.
    item_ranges
        Item id -> (min, max) for numeric items with a declared range.
    scale_items
        Scale id -> its item ids in order, with pattern items and subscales expanded.
    reversed_items
        Scale id -> the ids of its items that are reverse-keyed (by a minus in any
        scale or by ``reverse: true``).
    identifier_columns
        Names of the export columns with personal data, declared or detected. Only
        the names: their values are never copied into this object.
    """

    respondents: pd.DataFrame
    items: pd.DataFrame
    item_answers: pd.DataFrame
    scores: pd.DataFrame
    levels: pd.DataFrame = field(default_factory=pd.DataFrame)
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)
    single: dict[str, pd.Series] = field(default_factory=dict)
    multi: dict[str, pd.DataFrame] = field(default_factory=dict)
    multi_answered: dict[str, pd.Series] = field(default_factory=dict)
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    quality: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    point_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    item_scales: dict[str, str] = field(default_factory=dict)
    item_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    scale_items: dict[str, list[str]] = field(default_factory=dict)
    reversed_items: dict[str, set[str]] = field(default_factory=dict)
    identifier_columns: list[str] = field(default_factory=list)


def score_responses(responses: Responses, study: Study) -> ScoredData:
    """Score an export with a study.

    Parameters
    ----------
    responses
        The export, as a reader returns it.
    study
        From :func:`~srsurvey.codebook.study.load_study`, quick mode or first look.

    Returns
    -------
    ScoredData

    Raises
    ------
    CodebookError
        When a header of the study is not in the export (with up to three close
        matches), a pattern item matches nothing, a scale names an item that does not
        exist, a reverse-keyed numeric item has no range, or a personal-data column
        is used as an item, group or question.
    ScoringError
        When answers are not labels of their response scale (one error lists them
        all), a numeric item holds text or an out-of-range number, or
        ``duplicates: error`` finds an id with several submissions.

    Notes
    -----
    A scale score is the mean of the answered items of a respondent who answered at
    least :meth:`~srsurvey.codebook.study.ScaleSpec.required_items` of them. A sum
    score is that mean times the number of items, so respondents with a missing item
    stay comparable with those without.
    """
    index = ColumnIndex(responses, study)
    items = index.resolve_items()
    scale_items = _expand_scales(study, items)
    identifiers = _identifier_columns(responses, study, index, items)
    notes: list[str] = []

    id_column = None
    id_header = None
    if study.id_column is not None:
        id_column = index.find(study.id_column)
        if id_column is None and study.id_column in items:
            id_column = items[study.id_column].column
        if id_column is None:
            raise index.not_found(study.id_column, "respondent id", "input.id")
        id_header = index.header_of(id_column)
    selection = select_submissions(
        responses,
        id_column,
        id_header,
        study.duplicates,
        pseudonymous=id_column in identifiers,
    )
    kept = selection.kept
    keys = pd.Index(selection.keys, name="respondent")
    if selection.rows_without_id:
        count = selection.rows_without_id
        noun = (
            "row with an empty id was" if count == 1 else "rows with an empty id were"
        )
        notes.append(f'{count} {noun} left out (id column "{id_header}").')
    if len(selection.duplicates):
        count = len(selection.duplicates)
        noun = "submission was" if count == 1 else "submissions were"
        notes.append(
            f"{count} duplicate {noun} removed ({study.duplicates} by the id in "
            f'column "{id_header}"); the duplicates table lists them.'
        )

    locations = dict(
        zip(
            kept,
            zip(
                responses.source_files.loc[kept].astype(str),
                responses.source_rows.loc[kept].astype(int),
                strict=True,
            ),
            strict=True,
        )
    )
    respondents = pd.DataFrame(
        {
            "file": [locations[row][0] for row in kept],
            "row": [locations[row][1] for row in kept],
        },
        index=keys,
    )
    data = responses.data.loc[kept]

    converter = ItemConverter(study, responses.decimal, locations)
    converted: dict[str, ItemValues] = {
        item_id: converter.convert(item, data[item.column])
        for item_id, item in items.items()
    }
    converter.raise_unknown_labels()

    reversed_ids = {item_id for item_id, item in items.items() if item.spec.reverse}
    for _, reversed_in_scale in scale_items.values():
        reversed_ids |= reversed_in_scale
    answers = pd.DataFrame(
        {item_id: values.values.to_numpy() for item_id, values in converted.items()},
        index=keys,
        dtype="float64",
    )
    keyed = answers.copy()
    for item_id in reversed_ids:
        keyed[item_id] = reverse_values(
            items[item_id], converted[item_id], study
        ).to_numpy()

    scores = pd.DataFrame(index=keys, dtype="float64")
    levels = pd.DataFrame(index=keys)
    scores_missing: dict[str, int] = {}
    for scale_id, (member_ids, _) in scale_items.items():
        scale = study.scales[scale_id]
        score, needed = _scale_score(keyed[member_ids], scale, study)
        scores[scale_id] = score
        scores_missing[scale_id] = int(score.isna().sum())
        if scores_missing[scale_id]:
            notes.append(
                f'Scale "{scale_id}": no score for {scores_missing[scale_id]} of '
                f"{len(keys)} respondents, who answered fewer than {needed} of its "
                f"{len(member_ids)} items."
            )
        if scale.levels is not None:
            levels[scale_id] = scale.levels.assign(score.rename(scale_id))

    groups = pd.DataFrame(
        build_groups(study, index, items, data, keys, converter), index=keys
    )
    single = build_single_questions(study, index, data, keys, converter)
    multi, multi_answered = build_multi_questions(study, index, data, keys, converter)

    labels = {
        "items": {
            item_id: item.spec.label or item.header for item_id, item in items.items()
        },
        "scales": {
            scale_id: scale.label or scale_id
            for scale_id, scale in study.scales.items()
        },
        "groups": {
            group_id: group.label or group.column
            for group_id, group in study.groups.items()
        },
        "questions": {
            question_id: question.label or question.column
            for question_id, question in study.questions.items()
        },
    }
    point_labels = {}
    item_scales = {}
    item_ranges = {}
    for item_id, values in converted.items():
        if values.scale is not None:
            item_scales[item_id] = values.scale.name
            point_labels[values.scale.name] = values.scale.point_labels(study.language)
        elif values.low is not None and values.high is not None:
            item_ranges[item_id] = (values.low, values.high)

    quality = {
        "rows_read": len(responses.data),
        "rows_without_id": selection.rows_without_id,
        "duplicates_removed": len(selection.duplicates),
        "respondents": len(keys),
        "missing_answers": {
            item_id: int(answers[item_id].isna().sum()) for item_id in answers
        },
        "missing_codes": {
            item_id: values.missing_codes for item_id, values in converted.items()
        },
        "scores_missing": scores_missing,
    }
    for note in notes:
        warnings.warn(note, SurveyWarning, stacklevel=2)

    return ScoredData(
        respondents=respondents,
        items=keyed,
        item_answers=answers,
        scores=scores,
        levels=levels,
        groups=groups,
        single=single,
        multi=multi,
        multi_answered=multi_answered,
        duplicates=selection.duplicates,
        quality=quality,
        warnings=notes,
        labels=labels,
        point_labels=point_labels,
        item_scales=item_scales,
        item_ranges=item_ranges,
        scale_items={
            scale_id: list(member_ids)
            for scale_id, (member_ids, _) in scale_items.items()
        },
        reversed_items={
            scale_id: {item_id for item_id in member_ids if item_id in reversed_ids}
            for scale_id, (member_ids, _) in scale_items.items()
        },
        identifier_columns=sorted(identifiers),
    )


def _scale_score(
    values: pd.DataFrame, scale: ScaleSpec, study: Study
) -> tuple[pd.Series, int]:
    """Return the score of each respondent and the number of items required."""
    item_count = values.shape[1]
    needed = scale.required_items(item_count)
    if needed > item_count:
        raise CodebookError(
            f'scale "{scale.id}" needs {needed} answered items (min_answered), but it '
            f"has only {item_count}.",
            hint="Lower min_answered, or write it as a share such as 0.75.",
            file=study.path,
            line=study.line_of(f"scales.{scale.id}.min_answered"),
        )
    answered = values.notna().sum(axis=1)
    mean = values.mean(axis=1, skipna=True)
    score = mean.where(answered >= needed)
    if scale.score == "sum":
        score = score * item_count
    return score.astype("float64"), needed


def _expand_scales(
    study: Study, items: dict[str, ResolvedItem]
) -> dict[str, tuple[list[str], set[str]]]:
    """Return each scale's item ids and reversed ids, with pattern keys expanded."""
    created_by: dict[str, list[str]] = {}
    for item_id, item in items.items():
        if item.spec.match is not None:
            created_by.setdefault(item.spec.id, []).append(item_id)
    expanded = {}
    for scale_id, scale in study.scales.items():
        member_ids: list[str] = []
        reversed_ids: set[str] = set()
        for entry in scale.items:
            members = created_by.get(entry, [entry])
            for member in members:
                if member not in items:
                    raise CodebookError(
                        f'scale "{scale_id}" lists item "{member}", which no column '
                        "of the export created.",
                        hint="Check the item pattern's match and id, or remove the "
                        "item from the scale.",
                        file=study.path,
                        line=study.line_of(f"scales.{scale_id}.items")
                        or study.line_of(f"scales.{scale_id}"),
                        value=member,
                    )
                if member not in member_ids:
                    member_ids.append(member)
                if entry in scale.reversed_items:
                    reversed_ids.add(member)
        expanded[scale_id] = (member_ids, reversed_ids)
    return expanded


def _identifier_columns(
    responses: Responses,
    study: Study,
    index: ColumnIndex,
    items: dict[str, ResolvedItem],
) -> set[str]:
    """Return the export columns with personal data.

    Declared identifiers that the export lacks are ignored, because one list often
    serves several waves. A declared identifier that is also an item, a group or a
    question is an error. A detected column that is used that way is not treated as
    an identifier, because the detection is a guess from headers and values.
    """
    used: dict[str, str] = {
        item.column: f'item "{item_id}"' for item_id, item in items.items()
    }
    for group in study.groups.values():
        column = index.find(group.column)
        if column is not None:
            used[column] = f'group "{group.id}"'
    for question in study.questions.values():
        column = index.find(question.column)
        if column is not None:
            used[column] = f'question "{question.id}"'

    identifiers = set()
    for header in study.identifiers:
        column = index.find(header)
        if column is None:
            continue
        if column in used:
            raise CodebookError(
                f'column "{header}" is listed under input.identifiers as personal '
                f"data, but it is also {used[column]}.",
                hint="Remove it from identifiers, or stop using it in the analysis.",
                file=study.path,
                line=study.line_of("input.identifiers"),
                value=header,
            )
        identifiers.add(column)
    for column in detect_identifier_columns(responses):
        if column not in used:
            identifiers.add(column)
        elif not used[column].startswith("item") and not study.keep_identifiers:
            # Group values and answer options are printed in tables and charts, so
            # a personal-data column used as either would put it in every output.
            header = index.header_of(column)
            raise CodebookError(
                f'column "{header}" looks like personal data (names, e-mail '
                f"addresses or phone numbers), but it is used as {used[column]}, "
                "which would print its values in the report.",
                hint="Remove it from the groups or questions, or pass "
                "--keep-identifiers if it is not personal data.",
                file=study.path,
                value=header,
            )
    return identifiers
