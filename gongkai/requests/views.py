"""Console pages under ``/console/<org_code>/requests/``: thin — parse input, call a service, render.

Who sees what (``org_view`` resolves the organisation or answers 404):
- the agency's staff (clerk, handler, reviewer, approver, admin) see every case of their agency;
  the buttons on a case are exactly ``workflow.allowed_actions`` for their roles, and
  ``services.perform`` refuses the rest;
- supervisors (政务公开办) of the agency's tree may read the queue and case pages, with the
  applicant's personal data masked, and nothing else (no files, no dossier, no audit);
- anyone else gets 404; files are only ever served by these views.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.law.clock import STATE_LABELS, State
from gongkai.law.errors import DomainError
from gongkai.law.outcomes import BY_KEY
from gongkai.orgs.access import org_view
from gongkai.orgs.models import Membership, Role

from . import dossier, duplicates, notices, services, timeline, workflow
from .forms import ACTION_FORMS, PaperRequestForm, TemplateUploadForm
from .models import (
    ApplicantType, AuditEntry, Case, Channel, Notice, NoticeTemplate, Remedy, RemedyKind, RemedyResult,
)
from .privacy import masked_name
from .validation import InvalidRequest
from django.utils.translation import gettext as _, gettext_lazy

STAFF = {Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN}
REGISTER_ROLES = {Role.CLERK, Role.ADMIN}
TEMPLATE_ROLES = {Role.CLERK, Role.ADMIN}
AUDIT_ROLES = {Role.ADMIN, Role.APPROVER}
PAGE_SIZE = 50
QUEUE_FIELDS = ("id", "number", "received", "applicant_type", "applicant_name", "channel", "status", "due",
                "working_days_left", "clock_state", "provisional", "is_open", "handler_id", "department",
                "extension_pending", "projected_on", "outcome", "concluded")


def _is_staff(request) -> bool:
    return bool(request.org_roles & STAFF)


def _case(request, pk: int) -> Case:
    return get_object_or_404(Case.objects.select_related("organization", "handler"), pk=pk, organization=request.org)


_mask_name = masked_name  # the one masking rule for supervisors (privacy.py)


def _apply_error(form, exc: DomainError) -> None:
    if isinstance(exc, InvalidRequest):
        for name, msgs in exc.errors.items():
            for m in msgs:
                form.add_error(name if name in form.fields else None, m)
        return
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# -- the work queue ---------------------------------------------------------------------

SCOPES = {
    "open": gettext_lazy("办理中"),
    "to_archive": gettext_lazy("待归档（已答复、已撤回、已终止）"),
    "all": gettext_lazy("全部"),
}


def queue_filters(request) -> dict:
    g = request.GET
    statuses = {s.value for s in workflow.Status}
    f = {
        "scope": g.get("scope") if g.get("scope") in SCOPES else "open",
        "status": g.get("status") if g.get("status") in statuses else "",
        "handler": g.get("handler", "") if g.get("handler", "").isdigit() or g.get("handler") == "none" else "",
        "channel": g.get("channel") if g.get("channel") in Channel.values else "",
        "applicant_type": g.get("applicant_type") if g.get("applicant_type") in ApplicantType.values else "",
        "urgency": g.get("urgency") if g.get("urgency") in ("overdue", "soon") else "",
        "q": g.get("q", "").strip()[:60],
    }
    return f


def queue_queryset(org, f: dict):
    """The work queue: ordered by working days left (overdue first), from the stored projection only."""
    qs = Case.objects.filter(organization=org)
    if f["scope"] == "open":
        qs = qs.filter(is_open=True)
    elif f["scope"] == "to_archive":
        qs = qs.filter(status__in=[workflow.Status.DELIVERED, workflow.Status.WITHDRAWN, workflow.Status.ENDED])
    if f["status"]:
        qs = qs.filter(status=f["status"])
    if f["handler"] == "none":
        qs = qs.filter(handler__isnull=True)
    elif f["handler"]:
        qs = qs.filter(handler_id=int(f["handler"]))
    if f["channel"]:
        qs = qs.filter(channel=f["channel"])
    if f["applicant_type"]:
        qs = qs.filter(applicant_type=f["applicant_type"])
    if f["urgency"] == "overdue":
        qs = qs.filter(queue_rank__lt=0)
    elif f["urgency"] == "soon":
        qs = qs.filter(queue_rank__gte=0, queue_rank__lte=5)
    if f["q"]:
        qs = qs.filter(Q(number__contains=f["q"]) | Q(applicant_name__contains=f["q"]))
    if f["scope"] == "open":
        return qs.only(*QUEUE_FIELDS).order_by("queue_rank", "id")
    return qs.only(*QUEUE_FIELDS).order_by("-received", "-id")


def _handlers(org):
    rows = (Membership.objects.filter(organization=org, role__in=[Role.HANDLER, Role.CLERK])
            .select_related("user").order_by("user__username"))
    seen, out = set(), []
    for m in rows:
        if m.user_id not in seen:
            seen.add(m.user_id)
            out.append((str(m.user_id), m.user.get_full_name()))
    return out


@org_view(roles=STAFF, allow_supervisor=True)
def queue(request):
    org = request.org
    f = queue_filters(request)
    page = Paginator(queue_queryset(org, f), PAGE_SIZE).get_page(request.GET.get("page"))
    handlers = _handlers(org)
    names = dict(handlers)
    staff = _is_staff(request)
    rows = [{
        "case": c, "name": c.applicant_name if staff else _mask_name(c), "handler": names.get(str(c.handler_id), ""),
        "state_label": _(STATE_LABELS[State(c.clock_state)]) if c.clock_state else "",
        "overdue_by": -c.working_days_left if c.working_days_left is not None and c.working_days_left < 0 else None,
    } for c in page.object_list]
    query = {k: v for k, v in f.items() if v}
    query.pop("scope", None) if f["scope"] == "open" else None
    stale = any(c.is_open and c.projected_on and c.projected_on < services.today() for c in page.object_list)
    return render(request, "requests/queue.html", {
        "org": org, "page": page, "rows": rows, "filters": f, "query": urlencode({**query, **({"scope": f["scope"]} if f["scope"] != "open" else {})}),
        "scopes": SCOPES.items(), "statuses": [(s.value, l) for s, l in workflow.STATUS_LABELS.items()],
        "handlers": handlers, "channels": Channel.choices, "types": ApplicantType.choices,
        "can_register": bool(request.org_roles & REGISTER_ROLES), "staff": staff, "stale": stale,
        "today": services.today(),
    })


def queue_panel(request, org) -> dict:
    """Dashboard block on the organisation's home page."""
    open_ = Case.objects.filter(organization=org, is_open=True)
    counts = open_.aggregate(
        total=Count("id"), overdue=Count("id", filter=Q(queue_rank__lt=0)),
        soon=Count("id", filter=Q(queue_rank__gte=0, queue_rank__lte=5)),
        review=Count("id", filter=Q(status=workflow.Status.REVIEW)),
        approval=Count("id", filter=Q(status=workflow.Status.APPROVAL) | Q(extension_pending=True)),
        correction=Count("id", filter=Q(status=workflow.Status.CORRECTION)),
    )
    return {"org": org, "counts": counts}


