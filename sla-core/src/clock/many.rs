//! Tickets as the bindings hand them over, and many at once: a ticket that
//! remembers the policy that checked it ([`CheckedTicket`]), a ticket
//! given either checked or as JSON text ([`TicketInput`]), and
//! [`Policy::evaluate_many`], one result per ticket.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::bulk::same_length;
use crate::clock::{EvaluateOptions, Report, Ticket};
use crate::error::{Error, Result};
use crate::policy::Policy;

/// A ticket's events checked by a policy, with that policy and the JSON
/// text they were read from: evaluated by the same policy, it is not
/// checked again; by another one, it is checked again from its text (its
/// names may mean something else there).
///
/// # Examples
/// ```
/// use std::sync::Arc;
/// use sla_core::{CheckedTicket, Policy};
///
/// let policy = Arc::new(Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?);
/// let json = r#"{ "id": "T-1", "events": [
///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#;
/// let ticket = CheckedTicket::new(policy.clone(), json)?;
/// assert_eq!(ticket.ticket().id(), Some("T-1"));
/// assert_eq!(ticket.json(), json);
/// assert!(Arc::ptr_eq(ticket.policy(), &policy));
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CheckedTicket {
    policy: Arc<Policy>,
    ticket: Arc<Ticket>,
    json: Arc<str>,
}

impl CheckedTicket {
    /// The ticket of JSON text `json`, checked by `policy`.
    ///
    /// # Errors
    /// As [`Policy::ticket_from_json`].
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::{CheckedTicket, ErrorKind, Policy};
    ///
    /// let policy = Arc::new(Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?);
    /// let err = CheckedTicket::new(policy, r#"{ "events": [] }"#).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Event);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn new(policy: Arc<Policy>, json: &str) -> Result<CheckedTicket> {
        let ticket = Arc::new(policy.ticket_from_json(json)?);
        Ok(CheckedTicket {
            policy,
            ticket,
            json: json.into(),
        })
    }

    /// The policy that checked the ticket.
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::{CheckedTicket, Policy};
    ///
    /// let policy = Arc::new(Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?);
    /// let ticket = CheckedTicket::new(policy, r#"{ "events": [
    ///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#)?;
    /// assert_eq!(ticket.policy().name(), "demo");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn policy(&self) -> &Arc<Policy> {
        &self.policy
    }

    /// The checked ticket.
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::{CheckedTicket, Policy};
    ///
    /// let policy = Arc::new(Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?);
    /// let ticket = CheckedTicket::new(policy, r#"{ "events": [
    ///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#)?;
    /// assert_eq!(ticket.ticket().len(), 1);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn ticket(&self) -> &Ticket {
        &self.ticket
    }

    /// The JSON text the ticket was read from.
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::{CheckedTicket, Policy};
    ///
    /// let policy = Arc::new(Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?);
    /// let json = r#"{ "events": [
    ///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#;
    /// assert_eq!(CheckedTicket::new(policy, json)?.json(), json);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// A ticket as a caller hands it to a policy: already checked (by this
/// policy or another), or as JSON text.
///
/// # Examples
/// ```
/// use sla_core::TicketInput;
///
/// let json = r#"{ "events": [] }"#;
/// assert_eq!(TicketInput::from(json).json(), json);
/// ```
#[derive(Debug, Clone)]
pub enum TicketInput {
    /// A ticket checked by a policy.
    Checked(CheckedTicket),
    /// A ticket's JSON text, not checked yet.
    Json(Arc<str>),
}

impl From<CheckedTicket> for TicketInput {
    fn from(t: CheckedTicket) -> TicketInput {
        TicketInput::Checked(t)
    }
}

impl From<&str> for TicketInput {
    fn from(json: &str) -> TicketInput {
        TicketInput::Json(json.into())
    }
}

impl From<String> for TicketInput {
    fn from(json: String) -> TicketInput {
        TicketInput::Json(json.into())
    }
}

impl TicketInput {
    /// The ticket's JSON text (a policy set checks it against the policy it
    /// selects).
    ///
    /// # Examples
    /// ```
    /// use sla_core::TicketInput;
    ///
    /// assert_eq!(TicketInput::from(String::from("{}")).json(), "{}");
    /// ```
    pub fn json(&self) -> &str {
        match self {
            TicketInput::Checked(t) => t.json(),
            TicketInput::Json(json) => json,
        }
    }

