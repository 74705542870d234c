"""The services the public portal calls: submit, track, correct, withdraw, see notices and fees."""

import datetime as dt

import pytest

from gongkai.law.errors import DomainError
from gongkai.requests import services
from gongkai.requests.models import AttachmentKind, Case, Counter
from gongkai.requests.validation import InvalidRequest

from .conftest import ID_PERSON, PDF_BYTES, PNG_BYTES, company, person

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_submit_online_gives_number_and_code_once(org, today):
    r = services.submit_online(org, person(), attachments=[("身份证.png", PNG_BYTES)], submission_key="tok-1")
    assert r.case.number == "柳公信〔2026〕0001号" and not r.repeated
    assert r.case.channel == "online" and r.case.received == today()
    assert len(r.tracking_code) == 14 and r.tracking_code[4] == "-"
    assert r.tracking_code.replace("-", "") not in r.case.tracking_hash
    again = services.submit_online(org, person(), submission_key="tok-1")  # double click
    assert again.repeated and again.case == r.case and again.tracking_code is None
    assert Case.objects.count() == 1
    assert services.submit_online(org, person(), submission_key="tok-2").case.number == "柳公信〔2026〕0002号"


def test_find_by_tracking(org, today):
    r = services.submit_online(org, person())
    code = r.tracking_code
    assert services.find_by_tracking(r.case.number, code) == r.case
    assert services.find_by_tracking("柳公信(2026)1号", code.lower().replace("-", "")) == r.case
    assert services.find_by_tracking(r.case.number, "AAAA-BBBB-CCCC") is None
    assert services.find_by_tracking("柳公信〔2026〕0099号", code) is None


def test_bad_input_lists_every_problem_and_saves_nothing(org, today):
    bad = person(applicant_name="", id_number="110105194912310021", email="not-an-email", description="",
                 delivery="post", address="")
    with pytest.raises(InvalidRequest) as exc:
        services.submit_online(org, bad)
    errors = exc.value.errors
    assert set(errors) >= {"applicant_name", "id_number", "email", "description", "address"}
    assert "校验位" in errors["id_number"][0]
    org_bad = company(id_number="91110000600037341X", contact_person="")
    with pytest.raises(InvalidRequest) as exc:
        services.submit_online(org, org_bad)
    assert set(exc.value.errors) >= {"id_number", "contact_person"}
    assert Case.objects.count() == 0 and not Counter.objects.filter(last__gt=0).exists()


def test_disguised_and_oversize_attachments_are_refused(org, today, settings):
    fake_pdf = ("证明.pdf", b"MZ\x90\x00 this is a windows program" * 10)
    with pytest.raises(DomainError) as exc:
        services.submit_online(org, person(), attachments=[fake_pdf])
    assert "内容不是" in exc.value.message and "证明.pdf" in exc.value.message
    html_png = ("photo.png", b"<html><script>alert(1)</script></html>")
    with pytest.raises(DomainError):
        services.submit_online(org, person(), attachments=[html_png])
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    with pytest.raises(DomainError) as exc:
        services.submit_online(org, person(), attachments=[("a.pdf", PDF_BYTES + b" " * 200)])
    assert "过大" in exc.value.message
    assert Case.objects.count() == 0
    # a real PDF named .jpg is accepted and stored as what it is
    settings.GONGKAI_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    case = services.submit_online(org, person(), attachments=[("scan.jpg", PDF_BYTES)]).case
    att = case.attachments.get()
    assert att.content_type == "application/pdf" and att.file.name.endswith(".pdf") and att.original_name == "scan.jpg"
    assert att.file.name.startswith("requests/")


