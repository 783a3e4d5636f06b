//! The calendar text form (`"Mon-Fri 09:00-18:00 Europe/Moscow +ru"`): any
//! text to `Calendar::parse`; a calendar that parses is then used, and the
//! working-time laws are checked on it.
#![no_main]

use chrono::{DateTime, TimeDelta};
use libfuzzer_sys::fuzz_target;
use sla_core::Calendar;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cal) = Calendar::parse(text) else {
        return;
    };
    // A Monday morning in 2026, a year every bundled production calendar covers.
    let t = DateTime::from_timestamp(1_772_442_000, 0).expect("in range");
    for d in [
        TimeDelta::hours(4),
        TimeDelta::minutes(90),
        TimeDelta::days(3),
    ] {
        if let Ok(end) = cal.add(&t, d) {
            assert!(end >= t, "{text:?}: add({t}, {d}) = {end} is earlier");
            if let Ok(worked) = cal.between(&t, &end) {
                assert_eq!(worked, d, "{text:?}: between({t}, add({t}, {d}) = {end})");
            }
        }
        if let Ok(start) = cal.sub(&t, d) {
            assert!(start <= t, "{text:?}: sub({t}, {d}) = {start} is later");
        }
    }
    let _ = cal.is_working(&t);
    let _ = cal.next_opening(&t);
    let _ = cal.next_closing(&t);
});
