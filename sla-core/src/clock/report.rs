//! The clock's output: what the JSON contract returns.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A ticket's SLA status at one instant. Instants are RFC 3339 in the zone of
/// the calendar they were counted on; durations are working seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The ticket's identifier, if it has one.
    pub ticket: Option<String>,
    /// The evaluation instant.
    pub at: DateTime<FixedOffset>,
    /// Open, paused, resolved or closed.
    pub status: TicketStatus,
    /// The priority in force.
    pub priority: String,
    /// The category in force.
    pub category: String,
    /// Why the ticket is paused, if it is.
    pub pause_reason: Option<String>,
    /// One entry per metric that applies to the ticket's category and priority.
    pub metrics: Vec<MetricReport>,
    /// The policy's timers, then the consent timer if a priority changed.
    pub timers: Vec<TimerReport>,
}

/// The ticket's own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Being worked on.
    Open,
    /// Paused for a reason.
    Paused,
    /// Resolved (may still be reopened).
    Resolved,
    /// Closed: final.
    Closed,
}

/// A metric's state at the evaluation instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricState {
    /// Its start event has not happened yet.
    NotStarted,
    /// Counting towards a deadline (possibly outside working hours).
    Running,
    /// Stopped by a pause whose reason stops this metric.
    Paused,
    /// Stopped at or before the deadline.
    Met,
    /// The deadline passed before the stop event.
    Breached,
    /// Started, but the target is "by agreement" and no deadline is set yet.
    NoDeadline,
    /// The ticket was closed before the stop event, within the deadline.
    Cancelled,
}

/// One metric's status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricReport {
    /// The metric's identifier.
    pub metric: String,
    /// The state.
    pub state: MetricState,
    /// The policy calendar name the metric counts on.
    pub calendar: String,
    /// The target in force, e.g. `"3 working days"`, `"by agreement"`.
    pub target: Option<String>,
    /// When the metric's clock started.
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When its stop event (or the closing) happened.
    pub stopped_at: Option<DateTime<FixedOffset>>,
    /// The deadline (projected from now on while paused).
    pub deadline: Option<DateTime<FixedOffset>>,
    /// The rule that produced the deadline.
    pub cause: Option<String>,
    /// The instant of the breach, if breached.
    pub breached_at: Option<DateTime<FixedOffset>>,
    /// Working time counted so far (until the stop, if stopped).
    pub elapsed_seconds: i64,
    /// Working time left (negative once breached); none without a deadline.
    pub remaining_seconds: Option<i64>,
    /// Share of the target used, in percent, two decimals.
    pub percent_used: Option<f64>,
    /// Running, but the calendar says the clock is stopped right now.
    pub outside_working_hours: bool,
    /// The reason of the pause, while paused.
    pub pause_reason: Option<String>,
    /// Warning and escalation instants.
    pub thresholds: Vec<ThresholdReport>,
    /// The explanation, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// A threshold instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdReport {
    /// The threshold's identifier.
    pub id: String,
    /// When it is (or was) reached.
    pub at: DateTime<FixedOffset>,
    /// Whether it was reached while the clock ran.
    pub reached: bool,
}

/// A timer's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    /// Its start event has not happened.
    Pending,
    /// Started, not yet due.
    Running,
    /// Due: the instant has come.
    Due,
    /// A cancelling event came after the start.
    Cancelled,
}

/// One timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerReport {
    /// The timer's identifier (`consent` for the priority-change consent).
    pub timer: String,
    /// The state.
    pub state: TimerState,
    /// When it started.
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When it is due.
    pub due: Option<DateTime<FixedOffset>>,
}

/// Why a deadline is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// Every event that set or moved the deadline, with the deadline after it.
    pub history: Vec<HistoryEntry>,
    /// From the metric's start to its stop (or to the deadline, projected).
    pub segments: Vec<Segment>,
}

/// One step of a deadline's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// What happened and which rule applied.
    pub cause: String,
    /// The deadline in force afterwards.
    pub deadline: Option<DateTime<FixedOffset>>,
}

/// What a stretch of time was for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// Working time, counted.
    Working,
    /// Outside working hours: not counted.
    OutsideHours,
    /// Paused for a reason: not counted.
    Paused,
    /// Resolved, until reopened: not counted.
    Stopped,
}

/// A stretch of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Start.
    pub from: DateTime<FixedOffset>,
    /// End.
    pub to: DateTime<FixedOffset>,
    /// What it was.
    pub kind: SegmentKind,
    /// The pause reason, for a pause.
    pub reason: Option<String>,
    /// Working seconds it spans (counted for `working`, skipped otherwise).
    pub working_seconds: i64,
    /// Whether it lies after the evaluation instant (a projection).
    pub projected: bool,
}
