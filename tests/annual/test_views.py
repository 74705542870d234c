"""Console and portal pages: who may see and do what, and what the public sees."""

import csv
import io
import json

import pytest
from django.template.loader import render_to_string
from django.test import Client

from gongkai.annual import services
from gongkai.annual.models import VersionStatus
from gongkai.annual.views import panel_context

from .conftest import PASSWORD, make_case

YEAR = 2025
GET_URLS = [
    "/console/LZGA/annual/", f"/console/LZGA/annual/{YEAR}/",
    *[f"/console/LZGA/annual/{YEAR}/preview.{k}" for k in ("html", "docx", "pdf", "json", "csv")],
]
POST_URLS = [
    (f"/console/LZGA/annual/{YEAR}/start/", {}),
    (f"/console/LZGA/annual/{YEAR}/text/", {"s5_problems": "改写的问题"}),
    (f"/console/LZGA/annual/{YEAR}/text/s5_problems/regenerate/", {}),
    (f"/console/LZGA/annual/{YEAR}/override/", {"cell": "t3.total.new_received", "value": "9", "reason": "x"}),
    (f"/console/LZGA/annual/{YEAR}/action/submit/", {}),
    (f"/console/LZGA/annual/{YEAR}/discard/", {}),
]
SECRET = "本年度新收政府信息公开申请"  # text only the agency's draft contains


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def draft(org, users, today):
    make_case(org, "2025-02-01", "2025-02-20", "granted")
    return services.start_version(org, YEAR, users["clerk"])


@pytest.mark.parametrize("url", GET_URLS)
def test_anonymous_is_sent_to_login(draft, url):
    r = client_for().get(url)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url,data", POST_URLS)
def test_anonymous_posts_are_sent_to_login_and_change_nothing(draft, url, data):
    r = client_for().post(url, data)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    draft.refresh_from_db()
    assert draft.overrides == {} and "改写的问题" not in draft.sections["s5_problems"]


@pytest.mark.parametrize("who", ["other", "public"])
@pytest.mark.parametrize("url", GET_URLS)
def test_other_agencies_get_404_never_data(draft, users, who, url):
    r = client_for(users[who]).get(url)
    assert r.status_code == 404
    assert SECRET not in r.content.decode("utf-8", "replace")


@pytest.mark.parametrize("who", ["other", "public", "supervisor", "handler", "reviewer", "approver"])
@pytest.mark.parametrize("url,data", [u for u in POST_URLS if "/action/" not in u[0]])
def test_only_clerk_and_admin_can_edit(draft, users, who, url, data):
    r = client_for(users[who]).post(url, data)
    assert r.status_code == 404
    draft.refresh_from_db()
    assert draft.overrides == {} and "改写的问题" not in draft.sections["s5_problems"]
    assert draft.status == VersionStatus.DRAFT


@pytest.mark.parametrize("who", ["other", "public", "supervisor"])
def test_actions_are_404_outside_the_agency(draft, users, who):
    r = client_for(users[who]).post(f"/console/LZGA/annual/{YEAR}/action/submit/")
    assert r.status_code == 404


@pytest.mark.parametrize("who", ["clerk", "admin", "handler", "reviewer", "approver", "supervisor"])
@pytest.mark.parametrize("url", [u for u in GET_URLS if not u.endswith((".pdf", ".docx"))])
def test_the_agency_and_its_supervisor_can_read(draft, users, who, url):
    r = client_for(users[who]).get(url)
    assert r.status_code == 200


def test_the_year_page_shows_tables_findings_and_editor(draft, users):
    page = client_for(users["clerk"]).get(f"/console/LZGA/annual/{YEAR}/").content.decode()
    assert 'data-cell="t3.total.new_received"' in page
    assert "校验结果" in page and "NARRATIVE.PLACEHOLDER.s1_overview" in page
    assert 'name="s1_overview"' in page and "保存正文" in page and "提交审核" in page
    reviewer_page = client_for(users["reviewer"]).get(f"/console/LZGA/annual/{YEAR}/").content.decode()
    assert 'name="s1_overview"' not in reviewer_page and "提交审核" not in reviewer_page


def test_editing_through_the_pages(draft, users, today):
    c = client_for(users["clerk"])
    base = f"/console/LZGA/annual/{YEAR}/"
    r = c.post(base + "override/", {"cell": "t3.natural_person.new_received", "value": "3", "reason": "纸质台账"})
    assert r.status_code == 302
    page = c.get(base).content.decode()
    assert "T3.BALANCE.natural_person" in page and "涉及手工修改的数字" in page and "纸质台账" in page
    assert '<span class="badge danger">T3.ROW_SUM.new_received</span>' in page  # in the override's own row
    r = c.post(base + "override/", {"cell": "t3.natural_person.new_received", "value": "-3", "reason": "x"}, follow=True)
    assert "不能为负数" in r.content.decode()
    c.post(base + "override/", {"cell": "t3.natural_person.new_received", "remove": "1"})
    r = c.post(base + "action/submit/", follow=True)
    assert "还有3个错误" in r.content.decode()
    texts = {k: v.replace("【", "").replace("】", "") for k, v in draft.sections.items()}
    c.post(base + "text/", texts)
    r = c.post(base + "action/submit/", follow=True)
    assert "已提交审核" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.REVIEW


