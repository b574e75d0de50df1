"""SPSS .sav files: labels, user-missing codes, misnamed files, scored output."""

from __future__ import annotations

import hashlib

import pandas as pd
import pyreadstat
import pytest

from srsurvey.codebook import load_study, score_responses
from srsurvey.errors import DataFileError, OutputError, SurveyWarning
from srsurvey.readers import read_export
from srsurvey.readers.spss import read_sav_labels, spss_name, write_scored_sav

AGREE = {
    5: "Полностью согласен",
    1: "Полностью не согласен",
    3: "Нейтрально",
    2: "Скорее не согласен",
    4: "Скорее согласен",
    99: "Отказ от ответа",
}


def _write_survey(path):
    frame = pd.DataFrame(
        {
            "id": ["s01", "s02", "s03", "s04"],
            "q1": [5.0, 4.0, 99.0, 1.0],
            "q2": [2.0, 1.0, 3.0, 5.0],
            "q3": [4.0, 5.0, 2.0, 3.0],
            "sex": [1.0, 2.0, 2.0, 1.0],
            "age": [19.0, 20.0, 21.0, 20.0],
        }
    )
    pyreadstat.write_sav(
        frame,
        path,
        column_labels={
            "id": "Код студента",
            "q1": "Я помогаю однокурсникам",
            "q2": "Я избегаю общественной работы",
            "q3": "Я участвую в волонтёрских акциях",
            "sex": "Пол",
            "age": "Возраст",
        },
        variable_value_labels={
            "q1": AGREE,
            "q2": AGREE,
            "q3": AGREE,
            "sex": {1: "Мужской", 2: "Женский"},
        },
        missing_ranges={"q1": [99], "q2": [99], "q3": [99]},
    )


def _read(path):
    with pytest.warns(SurveyWarning, match="user-missing") as caught:
        responses = read_export(path)
    return responses, [str(record.message) for record in caught]


