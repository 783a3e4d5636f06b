//! The canonical RFC 3339 form of an instant, `YYYY-MM-DDTHH:MM:SS` then `Z`
//! or `±HH:MM`, read and written with integer arithmetic: the form the engine
//! writes and that most callers send.
//!
//! [`parse_instant`](crate::parse_instant) and the bindings use it before
//! chrono's general parser and formatter, which stay the reference: [`parse()`]
//! gives exactly what chrono's `DateTime::parse_from_rfc3339` gives, or
//! `None` for any text outside the canonical form (fractions of a second,
//! other separators, leap seconds, `-00:00`, invalid dates), which the caller
//! then hands to chrono; [`write()`] writes exactly chrono's `to_rfc3339` for
//! whole-second instants of the years 0 to 9999 at offsets of whole minutes.
//! Both are tested against chrono on every zone of the database.
//!
//! # Offsets with seconds
//!
//! Local mean time before the zones adopted standard offsets has offsets
//! with seconds (Europe/Moscow was +02:30:17 until 1916), and RFC 3339 has
//! no seconds in offsets. chrono writes such an instant with the offset
//! rounded to the minute but the wall time at the true offset, a text 17 s
//! away from the instant. The engine instead writes the offset rounded to
//! the nearest minute ([`round_offset`]) *and the wall time at that
//! offset*: `1910-03-01T06:29:43Z` in Moscow is `1910-03-01T08:59:43+02:30`
//! (08:59:43 wall time +02:30 = 06:29:43Z, exactly), not chrono's
//! `09:00:00+02:30`. Every text the engine writes (report fields, error
//! texts, the JavaScript binding's instants) therefore denotes the true
//! instant, and reads back as it. Python's `datetime` keeps offsets with
//! seconds, so the Python binding returns the true offset itself.

/// The length of the text [`write()`] writes: `YYYY-MM-DDTHH:MM:SS+HH:MM`.
pub const LEN: usize = 25;

