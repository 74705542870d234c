"""The public side of 依申请公开: submit a request, get a receipt, follow it, correct it, withdraw it.

Views stay thin: they parse forms and call ``services`` (``submit_online``,
``find_by_tracking``, ``applicant_view``, ``applicant_correct``, ``applicant_withdraw`` …).

Who may see a case here: the session that submitted it or that entered its number and
tracking code (``SESSION_CASES``), or the applicant account that submitted it.  Anyone
else gets a 404, never a hint that the case exists.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.law.errors import DomainError
from gongkai.orgs.models import Organization
from gongkai.portal import throttle

from . import notices, services
from .models import Case, Channel
from .portal_forms import (
    ORGANISATION, CorrectionForm, PortalRequestForm, SignupForm, TrackForm, WithdrawForm,
)
from .validation import InvalidRequest
from .workflow import APPLICANT_STATUS, Status
from django.utils.translation import gettext as _

SESSION_CASES = "gk_portal_cases"  # case ids this browser session may see
SESSION_RECEIPT = "gk_portal_receipt"  # {"case": id, "code": …}: the tracking code, until the receipt page shows it
MAX_SESSION_CASES = 20
#: Failed tracking attempts allowed per client address and window (against guessing codes).
TRACK_RULE = throttle.Rule("track", limit=10, window=15 * 60)

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
_CODE_ALPHABET = services._CODE_ALPHABET


# -- the form token: idempotency key and tracking code ------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def submission_key(token: str) -> str:
    """What the database keeps of the form token: its SHA-256 (the token itself stays in the browser)."""
    return hashlib.sha256(f"gongkai-submission:{token}".encode()).hexdigest()


def tracking_code_for(org: Organization, token: str) -> str:
    """The tracking code of the request submitted with ``token``: HMAC(secret key, agency, token), 60 bits.

    Deriving it (instead of drawing it at random) lets a repeated submission of the same
    form — a double click whose first answer the browser dropped — show the applicant the
    same code again; only the browser that holds the token can do that.  The database keeps
    only a salted hash of the code and a hash of the token.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), f"gongkai-tracking:{org.code}:{token}".encode(),
                      hashlib.sha256).digest()
    bits = int.from_bytes(digest[:8], "big")
    raw = "".join(_CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# -- who may see a case ------------------------------------------------------------------


def _grant(request, case: Case) -> None:
    ids = [i for i in request.session.get(SESSION_CASES, []) if i != case.pk]
    request.session[SESSION_CASES] = [case.pk, *ids][:MAX_SESSION_CASES]


def applicant_case(request, pk: int) -> Case:
    """The case ``pk`` if this visitor may see it as its applicant, else 404."""
    case = Case.objects.select_related("organization").filter(pk=pk).first()
    if case is not None:
        if pk in request.session.get(SESSION_CASES, []):
            return case
        if request.user.is_authenticated and case.user_id == request.user.pk:
            return case
    raise Http404(_("没有找到该申请。"))


def _agencies():
    return Organization.objects.filter(is_active=True).exclude(kind=Organization.Kind.REGION).order_by("code")


# -- submitting ----------------------------------------------------------------------------


@require_GET
def agencies(request):
    q = (request.GET.get("q") or "").strip()[:50]
    orgs = _agencies()
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return render(request, "requests/portal/agencies.html", {"agencies": orgs, "q": q})


def _form_context(request, org, form, *, limit_id_types=False):
    form.fields["applicant_kind"].widget.attrs.update({
        "hx-get": reverse("public:applicant_fields", args=[org.code]), "hx-target": "#applicant-fields",
        "hx-include": "#applicant-fields", "hx-swap": "outerHTML",
    })
    return {
        "org": org, "form": form, "errors": form.error_summary() if form.is_bound else [],
        "id_type_groups": form.id_type_groups(limit_id_types), "is_organisation": form.kind == ORGANISATION,
        "files_lost": form.is_bound and form.had_files(),
    }


@require_http_methods(["GET", "POST"])
def apply(request, org_code):
    org = get_object_or_404(_agencies(), code=org_code)
    if request.method == "GET":
        form = PortalRequestForm(initial={"token": new_token()})
        return render(request, "requests/portal/apply.html", _form_context(request, org, form))
    data = request.POST.copy()
    if not _TOKEN_RE.match(data.get("token") or ""):
        data["token"] = new_token()  # a form without a valid token: no idempotency, but no harm
    form = PortalRequestForm(data, request.FILES)
    if form.is_valid():
        token = form.cleaned_data["token"] or data["token"]
        code = tracking_code_for(org, token)
        user = request.user if request.user.is_authenticated else None
        try:
            result = services.submit_online(org, form.request_data, attachments=form.attachments(),
                                            submission_key=submission_key(token), user=user, tracking_code=code)
        except InvalidRequest as exc:
            for name, msgs in exc.errors.items():
                form.add_error(name if name in form.fields else None, msgs[0])
        except DomainError as exc:
            field = {"attachments": "id_copy", "applicant_type": "organisation_type"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            case = result.case
            if result.repeated and not services.check_tracking_code(case.tracking_hash, code):
                raise Http404  # not this form's case (cannot happen unless the token was reused elsewhere)
            _grant(request, case)
            request.session[SESSION_RECEIPT] = {"case": case.pk, "code": code}
            return redirect("public:receipt", pk=case.pk)
    return render(request, "requests/portal/apply.html", _form_context(request, org, form), status=200)


@require_GET
def applicant_fields(request, org_code):
    """htmx: the applicant fieldset for the chosen type (organisation fields, ID types, labels)."""
    org = get_object_or_404(_agencies(), code=org_code)
    values = {k: request.GET.get(k, "") for k in ("applicant_kind", "organisation_type", "applicant_name", "id_type",
                                                   "id_number", "contact_person")}
    form = PortalRequestForm(initial=values)
    if values["applicant_kind"] == ORGANISATION and values["id_type"] not in ("uscc", "other"):
        form.initial["id_type"] = "uscc"
    elif values["applicant_kind"] != ORGANISATION and values["id_type"] in ("uscc", ""):
        form.initial["id_type"] = "resident_id"
    return render(request, "requests/portal/_applicant_fields.html",
                  _form_context(request, org, form, limit_id_types=True))


@require_GET
def receipt(request, pk):
    case = applicant_case(request, pk)
    flash = request.session.get(SESSION_RECEIPT)
    code = None
    if flash and flash.get("case") == case.pk:
        code = flash["code"]
        del request.session[SESSION_RECEIPT]  # shown once
    clock = getattr(case, "clock", None)
    return render(request, "requests/portal/receipt.html", {
        "case": case, "org": case.organization, "code": code, "channel": Channel(case.channel).label,
        "provisional_reasons": (clock.data.get("provisional_reasons") if clock else None) or [],
        "receipt_notice": case.notices.filter(kind="P1").first(),
    })


# -- following a request -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = throttle.client_key(request)
        if throttle.blocked(TRACK_RULE, key):
            minutes = -(-throttle.retry_after(TRACK_RULE) // 60)
            form = TrackForm(request.POST)
            form.is_valid()
            form.add_error(None, _("查询失败次数过多，请%(minutes)s分钟后再试。忘记查询码的，可以登录提交申请时使用的账号查看，"
                                   "或者联系受理机关。") % {"minutes": minutes})
            status = 429
        elif form.is_valid():
            case = services.find_by_tracking(form.cleaned_data["number"], form.cleaned_data["code"])
            if case is not None:
                _grant(request, case)
                return redirect("public:case", pk=case.pk)
            throttle.fail(TRACK_RULE, key)
            form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入（查询码不区分大小写，可以不输入连字符）。"))
    errors = form.error_summary() if form.is_bound else []
    response = render(request, "requests/portal/track.html", {"form": form, "errors": errors}, status=status)
    if status == 429:
        response["Retry-After"] = str(throttle.retry_after(TRACK_RULE))
    return response


@require_GET
def case_page(request, pk):
    case = applicant_case(request, pk)
    view = services.applicant_view(case)
    clock = getattr(case, "clock", None)
    return render(request, "requests/portal/case.html", {
        "case": case, "org": case.organization, "v": view,
        "provisional_reasons": (clock.data.get("provisional_reasons") if clock else None) or [],
        "own_files": case.attachments.filter(by_applicant=True).order_by("uploaded_at", "id"),
        "fee_notice": view.fee.notice if view.fee else None,
        "payment_method": (view.fee.notice.context.get("payment_method") if view.fee and view.fee.notice else ""),
        "via_account": request.user.is_authenticated and case.user_id == request.user.pk,
    })


@require_GET
def notice_file(request, pk, notice_id, ext):
    case = applicant_case(request, pk)
    if ext not in ("pdf", "docx"):
        raise Http404(_("没有找到该文书。"))
    try:
        notice = services.applicant_notice(case, notice_id)
    except DomainError:
        raise Http404(_("没有找到该文书。")) from None
    f = notice.pdf if ext == "pdf" else notice.docx
    return FileResponse(f.open("rb"), as_attachment=True, filename=notices.file_name(notice, ext))


@require_GET
def attachment_file(request, pk, attachment_id):
    case = applicant_case(request, pk)
    try:
        att = services.applicant_attachment(case, attachment_id)
    except DomainError:
        raise Http404(_("没有找到该文件。")) from None
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name,
                        content_type=att.content_type)


@require_http_methods(["GET", "POST"])
def correct(request, pk):
    case = applicant_case(request, pk)
    view = services.applicant_view(case)
    if not view.can_correct:
        messages.info(request, _("这件申请现在不需要补正。"))
        return redirect("public:case", pk=case.pk)
    form = CorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.applicant_correct(case, form.cleaned_data["text"], attachments=form.cleaned_data["files"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else ("files" if exc.field == "attachments" else None),
                           exc.message)
        else:
            messages.success(request, _("补正内容已提交。答复期限自今天起重新计算，请留意办理进度。"))
            return redirect("public:case", pk=case.pk)
    return render(request, "requests/portal/correct.html", {
        "case": case, "v": view, "form": form, "errors": form.error_summary() if form.is_bound else [],
        "files_lost": form.is_bound and bool(request.FILES.getlist("files")),
    })


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    case = applicant_case(request, pk)
    view = services.applicant_view(case)
    if not view.can_withdraw:
        messages.info(request, _("这件申请已经办结或正在送达答复，不能再撤回。"))
        return redirect("public:case", pk=case.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.applicant_withdraw(case, form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("您已撤回这件申请，本机关已出具撤回确认。"))
            return redirect("public:case", pk=case.pk)
    return render(request, "requests/portal/withdraw.html", {
        "case": case, "v": view, "form": form, "errors": form.error_summary() if form.is_bound else [],
    })


@require_POST
def forget(request, pk):
    """Stop showing a case in this browser session (on a shared computer)."""
    request.session[SESSION_CASES] = [i for i in request.session.get(SESSION_CASES, []) if i != pk]
    messages.info(request, _("已退出该申请的查看。再次查看需要输入申请编号和查询码。"))
    return redirect("public:track")


# -- the optional account ------------------------------------------------------------------


@login_required  # to the shared login page, coming back here (?next=/my/)
@require_GET
def my_requests(request):
    rows = [(c, APPLICANT_STATUS[Status(c.status)]) for c in services.cases_of_user(request.user)]
    return render(request, "requests/portal/my_requests.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("public:my")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("账号已创建。今后登录后提交的申请，都会列在“我的申请”中。"))
        return redirect("public:my")
    return render(request, "requests/portal/signup.html", {
        "form": form, "errors": form.error_summary() if form.is_bound else []})
