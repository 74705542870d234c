"""Forms of the public portal: input parsing and accessible rendering only.

The rules are ``validation.clean_request`` (what a request must contain) and ``uploads``
(what a file may be); these forms call them so that every problem appears on the field
it concerns, all at once, before anything is stored.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from gongkai.accounts.models import User

from . import uploads
from .forms import MultipleFileField, MultipleFileInput
from .models import ApplicantType, Delivery, IdType, InfoForm
from .validation import FIELD_LABELS, InvalidRequest, clean_request
from django.utils.translation import gettext as _, gettext_lazy

PERSON, ORGANISATION = "person", "organisation"
APPLICANT_KINDS = [(PERSON, gettext_lazy("自然人")), (ORGANISATION, gettext_lazy("法人或其他组织"))]
#: The sub-types of 法人或其他组织 (the columns of Table 3); “其他组织” reads “其他” here, as on the report.
ORGANISATION_TYPES = [(t.value, gettext_lazy("其他") if t == ApplicantType.OTHER_ORG else t.label)
                      for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]
PERSON_ID_TYPES = [(t.value, t.label) for t in IdType if t != IdType.USCC]
ORGANISATION_ID_TYPES = [(IdType.USCC.value, IdType.USCC.label), (IdType.OTHER.value, IdType.OTHER.label)]


class AccessibleForm(forms.Form):
    """A form whose errors are also listed in a summary at the top of the page.

    Django 5.2 links text inputs to their help text and error message itself
    (``aria-describedby`` = ``<auto_id>_helptext <auto_id>_error``, the ids that
    ``forms/_field.html`` prints) but not the inputs of a radio group; this form adds
    the same links to each option, so a screen reader announces them on every choice.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_choices()

    def full_clean(self):
        super().full_clean()
        self._describe_choices()

    def _describe_choices(self) -> None:
        for name, field in self.fields.items():
            if not isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if self.is_bound and self._errors is not None and name in self._errors:
                ids.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor id, label, message) for each error, in field order (the summary at the top of the page)."""
        out = [("", "", e) for e in self.non_field_errors()]
        for name in self.fields:
            if name in self.errors:
                bf = self[name]
                # a radio group's <label>s point at each option: link to the first one
                anchor = bf.id_for_label or (f"{bf.auto_id}_0" if bf.widget_type == "radioselect" else bf.auto_id)
                label = self.summary_labels.get(name, str(bf.label))
                out.extend((anchor, label, e) for e in self.errors[name])
        return out

    #: Shorter names for the error summary where the label is a sentence.
    summary_labels: dict[str, str] = {}


class CheckedFilesField(MultipleFileField):
    """Several files, checked by content and size (``uploads``); the file picker offers the accepted types."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}))
        super().__init__(*args, **kwargs)


def _radio(choices, **attrs):
    return forms.RadioSelect(attrs=attrs, choices=choices)


