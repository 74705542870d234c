"""Renderers: every value in its cell, merged cells merged, fonts right — read back with other libraries."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from lxml import html as lxml_html

from gongkai.law.formats import load_format
from gongkai.reports.document import ReportDocument, ReportMetadata
from gongkai.reports.render import render_docx, render_html, render_html_fragment, render_pdf
from gongkai.reports.render.layout import format_value, grids

from .render_support import (
    check_spans,
    check_t2,
    check_t3,
    check_t4,
    docx_grid,
    expected_spans,
    html_grid,
    norm,
)

BLANKS_2021 = ("t2.art20_1.regulations.issued", "t3.research_institution.withheld_state_secret", "t4.review.other")
SECTIONS = {
    "s1_overview": "（一）主动公开\n全年主动公开政府信息2345条。\n（二）依申请公开\n全年新收政府信息公开申请105件。",
    "s5_problems": "一是政策解读形式单一。二是答复文书有待规范。",
    "s6_other": "本年度未收取信息处理费。",
}


def distinct_values(fmt, blanks=()) -> dict:
    """A different value in every cell, so that a value in the wrong cell cannot go unnoticed."""
    values = {}
    for n, (key, cell) in enumerate(fmt.cells.items(), start=11):
        if cell.type == "decimal":
            values[key] = Decimal("1350.1700")  # trailing zeros are printed as stored
        elif cell.type == "text":
            values[key] = "251000元"
        elif cell.min is None:
            values[key] = -n  # 2019 本年增/减 may be negative
        else:
            values[key] = n * 1001 if cell.table == "t2" else n
    for key in blanks:
        values[key] = None
    return values


def make_doc(version: str, blanks=()) -> ReportDocument:
    fmt = load_format(version)
    meta = ReportMetadata(agency="柳州市公安局", year=2023 if version == "2021" else 2020, format_version=version,
                          published=dt.date(2024, 1, 19), source_kind="compiled")
    return ReportDocument(meta, values=distinct_values(fmt, blanks), sections=dict(SECTIONS))


@pytest.fixture(scope="module", params=["2021", "2019"])
def doc(request):
    return make_doc(request.param, BLANKS_2021 if request.param == "2021" else ())


# -- layout ------------------------------------------------------------------------------


def test_format_value_prints_numbers_as_stored():
    assert format_value(None) == ""
    assert format_value(0) == "0"
    assert format_value(Decimal("1350.1714")) == "1350.1714"
    assert format_value(Decimal("0.2500")) == "0.2500"
    assert format_value(Decimal("1E+3")) == "1000"
    assert format_value(1592874) == "1592874"


def test_every_cell_of_the_format_is_laid_out_once(doc):
    fmt = doc.format
    laid_out = [c.key for g in grids(fmt, doc.values).values() for c in g.data_cells()]
    assert sorted(laid_out) == sorted(fmt.cells)  # derived subtotals are not printed: the format has none


# -- HTML --------------------------------------------------------------------------------


def _html_tables(doc):
    tree = lxml_html.fromstring(render_html(doc))
    return tree, {t.get("id").removeprefix("gk-"): t for t in tree.xpath("//table")}


def test_html_values_in_their_cells(doc):
    tree, tables = _html_tables(doc)
    fmt = doc.format
    checked = 0
    for key, check in (("t2", check_t2), ("t3", check_t3), ("t4", check_t4)):
        grid, spans = html_grid(tables[key])
        checked += check(grid, fmt, doc.values)
        check_spans(grid, spans, expected_spans(fmt)[key])
    assert checked == len(fmt.cells)


def test_html_blank_cells_are_empty_and_headers_resolve(doc):
    tree, tables = _html_tables(doc)
    ids = {el.get("id"): el for el in tree.xpath("//*[@id]")}
    for td in tree.xpath("//td"):
        key = td.get("data-cell")
        assert key in doc.format.cells
        if doc.values.get(key) is None:
            assert td.text_content() == ""
        # every data cell names its headers, and they exist: the row's label and the column's label among them
        names = [norm(ids[h].text_content()) for h in td.get("headers").split()]
        cell = doc.format.cell(key)
        for label in (cell.row_label, cell.col_label):  # "行政诉讼/复议后起诉": the own label is after the parent's
            assert norm(label) in names or norm(label.rsplit("/", 1)[-1]) in names, (key, label, names)
    for th in tree.xpath("//th[@scope]"):
        assert th.get("scope") in {"col", "colgroup", "row", "rowgroup"}
    for table in tables.values():
        assert table.xpath("./caption")[0].text_content().startswith("表")


def test_html_page_is_standalone_chinese_and_printable(doc):
    page = render_html(doc)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "@media print" in page and "@page" in page
    assert "http://" not in page and "https://" not in page  # nothing fetched from elsewhere
    fragment = render_html_fragment(doc)
    assert fragment.startswith('<article class="gk-report"') and "<style>" not in fragment
    tree = lxml_html.fromstring(page)
    assert norm(tree.xpath("//h1")[0].text_content()) == "柳州市公安局" + str(doc.metadata.year) + "年政府信息公开工作年度报告"
    headings = [h.text_content() for h in tree.xpath("//h2")]
    assert headings == [s["title"] for s in doc.format.sections]
    assert "（一）主动公开" in [h.text_content() for h in tree.xpath("//h3")]
    assert "全年新收政府信息公开申请105件。" in [p.text_content() for p in tree.xpath("//p")]


def test_html_escapes_text():
    doc = make_doc("2021")
    doc.sections["s6_other"] = "<script>alert(1)</script> & 其他"
    doc.metadata.agency = "<b>局</b>"
    page = render_html(doc)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>局</b>" not in page


def test_pre2019_document_renders_its_sections_without_tables():
    doc = ReportDocument(ReportMetadata(agency="柳州市公安局", year=2009, format_version="pre2019"),
                         sections={"一、概述": "主动公开政府信息6308条。"})
    tree = lxml_html.fromstring(render_html(doc))
    assert not tree.xpath("//table") and tree.xpath("//h2")[0].text_content() == "一、概述"


# -- Word --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_document(doc):
    from docx import Document

    return Document(io.BytesIO(render_docx(doc)))


def test_docx_values_in_their_cells_with_merged_cells(doc, docx_document):
    fmt = doc.format
    tables = docx_document.tables
    assert len(tables) == 3
    checked = 0
    for table, (key, check) in zip(tables, (("t2", check_t2), ("t3", check_t3), ("t4", check_t4))):
        grid, spans = docx_grid(table)
        checked += check(grid, fmt, doc.values)
        check_spans(grid, spans, expected_spans(fmt)[key])
    assert checked == len(fmt.cells)
    xml = tables[1]._tbl.xml  # the merges are real Word merges, not look-alike borders
    assert 'w:gridSpan w:val="3"' in xml and 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert "<w:tblHeader/>" in xml and "w:tblCaption" in xml


def test_docx_official_document_look(doc, docx_document):
    from docx.oxml.ns import qn

    section = docx_document.sections[0]
    def mm(*lengths):
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)  # A4, stored in twips
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (37, 35, 28, 26)
    paragraphs = docx_document.paragraphs
    title = paragraphs[0]
    assert norm(title.text).endswith("政府信息公开工作年度报告") and title.alignment == 1  # centred

    def east_asia(paragraph):
        return {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in paragraph.runs if r.text.strip()}

    assert east_asia(title) == {"方正小标宋简体"}
    headings = [p for p in paragraphs if p.text in {s["title"] for s in doc.format.sections}]
    assert len(headings) == 6 and all(east_asia(h) == {"黑体"} for h in headings)
    body = next(p for p in paragraphs if p.text == "全年新收政府信息公开申请105件。")
    assert east_asia(body) == {"仿宋_GB2312"} and body.paragraph_format.first_line_indent is not None
    for table in docx_document.tables:  # every run in the tables carries an East-Asian font too
        for run in table._tbl.iter(qn("w:r")):
            assert run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml


# -- PDF ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes(doc):
    return render_pdf(doc)


def _pdf_spans(table):
    """(row, col) → (rowspan, colspan) from the drawn cell boxes pdfplumber found."""

    def lines(values):
        out = []
        for v in sorted(values):
            if not out or v - out[-1] > 1:
                out.append(v)
        return out

    xs = lines(v for box in table.cells for v in (box[0], box[2]))
    ys = lines(v for box in table.cells for v in (box[1], box[3]))
    spans = {}
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is not None:
                x0, top, x1, bottom = box
                spans[(r, c)] = (sum(1 for y in ys if top + 1 < y < bottom - 1) + 1,
                                 sum(1 for x in xs if x0 + 1 < x < x1 - 1) + 1)
    return spans


def test_pdf_tables_read_back_with_pdfplumber(doc, pdf_bytes):
    import pdfplumber

    fmt = doc.format
    found = {}
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                grid = table.extract()
                text = "".join(norm(c) or "" for row in grid for c in row)
                key = "t3" if "申请人情况" in text else "t4" if "行政复议" in text else "t2" if "信息内容" in text else None
                assert key and key not in found, "每张表应完整地在一页上"
                found[key] = (grid, _pdf_spans(table))
    assert set(found) == {"t2", "t3", "t4"}
    checked = 0
    for key, check in (("t2", check_t2), ("t3", check_t3), ("t4", check_t4)):
        grid, spans = found[key]
        checked += check(grid, fmt, doc.values)
        check_spans(grid, spans, expected_spans(fmt)[key])
    assert checked == len(fmt.cells)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="需要 poppler-utils")
def test_pdf_embeds_a_cjk_font_and_text_extracts(doc, pdf_bytes, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts  # embedded
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "三、收到和处理政府信息公开申请情况" in text and "申请人情况" in text
    for key, value in doc.values.items():
        if value is not None:
            assert format_value(value) in text, key
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "政府信息公开工作年度报告" in info and "A4" in info
