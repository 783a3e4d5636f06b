"""Polars integration: ``import sla.polars`` registers an ``sla`` namespace.

On expressions, working-time arithmetic over a Datetime column:

>>> from datetime import timedelta
>>> import polars as pl
>>> import sla, sla.polars
>>> cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
>>> df = pl.DataFrame({"created": ["2026-05-08T16:30:00+03:00"]}).select(
...     pl.col("created").str.to_datetime(time_zone="Europe/Moscow"))
>>> df.select(pl.col("created").sla.add(timedelta(hours=4), calendar=cal)).item().isoformat()
'2026-05-12T12:30:00+03:00'

and on DataFrames, the ticket clock over an events table:
``events.sla.evaluate(policy, at)`` is ``policy.evaluate_table(events, at)``
with Polars frames in and out.

Every expression is elementwise (``is_elementwise=True``), so it runs in
lazy queries, in ``group_by`` contexts and in the streaming engine, one
batch at a time. Each batch crosses into Python once (``map_batches``) and
is computed by one bulk call of the engine, without the GIL; the
per-element methods without a bulk form in the engine (``is_working``, the
``next_*`` family) call the engine once per element, 2-3 microseconds
each. A null instant or duration gives a null result.

Instants must be a ``Datetime`` column with a time zone (any zone: the
instant is what counts); a column without one is an ``sla.InputError``, as a
naive ``datetime`` is, since its instants are unknown. Instants out are
``Datetime("us")`` columns in the calendar's zone; working times are
``Duration("us")`` columns.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Literal, Optional, Union

import numpy as np
import polars as pl

import sla

__all__ = ["SlaExpr", "SlaFrame", "SlaLazyFrame", "calendar_of"]

#: A calendar, or what ``sla.Calendar`` reads: the text form or the spec.
CalendarLike = Union["sla.Calendar", str, dict]
#: A working-time span: a timedelta (or numpy timedelta64) for every row, or
#: an expression giving a Duration column.
DurationLike = Union[timedelta, np.timedelta64, pl.Expr]


def calendar_of(calendar: CalendarLike) -> "sla.Calendar":
    """The ``sla.Calendar`` for a calendar argument: a Calendar as is, a str
    (the text form) or a dict (the spec) parsed once, here, so that a bad
    calendar fails when the expression is built, not when it runs."""
    if isinstance(calendar, sla.Calendar):
        return calendar
    if isinstance(calendar, (str, dict)):
        return sla.Calendar(calendar)
    raise TypeError(
        f"calendar: expected an sla.Calendar, a calendar text or a dict, found {type(calendar).__name__}"
    )


def _instants(s: pl.Series, what: str) -> "np.ndarray[Any, Any]":
    """A zoned Datetime Series as numpy datetime64 (UTC; NaT for null)."""
    dtype = s.dtype
    if not isinstance(dtype, pl.Datetime):
        raise TypeError(f"{what}: expected a Datetime column with a time zone, found {dtype}")
    if dtype.time_zone is None:
        raise sla.InputError(
            f"{what}: the Datetime column {s.name!r} has no time zone, so its instants are unknown; "
            'give it one: .dt.replace_time_zone("UTC") (or the zone its wall times are in)'
        )
    # UTC wall times are the instants numpy's datetime64 stands for.
    values = s.dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy()
    # Whole seconds (the common case) go in as datetime64[s]: the engine's
    # bulk calls skip their sub-second path then (half the cost per row).
    ticks = values.view(np.int64)
    per_second = {"ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}.get(np.datetime_data(values.dtype)[0], 1)
    if per_second > 1 and bool(np.all((ticks % per_second == 0) | np.isnat(values))):
        return values.astype("datetime64[s]")
    return values


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _datetimes(s: pl.Series, what: str) -> "list[Optional[datetime]]":
    """A zoned Datetime Series as aware datetimes (UTC, exact to the
    microsecond; None for null), the fastest scalar input of the engine."""
    micros = _instants(s, what).astype("datetime64[us]").view(np.int64)
    nat = np.iinfo(np.int64).min
    return [None if m == nat else _EPOCH + timedelta(microseconds=m) for m in micros.tolist()]


def _spans(s: pl.Series, what: str) -> "np.ndarray[Any, Any]":
    """A Duration Series as numpy timedelta64 (NaT for null)."""
    if not isinstance(s.dtype, pl.Duration):
        raise TypeError(f"{what}: expected a Duration column, found {s.dtype}")
    return s.to_numpy()


def _zoned(name: str, values: "np.ndarray[Any, Any]", zone: str) -> pl.Series:
    """numpy datetime64 (UTC) as a Datetime("us") Series in `zone`."""
    return pl.Series(name, values.astype("datetime64[us]")).dt.replace_time_zone("UTC").dt.convert_time_zone(zone)


@pl.api.register_expr_namespace("sla")
class SlaExpr:
    """``pl.col(...).sla``: working-time operations on a calendar."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def add(self, duration: DurationLike, *, calendar: CalendarLike) -> pl.Expr:
        """The instant ``duration`` of working time after each instant
        (``Calendar.add_many``): rounded up to the whole second, as
        ``Calendar.add`` does."""
        cal = calendar_of(calendar)
        zone = cal.timezone
        if isinstance(duration, pl.Expr):

            def both(series: Any) -> pl.Series:
                times, spans = series
                out = cal.add_many(_instants(times, "add"), _spans(spans, "add: duration"))
                return _zoned(times.name, out, zone)

            return pl.map_batches([self._expr, duration], both, return_dtype=pl.Datetime("us", zone), is_elementwise=True)
        if not isinstance(duration, (timedelta, np.timedelta64)):
            raise TypeError(
                f"add: expected a timedelta or a Duration expression, found {type(duration).__name__}"
            )

        def one(times: pl.Series) -> pl.Series:
            out = cal.add_many(_instants(times, "add"), duration)
            return _zoned(times.name, out, zone)

        return self._expr.map_batches(one, return_dtype=pl.Datetime("us", zone), is_elementwise=True)

    def between(self, end: Union[str, pl.Expr], *, calendar: CalendarLike) -> pl.Expr:
        """The working time from each instant to the one of ``end`` (a column
        name or an expression), signed: negative when ``end`` is earlier
        (``Calendar.between_many``). A Duration column."""
        cal = calendar_of(calendar)
        other = pl.col(end) if isinstance(end, str) else end
        if not isinstance(other, pl.Expr):
            raise TypeError(f"between: expected a column name or an expression, found {type(end).__name__}")

        def both(series: Any) -> pl.Series:
            starts, ends = series
            out = cal.between_many(_instants(starts, "between"), _instants(ends, "between: end"))
            return pl.Series(starts.name, out.astype("timedelta64[us]"))

        return pl.map_batches(
            [self._expr, other], both, return_dtype=pl.Duration("us"), is_elementwise=True
        )

    def is_working(self, *, calendar: CalendarLike) -> pl.Expr:
        """Whether each instant is inside working hours (``Calendar.is_working``)."""
        cal = calendar_of(calendar)

        def run(times: pl.Series) -> pl.Series:
            out = [None if t is None else cal.is_working(t) for t in _datetimes(times, "is_working")]
            return pl.Series(times.name, out, dtype=pl.Boolean)

        return self._expr.map_batches(run, return_dtype=pl.Boolean, is_elementwise=True)

    def next_opening(self, *, calendar: CalendarLike) -> pl.Expr:
        """The next start of working hours after each instant (``Calendar.next_opening``)."""
        return self._each(calendar_of(calendar), "next_opening")

    def next_closing(self, *, calendar: CalendarLike) -> pl.Expr:
        """The next end of working hours after each instant (``Calendar.next_closing``)."""
        return self._each(calendar_of(calendar), "next_closing")

    def next_working(self, *, calendar: CalendarLike) -> pl.Expr:
        """Each instant if it is working time, else the next opening
        (``Calendar.next_working``)."""
        return self._each(calendar_of(calendar), "next_working")

    def add_working_days(
        self,
        n: int,
        *,
        calendar: CalendarLike,
        meaning: Literal["length", "end_of_day", "end_of_day_from_opening"] = "length",
    ) -> pl.Expr:
        """``n`` working days after each instant, in the three meanings of
        ``Calendar.add_working_days``."""
        cal = calendar_of(calendar)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"add_working_days: expected an int, found {type(n).__name__}")
        return self._each(cal, "add_working_days", lambda t: cal.add_working_days(t, n, meaning))

    def _each(
        self,
        cal: "sla.Calendar",
        what: str,
        method: Optional[Callable[[Any], datetime]] = None,
    ) -> pl.Expr:
        """An instant-to-instant method called once per element."""
        call = method if method is not None else getattr(cal, what)
        zone = cal.timezone

        def run(times: pl.Series) -> pl.Series:
            nat = np.iinfo(np.int64).min  # NaT
            secs = [nat if t is None else int(call(t).timestamp()) for t in _datetimes(times, what)]
            return _zoned(times.name, np.array(secs, dtype=np.int64).view("datetime64[s]"), zone)

        return self._expr.map_batches(run, return_dtype=pl.Datetime("us", zone), is_elementwise=True)


