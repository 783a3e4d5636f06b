//! The ticket clock: a pure function of (policy, ticket events, instant).
//!
//! For every metric the clock keeps an *origin* (where worked time counts
//! from: the metric's start, or the last restart) and the intervals in which
//! the metric's clock did not run (pauses whose reason stops it, and the
//! time between a resolution and a reopening). Worked time is the calendar's
//! working time from the origin, minus those intervals; the deadline is the
//! instant worked time reaches the target, assuming the clock runs from now
//! on (a paused clock is projected as if resumed at the evaluation instant).
//!
//! One file per job:
//! - `mod.rs`: the entry points, [`Policy::ticket`] and [`Policy::evaluate`];
//! - `ticket.rs`: the input, events parsed and checked against the policy;
//! - `replay.rs`: the evaluation's state, and what each event does to it;
//! - `state.rs`: what the replay keeps per metric (runs, gaps);
//! - `gaps.rs`: worked time and deadlines with the gaps taken out;
//! - `cycles.rs`: cycles, their records, reopening;
//! - `timers.rs`: the policy's timers and the consent timer;
//! - `explain.rs`: the explaining timeline (history, segments);
//! - `assemble.rs`: the report made once the events are replayed;
//! - `next_change.rs`: when the report would next read differently;
//! - `report.rs`: the output types.

mod assemble;
mod cycles;
mod explain;
mod gaps;
mod many;
mod next_change;
mod replay;
mod report;
mod state;
mod ticket;
mod timers;

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone};
use serde_json::Value;

pub use many::{At, CheckedTicket, OnError, TicketInput};
pub use report::{
    CycleList, CycleReport, HistoryEntry, MetricReport, MetricState, Report, Segment, SegmentKind,
    ThresholdReport, TicketStatus, Timeline, TimerReport, TimerState,
};
pub(crate) use ticket::{check_views, EventView, When};
pub use ticket::{EventSpec, Ticket, TicketSpec};

use replay::Eval;

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::instant::whole_second_up;
use crate::policy::Policy;

/// What a report includes beyond the status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvaluateOptions {
    /// Include each metric's timeline: the deadline history and the segments
    /// counted, paused and outside working hours.
    pub explain: bool,
}

