"""The projection follows the clock: tick endings, calendar changes, fees pausing, and the consistency check."""

import datetime as dt

import pytest

from gongkai.calendars import services as calendars
from gongkai.law.errors import DomainError
from gongkai.requests import duplicates, services
from gongkai.requests.models import Case, Fee

from .conftest import ID_PERSON_2, company, person

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_correction_missed_ends_the_case_once(register, actors, today):
    case = register()
    services.perform(case, "request_correction", actors["clerk"], items="请写明文号", deadline="2026-03-10")
    today.set("2026-03-10")
    assert services.tick().ended == []  # the last day is still in time
    today.set("2026-03-11")
    result = services.tick()
    assert result.ended == [case.number]
    case.refresh_from_db()
    assert case.status == "ended" and case.outcome == "other_no_correction" and case.concluded == D("2026-03-11")
    assert case.clock_state == "abandoned" and not case.is_open
    end = case.events.order_by("-seq").first()
    assert end.kind == "end" and end.actor_role == "system" and end.data["reason"] == "correction_missed"
    again = services.tick()
    assert again.ended == [] and case.events.count() == 3  # idempotent
    # the termination notice, delivery and archiving
    services.perform(case, "issue_termination", actors["clerk"])
    assert case.notices.get(kind="D7.1").context["basis"].endswith("第三十条")
    services.perform(case, "deliver", actors["clerk"], method="post")
    services.perform(case, "archive", actors["clerk"])
    assert case.status == "archived" and case.outcome == "other_no_correction"
    assert services.check_consistency() == []


def test_late_correction_revives_an_ended_case(register, actors, today):
    case = register()
    services.perform(case, "request_correction", actors["clerk"], items="请写明文号", deadline="2026-03-10")
    today.set("2026-03-12")
    services.tick()
    case.refresh_from_db()
    assert case.status == "ended"
    services.perform(case, "record_correction", actors["clerk"], text="文号为柳公规〔2025〕3号")
    assert case.status == "registered" and case.outcome == "" and case.concluded is None and case.is_open
    assert case.due == calendars.calendar_for("CN").add_workdays(D("2026-03-12"), 20)
    assert any("晚于补正期限" in w for w in case.clock.data["warnings"])


def test_fee_unpaid_ends_the_case(register, actors, today):
    case = register(data=person())
    Case.objects.filter(pk=case.pk).update(month_ordinal=31)  # the applicant's 31st request this month
    case.refresh_from_db()
    quote = services.fee_quote(case, "per_item")
    assert quote.amount == 200
    with pytest.raises(DomainError):
        services.perform(case, "fee_notice", actors["reviewer"], method="per_item", amount=300)
    with pytest.raises(DomainError):
        services.perform(case, "fee_notice", actors["clerk"], method="per_item")  # reviewer's job
    today.set("2026-03-04")
    services.perform(case, "fee_notice", actors["reviewer"], method="per_item", amount=150)
    fee = Fee.objects.get(case=case)
    assert fee.amount == 150 and fee.proposed_amount == 200 and fee.notice.kind == "P9"
    assert fee.notice.context["fee_amount"] == "150" and case.clock_state == "paused"
    # payment due 20 WD after 03-04 = 2026-04-01; unpaid on 04-02 → ended (六)2
    assert case.clock.data["fee_payment_due"] == "2026-04-01"
    today.set("2026-04-02")
    assert services.tick().ended == [case.number]
    case.refresh_from_db()
    assert case.outcome == "other_fee_unpaid" and case.concluded == D("2026-04-02")


def test_fee_notice_delivery_and_payment_move_the_dates(register, actors, today):
    case = register()
    Case.objects.filter(pk=case.pk).update(month_ordinal=12)
    today.set("2026-03-04")
    services.perform(case, "fee_notice", actors["reviewer"], method="per_volume", pages=150)
    assert Fee.objects.get(case=case).amount == 1700
    p9 = case.notices.get(kind="P9")
    today.set("2026-03-06")
    services.perform(case, "notice_delivered", actors["clerk"], notice_id=p9.pk, method="post")
    case.refresh_from_db()
    # payment period runs from delivery (03-06): 20 WD → 2026-04-03
    assert case.clock.data["fee_payment_due"] == "2026-04-03"
    today.set("2026-03-13")
    services.perform(case, "fee_paid", actors["clerk"])
    # paused 03-04 … 03-13 inclusive: 8 WD not counted; due 2026-03-30 + 8 WD, skipping 清明 04-04…04-06 = 2026-04-10
    assert case.due == D("2026-04-10") and case.clock_state == "open"


