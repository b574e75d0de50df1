"""Tests of srsurvey.stats.descriptives against values published by R and jamovi."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from srsurvey.errors import ScoringError, SurveyWarning
from srsurvey.stats.descriptives import DESCRIBE_KEYS, describe, descriptives_table

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def tooth_growth() -> pd.DataFrame:
    return pd.read_csv(DATA / "toothgrowth.csv")


@pytest.fixture(scope="module")
def sat_act() -> pd.DataFrame:
    return pd.read_csv(DATA / "sat_act.csv")


def test_describe_keys_in_documented_order(tooth_growth):
    result = describe(tooth_growth["len"])
    assert tuple(result) == DESCRIBE_KEYS


def test_describe_toothgrowth_matches_r(tooth_growth):
    result = describe(tooth_growth["len"])
    # R: t.test(ToothGrowth$len, mu = 15) prints "mean of x 18.81333" and
    # "95 percent confidence interval: 16.83731 20.78936".
    assert result["mean"] == pytest.approx(18.81333, abs=5e-6)
    assert result["ci_low"] == pytest.approx(16.83731, abs=5e-6)
    assert result["ci_high"] == pytest.approx(20.78936, abs=5e-6)
    # R: summary(ToothGrowth$len) prints Min. 4.20, 1st Qu. 13.07, Median 19.25,
    # 3rd Qu. 25.27, Max. 33.90 (4 significant digits, quantile type 7).
    assert result["min"] == pytest.approx(4.20)
    assert result["q1"] == pytest.approx(13.07, abs=0.005)
    assert result["median"] == pytest.approx(19.25)
    assert result["q3"] == pytest.approx(25.27, abs=0.005)
    assert result["max"] == pytest.approx(33.90)
    assert result["iqr"] == pytest.approx(result["q3"] - result["q1"])
    # R: shapiro.test(ToothGrowth$len) prints "W = 0.96743, p-value = 0.1091".
    assert result["shapiro_w"] == pytest.approx(0.96743, abs=5e-6)
    assert result["shapiro_p"] == pytest.approx(0.1091, abs=5e-5)
    assert result["n"] == 60
    assert result["missing"] == 0


# R: psych::describe(sat.act) with psych's default type = 3 skew and kurtosis,
# as printed (2 decimals) in the psych tutorial "How To: Use the psych package for
# Factor Analysis and data reduction" (personality-project.org).
PSYCH_DESCRIBE_SAT_ACT = [
    # variable, n, mean, sd, median, min, max, skew, kurtosis, se
    ("gender", 700, 1.65, 0.48, 2, 1, 2, -0.61, -1.62, 0.02),
    ("education", 700, 3.16, 1.43, 3, 0, 5, -0.68, -0.07, 0.05),
    ("age", 700, 25.59, 9.50, 22, 13, 65, 1.64, 2.42, 0.36),
    ("ACT", 700, 28.55, 4.82, 29, 3, 36, -0.66, 0.53, 0.18),
    ("SATV", 700, 612.23, 112.90, 620, 200, 800, -0.64, 0.33, 4.27),
    ("SATQ", 687, 610.22, 115.64, 620, 200, 800, -0.59, -0.02, 4.41),
]


def _psych_type3(skewness: float, kurtosis: float, n: int) -> tuple[float, float]:
    """Convert SPSS G1 and G2 to psych's type 3: b1 = g1 ((n-1)/n)^1.5, b2 - 3."""
    g1 = skewness * (n - 2) / math.sqrt(n * (n - 1))
    g2 = kurtosis * (n - 2) * (n - 3) / ((n - 1) * (n + 1)) - 6 / (n + 1)
    b1 = g1 * ((n - 1) / n) ** 1.5
    b2 = (g2 + 3) * ((n - 1) / n) ** 2 - 3
    return b1, b2


