"""Generality: the wording published reports actually vary in (headings, brackets, numbering, label
variants and typos) must not change what is read."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.formats import load_format
from gongkai.reports.check import check_document
from gongkai.reports.extract import parse_source
from gongkai.reports.readers import read_bytes
from tests.support.generate import consistent_values
from tests.support.render import render_html, render_text

VARIANTS = [
    ("四、政府信息公开行政复议、行政诉讼情况", ["四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                                   "四、政府信息公开行政复议与行政诉讼情况", ""]),  # "" : no heading at all
    ("五、存在的主要问题及改进情况", ["五、政府信息公开工作存在的主要问题及改进情况", "五、存在的问题及改进措施",
                            "五、主要问题和改进措施"]),
    ("六、其他需要报告的事项", ["六、其他需报告的事项"]),
    ("（", ["("]),
    ("）", [")"]),
    ("“三安全一稳定”", ['"三安全一稳定"', "三安全一稳定"]),
    ("没有现成信息需要另行制作", ["没有现成信息需要另外制作"]),
    ("行政规范性文件", ["规范性文件"]),
    ("其他法律行政法规禁止公开", ["其他法律行政止公开", "其他法律、行政法规禁止公开"]),
]


def perturb(text: str, rng: random.Random) -> str:
    for original, choices in VARIANTS:
        text = text.replace(original, rng.choice([original, *choices]))
    # numbering written "1、" / "1. " / "1．" instead of "1."
    return re.sub(r"(?m)^(\t?)(\d)\.(?=[\u4e00-\u9fff])",
                  lambda m: m.group(1) + m.group(2) + rng.choice([".", "、", ". ", "．"]), text)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), version=st.sampled_from(["2021", "2019"]),
       style=st.sampled_from(["tsv", "markdown", "cell_per_line", "pipe_lines", "html"]))
def test_wording_variants_read_the_same(seed, version, style):
    fmt = load_format(version)
    rng = random.Random(seed)
    values = consistent_values(fmt, rng, single_other=version == "2019" or rng.random() < 0.2)
    raw = render_html(fmt, values, rng=rng) if style == "html" else render_text(style, fmt, values, rng=rng)
    raw = perturb(raw, rng)
    doc = check_document(parse_source(read_bytes(raw.encode("utf-8"), "r.html" if style == "html" else "r.txt")))
    assert {k: doc.values.get(k, "absent") for k in values} == values
    assert not [f.message for f in doc.findings if f.severity in ("error", "warning")]


def test_gbk_crawler_text_with_full_width_digits():
    fmt = load_format("2021")
    values = consistent_values(fmt, random.Random(3), single_other=False)
    raw = render_text("collapsed", fmt, values, rng=random.Random(3))
    raw = raw.translate({ord(str(i)): chr(0xFF10 + i) for i in range(10)})  # full-width digits
    doc = parse_source(read_bytes(raw.encode("gb18030"), "page.txt"))
    assert doc.metadata.encoding == "gb18030"
    for key, value in values.items():
        prov = doc.provenance[key]
        assert doc.values[key] == value or (prov.ambiguous and value in prov.alternatives)
