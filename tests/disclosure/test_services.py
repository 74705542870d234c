"""Table 2 figures from the register and the enforcement data: hand-computed cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.disclosure import services
from gongkai.disclosure.models import EnforcementFigure
from gongkai.law.errors import DomainError
from gongkai.law.formats import load_format

pytestmark = pytest.mark.django_db


def doc(org, number, issued, effective=None, status="现行有效", ended=None, kind="行政规范性文件"):
    return services.save_document(org, {
        "number": number, "title": f"关于{number}的通知", "kind": kind, "issued_on": issued,
        "effective_on": effective, "status": status, "ended_on": ended,
    })


def test_cell_keys_are_those_of_the_2021_format():
    fmt = load_format("2021")
    keys = {f"t2.art20_1.{row}.{col}" for row in services.DOCUMENT_ROWS.values() for col in services.DOCUMENT_COLUMNS}
    keys |= set(services.FIGURE_CELLS.values())
    assert keys == {k for k in fmt.cells if k.startswith("t2.")}


def test_document_counts_by_dates(org):
    doc(org, "柳公规〔2021〕1号", "2021-03-01")  # in force throughout
    doc(org, "柳公规〔2022〕1号", "2022-12-20", effective="2023-01-01")  # issued 2022, in force from 2023
    doc(org, "柳公规〔2023〕1号", "2023-02-01")
    doc(org, "柳公规〔2023〕2号", "2023-05-01", status="已废止", ended="2023-11-30")  # issued and repealed in 2023
    doc(org, "柳公规〔2020〕1号", "2020-01-10", status="已失效", ended="2023-12-31")  # ceases on 31 Dec itself
    doc(org, "柳公规〔2019〕1号", "2019-01-10", status="已废止", ended="2024-01-01")  # repealed next year
    doc(org, "柳公规〔2021〕2号", "2021-06-01", status="已修改")  # amended: still in force
    doc(org, "柳州市人民政府令第5号", "2023-07-01", kind="规章")
    c = services.document_counts(org, 2023)
    assert c["t2.art20_1.normative_docs.issued"] == 2  # 2023-1, 2023-2
    assert c["t2.art20_1.normative_docs.abolished"] == 2  # 2023-2 (废止) and 2020-1 (失效)
    # in force on 2023-12-31: 2021-1, 2022-1, 2023-1, 2019-1 (until 2024), 2021-2 (amended)
    assert c["t2.art20_1.normative_docs.in_force"] == 5
    assert (c["t2.art20_1.regulations.issued"], c["t2.art20_1.regulations.abolished"], c["t2.art20_1.regulations.in_force"]) == (1, 0, 1)
    c22 = services.document_counts(org, 2022)
    # 2022-1 was issued in 2022 but takes effect 2023-01-01: not in force on 2022-12-31
    assert (c22["t2.art20_1.normative_docs.issued"], c22["t2.art20_1.normative_docs.in_force"]) == (1, 4)


def test_other_organisations_documents_do_not_count(org, other_org):
    doc(other_org, "柳南规〔2023〕1号", "2023-02-01")
    assert services.document_counts(org, 2023)["t2.art20_1.normative_docs.issued"] == 0


@pytest.mark.parametrize("data, field, message", [
    ({"number": ""}, "number", "文号"),
    ({"title": " "}, "title", "标题"),
    ({"kind": "通知"}, "kind", "规章"),
    ({"issued_on": "2023-02-30"}, "issued_on", "不是有效日期"),
    ({"effective_on": "2022-12-31"}, "effective_on", "早于印发日期"),
    ({"status": "已废止"}, "ended_on", "须填写废止/失效日期"),
    ({"status": "已失效", "ended_on": "2022-01-01"}, "ended_on", "早于印发日期"),
    ({"ended_on": "2024-01-01", "status": "现行有效"}, "status", "不能有废止/失效日期"),
    ({"url": "javascript:alert(1)"}, "url", "不是有效的网址"),
    ({"status": "作废"}, "status", "无法识别"),
])
def test_document_validation(org, data, field, message):
    base = {"number": "柳公规〔2023〕9号", "title": "标题", "kind": "行政规范性文件", "issued_on": "2023-01-01"}
    with pytest.raises(DomainError) as exc:
        services.save_document(org, {**base, **data})
    assert exc.value.field == field and message in exc.value.message


def test_number_normalised_and_unique_per_org(org, other_org):
    d = doc(org, "柳公规 [2023] 3号", "2023-01-01")
    assert d.number == "柳公规〔2023〕3号"
    with pytest.raises(DomainError, match="已在登记簿中"):
        doc(org, "柳公规（2023）3号", "2023-01-01")
    doc(other_org, "柳公规〔2023〕3号", "2023-01-01")  # another agency may use the same text


def test_end_document_repeals_with_date(org):
    d = doc(org, "柳公规〔2020〕2号", "2020-01-01")
    services.end_document(d, status="repealed", ended_on=dt.date(2023, 6, 1), note="被柳公规〔2023〕5号废止")
    d.refresh_from_db()
    assert d.status == "repealed" and d.ended_on == dt.date(2023, 6, 1) and "5号" in d.status_note
    assert services.document_counts(org, 2023)["t2.art20_1.normative_docs.abolished"] == 1
    with pytest.raises(DomainError):
        services.end_document(d, status="in_force", ended_on=dt.date(2023, 6, 1))


def test_search(org):
    doc(org, "柳公规〔2023〕1号", "2023-01-01")
    services.save_document(org, {"number": "柳公规〔2022〕7号", "title": "关于电动自行车通行管理的通告",
                                 "kind": "行政规范性文件", "issued_on": "2022-01-01"})
    assert [d.number for d in services.search_documents(org, q="电动自行车")] == ["柳公规〔2022〕7号"]
    assert [d.number for d in services.search_documents(org, q="[2023]")] == ["柳公规〔2023〕1号"]
    assert services.search_documents(org, year=2022).count() == 1
    assert services.search_documents(org, kind="regulation").count() == 0


# -- enforcement figures -------------------------------------------------------------------


def enter(org, kind, value, **kw):
    return services.save_figure(org, 2023, kind, value=value, source_person="法制支队 王某", source_date="2024-01-08",
                                source_document="2023年度执法统计表", **kw)


def test_yuan_to_wan_keeps_four_decimals():
    assert services.yuan_to_wan(Decimal("13501714.00")) == Decimal("1350.1714")
    assert services.yuan_to_wan(Decimal("0.50")) == Decimal("0.0001")  # half a yuan rounds up to 1 元
    assert services.yuan_to_wan(Decimal("0.49")) == Decimal("0.0000")
    assert str(services.yuan_to_wan(Decimal("25000"))) == "2.5000"


def test_entered_figures_without_records(org):
    enter(org, "license", 976222)
    enter(org, "fee", "13501714.00")
    values = services.table2_values(org, 2023)
    assert values["t2.art20_5.administrative_license.decisions"] == 976222
    assert values["t2.art20_8.administrative_fees.amount_10k_yuan"] == Decimal("1350.1714")
    assert values["t2.art20_6.administrative_penalty.decisions"] is None  # neither: blank cell
    fig = {f.kind: f for f in services.resolve_figures(org, 2023)}
    assert fig["license"].origin == "entered" and "法制支队 王某" in fig["license"].reason
    assert fig["penalty"].origin == "none"


def test_computed_figures_win_unless_override_is_explicit(org, import_records):
    import_records(org, [("行政处罚", "罚1", "2023-01-02", ""), ("行政处罚", "罚2", "2023-03-02", ""),
                         ("行政事业性收费", "收1", "2023-04-01", "100.50"), ("行政事业性收费", "收2", "2023-04-02", "20")])
    enter(org, "penalty", 5)
    fig = {f.kind: f for f in services.resolve_figures(org, 2023)}
    assert fig["penalty"].origin == "computed" and fig["penalty"].used == 2 and fig["penalty"].differs
    assert "仅供对照" in fig["penalty"].reason
    assert fig["fee"].computed == Decimal("120.50") and fig["fee"].cell_value == Decimal("0.0121")
    with pytest.raises(DomainError) as exc:
        enter(org, "penalty", 5, overrides_computed=True)
    assert exc.value.field == "override_reason"
    enter(org, "penalty", 5, overrides_computed=True, override_reason="导入文件缺少交警支队的简易程序决定")
    fig = {f.kind: f for f in services.resolve_figures(org, 2023)}
    assert fig["penalty"].origin == "entered" and fig["penalty"].cell_value == 5
    assert "简易程序" in fig["penalty"].reason and "2 条记录" in fig["penalty"].reason


@pytest.mark.parametrize("kind, value, field", [
    ("license", "1.5", "value"), ("license", "-1", "value"), ("fee", "10.005", "value"), ("fee", "abc", "value"),
    ("license", "", "value"),
])
def test_figure_validation(org, kind, value, field):
    with pytest.raises(DomainError) as exc:
        enter(org, kind, value)
    assert exc.value.field == field
    assert not EnforcementFigure.objects.exists()


def test_figure_needs_its_source(org):
    with pytest.raises(DomainError) as exc:
        services.save_figure(org, 2023, "license", value=1, source_person="", source_date="2024-01-01", source_document="x")
    assert exc.value.field == "source_person"
