"""Shared fixtures of the sla test suite."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import sla

REPO = Path(__file__).resolve().parents[2]
MSK = ZoneInfo("Europe/Moscow")
R3_POLICY = REPO / "examples" / "policies" / "r3_budget_system.toml"


@pytest.fixture(scope="session")
def office() -> sla.Calendar:
    """9x5 in Moscow with the Russian production calendar."""
    return sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")


@pytest.fixture(scope="session")
def r3() -> sla.Policy:
    """The bundled R3 policy (budget system support)."""
    return sla.Policy(R3_POLICY)


def polars_events(rows: list[tuple[Any, ...]], id_type: Any) -> Any:
    """A Polars long table of events from `(ticket_id, at, type, priority,
    category, reason)` tuples, ticket ids of `id_type`, instants in Moscow."""
    import polars as pl

    schema = {
        "ticket_id": id_type,
        "at": pl.Datetime("us", "Europe/Moscow"),
        "type": pl.String,
        "priority": pl.String,
        "category": pl.String,
        "reason": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
