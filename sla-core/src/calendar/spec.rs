//! The serde form of a calendar, its compact text form and the presets.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, Weekday};
use serde::Serialize;
use serde_json::Value;

use crate::data::{deserialize_by_reader, snake_names, variant, Bad, Object, Read};
use crate::error::{Error, Result};

/// A calendar as data: what JSON and TOML files and the bindings carry.
///
/// `week` maps day names or ranges (`"mon"`, `"mon-fri"`, `"sat,sun"`) to
/// working intervals (`"09:00-18:00"`, `"22:00-06:00"` for a night shift that
/// belongs to the day it starts, `"00:00-24:00"` for a whole day). An
/// interval whose start equals its end (`"09:00-09:00"`) is rejected as
/// empty: it does not mean 24 hours from 09:00 (write that as
/// `"09:00-24:00"` on one day and `"00:00-09:00"` on the next). Dated
/// layers go on top: see [`Calendar`](crate::Calendar) for their precedence.
/// Unknown keys, and keys given twice, are errors. Every key: `docs/policy-reference.md`.
///
/// # Examples
///
/// ```
/// use sla_core::{Calendar, CalendarSpec};
///
/// let spec: CalendarSpec = serde_json::from_str(r#"{
///     "timezone": "Europe/Moscow",
///     "week": { "mon-fri": ["09:00-13:00", "14:00-18:00"] },
///     "holidays": ["2026-06-12"]
/// }"#)?;
/// let calendar = Calendar::from_spec(&spec)?;
/// assert_eq!(calendar.working_day_length().num_hours(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarSpec {
    /// IANA time zone name, e.g. `"Europe/Moscow"`.
    pub timezone: String,
    /// Weekly working intervals in local wall-clock time.
    pub week: BTreeMap<String, Vec<String>>,
    /// Production calendars to apply, bundled by name (`"ru"`) or given inline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub production_calendars: Vec<ProductionCalendarRef>,
    /// Whole local days off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<NaiveDate>,
    /// Days worked although the week says they are off (transferred working
    /// days); they get the hours of the standard working day.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_working_days: Vec<NaiveDate>,
    /// Days whose last interval ends `shortened_minutes` earlier.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shortened: Vec<NaiveDate>,
    /// How much every shortened day of this calendar loses at its end,
    /// those of its production calendars included (default: the production
    /// calendar's own figure, else 60). `0` keeps pre-holiday days whole, for
    /// a desk that works its full hours on them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortened_minutes: Option<u32>,
    /// Hours for single dates, replacing whatever the other layers say.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_hours: BTreeMap<NaiveDate, Vec<String>>,
    /// What to do for dates outside the loaded production-calendar years.
    pub out_of_range: OutOfRange,
    /// How far operations search for working time (default 3660 days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_days: Option<u32>,
    /// The standard working-day length for "N working days" (e.g. `"8h"`);
    /// default: the working time of the first weekday that has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_day_length: Option<String>,
}

/// A production calendar referred to by name or given inline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ProductionCalendarRef {
    /// A bundled calendar: `"ru"`.
    Name(String),
    /// A calendar in the data-file format.
    Inline(Box<super::production::ProductionCalendar>),
}

/// What a computation does when it needs a date outside the loaded
/// production-calendar years.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfRange {
    /// Fail with [`Error::YearNotCovered`] naming the missing year (default).
    #[default]
    Error,
    /// Use the plain weekly template (no holidays) for those dates.
    Weekly,
}

/// Calendars every helpdesk starts from, in any time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Always working.
    AlwaysOn,
    /// Monday to Friday, 09:00–18:00 ("9×5").
    NineToSix,
    /// Monday to Friday, 08:45–17:00.
    EightFortyFiveToFive,
    /// Monday to Friday, 09:00–17:00.
    NineToFive,
}

impl Preset {
    /// All presets, in their documented order.
    pub const ALL: [Preset; 4] = [
        Preset::AlwaysOn,
        Preset::NineToSix,
        Preset::EightFortyFiveToFive,
        Preset::NineToFive,
    ];

