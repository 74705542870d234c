"""Tables 3 and 4 compiled from hand-built case sets, against tables computed by hand."""

import pytest

from gongkai.annual.compiler import compile_report, table3, table4
from gongkai.law.errors import DomainError
from gongkai.law.formats import load_format
from gongkai.law.outcomes import OUTCOMES
from gongkai.law.rules import validate

from .conftest import make_case, make_remedy

FMT = load_format("2021")
COLUMNS = FMT.sets["t3.columns"]
T3_ROWS = FMT.sets["t3.rows"]


def t3(expected: dict[str, int]) -> dict[str, int]:
    """Every Table 3 cell: 0 unless listed."""
    out = {f"t3.{c}.{r}": 0 for r in T3_ROWS for c in COLUMNS}
    out.update(expected)
    return out


def nonzero(values: dict) -> dict:
    return {k: v for k, v in values.items() if v}


@pytest.fixture
def boundary_cases(org, other_org):
    """The year-boundary cases of the issue, plus cases that must not count in 2025."""
    make_case(org, "2024-12-30", "2025-01-05", "granted")  # A: received 30 Dec, concluded 5 Jan
    make_case(org, "2025-03-01", "2025-03-10", "other_withdrawn")  # B: received and withdrawn in 2025
    make_case(org, "2023-11-20", "2025-02-10", "partially_granted", applicant="commercial_enterprise")  # C: two years
    make_case(org, "2025-12-31")  # D: received on the last day, still open
    make_case(org, "2025-12-31", "2026-01-02", "granted", applicant="legal_service_org")  # E: concluded next year
    make_case(org, "2025-01-01", "2025-12-31", "unavailable_not_this_agency")  # F: first and last day
    make_case(org, "2024-12-01", "2024-12-31", "granted")  # G: concluded on 31 Dec of the previous year
    make_case(org, "2026-01-01")  # H: next year
    make_case(org, "2024-06-01", "2024-07-01", "granted", imported=True)  # I: imported, all in 2024
    make_case(org, "2025-02-01", "2025-02-20", "granted_already_public", applicant="research_institution",
              imported=True)  # J: imported, counts like any other
    make_case(other_org, "2025-05-05", "2025-05-06", "granted")  # K: another agency


def test_table3_year_boundaries_by_hand(boundary_cases, org):
    values, findings = table3(org, 2025)
    expected = t3({
        # 一、本年新收: B, D, E, F (natural person: B, D, F; legal service: E), J (research)
        "t3.natural_person.new_received": 3, "t3.legal_service_org.new_received": 1,
        "t3.research_institution.new_received": 1, "t3.total.new_received": 5,
        # 二、上年结转: A (open on 31 Dec 2024), C (received 2023, still open)
        "t3.natural_person.carried_over": 1, "t3.commercial_enterprise.carried_over": 1, "t3.total.carried_over": 2,
        # 三、办理结果 in 2025: A granted, J granted (already public → （一）), C partial, B withdrawn → （六）3,
        # F not this agency → （四）1
        "t3.natural_person.granted": 1, "t3.research_institution.granted": 1, "t3.total.granted": 2,
        "t3.commercial_enterprise.partially_granted": 1, "t3.total.partially_granted": 1,
        "t3.natural_person.other_other": 1, "t3.total.other_other": 1,
        "t3.natural_person.unavailable_not_held": 1, "t3.total.unavailable_not_held": 1,
        "t3.natural_person.result_total": 3, "t3.commercial_enterprise.result_total": 1,
        "t3.research_institution.result_total": 1, "t3.total.result_total": 5,
        # 四、结转下年度: D (open), E (concluded 2 Jan 2026)
        "t3.natural_person.carry_forward": 1, "t3.legal_service_org.carry_forward": 1, "t3.total.carry_forward": 2,
    })
    assert values == expected
    assert findings == []
    assert not [f for f in validate(FMT, values) if f.severity == "error"]


