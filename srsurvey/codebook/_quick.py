"""Quick mode: a study built from ``--scale``, ``--range``, ``--group`` and ``--id``."""

from __future__ import annotations

import re

from srsurvey.codebook.labelsets import COMMON_MISSING
from srsurvey.codebook.study import (
    AnalysisOptions,
    GroupSpec,
    ItemSpec,
    ScaleSpec,
    Study,
)
from srsurvey.errors import CodebookError

_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_value_range(text: str) -> tuple[float, float]:
    """Parse ``--range MIN-MAX`` such as ``1-5`` or ``0-10``."""
    found = _RANGE.match(text)
    if found is None:
        raise CodebookError(
            f'--range "{text}" is not of the form MIN-MAX.',
            hint="Write the lowest and highest valid answers, such as --range 1-5.",
            value=text,
        )
    low, high = float(found.group(1)), float(found.group(2))
    if low >= high:
        raise CodebookError(
            f'--range "{text}" has MIN {low:g} not below MAX {high:g}.',
            hint=f"Write the lowest value first, such as --range {high:g}-{low:g}.",
            value=text,
        )
    return low, high


def parse_scale_option(text: str) -> tuple[str, list[tuple[str, bool]]]:
    """Split ``NAME=ITEM,ITEM,-ITEM`` into the name and (item, reversed) pairs."""
    if "=" not in text:
        raise CodebookError(
            f'--scale "{text}" has no "=" between the scale name and its items.',
            hint=f"Write --scale {text.strip() or 'NAME'}=ITEM,ITEM,-ITEM with the "
            "column headers of its items.",
            value=text,
        )
    name, _, item_text = text.partition("=")
    name = name.strip()
    if not name:
        raise CodebookError(
            f'--scale "{text}" has no scale name before "=".',
            hint="Write --scale NAME=ITEM,ITEM,-ITEM.",
            value=text,
        )
    entries = []
    for raw in item_text.split(","):
        entry = raw.strip()
        if not entry:
            continue
        reversed_ = entry.startswith("-")
        header = entry[1:].strip() if reversed_ else entry
        if not header:
            raise CodebookError(
                f'--scale "{text}" has a "-" without an item after it.',
                hint="Write the minus directly before the item, as in -A1.",
                value=text,
            )
        entries.append((header, reversed_))
    if not entries:
        raise CodebookError(
            f'--scale "{text}" lists no items after "=".',
            hint=f"List the column headers of its items, as in --scale {name}=Q1,Q2,-Q3.",
            value=text,
        )
    return name, entries


def build_quick_study(
    *,
    name: str,
    scales: list[str],
    value_range: str | None,
    groups: list[str],
    id_column: str | None,
    missing: str | None,
) -> Study:
    """Build the study of :func:`srsurvey.codebook.study.study_from_options`."""
    item_range = parse_value_range(value_range) if value_range is not None else None
    items: dict[str, ItemSpec] = {}
    scale_specs: dict[str, ScaleSpec] = {}
    signs: dict[str, tuple[bool, str]] = {}
    for option in scales:
        scale_name, entries = parse_scale_option(option)
        if scale_name in scale_specs:
            raise CodebookError(
                f'--scale "{scale_name}" is given twice.',
                hint="Give each scale a different name, or list all its items once.",
                value=option,
            )
        scale = ScaleSpec(id=scale_name)
        for header, reversed_ in entries:
            if header in scale.items:
                raise CodebookError(
                    f'--scale "{scale_name}" lists "{header}" twice.',
                    hint="List each item once.",
                    value=option,
                )
            previous = signs.get(header)
            if previous is not None and previous[0] != reversed_:
                raise CodebookError(
                    f'"{header}" is reverse-keyed in one --scale and not in another '
                    f'("{previous[1]}" and "{scale_name}").',
                    hint="Write the minus before the item in every scale or in none.",
                    value=option,
                )
            signs[header] = (reversed_, scale_name)
            items.setdefault(
                header,
                ItemSpec(id=header, column=header, range=item_range, reverse=reversed_),
            )
            scale.items.append(header)
            if reversed_:
                scale.reversed_items.add(header)
        scale_specs[scale_name] = scale

    group_specs = {}
    for column in groups:
        group_specs[column] = GroupSpec(id=column, column=column)

    analysis = AnalysisOptions()
    if missing is not None:
        if missing not in ("pairwise", "listwise"):
            raise CodebookError(
                f'--missing "{missing}" is not allowed.',
                hint="Use --missing pairwise or --missing listwise.",
                value=missing,
            )
        analysis.missing = missing

    return Study(
        name=name,
        title=name,
        id_column=id_column,
        # "Затрудняюсь ответить", "Prefer not to answer" and the like are no answer,
        # as in the first look; a study file lists its own missing codes.
        missing=list(COMMON_MISSING),
        items=items,
        scales=scale_specs,
        groups=group_specs,
        analysis=analysis,
    )
