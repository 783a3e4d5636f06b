"""schema/policy_set.schema.json: the bundled policy sets validate (their
policies against schema/policy.schema.json, which the set schema refers
to), and the schema flags the mistakes the engine rejects."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

import sla
from conftest import REPO

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

SCHEMAS = REPO / "schema"
SET_SCHEMA = json.loads((SCHEMAS / "policy_set.schema.json").read_text("utf-8"))
POLICY_SCHEMA = json.loads((SCHEMAS / "policy.schema.json").read_text("utf-8"))
SETS = sorted((REPO / "examples" / "policy_sets").glob("*.toml"))


def validator() -> Any:
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in (SET_SCHEMA, POLICY_SCHEMA)
    )
    cls = jsonschema.validators.validator_for(SET_SCHEMA)
    cls.check_schema(SET_SCHEMA)
    return cls(SET_SCHEMA, registry=registry)


def errors(spec: Any) -> list[str]:
    return [e.message for e in validator().iter_errors(spec)]


def r5_set() -> dict[str, Any]:
    return tomllib.loads((REPO / "examples" / "policy_sets" / "r5_by_licence.toml").read_text("utf-8"))


def test_the_list_is_not_empty() -> None:
    assert len(SETS) >= 1


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_bundled_set_validates_and_compiles(path: Path) -> None:
    spec = tomllib.loads(path.read_text("utf-8"))
    assert errors(spec) == []
    assert sla.PolicySet(spec).spec == sla.PolicySet(path).spec


def test_a_misspelled_key_is_flagged_by_the_schema_and_the_engine() -> None:
    spec = r5_set()
    spec["rules"][0]["calendar"] = spec["rules"][0].pop("calendars")
    found = errors(spec)
    assert any("calendar" in m for m in found), found
    with pytest.raises(sla.PolicyError, match='unknown field "calendar"'):
        sla.PolicySet(spec)


def test_a_misspelled_key_inside_a_policy_is_flagged_through_the_reference() -> None:
    spec = r5_set()
    metric = spec["policies"]["r5"]["metrics"][0]
    metric["on_upgarde"] = "restart"
    assert any("on_upgarde" in m for m in errors(spec))
    with pytest.raises(sla.PolicyError, match="on_upgarde"):
        sla.PolicySet(spec)


def test_a_ticket_attribute_rule_with_a_list_of_values_validates() -> None:
    spec = r5_set()
    spec["rules"][0]["when"] = {"licence": ["24x7", "premium"], "channel": "phone"}
    assert errors(spec) == []
    sla.PolicySet(spec)


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s["rules"][0].__setitem__("no_sla", True),  # policy and no_sla
        lambda s: s["rules"][0].pop("policy"),  # neither
        lambda s: s["rules"][0].__setitem__("when", {}),
        lambda s: s["rules"][0].__setitem__("when", {"licence": []}),
        lambda s: s["rules"][0].__setitem__("when", {"licence": 7}),
        lambda s: s["rules"][0].__setitem__("id", ""),
        lambda s: s.__setitem__("policies", {}),
        lambda s: s.pop("policies"),
        lambda s: s["rules"][0].update(no_sla=True, policy=None) or s["rules"][0].pop("policy"),
    ],
    ids=["both", "neither", "no_condition", "no_values", "number", "empty_id", "no_policy", "no_policies", "no_sla_calendars"],
)
def test_the_schema_and_the_engine_reject_the_same_mistakes(change: Any) -> None:
    spec = copy.deepcopy(r5_set())
    change(spec)
    assert errors(spec) != []
    with pytest.raises(sla.PolicyError):
        sla.PolicySet(spec)
