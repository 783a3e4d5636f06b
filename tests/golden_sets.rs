//! Golden cases of policy sets, shared by the Rust, Python and JavaScript
//! test suites (`sla-py/tests/test_golden_sets.py`,
//! `sla-wasm/tests/golden_sets.test.mjs`).
//!
//! Each `tests/golden_sets/*.json` holds a policy set (`set`), a ticket, an
//! instant (`at`), `explain`, and either the expected `SetReport`
//! (`expected`) or the expected error (`error`: family and message; the set
//! may be the faulty part). A case may name the set file it embeds
//! (`set_source`, TOML); the embedded set must equal that file.
//! `make golden` (SLA_GOLDEN_WRITE=1) rewrites the expectations from the
//! engine and embeds `set_source` files: review the diff before committing.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sla_core::{parse_instant, Options, PolicySet, TicketSpec};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_sets");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden_sets exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn load_set(source: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let text = std::fs::read_to_string(&path).expect("set source readable");
    let set = PolicySet::from_toml(&text).expect("set source compiles");
    serde_json::to_value(set.spec()).expect("set serialises")
}

fn outcome(case: &Value) -> Value {
    let run = || -> sla_core::Result<sla_core::SetReport> {
        let set = PolicySet::from_value(&case["set"])?;
        let ticket: TicketSpec =
            serde_json::from_value(case["ticket"].clone()).expect("golden ticket parses");
        let at = parse_instant(case["at"].as_str().expect("at is a string"))?;
        let explain = case["explain"].as_bool().unwrap_or(false);
        set.evaluate_with(&ticket, &at, Options { explain })
    };
    match run() {
        Ok(report) => {
            json!({ "expected": serde_json::to_value(report).expect("report serialises") })
        }
        Err(e) => json!({ "error": { "kind": e.kind().as_str(), "message": e.to_string() } }),
    }
}

#[test]
fn golden_set_cases_give_the_recorded_output() {
    let write = std::env::var_os("SLA_GOLDEN_WRITE").is_some();
    let files = cases();
    assert!(
        files.len() >= 5,
        "expected at least 5 golden set cases, found {}",
        files.len()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("case readable");
        let mut case: Value = serde_json::from_str(&text).expect("case is JSON");
        let name = file.display().to_string();
        if let Some(source) = case.get("set_source").and_then(Value::as_str) {
            let set = load_set(source);
            if write {
                case["set"] = set;
            } else {
                assert_eq!(
                    case["set"], set,
                    "{name}: embedded set differs from {source}; run `make golden`"
                );
            }
        }
        let got = outcome(&case);
        if write {
            let obj = case.as_object_mut().expect("case is an object");
            obj.remove("expected");
            obj.remove("error");
            for (k, v) in got.as_object().expect("outcome is an object") {
                obj.insert(k.clone(), v.clone());
            }
            let mut out = serde_json::to_string_pretty(&case).expect("serialises");
            out.push('\n');
            std::fs::write(&file, out).expect("case writable");
            continue;
        }
        match (case.get("expected"), case.get("error")) {
            (Some(expected), None) => {
                assert_eq!(&got["expected"], expected, "{name}: report differs")
            }
            (None, Some(error)) => assert_eq!(&got["error"], error, "{name}: error differs"),
            _ => panic!("{name}: a case needs exactly one of \"expected\" and \"error\""),
        }
    }
}
