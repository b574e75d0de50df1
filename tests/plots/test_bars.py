"""Tests of the category bars and the levels-by-group chart."""

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import PALETTE
from srsurvey.plots.bars import (
    MULTI_NOTE,
    OPTION_LABEL_WIDTH,
    category_bars,
    levels_by_group,
)

# R datasets::HairEyeColor, xtabs(Freq ~ Hair + Eye, data = HairEyeColor) and
# proportions(counts, "Hair") as printed in the Q&A thread
# https://qanswer.space/questions/could-anyone-provide-a-simple-explanation-of-how-the-proptable-function-works
HAIR_EYE = pd.DataFrame(
    [[68, 20, 15, 5], [119, 84, 54, 29], [26, 17, 14, 14], [7, 94, 10, 16]],
    index=["Black", "Brown", "Red", "Blond"],
    columns=["Brown", "Blue", "Hazel", "Green"],
)
HAIR_EYE_PROPORTIONS = [
    [0.62962963, 0.18518519, 0.13888889, 0.04629630],
    [0.41608392, 0.29370629, 0.18881119, 0.10139860],
    [0.36619718, 0.23943662, 0.19718310, 0.19718310],
    [0.05511811, 0.74015748, 0.07874016, 0.12598425],
]
# Hair colour totals of the same table: 108, 286, 71 and 127 of 592.
HAIR = HAIR_EYE.sum(axis=1)


def bar_patches(fig) -> list:
    return [p for p in fig.axes[0].patches if p.get_gid() == "option"]


def value_texts(fig) -> list[str]:
    texts = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("value-")]
    return [t.get_text() for t in sorted(texts, key=lambda t: t.get_gid())]


def option_labels(fig) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]


def hair_bars(**options):
    percent = 100 * HAIR / HAIR.sum()
    return category_bars(percent, title="Hair colour", n=592, counts=HAIR, **options)


def test_category_bars_one_bar_per_option_in_order():
    fig = hair_bars()
    assert len(bar_patches(fig)) == 4
    assert option_labels(fig) == ["Black", "Brown", "Red", "Blond"]
    # Row 0 is at the top: the y axis runs downwards.
    ys = [p.get_y() for p in bar_patches(fig)]
    assert ys == sorted(ys)
    assert fig.axes[0].get_ylim()[0] > fig.axes[0].get_ylim()[1]


def test_category_bars_widths_are_percentages():
    fig = hair_bars()
    widths = [p.get_width() for p in bar_patches(fig)]
    expected = [100 * 108 / 592, 100 * 286 / 592, 100 * 71 / 592, 100 * 127 / 592]
    assert widths == pytest.approx(expected)


def test_category_bars_value_labels_add_to_100():
    # 18.24 48.31 11.99 21.45: floors 18 48 11 21, the two missing points go to .99
    # and .45.
    fig = hair_bars()
    assert value_texts(fig) == ["18% (108)", "48% (286)", "12% (71)", "22% (127)"]


def test_category_bars_labels_without_counts():
    percent = pd.Series([74.0, 26.0], index=["Интернет", "Телевидение"])
    fig = category_bars(percent, title="Media", n=200)
    assert value_texts(fig) == ["74%", "26%"]


def test_category_bars_show_n_in_xlabel():
    fig = hair_bars(xlabel="% респондентов")
    assert fig.axes[0].get_xlabel() == "% респондентов (n = 592)"


def test_category_bars_colour_is_palette_bar():
    fig = hair_bars()
    colours = {to_hex(p.get_facecolor()) for p in bar_patches(fig)}
    assert colours == {PALETTE.bar.lower()}


def test_category_bars_multi_select_note_and_sum():
    counts = pd.Series([148, 171, 190], index=["Instagram", "Telegram", "WhatsApp"])
    percent = 100 * counts / 198
    fig = category_bars(percent, title="Networks", n=198, counts=counts, multi=True)
    assert fig.get_supxlabel() == MULTI_NOTE
    # Half-up rounding of 74.75, 86.36 and 95.96.
    assert value_texts(fig) == ["75% (148)", "86% (171)", "96% (190)"]


