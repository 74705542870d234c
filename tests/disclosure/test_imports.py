"""Imports: streaming, every bad line reported in Chinese, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.disclosure import imports, services
from gongkai.disclosure.models import EnforcementImport, EnforcementRecord, NormativeDocument
from gongkai.law.errors import DomainError

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(org, data: bytes, name="records.csv", **kw):
    return imports.import_enforcement(org, io.BytesIO(data), name, **kw)


GOOD = [
    ("行政许可", "柳公（治）许字〔2023〕1号", "2023-01-05", ""),
    ("行政处罚", "柳公（交）决字〔2023〕1号", "2023/2/5", ""),
    ("行政处罚", "柳公（交）决字〔2023〕2号", "2023年3月5日", ""),
    ("行政强制", "柳公（刑）强字〔2023〕1号", "20230405", ""),
    ("行政事业性收费", "柳公收〔2023〕1号", "2023-05-05", "1,200.50"),
    ("行政事业性收费", "柳公收〔2023〕2号", "2023-05-06", "２０元"),
]


def test_import_counts_and_amounts(org):
    result = run(org, csv_bytes(GOOD), year=2023)
    assert result.counts == {"license": 1, "penalty": 2, "compulsion": 1, "fee": 2}
    assert result.batch.rows == 6 and EnforcementRecord.objects.count() == 6
    rec = EnforcementRecord.objects.get(number="柳公（交）决字〔2023〕2号")
    assert rec.decided_on == dt.date(2023, 3, 5) and rec.source_line == 4 and rec.batch == result.batch
    values = services.table2_values(org, 2023)
    assert values["t2.art20_6.administrative_penalty.decisions"] == 2
    assert values["t2.art20_8.administrative_fees.amount_10k_yuan"] == Decimal("0.1221")  # 1220.50 元


def test_english_headers_and_keys_gbk_and_bom(org, other_org):
    rows = [("license", "L-1", "2023-01-05", None), ("PENALTY", "P-1", "2023-01-06", None), ("fee", "F-1", "2023-01-07", "5")]
    data = csv_bytes(rows, header=("Type", "Decision Number", "Date", "Amount"))
    assert run(org, data).counts == {"license": 1, "penalty": 1, "fee": 1}
    gbk = csv_bytes([("行政许可", "柳南许〔2023〕1号", "2023-01-05", "")], encoding="gbk")
    assert run(other_org, gbk).counts == {"license": 1}
    assert EnforcementRecord.objects.filter(number="柳南许〔2023〕1号").exists()
    bom = b"\xef\xbb\xbf" + csv_bytes([("行政强制", "柳南强〔2023〕1号", "2023-01-05", "")])
    assert run(other_org, bom).counts == {"compulsion": 1}


def test_xlsx_with_real_dates_and_numbers(org):
    data = xlsx_bytes([("决定类别", "决定书编号", "作出决定日期", "收费金额"),
                       ("行政许可", "许1", dt.datetime(2023, 1, 5), None),
                       (None, None, None, None),
                       ("行政事业性收费", "收1", dt.date(2023, 1, 6), 12.5)])
    result = run(org, data, name="records.xlsx", year=2023)
    assert result.counts == {"license": 1, "fee": 1}
    assert EnforcementRecord.objects.get(number="收1").amount_yuan == Decimal("12.50")


def test_every_bad_line_reported_and_nothing_saved(org):
    rows = GOOD + [
        ("行政复议", "X1", "2023-01-01", ""),  # line 8
        ("行政许可", "", "2023-01-01", ""),  # 9
        ("行政许可", "X3", "2023-02-30", ""),  # 10
        ("行政许可", "X4", "2022-12-31", ""),  # 11: not in --year
        ("行政事业性收费", "X5", "2023-01-01", ""),  # 12: fee without amount
        ("行政事业性收费", "X6", "2023-01-01", "-3"),  # 13
        ("行政事业性收费", "X7", "2023-01-01", "1.005"),  # 14
        ("行政处罚", "柳公（交）决字〔2023〕1号", "2023-06-01", ""),  # 15: duplicate of line 3
        ("行政许可", "柳公（交）决字〔2023〕1号", "2023-06-01", ""),  # 16: same number, other kind: fine
    ]
    with pytest.raises(imports.ImportFailed) as exc:
        run(org, csv_bytes(rows), year=2023)
    lines = exc.value.lines()
    assert exc.value.error_count == 8 and exc.value.rows_checked == 15
    assert lines[0].startswith("第 8 行：") and "行政复议" in lines[0] and "无法识别" in lines[0]
    assert lines[1] == "第 9 行：决定书文号为空。"
    assert lines[2].startswith("第 10 行：决定日期") and "不是有效日期" in lines[2]
    assert lines[3] == "第 11 行：决定日期 2022-12-31 不在 2023 年度内。"
    assert lines[4] == "第 12 行：行政事业性收费须填写金额（元）。"
    assert "第 13 行" in lines[5] and "负数" in lines[5]
    assert "第 14 行" in lines[6] and "最多两位小数" in lines[6]
    assert lines[7].startswith("第 15 行：") and "与第 3 行重复" in lines[7]
    assert "未导入任何数据" in exc.value.message
    assert not EnforcementRecord.objects.exists() and not EnforcementImport.objects.exists()


def test_rollback_after_batches_were_inserted(org, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 3)
    rows = [("行政处罚", f"罚{i}", "2023-01-01", "") for i in range(1, 11)]
    rows.append(("行政处罚", "罚2", "2023-01-02", ""))  # line 12 duplicates line 3, three batches later
    rows.append(("行政处罚", "罚11", "2023-01-02", ""))
    rows.append(("行政处罚", "罚11", "2023-01-02", ""))  # line 14: duplicate inside the same batch
    with pytest.raises(imports.ImportFailed) as exc:
        run(org, csv_bytes(rows))
    assert exc.value.lines() == [
        "第 12 行：决定书文号“罚2”与第 3 行重复（同一机构、年度、类别“行政处罚”内文号不得重复）。",
        "第 14 行：决定书文号“罚11”与第 13 行重复（同一机构、年度、类别“行政处罚”内文号不得重复）。",
    ]
    assert EnforcementRecord.objects.count() == 0 and EnforcementImport.objects.count() == 0


def test_duplicates_against_earlier_import_and_replace(org, other_org):
    first = run(org, csv_bytes(GOOD), year=2023)
    with pytest.raises(imports.ImportFailed) as exc:
        run(org, csv_bytes(GOOD[:1]), year=2023)
    assert f"导入批次 #{first.batch.pk} 第 2 行" in exc.value.lines()[0]
    run(other_org, csv_bytes(GOOD[:1]))  # another agency: no clash
    run(org, csv_bytes([("行政许可", "柳公（治）许字〔2023〕1号", "2024-01-05", "")]))  # another year: no clash
    second = run(org, csv_bytes(GOOD[:2]), year=2023, replace=True)
    assert second.replaced == 6
    assert EnforcementRecord.objects.filter(organization=org, year=2023).count() == 2
    assert EnforcementRecord.objects.filter(organization=org, year=2024).count() == 1
    with pytest.raises(DomainError, match="须指定年度"):
        run(org, csv_bytes(GOOD), replace=True)


def test_replace_is_undone_when_the_new_file_is_bad(org):
    run(org, csv_bytes(GOOD), year=2023)
    with pytest.raises(imports.ImportFailed):
        run(org, csv_bytes([("行政许可", "", "2023-01-01", "")]), year=2023, replace=True)
    assert EnforcementRecord.objects.filter(organization=org).count() == 6


@pytest.mark.parametrize("data, name, message", [
    (b"", "a.csv", "空"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "a.xls", ".xls"),
    (b"PK\x03\x04garbage", "a.xlsx", "无法读取"),
    (b"a,b\n1,2\n", "a.pdf", "不支持的文件类型"),
    (b"%PDF-1.7 \x00\x01", "a.csv", "不是文本格式"),
    ("名称,日期\n行政许可,2023-01-01\n".encode(), "a.csv", "缺少必填列：类别"),
    ("类别,决定书文号,决定日期\n".encode(), "a.csv", "没有数据行"),
])
def test_file_level_errors(org, data, name, message):
    with pytest.raises(DomainError) as exc:
        run(org, data, name=name)
    assert message in exc.value.message
    assert not EnforcementImport.objects.exists()


def test_progress_is_reported_while_streaming(org):
    ticks = []
    data = csv_bytes(GOOD)

    def progress(table):
        assert table.kind == "csv" and table.total is None or table.total == len(data)
        return ticks.append

    run(org, data, progress=progress)
    assert sum(ticks) == len(data)


def test_command_imports_and_reports(org, tmp_path, capsys):
    path = tmp_path / "2023.csv"
    path.write_bytes(csv_bytes(GOOD))
    call_command("enforcement", "import", str(path), "--org", "LZGA", "--year", "2023")
    out = capsys.readouterr().out
    assert "已导入 6 条记录" in out and "行政处罚 2 条" in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([("行政许可", "许9", "2023-13-01", "")]))
    with pytest.raises(CommandError) as exc:
        call_command("enforcement", "import", str(bad), "--org", "LZGA")
    assert exc.value.returncode == 1 and "1 行有误" in str(exc.value)
    assert "第 2 行：决定日期" in capsys.readouterr().err
    with pytest.raises(CommandError) as exc:
        call_command("enforcement", "import", str(path), "--org", "NOPE")
    assert exc.value.returncode == 2


# -- the document register --------------------------------------------------------------------

DOC_HEADER = ("文号", "标题", "类别", "印发日期", "施行日期", "废止日期", "状态")


def doc_csv(rows, header=DOC_HEADER):
    return csv_bytes(rows, header=header)


def test_document_import_and_export_round_trip(org, other_org):
    rows = [
        ("柳公规[2021]1号", "关于规范停车的通告", "行政规范性文件", "2021/3/1", "", "", ""),
        ("柳公规〔2018〕2号", "关于保安服务的通知", "规范性文件", "2018-05-14", "2018-06-01", "2022-08-01", ""),
        ("柳州市人民政府令第9号", "柳州市某某管理办法", "规章", "2020-01-01", "2020-03-01", "", "已修改"),
    ]
    created = imports.import_documents(org, io.BytesIO(doc_csv(rows)), "docs.csv")
    assert len(created) == 3
    repealed = NormativeDocument.objects.get(number="柳公规〔2018〕2号")
    assert repealed.status == "repealed"  # inferred from the repeal date
    assert NormativeDocument.objects.get(number="柳公规〔2021〕1号").effective_on == dt.date(2021, 3, 1)
    qs = services.search_documents(org)
    for exporter, name in ((imports.export_documents_csv, "x.csv"), (imports.export_documents_xlsx, "x.xlsx")):
        NormativeDocument.objects.filter(organization=other_org).delete()
        again = imports.import_documents(other_org, io.BytesIO(exporter(qs)), name)
        fields = ("number", "title", "kind", "issued_on", "effective_on", "ended_on", "status")
        assert sorted(tuple(getattr(d, f) for f in fields) for d in again) == sorted(
            tuple(getattr(d, f) for f in fields) for d in qs)


def test_document_import_reports_every_bad_line_and_saves_nothing(org):
    services.save_document(org, {"number": "柳公规〔2020〕1号", "title": "已有", "kind": "规章", "issued_on": "2020-01-01"})
    rows = [
        ("柳公规〔2023〕1号", "好的一行", "行政规范性文件", "2023-01-01", "", "", ""),
        ("", "没有文号", "行政规范性文件", "2023-01-01", "", "", ""),  # line 3
        ("柳公规〔2023〕2号", "日期不对", "行政规范性文件", "2023-01-01", "2022-01-01", "", ""),  # 4
        ("柳公规〔2023〕1号", "与第2行重复", "行政规范性文件", "2023-01-01", "", "", ""),  # 5
        ("柳公规〔2020〕1号", "与登记簿重复", "规章", "2020-01-01", "", "", ""),  # 6
        ("柳公规〔2023〕3号", "状态矛盾", "行政规范性文件", "2023-01-01", "", "2023-05-01", "现行有效"),  # 7
    ]
    with pytest.raises(imports.ImportFailed) as exc:
        imports.import_documents(org, io.BytesIO(doc_csv(rows)), "docs.csv")
    lines = exc.value.lines()
    assert [line.split("：")[0] for line in lines] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"]
    assert "请填写文号" in lines[0] and "早于印发日期" in lines[1] and "与第 2 行重复" in lines[2]
    assert "已在登记簿中" in lines[3] and "不能有废止/失效日期" in lines[4]
    assert NormativeDocument.objects.count() == 1
