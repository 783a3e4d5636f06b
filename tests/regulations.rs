//! Scenario tests: each bundled regulation reproduces the digest's numbers.
//! Expected instants are worked out by hand in the comments, on the RU
//! production calendar (2026: March 9 and May 11 are days off, May 8 is
//! shortened; 2025: Saturday November 1 is a shortened working day).

use serde_json::{json, Value};
use sla_core::{parse_instant, Error, MetricReport, MetricState, Policy, Report};

fn policy(file: &str) -> Policy {
    let path = format!("{}/examples/policies/{file}", env!("CARGO_MANIFEST_DIR"));
    Policy::from_toml(&std::fs::read_to_string(path).expect("policy file"))
        .expect("policy compiles")
}

fn evaluate(policy: &Policy, ticket: Value, at: &str) -> Result<Report, Error> {
    let spec = serde_json::from_value(ticket).expect("ticket JSON");
    let ticket = policy.ticket(&spec)?;
    policy.evaluate(&ticket, &parse_instant(at)?)
}

fn metric<'a>(report: &'a Report, id: &str) -> &'a MetricReport {
    report
        .metrics
        .iter()
        .find(|m| m.metric == id)
        .unwrap_or_else(|| panic!("metric {id} missing in {report:?}"))
}

fn deadline(m: &MetricReport) -> String {
    m.deadline.map(|d| d.to_rfc3339()).unwrap_or_default()
}

fn created(at: &str, priority: &str, category: &str) -> Value {
    json!({ "at": at, "type": "created", "priority": priority, "category": category })
}

#[test]
fn r3_table_3_every_cell_including_the_forbidden_ones() {
    let p = policy("r3_budget_system.toml");
    // Created Monday 2026-03-02 09:00: N working days of 9 h end at 18:00 of
    // the Nth working day (March 9 is a day off).
    let day = |d: &str| format!("2026-{d}T18:00:00+03:00");
    let table = [
        ("incident", "highest", Some(day("03-02"))),
        ("incident", "high", Some(day("03-04"))),
        ("incident", "medium", Some(day("03-12"))),
        ("incident", "low", Some(day("03-16"))),
        ("incident_workaround", "highest", Some(day("03-04"))),
        ("incident_workaround", "high", Some(day("03-06"))),
        ("incident_workaround", "medium", Some(day("03-30"))),
        ("incident_workaround", "low", None), // by agreement
        ("consultation", "medium", Some(day("03-06"))),
        ("consultation", "low", Some(day("03-11"))),
        ("service_nontypical", "medium", Some(day("03-04"))),
        ("service_nontypical", "low", Some(day("03-16"))),
    ];
    for (category, priority, want) in table {
        let ticket =
            json!({ "events": [created("2026-03-02T09:00:00+03:00", priority, category)] });
        let r = evaluate(&p, ticket, "2026-03-02T10:00:00+03:00").expect("allowed pair");
        let m = metric(&r, "resolution");
        match want {
            Some(want) => {
                assert_eq!(deadline(m), want, "{category}/{priority}");
                assert_eq!(m.state, MetricState::Running);
            }
            None => {
                assert_eq!(m.state, MetricState::NoDeadline, "{category}/{priority}");
                assert_eq!(m.target.as_deref(), Some("by agreement"));
            }
        }
    }
    for (category, priority) in [
        ("consultation", "highest"),
        ("consultation", "high"),
        ("service_nontypical", "highest"),
        ("service_nontypical", "high"),
        ("incident", "none"),
    ] {
        let ticket =
            json!({ "events": [created("2026-03-02T09:00:00+03:00", priority, category)] });
        let err = evaluate(&p, ticket, "2026-03-02T10:00:00+03:00").unwrap_err();
        assert!(
            matches!(&err, Error::ForbiddenPair { category: c, priority: q, .. } if c == category && q == priority),
            "{category}/{priority}: {err}"
        );
        assert!(err.to_string().contains(&format!("{category:?}")), "{err}");
    }
}

