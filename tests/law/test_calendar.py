"""The working-day calendar: every worked example of calendar.md §3, regional days, loading, the index."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.law.calendar import (
    REST,
    WORK,
    CalendarLayer,
    DayEntry,
    WorkCalendar,
    builtin_calendar,
    builtin_national_layer,
)
from gongkai.law.errors import DomainError

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec" / "calendar.md"
D = date.fromisoformat


def _spec_rows():
    """The table of calendar.md §3, read from the spec itself so no row can be skipped."""
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("## 3. Worked examples", 1)[1].split("## 4.", 1)[0]
    rows = []
    for line in section.splitlines():
        m = re.match(r"\|\s*(\d{4}-\d\d-\d\d)[^|]*\|\s*([\d /]+)\|\s*([^|]+)\|", line)
        if not m:
            continue
        trigger = D(m.group(1))
        ns = [int(n) for n in m.group(2).split("/")]
        dues = re.findall(r"\d{4}-\d\d-\d\d", m.group(3))
        if dues:
            rows += [(trigger, n, D(due)) for n, due in zip(ns, dues, strict=True)]
        else:
            rows += [(trigger, n, None) for n in ns]
    return rows


SPEC_ROWS = _spec_rows()


def test_every_spec_row_was_read():
    # 12 table rows, three of them with two periods → 15 cases, one of which needs 2027 data.
    assert len(SPEC_ROWS) == 15
    assert sum(due is None for _, _, due in SPEC_ROWS) == 1


@pytest.mark.parametrize("trigger,n,due", [r for r in SPEC_ROWS if r[2] is not None],
                         ids=lambda v: v.isoformat() if isinstance(v, date) else str(v))
def test_calendar_md_worked_examples(trigger, n, due):
    counted = builtin_calendar("CN").count(trigger, n)
    assert counted.date == due
    assert not counted.provisional


def test_2026_12_15_needs_2027_data_and_is_provisional():
    (trigger, n, _), = [r for r in SPEC_ROWS if r[2] is None]
    counted = builtin_calendar("CN").count(trigger, n)
    # Weekends only in 2027: Dec 16–31 gives 12 WD, then Jan 1 (a Friday) counts → 2027-01-12.
    assert counted.date == D("2027-01-12")
    assert counted.provisional_reasons == ("2027年节假日安排尚未录入",)


def test_loading_2027_makes_it_final():
    national = builtin_national_layer()
    days = dict(national.days)
    for d in ("2027-01-01", "2027-01-02", "2027-01-03"):
        days[D(d)] = DayEntry(D(d), REST, "元旦", "test")
    loaded = CalendarLayer("CN", days, national.loaded_years | {2027}, True, "全国")
    counted = WorkCalendar("CN", [loaded]).count(D("2026-12-15"), 20)
    assert counted.date == D("2027-01-13")  # 1 January no longer counts
    assert not counted.provisional
    # Entered but not marked loaded: ignored, still provisional.
    entered = CalendarLayer("CN", days, national.loaded_years, True, "全国")
    assert WorkCalendar("CN", [entered]).count(D("2026-12-15"), 20).date == D("2027-01-12")


def test_reference_court_cases_and_find_workday_pitfall():
    cal = builtin_calendar("CN")
    # chinese-calendar's find_workday counts the start day when it is a working day and
    # gives one day too late for a non-working start (calendar.md §4); we do not.
    assert cal.add_workdays(D("2022-10-01"), 20) == D("2022-11-02")
    assert chinese_calendar.find_workday(20, D("2022-10-01")) == D("2022-11-03")
    assert cal.add_workdays(D("2024-06-08"), 20) == D("2024-07-08")


def test_index_agrees_with_the_package_on_every_day_2004_2026():
    cal = builtin_calendar("CN")
    d = date(2004, 1, 1)
    while d <= date(2026, 12, 31):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_make_up_days_and_holidays_2025():
    cal = builtin_calendar("CN")
    assert cal.is_workday(D("2025-01-26"))  # Sunday make-up day before 春节
    assert cal.is_workday(D("2025-02-08"))  # Saturday make-up day
    assert not cal.is_workday(D("2025-01-28"))  # 除夕 is a holiday from 2025 (13-day rule)
    assert not cal.is_workday(D("2025-10-08"))  # 国庆 + 中秋 2025
    assert cal.is_workday(D("2025-10-11"))  # Saturday make-up
    info = cal.day(D("2025-09-28"))
    assert info.workday and info.kind == "调休上班日" and info.name == "国庆节调休上班" and info.layer == "CN"
    assert cal.day(D("2025-10-01")).name == "国庆节"
    assert cal.day(D("2025-03-08")).kind == "周末"


def test_guangxi_sanyuesan_is_a_regional_rest_day():
    gx, cn = builtin_calendar("CN-GX"), builtin_calendar("CN")
    # 2024: 4/11–4/12 (Thu–Fri) off in 广西 only.
    assert cn.is_workday(D("2024-04-11")) and not gx.is_workday(D("2024-04-11"))
    # Hand count: 4/11–12, 4/15–19, 4/22–26, 4/28 (Sun, make-up), 4/29–30, 5/6–10 → 20th is 5/10;
    # in 广西 4/11–12 are off, so 5/11 (Sat, make-up) is the 19th and 5/13 the 20th.
    assert cn.add_workdays(D("2024-04-10"), 20) == D("2024-05-10")
    assert gx.add_workdays(D("2024-04-10"), 20) == D("2024-05-13")
    # 2023: 广西 rested on 4/23, a national make-up Sunday.
    assert cn.is_workday(D("2023-04-23")) and not gx.is_workday(D("2023-04-23"))
    assert gx.day(D("2023-04-23")).layer == "CN-GX"
    assert cn.add_workdays(D("2023-04-20"), 20) == D("2023-05-19")
    assert gx.add_workdays(D("2023-04-20"), 20) == D("2023-05-23")
    # 2017: joined to 清明 (4/1 rest instead of the national make-up day), 4/8 Saturday worked.
    assert cn.is_workday(D("2017-04-01")) and not gx.is_workday(D("2017-04-01"))
    assert not cn.is_workday(D("2017-04-08")) and gx.is_workday(D("2017-04-08"))
    assert not gx.is_workday(D("2017-03-30")) and not gx.is_workday(D("2017-03-31"))


def test_regional_years_not_loaded_are_provisional_with_the_region_named():
    gx = builtin_calendar("CN-GX")
    assert gx.loaded(2024) and not gx.loaded(2025)
    assert gx.year_reasons(2025) == ("2025年广西壮族自治区地方节假日尚未录入",)
    assert gx.year_reasons(2027) == ("2027年节假日安排尚未录入", "2027年广西壮族自治区地方节假日尚未录入")
    assert gx.count(D("2025-03-03"), 20).provisional_reasons == ("2025年广西壮族自治区地方节假日尚未录入",)
    # A province without own days follows the national loading.
    assert builtin_calendar("CN-BJ").loaded(2025)
    assert not builtin_calendar("CN-XJ").loaded(2025)


def test_entered_but_unmarked_regional_days_are_ignored_and_flagged():
    national = builtin_national_layer()
    day = D("2025-05-06")
    region = CalendarLayer("CN-BJ", {day: DayEntry(day, REST, "测试")}, frozenset(), own_days_expected=False)
    cal = WorkCalendar("CN-BJ", [national, region])
    assert cal.is_workday(day)
    assert cal.year_reasons(2025) == ("2025年北京市地方节假日已录入但尚未标记为已录入",)
    marked = WorkCalendar("CN-BJ", [national, CalendarLayer("CN-BJ", region.days, frozenset({2025}), False)])
    assert not marked.is_workday(day) and marked.loaded(2025)


def test_pauses_are_excluded_and_merged():
    cal = builtin_calendar("CN")
    received = D("2025-03-03")
    assert cal.add_workdays(received, 20) == D("2025-03-31")
    assert cal.add_workdays(received, 20, [(D("2025-03-10"), D("2025-03-24"))]) == D("2025-04-16")
    assert cal.add_workdays(received, 20, [(D("2025-03-11"), D("2025-03-23"))]) == D("2025-04-14")
    # Overlapping and touching ranges count once; ranges before the trigger are ignored.
    split = [(D("2025-03-10"), D("2025-03-17")), (D("2025-03-18"), D("2025-03-24")), (D("2025-03-12"), D("2025-03-14"))]
    assert cal.add_workdays(received, 20, split) == D("2025-04-16")
    assert cal.add_workdays(received, 20, [(D("2025-02-01"), D("2025-03-03"))]) == D("2025-03-31")
    # A pause starting before the trigger only removes the days after it.
    assert cal.add_workdays(received, 20, [(D("2025-03-01"), D("2025-03-05"))]) == D("2025-04-02")


def test_workdays_between_is_the_inverse_of_add_workdays():
    cal = builtin_calendar("CN")
    pauses = [(D("2025-03-10"), D("2025-03-24"))]
    for start in (D("2025-01-20"), D("2025-03-03"), D("2025-09-27")):
        for n in (1, 7, 20, 40):
            due = cal.add_workdays(start, n, pauses)
            assert cal.workdays_between(start, due, pauses) == n
            assert cal.workdays_between(start, due - timedelta(days=1), pauses) == n - 1
    assert cal.workdays_between(D("2025-03-31"), D("2025-03-03")) == -20
    assert cal.workdays_in(D("2025-10-01"), D("2025-10-08")) == 0


def test_extra_days_and_range_errors():
    cal = builtin_calendar("CN")
    extra = cal.with_extra_days(rest=[D("2025-03-04")], work=[D("2025-03-08")])
    assert not extra.is_workday(D("2025-03-04")) and extra.is_workday(D("2025-03-08"))
    assert extra.add_workdays(D("2025-03-03"), 20) == cal.add_workdays(D("2025-03-03"), 20)  # one off, one on
    assert extra.day(D("2025-03-04")).name == "临时指定"
    with pytest.raises(DomainError) as exc:
        cal.is_workday(D("1989-12-31"))
    assert "1990–2100" in exc.value.message
    with pytest.raises(DomainError):
        cal.add_workdays(D("2100-12-20"), 20)
    with pytest.raises(DomainError):
        cal.with_extra_days(rest=[D("2025-03-04")], work=[D("2025-03-04")])


def test_bulk_due_dates_match_single_lookups():
    cal = builtin_calendar("CN")
    starts = [date(2004, 1, 1) + timedelta(days=i * 7) for i in range(1000)]
    assert cal.due_dates(starts, 20) == [cal.add_workdays(s, 20) for s in starts]
    with pytest.raises(DomainError):
        cal.due_dates([D("1980-01-01")], 20)


def test_entries_list_layers_and_whether_they_apply():
    gx = builtin_calendar("CN-GX")
    rows = [(e.date.isoformat(), layer, applies) for e, layer, applies in gx.entries(2023) if e.date.month == 4]
    assert ("2023-04-23", "CN", False) in rows and ("2023-04-23", "CN-GX", True) in rows
    assert all(kind in (REST, WORK) for kind in {e.kind for e, _, _ in gx.entries(2023)})
