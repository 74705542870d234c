"""Each rendering of a compiled report, fed to ``gongkai report check``, gives back exactly the compiled values.

The case set is built so that almost every Table 3 and Table 4 cell holds a different non-zero number (a value
printed in the wrong cell would be read back in the wrong cell), Table 2 has every kind of figure including a
万元 amount with trailing zeros, and the prose is the generated draft: the checker must find it consistent.
"""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.annual import services
from gongkai.disclosure.services import save_document, save_figure
from gongkai.law.formats import load_format
from gongkai.law.outcomes import OUTCOMES
from gongkai.requests.models import Case, Channel

from .conftest import filled, make_case, make_remedy

FMT = load_format("2021")
APPLICANTS = FMT.sets["t3.columns"][:-1]
RESULTS = FMT.sets["t3.results"]
ROW_OUTCOME = {o.t3_row: o.key for o in reversed(OUTCOMES)}  # one outcome per row


def rich_cases(org):
    rows, n = [], 0
    for ci, col in enumerate(APPLICANTS):
        for ri, row in enumerate(RESULTS):
            for k in range(1 + (ri + 2 * ci) % 4):
                n += 1
                carried = k == 0 and ri < ci + 1  # the first case of the first rows: received last year
                received = date(2024, 12, 20) if carried else date(2025, 1, 2) + timedelta(days=(ri * 7 + ci + k) % 330)
                concluded = max(received, date(2025, 1, 2)) + timedelta(days=5)
                rows.append((col, received, concluded, ROW_OUTCOME[row]))
        for k in range(2 * ci + 1):  # still open on 31 December
            rows.append((col, date(2025, 12, 1) + timedelta(days=k), None, ""))
        rows.append((col, date(2025, 12, 30), date(2026, 1, 3), "granted"))  # concluded next year
    Case.objects.bulk_create([
        Case(organization=org, number=f"RT-{i:05d}", year=received.year, sequence=i, channel=Channel.POST_SIGNED,
             evidence_date=received, received=received, applicant_type=col, applicant_name="申请人", id_type="resident_id",
             id_number="11010519491231002X", description="测试", outcome=outcome, concluded=concluded,
             is_open=concluded is None, status="handling" if concluded is None else "archived")
        for i, (col, received, concluded, outcome) in enumerate(rows)
    ])
    c = make_case(org, "2025-01-05", "2025-01-20", "withheld_process_info")
    for kind, results in {
        "review": {"upheld": 2, "corrected": 1, "other": 3, "pending": 4},
        "litigation_direct": {"upheld": 1, "other": 2, "pending": 1},
        "litigation_after_review": {"upheld": 3, "corrected": 2},
    }.items():
        for result, count in results.items():
            for _ in range(count):
                decided = None if result == "pending" else "2025-09-01"
                make_remedy(c, kind, "2025-03-01", decided, result)


def rich_table2(org):
    for number, kind, issued, ended in [
        ("柳州市人民政府令第3号", "规章", "2025-03-01", None), ("柳州市人民政府令第1号", "规章", "2021-05-01", None),
        ("柳公规〔2025〕1号", "行政规范性文件", "2025-02-01", None), ("柳公规〔2025〕2号", "行政规范性文件", "2025-06-01", None),
        ("柳公规〔2020〕1号", "行政规范性文件", "2020-02-01", "2025-08-01"), ("柳公规〔2022〕1号", "行政规范性文件", "2022-02-01", None),
    ]:
        save_document(org, {"number": number, "title": f"文件{number}", "kind": kind, "issued_on": issued,
                            "ended_on": ended, "status": "已废止" if ended else "现行有效"})
    for kind, value in (("license", 976222), ("penalty", 1592874), ("compulsion", 21537), ("fee", "13501700.00")):
        save_figure(org, 2025, kind, value=value, source_person="法制支队", source_date="2026-01-05",
                    source_document="2025年度执法统计")


@pytest.fixture
def published(org, users, today, publish):
    rich_cases(org)
    rich_table2(org)
    version = services.start_version(org, 2025, users["clerk"])
    version = services.save_sections(version, filled(version.sections), users["clerk"])
    return publish(version)


def check_json(path) -> dict:
    out = io.StringIO()
    call_command("report", "check", "--json", str(path), stdout=out)  # exit 0: no error, no warning
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0])


def test_the_case_set_fills_the_tables(published):
    values = published.values
    t3 = [values[f"t3.{c}.{r}"] for c in APPLICANTS for r in RESULTS]
    assert min(t3) >= 1 and set(t3) == {1, 2, 3, 4, 5}  # every result cell filled (1…4 cases, one more)
    assert values["t3.total.new_received"] > 300 and values["t3.total.carried_over"] == 21
    assert values["t3.total.carry_forward"] == 36 + 6
    assert values["t2.art20_8.administrative_fees.amount_10k_yuan"] == "1350.1700"
    assert values["t2.art20_1.regulations.issued"] == 1 and values["t2.art20_1.normative_docs.abolished"] == 1
    assert values["t4.review.total"] == 10 and values["t4.litigation_after_review.corrected"] == 2
    assert not [f for f in published.findings if f["severity"] in ("error", "warning")]


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_each_rendering_parses_back_to_the_compiled_values(published, kind, tmp_path):
    expected = json.loads(bytes(published.files.get(kind="json").content))
    path = tmp_path / f"report.{kind}"
    path.write_bytes(bytes(published.files.get(kind=kind).content))
    got = check_json(path)
    assert got["tables"] == expected["tables"]
    assert got["metadata"]["agency"] == "柳州市公安局" and got["metadata"]["year"] == 2025
    assert got["metadata"]["format"] == "2021"
    assert got["summary"]["errors"] == 0 and got["summary"]["warnings"] == 0
    assert not [f for f in got["findings"] if f["rule_id"].startswith("TEXT.")]  # the draft's prose agrees
    assert set(got["sections"]) >= {"s1_overview", "s5_problems", "s6_other"}


def test_the_portal_page_parses_back_too(published, tmp_path):
    page = Client().get("/annual-reports/LZGA/2025/").content
    path = tmp_path / "portal.html"
    path.write_bytes(page)
    expected = json.loads(bytes(published.files.get(kind="json").content))
    assert check_json(path)["tables"] == expected["tables"]


def test_a_wrong_figure_in_the_prose_is_found_by_the_checker_and_on_the_page(org, users, today):
    make_case(org, "2025-03-01", "2025-03-20", "granted")
    make_case(org, "2025-04-01", "2025-04-20", "granted")
    version = services.start_version(org, 2025, users["clerk"])
    sections = filled(version.sections)
    assert "本年度新收政府信息公开申请2件" in sections["s1_overview"]
    assert not [f for f in services.evaluate(version).findings if f.rule_id.startswith("TEXT.")]
    sections["s1_overview"] = sections["s1_overview"].replace("新收政府信息公开申请2件", "新收政府信息公开申请20件")
    version = services.save_sections(version, sections, users["clerk"])
    text = [f for f in services.evaluate(version).findings if f.rule_id.startswith("TEXT.")]
    assert [f.rule_id for f in text] == ["TEXT.RECEIVED"] and text[0].severity == "warning"
    assert "20件" in text[0].message
