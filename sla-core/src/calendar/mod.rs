//! Business-hour calendars: a weekly template in a time zone with dated layers.
//!
//! # Layers and their precedence
//!
//! For a local date the working intervals are, in order of precedence:
//! 1. `custom_hours` for that date (replaces everything else);
//! 2. a holiday: no working time;
//! 3. an extra working day (a transferred working Saturday): the hours of the
//!    standard working day (the first weekday, Monday first, that has any);
//! 4. the weekly template for that weekday.
//!
//! A shortened day then loses `shortened_minutes` at the end of its last
//! interval: the calendar's own figure if it gives one (`0` keeps shortened
//! days whole), else its production calendar's, else 60. Rules that contradict each other (holiday and extra
//! working day, holiday and custom hours, holiday and shortened) are errors,
//! as are overlapping intervals, including an overnight interval running into
//! the next day's first one.

mod index;
mod production;
mod spec;
mod zone;

use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};
use chrono_tz::Tz;

pub use production::{ProductionCalendar, ProductionYear, Source};
pub use spec::{CalendarSpec, OutOfRange, Preset, ProductionCalendarRef};

pub(crate) use index::{Chunk, Index, LAST_YEAR};
pub(crate) use spec::{format_span, parse_day_set, parse_interval, Span};

use crate::duration::parse_plain_duration;
use crate::error::{Error, Result};

/// The supported range in UTC seconds, `[1900-01-01T00:00:00Z,
/// 2100-01-01T00:00:00Z)`: the years the index covers.
pub(crate) const SUPPORTED: std::ops::Range<i64> = -2_208_988_800..4_102_444_800;

/// `t` (UTC seconds) if it lies in the supported range, else
/// [`Error::OutOfSupportedRange`] naming it.
#[inline]
pub(crate) fn in_range(t: i64) -> Result<i64> {
    if SUPPORTED.contains(&t) {
        Ok(t)
    } else {
        Err(Error::out_of_range(t))
    }
}

/// Default search horizon in days (about ten years).
pub const DEFAULT_HORIZON_DAYS: u32 = 3660;

/// A business-hour calendar: weekly working intervals in an IANA time zone,
/// with holidays, transferred working days, shortened days and custom hours.
///
/// Cloning is cheap: clones share the lazily built working-time index.
///
/// # Examples
///
/// ```
/// use chrono::TimeDelta;
/// use sla_core::Calendar;
///
/// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
/// let created = sla_core::parse_instant("2026-12-30T16:00:00+03:00")?;
/// // 4 working hours: 2 on Dec 30, then the New Year holidays (Dec 31 to
/// // Jan 10), then 2 more.
/// let deadline = cal.add(&created, TimeDelta::hours(4))?;
/// assert_eq!(deadline.to_rfc3339(), "2027-01-11T11:00:00+03:00");
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    spec: CalendarSpec,
    rules: Rules,
    index: Index,
}

/// The compiled calendar rules the index is built from.
#[derive(Debug)]
pub(crate) struct Rules {
    pub tz: Tz,
    week: [Vec<Span>; 7],
    /// Fully resolved intervals of every date that has a dated rule, sorted
    /// by date. (Sorted vectors rather than `BTreeMap`s here: each map type
    /// is several KB of the WebAssembly build.)
    dated: Vec<(NaiveDate, Vec<Span>)>,
    /// Years of loaded production-calendar data, if any, in order.
    covered_years: Option<Vec<i32>>,
    /// UTC ranges `[start, end]` of the covered years (contiguous runs).
    covered_utc: Vec<(i64, i64)>,
    pub out_of_range: OutOfRange,
    pub horizon_days: u32,
    /// Standard working-day length in seconds.
    pub day_length: i64,
}

impl Rules {
    /// The working intervals of a local date.
    #[inline]
    pub fn day(&self, date: NaiveDate) -> &[Span] {
        match self.dated.binary_search_by_key(&date, |&(d, _)| d) {
            Ok(i) => &self.dated[i].1,
            Err(_) => &self.week[date.weekday().num_days_from_monday() as usize],
        }
    }
}

