"""Tests of the pre/post charts, read back through their matplotlib artists."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.plots._style import PALETTE
from srsurvey.plots.prepost import (
    difference_distribution,
    likert_pre_post,
    means_by_arm,
    paired_slopegraph,
)
from srsurvey.stats.descriptives import describe

# R's datasets::sleep (Student, 1908): extra hours of sleep of 10 patients under two
# drugs, as listed by ID in the examples of the R package procs (cran/procs,
# R/proc_ttest.R, commit 003672a). Drug 1 plays the pre wave and drug 2 the post wave.
SLEEP_PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# One-sample 95 % intervals of each drug, from the same file:
# proc_ttest(sleep, var = "extra", class = "group"), $ConfLimits.
SLEEP_PRE_MEAN = 0.75
SLEEP_PRE_CI = (-0.5297804, 2.0297804)
SLEEP_POST_MEAN = 2.33
SLEEP_POST_CI = (0.8976775, 3.7623225)
# Paired interval of group2 - group1, from the same file:
# proc_ttest(dat, paired = "group2 * group1"), $ConfLimits. R's
# t.test(extra ~ group, data = sleep, paired = TRUE) prints the same interval with
# the opposite sign, -2.4598858 -0.7001142 (Meys and de Vries, "R For Dummies",
# dummies.com, "How to compare paired data with R").
SLEEP_DIFF_MEAN = 1.58
SLEEP_DIFF_CI = (0.7001142, 2.459886)
# The published values have 7 significant digits.
PUBLISHED_TOLERANCE = 5e-7

RUSSIAN_KAZAKH = "Самооценка: ә ғ қ ң ө ұ ү һ і, ё й щ ъ"

_FIGURES = []


def keep(fig):
    """Register ``fig`` so that the autouse fixture clears it after the test."""
    _FIGURES.append(fig)
    return fig


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    for fig in _FIGURES:
        fig.clear()
    _FIGURES.clear()
    plt.close("all")


def sleep_pairs() -> tuple[pd.Series, pd.Series]:
    index = pd.Index([f"id{i}" for i in range(1, 11)], name="ID")
    return (
        pd.Series(SLEEP_PRE, index=index, name="pre"),
        pd.Series(SLEEP_POST, index=index, name="post"),
    )


def survey_pairs(n: int = 180, seed: int = 3) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return 5-item scale means at two waves and two arms of n / 2 respondents."""
    rng = np.random.default_rng(seed)
    index = pd.Index([f"r{i}" for i in range(n)], name="respondent")
    arm = pd.Series(np.repeat(["Контроль", "Тренинг"], n // 2), index=index)
    latent = rng.normal(3.0, 0.7, n)
    gain = np.where(arm == "Тренинг", 0.5, 0.0) + rng.normal(0, 0.4, n)

    def scale_mean(values):
        answers = np.rint(values[:, None] + rng.normal(0, 0.6, (n, 5)))
        return np.clip(answers, 1, 5).mean(axis=1)

    pre = pd.Series(scale_mean(latent), index=index, name="pre")
    post = pd.Series(scale_mean(latent + gain), index=index, name="post")
    return pre, post, arm


def artist(ax, gid):
    """Return the one line or collection of ``ax`` with ``gid``."""
    found = [a for a in [*ax.lines, *ax.collections] if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {found}"
    return found[0]


def whisker_bounds(collection) -> list[tuple[float, float]]:
    """Return (low, high) of each vertical whisker segment, in drawing order."""
    return [tuple(sorted(seg[:, 1])) for seg in collection.get_segments()]


def t_interval(values) -> tuple[float, float]:
    x = np.asarray(values, dtype=float)
    return stats.t.interval(0.95, x.size - 1, loc=x.mean(), scale=stats.sem(x))


def likert_counts(rows, items) -> pd.DataFrame:
    options = ["Не согласен", "Скорее не согласен", "Нейтрально", "Скорее согласен"]
    return pd.DataFrame(rows, index=items, columns=options + ["Согласен"])


# paired_slopegraph


def test_slopegraph_one_line_per_complete_pair():
    pre, post, _ = survey_pairs()
    pre.iloc[[2, 40]] = np.nan
    post.iloc[[40, 99, 150]] = np.nan

    with pytest.warns(SurveyWarning, match="4 of 180 respondent") as record:
        fig = keep(paired_slopegraph(pre, post, title="Шкала", ylabel="Балл"))

    assert "176 complete pair" in str(record[0].message)
    ax = fig.axes[0]
    assert len(artist(ax, "pairs").get_segments()) == 176
    assert ax.get_title() == "n = 176"


def test_slopegraph_means_and_ci_match_r_sleep():
    pre, post = sleep_pairs()

    fig = keep(paired_slopegraph(pre, post, title="sleep", ylabel="Extra hours"))

    ax = fig.axes[0]
    means = artist(ax, "means")
    assert list(means.get_xdata()) == [0.0, 1.0]
    assert means.get_ydata()[0] == pytest.approx(SLEEP_PRE_MEAN, abs=1e-12)
    assert means.get_ydata()[1] == pytest.approx(SLEEP_POST_MEAN, abs=1e-12)
    pre_ci, post_ci = whisker_bounds(artist(ax, "ci"))
    assert pre_ci == pytest.approx(SLEEP_PRE_CI, abs=PUBLISHED_TOLERANCE)
    assert post_ci == pytest.approx(SLEEP_POST_CI, abs=PUBLISHED_TOLERANCE)


def test_slopegraph_ci_matches_scipy_per_arm():
    pre, post, arm = survey_pairs()

    fig = keep(paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm))

    assert len(fig.axes) == 2
    for ax, name in zip(fig.axes, ["Контроль", "Тренинг"], strict=True):
        members = arm == name
        means = artist(ax, "means").get_ydata()
        pre_ci, post_ci = whisker_bounds(artist(ax, "ci"))
        assert means[0] == pytest.approx(pre[members].mean(), abs=1e-12)
        assert means[1] == pytest.approx(post[members].mean(), abs=1e-12)
        assert pre_ci == pytest.approx(t_interval(pre[members]), abs=1e-12)
        assert post_ci == pytest.approx(t_interval(post[members]), abs=1e-12)


def test_slopegraph_segments_keep_scores_and_jitter():
    pre, post, _ = survey_pairs(n=40)

    first = keep(paired_slopegraph(pre, post, title="t", ylabel="y"))
    again = keep(paired_slopegraph(pre, post, title="t", ylabel="y"))

    segments = np.array(artist(first.axes[0], "pairs").get_segments())
    repeated = np.array(artist(again.axes[0], "pairs").get_segments())
    offsets = segments[:, 0, 0]
    assert np.array_equal(segments[:, 0, 1], pre.to_numpy())
    assert np.array_equal(segments[:, 1, 1], post.to_numpy())
    assert np.allclose(segments[:, 1, 0] - offsets, 1.0)
    assert np.abs(offsets).max() <= 0.06
    assert np.unique(offsets).size == 40
    assert np.array_equal(segments, repeated)


def test_slopegraph_panels_follow_categories_and_palette():
    pre, post, arm = survey_pairs()
    arm = pd.Categorical(arm, categories=["Тренинг", "Контроль"])
    arm = pd.Series(arm, index=pre.index)

    fig = keep(paired_slopegraph(pre, post, title="t", ylabel="Балл", arm=arm))

    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["Тренинг\nn = 90", "Контроль\nn = 90"]
    for k, ax in enumerate(fig.axes):
        colour = artist(ax, "pairs").get_edgecolor()[0][:3]
        assert tuple(colour) == pytest.approx(_rgb(PALETTE.group(k)))
    assert fig.axes[0].get_ylabel() == "Балл"
    assert fig.axes[1].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])


