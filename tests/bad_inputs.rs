//! The bad-input catalogue (`tests/bad_inputs.json`, written by
//! `scripts/gen-bad-inputs.py`): every case must fail with the expected error
//! family and a message containing the expected fragment. The Python
//! (`sla-py/tests/test_bad_inputs.py`) and Node
//! (`sla-wasm/tests/bad_inputs.test.mjs`) suites run the same file through
//! their bindings, so the three languages give the same answers.

use std::path::Path;

use chrono::TimeDelta;
use serde_json::Value;
use sla_core::{
    Amount, At, Calendar, Durations, Error, EvaluateOptions, Policy, TicketInput,
    WorkingDaysMeaning,
};

fn catalogue() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs.json");
    let text = std::fs::read_to_string(&path).expect("tests/bad_inputs.json readable");
    serde_json::from_str(&text).expect("tests/bad_inputs.json is JSON")
}

fn text<'a>(args: &'a Value, key: &str) -> &'a str {
    args[key]
        .as_str()
        .unwrap_or_else(|| panic!("args.{key} is a string"))
}

/// A calendar from a text form (a string) or a spec (anything else).
fn calendar(value: &Value) -> Result<Calendar, Error> {
    match value {
        Value::String(s) => Calendar::parse(s),
        v => Calendar::from_json(&v.to_string()),
    }
}

/// A list of instants (RFC 3339 text, `null` for a missing one) as UTC seconds.
fn seconds(list: &Value) -> Result<Vec<Option<i64>>, Error> {
    let items = list.as_array().expect("a list of instants");
    items
        .iter()
        .map(|v| match v.as_str() {
            Some(t) => Ok(Some(sla_core::parse_instant(t)?.timestamp())),
            None => Ok(None),
        })
        .collect()
}

/// Runs one case's call: `Ok(what it gave)` when it did not fail.
fn run(call: &str, args: &Value, fixed_calendar: &str, fixed_t: &str) -> Result<String, Error> {
    let fixed = || Calendar::parse(fixed_calendar).expect("the catalogue's calendar is valid");
    let t0 = || sla_core::parse_instant(fixed_t).expect("the catalogue's instant is valid");
    match call {
        "calendar_text" => Calendar::parse(text(args, "text")).map(|c| format!("{:?}", c.spec())),
        "calendar_json" => calendar(&args["spec"]).map(|c| format!("{:?}", c.spec())),
        "calendar_json_text" => {
            Calendar::from_json(text(args, "json")).map(|c| format!("{:?}", c.spec()))
        }
        "calendar_toml" => {
            Calendar::from_toml(text(args, "toml")).map(|c| format!("{:?}", c.spec()))
        }
        "policy" => Policy::from_value(&args["policy"]).map(|p| p.name().to_string()),
        "policy_json_text" => Policy::from_json(text(args, "json")).map(|p| p.name().to_string()),
        "policy_toml" => Policy::from_toml(text(args, "toml")).map(|p| p.name().to_string()),
        "evaluate" => sla_core::evaluate_json(&args["request"].to_string()),
        "evaluate_json_text" => sla_core::evaluate_json(text(args, "json")),
        // As `add(t, "4h")` of both bindings: any duration text.
        "duration" => {
            let d = text(args, "duration").parse::<Amount>()?;
            let t = fixed().add_amount(t0().timestamp(), 0, d)?;
            Ok(t.to_string())
        }
        "evaluate_many" => {
            let policy = Policy::from_value(&args["policy"])?;
            // The bindings read their `errors` option first.
            sla_core::OnError::from_name(args["errors"].as_str().unwrap_or("raise"))?;
            let tickets: Vec<TicketInput> = args["tickets"]
                .as_array()
                .expect("args.tickets is a list")
                .iter()
                .map(|t| TicketInput::from(t.to_string()))
                .collect();
            let at = sla_core::parse_instant(text(args, "at"))?.to_utc();
            let reports =
                policy.evaluate_many(&tickets, At::One(at), EvaluateOptions::default())?;
            match reports.into_iter().find_map(Result::err) {
                Some(e) => Err(e),
                None => Ok("every ticket evaluated".to_string()),
            }
        }
        "add_working_days" => {
            let cal = calendar(&args["calendar"])?;
            let t = sla_core::parse_instant(text(args, "t"))?;
            let n = args["n"]
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .expect("args.n is a day count (0 to 4294967295)");
            let meaning = WorkingDaysMeaning::from_name(text(args, "meaning"))?;
            cal.add_working_days(&t, n, meaning).map(|t| t.to_rfc3339())
        }
        "instant" => {
            let t = sla_core::parse_instant(text(args, "t"))?;
            fixed().add(&t, TimeDelta::zero()).map(|t| t.to_rfc3339())
        }
        // The bulk calls on UTC seconds, `null` items missing.
        "add_many" => {
            let zero = Durations::One(Amount::from(TimeDelta::zero()));
            fixed()
                .add_many(&seconds(&args["times"])?, &[], zero)
                .map(|r| format!("{r:?}"))
        }
        "between_many" => fixed()
            .between_many(&seconds(&args["starts"])?, &seconds(&args["ends"])?)
            .map(|r| format!("{r:?}")),
        other => panic!("unknown call {other:?}"),
    }
}

