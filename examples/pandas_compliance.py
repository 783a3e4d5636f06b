"""SLA compliance per priority and category for a DataFrame of tickets.

A helpdesk export is a table: when each ticket was created and resolved
(empty while open), its priority and category. This example runs the
regulation R3 (examples/policies/r3_budget_system.toml: resolution targets
in working days on the Moscow 9x5 calendar with the Russian production
calendar) over such a table:

- the ticket clock over all tickets in one call (`Policy.evaluate_many`)
  gives each ticket's resolution deadline and state (met, breached, running);
- one bulk call (`Calendar.between_many`) gives the working time each
  resolved ticket took, straight from the DataFrame's columns;
- pandas groups the result into compliance per category and priority.

    python examples/pandas_compliance.py [--tickets 2000] [--seed 7]

Needs `sla` (see sla-py/README.md), numpy and pandas.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

import sla

POLICY = Path(__file__).resolve().parent / "policies" / "r3_budget_system.toml"
ZONE = "Europe/Moscow"
# The moment of the export: the report is as of then.
AS_OF = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo(ZONE))
# The pairs R3 allows (Table 3): how often each comes in, and how many
# working days of 9 h this made-up helpdesk typically takes to resolve one.
PAIRS = {
    ("incident", "highest"): (1, 0.8),
    ("incident", "high"): (3, 2.0),
    ("incident", "medium"): (6, 6.0),
    ("incident", "low"): (3, 6.0),
    ("consultation", "medium"): (4, 3.5),
    ("consultation", "low"): (4, 4.0),
    ("service_nontypical", "medium"): (2, 2.5),
    ("service_nontypical", "low"): (2, 5.0),
}


def sample_tickets(n: int, seed: int) -> pd.DataFrame:
    """A made-up export: n tickets created in working hours of Feb-Nov 2026;
    the resolution takes a random multiple of the pair's typical time; a
    ticket not resolved by `AS_OF` is open, and so are about half of the
    tickets of the last week."""
    rng = np.random.default_rng(seed)
    pairs = list(PAIRS)
    weights = np.array([w for w, _ in PAIRS.values()], dtype=float)
    chosen = rng.choice(len(pairs), size=n, p=weights / weights.sum())
    calendar = sla.Policy(POLICY).calendar("business")
    start = datetime(2026, 2, 1, 6, 0, tzinfo=timezone.utc).timestamp()
    # Tickets come in during working hours: the next working instant.
    created = [
        calendar.next_working(datetime.fromtimestamp(start + int(s), timezone.utc))
        for s in rng.integers(0, 302 * 86_400, size=n)
    ]
    typical_hours = np.array([9 * PAIRS[pairs[i]][1] for i in chosen])
    hours = typical_hours * rng.lognormal(0.0, 0.45, size=n)
    worked = [timedelta(seconds=int(h * 3600)) for h in hours]
    resolved = calendar.add_many(created, worked)
    last_week = datetime(2026, 11, 24, tzinfo=timezone.utc)
    still_open = [
        r is None or r > AS_OF or (t >= last_week and rng.random() < 0.5)
        for t, r in zip(created, resolved)
    ]
    return pd.DataFrame(
        {
            "created": pd.to_datetime(created),
            "resolved": pd.to_datetime([None if o else r for r, o in zip(resolved, still_open)]),
            "priority": [pairs[i][1] for i in chosen],
            "category": [pairs[i][0] for i in chosen],
        },
        index=pd.Index([f"T-{i + 1:05d}" for i in range(n)], name="ticket"),
    )


def ticket_spec(ticket_id: str, row: Any) -> dict[str, Any]:
    """One row as the ticket contract: timestamps go in as aware datetimes."""
    events: list[dict[str, Any]] = [
        {"at": row.created, "type": "created", "priority": row.priority, "category": row.category}
    ]
    if not pd.isna(row.resolved):
        events.append({"at": row.resolved, "type": "resolved"})
    return {"id": ticket_id, "events": events}


def evaluate(tickets: pd.DataFrame, policy: sla.Policy, at: datetime) -> pd.DataFrame:
    """`tickets` with each ticket's resolution deadline, state and working time."""
    specs = [ticket_spec(i, row) for i, row in zip(tickets.index, tickets.itertuples())]
    reports = policy.evaluate_many(specs, at)
    resolution = [r.metric("resolution") for r in reports]
    out = tickets.copy()
    out["target"] = [m.target if m else None for m in resolution]
    out["deadline"] = pd.to_datetime([m.deadline if m else None for m in resolution], utc=True).tz_convert(ZONE)
    out["state"] = [m.state if m else "n/a" for m in resolution]
    # Working time to resolution, in one call over the two columns
    # (datetime64 values are UTC; NaT, for open tickets, stays NaT).
    calendar = policy.calendar("business")
    spent = calendar.between_many(
        tickets["created"].to_numpy("datetime64[s]"), tickets["resolved"].to_numpy("datetime64[s]")
    )
    out["working_hours"] = pd.Series(spent, index=tickets.index).dt.total_seconds() / 3600
    return out


def compliance(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Per category and priority: tickets, met, breached, still running, the
    share met of those decided (met or breached), and the median working
    hours to resolution."""
    g = evaluated.assign(
        met=evaluated["state"].eq("met"),
        breached=evaluated["state"].eq("breached"),
        running=evaluated["state"].eq("running"),
    ).groupby(["category", "priority"], sort=False)
    table = g.agg(
        tickets=("state", "size"),
        target=("target", "first"),
        met=("met", "sum"),
        breached=("breached", "sum"),
        running=("running", "sum"),
        median_hours=("working_hours", "median"),
    )
    table["compliance_pct"] = (100 * table["met"] / (table["met"] + table["breached"])).round(1)
    table["median_hours"] = table["median_hours"].round(1)
    order = {p: i for i, p in enumerate(["highest", "high", "medium", "low", "none"])}
    return table.sort_index(key=lambda s: s.map(order) if s.name == "priority" else s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tickets", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    policy = sla.Policy(POLICY)
    at = AS_OF
    tickets = sample_tickets(args.tickets, args.seed)
    table = compliance(evaluate(tickets, policy, at))
    print(f"{policy.name}: {len(tickets)} tickets, as of {at.isoformat()}\n")
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(table.to_string())
    decided = table["met"].sum() + table["breached"].sum()
    print(f"\noverall compliance: {100 * table['met'].sum() / decided:.1f}% of {decided} decided tickets")


if __name__ == "__main__":
    main()
