"""Benchmarks of the Python binding (`make bench-py`).

Each benchmark first checks that the call it times gives the right answer,
then times it with `timeit`: `--repeat` runs of a fixed number of calls, and
reports the median run (and the fastest) per call or per item. The bars of
the issue are printed next to the figures; the figures go to sla-py/README.md.

    python sla-py/bench/bench.py [--repeat 15] [--items 100000] [--tickets 10000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import timeit
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

import numpy as np

import sla

REPO = Path(__file__).resolve().parents[2]
CALENDAR = "Mon-Fri 09:00-18:00 Europe/Moscow +ru"
MSK = ZoneInfo("Europe/Moscow")
PLUS3 = timezone(timedelta(hours=3))
UTC = timezone.utc


class Result:
    def __init__(self, name: str, runs: list[float], per: int, unit: str, bar_ns: float | None):
        self.name, self.per, self.unit, self.bar_ns = name, per, unit, bar_ns
        self.median_ns = statistics.median(runs) / per * 1e9
        self.best_ns = min(runs) / per * 1e9

    def row(self) -> str:
        bar = ""
        if self.bar_ns is not None:
            verdict = "met" if self.median_ns <= self.bar_ns else "MISSED"
            bar = f"bar <= {fmt(self.bar_ns)}: {verdict}"
        return f"| {self.name} | {fmt(self.median_ns)} | {fmt(self.best_ns)} | per {self.unit} | {bar} |"


def fmt(ns: float) -> str:
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def measure(
    name: str,
    call: Callable[[], Any],
    *,
    per: int = 1,
    unit: str = "call",
    bar_ns: float | None = None,
    repeat: int,
    target_s: float = 0.2,
) -> Result:
    """Times `call`; each of `repeat` runs lasts about `target_s` seconds."""
    once = timeit.timeit(call, number=1)
    number = max(1, int(target_s / max(once, 1e-9)))
    runs = timeit.repeat(call, number=number, repeat=repeat)
    return Result(name, [r / number for r in runs], per, unit, bar_ns)


def random_instants(rng: random.Random, n: int) -> list[int]:
    """UTC seconds spread over 2026 (inside the RU production calendar)."""
    start = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(2026, 12, 31, tzinfo=UTC).timestamp())
    return [rng.randrange(start, end) for _ in range(n)]


def tickets(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """Incidents of every allowed priority; a third resolved, some paused."""
    out = []
    for i, t in enumerate(random_instants(rng, n)):
        created = datetime.fromtimestamp(t, MSK)
        events: list[dict[str, Any]] = [
            {"at": created, "type": "created", "priority": rng.choice(PRIORITIES), "category": "incident"}
        ]
        if i % 3 == 1:
            pause = created + timedelta(hours=rng.randrange(1, 30))
            events.append({"at": pause, "type": "paused", "reason": "waiting_for_info"})
            events.append({"at": pause + timedelta(hours=rng.randrange(1, 20)), "type": "resumed"})
        if i % 3 == 2:
            events.append({"at": created + timedelta(hours=rng.randrange(1, 200)), "type": "resolved"})
        out.append({"id": f"T-{i}", "events": events})
    return out


PRIORITIES = ["highest", "high", "medium", "low"]
TARGET_DAYS = {"highest": 1, "high": 3, "medium": 8, "low": 10}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--tickets", type=int, default=10_000)
    args = ap.parse_args()
    rng = random.Random(20261122)
    cal = sla.Calendar(CALENDAR)
    results: list[Result] = []
    rep = args.repeat

    # ----- one call ----------------------------------------------------------
    t_zone = datetime(2026, 5, 8, 16, 30, tzinfo=MSK)  # shortened day, then May 9-11 off
    t_fixed = datetime(2026, 5, 8, 16, 30, tzinfo=PLUS3)
    four = timedelta(hours=4)
    expected = datetime(2026, 5, 12, 12, 30, tzinfo=MSK)
    for t in (t_zone, t_fixed):
        got = cal.add(t, four)
        assert got == expected and got.tzinfo is MSK, got
    assert cal.between(t_zone, expected) == four
    assert cal.add_working_days(t_zone, 1, "end_of_day") == datetime(2026, 5, 12, 18, tzinfo=MSK)
    add = cal.add
    results.append(measure("`Calendar.add`, ZoneInfo datetime + timedelta", lambda: add(t_zone, four), bar_ns=1000, repeat=rep))
    results.append(measure("`Calendar.add`, fixed-offset datetime + timedelta", lambda: add(t_fixed, four), repeat=rep))
    results.append(measure("`Calendar.between`, two ZoneInfo datetimes", lambda: cal.between(t_zone, expected), repeat=rep))
    results.append(measure(
        "`Calendar.add_working_days`, `end_of_day`",
        lambda: cal.add_working_days(t_zone, 1, "end_of_day"),
        repeat=rep,
    ))

    # ----- bulk --------------------------------------------------------------
    n = args.items
    secs = random_instants(rng, n)
    spans = [rng.randrange(0, 40 * 3600) for _ in range(n)]
    times = np.array(secs, dtype="datetime64[s]")
    durations = np.array(spans, dtype="timedelta64[s]")
    times_list = [datetime.fromtimestamp(s, MSK) for s in secs]
    durations_list = [timedelta(seconds=d) for d in spans]
    ends = times + durations * 3

    # The bulk result is every single call's result.
    expected_add = [int(cal.add(t, d).timestamp()) for t, d in zip(times_list, durations_list)]
    got = cal.add_many(times, durations)
    assert got.dtype == np.dtype("datetime64[s]")
    assert got.astype(np.int64).tolist() == expected_add
    got_list = cal.add_many(times_list, durations_list)
    assert [int(t.timestamp()) for t in got_list] == expected_add
    ends_list = [datetime.fromtimestamp(int(e), UTC) for e in ends.astype(np.int64)]
    expected_between = [int(cal.between(a, b).total_seconds()) for a, b in zip(times_list, ends_list)]
    assert cal.between_many(times, ends).astype(np.int64).tolist() == expected_between
    assert [int(d.total_seconds()) for d in cal.between_many(times_list, ends_list)] == expected_between

    results.append(measure(
        f"`Calendar.add_many`, numpy, {n:,} deadlines", lambda: cal.add_many(times, durations),
        per=n, unit="item", bar_ns=100, repeat=rep, target_s=0.05,
    ))
    results.append(measure(
        f"`Calendar.add_many`, numpy, {n:,} deadlines, one timedelta",
        lambda: cal.add_many(times, four), per=n, unit="item", repeat=rep, target_s=0.05,
    ))
    results.append(measure(
        f"`Calendar.add_many`, lists, {n:,} deadlines",
        lambda: cal.add_many(times_list, durations_list), per=n, unit="item", repeat=rep, target_s=0.05,
    ))
    results.append(measure(
        f"`Calendar.between_many`, numpy, {n:,} pairs", lambda: cal.between_many(times, ends),
        per=n, unit="item", repeat=rep, target_s=0.05,
    ))
    results.append(measure(
        f"`Calendar.between_many`, lists, {n:,} pairs",
        lambda: cal.between_many(times_list, ends_list), per=n, unit="item", repeat=rep, target_s=0.05,
    ))

    # ----- the ticket clock over many tickets ---------------------------------
    policy = sla.Policy(REPO / "examples" / "policies" / "r3_budget_system.toml")
    specs = tickets(rng, args.tickets)
    checked = [policy.ticket(s) for s in specs]
    at = datetime(2027, 1, 15, 12, tzinfo=MSK)
    reports = policy.evaluate_many(checked, at)
    assert reports == policy.evaluate_many(specs, at)
    for spec, report in zip(specs[::50], reports[::50]):
        assert report == policy.evaluate(spec, at)
    # An incident without pause or change: the deadline is N × 9 working hours.
    for spec, report in zip(specs[::3], reports[::3]):
        first = spec["events"][0]
        resolution = report.metric("resolution")
        assert resolution is not None and resolution.deadline is not None
        want = cal.add(first["at"], timedelta(hours=9 * TARGET_DAYS[first["priority"]]))
        assert resolution.deadline == want, (spec, resolution)
    k = args.tickets
    results.append(measure(
        f"`Policy.evaluate_many`, {k:,} checked `Ticket`s (R3)",
        lambda: policy.evaluate_many(checked, at), per=k, unit="ticket", repeat=rep, target_s=0.05,
    ))
    results.append(measure(
        f"`Policy.evaluate_many`, {k:,} ticket dicts (R3)",
        lambda: policy.evaluate_many(specs, at), per=k, unit="ticket", repeat=rep, target_s=0.05,
    ))
    one = checked[0]
    results.append(measure("`Policy.evaluate`, one checked `Ticket`", lambda: policy.evaluate(one, at), repeat=rep))

    # ----- report ------------------------------------------------------------
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"sla {sla.__version__}, CPython {platform.python_version()}, numpy {np.__version__}")
    print(f"{date.today()}, {cpu}, {os.cpu_count()} cores, load average {load}")
    print(f"median of {rep} runs (fastest in the third column); every result checked first\n")
    print("| benchmark | median | fastest | unit | bar |")
    print("|---|---|---|---|---|")
    for r in results:
        print(r.row())
    missed = [r.name for r in results if r.bar_ns is not None and r.median_ns > r.bar_ns]
    if missed:
        print(f"\nbars missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
