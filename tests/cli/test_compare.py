"""``srsurvey compare``: the report files, exit codes and the one-line errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

from srsurvey.cli import run


def _export(path: Path, ids, q1, q2, arms) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "q1", "q2", "arm"])
        writer.writerows(zip(ids, q1, q2, arms, strict=True))
    return path


@pytest.fixture
def waves(tmp_path):
    ids = [f"S{i:03d}" for i in range(12)]
    arms = ["A"] * 6 + ["B"] * 6
    pre = _export(
        tmp_path / "pre.csv",
        ids,
        [1, 2, 3, 2, 3, 4, 2, 3, 1, 2, 4, 3],
        [2, 2, 3, 3, 4, 4, 1, 2, 2, 3, 3, 4],
        arms,
    )
    post_ids = [i.lower() + " " if n == 0 else i for n, i in enumerate(ids)]
    post = _export(
        tmp_path / "post.csv",
        post_ids,
        [3, 3, 4, 4, 4, 5, 2, 3, 2, 2, 4, 3],
        [3, 4, 4, 3, 5, 5, 2, 2, 2, 3, 4, 4],
        arms,
    )
    return pre, post


def test_compare_writes_tables(waves, tmp_path, capsys):
    pre, post = waves
    out = tmp_path / "report"
    status = run(
        [
            "compare",
            str(pre),
            str(post),
            "--id",
            "id",
            "--scale",
            "total=q1,q2",
            "--range",
            "1-5",
            "--arm",
            "arm",
            "--no-figures",
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "matched respondents: 12" in captured.out
    for name in ("matching", "prepost", "mixed_anova", "ancova", "prepost_control"):
        assert (out / "tables" / f"{name}.csv").is_file(), name

    table = pd.read_csv(out / "tables" / "prepost.csv", encoding="utf-8-sig")
    row = table[(table["measure"] == "total") & (table["arm"] == "all")].iloc[0]
    pre_total = (pd.read_csv(pre)[["q1", "q2"]].mean(axis=1)).to_numpy()
    post_total = (pd.read_csv(post)[["q1", "q2"]].mean(axis=1)).to_numpy()
    expected = stats.ttest_rel(post_total, pre_total)
    assert row["n_pairs"] == 12
    assert row["t"] == pytest.approx(expected.statistic, rel=1e-9)

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    prepost = (
        results["results"]["prepost"] if "results" in results else results["prepost"]
    )
    assert prepost["matched"] == 12
    assert prepost["matched_after_normalisation"] == 1


def test_compare_wilcoxon_and_fdr(waves, tmp_path, capsys):
    pre, post = waves
    out = tmp_path / "report"
    status = run(
        [
            "compare",
            str(pre),
            str(post),
            "--id",
            "id",
            "--scale",
            "total=q1,q2",
            "--range",
            "1-5",
            "--test",
            "wilcoxon",
            "--correction",
            "fdr_bh",
            "--no-figures",
            "--out",
            str(out),
        ]
    )
    assert status == 0, capsys.readouterr().err
    table = pd.read_csv(out / "tables" / "prepost.csv", encoding="utf-8-sig")
    assert set(table["test_chosen"]) == {"Wilcoxon signed-rank"}
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "The Wilcoxon signed-rank test was requested" in summary


def test_compare_without_id_exits_2(waves, capsys):
    pre, post = waves
    assert run(["compare", str(pre), str(post), "--scale", "t=q1"]) == 2


def test_compare_unknown_test_exits_2(waves, capsys):
    pre, post = waves
    args = ["compare", str(pre), str(post), "--id", "id", "--scale", "t=q1"]
    assert run([*args, "--test", "anova"]) == 2


def test_compare_no_pairs_exits_1(tmp_path, capsys):
    pre = _export(tmp_path / "a.csv", ["x1", "x2"], [1, 2], [1, 2], ["A", "B"])
    post = _export(tmp_path / "b.csv", ["y1", "y2"], [1, 2], [1, 2], ["A", "B"])
    out = tmp_path / "report"
    status = run(
        [
            "compare",
            str(pre),
            str(post),
            "--id",
            "id",
            "--scale",
            "t=q1,q2",
            "--range",
            "1-5",
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("Error: ")
    assert "no respondent is in every wave" in err
    assert not out.exists()


def test_compare_missing_id_column_exits_1(waves, tmp_path, capsys):
    pre, post = waves
    args = ["compare", str(pre), str(post), "--id", "student", "--scale", "t=q1,q2"]
    status = run([*args, "--range", "1-5", "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert status == 1
    assert '"student"' in err


def _compare_args(pre, post, out, scale="total=q1,q2") -> list[str]:
    return [
        "compare",
        str(pre),
        str(post),
        "--id",
        "id",
        "--scale",
        scale,
        "--range",
        "1-5",
        "--no-figures",
        "--out",
        str(out),
    ]


def test_compare_writes_duplicates_of_post_wave(waves, tmp_path, capsys):
    pre, post = waves
    with post.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(["S010", 5, 5, "B"])
    out = tmp_path / "report"
    status = run(_compare_args(pre, post, out))
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert 'keep-latest by the id in column "id"' in captured.err
    assert "respondent key (normalised)" not in captured.err

    duplicates = pd.read_csv(out / "tables" / "duplicates.csv", encoding="utf-8-sig")
    assert duplicates["wave"].tolist() == ["Post"]
    assert duplicates["key"].tolist() == ["S010"]
    assert duplicates["file"].tolist() == ["post.csv"]
    # S010 is the 11th respondent (row 12 with the header as row 1); the appended
    # submission in row 14 is the latest and is kept.
    assert duplicates["row"].tolist() == [12]
    assert duplicates["kept_row"].tolist() == [14]

    quality = pd.read_csv(out / "tables" / "data_quality.csv", encoding="utf-8-sig")
    quality = quality.set_index("measure")
    assert quality.loc["rows read", "Pre"] == 12
    assert quality.loc["rows read", "Post"] == 13
    assert quality.loc["duplicates removed", "Post"] == 1

    summary = (out / "summary.md").read_text(encoding="utf-8")
    matching = summary[summary.index("## Matching") :]
    assert "Duplicate submissions removed" in matching
    assert "Post wave: 13 rows were read from post.csv" in summary


def test_compare_comparison_is_post_minus_pre(waves, tmp_path, capsys):
    pre, post = waves
    out = tmp_path / "report"
    assert run(_compare_args(pre, post, out)) == 0, capsys.readouterr().err
    table = pd.read_csv(out / "tables" / "prepost.csv", encoding="utf-8-sig")
    assert set(table["comparison"]) == {"Post - Pre"}
    summary = pd.read_csv(out / "tables" / "prepost_summary.csv", encoding="utf-8-sig")
    assert "reason" not in summary.columns
    assert len(summary) == len(table)


def test_compare_item_in_no_wave_exits_1(waves, tmp_path, capsys):
    pre, post = waves
    out = tmp_path / "report"
    status = run(_compare_args(pre, post, out, scale="total=q1,q2,q9"))
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("Error: ")
    assert 'the column "q9" is in no wave\'s export (pre.csv, post.csv)' in err
    assert '"q1", "q2"' in err
    assert not out.exists()


def test_compare_item_close_match_listed(waves, tmp_path, capsys):
    pre, post = waves
    status = run(_compare_args(pre, post, tmp_path / "r", scale="total=q1,q22"))
    err = capsys.readouterr().err
    assert status == 1
    assert 'Close matches for "q22": "q2"' in err


@pytest.mark.parametrize("scale", ["total=q1,,q2", "total=q1,q2,", "total=,q1"])
def test_compare_empty_item_exits_2(waves, tmp_path, capsys, scale):
    pre, post = waves
    status = run(_compare_args(pre, post, tmp_path / "r", scale=scale))
    err = capsys.readouterr().err
    assert status == 2
    assert "has an empty item" in err


def _arm_exports(folder):
    import numpy as np

    rng = np.random.default_rng(4)
    pre_rows, post_rows = ["sid,arm,I1,I2,I3"], ["sid,arm,I1,I2,I3"]
    for number in range(40):
        arm = "Control" if number % 2 == 0 else "Programme"
        base = rng.integers(2, 5, size=3)
        gain = 1 if arm == "Programme" and number % 4 != 1 else 0
        after = np.clip(base + gain, 1, 5)
        pre_rows.append(f"S{number:02d},{arm}," + ",".join(map(str, base)))
        post_rows.append(f"S{number:02d},{arm}," + ",".join(map(str, after)))
    pre, post = folder / "pre.csv", folder / "post.csv"
    pre.write_text("\n".join(pre_rows) + "\n", encoding="utf-8")
    post.write_text("\n".join(post_rows) + "\n", encoding="utf-8")
    return pre, post


def test_control_arm_recognised_by_name(tmp_path, capsys):
    import pandas as pd

    pre, post = _arm_exports(tmp_path)
    out = tmp_path / "out"
    status = run(
        ["compare", str(pre), str(post), "--id", "sid", "--scale", "tot=I1,I2,I3",
         "--range", "1-5", "--arm", "arm", "--out", str(out), "--no-figures"]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    control = pd.read_csv(out / "tables" / "prepost_control.csv")
    assert control.loc[0, "intervention"] == "Programme"
    assert control.loc[0, "control"] == "Control"
    assert control.loc[0, "d_ppc2"] > 0


def test_intervention_option_names_arm(tmp_path, capsys):
    import pandas as pd

    pre, post = _arm_exports(tmp_path)
    out = tmp_path / "out"
    status = run(
        ["compare", str(pre), str(post), "--id", "sid", "--scale", "tot=I1,I2,I3",
         "--range", "1-5", "--arm", "arm", "--intervention", "Control",
         "--out", str(out), "--no-figures"]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    control = pd.read_csv(out / "tables" / "prepost_control.csv")
    assert control.loc[0, "intervention"] == "Control"
    assert control.loc[0, "d_ppc2"] < 0
