"""Tests of ``srsurvey whatsapp``: output files, secret key file and privacy."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

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
    for path in files:
        if path.suffix == ".png":
            continue
        content = path.read_text(encoding="utf-8-sig")
        for identifier in IDENTIFIERS:
            assert identifier not in content, f"{identifier!r} in {path.name}"


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
