"""Chat exports are recognised by content and rejected by read_export."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from srsurvey.errors import DataFileError
from srsurvey.readers.export import is_chat_export, read_export

DATA = Path(__file__).parents[1] / "data" / "whatsapp"


@pytest.mark.parametrize(
    "name", ["android_ru.txt", "android_en_12h.txt", "ios_en.txt", "chat_kk.txt"]
)
def test_chat_text_detected(name):
    assert is_chat_export(DATA / name)


def test_chat_zip_detected(tmp_path):
    path = tmp_path / "WhatsApp Chat with 11A.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(DATA / "android_ru.txt", "WhatsApp Chat with 11A.txt")
        archive.writestr("IMG-0001.jpg", b"\xff\xd8\xff")
    assert is_chat_export(path)


@pytest.mark.parametrize(
    "content",
    [
        "Timestamp,Q1\n2024/02/28 10:00:00 PM GMT+5,4\n",
        "notes about the survey\n28.02.2024, 22:15 - Name: text\n",
        "",
    ],
)
def test_non_chat_text_not_detected(tmp_path, content):
    path = tmp_path / "file.txt"
    path.write_text(content, encoding="utf-8")
    assert not is_chat_export(path)


def test_zip_without_chat_not_detected(tmp_path):
    path = tmp_path / "files.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "just notes\n")
    assert not is_chat_export(path)


def test_read_export_rejects_chat_text():
    with pytest.raises(DataFileError) as caught:
        read_export(DATA / "android_ru.txt")
    message = str(caught.value)
    assert "android_ru.txt" in message
    assert "WhatsApp chat export" in message
    assert "reply_format" in message
    assert "srsurvey whatsapp" in message


def test_read_export_rejects_chat_zip(tmp_path):
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(DATA / "ios_en.txt", "_chat.txt")
    with pytest.raises(DataFileError, match="WhatsApp chat export"):
        read_export(path)


def test_read_export_zip_still_rejected(tmp_path):
    path = tmp_path / "files.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "just notes\n")
    with pytest.raises(DataFileError, match="a ZIP archive"):
        read_export(path)