@pytest.mark.parametrize(
    ("arm_values", "expected"),
    [
        ([3, 1, 2, 1, 3, 2], ["1", "2", "3"]),
        (["б", "а", "в", "а", "б", "в"], ["б", "а", "в"]),
    ],
)
def test_slopegraph_arm_order_without_categories(arm_values, expected):
    index = pd.RangeIndex(6)
    pre = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 2.5], index=index)
    post = pd.Series([2.0, 2.0, 3.5, 4.0, 4.5, 3.0], index=index)
    arm = pd.Series(arm_values, index=index)

    fig = keep(paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm))

    names = [ax.get_title().split("\n")[0] for ax in fig.axes]
    assert names == expected


def test_slopegraph_single_pair_has_mean_no_ci():
    index = pd.RangeIndex(3)
    pre = pd.Series([2.0, 3.0, 4.0], index=index)
    post = pd.Series([3.0, 3.5, 4.0], index=index)
    arm = pd.Series(["А", "Б", "Б"], index=index)

    fig = keep(paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm))

    lone, pair = fig.axes
    assert list(artist(lone, "means").get_ydata()) == [2.0, 3.0]
    assert not [c for c in lone.collections if c.get_gid() == "ci"]
    assert len(whisker_bounds(artist(pair, "ci"))) == 2


