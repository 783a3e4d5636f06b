//! Laws of working-time arithmetic, checked on random calendars (zones with
//! DST, 30-minute DST and midnight transitions; lunch breaks, night shifts,
//! holidays, transferred working days, shortened days, custom hours) against
//! the naive minute-stepping reference in `sla_suite` and against each other.
//!
//! Every law runs 10,000 cases. A failure prints the calendar as its JSON
//! spec, the anchor instant and the instants involved in the calendar's zone.

use chrono::TimeDelta;
use proptest::prelude::*;
use proptest::test_runner::Config;
use sla_core::{Calendar, WorkingDaysMeaning};
use sla_suite::{arb_case, show, utc, Case};

fn config() -> Config {
    Config {
        // Failures print a complete, replayable case; no regression files.
        failure_persistence: None,
        ..Config::with_cases(10_000)
    }
}

fn add(cal: &Calendar, t: i64, d: i64) -> i64 {
    cal.add(&utc(t), TimeDelta::seconds(d))
        .unwrap_or_else(|e| panic!("add({}, {d}s) failed: {e}", show(cal.timezone(), t)))
        .timestamp()
}

fn between(cal: &Calendar, a: i64, b: i64) -> i64 {
    cal.between(&utc(a), &utc(b))
        .unwrap_or_else(|e| panic!("between failed: {e}"))
        .num_seconds()
}

