//! Event replay: the evaluation's state ([`Eval`]) and what each event
//! does to the ticket and to every metric's run (roles, pauses, change
//! rules).

use super::report::Report;
use super::state::{Counting, Gap, MetricRun, StopBy};
use super::ticket::{Event, EventData, Ticket};
use super::timers::ConsentRun;
use super::EvaluateOptions;
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::instant::fmt_utc;
use crate::policy::{
    role, Cause, Cell, Change, ChangeRule, Cycles as Repeat, EventKind, Kind, Policy, WorkedSince,
};
use crate::work_time::{Spans, WorkingDaysMeaning};

/// One evaluation: the ticket's state as its events are replayed, then
/// the report made from it.
pub(super) struct Eval<'a> {
    pub(super) policy: &'a Policy,
    pub(super) ticket: &'a Ticket,
    pub(super) at: i64,
    pub(super) explain: bool,
    pub(super) priority: usize,
    pub(super) category: usize,
    pub(super) paused: Option<usize>,
    /// The helpdesk status in force.
    pub(super) status: Option<usize>,
    pub(super) resolved: bool,
    pub(super) closed: bool,
    pub(super) runs: Vec<MetricRun>,
    pub(super) consent: Option<ConsentRun>,
    /// Shared by the metrics' accounting, which mostly reads one calendar
    /// in one year: coverage is then checked once per evaluation.
    pub(super) spans: Spans<'a>,
    /// The earliest instant after `at` at which the report would change
    /// found so far (see `next_change.rs`).
    pub(super) next_change: Option<i64>,
    /// For a policy set: the event after which the selection changed.
    pub(super) reselected: Option<usize>,
}

impl<'a> Eval<'a> {
    pub(super) fn new(
        policy: &'a Policy,
        ticket: &'a Ticket,
        at: i64,
        options: EvaluateOptions,
    ) -> Result<Eval<'a>> {
        // Whether or not the report needs a calendar there, an instant
        // outside the supported range is an error, as everywhere else.
        if !crate::calendar::SUPPORTED.contains(&at) {
            return Err(Error::out_of_range(at));
        }
        let created = ticket.events[0].at;
        if at < created {
            return Err(Error::EvaluatedBeforeCreation {
                at: fmt_utc(at),
                created: fmt_utc(created),
            });
        }
        // Every pause and reopening adds at most one gap to each metric (a
        // metric starting while paused, one more): sizing the lists from the
        // ticket once avoids regrowing them pause by pause.
        let gap_events = ticket
            .events
            .iter()
            .filter(|e| {
                matches!(e.data, EventData::Reason(_) | EventData::Status(_))
                    || e.kind.is(EventKind::Reopened)
                    || e.kind.builtin().is_none()
            })
            .count();
        let gap_events = gap_events + usize::from(gap_events > 0);
        Ok(Eval {
            policy,
            ticket,
            at,
            explain: options.explain,
            priority: 0,
            category: 0,
            paused: None,
            status: None,
            resolved: false,
            closed: false,
            runs: (0..policy.metrics.len())
                .map(|_| MetricRun::new(gap_events))
                .collect(),
            consent: None,
            spans: Spans::default(),
            next_change: None,
            reselected: None,
        })
    }

    /// The index of the cells in force (the category's and priority's).
    fn cell_index(&self) -> usize {
        self.category * self.policy.priorities.len() + self.priority
    }

    fn cell(&self, m: usize) -> &'a Cell {
        &self.policy.metrics[m].cells[self.cell_index()]
    }

    /// The counting calendar and target of metric `m` from `origin` (a
    /// metric that has not started gets its nominal target).
    pub(super) fn counting(&self, m: usize, origin: Option<i64>) -> Result<Option<Counting<'a>>> {
        let policy = self.policy;
        Ok(match self.cell(m) {
            Cell::NotAllowed | Cell::NotApplicable => None,
            Cell::ByAgreement { calendar } => Some(Counting {
                cal: &self.ticket.calendars[*calendar],
                cal_name: &policy.texts.calendars[*calendar],
                target: None,
                text: None,
            }),
            Cell::Target {
                duration,
                calendar,
                working_days_meaning: working_days,
                ..
            } => {
                let (cal, target) = match *duration {
                    Duration::Working(s) => (&self.ticket.calendars[*calendar], s),
                    Duration::WorkingDays(n) => {
                        let cal = &self.ticket.calendars[*calendar];
                        match (origin, working_days) {
                            (
                                Some(origin),
                                WorkingDaysMeaning::EndOfDay
                                | WorkingDaysMeaning::EndOfDayFromOpening,
                            ) => {
                                let end = cal.add_working_days_seconds(origin, n, *working_days)?;
                                (cal, cal.between_seconds(origin, end)?)
                            }
                            _ => (cal, i64::from(n) * cal.working_day_length().num_seconds()),
                        }
                    }
                    Duration::Calendar(s) => (&policy.always[*calendar], s),
                    Duration::CalendarDays(n) => (&policy.always[*calendar], i64::from(n) * 86_400),
                };
                Some(Counting {
                    cal,
                    cal_name: &policy.texts.calendars[*calendar],
                    target: Some(target),
                    text: policy.texts.targets[m][self.cell_index()].as_ref(),
                })
            }
        })
    }

    /// Applies the events up to the evaluation instant, in order.
    fn replay(&mut self) -> Result<()> {
        let events = &self.ticket.events;
        for (i, e) in events.iter().enumerate() {
            if e.at > self.at {
                break;
            }
            self.apply(e)?;
            if self.reselected == Some(i) {
                for m in 0..self.runs.len() {
                    let rule = self.policy.metrics[m].on_category_change;
                    self.change(m, e.at, rule, Change::Reselected)?;
                }
            }
        }
        Ok(())
    }

    /// The report at the evaluation instant: the events replayed, then the
    /// report assembled (`assemble.rs`).
    pub(super) fn run(mut self) -> Result<Report> {
        self.replay()?;
        self.report()
    }

    /// Applies one event. Its effects, in this order: the ticket's fields
    /// (priority, category, pause, status, manual deadline, consent), the
    /// ticket's lifecycle (resume, resolve, reopen, close), then for each
    /// metric its roles — cancel, stop, reset, start, then pause or resume —
    /// and last which pause source, if any, holds each metric's clock.
    fn apply(&mut self, e: &Event) -> Result<()> {
        self.apply_fields(e)?;
        self.apply_lifecycle(e)?;
        for m in 0..self.runs.len() {
            self.roles(m, e)?;
        }
        for m in 0..self.runs.len() {
            self.hold(m, e.at)?;
        }
        Ok(())
    }

    /// The event's effect on the ticket's fields, with the change rules a
    /// priority or category change applies.
    fn apply_fields(&mut self, e: &Event) -> Result<()> {
        let t = e.at;
        match e.data {
            EventData::Created {
                priority,
                category,
                status,
            } => {
                self.priority = priority;
                self.category = category;
                self.status = status;
            }
            EventData::Priority(p) => self.priority_changed(t, p)?,
            EventData::Category(c) => self.category_changed(t, c, self.priority, false)?,
            EventData::Workaround {
                category: c,
                priority,
            } => self.category_changed(t, c, priority.unwrap_or(self.priority), true)?,
            EventData::Reason(r) => self.paused = Some(r),
            EventData::Status(s) => self.status_changed(t, s)?,
            EventData::Deadline { metric, deadline } => {
                let run = &mut self.runs[metric];
                run.manual = deadline;
                run.cause = match deadline {
                    Some(_) => Cause::ManualSet,
                    None => Cause::ManualWithdrawn,
                };
                let cause = run.cause;
                self.note(metric, t, cause)?;
            }
            EventData::Consent { .. } => self.consent_asked(t)?,
            EventData::None => {}
        }
        Ok(())
    }

    /// A priority change to `p` at `t`: each metric applies its upgrade or
    /// downgrade rule.
    fn priority_changed(&mut self, t: i64, p: usize) -> Result<()> {
        let old = self.priority;
        self.consent_answered(t);
        if p == old {
            return Ok(());
        }
        self.priority = p;
        let upgrade = p < old;
        let what = if upgrade {
            Change::PriorityRaised(p)
        } else {
            Change::PriorityLowered(p)
        };
        for m in 0..self.runs.len() {
            let spec = &self.policy.metrics[m];
            let rule = if upgrade {
                spec.on_upgrade
            } else {
                spec.on_downgrade
            };
            self.change(m, t, rule, what)?;
        }
        Ok(())
    }

    /// A category change (or a workaround) to category `c` and priority
    /// `p` at `t`: each metric applies its `on_category_change` rule.
    fn category_changed(&mut self, t: i64, c: usize, p: usize, workaround: bool) -> Result<()> {
        self.consent_answered(t);
        if (c, p) == (self.category, self.priority) {
            return Ok(());
        }
        self.category = c;
        self.priority = p;
        let what = if workaround {
            Change::Workaround(c)
        } else {
            Change::Category(c)
        };
        for m in 0..self.runs.len() {
            let rule = self.policy.metrics[m].on_category_change;
            self.change(m, t, rule, what)?;
        }
        Ok(())
    }

    /// A status change to `s` at `t`: leaving a status that stopped a
    /// metric reopens it.
    fn status_changed(&mut self, t: i64, s: usize) -> Result<()> {
        for m in 0..self.runs.len() {
            let run = &self.runs[m];
            if run.stop_by == Some(StopBy::Status)
                && run.closed.is_none()
                && self.policy.metrics[m].status_roles[s] & role::STOP == 0
            {
                self.reopen(m, t)?;
            }
        }
        self.status = Some(s);
        Ok(())
    }

    /// The event's effect on the ticket's lifecycle: consent answered,
    /// resumed, resolved, reopened, closed.
    fn apply_lifecycle(&mut self, e: &Event) -> Result<()> {
        let t = e.at;
        match e.kind.builtin() {
            Some(EventKind::ConsentAnswered) => self.consent_answered(t),
            Some(EventKind::Resumed) => self.paused = None,
            Some(EventKind::Resolved) => {
                self.resolved = true;
                self.paused = None;
            }
            Some(EventKind::Reopened) => {
                self.resolved = false;
                let resolved = Some(StopBy::Event(Kind::of(EventKind::Resolved)));
                for m in 0..self.runs.len() {
                    let run = &self.runs[m];
                    if run.stop_by == resolved && run.closed.is_none() {
                        self.reopen(m, t)?;
                    }
                }
            }
            Some(EventKind::Closed) => {
                self.closed = true;
                for run in &mut self.runs {
                    run.close_gap(t);
                    if run.stopped.is_none() {
                        run.closed = Some(t);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// What event `e` does to metric `m` by the roles the policy gives it.
    fn roles(&mut self, m: usize, e: &Event) -> Result<()> {
        let spec = &self.policy.metrics[m];
        let t = e.at;
        let k = e.kind;
        let mut bits = spec.roles.get(k.index()).copied().unwrap_or(0);
        let status = match e.data {
            EventData::Status(s) => {
                bits |= spec.status_roles[s] & (role::STOP | role::CANCEL);
                Some(s)
            }
            _ => None,
        };
        if bits == 0 {
            return Ok(());
        }
        if bits & role::CANCEL != 0 && self.runs[m].is_open() {
            let run = &mut self.runs[m];
            run.close_gap(t);
            run.closed = Some(t);
            let cause = status.map_or(Cause::Cancelled(k), Cause::CancelledIn);
            self.note(m, t, cause)?;
        }
        if bits & role::STOP != 0 && self.runs[m].is_open() {
            let run = &mut self.runs[m];
            run.close_gap(t);
            run.stopped = Some(t);
            run.stop_by = Some(status.map_or(StopBy::Event(k), |_| StopBy::Status));
            let cause = status.map_or(Cause::Stopped(k), Cause::StoppedIn);
            self.note(m, t, cause)?;
            // A periodic metric's update ends one cycle and opens the next;
            // the resolution, or a stopping status, ends the last.
            if spec.cycles == Repeat::Periodic
                && status.is_none()
                && !k.is(EventKind::Resolved)
                && !self.closed
            {
                self.archive(m)?;
                self.begin(m, t, Cause::Started(k))?;
            }
        }
        if bits & role::RESET != 0 && self.runs[m].is_open() {
            let run = &mut self.runs[m];
            run.close_gap(t);
            run.closed = Some(t);
            self.archive(m)?;
            self.begin(m, t, Cause::Reset(k))?;
        }
        if bits & role::START != 0 && !self.closed {
            let run = &self.runs[m];
            let opens = match spec.cycles {
                Repeat::Once => run.started.is_none(),
                Repeat::Repeated | Repeat::Periodic => !run.is_open(),
            };
            if opens {
                if run.started.is_some() {
                    self.archive(m)?;
                }
                self.begin(m, t, Cause::Started(k))?;
            }
        }
        if bits & role::PAUSE != 0 {
            self.runs[m].event_pause = Some(k);
        }
        if bits & role::RESUME != 0 {
            self.runs[m].event_pause = None;
        }
        Ok(())
    }

    /// Opens, closes or switches metric `m`'s pause gap at `t` so that it
    /// matches the pause sources in force: an explicit pause whose reason
    /// stops the metric, then a status it pauses in, then a `pause_on`
    /// event (the first of them names the reason). The clock runs only
    /// when none holds it.
    fn hold(&mut self, m: usize, t: i64) -> Result<()> {
        let policy = self.policy;
        let run = &self.runs[m];
        if !run.is_open() {
            return Ok(());
        }
        let spec = &policy.metrics[m];
        let nr = policy.reasons.len();
        let ns = policy.statuses.len();
        let want = self
            .paused
            .filter(|&r| policy.reasons[r].stops[m])
            .or_else(|| {
                self.status
                    .filter(|&s| spec.status_roles[s] & role::PAUSE != 0)
                    .map(|s| nr + s)
            })
            .or_else(|| run.event_pause.map(|k| nr + ns + k.index()));
        let have = run.open_gap().and_then(|g| g.reason);
        if want == have {
            return Ok(());
        }
        let quiet = run.begun == t;
        let run = &mut self.runs[m];
        if have.is_some() {
            run.close_gap(t);
            if want.is_none() {
                self.note(m, t, Cause::Resumed)?;
            }
        }
        if let Some(r) = want {
            self.runs[m].push_gap(Gap {
                start: t,
                end: None,
                reason: Some(r),
            });
            if !quiet {
                self.note(m, t, Cause::Paused(r))?;
            }
        }
        Ok(())
    }

    /// Applies a change rule to a running metric at `t`.
    pub(super) fn change(
        &mut self,
        m: usize,
        t: i64,
        rule: ChangeRule,
        what: Change,
    ) -> Result<()> {
        let worked_since = self.policy.metrics[m].worked_since;
        let run = &mut self.runs[m];
        let Some(started) = run.started else {
            return Ok(());
        };
        if run.is_final() {
            return Ok(());
        }
        run.manual = None;
        match rule {
            ChangeRule::Restart => {
                run.origin = t;
                run.cause = Cause::Changed(what, rule);
            }
            ChangeRule::KeepWorked => {
                if worked_since == WorkedSince::Start {
                    run.origin = started;
                }
                run.cause = Cause::Changed(what, rule);
            }
        }
        let cause = run.cause;
        self.note(m, t, cause)
    }
}