#[test]
fn r3_change_requests_get_a_conclusion_in_10_or_23_working_days() {
    let p = policy("r3_budget_system.toml");
    for (category, want) in [
        ("change_request_federal", "2026-03-16T18:00:00+03:00"),
        ("change_request", "2026-04-02T18:00:00+03:00"),
    ] {
        let ticket = json!({ "events": [created("2026-03-02T09:00:00+03:00", "none", category)] });
        let r = evaluate(&p, ticket, "2026-03-02T10:00:00+03:00").unwrap();
        assert_eq!(deadline(metric(&r, "conclusion")), want, "{category}");
        // 5 working days to answer on the timeline.
        assert_eq!(
            deadline(metric(&r, "timeline_answer")),
            "2026-03-06T18:00:00+03:00"
        );
        // Resolution does not apply to change requests.
        assert!(r.metrics.iter().all(|m| m.metric != "resolution"));
    }
}

#[test]
fn r1_reaction_counts_from_the_request_and_resolution_from_acceptance() {
    let p = policy("r1_vendor_support.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T10:00:00+03:00", "emergency", "failure"),
        { "at": "2026-03-02T10:30:00+03:00", "type": "first_contact" },
        { "at": "2026-03-02T15:00:00+03:00", "type": "accepted" },
    ] });
    let r = evaluate(&p, ticket, "2026-03-02T16:00:00+03:00").unwrap();
    // Reaction: 4 working hours from the request at 10:00.
    assert_eq!(
        deadline(metric(&r, "reaction")),
        "2026-03-02T14:00:00+03:00"
    );
    assert_eq!(metric(&r, "reaction").state, MetricState::Breached);
    // Resolution: 1 working day (9 h) from acceptance at 15:00: 3 h + 6 h.
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-03T15:00:00+03:00"
    );
    assert_eq!(metric(&r, "resolution").worked_seconds, 3600);
    // First contact within 1 working hour: met at 10:30.
    assert_eq!(metric(&r, "first_contact").state, MetricState::Met);
    // The request form is missing: the request closes 8 hours after first contact.
    let form = r.timers.iter().find(|t| t.timer == "form_missing").unwrap();
    assert_eq!(form.due.unwrap().to_rfc3339(), "2026-03-02T18:30:00+03:00");
}

#[test]
fn r1_resolution_is_not_started_before_acceptance() {
    let p = policy("r1_vendor_support.toml");
    let ticket = json!({ "events": [created("2026-03-02T10:00:00+03:00", "critical", "failure")] });
    let r = evaluate(&p, ticket, "2026-03-03T10:00:00+03:00").unwrap();
    assert_eq!(metric(&r, "resolution").state, MetricState::NotStarted);
    assert_eq!(metric(&r, "resolution").deadline, None);
}

#[test]
fn r2_one_working_day_is_eight_hours_fifteen_minutes() {
    let p = policy("r2_monitoring_platform.toml");
    assert_eq!(
        p.calendar("support")
            .unwrap()
            .working_day_length()
            .num_minutes(),
        495
    );
    // Critical error on Friday 16:30: 30 min on Friday, 7 h 30 min from Monday 08:45
    // (March 9 is a day off in 2026, so Tuesday).
    let ticket = json!({ "events": [created("2026-03-06T16:30:00+03:00", "critical", "error")] });
    let r = evaluate(&p, ticket, "2026-03-06T16:45:00+03:00").unwrap();
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-10T16:15:00+03:00"
    );
    assert_eq!(
        deadline(metric(&r, "reaction")),
        "2026-03-10T10:15:00+03:00"
    );
    // The vulnerability update: 3 calendar days from discovery.
    let ticket =
        json!({ "events": [created("2026-03-06T16:30:00+03:00", "critical", "vulnerability")] });
    let r = evaluate(&p, ticket, "2026-03-06T16:45:00+03:00").unwrap();
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-09T16:30:00+03:00"
    );
}

