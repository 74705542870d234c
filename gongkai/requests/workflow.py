"""The workflow of a disclosure request as one state machine (条例第四十五条: 登记、审核、办理、答复、归档).

受理/登记 → 审查 → (补正) → 承办 → 审核 → 审签 → 答复 → 送达 → 归档, plus 撤回 and the
endings the clock decides (逾期不补正 / 逾期未缴费).  This module is the single answer to
"may this person do this now?": the console offers exactly ``allowed_actions(...)`` and
``services.perform`` refuses anything ``check(...)`` refuses, so the server enforces what
the screens show.

Pure Python (Django only to mark texts for translation): it works on ``Facts`` that the services derive from a case's
events and its clock.  Legal checks about *dates* (a second correction notice, an
extension beyond 20 working days, an answer without a question …) belong to the clock
(``gongkai.law.clock``), which the services run on the would-be event list before saving;
this module checks state and roles and the simple facts a screen needs to hide a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Callable, Iterable

from gongkai.law.errors import DomainError
from django.utils.translation import gettext as _, gettext_lazy

# -- states -----------------------------------------------------------------------


class Status(StrEnum):
    REGISTERED = "registered"  # 已登记（审查中）: received, registered, being examined
    CORRECTION = "correction"  # 待补正: waiting for the applicant's correction (条例第三十条)
    HANDLING = "handling"  # 承办中: assigned to a department / being handled
    REVIEW = "review"  # 待审核: the reply is drafted and awaits the reviewer
    APPROVAL = "approval"  # 待审签: reviewed, awaits the approver's signature
    APPROVED = "approved"  # 待送达: signed; the decision notice exists and must be delivered
    DELIVERED = "delivered"  # 已答复送达
    ENDED = "ended"  # 已终止: the clock ended it (逾期不补正 / 逾期未缴费)
    WITHDRAWN = "withdrawn"  # 已撤回
    ARCHIVED = "archived"  # 已归档


STATUS_LABELS = {
    Status.REGISTERED: gettext_lazy("已登记（审查中）"),
    Status.CORRECTION: gettext_lazy("待补正"),
    Status.HANDLING: gettext_lazy("承办中"),
    Status.REVIEW: gettext_lazy("待审核"),
    Status.APPROVAL: gettext_lazy("待审签"),
    Status.APPROVED: gettext_lazy("已审签（待送达）"),
    Status.DELIVERED: gettext_lazy("已答复送达"),
    Status.ENDED: gettext_lazy("已终止"),
    Status.WITHDRAWN: gettext_lazy("已撤回"),
    Status.ARCHIVED: gettext_lazy("已归档"),
}

# What the applicant reads on the tracking page (plain words, no internal steps).
APPLICANT_STATUS = {
    Status.REGISTERED: gettext_lazy("已受理，正在审查您的申请"),
    Status.CORRECTION: gettext_lazy("需要您补正申请内容，请查看补正告知书"),
    Status.HANDLING: gettext_lazy("正在办理"),
    Status.REVIEW: gettext_lazy("正在办理（答复审核中）"),
    Status.APPROVAL: gettext_lazy("正在办理（答复审签中）"),
    Status.APPROVED: gettext_lazy("答复已作出，正在送达"),
    Status.DELIVERED: gettext_lazy("已答复"),
    Status.ENDED: gettext_lazy("已终止办理"),
    Status.WITHDRAWN: gettext_lazy("您已撤回申请"),
    Status.ARCHIVED: gettext_lazy("已办结"),
}

#: The request is still being handled: it has no outcome yet (Table 3 carry-over if open on 31 Dec).
OPEN_STATUSES = frozenset({
    Status.REGISTERED, Status.CORRECTION, Status.HANDLING, Status.REVIEW, Status.APPROVAL, Status.APPROVED,
})
#: Before the reply is signed: the phases in which work on the substance goes on.
WORKING = frozenset({Status.REGISTERED, Status.HANDLING})
CONCLUDED = frozenset({Status.DELIVERED, Status.ENDED, Status.WITHDRAWN, Status.ARCHIVED})

# -- who ---------------------------------------------------------------------------

CLERK, HANDLER, REVIEWER, APPROVER, ADMIN = "clerk", "handler", "reviewer", "approver", "admin"
APPLICANT = "applicant"  # the applicant, through the portal (tracking number + code, or account)
SYSTEM = "system"  # the periodic `gongkai requests tick`

STAFF = frozenset({CLERK, HANDLER, REVIEWER, APPROVER, ADMIN})
ROLE_LABELS = {
    CLERK: gettext_lazy("经办人"), HANDLER: gettext_lazy("承办人"), REVIEWER: gettext_lazy("审核人"), APPROVER: gettext_lazy("审签人"), ADMIN: gettext_lazy("机构管理员"),
    APPLICANT: gettext_lazy("申请人"), SYSTEM: gettext_lazy("系统"),
}


# -- facts about a case that decide what may happen ----------------------------------


@dataclass(frozen=True)
class Facts:
    """What the workflow needs to know about a case (derived by the services from events + clock)."""

    status: Status
    correction_requested: bool = False  # a 补正告知 was sent (only once, 条例第三十条)
    awaiting_correction: bool = False
    extension_days: int = 0  # approved so far
    extension_pending: bool = False  # requested, waiting for the approver
    open_consultations: tuple[str, ...] = ()  # refs of consultations not yet answered
    fee_issued: bool = False
    fee_paid: bool = False
    open_assignments: int = 0  # departments that have not answered yet
    has_decision_notice: bool = False  # a D-notice exists (signed reply or termination notice)
    ended_by: str | None = None  # correction_missed | fee_unpaid (when ENDED)
    lapsed: str | None = None  # the clock says the applicant let a deadline pass (before `tick` ended it)
    max_extension_days: int = 20

    @property
    def fee_waiting(self) -> bool:
        return self.fee_issued and not self.fee_paid


Guard = Callable[[Facts], "str | None"]  # returns the reason the action is not possible now, or None


@dataclass(frozen=True)
class Action:
    key: str
    label: str  # button text
    sources: frozenset[Status]
    target: Status | None  # None: the status does not change
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    description: str = ""  # one line for the staff: what it does, legal basis
    console: bool = True  # offered as a button on the case page
    notice: str | None = None  # the notice kind it issues (P…/D…), if any

    def refusal(self, facts: Facts, roles: Iterable[str]) -> str | None:
        """Why ``roles`` cannot do this in ``facts`` (None if they can)."""
        if facts.status not in self.sources:
            return _("当前状态为“%(status)s”，不能%(action)s。") % {"status": STATUS_LABELS[facts.status], "action": self.label}
        if not set(roles) & self.roles:
            who = _("、").join(str(ROLE_LABELS[r]) for r in sorted(self.roles, key=list(ROLE_LABELS).index))
            return _("“%(action)s”须由%(roles)s办理。") % {"action": self.label, "roles": who}
        for guard in self.guards:
            reason = guard(facts)
            if reason:
                return reason
        return None


# -- guards ------------------------------------------------------------------------


def _no_correction_yet(f: Facts) -> str | None:
    if f.correction_requested:
        return _("补正应一次性告知（条例第三十条），本案已经告知过补正。")
    if f.extension_days or f.extension_pending:
        return _("已申请或批准延期，不能再要求补正。")
    if f.open_consultations or f.fee_waiting:
        return _("征求意见或等待缴费期间不能要求补正。")
    return None


def _not_awaiting_correction(f: Facts) -> str | None:
    return _("等待申请人补正期间不能办理此项。") if f.awaiting_correction else None


def _no_pending_extension(f: Facts) -> str | None:
    return _("已有一项延期申请等待审签人批准。") if f.extension_pending else None


def _extension_left(f: Facts) -> str | None:
    if f.extension_days >= f.max_extension_days:
        return _("延长答复期限累计不得超过%(days)s个工作日（条例第三十三条第二款），已全部用完。") % {"days": f.max_extension_days}
    return None


def _extension_pending(f: Facts) -> str | None:
    return None if f.extension_pending else _("没有等待批准的延期申请。")


def _open_consultation(f: Facts) -> str | None:
    return None if f.open_consultations else _("没有尚未答复的征求意见。")


def _no_fee_yet(f: Facts) -> str | None:
    return _("本案已经发出过收费通知（每案只能发一次）。") if f.fee_issued else None


def _fee_waiting(f: Facts) -> str | None:
    return None if f.fee_waiting else _("没有等待缴纳的收费通知。")


def _fee_settled(f: Facts) -> str | None:
    return _("已发出收费通知，须待申请人缴费（或逾期视为放弃）后才能答复。") if f.fee_waiting else None


def _no_lapse(f: Facts) -> str | None:
    if f.lapsed == "correction_missed":
        return _("申请人已逾期未补正，视为放弃申请：请等待系统终止处理，或在收到补正后登记补正。")
    if f.lapsed == "fee_unpaid":
        return _("申请人已逾期未缴费，视为放弃申请：请等待系统终止处理，或登记缴费。")
    return None


def _open_assignment(f: Facts) -> str | None:
    return None if f.open_assignments else _("没有等待答复的承办部门。")


def _lapsed_correction(f: Facts) -> str | None:
    if f.status == Status.ENDED and (f.ended_by != "correction_missed" or f.has_decision_notice):
        return _("本案不是因逾期未补正而终止，或已制作终止处理告知书。")
    return None


def _lapsed_fee(f: Facts) -> str | None:
    if f.status == Status.ENDED and (f.ended_by != "fee_unpaid" or f.has_decision_notice):
        return _("本案不是因逾期未缴费而终止，或已制作终止处理告知书。")
    return None


def _needs_termination_notice(f: Facts) -> str | None:
    return _("已制作终止处理告知书。") if f.has_decision_notice else None


def _has_decision_notice(f: Facts) -> str | None:
    return None if f.has_decision_notice else _("请先制作终止处理告知书。")


def _clock_lapsed(f: Facts) -> str | None:
    return None if f.lapsed else _("申请人没有逾期未补正或逾期未缴费的情形。")


# -- the actions -------------------------------------------------------------------

_S = Status
_ALL = frozenset(Status)
_BEFORE_SIGNING = frozenset({_S.REGISTERED, _S.CORRECTION, _S.HANDLING, _S.REVIEW, _S.APPROVAL})
_CLERKS = frozenset({CLERK, ADMIN})


def _a(key, label, sources, target, roles, guards=(), description="", console=True, notice=None) -> Action:
    return Action(key, label, frozenset(sources), target, frozenset(roles), tuple(guards), description, console, notice)


ACTIONS: dict[str, Action] = {a.key: a for a in (
    _a("register", gettext_lazy("登记申请"), (), _S.REGISTERED, _CLERKS | {APPLICANT},
       description=gettext_lazy("收到申请并登记，编号，生成受理回执（条例第三十一条、第四十五条）"), console=False, notice="P1"),
    _a("request_correction", gettext_lazy("告知补正"), {_S.REGISTERED}, _S.CORRECTION, _CLERKS, (_no_correction_yet,),
       gettext_lazy("申请内容不明确的，收到申请之日起7个工作日内一次性告知补正（条例第三十条）"), notice="P2"),
    _a("record_correction", gettext_lazy("登记收到补正"), {_S.CORRECTION, _S.ENDED}, _S.REGISTERED, _CLERKS | {APPLICANT},
       (_lapsed_correction,), gettext_lazy("答复期限自收到补正后的申请之日起重新计算（条例第三十条）")),
    _a("assign", gettext_lazy("交承办部门"), {_S.REGISTERED, _S.HANDLING}, _S.HANDLING, _CLERKS, (_no_lapse,),
       gettext_lazy("指定承办部门和承办人，并给出部门答复的期限")),
    _a("department_reply", gettext_lazy("登记承办部门答复"), {_S.HANDLING}, None, _CLERKS | {HANDLER}, (_open_assignment,),
       gettext_lazy("记录承办部门的意见和提供的材料")),
    _a("consult", gettext_lazy("征求意见"), {_S.REGISTERED, _S.HANDLING}, None, _CLERKS | {HANDLER},
       (_not_awaiting_correction, _no_lapse),
       gettext_lazy("征求第三方（条例第三十二条）、共同制作机关（第三十四条）或其他机关（第三十三条第三款）意见，期间不计入答复期限")),
    _a("consultation_answer", gettext_lazy("登记征求意见答复"), {_S.REGISTERED, _S.HANDLING, _S.REVIEW, _S.APPROVAL}, None,
       _CLERKS | {HANDLER}, (_open_consultation,), gettext_lazy("记录被征求意见方的答复，恢复计时")),
    _a("request_extension", gettext_lazy("申请延期"), {_S.REGISTERED, _S.HANDLING, _S.REVIEW, _S.APPROVAL}, None,
       _CLERKS | {HANDLER}, (_not_awaiting_correction, _no_pending_extension, _extension_left, _no_lapse),
       gettext_lazy("不能在20个工作日内答复的，报政府信息公开工作机构负责人同意后延长，累计不超过20个工作日（条例第三十三条第二款）")),
    _a("approve_extension", gettext_lazy("批准延期"), _BEFORE_SIGNING, None, {APPROVER}, (_extension_pending,),
       gettext_lazy("批准延长答复期限，并向申请人发出延期答复告知书"), notice="P4a"),
    _a("reject_extension", gettext_lazy("不批准延期"), _BEFORE_SIGNING, None, {APPROVER}, (_extension_pending,)),
    _a("fee_notice", gettext_lazy("发出收费通知"), {_S.REGISTERED, _S.HANDLING}, None, {REVIEWER, APPROVER},
       (_not_awaiting_correction, _no_fee_yet, _no_lapse),
       gettext_lazy("按件或按量计收信息处理费，收费期间不计入答复期限（国办函〔2020〕109号）"), notice="P9"),
    _a("fee_paid", gettext_lazy("登记缴费"), {_S.REGISTERED, _S.HANDLING, _S.ENDED}, None,
       _CLERKS, (_fee_waiting, _lapsed_fee), gettext_lazy("申请人缴费后恢复计时")),
    _a("draft_reply", gettext_lazy("拟写答复并送审核"), {_S.REGISTERED, _S.HANDLING}, _S.REVIEW, _CLERKS | {HANDLER},
       (_not_awaiting_correction, _fee_settled, _no_lapse),
       gettext_lazy("选择办理结果（年度报告表三的全部类别），写明理由，送审核")),
    _a("review_pass", gettext_lazy("审核通过，送审签"), {_S.REVIEW}, _S.APPROVAL, {REVIEWER}),
    _a("review_return", gettext_lazy("审核退回"), {_S.REVIEW}, _S.HANDLING, {REVIEWER}),
    _a("approve", gettext_lazy("审签并出具答复"), {_S.APPROVAL}, _S.APPROVED, {APPROVER}, (_no_lapse,),
       gettext_lazy("签发答复，生成编号的答复告知书（Word 和 PDF）")),
    _a("approval_return", gettext_lazy("审签退回"), {_S.APPROVAL}, _S.HANDLING, {APPROVER}),
    _a("deliver", gettext_lazy("登记送达"), {_S.APPROVED, _S.ENDED}, _S.DELIVERED, _CLERKS, (_has_decision_notice,),
       gettext_lazy("记录送达方式和日期；送达之日即答复之日")),
    _a("issue_termination", gettext_lazy("制作终止处理告知书"), {_S.ENDED}, None, _CLERKS | {APPROVER},
       (_needs_termination_notice,), gettext_lazy("逾期未补正或逾期未缴费，视为放弃申请")),
    _a("archive", gettext_lazy("归档"), {_S.DELIVERED, _S.WITHDRAWN, _S.ENDED}, _S.ARCHIVED, _CLERKS,
       description=gettext_lazy("一案一档：申请、全部文书、公开材料清单和全过程记录")),
    _a("withdraw", gettext_lazy("登记撤回"), _BEFORE_SIGNING | {_S.APPROVED}, _S.WITHDRAWN, _CLERKS | {APPLICANT},
       description=gettext_lazy("申请人撤回申请，终止处理（计入表三（六）3）"), notice="D7.3"),
    _a("end", gettext_lazy("终止处理"), _BEFORE_SIGNING, _S.ENDED, {SYSTEM}, (_clock_lapsed,),
       gettext_lazy("逾期未补正（条例第三十条）或逾期未缴费（国办函〔2020〕109号），视为放弃申请"), console=False),
    _a("issue_notice", gettext_lazy("制作其他文书"), _BEFORE_SIGNING | {_S.APPROVED}, None, _CLERKS | {HANDLER},
       description=gettext_lazy("说明理由告知书、延迟答复告知书、征求意见告知书、依申请公开告知书（给第三方）等")),
    _a("notice_delivered", gettext_lazy("登记文书送达"), _ALL - {_S.ARCHIVED}, None, _CLERKS,
       description=gettext_lazy("记录文书的送达日期和方式（补正、收费期限自申请人收到之日起算）")),
    _a("attach", gettext_lazy("上传材料"), _ALL - {_S.ARCHIVED}, None, STAFF, description=gettext_lazy("申请书扫描件、身份证明、承办材料、公开的信息等")),
    _a("note", gettext_lazy("添加备注"), _ALL, None, STAFF),
    _a("remedy", gettext_lazy("登记行政复议或行政诉讼"), _ALL, None, STAFF - {HANDLER},
       description=gettext_lazy("申请人就本案申请行政复议或提起行政诉讼（年度报告表四）")),
)}


def action(key: str) -> Action:
    try:
        return ACTIONS[key]
    except KeyError:
        raise DomainError(_("未知的办理操作 %(key)s。") % {"key": key}, field="action") from None


def refusal(key: str, facts: Facts, roles: Iterable[str]) -> str | None:
    return action(key).refusal(facts, roles)


def check(key: str, facts: Facts, roles: Iterable[str]) -> Action:
    """The action if ``roles`` may do it now; ``DomainError`` with the Chinese reason otherwise."""
    act = action(key)
    reason = act.refusal(facts, roles)
    if reason:
        raise TransitionRefused(reason, action=key)
    return act


def allowed_actions(facts: Facts, roles: Iterable[str], console_only: bool = True) -> list[Action]:
    """The actions ``roles`` may take now, in workflow order (what the case page offers)."""
    roles = set(roles)
    return [a for a in ACTIONS.values() if (a.console or not console_only) and a.refusal(facts, roles) is None]


#: A late correction or payment revives a request the clock had ended (docs/decisions.md: the applicant may
#: have had good reason); it goes back to where the work on it continues.
RESUME_FROM_ENDED = {"record_correction": Status.REGISTERED, "fee_paid": Status.HANDLING}


def next_status(key: str, current: Status) -> Status:
    if current == Status.ENDED and key in RESUME_FROM_ENDED:
        return RESUME_FROM_ENDED[key]
    target = ACTIONS[key].target
    return current if target is None else target


class TransitionRefused(DomainError):
    """The workflow does not allow this action for this user in this state."""

    def __init__(self, message: str, action: str):
        super().__init__(message, field="action")
        self.action = action


@dataclass(frozen=True)
class Transition:
    """One row of the transition table, for the docs and tests."""

    action: str
    source: Status
    target: Status
    roles: frozenset[str] = field(default_factory=frozenset)


def transition_table() -> list[Transition]:
    return [
        Transition(a.key, s, next_status(a.key, s), a.roles)
        for a in ACTIONS.values() for s in sorted(a.sources, key=list(Status).index)
    ]
