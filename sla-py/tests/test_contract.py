"""The JSON contract: every golden case of tests/golden gives the recorded
report, or raises the recorded error family with the recorded message, both
through sla.evaluate and through the object API."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import sla
from conftest import REPO

GOLDEN = Path(REPO / "tests" / "golden")
ERRORS = {
    "calendar": sla.CalendarError,
    "range": sla.OutOfRangeError,
    "input": sla.InputError,
    "policy": sla.PolicyError,
    "event": sla.EventError,
}


def golden_cases() -> list[Path]:
    return sorted(GOLDEN.glob("*.json"))


def test_there_are_golden_cases() -> None:
    # A runner that finds nothing must not pass.
    assert len(golden_cases()) > 0, f"no golden cases in {GOLDEN}"


@pytest.mark.parametrize("path", golden_cases(), ids=lambda p: p.stem)
def test_golden_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    check_case(case)


def check_case(case: dict[str, Any]) -> None:
    request = case["request"]
    assert ("expected" in case) != ("error" in case), "a case has expected or error"
    if "expected" in case:
        assert sla.evaluate(request) == case["expected"]
        assert json.loads(sla.evaluate_json(json.dumps(request))) == case["expected"]
        assert sla.evaluate(json.dumps(request)) == case["expected"]
        if "policy_set" in request:
            # The object API gives the same set report, the ticket as a
            # dict and as JSON.
            policy_set = sla.PolicySet(request["policy_set"])
            explain = request.get("explain", False)
            for ticket in (request["ticket"], json.dumps(request["ticket"])):
                got = policy_set.evaluate(ticket, request["at"], explain=explain)
                assert got.to_dict() == case["expected"]
            return
        # The object API gives the same report.
        policy = sla.Policy(request["policy"])
        at = datetime.fromisoformat(request["at"].replace("Z", "+00:00"))
        report = policy.evaluate(request["ticket"], at, explain=request.get("explain", False))
        assert report.to_dict() == case["expected"]
    else:
        kind, message = case["error"]["kind"], case["error"]["message"]
        cls = ERRORS[kind]
        with pytest.raises(cls) as e:
            sla.evaluate(request)
        assert str(e.value) == message
        assert e.value.kind == kind
        if "policy_set" in request:
            # The object API raises the same error, while reading the set or
            # while evaluating.
            with pytest.raises(cls) as e:
                sla.PolicySet(request["policy_set"]).evaluate(
                    request["ticket"], request["at"], explain=request.get("explain", False)
                )
            assert str(e.value) == message
        assert type(e.value) is cls
        with pytest.raises(cls) as e:
            sla.evaluate_json(json.dumps(request))
        assert str(e.value) == message


def test_a_request_file_is_read_by_its_path(tmp_path: Path) -> None:
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in golden_cases()]
    case = next(c for c in cases if "expected" in c)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(case["request"]), encoding="utf-8")
    assert sla.evaluate(path) == case["expected"]
    assert sla.evaluate(str(path)) == case["expected"]
    with pytest.raises(FileNotFoundError):
        sla.evaluate(tmp_path / "missing.json")
    with pytest.raises(TypeError, match="expected a request dict, JSON str or file path, found int"):
        sla.evaluate(7)  # type: ignore[arg-type]


def test_the_runner_checks_what_it_claims(tmp_path: Path) -> None:
    # The runner itself, on a case made here: a right case passes, a wrong
    # expectation or a wrong message fails.
    request = {
        "policy": {
            "name": "demo",
            "calendars": {"office": "Mon-Fri 09:00-18:00 UTC"},
            "priorities": [{"id": "p1"}],
            "categories": [{"id": "incident"}],
            "metrics": [{"id": "reaction", "stop": "responded", "targets": {"*": {"*": "2h"}}}],
        },
        "ticket": {
            "events": [
                {"at": "2026-03-02T17:00:00Z", "type": "created", "priority": "p1", "category": "incident"}
            ]
        },
        "at": "2026-03-02T17:30:00Z",
    }
    expected = sla.evaluate(request)
    assert expected["metrics"][0]["deadline"] == "2026-03-03T10:00:00Z"
    check_case({"request": request, "expected": expected})
    wrong = json.loads(json.dumps(expected))
    wrong["metrics"][0]["deadline"] = "2026-03-03T11:00:00Z"
    with pytest.raises(AssertionError):
        check_case({"request": request, "expected": wrong})
    bad = {**request, "at": "yesterday"}
    message = 'invalid instant "yesterday": expected RFC 3339 with an offset, like "2026-03-02T10:00:00+03:00"'
    check_case({"request": bad, "error": {"kind": "input", "message": message}})
    with pytest.raises(AssertionError):
        check_case({"request": bad, "error": {"kind": "input", "message": message + "!"}})


def test_bundled_production_calendar() -> None:
    ru = sla.bundled_production_calendar("ru")
    assert ru["name"] == "ru"
    assert sorted(ru["years"]) == ["2024", "2025", "2026", "2027"]
    assert "2026-05-11" in ru["years"]["2026"]["holidays"]
    with pytest.raises(sla.CalendarError, match='unknown production calendar "xx"'):
        sla.bundled_production_calendar("xx")


def test_version() -> None:
    assert sla.__version__ == "0.1.0"