/// A case with one instant and one signed duration.
fn case_t_d() -> impl Strategy<Value = (Case, i64, i64)> {
    arb_case().prop_flat_map(|c| {
        let (t, d) = (c.instant(), c.signed_duration());
        (Just(c), t, d)
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn add_agrees_with_the_reference((case, t, d) in case_t_d()) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let want = reference.add(t, d);
        prop_assert!(want.is_some(), "the reference gave up on add({}, {d}s)", show(tz, t));
        let got = add(&cal, t, d);
        prop_assert_eq!(
            got, want.unwrap_or_default(),
            "add({}, {}s): engine {} but reference {}",
            show(tz, t), d, show(tz, got), show(tz, want.unwrap_or_default())
        );
    }

    #[test]
    fn between_agrees_with_the_reference(
        (case, a, span) in arb_case().prop_flat_map(|c| {
            let a = c.instant();
            (Just(c), a, -4 * 86_400i64..4 * 86_400)
        })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let b = a + span;
        let want = reference.between(a, b);
        prop_assert!(want.is_some(), "the reference gave up");
        let got = between(&cal, a, b);
        prop_assert_eq!(
            got, want.unwrap_or_default(),
            "between({}, {}): engine {}s but reference {}s",
            show(tz, a), show(tz, b), got, want.unwrap_or_default()
        );
    }

    #[test]
    fn between_measures_what_add_added((case, t, d) in case_t_d()) {
        let cal = case.rules.calendar();
        let r = add(&cal, t, d);
        let m = between(&cal, t, r);
        prop_assert_eq!(
            m, d,
            "between(t, add(t, {}s) = {}) is {}s with t = {}",
            d, show(cal.timezone(), r), m, show(cal.timezone(), t)
        );
    }

    #[test]
    fn add_is_monotonic_in_the_start_and_in_the_duration(
        (case, t1, t2, d1, d2) in arb_case().prop_flat_map(|c| {
            let (t1, t2, d1, d2) = (c.instant(), c.instant(), c.signed_duration(), c.signed_duration());
            (Just(c), t1, t2, d1, d2)
        })
    ) {
        let cal = case.rules.calendar();
        let tz = cal.timezone();
        let (t1, t2) = (t1.min(t2), t1.max(t2));
        let (d1, d2) = (d1.min(d2), d1.max(d2));
        let (a, b) = (add(&cal, t1, d1), add(&cal, t2, d1));
        prop_assert!(
            a <= b,
            "t1 <= t2 but add({}, {d1}s) = {} > add({}, {d1}s) = {}",
            show(tz, t1), show(tz, a), show(tz, t2), show(tz, b)
        );
        let (a, b) = (add(&cal, t1, d1), add(&cal, t1, d2));
        prop_assert!(
            a <= b,
            "d1 <= d2 but add({0}, {d1}s) = {1} > add({0}, {d2}s) = {2}",
            show(tz, t1), show(tz, a), show(tz, b)
        );
    }

    #[test]
    fn adding_twice_is_adding_the_sum(
        (case, t, a, b, negative) in arb_case().prop_flat_map(|c| {
            let (t, a, b) = (c.instant(), c.duration(), c.duration());
            (Just(c), t, a, b, any::<bool>())
        })
    ) {
        // Only for durations of one sign: add rounds up to the earliest
        // instant, sub down to the latest, so mixed signs differ at closings.
        let cal = case.rules.calendar();
        let tz = cal.timezone();
        let (a, b) = if negative { (-a, -b) } else { (a, b) };
        let stepwise = add(&cal, add(&cal, t, a), b);
        let at_once = add(&cal, t, a + b);
        prop_assert_eq!(
            stepwise, at_once,
            "add(add(t, {}s), {}s) = {} but add(t, {}s) = {} with t = {}",
            a, b, show(tz, stepwise), a + b, show(tz, at_once), show(tz, t)
        );
    }

    #[test]
    fn sub_undoes_add_from_a_working_instant((case, t, d) in arb_case().prop_flat_map(|c| {
        let (t, d) = (c.instant(), c.duration());
        (Just(c), t, d)
    })) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let w = cal.next_working(&utc(t)).map_err(|e| TestCaseError::fail(e.to_string()))?.timestamp();
        prop_assert!(reference.is_working(w), "next_working({}) = {} is not working", show(tz, t), show(tz, w));
        let r = add(&cal, w, d);
        let back = cal.sub(&utc(r), TimeDelta::seconds(d)).map_err(|e| TestCaseError::fail(e.to_string()))?.timestamp();
        prop_assert_eq!(
            back, w,
            "sub(add(w, d) = {}, d) = {} with w = {}, d = {}s",
            show(tz, r), show(tz, back), show(tz, w), d
        );
    }

    #[test]
    fn between_is_antisymmetric(
        (case, a, b) in arb_case().prop_flat_map(|c| {
            let (a, b) = (c.instant(), c.instant());
            (Just(c), a, b)
        })
    ) {
        let cal = case.rules.calendar();
        let (ab, ba) = (between(&cal, a, b), between(&cal, b, a));
        prop_assert_eq!(
            ba, -ab,
            "between(a, b) = {}s but between(b, a) = {}s with a = {}, b = {}",
            ab, ba, show(cal.timezone(), a), show(cal.timezone(), b)
        );
    }

    #[test]
    fn is_working_agrees_with_the_reference(
        (case, t) in arb_case().prop_flat_map(|c| { let t = c.instant(); (Just(c), t) })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        // The instant, the second before and the second after all agree.
        for s in [t - 1, t, t + 1] {
            let got_s = cal.is_working(&utc(s)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                got_s, reference.is_working(s),
                "is_working({}): engine {} (wall {})",
                show(cal.timezone(), s), got_s, reference.wall(s)
            );
        }
        // The resolved days given back as plain custom hours measure the same.
        let resolved = Calendar::from_spec(&reference.to_spec())
            .map_err(|e| TestCaseError::fail(format!("resolved spec rejected: {e}")))?;
        let (a, b) = (t - 86_400, t + 86_400);
        prop_assert_eq!(
            between(&resolved, a, b), between(&cal, a, b),
            "the resolved spec disagrees around {}", show(cal.timezone(), t)
        );
    }

    #[test]
    fn next_working_opening_and_closing_agree_with_the_reference(
        (case, t) in arb_case().prop_flat_map(|c| { let t = c.instant(); (Just(c), t) })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let checks: [(&str, Result<_, _>, Option<i64>); 3] = [
            ("next_working", cal.next_working(&utc(t)), reference.next_working(t)),
            ("next_opening", cal.next_opening(&utc(t)), reference.next_opening(t)),
            ("next_closing", cal.next_closing(&utc(t)), reference.next_closing(t)),
        ];
        for (what, got, want) in checks {
            match (got, want) {
                (Ok(g), Some(w)) => prop_assert_eq!(
                    g.timestamp(), w,
                    "{}({}): engine {} but reference {}", what, show(tz, t), g.to_rfc3339(), show(tz, w)
                ),
                // A 24x7 stretch longer than the walk: nothing to compare.
                (_, None) => {}
                (Err(e), Some(w)) => prop_assert!(
                    false, "{}({}): engine error {} but reference {}", what, show(tz, t), e, show(tz, w)
                ),
            }
        }
    }

    #[test]
    fn end_of_day_working_days_agree_with_the_reference(
        (case, t, n) in arb_case().prop_flat_map(|c| { let t = c.instant(); (Just(c), t, 0u32..=3) })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let want = reference.end_of_day(t, n);
        prop_assert!(want.is_some(), "the reference gave up");
        let got = cal
            .add_working_days(&utc(t), n, WorkingDaysMeaning::EndOfDay)
            .map_err(|e| TestCaseError::fail(format!("add_working_days({}, {n}): {e}", show(tz, t))))?
            .timestamp();
        prop_assert_eq!(
            got, want.unwrap_or_default(),
            "add_working_days({}, {}, EndOfDay): engine {} but reference {}",
            show(tz, t), n, show(tz, got), show(tz, want.unwrap_or_default())
        );
    }

    #[test]
    fn end_of_day_from_opening_working_days_agree_with_the_reference(
        (case, t, n) in arb_case().prop_flat_map(|c| { let t = c.instant(); (Just(c), t, 0u32..=3) })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let want = reference.end_of_day_from_opening(t, n);
        prop_assert!(want.is_some(), "the reference gave up");
        let got = cal
            .add_working_days(&utc(t), n, WorkingDaysMeaning::EndOfDayFromOpening)
            .map_err(|e| TestCaseError::fail(format!("add_working_days({}, {n}): {e}", show(tz, t))))?
            .timestamp();
        prop_assert_eq!(
            got, want.unwrap_or_default(),
            "add_working_days({}, {}, EndOfDayFromOpening): engine {} but reference {}",
            show(tz, t), n, show(tz, got), show(tz, want.unwrap_or_default())
        );
    }

    #[test]
    fn periods_tile_the_working_time(
        (case, a, span) in arb_case().prop_flat_map(|c| {
            let a = c.instant();
            (Just(c), a, 0i64..3 * 86_400)
        })
    ) {
        let cal = case.rules.calendar();
        let reference = case.rules.reference();
        let tz = cal.timezone();
        let b = a + span;
        let periods = cal.periods(&utc(a), &utc(b)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut sum = 0;
        let mut prev_end = i64::MIN;
        for p in &periods {
            let (s, e) = (p.start.timestamp(), p.end.timestamp());
            prop_assert!(a <= s && s < e && e <= b, "period {:?} outside [{}, {})", p, show(tz, a), show(tz, b));
            prop_assert!(s > prev_end, "periods touch or overlap at {}", show(tz, s));
            prop_assert!(reference.is_working(s) && reference.is_working(e - 1), "period {:?} is not working time", p);
            prop_assert!(s == a || !reference.is_working(s - 1), "period {:?} starts inside working time", p);
            prop_assert!(e == b || !reference.is_working(e), "period {:?} ends inside working time", p);
            sum += e - s;
            prev_end = e;
        }
        prop_assert_eq!(sum, between(&cal, a, b), "periods of [{}, {}) do not add up to between", show(tz, a), show(tz, b));
    }
}
