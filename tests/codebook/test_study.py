"""Tests of the study file loader and of quick mode."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from srsurvey.codebook import load_study, study_from_options
from srsurvey.codebook.study import ScaleSpec
from srsurvey.errors import CodebookError

VALID = """\
study:
  name: pilot
  language: ru
input:
  id: student_id
  identifiers: [Email Address]
response_scales:
  agree5:
    points:
      1: [Полностью не согласен, Strongly disagree]
      2: [Скорее не согласен, Disagree]
      3: [Нейтрально, Neutral]
      4: [Скорее согласен, Agree]
      5: [Полностью согласен, Strongly agree]
    synonyms:
      Скорее согласна: Скорее согласен
    missing: [Затрудняюсь ответить]
items:
  cog1: {column: "Q1", scale: agree5}
  cog2: {column: "Q2", scale: agree5}
  cog3: {column: "Q3", scale: agree5}
  beh1: {column: "Q4", scale: agree5}
scales:
  cognitive:
    items: [cog1, cog2, -cog3]
    min_answered: 0.75
    levels: {cuts: [2.5, 3.5], labels: [low, medium, high]}
  behaviour:
    items: [beh1]
  total:
    subscales: [cognitive, behaviour]
    score: sum
groups:
  year: {column: Курс, order: ["1", "2"]}
