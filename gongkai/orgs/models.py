"""Organisations (行政区域, 人民政府, 政府部门) and who works for them in which role."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.law.identifiers import InvalidIdentifier, clean_uscc
from gongkai.law.regions import REGIONS
from django.utils.translation import gettext as _, gettext_lazy

CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,31}$")


def validate_code(value: str) -> None:
    if not CODE_RE.match(value):
        raise ValidationError(
            _("机构代码须以字母开头，由2–32位字母、数字、下划线或连字符组成（用于命令行、网址和申请编号）。")
        )


def validate_uscc(value: str) -> None:
    try:
        clean_uscc(value)
    except InvalidIdentifier as exc:
        raise ValidationError(str(exc)) from None


class Organization(models.Model):
    """An agency or a grouping node in the hierarchy.

    Typical tree: 柳州市 (region) → 柳州市人民政府 (government) → 柳州市公安局
    (department) and 柳南区人民政府 (government).  ``kind`` decides the annual
    report deadline (条例第四十九条: departments by 31 January, people's
    governments by 31 March) and the reconsideration body in notices.
    """

    class Kind(models.TextChoices):
        REGION = "region", gettext_lazy("行政区域")
        GOVERNMENT = "government", gettext_lazy("人民政府")
        DEPARTMENT = "department", gettext_lazy("政府部门")
        OTHER = "other", gettext_lazy("法律法规授权组织")

    name = models.CharField(gettext_lazy("机构名称"), max_length=200)
    code = models.CharField(
        gettext_lazy("机构代码"),
        max_length=32,
        unique=True,
        validators=[validate_code],
        help_text=gettext_lazy("简短标识，用于命令行、网址和申请编号，例如 LZGA。"),
    )
    kind = models.CharField(gettext_lazy("机构类别"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=gettext_lazy("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    uscc = models.CharField(
        gettext_lazy("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    region = models.CharField(
        gettext_lazy("所在地区（节假日日历）"), max_length=8, choices=sorted(REGIONS.items()), default="CN"
    )
    vertically_managed = models.BooleanField(
        gettext_lazy("垂直管理"), default=False, help_text=gettext_lazy("海关、税务、金融等垂直管理机构：行政复议机关为上一级主管部门。")
    )
    request_prefix = models.CharField(
        gettext_lazy("申请编号前缀"),
        max_length=20,
        blank=True,
        help_text=gettext_lazy("例如“柳公信”，申请编号形如 柳公信〔2024〕0007号；留空时使用机构代码。"),
    )
    reconsideration_body = models.CharField(
        gettext_lazy("行政复议机关"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("留空时按《行政复议法》第二十四条自动确定（部门→本级人民政府；区县政府→上一级人民政府）。"),
    )
    address = models.CharField(gettext_lazy("办公地址"), max_length=300, blank=True)
    postcode = models.CharField(gettext_lazy("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(gettext_lazy("联系电话"), max_length=50, blank=True)
    fax = models.CharField(gettext_lazy("传真"), max_length=50, blank=True)
    email = models.EmailField(gettext_lazy("电子邮箱"), blank=True)
    office_hours = models.CharField(gettext_lazy("办公时间"), max_length=200, blank=True)
    website = models.URLField(gettext_lazy("网站"), blank=True)
    is_active = models.BooleanField(gettext_lazy("启用"), default=True)
    created_at = models.DateTimeField(gettext_lazy("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("机构")
        verbose_name_plural = gettext_lazy("机构")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.uscc:
            try:
                self.uscc = clean_uscc(self.uscc)
            except InvalidIdentifier as exc:
                raise ValidationError({"uscc": str(exc)}) from None
        if self.parent_id and self.pk:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("上级机构不能是本机构或其下级机构。")})
                node = node.parent

    @property
    def number_prefix(self) -> str:
        return self.request_prefix or self.code

    def ancestors(self) -> list["Organization"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of this organisation and everything below it (breadth-first, one query per level)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                Organization.objects.filter(parent_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids

    def same_level_government(self) -> "Organization | None":
        """The people's government this organisation belongs to (itself if it is one)."""
        node: Organization | None = self
        while node is not None:
            if node.kind == self.Kind.GOVERNMENT:
                return node
            node = node.parent
        return None

    def default_reconsideration_body(self) -> str:
        """行政复议法（2023）第二十四条、第二十七条: who hears reconsideration of this agency's acts."""
        if self.reconsideration_body:
            return self.reconsideration_body
        if self.kind == self.Kind.GOVERNMENT:
            higher = self.parent.same_level_government() if self.parent else None
            return higher.name if higher else _("上一级人民政府")
        if self.vertically_managed:
            return _("上一级主管部门")
        government = self.same_level_government()
        return government.name if government else _("本级人民政府")


class Role(models.TextChoices):
    CLERK = "clerk", gettext_lazy("经办人")
    HANDLER = "handler", gettext_lazy("承办人")
    REVIEWER = "reviewer", gettext_lazy("审核人")
    APPROVER = "approver", gettext_lazy("审签人")
    ADMIN = "admin", gettext_lazy("机构管理员")
    SUPERVISOR = "supervisor", gettext_lazy("政务公开办（监督）")


class Membership(models.Model):
    """One role of one person in one organisation.

    A supervisor's membership covers the organisation and every organisation
    below it (read-only oversight); every other role covers that organisation only.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=gettext_lazy("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(gettext_lazy("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(gettext_lazy("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("岗位")
        verbose_name_plural = gettext_lazy("岗位")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_membership_role"),
        ]
        ordering = ["organization__code", "role"]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"
