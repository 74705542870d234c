import datetime as dt
import io

import pytest

from gongkai.requests import services
from gongkai.requests.models import Channel
from tests.support.clock import Clock

from tests.support.fixtures import PASSWORD, make_user  # noqa: F401  (re-exported for the tests)
ID_PERSON = "11010519491231002X"  # a valid 居民身份证号码 (GB 11643 check digit)
ID_PERSON_2 = "110102198001011239"
USCC = "91110000600037341L"


@pytest.fixture
def today(monkeypatch):
    clock = Clock(dt.date(2026, 3, 2))  # a Monday; 2026 is loaded for the national calendar
    monkeypatch.setattr(services, "today", clock)
    return clock


@pytest.fixture
def actors(users, org):
    return {name: services.Actor.staff(u, org) for name, u in users.items()}


def person(**over):
    data = {
        "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id", "id_number": ID_PERSON,
        "phone": "13800000000", "email": "zhangsan@example.cn", "address": "柳州市城中区文昌路1号",
        "description": "2025年柳州市城区电动自行车交通事故统计数据", "document_number": "", "document_title": "",
        "purpose": "", "form": "electronic", "delivery": "email",
    }
    data.update(over)
    return data


def company(**over):
    data = {"applicant_type": "commercial_enterprise", "applicant_name": "柳州某某科技有限公司", "id_type": "uscc",
            "id_number": USCC, "contact_person": "李四"}
    data.update(over)
    return person(**data)


@pytest.fixture
def register(org, actors, today):
    """``register(**fields)`` → a case registered by the clerk as a letter signed for today."""

    def run(data=None, channel=Channel.POST_SIGNED, evidence_date=None, actor=None, org_=None, **kw):
        result = services.register(org_ or org, data or person(), channel=channel, actor=actor or actors["clerk"],
                                   evidence_date=evidence_date or today(), **kw)
        return result.case

    return run


PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                          "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
