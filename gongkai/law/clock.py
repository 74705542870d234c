"""The statutory clock of a disclosure request (条例第三十条至第三十三条, 国办函〔2020〕109号).

The clock is *derived*: from the receipt date and the dated events of a case it
computes every deadline, the paused periods, the working days used and left, the
state, and a one-line Chinese explanation of how each date was reached.  Nothing
here is stored; the request workflow keeps the events and asks this module.

Rules (calendar.md §2, regulation.md §5–§6, fees.md F8–F10):

- The trigger day never counts; a deadline is the N-th working day after it.
- Reply: 20 working days from receipt (条例第三十三条第二款); after a correction
  (补正) the period restarts from the day the corrected request is received
  (条例第三十条) — a new trigger, not a pause.
- The correction notice itself is due within 7 working days of receipt (第三十条).
  The applicant's correction deadline is the one the notice sets (``deadline``) or
  ``ClockOptions.correction_period_days`` working days after the notice reached
  them; not correcting by then ends the request (Table 3 （六）1 逾期不补正).
- Extension: approved by the head of the GI office, at most 20 more working days in
  total (第三十三条第二款); a second extension beyond 20 is refused.
- Consultation of a third party (第三十二条), a co-producing agency (第三十四条) or
  another agency (第三十三条第三款): the time is not counted.  Third parties and
  co-producers have 15 working days from receiving the letter; if they stay silent
  the pause ends on that 15th working day.
- Fee (国办函〔2020〕109号): from the fee notice until payment the time is not
  counted; payment is due 20 working days after the applicant receives the notice;
  unpaid by then the request ends (Table 3 （六）2 逾期未缴费).
- Paused periods exclude their first and last days too (inclusive reading of
  "自发出…之日起至…之日止"); an agency may choose the exclusive reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Iterable, Mapping, Sequence

from .calendar import WorkCalendar, today_in_china, weekday_zh
from .errors import DomainError
from .i18n import gettext_noop


class EventType(StrEnum):
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    EXTENSION = "extension"
    CONSULTATION_SENT = "consultation_sent"
    CONSULTATION_ANSWERED = "consultation_answered"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"


EVENT_LABELS = {
    EventType.CORRECTION_REQUESTED: gettext_noop("发出补正告知"),
    EventType.CORRECTION_RECEIVED: gettext_noop("收到补正后的申请"),
    EventType.EXTENSION: gettext_noop("延长答复期限"),
    EventType.CONSULTATION_SENT: gettext_noop("发出征求意见函"),
    EventType.CONSULTATION_ANSWERED: gettext_noop("收到征求意见答复"),
    EventType.FEE_NOTICE: gettext_noop("送达收费通知"),
    EventType.FEE_PAID: gettext_noop("缴费完成"),
    EventType.REPLIED: gettext_noop("送达答复"),
    EventType.WITHDRAWN: gettext_noop("申请人撤回申请"),
}


class Party(StrEnum):
    THIRD_PARTY = "third_party"  # 条例第三十二条: 15 WD, silence → the agency decides
    CO_PRODUCER = "co_producer"  # 条例第三十四条: 15 WD, silence = consent
    AGENCY = "agency"  # 条例第三十三条第三款 其他机关: no statutory reply limit


PARTY_LABELS = {
    Party.THIRD_PARTY: gettext_noop("征求第三方意见"),
    Party.CO_PRODUCER: gettext_noop("征求共同制作机关意见"),
    Party.AGENCY: gettext_noop("征求其他机关意见"),
}
CAPPED_PARTIES = {Party.THIRD_PARTY, Party.CO_PRODUCER}


class PauseReading(StrEnum):
    INCLUSIVE = "inclusive"  # the first and last days of a pause are not counted either (default)
    EXCLUSIVE = "exclusive"  # only the days strictly between are not counted


class State(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    REPLIED_ON_TIME = "replied_on_time"
    REPLIED_LATE = "replied_late"
    OVERDUE = "overdue"
    ABANDONED = "abandoned"


STATE_LABELS = {
    State.OPEN: gettext_noop("办理中"),
    State.PAUSED: gettext_noop("暂停计时"),
    State.REPLIED_ON_TIME: gettext_noop("按期答复"),
    State.REPLIED_LATE: gettext_noop("逾期答复"),
    State.OVERDUE: gettext_noop("已超期"),
    State.ABANDONED: gettext_noop("已终止"),
}

# How a request ended without a substantive reply → the outcome the workflow should record
# (keys of gongkai.law.outcomes, which map to Table 3 rows).
ENDED_OUTCOMES = {
    "correction_missed": "other_no_correction",
    "fee_unpaid": "other_fee_unpaid",
    "withdrawn": "other_withdrawn",
}
ENDED_LABELS = {
    "correction_missed": gettext_noop("申请人逾期未补正，视为放弃申请（条例第三十条）"),
    "fee_unpaid": gettext_noop("申请人逾期未缴纳信息处理费，视为放弃申请（国办函〔2020〕109号）"),
    "withdrawn": gettext_noop("申请人撤回申请"),
    "replied": gettext_noop("已送达答复"),
}
# The pause label of a consultation letter ("发出" + party label + "函"), for the catalogue.
_CONSULTATION_LETTERS = (gettext_noop("发出征求第三方意见函"), gettext_noop("发出征求共同制作机关意见函"),
                         gettext_noop("发出征求其他机关意见函"))


@dataclass(frozen=True)
class ClockOptions:
    """Agency-level settings of the clock (the legal periods are fixed, the readings are not)."""

    pause_reading: PauseReading = PauseReading.INCLUSIVE
    correction_period_days: int = 15  # applicant's time to correct when the notice sets no date [P]
    reply_days: int = 20  # 条例第三十三条第二款
    correction_notice_days: int = 7  # 条例第三十条
    consultation_days: int = 15  # 条例第三十二条、第三十四条
    fee_payment_days: int = 20  # 国办函〔2020〕109号
    max_extension_days: int = 20  # 条例第三十三条第二款


@dataclass(frozen=True)
class Event:
    """A dated thing that happened to a case.

    - ``working_days``: length of an ``extension`` (default 20); for ``correction_requested``
      the applicant's correction period in working days (default: the agency option).
    - ``deadline``: ``correction_requested`` only — the correction deadline written in the notice.
    - ``party``: ``consultation_sent`` only — ``third_party`` (default), ``co_producer`` or ``agency``.
    - ``ref``: pairs ``consultation_answered`` with its ``consultation_sent`` when several are open.
    - ``delivered``: the day the letter reached its addressee when later than ``date``
      (consultation letter → the 15 WD run from it; fee notice → the 20 WD payment period;
      correction notice → the correction period).
    """

    type: EventType
    date: date
    working_days: int | None = None
    deadline: date | None = None
    party: Party | None = None
    ref: str | None = None
    delivered: date | None = None

    @property
    def label(self) -> str:
        if self.type == EventType.CONSULTATION_SENT:
            return "发出" + PARTY_LABELS[self.party or Party.THIRD_PARTY] + "函"
        return EVENT_LABELS[self.type]

    @property
    def effective_delivery(self) -> date:
        return self.delivered or self.date


@dataclass(frozen=True)
class Pause:
    """A period whose working days are not counted (consultation or fee waiting)."""

    kind: str  # consultation | fee
    label: str  # Chinese, e.g. 征求第三方意见
    start: date
    end: date | None  # last day of the pause; None while it is still running at ``as_of``
    ended_by: str  # answered | paid | time_limit | replied | withdrawn | fee_unpaid | running
    excluded_working_days: int  # working days of the current reply period it removes
    superseded: bool = False  # it belonged to a reply period a correction restarted
    party: Party | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "party": self.party.value if self.party else None,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "ended_by": self.ended_by,
            "excluded_working_days": self.excluded_working_days,
            "superseded": self.superseded,
        }


@dataclass(frozen=True)
class ClockResult:
    """Everything the screens, the queue and the reports need about a case's time limits."""

    received: date
    as_of: date
    trigger: date  # receipt, or receipt of the corrected request
    trigger_kind: str  # received | correction_received
    period_days: int  # 20 + extension
    extension_days: int
    due: date | None  # None while waiting for the applicant's correction
    correction_notice_due: date
    correction_requested: date | None
    correction_due: date | None  # applicant's correction deadline
    correction_received: date | None
    fee_payment_due: date | None
    pauses: tuple[Pause, ...]
    working_days_used: int | None
    working_days_left: int | None  # negative: overdue by that many working days
    state: State
    ended_by: str | None  # replied | withdrawn | correction_missed | fee_unpaid
    ended_on: date | None
    outcome_hint: str | None  # outcome key the workflow should record when the clock ended the case
    provisional: bool
    provisional_reasons: tuple[str, ...]
    explanation: str  # one line: how the current due date was reached
    explanations: dict[str, str]  # due, correction_notice_due, correction_due, fee_payment_due, state
    warnings: tuple[str, ...]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def paused(self) -> bool:
        return self.state == State.PAUSED

    @property
    def open_pauses(self) -> tuple[Pause, ...]:
        return tuple(p for p in self.pauses if p.end is None)

    def to_dict(self) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "received": iso(self.received),
            "as_of": iso(self.as_of),
            "trigger": iso(self.trigger),
            "trigger_kind": self.trigger_kind,
            "period_days": self.period_days,
            "extension_days": self.extension_days,
            "due": iso(self.due),
            "correction_notice_due": iso(self.correction_notice_due),
            "correction_requested": iso(self.correction_requested),
            "correction_due": iso(self.correction_due),
            "correction_received": iso(self.correction_received),
            "fee_payment_due": iso(self.fee_payment_due),
            "paused_periods": [p.to_dict() for p in self.pauses],
            "working_days_used": self.working_days_used,
            "working_days_left": self.working_days_left,
            "state": self.state.value,
            "state_label": self.state_label,
            "ended_by": self.ended_by,
            "ended_on": iso(self.ended_on),
            "outcome_hint": self.outcome_hint,
            "provisional": self.provisional,
            "provisional_reasons": list(self.provisional_reasons),
            "explanation": self.explanation,
            "explanations": dict(self.explanations),
            "warnings": list(self.warnings),
        }


