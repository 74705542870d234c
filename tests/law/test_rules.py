"""The validator on hand-built values and on the corpus gold values."""

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.law.formats import load_format
from gongkai.law.rules import has_errors, validate
from tests.support.gold import CORPUS, gold_values, load_gold

FMT = load_format("2021")
COLS = [c["key"] for c in FMT.t3_columns()]


def balanced_values() -> dict:
    """A consistent 2021 report: 9 new (8 自然人 + 1 商业企业), 2 carried over, 10 concluded, 1 carried forward."""
    values = {key: 0 for key in FMT.cells}
    values["t2.art20_8.administrative_fees.amount_10k_yuan"] = Decimal("1350.1714")

    def put(row, natural, commercial=0):
        values[f"t3.natural_person.{row}"] = natural
        values[f"t3.commercial_enterprise.{row}"] = commercial
        values[f"t3.total.{row}"] = natural + commercial

    put("new_received", 8, 1)
    put("carried_over", 2)
    put("granted", 5, 1)
    put("partially_granted", 2)
    put("unavailable_not_held", 2)
    put("result_total", 9, 1)
    put("carry_forward", 1)
    values.update({"t4.review.upheld": 1, "t4.review.pending": 1, "t4.review.total": 2})
    return values


def ids(findings, severity=None):
    return sorted(f.rule_id for f in findings if severity is None or f.severity == severity)


def test_consistent_report_has_no_findings():
    assert validate(FMT, balanced_values()) == []


def test_breaking_a_result_cell_fails_exactly_its_rules():
    values = balanced_values()
    values["t3.natural_person.granted"] += 1
    assert ids(validate(FMT, values)) == ["T3.RESULT_SUM.natural_person", "T3.ROW_SUM.granted"]


def test_breaking_the_new_received_cell():
    values = balanced_values()
    values["t3.natural_person.new_received"] = 9
    assert ids(validate(FMT, values)) == ["T3.BALANCE.natural_person", "T3.ROW_SUM.new_received"]


def test_message_names_cells_and_numbers():
    values = balanced_values()
    values["t3.natural_person.new_received"] = 9
    finding = next(f for f in validate(FMT, values) if f.rule_id == "T3.BALANCE.natural_person")
    assert finding.severity == "error"
    assert finding.actual == 11 and finding.expected == 10
    assert "自然人" in finding.message and "相差1" in finding.message
    assert {c.key for c in finding.cells} == {
        "t3.natural_person.new_received", "t3.natural_person.carried_over",
        "t3.natural_person.result_total", "t3.natural_person.carry_forward",
    }
    assert all(c.label for c in finding.cells)


def test_table4_total():
    values = balanced_values()
    values["t4.review.total"] = 3
    finding, = validate(FMT, values)
    assert finding.rule_id == "T4.TOTAL.review"
    assert finding.expected == 2 and finding.actual == 3


def test_negative_and_non_integer_cells():
    values = balanced_values()
    values["t2.art20_5.administrative_license.decisions"] = -1
    values["t2.art20_8.administrative_fees.amount_10k_yuan"] = Decimal("-0.5")
    values["t4.review.other"] = "三"
    found = ids(validate(FMT, values))
    assert found.count("ALL.INT_NONNEG") == 2 and "T2.FEE_NONNEG" in found


def test_blank_cells_count_as_zero_with_a_note():
    values = balanced_values()
    values["t3.research_institution.new_received"] = None
    findings = validate(FMT, values)
    assert [(f.rule_id, f.severity) for f in findings] == [("BLANK.t3", "info")]
    assert "按0计算" in findings[0].message


def test_entirely_blank_side_is_a_warning_not_an_error():
    values = balanced_values()
    for row in FMT.sets["t3.results"]:
        values[f"t3.total.{row}"] = None  # 总计 column left unfilled, as in the 2019 Shanghai report
    findings = validate(FMT, values)
    assert not has_errors(findings)
    severities = {(f.rule_id, f.severity) for f in findings}
    assert {("T3.ROW_SUM.granted", "warning"), ("T3.RESULT_SUM.total", "warning")} <= severities


