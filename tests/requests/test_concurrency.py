"""100 simultaneous submissions get 100 distinct consecutive numbers and no error (SQLite and PostgreSQL)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("concurrency_worker.py")
N = 100


def run_worker(database_url: str, tmp_path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "GONGKAI_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, str(WORKER), str(N)], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def check(result: dict) -> None:
    assert result["errors"] == []
    assert len(result["numbers"]) == N and len(set(result["numbers"])) == N
    year = result["numbers"][0][4:8]
    assert sorted(result["numbers"]) == [f"柳公信〔{year}〕{i:04d}号" for i in range(1, N + 1)]
    assert result["cases"] == N and result["counter"] == N
    assert result["ordinals"] == list(range(1, N + 1))  # the same applicant: the 按件 ordinal has no gaps either


@pytest.mark.slow
def test_concurrent_submissions_sqlite(tmp_path):
    result = run_worker(f"sqlite:///{tmp_path / 'concurrency.sqlite3'}", tmp_path)
    assert result["vendor"] == "sqlite"
    check(result)


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_submissions_postgresql(tmp_path):
    import psycopg

    base = os.environ["DATABASE_URL"]
    server, _, _ = base.rpartition("/")
    name = f"gk_concurrency_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        result = run_worker(f"{server}/{name}", tmp_path)
        assert result["vendor"] == "postgresql"
        check(result)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
