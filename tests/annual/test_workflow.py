"""Versions, hand-entered figures, the review workflow, publication and freezing."""

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.annual import services
from gongkai.annual.models import FileKind, FrozenError, PublishedFile, ReportVersion, VersionStatus
from gongkai.law.errors import DomainError
from gongkai.orgs.models import Role

from .conftest import filled, make_case, make_remedy, make_user

S = VersionStatus


@pytest.fixture
def cases(org):
    make_case(org, "2024-12-30", "2025-01-05", "granted")
    make_case(org, "2025-03-01", "2025-03-10", "other_withdrawn")
    make_case(org, "2025-05-01", "2025-05-20", "withheld_process_info", applicant="commercial_enterprise")
    make_case(org, "2025-12-31")


def test_start_prefills_the_draft_with_the_years_facts(org, users, cases, today):
    version = services.start_version(org, 2025, users["clerk"])
    assert version.number == 1 and version.status == S.DRAFT
    s1 = version.sections["s1_overview"]
    assert "本年度新收政府信息公开申请3件，其中自然人申请2件、法人或其他组织申请1件" in s1
    assert "上年结转政府信息公开申请1件" in s1
    assert "本年度办结政府信息公开申请3件，其中予以公开1件，部分公开0件，不予公开1件" in s1
    assert "其他处理1件；结转下年度继续办理1件" in s1
    assert "本年度没有因政府信息公开工作被申请行政复议或者被提起行政诉讼" in s1
    for heading in ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"):
        assert heading in s1
    assert "未收取信息处理费" in version.sections["s6_other"]
    assert "国办函〔2020〕109号" in version.sections["s6_other"]
    with pytest.raises(DomainError, match="已有正在编制的版本"):
        services.start_version(org, 2025, users["clerk"])


def test_draft_states_fees_and_remedies(org, users, today):
    from gongkai.requests.models import Fee

    c = make_case(org, "2025-03-01", "2025-04-01", "granted")
    Fee.objects.create(case=c, method="per_volume", amount="35.00", issued_on="2025-03-05", paid_on="2025-03-08")
    make_remedy(c, "review", "2025-05-01", "2025-06-01", "upheld")
    make_remedy(c, "litigation_direct", "2025-05-02")
    version = services.start_version(org, 2025, users["clerk"])
    assert "收取信息处理费1件，金额共计35.00元（其中按量计收1件）" in version.sections["s6_other"]
    assert "被申请行政复议1件、被提起行政诉讼1件" in version.sections["s1_overview"]


def test_a_government_is_asked_for_appraisal_and_accountability(gov, today):
    clerk = make_user("govclerk", [("LZSZF", Role.CLERK)])
    version = services.start_version(gov, 2025, clerk)
    assert "工作考核、社会评议和责任追究结果情况" in version.sections["s1_overview"]
    version = services.save_sections(version, filled(version.sections), clerk)
    ids = {f.rule_id for f in services.evaluate(version).findings}
    assert "NARRATIVE.S1_GOVERNMENT" in ids


def test_placeholders_block_submission(org, users, cases, today):
    version = services.start_version(org, 2025, users["clerk"])
    errors = {f.rule_id for f in services.evaluate(version).errors}
    assert errors == {"NARRATIVE.PLACEHOLDER.s1_overview", "NARRATIVE.PLACEHOLDER.s5_problems",
                      "NARRATIVE.PLACEHOLDER.s6_other"}
    with pytest.raises(DomainError, match="还有3个错误"):
        services.perform(version, "submit", users["clerk"])


def test_no_submission_before_the_year_is_over(org, users, ready, today):
    today.set("2025-12-31")
    version = ready(2025)
    with pytest.raises(DomainError, match="2025年尚未结束"):
        services.perform(version, "submit", users["clerk"])
    today.set("2026-01-01")
    assert services.perform(version, "submit", users["clerk"]).status == S.REVIEW


