"""Table flags that keep per-respondent and wide tables out of some outputs."""

import json

import pandas as pd

from srsurvey.tables.jsonout import write_results_json
from srsurvey.tables.model import Report, Table


def test_per_respondent_table_not_in_results(tmp_path):
    report = Report(title="t", name="t")
    report.add_table(
        Table("reliability", "Reliability", pd.DataFrame({"alpha": [0.7]}))
    )
    report.add_table(
        Table("scores", "Scores", pd.DataFrame({"s": [1.0, 2.0]}), in_results=False)
    )
    path = write_results_json(report, tmp_path / "results.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "reliability" in data["tables"]
    assert "scores" not in data["tables"]


def test_table_outside_report_listed_not_printed(tmp_path):
    from srsurvey.tables.html import render_html
    from srsurvey.tables.model import Section

    report = Report(title="t", name="t")
    report.add_table(Table("summary", "Summary", pd.DataFrame({"a": [1]})))
    report.add_table(
        Table("full", "Full table", pd.DataFrame({"wide_column": [2]}), in_report=False)
    )
    report.sections.append(Section("Results").table("summary"))
    html = render_html(report)
    assert "Full table (in tables.xlsx and tables/ only)" in html
    assert "wide_column" not in html
