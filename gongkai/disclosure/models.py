"""主动公开 data behind Table 2 of the annual report.

- ``NormativeDocument``: the register of the agency's 规章 and 行政规范性文件
  (条例第二十条第（一）项) — 本年制发 / 本年废止 / 现行有效 are counted from it.
- ``EnforcementImport`` and ``EnforcementRecord``: decision records imported from
  the agency's case systems (行政许可, 行政处罚, 行政强制 decisions and
  行政事业性收费 charges; 条例第二十条第（五）（六）（八）项).
- ``EnforcementFigure``: a yearly figure entered by hand with a note of its
  source, and whether it explicitly overrides the figure computed from records.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Organization
from django.utils.translation import gettext_lazy


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", gettext_lazy("规章")
    NORMATIVE = "normative", gettext_lazy("行政规范性文件")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", gettext_lazy("现行有效")
    AMENDED = "amended", gettext_lazy("已修改")  # still in force, as amended (see docs/disclosure.md)
    REPEALED = "repealed", gettext_lazy("已废止")
    EXPIRED = "expired", gettext_lazy("已失效")


#: Statuses that end a document's force; they need a 废止/失效 date.
ENDED_STATUSES = frozenset({DocumentStatus.REPEALED, DocumentStatus.EXPIRED})


class NormativeDocument(models.Model):
    """One 规章 or 行政规范性文件 of an organisation.

    Dates decide the Table 2 counts (``services.document_counts``): issued in the
    year of ``issued_on``; abolished in the year of ``ended_on``; in force on
    31 December when effective by then and not yet ended.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT, related_name="normative_documents"
    )
    number = models.CharField(gettext_lazy("文号"), max_length=100, help_text=gettext_lazy("例如 柳公规〔2023〕1号；规章为政府令号。"))
    title = models.CharField(gettext_lazy("标题"), max_length=300)
    kind = models.CharField(gettext_lazy("类别"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.NORMATIVE)
    issuer = models.CharField(gettext_lazy("制发机关"), max_length=200, help_text=gettext_lazy("联合发文时写全部发文机关，以顿号分隔。"))
    issued_on = models.DateField(gettext_lazy("印发日期"))
    effective_on = models.DateField(gettext_lazy("施行日期"))
    ended_on = models.DateField(gettext_lazy("废止/失效日期"), null=True, blank=True)
    status = models.CharField(gettext_lazy("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE)
    status_note = models.CharField(
        gettext_lazy("状态说明"), max_length=300, blank=True, help_text=gettext_lazy("例如：被柳公规〔2024〕2号废止；有效期届满自动失效。")
    )
    url = models.URLField(gettext_lazy("公开网址"), max_length=500, blank=True)
    attachment = models.FileField(gettext_lazy("附件"), upload_to="disclosure/documents/%Y/", blank=True)
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("修改时间"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("规章和规范性文件")
        verbose_name_plural = gettext_lazy("规章和规范性文件")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="unique_document_number_per_org"),
        ]
        indexes = [models.Index(fields=["organization", "issued_on"]), models.Index(fields=["organization", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATUSES


class EnforcementKind(models.TextChoices):
    LICENSE = "license", gettext_lazy("行政许可")
    PENALTY = "penalty", gettext_lazy("行政处罚")
    COMPULSION = "compulsion", gettext_lazy("行政强制")
    FEE = "fee", gettext_lazy("行政事业性收费")


class EnforcementImport(models.Model):
    """One import of a file of decision records (all-or-nothing: a row exists only if the import succeeded)."""

    organization = models.ForeignKey(
        Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT, related_name="enforcement_imports"
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"), null=True, blank=True, help_text=gettext_lazy("导入时指定的年度（可空）"))
    filename = models.CharField(gettext_lazy("文件名"), max_length=255)
    rows = models.PositiveIntegerField(gettext_lazy("记录数"), default=0)
    replaced = models.PositiveIntegerField(gettext_lazy("替换的原有记录数"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("导入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_via = models.CharField(gettext_lazy("导入方式"), max_length=20, default="cli")  # cli | web
    created_at = models.DateTimeField(gettext_lazy("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("执法决定导入批次")
        verbose_name_plural = gettext_lazy("执法决定导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}（{self.rows} 条）"


class EnforcementRecord(models.Model):
    """One decision (or fee charge) from an imported file.

    Kept lean (millions of rows per year for a city police bureau): the
    unique constraint is what forbids a duplicate decision number within an
    (organisation, year, kind).
    """

    organization = models.ForeignKey(Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"))
    kind = models.CharField(gettext_lazy("类别"), max_length=12, choices=EnforcementKind.choices)
    number = models.CharField(gettext_lazy("决定书文号"), max_length=120)
    decided_on = models.DateField(gettext_lazy("决定日期"))
    amount_yuan = models.DecimalField(gettext_lazy("金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    batch = models.ForeignKey(EnforcementImport, verbose_name=gettext_lazy("导入批次"), on_delete=models.CASCADE, related_name="records")
    source_line = models.PositiveIntegerField(gettext_lazy("源文件行号"))

    class Meta:
        verbose_name = gettext_lazy("执法决定记录")
        verbose_name_plural = gettext_lazy("执法决定记录")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "kind", "number"], name="unique_enforcement_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class EnforcementFigure(models.Model):
    """A yearly Table 2 figure entered by hand, with where it came from.

    Used instead of the figure computed from imported records when there are
    no records, or when ``overrides_computed`` is set (which needs a reason).
    """

    organization = models.ForeignKey(
        Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT, related_name="enforcement_figures"
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"))
    kind = models.CharField(gettext_lazy("类别"), max_length=12, choices=EnforcementKind.choices)
    count = models.PositiveBigIntegerField(gettext_lazy("处理决定数量（件）"), null=True, blank=True)
    amount_yuan = models.DecimalField(gettext_lazy("收费金额（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    source_person = models.CharField(gettext_lazy("数据提供人"), max_length=100, help_text=gettext_lazy("例如：法制支队 王某某"))
    source_date = models.DateField(gettext_lazy("提供日期"))
    source_document = models.CharField(
        gettext_lazy("来源文件"), max_length=300, help_text=gettext_lazy("例如：2023年度行政执法统计年报（法制支队，2024年1月10日）")
    )
    overrides_computed = models.BooleanField(
        gettext_lazy("优先于导入记录的统计结果"), default=False,
        help_text=gettext_lazy("只有勾选并说明理由，手工数字才会替代由导入记录计算出的数字。"),
    )
    override_reason = models.CharField(gettext_lazy("替代理由"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(gettext_lazy("录入时间"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("年度执法统计数字（手工录入）")
        verbose_name_plural = gettext_lazy("年度执法统计数字（手工录入）")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "kind"], name="unique_enforcement_figure"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.get_kind_display()}"

    @property
    def value(self) -> int | Decimal | None:
        return self.amount_yuan if self.kind == EnforcementKind.FEE else self.count
