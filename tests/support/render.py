"""Render a report (cell values keyed by our cell keys) in the raw styles published reports come in.

Used by the property tests: random consistent values → a file in one of these
styles → the parser must give the same values back.  The styles imitate the
corpus: tab-separated (reference 002), "cell |" lines (reference 001),
Markdown pipe tables (dev 013), one cell per line (reference 000/004), the
crawler's collapsed text (dev 003/005 …), HTML with row/column spans and
``&nbsp;`` blanks, Word (python-docx, merged cells) and PDF (WeasyPrint).
"""

from __future__ import annotations

import html
import io
import random
from decimal import Decimal

from gongkai.law.formats import ReportFormat

STYLES_TEXT = ("tsv", "pipe_lines", "markdown", "cell_per_line", "collapsed")
STYLES_GRID = ("html", "docx", "pdf")


def fmt_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _t3_rows(fmt: ReportFormat, values: dict) -> list[dict]:
    """The Table-3 rows as printed (a single （六） row when the sub-rows are absent)."""
    rows = []
    single_other = "t3.total.other_subtotal" in values and "t3.total.other_other" not in values
    for row in fmt.t3_rows():
        key = row["key"]
        if single_other and key in ("other_no_correction", "other_fee_unpaid", "other_other"):
            if key == "other_no_correction":
                rows.append({"key": "other_subtotal", "label": "（六）其他处理", "group": "三、本年度办理结果"})
            continue
        rows.append(row)
    return rows


def narrative(values: dict, fmt: ReportFormat) -> str:
    new = values.get("t3.total.new_received") or 0
    done = values.get("t3.total.result_total") or 0
    fwd = values.get("t3.total.carry_forward") or 0
    review = values.get("t4.review.total") or 0
    return (f"本年度共收到政府信息公开申请{new}件，办结{done}件，结转下年度继续办理{fwd}件。"
            f"因政府信息公开工作被申请行政复议{review}件。")