# -- receipt date (条例第三十一条) ------------------------------------------------

CHANNELS = {
    "in_person": "当面提交",
    "oral": "口头提出（工作人员代为填写）",
    "post_signed": "邮寄（需签收）",
    "post_ordinary": "平常信函",
    "online": "互联网渠道",
    "fax": "传真",
}


def receipt_date(channel: str, *, submitted: date | None = None, signed: date | None = None,
                 confirmed: date | None = None) -> date:
    """收到申请之日 by channel (条例第三十一条).

    - ``in_person`` / ``oral``: the day it is handed in (``submitted``);
    - ``post_signed``: the day the agency signs for it (``signed``);
    - ``post_ordinary``: the day the GI office confirms with the applicant (``confirmed``);
    - ``online`` / ``fax``: the day both sides confirm (``confirmed``; the platform's automatic
      acknowledgement counts, regulation.md §4).
    """
    needed = {
        "in_person": ("submitted", submitted),
        "oral": ("submitted", submitted),
        "post_signed": ("signed", signed),
        "post_ordinary": ("confirmed", confirmed),
        "online": ("confirmed", confirmed),
        "fax": ("confirmed", confirmed),
    }
    if channel not in needed:
        raise DomainError(f"未知的申请渠道 {channel}。", field="channel")
    name, value = needed[channel]
    if value is None:
        what = {"submitted": "提交日期", "signed": "签收日期", "confirmed": "确认日期"}[name]
        raise DomainError(f"{CHANNELS[channel]}的申请须填写{what}（条例第三十一条）。", field=name)
    return value


