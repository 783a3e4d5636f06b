"""The calendar's column operations, end to end, per row.

Times, over one column of N instants (9x5 Moscow with the RU production
calendar, random whole-second instants over 2026, 1% null), from the column
to the result column of the same kind:
- `Calendar.add_many(column, 4h)` from a Polars Series (Datetime("us")),
  a pyarrow timestamp[us] array and a pyarrow timestamp[s] array (the
  zero-copy read);
- `pl.col("t").sla.add(4h)` in a lazy query, in-memory engine (one batch,
  one thread) and streaming engine (Polars runs the batches on its threads;
  the engine releases the GIL, so the batches overlap on both cores);
- `is_working_many`, `next_opening_many`, `between_many` from Polars.
Each figure is the median (and the best) of --repeat runs, in ns per row,
wall time and CPU time (of all threads of the process).

    python sla-py/bench/bench_columns.py [--rows 10000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

import numpy as np
import polars as pl
import pyarrow as pa

import sla
import sla.polars  # noqa: F401

CALENDAR = "Mon-Fri 09:00-18:00 Europe/Moscow +ru"


def measure(fn: Callable[[], object], rows: int, repeat: int) -> tuple[float, float, float]:
    """Median and best wall time, and median CPU time of the process (all
    its threads), in ns per row. On a loaded machine the CPU time is what
    one core does; wall below CPU means the work ran on several cores."""
    fn()  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    per = 1e9 / rows
    return statistics.median(times) * per, min(times) * per, statistics.median(cpu) * per


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    n, rep = args.rows, args.repeat
    cal = sla.Calendar(CALENDAR)
    four = timedelta(hours=4)

    rng = np.random.default_rng(20261203)
    start = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
    secs = start + rng.integers(0, 360 * 86_400, size=n)
    null = rng.random(n) < 0.01
    series = pl.Series("t", secs * 1_000_000).cast(pl.Datetime("us", "UTC"))
    series = series.scatter(np.flatnonzero(null), None)
    ends = series.dt.offset_by("30h")
    arrow_us = series.to_arrow()
    arrow_s = pa.array(np.where(null, None, secs).tolist(), pa.timestamp("s", tz="UTC"))
    lazy = pl.DataFrame({"t": series}).lazy()

    # The results agree with the single calls (a sample).
    got = cal.add_many(series, four)
    assert got.dtype == pl.Datetime("us", "Europe/Moscow"), got.dtype
    for i in rng.integers(0, n, size=200):
        t = series[int(i)]
        assert got[int(i)] == (None if t is None else cal.add(t, four))
    assert cal.add_many(arrow_s, four).to_pylist()[:1000] == cal.add_many(arrow_us, four).to_pylist()[:1000]

    rows = [
        ("`Calendar.add_many`, Polars Series (us) -> Series", lambda: cal.add_many(series, four)),
        ("`Calendar.add_many`, pyarrow timestamp[us] -> Array", lambda: cal.add_many(arrow_us, four)),
        ("`Calendar.add_many`, pyarrow timestamp[s] -> Array (zero-copy in)", lambda: cal.add_many(arrow_s, four)),
        (
            '`pl.col("t").sla.add(4h)`, lazy, in-memory engine',
            lambda: lazy.select(pl.col("t").sla.add(four, calendar=cal)).collect(),
        ),
        (
            '`pl.col("t").sla.add(4h)`, lazy, streaming engine (parallel batches)',
            lambda: lazy.select(pl.col("t").sla.add(four, calendar=cal)).collect(engine="streaming"),
        ),
        ("`Calendar.between_many`, Polars Series", lambda: cal.between_many(series, ends)),
        ("`Calendar.is_working_many`, Polars Series", lambda: cal.is_working_many(series)),
        ("`Calendar.next_opening_many`, Polars Series", lambda: cal.next_opening_many(series)),
    ]
    load = os.getloadavg()
    print(f"{n:,} rows, {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| operation | wall, median | wall, best | CPU, median |")
    print("|---|---|---|---|")
    for name, fn in rows:
        med, best, cpu = measure(fn, n, rep)
        print(f"| {name} | {med:.0f} ns | {best:.0f} ns | {cpu:.0f} ns |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