def test_slopegraph_unused_category_warns():
    pre, post = sleep_pairs()
    arm = pd.Series(pd.Categorical(["А"] * 10, categories=["А", "Б"]), index=pre.index)

    with pytest.warns(SurveyWarning, match='Arm "Б" has no complete pair'):
        fig = keep(paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm))

    assert len(fig.axes) == 1


def test_slopegraph_long_labels_wrap():
    pre, post = sleep_pairs()
    long_arm = "Экспериментальная группа с тренингом саморегуляции учебной деятельности"
    arm = pd.Series([long_arm] * 10, index=pre.index)
    labels = ("До начала программы обучения", "После окончания программы обучения")

    fig = keep(
        paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm, labels=labels)
    )

    ax = fig.axes[0]
    assert ax.get_title().count("\n") >= 3
    for tick in ax.get_xticklabels():
        assert "\n" in tick.get_text()
        assert max(len(line) for line in tick.get_text().split("\n")) <= 18


@pytest.mark.parametrize(
    ("pre", "post", "arm", "message"),
    [
        ([1.0, 2.0], pd.Series([1.0, 2.0]), None, "must be a pandas Series"),
        (
            pd.Series([1.0, 2.0], index=["a", "b"]),
            pd.Series([1.0, 2.0], index=["b", "a"]),
            None,
            "post scores do not have the same index",
        ),
        (
            pd.Series([1.0, 2.0]),
            pd.Series([1.0, 2.0]),
            pd.Series(["x", "y"], index=[5, 6]),
            "arms do not have the same index",
        ),
        (
            pd.Series([1.0, 2.0]),
            pd.Series(["3", "пять"], name="Q7_post"),
            None,
            "Post scores must be numbers",
        ),
        (pd.Series([1.0, np.inf]), pd.Series([1.0, 2.0]), None, "infinite value"),
        (
            pd.Series([1.0, np.nan]),
            pd.Series([np.nan, 2.0], name="Q7_post"),
            None,
            "no respondent with both a pre and a post score",
        ),
    ],
)
def test_slopegraph_rejects_bad_scores(pre, post, arm, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        with pytest.raises(ScoringError, match=message):
            paired_slopegraph(pre, post, title="t", ylabel="y", arm=arm)


def test_slopegraph_error_names_column_and_value():
    pre = pd.Series([1.0, 2.0])
    post = pd.Series([3.0, "пять"], name="Q7_post")

    with pytest.raises(ScoringError) as caught:
        paired_slopegraph(pre, post, title="t", ylabel="y")

    assert caught.value.column == "Q7_post"
    assert caught.value.value == "пять"


@pytest.mark.parametrize("labels", [("До",), "ДП", ("До", 2), ["а", "б", "в"]])
def test_slopegraph_rejects_bad_wave_labels(labels):
    pre, post = sleep_pairs()

    with pytest.raises(CodebookError, match="wave labels must be two texts"):
        paired_slopegraph(pre, post, title="t", ylabel="y", labels=labels)


# means_by_arm


def sleep_summary() -> pd.DataFrame:
    """Describe the sleep data as arm "А" at two waves, plus a shifted arm "Б"."""
    rows = []
    for arm, shift in (("А", 0.0), ("Б", 1.0)):
        for wave, values in (("До", SLEEP_PRE), ("После", SLEEP_POST)):
            result = describe(pd.Series(values) + shift)
            rows.append({"arm": arm, "wave": wave, **result})
    return pd.DataFrame(rows)


def test_means_by_arm_whiskers_match_r_sleep():
    fig = keep(means_by_arm(sleep_summary(), title="sleep", ylabel="Extra hours"))

    ax = fig.axes[0]
    means = artist(ax, "mean-0").get_ydata()
    pre_ci, post_ci = whisker_bounds(artist(ax, "ci-0"))
    assert means[0] == pytest.approx(SLEEP_PRE_MEAN, abs=1e-12)
    assert means[1] == pytest.approx(SLEEP_POST_MEAN, abs=1e-12)
    assert pre_ci == pytest.approx(SLEEP_PRE_CI, abs=PUBLISHED_TOLERANCE)
    assert post_ci == pytest.approx(SLEEP_POST_CI, abs=PUBLISHED_TOLERANCE)


def test_means_by_arm_whiskers_match_scipy():
    pre, post, arm = survey_pairs()
    rows = []
    for name in ("Контроль", "Тренинг"):
        for wave, scores in (("До", pre), ("После", post)):
            low, high = t_interval(scores[arm == name])
            rows.append(
                {
                    "arm": name,
                    "wave": wave,
                    "mean": scores[arm == name].mean(),
                    "ci_low": low,
                    "ci_high": high,
                    "n": 90,
                }
            )
    summary = pd.DataFrame(rows)

    fig = keep(means_by_arm(summary, title="t", ylabel="y"))

    ax = fig.axes[0]
    for k, name in enumerate(("Контроль", "Тренинг")):
        expected = summary[summary["arm"] == name]
        bounds = np.array(whisker_bounds(artist(ax, f"ci-{k}")))
        assert bounds[:, 0] == pytest.approx(expected["ci_low"].tolist(), abs=1e-12)
        assert bounds[:, 1] == pytest.approx(expected["ci_high"].tolist(), abs=1e-12)
        assert list(artist(ax, f"mean-{k}").get_ydata()) == pytest.approx(
            expected["mean"].tolist()
        )


def test_means_by_arm_wave_order_and_dodge():
    summary = sleep_summary()
    summary["wave"] = pd.Categorical(
        summary["wave"], categories=["До", "После", "Через 3 месяца"], ordered=True
    )

    fig = keep(means_by_arm(summary, title="t", ylabel="y"))

    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    first = artist(ax, "mean-0").get_xdata()
    second = artist(ax, "mean-1").get_xdata()
    assert ticks == ["До", "После", "Через 3 месяца"]
    assert list(first) == pytest.approx([-0.05, 0.95, 1.95])
    assert list(second) == pytest.approx([0.05, 1.05, 2.05])
    assert np.isnan(artist(ax, "mean-0").get_ydata()[2])
    assert artist(ax, "mean-0").get_marker() != artist(ax, "mean-1").get_marker()


def test_means_by_arm_legend_gives_n_per_wave():
    summary = sleep_summary()
    summary.loc[3, "n"] = 9

    fig = keep(means_by_arm(summary, title="t", ylabel="y"))

    texts = [t.get_text().replace("\u00a0", " ") for t in fig.legends[0].get_texts()]
    assert texts == ["А (n = 10)", "Б (n = 10, 9)"]


def test_means_by_arm_missing_ci_has_no_whisker():
    summary = sleep_summary()
    summary.loc[1, ["ci_low", "ci_high"]] = np.nan

    fig = keep(means_by_arm(summary, title="t", ylabel="y"))

    bounds = whisker_bounds(artist(fig.axes[0], "ci-0"))
    assert len(bounds) == 1
    assert bounds[0] == pytest.approx(SLEEP_PRE_CI, abs=PUBLISHED_TOLERANCE)


def _summary_with(change) -> pd.DataFrame:
    summary = sleep_summary()[["arm", "wave", "mean", "ci_low", "ci_high", "n"]]
    return change(summary.copy())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.drop(columns="ci_high"), "lacks the column"),
        (lambda s: s.iloc[:0], "non-empty pandas DataFrame"),
        (lambda s: s.assign(n=[10, 10, -1, 10]), 'n of arm "Б" at wave "До"'),
        (lambda s: s.assign(n=[10, 10.5, 10, 10]), "whole number"),
        (lambda s: s.assign(mean=["нет", 2.33, 1.75, 3.33]), "must be numbers"),
        (lambda s: s.assign(mean=[5.0, 2.33, 1.75, 3.33]), "outside its interval"),
        (lambda s: s.assign(wave=["До", "До", "До", "После"]), "more than one row"),
        (lambda s: s.assign(arm=["А", None, "Б", "Б"]), "without a value of arm"),
    ],
)
def test_means_by_arm_rejects_bad_summary(change, message):
    with pytest.raises(ScoringError, match=message):
        means_by_arm(_summary_with(change), title="t", ylabel="y")