    /// The preset's name in files and bindings: `24x7`, `9x5`, `08:45-17:00`, `09:00-17:00`.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Preset;
    ///
    /// assert_eq!(Preset::NineToSix.as_str(), "9x5");
    /// assert_eq!(Preset::AlwaysOn.to_string(), "24x7");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::AlwaysOn => "24x7",
            Preset::NineToSix => "9x5",
            Preset::EightFortyFiveToFive => "08:45-17:00",
            Preset::NineToFive => "09:00-17:00",
        }
    }

    /// The preset with that [`name`](Preset::as_str).
    ///
    /// # Errors
    /// [`Error::Unknown`] for any other name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Preset;
    ///
    /// assert_eq!(Preset::from_name("08:45-17:00")?, Preset::EightFortyFiveToFive);
    /// assert_eq!(Preset::from_name("24X7")?, Preset::AlwaysOn);
    /// assert!(Preset::from_name("8x5").is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<Preset> {
        Preset::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::unknown("preset", name, Preset::ALL.map(Preset::as_str)))
    }

    /// The preset's weekly template as a spec in `timezone`.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Preset;
    ///
    /// let spec = Preset::NineToFive.spec("Europe/Paris");
    /// assert_eq!(spec.timezone, "Europe/Paris");
    /// assert_eq!(spec.week["mon-fri"], ["09:00-17:00"]);
    /// ```
    pub fn spec(self, timezone: &str) -> CalendarSpec {
        let (days, hours) = match self {
            Preset::AlwaysOn => ("mon-sun", "00:00-24:00"),
            Preset::NineToSix => ("mon-fri", "09:00-18:00"),
            Preset::EightFortyFiveToFive => ("mon-fri", "08:45-17:00"),
            Preset::NineToFive => ("mon-fri", "09:00-17:00"),
        };
        CalendarSpec::weekly(timezone, [(days, vec![hours])])
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

deserialize_by_reader!(CalendarSpec, ProductionCalendarRef, OutOfRange);

impl Read for CalendarSpec {
    fn read(v: &Value) -> std::result::Result<CalendarSpec, Bad> {
        let o = Object::new(
            v,
            "CalendarSpec",
            &[
                "timezone",
                "week",
                "production_calendars",
                "holidays",
                "extra_working_days",
                "shortened",
                "shortened_minutes",
                "custom_hours",
                "out_of_range",
                "horizon_days",
                "working_day_length",
            ],
        )?;
        Ok(CalendarSpec {
            timezone: o.req("timezone")?,
            week: o.or_default("week")?,
            production_calendars: o.or_default("production_calendars")?,
            holidays: o.or_default("holidays")?,
            extra_working_days: o.or_default("extra_working_days")?,
            shortened: o.or_default("shortened")?,
            shortened_minutes: o.opt("shortened_minutes")?,
            custom_hours: o.or_default("custom_hours")?,
            out_of_range: o.or_default("out_of_range")?,
            horizon_days: o.opt("horizon_days")?,
            working_day_length: o.opt("working_day_length")?,
        })
    }
}

impl Read for ProductionCalendarRef {
    fn read(v: &Value) -> std::result::Result<ProductionCalendarRef, Bad> {
        match v {
            Value::String(name) => Ok(ProductionCalendarRef::Name(name.clone())),
            Value::Object(_) => super::production::ProductionCalendar::read(v)
                .map(|cal| ProductionCalendarRef::Inline(Box::new(cal))),
            other => Err(Bad::new(format!(
                "invalid production calendar {other}: expected a bundled name like \"ru\" or a calendar object"
            ))),
        }
    }
}

snake_names!(OutOfRange {
    Error => "error",
    Weekly => "weekly",
});

impl Read for OutOfRange {
    fn read(v: &Value) -> std::result::Result<OutOfRange, Bad> {
        Ok([OutOfRange::Error, OutOfRange::Weekly][variant(v, &["error", "weekly"])?])
    }
}

impl CalendarSpec {
    /// A spec with only a weekly template.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, CalendarSpec};
    ///
    /// let spec = CalendarSpec::weekly("UTC", [
    ///     ("mon-fri", vec!["09:00-18:00"]),
    ///     ("sat", vec!["10:00-14:00"]),
    /// ]);
    /// let cal = Calendar::from_spec(&spec)?;
    /// assert!(cal.is_working(&parse_instant("2026-03-07T11:00:00Z")?)?); // a Saturday
    /// assert!(!cal.is_working(&parse_instant("2026-03-08T11:00:00Z")?)?); // a Sunday
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn weekly<'a>(
        timezone: &str,
        week: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> CalendarSpec {
        // A loop, not `collect()`: collecting into a map sorts, which is
        // much code in the WebAssembly build for one call site.
        let mut days = BTreeMap::new();
        for (d, v) in week {
            days.insert(d.to_string(), v.into_iter().map(str::to_string).collect());
        }
        CalendarSpec {
            timezone: timezone.to_string(),
            week: days,
            production_calendars: Vec::new(),
            holidays: Vec::new(),
            extra_working_days: Vec::new(),
            shortened: Vec::new(),
            shortened_minutes: None,
            custom_hours: BTreeMap::new(),
            out_of_range: OutOfRange::Error,
            horizon_days: None,
            working_day_length: None,
        }
    }

    /// Parses the compact text form.
    ///
    /// Grammar: whitespace-separated words. A day set (`Mon-Fri`, `Sat`,
    /// `Mon,Wed`) is followed by its intervals (`09:00-13:00,14:00-18:00`);
    /// `24x7` stands for every day all day; a preset name such as `9x5`
    /// stands for its week; one IANA zone name; `+ru` applies a bundled
    /// production calendar. Day names are case-insensitive.
    ///
    /// # Errors
    /// [`Error::InvalidCalendarText`] naming what could not be read.
    ///
    /// # Examples
    ///
    /// ```
    /// use sla_core::CalendarSpec;
    /// let spec = CalendarSpec::parse("Mon-Fri 09:00-13:00,14:00-18:00 Sat 10:00-14:00 Europe/Moscow +ru")?;
    /// assert_eq!(spec.timezone, "Europe/Moscow");
    /// assert_eq!(spec.week["sat"], vec!["10:00-14:00".to_string()]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<CalendarSpec> {
        let bad = |reason: String| Error::InvalidCalendarText {
            text: text.to_string(),
            reason,
        };
        let mut zone: Option<&str> = None;
        let mut week: Vec<(String, Vec<String>)> = Vec::new();
        let mut prod = Vec::new();
        let mut words = text.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if let Some(name) = word.strip_prefix('+') {
                prod.push(ProductionCalendarRef::Name(name.to_ascii_lowercase()));
            } else if let Ok(preset) = Preset::from_name(word) {
                week.extend(preset.spec("UTC").week);
            } else if word.contains('/') || word.eq_ignore_ascii_case("utc") {
                if let Some(z) = zone {
                    return Err(bad(format!("two time zones: {z:?} and {word:?}")));
                }
                zone = Some(word);
            } else if parse_day_set(word).is_ok() {
                let hours = words
                    .next()
                    .ok_or_else(|| bad(format!("day set {word:?} has no intervals after it")))?;
                let hours: Vec<String> = hours.split(',').map(str::to_string).collect();
                for h in &hours {
                    parse_interval(h).map_err(|e| bad(e.to_string()))?;
                }
                week.push((word.to_ascii_lowercase(), hours));
            } else {
                return Err(bad(format!(
                    "{word:?} is neither a day set, a preset, a time zone nor +calendar"
                )));
            }
        }
        let zone = zone.ok_or_else(|| bad("no time zone (e.g. Europe/Moscow)".to_string()))?;
        if week.is_empty() {
            return Err(bad("no working days (e.g. Mon-Fri 09:00-18:00)".to_string()));
        }
        let mut spec = CalendarSpec::weekly(zone, []);
        for (days, hours) in week {
            spec.week.entry(days).or_default().extend(hours);
        }
        spec.production_calendars = prod;
        Ok(spec)
    }
}