#[test]
fn r2_planned_date_set_by_hand_for_a_non_typical_question() {
    let p = policy("r2_monitoring_platform.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T10:00:00+03:00", "normal", "non_typical"),
        { "at": "2026-03-02T11:00:00+03:00", "type": "deadline_set", "metric": "resolution",
          "deadline": "2026-03-20T17:00:00+03:00" },
    ] });
    let before = evaluate(&p, ticket.clone(), "2026-03-02T10:30:00+03:00").unwrap();
    assert_eq!(metric(&before, "resolution").state, MetricState::NoDeadline);
    let after = evaluate(&p, ticket, "2026-03-02T12:00:00+03:00").unwrap();
    let m = metric(&after, "resolution");
    assert_eq!(m.state, MetricState::Running);
    assert_eq!(deadline(m), "2026-03-20T17:00:00+03:00");
    assert_eq!(m.cause.as_deref(), Some("deadline set by hand"));
}

#[test]
fn r5_emergency_runs_24x7_under_a_licence_and_9_to_5_otherwise() {
    let p = policy("r5_security_platform.toml");
    let events = json!([created("2026-03-07T02:00:00+03:00", "emergency", "request")]);
    let licensed =
        json!({ "calendars": { "emergency_hours": "around_the_clock" }, "events": events });
    let r = evaluate(&p, licensed, "2026-03-07T03:00:00+03:00").unwrap();
    assert_eq!(
        deadline(metric(&r, "reaction")),
        "2026-03-07T04:00:00+03:00"
    );
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-07T10:00:00+03:00"
    );
    let plain = json!({ "events": events });
    let r = evaluate(&p, plain, "2026-03-07T03:00:00+03:00").unwrap();
    // Saturday night: counting starts Tuesday 09:00 (Monday March 9 is off).
    assert_eq!(
        deadline(metric(&r, "reaction")),
        "2026-03-10T11:00:00+03:00"
    );
    assert!(metric(&r, "reaction").outside_working_hours);
    // Normal priority stays on 09:00-17:00 whatever the licence: 5 x 8 h.
    let normal = json!({ "calendars": { "emergency_hours": "around_the_clock" },
        "events": [created("2026-03-10T09:00:00+03:00", "normal", "request")] });
    let r = evaluate(&p, normal, "2026-03-10T10:00:00+03:00").unwrap();
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-16T17:00:00+03:00"
    );
}

#[test]
fn r3_pause_over_a_weekend_moves_the_deadline_by_the_working_time_it_covers() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-12T10:00:00+03:00", "high", "incident"),
        { "at": "2026-03-13T16:00:00+03:00", "type": "paused", "reason": "external_vendor" },
        { "at": "2026-03-16T11:00:00+03:00", "type": "resumed" },
    ] });
    // 27 h from Thu 10:00 without the pause: Thu 8 h, Fri 9 h, Mon 9 h, Tue 1 h -> Tue 10:00.
    // The pause covers Fri 16-18 and Mon 09-11: 4 h, so Tue 14:00.
    let r = evaluate(&p, ticket, "2026-03-16T12:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(deadline(m), "2026-03-17T14:00:00+03:00");
    assert_eq!(m.worked_seconds, (8 + 7 + 1) * 3600);
}

