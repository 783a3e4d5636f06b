//! `next_change_at`, told as stories: the instant a helpdesk should wake up
//! for a ticket, and what changes in the report then. One metric, a 9-to-18
//! office in Moscow (no production calendar: 2026-03-02 is a plain Monday).

use serde_json::{json, Value};
use sla_core::{parse_instant, MetricState, Policy, Report, TimerState};

fn policy() -> Policy {
    Policy::from_value(&json!({
        "name": "desk",
        "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
        "priorities": [ {"id": "urgent"}, {"id": "high"}, {"id": "low"} ],
        "categories": [ {"id": "incident"} ],
        "pause_reasons": [ {"id": "waiting"}, {"id": "vendor"} ],
        "metrics": [ { "id": "reaction", "stop": "responded",
                       "targets": { "*": { "urgent": "calendar 2h", "high": "2h", "low": "8h" } },
                       "thresholds": [ {"id": "warning", "before": "30m"} ] } ],
        "timers": [ { "id": "chase", "start": "paused:waiting", "cancel_on": ["resumed"], "duration": "1h" } ]
    }))
    .expect("policy compiles")
}

fn report(events: Value, at: &str) -> Report {
    let p = policy();
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = p.ticket(&spec).expect("valid ticket");
    p.evaluate(&ticket, &parse_instant(at).expect("instant"))
        .expect("evaluates")
}

fn next(r: &Report) -> Option<String> {
    r.next_change_at.map(|t| t.to_rfc3339())
}

fn created(at: &str, priority: &str) -> Value {
    json!({"at": at, "type": "created", "priority": priority, "category": "incident"})
}

/// Created at noon with an 8-hour target: the deadline is Tuesday 11:00.
/// Each report names the next instant at which it will read differently,
/// and a report made then names the one after: the closing, the opening,
/// the warning, the breach, then nothing.
#[test]
fn a_running_metric_wakes_the_desk_once_per_change() {
    let events = json!([created("2026-03-02T12:00:00+03:00", "low")]);
    let steps = [
        ("2026-03-02T13:00:00+03:00", "2026-03-02T18:00:00+03:00"), // the countdown stops at the closing
        ("2026-03-02T18:00:00+03:00", "2026-03-03T09:00:00+03:00"), // and starts at the opening
        ("2026-03-03T09:00:00+03:00", "2026-03-03T10:30:00+03:00"), // the warning, 30 min before
        ("2026-03-03T10:30:00+03:00", "2026-03-03T11:00:01+03:00"), // the breach, a second after
    ];
    for (at, expected) in steps {
        assert_eq!(
            next(&report(events.clone(), at)).as_deref(),
            Some(expected),
            "at {at}"
        );
    }
    let breached = report(events, "2026-03-03T11:00:01+03:00");
    assert_eq!(breached.metrics[0].state, MetricState::Breached);
    assert_eq!(breached.next_change_at, None);
}

/// At night the countdown stands: the next change is the opening, when
/// `outside_working_hours` turns false.
#[test]
fn at_night_the_next_change_is_the_opening() {
    let events = json!([created("2026-03-06T16:00:00+03:00", "low")]); // a Friday
    let r = report(events, "2026-03-06T22:15:30+03:00");
    assert!(r.metrics[0].outside_working_hours);
    assert_eq!(next(&r).as_deref(), Some("2026-03-09T09:00:00+03:00"));
}

/// A deadline at 18:00 changes the report twice: the countdown stops at the
/// closing (`outside_working_hours`), the breach comes a second later.
#[test]
fn deadline_at_closing_changes_twice() {
    let events = json!([created("2026-03-02T10:00:00+03:00", "low")]);
    let before = report(events.clone(), "2026-03-02T17:45:00+03:00");
    assert_eq!(
        before.metrics[0]
            .deadline
            .map(|d| d.to_rfc3339())
            .as_deref(),
        Some("2026-03-02T18:00:00+03:00")
    );
    assert_eq!(next(&before).as_deref(), Some("2026-03-02T18:00:00+03:00"));
    let closing = report(events.clone(), "2026-03-02T18:00:00+03:00");
    assert_eq!(closing.metrics[0].state, MetricState::Running);
    assert!(closing.metrics[0].outside_working_hours);
    assert_eq!(next(&closing).as_deref(), Some("2026-03-02T18:00:01+03:00"));
    let after = report(events, "2026-03-02T18:00:01+03:00");
    assert_eq!(after.metrics[0].state, MetricState::Breached);
}

/// A threshold before the deadline is the first thing to change.
#[test]
fn a_threshold_ahead_of_the_deadline_comes_first() {
    let events = json!([created("2026-03-02T10:00:00+03:00", "high")]);
    let r = report(events, "2026-03-02T10:05:00+03:00");
    assert_eq!(
        r.metrics[0].deadline.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-03-02T12:00:00+03:00")
    );
    assert_eq!(next(&r).as_deref(), Some("2026-03-02T11:30:00+03:00"));
}

