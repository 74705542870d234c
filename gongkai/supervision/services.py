"""The supervising office's (政务公开办) view of the agencies it oversees.

- ``overview(root)``: one row per organisation of the subtree (open, overdue, due within three
  working days, concluded this year, the annual report of the latest due year), in a fixed number
  of queries whatever the size of the tree: one for the organisations, one aggregate over the cases
  (GROUP BY organisation), one for the report versions of the year.
- ``overdue_cases(root, agency)``: open cases past their due date across the subtree.

Every date comes from what the other apps store or compute: the case projection (due date, working
days left, ``queue_rank`` — the same fields the work queue reads, never a second clock) and the
annual deadline rule of ``gongkai.law.annual`` (the one behind the agency dashboard's reminder).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from gongkai.annual.models import ReportVersion, VersionStatus
from gongkai.law.annual import reminder_state, report_deadline
from gongkai.orgs.models import Organization
from gongkai.requests import services as request_services
from gongkai.requests.models import Case

#: "due soon": at most this many working days left (the stored ``working_days_left``, 0 = due today)
SOON_WORKING_DAYS = 3


def today() -> dt.date:
    """Today in Asia/Shanghai — the requests app's (tests replace it there)."""
    return request_services.today()


def report_year(on: dt.date) -> int:
    """The latest year whose report is due: last year's, from 1 January (as the agency dashboard's reminder)."""
    return on.year - 1


# -- the tree ---------------------------------------------------------------------------------------


@dataclass
class Node:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int = 0
    children: list["Node"] = field(default_factory=list)


def subtree(root: Organization) -> list[Node]:
    """``root`` and its active descendants, in one query (the hierarchy is walked in Python)."""
    rows = Organization.objects.filter(is_active=True).values_list("id", "code", "name", "kind", "parent_id")
    nodes = {r[0]: Node(*r) for r in rows}
    if root.pk not in nodes:
        return []
    for n in nodes.values():
        if n.parent_id in nodes and n.id != root.pk:
            nodes[n.parent_id].children.append(n)
    out: list[Node] = []
    stack = [(nodes[root.pk], 0)]
    seen: set[int] = set()
    while stack:  # depth-first, children by code; ``seen`` guards against a cycle in bad data
        node, depth = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        node.depth = depth
        out.append(node)
        stack.extend((c, depth + 1) for c in sorted(node.children, key=lambda c: c.code, reverse=True))
    return out


def subtree_ids(root: Organization) -> list[int]:
    return [n.id for n in subtree(root)]


# -- the dashboard ----------------------------------------------------------------------------------


ANNUAL_LABELS = {
    "none": gettext_lazy("未开始"),
    VersionStatus.DRAFT: gettext_lazy("编制中"),
    VersionStatus.REVIEW: gettext_lazy("待审核"),
    VersionStatus.APPROVAL: gettext_lazy("待审签"),
    VersionStatus.APPROVED: gettext_lazy("已审签，待发布"),
    VersionStatus.PUBLISHED: gettext_lazy("已发布"),
}


@dataclass
class AnnualStatus:
    year: int
    deadline: dt.date | None  # None: a region publishes no report
    status: str  # none | draft | review | approval | approved | published
    published_on: dt.date | None
    overdue: bool  # not published and the deadline has passed (red)
    published_late: bool

    @property
    def label(self) -> str:
        return ANNUAL_LABELS[self.status]

    @property
    def applies(self) -> bool:
        return self.deadline is not None


@dataclass
class Row:
    node: Node
    open: int = 0
    overdue: int = 0
    soon: int = 0
    concluded: int = 0
    annual: AnnualStatus | None = None
    problem: tuple = ()  # sort key of the row's own problems (bigger is worse)
    subtree_problem: tuple = ()  # the worst problem in the row's subtree: siblings are sorted by it

    @property
    def has_problem(self) -> bool:
        return bool(self.overdue or (self.annual and (self.annual.overdue or self.annual.published_late)))


