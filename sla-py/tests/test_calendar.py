"""sla.Calendar: construction, properties and working-time arithmetic.

Mirrors sla-core's calendar/ and work_time.rs; the expected values are the
core's own doc examples, so the two layers cannot disagree silently.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import sla
from conftest import MSK

UTC = timezone.utc
PLUS3 = timezone(timedelta(hours=3))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# ----- construction -----------------------------------------------------------


def test_text_form_dict_json_and_toml_give_the_same_calendar() -> None:
    text = sla.Calendar("Mon-Fri 09:00-13:00,14:00-18:00 Europe/Moscow")
    spec = {"timezone": "Europe/Moscow", "week": {"mon-fri": ["09:00-13:00", "14:00-18:00"]}}
    from_dict = sla.Calendar(spec)
    from_json = sla.Calendar.from_json(json.dumps(spec))
    from_toml = sla.Calendar.from_toml(
        'timezone = "Europe/Moscow"\n[week]\n"mon-fri" = ["09:00-13:00", "14:00-18:00"]\n'
    )
    t = datetime(2026, 3, 2, 12, 0, tzinfo=MSK)
    for cal in (text, from_dict, from_json, from_toml):
        assert cal.spec == text.spec
        assert cal.working_day_length == timedelta(hours=8)
        assert cal.add(t, timedelta(hours=2)) == datetime(2026, 3, 2, 15, 0, tzinfo=MSK)


def test_from_json_accepts_the_text_form_as_a_json_string() -> None:
    cal = sla.Calendar.from_json('"Mon-Fri 09:00-18:00 UTC"')
    assert cal.timezone == "UTC"


def test_spec_round_trips() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
    assert cal.spec == {
        "timezone": "Europe/Moscow",
        "week": {"mon-fri": ["09:00-18:00"]},
        "production_calendars": ["ru"],
        "out_of_range": "error",
    }
    assert sla.Calendar(cal.spec).spec == cal.spec


@pytest.mark.parametrize(
    ("name", "length"),
    [
        ("24x7", timedelta(hours=24)),
        ("9x5", timedelta(hours=9)),
        ("08:45-17:00", timedelta(hours=8, minutes=15)),
        ("09:00-17:00", timedelta(hours=8)),
    ],
)
def test_presets(name: str, length: timedelta) -> None:
    cal = sla.Calendar.preset(name, "Europe/Moscow")
    assert cal.timezone == "Europe/Moscow"
    assert cal.working_day_length == length
    assert cal.covered_years is None


def test_covered_years_of_the_russian_production_calendar(office: sla.Calendar) -> None:
    assert office.covered_years == [2024, 2025, 2026, 2027]


def test_repr_names_the_zone(office: sla.Calendar) -> None:
    assert repr(office) == '<Calendar timezone="Europe/Moscow">'


# ----- arithmetic -------------------------------------------------------------


def test_shortened_day_and_may_holidays(office: sla.Calendar) -> None:
    # May 8, 2026 is shortened (closes 17:00); May 9-11 are days off.
    t = datetime(2026, 5, 8, 16, 30, tzinfo=MSK)
    assert office.add(t, timedelta(hours=4)) == datetime(2026, 5, 12, 12, 30, tzinfo=MSK)
    assert office.day_hours(date(2026, 5, 8)) == ["09:00-17:00"]
    assert office.day_hours(date(2026, 5, 9)) == []


def test_new_year_holidays(office: sla.Calendar) -> None:
    t = datetime(2026, 12, 30, 16, 0, tzinfo=MSK)
    assert office.add(t, timedelta(hours=4)) == datetime(2027, 1, 11, 11, 0, tzinfo=MSK)


def test_a_deadline_on_the_closing_instant_is_that_closing() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow")
    friday = datetime(2026, 3, 6, 15, 0, tzinfo=MSK)
    assert cal.add(friday, timedelta(hours=3)) == datetime(2026, 3, 6, 18, 0, tzinfo=MSK)
    assert cal.add(friday, timedelta(hours=4)) == datetime(2026, 3, 9, 10, 0, tzinfo=MSK)
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=MSK)
    assert cal.add(monday, timedelta(hours=9)) == datetime(2026, 3, 9, 18, 0, tzinfo=MSK)
    # ... and 18:00 itself is not working time.
    assert cal.is_working(datetime(2026, 3, 9, 17, 59, 59, tzinfo=MSK))
    assert not cal.is_working(datetime(2026, 3, 9, 18, 0, tzinfo=MSK))


def test_sub_mirrors_add(office: sla.Calendar) -> None:
    t = datetime(2026, 5, 8, 16, 30, tzinfo=MSK)
    d = timedelta(hours=13, minutes=7)
    assert office.sub(office.add(t, d), d) == t
    assert office.add(t, -d) == office.sub(t, d)


def test_between_is_signed() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 UTC")
    a = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)
    b = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    assert cal.between(a, b) == timedelta(minutes=120)
    assert cal.between(b, a) == timedelta(minutes=-120)


def test_next_opening_closing_working() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow")
    evening = datetime(2026, 3, 6, 19, 0, tzinfo=MSK)  # Friday
    noon = datetime(2026, 3, 9, 12, 0, tzinfo=MSK)  # Monday
    assert cal.next_opening(evening) == datetime(2026, 3, 9, 9, 0, tzinfo=MSK)
    assert cal.next_working(evening) == datetime(2026, 3, 9, 9, 0, tzinfo=MSK)
    assert cal.next_working(noon) == noon
    assert cal.next_closing(noon) == datetime(2026, 3, 9, 18, 0, tzinfo=MSK)


def test_periods_are_clipped_tuples() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-13:00,14:00-18:00 UTC")
    periods = cal.periods(
        datetime(2026, 3, 6, 10, 0, tzinfo=UTC), datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    )
    assert periods == [
        (datetime(2026, 3, 6, 10, 0, tzinfo=UTC), datetime(2026, 3, 6, 13, 0, tzinfo=UTC)),
        (datetime(2026, 3, 6, 14, 0, tzinfo=UTC), datetime(2026, 3, 6, 18, 0, tzinfo=UTC)),
        (datetime(2026, 3, 9, 9, 0, tzinfo=UTC), datetime(2026, 3, 9, 12, 0, tzinfo=UTC)),
    ]


def test_add_working_days_in_both_meanings() -> None:
    cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow")
    monday = datetime(2026, 3, 2, 11, 0, tzinfo=MSK)
    assert cal.add_working_days(monday, 1) == datetime(2026, 3, 3, 11, 0, tzinfo=MSK)
    assert cal.add_working_days(monday, 1, "length") == datetime(2026, 3, 3, 11, 0, tzinfo=MSK)
    assert cal.add_working_days(monday, 1, meaning="end_of_day") == datetime(
        2026, 3, 3, 18, 0, tzinfo=MSK
    )


# ----- instants in and out ----------------------------------------------------


@pytest.mark.parametrize(
    "tz",
    [MSK, PLUS3, ZoneInfo("Asia/Tokyo"), UTC, timezone(timedelta(hours=-5), "EST")],
    ids=["zoneinfo-msk", "fixed+3", "zoneinfo-tokyo", "utc", "fixed-5"],
)
def test_any_tzinfo_in_calendar_zone_out(office: sla.Calendar, tz: timezone) -> None:
    created = datetime(2026, 5, 8, 16, 30, tzinfo=MSK).astimezone(tz)
    deadline = office.add(created, timedelta(hours=4))
    assert isinstance(deadline.tzinfo, ZoneInfo)
    assert deadline.tzinfo is ZoneInfo("Europe/Moscow")
    assert (deadline.year, deadline.month, deadline.day, deadline.hour, deadline.minute) == (
        2026,
        5,
        12,
        12,
        30,
    )


def test_fixed_offset_plus_three_equals_moscow(office: sla.Calendar) -> None:
    a = office.add(datetime(2026, 5, 8, 16, 30, tzinfo=PLUS3), timedelta(hours=4))
    b = office.add(datetime(2026, 5, 8, 16, 30, tzinfo=MSK), timedelta(hours=4))
    assert a.timestamp() == b.timestamp()
    assert a.tzinfo is b.tzinfo is MSK


def test_pandas_timestamp_is_a_datetime(office: sla.Calendar) -> None:
    pd = pytest.importorskip("pandas")
    t = pd.Timestamp("2026-05-08T16:30:00+03:00")
    assert office.add(t, pd.Timedelta(hours=4)) == datetime(2026, 5, 12, 12, 30, tzinfo=MSK)


def test_sub_second_parts_round_the_result_up(office: sla.Calendar) -> None:
    # The engine answers in whole seconds: the exact answer rounded up.
    t = datetime(2026, 3, 2, 10, 0, 0, 999_999, tzinfo=MSK)
    assert office.add(t, timedelta(0)) == datetime(2026, 3, 2, 10, 0, 1, tzinfo=MSK)
    # Exact: 10:00:02.999998.
    assert office.add(t, timedelta(seconds=1, microseconds=999_999)) == datetime(
        2026, 3, 2, 10, 0, 3, tzinfo=MSK
    )


def test_fold_is_honoured_both_ways() -> None:
    london = ZoneInfo("Europe/London")
    cal = sla.Calendar("24x7 Europe/London")
    # 2026-10-25 01:30 happens twice in London: BST (fold=0), then GMT (fold=1).
    first = datetime(2026, 10, 25, 1, 30, tzinfo=london)
    second = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=london)
    assert second.timestamp() - first.timestamp() == 3600
    for t in (first, second):
        r = cal.add(t, timedelta(0))
        assert r.timestamp() == t.timestamp()
        assert r.fold == t.fold
    assert cal.between(first, second) == timedelta(hours=1)
    # The same instants given in UTC come out with the right fold.
    out = cal.add(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), timedelta(0))
    assert (out.hour, out.minute, out.fold) == (1, 30, 1)


def test_a_wall_time_in_a_dst_gap_is_read_as_python_reads_it() -> None:
    london = ZoneInfo("Europe/London")
    cal = sla.Calendar("24x7 Europe/London")
    gap = datetime(2026, 3, 29, 1, 30, tzinfo=london)  # does not exist
    assert cal.add(gap, timedelta(0)).timestamp() == gap.timestamp()


def test_results_are_equal_to_python_arithmetic_on_a_24x7_calendar() -> None:
    cal = sla.Calendar.preset("24x7", "America/New_York")
    t = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    for hours in (0, 1, 24, 36, 100, 1000):
        d = timedelta(hours=hours)
        assert cal.add(t, d).timestamp() == (t + d).timestamp()
        assert cal.between(t, t + d) == d
