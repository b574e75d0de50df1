"""Tell system, media, deleted and poll messages from text in English, Russian, Kazakh.

Sources of the strings: ``<Media omitted>``, ``<Без медиафайлов>`` and the encryption
notices ``Messages and calls are end-to-end encrypted`` and ``Сообщения и звонки
защищены сквозным шифрованием`` appear in a public comparison of real English, Czech
and Russian Android exports, which also shows the English notice reworded between
2022 and 2026. ``image omitted`` (iOS), ``This message was deleted`` and ``Данное
сообщение удалено`` appear in the placeholder lists of several public WhatsApp
export parsers on GitHub, and ``изображение отсутствует``, ``видео отсутствует``,
``аудиофайл отсутствует`` and ``<сообщение изменено>`` in one of them. Russian
Android exports also write ``Это сообщение удалено``, ``создал(а) группу «...»`` and
``добавил(а) +7 ...``, so every Russian verb accepts ``(а)``, ``(-а)`` and the plain
masculine and feminine forms.

NOTE: the Kazakh strings (``<Медиафайлсыз>``, ``Бұл хабар жойылды``, the Kazakh
encryption notice and group events) and the Russian and Kazakh poll keywords were
not found in any real export. They follow the WhatsApp wording pattern and may
differ from what a Kazakh phone writes. An unrecognised placeholder is read as text.
"""

from __future__ import annotations

import re

__all__ = [
    "EDITED_MARKERS",
    "SYSTEM_EVENTS",
    "classify",
    "is_whole_event",
    "parse_poll",
    "strip_edited",
    "system_event",
]

_MEDIA = [
    r"<media omitted>",
    r"<без медиафайлов>",
    r"<медиафайлсыз>",
    r"(?:image|video|audio|sticker|gif|document|contact card) omitted",
    r"<attached: [^>]+>",
    r".+ \(file attached\)",
    r".+ \(файл добавлен\)",
    r"(?:изображение|видео|аудиофайл|стикер|gif|документ) отсутствует",
    r"<(?:image|video|audio|sticker|gif|document|vcard|contact)[^>]*omitted>",
]
_MEDIA_PATTERN = re.compile(
    r"^(?:" + "|".join(_MEDIA) + r")$", re.IGNORECASE | re.DOTALL
)

_DELETED = [
    r"this message was deleted",
    r"you deleted this message",
    r"(?:данное|это) сообщение удалено",
    r"вы удалили (?:это|данное) сообщение",
    r"бұл хабар(?:лама)? жойылды",
    r"сіз бұл хабар(?:ламаны|ды) жойдыңыз",
]
_DELETED_PATTERN = re.compile(r"^(?:" + "|".join(_DELETED) + r")\.?$", re.IGNORECASE)

EDITED_MARKERS = ("<This message was edited>", "<Сообщение изменено>", "<Өңделді>")
_EDITED_PATTERN = re.compile(
    r"\s*(?:" + "|".join(re.escape(m) for m in EDITED_MARKERS) + r")\s*$", re.IGNORECASE
)


def _ru_verb(masculine: str, feminine: str | None = None) -> str:
    """Match a Russian past-tense verb as WhatsApp writes it for either gender.

    ``_ru_verb("создал")`` matches ``создал``, ``создала``, ``создал(а)`` and
    ``создал(-а)``. ``feminine`` gives an irregular feminine form (``вышла``).
    """
    feminine = feminine or masculine + "а"
    return rf"(?:{re.escape(masculine)}(?:\(-?а\))?|{re.escape(feminine)})"


