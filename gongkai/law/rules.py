"""Checking an annual report's figures against its format's 勾稽关系.

``validate(fmt, values)`` takes cell values keyed by the format's cell keys and
returns findings.  The convention for values, shared by the parser and the
compiler:

- a number (``int``, or ``Decimal`` for 万元 amounts; ``str`` for text cells)
  is the printed value;
- ``None`` is a **blank** cell: it stays blank in every output, counts as 0 in
  the rules, and is listed in one informational note per table;
- a key that is **absent** means the cell could not be read (or the report's
  form has no such row); rules that need it are not checked and are listed in
  one informational note.  A printed subtotal stands in for its absent parts
  (e.g. a single （六）其他处理 row in a report that omits the three sub-rows).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from .formats.schema import Cell, ReportFormat, Rule, Term

Number = int | Decimal

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
TABLE_ZH = {"t2": "表二（主动公开）", "t3": "表三（依申请公开）", "t4": "表四（行政复议、行政诉讼）"}


@dataclass(frozen=True)
class CellRef:
    key: str
    label: str
    value: Any = None
    prev: bool = False  # the value is from the previous year's report


@dataclass
class Finding:
    """One problem (or note) about a report, in words a clerk understands."""

    rule_id: str
    severity: str  # error | warning | info
    message: str
    cells: tuple[CellRef, ...] = ()
    expected: Any = None
    actual: Any = None
    source: str | None = None  # official | structural | derived | advisory | parser | text | cross_year
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["cells"] = [
            {k: _jsonable(v) for k, v in asdict(c).items() if not (k == "prev" and not v)} for c in self.cells
        ]
        data["expected"] = _jsonable(self.expected)
        data["actual"] = _jsonable(self.actual)
        if not data["details"]:
            data.pop("details")
        return data


def _jsonable(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes; stable otherwise."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


# -- evaluation ------------------------------------------------------------------


class _Missing(Exception):
    def __init__(self, keys: list[str]):
        self.keys = keys


_ABSENT = object()


def _lookup(values: Mapping[str, Any], key: str):
    """Value of ``key`` for arithmetic: blank counts as 0; absent raises."""
    if key not in values:
        raise _Missing([key])
    value = values[key]
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _Missing([key])  # text in a number cell: the domain rule reports it
    return value


# (id(fmt), id(terms)) -> (fmt, terms, answer); the entry holds fmt and terms themselves, so their ids
# cannot be reused while it exists, and the identity check below makes a stale hit impossible.
# (Keyed by identity because hashing a tuple of frozen dataclasses on every rule check costs more
# than the check.)
_CANDIDATES: dict[tuple[int, int], tuple[ReportFormat, tuple[Term, ...], tuple[Cell, ...]]] = {}


def _derived_candidates(fmt: ReportFormat, terms: tuple[Term, ...]) -> tuple[Cell, ...]:
    """Derived cells all of whose components are among ``terms`` (cached: the answer depends on the rule only)."""
    key = (id(fmt), id(terms))
    entry = _CANDIDATES.get(key)
    if entry is not None and entry[0] is fmt and entry[1] is terms:
        return entry[2]
    present = {t.key for t in terms}
    found = tuple(d for d in fmt.derived.values() if d.definition and all(k in present for k in d.definition))
    if len(_CANDIDATES) > 10000:
        _CANDIDATES.clear()  # terms built on the fly (not a format's own rules) must not pile up
    _CANDIDATES[key] = (fmt, terms, found)
    return found


def _substitute_subtotals(fmt: ReportFormat, terms: tuple[Term, ...], values: Mapping[str, Any]) -> tuple[Term, ...]:
    """Replace a run of absent component terms by their printed derived subtotal."""
    candidates = _derived_candidates(fmt, terms)
    if not candidates:
        return terms
    out = list(terms)
    for dcell in candidates:
        comps = dcell.definition
        if dcell.key in values and not any(k in values for k in comps):
            sample = next(t for t in out if t.key == comps[0])
            out = [t for t in out if t.key not in comps]
            out.append(Term(sample.coef, dcell.key, sample.prev))
    return tuple(out)


def _side_value(fmt, terms, values, prev_values):
    # fast path: every cell present and a plain integer or blank (almost always); anything else
    # (absent, text, Decimal) is sorted out by the exact loop below
    total = 0
    for term in terms:
        v = (prev_values if term.prev else values).get(term.key, _ABSENT)
        if v.__class__ is int:
            total += term.coef * v
        elif v is not None:
            break
    else:
        return total
    total = 0
    missing = []
    for term in terms:
        source = prev_values if term.prev else values
        try:
            total += term.coef * _lookup(source, term.key)
        except _Missing as exc:
            missing.extend(("上年 " if term.prev else "") + k for k in exc.keys)
    if missing:
        raise _Missing(missing)
    return total


def _fmt_num(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


def _term_label(fmt: ReportFormat, term: Term, terms: tuple[Term, ...]) -> str:
    cell = fmt.cell(term.key)
    same_column = all(fmt.has_cell(t.key) and fmt.cell(t.key).column == cell.column for t in terms)
    same_row = all(fmt.has_cell(t.key) and fmt.cell(t.key).row == cell.row for t in terms)
    if cell.table == "t3" and same_column and not same_row:
        label = cell.short_label.split(" × ")[0]
    elif cell.table == "t3" and same_row and not same_column:
        label = cell.col_label.split("/")[-1]
    elif cell.table == "t4" and same_row:
        label = cell.col_label
    else:
        label = cell.short_label
    return ("上年报告" + label) if term.prev else label


def _describe_side(fmt, terms, values, prev_values, context) -> str:
    """'一、本年新收（9）＋二、上年结转（0）' — long sums list only their non-zero parts."""

    def val(t):
        source = prev_values if t.prev else values
        v = source.get(t.key) if source else None
        return 0 if v is None else v

    if len(terms) <= 4:
        parts = []
        for i, t in enumerate(terms):
            sign = ("－" if t.coef < 0 else "＋") if i else ("－" if t.coef < 0 else "")
            parts.append(f"{sign}{_term_label(fmt, t, context)}（{_fmt_num(val(t))}）")
        return "".join(parts)
    nonzero = [t for t in terms if val(t)]
    listed = "、".join(f"{_term_label(fmt, t, context)} {_fmt_num(val(t))}" for t in nonzero[:8])
    more = "等" if len(nonzero) > 8 else ""
    return f"{len(terms)}项之和（其中非零项：{listed}{more}）" if nonzero else f"{len(terms)}项之和（均为0）"


def _all_blank(terms, values, prev_values) -> bool:
    return all((prev_values if t.prev else values).get(t.key, 0) is None for t in terms)


def _check_equation(fmt: ReportFormat, rule: Rule, values, prev_values) -> Finding | None:
    lhs = _substitute_subtotals(fmt, rule.lhs, values)
    rhs = _substitute_subtotals(fmt, rule.rhs, values)
    left = _side_value(fmt, lhs, values, prev_values)
    right = _side_value(fmt, rhs, values, prev_values)
    holds = left == right if rule.op == "==" else left <= right
    if holds:
        return None
    context = (*lhs, *rhs)
    severity = rule.severity
    blank_side = next((side for side in (lhs, rhs) if _all_blank(side, values, prev_values)), None)
    left_desc = _describe_side(fmt, lhs, values, prev_values, context)
    right_desc = _describe_side(fmt, rhs, values, prev_values, context)
    if rule.op == "==":
        tail = f"相差{_fmt_num(abs(left - right))}。"
        relation = "而"
    else:
        tail = f"多出{_fmt_num(left - right)}。"
        relation = "大于"
    message = f"{rule.title}。{left_desc} = {_fmt_num(left)}，{relation} {right_desc} = {_fmt_num(right)}，{tail}"
    if blank_side is not None:
        # A side that is entirely blank was most likely left unfilled (the 2019
        # Shanghai report leaves the 总计 column blank), not miscomputed.
        severity = "warning" if severity == "error" else severity
        message += "其中一侧的单元格全部空白，可能是未填写而非计算错误。"
    cells = []
    for t in context:
        source = prev_values if t.prev else values
        cells.append(CellRef(t.key, fmt.cell(t.key).label, (source or {}).get(t.key), prev=t.prev))
    return Finding(
        rule_id=rule.id, severity=severity, message=message, cells=tuple(cells), expected=right, actual=left,
        source=rule.source if rule.scope == "single" else "cross_year",
    )


def _check_domain(fmt: ReportFormat, rule: Rule, values) -> list[Finding]:
    findings = []
    cells, derived = fmt.cells, fmt.derived
    want = "integer" if rule.check == "integer_nonneg" else "decimal" if rule.check == "decimal_nonneg" else None
    for key, value in values.items():
        if value is None:
            continue
        cell = cells.get(key) or derived.get(key)
        if cell is None or cell.type != want:
            continue
        if value.__class__ is int and value >= 0:
            continue  # the usual cell: nothing to say
        problem = None
        if want == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                problem = f"应为整数，实际为“{value}”"
            elif cell.min is not None and value < cell.min:
                problem = f"不能为负数，实际为{value}"
        elif isinstance(value, bool) or not isinstance(value, (int, Decimal)):  # a decimal cell
            problem = f"应为数字，实际为“{value}”"
        elif value < 0:
            problem = f"不能为负数，实际为{_fmt_num(value)}"
        if problem:
            findings.append(
                Finding(
                    rule_id=rule.id, severity=rule.severity, message=f"{cell.label}{problem}。{rule.title}。",
                    cells=(CellRef(key, cell.label, value),), actual=value, source=rule.source,
                )
            )
    return findings


def blank_cell_notes(fmt: ReportFormat, values: Mapping[str, Any]) -> list[Finding]:
    """One note per table listing the cells that are blank in the report (counted as 0)."""
    notes = []
    for table in ("t2", "t3", "t4"):
        blanks = [fmt.cells[k] for k, v in values.items() if v is None and k in fmt.cells and fmt.cells[k].table == table]
        if not blanks:
            continue
        shown = "、".join(c.short_label for c in blanks[:10]) + ("等" if len(blanks) > 10 else "")
        notes.append(
            Finding(
                rule_id=f"BLANK.{table}", severity="info",
                message=f"{TABLE_ZH[table]}有{len(blanks)}个空白单元格，保留为空白，校验时按0计算：{shown}。",
                cells=tuple(CellRef(c.key, c.label, None) for c in blanks), source="parser",
            )
        )
    return notes


def validate(
    fmt: ReportFormat,
    values: Mapping[str, Any],
    *,
    prev_values: Mapping[str, Any] | None = None,
    notes: bool = True,
) -> list[Finding]:
    """Check ``values`` against every rule of ``fmt``; errors first.

    ``prev_values``: the previous year's report of the same agency, for the
    cross-year rules (only those whose cells both reports have are checked).
    ``notes``: also return the informational notes (blank cells, unchecked rules).
    """
    findings: list[Finding] = []
    unchecked: dict[str, list[str]] = {}
    for rule in fmt.rules:
        if rule.kind == "domain":
            findings.extend(_check_domain(fmt, rule, values))
            continue
        if rule.scope == "cross_year" and prev_values is None:
            continue
        if rule.when_printed and values.get(rule.when_printed) is None:
            continue
        try:
            finding = _check_equation(fmt, rule, values, prev_values or {})
        except _Missing as exc:
            # A rule none of whose cells the report has concerns a row its form
            # lacks (e.g. the （六） sub-rows): not applicable.  A rule missing only
            # some of its cells could not be checked: say so.
            if rule.scope == "single" and any(values.get(k) is not None or k in values for k in rule.keys):
                unchecked[rule.id] = exc.keys
            continue
        if finding:
            findings.append(finding)
    if notes:
        findings.extend(blank_cell_notes(fmt, values))
        if unchecked and any(k in values for k in fmt.cells):
            missing = sorted({k for keys in unchecked.values() for k in keys})
            labels = "、".join(fmt.cell(k.removeprefix("上年 ")).short_label for k in missing[:8])
            more = "等" if len(missing) > 8 else ""
            findings.append(
                Finding(
                    rule_id="RULES.UNCHECKED", severity="info",
                    message=f"有{len(unchecked)}条校验规则因{len(missing)}个单元格未能读取而未检查：{labels}{more}。",
                    cells=tuple(CellRef(k, fmt.cell(k).label) for k in missing if fmt.has_cell(k)),
                    source="parser", details={"rules": sorted(unchecked)},
                )
            )
    return sort_findings(findings)


def cross_year_findings(fmt: ReportFormat, values: Mapping[str, Any], prev_values: Mapping[str, Any]) -> list[Finding]:
    """Only the cross-year rules (year N−1 → year N), e.g. 结转 continuity per column."""
    findings = []
    for rule in fmt.rules_for("cross_year"):
        try:
            finding = _check_equation(fmt, rule, values, prev_values)
        except _Missing:
            continue
        if finding:
            findings.append(finding)
    return sort_findings(findings)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
