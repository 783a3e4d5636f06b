//! Policy selection: a policy set chooses a policy (and rebinds its
//! calendars) by the ticket's attributes; R5 as a set; re-selection when an
//! attribute changes, under the metric's category-change rule; "no SLA".
//! Moscow is +03:00; 2026-03-02 is a Monday; 2026-03-09 is a holiday in the
//! Russian production calendar (8 March moved from Sunday).

use serde_json::{json, Value};
use sla_core::{parse_instant, Error, EvaluateOptions, Policy, PolicySet, SetReport};

const R5_SET: &str = include_str!("../examples/policy_sets/r5_by_licence.toml");
const R5: &str = include_str!("../examples/policies/r5_security_platform.toml");

fn evaluate(set: &PolicySet, events: Value, at: &str) -> Result<SetReport, Error> {
    evaluate_ticket(set, json!({ "events": events }), at)
}

fn evaluate_ticket(set: &PolicySet, ticket: Value, at: &str) -> Result<SetReport, Error> {
    let spec = serde_json::from_value(ticket).expect("ticket JSON");
    set.evaluate_with(
        &spec,
        &parse_instant(at)?,
        EvaluateOptions { explain: true },
    )
}

fn deadline(r: &SetReport, metric: &str) -> String {
    let report = r.report.as_ref().expect("an SLA applies");
    let m = report.metric(metric).expect("metric");
    m.deadline
        .or(m.projected_deadline)
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

fn r5_set() -> PolicySet {
    PolicySet::from_toml(R5_SET).expect("the R5 set compiles")
}

#[test]
fn the_r5_set_holds_the_r5_policy_unchanged() {
    let set = r5_set();
    let file = Policy::from_toml(R5).expect("R5 compiles");
    assert_eq!(set.policy("r5").expect("r5").spec(), file.spec());
    assert_eq!(set.policy_names(), ["r5"]);
    assert_eq!(set.rule_ids(), ["emergency_24x7"]);
}

#[test]
fn r5_emergency_runs_around_the_clock_under_a_24x7_licence_only() {
    let set = r5_set();
    let created = |licence: &str| {
        json!([{ "at": "2026-03-07T10:00:00+03:00", "type": "created", "priority": "emergency",
                 "category": "request", "attributes": { "licence": licence } }])
    };
    // Saturday 10:00: with the licence, two hours later that day.
    let licensed = evaluate(&set, created("24x7"), "2026-03-07T10:00:00+03:00").expect("evaluates");
    assert_eq!(licensed.rule.as_deref(), Some("emergency_24x7"));
    assert_eq!(licensed.policy.as_deref(), Some("r5"));
    assert_eq!(deadline(&licensed, "reaction"), "2026-03-07T12:00:00+03:00");
    assert_eq!(
        deadline(&licensed, "resolution"),
        "2026-03-07T18:00:00+03:00"
    );
    // Without it: business hours, Monday the 9th a holiday: Tuesday 11:00.
    let standard =
        evaluate(&set, created("standard"), "2026-03-07T10:00:00+03:00").expect("evaluates");
    assert_eq!(standard.rule, None, "no rule holds: the default policy");
    assert_eq!(standard.policy.as_deref(), Some("r5"));
    assert_eq!(deadline(&standard, "reaction"), "2026-03-10T11:00:00+03:00");
    // A ticket with no attributes at all gets the default too.
    let bare = json!([{ "at": "2026-03-07T10:00:00+03:00", "type": "created", "priority": "emergency", "category": "request" }]);
    let bare = evaluate(&set, bare, "2026-03-07T10:00:00+03:00").expect("evaluates");
    assert_eq!(deadline(&bare, "reaction"), "2026-03-10T11:00:00+03:00");
    // Normal priority counts on business hours under either licence.
    let normal = json!([{ "at": "2026-03-07T10:00:00+03:00", "type": "created", "priority": "normal",
                          "category": "request", "attributes": { "licence": "24x7" } }]);
    let normal = evaluate(&set, normal, "2026-03-07T10:00:00+03:00").expect("evaluates");
    assert_eq!(deadline(&normal, "reaction"), "2026-03-10T17:00:00+03:00");
}

/// A set whose support policy counts eight working hours on an office
/// calendar, and 24×7 for a "24x7" licence; the licence can change later.
fn licence_set(rule: &str) -> PolicySet {
    PolicySet::from_value(&json!({
        "name": "by licence",
        "policies": {
            "support": {
                "name": "support",
                "default_calendar": "office",
                "calendars": { "office": "Mon-Fri 09:00-17:00 UTC", "always": "24x7 UTC" },
                "priorities": [ {"id": "high"} ],
                "categories": [ {"id": "incident"} ],
                "events": [ {"id": "licence_changed", "attributes": ["licence"]} ],
                "metrics": [ { "id": "resolution", "stop": "resolved", "on_category_change": rule,
                               "targets": { "*": { "*": "8h" } } } ]
            }
        },
        "rules": [
            { "id": "free", "when": { "plan": "free" }, "no_sla": true },
            { "id": "around the clock", "when": { "licence": ["24x7", "premium"] }, "policy": "support",
              "calendars": { "office": "always" } }
        ],
        "default": "support"
    }))
    .expect("the set compiles")
}

fn friday_ticket() -> Value {
    json!([
        { "at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high", "category": "incident" },
        { "at": "2026-03-06T15:00:00Z", "type": "licence_changed", "attributes": { "licence": "premium" } }
    ])
}

#[test]
fn a_changed_attribute_reselects_keeping_the_worked_time() {
    let set = licence_set("keep_worked");
    // Before the change: four hours on Friday, four on Monday.
    let before = evaluate(&set, friday_ticket(), "2026-03-06T14:00:00Z").expect("evaluates");
    assert_eq!(before.rule, None);
    assert_eq!(deadline(&before, "resolution"), "2026-03-09T13:00:00+00:00");
    // After it: the history counts on 24×7 from 13:00: due at 21:00.
    let after = evaluate(&set, friday_ticket(), "2026-03-06T16:00:00Z").expect("evaluates");
    assert_eq!(after.rule.as_deref(), Some("around the clock"));
    assert_eq!(deadline(&after, "resolution"), "2026-03-06T21:00:00+00:00");
    let report = after.report.expect("report");
    let m = report.metric("resolution").expect("metric");
    assert_eq!(
        m.cause.as_deref(),
        Some("selected by the ticket's attributes: worked time kept")
    );
    let history = &m.timeline.as_ref().expect("explained").history;
    assert!(
        history
            .iter()
            .any(|h| h.at.to_rfc3339() == "2026-03-06T15:00:00+00:00"),
        "the re-selection is in the history: {history:?}"
    );
}

#[test]
fn a_changed_attribute_reselects_restarting_under_a_restart_rule() {
    let set = licence_set("restart");
    let after = evaluate(&set, friday_ticket(), "2026-03-06T16:00:00Z").expect("evaluates");
    // The full eight hours again from 15:00, around the clock.
    assert_eq!(deadline(&after, "resolution"), "2026-03-06T23:00:00+00:00");
    let report = after.report.expect("report");
    assert_eq!(
        report.metric("resolution").and_then(|m| m.cause.as_deref()),
        Some("selected by the ticket's attributes: restarted with the full target")
    );
}

#[test]
fn a_rule_that_selects_the_same_counting_changes_nothing_but_the_rule() {
    // "24x7" and then "premium": both select the same rule, and a second
    // rule that selects the same policy with the same calendars would not
    // restart either.
    let set = licence_set("restart");
    let events = json!([
        { "at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high", "category": "incident",
          "attributes": { "licence": "24x7" } },
        { "at": "2026-03-06T15:00:00Z", "type": "licence_changed", "attributes": { "licence": "premium" } }
    ]);
    let r = evaluate(&set, events, "2026-03-06T16:00:00Z").expect("evaluates");
    assert_eq!(deadline(&r, "resolution"), "2026-03-06T21:00:00+00:00");
    let report = r.report.expect("report");
    assert_eq!(
        report.metric("resolution").and_then(|m| m.cause.as_deref()),
        Some("started at created")
    );
}

#[test]
fn a_no_sla_rule_and_a_set_without_default_give_no_report() {
    let set = licence_set("keep_worked");
    let free = json!([{ "at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high",
                        "category": "incident", "attributes": { "plan": "free" } }]);
    let r = evaluate(&set, free, "2026-03-06T14:00:00Z").expect("evaluates");
    assert_eq!(
        (r.policy, r.rule.as_deref(), r.report),
        (None, Some("free"), None)
    );

    let mut spec = licence_set("keep_worked").spec().clone();
    spec.default = None;
    let set = PolicySet::from_spec(spec).expect("compiles");
    let r = evaluate(&set, friday_ticket(), "2026-03-06T14:00:00Z").expect("evaluates");
    assert_eq!((r.policy, r.rule, r.report), (None, None, None));
    // Selected from the licence change on: the policy counts from the start.
    let r = evaluate(&set, friday_ticket(), "2026-03-06T16:00:00Z").expect("evaluates");
    assert_eq!(deadline(&r, "resolution"), "2026-03-06T21:00:00+00:00");
}

#[test]
fn a_ticket_s_own_rebinding_wins_over_the_rule_s() {
    let set = licence_set("keep_worked");
    let ticket = json!({
        "calendars": { "office": "Mon-Fri 13:00-14:00 UTC" },
        "events": [{ "at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high",
                     "category": "incident", "attributes": { "licence": "24x7" } }]
    });
    let r = evaluate_ticket(&set, ticket, "2026-03-06T13:00:00Z").expect("evaluates");
    assert_eq!(r.rule.as_deref(), Some("around the clock"));
    // One hour a working day: Friday, then seven more days (the 17th).
    assert_eq!(deadline(&r, "resolution"), "2026-03-17T14:00:00+00:00");
}

#[test]
fn the_selected_policy_checks_the_ticket() {
    let set = licence_set("keep_worked");
    let bad = json!([
        { "at": "2026-03-06T13:00:00Z", "type": "created", "priority": "high", "category": "incident" },
        { "at": "2026-03-06T15:00:00Z", "type": "licence_changed", "attributes": { "seats": "5" } }
    ]);
    let err = evaluate(&set, bad, "2026-03-06T16:00:00Z").expect_err("undeclared attribute");
    assert!(
        err.to_string().contains("unknown attribute \"seats\""),
        "{err}"
    );
}

#[test]
fn a_bad_set_is_rejected_naming_the_rule_or_policy() {
    let base = || licence_set("keep_worked").spec().clone();
    type Change = Box<dyn Fn(&mut sla_core::PolicySetSpec)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|s| s.rules[1].policy = Some("gold".into())),
            "unknown policy \"gold\"",
        ),
        (
            Box::new(|s| s.rules[0].policy = Some("support".into())),
            "rule \"free\": give policy or no_sla = true, not both",
        ),
        (
            Box::new(|s| s.rules[1].policy = None),
            "rule \"around the clock\": give policy, or no_sla = true",
        ),
        (
            Box::new(|s| s.rules[1].when.clear()),
            "rule \"around the clock\": a rule needs at least one condition",
        ),
        (
            Box::new(|s| {
                s.rules[1]
                    .when
                    .insert("licence".into(), vec![])
                    .map(|_| ())
                    .unwrap_or(())
            }),
            "condition \"licence\" lists no values",
        ),
        (
            Box::new(|s| {
                s.rules[1].id = "free".into();
            }),
            "rule \"free\" is defined twice",
        ),
        (
            Box::new(|s| {
                s.rules[1].calendars.insert("night".into(), json!("always"));
            }),
            "unknown calendar \"night\"",
        ),
        (
            Box::new(|s| {
                s.rules[0]
                    .calendars
                    .insert("office".into(), json!("always"));
            }),
            "a no_sla rule takes no calendars",
        ),
        (
            Box::new(|s| s.default = Some("gold".into())),
            "unknown policy \"gold\"",
        ),
        (
            Box::new(|s| s.policies.clear()),
            "needs at least one policy",
        ),
    ];
    for (change, message) in cases {
        let mut spec = base();
        change(&mut spec);
        let err = PolicySet::from_spec(spec).expect_err(message);
        assert!(
            err.to_string().contains(message),
            "{message:?} not in: {err}"
        );
        assert_eq!(err.kind(), sla_core::ErrorKind::Policy, "{err}");
    }
    let err = PolicySet::from_json(r#"{"name": "x", "policies": {}, "rule": []}"#)
        .expect_err("unknown key");
    assert!(err.to_string().contains("unknown field \"rule\""), "{err}");
    let mut value = serde_json::to_value(base()).expect("serialises");
    value["policies"]["support"]["metrics"][0]["stop"] = json!("done");
    let err = PolicySet::from_value(&value).expect_err("bad policy");
    assert!(
        err.to_string().contains("policy \"support\""),
        "names the policy: {err}"
    );
}

