//! Sub-second parts of instants and durations: `add` rounds the exact answer
//! up to the next whole second (a deadline is never earlier than the true
//! one), `sub` rounds it down; nothing is truncated away.
// Test code: its helpers may unwrap (clippy.toml allows it in #[test]s only).
#![allow(clippy::unwrap_used)]

use chrono::TimeDelta;
use sla_core::{parse_instant, Calendar, Error, WorkingDaysMeaning};

fn cal() -> Calendar {
    Calendar::parse("Mon-Fri 09:00-17:00 UTC").unwrap()
}

fn ms(n: i64) -> TimeDelta {
    TimeDelta::milliseconds(n)
}

/// `cal.add(t, d)` as RFC 3339 text.
fn add(t: &str, d: TimeDelta) -> String {
    cal()
        .add(&parse_instant(t).unwrap(), d)
        .unwrap()
        .to_rfc3339()
}

fn sub(t: &str, d: TimeDelta) -> String {
    cal()
        .sub(&parse_instant(t).unwrap(), d)
        .unwrap()
        .to_rfc3339()
}

// 2026-03-07 is a Saturday, 2026-03-09 a Monday.

#[test]
fn a_fraction_of_a_second_off_hours_is_not_dropped() {
    assert_eq!(
        add("2026-03-07T10:13:00Z", ms(555)),
        "2026-03-09T09:00:01+00:00"
    );
    assert_eq!(
        add("2026-03-07T10:13:00Z", ms(1000)),
        "2026-03-09T09:00:01+00:00"
    );
    assert_eq!(
        add("2026-03-07T10:13:00Z", ms(1)),
        "2026-03-09T09:00:01+00:00"
    );
    assert_eq!(
        add("2026-03-07T10:13:00Z", ms(1001)),
        "2026-03-09T09:00:02+00:00"
    );
}

#[test]
fn an_instant_with_a_fraction_counts_from_where_it_is() {
    // Exact: 11:13:00.5, rounded up.
    assert_eq!(
        add("2026-03-09T10:13:00.5Z", TimeDelta::hours(1)),
        "2026-03-09T11:13:01+00:00"
    );
    // Exact: 10:13:00.2; both fractions together make less than a second.
    assert_eq!(
        add("2026-03-09T10:13:00.1Z", ms(100)),
        "2026-03-09T10:13:01+00:00"
    );
    // Exact: 10:13:01.3.
    assert_eq!(
        add("2026-03-09T10:13:00.8Z", ms(500)),
        "2026-03-09T10:13:02+00:00"
    );
    // Exact: 17:00:00.0 on the Friday, the closing itself.
    assert_eq!(
        add("2026-03-06T16:59:59.5Z", ms(500)),
        "2026-03-06T17:00:00+00:00"
    );
    // Exact: Monday 09:00:00.5.
    assert_eq!(
        add("2026-03-06T16:59:59.5Z", ms(1000)),
        "2026-03-09T09:00:01+00:00"
    );
    // Off hours, the fraction of the instant does not count.
    assert_eq!(
        add("2026-03-07T10:13:00.9Z", ms(1000)),
        "2026-03-09T09:00:01+00:00"
    );
}

#[test]
fn adding_nothing_to_a_fractional_instant_rounds_it_up() {
    assert_eq!(
        add("2026-03-07T10:13:00.5Z", TimeDelta::zero()),
        "2026-03-07T10:13:01+00:00"
    );
    assert_eq!(
        add("2026-03-09T10:13:00.5Z", TimeDelta::zero()),
        "2026-03-09T10:13:01+00:00"
    );
    assert_eq!(
        add("2026-03-09T10:13:00Z", TimeDelta::zero()),
        "2026-03-09T10:13:00+00:00"
    );
}

#[test]
fn a_backward_count_rounds_down() {
    // Exact: Friday 16:59:59.445.
    assert_eq!(
        sub("2026-03-09T09:00:00Z", ms(555)),
        "2026-03-06T16:59:59+00:00"
    );
    // Nothing to count: the instant itself, rounded down.
    assert_eq!(
        sub("2026-03-09T10:00:00.7Z", TimeDelta::zero()),
        "2026-03-09T10:00:00+00:00"
    );
    // Exact: 10:00:00.2.
    assert_eq!(
        sub("2026-03-09T10:00:00.7Z", ms(500)),
        "2026-03-09T10:00:00+00:00"
    );
    // Exact: 09:59:59.8.
    assert_eq!(
        sub("2026-03-09T10:00:00.3Z", ms(500)),
        "2026-03-09T09:59:59+00:00"
    );
    // Off hours: the previous closing less the whole amount rounded up.
    assert_eq!(
        sub("2026-03-07T10:13:00.5Z", ms(1500)),
        "2026-03-06T16:59:58+00:00"
    );
    // A negative duration to `add` is the same backward count.
    assert_eq!(
        add("2026-03-09T09:00:00Z", ms(-555)),
        "2026-03-06T16:59:59+00:00"
    );
    // ... and a negative one to `sub` a forward count.
    assert_eq!(
        sub("2026-03-07T10:13:00Z", ms(-555)),
        "2026-03-09T09:00:01+00:00"
    );
}