"""


def test_load_study_reads_all_sections(write_study):
    study = load_study(write_study(VALID))

    assert study.name == "pilot"
    assert study.language == "ru"
    assert study.id_column == "student_id"
    assert study.identifiers == ["Email Address"]
    assert study.response_scales["agree5"].points[5.0] == [
        "Полностью согласен",
        "Strongly agree",
    ]
    assert study.items["cog3"].column == "Q3"
    assert study.scales["cognitive"].reversed_items == {"cog3"}
    assert study.scales["cognitive"].levels.cuts == [2.5, 3.5]
    assert study.groups["year"].order == ["1", "2"]


def test_load_study_subscales_union_keeps_reverse_keys(write_study):
    study = load_study(write_study(VALID))

    total = study.scales["total"]
    assert total.items == ["cog1", "cog2", "cog3", "beh1"]
    assert total.reversed_items == {"cog3"}
    assert total.score == "sum"


def test_load_study_records_lines(write_study):
    study = load_study(write_study(VALID))

    assert study.line_of("scales.cognitive.min_answered") == 26
    assert study.items["cog1"].line == 19


def test_load_study_defaults_name_to_file_stem(write_study):
    study = load_study(write_study("items: {}\n", name="wave-1.yaml"))

    assert study.name == "wave-1"
    assert study.title == "wave-1"
    assert study.duplicates == "keep-latest"
    assert study.analysis.correction == "holm"


def test_load_study_keeps_yes_no_labels_as_text(write_study):
    text = "response_scales:\n  yn:\n    points:\n      0: [No]\n      1: [Yes]\n"
    study = load_study(write_study(text))

    assert study.response_scales["yn"].points == {0.0: ["No"], 1.0: ["Yes"]}


def _replace(old: str, new: str) -> str:
    if old not in VALID:
        raise KeyError(old)
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        (
            _replace("    min_answered: 0.75", "    min_answered: 1.5"),
            26,
            [
                '"scales.cognitive.min_answered" is 1.5',
                "a share must be above 0 and at most 1",
            ],
        ),
        (
            _replace("    min_answered: 0.75", "    min_answered: 5"),
            26,
            ['"scales.cognitive.min_answered" is 5', "only 3 items"],
        ),
        (
            _replace("    score: sum", "    scor: sum"),
            32,
            ['"scales.total.scor" is not a known key. Did you mean "score"?'],
        ),
        (
            _replace(
                "    items: [cog1, cog2, -cog3]", "    items: [cog1, cog2, -cog9]"
            ),
            25,
            ['"scales.cognitive.items[2]" is "-cog9"', 'Did you mean "cog3"?'],
        ),
        (
            _replace("scale: agree5}\n  cog2", "scale: agree6}\n  cog2"),
            19,
            ['response scale "agree6", which is not declared', 'Did you mean "agree5"'],
        ),
        (
            VALID + "analysis: {correction: bonf}\n",
            35,
            ['"analysis.correction" is "bonf"', "Allowed values: holm, fdr_bh, none"],
        ),
        (
            _replace("cuts: [2.5, 3.5]", "cuts: [3.5, 2.5]"),
            27,
            ['"scales.cognitive.levels.cuts" must increase strictly'],
        ),
        (
            _replace("labels: [low, medium, high]", "labels: [low, high]"),
            27,
            ["has 2 labels, but 2 cut(s) make 3 levels"],
        ),
        (
            _replace("Скорее согласна: Скорее согласен", "Скорее согласна: Согласен"),
            16,
            ['"Согласен", which is not a label under points'],
        ),
        (
            _replace(
                "    items: [beh1]", "    items: [-beh1]\n  other:\n    items: [beh1]"
            ),
            31,
            ['lists "beh1" as keyed forward', "reverse-keys it"],
        ),
        (
            _replace(
                "    subscales: [cognitive, behaviour]",
                "    subscales: [cognitive, total]",
            ),
            31,
            ["forms a cycle: total -> total"],
        ),
        (
            _replace("  language: ru", "  language: de"),
            3,
            ['"study.language" is "de"', "Allowed values: en, ru, kk"],
        ),
    ],
    ids=[
        "share-above-one",
        "count-above-items",
        "unknown-key",
        "unknown-item",
        "unknown-response-scale",
        "bad-choice",
        "cuts-not-increasing",
        "labels-count",
        "synonym-target",
        "reverse-conflict",
        "subscale-cycle",
        "language",
    ],
)
def test_load_study_rejects_invalid_values(write_study, text, line, fragments):
    path = write_study(text)
    with pytest.raises(CodebookError) as caught:
        load_study(path)

    error = caught.value
    assert error.line == line
    assert error.file == path
    for fragment in fragments:
        assert fragment in str(error)


def test_load_study_invalid_yaml_names_line_and_column(write_study):
    path = write_study("items:\n  cog1: {column: Q1\n  cog2: x\n")
    with pytest.raises(CodebookError) as caught:
        load_study(path)

    assert caught.value.line == 3
    assert "not valid YAML, column" in str(caught.value)


def test_load_study_duplicate_key(write_study):
    path = write_study("items:\n  a: {column: Q1}\n  a: {column: Q2}\n")
    with pytest.raises(CodebookError) as caught:
        load_study(path)

    assert caught.value.line == 3
    assert '"items.a" appears twice (first on line 2)' in str(caught.value)


def test_load_study_missing_file(tmp_path):
    with pytest.raises(CodebookError) as caught:
        load_study(tmp_path / "absent.yaml")

    assert "the study file was not found" in str(caught.value)


def test_load_study_pattern_template_group_count(write_study):
    text = 'items:\n  sr:\n    match: "^SR\\\\d+$"\n    id: "sr{1}"\n'
    with pytest.raises(CodebookError) as caught:
        load_study(write_study(text))

    assert caught.value.line == 4
    assert "uses {1}, but the pattern has only 0 group(s)" in str(caught.value)


def test_load_study_accepts_template_ids_in_scales(write_study):
    text = textwrap.dedent(
        """\
        items:
          sr:
            match: "^SR(\\\\d+)$"
            id: "sr{1}"
        scales:
          all: {items: [sr]}
          first: {items: [sr1, -sr2]}
        """
    )
    study = load_study(write_study(text))

    assert study.items["sr"].template == "sr{1}"
    assert study.scales["first"].reversed_items == {"sr2"}


@pytest.mark.parametrize(
    ("share", "item_count", "expected"),
    [
        # 0.75 of 3 = 2.25, so 2 answered items (67%) fall short: all 3 are needed.
        (0.75, 3, 3),
        # 0.8 of 5 = 4.0 exactly: 4 of 5 reaches 80%.
        (0.8, 5, 4),
        # 0.6 of 5 = 3.0000000000000004 in floating point; 3 of 5 is 60%.
        (0.6, 5, 3),
        # 0.5 of 4 = 2: half the items.
        (0.5, 4, 2),
        # 0.7 of 10 = 7.000000000000001 in floating point; 7 of 10 is 70%.
        (0.7, 10, 7),
        # A share close to zero still needs one item.
        (0.01, 3, 1),
        # A count is taken as it is.
        (2, 5, 2),
        # No min_answered: every item.
        (None, 4, 4),
    ],
)
def test_required_items_arithmetic(share, item_count, expected):
    scale = ScaleSpec(id="s", items=["x"] * item_count, min_answered=share)

    assert scale.required_items(item_count) == expected


def test_study_from_options_builds_scale():
    study = study_from_options(
        name="bfi",
        scales=["agreeableness=-A1,A2,A3,A4,A5"],
        value_range="1-6",
        groups=["gender"],
        id_column=None,
        missing="listwise",
    )

    scale = study.scales["agreeableness"]
    assert scale.items == ["A1", "A2", "A3", "A4", "A5"]
    assert scale.reversed_items == {"A1"}
    assert study.items["A1"].range == (1.0, 6.0)
    assert study.items["A1"].reverse is True
    assert study.groups["gender"].column == "gender"
    assert study.analysis.missing == "listwise"


@pytest.mark.parametrize(
    ("scales", "value_range", "missing", "fragment"),
    [
        (["agreeableness"], None, None, '--scale "agreeableness" has no "="'),
        (["agreeableness="], None, None, "lists no items after"),
        (["=A1,A2"], None, None, 'has no scale name before "="'),
        (["a=A1,-"], None, None, 'has a "-" without an item'),
        (["a=A1,A1"], None, None, 'lists "A1" twice'),
        (["a=A1", "b=-A1"], None, None, "reverse-keyed in one --scale"),
        (["a=A1"], "6-1", None, "has MIN 6 not below MAX 1"),
        (["a=A1"], "1to6", None, "is not of the form MIN-MAX"),
        (["a=A1"], None, "casewise", '--missing "casewise" is not allowed'),
    ],
)
def test_study_from_options_rejects(scales, value_range, missing, fragment):
    with pytest.raises(CodebookError) as caught:
        study_from_options(
            name="x",
            scales=scales,
            value_range=value_range,
            groups=[],
            id_column=None,
            missing=missing,
        )

    assert fragment in str(caught.value)


def test_documented_example_loads(tmp_path):
    document = Path(__file__).parents[2] / "README.md"
    text = document.read_text(encoding="utf-8")
    section = text.split("## The study file", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "study.yaml"
    path.write_text(example, encoding="utf-8")
    study = load_study(path)

    assert study.name == "social-responsibility"
    # beh3 is reversed by its own reverse: true, not by a minus in a scale.
    assert study.scales["social_responsibility"].reversed_items == {"cog4"}
    assert study.items["beh3"].reverse is True
    assert study.items["sr"].template == "sr{1}"
    assert study.groups["age_band"].labels == ["17-19", "20-22", "23+"]
    assert study.questions["networks"].other is True
