"""Tests of :func:`srsurvey.codebook.validate.validate`, which collects problems."""

from __future__ import annotations

import pytest

from srsurvey.codebook import load_study
from srsurvey.codebook.validate import find_todo_comments, validate

EMAILS = [f"student{i}@example.com" for i in range(6)]
PHONES = [f"+7 700 000 00 {i:02d}" for i in range(6)]

STUDY = """
input:
  id: Student ID
  duplicates: {duplicates}
  identifiers: [Email]
response_scales:
  agree:
    points:
      1: Disagree
      2: Neutral
      3: Agree
items:
  q1: {{column: "Rate [Food]", scale: agree}}
  q2: {{column: "Rate [Room]", scale: agree}}
  age: {{column: Age, range: [17, 30]}}
groups:
  year: {{column: Year}}
"""


@pytest.fixture
def export(make_responses):
    return make_responses(
        {
            "Email": EMAILS,
            "Student ID": ["S1", "S2", "S3", "S4", "S5", "S6"],
            "Rate [Food]": ["Agree", "Agree", "Disagree", "Neutral", "Agree", None],
            "Rate [Room]": ["Neutral", "Agree", "Agree", "Agree", "Disagree", "Agree"],
            "Age": ["18", "19", "20", "21", "22", "23"],
            "Year": ["1", "2", "1", "2", "1", "2"],
        },
        kinds={"Email": "email"},
    )


def _study(write_study, duplicates="keep-latest", text=STUDY):
    return load_study(write_study(text.format(duplicates=duplicates)))


def test_clean_export_has_no_problems(export, write_study):
    assert validate(export, _study(write_study)) == []


def test_unmapped_label_problem(export, write_study):
    export.data.loc[[1, 3], "Rate [Food]"] = "Strongly agree"
    problems = validate(export, _study(write_study))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.kind == "unmapped_label"
    assert problem.count == 2
    assert problem.row == 3
    assert problem.column == "Rate [Food]"
    assert problem.value == "Strongly agree"
    assert problem.file == "export.csv"
    assert problem.message == (
        '"Strongly agree": 2 answers in column "Rate [Food]" are not in response '
        'scale "agree", rows 3, 5. Add it to the points, synonyms or missing of '
        'response scale "agree" in study.yaml.'
    )


def test_all_problems_are_collected_at_once(export, write_study):
    export.data.loc[0, "Rate [Room]"] = "Maybe"
    export.data.loc[[2, 4], "Age"] = "45"
    export.data.loc[5, "Age"] = "twenty"
    text = STUDY.replace("column: Year", "column: Yaer")
    problems = validate(export, _study(write_study, text=text))
    kinds = [problem.kind for problem in problems]
    assert kinds == [
        "missing_column",
        "unmapped_label",
        "not_a_number",
        "out_of_range",
        "extra_column",
    ]
    assert 'Close matches: "Year"' in problems[0].message
    assert problems[0].file == "study.yaml"
    assert problems[3].count == 2
    assert problems[3].row == 4
    assert '"45" (rows 4, 6)' in problems[3].message
    assert problems[2].value == "twenty"


@pytest.mark.parametrize(
    ("duplicates", "severity"), [("error", "error"), ("keep-latest", "info")]
)
def test_duplicate_id_severity(export, write_study, duplicates, severity):
    export.data.loc[4, "Student ID"] = "S2"
    problems = validate(export, _study(write_study, duplicates))
    assert [p.kind for p in problems] == ["duplicate_id"]
    assert problems[0].severity == severity
    assert problems[0].count == 2
    assert problems[0].value == "S2"
    assert "(rows 3, 6)" in problems[0].message


def test_empty_id_is_information(export, write_study):
    export.data.loc[2, "Student ID"] = None
    problems = validate(export, _study(write_study))
    assert [p.kind for p in problems] == ["empty_id"]
    assert problems[0].severity == "info"
    assert problems[0].row == 4


def test_extra_column_is_information(export, write_study):
    export.data["Comment"] = ["ok"] * 6
    from srsurvey.readers.model import ColumnSource

    export.columns["Comment"] = ColumnSource("Comment", "Comment", "export.csv", 6)
    problems = validate(export, _study(write_study))
    assert [p.kind for p in problems] == ["extra_column"]
    assert problems[0].severity == "info"
    assert problems[0].count == 6


def test_undeclared_phone_column(export, write_study):
    export.data["Contact"] = PHONES
    from srsurvey.readers.model import ColumnSource

    export.columns["Contact"] = ColumnSource("Contact", "Contact", "export.csv", 6)
    problems = validate(export, _study(write_study))
    assert [p.kind for p in problems] == ["identifier_undeclared"]
    assert 'column "Contact" contains phone numbers' in problems[0].message
    for phone in PHONES:
        assert phone not in problems[0].message


