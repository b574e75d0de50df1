"""Tests of srsurvey.stats.paired against R, effectsize, jamovi and pingouin values."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from srsurvey.errors import CodebookError, DataFileError, ScoringError, SurveyWarning
from srsurvey.stats.paired import (
    PAIRED_COLUMNS,
    mcnemar,
    paired_comparison,
    paired_comparisons,
    wilcoxon_signed_rank,
)

DATA = Path(__file__).resolve().parents[1] / "data"

# R datasets::sleep (documentation of ?sleep): extra hours of sleep of 10 patients
# with drug 1 (group 1) and drug 2 (group 2).
SLEEP_GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# R ?wilcox.test: Hollander & Wolfe (1973, p. 29) depression scores at the first
# (x) and second (y) visit.
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]

# Lakens (2013, Frontiers in Psychology 4:863), Table 1: ratings of two movies by
# the same 10 people, as written in dgromer/apa tests/testthat/test-cohens-d.R.
MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]

# IndrajeetPatil/statsExpressions tests/testthat/test-two_sample_nonparametric.R,
# "within-subjects design": bird lengths, typical and odd, birds A to P.
BIRD_TYPICAL = [
    -0.255, -0.213, -0.19, -0.185, -0.045, -0.025, -0.015, 0.003,
    0.015, 0.02, 0.023, 0.04, 0.04, 0.05, 0.055, 0.058,
]  # fmt: skip
BIRD_ODD = [
    -0.324, -0.185, -0.299, -0.144, -0.027, -0.039, -0.264, -0.077,
    -0.017, -0.169, -0.096, -0.33, -0.346, -0.191, -0.128, -0.182,
]  # fmt: skip

# jamovi/jmv tests/testthat/testttestps.R, "Matched rank biserial correlation is
# correct": one pair has a zero difference.
JMV_BEFORE = [20, 22, 19, 20, 22, 18, 24, 20, 25]
JMV_AFTER = [38, 37, 33, 29, 14, 12, 20, 22, 25]


def _series(values, start: int = 0) -> pd.Series:
    return pd.Series(values, index=range(start, start + len(values)), dtype=float)


def _compare(pre, post, **options) -> dict:
    return paired_comparison(_series(pre), _series(post), measure="m", **options)


@pytest.fixture(scope="module")
def sleep_row() -> dict:
    # post = group 1 and pre = group 2, so post - pre is R's x - y in
    # t.test(extra[group == 1], extra[group == 2], paired = TRUE).
    return _compare(SLEEP_GROUP_2, SLEEP_GROUP_1)


# --- paired t-test and effect sizes -----------------------------------------------


def test_paired_t_matches_r_on_sleep(sleep_row):
    # R: t.test(extra[group == 1], extra[group == 2], paired = TRUE), as printed
    # in R sessions of the ?t.test example: t = -4.0621, df = 9,
    # p-value = 0.002833, mean difference -1.58, 95 percent confidence interval
    # -2.4598858 -0.7001142.
    assert sleep_row["t"] == pytest.approx(-4.0621, abs=5e-5)
    assert sleep_row["df"] == 9
    assert sleep_row["t_p"] == pytest.approx(0.002833, abs=5e-7)
    assert sleep_row["mean_diff"] == pytest.approx(-1.58, abs=1e-12)
    assert sleep_row["diff_ci_low"] == pytest.approx(-2.4598858, abs=5e-8)
    assert sleep_row["diff_ci_high"] == pytest.approx(-0.7001142, abs=5e-8)


def test_cohen_dz_matches_effectsize_on_sleep(sleep_row):
    # R effectsize, documentation of cohens_d(), "Paired Samples":
    # cohens_d(Pair(extra[group == 1], extra[group == 2]) ~ 1, data = sleep)
    # prints -1.28, 95% CI [-2.12, -0.41] (noncentral t).
    assert sleep_row["cohen_dz"] == pytest.approx(-1.28, abs=0.005)
    assert sleep_row["dz_ci_low"] == pytest.approx(-2.12, abs=0.005)
    assert sleep_row["dz_ci_high"] == pytest.approx(-0.41, abs=0.005)


def test_cohen_dz_equals_t_over_root_n(sleep_row):
    assert sleep_row["cohen_dz"] == pytest.approx(sleep_row["t"] / math.sqrt(10))


def test_wilcoxon_matches_r_on_sleep(sleep_row):
    # R: wilcox.test(extra[group == 1], extra[group == 2], paired = TRUE), as
    # printed in R sessions: "Wilcoxon signed rank test with continuity
    # correction", V = 0, p-value = 0.009091, with warnings about ties and zeroes
    # (one patient has a zero difference).
    assert sleep_row["wilcoxon_w"] == 0
    assert sleep_row["wilcoxon_p"] == pytest.approx(0.009091, abs=5e-7)
    assert (
        sleep_row["wilcoxon_method"]
        == "normal approximation with continuity correction"
    )


def test_lakens_movie_effect_sizes():
    # dgromer/apa tests: t_apa(t_test(movie_1, movie_2, paired = TRUE)) gives
    # "t(9) = 4.74, p = .001, d = 1.50" and cohens_d(..., paired = TRUE) 1.5,
    # the values of Lakens (2013) for these ratings.
    row = _compare(MOVIE_2, MOVIE_1)
    assert row["t"] == pytest.approx(4.74, abs=0.005)
    assert row["df"] == 9
    assert row["t_p"] == pytest.approx(0.001, abs=0.0005)
    assert row["cohen_dz"] == pytest.approx(1.50, abs=0.005)


def test_lakens_movie_average_sd_effect_sizes():
    # No published d_av for these ratings is cited here, so this is a hand
    # calculation: means 8.7 and 7.7, SDs
    # sqrt(6.1/9) = 0.823273 and sqrt(8.1/9) = 0.948683, so
    # d_av = 1.0 / ((0.823273 + 0.948683) / 2) = 1.128696, and
    # g_av = d_av * (1 - 3 / (4 * 9 - 1)) = 1.128696 * 32 / 35 = 1.031951.
    row = _compare(MOVIE_2, MOVIE_1)
    assert row["sd_pre"] == pytest.approx(math.sqrt(8.1 / 9))
    assert row["sd_post"] == pytest.approx(math.sqrt(6.1 / 9))
    assert row["cohen_dav"] == pytest.approx(1.128696, abs=5e-7)
    assert row["hedges_gav"] == pytest.approx(1.031951, abs=5e-7)


def test_r_pre_post_is_pearson(sleep_row):
    expected = np.corrcoef(SLEEP_GROUP_2, SLEEP_GROUP_1)[0, 1]
    assert sleep_row["r_pre_post"] == pytest.approx(expected)


def test_normality_is_shapiro_of_differences(sleep_row):
    # Cross-check with scipy (Royston's algorithm, as R's shapiro.test). No
    # published value for these differences is cited here.
    differences = np.subtract(SLEEP_GROUP_1, SLEEP_GROUP_2)
    assert sleep_row["normality_p"] == pytest.approx(stats.shapiro(differences).pvalue)


# --- Wilcoxon signed-rank test -----------------------------------------------------


def test_wilcoxon_exact_matches_r_depression():
    # R ?wilcox.test: wilcox.test(x, y, paired = TRUE, alternative = "greater")
    # prints V = 40, p-value = 0.01953 (exact: no ties, no zeros, n = 9). V lies
    # above n(n + 1)/4, so the two-sided p is twice that tail: 2 * 10/512.
    w, p, method = wilcoxon_signed_rank(np.subtract(DEPRESSION_X, DEPRESSION_Y))
    assert w == 40
    assert p == pytest.approx(2 * 0.01953, abs=1e-5)
    assert method == "exact"


def test_wilcoxon_with_zero_matches_jamovi():
    # jamovi jmv::ttestPS(wilcoxon = TRUE) on before/after: W = 9, p = 0.234 and
    # rank-biserial -0.5; R drops the zero difference and uses the normal
    # approximation because of it.
    w, p, method = wilcoxon_signed_rank(np.subtract(JMV_BEFORE, JMV_AFTER))
    assert w == 9
    assert p == pytest.approx(0.234, abs=5e-4)
    assert method == "normal approximation with continuity correction"


def test_rank_biserial_drops_zero_like_jamovi():
    row = _compare(JMV_AFTER, JMV_BEFORE)
    assert row["rank_biserial"] == pytest.approx(-0.5)


def test_rank_biserial_matches_effectsize_birds():
    # statsExpressions snapshot tests/testthat/_snaps/two_sample_nonparametric.md,
    # "within-subjects design" (effectsize::rank_biserial(paired = TRUE) with
    # ci = 0.99, differences odd - typical): V = 10, r = -0.85294,
    # 99% CI [-0.96399, -0.48865].
    row = _compare(BIRD_TYPICAL, BIRD_ODD, alpha=0.01)
    assert row["wilcoxon_w"] == 10
    assert row["rank_biserial"] == pytest.approx(-0.85294, abs=5e-6)
    assert row["rb_ci_low"] == pytest.approx(-0.96399, abs=5e-6)
    assert row["rb_ci_high"] == pytest.approx(-0.48865, abs=5e-6)


def test_rank_biserial_minus_one_has_no_ci(sleep_row):
    # R's wilcox.test on ?sleep gives V = 0 (see test_wilcoxon_matches_r_on_sleep):
    # every nonzero difference is negative, so r = (0 - 45) / 45 = -1 over the 9
    # nonzero differences, and the Fisher-z interval would be [-1, -1].
    assert sleep_row["rank_biserial"] == -1
    assert math.isnan(sleep_row["rb_ci_low"])
    assert math.isnan(sleep_row["rb_ci_high"])
    assert (
        "r = -1: all nonzero differences have one sign; no interval"
        in (sleep_row["note"])
    )


def test_rank_biserial_plus_one_has_no_ci():
    pre = [3.0] * 10
    post = [3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0]
    row = _compare(pre, post)
    # All 10 differences are positive and untied, so V = 10 * 11 / 2 = 55 and the
    # exact two-sided p is 2 / 2**10: one of the 2**10 sign patterns has V = 55.
    assert row["wilcoxon_w"] == 55
    assert row["wilcoxon_p"] == pytest.approx(2 / 2**10, rel=1e-12)
    assert row["rank_biserial"] == 1
    assert math.isnan(row["rb_ci_low"])
    assert math.isnan(row["rb_ci_high"])
    assert "r = 1: all nonzero differences have one sign; no interval" in row["note"]


def test_rank_biserial_below_one_keeps_ci():
    row = _compare(JMV_AFTER, JMV_BEFORE)
    assert not math.isnan(row["rb_ci_low"])
    assert "no interval" not in row["note"]


def test_wilcoxon_birds_exact_without_ties():
    # statsExpressions calls wilcox.test(exact = FALSE) and prints p = 0.00295;
    # with R's default exact = NULL the 16 untied, non-zero differences get the
    # exact p instead, which is smaller.
    w, p, method = wilcoxon_signed_rank(np.subtract(BIRD_ODD, BIRD_TYPICAL))
    assert method == "exact"
    assert w == 10
    assert p < 0.00295


def test_wilcoxon_from_50_pairs_uses_normal_approximation():
    differences = np.arange(1, 51, dtype=float) * np.where(np.arange(50) % 3, 1, -1)
    _, _, method = wilcoxon_signed_rank(differences)
    assert method == "normal approximation with continuity correction"


def test_wilcoxon_49_untied_pairs_are_exact():
    differences = np.arange(1, 50, dtype=float) * np.where(np.arange(49) % 3, 1, -1)
    _, _, method = wilcoxon_signed_rank(differences)
    assert method == "exact"


def test_wilcoxon_all_zero_is_not_defined():
    w, p, method = wilcoxon_signed_rank([0.0, 0.0, 0.0])
    assert math.isnan(w)
    assert math.isnan(p)
    assert method.startswith("not defined")


def test_wilcoxon_finds_ties_of_scale_means():
    # 5/3 - 4/3 and 8/3 - 7/3 differ in the last bits but are both 1/3.
    differences = [5 / 3 - 4 / 3, 8 / 3 - 7 / 3, 0.5, -0.25]
    assert differences[0] != differences[1]
    _, _, method = wilcoxon_signed_rank(differences)
    assert method == "normal approximation with continuity correction"


# --- test choice ------------------------------------------------------------------


def test_auto_chooses_wilcoxon_when_shapiro_rejects(sleep_row):
    assert sleep_row["test_chosen"] == "Wilcoxon signed-rank"
    assert sleep_row["p_value"] == sleep_row["wilcoxon_p"]
    assert "Shapiro-Wilk p = 0.0333 < 0.05" in sleep_row["reason"]


def test_auto_chooses_t_when_shapiro_accepts():
    row = _compare(DEPRESSION_X, DEPRESSION_Y)
    assert row["normality_p"] >= 0.05
    assert row["test_chosen"] == "paired t-test"
    assert row["p_value"] == row["t_p"]


def test_auto_chooses_t_from_normality_max_n():
    rng = np.random.default_rng(7)
    pre = rng.integers(1, 6, 60).astype(float)
    post = pre + rng.exponential(1.0, 60) ** 3
    row = _compare(pre, post)
    assert row["normality_p"] < 0.05
    assert row["test_chosen"] == "paired t-test"
    assert "60 pairs >= 50" in row["reason"]


def test_normality_max_n_option_moves_threshold(sleep_row):
    row = _compare(SLEEP_GROUP_2, SLEEP_GROUP_1, normality_max_n=10)
    assert row["test_chosen"] == "paired t-test"
    assert sleep_row["test_chosen"] == "Wilcoxon signed-rank"


@pytest.mark.parametrize(
    ("test", "chosen"), [("t", "paired t-test"), ("wilcoxon", "Wilcoxon signed-rank")]
)
def test_forced_test_keeps_both_results(test, chosen):
    row = _compare(SLEEP_GROUP_2, SLEEP_GROUP_1, test=test)
    assert row["test_chosen"] == chosen
    assert not math.isnan(row["t_p"])
    assert not math.isnan(row["wilcoxon_p"])
    assert "requested" in row["reason"]


def test_unknown_test_is_rejected():
    with pytest.raises(CodebookError, match='Unknown paired test "sign"'):
        _compare([1, 2], [2, 3], test="sign")


def test_invalid_alpha_is_rejected():
    with pytest.raises(ValueError, match="alpha"):
        _compare([1, 2], [2, 3], alpha=1.5)


# --- edge cases -------------------------------------------------------------------


def test_row_has_all_columns(sleep_row):
    assert list(sleep_row) == PAIRED_COLUMNS


def test_no_pairs_gives_empty_row():
    row = paired_comparison(
        _series([1.0, 2.0]), _series([3.0, 4.0], start=10), measure="m"
    )
    assert row["n_pairs"] == 0
    assert row["test_chosen"] == "not tested"
    assert math.isnan(row["p_value"])
    assert math.isnan(row["mean_diff"])
    assert "4 respondent(s) without both" in row["note"]


def test_one_pair_is_not_tested():
    row = _compare([2.0], [4.0])
    assert row["n_pairs"] == 1
    assert row["mean_diff"] == 2.0
    assert math.isnan(row["sd_pre"])
    assert math.isnan(row["t"])
    assert row["test_chosen"] == "not tested"
    assert "1 pair" in row["note"]


def test_two_pairs_skip_shapiro():
    row = _compare([1.0, 2.0], [2.0, 4.0])
    assert math.isnan(row["normality_p"])
    assert row["test_chosen"] == "paired t-test"
    assert "too few for the Shapiro-Wilk test" in row["reason"]


def test_equal_differences_leave_t_undefined():
    row = _compare([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0])
    assert math.isnan(row["t"])
    assert math.isnan(row["cohen_dz"])
    assert row["note"] == (
        "zero variance of differences: t not defined; "
        "r = 1: all nonzero differences have one sign; no interval"
    )
    assert row["test_chosen"] == "Wilcoxon signed-rank"
    assert not math.isnan(row["wilcoxon_p"])


def test_zero_differences_leave_both_undefined():
    row = _compare([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert math.isnan(row["t"])
    assert math.isnan(row["wilcoxon_p"])
    assert "all differences are zero: Wilcoxon not defined" in row["note"]
    assert row["test_chosen"] == "not tested"
    assert math.isnan(row["p_value"])


def test_nan_in_either_wave_drops_the_pair():
    pre = SLEEP_GROUP_2 + [np.nan, 3.0]
    post = SLEEP_GROUP_1 + [1.0, np.nan]
    row = _compare(pre, post)
    assert row["n_pairs"] == 10
    assert row["t"] == pytest.approx(-4.0621, abs=5e-5)
    assert row["note"] == (
        "2 respondent(s) without both a pre and a post score; "
        "r = -1: all nonzero differences have one sign; no interval"
    )


def test_pairs_align_by_index_not_position():
    pre = pd.Series(SLEEP_GROUP_2, index=list("abcdefghij"))
    post = pd.Series(SLEEP_GROUP_1[::-1], index=list("jihgfedcba"))
    row = paired_comparison(pre, post, measure="m")
    assert row["t"] == pytest.approx(-4.0621, abs=5e-5)


def test_text_scores_raise_scoring_error():
    with pytest.raises(ScoringError, match="must be numbers"):
        paired_comparison(
            pd.Series(["agree", "3"], name="q1"), _series([1.0, 2.0]), measure="q1"
        )


def test_duplicate_keys_raise_data_file_error():
    pre = pd.Series([1.0, 2.0], index=["s1", "s1"])
    with pytest.raises(DataFileError, match="duplicate respondent key") as error:
        paired_comparison(pre, pd.Series([1.0], index=["s1"]), measure="m")
    assert error.value.value == "s1"


# --- many measures ----------------------------------------------------------------


@pytest.fixture()
def waves() -> tuple[pd.DataFrame, pd.DataFrame]:
    pre = pd.DataFrame(
        {"extra": SLEEP_GROUP_2, "movie": MOVIE_2, "pre_only": range(10)},
        index=range(10),
    )
    post = pd.DataFrame(
        {"extra": SLEEP_GROUP_1, "movie": MOVIE_1, "post_only": range(10)},
        index=range(10),
    )
    return pre, post


def test_comparisons_report_missing_waves(waves):
    table = paired_comparisons(*waves, kind="scale")
    assert table["measure"].tolist() == ["extra", "movie", "pre_only", "post_only"]
    notes = table.set_index("measure")["note"]
    assert notes["pre_only"] == "missing in post wave"
    assert notes["post_only"] == "missing in pre wave"
    assert table.set_index("measure").loc["pre_only", "n_pairs"] == 0


def test_comparisons_columns_and_family(waves):
    table = paired_comparisons(*waves, kind="scale")
    assert table.columns.tolist() == [*PAIRED_COLUMNS, "p_adjusted", "family"]
    assert set(table["family"]) == {"all: scale"}
    assert set(table["arm"]) == {"all"}


def test_comparisons_holm_within_family(waves):
    # Holm over the two tested measures: the smaller p times 2, the larger times 1,
    # made monotone (R p.adjust(method = "holm")).
    table = paired_comparisons(*waves, kind="scale").set_index("measure")
    p = table.loc[["extra", "movie"], "p_value"].to_numpy()
    expected = np.minimum(np.maximum.accumulate(np.sort(p) * [2, 1]), 1)
    adjusted = table.loc[["extra", "movie"], "p_adjusted"].to_numpy()
    np.testing.assert_allclose(np.sort(adjusted), expected)
    assert math.isnan(table.loc["pre_only", "p_adjusted"])


def test_comparisons_split_by_arm(waves):
    pre, post = waves
    arm = pd.Series(
        pd.Categorical(["treated"] * 5 + ["control"] * 5, ["treated", "control"]),
        index=range(10),
    )
    table = paired_comparisons(pre, post, kind="item", arm=arm)
    assert table["arm"].unique().tolist() == ["treated", "control"]
    assert set(table["family"]) == {"treated: item", "control: item"}
    treated = table[(table["arm"] == "treated") & (table["measure"] == "extra")]
    assert treated["n_pairs"].item() == 5
    expected = paired_comparison(
        pre["extra"].iloc[:5], post["extra"].iloc[:5], measure="extra"
    )
    assert treated["t"].item() == pytest.approx(expected["t"])


def test_comparisons_warn_about_missing_arm(waves):
    arm = pd.Series(["a"] * 9 + [None], index=range(10))
    with pytest.warns(SurveyWarning, match="1 respondent"):
        table = paired_comparisons(*waves, kind="scale", arm=arm)
    assert table.set_index("measure").loc["extra", "n_pairs"] == 9


def test_comparisons_warn_about_keys_absent_from_arm(waves):
    arm = pd.Series(["a"] * 8, index=range(8))
    with pytest.warns(SurveyWarning, match="2 respondent"):
        table = paired_comparisons(*waves, kind="scale", arm=arm)
    assert table.set_index("measure").loc["extra", "n_pairs"] == 8


def test_comparisons_reject_unknown_correction(waves):
    with pytest.raises(CodebookError, match="correction"):
        paired_comparisons(*waves, kind="scale", correction="bonferroni")


# --- McNemar's test ---------------------------------------------------------------


def _from_table(table: list[list[int]]) -> tuple[pd.Series, pd.Series]:
    """Expand a 2x2 table (rows pre 1/0, columns post 1/0) into respondents."""
    pre, post = [], []
    for pre_value, row in zip((1, 0), table, strict=True):
        for post_value, count in zip((1, 0), row, strict=True):
            pre += [pre_value] * count
            post += [post_value] * count
    return _series(pre), _series(post)


def test_mcnemar_matches_r_presidential_approval():
    # R ?mcnemar.test, Agresti (1990, p. 350): Performance <- matrix(c(794, 86,
    # 150, 570), nrow = 2); 150 approved then disapproved, 86 the reverse.
    # mcnemar.test(Performance) prints McNemar's chi-squared = 16.8178, df = 1,
    # p-value = 4.115e-05 (a printed R session of the example); without the
    # correction it is 17.3559 (Penn State STAT 504, McNemar test in R).
    pre, post = _from_table([[794, 150], [86, 570]])
    result = mcnemar(pre, post)
    assert result["n_pairs"] == 1600
    assert result["b"] == 150
    assert result["c"] == 86
    assert result["statistic"] == pytest.approx(16.8178, abs=5e-5)
    assert result["df"] == 1
    assert result["p_value"] == pytest.approx(4.115e-05, abs=5e-9)
    assert result["method"] == "chi-square with continuity correction"


def test_mcnemar_matches_pingouin_dataset():
    # raphaelvallat/pingouin tests/test_contingency.py: on chi2_mcnemar,
    # mcnemar.test(table(treatment_X, treatment_Y), correct = TRUE) gives
    # chi2 = 20.021 and p = 7.66e-06.
    data = pd.read_csv(DATA / "pingouin_chi2_mcnemar.csv")
    result = mcnemar(data["treatment_X"], data["treatment_Y"])
    assert result["b"] + result["c"] == 48
    assert result["statistic"] == pytest.approx(20.021, abs=5e-4)
    assert result["p_value"] == pytest.approx(7.66e-06, abs=5e-9)


def test_mcnemar_exact_below_25_discordant():
    # pingouin tests/test_contingency.py: when all 10 subjects switch from 0 to 1,
    # the exact p is 2 * 0.5**10.
    result = mcnemar(_series([0] * 10), _series([1] * 10))
    assert result["c"] == 10
    assert result["method"] == "exact binomial test"
    assert result["p_value"] == pytest.approx(2 * 0.5**10)
    assert math.isnan(result["statistic"])


def test_mcnemar_exact_is_capped_at_one():
    pre, post = _from_table([[5, 3], [3, 5]])
    assert mcnemar(pre, post)["p_value"] == 1.0


def test_mcnemar_without_discordant_pairs():
    result = mcnemar(_series([1, 0, 1]), _series([1, 0, 1]))
    assert math.isnan(result["p_value"])
    assert result["method"].startswith("not defined")


def test_mcnemar_accepts_booleans_and_missing():
    pre = pd.Series([True, True, False, None], dtype="boolean")
    post = pd.Series([False, True, True, True], dtype="boolean")
    result = mcnemar(pre, post)
    assert result["n_pairs"] == 3
    assert (result["b"], result["c"]) == (1, 1)


def test_mcnemar_rejects_non_binary_answers():
    with pytest.raises(ScoringError, match="0/1 or True/False") as error:
        mcnemar(pd.Series([0, 1, 2], name="q5"), _series([0, 1, 1]))
    assert error.value.column == "q5"
    assert error.value.value == 2


def test_no_warnings_on_regular_data():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _compare(SLEEP_GROUP_2, SLEEP_GROUP_1)
