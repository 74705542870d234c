import pytest

from gongkai.demo import build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_reaches_their_agency(page, live_server, login):
    build_demo()
    login("lzga-clerk")
    page.goto(f"{live_server.url}/console/")
    page.get_by_role("link", name="柳州市公安局").click()
    assert page.get_by_role("heading", name="柳州市公安局").is_visible()
    # keyboard users can skip to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "跳到正文"
