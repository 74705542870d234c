"""The whole staff workflow through the services, with the clock's dates checked by hand."""

import datetime as dt

import pytest

from gongkai.law.errors import DomainError
from gongkai.requests import services
from gongkai.requests.models import AttachmentKind, AuditEntry, Case, Channel, Notice
from gongkai.requests.workflow import Status, TransitionRefused

from .conftest import PDF_BYTES, company, person

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def test_register_numbers_and_first_projection(register, today):
    case = register()
    assert case.number == "柳公信〔2026〕0001号"
    assert case.received == D("2026-03-02") and case.status == Status.REGISTERED and case.is_open
    # 2026-03-02 (Mon) + 20 working days (national calendar, no holidays in March) = 2026-03-30
    assert case.due == D("2026-03-30") and case.working_days_left == 20 and case.clock_state == "open"
    assert case.clock.data["due"] == "2026-03-30"
    assert [e.kind for e in case.events.all()] == ["register"]
    p1 = case.notices.get()
    assert p1.kind == "P1" and p1.number == "柳公信告〔2026〕1号" and p1.context["due"] == "2026年3月30日"
    assert register().number == "柳公信〔2026〕0002号"
    assert AuditEntry.objects.filter(case=case, action="register").exists()


def test_receipt_date_follows_the_channel(register, today):
    today.set("2026-03-10")
    case = register(channel=Channel.POST_SIGNED, evidence_date=D("2026-03-06"), evidence_note="EMS1234")
    assert case.received == D("2026-03-06") and case.evidence_note == "EMS1234"
    with pytest.raises(DomainError) as exc:
        register(channel=Channel.FAX, evidence_date=D("2026-03-11"))
    assert exc.value.field == "evidence_date" and "不能晚于今天" in exc.value.message


def test_staff_cannot_register_as_online_and_applicant_only_online(org, actors, today):
    with pytest.raises(DomainError) as exc:
        services.register(org, person(), channel=Channel.ONLINE, actor=actors["clerk"])
    assert exc.value.field == "channel"
    with pytest.raises(DomainError):
        services.register(org, person(), channel=Channel.POST_SIGNED, actor=services.APPLICANT_ACTOR,
                          evidence_date=today())
    with pytest.raises(TransitionRefused):
        services.register(org, person(), channel=Channel.POST_SIGNED, actor=actors["reviewer"], evidence_date=today())


def test_full_partial_disclosure_journey(register, actors, today, users):
    case = register(data=company(), attachments=[("id_copy.pdf", PDF_BYTES)])
    assert case.attachments.get().kind == AttachmentKind.ID_COPY
    today.set("2026-03-04")
    services.perform(case, "request_correction", actors["clerk"], items="请写明所需统计数据的时间范围\n请说明具体路段")
    case.refresh_from_db()
    assert case.status == Status.CORRECTION and case.due is None and case.clock_state == "paused"
    p2 = case.notices.get(kind="P2")
    assert p2.context["items"] == ["请写明所需统计数据的时间范围", "请说明具体路段"]
    # correction period: 15 WD after 03-04 → 2026-03-25
    assert case.clock.data["correction_due"] == "2026-03-25"
    today.set("2026-03-09")
    services.perform(case, "record_correction", actors["clerk"], text="2025年全年，城中区")
    case.refresh_from_db()
    # the reply period restarts from 03-09: 20 WD → 2026-04-07 (04-06 清明 is not a working day… 04-04..06 rest)
    assert case.status == Status.REGISTERED and case.corrected_received == D("2026-03-09")
    assert case.due == services.calendar_for("CN").add_workdays(D("2026-03-09"), 20)
    services.perform(case, "assign", actors["clerk"], department="交警支队", handler_id=users["handler"].pk,
                     due="2026-03-16", instructions="请检索并提供数据")
    case.refresh_from_db()
    assert case.status == Status.HANDLING and case.department == "交警支队" and case.handler == users["handler"]
    today.set("2026-03-13")
    services.perform(case, "department_reply", actors["handler"], answer="可提供汇总数据，个人信息部分不能提供",
                     files=[("reply.pdf", PDF_BYTES)])
    assert case.assignments.get().answered_on == D("2026-03-13")
    services.perform(case, "request_extension", actors["handler"], days=10, reason="需汇总多个大队的数据")
    case.refresh_from_db()
    assert case.extension_pending
    with pytest.raises(TransitionRefused):
        services.perform(case, "approve_extension", actors["clerk"])
    due_before = case.due
    services.perform(case, "approve_extension", actors["approver"])
    case.refresh_from_db()
    assert not case.extension_pending and case.due == services.calendar_for("CN").add_workdays(due_before, 10)
    p4 = case.notices.get(kind="P4a")
    assert p4.context["extension_days"] == "10" and p4.context["due"] == __import__("gongkai.requests.notices",
                                                                                       fromlist=["x"]).cn_date(case.due)
    with pytest.raises(DomainError) as exc:
        services.perform(case, "draft_reply", actors["handler"], outcome="partially_granted", how="电子邮件发送")
    assert exc.value.field == "reasons"
    services.perform(case, "draft_reply", actors["handler"], outcome="partially_granted", how="以电子邮件发送汇总表",
                     reasons="涉及当事人个人信息，根据条例第十五条不予公开", files=[("data.pdf", PDF_BYTES)])
    case.refresh_from_db()
    assert case.status == Status.REVIEW
    services.perform(case, "review_return", actors["reviewer"], comment="请补充法律依据")
    services.perform(case, "draft_reply", actors["handler"], outcome="partially_granted", how="以电子邮件发送汇总表",
                     reasons="涉及当事人个人隐私，公开会损害第三方合法权益（条例第十五条）")
    services.perform(case, "review_pass", actors["reviewer"])
    today.set("2026-03-16")
    services.perform(case, "approve", actors["approver"])
    case.refresh_from_db()
    assert case.status == Status.APPROVED and case.outcome == "partially_granted" and case.is_open
    d3 = case.notices.get(kind="D3")
    assert "应当自收到本告知书之日起60日内先向柳州市人民政府申请行政复议" in d3.context["remedy"]
    assert d3.context["corrected_received"] == "2026年3月9日"
    services.perform(case, "deliver", actors["clerk"], method="email")
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and not case.is_open and case.concluded == D("2026-03-16")
    assert case.clock_state == "replied_on_time"
    services.perform(case, "archive", actors["clerk"])
    case.refresh_from_db()
    assert case.status == Status.ARCHIVED
    kinds = [e.kind for e in case.events.order_by("seq")]
    assert kinds == ["register", "request_correction", "record_correction", "assign", "department_reply",
                     "request_extension", "approve_extension", "draft_reply", "review_return", "draft_reply",
                     "review_pass", "approve", "deliver", "archive"]
    assert services.check_consistency() == []


def test_events_are_append_only(register):
    case = register()
    ev = case.events.get()
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        ev.delete()
    with pytest.raises(PermissionError):
        case.events.all().update(kind="x")
    with pytest.raises(PermissionError):
        case.events.all().delete()
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
