//! A structured fuzzer of event sequences: the input bytes build a ticket
//! (valid or not) for the R3 policy, which is evaluated at a few instants,
//! and every report is checked against the clock's invariants. An error is
//! fine; a panic or a report that breaks an invariant is not.
#![no_main]

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use sla_core::{Error, EventKind, EventSpec, MetricState, EvaluateOptions, Policy, Report, TicketSpec};

const R3: &str = include_str!("../../examples/policies/r3_budget_system.json");
const PRIORITIES: [&str; 5] = ["highest", "high", "medium", "low", "none"];
const CATEGORIES: [&str; 6] = [
    "incident",
    "incident_workaround",
    "consultation",
    "service_nontypical",
    "change_request_federal",
    "change_request",
];
const REASONS: [&str; 6] = [
    "diagnostics",
    "external_vendor",
    "postponed",
    "force_majeure",
    "waiting_for_info",
    "waiting_for_solution",
];
const METRICS: [&str; 3] = ["resolution", "conclusion", "timeline_answer"];
const OFFSETS: [i32; 4] = [3 * 3600, 0, -5 * 3600, 5 * 3600 + 45 * 60];
/// 2025-01-01T00:00:00Z: the bundled Russian calendar covers 2024-2027.
const BASE: i64 = 1_735_689_600;

#[derive(Arbitrary, Debug)]
struct Input {
    /// Minutes after `BASE`, within two years.
    start: u32,
    /// Leave out the opening `created` event.
    no_created: bool,
    first: Fields,
    events: Vec<Event>,
    /// Evaluation instants, in minutes after the last event (negative:
    /// before it, possibly before the creation).
    at: Vec<i32>,
}

#[derive(Arbitrary, Debug)]
struct Event {
    step: Step,
    /// An index into `EventKind::ALL`; past its end, an unknown type.
    kind: u8,
    fields: Fields,
}

#[derive(Arbitrary, Debug)]
enum Step {
    Same,
    Minutes(u16),
    Hours(u8),
    Days(u8),
    /// Back in time: out of order.
    Back(u16),
}

#[derive(Arbitrary, Debug)]
struct Fields {
    /// Indices into the lists above; past their end, a name the policy lacks.
    priority: u8,
    category: u8,
    reason: u8,
    metric: u8,
    /// For `deadline_set`: minutes after the event, or none to clear it.
    deadline: Option<i16>,
    /// The offset the instant is written with.
    offset: u8,
    /// Add a field the event type does not use (an invalid event).
    extra: bool,
}

fn pick(list: &[&str], i: u8) -> String {
    list.get(usize::from(i) % (list.len() + 1))
        .map_or_else(|| "no_such_name".to_string(), |s| (*s).to_string())
}

fn text(t: i64, offset: u8) -> String {
    let zone = FixedOffset::east_opt(OFFSETS[usize::from(offset) % OFFSETS.len()]).expect("offset");
    DateTime::from_timestamp(t, 0)
        .expect("in range")
        .with_timezone(&zone)
        .to_rfc3339()
}

fn event(at: i64, kind: &str, f: &Fields) -> EventSpec {
    let mut e = EventSpec {
        at: text(at, f.offset),
        kind: kind.to_string(),
        priority: None,
        category: None,
        reason: None,
        metric: None,
        deadline: None,
        status: None,
        attributes: Default::default(),
        note: None,
    };
    let (p, c) = (pick(&PRIORITIES, f.priority), pick(&CATEGORIES, f.category));
    match kind {
        "created" | "workaround_provided" | "consent_requested" => {
            e.priority = Some(p);
            e.category = Some(c);
        }
        "priority_changed" => e.priority = Some(p),
        "category_changed" => e.category = Some(c),
        "paused" => e.reason = Some(pick(&REASONS, f.reason)),
        "deadline_set" => {
            e.metric = Some(pick(&METRICS, f.metric));
            e.deadline = f.deadline.map(|m| text(at + i64::from(m) * 60, f.offset));
        }
        _ => {}
    }
    if f.extra {
        if e.reason.is_none() {
            e.reason = Some(pick(&REASONS, f.reason));
        } else {
            e.metric = Some(pick(&METRICS, f.metric));
        }
    }
    e
}

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy::from_json(R3).expect("the R3 policy loads"))
}

