"""Deadlines in DuckDB's SQL: working-time functions as Python UDFs over
Arrow batches, and the ticket clock's tables as SQL views.

`register(con, calendar)` adds to a DuckDB connection, for one calendar:

    sla_add(t TIMESTAMPTZ, working_seconds BIGINT) -> TIMESTAMPTZ
    sla_between(a TIMESTAMPTZ, b TIMESTAMPTZ)      -> BIGINT   (working seconds, signed)

each a `create_function(..., type="arrow")`: DuckDB hands the function a
vector of rows (2,048) as Arrow arrays, and the function makes one bulk
call of the engine (`Calendar.add_many` / `between_many`), so Python runs
once per vector, not per row. A NULL in gives a NULL out.

`evaluate_events(con, policy, query, at)` runs the ticket clock over the
result of a query (`Policy.evaluate_table` on its Arrow table) and
registers the two tables it gives as the views `sla_metrics` and
`sla_tickets`, for more SQL.

    python examples/duckdb_sla.py

prints the deadlines of a few tickets computed in SQL. Needs `sla`, duckdb,
pyarrow, numpy. A native DuckDB extension (SQL functions without Python)
would be a separate build per platform; this route needs none.
"""

from __future__ import annotations

from typing import Any, Union

import duckdb
import numpy as np
import pyarrow as pa

import sla


def _instants(a: Union[pa.Array, pa.ChunkedArray]) -> "np.ndarray[Any, Any]":
    """TIMESTAMPTZ values as numpy datetime64[us] (UTC; NaT for NULL)."""
    return a.cast(pa.timestamp("us", "UTC")).to_numpy(zero_copy_only=False)


def register(con: duckdb.DuckDBPyConnection, calendar: sla.Calendar, prefix: str = "sla_") -> None:
    """Adds `<prefix>add` and `<prefix>between` on `calendar` to the connection."""

    def add(times: pa.Array, seconds: pa.Array) -> pa.Array:
        whole = seconds.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False).astype("timedelta64[s]")
        spans = np.where(np.asarray(seconds.is_null(), dtype=bool), np.timedelta64("NaT", "s"), whole)
        out = calendar.add_many(_instants(times), spans)
        return pa.array(out.astype("datetime64[us]"), from_pandas=True).cast(pa.timestamp("us", "UTC"))

    def between(starts: pa.Array, ends: pa.Array) -> pa.Array:
        out = calendar.between_many(_instants(starts), _instants(ends))
        return pa.array(out.astype("timedelta64[s]").astype(np.int64), mask=np.isnat(out))

    special: Any = "special"  # NULLs reach the function, which keeps them NULL
    con.create_function(
        f"{prefix}add",
        add,
        [duckdb.sqltype("TIMESTAMPTZ"), duckdb.sqltype("BIGINT")],
        duckdb.sqltype("TIMESTAMPTZ"),
        type="arrow",
        null_handling=special,
    )
    con.create_function(
        f"{prefix}between",
        between,
        [duckdb.sqltype("TIMESTAMPTZ"), duckdb.sqltype("TIMESTAMPTZ")],
        duckdb.sqltype("BIGINT"),
        type="arrow",
        null_handling=special,
    )


def evaluate_events(
    con: duckdb.DuckDBPyConnection, policy: Union[sla.Policy, sla.PolicySet], query: str, at: Any
) -> None:
    """The ticket clock over the events a query gives; the results become
    the views `sla_metrics` and `sla_tickets`."""
    events = con.sql(query).to_arrow_table()
    metrics, tickets = policy.evaluate_table(events, at)
    con.register("sla_metrics", metrics)
    con.register("sla_tickets", tickets)


EXAMPLE_SQL = """
CREATE TABLE targets (priority VARCHAR, hours BIGINT);
INSERT INTO targets VALUES ('high', 4), ('normal', 18), ('low', 45);
CREATE TABLE tickets (id VARCHAR, priority VARCHAR, created TIMESTAMPTZ, resolved TIMESTAMPTZ);
INSERT INTO tickets VALUES
  ('T-1', 'high',   '2026-05-08 16:30:00+03', '2026-05-12 11:00:00+03'),
  ('T-2', 'normal', '2026-05-08 10:00:00+03', '2026-05-14 10:00:00+03'),
  ('T-3', 'low',    '2026-05-06 09:00:00+03', NULL);
"""


def main() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Europe/Moscow'")
    register(con, sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru"))
    con.execute(EXAMPLE_SQL)
    con.sql(
        """
        SELECT id, priority, created,
               sla_add(created, hours * 3600) AS deadline,
               sla_between(created, resolved) / 3600.0 AS worked_hours,
               resolved <= sla_add(created, hours * 3600) AS met
        FROM tickets JOIN targets USING (priority)
        ORDER BY id
        """
    ).show()


if __name__ == "__main__":
    main()