@pytest.mark.parametrize(
    ("variable", "n", "mean", "sd", "median", "low", "high", "skew", "kurt", "se"),
    PSYCH_DESCRIBE_SAT_ACT,
)
def test_describe_sat_act_matches_psych(
    sat_act, variable, n, mean, sd, median, low, high, skew, kurt, se
):
    result = describe(sat_act[variable])
    assert result["n"] == n
    assert result["missing"] == 700 - n
    assert result["mean"] == pytest.approx(mean, abs=0.005)
    assert result["sd"] == pytest.approx(sd, abs=0.005)
    assert result["median"] == median
    assert result["min"] == low
    assert result["max"] == high
    assert result["se"] == pytest.approx(se, abs=0.005)
    b1, b2 = _psych_type3(result["skewness"], result["kurtosis"], n)
    assert b1 == pytest.approx(skew, abs=0.005)
    assert b2 == pytest.approx(kurt, abs=0.005)


def test_describe_shape_matches_scipy_unbiased(sat_act):
    values = sat_act["age"]
    result = describe(values)
    assert result["skewness"] == pytest.approx(stats.skew(values, bias=False))
    assert result["kurtosis"] == pytest.approx(stats.kurtosis(values, bias=False))


def test_describe_shape_se_n100():
    # jamovi jmv tests/testthat/testdescriptives.R: for n = 100, seSkew 0.24138
    # and seKurt 0.47833 (the SPSS formulas depend on n only).
    result = describe(pd.Series(np.linspace(-2.0, 3.0, 100) ** 3))
    assert result["skewness_se"] == pytest.approx(0.24138, abs=5e-6)
    assert result["kurtosis_se"] == pytest.approx(0.47833, abs=5e-6)


def test_descriptives_table_matches_jamovi_split():
    # jamovi jmv tests/testthat/testdescriptives.R, "descriptives works old
    # scenario": y and z split by x give y mean 5.750 in a, y seKurt 2.619 in b,
    # z kurtosis -1.289 in c, z missing 1 in a, y 25th percentile 2.25 in c.
    x = pd.Categorical(["a", "b", "c"] * 4)
    y = [4, 4, 3, 4, 8, 0, 9, 8, 8, 6, 0, 3]
    z = [np.nan, np.nan, 3, -1, -2, 1, 1, -2, 2, -2, -3, 3]
    scores = pd.DataFrame({"y": y, "z": z}, dtype=float)
    table = descriptives_table(scores, pd.DataFrame({"x": x}))
    cell = table.set_index(["scale", "group_value"])
    assert cell.loc[("y", "a"), "mean"] == pytest.approx(5.750, abs=5e-4)
    assert cell.loc[("y", "b"), "kurtosis_se"] == pytest.approx(2.619, abs=5e-4)
    assert cell.loc[("z", "c"), "kurtosis"] == pytest.approx(-1.289, abs=5e-4)
    assert cell.loc[("z", "a"), "missing"] == 1
    assert cell.loc[("y", "c"), "q1"] == pytest.approx(2.25)


def test_descriptives_table_shapiro_by_group(tooth_growth):
    groups = pd.DataFrame(
        {"supp": pd.Categorical(tooth_growth["supp"], ["OJ", "VC"], ordered=True)}
    )
    table = descriptives_table(tooth_growth[["len"]], groups)
    by_group = table.set_index("group_value")
    # R: shapiro.test(ToothGrowth$len[ToothGrowth$supp == "OJ"]) prints
    # "W = 0.91784, p-value = 0.02359"; for "VC", "W = 0.96567, p-value = 0.4284".
    assert by_group.loc["OJ", "shapiro_w"] == pytest.approx(0.91784, abs=5e-6)
    assert by_group.loc["OJ", "shapiro_p"] == pytest.approx(0.02359, abs=5e-6)
    assert by_group.loc["VC", "shapiro_w"] == pytest.approx(0.96567, abs=5e-6)
    assert by_group.loc["VC", "shapiro_p"] == pytest.approx(0.4284, abs=5e-5)


@pytest.mark.parametrize(
    ("values", "defined", "undefined"),
    [
        ([], [], ["mean", "sd", "median", "min", "skewness", "shapiro_w"]),
        ([3.0], ["mean", "median", "min", "max"], ["sd", "se", "ci_low", "skewness"]),
        ([3.0, 5.0], ["sd", "se", "ci_low", "ci_high"], ["skewness", "shapiro_w"]),
        ([3.0, 5.0, 4.5], ["skewness", "skewness_se", "shapiro_w"], ["kurtosis"]),
        ([1.0, 2.0, 4.0, 8.0], ["kurtosis", "kurtosis_se"], []),
    ],
)
def test_describe_small_samples_give_nan(values, defined, undefined):
    result = describe(pd.Series(values, dtype=float))
    assert result["n"] == len(values)
    for key in defined:
        assert not math.isnan(result[key]), key
    for key in undefined:
        assert math.isnan(result[key]), key


