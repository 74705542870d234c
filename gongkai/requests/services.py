"""Disclosure requests: the one way to change them.

Staff console, public portal, CLI and demo all go through these functions:

- ``register(...)`` — a new request (portal submission or a clerk registering a letter,
  a visit, a fax or an e-mail): validated, numbered, first event, 受理回执, projection;
- ``perform(case, action, actor, ...)`` — every later step: it asks the workflow whether
  this actor may do this now (``workflow.check``), runs the clock on the would-be event
  list (which refuses impossible dates), appends the event, makes the notices, updates
  the projection and writes the audit trail, all in one transaction;
- ``tick(...)`` — the periodic job: refreshes open cases' projections and ends the cases
  the clock says the applicant abandoned (逾期不补正 / 逾期未缴费); safe to repeat;
- the public portal's functions at the end (``find_by_tracking``, ``applicant_view``,
  ``applicant_correct``, ``applicant_withdraw``).

Every user-fixable problem raises ``DomainError`` (Chinese message, ``field``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterable, Sequence

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from gongkai.calendars.services import calendar_for, clock_options_for
from gongkai.i18n import zh
from gongkai.law.calendar import today_in_china
from gongkai.law.clock import Party, receipt_date
from gongkai.law.errors import DomainError
from gongkai.law.fees import quote_per_item, quote_per_volume
from gongkai.law.outcomes import BY_KEY, REMEDY_ORDINARY, remedy_statement
from gongkai.orgs.access import roles_in
from gongkai.orgs.models import Membership, Role

from . import audit, duplicates, notices, numbering, uploads, workflow
from .models import (
    Assignment, Attachment, AttachmentKind, Case, CaseClock, CaseEvent, Channel, DeliveryMethod, Fee, FeeMethod,
    Notice, NoticeTemplate, Remedy, RemedyKind, RemedyResult,
)
from .projection import CLOCK_TYPES, Projection, apply, environment, facts as derive_facts, project, replay
from .validation import applicant_key, clean_request
from .workflow import APPLICANT, SYSTEM, Status


def today() -> date:
    """Today in Asia/Shanghai (tests replace this)."""
    return today_in_china()


# -- who is acting -------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    user: Any  # a User, or None for the applicant without an account and for the system
    roles: frozenset[str]
    name: str

    @classmethod
    def staff(cls, user, org) -> "Actor":
        """A staff member acting for ``org``: their roles there (none if they have no working role)."""
        return cls(user, frozenset(roles_in(user, org) & workflow.STAFF), user.get_full_name())

    def role_for(self, action: workflow.Action) -> str:
        order = list(workflow.ROLE_LABELS)
        usable = sorted(self.roles & action.roles, key=order.index)
        return usable[0] if usable else next(iter(self.roles), "")


APPLICANT_ACTOR = Actor(None, frozenset({APPLICANT}), "申请人")
SYSTEM_ACTOR = Actor(None, frozenset({SYSTEM}), "系统")


def applicant_actor(case: Case) -> Actor:
    return Actor(case.user, frozenset({APPLICANT}), f"申请人（{case.applicant_name}）")


# -- tracking codes ------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_code() -> str:
    """12 random characters (60 bits), shown as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normalize_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", code or "")).upper()


