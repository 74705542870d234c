"""Reading a year's holiday arrangement from a small CSV or JSON file.

Used by the admin upload and ``gongkai calendar load``.  Every problem is reported
with its line (CSV) or position (JSON) in Chinese, all at once, and nothing is
returned unless the whole file is valid (the caller saves all or nothing).

CSV (UTF-8, with or without BOM; GB18030 as exported by Chinese Excel is accepted)::

    date,kind,name,source
    2027-02-06,rest,春节,国办发明电〔2026〕X号
    2027-02-14,work,春节调休上班,国办发明电〔2026〕X号

Headers may also be Chinese (日期,类型,名称,来源).  ``kind``: ``rest`` / 休息 / 休息日 / 放假
for rest days; ``work`` / 上班 / 上班日 / 调休上班 for make-up working days.

JSON: ``{"region": "CN-GX", "year": 2027, "source": "…", "days": [{"date": …, "kind": …,
"name": …, "source": …}]}``, a bare list of such day objects, or
``{"holidays": ["2027-01-01", …], "workdays": [...]}`` (the ``gongkai clock`` shape).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar import KINDS, REST, WORK, DayEntry, WorkCalendar, weekday_zh
from .errors import DomainError
from .regions import NATIONAL, REGIONS

MAX_BYTES = 256 * 1024  # a year has at most a few dozen special days; anything bigger is a mistake
MAX_ERRORS_SHOWN = 20
EXTENSIONS = (".csv", ".json")

KIND_WORDS = {
    "rest": REST, "休息": REST, "休息日": REST, "放假": REST, "节假日": REST, "holiday": REST,
    "work": WORK, "上班": WORK, "上班日": WORK, "调休上班": WORK, "调休上班日": WORK, "workday": WORK,
}
HEADERS = {
    "date": "date", "日期": "date",
    "kind": "kind", "类型": "kind",
    "name": "name", "名称": "name", "节日": "name",
    "source": "source", "来源": "source", "依据": "source",
}


class CalendarFileError(DomainError):
    """The file has problems; ``errors`` lists every one (line-level, in Chinese), in file order."""

    def __init__(self, errors: list[str], field: str | None = "file"):
        shown = errors[:MAX_ERRORS_SHOWN]
        more = f"；另有{len(errors) - len(shown)}处错误未列出" if len(errors) > len(shown) else ""
        super().__init__("文件有误，未导入任何数据：" + "；".join(shown) + more, field=field)
        self.errors = errors


@dataclass(frozen=True)
class FileDay:
    where: str  # 第3行 / days[2]
    entry: DayEntry
    order: int = 0  # position in the file, to report errors in file order


class _Errors(list):
    """(order, message) pairs; ``messages()`` in file order."""

    def add(self, order: int, message: str) -> None:
        self.append((order, message))

    def messages(self) -> list[str]:
        return [m for _, m in sorted(self, key=lambda item: item[0])]


@dataclass(frozen=True)
class CalendarFile:
    days: tuple[FileDay, ...]
    region: str | None = None  # as declared in a JSON file
    year: int | None = None
    source: str = ""

    @property
    def years(self) -> set[int]:
        return {d.entry.date.year for d in self.days}

    def entries(self) -> list[DayEntry]:
        return [d.entry for d in self.days]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarFileError(["文件编码无法识别，请保存为 UTF-8"])


def _day(where: str, order: int, raw_date: Any, raw_kind: Any, name: Any, source: Any, default_source: str,
         errors: _Errors) -> FileDay | None:
    ok = True
    d = None
    if not isinstance(raw_date, str) or len(raw_date.strip()) != 10:
        errors.add(order, f"{where}：日期“{raw_date}”应为 YYYY-MM-DD 格式")
        ok = False
    else:
        try:
            d = date.fromisoformat(raw_date.strip())
        except ValueError:
            errors.add(order, f"{where}：日期“{raw_date}”不存在")
            ok = False
    kind = KIND_WORDS.get(str(raw_kind or "").strip().lower())
    if kind is None:
        errors.add(order, f"{where}：类型“{raw_kind or ''}”无法识别（休息日填 rest 或 休息，调休上班日填 work 或 上班）")
        ok = False
    if not ok:
        return None
    name = str(name or "").strip()
    source = str(source or "").strip() or default_source
    if len(name) > 100 or len(source) > 300:
        errors.add(order, f"{where}：名称或来源过长")
        return None
    return FileDay(where, DayEntry(d, kind, name, source), order)


def _parse_csv(text: str, errors: _Errors) -> CalendarFile:
    reader = csv.reader(io.StringIO(text))
    rows = [(i, row) for i, row in enumerate(reader, start=1) if any(cell.strip() for cell in row)]
    if not rows:
        raise CalendarFileError(["文件是空的"])
    header_line, header = rows[0]
    columns = [HEADERS.get(h.strip().lower()) for h in header]
    if "date" not in columns or "kind" not in columns:
        raise CalendarFileError([f"第{header_line}行：表头应包含 date（日期）和 kind（类型）列，如 date,kind,name,source"])
    days = []
    for line, row in rows[1:]:
        values = {col: (row[i] if i < len(row) else "") for i, col in enumerate(columns) if col}
        if len(row) > len(columns):
            errors.add(line, f"第{line}行：列数多于表头")
            continue
        day = _day(f"第{line}行", line, values.get("date"), values.get("kind"), values.get("name"), values.get("source"),
                   "", errors)
        if day:
            days.append(day)
    return CalendarFile(tuple(days))


def _parse_json(text: str, errors: _Errors) -> CalendarFile:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarFileError([f"JSON 格式错误（第{exc.lineno}行第{exc.colno}列）：{exc.msg}"]) from None
    region = year = None
    source = ""
    days: list[FileDay] = []
    if isinstance(doc, dict) and ("holidays" in doc or "workdays" in doc) and "days" not in doc:
        for key, kind in (("holidays", REST), ("workdays", WORK)):
            values = doc.get(key, [])
            if not isinstance(values, list):
                errors.add(-1, f"{key}：应为日期列表")
                continue
            for j, v in enumerate(values):
                day = _day(f"{key}[{j}]", len(days) + j, v, kind, "", "", "", errors)
                if day:
                    days.append(day)
        return CalendarFile(tuple(days))
    if isinstance(doc, dict):
        unknown = set(doc) - {"region", "year", "source", "days", "note"}
        if unknown:
            errors.add(-1, f"未知的字段 {', '.join(sorted(unknown))}")
        region = doc.get("region")
        if region is not None and region not in REGIONS:
            errors.add(-1, f"region：未知的地区代码“{region}”")
        year = doc.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            errors.add(-1, "year：应为整数年份")
            year = None
        source = str(doc.get("source") or "")
        items = doc.get("days")
    else:
        items = doc
    if not isinstance(items, list):
        raise CalendarFileError(errors.messages() + ["days：应为日期对象的列表"])
    for j, item in enumerate(items):
        where = f"days[{j}]"
        if not isinstance(item, dict):
            errors.add(j, f"{where}：应为对象，如 {{\"date\": \"2027-02-06\", \"kind\": \"rest\", \"name\": \"春节\"}}")
            continue
        day = _day(where, j, item.get("date"), item.get("kind"), item.get("name"), item.get("source"), source, errors)
        if day:
            days.append(day)
    return CalendarFile(tuple(days), region, year, source)


def _read(data: bytes, filename: str) -> tuple[CalendarFile, _Errors]:
    lower = filename.lower()
    if not lower.endswith(EXTENSIONS):
        raise CalendarFileError([f"只接受 .csv 或 .json 文件（收到“{filename}”）"])
    if len(data) > MAX_BYTES:
        raise CalendarFileError([f"文件过大（{len(data)} 字节，上限 {MAX_BYTES} 字节）"])
    if b"\x00" in data:
        raise CalendarFileError(["文件不是文本文件"])
    text = _decode(data)
    errors = _Errors()
    parsed = _parse_csv(text, errors) if lower.endswith(".csv") else _parse_json(text, errors)
    return parsed, errors


def parse_calendar_file(data: bytes, filename: str) -> CalendarFile:
    """Parse a CSV or JSON holiday file; raises ``CalendarFileError`` listing every problem."""
    parsed, errors = _read(data, filename)
    if errors:
        raise CalendarFileError(errors.messages())
    if not parsed.days:
        raise CalendarFileError(["文件中没有任何日期"])
    return parsed


def read_calendar_file(data: bytes, filename: str, region: str, year: int | None,
                       national: WorkCalendar | None) -> CalendarFile:
    """Parse and check a file for ``region`` (see ``check_days``), reporting every problem at once in file order."""
    parsed, errors = _read(data, filename)
    errors.extend(_check(parsed, region, year, national))
    if errors:
        raise CalendarFileError(errors.messages())
    if not parsed.days:
        raise CalendarFileError(["文件中没有任何日期"])
    return parsed


def check_days(parsed: CalendarFile, region: str, year: int | None, national: WorkCalendar | None) -> None:
    """Meaning checks for ``region`` (and ``year`` if given); raises ``CalendarFileError``.

    - the file's declared region/year must match the ones asked for;
    - no date twice;
    - all dates in ``year`` when a year is given;
    - a make-up working day must be a weekend day — or, for a region, a national rest day
      it cancels (``national`` is the national calendar used for that check).
    """
    errors = _check(parsed, region, year, national)
    if errors:
        raise CalendarFileError(errors.messages())


def _check(parsed: CalendarFile, region: str, year: int | None, national: WorkCalendar | None) -> _Errors:
    errors = _Errors()
    if parsed.region is not None and parsed.region != region:
        errors.add(-1, f"文件声明的地区 {parsed.region} 与导入的地区 {region} 不一致")
    if year is not None and parsed.year is not None and parsed.year != year:
        errors.add(-1, f"文件声明的年份 {parsed.year} 与指定的年份 {year} 不一致")
    wanted_year = year if year is not None else parsed.year
    seen: dict[date, str] = {}
    for fd in parsed.days:
        d = fd.entry.date
        if d in seen:
            errors.add(fd.order, f"{fd.where}：{d.isoformat()} 与{seen[d]}重复")
            continue
        seen[d] = fd.where
        if wanted_year is not None and d.year != wanted_year:
            errors.add(fd.order, f"{fd.where}：{d.isoformat()} 不在{wanted_year}年内")
        if fd.entry.kind == WORK and d.weekday() < 5:
            cancels_national = (
                region != NATIONAL and national is not None and national.loaded(d.year) and not national.is_workday(d)
            )
            if not cancels_national:
                errors.add(
                    fd.order,
                    f"{fd.where}：{d.isoformat()}（{weekday_zh(d)}）本来就是工作日，不能登记为调休上班日"
                    + ("" if region == NATIONAL else "（地方只能把全国休息日改为上班日）"),
                )
    return errors


__all__ = [
    "CalendarFile", "CalendarFileError", "FileDay", "KINDS", "MAX_BYTES", "check_days", "parse_calendar_file",
    "read_calendar_file",
]