def test_the_whole_way_to_publication(org, users, cases, ready, today):
    version = ready()
    version = services.perform(version, "submit", users["clerk"])
    assert version.status == S.REVIEW and version.values["t3.total.new_received"] == 3
    with pytest.raises(DomainError, match="没有“审签同意”的权限"):
        services.perform(version, "approve", users["reviewer"])
    version = services.perform(version, "review_pass", users["reviewer"], note="数字已核对")
    assert version.status == S.APPROVAL
    version = services.perform(version, "approve", users["approver"])
    with pytest.raises(DomainError, match="权限"):
        services.perform(version, "publish", users["clerk"])
    today.set("2026-01-20")
    version = services.perform(version, "publish", users["approver"])
    version.refresh_from_db()
    assert version.status == S.PUBLISHED and version.published_on == dt.date(2026, 1, 20)
    assert version.published_by == users["approver"]
    kinds = set(version.files.values_list("kind", flat=True))
    assert kinds == set(FileKind.values)
    pdf = version.files.get(kind="pdf")
    assert bytes(pdf.content).startswith(b"%PDF") and pdf.size == len(bytes(pdf.content))
    assert '<article class="gk-report"' in version.html_fragment and "发布日期：2026-01-20" in version.html_fragment
    assert [e.action for e in version.events.all()] == [
        "start", "edit_text", "submit", "review_pass", "approve", "publish"]
    assert version.events.get(action="review_pass").note == "数字已核对"
    assert services.current_version(org, 2025) is None


def test_returns_need_a_comment_and_clear_the_snapshot(org, users, cases, ready, today):
    version = services.perform(ready(), "submit", users["clerk"])
    with pytest.raises(DomainError, match="写明意见"):
        services.perform(version, "review_return", users["reviewer"])
    version = services.perform(version, "review_return", users["reviewer"], note="第一部分请补充培训情况")
    assert version.status == S.DRAFT and version.values is None and version.findings == []
    version = services.perform(version, "submit", users["clerk"])
    version = services.perform(version, "review_pass", users["reviewer"])
    version = services.perform(version, "approval_return", users["approver"], note="再核对表三")
    assert version.status == S.DRAFT
    version = services.perform(version, "submit", users["clerk"])
    version = services.perform(version, "recall", users["clerk"])
    assert version.status == S.DRAFT


def test_the_submitter_cannot_pass_their_own_report(org, users, cases, ready, today):
    both = make_user("both", [("LZGA", Role.CLERK), ("LZGA", Role.REVIEWER), ("LZGA", Role.APPROVER)])
    version = services.perform(ready(), "submit", both)
    with pytest.raises(DomainError, match="须由另一人把关"):
        services.perform(version, "review_pass", both)
    version = services.perform(version, "review_pass", users["reviewer"])
    with pytest.raises(DomainError, match="须由另一人把关"):
        services.perform(version, "approve", both)


def test_other_agencies_and_wrong_roles_cannot_act(org, users, cases, ready, today):
    with pytest.raises(DomainError, match="权限"):
        services.start_version(org, 2025, users["other"])
    with pytest.raises(DomainError, match="权限"):
        services.start_version(org, 2025, users["reviewer"])
    version = ready()
    for who in ("other", "handler", "supervisor", "reviewer", "approver", "public"):
        with pytest.raises(DomainError, match="权限"):
            services.save_sections(version, {"s5_problems": "改了"}, users[who])
        with pytest.raises(DomainError, match="权限"):
            services.set_override(version, "t3.total.new_received", 1, "试试", users[who])
    for who in ("other", "handler", "supervisor", "reviewer", "approver"):
        with pytest.raises(DomainError, match="权限"):
            services.perform(version, "submit", users[who])
    # the admin of the agency may edit and submit, like the clerk
    version = services.save_sections(version, {"s5_problems": "本年度的主要问题是宣传不够，已加强解读。"}, users["admin"])
    assert services.perform(version, "submit", users["admin"]).status == S.REVIEW


def test_an_override_breaking_a_rule_is_shown_with_the_rule_and_blocks(org, users, cases, ready, today):
    version = ready()
    version = services.set_override(version, "t3.natural_person.new_received", 5, "历史台账补录", users["clerk"])
    evaluation = services.evaluate(version)
    errors = {f.rule_id: f for f in evaluation.errors}
    assert set(errors) == {"T3.BALANCE.natural_person", "T3.ROW_SUM.new_received"}
    assert "涉及手工修改的数字" in errors["T3.BALANCE.natural_person"].message
    assert errors["T3.BALANCE.natural_person"].details["overrides"] == ["t3.natural_person.new_received"]
    note = next(f for f in evaluation.findings if f.rule_id == "OVERRIDE.t3.natural_person.new_received")
    assert note.severity == "info"
    assert "由编制结果2改为5" in note.message and "历史台账补录" in note.message
    assert "T3.BALANCE.natural_person" in note.message and "T3.ROW_SUM.new_received" in note.message
    # …and the draft's sentence “其中自然人申请2件” no longer agrees with the table (the checker's text rule)
    assert note.details["breaks"] == ["T3.BALANCE.natural_person", "T3.ROW_SUM.new_received", "TEXT.NATURAL_PERSON"]
    text = next(f for f in evaluation.warnings if f.rule_id == "TEXT.NATURAL_PERSON")
    assert "2件" in text.message and "5" in text.message
    assert evaluation.values["t3.natural_person.new_received"] == 5
    assert evaluation.compiled["t3.natural_person.new_received"] == 2
    with pytest.raises(DomainError, match="还有2个错误"):
        services.perform(version, "submit", users["clerk"])
    version = services.remove_override(version, "t3.natural_person.new_received", users["clerk"])
    assert not services.evaluate(version).errors


