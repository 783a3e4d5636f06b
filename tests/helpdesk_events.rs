//! A helpdesk's own history, told as stories: declared events, statuses
//! that pause, stop and reopen, next-response and periodic-update cycles,
//! resets, cancels and reopenings. The policy is the bundled
//! `examples/policies/helpdesk.toml` (Mon-Fri 09:00-17:00 Berlin); March
//! 2026 in Berlin is +01:00, and 2026-03-02 is a Monday.

use serde_json::{json, Value};
use sla_core::{parse_instant, Error, MetricReport, MetricState, Policy, Report};

const HELPDESK: &str = include_str!("../examples/policies/helpdesk.toml");

fn helpdesk() -> Policy {
    Policy::from_toml(HELPDESK).expect("the helpdesk policy compiles")
}

fn evaluate(policy: &Policy, events: Value, at: &str) -> Result<Report, Error> {
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = policy.ticket(&spec)?;
    policy.evaluate(&ticket, &parse_instant(at)?)
}

fn explain(policy: &Policy, events: Value, at: &str) -> Report {
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = policy.ticket(&spec).expect("valid ticket");
    let options = sla_core::EvaluateOptions { explain: true };
    policy
        .evaluate_with(&ticket, &parse_instant(at).expect("instant"), options)
        .expect("evaluates")
}

fn metric<'a>(report: &'a Report, id: &str) -> &'a MetricReport {
    report
        .metric(id)
        .unwrap_or_else(|| panic!("metric {id} missing in {report:?}"))
}

fn text(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map(|d| d.to_rfc3339()).unwrap_or_default()
}

fn at(day: u32, hm: &str) -> String {
    format!("2026-03-{day:02}T{hm}:00+01:00")
}

fn ev(day: u32, hm: &str, kind: &str) -> Value {
    json!({ "at": at(day, hm), "type": kind })
}

fn status(day: u32, hm: &str, s: &str) -> Value {
    json!({ "at": at(day, hm), "type": "status_changed", "status": s })
}

fn created(day: u32, hm: &str, priority: &str, category: &str) -> Value {
    json!({ "at": at(day, hm), "type": "created", "priority": priority,
            "category": category, "status": "new" })
}

// ----- declared events and next-response cycles -------------------------

#[test]
fn next_response_waits_from_the_first_unanswered_customer_message() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "normal", "question"),
        ev(2, "10:00", "agent_replied"),
        ev(2, "11:00", "customer_replied"),
        // A second message before the reply does not restart the cycle.
        ev(2, "12:00", "customer_replied"),
        ev(2, "13:00", "agent_replied"),
        ev(2, "14:00", "customer_replied"),
    ]);
    let r = evaluate(&p, events, &at(3, "15:00")).expect("evaluates");
    let first = metric(&r, "first_response");
    assert_eq!(first.state, MetricState::Met);
    assert!(first.cycles.is_none(), "a once metric lists no cycles");
    let next = metric(&r, "next_response");
    // The current cycle: 1 working day (8 h) from Monday 14:00 is Tuesday 14:00.
    assert_eq!(next.state, MetricState::Breached);
    assert_eq!(text(next.started_at), at(2, "14:00"));
    assert_eq!(text(next.deadline), at(3, "14:00"));
    let cycles = next.cycles.as_ref().expect("cycles listed");
    assert_eq!((cycles.total, cycles.met, cycles.breached), (2, 1, 1));
    let c0 = &cycles.items[0];
    assert_eq!(c0.state, MetricState::Met);
    assert_eq!(text(c0.started_at), at(2, "11:00"));
    assert_eq!(text(c0.stopped_at), at(2, "13:00"));
    assert_eq!(text(c0.deadline), at(3, "11:00"));
    assert_eq!(c0.worked_seconds, 2 * 3600);
    assert_eq!(cycles.items[1].state, MetricState::Breached);
}

#[test]
fn next_response_has_no_cycle_before_the_first_customer_message() {
    let p = helpdesk();
    let r = evaluate(
        &p,
        json!([created(2, "09:00", "high", "question")]),
        &at(2, "12:00"),
    )
    .expect("evaluates");
    let next = metric(&r, "next_response");
    assert_eq!(next.state, MetricState::NotStarted);
    let cycles = next.cycles.as_ref().expect("cycles listed");
    assert_eq!((cycles.total, cycles.met, cycles.breached), (0, 0, 0));
}

