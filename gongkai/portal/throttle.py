"""Limiting failed attempts per client (tracking-code guessing), shared by every server process.

Written here rather than taken from django-ratelimit because that library keeps its
counters in the cache, and this platform runs without a shared cache (several gunicorn
workers, each with its own local memory): a per-process counter would multiply the
allowed attempts by the number of workers.  A row per client and fixed window in the
database is shared, survives restarts and needs no extra service.

Fixed windows: a client that fails ``limit`` times within one window of ``window``
seconds is refused until that window ends.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Throttle


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int  # failures allowed per window
    window: int  # seconds


def client_key(request) -> str:
    """A keyed hash of the client address (personal data: never stored in clear).

    ``REMOTE_ADDR`` is used as is; behind a reverse proxy, the proxy must set it
    (e.g. gunicorn's ``--forwarded-allow-ips``), never an unchecked header.
    """
    addr = request.META.get("REMOTE_ADDR") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), f"client:{addr}".encode(), hashlib.sha256).hexdigest()


def _window_start(rule: Rule, now: datetime) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % rule.window, tz=now.tzinfo)


def blocked(rule: Rule, key: str, now: datetime | None = None) -> bool:
    """True if ``key`` used up its failures in the current window."""
    now = now or timezone.now()
    row = Throttle.objects.filter(scope=rule.scope, key=key, window_start=_window_start(rule, now)).first()
    return row is not None and row.count >= rule.limit


def retry_after(rule: Rule, now: datetime | None = None) -> int:
    """Seconds until the current window ends."""
    now = now or timezone.now()
    return max(1, int((_window_start(rule, now) + timedelta(seconds=rule.window) - now).total_seconds()))


def fail(rule: Rule, key: str, now: datetime | None = None) -> int:
    """Count one failure of ``key``; returns the failures in the current window."""
    now = now or timezone.now()
    start = _window_start(rule, now)
    with transaction.atomic():
        updated = Throttle.objects.filter(scope=rule.scope, key=key, window_start=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    Throttle.objects.create(scope=rule.scope, key=key, window_start=start, count=1)
            except IntegrityError:  # another process created it just now
                Throttle.objects.filter(scope=rule.scope, key=key, window_start=start).update(count=F("count") + 1)
            # a new window began: forget windows that ended more than a day ago
            Throttle.objects.filter(window_start__lt=now - timedelta(seconds=rule.window) - timedelta(days=1)).delete()
    return Throttle.objects.get(scope=rule.scope, key=key, window_start=start).count
