"""``srsurvey analyze`` from raw export to every output file, on shipped data."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from srsurvey.cli import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_pre.csv"
STUDY = ROOT / "data" / "study.yaml"
BFI = ROOT / "tests" / "data" / "bfi.csv"

STABLE_COLUMNS = {
    "reliability": [
        "scale", "n_items", "n", "alpha", "alpha_ci_low", "alpha_ci_high",
        "alpha_std", "omega_total", "mean_inter_item_r", "missing_rule",
    ],
    "item_statistics": [
        "scale", "item", "n", "mean", "sd", "item_rest_r", "alpha_if_deleted",
    ],
    "descriptives": [
        "scale", "group", "group_value", "n", "missing", "mean", "sd", "median",
        "min", "max", "skewness", "kurtosis",
    ],
    "frequencies": ["question", "option", "count", "percent", "valid_percent"],
}  # fmt: skip


def _analyze(args: list[str], capsys) -> tuple[int, str]:
    status = run(["analyze", *args])
    captured = capsys.readouterr()
    return status, captured.err


def _output_texts(folder: Path) -> dict[str, str]:
    """Return the text of every output file, with XLSX and DOCX unzipped."""
    texts = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.suffix == ".png":
            continue
        if path.suffix in {".xlsx", ".docx"}:
            with zipfile.ZipFile(path) as archive:
                texts[str(path)] = "\n".join(
                    archive.read(name).decode("utf-8", "replace")
                    for name in archive.namelist()
                    if name.endswith(".xml")
                )
        else:
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def _personal_values() -> list[str]:
    raw = pd.read_csv(SAMPLE, dtype=str)
    emails = raw["Адрес электронной почты"].dropna().tolist()
    names = raw["ФИО"].dropna().tolist()
    return emails + names


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "report"
    status = run(["analyze", str(SAMPLE), "--study", str(STUDY), "--out", str(out)])
    assert status == 0
    return out


def test_sample_writes_every_output(sample_report):
    for name in [
        "report.html", "report.docx", "tables.xlsx", "summary.md", "results.json",
        "manifest.json",
    ]:  # fmt: skip
        assert (sample_report / name).is_file(), name
    for table in STABLE_COLUMNS:
        assert (sample_report / "tables" / f"{table}.csv").is_file(), table


@pytest.mark.parametrize("table", sorted(STABLE_COLUMNS))
def test_sample_tables_have_stable_columns(sample_report, table):
    frame = pd.read_csv(sample_report / "tables" / f"{table}.csv")
    for column in STABLE_COLUMNS[table]:
        assert column in frame.columns, f"{table}.csv lacks {column}"


def test_sample_figures_in_png_and_svg(sample_report):
    pngs = sorted(p.stem for p in (sample_report / "figures").glob("*.png"))
    svgs = sorted(p.stem for p in (sample_report / "figures").glob("*.svg"))
    assert pngs == svgs
    assert any(name.startswith("likert_") for name in pngs)
    assert any(name.startswith("scores_") for name in pngs)
    assert "question_networks" in pngs
    assert "question_media" in pngs


def test_sample_html_is_self_contained(sample_report):
    html = (sample_report / "report.html").read_text(encoding="utf-8")
    assert re.search(r'(src|href)="https?:', html) is None
    assert "data:image/" in html
    assert "Methods" in html
    assert "Cronbach" in html


def test_sample_manifest_hashes_input(sample_report):
    manifest = json.loads((sample_report / "manifest.json").read_text("utf-8"))
    expected = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    hashes = [entry["sha256"] for entry in manifest["inputs"]]
    assert expected in hashes
    assert (
        manifest["study_file"]["sha256"]
        == hashlib.sha256(STUDY.read_bytes()).hexdigest()
    )
    assert manifest["libraries"]["pandas"] == pd.__version__
    assert manifest["started"] <= manifest["finished"]


def test_sample_outputs_contain_no_personal_data(sample_report):
    personal = _personal_values()
    assert len(personal) > 300
    for path, text in _output_texts(sample_report).items():
        for value in personal:
            assert value not in text, f"{value!r} leaked into {path}"
        assert "@example." not in text, f"an e-mail address leaked into {path}"


def test_sample_counts_duplicate_once(sample_report):
    quality = pd.read_csv(sample_report / "tables" / "data_quality.csv")
    values = dict(zip(quality["measure"], quality["value"], strict=True))
    assert values["rows read"] == 201
    assert values["duplicates removed"] == 1
    assert values["respondents"] == 200


def test_keep_identifiers_adds_them_to_scores(tmp_path, capsys):
    out = tmp_path / "report"
    status, err = _analyze(
        [str(SAMPLE), "--study", str(STUDY), "--out", str(out), "--no-figures",
         "--keep-identifiers"],
        capsys,
    )  # fmt: skip
    assert status == 0, err
    scores = pd.read_csv(out / "tables" / "scores.csv", dtype=str)
    assert "Адрес электронной почты" in scores.columns
    assert (
        scores["Адрес электронной почты"]
        .str.endswith(("@example.com", "@example.org"))
        .all()
    )


def test_first_look_hides_personal_data(tmp_path, capsys):
    out = tmp_path / "report"
    status, err = _analyze([str(SAMPLE), "--out", str(out), "--no-figures"], capsys)
    assert status == 0, err
    frequencies = pd.read_csv(out / "tables" / "frequencies.csv")
    assert len(frequencies) > 20
    for path, text in _output_texts(out).items():
        assert "@example." not in text, f"an e-mail address leaked into {path}"


@pytest.fixture(scope="module")
def bfi_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bfi") / "report"
    status = run(
        [
            "analyze", str(BFI),
            "--scale", "agreeableness=-A1,A2,A3,A4,A5",
            "--scale", "conscientiousness=C1,C2,C3,-C4,-C5",
            "--scale", "extraversion=-E1,-E2,E3,E4,E5",
            "--scale", "neuroticism=N1,N2,N3,N4,N5",
            "--scale", "openness=O1,-O2,O3,O4,-O5",
            "--range", "1-6", "--group", "gender", "--out", str(out), "--no-figures",
        ]
    )  # fmt: skip
    assert status == 0
    return out


# R psych::alpha on bfi with the keys above (pairwise, the default), as printed in
# the README of jimmyrigby94/regcleaner (commit 85ab56c): raw_alpha and std.alpha.
PSYCH_BFI_ALPHA = {
    "agreeableness": (0.7030184, 0.7130286),
}


def test_bfi_alpha_equals_psych(bfi_report):
    table = pd.read_csv(bfi_report / "tables" / "reliability.csv").set_index("scale")
    for scale, (raw, standardised) in PSYCH_BFI_ALPHA.items():
        assert table.loc[scale, "alpha"] == pytest.approx(raw, abs=1e-7)
        assert table.loc[scale, "alpha_std"] == pytest.approx(standardised, abs=1e-7)
    assert list(table.index) == [
        "agreeableness", "conscientiousness", "extraversion", "neuroticism",
        "openness",
    ]  # fmt: skip
    assert (table["missing_rule"] == "pairwise").all()


def test_bfi_gender_comparison_rows(bfi_report):
    table = pd.read_csv(bfi_report / "tables" / "group_comparisons.csv")
    welch = table[table["test"].str.contains("Welch")]
    assert set(welch["measure"]) == {
        "agreeableness", "conscientiousness", "extraversion", "neuroticism",
        "openness",
    }  # fmt: skip
    assert (welch["n_groups"] == 2).all()
    assert welch["p_adjusted"].ge(welch["p_value"]).all()


def test_bfi_results_json_has_alpha(bfi_report):
    results = json.loads((bfi_report / "results.json").read_text("utf-8"))
    alpha = results["scales"]["agreeableness"]["alpha"]
    assert alpha == pytest.approx(0.7030184, abs=1e-7)


def test_sample_duplicates_show_file_names(sample_report):
    duplicates = pd.read_csv(sample_report / "tables" / "duplicates.csv")
    assert set(duplicates["file"]) == {"sample_pre.csv"}
    assert set(duplicates["kept_file"]) == {"sample_pre.csv"}


def test_numeric_item_outside_scales_described(tmp_path, capsys):
    export = tmp_path / "ages.csv"
    rows = ["Q1,Q2,Age"] + [
        f"{i % 5 + 1},{(i + 1) % 5 + 1},{18 + i % 7}" for i in range(30)
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    study = tmp_path / "study.yaml"
    study.write_text(
        "study:\n  name: ages\n"
        "items:\n  q1:\n    column: Q1\n    range: [1, 5]\n"
        "  q2:\n    column: Q2\n    range: [1, 5]\n"
        "  age:\n    column: Age\n    range: [17, 30]\n"
        "scales:\n  total:\n    items: [q1, q2]\n",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    status, err = _analyze(
        [str(export), "--study", str(study), "--out", str(out), "--no-figures"], capsys
    )
    assert status == 0, err
    table = pd.read_csv(out / "tables" / "numeric_questions.csv")
    assert list(table["scale"]) == ["age"]
    ages = pd.read_csv(export)["Age"]
    assert table.loc[0, "mean"] == pytest.approx(ages.mean())
    assert table.loc[0, "sd"] == pytest.approx(ages.std())
