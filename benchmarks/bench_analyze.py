"""Time ``srsurvey analyze`` as a whole process on the sample and on a large export.

Run from the repository root::

    python benchmarks/bench_analyze.py            # 3 runs of each case
    python benchmarks/bench_analyze.py --runs 5 --rows 100000

The large export is made by resampling rows of ``data/sample_pre.csv`` (with new
student ids and e-mail addresses) until it has ``--rows`` respondents, so it has the
sample's columns, labels and missing answers. Each case runs ``srsurvey analyze`` in
a fresh process and reports the median and range of the wall time and the peak
resident memory of the child process (``ru_maxrss`` from ``os.wait4``).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_pre.csv"
STUDY = ROOT / "data" / "study.yaml"

ID_COLUMN = "Номер студенческого билета"
EMAIL_COLUMN = "Адрес электронной почты"


def make_large_export(path: Path, rows: int, seed: int = 1) -> None:
    """Write an export of ``rows`` respondents resampled from the bundled sample."""
    import random

    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        records = list(reader)
    id_at = header.index(ID_COLUMN)
    email_at = header.index(EMAIL_COLUMN)
    chooser = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            record = list(chooser.choice(records))
            record[id_at] = f"B{number:07d}"
            record[email_at] = f"student{number}@example.org"
            writer.writerow(record)


def time_command(command: list[str], runs: int) -> dict[str, float]:
    """Run ``command`` ``runs`` times; return wall-time median, min, max and peak RSS."""
    walls, peaks = [], []
    for _ in range(runs):
        # stderr goes to a file, so a chatty child cannot fill a pipe and block.
        with tempfile.TemporaryFile() as log:
            start = time.perf_counter()
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
            # os.wait4 returns this child's own resource usage; ru_maxrss is in KiB.
            _, status, usage = os.wait4(child.pid, 0)
            walls.append(time.perf_counter() - start)
            log.seek(0)
            error = log.read().decode("utf-8", "replace")
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{error[-2000:]}")
        peaks.append(usage.ru_maxrss)
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "peak_mib": max(peaks) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case")
    parser.add_argument(
        "--rows", type=int, default=100_000, help="respondents in the large export"
    )
    parser.add_argument(
        "--skip-large-figures",
        action="store_true",
        help="leave out the large export with figures (the slowest case)",
    )
    options = parser.parse_args()

    srsurvey = [sys.executable, "-m", "srsurvey", "--quiet", "analyze"]
    work = Path(tempfile.mkdtemp(prefix="srsurvey-bench-"))
    try:
        large = work / "large.csv"
        make_large_export(large, options.rows)
        cases = [
            ("sample, tables only", [str(SAMPLE), "--study", str(STUDY), "--no-figures"]),
            ("sample, with figures", [str(SAMPLE), "--study", str(STUDY)]),
            (f"{options.rows} rows, tables only",
             [str(large), "--study", str(STUDY), "--no-figures"]),
        ]  # fmt: skip
        if not options.skip_large_figures:
            cases.append(
                (
                    f"{options.rows} rows, with figures",
                    [str(large), "--study", str(STUDY)],
                )
            )
        print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, "
              f"{platform.platform()}; {options.runs} runs per case")  # fmt: skip
        print(f"{'case':34} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9}")
        for name, arguments in cases:
            out = work / "out"
            command = [*srsurvey, *arguments, "--out", str(out), "--force"]
            figures = time_command(command, options.runs)
            print(
                f"{name:34} {figures['median']:9.2f} {figures['min']:7.2f} "
                f"{figures['max']:7.2f} {figures['peak_mib']:9.0f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
