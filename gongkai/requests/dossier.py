"""一案一档: the case dossier for archiving (条例第四十五条 登记、审核、办理、答复、归档).

``dossier_pdf(case)``: one PDF — cover sheet (the case's facts and its clock), the
request, the list of materials (with SHA-256, so the archived files can be verified),
the released material, every notice (the same text as its Word file), fees, remedies
and the full timeline.  ``dossier_zip(case)``: that PDF plus every notice in Word and
PDF, every attachment under its original name, and ``timeline.json``.
"""

from __future__ import annotations

import html
import io
import json
import zipfile

from django.utils import timezone

from gongkai.i18n import in_language_of_record
from gongkai.law.outcomes import BY_KEY

from . import documents, notices, services, timeline
from .models import AttachmentKind, Case

e = html.escape


def _rows(pairs) -> str:
    return "".join(f"<tr><th style='width:28%'>{e(k)}</th><td>{e(str(v or '—'))}</td></tr>" for k, v in pairs)


@in_language_of_record  # the official file of the case: always Chinese
def dossier_html(case: Case) -> str:
    st = services.state(case)
    clock = case.clock.data
    org = case.organization
    outcome = BY_KEY[case.outcome].label if case.outcome else "（尚未办结）"
    parts = [
        f"<h1>政府信息公开申请案卷</h1><p class='c'>{e(org.name)}　{e(case.number)}</p>",
        "<h2>一、基本情况</h2><table class='small'>",
        _rows([
            ("申请编号", case.number), ("收到申请日期", case.received), ("申请渠道", case.get_channel_display()),
            ("凭证", f"{case.evidence_date} {case.evidence_note}"), ("收到补正日期", case.corrected_received),
            ("办理状态", case.status_label), ("办理结果", outcome), ("办结日期", case.concluded),
            ("答复期限", clock.get("due")), ("期限状态", clock.get("state_label")),
            ("期限说明", clock.get("explanation")), ("承办部门", case.department),
        ]),
        "</table><h2>二、申请人</h2><table class='small'>",
        _rows([
            ("申请人类型", case.get_applicant_type_display()), ("姓名或名称", case.applicant_name),
            ("证件", f"{case.get_id_type_display()} {case.id_number}"), ("联系人", case.contact_person),
            ("联系电话", case.phone), ("电子邮箱", case.email), ("通信地址", f"{case.address} {case.postcode}"),
        ]),
        "</table><h2>三、申请内容</h2><table class='small'>",
        _rows([
            ("所需信息", case.description), ("文号", case.document_number), ("文件名称", case.document_title),
            ("用途", case.purpose), ("提供形式", case.get_form_display()), ("获取方式", case.get_delivery_display()),
        ]),
        "</table><h2>四、材料清单</h2>",
    ]
    atts = list(case.attachments.order_by("uploaded_at", "id"))
    if atts:
        parts.append("<table class='small'><tr><th style='width:22%'>类别</th><th>文件（SHA-256）</th>"
                     "<th style='width:12%'>字节</th><th style='width:24%'>上传</th></tr>")
        for a in atts:
            who = "申请人" if a.by_applicant else (a.uploaded_by.get_full_name() if a.uploaded_by else "")
            parts.append(f"<tr><td>{e(a.get_kind_display())}</td><td>{e(a.original_name)}"
                         f"<br><span style='font-size:6.5pt'>{a.sha256}</span></td><td>{a.size}</td>"
                         f"<td>{timezone.localtime(a.uploaded_at):%Y-%m-%d %H:%M} {e(who)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>无。</p>")
    released = [a for a in atts if a.kind == AttachmentKind.RELEASED]
    parts.append("<h2>五、公开的政府信息</h2>" + (
        "<ol>" + "".join(f"<li>{e(a.original_name)}（{a.size} 字节）</li>" for a in released) + "</ol>"
        if released else "<p>无。</p>"))
    fee = getattr(case, "fee", None)
    remedies = list(case.remedies.all())
    if fee or remedies:
        parts.append("<h2>六、收费和救济</h2><table class='small'>")
        if fee:
            parts.append(_rows([("信息处理费", f"{fee.get_method_display()} {fee.amount} 元，通知 {fee.issued_on}，"
                                               f"缴费 {fee.paid_on or '未缴'}")]))
        for r in remedies:
            parts.append(_rows([(r.get_kind_display(), f"{r.body} {r.reference} {r.filed_on} 结果：{r.get_result_display()}"
                                                        f"{(' ' + str(r.decided_on)) if r.decided_on else ''}")]))
        parts.append("</table>")
    parts.append("<h2>七、办理过程</h2><table class='small'><tr><th>#</th><th>日期</th><th>事项</th><th>办理人</th><th>记录时间</th></tr>")
    for ev in st.events:
        parts.append(
            f"<tr><td>{ev.seq}</td><td>{ev.legal_date}</td><td>{e(timeline.describe(ev))}"
            f"{('<br>备注：' + e(ev.note)) if ev.note else ''}</td>"
            f"<td>{e(ev.actor_name)}（{e(timeline.role_label(ev.actor_role))}）</td>"
            f"<td>{timezone.localtime(ev.recorded_at):%Y-%m-%d %H:%M}</td></tr>")
    parts.append("</table>")
    body = [f'<div class="doc">{"".join(parts)}</div>']
    for n in case.notices.order_by("issued_on", "id"):
        notices.ensure_files(n)
        with n.docx.open("rb") as f:
            body.append(f'<div class="doc">{documents.docx_body_html(f.read())}</div>')
    return documents.page(f"{case.number} 案卷", "".join(body))


def dossier_pdf(case: Case) -> bytes:
    return documents.html_to_pdf(dossier_html(case), f"{case.number} 政府信息公开申请案卷", case.organization.name)


def _safe(name: str) -> str:
    return "".join(ch if ch not in '/\\:*?"<>|' else "_" for ch in name)[:120]


@in_language_of_record  # the official file of the case: always Chinese
def dossier_zip(case: Case) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{_safe(case.number)}-案卷.pdf", dossier_pdf(case))
        for n in case.notices.order_by("issued_on", "id"):
            notices.ensure_files(n)
            for field, ext in ((n.docx, "docx"), (n.pdf, "pdf")):
                with field.open("rb") as f:
                    z.writestr(f"文书/{_safe(n.number)}-{_safe(n.title)}.{ext}", f.read())
        for i, a in enumerate(case.attachments.order_by("uploaded_at", "id"), start=1):
            with a.file.open("rb") as f:
                z.writestr(f"材料/{i:02d}-{_safe(a.get_kind_display())}-{_safe(a.original_name)}", f.read())
        events = [
            {"seq": ev.seq, "kind": ev.kind, "legal_date": ev.legal_date.isoformat(),
             "recorded_at": ev.recorded_at.isoformat(), "actor": ev.actor_name, "role": ev.actor_role,
             "status_before": ev.status_before, "status_after": ev.status_after, "clock_type": ev.clock_type,
             "description": timeline.describe(ev), "note": ev.note, "data": ev.data}
            for ev in case.events.order_by("seq")
        ]
        z.writestr("timeline.json", json.dumps({"number": case.number, "events": events, "clock": case.clock.data},
                                               ensure_ascii=False, indent=1))
    return buf.getvalue()
