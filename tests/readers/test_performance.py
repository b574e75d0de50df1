"""Reading a large CSV export stays fast."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from srsurvey.readers import read_export

ROWS = 100_000
COLUMNS = 40

# Upper bound for a 100,000 x 40 export (84 MB). On a 2-core Intel Xeon it took
# 1.5 s alone and 2.9 s inside the test run, so the bound leaves room for slower CI.
MAX_SECONDS = 10.0

LABELS = np.array(
    [
        "Полностью согласен",
        "Скорее согласен",
        "Нейтрально",
        "Скорее не согласен",
        "",
        "4",
    ],
    dtype=object,
)


@pytest.fixture(scope="module")
def large_export(tmp_path_factory):
    rng = np.random.default_rng(20240301)
    # Unique submission times over 40 days, GMT+6 before 1 March 2024 and GMT+5 after.
    seconds = np.sort(rng.choice(40 * 86_400, ROWS, replace=False))
    times = pd.Timestamp("2024-02-10") + pd.to_timedelta(seconds, unit="s")
    zones = np.where(times < pd.Timestamp("2024-03-01"), " GMT+6", " GMT+5")
    stamps = times.strftime("%Y/%m/%d %-I:%M:%S %p").to_numpy(dtype=str) + zones
    emails = np.char.add(np.arange(ROWS).astype(str), "@example.com")
    answers = LABELS[rng.integers(0, len(LABELS), (ROWS, COLUMNS - 2))]

    header = ["Timestamp", "Email Address"]
    header += [f"Оцените курс [Утверждение {n}]" for n in range(1, COLUMNS - 1)]
    lines = [",".join(header)]
    for stamp, email, row in zip(stamps, emails, answers):
        lines.append(f"{stamp},{email}," + ",".join(row))
    path = tmp_path_factory.mktemp("large") / "large.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_large_csv_reads_quickly(large_export):
    start = time.perf_counter()
    responses = read_export(large_export)
    elapsed = time.perf_counter() - start

    assert responses.data.shape == (ROWS, COLUMNS)
    assert responses.data["Timestamp"].notna().all()
    assert responses.source_rows.iloc[-1] == ROWS + 1
    assert elapsed < MAX_SECONDS, f"read_export took {elapsed:.1f} s"
