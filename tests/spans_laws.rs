//! The clock's cached working-time spans (`Spans`) against the
//! [`Calendar`] methods they stand for: one `Spans` runs a random sequence
//! of spans, additions, working-time tests and conversions on two
//! calendars (the random one and a 24×7 one), and every answer, error
//! included, must be the calendar's.
//! The calendars are the random ones of `sla_suite` (DST zones, night
//! shifts, dated rules), instants cluster around DST transitions and UTC
//! new years (the seams of the engine's yearly index), and some calendars
//! limit their years with a production calendar (either fallback) or have
//! a short horizon, so that counts leave the cached chunk, the covered
//! years and the horizon.
//!
//! 10,000 cases; a failure prints the calendar's JSON spec and the step.

use std::collections::BTreeMap;

use chrono::{Datelike, TimeZone};
use proptest::prelude::*;
use proptest::test_runner::Config;
use sla_core::internals::Spans;
use sla_core::{
    Calendar, CalendarSpec, OutOfRange, ProductionCalendar, ProductionCalendarRef, ProductionYear,
};
use sla_suite::{arb_case, show, utc, Case};

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::with_cases(10_000)
    }
}

/// One step of the sequence, on calendar 0 or 1.
#[derive(Debug, Clone)]
enum Op {
    Between(i64, i64),
    Add(i64, i64),
    IsWorking(i64),
    Fixed(i64),
}

/// How the case's calendar is varied: the years a production calendar
/// (without dates of its own) limits it to, as offsets from the anchor's
/// local year, with the fallback; and the horizons of the two calendars
/// (the second one a 24×7 calendar in the same zone and years).
#[derive(Debug, Clone)]
struct Variant {
    years: Option<(Vec<i32>, OutOfRange)>,
    horizons: [Option<u32>; 2],
}

fn arb_variant() -> impl Strategy<Value = Variant> {
    let years = prop_oneof![
        2 => Just(None),
        3 => (
            proptest::sample::subsequence(vec![-1, 0, 1], 1..=3),
            prop_oneof![3 => Just(OutOfRange::Error), 1 => Just(OutOfRange::Weekly)],
        )
            .prop_map(Some),
    ];
    let horizon = prop_oneof![4 => Just(None), 1 => (1u32..=20).prop_map(Some)];
    (years, horizon.clone(), horizon).prop_map(|(years, h0, h1)| Variant {
        years,
        horizons: [h0, h1],
    })
}

fn arb_op(case: &Case) -> BoxedStrategy<(usize, Op)> {
    let t = case.instant();
    // Durations within days, and some over a year (they leave the chunk).
    let long = (370 * case.scale())..(420 * case.scale());
    let d = prop_oneof![
        6 => case.signed_duration(),
        1 => long.clone(),
        1 => long.prop_map(|d| -d),
    ];
    let op = prop_oneof![
        4 => (t.clone(), t.clone()).prop_map(|(a, b)| Op::Between(a, b)),
        4 => (t.clone(), d).prop_map(|(t, d)| Op::Add(t, d)),
        1 => t.clone().prop_map(Op::IsWorking),
        1 => t.prop_map(Op::Fixed),
    ];
    // Mostly the first calendar: the cache is kept per calendar.
    (prop_oneof![5 => Just(0usize), 1 => Just(1usize)], op).boxed()
}

fn arb_sequence() -> impl Strategy<Value = (Case, Variant, Vec<(usize, Op)>)> {
    (arb_case(), arb_variant()).prop_flat_map(|(case, variant)| {
        let ops = proptest::collection::vec(arb_op(&case), 1..12);
        (Just(case), Just(variant), ops)
    })
}

/// The case's calendar with the variant's years and the horizon `h`.
fn spec(case: &Case, variant: &Variant, h: Option<u32>) -> CalendarSpec {
    let mut spec = case.rules.to_spec();
    spec.horizon_days = h;
    if let Some((offsets, fallback)) = &variant.years {
        let year = case.rules.tz.timestamp_opt(case.anchor, 0).unwrap().year();
        let years: BTreeMap<String, ProductionYear> = offsets
            .iter()
            .map(|o| {
                let y = ProductionYear {
                    holidays: vec![],
                    extra_working_days: vec![],
                    shortened: vec![],
                    working_day_count: None,
                    hours_norm_40h: None,
                    sources: vec![],
                    notes: None,
                };
                ((year + o).to_string(), y)
            })
            .collect();
        let pc = ProductionCalendar {
            name: "years".to_string(),
            description: None,
            timezone_hint: None,
            shortened_minutes: None,
            years,
            notes: None,
        };
        spec.production_calendars = vec![ProductionCalendarRef::Inline(Box::new(pc))];
        spec.out_of_range = *fallback;
    }
    spec
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_answer_as_the_calendar((case, variant, ops) in arb_sequence()) {
        let mut specs = variant.horizons.map(|h| spec(&case, &variant, h));
        // The second calendar works around the clock: an answer read from
        // the other calendar's chunk would show.
        specs[1].week = BTreeMap::from([("mon-sun".to_string(), vec!["00:00-24:00".to_string()])]);
        specs[1].holidays.clear();
        specs[1].extra_working_days.clear();
        specs[1].shortened.clear();
        specs[1].custom_hours.clear();
        let cals = [
            Calendar::from_spec(&specs[0]).expect("a valid calendar"),
            Calendar::from_spec(&specs[1]).expect("a valid calendar"),
        ];
        let tz = case.rules.tz;
        let json = specs.clone().map(|s| serde_json::to_string(&s).unwrap_or_default());
        let mut spans = Spans::default();
        for (step, (k, op)) in ops.iter().enumerate() {
            let cal = &cals[*k];
            let at = |t: i64| show(tz, t);
            match *op {
                Op::Between(a, b) => prop_assert_eq!(
                    spans.between(cal, a, b),
                    cal.between(&utc(a), &utc(b)).map(|d| d.num_seconds()),
                    "step {}: between({}, {}) on calendar {}: {}", step, at(a), at(b), k, json[*k]
                ),
                Op::Add(t, d) => prop_assert_eq!(
                    spans.add_seconds(cal, t, d),
                    cal.add_seconds(t, d),
                    "step {}: add({}, {}s) on calendar {}: {}", step, at(t), d, k, json[*k]
                ),
                Op::IsWorking(t) => prop_assert_eq!(
                    spans.is_working(cal, t),
                    cal.is_working(&utc(t)),
                    "step {}: is_working({}) on calendar {}: {}", step, at(t), k, json[*k]
                ),
                Op::Fixed(t) => prop_assert_eq!(
                    spans.fixed(cal, t),
                    Ok(tz.timestamp_opt(t, 0).unwrap().fixed_offset()),
                    "step {}: fixed({}) on calendar {}: {}", step, at(t), k, json[*k]
                ),
            }
        }
    }
}
