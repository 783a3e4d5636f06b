//! The working-time index: working periods materialised as UTC seconds with
//! prefix sums of working seconds, one chunk per UTC year, built lazily on
//! first use and shared by every clone of the calendar.
//!
//! Inside a chunk, "how much working time lies before instant t" and "at
//! which instant does the running total reach p" are table look-ups followed
//! by a short forward scan (a table by UTC day for instants, one by slices of
//! working time for totals), so `add`, `sub` and `between` cost O(1) plus one
//! step per year crossed, whatever the span.

use std::sync::OnceLock;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset};

use super::zone;
use super::Rules;

/// First year the index covers: the first of the supported range.
pub(crate) const FIRST_YEAR: i32 = 1900;
/// Last year the index covers: the last of the supported range, and the
/// last year of the bundled time-zone data (chrono-tz's tables end with
/// 2099's transitions; see DESIGN.md).
pub(crate) const LAST_YEAR: i32 = 2099;
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

/// The working periods of one UTC year `[lo, hi)`.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    pub lo: i64,
    pub hi: i64,
    /// Period starts, ascending; periods are disjoint and not adjacent.
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
    /// `cum[i]` = working seconds in this chunk before period `i`;
    /// `cum[n]` = the chunk's total.
    pub cum: Vec<i64>,
    /// `by_day[d]` = number of periods starting before `lo + d` days
    /// (`d` = 0 ..= days in the chunk + 1).
    by_day: Vec<u32>,
    /// Working-time slice length for `by_work` (about one period's worth).
    slice: i64,
    /// `by_work[k]` = number of `cum` entries below `k * slice`.
    by_work: Vec<u32>,
    /// `closings[d]` = the UTC instant the last working interval of local
    /// date `lo + d` days (its wall-clock day number) ends, or [`NO_WORK`]
    /// when that date has no working time (a day off, or hours that all fall
    /// into a DST gap). "N working days, end of day" steps through dates, so
    /// it reads them here instead of resolving each date's hours again.
    closings: Vec<i64>,
    /// chrono-tz's offsets in force during the chunk (from a little before
    /// `lo`), for turning results into `DateTime<Tz>` without a chrono-tz
    /// look-up each time.
    offsets: zone::Offsets,
    /// The same offsets as plain UTC offsets (`fixed[i]` is `offsets[i]`'s).
    fixed: Vec<FixedOffset>,
    /// The UTC date of `lo` (January 1st of the chunk's year).
    first_day: NaiveDate,
}

/// A `closings` entry for a date without working time.
const NO_WORK: i64 = i64::MIN;

impl Chunk {
    #[inline]
    pub fn total(&self) -> i64 {
        self.cum[self.cum.len() - 1]
    }

    /// Working seconds in `[lo, t)`, for `t` in `[lo, hi]`.
    #[inline]
    pub fn cum_at(&self, t: i64) -> i64 {
        let i = self.rank(t);
        if i > 0 && t < self.ends[i - 1] {
            self.cum[i - 1] + (t - self.starts[i - 1])
        } else {
            self.cum[i]
        }
    }

    /// The earliest instant where the running total reaches `p`,
    /// `0 < p <= total`: a total reached exactly at a closing is that closing.
    #[inline]
    pub fn locate_end(&self, p: i64) -> i64 {
        // The first `cum` entry at or above `p` (entry 0 is 0 < p).
        let j = self.count_below(p) - 1;
        self.starts[j] + (p - self.cum[j])
    }

    /// The latest instant where the running total is `p`, `0 <= p < total`:
    /// a total reached exactly at a closing is the next opening.
    #[inline]
    pub fn locate_start(&self, p: i64) -> i64 {
        // The last `cum` entry at or below `p` (`cum[n]` = total > p).
        let j = self.count_below(p + 1) - 1;
        self.starts[j] + (p - self.cum[j])
    }

    /// Number of periods starting at or before `t`, for `t` in `[lo, hi]`
    /// (what `starts.partition_point(|&s| s <= t)` gives).
    #[inline]
    pub fn rank(&self, t: i64) -> usize {
        if t < self.lo {
            return 0;
        }
        let d = ((t - self.lo) / 86_400) as usize;
        let (Some(&a), Some(&b)) = (self.by_day.get(d), self.by_day.get(d + 1)) else {
            return self.starts.len();
        };
        // Only the periods starting on t's UTC day are left to compare.
        let (a, b) = (a as usize, b as usize);
        a + self.starts[a..b].partition_point(|&s| s <= t)
    }

