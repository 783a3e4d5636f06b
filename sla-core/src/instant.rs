//! Instants as the engine reads and writes them: RFC 3339 text in, whole
//! UTC seconds inside, RFC 3339 text out.

use chrono::{DateTime, FixedOffset, TimeZone};

use crate::error::{Error, Result};

/// Parses an RFC 3339 instant with an offset (`"2026-03-02T10:00:00+03:00"`).
///
/// # Errors
/// [`Error::InvalidInstant`].
///
/// # Examples
/// ```
/// use sla_core::{parse_instant, ErrorKind};
///
/// let t = parse_instant("2026-03-02T10:00:00+03:00")?;
/// assert_eq!(t.offset().local_minus_utc(), 3 * 3600);
/// assert_eq!(t, parse_instant("2026-03-02T07:00:00Z")?); // the same instant
/// let err = parse_instant("2026-03-02T10:00:00").unwrap_err(); // no offset
/// assert_eq!(err.kind(), ErrorKind::Input);
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>> {
    let trimmed = text.trim();
    // The canonical form without chrono's general parser (same result).
    if let Some((secs, offset)) = crate::rfc3339::parse(trimmed.as_bytes()) {
        let t = DateTime::from_timestamp(secs, 0);
        if let (Some(t), Some(offset)) = (t, FixedOffset::east_opt(offset)) {
            return Ok(t.with_timezone(&offset));
        }
    }
    DateTime::parse_from_rfc3339(trimmed).map_err(|_| Error::InvalidInstant {
        text: text.to_string(),
        reason: Error::RFC3339_EXPECTED.to_string(),
    })
}

/// The clock counts whole seconds: an instant with a fraction (an event,
/// a manual deadline, the evaluation instant) counts as the next whole
/// second, so a stop at 18:00:00.5 is after an 18:00:00 deadline, and no
/// deadline comes out earlier than the true one.
pub(crate) fn whole_second_up<Z: TimeZone>(t: &DateTime<Z>) -> i64 {
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
}

/// UTC second `t` in RFC 3339 (`+00:00`), by the engine's own writer:
/// chrono's formatter is kilobytes of the WebAssembly build.
pub(crate) fn fmt_utc(t: i64) -> String {
    crate::rfc3339::format(t, 0)
}
