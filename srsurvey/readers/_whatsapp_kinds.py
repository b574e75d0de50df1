"""Tell system, media, deleted and poll messages from text in English, Russian, Kazakh.

Sources of the strings: ``<Media omitted>``, ``<Без медиафайлов>`` and the encryption
notices ``Messages and calls are end-to-end encrypted`` and ``Сообщения и звонки
защищены сквозным шифрованием`` appear in a public comparison of real English, Czech
and Russian Android exports, which also shows the English notice reworded between
2022 and 2026. ``image omitted`` (iOS), ``This message was deleted`` and ``Данное
сообщение удалено`` appear in the placeholder lists of several public WhatsApp
export parsers on GitHub, and ``изображение отсутствует``, ``видео отсутствует``,
``аудиофайл отсутствует`` and ``<сообщение изменено>`` in one of them.

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
    "is_system_text",
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
    r"данное сообщение удалено",
    r"вы удалили (?:это|данное) сообщение",
    r"бұл хабар(?:лама)? жойылды",
    r"сіз бұл хабар(?:ламаны|ды) жойдыңыз",
]
_DELETED_PATTERN = re.compile(r"^(?:" + "|".join(_DELETED) + r")\.?$", re.IGNORECASE)

EDITED_MARKERS = ("<This message was edited>", "<Сообщение изменено>", "<Өңделді>")
_EDITED_PATTERN = re.compile(
    r"\s*(?:" + "|".join(re.escape(m) for m in EDITED_MARKERS) + r")\s*$", re.IGNORECASE
)

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
            r"^(?P<actor>.+?) (?:created group|created this group|создал\(-а\) "
            r"группу|создал группу|создала группу|топ құрды|топты құрды)"
            r'(?: [«"“](?P<group>.*)[»"”])?\.?$',
            re.IGNORECASE,
        ),
    ),
    (
        "added",
        re.compile(
            r"^(?P<actor>.+?) (?:added|добавил\(-а\)|добавил|добавила|қосты:?) "
            r"(?P<target>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "removed",
        re.compile(
            r"^(?P<actor>.+?) (?:removed|удалил\(-а\)|удалил|удалила|шығарып тастады:?) "
            r"(?P<target>.+?)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "left",
        re.compile(
            r"^(?P<actor>.+?) (?:left|вышел\(-а\)|вышел|вышла|шықты)\.?$", re.IGNORECASE
        ),
    ),
    (
        "joined",
        re.compile(
            r"^(?P<actor>.+?) (?:joined using this group's invite link"
            r"|присоединился\(-ась\) по ссылке-приглашению в группу"
            r"|шақыру сілтемесі арқылы қосылды)\.?$",
            re.IGNORECASE,
        ),
    ),
    (
        "changed",
        re.compile(
            r"^(?P<actor>.+?) (?:changed (?:the )?(?:subject|group description"
            r"|this group's icon|the group description)"
            r"|изменил\(-а\) (?:тему|описание группы|фото группы)"
            r"|changed their phone number|сменил\(-а\) номер)",
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
            r"|включил\(-а\) исчезающие сообщения|отключил\(-а\) исчезающие сообщения)",
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


def is_system_text(text: str) -> bool:
    """Return whether ``text`` after a header without ``Name:`` is a group event."""
    return system_event(text) is not None


def strip_edited(text: str) -> tuple[str, bool]:
    """Remove a trailing "message was edited" marker and return whether it was there."""
    stripped = _EDITED_PATTERN.sub("", text)
    return stripped, stripped != text


def classify(sender: str | None, text: str) -> str:
    """Return the kind of a message: text, system, media, deleted or poll."""
    if sender is None:
        return "system"
    if _MEDIA_PATTERN.match(text):
        return "media"
    if _DELETED_PATTERN.match(text):
        return "deleted"
    if parse_poll(text) is not None:
        return "poll"
    if system_event(text) is not None and system_event(text)[0] == "encryption":
        # iOS writes the encryption notice with the group name as its sender.
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
