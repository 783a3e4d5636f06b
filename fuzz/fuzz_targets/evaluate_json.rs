//! The JSON contract: any text as a request. An error is fine; a panic, a
//! crash or a hang is not, and a report must be valid JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(report) = sla_core::evaluate_json(text) {
        assert!(report.starts_with('{') && report.ends_with('}'), "{report}");
    }
});
