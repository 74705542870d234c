"""Console pages: permissions for every URL, forms, downloads, htmx."""

import io
import re

import pytest
from django.urls import URLPattern, reverse

from gongkai.requests import notices, services, urls
from gongkai.requests.models import Case, NoticeTemplate

from .conftest import PASSWORD, PDF_BYTES, company, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, users):
    def as_(who):
        client.logout()
        assert client.login(username=users[who].username, password=PASSWORD)
        return client

    return as_


@pytest.fixture
def case(register, actors):
    c = register(data=person(applicant_name="王秘密", description="机密测试内容：2025年交通事故数据"),
                 attachments=[("id_copy", ("身份证.pdf", PDF_BYTES))])
    services.perform(c, "note", actors["clerk"], text="内部备注")
    return c


@pytest.fixture
def template(org, actors):
    data = (notices.DEFAULT_DIR / "P2.docx").read_bytes()
    return services.save_template(org, "P2", "我局补正告知书.docx", data, actors["admin"])


def every_url(case, template, code="LZGA"):
    """Every URL pattern of the app, with real ids (a new pattern with a new kwarg fails here)."""
    values = {"pk": case.pk, "notice_pk": case.notices.first().pk, "att_pk": case.attachments.first().pk,
              "tpl_pk": template.pk, "action": "note", "fmt": "pdf", "kind": "P2"}
    out = []
    for p in urls.urlpatterns:
        assert isinstance(p, URLPattern)
        names = re.findall(r"<(?:\w+:)?(\w+)>", str(p.pattern))
        assert set(names) <= set(values), f"unknown URL argument in {p.pattern}: add it to every_url()"
        out.append((p.name, reverse(f"requests:{p.name}", kwargs={"org_code": code, **{n: values[n] for n in names}})))
    assert len(out) == len(urls.urlpatterns) >= 20
    return out


def test_anonymous_is_sent_to_login(client, case, template):
    for name, url in every_url(case, template):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["other", "applicant"])
def test_other_agency_and_applicant_get_404_never_data(login, case, template, who):
    client = login(who)
    for name, url in every_url(case, template):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404), (who, name, method.__name__, response.status_code)
            body = response.content.decode(errors="replace")
            assert "王秘密" not in body and "机密测试内容" not in body and case.number not in body, name
    if who == "other":  # their own console cannot reach our case, notices, files or template by id either
        for name, url in every_url(case, template, code="LNQZF"):
            response = client.get(url) if name != "template_disable" else client.post(url)
            if name in ("queue", "register", "audit", "remedies", "templates", "template_default", "template_preview"):
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert case.number.encode() not in body, name  # their own pages
            else:
                assert response.status_code == 404, name


def test_supervisor_reads_queue_and_case_masked_and_nothing_else(login, case, template):
    client = login("supervisor")
    allowed = {"queue", "case"}
    for name, url in every_url(case, template):
        response = client.get(url)
        if name in allowed:
            body = response.content.decode()
            assert response.status_code == 200, name
            assert "王秘密" not in body and "王**" in body, name
            assert case.attachments.first().original_name not in body
            assert "内部备注" not in body
        else:
            assert response.status_code == 404, name
    assert client.post(reverse("requests:action", args=["LZGA", case.pk, "note"]), {"text": "x"}).status_code == 404


def test_clerk_registers_a_letter(login, org, today):
    client = login("clerk")
    url = reverse("requests:register", args=["LZGA"])
    form = client.get(url).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', form).group(1)
    data = {**company(description="关于某路段改造的批复文件"), "channel": "post_signed", "evidence_date": "2026-03-02",
            "evidence_note": "EMS 1234", "submission_key": key}
    bad = client.post(url, {**data, "id_number": "91110000600037341X"})
    assert bad.status_code == 200 and "校验位" in bad.content.decode() and Case.objects.count() == 0
    assert "关于某路段改造的批复文件" in bad.content.decode()  # what was typed is kept
    response = client.post(url, {**data, "id_copy": io.BytesIO(PDF_BYTES)})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/requests/{case.pk}/")
    assert case.channel == "post_signed" and case.evidence_note == "EMS 1234" and case.attachments.count() == 1
    again = client.post(url, data)  # a double click
    assert again.status_code == 302 and Case.objects.count() == 1


