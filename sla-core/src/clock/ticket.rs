//! Ticket events: the input of the clock, parsed and checked against a policy.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::report::Text;
use crate::calendar::Calendar;
use crate::data::{deserialize_by_reader, Bad, Object, Read};
use crate::error::{Error, Result};
use crate::policy::Policy;

/// What happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// The ticket was registered (with `priority` and `category`).
    Created,
    /// The request was accepted into work.
    Accepted,
    /// First contact with the requester's administrator.
    FirstContact,
    /// The first substantive answer (reaction).
    Responded,
    /// Service started.
    ServiceStarted,
    /// The written request form arrived.
    FormReceived,
    /// The ticket was resolved.
    Resolved,
    /// A resolved ticket was reopened.
    Reopened,
    /// The ticket was closed; no event may follow.
    Closed,
    /// The clock was paused (with a `reason`).
    Paused,
    /// The pause ended.
    Resumed,
    /// The priority changed (to `priority`).
    PriorityChanged,
    /// The category changed (to `category`).
    CategoryChanged,
    /// A workaround was provided (switches the category per the policy, or to
    /// `category`; may also set `priority`).
    WorkaroundProvided,
    /// A deadline was set or extended by hand (`metric`, `deadline`, or
    /// `deadline: null` to go back to the computed one).
    DeadlineSet,
    /// The vendor asked the requester to agree to a priority or category
    /// change (the proposed `priority` and/or `category`; R3 7.3.4). Starts
    /// the policy's consent timer; the change itself is a later
    /// `priority_changed`, `category_changed` or `workaround_provided`.
    ConsentRequested,
    /// The requester answered a consent request (agreed or refused); ends
    /// the consent timer. The change, if agreed, is its own event.
    ConsentAnswered,
    /// The ticket's status changed (to `status`, one of the policy's
    /// `statuses`); metrics pause, stop or cancel in statuses they name.
    StatusChanged,
}

/// An event type of a policy: a built-in [`EventKind`] (its index in
/// [`EventKind::ALL`]) or one the policy declares (after them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Kind(pub u16);

impl Kind {
    pub(crate) const fn of(k: EventKind) -> Kind {
        Kind(k as u16)
    }

    pub(crate) fn is(self, k: EventKind) -> bool {
        self.0 == k as u16
    }

    /// The built-in kind, or `None` for a declared one.
    pub(crate) fn builtin(self) -> Option<EventKind> {
        EventKind::ALL.get(usize::from(self.0)).copied()
    }

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl EventKind {
    /// Every event kind.
    pub const ALL: [EventKind; 18] = [
        EventKind::Created,
        EventKind::Accepted,
        EventKind::FirstContact,
        EventKind::Responded,
        EventKind::ServiceStarted,
        EventKind::FormReceived,
        EventKind::Resolved,
        EventKind::Reopened,
        EventKind::Closed,
        EventKind::Paused,
        EventKind::Resumed,
        EventKind::PriorityChanged,
        EventKind::CategoryChanged,
        EventKind::WorkaroundProvided,
        EventKind::DeadlineSet,
        EventKind::ConsentRequested,
        EventKind::ConsentAnswered,
        EventKind::StatusChanged,
    ];

    /// The kind's name in JSON: `created`, `priority_changed`, ...
    ///
    /// # Examples
    /// ```
    /// use sla_core::EventKind;
    ///
    /// assert_eq!(EventKind::PriorityChanged.as_str(), "priority_changed");
    /// assert_eq!(EventKind::ALL[0].to_string(), "created");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Accepted => "accepted",
            EventKind::FirstContact => "first_contact",
            EventKind::Responded => "responded",
            EventKind::ServiceStarted => "service_started",
            EventKind::FormReceived => "form_received",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Closed => "closed",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::PriorityChanged => "priority_changed",
            EventKind::CategoryChanged => "category_changed",
            EventKind::WorkaroundProvided => "workaround_provided",
            EventKind::DeadlineSet => "deadline_set",
            EventKind::ConsentRequested => "consent_requested",
            EventKind::ConsentAnswered => "consent_answered",
            EventKind::StatusChanged => "status_changed",
        }
    }

    /// The kind with that [`name`](EventKind::as_str).
    ///
    /// # Errors
    /// [`Error::Unknown`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::EventKind;
    ///
    /// assert_eq!(EventKind::from_name("resolved")?, EventKind::Resolved);
    /// assert!(EventKind::from_name("solved").is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
            .ok_or_else(|| {
                Error::unknown("event type", name, EventKind::ALL.map(EventKind::as_str))
            })
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

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

