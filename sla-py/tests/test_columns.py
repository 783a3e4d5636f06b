"""The calendar's column operations (add_many, between_many,
add_working_days_many, is_working_many, next_*_many) over every column kind:
each row is what the single call gives, nulls pass through, the result is
the same kind of column in the calendar's zone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import sla

CAL = "Mon-Fri 09:00-13:00,14:00-18:00 Europe/Moscow +ru"
ZONE = "Europe/Moscow"


@pytest.fixture(scope="module")
def cal() -> sla.Calendar:
    return sla.Calendar(CAL)


def instants(n: int = 300, seed: int = 7) -> list[datetime | None]:
    """Instants over 2026 (some with a fraction of a second), every seventh
    one missing."""
    rng = np.random.default_rng(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    out: list[datetime | None] = []
    for i in range(n):
        t = start + timedelta(seconds=int(rng.integers(0, 360 * 86_400)))
        if i % 5 == 1:
            t += timedelta(microseconds=int(rng.integers(1, 1_000_000)))
        out.append(None if i % 7 == 3 else t)
    return out


def micros(values: list[datetime | None]) -> list[int | None]:
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    return [None if t is None else (t - epoch) // timedelta(microseconds=1) for t in values]


# Each kind: a maker of the column from aware datetimes (or None) and a
# reader of a result column back into Python values.
def arrow_array(values: list[datetime | None]) -> Any:
    return pa.array(micros(values), pa.timestamp("us", tz="UTC"))


def arrow_chunked(values: list[datetime | None]) -> Any:
    half = len(values) // 2
    return pa.chunked_array([arrow_array(values[:half]), arrow_array(values[half:])])


def polars_series(values: list[datetime | None]) -> Any:
    return pl.Series("created", micros(values), dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))


def pandas_series(values: list[datetime | None]) -> Any:
    return pd.Series(pd.to_datetime(micros(values), unit="us", utc=True), index=range(100, 100 + len(values)), name="created")


KINDS: dict[str, Callable[[list[datetime | None]], Any]] = {
    "pyarrow": arrow_array,
    "pyarrow-chunked": arrow_chunked,
    "polars": polars_series,
    "pandas": pandas_series,
}


def as_list(column: Any) -> list[Any]:
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return column.to_pylist()
    if isinstance(column, pl.Series):
        return column.to_list()
    if isinstance(column, pd.Series):
        return [None if v is pd.NaT or v is pd.NA or v is None or (isinstance(v, float) and np.isnan(v)) else v for v in column.tolist()]
    raise AssertionError(type(column))


def same_kind(a: Any, b: Any) -> None:
    if isinstance(a, pa.ChunkedArray):
        assert isinstance(b, pa.ChunkedArray)
    elif isinstance(a, pa.Array):
        assert isinstance(b, pa.Array)
    else:
        assert type(a) is type(b)
    if isinstance(a, pd.Series):
        assert list(a.index) == list(b.index) and a.name == b.name
    if isinstance(a, pl.Series):
        assert a.name == b.name


def zone_of(column: Any) -> str:
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return str(column.type.tz)
    if isinstance(column, pl.Series):
        return str(column.dtype.time_zone)  # type: ignore[attr-defined]
    return str(column.dt.tz)


SINGLE: dict[str, Callable[[sla.Calendar, datetime], Any]] = {
    "add 4h": lambda c, t: c.add(t, timedelta(hours=4)),
    "add_working_days": lambda c, t: c.add_working_days(t, 2, "end_of_day"),
    "next_opening": lambda c, t: c.next_opening(t),
    "next_closing": lambda c, t: c.next_closing(t),
    "next_working": lambda c, t: c.next_working(t),
}
MANY: dict[str, Callable[[sla.Calendar, Any], Any]] = {
    "add 4h": lambda c, col: c.add_many(col, timedelta(hours=4)),
    "add_working_days": lambda c, col: c.add_working_days_many(col, 2, "end_of_day"),
    "next_opening": lambda c, col: c.next_opening_many(col),
    "next_closing": lambda c, col: c.next_closing_many(col),
    "next_working": lambda c, col: c.next_working_many(col),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("op", SINGLE)
def test_instant_ops_are_the_single_calls(cal: sla.Calendar, kind: str, op: str) -> None:
    values = instants()
    column = KINDS[kind](values)
    got = MANY[op](cal, column)
    same_kind(column, got)
    assert zone_of(got) == ZONE
    want = [None if t is None else SINGLE[op](cal, t) for t in values]
    assert as_list(got) == want


@pytest.mark.parametrize("kind", KINDS)
def test_is_working_many(cal: sla.Calendar, kind: str) -> None:
    values = instants()
    column = KINDS[kind](values)
    got = cal.is_working_many(column)
    same_kind(column, got)
    assert as_list(got) == [None if t is None else cal.is_working(t) for t in values]


def test_pandas_flags_are_nullable_booleans(cal: sla.Calendar) -> None:
    values = instants(20)
    got = cal.is_working_many(pandas_series(values))
    assert got.dtype == pd.BooleanDtype()
    assert [None if v is pd.NA else v for v in got] == [None if t is None else cal.is_working(t) for t in values]
    whole = cal.is_working_many(pandas_series([t for t in values if t is not None]))
    assert whole.dtype == pd.BooleanDtype() and not whole.isna().any()


@pytest.mark.parametrize("kind", KINDS)
def test_between_many(cal: sla.Calendar, kind: str) -> None:
    starts = instants(seed=1)
    ends = instants(seed=2)
    got = cal.between_many(KINDS[kind](starts), KINDS[kind](ends))
    want = [None if a is None or b is None else cal.between(a, b) for a, b in zip(starts, ends)]
    assert as_list(got) == want


@pytest.mark.parametrize("kind", KINDS)
def test_a_duration_column(cal: sla.Calendar, kind: str) -> None:
    values = instants()
    spans = [None if i % 11 == 0 else timedelta(seconds=i * 977 - 40_000) for i in range(len(values))]
    durations = pa.array(spans, pa.duration("s"))
    got = cal.add_many(KINDS[kind](values), durations)
    want = [None if t is None or d is None else cal.add(t, d) for t, d in zip(values, spans)]
    assert as_list(got) == want


def test_the_unit_of_the_input_is_kept(cal: sla.Calendar) -> None:
    t = datetime(2026, 3, 6, 11, tzinfo=timezone.utc)
    for unit in ("s", "ms", "us", "ns"):
        column = pa.array([t, None], pa.timestamp(unit, tz="UTC"))
        got = cal.add_many(column, timedelta(hours=1))
        assert got.type == pa.timestamp(unit, tz=ZONE)
        assert got.to_pylist() == [cal.add(t, timedelta(hours=1)), None]
        spans = cal.between_many(column, column)
        assert spans.type == pa.duration(unit) and spans.to_pylist() == [timedelta(0), None]


def test_numpy_and_lists_take_the_new_ops(cal: sla.Calendar) -> None:
    values = instants(50)
    arr = np.array([np.datetime64("NaT") if t is None else np.datetime64(t.replace(tzinfo=None), "us") for t in values])
    got = cal.next_opening_many(arr)
    assert got.dtype == np.dtype("datetime64[s]")
    assert got.shape == arr.shape
    want = [None if t is None else cal.next_opening(t) for t in values]
    assert [None if np.isnat(v) else v.astype(datetime).replace(tzinfo=timezone.utc) for v in got] == want
    assert cal.next_opening_many(values) == want
    flags = cal.is_working_many(arr)
    assert flags.dtype == np.dtype("O") and list(flags) == cal.is_working_many(values)
    whole = cal.is_working_many(arr[~np.isnat(arr)])
    assert whole.dtype == np.dtype(bool)
    assert cal.add_working_days_many(values, 1) == [None if t is None else cal.add_working_days(t, 1) for t in values]


def test_mismatched_lengths_are_an_input_error(cal: sla.Calendar) -> None:
    t = arrow_array(instants(10))
    with pytest.raises(sla.InputError, match="starts and ends differ in length: 10 and 9"):
        cal.between_many(t, t[:9])
    with pytest.raises(sla.InputError, match="times and durations differ in length: 10 and 2"):
        cal.add_many(t, pa.array([1, 2], pa.duration("s")))


def test_naive_timestamps_are_an_input_error(cal: sla.Calendar) -> None:
    naive = pa.array([0], pa.timestamp("s"))
    with pytest.raises(sla.InputError, match="^times: the timestamps have no time zone"):
        cal.add_many(naive, timedelta(hours=1))
    with pytest.raises(sla.InputError, match="^ends: the timestamps have no time zone"):
        cal.between_many(arrow_array([None]), naive)
    with pytest.raises(sla.InputError, match="no time zone"):
        cal.is_working_many(pl.Series([datetime(2026, 3, 6)]))


def test_the_wrong_type_names_the_argument(cal: sla.Calendar) -> None:
    with pytest.raises(TypeError, match="^times: expected a column of timestamps with a time zone, found Int64"):
        cal.next_opening_many(pa.array([1, 2]))
    with pytest.raises(TypeError, match="^durations: expected a column of durations, found Utf8"):
        cal.add_many(arrow_array([None]), pa.array(["4h"]))
    with pytest.raises(TypeError, match="expected a list of datetimes or a numpy datetime64 array, found int"):
        cal.is_working_many(5)


def test_an_item_out_of_range_is_the_single_error(cal: sla.Calendar) -> None:
    far = pa.array([datetime(2031, 6, 2, tzinfo=timezone.utc)], pa.timestamp("s", tz="UTC"))
    with pytest.raises(sla.OutOfRangeError, match="2031"):
        cal.next_opening_many(far)
