//! R3 as its text reads, told as stories: the consent request (7.3.4), the
//! end of the Nth working day under Civil Code art. 191, a desk that keeps a
//! full day before holidays, what a missing target cell means, and what a
//! report says while a clock is paused. Instants are worked out by hand on
//! the RU production calendar (2026: March 9 and May 9-11 are days off,
//! May 8 is shortened to 17:00).

use serde_json::{json, Value};
use sla_core::{
    parse_instant, Calendar, Error, MetricReport, MetricState, Policy, Report, TimerReport,
    TimerState, WorkingDaysMeaning,
};

const R3: &str = include_str!("../examples/policies/r3_budget_system.toml");

fn r3() -> Policy {
    Policy::from_toml(R3).expect("R3 compiles")
}

fn evaluate(policy: &Policy, events: Value, at: &str) -> Result<Report, Error> {
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
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

fn consent(report: &Report) -> &TimerReport {
    report
        .timers
        .iter()
        .find(|t| t.timer == "consent")
        .unwrap_or_else(|| panic!("no consent timer in {report:?}"))
}

fn text(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map(|d| d.to_rfc3339()).unwrap_or_default()
}

fn created(at: &str, priority: &str, category: &str) -> Value {
    json!({ "at": at, "type": "created", "priority": priority, "category": category })
}

// ----- consent (R3 7.3.4) ------------------------------------------------

#[test]
fn consent_asked_on_a_friday_afternoon_near_the_deadline_is_due_three_working_hours_before_it() {
    let p = r3();
    // High incident, 3 working days = 27 h from Tue 16:00: Tue 2 + Wed 9 +
    // Thu 9 + Fri 7 -> Friday 16:00.
    let mut events = vec![
        created("2026-03-10T16:00:00+03:00", "high", "incident"),
        json!({ "at": "2026-03-13T11:00:00+03:00", "type": "consent_requested", "priority": "medium" }),
    ];
    // +1 working day from Fri 11:00 is Mon 11:00; 3 working hours before
    // the deadline in force is Fri 13:00: the earlier wins.
    let r = evaluate(&p, json!(events), "2026-03-13T12:00:00+03:00").unwrap();
    assert_eq!(
        text(metric(&r, "resolution").deadline),
        "2026-03-13T16:00:00+03:00"
    );
    let c = consent(&r);
    assert_eq!(c.state, TimerState::Running);
    assert_eq!(text(c.started_at), "2026-03-13T11:00:00+03:00");
    assert_eq!(text(c.due), "2026-03-13T13:00:00+03:00");
    // Asking does not change the priority: the change comes later.
    assert_eq!(r.priority, "high");
    let r = evaluate(&p, json!(events), "2026-03-13T13:00:00+03:00").unwrap();
    assert_eq!(consent(&r).state, TimerState::Due);

    // Silence is consent: the downgrade comes at 14:00 and keeps the worked
    // time (medium = 72 h from Tue 16:00 -> Fri March 20, 16:00).
    events.push(json!({ "at": "2026-03-13T14:00:00+03:00", "type": "priority_changed", "priority": "medium" }));
    let r = evaluate(&p, json!(events), "2026-03-13T15:00:00+03:00").unwrap();
    assert_eq!(r.priority, "medium");
    assert_eq!(
        text(metric(&r, "resolution").deadline),
        "2026-03-20T16:00:00+03:00"
    );
    let c = consent(&r);
    assert_eq!(
        c.state,
        TimerState::Due,
        "the change came after the due instant"
    );
    assert_eq!(text(c.due), "2026-03-13T13:00:00+03:00");
}

#[test]
fn consent_asked_less_than_three_working_hours_before_the_deadline_is_due_at_once() {
    let p = r3();
    let events = json!([
        created("2026-03-10T16:00:00+03:00", "high", "incident"),
        { "at": "2026-03-13T14:00:00+03:00", "type": "consent_requested", "priority": "medium" },
    ]);
    let r = evaluate(&p, events, "2026-03-13T14:00:00+03:00").unwrap();
    let c = consent(&r);
    assert_eq!(text(c.due), "2026-03-13T14:00:00+03:00");
    assert_eq!(c.state, TimerState::Due);
}

#[test]
fn consent_to_a_type_change_asked_on_friday_evening_runs_over_the_weekend_and_the_holiday() {
    let p = r3();
    // Medium incident from Mon March 2 10:00: 72 h end on Fri March 13 10:00
    // (March 9 is a day off).
    let events = vec![
        created("2026-03-02T10:00:00+03:00", "medium", "incident"),
        json!({ "at": "2026-03-06T17:00:00+03:00", "type": "consent_requested", "category": "consultation" }),
    ];
    // +1 working day (9 h): Fri 17-18, then Mon 9 is off, Tue 09:00 + 8 h.
    let r = evaluate(&p, json!(events), "2026-03-09T12:00:00+03:00").unwrap();
    let c = consent(&r);
    assert_eq!(c.state, TimerState::Running);
    assert_eq!(text(c.due), "2026-03-10T17:00:00+03:00");
    assert_eq!(r.category, "incident");

    // The requester refuses on Tuesday morning: the timer ends, nothing changes.
    let mut refused = events.clone();
    refused.push(json!({ "at": "2026-03-10T10:00:00+03:00", "type": "consent_answered" }));
    let r = evaluate(&p, json!(refused), "2026-03-10T18:00:00+03:00").unwrap();
    assert_eq!(consent(&r).state, TimerState::Cancelled);
    assert_eq!(r.category, "incident");
    assert_eq!(
        text(metric(&r, "resolution").deadline),
        "2026-03-13T10:00:00+03:00"
    );

    // Or agrees: the category change ends the timer and applies its rule.
    let mut agreed = events;
    agreed.push(json!({ "at": "2026-03-10T10:00:00+03:00", "type": "category_changed", "category": "consultation" }));
    let r = evaluate(&p, json!(agreed), "2026-03-10T18:00:00+03:00").unwrap();
    assert_eq!(consent(&r).state, TimerState::Cancelled);
    assert_eq!(r.category, "consultation");
}

#[test]
fn consent_requests_are_checked_like_the_changes_they_propose() {
    let p = r3();
    let ask = |extra: Value| {
        let mut e = json!({ "at": "2026-03-02T11:00:00+03:00", "type": "consent_requested" });
        for (k, v) in extra.as_object().unwrap() {
            e[k] = v.clone();
        }
        evaluate(
            &p,
            json!([
                created("2026-03-02T10:00:00+03:00", "medium", "incident"),
                e
            ]),
            "2026-03-02T12:00:00+03:00",
        )
    };
    let e = ask(json!({})).unwrap_err();
    assert!(
        e.to_string()
            .contains("proposed \"priority\" or \"category\""),
        "{e}"
    );
    let e = ask(json!({ "category": "consultation", "priority": "highest" })).unwrap_err();
    assert!(matches!(e, Error::ForbiddenPair { .. }), "{e}");
    let e = ask(json!({ "priority": "urgent" })).unwrap_err();
    assert!(matches!(e, Error::Unknown { .. }), "{e}");
    let answered_alone = evaluate(
        &p,
        json!([
            created("2026-03-02T10:00:00+03:00", "medium", "incident"),
            { "at": "2026-03-02T11:00:00+03:00", "type": "consent_answered" },
        ]),
        "2026-03-02T12:00:00+03:00",
    )
    .unwrap_err();
    assert!(
        answered_alone.to_string().contains("no consent request"),
        "{answered_alone}"
    );
    // A policy without a consent rule rejects the request.
    let no_rule = Policy::from_toml(&R3.replace("[consent]", "[unused_consent]"));
    assert!(no_rule.is_err(), "unknown sections are errors");
    let without: String = R3
        .lines()
        .filter(|l| {
            !l.starts_with("[consent]")
                && !l.starts_with("metric = \"resolution\"")
                && !l.starts_with("within =")
                && !l.starts_with("before_deadline =")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let p = Policy::from_toml(&without).unwrap();
    let spec = serde_json::from_value(json!({ "events": [
        created("2026-03-02T10:00:00+03:00", "medium", "incident"),
        { "at": "2026-03-02T11:00:00+03:00", "type": "consent_requested", "priority": "low" },
    ] }))
    .unwrap();
    let e = p.ticket(&spec).unwrap_err();
    assert!(e.to_string().contains("no consent rule"), "{e}");
}

// ----- the end of the Nth working day (Civil Code art. 191) ----------------

#[test]
fn a_term_in_days_starts_on_the_day_after_the_event_whatever_the_hour() {
    let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru").unwrap();
    let day = |t: &str, meaning| {
        cal.add_working_days(&parse_instant(t).unwrap(), 1, meaning)
            .unwrap()
            .to_rfc3339()
    };
    // (created, art. 191, counted from the first working instant)
    let cases = [
        // Saturday: day 1 is Monday.
        (
            "2026-03-14T12:00:00+03:00",
            "2026-03-16T18:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
        ),
        // Friday after closing: day 1 is Monday.
        (
            "2026-03-13T18:01:00+03:00",
            "2026-03-16T18:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
        ),
        // Monday before opening: day 1 is Tuesday either way.
        (
            "2026-03-16T08:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
        ),
        // Monday after closing: day 1 is Tuesday.
        (
            "2026-03-16T19:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
            "2026-03-18T18:00:00+03:00",
        ),
        // Within working hours both readings agree.
        (
            "2026-03-16T11:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
            "2026-03-17T18:00:00+03:00",
        ),
    ];
    for (created, art191, opening) in cases {
        assert_eq!(
            day(created, WorkingDaysMeaning::EndOfDay),
            art191,
            "{created}"
        );
        assert_eq!(
            day(created, WorkingDaysMeaning::EndOfDayFromOpening),
            opening,
            "{created}"
        );
    }
}

#[test]
fn an_r3_ticket_created_on_saturday_with_one_working_day_is_due_on_monday_at_closing() {
    let p = Policy::from_toml(&R3.replace(
        "working_days_meaning = \"length\"",
        "working_days_meaning = \"end_of_day\"",
    ))
    .unwrap();
    let r = evaluate(
        &p,
        json!([created("2026-03-14T12:00:00+03:00", "highest", "incident")]),
        "2026-03-14T13:00:00+03:00",
    )
    .unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(text(m.deadline), "2026-03-16T18:00:00+03:00");
    assert_eq!(m.remaining_seconds, Some(9 * 3600));

    let p = Policy::from_toml(&R3.replace(
        "working_days_meaning = \"length\"",
        "working_days_meaning = \"end_of_day_from_opening\"",
    ))
    .unwrap();
    let r = evaluate(
        &p,
        json!([created("2026-03-14T12:00:00+03:00", "highest", "incident")]),
        "2026-03-14T13:00:00+03:00",
    )
    .unwrap();
    assert_eq!(
        text(metric(&r, "resolution").deadline),
        "2026-03-17T18:00:00+03:00"
    );
}

// ----- shortened days --------------------------------------------------------

#[test]
fn a_desk_that_keeps_a_fixed_nine_to_six_day_before_holidays() {
    let cal = |extra: Value| {
        let mut spec = json!({
            "timezone": "Europe/Moscow",
            "week": { "mon-fri": ["09:00-18:00"] },
            "production_calendars": ["ru"],
        });
        for (k, v) in extra.as_object().unwrap() {
            spec[k] = v.clone();
        }
        Calendar::from_json(&spec.to_string()).unwrap()
    };
    let t = parse_instant("2026-05-08T16:30:00+03:00").unwrap(); // shortened Friday
    let add4 = |c: &Calendar| c.add(&t, chrono::TimeDelta::hours(4)).unwrap().to_rfc3339();
    // The data's own cut: closes at 17:00, then May 9-11 are off.
    assert_eq!(add4(&cal(json!({}))), "2026-05-12T12:30:00+03:00");
    // A full day: 1.5 h on Friday, 2.5 h on Tuesday.
    assert_eq!(
        add4(&cal(json!({ "shortened_minutes": 0 }))),
        "2026-05-12T11:30:00+03:00"
    );
    // Half an hour cut: 1 h on Friday.
    assert_eq!(
        add4(&cal(json!({ "shortened_minutes": 30 }))),
        "2026-05-12T12:00:00+03:00"
    );
    // The same through a policy's calendar.
    let p = Policy::from_value(&json!({
        "name": "fixed day",
        "calendars": { "office": {
            "timezone": "Europe/Moscow", "week": { "mon-fri": ["09:00-18:00"] },
            "production_calendars": ["ru"], "shortened_minutes": 0 } },
        "priorities": [{ "id": "p" }],
        "categories": [{ "id": "c" }],
        "metrics": [{ "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } }],
    }))
    .unwrap();
    let r = evaluate(
        &p,
        json!([created("2026-05-08T16:30:00+03:00", "p", "c")]),
        "2026-05-08T17:00:00+03:00",
    )
    .unwrap();
    assert_eq!(
        text(metric(&r, "reaction").deadline),
        "2026-05-12T11:30:00+03:00"
    );
}

// ----- target cells ------------------------------------------------------

fn two_priority_policy(targets: Value) -> Result<Policy, Error> {
    Policy::from_value(&json!({
        "name": "cells",
        "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
        "priorities": [{ "id": "high" }, { "id": "low" }],
        "categories": [{ "id": "incident" }],
        "metrics": [
            { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } },
            { "id": "resolution", "stop": "resolved", "targets": targets },
        ],
    }))
}

#[test]
fn a_cell_the_table_leaves_out_is_an_error_when_the_policy_loads() {
    let e = two_priority_policy(json!({ "incident": { "high": "4h" } })).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::InvalidPolicy(_)), "{e:?}");
    assert!(
        msg.contains(
            r#"metric "resolution" has no target for category "incident", priority "low""#
        ),
        "{msg}"
    );
    assert!(msg.contains("\"not applicable\""), "{msg}");
}

#[test]
fn a_metric_marked_not_applicable_is_left_out_of_the_report() {
    let p = two_priority_policy(json!({ "incident": { "high": "4h", "low": "not applicable" } }))
        .unwrap();
    let events = |priority| json!([created("2026-03-02T10:00:00+03:00", priority, "incident")]);
    let r = evaluate(&p, events("low"), "2026-03-02T11:00:00+03:00").unwrap();
    assert_eq!(
        r.metrics
            .iter()
            .map(|m| m.metric.as_str())
            .collect::<Vec<_>>(),
        ["reaction"]
    );
    let r = evaluate(&p, events("high"), "2026-03-02T11:00:00+03:00").unwrap();
    assert_eq!(r.metrics.len(), 2);
}

#[test]
fn settings_a_cell_cannot_use_are_rejected() {
    let e = two_priority_policy(
        json!({ "*": { "*": { "duration": "4h", "working_days_meaning": "end_of_day" } } }),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("\"working_days_meaning\" does not apply"),
        "{e}"
    );
    let e = two_priority_policy(
        json!({ "*": { "*": { "duration": "not applicable", "calendar": "office" } } }),
    )
    .unwrap_err();
    assert!(e.to_string().contains("takes no options"), "{e}");
}

// ----- what a report says ---------------------------------------------------

#[test]
fn a_paused_metric_has_no_deadline_in_force_only_a_projected_one() {
    let p = r3();
    let events = vec![
        created("2026-03-02T09:00:00+03:00", "low", "incident"),
        json!({ "at": "2026-03-02T12:00:00+03:00", "type": "paused", "reason": "waiting_for_info" }),
        json!({ "at": "2026-03-03T10:00:00+03:00", "type": "priority_changed", "priority": "highest" }),
    ];
    let r = evaluate(&p, json!(events), "2026-03-03T13:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(m.state, MetricState::Paused);
    assert_eq!(m.deadline, None);
    assert_eq!(text(m.projected_deadline), "2026-03-04T13:00:00+03:00");
    // Restarted at the upgrade: nothing counts toward the new target yet,
    // but the 3 h of Monday morning were worked since the start.
    assert_eq!(m.worked_seconds, 0);
    assert_eq!(m.worked_since_start_seconds, 3 * 3600);

    let mut resumed = events;
    resumed.push(json!({ "at": "2026-03-03T14:00:00+03:00", "type": "resumed" }));
    let r = evaluate(&p, json!(resumed), "2026-03-03T15:00:00+03:00").unwrap();
    let m = metric(&r, "resolution");
    assert_eq!(m.state, MetricState::Running);
    assert_eq!(m.projected_deadline, None);
    assert_eq!(text(m.deadline), "2026-03-04T14:00:00+03:00");
    assert_eq!(m.worked_seconds, 3600);
    assert_eq!(m.worked_since_start_seconds, 4 * 3600);
}
