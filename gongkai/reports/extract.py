"""From a ``Source`` to a ``ReportDocument``: metadata, format, sections, Tables 2–4.

How the tables are read, whatever the file looked like:

1. The report is cut into its six sections by their numbered headings; a report
   printed twice on one page is cut into its copies (the first is read, the
   second compared with it).
2. In each table's section every row label of the format is searched for (the
   ``match`` hints of ``gongkai/law/formats/data/*.json``, tolerant of spaces
   and line breaks inside labels).  The text between one label and the next is
   that row's value text.  Row labels can occur where they are not row labels
   (a header row repeated in the wrong place, a heading above a Markdown
   table): a dynamic programme picks the chain of labels, in the format's row
   order, whose value texts read best.
3. A value text is cut into number tokens (``numbers.tokenize``) and read as the
   row's cells (``numbers.split_tokens``).  Where digits of several cells ran
   together, every split is tried: the table's own equations choose
   (six applicant columns add up to 总计; per column 一+二 = （七）+四 and the
   result rows add up to （七）; Table 4 totals), first per row, then jointly
   across the rows still ambiguous; priors (zero is common, 现行有效 ≥ 本年制发 …)
   and the report's own narrative figures break remaining ties.  A reading that
   stays ambiguous is kept as the most plausible one and flagged.
4. When the labels and the numbers of Table 3 were separated (PDF text
   extracted in default mode lists cells column by column), the numbers are
   read as a stream instead: row by row or in column-major blocks, whichever
   makes the row sums hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from gongkai.law.formats import ReportFormat, load_format
from gongkai.law.rules import CellRef, Finding

from .document import PRE2019, Provenance, ReportDocument, ReportMetadata
from .numbers import DASHES, Piece, Token, gap_score, magnitude_prior, split_tokens, tokenize
from .readers import BLANK, Source


class ParseError(Exception):
    """The file was read but is not a report we can parse (message in Chinese)."""


def _loose(word: str) -> str:
    """Regex for ``word`` allowing spaces / line breaks between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


# -- sections ------------------------------------------------------------------------

_NUM = r"{n}\s*[、.．]\s*"
SECTION_PATTERNS = {
    "s1_overview": re.compile(_NUM.format(n="一") + r"(?:总\s*体\s*情\s*况|概\s*述)"),
    "s2_proactive": re.compile(_NUM.format(n="二") + r"主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*(?:的\s*)?情\s*况"),
    "s3_requests": re.compile(_NUM.format(n="三") + r"收\s*到\s*和\s*处\s*理\s*政\s*府\s*信\s*息\s*公\s*开\s*申\s*请\s*(?:的\s*)?情\s*况"),
    # (no digits, dashes or 无 in the gaps: a crawler's "四、结转下年度继续办理———四、…行政复议…" is a row, then the heading)
    "s4_review_litigation": re.compile(_NUM.format(n="四") + r"[^。\n\d—–―无]{0,24}?行\s*政\s*复\s*议[^。\n\d]{0,16}?行\s*政\s*诉\s*讼[^。\n\d]{0,6}?情\s*况"),
    "s5_problems": re.compile(_NUM.format(n="五") + r"[^。\n\d]{0,20}?(?:存\s*在|主\s*要)[^。\n\d]{0,6}?问\s*题[^。\n\d]{0,12}?(?:改\s*进|整\s*改|措\s*施)?[^。\n\d]{0,4}?(?:情\s*况|措\s*施|方\s*向)?"),
    "s6_other": re.compile(_NUM.format(n="六") + r"其\s*他[^。\n\d]{0,8}?事\s*项"),
}
SECTION_ORDER = list(SECTION_PATTERNS)


@dataclass
class Layout:
    """Where the sections of one copy of the report are."""

    start: int
    end: int
    heads: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (heading start, heading end)

    def section_span(self, key: str) -> tuple[int, int] | None:
        if key not in self.heads:
            return None
        s = self.heads[key][1]
        later = [self.heads[k][0] for k in SECTION_ORDER[SECTION_ORDER.index(key) + 1:] if k in self.heads]
        return s, (min(later) if later else self.end)


def _find_heads(text: str, start: int, end: int) -> dict[str, list[re.Match]]:
    return {k: list(p.finditer(text, start, end)) for k, p in SECTION_PATTERNS.items()}


def find_layouts(text: str) -> list[Layout]:
    """One layout per copy of the report on the page (usually one)."""
    heads = _find_heads(text, 0, len(text))
    s1 = heads["s1_overview"]
    anchors = [m for m in s1]
    # a copy is a 一、总体情况 followed by 三、收到和处理… before the next 一、
    starts = []
    for i, m in enumerate(anchors):
        nxt = anchors[i + 1].start() if i + 1 < len(anchors) else len(text)
        if any(m.start() < h.start() < nxt for h in heads["s3_requests"]):
            starts.append(m)
    if len(starts) < 2:
        layout = Layout(0, len(text))
        for key in SECTION_ORDER:
            ms = heads[key]
            if ms:
                # the first heading after the previous section's heading
                prev = max((layout.heads[k][0] for k in layout.heads), default=-1)
                cand = next((m for m in ms if m.start() > prev), ms[0])
                layout.heads[key] = (cand.start(), cand.end())
        return [layout]
    layouts = []
    bounds = [0] + [_copy_boundary(text, starts[i - 1].end(), m.start()) for i, m in enumerate(starts) if i] + [len(text)]
    for i in range(len(starts)):
        lo, hi = bounds[i], bounds[i + 1]
        layout = Layout(lo, hi)
        sub = _find_heads(text, lo, hi)
        prev = lo - 1
        for key in SECTION_ORDER:
            cand = next((m for m in sub[key] if m.start() > prev), None)
            if cand:
                layout.heads[key] = (cand.start(), cand.end())
                prev = cand.start()
        layouts.append(layout)
    return layouts


_TITLE_LINE_RE = re.compile(r"[^\n]*(?:年度报告|年报|工作报告)[^\n]*")


def _copy_boundary(text: str, after: int, s1_start: int) -> int:
    """Where the second copy begins: its title line, else its 一、总体情况."""
    six = SECTION_PATTERNS["s6_other"].search(text, after, s1_start)
    lo = six.end() if six else after
    window_start = max(lo, s1_start - 600)
    for m in _TITLE_LINE_RE.finditer(text, window_start, s1_start):
        if len(m.group(0).strip()) <= 60:
            return m.start()
    return s1_start


# -- metadata ------------------------------------------------------------------------

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_RE = re.compile(
    r"(?P<pre>[^\n。；]{0,40}?)(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?P<post>[^\n。；]{0,30}?)"
    r"(?:政\s*府\s*)?(?:信\s*息\s*公\s*开|政\s*务\s*公\s*开)[^\n。；]{0,16}?(?:年\s*度\s*)?(?:工\s*作\s*)?(?:报\s*告|年\s*报)"
)
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_PUBLISHED_RE = re.compile(r"(?:发布日期|发布时间|发文日期|成文日期|时间)\s*[:：]\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_AGENCY_TAIL_RE = re.compile(
    r"(?:人民政府(?:办公厅|办公室)?|政府办公室|办公厅|办公室|委员会|管委会|管理委员会|局|厅|委|署|院|会|中心|办|所|处|站|队|馆|集团|公司)$"
)
_CLEAN_TITLE_RE = re.compile(r"^[\s#>*【\[]+|[\s】\]*]+$")


