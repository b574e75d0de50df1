"""The pre/post report: every wave in Sample and Data quality, the duplicates of
every wave in Matching, the compact pre/post table and the APA sentences.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from srsurvey.analysis import AnalysisRequest
from srsurvey.analysis._prepost import SUMMARY_COLUMNS, apa_sentence
from srsurvey.codebook.study import load_study
from srsurvey.prepost.analysis import KEY_COLUMN

IDS = [f"r{i}" for i in range(12)]
ARMS = ["A"] * 6 + ["B"] * 6
PRE_Q1 = [1, 2, 3, 2, 3, 4, 2, 3, 1, 2, 4, 3]
PRE_Q2 = [2, 2, 3, 3, 4, 4, 1, 2, 2, 3, 3, 4]
POST_Q1 = [3, 3, 4, 4, 4, 5, 2, 3, 2, 2, 4, 3]
POST_Q2 = [3, 4, 4, 3, 5, 5, 2, 2, 2, 3, 4, 4]


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _lines(ids, q1, q2, arms) -> str:
    return "".join(
        f"{i},{a},{b},{arm}\n" for i, a, b, arm in zip(ids, q1, q2, arms, strict=True)
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Two waves with arms: r3 submitted the post wave twice, r5 left it empty."""
    from srsurvey.analysis._prepost import run_prepost_analysis

    folder = tmp_path_factory.mktemp("waves")
    header = "id,q1,q2,arm\n"
    _write(folder / "pre.csv", header + _lines(IDS, PRE_Q1, PRE_Q2, ARMS))
    post = _lines(IDS, POST_Q1, POST_Q2, ARMS).replace("r5,5,5,A", "r5,,,A")
    # The first r3 submission is spreadsheet row 5 (header = row 1); keep-latest
    # keeps the one in row 14, the last row.
    _write(folder / "post.csv", header + post + "r3,1,1,A\n")
    study = _write(
        folder / "study.yaml",
        """
        input:
          files: [pre.csv]
          duplicates: keep-latest
        items:
          q1: {column: q1, range: [1, 5]}
          q2: {column: q2, range: [1, 5]}
        scales:
          total: {items: [q1, q2]}
        waves:
          key: id
          arm: arm
          pre: {files: [pre.csv]}
          post: {files: [post.csv]}
        """,
    )
    return run_prepost_analysis(AnalysisRequest(figures=False), load_study(study))


def _section(report, title: str):
    return next(section for section in report.sections if section.title == title)


def _tables(section) -> list[str]:
    return [block.content for block in section.blocks if block.kind == "table"]


def _texts(section) -> list[str]:
    return [block.content for block in section.blocks if block.kind == "text"]


def test_duplicates_table_lists_post_wave(report):
    table = report.tables["duplicates"].data
    assert len(table) == 1
    row = table.iloc[0]
    assert row["wave"] == "Post"
    assert row["key"] == "R3"
    assert row["file"] == "post.csv"
    assert row["row"] == 5
    assert row["kept_file"] == "post.csv"
    assert row["kept_row"] == 14
    assert row["rule"] == "keep-latest"


def test_duplicates_table_in_matching_section(report):
    assert "duplicates" in _tables(_section(report, "Matching"))
    assert "duplicates" not in _tables(_section(report, "Sample"))


def test_duplicate_warning_names_id_column(report):
    expected = (
        "Post wave: 1 duplicate submission was removed (keep-latest by the id in "
        'column "id")'
    )
    assert any(warning.startswith(expected) for warning in report.warnings)
    assert not any(KEY_COLUMN in warning for warning in report.warnings)


def test_data_quality_table_has_every_wave(report):
    table = report.tables["data_quality"].data.set_index("measure")
    assert list(table.columns) == ["Pre", "Post"]
    assert table.loc["rows read", "Pre"] == 12
    assert table.loc["rows read", "Post"] == 13
    assert table.loc["duplicates removed", "Pre"] == 0
    assert table.loc["duplicates removed", "Post"] == 1
    assert table.loc["respondents", "Post"] == 12


def test_quality_lines_cover_every_wave(report):
    pre = [line for line in report.quality if line.startswith("Pre wave (pre.csv):")]
    post = [line for line in report.quality if line.startswith("Post wave (post.csv):")]
    assert len(pre) == 1
    assert len(post) == 1
    assert "rows read: 13" in post[0]
    assert "duplicates removed: 1" in post[0]


def test_sample_section_describes_every_wave(report):
    texts = _texts(_section(report, "Sample"))
    assert texts[0].startswith("Pre wave: 12 rows were read from pre.csv")
    assert texts[1].startswith("Post wave: 13 rows were read from post.csv")
    assert "1 duplicate submission was removed" in texts[1]


def test_mixed_anova_warning_names_scale_and_arms(report):
    prefix = 'Mixed ANOVA of scale "total", A vs B: 2 of 24 rows'
    assert any(warning.startswith(prefix) for warning in report.warnings)


def test_ancova_warning_names_scale_and_arms(report):
    prefix = 'ANCOVA of scale "total", A vs B: 1 of 12 respondents'
    assert any(warning.startswith(prefix) for warning in report.warnings)


def test_comparison_label_is_post_minus_pre(report):
    table = report.tables["prepost"].data
    assert set(table["comparison"]) == {"Post - Pre"}
    row = table[(table["measure"] == "total") & (table["arm"] == "all")].iloc[0]
    assert row["mean_diff"] == pytest.approx(row["mean_post"] - row["mean_pre"])


