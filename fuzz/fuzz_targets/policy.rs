//! Policy files: any text as a JSON policy and as a TOML policy.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sla_core::Policy;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Policy::from_json(text);
    let _ = Policy::from_toml(text);
});
