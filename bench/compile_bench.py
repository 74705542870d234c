"""Benchmark: compiling an annual report (Tables 2–4) over 1 000 000 requests (target: ≤ 2 s on SQLite).

One agency with N requests (default 1 000 000) received from July of the year before the report year
to December of the report year — almost every row is in the report's window (the worst case) —
every applicant type and outcome, ~3 % still open, 20 000 行政复议/行政诉讼 records, 200 000
enforcement decision records and 50 registered documents.  In the same run it measures:

- reference A: the hand-written SQL of Table 3 — one ``GROUP BY applicant_type, outcome`` over the
  same table with the same window (received by 31 December, not concluded before 1 January) and
  the same three conditional counts, executed through a raw cursor, no ORM and no Python;
- reference B, the floor: ``SELECT applicant_type, outcome, COUNT(*) … GROUP BY applicant_type,
  outcome`` over all the agency's rows, no condition at all;
- ``compile_report(org, year)``: Tables 2, 3 and 4 and the fee facts, as the console and the CLI
  compile them; and each table on its own.

Target: compile ≤ 2 s and ≤ 2 × reference A (reference B is printed for comparison).  Each timing is the best of 3 (the machine is shared).

Usage:  .venv/bin/python bench/compile_bench.py [CASES]
The database is a fresh SQLite file in a temporary folder, unless DATABASE_URL is set.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

CASES = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
YEAR = 2025
WORK = Path(tempfile.mkdtemp(prefix="gk-compile-bench-"))
os.environ.setdefault("GONGKAI_DATA_DIR", str(WORK))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

APPLICANTS = (["natural_person"] * 80 + ["commercial_enterprise"] * 8 + ["research_institution"] * 2
              + ["public_interest_org"] * 2 + ["legal_service_org"] * 5 + ["other_org"] * 3)


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def insert_rows(model, columns: list[str], rows) -> None:
    """Raw batched INSERT (executemany) of ``rows`` (tuples in ``columns`` order)."""
    from django.db import connection, transaction

    table = model._meta.db_table
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join(["%s"] * len(columns))})'
    batch = []
    with transaction.atomic(), connection.cursor() as cur:
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                cur.executemany(sql, batch)
                batch.clear()
        if batch:
            cur.executemany(sql, batch)


def case_rows(org_id: int, n: int):
    from gongkai.law.outcomes import OUTCOMES
    from gongkai.requests.models import Case

    rng = random.Random(YEAR)
    start = dt.date(YEAR - 1, 7, 1)
    span = (dt.date(YEAR, 12, 31) - start).days + 1
    now = dt.datetime(YEAR + 1, 1, 5, 12, tzinfo=dt.timezone.utc)
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    fixed = {}
    for f in fields:
        if f.has_default():
            fixed[f.attname] = f.get_default()
        elif f.null:
            fixed[f.attname] = None
        else:
            fixed[f.attname] = ""
    fixed.update(organization_id=org_id, channel="post_signed", id_type="resident_id", id_number="11010519491231002X",
                 applicant_name="申请人", description="基准测试", submitted_at=now, updated_at=now)
    columns = [f.column for f in fields]
    keys = [f.attname for f in fields]
    outcomes = [o.key for o in OUTCOMES]

    def rows():
        for i in range(1, n + 1):
            received = start + dt.timedelta(days=rng.randrange(span))
            open_ = rng.random() < 0.03
            concluded = None if open_ else received + dt.timedelta(days=rng.randint(1, 40))
            values = dict(fixed)
            values.update(
                number=f"BENCH-{i:07d}", year=received.year, sequence=i, evidence_date=received, received=received,
                applicant_type=APPLICANTS[rng.randrange(100)], outcome="" if open_ else rng.choice(outcomes),
                concluded=concluded, is_open=open_, status="handling" if open_ else "archived",
            )
            yield tuple(values[k] for k in keys)

    return columns, rows()


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.annual.compiler import compile_report, table2, table3, table4
    from gongkai.disclosure.models import EnforcementImport, EnforcementRecord, NormativeDocument
    from gongkai.orgs.models import Organization
    from gongkai.requests.models import Case, Remedy

    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(code="BENCH", defaults={"name": "基准测试公安局", "region": "CN-GX"})
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    if not Case.objects.filter(organization=org).exists():
        t = time.perf_counter()
        columns, rows = case_rows(org.pk, CASES)
        insert_rows(Case, columns, rows)
        first = Case.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[:1][0]
        last = Case.objects.filter(organization=org).order_by("-pk").values_list("pk", flat=True)[:1][0]
        rng = random.Random(7)
        now = dt.datetime(YEAR + 1, 1, 5, 12, tzinfo=dt.timezone.utc)

        def remedies():
            for _ in range(20_000):
                filed = dt.date(YEAR - 1, 9, 1) + dt.timedelta(days=rng.randrange(480))
                decided = filed + dt.timedelta(days=rng.randint(20, 200)) if rng.random() < 0.8 else None
                result = rng.choice(["upheld", "corrected", "other"]) if decided else "pending"
                yield (rng.randint(first, last), rng.choice(["review", "litigation_direct", "litigation_after_review"]),
                       "柳州市人民政府", "", filed, decided, result, "", now, now)

        insert_rows(Remedy, ["case_id", "kind", "body", "reference", "filed_on", "decided_on", "result", "note",
                             "created_at", "updated_at"], remedies())

        batch = EnforcementImport.objects.create(organization=org, year=YEAR, filename="bench.csv", rows=200_000)

        def records():
            for i in range(200_000):
                kind = rng.choice(["license", "penalty", "penalty", "compulsion", "fee"])
                day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
                yield (org.pk, batch.pk, YEAR, kind, f"D{i:07d}", day, "20.00" if kind == "fee" else None, i + 2)

        insert_rows(EnforcementRecord, ["organization_id", "batch_id", "year", "kind", "number", "decided_on",
                                        "amount_yuan", "source_line"], records())
        for i in range(50):
            NormativeDocument.objects.create(
                organization=org, number=f"基准规〔{2015 + i % 11}〕{i}号", title=f"文件{i}", kind="normative",
                issuer=org.name, issued_on=dt.date(2015 + i % 11, 3, 1), effective_on=dt.date(2015 + i % 11, 4, 1),
            )
        print(f"生成数据：{CASES:,} 件申请、2 万件复议诉讼、20 万条执法决定，{time.perf_counter() - t:.1f} s")

    table = Case._meta.db_table
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    sql_a = (
        f'SELECT applicant_type, outcome, COUNT(*), SUM(CASE WHEN received >= %s THEN 1 ELSE 0 END), '
        f'SUM(CASE WHEN concluded <= %s THEN 1 ELSE 0 END), '
        f'SUM(CASE WHEN NOT is_open AND concluded IS NULL THEN 1 ELSE 0 END) FROM "{table}" '
        "WHERE organization_id = %s AND received <= %s AND (concluded IS NULL OR concluded >= %s) "
        "GROUP BY applicant_type, outcome"
    )
    sql_b = f'SELECT applicant_type, outcome, COUNT(*) FROM "{table}" WHERE organization_id = %s GROUP BY applicant_type, outcome'

    def run(sql, params):
        def go():
            with connection.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        return go

    ref, groups_a = best(run(sql_a, [start, end, org.pk, end, start]))
    ref_b, groups = best(run(sql_b, [org.pk]))
    total, compiled = best(lambda: compile_report(org, YEAR))
    t2, _ = best(lambda: table2(org, YEAR))
    t3, _ = best(lambda: table3(org, YEAR))
    t4, _ = best(lambda: table4(org, YEAR))
    assert sum(g[2] for g in groups) == CASES
    v = compiled.values
    assert v["t3.total.new_received"] + v["t3.total.carried_over"] == v["t3.total.result_total"] + v["t3.total.carry_forward"]
    assert sum(g[3] for g in groups_a) == v["t3.total.new_received"]
    print(f"参照 A：手写的表三 GROUP BY（同样的窗口和计数）  {ref:.3f} s")
    print(f"参照 B：最简单的 GROUP BY COUNT(*)（{CASES:,} 行，{len(groups)} 组）  {ref_b:.3f} s")
    print(f"编制表二至表四（compile_report）            {total:.3f} s  = 参照 A 的 {total / ref:.2f} 倍，"
          f"参照 B 的 {total / ref_b:.2f} 倍")
    print(f"  其中 表二 {t2:.3f} s，表三 {t3:.3f} s，表四 {t4:.3f} s")
    print(f"  表三：本年新收 {v['t3.total.new_received']:,}，上年结转 {v['t3.total.carried_over']:,}，"
          f"办结 {v['t3.total.result_total']:,}，结转下年度 {v['t3.total.carry_forward']:,}")
    ok = total <= 2.0 and total <= 2 * ref
    print("结果：" + ("达到目标（≤ 2 s，且 ≤ 参照 A 的 2 倍）" if ok else "未达到目标"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)  # the fresh SQLite file (≈ 0.5 GB); a GONGKAI_DATA_DIR given is kept
