"""Every notice template renders to Word and PDF carrying the request number and the legal basis."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document

from gongkai.law.errors import DomainError
from gongkai.requests import notices
from gongkai.requests.documents import docx_text
from gongkai.requests.notice_templates.build import kinds as template_kinds

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode()


def squash(text: str) -> str:
    return "".join(text.split())


def test_a_default_template_ships_for_every_notice_kind():
    assert set(notices.KINDS) == set(template_kinds())
    for kind in notices.KINDS:
        assert (notices.DEFAULT_DIR / f"{kind}.docx").exists(), kind


@pytest.mark.parametrize("kind", sorted(notices.KINDS))
def test_every_template_renders_word_and_pdf(kind, register, today):
    case = register()
    info = notices.KINDS[kind]
    extra = {}
    if info.decision:
        from gongkai.law.outcomes import BY_KEY

        o = next(o for o in BY_KEY.values() if o.notice == kind)
        extra = notices.decision_context(o.key, today(), "柳州市人民政府", reasons="涉及个人隐私", how="电子邮件",
                                         responsible_agency="柳州市交通运输局，0772-0000000")
    if kind == "P9":
        extra = {"fee_method": "按件计收", "fee_lines": ["本月第11件：1×100元＝100元"], "fee_amount": "100",
                 "fee_payment_due": "2026年3月30日", "payment_method": "非税收入缴款"}
    if kind == "P2":
        extra = {"items": ["请写明文号"], "correction_deadline": "2026年3月20日前"}
    notice = notices.issue(case, kind, issued_on=today(), extra=extra, addressee="某第三方公司")
    notices.ensure_files(notice)
    word = notice.docx.read()
    text = docx_text(word)
    Document(io.BytesIO(word))  # opens
    assert case.number in text, kind
    assert notice.context["basis"] in text, kind
    assert notice.number in text
    assert "{{" not in text and "{%" not in text
    pdf = pdf_text(notice.pdf.read())
    assert case.number in pdf.replace(" ", ""), kind
    assert squash(notice.context["basis"]) in squash(pdf), kind
    if info.decision and kind != "D7.3":
        assert "行政复议" in text and "柳州市人民政府" in text


def test_uploaded_template_is_validated(today):
    good = (notices.DEFAULT_DIR / "P2.docx").read_bytes()
    assert "样例〔2026〕0001号" in notices.validate_template("P2", good)
    with pytest.raises(DomainError) as exc:
        notices.validate_template("P2", b"not a word file")
    assert "Word" in exc.value.message
    # a template without the request number is refused
    doc = Document(io.BytesIO(good))
    for p in doc.paragraphs:
        if "request_number" in p.text:
            for r in p.runs:
                r.text = r.text.replace("{{ request_number }}", "")
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(DomainError) as exc:
        notices.validate_template("P2", buf.getvalue())
    assert "申请编号" in exc.value.message
    # unknown variables and broken syntax are refused with a Chinese message
    doc = Document(io.BytesIO(good))
    doc.add_paragraph("{{ secret_variable }}")
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(DomainError) as exc:
        notices.validate_template("P2", buf.getvalue())
    assert "未定义的变量" in exc.value.message
    doc = Document(io.BytesIO(good))
    doc.add_paragraph("{% if %}")
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(DomainError) as exc:
        notices.validate_template("P2", buf.getvalue())
    assert "语法错误" in exc.value.message


def test_template_cannot_reach_python_internals(today):
    doc = Document(io.BytesIO((notices.DEFAULT_DIR / "P2.docx").read_bytes()))
    doc.add_paragraph("{{ request_number.__class__.__mro__ }}")
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(DomainError):
        notices.validate_template("P2", buf.getvalue())


def test_receipt_states_a_provisional_due_date_with_its_reason(register, today):
    """A due date in a year whose holidays are not loaded is flagged on the letter too (calendar.md §4)."""
    today.set(dt.date(2026, 12, 15))  # 20 working days later is in 2027, not loaded
    case = register(evidence_date=dt.date(2026, 12, 15))
    receipt = case.notices.get(kind="P1")
    assert "暂定" in receipt.context["due"] and "2027年节假日安排尚未录入" in receipt.context["due"]
    notices.ensure_files(receipt)
    assert "2027年节假日安排尚未录入" in squash(docx_text(receipt.docx.read()))


def test_receipt_due_date_is_plain_when_the_year_is_loaded(register, today):
    case = register()
    assert "暂定" not in case.notices.get(kind="P1").context["due"]



def test_notices_stay_chinese_on_an_english_screen(register):
    """Notices are statutory letters: a staff member working in English still issues them in Chinese."""
    from django.utils import translation

    with translation.override("en"):
        case = register()
        assert translation.get_language() == "en"
    context = case.notices.get(kind="P1").context
    assert context["channel"] == str(case.get_channel_display()) and "Registered" not in context["channel"]
    assert "邮寄" in context["channel"]
