"""Tests of the study-file draft that ``srsurvey init`` writes."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from srsurvey.codebook import load_study, score_responses
from srsurvey.codebook.draft import draft_study, write_study_file, yaml_scalar
from srsurvey.codebook.labelsets import LABEL_SETS
from srsurvey.errors import OutputError
from srsurvey.readers import read_export
from srsurvey.stats.reliability import reliability

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_pre.csv"
BFI = ROOT / "tests" / "data" / "bfi.csv"

AGREE_EN = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
AGREE_KK = [
    "Мүлдем келіспеймін",
    "Келіспеймін",
    "Бейтарап",
    "Келісемін",
    "Толық келісемін",
]


def _draft(tmp_path: Path, export: Path):
    """Draft a study for ``export``, write it beside it and load it back."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        responses = read_export(export)
    draft = draft_study(responses, name=export.stem, files=[str(export)])
    path = write_study_file(draft.text, tmp_path / "draft.yaml")
    return responses, draft, load_study(path)


def _flat(text: str) -> str:
    """Join the lines of a YAML text, so that wrapped comments read as one line."""
    return " ".join(line.strip().removeprefix("# ") for line in text.splitlines())


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    "text",
    [
        "Курс",
        "Title: with colon",
        "has # hash",
        'quote " inside',
        " leading space",
        "yes",
        "1",
        "a, b",
        "[bracket]",
        "line\nbreak",
        "back\\slash",
        "",
        "null",
    ],
)
def test_yaml_scalar_round_trip(text):
    assert yaml.safe_load(f"key: {yaml_scalar(text)}") == {"key": text}
    assert yaml.safe_load(f"key: [{yaml_scalar(text, in_flow=True)}]") == {
        "key": [text]
    }


