"""``srsurvey compare``: a pre/post analysis of two exports without a study file."""

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
    NoFiguresOption,
    OutOption,
    RangeOption,
    ScaleOption,
    check_scale_items,
)
from srsurvey.cli.analyze import _check_quick_options


class PairedTest(str, Enum):
    auto = "auto"
    t = "t"
    wilcoxon = "wilcoxon"


class Correction(str, Enum):
    holm = "holm"
    fdr_bh = "fdr_bh"
    none = "none"


def compare(
    pre: Annotated[
        Path,
        typer.Argument(
            help="Export of the first wave (CSV, XLSX).", metavar="PRE", dir_okay=False
        ),
    ],
    post: Annotated[
        Path,
        typer.Argument(
            help="Export of the second wave (CSV, XLSX).",
            metavar="POST",
            dir_okay=False,
        ),
    ],
    id_column: Annotated[
        str,
        typer.Option(
            "--id",
            help="Column with the respondent id that matches the waves. Ids are "
            "compared after normalising case, spaces and Cyrillic look-alike letters.",
            metavar="COLUMN",
        ),
    ],
    scale: ScaleOption = None,
    value_range: RangeOption = None,
    arm: Annotated[
        str | None,
        typer.Option(
            "--arm",
            help="Column with the study arm (intervention or control).",
            metavar="COLUMN",
        ),
    ] = None,
    intervention: Annotated[
        str | None,
        typer.Option(
            "--intervention",
            help="Value of the --arm column that marks the intervention arm. "
            "Default: the arm whose name does not say control.",
            metavar="VALUE",
        ),
    ] = None,
    test: Annotated[
        PairedTest,
        typer.Option(
            "--test",
            help="Test to report: t (paired t-test), wilcoxon, or auto (t-test from "
            "50 pairs on or when the differences pass Shapiro-Wilk).",
        ),
    ] = PairedTest.auto,
    correction: Annotated[
        Correction,
        typer.Option(
            "--correction",
            help="p-value correction within each family of tests.",
        ),
    ] = Correction.holm,
    out: OutOption = None,
    force: ForceOption = False,
    no_figures: NoFiguresOption = False,
    debug: DebugOption = False,
) -> None:
    _state.debug = _state.debug or debug
    scale = scale or []
    if not scale:
        raise typer.BadParameter(
            "name at least one scale, for example --scale total=Q1,Q2,-Q3",
            param_hint="'--scale'",
        )
    _check_quick_options(scale, value_range, None)
    check_scale_items(scale)

    from srsurvey.analysis import AnalysisRequest, _close_figures, _summary_text
    from srsurvey.analysis._prepost import run_prepost_analysis
    from srsurvey.codebook.study import WaveSpec, WavesSpec, study_from_options
    from srsurvey.tables.write import write_report

    study = study_from_options(
        name=f"{pre.stem}-vs-{post.stem}",
        scales=scale,
        value_range=value_range,
        groups=[arm] if arm else [],
        id_column=id_column,
        missing=None,
    )
    study.title = f"{pre.name} vs {post.name}"
    study.analysis.correction = correction.value
    study.waves = WavesSpec(
        waves={
            "pre": WaveSpec(id="pre", label="Pre", files=[pre]),
            "post": WaveSpec(id="post", label="Post", files=[post]),
        },
        key_column=id_column,
        arm=arm,
        intervention=intervention,
        test=test.value,
    )
    request = AnalysisRequest(
        files=[], figures=not no_figures, out=out, force=force, id_column=id_column
    )
    request.test = test.value
    request.correction = correction.value
    report = run_prepost_analysis(request, study)
    out_dir = out or Path("reports") / report.name
    formats = None if not no_figures else {"html", "csv", "xlsx", "md", "json", "docx"}
    write_report(report, out_dir, force=force, formats=formats)
    _close_figures(report)

    if not _state.quiet:
        for warning in report.warnings:
            typer.echo(f"Warning: {warning}", err=True)
    typer.echo(_summary_text(report, Path(out_dir)))
    sys.stdout.flush()