impl Calendar {
    /// Builds a calendar from its spec, validating every layer.
    ///
    /// # Errors
    /// [`Error::UnknownTimeZone`], [`Error::InvalidInterval`],
    /// [`Error::OverlappingIntervals`], [`Error::ContradictoryDate`],
    /// [`Error::ShortenedTooMuch`], [`Error::EmptyCalendar`],
    /// [`Error::UnknownProductionCalendar`], [`Error::InvalidCalendarData`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::NaiveDate;
    /// use sla_core::{Calendar, CalendarSpec};
    ///
    /// let mut spec = CalendarSpec::weekly("Europe/Berlin", [("mon-fri", vec!["09:00-17:00"])]);
    /// let christmas_eve = NaiveDate::from_ymd_opt(2026, 12, 24).expect("a date"); // a Thursday
    /// spec.holidays.push(christmas_eve);
    /// let cal = Calendar::from_spec(&spec)?;
    /// assert!(cal.day_hours(christmas_eve)?.is_empty());
    /// assert_eq!(cal.day_hours(christmas_eve.pred_opt().expect("a date"))?, ["09:00-17:00"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_spec(spec: &CalendarSpec) -> Result<Calendar> {
        let rules = compile(spec)?;
        Ok(Calendar {
            inner: Arc::new(Inner {
                spec: spec.clone(),
                rules,
                index: Index::new(),
            }),
        })
    }

    /// Builds a calendar from its compact text form, e.g.
    /// `"Mon-Fri 09:00-18:00 Europe/Moscow +ru"` (see [`CalendarSpec::parse`]).
    ///
    /// # Errors
    /// As [`CalendarSpec::parse`] and [`Calendar::from_spec`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Calendar, ErrorKind, Tz};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-13:00,14:00-18:00 Europe/Moscow +ru")?;
    /// assert_eq!(cal.timezone(), Tz::Europe__Moscow);
    /// assert_eq!(cal.working_day_length().num_hours(), 8);
    /// let err = Calendar::parse("Mon-Fri 9-18 Europe/Moscow").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Calendar);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Calendar> {
        Calendar::from_spec(&CalendarSpec::parse(text)?)
    }

    /// Reads a calendar spec from JSON (the text form is accepted as a JSON string).
    ///
    /// # Errors
    /// [`Error::InvalidCalendarData`] for malformed JSON, unknown keys or a
    /// key given twice, then as [`Calendar::from_spec`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::Calendar;
    ///
    /// let cal = Calendar::from_json(r#"{
    ///   "timezone": "Asia/Tokyo",
    ///   "week": { "mon-fri": ["10:00-19:00"] },
    ///   "holidays": ["2026-01-01", "2026-01-02"]
    /// }"#)?;
    /// assert_eq!(cal.timezone().name(), "Asia/Tokyo");
    /// assert_eq!(cal.working_day_length().num_hours(), 9);
    /// // The text form, as a JSON string.
    /// let cal = Calendar::from_json(r#""Mon-Fri 09:00-18:00 UTC""#)?;
    /// assert_eq!(cal.timezone().name(), "UTC");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Calendar> {
        Calendar::from_value(
            &crate::data::from_json_text(text).map_err(Error::InvalidCalendarData)?,
        )
    }

    /// Reads a calendar spec from TOML.
    ///
    /// # Errors
    /// [`Error::InvalidCalendarData`] for malformed TOML or unknown keys, then
    /// as [`Calendar::from_spec`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::Calendar;
    ///
    /// let cal = Calendar::from_toml(r#"
    /// timezone = "Europe/London"
    /// week = { mon-fri = ["09:00-17:30"] }
    /// holidays = ["2026-12-25"]
    /// "#)?;
    /// assert_eq!(cal.working_day_length().num_minutes(), 8 * 60 + 30);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Calendar> {
        let spec = CalendarSpec::deserialize_value(
            &crate::data::from_toml_text(text).map_err(Error::InvalidCalendarData)?,
        )?;
        Calendar::from_spec(&spec)
    }

    /// A calendar from a JSON value: a spec object or a text-form string.
    pub(crate) fn from_value(value: &serde_json::Value) -> Result<Calendar> {
        match value {
            serde_json::Value::String(s) => Calendar::parse(s),
            v => {
                let spec = CalendarSpec::deserialize_value(v)?;
                Calendar::from_spec(&spec)
            }
        }
    }

    /// A preset calendar in `timezone`.
    ///
    /// # Errors
    /// [`Error::UnknownTimeZone`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Calendar, Preset};
    /// let cal = Calendar::preset(Preset::EightFortyFiveToFive, "Europe/Moscow")?;
    /// assert_eq!(cal.working_day_length().num_minutes(), 8 * 60 + 15);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn preset(preset: Preset, timezone: &str) -> Result<Calendar> {
        Calendar::from_spec(&preset.spec(timezone))
    }

    /// The spec this calendar was built from.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Calendar;
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// assert_eq!(cal.spec().timezone, "Europe/Moscow");
    /// assert_eq!(cal.spec().week["mon-fri"], ["09:00-18:00"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn spec(&self) -> &CalendarSpec {
        &self.inner.spec
    }

    /// The calendar's time zone; every result is given in it.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Tz};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// assert_eq!(cal.timezone(), Tz::Europe__Moscow);
    /// // Friday 20:00 UTC is 23:00 in Moscow; the answer is in Moscow time.
    /// let opening = cal.next_opening(&parse_instant("2026-03-06T20:00:00Z")?)?;
    /// assert_eq!(opening.to_rfc3339(), "2026-03-09T09:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn timezone(&self) -> Tz {
        self.inner.rules.tz
    }

    /// The standard working-day length, the unit of "N working days".
    ///
    /// # Examples
    /// ```
    /// use sla_core::Calendar;
    ///
    /// // The first weekday with working time sets the length: 4 h + 4 h.
    /// let cal = Calendar::parse("Mon-Fri 09:00-13:00,14:00-18:00 Sat 10:00-14:00 UTC")?;
    /// assert_eq!(cal.working_day_length().num_hours(), 8);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn working_day_length(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(self.inner.rules.day_length)
    }

    /// The years with loaded production-calendar data, if the calendar has any.
    ///
    /// # Examples
    /// ```
    /// use sla_core::Calendar;
    ///
    /// let ru = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// assert_eq!(ru.covered_years(), Some(vec![2024, 2025, 2026, 2027]));
    /// let plain = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// assert_eq!(plain.covered_years(), None);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn covered_years(&self) -> Option<Vec<i32>> {
        self.inner.rules.covered_years.clone()
    }

    /// The working intervals of a local date as `"HH:MM-HH:MM"` strings.
    ///
    /// # Errors
    /// [`Error::YearNotCovered`] for a date outside the loaded data (unless
    /// the calendar falls back to the weekly template).
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::NaiveDate;
    /// use sla_core::{Calendar, ErrorKind};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    /// assert_eq!(cal.day_hours(date(5, 8))?, ["09:00-17:00"]); // shortened, before a holiday
    /// assert!(cal.day_hours(date(5, 11))?.is_empty()); // Victory Day moved to Monday
    /// assert_eq!(cal.day_hours(date(5, 12))?, ["09:00-18:00"]);
    /// let y2031 = NaiveDate::from_ymd_opt(2031, 1, 6).expect("a date");
    /// assert_eq!(cal.day_hours(y2031).unwrap_err().kind(), ErrorKind::Range);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn day_hours(&self, date: NaiveDate) -> Result<Vec<String>> {
        self.check_year(date.year())?;
        Ok(self
            .inner
            .rules
            .day(date)
            .iter()
            .map(|&s| format_span(s))
            .collect())
    }

    /// The UTC pieces of one local date's working intervals.
    pub(crate) fn day_utc_pieces(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        let rules = &self.inner.rules;
        let wall0 = index::days_from_epoch(date) * 86_400;
        let segs = zone::segments(rules.tz, wall0 - 2 * 86_400, wall0 + 3 * 86_400);
        let mut out = Vec::new();
        for &(a, b) in rules.day(date) {
            zone::preimage(&segs, wall0 + i64::from(a), wall0 + i64::from(b), |s, e| {
                out.push((s, e));
            });
        }
        out
    }

    /// The UTC instant the local date's last working interval ends, `None`
    /// when the date has no working time. Read from the index (which
    /// resolves every date of a year once, when the year's chunk is built);
    /// dates outside the indexed years are resolved on the spot.
    pub(crate) fn day_closing_utc(&self, date: NaiveDate) -> Option<i64> {
        let index = &self.inner.index;
        let day = index::days_from_epoch(date);
        if let Some(k) = index.chunk_of(day * 86_400) {
            if let Some(closing) = index.chunk(&self.inner.rules, k).closing_of_day(day) {
                return closing;
            }
        }
        self.day_utc_pieces(date).into_iter().map(|(_, e)| e).max()
    }

    pub(crate) fn rules(&self) -> &Rules {
        &self.inner.rules
    }

    pub(crate) fn index(&self) -> &Index {
        &self.inner.index
    }

    /// Fails when `year` is outside the loaded data and the calendar does not
    /// fall back to the weekly template.
    pub(crate) fn check_year(&self, year: i32) -> Result<()> {
        let r = &self.inner.rules;
        match (&r.covered_years, r.out_of_range) {
            (Some(years), OutOfRange::Error) if !years.contains(&year) => {
                Err(Error::YearNotCovered {
                    year,
                    loaded: years_list(years),
                })
            }
            _ => Ok(()),
        }
    }

    /// Fails when the UTC second `t` falls on a local date outside the loaded
    /// data (the end of the last covered day is still covered).
    #[inline]
    pub(crate) fn check_covered(&self, t: i64) -> Result<()> {
        let r = &self.inner.rules;
        if r.out_of_range == OutOfRange::Weekly || r.covered_years.is_none() {
            return Ok(());
        }
        if r.covered_utc.iter().any(|&(s, e)| s <= t && t <= e) {
            return Ok(());
        }
        self.check_year(self.local(t)?.year())
    }

    /// The UTC second `t` in the calendar's zone.
    ///
    /// # Errors
    /// [`Error::OutOfSupportedRange`] outside the supported range.
    pub(crate) fn local(&self, t: i64) -> Result<DateTime<Tz>> {
        // The index keeps the zone's offsets of each year: the same offset
        // chrono-tz would give, without its search through the transitions.
        if let Some(d) = self.chunk_at(t).and_then(|c| c.local(t)) {
            return Ok(d);
        }
        let utc =
            DateTime::from_timestamp(in_range(t)?, 0).ok_or_else(|| Error::out_of_range(t))?;
        Ok(utc.with_timezone(&self.inner.rules.tz))
    }

    /// The UTC second `t` in the calendar's zone, as a fixed offset: what
    /// `local(t)?.fixed_offset()` gives, read from the index directly.
    pub(crate) fn fixed(&self, t: i64) -> Result<DateTime<FixedOffset>> {
        match self.chunk_at(t).and_then(|c| c.fixed(t)) {
            Some(d) => Ok(d),
            None => Ok(self.local(t)?.fixed_offset()),
        }
    }

    /// The index chunk holding UTC second `t`, if the index covers it.
    #[inline]
    pub(crate) fn chunk_at(&self, t: i64) -> Option<&Chunk> {
        Some(self.numbered_chunk_at(t)?.1)
    }

    /// [`Calendar::chunk_at`] with the chunk's number.
    #[inline]
    pub(crate) fn numbered_chunk_at(&self, t: i64) -> Option<(usize, &Chunk)> {
        let index = &self.inner.index;
        let k = index.chunk_of(t)?;
        Some((k, index.chunk(&self.inner.rules, k)))
    }
}

