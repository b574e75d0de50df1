"""Checks of the bundled sample exports, their generator and the example study files.

The sample is synthetic (``data/generate_sample.py``). Besides shape and content, some
tests check the generator's design targets on the committed files, such as subscale
alphas between 0.70 and 0.85. Those bounds describe the intended data, not a
published value.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pandas as pd
import pingouin as pg
import pytest
import yaml

from srsurvey.codebook import load_study, score_responses
from srsurvey.errors import SurveyWarning
from srsurvey.readers.export import read_export

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PRE = DATA / "sample_pre.csv"
POST = DATA / "sample_post.csv"
STUDY = DATA / "study.yaml"
BFI_STUDY = DATA / "bfi.yaml"
BFI = ROOT / "tests" / "data" / "bfi.csv"

ID_COLUMN = "Номер студенческого билета"
TIMESTAMP_COLUMN = "Отметка времени"
TIMESTAMP_PATTERN = re.compile(r"^\d{4}/\d{2}/\d{2} \d{1,2}:\d{2}:\d{2} [AP]M GMT\+5$")
EMAIL_PATTERN = re.compile(r"^[a-z0-9.]+@example\.(com|org)$")


def _load_generator() -> ModuleType:
    path = DATA / "generate_sample.py"
    spec = importlib.util.spec_from_file_location("generate_sample", path)
    module = importlib.util.module_from_spec(spec)
    # The dataclass decorator looks the module up in sys.modules.
    sys.modules["generate_sample"] = module
    spec.loader.exec_module(module)
    return module


generate_sample = _load_generator()


def _read_export(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture(scope="module")
def pre() -> pd.DataFrame:
    return _read_export(PRE)


@pytest.fixture(scope="module")
def post() -> pd.DataFrame:
    return _read_export(POST)


@pytest.fixture(scope="module")
def study() -> dict:
    return yaml.safe_load(STUDY.read_text(encoding="utf-8"))


def _fold(label: str) -> str:
    """Fold a label as the README's study-file section says: case, spaces, ё as е."""
    return " ".join(label.split()).casefold().replace("ё", "е")


def _points_of_scale(scale: dict) -> tuple[dict[str, int], set[str]]:
    """Return folded label -> point and the folded missing labels of a response scale."""
    points: dict[str, int] = {}
    for point, labels in scale["points"].items():
        for label in [labels] if isinstance(labels, str) else labels:
            points[_fold(label)] = int(point)
    for synonym, label in scale.get("synonyms", {}).items():
        points[_fold(synonym)] = points[_fold(label)]
    missing = {_fold(str(label)) for label in scale.get("missing", [])}
    return points, missing


def _item_scores(frame: pd.DataFrame, study: dict) -> pd.DataFrame:
    """Score every item of ``study`` in ``frame``, reverse-keyed items as 6 - point."""
    points, _ = _points_of_scale(study["response_scales"]["agree5"])
    scores = {}
    for item_id, item in study["items"].items():
        values = frame[item["column"]].map(lambda cell: points.get(_fold(cell)))
        values = values.astype("float64")
        scores[item_id] = 6 - values if item.get("reverse") else values
    return pd.DataFrame(scores, index=frame.index)


def _normalize_id(student_id: str) -> str:
    """Undo the three id typos of the post wave: case and spaces, Cyrillic С, zeros."""
    text = student_id.strip().upper().replace("\u0421", "S")
    return f"S{int(text[1:]):04d}"


# Generator


