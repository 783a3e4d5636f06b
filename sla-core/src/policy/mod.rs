//! SLA policies: priorities × categories → targets per metric, on calendars,
//! with pause reasons, change rules, thresholds and timers.

mod cause;
mod compile;
mod event;
mod spec;
mod texts;

pub(crate) use cause::{Cause, Change};
pub use event::EventKind;
pub(crate) use event::Kind;
pub(crate) use spec::one_or_many_strings;
pub use spec::{
    ChangeRule, ConsentSpec, Cycles, EventTypeSpec, MetricSpec, Named, OnReopen, PauseReasonSpec,
    PolicySpec, TargetCell, TargetDetail, ThresholdSpec, TimerSpec, WorkedSince,
};
pub(crate) use texts::Texts;

use crate::calendar::Calendar;
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::work_time::WorkingDaysMeaning;

/// A compiled, validated policy.
///
/// # Examples
///
/// ```
/// use sla_core::Policy;
/// let policy = Policy::from_json(r#"{
///   "name": "demo",
///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
///   "priorities": [ {"id": "high"}, {"id": "low"} ],
///   "categories": [ {"id": "incident"} ],
///   "metrics": [ { "id": "reaction", "stop": "responded",
///                  "targets": { "*": { "high": "1h", "low": "4h" } } } ]
/// }"#)?;
/// assert_eq!(policy.priorities(), ["high", "low"]);
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) spec: PolicySpec,
    pub(crate) calendar_names: Vec<String>,
    pub(crate) calendars: Vec<Calendar>,
    /// Per calendar: a 24×7 calendar in its zone, for calendar-time targets.
    pub(crate) always: Vec<Calendar>,
    pub(crate) default_calendar: usize,
    pub(crate) priorities: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) reasons: Vec<Reason>,
    pub(crate) metrics: Vec<Metric>,
    pub(crate) timers: Vec<Timer>,
    /// Per category: the category a workaround switches to.
    pub(crate) workaround: Vec<Option<usize>>,
    pub(crate) consent: Option<Consent>,
    /// The texts its reports show, shared by them.
    pub(crate) texts: Texts,
    /// Every event type's name: the built-in ones, then the declared ones.
    pub(crate) event_names: Vec<String>,
    /// Per declared event type: the attributes it may carry.
    pub(crate) event_attributes: Vec<Vec<String>>,
    /// The helpdesk's statuses.
    pub(crate) statuses: Vec<String>,
}

/// What an event or a status does to a metric (bits of [`Metric::roles`]).
pub(crate) mod role {
    pub const START: u8 = 1;
    pub const STOP: u8 = 2;
    pub const PAUSE: u8 = 4;
    pub const RESUME: u8 = 8;
    pub const RESET: u8 = 16;
    pub const CANCEL: u8 = 32;
}

#[derive(Debug, Clone)]
pub(crate) struct Reason {
    pub id: String,
    /// Per metric: whether this reason stops its clock.
    pub stops: Vec<bool>,
}

#[derive(Debug, Clone)]
pub(crate) struct Metric {
    pub id: String,
    /// Per event type (indexed by [`Kind`]): its [`role`] bits.
    pub roles: Vec<u8>,
    /// Per status: its [`role`] bits (pause, stop, cancel).
    pub status_roles: Vec<u8>,
    pub cycles: Cycles,
    pub on_reopen: OnReopen,
    /// Whether the report lists cycles: the metric may have several.
    pub cyclic: bool,
    /// `cells[category * priorities + priority]`.
    pub cells: Vec<Cell>,
    pub on_upgrade: ChangeRule,
    pub on_downgrade: ChangeRule,
    pub on_category_change: ChangeRule,
    pub worked_since: WorkedSince,
    pub thresholds: Vec<Threshold>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Target {
        duration: Duration,
        calendar: usize,
        working_days_meaning: WorkingDaysMeaning,
        /// `duration` as a report shows it, formatted once when the policy
        /// is compiled rather than on every evaluation.
        text: String,
    },
    ByAgreement {
        calendar: usize,
    },
    /// The (category, priority) pair is invalid input.
    NotAllowed,
    /// The metric does not apply to the pair: it is left out of reports.
    NotApplicable,
}

#[derive(Debug, Clone)]
pub(crate) enum ThresholdAt {
    Percent(f64),
    Before(Duration),
}

#[derive(Debug, Clone)]
pub(crate) struct Threshold {
    pub id: String,
    pub at: ThresholdAt,
}

