"""Annual reports (政府信息公开工作年度报告): one per agency and year, in numbered versions.

- ``AnnualReport``: the agency's report for a year.
- ``ReportVersion``: version 1 is the report; a correction is version 2, 3 … with a note saying what
  was corrected.  A version moves draft → review → approval → approved → published
  (``services.ACTIONS``).  While in draft, its tables are compiled live from the data with the
  clerk's hand-entered figures (``overrides``) on top; on submission the values, texts and findings
  are stored (``values``, ``findings``) and that snapshot is what the reviewer, the approver and the
  public see.  A published version never changes (``save`` and ``delete`` refuse).
- ``VersionEvent``: who did what to a version, when, with what comment (append-only).
- ``PublishedFile``: the rendered files of a published version (HTML, Word, PDF, JSON, CSV), stored in
  the database with their SHA-256 so that they are frozen together with the values, in the same
  transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Organization
from gongkai.requests.models import AppendOnly
from django.utils.translation import gettext as _, gettext_lazy


class AnnualReport(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT,
                                     related_name="annual_reports")
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"))
    format_version = models.CharField(gettext_lazy("格式"), max_length=10, default="2021")
    created_at = models.DateTimeField(gettext_lazy("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("政府信息公开工作年度报告")
        verbose_name_plural = gettext_lazy("政府信息公开工作年度报告")
        ordering = ["organization__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="unique_annual_report")]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年政府信息公开工作年度报告"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("编辑中")
    REVIEW = "review", gettext_lazy("待审核")
    APPROVAL = "approval", gettext_lazy("待审签")
    APPROVED = "approved", gettext_lazy("已审签，待发布")
    PUBLISHED = "published", gettext_lazy("已发布")


class FrozenError(PermissionError):
    pass


class VersionQuerySet(models.QuerySet):
    """Bulk updates and deletes cannot touch a published version either."""

    def update(self, **kwargs):
        if self.filter(status=VersionStatus.PUBLISHED).exists():
            raise FrozenError(_("已发布的年度报告不能修改；如需更正，请另建更正版本。"))
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=VersionStatus.PUBLISHED).exists():
            raise FrozenError(_("已发布的年度报告不能删除。"))
        return super().delete()


class ReportVersion(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(gettext_lazy("版本"))
    status = models.CharField(gettext_lazy("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    sections = models.JSONField(gettext_lazy("正文"), default=dict, blank=True)  # s1_overview / s5_problems / s6_other -> text
    overrides = models.JSONField(gettext_lazy("手工修改的数字"), default=dict, blank=True)  # cell key -> {value, reason, by, at}
    correction_note = models.TextField(gettext_lazy("更正说明"), blank=True)
    values = models.JSONField(gettext_lazy("各表数值（提交时保存）"), null=True, blank=True)
    findings = models.JSONField(gettext_lazy("校验结果（提交时保存）"), default=list, blank=True)
    snapshot_at = models.DateTimeField(gettext_lazy("数值保存时间"), null=True, blank=True)
    html_fragment = models.TextField(gettext_lazy("网页正文（发布时保存）"), blank=True)
    published_on = models.DateField(gettext_lazy("发布日期"), null=True, blank=True)
    published_at = models.DateTimeField(gettext_lazy("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(gettext_lazy("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("年度报告版本")
        verbose_name_plural = gettext_lazy("年度报告版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version_number"),
            # at most one version in the making per report (the others are published)
            models.UniqueConstraint(fields=["report"], condition=~Q(status="published"),
                                    name="one_unpublished_version_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def save(self, *args, **kwargs):
        if self.pk and ReportVersion.objects.filter(pk=self.pk, status=VersionStatus.PUBLISHED).exists():
            raise FrozenError(_("已发布的年度报告不能修改；如需更正，请另建更正版本。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published or ReportVersion.objects.filter(pk=self.pk, status=VersionStatus.PUBLISHED).exists():
            raise FrozenError(_("已发布的年度报告不能删除。"))
        return super().delete(*args, **kwargs)


EVENT_LABELS = {
    "start": gettext_lazy("开始编制"), "edit_text": gettext_lazy("修改正文"), "regenerate_text": gettext_lazy("重新生成正文"), "override": gettext_lazy("手工修改数字"),
    "override_removed": gettext_lazy("恢复编制结果"), "submit": gettext_lazy("提交审核"), "recall": gettext_lazy("撤回修改"), "review_pass": gettext_lazy("审核通过"),
    "review_return": gettext_lazy("审核退回"), "approve": gettext_lazy("审签同意"), "approval_return": gettext_lazy("审签退回"), "publish": gettext_lazy("发布"),
}


class VersionEvent(AppendOnly):
    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(gettext_lazy("操作"), max_length=30)
    status_before = models.CharField(gettext_lazy("操作前状态"), max_length=20, blank=True)
    status_after = models.CharField(gettext_lazy("操作后状态"), max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_name = models.CharField(gettext_lazy("操作人"), max_length=100, blank=True)
    role = models.CharField(gettext_lazy("身份"), max_length=20, blank=True)
    at = models.DateTimeField(gettext_lazy("时间"), auto_now_add=True)
    note = models.TextField(gettext_lazy("意见或说明"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("年度报告办理记录")
        verbose_name_plural = gettext_lazy("年度报告办理记录")
        ordering = ["version", "at", "id"]

    def __str__(self) -> str:
        return f"{self.version} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)


class FileKind(models.TextChoices):
    HTML = "html", gettext_lazy("网页（HTML）")
    DOCX = "docx", gettext_lazy("Word 文档")
    PDF = "pdf", "PDF"
    JSON = "json", gettext_lazy("数据（JSON）")
    CSV = "csv", gettext_lazy("表格数据（CSV）")


CONTENT_TYPES = {
    FileKind.HTML: "text/html; charset=utf-8",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.PDF: "application/pdf",
    FileKind.JSON: "application/json; charset=utf-8",
    FileKind.CSV: "text/csv; charset=utf-8",
}


class PublishedFile(AppendOnly):
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(gettext_lazy("类别"), max_length=10, choices=FileKind.choices)
    content = models.BinaryField(gettext_lazy("内容"))
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(gettext_lazy("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("年度报告文件")
        verbose_name_plural = gettext_lazy("年度报告文件")
        ordering = ["version", "kind"]
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="unique_file_per_version_kind")]

    def __str__(self) -> str:
        return f"{self.version} {self.get_kind_display()}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[FileKind(self.kind)]
