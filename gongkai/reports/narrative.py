"""Figures the report's prose states: claims to check against the tables, and pre-2019 facts.

The prose is cut into sentences (。；！？ and line breaks) and clauses (，（）：);
a clause that names a concept (收到…申请, 予以公开, 行政复议 …) and a number with
a counter word (件, 条, 起 …; Arabic or Chinese numerals) is a *claim*.  Clauses
that mention another year than the report's are skipped (comparisons with last
year are not claims about this year's table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import Iterable

from gongkai.law.formats import ReportFormat

from .document import Provenance
from .readers import BLANK, Source

_SENT_RE = re.compile(r"(?:[^。；;！!？?\n]+|\n(?![ \t]*\n))+")
_CLAUSE_SPLIT_RE = re.compile(r"[，,（）()：:]")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_COUNT_RE = re.compile(r"(?=[\d零〇一二两三四五六七八九十百千])(?:(\d+)\s*(?:余|多)?\s*(件|条|起|个|宗|份|项|次|篇|人次)"
                       r"|([零〇一二两三四五六七八九十百千]+)\s*(件|起|宗)(?!龙))")
_YEAR_IN_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def cn_number(s: str) -> int | None:
    """Arabic digits, or a small Chinese numeral (五, 十二, 二百零五)."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


@dataclass
class Claim:
    concept: str
    value: int
    start: int  # offsets of the clause in the flat text
    end: int
    clause: str
    group: str | None = None  # t4 group context for outcome claims


_INTEREST_RE = re.compile(r"\d|[零〇一二两三四五六七八九十百千]\s*(?:件|起|宗)|未|没有|无|均|全部")
_TABLE_LINE_RE = re.compile("[^\n]*[\t" + BLANK + "][^\n]*")
_ENUM_SPLIT_RE = re.compile(r"(?<=[件条起宗个份项])\s*、")


def _clauses(text: str, start: int, end: int):
    """(sentence index, clause start, clause text) over ``text[start:end]``.

    Clauses end at ，（）：; an enumeration "依申请公开274条、不予公开96条" is cut
    after each counted number, but "行政复议、行政诉讼案件共74件" stays whole.
    """
    for si, sm in enumerate(_SENT_RE.finditer(text, start, end)):
        s = sm.group(0)
        if "\t" in s or BLANK in s:  # blank out table lines, keep offsets
            s = _TABLE_LINE_RE.sub(lambda m: " " * len(m.group()), s)
        if not _INTEREST_RE.search(s):
            continue  # no figure and no "none" statement
        pos = 0
        base = sm.start()
        for part in _CLAUSE_SPLIT_RE.split(s):
            if "、" not in part:  # nothing to enumerate (most clauses): the part is the clause
                if part and not part.isspace():
                    yield si, base + pos, part
            elif part.strip():
                sub_pos = 0
                for sub in _ENUM_SPLIT_RE.split(part):
                    if sub.strip():
                        yield si, base + pos + part.find(sub, sub_pos), sub
                    sub_pos += len(sub)
            pos += len(part) + 1


def _count_match(clause: str):
    """(value, counter) of the first counted number in ``clause``."""
    m = _COUNT_RE.search(clause)
    if not m:
        return None, None
    if m.group(1) is not None:
        return int(m.group(1)), m.group(2)
    return cn_number(m.group(3)), m.group(4)


def _count(clause: str) -> int | None:
    return _count_match(clause)[0]


_ZERO_CASES_RE = re.compile(
    r"(?:没有|未(?!经)|无|尚无)(?:发生|收到|产生|出现|接到|有|被提起|被申请|提起|申请|因)?[^，。\d]{0,18}?(?:复议|诉讼)"
    r"|(?:复议|诉讼)[^，。\d]{0,12}?(?:均为零|均为0|为零|均无|数量为0)")
