"""``srsurvey analyze``: the whole analysis of one export, from raw file to report."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from srsurvey.cli import _state
from srsurvey.cli._options import (
    DebugOption,
    ForceOption,
    GroupOption,
    IdOption,
    KeepIdentifiersOption,
    MinAnsweredOption,
    MissingOption,
    NoFiguresOption,
    OutOption,
    RangeOption,
    ScaleOption,
    SheetOption,
    SpssOption,
    StudyOption,
    check_scale_items,
    parse_min_answered,
)

_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$")
_SCALE = re.compile(r"^\s*([A-Za-z][\w.-]*)\s*=\s*(.+)$")


def bundled_study() -> Path | None:
    """Return the bundled sample's study file, or None when it is not available.

    The sample lives in ``data/`` of the source checkout, next to the package.
    ``data/study.yaml`` in the current folder takes precedence.
    """
    candidates = [
        Path.cwd() / "data" / "study.yaml",
        Path(__file__).resolve().parents[2] / "data" / "study.yaml",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _check_quick_options(
    scale: list[str], value_range: str | None, study: Path | None
) -> None:
    """Reject malformed quick-mode options as command-line errors (exit code 2)."""
    if study is not None and scale:
        raise typer.BadParameter(
            "use either --study or --scale, not both: a study file declares its "
            "own scales.",
            param_hint="'--scale'",
        )
    for text in scale:
        match = _SCALE.match(text)
        if not match or not [i for i in match.group(2).split(",") if i.strip()]:
            raise typer.BadParameter(
                f"{text!r} is not NAME=ITEM,ITEM,...; write for example "
                "--scale agreeableness=-A1,A2,A3,A4,A5",
                param_hint="'--scale'",
            )
    check_scale_items(scale)
    _check_reverse_keys_agree(scale)
    if value_range is not None:
        match = _RANGE.match(value_range)
        if not match or float(match.group(1)) >= float(match.group(2)):
            raise typer.BadParameter(
                f"{value_range!r} is not MIN-MAX with MIN below MAX; write for "
                "example --range 1-5",
                param_hint="'--range'",
            )


def _check_reverse_keys_agree(scale: list[str]) -> None:
    """Reject an item reversed in one --scale and not in another (exit code 2).

    One item column is scored one way, so its key must agree across scales.
    """
    signs: dict[str, tuple[bool, str]] = {}
    for text in scale:
        name, _, items = text.partition("=")
        for entry in items.split(","):
            item = entry.strip()
            reversed_here = item.startswith("-")
            item = item.lstrip("-").strip()
            if item in signs and signs[item][0] != reversed_here:
                other = signs[item][1]
                raise typer.BadParameter(
                    f'item "{item}" is reverse-keyed in one scale and not in the '
                    f'other ("{other}" and "{name.strip()}"); write it with the same '
                    "sign in every --scale.",
                    param_hint="'--scale'",
                )
            signs.setdefault(item, (reversed_here, name.strip()))


def analyze(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Export files (CSV, XLSX). Several files are combined.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    study: StudyOption = None,
    out: OutOption = None,
    force: ForceOption = False,
    scale: ScaleOption = None,
    value_range: RangeOption = None,
    group: GroupOption = None,
    id_column: IdOption = None,
    missing: MissingOption = None,
    min_answered: MinAnsweredOption = None,
    keep_identifiers: KeepIdentifiersOption = False,
    no_figures: NoFiguresOption = False,
    sheet: SheetOption = None,
    spss: SpssOption = None,
    debug: DebugOption = False,
) -> None:
    _state.debug = _state.debug or debug
    scale = scale or []
    group = group or []
    files = files or []
    _check_quick_options(scale, value_range, study)
    min_answered_value = parse_min_answered(min_answered)
    if min_answered_value is not None and not scale:
        raise typer.BadParameter(
            "applies to quick-mode scales; a study file sets min_answered per scale.",
            param_hint="'--min-answered'",
        )

    if not files and study is None and not scale:
        study = bundled_study()
        if study is None:
            raise typer.BadParameter(
                "no export given, and the bundled sample (data/study.yaml) was not "
                "found. Name an export: srsurvey analyze EXPORT.csv",
                param_hint="'FILES'",
            )

    from srsurvey.analysis import AnalysisRequest, analyze_to_folder

    request = AnalysisRequest(
        files=list(files),
        study_path=study,
        scales=scale,
        value_range=value_range,
        groups=group,
        id_column=id_column,
        missing=missing.value if missing is not None else None,
        min_answered=min_answered_value,
        keep_identifiers=keep_identifiers,
        figures=not no_figures,
        sheet=sheet,
        out=out,
        force=force,
        spss=spss,
    )
    outcome = analyze_to_folder(request)

    if not _state.quiet:
        for warning in outcome.warnings:
            typer.echo(f"Warning: {warning}", err=True)
    typer.echo(outcome.summary)
    sys.stdout.flush()