def test_sav_value_labels_applied(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    responses, _ = _read(path)

    assert list(responses.data.columns) == ["id", "q1", "q2", "q3", "sex", "age"]
    assert responses.data["q2"].tolist() == [
        "Скорее не согласен",
        "Полностью не согласен",
        "Нейтрально",
        "Полностью согласен",
    ]
    assert responses.data["sex"].tolist() == [
        "Мужской",
        "Женский",
        "Женский",
        "Мужской",
    ]
    assert responses.data["age"].tolist() == ["19", "20", "21", "20"]
    assert responses.data["id"].tolist() == ["s01", "s02", "s03", "s04"]
    assert responses.details["format"] == "sav"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_sav_labels_are_headers(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)

    responses, _ = _read(path)

    assert responses.columns["q1"].header == "Я помогаю однокурсникам"
    assert responses.columns["sex"].header == "Пол"
    assert responses.columns["id"].header == "Код студента"


def test_sav_user_missing_is_empty(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)

    responses, messages = _read(path)

    assert pd.isna(responses.data["q1"].iloc[2])
    assert responses.data["q1"].notna().sum() == 3
    missing = [message for message in messages if "user-missing" in message]
    assert len(missing) == 1
    assert '1 values of the variable "q1"' in missing[0]
    assert "(99)" in missing[0]


def test_sav_rows_are_case_numbers(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)

    responses, _ = _read(path)

    assert responses.source_rows.tolist() == [1, 2, 3, 4]


def test_sav_labels_ordered_by_code(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)

    labels = read_sav_labels(path)

    assert list(labels.value_labels["q1"]) == [1, 2, 3, 4, 5, 99]
    assert labels.variable_labels["age"] == "Возраст"
    assert labels.missing["q1"] == [(99, 99)]


def test_sav_labels_make_response_scale(tmp_path):
    path = tmp_path / "survey.sav"
    _write_survey(path)

    scale = read_sav_labels(path).response_scale("q1", "agree5")

    assert scale.name == "agree5"
    assert list(scale.points) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert scale.points[4.0] == ["Скорее согласен"]
    assert scale.missing == ["Отказ от ответа"]


def test_sav_named_csv_read_by_content(tmp_path):
    path = tmp_path / "survey.csv"
    _write_survey(path)

    with pytest.warns(SurveyWarning) as caught:
        responses = read_export(path)

    messages = [str(record.message) for record in caught]
    assert any("SPSS data file (.sav)" in message for message in messages)
    assert any('ends in ".csv"' in message for message in messages)
    assert responses.data["sex"].iloc[0] == "Мужской"


def test_csv_named_sav_read_as_csv(tmp_path):
    path = tmp_path / "survey.sav"
    path.write_text("id,answer\n1,yes\n", encoding="utf-8")

    with pytest.warns(
        SurveyWarning, match=r'CSV text although its name ends in "\.sav"'
    ):
        responses = read_export(path)

    assert responses.data["answer"].tolist() == ["yes"]


def test_damaged_sav_rejected(tmp_path):
    path = tmp_path / "cut.sav"
    _write_survey(path)
    path.write_bytes(path.read_bytes()[:300])

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert "SPSS data file" in str(caught.value)
    assert caught.value.file == str(path)
    assert "Save the file again in SPSS" in str(caught.value)


STUDY = """\
study:
  name: spss-check
  title: Взаимопомощь
input:
  id: Код студента
response_scales:
  agree5:
    points:
      1: [Полностью не согласен]
      2: [Скорее не согласен]
      3: [Нейтрально]
      4: [Скорее согласен]
      5: [Полностью согласен]
items:
  help:
    column: Я помогаю однокурсникам
    scale: agree5
    label: Помощь
  avoid:
    column: Я избегаю общественной работы
    scale: agree5
    reverse: true
  volunteer:
    column: q3
    scale: agree5
scales:
  social:
    label: Социальная активность
    items: [help, avoid, volunteer]
    min_answered: 2
    levels:
      cuts: [3]
      labels: [низкий, высокий]
groups:
  sex:
    column: Пол
    label: Пол
    order: [Мужской, Женский]
"""


def _scored(tmp_path):
    data_path = tmp_path / "survey.sav"
    _write_survey(data_path)
    study_path = tmp_path / "study.yaml"
    study_path.write_text(STUDY, encoding="utf-8")
    study = load_study(study_path)
    with pytest.warns(SurveyWarning):
        responses = read_export(data_path)
    return score_responses(responses, study), study


def test_scored_sav_values(tmp_path):
    scored, study = _scored(tmp_path)
    out = tmp_path / "scored.sav"

    write_scored_sav(scored, study, out)
    frame, _ = pyreadstat.read_sav(out)

    assert frame["respondent"].tolist() == ["s01", "s02", "s03", "s04"]
    assert frame["help"].tolist()[:2] == [5.0, 4.0]
    assert pd.isna(frame["help"].iloc[2])
    # avoid is reversed as 6 - x: 2, 1, 3, 5 -> 4, 5, 3, 1.
    assert frame["avoid"].tolist() == [4.0, 5.0, 3.0, 1.0]
    # Means by hand: s01 (5+4+4)/3, s02 (4+5+5)/3, s03 (3+2)/2, s04 (1+1+3)/3.
    assert frame["social"].tolist() == pytest.approx([13 / 3, 14 / 3, 2.5, 5 / 3])
    # Levels: score < 3 is "низкий" (code 1), otherwise "высокий" (code 2).
    assert frame["social_level"].tolist() == [2.0, 2.0, 1.0, 1.0]
    assert frame["sex"].tolist() == [1.0, 2.0, 2.0, 1.0]


def test_scored_sav_labels(tmp_path):
    scored, study = _scored(tmp_path)
    out = tmp_path / "scored.sav"

    write_scored_sav(scored, study, out)
    _, meta = pyreadstat.read_sav(out, metadataonly=True)
    labels = meta.column_names_to_labels

    assert labels["help"] == "Помощь"
    assert labels["social"] == "Социальная активность"
    assert "reverse-keyed" in labels["avoid"]
    assert meta.variable_value_labels["help"][4] == "Скорее согласен"
    assert "avoid" not in meta.variable_value_labels
    assert meta.variable_value_labels["sex"] == {1: "Мужской", 2: "Женский"}
    assert meta.variable_value_labels["social_level"] == {1: "низкий", 2: "высокий"}
    assert meta.file_label == "Взаимопомощь"


def test_scored_sav_unwritable_folder(tmp_path):
    scored, study = _scored(tmp_path)

    with pytest.raises(OutputError) as caught:
        write_scored_sav(scored, study, tmp_path / "absent" / "scored.sav")

    assert caught.value.file == str(tmp_path / "absent" / "scored.sav")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("A1", "A1"),
        ("1st item", "v1st_item"),
        ("возраст", "возраст"),
        ("score.", "score"),
        ("x" * 70, "x" * 64),
    ],
)
def test_spss_name_valid(key, expected):
    assert spss_name(key, set()) == expected


def test_spss_name_unique_by_case():
    taken: set[str] = set()

    first = spss_name("Age", taken)
    second = spss_name("age", taken)

    assert first == "Age"
    assert second == "age_2"
