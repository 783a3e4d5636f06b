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


def run(spark: Any, tickets: int, partitions: int, seed: int = 7) -> list[str]:
    """Both routes on `tickets` synthetic tickets in `partitions`, each
    checked against the single-process table; the lines to print."""
    policy = sla.Policy(POLICY)
    events = synthetic_events(tickets, seed)
    single, _ = policy.evaluate_table(events, AS_OF)
    frame = spark.createDataFrame(events).repartition(partitions)
    lines = []
    for name, route in (("applyInArrow", sla.spark.evaluate_grouped), ("mapInArrow", sla.spark.evaluate_partitioned)):
        start = time.perf_counter()
        out = route(frame, policy, AS_OF).toArrow()
        seconds = time.perf_counter() - start
        same = sorted_rows(out) == sorted_rows(sla.spark.for_spark(single))
        lines.append(
            f"{name}: {out.num_rows:,} metric rows of {tickets:,} tickets in {seconds:.1f} s; "
            f"equal to the single-process table: {same}"
        )
        if not same:
            raise AssertionError(lines[-1])
    # A working-time column: 4 working hours after each ticket's creation.
    from pyspark.sql import functions as F

    four_hours = sla.spark.add_column(policy.calendar("business"), timedelta(hours=4))
    created = frame.filter(F.col("type") == "created").select("ticket_id", "at")
    first = created.select("ticket_id", "at", four_hours("at").alias("due")).orderBy("ticket_id").limit(1).toArrow().to_pylist()[0]
    assert first["due"] == policy.calendar("business").add(first["at"], timedelta(hours=4))
    lines.append(f"ticket {first['ticket_id']}: created {first['at']}, 4 working hours later {first['due']}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    spark = sla.spark.local_session(partitions=args.partitions)
    try:
        for line in run(spark, args.tickets, args.partitions, args.seed):
            print(line)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
