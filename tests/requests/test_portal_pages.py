"""The public portal through HTTP: submit, receipt, track, correct, withdraw, fees, account, permissions."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.portal.models import Throttle
from gongkai.requests import portal_views, services
from gongkai.requests.models import Attachment, AttachmentKind, Case, Counter

from .conftest import ID_PERSON, ID_PERSON_2, PASSWORD, PDF_BYTES, PNG_BYTES, USCC

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def form_data(token=None, **over):
    data = {
        "applicant_kind": "person", "applicant_name": "张三", "id_type": "resident_id", "id_number": ID_PERSON,
        "phone": "13800000000", "email": "zhangsan@example.cn", "address": "柳州市城中区文昌路1号",
        "description": "2025年柳州市城区电动自行车交通事故统计数据", "document_number": "", "document_title": "",
        "purpose": "", "form": "electronic", "delivery": "email", "consent": "on",
        "token": token or portal_views.new_token(),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def upload(name, content, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def tree(response):
    return lxml_html.fromstring(response.content.decode())


def errors_of(response) -> dict[str, str]:
    """field id → the error text linked to it by aria-describedby (what a screen reader reads)."""
    doc = tree(response)
    out = {}
    for el in doc.xpath("//*[@aria-invalid='true']"):
        ids = el.get("aria-describedby", "").split()
        text = " ".join(doc.get_element_by_id(i).text_content().strip() for i in ids if i.endswith("_error"))
        out[el.get("name")] = text.replace("错误：", "")
    return out


def summary_of(response) -> list[str]:
    return [a.text_content() for a in tree(response).xpath("//div[@class='error-summary']//li")]


def submit(client, **over):
    return client.post(reverse("public:apply", args=["LZGA"]), form_data(**over))


def code_on(response) -> str | None:
    found = tree(response).xpath("//*[@id='tracking-code']")
    return found[0].text_content().strip() if found else None


# -- the form ------------------------------------------------------------------------------------


def test_agency_list_and_form_page(client, org, other_org, today):
    page = client.get(reverse("public:agencies"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "柳州市公安局" in text and "柳州市柳南区人民政府" in text
    assert reverse("public:apply", args=["LZGA"]) in text
    filtered = client.get(reverse("public:agencies"), {"q": "公安"}).content.decode()
    assert "柳州市公安局" in filtered and "柳南区" not in filtered
    form = client.get(reverse("public:apply", args=["LZGA"]))
    doc = tree(form)
    token = doc.xpath("//input[@name='token']/@value")[0]
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
    # every visible control has a label; radio groups are fieldsets with legends
    for el in doc.xpath("//form[@enctype]//input[not(@type='hidden')] | //form[@enctype]//select | //form[@enctype]//textarea"):
        assert doc.xpath(f"//label[@for='{el.get('id')}']"), el.get("name")
    legends = [lg.text_content().strip() for lg in doc.xpath("//fieldset/legend")]
    assert any(lg.startswith("申请人类型") for lg in legends) and any(lg.startswith("提供信息的形式") for lg in legends)
    assert "个人信息保护法" in doc.text_content()
    # organisation fields are hidden for a natural person (revealed without JavaScript by a <noscript> style)
    assert doc.xpath("//*[@id='id_organisation_type_group']/@hidden") == [""]
    assert doc.xpath("//input[@name='applicant_kind']/@hx-get")
    assert client.get(reverse("public:apply", args=["NOPE"])).status_code == 404


def test_htmx_switch_to_organisation(client, org):
    url = reverse("public:applicant_fields", args=["LZGA"])
    part = client.get(url, {"applicant_kind": "organisation", "applicant_name": "某公司", "id_type": "resident_id"},
                      headers={"HX-Request": "true"})
    doc = tree(part)
    assert not doc.xpath("//*[@id='id_organisation_type_group']/@hidden")
    assert doc.xpath("//select[@name='id_type']/optgroup/option/@value") == ["uscc", "other"]
    assert doc.xpath("//select[@name='id_type']/optgroup/option[@selected]/@value") == ["uscc"]
    assert doc.xpath("//input[@name='applicant_name']/@value") == ["某公司"]  # what was typed is kept
    assert doc.xpath("//label[@for='id_applicant_name']")[0].text_content().startswith("组织名称")
    back = tree(client.get(url, {"applicant_kind": "person", "id_type": "uscc"}))
    assert "uscc" not in back.xpath("//select[@name='id_type']/optgroup/option/@value")
    assert back.xpath("//*[@id='id_organisation_type_group']/@hidden") == [""]


def test_submit_shows_receipt_and_code_once(client, org, today):
    token = portal_views.new_token()
    response = submit(client, token=token, document_number="柳公交〔2025〕3号")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("public:receipt", args=[case.pk])
    page = client.get(response["Location"])
    code = code_on(page)
    assert code == portal_views.tracking_code_for(org, token)
    assert services.check_tracking_code(case.tracking_hash, code) and code.replace("-", "") not in case.tracking_hash
    assert case.submission_key == portal_views.submission_key(token) and token not in case.submission_key
    text = tree(page).text_content()
    for expected in ("柳公信〔2026〕0001号", "2026年3月2日", "2026年3月30日前", "网上申请平台", "柳州市潭中东路1号",
                     "0772-0000110", "2025年柳州市城区电动自行车交通事故统计数据", "柳公交〔2025〕3号"):
        assert expected in text, expected
    assert case.channel == "online" and case.user is None and case.form == "electronic"
    # shown once
    assert code_on(client.get(response["Location"])) is None
    # the 受理回执 downloads (PDF and Word) carry the number and the due date
    receipt = case.notices.get(kind="P1")
    pdf = client.get(reverse("public:notice", args=[case.pk, receipt.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    docx = client.get(reverse("public:notice", args=[case.pk, receipt.pk, "docx"]))
    from gongkai.requests.documents import docx_text

    body = docx_text(b"".join(docx.streaming_content))
    assert "柳公信〔2026〕0001号" in body and "2026年3月30日" in body
    assert client.get(reverse("public:notice", args=[case.pk, receipt.pk, "exe"])).status_code == 404


def test_double_click_returns_the_same_case_and_code(client, org, today):
    token = portal_views.new_token()
    first = submit(client, token=token)
    second = submit(client, token=token)  # the browser sent the form twice
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1 and Counter.objects.get(series="request").last == 1
    # the second answer is the one the browser shows: it still has the code
    assert code_on(client.get(second["Location"])) == portal_views.tracking_code_for(org, token)
    # another browser re-posting the same form token does not get to see anything new: same case only
    from django.test import Client

    other = Client()
    again = other.post(reverse("public:apply", args=["LZGA"]), form_data(token=token))
    assert again.status_code == 302 and Case.objects.count() == 1
    # a new form (new token) is a new request
    submit(client)
    assert Case.objects.count() == 2


def test_missing_and_invalid_fields_are_shown_on_their_fields_and_nothing_is_stored(client, org, today):
    response = submit(client, applicant_name="", id_number="110105194912310021", email="not-an-email", description="",
                      consent=None, delivery="post", address="")
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["applicant_name"] == "请填写姓名。"
    assert "校验位" in errors["id_number"]
    assert errors["email"] == "电子邮箱格式不正确。"
    assert "条例第二十九条" in errors["description"]
    assert "个人信息处理说明" in errors["consent"]
    summary = summary_of(response)
    assert len(summary) >= 5 and summary[0].startswith("姓名：")
    assert summary[-1].startswith("个人信息处理说明：")
    doc = tree(response)
    # the summary links to the fields; what was typed is kept
    assert doc.xpath("//div[@class='error-summary']//a/@href")[0] == "#id_applicant_name"
    assert doc.xpath("//input[@name='id_number']/@value") == ["110105194912310021"]
    assert doc.xpath("//input[@name='phone']/@value") == ["13800000000"]
    assert doc.xpath("//input[@name='delivery'][@checked]/@value") == ["post"]
    assert Case.objects.count() == 0 and not Counter.objects.filter(last__gt=0).exists()


def test_organisation_needs_type_valid_uscc_and_contact(client, org, today):
    base = {"applicant_kind": "organisation", "applicant_name": "柳州某某科技有限公司", "id_type": "uscc"}
    r = submit(client, **base, id_number="91110000600037341X", contact_person="李四")
    errors = errors_of(r)
    assert "组织类别" in errors["organisation_type"] and "统一社会信用代码" in errors["id_number"]  # all at once
    links = tree(r).xpath("//div[@class='error-summary']//a/@href")
    assert links[:2] == ["#id_organisation_type_0", "#id_id_number"]  # a radio group links to its first option
    r = submit(client, **base, organisation_type="commercial_enterprise", id_number="91110000600037341X",
               contact_person="")
    errors = errors_of(r)
    assert "统一社会信用代码" in errors["id_number"] and "联系人" in errors["contact_person"]
    # after the error the organisation fields stay visible
    assert not tree(r).xpath("//*[@id='id_organisation_type_group']/@hidden")
    r = submit(client, **{**base, "id_type": "resident_id"}, organisation_type="legal_service_org", id_number=ID_PERSON,
               contact_person="李四")
    assert "统一社会信用代码" in errors_of(r)["id_type"]
    assert Case.objects.count() == 0
    r = submit(client, **base, organisation_type="legal_service_org", id_number=USCC, contact_person="李四")
    case = Case.objects.get()
    assert r.status_code == 302 and case.applicant_type == "legal_service_org" and case.contact_person == "李四"


def test_disguised_and_oversize_attachments(client, org, today, settings):
    exe = upload("身份证.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500)
    r = client.post(reverse("public:apply", args=["LZGA"]), {**form_data(), "id_copy": [exe]})
    assert r.status_code == 200
    assert "内容不是" in errors_of(r)["id_copy"] and "身份证.pdf" in errors_of(r)["id_copy"]
    text = tree(r).text_content()
    assert "请重新选择附件" in text
    assert tree(r).xpath("//input[@name='applicant_name']/@value") == ["张三"]
    settings.GONGKAI_MAX_UPLOAD_BYTES = 200
    big = upload("scan.pdf", PDF_BYTES + b" " * 300)
    r = client.post(reverse("public:apply", args=["LZGA"]), {**form_data(), "authorization": [big]})
    assert "过大" in errors_of(r)["authorization"]
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0
    settings.GONGKAI_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    r = client.post(reverse("public:apply", args=["LZGA"]), {
        **form_data(), "id_copy": [upload("id.png", PNG_BYTES, "image/png"), upload("id-back.pdf", PDF_BYTES)],
        "authorization": [upload("委托书.pdf", PDF_BYTES)]})
    assert r.status_code == 302
    kinds = sorted(Case.objects.get().attachments.values_list("kind", flat=True))
    assert kinds == ["authorization", "id_copy", "id_copy"]


# -- tracking ------------------------------------------------------------------------------------


def submitted(client, org, **over):
    token = portal_views.new_token()
    r = submit(client, token=token, **over)
    case = Case.objects.get(submission_key=portal_views.submission_key(token))
    client.get(r["Location"])  # consume the receipt
    return case, portal_views.tracking_code_for(org, token)


def test_track_with_number_and_code(client, org, today):
    from django.test import Client

    case, code = submitted(client, org)
    visitor = Client()
    assert visitor.get(reverse("public:case", args=[case.pk])).status_code == 404
    r = visitor.post(reverse("public:track"), {"number": case.number, "code": code})
    assert r.status_code == 302 and r["Location"] == reverse("public:case", args=[case.pk])
    page = visitor.get(r["Location"])
    assert tree(page).xpath("//*[@id='status-text']")[0].text_content() == "已受理，正在审查您的申请"
    assert "2026年3月30日前" in tree(page).xpath("//*[@id='due']")[0].text_content()
    # lenient input: other brackets, no leading zeros, lower case, no hyphens
    other = Client()
    assert other.post(reverse("public:track"), {"number": "柳公信[2026]1号", "code": code.lower().replace("-", "")}
                      ).status_code == 302
    # wrong code and unknown number: the same generic message, 200, no hint
    wrong = Client().post(reverse("public:track"), {"number": case.number, "code": "AAAA-BBBB-CCCC"})
    unknown = Client().post(reverse("public:track"), {"number": "柳公信〔2026〕0999号", "code": code})
    assert wrong.status_code == unknown.status_code == 200
    assert summary_of(wrong) == summary_of(unknown) and "申请编号或查询码不正确" in summary_of(wrong)[0]
    # leaving the case on a shared computer
    visitor.post(reverse("public:forget", args=[case.pk]))
    assert visitor.get(reverse("public:case", args=[case.pk])).status_code == 404


def test_tracking_is_rate_limited_per_client(client, org, today, monkeypatch):
    from django.test import Client

    monkeypatch.setattr(portal_views, "TRACK_RULE", portal_views.throttle.Rule("track", limit=3, window=900))
    case, code = submitted(client, org)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert attacker.post(reverse("public:track"), {"number": case.number, "code": "WRONG-CODE-1"}).status_code == 200
    blocked = attacker.post(reverse("public:track"), {"number": case.number, "code": code})  # even the right code
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "次数过多" in summary_of(blocked)[0]
    assert attacker.get(reverse("public:case", args=[case.pk])).status_code == 404
    # another client is not affected; successes are not counted
    honest = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        assert honest.post(reverse("public:track"), {"number": case.number, "code": code}).status_code == 302
    # the client address is stored only as a keyed hash
    assert not Throttle.objects.filter(key__contains="203.0.113.9").exists()
    assert Throttle.objects.get().count == 3


def test_throttle_window_ends(db):
    from datetime import datetime, timedelta, timezone

    from gongkai.portal import throttle

    rule = throttle.Rule("t", limit=2, window=60)
    t0 = datetime(2026, 3, 2, 8, 0, 5, tzinfo=timezone.utc)
    assert throttle.fail(rule, "k", t0) == 1 and not throttle.blocked(rule, "k", t0)
    assert throttle.fail(rule, "k", t0 + timedelta(seconds=10)) == 2
    assert throttle.blocked(rule, "k", t0 + timedelta(seconds=20)) and not throttle.blocked(rule, "other", t0)
    assert throttle.retry_after(rule, t0 + timedelta(seconds=20)) == 35
    assert not throttle.blocked(rule, "k", t0 + timedelta(seconds=60))  # next window
    throttle.fail(rule, "k", t0 + timedelta(days=3))  # old windows are pruned
    assert Throttle.objects.count() == 1


# -- correcting, withdrawing, fees, released documents --------------------------------------------


def test_correct_online(client, org, actors, today):
    case, _ = submitted(client, org)
    assert client.get(reverse("public:correct", args=[case.pk])).status_code == 302  # nothing to correct
    services.perform(case, "request_correction", actors["clerk"], items="请写明事故发生的路段\n请写明时间范围")
    page = tree(client.get(reverse("public:case", args=[case.pk])))
    assert [li.text_content() for li in page.xpath("//ol[@id='correction-items']/li")] == ["请写明事故发生的路段", "请写明时间范围"]
    assert "补正" in page.xpath("//*[@id='status-text']")[0].text_content()
    assert [n.text_content() for n in page.xpath("//table[@id='notices']//tr/td[1]")] == ["政府信息公开申请受理回执", "补正告知书"]
    url = reverse("public:correct", args=[case.pk])
    empty = client.post(url, {"text": ""})
    assert "请填写补正内容或上传补正材料" in errors_of(empty)["text"]
    bad = client.post(url, {"text": "文昌路", "files": [upload("a.pdf", b"<html>not a pdf</html>")]})
    assert "内容不是" in errors_of(bad)["files"] and "请重新选择补正材料" in tree(bad).text_content()
    assert tree(bad).xpath("//textarea[@name='text']")[0].text_content().strip() == "文昌路"
    case.refresh_from_db()
    assert case.status == "correction" and not case.attachments.exists()
    today.set("2026-03-05")
    ok = client.post(url, {"text": "柳州市城中区文昌路，2025年1月至12月", "files": [upload("补充说明.pdf", PDF_BYTES)]})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.status == "registered" and case.corrected_received == D("2026-03-05")
    att = case.attachments.get()
    assert att.kind == AttachmentKind.CORRECTION and att.by_applicant
    page = client.get(reverse("public:case", args=[case.pk]))
    assert "收到补正后的申请" in tree(page).xpath("//ol[@id='timeline']")[0].text_content()
    assert client.get(reverse("public:attachment", args=[case.pk, att.pk])).status_code == 200
    assert client.get(reverse("public:correct", args=[case.pk])).status_code == 302  # only once


def test_withdraw_with_confirmation(client, org, today):
    case, _ = submitted(client, org)
    url = reverse("public:withdraw", args=[case.pk])
    assert "确认撤回" in client.get(url).content.decode()
    unconfirmed = client.post(url, {"reason": "不需要了"})
    assert "请勾选确认撤回" in errors_of(unconfirmed)["confirm"]
    case.refresh_from_db()
    assert case.status == "registered"
    today.set("2026-03-04")
    done = client.post(url, {"reason": "已通过其他途径获得", "confirm": "on"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn" and case.outcome == "other_withdrawn"
    page = tree(client.get(reverse("public:case", args=[case.pk])))
    assert page.xpath("//*[@id='status-text']")[0].text_content() == "您已撤回申请"
    assert "撤回确认" in page.xpath("//table[@id='notices']")[0].text_content()
    assert not page.xpath("//a[contains(@href, '/withdraw/')]")
    assert client.post(url, {"confirm": "on"}).status_code == 302  # a second withdrawal is refused politely


def test_fee_notice_and_payment_state(client, org, actors, today):
    for i in range(10):
        services.submit_online(org, {**{k: v for k, v in form_data().items()
                                        if k not in ("applicant_kind", "consent", "token")},
                                     "applicant_type": "natural_person", "description": f"第{i}件申请"})
    case, _ = submitted(client, org, description="第十一件申请的内容")
    services.perform(case, "fee_notice", actors["reviewer"], method="per_item")
    page = tree(client.get(reverse("public:case", args=[case.pk])))
    assert "人民币100元" in page.text_content() and "2026年3月30日前" in page.text_content()
    assert page.xpath("//*[@id='fee-state']")[0].text_content().startswith("待缴纳")
    assert "收费通知书" in page.xpath("//table[@id='notices']")[0].text_content()
    today.set("2026-03-10")
    services.perform(case, "fee_paid", actors["clerk"])
    page = tree(client.get(reverse("public:case", args=[case.pk])))
    assert page.xpath("//*[@id='fee-state']")[0].text_content() == "已于2026年3月10日缴纳"


def test_released_documents_after_delivery(client, org, actors, today):
    case, _ = submitted(client, org)
    services.perform(case, "draft_reply", actors["clerk"], outcome="granted", how="通过申请平台下载",
                     files=[("统计表.pdf", PDF_BYTES)])
    att = case.attachments.get(kind=AttachmentKind.RELEASED)
    assert client.get(reverse("public:attachment", args=[case.pk, att.pk])).status_code == 404
    services.perform(case, "review_pass", actors["reviewer"])
    services.perform(case, "approve", actors["approver"])
    services.perform(case, "deliver", actors["clerk"], method="online")
    page = tree(client.get(reverse("public:case", args=[case.pk])))
    assert page.xpath("//*[@id='outcome']")[0].text_content() == "予以公开"
    assert [a.text_content() for a in page.xpath("//ul[@id='released']//a")] == ["统计表.pdf"]
    got = client.get(reverse("public:attachment", args=[case.pk, att.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF_BYTES
    assert 'filename="统计表.pdf"' in got["Content-Disposition"] or "filename*=utf-8''" in got["Content-Disposition"]
    assert not page.xpath("//a[contains(@href, '/withdraw/')]")


# -- accounts and permissions -------------------------------------------------------------------


def test_account_signup_submit_and_my_requests(client, org, today, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    r = client.post(reverse("public:signup"), {"username": "wangwu", "full_name": "王五", "email": "",
                                               "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert r.status_code == 200 and "password2" in errors_of(r)
    r = client.post(reverse("public:signup"), {"username": "wangwu", "full_name": "王五", "email": "",
                                               "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("public:my")
    submit(client, applicant_name="王五", id_number=ID_PERSON_2)
    case = Case.objects.get()
    assert case.user.username == "wangwu"
    mine = tree(client.get(reverse("public:my")))
    assert [a.text_content() for a in mine.xpath("//table[@id='my-requests']//a")] == [case.number]
    assert "已受理" in mine.xpath("//table[@id='my-requests']")[0].text_content()
    # after logging out (session cleared) and in again, the account still reaches it without a code
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("public:case", args=[case.pk])).status_code == 404
    login_url = client.get(reverse("public:my"))["Location"]
    assert login_url == f"{reverse('accounts:login')}?next={reverse('public:my')}"
    r = client.post(login_url, {"username": "wangwu", "password": PASSWORD, "next": reverse("public:my")})
    assert r["Location"] == reverse("public:my")
    assert client.get(reverse("public:case", args=[case.pk])).status_code == 200


def test_applicants_see_only_their_own_requests(client, org, users, today):
    from django.test import Client

    mine, my_code = submitted(client, org)
    other_browser = Client()
    theirs, their_code = submitted(other_browser, org, applicant_name="李四", id_number=ID_PERSON_2)
    my_notice = mine.notices.get(kind="P1")
    their_notice = theirs.notices.get(kind="P1")
    # my session: my case yes, theirs no (case page, notices, files, correction, withdrawal)
    assert client.get(reverse("public:case", args=[mine.pk])).status_code == 200
    for name, args in [("case", [theirs.pk]), ("receipt", [theirs.pk]), ("notice", [theirs.pk, their_notice.pk, "pdf"]),
                       ("correct", [theirs.pk]), ("withdraw", [theirs.pk])]:
        assert client.get(reverse(f"public:{name}", args=args)).status_code == 404, name
    assert client.post(reverse("public:withdraw", args=[theirs.pk]), {"confirm": "on"}).status_code == 404
    # their notice through my case: not found either
    assert client.get(reverse("public:notice", args=[mine.pk, their_notice.pk, "pdf"])).status_code == 404
    assert client.get(reverse("public:notice", args=[mine.pk, my_notice.pk, "pdf"])).status_code == 200
    # my code does not open their number
    r = Client().post(reverse("public:track"), {"number": theirs.number, "code": my_code})
    assert r.status_code == 200 and "不正确" in summary_of(r)[0]
    # an account sees only its own requests
    citizen = users["applicant"]
    client.force_login(citizen)
    submit(client, applicant_name="王五", description="我的另一件申请")
    acct_case = Case.objects.get(user=citizen)
    stranger = users["other"]  # a staff member of another agency, also an account
    c2 = Client()
    c2.force_login(stranger)
    assert c2.get(reverse("public:case", args=[acct_case.pk])).status_code == 404
    assert acct_case.number not in c2.get(reverse("public:my")).content.decode()
    theirs.refresh_from_db()
    assert theirs.status == "registered"  # the refused withdrawal changed nothing
