"""Tests of the name masking of WhatsApp text: inflected Russian and Kazakh names."""

from __future__ import annotations

import pytest

from srsurvey.readers._whatsapp_privacy import TextMasker, name_stem

CODES = {
    "Айгерим Серикова": "P-6D4FA8",
    "Нурлан Абенов": "P-11A2B3",
    "Дана": "P-C4D5E6",
    "Илья": "P-F70819",
    "Ася": "P-2A3B4C",
}


@pytest.fixture
def masker() -> TextMasker:
    return TextMasker(CODES)


@pytest.mark.parametrize(
    ("part", "stem"),
    [
        ("Серикова", "сериков"),
        ("Нурлан", "нурлан"),
        ("Дарья", "дарь"),
        ("Айгерім", "айгерим"),
        ("Алёна", "ален"),
    ],
)
def test_name_stem(part, stem):
    assert name_stem(part) == stem


@pytest.mark.parametrize(
    ("word", "code"),
    [
        # Russian cases of a surname in -ова and of a name ending in a consonant.
        ("Серикова", "P-6D4FA8"),
        ("Сериковой", "P-6D4FA8"),
        ("Сериковым", "P-6D4FA8"),
        ("Серикову", "P-6D4FA8"),
        ("Сериковых", "P-6D4FA8"),
        ("Нурлана", "P-11A2B3"),
        ("Нурлану", "P-11A2B3"),
        ("Нурланом", "P-11A2B3"),
        ("Абенову", "P-11A2B3"),
        # Kazakh case suffixes, with Kazakh or Russian letters.
        ("Нурланға", "P-11A2B3"),
        ("Нұрланға", "P-11A2B3"),
        ("Нурланның", "P-11A2B3"),
        ("Нурланды", "P-11A2B3"),
        ("Нурланнан", "P-11A2B3"),
        ("Айгеримге", "P-6D4FA8"),
        ("Айгерімнің", "P-6D4FA8"),
        ("Айгеримді", "P-6D4FA8"),
        ("Сериковаға", "P-6D4FA8"),
        ("Абеновке", "P-11A2B3"),
        ("Абеновқа", "P-11A2B3"),
        # Short names: Russian endings after a three-letter stem, Kazakh suffixes
        # after the whole name.
        ("Даны", "P-C4D5E6"),
        ("Дане", "P-C4D5E6"),
        ("Даной", "P-C4D5E6"),
        ("Данаға", "P-C4D5E6"),
        ("Дананың", "P-C4D5E6"),
        ("Илье", "P-F70819"),
        ("Ильей", "P-F70819"),
        ("Ильёй", "P-F70819"),
        ("Асяға", "P-2A3B4C"),
        ("АЙГЕРИМ", "P-6D4FA8"),
    ],
)
def test_inflected_name_is_masked(masker, word, code):
    assert masker.mask(f"Спасибо {word}!") == f"Спасибо {code}!"


@pytest.mark.parametrize(
    "word",
    [
        "Напишите",
        "если",
        "что",
        "сериал",
        "серия",
        "нуль",
        "айран",
        "данные",
        "динамика",
        "ильм",
        "асу",
        "курс",
        "жауабы",
    ],
)
def test_ordinary_word_is_kept(masker, word):
    assert masker.mask(f"Спасибо {word}!") == f"Спасибо {word}!"


def test_inflected_full_name_becomes_one_code(masker):
    text = "Напишите Айгерим Сериковой если что"
    assert masker.mask(text) == "Напишите P-6D4FA8 если что"


def test_names_of_two_people_keep_two_codes(masker):
    text = "Айгерим Нурлану, Нурланға да, Сериковым тоже"
    assert masker.mask(text) == "P-6D4FA8 P-11A2B3, P-11A2B3 да, P-6D4FA8 тоже"


def test_codes_in_text_are_not_masked_again():
    # The letters "ADA" of the code would otherwise match the name Ada.
    masker = TextMasker({"Ada Lovelace": "P-3ADA12"})
    assert masker.mask("Ada Lovelace and Adas") == "P-3ADA12 and Adas"


def test_longest_stem_wins():
    masker = TextMasker({"Нурлан": "P-000001", "Нурланова": "P-000002"})
    assert masker.mask("Нурлановой") == "P-000002"
    assert masker.mask("Нурлану") == "P-000001"


def test_phone_numbers_are_masked(masker):
    assert masker.mask("звоните +7 701 234 56 78") == "звоните [phone]"
