"""Tests of the study-file draft that ``srsurvey init`` writes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml

from srsurvey.codebook import load_study, score_responses
from srsurvey.codebook.draft import draft_study, write_study_file, yaml_scalar
from srsurvey.errors import OutputError
from srsurvey.readers import read_export

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
