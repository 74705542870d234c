"""Due dates per second: the indexed calendar vs the naive day-by-day loop (calendar.md §2).

1 000 000 random cases (receipt 2004–2026, national calendar; 30 % with one paused
period, 20 % extended to 40 working days) are computed with
``WorkCalendar.add_workdays``.  The naive loop runs on a random sample of the same
cases and is extrapolated to 1 000 000 (printed as such), once with our O(1)
``is_workday`` and once with chinese-calendar's ``is_workday``.  The full clock
(``compute_clock``: events → due dates, pauses, state, explanations) is measured on
100 000 cases.  Every sampled naive result is checked against the indexed one.

Run: ``.venv/bin/python bench/clock_bench.py [--cases N] [--sample N]``
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

import chinese_calendar

from gongkai.law.calendar import builtin_calendar
from gongkai.law.clock import ClockOptions, Event, EventType, compute_clock


def make_cases(n: int, seed: int = 20250303):
    rng = random.Random(seed)
    first, span = date(2004, 1, 1).toordinal(), date(2026, 10, 31).toordinal() - date(2004, 1, 1).toordinal()
    cases = []
    for _ in range(n):
        received = date.fromordinal(first + rng.randrange(span))
        days = 40 if rng.random() < 0.2 else 20
        pauses = ()
        if rng.random() < 0.3:
            start = received + timedelta(days=rng.randrange(1, 25))
            pauses = ((start, start + timedelta(days=rng.randrange(0, 25))),)
        cases.append((received, days, pauses))
    return cases


def naive(trigger, n, excluded, is_workday):
    d, k = trigger, 0
    while k < n:
        d = d + timedelta(days=1)
        if not is_workday(d):
            continue
        if any(start <= d <= end for (start, end) in excluded):
            continue
        k += 1
    return d


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000, help="cases for the naive loop (extrapolated)")
    parser.add_argument("--clock-cases", type=int, default=100_000)
    args = parser.parse_args()

    cal, build = timed(lambda: builtin_calendar.__wrapped__("CN"))
    cases = make_cases(args.cases)
    add = cal.add_workdays

    dues, indexed = timed(lambda: [add(r, n, p) for r, n, p in cases])
    plain = [r for r, n, p in cases if n == 20 and not p]
    _, bulk = timed(lambda: cal.due_dates(plain, 20))

    rng = random.Random(1)
    sample_idx = rng.sample(range(len(cases)), min(args.sample, len(cases)))
    sample = [cases[i] for i in sample_idx]
    ours, naive_ours = timed(lambda: [naive(r, n, p, cal.is_workday) for r, n, p in sample])
    pkg_sample = sample[: max(1, len(sample) // 5)]
    pkg, naive_pkg = timed(lambda: [naive(r, n, p, chinese_calendar.is_workday) for r, n, p in pkg_sample])
    assert ours == [dues[i] for i in sample_idx], "naive loop and index disagree"
    assert pkg == [dues[i] for i in sample_idx[: len(pkg_sample)]], "chinese-calendar loop and index disagree"

    clock_cases = cases[: args.clock_cases]
    events = []
    for r, n, p in clock_cases:
        evs = []
        if p:
            evs += [Event(EventType.CONSULTATION_SENT, p[0][0]), Event(EventType.CONSULTATION_ANSWERED, p[0][1])]
        if n == 40:
            evs.append(Event(EventType.EXTENSION, (p[0][1] if p else r) + timedelta(days=1), working_days=20))
        events.append((r, evs))
    options = ClockOptions()
    _, full = timed(lambda: [compute_clock(r, e, cal, r + timedelta(days=90), options) for r, e in events])

    per_s = lambda count, seconds: f"{count / seconds:>12,.0f}"  # noqa: E731
    n = len(cases)
    print(f"calendar index build (1990–2100, national): {build * 1000:.1f} ms")
    print(f"{'method':58} {'cases':>10} {'seconds':>9} {'due dates/s':>12}")
    print(f"{'indexed add_workdays (mixed: pauses, extensions)':58} {n:>10,} {indexed:>9.3f} {per_s(n, indexed)}")
    print(f"{'indexed due_dates() bulk, plain 20 WD cases only':58} {len(plain):>10,} {bulk:>9.3f} {per_s(len(plain), bulk)}")
    est = naive_ours / len(sample) * n
    print(f"{'naive day-by-day loop, O(1) is_workday (sample)':58} {len(sample):>10,} {naive_ours:>9.3f} {per_s(len(sample), naive_ours)}")
    print(f"{'  → extrapolated to all cases':58} {n:>10,} {est:>9.1f}")
    est_pkg = naive_pkg / len(pkg_sample) * n
    print(f"{'naive loop, chinese_calendar.is_workday (sample)':58} {len(pkg_sample):>10,} {naive_pkg:>9.3f} {per_s(len(pkg_sample), naive_pkg)}")
    print(f"{'  → extrapolated to all cases':58} {n:>10,} {est_pkg:>9.1f}")
    print(f"{'full compute_clock (events → dates, state, explanations)':58} {len(events):>10,} {full:>9.3f} {per_s(len(events), full)}")
    print(f"speed-up of the index over the naive loop: {est / indexed:,.0f}× (O(1) is_workday), "
          f"{est_pkg / indexed:,.0f}× (chinese-calendar); sampled results identical")
    print("PASS: 1 000 000 due dates in under 2 s" if n >= 1_000_000 and indexed < 2 else
          f"{'FAIL' if n >= 1_000_000 else 'note'}: indexed run took {indexed:.2f} s for {n:,} cases")


if __name__ == "__main__":
    main()
