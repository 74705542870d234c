"""Checking what an applicant (or a clerk on their behalf) states in a request (条例第二十九条).

One function, ``clean_request(data)``, used by the console's registration form, the
portal's submission form and ``services.register`` (which re-checks whatever the form
did): it returns the cleaned values or raises ``InvalidRequest`` with *every* problem,
each a Chinese message under the field it concerns, so a form can show them all at once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.law.errors import DomainError
from gongkai.law.identifiers import InvalidIdentifier, clean_resident_id, clean_uscc

from .models import ORGANISATION_TYPES, ApplicantType, Delivery, IdType, InfoForm
from django.utils.translation import gettext as _, gettext_lazy

PERSON_ID_TYPES = frozenset(IdType.values) - {IdType.USCC}
ORGANISATION_ID_TYPES = frozenset({IdType.USCC, IdType.OTHER})
_PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{5,22}[0-9]$")
_DOC_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{3,38}[A-Z0-9]$")
_POSTCODE_RE = re.compile(r"^\d{6}$")

LIMITS = {
    "applicant_name": 200, "id_number": 40, "contact_person": 100, "phone": 40, "email": 254, "address": 300,
    "postcode": 6, "description": 4000, "document_number": 100, "document_title": 300, "purpose": 1000,
}
FIELD_LABELS = {
    "applicant_type": gettext_lazy("申请人类型"), "applicant_name": gettext_lazy("申请人姓名或名称"), "id_type": gettext_lazy("证件类型"), "id_number": gettext_lazy("证件号码"),
    "contact_person": gettext_lazy("联系人"), "phone": gettext_lazy("联系电话"), "email": gettext_lazy("电子邮箱"), "address": gettext_lazy("通信地址"), "postcode": gettext_lazy("邮政编码"),
    "description": gettext_lazy("所需信息的内容描述"), "document_number": gettext_lazy("文件文号"), "document_title": gettext_lazy("文件名称"), "purpose": gettext_lazy("用途"),
    "form": gettext_lazy("提供形式"), "delivery": gettext_lazy("获取方式"),
}
FIELDS = tuple(FIELD_LABELS)


class InvalidRequest(DomainError):
    """Several problems at once: ``errors`` maps a field to its Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        first_field, messages = next(iter(errors.items()))
        super().__init__(messages[0], field=first_field)

    def __str__(self) -> str:
        return "；".join(f"{FIELD_LABELS.get(f, f)}：{m}" for f, ms in self.errors.items() for m in ms)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def normalize_id(id_type: str, number: str) -> str:
    """The canonical form of an identity number (raises ``InvalidIdentifier``)."""
    number = unicodedata.normalize("NFKC", number).strip().upper().replace(" ", "")
    if id_type == IdType.RESIDENT_ID:
        return clean_resident_id(number)
    if id_type == IdType.USCC:
        return clean_uscc(number)
    if not _DOC_ID_RE.match(number):
        raise InvalidIdentifier(_("证件号码格式不正确：应为5–40位字母、数字或连字符。"))
    return number


def applicant_key(id_type: str, id_number: str) -> str:
    """Who "the same applicant" is, for fee counting and duplicate hints: the ID type and number."""
    return f"{id_type}:{id_number}"


def clean_request(data: Mapping[str, Any]) -> dict[str, str]:
    """Validate and normalise the applicant and request fields; ``InvalidRequest`` lists every problem."""
    errors: dict[str, list[str]] = {}
    out: dict[str, str] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in FIELDS:
        out[name] = _text(data.get(name))
        if len(out[name]) > LIMITS.get(name, 40):
            err(name, _("不能超过%(limit)s个字。") % {"limit": LIMITS.get(name, 40)})

    kind = out["applicant_type"]
    if kind not in ApplicantType.values:
        err("applicant_type", _("请选择申请人类型。"))
    if not out["applicant_name"]:
        err("applicant_name", _("请填写申请人姓名或名称。"))
    organisation = kind in ORGANISATION_TYPES

    id_type = out["id_type"] or (IdType.USCC if organisation else IdType.RESIDENT_ID)
    out["id_type"] = id_type
    if id_type not in IdType.values:
        err("id_type", _("请选择证件类型。"))
    elif kind in ApplicantType.values:
        if organisation and id_type not in ORGANISATION_ID_TYPES:
            err("id_type", _("法人或其他组织请填写统一社会信用代码（没有的，选择“其他证件或登记证书”）。"))
        if not organisation and id_type not in PERSON_ID_TYPES:
            err("id_type", _("自然人请填写身份证件，不能填写统一社会信用代码。"))
    if not out["id_number"]:
        err("id_number", _("请填写证件号码（条例第二十九条：申请应当包括申请人的身份证明）。"))
    elif "id_type" not in errors:
        try:
            out["id_number"] = normalize_id(id_type, out["id_number"])
        except InvalidIdentifier as exc:
            err("id_number", str(exc))

    if organisation and not out["contact_person"]:
        err("contact_person", _("法人或其他组织请填写联系人。"))
    if out["phone"] and not _PHONE_RE.match(unicodedata.normalize("NFKC", out["phone"])):
        err("phone", _("联系电话格式不正确，例如 0772-1234567 或 13800000000。"))
    else:
        out["phone"] = unicodedata.normalize("NFKC", out["phone"])
    if out["email"]:
        try:
            validate_email(out["email"])
        except ValidationError:
            err("email", _("电子邮箱格式不正确。"))
    if out["postcode"] and not _POSTCODE_RE.match(out["postcode"]):
        err("postcode", _("邮政编码应为6位数字。"))
    if not (out["phone"] or out["email"] or out["address"]):
        err("phone", _("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"))

    if len(out["description"]) < 2:  # unclear requests are registered and corrected (条例第三十条), not refused
        err("description", _("请描述所需政府信息的名称、文号或者便于查询的其他特征（条例第二十九条）。"))
    out["form"] = out["form"] or InfoForm.PAPER
    out["delivery"] = out["delivery"] or Delivery.POST
    if out["form"] not in InfoForm.values:
        err("form", _("请选择提供形式。"))
    if out["delivery"] not in Delivery.values:
        err("delivery", _("请选择获取方式。"))
    if out["delivery"] == Delivery.POST and not out["address"]:
        err("address", _("选择邮寄的，请填写通信地址。"))
    if out["delivery"] == Delivery.EMAIL and not out["email"]:
        err("email", _("选择电子邮件获取的，请填写电子邮箱。"))
    if errors:
        raise InvalidRequest(errors)
    return out
