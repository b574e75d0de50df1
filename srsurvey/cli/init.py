"""``srsurvey init``: draft a study file from an export."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Annotated

import typer

from srsurvey.cli import _state
from srsurvey.cli._options import SheetOption


def init(
    export: Annotated[
        Path,
        typer.Argument(
            help="Export file (CSV, XLSX) to describe.",
            metavar="EXPORT",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Study file to write.",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = Path("study.yaml"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace the study file if it exists.")
    ] = False,
    sheet: SheetOption = None,
) -> None:
    from srsurvey.codebook.draft import draft_study, write_study_file
    from srsurvey.errors import OutputError, SurveyWarning
    from srsurvey.readers import read_export

    if out.exists() and not force and not out.is_dir():
        raise OutputError(
            "the file already exists, so it was not replaced.",
            hint="Pass --force to replace it, or choose another file with --out.",
            file=out,
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SurveyWarning)
        responses = read_export(export, sheet=sheet)
    folder = out.resolve().parent
    relative = os.path.relpath(export.resolve(), folder)
    name = export.stem
    draft = draft_study(responses, name=name, files=[Path(relative).as_posix()])
    written = write_study_file(draft.text, out, force=force)

    if not _state.quiet:
        for record in caught:
            if issubclass(record.category, SurveyWarning):
                typer.echo(f"Warning: {record.message}", err=True)
    counts = [
        (draft.items, "item"),
        (draft.scales, "scale"),
        (draft.groups, "group"),
        (draft.questions, "question"),
        (draft.identifiers, "personal-data column"),
    ]
    listing = ", ".join(
        f"{count} {noun}{'' if count == 1 else 's'}" for count, noun in counts
    )
    typer.echo(f"Study file written to {written} ({listing}).")
    if draft.id_column is not None:
        typer.echo(f'  respondent id: column "{draft.id_column}"')
    if draft.todos:
        typer.echo(f"  {draft.todos} lines marked TODO need your decision.")
    typer.echo(f"  next: srsurvey validate {export} --study {written}")