/// Reads the canonical form: the instant in UTC seconds and the offset in
/// seconds east of UTC; `None` for any other text.
///
/// # Examples
/// ```
/// use sla_core::rfc3339;
/// assert_eq!(rfc3339::parse(b"2026-03-02T10:00:00+03:00"), Some((1_772_434_800, 10_800)));
/// assert_eq!(rfc3339::parse(b"2026-03-02T07:00:00Z"), Some((1_772_434_800, 0)));
/// assert_eq!(rfc3339::parse(b"2026-02-29T10:00:00Z"), None); // not a date
/// assert_eq!(rfc3339::parse(b"2026-03-02T10:00:00.5Z"), None); // left to chrono
/// ```
pub fn parse(b: &[u8]) -> Option<(i64, i32)> {
    let digit = |at: usize| -> Option<u32> {
        let d = b.get(at)?.wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |at: usize| -> Option<u32> { Some(digit(at)? * 10 + digit(at + 1)?) };
    let offset: i32 = match (b.len(), b.get(19)) {
        (20, Some(b'Z')) => 0,
        (25, Some(&sign @ (b'+' | b'-'))) if b[22] == b':' => {
            let (h, m) = (two(20)?, two(23)?);
            // chrono reads "-00:00" too, but as an unknown local offset.
            if h > 23 || m > 59 || (sign == b'-' && h == 0 && m == 0) {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = i64::from(two(0)? * 100 + two(2)?);
    let (month, day) = (two(5)?, two(8)?);
    let (hour, min, sec) = (two(11)?, two(14)?, two(17)?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    let local = days_from_civil(year, i64::from(month), i64::from(day)) * 86_400
        + i64::from(hour * 3600 + min * 60 + sec);
    Some((local - i64::from(offset), offset))
}

/// An offset (seconds east of UTC, less than a day) rounded to the nearest
/// whole minute, halves away from zero, and kept within ±23:59: the offset
/// [`write()`] shows. The identity on offsets of whole minutes.
///
/// # Examples
/// ```
/// use sla_core::rfc3339::round_offset;
/// assert_eq!(round_offset(9017), 9000); // Moscow's +02:30:17 LMT
/// assert_eq!(round_offset(-75), -60); // London's -00:01:15 LMT
/// assert_eq!(round_offset(20_700), 20_700); // +05:45
/// ```
pub fn round_offset(offset: i32) -> i32 {
    let minutes = ((offset.unsigned_abs() + 30) / 60).min(23 * 60 + 59) as i32;
    minutes * 60 * offset.signum()
}

/// Writes the instant `t` (UTC seconds) at `offset` (seconds east of UTC,
/// less than a day) into `buf` as chrono's `to_rfc3339` writes it, always
/// with a sign (`+00:00`, never `Z`). An offset with seconds is written
/// rounded to the minute ([`round_offset`]) with the wall time at the
/// rounded offset, so that the text denotes `t` exactly (see the module
/// docs). Returns the length written ([`LEN`]), or `None` for a year
/// outside 0 to 9999 or an offset of a day or more.
///
/// # Examples
/// ```
/// use sla_core::rfc3339;
/// let mut buf = [0u8; rfc3339::LEN];
/// let n = rfc3339::write(1_772_434_800, 10_800, &mut buf).unwrap();
/// assert_eq!(&buf[..n], b"2026-03-02T10:00:00+03:00");
/// // Moscow's local mean time, +02:30:17: the text is the same instant.
/// let n = rfc3339::write(-1_888_335_017, 9017, &mut buf).unwrap();
/// assert_eq!(&buf[..n], b"1910-03-01T08:59:43+02:30");
/// assert_eq!(rfc3339::parse(&buf[..n]), Some((-1_888_335_017, 9000)));
/// ```
pub fn write(t: i64, offset: i32, buf: &mut [u8; LEN]) -> Option<usize> {
    if offset.unsigned_abs() >= 86_400 {
        return None;
    }
    let off = i64::from(round_offset(offset));
    // Local time at the offset written.
    let local = t.checked_add(off)?;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let two = |buf: &mut [u8; LEN], at: usize, v: i64| {
        buf[at] = b'0' + (v / 10) as u8;
        buf[at + 1] = b'0' + (v % 10) as u8;
    };
    two(buf, 0, year / 100);
    two(buf, 2, year % 100);
    buf[4] = b'-';
    two(buf, 5, month);
    buf[7] = b'-';
    two(buf, 8, day);
    buf[10] = b'T';
    two(buf, 11, secs / 3600);
    buf[13] = b':';
    two(buf, 14, secs / 60 % 60);
    buf[16] = b':';
    two(buf, 17, secs % 60);
    buf[19] = if off < 0 { b'-' } else { b'+' };
    let minutes = off.abs() / 60;
    two(buf, 20, minutes / 60);
    buf[22] = b':';
    two(buf, 23, minutes % 60);
    Some(LEN)
}

/// The instant `t` (UTC seconds) at `offset` as [`write()`] writes it, for
/// error texts; in epoch seconds outside the years 0 to 9999.
pub(crate) fn format(t: i64, offset: i32) -> String {
    let mut buf = [0u8; LEN];
    match write(t, offset, &mut buf) {
        Some(len) => std::str::from_utf8(&buf[..len])
            .unwrap_or_default()
            .to_string(),
        None => format!("{t} epoch seconds"),
    }
}

/// Serialises an instant as chrono's serde support does (RFC 3339, `Z` for
/// a zero offset, fractions of a second shown), but at the offset rounded
/// to the minute ([`round_offset`], see the module docs), through
/// [`write()`] for whole seconds: the report fields use it
/// (`serialize_with`), because chrono's formatter goes through `fmt` one
/// piece at a time and made up most of a report's serialisation time.
pub(crate) fn serde<S: serde::Serializer>(
    t: &chrono::DateTime<chrono::FixedOffset>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; LEN];
    let offset = round_offset(t.offset().local_minus_utc());
    if t.timestamp_subsec_nanos() == 0 {
        if let Some(len) = write(t.timestamp(), offset, &mut buf) {
            let len = if offset == 0 {
                buf[19] = b'Z';
                20
            } else {
                len
            };
            if let Some(text) = buf.get(..len).and_then(|b| std::str::from_utf8(b).ok()) {
                return s.serialize_str(text);
            }
        }
    }
    match chrono::FixedOffset::east_opt(offset) {
        Some(off) => serde::Serialize::serialize(&t.with_timezone(&off), s),
        None => serde::Serialize::serialize(t, s),
    }
}

/// [`serde`] of an optional instant.
pub(crate) fn serde_opt<S: serde::Serializer>(
    t: &Option<chrono::DateTime<chrono::FixedOffset>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    struct Instant<'a>(&'a chrono::DateTime<chrono::FixedOffset>);
    impl serde::Serialize for Instant<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serde(self.0, s)
        }
    }
    match t {
        Some(t) => s.serialize_some(&Instant(t)),
        None => s.serialize_none(),
    }
}

/// Reads a full date, `YYYY-MM-DD` (RFC 3339's `full-date`), as the data
/// files and the bindings give days; `None` for any other text or a day
/// that does not exist. (Used instead of chrono's `NaiveDate` parser, whose
/// general format machinery is a good part of the WebAssembly build.)
///
/// # Examples
/// ```
/// use sla_core::rfc3339;
/// assert_eq!(rfc3339::parse_date(b"2026-06-12"), chrono::NaiveDate::from_ymd_opt(2026, 6, 12));
/// assert_eq!(rfc3339::parse_date(b"2026-02-29"), None);
/// assert_eq!(rfc3339::parse_date(b"2026-6-12"), None);
/// ```
pub fn parse_date(b: &[u8]) -> Option<chrono::NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            let d = c.wrapping_sub(b'0');
            (d < 10).then_some(n * 10 + u32::from(d))
        })
    };
    let year = i32::try_from(digits(0, 4)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, digits(5, 7)?, digits(8, 10)?)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`), for any year, month 1 to 12 and day 1 to 31: the
/// one copy of the formula (the Python binding reads `datetime` fields
/// with it).
///
/// # Examples
/// ```
/// use sla_core::rfc3339::days_from_civil;
///
/// assert_eq!(days_from_civil(1970, 1, 1), 0);
/// assert_eq!(days_from_civil(2026, 3, 2) * 86_400, 1_772_409_600);
/// assert_eq!(days_from_civil(1900, 1, 1), -25_567);
/// ```
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_date, round_offset, write, LEN};
    use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};

    /// A small xorshift generator: reproducible instants without a dependency.
    fn xorshift(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// The years 1900 to 2199 in UTC seconds (past the supported range, to
    /// test the writer more widely).
    fn bounds() -> (i64, i64) {
        let at = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap().timestamp();
        (at(1900), at(2200))
    }

    /// `write` gives chrono's text of the instant at the offset rounded to
    /// the minute (chrono's own text for offsets of whole minutes), which
    /// reads back as the same instant.
    fn check<Tz: TimeZone>(t: &DateTime<Tz>) {
        let mut buf = [0u8; LEN];
        let offset = t.offset().fix().local_minus_utc();
        let rounded = FixedOffset::east_opt(round_offset(offset)).unwrap();
        let expected = t.with_timezone(&rounded).to_rfc3339();
        if offset % 60 == 0 {
            assert_eq!(expected, t.to_rfc3339());
        }
        if let Some(len) = write(t.timestamp(), offset, &mut buf) {
            let back = DateTime::parse_from_rfc3339(std::str::from_utf8(&buf[..len]).unwrap());
            assert_eq!(back.unwrap().timestamp(), t.timestamp());
        }
        match write(t.timestamp(), offset, &mut buf) {
            Some(len) => assert_eq!(std::str::from_utf8(&buf[..len]).unwrap(), expected),
            // Only years outside 0..=9999 are left to chrono.
            None => assert!(expected.starts_with(['+', '-']), "{expected}"),
        }
    }

    /// Byte-identical to chrono's `to_rfc3339` (at the rounded offset) for
    /// every zone of the database (LMT offsets with seconds, +05:45,
    /// -09:30, ...) at random
    /// instants of 1900-2199, around midnights and offset changes, and at
    /// the edges of the years it writes.
    #[test]
    fn write_matches_chrono() {
        let (lo, hi) = bounds();
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut n = 0;
        for tz in chrono_tz::TZ_VARIANTS {
            for _ in 0..2_000 {
                let secs = lo + (next() % (hi - lo) as u64) as i64;
                check(&Utc.timestamp_opt(secs, 0).unwrap().with_timezone(&tz));
                n += 1;
            }
            for year in [1900, 1916, 1970, 2000, 2026, 2199] {
                let base = Utc
                    .with_ymd_and_hms(year, 3, 25, 0, 0, 0)
                    .unwrap()
                    .timestamp();
                for h in 0..48 {
                    for d in [-1, 0, 1] {
                        let t = Utc.timestamp_opt(base + h * 3600 + d, 0).unwrap();
                        check(&t.with_timezone(&tz));
                    }
                }
            }
        }
        assert!(n > 500_000);
        for secs in [
            i64::from(i32::MIN),
            -62_167_219_200,
            -62_167_219_201,
            253_402_300_799,
            253_402_300_800,
            0,
        ] {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            check(&t);
            check(&t.fixed_offset());
            for off in [-86_399, -34_200, -1, 1, 29, 30, 31, 20_700, 86_399] {
                check(&t.with_timezone(&FixedOffset::east_opt(off).unwrap()));
            }
        }
        assert_eq!(write(0, 86_400, &mut [0; LEN]), None);
    }

    /// The report fields' serialisation is chrono's serde form at the offset
    /// rounded to the minute, byte for byte: `Z` for a zero offset (and
    /// for offsets of less than 30 s), offsets with seconds, fractions.
    #[test]
    fn serde_matches_chrono() {
        #[derive(serde::Serialize)]
        struct Fields {
            #[serde(serialize_with = "super::serde")]
            t: DateTime<FixedOffset>,
            #[serde(serialize_with = "super::serde_opt")]
            some: Option<DateTime<FixedOffset>>,
            #[serde(serialize_with = "super::serde_opt")]
            none: Option<DateTime<FixedOffset>>,
        }
        #[derive(serde::Serialize)]
        struct Chrono {
            t: DateTime<FixedOffset>,
            some: Option<DateTime<FixedOffset>>,
            none: Option<DateTime<FixedOffset>>,
        }
        let (lo, hi) = bounds();
        let mut next = xorshift(0x5851_F42D_4C95_7F2D);
        let offsets = [
            0, 1, -1, 20, 29, 30, 31, -30, 10_800, -34_200, 20_700, 86_399, -86_399,
        ];
        for i in 0..100_000 {
            let secs = lo + (next() % (hi - lo) as u64) as i64;
            let nanos = if i % 10 == 0 {
                (next() % 1_000_000_000) as u32
            } else {
                0
            };
            let off = FixedOffset::east_opt(offsets[i % offsets.len()]).unwrap();
            let t = DateTime::from_timestamp(secs, nanos)
                .unwrap()
                .with_timezone(&off);
            let ours = serde_json::to_string(&Fields {
                t,
                some: Some(t),
                none: None,
            })
            .unwrap();
            let rounded = FixedOffset::east_opt(round_offset(off.local_minus_utc())).unwrap();
            let at_rounded = t.with_timezone(&rounded);
            let theirs = serde_json::to_string(&Chrono {
                t: at_rounded,
                some: Some(at_rounded),
                none: None,
            })
            .unwrap();
            assert_eq!(ours, theirs);
        }
    }

    /// Rounding: to the nearest minute, halves away from zero, within
    /// ±23:59; whole minutes unchanged.
    #[test]
    fn offsets_round_to_the_nearest_minute() {
        for (off, want) in [
            (0, 0),
            (29, 0),
            (30, 60),
            (-29, 0),
            (-30, -60),
            (9017, 9000),
            (9047, 9060),
            (-75, -60),
            (-2670, -2700), // Africa/Monrovia, -00:44:30
            (86_399, 86_340),
            (-86_399, -86_340),
            (20_700, 20_700),
        ] {
            assert_eq!(round_offset(off), want, "{off}");
        }
        let mut buf = [0u8; LEN];
        let n = write(-1_888_335_017, 9017, &mut buf).unwrap();
        assert_eq!(&buf[..n], b"1910-03-01T08:59:43+02:30");
        // chrono writes the true wall time with the rounded offset: 17 s off.
        let chrono_text = DateTime::from_timestamp(-1_888_335_017, 0)
            .unwrap()
            .with_timezone(&FixedOffset::east_opt(9017).unwrap())
            .to_rfc3339();
        assert_eq!(chrono_text, "1910-03-01T09:00:00+02:30");
    }

    /// Gives exactly what chrono's parser gives (instant and offset), or
    /// leaves the text to it: on the text of random instants in random
    /// zones, with one or two bytes changed, and on edge cases.
    #[test]
    fn parse_matches_chrono() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let agree = |s: &str| -> bool {
            let chrono = DateTime::parse_from_rfc3339(s);
            let fast = parse(s.as_bytes());
            if let Some((secs, offset)) = fast {
                let c = chrono.unwrap_or_else(|e| panic!("{s}: chrono says {e}"));
                assert_eq!(
                    (secs, offset),
                    (c.timestamp(), c.offset().local_minus_utc()),
                    "{s}"
                );
                assert_eq!(c.timestamp_subsec_nanos(), 0, "{s}");
            }
            fast.is_some()
        };
        let (lo, hi) = bounds();
        let tzs = chrono_tz::TZ_VARIANTS;
        let alphabet = b"0123456789-+:TtZz .x";
        for _ in 0..300_000 {
            let secs = lo + (next() % (hi - lo) as u64) as i64;
            let tz = tzs[(next() % tzs.len() as u64) as usize];
            let t = Utc.timestamp_opt(secs, 0).unwrap();
            let local = t.with_timezone(&tz).to_rfc3339();
            // chrono writes LMT offsets rounded to the minute: the text is
            // canonical, and reads back as that offset.
            assert!(agree(&local), "{local}");
            assert!(agree(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
            let mut bytes = local.into_bytes();
            for _ in 0..=(next() % 2) {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] = alphabet[(next() % alphabet.len() as u64) as usize];
            }
            agree(std::str::from_utf8(&bytes).unwrap());
        }
        for (s, canonical) in [
            ("2026-02-29T10:00:00Z", false),
            ("2024-02-29T10:00:00Z", true),
            ("1900-02-29T10:00:00Z", false),
            ("2000-02-29T10:00:00Z", true),
            ("2026-04-31T10:00:00Z", false),
            ("2026-12-31T23:59:60Z", false),
            ("0000-01-01T00:00:00Z", true),
            ("9999-12-31T23:59:59Z", true),
            ("2026-01-01T24:00:00Z", false),
            ("2026-01-01T10:00:00+23:59", true),
            ("2026-01-01T10:00:00-23:59", true),
            ("2026-01-01T10:00:00+24:00", false),
            ("2026-01-01T10:00:00-00:00", false),
            ("2026-13-01T10:00:00Z", false),
            ("2026-00-01T10:00:00Z", false),
            ("2026-01-00T10:00:00Z", false),
            ("2026-01-01t10:00:00z", false),
            ("2026-01-01 10:00:00+03:00", false),
            ("2026-01-01T10:00:00.000Z", false),
            ("", false),
        ] {
            assert_eq!(agree(s), canonical, "{s}");
        }
    }

    /// `parse_date` agrees with chrono's `NaiveDate` parser on every
    /// `YYYY-MM-DD` text of years 0 to 9999 (months 00-13, days 00-32), and
    /// rejects what chrono's lenient parser also takes but the format is not.
    #[test]
    fn dates_read_as_chrono_reads_them() {
        for year in (0..=9999).step_by(7).chain([1900, 2000, 2024, 2100, 2199]) {
            for month in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(
                        parse_date(s.as_bytes()),
                        s.parse::<chrono::NaiveDate>().ok(),
                        "{s}"
                    );
                }
            }
        }
        for s in [
            "2026-6-12",
            " 2026-06-12",
            "2026-06-12 ",
            "+2026-06-12",
            "2026/06/12",
            "20260612",
            "",
            "2026-06-1x",
        ] {
            assert_eq!(parse_date(s.as_bytes()), None, "{s:?}");
        }
    }
}
