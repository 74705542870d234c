"""An annual report as a Word document with the look of an official document.

GB/T 9704-2012 (党政机关公文格式) as far as it applies to a report published
on a portal: A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm;
title in 方正小标宋简体 二号 centred; first-level headings in 黑体 三号, the body in
仿宋_GB2312 三号 with a two-character first-line indent; page numbers
"— 1 —" at the foot.  Every run sets the East-Asian font (``w:eastAsia``) —
without it Word shows Chinese text in the Latin font's fallback.  Tables are
those of ``layout.grids`` with real merged cells (``gridSpan`` / ``vMerge``),
repeating header rows and alt text (``tblCaption``).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.reports.document import ReportDocument

from .layout import Grid, grids, place
from .text import report_title, section_blocks, sections_in_order, title_parts

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_TABLE = {"t2": Pt(12), "t3": Pt(10.5), "t4": Pt(9)}  # 小四 / 五号 / 小五
CONTENT_WIDTH_MM = 210 - 28 - 26


def _set_fonts(run, east_asia: str, size: Pt | None = None, bold: bool | None = None) -> None:
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _paragraph(container, text: str, font: str, size: Pt, *, bold=False, align=None, indent=True, spacing=Pt(28)):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = spacing
    fmt.space_before = fmt.space_after = Pt(0)
    _set_fonts(p.add_run(text), font, size, bold)
    return p


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28 - 7)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # page number "— N —" centred in the footer
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(footer.add_run("— "), "宋体", Pt(14))
    run = footer.add_run()
    _set_fonts(run, "宋体", Pt(14))
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
        else:
            fld = OxmlElement("w:instrText")
            fld.set(qn("xml:space"), "preserve")
            fld.text = text
        run._r.append(fld)
    _set_fonts(footer.add_run(" —"), "宋体", Pt(14))


def _table_properties(table, grid: Grid) -> None:
    tbl_pr = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), grid.caption)
    tbl_pr.append(caption)
    for row in table.rows[: len(grid.head)]:  # repeat the header rows on every page
        tr_pr = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().insert(0, cant_split)


def add_table(document, grid: Grid):
    rows = grid.rows()
    table = document.add_table(rows=len(rows), cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths)
    widths = [Mm(CONTENT_WIDTH_MM * w / total) for w in grid.widths]
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    size = SIZE_TABLE.get(grid.table, Pt(10.5))
    for r, c, spec in place(rows, grid.ncols):
        cell = table.cell(r, c)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if spec.role in ("label", "corner") else WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        if spec.text:
            bold = spec.role in ("colhead", "caption")
            _set_fonts(p.add_run(spec.text), HEADING_FONT if bold else BODY_FONT, size, bold)
    _table_properties(table, grid)
    return table


def build_document(doc: ReportDocument):
    document = Document()
    _page_setup(document)
    core = document.core_properties
    core.title = report_title(doc)
    core.author = doc.metadata.agency or ""
    core.language = "zh-CN"
    head, tail = title_parts(report_title(doc))
    title = _paragraph(document, head, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=Pt(36))
    if tail:
        title.runs[0].add_break()
        _set_fonts(title.add_run(tail), TITLE_FONT, SIZE_2)
    if doc.metadata.published:
        _paragraph(document, f"发布日期：{doc.metadata.published.isoformat()}", BODY_FONT, SIZE_3,
                   align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, "", BODY_FONT, SIZE_3, indent=False)
    fmt = doc.format
    tables = grids(fmt, doc.values) if fmt else {}
    for key, title, table_key in sections_in_order(doc):
        _paragraph(document, title, HEADING_FONT, SIZE_3)
        for kind, text in section_blocks(doc.sections.get(key, "")):
            _paragraph(document, text, SUBHEADING_FONT if kind == "heading" else BODY_FONT, SIZE_3, bold=kind == "heading")
        if table_key and table_key in tables:
            add_table(document, tables[table_key])
            _paragraph(document, "", BODY_FONT, Pt(10.5), indent=False, spacing=Pt(14))
    return document


def render_docx(doc: ReportDocument) -> bytes:
    """The report as the bytes of a .docx file."""
    buffer = io.BytesIO()
    build_document(doc).save(buffer)
    return buffer.getvalue()
