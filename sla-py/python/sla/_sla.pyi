# Hand-written stubs of the extension module sla._sla (checked against the
# built module by `python -m mypy.stubtest sla`, see scripts/test-py.sh).
# One section per Rust file of sla-py/src, in the order of sla-core's modules.

import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal, Optional, Union, final, overload

import numpy as np
import numpy.typing as npt

__version__: str

__all__ = [
    "__version__",
    "CalendarError",
    "EventError",
    "InputError",
    "OutOfRangeError",
    "PolicyError",
    "SlaError",
    "Calendar",
    "Policy",
    "Ticket",
    "Report",
    "MetricReport",
    "ThresholdReport",
    "TimerReport",
    "Timeline",
    "HistoryEntry",
    "Segment",
    "evaluate",
    "evaluate_json",
    "bundled_production_calendar",
]

# ----- error.rs ---------------------------------------------------------------

class SlaError(ValueError):
    """Base class of every error of the SLA engine; `kind` names its family."""

    kind: str

class CalendarError(SlaError):
    """The calendar definition is wrong (zone, intervals, dated rules, text form)."""

class OutOfRangeError(SlaError):
    """A computation needs calendar data that is not loaded, leaves the supported range, or finds no working time."""

class InputError(SlaError):
    """A duration, instant or data value is malformed (a naive datetime, data
    nested too deeply or containing itself, a string with a lone surrogate)."""

class PolicyError(SlaError):
    """The policy is malformed or refers to something it does not define."""

class EventError(SlaError):
    """The ticket's events are malformed, out of order or not allowed."""

# ----- calendar.rs ------------------------------------------------------------

# Data of the JSON contract: dicts, lists, str, int, float, bool, None.
_JSON = Any

_DatetimeArray = npt.NDArray[np.datetime64]
_TimedeltaArray = npt.NDArray[np.timedelta64]
# One instant: an aware datetime (pandas' Timestamp is one), an RFC 3339 str
# with an offset, or a numpy datetime64 (UTC).
_Instant = Union[datetime, str, np.datetime64]
# Arrays read by the bulk calls: datetime64 (UTC), or objects (aware datetimes,
# as a timezone-aware pandas Series gives from `.to_numpy()`).
_InstantArray = Union[_DatetimeArray, npt.NDArray[np.object_]]
_DurationArray = Union[_TimedeltaArray, npt.NDArray[np.object_]]

@final
class Calendar:
    """A business-hour calendar: weekly working intervals in an IANA time zone,
    with holidays, transferred working days, shortened days and custom hours.

    Instants in are timezone-aware datetimes (any tzinfo), RFC 3339 strings
    or numpy datetime64 values (UTC); instants out are datetimes in the
    calendar's zone (its ``zoneinfo.ZoneInfo``).
    """

    def __new__(cls, spec: Union[str, dict[str, _JSON]]) -> "Calendar": ...
    @staticmethod
    def preset(
        name: Literal["24x7", "9x5", "08:45-17:00", "09:00-17:00"], timezone: str
    ) -> "Calendar": ...
    @staticmethod
    def from_json(text: str) -> "Calendar": ...
    @staticmethod
    def from_toml(text: str) -> "Calendar": ...
    @property
    def timezone(self) -> str: ...
    @property
    def working_day_length(self) -> timedelta: ...
    @property
    def covered_years(self) -> Optional[list[int]]: ...
    @property
    def spec(self) -> dict[str, _JSON]: ...
    def add(self, t: _Instant, d: timedelta) -> datetime:
        """The instant `d` of working time after `t`: the exact answer, sub-second
        parts of `t` and `d` included, rounded up to the whole second (a
        deadline is never earlier than the true one)."""
    def sub(self, t: _Instant, d: timedelta) -> datetime:
        """The instant `d` of working time before `t`: the exact answer rounded
        down to the whole second."""
    def between(self, a: _Instant, b: _Instant) -> timedelta: ...
    def add_seconds(self, t: int, d: int) -> int: ...
    def between_seconds(self, a: int, b: int) -> int: ...
    def is_working(self, t: _Instant) -> bool: ...
    def next_opening(self, t: _Instant) -> datetime: ...
    def next_closing(self, t: _Instant) -> datetime: ...
    def next_working(self, t: _Instant) -> datetime: ...
    def periods(self, start: _Instant, end: _Instant) -> list[tuple[datetime, datetime]]: ...
    def add_working_days(
        self, t: _Instant, n: int, meaning: Literal["length", "end_of_day", "end_of_day_from_opening"] = "length"
    ) -> datetime: ...
    def day_hours(self, date: date) -> list[str]: ...
    @overload
    def add_many(
        self,
        times: Sequence[Optional[_Instant]],
        durations: Union[timedelta, np.timedelta64, _DurationArray, Sequence[Optional[timedelta]]],
    ) -> list[Optional[datetime]]: ...
    @overload
    def add_many(
        self,
        times: _InstantArray,
        durations: Union[timedelta, np.timedelta64, _DurationArray, Sequence[Optional[timedelta]]],
    ) -> _DatetimeArray: ...
    @overload
    def between_many(
        self,
        starts: Sequence[Optional[_Instant]],
        ends: Union[Sequence[Optional[_Instant]], _InstantArray],
    ) -> list[Optional[timedelta]]: ...
    @overload
    def between_many(
        self,
        starts: _InstantArray,
        ends: Union[Sequence[Optional[_Instant]], _InstantArray],
    ) -> _TimedeltaArray: ...

