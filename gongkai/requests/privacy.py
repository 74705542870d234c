"""What a supervisor (政务公开办) may see of an applicant: no personal data (docs/decisions.md 依申请公开).

One helper for every page that shows cases to supervisors (the queue, the case page, the
supervision office's overdue list), so that the masking rule lives in one place.
"""

from __future__ import annotations

from .models import ApplicantType


def masked_name(case) -> str:
    """A natural person's name reduced to its first character (张**); an organisation's name is not personal data."""
    if case.applicant_type != ApplicantType.NATURAL_PERSON:
        return case.applicant_name
    name = case.applicant_name
    return (name[0] + "*" * max(1, len(name) - 1)) if name else ""
