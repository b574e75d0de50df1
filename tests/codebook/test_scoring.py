"""Tests of score_responses: labels to numbers, reverse keying, scores, groups."""

from __future__ import annotations

import math
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

from srsurvey.codebook import load_study, score_responses, study_from_options
from srsurvey.errors import CodebookError, ScoringError, SurveyWarning

DATA = Path(__file__).parent.parent / "data"

MIXED_SCALE = """\
response_scales:
  agree5:
    points:
      1: [Полностью не согласен, Strongly disagree, Мүлдем келіспеймін]
      2: [Скорее не согласен, Disagree, Келіспеймін]
      3: [Нейтрально, Neutral, Бейтарап]
      4: [Скорее согласен, Agree, Келісемін]
      5: [Полностью согласен, Strongly agree, Толық келісемін]
    synonyms:
      Скорее согласна: Скорее согласен
      Полностью согласна: Полностью согласен
    missing: [Затрудняюсь ответить]
missing: [Нет ответа]
"""


def score_quietly(responses, study):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        return score_responses(responses, study)


def load(write_study, body: str):
    return load_study(write_study(MIXED_SCALE + textwrap.dedent(body)))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Полностью не согласен", 1.0),
        ("Strongly disagree", 1.0),
        ("Мүлдем келіспеймін", 1.0),
        ("Келіспеймін", 2.0),
        ("  neutral ", 3.0),
        ("Бейтарап", 3.0),
        ("Скорее согласен", 4.0),
        ("Скорее согласна", 4.0),  # synonym
        ("скорее  согласна.", 4.0),  # case, double space, trailing full stop
        ("Полностью согласна", 5.0),  # synonym
        ("Толық келісемін", 5.0),
        ("STRONGLY AGREE", 5.0),
        ("5", 5.0),  # a number within the points is taken as that number
        ("Затрудняюсь ответить", math.nan),  # the scale's missing label
        ("Затрудняюсь ответить.", math.nan),
        ("Нет ответа", math.nan),  # the study's missing label
        (None, math.nan),  # empty cell
    ],
)
def test_labels_map_to_points(make_responses, write_study, answer, expected):
    study = load(write_study, "items:\n  q1: {column: Q1, scale: agree5}\n")
    scored = score_quietly(make_responses({"Q1": [answer]}), study)

    value = scored.items["q1"].iloc[0]
    if math.isnan(expected):
        assert math.isnan(value)
    else:
        assert value == expected


def test_yo_is_read_as_ye(make_responses, write_study):
    text = (
        "response_scales:\n  s:\n    points:\n      1: [Всё равно]\n      2: [Важно]\n"
    )
    text += "items:\n  q: {column: Q, scale: s}\n"
    scored = score_quietly(
        make_responses({"Q": ["Все равно"]}), load_study(write_study(text))
    )

    assert scored.items["q"].iloc[0] == 1.0


