"""Policy.evaluate_table / PolicySet.evaluate_table: a long table of events
in, (metrics, tickets) out; each ticket's answer is Policy.evaluate's."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import sla
from conftest import REPO

HELPDESK = REPO / "examples" / "policies" / "helpdesk.toml"
HELPDESK_SET = REPO / "examples" / "policy_sets" / "helpdesk_by_customer.toml"
AT = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)

R3_REASONS = ["diagnostics", "external_vendor", "postponed", "waiting_for_info"]
R3_PRIORITIES = ["highest", "high", "medium", "low", "none"]
R3_CATEGORIES = ["incident", "consultation", "service_nontypical", "change_request"]
# The priorities each category allows (the others are "not allowed" pairs).
R3_ALLOWED = {
    "incident": ["highest", "high", "medium", "low"],
    "consultation": ["medium", "low"],
    "service_nontypical": ["medium", "low"],
}


def _times(rng: random.Random, n: int) -> list[datetime]:
    t = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(330 * 86400))
    out = []
    for _ in range(n):
        out.append(t)
        step = rng.choice([0, 1, 59, 600, 3600, 5 * 3600, 86400, 3 * 86400])
        t = t + timedelta(seconds=step, microseconds=rng.choice([0, 0, 0, 1, 500_000]))
    return out


def r3_ticket(rng: random.Random) -> list[dict[str, Any]]:
    """Mostly valid R3 histories; some break a rule on purpose."""
    n = rng.randrange(1, 9)
    category = rng.choice(list(R3_ALLOWED))
    allowed = R3_ALLOWED[category]
    if rng.random() < 0.03:  # any pair, often a forbidden one
        category, allowed = rng.choice(R3_CATEGORIES), R3_PRIORITIES
    events: list[dict[str, Any]] = [
        {"type": "created", "priority": rng.choice(allowed), "category": category}
    ]
    paused = resolved = False
    for _ in range(n - 1):
        if rng.random() < 0.04:  # anything at all, often wrong
            events.append({"type": rng.choice(["resumed", "reopened", "teleported", "closed"])})
            continue
        if paused:
            events.append({"type": "resumed"})
            paused = False
        elif resolved:
            events.append({"type": rng.choice(["reopened", "closed"])})
            resolved = False
        else:
            kind = rng.choice(["paused", "responded", "priority_changed", "resolved", "accepted"])
            e: dict[str, Any] = {"type": kind}
            if kind == "paused":
                e["reason"] = rng.choice(R3_REASONS) if rng.random() > 0.01 else "bogus"
                paused = True
            elif kind == "priority_changed":
                e["priority"] = rng.choice(allowed)
            elif kind == "resolved":
                resolved = True
            events.append(e)
    for e, t in zip(events, _times(rng, len(events))):
        e["at"] = t
    return events


def helpdesk_ticket(rng: random.Random) -> list[dict[str, Any]]:
    """Helpdesk histories with statuses, replies and cycles."""
    created: dict[str, Any] = {
        "type": "created",
        "priority": rng.choice(["urgent", "high", "normal"]),
        "category": rng.choice(["question", "incident"]),
    }
    if rng.random() < 0.7:
        created["customer"] = rng.choice(["acme", "globex", "initech"])
    if rng.random() < 0.1:
        created["plan"] = "free"
    events = [created]
    for _ in range(rng.randrange(0, 10)):
        kind = rng.choice(["customer_replied", "agent_replied", "status_changed", "status_changed"])
        e: dict[str, Any] = {"type": kind}
        if kind == "status_changed":
            e["status"] = rng.choice(["open", "pending", "on_hold", "solved", "open"])
        if kind == "customer_replied" and rng.random() < 0.5:
            e["channel"] = rng.choice(["email", "chat"])
        events.append(e)
    for e, t in zip(events, _times(rng, len(events))):
        e["at"] = t
    return events


ATTRIBUTES = ("customer", "plan", "channel")


def as_spec(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-contract form of generated events (attributes nested)."""
    out = []
    for e in events:
        spec = {k: (v.isoformat() if k == "at" else v) for k, v in e.items() if k not in ATTRIBUTES}
        attributes = {k: e[k] for k in ATTRIBUTES if k in e}
        if attributes:
            spec["attributes"] = attributes
        out.append(spec)
    return {"events": out}


def as_table(tickets: dict[Any, list[dict[str, Any]]]) -> pa.Table:
    columns = ["ticket_id", "at", "type", "priority", "category", "reason", "status", *ATTRIBUTES]
    rows: dict[str, list[Any]] = {c: [] for c in columns}
    for tid, events in tickets.items():
        for e in events:
            rows["ticket_id"].append(tid)
            for c in columns[1:]:
                rows[c].append(e.get(c))
    schema = {"at": pa.timestamp("us", tz="UTC")}
    return pa.table({c: pa.array(v, type=schema.get(c, pa.string()) if c != "ticket_id" else None) for c, v in rows.items()})


def stamp(t: Any) -> int | None:
    return None if t is None else int(t.timestamp())


