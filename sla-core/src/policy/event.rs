//! Event types: the built-in [`EventKind`]s and a policy's [`Kind`]s (the
//! built-in ones, then those it declares).

use crate::error::{Error, Result};

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

    /// The kind with that name ([`EventKind::as_str`]).
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