#[derive(Debug, Clone)]
pub(crate) enum TimerStart {
    Event(Kind),
    Paused(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Timer {
    pub id: String,
    pub start: TimerStart,
    pub cancel: Vec<Kind>,
    pub duration: Duration,
    pub calendar: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Consent {
    pub metric: usize,
    pub within: Duration,
    pub before_deadline: Duration,
}

impl Policy {
    /// Reads a policy from JSON.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] for malformed JSON, unknown keys or wrong
    /// types; then as [`Policy::from_spec`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
    ///   "priorities": [ {"id": "high"}, {"id": "low"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "high": "1h", "low": "4h" } } } ] }"#)?;
    /// assert_eq!(policy.name(), "demo");
    /// let err = Policy::from_json(r#"{ "name": "demo", "calendar": "24x7 UTC" }"#).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Policy); // an unknown key
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Policy> {
        Policy::from_value(&crate::data::from_json_text(text).map_err(Error::InvalidPolicy)?)
    }

    /// Reads a policy from TOML.
    ///
    /// # Errors
    /// As [`Policy::from_json`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_toml(r#"
    /// name = "helpdesk"
    /// calendars = { office = "Mon-Fri 09:00-17:00 Europe/Berlin" }
    /// priorities = [{ id = "urgent" }, { id = "normal" }]
    /// categories = [{ id = "question" }]
    /// metrics = [{ id = "first_response", stop = "responded", targets = { "*" = { urgent = "1h", normal = "8h" } } }]
    /// "#)?;
    /// assert_eq!(policy.priorities(), ["urgent", "normal"]);
    /// assert_eq!(policy.metrics(), ["first_response"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Policy> {
        Policy::from_value(&crate::data::from_toml_text(text).map_err(Error::InvalidPolicy)?)
    }

    /// Reads a policy from a JSON value.
    ///
    /// # Errors
    /// As [`Policy::from_json`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_value(&serde_json::json!({
    ///     "name": "demo",
    ///     "calendars": { "office": "24x7 UTC" },
    ///     "priorities": [ {"id": "p1"} ], "categories": [ {"id": "incident"} ],
    ///     "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "15m" } } } ]
    /// }))?;
    /// assert_eq!(policy.calendar_names(), ["office"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_value(value: &serde_json::Value) -> Result<Policy> {
        let spec = PolicySpec::deserialize_value(value)?;
        Policy::from_spec(spec)
    }

    /// Validates and compiles a policy spec.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] for duplicate or empty names and bad values,
    /// [`Error::Unknown`] for references to undefined calendars, metrics,
    /// categories, priorities, reasons or event types, calendar errors for
    /// bad calendars, [`Error::InvalidDuration`] for bad durations.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, Policy, PolicySpec};
    ///
    /// let mut spec: PolicySpec = serde_json::from_str(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "high": "1h" } } } ] }"#)
    ///     .expect("a policy spec");
    /// assert_eq!(Policy::from_spec(spec.clone())?.name(), "demo");
    /// spec.default_calendar = Some("night".to_string()); // not one of its calendars
    /// assert_eq!(Policy::from_spec(spec).unwrap_err().kind(), ErrorKind::Policy);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_spec(spec: PolicySpec) -> Result<Policy> {
        compile::compile(spec)
    }

