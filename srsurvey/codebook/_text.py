"""Normalisation of answer labels and column headers before they are compared."""

from __future__ import annotations

import difflib
import re

_SPACE = re.compile(r"\s+")
_TRAILING_PUNCTUATION = ".,;:!?…"


def collapse_spaces(text: str) -> str:
    """Trim ``text`` and replace each run of white space with one space."""
    return _SPACE.sub(" ", str(text)).strip()


def normalize_label(text: object) -> str:
    """Fold an answer label for comparison.

    Folds case, trims, collapses white space, reads ``ё`` as ``е`` and drops trailing
    punctuation, so ``"Скорее  согласен."`` and ``"скорее согласен"`` compare equal.
    """
    folded = collapse_spaces(str(text)).casefold().replace("ё", "е")
    return folded.rstrip(_TRAILING_PUNCTUATION).rstrip()


def close_matches(word: str, candidates: list[str], limit: int = 3) -> list[str]:
    """Return up to ``limit`` candidates that look like ``word`` (difflib ratio)."""
    by_folded = {normalize_label(candidate): candidate for candidate in candidates}
    found = difflib.get_close_matches(
        normalize_label(word), list(by_folded), n=limit, cutoff=0.6
    )
    return [by_folded[folded] for folded in found]


def did_you_mean(word: str, candidates: list[str]) -> str:
    """Return ``' Did you mean "x"?'`` for the closest candidate, or an empty string."""
    matches = close_matches(word, candidates, limit=1)
    return f' Did you mean "{matches[0]}"?' if matches else ""


def quoted_list(values: list[str]) -> str:
    """Join values as ``"a", "b", "c"`` for messages."""
    return ", ".join(f'"{value}"' for value in values)


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect_language(text: str) -> str:
    """Guess ``"kk"``, ``"ru"`` or ``"en"`` from the letters of a label.

    Kazakh Cyrillic has letters that Russian lacks (``ә ғ қ ң ө ұ ү һ і``); any other
    Cyrillic text counts as Russian and any other text as English.
    """
    if any(letter in _KAZAKH_LETTERS for letter in text):
        return "kk"
    if any("\u0400" <= letter <= "\u04ff" for letter in text):
        return "ru"
    return "en"
