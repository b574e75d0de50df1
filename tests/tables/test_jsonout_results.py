"""results.json leaves out tables of per-respondent data."""

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