def test_email_column_used_as_item_leaks(export, write_study):
    text = STUDY.replace("identifiers: [Email]", "identifiers: []").replace(
        "age: {{column: Age, range: [17, 30]}}", "mail: {{column: Email, scale: agree}}"
    )
    problems = validate(export, _study(write_study, text=text))
    kinds = [problem.kind for problem in problems]
    assert kinds == ["unmapped_label", "identifier_leak", "extra_column"]
    assert 'column "Email" contains e-mail addresses' in problems[0].message
    assert problems[0].value is None
    assert 'as item "mail"' in problems[1].message
    for problem in problems:
        for email in EMAILS:
            assert email not in problem.message


def test_declared_identifier_used_as_group(export, write_study):
    text = STUDY.replace("year: {{column: Year}}", "mail: {{column: Email}}")
    problems = validate(export, _study(write_study, text=text))
    assert [p.kind for p in problems] == ["identifier_leak", "extra_column"]
    assert problems[0].message == (
        'column "Email" is listed under input.identifiers but is used as group '
        '"mail". Remove it from one of the two.'
    )


def test_multi_answers_outside_options(make_responses, write_study):
    responses = make_responses(
        {"Networks": ["Telegram, TikTok", "Telegram", "Threads", "TikTok"]}
    )
    study = load_study(
        write_study(
            "questions:\n  net:\n    column: Networks\n    type: multi\n"
            "    options: [Telegram, TikTok]\n"
        )
    )
    problems = validate(responses, study)
    assert [p.kind for p in problems] == ["unlisted_option"]
    assert problems[0].value == "Threads"
    assert '"Threads" (1 answers)' in problems[0].message


def test_reverse_keyed_numeric_item_without_range(make_responses, write_study):
    responses = make_responses({"Q1": ["1", "2", "3"], "Q2": ["2", "3", "1"]})
    study = load_study(
        write_study(
            "items:\n  q1: {column: Q1}\n  q2: {column: Q2}\n"
            "scales:\n  total: {items: [q1, -q2]}\n"
        )
    )
    problems = validate(responses, study)
    assert [p.kind for p in problems] == ["reverse_without_range"]
    assert 'Declare range: [min, max] for item "q2"' in problems[0].message


def test_max_problems_counts_the_rest(export, write_study):
    labels = ["a", "b", "c", "d", "e", "f"]
    export.data["Rate [Room]"] = labels
    problems = validate(export, _study(write_study), max_problems=3)
    assert len(problems) == 3
    assert problems[-1].kind == "more"
    assert problems[-1].count == 4
    assert problems[-1].message.startswith("4 more problems are not shown: 4 unmapped")


def test_max_problems_below_one(export, write_study):
    with pytest.raises(ValueError, match="at least 1"):
        validate(export, _study(write_study), max_problems=0)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("# TODO: order the labels\na: 1\n", [1]),
        ("a: 1\nb: 2   # TODO: widen the range\n", [2]),
        ("a:\n  # The range is observed.\n  # Then TODO: widen it.\n  b: 1\n", [3]),
        ("# Check each line marked TODO, then run validate.\na: 1\n", []),
        ("# todo: lower case is not the marker\n", []),
        ('a: "text # TODO: inside quotes"\n', []),
        ("a: 'text # TODO: inside quotes'\n", []),
        ("a: text#TODO: no space, so part of the value\n", []),
        ("a: |\n  # TODO: inside a block scalar\nb: 1\n", []),
        ('a: "# TODO: quoted"   # TODO: after the value\n', [1]),
        ("a: [unclosed\n# TODO: invalid YAML is searched too\n", [2]),
        ("a: 1\r\n# TODO: Windows line ends\r\n", [2]),
    ],
)
def test_find_todo_comments(text, lines):
    assert find_todo_comments(text) == lines


def test_todo_comments_are_an_unfinished_draft(export, write_study):
    text = STUDY.format(duplicates="keep-latest")
    text = text.replace(
        "  age:", "  # TODO: widen the range\n  # to the possible ages.\n  age:"
    )
    text = text.replace("column: Year}", "column: Year}   # TODO: recode the years")
    lines = text.split("\n")
    expected = [n for n, line in enumerate(lines, start=1) if "TODO:" in line]
    problems = validate(export, load_study(write_study(text)))
    assert [p.kind for p in problems] == ["unfinished_draft"]
    problem = problems[0]
    assert problem.severity == "error"
    assert problem.count == 2
    assert problem.file == "study.yaml"
    assert problem.message == (
        f"study.yaml still has 2 TODO comments (lines {expected[0]} and "
        f"{expected[1]}). Make the change that each one asks for, or decide that "
        "none is needed, then delete the comment. Until no TODO comment is left, "
        "validate reports this error."
    )


def test_unfinished_draft_comes_first(export, write_study):
    text = "# TODO: check this file\n" + STUDY.format(duplicates="keep-latest")
    text = text.replace("column: Year", "column: Yaer")
    problems = validate(export, load_study(write_study(text)))
    kinds = [p.kind for p in problems]
    assert kinds == ["unfinished_draft", "missing_column", "extra_column"]
    assert problems[0].message.startswith(
        "study.yaml still has a TODO comment (line 1). Make the change that it asks "
        "for,"
    )


def test_study_without_file_skips_todo_check(export, write_study):
    study = _study(write_study)
    study.path = None
    assert validate(export, study) == []
