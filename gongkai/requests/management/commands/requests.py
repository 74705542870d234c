"""``gongkai requests import FILE --org CODE`` · ``gongkai requests tick`` · ``gongkai requests check``."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.tabular import ProgressBars, run_import_command
from gongkai.orgs.models import Organization
from gongkai.requests import imports, services


class Command(BaseCommand):
    help = "依申请公开：导入历史申请、每日期限任务、一致性检查。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "import", help="导入历史申请（CSV 或 .xlsx）：全部成功才保存，任何一行有误都不保存。",
            description=(
                "导入本机关以往的政府信息公开申请。列（中文或英文列名）：申请编号/request_number、收到日期/received、"
                "申请人类型/applicant_type（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）、"
                "办理结果/outcome（年度报告表三的结果名称如“部分公开”或代码如 partially_granted；尚未办结的留空）、"
                "办结日期/concluded（尚未办结的留空）、收费金额/fee（元，可选）、申请内容/description（可选）。"
                "退出码：0 成功；1 文件中有错误行（逐行列出，未保存任何数据）；2 参数或文件本身有误。"),
        )
        p.add_argument("file", metavar="FILE")
        p.add_argument("--org", required=True, metavar="CODE", help="机构代码，例如 LZGA")
        p.add_argument("--no-progress", action="store_true", help="不显示进度条")
        t = sub.add_parser(
            "tick", help="每日任务：按今天重新计算办理中申请的期限，并对逾期未补正、逾期未缴费的申请终止处理（可重复执行）。")
        t.add_argument("--org", metavar="CODE", help="只处理一个机构")
        c = sub.add_parser("check", help="由办理记录重新计算每件申请的期限和状态，列出与已保存数据不一致之处。")
        c.add_argument("--org", metavar="CODE")

    def _org(self, code):
        if code is None:
            return None
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"机构 {code} 不存在。", returncode=2)
        return org

    def handle(self, *args, **opts):
        getattr(self, f"do_{opts['action']}")(opts)

    def do_import(self, opts):
        org = self._org(opts["org"])
        progress = ProgressBars(not opts["no_progress"] and sys.stderr.isatty(), "读取")

        started = time.perf_counter()
        result = run_import_command(self, opts["file"], progress,
                                    lambda stream: imports.import_requests(org, stream, opts["file"], progress=progress))
        self.stdout.write(
            f"已导入 {result.created} 件申请（已办结 {result.concluded} 件，办理中 {result.open} 件，"
            f"有收费记录 {result.with_fee} 件），用时 {time.perf_counter() - started:.1f} 秒。")

    def do_tick(self, opts):
        started = time.perf_counter()
        result = services.tick(org=self._org(opts.get("org")))
        ended = f"；终止处理 {len(result.ended)} 件：{'、'.join(result.ended)}" if result.ended else ""
        self.stdout.write(f"已检查办理中申请 {result.checked} 件，更新期限 {result.updated} 件{ended}"
                          f"（{time.perf_counter() - started:.1f} 秒）。")

    def do_check(self, opts):
        from gongkai.requests.models import Case

        qs = Case.objects.select_related("organization", "clock").order_by("pk")
        org = self._org(opts.get("org"))
        if org is not None:
            qs = qs.filter(organization=org)
        problems = services.check_consistency(qs)
        for p in problems:
            self.stderr.write(p)
        if problems:
            raise CommandError(f"{len(problems)} 处不一致。", returncode=1)
        self.stdout.write(f"{qs.count()} 件申请的期限和状态与办理记录一致。")
