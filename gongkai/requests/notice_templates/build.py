"""Builds the default Word templates, one per notice kind: ``python -m gongkai.requests.notice_templates.build``.

The generated ``default/<kind>.docx`` files are committed and shipped; an agency
downloads one, edits it in Word (letterhead, wording, seal position) and uploads it in
the console.  Templates use docxtpl (Jinja) tags: ``{{ variable }}`` and, in paragraphs
of their own, ``{%p if … %}`` / ``{%p for … %}``.  The variables are listed in
``gongkai.requests.notices.VARIABLES`` and in ``docs/requests.md``.

Texts: the decision letters (D1…D7.3) carry the standard texts of
``gongkai.law.outcomes`` (placeholders turned into template variables); the procedural
notices (P1…P9) are written here from notices.md §2.1 and the articles they cite.
Layout follows GB/T 9704—2012 loosely: A4, 仿宋 三号 body, 小标宋 title.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.law.outcomes import OUTCOMES, PROCEDURAL_NOTICES

OUT = Path(__file__).with_name("default")
BODY_FONT, TITLE_FONT, HEI = "仿宋_GB2312", "方正小标宋简体", "黑体"

ADDRESSEE_APPLICANT = "{{ applicant }}："
INTRO = "本机关于{{ received }}收到您提出的政府信息公开申请（申请编号：{{ request_number }}），申请获取“{{ request }}”。"
CORRECTED = "{%p if corrected_received %}", "您于{{ corrected_received }}提交了补正后的申请。", "{%p endif %}"

# Procedural notices: (title, addressee line, body paragraphs).  Lines "{%p …%}" stay paragraphs of their own.
PROCEDURAL = {
    "P1": ("政府信息公开申请受理回执", ADDRESSEE_APPLICANT, [
        "本机关于{{ received }}收到您通过{{ channel }}提出的政府信息公开申请，已予登记，申请编号为{{ request_number }}。",
        "您申请获取的信息：{{ request }}",
        "本机关将自收到申请之日起20个工作日内（即{{ due }}前）作出答复；需要延长答复期限的，将另行告知。"
        "征求第三方或者其他机关意见、等待缴纳信息处理费所需时间不计算在答复期限内。",
        "{%p if tracking_hint %}", "{{ tracking_hint }}", "{%p endif %}",
    ]),
    "P2": ("补正告知书", ADDRESSEE_APPLICANT, [
        INTRO,
        "经审查，您的申请内容不明确，请您对以下内容作出补正：",
        "{%p for item in items %}", "{{ loop.index }}．{{ item }}", "{%p endfor %}",
        "请您于{{ correction_deadline }}将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "特此告知。",
    ]),
    "P3": ("说明理由告知书", ADDRESSEE_APPLICANT, [
        INTRO,
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围，请您于{{ deadline_text }}向本机关说明理由。"
        "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在规定期限内答复的，将确定延迟答复的合理期限并告知您。",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
    ]),
    "P4a": ("延期答复告知书", ADDRESSEE_APPLICANT, [
        INTRO, *CORRECTED,
        "因{{ extension_reason }}，本机关不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，"
        "答复期限延长{{ extension_days }}个工作日，延长后的答复期限为{{ due }}。",
        "特此告知。",
    ]),
    "P4b": ("延迟答复告知书", ADDRESSEE_APPLICANT, [
        INTRO,
        "您申请公开政府信息的数量、频次明显超过合理范围，经审查，您说明的理由合理，但本机关无法在规定期限内答复。"
        "本机关确定延迟答复的期限为{{ deadline_text }}。",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
    ]),
    "P5": ("征求意见书", "{{ addressee }}：", [
        "本机关于{{ received }}收到政府信息公开申请（申请编号：{{ request_number }}），申请人申请获取“{{ subject }}”。"
        "该信息公开可能损害您（单位）的合法权益，现书面征求您的意见。",
        "请您自收到本征求意见书之日起15个工作日内以书面形式提出意见；不同意公开的，请说明理由。逾期未提出意见的，"
        "本机关将依照《中华人民共和国政府信息公开条例》的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；"
        "但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知您。",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
    ]),
    "P6": ("征求意见告知书", ADDRESSEE_APPLICANT, [
        INTRO,
        "您申请获取的政府信息{{ consultation_reason }}，本机关已于{{ consulted_on }}书面征求意见。"
        "征求意见所需时间不计算在答复期限内，本机关将在收到意见或者征求意见期限届满后依法作出答复。",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
        "特此告知。",
    ]),
    "P7": ("依申请公开告知书", "{{ addressee }}：", [
        "本机关于{{ received }}收到政府信息公开申请（申请编号：{{ request_number }}），申请人申请获取的信息涉及您（单位）的合法权益。"
        "本机关已书面征求您的意见。经审查，本机关认为不公开可能对公共利益造成重大影响，决定予以公开。",
        "决定公开的内容：{{ subject }}",
        "理由：{{ reasons }}",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
    ]),
    "P8": ("征求意见函", "{{ addressee }}：", [
        "本机关于{{ received }}收到政府信息公开申请（申请编号：{{ request_number }}），申请人申请获取“{{ subject }}”。",
        "{%p if party == 'co_producer' %}",
        "该信息由贵机关与本机关共同制作，现征求贵机关意见。请于收到本函之日起15个工作日内书面回复；逾期未回复的，视为同意公开。",
        "{%p else %}",
        "该信息的公开需征求贵机关意见，请贵机关尽快书面回复。",
        "{%p endif %}",
        "{%p if text %}", "{{ text }}", "{%p endif %}",
    ]),
    "P9": ("收费通知书", ADDRESSEE_APPLICANT, [
        INTRO, *CORRECTED,
        "根据《政府信息公开信息处理费管理办法》的规定，本机关决定对您的本次申请收取信息处理费：",
        "计收方式：{{ fee_method }}",
        "收费标准：{{ fee_standard }}",
        "{%p for line in fee_lines %}", "{{ line }}", "{%p endfor %}",
        "收费金额：人民币{{ fee_amount }}元",
        "缴纳方式：{{ payment_method }}",
        "请您自收到本通知之次日起20个工作日内（即{{ fee_payment_due }}前）缴纳。逾期未缴纳的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。自本通知发出之日起至您缴费之日止的期间，不计算在答复期限内。",
        "特此通知。",
    ]),
}


def _jinja(text: str) -> str:
    """``{applicant}`` → ``{{ applicant }}``; the responsible agency placeholder gets its own name."""
    return re.sub(r"\{(\w+)\}", lambda m: "{{ " + ("responsible_agency" if m.group(1) == "agency" else m.group(1)) + " }}",
                  text)


def _decision_kinds() -> dict[str, tuple[str, list]]:
    """D-kind → (title, body paragraphs) from the outcomes' standard texts."""
    by_kind: dict[str, list] = {}
    for o in OUTCOMES:
        by_kind.setdefault(o.notice, []).append(o)
    kinds = {}
    for kind, outcomes in by_kind.items():
        paragraphs: list[str] = []
        if len(outcomes) == 1:
            lines = _jinja(outcomes[0].text).split("\n")
            head, body = lines[0], lines[1:]
            paragraphs = [*body]
        else:
            head = ADDRESSEE_APPLICANT
            for i, o in enumerate(outcomes):
                paragraphs.append(("{%p if" if i == 0 else "{%p elif") + f" outcome == '{o.key}' %}}")
                paragraphs.extend(_jinja(o.text).split("\n")[1:])
            paragraphs.append("{%p endif %}")
        title = outcomes[0].notice_title if len(outcomes) == 1 else "{{ title }}"  # 撤回确认 / 终止处理告知书
        kinds[kind] = (title, [head, *CORRECTED, *paragraphs])
    return kinds


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, align=None, font=BODY_FONT, size=16.0, bold=False, indent=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold)
    return p


