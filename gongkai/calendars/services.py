"""Calendar data in the database → ``gongkai.law.calendar.WorkCalendar``; the one way to change it.

Other apps use:

- ``calendar_for(region)`` — the cached calendar of a region (national ∪ regional days);
- ``clock_options_for(organization)`` — the agency's clock settings;
- ``case_clock(organization, received, events, today=None)`` — the clock of one case;
- ``calendar_changed`` (``gongkai.calendars.signals``) — sent when data change.

Every change goes through this module (admin, CLI, seeding): it runs in one
transaction, bumps the revision token that invalidates every process's cache, and
sends ``calendar_changed`` inside the same transaction.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.law.calendar import (
    FIRST_DAY,
    LAST_DAY,
    REST,
    WORK,
    CalendarLayer,
    DayEntry,
    WorkCalendar,
    builtin_calendar,
)
from gongkai.law.calendar_file import CalendarFile, CalendarFileError, FileDay, check_days, read_calendar_file
from gongkai.law.clock import ClockOptions, ClockResult, Event, PauseReading, compute_clock
from gongkai.law.errors import DomainError
from gongkai.law.regions import NATIONAL, REGIONS

from .models import CalendarDay, CalendarRevision, CalendarYear, ClockSettings, RegionCalendar
from .signals import calendar_changed

# -- reading -----------------------------------------------------------------------

_cache: dict[str, tuple[str, WorkCalendar]] = {}
_lock = threading.Lock()


def _revision() -> str:
    token = CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or ""


def _check_region(region: str) -> None:
    if region not in REGIONS:
        raise DomainError(f"未知的地区代码 {region}（应为 CN 或 CN-GX 这样的代码）。", field="region")


def build_calendar(region: str) -> WorkCalendar:
    """Build a region's calendar from the database (no cache)."""
    _check_region(region)
    codes = [NATIONAL] if region == NATIONAL else [NATIONAL, region]
    days: dict[str, dict[date, DayEntry]] = {code: {} for code in codes}
    for code, d, kind, name, source in CalendarDay.objects.filter(region__in=codes).values_list(
        "region", "date", "kind", "name", "source"
    ):
        days[code][d] = DayEntry(d, kind, name, source)
    loaded: dict[str, set[int]] = {code: set() for code in codes}
    for code, year in CalendarYear.objects.filter(region__in=codes, loaded=True).values_list("region", "year"):
        loaded[code].add(year)
    layers = [CalendarLayer(NATIONAL, days[NATIONAL], frozenset(loaded[NATIONAL]), True, "全国")]
    if region != NATIONAL:
        expected = RegionCalendar.objects.filter(region=region).values_list("own_days_expected", flat=True).first()
        layers.append(CalendarLayer(region, days[region], frozenset(loaded[region]), bool(expected)))
    return WorkCalendar(region, layers)


def calendar_for(region: str) -> WorkCalendar:
    """The working-day calendar of ``region`` (``"CN"`` or ``"CN-GX"`` …), cached per process.

    One small query checks the revision token; the calendar is rebuilt only when the
    data changed (in any process).  The returned object is immutable and thread-safe.
    """
    _check_region(region)
    token = _revision()
    hit = _cache.get(region)
    if hit is not None and hit[0] == token:
        return hit[1]
    cal = build_calendar(region)
    with _lock:
        _cache[region] = (token, cal)
    return cal


def database_calendar_available() -> bool:
    """True when the database is reachable and holds the migrated calendar tables.

    An SQLite file that does not exist yet counts as "not migrated" (and is not created).
    """
    db = connection.settings_dict
    name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3") and not name.startswith((":memory:", "file:")) and not Path(name).exists():
        return False
    try:
        if CalendarDay._meta.db_table not in connection.introspection.table_names():
            return False
        return CalendarYear.objects.filter(region=NATIONAL, loaded=True).exists()
    except DatabaseError:
        return False


def calendar_or_builtin(region: str) -> WorkCalendar:
    """The database calendar when available, else the built-in data (used by ``gongkai clock``)."""
    if database_calendar_available():
        return calendar_for(region)
    return builtin_calendar(region)


def clock_options_for(organization) -> ClockOptions:
    """The clock settings of an agency (defaults when it has none)."""
    row = ClockSettings.objects.filter(organization=organization).first()
    if row is None:
        return ClockOptions()
    return ClockOptions(pause_reading=PauseReading(row.pause_reading), correction_period_days=row.correction_period_days)


