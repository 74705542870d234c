"""gongkai calendar load|show|mark|seed — working-day data from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendars import services
from gongkai.law.calendar import FIRST_DAY, LAST_DAY, KINDS, today_in_china, weekday_zh
from gongkai.law.calendar_file import MAX_BYTES
from gongkai.law.errors import DomainError
from gongkai.law.regions import REGIONS


def _year(value: str) -> int:
    year = int(value)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError
    return year


class Command(BaseCommand):
    help = "工作日历：load 导入节假日文件 / show 查看某年 / mark 标记已录入 / seed 载入内置数据"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        region_kw = dict(choices=sorted(REGIONS), metavar="REGION", help="地区代码：CN（全国）或 CN-GX 等")

        load = sub.add_parser("load", help="从 CSV 或 JSON 文件导入一年的放假安排（全部成功或全部不导入）")
        load.add_argument("file", help="文件路径（.csv 或 .json）")
        load.add_argument("--region", required=True, **region_kw)
        load.add_argument("--year", type=_year, default=None, help="只接受这一年的日期")
        load.add_argument("--mark-loaded", action="store_true", help="导入后标记为已录入（立即用于期限计算）")

        show = sub.add_parser("show", help="查看某地区某年的节假日、调休上班日和录入状态")
        show.add_argument("--region", default="CN", **region_kw)
        show.add_argument("--year", type=_year, default=None, help="年份（省略时列出各年录入状态）")

        mark = sub.add_parser("mark", help="标记某年已录入（或用 --unmark 取消）")
        mark.add_argument("--region", required=True, **region_kw)
        mark.add_argument("--year", type=_year, required=True)
        mark.add_argument("--unmark", action="store_true", help="取消“已录入”，该年期限改为暂定")

        seed = sub.add_parser("seed", help="载入内置数据（全国 2004–2026 年，广西壮族三月三等）")
        seed.add_argument("--force", action="store_true", help="覆盖已有年份（会丢弃对这些年份的手工修改）")

    def handle(self, *args, action, **opts):
        try:
            getattr(self, f"do_{action}")(**opts)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None

    def do_load(self, file, region, year, mark_loaded, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"文件过大（上限 {MAX_BYTES // 1024} KB）", returncode=2)
        result = services.import_file(path.read_bytes(), path.name, region=region, year=year, mark_loaded=mark_loaded)
        self.stdout.write(result.message)

    def do_mark(self, region, year, unmark, **_):
        row = services.set_year_loaded(region, year, not unmark)
        self.stdout.write(f"{region} {year}年：{'已录入' if row.loaded else '未录入（期限为暂定）'}")

    def do_seed(self, force, **_):
        result = services.seed_builtin(force=force)
        if not result.years:
            self.stdout.write("内置数据均已存在，未作修改（如需覆盖请加 --force）。")
            return
        for region, years in sorted(result.years.items()):
            self.stdout.write(f"{region}：{min(years)}–{max(years)}年，共{len(years)}年")
        self.stdout.write(f"共写入 {result.days} 天。")

    def do_show(self, region, year, **_):
        cal = services.calendar_for(region)
        name = REGIONS[region]
        if year is None:
            self.stdout.write(f"{region} {name}：各年录入状态")
            for y in sorted(set(services.known_years(region)) | {today_in_china().year + 1}):
                status = services.year_status(cal, y)
                mark = "已录入" if status.loaded else "暂定：" + "；".join(status.reasons)
                self.stdout.write(f"  {y}年  {mark}")
            return
        status = services.year_status(cal, year)
        self.stdout.write(f"{region} {name} {year}年：{'已录入' if status.loaded else '未录入'}")
        for reason in status.reasons:
            self.stdout.write(f"  暂定：{reason}（该年按周末计算）")
        self.stdout.write(
            f"  休息日 {status.rest_days} 天，调休上班日 {status.work_days} 天，全年工作日 {status.working_days} 天"
        )
        for entry, layer, applies in cal.entries(year):
            state = "" if applies else "  （未生效）"
            self.stdout.write(
                f"{entry.date.isoformat()}\t{weekday_zh(entry.date)}\t{KINDS[entry.kind]}\t{entry.name}\t{layer}{state}"
            )
