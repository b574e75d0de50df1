"""Diverging stacked bar charts of Likert items."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srsurvey.errors import ScoringError
from srsurvey.plots._style import (
    FIGURE_WIDTH,
    PALETTE,
    TITLE_CHARS_PER_INCH,
    _add_level_legend,
    _annotate_n,
    _check_count_table,
    _check_title,
    _draw_stacked_rows,
    _hide_overflowing_labels,
    _label_segment,
    _line_count,
    _new_figure,
    _show,
    _warn_empty_rows,
    _wrap,
    figure_context,
    largest_remainder_percent,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = ["diverging_likert"]

ITEM_LABEL_WIDTH = 48


def diverging_likert(
    counts: pd.DataFrame,
    *,
    title: str,
    n: int | None = None,
    sort: bool = True,
    xlabel: str = "% of answers",
) -> Figure:
    """Draw Likert items as bars that diverge from 0, disagreement to the left.

    Parameters
    ----------
    counts
        One row per item (the index contains the item labels) and one column per response
        option, ordered from the lowest point to the highest. Values are numbers of
        answers. A column of zeros is allowed and keeps its legend entry.
    title
        Chart title, as the study file gives it.
    n
        Number of respondents, shown in the x-axis label as ``N = …``. Each item's own
        number of answers is shown on the right in any case.
    sort
        Order items by agreement, the share of answers above the middle of the scale,
        with the highest at the top. Equal shares keep the input order, and items
        without answers go last. ``False`` keeps the order of ``counts``.
    xlabel
        Label of the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. ``ax.containers`` holds one bar container per segment from left to
        right: the levels below the middle, then the two halves of the middle level
        when the scale has an odd number of points (patch gids ``neutral-left`` and
        ``neutral-right``), then the levels above it. The other patches have the gid
        ``level-<j>`` for column ``j`` of ``counts``. Percent labels are texts with
        gid ``percent-<row>-<j>``, rows counted from the top.

    Raises
    ------
    ScoringError
        If a count is missing, negative or not a whole number, or an item has more
        answers than ``n``.
    CodebookError
        If there are fewer than 2 or more than 11 response options, or two options
        share a label.

    Warns
    -----
    SurveyWarning
        If an item has no answers; it is drawn as an empty row with ``n = 0``.

    Notes
    -----
    With an odd number of points the middle (neutral) option is split into two equal
    halves on both sides of 0, as in the centred bar plots of the R package likert
    (Bryer and Speerschneider). Bar widths are exact percentages of each item's
    answers. The printed labels are whole percentages rounded by the largest remainder
    method, so each item's labels add up to exactly 100, including the labels below
    4 % that are hidden. The middle option gets one label at 0.
    """
    values = _check_count_table(counts, rows="item", levels="response option")
    title = _check_title(title)
    totals = values.sum(axis=1)
    _check_respondents(n, totals, counts.index)

    order = _item_order(values, sort)
    values = values[order]
    totals = totals[order]
    labels = [counts.index[i] for i in order]
    _warn_empty_rows(labels, totals, "item")

    levels = values.shape[1]
    colours = PALETTE.likert(levels)
    shares = 100.0 * values / np.where(totals == 0, 1, totals)[:, None]
    lefts, widths, segment_colours, gids = _diverging_segments(shares, colours)

    wrapped = [_wrap(label, ITEM_LABEL_WIDTH) for label in labels]
    row_height = 0.14 * max(_line_count(text) for text in wrapped) + 0.16
    height = 1.7 + max(row_height, 0.36) * len(labels)

    title_width = int(FIGURE_WIDTH * TITLE_CHARS_PER_INCH)
    with figure_context():
        fig = _new_figure(height, FIGURE_WIDTH)
        ax = fig.add_subplot()
        _draw_stacked_rows(ax, lefts, widths, segment_colours, gids)
        labels_drawn = _label_items(ax, values, shares, colours)

        ax.set_yticks(np.arange(len(labels)), wrapped)
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        _set_percent_axis(ax, lefts, widths)
        ax.axvline(0, color="0.25", linewidth=0.8, zorder=3)
        ax.set_xlabel(xlabel if n is None else f"{xlabel} (N = {n})")
        _annotate_n(ax, totals.tolist())
        _add_level_legend(fig, list(counts.columns), colours)
        fig.suptitle(_wrap(title, title_width), x=0.02, ha="left")
        _hide_overflowing_labels(fig, ax, labels_drawn)
    return fig


def _check_respondents(
    n: object, totals: np.ndarray, items: pd.Index, wave: str | None = None
) -> None:
    """Reject an ``n`` that is not a count or is below an item's number of answers.

    ``wave`` names the wave in the messages of the pre/post Likert chart.
    """
    if n is None and wave is None:
        return
    at = f' at "{wave}"' if wave is not None else ""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        shown = repr(n) if wave is not None else _show(n)
        raise ScoringError(
            f"The number of respondents{at} must be a whole number of 0 or more, "
            f"not {shown}.",
            hint="Pass the number of respondents whose answers were counted."
            if wave is not None
            else "Pass the number of rows that were analysed, or leave n out.",
            value=n,
        )
    over = np.flatnonzero(totals > n)
    if over.size:
        i = int(over[0])
        given = "given for that wave" if wave is not None else "given as n"
        raise ScoringError(
            f'Item "{items[i]}" has {int(totals[i])} answers{at}, more than the {n} '
            f"respondents {given}.",
            hint="Pass the number of respondents of the same rows that were counted.",
            value=int(totals[i]),
        )


def _item_order(values: np.ndarray, sort: bool) -> np.ndarray:
    """Return row positions, by descending agreement when ``sort`` is true."""
    if not sort:
        return np.arange(values.shape[0])
    levels = values.shape[1]
    upper = values[:, levels - levels // 2 :].sum(axis=1)
    totals = values.sum(axis=1)
    agreement = np.where(totals > 0, upper / np.where(totals == 0, 1, totals), -1.0)
    # A stable sort keeps the input order of items with equal agreement.
    return np.argsort(-agreement, kind="stable")


def _diverging_segments(
    shares: np.ndarray, colours: list[str]
) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Lay out the segments of every row from left to right around 0.

    Returns the left edges and widths (rows by segments), then each segment's colour
    and gid. An odd scale's middle level becomes two segments of half its width.
    """
    levels = shares.shape[1]
    middle = levels // 2 if levels % 2 else None
    parts = []
    for j in range(levels):
        if j == middle:
            half = shares[:, j] / 2
            parts.append((half, colours[j], "neutral-left"))
            parts.append((half, colours[j], "neutral-right"))
        else:
            parts.append((shares[:, j], colours[j], f"level-{j}"))

    widths = np.column_stack([width for width, _, _ in parts])
    below = levels // 2
    # Everything below the middle, plus half of the middle level, lies left of 0.
    left_extent = shares[:, :below].sum(axis=1)
    if middle is not None:
        left_extent = left_extent + shares[:, middle] / 2
    lefts = -left_extent[:, None] + np.cumsum(widths, axis=1) - widths
    return lefts, widths, [c for _, c, _ in parts], [g for _, _, g in parts]


