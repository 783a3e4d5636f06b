"""Spark glue: the ticket clock and working-time columns over Spark
DataFrames, computed on the executors by `sla` over Arrow batches, with no
JVM code. Only the `sla` wheel must be on each executor: the functions of
this module travel by reference, the policy or calendar as its JSON spec.

The ticket clock needs all of a ticket's events in one call, so the events
DataFrame (one row per event: `ticket_id`, `at`, `type` and the event keys or
attributes of `Policy.evaluate_table`) is split by ticket first. Two routes:

- `evaluate_grouped`: `groupBy("ticket_id").applyInArrow(...)` (Spark 4.0+):
  one Python call per ticket.
- `evaluate_partitioned`: `repartition("ticket_id")`, sorted by ticket
  within each partition, then `mapInArrow(...)` (Spark 3.3+): one
  `evaluate_table` call per Arrow batch of many tickets; the rows of the
  last ticket of a batch wait for the next batch, so a ticket split across
  two batches is evaluated whole. The fast route.

Both give the table `Policy.evaluate_table` gives in one process (the
metrics table, or with `table="tickets"` the tickets table) row for row, in
the types Spark reads back: timestamps as UTC instants, unsigned integers
as `long`. Rows of one ticket at the same instant are taken in table order
by the engine, and Spark does not keep row order through a shuffle: give
the events an `order` column (the event's number in its ticket) when a
ticket can have two events at one instant; both routes sort by it and drop
it.

Working-time columns (`add_column`, `between_column`, `is_working_column`,
`next_opening_column`) are Arrow UDFs (`pyspark.sql.functions.arrow_udf`, Spark 4.1+): one bulk
call per Arrow batch.

Needs pyspark and pyarrow (imported when used), and Java for Spark.
See examples/spark_sla.py and the README's "Spark" section.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator, Literal, Optional, Union

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

import sla

__all__ = [
    "add_column",
    "between_column",
    "evaluate_grouped",
    "evaluate_partitioned",
    "for_spark",
    "is_working_column",
    "local_session",
    "next_opening_column",
    "output_schema",
    "per_batches",
]

Evaluator = Union[sla.Policy, sla.PolicySet]


# ----- the policy on the executors -------------------------------------------


def _source(policy: Evaluator) -> tuple[str, str]:
    """What travels to the executors: the kind and the JSON spec."""
    kind = "set" if isinstance(policy, sla.PolicySet) else "policy"
    return kind, json.dumps(policy.spec)


_POLICIES: dict[tuple[str, str], Evaluator] = {}
_CALENDARS: dict[str, sla.Calendar] = {}


def _compiled(kind: str, spec: str) -> Evaluator:
    """The policy, compiled once per Python worker."""
    key = (kind, spec)
    if key not in _POLICIES:
        _POLICIES[key] = sla.PolicySet.from_json(spec) if kind == "set" else sla.Policy.from_json(spec)
    return _POLICIES[key]


def _calendar(spec: str) -> sla.Calendar:
    if spec not in _CALENDARS:
        _CALENDARS[spec] = sla.Calendar(json.loads(spec))
    return _CALENDARS[spec]


# ----- Arrow types Spark accepts ---------------------------------------------


def _spark_type(t: pa.DataType) -> pa.DataType:
    """The Arrow type Spark reads back for `t`: timestamps as microseconds in
    UTC (Spark's TimestampType is an instant), unsigned integers as int64."""
    if pa.types.is_timestamp(t):
        return pa.timestamp("us", "UTC")
    if pa.types.is_unsigned_integer(t):
        return pa.int64()
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    return t


def for_spark(table: pa.Table) -> pa.Table:
    schema = pa.schema([pa.field(f.name, _spark_type(f.type), True) for f in table.schema])
    return table.cast(schema)


def _ordered(table: pa.Table, order: Optional[str]) -> pa.Table:
    """Each ticket's rows in time order, ties in `order`; `order` dropped."""
    if order is None:
        return table
    table = table.sort_by([("ticket_id", "ascending"), ("at", "ascending"), (order, "ascending")])
    return table.drop_columns([order])


def _evaluate(kind: str, spec: str, at: Any, which: Literal["metrics", "tickets"], table: pa.Table, order: Optional[str]) -> pa.Table:
    metrics, tickets = _compiled(kind, spec).evaluate_table(_ordered(table, order), at)
    return for_spark(metrics if which == "metrics" else tickets)


def output_schema(events: Any, policy: Evaluator, at: Any, table: Literal["metrics", "tickets"] = "metrics", order: Optional[str] = None) -> str:
    """The Spark schema (DDL) of the output: the engine's table for no
    events, in the types `for_spark` gives."""
    from pyspark.sql.pandas.types import from_arrow_schema

    out = _evaluate(*_source(policy), at, table, _arrow_schema(events).empty_table(), order)
    return from_arrow_schema(out.schema).simpleString().removeprefix("struct<").removesuffix(">")


def _arrow_schema(events: Any) -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(events.schema, timezone="UTC")


# ----- the two routes ----------------------------------------------------------


def evaluate_grouped(
    events: Any, policy: Evaluator, at: Any, table: Literal["metrics", "tickets"] = "metrics", order: Optional[str] = None
) -> Any:
    """`policy.evaluate_table(events, at)` as a Spark DataFrame, one Python
    call per ticket (`groupBy("ticket_id").applyInArrow`, Spark 4.0+)."""
    kind, spec = _source(policy)
    schema = output_schema(events, policy, at, table, order)

    def per_ticket(rows: pa.Table) -> pa.Table:
        return _evaluate(kind, spec, at, table, rows, order)

    return events.groupBy("ticket_id").applyInArrow(per_ticket, schema)


def per_batches(
    policy: Evaluator, at: Any, table: Literal["metrics", "tickets"] = "metrics", order: Optional[str] = None
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The `mapInArrow` function of `evaluate_partitioned`: the batches of
    one partition in (a ticket's rows contiguous), the engine's table out.
    Every batch is cut before its last ticket, whose rows go with the next
    batch, so a ticket split across batches is evaluated whole. It holds
    the policy as its JSON spec, not as the object."""
    kind, spec = _source(policy)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        waiting: Optional[pa.Table] = None
        for batch in batches:
            rows = pa.Table.from_batches([batch])
            if waiting is not None:
                rows = pa.concat_tables([waiting, rows])
            if rows.num_rows == 0:
                continue
            ids = rows.column("ticket_id")
            # -1 for a null id: nulls sort first, so the whole batch is null ids.
            cut = max(pc.index(ids, ids[-1]).as_py(), 0)
            waiting = rows.slice(cut)
            if cut:
                yield from _evaluate(kind, spec, at, table, rows.slice(0, cut), order).to_batches()
        if waiting is not None and waiting.num_rows:
            yield from _evaluate(kind, spec, at, table, waiting, order).to_batches()

    return run


def evaluate_partitioned(
    events: Any,
    policy: Evaluator,
    at: Any,
    table: Literal["metrics", "tickets"] = "metrics",
    order: Optional[str] = None,
    partitions: Optional[int] = None,
) -> Any:
    """`policy.evaluate_table(events, at)` as a Spark DataFrame, one Python
    call per Arrow batch of many tickets (`mapInArrow` over partitions by
    ticket, Spark 3.3+)."""
    schema = output_schema(events, policy, at, table, order)
    by = [events["ticket_id"]] if partitions is None else [partitions, events["ticket_id"]]
    ordered = events.repartition(*by).sortWithinPartitions("ticket_id", "at", *([order] if order else []))
    return ordered.mapInArrow(per_batches(policy, at, table, order), schema)


# ----- working-time columns ----------------------------------------------------


def _utc(a: pa.Array) -> pa.Array:
    """A Spark timestamp batch as timestamp[us, UTC] (Spark's timestamps are
    UTC instants; a metadata change when the unit is already us)."""
    return a.cast(pa.timestamp("us", "UTC"))


def add_column(calendar: sla.Calendar, duration: timedelta) -> Callable[..., Any]:
    """A Spark column function: each instant plus `duration` of working time
    (`Calendar.add_many` on the Arrow batch). `F.col("created")` in, a
    timestamp column out."""
    from pyspark.sql.functions import arrow_udf

    spec = json.dumps(calendar.spec)

    @arrow_udf("timestamp")  # type: ignore[call-overload]
    def sla_add(times: pa.Array) -> pa.Array:
        return _utc(_calendar(spec).add_many(_utc(times), duration))

    return sla_add  # type: ignore[no-any-return]


def between_column(calendar: sla.Calendar) -> Callable[..., Any]:
    """A Spark column function of two timestamp columns: the working seconds
    from the first to the second, signed (`Calendar.between_many`)."""
    from pyspark.sql.functions import arrow_udf

    spec = json.dumps(calendar.spec)

    @arrow_udf("long")  # type: ignore[call-overload]
    def sla_between(starts: pa.Array, ends: pa.Array) -> pa.Array:
        out = _calendar(spec).between_many(_utc(starts), _utc(ends))  # duration[us], whole seconds
        return pc.divide(out.cast(pa.int64()), 1_000_000)

    return sla_between  # type: ignore[no-any-return]


def is_working_column(calendar: sla.Calendar) -> Callable[..., Any]:
    """A Spark column function: whether each instant is working time
    (`Calendar.is_working_many`)."""
    from pyspark.sql.functions import arrow_udf

    spec = json.dumps(calendar.spec)

    @arrow_udf("boolean")  # type: ignore[call-overload]
    def sla_is_working(times: pa.Array) -> pa.Array:
        return _calendar(spec).is_working_many(_utc(times))

    return sla_is_working  # type: ignore[no-any-return]


def next_opening_column(calendar: sla.Calendar) -> Callable[..., Any]:
    """A Spark column function: the first opening strictly after each
    instant (`Calendar.next_opening_many`)."""
    from pyspark.sql.functions import arrow_udf

    spec = json.dumps(calendar.spec)

    @arrow_udf("timestamp")  # type: ignore[call-overload]
    def sla_next_opening(times: pa.Array) -> pa.Array:
        return _utc(_calendar(spec).next_opening_many(_utc(times)))

    return sla_next_opening  # type: ignore[no-any-return]


# ----- a local run -----------------------------------------------------------


def local_session(cores: int = 2, partitions: int = 4, batch_rows: int = 10_000) -> Any:
    """A local Spark session whose Python workers are this interpreter."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("sla")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark
