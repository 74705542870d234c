"""Compiling an annual report from the platform's data: Tables 2, 3 and 4 by SQL aggregates.

How each cell is counted (docs/annual.md has the same in words for clerks):

Table 3 (三、收到和处理政府信息公开申请情况; column = the applicant type as registered):

- 一、本年新收: received (``Case.received``, the 收到申请之日 of 条例第三十一条) in the year;
- 二、上年结转: received before 1 January and not concluded before it (open on 31 December of
  the previous year);
- 三、办理结果: concluded (``Case.concluded``: answer delivered, withdrawn, or ended by the clock)
  in the year, one row per outcome's ``t3_row`` (``gongkai.law.outcomes``);
- 四、结转下年度继续办理: received by 31 December and not concluded by it.

So for every column 一 + 二 = 三（七） + 四 holds by construction (the format's own 勾稽关系).
Dates are the legal dates of the case (``DateField``s recorded in Asia/Shanghai time), so the
year boundary is the calendar date in China.  Imported historical cases count like any other.

Table 4 (四、行政复议、行政诉讼; report-format-2021.md §4): the 行政复议 and 行政诉讼 cases about
this agency's requests that were *pending at some time in the year*: filed by 31 December and not
decided before 1 January.  Decided in the year → 结果维持 / 结果纠正 / 其他结果 by the recorded
result; undecided on 31 December → 尚未审结.  A case filed in one year and decided the next is
therefore counted twice: as 尚未审结 in the first year and with its result in the second (the same
rule as Table 3's 结转), so every result is reported exactly once.

Table 2 comes from ``gongkai.disclosure.services.table2_values``.

Each table is one ``GROUP BY`` query: no Python loop over cases (bench/compile_bench.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum

from gongkai.disclosure.services import table2_values
from gongkai.law.annual import FIRST_2021_FORMAT_YEAR
from gongkai.law.errors import DomainError
from gongkai.law.formats import ReportFormat, load_format
from gongkai.law.outcomes import BY_KEY
from gongkai.law.rules import CellRef, Finding
from gongkai.orgs.models import Organization
from gongkai.requests.models import Case, Fee, FeeMethod, Remedy, RemedyResult

FORMAT_VERSION = "2021"
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")
T4_RESULTS = (RemedyResult.UPHELD, RemedyResult.CORRECTED, RemedyResult.OTHER)


def report_format() -> ReportFormat:
    return load_format(FORMAT_VERSION)


def check_year(year: int) -> int:
    """The report years the platform compiles: 2021 onward (the national 2021 format)."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(f"年度“{year}”无效。", field="year") from None
    if year < FIRST_2021_FORMAT_YEAR:
        raise DomainError(
            f"{year}年度报告应使用2019年试行格式（国办公开办函〔2019〕60号），本平台只编制2021年及以后的年度报告。",
            field="year",
        )
    if year > 2100:
        raise DomainError(f"年度“{year}”无效。", field="year")
    return year


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 January and 31 December of ``year`` (legal dates in China, Asia/Shanghai)."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass
class Compiled:
    """Everything the data say about one agency's year."""

    org: Organization
    year: int
    values: dict[str, Any]  # every cell of the 2021 format, keyed as in the schema
    facts: dict[str, Any] = field(default_factory=dict)  # what the narrative draft states (fees …)
    findings: list[Finding] = field(default_factory=list)  # problems in the data found while compiling


# -- Table 3 --------------------------------------------------------------------------------


