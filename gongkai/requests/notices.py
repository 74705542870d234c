"""Notice letters: every procedural step (P1…P9) and every outcome (D1…D7.3), in Word and PDF.

- ``issue(...)`` creates a ``Notice`` (own number such as 柳公信告〔2026〕12号) with a
  snapshot of everything the letter says (``Notice.context``) and the template it uses
  (the agency's own, if uploaded, else the shipped default ``notice_templates/default``).
- ``ensure_files(notice)`` renders the Word file with docxtpl (sandboxed Jinja, every
  value XML-escaped) and the PDF from that Word file (``documents``); files are made on
  first use and then kept, so a letter never changes after it was issued.
- ``validate_template(kind, data)`` is what the console runs on an uploaded template:
  it must render with the documented variables and show the request number and the legal
  basis.

The remedy statement comes from ``gongkai.law.outcomes`` (复议 60 日 / 诉讼 6 个月; for
不予公开 from 2024-01-01 reconsideration first) with the agency's reconsideration body
(``Organization.default_reconsideration_body()``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.functional import Promise
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from gongkai.i18n import in_language_of_record
from gongkai.law.errors import DomainError
from gongkai.law.outcomes import BY_KEY, PROCEDURAL_BY_KEY, REMEDY_ORDINARY, TIAOLI, outcome as get_outcome, remedy_statement

from . import documents, numbering
from .models import Channel, Notice, NoticeTemplate
from .notice_templates.build import PROCEDURAL

DEFAULT_DIR = Path(__file__).with_name("notice_templates") / "default"
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024

#: Basis of notices whose outcome has no article of its own (withdrawal; “其他” without a basis given).
RECORD_BASIS = f"{TIAOLI}第四十五条"


@dataclass(frozen=True)
class KindInfo:
    key: str
    title: str
    basis: str
    addressee: str  # applicant | third_party | agency
    decision: bool


def _kinds() -> dict[str, KindInfo]:
    out = {}
    for key, (title, addressee, _) in PROCEDURAL.items():
        basis = PROCEDURAL_BY_KEY[key].basis
        if key == "P1":
            basis = f"{TIAOLI}第三十一条、第三十三条"
        to = "applicant" if addressee.startswith("{{ applicant") else ("third_party" if key in ("P5", "P7") else "agency")
        out[key] = KindInfo(key, title, basis, to, False)
    for o in BY_KEY.values():
        if o.notice not in out:
            out[o.notice] = KindInfo(o.notice, o.notice_title, o.basis, "applicant", True)
    return out


KINDS: dict[str, KindInfo] = _kinds()

VARIABLES = {
    "agency": "本机关名称", "agency_contact": "本机关联系地址、电话（机构资料）", "number": "文书编号",
    "title": "文书名称", "request_number": "申请编号", "applicant": "申请人姓名或名称",
    "applicant_address": "申请人通信地址", "received": "收到申请日期", "corrected_received": "收到补正后申请的日期",
    "channel": "申请渠道", "request": "申请内容", "basis": "法律依据（条款）", "reasons": "理由",
    "how": "获取方式、地点和时间", "responsible_agency": "负责公开的机关及联系方式", "remedy": "救济途径",
    "reconsideration_body": "行政复议机关", "issued": "文书日期", "due": "答复期限", "outcome": "办理结果代码",
    "outcome_label": "办理结果", "items": "补正事项（列表）", "correction_deadline": "补正期限",
    "extension_days": "延长的工作日数", "extension_reason": "延期理由", "fee_method": "计收方式",
    "fee_standard": "收费标准", "fee_lines": "收费计算明细（列表）", "fee_amount": "收费金额（元）",
    "fee_payment_due": "缴费期限", "payment_method": "缴纳方式", "addressee": "受送达人（第三方或机关）",
    "subject": "征求意见或决定公开的信息", "party": "征求对象类别", "consultation_reason": "征求意见的原因",
    "consulted_on": "发出征求意见日期", "deadline_text": "期限", "text": "补充说明", "tracking_hint": "查询提示",
}
LIST_VARIABLES = {"items", "fee_lines"}


def cn_date(d: date | str | None) -> str:
    if not d:
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def _flat(text: str) -> str:
    """Free text as one line (docx runs do not carry line breaks); paragraphs joined with a space."""
    return " ".join(part.strip() for part in str(text or "").splitlines() if part.strip())


def due_text(clock) -> str:
    """The reply due date as a letter states it; a provisional date says why (calendar year not loaded)."""
    if clock is None or clock.due is None:
        return ""
    text = cn_date(clock.due)
    if clock.provisional:
        text += f"（暂定：{'；'.join(clock.provisional_reasons)}，以录入后重新计算的期限为准）"
    return text


def base_context(case, *, issued_on: date, clock=None) -> dict:
    org = case.organization
    contact = "；".join(x for x in (
        f"地址：{org.address}" if org.address else "", f"邮编：{org.postcode}" if org.postcode else "",
        f"电话：{org.phone}" if org.phone else "", f"电子邮箱：{org.email}" if org.email else "",
    ) if x)
    ctx = {name: "" for name in VARIABLES}
    ctx.update({name: [] for name in LIST_VARIABLES})
    ctx.update({
        "agency": org.name, "agency_contact": contact, "request_number": case.number,
        "applicant": case.applicant_name, "applicant_address": case.address,
        "received": cn_date(case.received), "corrected_received": cn_date(case.corrected_received),
        "channel": Channel(case.channel).label, "request": _flat(case.description)[:500],
        "reconsideration_body": org.default_reconsideration_body(), "issued": cn_date(issued_on), "due": due_text(clock),
    })
    return ctx


def decision_context(outcome_key: str, issued_on: date, reconsideration_body: str, *, reasons="", how="",
                     responsible_agency="", basis="") -> dict:
    o = get_outcome(outcome_key)
    return {
        "outcome": o.key, "outcome_label": o.label, "title": o.notice_title,
        "basis": basis or (o.basis if o.basis != "—" else RECORD_BASIS),
        "reasons": _flat(reasons), "how": _flat(how), "responsible_agency": _flat(responsible_agency),
        "remedy": remedy_statement(o.remedy_on(issued_on), reconsideration_body),
    }


def template_for(org, kind: str) -> NoticeTemplate | None:
    return NoticeTemplate.objects.filter(organization=org, kind=kind, active=True).order_by("-uploaded_at", "-id").first()


def template_bytes(kind: str, template: NoticeTemplate | None = None) -> bytes:
    if template is not None:
        with template.file.open("rb") as f:
            return f.read()
    return (DEFAULT_DIR / f"{kind}.docx").read_bytes()


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _plain(value):
    """Resolve translatable labels to plain strings (the notice context is stored as JSON)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def render_docx(template: bytes, context: dict) -> bytes:
    """Fill a docxtpl template; ``DomainError`` when the template is broken or uses unknown variables."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(context, jinja_env=_env(), autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except UndefinedError as exc:
        raise DomainError(f"模板使用了未定义的变量：{exc.message}。可用变量见“文书模板”页面。", field="file") from None
    except TemplateError as exc:
        raise DomainError(f"模板语法错误：{exc}。", field="file") from None
    except (KeyError, ValueError, OSError) as exc:
        raise DomainError(f"无法读取 Word 模板（{exc.__class__.__name__}）：请上传 .docx 文件。", field="file") from None
    return out.getvalue()


@transaction.atomic
@in_language_of_record  # statutory letters in Chinese, whatever language the staff member's screen is in
def issue(case, kind: str, *, issued_on: date, event=None, actor=None, clock=None,
          extra: dict | None = None, addressee: str | None = None) -> Notice:
    """Create a numbered notice of ``kind`` for ``case`` (files are rendered by ``ensure_files``).

    ``clock``: the case's ``ClockResult`` after the event, for the reply due date the letter states.
    """
    info = KINDS[kind]
    org = case.organization
    seq = numbering.next_sequence(org, issued_on.year, numbering.NOTICE)
    number = numbering.format_notice_number(org.number_prefix, issued_on.year, seq)
    ctx = base_context(case, issued_on=issued_on, clock=clock)
    ctx.update({"title": info.title, "basis": info.basis, "number": number})
    for key, value in (extra or {}).items():
        if key not in VARIABLES:
            raise KeyError(key)
        ctx[key] = value if key in LIST_VARIABLES else _flat(value) if isinstance(value, str) else value
    if info.addressee == "applicant":
        addressee = case.applicant_name
    elif not addressee:
        addressee = ctx.get("addressee") or ""
    user = getattr(actor, "user", None)
    return Notice.objects.create(
        case=case, kind=kind, title=ctx["title"], number=number, outcome=ctx.get("outcome", ""),
        addressee=addressee[:200], issued_on=issued_on, event=event, context=_plain(ctx),
        template=template_for(org, kind), created_by=user if getattr(user, "pk", None) else None,
    )


def ensure_files(notice: Notice) -> Notice:
    """Render the Word and PDF files of ``notice`` if they do not exist yet."""
    if notice.docx and notice.pdf:
        return notice
    data = render_docx(template_bytes(notice.kind, notice.template), notice.context)
    pdf = documents.docx_to_pdf(data, f"{notice.title} {notice.number}", notice.context.get("agency", ""))
    stem = f"{notice.case.number}-{notice.kind}"
    notice.docx.save(f"{stem}.docx", ContentFile(data), save=False)
    notice.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    Notice.objects.filter(pk=notice.pk).update(docx=notice.docx.name, pdf=notice.pdf.name)
    return notice


def file_name(notice: Notice, ext: str) -> str:
    return f"{notice.case.number}-{notice.title}.{ext}"


# -- templates -------------------------------------------------------------------


@in_language_of_record
def sample_context(kind: str) -> dict:
    """A filled-in context for previews and for validating uploaded templates."""
    return _plain(_sample_context(kind))


def _sample_context(kind: str) -> dict:
    info = KINDS[kind]
    ctx = {name: f"【{label}】" for name, label in VARIABLES.items()}
    ctx.update({
        "agency": "柳州市公安局", "number": "样例告〔2026〕1号", "request_number": "样例〔2026〕0001号",
        "applicant": "张三", "received": "2026年3月2日", "corrected_received": "", "title": info.title,
        "basis": info.basis, "items": ["请写明所需信息的名称或文号", "请提供身份证明"],
        "fee_lines": ["本月第11件：1×100元＝100元"], "party": "third_party", "outcome": "",
        "remedy": remedy_statement(REMEDY_ORDINARY, "柳州市人民政府") if info.decision else "",
    })
    if info.decision:
        o = next(o for o in BY_KEY.values() if o.notice == kind)
        ctx.update(decision_context(o.key, date(2026, 3, 20), "柳州市人民政府", reasons="【理由】", how="【获取方式】",
                                    responsible_agency="【负责公开的机关】"))
    return ctx


def validate_template(kind: str, data: bytes) -> str:
    """Render ``data`` with a sample; returns the rendered text or raises ``DomainError``."""
    if kind not in KINDS:
        raise DomainError(f"未知的文书种类 {kind}。", field="kind")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise DomainError("模板文件过大（最大 2 MB）。", field="file")
    from .uploads import DOCX, sniff

    if sniff(data) != DOCX:
        raise DomainError("模板须为 Word 文档（.docx）；旧版 .doc、WPS 格式请另存为 .docx。", field="file")
    ctx = sample_context(kind)
    text = documents.docx_text(render_docx(data, ctx))
    missing = [label for label, value in (("申请编号 {{ request_number }}", ctx["request_number"]),
                                          ("法律依据 {{ basis }}", ctx["basis"])) if value not in text]
    if missing:
        raise DomainError(f"模板中缺少{'、'.join(missing)}：每份文书都须载明申请编号和法律依据。", field="file")
    if info_needs_remedy(kind) and ctx["remedy"] not in text:
        raise DomainError("答复类文书须载明救济途径：模板中缺少 {{ remedy }}。", field="file")
    return text


def info_needs_remedy(kind: str) -> bool:
    info = KINDS[kind]
    return info.decision and kind != "D7.3"
