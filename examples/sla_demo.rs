//! The main job: SLA deadlines for the sample tickets of every bundled
//! regulation, as a table a support manager can read.
//!
//! Run with `cargo run --release --example sla_demo` (or `make demo`).
//! Optional arguments: a sample-tickets file and an evaluation instant
//! (`make demo AT=2026-12-31T12:00:00+03:00`); an empty argument keeps the
//! default (`examples/sample_tickets.json`, and the `"at"` it names).

use std::error::Error;
use std::path::Path;

use sla_core::chrono::{DateTime, FixedOffset};
use sla_core::{parse_instant, MetricReport, MetricState, Policy, PolicySet, Report, TicketSpec};

/// The table's columns: metric, state, target, deadline, working time
/// left, share used, wall-clock lateness; then the cause (unpadded).
const HEADER: [&str; 8] = [
    "metric",
    "state",
    "target",
    "deadline",
    "work left",
    "used",
    "late",
    "cause",
];

fn row(cells: [&str; 8]) -> String {
    let [metric, state, target, deadline, left, used, late, cause] = cells;
    format!(
        "  {metric:<16} {state:<11} {target:<15} {deadline:<17} {left:>9} {used:>4} {late:>7} {cause}"
    )
    .trim_end()
    .to_string()
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sla_demo: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let tickets_path = args
        .get(1)
        .filter(|a| !a.is_empty())
        .map(Into::into)
        .unwrap_or_else(|| root.join("sample_tickets.json"));
    let samples: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&tickets_path)?)?;
    let at_text = match args.get(2).filter(|a| !a.is_empty()) {
        Some(a) => a.clone(),
        None => samples["at"]
            .as_str()
            .ok_or("sample file has no \"at\"")?
            .to_string(),
    };
    let at = parse_instant(&at_text)?;
    let zone = *at.offset();
    println!(
        "SLA status of the sample tickets, computed at {}",
        at.to_rfc3339()
    );
    println!("  (another instant: make demo AT=2026-12-31T12:00:00+03:00)");
    println!("  times are {zone} unless marked; deadline~ = projected: the clock is paused, no");
    println!("  deadline is in force; work left = working time (negative: overdue); used = share");
    println!(
        "  of the target; late = wall-clock time past the deadline; cause = what the deadline"
    );
    println!("  counts from (the event, or the rule that moved it)\n");
    for reg in samples["regulations"].as_array().ok_or("no regulations")? {
        if let Some(file) = reg["policy_set"].as_str() {
            let set = PolicySet::from_toml(&std::fs::read_to_string(
                root.join("policy_sets").join(file),
            )?)?;
            println!("== {} ({file}, a policy set)", set.name());
            println!("{}", row(HEADER));
            let mut summary = Summary::default();
            for t in reg["tickets"].as_array().ok_or("no tickets")? {
                let spec: TicketSpec = serde_json::from_value(t.clone())?;
                let id = spec.id.as_deref().unwrap_or("-");
                let result = set.evaluate(&spec, &at)?;
                let rule = match &result.rule {
                    Some(r) => format!("rule {r}"),
                    None => "no rule: the default".to_string(),
                };
                match (&result.policy, &result.report) {
                    (Some(name), Some(report)) => {
                        let policy = set.policy(name)?;
                        print_ticket(id, &rule, policy, report, zone, &mut summary);
                    }
                    _ => {
                        summary.tickets += 1;
                        println!("{id}  [{rule}: no SLA]");
                    }
                }
            }
            println!("  -- {summary}\n");
            continue;
        }
        let file = reg["policy"].as_str().ok_or("regulation without policy")?;
        let policy =
            Policy::from_toml(&std::fs::read_to_string(root.join("policies").join(file))?)?;
        println!("== {} ({file})", policy.name());
        println!("{}", row(HEADER));
        let mut summary = Summary::default();
        for t in reg["tickets"].as_array().ok_or("no tickets")? {
            let spec: TicketSpec = serde_json::from_value(t.clone())?;
            let ticket = policy.ticket(&spec)?;
            let report = policy.evaluate(&ticket, &at)?;
            let id = spec.id.as_deref().unwrap_or("-");
            print_ticket(id, "", &policy, &report, zone, &mut summary);
        }
        println!("  -- {summary}\n");
    }
    println!(
        "(timer) rows: the deadline is when the timer is due, the cause its name; \"running\" ="
    );
    println!("counting, \"due\" = it has run out (act now), \"cancelled\" = answered, resumed or closed.");
    println!("cycles: a metric that runs again and again (next response, periodic update) lists");
    println!("its cycles; next look = when the report changes next without a new event.");
    Ok(())
}

