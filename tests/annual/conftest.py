import datetime as dt
import itertools

import pytest

from gongkai.annual import services
from gongkai.requests.models import Case, Channel, Remedy
from tests.support.clock import Clock

from tests.support.fixtures import PASSWORD, make_user  # noqa: F401  (re-exported for the tests)
_numbers = itertools.count(1)


@pytest.fixture
def today(monkeypatch):
    clock = Clock(dt.date(2026, 1, 12))
    monkeypatch.setattr(services, "today", clock)
    return clock


def d(value):
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def make_case(org, received, concluded=None, outcome="", applicant="natural_person", imported=False):
    """A case as the projection stores it (received / concluded / outcome / is_open) — what the compiler reads."""
    n = next(_numbers)
    received = d(received)
    return Case.objects.create(
        organization=org, number=f"T{org.code}-{n:06d}", year=received.year, sequence=n, channel=Channel.POST_SIGNED,
        evidence_date=received, received=received, applicant_type=applicant, applicant_name="申请人",
        id_type="resident_id", id_number="11010519491231002X", description="测试申请", outcome=outcome,
        concluded=d(concluded), is_open=concluded is None, status="archived" if concluded else "handling",
        imported=imported,
    )


def make_remedy(case, kind, filed, decided=None, result="pending"):
    return Remedy.objects.create(case=case, kind=kind, body="柳州市人民政府", filed_on=d(filed), decided_on=d(decided),
                                 result=result)


def filled(sections: dict) -> dict:
    """The draft with every 【请填写…】 placeholder replaced by a sentence, as a clerk would."""
    from gongkai.annual.narrative import PLACEHOLDER_RE

    return {k: PLACEHOLDER_RE.sub("本机关按照有关要求认真落实，相关工作有序开展。", v) for k, v in sections.items()}


@pytest.fixture
def ready(org, users, today):
    """``ready(year=2025)`` → a version of ``org`` with its texts filled in, ready to submit."""

    def run(year=2025):
        version = services.start_version(org, year, users["clerk"])
        return services.save_sections(version, filled(version.sections), users["clerk"])

    return run


@pytest.fixture
def publish(users):
    """``publish(version)`` → submitted by the clerk, reviewed, approved and published."""

    def run(version, clerk="clerk"):
        version = services.perform(version, "submit", users[clerk])
        version = services.perform(version, "review_pass", users["reviewer"])
        version = services.perform(version, "approve", users["approver"])
        return services.perform(version, "publish", users["approver"])

    return run
