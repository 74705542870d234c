"""What the supervising office (政务公开办) keeps: the annual reports it has checked.

``CheckedReport`` is one report run through the checker (``gongkai.reports``): an uploaded file
(kept as uploaded, with its SHA-256, so the office can show what it checked) or a published
version of an overseen agency's own report.  ``document`` is the checker's JSON document
(docs/report-json.md); the counts are copied out of it so the list and the comparison can sort
and filter without opening every document.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from gongkai.orgs.models import Organization


class Origin(models.TextChoices):
    UPLOAD = "upload", gettext_lazy("上传的文件")
    PUBLISHED = "published", gettext_lazy("本平台已发布的年报")


class CheckedReport(models.Model):
    office = models.ForeignKey(Organization, verbose_name=gettext_lazy("核查机构"), on_delete=models.PROTECT,
                               related_name="checked_reports")
    origin = models.CharField(gettext_lazy("来源"), max_length=20, choices=Origin.choices, default=Origin.UPLOAD)
    file_name = models.CharField(gettext_lazy("文件名"), max_length=200, blank=True)
    content = models.BinaryField(gettext_lazy("文件内容"), blank=True)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    version = models.ForeignKey("annual.ReportVersion", verbose_name=gettext_lazy("已发布版本"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("核查人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(gettext_lazy("核查时间"), auto_now_add=True)
    agency = models.CharField(gettext_lazy("报告机关"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(gettext_lazy("年度"), null=True, blank=True)
    format_version = models.CharField(gettext_lazy("格式"), max_length=10, blank=True)
    document = models.JSONField(gettext_lazy("检查结果（JSON 文档）"))
    errors = models.PositiveIntegerField(gettext_lazy("错误"), default=0)
    warnings = models.PositiveIntegerField(gettext_lazy("警告"), default=0)
    infos = models.PositiveIntegerField(gettext_lazy("提示"), default=0)

    class Meta:
        verbose_name = gettext_lazy("已核查的年度报告")
        verbose_name_plural = gettext_lazy("已核查的年度报告")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["office", "agency", "year"], name="checked_report_office_idx")]

    def __str__(self) -> str:
        return f"{self.agency or self.file_name} {self.year or ''}"