def test_section_shows_summary_not_full_table(report):
    shown = _tables(_section(report, "Pre/post"))
    assert "prepost_summary" in shown
    assert "prepost" not in shown
    assert "prepost" in report.tables


def test_summary_columns(report):
    summary = report.tables["prepost_summary"].data
    # One comparison, so the comparison column is left out.
    assert list(summary.columns) == SUMMARY_COLUMNS[1:]
    assert "reason" not in summary.columns


def _same(value: float):
    """Match ``value`` exactly, with NaN equal to NaN."""
    return pytest.approx(value, rel=0, abs=0, nan_ok=True)


def test_summary_values_follow_chosen_test(report):
    full = report.tables["prepost"].data
    summary = report.tables["prepost_summary"].data
    assert len(summary) == len(full)
    assert {"paired t-test", "Wilcoxon signed-rank"} <= set(full["test_chosen"])
    for position in range(len(full)):
        row, short = full.iloc[position], summary.iloc[position]
        if row["test_chosen"] == "paired t-test":
            assert short["statistic_name"] == f"t({int(row['df'])})"
            assert short["statistic"] == _same(row["t"])
            assert short["effect_size_name"] == "d_z"
            assert short["effect_size"] == _same(row["cohen_dz"])
            assert short["es_ci_low"] == _same(row["dz_ci_low"])
        elif row["test_chosen"] == "Wilcoxon signed-rank":
            assert short["statistic_name"] == "V"
            assert short["statistic"] == _same(row["wilcoxon_w"])
            assert short["effect_size_name"] == "rank-biserial r"
            assert short["effect_size"] == _same(row["rank_biserial"])
            assert short["es_ci_high"] == _same(row["rb_ci_high"])
        else:
            assert short["statistic_name"] == ""
            assert math.isnan(short["statistic"])
        assert short["p_value"] == _same(row["p_value"])


def test_methods_state_test_choice_once(report):
    choice = [text for text in report.methods if text.startswith("The automatic")]
    assert len(choice) == 1
    full = report.tables["prepost"].data
    t_count = int((full["test_chosen"] == "paired t-test").sum())
    w_count = int((full["test_chosen"] == "Wilcoxon signed-rank").sum())
    assert (
        f"Of the {len(full)} comparisons, the paired t-test is reported for "
        f"{t_count} (0 of them with 50 or more pairs) and the Wilcoxon "
        f"signed-rank test for {w_count}"
    ) in choice[0]
    assert "reason column of tables/prepost.csv" in choice[0]


# --- APA sentences --------------------------------------------------------------------


def _row(**values) -> SimpleNamespace:
    row = {
        "arm": "all",
        "n_pairs": 10,
        "mean_pre": 3.99,
        "sd_pre": 0.67,
        "mean_post": 3.99,
        "sd_post": 0.67,
        "mean_diff": 0.0,
        "test_chosen": "paired t-test",
        "t": 0.5,
        "df": 9.0,
        "p_value": 0.63,
        "cohen_dz": 0.16,
        "dz_ci_low": -0.47,
        "dz_ci_high": 0.78,
        "wilcoxon_w": math.nan,
        "wilcoxon_p": math.nan,
        "rank_biserial": math.nan,
        "rb_ci_low": math.nan,
        "rb_ci_high": math.nan,
        "reason": "",
    }
    row.update(values)
    return SimpleNamespace(**row)


def test_apa_equal_means_did_not_change():
    # 3.9912 and 3.9937 both print as 3.99, so the sentence must not say "rose".
    row = _row(mean_pre=3.9912, mean_post=3.9937, mean_diff=0.0025)
    sentence = apa_sentence(row, "Value")
    assert sentence.startswith(
        "Value: scores did not change (M = 3.99, SD = 0.67, to M = 3.99, SD = 0.67)"
    )
    assert "rose" not in sentence


def test_apa_higher_mean_rose():
    row = _row(mean_post=4.25, sd_post=0.5, mean_diff=0.26)
    sentence = apa_sentence(row, "Value")
    assert sentence.startswith(
        "Value: scores rose from M = 3.99 (SD = 0.67) to M = 4.25 (SD = 0.50)"
    )


def test_apa_lower_mean_fell():
    row = _row(mean_post=3.50, mean_diff=-0.49)
    sentence = apa_sentence(row, "Value")
    assert sentence.startswith(
        "Value: scores fell from M = 3.99 (SD = 0.67) to M = 3.50"
    )


def test_apa_interval_level_follows_alpha():
    sentence = apa_sentence(_row(mean_post=4.5), "Value", confidence=0.99)
    assert "99% CI [-0.47, 0.78]" in sentence


def test_apa_rank_biserial_one_has_no_interval():
    row = _row(
        mean_post=4.5,
        test_chosen="Wilcoxon signed-rank",
        wilcoxon_w=55.0,
        wilcoxon_p=0.002,
        rank_biserial=1.0,
    )
    sentence = apa_sentence(row, "Value")
    assert "rank-biserial r = 1.00 (no interval" in sentence
    assert "nan" not in sentence


def test_apa_gives_adjusted_p_beside_raw():
    row = _row(mean_post=4.25, mean_diff=0.26, t=2.4, p_value=0.017, p_adjusted=0.052)
    sentence = apa_sentence(row, "Value")
    assert "t(9) = 2.40, p = .017 (adjusted p = .052), d_z = 0.16" in sentence


def test_apa_without_adjusted_p_unchanged():
    sentence = apa_sentence(_row(mean_post=4.25, t=2.4, p_value=0.017), "Value")
    assert "p = .017, d_z" in sentence
