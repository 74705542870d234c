"""Demo requests for 柳州市公安局 (LZGA): every state, many outcomes, last year's concluded cases.

Everything goes through the real services (register, perform, tick), with legal dates in
the past, so the events, notices, fees, projections and audit trail are what real use
would produce.  Last year's cases (all concluded, some carried over into this year) let
an annual report be compiled; this year's cases show each state of the workflow,
including overdue ones, fees and a 行政复议.  Idempotent: nothing happens if LZGA has
requests already.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.cn import ric, uscc

from gongkai.law.calendar import today_in_china

from . import services
from .models import Case, Channel

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _rid(base17: str) -> str:
    return base17 + ric.calc_check_digit(base17 + "0")


def _uscc(base17: str) -> str:
    return base17 + uscc.calc_check_digit(base17)


PEOPLE = {
    "wei": ("natural_person", "韦小明", "resident_id", _rid("45020219850312123"), "", "13807720001", "weixm@example.cn",
            "柳州市城中区文昌路18号"),
    "qin": ("natural_person", "覃丽华", "resident_id", _rid("45020319900705222"), "", "13907720002", "",
            "柳州市鱼峰区东环大道66号"),
    "lu": ("natural_person", "陆建国", "resident_id", _rid("45020319860101341"), "", "", "lujg@example.cn", ""),
    "huang": ("natural_person", "黄志强", "resident_id", _rid("45020519881122001"), "", "13607720004",
              "hzq@example.cn", "柳州市柳北区胜利路9号"),
    "firm": ("legal_service_org", "广西某某律师事务所", "uscc", _uscc("31450000MD012345X"), "蒙律师", "0772-2800001",
             "law@example.cn", "柳州市城中区三中路2号"),
    "company": ("commercial_enterprise", "柳州某某物流有限公司", "uscc", _uscc("91450200MA5K12345"), "罗经理",
                "0772-3100002", "", "柳州市柳南区航鹰大道100号"),
    "institute": ("research_institution", "广西某某交通研究院", "uscc", _uscc("12450000MB1234567"), "莫研究员",
                  "0771-5600003", "research@example.cn", "南宁市青秀区民族大道1号"),
    "ngo": ("public_interest_org", "柳州市某某公益服务中心", "uscc", _uscc("52450200MJ0123456"), "覃干事",
            "0772-2600004", "ngo@example.cn", "柳州市城中区龙城路5号"),
    "committee": ("other_org", "柳州市某某小区业主委员会", "other", "LZYWH-2021-017", "刘主任", "13507720005", "",
                  "柳州市柳北区雅儒路20号"),
    "busy": ("natural_person", "杨某", "resident_id", _rid("45020219890909005"), "", "13707720006", "yang@example.cn",
             "柳州市城中区公园路3号"),
}

TOPICS = [
    "2025年柳州市区电动自行车交通事故的起数、伤亡人数统计数据",
    "柳公通〔2024〕15号《关于调整市区货车通行管理措施的通告》及其起草说明",
    "本人2024年6月申请户口迁移的审批材料",
    "2025年度本局行政处罚案件的数量及罚没款总额",
    "文昌路与三中路交叉口电子警察设置的审批文件",
    "本公司名下车辆被查扣一事的执法依据和处理结果",
    "柳州市公安局2025年部门预算和决算",
    "2025年全市出入境证件办理数量统计",
    "本小区周边道路噪声扰民投诉的处理情况",
    "某次联合执法行动的会议纪要和请示报告",
    "柳州市道路交通安全管理规划（2021—2025年）全文",
    "本局内设机构设置及各部门职责",
]


@dataclass
class Scenario:
    who: str
    topic: int
    received: date
    channel: str = Channel.POST_SIGNED
    steps: list = field(default_factory=list)  # (action, date, actor, params)


def _actor(ctx, username):
    user = ctx.users[username]
    return services.Actor.staff(user, ctx.orgs["LZGA"])


def _data(who: str, topic: int, extra: str = "") -> dict:
    kind, name, id_type, number, contact, phone, email, address = PEOPLE[who]
    return {
        "applicant_type": kind, "applicant_name": name, "id_type": id_type, "id_number": number,
        "contact_person": contact, "phone": phone, "email": email, "address": address,
        "description": TOPICS[topic] + extra, "form": "electronic" if email else "paper",
        "delivery": "email" if email else "post",
    }


def _reply(outcome, when, *, reasons="", how="", agency=""):
    """Draft → review → approve → deliver on consecutive days starting at ``when``."""
    return [
        ("draft_reply", when, "handler", {"outcome": outcome, "reasons": reasons, "how": how,
                                          "responsible_agency": agency}),
        ("review_pass", when + timedelta(days=1), "reviewer", {}),
        ("approve", when + timedelta(days=1), "approver", {}),
        ("deliver", when + timedelta(days=2), "clerk", {"method": "post"}),
    ]


def scenarios(today: date) -> list[Scenario]:
    ly = today.year - 1  # last year: concluded cases for the annual report
    d = lambda m, day, y=ly: date(y, m, day)  # noqa: E731
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    out = [
        # -- last year, all concluded -----------------------------------------------------
        Scenario("wei", 0, d(2, 10), Channel.IN_PERSON,
                 [("assign", d(2, 11), "clerk", {"department": "交警支队"}),
                  ("department_reply", d(2, 20), "handler", {"answer": "已汇总统计数据"}),
                  *_reply("granted", d(2, 24), how="以电子邮件发送统计表")]),
        Scenario("firm", 5, d(3, 3), Channel.POST_SIGNED,
                 [("consult", d(3, 5), "handler", {"party": "third_party", "addressee": "柳州某某物流有限公司",
                                                   "subject": "车辆查扣处理决定", "notify_applicant": True}),
                  ("consultation_answer", d(3, 17), "handler", {"opinion": "object", "answer": "涉及本公司经营信息"}),
                  *_reply("partially_granted", d(3, 24), how="提供处理决定书（已删除第三方经营信息）",
                          reasons="其余部分涉及第三方商业秘密，第三方不同意公开，公开会损害其合法权益（条例第十五条）")]),
        Scenario("qin", 2, d(4, 8), Channel.POST_ORDINARY,
                 [*_reply("withheld_enforcement_case_file", d(4, 20),
                          reasons="所申请材料属于行政执法案卷，可通过案件当事人阅卷途径查阅"),
                  ("remedy", d(5, 20), "clerk", {"kind": "review", "filed_on": d(5, 20), "reference": "柳政复〔%d〕31号" % ly,
                                                 "result": "corrected", "decided_on": d(7, 10),
                                                 "note": "复议机关责令重新答复"})]),
        Scenario("institute", 7, d(4, 15), Channel.FAX,
                 [*_reply("granted_already_public", d(4, 21), how="已在本局门户网站“统计数据”栏目公开")]),
        Scenario("lu", 6, d(5, 6), Channel.POST_SIGNED,
                 [*_reply("unavailable_not_this_agency", d(5, 12),
                          reasons="部门预算、决算由本局主动公开，申请所称的全市汇总数据由财政部门制作",
                          agency="柳州市财政局，联系电话0772-0000000")]),
        Scenario("ngo", 8, d(6, 2), Channel.POST_SIGNED,
                 [*_reply("not_processed_petition_complaint", d(6, 10))]),
        Scenario("company", 9, d(6, 16), Channel.POST_SIGNED,
                 [*_reply("withheld_process_info", d(6, 30), reasons="会议纪要和请示报告属于内部过程性信息（条例第十六条第二款）")]),
        Scenario("huang", 3, d(7, 7), Channel.IN_PERSON,
                 [("request_correction", d(7, 9), "clerk", {"items": "请说明所需统计的具体时间段"})]),  # missed → ended
        Scenario("committee", 4, d(8, 4), Channel.POST_SIGNED,
                 [*_reply("unavailable_not_held", d(8, 20), reasons="经检索本局2019年以来的发文目录、档案和交警支队业务系统")]),
        Scenario("wei", 10, d(9, 1), Channel.IN_PERSON,
                 [("withdraw", d(9, 3), "clerk", {"reason": "申请人来电称已在网站查到"})]),
        Scenario("institute", 11, d(9, 15), Channel.POST_SIGNED,
                 [*_reply("granted", d(9, 22), how="提供本局机构职能说明")]),
        Scenario("firm", 1, d(10, 13), Channel.POST_SIGNED,
                 [("request_extension", d(11, 3), "handler", {"days": 15, "reason": "涉及多个部门，需要协调"}),
                  ("approve_extension", d(11, 4), "approver", {}),
                  *_reply("granted", d(11, 20), how="提供通告及起草说明")]),
        Scenario("qin", 8, d(11, 3), Channel.POST_ORDINARY,
                 [*_reply("not_processed_repeat", d(11, 10), reasons="本局已于%d年6月10日就同一事项作出答复" % ly)]),
        Scenario("company", 5, d(12, 15), Channel.POST_SIGNED,  # carried over into this year
                 [*_reply("withheld_third_party_rights", date(today.year, 1, 12),
                          reasons="所需信息涉及其他当事人的个人信息，公开会损害第三方合法权益")]),
        Scenario("lu", 0, d(12, 22), Channel.POST_SIGNED,  # carried over, answered late in January
                 [*_reply("granted", date(today.year, 1, 26), how="以电子邮件发送")]),
    ]
    # -- this year: every state ---------------------------------------------------------------
    out += [
        Scenario("huang", 4, ago(2), Channel.IN_PERSON, []),  # 已登记
        Scenario("ngo", 2, ago(5), Channel.POST_SIGNED,
                 [("request_correction", ago(3), "clerk", {"items": "请提供申请人的身份证明\n请写明户口迁移的办理时间"})]),
        Scenario("wei", 3, ago(12), Channel.IN_PERSON,
                 [("assign", ago(11), "clerk", {"department": "法制支队", "handler": "handler"})]),
        Scenario("firm", 9, ago(10), Channel.POST_SIGNED,
                 [("consult", ago(8), "handler", {"party": "agency", "addressee": "柳州市国家保密局",
                                                  "subject": "联合执法会议纪要是否涉密"})]),
        Scenario("company", 6, ago(24), Channel.POST_SIGNED,
                 [("assign", ago(23), "clerk", {"department": "警务保障部"}),
                  ("request_extension", ago(2), "handler", {"days": 20, "reason": "需汇总多个分局的数据"})]),
        Scenario("institute", 0, ago(20), Channel.FAX,
                 [("request_extension", ago(6), "clerk", {"days": 10, "reason": "数据量大，需要逐条核对"}),
                  ("approve_extension", ago(5), "approver", {})]),
        Scenario("committee", 8, ago(9), Channel.POST_SIGNED,
                 [("draft_reply", ago(1), "handler", {"outcome": "unavailable_not_held",
                                                      "reasons": "经检索本局接处警系统和信访系统"})]),
        Scenario("qin", 10, ago(8), Channel.IN_PERSON,
                 [("draft_reply", ago(2), "clerk", {"outcome": "granted_already_public",
                                                    "how": "已在市政府门户网站规划栏目公开"}),
                  ("review_pass", ago(1), "reviewer", {})]),
        Scenario("lu", 11, ago(7), Channel.POST_SIGNED,
                 [("draft_reply", ago(3), "clerk", {"outcome": "granted", "how": "以电子邮件发送"}),
                  ("review_pass", ago(2), "reviewer", {}), ("approve", ago(1), "approver", {})]),
        Scenario("huang", 7, ago(30), Channel.POST_SIGNED,
                 [*_reply("granted", ago(14), how="以电子邮件发送统计表")]),  # delivered, not archived
        Scenario("firm", 2, ago(60), Channel.POST_SIGNED, []),  # 已超期
        Scenario("wei", 5, ago(45), Channel.IN_PERSON,
                 [("assign", ago(44), "clerk", {"department": "交警支队"})]),  # 已超期，已交办
        Scenario("company", 3, ago(70), Channel.POST_SIGNED,
                 [*_reply("withheld_enforcement_case_file", ago(50), reasons="属于行政执法案卷"),
                  ("remedy", ago(30), "clerk", {"kind": "review", "filed_on": ago(30), "result": "pending",
                                                "reference": "柳政复〔%d〕88号" % today.year})]),
        Scenario("institute", 9, ago(40), Channel.POST_SIGNED,
                 [("request_correction", ago(38), "clerk", {"items": "请写明会议的时间和名称"})]),  # missed → ended by tick
        Scenario("ngo", 11, ago(16), Channel.POST_SIGNED,
                 [("withdraw", ago(15), "clerk", {"reason": "申请人书面撤回"})]),
        Scenario("lu", 7, ago(35), Channel.POST_SIGNED,
                 [("fee_notice", ago(34), "reviewer", {"method": "per_volume", "pages": 150})]),  # unpaid → ended
    ]
    return out


def _busy_applicant(ctx, today: date, clerk) -> None:
    """One applicant files 12 requests in a month: the 11th and 12th are charged 按件 (100 元 each)."""
    org = ctx.orgs["LZGA"]
    first = today.replace(day=1) if today.day > 12 else (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    cases = []
    for i in range(12):
        received = first + timedelta(days=i % 10)
        if received > today:
            received = today
        data = _data("busy", i % len(TOPICS), f"（第{i + 1}件）")
        cases.append(services.register(org, data, channel=Channel.POST_SIGNED, actor=clerk, evidence_date=received,
                                       registered_on=received).case)
    reviewer, approver = _actor(ctx, "lzga-reviewer"), _actor(ctx, "lzga-approver")
    eleventh, twelfth = cases[10], cases[11]
    services.perform(eleventh, "fee_notice", reviewer, legal_date=eleventh.received, method="per_item")
    services.perform(twelfth, "fee_notice", reviewer, legal_date=twelfth.received, method="per_item")
    services.perform(twelfth, "fee_paid", clerk, legal_date=min(today, twelfth.received + timedelta(days=3)),
                     receipt_number="GX-FS-%d-0012" % today.year)
    for case in cases[:6]:
        when = min(today, case.received + timedelta(days=5))
        services.perform(case, "draft_reply", clerk, legal_date=when, outcome="not_processed_massive_repeated",
                         reasons="申请人未说明理由，申请数量、频次明显超过合理范围")
        services.perform(case, "review_pass", reviewer, legal_date=when)
        services.perform(case, "approve", approver, legal_date=when)
        services.perform(case, "deliver", clerk, legal_date=when, method="email")
    del approver


def populate(ctx) -> None:
    org = ctx.orgs.get("LZGA")
    if org is None or Case.objects.filter(organization=org).exists():
        return
    today = today_in_china()
    clerk = _actor(ctx, "lzga-clerk")
    count = 0
    for sc in scenarios(today):
        data = _data(sc.who, sc.topic)
        attachments = [("request_letter", ("申请书.pdf", PDF)), ("id_copy", ("身份证明.pdf", PDF))]
        case = services.register(org, data, channel=sc.channel, actor=clerk, evidence_date=sc.received,
                                 evidence_note="EMS 1100%07d" % (count + 1) if sc.channel == Channel.POST_SIGNED else "",
                                 attachments=attachments, registered_on=sc.received).case
        count += 1
        for action, when, who, params in sc.steps:
            params = dict(params)
            if params.get("handler") == "handler":
                params["handler_id"] = ctx.users["lzga-handler"].pk
                params.pop("handler")
            files = [("公开信息.pdf", PDF)] if action == "draft_reply" and params.get("outcome") in (
                "granted", "partially_granted") else ()
            services.perform(case, action, _actor(ctx, f"lzga-{who}"), legal_date=min(when, today), files=files,
                             **{k: v for k, v in params.items() if v != ""})
            if action == "deliver" and case.received.year < today.year:
                services.perform(case, "archive", clerk, legal_date=min(today, when + timedelta(days=3)))
    _busy_applicant(ctx, today, clerk)
    result = services.tick(org=org)
    for number in result.ended:
        case = Case.objects.get(number=number)
        if case.received.year < today.year:
            services.perform(case, "issue_termination", clerk)
    ctx.log.append(f"依申请公开 {Case.objects.filter(organization=org).count()} 件（柳州市公安局）")