# -- the computation --------------------------------------------------------------


def _iso(d: date) -> str:
    return d.isoformat()


def _dated(d: date) -> str:
    return f"{d.isoformat()}（{weekday_zh(d)}）"


@dataclass
class _Consultation:
    event: Event
    cap: date | None  # last day of the consultee's 15 WD
    period: int  # which reply period it belongs to (a correction starts a new one)
    answered: date | None = None

    def end(self, as_of: date) -> tuple[date | None, str]:
        """Last paused day and why it ended, seen from ``as_of`` (None: still running)."""
        if self.answered is not None:
            if self.cap is not None and self.answered > self.cap:
                return self.cap, "time_limit"
            return self.answered, "answered"
        if self.cap is not None and as_of > self.cap:
            return self.cap, "time_limit"
        return None, "running"


def _reading_range(start: date, end: date | None, as_of: date, reading: PauseReading) -> tuple[date, date] | None:
    """The closed day range a pause removes from counting under ``reading``."""
    if reading == PauseReading.INCLUSIVE:
        first, last = start, end if end is not None else as_of
    else:
        first = start + timedelta(days=1)
        last = end - timedelta(days=1) if end is not None else as_of
    return (first, last) if last >= first else None


def compute_clock(
    received: date,
    events: Sequence[Event] = (),
    calendar: WorkCalendar | None = None,
    today: date | None = None,
    options: ClockOptions = ClockOptions(),
) -> ClockResult:
    """Derive a case's clock from its receipt date and events (in the order they happened).

    ``today`` (default: today in Asia/Shanghai) decides whether an open case is overdue,
    whether a silent applicant has let a correction or fee deadline pass, and how many
    working days are used.  Raises ``DomainError`` (Chinese message, ``field`` naming the
    event, e.g. ``events[2]``) for impossible inputs: events out of order or before the
    receipt, an answer without a question, events after the case closed, a second
    correction notice, extensions beyond 20 working days in total.
    """
    if calendar is None:
        from .calendar import builtin_calendar

        calendar = builtin_calendar()
    cal = calendar
    reading = PauseReading(options.pause_reading)
    warnings: list[str] = []
    reasons: dict[str, list[str]] = {}  # per explained date: years it depends on that are not loaded

    def count(key: str, start: date, n: int, excluded: Iterable[tuple[date, date]] = ()) -> date:
        c = cal.count(start, n, excluded)
        reasons.setdefault(key, []).extend(c.provisional_reasons)
        return c.date

    cal.is_workday(received)  # range check
    last = received
    for i, ev in enumerate(events):
        if ev.date < received:
            raise DomainError(
                f"第{i + 1}个事件（{ev.label}，{_iso(ev.date)}）早于收到申请之日 {_iso(received)}。",
                field=f"events[{i}]",
            )
        if ev.date < last:
            raise DomainError(
                f"事件顺序错误：第{i + 1}个事件（{ev.label}，{_iso(ev.date)}）早于前一个事件（{_iso(last)}），"
                "事件须按发生先后排列。",
                field=f"events[{i}]",
            )
        if ev.delivered is not None and ev.delivered < ev.date:
            raise DomainError(
                f"第{i + 1}个事件（{ev.label}）的送达日期 {_iso(ev.delivered)} 早于发出日期 {_iso(ev.date)}。",
                field=f"events[{i}].delivered",
            )
        last = ev.date
    if today is None:
        today = max(today_in_china(), last)
    elif today < last:
        raise DomainError(f"“今天”（{_iso(today)}）早于最后一个事件的日期 {_iso(last)}。", field="today")

    correction_notice_due = count("correction_notice_due", received, options.correction_notice_days)

    trigger, trigger_kind = received, "received"
    extension = 0
    extension_dates: list[date] = []
    consultations: list[_Consultation] = []
    fee_notice: Event | None = None
    fee_due: date | None = None
    fee_paid: date | None = None
    corr_requested: Event | None = None
    corr_due: date | None = None
    corr_received: date | None = None
    closed: Event | None = None
    current_period = fee_period = 0

    def pending_consultations(at: date) -> list[_Consultation]:
        """Consultations still pausing the clock on day ``at``."""
        return [c for c in consultations if c.answered is None and c.end(at)[0] is None]

    def fee_pending(at: date) -> bool:
        return fee_notice is not None and fee_paid is None and at <= fee_due

    def lapsed(at: date) -> tuple[str, date] | None:
        """A deadline the applicant let pass before ``at`` → (how the request ended, since when)."""
        if corr_requested is not None and corr_received is None and at > corr_due:
            return "correction_missed", corr_due + timedelta(days=1)
        if fee_notice is not None and fee_paid is None and at > fee_due:
            return "fee_unpaid", fee_due + timedelta(days=1)
        return None

    def pause_list(at: date, closing: str | None) -> list[Pause]:
        """The paused periods as seen on day ``at`` (``closing``: what ended the case on ``at``)."""
        out = []
        for c in consultations:
            end, why = c.end(at)
            if end is None and closing:
                end, why = at, closing
            out.append(Pause("consultation", PARTY_LABELS[c.event.party], c.event.date, end, why, 0,
                             c.period < current_period, c.event.party))
        if fee_notice is not None:
            if fee_paid is not None:
                end, why = fee_paid, "paid"
            elif at > fee_due or closing == "fee_unpaid":
                end, why = min(at, fee_due), "fee_unpaid"
            elif closing:
                end, why = at, closing
            else:
                end, why = None, "running"
            out.append(Pause("fee", "等待缴纳信息处理费", fee_notice.date, end, why, 0, fee_period < current_period))
        return out

    def ranges(pauses: Iterable[Pause], at: date) -> list[tuple[date, date]]:
        out = []
        for p in pauses:
            if not p.superseded:
                rng = _reading_range(p.start, p.end, at, reading)
                if rng is not None:
                    out.append(rng)
        return out

    for i, ev in enumerate(events):
        where = f"events[{i}]"
        what = f"第{i + 1}个事件（{ev.label}，{_iso(ev.date)}）"
        if closed is not None:
            raise DomainError(
                f"{what}：申请已于 {_iso(closed.date)} {closed.label}，之后不能再记录其他事件。", field=where
            )
        ended = lapsed(ev.date)
        if ended and ev.type not in {EventType.REPLIED, EventType.WITHDRAWN, EventType.CORRECTION_RECEIVED,
                                     EventType.FEE_PAID}:
            raise DomainError(
                f"{what}：{ENDED_LABELS[ended[0]]}（自 {_iso(ended[1])} 起），之后只能记录补正、缴费、答复或撤回。",
                field=where,
            )
        awaiting = corr_requested is not None and corr_received is None
        t = ev.type
        if t == EventType.CORRECTION_REQUESTED:
            if corr_requested is not None:
                raise DomainError(
                    f"{what}：补正应一次性告知（条例第三十条），本案已于 {_iso(corr_requested.date)} 告知过补正。",
                    field=where,
                )
            if pending_consultations(ev.date) or fee_pending(ev.date):
                raise DomainError(f"{what}：征求意见或等待缴费期间不能要求补正。", field=where)
            if extension:
                raise DomainError(f"{what}：已延长答复期限，不能再要求补正。", field=where)
            if ev.date > correction_notice_due:
                warnings.append(
                    f"补正告知于 {_iso(ev.date)} 发出，晚于收到申请后{options.correction_notice_days}个工作日的期限"
                    f" {_iso(correction_notice_due)}（条例第三十条）。"
                )
            if ev.deadline is not None:
                if ev.deadline < ev.effective_delivery:
                    raise DomainError(f"{what}：补正期限 {_iso(ev.deadline)} 早于告知送达日期。", field=f"{where}.deadline")
                corr_due = ev.deadline
                reasons.setdefault("correction_due", []).extend(cal.reasons_between(ev.date, ev.deadline))
            else:
                days = ev.working_days if ev.working_days is not None else options.correction_period_days
                if days < 1:
                    raise DomainError(f"{what}：补正期限须至少1个工作日。", field=f"{where}.working_days")
                corr_due = count("correction_due", ev.effective_delivery, days)
            corr_requested = ev
        elif t == EventType.CORRECTION_RECEIVED:
            if corr_requested is None:
                raise DomainError(f"{what}：此前没有发出补正告知。", field=where)
            if corr_received is not None:
                raise DomainError(f"{what}：已于 {_iso(corr_received)} 收到过补正。", field=where)
            if ev.date > corr_due:
                warnings.append(
                    f"补正于 {_iso(ev.date)} 收到，晚于补正期限 {_iso(corr_due)}；按已补正继续办理（申请人有正当理由时）。"
                )
            corr_received = ev.date
            trigger, trigger_kind = ev.date, "correction_received"
            current_period += 1
        elif t == EventType.EXTENSION:
            days = ev.working_days if ev.working_days is not None else options.max_extension_days
            if days < 1:
                raise DomainError(f"{what}：延长的工作日数须为正整数。", field=f"{where}.working_days")
            if awaiting:
                raise DomainError(f"{what}：等待补正期间答复期限尚未重新起算，不能延期。", field=where)
            if extension + days > options.max_extension_days:
                already = (f"此前已延长{extension}个工作日，本次又延长{days}个工作日" if extension
                           else f"本次延长{days}个工作日")
                raise DomainError(
                    f"{what}：延长答复期限累计不得超过{options.max_extension_days}个工作日"
                    f"（条例第三十三条第二款），{already}。",
                    field=f"{where}.working_days",
                )
            current_due = cal.add_workdays(
                trigger, options.reply_days + extension, ranges(pause_list(ev.date, None), ev.date)
            )
            if ev.date > current_due:
                warnings.append(
                    f"延期于 {_iso(ev.date)} 批准，晚于当时的答复期限 {_iso(current_due)}；"
                    "延期应在期限届满前决定并告知申请人（条例第三十三条第二款）。"
                )
            extension += days
            extension_dates.append(ev.date)
        elif t == EventType.CONSULTATION_SENT:
            party = Party(ev.party or Party.THIRD_PARTY)
            if awaiting:
                raise DomainError(f"{what}：等待补正期间不能征求意见，应先收到补正。", field=where)
            if ev.ref is not None and any(c.event.ref == ev.ref and c.answered is None for c in consultations):
                raise DomainError(f"{what}：编号为 {ev.ref} 的征求意见尚未答复。", field=f"{where}.ref")
            cap = count("due", ev.effective_delivery, options.consultation_days) if party in CAPPED_PARTIES else None
            consultations.append(_Consultation(replace(ev, party=party), cap, current_period))
        elif t == EventType.CONSULTATION_ANSWERED:
            unanswered = [c for c in consultations if c.answered is None]
            if ev.ref is not None:
                unanswered = [c for c in unanswered if c.event.ref == ev.ref]
            if not unanswered:
                which = f"编号为 {ev.ref} 的" if ev.ref is not None else ""
                raise DomainError(f"{what}：没有尚未答复的{which}征求意见。", field=where)
            if len(unanswered) > 1:
                raise DomainError(
                    f"{what}：有{len(unanswered)}项征求意见尚未答复，请用 ref 指明答复的是哪一项。", field=f"{where}.ref"
                )
            c = unanswered[0]
            c.answered = ev.date
            if c.cap is not None and ev.date > c.cap:
                warnings.append(
                    f"{PARTY_LABELS[c.event.party]}的答复于 {_iso(ev.date)} 收到，已超过{options.consultation_days}个工作日"
                    f"（{_iso(c.cap)}），暂停计时于 {_iso(c.cap)} 结束（条例第三十二条、第三十四条）。"
                )
        elif t == EventType.FEE_NOTICE:
            if fee_notice is not None:
                raise DomainError(f"{what}：本案已于 {_iso(fee_notice.date)} 发出过收费通知。", field=where)
            if awaiting:
                raise DomainError(f"{what}：等待补正期间不能发出收费通知。", field=where)
            fee_notice, fee_period = ev, current_period
            fee_due = count("fee_payment_due", ev.effective_delivery, options.fee_payment_days)
        elif t == EventType.FEE_PAID:
            if fee_notice is None:
                raise DomainError(f"{what}：此前没有发出收费通知。", field=where)
            if fee_paid is not None:
                raise DomainError(f"{what}：已于 {_iso(fee_paid)} 缴费。", field=where)
            if ev.date > fee_due:
                warnings.append(f"缴费于 {_iso(ev.date)} 完成，晚于缴费期限 {_iso(fee_due)}；按已缴费继续办理。")
            fee_paid = ev.date
        else:  # REPLIED, WITHDRAWN
            closed = ev

    # How and when the request ended, if it did.
    ended_by: str | None = None
    ended_on: date | None = None
    end_day = closed.date if closed is not None else today
    lapse = lapsed(end_day)
    if lapse is not None:
        ended_by, ended_on = lapse
    elif closed is not None:
        ended_by = "replied" if closed.type == EventType.REPLIED else "withdrawn"
        ended_on = closed.date
    # The day the clock is read on: the closing day, the last day before a lapse, or today.
    as_of = ended_on - timedelta(days=1) if ended_by in ("correction_missed", "fee_unpaid") else end_day

    raw_pauses = pause_list(as_of, ended_by)
    excluded = ranges(raw_pauses, as_of)
    pauses = tuple(
        replace(p, excluded_working_days=_workdays_after(cal, trigger, _reading_range(p.start, p.end, as_of, reading)))
        if not p.superseded else p
        for p in raw_pauses
    )

    awaiting_correction = corr_requested is not None and corr_received is None
    period = options.reply_days + extension
    due = used = left = None
    if not awaiting_correction:
        due = count("due", trigger, period, excluded)
        used = cal.workdays_between(trigger, as_of, excluded)
        reasons["due"].extend(cal.reasons_between(trigger, as_of))
        left = period - used

    running = any(p.end is None and not p.superseded for p in pauses)
    if ended_by in ("correction_missed", "fee_unpaid", "withdrawn"):
        state = State.ABANDONED
    elif ended_by == "replied":
        state = State.REPLIED_ON_TIME if due is None or closed.date <= due else State.REPLIED_LATE
    elif due is not None and as_of > due:
        state = State.OVERDUE
    elif awaiting_correction or running:
        state = State.PAUSED
    else:
        state = State.OPEN

    expl: dict[str, str] = {
        "correction_notice_due": _explain_correction_notice(received, correction_notice_due, corr_requested, options),
    }
    if corr_requested is not None:
        expl["correction_due"] = _explain_correction_due(corr_requested, corr_due, corr_received, options)
    if fee_notice is not None:
        expl["fee_payment_due"] = (
            f"{_iso(fee_notice.effective_delivery)} 申请人收到收费通知，次日起第{options.fee_payment_days}个工作日"
            f"即 {_dated(fee_due)} 为缴费期限（国办函〔2020〕109号）"
            + (f"；已于 {_iso(fee_paid)} 缴费" if fee_paid else "")
        )
    expl["due"] = _explain_due(trigger, trigger_kind, corr_requested, corr_due, due, period, options, extension_dates,
                               [p for p in pauses if not p.superseded], reading)
    expl["state"] = _explain_state(state, ended_by, ended_on, closed, due, as_of, left)
    for key, why in reasons.items():
        why = list(dict.fromkeys(why))
        if why and key in expl:
            expl[key] += f"（暂定：{'；'.join(why)}，该年暂按周末计算，录入后自动重算）"
    all_reasons = tuple(dict.fromkeys(r for why in reasons.values() for r in why))

    return ClockResult(
        received=received,
        as_of=as_of,
        trigger=trigger,
        trigger_kind=trigger_kind,
        period_days=period,
        extension_days=extension,
        due=due,
        correction_notice_due=correction_notice_due,
        correction_requested=corr_requested.date if corr_requested else None,
        correction_due=corr_due,
        correction_received=corr_received,
        fee_payment_due=fee_due,
        pauses=pauses,
        working_days_used=used,
        working_days_left=left,
        state=state,
        ended_by=ended_by,
        ended_on=ended_on,
        outcome_hint=ENDED_OUTCOMES.get(ended_by) if ended_by else None,
        provisional=bool(all_reasons),
        provisional_reasons=all_reasons,
        explanation=expl["due"],
        explanations=expl,
        warnings=tuple(warnings),
    )


