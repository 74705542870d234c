"""Console pages: who sees what, forms, uploads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure import services
from gongkai.disclosure.models import EnforcementFigure, EnforcementRecord, NormativeDocument

from .conftest import PASSWORD, csv_bytes

pytestmark = pytest.mark.django_db


def url(name, code="LZGA", **kw):
    return reverse(f"disclosure:{name}", kwargs={"org_code": code, **kw})


@pytest.fixture
def document(org):
    return services.save_document(org, {"number": "柳公规〔2021〕1号", "title": "关于规范停车的通告（机密测试标题）",
                                        "kind": "行政规范性文件", "issued_on": "2021-03-01"})


@pytest.fixture
def login(client, users):
    def as_(who):
        client.logout()
        assert client.login(username=who, password=PASSWORD)
        return client

    return as_


def pages(doc):
    return [url("documents"), url("document_new"), url("documents_import"), url("documents_export"),
            url("document_edit", pk=doc.pk), url("document_end", pk=doc.pk), url("document_attachment", pk=doc.pk),
            url("figures"), url("figure_edit", year=2023, kind="license")]


def test_anonymous_is_sent_to_login(client, users, document):
    for page in pages(document) + [url("enforcement_import")]:
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], page


def test_other_agency_gets_404_and_never_data(login, document):
    client = login("other")
    for page in pages(document):
        response = client.get(page)
        assert response.status_code == 404, page
        assert "机密测试标题" not in response.content.decode()
    response = client.post(url("enforcement_import"), {"year": 2023, "file": SimpleUploadedFile("a.csv", csv_bytes([]))})
    assert response.status_code == 404
    # and their own console cannot reach our document by its id
    assert client.get(url("document_edit", code="LNQZF", pk=document.pk)).status_code == 404


def test_supervisor_reads_but_cannot_edit(login, document):
    client = login("supervisor")
    response = client.get(url("documents"))
    html = response.content.decode()
    assert response.status_code == 200 and "机密测试标题" in html and "登记新文件" not in html
    assert client.get(url("figures") + "?year=2023").status_code == 200
    for page in (url("document_new"), url("document_edit", pk=document.pk), url("figure_edit", year=2023, kind="fee")):
        assert client.get(page).status_code == 404


def test_reviewer_reads_only(login, document):
    client = login("reviewer")
    assert client.get(url("documents")).status_code == 200
    assert client.get(url("document_new")).status_code == 404


def test_org_home_links_to_the_pages(login):
    html = login("clerk").get(reverse("console:org_home", args=["LZGA"])).content.decode()
    assert url("documents") in html and url("figures") in html


def test_list_search_and_filters(login, document, org):
    services.save_document(org, {"number": "柳州市人民政府令第5号", "title": "柳州市养犬管理办法", "kind": "规章",
                                 "issued_on": "2019-01-01"})
    client = login("clerk")
    html = client.get(url("documents") + "?q=养犬").content.decode()
    assert "柳州市养犬管理办法" in html and "机密测试标题" not in html
    html = client.get(url("documents") + "?kind=normative&year=2021&status=in_force").content.decode()
    assert "机密测试标题" in html and "养犬" not in html
    assert client.get(url("documents") + "?year=abc&kind=<x>").status_code == 200  # bad filters are ignored


def test_create_edit_and_repeal(login, org):
    client = login("clerk")
    data = {"number": "柳公规〔2023〕1号", "title": "关于烟花爆竹燃放管理的通告", "kind": "normative",
            "issued_on": "2023-01-10", "effective_on": "2022-12-01", "status": "in_force"}
    response = client.post(url("document_new"), data)
    assert response.status_code == 200 and "早于印发日期" in response.content.decode()
    assert not NormativeDocument.objects.exists()
    data["effective_on"] = "2023-02-01"
    assert client.post(url("document_new"), data).status_code == 302
    doc = NormativeDocument.objects.get()
    assert doc.organization == org and doc.issuer == "柳州市公安局"
    data["title"] = "关于烟花爆竹燃放安全管理的通告"
    assert client.post(url("document_edit", pk=doc.pk), data).status_code == 302
    doc.refresh_from_db()
    assert doc.title == data["title"]
    response = client.post(url("document_end", pk=doc.pk), {"status": "expired", "ended_on": "2023-12-31", "note": "有效期届满"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == "expired" and str(doc.ended_on) == "2023-12-31"
    assert services.document_counts(org, 2023)["t2.art20_1.normative_docs.abolished"] == 1


def test_attachment_upload_checked_and_served_to_own_agency(login, settings):
    client = login("clerk")
    data = {"number": "柳公规〔2023〕2号", "title": "附件测试", "kind": "normative", "issued_on": "2023-01-10",
            "status": "in_force"}
    response = client.post(url("document_new"), {**data, "attachment": SimpleUploadedFile("x.exe", b"MZ...")})
    assert "不支持的附件类型" in response.content.decode()
    settings.GONGKAI_MAX_UPLOAD_BYTES = 10
    response = client.post(url("document_new"), {**data, "attachment": SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 20)})
    assert "文件过大" in response.content.decode()
    settings.GONGKAI_MAX_UPLOAD_BYTES = 10_000
    assert client.post(url("document_new"), {**data, "attachment": SimpleUploadedFile("x.pdf", b"%PDF-1.7")}).status_code == 302
    doc = NormativeDocument.objects.get()
    response = client.get(url("document_attachment", pk=doc.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7"


def test_import_and_export_pages(login, document):
    client = login("clerk")
    bad = csv_bytes([("柳公规〔2023〕5号", "好", "行政规范性文件", "2023-01-01"), ("", "坏", "行政规范性文件", "2023-01-01")],
                    header=("文号", "标题", "类别", "印发日期"))
    response = client.post(url("documents_import"), {"file": SimpleUploadedFile("d.csv", bad)})
    html = response.content.decode()
    assert "导入失败，未保存任何数据" in html and "第 3 行" in html and NormativeDocument.objects.count() == 1
    response = client.post(url("documents_import"), {"file": SimpleUploadedFile("d.pdf", b"%PDF")})
    assert "不支持的文件类型" in response.content.decode()
    good = csv_bytes([("柳公规〔2023〕5号", "好", "行政规范性文件", "2023-01-01")], header=("文号", "标题", "类别", "印发日期"))
    assert client.post(url("documents_import"), {"file": SimpleUploadedFile("d.csv", good)}).status_code == 302
    assert NormativeDocument.objects.count() == 2
    response = client.get(url("documents_export") + "?format=csv&q=停车")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "柳公规〔2021〕1号" in body and "柳公规〔2023〕5号" not in body
    response = client.get(url("documents_export") + "?format=xlsx")
    assert response.content.startswith(b"PK")


def test_figures_page_entry_and_browser_import(login, org, settings):
    client = login("clerk")
    response = client.post(url("figure_edit", year=2023, kind="fee"), {
        "value": "13501714.00", "source_person": "财务科 李某", "source_date": "2024-01-08",
        "source_document": "2023年度行政事业性收费统计表",
    })
    assert response.status_code == 302
    html = client.get(url("figures") + "?year=2023").content.decode()
    assert "1350.1714" in html and "财务科 李某" in html
    upload = csv_bytes([("行政许可", "许1", "2023-01-05", ""), ("行政许可", "许2", "2023-01-06", "")])
    response = client.post(url("enforcement_import"), {"year": 2023, "file": SimpleUploadedFile("r.csv", upload)})
    assert response.status_code == 302 and EnforcementRecord.objects.count() == 2
    html = client.get(url("figures") + "?year=2023").content.decode()
    assert "由导入的 2 条记录统计" in html
    bad = csv_bytes([("行政许可", "许3", "2022-01-05", "")])
    response = client.post(url("enforcement_import"), {"year": 2023, "file": SimpleUploadedFile("r.csv", bad)})
    assert "第 2 行：决定日期 2022-01-05 不在 2023 年度内" in response.content.decode()
    settings.GONGKAI_MAX_UPLOAD_BYTES = 5
    response = client.post(url("enforcement_import"), {"year": 2023, "file": SimpleUploadedFile("r.csv", upload)})
    assert "文件过大" in response.content.decode()
    assert EnforcementRecord.objects.count() == 2
    # delete the hand-entered figure
    response = client.post(url("figure_edit", year=2023, kind="fee"), {"delete": "1"})
    assert response.status_code == 302 and not EnforcementFigure.objects.exists()


def test_override_needs_a_reason_on_the_form(login, org, import_records):
    import_records(org, [("行政许可", "许1", "2023-01-05", "")])
    client = login("clerk")
    data = {"value": "7", "source_person": "法制支队", "source_date": "2024-01-08", "source_document": "统计表",
            "overrides_computed": "on"}
    response = client.post(url("figure_edit", year=2023, kind="license"), data)
    assert "须说明理由" in response.content.decode() and not EnforcementFigure.objects.exists()
    data["override_reason"] = "导入文件不全"
    assert client.post(url("figure_edit", year=2023, kind="license"), data).status_code == 302
    assert services.table2_values(org, 2023)["t2.art20_5.administrative_license.decisions"] == 7
    assert client.get(url("figure_edit", year=2023, kind="bogus")).status_code == 404


def test_demo_populates_lzga(db):
    from gongkai.demo import build_demo
    from gongkai.orgs.models import Organization

    build_demo()
    build_demo()  # idempotent
    org = Organization.objects.get(code="LZGA")
    values = services.table2_values(org, 2023)
    assert values["t2.art20_1.normative_docs.in_force"] == 5 and values["t2.art20_1.normative_docs.issued"] == 0
    assert values["t2.art20_8.administrative_fees.amount_10k_yuan"] == Decimal("1350.1714")
    assert EnforcementRecord.objects.filter(organization=org, year=2024).count() == 400
