//! The hot path: adding, subtracting and measuring working time.
//!
//! # Boundary rules
//!
//! - Working periods are half-open, `[opening, closing)`: the opening instant
//!   is working time, the closing instant is not.
//! - A deadline that lands exactly on a closing time *is* that closing time
//!   (`add` of 9 h from Monday 09:00 on 09:00–18:00 gives Monday 18:00, not
//!   Tuesday 09:00).
//! - Counting from an instant outside working hours starts at the next opening.
//! - `sub` mirrors `add`: a start that lands exactly on an opening is that
//!   opening, so `sub(add(t, d), d) == t` for every working instant `t`.
//! - Adding zero returns the instant unchanged.

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::Value;

use crate::calendar::{secs, Calendar, Chunk};
use crate::data::{deserialize_by_reader, variant, Bad, Read};
use crate::error::{Error, Result};

/// The meanings of "N working days".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkingDaysMeaning {
    /// N × the calendar's standard working-day length (9 h on 09:00–18:00,
    /// 8 h 15 min on 08:45–17:00), added as working time. The default.
    #[default]
    Length,
    /// The closing time of the Nth working day after the calendar date of
    /// the start, in the calendar's zone, whatever the hour (a term counted
    /// in days starts on the next day: Russian Civil Code art. 191). Day 1 is
    /// the first working day after that date: from Friday 18:01 or from
    /// Saturday, one working day ends on Monday at closing. With N = 0, as
    /// [`WorkingDaysMeaning::EndOfDayFromOpening`].
    EndOfDay,
    /// The closing time of the Nth working day after the working day of the
    /// first working instant at or after the start (day 0). From Friday
    /// 18:01 or from Saturday, day 0 is Monday and one working day ends on
    /// Tuesday at closing; within working hours it agrees with
    /// [`WorkingDaysMeaning::EndOfDay`].
    EndOfDayFromOpening,
}

/// The names of [`WorkingDaysMeaning`]' meanings, in declaration order.
const MEANING_NAMES: [&str; 3] = ["length", "end_of_day", "end_of_day_from_opening"];
const MEANING_ALL: [WorkingDaysMeaning; 3] = [
    WorkingDaysMeaning::Length,
    WorkingDaysMeaning::EndOfDay,
    WorkingDaysMeaning::EndOfDayFromOpening,
];

deserialize_by_reader!(WorkingDaysMeaning);

impl Read for WorkingDaysMeaning {
    fn read(v: &Value) -> std::result::Result<WorkingDaysMeaning, Bad> {
        Ok(MEANING_ALL[variant(v, &MEANING_NAMES)?])
    }
}

impl WorkingDaysMeaning {
    /// The meaning's name in files and bindings: `"length"`, `"end_of_day"`
    /// or `"end_of_day_from_opening"`.
    ///
    /// # Examples
    /// ```
    /// use sla_core::WorkingDaysMeaning;
    ///
    /// assert_eq!(WorkingDaysMeaning::EndOfDay.as_str(), "end_of_day");
    /// assert_eq!(WorkingDaysMeaning::default().to_string(), "length");
    /// ```
    pub fn as_str(self) -> &'static str {
        MEANING_NAMES[self as usize]
    }

    /// The meaning with that [`name`](WorkingDaysMeaning::as_str).
    ///
    /// # Errors
    /// [`Error::Unknown`] for any other name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::WorkingDaysMeaning;
    ///
    /// assert_eq!(WorkingDaysMeaning::from_name("end_of_day_from_opening")?, WorkingDaysMeaning::EndOfDayFromOpening);
    /// assert!(WorkingDaysMeaning::from_name("calendar").is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_name(name: &str) -> Result<WorkingDaysMeaning> {
        MEANING_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| MEANING_ALL[i])
            .ok_or_else(|| Error::unknown("working-day meaning", name, MEANING_NAMES))
    }
}

impl std::fmt::Display for WorkingDaysMeaning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One working period `[start, end)` in the calendar's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The opening instant (working).
    pub start: DateTime<Tz>,
    /// The closing instant (not working).
    pub end: DateTime<Tz>,
}

/// Working seconds of many spans on one calendar, such as the clock's
/// accounting of the stretches between a ticket's pauses. It remembers the
/// yearly chunk of the index its last span started in: later spans,
/// additions, working-time tests and conversions to the calendar's zone
/// within that chunk skip the chunk look-up and go straight to the chunk
/// primitives that [`Calendar`]'s own methods use (see
/// [`Chunk`](crate::calendar::Chunk)). Results and errors are exactly those
/// of the [`Calendar`] methods named (anything outside the chunk's covered
/// part goes through them).
#[derive(Debug, Default)]
pub struct Spans<'a> {
    /// The calendar and the chunk of its index last looked up.
    window: Option<(&'a Calendar, &'a Chunk)>,
}