def _parse_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    m = _DATE_RE.search(s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_AGENCY_CUT_RE = re.compile(r"[】\]>|｜：:，,。；;!！?？·•]+")
_CHROME_RE = re.compile(r"(?:打印本页|关闭窗口|打印|关闭|收藏|分享到?|字号|字体|[大中小]{3}|浏览次数|阅读次数|[\s]+)")


def _clean_agency(s: str) -> str | None:
    # page chrome joined to a title ("【字体：大 中 小】 打印本页 关闭窗口XX局…", "首页 > 年报 > XX局…"):
    # the name is what follows the last separator
    parts = [p for p in _AGENCY_CUT_RE.split(s.strip()) if p]
    if len(parts) > 1 and re.search(r"[\u4e00-\u9fff]{2}", parts[-1]):
        s = parts[-1]
    s = _CHROME_RE.sub("", s)
    s = re.sub(r"^(?:关于|标题[:：])|关于$", "", s)
    s = s.strip("：:，,、（(）) #*")
    if not s or len(s) > 40 or not re.search(r"[\u4e00-\u9fff]", s):
        return None
    return s


def _title_candidates(src: Source, text: str, start: int) -> list[str]:
    cands = []
    if src.meta.get("title"):
        cands.append(src.meta["title"])
    head = text[start:start + 1500]
    lines = [ln.strip() for ln in head.split("\n")]
    lines = [ln for ln in lines if ln and not ln.startswith(("标题", "发布", "文号", "栏目", "原文", "本地目录", "页面链接", "来源", "====="))]
    lines = [ln for ln in lines if len(ln) <= 90]  # a title is short; prose lines only cost time
    for i, ln in enumerate(lines[:12]):
        joined = [ln]
        if i + 1 < len(lines):
            joined.append(ln + lines[i + 1])
        if i > 0:
            joined.append(lines[i - 1] + " " + ln)
        cands.extend(joined)
    if src.meta.get("html_title"):
        cands.append(src.meta["html_title"].split("_")[0])
    return cands


def extract_metadata(src: Source, text: str, layout: Layout) -> ReportMetadata:
    meta = ReportMetadata(source_path=src.path or None, source_kind=src.kind, encoding=src.encoding)
    title = agency = None
    year = None
    for cand in _title_candidates(src, text, layout.start):
        cleaned = _CLEAN_TITLE_RE.sub("", cand)
        m = _TITLE_RE.search(cleaned)
        if not m:
            continue
        title = re.sub(r"\s+", "", cleaned[m.start():])
        year = int(m.group("year"))
        pre = _clean_agency(m.group("pre") or "")
        post = _clean_agency(m.group("post") or "")
        agency = pre or post
        break
    meta.title = title
    if year is None:
        # statistics period, else the first year the overview mentions
        m = re.search(r"统计(?:期限|时限|时间)[^。]{0,10}?((?:19|20)\d{2})\s*年", text[layout.start:layout.end])
        if m:
            year = int(m.group(1))
        elif "s1_overview" in layout.heads:
            m = _YEAR_RE.search(text, layout.heads["s1_overview"][1], layout.heads["s1_overview"][1] + 400)
            if m:
                year = int(m.group(1))
    signed = None
    tail = text[max(layout.start, layout.end - 400):layout.end]
    dates = list(_DATE_RE.finditer(tail))
    if dates:
        last = dates[-1]
        signed = _parse_date(last.group(0))
        before = tail[:last.start()].rstrip().split("\n")
        sig = before[-1].strip() if before else ""
        if not agency or len(agency) <= 3:
            cand = _clean_agency(sig)
            if cand and _AGENCY_TAIL_RE.search(cand) and len(cand) >= 4:
                agency = cand
    if year is None and signed is not None:
        year = signed.year - 1 if signed.month <= 6 else signed.year
    if not agency and src.meta.get("agency"):
        agency = _clean_agency(src.meta["agency"].split("|")[0])
    if agency and len(agency) <= 3:
        # a title saying only "公安局": the fuller name the report uses for itself
        names = re.findall(r"[\u4e00-\u9fff]{2,12}" + re.escape(agency), text[layout.start:layout.end])
        names = [n for n in names if not re.match(r"^(?:我|本|该|全|各|由|对|在|向|与|和|及|是|为)", n)]
        if names:
            agency = min(set(names), key=lambda n: (-names.count(n), len(n)))
    meta.agency = agency
    meta.year = year
    published = _parse_date(src.meta.get("published"))
    if published is None:
        m = _PUBLISHED_RE.search(text, layout.start, min(layout.end, layout.start + 3000))
        if m:
            published = _parse_date(m.group(1))
    meta.published = published
    meta.signed = signed
    return meta


# -- format detection ----------------------------------------------------------------

_SIGNALS_2019 = [re.compile(_loose(w)) for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "政府集中采购", "采购项目数量")]
_SIGNALS_2019.append(re.compile(r"第\s*二\s*十\s*条\s*第\s*[（(]\s*九\s*[)）]\s*项"))
_SIGNALS_2021 = [re.compile(_loose(w)) for w in ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "收费通知")]
_T3_SIGNALS = [re.compile(_loose(w)) for w in ("本年新收", "上年结转", "结转下年度", "本年度办理结果")]
_T2_CAPTION_RE = re.compile(r"第\s*二\s*十\s*条\s*第?\s*[（(]\s*([一二三四五六七八九十]{1,2})\s*[)）]\s*项")


def detect_format(text: str, start: int, end: int, year: int | None) -> tuple[str, dict]:
    s19 = sum(1 for p in _SIGNALS_2019 if p.search(text, start, end))
    s21 = sum(1 for p in _SIGNALS_2021 if p.search(text, start, end))
    t3 = sum(1 for p in _T3_SIGNALS if p.search(text, start, end))
    t2 = len(_T2_CAPTION_RE.findall(text[start:end]))
    info = {"signals_2019": s19, "signals_2021": s21, "table3_labels": t3, "table2_captions": t2}
    if t3 < 2 and t2 == 0:
        return PRE2019, info  # no standard table at all: a narrative report
    if s19 > s21:
        return "2019", info
    if s21 > s19:
        return "2021", info
    if year is not None:
        return ("2019" if year <= 2020 else "2021"), info
    return "2021", info


# -- row specifications --------------------------------------------------------------


@dataclass(frozen=True)
class RowSpec:
    key: str
    table: str  # t2 | t3 | t4
    cells: tuple[str, ...]
    kinds: tuple[str, ...]
    pattern: re.Pattern | None
    number: str | None = None  # numbering digit printed before the label
    optional: bool = False
    block: str | None = None
    label: str = ""
    mark: tuple[str, str] | None = None  # the row's printed numbering: ("d", "3") 3. / ("p", "七") （七） / ("c", "四") 四、


_SUB_NUM_RE = re.compile(r"(\d+)$")
_T3_EXTRA = {
    # generic words need context: "3.其他" only as a numbered sub-row label
    "other_other": r"(?<=[.．、)）3])\s*其\s*他(?!\s*(?:法\s*律|处\s*理|结\s*果|组\s*织|需\s*要|情\s*形|应))",
    "result_total": r"(?:总|合)\s*计",
}
_SUBTOTAL_PATTERNS = {
    "withheld_subtotal": _loose("不予公开"),
    "unavailable_subtotal": _loose("无法提供"),
    "not_processed_subtotal": _loose("不予处理"),
    "other_subtotal": _loose("其他处理"),
}


def _pattern_for(row: dict) -> re.Pattern:
    if row["key"] in _T3_EXTRA:
        return re.compile(_T3_EXTRA[row["key"]])
    words = row.get("match") or [row["label"]]
    return re.compile("|".join(_loose(w) for w in sorted(words, key=len, reverse=True)))


SUBTOTAL_COL = "legal_person_or_org_subtotal"


@lru_cache(maxsize=None)
def t3_rowspecs(version: str, subtotal_at: int | None = None) -> tuple[RowSpec, ...]:
    """Table-3 rows; ``subtotal_at``: the position of a printed 法人或其他组织 小计 column, if any."""
    fmt = load_format(version)
    cols = [c["key"] for c in fmt.t3_columns()]
    if subtotal_at is not None:
        cols.insert(subtotal_at, SUBTOTAL_COL)
    specs = []
    groups = {g.get("subtotal"): g for g in fmt.tables["t3"].get("groups", []) if g.get("subtotal")}
    first_of_group = {g["rows"][0]: sub for sub, g in groups.items()}
    for row in fmt.t3_rows():
        key = row["key"]
        sub = first_of_group.get(key)
        if sub and key != sub:
            specs.append(RowSpec(sub, "t3", tuple(f"t3.{c}.{sub}" for c in cols), ("integer",) * len(cols),
                                 re.compile(_SUBTOTAL_PATTERNS[sub]), optional=True, label=groups[sub]["label"]))
        m = _SUB_NUM_RE.search(row.get("number", ""))
        specs.append(RowSpec(key, "t3", tuple(f"t3.{c}.{key}" for c in cols), ("integer",) * len(cols),
                             _pattern_for(row), number=m.group(1) if m else None, label=row["label"],
                             mark=_mark(row.get("number", ""))))
    return tuple(specs)


def _mark(number: str) -> tuple[str, str] | None:
    """The numbering a row label is printed with, from the format's "number" ("三（三）1" → 1.)."""
    if not number:
        return None
    if number[-1].isdigit():
        return ("d", _SUB_NUM_RE.search(number).group(1))
    m = re.search(r"[（(]([一二三四五六七八九])[)）]$", number)
    if m:
        return ("p", m.group(1))
    return ("c", number) if len(number) == 1 else None


@lru_cache(maxsize=None)
def t2_rowspecs(version: str) -> tuple[RowSpec, ...]:
    fmt = load_format(version)
    specs = []
    for block in fmt.t2_blocks():
        for row in block["rows"]:
            keys, kinds = [], []
            for col in block["columns"]:
                keys.append(f"t2.{block['key']}.{row['key']}.{col['key']}")
                ctype = col.get("type", block["type"])
                kinds.append("signed" if col.get("signed") else ctype)
            specs.append(RowSpec(row["key"], "t2", tuple(keys), tuple(kinds), _pattern_for(row), block=block["key"],
                                 label=row["label"]))
    return tuple(specs)


@lru_cache(maxsize=None)
def t4_cells(version: str) -> tuple[str, ...]:
    fmt = load_format(version)
    return tuple(f"t4.{g['key']}.{c['key']}" for g in fmt.t4_groups() for c in fmt.t4_columns())


@lru_cache(maxsize=None)
def _subrows(version: str) -> dict[str, frozenset[str]]:
    """Subtotal row → the rows it adds up (from the format's groups; 2019's one-row （六） has none)."""
    fmt = load_format(version)
    out = {g["subtotal"]: frozenset(g["rows"]) for g in fmt.tables["t3"].get("groups", []) if g.get("subtotal")}
    out.setdefault("other_subtotal", frozenset(("other_no_correction", "other_fee_unpaid", "other_other")))
    return out


_BLOCK_NUMERALS = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}


# -- reading a row ---------------------------------------------------------------------


@dataclass
class RowRead:
    spec: RowSpec
    tokens: list[Token]
    readings: list[list[Piece]]  # the candidate readings, best first
    scores: list[float]  # ranking scores (fit + priors), same order
    fit: float = 0.0  # how well the best reading fits the row (count, row sum): used to choose labels
    fits: list[float] = field(default_factory=list)  # the same per reading (row sum holds or not …)
    label_start: int = -1
    label_end: int = -1
    note: str | None = None
    ambiguous_alts: list[tuple] | None = None  # value tuples of alternative readings
    plausible: int = 0  # how many of them are about as plausible as the chosen one
    reordered: bool = False  # the readings are orders of the printed numbers, not splits of digits
    narrative_choice: bool = False  # the reading kept is the one the report's prose agrees with

    @property
    def best(self) -> list[Piece] | None:
        return self.readings[0] if self.readings else None

    @property
    def score(self) -> float:
        return self.fit


def t3_row_ok(values: tuple) -> bool:
    v = [0 if x is None else x for x in values]
    if len(v) == 8:
        # a printed 法人或其他组织 小计 column: after 其他 (usual) or right after 自然人
        if v[1] == sum(v[2:7]) and v[0] + v[1] == v[7]:
            return True
        return v[6] == sum(v[1:6]) and v[0] + v[6] == v[7]
    return sum(v[:6]) == v[6]


_AT_7 = frozenset((7,))
_AT_8 = frozenset((8,))


