"""First look: numeric columns, decimal commas, open text and answer language."""

from __future__ import annotations

import warnings

import pandas as pd

from srsurvey.codebook.firstlook import study_from_export
from srsurvey.readers.model import ColumnSource, Responses


def _responses(columns: dict[str, list[str]], decimal: str = ".") -> Responses:
    data = pd.DataFrame(columns, dtype="string")
    sources = {
        name: ColumnSource(name=name, header=name, file="x.csv", position=i)
        for i, name in enumerate(data.columns)
    }
    rows = pd.Series(range(2, len(data) + 2), index=data.index)
    files = pd.Series(["x.csv"] * len(data), index=data.index)
    return Responses(data, sources, rows, files, decimal=decimal)


def test_decimal_comma_column_is_numeric():
    responses = _responses({"gpa": ["3,5", "4,0", "2,75", "3,25"]}, decimal=",")
    study = study_from_export(responses, name="t")
    item = next(iter(study.items.values()))
    assert item.range == (2.75, 4.0)
    assert study.questions == {}


def test_line_breaks_mark_open_text():
    answers = ["More events,\nplease", "Friends, family", "More events,\nplease"] * 3
    responses = _responses({"wish": answers})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        study = study_from_export(responses, name="t")
    assert study.questions == {}
    assert study.items == {}
    assert any("open text" in str(w.message) for w in caught)


def test_russian_labels_keep_russian_language():
    answers = ["Полностью согласен", "Скорее согласен", "Нейтрально"] * 4
    study = study_from_export(_responses({"q": answers}), name="t")
    assert study.language == "ru"


def test_quick_mode_treats_dont_know_as_missing():
    from srsurvey.codebook.scoring import score_responses
    from srsurvey.codebook.study import study_from_options

    responses = _responses(
        {
            "a": ["Скорее согласен", "Затрудняюсь ответить", "Полностью согласен"],
            "b": ["Полностью согласен", "Скорее согласен", "Нейтрально"],
        }
    )
    study = study_from_options(
        name="t", scales=["s=a,b"], value_range=None, groups=[], id_column=None,
        missing=None,
    )  # fmt: skip
    scored = score_responses(responses, study)
    assert scored.item_answers["a"].isna().tolist() == [False, True, False]
    assert scored.item_answers["a"].iloc[0] == 4.0


def test_id_column_is_not_a_question():
    ids = [f"S{number:04d}" for number in range(12)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        study = study_from_export(_responses({"sid": ids}), name="t")
    assert study.questions == {}
    assert any("looks like a respondent id" in str(w.message) for w in caught)


def test_no_break_space_thousands_are_numbers():
    incomes = ["125\u00a0000", "98\u00a0500", "1\u00a0150\u00a0000"]
    study = study_from_export(_responses({"income": incomes}, decimal=","), name="t")
    item = next(iter(study.items.values()))
    assert item.range == (98500.0, 1150000.0)


def test_semicolon_checkboxes_in_microsoft_forms():
    answers = ["Excel;R;", "Python;SPSS;", "Excel;", "R;Excel;", "SPSS;Python;"] * 2
    responses = _responses({"tools": answers})
    responses.details["multiselect separator"] = ";"
    study = study_from_export(responses, name="t")
    question = next(iter(study.questions.values()))
    assert question.type == "multi"
    assert set(question.options) == {"Excel", "R", "Python", "SPSS"}


def test_spss_value_labels_order_answers(tmp_path):
    import pyreadstat

    from srsurvey.codebook.scoring import score_responses
    from srsurvey.readers import read_export

    # A second variable keeps the row with the user-missing code from being empty.
    frame = pd.DataFrame(
        {
            "q2": [1.0, 5.0, 5.0, 3.0, 9.0, 2.0, 5.0, 4.0],
            "age": [20.0, 21.0, 19.0, 22.0, 20.0, 23.0, 21.0, 20.0],
        }
    )
    path = tmp_path / "labels.sav"
    pyreadstat.write_sav(
        frame,
        path,
        variable_value_labels={
            "q2": {
                1: "Disagree",
                2: "Rather disagree",
                3: "Neutral",
                4: "Rather agree",
                5: "Agree",
                9: "No answer",
            },
        },  # fmt: skip
        missing_ranges={"q2": [9]},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        responses = read_export(path)
        study = study_from_export(responses, name="t")
        scored = score_responses(responses, study)
    assert study.questions == {}
    answers = scored.item_answers[next(iter(study.items))]
    assert answers.tolist()[:4] == [1.0, 5.0, 5.0, 3.0]
    assert pd.isna(answers.iloc[4])
    # Mean of the seven valid codes: (1 + 5 + 5 + 3 + 2 + 5 + 4) / 7.
    assert answers.mean() == 25 / 7