def test_unknown_labels_raise_one_error(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          q1: {column: Q1, scale: agree5}
          q2: {column: Q2, scale: agree5}
        """,
    )
    responses = make_responses(
        {
            "Q1": ["Agree", "Agre", "Agre", "Agre", "Agre", "Totally", None],
            "Q2": ["Agree", "Agree", "Agree", "Agree", "Agree", "Agre", "6"],
        }
    )
    with pytest.raises(ScoringError) as caught:
        score_responses(responses, study)

    assert str(caught.value) == (
        "export.csv: 4 labels (7 answers) are not in their response scale. Add each "
        "label to its scale's points, synonyms or missing in study.yaml:\n"
        '- "Agre": 4 answers in column "Q1" (scale agree5), rows 3, 4, 5 and 1 more\n'
        '- "Totally": 1 answer in column "Q1" (scale agree5), row 7\n'
        '- "Agre": 1 answer in column "Q2" (scale agree5), row 7\n'
        '- "6": 1 answer in column "Q2" (scale agree5), row 8'
    )


def test_unknown_labels_show_at_most_twenty(make_responses, write_study):
    study = load(write_study, "items:\n  q1: {column: Q1, scale: agree5}\n")
    answers = [f"label {number}" for number in range(25)]
    with pytest.raises(ScoringError) as caught:
        score_responses(make_responses({"Q1": answers}), study)

    message = str(caught.value)
    assert message.startswith("export.csv: 25 labels (25 answers) are not in")
    assert message.endswith("- and 5 more labels")
    assert message.count('in column "Q1"') == 20
    assert "- and 5 more labels" in message


def test_text_in_numeric_item(make_responses, write_study):
    study = load(write_study, "items:\n  age: {column: Возраст, range: [17, 30]}\n")
    responses = make_responses({"Возраст": ["19", "двадцать", "abc"]})
    with pytest.raises(ScoringError) as caught:
        score_responses(responses, study)

    error = caught.value
    assert error.file == "export.csv"
    assert error.row == 3
    assert error.column == "Возраст"
    assert error.value == "двадцать"
    assert (
        'item "age" expects numbers in 17-30, but the answer "двадцать" is text.'
    ) in str(error)
    assert "The column has 2 such answers; this is the first." in str(error)


def test_out_of_range_number(make_responses, write_study):
    study = load(write_study, "items:\n  age: {column: Возраст, range: [17, 30]}\n")
    with pytest.raises(ScoringError) as caught:
        score_responses(make_responses({"Возраст": ["19", "31"]}), study)

    error = caught.value
    assert error.row == 3
    assert error.value == "31"
    assert 'is outside the range 17-30 of item "age"' in str(error)


def test_decimal_comma_numbers(make_responses, write_study):
    study = load(write_study, "items:\n  gpa: {column: GPA, range: [0, 4]}\n")
    responses = make_responses({"GPA": ["3,5", "2"]}, decimal=",")
    scored = score_quietly(responses, study)

    assert scored.items["gpa"].tolist() == [3.5, 2.0]


def test_reverse_keying_uses_scale_points(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          q1: {column: Q1, scale: agree5, reverse: true}
          q2: {column: Q2, range: [1, 7]}
        scales:
          s: {items: [q1, -q2]}
        """,
    )
    responses = make_responses({"Q1": ["Agree", "Strongly disagree"], "Q2": ["2", "7"]})
    scored = score_quietly(responses, study)

    # agree5 runs from 1 to 5, so a reversed 4 is 1 + 5 - 4 = 2 and a reversed 1 is 5.
    assert scored.items["q1"].tolist() == [2.0, 5.0]
    assert scored.item_answers["q1"].tolist() == [4.0, 1.0]
    # range [1, 7]: a reversed 2 is 1 + 7 - 2 = 6 and a reversed 7 is 1.
    assert scored.items["q2"].tolist() == [6.0, 1.0]
    assert scored.scores["s"].tolist() == [4.0, 3.0]
    assert scored.reversed_items == {"s": {"q1", "q2"}}
    assert scored.item_ranges == {"q2": (1.0, 7.0)}
    assert scored.scale_items == {"s": ["q1", "q2"]}


def test_reverse_numeric_item_without_range_quick_mode(make_responses):
    study = study_from_options(
        name="x",
        scales=["s=-A1,A2"],
        value_range=None,
        groups=[],
        id_column=None,
        missing=None,
    )
    responses = make_responses({"A1": ["1", "2"], "A2": ["3", "4"]})
    with pytest.raises(CodebookError) as caught:
        score_responses(responses, study)

    assert 'item "A1" (column "A1") is reverse-keyed' in str(caught.value)
    assert "Pass --range MIN-MAX" in str(caught.value)


def test_reverse_numeric_item_without_range_study_file(make_responses, write_study):
    study = load(write_study, "items:\n  q1: {column: Q1, reverse: true}\n")
    with pytest.raises(CodebookError) as caught:
        score_responses(make_responses({"Q1": ["1", "2"]}), study)

    assert caught.value.line == 15
    assert 'Declare range: [min, max] for item "q1".' in str(caught.value)


SCALE_OF_FOUR = """\
items:
  a: {column: A, range: [1, 5]}
  b: {column: B, range: [1, 5]}
  c: {column: C, range: [1, 5]}
  d: {column: D, range: [1, 5]}
scales:
  share:
    items: [a, b, c, d]
    min_answered: 0.75
  count:
    items: [a, b, c, d]
    min_answered: 2
  every:
    items: [a, b, c, d]
  total:
    items: [a, b, c, d]
    score: sum
    min_answered: 0.5
"""