#[test]
fn the_spec_round_trips() {
    let set = r5_set();
    let value = serde_json::to_value(set.spec()).expect("serialises");
    let again = PolicySet::from_value(&value).expect("reads back");
    assert_eq!(again.spec(), set.spec());
}

#[test]
fn the_helpdesk_set_holds_the_helpdesk_policy_unchanged() {
    let set = PolicySet::from_toml(include_str!(
        "../examples/policy_sets/helpdesk_by_customer.toml"
    ))
    .expect("the helpdesk set compiles");
    let file =
        Policy::from_toml(include_str!("../examples/policies/helpdesk.toml")).expect("compiles");
    assert_eq!(
        set.policy("helpdesk").expect("helpdesk").spec(),
        file.spec()
    );
    assert_eq!(set.rule_ids(), ["acme", "globex", "free plan"]);
    // Two customers, two calendars: a first response asked at 18:00 Berlin
    // on a Monday is due at 19:00 for Acme (open until 20:00), and at 13:00
    // New York time for Globex (noon there, plus one hour).
    let ticket = |customer: &str| {
        json!([{ "at": "2026-03-02T18:00:00+01:00", "type": "created", "priority": "urgent",
                 "category": "question", "status": "new", "attributes": { "customer": customer } }])
    };
    let acme = evaluate(&set, ticket("acme"), "2026-03-02T18:00:00+01:00").expect("evaluates");
    assert_eq!(
        deadline(&acme, "first_response"),
        "2026-03-02T19:00:00+01:00"
    );
    let globex = evaluate(&set, ticket("globex"), "2026-03-02T18:00:00+01:00").expect("evaluates");
    assert_eq!(globex.rule.as_deref(), Some("globex"));
    assert_eq!(
        deadline(&globex, "first_response"),
        "2026-03-02T13:00:00-05:00"
    );
    let other = evaluate(&set, ticket("initech"), "2026-03-02T18:00:00+01:00").expect("evaluates");
    assert_eq!(
        deadline(&other, "first_response"),
        "2026-03-03T10:00:00+01:00"
    );
}