# Group events. Each pattern names the people it mentions as ``actor`` and
# ``target``, so the pseudonymiser can replace them with codes.
SYSTEM_EVENTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "encryption",
        re.compile(
            r"^(?:messages and calls are (?:now )?end-to-end encrypted"
            r"|сообщения и звонки (?:теперь )?защищены сквозным шифрованием"
            r"|хабарлар мен қоңыраулар .*шифрлау.*)",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (
        "created",
        re.compile(
            r"^(?P<actor>.+?) (?:created group|created this group"
            rf"|{_ru_verb('создал')} группу|топ құрды|топты құрды)"
            r'(?: [«"“](?P<group>.*)[»"”])?\.?$',
            re.IGNORECASE,
        ),
    ),
    (
        "added",
        re.compile(
            rf"^(?P<actor>.+?) (?:added|{_ru_verb('добавил')}|қосты:?) "
            r"(?P<target>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "removed",
        re.compile(
            rf"^(?P<actor>.+?) (?:removed|{_ru_verb('удалил')}|шығарып тастады:?) "
            r"(?P<target>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "left",
        re.compile(
            rf"^(?P<actor>.+?) (?:left|{_ru_verb('вышел', 'вышла')}|шықты)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "joined",
        re.compile(
            r"^(?P<actor>.+?) (?:joined using this group's invite link"
            r"|присоединил(?:ся|ась|ся\(-?ась\)) по ссылке-приглашению в группу"
            r"|шақыру сілтемесі арқылы қосылды)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "changed",
        re.compile(
            r"^(?P<actor>.+?) (?:changed (?:the )?(?:subject|group description"
            r"|this group's icon|the group description)"
            rf"|{_ru_verb('изменил')} (?:тему|описание группы|фото группы)"
            rf"|changed their phone number|{_ru_verb('сменил')} номер)",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (
        "admin",
        re.compile(r"^(?:you're now an admin|теперь вы администратор)", re.IGNORECASE),
    ),
    (
        "disappearing",
        re.compile(
            r"^(?P<actor>.+?) (?:turned (?:on|off) disappearing messages"
            rf"|(?:{_ru_verb('включил')}|{_ru_verb('отключил')}) исчезающие сообщения)",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
]

_POLL_START = re.compile(
    r"^(?:POLL|ОПРОС|САУАЛНАМА):[ \t]*(?P<question>.*)$", re.IGNORECASE
)
_POLL_OPTION = re.compile(
    r"^(?:OPTION|ВАРИАНТ|НҰСҚА):[ \t]*(?P<option>.*?)"
    r"(?:[ \t]*\((?P<votes>\d+)[ \t]*[^\d()]*\))?[ \t]*$",
    re.IGNORECASE,
)


def system_event(text: str) -> tuple[str, re.Match[str]] | None:
    """Return the event name and match of a group event, or None for other text."""
    for name, pattern in SYSTEM_EVENTS:
        match = pattern.match(text)
        if match is not None:
            return name, match
    return None


def is_whole_event(text: str) -> bool:
    """Return whether the whole text after a message header is a group event.

    An event whose actor contains a colon does not count, so ``Name: X added Y``
    stays a message of ``Name``, while in ``X changed the subject to "A: b"`` the
    colon is part of the event.
    """
    event = system_event(text)
    if event is None:
        return False
    actor = event[1].groupdict().get("actor")
    return actor is None or ":" not in actor


def strip_edited(text: str) -> tuple[str, bool]:
    """Remove a trailing "message was edited" marker and return whether it was there."""
    stripped = _EDITED_PATTERN.sub("", text)
    return stripped, stripped != text


def classify(sender: str | None, text: str, *, ios: bool = False) -> str:
    """Return the kind of a message: text, system, media, deleted or poll.

    A message without a sender is a system message. iOS writes group events with
    the group name as the sender (``[date, time] Group: X added Y``), so with
    ``ios`` a message whose text is a known group event is a system message too.
    The encryption notice is a system message in every format.
    """
    if sender is None:
        return "system"
    if _MEDIA_PATTERN.match(text):
        return "media"
    if _DELETED_PATTERN.match(text):
        return "deleted"
    if parse_poll(text) is not None:
        return "poll"
    event = system_event(text)
    if event is not None and (ios or event[0] == "encryption"):
        # NOTE: an iOS message typed by a person that reads like an event, such
        # as "Emma added the file", is taken for a system message too.
        return "system"
    return "text"


def parse_poll(text: str) -> tuple[str, list[tuple[str, int | None]]] | None:
    """Parse a poll message into its question and (option, votes) pairs.

    Android writes ``POLL:`` with the question on the same line or the next one,
    then one ``OPTION: Telegram (12 votes)`` line per option. An option without a
    count gets None. Returns None when the text is not a poll or has no option.
    """
    lines = [line.strip() for line in text.split("\n")]
    start = _POLL_START.match(lines[0]) if lines else None
    if start is None:
        return None
    question = start.group("question").strip()
    options: list[tuple[str, int | None]] = []
    for line in lines[1:]:
        if not line:
            continue
        option = _POLL_OPTION.match(line)
        if option is None:
            if options:
                return None
            question = f"{question} {line}".strip()
            continue
        votes = option.group("votes")
        options.append((option.group("option"), int(votes) if votes else None))
    if not question or not options:
        return None
    return question, options
