"""Personal-data columns found by header and by values."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.errors import SurveyWarning
from srsurvey.readers import Responses, detect_identifier_columns
from srsurvey.readers.model import ColumnSource


def _responses(columns: dict[str, list[object]], kinds: dict[str, str] | None = None):
    kinds = kinds or {}
    data = pd.DataFrame(
        {name: pd.Series(values, dtype="string") for name, values in columns.items()}
    )
    sources = {
        name: ColumnSource(name, name, "test.csv", position, kinds.get(name, "answer"))
        for position, name in enumerate(columns)
    }
    index = data.index
    return Responses(
        data=data,
        columns=sources,
        source_rows=pd.Series(range(2, len(data) + 2), index=index),
        source_files=pd.Series(["test.csv"] * len(data), index=index),
    )


@pytest.mark.parametrize(
    "header",
    [
        "Email Address",
        "Your e-mail",
        "Адрес электронной почты",
        "Электрондық пошта",
        "Почта",
        "ФИО",
        "Ф.И.О. студента",
        "Фамилия",
        "Фамилия, имя",
        "Имя",
        "Ваше имя",
        "Введите ваше имя",
        "Аты-жөні",
        "Аты",
        "Тегі",
        "Name",
        "Your name",
        "Full name",
        "Last name",
        "Phone number",
        "Phone",
        "Номер телефона",
        "Телефон",
        "Тел.",
        "Телефон нөмірі",
        "ИИН",
    ],
)
def test_identifier_headers_flagged(header):
    responses = _responses({header: ["x", "y"]})

    assert detect_identifier_columns(responses) == [header]


@pytest.mark.parametrize(
    "header",
    [
        "Имя вашего куратора",
        "Name of your university",
        "Company name",
        "Сколько часов вы проводите в телефоне?",
        "Вы почти всегда готовы к занятиям?",
        "Используете ли вы электронные учебники?",
        "Университеттің аты қандай?",
        "Возраст",
        "Специальность",
    ],
)
def test_other_headers_not_flagged(header):
    responses = _responses({header: ["x", "y"]})

    assert detect_identifier_columns(responses) == []


def test_email_kind_flagged():
    responses = _responses({"Контакт": ["x"]}, kinds={"Контакт": "email"})

    assert detect_identifier_columns(responses) == ["Контакт"]


def test_email_values_flagged():
    values = ["asel@example.com", "ivan@example.org", "", "olga.p@example.com", "нет"]
    responses = _responses({"Q7": values})

    # 3 of the 4 non-empty values are addresses, which is below 80 %.
    assert detect_identifier_columns(responses) == []

    values = [
        "asel@example.com",
        "ivan@example.org",
        "olga.p@example.com",
        "x@example.org",
        "нет",
    ]
    assert detect_identifier_columns(_responses({"Q7": values})) == ["Q7"]


def test_phone_values_flagged():
    values = [
        "+7 700 000 00 12",
        "+7 (701) 000-00-13",
        "87020000014",
        "+7 700 000 00 15",
    ]
    responses = _responses({"Контакт для связи": values})

    assert detect_identifier_columns(responses) == ["Контакт для связи"]


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(["007", "0120", "0033", "1001"], id="student-ids"),
        pytest.param(["1", "2", "3", "4", "5"], id="likert"),
        pytest.param(["19", "20", "21"], id="ages"),
        pytest.param(["3,5", "4,25"], id="decimals"),
    ],
)
def test_numeric_answers_not_phones(values):
    assert detect_identifier_columns(_responses({"Q1": values})) == []


def test_name_values_flagged():
    values = [
        "Асель Нурланова",
        "Иван Петров",
        "Ольга Смирнова",
        "Aigerim Nurlanova",
        "Daniyar Kassymov",
        "Анна-Мария Ким",
    ]
    responses = _responses({"Студент": values})

    assert detect_identifier_columns(responses) == ["Студент"]


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(
            [
                "General Medicine",
                "Dentistry",
                "Public Health",
                "General Medicine",
                "Public Health",
                "Dentistry",
            ],
            id="repeated-categories",
        ),
        pytest.param(
            [
                "очень полезный курс",
                "мне всё понравилось",
                "слишком быстро",
                "нужно больше практики",
                "хорошо",
                "спасибо большое",
            ],
            id="free-text",
        ),
        pytest.param(["Иван Петров", "Ольга Смирнова"], id="too-few-values"),
    ],
)
def test_other_values_not_names(values):
    assert detect_identifier_columns(_responses({"Q2": values})) == []


def test_timestamp_and_score_not_checked_by_value():
    responses = _responses(
        {"Timestamp": ["+7 700 000 00 12"] * 3, "Score": ["+7 700 000 00 12"] * 3},
        kinds={"Timestamp": "timestamp", "Score": "score"},
    )

    assert detect_identifier_columns(responses) == []


def test_identifiers_in_fixture(data_dir):
    from srsurvey.readers import read_export

    with pytest.warns(SurveyWarning):
        responses = read_export(data_dir / "excel_ru_semicolon_cp1251.csv")

    assert detect_identifier_columns(responses) == ["Адрес электронной почты", "ФИО"]
