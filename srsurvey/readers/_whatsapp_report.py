"""Build the report of ``srsurvey whatsapp``: message and poll tables, poll charts.

The report goes through :func:`srsurvey.tables.write.write_report`, so the tables
land in ``tables/messages.csv``, ``tables/polls.csv``, ``tables/polls_combined.csv``
(and ``tables/responses.csv`` and ``tables/unparsed.csv`` with a reply format) and
as sheets of the same names in ``tables.xlsx``, the charts in ``figures/`` and the
page in ``report.html``. matplotlib and the table
writers are imported only when a report is built.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from srsurvey.errors import SurveyWarning
from srsurvey.readers._whatsapp_privacy import SECRET_FILE_NAME, load_or_create_secret
from srsurvey.readers._whatsapp_replies import load_reply_spec, typed_responses
from srsurvey.readers.whatsapp import (
    Chat,
    combined_polls,
    poll_table,
    pseudonymize_chats,
    read_chats,
)

__all__ = ["ChatOutcome", "ChatRequest", "build_chat_report", "chats_to_folder"]

logger = logging.getLogger(__name__)

REPORT_FORMATS = {"html", "csv", "xlsx", "figures"}


@dataclass
class ChatRequest:
    """The options of one ``srsurvey whatsapp`` run.

    Without ``secret_file`` the key is ``.srsurvey-secret`` beside the study file,
    or beside the first chat when there is no study file.
    """

    chats: list[Path]
    study_path: Path | None = None
    out: Path | None = None
    force: bool = False
    keep_identifiers: bool = False
    secret_file: Path | None = None
    date_order: str | None = None


@dataclass
class ChatOutcome:
    """The written report: folder, files and the warnings of the run."""

    out_dir: Path
    files: list[Path]
    warnings: list[str] = field(default_factory=list)


def secret_path(request: ChatRequest) -> Path:
    """Return the secret key file that the request uses."""
    if request.secret_file is not None:
        return request.secret_file
    anchor = request.study_path or request.chats[0]
    return Path(anchor).resolve().parent / SECRET_FILE_NAME


def chats_to_folder(request: ChatRequest) -> ChatOutcome:
    """Read the chats, build the report and write it into the output folder.

    Raises
    ------
    SurveyError
        For an unreadable chat or study file, a bad secret key file, or an output
        folder that exists without ``force``.
    """
    from srsurvey.tables.write import write_report

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = build_chat_report(request)
    messages = [str(w.message) for w in caught if issubclass(w.category, SurveyWarning)]
    report.warnings = list(dict.fromkeys(messages))

    out_dir = request.out or Path("reports") / "whatsapp"
    try:
        files = write_report(
            report, out_dir, force=request.force, formats=REPORT_FORMATS
        )
    finally:
        _close_figures(report)
    return ChatOutcome(Path(out_dir), files, report.warnings)


def build_chat_report(request: ChatRequest):
    """Read the chats of ``request`` and return the report without writing it."""
    from srsurvey.tables.model import Report, Section, Table

    started = datetime.now(UTC)
    spec = load_reply_spec(request.study_path) if request.study_path else None
    chats = read_chats(request.chats, date_order=request.date_order)
    if not request.keep_identifiers:
        chats = pseudonymize_chats(chats, load_or_create_secret(secret_path(request)))
    logger.info("read %d chats", len(chats))

    report = Report(title="WhatsApp chats", name="whatsapp")
    messages = pd.concat([chat.messages for chat in chats], ignore_index=True)
    polls = poll_table(chats)
    combined = combined_polls(chats)
    report.add_table(Table("messages", "Messages", messages))
    report.add_table(
        Table("polls", "Poll votes by chat", polls, formats={"votes": "int"})
    )
    report.add_table(
        Table(
            "polls_combined",
            "Poll votes of all chats",
            combined,
            description="Polls with the same question and options are added up.",
            formats={"votes": "int", "percent": "percent", "chats": "int"},
        )
    )

    overview = Section("Chats")
    overview.text(_overview_text(chats, messages))
    report.sections.append(overview)
    poll_section = Section("Polls")
    poll_section.table("polls_combined")
    _add_poll_figures(report, combined, poll_section)
    poll_section.table("polls")
    report.sections.append(poll_section)

    if spec is not None:
        responses, unparsed = typed_responses(
            chats, spec.reply_format, spec.items, trigger=spec.trigger
        )
        report.add_table(Table("responses", "Typed answers", responses.data))
        report.add_table(Table("unparsed", "Replies not used", unparsed))
        answers = Section("Typed answers")
        answers.text(
            f"{len(responses.data)} respondents answered in the {spec.reply_format} "
            f"format; {len(unparsed)} replies were not used (see the reason column). "
            "Timestamps are the phone's clock; the export gives no time zone."
        )
        answers.table("responses").table("unparsed")
        report.sections.append(answers)

    poll_count = sum(chat.polls["line"].nunique() for chat in chats)
    report.quality = [
        f"{len(chats)} chats, {len(messages)} messages, {poll_count} polls."
    ]
    report.methods = [
        "Senders are replaced by codes (HMAC-SHA256 with the study's secret key), "
        "and names, phone numbers, e-mail addresses and @mentions in the text are "
        "masked."
        if not request.keep_identifiers
        else "Names and phone numbers are kept (--keep-identifiers)."
    ]
    report.manifest = {
        "command": "whatsapp",
        "inputs": [str(path) for path in request.chats],
        "study": str(request.study_path) if request.study_path else None,
        "keep_identifiers": request.keep_identifiers,
        "formats": {chat.file: chat.details for chat in chats},
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(),
    }
    return report


def _overview_text(chats: Sequence[Chat], messages: pd.DataFrame) -> str:
    counts = messages["kind"].value_counts()
    parts = [f"{counts.get(kind, 0)} {kind}" for kind in ("text", "poll", "media")]
    parts += [
        f"{counts.get('deleted', 0)} deleted",
        f"{counts.get('system', 0)} system",
    ]
    return (
        f"{len(chats)} chats with {len(messages)} messages: " + ", ".join(parts) + "."
    )


def _add_poll_figures(report, combined: pd.DataFrame, section) -> None:
    from srsurvey.plots.bars import category_bars
    from srsurvey.tables.model import Figure

    for number, poll in enumerate(_poll_blocks(combined), 1):
        total = int(poll["votes"].sum())
        if total == 0:
            continue
        title = str(poll["poll"].iloc[0])
        percent = pd.Series(poll["percent"].to_numpy(), index=poll["option"].tolist())
        counts = pd.Series(poll["votes"].to_numpy(), index=poll["option"].tolist())
        figure = category_bars(
            percent, title=title, n=total, xlabel="% of votes", counts=counts
        )
        name = f"poll-{number}"
        report.add_figure(Figure(name, title, figure, alt_text=f"Votes for {title}"))
        section.figure(name)


def _poll_blocks(combined: pd.DataFrame) -> list[pd.DataFrame]:
    """Split the combined table into its polls.

    One question posted with two option sets gives two adjacent polls with the same
    text, so a poll also ends where its percentages reach 100.
    """
    blocks = []
    start = 0
    running = 0.0
    for position in range(len(combined)):
        row = combined.iloc[position]
        if position > start and (
            row["poll"] != combined.iloc[position - 1]["poll"] or running >= 99.999
        ):
            blocks.append(combined.iloc[start:position])
            start, running = position, 0.0
        if pd.notna(row["percent"]):
            running += float(row["percent"])
    if len(combined):
        blocks.append(combined.iloc[start:])
    return blocks


def _close_figures(report) -> None:
    if not report.figures:
        return
    import matplotlib.pyplot as plt

    for figure in report.figures.values():
        plt.close(figure.figure)
