//! # sla-core: exact SLA deadlines on business-hour calendars
//!
//! Working-time arithmetic on calendars with time zones, holidays,
//! transferred working days and shortened days ([`Calendar`]), SLA policies
//! ([`Policy`]) and the ticket clock built on them ([`Report`]). Instants
//! are [`chrono`] date-times, re-exported as `sla_core::chrono` so that your
//! own `Cargo.toml` needs no `chrono` line of its own.
//!
//! ```
//! use sla_core::chrono::TimeDelta;
//! use sla_core::{parse_instant, Calendar};
//!
//! let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
//! let created = parse_instant("2026-05-08T16:30:00+03:00")?; // shortened day, ends 17:00
//! let deadline = cal.add(&created, TimeDelta::hours(4))?;
//! assert_eq!(deadline.to_rfc3339(), "2026-05-12T12:30:00+03:00");
//! # Ok::<(), sla_core::Error>(())
//! ```
//!
//! The sections below walk through the crate in the order a user meets it:
//! calendars, working time, a policy, a ticket and its report, errors.
//!
//! ## Calendars
//!
//! A [`Calendar`] is a weekly template of working intervals in one IANA time
//! zone, plus dated exceptions. The text form names day sets with their
//! intervals, the zone, and optionally production calendars (`+ru`: the
//! bundled Russian one, with its holidays, transferred working days and
//! shortened pre-holiday days). [`Calendar::preset`] builds the common
//! templates; the serde form ([`CalendarSpec`], JSON or TOML) adds
//! holidays, transferred working days (`extra_working_days`) and custom hours per
//! date.
//!
//! ```
//! use sla_core::{parse_instant, Calendar, Preset};
//!
//! // A lunch break, and a Saturday night shift crossing midnight.
//! let cal = Calendar::parse("Mon-Fri 09:00-13:00,14:00-18:00 Sat 22:00-06:00 Europe/Berlin")?;
//! assert!(!cal.is_working(&parse_instant("2026-03-06T13:30:00+01:00")?)?); // lunch
//! assert!(cal.is_working(&parse_instant("2026-03-08T01:00:00+01:00")?)?);   // Sunday 01:00
//!
//! // 08:45-17:00: the standard working day ("1 working day") is 8 h 15 min.
//! let r2 = Calendar::preset(Preset::EightFortyFiveToFive, "Europe/Moscow")?;
//! assert_eq!(r2.working_day_length().num_minutes(), 495);
//!
//! // A holiday and a transferred working day, as JSON.
//! let spec: sla_core::CalendarSpec = serde_json::from_str(r#"{
//!   "timezone": "UTC",
//!   "week": { "mon-fri": ["09:00-18:00"] },
//!   "holidays": ["2026-03-09"],
//!   "extra_working_days": ["2026-03-07"]
//! }"#)?;
//! let cal = Calendar::from_spec(&spec)?;
//! let friday_evening = parse_instant("2026-03-06T18:00:00Z")?;
//! assert_eq!(cal.next_opening(&friday_evening)?.to_rfc3339(), "2026-03-07T09:00:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Working time
//!
//! [`Calendar::add`] counts working time forward from an instant (a count
//! from outside working hours starts at the next opening; a deadline that
//! lands on a closing time is that closing time), [`Calendar::sub`] counts
//! backward and [`Calendar::between`] measures the working time between two
//! instants (negative when the second is earlier). Results are in the
//! calendar's zone.
//!
//! ```
//! use sla_core::chrono::TimeDelta;
//! use sla_core::{parse_instant, Calendar};
//!
//! let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
//! let friday = parse_instant("2026-03-06T15:00:00+03:00")?;
//! let monday = parse_instant("2026-03-09T10:00:00+03:00")?;
//! assert_eq!(cal.add(&friday, TimeDelta::hours(3))?.to_rfc3339(), "2026-03-06T18:00:00+03:00");
//! assert_eq!(cal.add(&friday, TimeDelta::hours(4))?.to_rfc3339(), "2026-03-09T10:00:00+03:00");
//! assert_eq!(cal.between(&friday, &monday)?, TimeDelta::hours(4));
//! assert_eq!(cal.between(&monday, &friday)?, TimeDelta::hours(-4));
//! # Ok::<(), sla_core::Error>(())
//! ```
//!
//! "N working days" has three meanings in regulations, chosen per policy
//! (`working_days_meaning = "..."`) or per call with [`WorkingDaysMeaning`]:
//!
//! - `"length"` ([`WorkingDaysMeaning::Length`], the default): N × the calendar's
//!   standard working day, counted as working time from the instant;
//! - `"end_of_day"` ([`WorkingDaysMeaning::EndOfDay`]): the closing time of the
//!   Nth working day after the calendar date of the event — a term counted
//!   in days starts on the next day (Russian Civil Code art. 191);
//! - `"end_of_day_from_opening"` ([`WorkingDaysMeaning::EndOfDayFromOpening`]):
//!   the closing time of the Nth working day after the working day of the
//!   first working instant at or after the event.
//!
//! They differ for an event outside working hours, and `"length"` differs
//! from the others for one inside them:
//!
//! ```
//! use sla_core::{parse_instant, Calendar, WorkingDaysMeaning};
//!
//! let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
//! let one_day = |t: &str, meaning| -> Result<String, sla_core::Error> {
//!     Ok(cal.add_working_days(&parse_instant(t)?, 1, meaning)?.to_rfc3339())
//! };
//! // Friday 15:00, within working hours.
//! let friday = "2026-03-06T15:00:00+03:00";
//! assert_eq!(one_day(friday, WorkingDaysMeaning::Length)?, "2026-03-09T15:00:00+03:00");
//! assert_eq!(one_day(friday, WorkingDaysMeaning::EndOfDay)?, "2026-03-09T18:00:00+03:00");
//! assert_eq!(one_day(friday, WorkingDaysMeaning::EndOfDayFromOpening)?, "2026-03-09T18:00:00+03:00");
//! // Saturday: the day count starts on Monday (day 1) or Monday is day 0.
//! let saturday = "2026-03-07T10:00:00+03:00";
//! assert_eq!(one_day(saturday, WorkingDaysMeaning::Length)?, "2026-03-09T18:00:00+03:00");
//! assert_eq!(one_day(saturday, WorkingDaysMeaning::EndOfDay)?, "2026-03-09T18:00:00+03:00");
//! assert_eq!(one_day(saturday, WorkingDaysMeaning::EndOfDayFromOpening)?, "2026-03-10T18:00:00+03:00");
//! // The names used in files and by the bindings.
//! assert_eq!(WorkingDaysMeaning::from_name("end_of_day")?, WorkingDaysMeaning::EndOfDay);
//! # Ok::<(), sla_core::Error>(())
//! ```
//!
//! ## A policy
//!
//! A [`Policy`] names its calendars, priorities (most urgent first),
//! categories, metrics (each with a start and a stop event and a target per
//! category and priority; `"*"` matches any), pause reasons and the metrics
//! they stop, thresholds and timers. It is read from JSON
//! ([`Policy::from_json`]) or TOML ([`Policy::from_toml`]); the five bundled
//! regulations in `examples/policies/` show every feature. Durations such
//! as `"4h"` count working time; a day (`"3d"`, `"1 working day"`) is a
//! working day of the calendar, in the policy's `working_days_meaning`
//! above; `"calendar 8h"` and `"3 calendar days"` count elapsed time
//! ([`Duration`]).
//!
//! ```
//! use sla_core::Policy;
//!
//! let policy = Policy::from_json(r#"{
//!   "name": "helpdesk",
//!   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
//!   "priorities": [ {"id": "high"}, {"id": "low"} ],
//!   "categories": [ {"id": "incident"} ],
//!   "pause_reasons": [ {"id": "waiting_for_customer"} ],
//!   "metrics": [
//!     { "id": "reaction", "stop": "responded",
//!       "targets": { "*": { "high": "1h", "low": "4h" } } },
//!     { "id": "resolution", "stop": "resolved",
//!       "targets": { "*": { "high": "1 working day", "low": "3 working days" } } }
//!   ]
//! }"#)?;
//! assert_eq!(policy.name(), "helpdesk");
//! # Ok::<(), sla_core::Error>(())
//! ```
//!
//! ## A ticket and its report
//!
//! A ticket is its events in time order (`created` with the priority and
//! category, then `responded`, `paused` with a reason, `resumed`,
//! `priority_changed`, `resolved`, ...). [`Policy::evaluate`] gives its
//! [`Report`] at an instant: per metric the [`MetricState`], the deadline
//! and the rule that set it, the working time elapsed and remaining; per
//! timer the [`TimerState`] and due instant. [`Report::metric`] and
//! [`Report::timer`] look an entry up by its identifier; states print as
//! their JSON names.
//!
//! While a metric is paused no deadline is in force: its `deadline` is
//! `None` and `projected_deadline` says when it would be if the clock
//! resumed at the evaluation instant.
//!
//! ```
//! use sla_core::{parse_instant, MetricState, Policy, TicketStatus};
//! # let policy = Policy::from_json(r#"{
//! #   "name": "helpdesk",
//! #   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
//! #   "priorities": [ {"id": "high"}, {"id": "low"} ],
//! #   "categories": [ {"id": "incident"} ],
//! #   "pause_reasons": [ {"id": "waiting_for_customer"} ],
//! #   "metrics": [
//! #     { "id": "reaction", "stop": "responded",
//! #       "targets": { "*": { "high": "1h", "low": "4h" } } },
//! #     { "id": "resolution", "stop": "resolved",
//! #       "targets": { "*": { "high": "1 working day", "low": "3 working days" } } }
//! #   ]
//! # }"#)?;
//! // `policy` as in the section above.
//! let ticket = policy.ticket_from_json(r#"{ "id": "T-1", "events": [
//!   {"at": "2026-03-02T10:00:00+03:00", "type": "created", "priority": "high", "category": "incident"},
//!   {"at": "2026-03-02T10:20:00+03:00", "type": "responded"},
//!   {"at": "2026-03-02T12:00:00+03:00", "type": "paused", "reason": "waiting_for_customer"}
//! ] }"#)?;
//! let report = policy.evaluate(&ticket, &parse_instant("2026-03-03T10:00:00+03:00")?)?;
//! assert_eq!(report.status, TicketStatus::Paused);
//!
//! let reaction = report.metric("reaction").expect("applies to every ticket");
//! assert_eq!(reaction.state, MetricState::Met);
//! assert_eq!(reaction.worked_seconds, 20 * 60);
//!
//! // Two of the nine working hours used before the pause; resumed now, at
//! // Tuesday 10:00, the remaining seven would run out at 17:00.
//! let resolution = report.metric("resolution").expect("applies to every ticket");
//! assert_eq!(resolution.state, MetricState::Paused);
//! assert_eq!(resolution.deadline, None);
//! let projected = resolution.projected_deadline.expect("paused with a target");
//! assert_eq!(projected.to_rfc3339(), "2026-03-03T17:00:00+03:00");
//! assert_eq!(resolution.remaining_seconds, Some(7 * 3600));
//! assert_eq!(format!("{}: {}", resolution.metric, resolution.state), "resolution: paused");
//! # Ok::<(), sla_core::Error>(())
//! ```
//!
//! The same evaluation is available as a JSON contract,
//! [`evaluate_json`]: `{"policy": ..., "ticket": ..., "at": ...}` in, the
//! report out, which is what the Python and JavaScript bindings expose.
//!
//! ## Errors
//!
//! Every fallible call returns [`Error`], whose message names the offending
//! value. [`Error::kind`] sorts it into one of five families
//! ([`ErrorKind`]): `calendar` (the calendar definition), `range` (calendar
//! data not loaded, or outside the supported years 1900–2099), `input` (a
//! duration or instant), `policy` and `event` (the ticket's events).
//!
//! ```
//! use sla_core::chrono::TimeDelta;
//! use sla_core::{parse_instant, Calendar, ErrorKind};
//!
//! let err = Calendar::parse("Mon-Fri 09:00-18:00 Mars/Olympus").unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Calendar);
//! assert!(err.to_string().contains("Mars/Olympus"));
//!
//! let err = parse_instant("2026-03-02 10:00").unwrap_err(); // no offset
//! assert_eq!(err.kind().as_str(), "input");
//!
//! // The bundled production calendar covers 2024-2027 only.
//! let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
//! let err = cal.add(&parse_instant("2031-03-03T10:00:00+03:00")?, TimeDelta::hours(1)).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Range);
//! assert!(err.to_string().contains("2031"), "{err}");
//! # Ok::<(), sla_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod amount;
pub mod bulk;
mod calendar;
mod clock;
mod contract;
mod data;
mod duration;
mod error;
mod instant;
pub mod number;
mod policy;
mod policy_set;
pub mod rfc3339;
pub mod table;
mod text;
mod work_time;