#[test]
fn every_bad_input_gives_its_error() {
    let doc = catalogue();
    let cases = doc["cases"].as_array().expect("cases is a list");
    assert!(
        cases.len() >= 150,
        "the catalogue must hold at least 150 cases, it holds {}",
        cases.len()
    );
    let fixed_calendar = doc["calendar"].as_str().expect("calendar is a string");
    let fixed_t = doc["t"].as_str().expect("t is a string");
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name is a string");
        assert!(names.insert(name), "duplicate case name {name}");
        let call = case["call"].as_str().expect("call is a string");
        let kind = case["kind"].as_str().expect("kind is a string");
        let fragment = case["message"].as_str().expect("message is a string");
        assert!(!fragment.is_empty(), "{name}: empty message fragment");
        // A value of a type the call does not take: a TypeError of the
        // bindings, which Rust's types rule out.
        if kind == "type" {
            continue;
        }
        let outcome =
            std::panic::catch_unwind(|| run(call, &case["args"], fixed_calendar, fixed_t));
        let Ok(outcome) = outcome else {
            failures.push(format!("{name}: panicked"));
            continue;
        };
        match outcome {
            Ok(got) => failures.push(format!(
                "{name}: expected a {kind} error containing {fragment:?}, got success: {got:.200}"
            )),
            Err(e) => {
                let message = e.to_string();
                if e.kind().as_str() != kind || !message.contains(fragment) {
                    failures.push(format!(
                        "{name}: expected a {kind} error containing {fragment:?}, got {} error {message:?}",
                        e.kind().as_str()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// One quoting style: names and texts in messages are quoted as Rust's
/// `{:?}` writes them ("p1", with escapes), never with serde's backticks. No
/// expected fragment and no actual message of the catalogue may hold a
/// backtick. (The JSON and TOML parsers' own syntax errors keep their
/// libraries' wording, which quotes an expected token with backticks; no
/// case here gives one.)
#[test]
fn no_message_quotes_with_backticks() {
    let doc = catalogue();
    let cases = doc["cases"].as_array().expect("cases is a list");
    let fixed_calendar = doc["calendar"].as_str().expect("calendar is a string");
    let fixed_t = doc["t"].as_str().expect("t is a string");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name is a string");
        let fragment = case["message"].as_str().expect("message is a string");
        if fragment.contains('`') {
            failures.push(format!("{name}: expected fragment {fragment:?}"));
        }
        let call = case["call"].as_str().expect("call is a string");
        if case["kind"] == "type" {
            continue;
        }
        let outcome =
            std::panic::catch_unwind(|| run(call, &case["args"], fixed_calendar, fixed_t));
        if let Ok(Err(e)) = outcome {
            let message = e.to_string();
            if message.contains('`') {
                failures.push(format!("{name}: message {message:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} messages quote with backticks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
