//! The policy file format (JSON or TOML), as serde types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::duration::Duration;
use crate::work_time::WorkingDays;

/// A policy as data. See `DESIGN.md` and the bundled `examples/policies/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Display name.
    pub name: String,
    /// Free text (the regulation it models, choices made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Named calendars: a text form (`"Mon-Fri 09:00-18:00 Europe/Moscow +ru"`)
    /// or a [`CalendarSpec`](crate::CalendarSpec) object.
    pub calendars: BTreeMap<String, serde_json::Value>,
    /// The calendar of targets that name none (default: the only one, or `"default"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_calendar: Option<String>,
    /// The meaning of "N working days" for targets that do not say (default `length`).
    #[serde(default)]
    pub working_days: WorkingDays,
    /// Priorities, most urgent first.
    pub priorities: Vec<Named>,
    /// Categories (ticket types).
    pub categories: Vec<Named>,
    /// Pause reasons and the metrics each one stops.
    #[serde(default)]
    pub pause_reasons: Vec<PauseReasonSpec>,
    /// The clocks of a ticket.
    pub metrics: Vec<MetricSpec>,
    /// Timers that start at an event.
    #[serde(default)]
    pub timers: Vec<TimerSpec>,
    /// Category a `workaround_provided` event switches to, per category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub workaround: BTreeMap<String, String>,
    /// The consent deadline for a priority change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSpec>,
}

/// A named item with an optional display label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    /// The identifier events and targets use.
    pub id: String,
    /// Display name, e.g. the regulation's own term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A pause reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PauseReasonSpec {
    /// The identifier `paused` events use.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Metrics whose clock this reason stops (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stops: Option<Vec<String>>,
}

/// How a priority or category change recomputes a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeRule {
    /// The new deadline is when the worked time reaches the new target.
    KeepWorked,
    /// The clock restarts at the change with the full new target.
    Restart,
}

/// What "worked time" counts after an earlier restart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkedSince {
    /// Since the last restart (default).
    #[default]
    LastRestart,
    /// Since the metric started, restarts notwithstanding.
    Start,
}

/// One clock of a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// Identifier, e.g. `"resolution"`.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The event that starts the clock (default `created`).
    #[serde(default = "default_start")]
    pub start: String,
    /// The event that stops it (met or breached).
    pub stop: String,
    /// Calendar of this metric's targets (default: the policy's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Meaning of "N working days" here (default: the policy's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<WorkingDays>,
    /// `category -> priority -> target`; `"*"` matches any.
    pub targets: BTreeMap<String, BTreeMap<String, TargetCell>>,
    /// Rule for a more urgent priority (default `restart`).
    #[serde(default = "restart")]
    pub on_upgrade: ChangeRule,
    /// Rule for a less urgent priority (default `keep_worked`).
    #[serde(default = "keep_worked")]
    pub on_downgrade: ChangeRule,
    /// Rule for a category change or a workaround (default `keep_worked`).
    #[serde(default = "keep_worked")]
    pub on_category_change: ChangeRule,
    /// What worked time counts after an earlier restart.
    #[serde(default)]
    pub worked_since: WorkedSince,
    /// Warning and escalation instants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<ThresholdSpec>,
}

fn default_start() -> String {
    "created".to_string()
}
fn restart() -> ChangeRule {
    ChangeRule::Restart
}
fn keep_worked() -> ChangeRule {
    ChangeRule::KeepWorked
}

/// A target cell: a duration string, `"by agreement"`, `"not allowed"`, or
/// an object with a duration and its own calendar or working-day meaning.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TargetCell {
    /// `"4h"`, `"3 working days"`, `"by agreement"`, `"not allowed"`.
    Text(String),
    /// A duration with options.
    Detailed(TargetDetail),
}

// By hand rather than `#[serde(untagged)]`: the derived form buffers the
// input in serde's private `Content` type (much code in the wasm build) and
// reports only "data did not match any variant".
impl<'de> Deserialize<'de> for TargetCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TargetCell, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(text) => Ok(TargetCell::Text(text)),
            detail @ serde_json::Value::Object(_) => TargetDetail::deserialize(&detail)
                .map(TargetCell::Detailed)
                .map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "invalid target {other}: expected a duration like \"4h\", \"by agreement\", \"not allowed\" or an object with \"duration\""
            ))),
        }
    }
}

/// A target with options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetDetail {
    /// The duration (or `"by agreement"`).
    pub duration: String,
    /// The calendar this target counts on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Meaning of "N working days" for this target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<WorkingDays>,
}

/// A threshold: a share of the target used, or a working time before the deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdSpec {
    /// Identifier, e.g. `"escalation"`.
    pub id: String,
    /// Percent of the target used, e.g. `75`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Working time before the deadline, e.g. `"1h"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Duration>,
}

/// A timer that starts at an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerSpec {
    /// Identifier, e.g. `"auto_close"`.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The event that starts it: an event type, or `paused:<reason>`.
    pub start: String,
    /// Events that cancel it (default: none; `resumed` for a `paused:` start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel: Option<Vec<String>>,
    /// How long after the start the timer is due.
    pub duration: Duration,
    /// The calendar it counts on (default: the policy's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

/// The consent deadline for a priority change: the earlier of `within`
/// after the change and `before_deadline` before the metric's deadline in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentSpec {
    /// The metric whose deadline bounds the consent.
    pub metric: String,
    /// Time to answer after the change, e.g. `"1 working day"`.
    pub within: Duration,
    /// Working time before the deadline in force, e.g. `"3h"`.
    pub before_deadline: Duration,
}