def test_describe_constant_scores_no_shape():
    result = describe(pd.Series([4.0] * 10))
    assert result["sd"] == 0
    assert math.isnan(result["skewness"])
    assert math.isnan(result["kurtosis"])
    assert math.isnan(result["shapiro_w"])
    assert math.isnan(result["shapiro_p"])


def test_describe_counts_missing_values():
    result = describe(pd.Series([1.0, None, 3.0, np.nan, 5.0]))
    assert result["n"] == 3
    assert result["missing"] == 2
    assert result["mean"] == 3.0


def test_describe_accepts_nullable_integers():
    result = describe(pd.Series([1, 2, None, 4], dtype="Int64"))
    assert result["n"] == 3
    assert result["missing"] == 1
    assert result["mean"] == pytest.approx(7 / 3)


def test_describe_rejects_text_scores():
    values = pd.Series(["4", "agree", None], name="empathy")
    with pytest.raises(ScoringError) as caught:
        describe(values)
    assert caught.value.column == "empathy"
    assert caught.value.value == "agree"
    assert "Score the answers" in str(caught.value)


def test_describe_rejects_infinite_scores():
    values = pd.Series([1.0, np.inf], name="empathy")
    with pytest.raises(ScoringError) as caught:
        describe(values)
    assert caught.value.column == "empathy"
    assert caught.value.value == np.inf


def test_describe_warns_shapiro_above_5000():
    values = pd.Series(np.sin(np.arange(5001.0)), name="big")
    with pytest.warns(SurveyWarning, match="approximate for n = 5001"):
        result = describe(values)
    assert 0 < result["shapiro_w"] <= 1


def test_describe_no_warning_at_5000():
    values = pd.Series(np.sin(np.arange(5000.0)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        describe(values)


def test_descriptives_table_follows_category_order():
    scores = pd.DataFrame({"care": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    year = pd.Categorical(
        ["third", "first", "second", "first", None, "third"],
        categories=["first", "second", "third", "fourth"],
        ordered=True,
    )
    table = descriptives_table(scores, pd.DataFrame({"year": year}))
    assert table["group_value"].tolist()[1:] == ["first", "second", "third", "fourth"]
    assert pd.isna(table.loc[0, "group"])
    assert pd.isna(table.loc[0, "group_value"])
    assert table.loc[0, "n"] == 6
    assert table["n"].tolist()[1:] == [2, 1, 2, 0]
    assert table.loc[1, "mean"] == pytest.approx(3.0)


def test_descriptives_table_columns_and_labels():
    scores = pd.DataFrame({"care": [1.0, 2.0], "duty": [3.0, 4.0]})
    groups = pd.DataFrame({"sex": pd.Categorical(["f", "m"])})
    table = descriptives_table(
        scores, groups, labels={"care": "Caring", "sex": "Gender"}
    )
    assert list(table.columns) == ["scale", "group", "group_value", *DESCRIBE_KEYS]
    assert table["scale"].tolist() == ["Caring"] * 3 + ["duty"] * 3
    assert table["group"].tolist()[1:3] == ["Gender", "Gender"]
    assert table["n"].dtype == "int64"


def test_descriptives_table_without_groups():
    table = descriptives_table(pd.DataFrame({"care": [1.0, 2.0, 3.0]}))
    assert len(table) == 1
    assert table.loc[0, "mean"] == 2.0


def test_descriptives_table_rejects_misaligned_groups():
    scores = pd.DataFrame({"care": [1.0, 2.0]}, index=[0, 1])
    groups = pd.DataFrame({"sex": ["f", "m"]}, index=[1, 2])
    with pytest.raises(ValueError, match="same index"):
        descriptives_table(scores, groups)
