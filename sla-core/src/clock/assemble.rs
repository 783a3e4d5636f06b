//! Report assembly: after the replay, each metric's figures at the
//! evaluation instant and its report, then the ticket's report.

use super::gaps::{account, threshold_instant, worked_upto};
use super::replay::Eval;
use super::report::{
    CycleList, CycleReport, MetricReport, MetricState, Report, ThresholdReport, TicketStatus,
    Timeline,
};
use super::state::{Counting, Figures};
use crate::calendar::Calendar;
use crate::error::Result;

impl<'a> Eval<'a> {
    /// The ticket's report, made once the events are replayed.
    pub(super) fn report(mut self) -> Result<Report> {
        let mut metrics = Vec::with_capacity(self.runs.len());
        for m in 0..self.runs.len() {
            if let Some(r) = self.metric_report(m)? {
                metrics.push(r);
            }
        }
        let timers = self.timers()?;
        let next_change_at = self.next_change_at(&timers);
        let policy = self.policy;
        let default_cal = &self.ticket.calendars[policy.default_calendar];
        let status = if self.closed {
            TicketStatus::Closed
        } else if self.resolved {
            TicketStatus::Resolved
        } else if self.paused.is_some() {
            TicketStatus::Paused
        } else {
            TicketStatus::Open
        };
        Ok(Report {
            ticket: self.ticket.id.clone(),
            at: self.spans.fixed(default_cal, self.at)?,
            next_change_at: next_change_at
                .map(|t| self.spans.fixed(default_cal, t))
                .transpose()?,
            status,
            priority: policy.texts.priorities[self.priority].clone(),
            category: policy.texts.categories[self.category].clone(),
            pause_reason: self.paused.map(|r| policy.texts.reasons[r].clone()),
            helpdesk_status: self.status.map(|s| policy.texts.statuses[s].clone()),
            metrics,
            timers,
        })
    }

    /// The figures of metric `m`'s run at the evaluation instant, counted on
    /// `counting`; `None` before it starts.
    pub(super) fn figures(&mut self, m: usize, counting: &Counting<'a>) -> Result<Option<Figures>> {
        let run = &self.runs[m];
        let Some(started) = run.started else {
            return Ok(None);
        };
        let cal = counting.cal;
        let end = run.stopped.or(run.closed).unwrap_or(self.at);
        let target = if run.manual.is_some() {
            None
        } else {
            counting.target
        };
        let (computed, worked) = account(
            &mut self.spans,
            cal,
            run.origin,
            target,
            &run.gaps,
            self.at,
            end,
        )?;
        let deadline = run.manual.or(computed);
        // The target in effect: for a manual deadline, the worked time it allows.
        let effective = match (run.manual, counting.target) {
            (Some(d), _) => Some(worked_upto(cal, run.origin, d, &run.gaps, self.at)?),
            (None, t) => t,
        };
        let open_pause = run.open_gap().and_then(|g| g.reason);
        let state = match (run.stopped, run.closed, deadline) {
            (Some(s), _, Some(d)) if s > d => MetricState::Breached,
            (Some(_), _, _) => MetricState::Met,
            (None, Some(c), Some(d)) if c > d => MetricState::Breached,
            (None, Some(_), _) => MetricState::Cancelled,
            (None, None, None) => MetricState::NoDeadline,
            (None, None, Some(d)) if self.at > d => MetricState::Breached,
            (None, None, Some(_)) if open_pause.is_some() => MetricState::Paused,
            (None, None, Some(_)) => MetricState::Running,
        };
        Ok(Some(Figures {
            started,
            end,
            deadline,
            worked,
            effective,
            open_pause,
            state,
        }))
    }

    /// The threshold instants of metric `m` for the target in effect `eff`.
    pub(super) fn thresholds(
        &self,
        m: usize,
        cal: &Calendar,
        eff: i64,
        end: i64,
    ) -> Result<Vec<ThresholdReport>> {
        let spec = &self.policy.metrics[m];
        let run = &self.runs[m];
        let ids = &self.policy.texts.thresholds[m];
        let mut out = Vec::with_capacity(spec.thresholds.len());
        for (th, id) in spec.thresholds.iter().zip(ids) {
            let instant = threshold_instant(cal, &th.at, eff, run.origin, &run.gaps, self.at)?;
            out.push(ThresholdReport {
                threshold: id.clone(),
                at: self.spans.fixed(cal, instant)?,
                reached: instant <= end,
            });
        }
        Ok(out)
    }

