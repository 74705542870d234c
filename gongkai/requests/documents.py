"""Word → HTML → PDF for notices and the dossier.

A notice is rendered once into Word from its template (docxtpl); its PDF is printed by
WeasyPrint from an HTML rendering *of that Word file* (paragraphs, alignment, bold,
sizes, tables), so the PDF always carries exactly the same text as the Word file, even
for an agency's own template — without LibreOffice on the server.  Fonts: the official
ones first, then Noto CJK (fonts-noto-cjk), embedded as a subset.
"""

from __future__ import annotations

import html
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai.reports.render.pdf import MissingFontError, cjk_font_families

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Sans CJK SC", sans-serif; font-size: 10pt; } }
body { font-family: "仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 15pt; line-height: 1.75; color: #000; }
p { margin: 0; min-height: 1em; text-align: justify; }
p.c { text-align: center; } p.r { text-align: right; } p.i { text-indent: 2em; }
.doc + .doc { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: 11pt; line-height: 1.4; }
td, th { border: 1px solid #000; padding: 3px 5px; vertical-align: top; text-align: left; }
h1 { font-family: "方正小标宋简体", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 20pt; text-align: center;
  font-weight: 700; margin: 0 0 .5em; }
h2 { font-family: "黑体", "Noto Sans CJK SC", sans-serif; font-size: 14pt; margin: 1em 0 .4em; }
.small { font-size: 11pt; line-height: 1.5; }
"""

_ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "c", WD_ALIGN_PARAGRAPH.RIGHT: "r"}


def _paragraph_html(p: Paragraph) -> str:
    classes = []
    if p.alignment in _ALIGN:
        classes.append(_ALIGN[p.alignment])
    elif p.paragraph_format.first_line_indent:
        classes.append("i")
    parts = []
    for run in p.runs:
        text = html.escape(run.text)
        if not text:
            continue
        style = []
        if run.font.size:
            style.append(f"font-size:{run.font.size.pt:g}pt")
        if run.font.bold:
            style.append("font-weight:700")
        parts.append(f'<span style="{";".join(style)}">{text}</span>' if style else text)
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<p{cls}>{''.join(parts)}</p>"


def _table_html(t: Table) -> str:
    rows = []
    for row in t.rows:
        seen = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # python-docx repeats merged cells
                continue
            seen.add(id(cell._tc))
            cells.append(f"<td>{'<br>'.join(html.escape(p.text) for p in cell.paragraphs)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>"


def docx_body_html(data: bytes) -> str:
    """The body of a Word file as HTML (paragraphs and tables in document order)."""
    doc = Document(io.BytesIO(data))
    out = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(_paragraph_html(Paragraph(el, doc)))
        elif tag == "tbl":
            out.append(_table_html(Table(el, doc)))
    return "\n".join(out)


def docx_text(data: bytes) -> str:
    """All text of a Word file, paragraphs and table cells (for checks and search)."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.extend(c.text for c in row.cells)
    return "\n".join(lines)


def page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>")


def html_to_pdf(document: str, title: str = "", author: str = "") -> bytes:
    if not cjk_font_families():
        raise MissingFontError("没有找到中文字体，生成的 PDF 会显示方框：请安装 fonts-noto-cjk（scripts/system-deps.sh run）。")
    from weasyprint import HTML

    rendered = HTML(string=document).render()
    rendered.metadata.title = title
    if author:
        rendered.metadata.authors = [author]
    rendered.metadata.lang = "zh-CN"
    return rendered.write_pdf()


def docx_to_pdf(data: bytes, title: str = "", author: str = "") -> bytes:
    return html_to_pdf(page(title, f'<div class="doc">{docx_body_html(data)}</div>'), title, author)
