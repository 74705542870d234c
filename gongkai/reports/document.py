"""The common shape of an annual report, whoever produced it.

The parser (reading another agency's published report) and the compiler
(building our own from case data) both produce a ``ReportDocument``; the
validator, the renderers (HTML / Word / PDF) and ``--json`` consume it.  Its JSON
form is the stable contract documented in ``docs/report-json.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.law.formats import ReportFormat, load_format
from gongkai.law.rules import Finding, sort_findings

JSON_SCHEMA_ID = "gongkai.report/1"
PRE2019 = "pre2019"


@dataclass
class Provenance:
    """Where a value came from, so a clerk can find it in the original."""

    raw: str  # the text the value was read from, e.g. "80" or the run "801000081"
    line: int | None = None  # 1-based line of the decoded text (text-like sources)
    table: int | None = None  # 0-based table index (HTML / Word / PDF tables)
    row: int | None = None  # 0-based row within that table
    col: int | None = None  # 0-based column within that table
    page: int | None = None  # 1-based PDF page
    note: str | None = None  # how it was read, e.g. "由连写数字“801000081”按行合计拆分"
    ambiguous: bool = False  # more than one reading fits; this is the most plausible one
    alternatives: list | None = None  # when ambiguous: every value the cell could have, most plausible first

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, False) and k != "alternatives"}
        if self.alternatives:
            out["alternatives"] = [json_number(v) for v in self.alternatives]
        return out


@dataclass
class ReportMetadata:
    agency: str | None = None
    year: int | None = None
    published: dt.date | None = None  # the date the page shows (发布日期), if any
    signed: dt.date | None = None  # the date under the report (落款日期), if any
    title: str | None = None
    format_version: str | None = None  # "2021" | "2019" | "pre2019"
    source_path: str | None = None
    source_kind: str | None = None  # txt | html | docx | pdf | compiled
    encoding: str | None = None

    def to_dict(self) -> dict:
        return {
            "agency": self.agency,
            "year": self.year,
            "published": self.published.isoformat() if self.published else None,
            "signed": self.signed.isoformat() if self.signed else None,
            "title": self.title,
            "format": self.format_version,
            "source": {"path": self.source_path, "kind": self.source_kind, "encoding": self.encoding},
        }

    @classmethod
    def from_dict(cls, m: dict) -> ReportMetadata:
        """Inverse of ``to_dict``."""
        source = m.get("source") or {}
        return cls(
            agency=m.get("agency"), year=m.get("year"),
            published=dt.date.fromisoformat(m["published"]) if m.get("published") else None,
            signed=dt.date.fromisoformat(m["signed"]) if m.get("signed") else None,
            title=m.get("title"), format_version=m.get("format"), source_path=source.get("path"),
            source_kind=source.get("kind"), encoding=source.get("encoding"),
        )


@dataclass
class ReportDocument:
    metadata: ReportMetadata
    values: dict[str, Any] = field(default_factory=dict)  # see gongkai.law.rules for None vs absent
    provenance: dict[str, Provenance] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # section key (s1_overview …) -> text
    facts: dict[str, int] = field(default_factory=dict)  # pre-2019 narrative figures (unverified)
    fact_sources: dict[str, Provenance] = field(default_factory=dict)  # where each fact was stated
    findings: list[Finding] = field(default_factory=list)
    tables_read: dict = field(default_factory=dict, repr=False)  # parser internals (not serialised)
    claims: list | None = field(default=None, repr=False)  # figures the prose states (narrative.Claim), if parsed

    @property
    def format(self) -> ReportFormat | None:
        version = self.metadata.format_version
        return load_format(version) if version and version != PRE2019 else None

    def table_values(self) -> dict[str, Any]:
        """Every cell of the format (``None`` where blank or unreadable) plus printed derived cells."""
        fmt = self.format
        if fmt is None:
            return {}
        out: dict[str, Any] = {key: self.values.get(key) for key in fmt.cells}
        for key in fmt.derived:
            if self.values.get(key) is not None:
                out[key] = self.values[key]
        return out

    def cell_status(self, key: str) -> str:
        if key not in self.values:
            return "absent"
        if self.values[key] is None:
            return "blank"
        prov = self.provenance.get(key)
        return "ambiguous" if prov and prov.ambiguous else "read"

    def summary(self) -> dict[str, int]:
        counts = {"errors": 0, "warnings": 0, "infos": 0}
        for f in self.findings:
            counts[{"error": "errors", "warning": "warnings"}.get(f.severity, "infos")] += 1
        return counts

    def to_json(self) -> dict:
        """The documented JSON document (``docs/report-json.md``)."""
        cells = {}
        for key in self.table_values():
            entry: dict[str, Any] = {"status": self.cell_status(key)}
            if key in self.provenance:
                entry.update(self.provenance[key].to_dict())
            cells[key] = entry
        return {
            "schema": JSON_SCHEMA_ID,
            "metadata": self.metadata.to_dict(),
            "tables": {k: json_number(v) for k, v in self.table_values().items()},
            "cells": cells,
            "sections": self.sections,
            "facts": self.facts,
            "fact_sources": {k: v.to_dict() for k, v in self.fact_sources.items()},
            "findings": [f.to_dict() for f in sort_findings(self.findings)],
            "summary": self.summary(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        """A JSON document (``to_json``'s output) back into values, texts and metadata.

        Findings and provenance are not restored: a stored document is read back to be checked again.
        Cells the checker could not read (status ``absent``) stay absent, so the rules that need them
        are again not checked rather than checked against a 0.
        """
        doc = cls(ReportMetadata.from_dict(data.get("metadata") or {}),
                  sections=dict(data.get("sections") or {}), facts=dict(data.get("facts") or {}))
        fmt = doc.format
        if fmt is not None:
            cells = data.get("cells") or {}
            tables = {k: v for k, v in (data.get("tables") or {}).items()
                      if fmt.has_cell(k) and (cells.get(k) or {}).get("status") != "absent"}
            doc.values = values_from_json(fmt, tables)
        return doc


def json_number(value: Any) -> Any:
    """Decimals as JSON numbers with their printed digits; everything else unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    return value


def values_from_json(fmt: ReportFormat, tables: dict[str, Any]) -> dict[str, Any]:
    """Inverse of the ``tables`` object: decimals back to ``Decimal``, keys validated."""
    values: dict[str, Any] = {}
    for key, value in tables.items():
        if not fmt.has_cell(key):
            raise KeyError(f"未知的单元格：{key}")
        if value is not None and fmt.cell(key).type == "decimal":
            value = Decimal(str(value))
        values[key] = value
    return values