def test_consultation_pauses_and_time_limit(register, actors, today):
    case = register()
    today.set("2026-03-05")
    services.perform(case, "consult", actors["handler"], party="third_party", addressee="柳州某公司", subject="合同")
    case.refresh_from_db()
    assert case.clock_state == "paused"
    today.set("2026-03-10")
    services.perform(case, "consultation_answer", actors["handler"], opinion="object", answer="涉及商业秘密")
    case.refresh_from_db()
    # paused 03-05 … 03-10 inclusive = 4 WD → due 2026-03-30 + 4 WD = 2026-04-03
    assert case.clock_state == "open" and case.due == D("2026-04-03")


def test_calendar_change_recomputes_open_cases(register, today):
    today.set("2026-12-15")
    case = register(evidence_date=D("2026-12-15"))
    assert case.provisional and case.due == D("2027-01-12")
    assert "2027年节假日安排尚未录入" in case.clock.data["provisional_reasons"]
    csv = "date,kind,name\n2027-01-01,rest,元旦\n".encode()
    calendars.import_file(csv, "2027.csv", region="CN", year=2027, mark_loaded=True)
    case.refresh_from_db()
    assert not case.provisional and case.due == D("2027-01-13")
    assert services.check_consistency() == []


def test_projection_is_consistent_after_many_paths(register, actors, today, users):
    """Every stored projection equals a recomputation from the events."""
    cases = [register(data=person(description=f"申请事项{i}号：某某道路改造工程的批复文件")) for i in range(6)]
    a, b, c, d, e, f = cases
    services.perform(a, "assign", actors["clerk"], department="法制支队", handler_id=users["handler"].pk)
    services.perform(b, "request_correction", actors["clerk"], items="请说明")
    today.set("2026-03-06")
    services.perform(c, "consult", actors["clerk"], party="agency", addressee="柳州市保密局", subject="文件")
    services.perform(d, "request_extension", actors["clerk"], days=5, reason="材料多")
    services.perform(d, "approve_extension", actors["approver"], days=3)
    services.perform(e, "draft_reply", actors["clerk"], outcome="unavailable_not_held",
                     reasons="检索了本机关2020年以来的发文目录和档案")
    services.perform(e, "review_pass", actors["reviewer"])
    services.perform(e, "approve", actors["approver"])
    services.perform(e, "deliver", actors["clerk"], method="post")
    services.perform(f, "withdraw", actors["clerk"], reason="申请人来电撤回")
    today.set("2026-04-20")
    services.tick()
    assert services.check_consistency() == []
    assert {x.number for x in Case.objects.filter(status="ended")} == {b.number}
    d.refresh_from_db()
    assert d.clock.data["extension_days"] == 3
    # tampering with a stored projection is detected
    Case.objects.filter(pk=a.pk).update(working_days_left=99)
    assert any("working_days_left" in p for p in services.check_consistency())


def test_duplicate_hints(register, today):
    first = register(data=person(description="请公开柳公规〔2023〕1号《关于电动自行车管理的通告》全文"))
    today.set("2026-03-20")
    second = register(data=person(description="申请获取柳公规〔2023〕1号关于电动自行车管理的通告"))
    unrelated = register(data=person(description="2025年度本局行政处罚案件数量统计"))
    someone_else = register(data=person(id_number=ID_PERSON_2, description="请公开柳公规〔2023〕1号全文"))
    hints = duplicates.similar_earlier(second)
    assert [h.case for h in hints] == [first] and hints[0].percent >= 45
    assert duplicates.similar_earlier(unrelated) == []
    assert duplicates.similar_earlier(someone_else) == []
    assert duplicates.similar_earlier(first) == []  # only earlier requests
    toks = duplicates.tokens("请公开柳公规(2023)第01号")
    assert "〔2023〕1号" in toks and "柳公规" in toks


def test_month_ordinal_counts_per_applicant_and_month(register, today):
    for i in range(3):
        register(data=company(description=f"第{i}份文件的内容"))
    assert register(data=company(description="又一份文件")).month_ordinal == 4
    assert register(data=person(description="另一个申请人")).month_ordinal == 1
    today.set("2026-04-01")
    assert register(data=company(description="四月的申请"), evidence_date=D("2026-04-01")).month_ordinal == 1
