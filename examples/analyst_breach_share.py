"""Breach share per priority and category over a year of tickets.

An analyst's question on a helpdesk's event log: which share of the tickets
missed their resolution target, per priority and category? This script makes
a year (2026) of synthetic tickets under the regulation R3
(examples/policies/r3_budget_system.toml: resolution targets in working
days on the Moscow 9x5 calendar with the Russian production calendar), one
row per event, as a helpdesk exports them:

    ticket_id | at | type | priority | category | reason
    ----------+----+------+----------+----------+-------
    1         | …  | created          | high | incident | null
    1         | …  | paused           | null | null     | waiting_for_info
    1         | …  | resumed          | …
    1         | …  | priority_changed | medium | …
    1         | …  | resolved         | …

then computes every ticket's report in one call (`events.sla.evaluate`, the
Polars form of `Policy.evaluate_table`), groups the resolution metric by the
ticket's final priority and category, and writes the table as CSV and a bar
chart as PNG.

    python examples/analyst_breach_share.py [--tickets 1000000] [--seed 7] [--out DIR]

A million tickets (about 3.3 million events) by default. Needs `sla`,
polars, pyarrow, numpy and matplotlib.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pyarrow as pa

import sla
import sla.polars  # noqa: F401  (registers the `sla` namespace)

POLICY = Path(__file__).resolve().parent / "policies" / "r3_budget_system.toml"
ZONE = ZoneInfo("Europe/Moscow")
YEAR_START = datetime(2026, 1, 1, tzinfo=ZONE)
# The report is as of the first working morning after the New Year holidays.
AS_OF = datetime(2027, 1, 11, 9, 0, tzinfo=ZONE)
# The pairs R3 gives a target in working days (Table 3): how often each comes
# in, and the made-up helpdesk's typical working time for one as a share of
# its target (above 1: it is usually late).
PAIRS = {
    ("incident", "highest"): (1, 0.9),
    ("incident", "high"): (3, 0.7),
    ("incident", "medium"): (6, 0.45),
    ("incident", "low"): (3, 0.35),
    ("incident_workaround", "highest"): (1, 0.5),
    ("incident_workaround", "high"): (1, 0.45),
    ("incident_workaround", "medium"): (1, 0.3),
    ("consultation", "medium"): (4, 0.55),
    ("consultation", "low"): (4, 0.4),
    ("service_nontypical", "medium"): (2, 0.8),
    ("service_nontypical", "low"): (2, 0.35),
}
PAUSED_SHARE = 0.25  # tickets waiting for the user's information once
DOWNGRADED_SHARE = 0.05  # incidents whose priority is lowered by one step


def synthetic_events(n: int, seed: int = 7) -> pa.Table:
    """n tickets created over 2026, as a long events table (pyarrow), rows of
    a ticket in time order. Deterministic for a seed; vectorised (a million
    tickets take a few seconds)."""
    rng = np.random.default_rng(seed)
    policy = sla.Policy(POLICY)
    office = policy.calendar("business")
    targets = {pair: _target_hours(policy, *pair) for pair in PAIRS}
    pairs = list(PAIRS)
    weights = np.array([w for w, _ in PAIRS.values()], dtype=float)
    pair = rng.choice(len(pairs), size=n, p=weights / weights.sum())
    # Most tickets come in during office hours, the rest at any time.
    day = rng.integers(0, 365, size=n)
    office_hours = rng.random(n) < 0.85
    second = np.where(office_hours, rng.integers(9 * 3600, 18 * 3600, size=n), rng.integers(0, 86_400, size=n))
    start = int(YEAR_START.timestamp())
    created = np.sort(start + day * 86_400 + second)  # Moscow: no summer time
    # Working time to resolve: the pair's typical share of its target, spread.
    share = np.array([PAIRS[p][1] for p in pairs])[pair]
    target = np.array([targets[p] for p in pairs])[pair]
    worked = (target * share * rng.lognormal(0.0, 0.6, size=n)).astype(np.int64)
    # A pause (not counted by R3's clock) moves the resolution later by its length.
    paused = rng.random(n) < PAUSED_SHARE
    pause_at = created + (rng.random(n) * 0.8 * worked).astype(np.int64) + 60
    pause_len = (rng.lognormal(np.log(6 * 3600), 1.0, size=n)).astype(np.int64) + 60
    first = office.add_many(created.astype("datetime64[s]"), worked.astype("timedelta64[s]")).astype(np.int64)
    resolved = np.where(paused, np.maximum(first, pause_at) + pause_len + 60, first)
    category = np.array([p[0] for p in pairs], dtype=object)[pair]
    priority = np.array([p[1] for p in pairs], dtype=object)[pair]
    lower = {"high": "medium", "medium": "low"}
    downgraded = (
        (category == "incident") & np.isin(priority, list(lower)) & (rng.random(n) < DOWNGRADED_SHARE)
    )
    change_at = created + ((resolved - created) * 0.3).astype(np.int64)
    downgraded &= ~paused | (change_at < pause_at) | (change_at > pause_at + pause_len)
    as_of = int(AS_OF.timestamp())

    ids = np.arange(1, n + 1, dtype=np.int64)
    kinds = [
        # (rows, at, type, priority, category, reason, order within the ticket)
        (np.ones(n, bool), created, "created", priority, category, None, 0),
        (paused & (pause_at < resolved), pause_at, "paused", None, None, "waiting_for_info", 1),
        (paused & (pause_at + pause_len < resolved), pause_at + pause_len, "resumed", None, None, None, 2),
        (downgraded, change_at, "priority_changed", np.array([lower.get(p, p) for p in priority], dtype=object), None, None, 3),
        (np.ones(n, bool), resolved, "resolved", None, None, None, 4),
    ]
    parts = []
    for rows, at, kind, prio, cat, reason, order in kinds:
        rows = rows & (at <= as_of)  # the export holds what happened by AS_OF
        k = int(rows.sum())
        parts.append(
            {
                "ticket_id": ids[rows],
                "at": at[rows],
                "type": np.full(k, kind, dtype=object),
                "priority": prio[rows] if prio is not None else np.full(k, None, dtype=object),
                "category": cat[rows] if cat is not None else np.full(k, None, dtype=object),
                "reason": np.full(k, reason, dtype=object),
                "order": np.full(k, order, dtype=np.int8),
            }
        )
    columns = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    # Rows of a ticket together, in time order (the order column breaks ties).
    rank = np.lexsort((columns["order"], columns["at"], columns["ticket_id"]))
    return pa.table(
        {
            "ticket_id": pa.array(columns["ticket_id"][rank]),
            "at": pa.array(columns["at"][rank].astype("datetime64[s]"), type=pa.timestamp("s", "UTC")),
            "type": pa.array(columns["type"][rank], type=pa.string()),
            "priority": pa.array(columns["priority"][rank], type=pa.string()),
            "category": pa.array(columns["category"][rank], type=pa.string()),
            "reason": pa.array(columns["reason"][rank], type=pa.string()),
        }
    )


def _target_hours(policy: sla.Policy, category: str, priority: str) -> int:
    """The pair's resolution target in working seconds (R3: N working days of 9 h)."""
    text = policy.spec["metrics"][0]["targets"][category][priority]
    days = int(text.split()[0])
    return days * 9 * 3600


