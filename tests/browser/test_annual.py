"""Browser: a clerk edits last year's report, the reviewer and the approver pass it, the public reads it."""

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_review_approve_publish_and_read(browser, live_server):
    build_demo()
    year = timezone.localdate().year - 1
    base = f"{live_server.url}/console/LZGA/annual/{year}/"

    def as_user(username):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return context, page

    # the clerk finds the report from the dashboard, edits section 五 and submits
    ctx, page = as_user("lzga-clerk")
    page.goto(f"{live_server.url}/console/LZGA/")
    page.get_by_role("link", name="去处理").click()
    assert page.get_by_role("heading", name=f"{year} 年政府信息公开工作年度报告").is_visible()
    problems = page.get_by_role("textbox", name="五、存在的主要问题及改进情况")
    problems.fill("存在的主要问题：网站栏目更新不够及时。改进情况：明确专人每周检查更新。")
    page.get_by_role("button", name="保存正文").click()
    assert page.get_by_text("正文已保存。").is_visible()
    assert page.locator(".gk-report").get_by_text("网站栏目更新不够及时").is_visible()
    page.get_by_role("button", name="提交审核").click()
    assert page.get_by_text("已提交审核").is_visible()
    ctx.close()

    # the reviewer passes it
    ctx, page = as_user("lzga-reviewer")
    page.goto(base)
    assert page.get_by_text("待审核").first.is_visible()
    page.get_by_label("意见（可不填）").fill("已核对表三与办理台账")
    page.get_by_role("button", name="审核通过，送审签").click()
    assert page.get_by_text("已审核通过，送审签").is_visible()
    ctx.close()

    # the approver signs and publishes
    ctx, page = as_user("lzga-approver")
    page.goto(base)
    page.get_by_role("button", name="审签同意").click()
    assert page.get_by_text("已审签同意").is_visible()
    page.get_by_role("button", name="发布").click()
    assert page.get_by_text("已发布").first.is_visible()
    ctx.close()

    # anyone reads it on the portal, with its downloads; the earlier year shows both its versions
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name=f"{year} 年").click()
    assert page.get_by_role("heading", name=f"柳州市公安局{year}年政府信息公开工作年度报告").is_visible()
    assert page.get_by_text("网站栏目更新不够及时").is_visible()
    assert page.locator('td[data-cell="t3.total.new_received"]').inner_text().strip().isdigit()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word 文档").click()
    assert download.value.suggested_filename == f"LZGA-{year}-v1.docx"
    response = page.request.get(live_server.url + page.get_by_role("link", name="PDF").get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    page.goto(f"{live_server.url}/annual-reports/LZGA/")
    assert page.get_by_text("已被更正").is_visible()
    ctx.close()
