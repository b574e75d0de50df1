"""Shared setup of the chart tests: the Agg backend, data and figure clean-up."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def close_figures():
    """Close every pyplot figure after each test.

    The chart functions do not register their figures with pyplot, but a test that
    uses pyplot itself must not leave figures behind for the next one.
    """
    yield
    plt.close("all")


@pytest.fixture
def toothgrowth() -> pd.DataFrame:
    """R datasets::ToothGrowth: len, supp (OJ, VC) and dose stored as 500/1000/2000."""
    return pd.read_csv(DATA / "toothgrowth.csv")


@pytest.fixture
def agree5() -> pd.DataFrame:
    """Three items on a 5-point scale whose lowest level has no answers."""
    levels = [
        "Полностью не согласен",
        "Скорее не согласен",
        "Нейтрально",
        "Скорее согласен",
        "Полностью согласен",
    ]
    return pd.DataFrame(
        [[0, 40, 30, 20, 10], [0, 10, 20, 30, 40], [0, 5, 50, 25, 20]],
        index=["Item B", "Item A", "Item C"],
        columns=levels,
    )