def breach_share(events: pl.DataFrame, policy: sla.Policy, at: datetime) -> pl.DataFrame:
    """Per final (category, priority): tickets, met, breached, still running,
    and the breach share of the decided ones (met or breached), in percent."""
    metrics, tickets = events.sla.evaluate(policy, at)
    failed = tickets.filter(pl.col("error_kind").is_not_null())
    if failed.height:
        raise RuntimeError(f"{failed.height} tickets failed, the first: {failed.row(0, named=True)}")
    resolution = metrics.filter(pl.col("metric") == "resolution").join(
        tickets.select("ticket_id", "category", "priority"), on="ticket_id"
    )
    order = {p: i for i, p in enumerate(policy.priorities)}
    table = (
        resolution.group_by("category", "priority")
        .agg(
            tickets=pl.len(),
            met=(pl.col("state") == "met").sum(),
            breached=(pl.col("state") == "breached").sum(),
            running=pl.col("state").is_in(["running", "paused"]).sum(),
        )
        .with_columns(
            breach_share_pct=(100 * pl.col("breached") / (pl.col("met") + pl.col("breached"))).round(2),
            rank=pl.col("priority").replace_strict(order, return_dtype=pl.Int64),
        )
        .sort("category", "rank")
        .drop("rank")
    )
    return table


def chart(table: pl.DataFrame, path: Path, title: str) -> None:
    """Horizontal bars: the breach share of each (category, priority)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{c} / {p}" for c, p in zip(table["category"], table["priority"])]
    shares = table["breach_share_pct"].to_list()
    categories = sorted(set(table["category"]))
    colours = {c: plt.get_cmap("tab10")(i) for i, c in enumerate(categories)}
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(labels) + 1.5))
    bars = ax.barh(labels, shares, color=[colours[c] for c in table["category"]])
    ax.bar_label(bars, labels=[f"{s:.1f}% of {m + b:,}" for s, m, b in zip(shares, table["met"], table["breached"])], padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("breached, % of the decided tickets (met or breached)")
    ax.set_xlim(0, max(shares) * 1.35 + 1)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000, help="how many tickets (default a million)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("."), help="folder of breach_share.csv and .png")
    args = parser.parse_args()
    if args.tickets < 1:
        parser.error("--tickets must be at least 1")
    policy = sla.Policy(POLICY)
    started = time.perf_counter()
    events = pl.from_arrow(synthetic_events(args.tickets, args.seed))
    assert isinstance(events, pl.DataFrame)
    made = time.perf_counter()
    table = breach_share(events, policy, AS_OF)
    done = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    csv, png = args.out / "breach_share.csv", args.out / "breach_share.png"
    table.write_csv(csv)
    title = f"{policy.name}\n{args.tickets:,} synthetic tickets of 2026, resolution metric, as of {AS_OF.date()}"
    chart(table, png, title)
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(table)
    decided = int(table["met"].sum() + table["breached"].sum())
    print(
        f"{args.tickets:,} tickets, {events.height:,} events: made in {made - started:.1f} s, "
        f"evaluated and grouped in {done - made:.1f} s; "
        f"breached {100 * int(table['breached'].sum()) / max(decided, 1):.1f}% of {decided:,} decided"
    )
    print(f"wrote {csv} and {png}")


if __name__ == "__main__":
    main()
