"""Errors a user can fix: they carry a Chinese message and what they concern.

Everything else that goes wrong is a bug and must show up in tests.
"""

from __future__ import annotations


class DomainError(Exception):
    """A problem with the input that the user can correct.

    ``field`` names the form field, column or table cell the message is about
    (``None`` when it concerns the whole input).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
