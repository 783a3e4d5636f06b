//! Property laws of the ticket clock on the R3 policy (pauses, changes,
//! reopenings at random instants over two years of the RU calendar).

use proptest::prelude::*;
use serde_json::{json, Value};
use sla_core::{parse_instant, MetricState, Policy, Report};

fn r3() -> &'static Policy {
    static P: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let path = format!(
            "{}/examples/policies/r3_budget_system.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        Policy::from_toml(&std::fs::read_to_string(path).expect("policy")).expect("compiles")
    })
}

const BASE: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const PAIRS: [(&str, &str); 6] = [
    ("incident", "highest"),
    ("incident", "high"),
    ("incident", "medium"),
    ("incident", "low"),
    ("consultation", "medium"),
    ("service_nontypical", "low"),
];
const PRIORITIES: [&str; 4] = ["highest", "high", "medium", "low"];
const REASONS: [&str; 6] = [
    "diagnostics",
    "external_vendor",
    "postponed",
    "force_majeure",
    "waiting_for_info",
    "waiting_for_solution",
];

fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .expect("in range")
        .to_rfc3339()
}

/// A valid random event list for an incident (so every priority is allowed).
fn ticket() -> impl Strategy<Value = (Vec<Value>, i64)> {
    (
        0i64..300 * 86_400,
        prop::collection::vec((60i64..3 * 86_400, 0u8..6, 0usize..6), 0..12),
    )
        .prop_map(|(start, steps)| {
            let mut t = BASE + start;
            let mut events = vec![json!({"at": iso(t), "type": "created", "priority": "high", "category": "incident"})];
            let (mut paused, mut resolved) = (false, false);
            for (gap, kind, pick) in steps {
                t += gap;
                let e = match kind {
                    0 if !paused && !resolved => {
                        paused = true;
                        json!({"at": iso(t), "type": "paused", "reason": REASONS[pick]})
                    }
                    0 | 1 if paused => {
                        paused = false;
                        json!({"at": iso(t), "type": "resumed"})
                    }
                    2 => json!({"at": iso(t), "type": "priority_changed", "priority": PRIORITIES[pick % 4]}),
                    3 if !resolved => {
                        resolved = true;
                        paused = false;
                        json!({"at": iso(t), "type": "resolved"})
                    }
                    3 | 4 if resolved => {
                        resolved = false;
                        json!({"at": iso(t), "type": "reopened"})
                    }
                    _ => json!({"at": iso(t), "type": "responded"}),
                };
                events.push(e);
            }
            (events, t)
        })
}

fn report(events: &[Value], at: i64) -> Report {
    let p = r3();
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = p.ticket(&spec).expect("generated tickets are valid");
    p.evaluate(&ticket, &parse_instant(&iso(at)).expect("instant"))
        .expect("evaluates")
}

