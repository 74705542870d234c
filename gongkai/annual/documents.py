"""From stored values and texts to a ``ReportDocument``, its findings and its downloads.

Values are stored as JSON (``ReportVersion.values``, ``.overrides``): integers as numbers,
the 万元 amount of Table 2 as a string with its four decimals (``"1350.1714"``) so that
trailing zeros survive; ``None`` is a blank cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from gongkai.law.errors import DomainError
from gongkai.law.formats import ReportFormat
from gongkai.law.rules import CellRef, Finding, sort_findings, validate
from gongkai.reports.document import ReportDocument, ReportMetadata
from gongkai.reports.render import render_docx, render_html, render_pdf

from .compiler import FORMAT_VERSION, report_format

WAN_PLACES = Decimal("0.0001")
MAX_CELL_VALUE = 10**15  # 64-bit counts are plenty (a police bureau: ~1.6 million decisions a year)


# -- values in and out of JSON ------------------------------------------------------------------


def store_values(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in values.items()}


def load_values(fmt: ReportFormat, stored: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in stored.items():
        if value is not None and fmt.cell(key).type == "decimal":
            value = Decimal(str(value)).quantize(WAN_PLACES)
        out[key] = value
    return out


def parse_cell_value(fmt: ReportFormat, key: str, raw: Any) -> int | Decimal:
    """A figure typed by a person for cell ``key``: a non-negative integer, or 万元 with up to 4 decimals."""
    if key not in fmt.cells:  # printed cells only (not the derived subtotals)
        raise DomainError(f"没有这个单元格：{key}", field="cell")
    cell = fmt.cell(key)
    text = str(raw if raw is not None else "").replace(",", "").replace("，", "").strip()
    if not text:
        raise DomainError(f"请填写{cell.short_label}的数字。", field="value")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"{cell.short_label}的数字“{raw}”无效。", field="value") from None
    if not number.is_finite() or number < 0:
        raise DomainError(f"{cell.short_label}不能为负数。", field="value")
    if number >= MAX_CELL_VALUE:
        raise DomainError(f"{cell.short_label}的数字过大。", field="value")
    if cell.type == "decimal":
        if number != number.quantize(WAN_PLACES):
            raise DomainError(f"{cell.short_label}以万元为单位，最多四位小数。", field="value")
        return number.quantize(WAN_PLACES)
    if number != number.to_integral_value():
        raise DomainError(f"{cell.short_label}应为整数（件数）。", field="value")
    return int(number)


def apply_overrides(fmt: ReportFormat, values: Mapping[str, Any], overrides: Mapping[str, dict]) -> dict[str, Any]:
    out = dict(values)
    for key, entry in overrides.items():
        out[key] = parse_cell_value(fmt, key, entry["value"])
    return out


# -- findings ---------------------------------------------------------------------------------------


def finding_from_dict(data: dict) -> Finding:
    cells = tuple(CellRef(c["key"], c["label"], c.get("value"), c.get("prev", False)) for c in data.get("cells", ()))
    return Finding(
        rule_id=data["rule_id"], severity=data["severity"], message=data["message"], cells=cells,
        expected=data.get("expected"), actual=data.get("actual"), source=data.get("source"),
        details=data.get("details") or {},
    )


def override_findings(fmt: ReportFormat, compiled: Mapping[str, Any], overrides: Mapping[str, dict],
                      findings: Iterable[Finding]) -> list[Finding]:
    """One note per hand-entered figure, and the rules each one breaks marked on the rule's finding."""
    out = []
    broken: dict[str, list[Finding]] = {}
    for f in findings:
        for c in f.cells:
            if c.key in overrides and f.severity in ("error", "warning"):
                broken.setdefault(c.key, []).append(f)
    for key, entry in overrides.items():
        cell = fmt.cell(key)
        value = parse_cell_value(fmt, key, entry["value"])
        was = compiled.get(key)
        rules = broken.get(key, [])
        message = (f"手工修改：{cell.label} 由编制结果{_show(was)}改为{_show(value)}。理由：{entry.get('reason', '')}"
                   f"（{entry.get('by', '')}，{entry.get('at', '')[:10]}）。")
        if rules:
            message += "该数字违反：" + "；".join(f"{r.rule_id}（{_rule_title(r)}）" for r in rules) + "。"
        out.append(Finding(
            rule_id=f"OVERRIDE.{key}", severity="info", source="override", message=message,
            cells=(CellRef(key, cell.label, value),), expected=_json(was), actual=_json(value),
            details={"reason": entry.get("reason", ""), "by": entry.get("by", ""), "at": entry.get("at", ""),
                     "breaks": [r.rule_id for r in rules]},
        ))
    return out


