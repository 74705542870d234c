"""A ``today()`` for tests: a date you can move (replaces a service module's ``today``)."""

import datetime as dt


class Clock:
    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day

    def set(self, day) -> dt.date:
        self.day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        return self.day