_CELL_LINE_RE = re.compile(r"(?m)^[ \t]*(?:无|[-—–―]{1,4}|/)[ \t]*\|?[ \t]*$")
_TABLE_WORDS_RE = re.compile(r"结果维持|结果纠正|尚未审结|直接起诉|复议后起诉|本年新收|上年结转|申请人情况|信息内容")
_EXCLUDE_REQ = re.compile(r"复议|诉讼|咨询|留言|信访|投诉|来信|热线|12345|审批|事项|办件|业务|许可|举报|建议|提案|网民")
_OUTCOME_RE = re.compile(r"维持|纠正|其他结果|尚未审结|未审结")
_PAIR_RE = re.compile(r"(复议|诉讼)[^\d、，,]{0,10}?(\d+)\s*(?:件|起|宗)")


_SPACE_RE = re.compile(r"\s+")
_COUNTED_RE = re.compile(r"\d+(?:件|起)")
# every claim made without a counted number says "none" (未/没有/无/零/0) or "all" (均/全部)
_NONE_WORD_RE = re.compile(r"[均全未没无零0]")


def table_claims(text: str, start: int, end: int, year: int | None) -> list[Claim]:
    """Claims about Tables 3 and 4 stated anywhere in the report's prose."""
    claims: list[Claim] = []
    groups: dict[int, list[str]] = {}  # t4 groups a sentence has mentioned so far
    for si, cs, clause in _clauses(text, start, end):
        if BLANK in clause or "\t" in clause or "|" in clause:
            continue  # a table line, not prose
        # a line holding only 无 / — is a table cell (one cell per line), not the word "none" of the prose
        c = _SPACE_RE.sub("", _CELL_LINE_RE.sub("", clause))
        if _TABLE_WORDS_RE.search(c) and not _COUNTED_RE.search(c):
            continue  # a table header run together with the prose
        if year and any(int(y) != year for y in _YEAR_IN_RE.findall(c)):
            continue
        n, unit = _count_match(c)
        review, litig = "复议" in c, "诉讼" in c
        mentioned = groups.setdefault(si, [])
        for g, present in (("review", review), ("litigation", litig)):
            if present and g not in mentioned:
                mentioned.append(g)
        if n is None and not _NONE_WORD_RE.search(c):
            continue  # no counted number and no "none" / "all" statement: nothing below applies

        def add(concept, value, group=None):
            claims.append(Claim(concept, value, cs, cs + len(clause), clause.strip(), group))

        if re.search(r"均(?:获|被|予以)?维持|全部(?:获|被|予以)?维持|均获支持", c) and mentioned:
            add("all_upheld", 0, "both" if len(mentioned) > 1 else mentioned[0])
            continue
        if (review or litig) and n is None and _ZERO_CASES_RE.search(c) and not re.search(r"败诉|纠错|被纠正|撤销", c):
            if review:
                add("review_total", 0, "review")
            if litig:
                add("litigation_total", 0, "litigation")
            continue
        if n is None:
            if (re.search(r"(?:未|没有)(?:收到|受理|接到|发生)[^，。]{0,12}?(?:信息公开)?申请", c)
                    and not _EXCLUDE_REQ.search(c)):
                add("received", 0)
            continue
        if review and litig:
            pairs = _PAIR_RE.findall(c)
            kinds = {k for k, _ in pairs}
            if len(pairs) >= 2 and kinds == {"复议", "诉讼"}:
                for k, v in pairs:
                    add("review_total" if k == "复议" else "litigation_total", int(v),
                        "review" if k == "复议" else "litigation")
            elif re.search(r"共|合计|总计|案件", c):
                add("review_litigation_total", n)
            continue
        if (review or litig) and not _OUTCOME_RE.search(c):
            if review:
                add("review_total", n, "review")
            else:
                add("litigation_total", n, "litigation")
            continue
        group = "review" if review else "litigation" if litig else (mentioned[-1] if mentioned else None)
        if group and _OUTCOME_RE.search(c):
            outcome = ("upheld" if "维持" in c else "corrected" if "纠正" in c else
                       "pending" if "审结" in c else "other")
            add(f"outcome_{outcome}", n, group)
            continue
        about_requests = "申请" in c or unit in ("件", "宗")
        if not about_requests:
            continue  # "不予公开信息数105条" counts pieces of information, not applications
        if re.search(r"予以公开(?:及|和|与|或)部分公开|予以公开、部分公开", c):
            add("granted_or_partial", n)
        elif re.search(r"(?<!不)予以公开|同意公开|(?<!不予)公开答复|予以答复公开", c) and "不予" not in c:
            add("granted", n)
        elif "部分公开" in c:
            add("partial", n)
        elif "不予公开" in c:
            add("withheld", n)
        elif "无法提供" in c:
            add("unavailable", n)
        elif "不予处理" in c:
            add("not_processed", n)
        elif "其他处理" in c:
            add("other_handling", n)
        elif re.search(r"上年(?:度)?结转|结转上年|上年度未办结", c):
            add("carried_over", n)
        elif re.search(r"结转下|结转至下|下一?年度|顺延|转入下|结转到下", c):
            add("carry_forward", n)
        elif "自然人" in c and "申请" in c:
            add("natural_person", n)
        elif re.search(r"法人(?:或|和)?其他组织", c) and "申请" in c:
            add("organisations", n)
        elif re.search(r"收到|受理|接收|新收|申请总[数量]|申请数量", c) and "申请" in c and not _EXCLUDE_REQ.search(c):
            add("received", n)
        elif re.search(r"办结|答复|办理完毕|已办理|共办理|处理完毕", c) and not _EXCLUDE_REQ.search(c):
            recent = [cl.concept for cl in claims[-3:]]
            if "申请" in c or "received" in recent or "carried_over" in recent:
                add("concluded" if re.search(r"办结|答复|办理完毕|处理完毕", c) else "handled", n)
    return claims