#[test]
fn whole_seconds_are_unchanged() {
    assert_eq!(
        add("2026-03-06T16:00:00Z", TimeDelta::hours(2)),
        "2026-03-09T10:00:00+00:00"
    );
    assert_eq!(
        sub("2026-03-09T10:00:00Z", TimeDelta::hours(2)),
        "2026-03-06T16:00:00+00:00"
    );
}

#[test]
fn working_days_by_length_round_as_add_does() {
    let t = parse_instant("2026-03-09T10:13:00.5Z").unwrap();
    let r = cal()
        .add_working_days(&t, 1, WorkingDaysMeaning::Length)
        .unwrap();
    assert_eq!(r.to_rfc3339(), "2026-03-10T10:13:01+00:00");
}

#[test]
fn add_timestamp_is_add_on_epoch_seconds() {
    let t = parse_instant("2026-03-07T10:13:00.25Z").unwrap();
    let r = cal()
        .add_timestamp(t.timestamp(), t.timestamp_subsec_nanos(), ms(555))
        .unwrap();
    assert_eq!(
        r,
        parse_instant("2026-03-09T09:00:01Z").unwrap().timestamp()
    );
}

#[test]
fn adding_nothing_outside_the_supported_range_is_a_range_error() {
    let t = parse_instant("9999-12-31T23:59:00-23:00").unwrap();
    for d in [TimeDelta::zero(), ms(500)] {
        let e = cal().add(&t, d).unwrap_err();
        assert!(matches!(e, Error::OutOfSupportedRange(_)), "{e}");
    }
    assert!(matches!(
        cal().add_seconds(t.timestamp(), 0).unwrap_err(),
        Error::OutOfSupportedRange(_)
    ));
}

/// The exact answer of a forward or backward count in milliseconds, walked
/// over the calendar's working periods (a closing is where a forward count
/// that uses up the last of a period ends, an opening where a backward one
/// does).
fn exact_ms(cal: &Calendar, t_ms: i64, d_ms: i64) -> i64 {
    let from = chrono::DateTime::from_timestamp_millis(t_ms - 20 * 86_400_000).unwrap();
    let to = chrono::DateTime::from_timestamp_millis(t_ms + 20 * 86_400_000).unwrap();
    let periods: Vec<(i64, i64)> = cal
        .periods(&from, &to)
        .unwrap()
        .iter()
        .map(|p| (p.start.timestamp_millis(), p.end.timestamp_millis()))
        .collect();
    if d_ms == 0 {
        return t_ms;
    }
    let mut left = d_ms.abs();
    if d_ms > 0 {
        for &(s, e) in periods.iter().filter(|&&(_, e)| e > t_ms) {
            let start = s.max(t_ms);
            if left <= e - start {
                return start + left;
            }
            left -= e - start;
        }
    } else {
        for &(s, e) in periods.iter().rev().filter(|&&(s, _)| s < t_ms) {
            let end = e.min(t_ms);
            if left <= end - s {
                return end - left;
            }
            left -= end - s;
        }
    }
    panic!("no answer within 20 days");
}

#[test]
fn add_and_sub_are_the_exact_answer_rounded_in_the_direction_of_the_count() {
    let cal = Calendar::parse("Mon-Fri 09:00-12:30,13:15-17:00 UTC").unwrap();
    let base = parse_instant("2026-03-02T00:00:00Z")
        .unwrap()
        .timestamp_millis();
    // A small deterministic generator (xorshift): instants over two weeks,
    // durations up to two working days, with and without fractions.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..20_000 {
        let mut t_ms = base + (next() % (14 * 86_400_000)) as i64;
        let mut d_ms = (next() % (16 * 3_600_000)) as i64;
        match i % 4 {
            0 => t_ms -= t_ms % 1000,
            1 => d_ms -= d_ms % 1000,
            2 => d_ms %= 2000,
            _ => {}
        }
        let t = chrono::DateTime::from_timestamp_millis(t_ms).unwrap();
        let up = cal.add(&t, ms(d_ms)).unwrap().timestamp();
        assert_eq!(
            up,
            exact_ms(&cal, t_ms, d_ms).div_euclid(1000)
                + i64::from(exact_ms(&cal, t_ms, d_ms) % 1000 != 0),
            "add({t}, {d_ms} ms)"
        );
        let down = cal.sub(&t, ms(d_ms)).unwrap().timestamp();
        assert_eq!(
            down,
            exact_ms(&cal, t_ms, -d_ms).div_euclid(1000),
            "sub({t}, {d_ms} ms)"
        );
    }
}
