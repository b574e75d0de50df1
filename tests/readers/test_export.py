"""read_export dispatch and bad files, read_exports, and untouched inputs."""

from __future__ import annotations

import hashlib
import os
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srsurvey.errors import DataFileError, SurveyWarning
from srsurvey.readers import Responses, read_export, read_exports


def test_missing_file_not_found(tmp_path):
    path = tmp_path / "absent.csv"

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert "not found" in str(caught.value)
    assert caught.value.file == str(path)
    assert "Check the path" in str(caught.value)


def test_directory_is_rejected(tmp_path):
    with pytest.raises(DataFileError, match="is a folder, not a file"):
        read_export(tmp_path)


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    with pytest.raises(DataFileError, match=r"empty \(0 bytes\)"):
        read_export(path)


def test_blank_text_file_is_rejected(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\r\n\r\n  \n")

    with pytest.raises(DataFileError, match="only blank lines"):
        read_export(path)


@pytest.mark.parametrize(
    ("content", "description"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy Excel 97-2003"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "a PNG image"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "a gzip archive"),
        (b"$FL2@(#) SPSS DATA FILE", "an SPSS data file"),
        (b"id,answer\n1,\x00\x00\x00\n", "binary data"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "a web page"),
    ],
)
def test_unsupported_format_is_named(tmp_path, content, description):
    path = tmp_path / "export.csv"
    path.write_bytes(content)

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert description in str(caught.value)
    assert caught.value.file == str(path)


def test_zip_archive_is_named(tmp_path):
    import zipfile

    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("responses.csv", "id\n1\n")

    with pytest.raises(DataFileError) as caught:
        read_export(path)

    assert "a ZIP archive" in str(caught.value)
    assert "Extract the export" in str(caught.value)


def test_csv_named_xlsx_is_read_as_csv(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("id,answer\n007,a\n", encoding="utf-8")

    with pytest.warns(
        SurveyWarning, match='is CSV text although its name ends in ".xlsx"'
    ):
        responses = read_export(path)

    assert responses.data["id"].tolist() == ["007"]
    assert responses.details["format"] == "csv"
    assert any("Rename it to .csv" in message for message in responses.warnings)


def test_sheet_option_on_csv_warns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id\n1\n", encoding="utf-8")

    with pytest.warns(SurveyWarning, match="has no sheets"):
        read_export(path, sheet="Sheet1")


def test_source_file_is_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "export.csv").write_text("id\n1\n2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    responses = read_export("export.csv")

    assert responses.source_files.tolist() == ["export.csv", "export.csv"]
    assert responses.files == ["export.csv"]
    assert responses.columns["id"].file == "export.csv"


@pytest.mark.parametrize(
    "name", ["google_forms_en.csv", "excel_ru_semicolon_cp1251.csv"]
)
def test_input_bytes_unchanged(data_dir, name):
    path = data_dir / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    modified = os.stat(path).st_mtime_ns

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        read_export(path)

    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert os.stat(path).st_mtime_ns == modified


def test_xlsx_bytes_unchanged(tmp_path, write_xlsx):
    path = write_xlsx(tmp_path / "export.xlsx", {"Sheet1": [["Q"], ["a"]]})
    before = path.read_bytes()

    read_export(path)

    assert path.read_bytes() == before


def test_read_exports_stacks_rows(tmp_path):
    first = tmp_path / "pre.csv"
    second = tmp_path / "post.csv"
    first.write_text("Timestamp,id,Q\n2024/02/28 10:15:03 PM GMT+6,001,a\n", "utf-8")
    second.write_text(
        "Timestamp,id,Q\n2024/03/05 9:00:00 AM GMT+5,002,b\n2024/03/05 9:01:00 AM GMT+5,003,c\n",
        "utf-8",
    )

    responses = read_exports([first, second])

    assert responses.data["id"].tolist() == ["001", "002", "003"]
    assert responses.source_files.tolist() == [str(first), str(second), str(second)]
    assert responses.source_rows.tolist() == [2, 2, 3]
    assert responses.data["Timestamp"].tolist() == [
        pd.Timestamp("2024-02-28 16:15:03", tz="UTC"),
        pd.Timestamp("2024-03-05 04:00:00", tz="UTC"),
        pd.Timestamp("2024-03-05 04:01:00", tz="UTC"),
    ]
    assert responses.location(2) == (str(second), 3)
    assert responses.details["files"] == f"{first}; {second}"
    assert responses.details["encoding"] == "utf-8"


def test_read_exports_missing_column_warns(tmp_path):
    first = tmp_path / "a.csv"
    second = tmp_path / "b.csv"
    first.write_text("id,Q1,Q2\n1,a,x\n", "utf-8")
    second.write_text("id,Q1\n2,b\n", "utf-8")

    with pytest.warns(SurveyWarning, match=r'b.csv: the column "Q2" is missing'):
        responses = read_exports([first, second])

    assert list(responses.data.columns) == ["source", "id", "Q1", "Q2"]
    assert responses.data["Q2"].tolist()[0] == "x"
    assert responses.data["Q2"].iloc[1] is pd.NA


def test_read_exports_mixed_zones_and_decimals(tmp_path, write_xlsx):
    import datetime as dt

    csv_path = tmp_path / "a.csv"
    csv_path.write_text("Timestamp,value\n2024/02/28 10:15:03 PM GMT+6,3.5\n", "utf-8")
    xlsx_path = write_xlsx(
        tmp_path / "b.xlsx",
        {"Sheet1": [["Timestamp", "value"], [dt.datetime(2024, 3, 5, 9, 0), "4"]]},
    )
    semicolon = tmp_path / "c.csv"
    semicolon.write_text("Timestamp;value\n05.03.2024 10:00:00;4,5\n", "utf-8")

    with pytest.warns(SurveyWarning) as caught:
        responses = read_exports([csv_path, xlsx_path, semicolon])

    messages = " ".join(str(warning.message) for warning in caught)
    assert "only some files have a time zone" in messages
    assert "both are accepted as decimal separators" in messages
    assert responses.decimal == ","
    assert responses.data["Timestamp"].dt.tz is None
    assert responses.data["Timestamp"].tolist() == [
        pd.Timestamp("2024-02-28 16:15:03"),
        pd.Timestamp("2024-03-05 09:00:00"),
        pd.Timestamp("2024-03-05 10:00:00"),
    ]


def test_read_exports_repeated_file_warns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id\n1\n", "utf-8")

    with pytest.warns(SurveyWarning, match="given more than once"):
        responses = read_exports([path, path])

    assert len(responses.data) == 2


def test_read_exports_empty_list_is_rejected():
    with pytest.raises(DataFileError, match="no export files"):
        read_exports([])


def test_read_exports_bad_file_names_it(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("id\n1\n", "utf-8")

    with pytest.raises(DataFileError) as caught:
        read_exports([good, tmp_path / "missing.csv"])

    assert caught.value.file == str(tmp_path / "missing.csv")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    content=st.one_of(
        st.binary(min_size=0, max_size=300),
        st.text(alphabet=st.sampled_from('ab,;\t"\r\n 1\x00é'), max_size=120).map(
            lambda text: text.encode("utf-8")
        ),
        st.text(alphabet=st.sampled_from('ab,"\n 1'), max_size=120).map(
            lambda text: ("Timestamp,Q1,Q2\n" + text).encode("utf-8")
        ),
    )
)
def test_any_bytes_give_responses_or_data_file_error(tmp_path, content):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(content)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SurveyWarning)
        try:
            result = read_export(path)
        except DataFileError:
            return

    assert isinstance(result, Responses)
    assert len(result.data) == len(result.source_rows)
