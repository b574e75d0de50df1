"""Charts of pre/post designs: paired scores, means by arm and wave, Likert items at
two waves, and the distribution of post - pre differences.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import (
    FIGURE_WIDTH,
    PALETTE,
    _add_level_legend,
    _annotate_n,
    _check_count_table,
    _check_title,
    _draw_stacked_rows,
    _hide_overflowing_labels,
    _line_count,
    _new_figure,
    _wrap,
    figure_context,
)
from srsurvey.plots.likert import (
    _check_respondents,
    _diverging_segments,
    _label_items,
    _set_percent_axis,
)
from srsurvey.stats.descriptives import as_numeric

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "difference_distribution",
    "likert_pre_post",
    "means_by_arm",
    "paired_slopegraph",
]

# A fixed seed makes the jitter, and so the PNG and SVG files, the same on every run.
JITTER_SEED = 20240601
# Half-width of the horizontal jitter of each respondent's line, in units of the
# distance between the two waves.
PAIR_JITTER = 0.06
# Maximum width of each half-violin, in the same units.
DENSITY_WIDTH = 0.3
# Horizontal spread of all arms at one wave in means_by_arm, in units of the distance
# between waves. Neighbouring arms are at most DODGE_MAX_STEP apart.
DODGE_SPREAD = 0.3
DODGE_MAX_STEP = 0.1
# Differences are drawn with one bin per possible value when they lie on a regular
# grid of at most this many steps (scale means of k items move in steps of 1/k).
MAX_LATTICE_BINS = 60
# Above this many pairs a fixed random sample of them is drawn as lines.
MAX_PAIR_LINES = 1000

PANEL_LABEL_WIDTH = 24
WAVE_LABEL_WIDTH = 18
ITEM_LABEL_WIDTH = 36
LEGEND_LABEL_WIDTH = 26
# Estimated width of one legend entry: the handle and padding, plus one character of
# the 8.5 pt legend font (DejaVu Sans averages about 0.55 em per character).
LEGEND_HANDLE_INCHES = 0.65
LEGEND_CHAR_INCHES = 0.55 * 8.5 / 72
MEAN_COLOUR = "0.1"
# Okabe-Ito vermillion, the contrast colour to the Okabe-Ito blue of the histogram bars.
DIFFERENCE_MEAN_COLOUR = "#D55E00"
ARM_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
CONFIDENCE = 0.95
SUMMARY_COLUMNS = ("arm", "wave", "mean", "ci_low", "ci_high", "n")


def paired_slopegraph(
    pre: pd.Series,
    post: pd.Series,
    *,
    title: str,
    ylabel: str,
    arm: pd.Series | None = None,
    labels: Sequence[str] = ("Pre", "Post"),
) -> Figure:
    """Draw each respondent's pre and post score as a line, with the wave means on top.

    Parameters
    ----------
    pre, post
        One numeric score per respondent at each wave, with the same index (the
        respondent identifier). Only complete pairs are drawn.
    title
        Chart title, as the study file gives it.
    ylabel
        Label of the score axis, e.g. the scale label and its range.
    arm
        Arm (group) of each respondent, with the same index. Each arm gets its own
        panel and colour. The panels follow the categories of a ``Categorical``, the
        sorted values when the arms are numbers, and otherwise the order in which the
        arms first appear, as seaborn's ``categorical_order`` does.
    labels
        Names of the two waves, shown under the x axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per arm (one without ``arm``), in panel order, each with the title
        ``<arm>\\nn = <pairs>``. In each axes the line collection with gid ``pairs``
        contains one segment per complete pair, from (0 + jitter, pre) to (1 + jitter,
        post). The line with gid ``means`` runs through the two wave means at x = 0
        and x = 1, and the line collection with gid ``ci`` contains their 95 %
        confidence intervals. A panel with a single pair has no ``ci``. The
        half-violins have the gids ``density-pre`` and ``density-post``.

    Raises
    ------
    ScoringError
        If a score is not a finite number, ``pre``, ``post`` and ``arm`` do not share
        one index, or no complete pair is left.
    CodebookError
        If ``labels`` is not two texts.

    Warns
    -----
    SurveyWarning
        If respondents lack a pre score, a post score or an arm; they are left out.
        Also if a category of ``arm`` has no complete pair; it gets no panel.

    Notes
    -----
    The confidence interval of each wave mean is ``mean ± t(0.975, n - 1) · sd /
    sqrt(n)`` over the complete pairs, as R's ``t.test(x)$conf.int`` gives it. It
    describes each wave on its own. Whether the scores changed is a question about
    the paired differences, which :func:`difference_distribution` shows with the
    interval of their mean.

    The jitter moves a respondent's line sideways by the same uniform offset at both
    ends, so lines of respondents with equal scores do not lie on top of each other.
    The scores themselves are never moved. The half-violins are Gaussian kernel
    density estimates (:class:`scipy.stats.gaussian_kde`, Scott's bandwidth) cut at
    the lowest and highest score, so they show no impossible values.
    """
    title = _check_title(title)
    wave_labels = _check_wave_labels(labels)
    pairs = _complete_pairs(pre, post, arm)
    panels = _panels(pairs, arm)

    width = min(FIGURE_WIDTH, 2.2 + 2.6 * len(panels))
    with figure_context():
        fig = _new_figure(4.8, width)
        axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
        for k, (ax, (name, panel)) in enumerate(zip(axes, panels, strict=True)):
            colour = PALETTE.group(k) if arm is not None else PALETTE.bar
            _draw_pairs(ax, panel, colour, np.random.default_rng([JITTER_SEED, k]))
            heading = f"n = {len(panel)}"
            if arm is not None:
                heading = f"{_wrap(name, PANEL_LABEL_WIDTH)}\n{heading}"
            ax.set_title(heading, fontsize=9)
            ax.set_xticks([0, 1], [_wrap(w, WAVE_LABEL_WIDTH) for w in wave_labels])
            ax.set_xlim(-0.5, 1.5)
            ax.tick_params(axis="x", length=0)
            ax.grid(axis="y", color="0.9", linewidth=0.6)
            ax.set_axisbelow(True)
        axes[0].set_ylabel(ylabel)
        _add_slopegraph_legend(fig)
        fig.suptitle(_wrap(title, int(width * 8)), x=0.02, ha="left")
    return fig


def means_by_arm(summary: pd.DataFrame, *, title: str, ylabel: str) -> Figure:
    """Draw the mean and 95 % confidence interval of each arm at each wave.

    Parameters
    ----------
    summary
        One row per arm and wave, with the columns ``arm``, ``wave``, ``mean``,
        ``ci_low``, ``ci_high`` and ``n``, as
        :func:`srsurvey.stats.descriptives.describe` gives them for each arm and
        wave. Waves and arms follow the
        categories of a ``Categorical`` column (unused wave categories keep their
        slot on the x axis), and otherwise the order in which they first appear. A
        missing ``mean`` leaves a gap in the line, and a missing ``ci_low`` or
        ``ci_high`` (n < 2) leaves the point without a whisker.
    title
        Chart title, as the study file gives it.
    ylabel
        Label of the score axis.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. For arm ``k`` in order, the line with gid ``mean-<k>`` joins its
        means at x = wave position + offset, and the line collection with gid
        ``ci-<k>`` contains one whisker per finite interval. The legend under the axes
        names each arm with its ``n`` at each wave.

    Raises
    ------
    ScoringError
        If a column is missing, a value is not a number, or ``n`` is not a whole
        number of 0 or more. Also if a mean lies outside its interval, a row lacks
        its arm or wave, or an arm and wave appear in more than one row.

    Notes
    -----
    The arms are shifted sideways around each wave, by at most 0.1 of the distance
    between waves from their neighbour, so that the whiskers do not overlap. Each arm
    also has its own marker shape, so the lines can be told apart without colour.
    """
    title = _check_title(title)
    table = _check_summary(summary)
    waves = _level_order(table["wave"])
    arms = _level_order(table["arm"])
    offsets = _dodge_offsets(len(arms))

    width = min(FIGURE_WIDTH, 3.4 + 1.3 * len(waves))
    with figure_context():
        fig = _new_figure(4.6, width)
        ax = fig.add_subplot()
        positions = np.arange(len(waves), dtype=float)
        for k, name in enumerate(arms):
            rows = table[table["arm"] == name].set_index("wave").reindex(waves)
            _draw_arm_means(ax, k, name, rows, positions + offsets[k])
        ax.set_xticks(positions, [_wrap(w, WAVE_LABEL_WIDTH) for w in waves])
        ax.set_xlim(-0.5, len(waves) - 0.5)
        ax.tick_params(axis="x", length=0)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        ax.set_axisbelow(True)
        _, texts = ax.get_legend_handles_labels()
        fig.legend(
            loc="outside lower center",
            ncols=_legend_columns(texts, width),
            frameon=False,
            handlelength=2.4,
        )
        fig.suptitle(_wrap(title, int(width * 8)), x=0.02, ha="left")
    return fig


def likert_pre_post(
    counts_pre: pd.DataFrame,
    counts_post: pd.DataFrame,
    *,
    title: str,
    n_pre: int,
    n_post: int,
    labels: Sequence[str] = ("Pre", "Post"),
    xlabel: str = "% of answers",
) -> Figure:
    """Draw diverging Likert bars of the same items at two waves, side by side.

    Parameters
    ----------
    counts_pre, counts_post
        One row per item (the index contains the item labels) and one column per
        response option, ordered from the lowest point to the highest, as for
        :func:`srsurvey.plots.likert.diverging_likert`. Both tables must have the same
        items and the same options. The rows of ``counts_post`` may come in another
        order, because both panels use the order of ``counts_pre``.
    title
        Chart title, as the study file gives it.
    n_pre, n_post
        Number of respondents at each wave, shown in the panel titles.
    labels
        Names of the two waves, used as panel titles.
    xlabel
        Label of the x axis of both panels.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[0]`` (gid ``pre``) and ``fig.axes[1]`` (gid ``post``) share the
        item axis, with item ``i`` of ``counts_pre`` at y = ``i`` in both, from the
        top. Each axes has the bar containers, gids and percent labels described in
        :func:`srsurvey.plots.likert.diverging_likert`, and each item's number of
        answers on its right.

    Raises
    ------
    ScoringError
        If a count is missing, negative or not a whole number, an item is missing
        from one wave or appears twice, an item has more answers than its wave's
        ``n``, or ``n_pre`` or ``n_post`` is not a whole number of 0 or more.
    CodebookError
        If the waves have different response options, there are fewer than 2 or more
        than 11 options, two options share a label, or ``labels`` is not two texts.

    Warns
    -----
    SurveyWarning
        If an item has no answers at a wave; it is drawn as an empty row with n = 0.

    Notes
    -----
    Items are not sorted, so that a change in agreement shows as a change in bar
    position within the same row. Both panels have the same x range. Bar widths,
    rounding of the labels and the split of the middle option are those of
    :func:`srsurvey.plots.likert.diverging_likert`.
    """
    title = _check_title(title)
    wave_labels = _check_wave_labels(labels)
    values_pre = _check_count_table(counts_pre, rows="item", levels="response option")
    values_post = _check_count_table(counts_post, rows="item", levels="response option")
    _check_same_options(counts_pre, counts_post, wave_labels)
    values_post = values_post[_match_items(counts_pre, counts_post, wave_labels)]
    waves = [
        (wave_labels[0], values_pre, n_pre, "pre"),
        (wave_labels[1], values_post, n_post, "post"),
    ]
    for wave, values, n, _ in waves:
        _check_respondents(n, values.sum(axis=1), counts_pre.index, wave)
        _warn_empty_items(counts_pre.index, values, wave)

    colours = PALETTE.likert(values_pre.shape[1])
    layouts = []
    for _, values, _, _ in waves:
        totals = values.sum(axis=1)
        shares = 100.0 * values / np.where(totals == 0, 1, totals)[:, None]
        layouts.append((shares, *_diverging_segments(shares, colours)))
    all_lefts = np.vstack([layout[1] for layout in layouts])
    all_widths = np.vstack([layout[2] for layout in layouts])

    items = [_wrap(label, ITEM_LABEL_WIDTH) for label in counts_pre.index]
    row_height = max(0.14 * max(_line_count(text) for text in items) + 0.16, 0.36)
    height = 1.9 + row_height * len(items)

    with figure_context():
        fig = _new_figure(height, FIGURE_WIDTH)
        axes = fig.subplots(1, 2, sharey=True, sharex=True)
        percent_labels = []
        for ax, (wave, values, n, gid), layout in zip(axes, waves, layouts):
            shares, lefts, widths, segment_colours, gids = layout
            ax.set_gid(gid)
            _draw_stacked_rows(ax, lefts, widths, segment_colours, gids)
            drawn = _label_items(ax, values, shares, colours)
            ax.set_yticks(np.arange(len(items)), items)
            ax.set_ylim(len(items) - 0.5, -0.5)
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
            _set_percent_axis(ax, all_lefts, all_widths)
            ax.axvline(0, color="0.25", linewidth=0.8, zorder=3)
            ax.set_xlabel(xlabel)
            ax.set_title(f"{_wrap(wave, 30)} (N = {n})", fontsize=9.5)
            _annotate_n(ax, values.sum(axis=1).tolist())
            percent_labels.append(drawn)
        axes[1].tick_params(axis="y", labelleft=False)
        _add_level_legend(fig, list(counts_pre.columns), colours)
        fig.suptitle(_wrap(title, 80), x=0.02, ha="left")
        for ax, drawn in zip(axes, percent_labels, strict=True):
            _hide_overflowing_labels(fig, ax, drawn)
    return fig


def difference_distribution(
    differences: pd.Series,
    *,
    title: str,
    xlabel: str,
    rug: bool = True,
) -> Figure:
    """Draw a histogram of post - pre differences with 0 and their mean marked.

    Parameters
    ----------
    differences
        One post - pre difference per respondent. Missing values (incomplete pairs)
        are left out.
    title
        Chart title, as the study file gives it.
    xlabel
        Label of the difference axis, e.g. ``"Post - pre, scale points"``.
    rug
        Mark every difference with a tick under the bars.

    Returns
    -------
    matplotlib.figure.Figure
        One axes. Histogram bars have gid ``bin``. The vertical line with gid
        ``zero`` is at 0 and the one with gid ``mean`` at the mean difference. Above
        the bars, the line collection with gid ``mean-ci`` contains one horizontal
        segment spanning the 95 % confidence interval of the mean, drawn when
        n ≥ 2. The line collection with gid ``rug`` holds one tick per
        difference. The axes title gives n, the mean and the interval.

    Raises
    ------
    ScoringError
        If a difference is not a finite number or no difference is left.

    Warns
    -----
    SurveyWarning
        If some differences are missing; they are left out.

    Notes
    -----
    The interval is ``mean ± t(0.975, n - 1) · sd / sqrt(n)``, the interval of the
    paired t-test, as R's ``t.test(post, pre, paired = TRUE)$conf.int`` gives it.

    When the differences lie on a regular grid, as differences of scale means of a
    fixed number of items do, each bin is centred on one possible value, so 0 is the
    centre of a bin. Other differences use numpy's ``"auto"`` bins, the larger
    number of the Sturges and Freedman-Diaconis rules.
    """
    title = _check_title(title)
    x = _finite_differences(differences)
    n = int(x.size)
    mean, low, high = _mean_ci(x)
    summary = f"n = {n}   mean = {mean:.2f}"
    if n >= 2:
        summary += f"   95% CI [{low:.2f}, {high:.2f}]"

    with figure_context():
        fig = _new_figure(4.2, FIGURE_WIDTH * 0.8)
        ax = fig.add_subplot()
        _, _, bars = ax.hist(
            x,
            bins=_difference_bins(x),
            color=PALETTE.bar,
            edgecolor="white",
            linewidth=0.6,
            zorder=2,
        )
        for patch in bars:
            patch.set_gid("bin")
        ax.axvline(0, color="0.2", linewidth=1.0, zorder=3, gid="zero")
        ax.axvline(
            mean,
            color=DIFFERENCE_MEAN_COLOUR,
            linestyle="--",
            linewidth=1.8,
            zorder=4,
            gid="mean",
        )
        # Headroom above the highest bar for the whisker of the mean.
        highest = max(bar.get_height() for bar in bars)
        top = 1.14 * highest
        if n >= 2:
            _draw_mean_interval(ax, mean, low, high, 1.07 * highest)
        if rug:
            _draw_rug(ax, x, top)
        ax.set_ylim(-0.08 * top if rug else 0.0, top)
        _include_zero(ax)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Respondents")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(summary, loc="left", fontsize=9, fontweight="normal")
        fig.suptitle(_wrap(title, 60), x=0.02, ha="left")
    return fig


def _mean_ci(x: np.ndarray) -> tuple[float, float, float]:
    """Return the mean and its t-based 95 % interval, NaN bounds when n < 2."""
    from scipy import stats

    mean = float(x.mean())
    if x.size < 2:
        return mean, math.nan, math.nan
    se = float(x.std(ddof=1)) / math.sqrt(x.size)
    margin = float(stats.t.ppf(0.5 + CONFIDENCE / 2, x.size - 1)) * se
    return mean, mean - margin, mean + margin


def _check_wave_labels(labels: object) -> tuple[str, str]:
    if (
        isinstance(labels, str)
        or not isinstance(labels, Sequence)
        or len(labels) != 2
        or not all(isinstance(label, str) for label in labels)
    ):
        raise CodebookError(
            f"The wave labels must be two texts, not {labels!r}.",
            hint='Pass the names of both waves, e.g. labels=("Pre", "Post").',
            value=labels,
        )
    return labels[0], labels[1]


def _column_name(series: pd.Series) -> str | None:
    return None if series.name is None else str(series.name)


def _complete_pairs(pre: object, post: object, arm: object | None) -> pd.DataFrame:
    """Return the complete pairs as columns ``pre``, ``post`` and ``arm``."""
    for series, role in ((pre, "pre"), (post, "post"), (arm, "arm")):
        if role == "arm" and series is None:
            continue
        if not isinstance(series, pd.Series):
            raise ScoringError(
                f"The {role} values must be a pandas Series, not "
                f"{type(series).__name__}.",
                hint="Pass one value per respondent, indexed by respondent.",
            )
    for series, role in ((post, "post scores"), (arm, "arms")):
        if series is not None and not series.index.equals(pre.index):
            raise ScoringError(
                f"The {role} do not have the same index as the pre scores.",
                hint="Match the waves by respondent identifier first, for example "
                "with pandas.merge on the identifier column.",
            )

    # Positional values, because an index with repeated labels cannot be aligned.
    pairs = pd.DataFrame(
        {
            "pre": as_numeric(pre, subject="Pre scores").to_numpy(),
            "post": as_numeric(post, subject="Post scores").to_numpy(),
            "arm": arm.array if arm is not None else "all",
        },
        index=pre.index,
    )
    complete = pairs.notna().all(axis=1)
    dropped = int((~complete).sum())
    if dropped:
        lacking = "a pre or a post score"
        if arm is not None:
            lacking = "a pre score, a post score or an arm"
        warnings.warn(
            f"{dropped} of {len(pairs)} respondent(s) lack {lacking} and are left out "
            f"of the chart; {int(complete.sum())} complete pair(s) remain.",
            SurveyWarning,
            stacklevel=3,
        )
    if not complete.any():
        raise ScoringError(
            "There is no respondent with both a pre and a post score to draw.",
            hint="Check that the two waves were matched by respondent identifier.",
            column=_column_name(post),
        )
    return pairs[complete]


def _panels(
    pairs: pd.DataFrame, arm: pd.Series | None
) -> list[tuple[object, pd.DataFrame]]:
    """Split the pairs into one table per arm, in panel order."""
    if arm is None:
        return [("all", pairs)]
    panels = []
    for name in _level_order(arm):
        panel = pairs[pairs["arm"] == name]
        if len(panel):
            panels.append((name, panel))
        else:
            warnings.warn(
                f'Arm "{name}" has no complete pair and gets no panel.',
                SurveyWarning,
                stacklevel=3,
            )
    return panels


def _level_order(values: pd.Series) -> list:
    """Order categories, sorted numbers or first appearance, as seaborn's
    ``categorical_order`` does."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    present = values.dropna()
    if pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(
        present
    ):
        return sorted(present.unique().tolist())
    return present.unique().tolist()


def _draw_pairs(
    ax: Axes, panel: pd.DataFrame, colour: str, rng: np.random.Generator
) -> None:
    """Draw one arm: half-violins, one line per pair, then the wave means on top."""
    from matplotlib.collections import LineCollection

    pre = panel["pre"].to_numpy()
    post = panel["post"].to_numpy()
    n = pre.size

    _draw_half_violin(ax, pre, 0.0, -1.0, colour, "density-pre")
    _draw_half_violin(ax, post, 1.0, 1.0, colour, "density-post")

    # More pairs get fainter lines, so dense regions still show as darker bands.
    alpha = min(0.6, max(0.08, 2.5 / math.sqrt(n)))
    offsets = rng.uniform(-PAIR_JITTER, PAIR_JITTER, size=n)
    drawn = np.arange(n)
    if n > MAX_PAIR_LINES:
        # Lines for a fixed random sample of pairs; the means and CIs use all pairs.
        drawn = np.sort(rng.choice(n, size=MAX_PAIR_LINES, replace=False))
    offsets, pre_drawn, post_drawn = offsets[drawn], pre[drawn], post[drawn]
    segments = np.stack(
        [
            np.column_stack([offsets, pre_drawn]),
            np.column_stack([1.0 + offsets, post_drawn]),
        ],
        axis=1,
    )
    lines = LineCollection(
        segments, colors=colour, linewidths=0.7, alpha=alpha, zorder=2
    )
    lines.set_gid("pairs")
    ax.add_collection(lines)
    ends = ax.scatter(
        np.concatenate([offsets, 1.0 + offsets]),
        np.concatenate([pre_drawn, post_drawn]),
        s=6,
        color=colour,
        alpha=alpha,
        linewidths=0,
        zorder=2,
    )
    ends.set_gid("pair-ends")

    means, lows, highs = zip(_mean_ci(pre), _mean_ci(post), strict=True)
    _draw_means(ax, np.array([0.0, 1.0]), np.array(means), lows, highs, colour)
    ax.autoscale_view()


def _draw_means(
    ax: Axes,
    x: np.ndarray,
    means: np.ndarray,
    lows: Sequence[float],
    highs: Sequence[float],
    colour: str,
) -> None:
    import matplotlib.patheffects as path_effects

    # A white outline keeps the means readable on top of many respondent lines.
    halo = [path_effects.withStroke(linewidth=4.5, foreground="white")]
    ax.plot(
        x,
        means,
        color=MEAN_COLOUR,
        linewidth=2.4,
        marker="o",
        markersize=7,
        markerfacecolor=colour,
        markeredgecolor=MEAN_COLOUR,
        markeredgewidth=1.2,
        zorder=6,
        gid="means",
        path_effects=halo,
    )
    if not np.isfinite(lows).all():
        return
    whiskers = ax.errorbar(
        x,
        means,
        yerr=[means - np.array(lows), np.array(highs) - means],
        fmt="none",
        ecolor=MEAN_COLOUR,
        elinewidth=2.0,
        capsize=5,
        capthick=2.0,
        zorder=5,
    )
    whiskers.lines[2][0].set_gid("ci")
    whiskers.lines[2][0].set_path_effects(halo)


def _draw_half_violin(
    ax: Axes, values: np.ndarray, x: float, side: float, colour: str, gid: str
) -> None:
    """Fill a kernel density of ``values`` beside position ``x``, toward ``side``."""
    from scipy import stats

    if values.size < 2 or np.ptp(values) == 0:
        return
    grid = np.linspace(values.min(), values.max(), 128)
    density = stats.gaussian_kde(values)(grid)
    width = DENSITY_WIDTH * density / density.max()
    start = x + side * (PAIR_JITTER + 0.06)
    ax.fill_betweenx(
        grid,
        start,
        start + side * width,
        color=colour,
        alpha=0.35,
        linewidth=0,
        zorder=1,
        gid=gid,
    )


def _add_slopegraph_legend(fig: Figure) -> None:
    from matplotlib.lines import Line2D

    # NOTE: the legend texts here, "Respondents" and "mean" in difference_distribution
    # and the default "% of answers" are English, and only the last is a parameter.

    handles = [
        Line2D([], [], color="0.45", linewidth=0.8, label="One respondent"),
        Line2D(
            [],
            [],
            color=MEAN_COLOUR,
            linewidth=2.4,
            marker="o",
            markerfacecolor="white",
            label="Mean with 95% confidence interval",
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)


def _check_summary(summary: object) -> pd.DataFrame:
    """Validate the table of means by arm and wave and return its numeric copy."""
    if not isinstance(summary, pd.DataFrame) or summary.empty:
        raise ScoringError(
            "The summary must be a non-empty pandas DataFrame.",
            hint="Pass one row per arm and wave with the columns "
            f"{', '.join(SUMMARY_COLUMNS)}.",
        )
    missing = [c for c in SUMMARY_COLUMNS if c not in summary.columns]
    if missing:
        raise ScoringError(
            f"The summary lacks the column(s) {', '.join(missing)}.",
            hint="Pass one row per arm and wave with the columns "
            f"{', '.join(SUMMARY_COLUMNS)}.",
            value=list(summary.columns),
        )

    table = summary.loc[:, list(SUMMARY_COLUMNS)].copy()
    for column in ("arm", "wave"):
        if table[column].isna().any():
            raise ScoringError(
                f"The summary has a row without a value of {column}.",
                hint=f"Give every row its {column}.",
                column=column,
            )
    for column in ("mean", "ci_low", "ci_high", "n"):
        table[column] = as_numeric(table[column], subject=f"Values of {column}")

    n = table["n"]
    bad_n = n.isna() | (n < 0) | (n != np.floor(n))
    if bad_n.any():
        row = table[bad_n].iloc[0]
        raise ScoringError(
            f'The n of arm "{row["arm"]}" at wave "{row["wave"]}" is {row["n"]!r}, '
            "but n must be a whole number of 0 or more.",
            hint="Pass the number of respondents behind each mean.",
            column="n",
            value=row["n"],
        )
    finite = table[["mean", "ci_low", "ci_high"]].notna().all(axis=1)
    outside = finite & (
        (table["ci_low"] > table["mean"]) | (table["mean"] > table["ci_high"])
    )
    if outside.any():
        row = table[outside].iloc[0]
        raise ScoringError(
            f'The mean {row["mean"]} of arm "{row["arm"]}" at wave "{row["wave"]}" '
            f"lies outside its interval [{row['ci_low']}, {row['ci_high']}].",
            hint="Check that ci_low and ci_high belong to the same row as the mean.",
            column="mean",
            value=row["mean"],
        )
    repeated = table.duplicated(["arm", "wave"])
    if repeated.any():
        row = table[repeated].iloc[0]
        raise ScoringError(
            f'Arm "{row["arm"]}" at wave "{row["wave"]}" appears in more than one row '
            "of the summary.",
            hint="Pass one row per arm and wave.",
            value=(row["arm"], row["wave"]),
        )
    return table


def _dodge_offsets(arms: int) -> np.ndarray:
    if arms == 1:
        return np.zeros(1)
    step = min(DODGE_MAX_STEP, DODGE_SPREAD / (arms - 1))
    return (np.arange(arms) - (arms - 1) / 2) * step


def _draw_arm_means(
    ax: Axes, k: int, name: object, rows: pd.DataFrame, x: np.ndarray
) -> None:
    colour = PALETTE.group(k)
    means = rows["mean"].to_numpy(dtype=float)
    counts = [int(c) for c in rows["n"].dropna()]
    n_text = f"(n = {counts[0]})"
    if len(set(counts)) > 1:
        n_text = f"(n = {', '.join(str(c) for c in counts)})"
    # No-break spaces keep the counts together when the label wraps.
    n_text = n_text.replace(" ", "\u00a0")

    ax.plot(
        x,
        means,
        color=colour,
        linewidth=2.0,
        marker=ARM_MARKERS[k % len(ARM_MARKERS)],
        markersize=7,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=4,
        gid=f"mean-{k}",
        label=_wrap(f"{name} {n_text}", LEGEND_LABEL_WIDTH),
    )
    lows = rows["ci_low"].to_numpy(dtype=float)
    highs = rows["ci_high"].to_numpy(dtype=float)
    finite = np.isfinite(means) & np.isfinite(lows) & np.isfinite(highs)
    if not finite.any():
        return

    whiskers = ax.errorbar(
        x[finite],
        means[finite],
        yerr=[means[finite] - lows[finite], highs[finite] - means[finite]],
        fmt="none",
        ecolor=colour,
        elinewidth=1.5,
        capsize=4,
        capthick=1.5,
        zorder=3,
    )
    whiskers.lines[2][0].set_gid(f"ci-{k}")


def _legend_columns(texts: Sequence[str], width: float) -> int:
    """Return the most legend columns, up to one per entry, that fit in ``width``."""
    longest = max(len(line) for text in texts for line in text.split("\n"))
    entry = LEGEND_HANDLE_INCHES + LEGEND_CHAR_INCHES * longest
    return max(1, min(len(texts), int((width - 0.2) // entry)))


def _check_same_options(
    counts_pre: pd.DataFrame, counts_post: pd.DataFrame, waves: tuple[str, str]
) -> None:
    pre_options = [str(c) for c in counts_pre.columns]
    post_options = [str(c) for c in counts_post.columns]
    if pre_options != post_options:
        raise CodebookError(
            f'The response options of "{waves[0]}" ({", ".join(pre_options)}) differ '
            f'from those of "{waves[1]}" ({", ".join(post_options)}).',
            hint="Count both waves with the same response scale, in the same order.",
            value=post_options,
        )


def _match_items(
    counts_pre: pd.DataFrame, counts_post: pd.DataFrame, waves: tuple[str, str]
) -> np.ndarray:
    """Return the positions of the rows of ``counts_post`` in ``counts_pre`` order."""
    for table, wave in ((counts_pre, waves[0]), (counts_post, waves[1])):
        repeated = table.index[table.index.duplicated()].tolist()
        if repeated:
            raise ScoringError(
                f'Item "{repeated[0]}" appears more than once in the counts of '
                f'"{wave}".',
                hint="Pass one row per item.",
                value=repeated[0],
            )
    for table, wave, other in (
        (counts_pre, waves[0], counts_post),
        (counts_post, waves[1], counts_pre),
    ):
        absent = [item for item in table.index if item not in other.index]
        if absent:
            missing_from = waves[1] if wave == waves[0] else waves[0]
            raise ScoringError(
                f'Item "{absent[0]}" has counts at "{wave}" but none at '
                f'"{missing_from}" ({len(absent)} such item(s) in all).',
                hint="Pass the same items at both waves, or leave the item out of "
                "both.",
                value=absent[0],
            )
    return counts_post.index.get_indexer(counts_pre.index)


def _warn_empty_items(items: pd.Index, values: np.ndarray, wave: str) -> None:
    empty = [str(item) for item, total in zip(items, values.sum(axis=1)) if total == 0]
    if empty:
        warnings.warn(
            f'{len(empty)} item(s) have no answers at "{wave}" and are drawn as empty '
            f"rows with n = 0: {', '.join(empty)}.",
            SurveyWarning,
            stacklevel=3,
        )


def _finite_differences(differences: object) -> np.ndarray:
    if not isinstance(differences, pd.Series):
        raise ScoringError(
            f"The differences must be a pandas Series, not "
            f"{type(differences).__name__}.",
            hint="Pass one post - pre difference per respondent.",
        )
    numbers = as_numeric(differences, subject="Differences")
    missing = int(numbers.isna().sum())
    if missing == len(numbers):
        raise ScoringError(
            "There are no differences to draw: every difference is missing.",
            hint="Check that the two waves were matched by respondent identifier.",
            column=_column_name(differences),
        )
    if missing:
        warnings.warn(
            f"{missing} of {len(numbers)} difference(s) are missing and are left out "
            "of the chart.",
            SurveyWarning,
            stacklevel=3,
        )
    return numbers.dropna().to_numpy()


def _difference_bins(x: np.ndarray) -> np.ndarray:
    """Return bin edges centred on the grid of possible values, or numpy's auto bins."""
    values = np.unique(np.round(x, 9))
    if values.size == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    step = float(np.diff(values).min())
    steps = (values - values[0]) / step
    span = int(np.rint(steps[-1]))
    on_grid = np.allclose(steps, np.round(steps), atol=1e-6)
    if on_grid and span <= MAX_LATTICE_BINS:
        return values[0] - step / 2 + step * np.arange(span + 2)
    return np.histogram_bin_edges(x, bins="auto")


def _draw_mean_interval(
    ax: Axes, mean: float, low: float, high: float, y: float
) -> None:
    """Draw the mean with its interval as a horizontal whisker above the bars."""
    whisker = ax.errorbar(
        [mean],
        [y],
        xerr=[[mean - low], [high - mean]],
        fmt="o",
        color=DIFFERENCE_MEAN_COLOUR,
        markersize=6,
        elinewidth=2.0,
        capsize=4,
        capthick=2.0,
        zorder=5,
    )
    whisker.lines[2][0].set_gid("mean-ci")


def _draw_rug(ax: Axes, x: np.ndarray, top: float) -> None:
    """Draw one tick per difference in a band under the bars, alpha-blended."""
    from matplotlib.collections import LineCollection

    alpha = min(0.8, max(0.1, 5.0 / math.sqrt(x.size)))
    if x.size > MAX_PAIR_LINES:
        # Ticks at the same place add nothing but file size: one per distinct value.
        x = np.unique(x)
    segments = [[(value, -0.07 * top), (value, -0.015 * top)] for value in x]
    rug = LineCollection(segments, colors="0.2", linewidths=0.8, alpha=alpha, zorder=3)
    rug.set_gid("rug")
    ax.add_collection(rug)


def _include_zero(ax: Axes) -> None:
    """Widen the x axis so that the zero line is never at its edge."""
    low, high = ax.get_xlim()
    pad = 0.05 * (high - low)
    ax.set_xlim(min(low, -pad), max(high, pad))
