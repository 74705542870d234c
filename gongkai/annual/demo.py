"""Demo annual reports for 柳州市公安局 (LZGA).

- The year before last (e.g. 2024): the bureau's requests of that year are imported as history
  (``gongkai requests import``; two of them are answered in January of last year, so last year's
  report carries them over), a 行政复议 is registered on one of them, and the report is published
  on 20 January as version 1, then corrected on 10 February as version 2 — both stay on the portal.
- Last year (e.g. 2025): the 行政许可/处罚/强制 figures and fee amount are entered by hand with their
  source, and the report is started: tables compiled from the requests demo's cases, the draft text
  completed as a clerk would.  It waits in 编辑中: log in as lzga-clerk to submit it, lzga-reviewer
  to review, lzga-approver to sign and publish.

Idempotent: nothing happens if LZGA has annual reports already.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from gongkai.disclosure.models import EnforcementFigure
from gongkai.disclosure.services import save_figure
from gongkai.requests import services as request_services
from gongkai.requests.imports import import_requests
from gongkai.requests.models import Case

from . import services
from .models import AnnualReport
from .narrative import PLACEHOLDER_RE

# (number, received, applicant type, outcome label, concluded, fee, description): dates as (month, day, year offset)
HISTORY = [
    ("0001", (1, 9), "自然人", "予以公开", (1, 23), "", "2023年全市道路交通事故统计数据"),
    ("0002", (2, 20), "商业企业", "部分公开", (3, 15), "", "本公司车辆被查扣的处理决定及相关材料"),
    ("0003", (3, 4), "自然人", "本机关不掌握相关政府信息", (3, 22), "", "某路段2019年的交通流量监测数据"),
    ("0004", (3, 27), "法律服务机构", "属于行政执法案卷", (4, 18), "", "某治安案件的全部执法案卷"),
    ("0005", (4, 16), "自然人", "予以公开", (5, 7), "", "柳州市公安局机构设置和职能"),
    ("0006", (5, 8), "科研机构", "予以公开", (5, 30), "100.00", "2023年全市出入境证件办理数量统计"),
    ("0007", (5, 21), "自然人", "信访举报投诉类申请", (5, 28), "", "要求查处邻居噪声扰民"),
    ("0008", (6, 11), "社会公益组织", "部分公开", (7, 2), "", "电动自行车交通事故伤亡人数及原因分析"),
    ("0009", (7, 1), "自然人", "属于四类过程性信息", (7, 19), "", "某次联合执法行动的请示报告"),
    ("0010", (7, 22), "自然人", "重复申请", (7, 29), "", "2023年全市道路交通事故统计数据"),
    ("0011", (8, 13), "其他", "予以公开", (9, 3), "", "小区周边道路停车位施划的审批文件"),
    ("0012", (9, 2), "自然人", "other_withdrawn", (9, 6), "", "本人户口迁移的办理进度"),
    ("0013", (9, 24), "商业企业", "没有现成信息需要另行制作", (10, 15), "", "近五年全市货车违法行为按车型分类统计"),
    ("0014", (10, 21), "自然人", "other_no_correction", (12, 3), "",
     "“有关材料”"),
    ("0015", (11, 11), "自然人", "予以公开", (12, 2), "", "文昌路电子警察设置的审批文件"),
    ("0016", (12, 16), "法律服务机构", "保护第三方合法权益", (1, 13, 1), "", "某交通事故中对方当事人的信息"),
    ("0017", (12, 23), "自然人", "予以公开", (1, 17, 1), "", "2024年冬季城区交通管制方案"),
]

TEXTS = {
    "【请填写：主动公开的重点领域、渠道和数量等情况。】":
        "本机关通过门户网站“政府信息公开”专栏和政务新媒体，围绕道路交通安全、户政出入境、治安管理等重点领域，"
        "及时公开便民措施、办事指南和执法信息。",
    "【请填写：政府信息公开审查、政府信息管理、规范性文件清理等情况。】":
        "严格执行政府信息公开保密审查制度，公开前由承办部门初审、法制部门复核；按照要求开展行政规范性文件清理，"
        "并在门户网站集中公布现行有效的行政规范性文件。",
    "【请填写：政府网站、政务新媒体、政府信息公开专栏等平台建设情况。】":
        "优化门户网站“政府信息公开”专栏栏目设置，完善政府信息公开指南和目录，提升政务新媒体的发布质量。",
    "【请填写：政府信息公开工作机构和人员、制度建设、培训、考核等监督保障情况。】":
        "调整充实政府信息公开工作领导小组，明确专人负责；组织业务培训，将政府信息公开工作纳入年度绩效考核。",
    "【请填写：本年度政府信息公开工作存在的主要问题，以及针对这些问题（包括上年度报告所列问题）的改进情况。】":
        "存在的主要问题：一是政策解读的形式较为单一；二是基层民警对依申请公开的办理程序掌握不够。"
        "改进情况：丰富图表、视频等解读形式；组织依申请公开业务专题培训，规范答复文书。",
    "【请填写：其他需要报告的事项；没有的，写明“无其他需要报告的事项”。】": "无其他需要报告的事项。",
}

LAST_YEAR_FIGURES = [("license", 983510), ("penalty", 1601277), ("compulsion", 20964), ("fee", "13622190.50")]


def _history_csv(year: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["申请编号", "收到日期", "申请人类型", "办理结果", "办结日期", "收费金额", "申请内容"])
    for number, (rm, rd), kind, outcome, concluded, fee, description in HISTORY:
        cm, cd, *offset = concluded
        writer.writerow([f"柳公信〔{year}〕{number}号", date(year, rm, rd).isoformat(), kind, outcome,
                         date(year + (offset[0] if offset else 0), cm, cd).isoformat(), fee, description])
    return out.getvalue().encode("utf-8")


def _complete(sections: dict[str, str]) -> dict[str, str]:
    """The draft with its placeholders filled in as the bureau's clerk would."""
    out = {}
    for key, text in sections.items():
        for placeholder, fill in TEXTS.items():
            text = text.replace(placeholder, fill)
        out[key] = PLACEHOLDER_RE.sub("", text)
    return out


