"""Render the report as one self-contained HTML page."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from html import escape

from srsurvey.tables._common import Numbering, check_report, number_blocks
from srsurvey.tables._display import DisplayTable, display_table
from srsurvey.tables._figures import render_svg
from srsurvey.tables._html_style import CSS
from srsurvey.tables.model import Report, Section, Table

__all__ = [
    "COMPACT_COLUMNS",
    "LONG_TEXT",
    "WIDE_COLUMNS",
    "render_html",
    "report_version",
]

# Tables with at least COMPACT_COLUMNS display columns get smaller type and padding,
# and from WIDE_COLUMNS the smallest type. Measured in Chromium 150 on the bundled
# sample at a 1,280 px window: every table of up to 20 display columns fits without
# scrolling sideways, and the 31-column pre/post table scrolls.
COMPACT_COLUMNS = 9
WIDE_COLUMNS = 15
# Text columns with a longer cell get a minimum width (class "long").
LONG_TEXT = 40


def render_html(report: Report) -> str:
    """Render ``report`` as a self-contained HTML page.

    The page needs no other file and loads nothing from the network: the style
    sheet is inline and each figure is an SVG image in a base64 ``data:`` URI. It
    has a table of contents, the warnings, the data-quality summary, the methods
    and the sections in order, then an appendix that lists every table and shows
    the tables and figures that no section shows, then the run manifest. The footer
    gives the srsurvey version from :func:`report_version`.

    Tables are shown as :func:`~srsurvey.tables._display.display_table` makes them:
    readable headers, each confidence interval as one ``[low, high]`` column and
    numbers formatted with ``Table.formats``, so p-values below 0.001 show as
    ``< .001``. All text from the report is HTML-escaped.
    """
    check_report(report)
    images = {name: render_svg(fig.figure) for name, fig in report.figures.items()}
    return _render_html(report, images)


def report_version(report: Report) -> str:
    """Return the srsurvey version of the run.

    The version is ``report.manifest["srsurvey"]`` or
    ``report.manifest["versions"]["srsurvey"]``, whichever the manifest has, else
    the version of the installed package.
    """
    manifest = report.manifest
    if isinstance(manifest.get("srsurvey"), str):
        return manifest["srsurvey"]
    versions = manifest.get("versions")
    if isinstance(versions, Mapping) and versions.get("srsurvey"):
        return str(versions["srsurvey"])
    from srsurvey import __version__

    return __version__


def _render_html(report: Report, svg_images: Mapping[str, bytes]) -> str:
    """Render the page with figures that are already rendered to SVG, by name."""
    numbering = number_blocks(report)
    page = _Page(report, numbering, svg_images)
    return page.render()


class _Page:
    """Page builder that keeps anchors unique when a table is shown twice."""

    def __init__(
        self, report: Report, numbering: Numbering, svg_images: Mapping[str, bytes]
    ) -> None:
        self.report = report
        self.numbering = numbering
        self.svg_images = svg_images
        self.anchors: set[str] = set()
        self.first_anchor: dict[str, str] = {}

    def render(self) -> str:
        report = self.report
        parts: list[str] = []
        toc: list[tuple[str, str]] = []

        if report.warnings:
            toc.append(("warnings", "Warnings"))
            items = "".join(f"<li>{escape(w)}</li>" for w in report.warnings)
            parts.append(
                '<section id="warnings" class="callout">'
                f"<h2>Warnings</h2><ul>{items}</ul></section>"
            )
        if report.quality:
            toc.append(("data-quality", "Data quality"))
            items = "".join(f"<li>{escape(q)}</li>" for q in report.quality)
            parts.append(
                '<section id="data-quality">'
                f"<h2>Data quality</h2><ul>{items}</ul></section>"
            )
        if report.methods:
            toc.append(("methods", "Methods"))
            paragraphs = "".join(_paragraph(text) for text in report.methods)
            parts.append(
                f'<section id="methods"><h2>Methods</h2>{paragraphs}</section>'
            )

        for number, section in enumerate(report.sections, start=1):
            anchor = self._anchor(f"section-{number}")
            toc.append((anchor, section.title))
            parts.append(self._section(section, anchor))

        if self.numbering.unplaced_figures:
            toc.append(("other-figures", "Other figures"))
            figures = "".join(
                self._figure(name) for name in self.numbering.unplaced_figures
            )
            parts.append(
                f'<section id="other-figures"><h2>Other figures</h2>{figures}</section>'
            )
        if report.tables:
            toc.append(("all-tables", "All tables"))
            parts.append(self._all_tables())
        if report.manifest:
            toc.append(("run-details", "Run details"))
            parts.append(self._run_details())

        return _document(report, toc, "".join(parts))

    def _anchor(self, base: str) -> str:
        anchor = base
        counter = 1
        while anchor in self.anchors:
            counter += 1
            anchor = f"{base}-{counter}"
        self.anchors.add(anchor)
        return anchor

    def _section(self, section: Section, anchor: str) -> str:
        parts = [f'<section id="{anchor}"><h2>{escape(section.title)}</h2>']
        for block in section.blocks:
            if block.kind == "text":
                parts.append(_paragraph(block.content))
            elif block.kind == "table":
                parts.append(self._table(self.report.tables[block.content]))
            else:
                parts.append(self._figure(block.content))
        parts.append("</section>")
        return "".join(parts)

    def _table(self, table: Table) -> str:
        anchor = self._anchor(f"table-{table.name}")
        self.first_anchor.setdefault(table.name, anchor)
        number = self.numbering.tables[table.name]
        display = display_table(table)
        classes = _column_classes(display)
        header = "".join(
            f'<th scope="col"{_class(numeric)}>{_cell_text(label)}</th>'
            for label, numeric in zip(display.labels, display.numeric, strict=True)
        )
        rows = []
        for row in display.rows:
            cells = "".join(
                f"<td{cell_class}>{_cell_text(text)}</td>"
                for text, cell_class in zip(row, classes, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        if not rows:
            span = max(len(display.labels), 1)
            rows.append(f'<tr><td colspan="{span}" class="empty">No rows.</td></tr>')
        width = _table_width(len(display.labels))
        table_class = f' class="{width}"' if width else ""
        block_class = f" {width}" if width else ""

        description = (
            f'<p class="description">{escape(table.description)}</p>'
            if table.description
            else ""
        )
        return (
            f'<div class="table-block{block_class}" id="{escape(anchor)}">'
            f'<p class="caption"><span class="label">Table {number}</span> '
            f'<span class="title">{escape(table.title)}</span></p>{description}'
            f'<div class="table-scroll" tabindex="0" role="region" '
            f'aria-label="Table {number}"><table{table_class}>'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div></div>"
        )

    def _figure(self, name: str) -> str:
        figure = self.report.figures[name]
        anchor = self._anchor(f"figure-{name}")
        number = self.numbering.figures[name]
        data = base64.b64encode(self.svg_images[name]).decode("ascii")
        alt = figure.alt_text or figure.title
        caption = (
            f'<p class="note">{escape(figure.caption)}</p>' if figure.caption else ""
        )
        return (
            f'<figure id="{escape(anchor)}"><figcaption>'
            f'<span class="label">Figure {number}</span> '
            f'<span class="title">{escape(figure.title)}</span></figcaption>'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'
            f"{caption}</figure>"
        )

    def _all_tables(self) -> str:
        unplaced = [
            name
            for name in self.numbering.unplaced_tables
            if self.report.tables[name].in_report
        ]
        # Render the unplaced tables first, so the index below can link to them.
        rendered = "".join(self._table(self.report.tables[name]) for name in unplaced)
        ordered = sorted(self.report.tables, key=lambda n: self.numbering.tables[n])
        rows = []
        for name in ordered:
            table = self.report.tables[name]
            if name in self.first_anchor:
                title = (
                    f'<a href="#{escape(self.first_anchor[name])}">'
                    f"{escape(table.title)}</a>"
                )
            else:
                title = f"{escape(table.title)} (in tables.xlsx and tables/ only)"
            rows.append(
                f'<tr><td class="num">{self.numbering.tables[name]}</td>'
                f"<td>{title}</td>"
                f"<td>{escape(name)}</td>"
                f'<td class="num">{len(table.data)}</td></tr>'
            )
        index = (
            '<div class="table-scroll"><table class="index"><thead><tr>'
            '<th scope="col" class="num">Table</th><th scope="col">Title</th>'
            '<th scope="col">Name in tables.xlsx and tables/</th>'
            '<th scope="col" class="num">Rows</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
        intro = (
            "<p>Numbers in this page are rounded. tables.xlsx and the CSV files in "
            "tables/ keep every value unrounded.</p>"
        )
        tail = f"<h3>Tables not shown above</h3>{rendered}" if unplaced else ""
        return (
            f'<section id="all-tables"><h2>All tables</h2>{intro}{index}{tail}'
            "</section>"
        )

    def _run_details(self) -> str:
        from srsurvey.tables.jsonout import to_json_value

        manifest = to_json_value(self.report.manifest, "manifest")
        text = json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False)
        return (
            '<section id="run-details"><h2>Run details</h2>'
            "<p>The manifest of this run, also saved as manifest.json.</p>"
            f'<pre class="manifest">{escape(text)}</pre></section>'
        )


def _document(report: Report, toc: list[tuple[str, str]], body: str) -> str:
    version = escape(report_version(report))
    title = escape(report.title)
    toc_items = "".join(
        f'<li><a href="#{escape(anchor)}">{escape(label)}</a></li>'
        for anchor, label in toc
    )
    subtitle = f'<p class="subtitle">Study: {escape(report.name)}</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="srsurvey {version}">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<div class="page"><header><h1>{title}</h1>{subtitle}</header>\n'
        f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{toc_items}'
        f"</ol></nav>\n<main>\n{body}\n</main>\n"
        f"<footer>Report written by srsurvey {version}.</footer></div>\n"
        "</body>\n</html>\n"
    )


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _cell_text(text: str) -> str:
    """Escape ``text`` and let it wrap after underscores, as in social_responsibility.

    Browsers do not break a line at an underscore, so a long scale name or column
    name would otherwise set the minimum width of its column.
    """
    return escape(text).replace("_", "_<wbr>")


def _class(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _column_classes(display: DisplayTable) -> list[str]:
    """Return the class attribute of the cells of each column.

    Text columns with a cell longer than :data:`LONG_TEXT` characters get the
    class ``long``, whose minimum width keeps a squeezed table from wrapping
    them one word per line.
    """
    classes = []
    for index, numeric in enumerate(display.numeric):
        if numeric:
            classes.append(_class(True))
            continue
        longest = max((len(row[index]) for row in display.rows), default=0)
        classes.append(' class="long"' if longest > LONG_TEXT else "")
    return classes


def _table_width(columns: int) -> str:
    """Return the class name that shrinks the type of a table this wide, or ""."""
    if columns >= WIDE_COLUMNS:
        return "wide"
    if columns >= COMPACT_COLUMNS:
        return "compact"
    return ""
