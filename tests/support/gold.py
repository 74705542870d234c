"""Translate the corpus gold files (their own key names) into our format's cell keys.

The corpus gold schema (``shared/corpus/dev/README.md``) names rows and columns
differently from ``report-format-2021.json``; the mapping lives here, in the
tests, because only the tests read gold files.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"

T3_ROWS = {
    "new_received": "new_received", "carried_over": "carried_over", "granted": "granted",
    "partial": "partially_granted", "denied_state_secret": "withheld_state_secret",
    "denied_law_forbidden": "withheld_prohibited_by_law", "denied_three_safety": "withheld_security_stability",
    "denied_third_party": "withheld_third_party_rights", "denied_internal_affairs": "withheld_internal_affairs",
    "denied_process_info": "withheld_process_info", "denied_enforcement_file": "withheld_enforcement_case_file",
    "denied_query_matter": "withheld_administrative_query", "unable_not_held": "unavailable_not_held",
    "unable_need_create": "unavailable_needs_creation", "unable_unclear": "unavailable_unclear_after_correction",
    "not_handled_petition": "not_processed_petition_complaint", "not_handled_repeat": "not_processed_repeat",
    "not_handled_publication": "not_processed_publication", "not_handled_massive": "not_processed_massive_repeated",
    "not_handled_confirm": "not_processed_confirm_or_reissue", "other_no_correction": "other_no_correction",
    "other_no_fee": "other_fee_unpaid", "other_other": "other_other", "other_handling_total": "other_subtotal",
    "total_handled": "result_total", "carried_forward": "carry_forward",
}
T3_COLS = {
    "natural_person": "natural_person", "commercial": "commercial_enterprise", "research": "research_institution",
    "social_org": "public_interest_org", "legal_service": "legal_service_org", "other": "other_org", "total": "total",
}
T4_COLS = {"maintained": "upheld", "corrected": "corrected", "other": "other", "pending": "pending", "total": "total"}
T2_2021 = {
    ("regulations", "issued"): "t2.art20_1.regulations.issued",
    ("regulations", "repealed"): "t2.art20_1.regulations.abolished",
    ("regulations", "in_force"): "t2.art20_1.regulations.in_force",
    ("normative_documents", "issued"): "t2.art20_1.normative_docs.issued",
    ("normative_documents", "repealed"): "t2.art20_1.normative_docs.abolished",
    ("normative_documents", "in_force"): "t2.art20_1.normative_docs.in_force",
    ("administrative_licensing", "decisions"): "t2.art20_5.administrative_license.decisions",
    ("administrative_punishment", "decisions"): "t2.art20_6.administrative_penalty.decisions",
    ("administrative_coercion", "decisions"): "t2.art20_6.administrative_compulsion.decisions",
    ("administrative_fees", "amount_wan_yuan"): "t2.art20_8.administrative_fees.amount_10k_yuan",
}
T2_2019_BLOCK = {
    "regulations": ("art20_1", "regulations"), "normative_documents": ("art20_1", "normative_docs"),
    "administrative_licensing": ("art20_5", "administrative_license"),
    "other_management_services": ("art20_5", "other_management_services"),
    "administrative_punishment": ("art20_6", "administrative_penalty"),
    "administrative_coercion": ("art20_6", "administrative_compulsion"),
    "administrative_fees": ("art20_8", "administrative_fees"),
    "government_procurement": ("art20_9", "government_procurement"),
}


def load_gold(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gold_values(gold: dict) -> dict:
    """Gold Table 2–4 values keyed by our cell keys (``None`` = blank in the source).

    Rows the report's form does not have (the three （六） sub-rows of a report
    printing （六）其他处理 as one row) are left out, as the parser leaves them out.
    """
    values: dict = {}
    version = gold["format_version"]
    if version == "pre2019":
        return values
    t2 = gold.get("table2") or {}
    for row, cols in t2.items():
        for col, value in cols.items():
            if col.endswith("_raw") or col.startswith("_"):
                continue
            if version == "2021":
                key = T2_2021[(row, col)]
                if col == "amount_wan_yuan" and value is not None:
                    value = Decimal(cols.get("amount_wan_yuan_raw") or str(value))
            else:
                if row == "administrative_fees" and col == "amount_wan_yuan":
                    continue  # the 2019 form has no amount
                block, our_row = T2_2019_BLOCK[row]
                key = f"t2.{block}.{our_row}.{col}"
                if row == "government_procurement" and col == "items" and value is not None:
                    value = int(value)
            values[key] = value
    for row, cols in (gold.get("table3") or {}).items():
        if cols is None:
            continue
        for col, value in cols.items():
            values[f"t3.{T3_COLS[col]}.{T3_ROWS[row]}"] = value
    for group, cols in (gold.get("table4") or {}).items():
        for col, value in cols.items():
            values[f"t4.{group}.{T4_COLS[col]}"] = value
    return values


# Narrative facts of pre-2019 reports: the gold files name the same figure in different words.
FACT_SYNONYMS = {
    "新增主动公开政府信息": "主动公开政府信息",
    "依申请公开政府信息": "依申请公开申请",
}


def gold_facts(gold: dict) -> dict:
    """Gold ``narrative_facts`` under the parser's fact keys."""
    return {FACT_SYNONYMS.get(k, k): v for k, v in (gold.get("narrative_facts") or {}).items()}


def corpus_cases() -> list[tuple[Path, dict, Path]]:
    """(gold file, gold, raw file) for every raw file of every corpus report."""
    cases = []
    for g in sorted(CORPUS.glob("*/*.gold.json")):
        gold = load_gold(g)
        names = set(gold.get("raw_files") or [gold["raw_file"]])
        if g.parent.name == "dev":
            names |= {p.name for p in g.parent.glob(g.name.replace(".gold.json", ".raw.*"))}
        for name in sorted(names):
            cases.append((g, gold, g.parent / name))
    return cases


def known_arithmetic_rules(gold: dict) -> set[str]:
    """Rule ids the gold ``arithmetic_check_failures`` correspond to."""
    expected = set()
    for failure in gold.get("arithmetic_check_failures", []):
        column = T3_COLS[failure.split("column ")[1].split(":")[0]]
        expected.add(f"T3.BALANCE.{column}" if "一+二" in failure else f"T3.RESULT_SUM.{column}")
    return expected


def narrative_vs_table(gold: dict) -> list[str]:
    return [k for k in gold.get("known_inconsistencies", []) if k.startswith("narrative_vs_table")]
