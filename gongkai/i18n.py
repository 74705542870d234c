"""Helpers for the two languages of the platform.

The message ids are the Chinese texts (docs/decisions.md), so the source language is also the
language of record: notices, dossiers, exports, audit summaries and import vocabularies use it
whatever language the person's screen is in.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation


def zh(text) -> str:
    """``text`` (a lazy label or a plain string) in the language of record."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def in_language_of_record(func):
    """Run ``func`` with the language of record active (documents and data files)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
