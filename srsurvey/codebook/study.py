"""The study: what each column of an export means and how it is scored.

A :class:`Study` comes from a YAML study file (:func:`load_study`, format in the
"The study file" section of README.md), from the quick-mode options of the command
line (:func:`study_from_options`) or from the export itself
(:func:`srsurvey.codebook.firstlook.study_from_export`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from srsurvey.codebook._text import detect_language, normalize_label
from srsurvey.errors import CodebookError

__all__ = [
    "AnalysisOptions",
    "GroupSpec",
    "ItemSpec",
    "Levels",
    "QuestionSpec",
    "ResponseScale",
    "ScaleSpec",
    "Study",
    "WaveSpec",
    "WavesSpec",
    "load_study",
    "study_from_options",
]

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(text: object, decimal: str = ".") -> float | None:
    """Return ``text`` as a float if it is a plain number, else ``None``.

    Both ``.`` and the export's ``decimal`` separator are accepted, so ``"3,5"`` is 3.5
    in a file with a decimal comma.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    # Russian-locale Excel groups thousands with a no-break space (U+00A0) or a
    # narrow no-break space (U+202F).
    stripped = str(text).strip().replace("\u00a0", "").replace("\u202f", "")
    if not _NUMBER.match(stripped):
        return None
    if "," in stripped and decimal != ",":
        return None
    return float(stripped.replace(",", "."))


@dataclass
class ResponseScale:
    """A set of answer labels and the numbers they stand for.

    Attributes
    ----------
    name
        The key in ``response_scales``.
    points
        Point value to its labels, from the lowest value to the highest. Several
        labels (one per language, say) may share a point.
    synonyms
        Extra spelling to a label that appears in ``points``.
    missing
        Labels that mean "no answer", such as ``Затрудняюсь ответить``.
    """

    name: str
    points: dict[float, list[str]]
    synonyms: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.points = {
            float(value): list(labels) for value, labels in self.points.items()
        }
        if not self.points:
            raise CodebookError(
                f'response scale "{self.name}" has no points.',
                hint="List at least two points, such as 1: Disagree and 2: Agree.",
            )
        self._lookup: dict[str, float] = {}
        for value, labels in self.points.items():
            for label in labels:
                self._lookup.setdefault(normalize_label(label), value)
        for synonym, target in self.synonyms.items():
            target_value = self._lookup.get(normalize_label(target))
            if target_value is None:
                raise CodebookError(
                    f'synonym "{synonym}" of response scale "{self.name}" points to '
                    f'"{target}", which is not a label of the scale.',
                    hint="Point each synonym to a label listed under points.",
                )
            self._lookup.setdefault(normalize_label(synonym), target_value)
        self._missing = {normalize_label(label) for label in self.missing}

    @property
    def low(self) -> float:
        """The lowest point value."""
        return min(self.points)

    @property
    def high(self) -> float:
        """The highest point value."""
        return max(self.points)

    def knows(self, label: str) -> bool:
        """Return whether ``label`` is a point label or a synonym of one."""
        return normalize_label(label) in self._lookup

    def map(self, value: object, decimal: str = ".") -> float | None:
        """Turn one answer into its point value.

        Returns NaN for an empty cell and for one of the scale's missing labels, and
        ``None`` for an answer the scale does not know. Labels are compared after
        :func:`~srsurvey.codebook._text.normalize_label`. A number between the lowest
        and highest point values (inclusive) is taken as that number, so a linear-scale
        question that exports only numbers needs labels only for its end points.
        """
        if value is None or value is pd.NA:
            return math.nan
        if isinstance(value, float) and math.isnan(value):
            return math.nan
        folded = normalize_label(value)
        if folded == "" or folded in self._missing:
            return math.nan
        if folded in self._lookup:
            return self._lookup[folded]
        number = parse_number(value, decimal)
        if number is not None and self.low <= number <= self.high:
            return number
        return None

    def point_labels(self, language: str) -> dict[float, str]:
        """Return one label per point, in ``language`` where the scale has one.

        A point without a label in that language shows its first label, and a point
        without labels shows its number.
        """
        labels: dict[float, str] = {}
        for value, texts in self.points.items():
            in_language = [text for text in texts if detect_language(text) == language]
            if in_language:
                labels[value] = in_language[0]
            elif texts:
                labels[value] = texts[0]
            else:
                labels[value] = f"{value:g}"
        return labels


@dataclass
class ItemSpec:
    """One questionnaire item, or a pattern that creates one item per matching header.

    ``column`` is the header of the item's column, compared after trimming and
    collapsing white space. A pattern item has ``match`` (a regular expression searched
    in each header) and ``template`` (the id of each created item, where ``{1}`` is the
    first group of the match). Its ``id`` is the key under ``items``, and a scale
    that lists that key gets every created item. ``scale`` names a response scale and
    ``range`` gives the lowest and highest valid number for numeric answers; an item
    with neither takes numbers, or labels of a built-in label set
    (:mod:`srsurvey.codebook.labelsets`). ``line`` is the line in the study file.
    """

    id: str
    column: str | None = None
    match: str | None = None
    scale: str | None = None
    range: tuple[float, float] | None = None
    reverse: bool = False
    label: str | None = None
    template: str | None = None
    line: int | None = None