def test_consistent_overrides_can_be_published(org, users, cases, ready, publish, today):
    """Three historical applications kept on paper: entered by hand in every cell they touch."""
    version = ready()
    for key, value in {
        "t3.natural_person.new_received": 5, "t3.total.new_received": 6,
        "t3.natural_person.granted": 4, "t3.total.granted": 4,
        "t3.natural_person.result_total": 5, "t3.total.result_total": 6,
    }.items():
        version = services.set_override(version, key, value, "纸质台账登记的3件申请未录入平台", users["clerk"])
    # the draft's text still states the compiled figures: the text check would say so (after regenerating, it agrees)
    version = services.regenerate_section(version, "s1_overview", users["clerk"])
    version = services.save_sections(version, filled(version.sections), users["clerk"])
    evaluation = services.evaluate(version)
    assert not evaluation.errors
    assert "新收政府信息公开申请6件" in version.sections["s1_overview"]
    version = publish(version)
    assert version.values["t3.total.new_received"] == 6
    assert version.overrides["t3.total.new_received"]["compiled"] == 3


@pytest.mark.parametrize("key,raw,message", [
    ("t3.total.new_received", "-1", "不能为负数"),
    ("t3.total.new_received", "1.5", "应为整数"),
    ("t3.total.new_received", "abc", "无效"),
    ("t3.total.new_received", "", "请填写"),
    ("t2.art20_8.administrative_fees.amount_10k_yuan", "12.34567", "最多四位小数"),
    ("t3.total.withheld_subtotal", "1", "没有这个单元格"),
    ("t9.nothing", "1", "没有这个单元格"),
])
def test_bad_overrides_are_refused(org, users, ready, key, raw, message):
    version = ready()
    with pytest.raises(DomainError, match=message):
        services.set_override(version, key, raw, "理由", users["clerk"])
    version.refresh_from_db()
    assert version.overrides == {}


def test_override_needs_a_reason_and_keeps_fee_decimals(org, users, ready):
    version = ready()
    with pytest.raises(DomainError, match="说明理由"):
        services.set_override(version, "t2.art20_8.administrative_fees.amount_10k_yuan", "12.3", " ", users["clerk"])
    version = services.set_override(version, "t2.art20_8.administrative_fees.amount_10k_yuan", "12.3", "财务科数据",
                                    users["clerk"])
    assert version.overrides["t2.art20_8.administrative_fees.amount_10k_yuan"]["value"] == "12.3000"
    assert services.evaluate(version).values["t2.art20_8.administrative_fees.amount_10k_yuan"] == Decimal("12.3000")


def test_submitted_values_are_a_snapshot(org, users, cases, ready, publish, today):
    version = services.perform(ready(), "submit", users["clerk"])
    make_case(org, "2025-07-07", "2025-07-08", "granted")  # entered after submission
    evaluation = services.evaluate(version)
    assert not evaluation.live and evaluation.values["t3.total.new_received"] == 3
    changes = dict((label, (a, b)) for label, a, b in services.live_changes(version))
    assert changes["一、本年新收政府信息公开申请数量 × 总计"] == (3, 4)
    version = services.perform(version, "review_pass", users["reviewer"])
    version = services.perform(version, "approve", users["approver"])
    version = services.perform(version, "publish", users["approver"])
    assert version.values["t3.total.new_received"] == 3  # what was reviewed is what is published


