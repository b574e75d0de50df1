"""The pre/post analysis: read and score every wave, match respondents, compare.

:func:`read_waves` turns the study's ``waves`` section into one export per wave,
:func:`score_waves` scores each wave and matches respondents by their normalised
key, and :func:`compare_waves` computes every pre/post and intervention-vs-control
statistic. :func:`run_prepost` does all three.
"""

from __future__ import annotations

import copy
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from srsurvey.codebook._text import close_matches, quoted_list
from srsurvey.codebook.scoring import ScoredData, score_responses
from srsurvey.codebook.study import GroupSpec, Study, WaveSpec
from srsurvey.errors import CodebookError, SurveyWarning
from srsurvey.prepost.matching import (
    MatchResult,
    build_keys,
    match_by_sound,
    match_waves,
)
from srsurvey.prepost.wide import split_by_column, split_wide
from srsurvey.readers import read_export, read_exports
from srsurvey.readers.identifiers import detect_identifier_columns
from srsurvey.readers.model import ColumnSource, Responses, path_label

__all__ = [
    "KEY_COLUMN",
    "MIN_PAIRS",
    "PrePostResult",
    "WaveData",
    "compare_waves",
    "read_waves",
    "run_prepost",
    "score_waves",
]

# Name of the column that contains the normalised respondent key while a wave is
# scored, so that duplicates are resolved by the key the waves are matched on.
KEY_COLUMN = "respondent key (normalised)"
ARM_GROUP = "srsurvey_arm"

# A measure with fewer pairs than this gets a row marked "too few pairs" and no
# test. NOTE: 5 is a convention of this package, not a published rule. With n pairs
# the smallest exact two-sided Wilcoxon p-value is 2 / 2**n, which is 0.125 for 4.
MIN_PAIRS = 5

# How many headers the error for an item in no wave lists when none is close.
MAX_HEADERS_SHOWN = 10


@dataclass
class WaveData:
    """One scored wave, every table indexed by the normalised respondent key."""

    spec: WaveSpec
    responses: Responses
    scored: ScoredData
    missing_items: list[str] = field(default_factory=list)


@dataclass
class PrePostResult:
    """Every table of a pre/post analysis.

    ``prepost`` has the columns of :data:`srsurvey.stats.paired.PAIRED_COLUMNS`
    plus ``comparison``, ``family`` and ``p_adjusted``. ``arm`` is the arm of each
    matched respondent (None without arms). The control tables are empty without
    two arms. ``test`` is the paired test that was requested: ``"auto"``, ``"t"``
    or ``"wilcoxon"``.
    """

    study: Study
    waves: dict[str, WaveData]
    matching: MatchResult
    arm: pd.Series | None
    intervention: str | None
    control: str | None
    attrition: pd.DataFrame
    prepost: pd.DataFrame
    binary_items: pd.DataFrame
    item_transitions: pd.DataFrame
    level_transitions: pd.DataFrame
    mixed_anova: pd.DataFrame
    ancova: pd.DataFrame
    control_effects: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    test: str = "auto"

    @property
    def pre(self) -> WaveData:
        return next(iter(self.waves.values()))


# --- reading ------------------------------------------------------------------------


def read_waves(study: Study, files: list[Path] | None = None) -> dict[str, Responses]:
    """Read the export of every wave that ``study.waves`` declares.

    ``files`` replace the study's ``input.files`` for the column and wide layouts.
    """
    spec = study.waves
    if spec is None:
        raise CodebookError(
            "the study declares no waves.",
            hint="Add a waves section with pre and post to the study file.",
        )
    if spec.layout == "files":
        return {wave_id: _read(wave.files) for wave_id, wave in spec.waves.items()}
    source = _read(list(files) if files else spec.pre.files)
    if spec.layout == "wide":
        return split_wide(source, {w: wave.suffix for w, wave in spec.waves.items()})
    return split_by_column(
        source, spec.column, {w: wave.value for w, wave in spec.waves.items()}
    )


def _read(files: list[Path]) -> Responses:
    return read_export(files[0]) if len(files) == 1 else read_exports(files)


# --- scoring ------------------------------------------------------------------------


def _header_present(responses: Responses, header: str) -> bool:
    wanted = " ".join(header.split())
    return any(
        name == header or " ".join(source.header.split()) == wanted
        for name, source in responses.columns.items()
    )


def _pattern_present(responses: Responses, pattern: str) -> bool:
    regex = re.compile(pattern)
    return any(regex.search(source.header) for source in responses.columns.values())


