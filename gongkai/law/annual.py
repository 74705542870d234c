"""When an annual report (政府信息公开工作年度报告) is due, and which years the platform compiles.

条例第四十九条: 县级以上人民政府部门 publish their previous-year report **by 31 January**;
the 政府信息公开工作主管部门 of a 县级以上地方人民政府 publishes that government's report
**by 31 March** (regulation.md §11).  乡镇人民政府 have no national date; the platform gives every
people's government 31 March (a local 主管部门 may set an earlier internal date).
法律、法规授权的具有管理公共事务职能的组织 (条例第五十四条 applies the 条例 to them) are
treated like departments.  A region (行政区域) is a grouping node, not an agency: no report.
"""

from __future__ import annotations

from datetime import date

GOVERNMENT = "government"
REGION = "region"

#: The first year compiled in the national 2021 format (国办公开办函〔2021〕30号 applies from the 2021 report).
FIRST_2021_FORMAT_YEAR = 2021


def report_deadline(org_kind: str, report_year: int) -> date | None:
    """The last day to publish the ``report_year`` report of an organisation of ``org_kind``.

    ``org_kind`` is ``Organization.Kind`` (government | department | other | region);
    ``None`` for a region, which publishes no report of its own.
    """
    if org_kind == REGION:
        return None
    if org_kind == GOVERNMENT:
        return date(report_year + 1, 3, 31)
    return date(report_year + 1, 1, 31)


def reminder_state(org_kind: str, report_year: int, today: date, published: bool) -> str:
    """``none`` | ``published`` | ``due`` | ``overdue`` for the dashboard.

    The reminder runs from 1 January of the following year until the report is published, and is
    overdue from the day after the deadline.
    """
    deadline = report_deadline(org_kind, report_year)
    if deadline is None or today < date(report_year + 1, 1, 1):
        return "none"
    if published:
        return "published"
    return "overdue" if today > deadline else "due"