/// The demo's sample tickets (`make demo`) all evaluate, each under its
/// regulation or policy set, and the helpdesk histories select as meant.
#[test]
fn every_sample_ticket_of_the_demo_evaluates() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let samples: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/sample_tickets.json")).expect("samples"),
    )
    .expect("JSON");
    let at = parse_instant(samples["at"].as_str().expect("at")).expect("instant");
    let mut selected = Vec::new();
    for reg in samples["regulations"].as_array().expect("regulations") {
        let tickets = reg["tickets"].as_array().expect("tickets");
        if let Some(file) = reg["policy_set"].as_str() {
            let text = std::fs::read_to_string(format!("{root}/policy_sets/{file}")).expect("set");
            let set = PolicySet::from_toml(&text).expect("set compiles");
            for t in tickets {
                let spec = serde_json::from_value(t.clone()).expect("ticket");
                let r = set.evaluate(&spec, &at).expect("evaluates");
                selected.push((r.rule, r.report.is_some()));
            }
        } else {
            let file = reg["policy"].as_str().expect("policy");
            let text = std::fs::read_to_string(format!("{root}/policies/{file}")).expect("policy");
            let policy = Policy::from_toml(&text).expect("policy compiles");
            for t in tickets {
                let spec = serde_json::from_value(t.clone()).expect("ticket");
                let ticket = policy.ticket(&spec).expect("valid ticket");
                policy.evaluate(&ticket, &at).expect("evaluates");
            }
        }
    }
    let rule = |r: &str| Some(sla_core::Text::from(r));
    assert_eq!(
        selected,
        [
            (rule("acme"), true),
            (rule("globex"), true),
            (None, true),
            (rule("free plan"), false)
        ]
    );
}