def _wave_study(study: Study, wave: WaveSpec) -> Study:
    """Return a copy of the study with the wave's item map applied."""
    wave_study = copy.deepcopy(study)
    wave_study.waves = None
    wave_study.id_column = KEY_COLUMN
    for item_id, column in wave.items.items():
        item = wave_study.items[item_id]
        if item.match is not None:
            item.match = column
        else:
            item.column = column
    return wave_study


def _missing_items(study: Study, responses: Responses) -> list[str]:
    missing = []
    for item_id, item in study.items.items():
        if item.match is not None:
            present = _pattern_present(responses, item.match)
        else:
            present = _header_present(responses, item.column)
        if not present:
            missing.append(item_id)
    return missing


def _with_key_column(responses: Responses, keys: pd.Series) -> Responses:
    data = responses.data.copy()
    data[KEY_COLUMN] = keys.astype("object").where(keys.notna(), pd.NA)
    columns = dict(responses.columns)
    columns[KEY_COLUMN] = ColumnSource(
        name=KEY_COLUMN,
        header=KEY_COLUMN,
        file=responses.files[0] if responses.files else "",
        position=len(columns),
        kind="metadata",
    )
    return Responses(
        data=data,
        columns=columns,
        source_rows=responses.source_rows,
        source_files=responses.source_files,
        decimal=responses.decimal,
        details=responses.details,
        warnings=list(responses.warnings),
    )


def _rekey(scored: ScoredData, responses: Responses, keys: pd.Series) -> None:
    """Index every table of ``scored`` by the normalised key instead of its own key."""
    by_location = {
        responses.location(index): key for index, key in keys.items() if key is not None
    }
    new_index = pd.Index(
        [
            by_location[(str(file), int(row))]
            for file, row in zip(
                scored.respondents["file"], scored.respondents["row"], strict=True
            )
        ],
        name="respondent",
    )
    old_to_new = dict(zip(scored.respondents.index, new_index, strict=True))
    for name in ("respondents", "items", "item_answers", "scores", "levels", "groups"):
        frame = getattr(scored, name)
        if len(frame.index) == len(new_index):
            frame.index = new_index
    for mapping in (scored.single, scored.multi, scored.multi_answered):
        for value in mapping.values():
            value.index = new_index
    if len(scored.duplicates):
        scored.duplicates["key"] = scored.duplicates["key"].map(
            lambda key: old_to_new.get(key, key)
        )


def _arm_study(study: Study) -> str | None:
    """Make sure the arm is a group of the study and return its group id."""
    arm = study.waves.arm if study.waves else None
    if arm is None:
        return None
    if arm in study.groups:
        return arm
    study.groups[ARM_GROUP] = GroupSpec(id=ARM_GROUP, column=arm, label="Arm")
    return ARM_GROUP


def _wave_arm(wave: WaveData, group_id: str | None) -> pd.Series | None:
    if wave.spec.file_arms:
        by_name = {path_label(p): arm for p, arm in wave.spec.file_arms.items()}
        files = wave.scored.respondents["file"].map(by_name)
        return pd.Series(files.to_numpy(), index=wave.scored.respondents.index)
    if group_id is None or group_id not in wave.scored.groups:
        return None
    return wave.scored.groups[group_id]


