//! Calendar benchmarks: deadline arithmetic on the 9×5 Moscow calendar with
//! the Russian production calendar, and building its working-time index.
//!
//! Ids (stable, compared across runs):
//! - `work_time/add/{15m,1h,8h,3_working_days,10_working_days,30_working_days,60_working_days}`
//!   (N working days = N × 9 h added as working time);
//! - `work_time/between/{1_day,1_month,1_year,2_years}`;
//! - `work_time/add_working_days/end_of_day_10`: the closing of the 10th
//!   working day after the start's date (`WorkingDaysMeaning::EndOfDay`);
//! - `index/build_4_years`: a fresh calendar, then one `between` over
//!   2024-01-01..2028-01-01 that builds every yearly chunk;
//! - `canonical/{add_seconds,between_seconds}`: the canonical workload of
//!   issue 11, 100,000 random starts (2025–2027) and random durations
//!   (0–40 h), on UTC seconds, one item per iteration; the results are
//!   checked against the naive reference on a sample.
//!
//! Each timed operation cycles through 64 start instants spread over
//! 2024–2025 at varying times of day, and every result is first checked
//! against an answer derived without the engine's index: the naive
//! minute-stepping reference of `sla_suite` for `add` and
//! `add_working_days`, whole-day sums of the
//! resolved rules for `between`, and the data file's published hour norms for
//! the index build.
//!
//! Run: `cargo bench --bench deadline -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use chrono::{DateTime, FixedOffset, TimeDelta};
use criterion::{criterion_group, criterion_main, Criterion};
use sla_core::{Calendar, ProductionCalendar, WorkingDaysMeaning};
use sla_suite::{CalendarRules, RefCalendar};

const TEXT: &str = "Mon-Fri 09:00-18:00 Europe/Moscow +ru";
const N: usize = 64;

fn calendar() -> Calendar {
    Calendar::parse(TEXT).expect("calendar")
}

/// The same calendar as explicit rules for the naive reference.
fn reference() -> RefCalendar {
    let tz: chrono_tz::Tz = "Europe/Moscow".parse().expect("zone");
    let nine_to_six = vec![(9 * 3600, 18 * 3600)];
    let week = [
        nine_to_six.clone(),
        nine_to_six.clone(),
        nine_to_six.clone(),
        nine_to_six.clone(),
        nine_to_six,
        Vec::new(),
        Vec::new(),
    ];
    let mut rules = CalendarRules::weekly(tz, week);
    let ru = ProductionCalendar::bundled("ru").expect("ru");
    rules.shortened_minutes = ru.shortened_minutes.unwrap_or(60);
    for y in ru.years.values() {
        rules.holidays.extend(y.holidays.iter().copied());
        rules
            .working_days
            .extend(y.extra_working_days.iter().copied());
        rules.shortened.extend(y.shortened.iter().copied());
    }
    rules.reference()
}

/// 64 start instants from 2024-01-10 on, about 11.3 days apart, at times of
/// day that wander through working and non-working hours.
fn starts() -> Vec<DateTime<FixedOffset>> {
    let first = sla_core::parse_instant("2024-01-10T00:00:00+03:00").expect("instant");
    let step =
        TimeDelta::days(11) + TimeDelta::hours(7) + TimeDelta::minutes(13) + TimeDelta::seconds(17);
    (0..N as i32).map(|i| first + step * i).collect()
}

/// Working seconds in `[a, b)` without the engine: walk minute by minute to
/// the next local midnight, add whole local days from the resolved rules
/// (Moscow has had no DST since 2014 and the calendar has no night shifts),
/// walk the last partial day.
fn ref_between(r: &RefCalendar, a: i64, b: i64) -> i64 {
    let off = 3 * 3600;
    let next_midnight = |t: i64| ((t + off).div_euclid(86_400) + 1) * 86_400 - off;
    let (m1, m2) = (next_midnight(a), next_midnight(b) - 86_400);
    if m1 > m2 {
        return r.between(a, b).expect("short walk");
    }
    let mut sum = r.between(a, m1).expect("walk") + r.between(m2, b).expect("walk");
    let mut day = r.wall(m1).date();
    let last = r.wall(m2).date();
    while day < last {
        sum += r
            .day(day)
            .iter()
            .map(|&(s, e)| i64::from(e - s))
            .sum::<i64>();
        day = day.succ_opt().expect("date");
    }
    sum
}

