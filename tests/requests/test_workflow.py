"""The state machine: every action × state × role, the guards, and the server refusing what is not allowed."""

import itertools

import pytest

from gongkai.law.errors import DomainError
from gongkai.requests import services, workflow
from gongkai.requests.models import CaseEvent
from gongkai.requests.workflow import (
    ADMIN, APPLICANT, APPROVER, CLERK, HANDLER, REVIEWER, SYSTEM, Facts, Status, TransitionRefused,
)

S = Status
ROLES = [CLERK, HANDLER, REVIEWER, APPROVER, ADMIN, APPLICANT, SYSTEM]
BEFORE_SIGNING = {S.REGISTERED, S.CORRECTION, S.HANDLING, S.REVIEW, S.APPROVAL}
STAFF = {CLERK, HANDLER, REVIEWER, APPROVER, ADMIN}

# The specification, written out by hand: action → (states it may start from, roles that may do it, target).
EXPECTED = {
    "request_correction": ({S.REGISTERED}, {CLERK, ADMIN}, S.CORRECTION),
    "record_correction": ({S.CORRECTION, S.ENDED}, {CLERK, ADMIN, APPLICANT}, S.REGISTERED),
    "assign": ({S.REGISTERED, S.HANDLING}, {CLERK, ADMIN}, S.HANDLING),
    "department_reply": ({S.HANDLING}, {CLERK, ADMIN, HANDLER}, None),
    "consult": ({S.REGISTERED, S.HANDLING}, {CLERK, ADMIN, HANDLER}, None),
    "consultation_answer": ({S.REGISTERED, S.HANDLING, S.REVIEW, S.APPROVAL}, {CLERK, ADMIN, HANDLER}, None),
    "request_extension": ({S.REGISTERED, S.HANDLING, S.REVIEW, S.APPROVAL}, {CLERK, ADMIN, HANDLER}, None),
    "approve_extension": (BEFORE_SIGNING, {APPROVER}, None),
    "reject_extension": (BEFORE_SIGNING, {APPROVER}, None),
    "fee_notice": ({S.REGISTERED, S.HANDLING}, {REVIEWER, APPROVER}, None),
    "fee_paid": ({S.REGISTERED, S.HANDLING, S.ENDED}, {CLERK, ADMIN}, None),
    "draft_reply": ({S.REGISTERED, S.HANDLING}, {CLERK, ADMIN, HANDLER}, S.REVIEW),
    "review_pass": ({S.REVIEW}, {REVIEWER}, S.APPROVAL),
    "review_return": ({S.REVIEW}, {REVIEWER}, S.HANDLING),
    "approve": ({S.APPROVAL}, {APPROVER}, S.APPROVED),
    "approval_return": ({S.APPROVAL}, {APPROVER}, S.HANDLING),
    "deliver": ({S.APPROVED, S.ENDED}, {CLERK, ADMIN}, S.DELIVERED),
    "issue_termination": ({S.ENDED}, {CLERK, ADMIN, APPROVER}, None),
    "archive": ({S.DELIVERED, S.WITHDRAWN, S.ENDED}, {CLERK, ADMIN}, S.ARCHIVED),
    "withdraw": (BEFORE_SIGNING | {S.APPROVED}, {CLERK, ADMIN, APPLICANT}, S.WITHDRAWN),
    "end": (BEFORE_SIGNING, {SYSTEM}, S.ENDED),
    "issue_notice": (BEFORE_SIGNING | {S.APPROVED}, {CLERK, ADMIN, HANDLER}, None),
    "notice_delivered": (set(S) - {S.ARCHIVED}, {CLERK, ADMIN}, None),
    "attach": (set(S) - {S.ARCHIVED}, STAFF, None),
    "note": (set(S), STAFF, None),
    "remedy": (set(S), STAFF - {HANDLER}, None),
    "register": (set(), {CLERK, ADMIN, APPLICANT}, S.REGISTERED),
}


def facts_passing_guards(key: str, status: Status) -> Facts:
    """Facts under which the action's guards hold (so only state and role decide)."""
    kw = {}
    if key == "consultation_answer":
        kw["open_consultations"] = ("c1",)
    if key in ("approve_extension", "reject_extension"):
        kw["extension_pending"] = True
    if key == "fee_paid":
        kw.update(fee_issued=True)
    if key == "department_reply":
        kw["open_assignments"] = 1
    if key == "deliver":
        kw["has_decision_notice"] = True
    if key == "end":
        kw["lapsed"] = "correction_missed"
    if status == S.ENDED and key in ("record_correction", "issue_termination"):
        kw["ended_by"] = "correction_missed"
    if status == S.ENDED and key == "fee_paid":
        kw["ended_by"] = "fee_unpaid"
    if status == S.CORRECTION:
        kw.update(correction_requested=True, awaiting_correction=True)
    return Facts(status=status, **kw)


