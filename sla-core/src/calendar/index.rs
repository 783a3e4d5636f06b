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

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset};
use chrono_tz::Tz;

use super::zone;
use super::{OutOfRange, Rules};

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
    /// `[covered_lo, covered_hi)`: the part of the chunk in which every
    /// instant passes [`Calendar::check_covered`](super::Calendar): all of
    /// it unless the calendar's production-calendar data limits the years,
    /// else its overlap with the covered years (possibly empty).
    covered_lo: i64,
    covered_hi: i64,
    /// The working periods, ascending; they are disjoint and not adjacent.
    /// One array of (start, end, total before) rather than three: a look-up
    /// then reads one cache line, not three.
    runs: Vec<Run>,
    /// Working seconds in the chunk.
    total: i64,
    /// `by_day[d]` = number of periods starting before `lo + d` days
    /// (`d` = 0 ..= days in the chunk + 1).
    by_day: Vec<u32>,
    /// Working-time slices for `by_work` are `1 << slice_bits` seconds
    /// long (between half and one period's worth: a shift, not a division,
    /// finds a total's slice).
    slice_bits: u32,
    /// `by_work[k]` = number of runs with less than `k << slice_bits`
    /// working seconds before them.
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

/// One working period `[start, end)` of a chunk.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    pub start: i64,
    pub end: i64,
    /// Working seconds in the chunk before the period.
    before: i64,
}

/// A `closings` entry for a date without working time.
const NO_WORK: i64 = i64::MIN;

/// The chunk primitives of working-time arithmetic. Every count, whether
/// [`Calendar`](super::Calendar)'s methods or the clock's cached
/// `work_time::Spans`, goes through these: a chunk's step of a count
/// ([`Chunk::step`], [`Chunk::reach_forward`], [`Chunk::reach_backward`]),
/// the working time between two instants of one chunk
/// ([`Chunk::work_between`]) and the conversions of an instant to the
/// calendar's zone ([`Chunk::local`], [`Chunk::fixed`]).
impl Chunk {
    #[inline]
    pub fn total(&self) -> i64 {
        self.total
    }

    /// The working periods, ascending.
    #[inline]
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Whether `t` lies in the covered part of the chunk, where no
    /// coverage check is needed.
    #[inline]
    pub fn covers(&self, t: i64) -> bool {
        self.covered_lo <= t && t < self.covered_hi
    }

    /// The first step of a count of `d` working seconds from `t` (an
    /// instant of this chunk): `Some(Ok(r))` when the result `r` lies in
    /// the chunk, `Some(Err(p))` when the count goes on past it (see
    /// [`Chunk::reach_forward`] and [`Chunk::reach_backward`] for `p`),
    /// `None` when the running total overflows.
    #[inline]
    pub fn step(&self, t: i64, d: i64) -> Option<Result<i64, i64>> {
        let p = self.cum_at(t).checked_add(d)?;
        Some(match d.cmp(&0) {
            Ordering::Greater => self.reach_forward(p),
            Ordering::Less => self.reach_backward(p),
            Ordering::Equal => Ok(t),
        })
    }

    /// Counting forward, the instant at which the chunk's running total
    /// reaches `p` (`p` > 0), or `Err` of what is left to count from the
    /// next chunk's start when `p` exceeds the chunk's total. A total
    /// reached exactly at a closing is that closing.
    #[inline]
    pub fn reach_forward(&self, p: i64) -> Result<i64, i64> {
        let total = self.total();
        if p <= total {
            Ok(self.locate_end(p))
        } else {
            Err(p - total)
        }
    }

    /// Counting backward, the instant at which the chunk's running total is
    /// `p` (`p` < the total), or `Err(p)` when `p` is negative: the count
    /// goes on in the previous chunk, at `p` + its total. A total reached
    /// exactly at a closing is the next opening.
    #[inline]
    pub fn reach_backward(&self, p: i64) -> Result<i64, i64> {
        if p >= 0 {
            Ok(self.locate_start(p))
        } else {
            Err(p)
        }
    }

    /// Working seconds in `[a, b)`, for `a <= b` both in `[lo, hi]`.
    #[inline]
    pub fn work_between(&self, a: i64, b: i64) -> i64 {
        self.cum_at(b) - self.cum_at(a)
    }

