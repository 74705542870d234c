"""Readers: a published report file → one common shape, a ``Source``.

Every reader (plain text / Markdown, HTML or a JS file holding escaped HTML,
Word .docx, text PDF) produces the same thing: the report as one normalised
*flat text* in reading order, and for every stretch of that text where it came
from (a line of the decoded file, or a cell of a table grid, or a PDF page).
Tables found as real grids (HTML ``<table>``, Word tables, ruled PDF tables)
are also kept as ``Grid`` objects with rowspan/colspan expanded.

In the flat text a grid row is one line and its cells are separated by a tab;
an empty cell is written as ``BLANK`` (a private-use character), so the
extractor can tell "no number here" from "nothing printed".  Plain text keeps
its own lines, so tab-separated, ``|``-separated and one-cell-per-line dumps all
reach the extractor unchanged.

Normalisation is a 1:1 character translation (full-width digits and signs,
no-break and ideographic spaces), so offsets in the flat text map straight
back to columns of the original line.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

BLANK = "\ue000"  # an empty table cell in the flat text

MAX_BYTES = 50 * 1024 * 1024


class ReadError(Exception):
    """The file cannot be read as a report (message in Chinese, says why)."""


# -- normalisation -------------------------------------------------------------

_FOLD = {c: str(i) for i, c in enumerate("０１２３４５６７８９")}
_FOLD.update({c: " " for c in "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\x0b\x0c"})
_FOLD.update({"．": ".", "－": "-", "＋": "+", "\u2212": "-", "％": "%", "｜": "|"})
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD)) + "]")
_DELETE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DELETE_RE = re.compile(f"[{_DELETE_CHARS}]")


def fold(text: str) -> str:
    """1:1 fold of full-width digits/signs and odd spaces (offsets unchanged)."""
    return _FOLD_RE.sub(lambda m: _FOLD[m.group()], text)


def normalize(text: str) -> str:
    """Fold full-width digits/signs and odd spaces; drop zero-width characters and CR."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return fold(_DELETE_RE.sub("", text))


# -- the common shape ----------------------------------------------------------


class Origin(NamedTuple):
    """Where a stretch of the flat text came from."""

    line: int | None = None  # 1-based line of the decoded file (text sources; HTML source line)
    table: int | None = None  # 0-based grid index (HTML / Word / PDF tables)
    row: int | None = None  # 0-based grid row
    col: int | None = None  # 0-based grid column (after rowspan/colspan expansion)
    page: int | None = None  # 1-based PDF page


@dataclass
class Grid:
    """A table with spans expanded: ``cells[r][c]`` is the text shown at that position."""

    cells: list[list[str]]
    page: int | None = None
    origin_cells: list[list[tuple[int, int]]] = field(default_factory=list)  # anchor (row, col) of each position


@dataclass
class Source:
    """A decoded report: flat text plus where each piece came from."""

    path: str
    kind: str  # txt | md | html | docx | pdf
    text: str
    encoding: str | None = None
    grids: list[Grid] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # title / published / agency when the page states them
    notes: list[str] = field(default_factory=list)  # reader remarks shown to the user
    _starts: list[int] = field(default_factory=list, repr=False)
    _origins: list[Origin] = field(default_factory=list, repr=False)

    def origin(self, offset: int) -> tuple[Origin, int]:
        """The origin of the text at ``offset`` and the 0-based column inside it."""
        if not self._starts:
            return Origin(), offset
        i = bisect.bisect_right(self._starts, offset) - 1
        i = max(i, 0)
        return self._origins[i], offset - self._starts[i]


