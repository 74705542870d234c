"""Annual reports: versions, hand-entered figures, texts, the review workflow and publication.

The workflow (docs/annual.md):

    编辑中 (draft) --提交审核--> 待审核 (review) --审核通过--> 待审签 (approval) --审签--> 已审签 (approved) --发布--> 已发布
           ^                        |  退回 / 撤回                  |  退回                         |  退回
           +------------------------+------------------------------+-------------------------------+

- 经办人 (clerk) and 机构管理员 (admin) write the texts, enter figures by hand and submit;
- 审核人 (reviewer) checks and passes or returns it;
- 审签人 (approver) signs and publishes (条例第十七条 review before publication, by someone else: the
  person who submitted a version cannot review or approve it).

Submitting stores the compiled values, the texts and the findings: the reviewer, the approver and the
public see exactly that snapshot, even if case data change later.  Nothing with an error finding can
be submitted, approved or published.  Publishing renders HTML, Word, PDF, JSON and CSV and stores
them with the version, which is then frozen; a correction is a new version with a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from gongkai.i18n import in_language_of_record
from gongkai.law.annual import reminder_state, report_deadline
from gongkai.law.errors import DomainError
from gongkai.law.rules import Finding, cross_year_findings, has_errors, sort_findings
from gongkai.orgs.access import roles_in
from gongkai.orgs.models import Organization, Role
from gongkai.reports.check import text_findings
from gongkai.reports.document import ReportDocument
from gongkai.reports.render import render_html_fragment

from . import documents
from .compiler import Compiled, check_year, compile_report, report_format, year_bounds
from .models import AnnualReport, FileKind, PublishedFile, ReportVersion, VersionEvent, VersionStatus
from .narrative import NARRATIVE_SECTIONS, SECTION_TITLES, clean_sections, draft_sections, narrative_findings

EDIT_ROLES = frozenset({Role.CLERK, Role.ADMIN})
REVIEW_ROLES = frozenset({Role.REVIEWER})
APPROVE_ROLES = frozenset({Role.APPROVER})
S = VersionStatus


def today() -> dt.date:
    """Today in Asia/Shanghai (``TIME_ZONE``); tests replace it."""
    return timezone.localdate()


# -- the workflow as data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    note_required: bool = False
    primary: bool = True


ACTIONS: dict[str, Action] = {a.key: a for a in (
    Action("submit", gettext_lazy("提交审核"), (S.DRAFT,), S.REVIEW, EDIT_ROLES),
    Action("recall", gettext_lazy("撤回修改"), (S.REVIEW,), S.DRAFT, EDIT_ROLES, primary=False),
    Action("review_pass", gettext_lazy("审核通过，送审签"), (S.REVIEW,), S.APPROVAL, REVIEW_ROLES),
    Action("review_return", gettext_lazy("退回修改"), (S.REVIEW,), S.DRAFT, REVIEW_ROLES, note_required=True, primary=False),
    Action("approve", gettext_lazy("审签同意"), (S.APPROVAL,), S.APPROVED, APPROVE_ROLES),
    Action("approval_return", gettext_lazy("退回修改"), (S.APPROVAL, S.APPROVED), S.DRAFT, APPROVE_ROLES, note_required=True,
           primary=False),
    Action("publish", gettext_lazy("发布"), (S.APPROVED,), S.PUBLISHED, APPROVE_ROLES),
)}
#: Actions that pass the report on: they need a snapshot without errors and someone other than the submitter.
FORWARD = frozenset({"review_pass", "approve", "publish"})


def can_edit(user, org: Organization) -> bool:
    return bool(roles_in(user, org) & EDIT_ROLES)


def _actor_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "系统"


# -- what a version shows -----------------------------------------------------------------------------


@dataclass
class Evaluation:
    """A version's values (compiled + hand-entered, or the stored snapshot) and everything found about them."""

    version: ReportVersion
    values: dict[str, Any]
    compiled: dict[str, Any]  # what the data give, before hand-entered figures (the snapshot's own when stored)
    findings: list[Finding]
    live: bool  # values compiled now (draft) rather than the stored snapshot
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def overrides(self) -> dict:
        return self.version.overrides

    def document(self, published: dt.date | None = None) -> ReportDocument:
        v = self.version
        return documents.make_document(v.report.organization.name, v.report.year, self.values, v.sections,
                                       published=published or v.published_on, findings=self.findings)