# ----- policy.rs --------------------------------------------------------------

@final
class Ticket:
    """A ticket's events checked against a policy, ready to be evaluated."""

    @property
    def id(self) -> Optional[str]: ...
    def __len__(self) -> int: ...

@final
class Policy:
    """A compiled, validated SLA policy."""

    def __new__(cls, source: Union[dict[str, _JSON], str, os.PathLike[str]]) -> "Policy": ...
    @staticmethod
    def from_json(text: str) -> "Policy": ...
    @staticmethod
    def from_toml(text: str) -> "Policy": ...
    @property
    def name(self) -> str: ...
    @property
    def priorities(self) -> list[str]: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def metrics(self) -> list[str]: ...
    @property
    def calendar_names(self) -> list[str]: ...
    @property
    def spec(self) -> dict[str, _JSON]: ...
    def calendar(self, name: str) -> Calendar: ...
    def check_pair(self, category: str, priority: str) -> None: ...
    def ticket(self, spec: Union[dict[str, _JSON], str]) -> Ticket: ...
    def evaluate(
        self, ticket: Union[Ticket, dict[str, _JSON], str], at: _Instant, explain: bool = False
    ) -> "Report": ...
    def evaluate_many(
        self,
        tickets: Sequence[Union[Ticket, dict[str, _JSON], str]],
        at: Union[_Instant, Sequence[_Instant]],
        explain: bool = False,
    ) -> list["Report"]: ...

# ----- clock.rs ---------------------------------------------------------------

@final
class Report:
    """A ticket's SLA status at one instant."""

    @property
    def ticket(self) -> Optional[str]: ...
    @property
    def at(self) -> datetime: ...
    @property
    def status(self) -> Literal["open", "paused", "resolved", "closed"]: ...
    @property
    def priority(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def pause_reason(self) -> Optional[str]: ...
    @property
    def metrics(self) -> list["MetricReport"]: ...
    @property
    def timers(self) -> list["TimerReport"]: ...
    def metric(self, id: str) -> Optional["MetricReport"]: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class MetricReport:
    """One metric's status."""

    @property
    def metric(self) -> str: ...
    @property
    def state(
        self,
    ) -> Literal["not_started", "running", "paused", "met", "breached", "no_deadline", "cancelled"]: ...
    @property
    def calendar(self) -> str: ...
    @property
    def target(self) -> Optional[str]: ...
    @property
    def started_at(self) -> Optional[datetime]: ...
    @property
    def stopped_at(self) -> Optional[datetime]: ...
    @property
    def deadline(self) -> Optional[datetime]: ...
    @property
    def projected_deadline(self) -> Optional[datetime]: ...
    @property
    def cause(self) -> Optional[str]: ...
    @property
    def breached_at(self) -> Optional[datetime]: ...
    @property
    def elapsed_seconds(self) -> int: ...
    @property
    def elapsed_since_start_seconds(self) -> int: ...
    @property
    def remaining_seconds(self) -> Optional[int]: ...
    @property
    def elapsed(self) -> timedelta: ...
    @property
    def remaining(self) -> Optional[timedelta]: ...
    @property
    def percent_used(self) -> Optional[float]: ...
    @property
    def outside_working_hours(self) -> bool: ...
    @property
    def pause_reason(self) -> Optional[str]: ...
    @property
    def thresholds(self) -> list["ThresholdReport"]: ...
    @property
    def timeline(self) -> Optional["Timeline"]: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class ThresholdReport:
    """A threshold instant (warning, escalation)."""

    @property
    def id(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def reached(self) -> bool: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class TimerReport:
    """One timer's state."""

    @property
    def timer(self) -> str: ...
    @property
    def state(self) -> Literal["pending", "running", "due", "cancelled"]: ...
    @property
    def started_at(self) -> Optional[datetime]: ...
    @property
    def due(self) -> Optional[datetime]: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class Timeline:
    """Why a deadline is what it is (with ``explain=True``)."""

    @property
    def history(self) -> list["HistoryEntry"]: ...
    @property
    def segments(self) -> list["Segment"]: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class HistoryEntry:
    """One step of a deadline's history."""

    @property
    def at(self) -> datetime: ...
    @property
    def cause(self) -> str: ...
    @property
    def deadline(self) -> Optional[datetime]: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

@final
class Segment:
    """A stretch of a metric's timeline (``from_`` is the _JSON ``from``)."""

    @property
    def from_(self) -> datetime: ...
    @property
    def to(self) -> datetime: ...
    @property
    def kind(self) -> Literal["working", "outside_hours", "paused", "stopped"]: ...
    @property
    def reason(self) -> Optional[str]: ...
    @property
    def working_seconds(self) -> int: ...
    @property
    def projected(self) -> bool: ...
    def to_dict(self) -> dict[str, _JSON]: ...
    def to_json(self) -> str: ...

# ----- contract.rs ------------------------------------------------------------

def evaluate(request: Union[dict[str, _JSON], str, os.PathLike[str]]) -> dict[str, _JSON]: ...
def evaluate_json(request: str) -> str: ...
def bundled_production_calendar(name: str) -> dict[str, _JSON]: ...
