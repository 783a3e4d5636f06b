//! Durations (`"4h"`, `"3 working days"`, `"calendar 8h"`): any text to
//! `Duration::from_str`; a duration that parses prints as text that parses
//! back to the same duration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sla_core::Duration;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = text.parse::<Duration>() {
        let shown = d.to_string();
        let back = shown.parse::<Duration>();
        assert_eq!(
            back.ok(),
            Some(d),
            "{text:?} parsed as {d:?}, shown as {shown:?}"
        );
    }
});
