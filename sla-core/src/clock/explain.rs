//! The explaining timeline: a metric's history (an entry with the deadline
//! in force at each change) and its segments (counted, paused, stopped,
//! outside working hours).

use super::replay::Eval;
use super::report::{HistoryEntry, Segment, SegmentKind};
use super::state::Gap;
use crate::calendar::Calendar;
use crate::error::Result;
use crate::policy::Cause;
use crate::text::Text;

impl Eval<'_> {
    /// Records a history entry with the deadline in force right after `t`
    /// (only for an explaining report: the history is not shown otherwise).
    #[inline]
    pub(super) fn note(&mut self, m: usize, t: i64, cause: Cause) -> Result<()> {
        if self.explain {
            self.note_history(m, t, cause)
        } else {
            Ok(())
        }
    }

    /// [`Eval::note`]'s entry.
    #[inline(never)]
    fn note_history(&mut self, m: usize, t: i64, cause: Cause) -> Result<()> {
        let deadline = self.deadline_at(m, t)?;
        let cal = match self.counting(m, self.runs[m].started.map(|_| self.runs[m].origin))? {
            Some(c) => c.cal,
            None => &self.ticket.calendars[self.policy.default_calendar],
        };
        let entry = HistoryEntry {
            at: cal.fixed(t)?,
            cause: cause.text(self.policy),
            deadline: deadline.map(|d| cal.fixed(d)).transpose()?,
        };
        self.runs[m].history.push(entry);
        Ok(())
    }

    /// Counted, paused and outside-hours segments of `[from, to)`.
    pub(super) fn segments(
        &self,
        cal: &Calendar,
        from: i64,
        to: i64,
        gaps: &[Gap],
    ) -> Result<Vec<Segment>> {
        let mut out = Vec::new();
        let mut cursor = from;
        let at = self.at;
        let running = |out: &mut Vec<Segment>, a: i64, b: i64| -> Result<()> {
            // Split at the evaluation instant so `projected` is exact.
            let cuts: Vec<(i64, i64)> = if a < at && at < b {
                vec![(a, at), (at, b)]
            } else {
                vec![(a, b)]
            };
            for (a, b) in cuts {
                let mut c = a;
                for (s, e) in cal.periods_seconds(a, b)? {
                    if c < s {
                        out.push(seg(cal, c, s, SegmentKind::OutsideHours, None, 0, at)?);
                    }
                    out.push(seg(cal, s, e, SegmentKind::Working, None, e - s, at)?);
                    c = e;
                }
                if c < b {
                    out.push(seg(cal, c, b, SegmentKind::OutsideHours, None, 0, at)?);
                }
            }
            Ok(())
        };
        for g in gaps {
            let g_end = g.end.unwrap_or(at).min(to);
            let g_start = g.start.max(cursor);
            if g_end <= g_start {
                continue;
            }
            if cursor < g_start {
                running(&mut out, cursor, g_start)?;
            }
            let (kind, reason) = match g.reason {
                Some(r) => (
                    SegmentKind::Paused,
                    Some(self.policy.texts.reasons[r].clone()),
                ),
                None => (SegmentKind::Stopped, None),
            };
            let w = cal.between_seconds(g_start, g_end)?;
            out.push(seg(cal, g_start, g_end, kind, reason, w, at)?);
            cursor = g_end;
        }
        if cursor < to {
            running(&mut out, cursor, to)?;
        }
        Ok(out)
    }
}

fn seg(
    cal: &Calendar,
    from: i64,
    to: i64,
    kind: SegmentKind,
    reason: Option<Text>,
    working_seconds: i64,
    at: i64,
) -> Result<Segment> {
    Ok(Segment {
        start: cal.fixed(from)?,
        end: cal.fixed(to)?,
        kind,
        reason,
        working_seconds,
        projected: from >= at,
    })
}
