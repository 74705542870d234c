"""Reading rendered tables back into grids, and checking that every value sits in its cell.

A grid here is a list of rows of equal width; a position covered by a merged
cell (other than its top-left corner) is ``None``, a real empty cell is ``""``
— the convention of pdfplumber, which the HTML and Word readers follow too.
The checks locate each cell by its row label and column label, as a person
reading the printed table would, never by the renderer's own markers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.law.formats import ReportFormat

WS = re.compile(r"\s+")


def norm(text) -> str | None:
    return None if text is None else WS.sub("", str(text))


# -- readers -----------------------------------------------------------------------------


def html_grid(table) -> tuple[list[list], dict]:
    """lxml ``<table>`` → (grid, spans) where spans maps (row, col) of each origin to (rowspan, colspan)."""
    rows = table.xpath("./thead/tr | ./tbody/tr | ./tr")
    taken: dict[tuple[int, int], str | None] = {}
    spans = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./th | ./td"):
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            spans[(r, c)] = (rs, cs)
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = None
            taken[(r, c)] = cell.text_content()
            c += cs
    height = 1 + max(r for r, _ in taken)
    width = 1 + max(c for _, c in taken)
    grid = [[taken.get((r, c), "<missing>") for c in range(width)] for r in range(height)]
    return grid, spans


def docx_grid(table) -> tuple[list[list], dict]:
    """python-docx table → (grid, spans), telling merged cells apart by their shared ``<w:tc>``."""
    seen: dict = {}  # keyed by the <w:tc> element itself: it stays alive, so lxml returns the same proxy
    extent: dict[tuple[int, int], list[int]] = {}
    grid = []
    for r, row in enumerate(table.rows):
        out = []
        for c, cell in enumerate(row.cells):
            ident = cell._tc
            # a vertically merged continuation has its own <w:tc vMerge="continue">: python-docx
            # resolves it to the top cell's element, so identity covers both directions.
            if ident in seen:
                origin = seen[ident]
                out.append(None)
                box = extent[origin]
                box[0], box[1] = max(box[0], r), max(box[1], c)
            else:
                seen[ident] = (r, c)
                extent[(r, c)] = [r, c]
                out.append(cell.text)
        grid.append(out)
    spans = {o: (box[0] - o[0] + 1, box[1] - o[1] + 1) for o, box in extent.items()}
    return grid, spans


# -- checks ------------------------------------------------------------------------------


def printed(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _column_header(grid, header_rows: range, c: int) -> str:
    return "".join(norm(grid[r][c]) or "" for r in header_rows)


def _leaf_header(grid, header_rows: range, c: int) -> str:
    """The lowest header text above column ``c`` (its own label, below any parent's)."""
    texts = [norm(grid[r][c]) for r in header_rows if grid[r][c]]
    return texts[-1] if texts else ""


def check_t3(grid, fmt: ReportFormat, values: dict) -> int:
    """Every Table 3 value is in the row with its label and the column with its header. Returns cells checked."""
    t3 = fmt.tables["t3"]
    labels = len(grid[0]) - len(t3["columns"])
    checked = 0
    col_index = {}
    for col in t3["columns"]:
        matches = [c for c in range(labels, len(grid[0])) if _leaf_header(grid, range(3), c) == norm(col["label"])]
        assert len(matches) == 1, (col["label"], matches)
        col_index[col["key"]] = matches[0]
    for row in t3["rows"]:
        rows = [r for r in range(3, len(grid)) if norm(row["label"]) in [norm(x) for x in grid[r][:labels]]]
        assert len(rows) == 1, (row["label"], rows)
        for col in t3["columns"]:
            key = f"t3.{col['key']}.{row['key']}"
            cell = grid[rows[0]][col_index[col["key"]]]
            assert norm(cell) == printed(values.get(key)), (key, cell, values.get(key))
            checked += 1
    return checked


def check_t2(grid, fmt: ReportFormat, values: dict) -> int:
    checked = 0
    for block in fmt.t2_blocks():
        cap = [r for r in range(len(grid)) if norm(grid[r][0]) == norm(block["caption"])]
        assert len(cap) == 1, block["caption"]
        head = cap[0] + 1
        assert norm(grid[head][0]) == "信息内容"
        for i, row in enumerate(block["rows"]):
            r = head + 1 + i
            assert norm(grid[r][0]) == norm(row["label"]), (grid[r][0], row["label"])
            for col in block["columns"]:
                cs = [c for c in range(1, len(grid[head])) if norm(grid[head][c]) == norm(col["label"])]
                assert len(cs) == 1, col["label"]
                key = f"t2.{block['key']}.{row['key']}.{col['key']}"
                assert norm(grid[r][cs[0]]) == printed(values.get(key)), (key, grid[r][cs[0]])
                checked += 1
    return checked


def check_t4(grid, fmt: ReportFormat, values: dict) -> int:
    t4 = fmt.tables["t4"]
    n = len(t4["columns"])
    checked = 0
    header_rows = range(len(grid) - 1)
    for gi, group in enumerate(t4["groups"]):
        # the group's label heads its n columns (in the first of them, as merged cells are read)
        first = gi * n
        assert norm(group["label"]) in _column_header(grid, header_rows, first), group["label"]
        if group.get("parent"):
            parent_cols = [c for c in range(len(grid[0])) if norm(grid[0][c]) == norm(group["parent"])]
            assert parent_cols and parent_cols[0] <= first
        for ci, col in enumerate(t4["columns"]):
            c = first + ci
            assert norm(grid[len(grid) - 2][c]) == norm(col["label"])
            key = f"t4.{group['key']}.{col['key']}"
            assert norm(grid[-1][c]) == printed(values.get(key)), (key, grid[-1][c])
            checked += 1
    return checked


def expected_spans(fmt: ReportFormat) -> dict[str, list[tuple[str, int, int]]]:
    """(label, rowspan, colspan) of the merged cells the national format has — written out by hand."""
    result_rows = 22 if fmt.version == "2021" else 20
    t3 = [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 1, 7), ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1),
        ("一、本年新收政府信息公开申请数量", 1, 3), ("二、上年结转政府信息公开申请数量", 1, 3),
        ("三、本年度办理结果", result_rows, 1), ("（一）予以公开", 1, 2), ("（三）不予公开", 8, 1),
        ("（四）无法提供", 3, 1), ("（五）不予处理", 5, 1), ("（七）总计", 1, 2), ("四、结转下年度继续办理", 1, 3),
    ]
    if fmt.version == "2021":
        t3.append(("（六）其他处理", 3, 1))
    else:
        t3.append(("（六）其他处理", 1, 2))
    t4 = [("行政复议", 2, 5), ("行政诉讼", 1, 10), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    t2 = [("第二十条第（一）项", 1, 4), ("第二十条第（五）项", 1, 4)]
    if fmt.version == "2021":
        t2 += [("本年处理决定数量", 1, 3), ("本年收费金额（单位：万元）", 1, 3)]
    else:
        t2 += [("采购总金额", 1, 2)]
    return {"t2": t2, "t3": t3, "t4": t4}


def check_spans(grid, spans: dict, expected: list[tuple[str, int, int]]) -> None:
    for label, rowspan, colspan in expected:
        origins = [(r, c) for (r, c) in spans if norm(grid[r][c]) == norm(label)]
        assert origins, f"没有找到“{label}”"
        assert any(spans[o] == (rowspan, colspan) for o in origins), (label, [spans[o] for o in origins], (rowspan, colspan))
