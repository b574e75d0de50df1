"""summary.md: headings, rounded tables, long tables as links and escaping."""

from __future__ import annotations

import pandas as pd

from srsurvey.tables.markdown import MAX_MARKDOWN_ROWS, render_markdown
from srsurvey.tables.model import Report, Section, Table


def test_markdown_headings_in_order(report):
    headings = [
        line for line in render_markdown(report).splitlines() if line[:1] == "#"
    ]
    assert headings == [
        "# Социальная ответственность студентов",
        "## Warnings",
        "## Data quality",
        "## Methods",
        "## Надёжность",
        r"## Comparisons \<b\>bold?\</b\>",
        "## All tables",
    ]


def test_markdown_table_rounded_per_formats(report):
    lines = render_markdown(report).splitlines()
    assert r"| Scale | Items | Alpha | 95% CI |" in lines
    assert "| --- | ---: | ---: | ---: |" in lines
    assert r"| Социальная ответственность | 8 | 0.812 | \[0.771, 0.846\] |" in lines
    assert r"| Әлеуметтік жауапкершілік | 5 | 0.605 | \[0.512, —\] |" in lines


def test_markdown_p_values_apa(report):
    lines = render_markdown(report).splitlines()
    assert r"| Город | -2.35 | \< .001 | 61.2 |" in lines
    assert "| Село | 0.51 | .023 | 38.8 |" in lines


def test_markdown_long_table_is_link():
    rows = MAX_MARKDOWN_ROWS + 1
    report = Report(title="R", name="r")
    report.add_table(Table("items", "Items", pd.DataFrame({"x": range(rows)})))
    report.sections.append(Section("S").table("items"))
    text = render_markdown(report)
    assert f"{rows} rows, see [tables/items.csv](tables/items.csv)." in text
    assert "| x |" not in text


def test_markdown_table_at_limit_is_printed():
    report = Report(title="R", name="r")
    data = pd.DataFrame({"x": range(MAX_MARKDOWN_ROWS)})
    report.add_table(Table("items", "Items", data))
    report.sections.append(Section("S").table("items"))
    lines = render_markdown(report).splitlines()
    assert "| x |" in lines
    assert f"| {MAX_MARKDOWN_ROWS - 1} |" in lines


def test_markdown_lists_every_table(report):
    text = render_markdown(report)
    assert (
        "- Table 4. Item means: [tables/item_means.csv](tables/item_means.csv), 45 rows"
    ) in text
    assert "[tables/reliability.csv](tables/reliability.csv), 2 rows" in text


def test_markdown_figure_links_png(report):
    text = render_markdown(report)
    assert "**Figure 1.** Распределение ответов" in text
    assert "![Bar chart: Да 12, Нет 7, Иә 5.](figures/answers_chart.png)" in text


def test_markdown_escapes_cells():
    data = pd.DataFrame(
        {"answer": ["a | b", "<script>x</script>", "*bold*", "line1\nline2", "[x](y)"]}
    )
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", data))
    report.sections.append(Section("S").table("t"))
    lines = render_markdown(report).splitlines()
    assert r"| a \| b |" in lines
    assert r"| \<script\>x\</script\> |" in lines
    assert r"| \*bold\* |" in lines
    assert "| line1<br>line2 |" in lines
    assert r"| \[x\](y) |" in lines


def test_markdown_escapes_paragraph_line_starts():
    report = Report(title="R", name="r")
    report.sections.append(Section("S").text("# not a heading\n- not a list\n1. plain"))
    lines = render_markdown(report).splitlines()
    assert r"\# not a heading" in lines
    assert r"\- not a list" in lines
    assert r"1\. plain" in lines


def test_markdown_escapes_list_items():
    report = Report(title="R", name="r", warnings=["- nested?"], quality=["5 < 6"])
    lines = render_markdown(report).splitlines()
    assert r"- \- nested?" in lines
    assert r"- 5 \< 6" in lines


def test_markdown_ends_with_one_newline(report):
    text = render_markdown(report)
    assert text.endswith(".csv), 45 rows\n")
    assert not text.endswith("\n\n")
