"""Calendar.add_many / between_many: lists and numpy arrays give exactly the
per-item results (the same core loop, run without the GIL)."""

from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pytest

import sla
from conftest import MSK

UTC = timezone.utc


def sample(n: int, seed: int = 7) -> tuple[list[datetime], list[timedelta]]:
    rng = random.Random(seed)
    base = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    span = datetime(2027, 6, 1, tzinfo=UTC).timestamp() - base
    times = [
        datetime.fromtimestamp(int(base + rng.random() * span), tz=UTC).astimezone(MSK)
        for _ in range(n)
    ]
    durations = [timedelta(seconds=rng.randrange(0, 40 * 3600)) for _ in range(n)]
    return times, durations


def to_datetime64(times: list[datetime], unit: str = "s") -> Any:
    return np.array([int(t.timestamp()) for t in times], dtype="datetime64[s]").astype(
        f"datetime64[{unit}]"
    )


def to_timedelta64(durations: list[timedelta]) -> Any:
    return np.array([int(d.total_seconds()) for d in durations], dtype="timedelta64[s]")


def utc_seconds(values: Any) -> list[int]:
    return [int(v) for v in np.asarray(values).astype("datetime64[s]").astype(np.int64)]


def test_add_many_list_equals_add(office: sla.Calendar) -> None:
    times, durations = sample(500)
    expected = [office.add(t, d) for t, d in zip(times, durations)]
    assert office.add_many(times, durations) == expected
    assert office.add_many(tuple(times), tuple(durations)) == expected
    one = timedelta(hours=4)
    assert office.add_many(times, one) == [office.add(t, one) for t in times]


def test_list_results_carry_the_calendar_zone(office: sla.Calendar) -> None:
    times = [datetime(2026, 5, 8, 13, 30, tzinfo=UTC), datetime(2026, 5, 8, 16, 30, tzinfo=MSK)]
    out = office.add_many(times, timedelta(hours=4))
    assert all(t is not None and t.tzinfo is MSK for t in out)
    assert out == [datetime(2026, 5, 12, 12, 30, tzinfo=MSK)] * 2


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_add_many_numpy_equals_add(office: sla.Calendar, unit: str) -> None:
    times, durations = sample(500)
    expected = [int(office.add(t, d).timestamp()) for t, d in zip(times, durations)]
    out = office.add_many(to_datetime64(times, unit), to_timedelta64(durations))
    assert out.dtype == np.dtype("datetime64[s]")
    assert utc_seconds(out) == expected


def test_add_many_numpy_with_one_duration(office: sla.Calendar) -> None:
    times, _ = sample(200)
    arr = to_datetime64(times, "ns")
    expected = [int(office.add(t, timedelta(hours=4)).timestamp()) for t in times]
    for d in (timedelta(hours=4), np.timedelta64(4, "h"), np.array(4 * 3600, dtype="m8[s]")):
        assert utc_seconds(office.add_many(arr, d)) == expected
    # A list of timedeltas works with an array of times too.
    assert utc_seconds(office.add_many(arr, [timedelta(hours=4)] * len(times))) == expected


def test_one_numpy_duration_or_instant_with_a_fraction_of_a_second(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, tzinfo=MSK)
    d = timedelta(seconds=1, milliseconds=500)
    expected = office.add(t, d)  # 10:00:01.5, rounded up
    arr = np.array([t.astimezone(timezone.utc).replace(tzinfo=None)], dtype="datetime64[s]")
    for one in (np.timedelta64(1500, "ms"), np.timedelta64(1_500_000_000, "ns")):
        assert utc_seconds(office.add_many(arr, one)) == [int(expected.timestamp())]
    # Multiples of a unit keep their fraction (10 ms ticks: 07:00:00.13).
    tens = np.array(["2026-03-02T07:00:00.13", "NaT"], dtype="datetime64[10ms]")
    got = office.add_many(tens, np.array([1370, 0], dtype="timedelta64[ms]"))
    assert utc_seconds(got[:1]) == [int(expected.timestamp())] and np.isnat(got[1])
    # A NaT scalar is a missing duration for every item; one beyond any
    # horizon fails as the same value in an array does.
    assert np.isnat(office.add_many(arr, np.timedelta64("NaT"))).all()
    for huge in (np.timedelta64(2**62, "s"), np.array([2**62], dtype="m8[s]")):
        with pytest.raises(sla.OutOfRangeError, match="search horizon"):
            office.add_many(arr, huge)
    # A single datetime64 (a 0-d array to numpy) with a fraction.
    t64 = np.datetime64("2026-03-02T07:00:00.5")
    out = office.add_many(t64, np.timedelta64(1, "s"))
    assert out.shape == () and utc_seconds(np.atleast_1d(out)) == [int(expected.timestamp())]


