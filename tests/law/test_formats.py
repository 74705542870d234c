"""The format schema matches the national format as the spec describes it."""

import json
from pathlib import Path

import pytest

from gongkai.law.formats import format_for_year, load_format

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "spec" / "report-format-2021.json"


@pytest.fixture(scope="module")
def spec():
    return json.loads(SPEC.read_text(encoding="utf-8"))


def test_2021_cells_are_exactly_the_spec_cells(spec):
    fmt = load_format("2021")
    assert list(fmt.cells) == [c["key"] for c in spec["cells"]]
    for c in spec["cells"]:
        cell = fmt.cells[c["key"]]
        assert c["row_label_zh"].endswith(cell.row_label)  # the spec prefixes the row group
        assert cell.type == c["type"] and cell.unit == c["unit"]


def test_2021_derived_cells_are_the_spec_derived_cells(spec):
    fmt = load_format("2021")
    assert set(fmt.derived) == {c["key"] for c in spec["derived_cells"]}
    for c in spec["derived_cells"]:
        assert " + ".join(fmt.derived[c["key"]].definition) == c["definition"]


def test_every_spec_equation_is_one_of_ours(spec):
    ours = {r.id: r for r in load_format("2021").rules}
    for rule in spec["rules"]:
        if rule["id"] in ours and ours[rule["id"]].kind == "equation":
            assert ours[rule["id"]].equation.replace("PREV(", "prev_year.").replace(")", "") == rule["equation"]
        else:  # spec rules written "for each column" or as a domain check
            assert rule["id"] in {"T2.FEE_NONNEG", "T3.CARRY_LE_INFLOW"} or rule["id"].startswith("ALL.")


def test_rule_counts():
    fmt = load_format("2021")
    ids = [r.id for r in fmt.rules]
    assert len(ids) == len(set(ids))
    assert sum(i.startswith("T3.BALANCE.") for i in ids) == 7
    assert sum(i.startswith("T3.RESULT_SUM.") for i in ids) == 7
    assert sum(i.startswith("T3.ROW_SUM.") for i in ids) == 25
    assert sum(i.startswith("T4.TOTAL.") for i in ids) == 3


def test_result_sum_covers_the_21_result_rows():
    rule = next(r for r in load_format("2021").rules if r.id == "T3.RESULT_SUM.total")
    assert [t.key for t in rule.lhs] == ["t3.total.result_total"]
    assert len(rule.rhs) == 21


def test_2019_format_differences():
    fmt = load_format("2019")
    assert "t3.total.other_subtotal" in fmt.cells
    assert "t3.total.other_no_correction" not in fmt.cells
    assert len([r for r in fmt.t3_rows()]) == 23
    blocks = [b["key"] for b in fmt.t2_blocks()]
    assert blocks == ["art20_1", "art20_5", "art20_6", "art20_8", "art20_9"]
    assert fmt.cells["t2.art20_5.administrative_license.change"].min is None  # 本年增/减 may be negative
    assert fmt.cells["t2.art20_9.government_procurement.total_amount"].type == "text"
    rule = next(r for r in fmt.rules if r.id == "T3.RESULT_SUM.total")
    assert len(rule.rhs) == 19 and rule.rhs[-1].key == "t3.total.other_subtotal"


def test_format_for_year():
    assert format_for_year(2019).version == "2019"
    assert format_for_year(2020).version == "2019"
    assert format_for_year(2021).version == "2021"
    assert format_for_year(2025).version == "2021"


def test_unknown_format():
    with pytest.raises(KeyError):
        load_format("2008")
