"""Box plots of scale scores, overall or by group, with every respondent as a point."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import (
    PALETTE,
    TITLE_CHARS_PER_INCH,
    _check_title,
    _new_figure,
    _show,
    _wrap,
    figure_context,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["score_distribution"]

# A fixed seed makes the horizontal jitter, and so the PNG and SVG files, the same
# on every run.
JITTER_SEED = 20240601
JITTER_HALF_WIDTH = 0.18
BOX_WIDTH = 0.5
GROUP_LABEL_WIDTH = 14
# Above this many scores in a group, a fixed random sample of them is drawn as points,
# so a chart of 100,000 respondents stays readable and its SVG small.
MAX_POINTS_PER_GROUP = 1000


def score_distribution(
    scores: pd.Series,
    groups: pd.Series | None = None,
    *,
    title: str,
    ylabel: str,
    order: list | None = None,
    show_mean: bool = True,
) -> Figure:
    """Draw a box plot of ``scores`` per group, with each respondent as a point.

    Parameters
    ----------
    scores
        One numeric score per respondent. Missing scores (respondents who answered
        too few items) are left out, and the ``n`` under each box counts only the
        scores drawn.
    groups
        Group of each respondent, with the same index as ``scores``. An ordered
        ``Categorical`` gives the order of the boxes, and its unused categories are
        shown as empty slots with ``n = 0``. Without ``groups`` one box is drawn.
    title
        Chart title, as the study file gives it.
    ylabel
        Label of the score axis, e.g. the scale label and its range.
    order
        Group values in the order of the boxes, from left to right. Values listed here
        but absent from the data get an empty slot with ``n = 0``. Values in the data
        but not listed follow, most frequent first, as for ``order`` in the study file.
        Without ``order`` and without categories, groups are ordered by frequency.
    show_mean
        Mark each group's mean with a white diamond.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. Artists carry gids for reading them back: ``box``, ``median``,
        ``whisker``, ``mean`` and ``points-<k>`` for the points of box ``k``.

    Raises
    ------
    ScoringError
        If a score is not a number, no score is left to draw, or ``groups`` has an
        index different from ``scores``.
    CodebookError
        If ``order`` is given without ``groups`` or lists a value twice.

    Warns
    -----
    SurveyWarning
        If respondents have a score but no group; they are left out of the chart.

    Notes
    -----
    The box spans the first to the third quartile, computed with linear interpolation
    (numpy.percentile's default, R's ``quantile(type = 7)``, as ggplot2 uses). The
    whiskers reach the most extreme scores within 1.5 times the interquartile range
    of the box. Scores beyond them are not drawn twice as outlier markers, because
    every score is already a point. A group with more than
    :data:`MAX_POINTS_PER_GROUP` scores shows a fixed random sample of that many
    points, and the subtitle says so; its box, median and mean use every score.
    """
    title = _check_title(title)
    values = _numeric_scores(scores)
    labels, samples = _split_by_group(values, groups, order)

    width = min(max(4.5, 1.1 * len(labels) + 1.5), 12.0)
    tick_labels = [
        f"{_wrap(label, GROUP_LABEL_WIDTH)}\nn = {len(sample)}"
        for label, sample in zip(labels, samples, strict=True)
    ]
    if groups is None:
        tick_labels = [f"n = {len(samples[0])}"]
    label_lines = max(text.count("\n") + 1 for text in tick_labels)

    with figure_context():
        fig = _new_figure(4.2 + 0.15 * label_lines, width)
        ax = fig.add_subplot()
        for k, sample in enumerate(samples):
            if len(sample):
                _draw_group(ax, k, sample, PALETTE.group(k), show_mean)
        ax.set_xticks(np.arange(len(labels)), tick_labels)
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.tick_params(axis="x", length=0)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(_wrap(title, int(width * TITLE_CHARS_PER_INCH)), loc="left")
        if any(len(sample) > MAX_POINTS_PER_GROUP for sample in samples):
            ax.annotate(
                f"Points: a random {MAX_POINTS_PER_GROUP:,} per group; boxes use "
                "every score.",
                xy=(0, 1),
                xycoords="axes fraction",
                xytext=(0, 4),
                textcoords="offset points",
                fontsize=8,
                color="0.35",
                va="bottom",
                gid="points-note",
            )
    return fig


def _numeric_scores(scores: object) -> pd.Series:
    if not isinstance(scores, pd.Series):
        raise ScoringError(
            f"The scores must be a pandas Series, not {type(scores).__name__}.",
            hint="Pass one scale score per respondent.",
        )
    numbers = pd.to_numeric(scores, errors="coerce")
    bad = numbers.isna() & scores.notna()
    if bad.any():
        first = bad.idxmax()
        raise ScoringError(
            f"The score of respondent {_show(first)} is {_show(scores.loc[first])}, which is not "
            f"a number ({int(bad.sum())} such score(s) in all).",
            hint="Pass scale scores, not the answer labels.",
            column=None if scores.name is None else str(scores.name),
            value=scores.loc[first],
        )
    if numbers.notna().sum() == 0:
        raise ScoringError(
            "There are no scores to draw: every score is missing.",
            hint="Check that respondents answered enough items for a scale score.",
            column=None if scores.name is None else str(scores.name),
        )
    return numbers.astype(float)


def _split_by_group(
    values: pd.Series, groups: pd.Series | None, order: list | None
) -> tuple[list[object], list[np.ndarray]]:
    """Return the group labels in box order and the scores of each group."""
    if groups is None:
        if order is not None:
            raise CodebookError(
                "An order of groups was given without the groups themselves.",
                hint="Pass groups, or leave order out.",
                value=order,
            )
        return ["all"], [values.dropna().to_numpy()]

    if not isinstance(groups, pd.Series) or not groups.index.equals(values.index):
        raise ScoringError(
            "The groups do not have the same index as the scores.",
            hint="Take scores and groups from the same table of respondents.",
        )

    scored = values.notna()
    ungrouped = int((scored & groups.isna()).sum())
    if ungrouped:
        warnings.warn(
            f"{ungrouped} respondent(s) with a score have no value of "
            f'"{groups.name}" and are left out of the chart.',
            SurveyWarning,
            stacklevel=3,
        )

    keep = scored & groups.notna()
    present = groups[keep]
    labels = _group_order(groups, present, order)
    samples = [values[keep][present == label].to_numpy() for label in labels]
    return labels, samples


def _group_order(groups: pd.Series, present: pd.Series, order: list | None) -> list:
    frequent = present.value_counts(sort=True).index.tolist()
    if order is not None:
        repeated = sorted({str(v) for v in order if list(order).count(v) > 1})
        if repeated:
            raise CodebookError(
                f"The order of groups lists {', '.join(repeated)} more than once.",
                hint="List every group once in the order.",
                value=order,
            )
        return list(order) + [v for v in frequent if v not in order]
    if isinstance(groups.dtype, pd.CategoricalDtype):
        return list(groups.cat.categories)
    return frequent


def _draw_group(
    ax: Axes, k: int, sample: np.ndarray, colour: str, show_mean: bool
) -> None:
    from matplotlib.colors import to_rgba

    parts = ax.boxplot(
        sample,
        positions=[k],
        widths=BOX_WIDTH,
        whis=1.5,
        showfliers=False,
        showmeans=show_mean,
        patch_artist=True,
        manage_ticks=False,
        boxprops={"facecolor": to_rgba(colour, 0.35), "edgecolor": "0.2"},
        medianprops={"color": "black", "linewidth": 1.6},
        whiskerprops={"color": "0.2"},
        capprops={"color": "0.2"},
        meanprops={
            "marker": "D",
            "markerfacecolor": "white",
            "markeredgecolor": "black",
            "markersize": 6,
        },
        zorder=2,
    )
    for name, gid in (
        ("boxes", "box"),
        ("medians", "median"),
        ("whiskers", "whisker"),
        ("caps", "cap"),
        ("means", "mean"),
    ):
        for artist in parts.get(name, []):
            artist.set_gid(gid)
    for artist in parts.get("means", []):
        artist.set_zorder(5)

    # One generator per box keeps a box's jitter unchanged when other groups change.
    rng = np.random.default_rng([JITTER_SEED, k])
    shown = sample
    if len(sample) > MAX_POINTS_PER_GROUP:
        # The box still summarises every score; only the points are a sample.
        shown = rng.choice(sample, size=MAX_POINTS_PER_GROUP, replace=False)
    offsets = rng.uniform(-JITTER_HALF_WIDTH, JITTER_HALF_WIDTH, size=len(shown))
    points = ax.scatter(
        k + offsets,
        shown,
        s=9,
        color=colour,
        alpha=0.6,
        linewidths=0,
        zorder=3,
    )
    points.set_gid(f"points-{k}")