def test_scale_scores_min_answered(make_responses, write_study):
    study = load(write_study, SCALE_OF_FOUR)
    responses = make_responses(
        {
            "A": ["4", "4", "4", "4"],
            "B": ["2", "2", "2", None],
            "C": ["3", "3", None, None],
            "D": ["5", None, None, None],
        }
    )
    scored = score_quietly(responses, study)
    scores = scored.scores

    # Respondent 1 answered 4 of 4: mean (4 + 2 + 3 + 5) / 4 = 3.5.
    # Respondent 2 answered 3 of 4 (75%): mean (4 + 2 + 3) / 3 = 3.0.
    # Respondent 3 answered 2 of 4 (50%): mean (4 + 2) / 2 = 3.0.
    # Respondent 4 answered 1 of 4 (25%).
    # share 0.75 of 4 items needs ceil(3.0) = 3 answered items.
    assert scores["share"].iloc[:2].tolist() == [3.5, 3.0]
    assert scores["share"].iloc[2:].isna().all()
    # count 2 needs 2 answered items.
    assert scores["count"].iloc[:3].tolist() == [3.5, 3.0, 3.0]
    assert math.isnan(scores["count"].iloc[3])
    # No min_answered: all 4 items.
    assert scores["every"].iloc[0] == 3.5
    assert scores["every"].iloc[1:].isna().all()
    # sum = mean x 4 items: 3.5 x 4 = 14, 3.0 x 4 = 12 (not the raw sum 9), 3.0 x 4.
    assert scores["total"].iloc[:3].tolist() == [14.0, 12.0, 12.0]
    assert math.isnan(scores["total"].iloc[3])
    assert scored.quality["scores_missing"] == {
        "share": 2,
        "count": 1,
        "every": 3,
        "total": 1,
    }


def test_scale_without_score_warns(make_responses, write_study):
    study = load(write_study, SCALE_OF_FOUR)
    responses = make_responses(
        {"A": ["4", "4"], "B": ["2", "2"], "C": ["3", None], "D": ["5", None]}
    )
    with pytest.warns(SurveyWarning) as record:
        scored = score_responses(responses, study)
    messages = [str(warning.message) for warning in record]

    assert any('Scale "share": no score for 1 of 2' in text for text in messages)
    assert any('Scale "every": no score for 1 of 2' in text for text in messages)
    assert scored.warnings == messages


def test_levels_cut_goes_to_upper_level(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          a: {column: A, range: [1, 5]}
        scales:
          s:
            items: [a]
            levels: {cuts: [2.5, 3.5], labels: [low, medium, high]}
        """,
    )
    responses = make_responses({"A": ["2", "2.5", "3", "3.5", "5", None]})
    scored = score_quietly(responses, study)
    levels = scored.levels["s"]

    assert levels.tolist()[:5] == ["low", "medium", "medium", "high", "high"]
    assert pd.isna(levels.iloc[5])
    assert levels.cat.ordered
    assert levels.cat.categories.tolist() == ["low", "medium", "high"]


def test_levels_keep_empty_levels(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          a: {column: A, range: [1, 5]}
        scales:
          s:
            items: [a]
            levels: {cuts: [2.5, 3.5], labels: [low, medium, high]}
        """,
    )
    scored = score_quietly(make_responses({"A": ["5", "4"]}), study)

    assert scored.levels["s"].value_counts(sort=False).tolist() == [0, 0, 2]


def test_groups_map_order_and_frequency(make_responses, write_study):
    study = load(
        write_study,
        """\
        groups:
          specialty:
            column: Специальность
            order: [General Medicine, Dentistry]
            map: {Общая медицина: General Medicine}
        """,
    )
    responses = make_responses(
        {
            "Специальность": [
                "Pharmacy",
                "Pediatrics",
                "Общая медицина",
                "Pediatrics",
                "general medicine",
                None,
            ]
        }
    )
    group = score_quietly(responses, study).groups["specialty"]

    # Listed values first, then the others by frequency: Pediatrics (2), Pharmacy (1).
    assert group.cat.categories.tolist() == [
        "General Medicine",
        "Dentistry",
        "Pediatrics",
        "Pharmacy",
    ]
    assert group.cat.ordered
    assert group.tolist()[:5] == [
        "Pharmacy",
        "Pediatrics",
        "General Medicine",
        "Pediatrics",
        "General Medicine",
    ]
    assert pd.isna(group.iloc[5])