def _annual(kind: str, year: int, on: dt.date, versions: list[dict]) -> AnnualStatus:
    deadline = report_deadline(kind, year)
    published = [v for v in versions if v["status"] == VersionStatus.PUBLISHED]
    first_published = min((v["published_on"] for v in published if v["published_on"]), default=None)
    unpublished = [v for v in versions if v["status"] != VersionStatus.PUBLISHED]
    if published:
        status = VersionStatus.PUBLISHED
    elif unpublished:
        status = unpublished[0]["status"]
    else:
        status = "none"
    state = reminder_state(kind, year, on, bool(published))
    late = bool(deadline and first_published and first_published > deadline)
    return AnnualStatus(year, deadline, status, first_published, state == "overdue", late)


def overview(root: Organization, on: dt.date | None = None) -> list[Row]:
    """The dashboard rows: the tree, each level sorted so that problems come first."""
    on = on or today()
    nodes = subtree(root)
    ids = [n.id for n in nodes]
    counts = {
        r["organization_id"]: r
        for r in Case.objects.filter(organization_id__in=ids).values("organization_id").annotate(
            open=Count("id", filter=Q(is_open=True)),
            overdue=Count("id", filter=Q(is_open=True, queue_rank__lt=0)),
            soon=Count("id", filter=Q(is_open=True, queue_rank__gte=0, queue_rank__lte=SOON_WORKING_DAYS)),
            concluded=Count("id", filter=Q(concluded__gte=dt.date(on.year, 1, 1), concluded__lte=on)),
        ).order_by()
    }
    year = report_year(on)
    versions: dict[int, list[dict]] = {}
    for v in (ReportVersion.objects.filter(report__organization_id__in=ids, report__year=year)
              .values("report__organization_id", "status", "published_on", "number").order_by("-number")):
        versions.setdefault(v["report__organization_id"], []).append(v)
    rows = {}
    for n in nodes:
        c = counts.get(n.id, {})
        row = Row(n, c.get("open", 0), c.get("overdue", 0), c.get("soon", 0), c.get("concluded", 0),
                  _annual(n.kind, year, on, versions.get(n.id, [])))
        a = row.annual
        row.problem = (row.overdue, int(a.overdue), int(a.published_late), row.soon,
                       int(a.applies and a.status != VersionStatus.PUBLISHED))
        rows[n.id] = row
    # the worst problem anywhere below decides where a branch goes among its siblings
    for n in reversed(nodes):
        row = rows[n.id]
        row.subtree_problem = max([row.problem, *(rows[c.id].subtree_problem for c in n.children if c.id in rows)])
    out: list[Row] = []

    def walk(row: Row) -> None:
        out.append(row)
        kids = [rows[c.id] for c in row.node.children if c.id in rows]
        for kid in sorted(kids, key=lambda r: (tuple(-x for x in r.subtree_problem), r.node.code)):
            walk(kid)

    if nodes:
        walk(rows[nodes[0].id])
    return out


def totals(rows: list[Row]) -> dict[str, int]:
    return {
        "open": sum(r.open for r in rows), "overdue": sum(r.overdue for r in rows), "soon": sum(r.soon for r in rows),
        "concluded": sum(r.concluded for r in rows),
        "annual_overdue": sum(1 for r in rows if r.annual and r.annual.overdue),
    }


# -- overdue cases ----------------------------------------------------------------------------------

OVERDUE_FIELDS = ("id", "number", "organization_id", "received", "due", "working_days_left", "handler_id",
                  "department", "status", "applicant_type", "applicant_name", "organization__code",
                  "organization__name", "handler__first_name", "handler__last_name", "handler__username")


def overdue_cases(ids: list[int]):
    """Open cases past their due date (stored projection: ``queue_rank`` < 0), most overdue first."""
    return (Case.objects.filter(organization_id__in=ids, is_open=True, queue_rank__lt=0)
            .select_related("organization", "handler").only(*OVERDUE_FIELDS)
            .order_by("queue_rank", "received", "id"))
