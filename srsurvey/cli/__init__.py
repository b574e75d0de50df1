"""The ``srsurvey`` command line.

This module imports only Typer and the standard library, so ``srsurvey --help`` starts
without loading pandas, scipy, pingouin or matplotlib. Each command imports the library
code it needs inside its body.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Annotated

import typer

from srsurvey import __version__
from srsurvey.cli import _state
from srsurvey.cli.analyze import analyze
from srsurvey.cli.batch import batch
from srsurvey.cli.compare import compare
from srsurvey.cli.init import init
from srsurvey.cli.validate import validate
from srsurvey.cli.whatsapp import whatsapp
from srsurvey.errors import SurveyError

__all__ = ["app", "main", "run"]

app = typer.Typer(
    name="srsurvey",
    help=(
        "Analyse questionnaire exports: score scales, check reliability, compare "
        "groups and write charts and reports.\n\n"
        "Example: srsurvey analyze data/sample_pre.csv --study data/study.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"srsurvey {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the srsurvey version and exit.",
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an error (it may contain answers).",
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each step to stderr.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Hide warnings; print errors and the summary only."
        ),
    ] = False,
) -> None:
    """Set the options that apply to every command."""
    _state.debug = _state.debug or debug
    _state.quiet = quiet
    if verbose and not quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("srsurvey")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


app.command(
    "analyze",
    help=(
        "Analyse one questionnaire export.\n\n"
        "Scores, describes and compares the answers of the export. "
        "Without a study file or --scale it describes every question of the "
        "export. Without arguments it analyses the bundled sample.\n\n"
        "Example: srsurvey analyze tests/data/bfi.csv "
        "--scale agreeableness=-A1,A2,A3,A4,A5 --range 1-6 --group gender"
    ),
)(analyze)
app.command(
    "compare",
    help=(
        "Compare pre and post waves, matched by id.\n\n"
        "Compares two waves (pre and post) of the same respondents, matched by "
        "their id.\n\n"
        "Example: srsurvey compare data/sample_pre.csv data/sample_post.csv "
        '--id "Номер студенческого билета" --scale total=Q1,Q2 --arm Группа'
    ),
)(compare)
app.command(
    "init",
    help=(
        "Draft a study file from an export.\n\n"
        "The commented draft declares items, response scales, groups, questions, "
        "the id and personal-data columns.\n\n"
        "Example: srsurvey init data/sample_pre.csv --out study.yaml"
    ),
)(init)
app.command(
    "validate",
    help=(
        "Check an export against a study file.\n\n"
        "Lists every problem at once, without analysing. The exit code is 1 when "
        "there are problems.\n\n"
        "Example: srsurvey validate data/sample_pre.csv --study data/study.yaml"
    ),
)(validate)
app.command(
    "whatsapp",
    help=(
        "Count WhatsApp poll votes and typed answers.\n\n"
        "Reads WhatsApp chat exports and replaces senders by codes.\n\n"
        "Example: srsurvey whatsapp chat-11A.zip chat-11B.zip --study study.yaml"
    ),
)(whatsapp)
app.command(
    "batch",
    help=(
        "Analyse every export in a folder.\n\n"
        "Writes each export's report into its own folder, plus batch_summary.csv "
        "and index.html.\n\n"
        "A rerun skips exports whose content and options are unchanged. The exit "
        "code is 1 when any export failed.\n\n"
        "Example: srsurvey batch exports/ --study study.yaml --jobs 2"
    ),
)(batch)


def _print_error(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


def run(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code.

    Exit codes: 0 success, 1 a problem with the input files or an internal error,
    2 a wrong command line.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _state.reset(debug=os.environ.get("SRSURVEY_DEBUG") == "1" or "--debug" in args)
    try:
        # Standalone mode lets Typer print usage errors (exit code 2) and handle
        # --help and --version; it ends every run with SystemExit.
        app(args=args, prog_name="srsurvey", standalone_mode=True)
    except SystemExit as done:
        return (
            done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        )
    except SurveyError as error:
        if _state.debug:
            traceback.print_exc()
        _print_error(str(error))
        return 1
    except KeyboardInterrupt:
        _print_error("interrupted; nothing was written.")
        return 130
    except Exception as error:  # noqa: BLE001 - a bug: report its type, not the data
        if _state.debug:
            traceback.print_exc()
        else:
            _print_error(
                f"srsurvey failed unexpectedly ({type(error).__name__}). Run the "
                "command again with --debug to see the traceback, and report it "
                "without the data."
            )
        return 1
    return 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
