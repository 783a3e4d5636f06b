"""Errors: one exception class per family of sla_core::Error, the core's
message unchanged, `.kind` on every class and instance, no panics."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest

import sla
from conftest import MSK

UTC = timezone.utc

FAMILIES = [
    (sla.CalendarError, "calendar"),
    (sla.OutOfRangeError, "range"),
    (sla.InputError, "input"),
    (sla.PolicyError, "policy"),
    (sla.EventError, "event"),
]

SMALL_POLICY: dict[str, Any] = {
    "name": "small",
    "calendars": {"office": "Mon-Fri 09:00-18:00 Europe/Moscow +ru"},
    "priorities": [{"id": "high"}, {"id": "low"}],
    "categories": [{"id": "incident"}, {"id": "consultation"}],
    "pause_reasons": [{"id": "waiting"}],
    "metrics": [
        {
            "id": "resolution",
            "stop": "resolved",
            "targets": {
                "incident": {"*": "4h"},
                "consultation": {"high": "not allowed", "low": "1 working day"},
            },
        }
    ],
}


def created(at: str = "2026-03-02T10:00:00+03:00", **fields: str) -> dict[str, str]:
    return {"at": at, "type": "created", "priority": "high", "category": "incident", **fields}


@pytest.mark.parametrize(("cls", "kind"), FAMILIES)
def test_every_family_is_a_value_error_with_a_kind(cls: type[sla.SlaError], kind: str) -> None:
    assert issubclass(cls, sla.SlaError)
    assert issubclass(cls, ValueError)
    assert cls.kind == kind
    assert cls.__module__ == "sla"


def test_the_base_class_has_a_kind_too() -> None:
    assert issubclass(sla.SlaError, ValueError)
    assert isinstance(sla.SlaError.kind, str)


def test_naive_datetime(office: sla.Calendar) -> None:
    with pytest.raises(sla.InputError) as e:
        office.add(datetime(2026, 3, 2, 10, 0), timedelta(hours=1))
    assert e.value.kind == "input"
    assert str(e.value).startswith('naive datetime "2026-03-02 10:00:00" has no time zone')
    assert "attach a tzinfo" in str(e.value)


def test_naive_datetime_everywhere(office: sla.Calendar, r3: sla.Policy) -> None:
    naive = datetime(2026, 3, 2, 10, 0)
    aware = naive.replace(tzinfo=MSK)
    calls = [
        lambda: office.sub(naive, timedelta(hours=1)),
        lambda: office.between(aware, naive),
        lambda: office.is_working(naive),
        lambda: office.next_opening(naive),
        lambda: office.periods(naive, aware),
        lambda: office.add_working_days(naive, 1),
        lambda: office.add_many([aware, naive], timedelta(hours=1)),
        lambda: r3.evaluate({"events": [created()]}, naive),
        lambda: r3.ticket({"events": [{"at": naive, "type": "created"}]}),
    ]
    for call in calls:
        with pytest.raises(sla.InputError, match="naive datetime"):
            call()


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: Python calls that naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


def test_a_tzinfo_without_an_offset_is_naive(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, 0, tzinfo=NoOffset())
    assert t.utcoffset() is None
    with pytest.raises(sla.InputError, match='naive datetime "2026-03-02 10:00:00" has no time zone'):
        office.add(t, timedelta(hours=1))


def test_a_float_json_cannot_hold_is_an_input_error() -> None:
    for value, shown in ((float("nan"), "NaN"), (float("inf"), "inf")):
        with pytest.raises(sla.InputError) as e:
            sla.Policy({**SMALL_POLICY, "description": value})
        assert str(e.value) == f"expected a JSON number, found {shown}"


def test_bad_zone() -> None:
    with pytest.raises(sla.CalendarError) as e:
        sla.Calendar("Mon-Fri 09:00-18:00 Mars/Olympus_Mons")
    assert str(e.value) == 'unknown time zone "Mars/Olympus_Mons"'
    assert e.value.kind == "calendar"
    with pytest.raises(sla.CalendarError, match='unknown time zone "Nowhere/Land"'):
        sla.Calendar.preset("9x5", "Nowhere/Land")


def test_overlapping_intervals() -> None:
    with pytest.raises(sla.CalendarError) as e:
        sla.Calendar("Mon-Fri 09:00-13:00,12:00-18:00 UTC")
    assert str(e.value) == "overlapping working intervals on mon: 09:00-13:00 and 12:00-18:00"


def test_unknown_key_in_a_calendar_spec() -> None:
    with pytest.raises(sla.CalendarError, match='unknown field "weeks"'):
        sla.Calendar({"timezone": "UTC", "weeks": {}})


def test_unknown_priority() -> None:
    policy = sla.Policy(SMALL_POLICY)
    with pytest.raises(sla.PolicyError) as e:
        policy.ticket({"events": [created(priority="urgent")]})
    assert str(e.value) == 'unknown priority "urgent" (known: "high", "low")'
    assert e.value.kind == "policy"


def test_forbidden_pair(r3: sla.Policy) -> None:
    message = (
        'category "consultation" does not allow priority "highest" '
        '(metric "resolution" marks the pair as not allowed)'
    )
    with pytest.raises(sla.PolicyError) as e:
        r3.check_pair("consultation", "highest")
    assert str(e.value) == message
    with pytest.raises(sla.PolicyError, match="does not allow"):
        r3.ticket({"events": [created(priority="highest", category="consultation")]})
    assert r3.check_pair("consultation", "medium") is None


def test_events_out_of_order() -> None:
    policy = sla.Policy(SMALL_POLICY)
    events = [
        created(),
        {"at": "2026-03-02T11:00:00+03:00", "type": "paused", "reason": "waiting"},
        {"at": "2026-03-02T10:30:00+03:00", "type": "resumed"},
    ]
    with pytest.raises(sla.EventError) as e:
        policy.ticket({"events": events})
    assert str(e.value) == (
        "event #2 (resumed) at 2026-03-02T10:30:00+03:00 is earlier than "
        "the event before it at 2026-03-02T11:00:00+03:00"
    )
    assert e.value.kind == "event"


def test_resume_without_pause() -> None:
    policy = sla.Policy(SMALL_POLICY)
    events = [created(), {"at": "2026-03-02T11:00:00+03:00", "type": "resumed"}]
    with pytest.raises(sla.EventError) as e:
        policy.evaluate({"events": events}, datetime(2026, 3, 2, 12, tzinfo=MSK))
    assert str(e.value) == "event #1 (resumed) is not allowed: resume without a pause"


def test_year_not_covered(office: sla.Calendar) -> None:
    with pytest.raises(sla.OutOfRangeError) as e:
        office.add(datetime(2030, 3, 4, 10, tzinfo=MSK), timedelta(hours=1))
    assert str(e.value) == (
        "no calendar data for year 2030 (loaded: 2024, 2025, 2026, 2027); load that year "
        'or set out_of_range to "weekly" to use the plain weekly template'
    )
    assert e.value.kind == "range"


def test_out_of_range_in_a_bulk_call(office: sla.Calendar) -> None:
    times = [datetime(2026, 3, 2, tzinfo=MSK), datetime(2030, 3, 4, tzinfo=MSK)]
    with pytest.raises(sla.OutOfRangeError, match="year 2030"):
        office.add_many(times, timedelta(hours=1))


def test_weekly_fallback_outside_the_covered_years() -> None:
    cal = sla.Calendar(
        {
            "timezone": "Europe/Moscow",
            "week": {"mon-fri": ["09:00-18:00"]},
            "production_calendars": ["ru"],
            "out_of_range": "weekly",
        }
    )
    monday = datetime(2030, 3, 4, 17, 0, tzinfo=MSK)
    assert cal.add(monday, timedelta(hours=2)) == datetime(2030, 3, 5, 10, 0, tzinfo=MSK)


def test_instant_outside_the_supported_range() -> None:
    cal = sla.Calendar("24x7 UTC")
    with pytest.raises(sla.OutOfRangeError, match="outside the supported range"):
        cal.add(datetime(1800, 1, 1, tzinfo=UTC), timedelta(hours=1))


def test_malformed_duration() -> None:
    spec = copy.deepcopy(SMALL_POLICY)
    spec["metrics"][0]["targets"]["incident"]["*"] = "4 weeks"
    with pytest.raises(sla.InputError) as e:
        sla.Policy(spec)
    assert str(e.value) == 'invalid duration "4 weeks": unknown unit; expected s, m, h or d'


def test_malformed_instant_in_an_event() -> None:
    policy = sla.Policy(SMALL_POLICY)
    with pytest.raises(sla.InputError, match='invalid instant "2026-03-02 10:00"'):
        policy.ticket({"events": [created(at="2026-03-02 10:00")]})


def test_unknown_working_day_meaning(office: sla.Calendar) -> None:
    with pytest.raises(sla.PolicyError, match='unknown working-day meaning "weeks"'):
        office.add_working_days(datetime(2026, 3, 2, tzinfo=MSK), 1, "weeks")  # type: ignore[arg-type]


def test_unknown_preset() -> None:
    with pytest.raises(sla.PolicyError, match='unknown preset "9x6"'):
        sla.Calendar.preset("9x6", "UTC")  # type: ignore[arg-type]


def test_malformed_policy_json() -> None:
    with pytest.raises(sla.PolicyError, match="invalid policy"):
        sla.Policy.from_json("{not json")
    with pytest.raises(sla.PolicyError, match="invalid policy"):
        sla.Policy.from_toml("name = ")


def test_malformed_request() -> None:
    with pytest.raises(sla.InputError, match='invalid request: unknown field "bogus"'):
        sla.evaluate_json(json.dumps({"bogus": 1}))


def test_wrong_python_types_are_type_errors(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, tzinfo=MSK)
    with pytest.raises(TypeError, match="expected a timezone-aware datetime, .*, found int"):
        office.add(1772434800, timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match='expected a timedelta or a duration str like "4h", found int'):
        office.add(t, 3600)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="found int"):
        office.add_many([t], [3600])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        sla.Calendar(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sla.Policy(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sla.evaluate(42)  # type: ignore[arg-type]


def test_a_missing_policy_file_is_an_os_error() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-policy.toml"):
        sla.Policy("no-such-policy.toml")


def test_a_ticket_of_another_policy_is_checked_again(r3: sla.Policy) -> None:
    # A checked ticket refers to its policy's names by position; evaluated
    # by another policy it is checked again against that one's names.
    small = sla.Policy(SMALL_POLICY)
    ticket = small.ticket({"events": [created(priority="low")]})
    other = sla.Policy(
        {
            **SMALL_POLICY,
            "priorities": [{"id": "high"}],
            "metrics": [{"id": "resolution", "stop": "resolved", "targets": {"*": {"*": "4h"}}}],
        }
    )
    noon = datetime(2026, 3, 2, 12, tzinfo=MSK)
    with pytest.raises(sla.PolicyError, match=r'unknown priority "low" \(known: "high"\)'):
        other.evaluate(ticket, noon)
    report = r3.evaluate(ticket, noon)
    assert report.metric("resolution") is not None
    assert report.metrics[0].target == "10 working days"  # R3's incident/low


def test_duplicate_keys_in_json_text_are_errors() -> None:
    with pytest.raises(sla.CalendarError, match='^invalid calendar data: duplicate key "timezone" at line 1'):
        sla.Calendar.from_json('{"timezone": "UTC", "timezone": "Europe/Moscow"}')
    policy = json.dumps(SMALL_POLICY)
    with pytest.raises(sla.PolicyError, match='duplicate key "name"'):
        sla.Policy.from_json('{"name": "twice", ' + policy[1:])
    request = json.dumps({"policy": SMALL_POLICY, "ticket": {"events": []}, "at": "2026-03-02T10:00:00Z"})
    with pytest.raises(sla.SlaError, match='duplicate key "at"'):
        sla.evaluate_json(request[:-1] + ', "at": "2026-03-03T10:00:00Z"}')


def test_dst_zone_after_2099_is_a_range_error() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Berlin")
    summer = datetime(2099, 7, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    assert cal.add(summer, timedelta(hours=2)).utcoffset() == timedelta(hours=2)
    with pytest.raises(sla.OutOfRangeError) as e:
        cal.add(datetime(2150, 7, 1, 7, 30, tzinfo=UTC), timedelta(hours=1))
    assert str(e.value) == "instant 2150-07-01T07:30:00Z is outside the supported range (years 1900 to 2099)"


def test_fractional_duration_is_named() -> None:
    spec = copy.deepcopy(SMALL_POLICY)
    spec["metrics"][0]["targets"]["incident"]["*"] = "1.5h"
    with pytest.raises(sla.InputError) as e:
        sla.Policy(spec)
    assert str(e.value) == (
        'invalid duration "1.5h": fractions are not supported; use a smaller unit, like "1h30m" for 1.5 hours'
    )
