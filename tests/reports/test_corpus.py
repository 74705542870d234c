"""Every raw file of every corpus report parses to its gold values and raises exactly its known problems."""

from __future__ import annotations

import pytest

from gongkai.reports.check import check_file
from tests.support.gold import (
    corpus_cases,
    gold_facts,
    gold_values,
    known_arithmetic_rules,
    narrative_vs_table,
)

CASES = corpus_cases()
IDS = [f"{gold['id']}-{raw.name}" for _, gold, raw in CASES]


@pytest.fixture(scope="module")
def checked():
    return {raw: check_file(raw) for _, _, raw in CASES}


@pytest.mark.parametrize(("gold_path", "gold", "raw"), CASES, ids=IDS)
def test_values_match_gold(checked, gold_path, gold, raw):
    result = checked[raw]
    assert result.ok, result.error
    doc = result.doc
    assert doc.metadata.format_version == gold["format_version"]
    assert doc.metadata.year == gold["year"]
    wrong = []
    for key, expected in gold_values(gold).items():
        if key not in doc.values:
            wrong.append((key, expected, "absent"))
            continue
        got = doc.values[key]
        if got == expected:
            continue
        prov = doc.provenance.get(key)
        # a collapsed run the text alone cannot decide: flagged, with the printed value among the readings
        if prov is not None and prov.ambiguous and expected in (prov.alternatives or []):
            continue
        wrong.append((key, expected, got))
    assert not wrong, wrong
    if gold["format_version"] != "pre2019":
        # nothing read that the gold does not have (e.g. the （六） sub-rows of a one-row （六）)
        extra = [k for k in doc.values if k not in gold_values(gold) and not k.endswith("_subtotal")]
        assert not extra


@pytest.mark.parametrize(("gold_path", "gold", "raw"), CASES, ids=IDS)
def test_known_inconsistencies_are_reported(checked, gold_path, gold, raw):
    doc = checked[raw].doc
    errors = {f.rule_id for f in doc.findings if f.severity == "error"}
    assert errors == known_arithmetic_rules(gold)
    text_warnings = [f for f in doc.findings if f.source == "text" and f.severity in ("warning", "error")]
    assert len(text_warnings) >= len(narrative_vs_table(gold))
    if not any(k.startswith("narrative") for k in gold.get("known_inconsistencies", [])):
        assert text_warnings == [], [f.message for f in text_warnings]


def test_narrative_report_contradicting_itself(checked):
    doc = _doc(checked, "014.raw.txt")  # 共受理审批事项117件，办结171件
    assert [f.rule_id for f in doc.findings if f.severity == "warning"] == ["TEXT.FACTS_CONCLUDED_GT_RECEIVED"]


@pytest.mark.parametrize(("gold_path", "gold", "raw"), [c for c in CASES if c[1]["format_version"] == "pre2019"],
                         ids=[i for i, c in zip(IDS, CASES) if c[1]["format_version"] == "pre2019"])
def test_narrative_reports_give_their_figures(checked, gold_path, gold, raw):
    doc = checked[raw].doc
    assert doc.values == {}
    assert any(f.rule_id == "FORMAT.NARRATIVE" for f in doc.findings)
    expected = gold_facts(gold)
    assert {k: doc.facts.get(k) for k in expected} == expected
    for key in expected:
        assert doc.fact_sources[key].raw


def _doc(checked, name):
    return next(r.doc for raw, r in checked.items() if raw.name == name)


def test_duplicated_report_is_read_once_and_compared(checked):
    doc = _doc(checked, "004_3a633730e86d03e4.txt")
    dup = [f for f in doc.findings if f.rule_id.startswith("DUP.")]
    assert [f.rule_id for f in dup] == ["DUP.SAME"]


def test_wrong_header_row_is_ignored_and_said(checked):
    doc = _doc(checked, "013.raw.md")
    assert any(f.rule_id == "PARSE.HEADER_IGNORED" and "本年新收件数" in f.message for f in doc.findings)


def test_column_major_pdf_text_is_read_as_a_stream(checked):
    doc = _doc(checked, "007.raw.txt")
    assert any(f.rule_id == "PARSE.T3_STREAM" for f in doc.findings)
    assert doc.provenance["t3.natural_person.unavailable_not_held"].raw == "31"


def test_provenance_points_at_the_source(checked):
    doc = _doc(checked, "002_1afd807652ea93b8.txt")
    prov = doc.provenance["t3.natural_person.new_received"]
    assert prov.raw == "34" and prov.line == 51
    html = _doc(checked, "016.raw.html")
    prov = html.provenance["t3.natural_person.granted"]
    assert prov.table is not None and prov.row is not None and prov.col is not None
    collapsed = _doc(checked, "005.raw.txt")
    prov = collapsed.provenance["t3.natural_person.new_received"]
    assert prov.raw == "801000081" and "拆分" in prov.note


def test_blank_cells_stay_blank(checked):
    doc = _doc(checked, "016.raw.html")
    assert doc.values["t3.total.granted"] is None
    assert doc.cell_status("t3.total.granted") == "blank"
    assert doc.to_json()["tables"]["t3.total.granted"] is None


def test_missing_digit_in_crawler_text_becomes_the_blank_cell(checked):
    doc = _doc(checked, "032.raw.txt")
    assert doc.values["t3.commercial_enterprise.new_received"] is None
    assert doc.values["t3.natural_person.new_received"] == 0


def test_metadata(checked):
    doc = _doc(checked, "016.raw.html")
    assert doc.metadata.agency == "上海市人民政府办公厅"
    assert doc.metadata.published.isoformat() == "2020-01-31"
    doc = _doc(checked, "000_3be9cb615a0cda09.txt")
    assert doc.metadata.agency == "柳州市公安局" and doc.metadata.signed.isoformat() == "2024-01-19"
    assert doc.metadata.title == "柳州市公安局2023年政府信息公开工作年度报告"
    doc = _doc(checked, "001_0894b26ac3a47999.txt")  # no title line: the signature names the agency
    assert doc.metadata.agency == "巴楚县公安局" and doc.metadata.year == 2023
    doc = _doc(checked, "003.raw.txt")
    assert doc.metadata.published.isoformat() == "2021-03-05"


def test_sections_are_cut(checked):
    doc = _doc(checked, "002.raw.txt")
    assert set(doc.sections) == {"s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation",
                                 "s5_problems", "s6_other"}
    assert doc.sections["s6_other"].startswith("2024 年，市政府严格落实")


PDFTOTEXT = __import__("shutil").which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("mode", ["default", "-layout", "-raw"])
@pytest.mark.parametrize("report", ["002", "007"])
def test_real_pdfs_as_pdftotext_output_in_every_mode(tmp_path, report, mode):
    """The corpus has each PDF's text in one mode; the same report in the other modes must read too."""
    import subprocess

    from tests.support.gold import CORPUS, load_gold

    pdf = CORPUS / "dev" / f"{report}.raw.pdf"
    out = tmp_path / f"{report}.txt"
    subprocess.run([PDFTOTEXT, *([] if mode == "default" else [mode]), str(pdf), str(out)], check=True, timeout=60)
    result = check_file(out)
    assert result.ok, result.error
    doc = result.doc
    gold = load_gold(CORPUS / "dev" / f"{report}.gold.json")
    for key, expected in gold_values(gold).items():
        prov = doc.provenance.get(key)
        assert doc.values.get(key) == expected or (prov and prov.ambiguous and expected in prov.alternatives), key
    errors = {f.rule_id for f in doc.findings if f.severity == "error"}
    assert errors == known_arithmetic_rules(gold)
