"""Browser: the supervising office opens its dashboard, follows a problem, and checks an uploaded annual report."""

from pathlib import Path

import pytest

from gongkai.demo import build_demo
from gongkai.supervision.models import CheckedReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "dev" / "038.raw.html"


def test_supervisor_dashboard_and_report_check(page, live_server, login):
    build_demo()
    login("lz-supervisor")
    page.goto(f"{live_server.url}/console/LZSZF/")
    page.get_by_role("link", name="政务公开监督：监督总览").click()
    assert page.get_by_role("heading", name="监督总览").is_visible()
    table = page.locator("table.supervision-overview")
    for name in ("柳州市公安局", "柳州市柳南区人民政府", "柳州市人民政府办公室（市政务公开办）"):
        assert table.get_by_role("link", name=name).is_visible()
    # LZGA has overdue requests in the demo: its red count leads to the masked overdue list
    table.locator('tr[data-org="LZGA"] a.badge.danger').click()
    assert page.get_by_role("heading", name="逾期案件").is_visible()
    assert page.get_by_label("机关").input_value() == "LZGA"
    rows = page.locator("table.data tbody tr")
    assert rows.count() >= 1
    body = page.content()
    assert "韦小明" not in body and "黄志强" not in body  # demo applicants' names never reach the supervisor

    # 年报核查: upload a published report and read the findings, errors first
    page.get_by_role("link", name="年报核查").click()
    page.get_by_label("年度报告文件").set_input_files(str(REPORT))
    page.get_by_role("button", name="上传并核查").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="核查结果：平潭综合实验区经济发展局 2023年度").is_visible()
    assert page.get_by_text("已核查1份报告。").is_visible()
    first = page.locator("ol.findings li").first
    assert first.locator(".badge").inner_text() == "错误"
    assert "勾稽关系" in first.inner_text()
    assert page.locator(".gk-report table").count() == 3
    assert CheckedReport.objects.filter(agency="平潭综合实验区经济发展局", year=2023, errors=2).count() == 1

    # the list and the comparison show it
    page.get_by_role("link", name="年报核查").click()
    assert page.get_by_role("link", name="平潭综合实验区经济发展局").is_visible()
    page.get_by_role("link", name="年报对比").click()
    assert page.get_by_role("row", name="平潭综合实验区经济发展局").is_visible()