impl<'a> Spans<'a> {
    /// [`Calendar::between_seconds`]`(a, b)` on `cal`.
    #[inline]
    pub fn between(&mut self, cal: &'a Calendar, a: i64, b: i64) -> Result<i64> {
        match self.within(cal, a, b) {
            Some(w) => Ok(w),
            None => self.between_outside(cal, a, b),
        }
    }

    /// [`Spans::between`] of a span outside the window: moves the window
    /// to the span's start.
    #[inline(never)]
    fn between_outside(&mut self, cal: &'a Calendar, a: i64, b: i64) -> Result<i64> {
        if let Some(c) = cal.chunk_at(a.min(b)) {
            self.window = Some((cal, c));
        }
        match self.within(cal, a, b) {
            Some(w) => Ok(w),
            None => cal.between_seconds(a, b),
        }
    }

    /// The span's working seconds if it lies in the window's covered part.
    #[inline]
    fn within(&self, cal: &Calendar, a: i64, b: i64) -> Option<i64> {
        self.chunk(cal)?.between_within(a, b)
    }

    /// The window's chunk, if the window is on `cal`.
    #[inline]
    fn chunk(&self, cal: &Calendar) -> Option<&'a Chunk> {
        let (wcal, c) = self.window?;
        std::ptr::eq(wcal, cal).then_some(c)
    }

    /// [`Calendar::add_seconds`]`(t, d)` on `cal`.
    #[inline]
    pub fn add_seconds(&self, cal: &Calendar, t: i64, d: i64) -> Result<i64> {
        match self.chunk(cal).filter(|c| c.covers(t)) {
            Some(c) => cal.add_from(c, t, d),
            None => cal.add_seconds(t, d),
        }
    }

    /// [`Calendar::is_working`] of UTC second `t` on `cal`.
    #[inline]
    pub fn is_working(&self, cal: &Calendar, t: i64) -> Result<bool> {
        match self.chunk(cal).filter(|c| c.covers(t)) {
            Some(c) => Ok(c.is_working(t)),
            None => cal.is_working_seconds(t),
        }
    }

    /// [`Calendar::fixed`]`(t)` on `cal` (any instant of the window's
    /// chunk: conversions need no coverage).
    #[inline]
    pub fn fixed(&self, cal: &Calendar, t: i64) -> Result<DateTime<FixedOffset>> {
        match self.chunk(cal).and_then(|c| c.fixed(t)) {
            Some(d) => Ok(d),
            None => cal.fixed(t),
        }
    }
}

