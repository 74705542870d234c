"""The request form with the keyboard only: Tab, arrows, Space, Enter (no mouse), including the htmx switch."""

import pytest

from gongkai.orgs.models import Organization
from gongkai.orgs.services import create_organization
from gongkai.requests.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agency(db):
    create_organization(name="柳州市人民政府", code="LZSZF", kind=Organization.Kind.GOVERNMENT, region="CN")
    return create_organization(name="柳州市公安局", code="LZGA", parent_code="LZSZF", request_prefix="柳公信")


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {name: e.getAttribute('name') || '', id: e.id, value: e.value || '', tag: e.tagName,
                text: (e.textContent || '').trim().slice(0, 40), cls: e.className}; }""")


def tab_to(page, *, name=None, text=None, limit=80):
    """Press Tab until the focused control has this name (or this text); fails if it never comes."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = focused(page)
        if (name and f["name"] == name) or (text and f["text"] == text):
            return f
    raise AssertionError(f"never reached {name or text} with Tab")


def test_keyboard_only_submission_as_an_organisation(page, live_server, agency):
    page.goto(f"{live_server.url}/apply/LZGA/")
    # submitting the empty form: the error summary takes the focus, its links lead to the fields
    tab_to(page, text="提交申请")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert "error-summary" in focused(page)["cls"]
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "A"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_applicant_name"

    page.goto(f"{live_server.url}/apply/LZGA/")
    assert page.locator("#id_organisation_type_group").is_hidden()
    f = tab_to(page, name="applicant_kind")
    assert f["value"] == "person"
    page.keyboard.press("ArrowRight")  # selects 法人或其他组织; htmx swaps the applicant fields
    page.locator("#id_organisation_type_group").wait_for(state="visible")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_applicant_kind_1'")
    assert page.locator("#id_id_type option").all_inner_texts() == ["统一社会信用代码", "其他证件或登记证书"]
    page.keyboard.press("Tab")  # into the organisation type group
    assert focused(page)["name"] == "organisation_type"
    page.keyboard.press("ArrowRight")  # moves to and selects the second option
    assert focused(page)["value"] == "research_institution"
    values = {
        "applicant_name": "广西某某交通研究院", "id_number": "91110000600037341L", "contact_person": "莫研究员",
        "phone": "0771-5600003", "email": "research@example.cn",
        "description": "2025年柳州市城区主要路口交通流量统计数据",
    }
    for name, value in values.items():
        tab_to(page, name=name)
        page.keyboard.type(value)
    tab_to(page, name="consent")
    page.keyboard.press("Space")
    tab_to(page, text="提交申请")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="申请已提交").wait_for()
    case = Case.objects.get()
    assert case.applicant_type == "research_institution" and case.id_type == "uscc"
    assert case.contact_person == "莫研究员" and case.applicant_name == "广西某某交通研究院"
    assert page.locator("#tracking-code").inner_text()