@dataclass
class Levels:
    """Cut points that turn a score into ordered levels such as low, medium, high.

    ``labels`` has one more entry than ``cuts``. A score below ``cuts[0]`` gets
    ``labels[0]``, and a score equal to a cut gets the level above it.
    """

    cuts: list[float]
    labels: list[str]

    def assign(self, values: pd.Series) -> pd.Series:
        """Return the level of each value as an ordered Categorical (NaN stays NaN)."""
        bins = [-math.inf, *self.cuts, math.inf]
        levels = pd.cut(
            values, bins=bins, labels=self.labels, right=False, ordered=True
        )
        return pd.Series(levels, index=values.index, name=values.name)


@dataclass
class ScaleSpec:
    """A scale score computed from items.

    ``items`` contains item ids (and keys of pattern items) without the leading minus, and
    ``reversed_items`` the ones this scale reverse-keys. For a scale with
    ``subscales``, ``items`` and ``reversed_items`` already include the subscales'.
    ``min_answered`` is a share (a float between 0 and 1) or a count (an int) of the
    items a respondent must answer to get a score; ``None`` means all items.
    """

    id: str
    label: str | None = None
    items: list[str] = field(default_factory=list)
    reversed_items: set[str] = field(default_factory=set)
    subscales: list[str] = field(default_factory=list)
    score: Literal["mean", "sum"] = "mean"
    min_answered: float | int | None = None
    levels: Levels | None = None
    line: int | None = None

    def required_items(self, item_count: int) -> int:
        """Return how many of ``item_count`` items a respondent must answer.

        A share is a floor that the answered share must reach, so the count is
        ``ceil(share * k)``: 0.75 of 3 items needs 3 (2 of 3 is only 67%) and 0.8 of 5
        needs 4. The ``1e-9`` absorbs float error, so that 0.6 of 5 needs 3, not 4.
        """
        if self.min_answered is None:
            return item_count
        if isinstance(self.min_answered, int):
            return self.min_answered
        return max(1, math.ceil(self.min_answered * item_count - 1e-9))


@dataclass
class GroupSpec:
    """A column that splits respondents into groups.

    ``map`` recodes answers (compared as labels) before grouping. ``order`` fixes the
    order of group values; values it does not list follow in order of frequency.
    ``cuts`` and ``labels`` turn a numeric column into bands by the rule of
    :class:`Levels`.
    """

    id: str
    column: str
    label: str | None = None
    order: list[str] = field(default_factory=list)
    map: dict[str, str] = field(default_factory=dict)
    cuts: list[float] | None = None
    labels: list[str] | None = None
    line: int | None = None


@dataclass
class QuestionSpec:
    """A categorical question that is not a scale item.

    ``type`` is ``"single"`` (one answer) or ``"multi"`` (checkboxes, which Google
    Forms joins with ``", "``). ``options`` gives the order of options and, for
    ``multi``, the list the joined answer is split against. With ``other`` set,
    answers outside ``options`` count as one "Other" option. ``map`` recodes an
    answer (or, for ``multi``, one ticked option) to another, such as the English
    form's "Internet" to the Russian form's "Интернет".
    """

    id: str
    column: str
    type: Literal["single", "multi"] = "single"
    label: str | None = None
    options: list[str] = field(default_factory=list)
    other: bool = False
    map: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass
class AnalysisOptions:
    """Choices for the statistics: missing-data rule, p-value correction, alpha."""

    missing: Literal["pairwise", "listwise"] = "pairwise"
    correction: Literal["holm", "fdr_bh", "none"] = "holm"
    alpha: float = 0.05
    test_selection: Literal["auto", "parametric", "nonparametric"] = "auto"


@dataclass
class WaveSpec:
    """One measurement occasion (pre, post or follow-up) of a repeated study.

    ``files`` are the wave's own exports, and ``file_arms`` gives the study arm of
    every row of a file, keyed by file. ``value`` is the wave's value in the wave
    column and ``suffix`` the ending of its columns in a wide export (``_pre``).
    ``items`` renames items in this wave: item id (or pattern item key) to the
    column header (or ``match`` pattern) that the item has in this wave.
    """

    id: str
    label: str
    files: list[Path] = field(default_factory=list)
    file_arms: dict[Path, str] = field(default_factory=dict)
    value: str | None = None
    suffix: str | None = None
    items: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass
