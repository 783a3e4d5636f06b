//! The clock's output: what the JSON contract returns.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::data::snake_names;
use crate::text::Text;

#[cfg(test)]
mod tests {
    #[test]
    fn states_print_as_their_json_names() {
        use super::{MetricState, TicketStatus, TimerState};
        fn check<T: serde::Serialize + std::fmt::Display>(v: T, name: &str) {
            assert_eq!(serde_json::to_value(&v).unwrap(), name);
            assert_eq!(v.to_string(), name);
            assert_eq!(format!("[{v:<8}]"), format!("[{name:<8}]"));
        }
        use MetricState as M;
        for (v, n) in [
            (M::NotStarted, "not_started"),
            (M::Running, "running"),
            (M::Paused, "paused"),
            (M::Met, "met"),
            (M::Breached, "breached"),
            (M::NoDeadline, "no_deadline"),
            (M::Cancelled, "cancelled"),
        ] {
            assert_eq!(v.as_str(), n);
            check(v, n);
        }
        use TicketStatus as S;
        for (v, n) in [
            (S::Open, "open"),
            (S::Paused, "paused"),
            (S::Resolved, "resolved"),
            (S::Closed, "closed"),
        ] {
            assert_eq!(v.as_str(), n);
            check(v, n);
        }
        use TimerState as T;
        for (v, n) in [
            (T::Pending, "pending"),
            (T::Running, "running"),
            (T::Due, "due"),
            (T::Cancelled, "cancelled"),
        ] {
            assert_eq!(v.as_str(), n);
            check(v, n);
        }
    }
}

/// A ticket's SLA status at one instant. Instants are RFC 3339 in the zone of
/// the calendar they were counted on; durations are working seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The ticket's identifier, if it has one.
    pub ticket: Option<Text>,
    /// The evaluation instant.
    #[serde(serialize_with = "crate::rfc3339::serde")]
    pub at: DateTime<FixedOffset>,
    /// The first whole second after `at` at which this report would read
    /// differently with no new event (a breach, a threshold reached, a timer
    /// due, a countdown stopping at a closing or starting at an opening), in
    /// the default calendar's offset; `None` when nothing will change. The
    /// figures that move every second (elapsed and remaining time, percent
    /// used) and a paused metric's projections are not counted as changes.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub next_change_at: Option<DateTime<FixedOffset>>,
    /// Open, paused, resolved or closed.
    pub status: TicketStatus,
    /// The priority in force.
    pub priority: Text,
    /// The category in force.
    pub category: Text,
    /// Why the ticket is paused, if it is.
    pub pause_reason: Option<Text>,
    /// The helpdesk status in force (one of the policy's `statuses`), if
    /// an event gave one.
    pub helpdesk_status: Option<Text>,
    /// One entry per metric that applies to the ticket's category and priority.
    pub metrics: Vec<MetricReport>,
    /// The policy's timers, then the consent timer once consent was asked.
    pub timers: Vec<TimerReport>,
}

impl Report {
    /// The report of the metric with this identifier, or `None` if the
    /// metric does not apply to the ticket (Python's `report.metric("id")`).
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, MetricState, Policy};
    /// let policy = Policy::from_json(r#"{
    ///   "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ],
    ///   "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded",
    ///                  "targets": { "*": { "*": "1h" } } } ]
    /// }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}
    /// ] }"#)?;
    /// let report = policy.evaluate(&ticket, &parse_instant("2026-03-06T10:30:00Z")?)?;
    /// let reaction = report.metric("reaction").expect("the metric applies");
    /// assert_eq!(reaction.state, MetricState::Running);
    /// assert_eq!(reaction.remaining_seconds, Some(30 * 60));
    /// assert!(report.metric("resolution").is_none());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn metric(&self, id: &str) -> Option<&MetricReport> {
        self.metrics.iter().find(|m| m.metric == id)
    }

    /// The report of the timer with this identifier (`"consent"` for the
    /// consent to a priority or category change), or `None` if the policy
    /// has no such timer or, for the consent timer, consent was never asked.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Policy, TimerState};
    /// let policy = Policy::from_json(r#"{
    ///   "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ],
    ///   "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded",
    ///                  "targets": { "*": { "*": "1h" } } } ],
    ///   "timers": [ { "id": "reminder", "start": "created", "duration": "2h" } ]
    /// }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}
    /// ] }"#)?;
    /// let report = policy.evaluate(&ticket, &parse_instant("2026-03-06T13:00:00Z")?)?;
    /// let reminder = report.timer("reminder").expect("the policy has it");
    /// assert_eq!(reminder.state, TimerState::Due);
    /// assert_eq!(reminder.due.map(|d| d.to_rfc3339()).as_deref(), Some("2026-03-06T12:00:00+00:00"));
    /// assert!(report.timer("consent").is_none());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn timer(&self, id: &str) -> Option<&TimerReport> {
        self.timers.iter().find(|t| t.timer == id)
    }
}