def test_category_bars_single_choice_has_no_note():
    fig = hair_bars()
    assert fig.get_supxlabel() == ""


@pytest.mark.parametrize(
    ("share", "text"), [(0.3, "<1%"), (99.7, ">99%"), (100.0, "100%"), (0.0, "0%")]
)
def test_category_bars_edge_labels_in_multi(share, text):
    percent = pd.Series([share, 50.0], index=["rare", "half"])
    fig = category_bars(percent, title="Edge", n=1000, multi=True)
    assert value_texts(fig)[0] == text


def test_category_bars_chosen_option_not_zero():
    counts = pd.Series([148, 30, 5, 1, 14], index=list("abcde"))
    fig = category_bars(100 * counts / 198, title="Media", n=198, counts=counts)
    assert value_texts(fig)[3] == "<1% (1)"


def test_category_bars_wrap_long_labels():
    label = "Другое (Одноклассники, Facebook, X и прочие социальные сети)"
    fig = category_bars(pd.Series([3.0], index=[label]), title="T", n=100)
    text = fig.axes[0].get_yticklabels()[0].get_text()
    assert "\n" in text
    assert max(len(line) for line in text.split("\n")) <= OPTION_LABEL_WIDTH


def test_category_bars_grow_with_options():
    few = category_bars(pd.Series([50.0, 50.0], index=["a", "b"]), title="T", n=2)
    many_index = [f"option {k}" for k in range(12)]
    many = category_bars(
        pd.Series([8.0] * 12, index=many_index), title="T", n=100, multi=True
    )
    assert many.get_size_inches()[1] > few.get_size_inches()[1] + 10 * 0.3


def test_category_bars_reject_single_above_100():
    percent = pd.Series([74.8, 86.4], index=["Instagram", "Telegram"])
    with pytest.raises(ScoringError, match="add up to 161.2") as caught:
        category_bars(percent, title="Networks", n=198)
    assert "multi=True" in str(caught.value)


@pytest.mark.parametrize("value", [-1.0, 100.5, float("nan"), "много"])
def test_category_bars_reject_invalid_percent(value):
    percent = pd.Series([value, 10.0], index=["Радио", "Газеты"], dtype=object)
    with pytest.raises(ScoringError, match="between 0 and 100") as caught:
        category_bars(percent, title="Media", n=100, multi=True)
    assert '"Радио"' in str(caught.value)


@pytest.mark.parametrize("n", [0, -5, 2.5, True])
def test_category_bars_reject_invalid_n(n):
    with pytest.raises(ScoringError, match="whole number above 0"):
        category_bars(pd.Series([10.0], index=["a"]), title="T", n=n)


def test_category_bars_reject_counts_that_disagree():
    percent = pd.Series([74.0, 26.0], index=["Интернет", "Радио"])
    counts = pd.Series([100, 52], index=["Интернет", "Радио"])
    with pytest.raises(ScoringError, match='"Интернет" has 100 of n = 200'):
        category_bars(percent, title="Media", n=200, counts=counts)


def test_category_bars_reject_other_options():
    percent = pd.Series([74.0, 26.0], index=["Интернет", "Радио"])
    counts = pd.Series([148, 52], index=["Интернет", "Газеты"])
    with pytest.raises(ScoringError, match="same options"):
        category_bars(percent, title="Media", n=200, counts=counts)


def test_category_bars_reject_count_above_n():
    percent = pd.Series([100.0], index=["a"])
    with pytest.raises(ScoringError, match="from 0 to n = 10"):
        category_bars(percent, title="T", n=10, counts=pd.Series([11], index=["a"]))