def test_table3_previous_years_by_hand(boundary_cases, org):
    v2024, _ = table3(org, 2024)
    assert nonzero(v2024) == {
        # new in 2024: A, G, I; carried from 2023: C
        "t3.natural_person.new_received": 3, "t3.total.new_received": 3,
        "t3.commercial_enterprise.carried_over": 1, "t3.total.carried_over": 1,
        # concluded in 2024: G (31 Dec) and I (imported), both granted
        "t3.natural_person.granted": 2, "t3.total.granted": 2,
        "t3.natural_person.result_total": 2, "t3.total.result_total": 2,
        # open on 31 Dec 2024: A (concluded 5 Jan) and C
        "t3.natural_person.carry_forward": 1, "t3.commercial_enterprise.carry_forward": 1, "t3.total.carry_forward": 2,
    }
    v2023, _ = table3(org, 2023)
    assert nonzero(v2023) == {
        "t3.commercial_enterprise.new_received": 1, "t3.total.new_received": 1,
        "t3.commercial_enterprise.carry_forward": 1, "t3.total.carry_forward": 1,
    }
    v2026, _ = table3(org, 2026)
    assert nonzero(v2026) == {
        "t3.natural_person.new_received": 1, "t3.total.new_received": 1,  # H
        "t3.natural_person.carried_over": 1, "t3.legal_service_org.carried_over": 1, "t3.total.carried_over": 2,
        "t3.legal_service_org.granted": 1, "t3.total.granted": 1,  # E
        "t3.legal_service_org.result_total": 1, "t3.total.result_total": 1,
        "t3.natural_person.carry_forward": 2, "t3.total.carry_forward": 2,  # D and H
    }


def test_carry_forward_equals_next_years_carried_over(boundary_cases, org):
    for year in (2023, 2024, 2025):
        this, _ = table3(org, year)
        nxt, _ = table3(org, year + 1)
        for col in COLUMNS:
            assert this[f"t3.{col}.carry_forward"] == nxt[f"t3.{col}.carried_over"], (year, col)


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.key)
def test_every_outcome_lands_in_its_row(org, outcome):
    make_case(org, "2025-04-01", "2025-04-20", outcome.key, applicant="public_interest_org")
    values, findings = table3(org, 2025)
    assert nonzero(values) == {
        "t3.public_interest_org.new_received": 1, "t3.total.new_received": 1,
        f"t3.public_interest_org.{outcome.t3_row}": 1, f"t3.total.{outcome.t3_row}": 1,
        "t3.public_interest_org.result_total": 1, "t3.total.result_total": 1,
    }
    assert findings == []


def test_every_result_row_and_column_at_once(org):
    """One case per outcome, applicant types in turn: each of the 21 result rows is reached."""
    applicants = COLUMNS[:-1]
    for i, outcome in enumerate(OUTCOMES):
        make_case(org, "2025-06-01", "2025-06-15", outcome.key, applicant=applicants[i % 6])
    values, _ = table3(org, 2025)
    rows_hit = {k.split(".")[2] for k, v in values.items() if v and k.startswith("t3.total.")}
    assert set(FMT.sets["t3.results"]) <= rows_hit
    assert values["t3.total.result_total"] == len(OUTCOMES) == values["t3.total.new_received"]
    assert values["t3.total.granted"] == 2 and values["t3.total.unavailable_not_held"] == 2
    assert values["t3.total.other_other"] == 2
    assert not [f for f in validate(FMT, values) if f.severity == "error"]


def test_missing_outcome_is_reported_and_breaks_the_result_sum(org):
    make_case(org, "2025-04-01", "2025-04-20", "")
    make_case(org, "2025-04-01", "2025-04-20", "no_such_outcome")
    values, findings = table3(org, 2025)
    assert values["t3.total.result_total"] == 2
    assert sum(values[f"t3.total.{r}"] for r in FMT.sets["t3.results"]) == 0
    assert [f.rule_id for f in findings] == ["DATA.T3_NO_OUTCOME"]
    assert "no_such_outcome" in findings[0].message
    errors = {f.rule_id for f in validate(FMT, values) if f.severity == "error"}
    assert {"T3.RESULT_SUM.total", "T3.RESULT_SUM.natural_person"} <= errors


