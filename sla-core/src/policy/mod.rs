//! SLA policies: priorities × categories → targets per metric, on calendars,
//! with pause reasons, change rules, thresholds and timers.

mod set;
mod spec;

pub use set::{PolicySet, PolicySetSpec, RuleSpec, SetReport};
pub use spec::{
    ChangeRule, ConsentSpec, Cycles, EventTypeSpec, MetricSpec, Named, OnReopen, PauseReasonSpec,
    PolicySpec, TargetCell, TargetDetail, ThresholdSpec, TimerSpec, WorkedSince,
};

use crate::calendar::Calendar;
use crate::clock::{EventKind, Kind, Texts};
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
        let invalid = |m: String| Error::InvalidPolicy(m);
        // Calendars.
        if spec.calendars.is_empty() {
            return Err(invalid("a policy needs at least one calendar".into()));
        }
        let calendar_names: Vec<String> = spec.calendars.keys().cloned().collect();
        let mut calendars = Vec::new();
        let mut always = Vec::new();
        for (name, value) in &spec.calendars {
            let cal =
                Calendar::from_value(value).map_err(|e| wrap(e, &format!("calendar {name:?}")))?;
            always.push(Calendar::preset(
                crate::Preset::AlwaysOn,
                cal.timezone().name(),
            )?);
            calendars.push(cal);
        }
        let cal_index = |name: &str| -> Result<usize> {
            calendar_names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| {
                    Error::unknown("calendar", name, calendar_names.iter().map(String::as_str))
                })
        };
        let default_calendar = match &spec.default_calendar {
            Some(n) => cal_index(n)?,
            None if calendars.len() == 1 => 0,
            None => cal_index("default").map_err(|_| {
                invalid("several calendars and no default_calendar: name one".into())
            })?,
        };

        let priorities = ids("priority", &spec.priorities)?;
        let categories = ids("category", &spec.categories)?;
        let prio_index = |name: &str| -> Result<usize> {
            priorities.iter().position(|n| n == name).ok_or_else(|| {
                Error::unknown("priority", name, priorities.iter().map(String::as_str))
            })
        };
        let cat_index = |name: &str| -> Result<usize> {
            categories.iter().position(|n| n == name).ok_or_else(|| {
                Error::unknown("category", name, categories.iter().map(String::as_str))
            })
        };

        // Event types and statuses.
        let mut event_names: Vec<String> = EventKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        let mut event_attributes = Vec::new();
        for e in &spec.events {
            if EventKind::from_name(&e.id).is_ok() {
                return Err(invalid(format!(
                    "event type {:?} is built in: it needs no declaration",
                    e.id
                )));
            }
            unique("attribute", e.attributes.iter().map(String::as_str))?;
            event_names.push(e.id.clone());
            event_attributes.push(e.attributes.clone());
        }
        unique("event type", spec.events.iter().map(|e| e.id.as_str()))?;
        if event_names.len() > usize::from(u16::MAX) {
            return Err(invalid("too many event types".into()));
        }
        let kind_of = |name: &str| -> Result<Kind> { kind_index(&event_names, name) };
        let statuses: Vec<String> = spec.statuses.iter().map(|s| s.id.clone()).collect();
        unique("status", statuses.iter().map(String::as_str))?;
        let status_of = |name: &str| -> Result<usize> {
            statuses
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| Error::unknown("status", name, statuses.iter().map(String::as_str)))
        };

        // Metrics.
        let metric_ids: Vec<String> = spec.metrics.iter().map(|m| m.id.clone()).collect();
        unique("metric", metric_ids.iter().map(String::as_str))?;
        if metric_ids.is_empty() {
            return Err(invalid("a policy needs at least one metric".into()));
        }
        let metric_index = |name: &str| -> Result<usize> {
            metric_ids.iter().position(|n| n == name).ok_or_else(|| {
                Error::unknown("metric", name, metric_ids.iter().map(String::as_str))
            })
        };
        let mut metrics = Vec::new();
        for m in &spec.metrics {
            let (roles, status_roles) =
                metric_roles(m, event_names.len(), statuses.len(), &kind_of, &status_of)
                    .map_err(|e| wrap(e, &format!("metric {:?}", m.id)))?;
            let on_reopen = match (m.cycles, m.on_reopen) {
                (Cycles::Periodic, None | Some(OnReopen::NewCycle)) => OnReopen::NewCycle,
                (Cycles::Periodic, Some(_)) => {
                    return Err(invalid(format!(
                        "metric {:?}: a periodic metric starts a new cycle at a reopening; \
                         on_reopen must be \"new_cycle\" or left out",
                        m.id
                    )))
                }
                (_, rule) => rule.unwrap_or(OnReopen::Continue),
            };
            let cyclic = m.cycles != Cycles::Once
                || on_reopen == OnReopen::NewCycle
                || roles.iter().any(|r| r & role::RESET != 0);
            let metric_cal = match &m.calendar {
                Some(c) => cal_index(c)?,
                None => default_calendar,
            };
            let metric_wd = m.working_days_meaning.unwrap_or(spec.working_days_meaning);
            // Parse every cell once, then resolve wildcards per pair.
            // A list, not a map: a policy has few cells, and a map type is
            // several KB of the WebAssembly build.
            let mut parsed: Vec<((&str, &str), Cell)> = Vec::new();
            for (cat, row) in &m.targets {
                if cat != "*" {
                    cat_index(cat)?;
                }
                for (prio, cell) in row {
                    if prio != "*" {
                        prio_index(prio)?;
                    }
                    let cell =
                        parse_cell(cell, metric_cal, metric_wd, &cal_index).map_err(|e| {
                            wrap(e, &format!("metric {:?}, target {cat:?}/{prio:?}", m.id))
                        })?;
                    parsed.push(((cat.as_str(), prio.as_str()), cell));
                }
            }
            let mut cells = Vec::with_capacity(categories.len() * priorities.len());
            for cat in &categories {
                for prio in &priorities {
                    let cell = [
                        (cat.as_str(), prio.as_str()),
                        (cat.as_str(), "*"),
                        ("*", prio.as_str()),
                        ("*", "*"),
                    ]
                    .iter()
                    .find_map(|k| parsed.iter().find(|(key, _)| key == k))
                    .map(|(_, cell)| cell.clone())
                    .ok_or_else(|| {
                        invalid(format!(
                            "metric {:?} has no target for category {cat:?}, priority {prio:?}: \
                             give a duration, \"by agreement\", \"not allowed\" or \"not applicable\"",
                            m.id
                        ))
                    })?;
                    cells.push(cell);
                }
            }
            let mut thresholds = Vec::new();
            for t in &m.thresholds {
                let at = match (t.percent, t.before) {
                    (Some(p), None) if p > 0.0 && p <= 100.0 => ThresholdAt::Percent(p),
                    (None, Some(d)) => ThresholdAt::Before(d),
                    _ => {
                        return Err(invalid(format!(
                            "threshold {:?} of metric {:?}: give either percent (0 < p <= 100) or before",
                            t.id, m.id
                        )))
                    }
                };
                thresholds.push(Threshold {
                    id: t.id.clone(),
                    at,
                });
            }
            metrics.push(Metric {
                id: m.id.clone(),
                roles,
                status_roles,
                cycles: m.cycles,
                on_reopen,
                cyclic,
                cells,
                on_upgrade: m.on_upgrade,
                on_downgrade: m.on_downgrade,
                on_category_change: m.on_category_change,
                worked_since: m.worked_since,
                thresholds,
            });
        }

        // Pause reasons.
        unique(
            "pause reason",
            spec.pause_reasons.iter().map(|r| r.id.as_str()),
        )?;
        let mut reasons = Vec::new();
        for r in &spec.pause_reasons {
            let stops = match &r.stops {
                None => vec![true; metrics.len()],
                Some(list) => {
                    let mut v = vec![false; metrics.len()];
                    for name in list {
                        v[metric_index(name)?] = true;
                    }
                    v
                }
            };
            reasons.push(Reason {
                id: r.id.clone(),
                stops,
            });
        }
        let reason_index = |name: &str| -> Result<usize> {
            reasons.iter().position(|r| r.id == name).ok_or_else(|| {
                Error::unknown("pause reason", name, reasons.iter().map(|r| r.id.as_str()))
            })
        };

        // Timers.
        unique("timer", spec.timers.iter().map(|t| t.id.as_str()))?;
        let mut timers = Vec::new();
        for t in &spec.timers {
            let start = match t.start.strip_prefix("paused:") {
                Some(reason) => TimerStart::Paused(reason_index(reason)?),
                None => TimerStart::Event(kind_of(&t.start)?),
            };
            let cancel = match &t.cancel {
                Some(list) => list
                    .iter()
                    .map(|n| kind_of(n))
                    .collect::<Result<Vec<_>>>()?,
                None if matches!(start, TimerStart::Paused(_)) => {
                    vec![Kind::of(EventKind::Resumed)]
                }
                None => Vec::new(),
            };
            let calendar = match &t.calendar {
                Some(c) => cal_index(c)?,
                None => default_calendar,
            };
            timers.push(Timer {
                id: t.id.clone(),
                start,
                cancel,
                duration: t.duration,
                calendar,
            });
        }

        let mut workaround = vec![None; categories.len()];
        for (from, to) in &spec.workaround {
            workaround[cat_index(from)?] = Some(cat_index(to)?);
        }
        let consent = match &spec.consent {
            Some(c) => Some(Consent {
                metric: metric_index(&c.metric)?,
                within: c.within,
                before_deadline: c.before_deadline,
            }),
            None => None,
        };

        let names = crate::clock::texts::Names {
            calendars: &calendar_names,
            priorities: &priorities,
            categories: &categories,
            statuses: &statuses,
            event_names: &event_names,
        };
        let texts = Texts::new(names, &reasons, &metrics, &timers);
        Ok(Policy {
            texts,
            spec,
            calendar_names,
            calendars,
            always,
            default_calendar,
            priorities,
            categories,
            reasons,
            metrics,
            timers,
            workaround,
            consent,
            event_names,
            event_attributes,
            statuses,
        })
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
        kind_index(&self.event_names, name)
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

