from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.law.errors import DomainError
from gongkai.requests.forms import MultipleFileInput

from . import checking


class ReportFilesField(forms.FileField):
    """Several report files in one input; every check (type, size, content) is ``checking.read_uploads``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(checking.EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [d for d in (data if isinstance(data, (list, tuple)) else [data]) if d]
        try:
            return checking.read_uploads(files)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class UploadForm(forms.Form):
    files = ReportFilesField(
        label=_("年度报告文件"),
        help_text=_("可一次选择多个文件（最多10个）：.txt、.html、.docx 或文字版 .pdf，每个不超过10 MB。"
                    "同一机关相邻年度的报告一起上传时，还会核对上年结转是否衔接。"),
    )
