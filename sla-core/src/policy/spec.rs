//! The policy file format (JSON or TOML), as serde types.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::data::{deserialize_by_reader, snake_names, variant, Bad, Object, Read};

use crate::duration::Duration;
use crate::work_time::WorkingDaysMeaning;

/// A policy as data. See `DESIGN.md` and the bundled `examples/policies/`.
/// Every key, with its type, default and an example: `docs/policy-reference.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicySpec {
    /// Display name.
    pub name: String,
    /// Free text (the regulation it models, choices made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Named calendars: a text form (`"Mon-Fri 09:00-18:00 Europe/Moscow +ru"`)
    /// or a [`CalendarSpec`](crate::CalendarSpec) object.
    pub calendars: BTreeMap<String, serde_json::Value>,
    /// The calendar of targets that name none (default: the only one, or `"default"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_calendar: Option<String>,
    /// The meaning of "N working days" for targets that do not say (default `length`).
    pub working_days_meaning: WorkingDaysMeaning,
    /// Priorities, most urgent first.
    pub priorities: Vec<Named>,
    /// Categories (ticket types).
    pub categories: Vec<Named>,
    /// Pause reasons and the metrics each one stops.
    pub pause_reasons: Vec<PauseReasonSpec>,
    /// The clocks of a ticket.
    pub metrics: Vec<MetricSpec>,
    /// Timers that start at an event.
    pub timers: Vec<TimerSpec>,
    /// Category a `workaround_provided` event switches to, per category.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub workaround: BTreeMap<String, String>,
    /// The consent deadline for a priority change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentSpec>,
    /// The policy's own event types, beside the built-in ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventTypeSpec>,
    /// The helpdesk's ticket statuses, which `status_changed` events carry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<Named>,
}

/// An event type a policy declares (`customer_replied`, `escalated`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventTypeSpec {
    /// The name events give as their `type`.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The string attributes events of this type may carry; they become
    /// the ticket's attributes (policy selection reads them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

/// How a metric repeats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cycles {
    /// One run per ticket (default); a reset or a reopening may still
    /// start a new cycle.
    #[default]
    Once,
    /// After a stop, the next start event opens a new cycle; start events
    /// while a cycle is open do nothing ("next response").
    Repeated,
    /// A stop ends the cycle and opens the next at once; the ticket's
    /// resolution ends the last ("periodic update").
    Periodic,
}

impl Cycles {
    fn is_once(&self) -> bool {
        *self == Cycles::Once
    }
}

/// What a reopening does to a metric it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnReopen {
    /// The clock runs on with the worked time it had (the time between the
    /// stop and the reopening does not count).
    Continue,
    /// The clock restarts at the reopening with the full target; the
    /// stopped run's verdict is replaced.
    Restart,
    /// The stopped run keeps its verdict as a cycle; a new cycle starts at
    /// the reopening.
    NewCycle,
}

/// A named item with an optional display label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The identifier events and targets use.
    pub id: String,
    /// Display name, e.g. the regulation's own term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A pause reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PauseReasonSpec {
    /// The identifier `paused` events use.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Metrics whose clock this reason stops (default: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stops: Option<Vec<String>>,
}

/// How a priority or category change recomputes a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeRule {
    /// The new deadline is when the worked time reaches the new target.
    KeepWorked,
    /// The clock restarts at the change with the full new target.
    Restart,
}

/// What "worked time" counts after an earlier restart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkedSince {
    /// Since the last restart (default).
    #[default]
    LastRestart,
    /// Since the metric started, restarts notwithstanding.
    Start,
}