def test_previews(draft, users):
    c = client_for(users["reviewer"])
    base = f"/console/LZGA/annual/{YEAR}/preview."
    assert c.get(base + "pdf").content.startswith(b"%PDF")
    data = json.loads(c.get(base + "json").content)
    assert data["schema"] == "gongkai.report/1" and data["tables"]["t3.total.new_received"] == 1
    rows = list(csv.reader(io.StringIO(c.get(base + "csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["单元格键", "表", "行", "列", "数值", "单位"] and len(rows) == 201
    assert c.get(base + "exe").status_code == 404


def test_public_pages_show_only_published_versions(org, users, draft, ready, publish, today):
    anon = client_for()
    assert anon.get("/annual-reports/LZGA/").status_code == 404
    assert anon.get(f"/annual-reports/LZGA/{YEAR}/").status_code == 404
    assert anon.get(f"/annual-reports/LZGA/{YEAR}/v1/pdf/").status_code == 404
    assert "柳州市公安局" not in anon.get("/annual-reports/").content.decode()
    services.discard_version(draft, users["clerk"])
    v1 = publish(ready())
    page = anon.get(f"/annual-reports/LZGA/{YEAR}/").content.decode()
    assert 'data-cell="t3.total.new_received"' in page and "发布日期：2026-01-12" in page
    for kind in ("html", "docx", "pdf", "json", "csv"):
        assert f'/annual-reports/LZGA/{YEAR}/v1/{kind}/' in page
    assert anon.get("/annual-reports/").content.decode().count("柳州市公安局") == 1
    v2 = services.start_version(org, YEAR, users["clerk"], correction_note="更正表三")
    services.save_sections(v2, {"s5_problems": "草稿中的新问题描述"}, users["clerk"])
    assert anon.get(f"/annual-reports/LZGA/{YEAR}/v2/").status_code == 404
    assert anon.get(f"/annual-reports/LZGA/{YEAR}/v2/json/").status_code == 404
    assert "草稿中的新问题描述" not in anon.get(f"/annual-reports/LZGA/{YEAR}/").content.decode()
    today.set("2026-02-05")
    v2 = services.perform(v2, "submit", users["clerk"])
    for action, who in (("review_pass", "reviewer"), ("approve", "approver"), ("publish", "approver")):
        v2 = services.perform(v2, action, users[who])
    latest = anon.get(f"/annual-reports/LZGA/{YEAR}/").content.decode()
    assert "草稿中的新问题描述" in latest and "更正表三" in latest
    old = anon.get(f"/annual-reports/LZGA/{YEAR}/v1/").content.decode()
    assert "已被更正的第1版" in old and "草稿中的新问题描述" not in old
    agency = anon.get("/annual-reports/LZGA/").content.decode()
    assert "已被更正" in agency and "现行" in agency
    r = anon.get(f"/annual-reports/LZGA/{YEAR}/v1/pdf/")
    assert r["Content-Type"] == "application/pdf" and r.content == bytes(v1.files.get(kind="pdf").content)
    data = json.loads(anon.get(f"/annual-reports/LZGA/{YEAR}/v2/json/").content)
    assert data["metadata"]["published"] == "2026-02-05" and data["schema"] == "gongkai.report/1"
    assert anon.get(f"/annual-reports/LZGA/{YEAR}/v2/exe/").status_code == 404
    assert anon.get(f"/annual-reports/NOPE/{YEAR}/").status_code == 404


@pytest.mark.parametrize("kind,day,state,text", [
    ("department", "2026-01-12", "due", "请在 2026年1月31日 前发布 2025 年度报告（还有 19 天）"),
    ("department", "2026-01-31", "due", "还有 0 天"),
    ("department", "2026-02-01", "overdue", "2025 年度报告已超过发布期限（2026年1月31日）"),
    ("government", "2026-02-01", "due", "请在 2026年3月31日 前发布 2025 年度报告"),
    ("government", "2026-04-01", "overdue", "已超过发布期限（2026年3月31日）"),
])
def test_dashboard_reminder(org, gov, users, today, kind, day, state, text):
    today.set(day)
    target = org if kind == "department" else gov
    ctx = panel_context(None, target)
    assert ctx["reminder"].state == state
    html = render_to_string("annual/_panel.html", ctx)
    assert text in html
    assert ("alert-error" in html) == (state == "overdue")


def test_dashboard_reminder_ends_with_publication(org, users, ready, publish, today):
    publish(ready())
    today.set("2026-03-01")
    html = render_to_string("annual/_panel.html", panel_context(None, org))
    assert "2025 年度报告已于 2026年1月12日 发布" in html and "alert-success" in html


def test_the_dashboard_shows_the_panel(org, users, today):
    today.set("2026-02-02")
    page = client_for(users["clerk"]).get("/console/LZGA/").content.decode()
    assert "2025 年度报告已超过发布期限" in page and "政府信息公开工作年度报告" in page


def test_admin_shows_reports_read_only(org, users, ready, publish, client):
    from gongkai.orgs.services import create_user

    version = publish(ready())
    admin_user = create_user(username="root", password=PASSWORD, full_name="管理员", is_superuser=True,
                             check_password=False)
    c = client_for(admin_user)
    assert c.get(f"/admin/annual/reportversion/{version.pk}/change/").status_code == 200
    assert c.get("/admin/annual/annualreport/").status_code == 200
    assert c.get("/admin/annual/reportversion/add/").status_code == 403
    r = c.post(f"/admin/annual/reportversion/{version.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
