"""Console pages for annual reports, under ``/console/<org_code>/annual/``: thin — parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.i18n import in_language_of_record
from gongkai.law.annual import report_deadline
from gongkai.law.errors import DomainError
from gongkai.law.formats import load_format
from gongkai.orgs.access import WORK_ROLES, org_view
from gongkai.reports.render import render_html_fragment, report_css

from . import documents, services
from .compiler import check_year
from .models import CONTENT_TYPES, FileKind, ReportVersion
from .narrative import NARRATIVE_SECTIONS, SECTION_TITLES
from django.utils.translation import gettext as _

VIEW_ROLES = WORK_ROLES


def _year(year: int) -> int:
    try:
        return check_year(year)
    except DomainError:
        raise Http404(_("没有这一年度的报告。")) from None


def _back(request, year: int, anchor: str = ""):
    return redirect(f"/console/{request.org.code}/annual/{year}/{anchor}")


def _error(request, exc: DomainError) -> None:
    messages.error(request, exc.message)


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def index(request):
    org = request.org
    this_year = services.today().year
    years = list(range(this_year - 1, 2020, -1))
    rows = []
    for y in years:
        published = list(services.published_versions(org, y))
        rows.append({"year": y, "current": services.current_version(org, y), "published": published})
    return render(request, "annual/index.html", {
        "org": org, "rows": rows, "reminder": services.reminder(org), "can_edit": services.can_edit(request.user, org),
        "this_year": this_year,
    })


def cell_choices() -> list[tuple[str, str]]:
    fmt = load_format("2021")
    return [(key, cell.label) for key, cell in fmt.cells.items()]


def _highlight_css(evaluation) -> str:
    """Overridden cells and cells in error, marked on the official-layout table by their data-cell key."""
    errors = {c.key for f in evaluation.errors for c in f.cells}
    warnings = {c.key for f in evaluation.warnings for c in f.cells} - errors
    rules = []
    for keys, style in ((warnings, "background:#fff6e5"), (errors, "background:#fdeef0;outline:2px solid #b00020"),
                        (set(evaluation.overrides), "font-weight:700;text-decoration:underline dotted")):
        if keys:
            selector = ",".join(f'.gk-report td[data-cell="{k}"]' for k in sorted(keys))
            rules.append(f"{selector}{{{style}}}")
    return "\n".join(rules)


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def year_page(request, year: int):
    org, year = request.org, _year(year)
    version = services.current_version(org, year)
    published = list(services.published_versions(org, year))
    context = {
        "org": org, "year": year, "version": version, "published": published, "can_edit": services.can_edit(request.user, org),
        "report_css": report_css(), "sections": [], "deadline": report_deadline(org.kind, year),
    }
    if version is not None:
        evaluation = services.evaluate(version)
        doc = evaluation.document()
        breaks = {f.rule_id.removeprefix("OVERRIDE."): f.details.get("breaks", []) for f in evaluation.findings
                  if f.rule_id.startswith("OVERRIDE.")}
        context.update({
            "evaluation": evaluation,
            "report_html": render_html_fragment(doc),
            "highlight_css": _highlight_css(evaluation),
            "actions": services.allowed_actions(version, request.user),
            "events": version.events.all(),
            "sections": [(k, SECTION_TITLES[k], version.sections.get(k, "")) for k in NARRATIVE_SECTIONS],
            "cells": cell_choices(),
            "override_rows": [
                (key, load_format("2021").cell(key).label, entry, breaks.get(key, [])) for key, entry in version.overrides.items()
            ],
            "changes": services.live_changes(version) if not evaluation.live else [],
            "editable": version.is_draft and context["can_edit"],
            "preview_kinds": FileKind.choices,
        })
    return render(request, "annual/year.html", context)


@org_view(roles=services.EDIT_ROLES)
@require_POST
def start(request, year: int):
    year = _year(year)
    try:
        services.start_version(request.org, year, request.user, correction_note=request.POST.get("correction_note", ""))
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已开始编制%(year)s年度报告。") % {"year": year})
    return _back(request, year)


def _draft(request, year: int) -> ReportVersion:
    version = services.current_version(request.org, _year(year))
    if version is None:
        raise Http404(_("没有正在编制的版本。"))
    return version


@org_view(roles=services.EDIT_ROLES)
@require_POST
def save_text(request, year: int):
    version = _draft(request, year)
    try:
        services.save_sections(version, {k: request.POST.get(k, "") for k in NARRATIVE_SECTIONS if k in request.POST},
                               request.user)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("正文已保存。"))
    return _back(request, version.report.year, "#text")


@org_view(roles=services.EDIT_ROLES)
@require_POST
def regenerate_text(request, year: int, section: str):
    version = _draft(request, year)
    try:
        services.regenerate_section(version, section, request.user)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已按最新数据重新生成“%(section)s”。") % {"section": SECTION_TITLES[section]})
    return _back(request, version.report.year, "#text")


@org_view(roles=services.EDIT_ROLES)
@require_POST
def override(request, year: int):
    version = _draft(request, year)
    key = request.POST.get("cell", "")
    try:
        if request.POST.get("remove"):
            services.remove_override(version, key, request.user)
            messages.success(request, _("已恢复编制结果。"))
        else:
            services.set_override(version, key, request.POST.get("value"), request.POST.get("reason", ""), request.user)
            messages.success(request, _("已保存手工修改的数字，请查看校验结果。"))
    except DomainError as exc:
        _error(request, exc)
    return _back(request, version.report.year, "#overrides")


@org_view(roles=VIEW_ROLES)
@require_POST
def act(request, year: int, action: str):
    version = services.current_version(request.org, _year(year))
    if version is None or action not in services.ACTIONS:
        raise Http404(_("没有正在编制的版本。"))
    try:
        services.perform(version, action, request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        _error(request, exc)
    else:
        label = services.ACTIONS[action].label
        messages.success(request, _("已%(action)s：%(year)s年度报告第%(number)s版。") % {"action": label, "year": version.report.year, "number": version.number})
    return _back(request, version.report.year)


@org_view(roles=services.EDIT_ROLES)
@require_POST
def discard(request, year: int):
    version = _draft(request, year)
    try:
        services.discard_version(version, request.user)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已放弃第%(number)s版草稿。") % {"number": version.number})
    return _back(request, version.report.year)


PREVIEW_KINDS = {k.value for k in FileKind}


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
@in_language_of_record  # the draft looks like the statutory document it will become
def preview(request, year: int, kind: str):
    """The version being prepared, rendered now (watermarked in the title as 草稿/待审), for checking."""
    version = services.current_version(request.org, _year(year))
    if version is None or kind not in PREVIEW_KINDS:
        raise Http404(_("没有正在编制的版本。"))
    evaluation = services.evaluate(version)
    doc = evaluation.document()
    doc.metadata.title = f"{request.org.name}{version.report.year}年政府信息公开工作年度报告（第{version.number}版，{version.get_status_display()}）"
    content = documents.render_bytes(doc, kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[FileKind(kind)])
    filename = f"{request.org.code}-{version.report.year}-v{version.number}-draft.{kind}"
    disposition = "inline" if kind in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def panel_context(request, org) -> dict:
    """The dashboard reminder: last year's report, from 1 January until it is published (条例第四十九条)."""
    return {"org": org, "reminder": services.reminder(org)}