/// One clock of a ticket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSpec {
    /// Identifier, e.g. `"resolution"`.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The events that start the clock (default `created`); a string or a list.
    #[serde(serialize_with = "one_or_many")]
    pub start: Vec<String>,
    /// The events that stop it (met or breached); a string or a list.
    #[serde(serialize_with = "one_or_many")]
    pub stop: Vec<String>,
    /// Events that pause the clock until one of `resume_on`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pause_on: Vec<String>,
    /// Events that end a pause begun by `pause_on`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resume_on: Vec<String>,
    /// Events that end the current cycle and start a new one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reset_on: Vec<String>,
    /// Events that end the clock without a verdict (`cancelled`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cancel_on: Vec<String>,
    /// Statuses during which the clock is paused (each a pause reason).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pause_in: Vec<String>,
    /// Statuses that stop the clock (met or breached); leaving one reopens it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stop_in: Vec<String>,
    /// Statuses that end the clock without a verdict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cancel_in: Vec<String>,
    /// Once (default), repeated or periodic.
    #[serde(skip_serializing_if = "Cycles::is_once")]
    pub cycles: Cycles,
    /// What a reopening does (default `continue`; `new_cycle` for periodic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_reopen: Option<OnReopen>,
    /// Calendar of this metric's targets (default: the policy's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Meaning of "N working days" here (default: the policy's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_days_meaning: Option<WorkingDaysMeaning>,
    /// `category -> priority -> target`; `"*"` matches any.
    pub targets: BTreeMap<String, BTreeMap<String, TargetCell>>,
    /// Rule for a more urgent priority (default `restart`).
    pub on_upgrade: ChangeRule,
    /// Rule for a less urgent priority (default `keep_worked`).
    pub on_downgrade: ChangeRule,
    /// Rule for a category change or a workaround (default `keep_worked`).
    pub on_category_change: ChangeRule,
    /// What worked time counts after an earlier restart.
    pub worked_since: WorkedSince,
    /// Warning and escalation instants.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<ThresholdSpec>,
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

/// A target with options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetDetail {
    /// The duration (or `"by agreement"`).
    pub duration: String,
    /// The calendar this target counts on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Meaning of "N working days" for this target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_days_meaning: Option<WorkingDaysMeaning>,
}

/// A threshold: a share of the target used, or a working time before the deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThresholdSpec {
    /// Identifier, e.g. `"escalation"`.
    pub id: String,
    /// Percent of the target used, e.g. `75`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Working time before the deadline, e.g. `"1h"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Duration>,
}

/// A timer that starts at an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimerSpec {
    /// Identifier, e.g. `"auto_close"`.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The event that starts it: an event type, or `paused:<reason>`.
    pub start: String,
    /// Events that cancel it (default: none; `resumed` for a `paused:` start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_on: Option<Vec<String>>,
    /// How long after the start the timer is due.
    pub duration: Duration,
    /// The calendar it counts on (default: the policy's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

/// The consent deadline for a priority change: the earlier of `within`
/// after the change and `before_deadline` before the metric's deadline in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsentSpec {
    /// The metric whose deadline bounds the consent.
    pub metric: String,
    /// Time to answer after the change, e.g. `"1 working day"`.
    pub within: Duration,
    /// Working time before the deadline in force, e.g. `"3h"`.
    pub before_deadline: Duration,
}

// ----- reading (see `data.rs`) ----------------------------------------------

deserialize_by_reader!(
    PolicySpec,
    Named,
    PauseReasonSpec,
    ChangeRule,
    WorkedSince,
    MetricSpec,
    TargetCell,
    TargetDetail,
    ThresholdSpec,
    TimerSpec,
    ConsentSpec,
    EventTypeSpec,
    Cycles,
    OnReopen,
);

/// A list with one item serialises as that item, as policy files write it.
fn one_or_many<S: serde::Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
    match v {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

/// An event name or a list of them.
fn read_events(o: &Object<'_>, key: &str) -> Result<Option<Vec<String>>, Bad> {
    Ok(o.opt::<OneOrMany>(key)?.map(|l| l.0))
}

struct OneOrMany(Vec<String>);

impl Read for OneOrMany {
    fn read(v: &Value) -> Result<OneOrMany, Bad> {
        one_or_many_strings(v, "an event name or a list of them").map(OneOrMany)
    }
}

/// One string or a list of them, as a list; `expected` names the value in
/// the type error.
pub(crate) fn one_or_many_strings(v: &Value, expected: &str) -> Result<Vec<String>, Bad> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(_) => Vec::<String>::read(v),
        other => Err(Bad::invalid_type(other, expected)),
    }
}