class PortalRequestForm(AccessibleForm):
    """The online request (条例第二十九条): who asks, how to reach them, what they want, in what form."""

    applicant_kind = forms.ChoiceField(label=gettext_lazy("申请人类型"), choices=APPLICANT_KINDS, initial=PERSON, widget=_radio(APPLICANT_KINDS))
    organisation_type = forms.ChoiceField(
        label=gettext_lazy("组织类别"), choices=ORGANISATION_TYPES, required=False, widget=_radio(ORGANISATION_TYPES),
        help_text=gettext_lazy("按组织的性质选择（用于政府信息公开工作年度报告的统计）。"),
    )
    applicant_name = forms.CharField(label=gettext_lazy("姓名"), max_length=200)
    id_type = forms.ChoiceField(label=gettext_lazy("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=40, help_text=gettext_lazy("居民身份证号码或统一社会信用代码会校验是否有效。"))
    contact_person = forms.CharField(label=gettext_lazy("联系人"), max_length=100, required=False, help_text=gettext_lazy("法人或其他组织须填写经办联系人。"))
    phone = forms.CharField(label=FIELD_LABELS["phone"], max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label=FIELD_LABELS["email"], max_length=254, required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=FIELD_LABELS["address"], max_length=300, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
                              help_text=gettext_lazy("选择邮寄的必填。"))
    postcode = forms.CharField(label=FIELD_LABELS["postcode"], max_length=6, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}))
    description = forms.CharField(
        label=FIELD_LABELS["description"], max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("写明所需政府信息的名称、内容、时间范围或者便于查询的其他特征，描述越具体，越能准确、及时地答复。"),
    )
    document_number = forms.CharField(label=gettext_lazy("文件文号（如知道）"), max_length=100, required=False,
                                      help_text=gettext_lazy("例如 柳政发〔2025〕12号。"))
    document_title = forms.CharField(label=gettext_lazy("文件名称（如知道）"), max_length=300, required=False)
    purpose = forms.CharField(label=gettext_lazy("用途（选填）"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=gettext_lazy("法律不要求说明用途；说明后有助于确定所需的信息。"))
    form = forms.ChoiceField(label=gettext_lazy("提供信息的形式"), choices=InfoForm.choices, initial=InfoForm.ELECTRONIC,
                             widget=_radio(InfoForm.choices))
    delivery = forms.ChoiceField(label=gettext_lazy("获取信息的方式"), choices=Delivery.choices, initial=Delivery.EMAIL,
                                 widget=_radio(Delivery.choices))
    id_copy = CheckedFilesField(label=gettext_lazy("身份证明（选填）"),
                                help_text=gettext_lazy("身份证件或营业执照等的照片或扫描件；PDF、JPG、PNG 或 Word（.docx），"
                                                       "每个文件不超过{limit} MB，可选多个。"))
    authorization = CheckedFilesField(label=gettext_lazy("授权委托书（代为申请时上传）"),
                                      help_text=gettext_lazy("委托他人代为申请的，上传授权委托书和受托人身份证明。"))
    consent = forms.BooleanField(label=gettext_lazy("我已阅读上面的个人信息处理说明，同意本机关为办理本申请处理我提供的个人信息。"),
                                 error_messages={"required": gettext_lazy("请阅读个人信息处理说明并勾选同意，否则无法在网上提交申请。")})
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    summary_labels = {"consent": gettext_lazy("个人信息处理说明"), "id_copy": gettext_lazy("身份证明"), "authorization": gettext_lazy("授权委托书")}
    REQUEST_FIELDS = ("applicant_name", "id_type", "id_number", "contact_person", "phone", "email", "address",
                      "postcode", "description", "document_number", "document_title", "purpose", "form", "delivery")
    FILE_FIELDS = ("id_copy", "authorization")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.kind
        if kind == ORGANISATION:
            self.fields["applicant_name"].label = _("组织名称")
        self.fields["applicant_name"].widget.attrs["autocomplete"] = "organization" if kind == ORGANISATION else "name"
        for field in self.fields.values():
            if field.required:
                verb = _("选择") if isinstance(field, forms.ChoiceField) else _("填写")
                field.error_messages["required"] = _("请%(verb)s%(label)s。") % {"verb": verb, "label": field.label}
        self.fields["id_number"].error_messages["required"] = _("请填写证件号码（条例第二十九条：申请应当包括申请人的身份证明）。")
        self.fields["description"].error_messages["required"] = (
            _("请描述所需政府信息的名称、文号或者便于查询的其他特征（条例第二十九条）。"))
        self.fields["consent"].error_messages["required"] = _("请阅读个人信息处理说明并勾选同意，否则无法在网上提交申请。")
        limit = uploads.max_bytes() / 1048576
        self.fields["id_copy"].help_text = self.fields["id_copy"].help_text.replace("{limit}", f"{limit:.0f}")

    @property
    def kind(self) -> str:
        value = self.data.get("applicant_kind") if self.is_bound else self.initial.get("applicant_kind")
        return ORGANISATION if value == ORGANISATION else PERSON

    def id_type_groups(self, limit: bool) -> list[tuple[str, list[tuple[str, str]]]]:
        """The ID types as <optgroup>s; only the chosen kind's when ``limit`` (after the htmx switch)."""
        groups = [(_("自然人"), PERSON_ID_TYPES), (_("法人或其他组织"), ORGANISATION_ID_TYPES)]
        if limit:
            return [groups[1] if self.kind == ORGANISATION else groups[0]]
        return groups

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind not in (PERSON, ORGANISATION):
            return data
        org_type = data.get("organisation_type")
        if kind == ORGANISATION and not org_type:
            self.add_error("organisation_type", _("请选择组织类别：商业企业、科研机构、社会公益组织、法律服务机构或其他。"))
            org_type = ApplicantType.OTHER_ORG  # still check everything else, so that every problem shows at once
        values = {name: data.get(name, "") for name in self.REQUEST_FIELDS}
        values["applicant_type"] = ApplicantType.NATURAL_PERSON if kind == PERSON else org_type
        try:
            self.request_data = clean_request(values)
        except InvalidRequest as exc:
            for name, messages in exc.errors.items():
                target = {"applicant_type": "organisation_type"}.get(name, name)
                for message in messages:
                    if target not in self.fields or target not in self.errors:
                        self.add_error(target if target in self.fields else None, message)
        return data

    def attachments(self) -> list[tuple[str, uploads.CheckedFile]]:
        from .models import AttachmentKind

        kinds = {"id_copy": AttachmentKind.ID_COPY, "authorization": AttachmentKind.AUTHORIZATION}
        return [(kinds[name], f) for name in self.FILE_FIELDS for f in self.cleaned_data.get(name) or []]

    def had_files(self) -> bool:
        """Files were chosen (browsers never keep them when the page comes back with errors)."""
        return any(self.files.getlist(name) for name in self.FILE_FIELDS) if self.files else False


class TrackForm(AccessibleForm):
    number = forms.CharField(label=gettext_lazy("申请编号"), max_length=60, help_text=gettext_lazy("受理回执上的编号，例如 柳公信〔2026〕0007号。"),
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    code = forms.CharField(label=gettext_lazy("查询码"), max_length=30, help_text=gettext_lazy("提交申请时显示的12位查询码，例如 ABCD-EFGH-JKLM（不区分大小写）。"),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                         "autocapitalize": "characters"}))


