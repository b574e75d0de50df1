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
    "SECRET_FILE_NAME",
    "TextMasker",
    "load_or_create_secret",
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


class TextMasker:
    """Replace known names, phone numbers, e-mail addresses and @mentions in text.

    ``names`` maps each display name to its code. A full name and each word of it
    with three or more letters are replaced, as whole words, ignoring case.
    """

    def __init__(self, names: dict[str, str]) -> None:
        replacements: dict[str, str] = {}
        for name, code in names.items():
            clean = _SPACES.sub(" ", name).strip().lstrip("~").strip()
            if clean:
                replacements.setdefault(clean.casefold(), code)
            for part in _NAME_PART.findall(clean):
                replacements.setdefault(part.casefold(), code)
        self._codes = replacements
        if replacements:
            alternatives = sorted(replacements, key=len, reverse=True)
            self._names = re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(a) for a in alternatives)
                + r")(?!\w)",
                re.IGNORECASE,
            )
        else:
            self._names = None

    def mask(self, text: str) -> str:
        """Return ``text`` with personal data replaced by codes and placeholders."""
        text = _EMAIL.sub("[e-mail]", text)
        text = _PHONE.sub("[phone]", text)
        text = _MENTION.sub("@[mention]", text)
        if self._names is not None:
            text = self._names.sub(lambda m: self._codes[m.group(0).casefold()], text)
        return text
