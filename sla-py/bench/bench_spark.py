"""Spark in local mode against one process: the metrics table of N synthetic
R3 tickets (examples/analyst_breach_share.py, a million by default).

- one process: `Policy.evaluate_table` on the events as a pyarrow table;
- Spark: the events read from Parquet, `sla.spark.evaluate_partitioned`
  (mapInArrow) and, with `--grouped`, `sla.spark.evaluate_grouped`
  (applyInArrow, one Python call per ticket), written to the `noop` sink
  so that everything is computed and nothing collected. The session start
  is not counted; the first job of a route is (its Python workers start).

Before the times are trusted the Spark table is checked against the
single-process one: the same number of rows per state and the same sum of
elapsed seconds.

    python sla-py/bench/bench_spark.py [--tickets 1000000] [--cores 2] [--grouped]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import sla
import sla.spark

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples"))
from analyst_breach_share import AS_OF, POLICY, synthetic_events  # noqa: E402


def summary(table: pa.Table) -> dict[str, Any]:
    by_state = table.group_by("state").aggregate([("state", "count")]).to_pylist()
    return {
        "rows": table.num_rows,
        "states": sorted((r["state"], r["state_count"]) for r in by_state),
        "elapsed": pc.sum(table.column("worked_seconds")).as_py(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--grouped", action="store_true", help="also time the applyInArrow route")
    args = parser.parse_args()
    policy = sla.Policy(POLICY)
    events = synthetic_events(args.tickets, 7)
    print(f"{args.tickets:,} tickets, {events.num_rows:,} events")

    start = time.perf_counter()
    single, _ = policy.evaluate_table(events, AS_OF)
    one = time.perf_counter() - start
    print(f"one process, evaluate_table: {one:.1f} s ({one / args.tickets * 1e6:.1f} us per ticket)")
    want = summary(single)

    spark = sla.spark.local_session(cores=args.cores, partitions=4 * args.cores)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "events.parquet")
        pq.write_table(events, path)
        frame = spark.read.parquet(path)
        routes = [("mapInArrow (evaluate_partitioned)", sla.spark.evaluate_partitioned)]
        if args.grouped:
            routes.append(("applyInArrow (evaluate_grouped)", sla.spark.evaluate_grouped))
        for name, route in routes:
            out = route(frame, policy, AS_OF)
            start = time.perf_counter()
            out.write.format("noop").mode("overwrite").save()
            seconds = time.perf_counter() - start
            got = summary(route(frame, policy, AS_OF).select("state", "worked_seconds").toArrow())
            got_rows = {k: got[k] for k in ("states", "elapsed")}
            assert got_rows == {k: want[k] for k in ("states", "elapsed")}, (got, want)
            print(
                f"Spark local[{args.cores}], {name}: {seconds:.1f} s "
                f"({seconds / args.tickets * 1e6:.1f} us per ticket, {seconds / one:.1f}x one process)"
            )
    spark.stop()


if __name__ == "__main__":
    main()
