"""Events in words: one line per event for the case page, the dossier and the audit view.

The lines follow the active language (the dossier renders them under Chinese); the labels that
come from ``gongkai.law`` are marked there with ``gettext_noop`` and translated here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _, gettext_lazy

from gongkai.law.clock import PARTY_LABELS, Party
from gongkai.law.outcomes import BY_KEY

from .models import AttachmentKind, Channel, DeliveryMethod, FeeMethod, RemedyKind, RemedyResult
from .workflow import ACTIONS, ROLE_LABELS, STATUS_LABELS, Status

KIND_LABELS = {key: a.label for key, a in ACTIONS.items()}
KIND_LABELS.update({"register": gettext_lazy("登记申请"), "import": gettext_lazy("导入历史申请"),
                    "import_concluded": gettext_lazy("导入办理结果"), "end": gettext_lazy("终止处理")})
OPINIONS = {"agree": gettext_lazy("同意公开"), "object": gettext_lazy("不同意公开"), "none": gettext_lazy("未表示意见")}


def _label(choices, value, default=""):
    try:
        return choices(value).label
    except ValueError:
        return default or str(value or "")


def _outcome(key) -> str:
    o = BY_KEY.get(key)
    return _(o.label) if o else str(key or "")


def _then(template: str, value) -> str:
    """An optional tail such as "：reason" (empty when ``value`` is empty)."""
    return template % {"v": value} if value else ""


def describe(event) -> str:
    """What happened, in one line (no personal data beyond what the case already shows)."""
    d = event.data or {}
    k = event.kind
    if k == "register":
        text = _("收到申请（%(channel)s，凭证日期 %(date)s）") % {
            "channel": _label(Channel, d.get("channel")), "date": d.get("evidence_date", "")}
        return text + _then(_("；%(v)s"), d.get("evidence_note"))
    if k == "request_correction":
        limit = _("，补正期限 %(v)s") % {"v": d["deadline"]} if d.get("deadline") else (
            _("，补正期限 %(v)s 个工作日") % {"v": d["working_days"]} if d.get("working_days") else "")
        return _("告知补正：%(items)s") % {"items": _("；").join(d.get("items", []))} + limit
    if k == "record_correction":
        return _("收到补正后的申请") + _then(_("：%(v)s"), d.get("text"))
    if k == "assign":
        return (_("交%(department)s承办，%(due)s前答复") % {"department": d.get("department"), "due": d.get("due")}
                + _then(_("；%(v)s"), d.get("instructions")))
    if k == "department_reply":
        return _("%(department)s答复：%(answer)s") % {"department": d.get("department"), "answer": d.get("answer")}
    if k == "consult":
        party = PARTY_LABELS.get(Party(d.get("party") or "third_party"), "征求意见")
        return _("%(party)s：%(addressee)s（%(subject)s）") % {
            "party": _(party), "addressee": d.get("addressee"), "subject": d.get("subject")}
    if k == "consultation_answer":
        return (_("收到征求意见答复：%(opinion)s") % {"opinion": OPINIONS.get(d.get("opinion"), "")}
                + _then(_("，%(v)s"), d.get("answer")))
    if k == "request_extension":
        return _("申请延期 %(days)s 个工作日：%(reason)s") % {"days": d.get("days"), "reason": d.get("reason")}
    if k == "approve_extension":
        return _("批准延期 %(days)s 个工作日") % {"days": d.get("days")}
    if k == "reject_extension":
        return _("不批准延期") + _then(_("：%(v)s"), d.get("reason"))
    if k == "fee_notice":
        return _("发出收费通知：%(method)s %(amount)s 元（系统计算 %(proposed)s 元）") % {
            "method": _label(FeeMethod, d.get("method")), "amount": d.get("amount"), "proposed": d.get("proposed")}
    if k == "fee_paid":
        return _("登记缴费") + _then(_("，票据号 %(v)s"), d.get("receipt_number"))
    if k == "draft_reply":
        return _("拟答复：%(outcome)s") % {"outcome": _outcome(d.get("outcome"))} + _then(_("；理由：%(v)s"), d.get("reasons"))
    if k in ("review_pass", "review_return", "approval_return", "approve"):
        base = str(KIND_LABELS[k])
        if k == "approve":
            base = _("审签：%(outcome)s") % {"outcome": _outcome(d.get("outcome")) if d.get("outcome") else ""}
        return base + _then(_("：%(v)s"), d.get("comment"))
    if k == "deliver":
        return _("送达答复（%(method)s）") % {"method": _label(DeliveryMethod, d.get("method"))} + _then(_("，%(v)s"), d.get("proof"))
    if k == "withdraw":
        return _("申请人撤回申请") + _then(_("：%(v)s"), d.get("reason"))
    if k == "end":
        return _("终止处理：%(outcome)s") % {"outcome": _outcome(d.get("outcome")) if d.get("outcome") else ""}
    if k == "issue_notice":
        return _("制作文书 %(kind)s") % {"kind": d.get("kind")}
    if k == "notice_delivered":
        return _("文书送达（%(method)s）") % {"method": _label(DeliveryMethod, d.get("method"))}
    if k == "attach":
        return _("上传%(kind)s：%(files)s") % {"kind": _label(AttachmentKind, d.get("kind")), "files": _("、").join(d.get("files", []))}
    if k == "note":
        return _("备注：%(v)s") % {"v": d.get("text")}
    if k == "remedy":
        body = f"{d.get('body')}{(' ' + d['reference']) if d.get('reference') else ''}"
        return _("%(kind)s（%(body)s）：%(result)s") % {
            "kind": _label(RemedyKind, d.get("kind")), "body": body, "result": _label(RemedyResult, d.get("result"))}
    if k == "import":
        return _("导入历史申请（文件第 %(line)s 行）") % {"line": d.get("line")}
    if k == "import_concluded":
        return _("导入办理结果：%(outcome)s") % {"outcome": _outcome(d.get("outcome"))}
    return str(KIND_LABELS.get(k, k))


def label(event) -> str:
    return str(KIND_LABELS.get(event.kind, event.kind))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def status_label(value: str) -> str:
    try:
        return str(STATUS_LABELS[Status(value)])
    except ValueError:
        return value or ""