/// Sorts one day's intervals. A heapsort by hand: `sort_unstable` is about
/// 9 KB of the WebAssembly build per element type, and a day's intervals
/// come from user data, so the sort must stay O(n log n) however many.
fn sort_spans(spans: &mut [Span]) {
    fn sift_down(v: &mut [Span], mut root: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= v.len() {
                return;
            }
            if child + 1 < v.len() && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    for root in (0..spans.len() / 2).rev() {
        sift_down(spans, root);
    }
    for end in (1..spans.len()).rev() {
        spans.swap(0, end);
        sift_down(&mut spans[..end], 0);
    }
}

fn years_list(years: &[i32]) -> String {
    let v: Vec<String> = years.iter().map(i32::to_string).collect();
    v.join(", ")
}

impl CalendarSpec {
    fn deserialize_value(v: &serde_json::Value) -> Result<CalendarSpec> {
        crate::data::typed(v).map_err(Error::InvalidCalendarData)
    }
}

/// Parses an IANA zone name.
///
/// # Errors
/// [`Error::UnknownTimeZone`].
///
/// # Examples
/// ```
/// use sla_core::{parse_timezone, ErrorKind, Tz};
///
/// assert_eq!(parse_timezone("Europe/Moscow")?, Tz::Europe__Moscow);
/// assert_eq!(parse_timezone("Mars/Olympus").unwrap_err().kind(), ErrorKind::Calendar);
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn parse_timezone(name: &str) -> Result<Tz> {
    name.parse::<Tz>()
        .map_err(|_| Error::UnknownTimeZone(name.to_string()))
}

#[derive(Default)]
struct DateRules {
    holiday: bool,
    working: bool,
    shortened: Option<u32>,
    custom: Option<Vec<Span>>,
}

/// The dated rules gathered from a spec's layers, sorted by date.
type DatedRules = Vec<(NaiveDate, DateRules)>;

/// Compiles and validates a spec: the weekly template, then the dated
/// layers (production calendars first, then the spec's own lists), each
/// date's intervals resolved once.
fn compile(spec: &CalendarSpec) -> Result<Rules> {
    let tz = parse_timezone(&spec.timezone)?;
    let week = compile_week(spec)?;
    let standard: Vec<Span> = week
        .iter()
        .find(|w| !w.is_empty())
        .cloned()
        .unwrap_or_default();
    let day_length = standard_day_length(spec, &standard)?;
    let (mut dates, covered) = production_dates(spec)?;
    let minutes = spec.shortened_minutes.unwrap_or(60);
    add_dates(
        &mut dates,
        &spec.holidays,
        &spec.extra_working_days,
        &spec.shortened,
        minutes,
    )?;
    add_custom_hours(&mut dates, spec)?;
    let dated = resolve_dates(&dates, &week, &standard)?;
    check_dated_spills(&dated, &week)?;
    let covered_utc = match &covered {
        Some(years) => coverage_ranges(tz, years),
        None => Vec::new(),
    };
    Ok(Rules {
        tz,
        week,
        dated,
        covered_years: covered,
        covered_utc,
        out_of_range: spec.out_of_range,
        horizon_days: spec.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS),
        day_length,
    })
}