def _t3_complete_ok(values: list) -> bool:
    """For pruning: a complete Table-3 row must add up; a partial one cannot be judged yet."""
    return len(values) < 7 or sum(v or 0 for v in values[:6]) == (values[6] or 0)


def _t3_complete_ok8(values: list) -> bool:
    return len(values) < 8 or t3_row_ok(tuple(values))


def _t4_prefix_ok(values: list) -> bool:
    """False as soon as a complete Table-4 group of a partial reading does not add up."""
    v = [0 if x is None else x for x in values]
    return all(sum(v[i:i + 4]) == v[i + 4] for i in (0, 5, 10) if len(v) >= i + 5)


def _t4_groups_ok(values: tuple) -> int:
    v = [0 if x is None else x for x in values]
    return sum(1 for i in (0, 5, 10) if sum(v[i:i + 4]) == v[i + 4])


_COL_SCALE_T3 = (0.6, 1.4, 1.8, 1.8, 1.4, 1.4, 0.6)


def _prior_t3(values: tuple) -> float:
    return sum(magnitude_prior(v, _COL_SCALE_T3[i % 7]) for i, v in enumerate(values))


def _prior_t4(values: tuple) -> float:
    return sum(magnitude_prior(v, 1.0) for v in values)


def _digit_balance(values) -> float:
    lens = [len(str(abs(v))) for v in values if isinstance(v, int) and v != 0]
    if len(lens) < 2:
        return 0.0
    mean = sum(lens) / len(lens)
    return -sum((x - mean) ** 2 for x in lens) / len(lens)


def prior_t2(version: str, block: str, values: tuple) -> float:
    """Plausibility of a Table-2 row reading (only consulted when digits ran together)."""
    score = sum(magnitude_prior(v, 0.3) for v in values if not isinstance(v, str))
    score += 1.5 * _digit_balance(values)
    v = [0 if x is None else x for x in values]
    if block == "art20_1":
        if version == "2021":
            issued, abolished, in_force = v
            if in_force < issued:
                score -= 6  # 现行有效件数 includes this year's new documents
            if abolished > in_force:
                score -= 2
        else:
            made, published, total = v
            if total < published:
                score -= 6  # 对外公开总数量 is cumulative
            if published > made:
                score -= 3  # 本年新公开 ≤ 本年新制作 is typical
            if published == made:
                score += 1
    elif block in ("art20_5", "art20_6", "art20_8") and version == "2019":
        prev, change = v[0], v[1]
        if abs(change) > prev and prev:
            score -= 3  # a year-on-year change is usually smaller than the base
        if change < 0 and -change > prev:
            score -= 6  # cannot remove more items than there were
        if change == 0:
            score += 0.5
    elif block == "art20_9":
        items = v[0]
        amount = re.sub(r"[^\d.]", "", str(v[1]))
        if isinstance(items, int) and items > 0 and amount:
            try:
                per_item = float(amount) / items
            except ValueError:
                per_item = 0.0
            # a centralised procurement item is typically worth 10^4–10^7 yuan (万元 amounts: ×10^4)
            if "万" in str(v[1]):
                per_item *= 10000
            if per_item > 0:
                score -= ((math.log10(per_item) - 5.5) / 1.5) ** 2
    return score


_NUMBERING_RE = re.compile(r"[(（]?[ \t]*(\d{1,2})[ \t]*[.．、)）][ \t]*[^\d.．、:：|\t]{0,20}$")


def _numbering_cut(text: str, region_start: int, label_start: int, number: str | None) -> int:
    """Where the value text before a label ends: without the label's own numbering ("2." in "…00000002.其他")."""
    if number is None:
        return label_start
    lo = max(region_start, label_start - 24)
    window = text[lo:label_start]
    m = _NUMBERING_RE.search(window)
    if not m:
        return label_start
    digits = m.group(1)
    if digits.endswith(number):
        # only the numbering's own digit(s) belong to the label
        return lo + m.start(1) + len(digits) - len(number)
    return label_start


def _atomic_tokens(src: Source, tokens: list[Token]) -> list[Token]:
    if src.grids:
        for t in tokens:
            if not t.atomic and src.origin(t.start)[0].table is not None:
                t.atomic = True
    return tokens


_ANY_NUMBER_RE = re.compile("[0-9" + BLANK + re.escape(DASHES) + "]")
_EMPTY_CELL_RE = re.compile(r"\t(?:\t|[ ]*\n)|\|[ \t]+\||\n[ \t]*\|[ \t]*\n")


def _drop_stray_blanks(text: str, tokens: list[Token]) -> list[Token]:
    """Blank-cell markers count only on lines that also carry numbers (or when there are no numbers at all).

    A table continued on the next page, or a row whose first cell is an empty
    continuation of a spanned label, starts with an empty cell that belongs to
    no value of the previous row.
    """
    if not any(t.kind == "blank" for t in tokens) or not any(t.kind == "num" for t in tokens):
        return tokens
    lines_with_numbers = {text.rfind("\n", 0, t.start) for t in tokens if t.kind == "num"}
    return [t for t in tokens if t.kind == "num" or t.text or text.rfind("\n", 0, t.start) in lines_with_numbers]


def _read_region(src: Source, text: str, start: int, end: int, spec: RowSpec, *, last: bool,
                 version: str) -> RowRead:
    if not _ANY_NUMBER_RE.search(text, start, end):
        if not _EMPTY_CELL_RE.search(text, start, end):
            return RowRead(spec, [], [], [])
        # nothing printed but separators: a row of empty cells only when it shows one per cell
        tokens = tokenize(text, start, end)
        if len(tokens) < len(spec.cells):
            return RowRead(spec, [], [], [])
    tokens = _drop_stray_blanks(text, _atomic_tokens(src, tokenize(text, start, end, stop_at_sentence=last)))
    if not tokens:
        return RowRead(spec, [], [], [])
    # a token's printed text fixes its sign, digits, decimals and unit, so they need not be in the key
    key = (spec.table, spec.block, spec.kinds, version,
           tuple((t.kind, t.text, t.atomic, t.gap_before, t.start == t.end) for t in tokens))
    ranked = _REGION_CACHE.get(key)
    if ranked is None:
        ranked = _score_readings(tokens, spec, version)
        if len(_REGION_CACHE) > 20000:
            _REGION_CACHE.clear()
        _REGION_CACHE[key] = ranked
    readings = []
    for _, _, shape in ranked:
        reading, prev_end = [], tokens[0].start
        for value, raw, ti, rel_s, rel_e in shape:
            if ti == -1:
                reading.append(Piece(value, raw, -1, prev_end, prev_end))
            else:
                base = tokens[ti].start
                reading.append(Piece(value, raw, ti, base + rel_s, base + rel_e))
                prev_end = base + rel_e
        readings.append(reading)
    rr = RowRead(spec, tokens, readings, [r for _, r, _ in ranked])
    rr.fits = [f for f, _, _ in ranked]
    rr.fit = max(rr.fits, default=0.0)
    return rr


_REGION_CACHE: dict[tuple, list] = {}  # the same digits under the same row kind read the same way


def _score_readings(tokens: list[Token], spec: RowSpec, version: str) -> list[tuple[float, float, tuple]]:
    """Every reading of the tokens as the row's cells, scored: [(fit, rank, shape)], best first.

    ``shape`` gives each piece as (value, raw, token index, start, end) with offsets relative to
    its token, so the result does not depend on where the row is in the text (and can be cached).
    """
    n = len(spec.cells)
    windows = [(0, tokens, 0.0)]
    if len(tokens) > n:
        # surplus empty cells at the ends: padding of a ragged row (usually at its end) or empty cells
        # of a spanned label (at its start).  Every split of the surplus between the two ends is a
        # window; the row sums choose, and trailing padding, then unprinted blanks, are preferred
        surplus = len(tokens) - n
        lead = next((i for i, t in enumerate(tokens) if t.kind != "blank"), len(tokens))
        trail = next((i for i, t in enumerate(reversed(tokens)) if t.kind != "blank"), len(tokens))
        trims = []
        for k in range(min(lead, surplus) + 1):
            rest = surplus - k
            if rest <= trail:
                dropped = tokens[:k] + tokens[len(tokens) - rest:]
                printed = sum(1 for t in dropped if t.text)
                # the empty first cell of a line starting with a tab (zero width) is most likely the
                # label's column: dropping it costs least
                shown = sum(1 for t in dropped if t.start != t.end)
                trims.append((printed, shown, k, k, len(tokens) - rest))
        if trims:
            trims.sort()
            windows = [(lo, tokens[lo:hi], 0.3 * i + 2.0 * printed)
                       for i, (printed, _, _, lo, hi) in enumerate(trims)]
        else:
            lo, hi = 0, len(tokens)
            while lo < hi and tokens[lo].kind == "blank" and hi - lo > n:
                lo += 1
            while hi > lo and tokens[hi - 1].kind == "blank" and hi - lo > n:
                hi -= 1
            # values follow their label: a window that skips numbers right after the label is a last resort
            windows = [(lo + i, tokens[lo + i:lo + i + n], 0.0 if i == 0 else 6.0 + 0.5 * i)
                       for i in range(hi - lo - n + 1)]
    scored: dict[tuple, tuple[float, float, tuple]] = {}
    for offset, window, penalty in windows:
        readings = []
        if spec.table == "t3" and len(window) < n:
            # digits ran together: first only the readings whose own row sum holds
            wide = n == 8
            readings = split_tokens(window, list(spec.kinds), prune=_t3_complete_ok8 if wide else _t3_complete_ok,
                                    checkpoints=_AT_8 if wide else _AT_7)
        if not readings:
            readings = split_tokens(window, list(spec.kinds))
        trivial = len(window) == n
        for reading in readings:
            vals = tuple(p.value for p in reading)
            unseen = sum(1 for p in reading if p.token == -1)
            if spec.table == "t3":
                ok = t3_row_ok(vals)
                all_blank = all(v is None for v in vals)
                # a row of empty cells (or dashes), one shown per cell, reads cleanly; fewer is a guess
                fit = (10.0 if ok else (5.0 if trivial else 2.0)) if not all_blank else (9.5 if trivial else 4.0)
                prior = 0.05 * _prior_t3(vals)
            elif spec.table == "t4":
                k = _t4_groups_ok(vals)
                fit = 10.0 if k == 3 else (5.0 + k if trivial else 2.0 + k)
                prior = 0.05 * _prior_t4(vals)
            else:
                fit = 10.0
                prior = prior_t2(version, spec.block or "", vals)
            rank = fit - penalty - 3.0 * unseen + 0.5 * gap_score(reading, window) + prior
            # for choosing labels a reading with unseen blanks still beats no reading at all
            fit = max(0.5, fit - penalty - 1.0 * unseen)
            if vals not in scored or scored[vals][1] < rank:
                shape = tuple(
                    (p.value, p.raw, -1, 0, 0) if p.token == -1 else
                    (p.value, p.raw, offset + p.token, p.start - window[p.token].start, p.end - window[p.token].start)
                    for p in reading)
                scored[vals] = (fit, rank, shape)
    return sorted(scored.values(), key=lambda x: -x[1])


