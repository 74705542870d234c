"""Property tests: the indexed clock against an independent day-by-day reference (calendar.md §2)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.law.calendar import builtin_calendar
from gongkai.law.clock import ClockOptions, Event, EventType as T, Party, compute_clock

# -- the reference, written independently of gongkai.law.calendar -------------------------

# 广西 壮族三月三 as calendar.md §1 states it (2017 joined to 清明 with 4/8 worked; 2023 4/21–23
# including the national make-up Sunday 4/23; 2024 4/11–12).  Other years are not loaded for
# 广西 and count like the national calendar.
GX_REST = {date(2017, 3, 30), date(2017, 3, 31), date(2017, 4, 1), date(2023, 4, 21), date(2023, 4, 22),
           date(2023, 4, 23), date(2024, 4, 11), date(2024, 4, 12)}
GX_WORK = {date(2017, 4, 8)}


def naive_is_workday(d: date, region: str) -> bool:
    if region == "CN-GX":
        if d in GX_REST:
            return False
        if d in GX_WORK:
            return True
    if 2004 <= d.year <= 2026:
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5  # a year not loaded: weekends only


def naive_add_workdays(trigger: date, n: int, excluded, region: str) -> date:
    """calendar.md §2 reference algorithm, verbatim."""
    d = trigger
    k = 0
    while k < n:
        d = d + timedelta(days=1)
        if not naive_is_workday(d, region):
            continue
        if any(start <= d <= end for (start, end) in excluded):
            continue
        k += 1
    return d


# -- generated cases -------------------------------------------------------------------------

regions = st.sampled_from(["CN", "CN-GX"])
receipts = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
offsets = st.integers(min_value=0, max_value=25)


@st.composite
def cases(draw):
    region = draw(regions)
    received = draw(receipts)
    events: list[Event] = []
    day = received
    trigger = received
    if draw(st.booleans()):  # correction
        day += timedelta(days=draw(st.integers(0, 10)))
        events.append(Event(T.CORRECTION_REQUESTED, day))
        day += timedelta(days=draw(st.integers(0, 20)))
        events.append(Event(T.CORRECTION_RECEIVED, day))
        trigger = day
    extension = 0
    if draw(st.booleans()):
        day += timedelta(days=draw(offsets))
        extension = draw(st.integers(1, 20))
        events.append(Event(T.EXTENSION, day, working_days=extension))
    consultation = None
    if draw(st.booleans()):
        day += timedelta(days=draw(offsets))
        party = draw(st.sampled_from([Party.THIRD_PARTY, Party.AGENCY, Party.CO_PRODUCER]))
        events.append(Event(T.CONSULTATION_SENT, day, party=party))
        sent, answered = day, None
        if draw(st.booleans()):
            day += timedelta(days=draw(st.integers(0, 40)))
            events.append(Event(T.CONSULTATION_ANSWERED, day))
            answered = day
        consultation = (sent, answered, party)
    fee = None
    if draw(st.booleans()):
        day += timedelta(days=draw(offsets))
        events.append(Event(T.FEE_NOTICE, day))
        notice, paid = day, None
        if draw(st.booleans()):
            day += timedelta(days=draw(st.integers(0, 27)))
            events.append(Event(T.FEE_PAID, day))
            paid = day
        fee = (notice, paid)
    today = day + timedelta(days=draw(st.integers(0, 60)))
    return region, received, tuple(events), today, trigger, extension, consultation, fee


def reference_due(region, trigger, extension, consultation, fee, today):
    excluded = []
    as_of = today
    if fee is not None and fee[1] is None:
        fee_due = naive_add_workdays(fee[0], 20, [], region)
        as_of = min(today, fee_due)  # unpaid past the deadline: the request ended there
    if consultation is not None:
        sent, answered, party = consultation
        end = answered if answered is not None else as_of
        if party != Party.AGENCY:
            end = min(end, naive_add_workdays(sent, 15, [], region))
        excluded.append((sent, end))
    if fee is not None:
        notice, paid = fee
        excluded.append((notice, paid if paid is not None else as_of))
    return naive_add_workdays(trigger, 20 + extension, excluded, region)


def run(region, received, events, today, **options):
    return compute_clock(received, events, builtin_calendar(region), today, ClockOptions(**options))


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(cases())
def test_clock_agrees_with_the_day_by_day_reference(case):
    region, received, events, today, trigger, extension, consultation, fee = case
    result = run(region, received, events, today)
    assert result.due == reference_due(region, trigger, extension, consultation, fee, today)
    assert result.correction_notice_due == naive_add_workdays(received, 7, [], region)
    if fee is not None:
        assert result.fee_payment_due == naive_add_workdays(fee[0], 20, [], region)


@PROPERTY_SETTINGS
@given(cases())
def test_due_date_is_always_a_working_day(case):
    region, received, events, today, *_ = case
    result = run(region, received, events, today)
    assert naive_is_workday(result.due, region)
    assert builtin_calendar(region).is_workday(result.due)
    assert result.due > result.trigger


@PROPERTY_SETTINGS
@given(regions, receipts, offsets, st.integers(0, 40), st.integers(0, 60), st.sampled_from(list(Party)),
       st.sampled_from(["inclusive", "exclusive"]))
def test_adding_a_pause_never_makes_a_case_due_earlier(region, received, start, length, after, party, reading):
    sent = received + timedelta(days=start)
    answered = sent + timedelta(days=length)
    today = answered + timedelta(days=after)
    plain = run(region, received, (), today, pause_reading=reading)
    paused = run(region, received, (Event(T.CONSULTATION_SENT, sent, party=party),
                                    Event(T.CONSULTATION_ANSWERED, answered)), today, pause_reading=reading)
    assert paused.due >= plain.due
    fee = run(region, received, (Event(T.FEE_NOTICE, sent), Event(T.FEE_PAID, sent + timedelta(days=min(length, 27)))),
              today, pause_reading=reading)
    assert fee.due >= plain.due
    # The exclusive reading never gives a later date than the inclusive one.
    inclusive = run(region, received, (Event(T.CONSULTATION_SENT, sent, party=party),
                                       Event(T.CONSULTATION_ANSWERED, answered)), today)
    assert paused.due <= inclusive.due


@PROPERTY_SETTINGS
@given(regions, receipts, st.integers(0, 10), st.integers(0, 30), st.integers(0, 30))
def test_a_later_correction_never_makes_it_due_earlier(region, received, asked, first, delay):
    requested = received + timedelta(days=asked)
    early = requested + timedelta(days=first)
    late = early + timedelta(days=delay)
    a = run(region, received, (Event(T.CORRECTION_REQUESTED, requested), Event(T.CORRECTION_RECEIVED, early)), late)
    b = run(region, received, (Event(T.CORRECTION_REQUESTED, requested), Event(T.CORRECTION_RECEIVED, late)), late)
    assert b.due >= a.due
    assert a.due >= run(region, received, (), late).due  # a correction restarts the period, never shortens it


@PROPERTY_SETTINGS
@given(cases())
def test_working_days_used_and_left_add_up(case):
    region, received, events, today, *_ = case
    r = run(region, received, events, today)
    assert r.working_days_used + r.working_days_left == r.period_days
    if r.state.value in ("open", "paused"):
        assert r.working_days_left >= 0