fn parse_cell(
    cell: &TargetCell,
    calendar: usize,
    working_days_meaning: WorkingDaysMeaning,
    cal_index: &dyn Fn(&str) -> Result<usize>,
) -> Result<Cell> {
    let (text, cal, wd) = match cell {
        TargetCell::Text(t) => (t.as_str(), calendar, working_days_meaning),
        TargetCell::Detailed(d) => (
            d.duration.as_str(),
            match &d.calendar {
                Some(c) => cal_index(c)?,
                None => calendar,
            },
            d.working_days_meaning.unwrap_or(working_days_meaning),
        ),
    };
    let detail = match cell {
        TargetCell::Detailed(d) => Some(d),
        TargetCell::Text(_) => None,
    };
    // A setting that cannot take effect is an error, not ignored.
    let unused = |key: &str, what: &str| {
        Error::InvalidPolicy(format!("{key:?} does not apply to {what} target {text:?}"))
    };
    match text.trim().to_ascii_lowercase().as_str() {
        "by agreement" => {
            if detail.is_some_and(|d| d.working_days_meaning.is_some()) {
                return Err(unused("working_days_meaning", "a"));
            }
            Ok(Cell::ByAgreement { calendar: cal })
        }
        word @ ("not allowed" | "not applicable") => {
            if detail.is_some() {
                return Err(Error::InvalidPolicy(format!("{text:?} takes no options")));
            }
            Ok(if word == "not allowed" {
                Cell::NotAllowed
            } else {
                Cell::NotApplicable
            })
        }
        _ => {
            let duration: Duration = text.parse()?;
            if detail.is_some_and(|d| d.working_days_meaning.is_some())
                && !matches!(duration, Duration::WorkingDays(_))
            {
                return Err(unused("working_days_meaning", "the non-working-day"));
            }
            Ok(Cell::Target {
                duration,
                calendar: cal,
                working_days_meaning: wd,
                text: duration.to_string(),
            })
        }
    }
}

