"""gongkai clock [FILE|-] — the statutory clock as a JSON filter (stable contract, see docs/clock.md).

Input: one JSON document ``{"received": "2025-03-03", "region": "CN-GX", "events": [...],
"today": "…", "calendar": {"holidays": [...], "workdays": [...]}}`` or a list of them.
Output: one JSON document per input document (a list for a list).  Bad input → exit
status 2 and a Chinese message naming the problem.  Uses the database calendar when the
database is migrated, else the built-in data (national 2004–2026 + shipped regional days).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendars import services
from gongkai.law.calendar import builtin_calendar
from gongkai.law.clock import ClockOptions, case_from_dict, compute_clock
from gongkai.law.errors import DomainError


class Command(BaseCommand):
    help = "计算申请的法定期限：读入一个 JSON 文档（或文档列表），输出期限、状态和说明"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="JSON 文件路径，- 或省略表示标准输入")
        parser.add_argument("--builtin", action="store_true", help="不读数据库，只用内置日历数据")

    def handle(self, *args, file, builtin, **opts):
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()
        except OSError as exc:
            raise CommandError(f"无法读取 {file}：{exc.strerror}", returncode=2) from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} 不是 UTF-8 编码的文本", returncode=2) from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"输入不是合法的 JSON（第{exc.lineno}行第{exc.colno}列）：{exc.msg}", returncode=2) from None

        use_db = not builtin and services.database_calendar_available()
        calendars = {}

        def calendar(region):
            if region not in calendars:
                calendars[region] = services.calendar_for(region) if use_db else builtin_calendar(region)
            return calendars[region]

        def one(item, prefix=""):
            try:
                case = case_from_dict(item)
                cal = calendar(case.region).with_extra_days(case.extra_rest, case.extra_work)
                options = ClockOptions(pause_reading=case.pause_reading) if case.pause_reading else ClockOptions()
                return compute_clock(case.received, case.events, cal, case.today, options).to_dict()
            except DomainError as exc:
                raise CommandError(prefix + exc.message, returncode=2) from None

        if isinstance(doc, list):
            result = [one(item, f"第{i + 1}个文档：") for i, item in enumerate(doc)]
        else:
            result = one(doc)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