def _workdays_after(cal: WorkCalendar, trigger: date, rng: tuple[date, date] | None) -> int:
    """Working days of ``rng`` that lie after ``trigger`` (what a pause takes out of the period)."""
    if rng is None:
        return 0
    first = max(rng[0], trigger + timedelta(days=1))
    return cal.workdays_in(first, rng[1])


# -- explanations (one line each, shown to staff) ---------------------------------


def _explain_correction_notice(received: date, due: date, requested: Event | None, options: ClockOptions) -> str:
    text = f"{_iso(received)} 收到申请，次日起第{options.correction_notice_days}个工作日即 {_dated(due)} 前须一次性告知补正（条例第三十条）"
    if requested is not None:
        text += "；已于 " + _iso(requested.date) + (" 按期告知" if requested.date <= due else " 告知（已逾期）")
    return text


def _explain_correction_due(requested: Event, due: date, received: date | None, options: ClockOptions) -> str:
    if requested.deadline is not None:
        text = f"补正告知（{_iso(requested.date)}）载明的补正期限为 {_dated(due)}"
    else:
        days = requested.working_days if requested.working_days is not None else options.correction_period_days
        text = f"{_iso(requested.effective_delivery)} 送达补正告知，次日起第{days}个工作日即 {_dated(due)} 为补正期限"
    if received is not None:
        text += f"；已于 {_iso(received)} 收到补正"
    else:
        text += "；逾期不补正视为放弃申请（条例第三十条）"
    return text


