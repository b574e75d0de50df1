"""Tests of the diverging Likert chart, read back from its matplotlib objects."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import MIN_LABEL_PERCENT, PALETTE
from srsurvey.plots.likert import ITEM_LABEL_WIDTH, diverging_likert


def row_patches(fig, row: int) -> list:
    """Segments of one item, from left to right (one bar container per segment)."""
    return [container.patches[row] for container in fig.axes[0].containers]


def item_labels(fig) -> list[str]:
    """Y tick labels from top to bottom, with wrapping undone."""
    return [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]


def percent_labels(fig, row: int) -> list:
    return [
        t
        for t in fig.axes[0].texts
        if (t.get_gid() or "").startswith(f"percent-{row}-")
    ]


def n_labels(fig) -> list[str]:
    (right,) = [a for a in fig.axes[0].child_axes if a.get_gid() == "n"]
    return [t.get_text() for t in right.get_yticklabels()]


def legend_texts(fig) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]


def test_likert_draws_one_patch_per_segment(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    patches = fig.axes[0].patches
    # 5 levels plus one extra for the split neutral level, for each of 3 items.
    assert len(patches) == 3 * 6
    assert len(fig.axes[0].containers) == 6


@pytest.mark.parametrize("row", [0, 1, 2])
def test_likert_row_widths_add_to_100(agree5, row):
    fig = diverging_likert(agree5, title="Agreement")
    widths = [p.get_width() for p in row_patches(fig, row)]
    assert sum(widths) == pytest.approx(100.0)


@pytest.mark.parametrize("row", [0, 1, 2])
def test_likert_neutral_split_in_equal_halves(agree5, row):
    fig = diverging_likert(agree5, title="Agreement")
    by_gid = {p.get_gid(): p for p in row_patches(fig, row)}
    left, right = by_gid["neutral-left"], by_gid["neutral-right"]
    assert left.get_width() == pytest.approx(right.get_width())
    assert left.get_x() + left.get_width() == pytest.approx(0.0)
    assert right.get_x() == pytest.approx(0.0)


def test_likert_disagreement_left_of_zero(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    for row in range(3):
        by_gid = {p.get_gid(): p for p in row_patches(fig, row)}
        for gid in ("level-0", "level-1"):
            patch = by_gid[gid]
            assert patch.get_x() + patch.get_width() <= 1e-9
        for gid in ("level-3", "level-4"):
            assert by_gid[gid].get_x() >= -1e-9


def test_likert_segments_follow_scale_order(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    gids = [p.get_gid() for p in row_patches(fig, 0)]
    expected = ["level-0", "level-1", "neutral-left", "neutral-right"]
    assert gids == expected + ["level-3", "level-4"]
    edges = [p.get_x() for p in row_patches(fig, 0)]
    assert edges == sorted(edges)


def test_likert_sorts_by_agreement(agree5):
    # Agreement (the two top levels): B 30 %, A 70 %, C 45 %.
    fig = diverging_likert(agree5, title="Agreement")
    assert item_labels(fig) == ["Item A", "Item C", "Item B"]


def test_likert_keeps_order_without_sort(agree5):
    fig = diverging_likert(agree5, title="Agreement", sort=False)
    assert item_labels(fig) == ["Item B", "Item A", "Item C"]


def test_likert_sort_keeps_ties_in_input_order():
    counts = pd.DataFrame(
        [[5, 5, 0], [2, 8, 0], [1, 1, 8]],
        index=["first", "second", "third"],
        columns=["no", "maybe", "yes"],
    )
    fig = diverging_likert(counts, title="Ties")
    assert item_labels(fig) == ["third", "first", "second"]


def test_likert_legend_keeps_empty_level(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    assert agree5.iloc[:, 0].sum() == 0
    assert legend_texts(fig) == list(agree5.columns)


def test_likert_legend_colours_match_palette(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    handles = fig.legends[0].legend_handles
    colours = [to_hex(h.get_facecolor()) for h in handles]
    assert colours == PALETTE.likert(5)


def test_likert_segment_colours_match_palette(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    palette = PALETTE.likert(5)
    for patch in row_patches(fig, 0):
        gid = patch.get_gid()
        level = 2 if gid.startswith("neutral") else int(gid.split("-")[1])
        assert to_hex(patch.get_facecolor()) == palette[level]


@pytest.mark.parametrize("row", [0, 1, 2])
def test_likert_percent_labels_add_to_100(agree5, row):
    fig = diverging_likert(agree5, title="Agreement")
    texts = percent_labels(fig, row)
    assert len(texts) == 5
    assert sum(int(t.get_text().rstrip("%")) for t in texts) == 100


def test_likert_hides_tiny_percent_labels():
    counts = pd.DataFrame(
        [[3, 0, 30, 30, 37]], index=["item"], columns=["1", "2", "3", "4", "5"]
    )
    fig = diverging_likert(counts, title="Tiny")
    texts = {t.get_gid(): t for t in percent_labels(fig, 0)}
    assert texts["percent-0-0"].get_text() == "3%"
    assert not texts["percent-0-0"].get_visible()
    assert not texts["percent-0-1"].get_visible()
    assert texts["percent-0-4"].get_visible()
    assert all(
        not t.get_visible()
        for t in texts.values()
        if int(t.get_text().rstrip("%")) < MIN_LABEL_PERCENT
    )


def test_likert_neutral_label_sits_at_zero(agree5):
    fig = diverging_likert(agree5, title="Agreement")
    (text,) = [t for t in percent_labels(fig, 0) if t.get_gid().endswith("-2")]
    assert text.get_position()[0] == 0.0


def test_likert_shows_item_n_on_right(agree5):
    counts = agree5.copy()
    counts.iloc[2, 1] += 7
    fig = diverging_likert(counts, title="Agreement")
    # The sorted order is A, C, B, and item C has 107 answers.
    assert n_labels(fig) == ["n = 100", "n = 107", "n = 100"]


def test_likert_shows_respondents_in_xlabel(agree5):
    fig = diverging_likert(agree5, title="Agreement", n=120)
    assert fig.axes[0].get_xlabel() == "% of answers (N = 120)"


def test_likert_takes_caller_title_and_xlabel(agree5):
    fig = diverging_likert(agree5, title="Согласие", xlabel="% ответов")
    assert fig.get_suptitle() == "Согласие"
    assert fig.axes[0].get_xlabel() == "% ответов"


# R datasets::mtcars, prop.table(table(mtcars[, c("am", "gear")]), 1) as printed in
# https://nubededatos.blogspot.com/2019/06: am 0 gives 0.7894737 0.2105263 0.0000000
# and am 1 gives 0 0.6153846 0.3846154. The counts follow from prop.table(tabla) on
# the same page (0.46875 = 15 / 32 and so on).
def test_likert_widths_match_r_odd_scale():
    counts = pd.DataFrame(
        [[15, 4, 0], [0, 8, 5]], index=["am 0", "am 1"], columns=["3", "4", "5"]
    )
    fig = diverging_likert(counts, title="Gears", sort=False)
    expected = {
        "am 0": [0.7894737, 0.2105263, 0.0],
        "am 1": [0.0, 0.6153846, 0.3846154],
    }
    for row, item in enumerate(["am 0", "am 1"]):
        low, neutral_left, neutral_right, high = row_patches(fig, row)
        share = expected[item]
        assert low.get_width() == pytest.approx(100 * share[0], abs=1e-5)
        assert neutral_left.get_width() == pytest.approx(50 * share[1], abs=1e-5)
        assert neutral_right.get_width() == pytest.approx(50 * share[1], abs=1e-5)
        assert high.get_width() == pytest.approx(100 * share[2], abs=1e-5)


# R datasets::HairEyeColor, proportions(xtabs(Freq ~ Hair + Eye, HairEyeColor), "Hair")
# as printed in https://qanswer.space/questions/could-anyone-provide-a-simple-explanation-of-how-the-proptable-function-works
HAIR_EYE = pd.DataFrame(
    [[68, 20, 15, 5], [119, 84, 54, 29], [26, 17, 14, 14], [7, 94, 10, 16]],
    index=["Black", "Brown", "Red", "Blond"],
    columns=["Brown", "Blue", "Hazel", "Green"],
)
HAIR_EYE_PROPORTIONS = {
    "Black": [0.62962963, 0.18518519, 0.13888889, 0.04629630],
    "Brown": [0.41608392, 0.29370629, 0.18881119, 0.10139860],
    "Red": [0.36619718, 0.23943662, 0.19718310, 0.19718310],
    "Blond": [0.05511811, 0.74015748, 0.07874016, 0.12598425],
}


@pytest.mark.parametrize("row", range(4))
def test_likert_widths_match_r_even_scale(row):
    fig = diverging_likert(HAIR_EYE, title="Eyes", sort=False)
    hair = HAIR_EYE.index[row]
    widths = [p.get_width() for p in row_patches(fig, row)]
    expected = [100 * p for p in HAIR_EYE_PROPORTIONS[hair]]
    assert widths == pytest.approx(expected, abs=1e-5)
    # An even scale has no neutral level: two levels on each side of 0.
    first, second, third, _ = row_patches(fig, row)
    assert second.get_x() + second.get_width() == pytest.approx(0.0)
    assert third.get_x() == pytest.approx(0.0)
    assert first.get_x() == pytest.approx(-expected[0] - expected[1])


def test_likert_wraps_long_russian_labels():
    label = (
        "Я понимаю, что врач отвечает не только за здоровье пациента, "
        "но и за здоровье общества в целом"
    )
    counts = pd.DataFrame([[1, 2, 3, 4, 5]], index=[label], columns=list("12345"))
    fig = diverging_likert(counts, title="Long")
    text = fig.axes[0].get_yticklabels()[0].get_text()
    lines = text.split("\n")
    assert len(lines) > 1
    assert max(len(line) for line in lines) <= ITEM_LABEL_WIDTH
    assert " ".join(lines) == label


def test_likert_figure_grows_with_items():
    one_item = pd.DataFrame([[1, 2, 3]], index=["a"], columns=["1", "2", "3"])
    eight_items = pd.DataFrame(np.ones((8, 3), dtype=int), columns=["1", "2", "3"])
    small = diverging_likert(one_item, title="One").get_size_inches()[1]
    large = diverging_likert(eight_items, title="Eight").get_size_inches()[1]
    assert large > small + 7 * 0.3


def test_likert_item_without_answers_warns(agree5):
    counts = agree5.copy()
    counts.loc["Item D"] = 0
    with pytest.warns(SurveyWarning, match="Item D"):
        fig = diverging_likert(counts, title="Agreement")
    assert item_labels(fig)[-1] == "Item D"
    assert n_labels(fig)[-1] == "n = 0"
    assert all(p.get_width() == 0 for p in row_patches(fig, 3))
    assert percent_labels(fig, 3) == []


@pytest.mark.parametrize(
    ("value", "text"),
    [(-1, "-1"), (2.5, "2.5"), (np.nan, "nan"), ("много", "'много'")],
)
def test_likert_rejects_invalid_count(agree5, value, text):
    counts = agree5.astype(object)
    counts.iloc[1, 3] = value
    with pytest.raises(ScoringError, match="whole numbers of 0 or more") as caught:
        diverging_likert(counts, title="Agreement")
    assert caught.value.column == "Скорее согласен"
    assert '"Item A"' in str(caught.value)
    assert text in str(caught.value)


def test_likert_rejects_one_level():
    counts = pd.DataFrame([[3]], index=["item"], columns=["yes"])
    with pytest.raises(CodebookError, match="at least 2"):
        diverging_likert(counts, title="One level")


def test_likert_rejects_twelve_levels():
    counts = pd.DataFrame([list(range(12))], columns=[str(k) for k in range(12)])
    with pytest.raises(CodebookError, match="2 to 11 points"):
        diverging_likert(counts, title="Too many")


def test_likert_rejects_duplicate_level_labels():
    counts = pd.DataFrame([[1, 2, 3]], index=["item"], columns=["no", "yes", "yes"])
    with pytest.raises(CodebookError, match="more than once") as caught:
        diverging_likert(counts, title="Duplicate")
    assert caught.value.value == ["yes"]


def test_likert_rejects_empty_table():
    counts = pd.DataFrame(columns=["1", "2", "3"])
    with pytest.raises(ScoringError, match="no items"):
        diverging_likert(counts, title="Empty")


def test_likert_rejects_non_dataframe():
    with pytest.raises(ScoringError, match="must be a pandas DataFrame, not list"):
        diverging_likert([[1, 2, 3]], title="List")


def test_likert_rejects_more_answers_than_n(agree5):
    with pytest.raises(ScoringError, match="more than the 90 respondents") as caught:
        diverging_likert(agree5, title="Agreement", n=90)
    assert caught.value.value == 100


def test_likert_rejects_non_text_title(agree5):
    with pytest.raises(CodebookError, match="title must be text"):
        diverging_likert(agree5, title=None)


def test_likert_two_row_legend_reads_in_order():
    levels = [f"point {k}" for k in range(1, 8)]
    counts = pd.DataFrame([[1, 2, 3, 4, 5, 6, 7]], index=["item"], columns=levels)
    fig = diverging_likert(counts, title="Seven points")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed = []
    for text in fig.legends[0].get_texts():
        box = text.get_window_extent(renderer)
        placed.append((-round(box.y0), box.x0, text.get_text()))
    rows = {y for y, _, _ in placed}
    assert len(rows) == 2
    assert [label for _, _, label in sorted(placed)] == levels
