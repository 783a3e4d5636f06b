"""examples/pandas_compliance.py runs, and computes what it claims: on a
table with known answers, and as a script against its own functions."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from types import ModuleType

import numpy as np
import pytest

import sla
from conftest import MSK, REPO

pd = pytest.importorskip("pandas")
EXAMPLE = REPO / "examples" / "pandas_compliance.py"
AT = datetime(2026, 12, 1, 9, 0, tzinfo=MSK)  # the example's AS_OF


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pandas_compliance", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def known_tickets() -> pd.DataFrame:
    monday = datetime(2026, 3, 2, 11, 0, tzinfo=MSK)
    rows = [
        # incident/high = 3 working days of 9 h: due Thursday 11:00.
        ("T-1", monday, monday + timedelta(days=2), "high", "incident"),  # 18 h: met
        ("T-2", monday, monday + timedelta(days=4), "high", "incident"),  # 36 h: breached
        ("T-3", datetime(2026, 11, 30, 10, tzinfo=MSK), None, "high", "incident"),  # running
        ("T-4", monday, monday + timedelta(days=1, hours=1), "low", "consultation"),  # 10 h: met
    ]
    return pd.DataFrame(
        {
            "created": pd.to_datetime([r[1] for r in rows]),
            "resolved": pd.to_datetime([r[2] for r in rows]),
            "priority": [r[3] for r in rows],
            "category": [r[4] for r in rows],
        },
        index=pd.Index([r[0] for r in rows], name="ticket"),
    )


def test_known_tickets(example: ModuleType, r3: sla.Policy) -> None:
    evaluated = example.evaluate(known_tickets(), r3, AT)
    assert list(evaluated["state"]) == ["met", "breached", "running", "met"]
    assert evaluated.loc["T-1", "deadline"] == datetime(2026, 3, 5, 11, 0, tzinfo=MSK)
    assert list(evaluated["working_hours"].fillna(-1)) == [18.0, 36.0, -1, 10.0]
    table = example.compliance(evaluated)
    high = table.loc[("incident", "high")]
    assert (high["tickets"], high["met"], high["breached"], high["running"]) == (3, 1, 1, 1)
    assert high["compliance_pct"] == 50.0
    assert high["median_hours"] == 27.0
    assert high["target"] == "3 working days"
    low = table.loc[("consultation", "low")]
    assert (low["tickets"], low["met"], low["compliance_pct"], low["median_hours"]) == (1, 1, 100.0, 10.0)


def test_the_clock_deadlines_equal_the_bulk_deadlines(example: ModuleType, r3: sla.Policy) -> None:
    # The sample has no pauses or changes: each resolution deadline is the
    # created instant plus N x 9 working hours, which add_many gives too.
    evaluated = example.evaluate(example.sample_tickets(400, seed=3), r3, AT)
    days = evaluated["target"].str.extract(r"^(\d+) working days?$")[0].astype(int)
    targets = (days * 9 * 3600).to_numpy().astype("timedelta64[s]")
    office = r3.calendar("business")
    deadlines = office.add_many(evaluated["created"].to_numpy("datetime64[s]"), targets)
    assert (deadlines == evaluated["deadline"].to_numpy("datetime64[s]")).all()
    # ... and the state follows from the deadline.
    resolved = evaluated["resolved"].to_numpy("datetime64[s]")
    done = ~np.isnat(resolved)
    assert (evaluated["resolved"][done] <= example.AS_OF).all()
    met = resolved[done] <= deadlines[done]
    assert list(evaluated["state"][done]) == ["met" if m else "breached" for m in met]
    assert set(evaluated["state"][~done]) <= {"running", "breached"}


def test_the_script_prints_the_table_of_its_functions(example: ModuleType, r3: sla.Policy) -> None:
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--tickets", "300", "--seed", "11"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    table = example.compliance(example.evaluate(example.sample_tickets(300, seed=11), r3, AT))
    assert len(table) == len(example.PAIRS)
    assert table["tickets"].sum() == 300
    assert run.stdout.startswith("R3: regional budget system support: 300 tickets, as of 2026-12-01T09:00:00+03:00")
    assert table.to_string() in run.stdout
    decided = table["met"].sum() + table["breached"].sum()
    share = 100 * table["met"].sum() / decided
    assert run.stdout.rstrip().endswith(f"overall compliance: {share:.1f}% of {decided} decided tickets")
    assert run.stderr == ""


def test_results_are_in_the_calendar_zone(example: ModuleType, r3: sla.Policy) -> None:
    evaluated = example.evaluate(known_tickets(), r3, AT.astimezone(timezone.utc))
    assert str(evaluated["deadline"].dt.tz) == "Europe/Moscow"
