"""Bulk calls, list and numpy forms, one build against another.

Times `Calendar.add_many` / `between_many` over 100,000 random instants
(2025-2027) and durations (0-40 h) on 9x5 Moscow, as lists and as numpy
arrays: the median and best of REP runs, in ns per item. Run it once per
build, alternating, e.g. against another commit's wheel unpacked into a
directory on PYTHONPATH:

    PYTHONPATH=/tmp/base-wheel python sla-py/bench/bench_bulk_ab.py
    python sla-py/bench/bench_bulk_ab.py
    python sla-py/bench/bench_bulk_ab.py "add_many lists"     # one case

Settings: N (items, default 100000), REP (runs, default 9).
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

import numpy as np

import sla

MSK = ZoneInfo("Europe/Moscow")


def main() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
    rng = random.Random(20261122)
    n = int(os.environ.get("N", "100000"))
    lo = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp())
    hi = int(datetime(2027, 12, 1, tzinfo=timezone.utc).timestamp())
    secs = [rng.randrange(lo, hi) for _ in range(n)]
    spans = [rng.randrange(0, 40 * 3600) for _ in range(n)]
    times_list = [datetime.fromtimestamp(s, MSK) for s in secs]
    spans_list = [timedelta(seconds=d) for d in spans]
    ends_list = [datetime.fromtimestamp(s + d, timezone.utc) for s, d in zip(secs, spans)]
    times = np.array(secs, dtype="datetime64[s]")
    durations = np.array(spans, dtype="timedelta64[s]")
    ends = np.array([s + d for s, d in zip(secs, spans)], dtype="datetime64[s]")
    cases: dict[str, Callable[[], Any]] = {
        "add_many lists": lambda: cal.add_many(times_list, spans_list),
        "between_many lists": lambda: cal.between_many(times_list, ends_list),
        "add_many np td64": lambda: cal.add_many(times, durations),
        "between_many np": lambda: cal.between_many(times, ends),
    }
    for name in sys.argv[1:] or list(cases):
        runs = []
        for _ in range(int(os.environ.get("REP", "9"))):
            start = time.perf_counter()
            cases[name]()
            runs.append((time.perf_counter() - start) / n * 1e9)
        runs.sort()
        print(f"{name:24s} median {runs[len(runs) // 2]:6.1f} best {runs[0]:6.1f} ns/item")


if __name__ == "__main__":
    main()