fn kind_index(names: &[String], name: &str) -> Result<Kind> {
    names
        .iter()
        .position(|n| n == name)
        .and_then(|i| u16::try_from(i).ok())
        .map(Kind)
        .ok_or_else(|| Error::unknown("event type", name, names.iter().map(String::as_str)))
}

/// A metric's role bits per event type and per status.
fn metric_roles(
    m: &MetricSpec,
    kinds: usize,
    statuses: usize,
    kind_of: &dyn Fn(&str) -> Result<Kind>,
    status_of: &dyn Fn(&str) -> Result<usize>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut roles = vec![0u8; kinds];
    let names = [
        ("start", &m.start, role::START),
        ("stop", &m.stop, role::STOP),
        ("pause_on", &m.pause_on, role::PAUSE),
        ("resume_on", &m.resume_on, role::RESUME),
        ("reset_on", &m.reset_on, role::RESET),
        ("cancel_on", &m.cancel_on, role::CANCEL),
    ];
    if m.pause_on.is_empty() != m.resume_on.is_empty() {
        return Err(Error::InvalidPolicy(
            "give pause_on and resume_on together: a pause needs its end".into(),
        ));
    }
    if m.stop.is_empty() {
        return Err(Error::InvalidPolicy("\"stop\" names no event".into()));
    }
    for (key, list, bit) in names {
        for name in list {
            let k = kind_of(name)?;
            let r = &mut roles[k.index()];
            // One event, one role per metric (start and stop together
            // would be ambiguous), except for a periodic metric's update.
            if *r != 0 {
                return Err(Error::InvalidPolicy(format!(
                    "event type {name:?} is given two roles ({key} and another)"
                )));
            }
            *r = bit;
        }
    }
    if roles[Kind::of(EventKind::StatusChanged).index()] != 0 {
        return Err(Error::InvalidPolicy(
            "status_changed takes no role itself: name statuses in pause_in, stop_in or cancel_in"
                .into(),
        ));
    }
    // A periodic metric's last cycle ends at the ticket's resolution.
    if m.cycles == Cycles::Periodic {
        let r = &mut roles[Kind::of(EventKind::Resolved).index()];
        if *r & !role::STOP != 0 {
            return Err(Error::InvalidPolicy(
                "a periodic metric ends at \"resolved\": give it no other role".into(),
            ));
        }
        *r = role::STOP;
    }
    let mut status_roles = vec![0u8; statuses];
    for (key, list, bit) in [
        ("pause_in", &m.pause_in, role::PAUSE),
        ("stop_in", &m.stop_in, role::STOP),
        ("cancel_in", &m.cancel_in, role::CANCEL),
    ] {
        for name in list {
            let r = &mut status_roles[status_of(name)?];
            if *r != 0 {
                return Err(Error::InvalidPolicy(format!(
                    "status {name:?} is given two roles ({key} and another)"
                )));
            }
            *r = bit;
        }
    }
    Ok((roles, status_roles))
}

fn ids(what: &'static str, items: &[Named]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Err(Error::InvalidPolicy(format!(
            "a policy needs at least one {what}"
        )));
    }
    unique(what, items.iter().map(|n| n.id.as_str()))?;
    Ok(items.iter().map(|n| n.id.clone()).collect())
}

fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<()> {
    // A list, not a set: a policy names a few dozen items at most.
    let mut seen = Vec::new();
    for n in names {
        if n.is_empty() || n == "*" {
            return Err(Error::InvalidPolicy(format!("invalid {what} id {n:?}")));
        }
        if seen.contains(&n) {
            return Err(Error::InvalidPolicy(format!(
                "{what} {n:?} is defined twice"
            )));
        }
        seen.push(n);
    }
    Ok(())
}

/// Prefixes an error's context, keeping typed variants where they name the value.
fn wrap(e: Error, context: &str) -> Error {
    match e {
        Error::InvalidPolicy(m) => Error::InvalidPolicy(format!("{context}: {m}")),
        // A calendar's data errors say which of the policy's calendars.
        Error::InvalidCalendarData(m) => Error::InvalidCalendarData(format!("{context}: {m}")),
        other => other,
    }
}