#[test]
fn r3_downgrade_after_two_working_hours_keeps_the_worked_time() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T09:00:00+03:00", "highest", "incident"),
        { "at": "2026-03-02T10:00:00+03:00", "type": "consent_requested", "priority": "medium" },
        { "at": "2026-03-02T11:00:00+03:00", "type": "priority_changed", "priority": "medium" },
    ] });
    let r = evaluate(&p, ticket, "2026-03-02T12:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    // Medium = 8 working days = 72 h, 2 h already worked: the deadline is where
    // 72 h from 09:00 on March 2 ends, i.e. 18:00 of the 8th working day.
    assert_eq!(deadline(m), "2026-03-12T18:00:00+03:00");
    assert_eq!(m.worked_seconds, 3 * 3600);
    assert_eq!(m.remaining_seconds, Some(69 * 3600));
    // Consent, asked at 10:00: the earlier of +1 working day (Mar 3 10:00)
    // and 3 working hours before the deadline in force (Mar 2 18:00 - 3 h =
    // 15:00); the change at 11:00 came in time.
    let consent = r.timers.iter().find(|t| t.timer == "consent").unwrap();
    assert_eq!(
        consent.due.unwrap().to_rfc3339(),
        "2026-03-02T15:00:00+03:00"
    );
    assert_eq!(consent.state, sla_core::TimerState::Cancelled);
}

#[test]
fn r3_upgrade_while_paused_restarts_with_the_full_target_at_the_change() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T09:00:00+03:00", "low", "incident"),
        { "at": "2026-03-02T12:00:00+03:00", "type": "paused", "reason": "waiting_for_info" },
        { "at": "2026-03-03T10:00:00+03:00", "type": "priority_changed", "priority": "highest" },
    ] });
    // Still paused: the full 9 h count from the resume; projected from `at`.
    let r = evaluate(&p, ticket.clone(), "2026-03-03T13:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(m.state, MetricState::Paused);
    assert_eq!(m.pause_reason.as_deref(), Some("waiting_for_info"));
    assert_eq!(m.worked_seconds, 0);
    assert_eq!(deadline(m), "", "no deadline is in force while paused");
    assert_eq!(
        m.projected_deadline.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-03-04T13:00:00+03:00")
    );
    let mut resumed = ticket;
    resumed["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "at": "2026-03-03T14:00:00+03:00", "type": "resumed" }));
    let r = evaluate(&p, resumed, "2026-03-03T15:00:00+03:00").unwrap();
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-04T14:00:00+03:00"
    );
}

#[test]
fn r3_workaround_switches_the_incident_to_the_workaround_row() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T09:00:00+03:00", "high", "incident"),
        { "at": "2026-03-03T09:00:00+03:00", "type": "workaround_provided" },
    ] });
    let r = evaluate(&p, ticket, "2026-03-03T10:00:00+03:00").unwrap();
    assert_eq!(r.category, "incident_workaround");
    // 5 working days (45 h) with the 9 h worked kept: 18:00 of the 5th working day.
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-03-06T18:00:00+03:00"
    );
}

#[test]
fn r3_ticket_created_at_night_on_the_eve_of_the_new_year_holidays() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [created("2026-12-30T23:40:00+03:00", "highest", "incident")] });
    // December 31 to January 10 are days off: the clock starts on January 11.
    let r = evaluate(&p, ticket, "2026-12-31T12:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(deadline(m), "2027-01-11T18:00:00+03:00");
    assert!(m.outside_working_hours);
    assert_eq!(m.worked_seconds, 0);
}