# -- what the tables say about a claim ----------------------------------------------------------

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")
ORGS = APPLICANTS[1:]


def _row_options(values: dict, row: str, cols: Iterable[str] = APPLICANTS, total: bool = True) -> set[int] | None:
    """What the table says a row adds up to: the printed 总计 and/or the sum of its applicant cells."""
    keys = [f"t3.{c}.{row}" for c in cols]
    tkey = f"t3.total.{row}"
    if not any(k in values for k in keys) and tkey not in values:
        return None
    out = set()
    if total and values.get(tkey) is not None:
        out.add(values[tkey])
    parts = [values.get(k) for k in keys]
    if any(p is not None for p in parts) or not out:
        out.add(sum(p or 0 for p in parts))
    return out


def _group_options(fmt: ReportFormat, values: dict, subtotal: str) -> set[int] | None:
    group = next((g for g in fmt.tables["t3"].get("groups", []) if g.get("subtotal") == subtotal), None)
    rows = list(group["rows"]) if group else []
    if subtotal == "other_subtotal" and "t3.total.other_subtotal" in values and not any(
            f"t3.total.{r}" in values for r in rows):
        rows = ["other_subtotal"]
    elif f"t3.total.{subtotal}" in values and rows and not any(f"t3.total.{r}" in values for r in rows):
        rows = [subtotal]
    per_row = [_row_options(values, r) for r in rows]
    if not rows or any(o is None for o in per_row):
        return None
    printed = sum(min(o) if len(o) == 1 else (values.get(f"t3.total.{r}") if values.get(f"t3.total.{r}") is not None
                                                   else min(o)) for r, o in zip(rows, per_row))
    summed = sum(max(o) if values.get(f"t3.total.{r}") is None else sum(values.get(f"t3.{c}.{r}") or 0 for c in APPLICANTS)
                 for r, o in zip(rows, per_row))
    out = {printed, summed}
    if values.get(f"t3.total.{subtotal}") is not None:
        out.add(values[f"t3.total.{subtotal}"])
    return out


def results_total(fmt: ReportFormat, values: dict) -> int | None:
    rows = [r for r in fmt.sets["t3.results"]]
    if "t3.total.other_subtotal" in values and not any(f"t3.total.{r}" in values for r in
                                                      ("other_no_correction", "other_fee_unpaid", "other_other")):
        rows = [r for r in rows if not r.startswith("other_")] + ["other_subtotal"]
    total = 0
    for r in rows:
        o = _row_options(values, r)
        if o is None:
            return None
        printed = values.get(f"t3.total.{r}")
        total += printed if printed is not None else max(o)
    return total


def t4_cell(values: dict, group: str, col: str) -> int | None:
    key = f"t4.{group}.{col}"
    if key not in values:
        return None
    return values[key] or 0