def _check(org: Organization, year: int, compiled: Compiled, version: ReportVersion) -> tuple[dict, list[Finding]]:
    fmt = report_format()
    values = documents.apply_overrides(fmt, compiled.values, version.overrides)
    findings = documents.mark_overrides(documents.rule_findings(values), version.overrides)
    doc = documents.make_document(org.name, year, values, version.sections)
    findings += text_findings(doc)  # the prose's figures against the tables: the checker's own rule
    findings += narrative_findings(version.sections, government=org.kind == Organization.Kind.GOVERNMENT)
    findings += compiled.findings
    previous = published_versions(org, year - 1).first()
    if previous is not None:  # 二、上年结转 = last year's 四、结转下年度; 现行有效件数 carried on (warnings)
        findings += cross_year_findings(fmt, values, documents.load_values(fmt, previous.values))
    findings += documents.override_findings(fmt, compiled.values, version.overrides, findings)
    return values, sort_findings(findings)


def evaluate(version: ReportVersion) -> Evaluation:
    report = version.report
    if version.values is not None:  # submitted or published: the stored snapshot
        fmt = report_format()
        values = documents.load_values(fmt, version.values)
        findings = [documents.finding_from_dict(f) for f in version.findings]
        compiled = dict(values)
        for key, entry in version.overrides.items():
            compiled[key] = documents.parse_cell_value(fmt, key, entry.get("compiled")) if entry.get(
                "compiled") is not None else None
        return Evaluation(version, values, compiled, findings, live=False)
    compiled = compile_report(report.organization, report.year)
    values, findings = _check(report.organization, report.year, compiled, version)
    return Evaluation(version, values, compiled.values, findings, live=True, facts=compiled.facts)


def live_changes(version: ReportVersion) -> list[tuple[str, Any, Any]]:
    """Cells whose value from today's data differs from the stored snapshot: (label, stored, now)."""
    if version.values is None or version.is_published:
        return []
    fmt = report_format()
    stored = documents.load_values(fmt, version.values)
    compiled = compile_report(version.report.organization, version.report.year)
    now = documents.apply_overrides(fmt, compiled.values, version.overrides)
    return [(fmt.cell(k).label, stored.get(k), now.get(k)) for k in fmt.cells if stored.get(k) != now.get(k)]


# -- versions ---------------------------------------------------------------------------------------


def current_version(org: Organization, year: int) -> ReportVersion | None:
    """The version being prepared (not yet published), if any."""
    return (ReportVersion.objects.select_related("report__organization")
            .filter(report__organization=org, report__year=year).exclude(status=S.PUBLISHED).first())


def published_versions(org: Organization, year: int | None = None):
    qs = ReportVersion.objects.select_related("report__organization").filter(
        report__organization=org, status=S.PUBLISHED)
    if year is not None:
        qs = qs.filter(report__year=year)
    return qs.order_by("-report__year", "-number")


def _require(user, org: Organization, roles: frozenset[str], what: str) -> str:
    held = roles_in(user, org) & roles
    if not held:
        raise DomainError(f"您没有{what}的权限。")
    return sorted(held)[0]


def _log(version: ReportVersion, action: str, user, role: str, note: str = "", before: str = "", after: str = ""):
    VersionEvent.objects.create(version=version, action=action, actor=user, actor_name=_actor_name(user), role=role,
                                note=note, status_before=before, status_after=after or version.status)


@transaction.atomic
def start_version(org: Organization, year: int, user, *, correction_note: str = "") -> ReportVersion:
    """Begin version 1 (pre-filled draft) or, once published, a correction (a new version with a note)."""
    year = check_year(year)
    role = _require(user, org, EDIT_ROLES, "编制年度报告")
    if org.kind == Organization.Kind.REGION:
        raise DomainError(gettext("行政区域不是行政机关，不编制政府信息公开工作年度报告。"))
    report, _ = AnnualReport.objects.get_or_create(organization=org, year=year)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.versions.exclude(status=S.PUBLISHED).exists():
        raise DomainError(f"{year}年度报告已有正在编制的版本。")
    last = report.versions.filter(status=S.PUBLISHED).order_by("-number").first()
    correction_note = (correction_note or "").strip()
    if last is not None:
        if not correction_note:
            raise DomainError(gettext("更正已发布的年度报告须写明更正说明（更正了什么、为什么）。"), field="correction_note")
        sections, overrides = dict(last.sections), dict(last.overrides)
        note = f"更正第{last.number}版：{correction_note}"
    else:
        compiled = compile_report(org, year)
        sections = draft_sections(year, compiled.values, compiled.facts,
                                  government=org.kind == Organization.Kind.GOVERNMENT)
        overrides, note, correction_note = {}, "按数据生成草稿", ""
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion.objects.create(report=report, number=number, sections=sections, overrides=overrides,
                                           correction_note=correction_note[:2000], created_by=user)
    _log(version, "start", user, role, note, before="", after=S.DRAFT)
    return version


