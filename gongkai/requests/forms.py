"""Forms: input parsing only; the rules live in ``validation``, ``workflow`` and ``services``.

``RequestForm`` is shared by the console's registration page and the public portal.
Each console action has a small form (``ACTION_FORMS``) whose ``params()`` are the keyword
arguments of ``services.perform``.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from gongkai.law.clock import PARTY_LABELS, Party
from gongkai.orgs.models import Membership, Role

from . import uploads
from .models import (
    ApplicantType, AttachmentKind, Channel, Delivery, DeliveryMethod, FeeMethod, IdType, InfoForm, RemedyKind,
    RemedyResult,
)
from .services import DRAFT_OUTCOMES, OTHER_NOTICE_KINDS
from .validation import FIELD_LABELS, InvalidRequest, clean_request
from django.utils.translation import gettext as _, gettext_lazy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); content checks happen in ``uploads``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        try:
            return uploads.check_all(files)
        except Exception as exc:  # DomainError → form error
            raise forms.ValidationError(getattr(exc, "message", str(exc))) from None


def _today():
    return timezone.localdate()


TEXTAREA = forms.Textarea(attrs={"rows": 3})


class RequestForm(forms.Form):
    """The applicant and the request (条例第二十九条); checks are ``validation.clean_request``."""

    applicant_type = forms.ChoiceField(label=FIELD_LABELS["applicant_type"], choices=ApplicantType.choices,
                                       initial=ApplicantType.NATURAL_PERSON,
                                       help_text=gettext_lazy("法人或其他组织按年度报告表三的分类选择。"))
    applicant_name = forms.CharField(label=FIELD_LABELS["applicant_name"], max_length=200)
    id_type = forms.ChoiceField(label=FIELD_LABELS["id_type"], choices=IdType.choices, initial=IdType.RESIDENT_ID,
                                help_text=gettext_lazy("法人或其他组织填写统一社会信用代码。"))
    id_number = forms.CharField(label=FIELD_LABELS["id_number"], max_length=40)
    contact_person = forms.CharField(label=FIELD_LABELS["contact_person"], max_length=100, required=False,
                                     help_text=gettext_lazy("法人或其他组织必填。"))
    phone = forms.CharField(label=FIELD_LABELS["phone"], max_length=40, required=False)
    email = forms.CharField(label=FIELD_LABELS["email"], max_length=254, required=False,
                            widget=forms.EmailInput())
    address = forms.CharField(label=FIELD_LABELS["address"], max_length=300, required=False)
    postcode = forms.CharField(label=FIELD_LABELS["postcode"], max_length=6, required=False)
    description = forms.CharField(label=FIELD_LABELS["description"], max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=gettext_lazy("所需政府信息的名称、文号或者便于查询的其他特征性描述。"))
    document_number = forms.CharField(label=FIELD_LABELS["document_number"], max_length=100, required=False)
    document_title = forms.CharField(label=FIELD_LABELS["document_title"], max_length=300, required=False)
    purpose = forms.CharField(label=FIELD_LABELS["purpose"], max_length=1000, required=False, widget=TEXTAREA,
                              help_text=gettext_lazy("选填。"))
    form = forms.ChoiceField(label=FIELD_LABELS["form"], choices=InfoForm.choices, initial=InfoForm.PAPER)
    delivery = forms.ChoiceField(label=FIELD_LABELS["delivery"], choices=Delivery.choices, initial=Delivery.POST)

    def clean(self):
        data = super().clean()
        try:
            self.cleaned_request = clean_request({name: data.get(name, "") for name in FIELD_LABELS})
        except InvalidRequest as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data


class PaperRequestForm(RequestForm):
    """A request received by letter, in person, fax or e-mail and registered by the clerk."""

    channel = forms.ChoiceField(label=gettext_lazy("申请渠道"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
                                initial=Channel.POST_SIGNED)
    evidence_date = forms.DateField(
        label=gettext_lazy("凭证日期"), widget=DateInput(), initial=_today,
        help_text=gettext_lazy("当面提交、口头提出：提交之日；邮寄需签收：签收之日；平常信函：与申请人确认之日；"
                  "传真、电子邮件：双方确认之日（条例第三十一条）。该日期即收到申请之日。"))
    evidence_note = forms.CharField(label=gettext_lazy("凭证说明"), max_length=200, required=False,
                                    help_text=gettext_lazy("如邮件号、传真号码、电子邮件主题、确认电话记录。"))
    request_letter = MultipleFileField(label=gettext_lazy("申请书扫描件"))
    id_copy = MultipleFileField(label=gettext_lazy("身份证明"))
    authorization = MultipleFileField(label=gettext_lazy("授权委托书"))
    field_order = ["channel", "evidence_date", "evidence_note"]

    def attachments(self):
        out = []
        for kind in ("request_letter", "id_copy", "authorization"):
            out.extend((kind, f) for f in self.cleaned_data.get(kind) or [])
        return out


# -- action forms ------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every step has a legal date and an optional note; subclasses add their own fields."""

    legal_date = forms.DateField(label=gettext_lazy("办理日期"), widget=DateInput(), initial=_today,
                                 help_text=gettext_lazy("该事项实际发生的日期（如文书发出之日、收到之日）；不能晚于今天。"))
    note = forms.CharField(label=gettext_lazy("内部备注"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    files_field: str | None = None
    exclude_params = ("legal_date", "note")

    def __init__(self, *args, case=None, state=None, **kwargs):
        self.case, self.state = case, state
        super().__init__(*args, **kwargs)
        self.order_fields([n for n in self.fields if n not in ("legal_date", "note")] + ["legal_date", "note"])

    def params(self) -> dict:
        out = {k: v for k, v in self.cleaned_data.items() if k not in self.exclude_params and k != self.files_field}
        return out

    def uploaded(self) -> list:
        return self.cleaned_data.get(self.files_field) or [] if self.files_field else []


class RequestCorrectionForm(ActionForm):
    items = forms.CharField(label=gettext_lazy("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=gettext_lazy("每行一项，一次性列明全部需要补正的内容（条例第三十条）。"))
    deadline = forms.DateField(label=gettext_lazy("补正截止日期"), required=False, widget=DateInput(),
                               help_text=gettext_lazy("填写截止日期，或留空并填写工作日数。"))
    working_days = forms.IntegerField(label=gettext_lazy("补正期限（工作日）"), required=False, min_value=1, max_value=60,
                                      help_text=gettext_lazy("留空时按本机关设置（默认15个工作日，自申请人收到告知之日起算）。"))


class RecordCorrectionForm(ActionForm):
    text = forms.CharField(label=gettext_lazy("补正内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=gettext_lazy("补正材料"))
    files_field = "files"


class AssignForm(ActionForm):
    department = forms.CharField(label=gettext_lazy("承办部门"), max_length=100)
    handler_id = forms.TypedChoiceField(label=gettext_lazy("承办人"), required=False, coerce=int, empty_value=None)
    due = forms.DateField(label=gettext_lazy("部门答复期限"), required=False, widget=DateInput(), help_text=gettext_lazy("留空为交办后5个工作日。"))
    instructions = forms.CharField(label=gettext_lazy("交办意见"), required=False, widget=TEXTAREA)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        people = (Membership.objects.filter(organization=case.organization, role__in=[Role.HANDLER, Role.CLERK])
                  .select_related("user").order_by("role", "user__username"))
        seen, choices = set(), [("", _("（不指定）"))]
        for m in people:
            if m.user_id not in seen:
                seen.add(m.user_id)
                choices.append((m.user_id, f"{m.user.get_full_name()}（{m.get_role_display()}）"))
        self.fields["handler_id"].choices = choices


class DepartmentReplyForm(ActionForm):
    assignment_id = forms.TypedChoiceField(label=gettext_lazy("承办部门"), coerce=int)
    answer = forms.CharField(label=gettext_lazy("部门答复意见"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=gettext_lazy("部门提供的材料"))
    files_field = "files"

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["assignment_id"].choices = [
            (a.pk, _("%(department)s（%(assigned)s交办，%(due)s前答复）") % {"department": a.department, "assigned": f"{a.assigned_on:%Y-%m-%d}", "due": f"{a.due:%Y-%m-%d}"})
            for a in case.assignments.filter(answered_on__isnull=True)
        ]


class ConsultForm(ActionForm):
    party = forms.ChoiceField(label=gettext_lazy("征求对象"), choices=[(p.value, gettext_lazy(PARTY_LABELS[p])) for p in Party],
                              help_text=gettext_lazy("第三方、共同制作机关：15个工作日内答复；其他机关（如保密审查）：无法定期限。"))
    addressee = forms.CharField(label=gettext_lazy("被征求意见方"), max_length=200)
    subject = forms.CharField(label=gettext_lazy("涉及的信息"), max_length=500, widget=TEXTAREA)
    notify_applicant = forms.BooleanField(label=gettext_lazy("同时向申请人发出征求意见告知书"), required=False, initial=True)
    text = forms.CharField(label=gettext_lazy("补充说明（写入征求意见书）"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=gettext_lazy("附件"))
    files_field = "files"


class ConsultationAnswerForm(ActionForm):
    ref = forms.ChoiceField(label=gettext_lazy("征求意见"))
    opinion = forms.ChoiceField(label=gettext_lazy("意见"), choices=[("agree", gettext_lazy("同意公开")), ("object", gettext_lazy("不同意公开")),
                                                       ("none", gettext_lazy("未表示意见"))])
    answer = forms.CharField(label=gettext_lazy("答复内容"), required=False, widget=TEXTAREA)
    files = MultipleFileField(label=gettext_lazy("答复函"))
    files_field = "files"

    def __init__(self, *args, case=None, state=None, **kwargs):
        super().__init__(*args, case=case, state=state, **kwargs)
        sent = {e.data.get("ref"): e for e in state.events if e.kind == "consult"}
        self.fields["ref"].choices = [
            (ref, _("%(addressee)s（%(sent)s发出）") % {"addressee": sent[ref].data.get("addressee"), "sent": f"{sent[ref].legal_date:%Y-%m-%d}"})
            for ref in state.facts.open_consultations if ref in sent
        ]


class RequestExtensionForm(ActionForm):
    days = forms.IntegerField(label=gettext_lazy("延长的工作日数"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=gettext_lazy("延期理由"), max_length=500, widget=TEXTAREA,
                             help_text=gettext_lazy("写入延期答复告知书，如“所需信息涉及多个部门，需要协调”。"))


class ApproveExtensionForm(ActionForm):
    days = forms.IntegerField(label=gettext_lazy("批准延长的工作日数"), min_value=1, max_value=20, required=False,
                              help_text=gettext_lazy("留空即按申请的天数批准。"))


class ReasonForm(ActionForm):
    reason = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=500, widget=TEXTAREA)


class FeeNoticeForm(ActionForm):
    method = forms.ChoiceField(label=gettext_lazy("计收方式"), choices=[c for c in FeeMethod.choices if c[0] != FeeMethod.IMPORTED])
    pages = forms.IntegerField(label=gettext_lazy("页数（按量）"), required=False, min_value=0)
    parts = forms.IntegerField(label=gettext_lazy("拆分后的件数（按件，一事一申请）"), required=False, min_value=1, max_value=100,
                               initial=1)
    amount = forms.IntegerField(label=gettext_lazy("收费金额（元）"), required=False, min_value=1,
                                help_text=gettext_lazy("留空即按系统计算的金额；可以低于、不能高于计算金额。"))
    payment_method = forms.CharField(label=gettext_lazy("缴纳方式"), max_length=300, required=False,
                                     help_text=gettext_lazy("如：通过广西非税收入电子缴款平台缴纳，缴款码见附件。"))


class FeePaidForm(ActionForm):
    receipt_number = forms.CharField(label=gettext_lazy("财政票据号码"), max_length=60, required=False)


def _outcome_choices():
    groups: dict[str, list] = {}
    for o in DRAFT_OUTCOMES:
        groups.setdefault(_(o.group), []).append(
            (o.key, _("%(label)s（%(notice)s %(title)s）") % {"label": _(o.label), "notice": o.notice, "title": o.notice_title}))
    return [("", _("（请选择）")), *groups.items()]


class DraftReplyForm(ActionForm):
    outcome = forms.ChoiceField(label=gettext_lazy("办理结果"), choices=_outcome_choices)
    reasons = forms.CharField(label=gettext_lazy("理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=gettext_lazy("不予公开、部分公开、非本机关负责公开等必须写明理由；信息不存在的写明检索范围和方式。"))
    how = forms.CharField(label=gettext_lazy("获取方式"), required=False, widget=TEXTAREA,
                          help_text=gettext_lazy("予以公开、部分公开：提供的形式、地点和时间，如“以电子邮件发送，见附件”。"))
    responsible_agency = forms.CharField(label=gettext_lazy("负责公开的机关及联系方式"), required=False, max_length=500,
                                         help_text=gettext_lazy("仅“非本机关负责公开”填写。"))
    basis = forms.CharField(label=gettext_lazy("法律依据"), required=False, max_length=300, help_text=gettext_lazy("仅“其他情形”填写。"))
    files = MultipleFileField(label=gettext_lazy("公开的政府信息（附件）"))
    files_field = "files"


class CommentForm(ActionForm):
    comment = forms.CharField(label=gettext_lazy("意见"), required=False, max_length=2000, widget=TEXTAREA)


class DeliverForm(ActionForm):
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=DeliveryMethod.choices)
    proof = forms.CharField(label=gettext_lazy("送达凭证"), max_length=200, required=False,
                            help_text=gettext_lazy("如邮件号、签收人、电子邮件发送记录。送达之日即答复之日。"))
    files = MultipleFileField(label=gettext_lazy("送达回证"))
    files_field = "files"


class EmptyForm(ActionForm):
    pass


class IssueNoticeForm(ActionForm):
    kind = forms.ChoiceField(label=gettext_lazy("文书种类"), choices=list(OTHER_NOTICE_KINDS.items()))
    deadline_text = forms.CharField(label=gettext_lazy("期限（说明理由、延迟答复）"), max_length=100, required=False,
                                    help_text=gettext_lazy("如“2026年4月30日前”。"))
    consultation_reason = forms.CharField(label=gettext_lazy("征求意见的原因（征求意见告知书）"), max_length=200, required=False)
    addressee = forms.CharField(label=gettext_lazy("第三方（依申请公开告知书）"), max_length=200, required=False)
    subject = forms.CharField(label=gettext_lazy("决定公开的内容"), max_length=500, required=False)
    reasons = forms.CharField(label=gettext_lazy("决定公开的理由"), max_length=1000, required=False, widget=TEXTAREA)
    text = forms.CharField(label=gettext_lazy("补充说明"), required=False, widget=TEXTAREA)


class NoticeDeliveredForm(ActionForm):
    notice_id = forms.TypedChoiceField(label=gettext_lazy("文书"), coerce=int)
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=DeliveryMethod.choices)
    files = MultipleFileField(label=gettext_lazy("送达凭证"))
    files_field = "files"

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["notice_id"].choices = [
            (n.pk, f"{n.title} {n.number}（{n.issued_on:%Y-%m-%d}）")
            for n in case.notices.filter(delivered_on__isnull=True).exclude(kind__startswith="D")
        ]


class AttachForm(ActionForm):
    attachment_kind = forms.ChoiceField(label=gettext_lazy("材料类别"), choices=AttachmentKind.choices)
    attachment_description = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)
    files = MultipleFileField(label=gettext_lazy("文件"), required=True)
    files_field = "files"


class NoteForm(ActionForm):
    text = forms.CharField(label=gettext_lazy("备注"), max_length=2000, widget=TEXTAREA)
    exclude_params = ("legal_date",)

    def params(self):
        return {"text": self.cleaned_data["text"]}


class RemedyForm(ActionForm):
    remedy_id = forms.TypedChoiceField(label=gettext_lazy("记录"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=RemedyKind.choices)
    body = forms.CharField(label=gettext_lazy("复议机关或人民法院"), max_length=200, required=False,
                           help_text=gettext_lazy("行政复议留空即为本机关的行政复议机关。"))
    reference = forms.CharField(label=gettext_lazy("案号"), max_length=100, required=False)
    filed_on = forms.DateField(label=gettext_lazy("申请/起诉日期"), widget=DateInput())
    decided_on = forms.DateField(label=gettext_lazy("决定/裁判日期"), required=False, widget=DateInput())
    result = forms.ChoiceField(label=gettext_lazy("结果"), choices=RemedyResult.choices, initial=RemedyResult.PENDING,
                               help_text=gettext_lazy("纠正：撤销、责令重新答复、确认违法等；其他：驳回、撤回、和解、终止等。"))
    remedy_note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=2000, widget=TEXTAREA)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["remedy_id"].choices = [("", _("新登记"))] + [
            (r.pk, _("更新：%(kind)s %(ref)s") % {"kind": r.get_kind_display(), "ref": r.reference or r.filed_on}) for r in case.remedies.all()
        ]

    def params(self):
        p = super().params()
        p["note"] = p.pop("remedy_note", "")
        return p


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "request_correction": RequestCorrectionForm,
    "record_correction": RecordCorrectionForm,
    "assign": AssignForm,
    "department_reply": DepartmentReplyForm,
    "consult": ConsultForm,
    "consultation_answer": ConsultationAnswerForm,
    "request_extension": RequestExtensionForm,
    "approve_extension": ApproveExtensionForm,
    "reject_extension": ReasonForm,
    "fee_notice": FeeNoticeForm,
    "fee_paid": FeePaidForm,
    "draft_reply": DraftReplyForm,
    "review_pass": CommentForm,
    "review_return": CommentForm,
    "approve": CommentForm,
    "approval_return": CommentForm,
    "deliver": DeliverForm,
    "issue_termination": EmptyForm,
    "archive": EmptyForm,
    "withdraw": ReasonForm,
    "issue_notice": IssueNoticeForm,
    "notice_delivered": NoticeDeliveredForm,
    "attach": AttachForm,
    "note": NoteForm,
    "remedy": RemedyForm,
}


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("文书种类"))
    file = forms.FileField(label=gettext_lazy("Word 模板（.docx）"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（CSV 或 .xlsx）"))


def today() -> dt.date:
    return _today()