snake_names!(TicketStatus {
    Open => "open",
    Paused => "paused",
    Resolved => "resolved",
    Closed => "closed",
});

snake_names!(MetricState {
    NotStarted => "not_started",
    Running => "running",
    Paused => "paused",
    Met => "met",
    Breached => "breached",
    NoDeadline => "no_deadline",
    Cancelled => "cancelled",
});

snake_names!(SegmentKind {
    Working => "working",
    OutsideHours => "outside_hours",
    Paused => "paused",
    Stopped => "stopped",
});

snake_names!(TimerState {
    Pending => "pending",
    Running => "running",
    Due => "due",
    Cancelled => "cancelled",
});

/// The ticket's own state; prints as its JSON name.
///
/// # Examples
/// ```
/// use sla_core::TicketStatus;
/// assert_eq!(TicketStatus::Paused.to_string(), "paused");
/// assert_eq!(serde_json::to_string(&TicketStatus::Resolved).unwrap(), "\"resolved\"");
/// ```
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

/// A metric's state at the evaluation instant; prints as its JSON name.
///
/// # Examples
/// ```
/// use sla_core::MetricState;
/// assert_eq!(MetricState::NoDeadline.to_string(), "no_deadline");
/// assert_eq!(format!("[{:<8}]", MetricState::Met), "[met     ]"); // pads as a str
/// ```
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
    pub metric: Text,
    /// The state.
    pub state: MetricState,
    /// The policy calendar name the metric counts on.
    pub calendar: Text,
    /// The target in force, e.g. `"3 working days"`, `"by agreement"`.
    pub target: Option<Text>,
    /// When the metric's clock started.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When its stop event (or the closing) happened.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub stopped_at: Option<DateTime<FixedOffset>>,
    /// The deadline in force; none while paused (see `projected_deadline`).
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub deadline: Option<DateTime<FixedOffset>>,
    /// While paused: the deadline if the clock resumed at the evaluation
    /// instant. No deadline is in force during a pause.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub projected_deadline: Option<DateTime<FixedOffset>>,
    /// The rule that produced the deadline.
    pub cause: Option<Text>,
    /// The instant of the breach, if breached.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub breached_at: Option<DateTime<FixedOffset>>,
    /// Working time counted toward the target so far (until the stop, if
    /// stopped): since the last restart, or since the start with
    /// `worked_since = "start"`.
    pub worked_seconds: i64,
    /// Working time since the metric started, restarts notwithstanding
    /// (pauses excluded), on the calendar in force.
    pub worked_since_start_seconds: i64,
    /// Working time left (negative once breached); none without a deadline.
    pub remaining_seconds: Option<i64>,
    /// Share of the target used, in percent, two decimals.
    pub percent_used: Option<f64>,
    /// Running, but the calendar says the clock is stopped right now.
    pub outside_working_hours: bool,
    /// The reason of the pause, while paused.
    pub pause_reason: Option<Text>,
    /// Warning and escalation instants.
    pub thresholds: Vec<ThresholdReport>,
    /// Every cycle of a metric that can have several (`cycles` repeated or
    /// periodic, a `reset_on` event, or `on_reopen: new_cycle`), the
    /// current one last, with counts; `null` for other metrics.
    pub cycles: Option<CycleList>,
    /// The explanation, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// A metric's cycles, with counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleList {
    /// How many cycles there are (the current one included).
    pub total: u32,
    /// How many were met.
    pub met: u32,
    /// How many were breached (the current one included if it is).
    pub breached: u32,
    /// The cycles in time order.
    pub items: Vec<CycleReport>,
}