def test_between_many_list_and_numpy_equal_between(office: sla.Calendar) -> None:
    starts, durations = sample(400, seed=1)
    ends = [s + d * 3 - timedelta(hours=30) for s, d in zip(starts, durations)]  # some negative
    expected = [office.between(a, b) for a, b in zip(starts, ends)]
    assert office.between_many(starts, ends) == expected
    out = office.between_many(to_datetime64(starts, "ns"), to_datetime64(ends, "us"))
    assert out.dtype == np.dtype("timedelta64[s]")
    assert [int(v) for v in out.astype(np.int64)] == [int(e.total_seconds()) for e in expected]


def test_nat_and_none_pass_through(office: sla.Calendar) -> None:
    arr = np.array(["2026-03-02T07:00:00", "NaT"], dtype="datetime64[s]")
    out = office.add_many(arr, timedelta(hours=1))
    assert out[0] == np.datetime64("2026-03-02T08:00:00")
    assert np.isnat(out[1])
    spans = office.between_many(arr, arr)
    assert spans[0] == np.timedelta64(0, "s") and np.isnat(spans[1])
    t = datetime(2026, 3, 2, 10, tzinfo=MSK)
    assert office.add_many([t, None], timedelta(hours=1)) == [
        datetime(2026, 3, 2, 11, tzinfo=MSK),
        None,
    ]
    assert office.add_many([t, t], [timedelta(hours=1), None]) == [
        datetime(2026, 3, 2, 11, tzinfo=MSK),
        None,
    ]
    assert office.between_many([t, None], [t, t]) == [timedelta(0), None]


def test_shape_is_kept(office: sla.Calendar) -> None:
    times, _ = sample(12)
    arr = to_datetime64(times).reshape(3, 4)
    out = office.add_many(arr, timedelta(hours=2))
    assert out.shape == (3, 4)
    flat = office.add_many(arr.ravel(), timedelta(hours=2))
    assert (out.ravel() == flat).all()
    # A strided view and a Fortran-ordered copy read the right items.
    assert (office.add_many(arr[:, 1], timedelta(hours=2)) == out[:, 1]).all()
    assert (office.add_many(np.asfortranarray(arr), timedelta(hours=2)) == out).all()
    assert (office.between_many(np.asfortranarray(arr), out) == office.between_many(arr, out)).all()


def test_pandas_series_via_to_numpy(office: sla.Calendar) -> None:
    pd = pytest.importorskip("pandas")
    times, durations = sample(100)
    created = pd.Series(pd.to_datetime([t.timestamp() for t in times], unit="s", utc=True))
    target = pd.Series(pd.to_timedelta([d.total_seconds() for d in durations], unit="s"))
    deadline = pd.Series(office.add_many(created.to_numpy(), target.to_numpy()))
    assert deadline.dtype == np.dtype("datetime64[s]")
    expected = [office.add(t, d) for t, d in zip(times, durations)]
    got = deadline.dt.tz_localize("UTC").dt.tz_convert("Europe/Moscow")
    assert [t.to_pydatetime() for t in got] == expected


