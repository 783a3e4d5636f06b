"""Hostile input: data that used to crash the interpreter or escape as a
plain Python error is an `sla.SlaError` subclass naming the value, and
sub-second parts are rounded, never dropped (issue 16)."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Callable

import pytest

import sla

UTC = timezone.utc
CAL = sla.Calendar("Mon-Fri 09:00-17:00 UTC")
T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
SAT = datetime(2026, 3, 7, 10, 13, tzinfo=UTC)

POLICY: dict[str, Any] = {
    "name": "small",
    "calendars": {"office": "Mon-Fri 09:00-18:00 UTC"},
    "priorities": [{"id": "high"}],
    "categories": [{"id": "incident"}],
    "metrics": [{"id": "resolution", "stop": "resolved", "targets": {"incident": {"*": "4h"}}}],
}
TICKET: dict[str, Any] = {
    "events": [{"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}]
}

TOO_DEEP = "invalid data: nested more than 127 levels deep"
CYCLIC = "invalid data: a list or object contains itself"
LONE = (
    'invalid data: string "a\ufffdb" holds a lone UTF-16 surrogate (shown as U+FFFD), '
    "which is not Unicode text"
)


def nested(levels: int) -> Any:
    x: Any = []
    for _ in range(levels - 1):
        x = [x]
    return x


def raises(cls: type[sla.SlaError], message: str, fn: Callable[[], object]) -> None:
    """`fn()` raises `cls` with exactly `message` (pyo3 may add a note
    naming the argument, which `str()` does not show)."""
    with pytest.raises(cls) as info:
        fn()
    assert str(info.value) == message


# Every entry point that takes a dict, given `data` somewhere inside one.
def dict_entry_points(data: Any) -> list[Callable[[], object]]:
    policy = sla.Policy(POLICY)
    bad_policy = {**POLICY, "calendars": {"office": {"timezone": "UTC", "week": {"mon": data}}}}
    bad_ticket = copy.deepcopy(TICKET)
    bad_ticket["events"][0]["comment"] = data
    return [
        lambda: sla.Calendar({"timezone": "UTC", "week": {"mon": data}}),
        lambda: sla.Policy(bad_policy),
        lambda: policy.ticket(bad_ticket),
        lambda: policy.evaluate(bad_ticket, T),
        lambda: policy.evaluate_many([bad_ticket], T),
        lambda: sla.evaluate({"policy": POLICY, "ticket": bad_ticket, "at": "2026-03-02T12:00:00Z"}),
    ]


# ----- 1. deep and self-referencing data ---------------------------------


@pytest.mark.parametrize("i", range(6))
def test_deeply_nested_data_is_an_input_error(i: int) -> None:
    raises(sla.InputError, TOO_DEEP, dict_entry_points(nested(10_000))[i])


@pytest.mark.parametrize("i", range(6))
def test_a_list_that_contains_itself_is_an_input_error(i: int) -> None:
    x: list[Any] = []
    x.append(x)
    raises(sla.InputError, CYCLIC, dict_entry_points(x)[i])


def test_a_dict_that_contains_itself_is_an_input_error() -> None:
    d: dict[str, Any] = {"timezone": "UTC"}
    d["week"] = d
    raises(sla.InputError, CYCLIC, lambda: sla.Calendar(d))


def test_the_depth_bound_is_127_levels() -> None:
    # The dict is level 1, the list "week" level 2: 127 levels in all
    # reach the core (which finds a list where a dict belongs), 128 do not.
    with pytest.raises(sla.CalendarError, match="expected a map"):
        sla.Calendar({"timezone": "UTC", "week": nested(126)})
    raises(sla.InputError, TOO_DEEP, lambda: sla.Calendar({"timezone": "UTC", "week": nested(127)}))


def test_shared_values_are_not_cycles() -> None:
    hours = ["09:00-17:00"]
    cal = sla.Calendar({"timezone": "UTC", "week": {"mon": hours, "tue": hours}})
    assert cal.day_hours(T.date()) == ["09:00-17:00"]


def test_json_text_nested_too_deeply_is_a_typed_error() -> None:
    deep = "[" * 10_000 + "]" * 10_000
    with pytest.raises(sla.CalendarError, match="recursion limit exceeded"):
        sla.Calendar.from_json('{"timezone": ' + deep + "}")
    with pytest.raises(sla.PolicyError, match="recursion limit exceeded"):
        sla.Policy('{"name": ' + deep + "}")
    with pytest.raises(sla.SlaError, match="recursion limit exceeded"):
        sla.evaluate_json('{"policy": ' + deep + "}")


# ----- 2. data errors that were plain Python errors ----------------------


@pytest.mark.parametrize("n", [-1, 2**32, 2**70])
def test_a_working_day_count_out_of_range_is_an_input_error(n: int) -> None:
    raises(
        sla.InputError,
        f'invalid duration "{n} working days": expected a whole number of days from 0 to 4294967295',
        lambda: CAL.add_working_days(T, n),
    )


def test_epoch_seconds_out_of_range_are_range_errors() -> None:
    for t in [2**63, -(2**63) - 1, 10**15]:
        raises(
            sla.OutOfRangeError,
            f"instant {t} epoch seconds is outside the supported range (years 1900 to 2099)",
            lambda: CAL.add_seconds(t, 0),
        )
        raises(
            sla.OutOfRangeError,
            f"instant {t} epoch seconds is outside the supported range (years 1900 to 2099)",
            lambda: CAL.between_seconds(0, t),
        )


def test_seconds_too_large_are_input_errors() -> None:
    for d in [2**63, -(2**64), 10**12 + 1]:
        raises(
            sla.InputError,
            f'invalid duration "{d}": the number is too large',
            lambda: CAL.add_seconds(1_772_445_600, d),
        )


def test_an_int_beyond_64_bits_in_data_reads_as_json_would() -> None:
    # 2**70 is the float it is in JSON text (and in JavaScript).
    with pytest.raises(sla.CalendarError, match=r"horizon_days: invalid type: floating point 1\.18059162071741\d+e\+21,"):
        sla.Calendar({"timezone": "UTC", "week": {"mon": ["09:00-17:00"]}, "horizon_days": 2**70})
    raises(
        sla.InputError,
        "expected a JSON number, found an int too large for a float",
        lambda: sla.Calendar({"timezone": "UTC", "horizon_days": 10**400}),
    )


STR_ENTRY_POINTS: list[Callable[[str], object]] = [
    lambda s: sla.Calendar(s),
    lambda s: sla.Calendar.preset(s, "UTC"),
    lambda s: sla.Calendar.preset("9x5", s),
    lambda s: sla.Calendar.from_json(s),
    lambda s: sla.Calendar.from_toml(s),
    lambda s: CAL.add_working_days(T, 1, s),
    lambda s: sla.Policy(s),
    lambda s: sla.Policy.from_json(s),
    lambda s: sla.Policy.from_toml(s),
    lambda s: sla.Policy(POLICY).calendar(s),
    lambda s: sla.Policy(POLICY).check_pair(s, "high"),
    lambda s: sla.Policy(POLICY).check_pair("incident", s),
    lambda s: sla.Policy(POLICY).ticket(s),
    lambda s: sla.Policy(POLICY).evaluate(s, T),
    lambda s: sla.evaluate(s),
    lambda s: sla.evaluate_json(s),
    lambda s: sla.bundled_production_calendar(s),
    lambda s: sla.Calendar({"timezone": s}),
    lambda s: sla.Calendar({s: "UTC"}),
    lambda s: sla.Policy({**POLICY, "name": s}),
]


@pytest.mark.parametrize("i", range(len(STR_ENTRY_POINTS)))
def test_a_lone_surrogate_in_a_string_is_an_input_error(i: int) -> None:
    raises(sla.InputError, LONE, lambda: STR_ENTRY_POINTS[i]("a\ud800b"))


def test_a_surrogate_pair_is_text_like_any_other() -> None:
    raises(sla.CalendarError, 'unknown time zone "a\U0001f600b"', lambda: sla.Calendar.preset("9x5", "a\U0001f600b"))


def test_adding_nothing_beyond_the_supported_range_is_a_range_error() -> None:
    t = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-23)))
    with pytest.raises(sla.OutOfRangeError, match="outside the supported range"):
        CAL.add(t, timedelta(0))
    with pytest.raises(sla.OutOfRangeError, match="outside the supported range"):
        CAL.sub(t, timedelta(0))


class Days(tzinfo):
    """A custom tzinfo with an offset no real zone has."""

    def __init__(self, days: int) -> None:
        self.days = days

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(days=self.days)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)


@pytest.mark.parametrize("days", [1000, 1, -1])
def test_a_tzinfo_offset_of_a_day_or_more_is_an_input_error(days: int) -> None:
    t = datetime(2026, 3, 2, 10, 0, tzinfo=Days(days))
    shown = str(timedelta(days=days))
    message = (
        f'invalid instant "2026-03-02T10:00:00": its tzinfo gives the UTC offset {shown}, '
        "which is not strictly between -24 and 24 hours"
    )
    raises(sla.InputError, message, lambda: CAL.add(t, timedelta(hours=1)))
    raises(sla.InputError, message, lambda: CAL.is_working(t))
    raises(sla.InputError, message, lambda: sla.Calendar({"timezone": "UTC", "x": t}))


def test_an_offset_just_under_a_day_is_accepted() -> None:
    t = datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=23, minutes=59)))
    assert CAL.is_working(t) is False


# ----- 3. sub-second parts are rounded, never dropped ---------------------


def test_a_fraction_of_a_second_off_hours_is_not_dropped() -> None:
    monday = datetime(2026, 3, 9, 9, 0, 1, tzinfo=UTC)
    assert CAL.add(SAT, timedelta(milliseconds=555)) == monday
    assert CAL.add(SAT, timedelta(seconds=1)) == monday
    assert CAL.add(SAT, timedelta(microseconds=1)) == monday


def test_an_instant_with_a_fraction_rounds_the_result_up() -> None:
    t = datetime(2026, 3, 9, 10, 13, 0, 500_000, tzinfo=UTC)
    assert CAL.add(t, timedelta(hours=1)) == datetime(2026, 3, 9, 11, 13, 1, tzinfo=UTC)
    assert CAL.add(t, timedelta(0)) == datetime(2026, 3, 9, 10, 13, 1, tzinfo=UTC)
    assert CAL.add_working_days(t, 1) == datetime(2026, 3, 10, 10, 13, 1, tzinfo=UTC)


def test_a_backward_count_rounds_down() -> None:
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    friday = datetime(2026, 3, 6, 16, 59, 59, tzinfo=UTC)
    assert CAL.sub(monday, timedelta(milliseconds=555)) == friday
    assert CAL.add(monday, timedelta(milliseconds=-555)) == friday
    t = datetime(2026, 3, 9, 10, 0, 0, 300_000, tzinfo=UTC)
    assert CAL.sub(t, timedelta(milliseconds=500)) == datetime(2026, 3, 9, 9, 59, 59, tzinfo=UTC)
    assert CAL.sub(t, timedelta(0)) == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)


def test_bulk_calls_round_as_add_does() -> None:
    import numpy as np

    times = [
        SAT,
        datetime(2026, 3, 9, 10, 13, 0, 500_000, tzinfo=UTC),
        datetime(2026, 3, 6, 16, 59, 59, 500_000, tzinfo=UTC),
        datetime(1969, 12, 31, 10, 0, 0, 250_000, tzinfo=UTC),
        datetime(2026, 3, 9, 10, 0, 0, 300_000, tzinfo=UTC),
    ]
    durations = [
        timedelta(milliseconds=555),
        timedelta(hours=1),
        timedelta(0),
        timedelta(hours=1, microseconds=1),
        timedelta(milliseconds=-500),
    ]
    expected = [CAL.add(t, d) for t, d in zip(times, durations)]
    assert expected[0] == datetime(2026, 3, 9, 9, 0, 1, tzinfo=UTC)
    assert expected[4] == datetime(2026, 3, 9, 9, 59, 59, tzinfo=UTC)
    assert CAL.add_many(times, durations) == expected
    assert CAL.add_many(times, timedelta(milliseconds=555)) == [
        CAL.add(t, timedelta(milliseconds=555)) for t in times
    ]
    # numpy: datetime64 and timedelta64 in units finer than seconds.
    for unit in ["ms", "us", "ns"]:
        t64 = np.array([t.replace(tzinfo=None) for t in times], dtype=f"datetime64[{unit}]")
        d64 = np.array(durations, dtype=f"timedelta64[{unit}]")
        out = CAL.add_many(t64, d64)
        want = np.array([e.replace(tzinfo=None) for e in expected], dtype="datetime64[s]")
        assert (out == want).all(), (unit, out, want)