def test_one_blank_total_cell_still_breaks_the_column_sum():
    values = balanced_values()
    values["t3.total.granted"] = None
    severities = {(f.rule_id, f.severity) for f in validate(FMT, values)}
    assert ("T3.ROW_SUM.granted", "warning") in severities
    assert ("T3.RESULT_SUM.total", "error") in severities


def test_printed_subtotal_stands_in_for_absent_sub_rows():
    values = balanced_values()
    for col in COLS:
        for row in ("other_no_correction", "other_fee_unpaid", "other_other"):
            del values[f"t3.{col}.{row}"]
        values[f"t3.{col}.other_subtotal"] = 0
    values["t3.natural_person.other_subtotal"] = 1
    values["t3.total.other_subtotal"] = 1
    values["t3.natural_person.result_total"] = 10
    values["t3.total.result_total"] = 11
    values["t3.natural_person.carry_forward"] = 0
    values["t3.total.carry_forward"] = 0
    assert validate(FMT, values) == []


def test_subtotal_stand_ins_do_not_depend_on_which_tuple_holds_the_terms():
    """The stand-in cache is keyed by identity: an equal tuple built elsewhere gets the same answer."""
    from gongkai.law.rules import _substitute_subtotals

    values = {f"t3.total.{r}": 0 for r in ("new_received", "carried_over", "other_subtotal")}
    rule = next(r for r in FMT.rules if r.id == "T3.RESULT_SUM.total")
    for terms in (rule.rhs, tuple(list(rule.rhs)), tuple(list(rule.rhs))):
        replaced = _substitute_subtotals(FMT, terms, values)
        keys = {t.key for t in replaced}
        assert "t3.total.other_subtotal" in keys
        assert not keys & {"t3.total.other_no_correction", "t3.total.other_fee_unpaid", "t3.total.other_other"}
    plain = next(r for r in FMT.rules if r.id == "T4.TOTAL.review")
    assert _substitute_subtotals(FMT, plain.lhs, values) is plain.lhs  # nothing to stand in: unchanged


def test_printed_subtotal_is_checked_against_its_parts():
    values = balanced_values()
    values["t3.total.withheld_subtotal"] = 4
    assert ids(validate(FMT, values)) == ["T3.SUBTOTAL.withheld_subtotal.total"]


def test_unreadable_cell_is_reported_as_unchecked_rules():
    values = balanced_values()
    del values["t3.natural_person.granted"]
    findings = validate(FMT, values)
    assert ids(findings) == ["RULES.UNCHECKED"]
    assert findings[0].details["rules"] == ["T3.RESULT_SUM.natural_person", "T3.ROW_SUM.granted"]


def test_cross_year_carry_over():
    prev = balanced_values()
    this = balanced_values()
    this_ids = ids(validate(FMT, this, prev_values=prev))
    # prev carried 1 自然人 forward, this year reports 2 carried over
    assert this_ids == ["XY.CARRY.natural_person", "XY.CARRY.total"]
    finding = next(f for f in validate(FMT, this, prev_values=prev) if f.rule_id == "XY.CARRY.total")
    assert finding.severity == "warning" and finding.source == "cross_year"
    assert any(c.prev for c in finding.cells)


GOLDS = sorted(CORPUS.glob("*/*.gold.json"))


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_gold_values_raise_exactly_the_known_arithmetic_inconsistencies(path: Path):
    gold = load_gold(path)
    if gold["format_version"] == "pre2019":
        pytest.skip("no standard tables")
    findings = validate(load_format(gold["format_version"]), gold_values(gold))
    errors = ids(findings, "error")
    expected = set()
    for failure in gold.get("arithmetic_check_failures", []):
        column = failure.split("column ")[1].split(":")[0]
        from tests.support.gold import T3_COLS

        col = T3_COLS[column]
        expected.add(f"T3.BALANCE.{col}" if "一+二" in failure else f"T3.RESULT_SUM.{col}")
    assert set(errors) == expected