def _label_items(
    ax, values: np.ndarray, shares: np.ndarray, colours: list[str]
) -> list[tuple[Text, float]]:
    """Write each level's rounded percentage at the centre of its segment.

    Returns each label with the width of its segment, for the overflow check.
    """
    levels = values.shape[1]
    middle = levels // 2 if levels % 2 else None
    below = levels // 2
    drawn = []
    for i in range(values.shape[0]):
        if values[i].sum() == 0:
            continue
        percents = largest_remainder_percent(values[i])
        start = -shares[i, :below].sum()
        if middle is not None:
            start -= shares[i, middle] / 2
        for j in range(levels):
            centre = 0.0 if j == middle else start + shares[i, j] / 2
            start += shares[i, j]
            gid = f"percent-{i}-{j}"
            text = _label_segment(ax, centre, i, int(percents[j]), colours[j], gid)
            drawn.append((text, shares[i, j]))
    return drawn


def _set_percent_axis(ax, lefts: np.ndarray, widths: np.ndarray) -> None:
    """Fit the x axis to the bars in steps of 10 and label ticks without signs."""
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    left = max(10.0, 10.0 * np.ceil(-lefts.min() / 10.0 - 1e-9))
    right = max(10.0, 10.0 * np.ceil((lefts + widths).max() / 10.0 - 1e-9))
    ax.set_xlim(-left, right)
    ax.xaxis.set_major_locator(MultipleLocator(20 if left + right > 100 else 10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):.0f}"))
    ax.grid(axis="x", color="0.9", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
