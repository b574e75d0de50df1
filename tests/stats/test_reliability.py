"""Tests of srsurvey.stats.reliability against values that R, JASP and pingouin publish.

Sources of the expected numbers (each number also names its source beside it):

- psych: R ``psych::alpha`` with its defaults (``use = "pairwise"``) on the bfi data
  with A1, C4, C5, E1, E2, O2 and O5 scored as 7 - x, as printed in README.md of
  jimmyrigby94/regcleaner at commit 85ab56c. The README calls ``alpha_regex``,
  which passes each scale to ``psych::alpha`` and does not state the psych
  version. Scale values are printed with 7 digits. Item values have 2 decimals
  (means and sds 1 decimal).
- JASP: jasp-stats/jaspReliability, tests/testthat/
  test-unidimensionalReliabilityFrequentist.R (commit 0665fd6) and
  test-verified-unidimensionalReliabilityFrequentist.R (commit 2b74827), which
  runs the analysis on asrm.csv, asrm_mis.csv and Reliability.csv.
- pingouin: raphaelvallat/pingouin tests/test_reliability.py (commit 0d02947),
  whose comments name as the source of its values R ``psych::alpha``.

tests/reference/reliability.R reproduces these numbers in R.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin
import pytest

from srsurvey.errors import CodebookError, ScoringError, SurveyWarning
from srsurvey.stats._factor import fit_one_factor_ml
from srsurvey.stats.reliability import (
    ReliabilityResult,
    cronbach_alpha,
    omega_total,
    reliability,
)

DATA = Path(__file__).resolve().parent.parent / "data"
BFI_REVERSED = ["A1", "C4", "C5", "E1", "E2", "O2", "O5"]
ASRM_ITEMS = ["asrm_1", "asrm_2", "asrm_3", "asrm_4", "asrm_5"]
SAQ_ITEMS = [
    "Question_01",
    "Question_04",
    "Question_05",
    "Question_06",
    "Question_07",
    "Question_08",
    "Question_10",
]


def bfi_scale(letter: str) -> pd.DataFrame:
    bfi = pd.read_csv(DATA / "bfi.csv")
    items = bfi[[f"{letter}{i}" for i in range(1, 6)]].astype(float)
    for name in items.columns:
        if name in BFI_REVERSED:
            items[name] = 7 - items[name]
    return items


def read_items(name: str, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(DATA / name)[columns].astype(float)


def quiet_reliability(items: pd.DataFrame, **options) -> ReliabilityResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        return reliability(items, **options)


# --- psych::alpha on the bfi scales ---------------------------------------------


@pytest.mark.parametrize(
    ("letter", "raw_alpha", "std_alpha", "average_r"),
    [
        # psych::alpha, regcleaner README.md (85ab56c): raw_alpha, std.alpha, average_r
        ("A", 0.7030184, 0.7130286, 0.3319677),
        ("C", 0.7267350, 0.7300726, 0.3510454),
        ("E", 0.7617328, 0.7617951, 0.3901001),
        ("N", 0.8139629, 0.8146747, 0.4678539),
        ("O", 0.6001725, 0.6072684, 0.2362061),
    ],
)
def test_bfi_scale_matches_psych_alpha(letter, raw_alpha, std_alpha, average_r):
    summary = quiet_reliability(bfi_scale(letter)).summary
    assert summary["alpha"] == pytest.approx(raw_alpha, abs=1e-7)
    assert summary["alpha_std"] == pytest.approx(std_alpha, abs=1e-7)
    assert summary["mean_inter_item_r"] == pytest.approx(average_r, abs=1e-7)
    assert summary["missing_rule"] == "pairwise"
    assert summary["n_items"] == 5


# psych::alpha, regcleaner README.md (85ab56c), "Item statistics" (n, r.drop, mean,
# sd) and "Reliability if an item is dropped" (raw_alpha), per item.
BFI_ITEM_STATS = {
    "A": [
        ("A1", 2784, 0.31, 4.6, 1.4, 0.72),
        ("A2", 2773, 0.56, 4.8, 1.2, 0.62),
        ("A3", 2774, 0.59, 4.6, 1.3, 0.60),
        ("A4", 2781, 0.39, 4.7, 1.5, 0.69),
        ("A5", 2784, 0.49, 4.6, 1.3, 0.64),
    ],
    "C": [
        ("C1", 2779, 0.45, 4.5, 1.2, 0.69),
        ("C2", 2776, 0.50, 4.4, 1.3, 0.67),
        ("C3", 2780, 0.46, 4.3, 1.3, 0.69),
        ("C4", 2774, 0.55, 4.4, 1.4, 0.65),
        ("C5", 2784, 0.48, 3.7, 1.6, 0.69),
    ],
    "E": [
        ("E1", 2777, 0.52, 4.0, 1.6, 0.73),
        ("E2", 2784, 0.61, 3.9, 1.6, 0.69),
        ("E3", 2775, 0.50, 4.0, 1.4, 0.73),
        ("E4", 2791, 0.58, 4.4, 1.5, 0.70),
        ("E5", 2779, 0.45, 4.4, 1.3, 0.74),
    ],
    "N": [
        ("N1", 2778, 0.67, 2.9, 1.6, 0.76),
        ("N2", 2779, 0.65, 3.5, 1.5, 0.76),
        ("N3", 2789, 0.67, 3.2, 1.6, 0.76),
        ("N4", 2764, 0.54, 3.2, 1.6, 0.80),
        ("N5", 2771, 0.49, 3.0, 1.6, 0.81),
    ],
    "O": [
        ("O1", 2778, 0.39, 4.8, 1.1, 0.53),
        ("O2", 2800, 0.33, 4.3, 1.6, 0.57),
        ("O3", 2772, 0.45, 4.4, 1.2, 0.50),
        ("O4", 2786, 0.22, 4.9, 1.2, 0.61),
        ("O5", 2780, 0.42, 4.5, 1.3, 0.51),
    ],
}


@pytest.mark.parametrize(
    ("letter", "item", "n", "r_drop", "mean", "sd", "alpha_dropped"),
    [(letter, *row) for letter, rows in BFI_ITEM_STATS.items() for row in rows],
)
def test_bfi_items_match_psych_alpha(letter, item, n, r_drop, mean, sd, alpha_dropped):
    table = quiet_reliability(bfi_scale(letter)).items.set_index("item")
    row = table.loc[item]
    assert row["n"] == n
    assert row["item_rest_r"] == pytest.approx(r_drop, abs=0.005)
    assert row["mean"] == pytest.approx(mean, abs=0.05)
    assert row["sd"] == pytest.approx(sd, abs=0.05)
    assert row["alpha_if_deleted"] == pytest.approx(alpha_dropped, abs=0.005)


def test_bfi_pairwise_n_counts_rows():
    # bfi has 2800 rows, and every one answered at least one A item.
    summary = quiet_reliability(bfi_scale("A")).summary
    assert summary["n"] == 2800


# --- JASP unidimensional reliability ----------------------------------------------


def test_asrm_scale_matches_jasp():
    result = quiet_reliability(read_items("asrm_jasp.csv", ASRM_ITEMS))
    # JASP test-unidimensionalReliabilityFrequentist.R (0665fd6), asrm.csv,
    # scale table: "Coefficient alpha" and "Average interitem correlation".
    assert result.summary["alpha"] == pytest.approx(0.789985434486178, abs=1e-9)
    assert result.summary["mean_inter_item_r"] == pytest.approx(
        0.430268419211834, abs=1e-9
    )
    assert result.summary["n"] == 78


@pytest.mark.parametrize(
    ("item", "alpha_dropped", "item_rest_r", "mean", "sd"),
    [
        # JASP test-unidimensionalReliabilityFrequentist.R (0665fd6), asrm.csv,
        # item table: alpha if item dropped, item-rest correlation, mean, sd.
        ("asrm_1", 0.722847443345244, 0.649992231778526, 2.67948717948718, 0.904441992620488),
        ("asrm_2", 0.731880726916123, 0.630980009291163, 2.58974358974359, 0.828641470508619),
        ("asrm_3", 0.793001084660615, 0.433320479366847, 1.94871794871795, 0.895840835489655),
        ("asrm_4", 0.765425655300394, 0.519890282401405, 2.46153846153846, 0.832650402814226),
        ("asrm_5", 0.73282849740501, 0.620653571262307, 2.85897435897436, 0.97666752473882),
    ],
)  # fmt: skip
def test_asrm_items_match_jasp(item, alpha_dropped, item_rest_r, mean, sd):
    table = quiet_reliability(read_items("asrm_jasp.csv", ASRM_ITEMS)).items
    row = table.set_index("item").loc[item]
    assert row["alpha_if_deleted"] == pytest.approx(alpha_dropped, abs=1e-9)
    assert row["item_rest_r"] == pytest.approx(item_rest_r, abs=1e-9)
    assert row["mean"] == pytest.approx(mean, abs=1e-9)
    assert row["sd"] == pytest.approx(sd, abs=1e-9)


def test_asrm_missing_listwise_omega_matches_jasp():
    items = read_items("asrm_mis_jasp.csv", ASRM_ITEMS)
    # JASP test-unidimensionalReliabilityFrequentist.R (0665fd6), asrm_mis.csv,
    # naAction "listwise", omegaEstimationMethod "cfa": coefficient omega
    # 0.7917101 on Linux and 0.791710063361508 on macOS.
    omega = omega_total(items, missing="listwise")
    assert omega == pytest.approx(0.7917101, abs=1e-6)


def test_asrm_missing_listwise_loadings_match_jasp():
    items = read_items("asrm_mis_jasp.csv", ASRM_ITEMS).dropna()
    fit = fit_one_factor_ml(items.corr().to_numpy())
    # JASP test-unidimensionalReliabilityFrequentist.R (0665fd6), asrm_mis.csv,
    # "Standardized Loadings of the Single-Factor Model".
    expected = [
        0.844967739355576,
        0.754980853055071,
        0.443805410137925,
        0.551535460946667,
        0.654599358675392,
    ]
    assert fit.loadings == pytest.approx(expected, abs=1e-6)
    assert fit.converged
    assert not fit.heywood


def test_asrm_four_items_standardized_match_jasp():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:4])
    summary = quiet_reliability(items).summary
    # JASP test-unidimensionalReliabilityFrequentist.R (0665fd6), asrm.csv items
    # 1-4, coefficientType "standardized", omegaEstimationMethod "cfa": scale table
    # coefficient omega 0.743458875550109 and coefficient alpha 0.734183438809739.
    assert omega_total(items, standardized=True) == pytest.approx(
        0.743458875550109, abs=1e-7
    )
    assert summary["alpha_std"] == pytest.approx(0.734183438809739, abs=1e-9)


def test_saq_scale_matches_jasp_verified():
    items = read_items("saq_jasp_reliability.csv", SAQ_ITEMS)
    summary = quiet_reliability(items).summary
    # JASP test-verified-unidimensionalReliabilityFrequentist.R (2b74827),
    # Reliability.csv, "Main (scale) table results match R, SPSS, SAS and
    # MiniTab": coefficient omega (CFA) and coefficient alpha.
    assert summary["omega_total"] == pytest.approx(0.762830469875068, abs=1e-6)
    assert summary["alpha"] == pytest.approx(0.757381263545318, abs=1e-9)
    assert summary["n"] == 2571


@pytest.mark.parametrize(
    ("item", "alpha_dropped", "item_rest_r", "mean", "sd"),
    [
        # JASP test-verified-unidimensionalReliabilityFrequentist.R (2b74827), item
        # table: the point estimates (middle of each lower/estimate/upper triple)
        # of alpha if item dropped, item-rest correlation, mean and sd.
        ("Question_01", 0.727701679603248, 0.482407830305287, 2.37417347335667, 0.828022142655586),
        ("Question_04", 0.714226029693282, 0.53784756469237, 2.78607545702061, 0.94854824592574),
        ("Question_05", 0.724655278339561, 0.489045648668465, 2.72228704784131, 0.964690420727732),
        ("Question_06", 0.730026221541046, 0.473324346566247, 2.22714896927266, 1.12200227531637),
        ("Question_07", 0.704421830534527, 0.572648610122145, 2.92376507195644, 1.10236003533831),
        ("Question_08", 0.741268949281306, 0.407453391591579, 2.23687281213536, 0.872570436301406),
        ("Question_10", 0.748493326739936, 0.369190204284386, 2.28082458187476, 0.877129349455149),
    ],
)  # fmt: skip
def test_saq_items_match_jasp_verified(item, alpha_dropped, item_rest_r, mean, sd):
    items = read_items("saq_jasp_reliability.csv", SAQ_ITEMS)
    row = quiet_reliability(items).items.set_index("item").loc[item]
    assert row["alpha_if_deleted"] == pytest.approx(alpha_dropped, abs=1e-9)
    assert row["item_rest_r"] == pytest.approx(item_rest_r, abs=1e-9)
    assert row["mean"] == pytest.approx(mean, abs=1e-9)
    assert row["sd"] == pytest.approx(sd, abs=1e-9)


# --- pingouin's R-checked cronbach_alpha tests --------------------------------------


def pingouin_long_wide() -> pd.DataFrame:
    long = pd.read_csv(DATA / "pingouin_cronbach_alpha.csv")
    return long.pivot(index="Subj", columns="Items", values="Scores").astype(float)


def test_pingouin_long_data_alpha_and_ci():
    alpha, low, high = cronbach_alpha(pingouin_long_wide())
    # pingouin tests/test_reliability.py (0d02947): alpha 0.592, CI [0.195, 0.840].
    assert round(alpha, 3) == 0.592
    assert round(low, 3) == 0.195
    assert round(high, 3) == 0.840


def test_pingouin_wide_missing_pairwise():
    items = pd.read_csv(DATA / "pingouin_cronbach_wide_missing.csv").astype(float)
    alpha, low, high = cronbach_alpha(items)
    # pingouin tests/test_reliability.py (0d02947), 'In R: psych::alpha(data,
    # use="pairwise")': alpha 0.732661, CI [0.435, 0.909].
    assert round(alpha, 6) == 0.732661
    assert round(low, 3) == 0.435
    assert round(high, 3) == 0.909


def test_pingouin_wide_missing_listwise():
    items = pd.read_csv(DATA / "pingouin_cronbach_wide_missing.csv").astype(float)
    alpha, low, high = cronbach_alpha(items, missing="listwise")
    # pingouin tests/test_reliability.py (0d02947), 'In R:
    # psych::alpha(data[complete.cases(data), ])': alpha 0.801695, CI [0.533, 0.947].
    assert round(alpha, 6) == 0.801695
    assert round(low, 3) == 0.533
    assert round(high, 3) == 0.947


def test_listwise_n_is_complete_cases():
    items = pd.read_csv(DATA / "pingouin_cronbach_wide_missing.csv").astype(float)
    result = quiet_reliability(items, missing="listwise")
    assert result.summary["n"] == 9
    assert result.summary["missing_rule"] == "listwise"
    assert (result.items["n"] == 9).all()


def test_pairwise_alpha_equals_installed_pingouin():
    items = bfi_scale("A")
    expected, _ = pingouin.cronbach_alpha(data=items)
    assert cronbach_alpha(items)[0] == pytest.approx(expected, abs=1e-12)


# --- Missing-data rule and result layout --------------------------------------------


def test_pairwise_ignores_rows_without_answers():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS)
    empty = pd.DataFrame(np.nan, index=[1000, 1001], columns=ASRM_ITEMS)
    padded = pd.concat([items, empty])
    plain = quiet_reliability(items)
    with_empty = quiet_reliability(padded)
    assert with_empty.summary["n"] == 78
    assert with_empty.summary == plain.summary
    pd.testing.assert_frame_equal(with_empty.items, plain.items)


def test_result_layout_keeps_item_order():
    items = read_items("asrm_jasp.csv", ["asrm_3", "asrm_1", "asrm_5", "asrm_2"])
    result = quiet_reliability(items)
    assert list(result.summary) == [
        "n",
        "n_items",
        "alpha",
        "alpha_ci_low",
        "alpha_ci_high",
        "alpha_std",
        "omega_total",
        "mean_inter_item_r",
        "missing_rule",
    ]
    assert list(result.items.columns) == [
        "item",
        "n",
        "mean",
        "sd",
        "item_rest_r",
        "alpha_if_deleted",
    ]
    assert result.items["item"].tolist() == ["asrm_3", "asrm_1", "asrm_5", "asrm_2"]
    assert result.warnings == []


def test_summary_alpha_equals_cronbach_alpha():
    items = read_items("asrm_mis_jasp.csv", ASRM_ITEMS)
    summary = quiet_reliability(items, ci=0.9).summary
    alpha, low, high = cronbach_alpha(items, ci=0.9)
    assert summary["alpha"] == alpha
    assert summary["alpha_ci_low"] == low
    assert summary["alpha_ci_high"] == high
    assert summary["omega_total"] == omega_total(items)


def test_wider_ci_level_widens_interval():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS)
    _, low_90, high_90 = cronbach_alpha(items, ci=0.90)
    _, low_99, high_99 = cronbach_alpha(items, ci=0.99)
    assert low_99 < low_90
    assert high_99 > high_90


def test_two_items_give_nan_omega():
    items = read_items("asrm_jasp.csv", ["asrm_1", "asrm_2"])
    with pytest.warns(SurveyWarning, match="needs at least 3 items"):
        result = reliability(items, scale="mania")
    assert np.isnan(result.summary["omega_total"])
    assert result.items["alpha_if_deleted"].isna().all()
    # With two items the item-rest correlation is their Pearson correlation.
    pearson = items["asrm_1"].corr(items["asrm_2"])
    assert result.items["item_rest_r"].tolist() == pytest.approx([pearson, pearson])


# --- Warnings ------------------------------------------------------------------------


def test_negative_item_rest_r_warns():
    items = bfi_scale("A")
    items["A1"] = 7 - items["A1"]  # undo the reverse-keying of A1
    with pytest.warns(SurveyWarning, match="Item A1 correlates negatively") as record:
        result = reliability(items, scale="agreeableness")
    r = result.items.set_index("item").loc["A1", "item_rest_r"]
    expected = (
        "Item A1 correlates negatively with the rest of scale agreeableness "
        f"(r = {r:.2f}): check whether it should be reverse-keyed."
    )
    assert r < 0
    assert result.warnings == [expected]
    assert [str(w.message) for w in record] == [expected]


def test_heywood_case_warns():
    # Population correlations 0.8, 0.8 and 0.4 need a first loading of
    # sqrt(0.8 * 0.8 / 0.4) > 1, which a one-factor model cannot fit.
    corr = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.4], [0.8, 0.4, 1.0]])
    rng = np.random.default_rng(20240601)
    sample = rng.multivariate_normal(np.zeros(3), corr, size=400)
    items = pd.DataFrame(sample, columns=["x1", "x2", "x3"])
    with pytest.warns(SurveyWarning, match="Heywood case"):
        omega = omega_total(items)
    assert 0 < omega < 1


def test_indefinite_pairwise_matrix_nan_omega():
    # Each pair of items was answered by a different set of respondents, and the
    # three pairwise correlations cannot come from one data set.
    nan = np.nan
    items = pd.DataFrame(
        {
            "x1": [1, 2, 3, nan, nan, nan, 1, 2, 3],
            "x2": [1, 2, 3, 1, 2, 3, nan, nan, nan],
            "x3": [nan, nan, nan, 1, 2, 3, 3, 2, 1],
        }
    )
    with pytest.warns(SurveyWarning, match="not positive definite"):
        omega = omega_total(items)
    assert np.isnan(omega)


# --- Invalid input -------------------------------------------------------------------


def test_unknown_missing_rule_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS)
    with pytest.raises(CodebookError, match="pairwise") as excinfo:
        reliability(items, missing="mean")
    assert excinfo.value.value == "mean"


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, 95])
def test_invalid_ci_level_raises(level):
    items = read_items("asrm_jasp.csv", ASRM_ITEMS)
    with pytest.raises(CodebookError, match="between 0 and 1") as excinfo:
        cronbach_alpha(items, ci=level)
    assert excinfo.value.value == level


def test_single_item_raises():
    items = read_items("asrm_jasp.csv", ["asrm_1"])
    with pytest.raises(ScoringError, match="at least 2 items") as excinfo:
        reliability(items, scale="mania")
    assert "scale mania" in str(excinfo.value)


def test_text_column_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items["asrm_2"] = items["asrm_2"].map(lambda value: f"{value:g} points")
    with pytest.raises(ScoringError, match="not numeric") as excinfo:
        reliability(items)
    assert excinfo.value.column == "asrm_2"
    assert excinfo.value.value == "2 points"


def test_infinite_value_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items.loc[4, "asrm_3"] = np.inf
    with pytest.raises(ScoringError, match="infinite") as excinfo:
        omega_total(items)
    assert excinfo.value.column == "asrm_3"
    assert excinfo.value.value == np.inf


def test_constant_item_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items["asrm_2"] = 3.0
    with pytest.raises(ScoringError, match="variance is 0") as excinfo:
        reliability(items)
    assert excinfo.value.column == "asrm_2"
    assert excinfo.value.value == 3.0
    assert "Remove the item" in str(excinfo.value)


def test_item_with_one_answer_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items.loc[1:, "asrm_1"] = np.nan
    with pytest.raises(ScoringError, match="1 answer") as excinfo:
        reliability(items)
    assert excinfo.value.column == "asrm_1"


def test_listwise_without_complete_cases_raises():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items.loc[: len(items) // 2, "asrm_1"] = np.nan
    items.loc[len(items) // 2 :, "asrm_2"] = np.nan
    with pytest.raises(ScoringError, match="listwise") as excinfo:
        reliability(items, missing="listwise")
    assert "0 remain" in str(excinfo.value)
    assert 'Use missing: "pairwise"' in str(excinfo.value)


def test_items_without_common_respondents_raise():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items.loc[: len(items) // 2, "asrm_1"] = np.nan
    items.loc[len(items) // 2 :, "asrm_2"] = np.nan
    with pytest.raises(ScoringError, match="asrm_1 and asrm_2") as excinfo:
        reliability(items)
    assert "covariance is undefined" in str(excinfo.value)


def test_duplicate_item_names_raise():
    items = read_items("asrm_jasp.csv", ASRM_ITEMS[:3])
    items.columns = ["asrm_1", "asrm_1", "asrm_3"]
    with pytest.raises(ScoringError, match="duplicate names"):
        reliability(items)


def test_one_factor_fit_converges_on_many_items():
    """A 25-item fit stops with an ABNORMAL line search at a true optimum."""
    bfi = pd.read_csv(DATA / "bfi.csv").iloc[:, :25].dropna()
    fit = fit_one_factor_ml(bfi.corr().to_numpy())
    assert fit.converged
    assert not fit.heywood
