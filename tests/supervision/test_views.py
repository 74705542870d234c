"""The supervising office's pages: who may see them, what they show, and that personal data stays hidden."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.orgs.models import Role
from gongkai.orgs.services import create_organization
from gongkai.requests.models import Case
from gongkai.supervision import services
from gongkai.supervision.models import CheckedReport
from tests.support.fixtures import make_user

from .conftest import CORPUS, ID_PERSON, login

pytestmark = pytest.mark.django_db

PAGES = ["supervision:dashboard", "supervision:overdue", "supervision:reports", "supervision:compare"]


def url(name, code="LZSZF", **kw):
    return reverse(name, kwargs={"org_code": code, **kw})


@pytest.fixture
def cases(org, other_org, register, today):
    """LZGA: one case long overdue, one just received; LNQZF: one case received today."""
    late = register(org, dt.date(2026, 1, 5))
    fresh = register(org, dt.date(2026, 2, 27), name="李四光", id_number="110102198001011239")
    soon = register(org, dt.date(2026, 1, 29), name="周八")  # due 4 March: 2 working days left
    register(org, dt.date(2026, 2, 2), name="吴九")  # due 6 March: 4 working days left, not "soon"
    other = register(other_org, dt.date(2026, 3, 2), name="王五")
    return {"late": late, "fresh": fresh, "soon": soon, "other": other}


# -- access -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, users, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["clerk", "admin", "approver", "other", "public"])
def test_staff_and_the_public_get_404(client, users, name, who):
    login(client, users[who])
    assert client.get(url(name, "LZGA")).status_code == 404
    assert client.get(url(name, "LZSZF")).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_another_regions_supervisor_gets_404(client, users, region, name):
    login(client, region)
    assert client.get(url(name, "LZSZF")).status_code == 404
    assert client.get(url(name, "LZGA")).status_code == 404
    assert client.get(url(name, "NNSZF")).status_code == 200


def test_supervisor_sees_only_the_subtree(client, users, region, cases):
    login(client, users["supervisor"])
    html = client.get(url("supervision:dashboard")).content.decode()
    for name in ("柳州市人民政府", "柳州市公安局", "柳州市柳南区人民政府"):
        assert name in html
    assert "南宁" not in html
    # a lower level is a dashboard of its own subtree
    html = client.get(url("supervision:dashboard", "LNQZF")).content.decode()
    assert "柳州市柳南区人民政府" in html and "柳州市公安局" not in html


def test_console_home_of_an_organisation_links_the_section_for_supervisors_only(client, users):
    login(client, users["supervisor"])
    assert url("supervision:dashboard") in client.get(reverse("console:org_home", args=["LZSZF"])).content.decode()
    assert url("supervision:dashboard", "LZGA") in client.get(reverse("console:org_home", args=["LZGA"])).content.decode()
    client.logout()
    login(client, users["admin"])
    html = client.get(reverse("console:org_home", args=["LZGA"])).content.decode()
    assert "/supervision/" not in html and "政务公开监督" not in html


def test_console_home_panel_sums_up_the_subtree(client, users, cases):
    login(client, users["supervisor"])
    html = client.get(reverse("console:org_home", args=["LZSZF"])).content.decode()
    panel = html[html.index('id="supervision-panel-title"'):]
    panel = panel[:panel.index("</section>")]
    assert "所辖 3 个机构" in panel and "已超期 1 件" in panel and "办理中 5 件" in panel
    assert "2025 年度报告逾期未发布 1 个" in panel  # LZGA (31 January); the governments' deadline is 31 March


# -- the dashboard ------------------------------------------------------------------------------------


def _row(html: str, code: str) -> str:
    m = re.search(rf'<tr[^>]*data-org="{code}".*?</tr>', html, re.S)
    assert m, code
    return m.group(0)


def _nums(row: str) -> list[int]:
    return [int(re.sub(r"<[^>]+>", "", n).strip()) for n in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]


def test_dashboard_counts_from_the_stored_projection(client, users, cases, today):
    late = Case.objects.get(pk=cases["late"].pk)
    assert late.is_open and late.working_days_left < 0  # the clock says it is overdue on 2 March 2026
    login(client, users["supervisor"])
    html = client.get(url("supervision:dashboard")).content.decode()
    lzga = _nums(_row(html, "LZGA"))
    soon = Case.objects.filter(organization__code="LZGA", is_open=True, working_days_left__gte=0,
                               working_days_left__lte=3).count()
    assert soon == 1 and 0 <= Case.objects.get(pk=cases["soon"].pk).working_days_left <= 3
    assert lzga == [4, 1, 1, 0]
    assert _nums(_row(html, "LNQZF"))[:2] == [1, 0]
    assert _nums(_row(html, "LZSZF")) == [0, 0, 0, 0]
    # problems first: LZGA (overdue case, late report) comes before LNQZF although its code sorts after
    assert html.index('data-org="LZGA"') < html.index('data-org="LNQZF"')
    # drill-down links
    assert url("supervision:overdue") + "?agency=LZGA" in html
    assert reverse("requests:queue", args=["LZGA"]) in html


def test_concluded_this_year_counts_the_conclusion_date(client, users, org, register, today):
    case = register(org, dt.date(2026, 1, 5))
    Case.objects.filter(pk=case.pk).update(is_open=False, status="archived", concluded=dt.date(2026, 2, 1),
                                           queue_rank=20_000)
    old = register(org, dt.date(2025, 12, 1), name="赵六")
    Case.objects.filter(pk=old.pk).update(is_open=False, status="archived", concluded=dt.date(2025, 12, 20),
                                          queue_rank=20_000)
    rows = {r.node.code: r for r in services.overview(org, today())}
    assert rows["LZGA"].concluded == 1 and rows["LZGA"].open == 0


def test_annual_report_status_and_deadline(client, users, cases, today):
    login(client, users["supervisor"])
    html = client.get(url("supervision:dashboard")).content.decode()
    # a department's 2025 report was due on 31 January 2026: red; a government's on 31 March: not yet
    assert "已逾期" in _row(html, "LZGA") and "未开始" in _row(html, "LZGA")
    assert "已逾期" not in _row(html, "LNQZF") and "2026-03-31" in _row(html, "LNQZF")
    today.set("2026-04-01")
    html = client.get(url("supervision:dashboard")).content.decode()
    assert "已逾期" in _row(html, "LNQZF")


def test_annual_states_follow_the_versions(org, gov, users, monkeypatch):
    from gongkai.annual import services as annual_services
    from gongkai.annual.models import VersionStatus

    monkeypatch.setattr(annual_services, "today", lambda: dt.date(2026, 1, 10))
    version = annual_services.start_version(org, 2025, users["clerk"])
    rows = {r.node.code: r for r in services.overview(gov, dt.date(2026, 1, 10))}
    assert rows["LZGA"].annual.status == VersionStatus.DRAFT and not rows["LZGA"].annual.overdue
    rows = {r.node.code: r for r in services.overview(gov, dt.date(2026, 2, 1))}
    assert rows["LZGA"].annual.overdue and rows["LZGA"].has_problem
    assert version.pk


def test_dashboard_query_count_does_not_grow_with_the_tree(client, users, gov, register, django_assert_max_num_queries):
    login(client, users["supervisor"])
    client.get(url("supervision:dashboard"))  # warm the session and the role cache paths

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("supervision:dashboard")).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for i in range(12):
        dept = create_organization(name=f"柳州市第{i}局", code=f"LZD{i}", parent_code="LZSZF")
        sub = create_organization(name=f"柳州市第{i}局下属中心", code=f"LZD{i}X", parent_code=f"LZD{i}")
        register(dept, dt.date(2026, 1, 5), name=f"申请人{i}")
        register(sub, dt.date(2026, 2, 27), name=f"申请人{i}乙")
    with django_assert_max_num_queries(small):
        response = client.get(url("supervision:dashboard"))
    assert "柳州市第11局下属中心" in response.content.decode()
    assert small <= 12


# -- overdue cases ------------------------------------------------------------------------------------


def test_overdue_list_masks_personal_data(client, users, cases):
    login(client, users["supervisor"])
    response = client.get(url("supervision:overdue"))
    html = response.content.decode()
    assert cases["late"].number in html
    assert cases["fresh"].number not in html and cases["other"].number not in html
    for secret in ("张三丰", ID_PERSON, "13800000000", "zhangsanfeng@example.cn", "文昌路"):
        assert secret not in html
    assert "张**" in html  # the requests app's masking, as in the work queue
    assert "柳州市公安局" in html and cases["late"].due.isoformat() in html
    overdue_by = -Case.objects.get(pk=cases["late"].pk).working_days_left
    assert f'<span class="badge danger">{overdue_by}</span>' in html


def test_overdue_list_filters_by_agency(client, users, other_org, register, cases):
    ln_late = register(other_org, dt.date(2026, 1, 6), name="陈七")
    login(client, users["supervisor"])
    html = client.get(url("supervision:overdue")).content.decode()
    assert ln_late.number in html and cases["late"].number in html
    html = client.get(url("supervision:overdue") + "?agency=LNQZF").content.decode()
    assert ln_late.number in html and cases["late"].number not in html
    # an agency outside the subtree does not widen anything
    html = client.get(url("supervision:overdue", "LNQZF") + "?agency=LZGA").content.decode()
    assert cases["late"].number not in html and ln_late.number in html


# -- 年报核查 ------------------------------------------------------------------------------------------


def _file(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_upload_checks_a_report_and_keeps_the_result(client, users):
    login(client, users["supervisor"])
    content = (CORPUS / "038.raw.html").read_bytes()
    response = client.post(url("supervision:reports"), {"files": [_file("经发局2023.html", content)]}, follow=True)
    report = CheckedReport.objects.get()
    assert (report.agency, report.year, report.format_version) == ("平潭综合实验区经济发展局", 2023, "2021")
    assert report.errors == 2 and report.checked_by == users["supervisor"] and bytes(report.content) == content
    html = response.content.decode()
    assert "核查结果" in html and "平潭综合实验区经济发展局" in html
    # errors first, in Chinese, and the tables are shown
    first_error, first_warning = html.find("finding-error"), html.find("finding-warning")
    assert 0 < first_error < first_warning
    assert "勾稽关系" in html and "<table" in html
    listing = client.get(url("supervision:reports")).content.decode()
    assert "平潭综合实验区经济发展局" in listing and "经发局2023.html" in listing


def test_adjacent_years_are_checked_for_continuity(client, users):
    login(client, users["supervisor"])
    files = [_file("2022.txt", (CORPUS / "040.raw.txt").read_bytes()),
             _file("2023.html", (CORPUS / "038.raw.html").read_bytes())]
    client.post(url("supervision:reports"), {"files": files})
    y2023 = CheckedReport.objects.get(year=2023)
    assert any(f["source"] == "cross_year" for f in y2023.document["findings"])
    html = client.get(url("supervision:compare")).content.decode()
    assert "2022年度" in html and "2023年度" in html and "平潭综合实验区经济发展局" in html
    # the checker's continuity, over the stored reports: 2023 is compared with 2022
    assert "与2022年度报告 平潭综合实验区经济发展局2022 对照" in html or "已与2022年度报告" in html
    assert "与2021年度报告" not in html
    warnings = [f for f in y2023.document["findings"] if f["source"] == "cross_year" and f["severity"] == "warning"]
    assert warnings and f"不衔接 {len(warnings)} 处" in html and "跨年度衔接的问题" in html


@pytest.mark.parametrize("name,content,message", [
    ("空.txt", b"", "是空的"),
    ("乱码.pdf", bytes(range(256)) * 8, "内容不是 PDF"),
    ("乱码.txt", bytes(range(256)) * 8, "内容不是文字"),
    ("乱码.docx", b"PK\x03\x04" + bytes(range(256)) * 4, "内容不是 Word"),
    ("报告.exe", b"MZ\x90\x00" * 100, "类型不能核查"),
    ("报告.doc", b"\xd0\xcf\x11\xe0" * 100, "类型不能核查"),
])
def test_bad_uploads_are_refused_with_a_chinese_message(client, users, name, content, message):
    login(client, users["supervisor"])
    good = _file("好.html", (CORPUS / "038.raw.html").read_bytes())
    response = client.post(url("supervision:reports"), {"files": [good, _file(name, content)]})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and name in html
    assert not CheckedReport.objects.exists()


def test_oversize_upload_is_refused(client, users, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 1024
    login(client, users["supervisor"])
    response = client.post(url("supervision:reports"), {"files": [_file("大.txt", "年度报告".encode() * 1000)]})
    assert response.status_code == 400 and "过大" in response.content.decode()
    assert not CheckedReport.objects.exists()


def test_no_file_and_too_many_files(client, users):
    login(client, users["supervisor"])
    response = client.post(url("supervision:reports"), {})
    assert response.status_code == 400 and "请选择要核查的年度报告文件" in response.content.decode()
    files = [_file(f"{i}.txt", b"x") for i in range(11)]
    response = client.post(url("supervision:reports"), {"files": files})
    assert "一次最多上传10个文件" in response.content.decode()
    assert not CheckedReport.objects.exists()


def test_text_that_is_not_a_report_is_not_saved(client, users):
    login(client, users["supervisor"])
    response = client.post(url("supervision:reports"), {"files": [_file("通知.txt", "关于放假的通知\n各单位：……".encode())]},
                           follow=True)
    html = response.content.decode()
    assert "无法读取为年度报告，未保存" in html
    assert not CheckedReport.objects.exists()


def test_checked_reports_belong_to_the_office(client, users, region):
    login(client, users["supervisor"])
    client.post(url("supervision:reports"), {"files": [_file("a.html", (CORPUS / "038.raw.html").read_bytes())]})
    report = CheckedReport.objects.get()
    assert client.get(url("supervision:report", pk=report.pk)).status_code == 200
    assert client.get(url("supervision:report_file", pk=report.pk)).content == bytes(report.content)
    assert client.get(url("supervision:report", "LZGA", pk=report.pk)).status_code == 404  # another office's list
    client.logout()
    login(client, region)
    assert client.get(url("supervision:report", "NNSZF", pk=report.pk)).status_code == 404
    assert client.get(url("supervision:report", pk=report.pk)).status_code == 404
    assert client.get(url("supervision:report_file", pk=report.pk)).status_code == 404
    client.logout()
    login(client, users["clerk"])
    assert client.get(url("supervision:report", "LZGA", pk=report.pk)).status_code == 404


def test_check_published_reports_of_overseen_agencies(client, users, org, monkeypatch):
    from gongkai.annual import services as annual_services
    from gongkai.annual.narrative import PLACEHOLDER_RE

    monkeypatch.setattr(annual_services, "today", lambda: dt.date(2026, 1, 20))
    version = annual_services.start_version(org, 2025, users["clerk"])
    sections = {k: PLACEHOLDER_RE.sub("本机关按照有关要求认真落实，相关工作有序开展。", v) for k, v in version.sections.items()}
    version = annual_services.save_sections(version, sections, users["clerk"])
    for action, who in (("submit", "clerk"), ("review_pass", "reviewer"), ("approve", "approver"),
                        ("publish", "approver")):
        version = annual_services.perform(version, action, users[who])
    login(client, users["supervisor"])
    response = client.post(url("supervision:check_published"), follow=True)
    assert "已核查所辖机关在本平台发布的年度报告1份" in response.content.decode()
    report = CheckedReport.objects.get()
    assert (report.agency, report.year, report.version_id, report.origin) == ("柳州市公安局", 2025, version.pk, "published")
    assert report.errors == 0
    html = client.get(url("supervision:report", pk=report.pk)).content.decode()
    assert reverse("annual:year", args=["LZGA", 2025]) in html and html.count("<table") >= 4
    # once checked, not again
    response = client.post(url("supervision:check_published"), follow=True)
    assert "都已核查过" in response.content.decode()
    assert CheckedReport.objects.count() == 1
    # a published correction is a new version: checked once, the superseded one is not checked again
    correction = annual_services.start_version(org, 2025, users["clerk"], correction_note="更正第五部分。")
    for action, who in (("submit", "clerk"), ("review_pass", "reviewer"), ("approve", "approver"),
                        ("publish", "approver")):
        correction = annual_services.perform(correction, action, users[who])
    client.post(url("supervision:check_published"))
    assert list(CheckedReport.objects.order_by("id").values_list("version_id", flat=True)) == [version.pk, correction.pk]
    # only supervisors may trigger it
    client.logout()
    login(client, users["approver"])
    assert client.post(url("supervision:check_published", "LZGA")).status_code == 404


def test_an_ancestors_supervisor_and_a_direct_one(client, gov, org, other_org):
    direct = make_user("ln-supervisor", [("LNQZF", Role.SUPERVISOR)])
    login(client, direct)
    assert client.get(url("supervision:dashboard", "LNQZF")).status_code == 200
    assert client.get(url("supervision:dashboard", "LZSZF")).status_code == 404
    assert client.get(url("supervision:dashboard", "LZGA")).status_code == 404


def test_comparison_runs_continuity_across_separate_uploads(client, users):
    """Reports checked on different days still line up: continuity is computed over the stored documents."""
    login(client, users["supervisor"])
    client.post(url("supervision:reports"), {"files": [_file("2022.txt", (CORPUS / "040.raw.txt").read_bytes())]})
    client.post(url("supervision:reports"), {"files": [_file("2023.html", (CORPUS / "038.raw.html").read_bytes())]})
    y2023 = CheckedReport.objects.get(year=2023)
    assert not any(f["source"] == "cross_year" for f in y2023.document["findings"])  # checked alone
    from gongkai.supervision import checking

    comparison = checking.compare(CheckedReport.objects.order_by("-checked_at", "-id"))
    key = comparison.agencies[0][0]
    assert comparison.cell(key, 2022).continuity == []
    assert comparison.cell(key, 2023).continuity  # compared with 2022
    assert all("2022" in f.message for f in comparison.cell(key, 2023).continuity)
    assert comparison.cell(key, 2023).figures[0] == y2023.document["tables"]["t3.total.new_received"]


def test_pre_2019_report_shows_the_figures_the_prose_states(client, users):
    login(client, users["supervisor"])
    content = (CORPUS / "014.raw.html").read_bytes()
    response = client.post(url("supervision:reports"), {"files": [_file("2013.html", content)]}, follow=True)
    report = CheckedReport.objects.get()
    assert report.format_version == "pre2019" and report.year == 2013
    html = response.content.decode()
    assert "2019年以前（叙述式）" in html and "2019年以前的叙述式报告没有统一表格" in html
    assert report.document["facts"] and all(k in html for k in report.document["facts"])


def test_no_personal_data_on_any_supervision_page(client, users, cases):
    login(client, users["supervisor"])
    for name in PAGES:
        html = client.get(url(name)).content.decode()
        for secret in ("张三丰", "李四光", "王五", ID_PERSON, "110102198001011239", "13800000000", "文昌路"):
            assert secret not in html, (name, secret)


def test_every_corpus_report_can_be_checked_and_shown(client, users):
    """The development corpus (2013–2025, 2019 trial and 2021 formats, text/HTML/PDF/Markdown→.txt) end to end."""
    login(client, users["supervisor"])
    files = sorted(p for p in CORPUS.glob("*.raw.*"))
    for i in range(0, len(files), 10):
        batch = [_file(p.name.replace(".md", ".txt"), p.read_bytes()) for p in files[i:i + 10]]
        assert client.post(url("supervision:reports"), {"files": batch}).status_code == 302
    reports = list(CheckedReport.objects.all())
    assert len(reports) == len(files)  # every corpus file reads (as with `gongkai report check`)
    assert {r.format_version for r in reports} >= {"2021", "2019", "pre2019"}
    for r in reports:
        response = client.get(url("supervision:report", pk=r.pk))
        assert response.status_code == 200
        if r.format_version in ("2021", "2019"):
            assert response.content.decode().count("<table") >= 4  # the metadata and the three tables
    assert client.get(url("supervision:compare")).status_code == 200
    assert client.get(url("supervision:reports")).status_code == 200


def test_problems_deep_in_a_branch_bring_the_branch_forward(gov, org, other_org, register, today):
    from gongkai.orgs.models import Organization

    gov_kind = Organization.Kind.GOVERNMENT
    create_organization(name="甲区人民政府", code="AAA", kind=gov_kind, parent_code="LZSZF")
    create_organization(name="乙区人民政府", code="ZZZ", kind=gov_kind, parent_code="LZSZF")
    deep = create_organization(name="乙区某某镇人民政府", code="ZZZ1", kind=gov_kind, parent_code="ZZZ")
    register(deep, dt.date(2026, 1, 5))  # overdue on 2 March
    rows = services.overview(gov, today())
    order = [r.node.code for r in rows]
    # ZZZ's branch has an overdue request: before LZGA (whose only problem is the late 2025 report),
    # and both before the branches without problems (then by code)
    assert order == ["LZSZF", "ZZZ", "ZZZ1", "LZGA", "AAA", "LNQZF"]
    assert [r.node.depth for r in rows] == [0, 1, 2, 1, 1, 1]
    assert rows[1].overdue == 0 and rows[2].overdue == 1
