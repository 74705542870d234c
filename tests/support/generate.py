"""Random report values that satisfy every rule of a format (for the property tests)."""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.law.formats import ReportFormat

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
              "legal_service_org", "other_org")
OTHER_SUB = ("other_no_correction", "other_fee_unpaid", "other_other")


def _count(rng: random.Random, hi: int, zero: float = 0.5) -> int:
    if rng.random() < zero:
        return 0
    # mostly small numbers, sometimes larger ones
    return int(rng.paretovariate(1.2)) % (hi + 1)


def consistent_values(fmt: ReportFormat, rng: random.Random, *, single_other: bool | None = None,
                      blanks: bool = False) -> dict:
    """Values for every cell of ``fmt`` that satisfy all of its single-report rules."""
    values: dict = {}
    version = fmt.version
    if single_other is None:
        single_other = version == "2019"
    # Table 2
    for block in fmt.t2_blocks():
        for row in block["rows"]:
            keyp = f"t2.{block['key']}.{row['key']}."
            cols = [c["key"] for c in block["columns"]]
            if block["key"] == "art20_1" and version == "2021":
                issued, abolished = _count(rng, 80), _count(rng, 80)
                values[keyp + "issued"], values[keyp + "abolished"] = issued, abolished
                values[keyp + "in_force"] = issued + _count(rng, 400, 0.2)
            elif block["key"] == "art20_1":
                made = _count(rng, 80)
                published = made if rng.random() < 0.7 else rng.randint(0, made)
                values[keyp + "new_made"], values[keyp + "new_published"] = made, published
                values[keyp + "total_published"] = published + _count(rng, 600, 0.3)
            elif block["key"] == "art20_8" and version == "2021":
                whole = _count(rng, 99999, 0.3)
                places = rng.choice([0, 0, 1, 2, 4])
                frac = rng.randint(0, 10 ** places - 1) if places else 0
                values[keyp + "amount_10k_yuan"] = Decimal(f"{whole}.{frac:0{places}d}") if places else Decimal(whole)
            elif block["key"] == "art20_9":
                items = _count(rng, 500)
                values[keyp + "items"] = items
                values[keyp + "total_amount"] = (f"{rng.randint(1000, 10 ** 8)}元" if items else "0")
            elif "change" in cols:
                prev = _count(rng, 3000)
                values[keyp + "prev_year_items"] = prev
                values[keyp + "change"] = rng.randint(-prev, prev) if prev and rng.random() < 0.5 else 0
                if "decisions" in cols:
                    values[keyp + "decisions"] = _count(rng, 100000)
            else:
                for c in cols:
                    values[keyp + c] = _count(rng, 2_000_000, 0.2)
    # Table 3
    results = list(fmt.sets["t3.results"])
    if single_other:
        results = [r for r in results if r not in OTHER_SUB] + ["other_subtotal"]
    rows = [r["key"] for r in fmt.t3_rows()]
    if single_other:
        i = rows.index("other_no_correction") if "other_no_correction" in rows else None
        rows = [r for r in rows if r not in OTHER_SUB]
        if i is not None:
            rows.insert(i, "other_subtotal")
    for c in APPLICANTS:
        active = c == "natural_person" or rng.random() < 0.3
        new = _count(rng, 400, 0.1 if c == "natural_person" else 0.5) if active else 0
        carried = _count(rng, 30, 0.6) if active else 0
        fwd = rng.randint(0, min(new + carried, 20)) if new + carried and rng.random() < 0.4 else 0
        done = new + carried - fwd
        cell = {r: 0 for r in rows}
        cell["new_received"], cell["carried_over"], cell["carry_forward"], cell["result_total"] = new, carried, fwd, done
        left = done
        chosen = rng.sample(results, k=min(len(results), rng.randint(1, 5)))
        for j, r in enumerate(chosen):
            take = left if j == len(chosen) - 1 else rng.randint(0, left)
            cell[r] += take
            left -= take
        for r in rows:
            values[f"t3.{c}.{r}"] = cell[r]
    for r in rows:
        values[f"t3.total.{r}"] = sum(values[f"t3.{c}.{r}"] for c in APPLICANTS)
    # Table 4
    for g in fmt.t4_groups():
        parts = [_count(rng, 40, 0.6) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts):
            values[f"t4.{g['key']}.{col}"] = v
        values[f"t4.{g['key']}.total"] = sum(parts)
    if blanks:
        for k, v in list(values.items()):
            if v == 0 and k.startswith(("t3.", "t4.")) and rng.random() < 0.3:
                values[k] = None  # printed as an empty cell; counts as 0
    return values
