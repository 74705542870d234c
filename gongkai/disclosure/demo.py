"""Demo 主动公开 data for 柳州市公安局: its register of 行政规范性文件 and yearly figures.

The 2023 figures are those of its published 2023 annual report (reference
report 000): no documents issued or repealed in 2023, five in force, and the
enforcement figures and fee amount entered by hand from the bureau's
statistics.  For 2024 a small file of decision records is imported, so that
the console shows computed figures next to entered ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from .imports import import_enforcement
from .models import EnforcementFigure, EnforcementRecord, NormativeDocument
from .services import save_document, save_figure

DOCUMENTS = [
    # number, title, issuer, issued, effective, status, ended, note
    ("柳公规〔2019〕1号", "柳州市公安局关于规范城区机动车停放管理有关事项的通告", None,
     "2019-06-10", "2019-07-01", "现行有效", None, ""),
    ("柳公规〔2019〕2号", "柳州市公安局关于2019年春节期间城区临时交通管制的通告", None,
     "2019-01-25", "2019-02-01", "已失效", "2019-02-20", "有效期届满自动失效"),
    ("柳公规〔2018〕2号", "柳州市公安局关于规范保安服务公司日常监督检查的通知", None,
     "2018-05-14", "2018-06-01", "已废止", "2022-08-01", "被柳公规〔2022〕1号废止"),
    ("柳公规〔2020〕1号", "柳州市公安局关于印发《柳州市公安局行政处罚裁量基准》的通知", None,
     "2020-03-20", "2020-05-01", "现行有效", None, ""),
    ("柳公规〔2021〕1号", "柳州市公安局 柳州市交通运输局关于加强电动自行车通行管理的通告",
     "柳州市公安局、柳州市交通运输局", "2021-04-15", "2021-05-01", "现行有效", None, ""),
    ("柳公规〔2021〕2号", "柳州市公安局关于印发《柳州市公安局户口登记管理实施细则》的通知", None,
     "2021-09-01", "2021-10-01", "已修改", None, "经柳公规〔2024〕1号修改"),
    ("柳公规〔2022〕1号", "柳州市公安局关于印发保安服务监督管理便民利企措施的通知", None,
     "2022-07-20", "2022-08-01", "现行有效", None, ""),
    ("柳公规〔2024〕1号", "柳州市公安局关于修改《柳州市公安局户口登记管理实施细则》的决定", None,
     "2024-03-10", "2024-04-10", "现行有效", None, ""),
]

FIGURES_2023 = [("license", 976222), ("penalty", 1592874), ("compulsion", 21537), ("fee", "13501714.00")]


def _records_csv(year: int, n: int) -> bytes:
    rng = random.Random(year)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["类别", "决定书文号", "决定日期", "金额（元）"])
    prefixes = {"行政许可": "柳公（治）许字", "行政处罚": "柳公（交）决字", "行政强制": "柳公（刑）强字", "行政事业性收费": "柳公收"}
    kinds = ["行政许可"] * 35 + ["行政处罚"] * 50 + ["行政强制"] * 5 + ["行政事业性收费"] * 10
    for i in range(1, n + 1):
        kind = rng.choice(kinds)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        amount = f"{rng.choice([10, 20, 40, 80, 120])}.00" if kind == "行政事业性收费" else ""
        writer.writerow([kind, f"{prefixes[kind]}〔{year}〕{i:06d}号", day.isoformat(), amount])
    return out.getvalue().encode("utf-8")


def populate(ctx) -> None:
    org = ctx.orgs["LZGA"]
    for number, title, issuer, issued, effective, status, ended, note in DOCUMENTS:
        if NormativeDocument.objects.filter(organization=org, number=number).exists():
            continue
        save_document(org, {
            "number": number, "title": title, "kind": "行政规范性文件", "issuer": issuer or org.name,
            "issued_on": issued, "effective_on": effective, "status": status, "ended_on": ended, "status_note": note,
        })
        ctx.log.append(f"规范性文件 {number}")
    if not EnforcementFigure.objects.filter(organization=org, year=2023).exists():
        for kind, value in FIGURES_2023:
            save_figure(
                org, 2023, kind, value=value, source_person="法制支队 覃某某", source_date="2024-01-08",
                source_document="柳州市公安局2023年度行政执法数据统计表（法制支队）",
            )
        ctx.log.append("2023年执法统计数字")
    if not EnforcementRecord.objects.filter(organization=org, year=2024).exists():
        import_enforcement(org, io.BytesIO(_records_csv(2024, 400)), "柳州市公安局2024年执法决定（演示）.csv", year=2024)
        ctx.log.append("2024年执法决定记录 400 条")
