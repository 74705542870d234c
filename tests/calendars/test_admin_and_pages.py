"""Admin pages (edit days, mark years, upload a file) and the staff calendar page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.calendars.models import CalendarDay, CalendarYear
from gongkai.calendars.signals import calendar_changed
from gongkai.demo import DEMO_PASSWORD, build_demo
from gongkai.orgs.services import create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    create_user(username="root", password="x", full_name="管理员", is_superuser=True, check_password=False)
    client.login(username="root", password="x")
    return client


IMPORT_URL = "admin:calendars_calendarday_import"


def test_changelist_offers_the_import(admin_client):
    html = admin_client.get(reverse("admin:calendars_calendarday_changelist") + "?region__exact=CN-GX").content.decode()
    assert "导入节假日安排" in html and "壮族三月三" in html


def test_upload_a_year_and_mark_it_loaded(admin_client):
    fired = []
    calendar_changed.connect(lambda sender, **kw: fired.append(kw), weak=False, dispatch_uid="t1")
    try:
        upload = SimpleUploadedFile("2027.csv", "date,kind,name\n2027-01-01,rest,元旦\n".encode(), "text/csv")
        response = admin_client.post(reverse(IMPORT_URL), {"region": "CN", "year": "2027", "file": upload,
                                                           "mark_loaded": "on"}, follow=True)
    finally:
        calendar_changed.disconnect(dispatch_uid="t1")
    assert "已导入 CN 2027年：休息日1天" in response.content.decode()
    assert CalendarYear.objects.get(region="CN", year=2027).loaded
    assert CalendarYear.objects.get(region="CN", year=2027).loaded_by.username == "root"
    assert fired and fired[0]["years"] == frozenset({2027})


def test_upload_errors_are_listed_and_nothing_is_saved(admin_client):
    upload = SimpleUploadedFile("2027.csv", "date,kind\n2027-02-30,rest\n2027-02-03,work\n".encode(), "text/csv")
    response = admin_client.post(reverse(IMPORT_URL), {"region": "CN", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "第2行：日期“2027-02-30”不存在" in html and "第3行：2027-02-03（星期三）本来就是工作日" in html
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_upload_type_and_size_are_checked(admin_client, settings):
    exe = SimpleUploadedFile("evil.exe", b"MZ", "application/octet-stream")
    html = admin_client.post(reverse(IMPORT_URL), {"region": "CN", "file": exe}).content.decode()
    assert "只接受 .csv 或 .json 文件" in html
    fake = SimpleUploadedFile("a.csv", b"date,kind\n2027-01-01,rest\n", "image/png")
    assert "不是 CSV 或 JSON" in admin_client.post(reverse(IMPORT_URL), {"region": "CN", "file": fake}).content.decode()
    big = SimpleUploadedFile("a.csv", b"x" * (300 * 1024), "text/csv")
    assert "文件过大" in admin_client.post(reverse(IMPORT_URL), {"region": "CN", "file": big}).content.decode()


def test_import_page_needs_staff_permissions(client):
    create_user(username="plain", password="x", check_password=False)
    client.login(username="plain", password="x")
    response = client.get(reverse(IMPORT_URL))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_add_day_in_admin_checks_the_calendar_rules(admin_client):
    url = reverse("admin:calendars_calendarday_add")
    bad = admin_client.post(url, {"region": "CN", "date": "2025-03-04", "kind": "work", "name": "x", "source": ""})
    assert "本来就是工作日" in bad.content.decode() and bad.status_code == 200
    good = admin_client.post(url, {"region": "CN-GX", "date": "2025-03-31", "kind": "rest", "name": "壮族三月三",
                                   "source": "测试"})
    assert good.status_code == 302
    assert CalendarDay.objects.filter(region="CN-GX", date=date(2025, 3, 31)).exists()


def test_mark_year_actions(admin_client):
    row = CalendarYear.objects.get(region="CN", year=2026)
    url = reverse("admin:calendars_calendaryear_changelist")
    admin_client.post(url, {"action": "mark_not_loaded", "_selected_action": [row.pk]})
    assert not CalendarYear.objects.get(pk=row.pk).loaded
    admin_client.post(url, {"action": "mark_loaded", "_selected_action": [row.pk]})
    assert CalendarYear.objects.get(pk=row.pk).loaded
    empty = CalendarYear.objects.create(region="CN", year=2031)
    response = admin_client.post(url, {"action": "mark_loaded", "_selected_action": [empty.pk]}, follow=True)
    assert "2031年全国还没有任何节假日数据" in response.content.decode()


def test_year_change_form_refuses_an_empty_national_year(admin_client):
    empty = CalendarYear.objects.create(region="CN", year=2031)
    response = admin_client.post(reverse("admin:calendars_calendaryear_change", args=[empty.pk]),
                                 {"loaded": "on", "source": ""})
    assert response.status_code == 200 and "还没有任何节假日数据" in response.content.decode()


def test_delete_days_through_admin(admin_client):
    day = CalendarDay.objects.get(region="CN-GX", date=date(2024, 4, 11))
    admin_client.post(reverse("admin:calendars_calendarday_changelist"),
                      {"action": "delete_selected", "_selected_action": [day.pk], "post": "yes"})
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


# -- the staff page --------------------------------------------------------------------------


@pytest.fixture
def demo():
    return build_demo()


def test_staff_calendar_page(client, demo):
    assert client.login(username="lzga-clerk", password=DEMO_PASSWORD)
    url = reverse("calendars:org_calendar", args=["LZGA"])
    html = client.get(url + "?year=2023").content.decode()
    assert "广西壮族自治区（2023年）" in html and "壮族三月三" in html and "已录入" in html
    html = client.get(url + "?year=2025").content.decode()
    assert "2025年广西壮族自治区地方节假日尚未录入" in html
    html = client.get(url + "?year=2024&start=2024-04-10&n=20").content.decode()
    assert "2024-05-13（星期一）" in html
    html = client.get(url + "?start=2024-02-30&n=20").content.decode()
    assert "起算日期格式" in html
    assert client.get(reverse("calendars:org_calendar", args=["LNQZF"])).status_code == 404


def test_console_links_to_the_calendar(client, demo):
    assert client.login(username="lzga-clerk", password=DEMO_PASSWORD)
    html = client.get(reverse("console:org_home", args=["LZGA"])).content.decode()
    assert reverse("calendars:org_calendar", args=["LZGA"]) in html


def test_edit_a_day_and_region_settings_in_admin(admin_client):
    day = CalendarDay.objects.get(region="CN-GX", date=date(2024, 4, 12))
    url = reverse("admin:calendars_calendarday_change", args=[day.pk])
    response = admin_client.post(url, {"region": "CN-GX", "date": "2024-04-12", "kind": "rest",
                                       "name": "壮族三月三（更正）", "source": "测试"})
    assert response.status_code == 302 and CalendarDay.objects.get(pk=day.pk).name == "壮族三月三（更正）"
    from gongkai.calendars.models import RegionCalendar
    from gongkai.calendars.services import calendar_for

    assert calendar_for("CN-NX").loaded(2025)
    response = admin_client.post(reverse("admin:calendars_regioncalendar_add"),
                                 {"region": "CN-NX", "own_days_expected": "on", "note": "开斋节、古尔邦节"})
    assert response.status_code == 302 and RegionCalendar.objects.get(region="CN-NX").own_days_expected
    assert not calendar_for("CN-NX").loaded(2025)  # now every year must be loaded for 宁夏
    refused = admin_client.post(reverse("admin:calendars_regioncalendar_add"), {"region": "CN", "note": ""})
    assert refused.status_code == 200 and "全国日历本身每年都须录入" in refused.content.decode()
    assert admin_client.get(reverse("admin:calendars_clocksettings_changelist")).status_code == 200
