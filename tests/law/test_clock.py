"""The statutory clock: hand-computed cases (counted day by day in the comments) and invalid sequences."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.calendar import builtin_calendar
from gongkai.law.clock import (
    ClockOptions,
    Event,
    EventType as T,
    Party,
    State,
    case_from_dict,
    compute_clock,
    receipt_date,
)
from gongkai.law.errors import DomainError

D = date.fromisoformat
CN = builtin_calendar("CN")


def clock(received, *events, today=None, region="CN", **options):
    return compute_clock(D(received), list(events), builtin_calendar(region), D(today) if today else None,
                         ClockOptions(**options))


def ev(kind, day, **kw):
    if "delivered" in kw:
        kw["delivered"] = D(kw["delivered"])
    if "deadline" in kw:
        kw["deadline"] = D(kw["deadline"])
    return Event(T(kind), D(day), **kw)


# -- plain deadlines ------------------------------------------------------------------


def test_plain_case_open_with_working_days_used_and_left():
    r = clock("2025-03-03", today="2025-03-10")
    assert r.due == D("2025-03-31") and r.correction_notice_due == D("2025-03-12")
    assert (r.working_days_used, r.working_days_left) == (5, 15)  # 3/4–3/7 and 3/10
    assert r.state == State.OPEN and not r.provisional and r.fee_payment_due is None
    assert r.explanation == "2025-03-03 收到申请，次日起算20个工作日 → 答复期限 2025-03-31（星期一）"


def test_spring_festival_2025_with_an_extension():
    # calendar.md §3: 2025-01-20 → 20 WD 2025-02-21, 40 WD 2025-03-21 (1-26 Sun and 2-08 Sat are WD).
    r = clock("2025-01-20", ev("extension", "2025-02-17", working_days=20), today="2025-02-18")
    assert r.due == D("2025-03-21") and r.period_days == 40 and r.extension_days == 20
    assert "20个工作日＋延长20个工作日（2025-02-17批准）共40个工作日" in r.explanation


def test_national_day_2025_make_up_weekend_days_count():
    r = clock("2025-09-26", today="2025-09-26")
    assert r.correction_notice_due == D("2025-10-13") and r.due == D("2025-10-30")


def test_make_up_saturday_can_be_the_deadline():
    assert clock("2024-09-27", today="2024-09-27").correction_notice_due == D("2024-10-12")  # a Saturday


def test_receipt_on_a_rest_day_behaves_like_the_friday_before():
    sat, fri = clock("2024-06-08", today="2024-06-08"), clock("2024-06-07", today="2024-06-08")
    assert sat.due == fri.due == D("2024-07-08")
    # 7 WD: 6/10 is 端午 2024 → 6/11, 12, 13, 14, 17, 18, 19.
    assert sat.correction_notice_due == D("2024-06-19")


def test_regional_day_in_guangxi():
    assert clock("2024-04-10", today="2024-04-10").due == D("2024-05-10")
    gx = clock("2024-04-10", today="2024-04-10", region="CN-GX")
    assert gx.due == D("2024-05-13") and not gx.provisional


# -- consultations ------------------------------------------------------------------------


def test_third_party_consultation_inclusive_and_exclusive():
    # calendar.md §2: received 03-03, letter 03-10, reply 03-24 → 04-16 inclusive, 04-14 exclusive.
    events = [ev("consultation_sent", "2025-03-10"), ev("consultation_answered", "2025-03-24")]
    r = clock("2025-03-03", *events, today="2025-03-25")
    assert r.due == D("2025-04-16")
    (pause,) = r.pauses
    assert (pause.kind, pause.party, pause.excluded_working_days, pause.ended_by) == (
        "consultation", Party.THIRD_PARTY, 11, "answered")
    assert "征求第三方意见2025-03-10至2025-03-24不计11个工作日" in r.explanation
    assert "含首尾两日" in r.explanation
    exclusive = clock("2025-03-03", *events, today="2025-03-25", pause_reading="exclusive")
    assert exclusive.due == D("2025-04-14") and exclusive.pauses[0].excluded_working_days == 9


def test_silent_third_party_ends_the_pause_after_15_working_days():
    # 15 WD after 03-10: 3/11–14, 3/17–21, 3/24–28, 3/31 → the pause is 3/10–3/31 (16 WD).
    # Due: 3/4–3/7 (4 WD), then 4/1–4/3, 4/7–11, 4/14–18, 4/21–23 → 2025-04-23.
    r = clock("2025-03-03", ev("consultation_sent", "2025-03-10"), today="2025-04-30")
    assert r.pauses[0].end == D("2025-03-31") and r.pauses[0].ended_by == "time_limit"
    assert r.due == D("2025-04-23") and r.state == State.OVERDUE
    assert r.working_days_left == -6  # overdue by 4/24, 4/25, 4/27 (Sun, make-up), 4/28, 4/29, 4/30
    assert "满15个工作日即恢复计时" in r.explanation


def test_late_third_party_answer_does_not_extend_the_pause():
    r = clock("2025-03-03", ev("consultation_sent", "2025-03-10"), ev("consultation_answered", "2025-04-02"),
              today="2025-04-03")
    assert r.due == D("2025-04-23") and any("暂停计时于 2025-03-31 结束" in w for w in r.warnings)


def test_other_agency_has_no_15_day_limit():
    # Pause 3/10–4/10 (23 WD); then 4/11, 4/14–18, 4/21–25, 4/27 (Sun make-up), 4/28–30, 5/6 → 2025-05-06.
    r = clock("2025-03-03", ev("consultation_sent", "2025-03-10", party=Party.AGENCY),
              ev("consultation_answered", "2025-04-10"), today="2025-04-10")
    assert r.pauses[0].excluded_working_days == 23 and r.due == D("2025-05-06")


def test_open_consultation_pauses_the_case_and_the_due_date_keeps_moving():
    r = clock("2025-03-03", ev("consultation_sent", "2025-03-10", party=Party.AGENCY), today="2025-03-12")
    assert r.state == State.PAUSED and r.pauses[0].end is None
    assert r.due == CN.add_workdays(D("2025-03-03"), 20, [(D("2025-03-10"), D("2025-03-12"))])
    assert "仍在暂停" in r.explanation and "暂停结束前随之顺延" in r.explanation
    later = clock("2025-03-03", ev("consultation_sent", "2025-03-10", party=Party.AGENCY), today="2025-03-20")
    assert later.due > r.due


def test_parallel_consultations_need_refs():
    events = [ev("consultation_sent", "2025-03-10", ref="A"), ev("consultation_sent", "2025-03-11", ref="B",
                                                                 party=Party.CO_PRODUCER)]
    with pytest.raises(DomainError) as exc:
        clock("2025-03-03", *events, ev("consultation_answered", "2025-03-12"), today="2025-03-12")
    assert "ref" in exc.value.message and exc.value.field == "events[2].ref"
    r = clock("2025-03-03", *events, ev("consultation_answered", "2025-03-12", ref="B"),
              ev("consultation_answered", "2025-03-14", ref="A"), today="2025-03-14")
    # Union of 3/10–3/14 and 3/11–3/12 = 5 WD → 20 + 5 WD after 03-03.
    assert r.due == CN.add_workdays(D("2025-03-03"), 25)


# -- correction (补正) ----------------------------------------------------------------------


def test_correction_restarts_the_period():
    # Correction deadline: 15 WD after 06-05 → 6/6, 6/9–13, 6/16–20, 6/23–26 = 06-26.
    # New due: 20 WD after 06-20 → 6/23–27, 6/30–7/4, 7/7–11, 7/14–18 = 07-18.
    waiting = clock("2025-06-03", ev("correction_requested", "2025-06-05"), today="2025-06-10")
    assert waiting.state == State.PAUSED and waiting.due is None and waiting.correction_due == D("2025-06-26")
    assert waiting.working_days_left is None and "重新计算" in waiting.explanation
    r = clock("2025-06-03", ev("correction_requested", "2025-06-05"), ev("correction_received", "2025-06-20"),
              today="2025-06-20")
    assert r.trigger == D("2025-06-20") and r.trigger_kind == "correction_received"
    assert r.due == D("2025-07-18") and r.correction_notice_due == D("2025-06-12")
    assert "收到补正后的申请，答复期限重新起算（条例第三十条）" in r.explanation
    assert "已于 2025-06-05 按期告知" in r.explanations["correction_notice_due"]


def test_correction_after_a_consultation_drops_the_earlier_pause():
    # 20 WD after 03-14: 3/17–21, 3/24–28, 3/31–4/3, (4/4 清明), 4/7–11, 4/14 → 2025-04-14.
    r = clock("2025-03-03", ev("consultation_sent", "2025-03-04"), ev("consultation_answered", "2025-03-06"),
              ev("correction_requested", "2025-03-07"), ev("correction_received", "2025-03-14"), today="2025-03-17")
    assert r.due == D("2025-04-14")
    assert r.pauses[0].superseded and r.pauses[0].excluded_working_days == 0


def test_correction_deadline_missed_ends_the_request():
    r = clock("2025-03-03", ev("correction_requested", "2025-03-05"), today="2025-04-20")
    assert r.state == State.ABANDONED and r.ended_by == "correction_missed"
    assert r.ended_on == D("2025-03-27") and r.outcome_hint == "other_no_correction"
    assert "逾期未补正" in r.explanations["state"]


def test_late_correction_is_accepted_with_a_warning_and_can_fall_due_on_a_make_up_sunday():
    # 20 WD after 03-28: 3/31, 4/1–3, 4/7–11, 4/14–18, 4/21–25, 4/27 (Sunday make-up day) → 2025-04-27.
    r = clock("2025-03-03", ev("correction_requested", "2025-03-05"), ev("correction_received", "2025-03-28"),
              today="2025-03-28")
    assert r.due == D("2025-04-27") and r.state == State.OPEN and r.warnings


def test_correction_notice_sent_late_is_flagged():
    r = clock("2025-03-03", ev("correction_requested", "2025-03-14"), today="2025-03-14")
    assert any("晚于收到申请后7个工作日的期限 2025-03-12" in w for w in r.warnings)
    assert "告知（已逾期）" in r.explanations["correction_notice_due"]


def test_correction_deadline_set_in_the_notice():
    r = clock("2025-03-03", ev("correction_requested", "2025-03-05", deadline="2025-03-20"), today="2025-03-21")
    assert r.correction_due == D("2025-03-20") and r.state == State.ABANDONED


# -- extensions ------------------------------------------------------------------------------


def test_two_extensions_up_to_twenty_in_total():
    # 40 WD after 03-03: 20th is 3/31; 4/1–3, 4/7–11, 4/14–18, 4/21–25, 4/27 (Sun), 4/28 → 2025-04-28.
    r = clock("2025-03-03", ev("extension", "2025-03-25", working_days=10), ev("extension", "2025-04-10",
                                                                                working_days=10), today="2025-04-10")
    assert r.extension_days == 20 and r.due == D("2025-04-28")


def test_extension_beyond_twenty_in_total_is_refused():
    with pytest.raises(DomainError) as exc:
        clock("2025-03-03", ev("extension", "2025-03-25", working_days=20), ev("extension", "2025-04-10", working_days=5))
    assert "延长答复期限累计不得超过20个工作日（条例第三十三条第二款），此前已延长20个工作日，本次又延长5个工作日" in exc.value.message
    assert exc.value.field == "events[1].working_days"
    with pytest.raises(DomainError):
        clock("2025-03-03", ev("extension", "2025-03-25", working_days=21))
    with pytest.raises(DomainError):
        clock("2025-03-03", ev("extension", "2025-03-25", working_days=15), ev("extension", "2025-03-26", working_days=6))


def test_extension_after_the_deadline_is_warned():
    r = clock("2025-03-03", ev("extension", "2025-04-02", working_days=20), today="2025-04-02")
    assert any("延期应在期限届满前决定" in w for w in r.warnings)


# -- fees --------------------------------------------------------------------------------------


def test_fee_waiting_is_not_counted():
    # Due without fee: 4/8–11, 4/14–18, 4/21–25, 4/27 (Sun), 4/28–30, 5/6, 5/7 → 05-07.
    # Fee 4/28–5/8 removes 6 WD (4/28–30, 5/6–8): 15 WD before, then 5/9, 5/12–15 → 2025-05-15.
    assert clock("2025-04-07", today="2025-04-07").due == D("2025-05-07")
    r = clock("2025-04-07", ev("fee_notice", "2025-04-28"), ev("fee_paid", "2025-05-08"), today="2025-05-08")
    assert r.fee_payment_due == D("2025-05-29")  # calendar.md §3: notice received 04-28 → 05-29
    assert r.due == D("2025-05-15") and r.pauses[0].excluded_working_days == 6 and r.pauses[0].ended_by == "paid"
    assert "等待缴纳信息处理费2025-04-28至2025-05-08不计6个工作日" in r.explanation


def test_unpaid_fee_ends_the_request():
    r = clock("2025-04-07", ev("fee_notice", "2025-04-28"), today="2025-06-03")
    assert r.state == State.ABANDONED and r.ended_by == "fee_unpaid" and r.ended_on == D("2025-05-30")
    assert r.outcome_hint == "other_fee_unpaid" and r.pauses[0].end == D("2025-05-29")
    waiting = clock("2025-04-07", ev("fee_notice", "2025-04-28"), today="2025-05-29")
    assert waiting.state == State.PAUSED


def test_fee_notice_delivered_later_moves_the_payment_deadline():
    r = clock("2025-04-07", ev("fee_notice", "2025-04-25", delivered="2025-04-28"), today="2025-04-28")
    assert r.fee_payment_due == D("2025-05-29") and r.pauses[0].start == D("2025-04-25")


# -- replies and ends -------------------------------------------------------------------------------


def test_replied_on_time_late_and_overdue():
    assert clock("2025-03-03", ev("replied", "2025-03-31")).state == State.REPLIED_ON_TIME
    late = clock("2025-03-03", ev("replied", "2025-04-01"))
    assert late.state == State.REPLIED_LATE and late.working_days_left == -1
    assert "晚于答复期限 2025-03-31" in late.explanations["state"]
    assert clock("2025-03-03", today="2025-04-01").state == State.OVERDUE
    # A weekend reply after a Friday deadline is late although no working day was used.
    # 20 WD after Friday 02-28: 3/3–7, 3/10–14, 3/17–21, 3/24–28 → Friday 03-28.
    assert clock("2025-02-28", today="2025-02-28").due == D("2025-03-28")
    weekend = clock("2025-02-28", ev("replied", "2025-03-29"))
    assert weekend.state == State.REPLIED_LATE and weekend.working_days_left == 0


def test_withdrawal():
    r = clock("2025-03-03", ev("withdrawn", "2025-03-05"), today="2025-05-01")
    assert r.state == State.ABANDONED and r.ended_by == "withdrawn" and r.outcome_hint == "other_withdrawn"
    assert r.as_of == D("2025-03-05")


def test_reply_after_a_lapse_keeps_the_case_abandoned():
    r = clock("2025-04-07", ev("fee_notice", "2025-04-28"), ev("replied", "2025-06-03"))
    assert r.state == State.ABANDONED and r.ended_by == "fee_unpaid"


# -- the year 2027 ------------------------------------------------------------------------------------


def test_year_2027_case_is_provisional_with_the_reason():
    r = clock("2026-12-15", today="2026-12-16")
    assert r.due == D("2027-01-12") and r.provisional
    assert r.provisional_reasons == ("2027年节假日安排尚未录入",)
    assert "暂定：2027年节假日安排尚未录入" in r.explanation
    assert "暂定" not in r.explanations["correction_notice_due"]  # 2026-12-24 does not depend on 2027


# -- invalid input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("events,message,field", [
    ([ev("extension", "2025-03-10"), ev("replied", "2025-03-05")], "事件顺序错误", "events[1]"),
    ([ev("replied", "2025-03-01")], "早于收到申请之日", "events[0]"),
    ([ev("consultation_answered", "2025-03-05")], "没有尚未答复的征求意见", "events[0]"),
    ([ev("correction_received", "2025-03-05")], "此前没有发出补正告知", "events[0]"),
    ([ev("fee_paid", "2025-03-05")], "此前没有发出收费通知", "events[0]"),
    ([ev("replied", "2025-03-05"), ev("extension", "2025-03-06")], "之后不能再记录其他事件", "events[1]"),
    ([ev("correction_requested", "2025-03-04"), ev("correction_received", "2025-03-05"),
      ev("correction_requested", "2025-03-06")], "补正应一次性告知", "events[2]"),
    ([ev("correction_requested", "2025-03-04"), ev("extension", "2025-03-05")], "等待补正期间", "events[1]"),
    ([ev("consultation_sent", "2025-03-04", party=Party.AGENCY), ev("correction_requested", "2025-03-05")],
     "征求意见或等待缴费期间不能要求补正", "events[1]"),
    ([ev("fee_notice", "2025-03-04"), ev("fee_notice", "2025-03-05")], "已于 2025-03-04 发出过收费通知", "events[1]"),
    ([ev("fee_notice", "2025-03-04"), ev("consultation_sent", "2025-05-05")], "逾期未缴纳", "events[1]"),
    ([ev("extension", "2025-03-04", working_days=0)], "正整数", "events[0].working_days"),
    ([ev("fee_notice", "2025-03-04", delivered="2025-03-03")], "送达日期", "events[0].delivered"),
])
def test_impossible_sequences_are_refused_in_chinese(events, message, field):
    with pytest.raises(DomainError) as exc:
        clock("2025-03-03", *events, today="2025-06-01")
    assert message in exc.value.message and exc.value.field == field


def test_today_before_the_last_event_is_refused():
    with pytest.raises(DomainError) as exc:
        clock("2025-03-03", ev("extension", "2025-03-10"), today="2025-03-05")
    assert exc.value.field == "today"


# -- the JSON contract --------------------------------------------------------------------------------


def test_case_from_dict_round_trip():
    case = case_from_dict({
        "received": "2025-03-03", "region": "CN-GX", "today": "2025-03-25",
        "events": [{"type": "consultation_sent", "date": "2025-03-10", "party": "co_producer", "ref": "1"},
                   {"type": "consultation_answered", "date": "2025-03-24", "ref": 1},
                   {"type": "extension", "date": "2025-03-25", "working_days": 20}],
        "calendar": {"holidays": ["2025-03-04"], "workdays": []},
    })
    assert case.region == "CN-GX" and case.events[0].party == Party.CO_PRODUCER and case.events[1].ref == "1"
    assert case.extra_rest == {D("2025-03-04")} and case.events[2].working_days == 20


@pytest.mark.parametrize("doc,message", [
    ({"received": "2025-02-30"}, "'2025-02-30' 不是存在的日期"),
    ({"received": "2025-3-3"}, "YYYY-MM-DD"),
    ({}, "received：缺少"),
    ({"received": "2025-03-03", "region": "GX"}, "未知的地区代码"),
    ({"received": "2025-03-03", "events": [{"type": "approved", "date": "2025-03-04"}]}, "events[0].type：未知的事件类型 'approved'"),
    ({"received": "2025-03-03", "events": [{"type": "replied"}]}, "events[0].date：缺少日期"),
    ({"received": "2025-03-03", "events": [{"type": "replied", "date": "2025-03-04", "working_days": 3}]}, "只有 extension"),
    ({"received": "2025-03-03", "events": [{"type": "extension", "date": "2025-03-04", "working_days": "20"}]}, "应为整数"),
    ({"received": "2025-03-03", "events": [{"type": "consultation_sent", "date": "2025-03-04", "party": "x"}]}, "未知的征求对象"),
    ({"received": "2025-03-03", "foo": 1}, "未知的字段 foo"),
    ({"received": "2025-03-03", "calendar": {"holidays": ["2025-03-04"], "workdays": ["2025-03-04"]}}, "不能同时"),
    ([], "JSON 对象"),
])
def test_case_from_dict_errors(doc, message):
    with pytest.raises(DomainError) as exc:
        case_from_dict(doc)
    assert message in exc.value.message


def test_result_to_dict_has_the_contract_fields():
    out = clock("2025-04-07", ev("fee_notice", "2025-04-28"), today="2025-04-30").to_dict()
    for key in ("due", "correction_notice_due", "fee_payment_due", "provisional", "state", "working_days_left",
                "explanation"):
        assert key in out
    assert out["fee_payment_due"] == "2025-05-29" and out["state"] == "paused"


# -- receipt date by channel (条例第三十一条) ------------------------------------------------------------


def test_receipt_date_by_channel():
    assert receipt_date("in_person", submitted=D("2025-03-03")) == D("2025-03-03")
    assert receipt_date("post_signed", signed=D("2025-03-04"), submitted=D("2025-03-01")) == D("2025-03-04")
    assert receipt_date("online", confirmed=D("2025-03-05")) == D("2025-03-05")
    with pytest.raises(DomainError) as exc:
        receipt_date("post_ordinary", submitted=D("2025-03-03"))
    assert "确认日期" in exc.value.message
    with pytest.raises(DomainError):
        receipt_date("phone", submitted=D("2025-03-03"))