# -- registering a paper request -----------------------------------------------------------


@org_view(roles=REGISTER_ROLES)
def register(request):
    org = request.org
    form = PaperRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.register(
                org, form.cleaned_request, channel=form.cleaned_data["channel"],
                actor=services.Actor.staff(request.user, org), evidence_date=form.cleaned_data["evidence_date"],
                evidence_note=form.cleaned_data["evidence_note"], attachments=form.attachments(),
                submission_key=request.POST.get("submission_key", ""),
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            case = result.case
            if result.tracking_code:
                messages.success(request, _("已登记：%(number)s，收到申请日期 %(received)s，答复期限 %(due)s。"
                                            "查询码 %(code)s（请告知申请人，受理回执中不显示）。") % {
                    "number": case.number, "received": f"{case.received:%Y-%m-%d}", "due": f"{case.due:%Y-%m-%d}",
                    "code": result.tracking_code})
            return redirect("requests:case", org_code=org.code, pk=case.pk)
    import secrets

    return render(request, "requests/register.html", {
        "org": org, "form": form, "submission_key": request.POST.get("submission_key") or secrets.token_urlsafe(16),
    })


# -- the case page ---------------------------------------------------------------------------


def _clock_view(case) -> dict:
    data = case.clock.data
    labels = {"due": _("答复期限"), "correction_notice_due": _("补正告知期限"), "correction_due": _("申请人补正期限"),
              "fee_payment_due": _("缴费期限"), "state": _("期限状态")}
    return {
        "data": data,
        "lines": [(labels.get(k, k), v) for k, v in data.get("explanations", {}).items()],
        "pauses": data.get("paused_periods", []),
    }


@org_view(roles=STAFF, allow_supervisor=True)
def case_detail(request, pk: int):
    case = _case(request, pk)
    staff = _is_staff(request)
    st = services.state(case)
    allowed = st.allowed(request.org_roles) if staff else []
    hints = duplicates.similar_earlier(case) if staff else []
    events = [{"event": ev, "text": timeline.describe(ev), "label": timeline.label(ev),
               "role": timeline.role_label(ev.actor_role), "status": timeline.status_label(ev.status_after)}
              for ev in reversed(st.events)]
    outcome = BY_KEY.get(case.outcome)
    return render(request, "requests/case.html", {
        "org": request.org, "case": case, "st": st, "staff": staff, "allowed": allowed, "hints": hints,
        "events": events, "clock": _clock_view(case), "outcome": outcome,
        "name": case.applicant_name if staff else _mask_name(case),
        "notices": case.notices.order_by("issued_on", "id") if staff else [],
        "attachments": case.attachments.order_by("uploaded_at", "id") if staff else [],
        "assignments": case.assignments.select_related("handler") if staff else [],
        "fee": getattr(case, "fee", None) if staff else None,
        "remedies": case.remedies.all(),
        "facts": st.facts,
        "overdue_by": -case.working_days_left if case.working_days_left is not None and case.working_days_left < 0 else 0,
    })


@org_view(roles=STAFF)
def action(request, pk: int, action: str):
    case = _case(request, pk)
    act = workflow.ACTIONS.get(action)
    if act is None or not act.console or action not in ACTION_FORMS:
        raise Http404(_("没有这项操作。"))
    st = services.state(case)
    refusal = act.refusal(st.facts, request.org_roles)
    if refusal:
        return render(request, "requests/refused.html", {"org": request.org, "case": case, "act": act,
                                                          "reason": refusal}, status=403)
    form_class = ACTION_FORMS[action]
    form = form_class(request.POST or None, request.FILES or None, case=case, state=st)
    if request.method == "POST" and form.is_valid():
        try:
            services.perform(case, action, services.Actor.staff(request.user, request.org),
                             legal_date=form.cleaned_data.get("legal_date"), note=form.cleaned_data.get("note", ""),
                             files=form.uploaded(), **form.params())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": act.label})
            url = reverse("requests:case", kwargs={"org_code": request.org.code, "pk": case.pk})
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    extra = {}
    if action == "fee_notice":
        extra = _fee_context(case)
    if action == "draft_reply":
        extra = {"outcomes": [{"key": o.key, "label": o.label, "basis": o.basis, "notice": o.notice,
                               "reasons_required": o.reasons_required, "group": o.group}
                              for o in services.DRAFT_OUTCOMES],
                 "last_draft": st.last_draft}
    context = {"org": request.org, "case": case, "act": act, "form": form, "st": st, "today": services.today(), **extra}
    template = "requests/_action_form.html" if request.headers.get("HX-Request") else "requests/action.html"
    return render(request, template, context)


@org_view(roles=STAFF)
def draft_preview(request, pk: int):
    """htmx: the standard text of the chosen outcome, filled in (what the reviewer and approver will read)."""
    case = _case(request, pk)
    key = request.GET.get("outcome", "")
    if key not in BY_KEY:
        return HttpResponse("")
    o = BY_KEY[key]
    text = services.draft_text(case, key, request.GET.get("reasons", ""), request.GET.get("how", ""),
                               request.GET.get("responsible_agency", ""))
    remedy = notices.decision_context(key, services.today(), case.organization.default_reconsideration_body())["remedy"]
    return render(request, "requests/_draft_preview.html", {"o": o, "text": text, "remedy": remedy})


def _fee_context(case) -> dict:
    from .models import FeeMethod

    per_item = services.fee_quote(case, FeeMethod.PER_ITEM)
    month = (Case.objects.filter(organization=case.organization, applicant_key=case.applicant_key,
                                 received__year=case.received.year, received__month=case.received.month)
             .order_by("month_ordinal").only("id", "number", "received", "month_ordinal", "status"))
    return {"per_item": per_item, "month_cases": month}


@org_view(roles=STAFF)
def fee(request, pk: int):
    case = _case(request, pk)
    pages = request.GET.get("pages", "")
    per_volume = None
    error = None
    if pages:
        try:
            per_volume = services.fee_quote(case, "per_volume", pages=int(pages))
        except (ValueError, DomainError):
            error = _("页数应为不小于0的整数。")
    st = services.state(case)
    return render(request, "requests/fee.html", {
        "org": request.org, "case": case, "fee": getattr(case, "fee", None), "pages": pages,
        "per_volume": per_volume, "error": error, "st": st,
        "can_issue": workflow.refusal("fee_notice", st.facts, request.org_roles) is None,
        "can_pay": workflow.refusal("fee_paid", st.facts, request.org_roles) is None,
        **_fee_context(case),
    })


@org_view(roles=STAFF)
def notice_detail(request, pk: int, notice_pk: int):
    case = _case(request, pk)
    notice = get_object_or_404(Notice, pk=notice_pk, case=case)
    st = services.state(case)
    can_deliver = (not notice.delivered_on and not notice.is_decision
                   and workflow.refusal("notice_delivered", st.facts, request.org_roles) is None)
    return render(request, "requests/notice.html", {
        "org": request.org, "case": case, "notice": notice, "can_deliver": can_deliver,
        "context_rows": [(notices.VARIABLES[k], "；".join(v) if isinstance(v, list) else v)
                         for k, v in notice.context.items() if v and k in notices.VARIABLES],
    })


@org_view(roles=STAFF)
def notice_file(request, pk: int, notice_pk: int, fmt: str):
    case = _case(request, pk)
    notice = get_object_or_404(Notice, pk=notice_pk, case=case)
    if fmt not in ("docx", "pdf"):
        raise Http404(_("没有这种格式。"))
    try:
        notices.ensure_files(notice)
    except DomainError as exc:
        messages.error(request, _("文书无法生成：%(reason)s") % {"reason": exc.message})
        return redirect("requests:notice", org_code=request.org.code, pk=case.pk, notice_pk=notice.pk)
    field = notice.docx if fmt == "docx" else notice.pdf
    return FileResponse(field.open("rb"), as_attachment=fmt == "docx", filename=notices.file_name(notice, fmt))


@org_view(roles=STAFF)
def attachment(request, pk: int, att_pk: int):
    case = _case(request, pk)
    att = get_object_or_404(case.attachments, pk=att_pk)
    response = FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name,
                            content_type=att.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view(roles=STAFF)
def case_remedies(request, pk: int):
    case = _case(request, pk)
    st = services.state(case)
    return render(request, "requests/case_remedies.html", {
        "org": request.org, "case": case, "remedies": case.remedies.all(),
        "can_add": workflow.refusal("remedy", st.facts, request.org_roles) is None,
    })


@org_view(roles=STAFF)
def dossier_pdf(request, pk: int):
    case = _case(request, pk)
    data = dossier.dossier_pdf(case)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(case.number + '-案卷.pdf')}"
    return response


