import getpass
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.law.errors import DomainError
from gongkai.orgs.models import Role
from gongkai.orgs.services import create_user, grant_role

ROLE_HELP = "，".join(f"{value}={label}" for value, label in Role.choices)


def _membership(value: str) -> tuple[str, str]:
    org, sep, role = value.partition(":")
    if not sep:
        raise ValueError
    return org, role


class Command(BaseCommand):
    help = "用户管理：gongkai user create … / gongkai user grant … / gongkai user list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建用户")
        create.add_argument("--username", required=True)
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--email", default="")
        create.add_argument("--password", default=None, help="密码；不给出时从标准输入或终端读取")
        create.add_argument("--org", default=None, help="机构代码（与 --role 一起使用）")
        create.add_argument("--role", action="append", default=[], help=f"角色，可重复：{ROLE_HELP}")
        create.add_argument(
            "--member", action="append", default=[], type=_membership, metavar="ORG:ROLE",
            help="另一种写法：机构代码:角色，可重复",
        )
        create.add_argument("--superuser", action="store_true", help="系统管理员（可进入后台）")
        grant = sub.add_parser("grant", help="为已有用户增加岗位")
        grant.add_argument("--username", required=True)
        grant.add_argument("--org", required=True)
        grant.add_argument("--role", required=True, help=ROLE_HELP)
        sub.add_parser("list", help="列出用户及岗位")

    def handle(self, *args, action, **opts):
        try:
            getattr(self, f"_{action}")(opts)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _create(self, opts):
        if opts["role"] and not opts["org"]:
            raise DomainError("使用 --role 时必须同时给出 --org。", field="org")
        password = opts["password"]
        if password is None:
            password = getpass.getpass("密码：") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        members = [(opts["org"], role) for role in opts["role"]] + list(opts["member"])
        user = create_user(
            username=opts["username"], password=password, full_name=opts["name"], email=opts["email"],
            memberships=members, is_superuser=opts["superuser"],
        )
        roles = "、".join(f"{org}:{Role(role).label}" for org, role in members) or "无岗位"
        self.stdout.write(f"已创建用户 {user.username}（{roles}）")

    def _grant(self, opts):
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise DomainError(f"用户 {opts['username']} 不存在。", field="username")
        membership = grant_role(user, opts["org"], opts["role"])
        self.stdout.write(f"已授予 {user.username} 岗位：{membership.organization.code} {membership.get_role_display()}")

    def _list(self, opts):
        for user in get_user_model().objects.prefetch_related("memberships__organization").order_by("username"):
            roles = "、".join(
                f"{m.organization.code}:{m.get_role_display()}" for m in user.memberships.all()
            )
            self.stdout.write(f"{user.username}\t{user.full_name}\t{roles or '-'}")
