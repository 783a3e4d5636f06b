"""The SLA engine on Spark: the metrics table of a ticket events DataFrame
computed on the executors (`sla.spark`), checked against the single-process
table.

Runs both routes of `sla.spark` on synthetic R3 tickets
(examples/analyst_breach_share.py) in a local Spark session, spread over
several partitions, and checks that each gives `Policy.evaluate_table`'s
table row for row; then adds working-time columns to the events.

    python examples/spark_sla.py [--tickets 2000] [--partitions 4]

Needs pyspark (4.1+), Java 17, `sla`, pyarrow, numpy, polars. On a cluster,
the only thing the executors need is the `sla` wheel (README, "Spark").
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

import sla
import sla.spark

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyst_breach_share import AS_OF, POLICY, synthetic_events  # noqa: E402


def sorted_rows(table: pa.Table) -> list[dict[str, Any]]:
    """A table's rows in a canonical order, for comparing two of them."""
    keys = [k for k in ("ticket_id", "metric", "cycle") if k in table.column_names]
    return table.sort_by([(k, "ascending") for k in keys]).to_pylist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    policy = sla.Policy(POLICY)
    events = synthetic_events(args.tickets, args.seed)
    single, _ = policy.evaluate_table(events, AS_OF)
    spark = sla.spark.local_session(partitions=args.partitions)
    frame = spark.createDataFrame(events).repartition(args.partitions)
    for name, route in (("applyInArrow", sla.spark.evaluate_grouped), ("mapInArrow", sla.spark.evaluate_partitioned)):
        start = time.perf_counter()
        out = route(frame, policy, AS_OF).toArrow()
        seconds = time.perf_counter() - start
        same = sorted_rows(out) == sorted_rows(sla.spark.for_spark(single))
        print(
            f"{name}: {out.num_rows:,} metric rows of {args.tickets:,} tickets in {seconds:.1f} s; "
            f"equal to the single-process table: {same}"
        )
        if not same:
            raise SystemExit(1)
    office = policy.calendar("business")
    from pyspark.sql import functions as F

    created = frame.filter(F.col("type") == "created").select("ticket_id", "at")
    four_hours = sla.spark.add_column(office, timedelta(hours=4))
    created.select("ticket_id", "at", four_hours("at").alias("at_plus_4_working_hours")).orderBy("ticket_id").show(3, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