/// A calendar-time target counts around the clock: no closing stops it.
#[test]
fn a_calendar_time_target_runs_through_the_closing() {
    let events = json!([created("2026-03-02T17:30:00+03:00", "urgent")]);
    let r = report(events, "2026-03-02T17:45:00+03:00");
    assert_eq!(next(&r).as_deref(), Some("2026-03-02T19:00:00+03:00")); // the warning
    let r = report(
        json!([created("2026-03-02T17:30:00+03:00", "urgent")]),
        "2026-03-02T19:00:00+03:00",
    );
    assert_eq!(next(&r).as_deref(), Some("2026-03-02T19:30:01+03:00")); // the breach
}

/// A paused clock has no deadline in force: nothing changes until an event,
/// unless a timer runs (the pause for the requester starts the chase timer).
#[test]
fn a_paused_metric_waits_for_an_event_unless_a_timer_runs() {
    let vendor = json!([
        created("2026-03-02T10:00:00+03:00", "high"),
        {"at": "2026-03-02T10:30:00+03:00", "type": "paused", "reason": "vendor"}
    ]);
    let r = report(vendor, "2026-03-02T11:00:00+03:00");
    assert_eq!(r.metrics[0].state, MetricState::Paused);
    assert_eq!(r.next_change_at, None);

    let waiting = json!([
        created("2026-03-02T10:00:00+03:00", "high"),
        {"at": "2026-03-02T17:30:00+03:00", "type": "paused", "reason": "waiting"}
    ]);
    let r = report(waiting.clone(), "2026-03-02T17:40:00+03:00");
    assert_eq!(r.timers[0].state, TimerState::Running);
    // One working hour from 17:30: half an hour today, half tomorrow.
    assert_eq!(next(&r).as_deref(), Some("2026-03-03T09:30:00+03:00"));
    let due = report(waiting, "2026-03-03T09:30:00+03:00");
    assert_eq!(due.timers[0].state, TimerState::Due);
    assert_eq!(due.next_change_at, None);
}

/// A deadline set by hand is an instant: a pause does not move it, so a
/// paused metric with one reaches its warning half an hour before it (the
/// pause eats the working time the deadline allows) and breaches a second
/// after it.
#[test]
fn a_paused_metric_with_a_deadline_set_by_hand_breaches_after_it() {
    let events = json!([
        created("2026-03-02T10:00:00+03:00", "high"),
        {"at": "2026-03-02T10:10:00+03:00", "type": "deadline_set", "metric": "reaction", "deadline": "2026-03-04T15:00:00+03:00"},
        {"at": "2026-03-02T10:30:00+03:00", "type": "paused", "reason": "vendor"}
    ]);
    let r = report(events.clone(), "2026-03-02T11:00:00+03:00");
    assert_eq!(r.metrics[0].state, MetricState::Paused);
    assert_eq!(next(&r).as_deref(), Some("2026-03-04T14:30:00+03:00"));
    let warned = report(events.clone(), "2026-03-04T14:30:00+03:00");
    assert_eq!(warned.metrics[0].state, MetricState::Paused);
    assert!(warned.metrics[0].thresholds[0].reached);
    assert_eq!(next(&warned).as_deref(), Some("2026-03-04T15:00:01+03:00"));
    let after = report(events, "2026-03-04T15:00:01+03:00");
    assert_eq!(after.metrics[0].state, MetricState::Breached);
}

/// Once every metric is settled and no timer runs, nothing will change.
#[test]
fn a_met_metric_changes_nothing_more() {
    let events = json!([
        created("2026-03-02T10:00:00+03:00", "high"),
        {"at": "2026-03-02T10:40:00+03:00", "type": "responded"}
    ]);
    let r = report(events, "2026-03-02T11:00:00+03:00");
    assert_eq!(r.metrics[0].state, MetricState::Met);
    assert_eq!(r.next_change_at, None);
    assert_eq!(
        serde_json::to_value(&r).expect("serialises")["next_change_at"],
        Value::Null
    );
}

/// An evaluation instant with a fraction counts as the next whole second,
/// and `next_change_at` is strictly after that.
#[test]
fn a_fractional_instant_counts_from_the_next_whole_second() {
    let events = json!([created("2026-03-02T10:00:00+03:00", "high")]);
    let r = report(events, "2026-03-02T11:59:59.5+03:00");
    assert_eq!(r.at.to_rfc3339(), "2026-03-02T12:00:00+03:00");
    assert_eq!(next(&r).as_deref(), Some("2026-03-02T12:00:01+03:00"));
}
