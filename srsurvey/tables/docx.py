"""Write the report as a Word document with APA-style tables and figures."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from srsurvey.tables._common import (
    Numbering,
    check_report,
    number_blocks,
    table_frame,
)
from srsurvey.tables._display import display_table
from srsurvey.tables._figures import render_png
from srsurvey.tables.html import COMPACT_COLUMNS, WIDE_COLUMNS, report_version
from srsurvey.tables.model import Report, Table

__all__ = ["MAX_DOCX_ROWS", "write_docx"]

# Longer tables are referred to tables.xlsx and tables/<name>.csv instead of printed,
# because a Word table of thousands of rows is slow to build and unusable on paper.
MAX_DOCX_ROWS = 200

# A4 with 2.5 cm margins leaves 16 cm for text, the width of every figure.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_CM = 2.5
FIGURE_WIDTH_CM = 16.0
FIGURE_MAX_HEIGHT_CM = 21.0


def write_docx(report: Report, path: str | Path) -> Path:
    """Write ``report`` to ``path`` as a Word document.

    The document follows the order of the HTML report: title, warnings, data
    quality, methods, the sections, then an appendix that lists every table and
    shows the tables and figures that no section shows. Tables follow APA style.
    Each has a bold number and an italic title above it, rules above and below the
    header row and below the last row, and no vertical lines. Headers, intervals
    and flags are shown as in the HTML report, numbers are formatted with
    ``Table.formats`` and aligned right, and Word repeats the header row on each
    page. Tables of many columns get smaller type: 8.5 pt from
    :data:`~srsurvey.tables.html.COMPACT_COLUMNS` columns and 7 pt from
    :data:`~srsurvey.tables.html.WIDE_COLUMNS`, else 10 pt. A table with more
    than :data:`MAX_DOCX_ROWS` rows is replaced by a sentence that names its CSV
    file. Figures are PNG images 16 cm wide (less if the height would pass 21 cm)
    with the figure's ``alt_text`` as the image description.
    """
    check_report(report)
    images = {name: render_png(fig.figure) for name, fig in report.figures.items()}
    return _write_docx(report, path, images)


def _write_docx(
    report: Report, path: str | Path, png_images: Mapping[str, bytes]
) -> Path:
    """Write the document with figures that are already rendered to PNG, by name."""
    from docx import Document

    path = Path(path)
    numbering = number_blocks(report)
    document = Document()
    _set_up_page(document, report)
    document.add_heading(report.title, level=0)

    if report.warnings:
        document.add_heading("Warnings", level=1)
        for warning in report.warnings:
            document.add_paragraph(warning, style="List Bullet")
    if report.quality:
        document.add_heading("Data quality", level=1)
        for line in report.quality:
            document.add_paragraph(line, style="List Bullet")
    if report.methods:
        document.add_heading("Methods", level=1)
        for paragraph in report.methods:
            document.add_paragraph(paragraph)

    for section in report.sections:
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            if block.kind == "text":
                document.add_paragraph(block.content)
            elif block.kind == "table":
                _add_table(document, report.tables[block.content], numbering)
            else:
                _add_figure(document, report, block.content, numbering, png_images)

    if numbering.unplaced_figures:
        document.add_heading("Other figures", level=1)
        for name in numbering.unplaced_figures:
            _add_figure(document, report, name, numbering, png_images)
    if report.tables:
        _add_table_index(document, report, numbering)

    footer = document.add_paragraph(
        f"Report written by srsurvey {report_version(report)}."
    )
    footer.runs[0].italic = True
    document.save(path)
    return path


def _set_up_page(document: Any, report: Report) -> None:
    from docx.shared import Cm, Pt

    for section in document.sections:
        section.page_width = Cm(PAGE_WIDTH_CM)
        section.page_height = Cm(PAGE_HEIGHT_CM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = report.title
    properties.author = "srsurvey"
    properties.last_modified_by = "srsurvey"


def _add_table(document: Any, table: Table, numbering: Numbering) -> None:
    from docx.shared import Pt

    number = numbering.tables[table.name]
    label = document.add_paragraph()
    label.add_run(f"Table {number}").bold = True
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(0)
    title = document.add_paragraph()
    title.add_run(table.title).italic = True
    title.paragraph_format.keep_with_next = True

    frame = table_frame(table)
    if len(frame) > MAX_DOCX_ROWS or len(frame.columns) == 0:
        reason = (
            f"The table has {len(frame)} rows"
            if len(frame.columns)
            else "The table has no columns"
        )
        document.add_paragraph(
            f"{reason}. It is in tables.xlsx and in tables/{table.name}.csv."
        )
        _add_note(document, table.description)
        return

    display = display_table(table)
    size = _font_size(len(display.labels))
    word_table = document.add_table(
        rows=len(display.rows) + 1, cols=len(display.labels)
    )
    word_table.style = document.styles["Normal Table"]
    _set_apa_borders(word_table)

    rows = word_table.rows
    _mark_header_row(rows[0])
    for cell, label, right in zip(
        rows[0].cells, display.labels, display.numeric, strict=True
    ):
        run = _fill_cell(cell, label, right, size)
        run.bold = True
    for word_row, row in zip(rows[1:], display.rows, strict=True):
        for cell, text, right in zip(word_row.cells, row, display.numeric, strict=True):
            _fill_cell(cell, text, right, size)
    for cell in rows[0].cells:
        _set_cell_bottom_rule(cell)

    _add_note(document, table.description)


def _font_size(columns: int) -> float:
    """Return the type size in points for a table of this many display columns."""
    if columns >= WIDE_COLUMNS:
        return 7.0
    if columns >= COMPACT_COLUMNS:
        return 8.5
    return 10.0


def _fill_cell(cell: Any, text: str, right: bool, size: float) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    return run


def _add_note(document: Any, description: str) -> None:
    if not description:
        return
    note = document.add_paragraph()
    note.add_run("Note. ").italic = True
    note.add_run(description)


def _set_apa_borders(word_table: Any) -> None:
    """Draw rules above and below the table and none between columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = word_table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        if side in ("top", "bottom"):
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), "8")  # eighths of a point: a 1 pt rule
            border.set(qn("w:color"), "000000")
        else:
            border.set(qn("w:val"), "nil")
        border.set(qn("w:space"), "0")
        borders.append(border)
    properties.append(borders)