impl Calendar {
    /// The instant `d` of working time after `t` (before it if `d` is negative).
    ///
    /// The engine answers in whole seconds. Sub-second parts of `t` and `d`
    /// are not dropped: the result is the exact answer rounded *up* to the
    /// next whole second (a deadline is never earlier than the true one), so
    /// 0.5 s from an off-hours instant is 1 s after the next opening. A
    /// negative `d` counts backward and rounds down, as [`Calendar::sub`].
    ///
    /// # Errors
    /// [`Error::YearNotCovered`] when the computation needs a year without
    /// loaded calendar data, [`Error::HorizonExceeded`] when the result lies
    /// beyond the search horizon, [`Error::OutOfSupportedRange`].
    ///
    /// # Examples
    /// ```
    /// use chrono::TimeDelta;
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let t = parse_instant("2026-03-06T15:00:00+03:00")?; // a Friday
    /// assert_eq!(cal.add(&t, TimeDelta::hours(3))?.to_rfc3339(), "2026-03-06T18:00:00+03:00");
    /// assert_eq!(cal.add(&t, TimeDelta::hours(4))?.to_rfc3339(), "2026-03-09T10:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add<Z: TimeZone>(&self, t: &DateTime<Z>, d: TimeDelta) -> Result<DateTime<Tz>> {
        self.add_local(secs(t), t.timestamp_subsec_nanos(), Split::of(d), false)
    }

    /// The instant `d` of working time before `t` (after it if `d` is negative).
    ///
    /// Sub-second parts are rounded as [`Calendar::add`] rounds them, in the
    /// direction of the count: the result of a backward count is the exact
    /// answer rounded *down* to the whole second (never later than the true
    /// one).
    ///
    /// # Errors
    /// As [`Calendar::add`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::TimeDelta;
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?;
    /// // One hour on Monday morning, one on Friday afternoon.
    /// let start = cal.sub(&monday, TimeDelta::hours(2))?;
    /// assert_eq!(start.to_rfc3339(), "2026-03-06T17:00:00+03:00");
    /// assert_eq!(cal.add(&start, TimeDelta::hours(2))?, monday);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn sub<Z: TimeZone>(&self, t: &DateTime<Z>, d: TimeDelta) -> Result<DateTime<Tz>> {
        self.add_local(
            secs(t),
            t.timestamp_subsec_nanos(),
            Split::of(d).neg(),
            true,
        )
    }

    /// [`Calendar::add_nanos`] in the calendar's zone. A count of whole
    /// seconds from a covered instant is converted with the chunk it
    /// starts in, without looking it up again, if it ends there.
    #[inline]
    fn add_local(&self, t: i64, f: u32, d: Split, backward: bool) -> Result<DateTime<Tz>> {
        let r = match (f, d, self.chunk_at(t)) {
            (0, Split(ds, 0), Some(c)) if c.covers(t) => {
                let r = self.add_from(c, t, ds)?;
                if let Some(local) = c.local(r) {
                    return Ok(local);
                }
                r
            }
            _ => self.add_nanos(t, f, d, backward)?,
        };
        self.local(r)
    }

    /// [`Calendar::add`] of the instant `secs` + `subsec_nanos` ns (UTC)
    /// and `d` of working time, for callers that hold an instant as epoch
    /// seconds plus a fraction: the result in whole UTC seconds, rounded as
    /// `add` rounds it.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::TimeDelta;
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// // Half a second past 15:00, plus an hour: 16:00:00.5, rounded up.
    /// assert_eq!(cal.add_timestamp(friday, 500_000_000, TimeDelta::hours(1))?, friday + 3601);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_timestamp(&self, secs: i64, subsec_nanos: u32, d: TimeDelta) -> Result<i64> {
        self.add_nanos(secs, subsec_nanos, Split::of(d), false)
    }

    /// The working-time count behind [`Calendar::add`] and [`Calendar::sub`]:
    /// `d` nanoseconds of working time from `t` + `f` ns, rounded up to the
    /// whole second for a forward count (`d >= 0`), down for a backward one.
    ///
    /// The engine counts in whole seconds, and every working interval starts
    /// and ends on one, so a second is either all working time or none. If
    /// the second `t` begins is working time, the fraction `f` of it lies
    /// before the instant and counts towards `d` (forward) or against it
    /// (backward); otherwise the count starts at the next (or previous)
    /// working second and the fraction does not matter. Counting the
    /// remaining amount rounded up from `t` then gives the exact answer
    /// rounded in the direction of the count. A count of zero is `t` itself,
    /// rounded up, or down when `backward` (`sub`).
    fn add_nanos(&self, t: i64, f: u32, d: Split, backward: bool) -> Result<i64> {
        // (No 128-bit arithmetic: its division routines cost the
        // WebAssembly build kilobytes.)
        const NS: u32 = 1_000_000_000;
        // chrono keeps a leap second as a fraction of 1 s or more: it is
        // the next second.
        let (t, f) = if f >= NS {
            (t.saturating_add(1), f - NS)
        } else {
            (t, f)
        };
        let Split(ds, df) = d;
        if f == 0 && df == 0 {
            return self.add_seconds(t, ds);
        }
        if ds == 0 && df == 0 {
            // `t` itself, rounded in the direction of the count.
            self.check_covered(t)?;
            self.chunk_no(t)?;
            return Ok(if f > 0 && !backward { t + 1 } else { t });
        }
        let before = if f > 0 && self.is_working_seconds(t)? {
            f
        } else {
            0
        };
        let n = if ds >= 0 {
            // Forward: d + before, rounded up (`df + before` < 2 s).
            let sum = df + before;
            let (carry, rest) = (i64::from(sum / NS), sum % NS);
            ds.checked_add(carry + i64::from(rest > 0))
        } else {
            // Backward: |d| - before, rounded up; nothing is left to count
            // when the fraction covers the whole of |d|.
            let Split(ms, mf) = d.neg();
            let (ms, mf) = if mf >= before {
                (ms, mf - before)
            } else {
                (ms - 1, mf + NS - before)
            };
            Some(-(ms + i64::from(mf > 0)).max(0))
        };
        let n = n.ok_or_else(|| Error::InvalidDuration {
            text: format!("{ds} s"),
            reason: "the number is too large".to_string(),
        })?;
        self.add_seconds(t, n)
    }

    /// The working time from `a` to `b`; negative when `b` is before `a`.
    ///
    /// # Errors
    /// [`Error::YearNotCovered`], [`Error::OutOfSupportedRange`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 UTC")?;
    /// let a = parse_instant("2026-03-06T17:00:00Z")?;
    /// let b = parse_instant("2026-03-09T10:00:00Z")?;
    /// assert_eq!(cal.between(&a, &b)?.num_minutes(), 120);
    /// assert_eq!(cal.between(&b, &a)?.num_minutes(), -120);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn between<Z1: TimeZone, Z2: TimeZone>(
        &self,
        a: &DateTime<Z1>,
        b: &DateTime<Z2>,
    ) -> Result<TimeDelta> {
        Ok(TimeDelta::seconds(self.between_seconds(secs(a), secs(b))?))
    }

    /// Whether `t` is working time.
    ///
    /// # Errors
    /// [`Error::YearNotCovered`], [`Error::OutOfSupportedRange`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// assert!(cal.is_working(&parse_instant("2026-03-06T09:00:00+03:00")?)?); // the opening works
    /// assert!(!cal.is_working(&parse_instant("2026-03-06T18:00:00+03:00")?)?); // the closing does not
    /// assert!(!cal.is_working(&parse_instant("2026-03-09T12:00:00+03:00")?)?); // a holiday Monday
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn is_working<Z: TimeZone>(&self, t: &DateTime<Z>) -> Result<bool> {
        self.is_working_seconds(secs(t))
    }

    /// The first opening strictly after `t`.
    ///
    /// # Errors
    /// [`Error::HorizonExceeded`] when no opening lies within the horizon,
    /// [`Error::YearNotCovered`], [`Error::OutOfSupportedRange`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let friday_noon = parse_instant("2026-03-06T12:00:00+03:00")?;
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// assert_eq!(cal.next_opening(&friday_noon)?.to_rfc3339(), "2026-03-09T09:00:00+03:00");
    /// // March 9, 2026 is a public holiday in Russia (March 8 fell on a Sunday).
    /// let ru = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow +ru")?;
    /// assert_eq!(ru.next_opening(&friday_noon)?.to_rfc3339(), "2026-03-10T09:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_opening<Z: TimeZone>(&self, t: &DateTime<Z>) -> Result<DateTime<Tz>> {
        let t = secs(t);
        let r = self.scan(t, "opening", |c, t| {
            let i = c.runs().partition_point(|r| r.start <= t);
            // A period that begins exactly at a chunk's start may continue
            // one from the previous chunk: not an opening then.
            c.runs()[i..]
                .iter()
                .map(|r| r.start)
                .find(|&s| !(s == c.lo && self.continues_from_previous(c.lo)))
        })?;
        self.local(r)
    }

    /// The first closing strictly after `t` (the end of the current period if
    /// `t` is working time).
    ///
    /// # Errors
    /// As [`Calendar::next_opening`]; a 24×7 calendar has no closing.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday_noon = parse_instant("2026-03-06T12:00:00+03:00")?;
    /// let saturday = parse_instant("2026-03-07T12:00:00+03:00")?;
    /// assert_eq!(cal.next_closing(&friday_noon)?.to_rfc3339(), "2026-03-06T18:00:00+03:00");
    /// assert_eq!(cal.next_closing(&saturday)?.to_rfc3339(), "2026-03-09T18:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_closing<Z: TimeZone>(&self, t: &DateTime<Z>) -> Result<DateTime<Tz>> {
        let t = secs(t);
        let r = self.scan(t, "closing", |c, t| {
            let i = c.period_at_or_after(t);
            // An end at the chunk's end may run on into the next chunk.
            c.runs()[i..]
                .iter()
                .map(|r| r.end)
                .find(|&e| e > t && !(e == c.hi && self.continues_into_next(c.hi)))
        })?;
        self.local(r)
    }

    /// The first working instant at or after `t`: `t` itself when it is
    /// working time, else the next opening. Counting starts there.
    ///
    /// # Errors
    /// As [`Calendar::next_opening`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday_noon = parse_instant("2026-03-06T12:00:00+03:00")?;
    /// let friday_evening = parse_instant("2026-03-06T18:00:00+03:00")?;
    /// assert_eq!(cal.next_working(&friday_noon)?, friday_noon);
    /// assert_eq!(cal.next_working(&friday_evening)?.to_rfc3339(), "2026-03-09T09:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_working<Z: TimeZone>(&self, t: &DateTime<Z>) -> Result<DateTime<Tz>> {
        let t = secs(t);
        let r = self.scan(t, "working time", |c, t| {
            let i = c.period_at_or_after(t);
            c.runs().get(i).map(|r| r.start.max(t))
        })?;
        self.local(r)
    }

    /// The working periods overlapping `[start, end)`, clipped to it.
    ///
    /// # Errors
    /// [`Error::YearNotCovered`], [`Error::OutOfSupportedRange`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    /// let cal = Calendar::parse("Mon-Fri 09:00-13:00,14:00-18:00 UTC")?;
    /// let start = parse_instant("2026-03-06T10:00:00Z")?;
    /// let end = parse_instant("2026-03-09T12:00:00Z")?;
    /// let periods = cal.periods(&start, &end)?;
    /// assert_eq!(periods.len(), 3);
    /// assert_eq!(periods[2].start.to_rfc3339(), "2026-03-09T09:00:00+00:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn periods<Z1: TimeZone, Z2: TimeZone>(
        &self,
        start: &DateTime<Z1>,
        end: &DateTime<Z2>,
    ) -> Result<Vec<Period>> {
        let mut out = Vec::new();
        for (s, e) in self.periods_seconds(secs(start), secs(end))? {
            out.push(Period {
                start: self.local(s)?,
                end: self.local(e)?,
            });
        }
        Ok(out)
    }

    /// Adds `n` working days in the given meaning.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, WorkingDaysMeaning};
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let t = parse_instant("2026-03-02T11:00:00+03:00")?; // Monday
    /// let by_length = cal.add_working_days(&t, 1, WorkingDaysMeaning::Length)?;
    /// let by_end = cal.add_working_days(&t, 1, WorkingDaysMeaning::EndOfDay)?;
    /// assert_eq!(by_length.to_rfc3339(), "2026-03-03T11:00:00+03:00");
    /// assert_eq!(by_end.to_rfc3339(), "2026-03-03T18:00:00+03:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_working_days<Z: TimeZone>(
        &self,
        t: &DateTime<Z>,
        n: u32,
        meaning: WorkingDaysMeaning,
    ) -> Result<DateTime<Tz>> {
        let r = match meaning {
            // A working-time count from `t`, rounded as `add` rounds.
            WorkingDaysMeaning::Length => self.add_nanos(
                secs(t),
                t.timestamp_subsec_nanos(),
                Split(i64::from(n) * self.rules().day_length, 0),
                false,
            )?,
            WorkingDaysMeaning::EndOfDay | WorkingDaysMeaning::EndOfDayFromOpening => {
                self.add_working_days_seconds(secs(t), n, meaning)?
            }
        };
        self.local(r)
    }

    // ----- the same in UTC seconds: the core of every operation ----------

    /// [`Calendar::is_working`] on UTC seconds.
    pub(crate) fn is_working_seconds(&self, t: i64) -> Result<bool> {
        self.check_covered(t)?;
        let k = self.chunk_no(t)?;
        Ok(self.index().chunk(self.rules(), k).is_working(t))
    }

    fn chunk_no(&self, t: i64) -> Result<usize> {
        self.index()
            .chunk_of(t)
            .ok_or_else(|| Error::out_of_range(t))
    }

    /// An instant of the range as error texts show it: RFC 3339 in the
    /// calendar's zone, written exactly (see [`crate::rfc3339::write`]).
    fn describe(&self, t: i64) -> String {
        match self.fixed(t) {
            Ok(d) => crate::rfc3339::format(t, d.offset().local_minus_utc()),
            Err(Error::OutOfSupportedRange(text)) => text,
            Err(_) => t.to_string(),
        }
    }

    /// [`Error::HorizonExceeded`] of a forward search from `from`.
    fn horizon_error(&self, what: &'static str, from: i64) -> Error {
        self.horizon_error_towards(what, from, true)
    }

    /// [`Error::HorizonExceeded`] of a search from `from`, forward or not.
    fn horizon_error_towards(&self, what: &'static str, from: i64, forward: bool) -> Error {
        Error::HorizonExceeded {
            what,
            from: self.describe(from),
            horizon_days: self.rules().horizon_days,
            direction: if forward { "after" } else { "before" },
        }
    }

    /// [`Error::ResultOutOfRange`] of a computation from `from` whose
    /// result lies past the end of the supported range (`forward`) or
    /// before its start.
    fn beyond_range(&self, from: i64, forward: bool) -> Error {
        Error::ResultOutOfRange {
            from: self.describe(from),
            side: if forward { "after" } else { "before" },
        }
    }

    /// `r`, the result of a computation from `t`, if it lies in the supported
    /// range; else [`Error::ResultOutOfRange`] naming `t`. Every public
    /// operation that computes an instant checks it with this (or finds it
    /// in the index, which holds only the range).
    pub(crate) fn result_in_range(&self, t: i64, r: i64) -> Result<i64> {
        if crate::calendar::SUPPORTED.contains(&r) {
            Ok(r)
        } else {
            Err(self.beyond_range(t, r >= t))
        }
    }

    pub(crate) fn horizon_secs(&self) -> i64 {
        i64::from(self.rules().horizon_days) * 86_400
    }

    /// Whether the working period at `t` (a chunk seam) started before it.
    fn continues_from_previous(&self, seam: i64) -> bool {
        let Some(k) = self.index().chunk_of(seam - 1) else {
            return false;
        };
        let prev = self.index().chunk(self.rules(), k);
        prev.runs().last().map(|r| r.end) == Some(seam)
    }

    /// Whether a working period starts at `seam` (a chunk seam), so that a
    /// period ending there runs on into the next chunk.
    fn continues_into_next(&self, seam: i64) -> bool {
        let Some(k) = self.index().chunk_of(seam) else {
            return false;
        };
        let next = self.index().chunk(self.rules(), k);
        next.runs().first().map(|r| r.start) == Some(seam)
    }

    /// Runs `find` on the chunk of `t` and the following ones until it finds
    /// an instant, within the horizon.
    fn scan(
        &self,
        t: i64,
        what: &'static str,
        find: impl Fn(&crate::calendar::Chunk, i64) -> Option<i64>,
    ) -> Result<i64> {
        self.check_covered(t)?;
        let mut k = self.chunk_no(t)?;
        let limit = t.saturating_add(self.horizon_secs());
        loop {
            let c = self.index().chunk(self.rules(), k);
            if let Some(r) = find(c, t) {
                if r > limit {
                    return Err(self.horizon_error(what, t));
                }
                self.check_covered(r)?;
                return Ok(r);
            }
            k += 1;
            if self.index().chunk_count() <= k {
                return Err(self.beyond_range(t, true));
            }
            if self.index().chunk_start(k) > limit {
                return Err(self.horizon_error(what, t));
            }
        }
    }

    /// [`Calendar::add`] on UTC seconds.
    ///
    /// # Errors
    /// As [`Calendar::add`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// assert_eq!(cal.add_seconds(friday, 4 * 3600)?, monday);
    /// assert_eq!(cal.add_seconds(monday, -4 * 3600)?, friday);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_seconds(&self, t: i64, d: i64) -> Result<i64> {
        match self.chunk_at(t) {
            Some(c) if c.covers(t) => self.add_from(c, t, d),
            _ => self.add_uncovered(t, d),
        }
    }

    /// [`Calendar::add_seconds`] from `t` in the covered part of its chunk
    /// `c`. Most counts end in that chunk, within the horizon and the
    /// covered years: then the chunk's step is the answer.
    #[inline]
    pub(crate) fn add_from(&self, c: &Chunk, t: i64, d: i64) -> Result<i64> {
        match c.step(t, d) {
            Some(Ok(r)) if c.covers(r) && (r - t).abs() <= self.horizon_secs() => Ok(r),
            step => self.add_rest(t, d, step),
        }
    }

    /// [`Calendar::add_seconds`] from an instant outside the covered part
    /// of a chunk: coverage checked the long way, or an error.
    #[inline(never)]
    fn add_uncovered(&self, t: i64, d: i64) -> Result<i64> {
        self.check_covered(t)?;
        // Also for `d` = 0: an instant outside the supported range is an
        // error, not an answer.
        let k = self.chunk_no(t)?;
        if d == 0 {
            return Ok(t);
        }
        let step = self.index().chunk(self.rules(), k).step(t, d);
        self.add_rest(t, d, step)
    }

    /// The rest of [`Calendar::add_seconds`] after the first chunk's
    /// [`step`](Chunk::step) from `t`: the following (or previous) chunks
    /// if the count goes on, then the checks of the result.
    #[inline(never)]
    fn add_rest(&self, t: i64, d: i64, step: Option<std::result::Result<i64, i64>>) -> Result<i64> {
        let r = match step {
            Some(Ok(r)) => r,
            Some(Err(p)) if d > 0 => self.reach_forward_from(t, self.chunk_no(t)? + 1, p)?,
            Some(Err(p)) => self.reach_backward_from(t, self.chunk_no(t)?.wrapping_sub(1), p)?,
            None => return Err(self.horizon_error_towards("result", t, d > 0)),
        };
        // The result itself must lie within the horizon, not only the chunk
        // it was found in.
        if (r - t).abs() > self.horizon_secs() {
            return Err(self.horizon_error_towards("result", t, d > 0));
        }
        self.check_covered(r)?;
        Ok(r)
    }

    /// The rest of a forward count from `t` that left the chunk before
    /// chunk `k`: `p` working seconds from chunk `k`'s start.
    fn reach_forward_from(&self, t: i64, mut k: usize, mut p: i64) -> Result<i64> {
        let (index, rules) = (self.index(), self.rules());
        let limit = t.saturating_add(self.horizon_secs());
        loop {
            if k >= index.chunk_count() {
                return Err(self.beyond_range(t, true));
            }
            if index.chunk_start(k) > limit {
                return Err(self.horizon_error("result", t));
            }
            match index.chunk(rules, k).reach_forward(p) {
                Ok(r) => return Ok(r),
                Err(rest) => (k, p) = (k + 1, rest),
            }
        }
    }

    /// The rest of a backward count from `t` that left the chunk after
    /// chunk `k` (`k` wraps below chunk 0): `p` (negative) working seconds
    /// from chunk `k`'s end.
    fn reach_backward_from(&self, t: i64, mut k: usize, mut p: i64) -> Result<i64> {
        let (index, rules) = (self.index(), self.rules());
        let limit = t.saturating_sub(self.horizon_secs());
        loop {
            if k >= index.chunk_count() {
                return Err(self.beyond_range(t, false));
            }
            if index.chunk_start(k + 1) < limit {
                return Err(self.horizon_error_towards("result", t, false));
            }
            let c = index.chunk(rules, k);
            match c.reach_backward(p + c.total()) {
                Ok(r) => return Ok(r),
                Err(rest) => (k, p) = (k.wrapping_sub(1), rest),
            }
        }
    }

    /// [`Calendar::between`] on UTC seconds.
    ///
    /// # Errors
    /// As [`Calendar::between`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// assert_eq!(cal.between_seconds(friday, monday)?, 2 * 3600);
    /// assert_eq!(cal.between_seconds(monday, friday)?, -2 * 3600);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn between_seconds(&self, a: i64, b: i64) -> Result<i64> {
        let (lo, hi) = (a.min(b), a.max(b));
        let w = match self.numbered_chunk_at(lo) {
            Some((k, c)) if c.covers(lo) => match c.between_within(lo, hi) {
                // Most spans lie within one covered yearly chunk.
                Some(w) => w,
                None => self.between_past(k, c, lo, hi)?,
            },
            _ => return self.between_across(a, b),
        };
        Ok(if a <= b { w } else { -w })
    }

    /// [`Calendar::between_seconds`] with every check, chunk by chunk.
    #[inline(never)]
    fn between_across(&self, a: i64, b: i64) -> Result<i64> {
        if a > b {
            return Ok(-self.between_across(b, a)?);
        }
        self.check_covered(a)?;
        let k = self.chunk_no(a)?;
        self.between_past(k, self.index().chunk(self.rules(), k), a, b)
    }

    /// The working time from `a`, covered, in chunk `ca` (number `ka`), to
    /// a later `b` outside its covered part.
    #[inline(never)]
    fn between_past(&self, ka: usize, ca: &Chunk, a: i64, b: i64) -> Result<i64> {
        self.check_covered(b)?;
        if b < ca.hi {
            return Ok(ca.work_between(a, b));
        }
        let (index, rules) = (self.index(), self.rules());
        let kb = self.chunk_no(b)?;
        let mut sum = ca.total() - ca.cum_at(a);
        for k in ka + 1..kb {
            sum += index.chunk(rules, k).total();
        }
        Ok(sum + index.chunk(rules, kb).cum_at(b))
    }

    /// [`Calendar::periods`] on UTC seconds; periods that touch across a
    /// chunk seam come out as one.
    pub(crate) fn periods_seconds(&self, from: i64, to: i64) -> Result<Vec<(i64, i64)>> {
        let mut out: Vec<(i64, i64)> = Vec::new();
        if from >= to {
            return Ok(out);
        }
        self.check_covered(from)?;
        self.check_covered(to)?;
        let (k0, k1) = (self.chunk_no(from)?, self.chunk_no(to)?);
        for k in k0..=k1 {
            let c = self.index().chunk(self.rules(), k);
            let runs = &c.runs()[c.period_at_or_after(from)..];
            for r in runs.iter().take_while(|r| r.start < to) {
                let (s, e) = (r.start.max(from), r.end.min(to));
                match out.last_mut() {
                    Some(last) if last.1 == s => last.1 = e,
                    _ => out.push((s, e)),
                }
            }
        }
        Ok(out)
    }

    /// The first instant in `(t, until]` at which [`Calendar::is_working`]
    /// changes: the end of the working period holding `t` (periods that
    /// touch across a chunk seam count as one), else the next opening.
    /// `None` when none lies in that stretch; bounded by `until`, so a 24×7
    /// calendar costs a look-up per year, not a scan to the horizon.
    ///
    /// # Errors
    /// [`Error::YearNotCovered`], [`Error::OutOfSupportedRange`] for `t`
    /// or the instant found.
    pub(crate) fn next_flip_seconds(&self, t: i64, until: i64) -> Result<Option<i64>> {
        self.check_covered(t)?;
        let mut k = self.chunk_no(t)?;
        let index = self.index();
        let mut c = index.chunk(self.rules(), k);
        let working = c.is_working(t);
        loop {
            let found = if working {
                // The period holding `t` (in a later chunk: the one
                // continuing it from the chunk's start).
                let e = c
                    .runs()
                    .get(c.period_at_or_after(t.max(c.lo)))
                    .map(|r| r.end);
                e.filter(|&e| !(e == c.hi && self.continues_into_next(c.hi)))
            } else {
                // `rank` of an instant before the chunk is 0: its first start.
                c.runs().get(c.rank(t)).map(|r| r.start)
            };
            if let Some(r) = found {
                if r > until {
                    return Ok(None);
                }
                self.check_covered(r)?;
                return Ok(Some(r));
            }
            k += 1;
            if index.chunk_count() <= k || index.chunk_start(k) > until {
                return Ok(None);
            }
            c = index.chunk(self.rules(), k);
        }
    }

    /// [`Calendar::add_working_days`] on UTC seconds.
    pub(crate) fn add_working_days_seconds(
        &self,
        t: i64,
        n: u32,
        meaning: WorkingDaysMeaning,
    ) -> Result<i64> {
        match meaning {
            WorkingDaysMeaning::Length => {
                self.add_seconds(t, i64::from(n) * self.rules().day_length)
            }
            // One rule for every meaning: a result outside the supported
            // range is `ResultOutOfRange`, naming the start.
            WorkingDaysMeaning::EndOfDay | WorkingDaysMeaning::EndOfDayFromOpening => {
                let r = match meaning {
                    // Art. 191: counting starts on the day after the start's
                    // calendar date, so that date is day 0 whatever the hour.
                    WorkingDaysMeaning::EndOfDay if n > 0 => self
                        .local(t)
                        .and_then(|d| self.closing_of_nth_working_day(t, d.date_naive(), n)),
                    _ => self.end_of_working_day(t, n),
                };
                match r {
                    Ok(r) => self.result_in_range(t, r),
                    // Its own checks (coverage, dates) meet the end of the
                    // range as an instant outside it.
                    Err(Error::OutOfSupportedRange(_))
                        if crate::calendar::SUPPORTED.contains(&t) =>
                    {
                        Err(self.beyond_range(t, true))
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// The closing of the `n`th working day after the working day of the
    /// first working instant at or after `t`.
    fn end_of_working_day(&self, t: i64, n: u32) -> Result<i64> {
        let start = self.scan(t, "working time", |c, t| {
            let i = c.period_at_or_after(t);
            c.runs().get(i).map(|r| r.start.max(t))
        })?;
        let rules = self.rules();
        // Which local date does the working instant belong to? Its own date,
        // unless it is the overnight spill of the day before.
        let local = self.local(start)?.naive_local();
        let mut date = local.date();
        let wall = local.time().num_seconds_from_midnight_i64();
        if !rules
            .day(date)
            .iter()
            .any(|&(a, b)| i64::from(a) <= wall && wall < i64::from(b))
        {
            date = date.pred_opt().unwrap_or(date);
        }
        self.closing_of_nth_working_day(t, date, n)
    }

    /// The closing of the `n`th working day after `date` (day 0), counting
    /// dates with working time; `date` itself when `n` is 0. The search is
    /// bounded by the horizon from `t` and by the supported range.
    fn closing_of_nth_working_day(
        &self,
        t: i64,
        mut date: chrono::NaiveDate,
        n: u32,
    ) -> Result<i64> {
        let rules = self.rules();
        let limit_days = i64::from(rules.horizon_days);
        let mut counted = 0;
        let mut steps = 0;
        while counted < n {
            date = date
                .succ_opt()
                .ok_or_else(|| Error::OutOfSupportedRange(date.to_string()))?;
            steps += 1;
            if steps > limit_days {
                return Err(self.horizon_error("working day", t));
            }
            if chrono::Datelike::year(&date) > crate::calendar::LAST_YEAR {
                return Err(Error::OutOfSupportedRange(date.to_string()));
            }
            // A date whose hours all fall into a DST gap has no working time.
            if self.day_closing_utc(date).is_some() {
                counted += 1;
            }
        }
        let end = self
            .day_closing_utc(date)
            .ok_or_else(|| Error::OutOfSupportedRange(date.to_string()))?;
        self.check_covered(end)?;
        Ok(end)
    }
}

/// A duration as whole seconds (floored) and the nanoseconds after them,
/// from 0 to 1 s: `Split(-2, 500_000_000)` is -1.5 s.
#[derive(Debug, Clone, Copy)]
struct Split(i64, u32);

impl Split {
    fn of(d: TimeDelta) -> Split {
        // `num_seconds` truncates toward zero; `subsec_nanos` has its sign.
        let (s, n) = (d.num_seconds(), d.subsec_nanos());
        if n < 0 {
            Split(s - 1, (n + 1_000_000_000) as u32)
        } else {
            Split(s, n as u32)
        }
    }

    /// `-self` (a `TimeDelta`'s seconds are far from `i64::MIN`).
    fn neg(self) -> Split {
        match self {
            Split(s, 0) => Split(s.saturating_neg(), 0),
            Split(s, n) => Split(s.saturating_neg() - 1, 1_000_000_000 - n),
        }
    }
}

trait SecondsFromMidnight {
    fn num_seconds_from_midnight_i64(&self) -> i64;
}

impl SecondsFromMidnight for chrono::NaiveTime {
    fn num_seconds_from_midnight_i64(&self) -> i64 {
        use chrono::Timelike;
        i64::from(self.num_seconds_from_midnight())
    }
}