def test_sample_draft_loads_and_scores(tmp_path):
    responses, _, study = _draft(tmp_path, SAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scored = score_responses(responses, study)
    assert study.id_column == "Номер студенческого билета"
    assert study.identifiers == ["Адрес электронной почты", "ФИО"]
    assert len(scored.items.columns) == 16
    assert len(scored.respondents) == 200


def test_sample_grid_scale_orders_by_meaning(tmp_path):
    _, _, study = _draft(tmp_path, SAMPLE)
    scale = study.response_scales["оцените_утверждения"]
    assert scale.points[1.0][0] == "Полностью не согласен"
    assert "Strongly disagree" in scale.points[1.0]
    assert "Полностью не согласна" in scale.points[1.0]
    assert scale.points[3.0] == ["Нейтрально", "Neutral"]
    assert scale.points[5.0][0] == "Полностью согласен"
    grid_scale = study.scales["оцените_утверждения"]
    assert len(grid_scale.items) == 15


def test_sample_groups_and_questions(tmp_path):
    _, draft, study = _draft(tmp_path, SAMPLE)
    assert list(study.groups) == ["Специальность", "Курс", "Пол", "Группа"]
    assert study.groups["Курс"].order == ["1", "2", "3", "4", "5"]
    assert study.groups["Пол"].order == ["Женский", "Мужской", "Female", "Male"]
    networks = study.questions["какими_социальными_сетями_вы"]
    assert networks.type == "multi"
    assert "Не пользуюсь, только мессенджеры" in networks.options
    assert networks.other is True
    assert study.questions["какие_сми_для_вас_наиболее"].type == "single"
    assert study.missing == ["Затрудняюсь ответить", "Hard to say", "Не знаю"]
    assert "TODO: the answers are in more than one language" in draft.text


def test_sample_draft_hides_personal_data(tmp_path):
    responses, draft, _ = _draft(tmp_path, SAMPLE)
    for column in ["Адрес электронной почты", "ФИО"]:
        for value in responses.data[column].dropna().unique():
            assert str(value) not in draft.text


def test_bfi_numeric_items_and_groups(tmp_path):
    _, draft, study = _draft(tmp_path, BFI)
    assert study.items["A1"].range == (1.0, 6.0)
    assert study.items["age"].range == (3.0, 86.0)
    assert list(study.groups) == ["gender", "education"]
    assert study.id_column is None
    assert "TODO: the numeric items A1, A2, A3, A4, A5 and 21 more" in draft.text


@pytest.mark.parametrize(
    ("labels", "set_name"),
    [
        (AGREE_EN, "agree5"),
        (AGREE_KK, "agree5"),
        (AGREE_EN[:2] + AGREE_EN[3:], "agree4"),
    ],
)
def test_likert_items_use_label_set(tmp_path, labels, set_name):
    # Answers in an order that is neither alphabetical nor by meaning.
    answers = [labels[(3 * i + 1) % len(labels)] for i in range(12)]
    export = _write_csv(
        tmp_path / "likert.csv",
        ["Q1", "Q2"],
        [[answer, answers[-1 - i]] for i, answer in enumerate(answers)],
    )
    _, draft, study = _draft(tmp_path, export)
    scale = study.response_scales[set_name]
    ordered = [labels_at[0] for _, labels_at in sorted(scale.points.items())]
    assert ordered == labels
    assert study.items["Q1"].scale == set_name
    assert "TODO: the items on" in draft.text


def test_unknown_labels_get_todo_in_frequency_order(tmp_path):
    answers = ["Bad"] * 2 + ["Great"] * 5 + ["Fine"] * 3
    export = _write_csv(
        tmp_path / "grid.csv",
        ["Rate [Food]", "Rate [Room]"],
        [[answer, answer] for answer in answers],
    )
    _, draft, study = _draft(tmp_path, export)
    scale = study.response_scales["rate"]
    assert scale.points == {1.0: ["Great"], 2.0: ["Fine"], 3.0: ["Bad"]}
    assert "# TODO: order these labels from lowest to highest" in draft.text


def test_yes_no_becomes_single_question(tmp_path):
    answers = ["Да", "Нет", "Да", "Да", "Нет", "Да"]
    export = _write_csv(
        tmp_path / "yes.csv", ["Вы волонтёр?"], [[answer] for answer in answers]
    )
    _, _, study = _draft(tmp_path, export)
    question = next(iter(study.questions.values()))
    assert question.type == "single"
    assert question.options == ["Нет", "Да"]


def test_open_text_is_left_out(tmp_path):
    answers = [f"Answer number {i} about the course" for i in range(25)]
    export = _write_csv(
        tmp_path / "open.csv", ["What would you change?"], [[a] for a in answers]
    )
    _, draft, study = _draft(tmp_path, export)
    assert study.questions == {}
    assert "looks like open text (25 answers)" in draft.text


def test_student_id_with_header_becomes_id(tmp_path):
    rows = [[f"{1000 + i}", str(i % 5 + 1)] for i in range(10)]
    export = _write_csv(tmp_path / "ids.csv", ["Student ID", "Q1"], rows)
    _, draft, study = _draft(tmp_path, export)
    assert study.id_column == "Student ID"
    assert "Its values are unique, so each row is one respondent." in _flat(draft.text)


def test_unique_numbers_without_id_header_stay_items(tmp_path):
    rows = [[f"{10 + i}"] for i in range(10)]
    export = _write_csv(tmp_path / "hours.csv", ["Hours of sleep per week"], rows)
    _, _, study = _draft(tmp_path, export)
    assert study.id_column is None
    assert list(study.items) == ["hours_of_sleep_per_week"]


def test_write_rejects_existing_file(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists") as raised:
        write_study_file("new", path)
    assert raised.value.file == path
    assert path.read_text(encoding="utf-8") == "old"


def test_write_force_replaces_without_leftovers(tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("old", encoding="utf-8")
    write_study_file("new", path, force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.yaml"]


def test_write_rejects_folder_and_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        write_study_file("x", tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        write_study_file("x", tmp_path / "nowhere" / "study.yaml")


def _item_block(text: str, item_id: str) -> list[str]:
    """Return the lines of one entry under ``items:`` in a draft."""
    lines = text.split("\n")
    start = lines.index(f"  {item_id}:") + 1
    block = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        block.append(line)
    return block


def test_sample_scale_has_min_answered(tmp_path):
    _, draft, study = _draft(tmp_path, SAMPLE)
    assert study.scales["оцените_утверждения"].min_answered == 0.8
    assert "A respondent who answered fewer than 80% of the items gets no score." in (
        _flat(draft.text)
    )


def test_sample_negative_items_get_todo(tmp_path):
    responses, draft, study = _draft(tmp_path, SAMPLE)
    grid = responses.grid_questions()["Оцените утверждения"]
    agree = LABEL_SETS["agree5"]
    scored = pd.DataFrame(
        {
            column: [agree.map(cell) for cell in responses.data[column]]
            for column in grid
        },
        dtype=float,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        item_rest = reliability(scored).items.set_index("item")["item_rest_r"]
    marked = []
    for number, column in enumerate(grid, start=1):
        item_id = f"оцените_утверждения_{number}"
        block = _flat("\n".join(_item_block(draft.text, item_id)))
        todo = (
            "TODO: negative correlation with the rest of the scale "
            f"(r = {item_rest[column]:.2f}): reverse-key it (reverse: true) if it is "
            "worded negatively."
        )
        if todo in block:
            marked.append(number)
        assert not study.items[item_id].reverse
    # The negatively worded statements of the grid, such as "Меня мало волнуют
    # проблемы других людей" (item 9).
    assert marked == [4, 5, 9, 11, 13, 15]


def test_numeric_grid_negative_item_gets_todo(tmp_path):
    rng = np.random.default_rng(7)
    level = rng.integers(1, 6, size=30)
    grid = {
        f"Rate [{row}]": np.clip(level + rng.integers(-1, 2, size=30), 1, 5)
        for row in ["Food", "Room", "Staff"]
    }
    grid["Rate [Noise]"] = 6 - np.clip(level + rng.integers(-1, 2, size=30), 1, 5)
    rows = [[str(value) for value in row] for row in zip(*grid.values())]
    export = _write_csv(tmp_path / "numbers.csv", list(grid), rows)
    _, draft, study = _draft(tmp_path, export)
    assert study.items["rate_1"].range == (1.0, 5.0)
    for item_id in ["rate_1", "rate_2", "rate_3"]:
        assert "negative correlation" not in " ".join(_item_block(draft.text, item_id))
    noise = _flat("\n".join(_item_block(draft.text, "rate_4")))
    assert "TODO: negative correlation with the rest of the scale (r = -0." in noise
    assert study.scales["rate"].min_answered == 0.8


def test_unordered_grid_labels_get_no_correlation(tmp_path):
    answers = ["Bad", "Great", "Fine", "Great", "Bad", "Fine", "Great", "Great"]
    rows = [[a, b] for a, b in zip(answers, reversed(answers))]
    export = _write_csv(tmp_path / "rate.csv", ["Rate [Food]", "Rate [Room]"], rows)
    _, draft, _ = _draft(tmp_path, export)
    assert "negative correlation" not in draft.text
    assert "mark reverse-keyed items with a leading minus" in _flat(draft.text)


@pytest.mark.parametrize(
    "answers",
    [
        # Fewer than 20 distinct answers, so only the mean length marks open text.
        ["Free time"] * 3
        + ["More volunteering projects with patients and a schedule set around exams"]
        * 3,
        # Short answers, one with a line break.
        ["Free time", "Credits", "Free time", "More projects\nand less homework"] * 2,
    ],
    ids=["long", "line_break"],
)
def test_open_text_is_commented_out(tmp_path, answers):
    header = "What would raise your social activity?"
    export = _write_csv(tmp_path / "open.csv", [header], [[a] for a in answers])
    _, draft, study = _draft(tmp_path, export)
    assert study.questions == {}
    question_id = "what_would_raise_your_social"
    assert (
        f"  # {question_id}:\n  #   column: {header}\n  #   type: single\n"
        in draft.text
    )
    assert (
        f'TODO: "{header}" looks like open text: some answers have line breaks, or '
        "the answers are longer than 40 characters on average."
    ) in _flat(draft.text)
    uncommented = draft.text.replace(
        f"  # {question_id}:\n  #   column: {header}\n  #   type: single\n",
        f"  {question_id}:\n    column: {header}\n    type: single\n",
    )
    path = write_study_file(uncommented, tmp_path / "uncommented.yaml")
    assert load_study(path).questions[question_id].column == header


def test_sample_open_text_is_commented_out(tmp_path):
    _, draft, study = _draft(tmp_path, SAMPLE)
    header = "Что могло бы повысить вашу социальную активность?"
    assert all(question.column != header for question in study.questions.values())
    assert f"  #   column: {header}\n" in draft.text
    assert f'TODO: "{header}" looks like open text' in _flat(draft.text)
