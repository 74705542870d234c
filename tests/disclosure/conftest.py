import csv
import io

import pytest

from gongkai.disclosure.imports import import_enforcement
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization, create_user

PASSWORD = "a-long-test-password-2026"


@pytest.fixture
def region(db):
    return create_organization(name="柳州市人民政府", code="LZSZF", kind=Organization.Kind.GOVERNMENT)


@pytest.fixture
def org(region):
    return create_organization(name="柳州市公安局", code="LZGA", parent_code="LZSZF")


@pytest.fixture
def other_org(region):
    return create_organization(name="柳州市柳南区人民政府", code="LNQZF", kind=Organization.Kind.GOVERNMENT, parent_code="LZSZF")


def make_user(username, code, role):
    return create_user(username=username, password=PASSWORD, full_name=username, memberships=[(code, role)],
                       check_password=False)


@pytest.fixture
def users(org, other_org):
    return {
        "clerk": make_user("clerk", "LZGA", Role.CLERK),
        "reviewer": make_user("reviewer", "LZGA", Role.REVIEWER),
        "other": make_user("other", "LNQZF", Role.CLERK),
        "supervisor": make_user("supervisor", "LZSZF", Role.SUPERVISOR),
    }


def csv_bytes(rows, header=("类别", "决定书文号", "决定日期", "金额（元）"), encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def import_records():
    def run(org, rows, year=None, **kw):
        return import_enforcement(org, io.BytesIO(csv_bytes(rows)), "records.csv", year=year, **kw)

    return run


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
