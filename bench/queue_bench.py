"""Benchmark: the work queue page with 100 000 requests in one agency (target: median < 300 ms).

Builds a fresh database (SQLite file in a temporary folder unless DATABASE_URL is set) with
N requests (default 100 000; 40 % open, from the import service so every one has its events
and clock projection), starts a real server (gunicorn, 2 sync workers — what production
runs) in a subprocess, logs in over HTTP and measures, in the same run:

- reference: a bare Django page on the same server (the login page: one small template);
- the queue page (first page, 50 rows, overdue first), and filtered / later pages.

Usage:  .venv/bin/python bench/queue_bench.py [ROWS] [REQUESTS_PER_PAGE]
"""

from __future__ import annotations

import csv
import datetime as dt
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
REPEAT = int(sys.argv[2]) if len(sys.argv) > 2 else 40
ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="gk-queue-bench-"))
os.environ.setdefault("GONGKAI_DATA_DIR", str(WORK))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_SECRET_KEY", "queue-bench-secret-key-not-for-production-0123456789")
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-2026-long"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(today: dt.date) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.orgs.models import Role
    from gongkai.orgs.services import create_organization, create_user
    from gongkai.requests import imports

    call_command("migrate", verbosity=0)
    org = create_organization(name="基准测试公安局", code="BENCH", request_prefix="基公信", region="CN-GX")
    create_user(username="bench-clerk", password=PASSWORD, full_name="基准经办", memberships=[("BENCH", Role.CLERK)],
                check_password=False)
    rng = random.Random(7)
    path = WORK / "cases.csv"
    types = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["request_number", "received", "applicant_type", "outcome", "concluded"])
        for i in range(1, ROWS + 1):
            received = today - dt.timedelta(days=rng.randrange(5 * 365))
            if rng.random() < 0.4:
                w.writerow([f"基公信〔{received.year}〕{i:06d}号", received, rng.choice(types), "", ""])
            else:
                concluded = min(today, received + dt.timedelta(days=rng.randint(1, 35)))
                w.writerow([f"基公信〔{received.year}〕{i:06d}号", received, rng.choice(types), "予以公开", concluded])
    t = time.perf_counter()
    with path.open("rb") as f:
        result = imports.import_requests(org, f, path.name)
    print(f"数据：{result.created:,} 件申请（办理中 {result.open:,} 件），导入 {time.perf_counter() - t:.1f} s")
    from django.db import connection

    connection.close()


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes, float]:
        t = time.perf_counter()
        with self.opener.open(self.base + path, timeout=60) as r:
            body = r.read()
            return r.status, body, time.perf_counter() - t

    def login(self) -> None:
        _, body, _ = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"username": "bench-clerk", "password": PASSWORD,
                                       "csrfmiddlewaretoken": token}).encode()
        req = urllib.request.Request(self.base + "/accounts/login/", data=data,
                                     headers={"Referer": self.base + "/accounts/login/"})
        with self.opener.open(req, timeout=60) as r:
            r.read()


def measure(client: Client, path: str, n: int, check: bytes | None = None) -> list[float]:
    client.get(path)  # warm
    times = []
    for _ in range(n):
        status, body, elapsed = client.get(path)
        assert status == 200, (path, status)
        if check is not None:
            assert check in body, (path, body[:500])
        times.append(elapsed * 1000)
    return times


def fmt(name: str, times: list[float]) -> str:
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    return f"{name:<34} 中位数 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   （{len(times)} 次）"


def main() -> None:
    from gongkai.law.calendar import today_in_china

    build(today_in_china())
    port = free_port()
    env = {**os.environ, "GONGKAI_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        client = Client(base)
        client.login()
        bare = measure(client, "/accounts/login/", REPEAT)
        queue = measure(client, "/console/BENCH/requests/", REPEAT, check="共 ".encode())
        filtered = measure(client, "/console/BENCH/requests/?urgency=overdue&applicant_type=natural_person", REPEAT // 2)
        later = measure(client, "/console/BENCH/requests/?page=500", REPEAT // 2)
        print(f"服务器：gunicorn 2 个同步 worker，127.0.0.1:{port}；数据库 {os.environ.get('DATABASE_URL', 'SQLite')}")
        print(fmt("参照：空白 Django 页面（登录页）", bare))
        print(fmt("办理队列第 1 页（50 行，超期优先）", queue))
        print(fmt("办理队列：已超期 + 自然人 筛选", filtered))
        print(fmt("办理队列第 500 页", later))
        median = statistics.median(queue)
        print(f"结论：办理队列中位数 {median:.0f} ms（目标 < 300 ms），是空白页面的 {median / statistics.median(bare):.1f} 倍")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(WORK, ignore_errors=True)
    if median >= 300:
        sys.exit(1)


if __name__ == "__main__":
    main()
