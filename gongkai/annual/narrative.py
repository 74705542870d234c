"""The report's prose: a draft stating the year's facts, and checks of what staff wrote.

Sections (国办公开办函〔2021〕30号; report-format-2021.md §1):

- 一、总体情况 with its five parts 主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设, 监督保障
  (a people's government also reports 工作考核、社会评议和责任追究结果情况: 条例第五十条);
- 五、存在的主要问题及改进情况;
- 六、其他需要报告的事项, which must state the 信息处理费 charged under 国办函〔2020〕109号, "未收取"
  included.

The draft states only what the data show (documents, decisions, requests and their outcomes,
remedies, fees); what only people know is left as a 【请填写：…】 placeholder, and a version cannot be
submitted while one remains.  The figures in the prose are checked against the tables by the
report checker's cross-section rule (``gongkai.reports.check.text_findings``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from gongkai.law.errors import DomainError
from gongkai.law.formats import load_format
from gongkai.law.rules import Finding

NARRATIVE_SECTIONS = ("s1_overview", "s5_problems", "s6_other")
SECTION_TITLES = {
    "s1_overview": "一、总体情况",
    "s5_problems": "五、存在的主要问题及改进情况",
    "s6_other": "六、其他需要报告的事项",
}
S1_PARTS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
S1_HEADINGS = tuple(f"（{n}）{p}" for n, p in zip("一二三四五", S1_PARTS))
PLACEHOLDER_RE = re.compile(r"【请填写[^】]*】")
MAX_SECTION_CHARS = 20_000
FEE_RULE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


def _n(values: dict, key: str) -> int:
    return values.get(key) or 0


def _sum(values: dict, rows) -> int:
    return sum(_n(values, f"t3.total.{r}") for r in rows)


def _wan(value) -> str:
    return "—" if value is None else format(value, "f")


def proactive_paragraph(year: int, values: dict[str, Any]) -> str:
    v = values
    parts = [
        f"{year}年，本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定主动公开政府信息。"
        f"本年度制发规章{_n(v, 't2.art20_1.regulations.issued')}件、行政规范性文件{_n(v, 't2.art20_1.normative_docs.issued')}件，"
        f"废止规章{_n(v, 't2.art20_1.regulations.abolished')}件、行政规范性文件{_n(v, 't2.art20_1.normative_docs.abolished')}件；"
        f"截至{year}年12月31日，现行有效规章{_n(v, 't2.art20_1.regulations.in_force')}件、"
        f"行政规范性文件{_n(v, 't2.art20_1.normative_docs.in_force')}件。"
    ]
    decisions = [
        ("行政许可", "t2.art20_5.administrative_license.decisions"),
        ("行政处罚", "t2.art20_6.administrative_penalty.decisions"),
        ("行政强制", "t2.art20_6.administrative_compulsion.decisions"),
    ]
    made = [f"{label}决定{v[key]}件" for label, key in decisions if v.get(key) is not None]
    if made:
        parts.append(f"本年度作出{'、'.join(made)}")
        fee = v.get("t2.art20_8.administrative_fees.amount_10k_yuan")
        parts.append(f"，收取行政事业性收费{_wan(fee)}万元。" if fee is not None else "。")
    parts.append("具体数据见第二部分。")
    return "".join(parts)


def requests_paragraph(year: int, values: dict[str, Any]) -> str:
    v = values
    new, carried = _n(v, "t3.total.new_received"), _n(v, "t3.total.carried_over")
    person = _n(v, "t3.natural_person.new_received")
    orgs = new - person
    text = f"本年度新收政府信息公开申请{new}件"
    if new:
        text += f"，其中自然人申请{person}件、法人或其他组织申请{orgs}件"
    text += f"；上年结转政府信息公开申请{carried}件。"
    total = _n(v, "t3.total.result_total")
    text += f"本年度办结政府信息公开申请{total}件"
    if total:
        groups = [
            ("予以公开", _n(v, "t3.total.granted")),
            ("部分公开", _n(v, "t3.total.partially_granted")),
            ("不予公开", _sum(v, _rows("withheld_"))),
            ("无法提供", _sum(v, _rows("unavailable_"))),
            ("不予处理", _sum(v, _rows("not_processed_"))),
            ("其他处理", _sum(v, _rows("other_"))),
        ]
        text += "，其中" + "，".join(f"{label}{n}件" for label, n in groups)
    text += f"；结转下年度继续办理{_n(v, 't3.total.carry_forward')}件。"
    review = _n(v, "t4.review.total")
    litigation = _n(v, "t4.litigation_direct.total") + _n(v, "t4.litigation_after_review.total")
    if review or litigation:
        text += f"因政府信息公开工作被申请行政复议{review}件、被提起行政诉讼{litigation}件。"
    else:
        text += "本年度没有因政府信息公开工作被申请行政复议或者被提起行政诉讼。"
    text += "具体数据见第三、四部分。"
    return text


def _rows(prefix: str) -> list[str]:
    return [r for r in load_format("2021").sets["t3.results"] if r.startswith(prefix)]


def fees_paragraph(facts: dict[str, Any]) -> str:
    """信息处理费 of the year for section 六 (国办函〔2020〕109号: count and amount, or 未收取)."""
    paid, amount = facts.get("fees_paid", 0), facts.get("fees_amount", Decimal("0"))
    notices = facts.get("fee_notices", 0)
    head = f"本年度按照{FEE_RULE}规定的按件、按量收费标准"
    if not paid:
        text = head + "，未收取信息处理费。"
        if notices:
            text += f"本年度发出收费通知{notices}份，申请人均未在本年度缴费。"
        return text
    methods = []
    per_item, per_volume = facts.get("fees_per_item", 0), facts.get("fees_per_volume", 0)
    if per_item:
        methods.append(f"按件计收{per_item}件")
    if per_volume:
        methods.append(f"按量计收{per_volume}件")
    if methods and paid - per_item - per_volume:
        methods.append(f"其他{paid - per_item - per_volume}件")
    text = head + f"，收取信息处理费{paid}件，金额共计{format(amount, 'f')}元"
    text += f"（其中{'、'.join(methods)}）。" if methods else "。"
    if notices and notices != paid:
        text += f"本年度共发出收费通知{notices}份。"
    return text


def draft_sections(year: int, values: dict[str, Any], facts: dict[str, Any], *, government: bool) -> dict[str, str]:
    """The pre-filled text of sections 一, 五 and 六 for a new version."""
    supervision = "【请填写：政府信息公开工作机构和人员、制度建设、培训、考核等监督保障情况。】"
    if government:
        supervision = ("【请填写：监督保障情况，并写明工作考核、社会评议和责任追究结果情况"
                       "（《中华人民共和国政府信息公开条例》第五十条第（四）项）。】")
    s1 = "\n".join([
        S1_HEADINGS[0],
        proactive_paragraph(year, values),
        "【请填写：主动公开的重点领域、渠道和数量等情况。】",
        S1_HEADINGS[1],
        requests_paragraph(year, values),
        S1_HEADINGS[2],
        "【请填写：政府信息公开审查、政府信息管理、规范性文件清理等情况。】",
        S1_HEADINGS[3],
        "【请填写：政府网站、政务新媒体、政府信息公开专栏等平台建设情况。】",
        S1_HEADINGS[4],
        supervision,
    ])
    s5 = "【请填写：本年度政府信息公开工作存在的主要问题，以及针对这些问题（包括上年度报告所列问题）的改进情况。】"
    s6 = "\n".join([fees_paragraph(facts), "【请填写：其他需要报告的事项；没有的，写明“无其他需要报告的事项”。】"])
    return {"s1_overview": s1, "s5_problems": s5, "s6_other": s6}


def clean_sections(data: dict[str, str]) -> dict[str, str]:
    """Normalise submitted texts (line endings, trailing spaces, length); unknown keys are ignored."""
    out = {}
    for key in NARRATIVE_SECTIONS:
        text = (data.get(key) or "").replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
        if len(text) > MAX_SECTION_CHARS:
            raise DomainError(f"“{SECTION_TITLES[key]}”过长（最多{MAX_SECTION_CHARS}字）。", field=key)
        out[key] = text
    return out


def narrative_findings(sections: dict[str, str], *, government: bool) -> list[Finding]:
    """What is missing from the prose: empty sections, placeholders left, parts of section 一."""
    findings = []
    for key in NARRATIVE_SECTIONS:
        text = sections.get(key, "") or ""
        title = SECTION_TITLES[key]
        if not text.strip():
            findings.append(Finding(rule_id=f"NARRATIVE.EMPTY.{key}", severity="error", source="narrative",
                                    message=f"“{title}”没有内容。"))
            continue
        left = PLACEHOLDER_RE.findall(text)
        if left:
            findings.append(Finding(
                rule_id=f"NARRATIVE.PLACEHOLDER.{key}", severity="error", source="narrative",
                message=f"“{title}”还有{len(left)}处待填写的内容（{left[0]}）：请填写或删去后再提交。",
            ))
    s1 = sections.get("s1_overview", "") or ""
    missing = [p for p in S1_PARTS if p not in s1]
    if s1.strip() and missing:
        findings.append(Finding(
            rule_id="NARRATIVE.S1_PARTS", severity="warning", source="narrative",
            message=f"“一、总体情况”应包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面，"
                    f"未见：{'、'.join(missing)}。",
        ))
    if government and s1.strip() and not all(w in s1 for w in ("考核", "评议", "责任追究")):
        findings.append(Finding(
            rule_id="NARRATIVE.S1_GOVERNMENT", severity="warning", source="narrative",
            message="人民政府的年度报告应写明工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项）。",
        ))
    s6 = sections.get("s6_other", "") or ""
    if s6.strip() and "信息处理费" not in s6:
        findings.append(Finding(
            rule_id="NARRATIVE.S6_FEES", severity="warning", source="narrative",
            message="“六、其他需要报告的事项”应写明信息处理费的收取情况（国办函〔2020〕109号；未收取的也应写明）。",
        ))
    return findings
