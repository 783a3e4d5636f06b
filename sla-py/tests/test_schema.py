"""schema/policy.schema.json: every bundled policy and every golden case's
policy validates; a misspelled key and a wrong word are flagged, by the
schema and by the engine alike. (tests/schema.rs checks the schema's keys
and enums against the engine's readers.)"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import sla
from conftest import REPO

SCHEMA = json.loads((REPO / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
POLICIES = sorted((REPO / "examples" / "policies").glob("*.json"))
TOML_POLICIES = sorted((REPO / "examples" / "policies").glob("*.toml"))
GOLDEN = sorted((REPO / "tests" / "golden").glob("*.json"))


def validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def errors(policy: Any) -> list[str]:
    return [e.message for e in validator().iter_errors(policy)]


def r3() -> dict[str, Any]:
    return json.loads((REPO / "examples" / "policies" / "r3_budget_system.json").read_text("utf-8"))


def test_the_lists_are_not_empty() -> None:
    assert len(POLICIES) >= 5 and len(TOML_POLICIES) >= 5 and len(GOLDEN) >= 10


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_every_bundled_json_policy_validates(path: Path) -> None:
    assert errors(json.loads(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("path", TOML_POLICIES, ids=lambda p: p.name)
def test_every_bundled_toml_policy_validates(path: Path) -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    assert errors(tomllib.loads(path.read_text("utf-8"))) == []


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_every_golden_policy_validates(path: Path) -> None:
    case = json.loads(path.read_text("utf-8"))
    request = case["request"]
    policies = list(request["policy_set"]["policies"].values()) if "policy_set" in request else [request["policy"]]
    for policy in policies:
        if isinstance(policy, str):  # a case may give the policy as text
            policy = json.loads(policy)
        assert errors(policy) == []


def test_a_misspelled_key_is_flagged_by_the_schema_and_the_engine() -> None:
    policy = r3()
    metric = policy["metrics"][0]
    metric["on_upgarde"] = metric.pop("on_upgrade", "restart")
    found = errors(policy)
    assert any("on_upgarde" in m for m in found), found
    with pytest.raises(sla.PolicyError, match="on_upgarde"):
        sla.Policy.from_json(json.dumps(policy))


def test_a_misspelled_top_level_key_is_flagged() -> None:
    policy = r3()
    policy["pause_reason"] = policy.pop("pause_reasons")
    assert any("pause_reason" in m for m in errors(policy))


def test_a_wrong_word_is_flagged_by_the_schema_and_the_engine() -> None:
    policy = r3()
    policy["working_days_meaning"] = "end_of_the_day"
    found = errors(policy)
    assert any("end_of_the_day" in m for m in found), found
    with pytest.raises(sla.PolicyError, match="end_of_the_day"):
        sla.Policy.from_json(json.dumps(policy))


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p["metrics"][0].__setitem__("stop", ""),
        lambda p: p["metrics"][0].__setitem__("on_downgrade", "keep"),
        lambda p: p.__setitem__("consent", {"metric": "resolution", "within": "1 working day"}),
        lambda p: p["metrics"][0].__setitem__(
            "thresholds", [{"id": "x", "percent": 50, "before": "1h"}]
        ),
        lambda p: p.__setitem__("$schema", "./schema/policy.schema.json"),
    ],
    ids=["empty_event", "unknown_rule", "consent_missing_key", "threshold_both", "dollar_schema"],
)
def test_the_schema_and_the_engine_reject_the_same_mistakes(change: Any) -> None:
    policy = copy.deepcopy(r3())
    change(policy)
    assert errors(policy) != []
    with pytest.raises(sla.PolicyError):
        sla.Policy.from_json(json.dumps(policy))


def test_an_undeclared_event_passes_the_schema_but_not_the_engine() -> None:
    # Event names are open (a policy declares its own), so only the engine,
    # which knows the declarations, can reject a misspelled one.
    policy = r3()
    policy["metrics"][0]["stop"] = "solved"
    assert errors(policy) == []
    with pytest.raises(sla.PolicyError, match='unknown event type "solved"'):
        sla.Policy.from_json(json.dumps(policy))