def test_category_bars_reject_empty_series():
    with pytest.raises(ScoringError, match="non-empty"):
        category_bars(pd.Series([], dtype=float), title="T", n=10)


def level_patches(fig, row: int) -> list:
    return [container.patches[row] for container in fig.axes[0].containers]


def level_labels(fig, row: int) -> list:
    prefix = f"percent-{row}-"
    return [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith(prefix)]


def n_labels(fig) -> list[str]:
    (right,) = [a for a in fig.axes[0].child_axes if a.get_gid() == "n"]
    return [t.get_text() for t in right.get_yticklabels()]


def test_levels_by_group_patch_count():
    fig = levels_by_group(HAIR_EYE, title="Eye colour by hair colour")
    assert len(fig.axes[0].patches) == 4 * 4


@pytest.mark.parametrize("row", range(4))
def test_levels_by_group_widths_match_r_proportions(row):
    fig = levels_by_group(HAIR_EYE, title="Eye colour by hair colour")
    widths = [p.get_width() for p in level_patches(fig, row)]
    expected = [100 * p for p in HAIR_EYE_PROPORTIONS[row]]
    assert widths == pytest.approx(expected, abs=1e-5)
    assert sum(widths) == pytest.approx(100.0)
    lefts = [p.get_x() for p in level_patches(fig, row)]
    assert lefts[0] == 0.0
    assert lefts == sorted(lefts)


@pytest.mark.parametrize(
    ("row", "expected"),
    [(0, [63, 18, 14, 5]), (1, [42, 29, 19, 10]), (2, [36, 24, 20, 20])],
)
def test_levels_by_group_labels_largest_remainder(row, expected):
    fig = levels_by_group(HAIR_EYE, title="Eye colour by hair colour")
    texts = sorted(level_labels(fig, row), key=lambda t: t.get_gid())
    assert [int(t.get_text().rstrip("%")) for t in texts] == expected
    assert sum(expected) == 100


def test_levels_by_group_n_per_group():
    fig = levels_by_group(HAIR_EYE, title="Eye colour by hair colour")
    assert n_labels(fig) == ["n = 108", "n = 286", "n = 71", "n = 127"]


def test_levels_by_group_keeps_group_order():
    fig = levels_by_group(HAIR_EYE.iloc[::-1], title="Reversed")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Blond", "Red", "Brown", "Black"]


def test_levels_by_group_legend_with_empty_level():
    table = pd.DataFrame(
        [[0, 30, 22], [0, 25, 15]],
        index=["General Medicine", "Dentistry"],
        columns=["низкий", "средний", "высокий"],
    )
    fig = levels_by_group(table, title="Levels")
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == list(table.columns)
    colours = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
    assert colours == PALETTE.likert(3)


def test_levels_by_group_segment_colours_match_palette():
    fig = levels_by_group(HAIR_EYE, title="Eyes")
    palette = PALETTE.likert(4)
    for j, container in enumerate(fig.axes[0].containers):
        assert {to_hex(p.get_facecolor()) for p in container.patches} == {palette[j]}


def test_levels_by_group_empty_group_warns():
    table = HAIR_EYE.copy()
    table.loc["Grey"] = 0
    with pytest.warns(SurveyWarning, match="Grey"):
        fig = levels_by_group(table, title="Eyes")
    assert n_labels(fig)[-1] == "n = 0"
    assert level_labels(fig, 4) == []


def test_levels_by_group_rejects_negative_count():
    table = HAIR_EYE.copy()
    table.iloc[2, 1] = -3
    with pytest.raises(ScoringError, match='group "Red" is -3') as caught:
        levels_by_group(table, title="Eyes")
    assert caught.value.column == "Blue"


def test_levels_by_group_rejects_duplicate_levels():
    table = pd.DataFrame([[1, 2]], index=["g"], columns=["low", "low"])
    with pytest.raises(CodebookError, match="more than once"):
        levels_by_group(table, title="Dup")
