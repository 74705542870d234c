import datetime as dt
from pathlib import Path

import pytest

from gongkai.orgs.models import Organization, Role
from gongkai.orgs.services import create_organization
from gongkai.requests import services as request_services
from gongkai.requests.models import Channel
from tests.support.clock import Clock
from tests.support.fixtures import PASSWORD, make_user

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "dev"
ID_PERSON = "11010519491231002X"


@pytest.fixture
def today(monkeypatch):
    clock = Clock(dt.date(2026, 3, 2))  # a Monday; LZGA's 2025 report (due 31 January) is late, LNQZF's is not yet due
    monkeypatch.setattr(request_services, "today", clock)
    return clock


@pytest.fixture
def region(db):
    """Another city with its own supervisor: must see nothing of 柳州."""
    create_organization(name="南宁市人民政府", code="NNSZF", kind=Organization.Kind.GOVERNMENT, region="CN")
    create_organization(name="南宁市公安局", code="NNGA", parent_code="NNSZF")
    return make_user("nn-supervisor", [("NNSZF", Role.SUPERVISOR)])


def person(name="张三丰", id_number=ID_PERSON, **over):
    data = {
        "applicant_type": "natural_person", "applicant_name": name, "id_type": "resident_id", "id_number": id_number,
        "phone": "13800000000", "email": "zhangsanfeng@example.cn", "address": "柳州市城中区文昌路1号",
        "description": "2025年柳州市城区电动自行车交通事故统计数据", "document_number": "", "document_title": "",
        "purpose": "", "form": "electronic", "delivery": "email",
    }
    data.update(over)
    return data


@pytest.fixture
def register(users, today):
    """``register(org, received, **applicant)`` → a case registered by a clerk of ``org`` as a signed letter."""
    clerks = {}

    def run(org, received, **applicant):
        if org.pk not in clerks:
            clerks[org.pk] = make_user(f"clerk-{org.code}", [(org.code, Role.CLERK)])
        actor = request_services.Actor.staff(clerks[org.pk], org)
        return request_services.register(org, person(**applicant), channel=Channel.POST_SIGNED, actor=actor,
                                         evidence_date=received, registered_on=received).case

    return run


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client