# likert_pre_post

ITEMS = [
    "Я уверен, что смогу разобраться в самом сложном учебном материале курса",
    "Мен қиын тапсырмаларды өз бетімше орындай аламын",
    "Я планирую своё время",
]
PRE_COUNTS = [[10, 20, 30, 25, 15], [5, 15, 40, 30, 10], [30, 30, 20, 15, 5]]
POST_COUNTS = [[5, 10, 25, 35, 25], [2, 10, 30, 38, 20], [20, 25, 25, 20, 10]]


def test_likert_pre_post_same_item_order():
    pre = likert_counts(PRE_COUNTS, ITEMS)
    post = likert_counts(POST_COUNTS, ITEMS).iloc[[2, 0, 1]]

    fig = keep(likert_pre_post(pre, post, title="t", n_pre=100, n_post=100))

    left, right = fig.axes[:2]
    assert (left.get_gid(), right.get_gid()) == ("pre", "post")
    left_items = [t.get_text().replace("\n", " ") for t in left.get_yticklabels()]
    assert left_items == ITEMS
    # The right panel has no labels of its own: it shares the item axis.
    assert right.get_shared_y_axes().joined(left, right)
    assert list(right.get_yticks()) == [0, 1, 2]
    # The "Согласен" segment (last column) of row i has the share of item i.
    for ax, counts in ((left, PRE_COUNTS), (right, POST_COUNTS)):
        top = [p for p in ax.patches if p.get_gid() == "level-4"]
        for i, patch in enumerate(sorted(top, key=lambda p: p.get_y())):
            assert patch.get_width() == pytest.approx(100 * counts[i][4] / 100)