    /// The ticket checked by `policy`: a ticket that `policy` checked
    /// itself as it is, any other read from its JSON text and checked.
    ///
    /// # Errors
    /// As [`Policy::ticket_from_json`].
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::{CheckedTicket, Policy, TicketInput};
    ///
    /// let text = |target: &str| format!(r#"{{ "name": "demo", "calendars": {{ "office": "24x7 UTC" }},
    ///   "priorities": [ {{"id": "high"}} ], "categories": [ {{"id": "incident"}} ],
    ///   "metrics": [ {{ "id": "reaction", "stop": "responded", "targets": {{ "*": {{ "*": "{target}" }} }} }} ] }}"#);
    /// let one = Arc::new(Policy::from_json(&text("1h"))?);
    /// let other = Policy::from_json(&text("2h"))?;
    /// let ticket = TicketInput::from(CheckedTicket::new(one.clone(), r#"{ "events": [
    ///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#)?);
    /// assert_eq!(ticket.check(&one)?.len(), 1);
    /// assert_eq!(ticket.check(&other)?.len(), 1); // checked again
    /// assert!(TicketInput::from("{").check(&other).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn check(&self, policy: &Policy) -> Result<Arc<Ticket>> {
        match self {
            TicketInput::Checked(t) if std::ptr::eq(&*t.policy, policy) => Ok(t.ticket.clone()),
            other => policy.ticket_from_json(other.json()).map(Arc::new),
        }
    }

    /// The ticket's identifier, if its checked form or its JSON text has
    /// one (for the error of a ticket that failed).
    fn id(&self) -> Option<String> {
        match self {
            TicketInput::Checked(t) => t.ticket.id().map(str::to_string),
            TicketInput::Json(json) => serde_json::from_str::<serde_json::Value>(json)
                .ok()?
                .get("id")?
                .as_str()
                .map(str::to_string),
        }
    }
}

/// The evaluation instants of a batch: one for every ticket, or one per
/// ticket.
///
/// # Examples
/// ```
/// use sla_core::{parse_instant, At};
///
/// let t = parse_instant("2026-03-02T10:00:00Z")?.to_utc();
/// assert_eq!(At::One(t).get(5), Some(t));
/// assert_eq!(At::Each(&[t]).get(1), None);
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At<'a> {
    /// The same instant for every ticket.
    One(DateTime<Utc>),
    /// One instant per ticket.
    Each(&'a [DateTime<Utc>]),
}

impl At<'_> {
    /// Ticket `i`'s instant (`None` beyond the slice).
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, At};
    ///
    /// let t = parse_instant("2026-03-02T10:00:00Z")?.to_utc();
    /// assert_eq!(At::Each(&[t, t]).get(1), Some(t));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn get(&self, i: usize) -> Option<DateTime<Utc>> {
        match self {
            At::One(t) => Some(*t),
            At::Each(v) => v.get(i).copied(),
        }
    }
}

impl Policy {
    /// [`Policy::evaluate_with`] of a ticket as a caller hands it over,
    /// checked by this policy first unless it already is (see
    /// [`TicketInput::check`]).
    ///
    /// # Errors
    /// As [`TicketInput::check`] and [`Policy::evaluate_with`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, EvaluateOptions, Policy, TicketInput};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = TicketInput::from(r#"{ "events": [
    ///   {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#);
    /// let at = parse_instant("2026-03-02T10:30:00Z")?;
    /// let report = policy.evaluate_input(&ticket, &at, EvaluateOptions::default())?;
    /// assert_eq!(report.metric("reaction").and_then(|m| m.remaining_seconds), Some(1800));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_input<Z: chrono::TimeZone>(
        &self,
        ticket: &TicketInput,
        at: &DateTime<Z>,
        options: EvaluateOptions,
    ) -> Result<Report> {
        self.evaluate_with(&*ticket.check(self)?, at, options)
    }

    /// [`Policy::evaluate_input`] of many tickets: one result per ticket,
    /// in their order. A ticket that fails does not stop the others; its
    /// error is [`Error::InTicket`], naming its place in `tickets` (from 0)
    /// and its identifier.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] (for the whole batch) when the instants
    /// given per ticket are not as many as the tickets.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, At, Error, ErrorKind, EvaluateOptions, Policy, TicketInput};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let tickets = [
    ///     TicketInput::from(r#"{ "id": "T-1", "events": [
    ///       {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "high", "category": "incident"} ] }"#),
    ///     TicketInput::from(r#"{ "id": "T-2", "events": [
    ///       {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "urgent", "category": "incident"} ] }"#),
    /// ];
    /// let at = parse_instant("2026-03-02T10:30:00Z")?.to_utc();
    /// let results = policy.evaluate_many(&tickets, At::One(at), EvaluateOptions::default())?;
    /// assert!(results[0].is_ok());
    /// let err = results[1].as_ref().unwrap_err();
    /// assert!(matches!(err, Error::InTicket { index: 1, .. }));
    /// assert!(err.to_string().starts_with("ticket #1 (\"T-2\"): unknown priority \"urgent\""), "{err}");
    /// assert_eq!(err.kind(), ErrorKind::Policy);
    /// assert!(policy.evaluate_many(&tickets, At::Each(&[at]), EvaluateOptions::default()).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_many(
        &self,
        tickets: &[TicketInput],
        at: At<'_>,
        options: EvaluateOptions,
    ) -> Result<Vec<Result<Report>>> {
        let one = |(index, (ticket, at)): (usize, (&TicketInput, &DateTime<Utc>))| {
            self.evaluate_input(ticket, at, options)
                .map_err(|error| Error::InTicket {
                    index,
                    id: ticket.id(),
                    error: Box::new(error),
                })
        };
        Ok(match at {
            At::One(at) => tickets
                .iter()
                .zip(std::iter::repeat(&at))
                .enumerate()
                .map(one)
                .collect(),
            At::Each(ats) => {
                same_length("tickets", tickets.len(), "at", ats.len())?;
                tickets.iter().zip(ats).enumerate().map(one).collect()
            }
        })
    }
}

