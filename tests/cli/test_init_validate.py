"""``srsurvey init`` drafts a study file that ``validate`` and ``analyze`` accept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from srsurvey.cli import run

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_pre.csv"
BFI = ROOT / "tests" / "data" / "bfi.csv"

NAMES = ["Aigerim Nurlanova", "Daniyar Sapar", "Olga Petrova", "John Smith"]
EMAILS = [f"person{i}@example.com" for i in range(8)]
PHONES = [f"+7 700 000 00 {i:02d}" for i in range(8)]
AGREE_EN = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
AGREE_RU = [
    "Полностью не согласен",
    "Скорее не согласна",
    "Нейтрально",
    "Скорее согласен",
    "Полностью согласна",
]
AGREE_KK = [
    "Мүлдем келіспеймін",
    "Келіспеймін",
    "Бейтарап",
    "Келісемін",
    "Толық келісемін",
]


def _write_csv(path: Path, columns: dict[str, list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(list(columns))
        writer.writerows(zip(*columns.values(), strict=True))
    return path


def _cycle(values: list[str], step: int, count: int = 8) -> list[str]:
    return [values[(step * i + 1) % len(values)] for i in range(count)]


def _fixture(kind: str, folder: Path) -> Path:
    people = {
        "Email Address": EMAILS,
        "Full name": [NAMES[i % 4] + f" {chr(65 + i)}" for i in range(8)],
        "Phone": PHONES,
    }
    if kind == "grid":
        columns = {
            f"How do you feel [{row}]": _cycle(AGREE_EN, step)
            for step, row in enumerate(["Safe", "Welcome", "Heard"], start=1)
        }
    elif kind == "multi":
        columns = {
            "Which apps do you use?": [
                "Telegram, WhatsApp",
                "Telegram",
                "WhatsApp, Instagram",
                "Telegram, Instagram",
                "Instagram",
                "Telegram, WhatsApp, Instagram",
                "WhatsApp",
                "Telegram, Threads",
            ]
        }
    elif kind == "russian":
        columns = {f"Вопрос {n}": _cycle(AGREE_RU, n + 1) for n in range(1, 4)}
        columns["Пол"] = ["Женский", "Мужской"] * 4
    elif kind == "english":
        columns = {f"Statement {n}": _cycle(AGREE_EN, n + 1) for n in range(1, 4)}
        columns["Year"] = ["1", "2", "3", "4"] * 2
    elif kind == "kazakh":
        columns = {f"Сұрақ {n}": _cycle(AGREE_KK, n + 1) for n in range(1, 4)}
        columns["Жынысы"] = ["Әйел", "Ер"] * 4
    else:
        columns = {f"Q{n}": _cycle(["1", "2", "3", "4", "5"], n) for n in range(1, 5)}
    return _write_csv(folder / f"{kind}.csv", {**people, **columns})


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    status = run(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _resolve_todos(text: str) -> str:
    """Delete the TODO comments of a draft and add the reverse keys they suggest.

    A TODO comment runs from its ``TODO:`` line to the line that ends its last
    sentence with a full stop.
    """
    lines = []
    in_todo = False
    for line in text.split("\n"):
        body = line.lstrip()
        if body.startswith("#") and "TODO:" in body:
            in_todo = True
            if "negative correlation" in body:
                lines.append(" " * (len(line) - len(body)) + "reverse: true")
        elif not in_todo:
            lines.append(line)
        if in_todo and line.endswith("."):
            in_todo = False
    return "\n".join(lines)


def _todo_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), start=1) if "TODO:" in line]


def _init_and_analyze(export: Path, tmp_path: Path, capsys) -> str:
    """Draft a study, check that validate lists its TODOs, resolve them, analyze."""
    study = tmp_path / "draft.yaml"
    status, out, err = _run(["init", str(export), "--out", str(study)], capsys)
    assert status == 0, err
    assert out.startswith(f"Study file written to {study} (")
    text = study.read_text(encoding="utf-8")
    status, out, err = _run(["validate", str(export), "--study", str(study)], capsys)
    if _todo_lines(text):
        assert status == 1, err
        assert "\nUnfinished draft: 1\n" in out
        study.write_text(_resolve_todos(text), encoding="utf-8")
        status, out, err = _run(
            ["validate", str(export), "--study", str(study)], capsys
        )
    assert status == 0, out + err
    report = tmp_path / "report"
    status, _, err = _run(
        ["analyze", str(export), "--study", str(study), "--out", str(report)]
        + ["--no-figures"],
        capsys,
    )
    assert status == 0, err
    assert (report / "report.html").is_file()
    return study.read_text(encoding="utf-8")


@pytest.mark.parametrize("export", [SAMPLE, BFI], ids=["sample_pre", "bfi"])
def test_draft_of_bundled_data_runs(export, tmp_path, capsys):
    _init_and_analyze(export, tmp_path, capsys)


def test_sample_draft_is_unfinished_until_todos_go(tmp_path, capsys):
    study = tmp_path / "draft.yaml"
    status, out, _ = _run(["init", str(SAMPLE), "--out", str(study)], capsys)
    assert status == 0
    text = study.read_text(encoding="utf-8")
    lines = _todo_lines(text)
    assert f"  {len(lines)} lines marked TODO need your decision.\n" in out
    status, out, _ = _run(["validate", str(SAMPLE), "--study", str(study)], capsys)
    assert status == 1
    shown = ", ".join(str(line) for line in lines[:-1]) + f" and {lines[-1]}"
    assert out.startswith(
        "Found 1 problem and 2 notes in sample_pre.csv with draft.yaml:\n\n"
        "Unfinished draft: 1\n"
        f"  1. draft.yaml still has {len(lines)} TODO comments (lines {shown}). "
    )

    study.write_text(_resolve_todos(text), encoding="utf-8")
    status, out, _ = _run(["validate", str(SAMPLE), "--study", str(study)], capsys)
    assert status == 0
    assert out.startswith("No problems found in sample_pre.csv with draft.yaml.\n")
    report = tmp_path / "report"
    args = ["analyze", str(SAMPLE), "--study", str(study), "--out", str(report)]
    status, _, err = _run(args + ["--no-figures"], capsys)
    assert status == 0, err
    with (report / "tables" / "reliability.csv").open(encoding="utf-8-sig") as file:
        (row,) = list(csv.DictReader(file))
    assert row["scale"] == "оцените_утверждения"
    assert row["n_items"] == "15"
    assert float(row["alpha"]) > 0.7
    assert float(row["omega_total"]) > 0.7
    # min_answered: 0.8 needs 12 of the 15 items. Without it, 74 of the 200
    # respondents, who skipped at least one item, had no score.
    assert "no score for 2 of 200 respondents" in err


@pytest.mark.parametrize(
    "kind", ["grid", "multi", "russian", "english", "kazakh", "numeric"]
)
def test_draft_of_fixture_runs(kind, tmp_path, capsys):
    text = _init_and_analyze(_fixture(kind, tmp_path), tmp_path, capsys)
    for value in NAMES + EMAILS + PHONES:
        assert value not in text


def test_draft_of_study_is_reused_by_analyze_without_export(tmp_path, capsys):
    export = _fixture("grid", tmp_path)
    study = tmp_path / "draft.yaml"
    assert _run(["init", str(export), "--out", str(study)], capsys)[0] == 0
    report = tmp_path / "report"
    status, _, err = _run(
        ["analyze", "--study", str(study), "--out", str(report), "--no-figures"],
        capsys,
    )
    assert status == 0, err


def test_init_does_not_overwrite(tmp_path, capsys):
    export = _fixture("numeric", tmp_path)
    study = tmp_path / "study.yaml"
    study.write_text("old", encoding="utf-8")
    status, out, err = _run(["init", str(export), "--out", str(study)], capsys)
    assert status == 1
    assert out == ""
    assert err == (
        "Error: study.yaml: the file already exists, so it was not replaced. Pass "
        "--force to replace it, or choose another file with --out.\n"
    )
    assert study.read_text(encoding="utf-8") == "old"
    status, _, _ = _run(["init", str(export), "--out", str(study), "--force"], capsys)
    assert status == 0
    assert study.read_text(encoding="utf-8").startswith("# Study file drafted")


def test_init_missing_export(tmp_path, capsys):
    status, _, err = _run(
        ["init", str(tmp_path / "nowhere.csv"), "--out", str(tmp_path / "s.yaml")],
        capsys,
    )
    assert status == 1
    assert err.startswith("Error: ")
    assert "not found" in err
    assert not (tmp_path / "s.yaml").exists()


def test_validate_clean_output(tmp_path, capsys):
    export = _write_csv(tmp_path / "clean.csv", {"Q1": ["1", "2", "3"]})
    study = tmp_path / "study.yaml"
    study.write_text("items:\n  q1: {column: Q1, range: [1, 5]}\n", encoding="utf-8")
    status, out, _ = _run(["validate", str(export), "--study", str(study)], capsys)
    assert status == 0
    assert out == "No problems found in clean.csv with study.yaml.\n"


def test_validate_lists_problems_by_kind(tmp_path, capsys):
    export = _write_csv(
        tmp_path / "bad.csv",
        {"Q1": ["1", "7", "x"], "Q2": ["Agree", "Yes", "Yes"], "Note": ["a", "", ""]},
    )
    study = tmp_path / "study.yaml"
    study.write_text(
        "response_scales:\n  agree:\n    points: {1: Disagree, 2: Agree}\n"
        "items:\n  q1: {column: Q1, range: [1, 5]}\n  q2: {column: Q2, scale: agree}\n",
        encoding="utf-8",
    )
    status, out, _ = _run(["validate", str(export), "--study", str(study)], capsys)
    assert status == 1
    assert out == (
        "Found 3 problems and 1 note in bad.csv with study.yaml:\n"
        "\n"
        "Unmapped labels: 1\n"
        '  1. "Yes": 2 answers in column "Q2" are not in response scale "agree", '
        "rows 3, 4. Add it to the points, synonyms or missing of response scale "
        '"agree" in study.yaml.\n'
        "\n"
        "Text in numeric items: 1\n"
        '  2. item "q1" (column "Q1") expects numbers, but 1 answer is text: "x" '
        "(row 4). Correct them, add them to missing, or give the item a response "
        "scale that lists them.\n"
        "\n"
        "Values out of range: 1\n"
        '  3. item "q1" (column "Q1"): 1 answer outside the range 1-5: "7" (row 3). '
        "Correct them, add them to missing, or widen the item's range.\n"
        "\n"
        "Columns the study does not use (information): 1\n"
        '  - column "Note" (1 answer) is not used by the study. Declare it as an '
        "item, group or question to analyse it.\n"
    )


def test_validate_max_problems(tmp_path, capsys):
    export = _write_csv(tmp_path / "bad.csv", {"Q1": ["a", "b", "c"]})
    study = tmp_path / "study.yaml"
    study.write_text(
        "response_scales:\n  agree:\n    points: {1: Disagree, 2: Agree}\n"
        "items:\n  q1: {column: Q1, scale: agree}\n",
        encoding="utf-8",
    )
    args = ["validate", str(export), "--study", str(study), "--max-problems", "2"]
    status, out, _ = _run(args, capsys)
    assert status == 1
    assert "Not shown: 1\n  2. 2 more problems are not shown: 2 unmapped labels." in out


def test_validate_never_prints_personal_data(tmp_path, capsys):
    export = _fixture("english", tmp_path)
    study = tmp_path / "study.yaml"
    study.write_text(
        "response_scales:\n  agree:\n    points: {1: Disagree, 2: Agree}\n"
        "items:\n  mail: {column: Email Address, scale: agree}\n"
        "groups:\n  who: {column: Full name}\n",
        encoding="utf-8",
    )
    status, out, _ = _run(["validate", str(export), "--study", str(study)], capsys)
    assert status == 1
    assert 'column "Email Address" contains e-mail addresses' in out
    assert 'column "Phone" contains phone numbers but is not listed' in out
    for value in NAMES + EMAILS + PHONES:
        assert value not in out


def test_validate_needs_study(tmp_path, capsys):
    export = _write_csv(tmp_path / "a.csv", {"Q1": ["1", "2"]})
    status, _, err = _run(["validate", str(export)], capsys)
    assert status == 2
    assert "--study" in err