class WavesSpec:
    """The waves of a pre/post study and how respondents are matched across them.

    ``layout`` is ``"files"`` (each wave has its own files), ``"column"`` (one export
    with a wave column, ``column``) or ``"wide"`` (one row per respondent with
    suffixed columns). The respondent key is ``key_column``, or a pseudonymous code
    joined from ``key_fields``, of which the fields in ``key_initials`` add only
    their first letter. ``arm`` is a group id or a column header. ``intervention``
    and ``control`` name the two arms that the intervention-vs-control statistics
    compare.
    """

    waves: dict[str, WaveSpec]
    layout: Literal["files", "column", "wide"] = "files"
    column: str | None = None
    key_column: str | None = None
    key_fields: list[str] = field(default_factory=list)
    key_initials: list[str] = field(default_factory=list)
    arm: str | None = None
    intervention: str | None = None
    control: str | None = None
    test: Literal["auto", "t", "wilcoxon"] = "auto"

    @property
    def pre(self) -> WaveSpec:
        """The first wave."""
        return next(iter(self.waves.values()))


@dataclass
class Study:
    """Everything a study file says about an export.

    ``items``, ``scales``, ``groups``, ``questions`` and ``response_scales`` are keyed
    by id in the order they were declared. ``missing`` contains the missing labels for
    every item and question. ``path`` is the study file (``None`` in quick mode and
    first-look mode), and ``lines`` maps dotted key paths such as
    ``items.cog1.column`` to their line in it.
    """

    name: str
    title: str
    language: str = "en"
    files: list[Path] = field(default_factory=list)
    id_column: str | None = None
    duplicates: Literal["keep-latest", "keep-first", "error"] = "keep-latest"
    identifiers: list[str] = field(default_factory=list)
    response_scales: dict[str, ResponseScale] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    items: dict[str, ItemSpec] = field(default_factory=dict)
    scales: dict[str, ScaleSpec] = field(default_factory=dict)
    groups: dict[str, GroupSpec] = field(default_factory=dict)
    questions: dict[str, QuestionSpec] = field(default_factory=dict)
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)
    waves: WavesSpec | None = None
    # Set by the analysis from --keep-identifiers: allows a column that looks like
    # personal data to be used as a group or question.
    keep_identifiers: bool = False
    path: Path | None = None
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key_path: str) -> int | None:
        """Return the study-file line of ``key_path``, or ``None`` if unknown."""
        return self.lines.get(key_path)


def load_study(path: str | Path) -> Study:
    """Read a study file.

    Parameters
    ----------
    path
        The YAML study file. Relative paths under ``input.files`` are resolved
        against its folder.

    Returns
    -------
    Study

    Raises
    ------
    CodebookError
        When the file is missing or unreadable, is not valid YAML, or has an unknown
        key, a wrong value or a reference to an undeclared item, response scale or
        subscale. The message names the key path, the line, what is allowed and the
        fix.
    """
    from srsurvey.codebook._parse import parse_study

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise CodebookError(
            "the study file was not found.",
            hint="Check the path passed to --study.",
            file=path,
        ) from err
    except UnicodeDecodeError as err:
        raise CodebookError(
            f"the study file is not UTF-8 text (byte {err.start}).",
            hint="Save it as UTF-8 in your editor.",
            file=path,
        ) from err
    except OSError as err:
        raise CodebookError(
            f"the study file cannot be read: {err.strerror}.",
            hint="Check that the path is a readable file.",
            file=path,
        ) from err
    return parse_study(text, path)


def study_from_options(
    *,
    name: str,
    scales: list[str],
    value_range: str | None,
    groups: list[str],
    id_column: str | None,
    missing: str | None,
) -> Study:
    """Build a study from the quick-mode options of ``srsurvey analyze``.

    Parameters
    ----------
    name
        Study name (the default output folder).
    scales
        Values of ``--scale NAME=ITEM,ITEM,-ITEM``. Each ITEM is a column header and
        becomes an item of that id; a leading minus reverse-keys it.
    value_range
        Value of ``--range MIN-MAX``: the valid numbers of every item, needed to
        reverse-key numeric answers.
    groups
        Values of ``--group COLUMN``; each column becomes a group of that id.
    id_column
        Value of ``--id COLUMN``, the respondent id.
    missing
        Value of ``--missing``: ``pairwise`` or ``listwise`` deletion for reliability.

    Raises
    ------
    CodebookError
        For a ``--scale`` without ``=``, with an empty name or item list, with one item
        marked both reversed and not, for an invalid ``--range`` and an unknown
        ``--missing``. Headers are checked against the export by
        :func:`~srsurvey.codebook.scoring.score_responses`.
    """
    from srsurvey.codebook._quick import build_quick_study

    return build_quick_study(
        name=name,
        scales=scales,
        value_range=value_range,
        groups=groups,
        id_column=id_column,
        missing=missing,
    )