def test_applicant_follows_corrects_and_sees_notices(org, actors, today):
    r = services.submit_online(org, person())
    case = r.case
    view = services.applicant_view(case)
    assert view.status_text.startswith("已受理") and view.due == D("2026-03-30") and not view.can_correct
    assert [n.kind for n in view.notices] == ["P1"]
    receipt = services.applicant_notice(case, view.notices[0].pk)
    assert receipt.pdf and receipt.docx
    services.perform(case, "request_correction", actors["clerk"], items="请写明事故发生的路段")
    view = services.applicant_view(case)
    assert view.can_correct and view.correction_items == ["请写明事故发生的路段"]
    assert view.correction_due == D("2026-03-23") and "补正" in view.status_text
    today.set("2026-03-05")
    services.applicant_correct(case, "柳州市城中区文昌路", attachments=[("补充.pdf", PDF_BYTES)])
    case.refresh_from_db()
    assert case.corrected_received == D("2026-03-05")
    assert case.attachments.get().kind == AttachmentKind.CORRECTION and case.attachments.get().by_applicant
    ev = case.events.order_by("-seq").first()
    assert ev.actor_role == "applicant" and ev.actor is None
    view = services.applicant_view(case)
    assert not view.can_correct and view.can_withdraw
    # the applicant cannot do staff things
    with pytest.raises(DomainError):
        services.perform(case, "assign", services.applicant_actor(case), department="x")


def test_applicant_withdraws(org, today):
    case = services.submit_online(org, person()).case
    today.set("2026-03-04")
    services.applicant_withdraw(case, "已通过其他途径获得")
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.outcome == "other_withdrawn" and case.concluded == D("2026-03-04")
    assert not case.is_open and case.clock_state == "abandoned"
    view = services.applicant_view(case)
    assert view.status_text == "您已撤回申请" and not view.can_withdraw
    assert [n.kind for n in view.notices] == ["P1", "D7.3"] and view.notices[1].title == "撤回确认"
    with pytest.raises(DomainError):
        services.applicant_withdraw(case)


def test_released_documents_only_after_delivery(org, actors, today):
    case = services.submit_online(org, person()).case
    services.perform(case, "draft_reply", actors["clerk"], outcome="granted", how="附件发送",
                     files=[("统计表.pdf", PDF_BYTES)])
    att = case.attachments.get(kind=AttachmentKind.RELEASED)
    assert services.applicant_view(case).released == []
    with pytest.raises(DomainError):
        services.applicant_attachment(case, att.pk)
    services.perform(case, "review_pass", actors["reviewer"])
    services.perform(case, "approve", actors["approver"])
    services.perform(case, "deliver", actors["clerk"], method="online")
    view = services.applicant_view(case)
    assert view.released == [att] and services.applicant_attachment(case, att.pk) == att
    assert view.outcome_label == "予以公开" and view.status_text == "已答复"
    # internal notices (letters to third parties) are never shown to the applicant
    case2 = services.submit_online(org, person(description="某公司的合同文本")).case
    services.perform(case2, "consult", actors["clerk"], party="third_party", addressee="某公司", subject="合同文本",
                     notify_applicant=True)
    kinds = [n.kind for n in services.applicant_view(case2).notices]
    assert kinds == ["P1", "P6"]
    p5 = case2.notices.get(kind="P5")
    with pytest.raises(DomainError):
        services.applicant_notice(case2, p5.pk)


def test_applicant_sees_fee_state(org, actors, today):
    for i in range(10):
        services.submit_online(org, person(description=f"第{i}件申请的内容描述"))
    case = services.submit_online(org, person(description="第十一件申请的内容")).case
    assert case.month_ordinal == 11
    services.perform(case, "fee_notice", actors["reviewer"], method="per_item")
    view = services.applicant_view(case)
    assert view.fee.amount == 100 and view.fee.payment_due == D("2026-03-30") and view.fee.state.startswith("待缴纳")
    assert "P9" in [n.kind for n in view.notices]
    today.set("2026-03-10")
    services.perform(case, "fee_paid", actors["clerk"], receipt_number="GX2026-001")
    assert services.applicant_view(case).fee.state == "已于2026年3月10日缴纳"
