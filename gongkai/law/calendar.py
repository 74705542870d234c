"""Working-day calendars (工作日历) per region, indexed for O(1) deadline arithmetic.

Every time limit of the 条例 is counted in 工作日 (条例第三十条、第三十二条、第三十三条、
第二十六条; 国办函〔2020〕109号).  A 工作日 is a day that is not a weekend day or
statutory rest day, plus the weekend days the State Council designates as make-up
working days (调休上班日) — see ``calendar.md`` §1.

A region's calendar is a stack of *layers*, applied in order:

1. the national arrangement (《全国年节及纪念日放假办法》 + the annual
   《国务院办公厅关于YYYY年部分节假日安排的通知》), region ``CN``;
2. the province's own rest days and make-up working days
   (放假办法第四条: ethnic-minority festivals are set locally, e.g. 广西 壮族三月三;
   a province may even cancel a national make-up day, as 广西 did on 2023-04-23).

Each layer says which years it has *loaded*.  A layer's days for a year apply only
once that year is loaded; a year not loaded is counted on weekends alone, and every
date computed across it is *provisional* with a reason such as
"2027年节假日安排尚未录入".  The national layer must be loaded for every year; a
regional layer must be loaded for every year when the region is known to have its
own days (``own_days_expected``: 广西、新疆、西藏 by default), otherwise only for years
in which someone entered regional days.

Index: one dense array over 1990-01-01 … 2100-12-31 holding, for each day, the
number of working days before it, plus the list of working days in order.  "The
N-th working day after D", "working days in (A, B]" and "is D a working day" are
then O(1) (O(number of paused periods) when pauses are excluded), so a million
due dates take well under a second (``bench/clock_bench.py``).  The day-by-day loop
of calendar.md §2 is kept only as the reference the tests compare against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from .errors import DomainError
from .regions import NATIONAL, REGIONS

REST = "rest"  # 休息日: statutory holiday or the rest days of a holiday block
WORK = "work"  # 调休上班日: a weekend (or regionally cancelled rest) day that is worked
KINDS = {REST: "休息日", WORK: "上班日"}

FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)
BUILTIN_NATIONAL_YEARS = range(2004, 2027)  # chinese-calendar 1.11.0 covers 2004–2026

CHINA = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"

_DATA_DIR = Path(__file__).with_name("data")


def today_in_china() -> date:
    """Today's date in Asia/Shanghai (the platform's legal clock)."""
    return datetime.now(CHINA).date()


def weekday_zh(d: date) -> str:
    return "星期" + WEEKDAYS[d.weekday()]


@dataclass(frozen=True)
class DayEntry:
    """One day a layer declares: a rest day or a make-up working day."""

    date: date
    kind: str  # REST | WORK
    name: str = ""  # e.g. 春节, 壮族三月三, 国庆节调休上班
    source: str = ""  # where the day comes from (notice, decree, package)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown day kind {self.kind!r}")


@dataclass(frozen=True)
class CalendarLayer:
    """The days one authority declares: the State Council (``CN``) or a province (``CN-GX``)."""

    code: str
    days: Mapping[date, DayEntry]
    loaded_years: frozenset[int]
    own_days_expected: bool = True  # every year must be loaded explicitly
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or REGIONS.get(self.code, self.code)

    def years_with_days(self) -> set[int]:
        return {d.year for d in self.days}

    def missing_reason(self, year: int) -> str | None:
        """Why ``year`` cannot be trusted on this layer (``None`` when it can)."""
        if year in self.loaded_years:
            return None
        if self.code == NATIONAL:
            return f"{year}年节假日安排尚未录入"
        if self.own_days_expected:
            return f"{year}年{self.label}地方节假日尚未录入"
        if any(d.year == year for d in self.days):
            return f"{year}年{self.label}地方节假日已录入但尚未标记为已录入"
        return None


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day (for screens and ``gongkai calendar show``)."""

    date: date
    workday: bool
    kind: str  # 工作日 | 周末 | 休息日 | 调休上班日
    name: str
    layer: str | None  # region code of the layer that decided, None for plain weekdays/weekends
    provisional_reason: str | None