class _Builder:
    """Accumulates flat text with its origins."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.starts: list[int] = []
        self.origins: list[Origin] = []

    def add(self, text: str, origin: Origin | None = None):
        if not text:
            return
        if origin is not None:
            self.starts.append(self.pos)
            self.origins.append(origin)
        self.parts.append(text)
        self.pos += len(text)

    def newline(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n")

    def source(self, **kwargs) -> Source:
        return Source(text="".join(self.parts), _starts=self.starts, _origins=self.origins, **kwargs)


# -- decoding ------------------------------------------------------------------

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (covers GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ReadError(f"文件以 UTF-8 标记开头，但第{exc.start + 3}字节处不是有效的 UTF-8，文件可能已损坏。") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16，文件可能已损坏。") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # A UTF-8 file cut in the middle of a character: decode the rest, note it.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        return data[: utf8_error.start].decode("utf-8"), "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError(
            "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030（"
            f"UTF-8 在第{utf8_error.start}字节处出错）。请另存为 UTF-8 后重试。"
        ) from None
    return text, "gb18030"


# -- plain text / Markdown -----------------------------------------------------

_FOOTER_RE = re.compile(
    r"^[ \t]*(?:[-－—–]+[ \t]*\d{1,3}[ \t]*[-－—–]+|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?"
    r"|\d{1,3}[ \t]*/[ \t]*\d{1,3})[ \t]*$",
    re.M,
)


def blank_page_footers(text: str) -> str:
    """Replace page-number lines ("- 5 -", "第3页 共6页") by spaces of the same length."""
    return _FOOTER_RE.sub(lambda m: " " * len(m.group(0)), text)


def text_source(text: str, *, path: str = "", kind: str = "txt", encoding: str | None = None) -> Source:
    text = blank_page_footers(normalize(text))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    origins = [Origin(line=i + 1) for i in range(len(starts))]
    src = Source(path=path, kind=kind, text=text, encoding=encoding, _starts=starts, _origins=origins)
    _crawler_header(src)
    return src


_HEADER_FIELD_RE = re.compile(r"^(标题|发布时间|发布日期|发布机构|来源|文号)\s*[:：]\s*(.*?)\s*$", re.M)


def _crawler_header(src: Source) -> None:
    """Crawler dumps start with "标题: …/发布时间: …" lines: keep them as page metadata."""
    head = src.text[:2000]
    for m in _HEADER_FIELD_RE.finditer(head):
        key, value = m.group(1), m.group(2)
        if not value:
            continue
        if key == "标题":
            src.meta.setdefault("title", value)
        elif key in ("发布时间", "发布日期"):
            src.meta.setdefault("published", value)
        elif key in ("发布机构", "来源"):
            src.meta.setdefault("agency", value)


# -- HTML ----------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol section article header footer blockquote pre dl dt dd br hr form "
    "center address nav main aside figure figcaption caption tbody thead tfoot".split()
)
_TABLE_TAGS = frozenset(("table", "tr", "td", "th"))
_SKIP_TAGS = frozenset("script style noscript template head iframe object svg select option textarea button".split())
_JS_STRING_RE = re.compile(r'"((?:[^"\\\n]|\\.){200,})"|\'((?:[^\'\\\n]|\\.){200,})\'|`((?:[^`\\]|\\.){200,})`', re.S)
_JS_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}


def _js_unescape(s: str) -> str:
    def repl(m: re.Match) -> str:
        e = m.group(1)
        if e[0] in "ux" and len(e) > 1:
            return chr(int(e[1:], 16))
        return _JS_SIMPLE.get(e, e)

    return _JS_ESCAPE_RE.sub(repl, s)


def _looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or (
        text.count("<p") + text.count("<td") + text.count("<div") > 5 and "<" in head
    )


def html_from_script(text: str) -> str | None:
    """A JS file holding the report as an escaped HTML string (e.g. ``let content = "<p>…"``)."""
    best = None
    for m in _JS_STRING_RE.finditer(text):
        body = m.group(1) or m.group(2) or m.group(3)
        if "<" in body and ("<p" in body or "<table" in body or "<td" in body):
            if best is None or len(body) > len(best):
                best = body
    return _js_unescape(best) if best else None


def _collapse_ws(s: str) -> str:
    s = " ".join(s.split())
    return fold(s) if _FOLD_RE.search(s) else s


def expand_spans(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """Expand (text, rowspan, colspan) rows into a rectangular grid.

    Written by hand because neither lxml nor bs4 expands spans; the anchor of
    every position is kept so a spanned cell is reported once.
    """
    grid: list[list[str | None]] = []
    anchors: list[list[tuple[int, int] | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
            anchors.append([])
        c = 0
        for text, rowspan, colspan in row:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for dr in range(max(rowspan, 1)):
                rr = r + dr
                while len(grid) <= rr:
                    grid.append([])
                    anchors.append([])
                for dc in range(max(colspan, 1)):
                    cc = c + dc
                    while len(grid[rr]) <= cc:
                        grid[rr].append(None)
                        anchors[rr].append(None)
                    grid[rr][cc] = text
                    anchors[rr][cc] = (r, c)
            c += max(colspan, 1)
    width = max((len(r) for r in grid), default=0)
    cells = [[(t if t is not None else "") for t in row] + [""] * (width - len(row)) for row in grid]
    anch = [[a if a is not None else (r, c) for c, a in enumerate(row)] + [(r, c) for c in range(len(row), width)]
            for r, row in enumerate(anchors)]
    return Grid(cells=cells, origin_cells=anch)


def _span(el, name: str) -> int:
    try:
        return max(1, min(int(str(el.get(name, "1")).strip() or 1), 200))
    except ValueError:
        return 1


_HTML_PARSER = None


def _html_parser():
    global _HTML_PARSER
    if _HTML_PARSER is None:
        from lxml import etree

        _HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    return _HTML_PARSER


def _emit_grid(b: _Builder, grid: Grid, t_index: int, row_lines: list | None = None, page: int | None = None) -> None:
    """Write a grid into the flat text: one line per row, cells separated by tabs, each spanned cell once."""
    b.newline()
    seen: set[tuple[int, int]] = set()
    for r, cells in enumerate(grid.cells):
        first = True
        line = row_lines[r] if row_lines and r < len(row_lines) else None
        for c, txt in enumerate(cells):
            anchor = grid.origin_cells[r][c]
            if anchor in seen:
                continue
            seen.add(anchor)
            if not first:
                b.add("\t")
            first = False
            b.add(txt if txt else BLANK, Origin(line=line, table=t_index, row=r, col=c, page=page))
        b.add("\n")


_META_TAG_RE = re.compile(r"<meta\s[^>]*>", re.I)
_ATTR_RE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE_TAG_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def _html_meta(text: str) -> dict:
    """Title / publication date / source the page's <head> states (CMS meta tags)."""
    import html as _html

    head_end = text.find("</head>")
    head = text[: head_end if head_end != -1 else 30000]
    meta = {}
    for tag in _META_TAG_RE.findall(head):
        attrs = {m.group(1).lower(): _html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                 for m in _ATTR_RE.finditer(tag)}
        name, content = attrs.get("name", "").lower(), attrs.get("content", "").strip()
        if not content:
            continue
        if name == "articletitle":
            meta["title"] = normalize(content)
        elif name in ("pubdate", "publishdate", "firstpublishedtime"):
            meta["published"] = content
        elif name == "contentsource":
            meta["agency"] = normalize(content)
    m = _TITLE_TAG_RE.search(head)
    if "title" not in meta and m and m.group(1).strip():
        meta["html_title"] = normalize(_html.unescape(re.sub(r"\s+", " ", m.group(1)).strip()))
    return meta


