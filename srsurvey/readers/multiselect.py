"""Split checkbox answers into options.

Google Forms joins the chosen options with ``", "``. Microsoft Forms joins them with
``";"`` and ends the cell with one more ``";"``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from srsurvey.errors import CodebookError
from srsurvey.readers.model import Responses

__all__ = ["infer_multiselect_options", "multiselect_separator", "split_multiselect"]

SEPARATOR = ", "
# Key of Responses.details that stores the separator of a file's checkbox answers.
SEPARATOR_DETAIL = "multiselect separator"
OTHER_COLUMN = "Other"

# Limits of infer_multiselect_options. They are judgement calls, not measured values.
_MAX_INFERRED_OPTIONS = 30
_MIN_RECURRING_SHARE = 0.8


def split_multiselect(
    values: pd.Series,
    options: list[str],
    *,
    other: bool = False,
    separator: str = SEPARATOR,
) -> tuple[pd.DataFrame, pd.Series, dict[str, int]]:
    """Split checkbox answers into one indicator column per option.

    Each cell is matched against ``options`` from left to right, trying the longest
    option first, so an option that contains a comma (``Friends, family``) is not
    cut in two. Text that matches no option runs up to the next separator at which an
    option starts, so an "Other" answer with commas in it stays one part. A separator
    at the end of a cell, as Microsoft Forms writes, gives no empty part.

    Parameters
    ----------
    values
        One checkbox question, a text cell per respondent, ``pd.NA`` if unanswered.
    options
        The options as the form lists them, compared exactly (case and spaces).
    other
        Add a column that is True where a cell contains text outside ``options``.
        It is named ``"Other"``, or ``"Other (not listed)"`` if ``"Other"`` is one
        of the options.
    separator
        Text between two chosen options: ``", "`` for Google Forms and ``";"`` for
        Microsoft Forms.

    Returns
    -------
    indicators : pandas.DataFrame
        Respondents x options, bool, indexed like ``values``. All False where the
        question was not answered.
    answered : pandas.Series
        True where the cell is not empty.
    unknown : dict
        Each part outside ``options`` and the number of respondents who gave it,
        most frequent first. It is filled whether or not ``other`` is set.

    Raises
    ------
    CodebookError
        If ``options`` is empty or contains an empty or repeated option.
    ValueError
        If ``separator`` is empty.
    """
    _check_separator(separator)
    _check_options(options)
    by_length = sorted(options, key=len, reverse=True)

    text = values.astype("string").str.strip()
    answered = (text.notna() & text.ne("")).fillna(False).astype(bool)
    codes, cells = pd.factorize(text[answered])

    option_position = {option: position for position, option in enumerate(options)}
    cell_indicators = np.zeros((len(cells), len(options) + 1), dtype=bool)
    unknown_by_cell: list[list[str]] = []
    for cell_number, cell in enumerate(cells):
        matched, unknown = _split_cell(str(cell), by_length, separator)
        for option in matched:
            cell_indicators[cell_number, option_position[option]] = True
        cell_indicators[cell_number, -1] = bool(unknown)
        unknown_by_cell.append(unknown)

    rows = np.zeros((len(values), len(options) + 1), dtype=bool)
    rows[answered.to_numpy()] = cell_indicators[codes]
    column_names = list(options)
    if other:
        column_names.append(_other_column_name(options))
    else:
        rows = rows[:, :-1]
    indicators = pd.DataFrame(rows, index=values.index, columns=column_names)

    respondents_per_cell = np.bincount(codes, minlength=len(cells))
    unknown_counts: Counter[str] = Counter()
    for cell_number, parts in enumerate(unknown_by_cell):
        for part in dict.fromkeys(parts):
            unknown_counts[part] += int(respondents_per_cell[cell_number])
    return indicators, answered.rename(values.name), dict(unknown_counts.most_common())


def multiselect_separator(responses: Responses) -> str:
    """Return the separator of the checkbox answers in ``responses``.

    It is ``";"`` when the reader stored it in ``details`` (Microsoft Forms
    exports) and ``", "`` (Google Forms) otherwise. Files combined by
    ``read_exports`` keep ``";"`` only when every file uses it.
    """
    stored = responses.details.get(SEPARATOR_DETAIL, SEPARATOR)
    return stored if stored in (SEPARATOR, ";") else SEPARATOR


def _check_separator(separator: str) -> None:
    if not isinstance(separator, str) or separator == "":
        raise ValueError(f"separator must be non-empty text, not {separator!r}.")


def _check_options(options: list[str]) -> None:
    if not options:
        raise CodebookError(
            "the list of checkbox options is empty.",
            hint="List the options of the question as the form shows them.",
        )
    seen = set()
    for option in options:
        if not isinstance(option, str) or option.strip() == "":
            raise CodebookError(
                f"a checkbox option is empty or not text ({option!r}).",
                hint="Remove it from the list of options.",
                value=option,
            )
        if option in seen:
            raise CodebookError(
                f'the checkbox option "{option}" is listed twice.',
                hint="List each option once.",
                value=option,
            )
        seen.add(option)


def _other_column_name(options: list[str]) -> str:
    if OTHER_COLUMN in options:
        return f"{OTHER_COLUMN} (not listed)"
    return OTHER_COLUMN


def _option_at(
    cell: str, position: int, by_length: list[str], separator: str
) -> str | None:
    """Return the longest option that starts at ``position`` and ends at a separator."""
    for option in by_length:
        end = position + len(option)
        if cell.startswith(option, position) and (
            end == len(cell) or cell.startswith(separator, end)
        ):
            return option
    return None


def _next_option_start(
    cell: str, position: int, by_length: list[str], separator: str
) -> int:
    """Return the index of the next separator that an option follows, or the end."""
    found = cell.find(separator, position)
    while found != -1:
        following = found + len(separator)
        if following == len(cell):
            return found  # a trailing separator ends the last part
        if _option_at(cell, following, by_length, separator) is not None:
            return found
        found = cell.find(separator, found + 1)
    return len(cell)


def _split_cell(
    cell: str, by_length: list[str], separator: str = SEPARATOR
) -> tuple[list[str], list[str]]:
    """Split one cell into the options it contains and the unknown parts."""
    matched: list[str] = []
    unknown: list[str] = []
    position = 0
    while position < len(cell):
        option = _option_at(cell, position, by_length, separator)
        if option is not None:
            matched.append(option)
            end = position + len(option)
        else:
            end = _next_option_start(cell, position, by_length, separator)
            part = cell[position:end].strip()
            if part:
                unknown.append(part)
        position = end + len(separator)
    return matched, unknown


def infer_multiselect_options(
    values: pd.Series, *, separator: str = SEPARATOR
) -> list[str] | None:
    """Guess the options of a checkbox question from its answers alone.

    Returns the options in the order the form lists them, as far as the answers show
    it (Google Forms joins the chosen options in form order), or None when the column
    does not look like a checkbox question. ``separator`` is the text between two
    options, as in :func:`split_multiselect`.

    Notes
    -----
    The column counts as a checkbox question when at least two respondents chose two
    or more recurring options, at most 30 options recur, and recurring options make
    up at least 80 % of all parts. A part recurs when two or more respondents gave
    it. Parts given once are left out of the options, because most are "Other"
    answers; :func:`split_multiselect` reports them as unknown.

    An option that contains ", " is found only when some respondent chose it alone,
    at least two respondents chose it, and its pieces never appear apart.

    NOTE: an option chosen by one respondent only is missing from the result, and a
    rarely chosen pair of options that always appear together is taken for one
    option with a comma. Give the options explicitly for the final analysis.
    """
    _check_separator(separator)
    text = values.astype("string").str.strip()
    text = text[text.notna() & text.ne("")].astype(str)
    # Microsoft Forms ends each cell with the separator ("A;B;").
    text = text.str.removesuffix(separator).str.strip()
    if len(text) < 2:
        return None

    counts = text.value_counts(sort=False)
    cells = list(dict.fromkeys(text))  # first appearance order
    pieces = {cell: cell.split(separator) for cell in cells}
    singles = {cell for cell in cells if separator not in cell}

    comma_options = _find_comma_options(cells, pieces, counts, singles)
    candidates = singles | comma_options | {p for cell in cells for p in pieces[cell]}
    by_length = sorted(candidates, key=len, reverse=True)

    sequences = {cell: _split_cell(cell, by_length, separator)[0] for cell in cells}
    respondents: Counter[str] = Counter()
    for cell in cells:
        for option in dict.fromkeys(sequences[cell]):
            respondents[option] += int(counts[cell])

    recurring = {option for option, count in respondents.items() if count >= 2}
    if not _looks_like_checkboxes(cells, sequences, counts, respondents, recurring):
        return None
    return _form_order(cells, sequences, recurring)


def _find_comma_options(
    cells: list[str],
    pieces: dict[str, list[str]],
    counts: pd.Series,
    singles: set[str],
) -> set[str]:
    """Find whole-cell answers with ", " that are one option, not a combination."""
    found = set()
    for cell in cells:
        sequence = pieces[cell]
        if len(sequence) < 2:
            continue
        loose = [piece for piece in sequence if piece not in singles]
        if not loose:
            continue  # every piece was also chosen alone, so this is a combination

        holders = [other for other in cells if set(loose) & set(pieces[other])]
        if sum(int(counts[other]) for other in holders) < 2:
            continue
        if all(
            _pieces_stay_together(pieces[other], sequence, loose) for other in holders
        ):
            found.add(cell)
    return found


def _pieces_stay_together(
    pieces: list[str], sequence: list[str], loose: list[str]
) -> bool:
    """Check that every loose piece in ``pieces`` sits inside a copy of ``sequence``."""
    covered = np.zeros(len(pieces), dtype=bool)
    width = len(sequence)
    for start in range(len(pieces) - width + 1):
        if pieces[start : start + width] == sequence:
            covered[start : start + width] = True
    return all(covered[i] for i, piece in enumerate(pieces) if piece in loose)


def _looks_like_checkboxes(
    cells: list[str],
    sequences: dict[str, list[str]],
    counts: pd.Series,
    respondents: Counter[str],
    recurring: set[str],
) -> bool:
    multi_choice = sum(
        int(counts[cell])
        for cell in cells
        if sum(option in recurring for option in sequences[cell]) >= 2
    )
    if multi_choice < 2 or len(recurring) > _MAX_INFERRED_OPTIONS:
        return False

    parts_total = sum(respondents.values())
    parts_recurring = sum(respondents[option] for option in recurring)
    return parts_recurring / parts_total >= _MIN_RECURRING_SHARE


def _form_order(
    cells: list[str], sequences: dict[str, list[str]], options: set[str]
) -> list[str]:
    """Order options so that each comes after the options it follows in answers.

    The order is a topological sort of "a was written before b", with ties and
    contradictions settled by first appearance.
    """
    first_seen = list(
        dict.fromkeys(o for cell in cells for o in sequences[cell] if o in options)
    )
    before: dict[str, set[str]] = {option: set() for option in first_seen}
    for cell in cells:
        chosen = [option for option in sequences[cell] if option in options]
        for position, option in enumerate(chosen):
            before[option].update(chosen[:position])

    ordered: list[str] = []
    remaining = list(first_seen)
    while remaining:
        ready = [o for o in remaining if not (before[o] - set(ordered) - {o})]
        chosen = ready[0] if ready else remaining[0]
        ordered.append(chosen)
        remaining.remove(chosen)
    return ordered
