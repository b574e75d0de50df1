"""Microsoft Forms .xlsx exports and checkbox answers joined with ";"."""

from __future__ import annotations

import pandas as pd
import pytest

from srsurvey.readers import infer_multiselect_options, split_multiselect


def test_split_semicolon_trailing_separator():
    values = pd.Series(["Books;Videos;", "Podcasts;", pd.NA, "Books;"], dtype="string")

    indicators, answered, unknown = split_multiselect(
        values, ["Books", "Videos", "Podcasts"], separator=";"
    )

    assert indicators["Books"].tolist() == [True, False, False, True]
    assert indicators["Videos"].tolist() == [True, False, False, False]
    assert indicators["Podcasts"].tolist() == [False, True, False, False]
    assert answered.tolist() == [True, True, False, True]
    assert unknown == {}


def test_split_semicolon_other_text_is_one_part():
    values = pd.Series(["Books;My own, long notes;", "Videos;"], dtype="string")

    indicators, _, unknown = split_multiselect(
        values, ["Books", "Videos"], other=True, separator=";"
    )

    assert indicators["Other"].tolist() == [True, False]
    assert unknown == {"My own, long notes": 1}


def test_split_option_with_comma_and_semicolon():
    values = pd.Series(["Friends, family;Teachers;"], dtype="string")

    indicators, _, unknown = split_multiselect(
        values, ["Friends, family", "Teachers"], separator=";"
    )

    assert indicators.iloc[0].tolist() == [True, True]
    assert unknown == {}


def test_split_empty_separator_rejected():
    with pytest.raises(ValueError, match="separator"):
        split_multiselect(pd.Series(["a"]), ["a"], separator="")


def test_infer_options_semicolon():
    values = pd.Series(
        ["Books;Videos;", "Books;Podcasts;", "Videos;Podcasts;", "Books;"],
        dtype="string",
    )

    options = infer_multiselect_options(values, separator=";")

    assert options == ["Books", "Videos", "Podcasts"]


HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Total points",
    "Quiz feedback",
    "Last modified time",
    "Which resources do you use?",
    "What is 2 + 2?",
    "Points - What is 2 + 2?",
    "Feedback - What is 2 + 2?",
]


def _write_msforms(path, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _read_msforms(tmp_path):
    import datetime as dt

    from srsurvey.readers import read_export

    path = tmp_path / "quiz.xlsx"
    _write_msforms(
        path,
        [
            [
                1,
                dt.datetime(2024, 3, 1, 10, 0, 0),
                dt.datetime(2024, 3, 1, 10, 4, 30),
                "aigerim@example.com",
                "Aigerim Nurlanova",
                1,
                None,
                None,
                "Books;Videos;",
                "4",
                1,
                "Correct",
            ],
            [
                2,
                dt.datetime(2024, 3, 1, 23, 58, 10),
                dt.datetime(2024, 3, 2, 0, 3, 40),
                "ivan@example.com",
                "Ivan Petrov",
                0,
                None,
                None,
                "Podcasts;",
                "5",
                0,
                "The answer is 4",
            ],
        ],
    )
    return read_export(path)


def test_msforms_metadata_kinds(tmp_path):
    responses = _read_msforms(tmp_path)
    kinds = {name: source.kind for name, source in responses.columns.items()}

    assert kinds["ID"] == "metadata"
    assert kinds["Start time"] == "metadata"
    assert kinds["Completion time"] == "timestamp"
    assert kinds["Email"] == "email"
    assert kinds["Name"] == "metadata"
    assert kinds["Total points"] == "metadata"
    assert kinds["Quiz feedback"] == "metadata"
    assert kinds["Last modified time"] == "metadata"
    assert kinds["Which resources do you use?"] == "answer"
    assert kinds["What is 2 + 2?"] == "answer"
    assert responses.details["form tool"] == "Microsoft Forms"
    assert responses.details["multiselect separator"] == ";"


def test_msforms_points_attached_to_question(tmp_path):
    responses = _read_msforms(tmp_path)
    points = responses.columns["Points - What is 2 + 2?"]
    feedback = responses.columns["Feedback - What is 2 + 2?"]

    assert points.kind == "metadata"
    assert points.question == "What is 2 + 2?"
    assert points.row_label == "points"
    assert feedback.kind == "metadata"
    assert feedback.question == "What is 2 + 2?"
    assert feedback.row_label == "feedback"


def test_msforms_duration_past_midnight(tmp_path):
    responses = _read_msforms(tmp_path)

    names = list(responses.data.columns)
    assert names.index("duration_seconds") == names.index("Completion time") + 1
    # 10:00:00 to 10:04:30 is 270 s; 23:58:10 to 00:03:40 the next day is 330 s.
    assert responses.data["duration_seconds"].tolist() == [270.0, 330.0]
    assert responses.columns["duration_seconds"].kind == "metadata"
    assert responses.data["Start time"].iloc[1] == pd.Timestamp("2024-03-01 23:58:10")


def test_msforms_name_is_identifier(tmp_path):
    from srsurvey.readers import detect_identifier_columns

    responses = _read_msforms(tmp_path)

    flagged = detect_identifier_columns(responses)
    assert "Name" in flagged
    assert "Email" in flagged


def test_msforms_end_before_start_warns(tmp_path):
    import datetime as dt

    from srsurvey.errors import SurveyWarning
    from srsurvey.readers import read_export

    path = tmp_path / "bad_times.xlsx"
    row = [7, dt.datetime(2024, 3, 1, 12, 0), dt.datetime(2024, 3, 1, 11, 0)]
    _write_msforms(path, [row + ["a@example.com", "A B", 0, None, None, "Books;"]])

    with pytest.warns(SurveyWarning, match=r"end before they start \(rows 2\)"):
        responses = read_export(path)

    assert pd.isna(responses.data["duration_seconds"].iloc[0])


def test_google_export_is_not_msforms(tmp_path):
    from srsurvey.readers import read_export

    path = tmp_path / "google.csv"
    path.write_text("Timestamp,ID,Start time\n2024/03/01 10:00:00 AM GMT+5,1,x\n")

    responses = read_export(path)

    assert "form tool" not in responses.details
    assert "duration_seconds" not in responses.data.columns


def test_msforms_checkboxes_scored(tmp_path):
    from srsurvey.codebook.scoring import score_responses
    from srsurvey.codebook.study import QuestionSpec, Study

    responses = _read_msforms(tmp_path)
    study = Study(
        name="quiz",
        title="Quiz",
        questions={
            "res": QuestionSpec(
                id="res", column="Which resources do you use?", type="multi"
            )
        },
    )

    scored = score_responses(responses, study)

    multi = scored.multi["res"]
    assert sorted(multi.columns) == ["Books", "Podcasts", "Videos"]
    assert multi["Books"].tolist() == [True, False]
    assert multi["Podcasts"].tolist() == [False, True]
