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

/// The UTC instant of a local date and time at an offset from UTC, field
/// by field as Python's aware `datetime` holds them: `date` is (year,
/// month, day), `time` (hour, minute, second, microsecond) and `offset`
/// the microseconds the local time is ahead of UTC. Gives the second the
/// instant is in and the nanoseconds after that second.
///
/// # Errors
/// [`Error::InvalidInstant`] for an offset that is not strictly between
/// -24 and 24 hours (which Python's own `datetime` refuses only when it
/// asks), `shown_offset` writing it in the message.
///
/// # Examples
/// ```
/// use sla_core::utc_of_local;
///
/// let three_hours = 3 * 3_600_000_000;
/// let t = utc_of_local((2026, 3, 2), (10, 0, 0, 250_000), three_hours, || "3:00:00".into())?;
/// assert_eq!(t, (1_772_434_800, 250_000_000)); // 07:00:00.25Z
/// let err = utc_of_local((2026, 3, 2), (10, 0, 0, 0), 24 * 3_600_000_000, || "1 day".into());
/// assert!(err.unwrap_err().to_string().contains("offset 1 day, which is not strictly between"));
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn utc_of_local(
    date: (i32, u8, u8),
    time: (u8, u8, u8, u32),
    offset: i64,
    shown_offset: impl FnOnce() -> String,
) -> Result<(i64, u32)> {
    let (year, month, day) = date;
    let days = crate::rfc3339::days_from_civil(year.into(), month.into(), day.into());
    let (hour, minute, second, micro) = time;
    let wall = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    if offset.abs() >= 86_400_000_000 {
        let reason = format!(
            "its tzinfo gives the UTC offset {}, which is not strictly between -24 and 24 hours",
            shown_offset()
        );
        // The local time as written, without an offset.
        let local = DateTime::from_timestamp(wall, 0).map(|t| t.naive_utc());
        let text = local.map_or_else(String::new, |t| t.format("%Y-%m-%dT%H:%M:%S").to_string());
        return Err(Error::InvalidInstant { text, reason });
    }
    let micros = wall * 1_000_000 + i64::from(micro) - offset;
    // 0 <= the remainder < 10**6: the product fits a u32.
    let sub = (micros.rem_euclid(1_000_000) * 1000) as u32;
    Ok((micros.div_euclid(1_000_000), sub))
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

    use super::{parse_instant, utc_of_local};

    /// Local fields at an offset are the instant RFC 3339 text gives for
    /// them, east and west of UTC, before 1970 and across a year end, to
    /// the microsecond; an offset of a day or more is refused, naming the
    /// local time.
    #[test]
    fn local_fields_at_an_offset_are_the_rfc3339_instant() {
        let cases = [
            (
                (2026, 12, 31),
                (23, 30, 0, 0),
                -5 * 3600,
                "2026-12-31T23:30:00-05:00",
            ),
            (
                (2027, 1, 1),
                (0, 15, 59, 999_999),
                5 * 3600 + 1800,
                "2027-01-01T00:15:59.999999+05:30",
            ),
            (
                (1969, 12, 31),
                (23, 59, 59, 500_000),
                0,
                "1969-12-31T23:59:59.5Z",
            ),
            (
                (1900, 3, 1),
                (0, 0, 0, 1),
                14 * 3600,
                "1900-03-01T00:00:00.000001+14:00",
            ),
        ];
        for (date, time, offset_secs, text) in cases {
            let t = parse_instant(text).expect("an instant");
            let want = (t.timestamp(), t.timestamp_subsec_nanos());
            let got = utc_of_local(date, time, offset_secs * 1_000_000, || unreachable!());
            assert_eq!(got, Ok(want), "{text}");
        }
        for offset in [86_400_000_000, -86_400_000_000, i64::MAX / 2] {
            let err = utc_of_local((1, 1, 1), (0, 0, 0, 0), offset, || "X".into()).unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains("\"0001-01-01T00:00:00\"") && text.contains("offset X,"),
                "{text}"
            );
        }
    }

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
