import pytest
from django.urls import reverse

from gongkai.demo import DEMO_PASSWORD, build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return build_demo()


def test_home_page_is_chinese_and_accessible(client, demo):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in html and "跳到正文" in html and 'id="main"' in html
    assert "柳州市公安局" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_static_assets_are_served_locally(client):
    assert client.get("/static/gongkai/gongkai.css").status_code == 200
    assert client.get("/static/gongkai/htmx.min.js").status_code == 200


def test_console_requires_login(client, demo):
    response = client.get(reverse("console:org_home", args=["LZGA"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_clerk_sees_own_org_but_not_another(client, demo):
    assert client.login(username="lzga-clerk", password=DEMO_PASSWORD)
    assert client.get(reverse("console:org_home", args=["LZGA"])).status_code == 200
    assert client.get(reverse("console:org_home", args=["LNQZF"])).status_code == 404


def test_supervisor_sees_subordinate_org_read_only(client, demo):
    assert client.login(username="lz-supervisor", password=DEMO_PASSWORD)
    response = client.get(reverse("console:org_home", args=["LZGA"]))
    assert response.status_code == 200 and "只读" in response.content.decode()


def test_english_is_available(client, demo):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_member_of_the_public_lands_on_their_requests_not_the_console(client, demo):
    from gongkai.orgs.services import create_user

    create_user(username="citizen", password="x", check_password=False)
    assert client.login(username="citizen", password="x")
    response = client.get(reverse("console:home"))
    assert response.status_code == 302 and response["Location"] == reverse("public:my")