def test_likert_pre_post_shares_x_range_and_titles():
    pre = likert_counts(PRE_COUNTS, ITEMS)
    post = likert_counts(POST_COUNTS, ITEMS)

    fig = keep(
        likert_pre_post(
            pre, post, title="t", n_pre=120, n_post=100, labels=("До", "После")
        )
    )

    left, right = fig.axes[:2]
    assert left.get_xlim() == right.get_xlim()
    assert left.get_title() == "До (N = 120)"
    assert right.get_title() == "После (N = 100)"
    assert not any(t.get_visible() for t in right.yaxis.get_ticklabels())


def test_likert_pre_post_long_items_wrap():
    pre = likert_counts(PRE_COUNTS, ITEMS)
    post = likert_counts(POST_COUNTS, ITEMS)

    fig = keep(likert_pre_post(pre, post, title="t", n_pre=100, n_post=100))

    first = fig.axes[0].get_yticklabels()[0].get_text()
    assert "\n" in first
    assert max(len(line) for line in first.split("\n")) <= 36


def test_likert_pre_post_empty_item_warns():
    pre = likert_counts(PRE_COUNTS, ITEMS)
    post = likert_counts([[0, 0, 0, 0, 0], *POST_COUNTS[1:]], ITEMS)

    with pytest.warns(SurveyWarning, match='1 item\\(s\\) have no answers at "Post"'):
        keep(likert_pre_post(pre, post, title="t", n_pre=100, n_post=100))