def test_a_published_version_is_frozen(org, users, cases, ready, publish, today):
    version = publish(ready())
    before = (version.values, version.html_fragment, bytes(version.files.get(kind="pdf").content))
    make_case(org, "2025-08-01", "2025-08-02", "granted")
    make_case(org, "2024-01-01")
    version = ReportVersion.objects.get(pk=version.pk)
    assert (version.values, version.html_fragment, bytes(version.files.get(kind="pdf").content)) == before
    assert services.evaluate(version).values["t3.total.new_received"] == 3
    version.sections = {"s1_overview": "改写"}
    with pytest.raises(FrozenError):
        version.save()
    with pytest.raises(FrozenError):
        ReportVersion.objects.filter(pk=version.pk).update(correction_note="x")
    with pytest.raises(FrozenError):
        version.delete()
    with pytest.raises(FrozenError):
        ReportVersion.objects.filter(pk=version.pk).delete()
    f = version.files.get(kind="json")
    with pytest.raises(PermissionError):
        f.save()
    with pytest.raises(PermissionError):
        PublishedFile.objects.filter(pk=f.pk).update(size=1)
    with pytest.raises(DomainError, match="只有编辑中的版本可以修改"):
        services.save_sections(version, {"s5_problems": "x"}, users["clerk"])


def test_a_correction_is_a_new_version_and_the_old_one_stays(org, users, cases, ready, publish, today):
    v1 = publish(ready())
    with pytest.raises(DomainError, match="更正说明"):
        services.start_version(org, 2025, users["clerk"])
    v2 = services.start_version(org, 2025, users["clerk"], correction_note="表三自然人新收数更正")
    assert v2.number == 2 and v2.sections == v1.sections and v2.correction_note == "表三自然人新收数更正"
    make_case(org, "2025-09-09", "2025-09-10", "granted")
    v2 = services.regenerate_section(v2, "s1_overview", users["clerk"])
    v2 = services.save_sections(v2, filled(v2.sections), users["clerk"])
    today.set("2026-02-03")
    v2 = publish(v2)
    assert [v.number for v in services.published_versions(org, 2025)] == [2, 1]
    assert v2.values["t3.total.new_received"] == 4
    v1.refresh_from_db()
    assert v1.status == S.PUBLISHED and v1.values["t3.total.new_received"] == 3
    assert v2.events.get(action="publish").note == "发布日期：2026-02-03；更正说明：表三自然人新收数更正"


def test_a_draft_can_be_discarded(org, users, ready, publish):
    version = ready()
    services.discard_version(version, users["clerk"])
    assert services.current_version(org, 2025) is None
    v1 = publish(ready())
    v2 = services.start_version(org, 2025, users["clerk"], correction_note="试一下")
    services.discard_version(v2, users["clerk"])
    assert list(services.published_versions(org, 2025)) == [v1]


def test_last_years_published_report_is_checked_for_continuity(org, users, publish, today):
    make_case(org, "2024-12-10")  # open on 31 December 2024 → 结转 1
    v2024 = services.start_version(org, 2024, users["clerk"])
    v2024 = publish(services.save_sections(v2024, filled(v2024.sections), users["clerk"]))
    assert v2024.values["t3.total.carry_forward"] == 1
    v2025 = services.start_version(org, 2025, users["clerk"])
    assert not [f for f in services.evaluate(v2025).findings if f.rule_id.startswith("XY.")]
    make_case(org, "2024-12-20", "2025-01-10", "granted")  # a 2024 letter registered after the 2024 report
    warnings = {f.rule_id: f for f in services.evaluate(v2025).warnings}
    assert {"XY.CARRY.natural_person", "XY.CARRY.total"} <= set(warnings)
    assert "上年报告" in warnings["XY.CARRY.total"].message


def test_the_year_turns_at_midnight_in_china(org, users, monkeypatch):
    """17:00 UTC on 31 December is already 1 January in Asia/Shanghai: the year is over, the reminder starts."""
    from django.utils import timezone

    from gongkai.law.annual import reminder_state

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 12, 31, 15, 59, tzinfo=dt.timezone.utc))
    assert services.today() == dt.date(2025, 12, 31)
    version = services.start_version(org, 2025, users["clerk"])
    version = services.save_sections(version, filled(version.sections), users["clerk"])
    with pytest.raises(DomainError, match="2025年尚未结束"):
        services.perform(version, "submit", users["clerk"])
    assert reminder_state(org.kind, 2025, services.today(), False) == "none"
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.timezone.utc))
    assert services.today() == dt.date(2026, 1, 1)
    assert reminder_state(org.kind, 2025, services.today(), False) == "due"
    assert services.perform(version, "submit", users["clerk"]).status == S.REVIEW
