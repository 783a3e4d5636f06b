//! Ticket events: the input of the clock, parsed and checked against a policy.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::calendar::Calendar;
use crate::data::{deserialize_by_reader, Bad, Object, Read};
use crate::error::{Error, Result};
use crate::instant::{parse_instant, whole_second_up};
use crate::policy::{EventKind, Kind, Policy};
use crate::text::Text;

/// One event as JSON carries it. Which optional fields an event needs
/// depends on its `type`; a field the type does not use is an error.
/// Every event type and its fields: `docs/policy-reference.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSpec {
    /// RFC 3339 instant with an offset.
    pub at: String,
    /// The event type, e.g. `"created"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// For `created`, `priority_changed`, `workaround_provided`,
    /// `consent_requested`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// For `created`, `category_changed`, `workaround_provided`,
    /// `consent_requested`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// For `paused`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `deadline_set`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// For `deadline_set`: the new deadline, or null to clear it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// For `status_changed` (and optionally `created`): one of the policy's
    /// statuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// For `created` (any names) and declared event types (the names they
    /// declare): string attributes that become the ticket's (customer,
    /// product, channel, licence, ...).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Free text, kept out of the computation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A ticket as JSON carries it. See `docs/policy-reference.md`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TicketSpec {
    /// The helpdesk's identifier, echoed in the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Per-ticket calendar rebinding: policy calendar name → another policy
    /// calendar's name, a calendar text form or a calendar spec object
    /// (the customer's own hours, a 24×7 licence).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub calendars: BTreeMap<String, serde_json::Value>,
    /// The events, in time order.
    pub events: Vec<EventSpec>,
}

deserialize_by_reader!(EventSpec, TicketSpec);

impl Read for EventSpec {
    fn read(v: &Value) -> std::result::Result<EventSpec, Bad> {
        let o = Object::new(
            v,
            "EventSpec",
            &[
                "at",
                "type",
                "priority",
                "category",
                "reason",
                "metric",
                "deadline",
                "status",
                "attributes",
                "note",
            ],
        )?;
        Ok(EventSpec {
            // A null time (Python's None or NaT, JavaScript's null or an
            // invalid Date) is a missing one, and is named so.
            at: o.opt("at")?.ok_or_else(|| Bad::missing("at"))?,
            kind: o.req("type")?,
            priority: o.opt("priority")?,
            category: o.opt("category")?,
            reason: o.opt("reason")?,
            metric: o.opt("metric")?,
            deadline: o.opt("deadline")?,
            status: o.opt("status")?,
            attributes: o.or_default("attributes")?,
            note: o.opt("note")?,
        })
    }
}

