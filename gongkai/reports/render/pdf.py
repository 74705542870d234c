"""An annual report as PDF: the standalone HTML page printed by WeasyPrint.

The CJK font (Noto Serif/Sans CJK from Debian's fonts-noto-cjk) is found by
fontconfig and embedded as a subset.  WeasyPrint subsets fonts quickly only
with ``libharfbuzz-subset0`` installed (otherwise it falls back to fontTools:
about 15 s instead of 0.4 s per report; see scripts/system-deps.sh).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from gongkai.reports.document import ReportDocument

from .html import render_html
from .text import report_title


class MissingFontError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def cjk_font_families() -> tuple[str, ...]:
    """Font families fontconfig offers for Chinese (empty if none; ``("?",)`` if fc-list is unavailable)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ("?",)
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    return tuple(sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()}))


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as PDF bytes (A4, official margins, page numbers, tables as in the national format)."""
    if not cjk_font_families():
        raise MissingFontError("没有找到中文字体，生成的 PDF 会显示方框：请安装 fonts-noto-cjk（scripts/system-deps.sh run）。")
    from weasyprint import HTML

    html = render_html(doc)
    document = HTML(string=html).render()
    document.metadata.title = report_title(doc)
    if doc.metadata.agency:
        document.metadata.authors = [doc.metadata.agency]
    document.metadata.lang = "zh-CN"
    return document.write_pdf()