def _locked(version: ReportVersion) -> ReportVersion:
    return ReportVersion.objects.select_for_update().select_related("report__organization").get(pk=version.pk)


def _editable(version: ReportVersion, user) -> tuple[ReportVersion, str]:
    version = _locked(version)
    role = _require(user, version.report.organization, EDIT_ROLES, "修改年度报告")
    if version.status != S.DRAFT:
        raise DomainError(f"第{version.number}版当前状态为“{version.get_status_display()}”，只有编辑中的版本可以修改。")
    return version, role


@transaction.atomic
def save_sections(version: ReportVersion, data: dict[str, str], user) -> ReportVersion:
    version, role = _editable(version, user)
    sections = clean_sections({**version.sections, **{k: v for k, v in data.items() if k in NARRATIVE_SECTIONS}})
    changed = [SECTION_TITLES[k] for k in NARRATIVE_SECTIONS if sections.get(k) != version.sections.get(k)]
    if changed:
        version.sections = sections
        version.save(update_fields=["sections", "updated_at"])
        _log(version, "edit_text", user, role, "修改：" + "、".join(changed))
    return version


@transaction.atomic
def regenerate_section(version: ReportVersion, key: str, user) -> ReportVersion:
    """Replace one section's text by a fresh draft from today's data."""
    version, role = _editable(version, user)
    if key not in NARRATIVE_SECTIONS:
        raise DomainError(gettext("没有这个部分。"), field="section")
    report = version.report
    compiled = compile_report(report.organization, report.year)
    values = documents.apply_overrides(report_format(), compiled.values, version.overrides)
    draft = draft_sections(report.year, values, compiled.facts,
                           government=report.organization.kind == Organization.Kind.GOVERNMENT)
    version.sections = {**version.sections, key: draft[key]}
    version.save(update_fields=["sections", "updated_at"])
    _log(version, "regenerate_text", user, role, f"按最新数据重新生成：{SECTION_TITLES[key]}")
    return version


@transaction.atomic
def set_override(version: ReportVersion, key: str, value: Any, reason: str, user) -> ReportVersion:
    """Enter a figure by hand for one cell, with the reason (kept, shown, and checked by every rule)."""
    version, role = _editable(version, user)
    fmt = report_format()
    parsed = documents.parse_cell_value(fmt, key, value)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("手工修改数字须说明理由（例如数据来源）。"), field="reason")
    report = version.report
    compiled = compile_report(report.organization, report.year).values.get(key)
    entry = {
        "value": documents.store_values({key: parsed})[key], "reason": reason[:500],
        "compiled": documents.store_values({key: compiled})[key],
        "by": _actor_name(user), "at": timezone.localtime().isoformat(timespec="seconds"),
    }
    version.overrides = {**version.overrides, key: entry}
    version.save(update_fields=["overrides", "updated_at"])
    _log(version, "override", user, role, f"{fmt.cell(key).label}：{entry['value']}（编制结果{entry['compiled']}）。理由：{reason}")
    return version


@transaction.atomic
def remove_override(version: ReportVersion, key: str, user) -> ReportVersion:
    version, role = _editable(version, user)
    if key not in version.overrides:
        raise DomainError(gettext("这个单元格没有手工修改的数字。"), field="cell")
    overrides = dict(version.overrides)
    overrides.pop(key)
    version.overrides = overrides
    version.save(update_fields=["overrides", "updated_at"])
    _log(version, "override_removed", user, role, f"恢复编制结果：{report_format().cell(key).label}")
    return version


@transaction.atomic
def discard_version(version: ReportVersion, user) -> None:
    """Throw away a draft (a correction not wanted after all, or a draft to start again)."""
    version, role = _editable(version, user)
    report = version.report
    version.delete()
    if not report.versions.exists():
        report.delete()


# -- moving a version along -------------------------------------------------------------------------


def allowed_actions(version: ReportVersion, user) -> list[Action]:
    roles = roles_in(user, version.report.organization)
    return [a for a in ACTIONS.values() if version.status in a.sources and roles & a.roles]


def _submitter(version: ReportVersion):
    ev = version.events.filter(action="submit").order_by("-at", "-id").first()
    return ev.actor_id if ev else None


