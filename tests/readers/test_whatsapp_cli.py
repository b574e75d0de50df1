"""Tests of ``srsurvey whatsapp``: output files, secret key file and privacy."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from srsurvey.cli import run

DATA = Path(__file__).resolve().parents[1] / "data" / "whatsapp"

# Every name and phone number of the fixture chats, in the spellings they appear.
IDENTIFIERS = [
    "Айгерим",
    "Нурланова",
    "Данияр",
    "Ахметов",
    "700 000 00",
    "7700000",
    "Emma",
    "Stone",
    "Brook",
    "Liam",
    "Park",
    "Olivia",
    "Reed",
    "Noah",
]


# Every name part and phone number of android_ru_group.txt, in the folded form
# that output_text returns, including the stems of the inflected forms.
GROUP_IDENTIFIERS = [
    "айгерим",
    "айгерім",
    "серикова",
    "сериков",
    "нурлан",
    "нұрлан",
    "абенов",
    "+7 701 234 56 78",
    "701 234 56 78",
    "7012345678",
    "77012345678",
    "234 56 78",
]


def output_text(path: Path) -> str | None:
    """Return the text of an output file, with every cell of a workbook.

    PNG charts carry no text and give None. The text is casefolded.
    """
    if path.suffix == ".png":
        return None
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True)
        cells = [
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        workbook.close()
        return "\n".join(cells).casefold()
    return path.read_text(encoding="utf-8-sig").casefold()


@pytest.fixture
def chats(tmp_path) -> list[Path]:
    folder = tmp_path / "chats"
    folder.mkdir()
    names = ["android_ru.txt", "ios_en.txt", "android_en_12h.txt"]
    for name in names:
        shutil.copy(DATA / name, folder / name)
    study = folder / "study.yaml"
    study.write_text(
        "study:\n  name: wa\nwhatsapp:\n  reply_format: pairs\n  items: [q1, q2, q3]\n",
        encoding="utf-8",
    )
    return [folder / name for name in names]


def test_command_writes_tables_and_charts(chats, tmp_path):
    out = tmp_path / "out"
    study = chats[0].parent / "study.yaml"
    code = run(["whatsapp", *map(str, chats), "--study", str(study), "--out", str(out)])
    assert code == 0
    for name in ["messages", "polls", "polls_combined", "responses", "unparsed"]:
        assert (out / "tables" / f"{name}.csv").is_file()
    assert (out / "report.html").is_file()
    assert (out / "figures" / "poll-1.svg").is_file()
    assert "tables.xlsx" in (out / "report.html").read_text(encoding="utf-8")
    workbook = load_workbook(out / "tables.xlsx", read_only=True)
    assert workbook.sheetnames == [
        "messages",
        "polls",
        "polls_combined",
        "responses",
        "unparsed",
    ]
    workbook.close()
    polls = pd.read_csv(out / "tables" / "polls.csv")
    assert polls["votes"].tolist() == [12, 3, 0, 4, 1, 2]
    responses = pd.read_csv(out / "tables" / "responses.csv")
    assert len(responses) == 2


def test_secret_file_created_private_and_reused(chats, tmp_path):
    study = chats[0].parent / "study.yaml"
    first, second = tmp_path / "one", tmp_path / "two"
    assert (
        run(["whatsapp", str(chats[0]), "--study", str(study), "-o", str(first)]) == 0
    )
    secret = chats[0].parent / ".srsurvey-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert (
        run(["whatsapp", str(chats[0]), "--study", str(study), "-o", str(second)]) == 0
    )
    codes_one = pd.read_csv(first / "tables" / "messages.csv")["sender"]
    codes_two = pd.read_csv(second / "tables" / "messages.csv")["sender"]
    assert codes_one.dropna().tolist() == codes_two.dropna().tolist()


def test_no_identifier_reaches_any_output(chats, tmp_path):
    out = tmp_path / "out"
    study = chats[0].parent / "study.yaml"
    secret = tmp_path / "key"
    args = ["whatsapp", *map(str, chats), "--study", str(study), "-o", str(out)]
    assert run([*args, "--secret-file", str(secret)]) == 0
    files = [path for path in out.rglob("*") if path.is_file()]
    assert len(files) >= 8
    assert out / "tables.xlsx" in files
    for path in files:
        content = output_text(path)
        if content is None:
            continue
        for identifier in IDENTIFIERS:
            assert identifier.casefold() not in content, f"{identifier!r} in {path}"


@pytest.fixture
def group_chat(tmp_path) -> Path:
    folder = tmp_path / "group"
    folder.mkdir()
    shutil.copy(DATA / "android_ru_group.txt", folder / "chat.txt")
    (folder / "study.yaml").write_text(
        "study:\n  name: wa\nwhatsapp:\n  reply_format: pairs\n  items: [q1, q2, q3]\n",
        encoding="utf-8",
    )
    return folder / "chat.txt"


def test_group_identifiers_reach_no_output(group_chat, tmp_path):
    out = tmp_path / "out"
    study = group_chat.parent / "study.yaml"
    assert (
        run(["whatsapp", str(group_chat), "--study", str(study), "-o", str(out)]) == 0
    )
    files = [path for path in out.rglob("*") if path.is_file()]
    assert out / "tables.xlsx" in files
    assert out / "report.html" in files
    for path in files:
        content = output_text(path)
        if content is None:
            continue
        for identifier in GROUP_IDENTIFIERS:
            assert identifier not in content, f"{identifier!r} in {path}"


def test_group_chat_kinds_in_messages_table(group_chat, tmp_path):
    out = tmp_path / "out"
    assert run(["whatsapp", str(group_chat), "-o", str(out)]) == 0
    messages = pd.read_csv(out / "tables" / "messages.csv").set_index("line")
    assert messages.loc[[1, 2, 3, 4, 14], "kind"].tolist() == ["system"] * 5
    assert messages.loc[[9, 10], "kind"].tolist() == ["deleted", "deleted"]
    assert messages.loc[11, "text"].startswith("Напишите P-")
    assert messages.loc[11, "text"].endswith(" если что")
    assert len(messages.loc[11, "text"].split()) == 4


def test_xlsx_sheet_matches_csv(group_chat, tmp_path):
    out = tmp_path / "out"
    study = group_chat.parent / "study.yaml"
    assert (
        run(["whatsapp", str(group_chat), "--study", str(study), "-o", str(out)]) == 0
    )
    sheet = pd.read_excel(out / "tables.xlsx", sheet_name="responses")
    table = pd.read_csv(out / "tables" / "responses.csv")
    assert sheet["respondent"].tolist() == table["respondent"].tolist()
    assert sheet["q1"].tolist() == table["q1"].tolist()
    # The phone's clock is written as it is, without a zone or a UTC shift.
    assert table["Timestamp"].tolist() == ["2024-02-28T22:16:00", "2024-02-28T22:17:00"]
    assert sheet["Timestamp"].tolist() == [
        pd.Timestamp(2024, 2, 28, 22, 16),
        pd.Timestamp(2024, 2, 28, 22, 17),
    ]


def test_keep_identifiers_keeps_names(chats, tmp_path):
    out = tmp_path / "out"
    code = run(["whatsapp", str(chats[0]), "-o", str(out), "--keep-identifiers"])
    assert code == 0
    messages = pd.read_csv(out / "tables" / "messages.csv")
    assert "Данияр Ахметов" in messages["sender"].tolist()


def test_unreadable_chat_exits_with_error(tmp_path, capsys):
    path = tmp_path / "chat.txt"
    path.write_text("not a chat\n", encoding="utf-8")
    code = run(["whatsapp", str(path), "-o", str(tmp_path / "out")])
    assert code == 1
    assert "no WhatsApp message was found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