def test_pandas_series_with_missing_values(office: sla.Calendar) -> None:
    pd = pytest.importorskip("pandas")
    created = pd.Series(pd.to_datetime(["2026-03-02T07:00:00Z", None, "2026-03-02T08:00:00Z"]))
    # A timezone-aware Series gives an array of Timestamps (dtype object),
    # with pd.NaT for the missing one; the deadlines are datetime64[s] (UTC).
    arr = created.to_numpy()
    assert arr.dtype == np.dtype(object)
    out = office.add_many(arr, pd.Series(pd.to_timedelta([1, 1, None], unit="h")).to_numpy())
    assert out.dtype == np.dtype("datetime64[s]")
    assert out[0] == np.datetime64("2026-03-02T08:00:00")
    assert np.isnat(out[1]) and np.isnat(out[2])
    # The same as datetime64 values (UTC), and as a list of Timestamps.
    assert (office.add_many(created.to_numpy("datetime64[ns]"), timedelta(hours=1))[[0, 2]]
            == office.add_many(arr, timedelta(hours=1))[[0, 2]]).all()
    assert office.add_many(list(created), timedelta(hours=1)) == [
        datetime(2026, 3, 2, 11, tzinfo=MSK),
        None,
        datetime(2026, 3, 2, 12, tzinfo=MSK),
    ]
    spans = office.between_many(arr, arr)
    assert spans.dtype == np.dtype("timedelta64[s]")
    assert spans[0] == np.timedelta64(0, "s") and np.isnat(spans[1])


def test_an_object_array_of_other_things_is_an_error(office: sla.Calendar) -> None:
    arr = np.array([datetime(2026, 3, 2, 10, tzinfo=MSK), 1772434800], dtype=object)
    with pytest.raises(TypeError, match="expected a timezone-aware datetime, .*, found int"):
        office.add_many(arr, timedelta(hours=1))
    text = np.array([datetime(2026, 3, 2, 10, tzinfo=MSK), "2026-03-02"], dtype=object)
    with pytest.raises(sla.InputError, match='invalid instant "2026-03-02"'):
        office.add_many(text, timedelta(hours=1))
    naive = np.array([datetime(2026, 3, 2, 10)], dtype=object)
    with pytest.raises(sla.InputError, match="naive datetime"):
        office.add_many(naive, timedelta(hours=1))


def test_empty_inputs(office: sla.Calendar) -> None:
    assert office.add_many([], timedelta(hours=1)) == []
    assert office.add_many(np.array([], dtype="datetime64[s]"), timedelta(hours=1)).shape == (0,)
    assert office.between_many([], []) == []


def test_length_mismatch_is_an_input_error(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, tzinfo=MSK)
    with pytest.raises(sla.InputError, match="times and durations differ in length: 2 and 1"):
        office.add_many([t, t], [timedelta(hours=1)])
    with pytest.raises(sla.InputError, match="starts and ends differ in length: 1 and 2"):
        office.between_many([t], [t, t])


def test_wrong_dtypes_are_type_errors(office: sla.Calendar) -> None:
    with pytest.raises(TypeError, match="expected a datetime64 array, found dtype int64"):
        office.add_many(np.array([1, 2], dtype=np.int64), timedelta(hours=1))
    arr = np.array(["2026-03-02T07:00"], dtype="datetime64[s]")
    with pytest.raises(TypeError, match="expected a timedelta64 array"):
        office.add_many(arr, np.array([1.5]))
    with pytest.raises(TypeError, match="expected a list of datetimes or a numpy datetime64 array"):
        office.add_many("2026-03-02", timedelta(hours=1))  # type: ignore[call-overload]


