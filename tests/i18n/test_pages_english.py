"""The main pages render in English for an English browser or after choosing English, with no
Chinese interface text left: Chinese may remain only where it is data (agency names, request
texts, the statutory annual report content, stored clock explanations)."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD, build_demo
from gongkai.requests.models import Case

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]+")


class _Text(HTMLParser):
    """Visible text plus the attributes people read (title, aria-label, placeholder, value of buttons)."""

    SKIP = {"script", "style"}

    def __init__(self, skip_classes=()):
        super().__init__()
        self.parts, self._stack, self._skip_classes = [], [], set(skip_classes)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skipping = tag in self.SKIP or bool(self._skip_classes & set((a.get("class") or "").split()))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "col", "wbr", "source"):
            self._stack.append(skipping or self._hidden())
        if not self._hidden():
            for name in ("title", "aria-label", "placeholder", "alt"):
                if a.get(name):
                    self.parts.append(a[name])
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.parts.append(a["value"])

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "input", "meta", "link", "hr", "col", "wbr", "source") and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def visible_text(html, skip_classes=()):
    parser = _Text(skip_classes)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def data_blob():
    """Every text stored in the database: Chinese found here is data, not interface."""
    chunks = ["简体中文"]  # the language switcher names each language in itself
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                chunks.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return "\n".join(chunks)


# Chinese the user is shown as an example of what to type (document numbers, dates).
EXAMPLES = {"柳政发", "柳公规", "柳公信", "号", "年", "月", "日", "请填写", "一", "主动公开"}  # and the draft placeholder 【请填写：…】


def chrome_leftovers(text, blob):
    return sorted({run for run in HAN.findall(text) if run not in blob and run not in EXAMPLES})


@pytest.fixture
def demo():
    return build_demo()


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en">' in html, url
    return html


def test_chinese_stays_the_default(client, demo):
    html = _get_zh(client, "/")
    assert "政府信息公开" in html and "Government information disclosure" not in html


def _get_zh(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    return html


def test_public_pages_in_english(en, demo):
    blob = data_blob()
    pages = {
        "/": ["Government information disclosure", "Track a request", "Skip to content"],
        reverse("public:agencies"): ["Agencies you can make a request to", "Find an agency"],
        reverse("public:apply", args=["LZGA"]): ["Request government information from", "Submit request",
                                                 "Processing of personal information", "Applicant type"],
        reverse("public:track"): ["Tracking code", "Look up"],
        reverse("accounts:login"): ["Username", "Password", "Log in"],
        reverse("public:signup"): ["Register", "Password again"],
    }
    for url, words in pages.items():
        text = visible_text(_get(en, url))
        for word in words:
            assert word in text, (url, word)
        assert chrome_leftovers(text, blob) == [], url


def test_language_cookie_switches_without_accept_language(client, demo):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Track a request" in visible_text(_get(client, "/"))


def test_set_language_view_switches_to_english_and_back(client, demo):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Track a request" in visible_text(_get(client, "/"))
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "查询进度" in _get_zh(client, "/")


def test_console_pages_in_english(en, demo):
    assert en.login(username="lzga-clerk", password=DEMO_PASSWORD)
    case = Case.objects.filter(organization__code="LZGA").order_by("-pk").first()
    blob = data_blob()
    pages = {
        reverse("console:org_home", args=["LZGA"]): ["Disclosure on request", "Log out"],
        reverse("requests:queue", args=["LZGA"]): ["Disclosure on request: case queue", "Reply deadline", "Filter"],
        reverse("requests:case", args=["LZGA", case.pk]): ["Deadlines", "History", "Case file PDF"],
        reverse("requests:register", args=["LZGA"]): ["Register a request", "Channel", "Evidence date"],
    }
    for url, words in pages.items():
        text = visible_text(_get(en, url))
        for word in words:
            assert word in text, (url, word)
        assert chrome_leftovers(text, blob) == [], url


def test_annual_report_pages_in_english(en, demo):
    last = timezone.localdate().year - 1  # the demo is compiling this year's report and published the year before
    assert en.login(username="lzga-clerk", password=DEMO_PASSWORD)
    blob = data_blob()
    # The report itself (tables, statutory headings, text) is the legal format and stays Chinese.
    report = ("report", "annual-report", "report-preview")
    pages = {
        reverse("annual:index", args=["LZGA"]): (["Annual reports by year"], report),
        reverse("annual:year", args=["LZGA", last]): (["Check results", "History"], report),
        reverse("annual_public:index"): (["Annual reports published by agencies"], report),
        reverse("annual_public:agency", args=["LZGA"]): (["Annual reports and their versions"], report),
        reverse("annual_public:report", args=["LZGA", last - 1]): (["Versions and downloads"], report),
    }
    for url, (words, skip) in pages.items():
        text = visible_text(_get(en, url), skip)
        for word in words:
            assert word in text, (url, word)
        assert chrome_leftovers(text, blob) == [], url


def test_supervision_pages_in_english(en, demo):
    assert en.login(username="lz-supervisor", password=DEMO_PASSWORD)
    # check the published reports first so that the report list, a result and the comparison have content
    response = en.post(reverse("supervision:check_published", args=["LZSZF"]))
    assert response.status_code == 302
    blob = data_blob()
    checked = apps.get_model("supervision", "CheckedReport").objects.order_by("pk").first()
    pages = {
        reverse("supervision:dashboard", args=["LZSZF"]): ["Overview", "Overdue requests", "Concluded this year"],
        reverse("supervision:overdue", args=["LZSZF"]): ["Working days overdue"],
        reverse("supervision:reports", args=["LZSZF"]): ["Upload and check", "Checked reports"],
        reverse("supervision:report", args=["LZSZF", checked.pk]): ["Report details", "Findings"],
        reverse("supervision:compare", args=["LZSZF"]): ["Agencies and years compared", "Received this year"],
    }
    for url, words in pages.items():
        text = visible_text(_get(en, url), skip_classes=("report-table",))
        for word in words:
            assert word in text, (url, word)
        assert chrome_leftovers(text, blob) == [], url
