//! Durations as policies state them: working or calendar time, in seconds,
//! minutes, hours or days.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::data::{deserialize_by_reader, Bad, Read};
use crate::error::{Error, Result};

/// A target duration.
///
/// Text forms (case-insensitive; working time unless `calendar` is said):
/// - `"15m"`, `"4h"`, `"1h30m"`, `"90 minutes"`, `"8 working hours"`;
/// - `"3d"`, `"3 working days"`, `"1 working day"`;
/// - `"calendar 8h"`, `"72 calendar hours"`, `"3 calendar days"`.
///
/// # Examples
///
/// ```
/// use sla_core::Duration;
/// assert_eq!("1h30m".parse::<Duration>()?, Duration::Working(5400));
/// assert_eq!("3 working days".parse::<Duration>()?, Duration::WorkingDays(3));
/// assert_eq!("3 calendar days".parse::<Duration>()?, Duration::CalendarDays(3));
/// assert_eq!(Duration::Working(5400).to_string(), "1h30m");
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Duration {
    /// Working seconds, counted on the calendar.
    Working(i64),
    /// Working days, in the meaning chosen by [`WorkingDaysMeaning`](crate::WorkingDaysMeaning).
    WorkingDays(u32),
    /// Elapsed seconds, whatever the calendar says.
    Calendar(i64),
    /// Calendar days: N × 24 hours of elapsed time.
    CalendarDays(u32),
}

impl FromStr for Duration {
    type Err = Error;

    fn from_str(text: &str) -> Result<Duration> {
        // No allocation on the way to a compact duration ("4h"): bindings
        // parse the duration argument of every `add(t, "4h")` call.
        let bad = |reason: &str| Error::InvalidDuration {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        // The common compact form, one word of digits and unit letters
        // ("4h", "1h30m", "3d"), read straight from its bytes.
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let letters = |b: u8| !b.is_ascii_digit();
            if !text.bytes().all(letters) {
                return read_pairs(text.as_bytes(), false, &bad);
            }
        }
        let is_calendar = |w: &str| w.eq_ignore_ascii_case("calendar");
        let is_working =
            |w: &str| w.eq_ignore_ascii_case("working") || w.eq_ignore_ascii_case("business");
        let (mut calendar, mut working) = (false, false);
        for w in text.split_whitespace() {
            calendar |= is_calendar(w);
            working |= is_working(w);
        }
        if calendar && working {
            return Err(bad("a duration is either working or calendar time"));
        }
        // The other words glued together ("3 days" reads as "3days"), read
        // as number-unit pairs.
        let glued: Vec<u8> = text
            .split_whitespace()
            .filter(|w| !is_calendar(w) && !is_working(w))
            .flat_map(str::bytes)
            .collect();
        read_pairs(&glued, calendar, &bad)
    }
}

