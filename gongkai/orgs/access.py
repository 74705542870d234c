"""Who may see what: the one place that answers it for every view.

Rules:
- a clerk, handler, reviewer, approver or admin of an organisation works on
  that organisation's data only;
- a supervisor (政务公开办) of an organisation oversees it and every
  organisation below it, read-only;
- everyone else (the public, applicants, staff of other agencies) gets a 404,
  so that the existence of another agency's records is not revealed.
"""

from __future__ import annotations

from functools import wraps
from typing import Iterable

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .models import Membership, Organization, Role
from django.utils.translation import gettext as _

WORK_ROLES = frozenset({Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN})


def roles_in(user, organization: Organization) -> set[str]:
    """The roles ``user`` holds directly in ``organization``."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._gongkai_roles = cache
    return set(cache.get(organization.pk, set()))


def supervises(user, organization: Organization) -> bool:
    """True if ``user`` is a supervisor of ``organization`` or of one of its ancestors."""
    if not user.is_authenticated:
        return False
    chain = [organization, *organization.ancestors()]
    return any(Role.SUPERVISOR in roles_in(user, org) for org in chain)


def working_organizations(user) -> list[Organization]:
    """Organisations where ``user`` holds a working role (not supervision)."""
    if not user.is_authenticated:
        return []
    return list(
        Organization.objects.filter(memberships__user=user, memberships__role__in=WORK_ROLES, is_active=True)
        .distinct()
        .order_by("code")
    )


def supervised_organizations(user) -> list[Organization]:
    """Organisations ``user`` oversees: each supervised organisation and its whole subtree."""
    if not user.is_authenticated:
        return []
    roots = Organization.objects.filter(memberships__user=user, memberships__role=Role.SUPERVISOR).distinct()
    ids: set[int] = set()
    for root in roots:
        ids |= root.descendant_ids()
    return list(Organization.objects.filter(pk__in=ids).order_by("code"))


def organization_for(user, code: str, roles: Iterable[str] | None = None, allow_supervisor: bool = False) -> Organization:
    """Return the organisation ``code`` if ``user`` may act there, else raise 404.

    ``roles``: the roles that grant access (default: any working role).
    ``allow_supervisor``: also admit supervisors of the organisation's tree (read-only pages).
    """
    try:
        org = Organization.objects.get(code=code, is_active=True)
    except Organization.DoesNotExist:
        raise Http404(_("没有找到该机构。")) from None
    wanted = set(roles) if roles is not None else set(WORK_ROLES)
    if roles_in(user, org) & wanted:
        return org
    if allow_supervisor and supervises(user, org):
        return org
    raise Http404(_("没有找到该机构。"))


def org_view(roles: Iterable[str] | None = None, allow_supervisor: bool = False):
    """Decorator for views under ``/console/<org_code>/``: resolves ``request.org`` or 404s.

    Anonymous users are sent to the login page first.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, org_code: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.org = organization_for(request.user, org_code, roles, allow_supervisor)
            request.org_roles = roles_in(request.user, request.org)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
