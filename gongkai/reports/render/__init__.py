"""Rendering a ``ReportDocument`` as HTML, Word (.docx) and PDF, laid out as the national format.

    from gongkai.reports.render import render_html, render_docx, render_pdf
    html = render_html(doc)            # str: a full page with print CSS (render_html_fragment for the <article>)
    data = render_docx(doc)            # bytes of a .docx (official-document look, merged header cells)
    pdf = render_pdf(doc)              # bytes of a PDF (WeasyPrint, CJK font embedded)

All table layout comes from the format schema (``gongkai.law.formats``) through
``layout.grids``; see ``docs/rendering.md``.
"""

from .docx import render_docx
from .html import render_html, render_html_fragment, report_css
from .pdf import render_pdf

__all__ = ["render_docx", "render_html", "render_html_fragment", "render_pdf", "report_css"]
