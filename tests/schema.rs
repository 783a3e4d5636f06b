//! The JSON Schema of policy files (`schema/policy.schema.json`) against the
//! engine's readers, so the two cannot drift apart.
//!
//! A maximal policy (every optional key of every object set) must load; its
//! key sets, and those of its serde round trip, must equal the schema's
//! `properties` object by object; every object the schema closes
//! (`additionalProperties: false`) must make the reader reject an unknown
//! key; and the schema's enums must list exactly the words the code knows.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Map, Value};
use sla_core::{
    CalendarSpec, ChangeRule, Cycles, EventKind, OnReopen, OutOfRange, Policy, PolicySpec,
    WorkedSince, WorkingDaysMeaning,
};

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/policy.schema.json");
    let text = std::fs::read_to_string(path).expect("schema/policy.schema.json readable");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// A policy that sets every key the readers accept, in every object.
fn maximal() -> Value {
    json!({
        "name": "maximal",
        "description": "every key set",
        "calendars": {
            "business": {
                "timezone": "Europe/Moscow",
                "week": { "mon-fri": ["09:00-13:00", "14:00-18:00"] },
                "production_calendars": [
                    "ru",
                    {
                        "name": "extra",
                        "description": "an inline production calendar",
                        "timezone_hint": "Europe/Moscow",
                        "shortened_minutes": 60,
                        "years": {
                            "2099": {
                                "holidays": ["2099-01-01"],
                                "extra_working_days": ["2099-01-03"],
                                "shortened": ["2099-12-31"],
                                "working_day_count": 247,
                                "hours_norm_40h": 1975,
                                "sources": [{ "title": "a decree", "url": "https://example.invalid" }],
                                "notes": "made up"
                            }
                        },
                        "notes": "made up"
                    }
                ],
                "holidays": ["2026-06-12"],
                "extra_working_days": ["2026-06-13"],
                "shortened": ["2026-06-11"],
                "shortened_minutes": 60,
                "custom_hours": { "2026-06-15": ["10:00-14:00"] },
                "out_of_range": "weekly",
                "horizon_days": 3660,
                "working_day_length": "8h"
            },
            "night": "24x7 Europe/Moscow"
        },
        "default_calendar": "business",
        "working_days_meaning": "end_of_day",
        "priorities": [{ "id": "high", "label": "High" }, { "id": "low" }],
        "categories": [{ "id": "incident", "label": "Incident" }, { "id": "incident_wa" }],
        "pause_reasons": [
            { "id": "waiting", "label": "Waiting for the requester", "stops": ["resolution"] },
            { "id": "all" }
        ],
        "metrics": [
            {
                "id": "resolution",
                "label": "Resolution",
                "start": "created",
                "stop": "resolved",
                "calendar": "business",
                "working_days_meaning": "length",
                "targets": {
                    "incident": {
                        "high": "4h",
                        "low": {
                            "duration": "3 working days",
                            "calendar": "night",
                            "working_days_meaning": "end_of_day_from_opening"
                        }
                    },
                    "*": { "*": "by agreement" }
                },
                "on_upgrade": "keep_worked",
                "on_downgrade": "restart",
                "on_category_change": "restart",
                "worked_since": "start",
                "thresholds": [
                    { "id": "warning", "percent": 75.0 },
                    { "id": "escalation", "before": "1h" }
                ]
            },
            {
                "id": "next_response",
                "start": ["customer_replied"],
                "stop": ["agent_replied", "resolved"],
                "pause_on": ["held"],
                "resume_on": ["released"],
                "reset_on": ["escalated"],
                "cancel_on": ["merged"],
                "pause_in": ["pending"],
                "stop_in": ["solved"],
                "cancel_in": ["closed"],
                "cycles": "repeated",
                "on_reopen": "new_cycle",
                "targets": { "*": { "*": "2h" } }
            }
        ],
        "timers": [
            {
                "id": "auto_close",
                "label": "Auto close",
                "start": "resolved",
                "cancel_on": ["reopened"],
                "duration": "3 working days",
                "calendar": "business"
            },
            { "id": "nudge", "start": "paused:waiting", "duration": "calendar 8h" }
        ],
        "workaround": { "incident": "incident_wa" },
        "consent": { "metric": "resolution", "within": "1 working day", "before_deadline": "3h" },
        "events": [
            { "id": "customer_replied", "label": "Customer replied", "attributes": ["channel"] },
            { "id": "agent_replied" },
            { "id": "escalated" },
            { "id": "merged" },
            { "id": "held" },
            { "id": "released" }
        ],
        "statuses": [{ "id": "open", "label": "Open" }, { "id": "pending" }, { "id": "solved" }, { "id": "closed" }]
    })
}

