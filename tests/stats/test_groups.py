"""Tests of srsurvey.stats.groups and srsurvey.stats._multiple against R, jamovi
and pingouin's R-checked values."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.stats._multiple import adjust_p
from srsurvey.stats.groups import (
    COMPARISON_COLUMNS,
    CROSSTAB_COLUMNS,
    compare_groups,
    crosstab_tests,
    group_comparisons,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def tooth_growth() -> pd.DataFrame:
    data = pd.read_csv(DATA / "toothgrowth.csv")
    data["supp"] = pd.Categorical(data["supp"], ["OJ", "VC"], ordered=True)
    data["dose"] = pd.Categorical(data["dose"], [500, 1000, 2000], ordered=True)
    return data


@pytest.fixture(scope="module")
def mtcars() -> pd.DataFrame:
    data = pd.read_csv(DATA / "mtcars_wt_am.csv")
    data["am"] = pd.Categorical(data["am"], [0, 1], ordered=True)
    return data


def _by_test(rows: list[dict]) -> dict[str, dict]:
    return {row["test"]: row for row in rows}


# --- adjust_p ----------------------------------------------------------------------

# raphaelvallat/pingouin tests/test_multicomp.py, checked there against R's
# p.adjust(): the inputs and the expected adjusted p-values.
P_VALUES = [0.52, 0.12, 0.0001, 0.03, 0.14]
P_VALUES_2 = [0.52, 0.12, 0.10, 0.30, 0.14]
P_VALUES_NAN = [0.52, np.nan, 0.10, 0.30, 0.14]


@pytest.mark.parametrize(
    ("p_values", "method", "expected"),
    [
        (P_VALUES, "holm", [0.52, 0.36, 0.0005, 0.12, 0.36]),
        (P_VALUES_2, "holm", [0.6, 0.5, 0.5, 0.6, 0.5]),
        (P_VALUES_NAN, "holm", [0.6, np.nan, 0.4, 0.6, 0.42]),
        (P_VALUES, "fdr_bh", [0.52, 0.175, 0.0005, 0.075, 0.175]),
        (P_VALUES_NAN, "fdr_bh", [0.52, np.nan, 0.28, 0.40, 0.28]),
        (P_VALUES_NAN, "none", P_VALUES_NAN),
    ],
)
def test_adjust_p_matches_r_p_adjust(p_values, method, expected):
    np.testing.assert_allclose(adjust_p(p_values, method), expected, rtol=1e-12)


def test_adjust_p_all_nan_stays_nan():
    assert np.isnan(adjust_p([np.nan, np.nan], "holm")).all()


def test_adjust_p_keeps_input_unchanged():
    p_values = np.array([0.01, 0.04])
    adjust_p(p_values, "holm")
    assert p_values.tolist() == [0.01, 0.04]


def test_adjust_p_rejects_unknown_method():
    with pytest.raises(CodebookError) as caught:
        adjust_p([0.1], "bonferroni")
    assert caught.value.value == "bonferroni"
    assert "holm, fdr_bh, none" in str(caught.value)


def test_adjust_p_rejects_out_of_range():
    with pytest.raises(ValueError, match="1.5"):
        adjust_p([0.1, 1.5])


# --- two groups --------------------------------------------------------------------


def test_two_groups_toothgrowth_matches_r(tooth_growth):
    rows = _by_test(
        compare_groups(
            tooth_growth["len"], tooth_growth["supp"], measure="len", group="supp"
        )
    )
    welch = rows["Welch's t-test"]
    # R: t.test(len ~ supp, data = ToothGrowth) prints "t = 1.9153, df = 55.309,
    # p-value = 0.06063".
    assert welch["statistic"] == pytest.approx(1.9153, abs=5e-5)
    assert welch["df1"] == pytest.approx(55.309, abs=5e-4)
    assert welch["p_value"] == pytest.approx(0.06063, abs=5e-6)
    assert math.isnan(welch["df2"])
    assert welch["n"] == 60
    assert welch["n_groups"] == 2
    mwu = rows["Mann-Whitney U test"]
    # R: wilcox.test(len ~ supp, data = ToothGrowth) prints "W = 575.5,
    # p-value = 0.06449" (with continuity correction, ties present).
    assert mwu["statistic"] == 575.5
    assert mwu["p_value"] == pytest.approx(0.06449, abs=5e-6)


def test_two_groups_effect_sizes_match_effectsize(mtcars):
    rows = _by_test(
        compare_groups(mtcars["wt"], mtcars["am"], measure="wt", group="am")
    )
    hedges = rows["Welch's t-test"]
    # R: effectsize tests/testthat/test-standardized_differences.R,
    # hedges_g(wt ~ am, data = mtcars) is 1.844 with 95% CI [1.004, 2.664]
    # (expect_equal tolerance 0.001).
    assert hedges["effect_size_name"] == "Hedges' g"
    assert hedges["effect_size"] == pytest.approx(1.844, abs=0.001)
    assert hedges["es_ci_low"] == pytest.approx(1.004, abs=0.001)
    assert hedges["es_ci_high"] == pytest.approx(2.664, abs=0.001)
    mwu = rows["Mann-Whitney U test"]
    # R: statsExpressions tests/testthat/_snaps/two_sample_nonparametric.md,
    # wilcox.test of wt by am: W = 230.500, p = 4.347e-05.
    assert mwu["statistic"] == 230.5
    assert mwu["p_value"] == pytest.approx(4.347e-05, abs=5e-9)


def test_rank_biserial_ci_matches_effectsize(mtcars):
    rows = _by_test(
        compare_groups(mtcars["wt"], mtcars["am"], measure="wt", group="am", alpha=0.10)
    )
    mwu = rows["Mann-Whitney U test"]
    # R: statsExpressions snapshot above, effectsize::rank_biserial with a 90% CI:
    # r = 0.866, CI [0.749, 0.931], conf.method "normal".
    assert mwu["effect_size_name"] == "rank-biserial r"
    assert mwu["effect_size"] == pytest.approx(0.866, abs=5e-4)
    assert mwu["es_ci_low"] == pytest.approx(0.749, abs=5e-4)
    assert mwu["es_ci_high"] == pytest.approx(0.931, abs=5e-4)


def test_rank_biserial_point_matches_effectsize():
    # R: effectsize tests/testthat/test-rankES.R, rank_biserial(A, B) is
    # 0.6071429 for A = c(48, 48, 77, 86, 85, 85, 16), B = c(14, 34, 34, 77).
    a = [48, 48, 77, 86, 85, 85, 16]
    b = [14, 34, 34, 77]
    values = pd.Series(a + b, dtype=float)
    groups = pd.Series(pd.Categorical(["A"] * 7 + ["B"] * 4, ["A", "B"]))
    rows = _by_test(compare_groups(values, groups, measure="x", group="g"))
    assert rows["Mann-Whitney U test"]["effect_size"] == pytest.approx(
        0.6071429, abs=5e-8
    )


def test_two_groups_reasons_and_families(tooth_growth):
    rows = compare_groups(
        tooth_growth["len"], tooth_growth["supp"], measure="len", group="supp"
    )
    assert [row["family"] for row in rows] == ["supp: parametric", "supp: rank-based"]
    assert rows[0]["reason"] == (
        "2 groups: Welch's t-test does not assume equal variances"
    )
    assert rows[1]["reason"].startswith("2 groups: the Mann-Whitney U test")
    assert all(math.isnan(row["p_adjusted"]) for row in rows)
    assert all(set(row) == set(COMPARISON_COLUMNS) for row in rows)


def test_group_order_sets_effect_sign(mtcars):
    reversed_am = mtcars["am"].cat.reorder_categories([1, 0])
    rows = _by_test(compare_groups(mtcars["wt"], reversed_am, measure="wt", group="am"))
    assert rows["Welch's t-test"]["effect_size"] == pytest.approx(-1.844, abs=0.001)
    assert rows["Mann-Whitney U test"]["effect_size"] < 0


# --- three or more groups ----------------------------------------------------------


def test_three_groups_toothgrowth_matches_r(tooth_growth):
    rows = _by_test(
        compare_groups(
            tooth_growth["len"], tooth_growth["dose"], measure="len", group="dose"
        )
    )
    welch = rows["Welch's ANOVA"]
    # jamovi jmv tests/testthat/testanovaonew.R on ToothGrowth len by dose:
    # F[welch] 68.401, df2[welch] 37.743, p[welch] 2.8124e-13 (tolerance 1e-5).
    assert welch["statistic"] == pytest.approx(68.401, rel=1e-5)
    assert welch["df1"] == 2
    assert welch["df2"] == pytest.approx(37.743, rel=1e-5)
    assert welch["p_value"] == pytest.approx(2.8124e-13, rel=1e-4)
    # Eta squared of a one-way ANOVA equals F df1 / (F df1 + df2) for the
    # classical F, which the same jmv test gives as F[fisher] 67.416 (df 2, 57).
    assert welch["effect_size"] == pytest.approx(
        67.416 * 2 / (67.416 * 2 + 57), abs=1e-5
    )
    assert math.isnan(welch["es_ci_low"])
    kruskal = rows["Kruskal-Wallis test"]
    # R: kruskal.test(len ~ dose, data = ToothGrowth) prints "Kruskal-Wallis
    # chi-squared = 40.669, df = 2, p-value = 1.475e-09".
    assert kruskal["statistic"] == pytest.approx(40.669, abs=5e-4)
    assert kruskal["df1"] == 2
    assert kruskal["p_value"] == pytest.approx(1.475e-09, abs=5e-13)
    assert kruskal["effect_size"] == pytest.approx(kruskal["statistic"] / 59)
    assert welch["reason"] == "3 groups: Welch's ANOVA does not assume equal variances"


@pytest.mark.parametrize(
    ("dep", "chi_sq", "p_value", "epsilon_sq"),
    [
        # jamovi jmv tests/testthat/testanovanp.R, "All options in the anovaNP
        # work (sunny)": chiSq 0.167, p 0.920, es 0.0098.
        (
            [0, 4, 19, 5, 9, 15, 1, 4, 19, 10, 13, 7, 5, 12, 2, 23, 6, 13],
            0.167,
            0.920,
            0.0098,
        ),
        # Same file, "(rainy)", with three missing scores: chiSq 9.41, p 0.009,
        # es 0.672.
        (
            [7, 12, None, 8, 3, 15, 20, 18, 16, None, 22, 19, 5, 9, 14, 11, 8, None],
            9.41,
            0.009,
            0.672,
        ),
    ],
)
def test_kruskal_epsilon_matches_jamovi(dep, chi_sq, p_value, epsilon_sq):
    values = pd.Series(dep, dtype=float)
    groups = pd.Series(pd.Categorical(np.repeat(["a", "b", "c"], 6)))
    rows = _by_test(compare_groups(values, groups, measure="dep", group="f"))
    kruskal = rows["Kruskal-Wallis test"]
    assert kruskal["statistic"] == pytest.approx(chi_sq, abs=0.005)
    assert kruskal["df1"] == 2
    assert kruskal["p_value"] == pytest.approx(p_value, abs=0.0005)
    assert kruskal["effect_size"] == pytest.approx(epsilon_sq, abs=0.0005)
    assert kruskal["effect_size_name"] == "epsilon squared"


# --- edge cases -------------------------------------------------------------------


def test_single_score_group_dropped_with_warning():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    groups = pd.Series(pd.Categorical(["a", "a", "b", "b", "c"]))
    with pytest.warns(SurveyWarning, match="group\\(s\\) c have only one score"):
        rows = compare_groups(values, groups, measure="care", group="year")
    assert [row["test"] for row in rows] == ["Welch's t-test", "Mann-Whitney U test"]
    assert rows[0]["n"] == 4


def test_one_usable_group_not_tested():
    values = pd.Series([1.0, 2.0, 3.0, np.nan])
    groups = pd.Series(pd.Categorical(["a", "a", "a", "b"], ["a", "b", "c"]))
    rows = compare_groups(values, groups, measure="care", group="year")
    assert len(rows) == 1
    assert rows[0]["test"] == "not tested"
    assert rows[0]["reason"] == "fewer than 2 groups with 2+ scores: not tested"
    assert rows[0]["n_groups"] == 1
    assert math.isnan(rows[0]["p_value"])
    assert math.isnan(rows[0]["statistic"])


def test_constant_scores_give_nan_not_crash():
    values = pd.Series([3.0] * 9)
    groups = pd.Series(pd.Categorical(np.repeat(["a", "b", "c"], 3)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = _by_test(compare_groups(values, groups, measure="care", group="g"))
    assert math.isnan(rows["Kruskal-Wallis test"]["statistic"])
    assert math.isnan(rows["Welch's ANOVA"]["effect_size"])
    assert math.isnan(rows["Welch's ANOVA"]["statistic"])
    assert "identical scores" in rows["Welch's ANOVA"]["reason"]
    two = _by_test(compare_groups(values[:6], groups[:6], measure="care", group="g"))
    assert math.isnan(two["Welch's t-test"]["effect_size"])


def test_missing_group_values_left_out(tooth_growth):
    groups = tooth_growth["supp"].copy()
    groups.iloc[:5] = np.nan
    rows = compare_groups(tooth_growth["len"], groups, measure="len", group="supp")
    assert rows[0]["n"] == 55


def test_compare_groups_rejects_text_scores():
    values = pd.Series(["1", "x", "3", "4"], name="care")
    groups = pd.Series(pd.Categorical(["a", "a", "b", "b"]))
    with pytest.raises(ScoringError) as caught:
        compare_groups(values, groups, measure="care", group="g")
    assert caught.value.column == "care"
    assert caught.value.value == "x"


def test_compare_groups_rejects_misaligned_groups():
    values = pd.Series([1.0, 2.0], index=[0, 1])
    groups = pd.Series(["a", "b"], index=[1, 2])
    with pytest.raises(ValueError, match="same index"):
        compare_groups(values, groups, measure="care", group="g")


@pytest.mark.parametrize("alpha", [0, 1, 1.5])
def test_compare_groups_rejects_bad_alpha(alpha):
    values = pd.Series([1.0, 2.0, 3.0, 4.0])
    groups = pd.Series(["a", "a", "b", "b"])
    with pytest.raises(ValueError, match="alpha"):
        compare_groups(values, groups, measure="care", group="g", alpha=alpha)


# --- group_comparisons -----------------------------------------------------------


def test_group_comparisons_adjusts_within_families(tooth_growth):
    scores = pd.DataFrame(
        {"len": tooth_growth["len"], "half": tooth_growth["len"] / 2 + np.arange(60)}
    )
    groups = tooth_growth[["supp", "dose"]]
    table = group_comparisons(scores, groups, correction="holm")
    assert list(table.columns) == COMPARISON_COLUMNS
    assert table["group"].tolist() == ["supp"] * 4 + ["dose"] * 4
    assert table["measure"].tolist() == ["len", "len", "half", "half"] * 2
    for family, rows in table.groupby("family"):
        assert len(rows) == 2, family
        expected = adjust_p(rows["p_value"].to_numpy(), "holm")
        np.testing.assert_allclose(rows["p_adjusted"], expected)
    assert set(table["family"]) == {
        "supp: parametric",
        "supp: rank-based",
        "dose: parametric",
        "dose: rank-based",
    }


def test_group_comparisons_none_keeps_p(tooth_growth):
    table = group_comparisons(
        tooth_growth[["len"]], tooth_growth[["supp"]], correction="none"
    )
    np.testing.assert_array_equal(table["p_adjusted"], table["p_value"])


def test_group_comparisons_rejects_unknown_correction(tooth_growth):
    with pytest.raises(CodebookError, match="analysis.correction"):
        group_comparisons(
            tooth_growth[["len"]], tooth_growth[["supp"]], correction="bonf"
        )


def test_group_comparisons_untested_nan_adjusted():
    scores = pd.DataFrame({"care": [1.0, 2.0, 3.0]})
    groups = pd.DataFrame({"year": pd.Categorical(["a", "a", "a"])})
    table = group_comparisons(scores, groups)
    assert table["test"].tolist() == ["not tested"]
    assert table["p_adjusted"].isna().all()


# --- crosstab_tests --------------------------------------------------------------


@pytest.fixture(scope="module")
def heart() -> pd.DataFrame:
    return pd.read_csv(DATA / "pingouin_chi2_independence.csv")


def test_crosstab_heart_matches_pingouin(heart):
    table = crosstab_tests({"cp": heart["cp"]}, heart[["target"]])
    row = table.iloc[0]
    # raphaelvallat/pingouin tests/test_contingency.py, compared there with R's
    # chisq.test(table(df$cp, df$target)) and cramersV: chi2 81.686, dof 3,
    # p < 2.2e-16, Cramer's V 0.519 (a 4 x 2 table has no continuity correction).
    assert row["test"] == "Pearson's chi-square test"
    assert row["statistic"] == pytest.approx(81.686, abs=5e-4)
    assert row["df"] == 3
    assert row["p_value"] < 2.2e-16
    assert row["cramers_v"] == pytest.approx(0.519, abs=5e-4)
    assert row["share_expected_below_5"] == 0


def test_crosstab_2x2_uncorrected_chi_square(mtcars):
    vs = pd.Series(pd.Categorical(mtcars["vs"]))
    table = crosstab_tests({"vs": vs}, mtcars[["am"]])
    row = table.iloc[0]
    # R: chisq.test(table(mtcars[c("am", "vs")]), correct = FALSE) gives
    # p-value = 0.3409 and Cramer's V 0.1683451 (an R package's cramersv() and
    # ci_cramersv() tests; all expected counts are above 5).
    assert row["test"] == "Pearson's chi-square test"
    assert row["p_value"] == pytest.approx(0.3409, abs=5e-5)
    assert row["cramers_v"] == pytest.approx(0.1683451, abs=5e-7)
    assert row["df"] == 1
    assert row["min_expected"] == pytest.approx(13 * 14 / 32)


def _from_table(counts: list[list[int]]) -> tuple[pd.Series, pd.DataFrame]:
    answers, groups = [], []
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            answers += [f"r{i}"] * count
            groups += [f"c{j}"] * count
    return pd.Series(answers), pd.DataFrame({"g": groups})


def test_crosstab_small_2x2_uses_fisher():
    # R: fisher.test(matrix(c(2, 5, 9, 4), nrow = 2)) prints p-value = 0.1597.
    answers, groups = _from_table([[2, 9], [5, 4]])
    row = crosstab_tests({"q": answers}, groups).iloc[0]
    assert row["test"] == "Fisher's exact test"
    assert row["p_value"] == pytest.approx(0.1597, abs=5e-5)
    assert math.isnan(row["statistic"])
    assert math.isnan(row["df"])
    assert row["reason"].startswith("2x2 table with an expected count below 5")
    assert row["min_expected"] == pytest.approx(9 * 7 / 20)
    assert row["share_expected_below_5"] == 0.5


def test_crosstab_warns_sparse_larger_table():
    answers, groups = _from_table([[10, 1, 9], [9, 2, 10], [1, 0, 3]])
    with pytest.warns(SurveyWarning, match="expected count below 5"):
        row = crosstab_tests({"q": answers}, groups).iloc[0]
    assert row["test"] == "Pearson's chi-square test"
    assert row["share_expected_below_5"] > 0.2


def test_crosstab_drops_empty_categories():
    answers = pd.Series(pd.Categorical(["a", "b", "a", "b"] * 5, ["a", "b", "never"]))
    groups = pd.DataFrame(
        {"g": pd.Categorical(["x", "x", "y", "y"] * 5, ["x", "y", "z"])}
    )
    row = crosstab_tests({"q": answers}, groups).iloc[0]
    assert row["df"] == 1
    assert row["test"] == "Pearson's chi-square test"


def test_crosstab_single_answer_not_tested():
    answers = pd.Series(["a"] * 6)
    groups = pd.DataFrame({"g": ["x", "y"] * 3})
    table = crosstab_tests({"q": answers}, groups)
    assert list(table.columns) == CROSSTAB_COLUMNS
    assert table.loc[0, "test"] == "not tested"
    assert math.isnan(table.loc[0, "p_value"])
    assert math.isnan(table.loc[0, "p_adjusted"])


def test_crosstab_adjusts_per_group_variable(heart):
    questions = {name: heart[name] for name in ["sex", "cp", "fbs", "exang"]}
    with pytest.warns(SurveyWarning, match="by restecg"):
        table = crosstab_tests(
            questions, heart[["target", "restecg"]], correction="fdr_bh"
        )
    assert table["family"].tolist() == ["target", "restecg"] * 4
    for _, rows in table.groupby("family"):
        expected = adjust_p(rows["p_value"].to_numpy(), "fdr_bh")
        np.testing.assert_allclose(rows["p_adjusted"], expected)


def test_crosstab_rejects_misaligned_question(heart):
    with pytest.raises(ValueError, match="same index"):
        crosstab_tests({"sex": heart["sex"].iloc[:10]}, heart[["target"]])


def test_crosstab_rejects_unknown_correction(heart):
    with pytest.raises(CodebookError):
        crosstab_tests({"sex": heart["sex"]}, heart[["target"]], correction="x")


def test_noncentral_bound_survives_underflow():
    """scipy's noncentral t CDF is NaN far in the tail at large df (bfi by gender)."""
    from srsurvey.stats.groups import _noncentrality_bound

    t, df = -6.647553855696341, 2692
    low = _noncentrality_bound(t, df, 0.975)
    high = _noncentrality_bound(t, df, 0.025)
    # At df = 2692 the noncentral t is close to a normal shifted by ncp, so the
    # bounds lie about 1.96 on either side of t.
    assert low == pytest.approx(t - 1.959964, abs=0.01)
    assert high == pytest.approx(t + 1.959964, abs=0.01)