def _content_window(text: str) -> tuple[int, int]:
    """(start, end) of the part of a web page that can hold the report: the site header before the
    report's first section is dropped (it is most of the markup of a CMS page); nothing after it is."""
    first = min((i for i in (text.find("总体情况"), text.find("概述")) if i != -1), default=-1)
    if first == -1:
        return 0, len(text)
    body = text.rfind("<body", 0, first)
    lo = text.find("<", max(first - 12000, body, 0))
    return max(lo, 0), len(text)


def html_source(text: str, *, path: str = "", encoding: str | None = None, kind: str = "html") -> Source:
    from lxml import etree

    notes = []
    if not _looks_like_html(text):
        inner = html_from_script(text)
        if inner is None:
            return text_source(text, path=path, kind="txt", encoding=encoding)
        text = inner
        notes.append("文件是脚本文件，报告正文取自其中的 HTML 字符串。")
    if any(ch in text for ch in _DELETE_CHARS):
        text = _DELETE_RE.sub("", text)
    meta = _html_meta(text)
    lo, hi = _content_window(text)
    lines_before = 0
    if lo or hi < len(text):
        # parse only the stretch holding the report (site menus and footers cost time, not content);
        # lxml's line numbers then count from its start
        lines_before = text.count("\n", 0, lo)
        text = text[lo:hi]
    try:
        root = etree.fromstring(text, _html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"无法解析 HTML：{exc}") from None
    if root is None:
        raise ReadError("HTML 文件中没有内容。")

    body = root.find("body")
    if body is None:
        body = root
    grids: list[Grid] = []
    grid_lines: list[list] = []
    # Leaf tables become grids; a placeholder keeps their place in the text.  (A table holding
    # other tables is page layout: its cells are read as ordinary blocks.)
    # the text of a cell and everything in it, written by libxml2 (walking itertext() from Python
    # costs ten times more on the span-laden cells of Word-exported pages)
    cell_text = etree.tostring
    for table in body.xpath(".//table[not(.//table)]"):
        rows, row_lines = [], []
        for tr in table.iter("tr"):
            row = []
            for td in tr:
                if td.tag == "td" or td.tag == "th":
                    rs, cs = td.get("rowspan"), td.get("colspan")
                    row.append((_collapse_ws(cell_text(td, method="text", encoding=str, with_tail=False)),
                                1 if rs is None else _span(td, "rowspan"),
                                1 if cs is None else _span(td, "colspan")))
            rows.append(row)
            row_lines.append(tr.sourceline + lines_before if tr.sourceline is not None else None)
        grids.append(expand_spans(rows))
        grid_lines.append(row_lines)
        placeholder = etree.Element("span")
        placeholder.text = f"\ue001{len(grids) - 1}\ue001"
        placeholder.tail = table.tail
        parent = table.getparent()
        if parent is not None:
            parent.replace(table, placeholder)
    # The page's text, with a line break around every block element, comes out of one XSLT pass
    # (C speed; walking the elements from Python costs more than parsing the page).
    flat = str(_text_xslt()(body))
    b = _Builder()
    pos = 0
    for m in _MARK_RE.finditer(flat):
        _add_html_text(b, flat[pos:m.start()], None)
        i = int(m.group(1))
        _emit_grid(b, grids[i], i, grid_lines[i])
        pos = m.end()
    _add_html_text(b, flat[pos:], None)
    src = b.source(path=path, kind=kind, encoding=encoding, grids=grids, meta=meta, notes=notes)
    src.text = blank_page_footers(fold(src.text))
    return src


