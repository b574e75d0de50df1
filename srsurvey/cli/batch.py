"""``srsurvey batch``: one report per export in a folder, and a summary of all."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srsurvey.cli import _state
from srsurvey.cli._options import DebugOption, NoFiguresOption, StudyOption

if TYPE_CHECKING:
    from srsurvey.batch import FileResult

ProgressCallback = Callable[["FileResult", int, int], None]


def batch(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder with the exports (CSV, TSV, XLSX). Subfolders are "
            "searched too.",
            metavar="DIR",
            show_default=False,
        ),
    ],
    study: StudyOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Output folder. Default: reports/<folder name>/ in the current "
            "folder.",
            metavar="DIR",
            file_okay=False,
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Number of exports analysed at once, each in its own process.",
            metavar="N",
        ),
    ] = 1,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Analyse every export again, even unchanged ones."
        ),
    ] = False,
    no_figures: NoFiguresOption = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print only the exports that failed, no progress."
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    _state.debug = _state.debug or debug
    quiet = quiet or _state.quiet

    from srsurvey.batch import run_batch

    with _progress_display(quiet) as progress:
        result = run_batch(
            folder,
            study=study,
            out=out,
            jobs=jobs,
            force=force,
            figures=not no_figures,
            progress=progress,
        )

    counts = {
        status: len(result.with_status(status))
        for status in ("ok", "skipped", "failed")
    }
    typer.echo(
        f"{len(result.files)} exports: {counts['ok']} analysed, "
        f"{counts['skipped']} unchanged, {counts['failed']} failed."
    )
    typer.echo(f"  summary: {result.summary_path}")
    typer.echo(f"  open {result.index_path}")
    sys.stdout.flush()
    if result.exit_code:
        raise typer.Exit(code=result.exit_code)


@contextmanager
def _progress_display(quiet: bool) -> Iterator[ProgressCallback]:
    """Yield the progress callback: a rich bar on a terminal, else lines on stderr."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if quiet or not console.is_terminal:
        yield _line_printer(quiet)
        return

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("Analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task_id = bar.add_task("", total=None)

        def advance(result: FileResult, done: int, total: int) -> None:
            if result.status == "failed":
                bar.console.print(_line(result, done, total), markup=False)
            bar.update(task_id, completed=done, total=total, description=result.file)

        yield advance


def _line_printer(quiet: bool) -> ProgressCallback:
    def print_line(result: FileResult, done: int, total: int) -> None:
        if quiet and result.status != "failed":
            return
        typer.echo(_line(result, done, total), err=True)

    return print_line


def _line(result: FileResult, done: int, total: int) -> str:
    line = f"[{done}/{total}] {result.status} {result.file} ({result.seconds:.1f} s)"
    if result.error:
        line = f"{line}: {result.error}"
    return line