def test_bulk_calls_run_in_threads(office: sla.Calendar) -> None:
    # The core loop runs without the GIL; calls from threads must agree.
    times, durations = sample(2000)
    arr, spans = to_datetime64(times), to_timedelta64(durations)
    expected = utc_seconds(office.add_many(arr, spans))
    results: list[list[int]] = []

    def work() -> None:
        results.append(utc_seconds(office.add_many(arr, spans)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_add_seconds_and_between_seconds_equal_add_and_between(office: sla.Calendar) -> None:
    times, durations = sample(400, seed=11)
    for t, d in zip(times, durations):
        secs = int(t.timestamp())
        d_secs = int(d.total_seconds())
        assert office.add_seconds(secs, d_secs) == int(office.add(t, d).timestamp())
        assert office.add_seconds(secs, -d_secs) == int(office.sub(t, d).timestamp())
        end = secs + 7 * d_secs
        assert office.between_seconds(secs, end) == int(
            office.between(t, datetime.fromtimestamp(end, tz=UTC)).total_seconds()
        )


def test_add_seconds_errors_are_the_engines(office: sla.Calendar) -> None:
    with pytest.raises(sla.OutOfRangeError, match="^no calendar data for year 2090 "):
        office.add_seconds(int(datetime(2090, 3, 2, tzinfo=UTC).timestamp()), 3600)
    with pytest.raises(TypeError):
        office.add_seconds(1.5, 60)  # type: ignore[arg-type]


# ----- durations of any form, as JavaScript's `add` takes them ---------------------------


def test_duration_strs_equal_their_timedeltas_and_working_days(office: sla.Calendar) -> None:
    times, _ = sample(200)
    for t in times:
        assert office.add(t, "4h") == office.add(t, timedelta(hours=4))
        assert office.sub(t, "1h30m") == office.sub(t, timedelta(minutes=90))
        assert office.add(t, "2 working days") == office.add_working_days(t, 2)
        assert office.add(t, "calendar 8h") == (t + timedelta(hours=8)).astimezone(MSK)
    t = times[0]
    assert office.sub(t, "2 working days") == office.sub(t, 2 * office.working_day_length)


def test_add_many_takes_duration_strs(office: sla.Calendar) -> None:
    times, _ = sample(100)
    assert office.add_many(times, "3 working days") == [office.add(t, "3 working days") for t in times]
    texts = ["4h", None, "1 working day"] * 33 + ["calendar 1d"]
    want = [None if d is None else office.add(t, d) for t, d in zip(times, texts)]
    assert office.add_many(times, texts) == want
    objects = np.array(texts, dtype=object)
    got = office.add_many(to_datetime64(times), objects)
    assert [None if np.isnat(g) else g.astype(int) for g in got] == [
        None if w is None else int(w.timestamp()) for w in want
    ]


def test_a_bad_duration_str_is_the_engines_error(office: sla.Calendar) -> None:
    t = datetime(2026, 3, 2, 10, tzinfo=MSK)
    for call in (lambda: office.add(t, "1.5h"), lambda: office.add_many([t], ["1.5h"])):
        with pytest.raises(sla.InputError, match='invalid duration "1.5h": fractions'):
            call()


def test_evaluate_many_names_the_ticket_that_failed() -> None:
    small = sla.Policy({
        "name": "small",
        "calendars": {"office": "Mon-Fri 09:00-18:00 Europe/Moscow"},
        "priorities": [{"id": "high"}],
        "categories": [{"id": "incident"}],
        "metrics": [{"id": "reaction", "stop": "responded", "targets": {"*": {"*": "4h"}}}],
    })

    def ticket(tid: str, priority: str) -> dict[str, Any]:
        at = "2026-03-02T10:00:00+03:00"
        event = {"at": at, "type": "created", "priority": priority, "category": "incident"}
        return {"id": tid, "events": [event]}

    good = ticket("T-1", "high")
    with pytest.raises(sla.PolicyError, match=r'^ticket #2 \("T-3"\): unknown priority "urgent"'):
        small.evaluate_many([good, small.ticket(good), ticket("T-3", "urgent")], "2026-03-02T12:00:00+03:00")
    with pytest.raises(sla.InputError, match="tickets and at differ in length: 1 and 2"):
        small.evaluate_many([good], ["2026-03-02T12:00:00+03:00"] * 2)
