"""主动公开 data for Table 2: the document register and the yearly enforcement figures.

Counting rules (条例第二十条第（一）项; docs/disclosure.md explains them for clerks):

- 本年制发件数: documents whose 印发日期 falls in the year;
- 本年废止件数: documents 已废止 **or 已失效** whose 废止/失效日期 falls in the year
  (the 2021 format has no 失效 column; counting 失效 here keeps
  上年现行有效 + 本年制发 − 本年废止 = 本年现行有效);
- 现行有效件数: documents in force on 31 December: 施行日期 on or before it and
  not ended on or before it.  已修改 documents remain in force as amended.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from gongkai.i18n import zh
from gongkai.law.errors import DomainError
from gongkai.orgs.models import Organization

from .models import (
    ENDED_STATUSES,
    DocumentKind,
    DocumentStatus,
    EnforcementFigure,
    EnforcementKind,
    EnforcementRecord,
    NormativeDocument,
)
from gongkai.tabular import parse_date

# -- Table 2 cell keys (gongkai/law/formats/data/2021.json) ------------------------------

DOCUMENT_ROWS = {DocumentKind.REGULATION: "regulations", DocumentKind.NORMATIVE: "normative_docs"}
DOCUMENT_COLUMNS = ("issued", "abolished", "in_force")
FIGURE_CELLS = {
    EnforcementKind.LICENSE: "t2.art20_5.administrative_license.decisions",
    EnforcementKind.PENALTY: "t2.art20_6.administrative_penalty.decisions",
    EnforcementKind.COMPULSION: "t2.art20_6.administrative_compulsion.decisions",
    EnforcementKind.FEE: "t2.art20_8.administrative_fees.amount_10k_yuan",
}
TEN_THOUSAND = Decimal(10000)
WAN_YUAN_PLACES = Decimal("0.0001")


def yuan_to_wan(yuan: Decimal | None) -> Decimal | None:
    """元 → 万元 with the 4 decimals the format prints (rounded half up to 1 元)."""
    if yuan is None:
        return None
    return (Decimal(yuan) / TEN_THOUSAND).quantize(WAN_YUAN_PLACES, rounding=ROUND_HALF_UP)


# -- the document register --------------------------------------------------------

_YEAR_BRACKETS_RE = re.compile(r"[\[［(（【〔]\s*((?:19|20)\d{2})\s*[\]］)）】〕]")
KIND_BY_TEXT = {
    **{k.value: k for k in DocumentKind}, **{zh(k.label): k for k in DocumentKind},
    "规范性文件": DocumentKind.NORMATIVE, "行政规范性文件": DocumentKind.NORMATIVE, "regulation": DocumentKind.REGULATION,
}
STATUS_BY_TEXT = {
    **{s.value: s for s in DocumentStatus}, **{zh(s.label): s for s in DocumentStatus},
    "有效": DocumentStatus.IN_FORCE, "现行": DocumentStatus.IN_FORCE, "废止": DocumentStatus.REPEALED,
    "失效": DocumentStatus.EXPIRED, "修改": DocumentStatus.AMENDED, "已修订": DocumentStatus.AMENDED,
}


def normalize_number(number: str) -> str:
    """文号 with the year in 六角括号 as GB/T 9704 prescribes: ``柳公规[2023]1号`` → ``柳公规〔2023〕1号``."""
    text = re.sub(r"\s+", "", number or "")
    return _YEAR_BRACKETS_RE.sub(r"〔\1〕", text)


def _as_date(value, label: str, field: str, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise DomainError(f"请填写{label}。", field=field)
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise DomainError(f"{label}{exc}。", field=field) from None


def clean_document(org: Organization, data: dict, instance: NormativeDocument | None = None) -> dict:
    """Validate one document's fields (form or import row); returns clean values or raises ``DomainError``."""
    number = normalize_number(str(data.get("number") or ""))
    if not number:
        raise DomainError(gettext("请填写文号。"), field="number")
    if len(number) > 100:
        raise DomainError(gettext("文号过长（最多100个字）。"), field="number")
    title = str(data.get("title") or "").strip()
    if not title:
        raise DomainError(gettext("请填写标题。"), field="title")
    if len(title) > 300:
        raise DomainError(gettext("标题过长（最多300个字）。"), field="title")
    kind_text = str(data.get("kind") or "").strip()
    kind = KIND_BY_TEXT.get(kind_text)
    if kind is None:
        raise DomainError(f"类别“{kind_text}”无法识别，应为“规章”或“行政规范性文件”。", field="kind")
    issuer = str(data.get("issuer") or "").strip() or org.name
    issued_on = _as_date(data.get("issued_on"), "印发日期", "issued_on", True)
    effective_on = _as_date(data.get("effective_on"), "施行日期", "effective_on", False) or issued_on
    ended_on = _as_date(data.get("ended_on"), "废止/失效日期", "ended_on", False)
    status_text = str(data.get("status") or "").strip()
    if status_text:
        status = STATUS_BY_TEXT.get(status_text)
        if status is None:
            raise DomainError(
                f"状态“{status_text}”无法识别，应为：{'、'.join(zh(s.label) for s in DocumentStatus)}。", field="status"
            )
    else:  # not given (import): inferred from the dates
        status = DocumentStatus.REPEALED if ended_on else DocumentStatus.IN_FORCE
    if effective_on < issued_on:
        raise DomainError(f"施行日期（{effective_on}）早于印发日期（{issued_on}）。", field="effective_on")
    if status in ENDED_STATUSES:
        if ended_on is None:
            raise DomainError(f"状态为“{DocumentStatus(status).label}”时须填写废止/失效日期。", field="ended_on")
        if ended_on < issued_on:
            raise DomainError(f"废止/失效日期（{ended_on}）早于印发日期（{issued_on}）。", field="ended_on")
    elif ended_on is not None:
        raise DomainError(
            f"状态为“{DocumentStatus(status).label}”的文件不能有废止/失效日期；已废止或已失效的，请相应修改状态。",
            field="status",
        )
    url = str(data.get("url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise DomainError(f"公开网址“{url}”不是有效的网址（应以 http:// 或 https:// 开头）。", field="url") from None
    duplicate = NormativeDocument.objects.filter(organization=org, number=number)
    if instance is not None and instance.pk:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise DomainError(f"文号“{number}”已在登记簿中。", field="number")
    return {
        "number": number, "title": title, "kind": kind, "issuer": issuer[:200], "issued_on": issued_on,
        "effective_on": effective_on, "ended_on": ended_on, "status": status,
        "status_note": str(data.get("status_note") or "").strip()[:300], "url": url,
    }


@transaction.atomic
def save_document(org: Organization, data: dict, instance: NormativeDocument | None = None, attachment=None) -> NormativeDocument:
    """Create or update a register entry."""
    if instance is not None and instance.organization_id != org.pk:
        raise DomainError(gettext("该文件不属于本机构。"))
    values = clean_document(org, data, instance)
    doc = instance or NormativeDocument(organization=org)
    for name, value in values.items():
        setattr(doc, name, value)
    if attachment is not None:
        doc.attachment = attachment
    doc.save()
    return doc


@transaction.atomic
def end_document(doc: NormativeDocument, *, status: str, ended_on, note: str = "") -> NormativeDocument:
    """Record that a document was repealed (废止) or expired (失效) on ``ended_on``."""
    if status not in ENDED_STATUSES:
        raise DomainError(gettext("请选择“已废止”或“已失效”。"), field="status")
    data = {
        "number": doc.number, "title": doc.title, "kind": doc.kind, "issuer": doc.issuer, "issued_on": doc.issued_on,
        "effective_on": doc.effective_on, "ended_on": ended_on, "status": status,
        "status_note": note or doc.status_note, "url": doc.url,
    }
    return save_document(doc.organization, data, instance=doc)


def search_documents(org: Organization, *, q: str = "", kind: str = "", status: str = "", year: int | None = None):
    """The register filtered as on the console list (substring search on 文号 and 标题)."""
    qs = NormativeDocument.objects.filter(organization=org)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(number__icontains=normalize_number(q)))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(issued_on__year=year)
    return qs.order_by("-issued_on", "number")


def document_counts(org: Organization, year: int) -> dict[str, int]:
    """Table 2 第二十条第（一）项 for ``year``: 本年制发 / 本年废止 / 现行有效 per kind, keyed by cell key."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        NormativeDocument.objects.filter(organization=org)
        .values("kind")
        .annotate(
            issued=Count("pk", filter=Q(issued_on__range=(start, end))),
            abolished=Count("pk", filter=Q(status__in=ENDED_STATUSES, ended_on__range=(start, end))),
            in_force=Count("pk", filter=Q(effective_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))),
        )
    )
    by_kind = {r["kind"]: r for r in rows}
    out: dict[str, int] = {}
    for kind, row_key in DOCUMENT_ROWS.items():
        for col in DOCUMENT_COLUMNS:
            out[f"t2.art20_1.{row_key}.{col}"] = by_kind.get(kind, {}).get(col, 0)
    return out


# -- yearly enforcement figures ------------------------------------------------------


@dataclass
class Figure:
    """One Table 2 figure for (org, year): what the records give, what was entered, and which is used."""

    kind: str
    label: str
    cell_key: str
    computed: int | Decimal | None  # count, or fee amount in 元; None without records
    entered: EnforcementFigure | None
    origin: str  # computed | entered | none
    reason: str  # Chinese: why this figure is the one used

    @property
    def used(self) -> int | Decimal | None:
        if self.origin == "entered":
            return self.entered.value
        if self.origin == "computed":
            return self.computed
        return None

    @property
    def is_fee(self) -> bool:
        return self.kind == EnforcementKind.FEE

    @property
    def cell_value(self) -> int | Decimal | None:
        """The value printed in Table 2 (fees in 万元 with 4 decimals)."""
        value = self.used
        return yuan_to_wan(value) if self.is_fee else value

    @property
    def differs(self) -> bool:
        return self.entered is not None and self.computed is not None and self.entered.value != self.computed


def computed_figures(org: Organization, year: int) -> dict[str, tuple[int, Decimal | None]]:
    """(record count, sum of amounts in 元) per kind from the imported records: one GROUP BY."""
    rows = (
        EnforcementRecord.objects.filter(organization=org, year=year)
        .values("kind")
        .annotate(n=Count("pk"), amount=Sum("amount_yuan"))
        .order_by()
    )
    return {r["kind"]: (r["n"], r["amount"]) for r in rows}


def resolve_figures(org: Organization, year: int) -> list[Figure]:
    """The four enforcement figures of Table 2, each with the source used and why.

    A hand-entered figure replaces one computed from imported records only when
    it says so explicitly (``overrides_computed`` with a reason); without
    records, the entered figure is used; with neither, the cell stays blank.
    """
    computed = computed_figures(org, year)
    entered = {f.kind: f for f in EnforcementFigure.objects.filter(organization=org, year=year)}
    out = []
    for kind, cell_key in FIGURE_CELLS.items():
        n, amount = computed.get(kind, (0, None))
        value = None
        if n:
            value = Decimal(amount or 0).quantize(Decimal("0.01")) if kind == EnforcementKind.FEE else n
        fig = entered.get(kind)
        if fig is not None and value is not None and fig.overrides_computed:
            origin = "entered"
            reason = f"手工录入的数字替代了导入记录的统计结果（{n} 条记录）。理由：{fig.override_reason}"
        elif value is not None:
            origin = "computed"
            reason = f"由导入的 {n} 条记录统计。"
            if fig is not None:
                reason += "另有手工录入的数字，但未指定替代统计结果，仅供对照。"
        elif fig is not None:
            origin = "entered"
            reason = f"手工录入（{fig.source_person}，{fig.source_date:%Y-%m-%d}，来源：{fig.source_document}）；本年度没有导入记录。"
        else:
            origin, reason = "none", "既没有导入记录，也没有手工录入：报告中此格为空白。"
        out.append(Figure(kind, EnforcementKind(kind).label, cell_key, value, fig, origin, reason))
    return out


def table2_values(org: Organization, year: int) -> dict[str, int | Decimal | None]:
    """Every Table 2 cell of the 2021 format for (org, year), keyed by cell key."""
    values: dict[str, int | Decimal | None] = dict(document_counts(org, year))
    for fig in resolve_figures(org, year):
        values[fig.cell_key] = fig.cell_value
    return values


@transaction.atomic
def save_figure(
    org: Organization, year: int, kind: str, *, value, source_person: str, source_date, source_document: str,
    overrides_computed: bool = False, override_reason: str = "", user=None,
) -> EnforcementFigure:
    """Enter (or correct) a yearly figure by hand, with its source."""
    if kind not in EnforcementKind.values:
        raise DomainError(f"未知的类别：{kind}", field="kind")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(gettext("年度应在2000年至2100年之间。"), field="year")
    label = EnforcementKind(kind).label
    if value in (None, ""):
        raise DomainError(f"请填写{label}的数字。", field="value")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except Exception:
        raise DomainError(f"{label}的数字“{value}”无效。", field="value") from None
    if not number.is_finite() or number < 0:
        raise DomainError(f"{label}的数字不能为负数。", field="value")
    fields = {"count": None, "amount_yuan": None}
    if kind == EnforcementKind.FEE:
        if number != number.quantize(Decimal("0.01")):
            raise DomainError(gettext("收费金额以元为单位，最多两位小数（角、分）。"), field="value")
        fields["amount_yuan"] = number.quantize(Decimal("0.01"))
    else:
        if number != number.to_integral_value():
            raise DomainError(f"{label}的处理决定数量应为整数。", field="value")
        fields["count"] = int(number)
    source_person, source_document = (source_person or "").strip(), (source_document or "").strip()
    if not source_person:
        raise DomainError(gettext("请填写数据提供人（部门和姓名）。"), field="source_person")
    if not source_document:
        raise DomainError(gettext("请填写来源文件（例如统计报表的名称和日期）。"), field="source_document")
    source_date = _as_date(source_date, "提供日期", "source_date", True)
    override_reason = (override_reason or "").strip()
    if overrides_computed and not override_reason:
        raise DomainError(gettext("指定手工数字替代导入记录的统计结果时，须说明理由。"), field="override_reason")
    figure, _ = EnforcementFigure.objects.update_or_create(
        organization=org, year=year, kind=kind,
        defaults={
            **fields, "source_person": source_person[:100], "source_date": source_date,
            "source_document": source_document[:300], "overrides_computed": bool(overrides_computed),
            "override_reason": override_reason[:300] if overrides_computed else "", "entered_by": user,
        },
    )
    return figure


@transaction.atomic
def delete_figure(org: Organization, year: int, kind: str) -> int:
    deleted, _ = EnforcementFigure.objects.filter(organization=org, year=year, kind=kind).delete()
    return deleted