    /// Number of `cum` entries below `p`, for `0 < p <= total`.
    #[inline]
    fn count_below(&self, p: i64) -> usize {
        let k = (p / self.slice) as usize;
        let a = self.by_work[k] as usize;
        let b = self
            .by_work
            .get(k + 1)
            .map_or(self.cum.len(), |&b| b as usize);
        // Only the entries within p's slice of working time are left.
        a + self.cum[a..b].partition_point(|&c| c < p)
    }

    /// For local date number `day` (days since 1970-01-01 on the wall
    /// clock): `None` when the date is not in this chunk's year, else the
    /// UTC instant its last working interval ends, if it has working time.
    #[inline]
    pub fn closing_of_day(&self, day: i64) -> Option<Option<i64>> {
        let d = usize::try_from(day - self.lo / 86_400).ok()?;
        let &c = self.closings.get(d)?;
        Some((c != NO_WORK).then_some(c))
    }

    /// chrono-tz's offset at `t`, for `t` in `[lo, hi)`.
    #[inline]
    pub fn tz_offset(&self, t: i64) -> Option<chrono_tz::TzOffset> {
        Some(self.offsets[self.offset_index(t)?].1)
    }

    /// The UTC offset in force at `t`, for `t` in `[lo, hi)`: what
    /// [`Chunk::tz_offset`]'s `fix()` gives.
    #[inline]
    pub fn fixed_offset(&self, t: i64) -> Option<FixedOffset> {
        Some(self.fixed[self.offset_index(t)?])
    }

    #[inline]
    fn offset_index(&self, t: i64) -> Option<usize> {
        // Zones change offset a few times a year at most: a short scan.
        self.offsets.iter().rposition(|&(s, _)| s <= t)
    }

    /// The UTC date and time of second `t`, `None` outside `[lo, hi)`: the
    /// chunk's first date with the day of the year changed, which is what
    /// `DateTime::from_timestamp` gives, without its search for the year.
    #[inline]
    pub fn naive_utc(&self, t: i64) -> Option<NaiveDateTime> {
        if t < self.lo || t >= self.hi {
            return None;
        }
        // `lo` is a UTC midnight and `t - lo` is less than a year.
        let since = (t - self.lo) as u32;
        let date = self.first_day.with_ordinal0(since / 86_400)?;
        let time = NaiveTime::from_num_seconds_from_midnight_opt(since % 86_400, 0)?;
        Some(date.and_time(time))
    }

    /// Whether `t` is working time, for `t` in `[lo, hi]`.
    #[inline]
    pub fn is_working(&self, t: i64) -> bool {
        let i = self.rank(t);
        i > 0 && t < self.ends[i - 1]
    }

    /// Index of the period containing `t` or the first one after it.
    #[inline]
    pub fn period_at_or_after(&self, t: i64) -> usize {
        let i = self.rank(t);
        if i > 0 && t < self.ends[i - 1] {
            i - 1
        } else {
            i
        }
    }
}

/// Lazily built chunks for the years 1900–2099.
#[derive(Debug)]
pub(crate) struct Index {
    year_starts: Vec<i64>,
    chunks: Vec<OnceLock<Chunk>>,
}