impl Read for EventTypeSpec {
    fn read(v: &Value) -> Result<EventTypeSpec, Bad> {
        let o = Object::new(v, "EventTypeSpec", &["id", "label", "attributes"])?;
        Ok(EventTypeSpec {
            id: o.req("id")?,
            label: o.opt("label")?,
            attributes: o.or_default("attributes")?,
        })
    }
}

snake_names!(Cycles {
    Once => "once",
    Repeated => "repeated",
    Periodic => "periodic",
});

snake_names!(OnReopen {
    Continue => "continue",
    Restart => "restart",
    NewCycle => "new_cycle",
});

snake_names!(ChangeRule {
    KeepWorked => "keep_worked",
    Restart => "restart",
});

snake_names!(WorkedSince {
    LastRestart => "last_restart",
    Start => "start",
});

impl Read for Cycles {
    fn read(v: &Value) -> std::result::Result<Cycles, Bad> {
        Ok([Cycles::Once, Cycles::Repeated, Cycles::Periodic]
            [variant(v, &["once", "repeated", "periodic"])?])
    }
}

impl Read for OnReopen {
    fn read(v: &Value) -> std::result::Result<OnReopen, Bad> {
        Ok([OnReopen::Continue, OnReopen::Restart, OnReopen::NewCycle]
            [variant(v, &["continue", "restart", "new_cycle"])?])
    }
}

impl Read for PolicySpec {
    fn read(v: &Value) -> Result<PolicySpec, Bad> {
        let o = Object::new(
            v,
            "PolicySpec",
            &[
                "name",
                "description",
                "calendars",
                "default_calendar",
                "working_days_meaning",
                "priorities",
                "categories",
                "pause_reasons",
                "metrics",
                "timers",
                "workaround",
                "consent",
                "events",
                "statuses",
            ],
        )?;
        Ok(PolicySpec {
            name: o.req("name")?,
            description: o.opt("description")?,
            calendars: o.req("calendars")?,
            default_calendar: o.opt("default_calendar")?,
            working_days_meaning: o.or_default("working_days_meaning")?,
            priorities: o.req("priorities")?,
            categories: o.req("categories")?,
            pause_reasons: o.or_default("pause_reasons")?,
            metrics: o.req("metrics")?,
            timers: o.or_default("timers")?,
            workaround: o.or_default("workaround")?,
            consent: o.opt("consent")?,
            events: o.or_default("events")?,
            statuses: o.or_default("statuses")?,
        })
    }
}

impl Read for Named {
    fn read(v: &Value) -> Result<Named, Bad> {
        let o = Object::new(v, "Named", &["id", "label"])?;
        Ok(Named {
            id: o.req("id")?,
            label: o.opt("label")?,
        })
    }
}

impl Read for PauseReasonSpec {
    fn read(v: &Value) -> Result<PauseReasonSpec, Bad> {
        let o = Object::new(v, "PauseReasonSpec", &["id", "label", "stops"])?;
        Ok(PauseReasonSpec {
            id: o.req("id")?,
            label: o.opt("label")?,
            stops: o.opt("stops")?,
        })
    }
}

impl Read for ChangeRule {
    fn read(v: &Value) -> std::result::Result<ChangeRule, Bad> {
        Ok([ChangeRule::KeepWorked, ChangeRule::Restart][variant(v, &["keep_worked", "restart"])?])
    }
}

impl Read for WorkedSince {
    fn read(v: &Value) -> std::result::Result<WorkedSince, Bad> {
        Ok([WorkedSince::LastRestart, WorkedSince::Start][variant(v, &["last_restart", "start"])?])
    }
}

