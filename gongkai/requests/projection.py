"""From a case's events to everything stored about its state: the projection.

``project(case, events, today)`` replays the events through the workflow (status,
outcome, concluded date …) and through the statutory clock (due date, working days
left, clock state, provisional flag, the full ``ClockResult``).  ``services.perform``
calls it in the same transaction as each new event, ``tick`` and the
``calendar_changed`` receiver call it for open cases, and a test recomputes every
case and finds no difference: the stored values are never a second computation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Iterable, Sequence

from gongkai.calendars.services import calendar_for, clock_options_for
from gongkai.law.clock import ClockResult, Event, EventType, Party, compute_clock

from .workflow import OPEN_STATUSES, RESUME_FROM_ENDED, Facts, Status, next_status

#: Workflow events that the clock reads (event kind → clock event type).
CLOCK_TYPES: dict[str, EventType] = {
    "request_correction": EventType.CORRECTION_REQUESTED,
    "record_correction": EventType.CORRECTION_RECEIVED,
    "approve_extension": EventType.EXTENSION,
    "consult": EventType.CONSULTATION_SENT,
    "consultation_answer": EventType.CONSULTATION_ANSWERED,
    "fee_notice": EventType.FEE_NOTICE,
    "fee_paid": EventType.FEE_PAID,
    "deliver": EventType.REPLIED,
    "withdraw": EventType.WITHDRAWN,
    "import_concluded": EventType.REPLIED,
}
#: Events that do not move the workflow (history imports).
NO_STATUS_EVENTS = {"import", "import_concluded"}
WAITING_RANK = 10_000  # queue position of cases waiting for the applicant's correction (no due date)
CLOSED_RANK = 20_000


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def clock_events(events: Iterable) -> list[Event]:
    """The clock's view of the events, in legal-date order (ties in recording order).

    A ``notice_delivered`` event supplies the delivery date of the clock event it refers to
    (``data.event_seq``): the correction, fee and consultation periods run from delivery.
    """
    events = list(events)
    delivered: dict[int, date] = {}
    for ev in events:
        if ev.kind == "notice_delivered" and ev.data.get("event_seq"):
            delivered[int(ev.data["event_seq"])] = ev.legal_date
    out = []
    for ev in sorted(events, key=lambda e: (e.legal_date, e.seq)):
        if not ev.clock_type:
            continue
        d = ev.data or {}
        kwargs = {}
        etype = EventType(ev.clock_type)
        if etype == EventType.CORRECTION_REQUESTED:
            kwargs["deadline"] = _date(d.get("deadline"))
            kwargs["working_days"] = d.get("working_days")
        elif etype == EventType.EXTENSION:
            kwargs["working_days"] = d.get("days")
        elif etype == EventType.CONSULTATION_SENT:
            kwargs["party"] = Party(d.get("party") or Party.THIRD_PARTY)
            kwargs["ref"] = d.get("ref")
        elif etype == EventType.CONSULTATION_ANSWERED:
            kwargs["ref"] = d.get("ref")
        delivered_on = delivered.get(ev.seq)
        if delivered_on is not None and delivered_on > ev.legal_date:
            kwargs["delivered"] = delivered_on
        out.append(Event(etype, ev.legal_date, **kwargs))
    return out


@dataclass(frozen=True)
class Projection:
    """Every stored field that is derived from the events (compared field by field by the consistency test)."""

    status: str
    is_open: bool
    outcome: str
    concluded: date | None
    corrected_received: date | None
    department: str
    handler_id: int | None
    extension_pending: bool
    clock_state: str
    due: date | None
    working_days_left: int | None
    queue_rank: int
    provisional: bool
    projected_on: date

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def stored(cls, case) -> "Projection":
        return cls(**{name: getattr(case, name) for name in cls.names()})


@dataclass(frozen=True)
class Replay:
    """What the workflow events say (no clock)."""

    status: Status
    outcome: str
    concluded: date | None
    corrected_received: date | None
    department: str
    handler_id: int | None
    extension_pending: bool
    correction_requested: bool
    fee_issued: bool
    fee_paid: bool
    open_consultations: tuple[str, ...]
    open_assignments: int
    has_decision_notice: bool
    ended_by: str | None


def replay(events: Sequence) -> Replay:
    """Walk the events in recording order through the state machine."""
    status = Status.REGISTERED
    outcome, concluded, corrected = "", None, None
    department, handler_id = "", None
    extension_pending = correction_requested = fee_issued = fee_paid = has_decision = False
    consultations: dict[str, bool] = {}
    assignments: dict[int, bool] = {}
    ended_by = None
    for ev in sorted(events, key=lambda e: e.seq):
        d = ev.data or {}
        k = ev.kind
        if k == "register":
            status = Status.REGISTERED
            continue
        if k in NO_STATUS_EVENTS:
            if k == "import":
                status = Status(d.get("status", Status.REGISTERED))
            else:
                status = Status(d.get("status", Status.ARCHIVED))
                outcome, concluded = d["outcome"], ev.legal_date
            continue
        if status == Status.ENDED and k in RESUME_FROM_ENDED:  # a late correction or payment revives the request
            outcome, concluded, ended_by = "", None, None
        if k == "request_correction":
            correction_requested = True
        elif k == "record_correction":
            corrected = ev.legal_date
        elif k == "assign":
            department = d.get("department", department)
            handler_id = d.get("handler_id", handler_id)
            assignments[int(d["assignment_id"])] = False
        elif k == "department_reply":
            assignments[int(d["assignment_id"])] = True
        elif k == "consult":
            consultations[str(d["ref"])] = False
        elif k == "consultation_answer":
            consultations[str(d["ref"])] = True
        elif k == "request_extension":
            extension_pending = True
        elif k in ("approve_extension", "reject_extension"):
            extension_pending = False
        elif k == "fee_notice":
            fee_issued = True
        elif k == "fee_paid":
            fee_paid = True
        elif k == "approve":
            outcome = d["outcome"]
            has_decision = True
        elif k == "issue_termination":
            has_decision = True
        elif k == "deliver":
            concluded = ev.legal_date
        elif k == "withdraw":
            outcome, concluded = "other_withdrawn", ev.legal_date
            has_decision = True
            extension_pending = False
        elif k == "end":
            outcome, concluded, ended_by = d["outcome"], ev.legal_date, d["reason"]
            extension_pending = False
        status = next_status(k, status)
    return Replay(
        status, outcome, concluded, corrected, department, handler_id, extension_pending, correction_requested,
        fee_issued, fee_paid, tuple(r for r, answered in consultations.items() if not answered),
        sum(1 for answered in assignments.values() if not answered), has_decision, ended_by,
    )


def environment(org):
    """(calendar, options) of an organisation — fetch once when projecting many cases."""
    return calendar_for(org.region), clock_options_for(org)


def compute(case, events: Sequence, today: date, env=None) -> ClockResult:
    """The clock of ``case`` given ``events`` (the agency's region calendar and settings)."""
    calendar, options = env or environment(case.organization)
    return compute_clock(case.received, clock_events(events), calendar, today, options)


def project(case, events: Sequence, today: date, env=None) -> tuple[Projection, ClockResult, Replay]:
    """``env``: ``environment(org)`` when projecting many cases of one organisation."""
    r = replay(events)
    clock = compute(case, events, max(today, max((e.legal_date for e in events), default=case.received)), env)
    is_open = r.status in OPEN_STATUSES
    left = clock.working_days_left
    if not is_open:
        rank = CLOSED_RANK
    elif clock.due is None:
        rank = WAITING_RANK
    else:
        rank = left if left is not None else 0
    projection = Projection(
        status=r.status.value, is_open=is_open, outcome=r.outcome, concluded=r.concluded,
        corrected_received=r.corrected_received, department=r.department, handler_id=r.handler_id,
        extension_pending=r.extension_pending, clock_state=clock.state.value, due=clock.due,
        working_days_left=left, queue_rank=rank, provisional=clock.provisional, projected_on=today,
    )
    return projection, clock, r


def facts(r: Replay, clock: ClockResult, max_extension_days: int = 20) -> Facts:
    """The workflow's ``Facts`` for a case from its replay and clock."""
    lapsed = clock.ended_by if clock.ended_by in ("correction_missed", "fee_unpaid") else None
    return Facts(
        status=r.status,
        correction_requested=r.correction_requested,
        awaiting_correction=clock.correction_requested is not None and clock.correction_received is None,
        extension_days=clock.extension_days,
        extension_pending=r.extension_pending,
        open_consultations=r.open_consultations,
        fee_issued=r.fee_issued,
        fee_paid=r.fee_paid,
        open_assignments=r.open_assignments,
        has_decision_notice=r.has_decision_notice,
        ended_by=r.ended_by,
        lapsed=lapsed if r.status != Status.ENDED else None,
        max_extension_days=max_extension_days,
    )


def apply(case, projection: Projection) -> list[str]:
    """Copy ``projection`` onto ``case``; returns the names of the fields that changed."""
    changed = []
    for name in Projection.names():
        value = getattr(projection, name)
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    return changed