def test_table4_by_hand(org, other_org):
    c = make_case(org, "2024-09-01", "2024-10-01", "withheld_third_party_rights")
    make_remedy(c, "review", "2024-11-01", "2025-02-01", "upheld")  # pending in 2024, upheld in 2025
    make_remedy(c, "review", "2025-03-01", "2025-05-01", "corrected")
    make_remedy(c, "review", "2025-06-01")  # undecided
    make_remedy(c, "litigation_direct", "2025-07-01", "2026-01-10", "other")  # pending in 2025, other in 2026
    make_remedy(c, "litigation_after_review", "2023-05-01", "2024-03-01", "upheld")  # before 2025
    make_remedy(c, "litigation_after_review", "2025-01-10", "2025-12-31", "other")  # decided on 31 Dec
    make_remedy(make_case(other_org, "2025-01-01", "2025-01-02", "granted"), "review", "2025-02-01")
    values, findings = table4(org, 2025)
    assert nonzero(values) == {
        "t4.review.upheld": 1, "t4.review.corrected": 1, "t4.review.pending": 1, "t4.review.total": 3,
        "t4.litigation_direct.pending": 1, "t4.litigation_direct.total": 1,
        "t4.litigation_after_review.other": 1, "t4.litigation_after_review.total": 1,
    }
    assert findings == []
    assert nonzero(table4(org, 2024)[0]) == {
        "t4.review.pending": 1, "t4.review.total": 1,
        "t4.litigation_after_review.upheld": 1, "t4.litigation_after_review.total": 1,
    }
    assert nonzero(table4(org, 2026)[0]) == {
        "t4.review.pending": 1, "t4.review.total": 1,  # still undecided
        "t4.litigation_direct.other": 1, "t4.litigation_direct.total": 1,
    }


def test_table4_inconsistent_records_count_as_pending_with_a_warning(org):
    c = make_case(org, "2025-01-05", "2025-01-20", "withheld_process_info")
    make_remedy(c, "review", "2025-02-01", None, "upheld")  # result without a date
    make_remedy(c, "review", "2025-02-01", "2025-03-01", "pending")  # date without a result
    values, findings = table4(org, 2025)
    assert values["t4.review.pending"] == 2 and values["t4.review.total"] == 2
    assert {f.rule_id for f in findings} == {"DATA.T4_UNDATED", "DATA.T4_DATED_PENDING"}


def test_compile_report_has_every_schema_key_and_fees(org):
    from gongkai.requests.models import Fee

    c1 = make_case(org, "2025-03-01", "2025-04-01", "granted")
    c2 = make_case(org, "2025-03-02", "2025-04-02", "granted")
    c3 = make_case(org, "2025-03-03", "2025-04-03", "other_fee_unpaid")
    Fee.objects.create(case=c1, method="per_item", amount="100.00", issued_on="2025-03-10", paid_on="2025-03-12")
    Fee.objects.create(case=c2, method="per_volume", amount="30.50", issued_on="2025-03-10", paid_on="2025-03-15")
    Fee.objects.create(case=c3, method="per_item", amount="100.00", issued_on="2025-03-10")
    compiled = compile_report(org, 2025)
    assert set(compiled.values) == set(FMT.cells)
    assert compiled.facts == {"fee_notices": 3, "fees_paid": 2, "fees_amount": __import__("decimal").Decimal("130.50"),
                              "fees_per_item": 1, "fees_per_volume": 1}
    # Table 2 has no data yet: blank, with a warning saying where to enter it
    assert compiled.values["t2.art20_5.administrative_license.decisions"] is None
    assert compiled.values["t2.art20_1.normative_docs.issued"] == 0
    assert [f.rule_id for f in compiled.findings] == ["DATA.T2_BLANK"]


def test_only_2021_format_years(org):
    with pytest.raises(DomainError, match="2019年试行格式"):
        compile_report(org, 2020)