/// Reads the glued number-unit pairs of a duration text (`"1h30m"`,
/// `"3Days"`; units in any case).
fn read_pairs(glued: &[u8], calendar: bool, bad: &dyn Fn(&str) -> Error) -> Result<Duration> {
    let mut glued = glued.iter().map(u8::to_ascii_lowercase).peekable();
    if glued.peek().is_none() {
        return Err(bad(
            "expected an amount and a unit, like \"4h\" or \"3 working days\"",
        ));
    }
    let mut secs: i64 = 0;
    let mut days: Option<u32> = None;
    while glued.peek().is_some() {
        let (mut n, mut digits, mut too_large) = (0i64, 0usize, false);
        while let Some(d) = glued.next_if(u8::is_ascii_digit) {
            digits += 1;
            match n
                .checked_mul(10)
                .and_then(|n| n.checked_add(i64::from(d - b'0')))
            {
                Some(v) => n = v,
                None => too_large = true,
            }
        }
        if digits == 0 {
            return Err(bad("expected a whole number before each unit"));
        }
        if let Some(b'.' | b',') = glued.peek() {
            return Err(bad(
                "fractions are not supported; use a smaller unit, like \"1h30m\" for 1.5 hours",
            ));
        }
        if too_large {
            return Err(bad("the number is too large"));
        }
        // The longest unit is 7 letters; longer ones match none.
        let mut unit = [0u8; 8];
        let mut len = 0;
        while let Some(b) = glued.next_if(|b| !b.is_ascii_digit()) {
            if let Some(slot) = unit.get_mut(len) {
                *slot = b;
            }
            len += 1;
        }
        let unit: &[u8] = unit.get(..len).unwrap_or(b"?");
        let scale = match unit {
            b"s" | b"sec" | b"secs" | b"second" | b"seconds" => 1,
            b"m" | b"min" | b"mins" | b"minute" | b"minutes" => 60,
            b"h" | b"hr" | b"hrs" | b"hour" | b"hours" => 3600,
            b"d" | b"day" | b"days" | b"wd" => {
                if days.is_some() || secs != 0 || glued.peek().is_some() {
                    return Err(bad("days cannot be combined with other units"));
                }
                days = Some(u32::try_from(n).map_err(|_| bad("the number is too large"))?);
                continue;
            }
            b"" => return Err(bad("missing unit (s, m, h or d)")),
            _ => return Err(bad("unknown unit; expected s, m, h or d")),
        };
        if days.is_some() {
            return Err(bad("days cannot be combined with other units"));
        }
        secs = n
            .checked_mul(scale)
            .and_then(|v| v.checked_add(secs))
            .filter(|v| *v <= 1_000_000_000_000)
            .ok_or_else(|| bad("the number is too large"))?;
    }
    Ok(match (days, calendar) {
        (Some(d), false) => Duration::WorkingDays(d),
        (Some(d), true) => Duration::CalendarDays(d),
        (None, false) => Duration::Working(secs),
        (None, true) => Duration::Calendar(secs),
    })
}

