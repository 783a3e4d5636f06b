//! The report corpus: tens of thousands of reports recorded before a
//! restructuring, kept as one digest per report.
//!
//! Every golden request and every sample ticket is evaluated through the JSON
//! contract ([`sla_core::evaluate_json`]) for each prefix of its events, at
//! instants spread over its history (each event's instant, one second either
//! side, and an even sweep from an hour before the first event to five days
//! after the last instant), with `explain` off and on. Each output (a report
//! or an error's kind and message) is digested with FNV-1a over its exact
//! bytes, so a changed field order, number format or message shows up.
//!
//! `tests/report_corpus.txt` holds the digests; `SLA_CORPUS_WRITE=1 cargo test
//! --test report_corpus` re-records it. Re-record only when a change of output
//! is intended, and say why in the commit. A renamed key is not a change of
//! output: add it to [`RENAMED`] and the recorded digests stay valid.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

/// Keys renamed since the corpus was recorded, as `(new, old)`: the new key is
/// put back to the old one in the output text before digesting.
const RENAMED: &[(&str, &str)] = &[
    // One vocabulary (DESIGN.md, "Vocabulary"): worked time, a reference
    // names its kind, a stretch of time is [start, end).
    ("worked_seconds", "elapsed_seconds"),
    ("worked_since_start_seconds", "elapsed_since_start_seconds"),
    ("threshold", "id"),
    ("start", "from"),
    ("end", "to"),
];

/// Instants of the even sweep per history.
const SWEEP: i64 = 150;

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(name, request)` for every golden case and every sample ticket.
fn histories() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/golden"))
        .expect("tests/golden exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("case readable"))
                .expect("case is JSON");
        let name = file.file_stem().expect("file name").to_string_lossy();
        out.push((format!("golden/{name}"), case["request"].clone()));
    }
    let samples: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/sample_tickets.json"))
            .expect("samples readable"),
    )
    .expect("samples are JSON");
    for regulation in samples["regulations"].as_array().expect("regulations") {
        let (key, dir) = if regulation.get("policy_set").is_some() {
            ("policy_set", "examples/policy_sets")
        } else {
            ("policy", "examples/policies")
        };
        let file = regulation[key].as_str().expect("policy file name");
        let text =
            std::fs::read_to_string(root().join(dir).join(file)).expect("policy file readable");
        let policy: Value = toml::from_str(&text).expect("policy file is TOML");
        for ticket in regulation["tickets"].as_array().expect("tickets") {
            let id = ticket["id"].as_str().expect("ticket id");
            let request = json!({ key: policy, "ticket": ticket, "at": samples["at"] });
            out.push((format!("sample/{file}/{id}"), request));
        }
    }
    out
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The instants one history is evaluated at, sorted and without repeats.
fn instants(request: &Value) -> Vec<DateTime<Utc>> {
    let events = request["ticket"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut marks: Vec<DateTime<Utc>> = events
        .iter()
        .filter_map(|e| e["at"].as_str().and_then(instant))
        .collect();
    if let Some(at) = request["at"].as_str().and_then(instant) {
        marks.push(at);
    }
    let (Some(&first), Some(&last)) = (marks.iter().min(), marks.iter().max()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &m in &marks {
        out.extend([m - Duration::seconds(1), m, m + Duration::seconds(1)]);
    }
    let from = first - Duration::hours(1);
    let span = (last + Duration::days(5) - from).num_seconds();
    for i in 0..=SWEEP {
        out.push(from + Duration::seconds(span * i / SWEEP));
    }
    out.sort();
    out.dedup();
    out
}

fn output(request: &Value) -> String {
    match sla_core::evaluate_json(&request.to_string()) {
        Ok(mut text) => {
            for (new, old) in RENAMED {
                text = text.replace(&format!("\"{new}\":"), &format!("\"{old}\":"));
            }
            text
        }
        Err(e) => format!("error {}: {e}", e.kind().as_str()),
    }
}

/// The corpus as text: a `# name` line per history prefix, then one
/// `<epoch seconds> <explain 0|1> <digest>` line per report.
fn corpus() -> (String, usize) {
    let mut text = String::new();
    let mut count = 0;
    for (name, request) in histories() {
        let events = request["ticket"]["events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let times = instants(&request);
        for len in 1..=events.len().max(1) {
            let mut req = request.clone();
            if let Some(list) = req["ticket"]["events"].as_array_mut() {
                list.truncate(len);
            }
            writeln!(text, "# {name} [{len}]").expect("write to a string");
            for t in &times {
                for explain in [false, true] {
                    req["at"] = json!(t.to_rfc3339_opts(SecondsFormat::Secs, true));
                    req["explain"] = json!(explain);
                    let digest = fnv1a(output(&req).as_bytes());
                    writeln!(
                        text,
                        "{} {} {digest:016x}",
                        t.timestamp(),
                        u8::from(explain)
                    )
                    .expect("write to a string");
                    count += 1;
                }
            }
        }
    }
    (text, count)
}

#[test]
fn every_report_of_the_corpus_is_unchanged() {
    let path = root().join("tests/report_corpus.txt");
    let (actual, count) = corpus();
    assert!(count > 30_000, "the corpus shrank to {count} reports");
    if std::env::var_os("SLA_CORPUS_WRITE").is_some() {
        std::fs::write(&path, &actual).expect("corpus written");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("tests/report_corpus.txt exists");
    if actual == expected {
        return;
    }
    // Name the first differing reports, per history.
    let mut section = "";
    let mut differing: BTreeMap<String, usize> = BTreeMap::new();
    let mut first = Vec::new();
    for (a, e) in actual.lines().zip(expected.lines()) {
        if let Some(name) = e.strip_prefix("# ") {
            section = name;
        }
        if a != e {
            *differing.entry(section.to_string()).or_default() += 1;
            if first.len() < 5 {
                first.push(format!("{section}: expected {e:?}, got {a:?}"));
            }
        }
    }
    panic!(
        "{} of {count} lines differ (line counts {} vs {}) in {} histories; first:\n{}",
        differing.values().sum::<usize>(),
        actual.lines().count(),
        expected.lines().count(),
        differing.len(),
        first.join("\n")
    );
}