@dataclass
class Candidate:
    start: int
    end: int
    order: int
    spec: RowSpec
    by_number: bool = False  # placed by its numbering only (a label wrapped around its numbers)


_LINE_NUMBERING_RE = re.compile(
    r"(?m)^[ \t]*(?:(?P<c>[一二三四五六七八九])\s*[、.．]|[(（]\s*(?P<p>[一二三四五六七八九])\s*[)）]"
    r"|[(（]?[ \t]*(?P<d>\d{1,2})[ \t]*[)）.．、])[ \t]*(?=[\u4e00-\u9fff“\"]|\n)[^\n\d|\t]*\n")
_NUMBERS_LINE_RE = re.compile(r"[ \t|]*(?:[\d,.\-—–―/无" + BLANK + r"][ \t|]*)*\n")
_TEXT_LINE_RE = re.compile(r"[ \t]*(?![无—–―][ \t|]*\n)[\u4e00-\u9fff“\"，,、（(][^\n|\t]*\n")


def _wrapped_labels(text: str, start: int, end: int) -> list[tuple[int, int, tuple[str, str]]]:
    """Row labels wrapped around their numbers (pdftotext -layout): a numbered line of label text, a line
    of numbers only, then the rest of the label.  Their row keyword may be in the rest, or cut in two,
    so the numbering is what places the row: (numbering start, end of its line, mark)."""
    out = []
    for m in _LINE_NUMBERING_RE.finditer(text, start, end):
        nums = _NUMBERS_LINE_RE.match(text, m.end())
        # a line of numbers, or of empty cells only (three or more separators)
        if not nums or nums.end() > end or not (re.search(r"[\d\-—–―/无" + BLANK + "]", nums.group())
                                                or len(re.findall(r"[\t|]", nums.group())) >= 3):
            continue
        if not _TEXT_LINE_RE.match(text, nums.end()):
            continue
        kind = "c" if m.group("c") else "p" if m.group("p") else "d"
        out.append((m.start(), m.end() - 1, (kind, m.group(kind))))
    return out


def _candidates(text: str, start: int, end: int, specs: tuple[RowSpec, ...]) -> list[Candidate]:
    out = []
    for order, spec in enumerate(specs):
        if spec.pattern is None:
            continue
        for m in spec.pattern.finditer(text, start, end):
            out.append(Candidate(m.start(), m.end(), order, spec))
    if any(spec.mark for spec in specs):
        for pos, frag_end, mark in _wrapped_labels(text, start, end):
            for order, spec in enumerate(specs):
                if spec.mark == mark:
                    out.append(Candidate(pos, frag_end, order, spec, by_number=True))
    out.sort(key=lambda c: (c.start, c.order))
    return out


def _align(src: Source, text: str, start: int, end: int, specs: tuple[RowSpec, ...], version: str,
           stops: list[int] | None = None) -> tuple[dict[str, RowRead], list[Candidate]]:
    """Choose the chain of row labels (in format order) whose value texts read best."""
    cands = _candidates(text, start, end, specs)
    present = {c.spec.key for c in cands if not c.by_number}
    stops = sorted(stops or [])
    reads: list[RowRead | None] = []
    for i, c in enumerate(cands):
        nxt = next((cands[k] for k in range(i + 1, len(cands)) if cands[k].start >= c.end), None)
        region_end = nxt.start if nxt else end
        if nxt is not None:
            region_end = _numbering_cut(text, c.end, nxt.start, nxt.spec.number)
        stop = next((s for s in stops if c.end <= s < region_end), None)
        if stop is not None:
            region_end = stop
        last = nxt is None or stop is not None
        rr = _read_region(src, text, c.end, region_end, c.spec, last=last, version=version)
        rr.label_start, rr.label_end = c.start, c.end
        # a printed subtotal row must read cleanly when its sub-rows are printed too; otherwise a group
        # label with stray numbers would pass for one
        sub_printed = bool(_subrows(version).get(c.spec.key, frozenset()) & present)
        # (an all-empty group row above its printed sub-rows is a heading, not a subtotal)
        usable = rr.readings and (not c.spec.optional
                                  or (rr.fit >= 9.5 and not (sub_printed and all(p.value is None for p in rr.best)))
                                  or (rr.fit >= 5 and not sub_printed))
        reads.append(rr if usable else None)
    # weighted longest chain with strictly increasing row order
    n = len(cands)
    best = [0.0] * n
    back = [-1] * n
    for i in range(n):
        if reads[i] is None:
            continue
        score_i = best[i] = reads[i].score
        order_i, start_i = cands[i].order, cands[i].start
        for j in range(i):
            if reads[j] is None or cands[j].order >= order_i or cands[j].end > start_i:
                continue
            if best[j] + score_i > best[i]:
                best[i] = best[j] + score_i
                back[i] = j
    chosen: dict[str, RowRead] = {}
    if n and any(r is not None for r in reads):
        i = max(range(n), key=lambda k: (best[k], -k))
        while i != -1:
            chosen[cands[i].spec.key] = reads[i]
            i = back[i]
    return chosen, cands


# -- Table 3 -----------------------------------------------------------------------------


@dataclass
class TableRead:
    values: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # row key -> RowRead
    found: bool = False
    complete: bool = False
    method: str = "labels"


def _prov(src: Source, piece: Piece, tok: Token | None, *, note: str | None = None) -> Provenance:
    pos = piece.start if piece.token != -1 or tok is None else tok.start
    origin, col = src.origin(pos)
    raw = piece.raw
    if tok is not None and tok.kind == "num" and tok.text and tok.text != piece.raw:
        raw = tok.text
    # positional (raw, line, table, row, col, page, note): one per cell of every report
    if origin.table is not None:
        return Provenance(raw, origin.line, origin.table, origin.row, origin.col, origin.page, note)
    return Provenance(raw, origin.line, None, None, None, origin.page, note)


def _t3_column_rules(fmt: ReportFormat, present: set[str]):
    """(id, lhs keys, rhs keys) of the per-column equations whose cells are all present."""
    from gongkai.law.rules import _substitute_subtotals  # shared subtotal stand-in logic

    out = []
    values_stub = {k: 0 for k in present}
    for rule in fmt.rules:
        if rule.kind != "equation" or rule.scope != "single" or rule.op != "==":
            continue
        if not (rule.id.startswith("T3.BALANCE") or rule.id.startswith("T3.RESULT_SUM") or rule.id.startswith("T3.SUBTOTAL.")):
            continue
        if rule.when_printed and rule.when_printed not in present:
            continue
        lhs = _substitute_subtotals(fmt, rule.lhs, values_stub)
        rhs = _substitute_subtotals(fmt, rule.rhs, values_stub)
        if all(t.key in present for t in (*lhs, *rhs)):
            out.append((rule.id, tuple((t.coef, t.key) for t in lhs), tuple((t.coef, t.key) for t in rhs)))
    return out


def _rule_ok(rule, values) -> bool:
    _, lhs, rhs = rule

    def side(terms):
        return sum(c * (values.get(k) or 0) for c, k in terms)

    return side(lhs) == side(rhs)


