"""The text parts of a rendered report: its title, its sections in order, their paragraphs."""

from __future__ import annotations

import re
from typing import Iterator

from gongkai.reports.document import ReportDocument

_SUBHEADING_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)][^。；，,;]{1,24}$")


def report_title(doc: ReportDocument) -> str:
    """``柳州市公安局2023年政府信息公开工作年度报告`` unless the document has its own title."""
    meta = doc.metadata
    if meta.title:
        return meta.title
    agency = meta.agency or ""
    year = f"{meta.year}年" if meta.year else ""
    return f"{agency}{year}政府信息公开工作年度报告"


TITLE_TAIL = "政府信息公开工作年度报告"


def title_parts(title: str) -> tuple[str, str]:
    """Split a long title before its standard tail, where an official title breaks its line."""
    if title.endswith(TITLE_TAIL) and len(title) > 20:
        return title[: -len(TITLE_TAIL)], TITLE_TAIL
    return title, ""


def sections_in_order(doc: ReportDocument) -> Iterator[tuple[str, str, str | None]]:
    """``(section key, heading, table key or None)`` in the format's order."""
    fmt = doc.format
    if fmt is None:  # pre-2019 narrative report: its own headings, as stored
        for key in doc.sections:
            yield key, key, None
        return
    for section in fmt.sections:
        yield section["key"], section["title"], section.get("table")


def section_blocks(text: str) -> Iterator[tuple[str, str]]:
    """``("heading" | "paragraph", text)`` for each non-empty line of a section's text.

    A short line such as ``（一）主动公开`` is a sub-heading; everything else a paragraph.
    """
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        yield ("heading" if _SUBHEADING_RE.match(line) else "paragraph"), line
