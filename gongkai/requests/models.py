"""Disclosure requests (依申请公开): the case, its event log, notices, fees, remedies, attachments, audit.

The truth of a case is its append-only event log (``CaseEvent``).  Everything the queue
and the reports read — status, due date, working days left, clock state — is a
*projection* recomputed by the clock (``gongkai.law.clock`` through
``gongkai.calendars.services.case_clock``) in the same transaction as each event
(``services.perform``).  Change cases only through ``services``; the event log and the
audit trail refuse updates and deletes.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.orgs.models import Organization

from .workflow import OPEN_STATUSES, STATUS_LABELS, Status
from django.utils.translation import gettext as _, gettext_lazy

# -- choices -----------------------------------------------------------------------


class ApplicantType(models.TextChoices):
    """The six applicant columns of Table 3 (keys of report-format-2021.json)."""

    NATURAL_PERSON = "natural_person", gettext_lazy("自然人")
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", gettext_lazy("商业企业")
    RESEARCH_INSTITUTION = "research_institution", gettext_lazy("科研机构")
    PUBLIC_INTEREST_ORG = "public_interest_org", gettext_lazy("社会公益组织")
    LEGAL_SERVICE_ORG = "legal_service_org", gettext_lazy("法律服务机构")
    OTHER_ORG = "other_org", gettext_lazy("其他组织")


ORGANISATION_TYPES = frozenset(ApplicantType.values) - {ApplicantType.NATURAL_PERSON}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_lazy("居民身份证")
    PASSPORT = "passport", gettext_lazy("护照")
    HK_MACAO = "hk_macao", gettext_lazy("港澳居民来往内地通行证")
    TAIWAN = "taiwan", gettext_lazy("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", gettext_lazy("外国人永久居留身份证")
    USCC = "uscc", gettext_lazy("统一社会信用代码")
    OTHER = "other", gettext_lazy("其他证件或登记证书")


class Channel(models.TextChoices):
    """How the request arrived (条例第二十九条、第三十一条); decides which date is the receipt date."""

    ONLINE = "online", gettext_lazy("网上申请平台")
    EMAIL = "email", gettext_lazy("电子邮件")
    IN_PERSON = "in_person", gettext_lazy("当面提交")
    ORAL = "oral", gettext_lazy("口头提出（工作人员代为填写）")
    POST_SIGNED = "post_signed", gettext_lazy("邮寄（需签收）")
    POST_ORDINARY = "post_ordinary", gettext_lazy("平常信函")
    FAX = "fax", gettext_lazy("传真")


# The clock's receipt rule per channel (gongkai.law.clock.receipt_date): e-mail is a 数据电文 like the portal.
RECEIPT_RULE = {
    Channel.ONLINE: "online", Channel.EMAIL: "online", Channel.IN_PERSON: "in_person", Channel.ORAL: "oral",
    Channel.POST_SIGNED: "post_signed", Channel.POST_ORDINARY: "post_ordinary", Channel.FAX: "fax",
}
EVIDENCE_LABELS = {
    Channel.ONLINE: gettext_lazy("提交并自动确认的日期"), Channel.EMAIL: gettext_lazy("双方确认收到邮件的日期"), Channel.IN_PERSON: gettext_lazy("当面提交的日期"),
    Channel.ORAL: gettext_lazy("口头提出的日期"), Channel.POST_SIGNED: gettext_lazy("签收日期"), Channel.POST_ORDINARY: gettext_lazy("与申请人确认的日期"),
    Channel.FAX: gettext_lazy("双方确认收到传真的日期"),
}


class InfoForm(models.TextChoices):
    """提供政府信息的形式 (条例第二十九条第二款第（三）项、第四十条)."""

    PAPER = "paper", gettext_lazy("纸质文本")
    ELECTRONIC = "electronic", gettext_lazy("电子文档")
    CD = "cd", gettext_lazy("光盘")
    ON_SITE = "on_site", gettext_lazy("当场查阅、抄录")


class Delivery(models.TextChoices):
    """获取信息的方式."""

    POST = "post", gettext_lazy("邮寄")
    EMAIL = "email", gettext_lazy("电子邮件")
    PICKUP = "pickup", gettext_lazy("自行领取")
    ONLINE = "online", gettext_lazy("网上查看（申请平台）")


class DeliveryMethod(models.TextChoices):
    """How a notice reached its addressee (the proof of delivery, 送达)."""

    IN_PERSON = "in_person", gettext_lazy("直接送达（签收）")
    POST = "post", gettext_lazy("邮寄送达")
    EMAIL = "email", gettext_lazy("电子邮件送达")
    ONLINE = "online", gettext_lazy("申请平台送达")
    FAX = "fax", gettext_lazy("传真送达")
    OTHER = "other", gettext_lazy("其他方式")


# -- numbering -----------------------------------------------------------------------


class Counter(models.Model):
    """The last number used per organisation, series and year.

    Locked (``SELECT … FOR UPDATE``; on SQLite the IMMEDIATE transaction holds the write
    lock) inside the transaction that registers the request, so numbers have no gaps
    and no duplicates even under concurrent submissions (``numbering.next_number``).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=10, default="request")  # request | notice
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("编号计数器")
        verbose_name_plural = gettext_lazy("编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["organization", "series", "year"], name="unique_counter_per_org_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.series} {self.year}: {self.last}"


