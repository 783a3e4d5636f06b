//! The main job: SLA deadlines for the sample tickets of every bundled
//! regulation, as a table.
//!
//! Run with `cargo run --release --example sla_demo` (or `make demo`).
//! Optional arguments: a sample-tickets file and an evaluation instant.

use std::error::Error;
use std::path::Path;

use sla_core::{parse_instant, Policy, TicketSpec};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let tickets_path = args
        .get(1)
        .map(Into::into)
        .unwrap_or_else(|| root.join("sample_tickets.json"));
    let samples: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&tickets_path)?)?;
    let at_text = match args.get(2) {
        Some(a) => a.clone(),
        None => samples["at"]
            .as_str()
            .ok_or("sample file has no \"at\"")?
            .to_string(),
    };
    let at = parse_instant(&at_text)?;
    println!("SLA status at {at_text}");
    println!("(remaining: working time; a deadline marked ~ is projected: the clock is paused)\n");
    for reg in samples["regulations"].as_array().ok_or("no regulations")? {
        let file = reg["policy"].as_str().ok_or("regulation without policy")?;
        let policy =
            Policy::from_toml(&std::fs::read_to_string(root.join("policies").join(file))?)?;
        println!("== {} ({file})", policy.name());
        println!(
            "{:<32} {:<16} {:<11} {:<26} {:>10} {:>7}",
            "ticket", "metric", "state", "deadline", "remaining", "used"
        );
        for t in reg["tickets"].as_array().ok_or("no tickets")? {
            let spec: TicketSpec = serde_json::from_value(t.clone())?;
            let ticket = policy.ticket(&spec)?;
            let report = policy.evaluate(&ticket, &at)?;
            for m in &report.metrics {
                println!(
                    "{:<32} {:<16} {:<11} {:<26} {:>10} {:>7}",
                    spec.id.as_deref().unwrap_or("-"),
                    m.metric,
                    serde_json::to_value(m.state)?
                        .as_str()
                        .unwrap_or("?")
                        .to_string(),
                    match (m.deadline, m.projected_deadline) {
                        (Some(d), _) => d.format("%Y-%m-%d %H:%M %:z").to_string(),
                        // Paused: no deadline in force, the projected one.
                        (None, Some(d)) => d.format("%Y-%m-%d %H:%M %:z ~").to_string(),
                        (None, None) => "-".to_string(),
                    },
                    m.remaining_seconds.map_or("-".to_string(), hm),
                    m.percent_used
                        .map_or("-".to_string(), |p| format!("{p:.0}%")),
                );
            }
            for timer in &report.timers {
                if let Some(due) = timer.due {
                    println!(
                        "{:<32} {:<16} {:<11} {:<26}",
                        "",
                        format!("timer {}", timer.timer),
                        serde_json::to_value(timer.state)?
                            .as_str()
                            .unwrap_or("?")
                            .to_string(),
                        due.format("%Y-%m-%d %H:%M %:z").to_string()
                    );
                }
            }
        }
        println!();
    }
    Ok(())
}

fn hm(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.abs();
    format!("{sign}{}h{:02}m", s / 3600, s / 60 % 60)
}