def case_clock(organization, received: date, events: Sequence[Event], today: date | None = None) -> ClockResult:
    """The clock of one case of ``organization``: its region's calendar and its clock settings."""
    return compute_clock(received, events, calendar_for(organization.region), today, clock_options_for(organization))


# -- changing ------------------------------------------------------------------------


def affected_regions(region: str) -> frozenset[str]:
    """Regions whose calendar includes ``region``'s data (all of them for the national arrangement)."""
    return frozenset(REGIONS) if region == NATIONAL else frozenset({region})


def _changed(region: str, years: Iterable[int]) -> None:
    """Invalidate every cache and tell the other apps (inside the caller's transaction)."""
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
    years = frozenset(years)
    if years:
        calendar_changed.send(sender=CalendarDay, region=region, regions=affected_regions(region), years=years)


@dataclass(frozen=True)
class ImportResult:
    region: str
    years: tuple[int, ...]
    rest_days: int
    work_days: int
    replaced: int  # rows that existed before for those years
    marked_loaded: bool

    @property
    def message(self) -> str:
        years = "、".join(f"{y}年" for y in self.years)
        text = (
            f"已导入 {self.region} {years}：休息日{self.rest_days}天、调休上班日{self.work_days}天"
            f"（替换原有{self.replaced}条）"
        )
        if self.marked_loaded:
            text += "，并已标记为已录入"
        else:
            text += "；尚未标记为已录入，期限计算暂不使用这些数据"
        return text


def import_file(data: bytes, filename: str, *, region: str, year: int | None = None, mark_loaded: bool = False,
                user=None) -> ImportResult:
    """Import a CSV/JSON holiday file for ``region`` (all or nothing); see ``gongkai.law.calendar_file``."""
    _check_region(region)
    national = calendar_for(NATIONAL) if region != NATIONAL else None
    parsed = read_calendar_file(data, filename, region, year, national)
    return import_days(parsed, region=region, year=year, mark_loaded=mark_loaded, user=user)


@transaction.atomic
def import_days(parsed: CalendarFile, *, region: str, year: int | None = None, mark_loaded: bool = False,
                user=None) -> ImportResult:
    """Replace ``region``'s days of every year the file covers with the file's days."""
    _check_region(region)
    if year is not None and not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise DomainError(f"年份应在{FIRST_DAY.year}–{LAST_DAY.year}之间。", field="year")
    national = calendar_for(NATIONAL) if region != NATIONAL else None
    check_days(parsed, region, year, national)
    years = tuple(sorted(parsed.years))
    existing = CalendarDay.objects.filter(region=region, date__year__in=years)
    replaced = existing.count()
    existing.delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(region=region, date=e.date, kind=e.kind, name=e.name, source=e.source) for e in parsed.entries()]
    )
    for y in years:
        row, _ = CalendarYear.objects.get_or_create(region=region, year=y)
        if parsed.source and not row.source:
            row.source = parsed.source[:300]
        if mark_loaded:
            row.loaded, row.loaded_at, row.loaded_by = True, timezone.now(), user
        row.save()
    _changed(region, years)
    entries = parsed.entries()
    return ImportResult(
        region, years, sum(e.kind == REST for e in entries), sum(e.kind == WORK for e in entries), replaced,
        mark_loaded,
    )


def validate_year_loaded(region: str, year: int, loaded: bool) -> None:
    """Raise DomainError if ``region``'s ``year`` cannot be given this loaded status."""
    _check_region(region)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise DomainError(f"年份应在{FIRST_DAY.year}–{LAST_DAY.year}之间。", field="year")
    if loaded and region == NATIONAL and not CalendarDay.objects.filter(region=NATIONAL, date__year=year).exists():
        raise DomainError(
            f"{year}年全国还没有任何节假日数据，不能标记为已录入；请先导入国务院办公厅的放假安排。", field="loaded"
        )


@transaction.atomic
def set_year_loaded(region: str, year: int, loaded: bool = True, user=None, source: str = "") -> CalendarYear:
    """Mark (or unmark) ``region``'s ``year`` as loaded; only loaded years are used for deadlines."""
    validate_year_loaded(region, year, loaded)
    row, _ = CalendarYear.objects.select_for_update().get_or_create(region=region, year=year)
    if row.loaded != loaded or (source and source != row.source):
        row.loaded = loaded
        row.loaded_at = timezone.now() if loaded else None
        row.loaded_by = user if loaded else None
        if source:
            row.source = source[:300]
        row.save()
        _changed(region, [year])
    return row


