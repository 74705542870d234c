"""Render report values in the many ways real published reports vary, for the generality tests.

``render_variant(fmt, values, style)`` prints the three tables of a report as
plain text (or a plain HTML table page) under a ``Style``: the cell separator
(tab, ``|``, Markdown, runs of spaces, one cell per line, single spaces), the
bracket and numbering conventions, full-width digits, spaces inside labels,
wrapped labels, how zero is written (``0``, ``—``, ``-``, ``/``, ``无``, empty),
thousands separators, a printed 法人或其他组织 小计 column and subtotal rows,
其他组织 for 其他, page footers and running heads inside the tables, repeated
header rows where a table continues on the next page, title / 发布日期 / 来源 lines
and portal noise, and a page carrying the report twice.

It returns the file text and the values the parser must read back (cells
printed as a dash or left empty are blank, ``None``; a printed subtotal column
or row adds its derived cells).  Every variant is one that occurs in published
reports (see docs/checker.md); none is specific to one corpus file.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.law.formats import ReportFormat

from .render import _t3_rows, _t4_keys, fmt_value, narrative

SEPARATORS = ("tab", "markdown", "pipe_lines", "spaces", "cell_per_line", "html")
SUB_NUMBERING = ("1.", "1、", "1．", "1. ", "（1）", "(1)")
ZEROS = ("0", "—", "-", "/", "无", "", "－")
APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")
ORG_COLS = APPLICANTS[1:]
SUBTOTAL_GROUPS = {
    "（三）不予公开": "withheld_subtotal",
    "（四）无法提供": "unavailable_subtotal",
    "（五）不予处理": "not_processed_subtotal",
}


@dataclass
class Style:
    sep: str = "tab"
    half_brackets: bool = False  # ( ) instead of （ ）
    sub_numbering: str = "1."
    fullwidth_digits: bool = False
    label_spaces: bool = False  # "予 以 公 开"
    wrap_labels: bool = False  # long row labels broken over two lines
    wrap_around: bool = False  # … with the numbers on a line between the two parts (pdftotext -layout)
    zero: str = "0"  # how (some) zero cells are printed
    zero_share: float = 0.5
    thousands: bool = False  # 1,234
    subtotal_column: bool = False  # 法人或其他组织 小计 column (after 其他)
    subtotal_rows: bool = False  # （三）（四）（五） printed with their own numbers
    other_org_label: str = "其他"
    page_noise: bool = False  # page footer + running head inside Table 3
    repeat_header: bool = False  # Table 3 header repeated after a page break
    title: int = 0  # which title wording
    meta_lines: bool = False  # 发布日期 / 来源 / 浏览次数 lines and a breadcrumb
    duplicate: bool = False  # the page shows the report twice
    seed: int = 0
    extra: dict = field(default_factory=dict)


def random_style(rng: random.Random, *, seps=SEPARATORS) -> Style:
    sep = rng.choice(seps)
    zero = rng.choice(ZEROS)
    if sep in ("spaces", "cell_per_line") and zero == "":
        zero = "0"  # an empty cell cannot be printed in a space-aligned dump
    return Style(
        sep=sep,
        half_brackets=rng.random() < 0.4,
        sub_numbering=rng.choice(SUB_NUMBERING),
        fullwidth_digits=rng.random() < 0.2,
        label_spaces=rng.random() < 0.25,
        wrap_labels=sep in ("tab", "spaces", "cell_per_line") and rng.random() < 0.3,
        wrap_around=sep in ("tab", "spaces") and rng.random() < 0.5,
        zero=zero,
        zero_share=rng.choice([0.2, 0.6, 1.0]),
        thousands=rng.random() < 0.3,
        subtotal_column=rng.random() < 0.25,
        subtotal_rows=rng.random() < 0.25,
        other_org_label=rng.choice(["其他", "其他", "其他组织"]),
        page_noise=sep != "html" and rng.random() < 0.3,
        repeat_header=sep != "html" and rng.random() < 0.25,
        title=rng.randrange(7),
        meta_lines=rng.random() < 0.5,
        duplicate=rng.random() < 0.1,
        seed=rng.randrange(2**31),
    )


# -- printing cells -----------------------------------------------------------------------------

_FULL = {ord(str(i)): chr(0xFF10 + i) for i in range(10)}


class _Printer:
    def __init__(self, style: Style, rng: random.Random):
        self.s = style
        self.rng = rng
        self.blanked: set[str] = set()

    def value(self, key: str, v) -> str:
        s = self.s
        if v == 0 and not isinstance(v, Decimal) and s.zero != "0" and key.startswith(("t3.", "t4."))\
                and self.rng.random() < s.zero_share:
            self.blanked.add(key)
            return s.zero
        if v is None:
            self.blanked.add(key)
            return "" if s.zero in ("0", "") or s.sep == "spaces" else s.zero
        text = fmt_value(v)
        if s.thousands and isinstance(v, int) and abs(v) >= 1000 and self.rng.random() < 0.7:
            text = f"{v:,}"
        if s.fullwidth_digits:
            text = text.translate(_FULL)
        return text

    def label(self, text: str) -> str:
        s = self.s
        if s.half_brackets:
            text = text.replace("（", "(").replace("）", ")")
        if s.label_spaces and len(text) > 3 and self.rng.random() < 0.5:
            i = self.rng.randrange(1, len(text) - 1)
            if text[i - 1] not in "(（.、" and text[i] not in ")）":
                text = text[:i] + " " + text[i:]
        return text

    def numbered(self, label: str) -> str:
        """A sub-row label "1.属于国家秘密" with this style's numbering."""
        if len(label) > 2 and label[0].isdigit() and label[1] == ".":
            n, rest = label[0], label[2:]
            pattern = self.s.sub_numbering
            num = pattern.replace("1", n)
            if self.s.half_brackets:
                num = num.replace("（", "(").replace("）", ")")
            label = num + rest
        return self.label(label)