def hash_tracking_code(code: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((salt + _normalize_code(code)).encode()).hexdigest()
    return f"sha256${salt}${digest}"


def check_tracking_code(stored: str, code: str) -> bool:
    try:
        algo, salt, digest = stored.split("$")
    except ValueError:
        return False
    if algo != "sha256":
        return False
    candidate = hashlib.sha256((salt + _normalize_code(code)).encode()).hexdigest()
    return hmac.compare_digest(candidate, digest)


def normalize_number(number: str) -> str:
    """柳公信(2024)7号, 柳公信［2024］0007号 … → 柳公信〔2024〕0007号."""
    s = unicodedata.normalize("NFKC", number or "").strip().replace(" ", "")
    s = re.sub(r"[\[［(（【]", "〔", s)
    s = re.sub(r"[\]］)）】]", "〕", s)
    m = re.match(r"^(.*〔\d{4}〕)(\d+)号?$", s)
    if m:
        return f"{m.group(1)}{int(m.group(2)):04d}号"
    return s


# -- registration ----------------------------------------------------------------------


@dataclass
class Registered:
    case: Case
    tracking_code: str | None  # None when this was a repeated submission (double click): the code was shown before
    repeated: bool = False


class _RepeatedSubmission(Exception):
    pass


def _check_date(value: date | None, name: str, *, not_before: date | None = None, today_: date | None = None,
                label: str = "日期") -> date:
    today_ = today_ or today()
    if value is None:
        raise DomainError(f"请填写{label}。", field=name)
    if value > today_:
        raise DomainError(f"{label}（{value.isoformat()}）不能晚于今天（{today_.isoformat()}）。", field=name)
    if not_before is not None and value < not_before:
        raise DomainError(f"{label}（{value.isoformat()}）不能早于 {not_before.isoformat()}。", field=name)
    return value


def register(org, data: dict, *, channel: str, actor: Actor, evidence_date: date | None = None,
             evidence_note: str = "", attachments: Iterable = (), submission_key: str = "", user=None,
             registered_on: date | None = None, tracking_code: str | None = None) -> Registered:
    """Register a new request of ``org``; returns the case and its tracking code (shown once).

    ``data``: the applicant and request fields (``validation.FIELDS``), checked by
    ``validation.clean_request`` (``InvalidRequest`` lists every problem).  ``channel``:
    a ``Channel``; the applicant (portal) may only use ``online``.  ``evidence_date``:
    the date the clerk records for the channel (条例第三十一条: handed in, signed for,
    confirmed); for online submissions it is today (the platform's automatic
    confirmation).  ``attachments``: uploaded files or ``(name, bytes)`` pairs, each
    ``(kind, file)`` or a bare file (kind: ID copy).  ``submission_key``: a random token
    of the form; the same key twice (double click) returns the first case with
    ``repeated=True`` and no new number.  ``registered_on``: the day the clerk registered it
    and issued the 受理回执 (default today; between receipt and today).  ``tracking_code``:
    the code to give the case (the portal derives it from its form token so that a repeated
    submission can show it again); default a new random one.
    """
    workflow_action = workflow.ACTIONS["register"]
    if not actor.roles & workflow_action.roles:
        raise workflow.TransitionRefused("只有经办人或机构管理员可以登记申请。", action="register")
    if channel not in Channel.values:
        raise DomainError(gettext("请选择申请渠道。"), field="channel")
    if APPLICANT in actor.roles and channel != Channel.ONLINE:
        raise DomainError(gettext("网上提交的申请，渠道为网上申请平台。"), field="channel")
    if APPLICANT not in actor.roles and channel == Channel.ONLINE:
        raise DomainError(gettext("网上申请平台的申请由申请人自行提交；工作人员代为登记的，请选择实际收到的渠道。"), field="channel")
    today_ = today()
    if channel == Channel.ONLINE:
        evidence_date = today_
    _check_date(evidence_date, "evidence_date", label="凭证日期", not_before=date(today_.year - 2, 1, 1))
    received = receipt_date(
        {"email": "online"}.get(channel, channel), submitted=evidence_date, signed=evidence_date, confirmed=evidence_date
    )
    clean = clean_request(data)
    files = []
    for item in attachments or ():
        if isinstance(item, tuple) and len(item) == 2 and item[0] in AttachmentKind.values:
            files.append(item)  # (kind, file)
        else:
            files.append((AttachmentKind.ID_COPY, item))
    checked = list(zip((k for k, _ in files), uploads.check_all([f for _, f in files])))
    key = (submission_key or "")[:64]
    registered_on = registered_on or today_
    _check_date(registered_on, "registered_on", not_before=received, today_=today_, label="登记日期")
    try:
        return _register(org, clean, channel, actor, evidence_date, evidence_note[:200], received, checked, key, user,
                         registered_on, tracking_code)
    except _RepeatedSubmission:
        return Registered(Case.objects.get(organization=org, submission_key=key), None, True)
    except IntegrityError:
        if key and Case.objects.filter(organization=org, submission_key=key).exists():
            return Registered(Case.objects.get(organization=org, submission_key=key), None, True)
        raise


@transaction.atomic
def _register(org, clean, channel, actor, evidence_date, evidence_note, received, checked, key, user,
              registered_on, tracking_code=None) -> Registered:
    year = received.year
    sequence = numbering.next_sequence(org, year)  # holds the counter lock until commit
    if key and Case.objects.filter(organization=org, submission_key=key).exists():
        raise _RepeatedSubmission  # rolls the counter back
    akey = applicant_key(clean["id_type"], clean["id_number"])
    month_start = received.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    # 按件: the n-th request of this applicant in the calendar month of receipt, fixed when registered (fees.md §2)
    ordinal = Case.objects.filter(organization=org, applicant_key=akey, received__gte=month_start,
                                  received__lt=next_month).count() + 1
    code = tracking_code or new_tracking_code()
    case = Case(
        organization=org, number=numbering.format_request_number(org.number_prefix, year, sequence), year=year,
        sequence=sequence, tracking_hash=hash_tracking_code(code), submission_key=key, user=user,
        channel=channel, evidence_date=evidence_date, evidence_note=evidence_note, received=received,
        applicant_key=akey, month_ordinal=ordinal,
        tokens=duplicates.serialize(duplicates.tokens(clean["description"], clean["document_number"],
                                                      clean["document_title"])),
        **clean,
    )
    case.save()
    action = workflow.ACTIONS["register"]
    event = CaseEvent(
        case=case, seq=1, kind="register", legal_date=received, actor=_user(actor), actor_role=actor.role_for(action),
        actor_name=actor.name[:100], status_after=Status.REGISTERED,
        data={"channel": channel, "evidence_date": evidence_date.isoformat(), "evidence_note": evidence_note},
    )
    event.save()
    for kind, f in checked:
        _store_attachment(case, f, kind, actor, event)
    projection, clock, _ = project(case, [event], today())
    apply(case, projection)
    case.save()
    CaseClock.objects.create(case=case, data=clock.to_dict())
    notices.issue(case, "P1", issued_on=registered_on, event=event, actor=actor, clock=clock,
                  extra={"tracking_hint": "您可以凭申请编号和查询码在政府信息公开申请平台查询办理进度、下载文书。"})
    audit.record(actor, "register", case=case, after=audit.snapshot(case), summary=f"登记申请 {case.number}")
    return Registered(case, code)


def _user(actor: Actor):
    user = actor.user
    return user if getattr(user, "pk", None) else None


def _store_attachment(case, f: uploads.CheckedFile, kind: str, actor: Actor, event=None, description="") -> Attachment:
    att = Attachment(
        case=case, kind=kind, original_name=f.name, content_type=f.content_type, size=f.size, sha256=f.sha256,
        description=description[:200], uploaded_by=_user(actor), by_applicant=APPLICANT in actor.roles,
    )
    att.file.save(f"upload{f.extension}", ContentFile(f.content), save=False)
    att.save()
    return att


# -- the state of a case ------------------------------------------------------------------


@dataclass
class CaseState:
    """Everything a screen needs to know about a case now: events, clock, workflow facts."""

    case: Case
    events: list[CaseEvent]
    clock: Any  # ClockResult
    facts: workflow.Facts
    replay: Any

    def allowed(self, roles: Iterable[str]) -> list[workflow.Action]:
        return workflow.allowed_actions(self.facts, roles)

    @property
    def last_draft(self) -> CaseEvent | None:
        return next((e for e in reversed(self.events) if e.kind == "draft_reply"), None)


def state(case: Case, today_: date | None = None) -> CaseState:
    events = list(case.events.order_by("seq"))
    _, clock, r = project(case, events, today_ or today())
    options = clock_options_for(case.organization)
    return CaseState(case, events, clock, derive_facts(r, clock, options.max_extension_days), r)


# -- performing an action -------------------------------------------------------------------


@dataclass
class Step:
    """What an action's handler prepared: the event data and what to do after the event is saved."""

    data: dict = field(default_factory=dict)
    after: list = field(default_factory=list)  # callables (event, clock) -> None
    files: list = field(default_factory=list)  # (kind, CheckedFile)
    summary: str = ""


HANDLERS: dict[str, Any] = {}


def handler(key):
    def wrap(fn):
        HANDLERS[key] = fn
        return fn
    return wrap


def perform(case: Case | int, action_key: str, actor: Actor, *, legal_date: date | None = None, note: str = "",
            files: Iterable = (), **params) -> CaseEvent:
    """Do ``action_key`` on ``case`` as ``actor``; the one way to change a case after registration.

    ``legal_date``: the date the step legally happened (default today; never in the future,
    never before receipt).  ``params``: the action's own fields (see the handlers below and
    ``docs/requests.md``).  Returns the new event.
    """
    checked = uploads.check_all(files) if files else []
    given = case if isinstance(case, Case) else None
    with transaction.atomic():
        pk = case.pk if isinstance(case, Case) else case
        case = Case.objects.select_for_update().select_related("organization").get(pk=pk)
        today_ = today()
        st = state(case, today_)
        act = workflow.check(action_key, st.facts, actor.roles)
        when = legal_date or today_
        _check_date(when, "legal_date", not_before=case.received, today_=today_, label="办理日期")
        step = HANDLERS[action_key](case, st, actor, when, dict(params), checked)
        event = CaseEvent(
            case=case, seq=len(st.events) + 1, kind=action_key, legal_date=when, actor=_user(actor),
            actor_role=actor.role_for(act), actor_name=actor.name[:100], status_before=st.facts.status,
            status_after=workflow.next_status(action_key, st.facts.status), clock_type=CLOCK_TYPES.get(action_key, ""),
            data=step.data, note=note.strip()[:2000],
        )
        projection, clock, _ = project(case, [*st.events, event], today_)  # the clock refuses impossible dates
        event.save()
        for kind, f in step.files:
            _store_attachment(case, f, kind, actor, event, params.get("attachment_description", ""))
        before = audit.snapshot(case)
        apply(case, projection)
        case.save()
        CaseClock.objects.update_or_create(case=case, defaults={"data": clock.to_dict()})
        for after in step.after:
            after(event, clock)
        audit.record(actor, action_key, case=case, before=before, after=audit.snapshot(case),
                     summary=step.summary or f"{zh(act.label)}（{case.number}）")
    if given is not None:
        given.refresh_from_db()  # the caller's instance shows the new state
    return event


def _text(params: dict, name: str, label: str, required: bool = True, limit: int = 2000) -> str:
    value = str(params.get(name) or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=name)
    if len(value) > limit:
        raise DomainError(f"{label}不能超过{limit}个字。", field=name)
    return value


def _int(params: dict, name: str, label: str, low: int, high: int, default: int | None = None) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"{label}应为整数。", field=name) from None
    if not low <= n <= high:
        raise DomainError(f"{label}应在{low}–{high}之间。", field=name)
    return n