# -- the case ----------------------------------------------------------------------------


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def for_org(self, org):
        return self.filter(organization=org)


class Case(models.Model):
    """One disclosure request (政府信息公开申请) and the projection of its clock."""

    organization = models.ForeignKey(Organization, verbose_name=gettext_lazy("机构"), on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(gettext_lazy("申请编号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(gettext_lazy("编号年度"))
    sequence = models.PositiveIntegerField(gettext_lazy("编号序号"), null=True, blank=True)
    tracking_hash = models.CharField(gettext_lazy("查询码（散列）"), max_length=128, blank=True, editable=False)
    submission_key = models.CharField(gettext_lazy("提交标识"), max_length=64, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("申请人账号"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="disclosure_requests",
    )

    # 收到申请 (条例第三十一条)
    channel = models.CharField(gettext_lazy("申请渠道"), max_length=20, choices=Channel.choices)
    evidence_date = models.DateField(gettext_lazy("凭证日期"), help_text=gettext_lazy("当面提交日期、签收日期或确认日期"))
    evidence_note = models.CharField(gettext_lazy("凭证说明"), max_length=200, blank=True, help_text=gettext_lazy("如邮件号、传真号码、邮件主题"))
    received = models.DateField(gettext_lazy("收到申请日期"))
    submitted_at = models.DateTimeField(gettext_lazy("提交/登记时间"), auto_now_add=True)

    # the applicant (a snapshot: what the applicant stated in this request)
    applicant_type = models.CharField(gettext_lazy("申请人类型"), max_length=30, choices=ApplicantType.choices)
    applicant_name = models.CharField(gettext_lazy("申请人姓名或名称"), max_length=200)
    id_type = models.CharField(gettext_lazy("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(gettext_lazy("证件号码"), max_length=40)
    applicant_key = models.CharField(gettext_lazy("申请人标识"), max_length=64, db_index=True, editable=False)
    contact_person = models.CharField(gettext_lazy("联系人"), max_length=100, blank=True)
    phone = models.CharField(gettext_lazy("联系电话"), max_length=40, blank=True)
    email = models.EmailField(gettext_lazy("电子邮箱"), blank=True)
    address = models.CharField(gettext_lazy("通信地址"), max_length=300, blank=True)
    postcode = models.CharField(gettext_lazy("邮政编码"), max_length=6, blank=True)

    # what is asked for
    description = models.TextField(gettext_lazy("所需信息的内容描述"))
    document_number = models.CharField(gettext_lazy("文件文号"), max_length=100, blank=True)
    document_title = models.CharField(gettext_lazy("文件名称"), max_length=300, blank=True)
    purpose = models.TextField(gettext_lazy("用途"), blank=True)
    form = models.CharField(gettext_lazy("提供形式"), max_length=20, choices=InfoForm.choices, default=InfoForm.PAPER)
    delivery = models.CharField(gettext_lazy("获取方式"), max_length=20, choices=Delivery.choices, default=Delivery.POST)
    tokens = models.TextField(gettext_lazy("分词"), blank=True, editable=False)  # for the 重复申请 hint (duplicates.py)
    month_ordinal = models.PositiveIntegerField(gettext_lazy("当月第几件"), default=1, help_text=gettext_lazy("同一申请人本月在本机关的第几件申请（按件收费）"))

    # handling
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("承办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="handled_requests",
    )
    department = models.CharField(gettext_lazy("承办部门"), max_length=100, blank=True)
    corrected_received = models.DateField(gettext_lazy("收到补正日期"), null=True, blank=True)
    outcome = models.CharField(gettext_lazy("办理结果"), max_length=60, blank=True)
    concluded = models.DateField(gettext_lazy("办结日期"), null=True, blank=True)
    imported = models.BooleanField(gettext_lazy("历史导入"), default=False)

    # the projection (recomputed from the events by the clock, in the same transaction)
    status = models.CharField(gettext_lazy("办理状态"), max_length=20, choices=[(s.value, l) for s, l in STATUS_LABELS.items()],
                              default=Status.REGISTERED)
    is_open = models.BooleanField(gettext_lazy("办理中"), default=True)
    clock_state = models.CharField(gettext_lazy("期限状态"), max_length=20, blank=True)
    due = models.DateField(gettext_lazy("答复期限"), null=True, blank=True)
    working_days_left = models.IntegerField(gettext_lazy("剩余工作日"), null=True, blank=True)
    queue_rank = models.IntegerField(gettext_lazy("排序"), default=0, help_text=gettext_lazy("剩余工作日（超期为负），等待补正的排在最后"))
    provisional = models.BooleanField(gettext_lazy("期限暂定"), default=False)
    extension_pending = models.BooleanField(gettext_lazy("延期待批"), default=False)
    projected_on = models.DateField(gettext_lazy("期限计算日"), null=True, blank=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("政府信息公开申请")
        verbose_name_plural = gettext_lazy("政府信息公开申请")
        ordering = ["-received", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "submission_key"], condition=~Q(submission_key=""),
                name="unique_submission_key_per_org",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "is_open", "queue_rank", "id"], name="req_queue"),
            models.Index(fields=["organization", "status", "queue_rank"], name="req_status"),
            models.Index(fields=["organization", "received"], name="req_received"),
            models.Index(fields=["organization", "concluded"], name="req_concluded"),
            # the annual report's Table 3 (gongkai.annual.compiler.table3): one covering index scan, groups in order
            models.Index(fields=["organization", "applicant_type", "outcome", "received", "concluded", "is_open"],
                         name="req_report"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON

    @property
    def urgency(self) -> str:
        """overdue | due-soon | ok | waiting — the queue's colour."""
        left = self.working_days_left
        if not self.is_open:
            return "ok"
        if left is None:
            return "waiting"
        if left < 0 or self.clock_state == "overdue":
            return "overdue"
        return "due-soon" if left <= 5 else "ok"

    @property
    def open_status(self) -> bool:
        return Status(self.status) in OPEN_STATUSES


class CaseClock(models.Model):
    """The full clock of a case (``ClockResult.to_dict()``): dates, pauses, explanations.

    Kept apart from ``Case`` so the work queue reads narrow rows.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="clock")
    data = models.JSONField(gettext_lazy("期限计算结果"), default=dict)

    class Meta:
        verbose_name = gettext_lazy("期限计算结果")
        verbose_name_plural = gettext_lazy("期限计算结果")


# -- append-only records -----------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(_("记录只能追加，不能修改。"))

    def delete(self):
        raise PermissionError(_("记录只能追加，不能删除。"))


class AppendOnly(models.Model):
    """A row that can be inserted but never changed or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(_("记录只能追加，不能修改。"))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(_("记录只能追加，不能删除。"))


class CaseEvent(AppendOnly):
    """One thing that happened to a case: who, when (recorded), the legal date, what, data.

    ``clock_type`` names the ``gongkai.law.clock.EventType`` the event feeds to the clock
    (empty for workflow-only events such as assignment or review).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(gettext_lazy("序号"))
    kind = models.CharField(gettext_lazy("事项"), max_length=40)
    legal_date = models.DateField(gettext_lazy("法定日期"))
    recorded_at = models.DateTimeField(gettext_lazy("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(gettext_lazy("身份"), max_length=20)
    actor_name = models.CharField(gettext_lazy("办理人"), max_length=100, blank=True)
    status_before = models.CharField(gettext_lazy("办理前状态"), max_length=20, blank=True)
    status_after = models.CharField(gettext_lazy("办理后状态"), max_length=20, blank=True)
    clock_type = models.CharField(gettext_lazy("期限事件"), max_length=30, blank=True)
    data = models.JSONField(gettext_lazy("内容"), default=dict, blank=True)
    note = models.TextField(gettext_lazy("说明"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("办理记录")
        verbose_name_plural = gettext_lazy("办理记录")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="unique_event_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind} {self.legal_date}"


class AuditEntry(AppendOnly):
    """Every change, with who, when and the values before and after. Nobody can edit it."""

    at = models.DateTimeField(gettext_lazy("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(gettext_lazy("操作人"), max_length=100, blank=True)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(gettext_lazy("操作"), max_length=40)
    object_type = models.CharField(gettext_lazy("对象"), max_length=40)
    object_id = models.CharField(gettext_lazy("对象编号"), max_length=40, blank=True)
    before = models.JSONField(gettext_lazy("修改前"), null=True, blank=True)
    after = models.JSONField(gettext_lazy("修改后"), null=True, blank=True)
    summary = models.CharField(gettext_lazy("摘要"), max_length=300, blank=True)

    class Meta:
        verbose_name = gettext_lazy("操作留痕")
        verbose_name_plural = gettext_lazy("操作留痕")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


# -- handling records --------------------------------------------------------------------


class Assignment(models.Model):
    """承办: a department asked to search and answer, with a due date for its answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    department = models.CharField(gettext_lazy("承办部门"), max_length=100)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("承办人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    assigned_on = models.DateField(gettext_lazy("交办日期"))
    due = models.DateField(gettext_lazy("部门答复期限"))
    instructions = models.TextField(gettext_lazy("交办意见"), blank=True)
    answered_on = models.DateField(gettext_lazy("部门答复日期"), null=True, blank=True)
    answer = models.TextField(gettext_lazy("部门答复意见"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("承办")
        verbose_name_plural = gettext_lazy("承办")
        ordering = ["case", "assigned_on", "id"]

    def __str__(self) -> str:
        return f"{self.department}（{self.assigned_on}）"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    """Random file names under MEDIA_ROOT/requests/, never derived from what the uploader called the file."""
    ext = PurePosixPath(filename).suffix.lower()[:8]
    return f"requests/{instance.case.organization_id}/{instance.case.received:%Y}/{uuid.uuid4().hex}{ext}"


class AttachmentKind(models.TextChoices):
    REQUEST_LETTER = "request_letter", gettext_lazy("申请书（扫描件）")
    ID_COPY = "id_copy", gettext_lazy("身份证明")
    AUTHORIZATION = "authorization", gettext_lazy("授权委托书")
    CORRECTION = "correction", gettext_lazy("补正材料")
    DEPARTMENT_REPLY = "department_reply", gettext_lazy("承办部门答复材料")
    CONSULTATION = "consultation", gettext_lazy("征求意见材料")
    RELEASED = "released", gettext_lazy("公开的政府信息")
    DELIVERY_PROOF = "delivery_proof", gettext_lazy("送达凭证")
    OTHER = "other", gettext_lazy("其他材料")


class Attachment(models.Model):
    """An uploaded file; stored outside static, served only through permission-checked views."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(gettext_lazy("类别"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(gettext_lazy("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(gettext_lazy("原文件名"), max_length=200)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    description = models.CharField(gettext_lazy("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    by_applicant = models.BooleanField(gettext_lazy("申请人上传"), default=False)

    class Meta:
        verbose_name = gettext_lazy("材料")
        verbose_name_plural = gettext_lazy("材料")
        ordering = ["case", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def released(self) -> bool:
        return self.kind == AttachmentKind.RELEASED


# -- notices -------------------------------------------------------------------------------


def _template_path(instance: "NoticeTemplate", filename: str) -> str:
    return f"requests/templates/{instance.organization_id}/{instance.kind}-{uuid.uuid4().hex[:12]}.docx"


class NoticeTemplate(models.Model):
    """An agency's own Word template for one notice kind (replaces the shipped default)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notice_templates")
    kind = models.CharField(gettext_lazy("文书种类"), max_length=8)
    file = models.FileField(gettext_lazy("模板文件"), upload_to=_template_path, max_length=200)
    original_name = models.CharField(gettext_lazy("原文件名"), max_length=200)
    active = models.BooleanField(gettext_lazy("启用"), default=True)
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = gettext_lazy("文书模板")
        verbose_name_plural = gettext_lazy("文书模板")
        ordering = ["organization", "kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.original_name}"


def _notice_path(instance: "Notice", filename: str) -> str:
    return f"requests/notices/{instance.case.organization_id}/{instance.issued_on:%Y}/{uuid.uuid4().hex}{PurePosixPath(filename).suffix}"


class Notice(models.Model):
    """A letter of the procedure (P1…P9) or the decision (D1…D7.3), with its files and delivery."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(gettext_lazy("文书种类"), max_length=8)
    title = models.CharField(gettext_lazy("文书名称"), max_length=100)
    number = models.CharField(gettext_lazy("文书编号"), max_length=60, unique=True)
    outcome = models.CharField(gettext_lazy("办理结果"), max_length=60, blank=True)
    addressee = models.CharField(gettext_lazy("受送达人"), max_length=200)
    issued_on = models.DateField(gettext_lazy("出具日期"))
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="notices")
    context = models.JSONField(gettext_lazy("文书内容"), default=dict)
    template = models.ForeignKey(NoticeTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    docx = models.FileField(gettext_lazy("Word 文件"), upload_to=_notice_path, blank=True, max_length=200)
    pdf = models.FileField(gettext_lazy("PDF 文件"), upload_to=_notice_path, blank=True, max_length=200)
    delivered_on = models.DateField(gettext_lazy("送达日期"), null=True, blank=True)
    delivery_method = models.CharField(gettext_lazy("送达方式"), max_length=20, choices=DeliveryMethod.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(gettext_lazy("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("文书")
        verbose_name_plural = gettext_lazy("文书")
        ordering = ["case", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def is_decision(self) -> bool:
        return self.kind.startswith("D")

    @property
    def to_applicant(self) -> bool:
        return self.kind not in {"P5", "P7", "P8"}


# -- fees ------------------------------------------------------------------------------------


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", gettext_lazy("按件计收")
    PER_VOLUME = "per_volume", gettext_lazy("按量计收")
    IMPORTED = "imported", gettext_lazy("历史导入")


class Fee(models.Model):
    """信息处理费 of one case (国办函〔2020〕109号): the quote, the notice and the payment."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(gettext_lazy("计收方式"), max_length=20, choices=FeeMethod.choices)
    month_ordinal = models.PositiveIntegerField(gettext_lazy("当月第几件"), null=True, blank=True)
    parts = models.PositiveIntegerField(gettext_lazy("拆分件数"), default=1)
    pages = models.PositiveIntegerField(gettext_lazy("页数"), null=True, blank=True)
    proposed_amount = models.DecimalField(gettext_lazy("系统计算金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(gettext_lazy("收费金额（元）"), max_digits=12, decimal_places=2)
    breakdown = models.JSONField(gettext_lazy("计算明细"), default=dict, blank=True)
    notice = models.ForeignKey(Notice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(gettext_lazy("通知日期"), null=True, blank=True)
    paid_on = models.DateField(gettext_lazy("缴费日期"), null=True, blank=True)
    receipt_number = models.CharField(gettext_lazy("票据号码"), max_length=60, blank=True)

    class Meta:
        verbose_name = gettext_lazy("信息处理费")
        verbose_name_plural = gettext_lazy("信息处理费")

    def __str__(self) -> str:
        return f"{self.case_id} {self.amount}元"


# -- remedies (Table 4) ----------------------------------------------------------------------


class RemedyKind(models.TextChoices):
    """The three groups of Table 4 (keys of report-format-2021.json)."""

    REVIEW = "review", gettext_lazy("行政复议")
    LITIGATION_DIRECT = "litigation_direct", gettext_lazy("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", gettext_lazy("行政诉讼（复议后起诉）")


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", gettext_lazy("维持")
    CORRECTED = "corrected", gettext_lazy("纠正")
    OTHER = "other", gettext_lazy("其他结果")
    PENDING = "pending", gettext_lazy("尚未审结")


class Remedy(models.Model):
    """A 行政复议 or 行政诉讼 about a case; Table 4 of the annual report is compiled from these."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(gettext_lazy("类别"), max_length=30, choices=RemedyKind.choices)
    body = models.CharField(gettext_lazy("复议机关或人民法院"), max_length=200)
    reference = models.CharField(gettext_lazy("案号"), max_length=100, blank=True)
    filed_on = models.DateField(gettext_lazy("申请/起诉日期"))
    decided_on = models.DateField(gettext_lazy("决定/裁判日期"), null=True, blank=True)
    result = models.CharField(gettext_lazy("结果"), max_length=20, choices=RemedyResult.choices, default=RemedyResult.PENDING)
    note = models.TextField(gettext_lazy("说明"), blank=True, help_text=gettext_lazy("如：责令重新答复、确认违法、驳回起诉、撤回申请"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(gettext_lazy("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("行政复议和行政诉讼")
        verbose_name_plural = gettext_lazy("行政复议和行政诉讼")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.filed_on}"