def score_waves(
    study: Study, exports: dict[str, Responses]
) -> tuple[dict[str, WaveData], MatchResult, pd.Series | None, list[str]]:
    """Score every wave and match its respondents by the normalised key.

    Returns
    -------
    tuple
        The scored waves, the matching, the arm of each respondent (from the first
        wave that gives one; None without arms) and the caveats for the report.

    Raises
    ------
    CodebookError, ScoringError
        As :func:`~srsurvey.codebook.scoring.score_responses`, and for a key column
        that an export lacks.
    DataFileError
        If no respondent is in every wave.
    """
    spec = study.waves
    notes: list[str] = []
    base = copy.deepcopy(study)
    arm_group = _arm_study(base)

    wave_studies = {w: _wave_study(base, spec.waves[w]) for w in exports}
    missing = {w: _missing_items(wave_studies[w], exports[w]) for w in exports}
    _check_items_in_some_wave(study, wave_studies, exports, missing)
    incomplete = {item for items in missing.values() for item in items}
    for wave_id, wave_study in wave_studies.items():
        scale_members = set().union(*(s.items for s in wave_study.scales.values()))
        for item_id in sorted(incomplete & scale_members, key=list(base.items).index):
            if item_id in missing[wave_id]:
                where = ", ".join(
                    spec.waves[w].label for w in missing if item_id in missing[w]
                )
                notes.append(
                    f'Item "{item_id}" is missing from the {where} wave, so it is '
                    "left out of its scales in every wave and the scale scores stay "
                    "comparable."
                )
        _drop_from_scales(wave_study, incomplete)
        for item_id in missing[wave_id]:
            wave_study.items.pop(item_id, None)

    waves: dict[str, WaveData] = {}
    counts = {}
    raw_by_wave = {}
    all_keys = {w: _wave_keys(study, w, r) for w, r in exports.items()}
    first_keys = set(next(iter(all_keys.values())).normalized.dropna())
    for wave_id, keys in list(all_keys.items())[1:]:
        keys.normalized = match_by_sound(first_keys, keys.raw, keys.normalized)
    personal = any(keys.personal for keys in all_keys.values())
    key_header = _key_header(spec)
    duplicates = {}
    for wave_id, responses in exports.items():
        wave_spec = spec.waves[wave_id]
        keys = all_keys[wave_id]
        keyed = _with_key_column(responses, keys.normalized)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scored = score_responses(keyed, wave_studies[wave_id])
        for warning in caught:
            if issubclass(warning.category, SurveyWarning):
                # Scoring names the internal key column, so put the user's in.
                message = str(warning.message).replace(
                    f'"{KEY_COLUMN}"', f'"{key_header}"'
                )
                notes.append(f"{wave_spec.label} wave: {message}")
        _rekey(scored, responses, keys.normalized)
        duplicates[wave_id] = scored.duplicates
        waves[wave_id] = WaveData(wave_spec, responses, scored, missing[wave_id])
        counts[wave_id] = {
            "rows": len(responses.data),
            "rows_without_key": scored.quality.get("rows_without_id", 0),
            "duplicates": scored.quality.get("duplicates_removed", 0),
            "duplicates_rule": study.duplicates,
        }
        first_raw = (
            pd.Series(keys.raw.to_numpy(), index=keys.normalized.to_numpy())
            .dropna()
            .groupby(level=0)
            .first()
        )
        raw_by_wave[wave_id] = first_raw.to_dict()

    matching = match_waves(
        {w: list(wave.scored.scores.index) for w, wave in waves.items()},
        raw_by_wave,
        counts,
        personal=personal,
        labels={w: wave.spec.label for w, wave in waves.items()},
        duplicates=duplicates,
    )
    arm = _respondent_arms(waves, arm_group, matching, notes)
    return waves, matching, arm, notes


def _key_header(spec) -> str:
    """Return the user's name for the respondent key, as messages show it."""
    if spec.key_column is not None:
        return spec.key_column
    if spec.key_fields:
        return " + ".join(spec.key_fields)
    return "spreadsheet row"


def _check_items_in_some_wave(
    study: Study,
    wave_studies: dict[str, Study],
    exports: dict[str, Responses],
    missing: dict[str, list[str]],
) -> None:
    """Raise for items that no wave's export has, which is a typo in the header.

    An item missing from only some waves is left out of its scales with a note
    instead, so that the scale scores of the waves stay comparable.
    """
    nowhere = [
        item_id
        for item_id in study.items
        if all(item_id in items for items in missing.values())
    ]
    if not nowhere:
        return
    headers = list(
        dict.fromkeys(
            source.header
            for responses in exports.values()
            for source in responses.columns.values()
        )
    )
    files = ", ".join(
        dict.fromkeys(
            path_label(path)
            for responses in exports.values()
            for path in responses.files
        )
    )
    items = next(iter(wave_studies.values())).items
    described, suggestions = [], []
    for item_id in nowhere:
        item = items[item_id]
        expected_header = item.match if item.match is not None else item.column
        text = (
            f'"{expected_header}"'
            if item.match is None
            else f'matching "{expected_header}"'
        )
        described.append(
            text if expected_header == item_id else f'{text} (item "{item_id}")'
        )
        matches = close_matches(expected_header, headers)
        if matches:
            suggestions.append(
                f'close matches for "{expected_header}": {quoted_list(matches)}'
            )
    if not suggestions:
        listed = quoted_list(headers[:MAX_HEADERS_SHOWN])
        more = len(headers) - MAX_HEADERS_SHOWN
        suggestions.append(
            f"no header is close; the exports have {listed}"
            + (f" and {more} more" if more > 0 else "")
        )
    first = items[nowhere[0]]
    key_path = f"items.{nowhere[0]}.{'match' if first.match is not None else 'column'}"
    if study.path is not None:
        fix = f'Fix "{key_path}" in the study file'
    else:
        fix = "Fix the item in --scale"
    single = len(nowhere) == 1
    suggestion = "; ".join(suggestions)
    raise CodebookError(
        f"the {'column' if single else 'columns'} {_and_list(described)} "
        f"{'is' if single else 'are'} in no wave's export ({files}), so "
        f"{'the item' if single else 'these items'} cannot be scored.",
        hint=f"{suggestion[0].upper()}{suggestion[1:]}. {fix}, copying the header "
        "exactly from the first row of the export.",
        file=study.path,
        line=study.line_of(key_path) if study.path is not None else None,
        value=first.match if first.match is not None else first.column,
    )