impl Policy {
    /// Checks a ticket's events against this policy.
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] for a missing or repeated `created` and for
    /// missing or unexpected fields, [`Error::InvalidInstant`],
    /// [`Error::EventsOutOfOrder`], [`Error::InvalidEvent`] (resume without a
    /// pause, pause while paused, events after closed, ...), [`Error::Unknown`]
    /// for unknown priorities, categories, reasons, metrics, calendars and
    /// event types, [`Error::ForbiddenPair`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Error, Policy, TicketSpec};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let mut spec: TicketSpec = serde_json::from_str(r#"{ "id": "T-7", "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"},
    ///   {"at": "2026-03-06T10:30:00Z", "type": "responded"} ] }"#).expect("ticket JSON");
    /// assert_eq!(policy.ticket(&spec)?.len(), 2);
    /// spec.events[1].at = "2026-03-06T09:30:00Z".to_string(); // before `created`
    /// assert!(matches!(policy.ticket(&spec), Err(Error::EventsOutOfOrder { index: 1, .. })));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn ticket(&self, spec: &TicketSpec) -> Result<Ticket> {
        self.ticket_rebound(spec, None)
    }

    /// [`Policy::ticket`] with a policy set rule's calendar rebinding
    /// beside the ticket's own (the ticket's rebinding of the same calendar
    /// wins), without copying the ticket.
    pub(crate) fn ticket_rebound(
        &self,
        spec: &TicketSpec,
        rebinding: Option<&BTreeMap<String, Value>>,
    ) -> Result<Ticket> {
        let mut calendars = self.calendars.clone();
        let rule = rebinding
            .into_iter()
            .flatten()
            .filter(|(name, _)| !spec.calendars.contains_key(*name));
        for (name, value) in rule.chain(&spec.calendars) {
            let i = self.calendar_index(name)?;
            calendars[i] = match value {
                serde_json::Value::String(s) if self.calendar_index(s).is_ok() => {
                    self.calendars[self.calendar_index(s)?].clone()
                }
                v => Calendar::from_value(v)?,
            };
        }
        let mut events = Vec::with_capacity(spec.events.len());
        let mut check = Checker::default();
        for (index, e) in spec.events.iter().enumerate() {
            let mut event = self.parse_event(index, e)?;
            if let Some(prev) = events.last().map(|p: &Event| p.at) {
                if event.at < prev {
                    return Err(Error::EventsOutOfOrder {
                        index,
                        event: e.kind.clone(),
                        at: e.at.clone(),
                        previous: spec.events[index - 1].at.clone(),
                    });
                }
            }
            check.step(self, index, &mut event)?;
            events.push(event);
        }
        if events.is_empty() {
            return Err(Error::InvalidTicket(
                "a ticket needs at least its created event".into(),
            ));
        }
        Ok(Ticket {
            id: spec.id.as_deref().map(Text::from),
            calendars,
            events,
        })
    }

    fn parse_event(&self, index: usize, e: &EventSpec) -> Result<Event> {
        let bad = |reason: String| Error::InvalidEvent {
            index,
            event: e.kind.clone(),
            reason,
        };
        // An unknown type in a ticket is a fault of the event, not the policy.
        let kind = self.event_kind(&e.kind).map_err(|u| bad(u.to_string()))?;
        let at = super::whole_second_up(&crate::parse_instant(&e.at)?);
        if !crate::calendar::SUPPORTED.contains(&at) {
            return Err(Error::out_of_range(at));
        }
        // Which fields this kind takes.
        let builtin = kind.builtin();
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
        // `created` takes any attribute names, a declared type its own.
        let declared_attributes = match builtin {
            Some(EventKind::Created) => None,
            Some(_) => Some(&[][..]),
            None => Some(self.event_attributes(kind)),
        };
        for name in e.attributes.keys() {
            match declared_attributes {
                Some([]) => {
                    return Err(bad(
                        "field \"attributes\" does not belong to this event type".to_string(),
                    ))
                }
                Some(known) if !known.iter().any(|k| k == name) => {
                    return Err(bad(Error::unknown(
                        "attribute",
                        name,
                        known.iter().map(String::as_str),
                    )
                    .to_string()))
                }
                _ => {}
            }
        }
        for (given, allowed, field) in [
            (e.status.is_some(), status_allowed, "status"),
            (e.priority.is_some(), p, "priority"),
            (e.category.is_some(), c, "category"),
            (e.reason.is_some(), r, "reason"),
            (e.metric.is_some(), m, "metric"),
            (e.deadline.is_some(), m, "deadline"),
        ] {
            if given && !allowed {
                return Err(bad(format!(
                    "field {field:?} does not belong to this event type"
                )));
            }
        }
        let need = |v: &Option<String>, field: &str| -> Result<String> {
            v.clone()
                .ok_or_else(|| bad(format!("missing field {field:?}")))
        };
        let Some(builtin) = builtin else {
            return Ok(Event {
                at,
                kind,
                data: EventData::None,
            });
        };
        let data = match builtin {
            EventKind::Created => EventData::Created {
                priority: self.priority_index(&need(&e.priority, "priority")?)?,
                category: self.category_index(&need(&e.category, "category")?)?,
                status: match &e.status {
                    Some(s) => Some(self.status_index(s)?),
                    None => None,
                },
            },
            EventKind::StatusChanged => {
                EventData::Status(self.status_index(&need(&e.status, "status")?)?)
            }
            EventKind::PriorityChanged => {
                EventData::Priority(self.priority_index(&need(&e.priority, "priority")?)?)
            }
            EventKind::CategoryChanged => {
                EventData::Category(self.category_index(&need(&e.category, "category")?)?)
            }
            EventKind::Paused => EventData::Reason(self.reason_index(&need(&e.reason, "reason")?)?),
            EventKind::WorkaroundProvided => EventData::Workaround {
                category: match &e.category {
                    Some(c) => self.category_index(c)?,
                    None => usize::MAX, // resolved against the current category
                },
                priority: match &e.priority {
                    Some(p) => Some(self.priority_index(p)?),
                    None => None,
                },
            },
            EventKind::ConsentRequested => {
                if e.priority.is_none() && e.category.is_none() {
                    return Err(bad(
                        "give the proposed \"priority\" or \"category\" (or both)".to_string(),
                    ));
                }
                EventData::Consent {
                    category: match &e.category {
                        Some(c) => Some(self.category_index(c)?),
                        None => None,
                    },
                    priority: match &e.priority {
                        Some(p) => Some(self.priority_index(p)?),
                        None => None,
                    },
                }
            }
            EventKind::DeadlineSet => EventData::Deadline {
                metric: self.metric_index(&need(&e.metric, "metric")?)?,
                deadline: match &e.deadline {
                    Some(d) => Some(super::whole_second_up(&crate::parse_instant(d)?)),
                    None => None,
                },
            },
            _ => EventData::None,
        };
        Ok(Event { at, kind, data })
    }
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
            (EventKind::Paused, _) => {
                if self.paused {
                    return Err(bad("the ticket is already paused"));
                }
                if self.resolved {
                    return Err(bad("a resolved ticket cannot be paused"));
                }
                self.paused = true;
            }
            (EventKind::Resumed, _) => {
                if !self.paused {
                    return Err(bad("resume without a pause"));
                }
                self.paused = false;
            }
            (EventKind::Resolved, _) => {
                if self.resolved {
                    return Err(bad("the ticket is already resolved"));
                }
                self.resolved = true;
                self.paused = false;
            }
            (EventKind::Reopened, _) => {
                if !self.resolved {
                    return Err(bad("reopen without a resolution"));
                }
                self.resolved = false;
            }
            (EventKind::Closed, _) => self.closed = true,
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
            (EventKind::WorkaroundProvided, EventData::Workaround { category, priority }) => {
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
                // The clock needs no state to apply it: store the outcome.
                e.data = EventData::Workaround {
                    category: c,
                    priority: Some(p),
                };
            }
            _ => {}
        }
        Ok(())
    }
}
