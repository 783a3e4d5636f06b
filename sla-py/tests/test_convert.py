"""Values across the boundary (convert.rs): the forms an instant may take
(aware datetime, pandas Timestamp, RFC 3339 str, numpy datetime64), missing
times (None, NaT) and numpy scalars in data, in every call that takes them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

import sla
from conftest import MSK

T = datetime(2026, 3, 2, 10, 0, tzinfo=MSK)  # Monday, 07:00 UTC
# The same instant in every form an instant may take.
FORMS: list[Any] = [
    T,
    T.astimezone(timezone.utc),
    pd.Timestamp("2026-03-02T10:00:00", tz="Europe/Moscow"),
    pd.Timestamp("2026-03-02T07:00:00", tz="UTC"),
    "2026-03-02T10:00:00+03:00",
    "2026-03-02T07:00:00Z",
    np.datetime64("2026-03-02T07:00:00"),  # numpy's convention: UTC
    np.datetime64("2026-03-02T07:00:00.000000000", "ns"),
    np.datetime64("2026-03-02T07:00", "m"),
]
IDS = ["datetime", "datetime-utc", "timestamp", "timestamp-utc", "str", "str-z", "dt64-s", "dt64-ns", "dt64-m"]

SMALL_POLICY: dict[str, Any] = {
    "name": "small",
    "calendars": {"office": "Mon-Fri 09:00-18:00 Europe/Moscow"},
    "priorities": [{"id": "high"}],
    "categories": [{"id": "incident"}],
    "metrics": [{"id": "reaction", "stop": "responded", "targets": {"*": {"*": "4h"}}}],
}


@pytest.fixture(scope="module")
def small() -> sla.Policy:
    return sla.Policy(SMALL_POLICY)


def created(at: Any = "2026-03-02T10:00:00+03:00") -> dict[str, Any]:
    return {"at": at, "type": "created", "priority": "high", "category": "incident"}


# ----- missing times -----------------------------------------------------------

MISSING_AT = "invalid ticket: events[1]: missing field \"at\""
MISSING = [None, pd.NaT, np.datetime64("NaT"), np.datetime64("NaT", "ns")]


@pytest.mark.parametrize("at", MISSING, ids=["None", "pd.NaT", "np.NaT", "np.NaT-ns"])
def test_a_missing_event_time_says_so(small: sla.Policy, at: Any) -> None:
    ticket = {"events": [created(), {"at": at, "type": "responded"}]}
    calls: list[Callable[[], Any]] = [
        lambda: small.ticket(ticket),
        lambda: small.evaluate(ticket, T),
        lambda: small.evaluate_many([ticket], T),
        lambda: sla.evaluate({"policy": SMALL_POLICY, "ticket": ticket, "at": "2026-03-02T12:00:00+03:00"}),
    ]
    for i, call in enumerate(calls):
        with pytest.raises(sla.EventError) as e:
            call()
        # evaluate_many names the ticket that failed by its place in the list.
        assert str(e.value) == ("ticket #0: " if i == 2 else "") + MISSING_AT


def test_a_missing_event_time_reads_as_a_left_out_one(small: sla.Policy) -> None:
    left_out = {"events": [created(), {"type": "responded"}]}
    with pytest.raises(sla.EventError) as e:
        small.ticket(left_out)
    assert str(e.value) == MISSING_AT


@pytest.mark.parametrize("nat", [pd.NaT, np.datetime64("NaT")], ids=["pd.NaT", "np.NaT"])
def test_nat_where_an_instant_is_needed_is_a_missing_time(
    office: sla.Calendar, small: sla.Policy, nat: Any
) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: office.add(nat, timedelta(hours=1)),
        lambda: office.between(T, nat),
        lambda: office.next_opening(nat),
        lambda: small.evaluate({"events": [created()]}, nat),
        lambda: small.evaluate_many([{"events": [created()]}], [nat]),
    ]
    for call in calls:
        with pytest.raises(sla.InputError) as e:
            call()
        assert str(e.value) == 'invalid instant "NaT": the time is missing'


def test_nat_in_a_bulk_list_is_still_a_missing_value(office: sla.Calendar) -> None:
    out = office.add_many([T, pd.NaT, np.datetime64("NaT"), None], timedelta(hours=1))
    assert out == [T + timedelta(hours=1), None, None, None]


# ----- every form of an instant, everywhere ----------------------------------------


@pytest.mark.parametrize("t", FORMS, ids=IDS)
def test_every_form_of_an_instant_in_every_calendar_call(office: sla.Calendar, t: Any) -> None:
    end = datetime(2026, 3, 3, 12, 0, tzinfo=MSK)
    assert office.add(t, timedelta(hours=1)) == T + timedelta(hours=1)
    assert office.sub(t, timedelta(hours=1)) == T - timedelta(hours=1)
    assert office.between(t, end) == timedelta(hours=11)
    assert office.between(end, t) == -timedelta(hours=11)
    assert office.is_working(t)
    assert office.next_opening(t) == datetime(2026, 3, 3, 9, 0, tzinfo=MSK)
    assert office.next_closing(t) == datetime(2026, 3, 2, 18, 0, tzinfo=MSK)
    assert office.next_working(t) == T
    assert office.periods(t, end) == office.periods(T, end)
    assert office.add_working_days(t, 1) == office.add_working_days(T, 1)
    assert office.add_many([t], timedelta(hours=1)) == [T + timedelta(hours=1)]
    assert office.between_many([t], [end]) == [timedelta(hours=11)]


@pytest.mark.parametrize("t", FORMS, ids=IDS)
def test_every_form_of_an_instant_in_the_ticket_clock(small: sla.Policy, t: Any) -> None:
    ticket = {"events": [created()]}
    expected = small.evaluate(ticket, T)
    assert small.evaluate(ticket, t) == expected
    assert small.evaluate_many([ticket], t) == [expected]
    assert small.evaluate_many([ticket], [t]) == [expected]
    # ... and as an event's time in a ticket given as data.
    as_data = {"events": [created(at=t)]}
    assert small.evaluate(as_data, T) == expected
    assert small.evaluate_many([as_data], T) == [expected]
    request = {"policy": SMALL_POLICY, "ticket": as_data, "at": "2026-03-02T10:00:00+03:00"}
    assert sla.evaluate(request) == expected.to_dict()


def test_sub_second_parts_of_every_form_round_as_a_datetime_does(office: sla.Calendar) -> None:
    exact = office.add(T + timedelta(microseconds=500_000), timedelta(0))
    assert exact == T + timedelta(seconds=1)  # rounded up
    for t in (
        "2026-03-02T10:00:00.5+03:00",
        np.datetime64("2026-03-02T07:00:00.5"),
        np.datetime64("2026-03-02T07:00:00.500000000", "ns"),
        pd.Timestamp("2026-03-02T07:00:00.5", tz="UTC"),
    ):
        assert office.add(t, timedelta(0)) == exact, t
        assert office.sub(t, timedelta(0)) == T, t  # rounded down


def test_a_numpy_datetime64_in_data_is_utc_text(small: sla.Policy) -> None:
    # As the instant's RFC 3339 text in UTC: the same ticket as the text itself.
    at = T + timedelta(hours=1)
    by_text = small.evaluate({"events": [created(at="2026-03-02T07:00:00.25Z")]}, at)
    by_numpy = small.evaluate({"events": [created(at=np.datetime64("2026-03-02T07:00:00.25"))]}, at)
    assert by_numpy == by_text


def test_a_naive_timestamp_is_a_naive_datetime(office: sla.Calendar, small: sla.Policy) -> None:
    naive = pd.Timestamp("2026-03-02 10:00")
    message = 'naive datetime "2026-03-02 10:00:00" has no time zone'
    with pytest.raises(sla.InputError, match=message):
        office.add(naive, timedelta(hours=1))
    with pytest.raises(sla.InputError, match=message):
        small.evaluate({"events": [created()]}, naive)
    with pytest.raises(sla.InputError, match=message):
        small.ticket({"events": [created(at=naive)]})


def test_a_string_is_read_by_the_core(office: sla.Calendar) -> None:
    # The same words as an event's time in a ticket (and as JavaScript's).
    with pytest.raises(sla.InputError) as e:
        office.add("2026-03-02T10:00:00", timedelta(hours=1))
    assert str(e.value) == (
        'invalid instant "2026-03-02T10:00:00": '
        'expected RFC 3339 with an offset, like "2026-03-02T10:00:00+03:00"'
    )
    with pytest.raises(sla.OutOfRangeError, match="supported range"):
        office.add("2200-01-01T00:00:00Z", timedelta(hours=1))
    # A leap second reads as the first second of the next minute (the
    # core's rule, so JavaScript reads it alike), in every call.
    assert office.add("2026-03-02T09:59:60+03:00", timedelta(0)) == T
    assert office.between("2026-03-02T09:59:60+03:00", T) == timedelta(0)
    assert office.between(T, "2026-03-02T17:59:60.5+03:00") == timedelta(hours=8)
    assert not office.is_working("2026-03-02T17:59:60+03:00")


def test_other_types_are_type_errors(office: sla.Calendar) -> None:
    for value, name in ((1772434800, "int"), (np.int64(1772434800), "int64"), (T.date(), "date")):
        with pytest.raises(TypeError) as e:
            office.add(value, timedelta(hours=1))
        assert str(e.value) == (
            "expected a timezone-aware datetime, an RFC 3339 str or a numpy datetime64, " f"found {name}"
        )


# ----- numpy scalars in data ----------------------------------------------------------


@pytest.mark.parametrize("ticket_id", [5, np.int64(5), np.int32(5), np.uint8(5)], ids=lambda v: type(v).__name__)
def test_a_numpy_integer_id_is_read_as_an_int_is(small: sla.Policy, ticket_id: Any) -> None:
    # Ticket ids are strings in the contract: an int, numpy's or Python's,
    # gets the core's own message rather than a TypeError about its type.
    with pytest.raises(sla.EventError) as e:
        small.ticket({"id": ticket_id, "events": [created()]})
    assert str(e.value) == "invalid ticket: id: invalid type: integer 5, expected a string"


def test_numpy_numbers_and_bools_in_data_are_what_they_hold(small: sla.Policy) -> None:
    spec = {"timezone": "UTC", "week": {"mon-fri": ["09:00-18:00"]}, "horizon_days": 400}
    as_numpy = {**spec, "horizon_days": np.int64(400)}
    assert sla.Calendar(as_numpy).spec == sla.Calendar(spec).spec
    request = {"policy": SMALL_POLICY, "ticket": {"events": [created()]}, "at": "2026-03-02T12:00:00+03:00"}
    explained = sla.evaluate({**request, "explain": True})
    assert sla.evaluate({**request, "explain": np.bool_(True)}) == explained
    # A float numpy holds is the float it is: a fraction is still a fraction.
    with pytest.raises(sla.CalendarError) as by_python:
        sla.Calendar({**spec, "horizon_days": 1.5})
    with pytest.raises(sla.CalendarError) as by_numpy:
        sla.Calendar({**spec, "horizon_days": np.float32(1.5)})
    assert str(by_numpy.value) == str(by_python.value)


def test_other_numpy_values_in_data_are_type_errors(small: sla.Policy) -> None:
    # timedelta64 is one of numpy's integers, but not a number of the data.
    for value in (np.timedelta64(1, "s"), np.timedelta64(1, "ns")):
        with pytest.raises(TypeError, match="found timedelta64"):
            small.ticket({"events": [created(at=value)]})


def test_str_and_datetime_instants_need_no_numpy() -> None:
    # numpy and pandas stay optional: nothing above imports them unless the
    # caller passed one of their values.
    code = """
import sys
from datetime import timedelta
import sla
cal = sla.Calendar("24x7 UTC")
assert cal.add("2026-03-02T10:00:00Z", timedelta(hours=1)).hour == 11
try:
    cal.add(5, timedelta(hours=1))
except TypeError as e:
    assert "found int" in str(e)
policy = sla.Policy(json.loads(sys.argv[1]))
ticket = {"events": [{"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}]}
assert policy.evaluate(ticket, "2026-03-02T11:00:00Z").status == "open"
try:
    policy.ticket({"events": ticket["events"] + [{"at": None, "type": "responded"}]})
except sla.EventError as e:
    assert 'missing field "at"' in str(e)
assert "numpy" not in sys.modules and "pandas" not in sys.modules
"""
    run = subprocess.run(
        [sys.executable, "-c", "import json\n" + code, json.dumps(SMALL_POLICY)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