def _row_text(style: Style, cells: list[str], rng: random.Random) -> list[str]:
    sep = style.sep
    if sep == "tab":
        return ["\t".join(cells)]
    if sep == "markdown":
        return ["| " + " | ".join(cells) + " |"]
    if sep == "pipe_lines":
        return [f"{c} |" for c in cells] + ["||"]
    if sep == "spaces":
        out = cells[0]
        for c in cells[1:]:
            out += " " * rng.randint(2, 6) + c
        return [out]
    if sep == "collapsed":
        # a crawler's text of the page: cells run together, sometimes one space apart
        return [(" " if rng.random() < 0.2 else "").join(cells)]
    if sep == "cell_per_line":
        lines = []
        for c in cells:
            lines += [c, ""]
        return lines
    raise ValueError(sep)


# -- the report ----------------------------------------------------------------------------------

AGENCIES = ("测试市测试局", "某某县人民政府办公室", "示例区市场监督管理局", "样例市自然资源和规划局")


def title_line(style: Style, agency: str, year: int) -> str:
    return [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"{agency}{year}年度政府信息公开工作年度报告",
        f"{agency}关于{year}年度政府信息公开工作的年度报告",
        f"{agency}{year}年政府信息公开年度报告",
        f"{year}年度{agency}政府信息公开工作年度报告",
        f"{year}年政府信息公开工作年度报告",  # no agency in the title: the signature names it
        f"{agency}{year}年度政务公开工作年度报告",
    ][style.title % 7]