def test_the_table_matches_the_specification():
    assert set(EXPECTED) == set(workflow.ACTIONS)
    for key, (sources, roles, target) in EXPECTED.items():
        act = workflow.ACTIONS[key]
        assert act.sources == frozenset(sources), key
        assert act.roles == frozenset(roles), key


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_action_by_state_and_role(key):
    sources, roles, target = EXPECTED[key]
    for status, role in itertools.product(Status, ROLES):
        facts = facts_passing_guards(key, status)
        if status == S.CORRECTION and key not in ("record_correction", "withdraw", "notice_delivered", "attach", "note",
                                                   "remedy", "approve_extension", "reject_extension", "end"):
            continue  # waiting for the correction: the guards refuse most things (tested below)
        reason = workflow.refusal(key, facts, {role})
        expected = status in sources and role in roles
        assert (reason is None) == expected, (key, status, role, reason)
        if expected:
            new = workflow.next_status(key, status)
            want = target or status
            if status == S.ENDED and key == "fee_paid":
                want = S.HANDLING
            assert new == want, (key, status, new)
        else:
            assert reason and isinstance(reason, str)


def test_guards():
    f = Facts(S.REGISTERED, correction_requested=True)
    assert "一次性" in workflow.refusal("request_correction", f, {CLERK})
    assert workflow.refusal("request_correction", Facts(S.REGISTERED, extension_days=5), {CLERK})
    assert workflow.refusal("request_correction", Facts(S.REGISTERED, fee_issued=True), {CLERK})
    assert "不得超过20" in workflow.refusal("request_extension", Facts(S.HANDLING, extension_days=20), {CLERK})
    assert workflow.refusal("request_extension", Facts(S.HANDLING, extension_pending=True), {CLERK})
    assert workflow.refusal("fee_notice", Facts(S.HANDLING, fee_issued=True), {REVIEWER})
    assert "缴费" in workflow.refusal("draft_reply", Facts(S.HANDLING, fee_issued=True), {CLERK})
    assert workflow.refusal("draft_reply", Facts(S.HANDLING, fee_issued=True, fee_paid=True), {CLERK}) is None
    assert workflow.refusal("draft_reply", Facts(S.HANDLING, lapsed="fee_unpaid"), {CLERK})
    assert workflow.refusal("consult", Facts(S.REGISTERED, awaiting_correction=True), {CLERK})
    assert workflow.refusal("deliver", Facts(S.ENDED), {CLERK})
    assert workflow.refusal("end", Facts(S.HANDLING), {SYSTEM})
    assert workflow.refusal("record_correction", Facts(S.ENDED, ended_by="fee_unpaid"), {CLERK})
    assert workflow.refusal("issue_termination", Facts(S.ENDED, ended_by="fee_unpaid", has_decision_notice=True), {CLERK})
    # the console offers exactly what is allowed
    offered = {a.key for a in workflow.allowed_actions(Facts(S.REGISTERED), {CLERK})}
    assert offered == {"request_correction", "assign", "consult", "request_extension", "draft_reply", "withdraw",
                       "issue_notice", "notice_delivered", "attach", "note", "remedy"}
    assert {a.key for a in workflow.allowed_actions(Facts(S.REVIEW), {REVIEWER})} >= {"review_pass", "review_return"}
    assert "end" not in {a.key for a in workflow.allowed_actions(Facts(S.HANDLING, lapsed="fee_unpaid"), {SYSTEM})}


@pytest.mark.django_db
def test_the_server_refuses_what_the_workflow_refuses(register, actors, users, today):
    """Every action a role may not take on a freshly registered case raises and saves nothing."""
    case = register()
    everyone = {**actors, "applicant_portal": services.applicant_actor(case), "system": services.SYSTEM_ACTOR}
    st = services.state(case)
    for key in workflow.ACTIONS:
        if key == "register":
            continue
        for name, actor in everyone.items():
            if workflow.refusal(key, st.facts, actor.roles) is None:
                continue
            before = CaseEvent.objects.filter(case=case).count()
            with pytest.raises(TransitionRefused):
                services.perform(case, key, actor, text="x", items="x", department="x", answer="x", reason="x",
                                 comment="x", outcome="granted", how="x", method="email")
            assert CaseEvent.objects.filter(case=case).count() == before, (key, name)
    # a user of another agency has no roles here at all
    other = services.Actor.staff(users["other"], case.organization)
    assert other.roles == frozenset()
    with pytest.raises(TransitionRefused):
        services.perform(case, "note", other, text="x")


@pytest.mark.django_db
def test_the_clock_refuses_impossible_dates(register, actors, today):
    case = register()
    with pytest.raises(DomainError) as exc:
        services.perform(case, "note", actors["clerk"], text="x", legal_date=today().replace(day=1))
    assert exc.value.field == "legal_date"  # before receipt
    today.set("2026-03-20")
    services.perform(case, "consult", actors["clerk"], party="third_party", addressee="某公司", subject="合同",
                     legal_date=today().replace(day=10))
    # an answer dated before the letter was sent is refused by the clock (events in legal-date order)
    with pytest.raises(DomainError) as exc:
        services.perform(case, "consultation_answer", actors["clerk"], ref="c1", opinion="agree", answer="同意",
                         legal_date=today().replace(day=5))
    assert "没有尚未答复" in exc.value.message
    with pytest.raises(DomainError):
        services.perform(case, "request_extension", actors["clerk"], days=25, reason="x")
    services.perform(case, "request_extension", actors["clerk"], days=20, reason="数据量大")
    services.perform(case, "approve_extension", actors["approver"])
    with pytest.raises(TransitionRefused):
        services.perform(case, "request_extension", actors["clerk"], days=1, reason="x")