/// Formats seconds as `1h30m`, `45m`, `10s`, `0s`.
pub(crate) fn format_hms(secs: i64) -> String {
    if secs == 0 {
        return "0s".to_string();
    }
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = sign.to_string();
    if h > 0 {
        out += &format!("{h}h");
    }
    if m > 0 {
        out += &format!("{m}m");
    }
    if sec > 0 {
        out += &format!("{sec}s");
    }
    out
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u32| if n == 1 { "" } else { "s" };
        match *self {
            Duration::Working(s) => f.write_str(&format_hms(s)),
            Duration::WorkingDays(n) => write!(f, "{n} working day{}", plural(n)),
            Duration::Calendar(s) => write!(f, "calendar {}", format_hms(s)),
            Duration::CalendarDays(n) => write!(f, "{n} calendar day{}", plural(n)),
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

deserialize_by_reader!(Duration);

impl Read for Duration {
    fn read(v: &Value) -> std::result::Result<Duration, Bad> {
        String::read(v)?
            .parse()
            .map_err(|e: Error| Bad::new(e.to_string()))
    }
}

/// Parses a working duration without days (e.g. a working-day length).
pub(crate) fn parse_plain_duration(text: &str) -> Result<i64> {
    match text.parse::<Duration>()? {
        Duration::Working(s) => Ok(s),
        _ => Err(Error::InvalidDuration {
            text: text.to_string(),
            reason: "expected hours and minutes of working time, like \"8h\"".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser as first written (allocating: lowercase copy, word list,
    /// glued string), the reference the allocation-free one must equal.
    fn reference(text: &str) -> Result<Duration> {
        let bad = |reason: &str| Error::InvalidDuration {
            text: text.to_string(),
            reason: reason.to_string(),
        };
        let lower = text.trim().to_ascii_lowercase();
        let mut calendar = false;
        let mut working = false;
        let mut words: Vec<&str> = Vec::new();
        for w in lower.split_whitespace() {
            match w {
                "calendar" => calendar = true,
                "working" | "business" => working = true,
                _ => words.push(w),
            }
        }
        if calendar && working {
            return Err(bad("a duration is either working or calendar time"));
        }
        // Glue "3 days" into "3days" and read number-unit pairs.
        let glued: String = words.concat();
        if glued.is_empty() {
            return Err(bad(
                "expected an amount and a unit, like \"4h\" or \"3 working days\"",
            ));
        }
        let mut secs: i64 = 0;
        let mut days: Option<u32> = None;
        let mut rest = glued.as_str();
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad("expected a whole number before each unit"));
            }
            let n: i64 = rest[..digits]
                .parse()
                .map_err(|_| bad("the number is too large"))?;
            rest = &rest[digits..];
            let unit_len = rest.bytes().take_while(|b| !b.is_ascii_digit()).count();
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            let scale = match unit {
                "s" | "sec" | "secs" | "second" | "seconds" => 1,
                "m" | "min" | "mins" | "minute" | "minutes" => 60,
                "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
                "d" | "day" | "days" | "wd" => {
                    if days.is_some() || secs != 0 || !rest.is_empty() {
                        return Err(bad("days cannot be combined with other units"));
                    }
                    days = Some(u32::try_from(n).map_err(|_| bad("the number is too large"))?);
                    continue;
                }
                "" => return Err(bad("missing unit (s, m, h or d)")),
                _ => return Err(bad("unknown unit; expected s, m, h or d")),
            };
            if days.is_some() {
                return Err(bad("days cannot be combined with other units"));
            }
            secs = n
                .checked_mul(scale)
                .and_then(|v| v.checked_add(secs))
                .filter(|v| *v <= 1_000_000_000_000)
                .ok_or_else(|| bad("the number is too large"))?;
        }
        Ok(match (days, calendar) {
            (Some(d), false) => Duration::WorkingDays(d),
            (Some(d), true) => Duration::CalendarDays(d),
            (None, false) => Duration::Working(secs),
            (None, true) => Duration::Calendar(secs),
        })
    }

    #[test]
    fn equals_the_reference_on_every_short_token_string() {
        let tokens = [
            "1",
            "30",
            "4",
            "0",
            "99999999999999999999",
            "4294967296",
            " ",
            "\t",
            "h",
            "m",
            "d",
            "s",
            "Days",
            "working",
            "Calendar",
            "HOURS",
            "x",
            "wd",
            "min",
            "secondsx",
            "é",
        ];
        let mut n = 0;
        let mut text = String::new();
        let k = tokens.len();
        for a in 0..k * k * k * k {
            text.clear();
            let mut i = a;
            for _ in 0..4 {
                text.push_str(tokens[i % k]);
                i /= k;
            }
            let got = text.parse::<Duration>().map_err(|e| e.to_string());
            let want = reference(&text).map_err(|e| e.to_string());
            assert_eq!(got, want, "{text:?}");
            n += 1;
        }
        assert_eq!(n, k.pow(4));
    }

    #[test]
    fn text_forms() {
        let cases = [
            ("15m", Duration::Working(900)),
            ("4h", Duration::Working(14_400)),
            ("1h 30m", Duration::Working(5400)),
            ("8 working hours", Duration::Working(28_800)),
            ("1 working day", Duration::WorkingDays(1)),
            ("3d", Duration::WorkingDays(3)),
            ("calendar 8h", Duration::Calendar(28_800)),
            ("72 calendar hours", Duration::Calendar(259_200)),
            ("3 calendar days", Duration::CalendarDays(3)),
            ("0s", Duration::Working(0)),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<Duration>().unwrap(), want, "{text}");
            let shown = want.to_string();
            assert_eq!(shown.parse::<Duration>().unwrap(), want, "{shown}");
        }
    }

    #[test]
    fn malformed_durations_say_why() {
        for (text, why) in [
            ("", "expected an amount"),
            ("4", "missing unit"),
            ("4 weeks", "unknown unit"),
            ("h", "whole number"),
            ("1d 4h", "days cannot be combined"),
            ("working calendar 4h", "either working or calendar"),
            ("99999999999999999999h", "too large"),
        ] {
            let e = text.parse::<Duration>().unwrap_err().to_string();
            assert!(e.contains(why), "{text}: {e}");
        }
    }
}
