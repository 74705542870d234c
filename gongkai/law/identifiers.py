"""Identity numbers the platform checks: 居民身份证号码 and 统一社会信用代码.

Thin wrappers over python-stdnum that turn its exceptions into one Chinese
message a clerk or applicant can act on.
"""

from __future__ import annotations

from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc


class InvalidIdentifier(ValueError):
    """An identity number that fails its format or check-digit rule."""


def clean_uscc(value: str) -> str:
    """Return the canonical 18-character 统一社会信用代码 (GB 32100-2015) or raise."""
    try:
        return uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidIdentifier("统一社会信用代码校验位不正确，请核对后重新输入。") from None
    except stdnum_exceptions.ValidationError:
        raise InvalidIdentifier("统一社会信用代码格式不正确：应为18位数字或大写字母。") from None


def clean_resident_id(value: str) -> str:
    """Return the canonical 18-character 居民身份证号码 (GB 11643-1999) or raise."""
    try:
        return ric.validate(value.strip().upper())
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidIdentifier("身份证号码校验位不正确，请核对后重新输入。") from None
    except stdnum_exceptions.InvalidComponent:
        raise InvalidIdentifier("身份证号码中的出生日期或地区码无效，请核对。") from None
    except stdnum_exceptions.ValidationError:
        raise InvalidIdentifier("身份证号码格式不正确：应为18位，最后一位可为X。") from None
