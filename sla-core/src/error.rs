//! The one error type of the engine.
//!
//! Every fallible operation returns [`Error`]. Messages are lowercase, carry the
//! offending value in quotes and say what was expected; the bindings show the
//! `Display` text unchanged, so Rust, Python and JavaScript users read the same
//! words. [`Error::kind`] groups the variants into the families the bindings
//! map to exception classes.

use chrono::NaiveDate;

/// Shorthand for `Result<T, sla_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, with the offending values.
// Variant fields are the offending values the message quotes.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- calendars -------------------------------------------------------
    /// An IANA zone name that the bundled time-zone database does not know.
    #[error("unknown time zone {0:?}")]
    UnknownTimeZone(String),
    /// A wall-clock time or interval that does not parse or is out of range.
    #[error("invalid working interval {text:?}: {reason}")]
    InvalidInterval { text: String, reason: String },
    /// Two working intervals of one day (or a day and the overnight spill of
    /// the day before) overlap.
    #[error("overlapping working intervals on {day}: {first} and {second}")]
    OverlappingIntervals {
        day: String,
        first: String,
        second: String,
    },
    /// A date is given two rules that cannot both hold.
    #[error("contradictory rules for {date}: {first} and {second}")]
    ContradictoryDate {
        date: NaiveDate,
        first: &'static str,
        second: &'static str,
    },
    /// A shortened day whose last interval is not longer than the cut.
    #[error("cannot shorten {date} by {minutes} minutes: its last working interval is only {available} minutes long")]
    ShortenedTooMuch {
        date: NaiveDate,
        minutes: u32,
        available: u32,
    },
    /// A calendar whose weekly template has no working time at all.
    #[error("the calendar has no working time in its weekly template")]
    EmptyCalendar,
    /// The compact text form did not parse.
    #[error("invalid calendar text {text:?}: {reason}")]
    InvalidCalendarText { text: String, reason: String },
    /// A production calendar name that is neither bundled nor loaded.
    #[error("unknown production calendar {0:?} (bundled: \"ru\")")]
    UnknownProductionCalendar(String),
    /// A calendar data file (production calendar, calendar spec) that does not
    /// parse or is inconsistent.
    #[error("invalid calendar data: {0}")]
    InvalidCalendarData(String),
    /// An operation needs a date whose dated calendar data is not loaded.
    #[error("no calendar data for year {year} (loaded: {loaded}); load that year or set out_of_range to \"weekly\" to use the plain weekly template")]
    YearNotCovered { year: i32, loaded: String },
    /// An instant given outside the range the engine supports: UTC years
    /// 1900 to 2099, where the bundled time-zone data is exact (see
    /// DESIGN.md). The text names the instant, in RFC 3339 when it has one
    /// ([`Error::out_of_range`]).
    #[error("instant {0} is outside the supported range (years 1900 to 2099)")]
    OutOfSupportedRange(String),
    /// A computation from an instant in the range whose result would lie
    /// outside it (`side` is `"after"` or `"before"`).
    #[error(
        "the result of counting from {from} lies {side} the supported range (years 1900 to 2099)"
    )]
    ResultOutOfRange { from: String, side: &'static str },
    /// The answer lies beyond the calendar's search horizon: the calendar has
    /// too little working time, or the duration is too long. `direction` is
    /// `"after"` for forward searches and `"before"` for backward ones.
    #[error("no {what} within the search horizon of {horizon_days} days {direction} {from}")]
    HorizonExceeded {
        what: &'static str,
        from: String,
        horizon_days: u32,
        direction: &'static str,
    },

    // ----- durations -------------------------------------------------------
    /// A duration string that does not parse.
    #[error("invalid duration {text:?}: {reason}")]
    InvalidDuration { text: String, reason: String },
    /// An instant that does not read: a string that is not RFC 3339 with an
    /// offset (the reason is then [`Error::RFC3339_EXPECTED`]), or in a
    /// binding a number or date value that is not an instant.
    #[error("invalid instant {text:?}: {reason}")]
    InvalidInstant { text: String, reason: String },
    /// Data a binding was given as objects (a Python dict, a JavaScript
    /// object) or as a name that cannot become JSON text: nested more than
    /// [`Error::MAX_DEPTH`] levels deep, containing itself, or holding a
    /// string with a lone UTF-16 surrogate (see [`Error::too_deep`],
    /// [`Error::cyclic`], [`Error::lone_surrogate`]).
    #[error("invalid data: {0}")]
    InvalidData(String),
    /// Two inputs of a bulk call (`add_many`, `between_many`) that must have
    /// one item each per result, but differ in length.
    #[error("{first} and {second} differ in length: {first_len} and {second_len}")]
    LengthMismatch {
        first: &'static str,
        first_len: usize,
        second: &'static str,
        second_len: usize,
    },

    // ----- policies --------------------------------------------------------
    /// A policy file that does not parse (syntax, unknown key, wrong type).
    #[error("invalid policy: {0}")]
    InvalidPolicy(String),
    /// A name that the policy does not define.
    #[error("unknown {what} {name:?} (known: {known})")]
    Unknown {
        what: &'static str,
        name: String,
        known: String,
    },
    /// A (category, priority) pair that the policy marks as not allowed.
    #[error("category {category:?} does not allow priority {priority:?} (metric {metric:?} marks the pair as not allowed)")]
    ForbiddenPair {
        category: String,
        priority: String,
        metric: String,
    },

    // ----- ticket events ---------------------------------------------------
    /// Ticket events whose input does not parse.
    #[error("invalid ticket: {0}")]
    InvalidTicket(String),
    /// An evaluation instant before the ticket's `created` event.
    #[error("the evaluation instant {at} is before the ticket was created ({created})")]
    EvaluatedBeforeCreation { at: String, created: String },

    // ----- the JSON contract -----------------------------------------------
    /// A request of the JSON contract that does not parse (malformed JSON,
    /// missing or unknown keys, wrong types).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A report that cannot be written as JSON (never expected: the
    /// engine's reports hold only finite numbers and text).
    #[error("cannot write the report: {0}")]
    ReportNotWritten(String),
    /// An event earlier than the one before it.
    #[error("event #{index} ({event}) at {at} is earlier than the event before it at {previous}")]
    EventsOutOfOrder {
        index: usize,
        event: String,
        at: String,
        previous: String,
    },
    /// An event that is not allowed in the ticket's state at that point.
    #[error("event #{index} ({event}) is not allowed: {reason}")]
    InvalidEvent {
        index: usize,
        event: String,
        reason: String,
    },
    /// The error of one ticket of a batch ([`crate::Policy::evaluate_many`]):
    /// its place in the batch (from 0), its identifier if it has one, and
    /// what went wrong; of the family of that error.
    #[error("ticket #{index}{}: {error}", shown_id(.id))]
    InTicket {
        index: usize,
        id: Option<String>,
        error: Box<Error>,
    },
}