def _explain_due(trigger, trigger_kind, corr_requested, corr_due, due, period, options, extension_dates, pauses,
                 reading) -> str:
    if due is None:
        return (
            f"{_iso(corr_requested.date)} 已告知补正，答复期限自收到补正后的申请之日次日起重新计算"
            f"（条例第三十条）；补正期限 {_iso(corr_due)}"
        )
    start = "收到申请" if trigger_kind == "received" else "收到补正后的申请，答复期限重新起算（条例第三十条）"
    text = f"{_iso(trigger)} {start}，次日起算"
    if extension_dates:
        ext = period - options.reply_days
        text += (
            f"{options.reply_days}个工作日＋延长{ext}个工作日（{'、'.join(_iso(d) for d in extension_dates)}批准）"
            f"共{period}个工作日"
        )
    else:
        text += f"{period}个工作日"
    counted = [p for p in pauses if p.excluded_working_days or p.end is None]
    if counted:
        edge = "含首尾两日" if reading == PauseReading.INCLUSIVE else "不含首尾两日"
        items = []
        for p in counted:
            span = f"{_iso(p.start)}至{_iso(p.end)}" if p.end else f"{_iso(p.start)}起（仍在暂停）"
            tail = "，第三方逾期未答复，满15个工作日即恢复计时" if p.ended_by == "time_limit" else ""
            items.append(f"{p.label}{span}不计{p.excluded_working_days}个工作日{tail}")
        text += f"；扣除暂停期间（{edge}）：" + "、".join(items)
    text += f" → 答复期限 {_dated(due)}"
    if any(p.end is None for p in pauses):
        text += "（暂停结束前随之顺延）"
    return text


