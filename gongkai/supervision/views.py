"""The supervising office's pages under ``/console/<org_code>/supervision/`` (read-only oversight, thin views).

Only supervisors: a user holding the ``supervisor`` role on the organisation or on one of its ancestors
(``org_view(roles={SUPERVISOR}, allow_supervisor=True)``); every other user gets 404, like any other
organisation's data (docs/decisions.md 机构与权限), anonymous users the login page.  A supervisor sees
the organisation in the address and everything below it; the applicant's personal data is never shown
(``gongkai.requests.privacy``).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from lxml.html import tostring

from gongkai.law.formats import load_format
from gongkai.orgs.access import org_view, supervises
from gongkai.orgs.models import Role
from gongkai.reports.document import ReportDocument
from gongkai.reports.render import report_css
from gongkai.reports.render.html import table_element
from gongkai.reports.render.layout import grids
from gongkai.requests.privacy import masked_name

from . import checking, services
from .forms import UploadForm
from .models import CheckedReport

SUPERVISOR = {Role.SUPERVISOR}
PAGE_SIZE = 50
SEVERITY_LABELS = {"error": gettext_lazy("错误"), "warning": gettext_lazy("警告"), "info": gettext_lazy("提示")}
FORMAT_LABELS = {
    "2021": gettext_lazy("2021年格式"),
    "2019": gettext_lazy("2019年试行格式"),
    "pre2019": gettext_lazy("2019年以前（叙述式）"),
}


def supervisor_view(view):
    return org_view(roles=SUPERVISOR, allow_supervisor=True)(view)


@supervisor_view
def dashboard(request):
    org = request.org
    on = services.today()
    rows = services.overview(org, on)
    return render(request, "supervision/dashboard.html", {
        "org": org, "rows": rows, "totals": services.totals(rows), "today": on,
        "report_year": services.report_year(on), "soon_days": services.SOON_WORKING_DAYS,
    })


def panel_context(request, org) -> dict:
    """The supervisor's block on an organisation's console home (nothing for anyone else)."""
    if Role.SUPERVISOR not in request.org_roles and not supervises(request.user, org):
        return {"show": False}
    on = services.today()
    rows = services.overview(org, on)
    return {"show": True, "org": org, "orgs": len(rows), "totals": services.totals(rows), "year": services.report_year(on)}


@supervisor_view
def overdue(request):
    org = request.org
    nodes = services.subtree(org)
    agencies = [(n.code, n.name) for n in nodes]
    agency = request.GET.get("agency", "")
    ids = [n.id for n in nodes if n.code == agency] if agency else [n.id for n in nodes]
    if agency and not ids:
        agency, ids = "", [n.id for n in nodes]  # not in the subtree: the whole subtree, as if unfiltered
    page = Paginator(services.overdue_cases(ids), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{
        "case": c, "overdue_by": -c.working_days_left if c.working_days_left is not None else None,
        "applicant": masked_name(c), "handler": c.handler.get_full_name() or c.handler.username if c.handler else "",
    } for c in page.object_list]
    return render(request, "supervision/overdue.html", {
        "org": org, "page": page, "rows": rows, "agencies": agencies, "agency": agency,
        "query": f"agency={agency}" if agency else "", "today": services.today(),
    })


# -- 年报核查 ------------------------------------------------------------------------------------------


def _office_reports(request):
    return CheckedReport.objects.filter(office=request.org).defer("content", "document")


@supervisor_view
def reports(request):
    org = request.org
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        outcome = checking.check_uploads(org, request.user, form.cleaned_data["files"])
        for name, reason in outcome.failed:
            messages.error(request, _("“%(name)s”无法读取为年度报告，未保存：%(reason)s") % {"name": name, "reason": reason})
        if outcome.saved:
            messages.success(request, _("已核查%(n)d份报告。") % {"n": len(outcome.saved)})
            if len(outcome.saved) == 1:
                return redirect("supervision:report", org_code=org.code, pk=outcome.saved[0].pk)
        return redirect("supervision:reports", org_code=org.code)
    page = Paginator(_office_reports(request).select_related("checked_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/reports.html", {
        "org": org, "form": form, "page": page, "format_labels": FORMAT_LABELS,
    }, status=400 if form.errors else 200)


@supervisor_view
@require_POST
def check_published(request):
    org = request.org
    outcome = checking.check_published(org, request.user, services.subtree_ids(org))
    for name, reason in outcome.failed:
        messages.error(request, _("“%(name)s”无法核查：%(reason)s") % {"name": name, "reason": reason})
    if outcome.saved:
        messages.success(request, _("已核查所辖机关在本平台发布的年度报告%(n)d份。") % {"n": len(outcome.saved)})
    elif not outcome.failed:
        messages.info(request, _("所辖机关在本平台发布的年度报告都已核查过，没有新的报告。"))
    return redirect("supervision:reports", org_code=org.code)


def _tables_html(report: CheckedReport) -> list[str]:
    fmt = load_format(report.format_version) if report.format_version in ("2021", "2019") else None
    if fmt is None:
        return []
    doc = ReportDocument.from_json(report.document)
    return [tostring(table_element(g), encoding="unicode") for g in grids(fmt, doc.values).values()]


@supervisor_view
def report_detail(request, pk: int):
    report = get_object_or_404(CheckedReport.objects.select_related("checked_by", "version__report__organization"), pk=pk,
                               office=request.org)
    found = checking.findings(report)
    for f in found:
        f["severity_label"] = SEVERITY_LABELS.get(f.get("severity"), f.get("severity"))
    meta = report.document.get("metadata") or {}
    return render(request, "supervision/report.html", {
        "org": request.org, "report": report, "meta": meta, "findings": found, "tables": _tables_html(report),
        "report_css": report_css(), "format_label": FORMAT_LABELS.get(report.format_version, report.format_version),
        "facts": (report.document.get("facts") or {}).items(),
    })


@supervisor_view
def report_file(request, pk: int):
    report = get_object_or_404(CheckedReport, pk=pk, office=request.org)
    if not report.size:
        raise Http404(_("没有原文件。"))
    response = HttpResponse(bytes(report.content), content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(report.file_name or "report", safe="")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@supervisor_view
def compare(request):
    comparison = checking.compare(
        CheckedReport.objects.filter(office=request.org).defer("content").order_by("-checked_at", "-id"))
    rows = []
    for key, name in comparison.agencies:
        cells = [comparison.cell(key, year) for year in comparison.years]
        figures = [(label, [c.figures[i] if c else None for c in cells])
                   for i, label in enumerate(comparison.figure_labels)]
        rows.append({"name": name, "cells": cells, "figures": figures, "span": len(figures) + 2})
    problems = [(row["name"], year, cell) for row in rows for year, cell in zip(comparison.years, row["cells"])
                if cell and cell.warnings]
    return render(request, "supervision/compare.html", {
        "org": request.org, "comparison": comparison, "rows": rows, "problems": problems,
    })
