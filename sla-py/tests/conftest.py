"""Shared fixtures of the sla test suite."""

from __future__ import annotations

from pathlib import Path
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