def _t4_total(values: dict, group: str) -> set[int] | None:
    tot = t4_cell(values, group, "total")
    if tot is None:
        return None
    parts = [t4_cell(values, group, c) or 0 for c in ("upheld", "corrected", "other", "pending")]
    return {tot, sum(parts)}


def _lit(values: dict, col: str) -> int | None:
    a, b = t4_cell(values, "litigation_direct", col), t4_cell(values, "litigation_after_review", col)
    if a is None or b is None:
        return None
    return a + b


_T3_LABEL = {
    "received": "“一、本年新收政府信息公开申请数量”总计",
    "handled": "“（七）总计”",
    "concluded": "“（七）总计”",
    "carried_over": "“二、上年结转”总计",
    "carry_forward": "“四、结转下年度继续办理”总计",
    "granted": "“（一）予以公开”",
    "partial": "“（二）部分公开”",
    "granted_or_partial": "“（一）予以公开”与“（二）部分公开”之和",
    "withheld": "“（三）不予公开”各项之和",
    "unavailable": "“（四）无法提供”各项之和",
    "not_processed": "“（五）不予处理”各项之和",
    "other_handling": "“（六）其他处理”",
    "natural_person": "“自然人”列的申请数（本年新收，或加上年结转）",
    "organisations": "法人或其他组织各列的申请数（本年新收，或加上年结转）",
}

_CELLS = {
    "received": ["t3.total.new_received", "t3.total.carried_over"],
    "handled": ["t3.total.result_total"],
    "concluded": ["t3.total.result_total"],
    "carried_over": ["t3.total.carried_over"],
    "carry_forward": ["t3.total.carry_forward"],
    "granted": ["t3.total.granted"],
    "partial": ["t3.total.partially_granted"],
    "granted_or_partial": ["t3.total.granted", "t3.total.partially_granted"],
}


def expected_values(fmt: ReportFormat, values: dict, claim: Claim) -> tuple[set[int] | None, str, list[str]]:
    """(the values the table allows for a claim, what the table calls it, its cell keys).

    A set, because prose counts loosely: "受理申请 N 件" may include last year's carried-over
    applications, a blank 总计 cell means the row's parts are the figure, and so on."""
    c = claim.concept
    if c == "received":
        new, carried = _row_options(values, "new_received"), _row_options(values, "carried_over")
        if new is None:
            return None, "", []
        opts = set(new) | ({a + b for a in new for b in carried} if carried else set())
        return opts, _T3_LABEL[c] + ("（或加上“二、上年结转”）" if carried else ""), _CELLS[c]
    if c == "handled":
        # "办理" is used both for the applications concluded and for all those dealt with in the year
        res, fwd = _row_options(values, "result_total"), _row_options(values, "carry_forward")
        new, carried = _row_options(values, "new_received"), _row_options(values, "carried_over")
        if res is None:
            return None, "", []
        opts = set(res) | ({a + b for a in res for b in fwd} if fwd else set())
        if new:
            opts |= set(new) | ({a + b for a in new for b in carried} if carried else set())
        return opts, "“（七）总计”（或加上“四、结转下年度继续办理”）", _CELLS["handled"]
    if c in ("concluded", "carried_over", "carry_forward", "granted", "partial"):
        row = {"concluded": "result_total", "carried_over": "carried_over", "carry_forward": "carry_forward",
               "granted": "granted", "partial": "partially_granted"}[c]
        return _row_options(values, row), _T3_LABEL[c], _CELLS[c]
    if c == "granted_or_partial":
        a, b = _row_options(values, "granted"), _row_options(values, "partially_granted")
        if a is None or b is None:
            return None, "", []
        return {x + y for x in a for y in b}, _T3_LABEL[c], _CELLS[c]
    if c in ("withheld", "unavailable", "not_processed", "other_handling"):
        sub = {"withheld": "withheld_subtotal", "unavailable": "unavailable_subtotal",
               "not_processed": "not_processed_subtotal", "other_handling": "other_subtotal"}[c]
        group = next((g for g in fmt.tables["t3"].get("groups", []) if g.get("subtotal") == sub), None)
        keys = [f"t3.total.{r}" for r in (group["rows"] if group else [sub])]
        return _group_options(fmt, values, sub), _T3_LABEL[c], keys
    if c in ("natural_person", "organisations"):
        cols = ("natural_person",) if c == "natural_person" else ORGS
        new = _row_options(values, "new_received", cols, total=False)
        carried = _row_options(values, "carried_over", cols, total=False)
        if new is None:
            return None, "", []
        opts = set(new) | ({a + b for a in new for b in carried} if carried else set())
        return opts, _T3_LABEL[c], [f"t3.{col}.new_received" for col in cols]
    if c == "review_total":
        return _t4_total(values, "review"), "表四“行政复议”总计", ["t4.review.total"]
    if c == "litigation_total":
        a, b = _t4_total(values, "litigation_direct"), _t4_total(values, "litigation_after_review")
        if a is None or b is None:
            return None, "", []
        return {x + y for x in a for y in b}, "表四“行政诉讼”（未经复议直接起诉与复议后起诉）总计之和", [
            "t4.litigation_direct.total", "t4.litigation_after_review.total"]
    if c == "review_litigation_total":
        parts = [t4_cell(values, g, "total") for g in ("review", "litigation_direct", "litigation_after_review")]
        if any(p is None for p in parts):
            return None, "", []
        r, d, a = parts
        return {r + d + a}, "表四行政复议与行政诉讼总计之和", [
            "t4.review.total", "t4.litigation_direct.total", "t4.litigation_after_review.total"]
    if c.startswith("outcome_"):
        col = c.removeprefix("outcome_")
        zh = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}[col]
        if claim.group == "review":
            v = t4_cell(values, "review", col)
            return (None if v is None else {v}), f"表四“行政复议/{zh}”", [f"t4.review.{col}"]
        v = _lit(values, col)
        return (None if v is None else {v}), f"表四“行政诉讼/{zh}”（两类诉讼之和）", [
            f"t4.litigation_direct.{col}", f"t4.litigation_after_review.{col}"]
    return None, "", []



