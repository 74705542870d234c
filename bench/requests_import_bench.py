"""Benchmark: `gongkai requests import` of 100 000 past requests (target: under 30 s).

Writes a CSV of N rows (default 100 000: every applicant type, every Table 3 outcome,
~5 % still open, some with fees), then measures in the same run:

- reference: a plain ``csv.reader`` pass over the same file;
- the import: validate every row, compute each request's clock projection, insert cases,
  events, clocks and fees, all in one transaction;
- the consistency check of a sample (projection recomputed from the events).

Usage:  .venv/bin/python bench/requests_import_bench.py [ROWS]
The database is a fresh SQLite file in a temporary folder, unless DATABASE_URL is set.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
WORK = Path(tempfile.mkdtemp(prefix="gk-requests-import-bench-"))
os.environ.setdefault("GONGKAI_DATA_DIR", str(WORK))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = ["自然人"] * 80 + ["商业企业"] * 8 + ["科研机构"] * 2 + ["社会公益组织"] * 2 + ["法律服务机构"] * 5 + ["其他"] * 3
OUTCOMES = (["予以公开"] * 30 + ["部分公开"] * 10 + ["属于行政执法案卷"] * 10 + ["本机关不掌握相关政府信息"] * 20
            + ["信访举报投诉类申请"] * 8 + ["重复申请"] * 5 + ["other_withdrawn"] * 4 + ["unavailable_not_this_agency"] * 5
            + ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] * 3 + ["3.其他"] * 5)


def write_file(path: Path, n: int, today: dt.date) -> None:
    rng = random.Random(2024)
    start = dt.date(today.year - 6, 1, 1)
    span = (today - dt.timedelta(days=10) - start).days
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["request_number", "received", "applicant_type", "outcome", "concluded", "fee"])
        for i in range(1, n + 1):
            received = start + dt.timedelta(days=rng.randrange(span))
            open_ = rng.random() < 0.05
            outcome = "" if open_ else OUTCOMES[rng.randrange(len(OUTCOMES))]
            concluded = "" if open_ else min(today, received + dt.timedelta(days=rng.randint(1, 40))).isoformat()
            fee = str(rng.choice([100, 200, 1700])) if not open_ and rng.random() < 0.01 else ""
            w.writerow([f"历史〔{received.year}〕{i:06d}号", received.isoformat(), TYPES[rng.randrange(100)], outcome,
                        concluded, fee])


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.orgs.models import Organization
    from gongkai.requests import imports, services
    from gongkai.requests.models import Case

    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(code="BENCH", defaults={"name": "基准测试公安局", "region": "CN-GX"})
    path = WORK / "requests.csv"
    t = time.perf_counter()
    write_file(path, ROWS, services.today())
    print(f"生成测试文件：{ROWS:,} 行，{path.stat().st_size / 1e6:.1f} MB，{time.perf_counter() - t:.1f} s")
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")

    t = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        n = sum(1 for _ in csv.reader(f)) - 1
    ref = time.perf_counter() - t
    assert n == ROWS

    t, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as stream:
        result = imports.import_requests(org, stream, path.name)
    imp, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert result.created == ROWS, result

    t = time.perf_counter()
    sample = list(Case.objects.filter(organization=org).select_related("organization", "clock").order_by("?")[:1000])
    problems = services.check_consistency(sample)
    chk = time.perf_counter() - t
    print(f"参照：csv.reader 读取同一文件          {ref:7.2f} s  {ROWS / ref:12,.0f} 行/秒")
    print(f"导入：校验 + 期限计算 + 写入（一个事务） {imp:7.2f} s  {ROWS / imp:12,.0f} 行/秒  （目标 < 30 s；本进程 CPU {cpu:.1f} s）")
    print(f"抽查 1000 件：由事件重算的期限与保存的一致：{'是' if not problems else problems[:3]}（{chk:.1f} s）")
    print(f"已办结 {result.concluded:,} 件，办理中 {result.open:,} 件，有收费 {result.with_fee:,} 件")
    connection.close()
    shutil.rmtree(WORK, ignore_errors=True)
    if imp >= 30:
        sys.exit(1)


if __name__ == "__main__":
    main()