def expected_rows(report: sla.Report) -> list[tuple[Any, ...]]:
    rows = []
    for m in report.metrics:
        items = m.cycles.items if m.cycles is not None else []
        if not items:
            rows.append((m.metric, None, m.state, stamp(m.started_at), stamp(m.stopped_at),
                         stamp(m.deadline), stamp(m.breached_at), m.worked_seconds,
                         m.remaining_seconds, m.percent_used))
            continue
        for i, c in enumerate(items):
            last = i == len(items) - 1
            rows.append((m.metric, i + 1, c.state, stamp(c.started_at), stamp(c.stopped_at),
                         stamp(c.deadline), stamp(c.breached_at), c.worked_seconds,
                         m.remaining_seconds if last else None, m.percent_used if last else None))
    return rows


METRIC_COLUMNS = ["metric", "cycle", "state", "started_at", "stopped_at", "deadline",
                  "breached_at", "worked_seconds", "remaining_seconds", "percent_used"]


def table_rows(metrics: pa.Table) -> dict[Any, list[tuple[Any, ...]]]:
    out: dict[Any, list[tuple[Any, ...]]] = {}
    cols = metrics.to_pydict()
    for i, tid in enumerate(cols["ticket_id"]):
        row = tuple(stamp(cols[c][i]) if c.endswith("_at") or c == "deadline" else cols[c][i]
                    for c in METRIC_COLUMNS)
        out.setdefault(tid, []).append(row)
    return out


def check_against_evaluate(evaluate: Any, tickets: dict[Any, list[dict[str, Any]]],
                           metrics: pa.Table, tickets_out: pa.Table) -> tuple[int, int]:
    got = table_rows(metrics)
    t = tickets_out.to_pydict()
    assert t["ticket_id"] == list(tickets)  # one row per ticket, in order
    ok = failed = 0
    for i, (tid, events) in enumerate(tickets.items()):
        try:
            report = evaluate(as_spec(events))
        except sla.SlaError as e:
            failed += 1
            assert (t["error_kind"][i], t["error_message"][i]) == (e.kind, str(e)), tid
            assert tid not in got
            continue
        ok += 1
        assert t["error_kind"][i] is None and t["error_message"][i] is None, (tid, t["error_message"][i])
        if isinstance(report, sla.SetReport):
            assert (t["policy"][i], t["rule"][i]) == (report.policy, report.rule), tid
            report = report.report
            if report is None:
                assert tid not in got
                continue
        assert got.get(tid, []) == expected_rows(report), tid
        assert t["status"][i] == report.status and t["priority"][i] == report.priority
        assert stamp(t["next_change_at"][i]) == stamp(report.next_change_at)
    return ok, failed


def test_r3_random_tickets_match_policy_evaluate(r3: sla.Policy) -> None:
    rng = random.Random(20261203)
    tickets = {f"R3-{i}": r3_ticket(rng) for i in range(3000)}
    metrics, tickets_out = r3.evaluate_table(as_table(tickets), AT)
    ok, failed = check_against_evaluate(lambda s: r3.evaluate(s, AT), tickets, metrics, tickets_out)
    assert ok > 2000 and failed > 50, (ok, failed)  # both paths are exercised


def test_helpdesk_cycles_match_policy_evaluate() -> None:
    policy = sla.Policy(HELPDESK)
    rng = random.Random(7)
    tickets = {i: helpdesk_ticket(rng) for i in range(2000)}
    for events in tickets.values():  # the single policy knows no "plan"
        events[0].pop("plan", None)
    metrics, out = policy.evaluate_table(as_table(tickets), AT)
    ok, failed = check_against_evaluate(lambda s: policy.evaluate(s, AT), tickets, metrics, out)
    assert ok > 1500, (ok, failed)
    assert metrics.column("cycle").null_count < len(metrics)  # cycles are there


def test_policy_set_matches_set_evaluate() -> None:
    policy_set = sla.PolicySet(HELPDESK_SET)
    rng = random.Random(11)
    tickets = {f"H{i}": helpdesk_ticket(rng) for i in range(2000)}
    metrics, out = policy_set.evaluate_table(as_table(tickets), AT)
    ok, _ = check_against_evaluate(lambda s: policy_set.evaluate(s, AT), tickets, metrics, out)
    assert ok > 1500
    assert set(out.column("rule").to_pylist()) >= {"acme", "globex", "free plan", None}


def test_row_order_does_not_matter(r3: sla.Policy) -> None:
    rng = random.Random(3)
    tickets = {f"T{i}": r3_ticket(rng) for i in range(500)}
    for events in tickets.values():  # no two events of a ticket in one second
        for k, e in enumerate(events[1:], 1):
            e["at"] = max(e["at"], events[k - 1]["at"] + timedelta(seconds=1)).replace(microsecond=0)
    table = as_table(tickets)
    shuffled = table.take(pa.array(rng.sample(range(len(table)), len(table))))
    m1, t1 = r3.evaluate_table(table, AT)
    m2, t2 = r3.evaluate_table(shuffled, AT)
    assert table_rows(m1) == table_rows(m2)
    key = lambda t: sorted(zip(*t.to_pydict().values()), key=lambda r: r[0])  # noqa: E731
    assert key(t1) == key(t2)