def _resolve_jointly(fmt: ReportFormat, rows: dict[str, RowRead], row_cells: dict[str, tuple[str, ...]],
                     valid_only: bool = True) -> None:
    """Rows with several readings that fit their own row sum: let the column equations choose."""
    fixed: dict[str, object] = {}
    ambiguous: list[str] = []
    options: dict[str, list[tuple]] = {}
    for key, rr in rows.items():
        vals = [tuple(p.value for p in r) for r in rr.readings]
        # every reading that fits the row as well as the best one (its own sum holds) stays in play;
        # the priors only order them
        fits = rr.fits or rr.scores
        good = [v for v, f in zip(vals, fits) if f >= fits[0] - 1e-9] if fits else []
        if len(good) > 1:
            ambiguous.append(key)
            options[key] = good[:40]
        if vals:
            for cell, v in zip(row_cells[key], vals[0]):
                fixed[cell] = v
    if not ambiguous:
        return
    present = set(fixed)
    rules = [r for r in _t3_column_rules(fmt, present)
             if any(k in {c for a in ambiguous for c in row_cells[a]} for _, k in (*r[1], *r[2]))]
    combos_total = 1
    for a in ambiguous:
        combos_total *= len(options[a])
    results = []
    if combos_total <= 3000:
        for combo in itertools.product(*(options[a] for a in ambiguous)):
            vals = dict(fixed)
            for a, v in zip(ambiguous, combo):
                vals.update(zip(row_cells[a], v))
            ok = sum(1 for r in rules if _rule_ok(r, vals))
            prior = sum(_prior_t3(v) for v in combo)
            results.append((ok, prior, combo))
    else:  # beam search, one ambiguous row at a time
        # each rule is scored once, when the last ambiguous row it involves is chosen (keeps this linear
        # in the number of rows: a table of many rows each missing a digit must not take minutes)
        pos = {c: i for i, a in enumerate(ambiguous) for c in row_cells[a]}
        complete_at: list[list] = [[] for _ in ambiguous]
        for r in rules:
            rows_in = [pos[k] for _, k in (*r[1], *r[2]) if k in pos]
            complete_at[max(rows_in)].append(r)
        beam = [((), dict(fixed), 0, 0.0)]
        for i, a in enumerate(ambiguous):
            nxt = []
            for combo, vals, ok, prior in beam:
                for v in options[a][:20]:
                    nv = dict(vals)
                    nv.update(zip(row_cells[a], v))
                    nxt.append((combo + (v,), nv, ok + sum(1 for r in complete_at[i] if _rule_ok(r, nv)),
                                prior + _prior_t3(v)))
            nxt.sort(key=lambda st: (-st[2], -st[3]))
            beam = nxt[:100]
        for combo, vals, ok, prior in beam:
            results.append((ok, prior, combo))
    results.sort(key=lambda r: (-r[0], -r[1]))
    top_ok = results[0][0]
    top = [r for r in results if r[0] == top_ok]
    best_combo = top[0][2]
    for idx, a in enumerate(ambiguous):
        rr = rows[a]
        chosen = best_combo[idx]
        alts = list(dict.fromkeys(r[2][idx] for r in top))
        # reorder readings so the chosen one is first
        order = sorted(range(len(rr.readings)), key=lambda i: tuple(p.value for p in rr.readings[i]) != chosen)
        rr.readings = [rr.readings[i] for i in order]
        rr.scores = [rr.scores[i] for i in order]
        if len(alts) > 1:
            rr.ambiguous_alts = alts
        else:
            rr.note = "按本列勾稽关系确定拆分"


def _stream_t3(src: Source, text: str, start: int, end: int, specs: list[RowSpec]) -> dict[str, RowRead] | None:
    """Table 3 read as a stream of numbers (labels elsewhere): row-major rows or column-major blocks."""
    tokens = [t for t in tokenize(text, start, end) if t.kind == "num"]
    # drop label numbering ("1.属于…"): a short number followed by a dot and a letter
    tokens = [t for t in tokens if not re.match(r"[.．、]\s*[\u4e00-\u9fff]", text[t.end:t.end + 3])]
    n_rows, width = len(specs), 7
    if len(tokens) != n_rows * width or not tokens:
        return None
    if any(not t.atomic and len(t.digits) > 1 and t.digits.startswith("0") for t in tokens):
        return None
    vals = [int(t.sign + t.digits) if not t.frac else None for t in tokens]
    if any(v is None for v in vals):
        return None
    # a "break" before token i: an empty line or other text between it and the previous token
    brk, newline = [True], [True]
    for a, b in zip(tokens, tokens[1:]):
        gap = text[a.end:b.start]
        brk.append("\n\n" in gap.replace(" ", "").replace("\t", "") or bool(re.search(r"[^\s\d]", gap)))
        newline.append("\n" in gap)
    # bad[x]: token x may not continue a column run (a break before it, or no line break before it);
    # prefix sums make "is the run i+1..i+m-1 free of them" one subtraction
    bad_before = [0]
    for b, nl in zip(brk, newline):
        bad_before.append(bad_before[-1] + (b or not nl))
    INF = float("-inf")
    best = [[INF] * (n_rows + 1) for _ in range(len(tokens) + 1)]
    back: dict[tuple[int, int], tuple[int, int, int]] = {}
    best[0][0] = 0.0
    for i in range(len(tokens) + 1):
        for r in range(n_rows + 1):
            if best[i][r] == INF or r == n_rows:
                continue
            for m in range(1, n_rows - r + 1):
                need = m * width
                if i + need > len(tokens):
                    break
                if m == 1:
                    rows = [tuple(vals[i:i + width])]
                    bonus = 0.0
                else:
                    # a column run is printed one number per line, without breaks
                    if any(bad_before[i + j * m + m] - bad_before[i + j * m + 1] for j in range(width)):
                        continue
                    runs = [vals[i + j * m:i + (j + 1) * m] for j in range(width)]
                    rows = [tuple(runs[j][k] for j in range(width)) for k in range(m)]
                    edge_breaks = sum(brk[i + j * m] for j in range(1, width))
                    bonus = 0.2 * edge_breaks / (width - 1) - 0.05
                score = best[i][r] + sum(1.0 for row in rows if t3_row_ok(row)) + bonus
                if score > best[i + need][r + m]:
                    best[i + need][r + m] = score
                    back[(i + need, r + m)] = (i, r, m)
    if best[len(tokens)][n_rows] == INF:
        return None
    # walk back
    blocks = []
    i, r = len(tokens), n_rows
    while (i, r) != (0, 0):
        pi, pr, m = back[(i, r)]
        blocks.append((pi, pr, m))
        i, r = pi, pr
    blocks.reverse()
    out: dict[str, RowRead] = {}
    for ti, r0, m in blocks:
        for k in range(m):
            spec = specs[r0 + k]
            if m == 1:
                idxs = list(range(ti, ti + width))
            else:
                idxs = [ti + j * m + k for j in range(width)]
            reading = [Piece(vals[x], tokens[x].text, j, tokens[x].start, tokens[x].end) for j, x in enumerate(idxs)]
            ok = t3_row_ok(tuple(p.value for p in reading))
            rr = RowRead(spec, [tokens[x] for x in idxs], [reading], [10.0 if ok else 5.0], fit=10.0 if ok else 5.0)
            if m > 1:
                rr.note = f"原文按列排列（{m}行一组），按列读取"
            out[spec.key] = rr
    return out


def _t3_stream_specs(version: str, text: str, start: int, end: int) -> list[RowSpec]:
    specs = [s for s in t3_rowspecs(version) if not s.optional]
    if version == "2021":
        has_sub = re.search(_loose("逾期不补正"), text[start:end]) or re.search(_loose("收费通知"), text[start:end])
        if not has_sub and re.search(_loose("其他处理"), text[start:end]):
            other = next(s for s in t3_rowspecs(version) if s.key == "other_subtotal")
            out = []
            for s in specs:
                if s.key == "other_no_correction":
                    out.append(other)
                if s.key in ("other_no_correction", "other_fee_unpaid", "other_other"):
                    continue
                out.append(s)
            specs = out
    return specs


_T3_FIRST_ROW_RE = re.compile(_loose("本年新收"))
_T3_HEADER_AGAIN_RE = re.compile(r"[(（]?\s*" + _loose("本列数据的勾稽关系") + "|" + _loose("申请人情况"))
_SUBTOTAL_HEAD_RE = re.compile(r"小\s*计")
_FIRST_ORG_RE = re.compile(_loose("商业企业"))
_LAST_ORG_RE = re.compile(_loose("法律服务机构") + r"[\s|]*其\s*他")


def _subtotal_column(text: str, start: int, end: int) -> int | None:
    """Position of a 法人或其他组织 小计 column printed in the Table-3 header (not in the national form)."""
    first = _T3_FIRST_ROW_RE.search(text, start, end)
    head_end = first.start() if first else min(end, start + 600)
    sub = _SUBTOTAL_HEAD_RE.search(text, start, head_end)
    if sub is None:
        return None
    first_org = _FIRST_ORG_RE.search(text, start, head_end)
    last_org = _LAST_ORG_RE.search(text, start, head_end)
    if last_org is not None and sub.start() >= last_org.end():
        return 6  # after 其他, before 总计
    if first_org is not None and sub.end() <= first_org.start():
        return 1  # right after 自然人
    return None


def read_table3(src: Source, text: str, start: int, end: int, fmt: ReportFormat, claims: list | None = None) -> TableRead:
    version = fmt.version
    subtotal_at = _subtotal_column(text, start, end)
    specs = t3_rowspecs(version, subtotal_at)
    # the header printed again inside the table (it continues on the next page) ends the row before it
    stops = [m.start() for m in _T3_HEADER_AGAIN_RE.finditer(text, start, end)]
    chosen, cands = _align(src, text, start, end, specs, version, stops=stops)
    tr = TableRead()
    if subtotal_at is not None:
        tr.findings.append(Finding(
            rule_id="FORMAT.T3_SUBTOTAL_COLUMN", severity="info", source="parser",
            message="表三另印了“法人或其他组织”小计列（国家格式没有这一列）；已读取，并核对它等于五类组织之和。",
        ))
    tr.found = bool(chosen)
    required = [s for s in specs if not s.optional]
    # printed (六)其他处理 as one row in a 2021-format report: its sub-rows are not in the form
    if version == "2021" and "other_subtotal" in chosen and not any(
            k in chosen for k in ("other_no_correction", "other_fee_unpaid", "other_other")):
        required = [s for s in required if s.key not in ("other_no_correction", "other_fee_unpaid", "other_other")]
    good = sum(1 for s in required if s.key in chosen and chosen[s.key].score >= 9.5)
    # rows with the right count of numbers whose sums fail are the report's own errors; only rows
    # missing or without a full set of numbers suggest that labels and numbers were printed apart
    readable = sum(1 for s in required if s.key in chosen and chosen[s.key].score >= 5)
    if readable < len(required):
        stream_specs = _t3_stream_specs(version, text, start, end)
        stream = _stream_t3(src, text, start, end, stream_specs)
        if stream is not None:
            sgood = sum(1 for rr in stream.values() if rr.score >= 9.5)
            if sgood > good:
                chosen = stream
                tr.method = "stream"
                required = stream_specs
                tr.found = True
                tr.findings.append(Finding(
                    rule_id="PARSE.T3_STREAM", severity="info", source="parser",
                    message="表三的行标签与数字在原文中是分开排列的（部分按列排列），已按表式的行顺序依次读取，"
                            "每行的合计关系均已核对。",
                ))
    rows = {s.key: chosen[s.key] for s in specs if s.key in chosen}  # in the format's order
    row_cells = {k: rr.spec.cells for k, rr in rows.items()}
    _resolve_jointly(fmt, rows, row_cells)
    _prefer_narrative(fmt, list(rows.values()), claims)
    tr.rows = rows
    for key, rr in rows.items():
        _commit_row(src, tr, rr)
    if version == "2021" and "other_subtotal" in rows and not any(
            k in rows for k in ("other_no_correction", "other_fee_unpaid", "other_other")):
        tr.findings.append(Finding(
            rule_id="FORMAT.T3_OTHER_ONE_ROW", severity="info", source="parser",
            message="表三“（六）其他处理”只印了一行，没有按2021年格式分为三项（逾期不补正、逾期未缴费、其他）；"
                    "已按这一行参与校验，三个分项视为表中没有。",
        ))
    missing = [s for s in required if s.key not in rows]
    tr.complete = not missing
    if missing and tr.found:
        labels = "、".join(s.label.split("（区分")[0] for s in missing[:6]) + ("等" if len(missing) > 6 else "")
        tr.findings.append(Finding(
            rule_id="PARSE.T3_ROWS_MISSING", severity="warning", source="parser",
            message=f"表三有{len(missing)}行未能读取：{labels}。这些单元格不参与校验。",
            cells=tuple(CellRef(c, fmt.cell(c).label) for s in missing for c in s.cells),
        ))
    _header_rows_ignored(text, cands, rows, tr)
    return tr


