"""The one place that numbers requests and notices.

Request numbers look like 柳公信〔2024〕0007号: the agency's prefix, the year of receipt
in 六角括号 (GB/T 9704—2012) and a four-digit sequence per agency and year.  The
sequence comes from a ``Counter`` row that is locked inside the caller's transaction:

- PostgreSQL: ``SELECT … FOR UPDATE`` on the row (created first with
  ``INSERT … ON CONFLICT DO NOTHING`` so two first registrations of a year cannot both
  create it);
- SQLite: the transaction is ``BEGIN IMMEDIATE`` (settings), so the whole registration
  holds the database's write lock from its first statement.

If the registration fails later in the transaction the increment rolls back with it, so
there are no gaps.
"""

from __future__ import annotations

import re

from django.db import transaction

from .models import Counter

REQUEST = "request"
NOTICE = "notice"


def format_request_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}〔{year}〕{sequence:04d}号"


def format_notice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}告〔{year}〕{sequence}号"


def request_number_re(prefix: str) -> re.Pattern:
    """Recognises this agency's request numbers (to keep the counter ahead of imported ones)."""
    return re.compile(rf"^{re.escape(prefix)}〔(\d{{4}})〕(\d+)号$")


def next_sequence(org, year: int, series: str = REQUEST) -> int:
    """The next number of ``series`` for ``org`` and ``year``; must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence() must run inside transaction.atomic()")
    Counter.objects.bulk_create([Counter(organization=org, series=series, year=year)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(organization=org, series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def bump_to(org, year: int, at_least: int, series: str = REQUEST) -> None:
    """Make sure the next number of ``year`` is above ``at_least`` (after importing history)."""
    Counter.objects.bulk_create([Counter(organization=org, series=series, year=year)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(organization=org, series=series, year=year)
    if counter.last < at_least:
        counter.last = at_least
        counter.save(update_fields=["last"])
