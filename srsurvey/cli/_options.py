"""Options shared by several commands, declared once as ``Annotated`` aliases."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class MissingRule(str, Enum):
    pairwise = "pairwise"
    listwise = "listwise"


StudyOption = Annotated[
    Path | None,
    typer.Option(
        "--study",
        "-s",
        help="Study file (YAML) that declares items, scales and groups.",
        metavar="FILE",
        dir_okay=False,
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Output folder. Default: reports/<study name>/ in the current folder.",
        metavar="DIR",
        file_okay=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the output folder if it exists.")
]
ScaleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--scale",
        help=(
            "Quick-mode scale as NAME=ITEM,ITEM,-ITEM; a leading minus reverse-keys "
            "an item. Repeat for several scales."
        ),
        metavar="NAME=ITEMS",
    ),
]
RangeOption = Annotated[
    str | None,
    typer.Option(
        "--range",
        help="Lowest and highest possible answer of numeric items, as MIN-MAX (1-5).",
        metavar="MIN-MAX",
    ),
]
GroupOption = Annotated[
    list[str] | None,
    typer.Option(
        "--group", help="Column to break results down by. Repeatable.", metavar="COLUMN"
    ),
]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="Column that holds the respondent id.", metavar="COLUMN"),
]
MissingOption = Annotated[
    MissingRule | None,
    typer.Option(
        "--missing",
        help=(
            "Missing-data rule for reliability: pairwise (as R psych::alpha) or "
            "listwise. Default: the study file's, else pairwise."
        ),
    ),
]
KeepIdentifiersOption = Annotated[
    bool,
    typer.Option(
        "--keep-identifiers",
        help="Keep names, e-mails and phone numbers in the outputs (off by default).",
    ),
]
NoFiguresOption = Annotated[
    bool, typer.Option("--no-figures", help="Write tables only, without charts.")
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet", help="Sheet of an XLSX export. Default: the first.", metavar="NAME"
    ),
]
DebugOption = Annotated[
    bool,
    typer.Option("--debug", help="Show the full traceback of an error.", hidden=True),
]
SpssOption = Annotated[
    Path | None,
    typer.Option(
        "--spss",
        help="Also write the scored data, with labels, to this SPSS .sav file.",
        metavar="FILE",
        dir_okay=False,
    ),
]


def check_scale_items(scale: list[str]) -> None:
    """Reject an empty item in ``--scale`` (``q1,,q3``) as a command-line error."""
    for text in scale:
        _, _, items = text.partition("=")
        entries = items.split(",")
        empty = [n for n, entry in enumerate(entries, 1) if not entry.strip()]
        if empty:
            raise typer.BadParameter(
                f"{text!r} has an empty item (item {empty[0]} of {len(entries)}): "
                "remove the extra comma, or write the missing column header, as in "
                "--scale total=q1,q2,q3",
                param_hint="'--scale'",
            )


MinAnsweredOption = Annotated[
    str | None,
    typer.Option(
        "--min-answered",
        help=(
            "Quick mode: answered items a respondent needs for a scale score, as a "
            "share (0.75) or a count (3). Default: all items."
        ),
        metavar="SHARE|COUNT",
    ),
]


def parse_min_answered(text: str | None) -> float | int | None:
    """Return ``--min-answered`` as a share (float) or a count (int), or raise."""
    if text is None:
        return None
    try:
        value = int(text) if re.fullmatch(r"\s*\d+\s*", text) else float(text)
    except ValueError:
        value = None
    if isinstance(value, int) and value >= 1:
        return value
    if isinstance(value, float) and 0 < value <= 1:
        return value
    raise typer.BadParameter(
        f"{text!r} is neither a share between 0 and 1 (0.75) nor a count of 1 or "
        "more (3).",
        param_hint="'--min-answered'",
    )
