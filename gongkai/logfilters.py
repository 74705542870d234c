"""Logging that never carries personal data.

Personal data (names, ID numbers, phone numbers, addresses) must never reach a
log file (条例 and 个人信息保护法 duties of the agency).  Code logs case numbers
and ids, never applicant fields; this filter is the safety net that masks ID
numbers, unified social credit codes, phone numbers and e-mail addresses that
slip through anyway.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # 18-character resident ID numbers and 统一社会信用代码
    (re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"), "[代码已隐藏]"),
    (re.compile(r"(?<!\d)\d{17}[\dXx](?![0-9A-Za-z])"), "[身份证号已隐藏]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[手机号已隐藏]"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[邮箱已隐藏]"),
]


def mask_personal_data(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class NoPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not our business here
            return True
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