/// The clock's side of [`Policy`]: a ticket in, its report out.
impl Policy {
    /// Parses a ticket from JSON and checks it (see [`Policy::ticket`]).
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] for malformed JSON or unknown keys; then as
    /// [`Policy::ticket`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "id": "T-1", "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"},
    ///   {"at": "2026-03-06T10:20:00Z", "type": "responded"} ] }"#)?;
    /// assert_eq!((ticket.id(), ticket.len()), (Some("T-1"), 2));
    /// let err = policy.ticket_from_json(r#"{ "events": [ {"at": "2026-03-06T10:00:00Z", "type": "resumed"} ] }"#);
    /// assert_eq!(err.unwrap_err().kind(), ErrorKind::Event); // no `created`
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn ticket_from_json(&self, text: &str) -> Result<Ticket> {
        let value = crate::data::from_json_text(text).map_err(Error::InvalidTicket)?;
        let spec: TicketSpec = crate::data::typed(&value).map_err(Error::InvalidTicket)?;
        self.ticket(&spec)
    }

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
        let calendars = self.rebound_calendars(&spec.calendars, rebinding)?;
        ticket::check(self, spec, calendars)
    }

    /// The policy's calendars with a ticket's rebinding (`own`) applied,
    /// and a policy set rule's (`rule`) beside it: the ticket's rebinding
    /// of the same calendar wins.
    ///
    /// # Errors
    /// [`Error::Unknown`] for a calendar the policy does not have, calendar
    /// errors for a calendar given as text or a spec.
    pub(crate) fn rebound_calendars(
        &self,
        own: &BTreeMap<String, Value>,
        rule: Option<&BTreeMap<String, Value>>,
    ) -> Result<Vec<Calendar>> {
        let mut calendars = self.calendars.clone();
        let rule = rule
            .into_iter()
            .flatten()
            .filter(|(name, _)| !own.contains_key(*name));
        for (name, value) in rule.chain(own) {
            let i = self.calendar_index(name)?;
            calendars[i] = match value {
                Value::String(s) if self.calendar_index(s).is_ok() => {
                    self.calendars[self.calendar_index(s)?].clone()
                }
                v => Calendar::from_value(v)?,
            };
        }
        Ok(calendars)
    }

    /// The ticket's SLA status at `at`: every metric's state, deadline,
    /// elapsed and remaining working time, thresholds, and the timers.
    /// Events after `at` are not taken into account.
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] when `at` is before the ticket was created;
    /// calendar range errors ([`Error::YearNotCovered`], ...).
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, MetricState, Policy};
    /// let policy = Policy::from_json(r#"{
    ///   "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
    ///   "priorities": [ {"id": "high"}, {"id": "low"} ],
    ///   "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded",
    ///                  "targets": { "*": { "high": "1h", "low": "4h" } } } ]
    /// }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T17:30:00+03:00", "type": "created", "priority": "high", "category": "incident"}
    /// ] }"#)?;
    /// let report = policy.evaluate(&ticket, &parse_instant("2026-03-06T19:00:00+03:00")?)?;
    /// let reaction = &report.metrics[0];
    /// assert_eq!(reaction.state, MetricState::Running);
    /// assert!(reaction.outside_working_hours);
    /// assert_eq!(reaction.deadline.unwrap().to_rfc3339(), "2026-03-09T09:30:00+03:00");
    /// assert_eq!(reaction.remaining_seconds, Some(1800));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate<Z: TimeZone>(&self, ticket: &Ticket, at: &DateTime<Z>) -> Result<Report> {
        self.evaluate_with(ticket, at, EvaluateOptions::default())
    }

    /// [`Policy::evaluate`] with options (e.g. the explaining timeline).
    ///
    /// # Errors
    /// As [`Policy::evaluate`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, EvaluateOptions, Policy, SegmentKind};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T17:30:00+03:00", "type": "created", "priority": "high", "category": "incident"} ] }"#)?;
    /// let at = parse_instant("2026-03-09T09:10:00+03:00")?; // Monday
    /// let report = policy.evaluate_with(&ticket, &at, EvaluateOptions { explain: true })?;
    /// let timeline = report.metrics[0].timeline.as_ref().expect("asked for");
    /// // Friday 17:30-18:00 counted, the weekend not, Monday 09:00-09:10 counted,
    /// // then 20 minutes projected to the deadline at 09:30.
    /// let kinds: Vec<_> = timeline.segments.iter().map(|s| (s.kind, s.working_seconds)).collect();
    /// assert_eq!(kinds, [(SegmentKind::Working, 1800), (SegmentKind::OutsideHours, 0),
    ///                    (SegmentKind::Working, 600), (SegmentKind::Working, 1200)]);
    /// assert_eq!(timeline.history[0].cause, "started at created");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_with<Z: TimeZone>(
        &self,
        ticket: &Ticket,
        at: &DateTime<Z>,
        options: EvaluateOptions,
    ) -> Result<Report> {
        Eval::new(self, ticket, whole_second_up(at), options)?.run()
    }

    /// [`Policy::evaluate_with`] for a policy set whose selection changed
    /// right after event `reselected`: there each metric applies its
    /// `on_category_change` rule.
    pub(crate) fn evaluate_reselected<Z: TimeZone>(
        &self,
        ticket: &Ticket,
        at: &DateTime<Z>,
        options: EvaluateOptions,
        reselected: Option<usize>,
    ) -> Result<Report> {
        let mut eval = Eval::new(self, ticket, whole_second_up(at), options)?;
        eval.reselected = reselected;
        eval.run()
    }
}
