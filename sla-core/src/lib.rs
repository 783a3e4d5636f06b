//! # sla-core: exact SLA deadlines on business-hour calendars
//!
//! Working-time arithmetic on calendars with time zones, holidays,
//! transferred working days and shortened days ([`Calendar`]), SLA policies
//! and the ticket clock built on it.
//!
//! ```
//! use chrono::TimeDelta;
//! use sla_core::{parse_instant, Calendar};
//!
//! let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
//! let created = parse_instant("2026-05-08T16:30:00+03:00")?; // shortened day, ends 17:00
//! let deadline = cal.add(&created, TimeDelta::hours(4))?;
//! assert_eq!(deadline.to_rfc3339(), "2026-05-12T12:30:00+03:00");
//! # Ok::<(), sla_core::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod calendar;
mod clock;
mod contract;
mod data;
mod duration;
mod error;
mod policy;
pub mod rfc3339;
mod work_time;

pub use calendar::{
    parse_timezone, Calendar, CalendarSpec, OutOfRange, Preset, ProductionCalendar,
    ProductionCalendarRef, ProductionYear, Source, DEFAULT_HORIZON_DAYS,
};
pub use clock::{
    EventKind, EventSpec, HistoryEntry, MetricReport, MetricState, Options, Report, Segment,
    SegmentKind, Text, ThresholdReport, Ticket, TicketSpec, TicketStatus, Timeline, TimerReport,
    TimerState,
};
pub use contract::{evaluate_json, evaluate_request, to_json, Request};
pub use duration::Duration;
pub use error::{Error, ErrorKind, Result};
pub use policy::{
    ChangeRule, ConsentSpec, MetricSpec, Named, PauseReasonSpec, Policy, PolicySpec, TargetCell,
    TargetDetail, ThresholdSpec, TimerSpec, WorkedSince,
};
pub use work_time::{Period, WorkingDays};

/// Re-exported so users name the same zone type the engine returns.
pub use chrono_tz::Tz;

/// Parses an RFC 3339 instant with an offset (`"2026-03-02T10:00:00+03:00"`).
///
/// # Errors
/// [`Error::InvalidInstant`].
pub fn parse_instant(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    let trimmed = text.trim();
    // The canonical form without chrono's general parser (same result).
    if let Some((secs, offset)) = rfc3339::parse(trimmed.as_bytes()) {
        let t = chrono::DateTime::from_timestamp(secs, 0);
        if let (Some(t), Some(offset)) = (t, chrono::FixedOffset::east_opt(offset)) {
            return Ok(t.with_timezone(&offset));
        }
    }
    chrono::DateTime::parse_from_rfc3339(trimmed).map_err(|_| Error::InvalidInstant {
        text: text.to_string(),
        reason: Error::RFC3339_EXPECTED.to_string(),
    })
}
