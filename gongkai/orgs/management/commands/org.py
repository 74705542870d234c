from django.core.management.base import BaseCommand, CommandError

from gongkai.law.errors import DomainError
from gongkai.law.regions import REGIONS
from gongkai.orgs.models import Organization
from gongkai.orgs.services import create_organization


class Command(BaseCommand):
    help = "机构管理：gongkai org create … / gongkai org list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建机构")
        create.add_argument("--name", required=True, help="机构全称，如 柳州市公安局")
        create.add_argument("--code", required=True, help="机构代码（命令行、网址、申请编号中使用），如 LZGA")
        create.add_argument("--uscc", default="", help="统一社会信用代码（18位，会校验）")
        create.add_argument("--parent", default=None, help="上级机构代码")
        create.add_argument(
            "--region", default=None, choices=sorted(REGIONS), metavar="REGION",
            help="所在地区代码，决定节假日日历，如 CN-GX；默认同上级机构，无上级时为 CN",
        )
        create.add_argument(
            "--kind", default=Organization.Kind.DEPARTMENT, choices=Organization.Kind.values,
            help="机构类别：region 行政区域 / government 人民政府 / department 政府部门（默认）/ other",
        )
        create.add_argument("--prefix", default="", help="申请编号前缀，如 柳公信")
        sub.add_parser("list", help="列出机构")

    def handle(self, *args, action, **opts):
        if action == "create":
            try:
                org = create_organization(
                    name=opts["name"], code=opts["code"], kind=opts["kind"], parent_code=opts["parent"],
                    uscc=opts["uscc"], region=opts["region"], request_prefix=opts["prefix"],
                )
            except DomainError as exc:
                raise CommandError(str(exc), returncode=2) from None
            self.stdout.write(f"已创建机构 {org.code}：{org.name}（{org.get_kind_display()}，{org.region}）")
        else:
            for org in Organization.objects.select_related("parent").order_by("code"):
                parent = org.parent.code if org.parent else "-"
                self.stdout.write(f"{org.code}\t{org.name}\t{org.get_kind_display()}\t上级:{parent}\t{org.region}")
