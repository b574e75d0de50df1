"""report.html: self-contained, complete, escaped and navigable."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import pandas as pd
import pytest

import srsurvey
from srsurvey.tables.html import COMPACT_COLUMNS, LONG_TEXT, WIDE_COLUMNS, render_html
from srsurvey.tables.model import Report, Section, Table


class _Page(HTMLParser):
    """Collects the tags, attributes and text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]


@pytest.fixture
def html(report) -> str:
    return render_html(report)


@pytest.fixture
def page(html) -> _Page:
    return _Page(html)


def test_html_has_no_external_references(page):
    references = [
        value
        for _, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "srcset", "action", "data", "poster")
    ]
    assert references  # the page has links and images to check
    for value in references:
        assert value.startswith(("#", "data:")), value
    assert page.all("link") == []
    assert page.all("script") == []
    assert page.all("iframe") == []


def test_html_css_loads_nothing(html):
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style
    assert "@import" not in style
    assert "http" not in style


def test_html_http_only_in_cell_text(html):
    # The only "http" on the page is the escaped text of the =HYPERLINK(...) answer.
    assert html.count("http") == 1
    assert "=HYPERLINK(&quot;http://example.invalid/" in html


def test_html_embeds_figure_as_svg(page, report):
    images = page.all("img")
    assert len(images) == len(report.figures)
    prefix = "data:image/svg+xml;base64,"
    assert images[0]["src"].startswith(prefix)
    svg = base64.b64decode(images[0]["src"][len(prefix) :]).decode("utf-8")
    assert "<svg" in svg
    assert images[0]["alt"] == "Bar chart: Да 12, Нет 7, Иә 5."


def test_html_shows_every_table_title(page, report):
    text = "".join(page.text)
    for table in report.tables.values():
        assert table.title in text, table.name


def test_html_renders_every_table(page, report):
    ids = page.ids()
    for name in report.tables:
        assert f"table-{name}" in ids, name
    # Four data tables and the index of all tables.
    assert len(page.all("table")) == len(report.tables) + 1


def test_html_renders_long_table_fully(html):
    item_means = html.split('id="table-item_means"', 1)[1].split("</table>", 1)[0]
    assert item_means.count("<tr>") == 45 + 1


def test_html_unplaced_table_in_appendix(html):
    appendix = html.split('<section id="all-tables">', 1)[1]
    assert 'id="table-item_means"' in appendix
    assert 'id="table-reliability"' not in appendix
    assert '<a href="#table-reliability">' in appendix


def test_html_escapes_cell_script(page, html):
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert page.all("b") == []
    assert "Comparisons <b>bold?</b>" in "".join(page.text)


def test_html_formats_numbers(html):
    assert '<td class="num">&lt; .001</td>' in html
    assert '<td class="num">.023</td>' in html
    assert '<td class="num">-2.35</td>' in html
    assert '<td class="num">0.812</td>' in html
    # A missing value is an empty cell.
    assert '<td class="num"></td>' in html


def test_html_table_of_contents_links_resolve(page):
    ids = set(page.ids())
    nav_start = next(i for i, (tag, _) in enumerate(page.tags) if tag == "nav")
    nav_end = next(i for i, (tag, _) in enumerate(page.tags) if tag == "main")
    links = [attrs["href"] for tag, attrs in page.tags[nav_start:nav_end] if tag == "a"]
    assert links == [
        "#warnings",
        "#data-quality",
        "#methods",
        "#section-1",
        "#section-2",
        "#all-tables",
        "#run-details",
    ]
    for link in links:
        assert link[1:] in ids, link


def test_html_anchors_are_unique(page):
    ids = page.ids()
    assert len(ids) == len(set(ids))


def test_html_repeated_table_gets_new_anchor():
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", pd.DataFrame({"a": [1]})))
    report.sections += [Section("A").table("t"), Section("B").table("t")]
    ids = _Page(render_html(report)).ids()
    assert "table-t" in ids
    assert "table-t-2" in ids


def test_html_shows_methods_quality_warnings(page, report):
    text = "".join(page.text)
    assert report.methods[0] in text
    for line in report.quality:
        assert line in text
    assert "Item Q7 correlates negatively with its scale <check>." in text


def test_html_footer_version_from_manifest(html):
    assert "<footer>Report written by srsurvey 9.8.7.</footer>" in html


def test_html_footer_version_top_level_key():
    report = Report(title="R", name="r", manifest={"srsurvey": "1.2.3"})
    assert "Report written by srsurvey 1.2.3." in render_html(report)


def test_html_footer_falls_back_to_package_version():
    html = render_html(Report(title="R", name="r"))
    assert f"Report written by srsurvey {srsurvey.__version__}." in html


def test_html_empty_table_says_no_rows():
    report = Report(title="R", name="r")
    report.add_table(Table("t", "T", pd.DataFrame({"a": []})))
    assert '<td colspan="1" class="empty">No rows.</td>' in render_html(report)


def test_html_has_print_styles(html):
    assert "@media print" in html
    assert "position: sticky" in html


def _single_table_html(data: pd.DataFrame, name: str = "t") -> str:
    report = Report(title="R", name="r")
    report.add_table(Table(name, "T", data))
    report.sections.append(Section("S").table(name))
    return render_html(report)


def test_html_headers_are_readable(html):
    header = html.split('id="table-reliability"', 1)[1].split("</thead>", 1)[0]
    assert '<th scope="col" class="num">Items</th>' in header
    assert '<th scope="col" class="num">95% CI</th>' in header
    assert "n_items" not in header
    assert '<td class="num">[0.771, 0.846]</td>' in html


@pytest.mark.parametrize(
    ("columns", "table_tag", "block_class"),
    [
        (COMPACT_COLUMNS - 1, "<table>", '"table-block"'),
        (COMPACT_COLUMNS, '<table class="compact">', '"table-block compact"'),
        (WIDE_COLUMNS - 1, '<table class="compact">', '"table-block compact"'),
        (WIDE_COLUMNS, '<table class="wide">', '"table-block wide"'),
    ],
)
def test_html_table_width_class(columns, table_tag, block_class):
    data = pd.DataFrame({f"c{i}": [1] for i in range(columns)})
    html = _single_table_html(data)
    assert table_tag in html
    assert f"<div class={block_class}" in html


def test_html_breaks_after_underscore():
    html = _single_table_html(pd.DataFrame({"age_band": ["social_responsibility"]}))
    assert '<th scope="col">age_<wbr>band</th>' in html
    assert "<td>social_<wbr>responsibility</td>" in html


def test_html_long_text_column_class():
    long_text = "x " * (LONG_TEXT // 2 + 1)
    html = _single_table_html(pd.DataFrame({"reason": [long_text], "key": ["a"]}))
    assert f'<td class="long">{long_text}</td>' in html
    assert "<td>a</td>" in html


def test_html_wide_tables_print_landscape(html):
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    print_rules = style.split("@media print", 1)[1]
    assert "@page landscape { size: A4 landscape;" in print_rules
    assert ".table-block.wide { page: landscape; }" in print_rules
    assert "table.wide { font-size: 6.5pt; }" in print_rules
