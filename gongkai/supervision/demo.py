"""Demo requests for 柳州市柳南区人民政府 (LNQZF), so that the supervisor's dashboard compares two agencies.

柳州市公安局 has its own demo (gongkai/requests/demo.py); here the district government gets a few
requests through the same services: one long overdue, one due within days, one received today and
one withdrawn (concluded this year).  Idempotent: nothing happens if LNQZF has requests already.
"""

from __future__ import annotations

from datetime import timedelta

from gongkai.law.calendar import today_in_china
from gongkai.requests import services
from gongkai.requests.models import Case, Channel

APPLICANTS = [
    ("natural_person", "蒙海燕", "resident_id", "450203199003150027", "13807720101", "柳南区航岭路12号",
     "2025年柳南区老旧小区改造项目清单及资金安排", 45),
    ("natural_person", "谢志远", "resident_id", "450203198511200016", "13907720102", "柳南区鹅山路3号",
     "柳南区2025年征地补偿标准文件", 26),
    ("commercial_enterprise", "柳州某某建材有限公司", "uscc", "91450200MA5K1A2B3C", "0772-3800103", "柳南区西环路88号",
     "柳南区2025年政府采购项目中标公告汇总", 0),
    ("natural_person", "韦秀兰", "resident_id", "450203198806060048", "13607720104", "柳南区南站路5号",
     "本人房屋所在片区的规划调整批复", 20),
]


def populate(ctx) -> None:
    org = ctx.orgs.get("LNQZF")
    user = ctx.users.get("ln-clerk")
    if org is None or user is None or Case.objects.filter(organization=org).exists():
        return
    today = today_in_china()
    clerk = services.Actor.staff(user, org)
    from stdnum.cn import ric, uscc

    cases = []
    for kind, name, id_type, number, phone, address, description, days_ago in APPLICANTS:
        number = (number[:17] + ric.calc_check_digit(number[:17] + "0") if id_type == "resident_id"
                  else number[:17] + uscc.calc_check_digit(number[:17]))
        received = today - timedelta(days=days_ago)
        if received.year < today.year - 1:
            received = today
        data = {"applicant_type": kind, "applicant_name": name, "id_type": id_type, "id_number": number,
                "contact_person": "王经理" if kind != "natural_person" else "", "phone": phone, "address": address,
                "description": description, "form": "paper", "delivery": "post"}
        cases.append(services.register(org, data, channel=Channel.POST_SIGNED, actor=clerk, evidence_date=received,
                                       registered_on=received).case)
    withdrawn = cases[-1]
    services.perform(withdrawn, "withdraw", clerk, legal_date=min(today, withdrawn.received + timedelta(days=2)),
                     reason="申请人书面撤回")
    services.tick(org=org)
    ctx.log.append(f"依申请公开 {len(cases)} 件（柳州市柳南区人民政府）")