def small_events() -> dict[str, list[Any]]:
    t0 = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)  # Monday 10:00 in Moscow
    return {
        "ticket_id": ["A", "A", "B", "C"],
        "at": [t0, t0 + timedelta(hours=30), t0, t0],
        "type": ["created", "resolved", "created", "created"],
        "priority": ["high", None, "urgent", "low"],
        "category": ["incident", None, "incident", "incident"],
    }


def test_frame_kinds_in_and_out(r3: sla.Policy) -> None:
    data = small_events()
    arrow = pa.table(data)
    m, t = r3.evaluate_table(arrow, AT)
    assert isinstance(m, pa.Table) and isinstance(t, pa.Table)
    assert m.schema.field("deadline").type == pa.timestamp("us", tz="Europe/Moscow")
    assert t.column("error_kind").to_pylist() == [None, "policy", None]
    pm, pt = r3.evaluate_table(pl.DataFrame(data), AT)
    assert isinstance(pm, pl.DataFrame) and isinstance(pt, pl.DataFrame)
    assert pm.to_arrow().to_pydict() == m.to_pydict()
    dm, dt = r3.evaluate_table(pd.DataFrame(data), AT)
    assert isinstance(dm, pd.DataFrame) and isinstance(dt, pd.DataFrame)
    assert list(dm["state"]) == m.column("state").to_pylist()
    assert list(dt.columns) == t.column_names


def test_errors_raise_names_the_ticket(r3: sla.Policy) -> None:
    with pytest.raises(sla.PolicyError, match="urgent") as info:
        r3.evaluate_table(pa.table(small_events()), AT, errors="raise")
    assert info.value.__notes__ == ['in the ticket with ticket_id "B"']
    with pytest.raises(ValueError, match="collect"):
        r3.evaluate_table(pa.table(small_events()), AT, errors="ignore")


def test_a_missing_column_and_naive_times_are_named(r3: sla.Policy) -> None:
    data = small_events()
    del data["type"]
    with pytest.raises(sla.InputError, match='no column "type"'):
        r3.evaluate_table(pa.table(data), AT)
    data = small_events()
    data["at"] = [t.replace(tzinfo=None) for t in data["at"]]
    with pytest.raises(sla.InputError, match="without a time zone"):
        r3.evaluate_table(pa.table(data), AT)
    with pytest.raises(TypeError):
        r3.evaluate_table([{"ticket_id": 1}], AT)


def test_nulls_text_times_and_integer_ids(r3: sla.Policy) -> None:
    data = small_events()
    data["ticket_id"] = [1, 1, None, 3]
    data["at"] = [t.isoformat() if t else None for t in data["at"]]
    data["at"][3] = None
    m, t = r3.evaluate_table(pa.table(data), AT)
    assert t.column("ticket_id").type == pa.int64()
    assert t.column("ticket_id").to_pylist() == [1, None, 3]
    kinds = t.column("error_kind").to_pylist()
    # A row without a ticket_id names no ticket: an input error of its own,
    # whatever its events say (here an "urgent" priority R3 does not know).
    assert kinds[0] is None and kinds[1] == "input"
    assert "without a ticket_id" in t.column("error_message")[1].as_py()
    assert kinds[2] == "event" and "at" in t.column("error_message")[2].as_py()
    assert m.column("ticket_id").to_pylist() == [1]
    reference = r3.evaluate(as_spec([{k: small_events()[k][i] for k in data if k != "ticket_id" and small_events()[k][i] is not None} for i in (0, 1)]), AT)
    assert m.column("state").to_pylist() == [x.state for x in reference.metrics]


def test_an_empty_table_gives_empty_tables_in_every_frame_kind(r3: sla.Policy) -> None:
    full_m, full_t = r3.evaluate_table(pa.table(small_events()), AT)
    arrow = pa.table(small_events()).slice(0, 0)
    no_batches = pa.Table.from_batches([], arrow.schema)
    for empty in (arrow, no_batches):
        m, t = r3.evaluate_table(empty, AT)
        assert (m.num_rows, t.num_rows) == (0, 0)
        assert m.schema == full_m.schema and t.schema == full_t.schema
    pm, pt = r3.evaluate_table(pl.DataFrame(small_events()).clear(), AT)
    assert isinstance(pm, pl.DataFrame) and (pm.height, pt.height) == (0, 0)
    assert pm.schema == pl.from_arrow(full_m).schema and pt.schema == pl.from_arrow(full_t).schema
    dm, dt = r3.evaluate_table(pd.DataFrame(small_events()).iloc[:0], AT)
    assert isinstance(dm, pd.DataFrame) and (len(dm), len(dt)) == (0, 0)
    assert list(dm.columns) == full_m.column_names and list(dt.columns) == full_t.column_names
    assert dm["deadline"].dtype == full_m.column("deadline").to_pandas().dtype
    sm, st = sla.PolicySet(HELPDESK_SET).evaluate_table(arrow, AT)
    assert (sm.num_rows, st.num_rows) == (0, 0) and "rule" in st.column_names