def test_groups_numeric_cuts_make_bands(make_responses, write_study):
    study = load(
        write_study,
        """\
        groups:
          age_band:
            column: Возраст
            cuts: [20, 23]
            labels: ["17-19", "20-22", "23+"]
        """,
    )
    responses = make_responses({"Возраст": ["19", "20", "22", "23", "30"]})
    band = score_quietly(responses, study).groups["age_band"]

    assert band.tolist() == ["17-19", "20-22", "20-22", "23+", "23+"]
    assert band.cat.categories.tolist() == ["17-19", "20-22", "23+"]


def test_group_cuts_reject_text(make_responses, write_study):
    study = load(
        write_study,
        "groups:\n  age: {column: Возраст, cuts: [20], labels: [young, older]}\n",
    )
    with pytest.raises(ScoringError) as caught:
        score_responses(make_responses({"Возраст": ["19", "двадцать"]}), study)

    assert caught.value.row == 3
    assert caught.value.value == "двадцать"


TIMESTAMPS = [
    "2024-03-01 10:00",
    "2024-03-01 09:00",
    "2024-03-02 08:00",
    "2024-03-01 11:00",
]


def duplicate_export(make_responses):
    return make_responses(
        {
            "Timestamp": TIMESTAMPS,
            "student_id": [" s1", "s2", "s1 ", "s1"],
            "A": ["1", "2", "3", "4"],
        },
        kinds={"Timestamp": "timestamp"},
    )


@pytest.mark.parametrize(
    ("rule", "kept_row", "dropped_rows", "value"),
    [
        # s1 was submitted at rows 2 (10:00), 4 (next day) and 5 (11:00).
        ("keep-latest", 4, [2, 5], 3.0),
        ("keep-first", 2, [4, 5], 1.0),
    ],
)
def test_duplicates_by_timestamp(
    make_responses, write_study, rule, kept_row, dropped_rows, value
):
    study = load(
        write_study,
        f"""\
        input: {{id: student_id, duplicates: {rule}}}
        items:
          a: {{column: A, range: [1, 5]}}
        """,
    )
    scored = score_quietly(duplicate_export(make_responses), study)

    assert scored.respondents.loc["s1", "row"] == kept_row
    assert scored.items.loc["s1", "a"] == value
    assert sorted(scored.duplicates["row"].tolist()) == dropped_rows
    assert scored.duplicates["kept_row"].tolist() == [kept_row, kept_row]
    assert set(scored.duplicates["rule"]) == {rule}
    assert scored.quality["duplicates_removed"] == 2
    assert scored.quality["respondents"] == 2


def test_duplicates_keep_latest_without_timestamp(make_responses, write_study):
    study = load(write_study, "input: {id: student_id}\n")
    responses = make_responses({"student_id": ["s1", "s2", "s1"], "A": ["1", "2", "3"]})
    scored = score_quietly(responses, study)

    assert scored.respondents.loc["s1", "row"] == 4
    assert scored.respondents.index.tolist() == ["s2", "s1"]


def test_duplicates_error_lists_ids_and_rows(make_responses, write_study):
    study = load(write_study, "input: {id: student_id, duplicates: error}\n")
    with pytest.raises(ScoringError) as caught:
        score_responses(duplicate_export(make_responses), study)

    assert str(caught.value) == (
        'export.csv, column "student_id": 1 id has more than one submission. '
        "Remove the extra submissions, or choose which one counts with "
        "input.duplicates: keep-latest or keep-first:\n"
        '- "s1": rows 2, 4, 5'
    )


def test_without_id_every_row_is_a_respondent(make_responses, write_study):
    study = load(write_study, "items:\n  a: {column: A, range: [1, 5]}\n")
    scored = score_quietly(make_responses({"A": ["1", "1", "2"]}), study)

    assert scored.respondents.index.tolist() == [2, 3, 4]
    assert scored.respondents["row"].tolist() == [2, 3, 4]
    assert scored.duplicates.empty


