"""Browser journeys: a citizen on the portal, the agency's staff in the console, each step seen by the citizen.

The citizen submits through the public form and follows the request on the tracking page
(number + tracking code); the clerk, the reviewer and the approver work in their own
browser contexts through the console buttons.  The only step not driven through a page is
``tick`` (the periodic job), run as a service with a controlled "today".
"""

import datetime as dt
import re

import pytest

from gongkai.demo import DEMO_PASSWORD
from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization, create_user
from gongkai.requests import services
from gongkai.requests.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
STAFF = {"clerk": Role.CLERK, "reviewer": Role.REVIEWER, "approver": Role.APPROVER}


@pytest.fixture
def agency(db):
    create_organization(name="柳州市人民政府", code="LZSZF", kind=Organization.Kind.GOVERNMENT, region="CN")
    org = create_organization(name="柳州市公安局", code="LZGA", parent_code="LZSZF", request_prefix="柳公信",
                              address="柳州市城中区潭中东路1号", phone="0772-0000110")
    for name, role in STAFF.items():
        create_user(username=f"lzga-{name}", password=DEMO_PASSWORD, full_name=name, memberships=[("LZGA", role)],
                    check_password=False)
    return org


class Staff:
    """One staff member in their own browser context, working on cases through the console."""

    def __init__(self, browser, base, username):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.page.goto(f"{base}/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()

    def open_case(self, number: str):
        case = Case.objects.get(number=number)
        if case.is_open:  # from the work queue, as the clerk would
            self.page.goto(f"{self.base}/console/LZGA/requests/")
            self.page.get_by_role("link", name=number).first.click()
        else:  # concluded cases leave the queue
            self.page.goto(f"{self.base}/console/LZGA/requests/{case.pk}/")
        self.page.wait_for_load_state()

    @staticmethod
    def label(text: str):
        return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")  # the label text, with or without the required mark

    def act(self, number: str, action: str, *, fill=None, select=None, files=None, date=None):
        """Click the action's button on the case page, fill the form that appears, submit."""
        self.open_case(number)
        self.page.locator(".actions").get_by_role("link", name=action, exact=True).click()
        panel = self.page.locator("#action-panel")
        panel.get_by_role("button", name=action, exact=True).wait_for()
        for label, value in (select or {}).items():
            panel.get_by_label(self.label(label)).select_option(value)
        for label, value in (fill or {}).items():
            panel.get_by_label(self.label(label)).fill(value)
        for label, (name, content) in (files or {}).items():
            panel.get_by_label(self.label(label)).set_input_files(
                {"name": name, "mimeType": "application/pdf", "buffer": content})
        if date:
            panel.get_by_label(self.label("办理日期")).fill(date)
        with self.page.expect_navigation():
            panel.get_by_role("button", name=action, exact=True).click()
        errors = self.page.locator(".errorlist, .alert-error")
        assert errors.count() == 0, errors.all_inner_texts()
        messages = self.page.locator(".messages")
        assert messages.count() and f"已办理：{action}" in messages.inner_text(), (
            self.page.url, self.page.content()[:3000])

    def close(self):
        self.context.close()


@pytest.fixture
def staff(browser, live_server, agency):
    people = {}

    def get(name):
        if name not in people:
            people[name] = Staff(browser, live_server.url, f"lzga-{name}")
        return people[name]

    yield get
    for s in people.values():
        s.close()


class Citizen:
    def __init__(self, page, base):
        self.page, self.base = page, base
        self.number = self.code = None

    def submit(self, description="2025年柳州市城区电动自行车交通事故统计数据", **extra):
        p = self.page
        p.goto(self.base + "/")
        p.get_by_role("link", name="申请政府信息公开").first.click()
        p.get_by_role("link", name=re.compile("向柳州市公安局申请")).click()
        p.get_by_label(re.compile(r"^姓名")).fill(extra.get("name", "张三"))
        p.get_by_label("证件号码").fill("11010519491231002X")
        p.get_by_label("联系电话").fill("13800000000")
        p.get_by_label("电子邮箱").fill("zhangsan@example.cn")
        p.get_by_label("所需信息的内容描述").fill(description)
        p.get_by_label("电子文档").check()
        p.get_by_label("网上查看（申请平台）").check()
        p.get_by_label("身份证明（选填）").set_input_files({"name": "身份证.pdf", "mimeType": "application/pdf",
                                                         "buffer": PDF_BYTES})
        p.get_by_label(re.compile("我已阅读上面的个人信息处理说明")).check()
        p.get_by_role("button", name="提交申请").click()
        p.get_by_role("heading", name="申请已提交").wait_for()
        self.number = p.locator("strong.number").inner_text()
        self.code = p.locator("#tracking-code").inner_text()
        assert re.fullmatch(r"柳公信〔\d{4}〕\d{4}号", self.number) and re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){2}", self.code)
        return self.number

    def track(self):
        """Open the tracking page with number + code (a fresh look, as the applicant would come back)."""
        p = self.page
        p.goto(self.base + "/track/")
        p.get_by_label("申请编号").fill(self.number)
        p.get_by_label("查询码").fill(self.code)
        p.get_by_role("button", name="查询").click()
        p.locator("#status-text").wait_for()

    def sees(self, status, *, notice=None, timeline=None, outcome=None):
        self.track()
        p = self.page
        assert p.locator("#status-text").inner_text() == status
        if notice:
            assert notice in p.locator("#notices").inner_text()
        if timeline:
            assert timeline in p.locator("#timeline").inner_text()
        if outcome:
            assert p.locator("#outcome").inner_text() == outcome

    def download(self, link_text_in_row: str) -> bytes:
        row = self.page.locator("#notices tr", has_text=link_text_in_row).first
        with self.page.expect_download() as d:
            row.get_by_role("link", name=re.compile("^PDF")).click()
        return open(d.value.path(), "rb").read()