@org_view(roles=STAFF)
def dossier_zip(request, pk: int):
    case = _case(request, pk)
    response = HttpResponse(dossier.dossier_zip(case), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(case.number + '-案卷.zip')}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# -- audit ---------------------------------------------------------------------------------


def _audit_rows(entries):
    return [{"entry": a, "before": json.dumps(a.before, ensure_ascii=False, indent=1) if a.before else "",
             "after": json.dumps(a.after, ensure_ascii=False, indent=1) if a.after else ""} for a in entries]


@org_view(roles=STAFF)
def case_audit(request, pk: int):
    case = _case(request, pk)
    entries = AuditEntry.objects.filter(case=case).order_by("-at", "-id")
    return render(request, "requests/audit.html", {"org": request.org, "case": case,
                                                   "rows": _audit_rows(entries)})


@org_view(roles=AUDIT_ROLES)
def audit(request):
    qs = AuditEntry.objects.filter(organization=request.org).select_related("case").order_by("-at", "-id")
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "requests/audit.html", {"org": request.org, "case": None, "page": page,
                                                   "rows": _audit_rows(page.object_list)})


# -- remedies (Table 4) ----------------------------------------------------------------------


@org_view(roles=STAFF)
def remedies(request):
    org = request.org
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    qs = Remedy.objects.filter(case__organization=org).select_related("case").order_by("-filed_on", "-id")
    if year:
        qs = qs.filter(filed_on__year=year)
    table = {k: {r: 0 for r in RemedyResult.values} for k in RemedyKind.values}
    for kind, result in qs.values_list("kind", "result"):
        table[kind][result] += 1
    summary = [(RemedyKind(k).label, [table[k][r] for r in RemedyResult.values], sum(table[k].values()))
               for k in RemedyKind.values]
    years = sorted({d.year for d in Remedy.objects.filter(case__organization=org).values_list("filed_on", flat=True)},
                   reverse=True)
    return render(request, "requests/remedies.html", {
        "org": org, "remedies": qs[:500], "summary": summary, "results": RemedyResult.choices, "year": year,
        "years": years,
    })