impl Read for TicketSpec {
    fn read(v: &Value) -> std::result::Result<TicketSpec, Bad> {
        let o = Object::new(v, "TicketSpec", &["id", "calendars", "events"])?;
        Ok(TicketSpec {
            id: o.opt("id")?,
            calendars: o.or_default("calendars")?,
            events: o.req("events")?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum EventData {
    None,
    Created {
        priority: usize,
        category: usize,
        status: Option<usize>,
    },
    Status(usize),
    Priority(usize),
    Category(usize),
    Reason(usize),
    Workaround {
        category: usize,
        priority: Option<usize>,
    },
    Deadline {
        metric: usize,
        deadline: Option<i64>,
    },
    /// A consent request for this (category, priority) (the current one
    /// where the request leaves it out).
    Consent {
        category: Option<usize>,
        priority: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Event {
    pub at: i64,
    pub kind: Kind,
    pub data: EventData,
}

/// A ticket checked against a policy, ready to be evaluated at any instant.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub(crate) id: Option<Text>,
    /// The policy's calendars with this ticket's rebinding applied.
    pub(crate) calendars: Vec<Calendar>,
    pub(crate) events: Vec<Event>,
}

impl Ticket {
    /// The helpdesk's identifier.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let created = r#"{"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"}"#;
    /// let ticket = policy.ticket_from_json(&format!(r#"{{ "id": "HD-42", "events": [{created}] }}"#))?;
    /// assert_eq!(ticket.id(), Some("HD-42"));
    /// let anonymous = policy.ticket_from_json(&format!(r#"{{ "events": [{created}] }}"#))?;
    /// assert_eq!(anonymous.id(), None);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Number of events.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"},
    ///   {"at": "2026-03-06T10:05:00Z", "type": "responded"},
    ///   {"at": "2026-03-06T11:00:00Z", "type": "resolved"} ] }"#)?;
    /// assert_eq!(ticket.len(), 3);
    /// assert!(!ticket.is_empty());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the ticket has no events (never true for a checked ticket).
    ///
    /// # Examples
    /// ```
    /// use sla_core::Policy;
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#)?;
    /// assert!(!ticket.is_empty()); // a checked ticket has its `created` event
    /// assert!(policy.ticket_from_json(r#"{ "events": [] }"#).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// Where an event's time comes from: RFC 3339 text (JSON), or whole epoch
/// seconds (a table's timestamp column, `crate::table`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum When<'a> {
    Text(&'a str),
    Seconds(i64),
}

impl When<'_> {
    /// The instant in whole seconds, rounded up.
    fn seconds(self) -> Result<i64> {
        match self {
            When::Text(t) => Ok(whole_second_up(&parse_instant(t)?)),
            When::Seconds(s) => Ok(s),
        }
    }

    /// The instant as the event gave it, for messages.
    fn text(self) -> String {
        match self {
            When::Text(t) => t.to_string(),
            When::Seconds(s) => crate::rfc3339::format(s, 0),
        }
    }
}

/// One event's fields, borrowed: from an [`EventSpec`] or from a table's
/// row (`crate::table`), so both are checked by the same code without
/// building strings. `attributes` gives the names of the attributes the
/// event sets.
#[derive(Debug, Clone)]
pub(crate) struct EventView<'a, A> {
    pub at: When<'a>,
    pub kind: &'a str,
    pub priority: Option<&'a str>,
    pub category: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub metric: Option<&'a str>,
    pub deadline: Option<When<'a>>,
    pub status: Option<&'a str>,
    pub attributes: A,
}

/// Checks a ticket's events against `policy` (see [`Policy::ticket`]); the
/// ticket counts on `calendars`, the policy's with its rebinding applied.
pub(super) fn check(
    policy: &Policy,
    spec: &TicketSpec,
    calendars: Vec<Calendar>,
) -> Result<Ticket> {
    let views = spec.events.iter().map(|e| EventView {
        at: When::Text(&e.at),
        kind: &e.kind,
        priority: e.priority.as_deref(),
        category: e.category.as_deref(),
        reason: e.reason.as_deref(),
        metric: e.metric.as_deref(),
        deadline: e.deadline.as_deref().map(When::Text),
        status: e.status.as_deref(),
        attributes: e.attributes.keys().map(String::as_str),
    });
    let mut events = Vec::with_capacity(spec.events.len());
    check_views(policy, views, &mut events)?;
    Ok(Ticket {
        id: spec.id.as_deref().map(Text::from),
        calendars,
        events,
    })
}

/// Checks a ticket's events, given as borrowed views (of a [`TicketSpec`]
/// or of a table's rows), against `policy`, into `events` (cleared first).
pub(crate) fn check_views<'a, A: Iterator<Item = &'a str> + Clone>(
    policy: &Policy,
    views: impl Iterator<Item = EventView<'a, A>>,
    events: &mut Vec<Event>,
) -> Result<()> {
    events.clear();
    let mut check = Checker::default();
    let mut previous: Option<When<'a>> = None;
    for (index, e) in views.enumerate() {
        let (kind, at) = (e.kind, e.at);
        let mut event = parse_event(policy, index, e)?;
        if let (Some(prev), Some(p)) = (events.last().map(|p: &Event| p.at), previous) {
            if event.at < prev {
                return Err(Error::EventsOutOfOrder {
                    index,
                    event: kind.to_string(),
                    at: at.text(),
                    previous: p.text(),
                });
            }
        }
        previous = Some(at);
        check.step(policy, index, &mut event)?;
        events.push(event);
    }
    if events.is_empty() {
        return Err(Error::InvalidTicket(
            "a ticket needs at least its created event".into(),
        ));
    }
    Ok(())
}

/// Event `index` of a ticket, `e`, checked on its own against `policy`:
/// its type, instant, and the fields its type takes.
fn parse_event<'a, A: Iterator<Item = &'a str> + Clone>(
    policy: &Policy,
    index: usize,
    e: EventView<'a, A>,
) -> Result<Event> {
    let bad = |reason: String| Error::InvalidEvent {
        index,
        event: e.kind.to_string(),
        reason,
    };
    // An unknown type in a ticket is a fault of the event, not the policy.
    let kind = policy.event_kind(e.kind).map_err(|u| bad(u.to_string()))?;
    let at = e.at.seconds()?;
    if !crate::calendar::SUPPORTED.contains(&at) {
        return Err(Error::out_of_range(at));
    }
    check_attributes(policy, kind, e.attributes.clone()).map_err(bad)?;
    check_fields(kind.builtin(), &e).map_err(bad)?;
    let data = match kind.builtin() {
        Some(builtin) => event_data(policy, builtin, &e, &bad)?,
        None => EventData::None,
    };
    Ok(Event { at, kind, data })
}

/// Checks the attributes an event of type `kind` sets (their `names`):
/// `created` takes any names, a declared type its own, other types none.
fn check_attributes<'a>(
    policy: &Policy,
    kind: Kind,
    names: impl Iterator<Item = &'a str>,
) -> std::result::Result<(), String> {
    let declared = match kind.builtin() {
        Some(EventKind::Created) => return Ok(()),
        Some(_) => &[][..],
        None => policy.event_attributes(kind),
    };
    for name in names {
        if declared.is_empty() {
            return Err("field \"attributes\" does not belong to this event type".to_string());
        }
        if !declared.iter().any(|k| k == name) {
            return Err(
                Error::unknown("attribute", name, declared.iter().map(String::as_str)).to_string(),
            );
        }
    }
    Ok(())
}

/// Checks that event `e` gives only the fields its built-in type takes
/// (a declared type takes none of them).
fn check_fields<A>(
    builtin: Option<EventKind>,
    e: &EventView<'_, A>,
) -> std::result::Result<(), String> {
    // Which fields this kind takes: priority, category, reason, metric.
    let (p, c, r, m) = match builtin {
        Some(EventKind::Created) => (true, true, false, false),
        Some(EventKind::PriorityChanged) => (true, false, false, false),
        Some(EventKind::CategoryChanged) => (false, true, false, false),
        Some(EventKind::WorkaroundProvided | EventKind::ConsentRequested) => {
            (true, true, false, false)
        }
        Some(EventKind::Paused) => (false, false, true, false),
        Some(EventKind::DeadlineSet) => (false, false, false, true),
        _ => (false, false, false, false),
    };
    let status_allowed = matches!(builtin, Some(EventKind::Created | EventKind::StatusChanged));
    for (given, allowed, field) in [
        (e.status.is_some(), status_allowed, "status"),
        (e.priority.is_some(), p, "priority"),
        (e.category.is_some(), c, "category"),
        (e.reason.is_some(), r, "reason"),
        (e.metric.is_some(), m, "metric"),
        (e.deadline.is_some(), m, "deadline"),
    ] {
        if given && !allowed {
            return Err(format!(
                "field {field:?} does not belong to this event type"
            ));
        }
    }
    Ok(())
}

/// What event `e` of a built-in type carries, its names resolved against
/// `policy`.
fn event_data<'a, A>(
    policy: &Policy,
    builtin: EventKind,
    e: &EventView<'a, A>,
    bad: &dyn Fn(String) -> Error,
) -> Result<EventData> {
    let need = |v: Option<&'a str>, field: &str| -> Result<&'a str> {
        v.ok_or_else(|| bad(format!("missing field {field:?}")))
    };
    let optional = |v: Option<&str>, index: &dyn Fn(&str) -> Result<usize>| match v {
        Some(name) => index(name).map(Some),
        None => Ok(None),
    };
    let priority = |name: &str| policy.priority_index(name);
    let category = |name: &str| policy.category_index(name);
    Ok(match builtin {
        EventKind::Created => EventData::Created {
            priority: policy.priority_index(need(e.priority, "priority")?)?,
            category: policy.category_index(need(e.category, "category")?)?,
            status: optional(e.status, &|s| policy.status_index(s))?,
        },
        EventKind::StatusChanged => {
            EventData::Status(policy.status_index(need(e.status, "status")?)?)
        }
        EventKind::PriorityChanged => {
            EventData::Priority(policy.priority_index(need(e.priority, "priority")?)?)
        }
        EventKind::CategoryChanged => {
            EventData::Category(policy.category_index(need(e.category, "category")?)?)
        }
        EventKind::Paused => EventData::Reason(policy.reason_index(need(e.reason, "reason")?)?),
        EventKind::WorkaroundProvided => EventData::Workaround {
            // `usize::MAX`: resolved against the current category.
            category: optional(e.category, &category)?.unwrap_or(usize::MAX),
            priority: optional(e.priority, &priority)?,
        },
        EventKind::ConsentRequested => {
            if e.priority.is_none() && e.category.is_none() {
                return Err(bad(
                    "give the proposed \"priority\" or \"category\" (or both)".to_string(),
                ));
            }
            EventData::Consent {
                category: optional(e.category, &category)?,
                priority: optional(e.priority, &priority)?,
            }
        }
        EventKind::DeadlineSet => EventData::Deadline {
            metric: policy.metric_index(need(e.metric, "metric")?)?,
            deadline: match e.deadline {
                Some(d) => Some(d.seconds()?),
                None => None,
            },
        },
        _ => EventData::None,
    })
}

/// The ticket-level state machine that rejects impossible event sequences.
#[derive(Default)]
struct Checker {
    created: bool,
    closed: bool,
    resolved: bool,
    paused: bool,
    /// A consent request waits for its answer or its change.
    consent: bool,
    category: usize,
    priority: usize,
}

impl Checker {
    /// Checks event `index`, `e`, against the ticket's state so far, and
    /// applies it to the state (a workaround's outcome is stored in `e`).
    fn step(&mut self, policy: &Policy, index: usize, e: &mut Event) -> Result<()> {
        let name = policy.event_name(e.kind);
        let bad = |reason: &str| Error::InvalidEvent {
            index,
            event: name.to_string(),
            reason: reason.to_string(),
        };
        if !self.created && !e.kind.is(EventKind::Created) {
            return Err(Error::InvalidTicket(format!(
                "the first event must be \"created\", found {name:?}"
            )));
        }
        let Some(kind) = e.kind.builtin() else {
            return Ok(());
        };
        if self.closed {
            return Err(bad("the ticket is already closed"));
        }
        match (kind, e.data) {
            (
                EventKind::Created,
                EventData::Created {
                    priority, category, ..
                },
            ) => {
                if self.created {
                    return Err(bad("the ticket was already created"));
                }
                policy.check_pair_index(category, priority)?;
                self.created = true;
                self.priority = priority;
                self.category = category;
            }
            (EventKind::WorkaroundProvided, EventData::Workaround { category, priority }) => {
                let (c, p) = self.workaround(policy, category, priority, &bad)?;
                // The clock needs no state to apply it: store the outcome.
                e.data = EventData::Workaround {
                    category: c,
                    priority: Some(p),
                };
            }
            (kind, data) => {
                self.lifecycle(kind, &bad)?;
                self.change(policy, kind, data, &bad)?;
            }
        }
        Ok(())
    }

    /// A pause, resume, resolution, reopening or closing.
    fn lifecycle(&mut self, kind: EventKind, bad: &dyn Fn(&str) -> Error) -> Result<()> {
        match kind {
            EventKind::Paused => {
                if self.paused {
                    return Err(bad("the ticket is already paused"));
                }
                if self.resolved {
                    return Err(bad("a resolved ticket cannot be paused"));
                }
                self.paused = true;
            }
            EventKind::Resumed => {
                if !self.paused {
                    return Err(bad("resume without a pause"));
                }
                self.paused = false;
            }
            EventKind::Resolved => {
                if self.resolved {
                    return Err(bad("the ticket is already resolved"));
                }
                self.resolved = true;
                self.paused = false;
            }
            EventKind::Reopened => {
                if !self.resolved {
                    return Err(bad("reopen without a resolution"));
                }
                self.resolved = false;
            }
            EventKind::Closed => self.closed = true,
            _ => {}
        }
        Ok(())
    }

    /// A priority or category change, a consent request or its answer: the
    /// pair it leads to must be allowed.
    fn change(
        &mut self,
        policy: &Policy,
        kind: EventKind,
        data: EventData,
        bad: &dyn Fn(&str) -> Error,
    ) -> Result<()> {
        match (kind, data) {
            (EventKind::PriorityChanged, EventData::Priority(p)) => {
                policy.check_pair_index(self.category, p)?;
                self.priority = p;
                self.consent = false;
            }
            (EventKind::CategoryChanged, EventData::Category(c)) => {
                policy.check_pair_index(c, self.priority)?;
                self.category = c;
                self.consent = false;
            }
            (EventKind::ConsentRequested, EventData::Consent { category, priority }) => {
                if policy.consent.is_none() {
                    return Err(bad("the policy has no consent rule"));
                }
                policy.check_pair_index(
                    category.unwrap_or(self.category),
                    priority.unwrap_or(self.priority),
                )?;
                self.consent = true;
            }
            (EventKind::ConsentAnswered, _) => {
                if !self.consent {
                    return Err(bad("no consent request to answer"));
                }
                self.consent = false;
            }
            _ => {}
        }
        Ok(())
    }

    /// A workaround to `category` (`usize::MAX`: the policy's mapping of
    /// the current one) and `priority` (`None`: the current one): the
    /// (category, priority) it leads to.
    fn workaround(
        &mut self,
        policy: &Policy,
        category: usize,
        priority: Option<usize>,
        bad: &dyn Fn(&str) -> Error,
    ) -> Result<(usize, usize)> {
        let c = if category == usize::MAX {
            policy.workaround[self.category].ok_or_else(|| {
                bad(&format!(
                    "the policy maps no workaround category for {:?}; give \"category\"",
                    policy.categories[self.category]
                ))
            })?
        } else {
            category
        };
        let p = priority.unwrap_or(self.priority);
        policy.check_pair_index(c, p)?;
        self.category = c;
        self.priority = p;
        self.consent = false;
        Ok((c, p))
    }
}