def _date_param(params: dict, name: str) -> date | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(gettext("日期格式应为 YYYY-MM-DD。"), field=name) from None


def _issue(kind: str, actor: Actor, **kw):
    """An ``after`` callback issuing a notice of ``kind`` (extra context from ``kw`` or computed from the clock)."""

    def run(event, clock):
        extra = kw.pop("extra_from_clock")(clock) if "extra_from_clock" in kw else {}
        extra.update(kw.get("extra", {}))
        notices.issue(event.case, kind, issued_on=event.legal_date, event=event, actor=actor, clock=clock,
                      extra=extra, addressee=kw.get("addressee"))

    return run


@handler("request_correction")
def _request_correction(case, st, actor, when, p, files):
    items = [line.strip(" -•·\t") for line in _text(p, "items", "需要补正的事项").splitlines() if line.strip(" -•·\t")]
    deadline = _date_param(p, "deadline")
    days = _int(p, "working_days", "补正期限（工作日）", 1, 60)
    if deadline and days:
        raise DomainError(gettext("补正期限请二选一：填写截止日期或工作日数。"), field="deadline")
    if deadline and deadline <= when:
        raise DomainError(gettext("补正截止日期应晚于告知日期。"), field="deadline")
    data = {"items": items}
    if deadline:
        data["deadline"] = deadline.isoformat()
    elif days:
        data["working_days"] = days

    def deadline_text(clock):
        if deadline:
            return {"correction_deadline": notices.cn_date(deadline) + "前"}
        n = days or clock_options_for(case.organization).correction_period_days
        return {"correction_deadline": f"收到本告知书之日起{n}个工作日内（按本告知书当日送达计算，即{notices.cn_date(clock.correction_due)}前）"}

    return Step(data, [_issue("P2", actor, extra={"items": items}, extra_from_clock=deadline_text)],
                summary=f"告知补正（{len(items)}项）")


@handler("record_correction")
def _record_correction(case, st, actor, when, p, files):
    text = _text(p, "text", "补正内容", required=not files, limit=4000)
    return Step({"text": text}, files=[(AttachmentKind.CORRECTION, f) for f in files], summary="收到补正后的申请")


def _handlers_of(org) -> set[int]:
    return set(Membership.objects.filter(organization=org, role__in=[Role.HANDLER, Role.CLERK, Role.ADMIN])
               .values_list("user_id", flat=True))


@handler("assign")
def _assign(case, st, actor, when, p, files):
    department = _text(p, "department", "承办部门", limit=100)
    handler_id = p.get("handler_id") or p.get("handler")
    handler_id = getattr(handler_id, "pk", handler_id)
    if handler_id not in (None, ""):
        handler_id = int(handler_id)
        if handler_id not in _handlers_of(case.organization):
            raise DomainError(gettext("承办人须是本机关的工作人员。"), field="handler")
    else:
        handler_id = None
    due = _date_param(p, "due")
    if due is None:
        due = calendar_for(case.organization.region).add_workdays(when, 5)
    if due < when:
        raise DomainError(gettext("部门答复期限不能早于交办日期。"), field="due")
    instructions = _text(p, "instructions", "交办意见", required=False)
    assignment = Assignment.objects.create(case=case, department=department, handler_id=handler_id, assigned_on=when,
                                           due=due, instructions=instructions)
    return Step({"department": department, "handler_id": handler_id, "assignment_id": assignment.pk,
                 "due": due.isoformat(), "instructions": instructions}, summary=f"交{department}承办，{due}前答复")


