"""The outcome taxonomy against the report format and the notice catalogue."""

from __future__ import annotations

from datetime import date

from gongkai.law.clock import ENDED_OUTCOMES
from gongkai.law.formats import load_format
from gongkai.law.outcomes import (
    BY_KEY,
    OUTCOMES,
    PROCEDURAL_NOTICES,
    REMEDY_NONE,
    REMEDY_ORDINARY,
    REMEDY_RECONSIDERATION_FIRST,
    check_against_format,
    outcome,
    outcomes_for_row,
    remedy_statement,
)


def test_every_table3_result_row_has_an_outcome_and_every_outcome_a_row():
    fmt = load_format("2021")
    assert check_against_format(fmt) == []
    results = set(fmt.sets["t3.results"])
    assert {o.t3_row for o in OUTCOMES} == results
    labels = {r["key"]: r for r in fmt.t3_rows()}
    for o in OUTCOMES:
        group = labels[o.t3_row].get("group")
        if group not in (None, "三、本年度办理结果"):
            assert o.group == group, o.key


def test_keys_are_unique_and_the_clock_hints_exist():
    assert len(BY_KEY) == len(OUTCOMES)
    for key in ENDED_OUTCOMES.values():
        assert key in BY_KEY
    assert outcome("other_fee_unpaid").t3_row == "other_fee_unpaid"
    assert [o.key for o in outcomes_for_row("granted")] == ["granted", "granted_already_public"]
    assert {o.key for o in outcomes_for_row("unavailable_not_held")} == {"unavailable_not_held", "unavailable_not_this_agency"}


def test_notice_kinds_cover_d1_to_d7():
    kinds = {o.notice for o in OUTCOMES}
    expected = {"D1", "D2", "D3", "D5.1", "D5.2", "D5.3", "D5.4", "D7.1", "D7.2", "D7.3"}
    expected |= {f"D4.{i}" for i in range(1, 9)} | {f"D6.{i}" for i in range(1, 6)}
    assert kinds == expected
    assert [n.key for n in PROCEDURAL_NOTICES] == ["P1", "P2", "P3", "P4a", "P4b", "P5", "P6", "P7", "P8", "P9"]
    assert all("条" in n.basis for n in PROCEDURAL_NOTICES)


def test_reasons_and_remedies():
    for o in OUTCOMES:
        if o.t3_row.startswith("withheld_") or o.key == "partially_granted":
            assert o.reasons_required and o.remedy == REMEDY_RECONSIDERATION_FIRST, o.key
    assert outcome("unavailable_not_this_agency").reasons_required  # 36(5) requires reasons
    assert outcome("granted").remedy == REMEDY_ORDINARY
    assert outcome("other_withdrawn").remedy == REMEDY_NONE
    withheld = outcome("withheld_third_party_rights")
    assert withheld.remedy_on(date(2023, 12, 31)) == REMEDY_ORDINARY  # before the 2023 revision applied
    assert withheld.remedy_on(date(2024, 1, 1)) == REMEDY_RECONSIDERATION_FIRST
    assert "先向柳州市人民政府申请行政复议" in remedy_statement(REMEDY_RECONSIDERATION_FIRST, "柳州市人民政府")
    assert "6个月内" in remedy_statement(REMEDY_ORDINARY, "柳州市人民政府")
    assert remedy_statement(REMEDY_NONE, "x") == ""


def test_legal_basis_names_article_and_item():
    assert outcome("granted").basis.endswith("第三十六条第（二）项")
    assert "第三十七条" in outcome("partially_granted").basis
    assert "第十四条" in outcome("withheld_state_secret").basis
    assert "第三十八条" in outcome("unavailable_needs_creation").basis
    assert "109号" in outcome("other_fee_unpaid").basis


def test_notice_text_fills_placeholders_and_marks_missing_ones():
    text = outcome("granted").notice_text(applicant="张三", received="2025年3月3日", request="2024年部门预算")
    assert text.startswith("张三：") and "2025年3月3日" in text and "【获取方式、地点和时间】" in text