def _explain_state(state, ended_by, ended_on, closed, due, as_of, left) -> str:
    if state == State.ABANDONED:
        return f"{ENDED_LABELS[ended_by]}（{_iso(ended_on)}）"
    if state == State.REPLIED_ON_TIME:
        return f"已于 {_iso(closed.date)} 送达答复" + (f"，在答复期限 {_iso(due)} 内" if due else "")
    if state == State.REPLIED_LATE:
        return f"已于 {_iso(closed.date)} 送达答复，晚于答复期限 {_iso(due)}"
    if state == State.OVERDUE:
        return f"截至 {_iso(as_of)} 尚未答复，已超过答复期限 {_iso(due)}（超期{-left}个工作日）"
    if state == State.PAUSED:
        if due is None:
            return f"等待申请人补正（截至 {_iso(as_of)}），答复期限暂停"
        return f"暂停计时中：截至 {_iso(as_of)} 剩余{left}个工作日，答复期限至少为 {_iso(due)}"
    return f"办理中：截至 {_iso(as_of)} 剩余{left}个工作日，答复期限 {_iso(due)}"


# -- the JSON contract (``gongkai clock``) ------------------------------------------


def _parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise DomainError(f"{where}：日期应为 \"YYYY-MM-DD\" 格式的字符串。", field=where)
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"{where}：{value!r} 不是存在的日期（应为 YYYY-MM-DD）。", field=where) from None


