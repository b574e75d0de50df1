"""Tests of the score box plot, read back from its matplotlib objects."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import PALETTE
from srsurvey.plots.distributions import (
    GROUP_LABEL_WIDTH,
    JITTER_HALF_WIDTH,
    score_distribution,
)


def artists(fig, gid: str) -> list:
    ax = fig.axes[0]
    return [a for a in [*ax.lines, *ax.patches] if a.get_gid() == gid]


def box_stats(fig, k: int = 0) -> dict[str, float]:
    """Quartiles, median, whisker ends and mean of box ``k`` as drawn."""
    box = artists(fig, "box")[k]
    y = box.get_path().vertices[:, 1]
    low_whisker, high_whisker = artists(fig, "whisker")[2 * k : 2 * k + 2]
    stats = {
        "q1": float(y.min()),
        "q3": float(y.max()),
        "median": float(artists(fig, "median")[k].get_ydata()[0]),
        "low": float(low_whisker.get_ydata()[1]),
        "high": float(high_whisker.get_ydata()[1]),
    }
    means = artists(fig, "mean")
    if means:
        stats["mean"] = float(means[k].get_ydata()[0])
    return stats


def tick_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_xticklabels()]


def points(fig, k: int) -> np.ndarray:
    (collection,) = [c for c in fig.axes[0].collections if c.get_gid() == f"points-{k}"]
    return collection.get_offsets()


# R summary(ToothGrowth) as printed in koolwebdezign/statistical-inference,
# tooth-growth.md: Min. 4.20, 1st Qu. 13.07, Median 19.25, Mean 18.81,
# 3rd Qu. 25.27, Max. 33.90. summary() prints 4 significant digits of
# quantile(type = 7), so the quartiles 13.075 and 25.275 show as 13.07 and 25.27.
def test_box_matches_r_summary_of_toothgrowth(toothgrowth):
    fig = score_distribution(toothgrowth["len"], title="Tooth length", ylabel="len")
    stats = box_stats(fig)
    assert stats["q1"] == pytest.approx(13.07, abs=0.006)
    assert stats["median"] == pytest.approx(19.25, abs=1e-9)
    assert stats["q3"] == pytest.approx(25.27, abs=0.006)
    assert stats["mean"] == pytest.approx(18.81, abs=0.005)
    # No value lies beyond 1.5 IQR of the box, so the whiskers reach Min. and Max.
    assert stats["low"] == pytest.approx(4.20)
    assert stats["high"] == pytest.approx(33.90)


# Group means of R t.test(len ~ dose) and t.test(len ~ supp) as printed in the same
# file: dose 0.5 10.605, dose 1 19.735 and dose 2 26.100, then OJ 20.66333 and
# VC 16.96333.
def test_group_means_match_r_t_test(toothgrowth):
    dose = pd.Series(
        pd.Categorical(toothgrowth["dose"], categories=[500, 1000, 2000], ordered=True),
        name="dose",
    )
    fig = score_distribution(toothgrowth["len"], dose, title="By dose", ylabel="len")
    means = [box_stats(fig, k)["mean"] for k in range(3)]
    assert means == pytest.approx([10.605, 19.735, 26.100], abs=1e-9)


def test_order_sets_box_order(toothgrowth):
    fig = score_distribution(
        toothgrowth["len"],
        toothgrowth["supp"],
        title="By supplement",
        ylabel="len",
        order=["VC", "OJ"],
    )
    means = [box_stats(fig, k)["mean"] for k in range(2)]
    assert means == pytest.approx([16.96333, 20.66333], abs=1e-5)
    assert tick_texts(fig) == ["VC\nn = 30", "OJ\nn = 30"]


def test_groups_without_order_follow_frequency():
    scores = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 4.5])
    groups = pd.Series(["a", "b", "b", "c", "c", "c"], name="g")
    fig = score_distribution(scores, groups, title="Freq", ylabel="score")
    assert tick_texts(fig) == ["c\nn = 3", "b\nn = 2", "a\nn = 1"]


def test_order_lists_absent_group_as_empty_slot(toothgrowth):
    fig = score_distribution(
        toothgrowth["len"],
        toothgrowth["supp"],
        title="By supplement",
        ylabel="len",
        order=["OJ", "Placebo"],
    )
    assert tick_texts(fig) == ["OJ\nn = 30", "Placebo\nn = 0", "VC\nn = 30"]
    assert len(artists(fig, "box")) == 2
    assert [c.get_gid() for c in fig.axes[0].collections] == ["points-0", "points-2"]


def test_unused_category_gets_empty_slot():
    groups = pd.Series(pd.Categorical(["x", "x", "z"], categories=["x", "y", "z"]))
    scores = pd.Series([1.0, 2.0, 3.0])
    fig = score_distribution(scores, groups, title="Slots", ylabel="score")
    assert tick_texts(fig) == ["x\nn = 2", "y\nn = 0", "z\nn = 1"]


def test_single_box_without_groups(toothgrowth):
    fig = score_distribution(toothgrowth["len"], title="All", ylabel="len")
    assert tick_texts(fig) == ["n = 60"]
    assert len(artists(fig, "box")) == 1


def test_points_show_every_score_with_jitter(toothgrowth):
    fig = score_distribution(toothgrowth["len"], title="All", ylabel="len")
    offsets = points(fig, 0)
    assert len(offsets) == 60
    assert sorted(offsets[:, 1]) == sorted(toothgrowth["len"])
    assert np.all(np.abs(offsets[:, 0]) <= JITTER_HALF_WIDTH)
    assert np.unique(offsets[:, 0]).size > 1


def test_jitter_is_deterministic(toothgrowth):
    first = score_distribution(toothgrowth["len"], title="All", ylabel="len")
    second = score_distribution(toothgrowth["len"], title="All", ylabel="len")
    assert np.array_equal(points(first, 0), points(second, 0))


def test_box_colours_follow_palette(toothgrowth):
    fig = score_distribution(
        toothgrowth["len"], toothgrowth["supp"], title="Supp", ylabel="len"
    )
    for k, box in enumerate(artists(fig, "box")):
        assert to_hex(box.get_facecolor()) == PALETTE.group(k).lower()


def test_missing_scores_are_left_out_of_n(toothgrowth):
    scores = toothgrowth["len"].copy()
    scores.iloc[:5] = np.nan
    fig = score_distribution(scores, toothgrowth["supp"], title="Supp", ylabel="len")
    # Rows 0-4 are VC, so VC keeps 25 scores.
    assert "VC\nn = 25" in tick_texts(fig)
    assert "OJ\nn = 30" in tick_texts(fig)


def test_missing_group_warns_and_drops(toothgrowth):
    groups = toothgrowth["supp"].copy()
    groups.iloc[[0, 1]] = None
    with pytest.warns(SurveyWarning, match='2 respondent.*"supp"'):
        fig = score_distribution(toothgrowth["len"], groups, title="S", ylabel="len")
    assert "VC\nn = 28" in tick_texts(fig)


def test_mean_marker_can_be_hidden(toothgrowth):
    fig = score_distribution(
        toothgrowth["len"], title="All", ylabel="len", show_mean=False
    )
    assert artists(fig, "mean") == []


def test_labels_come_from_caller(toothgrowth):
    fig = score_distribution(
        toothgrowth["len"], title="Длина зуба", ylabel="Средний балл (1–5)"
    )
    assert fig.axes[0].get_title(loc="left") == "Длина зуба"
    assert fig.axes[0].get_ylabel() == "Средний балл (1–5)"


def test_long_group_labels_wrap():
    groups = pd.Series(["Общая медицина и стоматология"] * 3 + ["Фармация"] * 2)
    scores = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    fig = score_distribution(scores, groups, title="Wrap", ylabel="score")
    first = tick_texts(fig)[0].split("\n")
    assert first == ["Общая медицина", "и стоматология", "n = 3"]
    assert max(len(line) for line in first) <= GROUP_LABEL_WIDTH


def test_rejects_non_numeric_score():
    scores = pd.Series([3.0, "высокий", 4.0], name="sr_total")
    with pytest.raises(ScoringError, match="not a number") as caught:
        score_distribution(scores, title="Bad", ylabel="score")
    assert caught.value.column == "sr_total"
    assert caught.value.value == "высокий"


def test_rejects_all_missing_scores():
    with pytest.raises(ScoringError, match="no scores to draw"):
        score_distribution(pd.Series([np.nan, np.nan]), title="None", ylabel="s")


def test_rejects_groups_with_other_index():
    scores = pd.Series([1.0, 2.0], index=[0, 1])
    groups = pd.Series(["a", "b"], index=[5, 6])
    with pytest.raises(ScoringError, match="same index"):
        score_distribution(scores, groups, title="Index", ylabel="s")


def test_rejects_order_without_groups():
    with pytest.raises(CodebookError, match="without the groups"):
        score_distribution(pd.Series([1.0]), title="Order", ylabel="s", order=["a"])


def test_rejects_repeated_group_in_order():
    scores = pd.Series([1.0, 2.0])
    groups = pd.Series(["a", "b"])
    with pytest.raises(CodebookError, match="a more than once"):
        score_distribution(scores, groups, title="O", ylabel="s", order=["a", "a"])


def test_rejects_scores_that_are_not_series():
    with pytest.raises(ScoringError, match="pandas Series, not list"):
        score_distribution([1.0, 2.0], title="List", ylabel="s")


def test_large_groups_draw_a_sample_of_points():
    from srsurvey.plots.distributions import MAX_POINTS_PER_GROUP, score_distribution

    rng = np.random.default_rng(5)
    scores = pd.Series(rng.normal(3.5, 0.6, 5000))
    groups = pd.Series(pd.Categorical(np.where(np.arange(5000) < 4000, "a", "b")))
    fig = score_distribution(scores, groups, title="t", ylabel="y")
    ax = fig.axes[0]
    by_gid = {artist.get_gid(): artist for artist in ax.collections}
    assert len(by_gid["points-0"].get_offsets()) == MAX_POINTS_PER_GROUP
    assert len(by_gid["points-1"].get_offsets()) == 1000
    notes = [text for text in ax.texts if text.get_gid() == "points-note"]
    assert len(notes) == 1
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert ticks[0].endswith("n = 4000")