def test_actions_through_the_console(login, case, today):
    client = login("clerk")
    url = reverse("requests:action", args=["LZGA", case.pk, "request_correction"])
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    response = client.post(url, {"legal_date": "2026-03-02", "items": "请写明路段\n请提供身份证明"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].endswith(f"/requests/{case.pk}/")
    case.refresh_from_db()
    assert case.status == "correction"
    # a refused action shows why, and the server refuses a POST too
    refused = client.get(reverse("requests:action", args=["LZGA", case.pk, "request_correction"]))
    assert refused.status_code == 403 and "当前状态为“待补正”" in refused.content.decode()
    assert client.post(reverse("requests:action", args=["LZGA", case.pk, "approve"])).status_code == 403
    # the clerk is not the approver
    page = client.get(reverse("requests:case", args=["LZGA", case.pk])).content.decode()
    assert "登记收到补正" in page and "审签并出具答复" not in page
    # form errors come back in Chinese on the form
    bad = client.post(reverse("requests:action", args=["LZGA", case.pk, "record_correction"]),
                      {"legal_date": "2099-01-01", "text": "x"})
    assert bad.status_code == 200 and "不能晚于今天" in bad.content.decode()


def test_queue_orders_overdue_first_and_filters(login, register, actors, today, org):
    old = register(evidence_date=today().replace(day=2))
    today.set("2026-04-20")
    new = register(data=person(description="新申请"), evidence_date=today())
    services.tick()
    client = login("reviewer")
    html = client.get(reverse("requests:queue", args=["LZGA"])).content.decode()
    assert html.index(old.number) < html.index(new.number)
    assert "urgency-overdue" in html and "超期" in html
    filtered = client.get(reverse("requests:queue", args=["LZGA"]) + "?urgency=overdue").content.decode()
    assert old.number in filtered and new.number not in filtered
    assert new.number in client.get(reverse("requests:queue", args=["LZGA"]) + "?channel=post_signed&applicant_type=natural_person").content.decode()
    assert new.number not in client.get(reverse("requests:queue", args=["LZGA"]) + "?status=review").content.decode()


def test_downloads(login, case):
    client = login("clerk")
    notice = case.notices.first()
    pdf = client.get(reverse("requests:notice_file", args=["LZGA", case.pk, notice.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("requests:notice_file", args=["LZGA", case.pk, notice.pk, "docx"]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
    att = client.get(reverse("requests:attachment", args=["LZGA", case.pk, case.attachments.first().pk]))
    assert att.status_code == 200 and att["X-Content-Type-Options"] == "nosniff"
    dossier = client.get(reverse("requests:dossier_pdf", args=["LZGA", case.pk]))
    assert dossier.status_code == 200 and dossier.content.startswith(b"%PDF")
    zipped = client.get(reverse("requests:dossier_zip", args=["LZGA", case.pk]))
    assert zipped.status_code == 200 and zipped.content[:2] == b"PK"


def test_template_upload(login, org):
    client = login("admin")
    url = reverse("requests:templates", args=["LZGA"])
    bad = client.post(url, {"kind": "P2", "file": io.BytesIO(b"not a docx")})
    assert bad.status_code == 200 and "Word" in bad.content.decode() and not NoticeTemplate.objects.exists()
    good = io.BytesIO((notices.DEFAULT_DIR / "P2.docx").read_bytes())
    good.name = "我局补正告知书.docx"
    assert client.post(url, {"kind": "P2", "file": good}).status_code == 302
    tpl = NoticeTemplate.objects.get()
    assert tpl.active and notices.template_for(org, "P2") == tpl
    # the clerk may look but not upload
    client = login("clerk")
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "P2", "file": io.BytesIO(b"x")}).status_code == 404
    assert client.get(reverse("requests:template_preview", args=["LZGA", "D3"])).content.startswith(b"%PDF")


def test_audit_views(login, case):
    client = login("admin")
    html = client.get(reverse("requests:audit", args=["LZGA"])).content.decode()
    assert case.number in html and "登记申请" in html
    assert login("clerk").get(reverse("requests:audit", args=["LZGA"])).status_code == 404
    assert login("clerk").get(reverse("requests:case_audit", args=["LZGA", case.pk])).status_code == 200


def test_org_home_shows_panel_and_links(login, case):
    html = login("clerk").get(reverse("console:org_home", args=["LZGA"])).content.decode()
    assert "依申请公开：办理队列" in html and "办理中 1 件" in html


def test_admin_is_read_only_for_the_request_records(client, case, django_user_model):
    from gongkai.requests.models import AuditEntry, CaseEvent

    django_user_model.objects.create_superuser("root", "root@example.cn", PASSWORD)
    client.login(username="root", password=PASSWORD)
    entry, event = AuditEntry.objects.first(), CaseEvent.objects.first()
    for model, obj in (("auditentry", entry), ("case", case)):
        assert client.get(f"/admin/requests/{model}/{obj.pk}/change/").status_code == 200  # may look
        assert client.post(f"/admin/requests/{model}/{obj.pk}/change/", {}).status_code == 403
        assert client.post(f"/admin/requests/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.get(f"/admin/requests/{model}/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists() and CaseEvent.objects.filter(pk=event.pk).exists()


def test_staff_open_every_page_without_error(login, case, template):
    client = login("admin")
    for name, url in every_url(case, template):
        if name == "template_disable":
            continue  # POST only
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
    assert client.post(reverse("requests:template_disable", args=["LZGA", template.pk])).status_code == 302
    template.refresh_from_db()
    assert not template.active


def test_dossier_stays_chinese_on_an_english_screen(case):
    from django.utils import translation

    from gongkai.requests.dossier import dossier_html

    with translation.override("en"):
        html = dossier_html(case)
        assert translation.get_language() == "en"  # restored after the document is built
    assert case.number in html and "自然人" in html and "收到申请" in html
    # the labels that an English screen translates (channel, applicant type, timeline) stay Chinese
    assert "Natural person" not in html and "Request received" not in html and "Registered post" not in html