#[test]
fn an_undeclared_event_type_is_an_event_error_listing_the_known_ones() {
    let p = helpdesk();
    let err = evaluate(
        &p,
        json!([
            created(2, "09:00", "high", "question"),
            ev(2, "10:00", "customer_wrote")
        ]),
        &at(2, "12:00"),
    )
    .expect_err("unknown type");
    let msg = err.to_string();
    assert!(
        matches!(err, Error::InvalidEvent { index: 1, .. }),
        "{err:?}"
    );
    assert!(msg.contains("\"customer_wrote\""), "{msg}");
    assert!(
        msg.contains("\"customer_replied\"") && msg.contains("\"created\""),
        "{msg}"
    );
}

#[test]
fn a_declared_event_carries_only_its_declared_attributes() {
    let p = helpdesk();
    let ok = json!({ "at": at(2, "10:00"), "type": "customer_replied", "attributes": { "channel": "email" } });
    evaluate(
        &p,
        json!([created(2, "09:00", "high", "question"), ok]),
        &at(2, "12:00"),
    )
    .expect("a declared attribute is accepted");
    let bad = json!({ "at": at(2, "10:00"), "type": "customer_replied", "attributes": { "mood": "angry" } });
    let err = evaluate(
        &p,
        json!([created(2, "09:00", "high", "question"), bad]),
        &at(2, "12:00"),
    )
    .expect_err("an undeclared attribute");
    assert!(
        err.to_string().contains("unknown attribute \"mood\""),
        "{err}"
    );
    let built_in =
        json!({ "at": at(2, "10:00"), "type": "responded", "attributes": { "channel": "x" } });
    let err = evaluate(
        &p,
        json!([created(2, "09:00", "high", "question"), built_in]),
        &at(2, "12:00"),
    )
    .expect_err("a built-in type other than created takes no attributes");
    assert!(err.to_string().contains("\"attributes\""), "{err}");
}

#[test]
fn declaring_a_built_in_event_type_is_an_error() {
    let text = HELPDESK.replace("id = \"merged\"", "id = \"responded\"");
    let err = Policy::from_toml(&text).expect_err("built-in redeclared");
    assert!(
        err.to_string().contains("\"responded\" is built in"),
        "{err}"
    );
}

#[test]
fn cancel_on_a_merge_ends_the_first_response_without_a_verdict() {
    let p = helpdesk();
    let r = evaluate(
        &p,
        json!([
            created(2, "09:00", "high", "question"),
            ev(2, "10:00", "merged")
        ]),
        &at(2, "16:00"),
    )
    .expect("evaluates");
    let first = metric(&r, "first_response");
    assert_eq!(first.state, MetricState::Cancelled);
    assert_eq!(text(first.stopped_at), at(2, "10:00"));
}

// ----- statuses -----------------------------------------------------------

#[test]
fn a_pending_status_pauses_the_resolution_and_names_the_reason() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "urgent", "question"),
        status(2, "10:00", "pending"),
    ]);
    let r = evaluate(&p, events.clone(), &at(2, "12:00")).expect("evaluates");
    assert_eq!(r.helpdesk_status.as_deref(), Some("pending"));
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Paused);
    assert_eq!(res.pause_reason.as_deref(), Some("pending"));
    assert_eq!(res.worked_seconds, 3600);
    // First response does not pause in "pending": it runs on.
    assert_eq!(metric(&r, "first_response").state, MetricState::Breached);
    let mut events = events.as_array().expect("list").clone();
    events.push(status(2, "13:00", "open"));
    let r = evaluate(&p, Value::Array(events), &at(2, "14:00")).expect("evaluates");
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Running);
    // 1 h worked before the pause, 3 h left from 13:00.
    assert_eq!(text(res.deadline), at(2, "16:00"));
}

