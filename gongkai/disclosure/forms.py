"""Forms of the 主动公开 console pages: input parsing only; the rules live in ``services``."""

from __future__ import annotations

import datetime as dt
import os

from django import forms
from django.conf import settings

from .models import ENDED_STATUSES, DocumentKind, DocumentStatus, EnforcementKind
from django.utils.translation import gettext as _, gettext_lazy

ATTACHMENT_EXTENSIONS = {".pdf", ".ofd", ".doc", ".docx", ".wps"}
TABLE_EXTENSIONS = {".csv", ".xlsx"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def check_upload(upload, extensions: set[str], what: str):
    """Size and type checks every upload gets before its content is read."""
    if upload is None:
        return upload
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("文件过大（%(size)s MB），网页上传最大 %(limit)s MB；更大的文件请由管理员用命令行导入。")
            % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    ext = os.path.splitext(upload.name.lower())[1]
    if ext not in extensions:
        raise forms.ValidationError(_("不支持的%(what)s类型“%(ext)s”，可上传：%(allowed)s。") % {
            "what": what, "ext": ext or _("无扩展名"), "allowed": "、".join(sorted(extensions))})
    return upload


class DocumentForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("文号"), max_length=100, help_text=gettext_lazy("例如 柳公规〔2023〕1号；规章填写政府令号。"))
    title = forms.CharField(label=gettext_lazy("标题"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=DocumentKind.choices, initial=DocumentKind.NORMATIVE)
    issuer = forms.CharField(label=gettext_lazy("制发机关"), max_length=200, required=False, help_text=gettext_lazy("留空即为本机构；联合发文写全部机关。"))
    issued_on = forms.DateField(label=gettext_lazy("印发日期"), widget=DateInput())
    effective_on = forms.DateField(label=gettext_lazy("施行日期"), required=False, widget=DateInput(), help_text=gettext_lazy("留空即与印发日期相同。"))
    status = forms.ChoiceField(label=gettext_lazy("状态"), choices=DocumentStatus.choices, initial=DocumentStatus.IN_FORCE)
    ended_on = forms.DateField(label=gettext_lazy("废止/失效日期"), required=False, widget=DateInput(), help_text=gettext_lazy("仅已废止、已失效的文件填写。"))
    status_note = forms.CharField(label=gettext_lazy("状态说明"), max_length=300, required=False)
    url = forms.URLField(label=gettext_lazy("公开网址"), max_length=500, required=False, assume_scheme="https")
    attachment = forms.FileField(label=gettext_lazy("附件（PDF、OFD 或 Word）"), required=False)

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"), ATTACHMENT_EXTENSIONS, _("附件"))


class EndDocumentForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("结果"), choices=[(s.value, s.label) for s in DocumentStatus if s in ENDED_STATUSES],
        initial=DocumentStatus.REPEALED,
    )
    ended_on = forms.DateField(label=gettext_lazy("废止/失效日期"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False, help_text=gettext_lazy("例如：被柳公规〔2024〕2号废止。"))


class TableUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（CSV 或 .xlsx）"))

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), TABLE_EXTENSIONS, _("文件"))


class EnforcementUploadForm(TableUploadForm):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100, help_text=gettext_lazy("文件中每条记录的决定日期都须在该年度内。"))
    replace = forms.BooleanField(label=gettext_lazy("替换该年度已导入的全部记录"), required=False)


class FigureForm(forms.Form):
    value = forms.DecimalField(label=gettext_lazy("数字"), min_value=0, max_digits=18, decimal_places=2)
    source_person = forms.CharField(label=gettext_lazy("数据提供人"), max_length=100, help_text=gettext_lazy("部门和姓名，例如：法制支队 王某某"))
    source_date = forms.DateField(label=gettext_lazy("提供日期"), widget=DateInput(), initial=dt.date.today)
    source_document = forms.CharField(label=gettext_lazy("来源文件"), max_length=300, help_text=gettext_lazy("例如：2023年度行政执法统计年报"))
    overrides_computed = forms.BooleanField(label=gettext_lazy("替代导入记录的统计结果"), required=False)
    override_reason = forms.CharField(label=gettext_lazy("替代理由"), max_length=300, required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == EnforcementKind.FEE:
            self.fields["value"].label = _("本年收费金额（元）")
            self.fields["value"].help_text = _("以元为单位，精确到分；年报中折算为万元，保留四位小数。")
        else:
            self.fields["value"].label = _("%(kind)s本年处理决定数量（件）") % {"kind": EnforcementKind(kind).label}
            self.fields["value"].decimal_places = 0
