//! Shared test support: a deliberately naive reference model of working time
//! and the proptest strategies that generate calendars, instants and
//! durations for the law tests.
//!
//! # The reference
//!
//! [`RefCalendar`] answers every question from the calendar's explicit rules
//! and nothing else: no index, no prefix sums, no UTC preimages. An instant
//! is working iff its wall clock in the zone falls inside an interval of its
//! own local date, or inside an overnight interval of the date before
//! (compared as wall seconds + 24 h). Durations are measured by walking the
//! timeline minute by minute (after a first partial step to a whole minute):
//! every boundary in the generated calendars is on a whole minute, and every
//! UTC-offset change of the zones used here happens on a whole minute, so the
//! working status is constant over each UTC minute. Every walk is bounded by
//! [`MAX_STEPS`] and answers `None` when it gives up.
//!
//! It is written for obviousness, not speed; the strategies keep the walks
//! short (instants within a few weeks of an anchor, durations of a few average
//! working days of the generated calendar).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::sample::Index;
use sla_core::{Calendar, CalendarSpec};

/// A working interval in seconds from local midnight; the end may pass 24:00
/// (an overnight interval belongs to the day it starts).
pub type Span = (u32, u32);

/// Seconds in a (wall-clock) day.
pub const DAY: u32 = 86_400;

/// The longest walk of the reference, in minutes (about 139 days).
pub const MAX_STEPS: i64 = 200_000;

// ---------------------------------------------------------------------------
// Explicit rules
// ---------------------------------------------------------------------------

/// A calendar's explicit rules, as a user states them.
#[derive(Clone, PartialEq, Eq)]
pub struct CalendarRules {
    /// The zone.
    pub tz: Tz,
    /// Monday first; sorted, non-overlapping spans per day.
    pub week: [Vec<Span>; 7],
    /// Whole days off.
    pub holidays: BTreeSet<NaiveDate>,
    /// Extra (transferred) working days: the hours of the standard day.
    pub working_days: BTreeSet<NaiveDate>,
    /// Days whose last interval ends `shortened_minutes` earlier.
    pub shortened: BTreeSet<NaiveDate>,
    /// How much a shortened day loses.
    pub shortened_minutes: u32,
    /// Hours replacing everything else on single dates.
    pub custom_hours: BTreeMap<NaiveDate, Vec<Span>>,
}

impl CalendarRules {
    /// Only a weekly template.
    pub fn weekly(tz: Tz, week: [Vec<Span>; 7]) -> CalendarRules {
        CalendarRules {
            tz,
            week,
            holidays: BTreeSet::new(),
            working_days: BTreeSet::new(),
            shortened: BTreeSet::new(),
            shortened_minutes: 60,
            custom_hours: BTreeMap::new(),
        }
    }

    /// The hours of the standard working day: the first weekday, Monday
    /// first, that has any.
    pub fn standard(&self) -> Vec<Span> {
        for day in &self.week {
            if !day.is_empty() {
                return day.clone();
            }
        }
        Vec::new()
    }

    /// A date's intervals before shortening, by the documented precedence:
    /// custom hours > holiday > extra working day > weekly template.
    pub fn day_before_cut(&self, date: NaiveDate) -> Vec<Span> {
        let mut spans = if let Some(custom) = self.custom_hours.get(&date) {
            custom.clone()
        } else if self.holidays.contains(&date) {
            Vec::new()
        } else if self.working_days.contains(&date) {
            self.standard()
        } else {
            self.week[weekday(date)].clone()
        };
        spans.sort();
        spans
    }

    /// A date's intervals: [`day_before_cut`](Self::day_before_cut), then a
    /// shortened date's last interval ends `shortened_minutes` earlier.
    pub fn day(&self, date: NaiveDate) -> Vec<Span> {
        let mut spans = self.day_before_cut(date);
        if self.shortened.contains(&date) {
            let last = spans.len() - 1;
            spans[last].1 -= self.shortened_minutes * 60;
        }
        spans
    }

    /// Every date that has a dated rule.
    pub fn dated_dates(&self) -> BTreeSet<NaiveDate> {
        let mut all = BTreeSet::new();
        all.extend(self.holidays.iter().copied());
        all.extend(self.working_days.iter().copied());
        all.extend(self.shortened.iter().copied());
        all.extend(self.custom_hours.keys().copied());
        all
    }