/// Follows a local `$ref` (`#/$defs/name`).
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local $ref");
        node = &root["$defs"][name];
    }
    node
}

/// The branch of a `oneOf`/`anyOf` whose `type` fits the value.
fn branch<'a>(root: &'a Value, node: &'a Value, value: &Value) -> &'a Value {
    let node = resolve(root, node);
    if node.get("properties").is_some() {
        return node; // a `oneOf` of `required` lists, not of types
    }
    let Some(options) = node.get("oneOf").or_else(|| node.get("anyOf")) else {
        return node;
    };
    let want = match value {
        Value::Object(_) => "object",
        Value::String(_) => "string",
        _ => "other",
    };
    let options = options.as_array().expect("oneOf is a list");
    options
        .iter()
        .map(|o| resolve(root, o))
        .find(|o| o.get("type").and_then(Value::as_str) == Some(want))
        .or_else(|| options.first())
        .expect("a branch")
}

/// Called with (path, schema object, value object).
type Visit<'a> = dyn FnMut(&str, &Value, &Map<String, Value>) + 'a;

/// Walks `value` along `schema`; calls `visit` with (path, schema object,
/// value object) for every object the schema lists `properties` of.
fn walk(root: &Value, node: &Value, value: &Value, path: &str, visit: &mut Visit<'_>) {
    let node = branch(root, node, value);
    match value {
        Value::Object(map) => {
            if let Some(props) = node.get("properties").and_then(Value::as_object) {
                visit(path, node, map);
                for (k, v) in map {
                    if let Some(p) = props.get(k) {
                        walk(root, p, v, &format!("{path}/{k}"), visit);
                    }
                }
            } else if let Some(extra) = node.get("additionalProperties").filter(|a| a.is_object()) {
                for (k, v) in map {
                    walk(root, extra, v, &format!("{path}/{k}"), visit);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = node.get("items") {
                for (i, v) in items.iter().enumerate() {
                    walk(root, item, v, &format!("{path}/{i}"), visit);
                }
            }
        }
        _ => {}
    }
}

fn keys<'a>(it: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    it.cloned().collect()
}

/// Checks that the objects of `value` that one schema object describes
/// together use exactly the schema's properties (a threshold takes
/// `percent` or `before`, so one object alone cannot), and that the schema
/// closes each of them; returns the paths of those objects.
fn same_keys_as_schema(value: &Value, what: &str) -> Vec<String> {
    let root = schema();
    let mut paths = Vec::new();
    // (schema object, first path, the union of the keys seen there)
    let mut seen: Vec<(*const Value, String, BTreeSet<String>)> = Vec::new();
    walk(&root, &root, value, "", &mut |path, node, map| {
        assert_eq!(
            node.get("additionalProperties"),
            Some(&Value::Bool(false)),
            "the schema must close the object at {path:?}: the engine rejects unknown keys"
        );
        let id: *const Value = node;
        match seen.iter_mut().find(|(n, _, _)| *n == id) {
            Some((_, _, union)) => union.extend(map.keys().cloned()),
            None => seen.push((id, path.to_string(), keys(map.keys()))),
        }
        paths.push(path.to_string());
    });
    let root2 = schema();
    for (_, path, union) in &seen {
        // Find the schema node again by walking to the first path's object.
        let mut props = None;
        walk(&root2, &root2, value, "", &mut |p, node, _| {
            if p == path {
                props = Some(keys(
                    node["properties"].as_object().expect("properties").keys(),
                ));
            }
        });
        assert_eq!(
            union,
            &props.expect("found again"),
            "{what}: the keys of the objects like {path:?} differ from the schema's properties"
        );
    }
    paths
}

#[test]
fn the_maximal_policy_loads() {
    Policy::from_value(&maximal()).expect("the maximal policy is valid");
}

#[test]
fn the_maximal_policy_has_every_schema_property_everywhere() {
    let paths = same_keys_as_schema(&maximal(), "maximal policy");
    // Every object kind of the schema is reached.
    for p in [
        "",
        "/calendars/business",
        "/calendars/business/production_calendars/1",
        "/calendars/business/production_calendars/1/years/2099",
        "/calendars/business/production_calendars/1/years/2099/sources/0",
        "/priorities/0",
        "/pause_reasons/0",
        "/events/0",
        "/statuses/0",
        "/metrics/0",
        "/metrics/0/targets/incident/low",
        "/metrics/0/thresholds/0",
        "/timers/0",
        "/consent",
    ] {
        assert!(
            paths.iter().any(|x| x == p),
            "the walk did not reach {p:?}: {paths:?}"
        );
    }
    let defs = schema()["$defs"].as_object().expect("$defs").clone();
    let closed = defs
        .values()
        .filter(|d| d.get("properties").is_some())
        .count();
    // named, pause_reason, metric, target_detail, threshold, timer, consent,
    // calendar_spec, production_calendar, production_year, event_spec (+ the
    // inline source).
    assert_eq!(closed, 11, "a new object kind needs a place in maximal()");
}

#[test]
fn the_serde_round_trip_emits_exactly_the_schema_properties() {
    // Serialising a spec writes every field that is set, so the round trip
    // of the maximal policy shows the fields the spec types have.
    let spec: PolicySpec = serde_json::from_value(maximal()).expect("reads");
    let mut value = serde_json::to_value(&spec).expect("serialises");
    // A policy keeps its calendars as values: round-trip them as specs.
    for (_, cal) in value["calendars"].as_object_mut().expect("calendars") {
        if cal.is_object() {
            let c: CalendarSpec = serde_json::from_value(cal.clone()).expect("calendar reads");
            *cal = serde_json::to_value(c).expect("calendar serialises");
        }
    }
    same_keys_as_schema(&value, "round trip");
}

#[test]
fn every_closed_object_rejects_an_unknown_key() {
    let paths = same_keys_as_schema(&maximal(), "maximal policy");
    for path in paths {
        let mut policy = maximal();
        let target = if path.is_empty() {
            &mut policy
        } else {
            policy.pointer_mut(&path).expect("path exists")
        };
        target
            .as_object_mut()
            .expect("an object")
            .insert("not_a_key".into(), json!("x"));
        let err = Policy::from_value(&policy).expect_err(&format!("unknown key at {path:?}"));
        assert!(
            err.to_string().contains("not_a_key"),
            "the error names the key at {path:?}: {err}"
        );
    }
}

#[test]
fn a_schema_key_is_not_allowed_in_a_policy() {
    // Editors must map the schema by file pattern (see docs/policy-reference.md).
    let mut policy = maximal();
    policy["$schema"] = json!("./schema/policy.schema.json");
    let err = Policy::from_value(&policy).expect_err("$schema is an unknown key");
    assert!(err.to_string().contains("$schema"), "{err}");
}

fn schema_enum(node: &Value) -> BTreeSet<String> {
    node["enum"]
        .as_array()
        .expect("an enum")
        .iter()
        .map(|v| v.as_str().expect("a word").to_string())
        .collect()
}

fn words(all: &[Value]) -> BTreeSet<String> {
    all.iter()
        .map(|v| v.as_str().expect("a word").to_string())
        .collect()
}

#[test]
fn the_enums_list_exactly_the_words_of_the_code() {
    // Exhaustive matches: a new variant fails to compile here until it is
    // added to the lists below (and to the schema).
    fn _all(
        c: ChangeRule,
        w: WorkedSince,
        o: OutOfRange,
        d: WorkingDaysMeaning,
        y: Cycles,
        r: OnReopen,
    ) {
        match y {
            Cycles::Once | Cycles::Repeated | Cycles::Periodic => {}
        }
        match r {
            OnReopen::Continue | OnReopen::Restart | OnReopen::NewCycle => {}
        }
        match c {
            ChangeRule::KeepWorked | ChangeRule::Restart => {}
        }
        match w {
            WorkedSince::LastRestart | WorkedSince::Start => {}
        }
        match o {
            OutOfRange::Error | OutOfRange::Weekly => {}
        }
        match d {
            WorkingDaysMeaning::Length
            | WorkingDaysMeaning::EndOfDay
            | WorkingDaysMeaning::EndOfDayFromOpening => {}
        }
    }
    let root = schema();
    let defs = &root["$defs"];
    assert_eq!(
        schema_enum(&defs["change_rule"]),
        words(&[json!(ChangeRule::KeepWorked), json!(ChangeRule::Restart)])
    );
    assert_eq!(
        schema_enum(&defs["metric"]["properties"]["worked_since"]),
        words(&[json!(WorkedSince::LastRestart), json!(WorkedSince::Start)])
    );
    assert_eq!(
        schema_enum(&defs["calendar_spec"]["properties"]["out_of_range"]),
        words(&[json!(OutOfRange::Error), json!(OutOfRange::Weekly)])
    );
    assert_eq!(
        schema_enum(&defs["working_days_meaning"]),
        [
            WorkingDaysMeaning::Length,
            WorkingDaysMeaning::EndOfDay,
            WorkingDaysMeaning::EndOfDayFromOpening
        ]
        .iter()
        .map(|d| d.as_str().to_string())
        .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        schema_enum(&defs["metric"]["properties"]["cycles"]),
        words(&[
            json!(Cycles::Once),
            json!(Cycles::Repeated),
            json!(Cycles::Periodic)
        ])
    );
    assert_eq!(
        schema_enum(&defs["metric"]["properties"]["on_reopen"]),
        words(&[
            json!(OnReopen::Continue),
            json!(OnReopen::Restart),
            json!(OnReopen::NewCycle)
        ])
    );
    assert_eq!(
        schema_enum(&defs["builtin_event_type"]),
        EventKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect::<BTreeSet<_>>()
    );
}

#[test]
fn a_word_outside_an_enum_is_rejected_by_the_reader() {
    for (pointer, word) in [
        ("/working_days_meaning", "calendar"),
        ("/metrics/0/on_upgrade", "keep"),
        ("/metrics/0/worked_since", "restart"),
        ("/metrics/0/stop", "done"),
        ("/metrics/1/cycles", "twice"),
        ("/metrics/1/on_reopen", "resume"),
        ("/metrics/1/pause_in", "waiting"),
        ("/calendars/business/out_of_range", "ignore"),
    ] {
        let mut policy = maximal();
        *policy.pointer_mut(pointer).expect("path exists") = json!(word);
        assert!(
            Policy::from_value(&policy).is_err(),
            "{pointer} = {word:?} must be rejected"
        );
    }
}

#[test]
fn a_fraction_of_a_unit_fails_with_a_message_about_fractions() {
    for text in ["0.5 working days", "1.5h", "0,5 days"] {
        let err = text.parse::<sla_core::Duration>().expect_err(text);
        assert!(
            err.to_string().contains("fractions are not supported"),
            "{text}: {err}"
        );
    }
    // "1d" and "1 day" are one working day of the calendar.
    assert_eq!(
        "1d".parse::<sla_core::Duration>().ok(),
        Some(sla_core::Duration::WorkingDays(1))
    );
    assert_eq!(
        "1 day".parse::<sla_core::Duration>().ok(),
        Some(sla_core::Duration::WorkingDays(1))
    );
}
