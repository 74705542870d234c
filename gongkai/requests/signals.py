"""Keeping projections right when the working-day calendar changes.

``calendar_changed`` is sent inside the transaction that changed calendar data; this
receiver recomputes the clock projection of every open case of the organisations in the
affected regions in that same transaction (loading 2027 turns provisional due dates
final; a new regional holiday moves them), so the queue never shows a stale date.
"""

from django.dispatch import receiver

from gongkai.calendars.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="requests.recompute_open_cases")
def recompute_open_cases(sender, region, regions, years, **kwargs):
    from .models import Case
    from .services import refresh_open

    refresh_open(Case.objects.filter(organization__region__in=regions))
