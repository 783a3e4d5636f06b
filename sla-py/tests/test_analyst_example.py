"""examples/analyst_breach_share.py: the synthetic events are what it says,
the breach share of a table with known answers is right, and the script
writes its CSV and chart (a small N: make test runs it)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import sla
from conftest import MSK, REPO, polars_events

EXAMPLE = REPO / "examples" / "analyst_breach_share.py"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("analyst_breach_share", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_events(example: ModuleType, r3: sla.Policy) -> None:
    events = example.synthetic_events(3000, seed=2)
    assert events.column_names == ["ticket_id", "at", "type", "priority", "category", "reason"]
    counts = {d["values"]: d["counts"] for d in pc.value_counts(events.column("type")).to_pylist()}
    assert counts["created"] == 3000
    assert counts["paused"] == counts["resumed"] and 600 < counts["paused"] < 900
    assert 2800 < counts["resolved"] < 3000  # a few are open at AS_OF
    assert 0 < counts["priority_changed"] < 150
    # A ticket's rows are together and in time order, all by AS_OF, in 2026 and after.
    ids = events.column("ticket_id").to_numpy()
    at = events.column("at").cast(pa.int64()).to_numpy()
    assert (np.diff(ids) >= 0).all()
    same = np.diff(ids) == 0
    assert (np.diff(at)[same] >= 0).all()
    assert at.max() <= int(example.AS_OF.timestamp())
    assert at.min() >= int(example.YEAR_START.timestamp())
    # Every pair is one R3 allows, and the events table is valid for it.
    created = events.filter(pc.equal(events.column("type"), "created"))
    for category, priority in set(zip(created.column("category").to_pylist(), created.column("priority").to_pylist())):
        r3.check_pair(category, priority)
    assert example.synthetic_events(3000, seed=2).equals(events)


def known_events() -> pl.DataFrame:
    """R3 incident/high = 3 working days of 9 h (27 h): four tickets from
    Monday 2026-03-02 11:00."""
    monday = datetime(2026, 3, 2, 11, 0, tzinfo=MSK)
    rows = [
        (1, monday, "created", "high", "incident", None),
        (1, monday + timedelta(days=2), "resolved", None, None, None),  # 18 h: met
        (2, monday, "created", "high", "incident", None),
        (2, monday + timedelta(days=4), "resolved", None, None, None),  # 36 h: breached
        (3, monday, "created", "high", "incident", None),  # open, past its deadline: breached
        (4, monday, "created", "medium", "consultation", None),
        (4, monday + timedelta(hours=1), "paused", None, None, "waiting_for_info"),
        (4, monday + timedelta(days=20), "resumed", None, None, None),  # 19 days paused
        (4, monday + timedelta(days=22), "resolved", None, None, None),  # 1 h + 11 h of 45: met
        (5, monday + timedelta(days=29), "created", "low", "consultation", None),  # running at AS_OF
    ]
    return polars_events(rows, pl.Int64)


def test_breach_share_of_known_tickets(example: ModuleType, r3: sla.Policy) -> None:
    at = datetime(2026, 4, 1, 9, 0, tzinfo=MSK)
    table = example.breach_share(known_events(), r3, at)
    got = {(r["category"], r["priority"]): r for r in table.to_dicts()}
    high = got[("incident", "high")]
    assert (high["tickets"], high["met"], high["breached"], high["running"]) == (3, 1, 2, 0)
    assert high["breach_share_pct"] == pytest.approx(66.67)
    medium = got[("consultation", "medium")]
    assert (medium["met"], medium["breached"], medium["breach_share_pct"]) == (1, 0, 0.0)
    low = got[("consultation", "low")]
    assert (low["tickets"], low["running"], low["met"] + low["breached"]) == (1, 1, 0)
    assert low["breach_share_pct"] is None or np.isnan(low["breach_share_pct"])
    # Priorities most urgent first within a category.
    assert list(table["category"]) == ["consultation", "consultation", "incident"]
    assert list(table["priority"]) == ["medium", "low", "high"]


def test_the_script_writes_the_csv_and_the_chart(example: ModuleType, r3: sla.Policy, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--tickets", "2000", "--seed", "3", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert run.stderr == ""
    with open(tmp_path / "breach_share.csv", newline="") as f:
        written = list(csv.DictReader(f))
    table = example.breach_share(pl.from_arrow(example.synthetic_events(2000, 3)), r3, example.AS_OF)
    assert len(written) == table.height == len(example.PAIRS)
    assert [r["category"] for r in written] == list(table["category"])
    assert [int(r["breached"]) for r in written] == list(table["breached"])
    assert sum(int(r["tickets"]) for r in written) == 2000
    png = (tmp_path / "breach_share.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert "2,000 tickets" in run.stdout and f"wrote {tmp_path / 'breach_share.csv'}" in run.stdout


def test_bad_ticket_count_is_refused() -> None:
    run = subprocess.run([sys.executable, str(EXAMPLE), "--tickets", "0"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 2 and "--tickets must be at least 1" in run.stderr
