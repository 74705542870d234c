"""``gongkai annual-report build --org CODE --year YYYY --format json|html|docx|pdf --output PATH``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.annual import documents, services
from gongkai.annual.models import FileKind
from gongkai.law.errors import DomainError
from gongkai.orgs.models import Organization

FORMATS = ("json", "html", "docx", "pdf", "csv")


class Command(BaseCommand):
    help = "政府信息公开工作年度报告：编制并输出。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "build",
            help="按平台数据编制年度报告，输出 JSON、HTML、Word 或 PDF。",
            description=(
                "编制某机构某年度的政府信息公开工作年度报告（2021 年格式）。默认输出正在编制的版本"
                "（编辑中的版本按当前数据和手工修改的数字计算；已提交的版本用提交时保存的数值）；"
                "没有正在编制的版本时，按当前数据生成草稿（不保存）。--version N 输出已发布的第 N 版（发布时保存的文件，原样输出）。"
                "JSON 与 gongkai report check --json 的文档结构相同（docs/report-json.md）。"
                "退出码：0 无错误；1 报告有错误（仍输出文件，错误列在标准错误）；2 参数有误。"
            ),
        )
        p.add_argument("--org", required=True, metavar="CODE", help="机构代码，例如 LZGA")
        p.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度，例如 2025")
        p.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="输出格式")
        p.add_argument("--output", required=True, metavar="PATH", help="输出文件；“-”表示标准输出（仅 json、html、csv）")
        p.add_argument("--version", type=int, metavar="N", dest="number", help="输出已发布的第 N 版")

    def handle(self, *args, action, org, year, fmt, output, number=None, **opts):
        organization = Organization.objects.filter(code=org).first()
        if organization is None:
            raise CommandError(f"机构 {org} 不存在。", returncode=2)
        if output == "-" and fmt in ("docx", "pdf"):
            raise CommandError("Word 和 PDF 不能输出到标准输出，请用 --output 指定文件。", returncode=2)
        try:
            if number is not None:
                content, findings = self._published(organization, year, number, fmt)
            else:
                content, findings = self._working(organization, year, fmt)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            with open(output, "wb") as fh:
                fh.write(content)
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity == "warning"]
        for f in errors + warnings:
            self.stderr.write(f"{'错误' if f.severity == 'error' else '警告'} {f.rule_id}：{f.message}")
        where = "标准输出" if output == "-" else output
        self.stderr.write(f"{organization.name}{year}年度报告 → {where}（{fmt}）：{len(errors)} 个错误，{len(warnings)} 个警告。")
        if errors:
            sys.exit(1)

    def _published(self, org, year, number, fmt):
        version = services.published_versions(org, year).filter(number=number).first()
        if version is None:
            raise DomainError(f"{org.name}{year}年度报告没有已发布的第{number}版。")
        findings = [documents.finding_from_dict(f) for f in version.findings]
        return bytes(services.published_file(version, FileKind(fmt)).content), findings

    def _working(self, org, year, fmt):
        evaluation = services.working_evaluation(org, year)
        return documents.render_bytes(evaluation.document(), fmt), evaluation.findings
