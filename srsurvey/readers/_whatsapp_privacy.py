"""Pseudonymise chat senders with a keyed hash and mask personal data in message text.

A sender's code is ``P-`` and the first six hex digits of HMAC-SHA256(secret, name),
where ``name`` is the display name folded as :func:`sender_key` describes. The same
secret gives the same code in every chat and wave, and without the secret a code
cannot be traced back to a name by hashing a list of candidate names.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import warnings
from pathlib import Path

from srsurvey.errors import DataFileError, SurveyWarning

__all__ = [
    "MIN_PREFIX_STEM",
    "SECRET_FILE_NAME",
    "TextMasker",
    "load_or_create_secret",
    "name_stem",
    "pseudonym",
    "sender_key",
]

SECRET_FILE_NAME = ".srsurvey-secret"
CODE_HEX_DIGITS = 6
_SECRET_BYTES = 32

# Phone numbers: +7 700 000 00 01, 8 (700) 000-00-01, +44 20 7946 0958. Ten to
# fifteen digits with spaces, dots, dashes or brackets between them.
_PHONE = re.compile(r"(?<![\w+])(?:\+|\b)\d(?:[\s().\-]{0,2}\d){9,14}\b")
_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>().,;:!?]{2,}")
_MENTION = re.compile(r"@[\w+\u2068\u2069~][\w\u2068\u2069 .~-]{0,40}?(?=[\s,.;:!?]|$)")
_SPACES = re.compile(r"\s+")
_NAME_PART = re.compile(r"[^\W\d_]{3,}")


def sender_key(name: str) -> str:
    """Fold a display name so that spellings of one sender hash alike.

    The ``~`` that WhatsApp puts before names of people outside the address book,
    direction marks, case and repeated spaces are dropped. A phone number keeps
    only its digits and a leading ``+``, so ``+7 700 000 00 01`` and
    ``+77000000001`` are one sender.
    """
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", name)
    text = _SPACES.sub(" ", text).strip().lstrip("~").strip()
    if re.fullmatch(r"\+?[\d\s().\-]+", text) and sum(c.isdigit() for c in text) >= 7:
        return ("+" if text.startswith("+") else "") + re.sub(r"\D", "", text)
    return text.casefold()


def pseudonym(name: str, secret: bytes, digits: int = CODE_HEX_DIGITS) -> str:
    """Return the code of sender ``name``, such as ``P-3F9A1C``."""
    digest = hmac.new(secret, sender_key(name).encode("utf-8"), hashlib.sha256)
    return "P-" + digest.hexdigest()[:digits].upper()


def load_or_create_secret(path: str | Path) -> bytes:
    """Read the secret key from ``path``, creating it (mode 0600) if it is missing.

    Raises
    ------
    DataFileError
        If the file exists but is empty, is not text of hex digits, or cannot be
        read or created.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    except OSError as err:
        raise DataFileError(
            f"the secret key file could not be created: {err.strerror or err}.",
            hint="Check that the folder is writable, or pass --secret-file PATH.",
            file=str(path),
        ) from err
    key = secrets.token_hex(_SECRET_BYTES)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return bytes.fromhex(key)