class _On:
    """Run the workflow as if on ``day`` (demo history only: publication dates in the past)."""

    def __init__(self, day: date):
        self.day = day

    def __enter__(self):
        self.saved = services.today
        services.today = lambda: self.day

    def __exit__(self, *exc):
        services.today = self.saved


def populate(ctx) -> None:
    org = ctx.orgs.get("LZGA")
    if org is None or AnnualReport.objects.filter(organization=org).exists():
        return
    clerk, reviewer, approver = (ctx.users[f"lzga-{r}"] for r in ("clerk", "reviewer", "approver"))
    today = services.today()
    old, last = today.year - 2, today.year - 1

    if not Case.objects.filter(organization=org, received__year=old).exists():
        import_requests(org, io.BytesIO(_history_csv(old)), f"柳州市公安局{old}年依申请公开台账.csv")
        ctx.log.append(f"{old}年依申请公开历史记录 {len(HISTORY)} 件（导入）")
    reviewed = Case.objects.get(organization=org, number=f"柳公信〔{old}〕0004号")
    request_services.perform(
        reviewed, "remedy", request_services.Actor.staff(clerk, org), legal_date=date(old, 5, 10),
        kind="review", filed_on=date(old, 5, 10), decided_on=date(old, 7, 8), result="upheld",
        reference=f"柳政复〔{old}〕21号", note="复议机关维持原答复",
    )

    with _On(date(old + 1, 1, 20)):
        version = services.start_version(org, old, clerk)
        version = services.save_sections(version, _complete(version.sections), clerk)
        for action, who in (("submit", clerk), ("review_pass", reviewer), ("approve", approver), ("publish", approver)):
            version = services.perform(version, action, who)
    with _On(date(old + 1, 2, 10)):
        version = services.start_version(org, old, clerk, correction_note="补充第一部分“政府信息公开平台建设”中专栏更新情况。")
        sections = dict(version.sections)
        sections["s1_overview"] = sections["s1_overview"].replace(
            "提升政务新媒体的发布质量。", "提升政务新媒体的发布质量；全年更新专栏信息1200余条。")
        version = services.save_sections(version, sections, clerk)
        for action, who in (("submit", clerk), ("review_pass", reviewer), ("approve", approver), ("publish", approver)):
            version = services.perform(version, action, who)
    ctx.log.append(f"{old}年度报告（第1版、更正后的第2版已发布）")

    if not EnforcementFigure.objects.filter(organization=org, year=last).exists():
        for kind, value in LAST_YEAR_FIGURES:
            save_figure(org, last, kind, value=value, source_person="法制支队 覃某某", source_date=date(last + 1, 1, 6),
                        source_document=f"柳州市公安局{last}年度行政执法数据统计表（法制支队）")
    version = services.start_version(org, last, clerk)
    services.save_sections(version, _complete(version.sections), clerk)
    ctx.log.append(f"{last}年度报告（草稿，待提交审核）")