/// What a batch call does with a ticket that fails: `Raise` the first
/// failure (the default), or `Collect` each in its ticket's place and go on.
/// The bindings' `errors=` option (Python) and `{ errors }` (JS), read here
/// so that both spell and check it alike.
///
/// # Examples
/// ```
/// use sla_core::{ErrorKind, OnError};
///
/// assert_eq!(OnError::from_name("collect")?, OnError::Collect);
/// assert_eq!(OnError::default().as_str(), "raise");
/// let err = OnError::from_name("ignore").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Input);
/// assert_eq!(err.to_string(), r#"invalid data: errors must be "collect" or "raise", not "ignore""#);
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// The first failing ticket's error is the call's error.
    #[default]
    Raise,
    /// Each failing ticket's error takes its place among the results.
    Collect,
}

impl OnError {
    /// The option's value as the bindings spell it: `"raise"`, `"collect"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OnError::Raise => "raise",
            OnError::Collect => "collect",
        }
    }

    /// Reads [`OnError::as_str`] back.
    ///
    /// # Errors
    /// [`Error::InvalidData`] for any other name.
    pub fn from_name(name: &str) -> Result<OnError> {
        match name {
            "raise" => Ok(OnError::Raise),
            "collect" => Ok(OnError::Collect),
            other => Err(Error::InvalidData(format!(
                "errors must be \"collect\" or \"raise\", not {other:?}"
            ))),
        }
    }
}

impl std::fmt::Display for OnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{ "name": "demo", "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
      "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
      "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#;

    fn ticket(id: &str, at: &str) -> String {
        format!(
            r#"{{ "id": "{id}", "events": [ {{"at": "{at}", "type": "created", "priority": "high", "category": "incident"}} ] }}"#
        )
    }

    fn utc(text: &str) -> DateTime<Utc> {
        crate::parse_instant(text).expect("an instant").to_utc()
    }

    #[test]
    fn a_ticket_checked_by_the_policy_is_not_checked_again() {
        let policy = Arc::new(Policy::from_json(POLICY).expect("a policy"));
        let checked = CheckedTicket::new(policy.clone(), &ticket("A", "2026-03-02T10:00:00Z"))
            .expect("checked");
        let input = TicketInput::from(checked.clone());
        assert!(Arc::ptr_eq(
            &input.check(&policy).expect("same"),
            &checked.ticket
        ));
        // An equal policy that is another object checks it again.
        let twin = Policy::from_json(POLICY).expect("a policy");
        assert!(!Arc::ptr_eq(
            &input.check(&twin).expect("again"),
            &checked.ticket
        ));
    }

    #[test]
    fn one_bad_ticket_does_not_stop_the_batch() {
        let policy = Policy::from_json(POLICY).expect("a policy");
        let tickets: Vec<TicketInput> = vec![
            ticket("A", "2026-03-02T10:00:00Z").into(),
            // Created after the evaluation instant: fails when evaluated.
            ticket("B", "2026-03-02T12:00:00Z").into(),
            "{ not json".into(),
            ticket("D", "2026-03-02T09:00:00Z").into(),
        ];
        let at = utc("2026-03-02T11:00:00Z");
        let results = policy
            .evaluate_many(&tickets, At::One(at), EvaluateOptions::default())
            .expect("a batch");
        assert_eq!(results.len(), 4);
        let single = policy
            .evaluate_input(&tickets[0], &at, EvaluateOptions::default())
            .expect("a report");
        assert_eq!(results[0].as_ref().ok(), Some(&single));
        let b = results[1].as_ref().expect_err("B fails");
        assert!(
            matches!(b, Error::InTicket { index: 1, id: Some(id), error }
                if id == "B" && matches!(**error, Error::EvaluatedBeforeCreation { .. })),
            "{b:?}"
        );
        assert_eq!(b.kind(), crate::ErrorKind::Event);
        let c = results[2].as_ref().expect_err("C does not read");
        assert!(
            c.to_string().starts_with("ticket #2: invalid ticket"),
            "{c}"
        );
        assert!(results[3].is_ok());
        // One instant per ticket.
        let ats = [at, at, at, utc("2026-03-02T08:00:00Z")];
        let results = policy
            .evaluate_many(&tickets, At::Each(&ats), EvaluateOptions::default())
            .expect("a batch");
        assert!(results[0].is_ok() && results[3].is_err());
        let err = policy
            .evaluate_many(&tickets, At::Each(&ats[..1]), EvaluateOptions::default())
            .expect_err("lengths differ");
        assert_eq!(err.to_string(), "tickets and at differ in length: 4 and 1");
    }
}