    /// Metric `m`'s report at the evaluation instant, made once per metric
    /// at the end of the evaluation.
    fn metric_report(&mut self, m: usize) -> Result<Option<MetricReport>> {
        let cyclic = self.policy.metrics[m].cyclic;
        let run = &self.runs[m];
        let Some(counting) = self.counting(m, run.started.map(|_| run.origin))? else {
            return Ok(None);
        };
        let mut report = self.not_started(m, &counting);
        if cyclic {
            // The ended cycles move into the report.
            report.cycles = Some(CycleList::of(std::mem::take(&mut self.runs[m].done)));
        }
        let Some(f) = self.figures(m, &counting)? else {
            return Ok(Some(report));
        };
        let cal = counting.cal;
        self.report_instants(m, cal, &f, &mut report)?;
        self.report_counts(m, cal, &f, &mut report)?;
        if cyclic {
            let current = CycleReport::of(&report);
            if let Some(c) = &mut report.cycles {
                c.push(current);
            }
        }
        if self.explain {
            report.timeline = Some(self.timeline(m, cal, &f)?);
        }
        self.note_metric_changes(m, cal, &report)?;
        Ok(Some(report))
    }

    /// Metric `m`'s report before it starts, counted on `counting`.
    fn not_started(&self, m: usize, counting: &Counting<'a>) -> MetricReport {
        let texts = &self.policy.texts;
        MetricReport {
            metric: texts.metrics[m].clone(),
            state: MetricState::NotStarted,
            calendar: counting.cal_name.clone(),
            target: Some(counting.text.unwrap_or(&texts.by_agreement).clone()),
            started_at: None,
            stopped_at: None,
            deadline: None,
            cause: None,
            breached_at: None,
            worked_seconds: 0,
            remaining_seconds: None,
            percent_used: None,
            worked_since_start_seconds: 0,
            projected_deadline: None,
            outside_working_hours: false,
            pause_reason: None,
            thresholds: Vec::new(),
            cycles: None,
            timeline: None,
        }
    }

    /// The state and instants of metric `m`'s report: start, stop, the
    /// deadline in force (or projected, while paused) and its cause, the
    /// breach.
    fn report_instants(
        &mut self,
        m: usize,
        cal: &'a Calendar,
        f: &Figures,
        report: &mut MetricReport,
    ) -> Result<()> {
        let run = &self.runs[m];
        let spans = &mut self.spans;
        report.state = f.state;
        report.started_at = Some(spans.fixed(cal, f.started)?);
        report.stopped_at = run
            .stopped
            .or(run.closed)
            .map(|s| spans.fixed(cal, s))
            .transpose()?;
        let deadline_text = f.deadline.map(|d| spans.fixed(cal, d)).transpose()?;
        // A paused clock has no deadline in force, only a projected one.
        if report.state == MetricState::Paused {
            report.projected_deadline = deadline_text;
        } else {
            report.deadline = deadline_text;
        }
        report.cause = f.deadline.map(|_| run.cause.text(self.policy));
        if report.state == MetricState::Breached {
            report.breached_at = report.deadline;
        }
        Ok(())
    }

    /// The working time of metric `m`'s report: elapsed since the origin
    /// and since the start, remaining, the share used, the thresholds;
    /// whether it runs outside working hours, and why it is paused.
    fn report_counts(
        &mut self,
        m: usize,
        cal: &'a Calendar,
        f: &Figures,
        report: &mut MetricReport,
    ) -> Result<()> {
        let run = &self.runs[m];
        let worked = f.worked;
        report.worked_since_start_seconds = if run.origin == f.started {
            worked
        } else {
            account(
                &mut self.spans,
                cal,
                f.started,
                None,
                &run.gaps,
                self.at,
                f.end,
            )?
            .1
        };
        report.worked_seconds = worked;
        if let Some(eff) = f.effective {
            report.remaining_seconds = Some(eff - worked);
            if eff > 0 {
                report.percent_used = Some((worked as f64 * 10_000.0 / eff as f64).round() / 100.0);
            }
            report.thresholds = self.thresholds(m, cal, eff, f.end)?;
        }
        report.outside_working_hours =
            report.state == MetricState::Running && !self.spans.is_working(cal, self.at)?;
        report.pause_reason = match report.state {
            MetricState::Paused => f.open_pause.map(|r| self.policy.texts.reasons[r].clone()),
            _ => None,
        };
        Ok(())
    }

    /// Metric `m`'s timeline: its history, and its segments up to the stop,
    /// or else to the later of the deadline and the evaluation instant.
    fn timeline(&self, m: usize, cal: &Calendar, f: &Figures) -> Result<Timeline> {
        let run = &self.runs[m];
        let view_end = if run.is_final() {
            f.end
        } else {
            f.deadline.map_or(self.at, |d| d.max(self.at))
        };
        Ok(Timeline {
            history: run.history.clone(),
            segments: self.segments(cal, f.started, view_end, &run.gaps)?,
        })
    }
}