_MARK_RE = re.compile("\ue001(\\d+)\ue001")
_XSLT = None


def _text_xslt():
    """An XSLT that writes an element's text with a line break before and after each block element."""
    global _XSLT
    if _XSLT is None:
        from lxml import etree

        blocks = "|".join(sorted(_BLOCK_TAGS | _TABLE_TAGS))
        skip = "|".join(sorted(_SKIP_TAGS))
        _XSLT = etree.XSLT(etree.XML(
            '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:output method="text" encoding="UTF-8"/>'
            f'<xsl:template match="{blocks}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/>'
            '<xsl:text>&#10;</xsl:text></xsl:template>'
            f'<xsl:template match="{skip}"/>'
            '</xsl:stylesheet>'))
    return _XSLT
_NL_WS_RE = re.compile(r"\s*\n\s*")
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0]{2,}")


def _add_html_text(b: _Builder, piece: str, line: int | None) -> None:
    """Text between block marks: whitespace around line breaks folded, one line break between blocks."""
    if not piece:
        return
    piece = _NL_WS_RE.sub("\n", piece)
    if piece.startswith("\n") and (not b.parts or b.parts[-1].endswith("\n")):
        piece = piece[1:]
    if not piece:
        return
    if piece.isspace():
        if b.parts and not b.parts[-1][-1:].isspace():
            b.add(" ")
        return
    b.add(piece, Origin(line=line))


