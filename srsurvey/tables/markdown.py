"""Render the report as summary.md, a short GitHub Markdown overview."""

from __future__ import annotations

import re

from srsurvey.tables._common import (
    Numbering,
    check_report,
    number_blocks,
    table_frame,
)
from srsurvey.tables._display import display_table
from srsurvey.tables.model import Report, Table

__all__ = ["MAX_MARKDOWN_ROWS", "render_markdown"]

# Tables with more rows are linked as tables/<name>.csv instead of printed, because
# a Markdown table of hundreds of rows is unreadable in a text editor or on GitHub.
MAX_MARKDOWN_ROWS = 30

# CommonMark treats these characters as markup anywhere in a line. "|" splits table
# cells, "<" would start raw HTML, which GitHub renders, and "&" an entity such as &lt;.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
# These start a heading, quote, list item or thematic break at the start of a line.
_LINE_START_MARKUP = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def render_markdown(report: Report) -> str:
    """Render ``report`` as GitHub Markdown for summary.md.

    The text has the title, the warnings, the data-quality summary, the methods and
    every section in order, then a list of all tables with links to their CSV files.
    A table of at most :data:`MAX_MARKDOWN_ROWS` rows is printed as a Markdown table
    with readable headers, confidence intervals as one ``[low, high]`` column and
    the numbers rounded to ``Table.formats``. A longer table is replaced
    by a link to ``tables/<name>.csv``. A figure is an image link to
    ``figures/<name>.png``. All text from the report is escaped, so ``|``, ``*`` or
    ``<script>`` in a cell shows as typed.
    """
    check_report(report)
    numbering = number_blocks(report)
    lines = [f"# {_escape(report.title)}", ""]

    if report.warnings:
        lines += ["## Warnings", ""]
        lines += [f"- {_escape(warning)}" for warning in report.warnings]
        lines.append("")
    if report.quality:
        lines += ["## Data quality", ""]
        lines += [f"- {_escape(line)}" for line in report.quality]
        lines.append("")
    if report.methods:
        lines += ["## Methods", ""]
        for paragraph in report.methods:
            lines += [_escape_paragraph(paragraph), ""]

    for section in report.sections:
        lines += [f"## {_escape(section.title)}", ""]
        for block in section.blocks:
            if block.kind == "text":
                lines += [_escape_paragraph(block.content), ""]
            elif block.kind == "table":
                lines += _table_lines(report.tables[block.content], numbering)
            else:
                lines += _figure_lines(report, block.content, numbering)

    if numbering.unplaced_figures:
        lines += ["## Other figures", ""]
        for name in numbering.unplaced_figures:
            lines += _figure_lines(report, name, numbering)
    if report.tables:
        lines += _table_index_lines(report, numbering)

    return "\n".join(lines).rstrip("\n") + "\n"


def _table_lines(table: Table, numbering: Numbering) -> list[str]:
    number = numbering.tables[table.name]
    frame = table_frame(table)
    lines = [f"**Table {number}.** {_escape(table.title)}", ""]
    if table.description:
        lines += [_escape_paragraph(table.description), ""]

    if len(frame) > MAX_MARKDOWN_ROWS:
        link = f"[tables/{table.name}.csv](tables/{table.name}.csv)"
        return lines + [f"{len(frame)} rows, see {link}.", ""]
    if len(frame.columns) == 0:
        return lines + ["The table has no columns.", ""]

    display = display_table(table)
    header = "| " + " | ".join(_cell(label) for label in display.labels) + " |"
    rule = "| " + " | ".join("---:" if n else "---" for n in display.numeric) + " |"
    lines += [header, rule]
    for row in display.rows:
        lines.append("| " + " | ".join(_cell(text) for text in row) + " |")
    return lines + [""]


def _figure_lines(report: Report, name: str, numbering: Numbering) -> list[str]:
    figure = report.figures[name]
    number = numbering.figures[name]
    alt = _escape(figure.alt_text or figure.title)
    lines = [f"**Figure {number}.** {_escape(figure.title)}", ""]
    lines += [f"![{alt}](figures/{name}.png)", ""]
    if figure.caption:
        lines += [_escape_paragraph(figure.caption), ""]
    return lines


def _table_index_lines(report: Report, numbering: Numbering) -> list[str]:
    lines = ["## All tables", ""]
    lines.append(
        "Every table is in tables.xlsx and in tables/ as a CSV file with unrounded "
        "numbers."
    )
    lines.append("")
    ordered = sorted(report.tables.values(), key=lambda t: numbering.tables[t.name])
    for table in ordered:
        number = numbering.tables[table.name]
        rows = len(table.data)
        lines.append(
            f"- Table {number}. {_escape(table.title)}: [tables/{table.name}.csv]"
            f"(tables/{table.name}.csv), {rows} {'row' if rows == 1 else 'rows'}"
        )
    return lines + [""]


def _escape(text: str) -> str:
    """Escape markup and join lines, for a heading, list item or title."""
    inline = _INLINE_MARKUP.sub(r"\\\1", " ".join(str(text).split()))
    return _LINE_START_MARKUP.sub(_escape_line_start, inline)


def _escape_inline(text: str) -> str:
    return _INLINE_MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def _cell(text: str) -> str:
    # A line break would end the table row, so it becomes <br>, which GitHub shows.
    lines = [_escape_inline(line) for line in str(text).splitlines()]
    return "<br>".join(line for line in lines if line) if lines else ""


def _escape_paragraph(text: str) -> str:
    escaped = []
    for line in str(text).splitlines():
        # Four leading spaces would make the line a code block.
        line = _INLINE_MARKUP.sub(r"\\\1", line.lstrip())
        escaped.append(_LINE_START_MARKUP.sub(_escape_line_start, line))
    return "\n".join(escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        # "1." starts an ordered list, so the dot is escaped to keep the number as text.
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"
