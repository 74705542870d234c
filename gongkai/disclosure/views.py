"""Console pages for 主动公开 data: thin — parse input, call a service, render."""

from __future__ import annotations

import datetime as dt
import os

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.law.errors import DomainError
from gongkai.orgs.access import org_view
from gongkai.orgs.models import Role

from . import imports, services
from .forms import DocumentForm, EndDocumentForm, EnforcementUploadForm, FigureForm, TableUploadForm
from .models import DocumentKind, DocumentStatus, EnforcementImport, EnforcementKind, NormativeDocument
from django.utils.translation import gettext as _

VIEW_ROLES = {Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN}
EDIT_ROLES = {Role.CLERK, Role.ADMIN}  # the 政务公开 clerk and the agency admin keep the register


def _can_edit(request) -> bool:
    return bool(request.org_roles & EDIT_ROLES)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _report_year() -> int:
    """The year an annual report is being prepared for: last year."""
    return timezone.localdate().year - 1


def _apply_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# -- the document register ------------------------------------------------------------


def _filters(request) -> dict:
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in DocumentKind.values else "",
        "status": request.GET.get("status", "") if request.GET.get("status") in DocumentStatus.values else "",
        "year": _int(request.GET.get("year")),
    }


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def documents(request):
    filters = _filters(request)
    qs = services.search_documents(request.org, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "disclosure/documents.html", {
        "org": request.org, "page": page, "filters": filters, "query": query.urlencode(),
        "kinds": DocumentKind.choices, "statuses": DocumentStatus.choices, "can_edit": _can_edit(request),
        "years": range(timezone.localdate().year + 1, 1999, -1),
    })


@org_view(roles=EDIT_ROLES)
def document_edit(request, pk: int | None = None):
    doc = get_object_or_404(NormativeDocument, pk=pk, organization=request.org) if pk else None
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = services.save_document(
                    request.org, form.cleaned_data, instance=doc, attachment=form.cleaned_data.get("attachment")
                )
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("已保存：%(number)s %(title)s") % {"number": saved.number, "title": saved.title})
                return redirect("disclosure:documents", org_code=request.org.code)
    else:
        initial = {}
        if doc:
            initial = {f: getattr(doc, f) for f in (
                "number", "title", "kind", "issuer", "issued_on", "effective_on", "status", "ended_on", "status_note", "url"
            )}
        form = DocumentForm(initial=initial)
    return render(request, "disclosure/document_form.html", {"org": request.org, "form": form, "doc": doc})


@org_view(roles=EDIT_ROLES)
def document_end(request, pk: int):
    doc = get_object_or_404(NormativeDocument, pk=pk, organization=request.org)
    form = EndDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_document(doc, **form.cleaned_data)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("已登记%(status)s：%(number)s") % {"status": doc.get_status_display(), "number": doc.number})
            return redirect("disclosure:documents", org_code=request.org.code)
    return render(request, "disclosure/document_end.html", {"org": request.org, "form": form, "doc": doc})


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def document_attachment(request, pk: int):
    doc = get_object_or_404(NormativeDocument, pk=pk, organization=request.org)
    if not doc.attachment:
        raise Http404(_("该文件没有附件。"))
    return FileResponse(doc.attachment.open("rb"), as_attachment=True, filename=os.path.basename(doc.attachment.name))


@org_view(roles=EDIT_ROLES)
def documents_import(request):
    form = TableUploadForm(request.POST or None, request.FILES or None)
    failure = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = imports.import_documents(request.org, upload.file, upload.name)
        except imports.ImportFailed as exc:
            failure = exc
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("已导入 %(n)s 件文件。") % {"n": len(created)})
            return redirect("disclosure:documents", org_code=request.org.code)
    return render(request, "disclosure/documents_import.html", {
        "org": request.org, "form": form, "failure": failure, "columns": imports.DOCUMENT_COLUMNS,
        "required": imports.DOCUMENT_REQUIRED,
    })


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def documents_export(request):
    qs = services.search_documents(request.org, **_filters(request))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if request.GET.get("format") == "xlsx":
        body, ctype, ext = imports.export_documents_xlsx(qs), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    else:
        body, ctype, ext = imports.export_documents_csv(qs), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=ctype)
    filename = f"{request.org.code}-documents-{stamp}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- yearly figures ----------------------------------------------------------------


