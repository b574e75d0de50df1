"""Tests of the shared chart style: palette, fonts, rounding and saving."""

import warnings

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from srsurvey.errors import CodebookError, OutputError
from srsurvey.plots._style import (
    FONT,
    PALETTE,
    figure_context,
    largest_remainder_percent,
    save_figure,
)
from srsurvey.plots.bars import category_bars, levels_by_group
from srsurvey.plots.distributions import score_distribution
from srsurvey.plots.likert import diverging_likert

KAZAKH_LEVELS = [
    "Мүлдем келіспеймін",
    "Келіспеймін",
    "Бейтарап",
    "Келісемін",
    "Толық келісемін",
]
CYRILLIC_LABELS = [
    "Полностью согласен",
    "Толық келісемін",
    "Әлеуметтік жауапкершілік ғ қ ң ө ұ ү һ і",
]


def glyph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def draw_every_chart() -> list[Figure]:
    counts = pd.DataFrame(
        [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [0, 1, 2, 3, 4]],
        index=CYRILLIC_LABELS,
        columns=KAZAKH_LEVELS,
    )
    scores = pd.Series([3.1, 3.5, 4.0, 2.5, 4.4, 3.9])
    groups = pd.Series(["Полностью согласен", "Толық келісемін"] * 3, name="топ")
    percent = pd.Series([40.0, 35.0, 25.0], index=CYRILLIC_LABELS)
    return [
        diverging_likert(counts, title="Әлеуметтік жауапкершілік ғ қ ң ө ұ ү һ і"),
        score_distribution(scores, groups, title="Ұпай", ylabel="Орташа балл"),
        category_bars(percent, title="Қандай БАҚ маңызды?", n=20),
        levels_by_group(counts, title="Деңгейлер"),
    ]


# Okabe and Ito (2008), "Color Universal Design", hex codes as the R package Rbearcat
# lists them in R/color_palettes.R (palette_OkabeIto) and the R package see documents
# in scale_color_okabeito.
OKABE_ITO = {
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
}


def test_categorical_palette_is_okabe_ito():
    assert set(PALETTE.categorical) == OKABE_ITO
    assert len(PALETTE.categorical) == 8


def test_group_colour_cycles_after_eight():
    assert PALETTE.group(8) == PALETTE.group(0)


# ColorBrewer RdBu as colorbrewer.js (d3) lists it, with the centre #f7f7f7 replaced
# by the neutral grey.
@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (3, ["#ef8a62", "#bdbdbd", "#67a9cf"]),
        (4, ["#ca0020", "#f4a582", "#92c5de", "#0571b0"]),
        (5, ["#ca0020", "#f4a582", "#bdbdbd", "#92c5de", "#0571b0"]),
        (
            7,
            [
                "#b2182b",
                "#ef8a62",
                "#fddbc7",
                "#bdbdbd",
                "#d1e5f0",
                "#67a9cf",
                "#2166ac",
            ],
        ),
    ],
)
def test_likert_palette_is_colorbrewer_rdbu(levels, expected):
    assert PALETTE.likert(levels) == expected


@pytest.mark.parametrize("levels", range(2, 12))
def test_likert_palette_has_one_colour_per_level(levels):
    colours = PALETTE.likert(levels)
    assert len(colours) == levels
    assert len(set(colours)) == levels


@pytest.mark.parametrize("levels", [0, 1, 12])
def test_likert_palette_rejects_unsupported_sizes(levels):
    with pytest.raises(CodebookError, match="2 to 11 points") as caught:
        PALETTE.likert(levels)
    assert caught.value.value == levels


def test_figure_context_sets_dejavu_and_restores():
    before = list(mpl.rcParams["font.family"])
    with figure_context():
        assert mpl.rcParams["font.family"] == ["DejaVu Sans"]
        assert mpl.rcParams["svg.fonttype"] == "path"
    assert list(mpl.rcParams["font.family"]) == before


def test_font_names_dejavu_sans():
    assert FONT["font.family"] == ["DejaVu Sans"]


