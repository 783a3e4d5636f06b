//! From wall-clock intervals to UTC instants, exactly, across DST changes.
//!
//! The rule (see DESIGN.md, "Why is working time defined per instant?"): an
//! instant is working time when the wall clock of the calendar's zone shows a
//! time inside a working interval of the day that interval belongs to. So a
//! configured wall time inside a spring-forward gap starts (or ends) working
//! time at the transition, and a wall-clock range that a fall-back fold shows
//! twice counts both times. The preimage of a wall-clock range is computed per
//! constant-offset segment of UTC time, which is exact for any number of
//! transitions.

use chrono::{Offset, TimeZone};
use chrono_tz::{Tz, TzOffset};

/// UTC seconds at which a constant UTC offset starts, with that offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    pub start: i64,
    pub offset: i64,
}

/// The UTC offset of `tz` at UTC second `t`, in seconds.
pub(crate) fn offset_at(tz: Tz, t: i64) -> i64 {
    total(tz_offset(tz, t))
}

/// chrono-tz's offset of `tz` at UTC second `t` (`None` outside chrono's
/// range, where the offset counts as zero).
fn tz_offset(tz: Tz, t: i64) -> Option<TzOffset> {
    chrono::DateTime::from_timestamp(t, 0).map(|dt| tz.offset_from_utc_datetime(&dt.naive_utc()))
}

fn total(offset: Option<TzOffset>) -> i64 {
    offset.map_or(0, |o| i64::from(o.fix().local_minus_utc()))
}

/// Sampling step for finding offset transitions. Two transitions that cancel
/// out within this step would be missed; the tz database has none.
const STEP: i64 = 3 * 3600;

/// The constant-offset segments covering UTC `[from, to)`; the first segment
/// starts at `from`.
pub(crate) fn segments(tz: Tz, from: i64, to: i64) -> Vec<Segment> {
    sample(tz, from, to).0
}

/// The offsets chrono-tz gives in UTC `[from, to)` (UTC offset, DST part and
/// abbreviation), each with the UTC second from which it holds; the first
/// holds from `from`. A result's `DateTime<Tz>` carries such an offset:
/// reading it from this list instead of asking chrono-tz again (a binary
/// search over the zone's transitions) makes the conversion of results cheap.
pub(crate) type Offsets = Vec<(i64, TzOffset)>;

/// [`segments`] and [`Offsets`] of UTC `[from, to)` in one pass. The
/// offsets change where the segments do, and also where only the
/// abbreviation or the split into UTC offset and DST part changes.
pub(crate) fn sample(tz: Tz, from: i64, to: i64) -> (Vec<Segment>, Offsets) {
    let first = tz_offset(tz, from);
    let mut segs = vec![Segment {
        start: from,
        offset: total(first),
    }];
    let mut offsets: Offsets = first.map(|o| (from, o)).into_iter().collect();
    let mut prev_t = from;
    let mut prev = first;
    let mut t = from;
    while t < to {
        t = (t + STEP).min(to);
        let here = tz_offset(tz, t);
        if here != prev {
            // Bisect for the first second with another offset.
            let (mut lo, mut hi) = (prev_t, t);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if tz_offset(tz, mid) == prev {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let new = tz_offset(tz, hi);
            if total(new) != total(prev) {
                segs.push(Segment {
                    start: hi,
                    offset: total(new),
                });
            }
            if let Some(o) = new {
                offsets.push((hi, o));
            }
            prev = new;
            // Re-check the rest of this step from the transition on.
            prev_t = hi;
            t = hi;
            continue;
        }
        prev_t = t;
    }
    (segs, offsets)
}

/// Calls `push(start, end)` for each UTC piece of the instants whose wall
/// clock reads a time in `[wall_a, wall_b)` (wall seconds counted as if the
/// wall clock were UTC). Pieces come in segment order; `segs` must cover them.
pub(crate) fn preimage(segs: &[Segment], wall_a: i64, wall_b: i64, mut push: impl FnMut(i64, i64)) {
    for (k, seg) in segs.iter().enumerate() {
        let seg_end = segs.get(k + 1).map_or(i64::MAX, |s| s.start);
        let a = (wall_a - seg.offset).max(seg.start);
        let b = (wall_b - seg.offset).min(seg_end);
        if a < b {
            push(a, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
    }

    #[test]
    fn berlin_2026_has_two_transitions_to_the_second() {
        let segs = segments(
            chrono_tz::Europe::Berlin,
            ts("2026-01-01T00:00:00Z"),
            ts("2027-01-01T00:00:00Z"),
        );
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[1].start, ts("2026-03-29T01:00:00Z"));
        assert_eq!(segs[1].offset, 7200);
        assert_eq!(segs[2].start, ts("2026-10-25T01:00:00Z"));
        assert_eq!(segs[2].offset, 3600);
    }

    #[test]
    fn a_fold_counts_twice_and_a_gap_starts_at_the_transition() {
        let tz = chrono_tz::Europe::Berlin;
        let segs = segments(tz, ts("2026-10-24T00:00:00Z"), ts("2026-10-27T00:00:00Z"));
        // 2026-10-25 02:00-03:00 happens twice; wall 01:00-04:00 is 4 hours.
        let day = ts("2026-10-25T00:00:00Z");
        let mut total = 0;
        preimage(&segs, day + 3600, day + 4 * 3600, |a, b| total += b - a);
        assert_eq!(total, 4 * 3600);
        // Wall 02:30-02:45 on that day: two pieces of 15 minutes.
        let mut pieces = vec![];
        preimage(&segs, day + 9000, day + 9900, |a, b| pieces.push((a, b)));
        assert_eq!(pieces.len(), 2);

        let segs = segments(tz, ts("2026-03-28T00:00:00Z"), ts("2026-03-31T00:00:00Z"));
        let day = ts("2026-03-29T00:00:00Z");
        let mut pieces = vec![];
        // Wall 02:30-04:00 on spring-forward day: starts at 03:00 CEST.
        preimage(&segs, day + 9000, day + 4 * 3600, |a, b| {
            pieces.push((a, b));
        });
        assert_eq!(
            pieces,
            vec![(ts("2026-03-29T01:00:00Z"), ts("2026-03-29T02:00:00Z"))]
        );
    }
}
