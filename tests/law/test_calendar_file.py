"""Holiday files: CSV/JSON shapes, Chinese line-level errors, limits."""

from __future__ import annotations

import json
from datetime import date

import pytest

from gongkai.law.calendar import builtin_calendar
from gongkai.law.calendar_file import MAX_BYTES, CalendarFileError, parse_calendar_file, read_calendar_file


def test_csv_with_chinese_headers_and_gb18030():
    data = "日期,类型,名称,来源\n2027-02-06,休息,春节,国办通知\n2027-02-14,调休上班,春节调休上班,\n".encode("gb18030")
    parsed = parse_calendar_file(data, "2027.CSV")
    assert [(d.entry.date, d.entry.kind, d.entry.name) for d in parsed.days] == [
        (date(2027, 2, 6), "rest", "春节"), (date(2027, 2, 14), "work", "春节调休上班")]
    assert parsed.days[0].where == "第2行" and parsed.years == {2027}


def test_csv_with_bom_and_blank_lines():
    parsed = parse_calendar_file("\ufeffdate,kind\n\n2027-01-01,rest\n".encode(), "a.csv")
    assert parsed.days[0].where == "第3行"


def test_json_shapes():
    full = {"region": "CN-GX", "year": 2027, "source": "桂政办发〔2026〕X号",
            "days": [{"date": "2027-04-09", "kind": "rest", "name": "壮族三月三"}]}
    parsed = parse_calendar_file(json.dumps(full).encode(), "gx.json")
    assert parsed.region == "CN-GX" and parsed.year == 2027 and parsed.days[0].entry.source == "桂政办发〔2026〕X号"
    bare = parse_calendar_file(b'[{"date": "2027-01-01", "kind": "rest"}]', "cn.json")
    assert bare.days[0].entry.kind == "rest"
    short = parse_calendar_file(b'{"holidays": ["2027-01-01"], "workdays": ["2027-02-14"]}', "cn.json")
    assert [d.entry.kind for d in short.days] == ["rest", "work"]


def test_all_errors_in_file_order():
    data = "date,kind,name\n2027-13-01,rest,a\n2027-02-03,work,b\n2027-02-06,放假了,c\n2027-02-06,rest,d\n".encode()
    with pytest.raises(CalendarFileError) as exc:
        read_calendar_file(data, "x.csv", "CN", 2027, None)
    assert exc.value.errors == [
        "第2行：日期“2027-13-01”不存在",
        "第3行：2027-02-03（星期三）本来就是工作日，不能登记为调休上班日",
        "第4行：类型“放假了”无法识别（休息日填 rest 或 休息，调休上班日填 work 或 上班）",
    ]
    assert exc.value.message.startswith("文件有误，未导入任何数据：第2行")


@pytest.mark.parametrize("data,name,message", [
    (b"date,kind\n2027-01-01,rest\n", "a.xlsx", "只接受 .csv 或 .json"),
    (b"x" * (MAX_BYTES + 1), "a.csv", "文件过大"),
    (b"date,kind\x00", "a.csv", "不是文本文件"),
    (b"name,source\n", "a.csv", "表头应包含 date"),
    (b"", "a.csv", "文件是空的"),
    (b"date,kind\n", "a.csv", "没有任何日期"),
    (b"{bad json", "a.json", "JSON 格式错误（第1行第2列）"),
    (b'{"region": "XX", "days": []}', "a.json", "未知的地区代码"),
    (b'{"days": [1]}', "a.json", "days[0]：应为对象"),
    (b"date,kind\n2027-01-01,rest,extra,more\n", "a.csv", "列数多于表头"),
])
def test_file_problems(data, name, message):
    with pytest.raises(CalendarFileError) as exc:
        parse_calendar_file(data, name)
    assert message in exc.value.message


def test_declared_region_and_year_must_match_and_dates_be_unique():
    data = json.dumps({"region": "CN-GX", "year": 2027, "days": [
        {"date": "2027-04-09", "kind": "rest"}, {"date": "2027-04-09", "kind": "rest"},
        {"date": "2028-01-01", "kind": "rest"}]}).encode()
    with pytest.raises(CalendarFileError) as exc:
        read_calendar_file(data, "x.json", "CN-XJ", 2026, builtin_calendar("CN"))
    joined = "；".join(exc.value.errors)
    assert "文件声明的地区 CN-GX 与导入的地区 CN-XJ 不一致" in joined
    assert "文件声明的年份 2027 与指定的年份 2026 不一致" in joined
    assert "days[1]：2027-04-09 与days[0]重复" in joined
    assert "days[2]：2028-01-01 不在2026年内" in joined


def test_region_may_cancel_a_loaded_national_rest_day():
    data = b"date,kind\n2025-10-08,work\n"
    assert read_calendar_file(data, "x.csv", "CN-GX", 2025, builtin_calendar("CN")).days
    with pytest.raises(CalendarFileError) as exc:
        read_calendar_file(b"date,kind\n2025-10-14,work\n", "x.csv", "CN-GX", 2025, builtin_calendar("CN"))
    assert "地方只能把全国休息日改为上班日" in exc.value.message
