"""examples/duckdb_sla.py: the SQL functions on Arrow batches give what the
Calendar methods give, across several DuckDB vectors and with NULLs; the
ticket clock's tables come back as SQL views."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import timedelta, timezone
from types import ModuleType

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import sla
from conftest import REPO

EXAMPLE = REPO / "examples" / "duckdb_sla.py"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("duckdb_sla", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def con(example: ModuleType, office: sla.Calendar) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")  # any session zone: instants count
    example.register(con, office)
    return con


def random_rows(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    start = (1_767_225_600 + rng.integers(0, 365 * 86_400, size=n)).astype("datetime64[s]")
    end = start + rng.integers(-5 * 86_400, 30 * 86_400, size=n).astype("timedelta64[s]")
    seconds = rng.integers(0, 200 * 3600, size=n)
    null = rng.random(n) < 0.05
    return pa.table(
        {
            "i": np.arange(n),
            "a": pa.array(start, mask=null).cast(pa.timestamp("us", "UTC")),
            "b": pa.array(end).cast(pa.timestamp("us", "UTC")),
            "s": pa.array(seconds, mask=np.roll(null, 1)),
        }
    )


def test_sla_add_and_between_equal_the_calendar(con: duckdb.DuckDBPyConnection, office: sla.Calendar) -> None:
    rows = random_rows(5000, seed=1)  # more than two vectors of 2,048
    con.register("r", rows)
    out = con.sql("SELECT i, sla_add(a, s) AS d, sla_between(a, b) AS w FROM r ORDER BY i").to_arrow_table()
    starts = rows.column("a").to_pylist()
    spans = rows.column("s").to_pylist()
    ends = rows.column("b").to_pylist()
    want_d = [None if t is None or s is None else office.add(t, timedelta(seconds=s)) for t, s in zip(starts, spans)]
    want_w = [None if a is None else int(office.between(a, b).total_seconds()) for a, b in zip(starts, ends)]
    assert out.column("d").to_pylist() == want_d
    assert out.column("w").to_pylist() == want_w
    assert 100 < sum(d is None for d in want_d) < 1000
    assert any(w is not None and w < 0 for w in want_w)


def test_the_result_type_is_an_instant(con: duckdb.DuckDBPyConnection) -> None:
    out = con.sql("SELECT sla_add(TIMESTAMPTZ '2026-05-08 16:30:00+03', 4 * 3600) AS d").to_arrow_table()
    assert out.schema.field("d").type == pa.timestamp("us", "America/New_York")
    assert out.column("d")[0].as_py().astimezone(timezone.utc).isoformat() == "2026-05-12T09:30:00+00:00"


def test_engine_errors_reach_sql(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.Error, match="no result within the search horizon"):
        con.sql("SELECT sla_add(TIMESTAMPTZ '2026-05-08 16:30:00+03', 34560000000::BIGINT)").fetchall()


def test_the_script_prints_the_deadlines() -> None:
    run = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=True, cwd=REPO)
    lines = [line for line in run.stdout.splitlines() if line.startswith("│ T-")]
    assert len(lines) == 3
    # T-1: Friday May 8 16:30 (closes 17:00), May 9-11 off: 4 h end Tuesday 12:30.
    assert "2026-05-12 12:30:00+03" in lines[0] and "true" in lines[0]
    assert "2026-05-13 11:00:00+03" in lines[1] and "26.0" in lines[1] and "false" in lines[1]
    assert "NULL" in lines[2]


def test_evaluate_events_gives_sql_views(example: ModuleType, con: duckdb.DuckDBPyConnection, r3: sla.Policy) -> None:
    con.execute(
        """
        CREATE TABLE events AS SELECT * FROM (VALUES
          ('A-1', TIMESTAMPTZ '2026-03-02 10:00:00+03', 'created',  'high', 'incident'),
          ('A-1', TIMESTAMPTZ '2026-03-03 11:00:00+03', 'resolved', NULL,   NULL),
          ('A-2', TIMESTAMPTZ '2026-03-02 10:00:00+03', 'created',  'urgent', 'incident'),
          ('A-3', TIMESTAMPTZ '2026-03-02 10:00:00+03', 'created',  'low',  'consultation')
        ) AS t(ticket_id, "at", "type", priority, category)
        """
    )
    at = "2026-03-20T12:00:00+03:00"
    example.evaluate_events(con, r3, "SELECT * FROM events", at)
    states = con.sql("SELECT ticket_id, state FROM sla_metrics WHERE metric = 'resolution' ORDER BY ticket_id").fetchall()
    assert states == [("A-1", "met"), ("A-3", "breached")]
    errors = con.sql("SELECT ticket_id, error_kind FROM sla_tickets WHERE error_kind IS NOT NULL").fetchall()
    assert errors == [("A-2", "policy")]
    # The views hold what evaluate_table gives for the same rows.
    metrics, _ = r3.evaluate_table(con.sql("SELECT * FROM events").to_arrow_table(), at)
    assert con.sql("SELECT * FROM sla_metrics").to_arrow_table().to_pylist() == metrics.to_pylist()