# -- notice templates ---------------------------------------------------------------------------


@org_view(roles=TEMPLATE_ROLES)
def templates(request):
    org = request.org
    can_upload = Role.ADMIN in request.org_roles
    kinds = [(k, f"{k} {info.title}") for k, info in notices.KINDS.items()]
    form = TemplateUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST":
        if not can_upload:
            raise Http404(_("没有权限。"))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            try:
                data = upload.read(notices.MAX_TEMPLATE_BYTES + 1)
                notices.validate_template(kind, data)
            except DomainError as exc:
                _apply_error(form, exc)
            else:
                services.save_template(org, kind, upload.name, data, services.Actor.staff(request.user, org))
                messages.success(request, _("已启用 %(kind)s 的本机关模板：%(name)s") % {"kind": kind, "name": upload.name})
                return redirect("requests:templates", org_code=org.code)
    active = {t.kind: t for t in NoticeTemplate.objects.filter(organization=org, active=True)
              .order_by("kind", "-uploaded_at")}
    rows = [{"kind": k, "info": info, "active": active.get(k)} for k, info in notices.KINDS.items()]
    return render(request, "requests/templates.html", {
        "org": org, "rows": rows, "form": form, "can_upload": can_upload,
        "variables": notices.VARIABLES.items(),
    })