#[test]
fn a_status_pause_and_an_explicit_pause_hold_the_clock_until_both_end() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "urgent", "question"),
        status(2, "10:00", "pending"),
        { "at": at(2, "11:00"), "type": "paused", "reason": "agreed_with_customer" },
        status(2, "12:00", "open"),
        ev(2, "13:00", "resumed"),
    ]);
    let r = explain(&p, events.clone(), &at(2, "12:30"));
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Paused);
    assert_eq!(res.pause_reason.as_deref(), Some("agreed_with_customer"));
    let r = explain(&p, events, &at(2, "14:00"));
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Running);
    assert_eq!(text(res.deadline), at(2, "16:00"));
    let timeline = res.timeline.as_ref().expect("explained");
    let paused: Vec<(String, String, Option<&str>)> = timeline
        .segments
        .iter()
        .filter(|s| s.kind == sla_core::SegmentKind::Paused)
        .map(|s| {
            (
                s.start.to_rfc3339(),
                s.end.to_rfc3339(),
                s.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        paused,
        [
            (at(2, "10:00"), at(2, "11:00"), Some("pending")),
            (at(2, "11:00"), at(2, "13:00"), Some("agreed_with_customer")),
        ]
    );
    let causes: Vec<&str> = timeline.history.iter().map(|h| &*h.cause).collect();
    assert_eq!(
        causes,
        [
            "started at created",
            "paused: pending",
            "paused: agreed_with_customer",
            "resumed"
        ]
    );
}

#[test]
fn leaving_solved_reopens_the_resolution_and_the_clock_runs_on() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "normal", "question"),
        status(2, "11:00", "solved"),
        status(3, "09:00", "open"),
    ]);
    let r = evaluate(&p, events.clone(), &at(2, "12:00")).expect("evaluates");
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Met);
    // The cause explains the deadline, which the start set.
    assert_eq!(res.cause.as_deref(), Some("started at created"));
    let r = evaluate(&p, events, &at(3, "10:00")).expect("evaluates");
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Running);
    // 3 working days = 24 h; 2 h worked on Monday; 22 h from Tuesday 09:00:
    // Tuesday 8, Wednesday 8, Thursday 6 -> Thursday 15:00.
    assert_eq!(text(res.deadline), at(5, "15:00"));
    assert_eq!(res.worked_seconds, 3 * 3600);
}

#[test]
fn an_unknown_status_is_an_error_naming_the_known_ones() {
    let p = helpdesk();
    let err = evaluate(
        &p,
        json!([
            created(2, "09:00", "normal", "question"),
            status(2, "10:00", "waiting")
        ]),
        &at(2, "12:00"),
    )
    .expect_err("unknown status");
    let msg = err.to_string();
    assert!(msg.contains("unknown status \"waiting\""), "{msg}");
    assert!(msg.contains("\"pending\""), "{msg}");
}

// ----- periodic update ----------------------------------------------------

#[test]
fn a_periodic_update_is_due_every_two_working_hours_until_solved() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "urgent", "incident"),
        ev(2, "10:30", "agent_replied"),
        // Nothing until 12:30: the second cycle is breached; it waits for
        // the next update (or the end), it does not multiply.
        status(2, "14:00", "solved"),
    ]);
    let r = evaluate(&p, events.clone(), &at(2, "13:00")).expect("evaluates");
    let upd = metric(&r, "periodic_update");
    assert_eq!(upd.state, MetricState::Breached);
    assert_eq!(text(upd.started_at), at(2, "10:30"));
    assert_eq!(text(upd.deadline), at(2, "12:30"));
    let r = evaluate(&p, events, &at(2, "15:00")).expect("evaluates");
    let upd = metric(&r, "periodic_update");
    assert_eq!(upd.state, MetricState::Breached);
    assert_eq!(text(upd.stopped_at), at(2, "14:00"));
    let cycles = upd.cycles.as_ref().expect("cycles");
    assert_eq!((cycles.total, cycles.met, cycles.breached), (2, 1, 1));
    assert_eq!(text(cycles.items[0].stopped_at), at(2, "10:30"));
}

