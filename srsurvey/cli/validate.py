"""``srsurvey validate``: list every problem of an export with a study file."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from srsurvey.cli._options import SheetOption


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Export files (CSV, XLSX). Several files are combined.",
            metavar="EXPORT",
            show_default=False,
        ),
    ],
    study: Annotated[
        Path,
        typer.Option(
            "--study",
            "-s",
            help="Study file (YAML) to check the export against.",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ],
    max_problems: Annotated[
        int,
        typer.Option(
            "--max-problems",
            min=1,
            help="Largest number of problems to list; the rest are counted.",
            metavar="N",
        ),
    ] = 20,
    sheet: SheetOption = None,
) -> None:
    from srsurvey.codebook.study import load_study
    from srsurvey.codebook.validate import KIND_TITLES
    from srsurvey.codebook.validate import validate as check
    from srsurvey.errors import SurveyWarning
    from srsurvey.readers import read_export, read_exports

    loaded = load_study(study)
    with warnings.catch_warnings():
        # The readers' caveats are about reading, not about the study file.
        warnings.simplefilter("ignore", SurveyWarning)
        if len(files) == 1:
            responses = read_export(files[0], sheet=sheet)
        else:
            responses = read_exports(files)
        problems = check(responses, loaded, max_problems=max_problems)

    export_names = ", ".join(path.name for path in files)
    errors = [problem for problem in problems if problem.severity == "error"]
    notes = [problem for problem in problems if problem.severity == "info"]
    note_text = ""
    if notes:
        note_text = f" and {len(notes)} {'note' if len(notes) == 1 else 'notes'}"
    if errors:
        error_word = "problem" if len(errors) == 1 else "problems"
        typer.echo(
            f"Found {len(errors)} {error_word}{note_text} in {export_names} with "
            f"{study.name}:"
        )
    else:
        typer.echo(f"No problems found in {export_names} with {study.name}.")

    number = 0
    for title_kind, title in KIND_TITLES.items():
        for severity, group in (("error", errors), ("info", notes)):
            selected = [problem for problem in group if problem.kind == title_kind]
            if not selected:
                continue
            label = title if severity == "error" else f"{title} (information)"
            typer.echo("")
            typer.echo(f"{label}: {len(selected)}")
            for problem in selected:
                # Only problems are numbered, so the numbers match the count above.
                if severity == "error":
                    number += 1
                    typer.echo(f"  {number}. {problem.message}")
                else:
                    typer.echo(f"  - {problem.message}")
    if errors:
        raise typer.Exit(code=1)