@handler("department_reply")
def _department_reply(case, st, actor, when, p, files):
    open_ = list(case.assignments.filter(answered_on__isnull=True))
    wanted = p.get("assignment_id")
    if wanted not in (None, ""):
        open_ = [a for a in open_ if a.pk == int(wanted)]
    if len(open_) != 1:
        raise DomainError(gettext("请选择答复的是哪一个承办部门。"), field="assignment_id")
    a = open_[0]
    answer = _text(p, "answer", "部门答复意见", limit=4000)
    before = audit.snapshot(a)
    a.answered_on, a.answer = when, answer

    def save(event, clock):
        a.save()
        audit.record(actor, "department_reply", case=case, obj=a, before=before, after=audit.snapshot(a))

    return Step({"assignment_id": a.pk, "department": a.department, "answer": answer}, [save],
                [(AttachmentKind.DEPARTMENT_REPLY, f) for f in files], summary=f"{a.department}答复")


@handler("consult")
def _consult(case, st, actor, when, p, files):
    try:
        party = Party(p.get("party") or Party.THIRD_PARTY)
    except ValueError:
        raise DomainError(gettext("请选择征求意见的对象。"), field="party") from None
    addressee = _text(p, "addressee", "被征求意见方", limit=200)
    subject = _text(p, "subject", "涉及的信息", limit=500)
    ref = f"c{sum(1 for e in st.events if e.kind == 'consult') + 1}"
    kind = "P5" if party == Party.THIRD_PARTY else "P8"
    after = [_issue(kind, actor, addressee=addressee,
                    extra={"addressee": addressee, "subject": subject, "party": party.value, "text": p.get("text", "")})]
    if p.get("notify_applicant"):
        reason = {Party.THIRD_PARTY: "涉及第三方合法权益", Party.CO_PRODUCER: "由本机关与其他机关共同制作",
                  Party.AGENCY: "需要征求其他机关意见"}[party]
        after.append(_issue("P6", actor, extra={"consultation_reason": reason, "consulted_on": notices.cn_date(when)}))
    return Step({"party": party.value, "addressee": addressee, "subject": subject, "ref": ref}, after,
                [(AttachmentKind.CONSULTATION, f) for f in files], summary=f"征求{addressee}意见")


@handler("consultation_answer")
def _consultation_answer(case, st, actor, when, p, files):
    refs = list(st.facts.open_consultations)
    ref = p.get("ref") or (refs[0] if len(refs) == 1 else None)
    if ref not in refs:
        raise DomainError(gettext("请选择答复的是哪一项征求意见。"), field="ref")
    opinion = p.get("opinion") or "none"
    if opinion not in ("agree", "object", "none"):
        raise DomainError(gettext("请选择意见：同意公开、不同意公开或未表示意见。"), field="opinion")
    answer = _text(p, "answer", "答复内容", required=opinion != "none", limit=4000)
    return Step({"ref": ref, "opinion": opinion, "answer": answer}, files=[(AttachmentKind.CONSULTATION, f) for f in files],
                summary="收到征求意见答复")


@handler("request_extension")
def _request_extension(case, st, actor, when, p, files):
    left = st.facts.max_extension_days - st.facts.extension_days
    days = _int(p, "days", "延长的工作日数", 1, left, default=left)
    reason = _text(p, "reason", "延期理由", limit=500)
    return Step({"days": days, "reason": reason}, summary=f"申请延期{days}个工作日")


def _pending_extension(st) -> CaseEvent:
    return next(e for e in reversed(st.events) if e.kind == "request_extension")


@handler("approve_extension")
def _approve_extension(case, st, actor, when, p, files):
    asked = _pending_extension(st)
    days = _int(p, "days", "批准延长的工作日数", 1, asked.data["days"], default=asked.data["days"])
    reason = asked.data["reason"]
    return Step({"days": days, "reason": reason, "request_seq": asked.seq},
                [_issue("P4a", actor, extra={"extension_days": str(days), "extension_reason": reason})],
                summary=f"批准延期{days}个工作日")


@handler("reject_extension")
def _reject_extension(case, st, actor, when, p, files):
    asked = _pending_extension(st)
    return Step({"request_seq": asked.seq, "reason": _text(p, "reason", "不批准的理由", required=False)},
                summary="不批准延期")


def fee_quote(case: Case, method: str, *, pages: int | None = None, parts: int = 1):
    """The fee ``law.fees`` proposes for ``case`` (按件 by the applicant's ordinal this month; 按量 by pages)."""
    if method == FeeMethod.PER_ITEM:
        return quote_per_item(case.month_ordinal - 1, parts)
    if method == FeeMethod.PER_VOLUME:
        if pages is None:
            raise DomainError(gettext("按量计收须填写页数。"), field="pages")
        return quote_per_volume(pages)
    raise DomainError(gettext("请选择计收方式：按件或按量。"), field="method")


@handler("fee_notice")
def _fee_notice(case, st, actor, when, p, files):
    method = p.get("method") or ""
    pages = _int(p, "pages", "页数", 0, 1_000_000)
    parts = _int(p, "parts", "拆分后的件数", 1, 100, default=1)
    quote = fee_quote(case, method, pages=pages, parts=parts)
    try:
        amount = Decimal(str(p.get("amount") if p.get("amount") not in (None, "") else quote.amount))
    except ArithmeticError:
        raise DomainError(gettext("收费金额应为数字。"), field="amount") from None
    if amount <= 0:
        raise DomainError(f"按所选方式计算不收费（{quote.explanation}），无需发出收费通知。", field="amount")
    if amount > quote.amount or amount != amount.quantize(Decimal(1)):
        raise DomainError(f"收费金额应为不超过系统计算金额{quote.amount}元的整数（国办函〔2020〕109号）。", field="amount")
    payment = _text(p, "payment_method", "缴纳方式", required=False, limit=300) or "非税收入缴款（缴款码随本通知送达）"
    lines = [f"{line.description}：{line.quantity}×{line.rate}元＝{line.amount}元" for line in quote.lines if line.amount]
    fee = Fee(case=case, method=method, month_ordinal=case.month_ordinal if method == FeeMethod.PER_ITEM else None,
              parts=parts, pages=pages, proposed_amount=Decimal(quote.amount), amount=amount,
              breakdown={"lines": lines, "explanation": quote.explanation, "standard": quote.standard,
                         "basis": quote.basis}, issued_on=when)

    def issue(event, clock):
        fee.save()
        notice = notices.issue(case, "P9", issued_on=when, event=event, actor=actor, clock=clock, extra={
            "fee_method": FeeMethod(method).label, "fee_standard": quote.standard, "fee_lines": lines,
            "fee_amount": f"{amount:.0f}", "fee_payment_due": notices.cn_date(clock.fee_payment_due),
            "payment_method": payment,
        })
        fee.notice = notice
        fee.save(update_fields=["notice"])
        audit.record(actor, "fee_notice", case=case, obj=fee, after=audit.snapshot(fee))

    return Step({"method": method, "amount": str(amount), "proposed": quote.amount, "pages": pages, "parts": parts},
                [issue], summary=f"收费通知 {amount:.0f}元（系统计算 {quote.amount}元）")