#[test]
fn r3_ticket_created_on_a_transferred_working_saturday() {
    let p = policy("r3_budget_system.toml");
    // 2025-11-01 is a working Saturday, shortened to 17:00; Nov 3 and 4 are off.
    let ticket = json!({ "events": [created("2025-11-01T10:00:00+03:00", "highest", "incident")] });
    let r = evaluate(&p, ticket, "2025-11-01T11:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert!(!m.outside_working_hours);
    // 7 h on Saturday, 2 h on Wednesday November 5.
    assert_eq!(deadline(m), "2025-11-05T11:00:00+03:00");
}

#[test]
fn r3_ticket_created_on_a_shortened_pre_holiday_day() {
    let p = policy("r3_budget_system.toml");
    // 2026-05-08 ends at 17:00; May 9-11 are off.
    let ticket = json!({ "events": [created("2026-05-08T15:00:00+03:00", "high", "incident")] });
    let r = evaluate(&p, ticket, "2026-05-08T16:00:00+03:00").unwrap();
    // 27 h: 2 h on May 8, 9 h on May 12 and 13, 7 h on May 14.
    assert_eq!(
        deadline(metric(&r, "resolution")),
        "2026-05-14T16:00:00+03:00"
    );
}

#[test]
fn r3_auto_close_and_reject_timers() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T09:00:00+03:00", "medium", "consultation"),
        { "at": "2026-03-02T10:00:00+03:00", "type": "paused", "reason": "waiting_for_info" },
    ] });
    let r = evaluate(&p, ticket, "2026-03-02T11:00:00+03:00").unwrap();
    let reject = r
        .timers
        .iter()
        .find(|t| t.timer == "reject_waiting_for_info")
        .unwrap();
    // 30 working days of 9 h from Monday 10:00 (March 9 off): April 14, 10:00.
    assert_eq!(
        reject.due.unwrap().to_rfc3339(),
        "2026-04-14T10:00:00+03:00"
    );
    let auto_close = r.timers.iter().find(|t| t.timer == "auto_close").unwrap();
    assert_eq!(auto_close.due, None);
}

