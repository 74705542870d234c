"""An annual report as HTML: a fragment for the portal page, or a standalone page with print CSS."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree
from lxml.html import builder as E
from lxml.html import tostring

from gongkai.reports.document import ReportDocument

from .layout import Grid, GridCell, grids
from .text import report_title, section_blocks, sections_in_order, title_parts

CSS_PATH = Path(__file__).with_name("report.css")


@lru_cache(maxsize=1)
def report_css() -> str:
    """The stylesheet of a rendered report (also used by the portal page around the fragment)."""
    return CSS_PATH.read_text(encoding="utf-8")


def _cell(cell: GridCell) -> etree._Element:
    el = etree.Element("th" if cell.header else "td")
    if cell.rowspan > 1:
        el.set("rowspan", str(cell.rowspan))
    if cell.colspan > 1:
        el.set("colspan", str(cell.colspan))
    if cell.id:
        el.set("id", cell.id)
    if cell.scope:
        el.set("scope", cell.scope)
    if cell.headers:
        el.set("headers", " ".join(cell.headers))
    if cell.key:
        el.set("data-cell", cell.key)
        el.set("class", "gk-num")
    elif cell.role:
        el.set("class", {"caption": "gk-caption-row"}.get(cell.role, f"gk-{cell.role}"))
    el.text = cell.text
    return el


def table_element(grid: Grid) -> etree._Element:
    table = E.TABLE(E.CAPTION(grid.caption), {"class": f"gk-table gk-{grid.table}", "id": f"gk-{grid.table}"})
    total = sum(grid.widths) or 1
    table.append(E.COLGROUP(*(E.COL(style=f"width:{w / total * 100:.2f}%") for w in grid.widths)))
    if grid.head:
        table.append(E.THEAD(*(E.TR(*(_cell(c) for c in row)) for row in grid.head)))
    for body in grid.bodies:
        table.append(E.TBODY(*(E.TR(*(_cell(c) for c in row)) for row in body)))
    return table


def report_element(doc: ReportDocument) -> etree._Element:
    fmt = doc.format
    tables = grids(fmt, doc.values) if fmt else {}
    article = E.ARTICLE({"class": "gk-report", "lang": "zh-CN"})
    head, tail = title_parts(report_title(doc))
    h1 = E.H1(head, {"class": "gk-report-title"})
    if tail:
        h1.append(E.SPAN(tail, {"class": "gk-nowrap"}))
    header = E.HEADER(h1)
    if doc.metadata.published:
        header.append(E.P(f"发布日期：{doc.metadata.published.isoformat()}", {"class": "gk-report-meta"}))
    article.append(header)
    for key, title, table_key in sections_in_order(doc):
        section = E.SECTION({"class": "gk-section", "id": f"gk-{key}", "aria-labelledby": f"gk-{key}-title"})
        section.append(E.H2(title, id=f"gk-{key}-title"))
        for kind, text in section_blocks(doc.sections.get(key, "")):
            section.append(E.H3(text) if kind == "heading" else E.P(text))
        if table_key and table_key in tables:
            section.append(E.DIV(table_element(tables[table_key]), {"class": "gk-table-wrap"}))
        article.append(section)
    return article


def render_html_fragment(doc: ReportDocument) -> str:
    """The report as an ``<article class="gk-report">`` fragment (style it with ``report_css()``)."""
    return tostring(report_element(doc), encoding="unicode", pretty_print=True)


def render_html(doc: ReportDocument, *, standalone: bool = True) -> str:
    """The report as a complete HTML page with its stylesheet inline (screen and print); or the fragment."""
    if not standalone:
        return render_html_fragment(doc)
    title = report_title(doc)
    css = report_css()
    body = render_html_fragment(doc)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _escape(text: str) -> str:
    return re.sub(r"[&<>\"]", lambda m: {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[m.group()], text)