def _t3_header(p: _Printer, style: Style) -> list[list[str]]:
    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", p.s.other_org_label]
    if style.subtotal_column:
        orgs.append("小计")
    return [
        [p.label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", *orgs],
    ]


def render_variant(fmt: ReportFormat, values: dict, style: Style, *, agency: str | None = None,
                   year: int = 2023) -> tuple[str, dict]:
    """(file text, expected values) of ``values`` printed in ``style``."""
    rng = random.Random(style.seed)
    agency = agency or AGENCIES[style.seed % len(AGENCIES)]
    p = _Printer(style, rng)
    expected = dict(values)
    tables: list[tuple[str, list[list[str]]]] = []  # (heading before it, rows)

    # Table 2 (the procurement amount is text, kept as printed: thousands separators or 万元)
    amount_key = "t2.art20_9.government_procurement.total_amount"
    amount = values.get(amount_key)
    if isinstance(amount, str) and amount.endswith("元") and style.sep != "collapsed":
        yuan = int(amount[:-1])
        if style.thousands:
            values = {**values, amount_key: f"{yuan:,}元"}
        elif style.seed % 3 == 0:
            values = {**values, amount_key: f"{Decimal(yuan) / 10000:.2f}万元"}
        expected[amount_key] = values[amount_key]
    t2 = []
    for block in fmt.t2_blocks():
        t2.append([p.label(block["caption"])])
        t2.append(["信息内容"] + [p.label(c["label"]) for c in block["columns"]])
        for row in block["rows"]:
            t2.append([p.label(row["label"])] + [p.value(k, values.get(k)) for k in
                                                 (f"t2.{block['key']}.{row['key']}.{c['key']}" for c in block["columns"])])
    tables.append(("二、主动公开政府信息情况", t2))

    # Table 3
    cols = [c["key"] for c in fmt.t3_columns()]
    if style.subtotal_column:
        cols = cols[:6] + ["legal_person_or_org_subtotal"] + cols[6:]
    header = _t3_header(p, style)
    t3 = list(header)
    rows = _t3_rows(fmt, values)
    if style.subtotal_rows:
        with_subtotals = []
        seen = set()
        for r in rows:
            g = r.get("group")
            if g in SUBTOTAL_GROUPS and g not in seen:
                seen.add(g)
                with_subtotals.append({"key": SUBTOTAL_GROUPS[g], "label": g, "group": "三、本年度办理结果",
                                       "subtotal_of": [x["key"] for x in rows if x.get("group") == g]})
            with_subtotals.append(r)
        rows = with_subtotals
    group = None
    noise_at = rng.randrange(3, len(rows) - 2) if (style.page_noise or style.repeat_header) else -1
    for i, r in enumerate(rows):
        key = r["key"]
        if "subtotal_of" in r:
            for c in APPLICANTS + ("total",):
                expected[f"t3.{c}.{key}"] = sum(values.get(f"t3.{c}.{x}") or 0 for x in r["subtotal_of"])
        if style.subtotal_column:
            expected[f"t3.legal_person_or_org_subtotal.{key}"] = sum(
                expected.get(f"t3.{c}.{key}") or 0 for c in ORG_COLS)
        cells = []
        g = r.get("group")
        if g and g != group and g not in SUBTOTAL_GROUPS.keys() | {"三、本年度办理结果"}:
            cells.append(p.label(g))  # （六）其他处理 as a lead cell
        elif g in SUBTOTAL_GROUPS and g != group and not style.subtotal_rows:
            cells.append(p.label(g))
        elif g == "三、本年度办理结果" and group is None:
            cells.append(p.label(g))
        group = g or group
        label = p.numbered(r["label"])
        vals = []
        for c in cols:
            k = f"t3.{c}.{key}"
            v = expected.get(k)
            vals.append(p.value(k, v))
        if i == noise_at:
            if style.page_noise:
                t3.append(["\x00NOISE"])
            if style.repeat_header:
                t3.extend(header)
        if style.wrap_labels and not cells and len(label) > 10 and rng.random() < 0.6:
            cut = rng.randrange(4, len(label) - 3)
            t3.append(["\x00WRAP", label[:cut]])
            if style.wrap_around:
                t3.append([""] + vals)
                t3.append(["\x00WRAP", label[cut:]])
                continue
            cells.append(label[cut:])
        else:
            cells.append(label)
        t3.append(cells + vals)
    tables.append(("三、收到和处理政府信息公开申请情况", t3))

    # Table 4
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4 = [["行政复议", "行政诉讼"], heads + ["未经复议直接起诉", "复议后起诉"], heads * 2,
          [p.value(k, values.get(k)) for k in _t4_keys(fmt)]]
    tables.append(("四、政府信息公开行政复议、行政诉讼情况", t4))

    for k in p.blanked:
        expected[k] = None
    for sub in SUBTOTAL_GROUPS.values():
        # a subtotal row with nothing but empty cells cannot be told from a group heading row
        keys = [k for k in expected if k.startswith("t3.") and k.endswith("." + sub)]
        if keys and all(expected[k] is None for k in keys):
            for k in keys:
                del expected[k]

    title = title_line(style, agency, year)
    if style.sep == "html":
        text = _html_page(style, title, agency, year, tables, narrative(values, fmt), p)
    else:
        text = _text_page(style, title, agency, year, tables, narrative(values, fmt), rng)
    return text, expected


def _meta_lines(style: Style, agency: str, year: int) -> list[str]:
    if not style.meta_lines:
        return []
    return [f"首页 > 政务公开 > 政府信息公开年报 > {year}年", f"发布日期：{year + 1}-01-20", f"来源：{agency}",
            "浏览次数：1024", "【字体：大 中 小】 打印本页 关闭窗口"]


def _text_page(style, title, agency, year, tables, narr, rng) -> str:
    lines = [*_meta_lines(style, agency, year), "", title, "", "一、总体情况", narr, ""]
    for heading, rows in tables:
        lines += [heading, ""]
        for cells in rows:
            if cells[0] == "\x00NOISE":
                lines += ["", "- 3 -", "", title, ""]
                continue
            if cells[0] == "\x00WRAP":
                lines.append(cells[1])
                continue
            lines.extend(_row_text(style, cells, rng))
        lines.append("")
    lines += ["五、存在的主要问题及改进情况", "人员力量不足，下一步将加强培训。", "", "六、其他需要报告的事项",
              "本年度未收取信息处理费。", "", agency, f"{year + 1}年1月20日", ""]
    body = "\n".join(lines)
    if style.sep == "collapsed":
        head, _, rest = body.partition("一、总体情况")
        body = head + "一、总体情况" + rest.replace("\n", "")
    if style.duplicate:
        body = body + "\n\n" + body
    return body


def _html_page(style, title, agency, year, tables, narr, p) -> str:
    def td(c):
        if c == "":
            return "<td>&nbsp;</td>"
        return f"<td><p><span>{html.escape(c)}</span></p></td>"

    meta = "".join(f"<div class='info'>{html.escape(m)}</div>" for m in _meta_lines(style, agency, year))
    parts = [f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>", meta,
             f"<h1>{html.escape(title)}</h1><p>一、总体情况</p><p>{html.escape(narr)}</p>"]
    for heading, rows in tables:
        parts.append(f"<p>{html.escape(heading)}</p><table>")
        for cells in rows:
            if cells[0] in ("\x00NOISE", "\x00WRAP"):
                continue
            parts.append("<tr>" + "".join(td(c) for c in cells) + "</tr>")
        parts.append("</table>")
    parts.append("<p>五、存在的主要问题及改进情况</p><p>人员力量不足。</p><p>六、其他需要报告的事项</p><p>无。</p>"
                 f"<p>{html.escape(agency)}</p><p>{year + 1}年1月20日</p></body></html>")
    page = "".join(parts)
    if style.duplicate:
        page = page.replace("</body></html>", "") + page.split("<body>", 1)[1]
    return page
