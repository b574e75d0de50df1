"""Display form of tables: readable headers, combined columns, CSV unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from srsurvey.tables._display import column_label, display_table
from srsurvey.tables.csv import write_csv
from srsurvey.tables.model import Table

NBSP = "\u00a0"


def _reliability() -> Table:
    data = pd.DataFrame(
        {
            "scale": ["cognitive", "value", "social"],
            "n_items": [5, 5, 15],
            "alpha": [0.739, 0.8, np.nan],
            "alpha_ci_low": [0.6772, 0.7531, np.nan],
            "alpha_ci_high": [0.7922, np.nan, np.nan],
            "omega_total": [0.745, 0.806, 0.858],
            "mean_inter_item_r": [0.369, 0.452, 0.286],
        }
    )
    formats = {"n_items": "int", "alpha": "float3", "alpha_ci_low": "float2"}
    formats |= {"alpha_ci_high": "float2", "omega_total": "float3"}
    formats["mean_inter_item_r"] = "float3"
    return Table("reliability", "Reliability", data, formats=formats)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("n_items", "Items"),
        ("alpha_std", "Std. alpha"),
        ("omega_total", "Omega"),
        ("mean_inter_item_r", "Mean r"),
        ("item_rest_r", "Item-rest r"),
        ("alpha_if_deleted", "Alpha if deleted"),
        ("skewness_se", "SE skewness"),
        ("p_value", "p"),
        ("adjusted_mean_Control", "Adjusted mean Control"),
        # A name from the study file has no label and is kept.
        ("social_responsibility", "social_responsibility"),
        ("adjusted_mean_", "adjusted_mean_"),
    ],
)
def test_column_label(name, label):
    assert column_label(name) == label


def test_display_combines_interval():
    shown = display_table(_reliability())
    assert shown.labels == ["Scale", "Items", "Alpha", "95% CI", "Omega", "Mean r"]
    assert shown.rows[0][3] == "[0.68, 0.79]"


def test_display_interval_missing_bound():
    shown = display_table(_reliability())
    assert shown.rows[1][3] == "[0.75, —]"
    assert shown.rows[2][3] == ""


def test_display_interval_is_right_aligned():
    shown = display_table(_reliability())
    assert shown.numeric == [False, True, True, True, True, True]


def test_display_lone_bound_kept():
    data = pd.DataFrame({"ci_low": [0.1], "x": [1]})
    shown = display_table(Table("t", "T", data, formats={"ci_low": "float2"}))
    assert shown.labels == ["CI low", "x"]
    assert shown.rows == [["0.10", "1"]]


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [
        ("ci_low", "ci_high", "95% CI"),
        ("alpha_ci_low", "alpha_ci_high", "95% CI"),
        # Effect-size intervals have the level 1 - alpha of the study file.
        ("es_ci_low", "es_ci_high", "CI"),
        ("dz_ci_low", "dz_ci_high", "CI"),
    ],
)
def test_display_interval_label(low, high, label):
    data = pd.DataFrame({low: [-0.25], high: [0.5]})
    shown = display_table(Table("t", "T", data, formats={low: "float2"}))
    assert shown.labels == [label]
    assert shown.rows == [["[-0.25, 0.50]"]]


def test_display_bool_column_yes_or_empty():
    data = pd.DataFrame({"item": ["q1", "q2"], "reverse_keyed": [True, False]})
    shown = display_table(Table("items", "Items", data))
    assert shown.labels == ["Item", "Reversed"]
    assert [row[1] for row in shown.rows] == ["yes", ""]
    assert shown.numeric == [False, False]


def test_display_object_bool_column_with_missing():
    data = pd.DataFrame({"reverse_keyed": pd.Series([True, None, False], dtype=object)})
    shown = display_table(Table("items", "Items", data))
    assert [row[0] for row in shown.rows] == ["yes", "", ""]


def test_display_value_with_standard_error():
    data = pd.DataFrame({"skewness": [-0.833, 0.1], "skewness_se": [0.1732, np.nan]})
    formats = {"skewness": "float3", "skewness_se": "float3"}
    shown = display_table(Table("d", "D", data, formats=formats))
    assert shown.labels == ["Skewness (SE)"]
    assert shown.rows == [["-0.833 (0.173)"], ["0.100"]]


def test_display_statistic_with_name():
    data = pd.DataFrame(
        {
            "statistic_name": ["F", None, "t"],
            "statistic": [3.532, 2.5, np.nan],
            "p_value": [0.011, 0.2, np.nan],
        }
    )
    formats = {"statistic": "float2", "p_value": "p"}
    shown = display_table(Table("g", "G", data, formats=formats))
    assert shown.labels == ["Statistic", "p"]
    assert shown.rows[0] == [f"F{NBSP}={NBSP}3.53", ".011"]
    assert shown.rows[1] == ["2.50", ".200"]
    assert shown.rows[2] == ["", ""]


def test_display_scores_keep_study_names():
    data = pd.DataFrame({"respondent": ["R1"], "value": [4.2], "arm": ["Control"]})
    shown = display_table(Table("scores", "Scores", data))
    assert shown.labels == ["respondent", "value", "arm"]


def test_display_row_labels_become_columns():
    data = pd.DataFrame({"mean": [4.0]}, index=pd.Index(["a"], name="scale"))
    shown = display_table(Table("t", "T", data, formats={"mean": "float2"}))
    assert shown.labels == ["Scale", "Mean"]
    assert shown.rows == [["a", "4.00"]]


def test_csv_keeps_machine_names(tmp_path):
    path = write_csv(_reliability(), tmp_path / "reliability.csv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == (
        "scale,n_items,alpha,alpha_ci_low,alpha_ci_high,omega_total,mean_inter_item_r"
    )
