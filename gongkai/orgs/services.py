"""Onboarding organisations and people (used by the CLI, the demo and the admin)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.law.errors import DomainError

from .models import Membership, Organization, Role


def _raise_first(exc: ValidationError) -> None:
    """Turn a model ValidationError into a DomainError about its first field."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        messages = dict.fromkeys(m for e in errors for m in e.messages)  # ordered, without repeats
        raise DomainError("；".join(messages), field=field) from None
    raise DomainError("；".join(dict.fromkeys(exc.messages))) from None


@transaction.atomic
def create_organization(
    *,
    name: str,
    code: str,
    kind: str = Organization.Kind.DEPARTMENT,
    parent_code: str | None = None,
    uscc: str = "",
    region: str | None = None,
    request_prefix: str = "",
    **contact,
) -> Organization:
    """Create an organisation; the region defaults to the parent's."""
    if Organization.objects.filter(code=code).exists():
        raise DomainError(f"机构代码 {code} 已被使用。", field="code")
    parent = None
    if parent_code:
        parent = Organization.objects.filter(code=parent_code).first()
        if parent is None:
            raise DomainError(f"上级机构 {parent_code} 不存在。", field="parent")
    org = Organization(
        name=name.strip(),
        code=code,
        kind=kind,
        parent=parent,
        uscc=uscc.strip().upper(),
        region=region or (parent.region if parent else "CN"),
        request_prefix=request_prefix,
        **contact,
    )
    try:
        org.full_clean()
    except ValidationError as exc:
        _raise_first(exc)
    org.save()
    return org


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    memberships: list[tuple[str, str]] = (),
    is_superuser: bool = False,
    check_password: bool = True,
):
    """Create a user with roles given as ``(org_code, role)`` pairs."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名 {username} 已存在。", field="username")
    user = User(username=username, full_name=full_name, email=email, is_superuser=is_superuser, is_staff=is_superuser)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError("密码不符合要求：" + "；".join(exc.messages), field="password") from None
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        _raise_first(exc)
    user.set_password(password)
    user.save()
    for org_code, role in memberships:
        grant_role(user, org_code, role)
    return user


def grant_role(user, org_code: str, role: str) -> Membership:
    if role not in Role.values:
        choices = "、".join(f"{value}（{label}）" for value, label in Role.choices)
        raise DomainError(f"未知角色 {role}，可选：{choices}。", field="role")
    org = Organization.objects.filter(code=org_code).first()
    if org is None:
        raise DomainError(f"机构 {org_code} 不存在。", field="org")
    membership, _ = Membership.objects.get_or_create(user=user, organization=org, role=role)
    return membership
