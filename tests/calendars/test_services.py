"""Calendar data in the database: seeding, caching, loading a year, the calendar_changed signal."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars import services
from gongkai.calendars.models import CalendarDay, CalendarYear, ClockSettings, RegionCalendar
from gongkai.calendars.signals import calendar_changed
from gongkai.law.calendar import builtin_calendar
from gongkai.law.calendar_file import CalendarFileError
from gongkai.law.clock import Event, EventType, State
from gongkai.law.errors import DomainError
from gongkai.law.regions import REGIONS
from gongkai.orgs.services import create_organization

pytestmark = pytest.mark.django_db
D = date.fromisoformat

CSV_2027 = """date,kind,name,source
2027-01-01,rest,元旦,国务院办公厅关于2027年部分节假日安排的通知（测试数据）
2027-01-02,rest,元旦,
2027-01-03,rest,元旦,
""".encode()


@pytest.fixture
def signals():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    calendar_changed.connect(receiver)
    yield received
    calendar_changed.disconnect(receiver)


def test_migration_seeds_the_national_years_and_guangxi():
    loaded = set(CalendarYear.objects.filter(region="CN", loaded=True).values_list("year", flat=True))
    assert loaded == set(range(2004, 2027))
    assert set(CalendarYear.objects.filter(region="CN-GX", loaded=True).values_list("year", flat=True)) == {2017, 2023, 2024}
    assert RegionCalendar.objects.get(region="CN-GX").own_days_expected
    day = CalendarDay.objects.get(region="CN-GX", date=D("2023-04-23"))
    assert day.kind == "rest" and "calendar.md" in day.source and day.weekday == "星期日"
    assert CalendarDay.objects.get(region="CN", date=D("2025-01-28")).name == "春节"


@pytest.mark.parametrize("region", ["CN", "CN-GX", "CN-BJ", "CN-XJ"])
def test_database_calendar_equals_the_builtin_one(region):
    db, builtin = services.calendar_for(region), builtin_calendar(region)
    assert db._work == builtin._work  # every day 1990–2100
    assert db.loaded_years == builtin.loaded_years


def test_calendar_is_cached_until_the_data_change():
    first = services.calendar_for("CN")
    assert services.calendar_for("CN") is first
    services.set_year_loaded("CN", 2026, False)
    second = services.calendar_for("CN")
    assert second is not first and not second.loaded(2026)


def test_loading_2027_turns_the_provisional_case_final_and_fires_the_signal(signals):
    before = services.calendar_for("CN").count(D("2026-12-15"), 20)
    assert before.date == D("2027-01-12") and before.provisional_reasons == ("2027年节假日安排尚未录入",)

    result = services.import_file(CSV_2027, "2027.csv", region="CN", year=2027)
    assert (result.years, result.rest_days, result.marked_loaded) == ((2027,), 3, False)
    assert "尚未标记为已录入" in result.message
    assert services.calendar_for("CN").count(D("2026-12-15"), 20).date == D("2027-01-12")  # entered, not yet used

    services.set_year_loaded("CN", 2027, True)
    after = services.calendar_for("CN").count(D("2026-12-15"), 20)
    assert after.date == D("2027-01-13") and not after.provisional
    assert [s["years"] for s in signals] == [frozenset({2027}), frozenset({2027})]
    assert signals[0]["region"] == "CN" and signals[0]["regions"] == frozenset(REGIONS)


def test_import_and_mark_in_one_step_and_the_clock_of_an_agency(signals):
    org = create_organization(name="柳州市公安局", code="LZGA", region="CN-GX")
    events = [Event(EventType.CONSULTATION_SENT, D("2026-12-17")), Event(EventType.CONSULTATION_ANSWERED, D("2026-12-18"))]
    before = services.case_clock(org, D("2026-12-15"), events, today=D("2026-12-18"))
    assert before.provisional and "2027年节假日安排尚未录入" in before.provisional_reasons
    services.import_file(CSV_2027, "2027.csv", region="CN", mark_loaded=True)
    services.set_year_loaded("CN-GX", 2026, True)
    services.set_year_loaded("CN-GX", 2027, True)
    after = services.case_clock(org, D("2026-12-15"), events, today=D("2026-12-18"))
    assert not after.provisional and after.due > before.due
    assert {s["region"] for s in signals} == {"CN", "CN-GX"}
    ClockSettings.objects.create(organization=org, pause_reading="exclusive")
    exclusive = services.case_clock(org, D("2026-12-15"), events, today=D("2026-12-18"))
    assert exclusive.due < after.due  # 12-17 and 12-18 are counted again


def test_import_is_all_or_nothing_with_line_errors(signals):
    before = CalendarDay.objects.filter(region="CN", date__year=2026).count()
    bad = "date,kind,name\n2026-01-01,rest,元旦\n2026-02-30,rest,x\n2026-03-04,work,y\n2026-01-01,rest,重复\n".encode()
    with pytest.raises(CalendarFileError) as exc:
        services.import_file(bad, "2026.csv", region="CN", year=2026)
    assert exc.value.errors[0] == "第3行：日期“2026-02-30”不存在"
    assert any("第4行：2026-03-04（星期三）本来就是工作日" in e for e in exc.value.errors)
    assert any(e.startswith("第5行：2026-01-01 与第2行重复") for e in exc.value.errors)
    assert CalendarDay.objects.filter(region="CN", date__year=2026).count() == before
    assert signals == []


def test_import_replaces_the_years_it_covers():
    services.import_file(CSV_2027, "2027.csv", region="CN")
    smaller = b"date,kind\n2027-01-01,rest\n"
    result = services.import_file(smaller, "2027.csv", region="CN", year=2027)
    assert result.replaced == 3 and CalendarDay.objects.filter(region="CN", date__year=2027).count() == 1
    with pytest.raises(CalendarFileError) as exc:
        services.import_file(smaller, "2027.csv", region="CN", year=2028)
    assert "不在2028年内" in exc.value.message


def test_region_may_turn_a_national_holiday_into_a_working_day_but_not_an_ordinary_weekday():
    # 2025-10-08 is a national rest day (国庆/中秋); a region may work it, not an ordinary Tuesday.
    services.import_file(b"date,kind,name\n2025-10-08,work,test\n", "r.csv", region="CN-BJ", mark_loaded=True)
    assert services.calendar_for("CN-BJ").is_workday(D("2025-10-08"))
    with pytest.raises(CalendarFileError):
        services.import_file(b"date,kind,name\n2025-10-14,work,test\n", "r.csv", region="CN-BJ")


def test_marking_rules():
    with pytest.raises(DomainError) as exc:
        services.set_year_loaded("CN", 2030, True)
    assert "2030年全国还没有任何节假日数据" in exc.value.message
    with pytest.raises(DomainError):
        services.set_year_loaded("CN-XX", 2025, True)
    row = services.set_year_loaded("CN-XJ", 2025, True)  # a region may confirm a year without own days
    assert row.loaded and services.calendar_for("CN-XJ").loaded(2025)


def test_saving_and_deleting_days_fires_the_signal(signals):
    day = services.save_day(region="CN-GX", day=D("2025-03-31"), kind="rest", name="壮族三月三")
    assert signals[-1]["years"] == frozenset({2025}) and CalendarYear.objects.filter(region="CN-GX", year=2025).exists()
    with pytest.raises(DomainError) as exc:
        services.save_day(region="CN-GX", day=D("2025-03-31"), kind="rest")
    assert "已经登记过" in exc.value.message
    services.set_year_loaded("CN-GX", 2025, True)
    assert not services.calendar_for("CN-GX").is_workday(D("2025-03-31"))
    services.delete_days([day])
    assert services.calendar_for("CN-GX").is_workday(D("2025-03-31"))
    assert len(signals) == 3


def test_seed_is_idempotent_and_force_restores(signals):
    assert services.seed_builtin().years == {}
    CalendarDay.objects.filter(region="CN", date=D("2025-10-08")).delete()
    assert services.seed_builtin().years == {}  # the year row exists: an admin's edit is kept
    result = services.seed_builtin(force=True)
    assert 2025 in result.years["CN"] and CalendarDay.objects.filter(region="CN", date=D("2025-10-08")).exists()
    assert signals


def test_database_calendar_available():
    assert services.database_calendar_available()


def test_clock_state_follows_the_database_calendar():
    org = create_organization(name="北京某局", code="BJ1", region="CN-BJ")
    r = services.case_clock(org, D("2025-03-03"), [], today=D("2025-03-04"))
    assert r.state == State.OPEN and r.due == D("2025-03-31")