@pytest.fixture
def citizen(page, live_server, agency):
    return Citizen(page, live_server.url)


def test_main_journey_partial_disclosure(citizen, staff):
    number = citizen.submit()
    citizen.sees("已受理，正在审查您的申请", notice="政府信息公开申请受理回执", timeline="申请已登记")
    assert citizen.download("受理回执").startswith(b"%PDF")

    clerk = staff("clerk")
    clerk.act(number, "告知补正", fill={"需要补正的事项": "请写明事故发生的路段\n请写明统计的时间范围"})
    citizen.sees("需要您补正申请内容，请查看补正告知书", notice="补正告知书", timeline="发出补正告知书")
    assert "请写明事故发生的路段" in citizen.page.locator("#correction-items").inner_text()

    # the citizen corrects online, with an attachment
    citizen.page.get_by_role("link", name="在线补正").click()
    citizen.page.get_by_label("补正内容").fill("城中区文昌路、潭中东路；2025年1月1日至12月31日")
    citizen.page.get_by_label("补正材料（选填）").set_input_files(
        {"name": "补正说明.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    citizen.page.get_by_role("button", name="提交补正").click()
    assert "补正内容已提交" in citizen.page.locator(".messages").inner_text()
    citizen.sees("已受理，正在审查您的申请", timeline="收到补正后的申请")
    case = Case.objects.get(number=number)
    assert case.corrected_received == services.today() and case.attachments.filter(kind="correction").count() == 1

    clerk.act(number, "交承办部门", fill={"承办部门": "交通管理支队", "交办意见": "请检索2025年事故统计台账"})
    citizen.sees("正在办理")

    due_before = Case.objects.get(number=number).due
    clerk.act(number, "申请延期", fill={"延长的工作日数": "10", "延期理由": "所需信息涉及多个大队，需要汇总核对"})
    citizen.sees("正在办理")  # the request for an extension is internal until approved
    staff("approver").act(number, "批准延期")
    citizen.sees("正在办理", notice="延期答复告知书", timeline="延长答复期限")
    case = Case.objects.get(number=number)
    assert case.due > due_before
    assert f"{case.due.year}年{case.due.month}月{case.due.day}日" in citizen.page.locator("#due").inner_text()

    clerk.act(number, "拟写答复并送审核", select={"办理结果": "partially_granted"},
              fill={"理由": "其中涉及当事人个人信息的部分，依据条例第十五条不予公开。",
                    "获取方式": "通过申请平台下载，见附件。"},
              files={"公开的政府信息（附件）": ("2025年事故统计表.pdf", PDF_BYTES)})
    citizen.sees("正在办理（答复审核中）")
    staff("reviewer").act(number, "审核通过，送审签")
    citizen.sees("正在办理（答复审签中）")
    staff("approver").act(number, "审签并出具答复")
    citizen.sees("答复已作出，正在送达")
    assert not citizen.page.locator("#released").count()  # nothing to download before delivery

    clerk.act(number, "登记送达", select={"送达方式": "online"}, fill={"送达凭证": "申请平台送达"})
    citizen.sees("已答复", notice="部分公开", timeline="答复已送达", outcome="部分公开")
    with citizen.page.expect_download() as d:
        citizen.page.locator("#released").get_by_role("link", name="2025年事故统计表.pdf").click()
    assert open(d.value.path(), "rb").read() == PDF_BYTES
    reply = citizen.download("部分公开")
    assert reply.startswith(b"%PDF")
    assert not citizen.page.get_by_role("link", name="撤回申请").count()

    clerk.act(number, "归档")
    citizen.sees("已办结", timeline="已归档", outcome="部分公开")


OUTCOME_JOURNEYS = [
    # outcome key, fields of the draft, the label the citizen reads, the decision letter's title
    ("granted", {"获取方式": "通过申请平台下载，见附件。"}, "予以公开", "政府信息公开告知书"),
    ("withheld_process_info", {"理由": "所申请的会议讨论记录属于过程性信息。"}, "不予公开：属于四类过程性信息", "不予公开告知书"),
    ("unavailable_not_held", {"理由": "经检索本机关档案室和业务系统，没有所申请的信息。"}, "无法提供：经检索没有所申请公开的信息",
     "政府信息不存在告知书"),
    ("not_processed_petition_complaint", {"理由": "申请实为投诉，已转信访渠道办理。"}, "不予处理：信访、投诉、举报类申请",
     "不作为政府信息公开申请处理告知书"),
    ("other_other", {"理由": "申请人已通过诉讼程序调取该信息。", "法律依据": "《中华人民共和国政府信息公开条例》第三十九条"},
     "其他处理：其他情形", ""),
]


@pytest.mark.parametrize("outcome,fields,label,letter", OUTCOME_JOURNEYS, ids=[o[0] for o in OUTCOME_JOURNEYS])
def test_outcome_group_journeys(citizen, staff, outcome, fields, label, letter):
    number = citizen.submit(description=f"{label}：2025年某项工作的相关文件")
    clerk = staff("clerk")
    files = {"公开的政府信息（附件）": ("公开的信息.pdf", PDF_BYTES)} if outcome == "granted" else None
    clerk.act(number, "拟写答复并送审核", select={"办理结果": outcome}, fill=fields, files=files)
    citizen.sees("正在办理（答复审核中）")
    staff("reviewer").act(number, "审核通过，送审签")
    staff("approver").act(number, "审签并出具答复")
    citizen.sees("答复已作出，正在送达")
    clerk.act(number, "登记送达", select={"送达方式": "email"})
    citizen.sees("已答复", outcome=label, timeline="答复已送达")
    case = Case.objects.get(number=number)
    decision = case.notices.get(kind__startswith="D")
    assert decision.title in citizen.page.locator("#notices").inner_text()
    if letter:
        assert letter in decision.title
    assert citizen.download(decision.title).startswith(b"%PDF")
    released = citizen.page.locator("#released")
    assert released.count() == (1 if outcome == "granted" else 0)


def test_withdrawal_journey(citizen, staff):
    number = citizen.submit()
    staff("clerk").act(number, "交承办部门", fill={"承办部门": "法制支队"})
    citizen.sees("正在办理")
    p = citizen.page
    p.get_by_role("link", name="撤回申请").click()
    p.get_by_label("撤回原因（选填）").fill("已通过其他途径获得")
    p.get_by_role("button", name="确认撤回").click()  # without ticking the confirmation
    assert "请勾选确认撤回" in p.locator(".error-summary").inner_text()
    assert Case.objects.get(number=number).status == "handling"
    p.get_by_label(re.compile("我确认撤回这件申请")).check()
    p.get_by_role("button", name="确认撤回").click()
    assert "您已撤回这件申请" in p.locator(".messages").inner_text()
    citizen.sees("您已撤回申请", notice="撤回确认", timeline="申请已撤回", outcome="其他处理：申请人撤回申请")
    assert not p.get_by_role("link", name="撤回申请").count()
    staff("clerk").act(number, "归档")
    citizen.sees("已办结", timeline="已归档")


def test_unpaid_fee_journey(citizen, staff, monkeypatch):
    number = citizen.submit(description="2020年至2025年全部交通事故认定书（约50页）")
    staff("reviewer").act(number, "发出收费通知", select={"计收方式": "per_volume"}, fill={"页数（按量）": "50"})
    case = Case.objects.get(number=number)
    citizen.sees("已受理，正在审查您的申请", notice="收费通知书", timeline="发出收费通知")
    assert citizen.page.locator("#fee-state").inner_text().startswith("待缴纳")
    assert "人民币200元" in citizen.page.get_by_role("region", name="信息处理费").inner_text()
    payment_due = services.state(case).clock.fee_payment_due

    # the periodic job, on the day after the payment deadline
    later = payment_due + dt.timedelta(days=1)
    monkeypatch.setattr(services, "today", lambda: later)
    result = services.tick()
    assert result.ended == [number]
    assert services.tick().ended == []  # safe to repeat
    citizen.sees("已终止办理", timeline="终止处理", outcome="其他处理：逾期未缴费，不再处理")
    assert citizen.page.locator("#fee-state").inner_text() == "逾期未缴纳"

    clerk = staff("clerk")
    clerk.act(number, "制作终止处理告知书", date=later.isoformat())
    citizen.sees("已终止办理", notice="终止处理")
    clerk.act(number, "登记送达", select={"送达方式": "post"}, date=later.isoformat())
    clerk.act(number, "归档", date=later.isoformat())
    citizen.sees("已办结", outcome="其他处理：逾期未缴费，不再处理")
    case.refresh_from_db()
    assert case.outcome == "other_fee_unpaid" and case.concluded is not None
