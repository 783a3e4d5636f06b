"""sla.Policy, sla.Ticket and the report classes (sla-core's policy/ and
clock/): construction from every source, properties mirroring the Rust
structs, to_dict() equal to the JSON contract."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import sla
from conftest import MSK, R3_POLICY

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=MSK)


def events(*extra: dict[str, Any], priority: str = "high") -> dict[str, Any]:
    return {
        "id": "T-1",
        "events": [
            {
                "at": "2026-03-02T11:00:00+03:00",
                "type": "created",
                "priority": priority,
                "category": "incident",
            },
            *extra,
        ],
    }


def parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


# ----- construction -----------------------------------------------------------


def test_every_source_gives_the_same_policy(r3: sla.Policy) -> None:
    toml_text = R3_POLICY.read_text(encoding="utf-8")
    sources = [
        sla.Policy(str(R3_POLICY)),
        sla.Policy(Path(R3_POLICY)),
        sla.Policy.from_toml(toml_text),
        sla.Policy(r3.spec),
        sla.Policy(json.dumps(r3.spec)),
        sla.Policy.from_json(json.dumps(r3.spec)),
    ]
    for p in sources:
        assert p.spec == r3.spec
        assert p.name == "R3: regional budget system support"


def test_a_json_policy_file(tmp_path: Path, r3: sla.Policy) -> None:
    path = tmp_path / "r3.json"
    path.write_text(json.dumps(r3.spec), encoding="utf-8")
    assert sla.Policy(path).spec == r3.spec


def test_properties(r3: sla.Policy) -> None:
    assert r3.priorities == ["highest", "high", "medium", "low", "none"]
    assert r3.categories[:3] == ["incident", "incident_workaround", "consultation"]
    assert r3.metrics == ["resolution", "conclusion", "timeline_answer"]
    assert r3.calendar_names == ["business"]
    cal = r3.calendar("business")
    assert isinstance(cal, sla.Calendar)
    assert cal.timezone == "Europe/Moscow"
    assert cal.covered_years == [2024, 2025, 2026, 2027]
    with pytest.raises(sla.PolicyError, match='unknown calendar "office"'):
        r3.calendar("office")
    assert repr(r3) == '<Policy name="R3: regional budget system support">'


def test_ticket(r3: sla.Policy) -> None:
    ticket = r3.ticket(events({"at": "2026-03-02T11:30:00+03:00", "type": "responded"}))
    assert ticket.id == "T-1"
    assert len(ticket) == 2
    assert r3.ticket(json.dumps(events())).id == "T-1"
    assert r3.ticket({"events": events()["events"]}).id is None


def test_event_instants_may_be_aware_datetimes(r3: sla.Policy) -> None:
    spec = events()
    spec["events"][0]["at"] = datetime(2026, 3, 2, 11, 0, tzinfo=MSK)
    a = r3.evaluate(spec, NOON)
    b = r3.evaluate(events(), NOON)
    assert a == b


# ----- evaluation and the report objects --------------------------------------


def test_evaluate_a_ticket_a_dict_or_json_alike(r3: sla.Policy) -> None:
    spec = events()
    by_ticket = r3.evaluate(r3.ticket(spec), NOON)
    assert r3.evaluate(spec, NOON) == by_ticket
    assert r3.evaluate(json.dumps(spec), NOON) == by_ticket
    assert r3.evaluate(spec, NOON.astimezone(timezone.utc)) == by_ticket


def test_report_properties_mirror_to_dict(r3: sla.Policy) -> None:
    report = r3.evaluate(
        events({"at": "2026-03-02T11:30:00+03:00", "type": "paused", "reason": "diagnostics"}),
        NOON,
        explain=True,
    )
    d = report.to_dict()
    assert json.loads(report.to_json()) == d
    assert report.ticket == d["ticket"] == "T-1"
    assert report.at == parse(d["at"])
    assert report.next_change_at == parse(d["next_change_at"])
    assert report.status == d["status"] == "paused"
    assert report.priority == d["priority"]
    assert report.category == d["category"]
    assert report.pause_reason == d["pause_reason"] == "diagnostics"
    assert len(report.metrics) == len(d["metrics"])
    for m, md in zip(report.metrics, d["metrics"]):
        assert m.to_dict() == md
        for name in (
            "metric",
            "state",
            "calendar",
            "target",
            "cause",
            "worked_seconds",
            "remaining_seconds",
            "percent_used",
            "outside_working_hours",
            "pause_reason",
        ):
            assert getattr(m, name) == md[name], name
        for name in ("started_at", "stopped_at", "deadline", "breached_at"):
            assert getattr(m, name) == parse(md[name]), name
        assert m.worked == timedelta(seconds=m.worked_seconds)
        assert m.remaining == (
            None if m.remaining_seconds is None else timedelta(seconds=m.remaining_seconds)
        )
        for th, thd in zip(m.thresholds, md["thresholds"]):
            assert (th.threshold, th.at, th.reached) == (thd["threshold"], parse(thd["at"]), thd["reached"])
            assert th.to_dict() == thd
        assert m.timeline is not None
        assert m.timeline.to_dict() == md["timeline"]
        for h, hd in zip(m.timeline.history, md["timeline"]["history"]):
            assert (h.at, h.cause, h.deadline) == (parse(hd["at"]), hd["cause"], parse(hd["deadline"]))
            assert h.to_dict() == hd
        for s, sd in zip(m.timeline.segments, md["timeline"]["segments"]):
            assert s.start == parse(sd["start"])
            assert s.end == parse(sd["end"])
            assert (s.kind, s.reason, s.working_seconds, s.projected) == (
                sd["kind"],
                sd["reason"],
                sd["working_seconds"],
                sd["projected"],
            )
            assert s.to_dict() == sd
    for t, td in zip(report.timers, d["timers"]):
        assert (t.timer, t.state, t.started_at, t.due) == (
            td["timer"],
            td["state"],
            parse(td["started_at"]),
            parse(td["due"]),
        )
        assert t.to_dict() == td


def test_deadline_and_states(r3: sla.Policy) -> None:
    # incident/high = 3 working days of 9 h from Monday 11:00.
    report = r3.evaluate(events(), NOON)
    resolution = report.metric("resolution")
    assert resolution is not None
    assert resolution.state == "running"
    assert resolution.target == "3 working days"
    assert resolution.deadline == datetime(2026, 3, 5, 11, 0, tzinfo=timezone(timedelta(hours=3)))
    assert resolution.worked == timedelta(hours=1)
    assert resolution.remaining == timedelta(hours=26)
    assert resolution.timeline is None
    assert report.metric("conclusion") is None
    resolved = r3.evaluate(
        events({"at": "2026-03-03T10:00:00+03:00", "type": "resolved"}),
        datetime(2026, 3, 10, 12, tzinfo=MSK),
    )
    assert resolved.status == "resolved"
    assert resolved.metrics[0].state == "met"
    assert [t.timer for t in resolved.timers] == ["auto_close", "reject_waiting_for_info"]
    assert resolved.timers[0].state == "running"


def test_next_change_at_is_when_to_look_again(r3: sla.Policy) -> None:
    # Running at noon: the countdown stops at the closing, starts again at
    # the opening; the report is the same at every instant in between.
    report = r3.evaluate(events(), NOON)
    closing = datetime(2026, 3, 2, 18, tzinfo=MSK)
    assert report.next_change_at == closing
    assert report.next_change_at.utcoffset() == timedelta(hours=3)
    assert report.to_dict()["next_change_at"] == "2026-03-02T18:00:00+03:00"
    at_closing = r3.evaluate(events(), closing)
    assert at_closing.metrics[0].outside_working_hours
    assert at_closing.next_change_at == datetime(2026, 3, 3, 9, tzinfo=MSK)
    # Resolved and met: only the auto-close timer is left to come due.
    resolved = r3.evaluate(
        events({"at": "2026-03-02T12:30:00+03:00", "type": "resolved"}),
        datetime(2026, 3, 2, 13, tzinfo=MSK),
    )
    assert resolved.timers[0].state == "running"
    assert resolved.next_change_at == resolved.timers[0].due
    closed = r3.evaluate(
        events({"at": "2026-03-02T12:30:00+03:00", "type": "closed"}),
        datetime(2026, 3, 2, 13, tzinfo=MSK),
    )
    assert closed.next_change_at is None
    assert closed.to_dict()["next_change_at"] is None


def test_evaluate_many_equals_evaluate(r3: sla.Policy) -> None:
    specs = [events(priority=p) for p in ("highest", "high", "medium", "low")]
    tickets: list[sla.Ticket | dict[str, Any] | str] = [
        r3.ticket(specs[0]),
        specs[1],
        json.dumps(specs[2]),
        specs[3],
    ]
    expected = [r3.evaluate(s, NOON) for s in specs]
    assert r3.evaluate_many(tickets, NOON) == expected
    ats = [NOON + timedelta(hours=h) for h in range(4)]
    assert r3.evaluate_many(tickets, ats, explain=True) == [
        r3.evaluate(s, a, explain=True) for s, a in zip(specs, ats)
    ]
    with pytest.raises(sla.InputError, match="tickets and at differ in length"):
        r3.evaluate_many(tickets, ats[:2])
    with pytest.raises(sla.PolicyError, match="unknown priority"):
        r3.evaluate_many([specs[0], events(priority="urgent")], NOON)


def test_evaluate_many_collects_each_failing_ticket_in_its_place(r3: sla.Policy) -> None:
    bad = dict(events(priority="urgent"), id="T-2")
    late = dict(events(), id="T-4")
    batch = [events(), bad, events(priority="low"), late]
    ats = [NOON, NOON, NOON, datetime(2026, 3, 1, tzinfo=MSK)]  # T-4 before its creation
    got = r3.evaluate_many(batch, ats, errors="collect")
    assert got[0] == r3.evaluate(events(), NOON)
    assert got[2] == r3.evaluate(events(priority="low"), NOON)
    assert isinstance(got[1], sla.PolicyError)
    assert str(got[1]).startswith('ticket #1 ("T-2"): unknown priority "urgent"')
    assert isinstance(got[3], sla.EventError) and str(got[3]).startswith('ticket #3 ("T-4"): ')
    # The default raises the first of them, with the same message.
    with pytest.raises(sla.PolicyError) as raised:
        r3.evaluate_many(batch, ats)
    assert str(raised.value) == str(got[1])
    assert r3.evaluate_many(batch[:1], NOON, errors="raise") == got[:1]
    # A wrong type is still the call's error, and so is a mismatched batch.
    with pytest.raises(TypeError, match="a Ticket or a ticket spec"):
        r3.evaluate_many([events(), 7], NOON, errors="collect")
    with pytest.raises(sla.InputError, match="tickets and at differ in length"):
        r3.evaluate_many(batch, ats[:2], errors="collect")
    with pytest.raises(sla.InputError, match='errors must be "collect" or "raise", not "skip"'):
        r3.evaluate_many(batch, NOON, errors="skip")


def test_reports_are_frozen(r3: sla.Policy) -> None:
    report = r3.evaluate(events(), NOON)
    with pytest.raises(AttributeError):
        report.status = "closed"  # type: ignore[misc]
    assert report != r3.evaluate(events(), NOON + timedelta(hours=1))
    assert repr(report).startswith('Report({"ticket":"T-1"')


# ----- R3 as written: consent requests, paused reports, art. 191 ----------------


def test_consent_request_starts_the_consent_timer_and_the_change_ends_it() -> None:
    policy = sla.Policy(R3_POLICY)
    asked = {"at": "2026-03-02T12:00:00+03:00", "type": "consent_requested", "priority": "medium"}
    report = policy.evaluate(policy.ticket(events(asked)), datetime(2026, 3, 2, 13, 0, tzinfo=MSK))
    (consent,) = [t for t in report.timers if t.timer == "consent"]
    # high = 27 h from Mon 11:00 -> Thu 11:00; 3 working hours before is Thu
    # 08:00 -> Wed 17:00; +1 working day from Mon 12:00 is Tue 12:00: earlier.
    assert (consent.state, consent.due) == ("running", datetime(2026, 3, 3, 12, 0, tzinfo=MSK))
    assert report.priority == "high"
    changed = {"at": "2026-03-02T14:00:00+03:00", "type": "priority_changed", "priority": "medium"}
    report = policy.evaluate(policy.ticket(events(asked, changed)), datetime(2026, 3, 2, 15, 0, tzinfo=MSK))
    (consent,) = [t for t in report.timers if t.timer == "consent"]
    assert consent.state == "cancelled"
    assert report.priority == "medium"


def test_a_paused_metric_reports_a_projected_deadline_and_both_worked_times() -> None:
    policy = sla.Policy(R3_POLICY)
    paused = {"at": "2026-03-02T13:00:00+03:00", "type": "paused", "reason": "postponed"}
    upgrade = {"at": "2026-03-02T14:00:00+03:00", "type": "priority_changed", "priority": "highest"}
    report = policy.evaluate(policy.ticket(events(paused, upgrade)), datetime(2026, 3, 2, 15, 0, tzinfo=MSK))
    resolution = report.metric("resolution")
    assert resolution is not None
    assert resolution.state == "paused"
    assert resolution.deadline is None
    # Restarted at 14:00 with 9 h, still paused: as if resumed at 15:00.
    assert resolution.projected_deadline == datetime(2026, 3, 3, 15, 0, tzinfo=MSK)
    assert (resolution.worked_seconds, resolution.worked_since_start_seconds) == (0, 2 * 3600)


def test_end_of_day_counts_from_the_day_after_the_event() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
    saturday = datetime(2026, 3, 14, 12, 0, tzinfo=MSK)
    assert cal.add_working_days(saturday, 1, "end_of_day") == datetime(2026, 3, 16, 18, 0, tzinfo=MSK)
    assert cal.add_working_days(saturday, 1, "end_of_day_from_opening") == datetime(2026, 3, 17, 18, 0, tzinfo=MSK)


def test_report_instants_in_a_summer_time_zone_become_one_pandas_column() -> None:
    # Report instants carry the calendar's offset at each instant (the JSON
    # contract's), so a column of them across a DST change has the object
    # dtype; the README's one line gives a column in the calendar's zone.
    pd = pytest.importorskip("pandas")
    policy = sla.Policy(
        {
            "name": "berlin",
            "calendars": {"office": "Mon-Fri 09:00-18:00 Europe/Berlin"},
            "priorities": [{"id": "high"}],
            "categories": [{"id": "incident"}],
            "metrics": [{"id": "resolution", "stop": "resolved", "targets": {"*": {"*": "8h"}}}],
        }
    )
    created = ["2026-03-26T10:00:00+01:00", "2026-03-27T16:00:00+01:00"]  # summer time from March 29
    tickets = [
        {"events": [{"at": at, "type": "created", "priority": "high", "category": "incident"}]} for at in created
    ]
    reports = policy.evaluate_many(tickets, "2026-03-27T17:00:00+01:00")
    metrics = [r.metric("resolution") for r in reports]
    deadlines = pd.Series([m.deadline for m in metrics if m is not None])
    assert [d.utcoffset() for d in deadlines] == [timedelta(hours=1), timedelta(hours=2)]
    assert deadlines.dtype == object
    zone = policy.calendar("office").timezone
    column = pd.to_datetime(deadlines, utc=True).dt.tz_convert(zone)
    assert isinstance(column.dtype, pd.DatetimeTZDtype) and str(column.dtype.tz) == "Europe/Berlin"
    assert list(column) == list(deadlines)
    assert list(column.astype(str)) == ["2026-03-26 18:00:00+01:00", "2026-03-30 15:00:00+02:00"]
