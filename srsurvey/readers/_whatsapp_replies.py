"""Turn answers typed into a chat into one response per sender.

Three reply formats exist, named by the study file's ``whatsapp.reply_format``:

- ``pairs``: ``1-4, 2-5, 3-3`` gives item 1 the answer 4, item 2 the answer 5 and so
  on. ``-``, ``–``, ``:``, ``=``, ``.`` and ``)`` may join a pair, and commas,
  semicolons, spaces or line breaks separate pairs.
- ``sequence``: ``4 5 3 2 1`` gives the items their answers in order. Commas,
  semicolons, spaces or line breaks separate the numbers, and a run of single
  digits such as ``45321`` also counts when it has one digit per item.
- ``per_question``: after a message that contains the ``trigger`` text, each
  sender's next text messages answer the items in order, one message each.

The ``whatsapp`` section of the study file is read here from the YAML text. The
study loader in :mod:`srsurvey.codebook` only accepts the key, so the two parsers
stay independent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from srsurvey.errors import CodebookError, DataFileError
from srsurvey.readers.model import ColumnSource, Responses

if TYPE_CHECKING:
    from srsurvey.readers.whatsapp import Chat

__all__ = [
    "REPLY_FORMATS",
    "UNPARSED_COLUMNS",
    "ReplySpec",
    "load_reply_spec",
    "typed_responses",
]

REPLY_FORMATS = ("pairs", "sequence", "per_question")
UNPARSED_COLUMNS = ["chat", "line", "time", "sender", "text", "reason"]
_SECTION_KEYS = ["reply_format", "items", "trigger"]
_ITEM_ID = re.compile(r"^[^\W\d_]\w*$")

_PAIR = re.compile(r"(?<!\d)(?<!\d\.)(\d+)\s*[-\u2013\u2014:=.)]\s*(\d+)(?!\d)(?!\.\d)")
_PAIR_SEPARATOR = re.compile(r"^[\s,;.]*$")
_NUMBERS_ONLY = re.compile(r"^[\d\s,;.]+$")


@dataclass
class ReplySpec:
    """The ``whatsapp`` section of a study file."""

    reply_format: str
    items: list[str]
    trigger: str | None = None


def load_reply_spec(study_path: str | Path) -> ReplySpec | None:
    """Read the ``whatsapp`` section of a study file, or return None without one.

    The section has ``reply_format`` (``pairs``, ``sequence`` or ``per_question``),
    ``items`` (item ids in question order) and, for ``per_question``, ``trigger``
    (text that the message opening the questions contains, compared ignoring case).

    Raises
    ------
    CodebookError
        If the file cannot be read or is not valid YAML, or if the section has an
        unknown key, an unknown reply format, no items, a repeated or invalid item
        id, or ``per_question`` without a trigger. The message gives the line.
    """
    from srsurvey.codebook._yaml import read_yaml

    path = Path(study_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise CodebookError(
            f"the study file could not be read: {err}.",
            hint="Check the path and save the file as UTF-8.",
            file=str(path),
        ) from err
    root = read_yaml(text, path.name)
    section = root.value.get("whatsapp") if root.is_mapping else None
    if section is None:
        return None
    return _parse_section(section, path.name)


def _fail(node, file: str, problem: str, hint: str) -> CodebookError:
    return CodebookError(
        f"{node.path} {problem}", hint=hint, file=file, line=node.line, value=node.value
    )


def _parse_section(section, file: str) -> ReplySpec:
    if not section.is_mapping:
        raise _fail(
            section,
            file,
            "must be a mapping with reply_format and items.",
            "Write for example: whatsapp: {reply_format: pairs, items: [q1, q2]}",
        )
    keys = section.value
    for key, node in keys.items():
        if key not in _SECTION_KEYS:
            raise _fail(
                node,
                file,
                "is not a known key.",
                f"Allowed keys here: {', '.join(_SECTION_KEYS)}.",
            )

    if "reply_format" not in keys:
        raise CodebookError(
            "whatsapp.reply_format is missing.",
            hint=f"Add reply_format: with one of {', '.join(REPLY_FORMATS)}.",
            file=file,
            line=section.line,
        )
    reply_format = keys["reply_format"]
    if reply_format.value not in REPLY_FORMATS:
        raise _fail(
            reply_format,
            file,
            f"is {reply_format.value!r}, which is not a reply format.",
            f"Allowed values: {', '.join(REPLY_FORMATS)}.",
        )
    if "items" not in keys or not keys["items"].is_sequence or not keys["items"].value:
        raise CodebookError(
            "whatsapp.items is missing or is not a list of item ids.",
            hint="List the item ids in question order: items: [q1, q2, q3].",
            file=file,
            line=keys["items"].line if "items" in keys else section.line,
        )

    items = []
    for node in keys["items"].value:
        item = str(node.text if node.text is not None else node.value).strip()
        if not _ITEM_ID.match(item) or item in items:
            problem = "is repeated." if item in items else "is not a valid item id."
            raise _fail(
                node,
                file,
                problem,
                "Use distinct ids of letters, digits and _, starting with a letter.",
            )
        items.append(item)

    trigger = None
    if "trigger" in keys:
        trigger = str(keys["trigger"].value or "").strip() or None
    if reply_format.value == "per_question" and trigger is None:
        raise CodebookError(
            "whatsapp.trigger is missing, but per_question needs it.",
            hint="Add trigger: with text of the message that opens the questions, "
            'such as trigger: "Опрос начался".',
            file=file,
            line=section.line,
        )
    return ReplySpec(reply_format.value, items, trigger)


@dataclass
class _Reply:
    chat: str
    file: str
    line: int
    time: pd.Timestamp
    sender: str
    answers: dict[str, str]
    complete: bool


def typed_responses(
    chats: Chat | Sequence[Chat],
    reply_format: str,
    items: Sequence[str],
    *,
    trigger: str | None = None,
) -> tuple[Responses, pd.DataFrame]:
    """Collect the typed answers of each sender into one response per sender.

    Parameters
    ----------
    chats
        One chat or several; a sender who replies in two chats is one respondent.
    reply_format
        ``pairs``, ``sequence`` or ``per_question`` (see the module docstring).
    items
        The item ids in question order. Item 1 of a pair is ``items[0]``.
    trigger
        For ``per_question``: text that the opening message contains, compared
        ignoring case.

    Returns
    -------
    responses : Responses
        One row per sender with columns ``Timestamp`` (the reply's time on the
        phone's clock, without a time zone because the export has none, so
        ``details["timezone"]`` is ``"unknown"``),
        ``respondent`` (the sender), ``chat`` and one answer column per item
        holding the typed answer as a string. ``source_rows`` is the line of the
        reply in its chat file.
    unparsed : pandas.DataFrame
        The replies that were not used, with columns chat, line, time, sender,
        text and reason.

    Raises
    ------
    DataFileError
        If ``reply_format`` is unknown, ``items`` is empty, or ``per_question``
        has no trigger.

    Notes
    -----
    A message is an attempted reply when it starts with a pair (``pairs``), consists
    of numbers only (``sequence``), or follows the trigger (``per_question``);
    other messages are conversation and are skipped. A reply that covers every
    item is complete. Each sender's latest complete reply wins, and without one
    the latest partial reply is used with the missing items left empty. An item
    number outside ``items``, an item answered twice with different values in one
    reply, or a wrong count of numbers makes the reply unparsed.
    """
    from srsurvey.readers.whatsapp import Chat

    chat_list = [chats] if isinstance(chats, Chat) else list(chats)
    items = list(items)
    if reply_format not in REPLY_FORMATS:
        raise DataFileError(
            f"the reply format {reply_format!r} is not known.",
            hint=f"Use one of {', '.join(REPLY_FORMATS)}.",
            value=reply_format,
        )
    if not items:
        raise DataFileError(
            "no items were given for the typed answers.",
            hint="List the item ids in the study file under whatsapp.items.",
        )
    if reply_format == "per_question" and not trigger:
        raise DataFileError(
            "the per_question reply format needs a trigger text.",
            hint="Add whatsapp.trigger to the study file.",
        )

    replies: list[_Reply] = []
    unparsed: list[tuple] = []
    for chat in chat_list:
        texts = chat.messages[chat.messages["kind"] == "text"]
        if reply_format == "per_question":
            _collect_rounds(chat, texts, items, trigger, replies, unparsed)
        else:
            _collect_lines(chat, texts, reply_format, items, replies, unparsed)

    chosen = _choose_replies(replies, unparsed)
    return _to_responses(chosen, items), pd.DataFrame(
        unparsed, columns=UNPARSED_COLUMNS
    )


def _collect_lines(chat, texts, reply_format, items, replies, unparsed) -> None:
    for row in texts.itertuples(index=False):
        text = str(row.text)
        if reply_format == "pairs":
            result = _parse_pairs(text, items)
        else:
            result = _parse_sequence(text, items)
        if result is None:
            continue
        answers, reason = result
        if reason is not None:
            unparsed.append((chat.name, row.line, row.time, row.sender, text, reason))
            continue
        replies.append(
            _Reply(
                chat.name,
                chat.file,
                row.line,
                row.time,
                str(row.sender),
                answers,
                len(answers) == len(items),
            )
        )


def _parse_pairs(text: str, items: list[str]):
    pairs = list(_PAIR.finditer(text))
    if not pairs or pairs[0].start() != len(text) - len(text.lstrip()):
        return None
    leftovers = _PAIR.sub("", text)
    if not _PAIR_SEPARATOR.match(leftovers):
        return {}, "the reply has text besides item-answer pairs"
    answers: dict[str, str] = {}
    for pair in pairs:
        number, answer = int(pair.group(1)), pair.group(2)
        if not 1 <= number <= len(items):
            return {}, f"item {number} does not exist (there are {len(items)} items)"
        item = items[number - 1]
        if item in answers and answers[item] != answer:
            return {}, f"item {number} is answered twice with different answers"
        answers[item] = answer
    return answers, None


def _parse_sequence(text: str, items: list[str]):
    stripped = text.strip()
    if not _NUMBERS_ONLY.match(stripped) or not any(c.isdigit() for c in stripped):
        return None
    numbers = re.findall(r"\d+", stripped)
    if len(numbers) == 1 and len(numbers[0]) == len(items) > 1:
        numbers = list(numbers[0])
    if len(numbers) != len(items):
        return {}, f"{len(numbers)} numbers for {len(items)} items"
    return dict(zip(items, numbers, strict=True)), None


def _collect_rounds(chat, texts, items, trigger, replies, unparsed) -> None:
    folded_trigger = trigger.casefold()
    open_rounds: dict[str, list] = {}
    triggered = False

    def close(sender: str) -> None:
        rows = open_rounds.pop(sender)
        first = rows[0]
        answers = {item: str(row.text) for item, row in zip(items, rows)}
        replies.append(
            _Reply(
                chat.name,
                chat.file,
                first.line,
                rows[-1].time,
                sender,
                answers,
                len(rows) >= len(items),
            )
        )

    for row in texts.itertuples(index=False):
        text = str(row.text)
        if folded_trigger in text.casefold():
            for sender in list(open_rounds):
                close(sender)
            triggered = True
            continue
        if not triggered:
            continue
        sender = str(row.sender)
        rows = open_rounds.setdefault(sender, [])
        if len(rows) < len(items):
            rows.append(row)
    for sender in list(open_rounds):
        close(sender)


def _choose_replies(replies: list[_Reply], unparsed: list[tuple]) -> list[_Reply]:
    chosen: dict[str, _Reply] = {}
    for reply in sorted(replies, key=lambda r: r.time):
        current = chosen.get(reply.sender)
        if current is None or reply.complete or not current.complete:
            if current is not None:
                _record_replaced(current, reply, unparsed)
            chosen[reply.sender] = reply
        else:
            _record_replaced(reply, current, unparsed)
    return list(chosen.values())


def _record_replaced(old: _Reply, new: _Reply, unparsed: list[tuple]) -> None:
    text = ", ".join(f"{item}={answer}" for item, answer in old.answers.items())
    kind = "complete" if new.complete else "later"
    reason = f"replaced by the {kind} reply on line {new.line} of chat {new.chat}"
    unparsed.append((old.chat, old.line, old.time, old.sender, text, reason))


def _to_responses(replies: list[_Reply], items: list[str]) -> Responses:
    records = []
    for reply in replies:
        record = {
            "Timestamp": reply.time,
            "respondent": reply.sender,
            "chat": reply.chat,
        }
        for item in items:
            record[item] = reply.answers.get(item, pd.NA)
        records.append(record)
    columns = ["Timestamp", "respondent", "chat", *items]
    data = pd.DataFrame(records, columns=columns)
    data["Timestamp"] = pd.to_datetime(data["Timestamp"])
    for column in columns[1:]:
        data[column] = data[column].astype("string")

    kinds = {"Timestamp": "timestamp", "respondent": "metadata", "chat": "metadata"}
    sources = {
        name: ColumnSource(
            name=name,
            header=name,
            file="WhatsApp",
            position=position,
            kind=kinds.get(name, "answer"),
        )
        for position, name in enumerate(columns, start=1)
    }
    return Responses(
        data=data,
        columns=sources,
        source_rows=pd.Series(
            [r.line for r in replies], index=data.index, dtype="int64"
        ),
        source_files=pd.Series(
            [r.file for r in replies], index=data.index, dtype=object
        ),
        details={"source": "WhatsApp typed answers", "timezone": "unknown"},
    )