/// The weekly template: each weekday's intervals, sorted and checked for
/// overlaps within the day and into the next; not all empty.
fn compile_week(spec: &CalendarSpec) -> Result<[Vec<Span>; 7]> {
    let mut week: [Vec<Span>; 7] = Default::default();
    for (days, hours) in &spec.week {
        // A key of the spec object, not calendar text.
        let set = parse_day_set(days).map_err(|_| {
            Error::InvalidCalendarData(format!(
                "week: invalid day set {days:?}: expected day names like mon, mon-fri or sat,sun"
            ))
        })?;
        let spans = hours
            .iter()
            .map(|h| parse_interval(h))
            .collect::<Result<Vec<_>>>()?;
        for (d, on) in set.iter().enumerate() {
            if *on {
                week[d].extend(spans.iter().copied());
            }
        }
    }
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    for (d, spans) in week.iter_mut().enumerate() {
        sort_spans(spans);
        check_day(NAMES[d], spans)?;
    }
    for d in 0..7 {
        check_spill(
            &format!("{} into {}", NAMES[d], NAMES[(d + 1) % 7]),
            &week[d],
            &week[(d + 1) % 7],
        )?;
    }
    if week.iter().all(Vec::is_empty) {
        return Err(Error::EmptyCalendar);
    }
    Ok(week)
}

