//! Golden cases shared by the Rust, Python and JavaScript test suites.
//!
//! Each `tests/golden/*.json` holds a request of the JSON contract and either
//! the expected report or the expected error (family and message). The Python
//! and Node suites run the same files through their bindings, so the three
//! languages cannot drift apart.
//!
//! A case may name the policy file it embeds (`policy_source`); the embedded
//! policy must equal that file, so a changed policy file shows up here.
//! `make golden` (SLA_GOLDEN_WRITE=1) rewrites the expectations from the engine
//! and embeds `policy_source` files: review the diff before committing.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn load_policy(source: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let text = std::fs::read_to_string(&path).expect("policy source readable");
    let spec: sla_core::PolicySpec = toml::from_str(&text).expect("policy source parses");
    serde_json::to_value(spec).expect("policy serialises")
}

fn load_policy_set(source: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let text = std::fs::read_to_string(&path).expect("policy set source readable");
    let spec: sla_core::PolicySetSpec = toml::from_str(&text).expect("policy set source parses");
    serde_json::to_value(spec).expect("policy set serialises")
}

fn outcome(request: &Value) -> Value {
    let result = if request.get("policy_set").is_some() {
        let request: sla_core::SetRequest =
            serde_json::from_value(request.clone()).expect("golden request parses");
        sla_core::evaluate_set_request(&request).map(serde_json::to_value)
    } else {
        let request: sla_core::Request =
            serde_json::from_value(request.clone()).expect("golden request parses");
        sla_core::evaluate_request(&request).map(serde_json::to_value)
    };
    match result {
        Ok(report) => json!({ "expected": report.expect("report serialises") }),
        Err(e) => json!({ "error": { "kind": e.kind().as_str(), "message": e.to_string() } }),
    }
}

#[test]
fn golden_cases_give_the_recorded_output() {
    let write = std::env::var_os("SLA_GOLDEN_WRITE").is_some();
    let files = cases();
    assert!(
        files.len() >= 10,
        "expected at least 10 golden cases, found {}",
        files.len()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("case readable");
        let mut case: Value = serde_json::from_str(&text).expect("case is JSON");
        let name = file.display().to_string();
        if let Some(source) = case.get("policy_source").and_then(Value::as_str) {
            let policy = load_policy(source);
            if write {
                case["request"]["policy"] = policy;
            } else {
                assert_eq!(
                    case["request"]["policy"], policy,
                    "{name}: embedded policy differs from {source}; run `make golden`"
                );
            }
        }
        if let Some(source) = case.get("policy_set_source").and_then(Value::as_str) {
            let set = load_policy_set(source);
            if write {
                case["request"]["policy_set"] = set;
            } else {
                assert_eq!(
                    case["request"]["policy_set"], set,
                    "{name}: embedded policy set differs from {source}; run `make golden`"
                );
            }
        }
        let got = outcome(&case["request"]);
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