impl Index {
    pub fn new() -> Index {
        let year_starts = (FIRST_YEAR..=LAST_YEAR + 1)
            .map(|y| days_from_epoch(ymd(y, 1, 1)) * 86_400)
            .collect();
        Index {
            year_starts,
            chunks: (0..YEARS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The chunk number of UTC second `t`, if supported.
    #[inline]
    pub fn chunk_of(&self, t: i64) -> Option<usize> {
        if t < self.year_starts[0] || t >= self.year_starts[YEARS] {
            return None;
        }
        // Estimate with the mean Gregorian year, then correct (by at most one).
        const MEAN_YEAR: i64 = 31_556_952;
        let mut k = (((t - self.year_starts[0]) / MEAN_YEAR) as usize).min(YEARS - 1);
        while self.year_starts[k] > t {
            k -= 1;
        }
        while self.year_starts[k + 1] <= t {
            k += 1;
        }
        Some(k)
    }

    #[inline]
    pub fn chunk(&self, rules: &Rules, k: usize) -> &Chunk {
        self.chunks[k].get_or_init(|| build(rules, self.year_starts[k], self.year_starts[k + 1]))
    }

    pub fn chunk_count(&self) -> usize {
        YEARS
    }

    pub fn chunk_start(&self, k: usize) -> i64 {
        self.year_starts[k]
    }
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn days_from_epoch(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

/// Materialises the working periods of UTC `[lo, hi)`.
fn build(rules: &Rules, lo: i64, hi: i64) -> Chunk {
    // Local days whose intervals (up to 48 h long) may reach into [lo, hi):
    // offsets are within ±26 h, so start two days early and end one day late.
    let margin = 3 * 86_400;
    let (segs, offsets) = zone::sample(rules.tz, lo - margin, hi + margin);
    let first_day = lo.div_euclid(86_400) - 2;
    let last_day = hi.div_euclid(86_400) + 1;
    let mut pieces: Vec<(i64, i64)> = Vec::with_capacity(600);
    let (lo_day, hi_day) = (lo / 86_400, hi / 86_400);
    let mut closings = Vec::with_capacity((hi_day - lo_day) as usize);
    let mut date = chrono::DateTime::from_timestamp(first_day * 86_400, 0)
        .map(|d| d.date_naive())
        .unwrap_or(NaiveDate::MIN);
    for day in first_day..=last_day {
        let wall0 = day * 86_400;
        let mut closing = NO_WORK;
        for &(a, b) in rules.day(date) {
            zone::preimage(&segs, wall0 + i64::from(a), wall0 + i64::from(b), |s, e| {
                // The date's closing counts its pieces outside [lo, hi) too.
                closing = closing.max(e);
                let (s, e) = (s.max(lo), e.min(hi));
                if s < e {
                    pieces.push((s, e));
                }
            });
        }
        if (lo_day..hi_day).contains(&day) {
            closings.push(closing);
        }
        date = date.succ_opt().unwrap_or(date);
    }
    pieces.sort_unstable();
    let mut chunk = Chunk {
        lo,
        hi,
        starts: Vec::with_capacity(pieces.len()),
        ends: Vec::with_capacity(pieces.len()),
        cum: Vec::with_capacity(pieces.len() + 1),
        by_day: Vec::new(),
        slice: 1,
        by_work: Vec::new(),
        closings,
        fixed: offsets.iter().map(|(_, o)| o.fix()).collect(),
        offsets,
        first_day: chrono::DateTime::from_timestamp(lo, 0)
            .map(|d| d.date_naive())
            .unwrap_or(NaiveDate::MIN),
    };
    for (s, e) in pieces {
        match chunk.ends.last_mut() {
            // Wall-clock intervals are disjoint, so their preimages are too;
            // touching periods (24x7 days, shifts end to end) are merged.
            Some(last) if s <= *last => *last = (*last).max(e),
            _ => {
                chunk.starts.push(s);
                chunk.ends.push(e);
            }
        }
    }
    let mut total = 0;
    chunk.cum.push(0);
    for (s, e) in chunk.starts.iter().zip(&chunk.ends) {
        total += e - s;
        chunk.cum.push(total);
    }
    // Look-up tables: where to start scanning for an instant and for a total.
    let days = (hi - lo + 86_399) / 86_400;
    let mut i = 0;
    for d in 0..=days + 1 {
        let day_start = lo + d * 86_400;
        while i < chunk.starts.len() && chunk.starts[i] < day_start {
            i += 1;
        }
        chunk.by_day.push(i as u32);
    }
    chunk.slice = (total / chunk.starts.len().max(1) as i64).max(1);
    let mut m = 0;
    for k in 0..=total / chunk.slice {
        let floor = k * chunk.slice;
        while m < chunk.cum.len() && chunk.cum[m] < floor {
            m += 1;
        }
        chunk.by_work.push(m as u32);
    }
    chunk
}