pub use amount::Amount;
pub use bulk::{append_ticks, same_length, to_ticks, Durations, TickUnit, MISSING};
pub use calendar::{
    parse_timezone, Calendar, CalendarSpec, OutOfRange, Preset, ProductionCalendar,
    ProductionCalendarRef, ProductionYear, Source, DEFAULT_HORIZON_DAYS,
};
pub use clock::{
    At, CheckedTicket, CycleList, CycleReport, EvaluateOptions, EventSpec, HistoryEntry,
    MetricReport, MetricState, OnError, Report, Segment, SegmentKind, ThresholdReport, Ticket,
    TicketInput, TicketSpec, TicketStatus, Timeline, TimerReport, TimerState,
};
pub use contract::{
    evaluate_json, evaluate_request, evaluate_set_request, to_json, Request, SetRequest,
};
pub use data::{check_object_json, Nesting};
pub use duration::Duration;
pub use error::{Error, ErrorKind, Result};
pub use instant::{parse_instant, utc_of_local};
pub use policy::{
    ChangeRule, ConsentSpec, Cycles, EventKind, EventTypeSpec, MetricSpec, Named, OnReopen,
    PauseReasonSpec, Policy, PolicySpec, TargetCell, TargetDetail, ThresholdSpec, TimerSpec,
    WorkedSince,
};
pub use policy_set::{PolicySet, PolicySetSpec, RuleSpec, SetReport};
pub use text::Text;
pub use work_time::{Period, WorkingDaysMeaning};

/// Internals that the workspace's own tests check against the public API
/// (`tests/spans_laws.rs`): not part of the API, and may change in any
/// release.
#[doc(hidden)]
pub mod internals {
    pub use crate::work_time::Spans;
}

/// Re-exported so users name the same date-time and duration types the
/// engine takes and returns (`sla_core::chrono::TimeDelta`) without a
/// `chrono` dependency of their own.
pub use chrono;
/// Re-exported so users name the same zone type the engine returns.
pub use chrono_tz::Tz;