@pytest.mark.parametrize(
    ("post", "n_post", "error", "message"),
    [
        (
            likert_counts(POST_COUNTS, ITEMS).iloc[:, ::-1],
            100,
            CodebookError,
            "response options",
        ),
        (likert_counts(POST_COUNTS[:2], ITEMS[:2]), 100, ScoringError, "but none"),
        (
            likert_counts(POST_COUNTS, [ITEMS[0], ITEMS[0], ITEMS[2]]),
            100,
            ScoringError,
            "appears more than once",
        ),
        (likert_counts(POST_COUNTS, ITEMS), 99, ScoringError, "more than the 99"),
        (likert_counts(POST_COUNTS, ITEMS), None, ScoringError, "whole number"),
        (likert_counts(POST_COUNTS, ITEMS), 99.5, ScoringError, "whole number"),
    ],
)
def test_likert_pre_post_rejects_mismatch(post, n_post, error, message):
    pre = likert_counts(PRE_COUNTS, ITEMS)

    with pytest.raises(error, match=message):
        likert_pre_post(pre, post, title="t", n_pre=100, n_post=n_post)


def test_likert_pre_post_rejects_negative_count():
    pre = likert_counts(PRE_COUNTS, ITEMS)
    post = likert_counts([[-1, 10, 25, 35, 25], *POST_COUNTS[1:]], ITEMS)

    with pytest.raises(ScoringError, match="whole numbers of 0 or more"):
        likert_pre_post(pre, post, title="t", n_pre=100, n_post=100)


# difference_distribution


def test_difference_mean_and_ci_match_r_sleep():
    differences = pd.Series(SLEEP_POST) - pd.Series(SLEEP_PRE)

    fig = keep(difference_distribution(differences, title="sleep", xlabel="Hours"))

    ax = fig.axes[0]
    mean_x = artist(ax, "mean").get_xdata()[0]
    (segment,) = artist(ax, "mean-ci").get_segments()
    assert mean_x == pytest.approx(SLEEP_DIFF_MEAN, abs=1e-12)
    assert sorted(segment[:, 0]) == pytest.approx(
        SLEEP_DIFF_CI, abs=PUBLISHED_TOLERANCE
    )
    assert artist(ax, "zero").get_xdata()[0] == 0
    assert ax.get_title(loc="left").startswith("n = 10   mean = 1.58")


def test_difference_bins_centre_on_scale_steps():
    pre, post, _ = survey_pairs()
    differences = post - pre

    fig = keep(difference_distribution(differences, title="t", xlabel="x"))

    bars = [p for p in fig.axes[0].patches if p.get_gid() == "bin"]
    widths = {round(b.get_width(), 9) for b in bars}
    centres = np.array([b.get_x() + b.get_width() / 2 for b in bars])
    assert widths == {0.2}
    assert np.abs(centres).min() == pytest.approx(0.0, abs=1e-9)
    assert sum(b.get_height() for b in bars) == 180


def test_difference_continuous_values_use_auto_bins():
    rng = np.random.default_rng(5)
    differences = pd.Series(rng.normal(0.3, 0.5, 180))

    fig = keep(difference_distribution(differences, title="t", xlabel="x"))

    bars = [p for p in fig.axes[0].patches if p.get_gid() == "bin"]
    expected = np.histogram_bin_edges(differences, bins="auto")
    assert len(bars) == len(expected) - 1
    assert bars[0].get_x() == pytest.approx(expected[0])


def test_difference_rug_has_one_tick_per_value():
    pre, post, _ = survey_pairs()
    differences = post - pre

    with_rug = keep(difference_distribution(differences, title="t", xlabel="x"))
    without = keep(
        difference_distribution(differences, title="t", xlabel="x", rug=False)
    )

    assert len(artist(with_rug.axes[0], "rug").get_segments()) == 180
    assert not [c for c in without.axes[0].collections if c.get_gid() == "rug"]
    assert with_rug.axes[0].get_ylim()[0] < 0
    assert without.axes[0].get_ylim()[0] == 0