impl Read for MetricSpec {
    fn read(v: &Value) -> Result<MetricSpec, Bad> {
        let o = Object::new(
            v,
            "MetricSpec",
            &[
                "id",
                "label",
                "start",
                "stop",
                "calendar",
                "working_days_meaning",
                "targets",
                "on_upgrade",
                "on_downgrade",
                "on_category_change",
                "worked_since",
                "thresholds",
                "pause_on",
                "resume_on",
                "reset_on",
                "cancel_on",
                "pause_in",
                "stop_in",
                "cancel_in",
                "cycles",
                "on_reopen",
            ],
        )?;
        Ok(MetricSpec {
            id: o.req("id")?,
            label: o.opt("label")?,
            start: read_events(&o, "start")?.unwrap_or_else(|| vec!["created".to_string()]),
            stop: read_events(&o, "stop")?.ok_or_else(|| Bad::new("missing field \"stop\""))?,
            pause_on: o.or_default("pause_on")?,
            resume_on: o.or_default("resume_on")?,
            reset_on: o.or_default("reset_on")?,
            cancel_on: o.or_default("cancel_on")?,
            pause_in: o.or_default("pause_in")?,
            stop_in: o.or_default("stop_in")?,
            cancel_in: o.or_default("cancel_in")?,
            cycles: o.or_default("cycles")?,
            on_reopen: o.opt("on_reopen")?,
            calendar: o.opt("calendar")?,
            working_days_meaning: o.opt("working_days_meaning")?,
            targets: o.req("targets")?,
            on_upgrade: o.opt("on_upgrade")?.unwrap_or(ChangeRule::Restart),
            on_downgrade: o.opt("on_downgrade")?.unwrap_or(ChangeRule::KeepWorked),
            on_category_change: o
                .opt("on_category_change")?
                .unwrap_or(ChangeRule::KeepWorked),
            worked_since: o.or_default("worked_since")?,
            thresholds: o.or_default("thresholds")?,
        })
    }
}

impl Read for TargetCell {
    fn read(v: &Value) -> Result<TargetCell, Bad> {
        match v {
            Value::String(text) => Ok(TargetCell::Text(text.clone())),
            Value::Object(_) => TargetDetail::read(v).map(TargetCell::Detailed),
            other => Err(Bad::new(format!(
                "invalid target {other}: expected a duration like \"4h\", \"by agreement\", \"not allowed\" or an object with \"duration\""
            ))),
        }
    }
}

impl Read for TargetDetail {
    fn read(v: &Value) -> Result<TargetDetail, Bad> {
        let o = Object::new(
            v,
            "TargetDetail",
            &["duration", "calendar", "working_days_meaning"],
        )?;
        Ok(TargetDetail {
            duration: o.req("duration")?,
            calendar: o.opt("calendar")?,
            working_days_meaning: o.opt("working_days_meaning")?,
        })
    }
}

impl Read for ThresholdSpec {
    fn read(v: &Value) -> Result<ThresholdSpec, Bad> {
        let o = Object::new(v, "ThresholdSpec", &["id", "percent", "before"])?;
        Ok(ThresholdSpec {
            id: o.req("id")?,
            percent: o.opt("percent")?,
            before: o.opt("before")?,
        })
    }
}

impl Read for TimerSpec {
    fn read(v: &Value) -> Result<TimerSpec, Bad> {
        let o = Object::new(
            v,
            "TimerSpec",
            &["id", "label", "start", "cancel_on", "duration", "calendar"],
        )?;
        Ok(TimerSpec {
            id: o.req("id")?,
            label: o.opt("label")?,
            start: o.req("start")?,
            cancel_on: o.opt("cancel_on")?,
            duration: o.req("duration")?,
            calendar: o.opt("calendar")?,
        })
    }
}

impl Read for ConsentSpec {
    fn read(v: &Value) -> Result<ConsentSpec, Bad> {
        let o = Object::new(v, "ConsentSpec", &["metric", "within", "before_deadline"])?;
        Ok(ConsentSpec {
            metric: o.req("metric")?,
            within: o.req("within")?,
            before_deadline: o.req("before_deadline")?,
        })
    }
}
