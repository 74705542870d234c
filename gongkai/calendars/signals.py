"""Signals of the calendars app.

``calendar_changed`` — sent whenever working-day data change: days imported, edited or
deleted, a year marked (or unmarked) loaded, built-in data seeded.  Keyword arguments:

- ``region``: the region code whose data changed (``"CN"`` = the national arrangement);
- ``regions``: frozenset of every region whose calendar is affected (all regions for ``"CN"``);
- ``years``: frozenset of the years whose data changed.

It is sent **inside the transaction** that changed the data, after the change is
written, so a receiver that recomputes case projections with
``gongkai.calendars.services.calendar_for()`` sees the new calendar and its work
commits (or rolls back) together with the calendar change.  The request workflow
connects a receiver that recomputes the clock of every open case of the
organisations in ``regions`` (loading 2027 turns their provisional dates final)::

    from gongkai.calendars.signals import calendar_changed

    @receiver(calendar_changed)
    def recompute_open_cases(sender, region, regions, years, **kwargs):
        for case in Case.objects.open().filter(organization__region__in=regions):
            case.refresh_clock()
"""

from django.dispatch import Signal

calendar_changed = Signal()