def test_difference_missing_values_warn():
    differences = pd.Series([0.2, np.nan, -0.4, 0.0, np.nan])

    with pytest.warns(SurveyWarning, match="2 of 5 difference"):
        fig = keep(difference_distribution(differences, title="t", xlabel="x"))

    assert fig.axes[0].get_title(loc="left").startswith("n = 3")


def test_difference_single_value_has_no_ci():
    fig = keep(difference_distribution(pd.Series([0.4]), title="t", xlabel="x"))

    ax = fig.axes[0]
    assert not [c for c in ax.collections if c.get_gid() == "mean-ci"]
    assert ax.get_title(loc="left") == "n = 1   mean = 0.40"


@pytest.mark.parametrize(
    ("differences", "message"),
    [
        ([0.1, 0.2], "must be a pandas Series"),
        (pd.Series([np.nan, np.nan]), "every difference is missing"),
        (pd.Series(["0.2", "много"]), "Differences must be numbers"),
        (pd.Series([0.1, -np.inf]), "infinite value"),
    ],
)
def test_difference_rejects_bad_values(differences, message):
    with pytest.raises(ScoringError, match=message):
        difference_distribution(differences, title="t", xlabel="x")


# Shared requirements


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def _draw_all_charts(text: str) -> None:
    pre, post = sleep_pairs()
    arm = pd.Series([text] * 5 + ["Контроль"] * 5, index=pre.index)
    summary = sleep_summary().assign(arm=[text, text, "Контроль", "Контроль"])
    counts = likert_counts(PRE_COUNTS, [text, *ITEMS[1:]])
    labels = (f"{text} до", f"{text} после")
    figures = [
        paired_slopegraph(pre, post, title=text, ylabel=text, arm=arm, labels=labels),
        means_by_arm(summary, title=text, ylabel=text),
        likert_pre_post(
            counts, counts, title=text, n_pre=100, n_post=100, labels=labels
        ),
        difference_distribution(post - pre, title=text, xlabel=text),
    ]
    for fig in figures:
        keep(fig)
        fig.canvas.draw()
        fig.savefig(io.BytesIO(), format="svg")


def _glyph_warnings(text: str) -> list[str]:
    """Draw every chart with ``text`` and return the missing-glyph warnings."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        _draw_all_charts(text)
    return [str(w.message) for w in record if "missing from font" in str(w.message)]


def test_charts_render_cyrillic_and_kazakh_glyphs():
    assert _glyph_warnings(RUSSIAN_KAZAKH) == []


def test_glyph_check_detects_missing_glyph():
    # DejaVu Sans has no CJK ideographs, so this proves the check above can fail.
    assert _glyph_warnings("漢字")


def test_charts_leave_caller_rcparams_alone():
    import matplotlib as mpl

    before = dict(mpl.rcParams)

    keep(difference_distribution(pd.Series([0.2, 0.4]), title="t", xlabel="x"))

    assert dict(mpl.rcParams) == before


def test_many_pairs_draw_sample_keep_means():
    from srsurvey.plots.prepost import MAX_PAIR_LINES, paired_slopegraph

    rng = np.random.default_rng(11)
    pre = pd.Series(rng.normal(3.0, 0.5, 3000))
    post = pre + rng.normal(0.3, 0.4, 3000)
    fig = paired_slopegraph(pre, post, title="t", ylabel="y")
    ax = fig.axes[0]
    pairs = [c for c in ax.collections if c.get_gid() == "pairs"]
    assert len(pairs[0].get_segments()) == MAX_PAIR_LINES
    mean_marks = [
        line for line in ax.lines if (line.get_gid() or "").startswith("mean")
    ]
    drawn_means = sorted(float(y) for line in mean_marks for y in line.get_ydata())
    expected_post = float(post.mean())
    assert any(abs(value - expected_post) < 1e-9 for value in drawn_means)
