"""sla.polars: the `sla` namespace on Polars expressions gives, row for row,
what the Calendar methods give one value at a time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest

import sla
import sla.polars  # noqa: F401  (registers the namespace)
from conftest import MSK, R3_POLICY as REPO_R3, polars_events

BERLIN = "Mon-Fri 09:00-13:00,14:00-18:00 Sat 22:00-06:00 Europe/Berlin"


def random_instants(n: int, seed: int, zone: str) -> pl.Series:
    """n instants over 2026 (whole seconds, some with microseconds), a
    tenth of them null, as a Datetime column in `zone`."""
    rng = np.random.default_rng(seed)
    start = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()) * 1_000_000
    micros = start + rng.integers(0, 365 * 86_400, size=n) * 1_000_000
    fraction = rng.random(n) < 0.2
    micros[fraction] += rng.integers(1, 1_000_000, size=int(fraction.sum()))
    values = pl.Series("t", micros).cast(pl.Datetime("us", "UTC")).dt.convert_time_zone(zone)
    return values.scatter(np.flatnonzero(rng.random(n) < 0.1), None)


def rows(series: pl.Series) -> list[object]:
    return series.to_list()


@pytest.fixture(scope="module")
def berlin() -> sla.Calendar:
    return sla.Calendar(BERLIN)


@pytest.mark.parametrize("span", [timedelta(minutes=15), timedelta(hours=4), timedelta(hours=100)])
def test_add_equals_calendar_add(berlin: sla.Calendar, span: timedelta) -> None:
    times = random_instants(500, seed=1, zone="America/New_York")
    got = pl.DataFrame({"t": times}).select(pl.col("t").sla.add(span, calendar=berlin))["t"]
    assert got.dtype == pl.Datetime("us", "Europe/Berlin")
    want = [None if t is None else berlin.add(t, span) for t in times.to_list()]
    assert rows(got) == want
    assert sum(t is None for t in want) > 10  # nulls give nulls


def test_add_a_duration_column(berlin: sla.Calendar) -> None:
    times = random_instants(300, seed=2, zone="UTC")
    rng = np.random.default_rng(2)
    spans = pl.Series("d", rng.integers(0, 80 * 3600, size=300) * 1_000_000).cast(pl.Duration("us"))
    spans = spans.scatter([0, 5], None)
    df = pl.DataFrame({"t": times, "d": spans})
    got = df.select(pl.col("t").sla.add(pl.col("d"), calendar=berlin))["t"].to_list()
    want = [
        None if t is None or d is None else berlin.add(t, d) for t, d in zip(times.to_list(), spans.to_list())
    ]
    assert got == want
    assert got[0] is None and got[5] is None


def test_between_equals_calendar_between(office: sla.Calendar) -> None:
    a = random_instants(400, seed=3, zone="Europe/Moscow")
    b = random_instants(400, seed=4, zone="Asia/Tokyo")  # any zone: instants count
    got = pl.DataFrame({"a": a, "b": b}).select(pl.col("a").sla.between("b", calendar=office))["a"]
    assert got.dtype == pl.Duration("us")
    # between reads each instant as the second it is in.
    whole = [None if t is None else t.replace(microsecond=0) for t in a.to_list()]
    ends = [None if t is None else t.replace(microsecond=0) for t in b.to_list()]
    want = [None if x is None or y is None else office.between(x, y) for x, y in zip(whole, ends)]
    assert got.to_list() == want
    assert any(w is not None and w < timedelta(0) for w in want)  # signed


@pytest.mark.parametrize("method", ["next_opening", "next_closing", "next_working"])
def test_next_methods(berlin: sla.Calendar, method: str) -> None:
    times = random_instants(300, seed=5, zone="Europe/Berlin")
    got = pl.DataFrame({"t": times}).select(getattr(pl.col("t").sla, method)(calendar=berlin))["t"].to_list()
    want = [None if t is None else getattr(berlin, method)(t) for t in times.to_list()]
    assert got == want


def test_is_working_and_working_days(office: sla.Calendar) -> None:
    times = random_instants(300, seed=6, zone="Europe/Moscow")
    df = pl.DataFrame({"t": times}).select(
        w=pl.col("t").sla.is_working(calendar=office),
        d=pl.col("t").sla.add_working_days(3, calendar=office, meaning="end_of_day"),
    )
    values = times.to_list()
    assert df["w"].to_list() == [None if t is None else office.is_working(t) for t in values]
    assert df["d"].to_list() == [None if t is None else office.add_working_days(t, 3, "end_of_day") for t in values]
    assert df["w"].sum() > 0 and df["w"].sum() < len(values)


def test_the_module_example() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
    df = pl.DataFrame({"created": ["2026-05-08T16:30:00+03:00"]}).select(
        pl.col("created").str.to_datetime(time_zone="Europe/Moscow")
    )
    # Friday, a shortened day closing at 17:00, then May 9-11 off.
    got = df.select(pl.col("created").sla.add(timedelta(hours=4), calendar=cal)).item()
    assert got == datetime(2026, 5, 12, 12, 30, tzinfo=MSK)


def test_calendar_as_text_or_dict_and_in_lazy_and_streaming_queries() -> None:
    times = random_instants(200, seed=7, zone="UTC")
    spec = {"timezone": "Europe/Moscow", "week": {"mon-fri": ["09:00-18:00"]}, "production_calendars": ["ru"]}
    text = "Mon-Fri 09:00-18:00 Europe/Moscow +ru"
    lazy = pl.LazyFrame({"t": times}).select(
        a=pl.col("t").sla.add(timedelta(hours=9), calendar=text),
        b=pl.col("t").sla.add(timedelta(hours=9), calendar=spec),
    )
    eager = lazy.collect()
    assert eager["a"].to_list() == eager["b"].to_list()
    streamed = lazy.collect(engine="streaming")
    assert streamed.equals(eager)
    want = sla.Calendar(text).add_many([None if t is None else t for t in times.to_list()], timedelta(hours=9))
    assert eager["a"].to_list() == want


def test_sub_second_instants_round_as_add_does(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, 0, 0, 250_000, tzinfo=MSK)
    df = pl.DataFrame({"t": [t]}, schema={"t": pl.Datetime("us", "Europe/Moscow")})
    got = df.select(pl.col("t").sla.add(timedelta(hours=1), calendar=office)).item()
    assert got == office.add(t, timedelta(hours=1)) == datetime(2026, 3, 2, 11, 0, 1, tzinfo=MSK)


def test_a_column_without_a_zone_is_an_input_error(office: sla.Calendar) -> None:
    df = pl.DataFrame({"t": [datetime(2026, 3, 2, 10, 0)]})
    with pytest.raises(sla.InputError, match="'t' has no time zone"):
        df.select(pl.col("t").sla.add(timedelta(hours=1), calendar=office))


def test_wrong_types_name_what_is_wrong(office: sla.Calendar) -> None:
    df = pl.DataFrame({"t": [datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)], "n": [1]})
    with pytest.raises(TypeError, match="add: expected a Datetime column with a time zone, found Int64"):
        df.select(pl.col("n").sla.add(timedelta(hours=1), calendar=office))
    with pytest.raises(TypeError, match="add: duration: expected a Duration column, found Int64"):
        df.select(pl.col("t").sla.add(pl.col("n"), calendar=office))
    with pytest.raises(TypeError, match="add: expected a timedelta or a Duration expression, found int"):
        pl.col("t").sla.add(3600, calendar=office)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="add: expected a timedelta or a Duration expression, found str"):
        pl.col("t").sla.add("4h", calendar=office)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="calendar: expected an sla.Calendar"):
        pl.col("t").sla.add(timedelta(hours=1), calendar=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="add_working_days: expected an int, found float"):
        pl.col("t").sla.add_working_days(1.5, calendar=office)  # type: ignore[arg-type]


def test_a_bad_calendar_fails_when_the_expression_is_built() -> None:
    with pytest.raises(sla.CalendarError, match='unknown time zone "Mars/Olympus"'):
        pl.col("t").sla.next_opening(calendar="Mon-Fri 09:00-18:00 Mars/Olympus")


def test_engine_errors_keep_their_class(office: sla.Calendar) -> None:
    df = pl.DataFrame({"t": [datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Moscow"))]})
    with pytest.raises(sla.OutOfRangeError):
        df.select(pl.col("t").sla.add(timedelta(days=400_000), calendar=office))


def events_frame() -> pl.DataFrame:
    monday = datetime(2026, 3, 2, 10, 0, tzinfo=MSK)
    rows = [
        ("A-1", monday, "created", "high", "incident", None),
        ("A-1", monday + timedelta(hours=1), "paused", None, None, "waiting_for_info"),
        ("A-1", monday + timedelta(days=1), "resumed", None, None, None),
        ("A-1", monday + timedelta(days=2), "resolved", None, None, None),
        ("A-2", monday, "created", "urgent", "incident", None),  # R3 has no "urgent"
        ("A-3", monday + timedelta(days=3), "created", "low", "consultation", None),
    ]
    return polars_events(rows, pl.String)


def test_frame_evaluate_is_evaluate_table(r3: sla.Policy) -> None:
    at = datetime(2026, 3, 10, 12, 0, tzinfo=MSK)
    events = events_frame()
    metrics, tickets = events.sla.evaluate(r3, at)
    assert isinstance(metrics, pl.DataFrame) and isinstance(tickets, pl.DataFrame)
    want_metrics, want_tickets = r3.evaluate_table(events.to_arrow(), at)
    assert metrics.to_arrow().to_pylist() == want_metrics.to_pylist()
    assert tickets.to_arrow().to_pylist() == want_tickets.to_pylist()
    assert tickets["error_kind"].to_list() == [None, "policy", None]
    assert metrics.filter(pl.col("ticket_id") == "A-1")["state"].to_list() == ["met"]
    # A path, a lazy frame, errors="raise".
    by_path, _ = events.sla.evaluate(REPO_R3, at)
    assert by_path.equals(metrics)
    lazy, _ = events.lazy().sla.evaluate(r3, at)
    assert lazy.equals(metrics)
    with pytest.raises(sla.PolicyError):
        events.sla.evaluate(r3, at, errors="raise")
    with pytest.raises(TypeError, match="evaluate: expected an sla.Policy, an sla.PolicySet or a path, found int"):
        events.sla.evaluate(3, at)  # type: ignore[arg-type]


def test_the_module_docstring_example() -> None:
    import doctest

    result = doctest.testmod(sla.polars)
    assert result.attempted > 0 and result.failed == 0