@transaction.atomic
def perform(version: ReportVersion, action_key: str, user, *, note: str = "") -> ReportVersion:
    version = _locked(version)
    org, year = version.report.organization, version.report.year
    action = ACTIONS.get(action_key)
    if action is None:
        raise DomainError(gettext("没有这个操作。"))
    role = _require(user, org, action.roles, f"“{action.label}”")
    if version.status not in action.sources:
        raise DomainError(f"第{version.number}版当前状态为“{version.get_status_display()}”，不能“{action.label}”。")
    note = (note or "").strip()[:2000]
    if action.note_required and not note:
        raise DomainError(gettext("退回时请写明意见。"), field="note")
    if action_key in FORWARD and _submitter(version) == user.pk:
        raise DomainError(gettext("提交人不能审核、审签或发布自己提交的报告（须由另一人把关）。"))
    before = version.status
    if action_key == "submit":
        _, end = year_bounds(year)
        if today() <= end:
            raise DomainError(f"{year}年尚未结束，年度报告要到{year + 1}年1月1日以后才能提交审核。")
        compiled = compile_report(org, year)
        values, findings = _check(org, year, compiled, version)
        if has_errors(findings):
            n = sum(1 for f in findings if f.severity == "error")
            raise DomainError(f"还有{n}个错误，改正后才能提交审核（见“校验结果”）。")
        overrides = {k: {**e, "compiled": documents.store_values({k: compiled.values.get(k)})[k]}
                     for k, e in version.overrides.items()}
        version.overrides = overrides
        version.values = documents.store_values(values)
        version.findings = [f.to_dict() for f in findings]
        version.snapshot_at = timezone.now()
    elif action.target == S.DRAFT:
        version.values, version.findings, version.snapshot_at = None, [], None
    elif action_key in FORWARD:
        stored = [documents.finding_from_dict(f) for f in version.findings]
        if version.values is None or has_errors(stored):
            raise DomainError(gettext("报告的数值有错误或尚未保存，不能继续；请退回修改。"))
    version.status = action.target
    if action_key == "publish":
        _publish(version, user)
        return version
    version.save()
    _log(version, action_key, user, role, note, before=before)
    return version


@in_language_of_record  # the published report is the statutory document: Chinese
def _publish(version: ReportVersion, user) -> None:
    """Render and store every file, then freeze the version (called inside ``perform``'s transaction)."""
    published_on = today()
    evaluation = evaluate(version)
    doc = evaluation.document(published=published_on)
    files = {kind: documents.render_bytes(doc, kind) for kind in FileKind.values}
    version.html_fragment = render_html_fragment(doc)
    version.published_on = published_on
    version.published_at = timezone.now()
    version.published_by = user
    ReportVersion.objects.filter(pk=version.pk).update(
        status=S.PUBLISHED, html_fragment=version.html_fragment, published_on=published_on,
        published_at=version.published_at, published_by=user, updated_at=timezone.now(),
    )
    for kind, content in files.items():
        PublishedFile.objects.create(version=version, kind=kind, content=content, size=len(content),
                                     sha256=hashlib.sha256(content).hexdigest())
    note = f"发布日期：{published_on:%Y-%m-%d}"
    if version.correction_note:
        note += f"；更正说明：{version.correction_note}"
    _log(version, "publish", user, sorted(roles_in(user, version.report.organization) & APPROVE_ROLES)[0], note,
         before=S.APPROVED, after=S.PUBLISHED)


def published_file(version: ReportVersion, kind: str) -> PublishedFile:
    return version.files.get(kind=kind)


# -- the dashboard ------------------------------------------------------------------------------------


@dataclass
class Reminder:
    year: int
    state: str  # none | published | due | overdue
    deadline: dt.date | None
    version: ReportVersion | None
    published: ReportVersion | None

    @property
    def days_left(self) -> int | None:
        return (self.deadline - today()).days if self.deadline else None


def reminder(org: Organization, on: dt.date | None = None) -> Reminder:
    """Last year's report: due from 1 January, red after the deadline (条例第四十九条), until published."""
    on = on or today()
    year = on.year - 1
    published = published_versions(org, year).first()
    state = reminder_state(org.kind, year, on, published is not None)
    return Reminder(year, state, report_deadline(org.kind, year), current_version(org, year), published)


# -- building outside the console (CLI) ---------------------------------------------------------------


def working_evaluation(org: Organization, year: int) -> Evaluation:
    """The version being prepared; without one, a fresh draft from today's data (not saved)."""
    year = check_year(year)
    version = current_version(org, year)
    if version is not None:
        return evaluate(version)
    report = AnnualReport(organization=org, year=year)
    compiled = compile_report(org, year)
    sections = draft_sections(year, compiled.values, compiled.facts, government=org.kind == Organization.Kind.GOVERNMENT)
    version = ReportVersion(report=report, number=0, sections=sections, overrides={})
    values, findings = _check(org, year, compiled, version)
    return Evaluation(version, values, compiled.values, findings, live=True, facts=compiled.facts)