def test_kazakh_letters_render_without_warnings(tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for k, fig in enumerate(draw_every_chart()):
            save_figure(fig, tmp_path / f"chart{k}")
    assert glyph_warnings(caught) == []
    assert len(list(tmp_path.glob("*.png"))) == 4
    assert len(list(tmp_path.glob("*.svg"))) == 4


def test_charts_keep_dejavu_under_caller_font(tmp_path):
    # cmr10 ships with matplotlib and has no Cyrillic letters.
    with (
        mpl.rc_context({"font.family": "cmr10"}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        for k, fig in enumerate(draw_every_chart()):
            save_figure(fig, tmp_path / f"chart{k}")
    assert glyph_warnings(caught) == []


def test_glyph_check_detects_missing_letters(tmp_path):
    # The check above can fail: without figure_context, cmr10 misses these letters.
    with mpl.rc_context({"font.family": "cmr10"}):
        fig = Figure()
        FigureCanvasAgg(fig)
        fig.text(0.1, 0.5, CYRILLIC_LABELS[2])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "plain.png")
    assert glyph_warnings(caught) != []


def small_figure() -> Figure:
    counts = pd.DataFrame([[1, 2, 3]], index=["item"], columns=["low", "mid", "high"])
    return diverging_likert(counts, title="Title")


def test_save_figure_writes_png_and_svg(tmp_path):
    paths = save_figure(small_figure(), tmp_path / "likert")
    assert paths == [tmp_path / "likert.png", tmp_path / "likert.svg"]
    assert paths[0].stat().st_size > 0
    assert paths[1].read_text(encoding="utf-8").startswith("<?xml")


def test_save_figure_png_has_300_dpi(tmp_path):
    png, _ = save_figure(small_figure(), tmp_path / "likert")
    with Image.open(png) as image:
        dpi = image.info["dpi"]
        width_px = image.size[0]
    assert dpi[0] == pytest.approx(300, abs=0.01)
    assert dpi[1] == pytest.approx(300, abs=0.01)
    assert width_px == 8 * 300


def test_save_figure_keeps_suffix_in_stem(tmp_path):
    paths = save_figure(small_figure(), tmp_path / "likert.pre")
    assert [p.name for p in paths] == ["likert.pre.png", "likert.pre.svg"]


def test_save_figure_creates_missing_folders(tmp_path):
    paths = save_figure(small_figure(), tmp_path / "a" / "b" / "likert")
    assert all(p.exists() for p in paths)


def test_save_figure_leaves_figure_usable(tmp_path):
    fig = small_figure()
    save_figure(fig, tmp_path / "first")
    save_figure(fig, tmp_path / "second")
    assert (tmp_path / "second.png").exists()
    assert len(fig.axes) >= 1


def test_save_figure_svg_is_reproducible(tmp_path):
    fig = small_figure()
    _, first = save_figure(fig, tmp_path / "first")
    _, second = save_figure(fig, tmp_path / "second")
    assert first.read_bytes() == second.read_bytes()


def test_save_figure_rejects_file_as_folder(tmp_path):
    blocker = tmp_path / "report.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot be created") as caught:
        save_figure(small_figure(), blocker / "likert")
    assert caught.value.file == str(blocker)
    assert "report.txt" in str(caught.value)


# R datasets::HairEyeColor, xtabs(Freq ~ Hair + Eye, data = HairEyeColor) and its row
# proportions proportions(counts, "Hair") as printed in the Q&A thread
# https://qanswer.space/questions/could-anyone-provide-a-simple-explanation-of-how-the-proptable-function-works
# (R >= 4.0.0). Black: 0.62962963 0.18518519 0.13888889 0.04629630, so the floors
# 62 18 13 4 leave 3 points for the fractions .96, .89 and .63.
@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([68, 20, 15, 5], [63, 18, 14, 5]),  # Black
        ([119, 84, 54, 29], [42, 29, 19, 10]),  # Brown: 0.41608392 ... 0.10139860
        ([26, 17, 14, 14], [36, 24, 20, 20]),  # Red: two equal fractions .718
        ([7, 94, 10, 16], [5, 74, 8, 13]),  # Blond: 0.05511811 ... 0.12598425
        ([1, 1, 1], [34, 33, 33]),  # equal shares: the first position wins
        ([0, 0, 0], [0, 0, 0]),
        ([7, 18], [28, 72]),  # 100 * 7 / 25 is 28.000000000000004 in floating point
    ],
)
def test_largest_remainder_percent_examples(counts, expected):
    assert largest_remainder_percent(counts).tolist() == expected


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=11))
def test_largest_remainder_percent_adds_to_100(counts):
    result = largest_remainder_percent(counts)
    total = sum(counts)
    assert int(result.sum()) == (100 if total else 0)
    if total:
        exact = 100 * np.asarray(counts) / total
        assert np.all(np.abs(result - exact) < 1)