@handler("fee_paid")
def _fee_paid(case, st, actor, when, p, files):
    fee = case.fee
    before = audit.snapshot(fee)
    fee.paid_on = when
    fee.receipt_number = _text(p, "receipt_number", "票据号码", required=False, limit=60)

    def save(event, clock):
        fee.save()
        audit.record(actor, "fee_paid", case=case, obj=fee, before=before, after=audit.snapshot(fee))

    return Step({"receipt_number": fee.receipt_number}, [save], summary=f"缴费 {fee.amount:.0f}元")


#: Outcomes a reply may be drafted with (the others are recorded by withdrawal and by the clock).
DRAFT_OUTCOMES = tuple(o for o in BY_KEY.values() if o.key not in ("other_withdrawn", "other_no_correction",
                                                                    "other_fee_unpaid"))
#: Placeholders of the standard texts that must be filled for a lawful letter (条例第三十六条、第三十七条).
REQUIRED_PLACEHOLDERS = {
    "granted": ("how",), "granted_already_public": ("how",), "partially_granted": ("how",),
    "unavailable_not_held": ("reasons",), "unavailable_not_this_agency": ("responsible_agency",),
    "not_processed_publication": ("how",), "not_processed_repeat": ("reasons",),
}
PLACEHOLDER_LABELS = {"reasons": "理由", "how": "获取方式（提供方式、地点和时间）", "responsible_agency": "负责公开的机关及联系方式",
                      "basis": "法律依据"}


def draft_text(case: Case, outcome_key: str, reasons="", how="", responsible_agency="") -> str:
    """The standard notice text of ``outcome_key`` filled for ``case`` (what the reviewer reads)."""
    o = BY_KEY[outcome_key]
    return o.notice_text(applicant=case.applicant_name, received=notices.cn_date(case.received),
                         request=notices._flat(case.description)[:500], reasons=reasons or "【理由】",
                         how=how or "【获取方式】", agency=responsible_agency or "【负责公开的机关】")


@handler("draft_reply")
def _draft_reply(case, st, actor, when, p, files):
    key = p.get("outcome") or ""
    if key not in {o.key for o in DRAFT_OUTCOMES}:
        raise DomainError(gettext("请选择办理结果。"), field="outcome")
    o = BY_KEY[key]
    values = {name: _text(p, name, PLACEHOLDER_LABELS[name], required=False, limit=2000)
              for name in ("reasons", "how", "responsible_agency", "basis")}
    required = set(REQUIRED_PLACEHOLDERS.get(key, ()))
    if o.reasons_required:
        required.add("reasons")
    if o.basis == "—" and key != "other_withdrawn":
        required.add("basis")
    for name in sorted(required):
        if not values[name]:
            raise DomainError(f"“{o.label}”须写明{PLACEHOLDER_LABELS[name]}。", field=name)
    if files and key not in ("granted", "partially_granted", "granted_already_public"):
        raise DomainError(gettext("只有予以公开、部分公开的答复才附公开的信息。"), field="files")
    text = draft_text(case, key, values["reasons"], values["how"], values["responsible_agency"])
    return Step({"outcome": key, **values, "text": text}, files=[(AttachmentKind.RELEASED, f) for f in files],
                summary=f"拟答复：{o.label}")


@handler("review_pass")
def _review_pass(case, st, actor, when, p, files):
    return Step({"comment": _text(p, "comment", "审核意见", required=False)}, summary="审核通过")


@handler("review_return")
def _review_return(case, st, actor, when, p, files):
    return Step({"comment": _text(p, "comment", "退回理由")}, summary="审核退回")


@handler("approval_return")
def _approval_return(case, st, actor, when, p, files):
    return Step({"comment": _text(p, "comment", "退回理由")}, summary="审签退回")


@handler("approve")
def _approve(case, st, actor, when, p, files):
    draft = st.last_draft
    d = draft.data
    o = BY_KEY[d["outcome"]]
    body = case.organization.default_reconsideration_body()

    def issue(event, clock):
        notices.issue(case, o.notice, issued_on=when, event=event, actor=actor, clock=clock,
                      extra=notices.decision_context(o.key, when, body, reasons=d.get("reasons", ""), how=d.get("how", ""),
                                                     responsible_agency=d.get("responsible_agency", ""),
                                                     basis=d.get("basis", "")))

    return Step({"outcome": o.key, "draft_seq": draft.seq, "comment": _text(p, "comment", "审签意见", required=False)},
                [issue], summary=f"审签：{o.label}")


def _decision_notice(case) -> Notice | None:
    return case.notices.filter(kind__startswith="D").order_by("-issued_on", "-id").first()


@handler("deliver")
def _deliver(case, st, actor, when, p, files):
    method = p.get("method") or ""
    if method not in DeliveryMethod.values:
        raise DomainError(gettext("请选择送达方式。"), field="method")
    notice = _decision_notice(case)
    if notice.issued_on > when:
        raise DomainError(f"送达日期不能早于答复出具日期 {notice.issued_on.isoformat()}。", field="legal_date")
    before = audit.snapshot(notice, ["delivered_on", "delivery_method"])

    def save(event, clock):
        notice.delivered_on, notice.delivery_method = when, method
        notice.save(update_fields=["delivered_on", "delivery_method"])
        audit.record(actor, "deliver", case=case, obj=notice, before=before,
                     after=audit.snapshot(notice, ["delivered_on", "delivery_method"]))

    return Step({"method": method, "notice_id": notice.pk, "proof": _text(p, "proof", "送达凭证", required=False, limit=200)},
                [save], [(AttachmentKind.DELIVERY_PROOF, f) for f in files],
                summary=f"送达 {notice.title}（{zh(DeliveryMethod(method).label)}）")


