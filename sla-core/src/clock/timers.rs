//! Timers: the policy's timers and the consent timer (R3 7.3.4), with
//! the consent request's due instant.

use super::gaps::{add_duration, duration_seconds};
use super::replay::Eval;
use super::report::{TimerReport, TimerState};
use super::ticket::EventData;
use crate::calendar::Calendar;
use crate::error::Result;
use crate::policy::TimerStart;

/// The consent timer: asked at `asked`, due at `due`, ended by an answer or
/// by the change itself at `answered`.
#[derive(Debug, Clone, Copy)]
pub(super) struct ConsentRun {
    pub(super) asked: i64,
    pub(super) due: i64,
    pub(super) answered: Option<i64>,
}

impl<'a> Eval<'a> {
    /// The calendar the consent timer counts on: its metric's, else the
    /// policy's default.
    pub(super) fn consent_calendar(&self) -> Result<&'a Calendar> {
        let policy = self.policy;
        let default = &self.ticket.calendars[policy.default_calendar];
        let Some(consent) = &policy.consent else {
            return Ok(default);
        };
        let run = &self.runs[consent.metric];
        Ok(self
            .counting(consent.metric, run.started.map(|_| run.origin))?
            .map_or(default, |c| c.cal))
    }

    /// R3 7.3.4, at a consent request at `t`: the answer is due at the
    /// earlier of `within` after the request and `before_deadline` before the
    /// metric's deadline in force at the request (if it runs and has one),
    /// but not before the request itself. A new request replaces the last.
    pub(super) fn consent_asked(&mut self, t: i64) -> Result<()> {
        let Some(consent) = &self.policy.consent else {
            return Ok(());
        };
        let m = consent.metric;
        let cal = self.consent_calendar()?;
        let wd = self.policy.spec.working_days_meaning;
        let mut due = add_duration(cal, t, consent.within, wd)?;
        if !self.runs[m].is_final() {
            if let Some(deadline) = self.deadline_at(m, t)? {
                let before = duration_seconds(cal, consent.before_deadline);
                due = due.min(cal.add_seconds(deadline, -before)?.max(t));
            }
        }
        self.consent = Some(ConsentRun {
            asked: t,
            due,
            answered: None,
        });
        Ok(())
    }

    /// An answer, or the change itself, ends a waiting consent request.
    pub(super) fn consent_answered(&mut self, t: i64) {
        if let Some(c) = &mut self.consent {
            c.answered.get_or_insert(t);
        }
    }

    pub(super) fn timers(&self) -> Result<Vec<TimerReport>> {
        let policy = self.policy;
        let events = &self.ticket.events;
        let upto = events.partition_point(|e| e.at <= self.at);
        let seen = &events[..upto];
        let mut out = Vec::new();
        for (timer, id) in policy.timers.iter().zip(&policy.texts.timers) {
            let start = seen.iter().rposition(|e| match timer.start {
                TimerStart::Event(k) => e.kind == k,
                TimerStart::Paused(r) => e.data == EventData::Reason(r),
            });
            let cal = &self.ticket.calendars[timer.calendar];
            let (state, started_at, due) = match start {
                None => (TimerState::Pending, None, None),
                Some(i) => {
                    let s = seen[i].at;
                    let due =
                        add_duration(cal, s, timer.duration, policy.spec.working_days_meaning)?;
                    let cancelled = seen[i + 1..].iter().any(|e| timer.cancel.contains(&e.kind));
                    let state = if cancelled {
                        TimerState::Cancelled
                    } else if self.at >= due {
                        TimerState::Due
                    } else {
                        TimerState::Running
                    };
                    (state, Some(s), Some(due))
                }
            };
            out.push(TimerReport {
                timer: id.clone(),
                state,
                started_at: started_at.map(|s| cal.fixed(s)).transpose()?,
                due: due.map(|d| cal.fixed(d)).transpose()?,
            });
        }
        if let Some(c) = self.consent {
            let cal = self.consent_calendar()?;
            out.push(TimerReport {
                timer: policy.texts.consent.clone(),
                state: match c.answered {
                    Some(a) if a <= c.due => TimerState::Cancelled,
                    _ if self.at >= c.due => TimerState::Due,
                    _ => TimerState::Running,
                },
                started_at: Some(cal.fixed(c.asked)?),
                due: Some(cal.fixed(c.due)?),
            });
        }
        Ok(out)
    }
}
