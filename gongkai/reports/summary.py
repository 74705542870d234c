"""A readable Chinese summary of a checked report: metadata, the three tables as printed, findings.

Used by ``gongkai report check``; pure text, aligned for a terminal (CJK
characters count two columns).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from gongkai.law.formats import ReportFormat
from gongkai.law.rules import SEVERITY_ZH, sort_findings

from .document import PRE2019, ReportDocument

FORMAT_ZH = {
    "2021": "2021年格式（国办公开办函〔2021〕30号）",
    "2019": "2019年试行格式（国办公开办函〔2019〕60号）",
    PRE2019: "2019年以前的叙述式报告（旧条例，无统一表格）",
}
KIND_ZH = {"txt": "文本", "md": "Markdown 文本", "html": "网页", "docx": "Word 文档", "pdf": "PDF"}
LEGEND = "说明：“空”为原表空白单元格（校验时按0计）；“？”为未能读取；带“*”的数字由连写数字拆分且有其他可能的读法。"


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int, right: bool = False) -> str:
    gap = max(0, w - width(s))
    return (" " * gap + s) if right else (s + " " * gap)


def clip(s: str, w: int) -> str:
    out, used = "", 0
    for ch in s:
        cw = width(ch)
        if used + cw > w - 1 and used + cw > w:
            break
        if used + cw > w:
            break
        out += ch
        used += cw
    return out if width(s) <= w else out[:-1] + "…"


def cell_text(doc: ReportDocument, key: str) -> str:
    status = doc.cell_status(key)
    if status == "absent":
        return "？"
    if status == "blank":
        return "空"
    v = doc.values[key]
    text = format(v, "f") if isinstance(v, Decimal) else str(v)
    return text + ("*" if status == "ambiguous" else "")


def _table2(doc: ReportDocument, fmt: ReportFormat) -> list[str]:
    lines = ["二、主动公开政府信息情况"]
    for block in fmt.t2_blocks():
        lines.append(f"  {block['caption']}")
        cols = block["columns"]
        head = pad("  信息内容", 28) + "".join(pad(c["label"], 18, right=True) for c in cols)
        lines.append("  " + head)
        for row in block["rows"]:
            vals = [cell_text(doc, f"t2.{block['key']}.{row['key']}.{c['key']}") for c in cols]
            lines.append("  " + pad("  " + row["label"], 28) + "".join(pad(v, 18, right=True) for v in vals))
    return lines


def _table3(doc: ReportDocument, fmt: ReportFormat) -> list[str]:
    cols = fmt.t3_columns()
    label_w, col_w = 38, 13
    lines = ["三、收到和处理政府信息公开申请情况"]
    lines.append("  " + pad("", label_w) + "".join(pad(clip(c["label"], col_w - 1), col_w, right=True) for c in cols))
    rows = list(fmt.t3_rows())
    # a 2021-format report that printed （六）其他处理 as one row
    printed_other = "t3.total.other_subtotal" in doc.values and not any(
        f"t3.total.{r}" in doc.values for r in ("other_no_correction", "other_fee_unpaid", "other_other"))
    group = None
    for row in rows:
        key = row["key"]
        if printed_other and key in ("other_no_correction", "other_fee_unpaid", "other_other"):
            if key == "other_no_correction":
                row = {"key": "other_subtotal", "label": "（六）其他处理"}
                key = "other_subtotal"
            else:
                continue
        g = row.get("group")
        if g and g != group and g != "三、本年度办理结果":
            lines.append("    " + g)
        if g == "三、本年度办理结果" and group is None:
            lines.append("  三、本年度办理结果")
        group = g or group
        indent = "      " if g and g != "三、本年度办理结果" else ("    " if g else "  ")
        label = row["label"].split("（区分")[0]
        vals = [cell_text(doc, f"t3.{c['key']}.{key}") for c in cols]
        lines.append(pad(indent + clip(label, label_w + 2 - width(indent)), label_w + 2)
                     + "".join(pad(v, col_w, right=True) for v in vals))
    return lines


def _table4(doc: ReportDocument, fmt: ReportFormat) -> list[str]:
    lines = ["四、政府信息公开行政复议、行政诉讼情况"]
    cols = fmt.t4_columns()
    lines.append("  " + pad("", 26) + "".join(pad(c["label"], 10, right=True) for c in cols))
    for g in fmt.t4_groups():
        label = (g.get("parent", "") + "/" if g.get("parent") else "") + g["label"]
        vals = [cell_text(doc, f"t4.{g['key']}.{c['key']}") for c in cols]
        lines.append("  " + pad("  " + label, 26) + "".join(pad(v, 10, right=True) for v in vals))
    return lines


def render(doc: ReportDocument) -> str:
    m = doc.metadata
    out = []
    title = m.title or "（未识别到标题）"
    out.append(f"━━ {title}")
    src = f"{m.source_path or ''}（{KIND_ZH.get(m.source_kind or '', m.source_kind or '')}"
    if m.encoding:
        src += f"，{m.encoding.upper().replace('UTF-8-SIG', 'UTF-8（带BOM）')}"
    out.append(f"文件：{src}）")
    facts = [f"机关：{m.agency or '未识别'}", f"年度：{m.year or '未识别'}", f"格式：{FORMAT_ZH.get(m.format_version, '未识别')}"]
    if m.published:
        facts.append(f"发布日期：{m.published.isoformat()}")
    if m.signed:
        facts.append(f"落款日期：{m.signed.isoformat()}")
    out.append("　".join(facts))
    fmt = doc.format
    if fmt is not None:
        out.append("")
        out.extend(_table2(doc, fmt))
        out.append("")
        out.extend(_table3(doc, fmt))
        out.append("")
        out.extend(_table4(doc, fmt))
        out.append(LEGEND)
    elif doc.facts:
        from .narrative import FACT_LABELS

        out.append("")
        out.append("正文中的主要数字（未经表格核对，仅供参考）：")
        for k, v in doc.facts.items():
            out.append(f"  {FACT_LABELS.get(k, k)}：{v}")
    out.append("")
    counts = doc.summary()
    out.append(f"检查结果：{counts['errors']}个错误，{counts['warnings']}个警告，{counts['infos']}条提示")
    for f in sort_findings(doc.findings):
        out.append(f"  【{SEVERITY_ZH.get(f.severity, f.severity)}】{f.message}（{f.rule_id}）")
    return "\n".join(out)


def render_error(path: str, reason: str) -> str:
    return f"━━ {path}\n【无法读取】{reason}"
