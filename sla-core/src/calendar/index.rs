//! The working-time index: working periods materialised as UTC seconds with
//! prefix sums of working seconds, one chunk per UTC year, built lazily on
//! first use and shared by every clone of the calendar.
//!
//! Inside a chunk, "how much working time lies before instant t" and "at
//! which instant does the running total reach p" are binary searches, so
//! `add`, `sub` and `between` cost O(log n) plus one step per year crossed,
//! whatever the span.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::zone;
use super::Rules;

/// First year the index covers.
pub(crate) const FIRST_YEAR: i32 = 1900;
/// Last year the index covers.
pub(crate) const LAST_YEAR: i32 = 2199;
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
}

impl Chunk {
    #[inline]
    pub fn total(&self) -> i64 {
        self.cum[self.cum.len() - 1]
    }

    /// Working seconds in `[lo, t)`, for `t` in `[lo, hi]`.
    #[inline]
    pub fn cum_at(&self, t: i64) -> i64 {
        let i = self.starts.partition_point(|&s| s <= t);
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
        let j = self.cum[1..].partition_point(|&c| c < p);
        self.starts[j] + (p - self.cum[j])
    }

    /// The latest instant where the running total is `p`, `0 <= p < total`:
    /// a total reached exactly at a closing is the next opening.
    #[inline]
    pub fn locate_start(&self, p: i64) -> i64 {
        let n = self.starts.len();
        let j = self.cum[..n].partition_point(|&c| c <= p) - 1;
        self.starts[j] + (p - self.cum[j])
    }

    /// Index of the period containing `t` or the first one after it.
    #[inline]
    pub fn period_at_or_after(&self, t: i64) -> usize {
        let i = self.starts.partition_point(|&s| s <= t);
        if i > 0 && t < self.ends[i - 1] {
            i - 1
        } else {
            i
        }
    }
}

/// Lazily built chunks for the years 1900–2199.
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
        let i = self.year_starts.partition_point(|&s| s <= t);
        (i >= 1 && i <= YEARS).then(|| i - 1)
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
    let segs = zone::segments(rules.tz, lo - margin, hi + margin);
    let first_day = lo.div_euclid(86_400) - 2;
    let last_day = hi.div_euclid(86_400) + 1;
    let mut pieces: Vec<(i64, i64)> = Vec::with_capacity(600);
    let mut date = chrono::DateTime::from_timestamp(first_day * 86_400, 0)
        .map(|d| d.date_naive())
        .unwrap_or(NaiveDate::MIN);
    for day in first_day..=last_day {
        let wall0 = day * 86_400;
        for &(a, b) in rules.day(date) {
            zone::preimage(&segs, wall0 + i64::from(a), wall0 + i64::from(b), |s, e| {
                let (s, e) = (s.max(lo), e.min(hi));
                if s < e {
                    pieces.push((s, e));
                }
            });
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
    chunk
}
