"""Readers: encodings, HTML spans, JS-wrapped HTML, Word merged cells, scanned PDFs."""

from __future__ import annotations

import base64
import io

import pytest

from gongkai.law.formats import load_format
from gongkai.reports.extract import parse_source
from gongkai.reports.readers import BLANK, ReadError, expand_spans, html_source, read_bytes
from tests.support.gold import CORPUS, gold_values, load_gold

REF002 = CORPUS / "reference" / "002_1afd807652ea93b8.txt"
GOLD002 = gold_values(load_gold(CORPUS / "reference" / "ref002.gold.json"))


def parse(data: bytes, name: str = "report.txt"):
    return parse_source(read_bytes(data, name))


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16"),
])
def test_encodings_are_detected_and_named(encoding, expected):
    text = REF002.read_text(encoding="utf-8")
    doc = parse(text.encode(encoding))
    assert doc.metadata.encoding == expected
    assert {k: doc.values.get(k) for k in GOLD002} == GOLD002
    if expected == "gb18030":
        assert any(f.rule_id == "READ.ENCODING" for f in doc.findings)


def test_full_width_digits_and_thousands_separators():
    text = REF002.read_text(encoding="utf-8")
    full = text.replace("行政许可\t9156", "行政许可\t９,１５６").replace("34\t0\t0\t0\t0\t0\t34", "３４\t0\t0\t0\t0\t0\t３４")
    doc = parse(full.encode("utf-8"))
    assert doc.values["t2.art20_5.administrative_license.decisions"] == 9156
    assert doc.values["t3.total.new_received"] == 34


def test_expand_spans_rowspan_and_colspan():
    grid = expand_spans([
        [("A", 2, 1), ("B", 1, 2)],
        [("C", 1, 1), ("D", 1, 1)],
    ])
    assert grid.cells == [["A", "B", "B"], ["A", "C", "D"]]
    assert grid.origin_cells[1][0] == (0, 0) and grid.origin_cells[0][2] == (0, 1)


def test_html_nbsp_blank_cells_and_nested_markup():
    page = """<html><body><p>一、总体情况</p><table>
      <tr><td rowspan="2"><p><span>标签</span></p></td><td><p><b>1</b></p></td><td>&nbsp;</td></tr>
      <tr><td colspan="2"><span>2</span></td></tr></table></body></html>"""
    src = html_source(page)
    assert src.grids[0].cells == [["标签", "1", ""], ["标签", "2", "2"]]
    assert f"标签\t1\t{BLANK}\n2\n" in src.text
    origin, _ = src.origin(src.text.index("2\n"))
    assert (origin.table, origin.row, origin.col) == (0, 1, 1)


def test_html_table_rows_keep_their_file_line_after_the_site_header_is_skipped():
    header = "<div class='menu'>站点导航</div>\n" * 2000  # a long site header: parsing starts after it
    page = ("<html><head><title>t</title></head><body>\n" + header
            + "<p>一、总体情况</p>\n<table>\n<tr><td>本年新收</td><td><span>7</span></td></tr>\n"
              "<tr><td>上年结转</td><td>1</td></tr>\n</table></body></html>")
    src = html_source(page)
    assert src.grids[0].cells == [["本年新收", "7"], ["上年结转", "1"]]
    lines = page.split("\n")
    origin, _ = src.origin(src.text.index("7\n"))
    assert "<span>7</span>" in lines[origin.line - 1]
    origin, _ = src.origin(src.text.index("1\n"))
    assert "上年结转" in lines[origin.line - 1]


def test_js_file_holding_escaped_html():
    inner = '<p>一、总体情况</p><table><tr><td style=\\"width:1px\\">规章</td><td>3</td></tr></table>' + "x" * 300
    js = 'let menu = [{"id": "1"}]\nlet content = "' + inner + '"\n'
    src = read_bytes(js.encode("utf-8"), "data.js")
    assert src.kind == "html" and src.grids[0].cells == [["规章", "3"]]
    assert "脚本" in src.notes[0]


def test_docx_merged_cells_are_read_once():
    from docx import Document

    d = Document()
    d.add_paragraph("一、总体情况")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "合并"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "横向"
    t.cell(1, 1).text = "5"
    buf = io.BytesIO()
    d.save(buf)
    src = read_bytes(buf.getvalue(), "a.docx")
    assert src.grids[0].cells == [["合并", "横向", "横向"], ["合并", "5", ""]]
    assert src.text.count("合并") == 1 and src.text.count("横向") == 1


def test_scanned_pdf_is_reported_as_such():
    from PIL import Image
    from weasyprint import HTML

    img = Image.new("RGB", (200, 120), "white")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    pdf = HTML(string=f'<html><body><img src="{uri}" style="width:10cm"></body></html>').write_pdf()
    with pytest.raises(ReadError, match="扫描件"):
        read_bytes(pdf, "scan.pdf")


def test_text_pdf_tables_become_grids():
    src = read_bytes((CORPUS / "dev" / "002.raw.pdf").read_bytes(), "002.pdf")
    assert src.kind == "pdf" and len(src.grids) >= 4
    origin, _ = src.origin(src.text.index("\t3001\t") + 1)
    assert origin.page == 4 and origin.table is not None


def test_formats_loaded():
    assert load_format("2019").has_cell("t3.total.other_subtotal")