    /// `Calendar::between_seconds(a, b)` when `a` and `b` both lie in the
    /// covered part of this chunk; `None` otherwise.
    #[inline]
    pub fn between_within(&self, a: i64, b: i64) -> Option<i64> {
        let (lo, hi) = (a.min(b), a.max(b));
        let w = (self.covers(lo) && self.covers(hi)).then(|| self.work_between(lo, hi))?;
        Some(if a <= b { w } else { -w })
    }

    /// Working seconds in `[lo, t)`, for `t` in `[lo, hi]`.
    #[inline]
    pub fn cum_at(&self, t: i64) -> i64 {
        match self.rank(t).checked_sub(1) {
            // The last period starting at or before `t`, up to `t`.
            Some(i) => {
                let r = &self.runs[i];
                if t < r.end {
                    r.before + (t - r.start)
                } else {
                    r.before + (r.end - r.start)
                }
            }
            None => 0,
        }
    }

    /// The earliest instant where the running total reaches `p`,
    /// `0 < p <= total`: a total reached exactly at a closing is that closing.
    #[inline]
    fn locate_end(&self, p: i64) -> i64 {
        let r = self.last_run_before(p);
        r.start + (p - r.before)
    }

    /// The latest instant where the running total is `p`, `0 <= p < total`:
    /// a total reached exactly at a closing is the next opening.
    #[inline]
    fn locate_start(&self, p: i64) -> i64 {
        let r = self.last_run_before(p + 1);
        r.start + (p - r.before)
    }

    /// The last period with less than `p` working seconds before it, for
    /// `0 < p <= total` (the first has none before it).
    #[inline]
    fn last_run_before(&self, p: i64) -> &Run {
        let k = (p >> self.slice_bits) as usize;
        let n = self.runs.len();
        let a = self.by_work[k] as usize;
        let b = self.by_work.get(k + 1).map_or(n, |&b| b as usize);
        // Only the periods within p's slice of working time are left.
        let j = a + self.runs[a..b].partition_point(|r| r.before < p);
        &self.runs[j - 1]
    }

