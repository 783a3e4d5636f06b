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
is computed by one column call of the engine (``Calendar.add_many``,
``between_many``, ``is_working_many``, ``add_working_days_many``,
``next_*_many``), which reads the Series through the Arrow PyCapsule
interface and runs without the GIL. A null instant or duration gives a null
result.

Instants must be a ``Datetime`` column with a time zone (any zone: the
instant is what counts); a column without one is an ``sla.InputError``, as a
naive ``datetime`` is, since its instants are unknown. Instants out are
``Datetime("us")`` columns in the calendar's zone; working times are
``Duration("us")`` columns.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, Callable, Literal, Union

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


def _instants(s: pl.Series, what: str) -> pl.Series:
    """A zoned Datetime Series, checked (the engine reads it as Arrow)."""
    dtype = s.dtype
    if not isinstance(dtype, pl.Datetime):
        raise TypeError(f"{what}: expected a Datetime column with a time zone, found {dtype}")
    if dtype.time_zone is None:
        raise sla.InputError(
            f"{what}: the Datetime column {s.name!r} has no time zone, so its instants are unknown; "
            'give it one: .dt.replace_time_zone("UTC") (or the zone its wall times are in)'
        )
    return s


def _spans(s: pl.Series, what: str) -> pl.Series:
    """A Duration Series, checked."""
    if not isinstance(s.dtype, pl.Duration):
        raise TypeError(f"{what}: expected a Duration column, found {s.dtype}")
    return s


def _us(s: pl.Series, dtype: Any) -> pl.Series:
    """A result in the input's unit as ``dtype`` (microseconds)."""
    return s if s.dtype == dtype else s.cast(dtype)


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
        dtype = pl.Datetime("us", cal.timezone)
        if isinstance(duration, pl.Expr):

            def both(series: Any) -> pl.Series:
                times, spans = series
                return _us(cal.add_many(_instants(times, "add"), _spans(spans, "add: duration")), dtype)

            return pl.map_batches([self._expr, duration], both, return_dtype=dtype, is_elementwise=True)
        if not isinstance(duration, (timedelta, np.timedelta64)):
            raise TypeError(
                f"add: expected a timedelta or a Duration expression, found {type(duration).__name__}"
            )

        def one(times: pl.Series) -> pl.Series:
            return _us(cal.add_many(_instants(times, "add"), duration), dtype)

        return self._expr.map_batches(one, return_dtype=dtype, is_elementwise=True)

    def between(self, end: Union[str, pl.Expr], *, calendar: CalendarLike) -> pl.Expr:
        """The working time from each instant to the one of ``end`` (a column
        name or an expression), signed: negative when ``end`` is earlier
        (``Calendar.between_many``). A Duration column."""
        cal = calendar_of(calendar)
        other = pl.col(end) if isinstance(end, str) else end
        if not isinstance(other, pl.Expr):
            raise TypeError(f"between: expected a column name or an expression, found {type(end).__name__}")
        dtype = pl.Duration("us")

        def both(series: Any) -> pl.Series:
            starts, ends = series
            out = cal.between_many(_instants(starts, "between"), _instants(ends, "between: end"))
            return _us(out, dtype)

        return pl.map_batches([self._expr, other], both, return_dtype=dtype, is_elementwise=True)

    def is_working(self, *, calendar: CalendarLike) -> pl.Expr:
        """Whether each instant is inside working hours (``Calendar.is_working``)."""
        cal = calendar_of(calendar)

        def run(times: pl.Series) -> pl.Series:
            return cal.is_working_many(_instants(times, "is_working"))

        return self._expr.map_batches(run, return_dtype=pl.Boolean, is_elementwise=True)

    def next_opening(self, *, calendar: CalendarLike) -> pl.Expr:
        """The next start of working hours after each instant (``Calendar.next_opening``)."""
        cal = calendar_of(calendar)
        return self._each(cal, "next_opening", cal.next_opening_many)

    def next_closing(self, *, calendar: CalendarLike) -> pl.Expr:
        """The next end of working hours after each instant (``Calendar.next_closing``)."""
        cal = calendar_of(calendar)
        return self._each(cal, "next_closing", cal.next_closing_many)

    def next_working(self, *, calendar: CalendarLike) -> pl.Expr:
        """Each instant if it is working time, else the next opening
        (``Calendar.next_working``)."""
        cal = calendar_of(calendar)
        return self._each(cal, "next_working", cal.next_working_many)

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
        return self._each(cal, "add_working_days", lambda times: cal.add_working_days_many(times, n, meaning))

    def _each(self, cal: "sla.Calendar", what: str, many: Callable[[pl.Series], pl.Series]) -> pl.Expr:
        """An instant-to-instant column call of the engine."""
        dtype = pl.Datetime("us", cal.timezone)

        def run(times: pl.Series) -> pl.Series:
            return _us(many(_instants(times, what)), dtype)

        return self._expr.map_batches(run, return_dtype=dtype, is_elementwise=True)


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
