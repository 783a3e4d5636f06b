//! The ticket clock on hostile input: unknown event types are the event's
//! fault, calendar-time timers stay inside the supported range, and
//! explaining a ticket with many pauses gives the same figures as not.

use serde_json::{json, Value};
use sla_core::{parse_instant, Error, ErrorKind, EvaluateOptions, Policy};

fn policy(timer: &str) -> Policy {
    Policy::from_value(&json!({
        "name": "bounds",
        "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
        "priorities": [{ "id": "p" }],
        "categories": [{ "id": "c" }],
        "pause_reasons": [{ "id": "waiting" }],
        "metrics": [{ "id": "resolution", "stop": "resolved", "targets": { "*": { "*": "10 working days" } } }],
        "timers": [{ "id": "far", "start": "resolved", "duration": timer }],
    }))
    .expect("policy compiles")
}

fn created() -> Value {
    json!({ "at": "2026-03-02T10:00:00+03:00", "type": "created", "priority": "p", "category": "c" })
}

#[test]
fn an_unknown_event_type_in_a_ticket_is_an_event_error() {
    let p = policy("1h");
    let spec = serde_json::from_value(json!({ "events": [
        created(), { "at": "2026-03-02T11:00:00+03:00", "type": "escalated" },
    ] }))
    .unwrap();
    let e = p.ticket(&spec).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Event, "{e:?}");
    assert!(
        e.to_string().contains("unknown event type \"escalated\""),
        "{e}"
    );
    assert!(
        e.to_string().contains("\"created\""),
        "lists the known types: {e}"
    );
}

#[test]
fn a_calendar_time_timer_past_the_supported_range_is_a_range_error() {
    let at = parse_instant("2026-03-03T10:00:00+03:00").unwrap();
    for duration in ["calendar 1000000000000s", "calendar 100000000 days"] {
        let p = policy(duration);
        let spec = serde_json::from_value(json!({ "events": [
            created(), { "at": "2026-03-02T11:00:00+03:00", "type": "resolved" },
        ] }))
        .unwrap();
        let ticket = p.ticket(&spec).unwrap();
        let e = p.evaluate(&ticket, &at).unwrap_err();
        assert!(
            matches!(e, Error::ResultOutOfRange { .. }),
            "{duration}: {e:?}"
        );
    }
}

#[test]
fn explaining_a_ticket_with_thousands_of_pauses_gives_the_same_figures() {
    let p = policy("1h");
    let mut events = vec![created()];
    let mut t = parse_instant("2026-03-02T10:00:00+03:00")
        .unwrap()
        .timestamp();
    let iso = |t: i64| chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc3339();
    // One working minute, one paused minute: the 90 working hours of the
    // target are used up halfway through, so the deadline is reached inside
    // the run of closed pauses.
    for _ in 0..10_000 {
        t += 60;
        events.push(json!({ "at": iso(t), "type": "paused", "reason": "waiting" }));
        t += 60;
        events.push(json!({ "at": iso(t), "type": "resumed" }));
    }
    let ticket = p
        .ticket(&serde_json::from_value(json!({ "events": events })).unwrap())
        .unwrap();
    let at = parse_instant(&iso(t + 3600)).unwrap();
    let plain = p.evaluate(&ticket, &at).unwrap();
    let explained = p
        .evaluate_with(&ticket, &at, EvaluateOptions { explain: true })
        .unwrap();
    let (a, b) = (&plain.metrics[0], &explained.metrics[0]);
    assert_eq!(
        (a.state, a.deadline, a.worked_seconds),
        (b.state, b.deadline, b.worked_seconds)
    );
    let history = &b.timeline.as_ref().unwrap().history;
    assert_eq!(history.len(), 1 + 20_000);
    // Once the target is used up the deadline stays where it was reached.
    assert_eq!(history.last().unwrap().deadline, a.deadline);
}

#[test]
fn instants_with_fractions_count_as_the_next_whole_second() {
    let p = Policy::from_value(&json!({
        "name": "fractions",
        "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
        "priorities": [{ "id": "p" }],
        "categories": [{ "id": "c" }],
        "metrics": [{ "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } }],
    }))
    .unwrap();
    let report = |events: Value, at: &str| {
        let t = p
            .ticket(&serde_json::from_value(json!({ "events": events })).unwrap())
            .unwrap();
        p.evaluate(&t, &parse_instant(at).unwrap()).unwrap()
    };
    let created = json!({ "at": "2026-03-02T17:00:00+03:00", "type": "created", "priority": "p", "category": "c" });
    // Half a second after the 18:00 deadline is after it.
    let r = report(json!([created]), "2026-03-02T18:00:00.5+03:00");
    assert_eq!(r.metrics[0].state, sla_core::MetricState::Breached);
    let r = report(
        json!([created, { "at": "2026-03-02T18:00:00.5+03:00", "type": "responded" }]),
        "2026-03-02T18:30:00+03:00",
    );
    assert_eq!(r.metrics[0].state, sla_core::MetricState::Breached);
    // A start with a fraction starts at the next whole second.
    let late = json!({ "at": "2026-03-02T17:00:00.25+03:00", "type": "created", "priority": "p", "category": "c" });
    let r = report(json!([late]), "2026-03-02T17:30:00+03:00");
    assert_eq!(
        r.metrics[0].deadline.unwrap().to_rfc3339(),
        "2026-03-03T09:00:01+03:00"
    );
}

#[test]
fn instants_outside_the_supported_range_are_range_errors_even_where_no_calendar_is_read() {
    let p = policy("1h");
    let spec = serde_json::from_value(json!({ "events": [created()] })).unwrap();
    let ticket = p.ticket(&spec).unwrap();
    let e = p
        .evaluate(
            &ticket,
            &parse_instant("4602-06-30T07:05:00+03:00").unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Range, "{e:?}");
    let spec = serde_json::from_value(json!({ "events": [
        { "at": "1850-03-02T10:00:00+03:00", "type": "created", "priority": "p", "category": "c" },
    ] }))
    .unwrap();
    let e = p.ticket(&spec).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Range, "{e:?}");
}