    /// The naive reference model of these rules.
    pub fn reference(&self) -> RefCalendar {
        RefCalendar {
            tz: self.tz,
            week: self.week.clone(),
            dated: self
                .dated_dates()
                .into_iter()
                .map(|d| (d, self.day(d)))
                .collect(),
        }
    }

    /// The same rules as an engine spec.
    pub fn to_spec(&self) -> CalendarSpec {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let mut spec = CalendarSpec::weekly(self.tz.name(), []);
        for (d, spans) in self.week.iter().enumerate() {
            if !spans.is_empty() {
                spec.week.insert(
                    NAMES[d].to_string(),
                    spans.iter().map(|&s| fmt_span(s)).collect(),
                );
            }
        }
        spec.holidays = self.holidays.iter().copied().collect();
        spec.extra_working_days = self.working_days.iter().copied().collect();
        spec.shortened = self.shortened.iter().copied().collect();
        spec.shortened_minutes = Some(self.shortened_minutes);
        spec.custom_hours = self
            .custom_hours
            .iter()
            .map(|(d, spans)| (*d, spans.iter().map(|&s| fmt_span(s)).collect()))
            .collect();
        spec
    }

    /// The engine's calendar for these rules (panics if the engine rejects
    /// rules the generator considers valid: that is a finding in itself).
    pub fn calendar(&self) -> Calendar {
        let spec = self.to_spec();
        match Calendar::from_spec(&spec) {
            Ok(c) => c,
            Err(e) => panic!("the engine rejects a valid calendar: {e}\n{self:?}"),
        }
    }

    /// Working seconds of the weekly template.
    pub fn week_total(&self) -> i64 {
        self.week
            .iter()
            .flatten()
            .map(|&(a, b)| i64::from(b - a))
            .sum()
    }

    /// Whether the overnight spill of `first` stays clear of the next date.
    fn spill_ok(&self, first: NaiveDate) -> bool {
        let next = first.succ_opt().expect("date in range");
        spill_clear(&self.day(first), &self.day(next))
    }
}

impl fmt::Debug for CalendarRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_string(&self.to_spec()).unwrap_or_default();
        write!(f, "CalendarRules {json}")
    }
}

/// True when the latest end of `day`, if past midnight, is not after the
/// first start of `next`.
fn spill_clear(day: &[Span], next: &[Span]) -> bool {
    let spill = day
        .iter()
        .map(|s| s.1)
        .max()
        .unwrap_or(0)
        .saturating_sub(DAY);
    next.iter().all(|s| s.0 >= spill)
}

