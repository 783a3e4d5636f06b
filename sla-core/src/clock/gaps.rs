//! Gap accounting: worked time from a metric's origin with the gaps in
//! which its clock did not run taken out, the instant it reaches a target
//! (the deadline, a threshold), and policy durations on a calendar.

use super::replay::Eval;
use super::state::{Counting, Gap, Prefix};
use crate::calendar::Calendar;
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::policy::ThresholdAt;
use crate::work_time::{Spans, WorkingDaysMeaning};

impl Eval<'_> {
    /// The deadline of metric `m` as it stands at `now` (open pauses
    /// projected to end at `now`).
    pub(super) fn deadline_at(&mut self, m: usize, now: i64) -> Result<Option<i64>> {
        let run = &self.runs[m];
        if run.started.is_none() {
            return Ok(None);
        }
        if let Some(d) = run.manual {
            return Ok(Some(d));
        }
        let Some(Counting {
            cal,
            target: Some(target),
            ..
        }) = self.counting(m, Some(run.origin))?
        else {
            return Ok(None);
        };
        let Eval { runs, spans, .. } = self;
        let run = &mut runs[m];
        let key = std::ptr::from_ref(cal) as usize;
        let mut p = match run.prefix {
            Some(p) if p.origin == run.origin && p.cal == key => p,
            // Gaps that closed before the origin count for nothing.
            _ => Prefix {
                origin: run.origin,
                cal: key,
                gaps: run
                    .gaps
                    .partition_point(|g| g.end.is_some_and(|e| e <= run.origin)),
                cursor: run.origin,
                worked: 0,
                reached: None,
            },
        };
        while let Some(&Gap {
            start,
            end: Some(end),
            ..
        }) = run.gaps.get(p.gaps)
        {
            if end > p.cursor {
                p.worked += spans.between(cal, p.cursor, start.max(p.cursor))?;
                p.cursor = end;
            }
            p.gaps += 1;
        }
        let deadline = match p.reached {
            Some((t, d)) if t == target => d,
            // Reached within the prefix, once: walk it to find where (the
            // closed gaps fix the instant for good).
            _ if p.worked >= target => {
                let d = walk(cal, run.origin, target, &run.gaps[..p.gaps], now)?;
                p.reached = Some((target, d));
                d
            }
            _ => walk(cal, p.cursor, target - p.worked, &run.gaps[p.gaps..], now)?,
        };
        run.prefix = Some(p);
        Ok(Some(deadline))
    }
}

/// The instant the worked time from `origin` reaches `target`, the clock not
/// running in `gaps` (an open gap ends at `now`).
fn walk(cal: &Calendar, origin: i64, target: i64, gaps: &[Gap], now: i64) -> Result<i64> {
    let (deadline, _) = account(
        &mut Spans::default(),
        cal,
        origin,
        Some(target),
        gaps,
        now,
        origin,
    )?;
    deadline.ok_or_else(|| Error::out_of_range(origin))
}

/// One pass over the running stretches from `origin`: the instant worked
/// time reaches `target` (if given) and the worked time in `[origin, end)`.
/// The clock does not run in `gaps`; an open gap ends at `now`.
pub(super) fn account<'c>(
    spans: &mut Spans<'c>,
    cal: &'c Calendar,
    origin: i64,
    target: Option<i64>,
    gaps: &[Gap],
    now: i64,
    end: i64,
) -> Result<(Option<i64>, i64)> {
    let mut cursor = origin;
    let mut left = target;
    let mut deadline = None;
    let mut worked = 0;
    for g in gaps {
        let g_end = g.end.unwrap_or(now);
        if g_end <= cursor {
            continue;
        }
        if left.is_none() && cursor >= end {
            break;
        }
        let g_start = g.start.max(cursor);
        let w = spans.between(cal, cursor, g_start)?;
        if cursor < end {
            worked += if g_start <= end {
                w
            } else {
                spans.between(cal, cursor, end)?
            };
        }
        if let Some(l) = left {
            if w >= l {
                deadline = Some(spans.add_seconds(cal, cursor, l)?);
                left = None;
            } else {
                left = Some(l - w);
            }
        }
        cursor = g_end;
    }
    if cursor < end {
        worked += spans.between(cal, cursor, end)?;
    }
    if let Some(l) = left {
        deadline = Some(spans.add_seconds(cal, cursor, l)?);
    }
    Ok((deadline, worked))
}

/// The instant a threshold at `at` of the effective target `eff` is (or
/// was) reached, the clock not running in `gaps` (an open gap ends at `now`).
pub(super) fn threshold_instant(
    cal: &Calendar,
    at: &ThresholdAt,
    eff: i64,
    origin: i64,
    gaps: &[Gap],
    now: i64,
) -> Result<i64> {
    let goal = match *at {
        ThresholdAt::Percent(p) => (eff as f64 * p / 100.0).round() as i64,
        ThresholdAt::Before(d) => eff - duration_seconds(cal, d),
    };
    walk(cal, origin, goal.max(0), gaps, now)
}

pub(super) fn worked_upto(
    cal: &Calendar,
    origin: i64,
    end: i64,
    gaps: &[Gap],
    now: i64,
) -> Result<i64> {
    if end <= origin {
        return Ok(0);
    }
    let mut spans = Spans::default();
    let mut total = spans.between(cal, origin, end)?;
    for g in gaps {
        let s = g.start.max(origin);
        let e = g.end.unwrap_or(now).min(end);
        if s < e {
            total -= spans.between(cal, s, e)?;
        }
    }
    Ok(total)
}

/// Adds a policy duration on a calendar. Calendar time is plain
/// arithmetic, so its result is checked against the supported range here.
pub(super) fn add_duration(
    cal: &Calendar,
    t: i64,
    d: Duration,
    wd: WorkingDaysMeaning,
) -> Result<i64> {
    let elapsed = |s: i64| cal.result_in_range(t, t.saturating_add(s));
    match d {
        Duration::Working(s) => cal.add_seconds(t, s),
        Duration::WorkingDays(n) => cal.add_working_days_seconds(t, n, wd),
        Duration::Calendar(s) => elapsed(s),
        Duration::CalendarDays(n) => elapsed(i64::from(n) * 86_400),
    }
}

/// A duration as working seconds of `cal` (working days by length).
pub(super) fn duration_seconds(cal: &Calendar, d: Duration) -> i64 {
    match d {
        Duration::Working(s) | Duration::Calendar(s) => s,
        Duration::WorkingDays(n) => i64::from(n) * cal.working_day_length().num_seconds(),
        Duration::CalendarDays(n) => i64::from(n) * 86_400,
    }
}