mod laws {
    use super::*;
    use proptest::prelude::*;

    fn helpdesk_set() -> &'static PolicySet {
        static S: std::sync::OnceLock<PolicySet> = std::sync::OnceLock::new();
        S.get_or_init(|| {
            PolicySet::from_toml(include_str!(
                "../examples/policy_sets/helpdesk_by_customer.toml"
            ))
            .expect("compiles")
        })
    }

    fn iso(t: i64) -> String {
        chrono::DateTime::from_timestamp(t, 0)
            .expect("in range")
            .to_rfc3339()
    }

    /// Random helpdesk histories for one of three customers.
    fn history() -> impl Strategy<Value = (usize, Vec<Value>, i64)> {
        (
            0usize..3,
            0i64..200 * 86_400,
            prop::collection::vec((1i64..86_400, 0u8..6, 0usize..4), 0..10),
            0i64..5 * 86_400,
        )
            .prop_map(|(c, start, steps, after)| {
                let mut t = 1_767_225_600 + start;
                let mut events = vec![json!({"at": iso(t), "type": "created", "priority": "high",
                    "category": "incident", "status": "new",
                    "attributes": {"customer": (["acme", "globex", "initech"][c])}})];
                for (gap, kind, pick) in steps {
                    t += gap;
                    events.push(match kind {
                        0 | 1 => json!({"at": iso(t), "type": "status_changed",
                            "status": (["open", "pending", "on_hold", "solved"][pick])}),
                        2 => json!({"at": iso(t), "type": "customer_replied"}),
                        3 => json!({"at": iso(t), "type": "agent_replied"}),
                        4 => json!({"at": iso(t), "type": "priority_changed",
                            "priority": (["urgent", "high", "normal", "high"][pick])}),
                        _ => json!({"at": iso(t), "type": "merged"}),
                    });
                }
                (c, events, t + after)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// A selection that never changes gives exactly the report of the
        /// selected policy with the rule's calendars as the ticket's own
        /// rebinding.
        #[test]
        fn a_set_gives_its_policy_s_report_with_the_rule_s_calendars((c, events, at) in history()) {
            let set = helpdesk_set();
            let at = parse_instant(&iso(at)).expect("instant");
            let spec = serde_json::from_value(json!({ "events": events.clone() })).expect("ticket");
            let got = set.evaluate(&spec, &at).expect("evaluates");
            let calendars = match c {
                0 => json!({"office": "Mon-Fri 08:00-20:00 Europe/Berlin"}),
                1 => json!({"office": "Mon-Fri 09:00-17:00 America/New_York"}),
                _ => json!({}),
            };
            let policy = set.policy("helpdesk").expect("policy");
            let spec = serde_json::from_value(json!({ "calendars": calendars, "events": events })).expect("ticket");
            let ticket = policy.ticket(&spec).expect("valid");
            let want = policy.evaluate(&ticket, &at).expect("evaluates");
            prop_assert_eq!(got.rule.as_deref(), [Some("acme"), Some("globex"), None][c]);
            prop_assert_eq!(got.report, Some(want));
        }
    }
}

#[test]
fn a_ticket_with_no_event_by_then_is_an_error_with_or_without_a_default() {
    // With a default the default policy says what is wrong; without one the
    // set must say the same, not answer "no SLA" for a ticket that does not
    // exist yet (or has no events at all).
    let with_default = licence_set("keep_worked");
    let mut spec = with_default.spec().clone();
    spec.default = None;
    let without_default = PolicySet::from_spec(spec).expect("compiles");
    for set in [&with_default, &without_default] {
        let early =
            evaluate(set, friday_ticket(), "2026-03-06T12:00:00Z").expect_err("before created");
        assert_eq!(
            early.to_string(),
            "the evaluation instant 2026-03-06T12:00:00+00:00 is before the ticket was created (2026-03-06T13:00:00+00:00)"
        );
        let empty = evaluate(set, json!([]), "2026-03-06T12:00:00Z").expect_err("no events");
        assert_eq!(
            empty.to_string(),
            "invalid ticket: a ticket needs at least its created event"
        );
        let far = evaluate(set, friday_ticket(), "2200-01-01T00:00:00Z").expect_err("out of range");
        assert_eq!(far.kind(), sla_core::ErrorKind::Range, "{far}");
    }
}
