"""Colours, fonts and shared drawing steps of every srsurvey chart.

matplotlib is imported inside the functions, so importing this module stays cheap. The
charts draw on a :class:`matplotlib.figure.Figure` with its own Agg canvas and never
touch pyplot, so they neither show a window nor change the backend of the caller.

The diverging colours are ColorBrewer RdBu. This product includes color specifications
and designs developed by Cynthia Brewer (http://colorbrewer.org/), under the
Apache-style ColorBrewer licence.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srsurvey.errors import CodebookError, OutputError, ScoringError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "FONT",
    "PALETTE",
    "Palette",
    "figure_context",
    "largest_remainder_percent",
    "save_figure",
]

# ColorBrewer RdBu for 3 to 11 classes, ordered from red (low) to blue (high), as
# colorbrewer.js lists them (the d3 copy of colorbrewer2.org). The near-white centre
# class #f7f7f7 of odd schemes is replaced by Palette.neutral, because a white segment
# would vanish against the white background.
_RDBU = {
    3: ("#ef8a62", "#f7f7f7", "#67a9cf"),
    4: ("#ca0020", "#f4a582", "#92c5de", "#0571b0"),
    5: ("#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"),
    6: ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"),
    7: ("#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"),
    8: (
        "#b2182b",
        "#d6604d",
        "#f4a582",
        "#fddbc7",
        "#d1e5f0",
        "#92c5de",
        "#4393c3",
        "#2166ac",
    ),
    9: (
        "#b2182b",
        "#d6604d",
        "#f4a582",
        "#fddbc7",
        "#f7f7f7",
        "#d1e5f0",
        "#92c5de",
        "#4393c3",
        "#2166ac",
    ),
    10: (
        "#67001f",
        "#b2182b",
        "#d6604d",
        "#f4a582",
        "#fddbc7",
        "#d1e5f0",
        "#92c5de",
        "#4393c3",
        "#2166ac",
        "#053061",
    ),
    11: (
        "#67001f",
        "#b2182b",
        "#d6604d",
        "#f4a582",
        "#fddbc7",
        "#f7f7f7",
        "#d1e5f0",
        "#92c5de",
        "#4393c3",
        "#2166ac",
        "#053061",
    ),
}
_RDBU_CENTRE = "#f7f7f7"


@dataclass(frozen=True)
class Palette:
    """Colour-blind-safe colours of srsurvey charts, as ``#rrggbb`` strings.

    Attributes
    ----------
    categorical
        Okabe-Ito colours (Okabe and Ito, "Color Universal Design", 2008) for groups
        that have no order. The yellow ``#F0E442`` and black come last because yellow
        is faint on white and black hides the black median lines.
    neutral
        Grey of the neutral point of a Likert scale (ColorBrewer Greys ``#bdbdbd``).
    bar
        Okabe-Ito blue, the colour of single-series bars.
    """

    categorical: tuple[str, ...] = (
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#F0E442",
        "#000000",
    )
    neutral: str = "#bdbdbd"
    bar: str = "#0072B2"

    def likert(self, levels: int) -> list[str]:
        """Return one colour per level of a scale, from red (low) to blue (high).

        Parameters
        ----------
        levels
            Number of response options, 2 to 11. With an odd number the middle level
            gets :attr:`neutral`.

        Raises
        ------
        CodebookError
            If ``levels`` is outside 2 to 11, the range of ColorBrewer RdBu.
        """
        if levels == 2:
            # ColorBrewer starts at 3 classes, so two levels take the ends of RdBu 3.
            return [_RDBU[3][0], _RDBU[3][2]]
        if levels not in _RDBU:
            raise CodebookError(
                f"A response scale with {levels} points cannot be charted, because "
                "charts support scales of 2 to 11 points.",
                hint="Chart the scale score instead, or merge response options.",
                value=levels,
            )
        colours = list(_RDBU[levels])
        return [self.neutral if c == _RDBU_CENTRE else c for c in colours]

    def group(self, index: int) -> str:
        """Return the categorical colour of the group at position ``index``, cycling."""
        return self.categorical[index % len(self.categorical)]


PALETTE = Palette()

# DejaVu Sans ships with matplotlib and covers Cyrillic, including the Kazakh letters
# ә ғ қ ң ө ұ ү һ і. Naming it as the family (not only as the first sans-serif) keeps
# it even when the caller's rcParams list another sans-serif font first.
FONT: dict[str, object] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "figure.titlesize": 11.0,
}

_RC: dict[str, object] = {
    **FONT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "figure.titleweight": "bold",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    # Text as paths, so an SVG shows the same letters on a computer without DejaVu.
    "svg.fonttype": "path",
    # A fixed salt makes the ids inside an SVG, and so its SHA-256, reproducible.
    "svg.hashsalt": "srsurvey",
}

SAVE_DPI = 300

# Figure sizes in inches. Width 8 in is 2400 px at 300 dpi and fits an A4 page width
# when a word processor scales it down.
FIGURE_WIDTH = 8.0

# Characters of a bold 11-point DejaVu Sans title per inch of figure width, used to
# wrap titles. It is an estimate from rendered Cyrillic titles, with a margin.
TITLE_CHARS_PER_INCH = 8

# Segment labels below this rounded percentage are hidden, because the text no longer
# fits inside the segment.
MIN_LABEL_PERCENT = 4


@contextmanager
def figure_context() -> Iterator[None]:
    """Apply the rcParams of srsurvey charts (fonts, spines, SVG text) inside a block.

    Every chart function draws inside this context, and :func:`save_figure` saves
    inside it, so the settings hold whatever the caller's rcParams are.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with figure_context():
    ...     mpl.rcParams["font.family"]
    ['DejaVu Sans']
    """
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        yield


def save_figure(fig: Figure, stem: Path) -> list[Path]:
    """Write ``fig`` as ``stem.png`` at 300 dpi and as ``stem.svg``.

    Missing parent folders are created. The figure is left open, so the caller
    can save it again or close it.

    Parameters
    ----------
    fig
        The figure to write.
    stem
        Path without the suffix, e.g. ``reports/study/figures/likert``. A suffix in the
        name is kept: ``likert.pre`` gives ``likert.pre.png``.

    Returns
    -------
    list of Path
        The PNG path, then the SVG path.

    Raises
    ------
    OutputError
        If a folder cannot be created or a file cannot be written.
    """
    stem = Path(stem)
    png = stem.with_name(stem.name + ".png")
    svg = stem.with_name(stem.name + ".svg")
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"The folder for the chart cannot be created ({err.strerror}).",
            hint="Choose an output folder that you can write to.",
            file=str(stem.parent),
        ) from err

    for path, options in (
        (png, {"format": "png", "dpi": SAVE_DPI}),
        # Without a date the SVG is byte-identical between runs.
        (svg, {"format": "svg", "metadata": {"Date": None}}),
    ):
        try:
            with figure_context():
                fig.savefig(path, **options)
        except OSError as err:
            raise OutputError(
                f"The chart cannot be written ({err.strerror}).",
                hint="Check that the folder exists and that you can write to it.",
                file=str(path),
            ) from err
    return [png, svg]


def largest_remainder_percent(counts: Sequence[float] | np.ndarray) -> np.ndarray:
    """Round the shares of ``counts`` to whole percentages that add up to exactly 100.

    Parameters
    ----------
    counts
        Non-negative counts of one row.

    Returns
    -------
    numpy.ndarray of int
        One percentage per count. All zeros if the counts add up to 0.

    Notes
    -----
    The largest remainder (Hamilton) method: each share ``100 * c / sum`` is rounded
    down, and the points still missing to 100 go one each to the shares with the
    largest fractional parts. Equal fractional parts are broken by the larger count,
    then by position, so the result is deterministic.
    """
    values = np.asarray(counts, dtype=float)
    total = values.sum()
    if total == 0:
        return np.zeros(len(values), dtype=int)
    exact = 100.0 * values / total
    floors = np.floor(exact)
    # Shares such as 100 * 7 / 25 = 28.000000000000004 must not gain a point from
    # floating-point noise, so fractional parts are compared after rounding.
    remainders = np.round(exact - floors, 9)
    missing = 100 - int(floors.sum())
    # lexsort sorts by the last key first: remainder, then count, then position.
    order = np.lexsort((np.arange(len(values)), -values, -remainders))
    result = floors.astype(int)
    result[order[:missing]] += 1
    return result


def _new_figure(height: float, width: float = FIGURE_WIDTH) -> Figure:
    """Create a constrained-layout Figure on its own Agg canvas, inside the context."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _wrap(text: object, width: int) -> str:
    """Wrap a label at ``width`` characters on spaces, keeping its existing newlines."""
    lines = str(text).splitlines() or [""]
    wrapped = [textwrap.fill(line, width, break_on_hyphens=False) for line in lines]
    return "\n".join(wrapped)


def _line_count(text: str) -> int:
    return text.count("\n") + 1


def _text_colour(background: str) -> str:
    """Return black or white, whichever contrasts more with ``background``."""
    from matplotlib.colors import to_rgb

    # WCAG 2 relative luminance. At 0.179 black and white give equal contrast.
    channels = np.array(to_rgb(background))
    linear = np.where(
        channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4
    )
    luminance = float(linear @ np.array([0.2126, 0.7152, 0.0722]))
    return "black" if luminance > 0.179 else "white"


def _show(value: object) -> str:
    """Format a cell for a message: numbers plainly, text in quotes."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value) if isinstance(value, str) else str(value)


def _check_title(title: object) -> str:
    if not isinstance(title, str):
        raise CodebookError(
            f"The chart title must be text, not {type(title).__name__}.",
            hint="Give the scale or question a label in the study file.",
            value=title,
        )
    return title


def _check_count_table(table: object, *, rows: str, levels: str) -> np.ndarray:
    """Validate a table of counts (rows by ordered levels) and return it as ints.

    ``rows`` and ``levels`` name what the index and the columns are in messages.
    """
    if not isinstance(table, pd.DataFrame):
        raise ScoringError(
            f"The counts must be a pandas DataFrame, not {type(table).__name__}.",
            hint=f"Pass one row per {rows} and one column per {levels}.",
        )
    if table.shape[0] == 0:
        raise ScoringError(
            f"The table of counts has no {rows}s.",
            hint=f"Pass at least one {rows}.",
        )
    if table.shape[1] < 2:
        raise CodebookError(
            f"The table of counts has {table.shape[1]} {levels} column(s), "
            "but an ordered scale needs at least 2.",
            hint="Check the points of the response scale in the study file.",
            value=list(table.columns),
        )
    duplicated = table.columns[table.columns.duplicated()].tolist()
    if duplicated:
        raise CodebookError(
            f"The {levels} labels {duplicated} appear more than once.",
            hint="Give every point of the response scale its own label.",
            value=duplicated,
        )
    PALETTE.likert(table.shape[1])

    numbers = table.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    valid = np.isfinite(numbers) & (numbers >= 0) & (numbers == np.floor(numbers))
    if not valid.all():
        i, j = (int(k) for k in np.argwhere(~valid)[0])
        cell = table.iat[i, j]
        raise ScoringError(
            f'The count of {rows} "{table.index[i]}" is {_show(cell)}, but counts must be '
            f"whole numbers of 0 or more ({int((~valid).sum())} invalid cell(s) in "
            "all).",
            hint="Pass the number of answers, not percentages or means.",
            column=str(table.columns[j]),
            value=cell,
        )
    return numbers.astype(np.int64)


def _draw_stacked_rows(
    ax: Axes,
    lefts: np.ndarray,
    widths: np.ndarray,
    colours: Sequence[str],
    gids: Sequence[str],
) -> None:
    """Draw one horizontal bar segment per row and column of ``widths``.

    Row ``i`` is drawn at y = ``i``. Column ``j`` is one ``barh`` call, so
    ``ax.containers[j]`` contains segment ``j`` of every row, each patch with gid
    ``gids[j]``.
    """
    positions = np.arange(widths.shape[0])
    for j in range(widths.shape[1]):
        bars = ax.barh(
            positions,
            widths[:, j],
            left=lefts[:, j],
            height=0.7,
            color=colours[j],
            edgecolor="white",
            linewidth=0.6,
            label="_nolegend_",
            zorder=2,
        )
        for patch in bars.patches:
            patch.set_gid(gids[j])


def _label_segment(
    ax: Axes, x: float, y: float, percent: int, background: str, gid: str
) -> Text:
    """Write ``percent`` at (x, y) and return the text.

    Labels below MIN_LABEL_PERCENT are hidden. They stay on the axes as invisible
    texts, so the labels of a row still add up to 100 for anyone who reads them back.
    """
    text = ax.text(
        x,
        y,
        f"{percent}%",
        ha="center",
        va="center",
        fontsize=7.5,
        color=_text_colour(background),
        zorder=4,
        gid=gid,
    )
    text.set_visible(percent >= MIN_LABEL_PERCENT)
    return text


def _hide_overflowing_labels(
    fig: Figure, ax: Axes, labels: Sequence[tuple[Text, float]]
) -> None:
    """Hide each label that is wider than its segment, given in x data units.

    The check needs the final size of the axes, so it draws the figure once to run
    the constrained layout. A figure saved at another dpi keeps the same proportions.
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    origin = ax.transData.transform((0.0, 0.0))[0]
    padding = 2.0 * fig.dpi / 72.0
    for text, width in labels:
        if not text.get_visible():
            continue
        segment = abs(ax.transData.transform((width, 0.0))[0] - origin)
        if text.get_window_extent(renderer).width + padding > segment:
            text.set_visible(False)


def _annotate_n(ax: Axes, totals: Sequence[int]) -> None:
    """Show ``n = …`` for each row on a right-hand axis that follows the y axis."""
    right = ax.secondary_yaxis("right")
    right.set_yticks(np.arange(len(totals)), [f"n = {n}" for n in totals])
    right.tick_params(axis="y", length=0, pad=6, labelsize=8, labelcolor="0.3")
    right.spines["right"].set_visible(False)
    right.set_gid("n")


def _add_level_legend(fig: Figure, labels: Sequence[object], colours: Sequence[str]):
    """Add a legend under the x axis with one entry per level, in scale order.

    The entries are proxy patches, so a level that no one chose still appears.
    """
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, edgecolor="white", label=_wrap(label, 16))
        for label, colour in zip(labels, colours, strict=True)
    ]
    # Up to 6 entries fit on one line of an 8-inch figure. Longer scales take two
    # rows, and because matplotlib fills a legend column by column, the handles are
    # reordered so that the rows read in scale order from left to right.
    columns = len(handles) if len(handles) <= 6 else int(np.ceil(len(handles) / 2))
    rows = int(np.ceil(len(handles) / columns))
    by_column = [
        handles[row * columns + column]
        for column in range(columns)
        for row in range(rows)
        if row * columns + column < len(handles)
    ]
    return fig.legend(
        handles=by_column,
        loc="outside lower center",
        ncols=columns,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )


def _warn_empty_rows(
    labels: Sequence[object], totals: np.ndarray, row_kind: str
) -> None:
    import warnings

    from srsurvey.errors import SurveyWarning

    empty = [str(label) for label, total in zip(labels, totals) if total == 0]
    if empty:
        warnings.warn(
            f"{len(empty)} {row_kind}(s) have no answers and are drawn as empty rows "
            f"with n = 0: {', '.join(empty)}.",
            SurveyWarning,
            stacklevel=3,
        )