def table3(org: Organization, year: int) -> tuple[dict[str, int], list[Finding]]:
    """Table 3 of ``year`` from the cases: one GROUP BY (applicant type × outcome concluded in the year)."""
    fmt = report_format()
    start, end = year_bounds(year)
    # The window: received by 31 December and not concluded before 1 January.  Within it,
    # 上年结转 = all − 本年新收 and 结转下年度 = all − 办结 (in the year), so one pass with three
    # conditional counts suffices.  The index req_report (organization, applicant_type, outcome,
    # received, concluded, is_open) covers the query and delivers the groups in order.
    rows = (
        Case.objects.filter(organization=org, received__lte=end)
        .filter(Q(concluded__isnull=True) | Q(concluded__gte=start))
        .values("applicant_type", "outcome")
        .annotate(
            n_all=Count("pk"),
            n_new=Count("pk", filter=Q(received__gte=start)),
            n_concluded=Count("pk", filter=Q(concluded__lte=end)),
            n_closed_undated=Count("pk", filter=Q(is_open=False, concluded__isnull=True)),
        )
        .order_by()
    )
    values = {key: 0 for key in fmt.cells if key.startswith("t3.")}
    findings: list[Finding] = []
    no_outcome = unknown_type = closed_undated = 0
    unknown_outcomes: set[str] = set()
    for r in rows:  # at most 6 applicant types × the outcomes: a few dozen groups, never one per case
        col = r["applicant_type"] if r["applicant_type"] in APPLICANTS else None
        if col is None:
            unknown_type += r["n_all"]
        closed_undated += r["n_closed_undated"]
        for c in filter(None, (col, "total")):
            values[f"t3.{c}.new_received"] += r["n_new"]
            values[f"t3.{c}.carried_over"] += r["n_all"] - r["n_new"]
            values[f"t3.{c}.carry_forward"] += r["n_all"] - r["n_concluded"]
            values[f"t3.{c}.result_total"] += r["n_concluded"]
        if not r["n_concluded"]:
            continue
        outcome = BY_KEY.get(r["outcome"])
        if outcome is None:
            if r["outcome"]:
                unknown_outcomes.add(r["outcome"])
            no_outcome += r["n_concluded"]
            continue
        for c in filter(None, (col, "total")):
            values[f"t3.{c}.{outcome.t3_row}"] += r["n_concluded"]
    if no_outcome:
        what = f"（未知的办理结果：{'、'.join(sorted(unknown_outcomes))}）" if unknown_outcomes else ""
        findings.append(Finding(
            rule_id="DATA.T3_NO_OUTCOME", severity="warning", source="data",
            message=f"{year}年办结的申请中有{no_outcome}件没有可归入表三的办理结果{what}，"
                    "它们计入了（七）总计但不在任何一行：请在办理记录中补正办理结果。",
            cells=(CellRef("t3.total.result_total", fmt.cell("t3.total.result_total").label, values["t3.total.result_total"]),),
        ))
    if unknown_type:
        findings.append(Finding(
            rule_id="DATA.T3_APPLICANT_TYPE", severity="warning", source="data",
            message=f"有{unknown_type}件申请的申请人类型无法归入表三的列，只计入了总计列：请在申请登记中补正申请人类型。",
        ))
    if closed_undated:
        findings.append(Finding(
            rule_id="DATA.T3_CLOSED_UNDATED", severity="warning", source="data",
            message=f"有{closed_undated}件申请已不在办理中却没有办结日期，按未办结计入“结转下年度继续办理”：请核实这些申请的办理记录。",
        ))
    return values, findings


def _about_cases_of(org: Organization) -> Exists:
    """Records (remedies, fees) about ``org``'s cases, as a correlated EXISTS on the case's primary key.

    A plain join (``case__organization=org``) lets SQLite, which keeps no statistics, drive the
    join from the agency's cases (a million index entries) instead of from the few records.
    """
    return Exists(Case.objects.filter(pk=OuterRef("case_id"), organization=org))


# -- Table 4 --------------------------------------------------------------------------------