/// A ticket's identifier as [`Error::InTicket`] shows it.
fn shown_id(id: &Option<String>) -> String {
    id.as_ref()
        .map(|id| format!(" ({id:?})"))
        .unwrap_or_default()
}

/// The families of [`Error`], one exception class per family in the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The calendar definition is wrong (zone, intervals, dated rules, text form).
    Calendar,
    /// A computation needs calendar data that is not loaded, or leaves the
    /// supported range, or finds no working time.
    Range,
    /// A duration or instant does not parse or has the wrong sign.
    Input,
    /// The policy is malformed or refers to something it does not define.
    Policy,
    /// The ticket's events are malformed, out of order or not allowed.
    Event,
}

impl ErrorKind {
    /// The family's name as the bindings spell it: `"calendar"`, `"range"`,
    /// `"input"`, `"policy"`, `"event"`.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Calendar, ErrorKind};
    ///
    /// assert_eq!(ErrorKind::Range.as_str(), "range");
    /// let err = Calendar::parse("Mon-Fri 09:00-18:00").unwrap_err(); // no time zone
    /// assert_eq!(err.kind().as_str(), "calendar");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Calendar => "calendar",
            ErrorKind::Range => "range",
            ErrorKind::Input => "input",
            ErrorKind::Policy => "policy",
            ErrorKind::Event => "event",
        }
    }
}

