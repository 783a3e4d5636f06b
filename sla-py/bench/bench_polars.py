"""What the `map_batches` route of sla.polars costs per row.

Times, over one Datetime column of N instants (9x5 Moscow with the RU
production calendar, random instants over 2026):
- `pl.col("t").sla.add(4h)` and `.sla.between(...)` in a `select`;
- the bulk calls they are built on, `Calendar.add_many` / `between_many`,
  on the numpy arrays (the engine's own work plus the numpy conversions);
- the Polars-side conversions alone (the Series to numpy and back), which is
  what a native expression plugin (pyo3-polars) would save;
- a native Polars expression for scale (`t + 4h` of calendar time);
- `.sla.is_working`, which calls the engine once per element.
Each figure is the median of --repeat runs, in ns per row.

    python sla-py/bench/bench_polars.py [--rows 1000000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

import numpy as np
import polars as pl

import sla
import sla.polars  # noqa: F401


def median_ns(fn: Callable[[], object], rows: int, repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / rows * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.rows
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
    rng = np.random.default_rng(1)
    start = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
    secs = start + rng.integers(0, 365 * 86_400, size=n)
    ends = secs + rng.integers(0, 30 * 86_400, size=n)
    df = pl.DataFrame(
        {
            "t": pl.Series(secs * 1_000_000).cast(pl.Datetime("us", "UTC")).dt.convert_time_zone("Europe/Moscow"),
            "e": pl.Series(ends * 1_000_000).cast(pl.Datetime("us", "UTC")),
        }
    )
    t64 = secs.astype("datetime64[s]")
    e64 = ends.astype("datetime64[s]")
    four = timedelta(hours=4)
    # The results agree before anything is timed.
    via_polars = df.select(pl.col("t").sla.add(four, calendar=cal))["t"]
    direct = cal.add_many(t64, four)
    assert (via_polars.dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy() == direct).all()

    def conversions() -> object:
        values = df["t"].dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy()
        return pl.Series("t", values).dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Moscow")

    small = min(n, 100_000)
    rows = [
        ("sla.add (Polars expression)", median_ns(lambda: df.select(pl.col("t").sla.add(four, calendar=cal)), n, args.repeat)),
        ("Calendar.add_many (numpy)", median_ns(lambda: cal.add_many(t64, four), n, args.repeat)),
        ("sla.between (Polars expression)", median_ns(lambda: df.select(pl.col("t").sla.between("e", calendar=cal)), n, args.repeat)),
        ("Calendar.between_many (numpy)", median_ns(lambda: cal.between_many(t64, e64), n, args.repeat)),
        ("Series <-> numpy conversions of one column", median_ns(conversions, n, args.repeat)),
        ("native Polars: t + 4h (calendar time)", median_ns(lambda: df.select(pl.col("t") + pl.duration(hours=4)), n, args.repeat)),
        (
            f"sla.is_working (per element, {small:,} rows)",
            median_ns(lambda: df.head(small).select(pl.col("t").sla.is_working(calendar=cal)), small, max(1, args.repeat // 2)),
        ),
    ]
    print(f"{n:,} rows, polars {pl.__version__}, median of {args.repeat}")
    print("| operation | ns per row |")
    print("|---|---|")
    for name, ns in rows:
        print(f"| {name} | {ns:.0f} |")


if __name__ == "__main__":
    main()
