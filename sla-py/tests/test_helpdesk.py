"""A helpdesk's own history through the binding: declared events with
attributes, statuses that pause and stop, next-response and periodic-update
cycles, reopenings. The policy is the bundled examples/policies/helpdesk.toml
(Mon-Fri 09:00-17:00 Europe/Berlin); March 2026 in Berlin is +01:00 and
2026-03-02 is a Monday. sla-wasm/tests/helpdesk.test.mjs mirrors this file."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import sla
from conftest import REPO

HELPDESK = REPO / "examples" / "policies" / "helpdesk.toml"
CET = timezone(timedelta(hours=1))


@pytest.fixture(scope="module")
def helpdesk() -> sla.Policy:
    return sla.Policy(HELPDESK)


def at(day: int, hm: str) -> str:
    return f"2026-03-{day:02}T{hm}:00+01:00"


def when(day: int, hm: str) -> datetime:
    return datetime.fromisoformat(at(day, hm))


def ev(day: int, hm: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"at": at(day, hm), "type": kind, **fields}


def created(day: int, hm: str, priority: str, category: str) -> dict[str, Any]:
    return ev(day, hm, "created", priority=priority, category=category, status="new")


def status(day: int, hm: str, s: str) -> dict[str, Any]:
    return ev(day, hm, "status_changed", status=s)


def ticket(*events: dict[str, Any]) -> dict[str, Any]:
    return {"id": "HD-1", "events": list(events)}


def metric(report: sla.Report, id: str) -> sla.MetricReport:
    m = report.metric(id)
    assert m is not None, f"metric {id} missing"
    return m


def test_a_declared_event_with_its_attribute_starts_the_next_response(helpdesk: sla.Policy) -> None:
    report = helpdesk.evaluate(
        ticket(
            created(2, "09:00", "high", "question"),
            ev(2, "10:00", "customer_replied", attributes={"channel": "email"}),
        ),
        when(2, "12:00"),
    )
    assert report.helpdesk_status == report.to_dict()["helpdesk_status"] == "new"
    nxt = metric(report, "next_response")
    assert nxt.state == "running"
    assert nxt.started_at == when(2, "10:00")
    assert nxt.deadline == when(2, "14:00")  # high: 4h
    assert nxt.cause == "started at customer_replied"
    assert nxt.cycles is not None
    assert (nxt.cycles.total, nxt.cycles.met, nxt.cycles.breached) == (1, 0, 0)
    # A metric that runs once lists no cycles.
    assert metric(report, "first_response").cycles is None
    assert metric(report, "first_response").to_dict()["cycles"] is None


def test_next_response_cycles_are_listed_with_counts(helpdesk: sla.Policy) -> None:
    report = helpdesk.evaluate(
        ticket(
            created(2, "09:00", "normal", "question"),
            ev(2, "10:00", "agent_replied"),
            ev(2, "11:00", "customer_replied"),
            # A second message before the reply does not open another cycle.
            ev(2, "12:00", "customer_replied", attributes={"channel": "phone"}),
            ev(2, "13:00", "agent_replied"),
            ev(2, "14:00", "customer_replied"),
        ),
        when(3, "15:00"),
    )
    nxt = metric(report, "next_response")
    # normal: 1 working day (8 h) from Monday 14:00 is Tuesday 14:00.
    assert (nxt.state, nxt.deadline) == ("breached", when(3, "14:00"))
    cycles = nxt.cycles
    assert isinstance(cycles, sla.CycleList)
    assert (cycles.total, cycles.met, cycles.breached) == (2, 1, 1)
    first, current = cycles.items
    assert isinstance(first, sla.CycleReport)
    assert first.state == "met"
    assert (first.started_at, first.stopped_at) == (when(2, "11:00"), when(2, "13:00"))
    assert first.deadline == when(3, "11:00")
    assert first.breached_at is None
    assert first.worked_seconds == 2 * 3600
    assert first.thresholds == []
    assert current.state == "breached"
    assert (current.started_at, current.stopped_at) == (when(2, "14:00"), None)
    assert current.breached_at == when(3, "14:00")
    assert current.worked_seconds == 9 * 3600  # Monday 3 h, Tuesday 6 h
    # The properties mirror the JSON contract.
    d = nxt.to_dict()["cycles"]
    assert cycles.to_dict() == d
    assert json.loads(cycles.to_json()) == d
    assert [c.to_dict() for c in cycles.items] == d["items"]
    assert cycles == nxt.cycles
    assert repr(first).startswith('CycleReport({"state":"met"')


def test_a_status_pauses_the_resolution_and_names_the_status(helpdesk: sla.Policy) -> None:
    events = [
        created(2, "09:00", "urgent", "question"),
        status(2, "10:00", "pending"),
        ev(2, "11:00", "paused", reason="agreed_with_customer"),
        status(2, "12:00", "open"),
        ev(2, "13:00", "resumed"),
    ]
    report = helpdesk.evaluate(ticket(*events[:2]), when(2, "10:30"))
    assert report.helpdesk_status == "pending"
    # The helpdesk status is not the ticket's own pause.
    assert (report.status, report.pause_reason) == ("open", None)
    res = metric(report, "resolution")
    assert (res.state, res.pause_reason) == ("paused", "pending")
    assert res.projected_deadline == when(2, "13:30")
    # The explicit pause names the reason while both hold the clock...
    res = metric(helpdesk.evaluate(ticket(*events[:4]), when(2, "12:30")), "resolution")
    assert (res.state, res.pause_reason) == ("paused", "agreed_with_customer")
    # ... and the clock runs again only once neither does: 1 h worked, 3 h from 13:00.
    res = metric(helpdesk.evaluate(ticket(*events), when(2, "14:00")), "resolution")
    assert (res.state, res.deadline, res.pause_reason) == ("running", when(2, "16:00"), None)


def test_a_periodic_update_missed_waits_and_the_solved_status_ends_it(helpdesk: sla.Policy) -> None:
    events = ticket(
        created(2, "09:00", "urgent", "incident"),
        ev(2, "10:30", "agent_replied"),
        status(2, "14:00", "solved"),
    )
    upd = metric(helpdesk.evaluate(events, when(2, "13:00")), "periodic_update")
    assert (upd.state, upd.started_at, upd.deadline) == ("breached", when(2, "10:30"), when(2, "12:30"))
    assert upd.cycles is not None and upd.cycles.total == 2
    upd = metric(helpdesk.evaluate(events, when(2, "15:00")), "periodic_update")
    assert (upd.state, upd.stopped_at) == ("breached", when(2, "14:00"))
    assert upd.cycles is not None
    assert (upd.cycles.total, upd.cycles.met, upd.cycles.breached) == (2, 1, 1)
    assert [(c.state, c.stopped_at) for c in upd.cycles.items] == [
        ("met", when(2, "10:30")),
        ("breached", when(2, "14:00")),
    ]
    # Questions have no periodic update at all.
    report = helpdesk.evaluate(ticket(created(2, "09:00", "urgent", "question")), when(2, "10:00"))
    assert report.metric("periodic_update") is None


def test_a_reopening_restarts_or_continues_as_the_metric_says(helpdesk: sla.Policy) -> None:
    events = ticket(
        created(2, "09:00", "normal", "question"),
        status(2, "11:00", "solved"),
        status(3, "09:00", "open"),
    )
    # The bundled policy continues: 2 h worked Monday, 22 h from Tuesday 09:00.
    res = metric(helpdesk.evaluate(events, when(3, "10:00")), "resolution")
    assert (res.state, res.deadline, res.worked_seconds) == ("running", when(5, "15:00"), 3 * 3600)
    spec = helpdesk.spec
    resolution = next(m for m in spec["metrics"] if m["id"] == "resolution")
    resolution["on_reopen"] = "restart"
    restarting = sla.Policy(spec)
    res = metric(restarting.evaluate(events, when(3, "10:00")), "resolution")
    # The full 3 working days (24 h) from Tuesday 09:00: Thursday 17:00.
    assert (res.state, res.deadline, res.worked_seconds) == ("running", when(5, "17:00"), 3600)
    assert res.cause == "reopened: restarted with the full target"
    assert res.cycles is None


def test_an_undeclared_event_type_is_an_event_error_listing_the_known_ones(
    helpdesk: sla.Policy,
) -> None:
    with pytest.raises(sla.EventError) as e:
        helpdesk.ticket(ticket(created(2, "09:00", "high", "question"), ev(2, "10:00", "customer_wrote")))
    message = str(e.value)
    assert message.startswith(
        'event #1 (customer_wrote) is not allowed: unknown event type "customer_wrote" (known: "created", '
    )
    assert message.endswith('"status_changed", "customer_replied", "agent_replied", "merged")')
    assert e.value.kind == "event"


def test_an_undeclared_attribute_is_an_event_error(helpdesk: sla.Policy) -> None:
    bad = ev(2, "10:00", "customer_replied", attributes={"mood": "angry"})
    with pytest.raises(sla.EventError) as e:
        helpdesk.evaluate(ticket(created(2, "09:00", "high", "question"), bad), when(2, "12:00"))
    assert str(e.value) == (
        'event #1 (customer_replied) is not allowed: unknown attribute "mood" (known: "channel")'
    )
    # A built-in type other than created takes none.
    with pytest.raises(sla.EventError, match='field "attributes" does not belong to this event type'):
        helpdesk.ticket(
            ticket(created(2, "09:00", "high", "question"), ev(2, "10:00", "resolved", attributes={"a": "b"}))
        )


def test_an_unknown_status_is_a_policy_error_like_an_unknown_priority(helpdesk: sla.Policy) -> None:
    with pytest.raises(sla.PolicyError) as e:
        helpdesk.ticket(ticket(created(2, "09:00", "high", "question"), status(2, "10:00", "waiting")))
    assert 'unknown status "waiting" (known: "new", "open", "pending", "on_hold", "solved", "closed")' in str(
        e.value
    )