@org_view(roles=VIEW_ROLES, allow_supervisor=True)
def figures(request):
    year = _int(request.GET.get("year"), _report_year())
    if not 2000 <= year <= 2100:
        year = _report_year()
    org = request.org
    doc_counts = services.document_counts(org, year)
    doc_rows = [
        (label, [doc_counts[f"t2.art20_1.{row}.{col}"] for col in services.DOCUMENT_COLUMNS])
        for label, row in ((_("规章"), "regulations"), (_("行政规范性文件"), "normative_docs"))
    ]
    return render(request, "disclosure/figures.html", {
        "org": org, "year": year, "doc_rows": doc_rows, "figures": services.resolve_figures(org, year),
        "batches": EnforcementImport.objects.filter(organization=org, year=year).select_related("imported_by")[:20],
        "can_edit": _can_edit(request), "years": range(timezone.localdate().year, 1999, -1),
        "upload_form": EnforcementUploadForm(initial={"year": year}),
        "docs_url": reverse("disclosure:documents", kwargs={"org_code": org.code}),
    })


@org_view(roles=EDIT_ROLES)
def figure_edit(request, year: int, kind: str):
    if kind not in EnforcementKind.values or not 2000 <= year <= 2100:
        raise Http404(_("没有这一项。"))
    org = request.org
    figure = org.enforcement_figures.filter(year=year, kind=kind).first()
    if request.method == "POST":
        if request.POST.get("delete") and figure:
            services.delete_figure(org, year, kind)
            messages.success(request, _("已删除手工录入的%(kind)s数字。") % {"kind": EnforcementKind(kind).label})
            return redirect(f"{reverse('disclosure:figures', kwargs={'org_code': org.code})}?year={year}")
        form = FigureForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                services.save_figure(org, year, kind, user=request.user, **form.cleaned_data)
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("已保存%(year)s年%(kind)s的手工数字。") % {"year": year, "kind": EnforcementKind(kind).label})
                return redirect(f"{reverse('disclosure:figures', kwargs={'org_code': org.code})}?year={year}")
    else:
        initial = {"source_date": dt.date.today()}
        if figure:
            initial = {
                "value": figure.value, "source_person": figure.source_person, "source_date": figure.source_date,
                "source_document": figure.source_document, "overrides_computed": figure.overrides_computed,
                "override_reason": figure.override_reason,
            }
        form = FigureForm(initial=initial, kind=kind)
    resolved = next(f for f in services.resolve_figures(org, year) if f.kind == kind)
    return render(request, "disclosure/figure_form.html", {
        "org": org, "year": year, "kind": kind, "label": EnforcementKind(kind).label, "form": form,
        "figure": figure, "resolved": resolved,
    })


@org_view(roles=EDIT_ROLES)
@require_POST
def enforcement_import(request):
    org = request.org
    form = EnforcementUploadForm(request.POST, request.FILES)
    failure = None
    if form.is_valid():
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        try:
            result = imports.import_enforcement(
                org, upload.file, upload.name, year=year, replace=form.cleaned_data["replace"], user=request.user, via="web"
            )
        except imports.ImportFailed as exc:
            failure = exc
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            parts = _("，").join(_("%(kind)s %(n)s 条") % {"kind": EnforcementKind(k).label, "n": n} for k, n in result.counts.items())
            replaced = _("（替换了原有 %(n)s 条）") % {"n": result.replaced} if result.replaced else ""
            messages.success(request, _("已导入 %(n)s 条记录：%(parts)s%(replaced)s。") % {"n": result.batch.rows, "parts": parts, "replaced": replaced})
            return redirect(f"{reverse('disclosure:figures', kwargs={'org_code': org.code})}?year={year}")
    return render(request, "disclosure/enforcement_import.html", {"org": org, "form": form, "failure": failure}, status=200)
