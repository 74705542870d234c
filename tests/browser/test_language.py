"""The language switcher: a Chinese browser switches the whole interface to English and back."""

import pytest

from gongkai.demo import build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_to_english_and_back(page, live_server):
    build_demo()
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("link", name="查询进度").first.is_visible()

    with page.expect_navigation():
        page.get_by_label("语言").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Track a request").first.is_visible()
    assert page.get_by_role("link", name="Skip to content").count() == 1

    # The choice sticks: other pages, forms and the submit button's busy text are English too.
    page.goto(f"{live_server.url}/apply/LZGA/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Request government information from")
    assert page.get_by_role("button", name="Submit request").is_visible()
    assert page.locator("form[data-submit-once]").get_attribute("data-submitting-text") == "Submitting…"
    page.goto(f"{live_server.url}/track/")
    assert page.get_by_label("Tracking code").is_visible()

    with page.expect_navigation():
        page.get_by_label("Language").select_option("zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_label("查询码").is_visible()