def test_email_id_becomes_pseudonym(make_responses, write_study):
    study = load(
        write_study,
        """\
        input: {id: Email Address}
        items:
          a: {column: A, range: [1, 5]}
        groups:
          g: {column: G}
        """,
    )
    responses = make_responses(
        {
            "Email Address": ["ann@example.org", "bob@example.org", "ann@example.org"],
            "ФИО": ["Ann A", "Bob B", "Ann A"],
            "A": ["1", "2", "3"],
            "G": ["x", "y", "x"],
        },
        kinds={"Email Address": "email"},
    )
    scored = score_quietly(responses, study)
    text = "\n".join(
        [
            scored.respondents.to_csv(),
            scored.items.to_csv(),
            scored.duplicates.to_csv(),
            repr(scored.groups),
            repr(scored.labels),
            repr(scored.quality),
        ]
    )

    assert scored.respondents.index.tolist() == ["R0001", "R0002"]
    assert scored.duplicates["key"].tolist() == ["R0002"]
    assert "example.org" not in text
    assert "Ann A" not in text


def test_declared_identifier_used_as_group(make_responses, write_study):
    study = load(
        write_study,
        "input: {identifiers: [ФИО]}\ngroups:\n  name: {column: ФИО}\n",
    )
    with pytest.raises(CodebookError) as caught:
        score_responses(make_responses({"ФИО": ["Ann"]}), study)

    assert 'column "ФИО" is listed under input.identifiers' in str(caught.value)
    assert 'also group "name"' in str(caught.value)


def test_missing_column_suggests_close_headers(make_responses, write_study):
    study = load(
        write_study,
        "items:\n  cog1: {column: Я понимаю ответственность, scale: agree5}\n",
    )
    responses = make_responses(
        {"Я понимаю  ответственность врача": ["Agree"], "Возраст": ["20"]}
    )
    with pytest.raises(CodebookError) as caught:
        score_responses(responses, study)

    error = caught.value
    assert error.line == 15
    assert error.file.name == "study.yaml"
    assert (
        'item "cog1": column "Я понимаю ответственность" was not found in export.csv.'
        in str(error)
    )
    assert 'Close matches: "Я понимаю  ответственность врача".' in str(error)
    assert 'Fix "items.cog1.column".' in str(error)


def test_column_match_collapses_white_space_and_grid(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          q1: {column: " Оцените  утверждения [Я  знаю права пациентов] ", scale: agree5}
        """,
    )
    responses = make_responses(
        {"Оцените утверждения [Я знаю права пациентов]": ["Agree"]}
    )
    scored = score_quietly(responses, study)

    assert scored.items["q1"].tolist() == [4.0]


def test_unknown_quick_mode_column(make_responses):
    study = study_from_options(
        name="x",
        scales=["s=A1,A9"],
        value_range="1-6",
        groups=[],
        id_column=None,
        missing=None,
    )
    with pytest.raises(CodebookError) as caught:
        score_responses(make_responses({"A1": ["1"], "A2": ["2"]}), study)

    assert 'item "A9": column "A9" was not found in export.csv.' in str(caught.value)
    assert caught.value.line is None


def test_pattern_items_expand_into_scale(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          sr:
            match: "^SR(\\\\d+)$"
            id: "sr{1}"
            scale: agree5
        scales:
          all: {items: [sr]}
          pair: {items: [sr1, -sr2]}
        """,
    )
    responses = make_responses(
        {"SR1": ["Agree"], "SR2": ["Disagree"], "SR10": ["Neutral"], "Other": ["x"]}
    )
    scored = score_quietly(responses, study)

    assert scored.items.columns.tolist() == ["sr1", "sr2", "sr10"]
    # sr2 is reversed in "pair", so it is reversed everywhere: 1 + 5 - 2 = 4.
    assert scored.items["sr2"].tolist() == [4.0]
    assert scored.scores["all"].tolist() == [(4.0 + 4.0 + 3.0) / 3]
    assert scored.scores["pair"].tolist() == [4.0]


def test_pattern_scale_entry_not_created(make_responses, write_study):
    study = load(
        write_study,
        """\
        items:
          sr:
            match: "^SR(\\\\d+)$"
            id: "sr{1}"
            scale: agree5
        scales:
          pair: {items: [sr1, sr7]}
        """,
    )
    with pytest.raises(CodebookError) as caught:
        score_responses(make_responses({"SR1": ["Agree"]}), study)

    assert 'scale "pair" lists item "sr7", which no column' in str(caught.value)


