"""``gongkai enforcement import FILE --org CODE [--year YYYY] [--replace]``."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.disclosure import imports
from gongkai.disclosure.models import EnforcementKind
from gongkai.tabular import ProgressBars, run_import_command
from gongkai.orgs.models import Organization


class Command(BaseCommand):
    help = "执法决定记录（行政许可、行政处罚、行政强制、行政事业性收费）：导入。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "import",
            help="导入 CSV 或 .xlsx 文件：全部成功才保存，任何一行有误都不保存。",
            description=(
                "导入执法决定记录。列（中文或英文列名）：类别/type（行政许可、行政处罚、行政强制、行政事业性收费，"
                "或 license、penalty、compulsion、fee）、决定书文号/decision_number、决定日期/date、"
                "金额/amount（元，收费必填）。流式读取，上百万行也不占用大量内存；在终端上显示进度。"
                "退出码：0 成功；1 文件中有错误行（逐行列出，未保存任何数据）；2 参数或文件本身有误。"
            ),
        )
        p.add_argument("file", metavar="FILE", help="CSV（UTF-8 或 GBK）或 .xlsx 文件")
        p.add_argument("--org", required=True, metavar="CODE", help="机构代码，例如 LZGA")
        p.add_argument("--year", type=int, metavar="YYYY", help="文件所属年度：决定日期不在该年度的行视为错误")
        p.add_argument("--replace", action="store_true", help="先删除该机构该年度已导入的全部记录（须同时指定 --year）")
        p.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **opts):
        org = Organization.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"机构 {opts['org']} 不存在。", returncode=2)
        progress = ProgressBars(not opts["no_progress"] and sys.stderr.isatty())

        started = time.perf_counter()
        result = run_import_command(self, opts["file"], progress, lambda stream: imports.import_enforcement(
            org, stream, opts["file"], year=opts["year"], replace=opts["replace"], progress=progress))
        elapsed = time.perf_counter() - started
        parts = "，".join(f"{EnforcementKind(k).label} {n} 条" for k, n in result.counts.items())
        replaced = f"；替换了原有 {result.replaced} 条" if result.replaced else ""
        self.stdout.write(
            f"已导入 {result.batch.rows} 条记录（{parts}{replaced}），导入批次 #{result.batch.pk}，用时 {elapsed:.1f} 秒。"
        )