/// Monday = 0.
pub fn weekday(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

/// `HH:MM` (with `:SS` when needed).
pub fn fmt_wall(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// The text form of a span: `"09:00-18:00"`, `"22:00-06:00"`, `"00:00-24:00"`.
pub fn fmt_span((a, b): Span) -> String {
    let end = if b > DAY { b - DAY } else { b };
    format!("{}-{}", fmt_wall(a), fmt_wall(end))
}

// ---------------------------------------------------------------------------
// The reference
// ---------------------------------------------------------------------------

/// The naive reference: the resolved intervals of every date, looked up one
/// date at a time.
#[derive(Debug, Clone)]
pub struct RefCalendar {
    /// The zone.
    pub tz: Tz,
    /// Weekly template, Monday first.
    pub week: [Vec<Span>; 7],
    /// Resolved intervals of the dates that have dated rules.
    pub dated: BTreeMap<NaiveDate, Vec<Span>>,
}

impl RefCalendar {
    /// The same calendar as an engine spec: the weekly template, with every
    /// resolved dated entry given as custom hours.
    pub fn to_spec(&self) -> CalendarSpec {
        let mut rules = CalendarRules::weekly(self.tz, self.week.clone());
        rules.custom_hours = self.dated.clone();
        rules.to_spec()
    }

    /// A date's working intervals.
    pub fn day(&self, date: NaiveDate) -> &[Span] {
        match self.dated.get(&date) {
            Some(v) => v,
            None => &self.week[weekday(date)],
        }
    }

    /// The wall clock at UTC second `t`.
    pub fn wall(&self, t: i64) -> NaiveDateTime {
        self.tz
            .timestamp_opt(t, 0)
            .single()
            .expect("instant in range")
            .naive_local()
    }

    /// The local date whose interval `t` lies in, if `t` is working time.
    pub fn owner(&self, t: i64) -> Option<NaiveDate> {
        let wall = self.wall(t);
        let date = wall.date();
        let w = wall.num_seconds_from_midnight();
        if self.day(date).iter().any(|&(a, b)| a <= w && w < b) {
            return Some(date);
        }
        let before = date.pred_opt()?;
        if self
            .day(before)
            .iter()
            .any(|&(a, b)| a <= w + DAY && w + DAY < b)
        {
            return Some(before);
        }
        None
    }

    /// Whether UTC second `t` is working time.
    pub fn is_working(&self, t: i64) -> bool {
        self.owner(t).is_some()
    }

    /// Working seconds in `[a, b)`, negative when `b < a`.
    pub fn between(&self, a: i64, b: i64) -> Option<i64> {
        if b < a {
            return self.between(b, a).map(|s| -s);
        }
        let mut sum = 0;
        let mut t = a;
        let mut steps = 0;
        while t < b {
            let next = (next_minute(t)).min(b);
            if self.is_working(t) {
                sum += next - t;
            }
            t = next;
            steps += 1;
            if steps > MAX_STEPS {
                return None;
            }
        }
        Some(sum)
    }

    /// `d > 0`: the earliest `r` with `between(t, r) == d`; `d < 0`: the
    /// latest `r` with `between(r, t) == -d`; `d == 0`: `t`.
    pub fn add(&self, t: i64, d: i64) -> Option<i64> {
        if d == 0 {
            return Some(t);
        }
        if d < 0 {
            return self.sub(t, -d);
        }
        let mut left = d;
        let mut now = t;
        for _ in 0..MAX_STEPS {
            let next = next_minute(now);
            if self.is_working(now) {
                let piece = next - now;
                if left <= piece {
                    return Some(now + left);
                }
                left -= piece;
            }
            now = next;
        }
        None
    }

    /// The latest `r` with `between(r, t) == d`, for `d > 0`.
    pub fn sub(&self, t: i64, d: i64) -> Option<i64> {
        let mut left = d;
        let mut now = t;
        for _ in 0..MAX_STEPS {
            // The minute (or the part of it) just before `now`.
            let prev = prev_minute(now);
            if self.is_working(prev) {
                let piece = now - prev;
                if left <= piece {
                    return Some(now - left);
                }
                left -= piece;
            }
            now = prev;
        }
        None
    }

    /// The first working instant at or after `t`.
    pub fn next_working(&self, t: i64) -> Option<i64> {
        if self.is_working(t) {
            return Some(t);
        }
        self.next_opening(t)
    }

    /// The first opening (working, the second before not) strictly after `t`.
    pub fn next_opening(&self, t: i64) -> Option<i64> {
        let mut c = next_minute(t);
        for _ in 0..MAX_STEPS {
            if self.is_working(c) && !self.is_working(c - 1) {
                return Some(c);
            }
            c += 60;
        }
        None
    }

    /// The first closing (not working, the second before working) strictly
    /// after `t`.
    pub fn next_closing(&self, t: i64) -> Option<i64> {
        let mut c = next_minute(t);
        for _ in 0..MAX_STEPS {
            if !self.is_working(c) && self.is_working(c - 1) {
                return Some(c);
            }
            c += 60;
        }
        None
    }

    /// The latest UTC instant showing wall time `wall`, if the wall time
    /// exists (it does not inside a spring-forward gap).
    pub fn latest_instant(&self, wall: NaiveDateTime) -> Option<i64> {
        match self.tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => Some(t.timestamp()),
            LocalResult::Ambiguous(a, b) => Some(a.timestamp().max(b.timestamp())),
            LocalResult::None => None,
        }
    }

    /// The wall-clock minutes of a date's intervals that exist in the zone,
    /// latest first.
    fn existing_minutes_desc(&self, date: NaiveDate) -> impl Iterator<Item = i64> + '_ {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight");
        let mut spans = self.day(date).to_vec();
        spans.sort_by_key(|s| std::cmp::Reverse(s.1));
        spans.into_iter().flat_map(move |(a, b)| {
            (a / 60..b / 60).rev().filter_map(move |m| {
                self.latest_instant(midnight + chrono::TimeDelta::minutes(i64::from(m)))
            })
        })
    }

    /// Whether the date has any working time (an interval whose wall time
    /// exists at least for a minute).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.existing_minutes_desc(date).next().is_some()
    }

    /// The end of the date's last working minute: the latest instant showing
    /// the wall-clock-latest existing minute of its intervals, plus a minute.
    pub fn day_closing(&self, date: NaiveDate) -> Option<i64> {
        self.existing_minutes_desc(date).next().map(|t| t + 60)
    }

    /// `add_working_days(t, n, EndOfDayFromOpening)`: the closing of the
    /// `n`th working day after the date owning the first working instant at
    /// or after `t`.
    pub fn end_of_day_from_opening(&self, t: i64, n: u32) -> Option<i64> {
        let start = self.next_working(t)?;
        self.nth_working_day_closing(self.owner(start)?, n)
    }

    /// `add_working_days(t, n, EndOfDay)` (Civil Code art. 191): the closing
    /// of the `n`th working day after the local calendar date of `t`,
    /// whatever its hour; for `n` = 0 as [`Self::end_of_day_from_opening`].
    pub fn end_of_day(&self, t: i64, n: u32) -> Option<i64> {
        if n == 0 {
            return self.end_of_day_from_opening(t, 0);
        }
        self.nth_working_day_closing(self.wall(t).date(), n)
    }

    /// The closing of the `n`th working day after `date`, date by date.
    fn nth_working_day_closing(&self, mut date: NaiveDate, n: u32) -> Option<i64> {
        let mut counted = 0;
        let mut steps = 0;
        while counted < n {
            date = date.succ_opt()?;
            steps += 1;
            if steps > 3660 {
                return None;
            }
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        self.day_closing(date)
    }
}