def validate_day(*, region: str, day: date, kind: str, exclude_pk: int | None = None) -> None:
    """Raise DomainError if the day cannot be registered (the same checks as a file import)."""
    _check_region(region)
    if kind not in (REST, WORK):
        raise DomainError(gettext("类型应为休息日或调休上班日。"), field="kind")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DomainError(f"日期应在{FIRST_DAY.year}–{LAST_DAY.year}年之间。", field="date")
    clash = CalendarDay.objects.filter(region=region, date=day)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(f"{region} 的 {day.isoformat()} 已经登记过。", field="date")
    parsed = CalendarFile((FileDay("该日期", DayEntry(day, kind)),))
    try:
        check_days(parsed, region, None, calendar_for(NATIONAL) if region != NATIONAL else None)
    except CalendarFileError as exc:
        raise DomainError("；".join(exc.errors), field="kind") from None


@transaction.atomic
def save_day(*, region: str, day: date, kind: str, name: str = "", source: str = "",
             instance: CalendarDay | None = None) -> CalendarDay:
    """Create or change one day (admin)."""
    existing = instance.pk if instance is not None and instance.pk else None
    validate_day(region=region, day=day, kind=kind, exclude_pk=existing)
    if existing:
        before = CalendarDay.objects.get(pk=existing)
        if (before.region, before.date.year) != (region, day.year):
            _changed(before.region, [before.date.year])
    else:
        instance = CalendarDay()
    instance.region, instance.date, instance.kind, instance.name, instance.source = region, day, kind, name, source
    instance.save()
    CalendarYear.objects.get_or_create(region=region, year=day.year)
    _changed(region, [day.year])
    return instance


@transaction.atomic
def delete_days(days: Iterable[CalendarDay]) -> int:
    """Delete days (admin); sends ``calendar_changed`` per region."""
    by_region: dict[str, set[int]] = {}
    ids = []
    for d in days:
        by_region.setdefault(d.region, set()).add(d.date.year)
        ids.append(d.pk)
    count, _ = CalendarDay.objects.filter(pk__in=ids).delete()
    for region, years in by_region.items():
        _changed(region, years)
    return count


@transaction.atomic
def seed_builtin(force: bool = False):
    """Load the built-in data (national 2004–2026 + shipped regional days) where missing."""
    from .seed import seed

    result = seed(CalendarDay, CalendarYear, RegionCalendar, force=force)
    if not result.years:
        CalendarRevision.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
    for region, years in result.years.items():
        _changed(region, years)
    return result


def validate_own_days_expected(region: str) -> None:
    _check_region(region)
    if region == NATIONAL:
        raise DomainError(gettext("全国日历本身每年都须录入，不需要这项设置。"), field="region")


@transaction.atomic
def set_own_days_expected(region: str, expected: bool, note: str | None = None) -> RegionCalendar:
    """Whether ``region`` has its own days that must be loaded every year."""
    validate_own_days_expected(region)
    row, _ = RegionCalendar.objects.get_or_create(region=region)
    row.own_days_expected = expected
    if note is not None:
        row.note = note
    row.save()
    _changed(region, range(FIRST_DAY.year, LAST_DAY.year + 1))
    return row


# -- overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class YearStatus:
    year: int
    loaded: bool
    reasons: tuple[str, ...]
    rest_days: int
    work_days: int
    working_days: int  # working days in the year on this calendar


def year_status(cal: WorkCalendar, year: int) -> YearStatus:
    entries = [(e, applies) for e, _, applies in cal.entries(year)]
    return YearStatus(
        year,
        cal.loaded(year),
        cal.year_reasons(year),
        sum(1 for e, a in entries if a and e.kind == REST),
        sum(1 for e, a in entries if a and e.kind == WORK),
        cal.workdays_in(date(year, 1, 1), date(year, 12, 31)),
    )


def known_years(region: str) -> list[int]:
    """Years with a CalendarYear row for the region or the national layer, newest first."""
    codes = {NATIONAL, region}
    return sorted(set(CalendarYear.objects.filter(region__in=codes).values_list("year", flat=True)), reverse=True)