def test_two_group_rows_name_the_contrast():
    from srsurvey.stats.groups import compare_groups

    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    groups = pd.Series(
        pd.Categorical(["b", "b", "b", "a", "a", "a"], categories=["b", "a"])
    )
    rows = compare_groups(values, groups, measure="m", group="g")
    assert rows[0]["contrast"] == (
        "b (M = 2.00) vs a (M = 5.00): positive when the first scores higher"
    )
    assert rows[0]["statistic"] < 0
    assert rows[1]["contrast"] == rows[0]["contrast"]


def test_mann_whitney_matches_scipy_on_large_groups():
    """U and p come from scipy directly; pingouin.mwu builds an n1 x n2 matrix."""
    from scipy import stats

    from srsurvey.stats.groups import compare_groups

    rng = np.random.default_rng(3)
    values = pd.Series(np.round(rng.normal(3.5, 0.7, 3000), 1))
    groups = pd.Series(pd.Categorical(np.where(np.arange(3000) % 3 == 0, "a", "b")))
    rows = compare_groups(values, groups, measure="m", group="g")
    x = values[groups == "a"].to_numpy()
    y = values[groups == "b"].to_numpy()
    expected = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided")
    assert rows[1]["statistic"] == expected.statistic
    assert rows[1]["p_value"] == pytest.approx(expected.pvalue, rel=1e-12)
