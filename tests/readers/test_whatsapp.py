"""Tests of the WhatsApp chat reader, poll counts and typed answers.

The fixture chats in tests/data/whatsapp/ are invented; every expected value below
was worked out by hand from those files.
"""

from __future__ import annotations

import tempfile
import warnings
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srsurvey.errors import CodebookError, DataFileError, SurveyWarning
from srsurvey.readers._whatsapp_kinds import system_event
from srsurvey.readers.whatsapp import (
    combined_polls,
    load_reply_spec,
    poll_table,
    pseudonymize_chats,
    read_chat,
    read_chats,
    typed_responses,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "whatsapp"
SECRET = bytes(range(32))


def write_chat(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- Android, Russian, CRLF, 24-hour clock ------------------------------------------


def test_android_ru_message_kinds():
    chat = read_chat(DATA / "android_ru.txt")
    kinds = chat.messages["kind"].tolist()
    assert kinds == [
        "system",
        "system",
        "system",
        "poll",
        "text",
        "text",
        "system",
        "media",
        "deleted",
        "text",
        "text",
        "text",
        "text",
    ]
    assert chat.details["format"] == "Android"
    assert chat.details["date_order"] == "dmy"
    assert chat.details["clock"] == "24-hour"


def test_android_ru_header_lines_and_times():
    messages = read_chat(DATA / "android_ru.txt").messages
    assert messages["line"].tolist() == [1, 2, 3, 4, 9, 10, 12, 13, 14, 15, 16, 17, 18]
    assert messages["time"].iloc[0] == pd.Timestamp(2024, 2, 28, 22, 15)
    assert messages["time"].iloc[4] == pd.Timestamp(2024, 3, 13, 9, 0)


def test_android_ru_senders_and_system_without_author():
    messages = read_chat(DATA / "android_ru.txt").messages
    assert messages["sender"].iloc[:3].isna().all()
    assert messages["sender"].iloc[4] == "+7 700 000 00 01"
    assert messages["sender"].iloc[5] == "Данияр Ахметов"


def test_date_only_continuation_stays_in_message():
    messages = read_chat(DATA / "android_ru.txt").messages
    assert messages["text"].iloc[5] == (
        "Привет, позвоните +7 700 000 00 02\n12.03.2024 - exam"
    )


def test_full_header_line_starts_system_message():
    messages = read_chat(DATA / "android_ru.txt").messages
    assert messages["line"].iloc[6] == 12
    assert messages["kind"].iloc[6] == "system"
    assert pd.isna(messages["sender"].iloc[6])
    assert messages["text"].iloc[6] == "exam in room 5"


def test_edited_marker_is_removed():
    messages = read_chat(DATA / "android_ru.txt").messages
    assert messages["text"].iloc[9] == "1-5, 2-4"
    assert bool(messages["edited"].iloc[9]) is True
    assert int(messages["edited"].sum()) == 1


def test_android_poll_options_and_votes():
    polls = read_chat(DATA / "android_ru.txt").polls
    assert polls["poll"].unique().tolist() == ["Какой мессенджер вы используете?"]
    assert polls["option"].tolist() == ["Telegram", "WhatsApp", "Instagram"]
    assert polls["votes"].tolist() == [12, 3, 0]
    assert polls["sender"].unique().tolist() == ["Айгерим Нурланова"]


# --- iOS, English, 12-hour clock with U+202F, U+200E marks ---------------------------


def test_ios_brackets_month_first_and_am_pm():
    chat = read_chat(DATA / "ios_en.txt")
    times = chat.messages["time"].tolist()
    assert chat.details["format"] == "iOS"
    assert chat.details["date_order"] == "mdy"
    assert chat.details["clock"] == "12-hour"
    assert times[0] == pd.Timestamp(2024, 2, 28, 22, 15, 3)
    # 12:05 AM is five minutes past midnight, 12:30 PM half past noon.
    assert times[3] == pd.Timestamp(2024, 2, 29, 0, 5)
    assert times[4] == pd.Timestamp(2024, 3, 1, 12, 30)


def test_ios_kinds_and_multiline_text():
    messages = read_chat(DATA / "ios_en.txt").messages
    assert messages["kind"].tolist() == [
        "system",
        "poll",
        "media",
        "text",
        "deleted",
        "text",
    ]
    assert messages["text"].iloc[3] == "first line\nsecond line"
    assert messages["text"].iloc[5] == "see you"
    assert not messages["text"].str.contains("\u200e").any()


def test_ios_poll_vote_singular():
    polls = read_chat(DATA / "ios_en.txt").polls
    assert polls["votes"].tolist() == [4, 1, 2]


# --- Android English 12-hour, Kazakh -------------------------------------------------


def test_android_12_hour_slash_dates():
    chat = read_chat(DATA / "android_en_12h.txt")
    times = chat.messages["time"].tolist()
    assert chat.details["date_order"] == "mdy"
    assert times[2] == pd.Timestamp(2024, 2, 28, 23, 59)
    assert times[3] == pd.Timestamp(2024, 3, 13, 0, 1)
    assert chat.messages["kind"].tolist() == [
        "system",
        "system",
        "text",
        "media",
        "deleted",
        "text",
        "text",
    ]


def test_kazakh_chat_kinds_and_poll():
    # Every date has a day and a month of 12 or less, but dates with dots are
    # day-first in every locale that writes them, so no warning is expected.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chat = read_chat(DATA / "chat_kk.txt")
    assert chat.details["date_order"] == "dmy"
    assert chat.messages["kind"].tolist() == ["system", "poll", "media", "deleted"]
    assert chat.polls["poll"].unique().tolist() == ["Қай мессенджер?"]
    assert chat.polls["votes"].tolist() == [5, 2]
    assert chat.messages["time"].iloc[0] == pd.Timestamp(2024, 3, 1, 9, 0)


def test_date_order_hint_overrides_inference(tmp_path):
    path = write_chat(
        tmp_path, "c.txt", "01.03.24, 09:00 - A: x\n02.03.24, 09:00 - A: y\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chat = read_chat(path, date_order="mdy")
    assert chat.messages["time"].tolist() == [
        pd.Timestamp(2024, 1, 3, 9, 0),
        pd.Timestamp(2024, 2, 3, 9, 0),
    ]


def test_ambiguous_slash_dates_warn(tmp_path):
    text = "01/03/24, 09:00 - A: x\n02/03/24, 09:00 - A: y\n"
    with pytest.warns(SurveyWarning, match="read as day/month/year"):
        chat = read_chat(write_chat(tmp_path, "c.txt", text))
    assert chat.details["date_order"] == "dmy"


def test_date_order_from_chronology(tmp_path):
    # Under day-first the second date (5 Jan) would come before the first (3 Feb),
    # so only month-first keeps the messages in order.
    text = "2/3/24, 09:00 - A: x\n5/1/24, 09:00 - A: y\n"
    chat = read_chat(write_chat(tmp_path, "c.txt", text))
    assert chat.details["date_order"] == "mdy"


def test_four_digit_year_first(tmp_path):
    chat = read_chat(write_chat(tmp_path, "c.txt", "2024-02-28, 22:15 - A: x\n"))
    assert chat.messages["time"].iloc[0] == pd.Timestamp(2024, 2, 28, 22, 15)


# --- errors ----------------------------------------------------------------------


def test_conflicting_date_orders_raise(tmp_path):
    text = "13/01/24, 09:00 - A: x\n01/13/24, 09:00 - A: y\n"
    with pytest.raises(DataFileError) as caught:
        read_chat(write_chat(tmp_path, "c.txt", text))
    assert caught.value.line == 2
    assert "neither day/month nor month/day" in str(caught.value)


def test_impossible_time_raises(tmp_path):
    with pytest.raises(DataFileError) as caught:
        read_chat(write_chat(tmp_path, "c.txt", "28.02.2024, 25:10 - A: x\n"))
    assert caught.value.line == 1
    assert caught.value.file == "c.txt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no WhatsApp message was found"),
        (b"hello\nworld\n", "no WhatsApp message was found"),
        ("28.02.2024, 22:15 - A: x".encode("cp1251") + b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_chats_raise(tmp_path, content, message):
    path = tmp_path / "c.txt"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=message):
        read_chat(path)


def test_missing_file_raises(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        read_chat(tmp_path / "absent.txt")


# --- zip exports --------------------------------------------------------------------


def test_zip_ignores_macosx_junk(tmp_path):
    path = tmp_path / "WhatsApp Chat with 11A.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__MACOSX/._WhatsApp Chat with 11A.txt", b"\x00\x05junk")
        archive.write(DATA / "android_ru.txt", "WhatsApp Chat with 11A.txt")
        archive.writestr("IMG-20240228-WA0001.jpg", b"\xff\xd8")
    chat = read_chat(path)
    assert chat.name == "11A"
    assert chat.details["member"] == "WhatsApp Chat with 11A.txt"
    assert len(chat.messages) == 13


def test_zip_slip_member_is_never_written(tmp_path, monkeypatch):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    path = work / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.txt", "28.02.2024, 22:15 - A: pwned\n")
    with pytest.raises(DataFileError, match="no .txt file"):
        read_chat(path)
    assert list(tmp_path.rglob("evil.txt")) == []


def test_zip_slip_member_beside_chat_is_ignored(tmp_path):
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.txt", "28.02.2024, 22:15 - A: pwned\n")
        archive.write(DATA / "ios_en.txt", "_chat.txt")
    with pytest.warns(SurveyWarning, match="outside the archive"):
        chat = read_chat(path)
    assert chat.details["member"] == "_chat.txt"
    assert list(tmp_path.rglob("evil.txt")) == []


def test_damaged_zip_raises(tmp_path):
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(DATA / "ios_en.txt", "_chat.txt")
    data = bytearray(path.read_bytes())
    data[40:80] = b"\x00" * 40
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileError):
        read_chat(path)


# --- polls across chats --------------------------------------------------------------


def test_combined_polls_add_up_matching_polls(tmp_path):
    other = write_chat(
        tmp_path,
        "WhatsApp Chat with 11B.txt",
        "01.03.2024, 10:00 - Учитель: POLL:\nкакой  мессенджер вы используете\n"
        "OPTION: telegram (3 votes)\nOPTION: whatsapp (5 votes)\n"
        "OPTION: Instagram (1 vote)\n",
    )
    chats = read_chats([DATA / "android_ru.txt", other])
    table = combined_polls(chats)
    assert table["option"].tolist() == ["Telegram", "WhatsApp", "Instagram"]
    assert table["votes"].tolist() == [15, 8, 1]
    assert table["percent"].tolist() == pytest.approx([62.5, 100 / 3, 100 / 24])
    assert table["chats"].tolist() == [2, 2, 2]
    assert poll_table(chats).shape == (6, 4)


def test_combined_polls_keep_other_option_sets_apart(tmp_path):
    other = write_chat(
        tmp_path,
        "b.txt",
        "01.03.2024, 10:00 - Учитель: POLL:\nКакой мессенджер вы используете?\n"
        "OPTION: Telegram (3 votes)\nOPTION: VK (5 votes)\n",
    )
    chats = read_chats([DATA / "android_ru.txt", other])
    with pytest.warns(SurveyWarning, match="2 different sets of options"):
        table = combined_polls(chats)
    assert table["votes"].tolist() == [12, 3, 0, 3, 5]
    assert table["chats"].tolist() == [1, 1, 1, 1, 1]


def test_read_chats_renames_same_chat_name():
    chats = read_chats([DATA / "ios_en.txt", DATA / "ios_en.txt"])
    assert [chat.name for chat in chats] == ["ios_en", "ios_en (2)"]
    assert poll_table(chats)["chat"].unique().tolist() == ["ios_en", "ios_en (2)"]


# --- typed answers -------------------------------------------------------------------


def test_pairs_latest_complete_reply_wins():
    chat = read_chat(DATA / "android_ru.txt")
    responses, unparsed = typed_responses(chat, "pairs", ["q1", "q2", "q3"])
    data = responses.data.set_index("respondent")
    assert data.loc["+7 700 000 00 01", ["q1", "q2", "q3"]].tolist() == ["4", "5", "3"]
    assert data.loc["Данияр Ахметов", ["q1", "q2", "q3"]].tolist() == ["5", "4", "2"]
    assert len(data) == 2
    assert responses.source_rows.tolist() == [9, 16]
    assert responses.columns["q1"].kind == "answer"
    assert responses.data["Timestamp"].dt.tz is None
    reasons = unparsed["reason"].tolist()
    assert len(reasons) == 2
    assert "item 7 does not exist (there are 3 items)" in reasons
    assert any(
        reason.startswith("replaced by the complete reply") for reason in reasons
    )


def test_sequence_replies_and_digit_runs():
    chat = read_chat(DATA / "android_en_12h.txt")
    responses, unparsed = typed_responses(chat, "sequence", ["a", "b", "c"])
    data = responses.data.set_index("respondent")
    assert data.loc["Olivia Reed", ["a", "b", "c"]].tolist() == ["4", "5", "3"]
    assert data.loc["Noah Kim", ["a", "b", "c"]].tolist() == ["4", "5", "3"]
    assert unparsed["reason"].tolist() == ["2 numbers for 3 items"]
    assert unparsed["line"].tolist() == [6]


def test_per_question_after_trigger(tmp_path):
    text = (
        "01.03.2024, 10:00 - Dana: before the survey\n"
        "01.03.2024, 10:01 - Teacher: Survey starts now\n"
        "01.03.2024, 10:02 - Dana: agree\n"
        "01.03.2024, 10:03 - Arman: yes\n"
        "01.03.2024, 10:04 - Dana: neutral\n"
        "01.03.2024, 10:05 - Dana: extra message\n"
    )
    chat = read_chat(write_chat(tmp_path, "c.txt", text))
    responses, unparsed = typed_responses(
        chat, "per_question", ["q1", "q2"], trigger="survey STARTS"
    )
    data = responses.data.set_index("respondent")
    assert data.loc["Dana", ["q1", "q2"]].tolist() == ["agree", "neutral"]
    assert data.loc["Arman", "q1"] == "yes"
    assert pd.isna(data.loc["Arman", "q2"])
    assert "Teacher" not in data.index
    assert unparsed.empty


@pytest.mark.parametrize(
    ("reply_format", "items", "trigger", "message"),
    [
        ("grid", ["q1"], None, "not known"),
        ("pairs", [], None, "no items"),
        ("per_question", ["q1"], None, "needs a trigger"),
    ],
)
def test_typed_responses_bad_arguments(reply_format, items, trigger, message):
    chat = read_chat(DATA / "ios_en.txt")
    with pytest.raises(DataFileError, match=message):
        typed_responses(chat, reply_format, items, trigger=trigger)


# --- study file section --------------------------------------------------------------


def test_reply_spec_from_study(tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text(
        "study:\n  name: wa\nwhatsapp:\n  reply_format: per_question\n"
        "  items: [q1, q2]\n  trigger: Опрос начался\n",
        encoding="utf-8",
    )
    spec = load_reply_spec(study)
    assert spec.reply_format == "per_question"
    assert spec.items == ["q1", "q2"]
    assert spec.trigger == "Опрос начался"


def test_reply_spec_absent_is_none(tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text("study:\n  name: wa\n", encoding="utf-8")
    assert load_reply_spec(study) is None


@pytest.mark.parametrize(
    ("section", "line", "message"),
    [
        ("  reply_format: pairs\n  items: [q1]\n  format: x\n", 6, "not a known key"),
        ("  reply_format: grid\n  items: [q1]\n", 4, "not a reply format"),
        ("  reply_format: pairs\n  items: [q1, q1]\n", 5, "is repeated"),
        ("  reply_format: per_question\n  items: [q1]\n", 3, "trigger is missing"),
        ("  items: [q1]\n", 3, "reply_format is missing"),
    ],
)
def test_reply_spec_errors_give_line(tmp_path, section, line, message):
    study = tmp_path / "study.yaml"
    study.write_text("study:\n  name: wa\nwhatsapp:\n" + section, encoding="utf-8")
    with pytest.raises(CodebookError, match=message) as caught:
        load_reply_spec(study)
    assert caught.value.line == line


# --- pseudonyms ----------------------------------------------------------------------


def test_same_sender_same_code_across_chats(tmp_path):
    other = write_chat(
        tmp_path, "b.txt", "01.03.2024, 10:00 - ~ +77000000001: 1-1, 2-2, 3-3\n"
    )
    chats = pseudonymize_chats(read_chats([DATA / "android_ru.txt", other]), SECRET)
    first = chats[0].messages["sender"].iloc[4]
    second = chats[1].messages["sender"].iloc[0]
    assert first == second
    assert first.startswith("P-")
    assert len(first) == 8


def test_pseudonyms_mask_text_and_events():
    chat = pseudonymize_chats([read_chat(DATA / "android_ru.txt")], SECRET)[0]
    texts = "\n".join(chat.messages["text"].tolist())
    assert "Айгерим" not in texts
    assert "Данияр" not in texts
    assert "700 000" not in texts
    assert "[phone]" in texts
    assert "@[mention]" in texts
    creator = chat.polls["sender"].iloc[0]
    assert chat.messages["text"].iloc[1] == f"{creator} создал(-а) группу «11А»"


def test_different_secret_gives_different_codes():
    chat = read_chat(DATA / "ios_en.txt")
    first = pseudonymize_chats([chat], SECRET)[0].messages["sender"]
    second = pseudonymize_chats([chat], bytes(32))[0].messages["sender"]
    assert first.iloc[1] != second.iloc[1]


# --- Russian group: system lines without a colon, deleted placeholders ------------

GROUP = DATA / "android_ru_group.txt"
AIGERIM = "Айгерим Серикова"
NURLAN = "Нурлан Абенов"
PHONE = "+7 701 234 56 78"


def test_header_without_colon_is_system():
    messages = read_chat(GROUP).messages
    assert messages["line"].tolist() == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14]
    system = messages[messages["kind"] == "system"]
    assert system["line"].tolist() == [1, 2, 3, 4, 14]
    assert system["sender"].isna().all()
    assert system["text"].iloc[1] == f"{AIGERIM} создал(а) группу «Курс 3»"
    assert system["text"].iloc[2] == f"{AIGERIM} добавил(а) {PHONE}"


def test_system_line_not_appended_above():
    messages = read_chat(GROUP).messages.set_index("line")
    assert messages.loc[1, "text"].startswith("Сообщения и звонки")
    assert "создал(а)" not in messages.loc[1, "text"]
    assert "добавил(а)" not in messages.loc[2, "text"]


def test_date_only_line_stays_in_group_message():
    messages = read_chat(GROUP).messages.set_index("line")
    assert messages.loc[5, "text"] == (
        "Ответьте парами, например 1-4, 2-5, 3-3\n12.03.2024 - крайний срок"
    )
    assert messages.loc[5, "sender"] == AIGERIM


def test_colon_in_event_keeps_system():
    messages = read_chat(GROUP).messages.set_index("line")
    assert pd.isna(messages.loc[14, "sender"])
    assert messages.loc[14, "text"] == (
        f"{AIGERIM} изменил(а) тему с «Курс 3» на «Курс 3: весна»"
    )


def test_quoted_event_keeps_sender(tmp_path):
    text = f"28.02.2024, 22:15 - {AIGERIM}: Нурлан добавил(а) файл\n"
    messages = read_chat(write_chat(tmp_path, "c.txt", text)).messages
    assert messages["sender"].tolist() == [AIGERIM]
    assert messages["kind"].tolist() == ["text"]
    assert messages["text"].tolist() == ["Нурлан добавил(а) файл"]


def test_russian_deleted_placeholders():
    messages = read_chat(GROUP).messages.set_index("line")
    assert messages.loc[9, "kind"] == "deleted"
    assert messages.loc[10, "kind"] == "deleted"


@pytest.mark.parametrize(
    "placeholder",
    [
        "Это сообщение удалено",
        "Это сообщение удалено.",
        "Данное сообщение удалено",
        "Вы удалили это сообщение",
        "Вы удалили данное сообщение",
        "\u200eВы удалили это сообщение",
    ],
)
def test_deleted_placeholder_kinds(tmp_path, placeholder):
    text = f"28.02.2024, 22:15 - {NURLAN}: {placeholder}\n"
    messages = read_chat(write_chat(tmp_path, "c.txt", text)).messages
    assert messages["kind"].tolist() == ["deleted"]


@pytest.mark.parametrize(
    "event",
    [
        f"{AIGERIM} создал(а) группу «Курс 3»",
        f"{AIGERIM} создал(-а) группу «Курс 3»",
        f"{AIGERIM} создала группу «Курс 3»",
        f"{AIGERIM} добавил(а) {PHONE}",
        f"{AIGERIM} удалил(а) {NURLAN}",
        f"{AIGERIM} вышел(а)",
        f"{AIGERIM} вышла",
        f"{AIGERIM} присоединился(-ась) по ссылке-приглашению в группу",
        f"{AIGERIM} присоединилась по ссылке-приглашению в группу",
        f"{AIGERIM} изменил(а) описание группы",
    ],
)
def test_russian_event_names_its_people(event):
    assert system_event(event) is not None
    assert system_event(event)[1].group("actor") == AIGERIM


def test_ios_group_event_is_system(tmp_path):
    text = (
        "[28.02.2024, 22:12:00] Курс 3: \u200eАйгерим Серикова создал(а) группу "
        "«Курс 3»\n"
        f"[28.02.2024, 22:13:00] Курс 3: \u200e{AIGERIM} добавил(а) {PHONE}\n"
        "[28.02.2024, 22:14:00] Stats 101: \u200eOlivia Reed added Noah Kim\n"
        f"[28.02.2024, 22:15:00] {AIGERIM}: Курс начинается завтра\n"
    )
    chat = read_chat(write_chat(tmp_path, "_chat.txt", text))
    messages = chat.messages
    assert chat.details["format"] == "iOS"
    assert messages["kind"].tolist() == ["system", "system", "system", "text"]
    assert messages["sender"].iloc[:3].isna().all()
    assert messages["sender"].iloc[3] == AIGERIM
    masked = pseudonymize_chats([chat], SECRET)[0].messages["text"].tolist()
    assert PHONE not in masked[1]
    assert "Olivia" not in masked[2]
    assert "Noah" not in masked[2]
    # The group name is no sender, so its words stay in the text.
    assert masked[3] == "Курс начинается завтра"


def test_android_event_with_sender_stays_text(tmp_path):
    text = f"28.02.2024, 22:15 - {AIGERIM}: Нурлан вышел\n"
    messages = read_chat(write_chat(tmp_path, "c.txt", text)).messages
    assert messages["kind"].tolist() == ["text"]


def test_group_pseudonyms_mask_inflected_names():
    chat = pseudonymize_chats([read_chat(GROUP)], SECRET)[0]
    messages = chat.messages.set_index("line")
    senders = messages["sender"]
    aigerim, nurlan, phone = senders.loc[5], senders.loc[7], senders.loc[8]
    assert len({aigerim, nurlan, phone}) == 3
    assert messages.loc[11, "text"] == f"Напишите {aigerim} если что"
    assert messages.loc[12, "text"] == (
        f"Спасибо {nurlan} и {aigerim}, с {aigerim} тоже говорил"
    )
    assert messages.loc[13, "text"] == (
        f"{aigerim} рақмет, {nurlan} жауабы дұрыс, {nurlan} да, {nurlan} де"
    )


def test_group_pseudonyms_mask_system_lines():
    chat = pseudonymize_chats([read_chat(GROUP)], SECRET)[0]
    messages = chat.messages.set_index("line")
    aigerim, nurlan, phone = (messages.loc[n, "sender"] for n in (5, 7, 8))
    assert messages.loc[2, "text"] == f"{aigerim} создал(а) группу «Курс 3»"
    assert messages.loc[3, "text"] == f"{aigerim} добавил(а) {phone}"
    assert messages.loc[4, "text"] == f"{aigerim} добавил(а) {nurlan}"
    assert messages.loc[14, "text"] == (
        f"{aigerim} изменил(а) тему с «Курс 3» на «Курс 3: весна»"
    )


def test_typed_timestamp_without_zone():
    responses, unparsed = typed_responses(read_chat(GROUP), "pairs", ["q1", "q2", "q3"])
    data = responses.data.set_index("respondent")
    assert data["Timestamp"].dt.tz is None
    assert data.loc[NURLAN, "Timestamp"] == pd.Timestamp(2024, 2, 28, 22, 16)
    assert data.loc[PHONE, ["q1", "q2", "q3"]].tolist() == ["5", "4", "2"]
    assert responses.details["timezone"] == "unknown"
    assert unparsed.empty


# --- fuzzing --------------------------------------------------------------------------

_HEADER = st.sampled_from(
    [
        "28.02.2024, 22:15 - ",
        "2/28/24, 10:15\u202fPM - ",
        "[28/02/2024, 22:15:03] ",
        "\u200e[2/28/24, 12:00:00 AM] ",
        "13/13/24, 09:00 - ",
        "01.02.03, 9.05 - ",
        "",
    ]
)
_BODY = st.text(
    alphabet=st.sampled_from(list("ab: -1.2/[]<>\n\r\u200e\u202fPOLLOPTION()votes")),
    max_size=40,
)
_CHAT_TEXT = st.lists(st.tuples(_HEADER, _BODY), max_size=8).map(
    lambda parts: "\n".join(header + body for header, body in parts)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_CHAT_TEXT, st.text(max_size=200)))
def test_parser_returns_chat_or_data_file_error(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SurveyWarning)
            try:
                chat = read_chat(path)
            except DataFileError:
                return
    assert set(chat.messages["kind"]) <= {"text", "system", "media", "deleted", "poll"}
    assert chat.messages["time"].map(lambda t: isinstance(t, datetime)).all()