# -- pre-2019 facts -------------------------------------------------------------------------

FACT_LABELS = {
    "主动公开政府信息": "本年主动公开政府信息（条）",
    "主动公开_历年累计": "历年累计主动公开（条）",
    "政府网站公布": "通过政府网站公开（条）",
    "新闻发布": "通过新闻发布公开（条/次）",
    "依申请公开申请": "收到政府信息公开申请（件）",
    "依申请_同意公开": "同意公开答复（件）",
    "行政复议": "政府信息公开行政复议（件）",
    "行政诉讼": "政府信息公开行政诉讼（件）",
    "咨询人次": "政府信息公开咨询（人次）",
    "审批事项受理": "受理审批事项（件）",
    "审批事项办结": "办结审批事项（件）",
}

_STAT_ROW_RE = re.compile(r"主动公开(?:政府)?(?:文件|信息)?(?:数|条数|总数)[\s\t]*条?[\s\t]*(\d+)(?:[\s\t]+(\d+))?")


def extract_facts(src: Source, text: str, start: int, end: int) -> tuple[dict[str, int], dict[str, Provenance]]:
    facts: dict[str, int] = {}
    where: dict[str, Provenance] = {}

    def put(key: str, value: int | None, pos: int, raw: str):
        if value is None or key in facts:
            return
        facts[key] = value
        origin, _ = src.origin(pos)
        where[key] = Provenance(raw=raw.strip()[:80], line=origin.line, table=origin.table, row=origin.row,
                                col=origin.col, page=origin.page)

    prev: dict[int, str] = {}
    weaker: dict[str, tuple] = {}  # less specific statements, used only when nothing better is said
    for si, cs, clause in _clauses(text, start, end):
        c = re.sub(r"\s+", "", clause)
        n, unit = _count_match(c)
        review, litig = "复议" in c, "诉讼" in c
        if (review or litig) and (n is None or n == 0):
            negated = re.search(r"(?:未|没有|无)(?:发生|收到|产生|出现)?[^，。]{0,20}?(?:复议|诉讼)", c)
            if negated or n == 0:
                if review:
                    put("行政复议", 0, cs, clause)
                if litig:
                    put("行政诉讼", 0, cs, clause)
                continue
        if review and not litig and n is not None:
            put("行政复议", n, cs, clause)
            continue
        if litig and not review and n is not None:
            put("行政诉讼", n, cs, clause)
            continue
        if n is None:
            if re.search(r"(?:未|没有)(?:收到|受理|接到|发生)[^，。]{0,12}?(?:政府信息公开|信息公开|公开)申请", c):
                put("依申请公开申请", 0, cs, clause)
            elif re.search(r"未发生政府信息公开申请|没有政府信息公开申请", c):
                put("依申请公开申请", 0, cs, clause)
            continue
        if re.search(r"(?:政府)?(?:门户)?网站(?:公布|公开|发布)", c) and unit in ("条", "件", "篇"):
            put("政府网站公布", n, cs, clause)
        elif "新闻发布" in c:
            put("新闻发布", n, cs, clause)
        elif "主动公开" in c and ("信息" in c or "文件" in c) and unit in ("条", "件", "项", "份", "篇") and not c.startswith("其中"):
            if "累计" in c or "历年" in c:
                put("主动公开_历年累计", n, cs, clause)
            elif re.search(r"主动公开(?:了)?(?:政府)?信息", c):
                put("主动公开政府信息", n, cs, clause)
            else:
                weaker.setdefault("主动公开政府信息", (n, cs, clause))
        elif unit == "人次" and "咨询" in (c + text[cs + len(clause):cs + len(clause) + 40]):
            put("咨询人次", n, cs, clause)
        elif "审批事项" in c and ("受理" in c or "收到" in c):
            put("审批事项受理", n, cs, clause)
            prev[si] = "审批事项受理"
        elif "办结" in c and prev.get(si) == "审批事项受理":
            put("审批事项办结", n, cs, clause)
        elif (re.search(r"依申请公开|信息公开申请|公开申请", c) and unit in ("件", "个", "份", "宗")
              and not re.search(r"复议|诉讼|咨询|制度|规定|办法|流程", c)):
            put("依申请公开申请", n, cs, clause)
    for key, (n, cs, clause) in weaker.items():
        put(key, n, cs, clause)
    # an old-style statistics table: "主动公开文件数 条 <本年> <历年累计>"
    for m in _STAT_ROW_RE.finditer(text, start, end):
        a, b = m.group(1), m.group(2)
        if b is not None:
            put("主动公开政府信息", int(a), m.start(1), m.group(0))
            put("主动公开_历年累计", int(b), m.start(2), m.group(0))
        elif "主动公开政府信息" in facts and a.startswith(str(facts["主动公开政府信息"])) and len(a) > len(str(facts["主动公开政府信息"])):
            rest = a[len(str(facts["主动公开政府信息"])):]
            if rest[:1] != "0":
                put("主动公开_历年累计", int(rest), m.start(1), m.group(0))
        break
    # other rows of such a table, used only where the prose is silent: "<指标> 件|条 <本年> [<累计>]"
    for key, m in _stat_rows(text, start, end):
        a, b = m.group("a"), m.group("b")
        if b is not None:
            put(key, int(a), m.start("a"), m.group(0))
        elif set(a) == {"0"}:
            put(key, 0, m.start("a"), m.group(0))  # "00": zero this year and in total
        elif len(a) == 1:
            put(key, int(a), m.start("a"), m.group(0))
    return facts, where


_STAT_ROWS = {
    "依申请公开申请": r"(?:受理)?依申请公开(?:信息|申请)?(?:总数|数)",
    "行政复议": r"行政复议(?:数|件数|案件数)",
    "行政诉讼": r"行政诉讼(?:数|件数|案件数)",
}
_STAT_ROW_RES = {k: re.compile(v + r"[ \t]*(?:件|条|个)?[ \t]*(?P<a>\d+)(?:[ \t]+(?P<b>\d+))?") for k, v in _STAT_ROWS.items()}


def _stat_rows(text: str, start: int, end: int):
    for key, pattern in _STAT_ROW_RES.items():
        m = pattern.search(text, start, end)
        if m:
            yield key, m