@handler("issue_termination")
def _issue_termination(case, st, actor, when, p, files):
    key = {"correction_missed": "other_no_correction", "fee_unpaid": "other_fee_unpaid"}[st.facts.ended_by]
    o = BY_KEY[key]
    body = case.organization.default_reconsideration_body()
    return Step({"outcome": key}, [_issue(o.notice, actor, extra=notices.decision_context(key, when, body))],
                summary=o.notice_title)


@handler("archive")
def _archive(case, st, actor, when, p, files):
    return Step({}, summary="归档")


@handler("withdraw")
def _withdraw(case, st, actor, when, p, files):
    reason = _text(p, "reason", "撤回说明", required=False, limit=500)
    body = case.organization.default_reconsideration_body()
    extra = notices.decision_context("other_withdrawn", when, body, reasons=reason)
    return Step({"reason": reason, "by": "applicant" if APPLICANT in actor.roles else "staff"},
                [_issue("D7.3", actor, extra=extra)], summary="申请人撤回申请")


@handler("end")
def _end(case, st, actor, when, p, files):
    return Step({"reason": st.clock.ended_by, "outcome": st.clock.outcome_hint}, summary=st.clock.explanations["state"])


OTHER_NOTICE_KINDS = {"P3": "说明理由告知书", "P4b": "延迟答复告知书", "P6": "征求意见告知书（给申请人）",
                      "P7": "依申请公开告知书（给第三方）"}


@handler("issue_notice")
def _issue_notice(case, st, actor, when, p, files):
    kind = p.get("kind") or ""
    if kind not in OTHER_NOTICE_KINDS:
        raise DomainError(gettext("请选择文书种类。"), field="kind")
    extra = {"text": _text(p, "text", "补充说明", required=False, limit=2000)}
    addressee = None
    if kind in ("P3", "P4b"):
        extra["deadline_text"] = _text(p, "deadline_text", "期限（如 2026年4月30日前）", limit=100)
    if kind == "P6":
        extra["consultation_reason"] = _text(p, "consultation_reason", "征求意见的原因", limit=200)
        extra["consulted_on"] = notices.cn_date(when)
    if kind == "P7":
        addressee = _text(p, "addressee", "第三方", limit=200)
        extra.update(addressee=addressee, subject=_text(p, "subject", "决定公开的内容", limit=500),
                     reasons=_text(p, "reasons", "决定公开的理由", limit=1000),
                     remedy=remedy_statement(REMEDY_ORDINARY, case.organization.default_reconsideration_body()))
    return Step({"kind": kind, **extra}, [_issue(kind, actor, extra=extra, addressee=addressee)],
                summary=f"制作{OTHER_NOTICE_KINDS[kind]}")


@handler("notice_delivered")
def _notice_delivered(case, st, actor, when, p, files):
    try:
        notice = case.notices.get(pk=int(p.get("notice_id")))
    except (TypeError, ValueError, Notice.DoesNotExist):
        raise DomainError(gettext("请选择送达的文书。"), field="notice_id") from None
    if notice.delivered_on:
        raise DomainError(f"该文书已于 {notice.delivered_on.isoformat()} 登记送达。", field="notice_id")
    if when < notice.issued_on:
        raise DomainError(f"送达日期不能早于文书日期 {notice.issued_on.isoformat()}。", field="legal_date")
    if notice.is_decision:
        raise DomainError(gettext("答复文书的送达请用“登记送达”。"), field="notice_id")
    method = p.get("method") or ""
    if method not in DeliveryMethod.values:
        raise DomainError(gettext("请选择送达方式。"), field="method")
    before = audit.snapshot(notice, ["delivered_on", "delivery_method"])
    event_seq = notice.event.seq if notice.event and notice.event.clock_type else None

    def save(event, clock):
        notice.delivered_on, notice.delivery_method = when, method
        notice.save(update_fields=["delivered_on", "delivery_method"])
        audit.record(actor, "notice_delivered", case=case, obj=notice, before=before,
                     after=audit.snapshot(notice, ["delivered_on", "delivery_method"]))

    return Step({"notice_id": notice.pk, "event_seq": event_seq, "method": method}, [save],
                [(AttachmentKind.DELIVERY_PROOF, f) for f in files], summary=f"{notice.title}送达")


@handler("attach")
def _attach(case, st, actor, when, p, files):
    if not files:
        raise DomainError(gettext("请选择要上传的文件。"), field="files")
    kind = p.get("attachment_kind") or ""
    if kind not in AttachmentKind.values:
        raise DomainError(gettext("请选择材料类别。"), field="attachment_kind")
    return Step({"files": [f.name for f in files], "kind": kind}, files=[(kind, f) for f in files],
                summary=f"上传{len(files)}个文件")


@handler("note")
def _note(case, st, actor, when, p, files):
    return Step({"text": _text(p, "text", "备注", limit=2000)}, summary="备注")