@dataclass(frozen=True)
class Counted:
    """A computed date with the years it depends on that are not loaded."""

    date: date
    provisional_reasons: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)


class WorkCalendar:
    """A region's working-day calendar with its index.  Immutable; build a new one when data change.

    ``extra_rest`` / ``extra_work`` are days imposed on top of every layer regardless of
    loading (used by ``gongkai clock`` for the ``"calendar"`` field of its input).
    """

    def __init__(
        self,
        region: str,
        layers: Sequence[CalendarLayer],
        extra_rest: Iterable[date] = (),
        extra_work: Iterable[date] = (),
    ):
        if not layers or layers[0].code != NATIONAL:
            raise ValueError("the first layer must be the national arrangement (CN)")
        self.region = region
        self.layers = tuple(layers)
        self.extra_rest = frozenset(extra_rest)
        self.extra_work = frozenset(extra_work)
        overlap = self.extra_rest & self.extra_work
        if overlap:
            d = min(overlap)
            raise DomainError(f"{d.isoformat()} 不能同时是休息日和上班日。", field="calendar")

        self._base = FIRST_DAY.toordinal()
        self._size = LAST_DAY.toordinal() - self._base + 1
        self._decided: dict[date, tuple[DayEntry, str]] = {}
        self._year_reasons: dict[int, tuple[str, ...]] = {}
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            reasons = tuple(r for r in (layer.missing_reason(year) for layer in self.layers) if r)
            if reasons:
                self._year_reasons[year] = reasons
        for layer in self.layers:
            for d, entry in layer.days.items():
                if d.year in layer.loaded_years and FIRST_DAY <= d <= LAST_DAY:
                    self._decided[d] = (entry, layer.code)

        work = bytearray(self._size)
        base = self._base
        for i in range(self._size):
            work[i] = 1 if (base + i - 1) % 7 < 5 else 0  # ordinal 1 (0001-01-01) was a Monday
        for d, (entry, _) in self._decided.items():
            work[d.toordinal() - base] = 1 if entry.kind == WORK else 0
        for d in self.extra_rest:
            self._check_range(d, "calendar")
            work[d.toordinal() - base] = 0
        for d in self.extra_work:
            self._check_range(d, "calendar")
            work[d.toordinal() - base] = 1

        before = [0] * (self._size + 1)  # before[i] = working days with index < i
        ordinals: list[int] = []
        count = 0
        for i, w in enumerate(work):
            if w:
                ordinals.append(base + i)
                count += 1
            before[i + 1] = count
        self._work = bytes(work)
        self._before = before
        self._ordinals = ordinals

    # -- constructors ---------------------------------------------------------
    def with_extra_days(self, rest: Iterable[date] = (), work: Iterable[date] = ()) -> "WorkCalendar":
        """This calendar with additional rest / working days imposed (they win over every layer)."""
        rest, work = set(rest), set(work)
        if not rest and not work:
            return self
        return WorkCalendar(
            self.region,
            self.layers,
            extra_rest=(self.extra_rest - work) | rest,
            extra_work=(self.extra_work - rest) | work,
        )

    # -- basic lookups --------------------------------------------------------
    def _check_range(self, d: date, field_name: str | None = None) -> int:
        i = d.toordinal() - self._base
        if not 0 <= i < self._size:
            raise DomainError(
                f"日期 {d.isoformat()} 超出工作日历支持的范围（{FIRST_DAY.year}–{LAST_DAY.year}年）。",
                field=field_name,
            )
        return i

    def is_workday(self, d: date) -> bool:
        """True if ``d`` is a working day (O(1))."""
        return bool(self._work[self._check_range(d)])

    def loaded(self, year: int) -> bool:
        """True if every layer this region depends on has ``year`` loaded."""
        return year not in self._year_reasons

    @property
    def loaded_years(self) -> frozenset[int]:
        return frozenset(y for y in range(FIRST_DAY.year, LAST_DAY.year + 1) if y not in self._year_reasons)

    def year_reasons(self, year: int) -> tuple[str, ...]:
        """Why ``year`` is not loaded (empty when it is)."""
        return self._year_reasons.get(year, ())

    def reasons_between(self, start: date, end: date) -> tuple[str, ...]:
        """Reasons making days in (start, end] provisional — the days a count after ``start`` looks at."""
        if end <= start:
            return ()
        first = (start + timedelta(days=1)).year
        out: list[str] = []
        for year in range(first, end.year + 1):
            out.extend(self._year_reasons.get(year, ()))
        return tuple(out)

    def day(self, d: date) -> DayInfo:
        """Describe one day: working or not, why, and whether its year is loaded."""
        workday = self.is_workday(d)
        reason = "；".join(self._year_reasons.get(d.year, ())) or None
        if d in self.extra_rest or d in self.extra_work:
            kind = "调休上班日" if workday else "休息日"
            return DayInfo(d, workday, kind, "临时指定", None, reason)
        decided = self._decided.get(d)
        if decided:
            entry, layer = decided
            weekend = d.weekday() >= 5
            if entry.kind == WORK:
                kind = "调休上班日" if weekend else "工作日"
            else:
                kind = "休息日"
            return DayInfo(d, workday, kind, entry.name, layer, reason)
        return DayInfo(d, workday, "工作日" if workday else "周末", "", None, reason)

    def entries(self, year: int) -> list[tuple[DayEntry, str, bool]]:
        """Every day the layers declare in ``year``: (entry, layer code, applies), by date and layer.

        ``applies`` is False when the layer's year is not loaded (the day is then ignored)
        or a later layer overrides it.
        """
        rows = []
        for layer in self.layers:
            for d, entry in layer.days.items():
                if d.year == year:
                    decided = self._decided.get(d)
                    applies = decided is not None and decided[0] is entry and decided[1] == layer.code
                    rows.append((entry, layer.code, applies))
        rows.sort(key=lambda r: (r[0].date, [layer.code for layer in self.layers].index(r[1])))
        return rows

    # -- counting -------------------------------------------------------------
    def _merge(self, excluded: Iterable[tuple[date, date]]) -> list[tuple[int, int]]:
        """Excluded closed day ranges → sorted, merged index ranges."""
        check = self._check_range
        spans = sorted((check(a), check(b)) for a, b in excluded if b >= a)
        if len(spans) < 2:
            return spans
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return [(a, b) for a, b in merged]

    def add_workdays(self, start: date, n: int, excluded: Iterable[tuple[date, date]] = ()) -> date:
        """The ``n``-th working day after ``start`` (calendar.md §2: ``start`` itself never counts).

        ``excluded``: closed day ranges ``(first, last)`` whose working days are not counted
        (paused periods, already converted to the inclusive/exclusive reading).  ``n == 0``
        returns ``start``.  Raises DomainError when the result leaves the supported range.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        s = start.toordinal() - self._base
        if not 0 <= s < self._size:
            self._check_range(start)
        if n == 0:
            return start
        before = self._before
        pos = before[s + 1]  # working days up to and including start
        need = n
        if excluded:
            for a, b in self._merge(excluded):
                if b <= s:
                    continue
                a = max(a, s + 1)
                avail = before[a] - pos
                if avail >= need:
                    break
                need -= avail
                pos = max(pos, before[b + 1])
        k = pos + need - 1
        if k >= len(self._ordinals):
            raise DomainError(f"期限超出工作日历支持的范围（至{LAST_DAY.year}年）。")
        return date.fromordinal(self._ordinals[k])

    def count(self, start: date, n: int, excluded: Iterable[tuple[date, date]] = ()) -> Counted:
        """``add_workdays`` plus the reasons why the result is provisional."""
        due = self.add_workdays(start, n, excluded)
        return Counted(due, self.reasons_between(start, due))

    def workdays_between(self, start: date, end: date, excluded: Iterable[tuple[date, date]] = ()) -> int:
        """Working days in (start, end] not inside ``excluded``; negative of (end, start] if end < start."""
        if end < start:
            return -self.workdays_between(end, start, excluded)
        s, e = self._check_range(start), self._check_range(end)
        before = self._before
        total = before[e + 1] - before[s + 1]
        for a, b in self._merge(excluded):
            a, b = max(a, s + 1), min(b, e)
            if a <= b:
                total -= before[b + 1] - before[a]
        return total

    def workdays_in(self, first: date, last: date) -> int:
        """Working days in the closed range [first, last]."""
        if last < first:
            return 0
        return self._before[self._check_range(last) + 1] - self._before[self._check_range(first)]

    def next_workday(self, d: date) -> date:
        """The first working day after ``d``."""
        return self.add_workdays(d, 1)

    def due_dates(self, starts: Iterable[date], n: int) -> list[date]:
        """Bulk ``add_workdays`` without pauses: the fast path for batch recomputation and the benchmark."""
        if n < 1:
            raise ValueError("n must be >= 1")
        base, before, ordinals, size = self._base, self._before, self._ordinals, self._size
        fromordinal = date.fromordinal
        out = []
        append = out.append
        for d in starts:
            i = d.toordinal() - base
            if not 0 <= i < size:
                self._check_range(d)
            append(fromordinal(ordinals[before[i + 1] + n - 1]))
        return out


# -- built-in data ------------------------------------------------------------

# chinese-calendar names its holidays in English; the platform shows Chinese.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
CHINESE_CALENDAR_SOURCE = "国务院办公厅部分节假日安排的通知（数据来自 chinese-calendar 1.11.0）"


def national_days_from_package() -> dict[date, DayEntry]:
    """The State Council arrangements 2004–2026 from the chinese-calendar package.

    Uses the package's tables directly (not ``find_workday``, whose counting differs
    from ours — calendar.md §4).  The package is pinned (==1.11.0) so the data are stable.
    """
    from chinese_calendar import constants  # imported lazily: only seeding needs it

    days: dict[date, DayEntry] = {}
    for d, name in constants.holidays.items():
        days[d] = DayEntry(d, REST, HOLIDAY_NAMES_ZH.get(name, name), CHINESE_CALENDAR_SOURCE)
    for d, name in constants.workdays.items():
        days[d] = DayEntry(d, WORK, HOLIDAY_NAMES_ZH.get(name, name) + "调休上班", CHINESE_CALENDAR_SOURCE)
    return days


@dataclass(frozen=True)
class RegionalData:
    code: str
    own_days_expected: bool
    loaded_years: frozenset[int]
    source: str
    days: dict[date, DayEntry] = field(default_factory=dict)


@lru_cache(maxsize=1)
def builtin_regional_data() -> dict[str, RegionalData]:
    """Regional days shipped with the platform (``law/data/regional_days.json``)."""
    raw = json.loads((_DATA_DIR / "regional_days.json").read_text(encoding="utf-8"))
    out = {}
    for code, spec in raw["regions"].items():
        days = {}
        for item in spec.get("days", []):
            d = date.fromisoformat(item["date"])
            days[d] = DayEntry(d, item["kind"], item["name"], item.get("source", spec.get("source", "")))
        out[code] = RegionalData(
            code, bool(spec["own_days_expected"]), frozenset(spec.get("loaded_years", [])), spec.get("source", ""), days
        )
    return out


@lru_cache(maxsize=1)
def builtin_national_layer() -> CalendarLayer:
    return CalendarLayer(NATIONAL, national_days_from_package(), frozenset(BUILTIN_NATIONAL_YEARS), True, "全国")


@lru_cache(maxsize=64)
def builtin_calendar(region: str = NATIONAL) -> WorkCalendar:
    """The calendar from the built-in data (no database): national 2004–2026 + shipped regional days."""
    if region not in REGIONS:
        raise DomainError(f"未知的地区代码 {region}（应为 CN 或 CN-GX 这样的代码）。", field="region")
    layers = [builtin_national_layer()]
    if region != NATIONAL:
        data = builtin_regional_data().get(region)
        if data is not None:
            layers.append(CalendarLayer(region, data.days, data.loaded_years, data.own_days_expected))
    return WorkCalendar(region, layers)