def _rule_title(f: Finding) -> str:
    return f.message.split("。")[0]


def _show(value) -> str:
    if value is None:
        return "（空白）"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _json(value):
    return format(value, "f") if isinstance(value, Decimal) else value


def mark_overrides(findings: list[Finding], overrides: Mapping[str, dict]) -> list[Finding]:
    """Say on each rule's finding which of its cells were entered by hand."""
    out = []
    for f in findings:
        keys = [c.key for c in f.cells if c.key in overrides]
        if keys and f.severity in ("error", "warning"):
            labels = "、".join(c.label for c in f.cells if c.key in overrides)
            f = replace(f, message=f"{f.message}（涉及手工修改的数字：{labels}）",
                        details={**f.details, "overrides": keys})
        out.append(f)
    return out


# -- the document -------------------------------------------------------------------------------------


def make_document(
    agency: str, year: int, values: Mapping[str, Any], sections: Mapping[str, str], *,
    published: dt.date | None = None, findings: Iterable[Finding] = (),
) -> ReportDocument:
    """The report as the common ``ReportDocument`` (2021 format, every cell key of the schema)."""
    fmt = report_format()
    doc_values = {key: values.get(key) for key in fmt.cells}
    return ReportDocument(
        metadata=ReportMetadata(agency=agency, year=year, published=published, format_version=FORMAT_VERSION,
                                source_kind="compiled"),
        values=doc_values,
        sections={k: v for k, v in sections.items() if v},
        findings=sort_findings(list(findings)),
    )


def rule_findings(values: Mapping[str, Any]) -> list[Finding]:
    """The format's 勾稽关系 and value rules (``gongkai.law.rules.validate``), without the blank-cell notes."""
    return validate(report_format(), values, notes=False)


# -- downloads ----------------------------------------------------------------------------------------


def json_bytes(doc: ReportDocument) -> bytes:
    """The ``gongkai report check --json`` document (docs/report-json.md), UTF-8, indented."""
    return (json.dumps(doc.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


CSV_HEADER = ("单元格键", "表", "行", "列", "数值", "单位")


def csv_bytes(doc: ReportDocument) -> bytes:
    """Every cell as a row: key, table, row label, column label, value (blank stays empty), unit.

    UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly.
    """
    fmt = doc.format
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    table_names = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况",
                   "t4": "四、政府信息公开行政复议、行政诉讼情况"}
    for key, cell in fmt.cells.items():
        value = doc.values.get(key)
        shown = "" if value is None else (format(value, "f") if isinstance(value, Decimal) else str(value))
        writer.writerow((key, table_names[cell.table], cell.row_label, cell.col_label, shown, cell.unit or ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_bytes(doc: ReportDocument, kind: str) -> bytes:
    """The report as one of the download kinds: html (standalone page), docx, pdf, json, csv."""
    renderers = {
        "html": lambda: render_html(doc).encode("utf-8"),
        "docx": lambda: render_docx(doc),
        "pdf": lambda: render_pdf(doc),
        "json": lambda: json_bytes(doc),
        "csv": lambda: csv_bytes(doc),
    }
    return renderers[kind]()
