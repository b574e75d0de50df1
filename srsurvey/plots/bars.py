"""Bar charts of categorical questions and of score levels by group."""

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
    _text_colour,
    _warn_empty_rows,
    _wrap,
    figure_context,
    largest_remainder_percent,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["category_bars", "levels_by_group"]

OPTION_LABEL_WIDTH = 40
GROUP_LABEL_WIDTH = 30
MULTI_NOTE = (
    "Respondents could choose several options, so the percentages add up to more "
    "than 100."
)

# A value label goes inside its bar beyond this percentage, where the axis ends at 100.
INSIDE_LABEL_PERCENT = 80.0

# Percentages that differ from 100 * count / n by more than this are rejected. Half a
# point allows a caller that rounded the percentages to one decimal or to whole numbers.
PERCENT_TOLERANCE = 0.5


def category_bars(
    percent: pd.Series,
    *,
    title: str,
    n: int,
    xlabel: str = "% of respondents",
    counts: pd.Series | None = None,
    multi: bool = False,
    multi_note: str = MULTI_NOTE,
) -> Figure:
    """Draw one horizontal bar per option of a single-choice or multi-select question.

    Parameters
    ----------
    percent
        Percentage of respondents per option (0 to 100), indexed by option label, in
        the order the bars should have from top to bottom.
    title
        Chart title, as the study file gives it.
    n
        Number of respondents the percentages refer to, shown in the x-axis label.
    xlabel
        Label of the x axis, before the ``(n = …)``.
    counts
        Number of respondents per option, with the same index as ``percent``. When
        given, each value label reads ``74% (148)``; otherwise ``74%``.
    multi
        The question allows several answers, so the percentages may add up to more
        than 100. ``multi_note`` is printed under the chart.
    multi_note
        Note printed under a multi-select chart.

    Returns
    -------
    matplotlib.figure.Figure
        One axes whose only bar container has one bar per option (gid ``option``),
        from top to bottom. The value labels are texts with gid ``value-<i>``.

    Raises
    ------
    ScoringError
        If a percentage is missing or outside 0 to 100, the percentages of a
        single-choice question add up to more than 100, ``n`` is not a positive whole
        number, or ``counts`` does not match ``percent`` and ``n``.

    Notes
    -----
    When the percentages of a single-choice question add up to 100 (within half a
    point), the labels are rounded with the largest remainder method so that they add
    up to exactly 100. Otherwise each label is rounded half up. In both cases a share
    above 0 that rounds to 0 is printed as ``<1%``, and with half-up rounding a share
    from 99.5 to below 100 is printed as ``>99%``.
    """
    title = _check_title(title)
    shares = _check_percent(percent, n, multi)
    if counts is not None:
        counts = _check_option_counts(counts, percent, shares, n)

    texts = _value_texts(shares, counts, multi)
    wrapped = [_wrap(label, OPTION_LABEL_WIDTH) for label in percent.index]
    row_height = max(0.16 * max(_line_count(t) for t in wrapped) + 0.18, 0.38)
    height = 1.3 + row_height * len(wrapped) + (0.3 if multi else 0.0)

    width = FIGURE_WIDTH * 0.85
    with figure_context():
        fig = _new_figure(height, width)
        ax = fig.add_subplot()
        positions = np.arange(len(shares))
        bars = ax.barh(positions, shares, height=0.65, color=PALETTE.bar, zorder=2)
        for patch in bars.patches:
            patch.set_gid("option")
        for i, (share, text) in enumerate(zip(shares, texts, strict=True)):
            inside = share > INSIDE_LABEL_PERCENT
            ax.text(
                share - 1.0 if inside else share + 1.0,
                i,
                text,
                ha="right" if inside else "left",
                va="center",
                fontsize=8,
                color=_text_colour(PALETTE.bar) if inside else "black",
                gid=f"value-{i}",
                zorder=4,
            )
        ax.set_yticks(positions, wrapped)
        ax.set_ylim(len(shares) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="0.9", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"{xlabel} (n = {n})")
        if multi:
            fig.supxlabel(multi_note, x=0.02, ha="left", fontsize=8, style="italic")
        fig.suptitle(_wrap(title, int(width * TITLE_CHARS_PER_INCH)), x=0.02, ha="left")
    return fig