/// The next whole UTC minute strictly after `t`.
pub fn next_minute(t: i64) -> i64 {
    t.div_euclid(60) * 60 + 60
}

/// The start of the (part of a) UTC minute that ends at `t`: the last whole
/// minute strictly before `t`.
pub fn prev_minute(t: i64) -> i64 {
    (t - 1).div_euclid(60) * 60
}

/// UTC seconds as an RFC 3339 instant in `tz` (for messages).
pub fn show(tz: Tz, t: i64) -> String {
    match DateTime::from_timestamp(t, 0) {
        Some(d) => d.with_timezone(&tz).to_rfc3339(),
        None => t.to_string(),
    }
}

/// UTC seconds as a `DateTime<Utc>`.
pub fn utc(t: i64) -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(t, 0).expect("instant in range")
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// The zones the generator draws from, with the years their instants come
/// from. Sao Paulo had DST (with midnight transitions) until 2019.
pub const ZONES: [(&str, i32, i32); 7] = [
    ("Europe/Moscow", 2016, 2028),
    ("Europe/Berlin", 2016, 2028),
    ("America/New_York", 2016, 2028),
    ("America/Sao_Paulo", 2015, 2019),
    ("Australia/Lord_Howe", 2016, 2028),
    ("Asia/Kolkata", 2016, 2028),
    ("UTC", 2016, 2028),
];

/// UTC seconds of `y-01-01T00:00:00Z`.
pub fn year_start_utc(y: i32) -> i64 {
    NaiveDate::from_ymd_opt(y, 1, 1)
        .expect("year")
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
}

