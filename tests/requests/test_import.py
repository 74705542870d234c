"""`gongkai requests import`: good files, every bad row by line, rollback, counters, the CLI."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.requests import imports, services
from gongkai.requests.models import AuditEntry, Case, CaseEvent, Counter, Fee

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "requests-import.csv"
D = dt.date.fromisoformat


def csv_file(rows, header="申请编号,收到日期,申请人类型,办理结果,办结日期,收费金额"):
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode("utf-8"))


def test_the_documented_example_imports(org, today):
    with EXAMPLE.open("rb") as f:
        result = imports.import_requests(org, f, EXAMPLE.name)
    assert (result.created, result.concluded, result.open, result.with_fee) == (8, 7, 1, 1)
    by = {c.number: c for c in Case.objects.filter(organization=org)}
    assert by["柳公信〔2023〕0002号"].outcome == "partially_granted"
    assert by["柳公信〔2023〕0003号"].outcome == "unavailable_not_held" and by["柳公信〔2023〕0003号"].received == D("2023-03-01")
    assert by["柳公信〔2023〕0004号"].outcome == "withheld_enforcement_case_file"
    assert by["柳公信〔2023〕0005号"].outcome == "other_no_correction"
    assert by["柳公信〔2023〕0007号"].applicant_type == "other_org" and by["柳公信〔2023〕0007号"].fee.amount == 1700
    open_case = by["柳公信〔2023〕0008号"]
    assert open_case.is_open and open_case.status == "registered" and open_case.clock_state == "overdue"
    done = by["柳公信〔2023〕0001号"]
    assert done.status == "archived" and done.concluded == D("2023-01-20") and done.clock_state == "replied_on_time"
    assert [e.kind for e in done.events.order_by("seq")] == ["import", "import_concluded"]
    assert services.check_consistency() == []
    # the counter jumped past imported numbers of the agency's own format
    assert Counter.objects.get(organization=org, year=2023).last == 8
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_english_headers_keys_and_xlsx(org, today):
    wb = Workbook()
    ws = wb.active
    ws.append(["request_number", "received", "applicant_type", "outcome", "concluded", "fee"])
    ws.append(["A-1", dt.datetime(2024, 5, 6), "commercial_enterprise", "withheld_state_secret", dt.datetime(2024, 5, 20), 0])
    ws.append(["A-2", "2024年6月3日", "法律服务机构", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2024-06-28", None])
    ws.append(["A-3", "2024-07-01", "科研机构", "危及“三安全一稳定”", "2024-07-09", None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    result = imports.import_requests(org, buf, "history.xlsx")
    assert result.created == 3
    assert dict(Case.objects.values_list("number", "outcome")) == {
        "A-1": "withheld_state_secret", "A-2": "partially_granted", "A-3": "withheld_security_stability"}


def test_every_bad_row_is_reported_and_nothing_is_saved(org, today, register):
    register()  # 柳公信〔2026〕0001号 exists
    rows = [
        "柳公信〔2025〕0001号,2025-01-05,自然人,予以公开,2025-01-20,",
        ",2025-01-05,自然人,,,",
        "X-2,2025-02-30,自然人,,,",
        "X-3,2025-03-01,外星人,,,",
        "X-4,2025-03-01,自然人,大概公开了,2025-03-05,",
        "X-5,2025-03-01,自然人,予以公开,,",
        "X-6,2025-03-01,自然人,,2025-03-05,",
        "X-7,2025-03-10,自然人,予以公开,2025-03-01,",
        "X-8,2025-03-10,自然人,予以公开,2025-03-11,-5",
        "柳公信〔2025〕0001号,2025-03-10,自然人,,,",
        "柳公信〔2026〕0001号,2026-03-01,自然人,,,",
        "X-9,2027-01-01,自然人,,,",
    ]
    with pytest.raises(imports.ImportFailed) as exc:
        imports.import_requests(org, csv_file(rows), "bad.csv")
    lines = dict(exc.value.errors)
    assert set(lines) == set(range(3, 14))
    assert "申请编号为空" in lines[3]
    assert "不是有效日期" in lines[4]
    assert "外星人" in lines[5]
    assert "大概公开了" in lines[6]
    assert "须填写办结日期" in lines[7]
    assert "须填写办理结果" in lines[8]
    assert "办结日期 2025-03-01 应在收到日期" in lines[9]
    assert "负数" in lines[10]
    assert "与第 2 行重复" in lines[11]
    assert "已经存在" in lines[12]
    assert "至今天之间" in lines[13]
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1 and Fee.objects.count() == 0
    assert exc.value.error_count == 11 and "未导入任何数据" in exc.value.message


def test_missing_columns_and_bad_files(org, today):
    with pytest.raises(imports.DomainError) as exc:
        imports.import_requests(org, csv_file([], header="编号,日期"), "x.csv")
    assert "收到日期" in exc.value.message and "申请人类型" in exc.value.message
    with pytest.raises(imports.DomainError):
        imports.import_requests(org, io.BytesIO(b"MZ\x00\x00binary"), "x.csv")
    with pytest.raises(imports.DomainError) as exc:
        imports.import_requests(org, csv_file([]), "x.csv")
    assert "没有数据行" in exc.value.message


def test_rollback_when_the_database_fails_midway(org, today, monkeypatch):
    calls = {"n": 0}
    real = imports._insert

    def failing(model, records):
        calls["n"] += 1
        if model is imports.CaseClock:
            raise RuntimeError("disk full")
        return real(model, records)

    monkeypatch.setattr(imports, "_insert", failing)
    with pytest.raises(RuntimeError):
        imports.import_requests(org, csv_file(["A,2025-01-05,自然人,予以公开,2025-01-20,"]), "x.csv")
    assert Case.objects.count() == 0 and CaseEvent.objects.count() == 0 and calls["n"] >= 2


def test_cli(org, today, tmp_path, capsys):
    path = tmp_path / "h.csv"
    path.write_bytes(csv_file(["B-1,2025-01-05,自然人,予以公开,2025-01-20,"]).getvalue())
    call_command("requests", "import", str(path), "--org", "LZGA", "--no-progress")
    assert "已导入 1 件申请" in capsys.readouterr().out
    with pytest.raises(CommandError) as exc:
        call_command("requests", "import", str(path), "--org", "LZGA", "--no-progress")
    assert exc.value.returncode == 1 and "第 2 行" in capsys.readouterr().err
    with pytest.raises(CommandError) as exc:
        call_command("requests", "import", str(path), "--org", "NOPE")
    assert exc.value.returncode == 2
    call_command("requests", "check")
    assert "一致" in capsys.readouterr().out
    call_command("requests", "tick")
    assert "已检查办理中申请" in capsys.readouterr().out
