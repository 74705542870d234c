"""``gongkai report check``: exit codes, text and JSON output, folders and globs, progress, continuity."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.law.formats import load_format
from tests.support.generate import consistent_values
from tests.support.gold import CORPUS
from tests.support.render import render_text

REF = CORPUS / "reference"
CLEAN = REF / "000_3be9cb615a0cda09.txt"
BROKEN = REF / "004_3a633730e86d03e4.txt"
SHANGHAI = CORPUS / "dev" / "016.raw.html"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("report", "check", *map(str, args), stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_consistent_report_exits_0_with_a_summary():
    code, out, _ = run(CLEAN)
    assert code == 0
    assert "柳州市公安局" in out and "2023" in out and "2021年格式" in out
    assert "一、本年新收政府信息公开申请数量" in out and "行政复议" in out
    assert "0个错误，0个警告" in out


def test_findings_exit_1_errors_first():
    code, out, _ = run(BROKEN)
    assert code == 1
    findings = out[out.index("检查结果"):]
    assert findings.index("【错误】") < findings.index("【提示】")
    assert "自然人" in findings and "相差1" in findings


def test_unreadable_file_exits_2_with_the_reason(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    code, out, _ = run(CLEAN, bad)
    assert code == 2
    assert "无法读取" in out and "PDF" in out
    assert "柳州市公安局" in out  # the other file is still checked


def test_json_lines(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, _ = run("--json", SHANGHAI, BROKEN, bad)
    assert code == 2
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) == 3
    sh, lz, err = docs
    assert {"metadata", "tables", "findings"} <= set(sh)
    assert sh["metadata"]["agency"] == "上海市人民政府办公厅" and sh["metadata"]["format"] == "2019"
    assert sh["tables"]["t3.natural_person.new_received"] == 821
    assert sh["tables"]["t3.total.granted"] is None  # blank cell
    assert sh["cells"]["t3.total.granted"]["status"] == "blank"
    assert sh["tables"]["t2.art20_9.government_procurement.total_amount"] == "251000元"
    finding = next(f for f in lz["findings"] if f["rule_id"] == "T3.BALANCE.natural_person")
    assert finding["severity"] == "error" and finding["cells"][0]["key"].startswith("t3.natural_person")
    assert err["error"]["reason"] and err["tables"] == {}
    assert all(f["severity"] in ("error", "warning", "info") for f in sh["findings"])
    order = [f["severity"] for f in lz["findings"]]
    assert order == sorted(order, key=["error", "warning", "info"].index)


def test_ambiguous_cells_in_json():
    code, out, _ = run("--json", CORPUS / "dev" / "003.raw.txt")
    doc = json.loads(out)
    cell = doc["cells"]["t2.art20_5.administrative_license.change"]
    assert cell["status"] == "ambiguous" and 442 in cell["alternatives"]
    assert any(f["rule_id"].startswith("PARSE.AMBIGUOUS") for f in doc["findings"])


def test_folders_and_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    for p in (CLEAN, BROKEN):
        (tmp_path / "sub" / p.name).write_bytes(p.read_bytes())
    code, out, _ = run("--json", tmp_path)
    assert len(out.splitlines()) == 2
    code, out, _ = run("--json", str(tmp_path / "sub" / "000_*.txt"))
    assert len(out.splitlines()) == 1 and code == 0
    code, out, _ = run(str(tmp_path / "nothing-*.txt"))
    assert code == 2 and "找不到" in out


def test_progress_bar_on_stderr():
    code, out, err = run("--progress", "always", CLEAN, BROKEN)
    assert "检查中" in err and "2/2" in err
    assert "检查中" not in out
    code, out, err = run("--progress", "never", CLEAN, BROKEN)
    assert err == ""


def _report(tmp_path: Path, year: int, values: dict, name: str) -> Path:
    path = tmp_path / name
    path.write_text(render_text("tsv", load_format("2021"), values, agency="测试市交通运输局", year=year),
                    encoding="utf-8")
    return path


def test_continuity_across_consecutive_years(tmp_path):
    fmt = load_format("2021")
    rng = random.Random(7)
    y1 = consistent_values(fmt, rng, single_other=False)
    y2 = consistent_values(fmt, rng, single_other=False)
    # make year 2 start from year 1's carry-forward, except in one column
    for col in ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
                "legal_service_org", "other_org", "total"):
        delta = y1[f"t3.{col}.carry_forward"] - y2[f"t3.{col}.carried_over"]
        y2[f"t3.{col}.carried_over"] += delta
        y2[f"t3.{col}.result_total"] += delta
        y2[f"t3.{col}.granted"] += delta
    a = _report(tmp_path, 2022, y1, "2022.txt")
    b = _report(tmp_path, 2023, y2, "2023.txt")
    code, out, _ = run("--json", a, b)
    docs = {d["metadata"]["year"]: d for d in map(json.loads, out.splitlines())}
    assert not [f for f in docs[2023]["findings"] if f["rule_id"].startswith("XY.CARRY")]
    assert any(f["rule_id"] == "XY.CHECKED" for f in docs[2023]["findings"]) or any(
        f["rule_id"].startswith("XY.") for f in docs[2023]["findings"])
    # now break the link in the 自然人 column
    y2["t3.natural_person.carried_over"] += 2
    y2["t3.total.carried_over"] += 2
    y2["t3.natural_person.granted"] += 2
    y2["t3.total.granted"] += 2
    y2["t3.natural_person.result_total"] += 2
    y2["t3.total.result_total"] += 2
    b = _report(tmp_path, 2023, y2, "2023.txt")
    code, out, _ = run("--json", a, b)
    assert code == 1
    docs = {d["metadata"]["year"]: d for d in map(json.loads, out.splitlines())}
    carry = {f["rule_id"] for f in docs[2023]["findings"] if f["rule_id"].startswith("XY.CARRY")}
    assert carry == {"XY.CARRY.natural_person", "XY.CARRY.total"}
    assert all(f["severity"] == "warning" for f in docs[2023]["findings"] if f["rule_id"].startswith("XY.CARRY"))
    assert not [f for f in docs[2022]["findings"] if f["rule_id"].startswith("XY.")]


def test_help_documents_the_exit_codes():
    proc = subprocess.run([sys.executable, "-m", "gongkai", "report", "check", "--help"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0
    assert "退出码" in proc.stdout and "0  全部读取成功" in proc.stdout and "2  有文件无法读取" in proc.stdout


@pytest.mark.slow
def test_real_process_exit_status(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gongkai", "report", "check", str(BROKEN)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1 and "【错误】" in proc.stdout
