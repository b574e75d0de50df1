"""Respondent keys of each wave and the matching of respondents across waves.

A key is compared after :func:`normalize_key`: Unicode NFKC, upper case, no white
space, and Cyrillic letters that look like Latin ones read as those Latin letters.
Digits are never changed, so ``S318`` and ``S0318`` stay different keys.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from srsurvey.errors import CodebookError, DataFileError
from srsurvey.readers.model import Responses, path_label

__all__ = [
    "CYRILLIC_LOOKALIKES",
    "DUPLICATE_COLUMNS",
    "MatchResult",
    "WaveKeys",
    "build_keys",
    "match_by_sound",
    "match_waves",
    "normalize_key",
    "pseudonym",
]

# Upper-case Cyrillic letters (after upper-casing, so у/У is included) whose glyph is
# the same as a Latin capital letter in common fonts, and that Latin letter.
CYRILLIC_LOOKALIKES = {
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
}
_LOOKALIKE_TABLE = str.maketrans(CYRILLIC_LOOKALIKES)

# Cyrillic capitals read by their sound where it differs from their look (С is the
# sound S). Used only by :func:`match_by_sound`, as a second, reported attempt.
CYRILLIC_BY_SOUND = {"С": "S", "Р": "R", "Н": "N", "В": "V", "У": "U", "Х": "H"}
_SOUND_TABLE = str.maketrans(CYRILLIC_BY_SOUND)

# How many unmatched keys an error message shows.
SAMPLE_SIZE = 5

# Columns of MatchResult.duplicates: the wave, the respondent key, where the removed
# submission is, where the kept one is, and the input.duplicates rule that chose.
DUPLICATE_COLUMNS = ["wave", "key", "file", "row", "kept_file", "kept_row", "rule"]


def normalize_key(value: object) -> str | None:
    """Return the matching form of one respondent key, or None for an empty key.

    The steps are Unicode NFKC, removal of every white-space character, upper case,
    and replacement of the Cyrillic letters in :data:`CYRILLIC_LOOKALIKES` by their
    Latin look-alikes, so ``" s0444 "``, ``"S0444"`` and ``"С0444"`` (Cyrillic С)
    become ``"S0444"``. Digits and other characters are kept as they are.
    """
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split()).upper().translate(_LOOKALIKE_TABLE)
    return text or None


def pseudonym(key: str) -> str:
    """Return a short stable code for a key that is personal data (``K3f9a1c``).

    It is the first 6 hex digits of the SHA-256 of the normalised key, so the same
    person gets the same code in every table of a run, and the code does not show
    the key.
    """
    return "K" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]


def match_by_sound(
    first_keys: set[str], raw: pd.Series, normalized: pd.Series
) -> pd.Series:
    """Rename later-wave keys that match a first-wave key only with С read as S.

    A key of a later wave that has no partner in ``first_keys`` and contains a
    Cyrillic letter of :data:`CYRILLIC_BY_SOUND` is read again with that letter as
    its sound (``С0314`` as ``S0314``). It is renamed only when the result is a
    first-wave key that no other key of this wave has and that exactly one key of
    this wave reaches this way, so the rule never joins two respondents. Digits are
    never changed.
    """
    present = set(normalized.dropna())
    candidates: dict[str, list[object]] = {}
    for index, key in normalized.items():
        if key is None or key in first_keys or raw[index] is None:
            continue
        upper = "".join(unicodedata.normalize("NFKC", raw[index]).split()).upper()
        if not any(letter in upper for letter in CYRILLIC_BY_SOUND):
            continue
        by_sound = upper.translate(_SOUND_TABLE).translate(_LOOKALIKE_TABLE)
        if by_sound in first_keys and by_sound not in present:
            candidates.setdefault(by_sound, []).append(index)
    renamed = normalized.copy()
    for target, indexes in candidates.items():
        if len({normalized[i] for i in indexes}) == 1:
            renamed.loc[indexes] = target
    return renamed


@dataclass
class WaveKeys:
    """The respondent key of every row of one wave's export.

    ``raw`` is the key as written (trimmed), ``normalized`` its matching form (None
    for an empty key), both aligned with ``responses.data.index``. ``personal`` is
    true when the key is personal data and must be pseudonymised in outputs.
    """

    wave: str
    raw: pd.Series
    normalized: pd.Series
    personal: bool


def _find_column(responses: Responses, header: str, role: str) -> str:
    wanted = " ".join(header.split())
    for name, source in responses.columns.items():
        if name == header or " ".join(source.header.split()) == wanted:
            return name
    raise CodebookError(
        f'the {role} column "{header}" is not in the export.',
        hint="Check waves.key in the study file (or --id); headers are compared "
        "after trimming white space.",
        file=responses.files[0] if responses.files else None,
        column=header,
    )


def build_keys(
    responses: Responses,
    wave: str,
    *,
    column: str | None = None,
    fields: list[str] | None = None,
    initials: list[str] | None = None,
    personal_columns: set[str] | frozenset[str] = frozenset(),
) -> WaveKeys:
    """Build the respondent key of every row of one wave.

    Parameters
    ----------
    responses
        The wave's export.
    wave
        Wave id, for messages.
    column
        Header of the id column.
    fields
        Headers of the columns that form a pseudonymous code, in order. Their
        values are joined with ``|`` after trimming.
    initials
        Fields of which only the first letter enters the code (a surname, say).
    personal_columns
        Columns that hold personal data. A key from such a column, and every code
        built from ``fields``, is marked personal.

    Raises
    ------
    CodebookError
        If a column is not in the export, or neither ``column`` nor ``fields`` is
        given.
    """
    fields = list(fields or [])
    initials = set(initials or [])
    if column is None and not fields:
        raise CodebookError(
            "no respondent key is declared, so the waves cannot be matched.",
            hint="Set waves.key in the study file, or --id COLUMN on the command line.",
        )
    data = responses.data
    if column is not None:
        name = _find_column(responses, column, "respondent key")
        raw = data[name].map(_trimmed)
        personal = name in personal_columns
    else:
        parts = []
        for header in fields:
            name = _find_column(responses, header, "key field")
            values = data[name].map(_trimmed)
            if header in initials:
                values = values.map(lambda text: None if text is None else text[:1])
            parts.append(values)
        joined = pd.concat(parts, axis=1)
        raw = joined.apply(
            lambda row: None if row.isna().any() else "|".join(row), axis=1
        )
        personal = True
    normalized = raw.map(normalize_key)
    return WaveKeys(wave=wave, raw=raw, normalized=normalized, personal=personal)


def _trimmed(value: object) -> str | None:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


@dataclass
class MatchResult:
    """Which respondents of each wave have a partner in the others.

    Attributes
    ----------
    keys
        Wave id to the normalised keys of the respondents kept in that wave.
    matched
        Keys present in every wave, in the order of the first wave.
    summary
        One row per wave: ``wave``, ``rows``, ``rows_without_key``, ``respondents``,
        ``duplicates``, ``duplicates_rule``, ``matched``, ``only_this_wave``.
    normalized_matches
        Keys that match only after normalisation: ``key`` (pseudonymised when the
        key is personal data), the raw key in each wave, and ``difference`` (what
        normalisation changed).
    unmatched
        ``key``, ``wave`` and ``raw`` of each respondent without a partner.
    duplicates
        One row per removed duplicate submission of any wave, in the columns of
        :data:`DUPLICATE_COLUMNS`. ``file`` and ``kept_file`` are file names
        without their folder, and ``key`` is pseudonymised when it is personal data.
    """

    keys: dict[str, list[str]]
    matched: list[str]
    summary: pd.DataFrame
    normalized_matches: pd.DataFrame
    unmatched: pd.DataFrame
    personal: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    duplicates: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DUPLICATE_COLUMNS)
    )

    def shown(self, key: str) -> str:
        """Return the key as outputs show it: pseudonymised if it is personal data."""
        return pseudonym(key) if self.personal else key


def _difference(raw_values: list[str]) -> str:
    """Describe what normalisation had to change so the raw keys agree."""
    reasons = []
    stripped = ["".join(unicodedata.normalize("NFKC", v).split()) for v in raw_values]
    if len(set(stripped)) < len(set(raw_values)):
        reasons.append("white space")
    upper = [v.upper() for v in stripped]
    if len(set(upper)) < len(set(stripped)):
        reasons.append("letter case")
    looks = {v.translate(_LOOKALIKE_TABLE) for v in upper}
    if len(looks) < len(set(upper)):
        reasons.append("Cyrillic look-alike letters")
    sounds = {v.translate(_SOUND_TABLE).translate(_LOOKALIKE_TABLE) for v in upper}
    if len(sounds) < len(looks):
        reasons.append("Cyrillic letter read by its sound (С as S)")
    return ", ".join(reasons) or "Unicode form"


def match_waves(
    wave_keys: dict[str, pd.Series],
    raw_keys: dict[str, pd.Series],
    counts: dict[str, dict[str, object]],
    *,
    personal: bool,
    labels: dict[str, str] | None = None,
    duplicates: dict[str, pd.DataFrame] | None = None,
) -> MatchResult:
    """Match the respondents of every wave by their normalised key.

    Parameters
    ----------
    wave_keys
        Wave id to the normalised keys of its kept respondents (one per
        respondent, after duplicates were resolved).
    raw_keys
        Wave id to the raw (trimmed) key of each kept respondent, indexed by the
        normalised key.
    counts
        Wave id to ``rows``, ``rows_without_key``, ``duplicates`` and
        ``duplicates_rule`` of that wave, for the summary table.
    personal
        Whether keys are personal data; the report then shows pseudonyms.
    labels
        Wave id to its display label.
    duplicates
        Wave id to the removed submissions of that wave: ``key`` (the normalised
        key), ``file``, ``row``, ``kept_file``, ``kept_row`` and ``rule``, as
        :attr:`~srsurvey.codebook.scoring.ScoredData.duplicates` after re-keying.

    Raises
    ------
    DataFileError
        If no respondent is in every wave. The message gives the counts per wave
        and a few unmatched keys of each (pseudonymised when personal).
    """
    labels = labels or {wave: wave for wave in wave_keys}
    sets = {wave: set(keys) for wave, keys in wave_keys.items()}
    first = next(iter(wave_keys))
    common = set.intersection(*sets.values())
    matched = [key for key in wave_keys[first] if key in common]

    summary_rows = []
    unmatched_rows = []
    for wave, keys in wave_keys.items():
        others = set.union(*(s for w, s in sets.items() if w != wave))
        alone = [key for key in keys if key not in others]
        info = counts.get(wave, {})
        summary_rows.append(
            {
                "wave": labels.get(wave, wave),
                "rows": info.get("rows"),
                "rows_without_key": info.get("rows_without_key", 0),
                "respondents": len(keys),
                "duplicates": info.get("duplicates", 0),
                "duplicates_rule": info.get("duplicates_rule", ""),
                "matched": len(matched),
                "only_this_wave": len(alone),
            }
        )
        for key in keys:
            if key not in common:
                unmatched_rows.append(
                    {
                        "key": pseudonym(key) if personal else key,
                        "wave": labels.get(wave, wave),
                        "raw": "" if personal else raw_keys[wave].get(key, key),
                    }
                )

    normalized_rows = []
    for key in matched:
        raws = [str(raw_keys[wave].get(key, key)) for wave in wave_keys]
        if len(set(raws)) > 1:
            row = {"key": pseudonym(key) if personal else key}
            for wave, raw in zip(wave_keys, raws, strict=True):
                row[f"raw_{wave}"] = "" if personal else raw
            row["difference"] = _difference(raws)
            normalized_rows.append(row)

    summary = pd.DataFrame(summary_rows)
    unmatched = pd.DataFrame(unmatched_rows, columns=["key", "wave", "raw"])
    normalized = pd.DataFrame(
        normalized_rows,
        columns=["key", *[f"raw_{wave}" for wave in wave_keys], "difference"],
    )
    if not matched:
        raise _no_pairs_error(wave_keys, labels, personal)
    return MatchResult(
        keys={wave: list(keys) for wave, keys in wave_keys.items()},
        matched=matched,
        summary=summary,
        normalized_matches=normalized,
        unmatched=unmatched,
        personal=personal,
        labels=dict(labels),
        duplicates=_duplicates_table(duplicates or {}, labels, personal),
    )


def _duplicates_table(
    duplicates: dict[str, pd.DataFrame], labels: dict[str, str], personal: bool
) -> pd.DataFrame:
    rows = []
    for wave, table in duplicates.items():
        for entry in table.to_dict(orient="records"):
            key = str(entry["key"])
            rows.append(
                {
                    "wave": labels.get(wave, wave),
                    "key": pseudonym(key) if personal else key,
                    # File names only: a full path can contain the user's name.
                    "file": path_label(entry["file"]),
                    "row": entry["row"],
                    "kept_file": path_label(entry["kept_file"]),
                    "kept_row": entry["kept_row"],
                    "rule": entry["rule"],
                }
            )
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)


def _no_pairs_error(
    wave_keys: dict[str, pd.Series], labels: dict[str, str], personal: bool
) -> DataFileError:
    parts = []
    for wave, keys in wave_keys.items():
        sample = [pseudonym(k) if personal else k for k in list(keys)[:SAMPLE_SIZE]]
        shown = ", ".join(f'"{k}"' for k in sample) or "none"
        parts.append(f"{labels.get(wave, wave)}: {len(keys)} respondents ({shown})")
    note = " Keys are shown as pseudonyms because they are personal data." * personal
    return DataFileError(
        "no respondent is in every wave, so nothing can be compared. Normalised keys "
        "per wave: " + "; ".join(parts) + "." + note,
        hint="Check that waves.key (or --id) names the same id column in every "
        "wave and that the waves are files of the same respondents.",
    )