def _set_cell_bottom_rule(cell: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cell_properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "4")  # a 0.5 pt rule under the header row
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    cell_properties.append(borders)


def _mark_header_row(row: Any) -> None:
    """Make Word repeat the row at the top of each page the table spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row_properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _add_figure(
    document: Any,
    report: Report,
    name: str,
    numbering: Numbering,
    png_images: Mapping[str, bytes],
) -> None:
    from docx.shared import Cm, Pt

    figure = report.figures[name]
    label = document.add_paragraph()
    label.add_run(f"Figure {numbering.figures[name]}").bold = True
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(0)
    title = document.add_paragraph()
    title.add_run(figure.title).italic = True
    title.paragraph_format.keep_with_next = True

    shape = document.add_picture(
        io.BytesIO(png_images[name]), width=Cm(FIGURE_WIDTH_CM)
    )
    if shape.height > Cm(FIGURE_MAX_HEIGHT_CM):
        ratio = Cm(FIGURE_MAX_HEIGHT_CM) / shape.height
        shape.height = Cm(FIGURE_MAX_HEIGHT_CM)
        shape.width = int(shape.width * ratio)
    # Word reads the image description (alt text) from docPr/@descr.
    shape._inline.docPr.set("descr", figure.alt_text or figure.title)
    _add_note(document, figure.caption)


def _add_table_index(document: Any, report: Report, numbering: Numbering) -> None:
    document.add_heading("All tables", level=1)
    document.add_paragraph(
        "Numbers in this document are rounded. tables.xlsx and the CSV files in "
        "tables/ keep every value unrounded."
    )
    ordered = sorted(report.tables.values(), key=lambda t: numbering.tables[t.name])
    for table in ordered:
        rows = len(table.data)
        document.add_paragraph(
            f"Table {numbering.tables[table.name]}. {table.title}: "
            f"tables/{table.name}.csv, {rows} {'row' if rows == 1 else 'rows'}",
            style="List Bullet",
        )
    unplaced = [
        name for name in numbering.unplaced_tables if report.tables[name].in_report
    ]
    if unplaced:
        document.add_heading("Tables not shown above", level=2)
        for name in unplaced:
            _add_table(document, report.tables[name], numbering)
