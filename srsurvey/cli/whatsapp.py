"""``srsurvey whatsapp``: messages, poll votes and typed answers of WhatsApp chats."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from srsurvey.cli import _state
from srsurvey.cli._options import (
    DebugOption,
    ForceOption,
    KeepIdentifiersOption,
    StudyOption,
)


class DateOrder(str, Enum):
    dmy = "dmy"
    mdy = "mdy"
    ymd = "ymd"


def whatsapp(
    chats: Annotated[
        list[Path],
        typer.Argument(
            help="Chat exports, the .txt file or the .zip that WhatsApp creates.",
            metavar="CHAT",
            show_default=False,
        ),
    ],
    study: StudyOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output folder. Default: reports/whatsapp/ in the current folder.",
            metavar="DIR",
            file_okay=False,
        ),
    ] = None,
    force: ForceOption = False,
    keep_identifiers: KeepIdentifiersOption = False,
    secret_file: Annotated[
        Path | None,
        typer.Option(
            "--secret-file",
            help=(
                "File with the key that turns names into codes; created (mode 0600) "
                "if missing. Default: .srsurvey-secret beside the study file, or "
                "beside the first chat."
            ),
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
    date_order: Annotated[
        DateOrder | None,
        typer.Option(
            "--date-order",
            help="Order of day, month and year in the chat's dates. Default: "
            "inferred from the whole file.",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    _state.debug = _state.debug or debug

    from srsurvey.readers._whatsapp_report import ChatRequest, chats_to_folder

    request = ChatRequest(
        chats=list(chats),
        study_path=study,
        out=out,
        force=force,
        keep_identifiers=keep_identifiers,
        secret_file=secret_file,
        date_order=date_order.value if date_order is not None else None,
    )
    outcome = chats_to_folder(request)

    if not _state.quiet:
        for warning in outcome.warnings:
            typer.echo(f"Warning: {warning}", err=True)
    typer.echo(f"Report written to {outcome.out_dir}/ ({len(outcome.files)} files)")
    typer.echo(f"  open {outcome.out_dir / 'report.html'}")
    sys.stdout.flush()