def _header_rows_ignored(text: str, cands: list[Candidate], rows: dict[str, RowRead], tr: TableRead) -> None:
    """A line inside the table that repeats row labels without numbers: a misplaced header row."""
    if not rows:
        return
    used = {(rr.label_start, rr.label_end) for rr in rows.values()}
    first = min(rr.label_start for rr in rows.values() if rr.label_start >= 0) if any(
        rr.label_start >= 0 for rr in rows.values()) else None
    if first is None:
        return
    by_line: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.start <= first or (c.start, c.end) in used:
            continue
        line_start = text.rfind("\n", 0, c.start) + 1
        by_line.setdefault(line_start, []).append(c)
    for line_start, cs in by_line.items():
        line_end = text.find("\n", line_start)
        line = text[line_start:line_end if line_end != -1 else len(text)]
        if len(line) > 200:
            continue
        if len({c.spec.key for c in cs}) >= 3 and not re.search(r"\d{1,}\s*[|\t]", line.replace("数据", "")):
            shown = re.sub(r"[\s|]+", "|", line.strip()).strip("|")
            tr.findings.append(Finding(
                rule_id="PARSE.HEADER_IGNORED", severity="info", source="parser",
                message=f"表三中间有一行表头与表式不符（“{shown[:60]}”），已忽略；其下各行仍按申请人类型顺序读取。",
            ))


def _commit_row(src: Source, tr: TableRead, rr: RowRead) -> None:
    reading = rr.best
    if reading is None:
        return
    tokens = rr.tokens
    split = any(p.token != -1 and tokens[p.token].kind == "num" and tokens[p.token].text != p.raw for p in reading)
    for cell, piece in zip(rr.spec.cells, reading):
        tok = tokens[piece.token] if piece.token != -1 else None
        note = rr.note
        if split and tok is not None and tok.text != piece.raw:
            note = (note + "；" if note else "") + f"由连写数字“{tok.text}”拆分"
        if piece.token == -1:
            note = (note + "；" if note else "") + "原文此处没有数字，按空白单元格处理"
        prov = _prov(src, piece, tok if tok is not None else (tokens[0] if tokens else None), note=note)
        tr.values[cell] = piece.value
        tr.provenance[cell] = prov
    if rr.ambiguous_alts and len(rr.ambiguous_alts) > 1:
        chosen = tuple(p.value for p in reading)
        differing = [i for i in range(len(reading)) if len({alt[i] for alt in rr.ambiguous_alts}) > 1]
        for i in differing:
            cell = rr.spec.cells[i]
            prov = tr.provenance[cell]
            prov.ambiguous = True
            prov.alternatives = [alt[i] for alt in rr.ambiguous_alts]
        raw_runs = "、".join(dict.fromkeys(f"“{t.text}”" for t in tokens if t.kind == "num"))
        shown = rr.ambiguous_alts[:max(2, min(rr.plausible or 6, 6))]
        alt_text = "；".join("/".join("空" if v is None else _fmt(v) for v in alt) for alt in shown)
        count = rr.plausible or len(rr.ambiguous_alts)
        numeric_diff = any(isinstance(alt[i], (int, Decimal)) or isinstance(alt[i], str) for alt in rr.ambiguous_alts
                           for i in differing if alt[i] is not None) and len(
            {tuple(0 if alt[i] is None else alt[i] for i in differing) for alt in rr.ambiguous_alts}) > 1
        label = rr.spec.label.split("（区分")[0]
        if rr.reordered:
            message = (f"{label}：原文的数字没有按表格顺序排列，有{count}种排法都使各组总计成立"
                       f"（{alt_text}{'等' if count > len(shown) else ''}），暂取按阅读顺序的一种，请对照原文核实各组归属。")
        else:
            message = None
        tr.findings.append(Finding(
            rule_id=f"PARSE.AMBIGUOUS.{rr.spec.table}.{rr.spec.key}",
            severity="warning" if numeric_diff else "info",
            source="parser",
            message=message or (f"{label}：原文数字连写为{raw_runs}，有{count}种拆分都说得通"
                     f"（{alt_text}{'等' if count > len(shown) else ''}），"
                                f"{'取与正文所述数字一致的一种' if rr.narrative_choice else '暂取第一种'}，请对照原文核实。"
                     if numeric_diff else
                     f"{label}：原文少了一个数字，空白单元格的位置无法确定（{alt_text}），暂按第一种处理，不影响合计。"),
            cells=tuple(CellRef(rr.spec.cells[i], rr.spec.cells[i], chosen[i]) for i in differing),
            details={"alternatives": [[_json_value(v) for v in alt] for alt in rr.ambiguous_alts]},
        ))


def _fmt(v) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _json_value(v):
    if isinstance(v, Decimal):
        return float(v)
    return v


# -- Table 2 -----------------------------------------------------------------------------


def read_table2(src: Source, text: str, start: int, end: int, fmt: ReportFormat, narrative: tuple[str, list]) -> TableRead:
    version = fmt.version
    specs = t2_rowspecs(version)
    captions = [(m.start(), m.end(), _BLOCK_NUMERALS.get(m.group(1))) for m in _T2_CAPTION_RE.finditer(text, start, end)]
    table_start = captions[0][0] if captions else start
    stops = [c[0] for c in captions]
    chosen, _ = _align(src, text, table_start, end, specs, version, stops=stops)
    tr = TableRead(found=bool(chosen) or bool(captions))
    # rows whose numbers are not after their label (printed above it): the block's unclaimed numbers
    claimed = set()
    for rr in chosen.values():
        for t in rr.tokens:
            claimed.add(t.start)
    for bi, (cs, ce, block) in enumerate(captions):
        bend = captions[bi + 1][0] if bi + 1 < len(captions) else end
        block_specs = [s for s in specs if s.block == block]
        empty = [s for s in block_specs if s.key not in chosen or not chosen[s.key].readings]
        if not empty:
            continue
        free = [t for t in _atomic_tokens(src, tokenize(text, ce, bend, stop_at_sentence=False)) if t.start not in claimed]
        need = sum(len(s.cells) for s in empty)
        if len(free) == need:
            pos = 0
            for s in empty:
                toks = free[pos:pos + len(s.cells)]
                pos += len(s.cells)
                readings = split_tokens(toks, list(s.kinds))
                if readings:
                    rr = RowRead(s, toks, readings[:1], [9.0], fit=9.0)
                    rr.note = "数字印在行标签之前，按本栏目的顺序读取"
                    chosen[s.key] = rr
    rows = {s.key: chosen[s.key] for s in specs if s.key in chosen}
    for rr in rows.values():
        _t2_ambiguity(rr, version, hinted_numbers(narrative[0], narrative[1], rr.spec))
        _commit_row(src, tr, rr)
    missing = [s for s in specs if s.key not in rows]
    tr.rows = rows
    tr.complete = not missing
    if missing and tr.found:
        tr.findings.append(Finding(
            rule_id="PARSE.T2_ROWS_MISSING", severity="warning", source="parser",
            message=f"表二有{len(missing)}行未能读取：{'、'.join(s.label for s in missing)}。",
            cells=tuple(CellRef(c, fmt.cell(c).label) for s in missing for c in s.cells),
        ))
    return tr


def _t2_ambiguity(rr: RowRead, version: str, narrative_numbers: set[int]) -> None:
    """Collapsed Table-2 rows are decided by priors and figures the prose states next to the row's label
    (``narrative_numbers``): flag close calls."""
    if len(rr.readings) < 2:
        return
    rescored = []
    for reading, score in zip(rr.readings, rr.scores):
        vals = tuple(p.value for p in reading)
        bonus = sum(1.5 for v in vals if isinstance(v, int) and v >= 10 and v in narrative_numbers)
        rescored.append((score + bonus, reading))
    rescored.sort(key=lambda x: -x[0])
    rr.readings = [r for _, r in rescored]
    rr.scores = [s for s, _ in rescored]
    top = rr.scores[0]
    if rr.scores[1] >= top - T2_MARGIN:
        rr.ambiguous_alts = [tuple(p.value for p in r) for r in rr.readings[:40]]
        rr.plausible = sum(1 for s in rr.scores if s >= top - T2_MARGIN)
    else:
        rr.note = "由连写数字按常见取值拆分（其他拆法明显不合常理）"


T2_MARGIN = 4.5


# -- Table 4 -----------------------------------------------------------------------------


