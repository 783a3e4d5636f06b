//! Cycles and reopening: a metric's cycle begins, ends into the report's
//! cycle list, and a reopening continues, restarts or begins a new cycle.

use super::replay::Eval;
use super::report::{CycleReport, MetricState};
use super::state::Gap;
use crate::error::Result;
use crate::policy::{Cause, OnReopen};

impl Eval<'_> {
    /// A reopening of metric `m`, which a resolution or a status stopped.
    pub(super) fn reopen(&mut self, m: usize, t: i64) -> Result<()> {
        let rule = self.policy.metrics[m].on_reopen;
        let run = &mut self.runs[m];
        let Some(stopped) = run.stopped else {
            return Ok(());
        };
        match rule {
            OnReopen::Continue => {
                run.stopped = None;
                run.stop_by = None;
                run.push_gap(Gap {
                    start: stopped,
                    end: Some(t),
                    reason: None,
                });
                self.note(m, t, Cause::Reopened(rule))
            }
            OnReopen::Restart => {
                run.stopped = None;
                run.stop_by = None;
                run.origin = t;
                run.manual = None;
                // The gaps stay (they end by the new origin, so the new
                // target counts none of them): the time since the start
                // and the timeline still leave the stopped stretch out.
                run.push_gap(Gap {
                    start: stopped,
                    end: Some(t),
                    reason: None,
                });
                run.prefix = None;
                run.cause = Cause::Reopened(rule);
                self.note(m, t, Cause::Reopened(rule))
            }
            OnReopen::NewCycle => {
                self.archive(m)?;
                self.begin(m, t, Cause::Reopened(rule))
            }
        }
    }

    /// Keeps metric `m`'s ended cycle for the report (cyclic metrics only).
    pub(super) fn archive(&mut self, m: usize) -> Result<()> {
        if !self.policy.metrics[m].cyclic {
            return Ok(());
        }
        if let Some(record) = self.cycle_record(m)? {
            let done = &mut self.runs[m].done;
            if done.capacity() == 0 {
                // At most a cycle per event: one allocation, not a regrowth
                // every few cycles.
                done.reserve_exact(self.ticket.events.len());
            }
            done.push(record);
        }
        Ok(())
    }

    /// Starts a (new) cycle of metric `m` at `t`.
    pub(super) fn begin(&mut self, m: usize, t: i64, cause: Cause) -> Result<()> {
        let run = &mut self.runs[m];
        run.started = Some(t);
        run.origin = t;
        run.stopped = None;
        run.closed = None;
        run.manual = None;
        run.stop_by = None;
        run.gaps.clear();
        run.prefix = None;
        run.begun = t;
        run.cause = cause;
        self.note(m, t, cause)
    }

    /// The record of metric `m`'s cycle that ends now (see [`CycleReport`]).
    fn cycle_record(&mut self, m: usize) -> Result<Option<CycleReport>> {
        let run = &self.runs[m];
        let Some(counting) = self.counting(m, run.started.map(|_| run.origin))? else {
            return Ok(None);
        };
        let Some(f) = self.figures(m, &counting)? else {
            return Ok(None);
        };
        let cal = counting.cal;
        let run = &self.runs[m];
        let spans = &self.spans;
        // A paused clock has no deadline in force (a cycle ends stopped or
        // cancelled, so this is only for completeness).
        let deadline = match f.state {
            MetricState::Paused => None,
            _ => f.deadline.map(|d| spans.fixed(cal, d)).transpose()?,
        };
        Ok(Some(CycleReport {
            state: f.state,
            started_at: Some(spans.fixed(cal, f.started)?),
            stopped_at: run
                .stopped
                .or(run.closed)
                .map(|s| spans.fixed(cal, s))
                .transpose()?,
            deadline,
            breached_at: deadline.filter(|_| f.state == MetricState::Breached),
            worked_seconds: f.worked,
            thresholds: match f.effective {
                Some(eff) => self.thresholds(m, cal, eff, f.end)?,
                None => Vec::new(),
            },
        }))
    }
}