def test_generator_repeats_bytes(tmp_path: Path) -> None:
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    generate_sample.main(first)
    generate_sample.main(second)
    for name in ["sample_pre.csv", "sample_post.csv"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_generator_matches_committed_files(tmp_path: Path) -> None:
    generate_sample.main(tmp_path)
    # A failure means the script changed without rerunning it: run
    # `python data/generate_sample.py` and commit the CSV files.
    assert (tmp_path / "sample_pre.csv").read_bytes() == PRE.read_bytes()
    assert (tmp_path / "sample_post.csv").read_bytes() == POST.read_bytes()


def test_format_timestamp_uses_twelve_hour_clock() -> None:
    cases = {
        dt.datetime(2025, 2, 10, 9, 14, 3): "2025/02/10 9:14:03 AM GMT+5",
        dt.datetime(2025, 2, 10, 0, 5, 0): "2025/02/10 12:05:00 AM GMT+5",
        dt.datetime(2025, 2, 10, 12, 0, 59): "2025/02/10 12:00:59 PM GMT+5",
        dt.datetime(2025, 2, 10, 21, 30, 1): "2025/02/10 9:30:01 PM GMT+5",
    }
    for moment, expected in cases.items():
        assert generate_sample.format_timestamp(moment) == expected


# Shape and content of the committed exports


@pytest.mark.parametrize(("path", "rows"), [(PRE, 201), (POST, 180)])
def test_export_shape(path: Path, rows: int) -> None:
    frame = _read_export(path)
    assert len(frame) == rows
    assert _header(path) == generate_sample.HEADER
    assert len(generate_sample.HEADER) == 27


@pytest.mark.parametrize("path", [PRE, POST])
def test_export_is_utf8_with_lf(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    raw.decode("utf-8")


@pytest.mark.parametrize("path", [PRE, POST])
def test_timestamps_in_google_forms_format(path: Path) -> None:
    stamps = _read_export(path)[TIMESTAMP_COLUMN]
    bad = [stamp for stamp in stamps if not TIMESTAMP_PATTERN.match(stamp)]
    assert bad == []
    parsed = pd.to_datetime(
        stamps.str.removesuffix(" GMT+5"), format="%Y/%m/%d %I:%M:%S %p"
    )
    assert parsed.is_monotonic_increasing


@pytest.mark.parametrize("path", [PRE, POST])
def test_emails_use_reserved_domains(path: Path) -> None:
    emails = _read_export(path)["Адрес электронной почты"]
    bad = [email for email in emails if not EMAIL_PATTERN.match(email)]
    assert bad == []


def test_pre_has_one_duplicate(pre: pd.DataFrame) -> None:
    counts = pre[ID_COLUMN].value_counts()
    assert (counts == 2).sum() == 1
    assert (counts > 2).sum() == 0
    assert pre[ID_COLUMN].nunique() == 200


def test_duplicate_is_later_and_close(pre: pd.DataFrame, study: dict) -> None:
    counts = pre[ID_COLUMN].value_counts()
    rows = pre[pre[ID_COLUMN] == counts.index[0]]
    first, second = rows.iloc[0], rows.iloc[1]
    times = pd.to_datetime(
        rows[TIMESTAMP_COLUMN].str.removesuffix(" GMT+5"), format="%Y/%m/%d %I:%M:%S %p"
    )
    gap = times.iloc[1] - times.iloc[0]
    assert pd.Timedelta(minutes=1) < gap < pd.Timedelta(minutes=10)

    item_columns = [item["column"] for item in study["items"].values()]
    changed = [column for column in item_columns if first[column] != second[column]]
    assert len(changed) == 3
    other_columns = [
        c for c in pre.columns if c not in item_columns + [TIMESTAMP_COLUMN]
    ]
    assert first[other_columns].tolist() == second[other_columns].tolist()


def test_post_ids_with_typos(pre: pd.DataFrame, post: pd.DataFrame) -> None:
    pre_ids = set(pre[ID_COLUMN])
    unmatched = sorted(set(post[ID_COLUMN]) - pre_ids)
    # The ids that data/README.md lists.
    assert unmatched == ["S318", "s0444 ", "С0314"]
    for student_id in unmatched:
        assert _normalize_id(student_id) in pre_ids, student_id


def test_post_respondents_come_from_pre(pre: pd.DataFrame, post: pd.DataFrame) -> None:
    pre_ids = set(pre[ID_COLUMN])
    post_ids = post[ID_COLUMN].map(_normalize_id)
    assert post_ids.is_unique
    assert set(post_ids) <= pre_ids
    assert len(pre_ids - set(post_ids)) == 20


@pytest.mark.parametrize("path", [PRE, POST])
def test_ages_and_years_in_range(path: Path) -> None:
    frame = _read_export(path)
    ages = frame["Возраст"].astype(int)
    years = frame["Курс"].astype(int)
    assert ages.between(17, 26).all()
    assert years.between(1, 5).all()
    # Nobody is younger than 16 plus the year of study.
    assert (ages >= 16 + years).all()


def test_open_text_has_multiline_answers(pre: pd.DataFrame) -> None:
    answers = pre["Что могло бы повысить вашу социальную активность?"]
    multiline = answers[answers.str.contains("\n")]
    assert len(multiline) >= 3
    assert multiline.str.contains(",").any()
    assert answers.str.contains('"').any()


# The study file against the exports


def _named_columns(study: dict) -> list[str]:
    columns = [study["input"]["id"], *study["input"]["identifiers"]]
    columns += [item["column"] for item in study["items"].values()]
    columns += [group["column"] for group in study["groups"].values()]
    columns += [question["column"] for question in study["questions"].values()]
    return columns


@pytest.mark.parametrize("path", [PRE, POST])
def test_study_columns_exist(path: Path, study: dict) -> None:
    header = _header(path)
    missing = [column for column in _named_columns(study) if column not in header]
    assert missing == []


def test_study_names_input_files(study: dict) -> None:
    assert study["study"]["name"] == "social-responsibility"
    for name in study["input"]["files"]:
        assert (STUDY.parent / name).is_file(), name


def test_study_scales_use_known_items(study: dict) -> None:
    items = set(study["items"])
    scales = study["scales"]
    for name, scale in scales.items():
        for item_id in scale.get("items", []):
            assert item_id.lstrip("-") in items, (name, item_id)
        for subscale in scale.get("subscales", []):
            assert subscale in scales, (name, subscale)
    reverse = {
        item_id for item_id, item in study["items"].items() if item.get("reverse")
    }
    assert reverse == {"cog2", "cog5", "beh2", "beh4", "val3", "val5"}


@pytest.mark.parametrize("path", [PRE, POST])
def test_every_grid_answer_is_known(path: Path, study: dict) -> None:
    frame = _read_export(path)
    points, missing = _points_of_scale(study["response_scales"]["agree5"])
    unknown = set()
    for item in study["items"].values():
        for cell in frame[item["column"]]:
            folded = _fold(cell)
            if folded and folded not in points and folded not in missing:
                unknown.add(cell)
    assert unknown == set()


@pytest.mark.parametrize("group", ["specialty", "gender", "arm"])
@pytest.mark.parametrize("path", [PRE, POST])
def test_group_map_covers_answers(path: Path, study: dict, group: str) -> None:
    spec = study["groups"][group]
    values = _read_export(path)[spec["column"]]
    mapped = values.map(lambda value: spec["map"].get(value, value))
    assert set(mapped) == set(spec["order"])


@pytest.mark.parametrize("path", [PRE, POST])
def test_network_answers_split_on_options(path: Path, study: dict) -> None:
    spec = study["questions"]["networks"]
    options = sorted(spec["options"], key=len, reverse=True)
    answers = _read_export(path)[spec["column"]]
    others = set()
    for answer in answers:
        rest = answer
        for option in options:
            rest = rest.replace(option, "")
        others.update(part for part in rest.split(", ") if part)
    # Only typed "Other" answers remain once the listed options are removed.
    assert others <= set(generate_sample.OTHER_NETWORKS)
    assert answers.str.contains("Не пользуюсь, только мессенджеры").any()


def test_media_internet_share(pre: pd.DataFrame, study: dict) -> None:
    spec = study["questions"]["media"]
    answers = pre[spec["column"]]
    assert set(answers) - {""} <= set(spec["options"])
    assert 0.70 <= (answers == "Интернет").mean() <= 0.78


def test_study_scores_pre_wave() -> None:
    with pytest.warns(SurveyWarning):
        scored = score_responses(read_export(PRE), load_study(STUDY))
    assert scored.quality["rows_read"] == 201
    assert scored.quality["duplicates_removed"] == 1
    assert scored.quality["respondents"] == 200
    # The two respondents who skipped 6 of the 15 statements get no total score.
    assert scored.quality["scores_missing"]["social_responsibility"] == 2
    assert set(scored.groups["arm"].dropna()) == {"Programme", "Control"}


def test_study_scores_post_wave() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        scored = score_responses(read_export(POST), load_study(STUDY))
    assert scored.quality["respondents"] == 180
    assert scored.quality["duplicates_removed"] == 0
    assert scored.scores["social_responsibility"].notna().all()


# Design targets of the generator, computed on the committed files


@pytest.mark.parametrize("path", [PRE, POST])
@pytest.mark.parametrize("scale", ["cognitive", "behavioural", "value"])
def test_subscale_alpha_in_target_range(path: Path, study: dict, scale: str) -> None:
    scores = _item_scores(_read_export(path), study)
    items = study["scales"][scale]["items"]
    alpha, _ = pg.cronbach_alpha(scores[items], nan_policy="pairwise")
    assert 0.70 <= alpha <= 0.85


def test_programme_arm_improves(
    pre: pd.DataFrame, post: pd.DataFrame, study: dict
) -> None:
    def total(frame: pd.DataFrame) -> pd.Series:
        scores = _item_scores(frame, study).mean(axis=1)
        return pd.Series(scores.to_numpy(), index=frame[ID_COLUMN].map(_normalize_id))

    before = total(pre.drop_duplicates(ID_COLUMN, keep="last"))
    after = total(post)
    arm = pre.drop_duplicates(ID_COLUMN, keep="last").set_index(ID_COLUMN)["Группа"]
    arm = arm.map(lambda value: study["groups"]["arm"]["map"].get(value, value))
    matched = after.index
    change = (after - before.loc[matched]) / before.std()
    by_arm = change.groupby(arm.loc[matched]).mean()
    assert 0.30 <= by_arm["Programme"] <= 0.40
    assert abs(by_arm["Control"]) <= 0.08


# The bfi study file


def test_bfi_study_columns_exist() -> None:
    study = yaml.safe_load(BFI_STUDY.read_text(encoding="utf-8"))
    files = [(BFI_STUDY.parent / name).resolve() for name in study["input"]["files"]]
    assert files == [BFI.resolve()]
    header = _header(BFI)
    columns = [item["column"] for item in study["items"].values()]
    columns += [group["column"] for group in study["groups"].values()]
    assert [column for column in columns if column not in header] == []
    assert len(study["items"]) == 25


def test_bfi_study_reverse_keys() -> None:
    study = yaml.safe_load(BFI_STUDY.read_text(encoding="utf-8"))
    reverse = {
        item_id.removeprefix("-")
        for scale in study["scales"].values()
        for item_id in scale["items"]
        if item_id.startswith("-")
    }
    # psychTools 2.5.3, man/bfi.Rd, bfi.keys: -A1, -C4, -C5, -E1, -E2, -O2, -O5.
    assert reverse == {"A1", "C4", "C5", "E1", "E2", "O2", "O5"}
    for item in study["items"].values():
        assert item["range"] == [1, 6]


def test_bfi_study_scores_all_rows() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        scored = score_responses(read_export(BFI), load_study(BFI_STUDY))
    assert scored.quality["respondents"] == 2800
    assert list(scored.scores.columns) == [
        "agreeableness",
        "conscientiousness",
        "extraversion",
        "neuroticism",
        "openness",
    ]
    # Rows with the codes 2 and 1 in the gender column of tests/data/bfi.csv.
    assert scored.groups["gender"].value_counts().to_dict() == {
        "female": 1881,
        "male": 919,
    }


def test_bfi_group_maps_cover_codes() -> None:
    study = yaml.safe_load(BFI_STUDY.read_text(encoding="utf-8"))
    frame = pd.read_csv(BFI, dtype=str, keep_default_na=False)
    for name in ["gender", "education"]:
        spec = study["groups"][name]
        codes = set(frame[spec["column"]]) - {""}
        assert codes == set(spec["map"]), name
        assert set(spec["map"].values()) == set(spec["order"]), name
