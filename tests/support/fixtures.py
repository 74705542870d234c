"""Organisations and users most Django tests start from (made available by tests/conftest.py).

柳州市人民政府 (LZSZF, government) → 柳州市公安局 (LZGA, the agency under test) and
柳州市柳南区人民政府 (LNQZF, "another agency"); one user per role at LZGA, a supervisor at
LZSZF, a user of the other agency holding every working role there, and a member of the public.
"""

import pytest

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization, create_user

PASSWORD = "a-long-test-password-2026"


def make_user(username, memberships=()):
    return create_user(username=username, password=PASSWORD, full_name=username, memberships=list(memberships),
                       check_password=False)


@pytest.fixture
def gov(db):
    return create_organization(name="柳州市人民政府", code="LZSZF", kind=Organization.Kind.GOVERNMENT, region="CN")


@pytest.fixture
def org(gov):
    return create_organization(name="柳州市公安局", code="LZGA", parent_code="LZSZF", request_prefix="柳公信",
                               address="柳州市潭中东路1号", phone="0772-0000110")


@pytest.fixture
def other_org(gov):
    return create_organization(name="柳州市柳南区人民政府", code="LNQZF", kind=Organization.Kind.GOVERNMENT,
                               parent_code="LZSZF", request_prefix="柳南信")


@pytest.fixture
def users(org, other_org):
    public = make_user("citizen")
    return {
        "clerk": make_user("clerk", [("LZGA", Role.CLERK)]),
        "handler": make_user("handler", [("LZGA", Role.HANDLER)]),
        "reviewer": make_user("reviewer", [("LZGA", Role.REVIEWER)]),
        "approver": make_user("approver", [("LZGA", Role.APPROVER)]),
        "admin": make_user("orgadmin", [("LZGA", Role.ADMIN)]),
        "supervisor": make_user("supervisor", [("LZSZF", Role.SUPERVISOR)]),
        "other": make_user("other", [("LNQZF", role) for role in
                                     (Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN)]),
        "applicant": public,
        "public": public,
    }