#[test]
fn r4_thresholds_come_before_the_deadline() {
    let p = policy("r4_crm_contract.toml");
    let ticket = json!({ "events": [created("2026-03-02T09:00:00+03:00", "critical", "error")] });
    let r = evaluate(&p, ticket, "2026-03-02T10:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(deadline(m), "2026-03-02T13:00:00+03:00");
    let at = |id: &str| {
        m.thresholds
            .iter()
            .find(|t| t.threshold == id)
            .unwrap()
            .at
            .to_rfc3339()
    };
    assert_eq!(at("warning"), "2026-03-02T12:00:00+03:00");
    assert_eq!(at("escalation"), "2026-03-02T12:00:00+03:00");
    assert_eq!(m.percent_used, Some(25.0));
}

#[test]
fn reopened_ticket_counts_on_from_where_it_stopped() {
    let p = policy("r3_budget_system.toml");
    let ticket = json!({ "events": [
        created("2026-03-02T09:00:00+03:00", "high", "incident"),
        { "at": "2026-03-02T12:00:00+03:00", "type": "resolved" },
        { "at": "2026-03-03T12:00:00+03:00", "type": "reopened" },
    ] });
    let r = evaluate(&p, ticket, "2026-03-03T13:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(m.state, MetricState::Running);
    assert_eq!(m.worked_seconds, 4 * 3600);
    // 27 h: 3 h before the stop, 24 h from Mar 3 12:00 (6 h + 9 h + 9 h).
    assert_eq!(deadline(m), "2026-03-05T18:00:00+03:00");
}

#[test]
fn bad_events_are_typed_errors_naming_the_offending_value() {
    let p = policy("r3_budget_system.toml");
    let c = created("2026-03-02T09:00:00+03:00", "high", "incident");
    let cases = [
        (
            json!([created("2026-03-02T09:00:00+03:00", "urgent", "incident")]),
            "unknown priority \"urgent\"",
        ),
        (
            json!([created("2026-03-02T09:00:00+03:00", "high", "bug")]),
            "unknown category \"bug\"",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "paused", "reason": "lunch"}]),
            "unknown pause reason \"lunch\"",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "deadline_set", "metric": "fix", "deadline": null}]),
            "unknown metric \"fix\"",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "escalated"}]),
            "unknown event type \"escalated\"",
        ),
        (
            json!([c, {"at": "2026-03-02T08:00:00+03:00", "type": "responded"}]),
            "is earlier than the event before it",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "resumed"}]),
            "resume without a pause",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "paused", "reason": "postponed"},
                   {"at": "2026-03-02T11:00:00+03:00", "type": "paused", "reason": "postponed"}]),
            "already paused",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "closed"},
                   {"at": "2026-03-02T11:00:00+03:00", "type": "reopened"}]),
            "already closed",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "priority_changed", "priority": "none"}]),
            "does not allow priority \"none\"",
        ),
        (
            json!([c, {"at": "2026-03-02 10:00", "type": "responded"}]),
            "invalid instant \"2026-03-02 10:00\"",
        ),
        (
            json!([c, {"at": "2026-03-02T10:00:00+03:00", "type": "responded", "reason": "x"}]),
            "field \"reason\" does not belong",
        ),
        (
            json!([{"at": "2026-03-02T10:00:00+03:00", "type": "responded"}]),
            "the first event must be \"created\"",
        ),
    ];
    for (events, want) in cases {
        let err =
            evaluate(&p, json!({ "events": events }), "2026-03-03T12:00:00+03:00").unwrap_err();
        assert!(err.to_string().contains(want), "want {want:?}, got {err}");
    }
    let err = p
        .ticket_from_json(r#"{ "events": [], "extra": 1 }"#)
        .unwrap_err();
    assert!(
        err.to_string().contains(r#"unknown field "extra""#),
        "{err}"
    );
}

#[test]
fn bad_policies_are_typed_errors_naming_the_offending_value() {
    let base = json!({
        "name": "t", "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
        "priorities": [{"id": "p1"}], "categories": [{"id": "c1"}],
        "metrics": [{ "id": "m", "stop": "resolved", "targets": { "*": { "*": "4h" } } }]
    });
    assert!(Policy::from_value(&base).is_ok());
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        Policy::from_value(&v).unwrap_err().to_string()
    };
    let e = mutate(&|v| v["metrics"][0]["calendar"] = json!("home"));
    assert!(e.contains("unknown calendar \"home\""), "{e}");
    let e = mutate(&|v| v["metrics"][0]["targets"]["*"]["*"] = json!("4 fortnights"));
    assert!(e.contains("invalid duration \"4 fortnights\""), "{e}");
    let e = mutate(&|v| v["metrics"][0]["targets"] = json!({ "c2": { "*": "4h" } }));
    assert!(e.contains("unknown category \"c2\""), "{e}");
    let e = mutate(&|v| v["metrics"][0]["stop"] = json!("done"));
    assert!(e.contains("unknown event type \"done\""), "{e}");
    let e = mutate(&|v| v["pause_reasons"] = json!([{ "id": "r", "stops": ["reaction"] }]));
    assert!(e.contains("unknown metric \"reaction\""), "{e}");
    let e = mutate(&|v| v["metrics"][0]["colour"] = json!("red"));
    assert!(e.contains(r#"unknown field "colour""#), "{e}");
    let e = mutate(&|v| v["calendars"]["office"] = json!("Mon-Fri 09:00-18:00 Mars/Olympus"));
    assert!(e.contains("Mars/Olympus"), "{e}");
}

/// The JSON twins of the policy files (`examples/policies/*.json`, for the
/// browser package, which reads JSON only) say exactly what the commented
/// TOML files say. Regenerate a twin after editing its TOML file, e.g.
/// `python3 -c 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1],"rb")), indent=2, ensure_ascii=False))' r3_budget_system.toml > r3_budget_system.json`.
#[test]
fn every_policy_file_has_an_identical_json_twin() {
    let dir = format!("{}/examples/policies", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("policy directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let twin = path.with_extension("json");
        let toml = Policy::from_toml(&std::fs::read_to_string(&path).expect("TOML file"))
            .expect("TOML policy compiles");
        let json = std::fs::read_to_string(&twin)
            .unwrap_or_else(|e| panic!("{} has no JSON twin: {e}", path.display()));
        let json = Policy::from_json(&json).expect("JSON policy compiles");
        assert_eq!(
            toml.spec(),
            json.spec(),
            "{} and its JSON twin differ",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(
        checked, 6,
        "the five regulations R1-R5 and the helpdesk example"
    );
}