def _parse_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{where}：应为整数。", field=where)
    return value


EVENT_FIELDS = {"type", "date", "working_days", "deadline", "party", "ref", "delivered"}


def event_from_dict(data: Mapping[str, Any], where: str = "event") -> Event:
    """One event of the JSON contract → ``Event`` (Chinese errors name ``where``)."""
    if not isinstance(data, Mapping):
        raise DomainError(f"{where}：事件应为 JSON 对象。", field=where)
    unknown = set(data) - EVENT_FIELDS
    if unknown:
        raise DomainError(f"{where}：未知的字段 {', '.join(sorted(unknown))}。", field=where)
    raw_type = data.get("type")
    try:
        etype = EventType(raw_type)
    except ValueError:
        allowed = "、".join(e.value for e in EventType)
        raise DomainError(f"{where}.type：未知的事件类型 {raw_type!r}（可用：{allowed}）。", field=f"{where}.type") from None
    if "date" not in data:
        raise DomainError(f"{where}.date：缺少日期。", field=f"{where}.date")
    kwargs: dict[str, Any] = {"type": etype, "date": _parse_date(data["date"], f"{where}.date")}
    if data.get("working_days") is not None:
        if etype not in (EventType.EXTENSION, EventType.CORRECTION_REQUESTED):
            raise DomainError(f"{where}.working_days：只有 extension 和 correction_requested 事件可以填写。",
                              field=f"{where}.working_days")
        kwargs["working_days"] = _parse_int(data["working_days"], f"{where}.working_days")
    for key in ("deadline", "delivered"):
        if data.get(key) is not None:
            kwargs[key] = _parse_date(data[key], f"{where}.{key}")
    if kwargs.get("deadline") is not None and etype != EventType.CORRECTION_REQUESTED:
        raise DomainError(f"{where}.deadline：只有 correction_requested 事件可以填写。", field=f"{where}.deadline")
    if data.get("party") is not None:
        if etype != EventType.CONSULTATION_SENT:
            raise DomainError(f"{where}.party：只有 consultation_sent 事件可以填写。", field=f"{where}.party")
        try:
            kwargs["party"] = Party(data["party"])
        except ValueError:
            allowed = "、".join(p.value for p in Party)
            raise DomainError(f"{where}.party：未知的征求对象 {data['party']!r}（可用：{allowed}）。",
                              field=f"{where}.party") from None
    if data.get("ref") is not None:
        kwargs["ref"] = str(data["ref"])
    return Event(**kwargs)


