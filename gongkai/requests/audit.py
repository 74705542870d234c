"""The audit trail: who changed what, when, with the values before and after.

Every service that changes a case, a notice, a fee, a remedy, an attachment or a
template writes an ``AuditEntry`` in the same transaction.  ``AuditEntry`` rows can
only be inserted (``models.AppendOnly``); the admin shows them read-only and no view or
service updates or deletes them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable

from django.db import models

from .models import AuditEntry


def _json(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of ``instance`` as JSON-safe data (foreign keys as ids)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _json(getattr(instance, name)) for name in names}


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the keys whose values differ (both sides)."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)] + [k for k in before if k not in after]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def record(actor, action: str, *, organization=None, case=None, obj: models.Model | None = None,
           before: dict | None = None, after: dict | None = None, summary: str = "") -> AuditEntry:
    before, after = diff(before, after)
    user = getattr(actor, "user", actor)
    name = getattr(actor, "name", None) or (user.get_full_name() if user is not None else "系统")
    return AuditEntry.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=name[:100],
        organization=organization or (case.organization if case is not None else None),
        case=case,
        action=action,
        object_type=obj._meta.model_name if obj is not None else (case._meta.model_name if case is not None else ""),
        object_id=str(obj.pk if obj is not None else (case.pk if case is not None else ""))[:40],
        before=before,
        after=after,
        summary=summary[:300],
    )
