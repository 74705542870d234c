"""gongkai fee --per-item N | --per-item-total N | --pages P — the 信息处理费 as a bare integer (元)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.law import fees
from gongkai.law.errors import DomainError


class Command(BaseCommand):
    help = "信息处理费（国办函〔2020〕109号）：输出金额（元），只有一个整数"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--per-item", type=int, metavar="N", help="按件：申请人当月第 N 件申请的费用")
        group.add_argument("--per-item-total", type=int, metavar="N", help="按件：申请人当月 N 件申请的费用合计")
        group.add_argument("--pages", type=int, metavar="P", help="按量：一件申请 P 页的费用")

    def handle(self, *args, per_item, per_item_total, pages, **opts):
        try:
            if per_item is not None:
                amount = fees.per_item_fee(per_item)
            elif per_item_total is not None:
                amount = fees.per_item_total(per_item_total)
            else:
                amount = fees.per_volume_fee(pages)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from None
        self.stdout.write(str(amount))
