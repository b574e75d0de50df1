"""Sentences that the report generates from the numbers."""

import pandas as pd

from srsurvey.analysis._text import group_composition, sample_sentence


def test_group_composition_percents_add_to_100():
    # 16.5% and 17.5% round to 16% and 18% so that the three shares add up to 100.
    values = pd.Series(pd.Categorical(["1"] * 33 + ["2"] * 35 + ["3"] * 132))
    text = group_composition("Year", values)
    assert text == "Year: 1 33 (16%), 2 35 (18%), 3 132 (66%)."


def test_sample_sentence_singular_and_file_name():
    class Export:
        files = ["/home/someone/study/wave1.csv"]
        data = pd.DataFrame({"q": [1]})

    text = sample_sentence(1, Export(), {"rows_read": 1, "duplicates_removed": 1})
    assert text == (
        "1 row was read from wave1.csv; 1 respondent was analysed. "
        "1 duplicate submission was removed."
    )


def test_prepost_summary_line_uses_chosen_test():
    from srsurvey.analysis import _prepost_summary_lines

    row = {
        "n_pairs": 87, "mean_pre": 4.0408, "mean_post": 4.2565, "df": 86.0,
        "t": 4.738, "t_p": 0.000008, "cohen_dz": 0.508, "test_chosen": "paired t-test",
        "p_adjusted": 0.00002,
    }  # fmt: skip
    wilcoxon = {
        "n_pairs": 12, "mean_pre": 3.0, "mean_post": 3.5, "wilcoxon_w": 60.0,
        "wilcoxon_p": 0.034, "rank_biserial": None, "test_chosen": "Wilcoxon signed-rank",
        "p_adjusted": 0.068,
    }  # fmt: skip
    lines = _prepost_summary_lines(
        {"scales": {"total": {"Programme": row, "all": wilcoxon}}}
    )
    assert lines == [
        "  pre/post total (Programme): 4.04 -> 4.26, t(86) = 4.74, adjusted p < .001, "
        "d_z = 0.51, n = 87",
        "  pre/post total: 3.00 -> 3.50, V = 60.0, adjusted p = .068, r = n/a, n = 12",
    ]