def test_single_and_multi_questions(make_responses, write_study):
    study = load(
        write_study,
        """\
        questions:
          media:
            column: Media
            options: [Интернет, Телевидение, Радио]
          networks:
            column: Networks
            type: multi
            options: [Telegram, "Instagram, Threads", TikTok]
            other: true
        """,
    )
    responses = make_responses(
        {
            "Media": ["Радио", "Интернет", "Газеты", None],
            "Networks": ["Telegram, Instagram, Threads", "TikTok, VK", None, "VK"],
        }
    )
    scored = score_quietly(responses, study)
    media = scored.single["media"]
    networks = scored.multi["networks"]

    assert media.cat.categories.tolist() == [
        "Интернет",
        "Телевидение",
        "Радио",
        "Газеты",
    ]
    assert media.tolist()[:3] == ["Радио", "Интернет", "Газеты"]
    assert networks["Instagram, Threads"].tolist() == [True, False, False, False]
    assert networks["Telegram"].tolist() == [True, False, False, False]
    assert networks["TikTok"].tolist() == [False, True, False, False]
    assert networks["Other"].tolist() == [False, True, False, True]
    assert scored.multi_answered["networks"].tolist() == [True, True, False, True]


def test_multi_unknown_option_without_other(make_responses, write_study):
    study = load(
        write_study,
        "questions:\n  n: {column: N, type: multi, options: [Telegram, TikTok]}\n",
    )
    with pytest.raises(ScoringError) as caught:
        score_responses(make_responses({"N": ["Telegram, VK", "VK"]}), study)

    assert 'question "n" has answers outside its options: "VK" (2 answers).' in str(
        caught.value
    )


def test_point_labels_in_study_language(make_responses, write_study):
    text = MIXED_SCALE.replace(
        "response_scales:", "study: {language: kk}\nresponse_scales:"
    )
    text += "items:\n  q1: {column: Q1, scale: agree5}\n"
    scored = score_quietly(
        make_responses({"Q1": ["Agree"]}), load_study(write_study(text))
    )

    assert scored.point_labels["agree5"][1.0] == "Мүлдем келіспеймін"
    assert scored.point_labels["agree5"][5.0] == "Толық келісемін"
    assert scored.item_scales == {"q1": "agree5"}


def test_quick_mode_item_with_built_in_labels(make_responses):
    study = study_from_options(
        name="x",
        scales=["s=Q1,-Q2"],
        value_range=None,
        groups=[],
        id_column=None,
        missing=None,
    )
    responses = make_responses(
        {"Q1": ["Согласна", "Полностью согласен"], "Q2": ["Не согласен", "Нейтрально"]}
    )
    scored = score_quietly(responses, study)

    # Built-in 5-point agreement set: Согласна = 4, Полностью согласен = 5;
    # Q2 reversed: 1 + 5 - 2 = 4 and 1 + 5 - 3 = 3.
    assert scored.items["Q1"].tolist() == [4.0, 5.0]
    assert scored.items["Q2"].tolist() == [4.0, 3.0]
    assert scored.item_scales["Q1"] == "agree5"


def test_bfi_agreeableness_quick_mode(make_responses):
    data = pd.read_csv(DATA / "bfi.csv", nrows=3, dtype=str, keep_default_na=False)
    responses = make_responses({column: data[column].tolist() for column in data})
    # Keys from the psych bfi help page (psych 1.0-58 example):
    # keys.list <- list(agree = c(-1, 2:5), ...), so A1 is reverse-keyed; the items
    # use a 6-point scale, so a reversed answer is 7 - x.
    study = study_from_options(
        name="bfi",
        scales=["agreeableness=-A1,A2,A3,A4,A5"],
        value_range="1-6",
        groups=["gender"],
        id_column=None,
        missing=None,
    )
    scored = score_quietly(responses, study)

    # bfi.csv rows 2-4: A1..A5 = 2,4,3,4,4 / 2,4,5,2,5 / 5,4,5,4,4.
    # Means after 7 - A1: (5+4+3+4+4)/5 = 4.0, (5+4+5+2+5)/5 = 4.2, (2+4+5+4+4)/5 = 3.8.
    assert scored.scores["agreeableness"].round(10).tolist() == [4.0, 4.2, 3.8]
    assert scored.item_answers["A1"].tolist() == [2.0, 2.0, 5.0]
    assert scored.groups["gender"].tolist() == ["1", "2", "2"]