/// The unit of "N working days": the spec's `working_day_length`, else the
/// length of the standard working day's intervals.
fn standard_day_length(spec: &CalendarSpec, standard: &[Span]) -> Result<i64> {
    let Some(text) = &spec.working_day_length else {
        return Ok(standard.iter().map(|&(a, b)| i64::from(b - a)).sum());
    };
    let secs = parse_plain_duration(text)?;
    if secs <= 0 {
        return Err(Error::InvalidDuration {
            text: text.clone(),
            reason: "a working day must be longer than zero".to_string(),
        });
    }
    Ok(secs)
}

/// The dated rules of the spec's production calendars, and the years they
/// cover (`None` without production calendars). A year given by two of
/// them is an error.
fn production_dates(spec: &CalendarSpec) -> Result<(DatedRules, Option<Vec<i32>>)> {
    let mut dates = Vec::new();
    let mut covered: Option<Vec<i32>> = None;
    for r in &spec.production_calendars {
        let pc: &ProductionCalendar = match r {
            ProductionCalendarRef::Name(n) => ProductionCalendar::bundled(n)?,
            ProductionCalendarRef::Inline(pc) => pc,
        };
        // The calendar's own setting wins over the data's: a desk that keeps
        // full hours on pre-holiday days says `shortened_minutes: 0`.
        let minutes = spec
            .shortened_minutes
            .or(pc.shortened_minutes)
            .unwrap_or(60);
        let years = covered.get_or_insert_with(Vec::new);
        for (year, key) in pc.year_numbers()?.into_iter().zip(pc.years.keys()) {
            match years.binary_search(&year) {
                Ok(_) => {
                    return Err(Error::InvalidCalendarData(format!(
                        "year {year} is given by two production calendars"
                    )))
                }
                Err(at) => years.insert(at, year),
            }
            let y = &pc.years[key];
            add_dates(
                &mut dates,
                &y.holidays,
                &y.extra_working_days,
                &y.shortened,
                minutes,
            )?;
        }
    }
    Ok((dates, covered))
}