def table4(org: Organization, year: int) -> tuple[dict[str, int], list[Finding]]:
    """Table 4 of ``year`` from the remedy records: one GROUP BY over the kind of remedy."""
    fmt = report_format()
    start, end = year_bounds(year)
    decided = Q(decided_on__isnull=False, decided_on__lte=end) & ~Q(result=RemedyResult.PENDING)
    rows = (
        Remedy.objects.filter(_about_cases_of(org), filed_on__lte=end)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=start))
        .values("kind")
        .annotate(
            total=Count("pk"),
            **{res.value: Count("pk", filter=decided & Q(result=res)) for res in T4_RESULTS},
            undated=Count("pk", filter=Q(decided_on__isnull=True) & ~Q(result=RemedyResult.PENDING)),
            dated_pending=Count("pk", filter=Q(decided_on__lte=end, result=RemedyResult.PENDING)),
        )
        .order_by()
    )
    values = {key: 0 for key in fmt.cells if key.startswith("t4.")}
    findings: list[Finding] = []
    undated = dated_pending = 0
    groups = set(fmt.sets["t4.groups"])
    for r in rows:
        if r["kind"] not in groups:
            continue
        g = r["kind"]
        decided_total = 0
        for res in T4_RESULTS:
            values[f"t4.{g}.{res.value}"] = r[res.value]
            decided_total += r[res.value]
        values[f"t4.{g}.pending"] = r["total"] - decided_total
        values[f"t4.{g}.total"] = r["total"]
        undated += r["undated"]
        dated_pending += r["dated_pending"]
    if undated:
        findings.append(Finding(
            rule_id="DATA.T4_UNDATED", severity="warning", source="data",
            message=f"有{undated}件行政复议或行政诉讼记录填了结果却没有决定/裁判日期，按尚未审结计算：请补填日期。",
        ))
    if dated_pending:
        findings.append(Finding(
            rule_id="DATA.T4_DATED_PENDING", severity="warning", source="data",
            message=f"有{dated_pending}件行政复议或行政诉讼记录有决定/裁判日期但结果仍为“尚未审结”，按尚未审结计算：请补填结果。",
        ))
    return values, findings


# -- Table 2 and the facts for the narrative ------------------------------------------------------


def table2(org: Organization, year: int) -> tuple[dict[str, Any], list[Finding]]:
    fmt = report_format()
    values = table2_values(org, year)
    blank = [fmt.cell(k).short_label for k, v in values.items() if v is None]
    findings = []
    if blank:
        findings.append(Finding(
            rule_id="DATA.T2_BLANK", severity="warning", source="data",
            message=f"表二有{len(blank)}项既没有导入记录也没有手工录入的数字：{'、'.join(blank)}。"
                    "请在“主动公开年度数据”中录入（没有发生的填0），否则报告中为空白。",
            cells=tuple(CellRef(k, fmt.cell(k).label, None) for k, v in values.items() if v is None),
        ))
    return values, findings


def fee_facts(org: Organization, year: int) -> dict[str, Any]:
    """信息处理费 of the year (国办函〔2020〕109号), for section 六: one aggregate query.

    Charged = paid in the year (``Fee.paid_on``); notices = fee notices issued in the year.
    """
    start, end = year_bounds(year)
    paid = Q(paid_on__gte=start, paid_on__lte=end)
    agg = Fee.objects.filter(_about_cases_of(org)).filter(paid | Q(issued_on__gte=start, issued_on__lte=end)).aggregate(
        notices=Count("pk", filter=Q(issued_on__gte=start, issued_on__lte=end)),
        paid_count=Count("pk", filter=paid),
        paid_amount=Sum("amount", filter=paid),
        per_item=Count("pk", filter=paid & Q(method=FeeMethod.PER_ITEM)),
        per_volume=Count("pk", filter=paid & Q(method=FeeMethod.PER_VOLUME)),
    )
    amount = agg["paid_amount"] or Decimal("0")
    return {
        "fee_notices": agg["notices"], "fees_paid": agg["paid_count"],
        "fees_amount": Decimal(amount).quantize(Decimal("0.01")),
        "fees_per_item": agg["per_item"], "fees_per_volume": agg["per_volume"],
    }


def compile_report(org: Organization, year: int) -> Compiled:
    """Every cell of ``org``'s ``year`` report from the data, with the data problems found."""
    year = check_year(year)
    values: dict[str, Any] = report_format().empty_values()
    findings: list[Finding] = []
    for part in (table2, table3, table4):
        part_values, part_findings = part(org, year)
        values.update(part_values)
        findings.extend(part_findings)
    return Compiled(org, year, values, fee_facts(org, year), findings)
