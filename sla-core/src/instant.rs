//! Instants as the engine reads and writes them: RFC 3339 text in, whole
//! UTC seconds inside, RFC 3339 text out.

use chrono::{DateTime, FixedOffset, TimeZone};

use crate::error::{Error, Result};

/// Parses an RFC 3339 instant with an offset (`"2026-03-02T10:00:00+03:00"`).
/// A leap second (`23:59:60`, which chrono keeps as a fraction of a second
/// of 1 s or more) reads as the first second of the next minute, in every
/// binding alike.
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
/// assert_eq!(parse_instant("2016-12-31T23:59:60Z")?, parse_instant("2017-01-01T00:00:00Z")?);
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>> {
    let trimmed = text.trim();
    // The canonical form without chrono's general parser (same result).
    let (secs, nanos, offset) = match crate::rfc3339::parse(trimmed.as_bytes()) {
        Some((secs, offset)) => (secs, 0, offset),
        None => {
            let t = DateTime::parse_from_rfc3339(trimmed).map_err(|_| Error::InvalidInstant {
                text: text.to_string(),
                reason: Error::RFC3339_EXPECTED.to_string(),
            })?;
            // chrono keeps a leap second (`:60`) as a fraction of 1 s or
            // more: it is the first second of the next minute.
            let (secs, nanos) = (t.timestamp(), t.timestamp_subsec_nanos());
            let leap = nanos / 1_000_000_000;
            (
                secs + i64::from(leap),
                nanos - leap * 1_000_000_000,
                t.offset().local_minus_utc(),
            )
        }
    };
    // Both exist for every text either parser reads (years 0 to 9999,
    // offsets under a day).
    let t = DateTime::from_timestamp(secs, nanos);
    match (t, FixedOffset::east_opt(offset)) {
        (Some(t), Some(offset)) => Ok(t.with_timezone(&offset)),
        _ => Err(Error::out_of_range(secs)),
    }
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

#[cfg(test)]
mod tests {
    use chrono::Timelike;

    use super::parse_instant;

    /// A leap second is the first second of the next minute, its fraction
    /// kept, at any offset: no instant comes back with chrono's leap
    /// fraction of 1 s or more, which the bindings read differently.
    #[test]
    fn a_leap_second_reads_as_the_next_minute() {
        for (leap, next) in [
            ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"),
            ("2016-12-31T23:59:60.5Z", "2017-01-01T00:00:00.5Z"),
            ("2017-01-01T02:59:60.25+03:00", "2017-01-01T00:00:00.25Z"),
        ] {
            let t = parse_instant(leap).unwrap();
            assert_eq!(t, parse_instant(next).unwrap(), "{leap}");
            assert!(t.nanosecond() < 1_000_000_000, "{leap}");
            assert_eq!(t.offset(), parse_instant(leap).unwrap().offset());
        }
    }
}