/// Adds the spec's `custom_hours` (a holiday with custom hours is an error).
fn add_custom_hours(dates: &mut DatedRules, spec: &CalendarSpec) -> Result<()> {
    for (date, hours) in &spec.custom_hours {
        let mut spans = hours
            .iter()
            .map(|h| parse_interval(h))
            .collect::<Result<Vec<_>>>()?;
        sort_spans(&mut spans);
        let r = rules_of(dates, *date);
        if r.holiday {
            return Err(Error::ContradictoryDate {
                date: *date,
                first: "holiday",
                second: "custom hours",
            });
        }
        r.custom = Some(spans);
    }
    Ok(())
}

/// Each dated rule's intervals, in the order of precedence (custom hours,
/// holiday, extra working day, weekly template), shortened if the date is,
/// and checked for overlaps.
fn resolve_dates(
    dates: &DatedRules,
    week: &[Vec<Span>; 7],
    standard: &[Span],
) -> Result<Vec<(NaiveDate, Vec<Span>)>> {
    let mut dated = Vec::with_capacity(dates.len());
    for (date, r) in dates {
        let mut spans = if let Some(c) = &r.custom {
            c.clone()
        } else if r.holiday {
            Vec::new()
        } else if r.working {
            standard.to_vec()
        } else {
            week[date.weekday().num_days_from_monday() as usize].clone()
        };
        if let Some(minutes) = r.shortened {
            shorten(*date, &mut spans, minutes)?;
        }
        check_day(&date.to_string(), &spans)?;
        dated.push((*date, spans));
    }
    Ok(dated)
}

/// Cuts `minutes` off the end of a shortened day's last interval.
fn shorten(date: NaiveDate, spans: &mut [Span], minutes: u32) -> Result<()> {
    let cut = minutes * 60;
    match spans.last_mut() {
        Some(last) if last.1 - last.0 > cut => {
            last.1 -= cut;
            Ok(())
        }
        Some(last) => Err(Error::ShortenedTooMuch {
            date,
            minutes,
            available: (last.1 - last.0) / 60,
        }),
        None => Err(Error::ShortenedTooMuch {
            date,
            minutes,
            available: 0,
        }),
    }
}

