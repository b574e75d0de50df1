"""CSV files saved by Excel in a Russian locale: cp1251, ";", decimal commas."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from srsurvey.errors import SurveyWarning
from srsurvey.readers import read_export, to_numbers

NBSP = "\u00a0"
NNBSP = "\u202f"


def _write(path, text: str, encoding: str = "cp1251") -> None:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))


def _read(path):
    with pytest.warns(SurveyWarning) as caught:
        responses = read_export(path)
    return responses, [str(record.message) for record in caught]


def test_cp1251_semicolon_decimal_comma(tmp_path):
    path = tmp_path / "опрос.csv"
    _write(
        path,
        "Отметка времени;Город;Доход;Оценка\n"
        f"01.03.2024 10:15:00;Алматы;1{NBSP}250{NBSP}000,50;4,5\n"
        f"01.03.2024 11:20:00;Астана;98{NBSP}000;3\n",
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    responses, _ = _read(path)

    assert responses.details["encoding"] == "cp1251"
    assert responses.details["delimiter"] == ";"
    assert responses.decimal == ","
    assert responses.data["Город"].tolist() == ["Алматы", "Астана"]
    income = to_numbers(responses.data["Доход"], decimal=responses.decimal)
    # 1 250 000,50 and 98 000 written out by hand.
    assert income.tolist() == [1_250_000.5, 98_000.0]
    rating = to_numbers(responses.data["Оценка"], decimal=responses.decimal)
    assert rating.tolist() == [4.5, 3.0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_narrow_no_break_space_in_utf8(tmp_path):
    # Windows-1251 has no U+202F, so only a UTF-8 file can contain it.
    path = tmp_path / "narrow.csv"
    _write(path, f"Имя;Сумма\nА;2{NNBSP}500,25\nБ;7\n", encoding="utf-8")

    responses = read_export(path)

    assert responses.decimal == ","
    amounts = to_numbers(responses.data["Сумма"], decimal=responses.decimal)
    assert amounts.tolist() == [2500.25, 7.0]


def test_grouped_thousands_alone_set_decimal_comma(tmp_path):
    path = tmp_path / "grouped.csv"
    _write(path, f"Имя;Сумма\nА;1{NBSP}234,5\nБ;12\n")

    responses, _ = _read(path)

    assert responses.decimal == ","


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        (f"1{NBSP}234,5", ",", 1234.5),
        (f"1{NNBSP}234", ",", 1234.0),
        (f"12{NBSP}345{NBSP}678.25", ".", 12345678.25),
        (f"-1{NBSP}000", ".", -1000.0),
        (f"\u22122{NBSP}500,75", ",", -2500.75),
    ],
)
def test_to_numbers_reads_grouped_thousands(text, decimal, expected):
    result = to_numbers(pd.Series([text], dtype="string"), decimal=decimal)

    assert result.iloc[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "1 234",  # an ordinary space may separate two numbers
        f"1{NBSP}23,4",  # a group of two digits is not a thousands group
        f"1234{NBSP}567",  # four digits before a group separator
        f"{NBSP}",
        f"1{NBSP}234,5",  # a decimal comma needs decimal=","
    ],
)
def test_to_numbers_rejects_bad_grouping(text):
    result = to_numbers(pd.Series([text], dtype="string"), decimal=".")

    assert pd.isna(result.iloc[0])


def test_lost_kazakh_letters_warn(tmp_path):
    path = tmp_path / "kz.csv"
    # "Қазақстан" and "Қызмет" saved as Windows-1251: Қ and қ became "?".
    _write(
        path,
        "Отметка времени;Страна;Сфера\n"
        "01.03.2024 10:15:00;?аза?стан;?ызмет\n"
        "01.03.2024 11:20:00;Россия;Образование\n",
    )

    responses, messages = _read(path)

    lost = [message for message in messages if "question mark" in message]
    assert len(lost) == 1
    assert "2 cells contain" in lost[0]
    assert 'row 2, column B: "?аза?стан"' in lost[0]
    assert "CSV UTF-8" in lost[0]
    assert responses.data["Страна"].iloc[0] == "?аза?стан"


def test_question_marks_ending_sentences_do_not_warn(tmp_path):
    path = tmp_path / "ru.csv"
    _write(
        path,
        "Почему вы выбрали профессию?;Что? Где?\nПотому что интересно;Да\nНе знаю?;Нет\n",
    )

    _, messages = _read(path)

    assert not [message for message in messages if "question mark" in message]


def test_lost_letters_in_header_warn(tmp_path):
    path = tmp_path / "header.csv"
    _write(path, "?ала;Жас\nАлматы;20\nАстана;21\n")

    _, messages = _read(path)

    lost = [message for message in messages if "question mark" in message]
    assert len(lost) == 1
    assert 'row 1, column A: "?ала"' in lost[0]


def test_utf8_kazakh_is_clean(tmp_path):
    path = tmp_path / "utf8.csv"
    path.write_bytes("Ел,Сала\nҚазақстан,Қызмет\nРесей,Білім\n".encode())

    responses = read_export(path)

    assert responses.details["encoding"] == "utf-8"
    assert responses.warnings == []
    assert responses.data["Ел"].tolist() == ["Қазақстан", "Ресей"]
