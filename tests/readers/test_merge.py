"""Several export files of one wave: source column and duplicate submissions."""

from __future__ import annotations

import textwrap

import pytest

from srsurvey.codebook import load_study, score_responses
from srsurvey.codebook._respondents import normalize_id
from srsurvey.errors import ScoringError
from srsurvey.readers import read_exports

HEADER = "Timestamp,Email Address,Q1\n"


def _files(tmp_path):
    morning = tmp_path / "group_a.csv"
    morning.write_text(
        HEADER
        + "2024/03/01 10:00:00 AM GMT+5,aigerim@example.com,Agree\n"
        + "2024/03/01 10:05:00 AM GMT+5,ivan@example.com,Disagree\n",
        encoding="utf-8",
    )
    evening = tmp_path / "group_b.csv"
    evening.write_text(
        HEADER
        + "2024/03/01 6:00:00 PM GMT+5, Aigerim@Example.COM ,Disagree\n"
        + "2024/03/01 6:10:00 PM GMT+5,dana@example.com,Agree\n",
        encoding="utf-8",
    )
    return morning, evening


def _study(tmp_path, rule):
    path = tmp_path / "study.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            study:
              name: merge
              title: Merge
            input:
              id: Email Address
              duplicates: {rule}
            response_scales:
              agree2:
                points:
                  1: [Disagree]
                  2: [Agree]
            items:
              q1:
                column: Q1
                scale: agree2
            """
        ),
        encoding="utf-8",
    )
    return load_study(path)


def test_merge_adds_source_column(tmp_path):
    morning, evening = _files(tmp_path)

    responses = read_exports([morning, evening])

    assert responses.data.columns[0] == "source"
    assert responses.data["source"].tolist() == [
        "group_a.csv",
        "group_a.csv",
        "group_b.csv",
        "group_b.csv",
    ]
    assert responses.columns["source"].kind == "metadata"
    assert responses.source_rows.tolist() == [2, 3, 2, 3]


def test_merge_source_name_taken(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("source,Q1\nschool 1,Agree\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("source,Q1\nschool 2,Agree\n", encoding="utf-8")

    responses = read_exports([first, second])

    assert responses.data["source"].tolist() == ["school 1", "school 2"]
    assert responses.data["source (2)"].tolist() == ["a.csv", "b.csv"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" Aigerim@Example.COM ", "aigerim@example.com"),
        ("ivan. petrov@example.com", "ivan.petrov@example.com"),
        (" S-01 ", "S-01"),  # an id without @ keeps its case
        ("", None),
    ],
)
def test_normalize_id(value, expected):
    assert normalize_id(value) == expected


def test_keep_latest_across_files(tmp_path):
    morning, evening = _files(tmp_path)
    responses = read_exports([morning, evening])

    scored = score_responses(responses, _study(tmp_path, "keep-latest"))

    # The e-mail is personal data, so keys are pseudonyms in the order of the kept
    # rows: ivan (group_a row 3), aigerim (group_b row 2), dana (group_b row 3).
    # aigerim answered Agree at 10:00 and Disagree at 18:00, so 18:00 is kept.
    assert list(scored.items.index) == ["R0001", "R0002", "R0003"]
    assert scored.respondents.loc["R0002", "file"] == str(evening)
    assert scored.respondents.loc["R0002", "row"] == 2
    assert scored.items.loc["R0002", "q1"] == 1.0
    assert len(scored.duplicates) == 1
    dropped = scored.duplicates.iloc[0]
    assert dropped["file"] == str(morning)
    assert dropped["row"] == 2
    assert dropped["kept_file"] == str(evening)
    assert dropped["rule"] == "keep-latest"


def test_keep_first_across_files(tmp_path):
    morning, evening = _files(tmp_path)
    responses = read_exports([morning, evening])

    scored = score_responses(responses, _study(tmp_path, "keep-first"))

    # Kept rows in order: aigerim (group_a row 2), ivan, dana.
    assert scored.respondents.loc["R0001", "file"] == str(morning)
    assert scored.items.loc["R0001", "q1"] == 2.0
    assert scored.duplicates.iloc[0]["file"] == str(evening)


def test_duplicate_error_across_files(tmp_path):
    morning, evening = _files(tmp_path)
    responses = read_exports([morning, evening])

    with pytest.raises(ScoringError, match="1 id has more than one submission"):
        score_responses(responses, _study(tmp_path, "error"))
