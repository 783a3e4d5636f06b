"""The bad-input catalogue shared by the Rust, Python and JS suites
(tests/bad_inputs.json, written by scripts/gen-bad-inputs.py): every case
raises the `sla.SlaError` subclass of its family, with a message containing
the expected fragment.

Every call runs here: `Calendar.add` takes a duration str (`duration`) and
an RFC 3339 str (`instant`), as JavaScript's does, besides a timedelta and a
datetime."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Callable

import pytest

import sla
from conftest import REPO

DOC = json.loads((REPO / "tests" / "bad_inputs.json").read_text(encoding="utf-8"))
ERRORS = {
    "calendar": sla.CalendarError,
    "range": sla.OutOfRangeError,
    "input": sla.InputError,
    "policy": sla.PolicyError,
    "event": sla.EventError,
}


def calendar(spec: Any) -> sla.Calendar:
    """A calendar from a text form or a spec dict; other JSON values as JSON text."""
    if isinstance(spec, (str, dict)):
        return sla.Calendar(spec)
    return sla.Calendar.from_json(json.dumps(spec))


def policy(spec: Any) -> sla.Policy:
    # A str given to sla.Policy is a file path: other values go as JSON text.
    if isinstance(spec, dict):
        return sla.Policy(spec)
    return sla.Policy.from_json(json.dumps(spec))


def evaluate(request: Any) -> Any:
    if isinstance(request, dict):
        return sla.evaluate(request)
    return sla.evaluate_json(json.dumps(request))


CALLS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "calendar_text": lambda a: sla.Calendar(a["text"]),
    "calendar_json": lambda a: calendar(a["spec"]),
    "calendar_json_text": lambda a: sla.Calendar.from_json(a["json"]),
    "calendar_toml": lambda a: sla.Calendar.from_toml(a["toml"]),
    "policy": lambda a: policy(a["policy"]),
    "policy_json_text": lambda a: sla.Policy.from_json(a["json"]),
    "policy_toml": lambda a: sla.Policy.from_toml(a["toml"]),
    "evaluate": lambda a: evaluate(a["request"]),
    "evaluate_json_text": lambda a: sla.evaluate_json(a["json"]),
    "add_working_days": lambda a: calendar(a["calendar"]).add_working_days(
        datetime.fromisoformat(a["t"]), a["n"], a["meaning"]
    ),
    "instant": lambda a: sla.Calendar(DOC["calendar"]).add(a["t"], timedelta(0)),
    "duration": lambda a: sla.Calendar(DOC["calendar"]).add(DOC["t"], a["duration"]),
    "evaluate_many": lambda a: policy(a["policy"]).evaluate_many(
        a["tickets"], a["at"], errors=a.get("errors", "raise")
    ),
    "calendar_any": lambda a: sla.Calendar(a["spec"]),
    "policy_any": lambda a: sla.Policy(a["policy"]),
    "evaluate_any": lambda a: sla.evaluate(a["request"]),
    "preset": lambda a: sla.Calendar.preset(a["name"], a["timezone"]),
    "duration_any": lambda a: sla.Calendar(DOC["calendar"]).add(DOC["t"], a["duration"]),
    "ticket": lambda a: policy_of_tickets().ticket(a["ticket"]),
    "evaluate_ticket": lambda a: policy_of_tickets().evaluate(a["ticket"], DOC["t"]),
    "add_many": lambda a: sla.Calendar(DOC["calendar"]).add_many(a["times"], timedelta(0)),
    "between_many": lambda a: sla.Calendar(DOC["calendar"]).between_many(a["starts"], a["ends"]),
}


def policy_of_tickets() -> sla.Policy:
    """The policy of the catalogue's ticket calls (the one of its `evaluate` cases)."""
    case = next(c for c in DOC["cases"] if c["name"] == "evaluate_ticket_unknown_key")
    return sla.Policy(case["args"]["request"]["policy"])


CASES = DOC["cases"]


def test_catalogue_size_and_calls() -> None:
    assert len(DOC["cases"]) >= 150, f"only {len(DOC['cases'])} cases"
    assert {c["call"] for c in DOC["cases"]} == set(CALLS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_bad_input(case: dict[str, Any]) -> None:
    if case["kind"] == "type":
        # A TypeError, as JavaScript throws for the same value, naming its Python type.
        with pytest.raises(TypeError) as wrong:
            result = CALLS[case["call"]](case["args"])
            pytest.fail(f"expected a TypeError, got {result!r}")
        assert str(wrong.value).startswith(case["message"]), str(wrong.value)
        assert str(wrong.value).endswith(f", found {type(case['value']).__name__}"), str(wrong.value)
        return
    with pytest.raises(sla.SlaError) as caught:
        result = CALLS[case["call"]](case["args"])
        pytest.fail(f"expected a {case['kind']} error, got {result!r}")
    e = caught.value
    assert isinstance(e, ERRORS[case["kind"]]), f"{type(e).__name__}: {e}"
    assert e.kind == case["kind"]
    assert case["message"] in str(e)
    # One quoting style: values are quoted "like this", never with backticks.
    assert "`" not in str(e), str(e)