def read_table4(src: Source, text: str, start: int, end: int, fmt: ReportFormat, claims: list | None = None) -> TableRead:
    cells = t4_cells(fmt.version)
    spec = RowSpec("t4", "t4", cells, ("integer",) * len(cells), None, label="行政复议、行政诉讼情况")
    tokens = _atomic_tokens(src, tokenize(text, start, end))
    # blank markers only count on lines that also carry numbers (header rows have empty cells too)
    lines_with_numbers = set()
    for t in tokens:
        if t.kind == "num":
            lines_with_numbers.add(text.rfind("\n", 0, t.start))
    tokens = [t for t in tokens if t.kind == "num" or t.text or text.rfind("\n", 0, t.start) in lines_with_numbers]
    tr = TableRead()
    if not tokens:
        return tr
    n = len(cells)
    best: RowRead | None = None

    def evaluate(window: list[Token], offset: int, readings: list[list[Piece]]) -> None:
        nonlocal best
        scored = []
        for reading in readings:
            vals = tuple(p.value for p in reading)
            k = _t4_groups_ok(vals)
            unseen = sum(1 for p in reading if p.token == -1)
            s = (10.0 if k == 3 else 4.0 + k) + 0.01 * _prior_t4(vals) - 3.0 * unseen - 0.02 * offset
            if len(window) == len(tokens):
                s += 0.5
            scored.append((s, reading))
        if not scored:
            return
        scored.sort(key=lambda x: -x[0])
        rr = RowRead(spec, window, [r for _, r in scored], [s for s, _ in scored], fit=scored[0][0])
        if best is None or rr.score > best.score:
            best = rr

    def trivial(window: list[Token]) -> list[list[Piece]]:
        pieces = []
        for ti, t in enumerate(window):
            if t.kind == "blank":
                pieces.append(Piece(None, "", ti, t.start, t.end))
            elif t.frac or t.unit or t.sign or not (t.digits == "0" or t.digits[0] != "0"):
                return []
            else:
                pieces.append(Piece(int(t.digits), t.text, ti, t.start, t.end))
        return [pieces]

    if len(tokens) >= n:
        # as many numbers as cells (or more, with prose around): each token one cell
        for i in range(len(tokens) - n + 1):
            window = tokens[i:i + n]
            evaluate(window, i, trivial(window))
            if best is not None and best.score >= 10.0 and i == 0:
                break
    if best is None or best.score < 9.5:
        # digits ran together: contiguous runs of tokens holding at least 15 digits
        for i in range(len(tokens)):
            cap, tried = 0, 0
            for j in range(i, min(len(tokens), i + n)):
                t = tokens[j]
                cap += 1 if t.kind == "blank" or t.atomic else len(t.digits)
                if cap >= n:
                    # the shortest window with enough digits, and a few longer ones: a run of digits
                    # ("12131") may hold fewer cells than digits, leaving room for the next tokens
                    window = tokens[i:j + 1]
                    readings = split_tokens(window, list(spec.kinds), limit=5000, prune=_t4_prefix_ok)
                    if not readings and tried == 0:  # the report's own totals do not hold: every split is a candidate
                        readings = split_tokens(window, list(spec.kinds), limit=5000)
                    evaluate(window, i, readings)
                    tried += 1
                    if tried >= 4 or (best is not None and best.score >= 10.0):
                        break
    if best is None or best.score < 5:
        # fewer digits than cells: blanks the text does not show
        evaluate(tokens, 0, split_tokens(tokens, list(spec.kinds), limit=5000) if len(tokens) <= n else [])
    assembled = None
    if (best is None or best.score < 9.5) and sum(1 for t in tokens if t.kind == "num") == n:
        assembled = _assemble_t4_runs(text, [t for t in tokens if t.kind == "num"], spec)
        if assembled is not None and (best is None or assembled.score > best.score):
            best = assembled
            tr.findings.append(Finding(
                rule_id="PARSE.T4_REORDERED", severity="info", source="parser",
                message="表四的数字在原文中没有按表格顺序排列（PDF 按版面分栏提取），已按各组“总计”等于四项结果之和重新拼合。",
            ))
    if best is None:
        return tr
    tr.found = True
    # readings that satisfy as many group totals as the best one are equally possible
    close = [tuple(p.value for p in r) for r in best.readings
             if _t4_groups_ok(tuple(p.value for p in r)) == _t4_groups_ok(tuple(p.value for p in best.readings[0]))
             and sum(1 for p in r if p.token == -1) == sum(1 for p in best.readings[0] if p.token == -1)]
    if best is assembled:
        close = [tuple(p.value for p in r) for r, f in zip(best.readings, best.fits) if f >= best.fits[0]]
    if len(set(close)) > 1:
        best.ambiguous_alts = list(dict.fromkeys(close))
        _prefer_narrative(fmt, [best], claims)
    _commit_row(src, tr, best)
    tr.rows = {"t4": best}
    tr.complete = True
    if best.score < 9.5 and len(best.tokens) != n:
        tr.findings.append(Finding(
            rule_id="PARSE.T4_UNCERTAIN", severity="warning", source="parser",
            message="表四的数字个数与表式不符，已尽量按顺序读取，请核对。",
        ))
    return tr


def _assemble_t4_runs(text: str, tokens: list[Token], spec: RowSpec) -> RowRead | None:
    """Table 4's fifteen numbers printed as runs in a scrambled order (PDF text in default mode).

    Runs of numbers not separated by words stay together; every way to lay the runs into the
    three groups of five is tried, and those where each group's total equals its four results
    win (ties are broken by keeping the runs in reading order, and flagged).
    """
    runs: list[list[int]] = [[0]]
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end:tokens[i].start]
        if re.search(r"[^\s\d]", gap):
            runs.append([i])
        else:
            runs[-1].append(i)
    if len(runs) < 2 or len(runs) > 8:
        return None
    n = len(spec.cells)
    values = [int(t.digits) for t in tokens]
    results: list[tuple[int, int, tuple]] = []  # (groups ok, order score, layout)

    def rec(ri: int, used: list, starts: list):
        if len(results) > 5000:
            return
        if ri == len(runs):
            grid = [None] * n
            for run, st in zip(runs, starts):
                for k, ti in enumerate(run):
                    grid[st + k] = ti
            vals = tuple(values[ti] for ti in grid)
            order = sum(1 for a in range(len(starts)) for b in range(a + 1, len(starts)) if starts[a] < starts[b])
            results.append((_t4_groups_ok(vals), order, tuple(grid)))
            return
        length = len(runs[ri])
        for st in range(0, n - length + 1):
            if any(used[st:st + length]):
                continue
            for k in range(length):
                used[st + k] = True
            rec(ri + 1, used, starts + [st])
            for k in range(length):
                used[st + k] = False

    rec(0, [False] * n, [])
    if not results:
        return None
    results.sort(key=lambda r: (-r[0], -r[1]))
    top_ok = results[0][0]
    readings, fits, seen = [], [], set()
    for ok, order, grid in results:
        vals = tuple(values[ti] for ti in grid)
        if vals in seen:
            continue
        seen.add(vals)
        readings.append([Piece(values[ti], tokens[ti].text, ti, tokens[ti].start, tokens[ti].end) for ti in grid])
        fits.append(10.0 if ok == 3 else 4.0 + ok)
        if len(readings) >= 40:
            break
    rr = RowRead(spec, tokens, readings, list(fits), fit=(10.0 if top_ok == 3 else 4.0 + top_ok) - 0.5)
    rr.fits = fits
    rr.reordered = True
    return rr


# -- narrative numbers and facts ------------------------------------------------------------

_NARR_NUM_RE = re.compile(r"(\d+)\s*(?:件|条|个|份|项|篇)")


def narrative_numbers(text: str) -> list[tuple[int, int]]:
    """(position, number) of the counted numbers the prose states."""
    return [(m.start(), int(m.group(1))) for m in _NARR_NUM_RE.finditer(text) if len(m.group(1)) <= 9]


def hinted_numbers(text: str, numbers: list[tuple[int, int]], spec: RowSpec) -> set[int]:
    """Numbers the prose states within a few characters after one of this row's label words."""
    if spec.pattern is None or not numbers:
        return set()
    out = set()
    for m in spec.pattern.finditer(text):
        for pos, n in numbers:
            if m.end() <= pos <= m.end() + 16:
                out.add(n)
    return out


# -- the whole report ---------------------------------------------------------------------


def _table_spans(text: str, layout: Layout) -> dict[str, tuple[int, int] | None]:
    spans = {}
    for key, table in (("s2_proactive", "t2"), ("s3_requests", "t3"), ("s4_review_litigation", "t4")):
        spans[table] = layout.section_span(key)
    # headings missing: fall back on the labels themselves
    if spans["t3"] is None:
        m = re.search(_loose("本年新收"), text[layout.start:layout.end])
        if m:
            s = layout.start + m.start()
            e = layout.heads.get("s4_review_litigation", (layout.end,))[0]
            spans["t3"] = (max(layout.start, s - 200), e if e > s else layout.end)
    if spans["t4"] is None and spans["t3"] is not None:
        # no "四、…行政复议…行政诉讼…情况" heading: Table 4 starts at its own header after Table 3
        t3s, t3e = spans["t3"]
        carry = re.search(_loose("结转下年度"), text[t3s:t3e])
        after = t3s + carry.end() if carry else t3s
        m = _T4_HEADER_RE.search(text, after, layout.end)
        if m:
            line_start = text.rfind("\n", after, m.start()) + 1 or m.start()
            e = layout.heads.get("s5_problems", (layout.end,))[0]
            e = e if e > m.start() else layout.end
            spans["t4"] = (max(line_start, after), e)
            spans["t3"] = (t3s, min(t3e, max(line_start, after)))
    if spans["t2"] is None:
        m = _T2_CAPTION_RE.search(text, layout.start, layout.end)
        if m:
            e = spans["t3"][0] if spans["t3"] else layout.end
            spans["t2"] = (m.start(), e)
    return spans


_T4_HEADER_RE = re.compile(_loose("行政复议") + r"|" + _loose("结果维持"))


