"""Read WhatsApp chat exports as the responses of ``analyze``.

A chat has no columns, so the study file's ``whatsapp`` section specifies how
the answers are typed (:func:`srsurvey.readers.whatsapp.load_reply_spec`), and
:func:`srsurvey.readers.whatsapp.typed_responses` turns the replies into one row
per sender. Senders become codes with the secret key that ``srsurvey whatsapp``
uses, so one student gets the same code in both commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from srsurvey.errors import DataFileError
from srsurvey.readers.export import chat_export_error, is_chat_export

__all__ = ["UNPARSED_TABLE", "ChatInput", "add_unparsed_table", "read_chat_input"]

UNPARSED_TABLE = "unparsed_replies"
# The respondent column that typed_responses writes: the sender, or its code.
RESPONDENT_COLUMN = "respondent"


@dataclass
class ChatInput:
    """Responses built from chats, and the replies that were not used.

    ``unparsed`` has the columns chat, line, time, text and reason. It has no
    sender column, and its text is masked unless identifiers are kept.
    """

    responses: object
    unparsed: pd.DataFrame
    files: list[Path]


def read_chat_input(request, study, files: list[Path]) -> ChatInput | None:
    """Read ``files`` as chats when they are chat exports, else return None.

    Raises
    ------
    DataFileError
        If a chat is given without a study file that has a ``whatsapp`` section,
        if chats and form exports are mixed, if a chat cannot be read, or if no
        reply in the chats could be read as answers.
    CodebookError
        If the ``whatsapp`` section is invalid.
    """
    from srsurvey.readers._whatsapp_privacy import load_or_create_secret
    from srsurvey.readers._whatsapp_report import ChatRequest, secret_path
    from srsurvey.readers.whatsapp import (
        load_reply_spec,
        pseudonymize_chats,
        read_chats,
        typed_responses,
    )

    chat_files = [Path(path) for path in files if is_chat_export(path)]
    if not chat_files:
        return None
    study_path = getattr(study, "path", None)
    spec = load_reply_spec(study_path) if study_path is not None else None
    if spec is None:
        raise chat_export_error(str(chat_files[0]))
    if len(chat_files) != len(files):
        forms = [str(path) for path in files if Path(path) not in chat_files]
        raise DataFileError(
            "WhatsApp chat exports and form exports cannot be analysed in one run.",
            hint="Analyse the chats and the form exports with separate commands.",
            file=", ".join(forms),
        )

    chats = read_chats(chat_files)
    if not request.keep_identifiers:
        key_file = secret_path(
            ChatRequest(
                chats=chat_files,
                study_path=study_path,
                secret_file=request.secret_file,
            )
        )
        chats = pseudonymize_chats(chats, load_or_create_secret(key_file))
    responses, unparsed = typed_responses(
        chats, spec.reply_format, spec.items, trigger=spec.trigger
    )
    if responses.data.empty:
        raise DataFileError(
            f"no reply in the chat could be read as answers in the "
            f"{spec.reply_format} format ({len(unparsed)} replies were rejected).",
            hint="Check whatsapp.reply_format and whatsapp.items in the study file, "
            "or run srsurvey whatsapp CHAT --study STUDY.yaml to see the rejected "
            "replies with their reasons.",
            file=", ".join(str(path) for path in chat_files),
        )

    _name_columns_as_items(responses, study, spec.items)
    if study.id_column is None:
        study.id_column = RESPONDENT_COLUMN
    return ChatInput(responses, unparsed.drop(columns="sender"), chat_files)


def _name_columns_as_items(responses, study, item_ids: list[str]) -> None:
    """Rename each answer column to the header that the study's item expects.

    typed_responses names the answer columns by the ids in ``whatsapp.items``. A
    study item with the same id and another ``column`` header is read from that
    header, so both ``q1: {column: q1}`` and ``q1: {column: "Question 1"}`` work.
    """
    for item_id in item_ids:
        item = study.items.get(item_id)
        header = getattr(item, "column", None)
        if header is None or header == item_id:
            continue
        responses.data = responses.data.rename(columns={item_id: header})
        source = responses.columns.pop(item_id)
        source.name = header
        source.header = header
        responses.columns[header] = source


def add_unparsed_table(
    report, chat_input: ChatInput, *, keep_identifiers: bool
) -> str | None:
    """Add the ``unparsed_replies`` table and section, and return its warning.

    Returns None when every reply was used.
    """
    from srsurvey.tables.model import Section, Table

    unparsed = chat_input.unparsed
    report.add_table(
        Table(
            UNPARSED_TABLE,
            "Chat replies not used",
            unparsed.reset_index(drop=True),
            description="Replies that were not read as answers, with the reason. "
            + _privacy_note(keep_identifiers),
            in_results=False,
        )
    )
    if unparsed.empty:
        return None
    section = Section("Chat replies not used")
    section.text(
        f"Replies not used as answers: {len(unparsed)}. The reason column says "
        "why: a reply that could not be parsed, or one replaced by a later reply "
        "of the same sender."
    )
    section.table(UNPARSED_TABLE)
    report.sections.append(section)
    names = ", ".join(path.name for path in chat_input.files)
    count = len(unparsed)
    replies = "chat reply was" if count == 1 else "chat replies were"
    return (
        f"{names}: {count} {replies} not used as answers. The table "
        f"{UNPARSED_TABLE} lists them with the reason."
    )


def _privacy_note(keep_identifiers: bool) -> str:
    if keep_identifiers:
        return "Senders are left out, but the text is kept as typed."
    return "Senders are left out, and names and phone numbers in the text are masked."