def levels_by_group(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str = "% of respondents",
) -> Figure:
    """Draw the distribution of ordered levels in each group as 100 % stacked bars.

    Parameters
    ----------
    table
        One row per group, in the order of the bars from top to bottom, and one column
        per level, ordered from low to high. Values are numbers of respondents. A
        column of zeros is allowed and keeps its legend entry.
    title
        Chart title, as the study file gives it.
    xlabel
        Label of the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with one bar container per level, holding one bar per group with
        gid ``level-<j>``, and the number of respondents of each group on the right.

    Raises
    ------
    ScoringError
        If a count is missing, negative or not a whole number.
    CodebookError
        If there are fewer than 2 or more than 11 levels, or two levels share a label.

    Warns
    -----
    SurveyWarning
        If a group has no respondents; it is drawn as an empty row with ``n = 0``.

    Notes
    -----
    Bar widths are exact percentages of each group. The labels are whole percentages
    rounded by the largest remainder method, so each group's labels add up to exactly
    100, including the labels below 4 % that are hidden.
    """
    values = _check_count_table(table, rows="group", levels="level")
    title = _check_title(title)
    totals = values.sum(axis=1)
    _warn_empty_rows(list(table.index), totals, "group")

    colours = PALETTE.likert(values.shape[1])
    shares = 100.0 * values / np.where(totals == 0, 1, totals)[:, None]
    lefts = np.cumsum(shares, axis=1) - shares
    gids = [f"level-{j}" for j in range(values.shape[1])]

    wrapped = [_wrap(label, GROUP_LABEL_WIDTH) for label in table.index]
    row_height = max(0.16 * max(_line_count(t) for t in wrapped) + 0.2, 0.4)
    height = 1.7 + row_height * len(wrapped)

    title_width = int(FIGURE_WIDTH * TITLE_CHARS_PER_INCH)
    with figure_context():
        fig = _new_figure(height, FIGURE_WIDTH)
        ax = fig.add_subplot()
        _draw_stacked_rows(ax, lefts, shares, colours, gids)
        drawn = []
        for i in range(values.shape[0]):
            if totals[i] == 0:
                continue
            percents = largest_remainder_percent(values[i])
            for j in range(values.shape[1]):
                centre = lefts[i, j] + shares[i, j] / 2
                gid = f"percent-{i}-{j}"
                text = _label_segment(ax, centre, i, int(percents[j]), colours[j], gid)
                drawn.append((text, shares[i, j]))

        ax.set_yticks(np.arange(len(wrapped)), wrapped)
        ax.set_ylim(len(wrapped) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(xlabel)
        _annotate_n(ax, totals.tolist())
        _add_level_legend(fig, list(table.columns), colours)
        fig.suptitle(_wrap(title, title_width), x=0.02, ha="left")
        _hide_overflowing_labels(fig, ax, drawn)
    return fig


def _check_percent(percent: object, n: object, multi: bool) -> np.ndarray:
    if not isinstance(percent, pd.Series) or percent.empty:
        raise ScoringError(
            "The percentages must be a non-empty pandas Series, indexed by option.",
            hint="Pass one percentage per answer option.",
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ScoringError(
            f"The number of respondents must be a whole number above 0, not {_show(n)}.",
            hint="Pass the number of respondents who were asked the question.",
            value=n,
        )
    numbers = pd.to_numeric(percent, errors="coerce").to_numpy(dtype=float)
    valid = np.isfinite(numbers) & (numbers >= 0) & (numbers <= 100)
    if not valid.all():
        i = int(np.flatnonzero(~valid)[0])
        raise ScoringError(
            f'The percentage of option "{percent.index[i]}" is {_show(percent.iloc[i])}, '
            "but percentages must lie between 0 and 100.",
            hint="Pass percentages of respondents (0 to 100), not shares or counts.",
            value=percent.iloc[i],
        )
    total = float(numbers.sum())
    if not multi and total > 100 + PERCENT_TOLERANCE:
        raise ScoringError(
            f"The percentages add up to {total:.1f}, more than 100, but the question "
            "is drawn as single-choice.",
            hint="Pass multi=True for a question that allows several answers.",
            value=round(total, 1),
        )
    return numbers


def _check_option_counts(
    counts: object, percent: pd.Series, shares: np.ndarray, n: int
) -> np.ndarray:
    if not isinstance(counts, pd.Series) or not counts.index.equals(percent.index):
        raise ScoringError(
            "The counts do not have the same options, in the same order, as the "
            "percentages.",
            hint="Build counts and percentages from the same table of answers.",
        )
    numbers = pd.to_numeric(counts, errors="coerce").to_numpy(dtype=float)
    valid = (
        np.isfinite(numbers)
        & (numbers >= 0)
        & (numbers == np.floor(numbers))
        & (numbers <= n)
    )
    if not valid.all():
        i = int(np.flatnonzero(~valid)[0])
        raise ScoringError(
            f'The count of option "{counts.index[i]}" is {_show(counts.iloc[i])}, but '
            f"counts must be whole numbers from 0 to n = {n}.",
            hint="Pass the number of respondents who chose each option.",
            value=counts.iloc[i],
        )
    expected = 100.0 * numbers / n
    off = np.flatnonzero(np.abs(expected - shares) > PERCENT_TOLERANCE)
    if off.size:
        i = int(off[0])
        raise ScoringError(
            f'Option "{counts.index[i]}" has {int(numbers[i])} of n = {n} respondents, '
            f"which is {expected[i]:.1f} %, but its percentage is {shares[i]:.1f}.",
            hint="Compute percentages and counts on the same respondents and n.",
            value=shares[i],
        )
    return numbers.astype(np.int64)


def _value_texts(
    shares: np.ndarray, counts: np.ndarray | None, multi: bool
) -> list[str]:
    if not multi and abs(shares.sum() - 100.0) <= PERCENT_TOLERANCE:
        percents = largest_remainder_percent(shares)
        rounded = [
            "<1%" if p == 0 and share > 0 else f"{p}%"
            for p, share in zip(percents, shares, strict=True)
        ]
    else:
        rounded = [_round_half_up(share) for share in shares]
    if counts is None:
        return rounded
    return [f"{text} ({count})" for text, count in zip(rounded, counts, strict=True)]


def _round_half_up(share: float) -> str:
    if 0 < share < 0.5:
        return "<1%"
    if 99.5 <= share < 100:
        return ">99%"
    return f"{int(np.floor(share + 0.5))}%"