fn bench_add(c: &mut Criterion) {
    let cal = calendar();
    let reference = reference();
    let starts = starts();
    let mut group = c.benchmark_group("work_time");
    let day = 9 * 3600;
    for (id, secs) in [
        ("add/15m", 15 * 60),
        ("add/1h", 3600),
        ("add/8h", 8 * 3600),
        ("add/3_working_days", 3 * day),
        ("add/10_working_days", 10 * day),
        ("add/30_working_days", 30 * day),
        ("add/60_working_days", 60 * day),
    ] {
        let d = TimeDelta::seconds(secs);
        for t in &starts {
            let got = cal.add(t, d).expect("add").timestamp();
            let want = reference.add(t.timestamp(), secs).expect("reference");
            assert_eq!(got, want, "{id} from {t}");
        }
        let mut i = 0usize;
        group.bench_function(id, |b| {
            b.iter(|| {
                let t = &starts[i % N];
                i += 1;
                black_box(cal.add(black_box(t), black_box(d)))
            })
        });
    }
    for (id, n) in [("add_working_days/end_of_day_10", 10)] {
        for t in &starts {
            let got = cal
                .add_working_days(t, n, WorkingDaysMeaning::EndOfDay)
                .expect("add_working_days")
                .timestamp();
            let want = reference.end_of_day(t.timestamp(), n).expect("reference");
            assert_eq!(got, want, "{id} from {t}");
        }
        let mut i = 0usize;
        group.bench_function(id, |b| {
            b.iter(|| {
                let t = &starts[i % N];
                i += 1;
                black_box(cal.add_working_days(
                    black_box(t),
                    black_box(n),
                    WorkingDaysMeaning::EndOfDay,
                ))
            })
        });
    }
    for (id, span) in [
        ("between/1_day", TimeDelta::days(1)),
        ("between/1_month", TimeDelta::days(30)),
        ("between/1_year", TimeDelta::days(365)),
        ("between/2_years", TimeDelta::days(730)),
    ] {
        let pairs: Vec<_> = starts.iter().map(|&a| (a, a + span)).collect();
        for (a, b) in &pairs {
            let got = cal.between(a, b).expect("between").num_seconds();
            let want = ref_between(&reference, a.timestamp(), b.timestamp());
            assert_eq!(got, want, "{id} from {a}");
        }
        let mut i = 0usize;
        group.bench_function(id, |bch| {
            bch.iter(|| {
                let (a, b) = &pairs[i % N];
                i += 1;
                black_box(cal.between(black_box(a), black_box(b)))
            })
        });
    }
    group.finish();
}

fn bench_index(c: &mut Criterion) {
    // Published norms: each working day has 9 h here, a shortened one 8 h.
    let ru = ProductionCalendar::bundled("ru").expect("ru");
    let want_hours: i64 = (2024..=2027)
        .map(|y| {
            let y = &ru.years[&y.to_string()];
            i64::from(y.working_day_count.expect("count")) * 9 - y.shortened.len() as i64
        })
        .sum();
    assert_eq!(want_hours, 8884);
    let from = sla_core::parse_instant("2024-01-01T00:00:00+03:00").expect("instant");
    let to = sla_core::parse_instant("2028-01-01T00:00:00+03:00").expect("instant");
    let got = calendar().between(&from, &to).expect("between");
    assert_eq!(got, TimeDelta::hours(want_hours));
    // The independent count agrees with the data file's own norm (40-hour
    // week: 8 h days) as well.
    let norm: i64 = ru
        .years
        .values()
        .map(|y| i64::from(y.hours_norm_40h.expect("norm")))
        .sum();
    let days: i64 = ru
        .years
        .values()
        .map(|y| i64::from(y.working_day_count.expect("count")))
        .sum();
    assert_eq!(want_hours, norm + days);

    let mut group = c.benchmark_group("index");
    group.bench_function("build_4_years", |b| {
        b.iter(|| {
            let cal = calendar();
            black_box(cal.between(black_box(&from), black_box(&to)))
        })
    });
    group.finish();
}

/// The canonical workload: random starts and durations, so that neither
/// the branches nor the caches see a pattern.
fn bench_canonical(c: &mut Criterion) {
    let cal = calendar();
    let reference = reference();
    let n = 100_000usize;
    // xorshift64: a fixed sequence without a dependency.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m) as i64
    };
    let items: Vec<(i64, i64)> = (0..n)
        .map(|_| (1_735_689_600 + rnd(91_310_400), rnd(40 * 3600)))
        .collect();
    for &(t, d) in items.iter().step_by(997) {
        let got = cal.add_seconds(t, d).expect("add");
        assert_eq!(
            got,
            reference.add(t, d).expect("reference"),
            "add {d} s from {t}"
        );
        let back = cal.between_seconds(t, got).expect("between");
        assert_eq!(back, d, "between {t} and {got}");
    }
    let mut group = c.benchmark_group("canonical");
    let mut i = 0usize;
    group.bench_function("add_seconds", |b| {
        b.iter(|| {
            let (t, d) = items[i % n];
            i += 1;
            black_box(cal.add_seconds(black_box(t), black_box(d)))
        })
    });
    group.bench_function("between_seconds", |b| {
        b.iter(|| {
            let (t, d) = items[i % n];
            i += 1;
            black_box(cal.between_seconds(black_box(t), black_box(t + d)))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_add, bench_index, bench_canonical);
criterion_main!(benches);