@handler("remedy")
def _remedy(case, st, actor, when, p, files):
    kind = p.get("kind") or ""
    if kind not in RemedyKind.values:
        raise DomainError(gettext("请选择类别：行政复议、直接起诉或复议后起诉。"), field="kind")
    result = p.get("result") or RemedyResult.PENDING
    if result not in RemedyResult.values:
        raise DomainError(gettext("请选择结果。"), field="result")
    decided = _date_param(p, "decided_on")
    filed = _date_param(p, "filed_on") or when
    if filed < case.received:
        raise DomainError(gettext("申请/起诉日期不能早于收到申请之日。"), field="filed_on")
    if result != RemedyResult.PENDING and decided is None:
        raise DomainError(gettext("已审结的请填写决定或裁判日期。"), field="decided_on")
    if decided is not None and decided < filed:
        raise DomainError(gettext("决定/裁判日期不能早于申请/起诉日期。"), field="decided_on")
    if decided is not None and decided > today():
        raise DomainError(gettext("决定/裁判日期不能晚于今天。"), field="decided_on")
    if result == RemedyResult.PENDING and decided is not None:
        raise DomainError(gettext("尚未审结的不填写决定或裁判日期。"), field="decided_on")
    values = {
        "kind": kind, "body": _text(p, "body", "复议机关或人民法院", limit=200) if kind != RemedyKind.REVIEW
        else (_text(p, "body", "复议机关", required=False, limit=200) or case.organization.default_reconsideration_body()),
        "reference": _text(p, "reference", "案号", required=False, limit=100), "filed_on": filed,
        "decided_on": decided, "result": result, "note": _text(p, "note", "说明", required=False, limit=2000),
    }
    remedy_id = p.get("remedy_id")
    remedy = case.remedies.get(pk=int(remedy_id)) if remedy_id else Remedy(case=case, created_by=_user(actor))
    before = audit.snapshot(remedy) if remedy.pk else None
    for k, v in values.items():
        setattr(remedy, k, v)

    def save(event, clock):
        remedy.save()
        audit.record(actor, "remedy", case=case, obj=remedy, before=before, after=audit.snapshot(remedy))

    label = f"{zh(RemedyKind(kind).label)}：{zh(RemedyResult(result).label)}"
    return Step({"remedy_id": remedy.pk, **{k: audit._json(v) for k, v in values.items()}}, [save],
                summary=("更新" if remedy.pk else "登记") + label)


# -- the periodic job -----------------------------------------------------------------------


@dataclass
class TickResult:
    checked: int = 0
    updated: int = 0
    ended: list[str] = field(default_factory=list)


REFRESH_FIELDS = [name for name in Projection.names()]
BATCH = 1000


def refresh_open(queryset=None, *, end_lapsed: bool = False) -> TickResult:
    """Recompute the projection of open cases (all, or ``queryset``); optionally end lapsed ones.

    Runs in batches; each batch in one transaction.  Safe to run repeatedly: a case whose
    projection did not change is not written, and a case is ended only once.
    """
    today_ = today()
    qs = (queryset if queryset is not None else Case.objects.all()).filter(is_open=True).select_related("organization")
    result = TickResult()
    last_pk = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        events: dict[int, list] = {}
        for ev in CaseEvent.objects.filter(case_id__in=[c.pk for c in batch]).order_by("case_id", "seq"):
            events.setdefault(ev.case_id, []).append(ev)
        changed, clocks, to_end = [], [], []
        envs: dict[int, tuple] = {}
        for case in batch:
            result.checked += 1
            env = envs.get(case.organization_id) or envs.setdefault(case.organization_id, environment(case.organization))
            projection, clock, r = project(case, events.get(case.pk, []), today_, env)
            if end_lapsed and clock.ended_by in ("correction_missed", "fee_unpaid") and r.status != Status.ENDED:
                to_end.append(case)
                continue
            if apply(case, projection):
                changed.append(case)
                clocks.append(CaseClock(case=case, data=clock.to_dict()))
        with transaction.atomic():
            if changed:
                Case.objects.bulk_update(changed, REFRESH_FIELDS)
                CaseClock.objects.bulk_update(clocks, ["data"])
                result.updated += len(changed)
        for case in to_end:
            ev = perform_end(case)
            if ev is not None:
                result.ended.append(case.number)
    return result


def perform_end(case: Case) -> CaseEvent | None:
    """End a case the applicant abandoned (legal date: the day after the missed deadline)."""
    st = state(case)
    if not st.facts.lapsed or workflow.refusal("end", st.facts, {SYSTEM}):
        return None
    return perform(case, "end", SYSTEM_ACTOR, legal_date=st.clock.ended_on)


def tick(org=None) -> TickResult:
    """`gongkai requests tick`: refresh every open case and apply the clock's endings (safe to repeat)."""
    qs = Case.objects.all() if org is None else Case.objects.filter(organization=org)
    return refresh_open(qs, end_lapsed=True)


# -- notice templates -------------------------------------------------------------------------


@transaction.atomic
def save_template(org, kind: str, name: str, data: bytes, actor: Actor) -> NoticeTemplate:
    """Check and activate an agency's own Word template for ``kind`` (the previous one is kept, inactive)."""
    notices.validate_template(kind, data)
    previous = list(NoticeTemplate.objects.filter(organization=org, kind=kind, active=True))
    for old in previous:
        old.active = False
        old.save(update_fields=["active"])
    tpl = NoticeTemplate(organization=org, kind=kind, original_name=(name or f"{kind}.docx")[:200],
                         uploaded_by=_user(actor))
    tpl.file.save(f"{kind}.docx", ContentFile(data), save=False)
    tpl.save()
    audit.record(actor, "template_upload", organization=org, obj=tpl, after=audit.snapshot(tpl),
                 before={"active_template_ids": [t.pk for t in previous]},
                 summary=f"启用 {kind} 文书模板 {tpl.original_name}")
    return tpl


@transaction.atomic
def disable_template(tpl: NoticeTemplate, actor: Actor) -> None:
    before = audit.snapshot(tpl)
    tpl.active = False
    tpl.save(update_fields=["active"])
    audit.record(actor, "template_disable", organization=tpl.organization, obj=tpl, before=before,
                 after=audit.snapshot(tpl), summary=f"停用 {tpl.kind} 文书模板")


# -- attachments, remedies (helpers for views) ------------------------------------------------


def add_attachments(case: Case, actor: Actor, files, kind: str, description: str = "") -> CaseEvent:
    return perform(case, "attach", actor, files=files, attachment_kind=kind, attachment_description=description)


# -- for the public portal ---------------------------------------------------------------


def submit_online(org, data: dict, *, attachments: Iterable = (), submission_key: str = "", user=None,
                  tracking_code: str | None = None) -> Registered:
    """A request submitted on the portal (receipt date = today, the platform's automatic confirmation)."""
    return register(org, data, channel=Channel.ONLINE, actor=APPLICANT_ACTOR, attachments=attachments,
                    submission_key=submission_key, user=user, tracking_code=tracking_code)


def find_by_tracking(number: str, code: str) -> Case | None:
    """The case with this number whose tracking code matches, else None (no hint which part was wrong)."""
    case = Case.objects.select_related("organization").filter(number=normalize_number(number)).first()
    if case is None or not case.tracking_hash:
        hash_tracking_code(code)  # same work either way
        return None
    return case if check_tracking_code(case.tracking_hash, code) else None


