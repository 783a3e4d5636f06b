"""The policy-set golden cases of tests/golden_sets (recorded by
tests/golden_sets.rs, read by sla-wasm/tests/golden_sets.test.mjs too): each
gives exactly the recorded SetReport, or raises exactly the recorded error,
through PolicySet from a dict and from JSON, with the ticket as a dict and
as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import sla
from conftest import REPO

CASES = sorted((REPO / "tests" / "golden_sets").glob("*.json"))
ERROR = {
    "calendar": sla.CalendarError,
    "range": sla.OutOfRangeError,
    "input": sla.InputError,
    "policy": sla.PolicyError,
    "event": sla.EventError,
}


def test_there_are_golden_set_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden_set_case(path: Path) -> None:
    case = json.loads(path.read_text("utf-8"))
    explain = bool(case.get("explain", False))
    ways: dict[str, Callable[[], Any]] = {
        "dict": lambda: sla.PolicySet(case["set"]).evaluate(case["ticket"], case["at"], explain),
        "json": lambda: sla.PolicySet.from_json(json.dumps(case["set"])).evaluate(
            json.dumps(case["ticket"]), case["at"], explain=explain
        ),
    }
    assert ("expected" in case) != ("error" in case), "give expected or error"
    for how, run in ways.items():
        if "expected" in case:
            assert run().to_dict() == case["expected"], how
        else:
            with pytest.raises(ERROR[case["error"]["kind"]]) as e:
                run()
            assert str(e.value) == case["error"]["message"], how