def _evaluate(
    frame: pl.DataFrame,
    policy: Union["sla.Policy", "sla.PolicySet", str, "os.PathLike[str]"],
    at: Any,
    errors: Literal["collect", "raise"],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    if isinstance(policy, (str, os.PathLike)):
        policy = sla.Policy(policy)
    if not isinstance(policy, (sla.Policy, sla.PolicySet)):
        raise TypeError(f"evaluate: expected an sla.Policy, an sla.PolicySet or a path, found {type(policy).__name__}")
    return policy.evaluate_table(frame, at, errors=errors)


@pl.api.register_dataframe_namespace("sla")
class SlaFrame:
    """``df.sla``: the ticket clock over a DataFrame of events."""

    def __init__(self, df: pl.DataFrame) -> None:
        self._df = df

    def evaluate(
        self,
        policy: Union["sla.Policy", "sla.PolicySet", str, "os.PathLike[str]"],
        at: Any,
        *,
        errors: Literal["collect", "raise"] = "collect",
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``(metrics, tickets)`` of the events at ``at``: ``policy.evaluate_table``
        (a policy, a policy set, or the path of a policy file) with Polars
        frames in and out."""
        return _evaluate(self._df, policy, at, errors)


@pl.api.register_lazyframe_namespace("sla")
class SlaLazyFrame:
    """``lf.sla``: the ticket clock over a LazyFrame of events (collected:
    a ticket's report needs all of its events)."""

    def __init__(self, lf: pl.LazyFrame) -> None:
        self._lf = lf

    def evaluate(
        self,
        policy: Union["sla.Policy", "sla.PolicySet", str, "os.PathLike[str]"],
        at: Any,
        *,
        errors: Literal["collect", "raise"] = "collect",
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``lf.collect().sla.evaluate(policy, at)``."""
        return _evaluate(self._lf.collect(), policy, at, errors)
