"""Checking parsed reports: the format's rules, the prose against the tables, year-to-year continuity.

``check_paths(paths)`` is what ``gongkai report check`` runs: it reads and
parses every file, validates each report with ``gongkai.law.rules.validate``,
compares the figures the prose states with the tables, and — for reports of
the same agency for consecutive years checked together — applies the
cross-year rules (year N's 结转下年度继续办理 = year N+1's 上年结转, per column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from gongkai.law.formats import ReportFormat
from gongkai.law.rules import CellRef, Finding, cross_year_findings, sort_findings, validate

from .document import PRE2019, ReportDocument
from .extract import ParseError, parse_source
from .narrative import expected_values, results_total, t4_cell, table_claims
from .readers import ReadError, read_path

@dataclass
class CheckResult:
    path: str
    doc: ReportDocument | None = None
    error: str | None = None  # why the file could not be read or parsed

    @property
    def ok(self) -> bool:
        return self.doc is not None


def _ref(fmt: ReportFormat, values: dict, keys: list[str]) -> tuple[CellRef, ...]:
    return tuple(CellRef(k, fmt.cell(k).label, values.get(k)) for k in keys if fmt.has_cell(k))


def _shown(opts: set[int]) -> str:
    return "或".join(str(v) for v in sorted(opts))


def text_findings(doc: ReportDocument) -> list[Finding]:
    """Figures stated in the prose that the tables contradict (warnings)."""
    fmt = doc.format
    if fmt is None:
        return []
    values = doc.values
    claims = doc.claims
    if claims is None:
        # the overview and the short texts around Tables 3 and 4 (Table 2's section is about proactive disclosure)
        text = "\n".join(doc.sections.get(k, "") for k in ("s1_overview", "s3_requests", "s4_review_litigation"))
        claims = table_claims(text, 0, len(text), doc.metadata.year)
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for claim in claims:
        if (claim.concept, claim.value) in seen:
            continue
        seen.add((claim.concept, claim.value))
        quote = re.sub(r"\s+", "", claim.clause)[:60]
        if claim.concept == "all_upheld":
            groups = ["review"] if claim.group == "review" else (
                ["litigation_direct", "litigation_after_review"] if claim.group == "litigation" else
                ["review", "litigation_direct", "litigation_after_review"])
            bad = []
            for g in groups:
                tot, up = t4_cell(values, g, "total"), t4_cell(values, g, "upheld")
                if tot is None or up is None:
                    continue
                if tot and up != tot:
                    bad.append((g, up, tot))
            if bad:
                zh = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                      "litigation_after_review": "行政诉讼（复议后起诉）"}
                detail = "；".join(f"{zh[g]}总计{t}件，其中结果维持{u}件" for g, u, t in bad)
                keys = [f"t4.{g}.{c}" for g, _, _ in bad for c in ("upheld", "total")]
                findings.append(Finding(
                    rule_id="TEXT.T4_ALL_UPHELD", severity="warning", source="text",
                    message=f"正文称“{quote}”（均获维持），但表四显示并非全部维持：{detail}。",
                    cells=_ref(fmt, values, keys), actual="均获维持",
                ))
            continue
        opts, what, keys = expected_values(fmt, values, claim)
        if not opts:
            continue
        table_name = "表四" if claim.concept.startswith(("review", "litigation", "outcome")) else "表三"
        label = what if what.startswith("表") else f"{table_name}{what}"
        if claim.value not in opts:
            findings.append(Finding(
                rule_id=f"TEXT.{claim.concept.upper()}", severity="warning", source="text",
                message=f"正文称“{quote}”（{claim.value}件），与{label}（{_shown(opts)}件）不一致。",
                cells=_ref(fmt, values, keys), expected=sorted(opts)[0], actual=claim.value,
                details={"quote": claim.clause.strip()},
            ))
            continue
        # agrees with the printed cell, but the table's own parts say otherwise
        implied = None
        if claim.concept in ("received", "concluded"):
            res = results_total(fmt, values)
            if res is not None:
                if claim.concept == "concluded":
                    implied = res
                else:
                    carried = values.get("t3.total.carried_over") or 0
                    forward = values.get("t3.total.carry_forward") or 0
                    implied = res + forward - carried
                    if claim.value == (values.get("t3.total.new_received") or 0) + carried and carried:
                        implied = res + forward
        if implied is not None and implied != claim.value:
            part = ("各项办理结果之和" if claim.concept == "concluded"
                    else "各项办理结果之和加“四、结转下年度”减“二、上年结转”")
            findings.append(Finding(
                rule_id=f"TEXT.{claim.concept.upper()}", severity="warning", source="text",
                message=f"正文称“{quote}”（{claim.value}件），与{label}一致，但表三{part}为{implied}件，"
                        "表内数字与正文对不上，请核实哪一处有误。",
                cells=_ref(fmt, values, keys), expected=implied, actual=claim.value,
                details={"quote": claim.clause.strip()},
            ))
    return findings


def fact_findings(doc: ReportDocument) -> list[Finding]:
    """A narrative report contradicting itself: more concluded than received (e.g. 受理117件，办结171件)."""
    out = []
    for received, concluded in (("审批事项受理", "审批事项办结"),):
        r, c = doc.facts.get(received), doc.facts.get(concluded)
        if r is not None and c is not None and c > r:
            quote = doc.fact_sources.get(concluded)
            out.append(Finding(
                rule_id="TEXT.FACTS_CONCLUDED_GT_RECEIVED", severity="warning", source="text",
                message=f"正文称受理{r}件、办结{c}件，办结数多于受理数（且未说明含以前年度的件数），请核实。"
                        + (f"原文：“{quote.raw}”" if quote else ""),
                expected=r, actual=c,
            ))
    return out


# -- one report, many reports -----------------------------------------------------------------


def check_document(doc: ReportDocument) -> ReportDocument:
    """Validate a parsed report and add the findings to it (errors first)."""
    fmt = doc.format
    if fmt is not None:
        doc.findings.extend(validate(fmt, doc.values))
        doc.findings.extend(text_findings(doc))
    else:
        doc.findings.extend(fact_findings(doc))
    doc.findings = sort_findings(_dedupe(doc.findings))
    return doc


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.rule_id, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def check_file(path: str | Path) -> CheckResult:
    try:
        doc = parse_source(read_path(path))
    except (ReadError, ParseError) as exc:
        return CheckResult(str(path), error=str(exc))
    except RecursionError:
        return CheckResult(str(path), error="文件结构嵌套过深，无法解析。")
    return CheckResult(str(path), doc=check_document(doc))


_AGENCY_NORM_RE = re.compile(r"[\s（）()【】\[\]]")


def agency_key(name: str | None) -> str | None:
    if not name:
        return None
    return _AGENCY_NORM_RE.sub("", name)


def continuity(results: list[CheckResult]) -> None:
    """Cross-year rules between reports of the same agency for consecutive years (added to year N+1)."""
    by_agency: dict[str, dict[int, CheckResult]] = {}
    for r in results:
        if not r.ok or r.doc.format is None or r.doc.metadata.year is None:
            continue
        key = agency_key(r.doc.metadata.agency)
        if key is None:
            continue
        by_agency.setdefault(key, {}).setdefault(r.doc.metadata.year, r)
    for years in by_agency.values():
        for year, cur in years.items():
            prev = years.get(year - 1)
            if prev is None:
                continue
            found = cross_year_findings(cur.doc.format, cur.doc.values, prev.doc.values)
            note = f"（与{year - 1}年度报告 {Path(prev.path).name} 对照）"
            for f in found:
                f.message = f.message + note
                f.details = dict(f.details, previous_report=prev.path, previous_year=year - 1)
            if not found:
                found = [Finding(rule_id="XY.CHECKED", severity="info", source="cross_year",
                                 message=f"已与{year - 1}年度报告（{Path(prev.path).name}）对照，"
                                         "上年结转与上年度结转下年度的数字衔接一致。")]
            cur.doc.findings = sort_findings(cur.doc.findings + found)


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[CheckResult]]:
    """Files, folders (searched recursively for report files) and globs → files; unknown paths → errors."""
    import glob

    files: list[Path] = []
    errors: list[CheckResult] = []
    exts = {".txt", ".md", ".html", ".htm", ".shtml", ".js", ".docx", ".pdf"}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in exts
                           and not f.name.lower().startswith("readme"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            matches = sorted(glob.glob(p, recursive=True))
            if matches:
                files.extend(Path(m) for m in matches if Path(m).is_file())
            else:
                errors.append(CheckResult(p, error="找不到该文件（也不是能匹配到文件的通配符）。"))
    seen, unique = set(), []
    for f in files:
        k = f.resolve()
        if k not in seen:
            seen.add(k)
            unique.append(f)
    return unique, errors


def check_paths(paths: Iterable[str], progress: Callable[[int, int, str], None] | None = None) -> list[CheckResult]:
    files, errors = expand_paths(paths)
    results: list[CheckResult] = list(errors)
    for i, f in enumerate(files, start=1):
        if progress:
            progress(i, len(files), str(f))
        results.append(check_file(f))
    continuity(results)
    return results


def exit_status(results: list[CheckResult]) -> int:
    """2 if a file could not be read or parsed; else 1 if any error or warning; else 0."""
    if any(not r.ok for r in results):
        return 2
    if any(f.severity in ("error", "warning") for r in results for f in r.doc.findings):
        return 1
    return 0


__all__ = ["CheckResult", "check_document", "check_file", "check_paths", "continuity", "exit_status", "PRE2019"]