def cases_of_user(user):
    """The requests an applicant account submitted (newest first)."""
    return Case.objects.filter(user=user).select_related("organization").order_by("-received", "-id")


@dataclass
class FeeView:
    amount: Decimal
    method: str
    payment_due: date | None
    paid_on: date | None
    notice: Notice | None

    @property
    def state(self) -> str:
        if self.paid_on:
            return f"已于{notices.cn_date(self.paid_on)}缴纳"
        if self.payment_due and self.payment_due < today():
            return "逾期未缴纳"
        return f"待缴纳（{notices.cn_date(self.payment_due)}前）" if self.payment_due else "待缴纳"


@dataclass
class ApplicantView:
    """What the applicant may see about their request (no internal notes, no staff names)."""

    case: Case
    status_text: str
    received: date
    due: date | None
    due_provisional: bool
    correction_due: date | None
    correction_items: list[str]
    can_correct: bool
    can_withdraw: bool
    notices: list[Notice]
    released: list[Attachment]
    fee: FeeView | None
    outcome_label: str
    concluded: date | None
    timeline: list[tuple[date, str]]


APPLICANT_TIMELINE = {
    "register": "申请已登记", "request_correction": "发出补正告知书", "record_correction": "收到补正后的申请",
    "consult": "征求意见（期间不计入答复期限）", "consultation_answer": "收到征求意见答复",
    "approve_extension": "延长答复期限", "fee_notice": "发出收费通知", "fee_paid": "已缴费",
    "approve": "答复已作出", "deliver": "答复已送达", "withdraw": "申请已撤回", "end": "终止处理",
    "issue_termination": "发出终止处理告知书", "archive": "已归档",
}


def applicant_view(case: Case) -> ApplicantView:
    st = state(case)
    clock = st.clock
    correction = next((e for e in reversed(st.events) if e.kind == "request_correction"), None)
    roles = {APPLICANT}
    status = Status(case.status)
    released_visible = status in (Status.DELIVERED, Status.ARCHIVED)
    fee = Fee.objects.filter(case=case).select_related("notice").first()
    return ApplicantView(
        case=case,
        status_text=workflow.APPLICANT_STATUS[status],
        received=case.received,
        due=case.due if case.is_open else None,
        due_provisional=case.provisional,
        correction_due=clock.correction_due if st.facts.awaiting_correction else None,
        correction_items=list(correction.data.get("items", [])) if correction and st.facts.awaiting_correction else [],
        can_correct=workflow.refusal("record_correction", st.facts, roles) is None and status == Status.CORRECTION,
        can_withdraw=workflow.refusal("withdraw", st.facts, roles) is None,
        notices=[n for n in case.notices.order_by("issued_on", "id") if n.to_applicant],
        released=list(case.attachments.filter(kind=AttachmentKind.RELEASED)) if released_visible else [],
        fee=FeeView(fee.amount, fee.get_method_display(), clock.fee_payment_due, fee.paid_on, fee.notice) if fee else None,
        outcome_label=BY_KEY[case.outcome].label if case.outcome and not case.is_open else "",
        concluded=case.concluded,
        timeline=[(e.legal_date, APPLICANT_TIMELINE[e.kind]) for e in st.events if e.kind in APPLICANT_TIMELINE],
    )


def applicant_correct(case: Case, text: str, attachments: Iterable = ()) -> CaseEvent:
    """The applicant answers the 补正告知 online (today is the day the corrected request is received)."""
    return perform(case, "record_correction", applicant_actor(case), text=text, files=attachments,
                   attachment_kind=AttachmentKind.CORRECTION)


def applicant_withdraw(case: Case, reason: str = "") -> CaseEvent:
    """The applicant withdraws the request (a 撤回确认 D7.3 is issued)."""
    return perform(case, "withdraw", applicant_actor(case), reason=reason)


def applicant_notice(case: Case, notice_id: int) -> Notice:
    """A notice the applicant may download (their own case, addressed to them); files rendered on demand."""
    notice = case.notices.filter(pk=notice_id).first()
    if notice is None or not notice.to_applicant:
        raise DomainError(gettext("没有找到该文书。"), field="notice")
    return notices.ensure_files(notice)


def applicant_attachment(case: Case, attachment_id: int) -> Attachment:
    """A released document (after the reply was delivered) or a file the applicant uploaded."""
    att = case.attachments.filter(pk=attachment_id).first()
    visible = att is not None and (att.by_applicant or (att.released and case.status in (Status.DELIVERED, Status.ARCHIVED)))
    if not visible:
        raise DomainError(gettext("没有找到该文件。"), field="attachment")
    return att


def check_consistency(cases: Sequence[Case] | None = None) -> list[str]:
    """Recompute projections from the events (as of each case's ``projected_on``); differences as text.

    ``cases``: a queryset or list (default: every case); read in batches, events fetched per batch.
    """
    problems = []
    qs = cases if cases is not None else Case.objects.select_related("organization", "clock").order_by("pk")
    items = list(qs) if not hasattr(qs, "iterator") else qs.iterator(chunk_size=BATCH)
    envs: dict[int, tuple] = {}
    batch: list[Case] = []

    def check(batch):
        events: dict[int, list] = {}
        for ev in CaseEvent.objects.filter(case_id__in=[c.pk for c in batch]).order_by("case_id", "seq"):
            events.setdefault(ev.case_id, []).append(ev)
        for case in batch:
            env = envs.get(case.organization_id) or envs.setdefault(case.organization_id, environment(case.organization))
            projection, clock, _ = project(case, events.get(case.pk, []), case.projected_on, env)
            stored = Projection.stored(case)
            for name in Projection.names():
                if getattr(stored, name) != getattr(projection, name):
                    problems.append(f"{case.number}: {name} 保存值 {getattr(stored, name)!r}，重算值 {getattr(projection, name)!r}")
            if case.clock.data != clock.to_dict():
                problems.append(f"{case.number}: 期限计算结果不一致")

    for case in items:
        batch.append(case)
        if len(batch) >= BATCH:
            check(batch)
            batch = []
    if batch:
        check(batch)
    return problems


_ = replay  # re-exported for callers that only need the workflow replay
