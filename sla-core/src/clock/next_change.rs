//! `next_change_at`: the first whole second after the evaluation instant at
//! which the report would read differently with no new event, so that a
//! helpdesk can schedule one wake-up per ticket instead of polling.
//!
//! "Differently" means the report's *output*: the ticket's status, and per
//! metric its state, deadline, `breached_at`, `outside_working_hours`,
//! `pause_reason`, each threshold's `reached` flag and instant, and per
//! timer its state and due instant. The figures that move every second
//! (elapsed and remaining time, the percentage used) are left out, and so are
//! the projections of a metric whose clock a pause stops (its
//! `projected_deadline` and the instants of its thresholds move with the
//! evaluation instant; see DESIGN.md).
//!
//! With the events fixed, the output of a report at `t > at` can change only
//! at these instants (each a candidate; the answer is the earliest strictly
//! after `at`):
//! - a running metric breaches one second after its deadline (breached
//!   means `at > deadline`), and its `outside_working_hours` flips at each
//!   opening and closing of its counting calendar before that;
//! - a paused metric whose deadline no longer moves (set by hand, or reached
//!   exactly when the pause began) breaches one second after it;
//! - a threshold is reached at its instant (`instant <= at`); while a pause
//!   stops the clock, only a deadline set by hand can bring a threshold in
//!   reach (the pause eats into the worked time the deadline allows);
//! - a running timer (the consent timer too) is due at its due instant
//!   (`at >= due`).
//!
//! Nothing else moves without an event: starts, stops, pauses, changes and
//! the timers' starts and cancellations are all events.

use super::gaps::{threshold_instant, worked_upto};
use super::replay::Eval;
use super::report::{MetricReport, MetricState, TimerReport, TimerState};
use crate::calendar::Calendar;
use crate::error::Result;

impl Eval<'_> {
    /// Keeps `t` as the next change if it is after the evaluation instant
    /// and before any candidate found so far.
    fn candidate(&mut self, t: i64) {
        if t > self.at && self.next_change.is_none_or(|n| t < n) {
            self.next_change = Some(t);
        }
    }

    /// Notes when metric `m`'s report, just made on its counting calendar
    /// `cal`, would change (see the module's documentation).
    pub(super) fn note_metric_changes(
        &mut self,
        m: usize,
        cal: &Calendar,
        report: &MetricReport,
    ) -> Result<()> {
        let at = self.at;
        let run = &self.runs[m];
        let manual = run.manual;
        let clock_stopped = run.open_gap().is_some();
        let deadline = report
            .deadline
            .or(report.projected_deadline)
            .map(|d| d.timestamp());
        match (report.state, deadline) {
            (MetricState::Running, Some(d)) => {
                self.candidate(d.saturating_add(1));
                // The countdown stops at a closing and starts again at an
                // opening: only those before the breach matter.
                if let Some(flip) = cal.next_flip_seconds(at, d)? {
                    self.candidate(flip);
                }
            }
            // A projection moves with `at` unless nothing is left to work:
            // a deadline set by hand, or one reached as the pause began.
            (MetricState::Paused, Some(d)) if manual.is_some() || d <= at => {
                self.candidate(d.saturating_add(1));
            }
            _ => {}
        }
        if self.runs[m].is_final() {
            // Thresholds count up to the stop: they are settled.
            return Ok(());
        }
        if !clock_stopped {
            // The clock runs (or has no deadline): every instant is fixed.
            for th in &report.thresholds {
                self.candidate(th.at.timestamp());
            }
            return Ok(());
        }
        if let (Some(d), MetricState::Paused) = (manual, report.state) {
            for (k, th) in report.thresholds.iter().enumerate() {
                if !th.reached {
                    if let Some(t) = self.reached_while_paused(m, cal, k, d)? {
                        self.candidate(t);
                    }
                }
            }
        }
        Ok(())
    }

    /// For metric `m`, paused with a deadline `d` set by hand, threshold
    /// `k` not reached at `at`: the first instant in `(at, d]` at which a
    /// report would show it reached, if any. The pause takes working time
    /// out of what the deadline allows, which lowers the threshold's goal,
    /// until the goal falls within the worked time before the pause: the
    /// flag can only go from unreached to reached, so a bisection over
    /// reports' own computation finds the instant.
    fn reached_while_paused(
        &self,
        m: usize,
        cal: &Calendar,
        k: usize,
        d: i64,
    ) -> Result<Option<i64>> {
        let run = &self.runs[m];
        let Some(th) = self.policy.metrics[m].thresholds.get(k) else {
            return Ok(None);
        };
        let reached = |t: i64| -> Result<bool> {
            let eff = worked_upto(cal, run.origin, d, &run.gaps, t)?;
            Ok(threshold_instant(cal, &th.at, eff, run.origin, &run.gaps, t)? <= t)
        };
        let (mut lo, mut hi) = (self.at, d);
        if hi <= lo || !reached(hi)? {
            return Ok(None);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reached(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(Some(hi))
    }

    /// The report's `next_change_at` in UTC seconds: the earliest of the
    /// metrics' candidates and the running timers' due instants, if it lies
    /// in the supported range (past its end, nothing changes that a report
    /// could show).
    pub(super) fn next_change_at(&mut self, timers: &[TimerReport]) -> Option<i64> {
        for t in timers {
            if let (TimerState::Running, Some(due)) = (t.state, t.due) {
                self.candidate(due.timestamp());
            }
        }
        self.next_change
            .filter(|t| crate::calendar::SUPPORTED.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use crate::calendar::Calendar;

    /// The next flip is the next closing from working time and the next
    /// opening from outside it, as the public searches give them, up to the
    /// bound: across a chunk seam (a period running over New Year), a
    /// daylight-saving change and on a calendar that never closes.
    #[test]
    fn next_flip_is_the_next_closing_or_opening_within_the_bound() {
        let base = 1_767_225_600 - 20 * 86_400; // 2025-12-12T00:00:00Z
        for text in [
            "Mon-Fri 09:00-13:00,14:00-18:00 Sat 10:00-12:00 Europe/Berlin",
            "Mon-Fri 00:00-24:00 UTC",
            "24x7 Europe/Moscow",
        ] {
            let cal = Calendar::parse(text).expect("calendar");
            let mut t = base;
            while t < base + 130 * 86_400 {
                let at = chrono::DateTime::from_timestamp(t, 0).expect("instant");
                let working = cal.is_working(&at).expect("covered");
                let expected = if working {
                    cal.next_closing(&at).ok()
                } else {
                    cal.next_opening(&at).ok()
                }
                .map(|d| d.timestamp());
                for until in [t, t + 3_600, t + 5 * 86_400, t + 800 * 86_400] {
                    let got = cal.next_flip_seconds(t, until).expect("covered");
                    assert_eq!(
                        got,
                        expected.filter(|&e| e <= until),
                        "{text} at {at} until {until}"
                    );
                }
                t += 7_919;
            }
        }
    }
}