    /// The spec this policy was compiled from.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "working_days_meaning": "end_of_day",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "resolution", "stop": "resolved", "targets": { "*": { "*": "2 working days" } } } ] }"#)?;
    /// assert_eq!(policy.spec().working_days_meaning, sla_core::WorkingDaysMeaning::EndOfDay);
    /// assert_eq!(policy.spec().metrics[0].id, "resolution");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The policy's name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "Vendor support",
    ///   "calendars": { "office": "9x5 Europe/Moscow" },
    ///   "priorities": [ {"id": "p1"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// assert_eq!(policy.name(), "Vendor support");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Priority identifiers, most urgent first.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "critical"}, {"id": "high"}, {"id": "low"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// assert_eq!(policy.priorities(), ["critical", "high", "low"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn priorities(&self) -> &[String] {
        &self.priorities
    }

    /// Category identifiers.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"}, {"id": "question"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// assert_eq!(policy.categories(), ["incident", "question"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// Metric identifiers.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } },
    ///                { "id": "resolution", "stop": "resolved", "targets": { "*": { "*": "3d" } } } ] }"#)?;
    /// assert_eq!(policy.metrics(), ["reaction", "resolution"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn metrics(&self) -> Vec<&str> {
        self.metrics.iter().map(|m| m.id.as_str()).collect()
    }

    /// Calendar names.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "default_calendar": "office",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC", "always": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// assert_eq!(policy.calendar_names(), ["always", "office"]); // in name order
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn calendar_names(&self) -> &[String] {
        &self.calendar_names
    }

    /// The named calendar.
    ///
    /// # Errors
    /// [`Error::Unknown`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 08:45-17:00 Europe/Moscow +ru" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let office = policy.calendar("office")?;
    /// assert_eq!(office.working_day_length().num_minutes(), 8 * 60 + 15);
    /// assert_eq!(policy.calendar("home").unwrap_err().kind(), ErrorKind::Policy);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn calendar(&self, name: &str) -> Result<&Calendar> {
        self.calendar_names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.calendars[i])
            .ok_or_else(|| {
                Error::unknown(
                    "calendar",
                    name,
                    self.calendar_names.iter().map(String::as_str),
                )
            })
    }

    /// Checks that a (category, priority) pair exists and is allowed.
    ///
    /// # Errors
    /// [`Error::Unknown`] for an unknown name, [`Error::ForbiddenPair`] for a
    /// pair a metric marks as not allowed.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Error, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"}, {"id": "low"} ], "categories": [ {"id": "incident"}, {"id": "question"} ],
    ///   "metrics": [ { "id": "resolution", "stop": "resolved",
    ///                  "targets": { "incident": { "*": "1d" }, "question": { "high": "not allowed", "low": "5d" } } } ] }"#)?;
    /// assert!(policy.check_pair("incident", "high").is_ok());
    /// assert!(matches!(policy.check_pair("question", "high"), Err(Error::ForbiddenPair { .. })));
    /// assert!(matches!(policy.check_pair("question", "urgent"), Err(Error::Unknown { .. })));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn check_pair(&self, category: &str, priority: &str) -> Result<()> {
        let c = self.category_index(category)?;
        let p = self.priority_index(priority)?;
        self.check_pair_index(c, p)
    }

    pub(crate) fn check_pair_index(&self, c: usize, p: usize) -> Result<()> {
        for m in &self.metrics {
            if m.cells[c * self.priorities.len() + p] == Cell::NotAllowed {
                return Err(Error::ForbiddenPair {
                    category: self.categories[c].clone(),
                    priority: self.priorities[p].clone(),
                    metric: m.id.clone(),
                });
            }
        }
        Ok(())
    }

    pub(crate) fn priority_index(&self, name: &str) -> Result<usize> {
        self.priorities
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| {
                Error::unknown("priority", name, self.priorities.iter().map(String::as_str))
            })
    }

    pub(crate) fn category_index(&self, name: &str) -> Result<usize> {
        self.categories
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| {
                Error::unknown("category", name, self.categories.iter().map(String::as_str))
            })
    }

    pub(crate) fn reason_index(&self, name: &str) -> Result<usize> {
        self.reasons
            .iter()
            .position(|r| r.id == name)
            .ok_or_else(|| {
                Error::unknown(
                    "pause reason",
                    name,
                    self.reasons.iter().map(|r| r.id.as_str()),
                )
            })
    }

    /// The event type with that name, built in or declared.
    pub(crate) fn event_kind(&self, name: &str) -> Result<Kind> {
        compile::kind_index(&self.event_names, name)
    }

    /// An event type's name.
    pub(crate) fn event_name(&self, kind: Kind) -> &str {
        self.event_names
            .get(kind.index())
            .map_or("", String::as_str)
    }

    /// The attributes a declared event type may carry.
    pub(crate) fn event_attributes(&self, kind: Kind) -> &[String] {
        kind.index()
            .checked_sub(EventKind::ALL.len())
            .and_then(|i| self.event_attributes.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Status identifiers, as the policy lists them.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "statuses": [ {"id": "new"}, {"id": "pending"}, {"id": "solved"} ],
    ///   "metrics": [ { "id": "resolution", "stop": "resolved", "stop_in": ["solved"], "pause_in": ["pending"],
    ///                  "targets": { "*": { "*": "8h" } } } ] }"#)?;
    /// assert_eq!(policy.statuses(), ["new", "pending", "solved"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn statuses(&self) -> &[String] {
        &self.statuses
    }

    /// Event type names: the built-in ones, then the policy's own.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "events": [ {"id": "agent_replied"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "agent_replied", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let types = policy.event_types();
    /// assert_eq!((types[0].as_str(), types[3].as_str()), ("created", "responded"));
    /// assert_eq!(types.last().map(String::as_str), Some("agent_replied")); // after the 18 built-in ones
    /// assert_eq!(types.len(), 19);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn event_types(&self) -> &[String] {
        &self.event_names
    }

    pub(crate) fn status_index(&self, name: &str) -> Result<usize> {
        self.statuses
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Error::unknown("status", name, self.statuses.iter().map(String::as_str)))
    }

    pub(crate) fn metric_index(&self, name: &str) -> Result<usize> {
        self.metrics
            .iter()
            .position(|m| m.id == name)
            .ok_or_else(|| {
                Error::unknown("metric", name, self.metrics.iter().map(|m| m.id.as_str()))
            })
    }

    pub(crate) fn calendar_index(&self, name: &str) -> Result<usize> {
        self.calendar_names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| {
                Error::unknown(
                    "calendar",
                    name,
                    self.calendar_names.iter().map(String::as_str),
                )
            })
    }
}

impl PolicySpec {
    fn deserialize_value(v: &serde_json::Value) -> Result<PolicySpec> {
        crate::data::typed(v).map_err(Error::InvalidPolicy)
    }
}
