"""The style sheet of the HTML report, inlined into every page."""

# System fonts only, because a web font needs a network request or a large embedded
# file. The stack names fonts that cover Cyrillic, Kazakh letters included: Segoe UI on
# Windows, the system font on macOS, Noto Sans or DejaVu Sans on Linux.
CSS = """
:root {
  --text: #1f2328;
  --muted: #57606a;
  --rule: #d0d7de;
  --rule-strong: #6e7781;
  --head: #eef1f4;
  --stripe: #f6f8fa;
  --hover: #eaf1fb;
  --accent: #0a58a8;
  --warn-bg: #fff8e5;
  --warn-rule: #d4a72c;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  color: var(--text);
  background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  font-size: 16px;
  line-height: 1.55;
}
/* Wide enough for a 14-column table at 1280 px; paragraphs stay at 75ch. */
.page { max-width: 1280px; margin: 0 auto; padding: 2.5rem 1.5rem 3rem; }
header { border-bottom: 3px solid var(--text); padding-bottom: 0.9rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.3rem; }
h2 {
  font-size: 1.4rem;
  line-height: 1.3;
  margin: 2.6rem 0 0.9rem;
  padding-bottom: 0.3rem;
  border-bottom: 1px solid var(--rule);
}
h3 { font-size: 1.1rem; margin: 2rem 0 0.6rem; }
p { margin: 0 0 0.9rem; max-width: 75ch; }
ul { margin: 0 0 1rem; padding-left: 1.4rem; max-width: 80ch; }
li { margin: 0.2rem 0; }
a { color: var(--accent); }
.subtitle { color: var(--muted); margin: 0; }
nav.toc {
  margin: 1.5rem 0 0;
  padding: 0.8rem 1.2rem 0.6rem;
  background: var(--stripe);
  border: 1px solid var(--rule);
  border-radius: 6px;
}
nav.toc h2 { font-size: 1rem; margin: 0 0 0.4rem; padding: 0; border: 0; }
nav.toc ol { margin: 0; padding-left: 1.4rem; }
.callout {
  margin-top: 2rem;
  padding: 0.2rem 1.2rem 0.4rem;
  background: var(--warn-bg);
  border-left: 4px solid var(--warn-rule);
  border-radius: 4px;
}
.callout h2 { border: 0; margin-top: 0.8rem; }
.table-block, figure { margin: 1.6rem 0 2rem; }
.caption, figcaption { margin: 0 0 0.5rem; max-width: none; }
.label { font-weight: 700; margin-right: 0.35rem; }
.title { font-style: italic; }
.description, .note { color: var(--muted); font-size: 0.92rem; }
.note { margin-top: 0.5rem; }
.table-scroll {
  overflow: auto;
  max-height: 75vh;
  width: fit-content;
  max-width: 100%;
  border-top: 2px solid var(--rule-strong);
  border-bottom: 2px solid var(--rule-strong);
}
table {
  border-collapse: separate;
  border-spacing: 0;
  font-size: 0.9rem;
  font-variant-numeric: tabular-nums;
  min-width: 40%;
}
th, td {
  padding: 0.38rem 0.8rem;
  text-align: left;
  vertical-align: top;
  border-bottom: 1px solid #e4e8ec;
}
/* Long answers and file paths wrap instead of widening the table. */
td { white-space: pre-line; max-width: 28rem; overflow-wrap: break-word; }
th { vertical-align: bottom; }
table.compact { font-size: 0.8rem; }
table.compact th, table.compact td { padding: 0.3rem 0.45rem; max-width: 16rem; }
table.wide { font-size: 0.74rem; }
table.wide th, table.wide td { padding: 0.26rem 0.3rem; max-width: 12rem; }
td.long { min-width: 11rem; }
table.wide td.long { min-width: 8rem; }
thead th {
  position: sticky;
  top: 0;
  z-index: 1;
  background: var(--head);
  border-bottom: 1px solid var(--rule-strong);
  font-weight: 600;
}
tbody tr:nth-child(even) td { background: var(--stripe); }
tbody tr:hover td { background: var(--hover); }
tbody tr:last-child td { border-bottom: 0; }
th.num, td.num { text-align: right; }
td.num { white-space: nowrap; }
td.empty { color: var(--muted); font-style: italic; }
figure img { display: block; max-width: 100%; height: auto; }
pre.manifest {
  overflow: auto;
  max-height: 30rem;
  padding: 0.8rem 1rem;
  background: var(--stripe);
  border: 1px solid var(--rule);
  border-radius: 6px;
  font-size: 0.8rem;
  line-height: 1.4;
}
footer {
  margin-top: 3rem;
  padding-top: 0.8rem;
  border-top: 1px solid var(--rule);
  color: var(--muted);
  font-size: 0.85rem;
}
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  /* Tables of 15 or more columns get a landscape page of their own (Chromium 85+,
     Firefox 110+). Other browsers keep the page portrait. */
  @page landscape { size: A4 landscape; margin: 12mm 10mm; }
  .table-block.wide { page: landscape; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { background: none; }
  /* Paper cannot scroll, so tables take the page width. A table whose longest
     words and numbers are wider than the page is cut at the right margin. At
     6.5 pt on A4 landscape the 20-column descriptives table of the sample fits
     and the 31-column pre/post table is cut. */
  .table-scroll {
    max-height: none;
    overflow: visible;
    width: auto;
    max-width: 100%;
  }
  table { font-size: 8.5pt; }
  table.compact, table.wide { width: 100%; min-width: 0; }
  table.compact { font-size: 7.5pt; }
  table.wide { font-size: 6.5pt; }
  th, td { padding: 0.2em 0.4em; max-width: none; }
  table.compact th, table.compact td, table.wide th, table.wide td {
    padding: 0.15em 0.3em;
    max-width: none;
  }
  td.long { min-width: 8em; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, figure, img { break-inside: avoid; }
  h2, h3, .caption, figcaption { break-after: avoid; }
  tbody tr:nth-child(even) td, thead th, .callout {
    -webkit-print-color-adjust: exact;
    print-color-adjust: exact;
  }
  a { color: inherit; text-decoration: none; }
  pre.manifest { max-height: none; overflow: visible; white-space: pre-wrap; }
}
"""
