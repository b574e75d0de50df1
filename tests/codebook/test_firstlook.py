"""Tests of study_from_export, the first look at an export without a study file."""

from __future__ import annotations

import warnings

import pytest

from srsurvey.codebook import score_responses, study_from_export
from srsurvey.errors import SurveyWarning


def test_first_look_kinds_of_columns(make_responses):
    responses = make_responses(
        {
            "Timestamp": ["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-01 12:00"],
            "Email Address": ["a@example.org", "b@example.org", "c@example.org"],
            "Score": ["7 / 10", "8 / 10", "5 / 10"],
            "Возраст": ["19", "21", "20"],
            "Я доволен учёбой": [
                "Согласна",
                "Полностью согласен",
                "Затрудняюсь ответить",
            ],
            "Курите ли вы?": ["Да", "Нет", "Нет"],
            "Факультет": ["Стоматология", "Педиатрия", "Педиатрия"],
            "Соцсети": ["Telegram, TikTok", "Telegram", "TikTok, Telegram"],
        },
        kinds={"Timestamp": "timestamp", "Email Address": "email", "Score": "score"},
    )
    study = study_from_export(responses, name="first")

    # A header that is a valid id keeps it; others get q + column position.
    assert list(study.items) == ["Возраст", "q5"]
    assert study.items["Возраст"].range == (19.0, 21.0)
    assert study.items["q5"].scale == "agree5"
    assert list(study.questions) == ["q6", "Факультет", "Соцсети"]
    assert study.questions["q6"].options == ["Нет", "Да"]
    assert study.questions["Факультет"].options == ["Педиатрия", "Стоматология"]
    assert study.questions["Соцсети"].type == "multi"
    assert study.questions["Соцсети"].options == ["Telegram", "TikTok"]


def test_first_look_scores_label_set_items(make_responses):
    responses = make_responses(
        {"Q1": ["Strongly agree", "Disagree", "Prefer not to answer", "Agree"]}
    )
    study = study_from_export(responses, name="first")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        scored = score_responses(responses, study)

    assert scored.item_answers["Q1"].tolist()[:2] == [5.0, 2.0]
    assert scored.item_answers["Q1"].isna().tolist() == [False, False, True, False]
    assert scored.point_labels["agree5"][1.0] == "Strongly disagree"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Label order of the built-in frequency set, not alphabetical or by count.
        (["Often", "Never", "Always", "Often"], ("item", "frequency5")),
        (["Мүлдем келіспеймін", "Келісемін", "Толық келісемін"], ("item", "agree5")),
        # Both Не согласен and Скорее не согласен: only the 7-point set distinguishes them.
        (["Не согласен", "Скорее не согласен", "Согласен"], ("item", "agree7")),
        # A synonym and a translation may share a point with a label.
        (
            ["Скорее согласен", "Скорее согласна", "Agree", "Hard to say"],
            ("item", "agree5"),
        ),
        (["Иә", "Жоқ"], ("single", ["Жоқ", "Иә"])),
        # No label set: options by frequency, ties by first appearance.
        (["b", "a", "c", "a", "c", "c"], ("single", ["c", "a", "b"])),
    ],
)
def test_first_look_orders_labels(make_responses, answers, expected):
    study = study_from_export(make_responses({"Q": answers}), name="first")
    kind, value = expected

    if kind == "item":
        assert study.items["Q"].scale == value
    else:
        assert study.questions["Q"].options == value


def test_first_look_skips_open_text(make_responses):
    answers = [f"answer number {number}" for number in range(25)]
    with pytest.warns(SurveyWarning, match='column "Comments" looks like open text'):
        study = study_from_export(make_responses({"Comments": answers}), name="first")

    assert study.questions == {}
    assert study.items == {}


def test_first_look_free_text_with_commas_is_single(make_responses):
    answers = ["red, big", "blue, small", "red, big", "green, tiny"]
    study = study_from_export(make_responses({"Q": answers}), name="first")

    assert study.questions["Q"].type == "single"


def test_first_look_skips_detected_identifiers(make_responses):
    responses = make_responses({"ФИО": ["Иванов И.", "Петров П."], "A": ["1", "2"]})
    study = study_from_export(responses, name="first")

    assert list(study.items) == ["A"]
    assert study.questions == {}