@dataclass(frozen=True)
class CaseInput:
    """One document of the ``gongkai clock`` JSON contract, parsed."""

    received: date
    region: str = "CN"
    events: tuple[Event, ...] = ()
    today: date | None = None
    extra_rest: frozenset[date] = frozenset()
    extra_work: frozenset[date] = frozenset()
    pause_reading: PauseReading | None = None


CASE_FIELDS = {"received", "region", "events", "today", "calendar", "pause_reading"}


def case_from_dict(doc: Any) -> CaseInput:
    """Parse ``{"received": …, "region": …, "events": [...], "today": …, "calendar": {...}}``."""
    from .regions import REGIONS

    if not isinstance(doc, Mapping):
        raise DomainError("输入应为 JSON 对象（或对象的列表）。")
    unknown = set(doc) - CASE_FIELDS
    if unknown:
        raise DomainError(f"未知的字段 {', '.join(sorted(unknown))}（可用：{', '.join(sorted(CASE_FIELDS))}）。")
    if "received" not in doc:
        raise DomainError("received：缺少收到申请的日期。", field="received")
    received = _parse_date(doc["received"], "received")
    region = doc.get("region", "CN")
    if region not in REGIONS:
        raise DomainError(f"region：未知的地区代码 {region!r}（如 CN、CN-GX）。", field="region")
    raw_events = doc.get("events", [])
    if not isinstance(raw_events, list):
        raise DomainError("events：应为事件列表。", field="events")
    events = tuple(event_from_dict(e, f"events[{i}]") for i, e in enumerate(raw_events))
    today = _parse_date(doc["today"], "today") if doc.get("today") is not None else None
    extra = doc.get("calendar") or {}
    if not isinstance(extra, Mapping) or set(extra) - {"holidays", "workdays"}:
        raise DomainError("calendar：应为 {\"holidays\": [...], \"workdays\": [...]}。", field="calendar")
    rest, work = set(), set()
    for key, target in (("holidays", rest), ("workdays", work)):
        values = extra.get(key, [])
        if not isinstance(values, list):
            raise DomainError(f"calendar.{key}：应为日期列表。", field=f"calendar.{key}")
        for j, v in enumerate(values):
            target.add(_parse_date(v, f"calendar.{key}[{j}]"))
    both = rest & work
    if both:
        raise DomainError(f"calendar：{min(both).isoformat()} 不能同时是休息日和上班日。", field="calendar")
    reading = None
    if doc.get("pause_reading") is not None:
        try:
            reading = PauseReading(doc["pause_reading"])
        except ValueError:
            raise DomainError("pause_reading：应为 inclusive 或 exclusive。", field="pause_reading") from None
    return CaseInput(received, region, events, today, frozenset(rest), frozenset(work), reading)
