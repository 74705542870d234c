"""``gongkai report check PATH...``: read published annual reports and say what is wrong with them."""

from __future__ import annotations

import argparse
import json
import sys

from django.core.management.base import BaseCommand

from gongkai.reports.check import CheckResult, check_paths, exit_status
from gongkai.reports.document import JSON_SCHEMA_ID
from gongkai.reports.summary import render, render_error

EPILOG = """\
读取：.txt / .md（UTF-8、带BOM的UTF-8、GBK/GB18030 自动识别）、.html（含把报告存成 HTML 字符串的 .js 文件）、
.docx、文字版 .pdf（扫描件会明确提示无法读取）。PATH 可以是文件、文件夹（递归查找）或通配符（如 "年报/*.pdf"）。

检查：年报格式中的全部勾稽关系（表三每一列“第一项加第二项之和等于第三项加第四项之和”、各项办理结果之和、
六类申请人之和、表四总计等）；正文所述数字与表格是否一致；同一机关相邻年度的报告一起检查时，
核对上一年“结转下年度继续办理”与下一年“上年结转”是否衔接。

输出：默认每份报告打印中文摘要（机关、年度、格式、三张表、检查结果，错误在前）；
--json 时每份报告输出一行 JSON（JSON Lines，结构见 docs/report-json.md）。

退出码：
  0  全部读取成功，且没有错误或警告（可能有提示）
  1  全部读取成功，但发现了错误或警告
  2  有文件无法读取或无法解析（原因会打印出来；其余文件照常检查）
"""


class Command(BaseCommand):
    help = "年度报告检查：gongkai report check PATH..."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="check")
        check = sub.add_parser(
            "check", help="读取并检查政府信息公开工作年度报告", description="读取并检查政府信息公开工作年度报告。",
            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件、文件夹或通配符")
        check.add_argument("--json", action="store_true", help="每份报告输出一行 JSON（见 docs/report-json.md）")
        check.add_argument(
            "--progress", choices=("auto", "always", "never"), default="auto",
            help="在标准错误输出上显示进度条：auto（默认，多个文件且在终端中时显示）/ always / never",
        )

    def handle(self, *args, action, paths, json: bool = False, progress: str = "auto", **opts):
        show = progress == "always" or (progress == "auto" and self.stderr.isatty())
        bar = _ProgressBar(self.stderr) if show else None
        results = check_paths(paths, progress=bar.update if bar else None)
        if bar:
            bar.close()
        for i, r in enumerate(results):
            if json:
                self.stdout.write(_dumps(_json_document(r)))
            else:
                if i:
                    self.stdout.write("")
                self.stdout.write(render(r.doc) if r.ok else render_error(r.path, r.error))
        if not json and len(results) > 1:
            self.stdout.write("")
            self.stdout.write(_totals(results))
        status = exit_status(results)
        if status:
            sys.stdout.flush()
            sys.exit(status)


def _json_document(r: CheckResult) -> dict:
    if r.ok:
        return r.doc.to_json()
    return {
        "schema": JSON_SCHEMA_ID,
        "metadata": {"source": {"path": r.path}},
        "error": {"reason": r.error},
        "tables": {},
        "findings": [],
    }


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def _totals(results: list[CheckResult]) -> str:
    bad = sum(1 for r in results if not r.ok)
    errors = sum(1 for r in results if r.ok and any(f.severity == "error" for f in r.doc.findings))
    warnings = sum(1 for r in results if r.ok and not any(f.severity == "error" for f in r.doc.findings)
                   and any(f.severity == "warning" for f in r.doc.findings))
    clean = len(results) - bad - errors - warnings
    return (f"共检查{len(results)}份：{clean}份未发现问题，{errors}份有错误，{warnings}份只有警告，"
            f"{bad}份无法读取。")


class _ProgressBar:
    """A one-line progress bar on stderr (no dependency; redrawn with a carriage return)."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.shown = False

    def update(self, done: int, total: int, path: str) -> None:
        filled = int(self.width * done / max(total, 1))
        name = path.rsplit("/", 1)[-1][-30:]
        self.stream.write(f"\r检查中 [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {name:<30}", ending="")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("")
            self.stream.flush()