# -- Word ----------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_source(data: bytes, *, path: str = "") -> Source:
    """Read a .docx body (paragraphs and tables, in order) straight from its XML.

    python-docx repeats a merged cell in every row/column it covers; reading
    ``w:gridSpan`` / ``w:vMerge`` directly gives each cell once.
    """
    import io

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise ReadError(f"无法打开 Word 文件（.docx）：文件不完整或不是 Word 文档（{type(exc).__name__}）。") from None
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"Word 文件内容损坏：{exc}") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise ReadError("Word 文件中没有正文。")
    b = _Builder()
    grids: list[Grid] = []
    para_no = 0

    def para_text(p) -> str:
        out = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
            if node.tag == f"{_W}t":
                out.append(node.text or "")
            elif node.tag == f"{_W}tab":
                out.append("\t")
            else:
                out.append("\n")
        return normalize("".join(out))

    def emit_table(tbl) -> None:
        rows = []
        raw_rows = [tr for tr in tbl if tr.tag == f"{_W}tr"]
        # First pass: cells with spans; vertical merges counted per grid column.
        table_rows: list[list[tuple[str, int, int, str | None]]] = []
        for tr in raw_rows:
            cells = []
            for tc in tr:
                if tc.tag != f"{_W}tc":
                    continue
                tcpr = tc.find(f"{_W}tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(f"{_W}gridSpan")
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(f"{_W}val", "1")))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(f"{_W}vMerge")
                    if vm is not None:
                        vmerge = vm.get(f"{_W}val", "continue")
                text = "".join(para_text(p) for p in tc.iter(f"{_W}p"))
                cells.append((_collapse_ws(text), span, vmerge))
            table_rows.append(cells)
        # Resolve vMerge: a "restart" cell grows by one row for every "continue" below it.
        rowspan: dict[tuple[int, int], int] = {}
        covered: set[tuple[int, int]] = set()
        open_merge: dict[int, tuple[int, int]] = {}
        for r, cells in enumerate(table_rows):
            c = 0
            for i, (_, span, vm) in enumerate(cells):
                if vm == "restart":
                    open_merge[c] = (r, i)
                    rowspan[(r, i)] = 1
                elif vm == "continue" and c in open_merge:
                    rowspan[open_merge[c]] += 1
                    covered.add((r, i))
                else:
                    open_merge.pop(c, None)
                c += span
        for r, cells in enumerate(table_rows):
            rows.append([(text, rowspan.get((r, i), 1), span)
                         for i, (text, span, _) in enumerate(cells) if (r, i) not in covered])
        grid = expand_spans(rows)
        grids.append(grid)
        _emit_grid(b, grid, len(grids) - 1)

    for child in body:
        if child.tag == f"{_W}p":
            para_no += 1
            b.add(para_text(child), Origin(line=para_no))
            b.add("\n")
        elif child.tag == f"{_W}tbl":
            emit_table(child)
    return b.source(path=path, kind="docx", grids=grids)


# -- PDF -----------------------------------------------------------------------


