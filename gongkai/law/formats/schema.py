"""The annual-report formats as data: loading ``data/<version>.json`` into cells and rules.

One schema serves four users: the compiler that fills a report from our own
data, the validator (``gongkai.law.rules``), the renderers (HTML / Word / PDF)
and the parser that reads other agencies' published reports back.  The JSON
files describe each format compactly (tables, rows, columns, templated rules);
this module expands them into:

- ``cells``: every data cell, keyed ``t2.<block>.<row>.<col>``, ``t3.<col>.<row>``
  or ``t4.<group>.<col>`` (the keys of ``shared/spec/report-format-2021.json``);
- ``derived``: subtotals the official table does not print (（三）…（六） groups,
  the 法人或其他组织 column) with their definitions, checked when a report prints them;
- ``rules``: every 勾稽关系 as an equation over cell keys, with severity and source.

Rule equations use a tiny language: ``key + key - key == key + ...`` (``==`` or
``<=``), ``SUM(t3.{col}.{row} FOR row IN t3.results)`` expands over a named set,
and ``PREV(key)`` refers to the previous year's report (cross-year rules).
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

DATA_DIR = Path(__file__).with_name("data")
FORMAT_VERSIONS = ("2021", "2019")

_NOTE_RE = re.compile(r"（[^（）]*情形[^（）]*）$")


@dataclass(frozen=True)
class Cell:
    """One table cell of a format."""

    key: str
    table: str  # t2 | t3 | t4
    row: str
    column: str
    row_label: str
    col_label: str
    label: str  # full Chinese label, unique within the format
    short_label: str  # compact label for messages, e.g. "（三）不予公开/1.属于国家秘密 × 自然人"
    type: str = "integer"  # integer | decimal | text
    unit: str | None = "件"
    min: int | None = 0  # None: signed (2019 本年增/减)
    block: str | None = None  # t2 block key
    group: str | None = None  # t3 row group label
    derived: bool = False
    definition: tuple[str, ...] = ()  # component keys of a derived cell


@dataclass(frozen=True)
class Term:
    coef: int  # +1 or -1
    key: str
    prev: bool = False  # value taken from the previous year's report


@dataclass(frozen=True)
class Rule:
    """A consistency rule (勾稽关系) expanded to concrete cell keys."""

    id: str
    severity: str  # error | warning
    source: str  # official | structural | derived | advisory
    title: str  # Chinese, says what must hold
    kind: str = "equation"  # equation | domain
    op: str = "=="
    lhs: tuple[Term, ...] = ()
    rhs: tuple[Term, ...] = ()
    equation: str = ""
    scope: str = "single"  # single | cross_year
    when_printed: str | None = None  # only checked when this (derived) cell is printed
    check: str | None = None  # domain rules: integer_nonneg | decimal_nonneg | text

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.key for t in (*self.lhs, *self.rhs)))


@dataclass(frozen=True)
class ReportFormat:
    version: str
    title: str
    source: dict
    applies_to_years: tuple[int | None, int | None]
    sections: tuple[dict, ...]
    tables: dict
    cells: dict[str, Cell]
    derived: dict[str, Cell]
    rules: tuple[Rule, ...]
    sets: dict[str, tuple[str, ...]] = field(repr=False, default_factory=dict)

    # -- lookups --------------------------------------------------------------
    def cell(self, key: str) -> Cell:
        try:
            return self.cells[key]
        except KeyError:
            return self.derived[key]

    def has_cell(self, key: str) -> bool:
        return key in self.cells or key in self.derived

    def table_cells(self, table: str) -> list[Cell]:
        return [c for c in self.cells.values() if c.table == table]

    def t3_columns(self) -> list[dict]:
        return self.tables["t3"]["columns"]

    def t3_rows(self) -> list[dict]:
        return self.tables["t3"]["rows"]

    def t4_groups(self) -> list[dict]:
        return self.tables["t4"]["groups"]

    def t4_columns(self) -> list[dict]:
        return self.tables["t4"]["columns"]

    def t2_blocks(self) -> list[dict]:
        return self.tables["t2"]["blocks"]

    def section(self, key: str) -> dict:
        return next(s for s in self.sections if s["key"] == key)

    def rules_for(self, scope: str = "single") -> Iterator[Rule]:
        return (r for r in self.rules if r.scope == scope)

    def empty_values(self) -> dict[str, None]:
        """Every cell of the format as blank (``None``)."""
        return dict.fromkeys(self.cells)


# -- loading ----------------------------------------------------------------


def _short_row_label(row: dict) -> str:
    label = _NOTE_RE.sub("", row["label"])
    group = row.get("group")
    if group and group != "三、本年度办理结果":
        return f"{group}/{label}"
    return label


def _build_cells(tables: dict) -> tuple[dict[str, Cell], dict[str, Cell]]:
    cells: dict[str, Cell] = {}
    for block in tables["t2"]["blocks"]:
        for row in block["rows"]:
            for col in block["columns"]:
                key = f"t2.{block['key']}.{row['key']}.{col['key']}"
                ctype = col.get("type", block["type"])
                cells[key] = Cell(
                    key=key, table="t2", row=row["key"], column=col["key"], block=block["key"],
                    row_label=row["label"], col_label=col["label"],
                    label=f"{block['caption']} {row['label']} {col['label']}",
                    short_label=f"{row['label']}“{col['label']}”",
                    type=ctype, unit=None if ctype == "text" else block["unit"],
                    min=None if (col.get("signed") or ctype == "text") else 0,
                )
    t3 = tables["t3"]
    for row in t3["rows"]:  # row-major: the order a reader meets the cells
        for col in t3["columns"]:
            col_label = f"{col['parent']}/{col['label']}" if col.get("parent") else col["label"]
            key = f"t3.{col['key']}.{row['key']}"
            cells[key] = Cell(
                key=key, table="t3", row=row["key"], column=col["key"], group=row.get("group"),
                row_label=row["label"], col_label=col_label, label=f"{row['label']} × {col_label}",
                short_label=f"{_short_row_label(row)} × {col['label']}", type=t3["type"], unit=t3["unit"],
            )
    t4 = tables["t4"]
    for group in t4["groups"]:
        glabel = f"{group['parent']}/{group['label']}" if group.get("parent") else group["label"]
        for col in t4["columns"]:
            key = f"t4.{group['key']}.{col['key']}"
            cells[key] = Cell(
                key=key, table="t4", row=group["key"], column=col["key"], row_label=glabel,
                col_label=col["label"], label=f"{glabel} {col['label']}", short_label=f"{group['label']}“{col['label']}”",
                type=t4["type"], unit=t4["unit"],
            )

    derived: dict[str, Cell] = {}
    for group in t3.get("groups", []):
        sub = group.get("subtotal")
        if not sub:
            continue
        for col in t3["columns"]:
            key = f"t3.{col['key']}.{sub}"
            derived[key] = Cell(
                key=key, table="t3", row=sub, column=col["key"], group=group["label"],
                row_label=f"{group['label']}小计", col_label=col["label"],
                label=f"{group['label']}小计（派生） × {col['label']}",
                short_label=f"{group['label']}小计 × {col['label']}", derived=True,
                definition=tuple(f"t3.{col['key']}.{r}" for r in group["rows"]),
            )
    for dcol in t3.get("derived_columns", []):
        for row in t3["rows"]:
            key = f"t3.{dcol['key']}.{row['key']}"
            derived[key] = Cell(
                key=key, table="t3", row=row["key"], column=dcol["key"], group=row.get("group"),
                row_label=row["label"], col_label=dcol["label"], label=f"{row['label']} × {dcol['label']}（派生）",
                short_label=f"{_short_row_label(row)} × {dcol['label']}", derived=True,
                definition=tuple(f"t3.{c}.{row['key']}" for c in dcol["sum_of"]),
            )
    return cells, derived


def _build_sets(tables: dict) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]]]:
    """Named key sets for rule templates, and the label of each member for messages."""
    t3, t4 = tables["t3"], tables["t4"]
    sets: dict[str, tuple[str, ...]] = {}
    labels: dict[str, dict[str, str]] = {}

    def add(name: str, items: list[tuple[str, str]]):
        sets[name] = tuple(k for k, _ in items)
        labels[name] = dict(items)

    add("t3.columns", [(c["key"], c["label"]) for c in t3["columns"]])
    add("t3.rows", [(r["key"], _short_row_label(r)) for r in t3["rows"]])
    for name, members in t3.get("sets", {}).items():
        add(f"t3.{name}", [(m, m) for m in members])
    subtotal_groups = [g for g in t3.get("groups", []) if g.get("subtotal")]
    add("t3.subtotal_groups", [(g["subtotal"], g["label"]) for g in subtotal_groups])
    for g in subtotal_groups:
        add(f"t3.{g['subtotal']}", [(r, r) for r in g["rows"]])
    for dcol in t3.get("derived_columns", []):
        add(f"t3.{dcol['key']}", [(c, c) for c in dcol["sum_of"]])
    add("t4.groups", [(g["key"], g["label"]) for g in t4["groups"]])
    for name, members in t4.get("sets", {}).items():
        add(f"t4.{name}", [(m, m) for m in members])
    for block in tables["t2"]["blocks"]:
        add(f"t2.{block['key']}.rows", [(r["key"], r["label"]) for r in block["rows"]])
    return sets, labels


_SUM_RE = re.compile(r"SUM\(([^()]+?) FOR (\w+) IN ([\w.]+)\)")
_TERM_RE = re.compile(r"([+-])?\s*(PREV\(([\w.]+)\)|[\w.]+)")


def _expand_sums(expr: str, sets: dict[str, tuple[str, ...]]) -> str:
    def repl(m: re.Match) -> str:
        template, var, set_name = m.group(1).strip(), m.group(2), m.group(3)
        if set_name not in sets:
            raise ValueError(f"unknown set {set_name!r} in {expr!r}")
        return " + ".join(template.replace("{" + var + "}", item) for item in sets[set_name])

    return _SUM_RE.sub(repl, expr)


def _parse_side(side: str) -> tuple[Term, ...]:
    terms = []
    pos = 0
    side = side.strip()
    while pos < len(side):
        m = _TERM_RE.match(side, pos)
        if not m:
            raise ValueError(f"cannot parse {side[pos:]!r}")
        sign, whole, prev_key = m.group(1), m.group(2), m.group(3)
        terms.append(Term(-1 if sign == "-" else 1, prev_key or whole, prev=prev_key is not None))
        pos = m.end()
        while pos < len(side) and side[pos] == " ":
            pos += 1
    return tuple(terms)


def _expand_rules(raw_rules: list[dict], sets, labels, known_keys: set[str]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for raw in raw_rules:
        loops = raw.get("for", {})
        names = list(loops)
        combos = itertools.product(*(sets[loops[n]] for n in names)) if names else [()]
        for combo in combos:
            subst = {}
            for name, item in zip(names, combo):
                subst[name] = item
                subst[f"{name}_label"] = labels[loops[name]].get(item, item)

            def fill(text: str) -> str:
                for k, v in subst.items():
                    text = text.replace("{" + k + "}", v)
                return text

            rid, title = fill(raw["id"]), fill(raw["title"])
            if raw.get("kind") == "domain":
                rules.append(Rule(rid, raw["severity"], raw["source"], title, kind="domain", check=raw["check"]))
                continue
            equation = _expand_sums(fill(raw["equation"]), sets)
            op = "<=" if "<=" in equation else "=="
            left, right = equation.split(op)
            lhs, rhs = _parse_side(left), _parse_side(right)
            for term in (*lhs, *rhs):
                if term.key not in known_keys:
                    raise ValueError(f"rule {rid} refers to unknown cell {term.key}")
            rules.append(
                Rule(
                    rid, raw["severity"], raw["source"], title, op=op, lhs=lhs, rhs=rhs, equation=equation,
                    scope=raw.get("scope", "single"),
                    when_printed=fill(raw["when_printed"]) if raw.get("when_printed") else None,
                )
            )
    return tuple(rules)


@lru_cache(maxsize=None)
def load_format(version: str) -> ReportFormat:
    """The report format ``version`` ("2021" or "2019"), expanded and cached."""
    path = DATA_DIR / f"{version}.json"
    if version not in FORMAT_VERSIONS or not path.exists():
        raise KeyError(f"未知的年度报告格式：{version}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    cells, derived = _build_cells(raw["tables"])
    sets, labels = _build_sets(raw["tables"])
    rules = _expand_rules(raw["rules"], sets, labels, set(cells) | set(derived))
    years = raw.get("applies_to_years", [None, None])
    return ReportFormat(
        version=raw["version"], title=raw["title"], source=raw["source"],
        applies_to_years=(years[0], years[1]), sections=tuple(raw["sections"]), tables=raw["tables"],
        cells=cells, derived=derived, rules=rules, sets=sets,
    )


def format_for_year(year: int) -> ReportFormat:
    """The national format an agency had to use for ``year``'s report (2019 trial format for 2019–2020)."""
    return load_format("2019" if year in (2019, 2020) else "2021")