/// Parses `"mon"`, `"mon-fri"`, `"sat,sun"`, `"fri-mon"` into weekday flags
/// (index 0 = Monday).
pub(crate) fn parse_day_set(text: &str) -> Result<[bool; 7]> {
    let bad = || Error::InvalidCalendarText {
        text: text.to_string(),
        reason: "expected day names like mon, mon-fri or sat,sun".to_string(),
    };
    let mut set = [false; 7];
    for part in text.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let a = parse_weekday(a).ok_or_else(bad)?;
                let b = parse_weekday(b).ok_or_else(bad)?;
                let mut d = a;
                loop {
                    set[d as usize] = true;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => set[parse_weekday(part).ok_or_else(bad)? as usize] = true,
        }
    }
    Ok(set)
}

fn parse_weekday(s: &str) -> Option<u8> {
    let w: Weekday = s.trim().parse().ok()?;
    Some(w.num_days_from_monday() as u8)
}

/// A working interval in seconds from local midnight; `end` may pass 24:00
/// (an overnight interval belongs to the day it starts).
pub(crate) type Span = (u32, u32);

/// Parses `"09:00-18:00"`, `"22:00-06:00"` (overnight), `"00:00-24:00"`,
/// optionally with seconds (`"09:00:30-18:00"`).
pub(crate) fn parse_interval(text: &str) -> Result<Span> {
    let bad = |reason: &str| Error::InvalidInterval {
        text: text.to_string(),
        reason: reason.to_string(),
    };
    let (a, b) = text
        .split_once('-')
        .ok_or_else(|| bad("expected HH:MM-HH:MM"))?;
    let a = parse_wall_time(a.trim()).ok_or_else(|| bad("expected HH:MM-HH:MM"))?;
    let b = parse_wall_time(b.trim()).ok_or_else(|| bad("expected HH:MM-HH:MM"))?;
    if a >= 86_400 {
        return Err(bad("an interval must start before 24:00"));
    }
    if a == b {
        return Err(bad(
            "an interval whose start and end are equal is empty, not 24 hours; write 00:00-24:00 for a whole day",
        ));
    }
    // An end at or before the start means the interval runs past midnight.
    let b = if b <= a { b + 86_400 } else { b };
    Ok((a, b))
}

