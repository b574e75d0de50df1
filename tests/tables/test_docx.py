"""report.docx: headings, APA tables with formatted numbers, figures."""

from __future__ import annotations

import docx
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from srsurvey.tables.docx import MAX_DOCX_ROWS, write_docx
from srsurvey.tables.html import WIDE_COLUMNS
from srsurvey.tables.model import Figure, Report, Section, Table


@pytest.fixture
def document(report, tmp_path):
    return docx.Document(str(write_docx(report, tmp_path / "report.docx")))


def _cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_headings_in_order(document):
    headings = [
        p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    assert headings == [
        "Социальная ответственность студентов",
        "Warnings",
        "Data quality",
        "Methods",
        "Надёжность",
        "Comparisons <b>bold?</b>",
        "All tables",
        "Tables not shown above",
    ]


def test_docx_contains_every_table(document, report):
    assert len(document.tables) == len(report.tables)
    headers = [_cell_texts(table)[0] for table in document.tables]
    assert headers[0] == ["Scale", "Items", "Alpha", "95% CI"]
    assert headers[3] == ["Item", "Mean"]


def test_docx_numbers_formatted(document):
    reliability, comparison = (
        _cell_texts(document.tables[0]),
        _cell_texts(document.tables[1]),
    )
    # ci_high has no format of its own, so it takes the format of ci_low.
    assert reliability[1] == [
        "Социальная ответственность",
        "8",
        "0.812",
        "[0.771, 0.846]",
    ]
    assert reliability[2][-1] == "[0.512, —]"
    assert comparison[1] == ["Город", "-2.35", "< .001", "61.2"]
    assert comparison[2] == ["Село", "0.51", ".023", "38.8"]


def test_docx_wide_table_smaller_type(tmp_path):
    columns = {f"c{i}": [1.5] for i in range(WIDE_COLUMNS)}
    report = Report(title="R", name="r")
    report.add_table(Table("wide", "Wide", pd.DataFrame(columns)))
    report.sections.append(Section("S").table("wide"))
    document = docx.Document(str(write_docx(report, tmp_path / "r.docx")))
    run = document.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert run.font.size == Pt(7)


def test_docx_narrow_table_10_pt(document):
    run = document.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert run.font.size == Pt(10)


def test_docx_header_bold_and_repeated(document):
    header = document.tables[0].rows[0]
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    body_run = document.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert not body_run.bold


def test_docx_numbers_aligned_right(document):
    row = document.tables[0].rows[1]
    assert row.cells[0].paragraphs[0].alignment is None
    assert row.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_docx_apa_rules(document):
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    values = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert values == {
        "top": "single",
        "left": "nil",
        "bottom": "single",
        "right": "nil",
        "insideH": "nil",
        "insideV": "nil",
    }


def test_docx_table_caption_above(document):
    texts = [p.text for p in document.paragraphs]
    index = texts.index("Table 1")
    assert texts[index + 1] == "Надёжность шкал (α Кронбаха)"
    assert "Note. 95% CI by Feldt's method." in texts


def test_docx_keeps_markup_as_text(document):
    # Word stores text, not markup, so a <script> answer stays literal text.
    answers = _cell_texts(document.tables[2])
    assert answers[5][1] == "<script>alert('x')</script>"


def test_docx_figure_16_cm_with_alt_text(document):
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert shapes[0].width == Cm(16)
    description = shapes[0]._inline.docPr.get("descr")
    assert description == "Bar chart: Да 12, Нет 7, Иә 5."


def test_docx_tall_figure_is_limited(tmp_path):
    figure, _ = plt.subplots(figsize=(3, 9))
    report = Report(title="R", name="r")
    report.add_figure(Figure("tall", "Tall", figure))
    report.sections.append(Section("S").figure("tall"))
    path = write_docx(report, tmp_path / "r.docx")
    shape = docx.Document(str(path)).inline_shapes[0]
    assert shape.height == Cm(21)
    assert shape.width < Cm(16)


def test_docx_long_table_refers_to_csv(tmp_path):
    rows = MAX_DOCX_ROWS + 1
    report = Report(title="R", name="r")
    report.add_table(Table("items", "Items", pd.DataFrame({"x": range(rows)})))
    report.sections.append(Section("S").table("items"))
    document = docx.Document(str(write_docx(report, tmp_path / "r.docx")))
    assert document.tables == []
    texts = [p.text for p in document.paragraphs]
    assert (
        f"The table has {rows} rows. It is in tables.xlsx and in tables/items.csv."
        in texts
    )


def test_docx_footer_version(document):
    assert document.paragraphs[-1].text == "Report written by srsurvey 9.8.7."


def test_docx_page_is_a4(document):
    # Word stores page sizes in twentieths of a point, so compare to 0.01 cm.
    section = document.sections[0]
    assert round(section.page_width.cm, 2) == 21.0
    assert round(section.page_height.cm, 2) == 29.7
    assert round(section.left_margin.cm, 2) == 2.5
