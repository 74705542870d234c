"""Loading the built-in calendar data into the database (data migration and ``gongkai calendar seed``).

Written against model classes passed in, so the data migration can use its
historical models.  Idempotent: a (region, year) that already has a
``CalendarYear`` row is left alone (an administrator may have corrected it)
unless ``force`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.law.calendar import (
    BUILTIN_NATIONAL_YEARS,
    CHINESE_CALENDAR_SOURCE,
    builtin_regional_data,
    national_days_from_package,
)
from gongkai.law.regions import NATIONAL

NATIONAL_SOURCE = CHINESE_CALENDAR_SOURCE


@dataclass
class SeedResult:
    years: dict[str, set[int]] = field(default_factory=dict)  # region → years written
    days: int = 0

    def add(self, region: str, year: int, days: int) -> None:
        self.years.setdefault(region, set()).add(year)
        self.days += days


def seed(CalendarDay, CalendarYear, RegionCalendar, force: bool = False) -> SeedResult:
    result = SeedResult()
    national = national_days_from_package()
    by_year: dict[tuple[str, int], list] = {}
    for d, entry in national.items():
        by_year.setdefault((NATIONAL, d.year), []).append(entry)
    loaded: dict[tuple[str, int], str] = {(NATIONAL, y): NATIONAL_SOURCE for y in BUILTIN_NATIONAL_YEARS}

    for code, data in builtin_regional_data().items():
        settings = {"own_days_expected": data.own_days_expected, "note": data.source}
        if force:
            RegionCalendar.objects.update_or_create(region=code, defaults=settings)
        else:
            RegionCalendar.objects.get_or_create(region=code, defaults=settings)
        for d, entry in data.days.items():
            by_year.setdefault((code, d.year), []).append(entry)
        for y in data.loaded_years:
            loaded[(code, y)] = data.source

    for (region, year) in sorted(set(by_year) | set(loaded)):
        existing = CalendarYear.objects.filter(region=region, year=year).first()
        if existing is not None and not force:
            continue
        entries = by_year.get((region, year), [])
        CalendarDay.objects.filter(region=region, date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(region=region, date=e.date, kind=e.kind, name=e.name, source=e.source) for e in entries]
        )
        CalendarYear.objects.update_or_create(
            region=region,
            year=year,
            defaults={"loaded": (region, year) in loaded, "source": loaded.get((region, year), "")[:300]},
        )
        result.add(region, year, len(entries))
    return result