/// An overnight interval of a dated day (or of the day before one) must end
/// before the next day's first.
fn check_dated_spills(dated: &[(NaiveDate, Vec<Span>)], week: &[Vec<Span>; 7]) -> Result<()> {
    let rules_for = |d: NaiveDate| -> &[Span] {
        match dated.binary_search_by_key(&d, |&(d, _)| d) {
            Ok(i) => &dated[i].1,
            Err(_) => &week[d.weekday().num_days_from_monday() as usize],
        }
    };
    for (date, _) in dated {
        for (a, b) in [
            (date.pred_opt(), Some(*date)),
            (Some(*date), date.succ_opt()),
        ] {
            if let (Some(a), Some(b)) = (a, b) {
                check_spill(&format!("{a} into {b}"), rules_for(a), rules_for(b))?;
            }
        }
    }
    Ok(())
}

/// The rules of `date` in the date-sorted `dates`, added empty if new.
fn rules_of(dates: &mut DatedRules, date: NaiveDate) -> &mut DateRules {
    let at = match dates.binary_search_by_key(&date, |(d, _)| *d) {
        Ok(at) => at,
        Err(at) => {
            dates.insert(at, (date, DateRules::default()));
            at
        }
    };
    &mut dates[at].1
}

fn add_dates(
    dates: &mut DatedRules,
    holidays: &[NaiveDate],
    working: &[NaiveDate],
    shortened: &[NaiveDate],
    minutes: u32,
) -> Result<()> {
    for d in holidays {
        let r = rules_of(dates, *d);
        if r.working {
            return Err(contradiction(*d, "extra working day", "holiday"));
        }
        if r.shortened.is_some() {
            return Err(contradiction(*d, "shortened day", "holiday"));
        }
        r.holiday = true;
    }
    for d in working {
        let r = rules_of(dates, *d);
        if r.holiday {
            return Err(contradiction(*d, "holiday", "extra working day"));
        }
        r.working = true;
    }
    for d in shortened {
        let r = rules_of(dates, *d);
        if r.holiday {
            return Err(contradiction(*d, "holiday", "shortened day"));
        }
        r.shortened = Some(minutes);
    }
    Ok(())
}

fn contradiction(date: NaiveDate, first: &'static str, second: &'static str) -> Error {
    Error::ContradictoryDate {
        date,
        first,
        second,
    }
}

/// Sorted spans of one day must not overlap.
fn check_day(day: &str, spans: &[Span]) -> Result<()> {
    for w in spans.windows(2) {
        if w[1].0 < w[0].1 {
            return Err(Error::OverlappingIntervals {
                day: day.to_string(),
                first: format_span(w[0]),
                second: format_span(w[1]),
            });
        }
    }
    Ok(())
}

/// An overnight interval of one day must end before the next day's first.
fn check_spill(what: &str, day: &[Span], next: &[Span]) -> Result<()> {
    if let (Some(last), Some(first)) = (day.iter().max_by_key(|s| s.1), next.first()) {
        if last.1 > 86_400 && last.1 - 86_400 > first.0 {
            return Err(Error::OverlappingIntervals {
                day: what.to_string(),
                first: format_span(*last),
                second: format_span(*first),
            });
        }
    }
    Ok(())
}

/// UTC ranges from local midnight of each run's first year to local midnight
/// after its last year.
fn coverage_ranges(tz: Tz, years: &[i32]) -> Vec<(i64, i64)> {
    let midnight = |y: i32| {
        let wall = index::days_from_epoch(index::ymd(y, 1, 1)) * 86_400;
        let guess = wall - zone::offset_at(tz, wall);
        wall - zone::offset_at(tz, guess)
    };
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut prev: Option<i32> = None;
    for &y in years {
        match (prev, out.last_mut()) {
            (Some(p), Some(last)) if p + 1 == y => last.1 = midnight(y + 1),
            _ => out.push((midnight(y), midnight(y + 1))),
        }
        prev = Some(y);
    }
    out
}

