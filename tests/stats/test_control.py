"""Tests of srsurvey.stats.control against JASP, R and Morris (2008) values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srsurvey.errors import DataFileError, ScoringError, SurveyWarning
from srsurvey.stats.control import (
    ANCOVA_COLUMNS,
    MIXED_ANOVA_COLUMNS,
    ancova_post,
    mixed_anova,
    ppc2,
)

DATA = Path(__file__).resolve().parents[1] / "data"
DESIGN = {"dv": "Scores", "within": "Time", "between": "Group", "subject": "Subject"}


@pytest.fixture(scope="module")
def mixed() -> pd.DataFrame:
    return pd.read_csv(DATA / "pingouin_mixed_anova.csv")


@pytest.fixture(scope="module")
def reading() -> pd.DataFrame:
    return pd.read_csv(DATA / "pingouin_ancova.csv")


# --- mixed ANOVA ------------------------------------------------------------------


def test_mixed_anova_balanced_matches_pingouin_tests(mixed):
    # raphaelvallat/pingouin tests/test_parametric.py, test_mixed_anova (checked
    # there against JASP and ezANOVA; eps against R afex::aov_ez):
    # SS [5.45996, 7.62843, 5.16719], DF1 [1, 2, 2], DF2 [58, 116, 116],
    # F [5.05171, 4.02739, 2.72800], np2 [0.08012, 0.06493, 0.04492],
    # eps 0.99812 for Time and the interaction.
    table, missing = mixed_anova(mixed, **DESIGN)
    assert table.columns.tolist() == MIXED_ANOVA_COLUMNS
    assert table["source"].tolist() == ["Group", "Time", "Interaction"]
    np.testing.assert_allclose(table["ss"], [5.45996, 7.62843, 5.16719], atol=5e-6)
    np.testing.assert_array_equal(table["df1"], [1, 2, 2])
    np.testing.assert_array_equal(table["df2"], [58, 116, 116])
    np.testing.assert_allclose(table["f"], [5.05171, 4.02739, 2.72800], atol=5e-6)
    np.testing.assert_allclose(table["np2"], [0.08012, 0.06493, 0.04492], atol=5e-6)
    np.testing.assert_allclose(table["eps"][1:], [0.99812, 0.99812], atol=5e-6)
    assert missing["subjects_used"] == 60
    assert missing["rows_with_missing"] == 0


def test_mixed_anova_unbalanced_matches_jasp():
    # pingouin tests/test_parametric.py, "three groups and four time points,
    # unbalanced (JASP -- type II)": DF1 [2, 3, 6], DF2 [23, 69, 69],
    # F [2.3026, 1.7071, 0.8877], p [0.1226, 0.1736, 0.5088],
    # np2 [0.1668, 0.0691, 0.0717]; eps 0.9254 (R afex::aov_ez).
    data = pd.read_csv(DATA / "pingouin_mixed_anova_unbalanced.csv")
    table, _ = mixed_anova(data, **DESIGN)
    np.testing.assert_array_equal(table["df1"], [2, 3, 6])
    np.testing.assert_array_equal(table["df2"], [23, 69, 69])
    np.testing.assert_allclose(table["f"], [2.3026, 1.7071, 0.8877], atol=5e-5)
    np.testing.assert_allclose(table["p_value"], [0.1226, 0.1736, 0.5088], atol=5e-5)
    np.testing.assert_allclose(table["np2"], [0.1668, 0.0691, 0.0717], atol=5e-5)
    np.testing.assert_allclose(table["eps"][1:], [0.9254, 0.9254], atol=5e-5)


def test_mixed_anova_missing_scores_drop_subjects(mixed):
    # pingouin tests/test_parametric.py, "With missing values": scores 4, 15 and
    # 158 set to NaN give F [5.692, 3.054, 3.502], np2 [0.094, 0.053, 0.060].
    data = mixed.copy()
    data.iloc[[4, 15, 158], 0] = np.nan
    with pytest.warns(SurveyWarning, match="9 of 180 rows"):
        table, missing = mixed_anova(data, **DESIGN)
    np.testing.assert_allclose(table["f"], [5.692, 3.054, 3.502], atol=5e-4)
    np.testing.assert_allclose(table["np2"], [0.094, 0.053, 0.060], atol=5e-4)
    assert missing["rows_total"] == 180
    assert missing["rows_with_missing"] == 3
    assert missing["subjects_incomplete"] == 3
    assert missing["subjects_used"] == 57
    assert missing["rows_used"] == 171


def test_mixed_anova_missing_row_counts_as_incomplete(mixed):
    data = mixed.drop(index=[4])
    with pytest.warns(SurveyWarning, match="1 subject"):
        _, missing = mixed_anova(data, **DESIGN)
    assert missing["rows_with_missing"] == 0
    assert missing["subjects_incomplete"] == 1


def test_mixed_anova_missing_column(mixed):
    with pytest.raises(DataFileError, match='no column "Wave"') as error:
        mixed_anova(mixed, **{**DESIGN, "within": "Wave"})
    assert error.value.column == "Wave"


def test_mixed_anova_subject_in_two_groups(mixed):
    data = mixed.copy()
    data.loc[(data["Subject"] == 3) & (data["Time"] == "June"), "Group"] = "Meditation"
    with pytest.raises(DataFileError, match="more than one Group group") as error:
        mixed_anova(data, **DESIGN)
    assert error.value.value == 3


def test_mixed_anova_repeated_wave(mixed):
    data = pd.concat([mixed, mixed.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataFileError, match="more than one row") as error:
        mixed_anova(data, **DESIGN)
    assert error.value.value == 0


def test_mixed_anova_single_group(mixed):
    data = mixed[mixed["Group"] == "Control"]
    with pytest.raises(DataFileError, match="2 or more levels"):
        mixed_anova(data, **DESIGN)


def test_mixed_anova_text_scores(mixed):
    data = mixed.astype({"Scores": object})
    data.loc[0, "Scores"] = "high"
    with pytest.raises(ScoringError, match="must be numbers"):
        mixed_anova(data, **DESIGN)


# --- ANCOVA -----------------------------------------------------------------------


def test_ancova_matches_jasp(reading):
    # pingouin tests/test_parametric.py, test_ancova (checked there against JASP):
    # ancova(dv="Scores", covar="Income", between="Method"): DF [3, 1, 31],
    # F [3.3365, 29.4194], p [0.0319, 0.000], np2 [0.2441, 0.4869].
    table = ancova_post(reading["Income"], reading["Scores"], reading["Method"])
    assert table.columns.tolist() == ANCOVA_COLUMNS
    assert table["source"].tolist() == ["arm", "pre", "Residual"]
    np.testing.assert_array_equal(table["df"], [3, 1, 31])
    np.testing.assert_allclose(table["f"][:2], [3.3365, 29.4194], atol=5e-5)
    np.testing.assert_allclose(table["p_value"][:2], [0.0319, 0.0], atol=5e-5)
    np.testing.assert_allclose(table["np2"][:2], [0.2441, 0.4869], atol=5e-5)
    assert table.attrs["n_dropped"] == 0


def test_ancova_missing_post_scores_match_jasp(reading):
    # pingouin tests/test_parametric.py, "With one covariate, missing values and
    # unbalanced design" (Scores of rows 1 and 2 missing): DF [3, 1, 29],
    # F [3.1471, 19.7811], p [0.0400, 0.0001], np2 [0.2456, 0.4055].
    post = reading["Scores"].astype(float)
    post.loc[[1, 2]] = np.nan
    with pytest.warns(SurveyWarning, match="2 of 36 respondents"):
        table = ancova_post(reading["Income"], post, reading["Method"])
    np.testing.assert_array_equal(table["df"], [3, 1, 29])
    np.testing.assert_allclose(table["f"][:2], [3.1471, 19.7811], atol=5e-5)
    np.testing.assert_allclose(table["p_value"][:2], [0.0400, 0.0001], atol=5e-5)
    np.testing.assert_allclose(table["np2"][:2], [0.2456, 0.4055], atol=5e-5)
    assert table.attrs["n_used"] == 34


def test_ancova_adjusted_means_equal_model_prediction(reading):
    # Independent route: least squares on post ~ arm dummies + pre, predicted at
    # the overall pre mean for each arm.
    table = ancova_post(reading["Income"], reading["Scores"], reading["Method"])
    arms = sorted(reading["Method"].unique())
    design = np.column_stack(
        [(reading["Method"] == arm).to_numpy(float) for arm in arms]
        + [reading["Income"].to_numpy(float)]
    )
    coefficients, *_ = np.linalg.lstsq(design, reading["Scores"], rcond=None)
    grand_pre = reading["Income"].mean()
    for position, arm in enumerate(arms):
        expected = coefficients[position] + coefficients[-1] * grand_pre
        assert table.attrs["adjusted_means"][arm] == pytest.approx(expected)


def test_ancova_needs_two_arms(reading):
    arm = pd.Series("A", index=reading.index)
    with pytest.raises(DataFileError, match="2 or more arms"):
        ancova_post(reading["Income"], reading["Scores"], arm)


def test_ancova_duplicate_keys(reading):
    pre = reading["Income"].copy()
    pre.index = [0] + list(range(len(pre) - 1))
    with pytest.raises(DataFileError, match="duplicate respondent key"):
        ancova_post(pre, reading["Scores"], reading["Method"])


# --- Morris (2008) d_ppc2 ---------------------------------------------------------


def _sample(n: int, mean: float, sd: float, post_mean: float, r: float, seed: int):
    """Build pre/post scores with exactly the given means, SDs and correlation."""
    rng = np.random.default_rng(seed)
    raw = rng.normal(size=(n, 2))
    raw -= raw.mean(axis=0)
    q, _ = np.linalg.qr(raw)
    z = q * math.sqrt(n - 1)  # orthogonal columns with mean 0 and SD 1
    pre = mean + sd * z[:, 0]
    post = post_mean + sd * (r * z[:, 0] + math.sqrt(1 - r**2) * z[:, 1])
    return pd.Series(pre), pd.Series(post)


@pytest.fixture(scope="module")
def morris_study_5() -> dict:
    # Morris (2008), Table 5, study 5 of Carlson & Schmidt (1999), as given on the
    # metafor page "Morris (2008)" (metafor-project.org, analyses:morris2008):
    # treatment pre 35.6 (SD 4.7), post 36.0, n 14; control pre 34.8 (SD 3.1),
    # post 33.4, n 14; pre-post r 0.44. Post SDs only enter through r here, so
    # they are set equal to the pre SDs, which makes the pooled r exactly 0.44.
    pre_t, post_t = _sample(14, 35.6, 4.7, 36.0, 0.44, seed=1)
    pre_c, post_c = _sample(14, 34.8, 3.1, 33.4, 0.44, seed=2)
    return ppc2(pre_t, post_t, pre_c, post_c)


def test_ppc2_matches_morris_table_5(morris_study_5):
    # metafor's page: yi = 0.44 for study 5, "the exact same value given in
    # Table 5 (under the d_ppc2 column) by Morris (2008)".
    assert morris_study_5["d_ppc2"] == pytest.approx(0.44, abs=0.005)
    assert morris_study_5["n_treatment"] == 14
    assert morris_study_5["n_control"] == 14


def test_ppc2_hand_calculation(morris_study_5):
    # SD_pre = sqrt((13 * 4.7^2 + 13 * 3.1^2) / 26) = sqrt(15.85) = 3.981206;
    # c_p = 1 - 3 / (4 * 26 - 1) = 100 / 103;
    # d = (100 / 103) * ((36.0 - 35.6) - (33.4 - 34.8)) / 3.981206 = 0.438956.
    # Variance with rho = 0.44: 2 c_p^2 (0.56) (28 / 196) (26 / 24)
    # (1 + d^2 / (1.12 * 28 / 196)) - d^2 = 0.167458, so the 95% CI is
    # 0.438956 ± 1.959964 * 0.409216 = [-0.363093, 1.241004].
    assert morris_study_5["sd_pre_pooled"] == pytest.approx(3.981206, abs=5e-7)
    assert morris_study_5["r_pre_post"] == pytest.approx(0.44)
    assert morris_study_5["d_ppc2"] == pytest.approx(0.438956, abs=5e-7)
    assert morris_study_5["ci_low"] == pytest.approx(-0.363093, abs=5e-6)
    assert morris_study_5["ci_high"] == pytest.approx(1.241004, abs=5e-6)


def test_ppc2_drops_incomplete_pairs():
    pre_t, post_t = _sample(14, 35.6, 4.7, 36.0, 0.44, seed=1)
    pre_c, post_c = _sample(14, 34.8, 3.1, 33.4, 0.44, seed=2)
    post_t = pd.concat([post_t, pd.Series([50.0], index=[99])])
    result = ppc2(pre_t, post_t, pre_c, post_c)
    assert result["n_treatment"] == 14
    assert result["d_ppc2"] == pytest.approx(0.438956, abs=5e-7)


def test_ppc2_too_few_pairs_warns():
    one_pair = pd.Series([1.0])
    two_pairs = pd.Series([1.0, 2.0])
    with pytest.warns(SurveyWarning, match="treatment group has 1"):
        result = ppc2(one_pair, one_pair, two_pairs, two_pairs)
    assert math.isnan(result["d_ppc2"])


def test_ppc2_constant_pre_scores_warn():
    same = pd.Series([3.0, 3.0, 3.0])
    post = pd.Series([3.0, 4.0, 5.0])
    with pytest.warns(SurveyWarning, match="pooled pre SD is 0"):
        result = ppc2(same, post, same, post)
    assert math.isnan(result["d_ppc2"])
    assert result["sd_pre_pooled"] == 0