@org_view(roles=TEMPLATE_ROLES)
def template_default(request, kind: str):
    if kind not in notices.KINDS:
        raise Http404(_("没有这种文书。"))
    path = notices.DEFAULT_DIR / f"{kind}.docx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{kind}-{notices.KINDS[kind].title}.docx")


@org_view(roles=TEMPLATE_ROLES)
def template_file(request, tpl_pk: int):
    tpl = get_object_or_404(NoticeTemplate, pk=tpl_pk, organization=request.org)
    return FileResponse(tpl.file.open("rb"), as_attachment=True, filename=tpl.original_name)


@org_view(roles={Role.ADMIN})
@require_POST
def template_disable(request, tpl_pk: int):
    tpl = get_object_or_404(NoticeTemplate, pk=tpl_pk, organization=request.org)
    services.disable_template(tpl, services.Actor.staff(request.user, request.org))
    messages.success(request, _("已停用本机关模板，%(kind)s 恢复使用系统默认模板。") % {"kind": tpl.kind})
    return redirect("requests:templates", org_code=request.org.code)


@org_view(roles=TEMPLATE_ROLES)
def template_preview(request, kind: str):
    """The sample letter of a kind, rendered with the agency's active template (PDF)."""
    if kind not in notices.KINDS:
        raise Http404(_("没有这种文书。"))
    from . import documents

    ctx = notices.sample_context(kind)
    ctx["agency"] = request.org.name
    data = notices.render_docx(notices.template_bytes(kind, notices.template_for(request.org, kind)), ctx)
    pdf = documents.docx_to_pdf(data, f"{notices.KINDS[kind].title}（样例）", request.org.name)
    return HttpResponse(pdf, content_type="application/pdf")


def today() -> dt.date:
    return timezone.localdate()
