"""sla.PolicySet and sla.SetReport (sla-core's policy/set.rs): a policy set
chooses a policy and its calendars by the ticket's attributes. The stories
are tests/policy_sets.rs's, through Python (R5 by licence, re-selection when
an attribute changes, no SLA, a bad set). Moscow is +03:00; 2026-03-07 is a
Saturday and 2026-03-09 a holiday in the Russian production calendar."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import sla
from conftest import REPO

R5_SET = REPO / "examples" / "policy_sets" / "r5_by_licence.toml"
SATURDAY = "2026-03-07T10:00:00+03:00"


def created(licence: str | None = None, priority: str = "emergency") -> dict[str, Any]:
    event: dict[str, Any] = {
        "at": SATURDAY,
        "type": "created",
        "priority": priority,
        "category": "request",
    }
    if licence is not None:
        event["attributes"] = {"licence": licence}
    return {"id": "R5-1", "events": [event]}


def deadline(r: sla.SetReport, metric: str) -> datetime | None:
    assert r.report is not None, "an SLA applies"
    m = r.report.metric(metric)
    assert m is not None
    return m.deadline if m.deadline is not None else m.projected_deadline


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def r5() -> sla.PolicySet:
    return sla.PolicySet(R5_SET)


def licence_set(rule: str = "keep_worked") -> dict[str, Any]:
    """Eight working hours on an office calendar, around the clock for a
    "24x7" or "premium" licence; a "free" plan has no SLA."""
    return {
        "name": "by licence",
        "policies": {
            "support": {
                "name": "support",
                "default_calendar": "office",
                "calendars": {"office": "Mon-Fri 09:00-17:00 UTC", "always": "24x7 UTC"},
                "priorities": [{"id": "high"}],
                "categories": [{"id": "incident"}],
                "events": [{"id": "licence_changed", "attributes": ["licence"]}],
                "metrics": [
                    {
                        "id": "resolution",
                        "stop": "resolved",
                        "on_category_change": rule,
                        "targets": {"*": {"*": "8h"}},
                    }
                ],
            }
        },
        "rules": [
            {"id": "free", "when": {"plan": "free"}, "no_sla": True},
            {
                "id": "around the clock",
                "when": {"licence": ["24x7", "premium"]},
                "policy": "support",
                "calendars": {"office": "always"},
            },
        ],
        "default": "support",
    }


FRIDAY = {
    "events": [
        {"at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high", "category": "incident"},
        {"at": "2026-03-06T15:00:00Z", "type": "licence_changed", "attributes": {"licence": "premium"}},
    ]
}


# ----- construction -----------------------------------------------------------


def test_the_r5_set_reads_from_a_path_toml_json_and_a_dict(r5: sla.PolicySet) -> None:
    assert r5.name == "R5 by licence"
    assert r5.policy_names == ["r5"]
    assert r5.rule_ids == ["emergency_24x7"]
    text = R5_SET.read_text("utf-8")
    spec = r5.spec
    for other in (
        sla.PolicySet.from_toml(text),
        sla.PolicySet(str(R5_SET)),
        sla.PolicySet(spec),
        sla.PolicySet(json.dumps(spec)),
        sla.PolicySet.from_json(json.dumps(spec)),
    ):
        assert other.spec == spec
    assert repr(r5) == '<PolicySet name="R5 by licence">'


def test_a_policy_of_the_set_is_the_r5_policy(r5: sla.PolicySet) -> None:
    policy = r5.policy("r5")
    assert isinstance(policy, sla.Policy)
    assert policy.spec == sla.Policy(REPO / "examples" / "policies" / "r5_security_platform.toml").spec
    with pytest.raises(sla.PolicyError, match='unknown policy "gold"'):
        r5.policy("gold")


def test_a_json_set_file_is_read_by_its_suffix(tmp_path: Path, r5: sla.PolicySet) -> None:
    path = tmp_path / "set.json"
    path.write_text(json.dumps(r5.spec), "utf-8")
    assert sla.PolicySet(path).spec == r5.spec


# ----- R5 ---------------------------------------------------------------------


def test_r5_emergency_runs_around_the_clock_under_a_24x7_licence(r5: sla.PolicySet) -> None:
    r = r5.evaluate(created("24x7"), at(SATURDAY))
    assert (r.policy, r.rule) == ("r5", "emergency_24x7")
    assert deadline(r, "reaction") == at("2026-03-07T12:00:00+03:00")
    assert deadline(r, "resolution") == at("2026-03-07T18:00:00+03:00")
    assert r.report is not None and r.report.ticket == "R5-1"


def test_r5_without_the_licence_counts_business_hours(r5: sla.PolicySet) -> None:
    for ticket in (created("standard"), created()):
        r = r5.evaluate(ticket, SATURDAY)
        assert (r.policy, r.rule) == ("r5", None), "no rule holds: the default policy"
        # Monday the 9th is a holiday: Tuesday 11:00.
        assert deadline(r, "reaction") == at("2026-03-10T11:00:00+03:00")


def test_the_ticket_may_be_a_dict_json_or_a_checked_ticket(r5: sla.PolicySet) -> None:
    spec = created("24x7")
    checked = r5.policy("r5").ticket(spec)
    other = sla.Policy(REPO / "examples" / "policies" / "r5_security_platform.toml").ticket(spec)
    reports = [r5.evaluate(t, SATURDAY) for t in (spec, json.dumps(spec), checked, other)]
    assert all(r == reports[0] for r in reports)
    assert reports[0].rule == "emergency_24x7"
    with pytest.raises(TypeError, match="a Ticket or a ticket spec"):
        r5.evaluate(42, SATURDAY)  # type: ignore[arg-type]


def test_the_report_converts_like_the_other_reports(r5: sla.PolicySet) -> None:
    r = r5.evaluate(created("24x7"), SATURDAY, explain=True)
    d = r.to_dict()
    assert d["policy"] == "r5" and d["rule"] == "emergency_24x7"
    assert r.report is not None
    assert d["report"] == r.report.to_dict()
    assert json.loads(r.to_json()) == d
    assert repr(r).startswith("SetReport({")
    m = r.report.metric("reaction")
    assert m is not None and m.timeline is not None
    assert r != r5.evaluate(created("standard"), SATURDAY)


# ----- re-selection -----------------------------------------------------------


def test_a_changed_attribute_reselects_keeping_the_worked_time() -> None:
    s = sla.PolicySet(licence_set("keep_worked"))
    before = s.evaluate(FRIDAY, "2026-03-06T14:00:00Z")
    assert before.rule is None
    assert deadline(before, "resolution") == at("2026-03-09T13:00:00+00:00")
    after = s.evaluate(FRIDAY, "2026-03-06T16:00:00Z", explain=True)
    assert after.rule == "around the clock"
    # The history counts on 24x7 from 13:00: due at 21:00.
    assert deadline(after, "resolution") == at("2026-03-06T21:00:00+00:00")
    assert after.report is not None
    m = after.report.metric("resolution")
    assert m is not None and m.timeline is not None
    assert m.cause == "selected by the ticket's attributes: worked time kept"
    assert at("2026-03-06T15:00:00+00:00") in [h.at for h in m.timeline.history]


def test_a_changed_attribute_reselects_restarting_under_a_restart_rule() -> None:
    s = sla.PolicySet(licence_set("restart"))
    after = s.evaluate(FRIDAY, "2026-03-06T16:00:00Z")
    assert deadline(after, "resolution") == at("2026-03-06T23:00:00+00:00")
    assert after.report is not None
    m = after.report.metric("resolution")
    assert m is not None
    assert m.cause == "selected by the ticket's attributes: restarted with the full target"


# ----- no SLA -----------------------------------------------------------------


def test_a_no_sla_rule_gives_no_report() -> None:
    s = sla.PolicySet(licence_set())
    free = {
        "events": [
            {
                "at": "2026-03-06T13:00:00Z",
                "type": "created",
                "priority": "high",
                "category": "incident",
                "attributes": {"plan": "free"},
            }
        ]
    }
    r = s.evaluate(free, "2026-03-06T14:00:00Z")
    assert (r.policy, r.rule, r.report) == (None, "free", None)
    assert r.to_dict() == {"policy": None, "rule": "free", "report": None}


def test_a_set_without_default_gives_no_sla_until_a_rule_holds() -> None:
    spec = licence_set()
    del spec["default"]
    s = sla.PolicySet(spec)
    r = s.evaluate(FRIDAY, "2026-03-06T14:00:00Z")
    assert (r.policy, r.rule, r.report) == (None, None, None)
    r = s.evaluate(FRIDAY, "2026-03-06T16:00:00Z")
    assert deadline(r, "resolution") == at("2026-03-06T21:00:00+00:00")


# ----- errors -----------------------------------------------------------------


def test_a_bad_set_raises_policy_error_with_the_core_s_message() -> None:
    spec = licence_set()
    spec["rules"][1]["policy"] = "gold"
    with pytest.raises(sla.PolicyError, match='unknown policy "gold"'):
        sla.PolicySet(spec)
    spec = licence_set()
    spec["rules"][0]["policy"] = "support"
    with pytest.raises(sla.PolicyError) as e:
        sla.PolicySet(spec)
    # The same text in Rust and JavaScript (sla-wasm/tests/policy_set.test.mjs).
    assert str(e.value) == 'invalid policy: policy set "by licence": rule "free": give policy or no_sla = true, not both'
    with pytest.raises(sla.PolicyError, match='unknown field "rule"'):
        sla.PolicySet.from_json('{"name": "x", "policies": {}, "rule": []}')
    spec = licence_set()
    spec["policies"]["support"]["metrics"][0]["stop"] = "done"
    with pytest.raises(sla.PolicyError, match='policy "support"'):
        sla.PolicySet(spec)
    with pytest.raises(TypeError, match="a policy set dict, JSON str or file path"):
        sla.PolicySet(42)  # type: ignore[arg-type]


def test_the_selected_policy_checks_the_ticket() -> None:
    s = sla.PolicySet(licence_set())
    bad = {
        "events": [
            {"at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high", "category": "incident"},
            {"at": "2026-03-06T15:00:00Z", "type": "licence_changed", "attributes": {"seats": "5"}},
        ]
    }
    with pytest.raises(sla.EventError, match='unknown attribute "seats"'):
        s.evaluate(bad, "2026-03-06T16:00:00Z")
    with pytest.raises(sla.InputError):
        s.evaluate(FRIDAY, datetime(2026, 3, 6, 16, 0))  # naive


def test_a_ticket_with_no_event_by_then_is_an_error_without_a_default_too() -> None:
    spec = licence_set()
    del spec["default"]
    s = sla.PolicySet(spec)
    with pytest.raises(sla.EventError) as e:
        s.evaluate(FRIDAY, "2026-03-06T12:00:00Z")
    assert str(e.value) == (
        "the evaluation instant 2026-03-06T12:00:00+00:00 is before the ticket was created (2026-03-06T13:00:00+00:00)"
    )
    with pytest.raises(sla.EventError, match="a ticket needs at least its created event"):
        s.evaluate({"events": []}, "2026-03-06T12:00:00Z")
