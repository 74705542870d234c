"""Benchmark: `gongkai enforcement import` of a city police bureau's year of decisions.

Writes a CSV of N rows (default 1 000 000: 行政许可 / 行政处罚 / 行政强制 / 行政事业性收费
with amounts), then measures in the same run:

- reference: a plain ``csv.reader`` pass over the same file (read + decode + split, nothing else);
- the import: stream, validate every row, insert in batches, all in one transaction;
- the Table 2 figures computed from the imported rows (one GROUP BY).

Usage:  .venv/bin/python bench/enforcement_import_bench.py [ROWS]
The database is a fresh SQLite file in a temporary folder, unless DATABASE_URL is
set (e.g. postgres://postgres@127.0.0.1:5432/gk_bench — the tables are created there).
"""

from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
WORK = Path(tempfile.mkdtemp(prefix="gk-enforcement-bench-"))
os.environ.setdefault("GONGKAI_DATA_DIR", str(WORK))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_file(path: Path, n: int) -> None:
    rng = random.Random(2023)
    kinds = (["行政许可"] * 37 + ["行政处罚"] * 60 + ["行政强制"] * 1 + ["行政事业性收费"] * 2)
    prefix = {"行政许可": "柳公（治）许字", "行政处罚": "柳公（交）决字", "行政强制": "柳公（刑）强字", "行政事业性收费": "柳公收"}
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["类别", "决定书文号", "决定日期", "金额（元）"])
        for i in range(1, n + 1):
            kind = kinds[rng.randrange(100)]
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            amount = f"{rng.randint(10, 500)}.00" if kind == "行政事业性收费" else ""
            w.writerow([kind, f"{prefix[kind]}〔2023〕{i:07d}号", f"2023-{month:02d}-{day:02d}", amount])


def reference_pass(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.disclosure import services
    from gongkai.disclosure.imports import import_enforcement
    from gongkai.disclosure.models import EnforcementImport, EnforcementRecord
    from gongkai.orgs.models import Organization

    path = WORK / "records.csv"
    t = time.perf_counter()
    write_file(path, ROWS)
    print(f"生成测试文件：{ROWS:,} 行，{path.stat().st_size / 1e6:.1f} MB，{time.perf_counter() - t:.1f} s")
    call_command("migrate", verbosity=0)
    org, _ = Organization.objects.get_or_create(code="BENCH", defaults={"name": "基准测试公安局"})
    EnforcementRecord.objects.filter(organization=org).delete()
    EnforcementImport.objects.filter(organization=org).delete()
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")

    t = time.perf_counter()
    n = reference_pass(path)
    ref = time.perf_counter() - t
    assert n == ROWS

    t = time.perf_counter()
    with path.open("rb") as stream:
        result = import_enforcement(org, stream, path.name, year=2023)
    imp = time.perf_counter() - t
    assert result.batch.rows == ROWS

    t = time.perf_counter()
    values = services.table2_values(org, 2023)
    agg = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"参照：csv.reader 读取同一文件     {ref:7.2f} s  {ROWS / ref:12,.0f} 行/秒")
    print(f"导入：校验 + 分批写入（一个事务）  {imp:7.2f} s  {ROWS / imp:12,.0f} 行/秒  （参照的 {imp / ref:.1f} 倍）")
    print(f"统计：表二四项数字（GROUP BY）      {agg:7.2f} s")
    print(f"进程内存峰值 {peak:.0f} MB（文件 {path.stat().st_size / 1e6:.0f} MB，流式读取，不整体载入）")
    print("表二：", {k.split(".")[2]: str(v) for k, v in values.items() if not k.startswith("t2.art20_1")})
    EnforcementRecord.objects.filter(organization=org).delete()
    EnforcementImport.objects.filter(organization=org).delete()
    connection.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