def build_one(kind: str, title: str, addressee: str, body: list[str], path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = title
    doc.core_properties.subject = f"gongkai notice template {kind}"
    _paragraph(doc, "{{ agency }}", align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=22)
    _paragraph(doc, title, align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=22)
    _paragraph(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "申请编号：{{ request_number }}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=12)
    _paragraph(doc, "")
    _paragraph(doc, addressee)
    for text in body:
        _paragraph(doc, text, indent=not text.startswith("{%"))
    _paragraph(doc, "法律依据：{{ basis }}", indent=True)
    for text in ("{%p if remedy %}", "{{ remedy }}", "{%p endif %}"):
        _paragraph(doc, text, indent=not text.startswith("{%"))
    _paragraph(doc, "")
    _paragraph(doc, "{%p if agency_contact %}")
    _paragraph(doc, "联系方式：{{ agency_contact }}", indent=True)
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "")
    _paragraph(doc, "{{ agency }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "{{ issued }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, size=12)
    doc.save(path)


def kinds() -> dict[str, tuple[str, str, list[str]]]:
    """Every notice kind → (title, addressee line, body paragraphs)."""
    out = {k: v for k, v in PROCEDURAL.items()}
    for kind, (title, paragraphs) in _decision_kinds().items():
        out[kind] = (title, paragraphs[0], paragraphs[1:])
    missing = {n.key for n in PROCEDURAL_NOTICES} - set(out)
    if missing:
        raise SystemExit(f"no template text for {sorted(missing)}")
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind, (title, addressee, body) in kinds().items():
        build_one(kind, title, addressee, body, OUT / f"{kind}.docx")
        print(f"{kind}: {title}")


if __name__ == "__main__":
    main()