/// One ticket's lines: its heading, a row per metric (and the cycles of a
/// repeating one), a row per timer with a due instant.
fn print_ticket(
    id: &str,
    selected: &str,
    policy: &Policy,
    report: &Report,
    zone: FixedOffset,
    summary: &mut Summary,
) {
    summary.tickets += 1;
    let paused = match &report.pause_reason {
        Some(r) => format!(" ({r})"),
        None => String::new(),
    };
    let mut heading = vec![
        format!("priority {}", report.priority),
        format!("category {}", report.category),
        format!("{}{paused}", report.status),
    ];
    if let Some(s) = &report.helpdesk_status {
        heading.push(format!("status {s}"));
    }
    if !selected.is_empty() {
        heading.insert(0, selected.to_string());
    }
    if let Some(next) = report.next_change_at {
        heading.push(format!("next look {}", local(next, zone)));
    }
    println!("{id}  [{}]", heading.join(", "));
    for m in &report.metrics {
        summary.count(m.state);
        println!(
            "{}",
            row([
                &m.metric,
                m.state.as_str(),
                m.target.as_deref().unwrap_or("-"),
                &deadline(m, zone),
                &m.remaining_seconds.map_or("-".to_string(), hm),
                &m.percent_used
                    .map_or("-".to_string(), |p| format!("{p:.0}%")),
                &lateness(m, &report.at),
                &m.cause.as_deref().map_or("-".to_string(), short_cause),
            ])
        );
        if let Some(c) = m.cycles.as_ref().filter(|c| c.total > 0) {
            let plural = if c.total == 1 { "" } else { "s" };
            println!(
                "  {:<16} {} cycle{plural}: {} met, {} breached",
                "", c.total, c.met, c.breached
            );
        }
    }
    for timer in &report.timers {
        let Some(due) = timer.due else { continue };
        let duration = policy
            .spec()
            .timers
            .iter()
            .find(|s| s.id == timer.timer.as_str())
            .map(|s| s.duration.to_string());
        println!(
            "{}",
            row([
                "(timer)",
                timer.state.as_str(),
                duration.as_deref().unwrap_or("-"),
                &local(due, zone),
                "",
                "",
                "",
                &timer.timer,
            ])
        );
    }
}

/// Metric states counted per regulation.
#[derive(Default)]
struct Summary {
    tickets: usize,
    running: usize,
    paused: usize,
    breached: usize,
    met: usize,
    /// Not started, no deadline, cancelled: by name.
    other: std::collections::BTreeMap<&'static str, usize>,
}

impl Summary {
    fn count(&mut self, state: MetricState) {
        match state {
            MetricState::Running => self.running += 1,
            MetricState::Paused => self.paused += 1,
            MetricState::Breached => self.breached += 1,
            MetricState::Met => self.met += 1,
            other => *self.other.entry(other.as_str()).or_default() += 1,
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = if self.tickets == 1 { "" } else { "s" };
        write!(
            f,
            "{} ticket{plural}; metrics: {} running, {} paused, {} breached, {} met",
            self.tickets, self.running, self.paused, self.breached, self.met
        )?;
        for (state, n) in &self.other {
            write!(f, ", {n} {state}")?;
        }
        Ok(())
    }
}

/// The deadline in force, or the projected one marked `~` while paused.
fn deadline(m: &MetricReport, zone: FixedOffset) -> String {
    match (m.deadline, m.projected_deadline) {
        (Some(d), _) => local(d, zone),
        (None, Some(d)) => format!("{}~", local(d, zone)),
        (None, None) => "-".to_string(),
    }
}

/// `2026-12-31 11:00`, with the offset only when it is not `zone`.
fn local(t: DateTime<FixedOffset>, zone: FixedOffset) -> String {
    if *t.offset() == zone {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M %:z").to_string()
    }
}

/// Wall-clock time from the breach to the stop (or to now, if still open).
fn lateness(m: &MetricReport, at: &DateTime<FixedOffset>) -> String {
    let (Some(breach), MetricState::Breached) = (m.breached_at.or(m.deadline), m.state) else {
        return String::new();
    };
    let end = m.stopped_at.unwrap_or(*at);
    let mins = (end - breach).num_minutes().max(0);
    let (d, h, mi) = (mins / 1440, mins / 60 % 24, mins % 60);
    if d > 0 {
        format!("{d}d {h:02}h")
    } else {
        format!("{h}h {mi:02}m")
    }
}

/// The engine's cause, shortened for the table: the event the deadline
/// counts from, or the rule that moved it.
fn short_cause(cause: &str) -> String {
    let rule = if cause.ends_with(": worked time kept") {
        ", kept"
    } else if cause.ends_with(": restarted with the full target") {
        ", restarted"
    } else {
        ""
    };
    if let Some(event) = cause.strip_prefix("started at ") {
        event.to_string()
    } else if let Some(event) = cause.strip_prefix("stopped at ") {
        format!("stop: {event}")
    } else if cause.starts_with("priority lowered to ") {
        format!("downgraded{rule}")
    } else if cause.starts_with("priority raised to ") {
        format!("upgraded{rule}")
    } else if cause.starts_with("category changed to ") {
        format!("category changed{rule}")
    } else if cause.starts_with("workaround provided") {
        format!("workaround{rule}")
    } else if cause.starts_with("reopened") {
        "reopened".to_string()
    } else {
        cause.to_string()
    }
}

/// Working time as `19h05m` (negative: past the deadline).
fn hm(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.abs();
    format!("{sign}{}h{:02}m", s / 3600, s / 60 % 60)
}
