import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.law.errors import DomainError
from gongkai.orgs.access import organization_for, supervised_organizations
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    create_organization(name="柳州市", code="GX-LZ", kind="region", region="CN-GX")
    create_organization(name="柳州市人民政府", code="LZSZF", kind="government", parent_code="GX-LZ")
    create_organization(name="柳州市公安局", code="LZGA", parent_code="LZSZF", uscc="11450200007441765Y")
    create_organization(name="柳州市柳南区人民政府", code="LNQZF", kind="government", parent_code="LZSZF")
    return {o.code: o for o in Organization.objects.all()}


def test_region_is_inherited_from_parent(tree):
    assert tree["LZGA"].region == "CN-GX"


def test_invalid_uscc_is_refused_in_chinese(tree):
    with pytest.raises(DomainError) as exc:
        create_organization(name="某局", code="BAD", uscc="11450200007441765X")
    assert "校验位" in exc.value.message and exc.value.field == "uscc"
    assert not Organization.objects.filter(code="BAD").exists()


def test_duplicate_code_and_unknown_parent(tree):
    with pytest.raises(DomainError):
        create_organization(name="重复", code="LZGA")
    with pytest.raises(DomainError) as exc:
        create_organization(name="孤儿", code="ORPHAN", parent_code="NOPE")
    assert exc.value.field == "parent"


def test_reconsideration_body_follows_the_2023_law(tree):
    assert tree["LZGA"].default_reconsideration_body() == "柳州市人民政府"
    assert tree["LNQZF"].default_reconsideration_body() == "柳州市人民政府"


def test_access_is_limited_to_own_organisation(tree):
    from django.http import Http404

    clerk = create_user(username="c1", password="x", memberships=[("LZGA", Role.CLERK)], check_password=False)
    assert organization_for(clerk, "LZGA") == tree["LZGA"]
    with pytest.raises(Http404):
        organization_for(clerk, "LNQZF")
    with pytest.raises(Http404):
        organization_for(clerk, "LZGA", roles=[Role.APPROVER])


def test_supervisor_oversees_the_subtree(tree):
    sup = create_user(username="s1", password="x", memberships=[("LZSZF", Role.SUPERVISOR)], check_password=False)
    codes = {o.code for o in supervised_organizations(sup)}
    assert codes == {"LZSZF", "LZGA", "LNQZF"}
    assert organization_for(sup, "LZGA", allow_supervisor=True) == tree["LZGA"]


def test_cli_org_and_user_create(capsys):
    call_command("org", "create", "--name", "柳州市公安局", "--code", "LZGA", "--region", "CN-GX", "--uscc", "11450200007441765Y")
    call_command("user", "create", "--username", "clerk", "--password", "Zq-8p!long-pass", "--org", "LZGA", "--role", "clerk")
    out = capsys.readouterr().out
    assert "已创建机构 LZGA" in out and "已创建用户 clerk" in out
    with pytest.raises(CommandError) as exc:
        call_command("org", "create", "--name", "坏", "--code", "B2", "--uscc", "123")
    assert "统一社会信用代码" in str(exc.value)


def test_demo_is_idempotent():
    call_command("demo")
    count = Organization.objects.count()
    call_command("demo")
    assert Organization.objects.count() == count
    assert Organization.objects.get(code="LZGA").parent.code == "LZSZF"
