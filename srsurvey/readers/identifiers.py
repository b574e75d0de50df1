"""Find columns with personal data: e-mail addresses, phone numbers, names."""

from __future__ import annotations

import re

import pandas as pd

from srsurvey.readers.model import Responses

__all__ = ["detect_identifier_columns"]

# Header phrases that mark personal data wherever they appear (en, ru, kk).
_IDENTIFIER_PHRASES = re.compile(
    r"""
    e-?mail | электронн\w*\s+почт | электрондық\s+пошта
    | \bфио\b | \bф\.\s?и\.\s?о\b | аты-жөн
    | \bfull\s?name\b | \bsurname\b | \blast\s?name\b | \bfirst\s?name\b
    | \bфамили | \bотчеств | \bтегі\b
    | \bphone\s+(?:number|no\b) | \bmobile\s+number | \bномер\w*\s+(?:\w+\s+)?телефон
    | \bтелефон\w*\s+нөмір | \bтел\.
    | \biin\b | \bиин\b | \bжсн\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words that mark personal data only in a short header made of them and filler
# words, such as "Ваше имя" or "Phone". "Имя вашего куратора" (the curator's name),
# "Name of your university" and "Сколько часов вы проводите в телефоне?" contain
# other words and are not flagged.
_IDENTIFIER_WORDS = frozenset(
    {
        "name", "имя", "аты", "атыңыз", "есім", "есіміңіз",
        "phone", "telephone", "mobile", "телефон", "почта", "пошта",
    }
)  # fmt: skip
_FILLER_WORDS = frozenset(
    {
        "your", "my", "and", "please", "enter", "student", "student's", "respondent",
        "contact", "number", "ваше", "ваш", "твоё", "твое", "и", "введите", "укажите",
        "напишите", "студента", "пожалуйста", "номер", "контактный", "мобильный",
        "сотовый", "сіздің", "сенің", "және", "жазыңыз", "студенттің", "толық",
        "байланыс", "нөмірі", "ұялы",
    }
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

_EMAIL_VALUE = r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$"
_PHONE_VALUE = r"^\+?[\d\s().\-]+$"
# A personal name: two or three words of letters, with inner hyphens or apostrophes.
_NAME_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_NAME_VALUE = rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}$"

# Share of non-empty values that must match a pattern. Values beyond the sample are
# not checked, which keeps the scan fast on large files.
_MIN_MATCH_SHARE = 0.8
_MIN_UNIQUE_NAME_SHARE = 0.8
_MIN_NAME_VALUES = 5
_VALUE_SAMPLE = 1_000


def detect_identifier_columns(responses: Responses) -> list[str]:
    """Return the columns that probably contain personal data, in table order.

    A column is flagged when its kind is ``"email"``, its header names e-mail,
    phone number, full name, surname or national id (IIN) in English, Russian or
    Kazakh, or its header is a short label such as ``Ваше имя`` or ``Телефон``. It
    is flagged too when most of its values are e-mail addresses or phone numbers,
    or when nearly all values differ and look like personal names
    (``Aigerim Nurlanova``).

    Notes
    -----
    "Most" is at least 80 % of the first 1,000 non-empty values. A phone number has
    10 to 15 digits, so a 10-digit student number is flagged as well. The name rule
    needs five values, of which 80 % match and 80 % are distinct, so answers that
    repeat (specialties, cities) are not taken for names.
    """
    flagged = []
    for name, source in responses.columns.items():
        if source.kind == "email" or _header_is_identifier(source.header):
            flagged.append(name)
            continue
        if source.kind in ("timestamp", "score"):
            continue
        if _values_are_identifiers(responses.data[name]):
            flagged.append(name)
    return flagged


def _header_is_identifier(header: str) -> bool:
    if _IDENTIFIER_PHRASES.search(header):
        return True
    words = [word.casefold() for word in _WORD.findall(header)]
    if not any(word in _IDENTIFIER_WORDS for word in words):
        return False
    return all(word in _IDENTIFIER_WORDS or word in _FILLER_WORDS for word in words)


def _values_are_identifiers(values: pd.Series) -> bool:
    if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
        return False
    present = values.dropna().astype("string").str.strip()
    present = present[present.ne("")].head(_VALUE_SAMPLE)
    if present.empty:
        return False

    if present.str.fullmatch(_EMAIL_VALUE).mean() >= _MIN_MATCH_SHARE:
        return True

    digits = present.str.count(r"\d")
    phones = present.str.fullmatch(_PHONE_VALUE) & digits.between(10, 15)
    if phones.mean() >= _MIN_MATCH_SHARE:
        return True

    if len(present) < _MIN_NAME_VALUES:
        return False
    names = present.str.fullmatch(_NAME_VALUE) & _all_words_capitalised(present)
    unique_share = present.nunique() / len(present)
    return names.mean() >= _MIN_MATCH_SHARE and unique_share >= _MIN_UNIQUE_NAME_SHARE


def _all_words_capitalised(values: pd.Series) -> pd.Series:
    words = values.str.split()
    return words.map(lambda parts: all(part[:1].isupper() for part in parts))


# E-mail addresses and phone numbers typed inside an answer, such as "write me at
# name@example.com" in an open question. A phone number is 10 to 15 digits with
# optional separators, as in "+7 700 000 00 01".
_EMAIL_IN_TEXT = re.compile(r"[^\s@<>()\"']+@[^\s@<>()]+\.[^\s@<>().,;:!?\"']{2,}")
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+|\b)\d(?:[\s().\-]{0,2}\d){9,14}\b")


def mask_contacts(text: str) -> str:
    """Replace e-mail addresses and phone numbers inside ``text`` with placeholders.

    Used on answer texts that reach a report, because respondents type contact
    details into open questions.
    """
    masked = _EMAIL_IN_TEXT.sub("[e-mail]", text)
    return _PHONE_IN_TEXT.sub("[phone]", masked)
