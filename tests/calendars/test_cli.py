"""The command-line contract: gongkai clock, gongkai fee, gongkai calendar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.calendars.models import CalendarYear

ROOT = Path(__file__).resolve().parents[2]


def gongkai(*args, stdin="", data_dir):
    """Run the real ``gongkai`` entry point in a fresh process (no database: built-in calendar)."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "gongkai", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


# -- subprocess: exit status and stdin, on the built-in data ----------------------------------


def test_clock_from_stdin_without_a_database(tmp_path):
    doc = {"received": "2025-03-03", "events": [{"type": "consultation_sent", "date": "2025-03-10"},
                                                {"type": "consultation_answered", "date": "2025-03-24"}],
           "today": "2025-03-25"}
    result = gongkai("clock", "-", stdin=json.dumps(doc), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["due"] == "2025-04-16" and out["state"] == "open" and out["working_days_left"] == 15
    assert out["correction_notice_due"] == "2025-03-12" and out["fee_payment_due"] is None
    assert out["provisional"] is False and "征求第三方意见" in out["explanation"]
    assert not (tmp_path / "gongkai.sqlite3").exists()  # the built-in calendar was used, no database created


@pytest.mark.parametrize("stdin,message", [
    ('{"received": "2025-03-03", "events": [{"type": "approve", "date": "2025-03-04"}]}', "未知的事件类型 'approve'"),
    ('{"received": "2025-03-03", "events": [{"type": "extension", "date": "2025-03-10"}, '
     '{"type": "replied", "date": "2025-03-05"}]}', "事件顺序错误"),
    ('{"received": "2025-02-29"}', "'2025-02-29' 不是存在的日期"),
    ("not json", "输入不是合法的 JSON"),
    ('[{"received": "2025-03-03"}, {"received": "2025-03-03", "region": "XX"}]', "第2个文档：region"),
])
def test_bad_input_exits_2_naming_the_problem(tmp_path, stdin, message):
    result = gongkai("clock", stdin=stdin, data_dir=tmp_path)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""


@pytest.mark.parametrize("args,out", [
    (["--per-item", "10"], "0"), (["--per-item", "25"], "100"), (["--per-item", "35"], "200"),
    (["--per-item-total", "45"], "5500"), (["--pages", "150"], "1700"), (["--pages", "2219"], "83460"),
])
def test_fee_prints_a_bare_integer(tmp_path, args, out):
    result = gongkai("fee", *args, data_dir=tmp_path)
    assert result.returncode == 0 and result.stdout == out + "\n"


def test_fee_bad_input_exits_2(tmp_path):
    assert gongkai("fee", "--per-item", "0", data_dir=tmp_path).returncode == 2
    assert gongkai("fee", "--pages", "x", data_dir=tmp_path).returncode == 2
    assert gongkai("fee", data_dir=tmp_path).returncode == 2


# -- in process, on the test database --------------------------------------------------------


@pytest.mark.django_db
def test_clock_uses_the_database_calendar(tmp_path, capsys):
    docs = [{"received": "2024-04-10", "region": "CN-GX", "today": "2024-04-10"},
            {"received": "2026-12-15", "today": "2026-12-15"},
            {"received": "2025-03-03", "calendar": {"holidays": ["2025-03-04"]}, "today": "2025-03-03"}]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(docs), encoding="utf-8")
    call_command("clock", str(path))
    out = json.loads(capsys.readouterr().out)
    assert [o["due"] for o in out] == ["2024-05-13", "2027-01-12", "2025-04-01"]
    assert out[1]["provisional"] and out[1]["provisional_reasons"] == ["2027年节假日安排尚未录入"]

    csv = tmp_path / "2027.csv"
    csv.write_text("date,kind,name\n2027-01-01,rest,元旦\n", encoding="utf-8")
    call_command("calendar", "load", str(csv), "--region", "CN", "--year", "2027", "--mark-loaded")
    assert "已导入 CN 2027年：休息日1天" in capsys.readouterr().out
    call_command("clock", str(path))
    out = json.loads(capsys.readouterr().out)
    assert out[1]["due"] == "2027-01-13" and not out[1]["provisional"]


@pytest.mark.django_db
def test_calendar_commands(tmp_path, capsys):
    call_command("calendar", "show", "--region", "CN-GX", "--year", "2023")
    out = capsys.readouterr().out
    assert out.startswith("CN-GX 广西壮族自治区 2023年：已录入")
    assert "2023-04-23\t星期日\t上班日\t劳动节调休上班\tCN  （未生效）" in out
    assert "2023-04-23\t星期日\t休息日\t壮族三月三（全国劳动节调休上班日在广西休息）\tCN-GX" in out
    call_command("calendar", "show", "--region", "CN-GX")
    assert "2025年  暂定：2025年广西壮族自治区地方节假日尚未录入" in capsys.readouterr().out
    call_command("calendar", "mark", "--region", "CN-GX", "--year", "2025")
    assert CalendarYear.objects.get(region="CN-GX", year=2025).loaded
    call_command("calendar", "mark", "--region", "CN-GX", "--year", "2025", "--unmark")
    assert not CalendarYear.objects.get(region="CN-GX", year=2025).loaded
    call_command("calendar", "seed")
    assert "内置数据均已存在" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2027-02-30,rest\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("calendar", "load", str(bad), "--region", "CN")
    assert exc.value.returncode == 2 and "第2行：日期“2027-02-30”不存在" in str(exc.value)
    with pytest.raises(CommandError) as exc:
        call_command("calendar", "mark", "--region", "CN", "--year", "2031")
    assert exc.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("calendar", "load", str(tmp_path / "missing.csv"), "--region", "CN")