def pdf_source(data: bytes, *, path: str = "") -> Source:
    """Text PDFs through pdfplumber: ruled tables as grids, the other text as lines, page by page."""
    import io

    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise ReadError(f"缺少读取 PDF 的组件：{exc}") from None

    b = _Builder()
    grids: list[Grid] = []
    image_pages = 0
    text_chars = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, Exception) as exc:  # noqa: BLE001 - pdfminer raises many kinds
        raise ReadError(f"无法打开 PDF 文件：文件不完整或已损坏（{type(exc).__name__}）。") from None
    try:
        pages = pdf.pages
        for pno, page in enumerate(pages, start=1):
            chars = page.chars
            text_chars += len(chars)
            if not chars:
                if page.images:
                    image_pages += 1
                continue
            tables = page.find_tables()
            items = []  # (top, kind, payload)
            boxes = []
            for t in tables:
                rows = t.extract()
                if not rows or max(len(r) for r in rows) < 2:
                    continue  # a text box drawn with a border: keep it as text lines
                boxes.append(t.bbox)
                items.append((t.bbox[1], "table", rows))

            def outside(obj, boxes=boxes):
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)

            rest = page.filter(outside) if boxes else page
            for line in rest.extract_text_lines(layout=False, strip=True):
                items.append((line["top"], "line", line["text"]))
            items.sort(key=lambda it: (it[0], it[1] == "line"))
            for _, kind, payload in items:
                if kind == "line":
                    b.add(normalize(payload), Origin(page=pno))
                    b.add("\n")
                    continue
                grid = Grid(cells=[[_collapse_ws(c) if c else "" for c in row] for row in payload], page=pno)
                # pdfplumber gives None for the positions a merged cell covers
                anchors = []
                for r, row in enumerate(payload):
                    arow, last = [], (r, 0)
                    for c, cell in enumerate(row):
                        if cell is not None:
                            last = (r, c)
                        arow.append(last)
                    anchors.append(arow)
                grid.origin_cells = anchors
                grids.append(grid)
                _emit_grid(b, grid, len(grids) - 1, page=pno)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged PDF can fail anywhere inside pdfminer
        raise ReadError(f"读取 PDF 内容时出错：文件可能不完整或已损坏（{type(exc).__name__}）。") from None
    finally:
        pdf.close()
    if text_chars == 0:
        if image_pages:
            raise ReadError(
                f"这是扫描件（图片型）PDF：{image_pages}页都只有图像、没有文字层，无法读取表格。"
                "请向发布机关索取文字版，或先做文字识别（OCR）。"
            )
        raise ReadError("PDF 中没有可读取的文字。")
    src = b.source(path=path, kind="pdf", grids=grids)
    if image_pages:
        src.notes.append(f"PDF 中有{image_pages}页只有图像（扫描页），这些页的内容未能读取。")
    src.text = blank_page_footers(src.text)
    return src


# -- entry point -----------------------------------------------------------------


def sniff_kind(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if suffix in (".pdf", ".docx"):
        return suffix[1:]
    if suffix in (".html", ".htm", ".shtml", ".xhtml", ".js", ".jsp", ".asp", ".aspx", ".php"):
        return "html"
    if suffix == ".md":
        return "md"
    head = data[:4096].lower()
    if b"<html" in head or b"<!doctype html" in head or b"<body" in head:
        return "html"
    return "txt"


def read_bytes(data: bytes, name: str = "") -> Source:
    """Read report bytes; ``name`` (a file name) helps choose the reader."""
    if not data or not data.strip():
        raise ReadError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（{len(data) // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限。")
    kind = sniff_kind(data, name)
    if kind == "pdf":
        return pdf_source(data, path=name)
    if kind == "docx":
        return docx_source(data, path=name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这是旧版 Office 文件（.doc / .xls / .wps），无法直接读取；请另存为 .docx 或 PDF 后再查。")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("这不是文本文件（含有二进制内容），也不是 PDF 或 Word 文档。")
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise ReadError("文件是空的。")
    if kind == "html" or (kind == "txt" and _looks_like_html(text)):
        return html_source(text, path=name, encoding=encoding)
    return text_source(text, path=name, kind=kind, encoding=encoding)


def read_path(path: str | Path) -> Source:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限。")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError("文件不存在。") from None
    except IsADirectoryError:
        raise ReadError("这是文件夹，不是文件。") from None
    except PermissionError:
        raise ReadError("没有读取该文件的权限。") from None
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    return read_bytes(data, str(p))
