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
