"""Read WhatsApp chat exports: messages, polls and answers typed into the chat.

:func:`read_chat` reads one export (the ``.txt`` file or the ``.zip`` that WhatsApp
creates) into a :class:`Chat`. :func:`poll_table` and :func:`combined_polls` count
poll votes, and :func:`typed_responses` turns replies such as ``1-4, 2-5, 3-3`` into
a :class:`~srsurvey.readers.model.Responses` table that scoring accepts like a form
export. :func:`pseudonymize_chats` replaces names and phone numbers with codes.

Times are the phone's local clock as the export prints it, without a time zone.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import pandas as pd

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.readers._whatsapp_kinds import (
    classify,
    is_whole_event,
    parse_poll,
    strip_edited,
    system_event,
)
from srsurvey.readers._whatsapp_lines import DIRECTION_MARKS, split_messages
from srsurvey.readers._whatsapp_privacy import TextMasker, pseudonym, sender_key
from srsurvey.readers._whatsapp_replies import (
    REPLY_FORMATS,
    ReplySpec,
    load_reply_spec,
    typed_responses,
)

__all__ = [
    "MESSAGE_COLUMNS",
    "REPLY_FORMATS",
    "Chat",
    "ReplySpec",
    "combined_polls",
    "load_reply_spec",
    "poll_table",
    "pseudonymize_chats",
    "read_chat",
    "read_chats",
    "typed_responses",
]

MESSAGE_COLUMNS = ["chat", "line", "time", "sender", "kind", "text", "edited"]
POLL_COLUMNS = ["chat", "line", "time", "sender", "poll", "option", "votes"]

# A chat export is text; anything larger than this in a zip is rejected before it is
# decompressed, so a crafted archive cannot exhaust memory.
MAX_CHAT_BYTES = 200 * 1024 * 1024

_CHAT_TITLE = re.compile(
    r"^(?:WhatsApp Chat with |WhatsApp Chat - |Чат WhatsApp с (?:контактом )?"
    r"|WhatsApp чаты: )",
    re.IGNORECASE,
)


@dataclass
class Chat:
    """One chat export.

    Attributes
    ----------
    name
        The chat's label: the file name without ``WhatsApp Chat with`` and the
        extension (``11A`` for ``WhatsApp Chat with 11A.zip``).
    file
        The file name of the export, for messages.
    messages
        One row per message with the columns of :data:`MESSAGE_COLUMNS`. ``line``
        is the line of the message's header in the ``.txt`` file. ``sender`` is
        ``pd.NA`` for every system message, so the group name that iOS writes in
        the sender's place is dropped. ``kind`` is one
        of ``text``, ``system``, ``media``, ``deleted`` and ``poll``, and
        ``edited`` is True when WhatsApp marked the message as edited (the marker
        is removed from ``text``).
    polls
        One row per poll option: chat, line, time, sender, poll (the question),
        option and votes (``pd.NA`` when the export gives no count).
    details
        ``format`` (Android or iOS), ``date_order`` (dmy, mdy or ymd), ``clock``
        and, for a zip, ``member`` (the .txt read from it).
    """

    name: str
    file: str
    messages: pd.DataFrame
    polls: pd.DataFrame
    details: dict[str, str] = field(default_factory=dict)


def read_chat(path: str | Path, *, date_order: str | None = None) -> Chat:
    """Read one WhatsApp export, a ``.txt`` file or the ``.zip`` around it.

    Parameters
    ----------
    path
        The export. A zip is read in memory and nothing is extracted: the chat is
        its one ``.txt`` member outside ``__MACOSX/``, preferring ``_chat.txt``
        (iOS) or a name starting with ``WhatsApp Chat`` when there are several.
    date_order
        ``dmy``, ``mdy`` or ``ymd``. None infers it from every date in the file
        and warns (:class:`~srsurvey.errors.SurveyWarning`) when the file cannot
        tell day-first from month-first.

    Returns
    -------
    Chat

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, is not UTF-8, is a broken zip or a
        zip without a chat, or contains no WhatsApp message header. Also if the
        dates fit no day/month order or a header has an impossible date or time.

    Notes
    -----
    Every line that starts with a full message header (``28.02.2024, 22:12 - ``
    on Android, ``[28.02.2024, 22:12:03] `` on iOS) starts a new message. A header
    without a ``Name:`` part, such as ``28.02.2024, 22:12 - Айгерим Серикова
    создал(а) группу «Курс 3»``, gives a system message. A line that starts with
    only a date (``12.03.2024 - exam``) stays part of the message above, but a
    line of a multi-line message that happens to start with a full header
    becomes a system message of its own.
    """
    path = Path(path)
    file = path.name
    raw, member = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataFileError(
            f"the chat is not UTF-8 text (byte {err.start} cannot be decoded).",
            hint="Pass the file exactly as WhatsApp exported it; WhatsApp writes "
            "UTF-8, so the file was probably saved again in another encoding.",
            file=file,
        ) from err
    text = text.replace("\x00", "")

    raw_messages, details = split_messages(
        text, file, date_order=date_order, is_event=is_whole_event
    )
    if member is not None:
        details["member"] = member
    name = _chat_name(path)
    messages, polls = _build_tables(name, raw_messages, ios=details["format"] == "iOS")
    return Chat(name=name, file=file, messages=messages, polls=polls, details=details)


def read_chats(
    paths: Sequence[str | Path], *, date_order: str | None = None
) -> list[Chat]:
    """Read several exports with :func:`read_chat`, keeping their order.

    Two files with the same chat name get `` (2)``, `` (3)`` suffixes, so every
    chat keeps its own rows in :func:`poll_table`.
    """
    chats = []
    seen: dict[str, int] = {}
    for path in paths:
        chat = read_chat(path, date_order=date_order)
        count = seen.get(chat.name, 0) + 1
        seen[chat.name] = count
        if count > 1:
            chat = _renamed(chat, f"{chat.name} ({count})")
        chats.append(chat)
    return chats


def _renamed(chat: Chat, name: str) -> Chat:
    messages = chat.messages.assign(chat=name)
    polls = chat.polls.assign(chat=name)
    return replace(chat, name=name, messages=messages, polls=polls)


def _read_bytes(path: Path) -> tuple[bytes, str | None]:
    file = path.name
    if not path.is_file():
        raise DataFileError(
            "file not found." if not path.exists() else "is not a file.",
            hint="Check the path of the chat export.",
            file=str(path),
        )
    try:
        if zipfile.is_zipfile(path):
            return _read_zip(path)
        return path.read_bytes(), None
    except OSError as err:
        raise DataFileError(
            f"the file could not be read: {err.strerror or err}.",
            hint="Check the file's permissions.",
            file=file,
        ) from err


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or parts[:1] == ("__MACOSX",)
        or any(part.startswith("._") for part in parts)
    )


def _read_zip(path: Path) -> tuple[bytes, str]:
    file = path.name
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        raise DataFileError(
            f"the zip file is damaged: {err}.",
            hint="Export the chat again, or unzip it and pass the .txt file.",
            file=file,
        ) from err
    with archive:
        texts = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and info.filename.lower().endswith(".txt")
            and _safe_member(info.filename)
        ]
        unsafe = [
            info.filename
            for info in archive.infolist()
            if info.filename.lower().endswith(".txt")
            and not _safe_member(info.filename)
            and not info.filename.startswith("__MACOSX/")
        ]
        if unsafe:
            warnings.warn(
                f"{file}: the zip member {unsafe[0]!r} points outside the archive "
                "and was ignored.",
                SurveyWarning,
                stacklevel=4,
            )
        if len(texts) > 1:
            preferred = [
                info
                for info in texts
                if PurePosixPath(info.filename).name == "_chat.txt"
                or PurePosixPath(info.filename).name.startswith("WhatsApp Chat")
            ]
            texts = preferred or texts
        if len(texts) != 1:
            found = "no .txt file" if not texts else f"{len(texts)} .txt files"
            raise DataFileError(
                f"the zip file contains {found} that could be the chat.",
                hint="Pass the zip that WhatsApp's Export chat created, or unzip it "
                "and pass the chat's .txt file.",
                file=file,
                value=", ".join(info.filename for info in texts) or None,
            )
        info = texts[0]
        if info.file_size > MAX_CHAT_BYTES:
            raise DataFileError(
                f"the chat {info.filename!r} in the zip is {info.file_size} bytes, "
                f"more than the {MAX_CHAT_BYTES} bytes a chat export can have.",
                hint="Check that this is a WhatsApp export.",
                file=file,
            )
        try:
            with archive.open(info) as member:
                data = member.read(MAX_CHAT_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as err:
            raise DataFileError(
                f"the chat {info.filename!r} in the zip cannot be read: {err}.",
                hint="Unzip it with another tool (it may be encrypted or use an "
                "unsupported compression) and pass the .txt file.",
                file=file,
            ) from err
    if len(data) > MAX_CHAT_BYTES:
        raise DataFileError(
            f"the chat {info.filename!r} in the zip is larger than "
            f"{MAX_CHAT_BYTES} bytes.",
            hint="Check that this is a WhatsApp export.",
            file=file,
        )
    return data, info.filename


def _chat_name(path: Path) -> str:
    name = _CHAT_TITLE.sub("", path.stem).strip()
    return name or path.stem


def _build_tables(
    name: str, raw_messages, *, ios: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    poll_rows = []
    for message in raw_messages:
        text = DIRECTION_MARKS.sub("", message.text).strip()
        text, edited = strip_edited(text)
        kind = classify(message.sender, text, ios=ios)
        # iOS writes the group name as the sender of a system message. It names
        # no person, so it is dropped like the missing sender of Android.
        sender = None if kind == "system" else message.sender
        rows.append((name, message.line, message.time, sender, kind, text, edited))
        if kind == "poll":
            question, options = parse_poll(text)
            for option, votes in options:
                poll_rows.append(
                    (
                        name,
                        message.line,
                        message.time,
                        message.sender,
                        question,
                        option,
                        votes,
                    )
                )
    messages = pd.DataFrame(rows, columns=MESSAGE_COLUMNS)
    messages["time"] = pd.to_datetime(messages["time"])
    messages["line"] = messages["line"].astype("int64")
    for column in ("chat", "sender", "kind", "text"):
        messages[column] = messages[column].astype("string")
    messages["edited"] = messages["edited"].astype(bool)

    polls = pd.DataFrame(poll_rows, columns=POLL_COLUMNS)
    polls["time"] = pd.to_datetime(polls["time"])
    polls["line"] = polls["line"].astype("int64")
    for column in ("chat", "sender", "poll", "option"):
        polls[column] = polls[column].astype("string")
    polls["votes"] = polls["votes"].astype("Int64")
    return messages, polls


def poll_table(chats: Sequence[Chat]) -> pd.DataFrame:
    """Return every poll option of ``chats`` with its votes.

    Returns
    -------
    pandas.DataFrame
        Columns chat, poll, option and votes, one row per option of each poll
        message, in chat order and then file order.
    """
    frames = [chat.polls[["chat", "poll", "option", "votes"]] for chat in chats]
    if not frames:
        return pd.DataFrame(columns=["chat", "poll", "option", "votes"])
    return pd.concat(frames, ignore_index=True)


def _normalise(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ?!.:;")


def combined_polls(chats: Sequence[Chat]) -> pd.DataFrame:
    """Add up the votes of one poll posted to several chats.

    Polls match when their questions and their sets of options are equal after
    folding case, collapsing white space, reading ``ё`` as ``е`` and dropping
    trailing ``?!.:;``. A poll posted twice in one chat counts twice.

    Returns
    -------
    pandas.DataFrame
        Columns poll, option, votes, percent and chats. ``percent`` is the option's
        share of all votes of the combined poll (0 to 100), which for a poll with
        several answers allowed is a share of votes, not of voters. ``chats`` is
        the number of chats the poll was posted in. Polls and options keep the
        spelling and order of their first appearance. An option without a vote
        count counts as 0, with a warning.

    Warns
    -----
    SurveyWarning
        When one question appears with different option sets (they stay separate
        polls), and when an option has no vote count.
    """
    table = pd.concat(
        [chat.polls for chat in chats] or [pd.DataFrame(columns=POLL_COLUMNS)],
        ignore_index=True,
    )
    columns = ["poll", "option", "votes", "percent", "chats"]
    if table.empty:
        return pd.DataFrame(columns=columns)

    groups: dict[tuple[str, frozenset[str]], dict] = {}
    option_sets: dict[str, set[frozenset[str]]] = {}
    for (_, _), poll in table.groupby(["chat", "line"], sort=False):
        options = frozenset(_normalise(o) for o in poll["option"])
        key = (_normalise(str(poll["poll"].iloc[0])), options)
        option_sets.setdefault(key[0], set()).add(options)
        group = groups.setdefault(
            key,
            {"poll": str(poll["poll"].iloc[0]), "labels": {}, "votes": {}, "chats": []},
        )
        group["chats"].append(str(poll["chat"].iloc[0]))
        for option, votes in zip(poll["option"], poll["votes"], strict=True):
            folded = _normalise(str(option))
            group["labels"].setdefault(folded, str(option))
            if pd.isna(votes):
                warnings.warn(
                    f"The poll {group['poll']!r} in chat {poll['chat'].iloc[0]!r} "
                    f"gives no vote count for {option!r}; it counts as 0.",
                    SurveyWarning,
                    stacklevel=2,
                )
                votes = 0
            group["votes"][folded] = group["votes"].get(folded, 0) + int(votes)

    for question, sets in option_sets.items():
        if len(sets) > 1:
            warnings.warn(
                f"The poll {question!r} was posted with {len(sets)} different sets "
                "of options, so each set is counted as a poll of its own.",
                SurveyWarning,
                stacklevel=2,
            )

    rows = []
    for group in groups.values():
        total = sum(group["votes"].values())
        chat_count = len(dict.fromkeys(group["chats"]))
        for folded, label in group["labels"].items():
            votes = group["votes"][folded]
            percent = 100.0 * votes / total if total else float("nan")
            rows.append((group["poll"], label, votes, percent, chat_count))
    result = pd.DataFrame(rows, columns=columns)
    result["votes"] = result["votes"].astype("int64")
    result["chats"] = result["chats"].astype("int64")
    return result


def pseudonymize_chats(chats: Sequence[Chat], secret: bytes) -> list[Chat]:
    """Replace names and phone numbers in ``chats`` with codes such as ``P-3F9A1C``.

    Every sender gets its keyed-hash code (see
    :mod:`srsurvey.readers._whatsapp_privacy`). Message and poll text loses the
    names of all senders and of the people that group events name, also in
    inflected forms such as ``Айгерим Сериковой`` and ``Нурланға``. It also loses
    phone numbers, e-mail addresses and @mentions. The rule for inflected names
    and its limits are in :class:`~srsurvey.readers._whatsapp_privacy.TextMasker`. Group events (``X added Y``)
    get the codes of the people they name. A chat name that is a sender's name (a
    one-to-one chat) becomes that code.

    Warns
    -----
    SurveyWarning
        When two different senders get the same six-digit code; both then get
        ten digits, so their answers stay apart.
    """
    names: set[str] = set()
    for chat in chats:
        names.update(str(s) for s in chat.messages["sender"].dropna())
        for text in chat.messages.loc[chat.messages["kind"] == "system", "text"]:
            names.update(_event_people(str(text)))
    codes = _codes_for(sorted(names), secret)
    masker = TextMasker(codes)

    result = []
    for chat in chats:
        name = codes.get(chat.name, masker.mask(chat.name))
        messages = chat.messages.copy()
        messages["chat"] = name
        messages["sender"] = messages["sender"].map(
            lambda s: codes[str(s)] if pd.notna(s) else s
        )
        messages["text"] = [
            _mask_event(str(text), codes, masker)
            if kind == "system"
            else masker.mask(str(text))
            for text, kind in zip(messages["text"], messages["kind"], strict=True)
        ]
        messages["text"] = messages["text"].astype("string")
        polls = chat.polls.copy()
        polls["chat"] = name
        polls["sender"] = polls["sender"].map(
            lambda s: codes[str(s)] if pd.notna(s) else s
        )
        for column in ("poll", "option"):
            polls[column] = polls[column].map(lambda t: masker.mask(str(t)))
            polls[column] = polls[column].astype("string")
        result.append(replace(chat, name=name, messages=messages, polls=polls))
    return result


def _codes_for(names: list[str], secret: bytes) -> dict[str, str]:
    codes = {name: pseudonym(name, secret) for name in names}
    by_code: dict[str, set[str]] = {}
    for name, code in codes.items():
        by_code.setdefault(code, set()).add(sender_key(name))
    for code, keys in by_code.items():
        if len(keys) > 1:
            warnings.warn(
                f"{len(keys)} different senders share the code {code}; they get "
                "ten-digit codes instead.",
                SurveyWarning,
                stacklevel=3,
            )
            for name in [n for n, c in codes.items() if c == code]:
                codes[name] = pseudonym(name, secret, digits=10)
    return codes


def _event_people(text: str) -> list[str]:
    event = system_event(text)
    if event is None:
        return []
    match = event[1]
    people = []
    for group in ("actor", "target"):
        value = match.groupdict().get(group)
        if value:
            people.extend(_split_people(value))
    return people


def _split_people(value: str) -> list[str]:
    parts = re.split(r",\s*|\s+(?:and|и|және)\s+", value)
    return [part.strip() for part in parts if part.strip()]


def _mask_event(text: str, codes: dict[str, str], masker: TextMasker) -> str:
    event = system_event(text)
    if event is not None:
        match = event[1]
        for group in ("target", "actor"):
            value = match.groupdict().get(group)
            if not value:
                continue
            start, end = match.span(group)
            coded = ", ".join(
                codes.get(p, masker.mask(p)) for p in _split_people(value)
            )
            text = text[:start] + coded + text[end:]
    return masker.mask(text)
