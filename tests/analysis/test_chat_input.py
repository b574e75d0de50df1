"""srsurvey analyze on WhatsApp chat exports with typed answers."""

from __future__ import annotations

import csv
import shutil
import statistics
import zipfile
from pathlib import Path

import pytest

from srsurvey.cli import run

CHAT = Path(__file__).parents[1] / "data" / "whatsapp" / "analyze_pairs.txt"

# The people of the fixture chat, all invented, and the phone number of one sender.
PERSONAL_DATA = [
    "Aigul",
    "Karimova",
    "Dana",
    "Omarova",
    "Timur",
    "Bekov",
    "Ruslan",
    "Iskakov",
    "Alina",
    "Sadykova",
    "Madina",
    "701 555 01 23",
    "7015550123",
]

# The reply that each sender's answers come from, as (q1, q2, q3). Ruslan's first
# reply has text after the pairs, so it is unparsed and his second reply counts.
REPLIES = [
    (4, 5, 2),  # Dana Omarova
    (3, 3, 3),  # Timur Bekov
    (5, 4, 1),  # +7 701 555 01 23
    (4, 4, 2),  # Ruslan Iskakov, second reply
    (2, 3, 4),  # Alina Sadykova
    (5, 5, 1),  # ~ Madina
]

STUDY = """\
study:
  name: chat-pairs
  title: Engagement typed in a chat
items:
  q1: {column: q1, range: [1, 5]}
  q2: {column: q2, range: [1, 5]}
  q3: {column: "I lose interest quickly", range: [1, 5]}
scales:
  engagement:
    items: [q1, q2, -q3]
whatsapp:
  reply_format: pairs
  items: [q1, q2, q3]
"""

STUDY_WITHOUT_WHATSAPP = """\
study:
  name: chat-pairs
items:
  q1: {column: q1, range: [1, 5]}
"""


def _scores() -> list[float]:
    """Return the engagement score of each sender: the mean with q3 reversed."""
    return [(q1 + q2 + (1 + 5 - q3)) / 3 for q1, q2, q3 in REPLIES]


def _cronbach_alpha() -> float:
    """Compute alpha = k / (k - 1) * (1 - sum of item variances / total variance).

    The formula is Cronbach (1951), with sample variances (ddof 1) as in
    R psych::alpha. q3 is reversed first.
    """
    items = [[q1, q2, 6 - q3] for q1, q2, q3 in REPLIES]
    columns = list(zip(*items, strict=True))
    item_variance = sum(statistics.variance(column) for column in columns)
    total_variance = statistics.variance([sum(row) for row in items])
    k = len(columns)
    return k / (k - 1) * (1 - item_variance / total_variance)


def _read_table(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / "tables" / f"{name}.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _analyze(tmp_path: Path, chat: Path, study_text: str) -> tuple[int, Path]:
    study = tmp_path / "s.yaml"
    study.write_text(study_text, encoding="utf-8")
    out = tmp_path / "report"
    status = run(
        ["analyze", str(chat), "--study", str(study), "--no-figures", "--out", str(out)]
    )
    return status, out


@pytest.fixture
def chat(tmp_path) -> Path:
    path = tmp_path / "chat.txt"
    shutil.copy(CHAT, path)
    return path


def test_chat_analyze_exits_zero(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    assert (out / "report.html").is_file()


def test_chat_reliability_n_and_alpha(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    (row,) = _read_table(out, "reliability")
    assert row["scale"] == "engagement"
    assert int(row["n"]) == 6
    assert int(row["n_items"]) == 3
    assert float(row["alpha"]) == pytest.approx(_cronbach_alpha(), abs=1e-9)


def test_chat_descriptives_n_and_mean(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    (row,) = _read_table(out, "descriptives")
    scores = _scores()
    assert int(row["n"]) == 6
    assert float(row["mean"]) == pytest.approx(statistics.mean(scores), abs=1e-9)
    assert float(row["sd"]) == pytest.approx(statistics.stdev(scores), abs=1e-9)
    assert float(row["min"]) == pytest.approx(min(scores))
    assert float(row["max"]) == pytest.approx(max(scores))


def test_chat_unparsed_reply_table(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    err = capsys.readouterr().err
    assert status == 0, err
    rows = _read_table(out, "unparsed_replies")
    assert len(rows) == 1
    assert list(rows[0]) == ["chat", "line", "time", "text", "reason"]
    assert rows[0]["line"] == "8"
    assert rows[0]["text"].startswith("1-4, 2-5, 3-3 same as P-")
    assert "besides item-answer pairs" in rows[0]["reason"]
    assert "1 chat reply was not used as answers" in err


def test_chat_outputs_hold_no_personal_data(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    written = [path for path in out.rglob("*") if path.is_file()]
    assert written
    for path in written:
        if path.suffix in {".xlsx", ".docx"}:
            with zipfile.ZipFile(path) as archive:
                text = "".join(
                    archive.read(name).decode("utf-8", errors="replace")
                    for name in archive.namelist()
                )
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        for value in PERSONAL_DATA:
            assert value not in text, f"{value!r} in {path.relative_to(out)}"


def test_chat_respondents_are_codes(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    rows = _read_table(out, "scores")
    assert len(rows) == 6
    assert all(row["respondent"].startswith("P-") for row in rows)
    assert len({row["respondent"] for row in rows}) == 6


def test_chat_secret_file_beside_study(tmp_path, chat, capsys):
    status, _ = _analyze(tmp_path, chat, STUDY)
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / ".srsurvey-secret").is_file()


def test_chat_in_zip_is_analysed(tmp_path, capsys):
    archive_path = tmp_path / "WhatsApp Chat with Group 7B.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(CHAT, "WhatsApp Chat with Group 7B.txt")
    status, out = _analyze(tmp_path, archive_path, STUDY)
    assert status == 0, capsys.readouterr().err
    (row,) = _read_table(out, "descriptives")
    assert int(row["n"]) == 6


def test_chat_without_whatsapp_section_fails(tmp_path, chat, capsys):
    status, out = _analyze(tmp_path, chat, STUDY_WITHOUT_WHATSAPP)
    err = capsys.readouterr().err
    assert status == 1
    assert "chat.txt" in err
    assert "WhatsApp chat export" in err
    assert "whatsapp section" in err
    for key in ("reply_format", "items", "trigger"):
        assert key in err
    assert "srsurvey whatsapp" in err
    assert not out.exists()


def test_chat_without_study_fails(tmp_path, chat, capsys):
    status = run(["analyze", str(chat), "--out", str(tmp_path / "report")])
    err = capsys.readouterr().err
    assert status == 1
    assert "WhatsApp chat export" in err
    assert "whatsapp section" in err


def test_chat_and_form_export_rejected(tmp_path, chat, capsys):
    form = tmp_path / "form.csv"
    form.write_text("q1,q2\n1,2\n", encoding="utf-8")
    study = tmp_path / "s.yaml"
    study.write_text(STUDY, encoding="utf-8")
    status = run(
        ["analyze", str(chat), str(form), "--study", str(study), "--no-figures",
         "--out", str(tmp_path / "report")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert "cannot be analysed in one run" in err
    assert "form.csv" in err
