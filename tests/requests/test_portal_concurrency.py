"""100 simultaneous online submissions through HTTP against a real server (gunicorn), on SQLite and PostgreSQL.

Each client is its own browser: it loads the form (CSRF cookie, form token), waits at a
barrier with the 99 others, posts, follows the redirect to the receipt page and reads the
number and the tracking code there.  The server runs in a subprocess with 2 worker
processes × 25 threads on its own database, so the numbering lock is contended by real
connections in several processes.  (The service-level test is ``test_concurrency.py``.)
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

N = 100
ORG = ("柳州市公安局", "LZGA", "柳公信")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A minimal HTTP client with a cookie jar (one per simulated applicant)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        content = resp.read().decode()
        for header in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return resp.status, resp.headers, content


def hidden(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert m, f"no {name} in the form"
    return m.group(1)


def run_server(env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "-k", "gthread",
         "--threads", "25", "--timeout", "120", "--backlog", "256", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def manage(env, *args) -> str:
    out = subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def submit_all(port: int) -> tuple[list[tuple[str, str]], list[str]]:
    barrier = threading.Barrier(N)
    results, errors = [], []
    lock = threading.Lock()

    def one(i: int) -> None:
        b = Browser(port)
        try:
            status, _, page = b.request("GET", "/apply/LZGA/")
            assert status == 200, status
            form = {
                "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), "token": hidden(page, "token"),
                "applicant_kind": "person", "applicant_name": f"申请人{i}", "id_type": "resident_id",
                "id_number": "11010519491231002X", "phone": "13800000000", "email": "a@example.cn",
                "address": "柳州市城中区", "description": f"第{i}件：2025年交通事故统计数据", "form": "electronic",
                "delivery": "email", "consent": "on",
            }
            barrier.wait(timeout=120)
            status, headers, body = b.request("POST", "/apply/LZGA/", form)
            assert status == 302, f"POST → {status}: {body[:500]}"
            status, _, receipt = b.request("GET", headers["Location"])
            assert status == 200, f"receipt → {status}"
            number = re.search(r'<strong class="number">([^<]+)</strong>', receipt).group(1)
            code = re.search(r'id="tracking-code">([^<]+)<', receipt).group(1)
            with lock:
                results.append((number, code))
        except Exception as exc:  # collected and reported, never hidden
            with lock:
                errors.append(f"{i}: {exc.__class__.__name__}: {exc}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


CHECK = """
import json
from gongkai.requests.models import Case, Counter
print(json.dumps({"cases": Case.objects.count(), "counter": Counter.objects.get(series="request").last,
                  "ordinals": sorted(Case.objects.values_list("month_ordinal", flat=True)),
                  "online": Case.objects.filter(channel="online").count()}))
"""


def run_against(database_url: str, tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "GONGKAI_DATA_DIR": str(tmp_path),
           "GONGKAI_SECRET_KEY": "concurrency-test-" + uuid.uuid4().hex, "GONGKAI_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "org", "create", "--name", ORG[0], "--code", ORG[1], "--prefix", ORG[2])
    port = free_port()
    server = run_server(env, port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Browser(port).request("GET", "/")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        started = time.monotonic()
        results, errors = submit_all(port)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            log = server.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            log = server.communicate()[0]
    assert errors == [], "\n".join(errors[:10]) + "\n" + log[-3000:]
    numbers = sorted(n for n, _ in results)
    year = numbers[0][4:8]
    assert numbers == [f"柳公信〔{year}〕{i:04d}号" for i in range(1, N + 1)]  # distinct and consecutive
    assert len({c for _, c in results}) == N
    state = json.loads(manage(env, "shell", "-c", CHECK).strip().splitlines()[-1])
    assert state == {"cases": N, "counter": N, "ordinals": list(range(1, N + 1)), "online": N}
    assert "Traceback" not in log, log[-3000:]
    print(f"{N} HTTP submissions in {elapsed:.1f} s")


@pytest.mark.slow
def test_100_simultaneous_http_submissions_sqlite(tmp_path):
    run_against(f"sqlite:///{tmp_path / 'portal-concurrency.sqlite3'}", tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
def test_100_simultaneous_http_submissions_postgresql(tmp_path):
    import psycopg

    server, _, _ = os.environ["DATABASE_URL"].rpartition("/")
    name = f"gk_portal_conc_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run_against(f"{server}/{name}", tmp_path)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