#[test]
fn a_periodic_update_pauses_while_pending() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "urgent", "incident"),
        status(2, "10:00", "pending"),
        status(2, "15:00", "open"),
    ]);
    let r = evaluate(&p, events, &at(2, "15:30")).expect("evaluates");
    let upd = metric(&r, "periodic_update");
    assert_eq!(upd.state, MetricState::Running);
    // 1 h before the pause, 1 h left from 15:00.
    assert_eq!(text(upd.deadline), at(2, "16:00"));
}

// ----- resets and reopenings ------------------------------------------------

fn small(metric: Value) -> Policy {
    Policy::from_value(&json!({
        "name": "small",
        "calendars": { "office": "Mon-Fri 09:00-17:00 Europe/Berlin" },
        "priorities": [ {"id": "p"} ],
        "categories": [ {"id": "c"} ],
        "events": [ {"id": "escalated"}, {"id": "agent_replied"} ],
        "metrics": [ metric ]
    }))
    .expect("small policy")
}

#[test]
fn a_reset_ends_the_cycle_and_starts_a_new_one_with_the_full_target() {
    let p = small(json!({
        "id": "resolution", "stop": "resolved", "reset_on": ["escalated"],
        "targets": { "*": { "*": "2h" } }
    }));
    let events = json!([
        { "at": at(2, "09:00"), "type": "created", "priority": "p", "category": "c" },
        ev(2, "12:00", "escalated"),
    ]);
    let r = evaluate(&p, events, &at(2, "13:00")).expect("evaluates");
    let res = metric(&r, "resolution");
    assert_eq!(res.state, MetricState::Running);
    assert_eq!(text(res.deadline), at(2, "14:00"));
    assert_eq!(res.cause.as_deref(), Some("new cycle: reset at escalated"));
    let cycles = res.cycles.as_ref().expect("a reset makes cycles");
    // The ended cycle keeps its verdict: its deadline (11:00) had passed.
    assert_eq!(cycles.items[0].state, MetricState::Breached);
    assert_eq!(text(cycles.items[0].stopped_at), at(2, "12:00"));
    assert_eq!((cycles.total, cycles.breached), (2, 1));
}

#[test]
fn a_reset_before_the_deadline_leaves_the_ended_cycle_cancelled() {
    let p = small(json!({
        "id": "resolution", "stop": "resolved", "reset_on": ["escalated"],
        "targets": { "*": { "*": "2h" } }
    }));
    let events = json!([
        { "at": at(2, "09:00"), "type": "created", "priority": "p", "category": "c" },
        ev(2, "10:00", "escalated"),
    ]);
    let r = evaluate(&p, events, &at(2, "10:30")).expect("evaluates");
    let cycles = metric(&r, "resolution").cycles.clone().expect("cycles");
    assert_eq!(cycles.items[0].state, MetricState::Cancelled);
    assert_eq!((cycles.total, cycles.met, cycles.breached), (2, 0, 0));
}

fn reopened_at(rule: &str) -> Report {
    let p = small(json!({
        "id": "resolution", "stop": "resolved", "on_reopen": rule,
        "targets": { "*": { "*": "4h" } }
    }));
    let events = json!([
        { "at": at(2, "09:00"), "type": "created", "priority": "p", "category": "c" },
        ev(2, "10:00", "resolved"),
        ev(2, "12:00", "reopened"),
    ]);
    evaluate(&p, events, &at(2, "13:00")).expect("evaluates")
}

#[test]
fn a_reopening_continues_restarts_or_starts_a_new_cycle_as_the_metric_says() {
    // continue: 1 h worked before the resolution, 3 h left from 12:00.
    let r = reopened_at("continue");
    let res = metric(&r, "resolution");
    assert_eq!(text(res.deadline), at(2, "15:00"));
    assert!(res.cycles.is_none());
    // restart: the full 4 h from 12:00; the met verdict is replaced.
    let r = reopened_at("restart");
    let res = metric(&r, "resolution");
    assert_eq!(text(res.deadline), at(2, "16:00"));
    assert_eq!(res.state, MetricState::Running);
    assert_eq!(
        res.cause.as_deref(),
        Some("reopened: restarted with the full target")
    );
    // new_cycle: the first cycle keeps "met", a new one runs from 12:00.
    let r = reopened_at("new_cycle");
    let res = metric(&r, "resolution");
    assert_eq!(text(res.deadline), at(2, "16:00"));
    let cycles = res.cycles.as_ref().expect("cycles");
    assert_eq!((cycles.total, cycles.met), (2, 1));
    assert_eq!(cycles.items[0].state, MetricState::Met);
    assert_eq!(cycles.items[1].state, MetricState::Running);
}

