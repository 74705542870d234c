"""How a request can end, and the notices along the way (regulation.md §7, notices.md §2).

Every closed request ends in exactly one *outcome*; the outcome fixes:

- the Table 3 row it is counted in (keys of ``report-format-2021.json``, e.g.
  ``partially_granted``, ``unavailable_not_held``, ``other_fee_unpaid``);
- the legal basis (article and item of the 条例, or the fee rule);
- the decision notice kind (D1 … D7.3 of notices.md §2.2);
- whether reasons are mandatory (条例第三十六条第（三）项、第（五）项, 第三十七条);
- the remedy statement: ``ordinary`` (复议 60 日 or 诉讼 6 个月),
  ``reconsideration_first`` (不予公开 since 2024-01-01: 行政复议法（2023）第二十三条第一款第（四）项、
  第二款 — reconsideration first, and the notice must say so), or ``none``;
- a standard notice text (placeholders in ``{braces}``, see ``NOTICE_PLACEHOLDERS``).

Several outcomes may share a row (D1/D2 → （一）, D5.1/D5.2 → （四）1, withdrawal and
other terminations → （六）3); ``check_against_format`` verifies that every Table 3
result row has at least one outcome and every outcome names a real row.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from .i18n import gettext_noop

REMEDY_ORDINARY = "ordinary"
REMEDY_RECONSIDERATION_FIRST = "reconsideration_first"
REMEDY_NONE = "none"

RECONSIDERATION_FIRST_SINCE = date(2024, 1, 1)  # 行政复议法（2023修订）施行之日

TIAOLI = "《中华人民共和国政府信息公开条例》"
FEE_RULE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

NOTICE_PLACEHOLDERS = {
    "applicant": "申请人姓名或名称",
    "received": "收到申请之日（如 2025年3月3日）",
    "request": "申请内容（按申请人的描述）",
    "reasons": "理由（不予公开、部分公开、非本机关负责公开等必须写明）",
    "how": "获取方式、地点和时间",
    "agency": "负责公开的机关名称及联系方式",
}


@dataclass(frozen=True)
class Outcome:
    key: str  # stable key stored on the case
    label: str  # Chinese, shown to staff
    t3_row: str  # Table 3 result row key (report-format-2021.json)
    basis: str  # legal basis, article and item
    notice: str  # decision notice kind, notices.md §2.2 (D1 … D7.3)
    notice_title: str
    reasons_required: bool
    remedy: str  # ordinary | reconsideration_first | none (for decisions dated from 2024-01-01)
    text: str  # standard notice text with {placeholders}
    group: str  # Table 3 group label, e.g. （三）不予公开
    note: str = ""  # [P]/[U] remarks from the spec

    def remedy_on(self, decided: date) -> str:
        """The remedy statement kind for a decision dated ``decided``.

        Before 2024-01-01 there was no reconsideration-first rule for 不予公开.
        """
        if self.remedy == REMEDY_RECONSIDERATION_FIRST and decided < RECONSIDERATION_FIRST_SINCE:
            return REMEDY_ORDINARY
        return self.remedy

    def notice_text(self, **values: str) -> str:
        """The standard text with placeholders filled (missing ones stay visible as 【…】)."""
        fields = {name: values.get(name, f"【{label}】") for name, label in NOTICE_PLACEHOLDERS.items()}
        return self.text.format(**fields)


def _o(key, label, t3_row, basis, notice, title, reasons, remedy, text, group, note=""):
    return Outcome(key, label, t3_row, basis, notice, title, reasons, remedy, text, group, note)


_HEAD = "{applicant}：\n本机关于{received}收到您提出的政府信息公开申请，申请获取“{request}”。"
_WITHHELD = gettext_noop("（三）不予公开")
_UNAVAILABLE = gettext_noop("（四）无法提供")
_NOT_PROCESSED = gettext_noop("（五）不予处理")
_OTHER = gettext_noop("（六）其他处理")

OUTCOMES: tuple[Outcome, ...] = (
    _o("granted", gettext_noop("予以公开"), "granted", f"{TIAOLI}第三十六条第（二）项", "D1",
       "政府信息公开告知书（予以公开）", False, REMEDY_ORDINARY,
       _HEAD + "经审查，您申请获取的政府信息属于公开范围，根据" + TIAOLI + "第三十六条第（二）项的规定，予以公开。{how}",
       gettext_noop("（一）予以公开")),
    _o("granted_already_public", gettext_noop("已主动公开（告知获取方式）"), "granted", f"{TIAOLI}第三十六条第（一）项", "D2",
       "政府信息公开告知书（已主动公开）", False, REMEDY_ORDINARY,
       _HEAD + "经审查，您申请获取的政府信息已经主动公开，根据" + TIAOLI + "第三十六条第（一）项的规定，告知您获取该政府信息的方式和途径：{how}",
       gettext_noop("（一）予以公开"), "计入（一）予以公开为实务做法 [P]"),
    _o("partially_granted", gettext_noop("部分公开"), "partially_granted", f"{TIAOLI}第三十七条、第三十六条第（三）项", "D3",
       "政府信息公开告知书（部分公开）", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，根据" + TIAOLI
       + "第三十七条的规定，对可以公开的部分予以提供：{how}；对其余部分不予公开，理由是：{reasons}",
       gettext_noop("（二）部分公开"), "区分处理的只计入（二）；不予公开部分适用复议前置为稳妥做法 [U]"),
    _o("withheld_state_secret", gettext_noop("不予公开：属于国家秘密"), "withheld_state_secret", f"{TIAOLI}第十四条、第三十六条第（三）项",
       "D4.1", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的政府信息属于国家秘密，根据" + TIAOLI + "第十四条、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_prohibited_by_law", gettext_noop("不予公开：其他法律行政法规禁止公开"), "withheld_prohibited_by_law",
       f"{TIAOLI}第十四条、第三十六条第（三）项", "D4.2", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，法律、行政法规禁止公开您申请获取的政府信息，根据" + TIAOLI + "第十四条、第三十六条第（三）项的规定，不予公开。理由及依据是：{reasons}",
       _WITHHELD),
    _o("withheld_security_stability", gettext_noop("不予公开：危及“三安全一稳定”"), "withheld_security_stability",
       f"{TIAOLI}第十四条、第三十六条第（三）项", "D4.3", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据" + TIAOLI
       + "第十四条、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_third_party_rights", gettext_noop("不予公开：保护第三方合法权益"), "withheld_third_party_rights",
       f"{TIAOLI}第十五条、第三十二条、第三十六条第（三）项", "D4.4", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，根据" + TIAOLI
       + "第十五条、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_internal_affairs", gettext_noop("不予公开：属于三类内部事务信息"), "withheld_internal_affairs",
       f"{TIAOLI}第十六条第一款、第三十六条第（三）项", "D4.5", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，根据" + TIAOLI
       + "第十六条第一款、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_process_info", gettext_noop("不予公开：属于四类过程性信息"), "withheld_process_info",
       f"{TIAOLI}第十六条第二款、第三十六条第（三）项", "D4.6", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，根据"
       + TIAOLI + "第十六条第二款、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_enforcement_case_file", gettext_noop("不予公开：属于行政执法案卷"), "withheld_enforcement_case_file",
       f"{TIAOLI}第十六条第二款、第三十六条第（三）项", "D4.7", "不予公开告知书", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的信息属于行政执法案卷信息，根据" + TIAOLI
       + "第十六条第二款、第三十六条第（三）项的规定，不予公开。理由是：{reasons}",
       _WITHHELD),
    _o("withheld_administrative_query", gettext_noop("不予公开：属于行政查询事项（依特别规定办理）"), "withheld_administrative_query",
       f"{TIAOLI}第三十六条第（七）项", "D4.8", "告知书（依特别规定办理）", True, REMEDY_RECONSIDERATION_FIRST,
       _HEAD + "经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的情形，根据"
       + TIAOLI + "第三十六条第（七）项的规定，请您按照有关法律、行政法规的规定办理：{how}",
       _WITHHELD, "第三十六条第（七）项计入（三）8 为实务做法 [U]"),
    _o("unavailable_not_held", gettext_noop("无法提供：经检索没有所申请公开的信息"), "unavailable_not_held",
       f"{TIAOLI}第三十六条第（四）项", "D5.1", "政府信息不存在告知书", False, REMEDY_ORDINARY,
       _HEAD + "经检索{reasons}，本机关没有您所申请公开的政府信息。根据" + TIAOLI + "第三十六条第（四）项的规定，特此告知。",
       _UNAVAILABLE, "应写明检索范围和方式，法院审查检索是否尽责 [P]"),
    _o("unavailable_not_this_agency", gettext_noop("无法提供：不属于本机关负责公开"), "unavailable_not_held",
       f"{TIAOLI}第三十六条第（五）项、第十条", "D5.2", "非本机关负责公开告知书", True, REMEDY_ORDINARY,
       _HEAD + "经审查，您申请获取的政府信息不属于本机关负责公开，理由是：{reasons}。根据" + TIAOLI
       + "第三十六条第（五）项的规定，告知您该政府信息的负责公开机关及联系方式：{agency}",
       _UNAVAILABLE, "计入（四）1 为实务做法 [P]"),
    _o("unavailable_needs_creation", gettext_noop("无法提供：没有现成信息需要另行制作"), "unavailable_needs_creation",
       f"{TIAOLI}第三十八条", "D5.3", "告知书（需另行制作）", False, REMEDY_ORDINARY,
       _HEAD + "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，根据" + TIAOLI
       + "第三十八条的规定，本机关可以不予提供。{reasons}",
       _UNAVAILABLE),
    _o("unavailable_unclear_after_correction", gettext_noop("无法提供：补正后申请内容仍不明确"), "unavailable_unclear_after_correction",
       f"{TIAOLI}第三十条", "D5.4", "告知书（补正后仍不明确）", False, REMEDY_ORDINARY,
       _HEAD + "本机关已告知您补正。您补正后，申请内容仍不明确，本机关无法确定您所需的政府信息：{reasons}。根据" + TIAOLI
       + "第三十条的规定，特此告知。",
       _UNAVAILABLE),
    _o("not_processed_petition_complaint", gettext_noop("不予处理：信访、投诉、举报类申请"), "not_processed_petition_complaint",
       f"{TIAOLI}第三十九条第一款", "D6.1", "不作为政府信息公开申请处理告知书", False, REMEDY_ORDINARY,
       _HEAD + "经审查，您的申请实质是以政府信息公开申请的形式进行信访、投诉、举报等活动，根据" + TIAOLI
       + "第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。{how}",
       _NOT_PROCESSED),
    _o("not_processed_repeat", gettext_noop("不予处理：重复申请"), "not_processed_repeat",
       f"{TIAOLI}第三十六条第（六）项", "D6.2", "不予重复处理告知书", False, REMEDY_ORDINARY,
       _HEAD + "经审查，本机关已就您申请公开的同一政府信息作出答复（{reasons}），根据" + TIAOLI
       + "第三十六条第（六）项的规定，不予重复处理。",
       _NOT_PROCESSED),
    _o("not_processed_publication", gettext_noop("不予处理：要求提供公开出版物"), "not_processed_publication",
       f"{TIAOLI}第三十九条第二款", "D6.3", "公开出版物获取途径告知书", False, REMEDY_ORDINARY,
       _HEAD + "经审查，您要求提供的是政府公报、报刊、书籍等公开出版物，根据" + TIAOLI
       + "第三十九条第二款的规定，告知您获取的途径：{how}",
       _NOT_PROCESSED),
    _o("not_processed_massive_repeated", gettext_noop("不予处理：无正当理由大量反复申请"), "not_processed_massive_repeated",
       f"{TIAOLI}第三十五条", "D6.4", "不予处理告知书（大量反复申请）", True, REMEDY_ORDINARY,
       _HEAD + "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查理由不合理（{reasons}），根据"
       + TIAOLI + "第三十五条的规定，不予处理。",
       _NOT_PROCESSED),
    _o("not_processed_confirm_or_reissue", gettext_noop("不予处理：要求确认或重新出具已获取信息"), "not_processed_confirm_or_reissue",
       "年度报告格式（国办公开办函〔2021〕30号）表三（五）5", "D6.5", "告知书（确认或重新出具已获取信息）", False,
       REMEDY_ORDINARY,
       _HEAD + "经审查，您的申请是要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请，本机关不作为政府信息公开申请处理。{reasons}",
       _NOT_PROCESSED, "条例无对应条款，类别来自年度报告格式 [U]"),
    _o("other_no_correction", gettext_noop("其他处理：逾期不补正，不再处理"), "other_no_correction",
       f"{TIAOLI}第三十条", "D7.1", "终止处理告知书（逾期未补正）", False, REMEDY_ORDINARY,
       _HEAD + "本机关已告知您补正，您无正当理由逾期未补正，根据" + TIAOLI + "第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
       _OTHER),
    _o("other_fee_unpaid", gettext_noop("其他处理：逾期未缴费，不再处理"), "other_fee_unpaid",
       f"{FEE_RULE}、{TIAOLI}第四十二条", "D7.2", "终止处理告知书（逾期未缴费）", False, REMEDY_ORDINARY,
       _HEAD + "本机关已向您送达收费通知，您逾期未按收费通知要求缴纳费用，根据" + FEE_RULE + "的规定，视为放弃申请，本机关不再处理该政府信息公开申请。",
       _OTHER),
    _o("other_withdrawn", gettext_noop("其他处理：申请人撤回申请"), "other_other", "—", "D7.3", "撤回确认", False, REMEDY_NONE,
       _HEAD + "您已撤回该申请，本机关终止处理。{reasons}", _OTHER, "计入（六）3 为实务做法 [P]"),
    _o("other_other", gettext_noop("其他处理：其他情形"), "other_other", "—", "D7.3", "终止处理告知书（其他情形）", True, REMEDY_ORDINARY,
       _HEAD + "{reasons}，本机关终止处理该申请。", _OTHER),
)

BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}


def outcome(key: str) -> Outcome:
    """The outcome with ``key`` (KeyError if unknown)."""
    return BY_KEY[key]


def outcomes_for_row(t3_row: str) -> list[Outcome]:
    return [o for o in OUTCOMES if o.t3_row == t3_row]


# -- procedural notices (notices.md §2.1) ------------------------------------------


@dataclass(frozen=True)
class NoticeKind:
    key: str  # P1 … P9
    title: str
    when: str
    basis: str
    time_limit: str  # the time limit the notice carries or is bound by ("" if none)
    clock_event: str | None  # the clock event (gongkai.law.clock.EventType value) it records, if any


PROCEDURAL_NOTICES: tuple[NoticeKind, ...] = (
    NoticeKind("P1", "受理回执（登记回执）", "收到申请时；平常信函、互联网、传真渠道以确认之日为收到申请之日",
               f"{TIAOLI}第三十一条、第四十五条", "", None),
    NoticeKind("P2", "补正告知书", "申请内容不明确、缺少第二十九条所列内容时", f"{TIAOLI}第三十条",
               "收到申请之日起7个工作日内一次性告知；载明合理的补正期限", "correction_requested"),
    NoticeKind("P3", "说明理由告知书", "申请数量、频次明显超过合理范围时", f"{TIAOLI}第三十五条", "", None),
    NoticeKind("P4a", "延期答复告知书", "不能在20个工作日内答复时，经政府信息公开工作机构负责人同意",
               f"{TIAOLI}第三十三条第二款", "延长不超过20个工作日，应在原期限届满前告知", "extension"),
    NoticeKind("P4b", "延迟答复告知书", "申请数量、频次明显超过合理范围但理由合理时", f"{TIAOLI}第三十五条",
               "合理的延迟答复期限", None),
    NoticeKind("P5", "征求意见书（给第三方）", "公开可能损害第三方合法权益时，书面征求意见", f"{TIAOLI}第三十二条",
               "第三方自收到之日起15个工作日内提出意见；征求意见时间不计入答复期限", "consultation_sent"),
    NoticeKind("P6", "征求意见告知书（给申请人）", "开始征求意见时告知申请人", f"{TIAOLI}第三十三条第三款", "", None),
    NoticeKind("P7", "依申请公开告知书（给第三方）", "第三方不同意但不公开可能对公共利益造成重大影响、决定公开时",
               f"{TIAOLI}第三十二条", "", None),
    NoticeKind("P8", "征求意见函（给共同制作机关或其他机关）", "共同制作或需征求其他机关意见时",
               f"{TIAOLI}第三十四条、第三十三条第三款", "被征求意见机关15个工作日内提出意见，逾期视为同意公开",
               "consultation_sent"),
    NoticeKind("P9", "收费通知书", "依法收取信息处理费时，在答复期限内发出", f"{TIAOLI}第四十二条；{FEE_RULE}",
               "申请人自收到通知次日起20个工作日内缴费，逾期视为放弃申请；收费期间不计入答复期限", "fee_notice"),
)

PROCEDURAL_BY_KEY = {n.key: n for n in PROCEDURAL_NOTICES}


# -- remedy statement (notices.md §3) ------------------------------------------------


def remedy_statement(kind: str, reconsideration_body: str) -> str:
    """The remedy sentence a decision letter must carry (行政复议法第二十条、第二十三条; 行政诉讼法第四十六条)."""
    if kind == REMEDY_NONE:
        return ""
    if kind == REMEDY_RECONSIDERATION_FIRST:
        return (
            f"如对本告知不服，应当自收到本告知书之日起60日内先向{reconsideration_body}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    if kind == REMEDY_ORDINARY:
        return (
            f"如对本告知不服，可自收到本告知书之日起60日内向{reconsideration_body}申请行政复议，"
            "也可自收到之日起6个月内依法向人民法院提起行政诉讼。"
        )
    raise ValueError(f"unknown remedy kind {kind!r}")


# -- consistency with the report format ------------------------------------------------


def check_against_format(fmt) -> list[str]:
    """Problems between the outcomes and a report format (``gongkai.law.formats.ReportFormat``); [] if none.

    Every Table 3 result row must have at least one outcome; every outcome must name a
    result row; every notice text may use only the documented placeholders.
    """
    problems = []
    results = fmt.sets["t3.results"]
    for row in results:
        if not outcomes_for_row(row):
            problems.append(f"表三结果行 {row} 没有对应的办理结果")
    for o in OUTCOMES:
        if o.t3_row not in results:
            problems.append(f"办理结果 {o.key} 的表三行 {o.t3_row} 不是结果行")
        names = {name for _, name, _, _ in string.Formatter().parse(o.text) if name}
        if names - set(NOTICE_PLACEHOLDERS):
            problems.append(f"办理结果 {o.key} 的文书模板使用了未定义的占位符 {sorted(names - set(NOTICE_PLACEHOLDERS))}")
    return problems