    /// Number of periods starting at or before `t`, for `t` in `[lo, hi]`
    /// (what `runs.partition_point(|r| r.start <= t)` gives).
    #[inline]
    pub fn rank(&self, t: i64) -> usize {
        if t < self.lo {
            return 0;
        }
        let d = ((t - self.lo) as u64 / 86_400) as usize;
        let (Some(&a), Some(&b)) = (self.by_day.get(d), self.by_day.get(d + 1)) else {
            return self.runs.len();
        };
        // Only the periods starting on t's UTC day are left to compare.
        let (a, b) = (a as usize, b as usize);
        a + self.runs[a..b].partition_point(|r| r.start <= t)
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

    /// The UTC second `t` in the calendar's zone, `None` outside
    /// `[lo, hi)`: what chrono-tz gives, without its search through the
    /// zone's transitions.
    #[inline]
    pub fn local(&self, t: i64) -> Option<DateTime<Tz>> {
        let utc = self.naive_utc(t)?;
        let offset = self.offsets[self.offset_index(t)?].1;
        Some(DateTime::from_naive_utc_and_offset(utc, offset))
    }

    /// [`Chunk::local`] as a fixed offset: what `local(t)?.fixed_offset()`
    /// gives.
    #[inline]
    pub fn fixed(&self, t: i64) -> Option<DateTime<FixedOffset>> {
        let utc = self.naive_utc(t)?;
        let offset = self.fixed[self.offset_index(t)?];
        Some(DateTime::from_naive_utc_and_offset(utc, offset))
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
    fn naive_utc(&self, t: i64) -> Option<NaiveDateTime> {
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
        i > 0 && t < self.runs[i - 1].end
    }

    /// Index of the period containing `t` or the first one after it.
    #[inline]
    pub fn period_at_or_after(&self, t: i64) -> usize {
        let i = self.rank(t);
        if i > 0 && t < self.runs[i - 1].end {
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
    // offsets are within ±26 h, so sample two days early and one day late.
    let margin = 3 * 86_400;
    let (segs, offsets) = zone::sample(rules.tz, lo - margin, hi + margin);
    let (pieces, closings) = day_pieces(rules, &segs, lo, hi);
    let runs = merge_pieces(pieces);
    let total = runs.last().map_or(0, |r| r.before + (r.end - r.start));
    let by_day = day_table(&runs, lo, hi);
    let (slice_bits, by_work) = work_table(&runs, total);
    let (covered_lo, covered_hi) = covered_part(rules, lo, hi);
    Chunk {
        lo,
        hi,
        covered_lo,
        covered_hi,
        runs,
        total,
        by_day,
        slice_bits,
        by_work,
        closings,
        fixed: offsets.iter().map(|(_, o)| o.fix()).collect(),
        offsets,
        first_day: chrono::DateTime::from_timestamp(lo, 0)
            .map(|d| d.date_naive())
            .unwrap_or(NaiveDate::MIN),
    }
}

/// The UTC pieces within `[lo, hi)` of the working intervals of every local
/// date that may reach into it, sorted, and the closing instant of each
/// local date of the chunk's days (`closings`, see [`Chunk`]).
fn day_pieces(
    rules: &Rules,
    segs: &[zone::Segment],
    lo: i64,
    hi: i64,
) -> (Vec<(i64, i64)>, Vec<i64>) {
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
            zone::preimage(segs, wall0 + i64::from(a), wall0 + i64::from(b), |s, e| {
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
    (pieces, closings)
}

/// Sorted pieces as periods, touching pieces merged, with the working
/// time before each.
fn merge_pieces(pieces: Vec<(i64, i64)>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::with_capacity(pieces.len());
    let mut before = 0;
    for (s, e) in pieces {
        match runs.last_mut() {
            // Wall-clock intervals are disjoint, so their preimages are too;
            // touching periods (24x7 days, shifts end to end) are merged.
            Some(last) if s <= last.end => {
                before -= last.end - last.start;
                last.end = last.end.max(e);
                before += last.end - last.start;
            }
            _ => {
                runs.push(Run {
                    start: s,
                    end: e,
                    before,
                });
                before += e - s;
            }
        }
    }
    runs
}

/// [`Chunk`]'s `by_day`: where to start looking for an instant.
fn day_table(runs: &[Run], lo: i64, hi: i64) -> Vec<u32> {
    let days = (hi - lo + 86_399) / 86_400;
    let mut table = Vec::with_capacity(days as usize + 2);
    let mut i = 0;
    for d in 0..=days + 1 {
        let day_start = lo + d * 86_400;
        while i < runs.len() && runs[i].start < day_start {
            i += 1;
        }
        table.push(i as u32);
    }
    table
}

/// [`Chunk`]'s `slice_bits` and `by_work`: where to start looking for a
/// running total, in slices of a power of two seconds between half and one
/// period's worth of working time.
fn work_table(runs: &[Run], total: i64) -> (u32, Vec<u32>) {
    let mean = (total / runs.len().max(1) as i64).max(1);
    let bits = mean.ilog2();
    let mut table = Vec::with_capacity((total >> bits) as usize + 1);
    let mut m = 0;
    for k in 0..=total >> bits {
        let floor = k << bits;
        while m < runs.len() && runs[m].before < floor {
            m += 1;
        }
        table.push(m as u32);
    }
    (bits, table)
}

/// [`Chunk`]'s covered part of `[lo, hi)`: all of it when the calendar has
/// no limit on its years, else its overlap with the covered UTC ranges (a
/// chunk meets at most one of them; the largest overlap if ever more),
/// empty when it has none.
fn covered_part(rules: &Rules, lo: i64, hi: i64) -> (i64, i64) {
    if rules.out_of_range == OutOfRange::Weekly || rules.covered_years.is_none() {
        return (lo, hi);
    }
    rules
        .covered_utc
        .iter()
        // A covered range's end is itself covered.
        .map(|&(s, e)| (s.max(lo), e.saturating_add(1).min(hi)))
        .filter(|(a, b)| a < b)
        .max_by_key(|(a, b)| b - a)
        .unwrap_or((lo, lo))
}