def _sections(text: str, layout: Layout) -> dict[str, str]:
    out = {}
    for key in SECTION_ORDER:
        span = layout.section_span(key)
        if span:
            out[key] = text[span[0]:span[1]].replace(BLANK, "").strip()
    return out


_PRE_HEAD_RE = re.compile(r"(?:(?<=[\s。；）)])|^)([一二三四五六七八九十]{1,2})\s*[、.．]\s*([^\n。；，,：:]{2,30})")
_CN_ORDER = "一二三四五六七八九十"


def _pre2019_sections(text: str, start: int, end: int) -> dict[str, str]:
    heads = []
    expect = 0
    for m in _PRE_HEAD_RE.finditer(text, start, end):
        num = m.group(1)
        idx = _CN_ORDER.find(num) if len(num) == 1 else (9 + _CN_ORDER.find(num[1]) + 1 if num.startswith("十") else -1)
        if idx == expect:
            heads.append((m.start(), m.end(), f"{num}、{m.group(2).strip()}"))
            expect += 1
    text = text.replace(BLANK, " ") if BLANK in text[start:end] else text
    out = {}
    if heads:
        pre = text[start:heads[0][0]].strip()
        if pre:
            out["前言"] = pre
    for i, (s, e, title) in enumerate(heads):
        nxt = heads[i + 1][0] if i + 1 < len(heads) else end
        out[title] = text[s:nxt].strip()
    if not out:
        out["正文"] = text[start:end].strip()
    return out


def parse_source(src: Source) -> ReportDocument:
    """Read the report in ``src``; raise ``ParseError`` if it is not a report we can read."""
    text = src.text
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise ParseError("文件中没有中文内容，不是政府信息公开工作年度报告（也可能是编码不对）。")
    layouts = find_layouts(text)
    layout = layouts[0]
    meta = extract_metadata(src, text, layout)
    version, signals = detect_format(text, layout.start, layout.end, meta.year)
    meta.format_version = version
    doc = ReportDocument(metadata=meta)
    doc.findings.extend(Finding(rule_id="READ.NOTE", severity="info", message=n, source="parser") for n in src.notes)
    if src.encoding and src.encoding.startswith("gb"):
        doc.findings.append(Finding(rule_id="READ.ENCODING", severity="info", source="parser",
                                    message="文件不是 UTF-8 编码，已按 GB18030（兼容 GBK/GB2312）读取。"))
    if version == PRE2019 and meta.year is not None and meta.year >= 2019:
        raise ParseError(f"这是{meta.year}年度的报告，按规定应有统一格式的统计表，但文件中没有找到表二、表三、表四。"
                         "可能是表格以图片形式发布，或文件被截断。")
    if version == PRE2019 and meta.year is None:
        raise ParseError("没有找到统计表，也没有识别出报告年度，无法判断是哪一类年度报告（文件可能被截断或不是年度报告）。")
    if version == PRE2019:
        from .narrative import extract_facts

        if not re.search(r"政\s*府\s*信\s*息\s*公\s*开|政\s*务\s*公\s*开|信\s*息\s*公\s*开", text):
            raise ParseError("未找到“政府信息公开”相关内容，这不像是政府信息公开工作年度报告（也可能是编码不对）。")
        doc.sections = _pre2019_sections(text, layout.start, layout.end)
        doc.facts, doc.fact_sources = extract_facts(src, text, layout.start, layout.end)
        doc.findings.append(Finding(
            rule_id="FORMAT.NARRATIVE", severity="info", source="parser",
            message="这是2019年以前按旧条例编写的叙述式年度报告，没有统一格式的统计表，不做表格勾稽校验；"
                    f"已从正文中摘出{len(doc.facts)}项数字，供参考。",
        ))
        if meta.year is None and not doc.facts:
            raise ParseError("未能识别年度报告的结构（标题、年份、章节、统计表都没有找到）。")
        return doc

    fmt = load_format(version)
    if meta.year and version == "2019" and meta.year >= 2021:
        doc.findings.append(Finding(rule_id="FORMAT.OLD_TEMPLATE", severity="info", source="parser",
                                    message=f"{meta.year}年度报告使用了2019年试行格式的表格（应使用2021年格式），按其实际表格读取。"))
    elif meta.year and version == "2021" and meta.year in (2019, 2020) and signals["signals_2019"] == 0:
        doc.findings.append(Finding(rule_id="FORMAT.NEW_TEMPLATE", severity="info", source="parser",
                                    message=f"{meta.year}年度报告使用了2021年格式的表格，按其实际表格读取。"))
    doc.sections = _sections(text, layout)
    spans = _table_spans(text, layout)
    narrative_text = doc.sections.get("s1_overview", "")
    nums = (narrative_text, narrative_numbers(narrative_text))
    from .narrative import table_claims

    prose = "\n".join(doc.sections.get(k, "") for k in ("s1_overview", "s3_requests", "s4_review_litigation"))
    claims = table_claims(prose, 0, len(prose), meta.year)
    tables = read_tables(src, text, spans, fmt, nums, claims)
    t2, t3, t4 = tables["t2"], tables["t3"], tables["t4"]
    missing = [name for name, t in (("表二", t2), ("表三", t3), ("表四", t4)) if not t.found]
    if missing:
        truncated = "s6_other" not in layout.heads and "s5_problems" not in layout.heads
        reason = "文件似乎不完整（没有第五、六部分），" if truncated else ""
        raise ParseError(f"{reason}未能找到{'、'.join(missing)}的数字，无法校验。"
                         "可能是表格以图片形式发布，或文件被截断。")
    if not t3.complete and "s5_problems" not in layout.heads and "s6_other" not in layout.heads:
        raise ParseError("文件似乎在表格中间被截断（表三不完整，且没有第五、六部分），无法校验。")
    if "s6_other" not in layout.heads and not _DATE_RE.search(text, max(layout.start, layout.end - 300), layout.end):
        raise ParseError("文件似乎不完整：没有第六部分“其他需要报告的事项”，结尾也没有落款日期，可能被截断。"
                         "为免误判，不做检查；请取得完整的报告后再查。")
    for t in (t2, t3, t4):
        doc.values.update(t.values)
        doc.provenance.update(t.provenance)
        doc.findings.extend(t.findings)
    doc.tables_read = tables
    doc.claims = claims
    if len(layouts) > 1:
        doc.findings.extend(_compare_copies(src, text, layouts[1:], fmt, doc, nums))
    return doc


def read_tables(src: Source, text: str, spans: dict, fmt: ReportFormat, nums: tuple,
                claims: list | None = None) -> dict[str, TableRead]:
    out = {}
    out["t2"] = read_table2(src, text, *spans["t2"], fmt, nums) if spans.get("t2") else TableRead()
    out["t3"] = read_table3(src, text, *spans["t3"], fmt, claims) if spans.get("t3") else TableRead()
    out["t4"] = read_table4(src, text, *spans["t4"], fmt, claims) if spans.get("t4") else TableRead()
    return out


def _prefer_narrative(fmt: ReportFormat, reads: list[RowRead], claims: list | None) -> None:
    """Among equally possible readings of a row, prefer the one the report's own prose agrees with."""
    if not claims:
        return
    from .narrative import expected_values

    base: dict = {}
    for rr in reads:
        if rr.best is not None:
            base.update(zip(rr.spec.cells, (p.value for p in rr.best)))
    for rr in reads:
        if not rr.ambiguous_alts or len(rr.ambiguous_alts) < 2:
            continue

        def agreement(alt: tuple) -> int:
            vals = dict(base)
            vals.update(zip(rr.spec.cells, alt))
            hits = 0
            for claim in claims:
                opts = expected_values(fmt, vals, claim)[0]
                hits += bool(opts) and claim.value in opts
            return hits

        scores = [agreement(alt) for alt in rr.ambiguous_alts]
        best_i = max(range(len(scores)), key=lambda i: (scores[i], -i))
        if best_i == 0 or scores[best_i] == scores[0]:
            continue
        chosen = rr.ambiguous_alts[best_i]
        rr.ambiguous_alts = [chosen] + [a for a in rr.ambiguous_alts if a != chosen]
        order = sorted(range(len(rr.readings)), key=lambda i: tuple(p.value for p in rr.readings[i]) != chosen)
        rr.readings = [rr.readings[i] for i in order]
        rr.scores = [rr.scores[i] for i in order]
        if rr.fits:
            rr.fits = [rr.fits[i] for i in order]
        rr.narrative_choice = True
        base.update(zip(rr.spec.cells, chosen))


def _compare_copies(src: Source, text: str, others: list[Layout], fmt: ReportFormat, doc: ReportDocument,
                    nums: tuple) -> list[Finding]:
    findings = []
    for i, lay in enumerate(others, start=2):
        spans = _table_spans(text, lay)
        tables = read_tables(src, text, spans, fmt, nums)
        values = {}
        for t in tables.values():
            values.update(t.values)
        diffs = [k for k in sorted(set(values) | set(doc.values)) if values.get(k, "∅") != doc.values.get(k, "∅")]
        origin, _ = src.origin(lay.start)
        where = f"（第{origin.line}行起）" if origin.line else ""
        if not diffs:
            findings.append(Finding(
                rule_id="DUP.SAME", severity="info", source="parser",
                message=f"报告全文在文件中出现了{i}次{where}；已核对，各份表格数字完全一致，按一份读取。",
            ))
        else:
            shown = "、".join(fmt.cell(k).short_label for k in diffs[:5] if fmt.has_cell(k))
            findings.append(Finding(
                rule_id="DUP.DIFFERS", severity="warning", source="parser",
                message=f"报告全文在文件中出现了{i}次{where}，但第{i}份有{len(diffs)}个单元格与第一份不同（{shown}等），"
                        "已按第一份读取，请核实哪一份是正式发布的版本。",
                cells=tuple(CellRef(k, fmt.cell(k).label, values.get(k)) for k in diffs[:20] if fmt.has_cell(k)),
            ))
    return findings