#[test]
fn a_met_first_response_is_not_undone_by_a_reopening() {
    let p = helpdesk();
    let events = json!([
        created(2, "09:00", "high", "question"),
        ev(2, "09:30", "agent_replied"),
        ev(2, "10:00", "resolved"),
        ev(2, "11:00", "reopened"),
    ]);
    let r = evaluate(&p, events, &at(2, "16:00")).expect("evaluates");
    assert_eq!(metric(&r, "first_response").state, MetricState::Met);
    assert_eq!(metric(&r, "resolution").state, MetricState::Running);
}

#[test]
fn roles_that_cannot_take_effect_are_policy_errors() {
    let bad = |metric: Value| {
        Policy::from_value(&json!({
            "name": "bad",
            "calendars": { "office": "Mon-Fri 09:00-17:00 Europe/Berlin" },
            "priorities": [ {"id": "p"} ],
            "categories": [ {"id": "c"} ],
            "statuses": [ {"id": "s"} ],
            "events": [ {"id": "x"} ],
            "metrics": [ metric ]
        }))
        .expect_err("rejected")
        .to_string()
    };
    let t = json!({ "*": { "*": "1h" } });
    let msg = bad(
        json!({ "id": "m", "stop": "x", "pause_on": ["x"], "resume_on": ["resumed"], "targets": t }),
    );
    assert!(msg.contains("two roles"), "{msg}");
    let msg = bad(json!({ "id": "m", "stop": "resolved", "pause_on": ["x"], "targets": t }));
    assert!(msg.contains("pause_on and resume_on together"), "{msg}");
    let msg = bad(json!({ "id": "m", "stop": "resolved", "pause_in": ["t"], "targets": t }));
    assert!(msg.contains("unknown status \"t\""), "{msg}");
    let msg = bad(
        json!({ "id": "m", "stop": "resolved", "cycles": "periodic", "on_reopen": "continue", "targets": t }),
    );
    assert!(msg.contains("periodic"), "{msg}");
    let msg = bad(json!({ "id": "m", "stop": "status_changed", "targets": t }));
    assert!(msg.contains("status_changed takes no role"), "{msg}");
    let msg = bad(json!({ "id": "m", "stop": "nope", "targets": t }));
    assert!(msg.contains("unknown event type \"nope\""), "{msg}");
}

#[test]
fn a_restart_at_a_reopening_still_leaves_the_stopped_time_out_of_the_time_since_start() {
    // 1 h worked before the resolution, 2 h stopped, 1 h since the
    // reopening: 2 h since the start, as with `continue`; the timeline
    // shows the stopped stretch as stopped, not as working time.
    let p = small(json!({
        "id": "resolution", "stop": "resolved", "on_reopen": "restart",
        "targets": { "*": { "*": "4h" } }
    }));
    let events = json!([
        { "at": at(2, "09:00"), "type": "created", "priority": "p", "category": "c" },
        ev(2, "10:00", "resolved"),
        ev(2, "12:00", "reopened"),
    ]);
    let r = explain(&p, events, &at(2, "13:00"));
    let res = metric(&r, "resolution");
    assert_eq!(text(res.deadline), at(2, "16:00"));
    assert_eq!(res.worked_seconds, 3600);
    assert_eq!(res.worked_since_start_seconds, 2 * 3600);
    let stopped: Vec<(String, String)> = res
        .timeline
        .as_ref()
        .expect("explained")
        .segments
        .iter()
        .filter(|s| s.kind == sla_core::SegmentKind::Stopped)
        .map(|s| (s.start.to_rfc3339(), s.end.to_rfc3339()))
        .collect();
    assert_eq!(stopped, [(at(2, "10:00"), at(2, "12:00"))]);
}
