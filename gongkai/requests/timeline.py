"""Events in words: one Chinese line per event for the case page, the dossier and the audit view."""

from __future__ import annotations

from gongkai.law.clock import PARTY_LABELS, Party
from gongkai.law.outcomes import BY_KEY

from .models import AttachmentKind, Channel, DeliveryMethod, FeeMethod, RemedyKind, RemedyResult
from .workflow import ACTIONS, ROLE_LABELS, STATUS_LABELS, Status

KIND_LABELS = {key: a.label for key, a in ACTIONS.items()}
KIND_LABELS.update({"register": "登记申请", "import": "导入历史申请", "import_concluded": "导入办理结果", "end": "终止处理"})
OPINIONS = {"agree": "同意公开", "object": "不同意公开", "none": "未表示意见"}


def _label(choices, value, default=""):
    try:
        return choices(value).label
    except ValueError:
        return default or str(value or "")


def describe(event) -> str:
    """What happened, in one line (no personal data beyond what the case already shows)."""
    d = event.data or {}
    k = event.kind
    if k == "register":
        text = f"收到申请（{_label(Channel, d.get('channel'))}，凭证日期 {d.get('evidence_date', '')}）"
        return text + (f"；{d['evidence_note']}" if d.get("evidence_note") else "")
    if k == "request_correction":
        limit = f"，补正期限 {d['deadline']}" if d.get("deadline") else (
            f"，补正期限 {d['working_days']} 个工作日" if d.get("working_days") else "")
        return f"告知补正：{'；'.join(d.get('items', []))}{limit}"
    if k == "record_correction":
        return "收到补正后的申请" + (f"：{d['text']}" if d.get("text") else "")
    if k == "assign":
        return f"交{d.get('department')}承办，{d.get('due')}前答复" + (f"；{d['instructions']}" if d.get("instructions") else "")
    if k == "department_reply":
        return f"{d.get('department')}答复：{d.get('answer')}"
    if k == "consult":
        party = PARTY_LABELS.get(Party(d.get("party") or "third_party"), "征求意见")
        return f"{party}：{d.get('addressee')}（{d.get('subject')}）"
    if k == "consultation_answer":
        return f"收到征求意见答复：{OPINIONS.get(d.get('opinion'), '')}" + (f"，{d['answer']}" if d.get("answer") else "")
    if k == "request_extension":
        return f"申请延期 {d.get('days')} 个工作日：{d.get('reason')}"
    if k == "approve_extension":
        return f"批准延期 {d.get('days')} 个工作日"
    if k == "reject_extension":
        return "不批准延期" + (f"：{d['reason']}" if d.get("reason") else "")
    if k == "fee_notice":
        return (f"发出收费通知：{_label(FeeMethod, d.get('method'))} {d.get('amount')} 元"
                f"（系统计算 {d.get('proposed')} 元）")
    if k == "fee_paid":
        return "登记缴费" + (f"，票据号 {d['receipt_number']}" if d.get("receipt_number") else "")
    if k == "draft_reply":
        o = BY_KEY.get(d.get("outcome"))
        return f"拟答复：{o.label if o else d.get('outcome')}" + (f"；理由：{d['reasons']}" if d.get("reasons") else "")
    if k in ("review_pass", "review_return", "approval_return", "approve"):
        base = KIND_LABELS[k]
        if k == "approve":
            o = BY_KEY.get(d.get("outcome"))
            base = f"审签：{o.label if o else ''}"
        return base + (f"：{d['comment']}" if d.get("comment") else "")
    if k == "deliver":
        return f"送达答复（{_label(DeliveryMethod, d.get('method'))}）" + (f"，{d['proof']}" if d.get("proof") else "")
    if k == "withdraw":
        return "申请人撤回申请" + (f"：{d['reason']}" if d.get("reason") else "")
    if k == "end":
        o = BY_KEY.get(d.get("outcome"))
        return f"终止处理：{o.label if o else ''}"
    if k == "issue_notice":
        return f"制作文书 {d.get('kind')}"
    if k == "notice_delivered":
        return f"文书送达（{_label(DeliveryMethod, d.get('method'))}）"
    if k == "attach":
        return f"上传{_label(AttachmentKind, d.get('kind'))}：{'、'.join(d.get('files', []))}"
    if k == "note":
        return f"备注：{d.get('text')}"
    if k == "remedy":
        return (f"{_label(RemedyKind, d.get('kind'))}（{d.get('body')}{(' ' + d['reference']) if d.get('reference') else ''}）："
                f"{_label(RemedyResult, d.get('result'))}")
    if k == "import":
        return f"导入历史申请（文件第 {d.get('line')} 行）"
    if k == "import_concluded":
        o = BY_KEY.get(d.get("outcome"))
        return f"导入办理结果：{o.label if o else d.get('outcome')}"
    return KIND_LABELS.get(k, k)


def label(event) -> str:
    return KIND_LABELS.get(event.kind, event.kind)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def status_label(value: str) -> str:
    try:
        return STATUS_LABELS[Status(value)]
    except ValueError:
        return value or ""