fn resolution(r: &Report) -> &sla_core::MetricReport {
    r.metrics
        .iter()
        .find(|m| m.metric == "resolution")
        .expect("resolution applies")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// A pause never makes a deadline earlier, and one covering `p` of
    /// working time before the deadline moves it by exactly `p`.
    #[test]
    fn a_pause_moves_a_running_deadline_by_the_working_time_it_covers(
        start in 0i64..300 * 86_400,
        pair in 0usize..PAIRS.len(),
        pause_at in 0i64..10 * 86_400,
        pause_len in 1i64..6 * 86_400,
        reason in 0usize..REASONS.len(),
    ) {
        let (category, priority) = PAIRS[pair];
        let t0 = BASE + start;
        let created = json!({"at": iso(t0), "type": "created", "priority": priority, "category": category});
        let (ps, pe) = (t0 + pause_at, t0 + pause_at + pause_len);
        let plain = report(std::slice::from_ref(&created), pe);
        let paused = report(&[
            created,
            json!({"at": iso(ps), "type": "paused", "reason": REASONS[reason]}),
            json!({"at": iso(pe), "type": "resumed"}),
        ], pe);
        let (d0, d1) = (resolution(&plain).deadline.expect("deadline"), resolution(&paused).deadline.expect("deadline"));
        prop_assert!(d1 >= d0, "pause made the deadline earlier: {d0} -> {d1}");
        let cal = r3().calendar("business").expect("calendar");
        if ps < d0.timestamp() {
            let covered = cal.between(&parse_instant(&iso(ps)).expect("i"), &parse_instant(&iso(pe)).expect("i")).expect("between");
            prop_assert_eq!(d1, cal.add(&d0, covered).expect("add").fixed_offset());
        } else {
            prop_assert_eq!(d1, d0);
        }
    }

    /// The report at `t` depends only on the events up to `t`: a ticket cut
    /// after any event and evaluated at that event gives the same report as
    /// the whole ticket evaluated there.
    #[test]
    fn the_report_at_an_event_ignores_the_events_after_it((events, _end) in ticket(), cut in 0usize..12) {
        let cut = cut.min(events.len() - 1);
        let at = parse_instant(events[cut]["at"].as_str().expect("at")).expect("i").timestamp();
        // Events at the same second as the cut belong to the prefix too.
        let n = events.iter().take_while(|e| parse_instant(e["at"].as_str().expect("at")).expect("i").timestamp() <= at).count();
        prop_assert_eq!(report(&events[..n], at), report(&events, at));
    }

    /// Evaluation is pure: the order of evaluation instants does not matter.
    #[test]
    fn evaluating_in_any_order_gives_the_same_reports((events, end) in ticket(), a in 0i64..20 * 86_400, b in 0i64..20 * 86_400) {
        let t0 = parse_instant(events[0]["at"].as_str().expect("at")).expect("i").timestamp();
        let (ta, tb) = (t0 + a, end + b);
        let first = (report(&events, ta), report(&events, tb));
        let second = (report(&events, tb), report(&events, ta));
        prop_assert_eq!(first.0, second.1);
        prop_assert_eq!(first.1, second.0);
    }

    /// An explaining report's history gives, at each entry, the deadline
    /// that a report at that instant gives (in force, or projected while
    /// paused): the history's incremental walk over the pauses agrees with
    /// the report's walk from the origin.
    #[test]
    fn the_explained_history_agrees_with_reports_at_its_instants((events, end) in ticket()) {
        let p = r3();
        let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
        let ticket = p.ticket(&spec).expect("generated tickets are valid");
        let at = parse_instant(&iso(end)).expect("instant");
        let explained = p.evaluate_with(&ticket, &at, sla_core::Options { explain: true }).expect("evaluates");
        let history = &resolution(&explained).timeline.as_ref().expect("timeline").history;
        prop_assert!(!history.is_empty());
        for h in history {
            let plain = report(&events, h.at.timestamp());
            let m = resolution(&plain);
            prop_assert_eq!(h.deadline, m.deadline.or(m.projected_deadline), "{} at {}", h.cause, h.at);
        }
    }

    /// Elapsed plus remaining is the target, and the state agrees with the
    /// deadline: running means `at` is not past it.
    #[test]
    fn elapsed_and_remaining_add_up_to_the_target((events, end) in ticket(), extra in 0i64..10 * 86_400) {
        let r = report(&events, end + extra);
        let m = resolution(&r);
        let target_secs = match m.target.as_deref() {
            Some("1 working day") => 9 * 3600,
            Some("3 working days") => 27 * 3600,
            Some("8 working days") => 72 * 3600,
            Some("10 working days") => 90 * 3600,
            other => return Err(TestCaseError::fail(format!("unexpected target {other:?}"))),
        };
        if m.cause.as_deref() != Some("deadline set by hand") {
            prop_assert_eq!(m.elapsed_seconds + m.remaining_seconds.expect("remaining"), target_secs);
        }
        // A paused metric has no deadline in force, only a projected one.
        prop_assert_eq!(m.state == MetricState::Paused, m.deadline.is_none(), "{:?}", m);
        prop_assert_eq!(m.deadline.is_none(), m.projected_deadline.is_some(), "{:?}", m);
        let deadline = m.deadline.or(m.projected_deadline).expect("deadline").timestamp();
        // Worked time since the start is never less than since the last restart.
        prop_assert!(m.elapsed_since_start_seconds >= m.elapsed_seconds, "{:?}", m);
        match m.state {
            MetricState::Running | MetricState::Paused => prop_assert!(end + extra <= deadline),
            MetricState::Breached => prop_assert!(m.breached_at.is_some()),
            MetricState::Met => prop_assert!(m.stopped_at.expect("stopped").timestamp() <= deadline),
            s => return Err(TestCaseError::fail(format!("unexpected state {s:?}"))),
        }
    }
}
