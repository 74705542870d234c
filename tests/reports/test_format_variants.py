"""Generality: the same values printed in every way published reports vary read back the same.

The variants (``tests/support/variants.py``): cell separators (tab, Markdown, "cell |" lines, runs of
spaces, one cell per line, plain HTML tables), half-width brackets, numbering 1. / 1、 / （1） / (1),
full-width digits, spaces inside labels, wrapped labels, zero printed as 0 / — / - / / / 无 / empty,
thousands separators, a 法人或其他组织 小计 column, printed subtotal rows, 其他组织 for 其他, page
footers and running heads inside Table 3, the Table-3 header repeated after a page break, title /
发布日期 / 来源 lines and a page carrying the report twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.formats import load_format
from gongkai.reports.check import check_document
from gongkai.reports.extract import parse_source
from gongkai.reports.readers import read_bytes
from tests.support.generate import consistent_values
from tests.support.variants import SEPARATORS, ZEROS, Style, random_style, render_variant

AGENCY = "样例市自然资源和规划局"


def parse_variant(version: str, seed: int, style: Style | None = None):
    fmt = load_format(version)
    rng = random.Random(seed)
    values = consistent_values(fmt, rng, single_other=version == "2019" or rng.random() < 0.2)
    style = style or random_style(rng)
    text, expected = render_variant(fmt, values, style, agency=AGENCY)
    name = "page.html" if style.sep == "html" else "report.txt"
    doc = check_document(parse_source(read_bytes(text.encode("utf-8"), name)))
    return style, expected, doc


def assert_reads_back(style: Style, expected: dict, doc) -> None:
    got = {k: doc.values.get(k, "absent") for k in expected}
    wrong = {k: (v, got[k]) for k, v in expected.items() if got[k] != v}
    assert not wrong, (style, sorted(wrong.items())[:8])
    extra = set(doc.values) - set(expected)
    assert not extra, sorted(extra)[:8]
    bad = [f"{f.rule_id}: {f.message}" for f in doc.findings if f.severity in ("error", "warning")]
    assert not bad, (style, bad)
    assert doc.metadata.agency == AGENCY
    assert doc.metadata.year == 2023
    if style.meta_lines:
        assert doc.metadata.published == dt.date(2024, 1, 20)
    if any(v is None for k, v in expected.items()):
        assert any(f.rule_id.startswith("BLANK") for f in doc.findings)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), version=st.sampled_from(["2021", "2019"]))
def test_random_variants_read_back(seed, version):
    style, expected, doc = parse_variant(version, seed)
    assert_reads_back(style, expected, doc)


# every variant on its own, under every separator, so a failure names the variant
FEATURES = {
    "half_brackets": {"half_brackets": True},
    "numbering_dun": {"sub_numbering": "1、"},
    "numbering_paren": {"sub_numbering": "（1）"},
    "numbering_half_paren": {"sub_numbering": "(1)", "half_brackets": True},
    "numbering_fullstop": {"sub_numbering": "1．"},
    "fullwidth_digits": {"fullwidth_digits": True},
    "label_spaces": {"label_spaces": True},
    "wrapped_labels": {"wrap_labels": True},
    "wrapped_around_numbers": {"wrap_labels": True, "wrap_around": True},
    "thousands": {"thousands": True},
    "subtotal_column": {"subtotal_column": True},
    "subtotal_rows": {"subtotal_rows": True},
    "other_org": {"other_org_label": "其他组织"},
    "page_noise": {"page_noise": True},
    "repeated_header": {"repeat_header": True},
    "meta_lines": {"meta_lines": True, "title": 1},
    "title_guanyu": {"title": 2},
    "title_year_first": {"title": 4},
    "title_no_agency": {"title": 5, "meta_lines": True},
    "title_zhengwu": {"title": 6},
    "duplicate": {"duplicate": True},
    **{f"zero_{i}": {"zero": z, "zero_share": 1.0} for i, z in enumerate(ZEROS)},
}


@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_each_variant(feature, sep):
    opts = dict(FEATURES[feature])
    if sep == "html" and feature in ("wrapped_labels", "page_noise", "repeated_header"):
        pytest.skip("a text-only variant")
    if sep in ("spaces", "cell_per_line") and opts.get("zero") == "":
        pytest.skip("an empty cell cannot be shown in this layout")
    for seed in range(3):
        for version in ("2021", "2019"):
            style = dataclasses.replace(Style(sep=sep, seed=seed * 7919 + 1), **opts)
            if style.wrap_labels and sep not in ("tab", "spaces", "cell_per_line") or (
                    style.wrap_around and sep == "cell_per_line"):
                continue
            _, expected, doc = parse_variant(version, seed, style)
            assert_reads_back(style, expected, doc)


def test_subtotal_column_is_checked():
    """A printed 小计 column is read as the derived cells and must equal the five organisations."""
    fmt = load_format("2021")
    values = consistent_values(fmt, random.Random(5), single_other=False)
    values["t3.commercial_enterprise.new_received"] += 1
    values["t3.total.new_received"] += 1  # the row still adds up to its total …
    text, expected = render_variant(fmt, values, Style(sep="tab", subtotal_column=True), agency=AGENCY)
    # … but the printed 小计 of that row is now one short
    line = next(ln for ln in text.split("\n") if ln.startswith("一、本年新收"))
    cells = line.split("\t")
    cells[7] = str(int(cells[7]) - 1)
    text = text.replace(line, "\t".join(cells))
    doc = check_document(parse_source(read_bytes(text.encode(), "r.txt")))
    assert any(f.rule_id == "FORMAT.T3_SUBTOTAL_COLUMN" for f in doc.findings)
    assert "T3.SUBTOTAL_COL.new_received" in {f.rule_id for f in doc.findings if f.severity == "error"}


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), version=st.sampled_from(["2021", "2019"]),
       zero=st.sampled_from(["0", "—", "无"]))
def test_crawler_text_variants(seed, version, zero):
    """A crawler's one-line text (cells run together): each value is read, or flagged with it among the readings."""
    rng = random.Random(seed)
    style = dataclasses.replace(random_style(rng), sep="collapsed", zero=zero, wrap_labels=False,
                                page_noise=False, repeat_header=False)
    _, expected, doc = parse_variant(version, seed, style)
    wrong = []
    for key, value in expected.items():
        got = doc.values.get(key, "absent")
        prov = doc.provenance.get(key)
        if got != value and not (prov is not None and prov.ambiguous and value in (prov.alternatives or [])):
            wrong.append((key, value, got))
    assert not wrong, (style, wrong[:8])
    bad = [f.message for f in doc.findings if f.severity in ("error", "warning")
           and not f.rule_id.startswith("PARSE.AMBIGUOUS")]
    assert not bad, (style, bad)