impl CycleList {
    pub(crate) fn of(items: Vec<CycleReport>) -> CycleList {
        let mut c = CycleList {
            total: 0,
            met: 0,
            breached: 0,
            items: Vec::new(),
        };
        for item in items {
            c.push(item);
        }
        c
    }

    pub(crate) fn push(&mut self, item: CycleReport) {
        self.total += 1;
        match item.state {
            MetricState::Met => self.met += 1,
            MetricState::Breached => self.breached += 1,
            _ => {}
        }
        self.items.push(item);
    }
}

/// One cycle of a metric: the figures its report had when it ended (or
/// has now, for the current one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleReport {
    /// Met, breached, cancelled (ended by a reset or a cancel before its
    /// deadline), or the current cycle's state.
    pub state: MetricState,
    /// When the cycle started.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When it ended (`null` while it runs).
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub stopped_at: Option<DateTime<FixedOffset>>,
    /// Its deadline (`null` while paused or without a target).
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub deadline: Option<DateTime<FixedOffset>>,
    /// When it was breached.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub breached_at: Option<DateTime<FixedOffset>>,
    /// Worked time in the cycle.
    pub worked_seconds: i64,
    /// Its thresholds.
    pub thresholds: Vec<ThresholdReport>,
}

impl CycleReport {
    pub(crate) fn of(r: &MetricReport) -> CycleReport {
        CycleReport {
            state: r.state,
            started_at: r.started_at,
            stopped_at: r.stopped_at,
            deadline: r.deadline,
            breached_at: r.breached_at,
            worked_seconds: r.worked_seconds,
            thresholds: r.thresholds.clone(),
        }
    }
}

/// A threshold instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdReport {
    /// The threshold's identifier (its `id` in the policy).
    pub threshold: Text,
    /// When it is (or was) reached.
    #[serde(serialize_with = "crate::rfc3339::serde")]
    pub at: DateTime<FixedOffset>,
    /// Whether it was reached while the clock ran.
    pub reached: bool,
}

/// A timer's state; prints as its JSON name.
///
/// # Examples
/// ```
/// use sla_core::TimerState;
/// assert_eq!(TimerState::Due.to_string(), "due");
/// assert_eq!(TimerState::Cancelled.as_str(), "cancelled");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    /// Its start event has not happened.
    Pending,
    /// Started, not yet due.
    Running,
    /// Due: the instant has come.
    Due,
    /// A cancelling event came after the start (for the consent timer: the
    /// answer or the change came by the due instant).
    Cancelled,
}

/// One timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerReport {
    /// The timer's identifier (`consent` for the consent to a priority or
    /// category change).
    pub timer: Text,
    /// The state.
    pub state: TimerState,
    /// When it started.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When it is due.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
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
    #[serde(serialize_with = "crate::rfc3339::serde")]
    pub at: DateTime<FixedOffset>,
    /// What happened and which rule applied.
    pub cause: Text,
    /// The deadline in force afterwards.
    #[serde(serialize_with = "crate::rfc3339::serde_opt")]
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
    /// Its first instant.
    #[serde(serialize_with = "crate::rfc3339::serde")]
    pub start: DateTime<FixedOffset>,
    /// The instant after it (a segment is `[start, end)`).
    #[serde(serialize_with = "crate::rfc3339::serde")]
    pub end: DateTime<FixedOffset>,
    /// What it was.
    pub kind: SegmentKind,
    /// The pause reason, for a pause.
    pub reason: Option<Text>,
    /// Working seconds it spans (counted for `working`, skipped otherwise).
    pub working_seconds: i64,
    /// Whether it lies after the evaluation instant (a projection).
    pub projected: bool,
}