/// Converts any zoned instant to UTC seconds (sub-second parts are dropped).
#[inline]
pub(crate) fn secs<Z: TimeZone>(t: &DateTime<Z>) -> i64 {
    t.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The hand-written heapsort sorts as the standard library does, on
    /// every length up to 300 with duplicates and on sorted and reversed input.
    #[test]
    fn sort_spans_sorts() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as u32
        };
        for len in 0..300 {
            for range in [3, 1000] {
                let mut v: Vec<Span> = (0..len).map(|_| (next(range), next(range))).collect();
                let mut expected = v.clone();
                expected.sort_unstable();
                sort_spans(&mut v);
                assert_eq!(v, expected, "len {len}");
                let mut reversed: Vec<Span> = expected.iter().rev().copied().collect();
                sort_spans(&mut reversed);
                assert_eq!(reversed, expected);
                sort_spans(&mut v);
                assert_eq!(v, expected);
            }
        }
    }

    /// The supported range is exactly the years the index covers.
    #[test]
    fn the_supported_range_is_the_index() {
        let index = Index::new();
        assert_eq!(index.chunk_of(SUPPORTED.start), Some(0));
        assert_eq!(index.chunk_of(SUPPORTED.start - 1), None);
        assert_eq!(
            index.chunk_of(SUPPORTED.end - 1),
            Some(index.chunk_count() - 1)
        );
        assert_eq!(index.chunk_of(SUPPORTED.end), None);
        assert_eq!(
            in_range(SUPPORTED.end),
            Err(Error::out_of_range(SUPPORTED.end))
        );
        assert_eq!(
            Error::out_of_range(SUPPORTED.end).to_string(),
            "instant 2100-01-01T00:00:00Z is outside the supported range (years 1900 to 2099)"
        );
        assert_eq!(
            Error::out_of_range(i64::MAX).to_string(),
            "instant 9223372036854775807 epoch seconds is outside the supported range (years 1900 to 2099)"
        );
    }

    /// `local` reads offsets from the index; they must be chrono-tz's own,
    /// abbreviation and DST part included, on both sides of every transition.
    #[test]
    fn local_gives_chrono_tz_offsets() {
        for zone in [
            "Europe/Moscow",
            "Europe/Berlin",
            "Europe/London",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "Asia/Kolkata",
            "America/Sao_Paulo",
        ] {
            let cal = Calendar::parse(&format!("Mon-Fri 09:00-18:00 {zone}")).unwrap();
            let tz = cal.timezone();
            let check = |t: i64| {
                let want = tz.timestamp_opt(t, 0).unwrap();
                let got = cal.local(t).unwrap();
                assert_eq!(got, want, "{zone} at {t}");
                let fixed = cal.fixed(t).unwrap();
                assert_eq!(fixed, want.fixed_offset(), "{zone} at {t}");
                assert_eq!(
                    fixed.offset(),
                    want.fixed_offset().offset(),
                    "{zone} at {t}"
                );
                assert_eq!(fixed.to_rfc3339(), want.to_rfc3339(), "{zone} at {t}");
                assert_eq!(got.offset(), want.offset(), "{zone} at {t}");
                assert_eq!(got.to_rfc3339(), want.to_rfc3339(), "{zone} at {t}");
                assert_eq!(
                    got.format("%Z").to_string(),
                    want.format("%Z").to_string(),
                    "{zone} at {t}"
                );
            };
            let from = index::days_from_epoch(index::ymd(1965, 1, 1)) * 86_400;
            let to = index::days_from_epoch(index::ymd(2040, 1, 1)) * 86_400;
            let mut t = from;
            let offset = |t: i64| *tz.timestamp_opt(t, 0).unwrap().offset();
            while t < to {
                check(t);
                // Around each change of the offset (or of its name), to
                // the second.
                let next = t + 7_777;
                if offset(t) != offset(next) {
                    let (mut lo, mut hi) = (t, next);
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        if offset(mid) == offset(t) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    for d in -2..=2 {
                        check(hi + d);
                    }
                }
                t = next;
            }
            // Every year's first and last second.
            for y in 1965..2040 {
                let s = index::days_from_epoch(index::ymd(y, 1, 1)) * 86_400;
                check(s);
                check(s - 1);
            }
        }
    }
}
