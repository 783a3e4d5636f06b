"""sla.spark in a local Spark session: both routes of the ticket clock give
`Policy.evaluate_table`'s tables row for row over events spread across
several partitions and Arrow batches, and the working-time columns give
the bulk calls' values. Small data: the session start dominates."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any, Iterator

import numpy as np
import pyarrow as pa
import pytest

import sla
import sla.spark
from conftest import MSK, REPO

from pyspark.sql import functions as F  # installed by scripts/py-env.sh

TICKETS = 150
PARTITIONS = 3
BATCH_ROWS = 40  # small Arrow batches: tickets are split across batches


@pytest.fixture(scope="module")
def analyst() -> ModuleType:
    path = REPO / "examples" / "analyst_breach_share.py"
    spec = importlib.util.spec_from_file_location("analyst_breach_share", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["analyst_breach_share"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = sla.spark.local_session(cores=2, partitions=PARTITIONS, batch_rows=BATCH_ROWS)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def events(analyst: ModuleType) -> pa.Table:
    """Synthetic R3 tickets, plus one whose pause and resumption fall on one
    second (their order decides whether the ticket is valid), and one that
    fails (a pause reason R3 does not know), with an `order` column."""
    table = analyst.synthetic_events(TICKETS, 5)
    order = np.arange(table.num_rows, dtype=np.int64)
    table = table.append_column("order", pa.array(order))
    at = int(datetime(2026, 3, 2, 10, 0, tzinfo=MSK).timestamp())  # a Monday
    extra = pa.table(
        {
            "ticket_id": pa.array([900_001] * 4 + [900_002] * 2, type=pa.int64()),
            "at": pa.array([at, at + 3600, at + 3600, at + 7200, at, at + 60], type=pa.timestamp("s", "UTC")),
            "type": ["created", "paused", "resumed", "resolved", "created", "paused"],
            "priority": ["high", None, None, None, "high", None],
            "category": ["incident", None, None, None, "incident", None],
            "reason": [None, "waiting_for_info", None, None, None, "lunch"],
            "order": pa.array([1, 2, 3, 4, 1, 2], type=pa.int64()),
        }
    )
    # The tie last-in-first-out in the input: only `order` puts it right.
    return pa.concat_tables([extra.take([3, 2, 1, 0, 5, 4]), table])


@pytest.fixture(scope="module")
def single(events: pa.Table, r3: sla.Policy, analyst: ModuleType) -> tuple[pa.Table, pa.Table]:
    ordered = events.sort_by([("ticket_id", "ascending"), ("order", "ascending")]).drop_columns(["order"])
    metrics, tickets = r3.evaluate_table(ordered, analyst.AS_OF)
    return sla.spark.for_spark(metrics), sla.spark.for_spark(tickets)


def rows(table: pa.Table) -> list[dict[str, Any]]:
    keys = [k for k in ("ticket_id", "metric", "cycle") if k in table.column_names]
    return table.sort_by([(k, "ascending") for k in keys]).to_pylist()


def frame(spark: Any, events: pa.Table) -> Any:
    # Rows of a ticket land in different partitions before the routes run.
    return spark.createDataFrame(events).repartition(PARTITIONS, F.rand(seed=3))


def test_the_single_process_table_has_what_the_routes_must_keep(single: tuple[pa.Table, pa.Table]) -> None:
    metrics, tickets = single
    states = set(metrics.column("state").to_pylist())
    assert {"met", "breached"} <= states
    errors = {r["ticket_id"]: r["error_message"] for r in tickets.to_pylist() if r["error_kind"] is not None}
    assert list(errors) == [900_002] and "lunch" in errors[900_002]  # 900_001 is valid in order
    assert metrics.filter(pa.compute.equal(metrics.column("ticket_id"), 900_001)).num_rows == 1


def test_grouped_route_equals_the_single_process_table(
    spark: Any, events: pa.Table, r3: sla.Policy, analyst: ModuleType, single: tuple[pa.Table, pa.Table]
) -> None:
    out = sla.spark.evaluate_grouped(frame(spark, events), r3, analyst.AS_OF, order="order").toArrow()
    assert rows(out) == rows(single[0])


@pytest.mark.parametrize("table", ["metrics", "tickets"])
def test_partitioned_route_equals_the_single_process_table(
    spark: Any,
    events: pa.Table,
    r3: sla.Policy,
    analyst: ModuleType,
    single: tuple[pa.Table, pa.Table],
    table: str,
) -> None:
    out = sla.spark.evaluate_partitioned(
        frame(spark, events), r3, analyst.AS_OF, table=table, order="order", partitions=PARTITIONS
    ).toArrow()
    want = single[0] if table == "metrics" else single[1]
    assert out.schema == want.schema
    assert rows(out) == rows(want)


def test_working_time_columns_equal_the_bulk_calls(spark: Any, office: sla.Calendar) -> None:
    rng = np.random.default_rng(4)
    n = 500
    a = (1_767_225_600 + rng.integers(0, 365 * 86_400, size=n)).astype("datetime64[s]")
    b = a + rng.integers(-86_400, 20 * 86_400, size=n).astype("timedelta64[s]")
    null = rng.random(n) < 0.05
    data = pa.table(
        {
            "i": np.arange(n),
            "a": pa.array(a, mask=null).cast(pa.timestamp("us", "UTC")),
            "b": pa.array(b).cast(pa.timestamp("us", "UTC")),
        }
    )
    df = spark.createDataFrame(data).repartition(PARTITIONS)
    add = sla.spark.add_column(office, timedelta(hours=4))
    between = sla.spark.between_column(office)
    working = sla.spark.is_working_column(office)
    opening = sla.spark.next_opening_column(office)
    out = (
        df.select(
            "i",
            add("a").alias("d"),
            between("a", "b").alias("w"),
            working("a").alias("iw"),
            opening("a").alias("o"),
        )
        .toArrow()
        .sort_by("i")
    )
    starts = data.column("a").to_pylist()
    ends = data.column("b").to_pylist()
    assert out.column("d").to_pylist() == [None if t is None else office.add(t, timedelta(hours=4)) for t in starts]
    assert out.column("w").to_pylist() == [
        None if t is None else int(office.between(t, e).total_seconds()) for t, e in zip(starts, ends)
    ]
    assert out.column("iw").to_pylist() == [None if t is None else office.is_working(t) for t in starts]
    assert out.column("o").to_pylist() == [None if t is None else office.next_opening(t) for t in starts]
    assert out.column("d").null_count == int(null.sum()) > 0


def test_per_batches_keeps_a_ticket_whole_across_batches(
    events: pa.Table, r3: sla.Policy, analyst: ModuleType, single: tuple[pa.Table, pa.Table]
) -> None:
    # No Spark: the mapInArrow function fed batches of 1 to 7 rows, cut
    # anywhere in a ticket, and an empty one.
    ordered = events.sort_by([("ticket_id", "ascending"), ("order", "ascending")])
    sizes = np.random.default_rng(9).integers(1, 8, size=ordered.num_rows)
    cuts = np.concatenate([[0], np.cumsum(sizes)])
    batches = [ordered.slice(a, b - a) for a, b in zip(cuts[:-1], cuts[1:]) if a < ordered.num_rows]
    pieces = [b for t in batches for b in t.to_batches()]
    pieces.insert(3, pa.RecordBatch.from_pylist([], schema=ordered.schema))
    run = sla.spark.per_batches(r3, analyst.AS_OF, "metrics", order="order")
    out = pa.Table.from_batches(list(run(iter(pieces))))
    assert rows(out) == rows(single[0])


def test_the_example_script(spark: Any) -> None:
    path = REPO / "examples" / "spark_sla.py"
    spec = importlib.util.spec_from_file_location("spark_sla", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = module.run(spark, tickets=40, partitions=PARTITIONS)
    assert [line.split(":")[0] for line in lines[:2]] == ["applyInArrow", "mapInArrow"]
    assert all(line.endswith("equal to the single-process table: True") for line in lines[:2])
    assert lines[2].startswith("ticket 1: created ")