fn parse_wall_time(s: &str) -> Option<u32> {
    let mut parts = s.split(':');
    let h: u32 = parse_2digits(parts.next()?)?;
    let m: u32 = parse_2digits(parts.next()?)?;
    let sec: u32 = match parts.next() {
        Some(p) => parse_2digits(p)?,
        None => 0,
    };
    if parts.next().is_some() || m > 59 || sec > 59 || h > 24 || (h == 24 && (m, sec) != (0, 0)) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

fn parse_2digits(s: &str) -> Option<u32> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Formats seconds from midnight as `HH:MM` (or `HH:MM:SS`).
pub(crate) fn format_wall(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

pub(crate) fn format_span((a, b): Span) -> String {
    format!(
        "{}-{}",
        format_wall(a),
        format_wall(b % 86_400 + u32::from(b == 86_400) * 86_400)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_with_overnight_and_24() {
        assert_eq!(parse_interval("09:00-18:00").unwrap(), (32_400, 64_800));
        assert_eq!(parse_interval("22:00-06:00").unwrap(), (79_200, 108_000));
        assert_eq!(parse_interval("00:00-24:00").unwrap(), (0, 86_400));
        assert_eq!(parse_interval("08:45:30-17:00").unwrap(), (31_530, 61_200));
        for bad in [
            "9:00-18:00",
            "09:00",
            "25:00-26:00",
            "10:00-10:00",
            "24:00-01:00",
            "09:60-10:00",
        ] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn day_sets_wrap_around_the_week() {
        assert_eq!(
            parse_day_set("fri-mon").unwrap(),
            [true, false, false, false, true, true, true]
        );
        assert_eq!(
            parse_day_set("Mon,Wed").unwrap(),
            [true, false, true, false, false, false, false]
        );
        assert!(parse_day_set("funday").is_err());
    }

    #[test]
    fn text_form_errors_name_the_word() {
        let e = CalendarSpec::parse("Mon-Fri 09:00-18:00 Moscow").unwrap_err();
        assert!(e.to_string().contains("\"Moscow\""), "{e}");
        let e = CalendarSpec::parse("Mon-Fri 09:00-18:00").unwrap_err();
        assert!(e.to_string().contains("no time zone"), "{e}");
        let spec = CalendarSpec::parse("24x7 UTC").unwrap();
        assert_eq!(spec.week["mon-sun"], vec!["00:00-24:00".to_string()]);
    }

    #[test]
    fn format_span_round_trips() {
        for s in [
            "09:00-18:00",
            "22:00-06:00",
            "00:00-24:00",
            "08:45:30-17:00",
        ] {
            assert_eq!(format_span(parse_interval(s).unwrap()), s);
        }
    }
}
