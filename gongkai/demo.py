"""Demo data: a small, realistic region in 广西 with one user per role.

``gongkai demo`` runs ``build_demo()``; every app that wants demo content of its
own adds a ``demo.py`` module with a ``populate(context)`` function, called in
``INSTALLED_APPS`` order after the organisations and users exist.  The whole
demo is idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization, create_user

DEMO_PASSWORD = "gongkai-demo-2026"

ORGANIZATIONS = [
    # code, name, kind, parent, uscc, request prefix, extra contact fields
    ("GX-LZ", "柳州市", Organization.Kind.REGION, None, "", "", {}),
    ("LZSZF", "柳州市人民政府", Organization.Kind.GOVERNMENT, "GX-LZ", "11450200007441234C", "柳政信", {}),
    (
        "LZZWGK", "柳州市人民政府办公室（市政务公开办）", Organization.Kind.DEPARTMENT, "LZSZF",
        "11450200007441298Y", "柳办信", {},
    ),
    (
        "LZGA", "柳州市公安局", Organization.Kind.DEPARTMENT, "LZSZF", "11450200007441765Y", "柳公信",
        {
            "address": "广西壮族自治区柳州市城中区潭中东路1号",
            "postcode": "545001",
            "phone": "0772-0000110",
            "office_hours": "工作日 上午8:00–12:00，下午15:00–18:00",
        },
    ),
    ("LNQZF", "柳州市柳南区人民政府", Organization.Kind.GOVERNMENT, "LZSZF", "11450204007460012T", "柳南信", {}),
]

USERS = [
    # username, full name, org, role
    ("lzga-clerk", "韦经办", "LZGA", Role.CLERK),
    ("lzga-handler", "覃承办", "LZGA", Role.HANDLER),
    ("lzga-reviewer", "莫审核", "LZGA", Role.REVIEWER),
    ("lzga-approver", "黄审签", "LZGA", Role.APPROVER),
    ("lzga-admin", "蓝管理", "LZGA", Role.ADMIN),
    ("lz-supervisor", "梁督查", "LZSZF", Role.SUPERVISOR),  # 市政务公开办 oversees the whole 市政府 tree
    ("ln-clerk", "陆经办", "LNQZF", Role.CLERK),
]


@dataclass
class DemoContext:
    """What later demo steps may build on."""

    orgs: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def build_demo() -> DemoContext:
    ctx = DemoContext()
    with transaction.atomic():
        for code, name, kind, parent, uscc, prefix, contact in ORGANIZATIONS:
            org = Organization.objects.filter(code=code).first()
            if org is None:
                org = create_organization(
                    name=name, code=code, kind=kind, parent_code=parent, uscc=uscc,
                    region="CN-GX", request_prefix=prefix, **contact,
                )
                ctx.log.append(f"机构 {code} {name}")
            ctx.orgs[code] = org
        from django.contrib.auth import get_user_model

        User = get_user_model()
        for username, full_name, org_code, role in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_user(
                    username=username, password=DEMO_PASSWORD, full_name=full_name,
                    memberships=[(org_code, role)], check_password=False,
                )
                ctx.log.append(f"用户 {username}")
            ctx.users[username] = user
        if not User.objects.filter(username="admin").exists():
            ctx.users["admin"] = create_user(
                username="admin", password=DEMO_PASSWORD, full_name="系统管理员", is_superuser=True,
                check_password=False,
            )
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("gongkai.") and module_has_submodule(app_config.module, "demo"):
            module = import_module(f"{app_config.name}.demo")
            with transaction.atomic():
                module.populate(ctx)
    return ctx


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, who, role) of every demo login, for printing."""
    rows = [(u, f"{name}（{Organization.objects.get(code=org).name}）", role.label) for u, name, org, role in USERS]
    rows.append(("admin", "系统管理员", "后台 /admin/"))
    return rows
