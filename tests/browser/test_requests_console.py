"""The staff console in a real browser: a letter request from registration to archive.

Register a letter → ask for a correction → record it → assign → extension requested and
approved by the approver → reply 部分公开 drafted → reviewed → signed → delivered → archived.
"""

import pytest

from gongkai.demo import build_demo
from gongkai.requests.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def act(page, label):
    """Open an action from the case page (htmx loads its form into the page) and wait for the form."""
    page.get_by_role("link", name=label, exact=True).click()
    page.locator("#action-panel form").wait_for()


def field(page, name):
    return page.locator(f"#action-panel [name={name}]")


def submit(page, label):
    page.locator("#action-panel").get_by_role("button", name=label).click()
    page.wait_for_load_state()
    assert page.get_by_text(f"已办理：{label}").is_visible()


def test_letter_request_from_registration_to_archive(page, live_server, login):
    build_demo()
    login("lzga-clerk")
    page.goto(f"{live_server.url}/console/LZGA/requests/")
    page.get_by_role("link", name="登记申请（信函、当面、传真、电子邮件）").first.click()
    page.get_by_label("申请渠道").select_option("post_signed")
    page.get_by_label("凭证说明").fill("EMS 9876543210")
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("申请人姓名或名称").fill("周浏览")
    page.get_by_label("证件号码").fill("11010519491231002")  # one digit short
    page.get_by_label("联系电话").fill("13800000009")
    page.get_by_label("通信地址").fill("柳州市城中区文昌路88号")
    page.get_by_label("所需信息的内容描述").fill("2025年文昌路交通事故统计和事故认定书")
    page.get_by_role("button", name="登记", exact=True).click()
    assert page.get_by_text("身份证号码格式不正确").is_visible()
    assert page.get_by_label("所需信息的内容描述").input_value() == "2025年文昌路交通事故统计和事故认定书"
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    case = Case.objects.get(applicant_name="周浏览")
    assert page.get_by_role("heading", name=case.number).is_visible()
    assert page.get_by_text("已登记：").is_visible()

    act(page, "告知补正")
    field(page, "items").fill("请写明事故发生的时间段\n请说明所需事故认定书的当事人")
    submit(page, "告知补正")
    assert page.get_by_text("补正告知书").first.is_visible()
    act(page, "登记收到补正")
    field(page, "text").fill("2025年全年；本人为当事人")
    submit(page, "登记收到补正")
    act(page, "交承办部门")
    field(page, "department").fill("交警支队")
    field(page, "handler_id").select_option(label="覃承办（承办人）")
    submit(page, "交承办部门")

    login("lzga-handler")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    act(page, "申请延期")
    field(page, "days").fill("10")
    field(page, "reason").fill("需调取多个大队的事故档案")
    submit(page, "申请延期")
    assert page.get_by_text("延期待审签人批准").is_visible()
    assert page.get_by_role("link", name="批准延期").count() == 0  # only the approver may

    login("lzga-approver")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    due_before = Case.objects.get(pk=case.pk).due
    act(page, "批准延期")
    submit(page, "批准延期")
    assert Case.objects.get(pk=case.pk).due > due_before
    assert page.get_by_role("link", name="延期答复告知书").is_visible()

    login("lzga-handler")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    act(page, "拟写答复并送审核")
    field(page, "outcome").select_option("partially_granted")
    field(page, "how").fill("以邮寄方式提供事故统计表")
    page.locator("#draft-preview").get_by_text("须写明理由").wait_for()  # htmx preview of the standard text
    page.locator("#action-panel").get_by_role("button", name="拟写答复并送审核").click()
    page.wait_for_load_state()
    assert page.get_by_text("“部分公开”须写明理由").is_visible()
    page.locator("[name=reasons]").fill("事故认定书涉及其他当事人的个人信息，公开会损害第三方合法权益")
    page.get_by_role("button", name="拟写答复并送审核").click()
    page.wait_for_load_state()
    assert page.get_by_text("已办理：拟写答复并送审核").is_visible()

    login("lzga-reviewer")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    act(page, "审核通过，送审签")
    submit(page, "审核通过，送审签")

    login("lzga-approver")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    act(page, "审签并出具答复")
    submit(page, "审签并出具答复")
    assert page.get_by_role("link", name="政府信息公开告知书（部分公开）").is_visible()

    login("lzga-clerk")
    page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
    act(page, "登记送达")
    field(page, "method").select_option("post")
    field(page, "proof").fill("EMS 1234567890")
    submit(page, "登记送达")
    act(page, "归档")
    submit(page, "归档")
    case.refresh_from_db()
    assert case.status == "archived" and case.outcome == "partially_granted" and case.clock_state == "replied_on_time"
    assert [e.kind for e in case.events.order_by("seq")] == [
        "register", "request_correction", "record_correction", "assign", "request_extension", "approve_extension",
        "draft_reply", "review_pass", "approve", "deliver", "archive"]
    # the reply letter downloads as a real PDF
    with page.expect_download() as info:
        page.goto(f"{live_server.url}/console/LZGA/requests/{case.pk}/")
        page.get_by_role("link", name="Word").last.click()
    assert info.value.suggested_filename.endswith(".docx")
    assert page.get_by_text("已归档").first.is_visible()