def _read_secret(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError(
            f"the secret key file could not be read: {err}.",
            hint="Restore the file from a backup; a new key would give every "
            "student a new code.",
            file=str(path),
        ) from err
    if len(text) < 32 or not re.fullmatch(r"[0-9a-fA-F]+", text) or len(text) % 2:
        raise DataFileError(
            "the secret key file does not contain a key of at least 32 hex digits.",
            hint="Restore the file from a backup, or delete it to create a new key "
            "(every student then gets a new code).",
            file=str(path),
        )
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(
            f"{path}: the secret key file can be read by other users (mode "
            f"{stat.S_IMODE(mode):o}). Run chmod 600 on it.",
            SurveyWarning,
            stacklevel=3,
        )
    return bytes.fromhex(text)


# Final letters dropped from a folded name part to get its stem: the Russian and
# English vowels (Kazakh vowels fold to Russian ones), й and ь. Case endings
# replace or follow them (Серикова -> Сериковой, Дарья -> Дарьей).
_FINAL_LETTERS = frozenset("аеиоуыэюяйьaeiouy")
# A stem of this many letters matches every word that starts with it.
MIN_PREFIX_STEM = 4
# Russian case endings that follow a stem shorter than MIN_PREFIX_STEM: Дана ->
# Даны, Дане, Дану, Даной; Илья -> Ильи, Илье, Илью, Ильей.
_RUSSIAN_ENDINGS = (
    "а", "я", "ы", "и", "е", "у", "ю", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им",
)  # fmt: skip
# Kazakh case and plural suffixes in every vowel-harmony and assimilation variant,
# added to a whole name part shorter than MIN_PREFIX_STEM: Дана -> Данаға, Дананың.
_KAZAKH_SUFFIXES = (
    "ға", "ге", "қа", "ке", "а", "е", "на", "не",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
    "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен",
    "лар", "лер", "дар", "дер", "тар", "тер",
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
# Kazakh letters and ё read as the Russian letters that replace them when a phone
# has no Kazakh keyboard, so Нұрланға matches Нурлан and Айгерім matches Айгерим.
_LOOK_ALIKES = str.maketrans("ёәіңғқүұөһ", "еаингкууох")


def _fold(text: str) -> str:
    return text.casefold().translate(_LOOK_ALIKES)


def name_stem(part: str) -> str:
    """Return the stem of a name part: folded, without one final vowel, й or ь."""
    folded = _fold(part)
    if folded and folded[-1] in _FINAL_LETTERS:
        return folded[:-1]
    return folded


class TextMasker:
    """Replace known names, phone numbers, e-mail addresses and @mentions in text.

    ``names`` maps each display name to its code. The whole name is replaced where
    it occurs as written, and then every word of the text whose form belongs to a
    word of three or more letters of a name (a name part). Words are compared
    ignoring case, with ``ё`` read as ``е`` and the Kazakh letters ``әіңғқүұөһ``
    as ``аингкууох``. Neighbouring words with the same code become one code,
    so ``Айгерим Сериковой`` becomes a single code.

    A word belongs to a name part when it is the part itself, or when it starts
    with the part's stem (the part without one final vowel, й or ь) and that stem
    has at least :data:`MIN_PREFIX_STEM` letters. So Серикова masks Сериковой,
    Сериковым and Серикову, Нурлан masks Нурлана, Нурлану and Нурланның, and
    Айгерим masks Айгеримге. A shorter stem matches only a closed list of
    endings: the Russian case endings (Дана gives Даны, Дане, Дану, Даной) after
    a stem of three letters, and the Kazakh case and plural suffixes after the
    whole part (Данаға, Дананың, Алиға).

    Limits: an ordinary word that starts with a long stem is masked too (Максим
    masks ``максимум``, Виктор masks ``викторина``). A form of a short name that
    changes its stem (Пётр -> Петра) or takes an ending outside the lists is not
    masked, and a name of three letters whose stem has two (Ася, Ада) gets no
    Russian endings, so Асю and Аде stay. A name is only known when it is a
    sender or appears in a group event this module recognises.
    """

    def __init__(self, names: dict[str, str]) -> None:
        replacements: dict[str, str] = {}
        forms: dict[str, str] = {}
        stems: dict[str, str] = {}
        for name, code in names.items():
            clean = _SPACES.sub(" ", name).strip().lstrip("~").strip()
            if clean:
                replacements.setdefault(clean.casefold(), code)
            for part in _NAME_PART.findall(clean):
                replacements.setdefault(part.casefold(), code)
                self._add_part(part, code, forms, stems)
        self._codes = replacements
        self._forms = forms
        self._stems = stems
        self._longest_stem = max((len(stem) for stem in stems), default=0)
        if replacements:
            alternatives = sorted(replacements, key=len, reverse=True)
            self._names = re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(a) for a in alternatives)
                + r")(?!\w)",
                re.IGNORECASE,
            )
            codes = "|".join(
                re.escape(c)
                for c in sorted(set(replacements.values()), key=len, reverse=True)
            )
            # Codes are kept out of the word pass, because a code such as
            # P-3ADA12 contains letters that could spell a name (Ada).
            self._code_split = re.compile(rf"((?<!\w)(?:{codes})(?!\w))")
            self._repeats = re.compile(rf"(?<!\w)({codes})(?:[ \u00a0]+\1)+(?!\w)")
        else:
            self._names = None

    @staticmethod
    def _add_part(
        part: str, code: str, forms: dict[str, str], stems: dict[str, str]
    ) -> None:
        folded = _fold(part)
        stem = name_stem(part)
        forms.setdefault(folded, code)
        if len(stem) >= MIN_PREFIX_STEM:
            stems.setdefault(stem, code)
            return
        if len(stem) >= 3:
            for ending in _RUSSIAN_ENDINGS:
                forms.setdefault(stem + ending, code)
        for suffix in _KAZAKH_SUFFIXES:
            forms.setdefault(folded + _fold(suffix), code)

    def _code_of_word(self, word: str) -> str | None:
        folded = _fold(word)
        code = self._forms.get(folded)
        if code is not None:
            return code
        # The longest matching stem wins, so Нурланова is the code of a sender
        # Нурланова rather than of a sender Нурлан.
        for length in range(min(len(folded), self._longest_stem), 3, -1):
            code = self._stems.get(folded[:length])
            if code is not None:
                return code
        return None

    def _mask_word(self, match: re.Match[str]) -> str:
        code = self._code_of_word(match.group(0))
        return match.group(0) if code is None else code

    def mask(self, text: str) -> str:
        """Return ``text`` with personal data replaced by codes and placeholders."""
        text = _EMAIL.sub("[e-mail]", text)
        text = _PHONE.sub("[phone]", text)
        text = _MENTION.sub("@[mention]", text)
        if self._names is not None:
            text = self._names.sub(lambda m: self._codes[m.group(0).casefold()], text)
            pieces = self._code_split.split(text)
            # split() with one group puts the codes at the odd positions.
            pieces[::2] = [_WORD.sub(self._mask_word, piece) for piece in pieces[::2]]
            text = self._repeats.sub(r"\1", "".join(pieces))
        return text