fn offset_at(tz: Tz, t: i64) -> i64 {
    use chrono::Offset;
    i64::from(
        tz.offset_from_utc_datetime(&utc(t).naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

/// The UTC instants at which zone `k`'s offset changes within its years
/// (found by hourly sampling and bisection; cached).
pub fn transitions(k: usize) -> &'static [i64] {
    static CACHE: [OnceLock<Vec<i64>>; 7] = [const { OnceLock::new() }; 7];
    CACHE[k].get_or_init(|| {
        let (name, y0, y1) = ZONES[k];
        let tz: Tz = name.parse().expect("zone");
        let mut out = Vec::new();
        let mut t = year_start_utc(y0);
        let end = year_start_utc(y1 + 1);
        let mut off = offset_at(tz, t);
        while t < end {
            let n = t + 3600;
            let o = offset_at(tz, n);
            if o != off {
                let (mut lo, mut hi) = (t, n);
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if offset_at(tz, mid) == off {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                out.push(hi);
                off = o;
            }
            t = n;
        }
        out
    })
}

/// One generated calendar with the instant the generated instants and dated
/// rules cluster around.
#[derive(Clone)]
pub struct Case {
    /// The rules.
    pub rules: CalendarRules,
    /// UTC seconds.
    pub anchor: i64,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Case {{ anchor: {}, rules: {:?} }}",
            show(self.rules.tz, self.anchor),
            self.rules
        )
    }
}

impl Case {
    /// Average working seconds per day of the weekly template (at least 1).
    pub fn scale(&self) -> i64 {
        (self.rules.week_total() / 7).max(1)
    }

    /// Instants around the anchor, second precision, often rounded to a
    /// whole minute, quarter hour or hour so that they hit boundaries.
    pub fn instant(&self) -> BoxedStrategy<i64> {
        instant_near(self.anchor)
    }

    /// Working durations in `1..=3 average days`, often whole minutes or hours.
    pub fn duration(&self) -> BoxedStrategy<i64> {
        positive_duration(3 * self.scale())
    }

    /// As [`duration`](Self::duration), with either sign or zero.
    pub fn signed_duration(&self) -> BoxedStrategy<i64> {
        let pos = self.duration();
        prop_oneof![
            1 => Just(0i64),
            6 => pos.clone(),
            4 => pos.prop_map(|d| -d),
        ]
        .boxed()
    }
}

/// Instants within ±10 days (more often ±1 day) of `anchor`.
pub fn instant_near(anchor: i64) -> BoxedStrategy<i64> {
    let wide = -10 * 86_400i64..10 * 86_400;
    let near = -86_400i64..86_400;
    (prop_oneof![2 => wide, 1 => near], 0u8..8)
        .prop_map(move |(off, round)| {
            let t = anchor + off;
            match round {
                0..=2 => t,
                3..=4 => t.div_euclid(60) * 60,
                5..=6 => t.div_euclid(900) * 900,
                _ => t.div_euclid(3600) * 3600,
            }
        })
        .boxed()
}

/// Positive durations up to `max` seconds.
pub fn positive_duration(max: i64) -> BoxedStrategy<i64> {
    let max = max.max(2);
    (1..=max, 0u8..6)
        .prop_map(move |(d, k)| match k {
            0 | 1 => d,
            2 => (d / 60).max(1) * 60,
            3 => (d / 3600 * 3600).max(60),
            4 => d % 600 + 1,
            _ => d,
        })
        .boxed()
}

/// One day's working intervals: off, a day shift, a shift with a lunch
/// break, a night shift (overnight), a day plus a night shift, the whole
/// day, from midnight, to midnight, a few hours around 02:00, or a short
/// interval between 00:00 and 04:30 (which may fall entirely into a DST gap).
pub fn arb_day() -> BoxedStrategy<Vec<Span>> {
    let m = |lo: u32, hi: u32| lo..=hi;
    prop_oneof![
        2 => Just(Vec::new()),
        3 => (m(6 * 60, 12 * 60), m(120, 600))
            .prop_map(|(a, len)| vec![(a * 60, (a + len).min(1440) * 60)]),
        3 => (m(7 * 60, 10 * 60), m(120, 240), m(15, 90), m(120, 300)).prop_map(
            |(a, l1, gap, l2)| {
                let (b, c) = (a + l1, a + l1 + gap);
                vec![(a * 60, b * 60), (c * 60, (c + l2) * 60)]
            }
        ),
        2 => (m(18 * 60, 23 * 60 + 30), m(30, 8 * 60))
            .prop_map(|(a, e)| vec![(a * 60, (1440 + e) * 60)]),
        1 => (m(6 * 60, 10 * 60), m(180, 360), m(20 * 60, 23 * 60), m(120, 7 * 60))
            .prop_map(|(a, l, c, e)| vec![(a * 60, (a + l) * 60), (c * 60, (1440 + e) * 60)]),
        1 => Just(vec![(0, DAY)]),
        1 => m(4 * 60, 12 * 60).prop_map(|b| vec![(0, b * 60)]),
        1 => m(12 * 60, 23 * 60 + 59).prop_map(|a| vec![(a * 60, DAY)]),
        2 => (m(0, 4 * 60), m(30, 300)).prop_map(|(a, l)| vec![(a * 60, (a + l) * 60)]),
        1 => (m(0, 3 * 60), m(15, 90)).prop_map(|(a, l)| vec![(a * 60, (a + l) * 60)]),
    ]
    .boxed()
}

/// A weekly template: seven random days, then each day's intervals that
/// start before the previous day's overnight spill ends are dropped (which
/// only shortens spills, so one pass suffices); never empty.
pub fn arb_week() -> BoxedStrategy<[Vec<Span>; 7]> {
    proptest::array::uniform7(arb_day())
        .prop_map(|mut week| {
            for d in 0..7 {
                let spill = week[d]
                    .iter()
                    .map(|s| s.1)
                    .max()
                    .unwrap_or(0)
                    .saturating_sub(DAY);
                week[(d + 1) % 7].retain(|s| s.0 >= spill);
            }
            if week.iter().all(Vec::is_empty) {
                week[0] = vec![(9 * 3600, 17 * 3600)];
            }
            week
        })
        .boxed()
}

/// A dated rule as generated.
#[derive(Debug, Clone)]
pub enum DateRule {
    /// A day off.
    Holiday,
    /// A transferred working day.
    Working { shortened: bool },
    /// Shortened only.
    Shortened,
    /// Custom hours.
    Custom { spans: Vec<Span>, shortened: bool },
}

fn arb_date_rule() -> BoxedStrategy<DateRule> {
    prop_oneof![
        3 => Just(DateRule::Holiday),
        2 => any::<bool>().prop_map(|shortened| DateRule::Working { shortened }),
        2 => Just(DateRule::Shortened),
        3 => (arb_day(), any::<bool>())
            .prop_map(|(spans, shortened)| DateRule::Custom { spans, shortened }),
    ]
    .boxed()
}

/// Adds the dated rules one by one (at `anchor_date + offset`), skipping a
/// rule for a date that already has one, dropping a shortening the date
/// cannot take and a rule whose overnight spill would collide with a
/// neighbour. The result is always a valid calendar.
pub fn apply_dated(rules: &mut CalendarRules, anchor_date: NaiveDate, entries: &[(i64, DateRule)]) {
    for (off, rule) in entries {
        let date = anchor_date + chrono::TimeDelta::days(*off);
        if rules.dated_dates().contains(&date) {
            continue;
        }
        let mut cand = rules.clone();
        let shortened = match rule {
            DateRule::Holiday => {
                cand.holidays.insert(date);
                false
            }
            DateRule::Working { shortened } => {
                cand.working_days.insert(date);
                *shortened
            }
            DateRule::Shortened => true,
            DateRule::Custom { spans, shortened } => {
                cand.custom_hours.insert(date, spans.clone());
                *shortened
            }
        };
        if shortened {
            let cut = cand.shortened_minutes * 60;
            match cand.day_before_cut(date).last() {
                Some(&(a, b)) if b - a > cut => {
                    cand.shortened.insert(date);
                }
                _ => {}
            }
        }
        if cand == *rules {
            continue;
        }
        let before = date.pred_opt().expect("date");
        if cand.spill_ok(before) && cand.spill_ok(date) {
            *rules = cand;
        }
    }
}

/// A random calendar: zone, weekly template, an anchor instant (uniform over
/// the zone's years, or near one of its DST transitions, or near a UTC new
/// year where the engine's index has a seam) and up to 8 dated rules within
/// ±12 days of the anchor.
pub fn arb_case() -> BoxedStrategy<Case> {
    let dated = proptest::collection::vec((-12i64..=12, arb_date_rule()), 0..=8);
    let shortened_minutes = prop_oneof![Just(60u32), Just(30), Just(90), Just(45)];
    (
        0..ZONES.len(),
        arb_week(),
        (
            0u8..10,
            any::<Index>(),
            0.0f64..1.0,
            -2 * 86_400i64..2 * 86_400,
        ),
        dated,
        shortened_minutes,
    )
        .prop_map(|(k, week, (kind, pick, uniform, off), dated, minutes)| {
            let (name, y0, y1) = ZONES[k];
            let tz: Tz = name.parse().expect("zone");
            let lo = year_start_utc(y0);
            let hi = year_start_utc(y1 + 1);
            let trans = transitions(k);
            let anchor = if kind < 5 {
                lo + ((hi - lo) as f64 * uniform) as i64
            } else if kind < 8 && !trans.is_empty() {
                trans[pick.index(trans.len())] + off
            } else {
                year_start_utc(y0 + 1 + pick.index((y1 - y0) as usize) as i32) + off
            };
            let mut rules = CalendarRules::weekly(tz, week);
            rules.shortened_minutes = minutes;
            let anchor_date = DateTime::from_timestamp(anchor, 0)
                .expect("anchor")
                .with_timezone(&tz)
                .date_naive();
            apply_dated(&mut rules, anchor_date, &dated);
            Case { rules, anchor }
        })
        .boxed()
}

/// The Rust examples of the repository's README, run as doctests so that
/// the first thing a user copies cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