impl ErrorKind {
    /// The name of the family's error class in the bindings (Python's
    /// exception class, JavaScript's `Error.name`): `"CalendarError"`,
    /// `"OutOfRangeError"`, `"InputError"`, `"PolicyError"`, `"EventError"`.
    ///
    /// # Examples
    /// ```
    /// assert_eq!(sla_core::ErrorKind::Range.class_name(), "OutOfRangeError");
    /// ```
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::Calendar => "CalendarError",
            ErrorKind::Range => "OutOfRangeError",
            ErrorKind::Input => "InputError",
            ErrorKind::Policy => "PolicyError",
            ErrorKind::Event => "EventError",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Error {
    /// The reason [`Error::InvalidInstant`] gives for text that is not an
    /// RFC 3339 instant.
    pub const RFC3339_EXPECTED: &'static str =
        "expected RFC 3339 with an offset, like \"2026-03-02T10:00:00+03:00\"";

    /// The deepest nesting of lists and objects that data given as objects
    /// (a Python dict, a JavaScript object) may have: the deepest that
    /// serde_json reads from JSON text (its recursion limit of 128 stops at
    /// the 128th level), so that data a binding accepts always reads back.
    /// Real data is far shallower: a ticket's events are 3 levels deep.
    pub const MAX_DEPTH: usize = 127;

    /// Data nested more than [`Error::MAX_DEPTH`] levels deep.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Error, ErrorKind};
    ///
    /// assert_eq!(Error::too_deep().to_string(), "invalid data: nested more than 127 levels deep");
    /// assert_eq!(Error::too_deep().kind(), ErrorKind::Input);
    /// ```
    pub fn too_deep() -> Error {
        Error::InvalidData(format!("nested more than {} levels deep", Error::MAX_DEPTH))
    }

    /// Data that contains itself (a list or object that is its own item).
    ///
    /// # Examples
    /// ```
    /// use sla_core::Error;
    ///
    /// assert_eq!(Error::cyclic().to_string(), "invalid data: a list or object contains itself");
    /// ```
    pub fn cyclic() -> Error {
        Error::InvalidData("a list or object contains itself".to_string())
    }

    /// A string with a lone UTF-16 surrogate, which is not Unicode text;
    /// `lossy` is the string with each one replaced by U+FFFD.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Error, ErrorKind};
    ///
    /// let err = Error::lone_surrogate("a\u{FFFD}b");
    /// assert_eq!(err.kind(), ErrorKind::Input);
    /// assert!(err.to_string().starts_with("invalid data: string \"a\u{FFFD}b\" holds a lone UTF-16 surrogate"));
    /// ```
    pub fn lone_surrogate(lossy: &str) -> Error {
        Error::InvalidData(format!(
            "string {lossy:?} holds a lone UTF-16 surrogate (shown as U+FFFD), which is not Unicode text"
        ))
    }

    /// [`Error::OutOfSupportedRange`] naming UTC second `t` in RFC 3339
    /// (`2150-07-01T07:30:00Z`), or in epoch seconds if it has no date.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Error;
    ///
    /// // 2100-01-01T00:00:00Z, the first second after the supported range.
    /// let err = Error::out_of_range(4_102_444_800);
    /// assert_eq!(err.to_string(), "instant 2100-01-01T00:00:00Z is outside the supported range (years 1900 to 2099)");
    /// ```
    pub fn out_of_range(t: i64) -> Error {
        // Through the engine's own writer, not chrono's formatter (which is
        // kilobytes of the WebAssembly build).
        let mut buf = [0u8; crate::rfc3339::LEN];
        let text = match crate::rfc3339::write(t, 0, &mut buf) {
            Some(len) => {
                buf[19] = b'Z';
                std::str::from_utf8(&buf[..20.min(len)])
                    .unwrap_or_default()
                    .to_string()
            }
            None => format!("{t} epoch seconds"),
        };
        Error::OutOfSupportedRange(text)
    }

    /// The family this error belongs to.
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::TimeDelta;
    /// use sla_core::{parse_instant, Calendar, Error, ErrorKind};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// let err = cal.add(&parse_instant("2031-03-03T10:00:00+03:00")?, TimeDelta::hours(1)).unwrap_err();
    /// assert!(matches!(err, Error::YearNotCovered { year: 2031, .. }));
    /// assert_eq!(err.kind(), ErrorKind::Range);
    /// assert_eq!("1.5h".parse::<sla_core::Duration>().unwrap_err().kind(), ErrorKind::Input);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn kind(&self) -> ErrorKind {
        use Error::*;
        match self {
            UnknownTimeZone(_)
            | InvalidInterval { .. }
            | OverlappingIntervals { .. }
            | ContradictoryDate { .. }
            | ShortenedTooMuch { .. }
            | EmptyCalendar
            | InvalidCalendarText { .. }
            | UnknownProductionCalendar(_)
            | InvalidCalendarData(_) => ErrorKind::Calendar,
            YearNotCovered { .. }
            | OutOfSupportedRange(_)
            | ResultOutOfRange { .. }
            | HorizonExceeded { .. } => ErrorKind::Range,
            InvalidDuration { .. }
            | InvalidInstant { .. }
            | InvalidData(_)
            | LengthMismatch { .. } => ErrorKind::Input,
            InvalidPolicy(_) | Unknown { .. } | ForbiddenPair { .. } => ErrorKind::Policy,
            InvalidRequest(_) | ReportNotWritten(_) => ErrorKind::Input,
            InvalidTicket(_)
            | EvaluatedBeforeCreation { .. }
            | EventsOutOfOrder { .. }
            | InvalidEvent { .. } => ErrorKind::Event,
            InTicket { error, .. } => error.kind(),
        }
    }

    pub(crate) fn unknown<'a>(
        what: &'static str,
        name: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Error {
        let known: Vec<String> = known.into_iter().map(|k| format!("{k:?}")).collect();
        Error::Unknown {
            what,
            name: name.to_string(),
            known: if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            },
        }
    }
}