def header(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


# -- plain-text styles ------------------------------------------------------------------------


def _t2_rows(fmt: ReportFormat):
    for block in fmt.t2_blocks():
        yield block, None
        for row in block["rows"]:
            yield block, row


def render_text(style: str, fmt: ReportFormat, values: dict, *, agency="测试市测试局", year=2023,
                rng: random.Random | None = None) -> str:
    rng = rng or random.Random(0)
    out = [header(agency, year), "", "一、总体情况", narrative(values, fmt), "", "二、主动公开政府信息情况"]
    cols3 = fmt.t3_columns()
    if style == "collapsed":
        body = [header(agency, year), " 一、总体情况", narrative(values, fmt), "二、主动公开政府信息情况"]
        for block, row in _t2_rows(fmt):
            if row is None:
                body.append(block["caption"] + "信息内容" + "".join(c["label"] for c in block["columns"]))
            else:
                body.append(row["label"] + "".join(fmt_value(values.get(f"t2.{block['key']}.{row['key']}.{c['key']}"))
                                                   for c in block["columns"]))
        body.append("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
                    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
        group = None
        for row in _t3_rows(fmt, values):
            g = row.get("group")
            if g and g != group and g != "三、本年度办理结果":
                body.append(g)
            elif g == "三、本年度办理结果" and group is None:
                body.append(g)
            group = g or group
            sep = " " if rng.random() < 0.2 else ""
            body.append(row["label"] + sep.join(fmt_value(values.get(f"t3.{c['key']}.{row['key']}")) for c in cols3))
        body.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
                    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")
        body.append("".join(fmt_value(values.get(k)) for k in _t4_keys(fmt)))
        body.append("五、存在的主要问题及改进情况存在的问题主要是工作人员不足。六、其他需要报告的事项本年度未收取信息处理费。")
        return "标题: " + header(agency, year) + "\n发布时间: 2024-01-20 10:00\n==================== 正文 ====================\n" + "".join(body) + "\n"
    for block, row in _t2_rows(fmt):
        labels = ["信息内容"] + [c["label"] for c in block["columns"]]
        if row is None:
            cells_rows = [[block["caption"]], labels]
        else:
            cells_rows = [[row["label"]] + [fmt_value(values.get(f"t2.{block['key']}.{row['key']}.{c['key']}"))
                                            for c in block["columns"]]]
        for cells in cells_rows:
            out.extend(_line(style, cells))
    out += ["", "三、收到和处理政府信息公开申请情况"]
    out.extend(_line(style, ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]))
    out.extend(_line(style, ["", "自然人", "法人或其他组织", "总计"]))
    out.extend(_line(style, ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]))
    group = None
    for row in _t3_rows(fmt, values):
        g = row.get("group")
        lead = []
        if g and g != group:
            lead = [g]
        group = g or group
        label = row["label"]
        if style == "cell_per_line" and len(label) > 12 and rng.random() < 0.5:
            label = label[:6] + "\n" + label[6:]  # a wrapped label
        out.extend(_line(style, lead + [label] + [fmt_value(values.get(f"t3.{c['key']}.{row['key']}")) for c in cols3]))
    out += ["", "四、政府信息公开行政复议、行政诉讼情况"]
    out.extend(_line(style, ["行政复议", "行政诉讼"]))
    out.extend(_line(style, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]))
    out.extend(_line(style, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
    out.extend(_line(style, [fmt_value(values.get(k)) for k in _t4_keys(fmt)]))
    out += ["", "五、存在的主要问题及改进情况", "人员力量不足，下一步将加强培训。", "", "六、其他需要报告的事项",
            "本年度未收取信息处理费。", "", agency, f"{year + 1}年1月20日", ""]
    return "\n".join(out)


def _line(style: str, cells: list[str]) -> list[str]:
    if style == "tsv":
        return ["\t".join(cells)]
    if style == "pipe_lines":
        return [f"{c} |" for c in cells] + ["||"]
    if style == "markdown":
        return ["| " + " | ".join(cells) + " |"]
    if style == "cell_per_line":
        lines = []
        for c in cells:
            lines += ["\t" + c, ""]
        return lines + [""]
    raise ValueError(style)


def _t4_keys(fmt: ReportFormat) -> list[str]:
    return [f"t4.{g['key']}.{c['key']}" for g in fmt.t4_groups() for c in fmt.t4_columns()]


# -- HTML / Word / PDF ----------------------------------------------------------------------------


def _td(text: str, rowspan: int = 1, colspan: int = 1, blank_style: str = "&nbsp;") -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    inner = f'<p style="text-align:center"><span style="font-family:仿宋_GB2312">{html.escape(text)}</span></p>' if text else blank_style
    return f"<td{attrs}>{inner}</td>"


def render_html(fmt: ReportFormat, values: dict, *, agency="测试市测试局", year=2023,
                rng: random.Random | None = None) -> str:
    rng = rng or random.Random(0)
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>", html.escape(header(agency, year)),
             "</title><style>td{border:1px solid #000;font-size:9pt;padding:1px}table{border-collapse:collapse}"
             "body{font-family:sans-serif}</style></head><body lang='zh-CN'>",
             f"<h1>{html.escape(header(agency, year))}</h1>",
             "<p>一、总体情况</p>", f"<p>{html.escape(narrative(values, fmt))}</p>",
             "<p>二、主动公开政府信息情况</p><table>"]
    for block in fmt.t2_blocks():
        ncol = len(block["columns"]) + 1
        parts.append(f"<tr>{_td(block['caption'], colspan=4)}</tr>")
        extra = 4 - ncol
        parts.append("<tr>" + _td("信息内容") + "".join(_td(c["label"], colspan=1 + (extra if i == len(block['columns']) - 1 else 0))
                                                        for i, c in enumerate(block["columns"])) + "</tr>")
        for row in block["rows"]:
            cells = [_td(row["label"])]
            for i, c in enumerate(block["columns"]):
                v = fmt_value(values.get(f"t2.{block['key']}.{row['key']}.{c['key']}"))
                cells.append(_td(v, colspan=1 + (extra if i == len(block['columns']) - 1 else 0)))
            parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    parts.append("<tr>" + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
                 + _td("申请人情况", colspan=7) + "</tr>")
    parts.append("<tr>" + _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2) + "</tr>")
    parts.append("<tr>" + "".join(_td(c) for c in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")) + "</tr>")
    rows = _t3_rows(fmt, values)
    # row spans of the group labels
    results = [r for r in rows if r.get("group")]
    sub_groups: dict[str, int] = {}
    for r in rows:
        g = r.get("group")
        if g and g != "三、本年度办理结果":
            sub_groups[g] = sub_groups.get(g, 0) + 1
    seen: set[str] = set()
    cols3 = fmt.t3_columns()
    for r in rows:
        g = r.get("group")
        cells = []
        if not g:
            cells.append(_td(r["label"], colspan=3))
        else:
            if "三、本年度办理结果" not in seen:
                seen.add("三、本年度办理结果")
                cells.append(_td("三、本年度办理结果", rowspan=len(results)))
            if g == "三、本年度办理结果":
                cells.append(_td(r["label"], colspan=2))
            else:
                if g not in seen:
                    seen.add(g)
                    cells.append(_td(g, rowspan=sub_groups[g]))
                cells.append(_td(r["label"]))
        for c in cols3:
            cells.append(_td(fmt_value(values.get(f"t3.{c['key']}.{r['key']}"))))
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
    parts.append("<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>")
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    parts.append("<tr>" + "".join(_td(h, rowspan=2) for h in heads) + _td("未经复议直接起诉", colspan=5)
                 + _td("复议后起诉", colspan=5) + "</tr>")
    parts.append("<tr>" + "".join(_td(h) for h in heads * 2) + "</tr>")
    parts.append("<tr>" + "".join(_td(fmt_value(values.get(k))) for k in _t4_keys(fmt)) + "</tr>")
    parts.append("</table><p>五、存在的主要问题及改进情况</p><p>人员力量不足，下一步将加强培训。</p>"
                 "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>"
                 f"<p style='text-align:right'>{html.escape(agency)}</p><p style='text-align:right'>{year + 1}年1月20日</p>"
                 "</body></html>")
    return "".join(parts)


def render_docx(fmt: ReportFormat, values: dict, *, agency="测试市测试局", year=2023) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体") if style.element.rPr is not None and style.element.rPr.rFonts is not None else None
    doc.add_paragraph(header(agency, year))
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph(narrative(values, fmt))
    doc.add_paragraph("二、主动公开政府信息情况")
    for block in fmt.t2_blocks():
        ncol = len(block["columns"]) + 1
        t = doc.add_table(rows=2 + len(block["rows"]), cols=ncol)
        cap = t.cell(0, 0).merge(t.cell(0, ncol - 1))
        cap.text = block["caption"]
        t.cell(1, 0).text = "信息内容"
        for i, c in enumerate(block["columns"]):
            t.cell(1, i + 1).text = c["label"]
        for r, row in enumerate(block["rows"], start=2):
            t.cell(r, 0).text = row["label"]
            for i, c in enumerate(block["columns"]):
                t.cell(r, i + 1).text = fmt_value(values.get(f"t2.{block['key']}.{row['key']}.{c['key']}"))
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = _t3_rows(fmt, values)
    cols3 = fmt.t3_columns()
    t = doc.add_table(rows=3 + len(rows), cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, name in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        t.cell(2, 4 + i).text = name
    first_result = next(i for i, r in enumerate(rows) if r.get("group"))
    last_result = max(i for i, r in enumerate(rows) if r.get("group"))
    t.cell(3 + first_result, 0).merge(t.cell(3 + last_result, 0)).text = "三、本年度办理结果"
    spans: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        g = r.get("group")
        if g and g != "三、本年度办理结果":
            spans.setdefault(g, []).append(i)
    for g, idx in spans.items():
        t.cell(3 + idx[0], 1).merge(t.cell(3 + idx[-1], 1)).text = g
    for i, r in enumerate(rows):
        ri = 3 + i
        g = r.get("group")
        if not g:
            t.cell(ri, 0).merge(t.cell(ri, 2)).text = r["label"]
        elif g == "三、本年度办理结果":
            t.cell(ri, 1).merge(t.cell(ri, 2)).text = r["label"]
        else:
            t.cell(ri, 2).text = r["label"]
        for j, c in enumerate(cols3):
            t.cell(ri, 3 + j).text = fmt_value(values.get(f"t3.{c['key']}.{r['key']}"))
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = doc.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, h in enumerate(heads):
        t.cell(1, i).merge(t.cell(2, i)).text = h
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for i, h in enumerate(heads * 2):
        t.cell(2, 5 + i).text = h
    for i, k in enumerate(_t4_keys(fmt)):
        t.cell(3, i).text = fmt_value(values.get(k))
    for text in ("五、存在的主要问题及改进情况", "人员力量不足，下一步将加强培训。", "六、其他需要报告的事项",
                 "本年度未收取信息处理费。", agency, f"{year + 1}年1月20日"):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pdf(fmt: ReportFormat, values: dict, *, agency="测试市测试局", year=2023) -> bytes:
    from weasyprint import HTML

    page = render_html(fmt, values, agency=agency, year=year).replace(
        "</style>", "@page{size:A4;margin:12mm}td{font-size:7pt}tr{page-break-inside:avoid}</style>")
    return HTML(string=page).write_pdf()


def render(style: str, fmt: ReportFormat, values: dict, **kw) -> tuple[bytes, str]:
    """(file bytes, file name) of ``values`` rendered in ``style``."""
    if style == "html":
        return render_html(fmt, values, **kw).encode("utf-8"), "report.html"
    if style == "docx":
        kw.pop("rng", None)
        return render_docx(fmt, values, **kw), "report.docx"
    if style == "pdf":
        kw.pop("rng", None)
        return render_pdf(fmt, values, **kw), "report.pdf"
    name = "report.md" if style == "markdown" else "report.txt"
    return render_text(style, fmt, values, **kw).encode("utf-8"), name