def _and_list(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _wave_keys(study: Study, wave_id: str, responses: Responses):
    spec = study.waves
    if spec.key_column is None and not spec.key_fields:
        # A wide export without a key: the row is the respondent in every wave.
        rows = responses.source_rows.map(lambda row: f"row {row}")
        return build_keys(_with_key_column(responses, rows), wave_id, column=KEY_COLUMN)
    return build_keys(
        responses,
        wave_id,
        column=spec.key_column,
        fields=spec.key_fields,
        initials=spec.key_initials,
        personal_columns=_personal_columns(responses, study),
    )


def _drop_from_scales(study: Study, items: set[str]) -> None:
    """Remove items from every scale of ``study``; drop scales left without items."""
    empty = []
    for scale in study.scales.values():
        scale.items = [i for i in scale.items if i not in items]
        scale.reversed_items -= items
        if not scale.items:
            empty.append(scale.id)
    for scale_id in empty:
        study.scales.pop(scale_id)
    for scale in study.scales.values():
        scale.subscales = [s for s in scale.subscales if s in study.scales]
        if isinstance(scale.min_answered, int):
            scale.min_answered = min(scale.min_answered, max(len(scale.items), 1))


def _personal_columns(responses: Responses, study: Study) -> set[str]:
    declared = {
        name
        for name, source in responses.columns.items()
        for header in study.identifiers
        if " ".join(source.header.split()) == " ".join(header.split())
    }
    return declared | set(detect_identifier_columns(responses))


def _respondent_arms(
    waves: dict[str, WaveData],
    arm_group: str | None,
    matching: MatchResult,
    notes: list[str],
) -> pd.Series | None:
    arms = [_wave_arm(wave, arm_group) for wave in waves.values()]
    arms = [a for a in arms if a is not None]
    if not arms:
        return None
    combined = arms[0].astype("object")
    for later in arms[1:]:
        later = later.astype("object")
        both = combined.index.intersection(later.index)
        differ = both[
            combined.loc[both].notna()
            & later.loc[both].notna()
            & (combined.loc[both] != later.loc[both])
        ]
        if len(differ):
            notes.append(
                f"{len(differ)} respondent(s) have another arm in a later wave; the "
                "arm of the first wave is used."
            )
        combined = combined.combine_first(later)
    categories = _arm_order(arms[0], combined)
    matched = combined.reindex(matching.matched)
    return pd.Series(
        pd.Categorical(matched, categories=categories, ordered=True),
        index=matched.index,
        name="arm",
    )


def _arm_order(first: pd.Series, combined: pd.Series) -> list:
    if isinstance(first.dtype, pd.CategoricalDtype):
        order = [c for c in first.cat.categories if (combined == c).any()]
    else:
        order = list(dict.fromkeys(combined.dropna().tolist()))
    return order


# --- comparisons ---------------------------------------------------------------------


def run_prepost(study: Study, files: list[Path] | None = None) -> PrePostResult:
    """Read, score, match and compare the waves of ``study``.

    Raises
    ------
    SurveyError
        For any problem with the files, the study file or the matching.
    """
    exports = read_waves(study, files)
    waves, matching, arm, notes = score_waves(study, exports)
    return compare_waves(study, waves, matching, arm, notes)


def compare_waves(
    study: Study,
    waves: dict[str, WaveData],
    matching: MatchResult,
    arm: pd.Series | None,
    notes: list[str] | None = None,
    *,
    test: str | None = None,
    correction: str | None = None,
) -> PrePostResult:
    """Compute every pre/post and intervention-vs-control table of scored waves."""
    from srsurvey.prepost import _compare

    spec = study.waves
    test = test or (spec.test if spec else "auto")
    correction = correction or study.analysis.correction
    notes = list(notes or [])
    intervention, control = _compare.choose_arms(spec, arm, notes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = _compare.all_tables(
            study,
            waves,
            matching,
            arm,
            intervention=intervention,
            control=control,
            test=test,
            correction=correction,
        )
    for warning in caught:
        if issubclass(warning.category, SurveyWarning):
            notes.append(str(warning.message))
    return PrePostResult(
        study=study,
        waves=waves,
        matching=matching,
        arm=arm,
        intervention=intervention,
        control=control,
        warnings=list(dict.fromkeys(notes)),
        test=test,
        **tables,
    )
