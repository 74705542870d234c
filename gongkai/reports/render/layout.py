"""Tables 2, 3 and 4 of an annual report as grids of cells, driven by the format schema.

Every renderer (HTML, Word; PDF goes through HTML) draws the same ``Grid``:
rows of ``GridCell`` with row/column spans, header cells with ids, and data
cells carrying their cell key and the ids of the headers that describe them.
Nothing here knows a particular cell: the layout follows
``gongkai.law.formats`` (blocks and columns of Table 2, the row groups and
column parents of Table 3, the groups of Table 4), so the 2019 trial format
lays out as faithfully as the 2021 one.

The national layout (国办公开办函〔2021〕30号; ``docs/rendering.md`` has a sketch):

- Table 2: one table of ``1 + max(columns)`` columns; each block is a caption
  row spanning the width, a header row (信息内容 + the block's columns) and its
  data rows; a block with fewer columns lets its last column span the rest.
- Table 3: a corner note spanning three header rows and the label columns;
  申请人情况 over the applicant columns; 自然人 and 总计 spanning two header rows,
  法人或其他组织 over its five columns; the row-group labels (三、本年度办理结果,
  （三）不予公开 …) spanning their rows, row labels spanning the label columns
  their groups leave free.
- Table 4: 行政复议 spanning two header rows, 行政诉讼 over its two sub-groups,
  then the five outcome columns of each group, and one data row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.law.formats import ReportFormat

ID_PREFIX = "gk"


@dataclass
class GridCell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # data cells: the format's cell key
    id: str | None = None  # header cells: referenced by data cells' ``headers``
    headers: tuple[str, ...] = ()
    scope: str | None = None  # col | colgroup | row | rowgroup
    role: str = ""  # caption | corner | group | label | colhead | data


@dataclass
class Grid:
    table: str  # t2 | t3 | t4
    caption: str  # accessible name of the table (screen readers, Word alt text)
    ncols: int
    head: list[list[GridCell]] = field(default_factory=list)  # header rows repeated on each page
    bodies: list[list[list[GridCell]]] = field(default_factory=list)  # row groups (Table 2: one per block)
    widths: tuple[float, ...] = ()  # relative column widths

    def rows(self) -> list[list[GridCell]]:
        return [*self.head, *(row for body in self.bodies for row in body)]

    def data_cells(self) -> list[GridCell]:
        return [c for row in self.rows() for c in row if c.key]


def format_value(value: Any) -> str:
    """A cell value as printed: blank for ``None``; decimals with their own digits (``1350.1714``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def _hid(*parts: str) -> str:
    return "-".join((ID_PREFIX, *parts)).replace(".", "_")


def _data(key: str, values: dict, headers: list[str], colspan: int = 1) -> GridCell:
    return GridCell(format_value(values.get(key)), key=key, headers=tuple(headers), colspan=colspan, role="data")


# -- Table 2 ---------------------------------------------------------------------------------


def table2(fmt: ReportFormat, values: dict) -> Grid:
    blocks = fmt.t2_blocks()
    width = 1 + max(len(b["columns"]) for b in blocks)
    grid = Grid("t2", "表二：" + _plain_title(fmt.tables["t2"]["title"]), width)
    for block in blocks:
        bkey, cols = block["key"], block["columns"]
        last_span = width - len(cols)
        cap_id = _hid("t2", bkey)
        content_id = _hid("t2", bkey, "content")
        body = [
            [GridCell(block["caption"], header=True, colspan=width, id=cap_id, scope="colgroup", role="caption")],
            [GridCell("信息内容", header=True, id=content_id, scope="col", role="colhead")]
            + [
                GridCell(c["label"], header=True, id=_hid("t2", bkey, "c", c["key"]), scope="col", role="colhead",
                         colspan=last_span if i == len(cols) - 1 else 1)
                for i, c in enumerate(cols)
            ],
        ]
        for row in block["rows"]:
            row_id = _hid("t2", bkey, "r", row["key"])
            cells = [GridCell(row["label"], header=True, id=row_id, scope="row", role="label", headers=(cap_id, content_id))]
            for i, col in enumerate(cols):
                key = f"t2.{bkey}.{row['key']}.{col['key']}"
                cells.append(_data(key, values, [cap_id, _hid("t2", bkey, "c", col["key"]), row_id],
                                   colspan=last_span if i == len(cols) - 1 else 1))
            body.append(cells)
        grid.bodies.append(body)
    grid.widths = (2.2,) + (1.0,) * (width - 1)
    return grid


# -- Table 3 ---------------------------------------------------------------------------------


def _t3_row_groups(t3: dict) -> dict[str, list[dict]]:
    """Each row key -> the groups containing it, outermost first (by size)."""
    groups = [g for g in t3.get("groups", []) if g.get("rows")]
    row_keys = [r["key"] for r in t3["rows"]]
    chains: dict[str, list[dict]] = {k: [] for k in row_keys}
    for group in sorted(groups, key=lambda g: -len(g["rows"])):
        members = [k for k in row_keys if k in group["rows"]]  # only rows the table prints
        if not members:
            continue
        first, last = row_keys.index(members[0]), row_keys.index(members[-1])
        if last - first + 1 != len(members):
            raise ValueError(f"表三分组“{group['label']}”的行不连续")
        for k in members:
            chains[k].append({**group, "printed_rows": members})
    return chains


def table3(fmt: ReportFormat, values: dict) -> Grid:
    t3 = fmt.tables["t3"]
    cols, rows = t3["columns"], t3["rows"]
    chains = _t3_row_groups(t3)
    label_cols = 1 + max(len(c) for c in chains.values())
    width = label_cols + len(cols)
    grid = Grid("t3", "表三：" + _plain_title(t3["title"]), width)

    corner_id, applicant_id = _hid("t3", "corner"), _hid("t3", "applicant")
    head1 = [
        GridCell(t3.get("corner_note", ""), header=True, rowspan=3, colspan=label_cols, id=corner_id, role="corner"),
        GridCell(t3.get("header", "申请人情况"), header=True, colspan=len(cols), id=applicant_id, scope="colgroup", role="colhead"),
    ]
    head2, head3, own_headers = _two_level_header(cols, "t3")
    col_headers = {key: [applicant_id, *ids] for key, ids in own_headers.items()}
    head1[0].rowspan = 1 + (2 if head3 else 1)
    grid.head = [head1, head2, head3] if head3 else [head1, head2]

    body: list[list[GridCell]] = []
    group_ids: dict[str, str] = {}
    for row in rows:
        chain = chains[row["key"]]
        cells: list[GridCell] = []
        for depth, group in enumerate(chain):
            gid = group_ids.setdefault(group["label"], _hid("t3", "g", str(len(group_ids))))
            if group["printed_rows"][0] == row["key"]:
                cells.append(GridCell(group["label"], header=True, rowspan=len(group["printed_rows"]), id=gid,
                                      scope="rowgroup", role="group"))
        row_id = _hid("t3", "r", row["key"])
        gids = [group_ids[g["label"]] for g in chain]
        cells.append(GridCell(row["label"], header=True, colspan=label_cols - len(chain), id=row_id, scope="row",
                              role="label", headers=tuple(gids)))
        for col in cols:
            key = f"t3.{col['key']}.{row['key']}"
            cells.append(_data(key, values, [*col_headers[col["key"]], *gids, row_id]))
        body.append(cells)
    grid.bodies.append(body)
    grid.widths = ((1.1, 1.3, 4.4)[-label_cols:] if label_cols <= 3 else (1.2,) * label_cols) + (0.9,) * len(cols)
    return grid


# -- Table 4 ---------------------------------------------------------------------------------


def _two_level_header(items: list[dict], table: str, width: int = 1):
    """Header cells of items (columns or column groups) that may sit under a parent label.

    An item without a parent spans both header rows; a run of items with the same
    parent gets one parent cell above them.  Returns (upper row, lower row, the ids
    of each item's header cells, outermost first).  Each item is ``width`` columns wide.
    """
    upper: list[GridCell] = []
    lower: list[GridCell] = []
    single: list[GridCell] = []  # items without a parent
    ids: dict[str, list[str]] = {}
    scope = "colgroup" if width > 1 else "col"
    i = 0
    while i < len(items):
        parent = items[i].get("parent")
        run = [items[i]]
        while parent and i + len(run) < len(items) and items[i + len(run)].get("parent") == parent:
            run.append(items[i + len(run)])
        if parent:
            pid = _hid(table, "p", str(i))
            upper.append(GridCell(parent, header=True, colspan=width * len(run), id=pid, scope="colgroup", role="colhead"))
        for item in run:
            iid = _hid(table, "h", item["key"])
            cell = GridCell(item["label"], header=True, colspan=width, id=iid, scope=scope, role="colhead")
            if parent:
                lower.append(cell)
                ids[item["key"]] = [pid, iid]
            else:
                upper.append(cell)
                single.append(cell)
                ids[item["key"]] = [iid]
        i += len(run)
    if lower:  # items without a parent fill both header rows
        for cell in single:
            cell.rowspan = 2
    return upper, lower, ids


def table4(fmt: ReportFormat, values: dict) -> Grid:
    t4 = fmt.tables["t4"]
    groups, cols = t4["groups"], t4["columns"]
    n = len(cols)
    grid = Grid("t4", "表四：" + _plain_title(t4["title"]), n * len(groups))
    head1, head2, group_headers = _two_level_header(groups, "t4", width=n)
    head3: list[GridCell] = []
    data: list[GridCell] = []
    for g in groups:
        for c in cols:
            cid = _hid("t4", "c", g["key"], c["key"])
            head3.append(GridCell(c["label"], header=True, id=cid, scope="col", role="colhead"))
            data.append(_data(f"t4.{g['key']}.{c['key']}", values, [*group_headers[g["key"]], cid]))
    grid.head = [head1, head2, head3] if head2 else [head1, head3]  # (no sub-groups: two header rows)
    grid.bodies.append([data])
    grid.widths = (1.0,) * grid.ncols
    return grid


def _plain_title(title: str) -> str:
    """``"三、收到和处理…"`` → ``"收到和处理…"`` (the caption must not repeat the numbered heading)."""
    head, sep, rest = title.partition("、")
    return rest if sep and len(head) <= 2 else title


TABLE_BUILDERS = {"t2": table2, "t3": table3, "t4": table4}


def grids(fmt: ReportFormat, values: dict) -> dict[str, Grid]:
    return {key: build(fmt, values) for key, build in TABLE_BUILDERS.items()}


def place(grid_rows: list[list[GridCell]], ncols: int) -> list[tuple[int, int, GridCell]]:
    """``(row, col, cell)`` of each cell's top-left corner, honouring spans (the HTML table model)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid_rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > ncols:
                raise ValueError(f"第 {r + 1} 行超出 {ncols} 列")
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed
