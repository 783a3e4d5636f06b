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
        let explained = p.evaluate_with(&ticket, &at, sla_core::EvaluateOptions { explain: true }).expect("evaluates");
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
            prop_assert_eq!(m.worked_seconds + m.remaining_seconds.expect("remaining"), target_secs);
        }
        // A paused metric has no deadline in force, only a projected one.
        prop_assert_eq!(m.state == MetricState::Paused, m.deadline.is_none(), "{:?}", m);
        prop_assert_eq!(m.deadline.is_none(), m.projected_deadline.is_some(), "{:?}", m);
        let deadline = m.deadline.or(m.projected_deadline).expect("deadline").timestamp();
        // Worked time since the start is never less than since the last restart.
        prop_assert!(m.worked_since_start_seconds >= m.worked_seconds, "{:?}", m);
        match m.state {
            MetricState::Running | MetricState::Paused => prop_assert!(end + extra <= deadline),
            MetricState::Breached => prop_assert!(m.breached_at.is_some()),
            MetricState::Met => prop_assert!(m.stopped_at.expect("stopped").timestamp() <= deadline),
            s => return Err(TestCaseError::fail(format!("unexpected state {s:?}"))),
        }
    }
}

// ----- next_change_at -------------------------------------------------------

/// A report, or the error: later instants may fall outside the years the
/// production calendar covers.
fn try_report(policy: &Policy, events: &[Value], at: i64) -> sla_core::Result<Report> {
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = policy.ticket(&spec).expect("generated tickets are valid");
    policy.evaluate(&ticket, &parse_instant(&iso(at)).expect("instant"))
}

/// What `next_change_at` promises to keep: the report less the evaluation
/// instant itself, the figures that move every second (elapsed, remaining,
/// percent), the timeline, and the projections of a metric whose clock a
/// pause stops (its projected deadline and its thresholds' instants).
/// Everything else stays in, so a field that moved unannounced would fail.
fn output(r: &Report) -> Value {
    let mut v = serde_json::to_value(r).expect("report serialises");
    let paused = r.status == sla_core::TicketStatus::Paused;
    let o = v.as_object_mut().expect("object");
    o.remove("at");
    o.remove("next_change_at");
    for m in o["metrics"].as_array_mut().expect("metrics") {
        let m = m.as_object_mut().expect("metric");
        for k in [
            "worked_seconds",
            "worked_since_start_seconds",
            "remaining_seconds",
            "percent_used",
            "projected_deadline",
            "timeline",
        ] {
            m.remove(k);
        }
        // The generated policies' pause reasons stop every metric.
        let stopped = m["state"] == "paused"
            || (paused && m["state"] == "breached" && m["stopped_at"].is_null());
        if stopped {
            for th in m["thresholds"].as_array_mut().expect("thresholds") {
                th.as_object_mut().expect("threshold").remove("at");
            }
        }
        // The current cycle repeats the metric's own figures.
        if let Some(items) = m.get_mut("cycles").and_then(|c| c.get_mut("items")) {
            for c in items.as_array_mut().expect("cycle items") {
                let c = c.as_object_mut().expect("cycle");
                c.remove("worked_seconds");
                if stopped && c["stopped_at"].is_null() {
                    for th in c["thresholds"].as_array_mut().expect("thresholds") {
                        th.as_object_mut().expect("threshold").remove("at");
                    }
                }
            }
        }
    }
    v
}

/// The bundled helpdesk policy: statuses that pause and stop, declared
/// reply events, repeated and periodic cycles.
fn helpdesk() -> &'static Policy {
    static P: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let path = format!(
            "{}/examples/policies/helpdesk.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        Policy::from_toml(&std::fs::read_to_string(path).expect("helpdesk.toml")).expect("compiles")
    })
}

/// Random helpdesk histories: status changes in any order, customer and
/// agent replies, explicit pauses, resolutions, reopenings, priority
/// changes, merges; the evaluation instant anywhere up to a week after.
fn helpdesk_ticket() -> impl Strategy<Value = (Vec<Value>, i64)> {
    const STATUSES: [&str; 6] = ["new", "open", "pending", "on_hold", "solved", "closed"];
    const PRIOS: [&str; 3] = ["urgent", "high", "normal"];
    (
        0i64..300 * 86_400,
        0usize..3,
        0usize..2,
        prop::collection::vec((1i64..86_400, 0u8..10, 0usize..6), 0..16),
        0u64..u64::MAX,
    )
        .prop_map(|(start, p0, c0, steps, pick)| {
            let mut t = BASE + start;
            let t0 = t;
            let mut events = vec![json!({"at": iso(t), "type": "created", "priority": PRIOS[p0],
                "category": (["question", "incident"][c0]), "status": "new"})];
            let (mut paused, mut resolved) = (false, false);
            for (gap, kind, pick) in steps {
                t += gap;
                let e = match kind {
                    0 | 1 => json!({"at": iso(t), "type": "status_changed", "status": STATUSES[pick]}),
                    2 => json!({"at": iso(t), "type": "customer_replied", "attributes": {"channel": "email"}}),
                    3 => json!({"at": iso(t), "type": "agent_replied"}),
                    4 if !paused && !resolved => {
                        paused = true;
                        json!({"at": iso(t), "type": "paused", "reason": "agreed_with_customer"})
                    }
                    4 if paused => {
                        paused = false;
                        json!({"at": iso(t), "type": "resumed"})
                    }
                    5 if !resolved => {
                        (resolved, paused) = (true, false);
                        json!({"at": iso(t), "type": "resolved"})
                    }
                    5 | 6 if resolved => {
                        resolved = false;
                        json!({"at": iso(t), "type": "reopened"})
                    }
                    7 => json!({"at": iso(t), "type": "priority_changed", "priority": PRIOS[pick % 3]}),
                    8 if pick == 0 => json!({"at": iso(t), "type": "merged"}),
                    _ => json!({"at": iso(t), "type": "customer_replied"}),
                };
                events.push(e);
            }
            let span = t - t0 + 7 * 86_400;
            (events, t0 + (pick % span as u64) as i64)
        })
}

/// The law: the ticket cut to the events at or before `at` and evaluated
/// at `at` reads the same (see [`output`]) at every instant strictly
/// between `at` and `next_change_at`, and differently at `next_change_at`
/// itself; with no next change, the same an hour, a month and two years
/// later (where a report can be made there).
fn next_change_law(
    policy: &Policy,
    events: &[Value],
    at: i64,
    pick: u64,
) -> Result<(), TestCaseError> {
    let n = events
        .iter()
        .take_while(|e| {
            parse_instant(e["at"].as_str().expect("at"))
                .expect("i")
                .timestamp()
                <= at
        })
        .count();
    let events = &events[..n];
    let r = try_report(policy, events, at).expect("evaluates at `at`");
    let out = output(&r);
    let same = |t: i64| -> Result<(), TestCaseError> {
        match try_report(policy, events, t) {
            Ok(later) => {
                prop_assert_eq!(
                    &output(&later),
                    &out,
                    "changed at {} (next_change_at {:?}, at {})",
                    iso(t),
                    r.next_change_at,
                    iso(at)
                );
                Ok(())
            }
            Err(sla_core::Error::YearNotCovered { .. }) => Ok(()),
            Err(e) => Err(TestCaseError::fail(format!("no report at {}: {e}", iso(t)))),
        }
    };
    match r.next_change_at {
        Some(next) => {
            let nt = next.timestamp();
            prop_assert!(nt > at, "next_change_at {} not after at {}", next, iso(at));
            if nt - at > 1 {
                same(at + 1)?;
                same(nt - 1)?;
                same(at + 1 + (pick % (nt - at - 1) as u64) as i64)?;
            }
            let then = try_report(policy, events, nt).expect("evaluates at next_change_at");
            prop_assert_ne!(
                output(&then),
                out,
                "nothing changed at next_change_at {} (at {})",
                next,
                iso(at)
            );
            // The same offset style as `at`: the default calendar's there.
            prop_assert_eq!(next.to_rfc3339(), then.at.to_rfc3339());
        }
        None => {
            for later in [1, 3_600, 30 * 86_400, 2 * 365 * 86_400] {
                if at + later < 4_102_444_800 {
                    same(at + later)?;
                }
            }
        }
    }
    Ok(())
}

/// A richer R3 ticket than [`ticket`]: also workarounds (one cell is "by
/// agreement"), deadlines set and withdrawn by hand, consent requests and
/// answers, closing; and an evaluation instant anywhere from the creation
/// to a month past the last event.
fn rich_ticket() -> impl Strategy<Value = (Vec<Value>, i64)> {
    (
        0i64..300 * 86_400,
        0usize..4,
        prop::collection::vec((1i64..2 * 86_400, 0u8..12, 0usize..6, -3 * 86_400i64..10 * 86_400), 0..14),
        0u64..u64::MAX,
    )
        .prop_map(|(start, p0, steps, pick)| {
            let mut t = BASE + start;
            let t0 = t;
            let mut events = vec![json!({"at": iso(t), "type": "created", "priority": PRIORITIES[p0], "category": "incident"})];
            let (mut paused, mut resolved, mut consent, mut workaround) = (false, false, false, false);
            for (gap, kind, pick, offset) in steps {
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
                    2 => {
                        consent = false;
                        json!({"at": iso(t), "type": "priority_changed", "priority": PRIORITIES[pick % 4]})
                    }
                    3 if !resolved => {
                        (resolved, paused) = (true, false);
                        json!({"at": iso(t), "type": "resolved"})
                    }
                    3 | 4 if resolved => {
                        resolved = false;
                        json!({"at": iso(t), "type": "reopened"})
                    }
                    5 if !workaround => {
                        (workaround, consent) = (true, false);
                        json!({"at": iso(t), "type": "workaround_provided"})
                    }
                    6 => json!({"at": iso(t), "type": "deadline_set", "metric": "resolution", "deadline": iso(t + offset)}),
                    7 => json!({"at": iso(t), "type": "deadline_set", "metric": "resolution", "deadline": null}),
                    8 if !consent => {
                        consent = true;
                        json!({"at": iso(t), "type": "consent_requested", "priority": PRIORITIES[pick % 4]})
                    }
                    8 | 9 if consent => {
                        consent = false;
                        json!({"at": iso(t), "type": "consent_answered"})
                    }
                    10 if pick == 0 => json!({"at": iso(t), "type": "closed"}),
                    _ => json!({"at": iso(t), "type": "responded"}),
                };
                let closed = e["type"] == "closed";
                events.push(e);
                if closed {
                    break;
                }
            }
            let span = t - t0 + 30 * 86_400;
            (events, t0 + (pick % span as u64) as i64)
        })
}

/// A policy with every kind of change: a two-period day in a zone with
/// daylight saving time, a 24×7 calendar, calendar-time targets, thresholds
/// by percent and before the deadline, a pause reason that stops one metric
/// only, timers in working and in calendar time.
fn shifts() -> &'static Policy {
    static P: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        Policy::from_value(&json!({
            "name": "shifts",
            "default_calendar": "office",
            "calendars": {
                "office": "Mon-Fri 08:00-12:00,13:00-17:00 Sat 10:00-12:00 Europe/Berlin",
                "always": "24x7 Europe/Berlin"
            },
            "priorities": [ {"id": "high"}, {"id": "low"} ],
            "categories": [ {"id": "incident"} ],
            "pause_reasons": [
                {"id": "customer"},
                {"id": "vendor", "stops": ["resolution"]}
            ],
            "metrics": [
                { "id": "reaction", "stop": "responded",
                  "targets": { "*": { "high": "calendar 2h", "low": "3h" } },
                  "thresholds": [ {"id": "warning", "before": "30m"} ] },
                { "id": "resolution", "stop": "resolved",
                  "targets": { "*": { "high": "1 working day", "low": { "duration": "20h", "calendar": "always" } } },
                  "thresholds": [ {"id": "half", "percent": 50}, {"id": "late", "before": "2h"} ] }
            ],
            "timers": [
                { "id": "chase", "start": "paused:customer", "cancel_on": ["resumed"], "duration": "4h" },
                { "id": "close", "start": "resolved", "cancel_on": ["reopened"], "duration": "calendar 2 days" }
            ]
        }))
        .expect("compiles")
    })
}