fn check(report: &Report, at: i64, input: &Input) {
    if let Some(next) = report.next_change_at {
        assert!(
            next.timestamp() > at,
            "next_change_at {next} not after {at} in {input:?}"
        );
    }
    for m in &report.metrics {
        let ctx = || format!("metric {} at {at} in {input:?}: {m:?}", m.metric.as_str());
        assert!(
            !(m.deadline.is_some() && m.projected_deadline.is_some()),
            "deadline and projected_deadline: {}",
            ctx()
        );
        assert_eq!(
            m.state == MetricState::Paused,
            m.projected_deadline.is_some(),
            "paused iff projected: {}",
            ctx()
        );
        assert!(
            m.worked_since_start_seconds >= m.worked_seconds && m.worked_seconds >= 0,
            "elapsed: {}",
            ctx()
        );
        if m.state == MetricState::Running {
            if let Some(d) = m.deadline {
                assert!(d.timestamp() >= at, "running past its deadline: {}", ctx());
            }
        }
        if m.state == MetricState::Breached {
            assert!(
                m.breached_at.is_some(),
                "breached without breached_at: {}",
                ctx()
            );
        }
    }
}

fuzz_target!(|input: Input| {
    if input.events.len() > 64 || input.at.len() > 4 {
        return;
    }
    let mut t = BASE + i64::from(input.start % (2 * 365 * 24 * 60)) * 60;
    let mut events = Vec::with_capacity(input.events.len() + 1);
    if !input.no_created {
        events.push(event(t, "created", &input.first));
    }
    for e in &input.events {
        t += match e.step {
            Step::Same => 0,
            Step::Minutes(m) => i64::from(m) * 60,
            Step::Hours(h) => i64::from(h) * 3600,
            Step::Days(d) => i64::from(d) * 86_400,
            Step::Back(m) => -i64::from(m) * 60,
        };
        let kind = EventKind::ALL
            .get(usize::from(e.kind) % (EventKind::ALL.len() + 1))
            .map_or("no_such_event", |k| k.as_str());
        events.push(event(t, kind, &e.fields));
    }
    let spec = TicketSpec {
        id: None,
        calendars: Default::default(),
        events,
    };
    let policy = policy();
    let Ok(ticket) = policy.ticket(&spec) else {
        return;
    };
    let ats: Vec<i64> = if input.at.is_empty() {
        vec![t]
    } else {
        input.at.iter().map(|m| t + i64::from(*m) * 60).collect()
    };
    for at in ats {
        let instant = DateTime::from_timestamp(at, 0).expect("in range");
        let plain = policy.evaluate_with(&ticket, &instant, EvaluateOptions { explain: false });
        let explained = policy.evaluate_with(&ticket, &instant, EvaluateOptions { explain: true });
        match (&plain, &explained) {
            (Ok(a), Ok(b)) => {
                check(a, at, &input);
                check(b, at, &input);
                assert_eq!(a.metrics.len(), b.metrics.len());
                assert_eq!(
                    a.next_change_at, b.next_change_at,
                    "explain changes next_change_at at {at} in {input:?}"
                );
                for (x, y) in a.metrics.iter().zip(&b.metrics) {
                    let same = (
                        x.state,
                        x.deadline,
                        x.projected_deadline,
                        x.worked_seconds,
                        x.worked_since_start_seconds,
                    ) == (
                        y.state,
                        y.deadline,
                        y.projected_deadline,
                        y.worked_seconds,
                        y.worked_since_start_seconds,
                    );
                    assert!(
                        same,
                        "explain changes the answer at {at}: {x:?} vs {y:?} in {input:?}"
                    );
                }
            }
            // Both fail, not always on the same year first: fine.
            (Err(_), Err(_)) => {}
            // The timeline covers the calendar up to the evaluation instant,
            // which the plain answer may not need: a year the production
            // calendar lacks is then an error of the explained one only.
            (Ok(_), Err(Error::YearNotCovered { .. } | Error::OutOfSupportedRange(_))) => {}
            _ => panic!("explain changes success at {at}: {plain:?} vs {explained:?} in {input:?}"),
        }
    }
});