class CorrectionForm(AccessibleForm):
    text = forms.CharField(label=gettext_lazy("补正内容"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=gettext_lazy("逐项写明补正告知书要求补正的内容。也可以只上传补正材料。"))
    files = CheckedFilesField(label=gettext_lazy("补正材料（选填）"), help_text=gettext_lazy("PDF、JPG、PNG 或 Word（.docx），可选多个。"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files") and "files" not in self.errors:
            self.add_error("text", _("请填写补正内容或上传补正材料。"))
        return data


class WithdrawForm(AccessibleForm):
    summary_labels = {"confirm": gettext_lazy("确认撤回")}

    reason = forms.CharField(label=gettext_lazy("撤回原因（选填）"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=gettext_lazy("我确认撤回这件申请。撤回后本机关将终止办理，不能恢复；如仍需要该信息，须重新提出申请。"),
                                 error_messages={"required": gettext_lazy("请勾选确认撤回。")})


class SignupForm(UserCreationForm):
    """An applicant account: optional; it lists the requests submitted while logged in."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")
        labels = {"username": gettext_lazy("用户名"), "full_name": gettext_lazy("姓名或名称"), "email": gettext_lazy("电子邮箱（选填）")}
        help_texts = {"username": gettext_lazy("登录时使用：字母、数字和 @ . + - _，不超过150个字符。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["password1"].label = _("密码")
        self.fields["password2"].label = _("再次输入密码")
        self.fields["password2"].help_text = ""

    error_summary = AccessibleForm.error_summary
    summary_labels: dict[str, str] = {}