/// Random tickets for [`shifts`], around the 2026 daylight-saving changes.
fn shifts_ticket() -> impl Strategy<Value = (Vec<Value>, i64)> {
    (
        0i64..300 * 86_400,
        0usize..2,
        prop::collection::vec((1i64..86_400, 0u8..8, 0usize..2, -86_400i64..4 * 86_400), 0..10),
        0u64..u64::MAX,
    )
        .prop_map(|(start, p0, steps, pick)| {
            let mut t = BASE + start;
            let t0 = t;
            let prio = ["high", "low"];
            let mut events = vec![json!({"at": iso(t), "type": "created", "priority": prio[p0], "category": "incident"})];
            let (mut paused, mut resolved) = (false, false);
            for (gap, kind, pick, offset) in steps {
                t += gap;
                let e = match kind {
                    0 if !paused && !resolved => {
                        paused = true;
                        json!({"at": iso(t), "type": "paused", "reason": (["customer", "vendor"][pick % 2])})
                    }
                    0 | 1 if paused => {
                        paused = false;
                        json!({"at": iso(t), "type": "resumed"})
                    }
                    2 => json!({"at": iso(t), "type": "priority_changed", "priority": prio[pick]}),
                    3 if !resolved => {
                        (resolved, paused) = (true, false);
                        json!({"at": iso(t), "type": "resolved"})
                    }
                    3 | 4 if resolved => {
                        resolved = false;
                        json!({"at": iso(t), "type": "reopened"})
                    }
                    5 => json!({"at": iso(t), "type": "deadline_set", "metric": (["reaction", "resolution"][pick % 2]), "deadline": iso(t + offset)}),
                    _ => json!({"at": iso(t), "type": "responded"}),
                };
                events.push(e);
            }
            let span = t - t0 + 5 * 86_400;
            (events, t0 + (pick % span as u64) as i64)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// `next_change_at` is exact on the R3 tickets of the other laws.
    #[test]
    fn nothing_changes_before_next_change_at_and_something_does_at_it((events, end) in ticket(), back in 0i64..20 * 86_400, extra in 0i64..20 * 86_400, pick in 0u64..u64::MAX) {
        let t0 = parse_instant(events[0]["at"].as_str().expect("at")).expect("i").timestamp();
        let at = (end - back).max(t0) + extra % (back + 1);
        next_change_law(r3(), &events, at, pick)?;
    }

    /// ... and with workarounds, deadlines set by hand, consent requests.
    #[test]
    fn next_change_at_is_exact_with_manual_deadlines_and_consent((events, at) in rich_ticket(), pick in 0u64..u64::MAX) {
        next_change_law(r3(), &events, at, pick)?;
    }

    /// ... and on a two-period day with daylight saving time, 24×7 and
    /// calendar-time targets, thresholds before the deadline, timers.
    #[test]
    fn next_change_at_is_exact_on_shifts_and_around_the_clock((events, at) in shifts_ticket(), pick in 0u64..u64::MAX) {
        next_change_law(shifts(), &events, at, pick)?;
    }

    /// ... and on a helpdesk's own history: statuses that pause and stop,
    /// declared reply events, repeated and periodic cycles.
    #[test]
    fn next_change_at_is_exact_on_helpdesk_histories((events, at) in helpdesk_ticket(), pick in 0u64..u64::MAX) {
        next_change_law(helpdesk(), &events, at, pick)?;
    }
}

// ----- the laws on a helpdesk's own history ---------------------------------

fn helpdesk_report(events: &[Value], at: i64, explain: bool) -> Report {
    let p = helpdesk();
    let spec = serde_json::from_value(json!({ "events": events })).expect("ticket JSON");
    let ticket = p.ticket(&spec).expect("generated tickets are valid");
    p.evaluate_with(
        &ticket,
        &parse_instant(&iso(at)).expect("instant"),
        sla_core::EvaluateOptions { explain },
    )
    .expect("evaluates")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// A status that pauses the resolution (pending) never makes its
    /// deadline earlier, and one covering `p` of working time before the
    /// deadline moves it by exactly `p`, as an explicit pause does.
    #[test]
    fn a_pausing_status_moves_the_deadline_by_the_working_time_it_covers(
        start in 0i64..300 * 86_400,
        prio in 0usize..3,
        pause_at in 0i64..6 * 86_400,
        pause_len in 1i64..4 * 86_400,
        explicit in any::<bool>(),
    ) {
        let t0 = BASE + start;
        let created = json!({"at": iso(t0), "type": "created", "priority": (["urgent", "high", "normal"][prio]),
                             "category": "question", "status": "open"});
        let (ps, pe) = (t0 + pause_at, t0 + pause_at + pause_len);
        let (pause, resume) = if explicit {
            (json!({"at": iso(ps), "type": "paused", "reason": "agreed_with_customer"}), json!({"at": iso(pe), "type": "resumed"}))
        } else {
            (json!({"at": iso(ps), "type": "status_changed", "status": "pending"}), json!({"at": iso(pe), "type": "status_changed", "status": "open"}))
        };
        let m = |r: &Report| r.metric("resolution").expect("resolution").deadline.expect("deadline");
        let d0 = m(&helpdesk_report(std::slice::from_ref(&created), pe, false));
        let d1 = m(&helpdesk_report(&[created, pause, resume], pe, false));
        prop_assert!(d1 >= d0, "a pause made the deadline earlier: {d0} -> {d1}");
        let cal = helpdesk().calendar("office").expect("calendar");
        if ps < d0.timestamp() {
            let covered = cal.between(&parse_instant(&iso(ps)).expect("i"), &parse_instant(&iso(pe)).expect("i")).expect("between");
            prop_assert_eq!(d1, cal.add(&d0, covered).expect("add").fixed_offset());
        } else {
            prop_assert_eq!(d1, d0);
        }
    }

    /// The report at an event ignores the events after it, with statuses,
    /// declared events and cycles too.
    #[test]
    fn a_helpdesk_report_at_an_event_ignores_the_events_after_it((events, _at) in helpdesk_ticket(), cut in 0usize..16) {
        let cut = cut.min(events.len() - 1);
        let at = parse_instant(events[cut]["at"].as_str().expect("at")).expect("i").timestamp();
        let n = events.iter().take_while(|e| parse_instant(e["at"].as_str().expect("at")).expect("i").timestamp() <= at).count();
        prop_assert_eq!(helpdesk_report(&events[..n], at, true), helpdesk_report(&events, at, true));
    }

    /// Evaluation is pure on helpdesk histories too.
    #[test]
    fn helpdesk_reports_in_any_order_agree((events, at) in helpdesk_ticket(), b in 0i64..20 * 86_400) {
        let tb = at + b;
        let first = (helpdesk_report(&events, at, false), helpdesk_report(&events, tb, false));
        let second = (helpdesk_report(&events, tb, false), helpdesk_report(&events, at, false));
        prop_assert_eq!(first.0, second.1);
        prop_assert_eq!(first.1, second.0);
    }

    /// Cycle counts add up, every cycle but the last has ended, and the
    /// last cycle is the metric's own report.
    #[test]
    fn cycles_add_up_and_the_last_is_the_metric((events, at) in helpdesk_ticket()) {
        let r = helpdesk_report(&events, at, false);
        for m in &r.metrics {
            let Some(c) = &m.cycles else { continue };
            prop_assert_eq!(c.total as usize, c.items.len());
            let met = c.items.iter().filter(|i| i.state == MetricState::Met).count();
            let breached = c.items.iter().filter(|i| i.state == MetricState::Breached).count();
            prop_assert_eq!((c.met as usize, c.breached as usize), (met, breached));
            if let Some((last, done)) = c.items.split_last() {
                prop_assert_eq!(last.state, m.state);
                prop_assert_eq!(last.started_at, m.started_at);
                prop_assert_eq!(last.deadline, m.deadline);
                for d in done {
                    prop_assert!(d.stopped_at.is_some(), "an earlier cycle has ended: {:?}", d);
                    prop_assert!(matches!(d.state, MetricState::Met | MetricState::Breached | MetricState::Cancelled), "{:?}", d);
                }
            }
        }
    }
}
