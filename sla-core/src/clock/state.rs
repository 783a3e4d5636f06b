//! What the replay keeps per metric: its run (origin, stop, manual
//! deadline, gaps, history, ended cycles), the gaps in which its clock did
//! not run, and the two views the report is made from ([`Counting`],
//! [`Figures`]).

use super::report::{CycleReport, HistoryEntry, MetricState};
use crate::calendar::Calendar;
use crate::policy::{Cause, Kind};
use crate::text::Text;

/// An interval in which a metric's clock did not run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gap {
    pub(super) start: i64,
    /// `None` while still open.
    pub(super) end: Option<i64>,
    /// The pause reason, or `None` for resolved-until-reopened.
    pub(super) reason: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct MetricRun {
    pub(super) started: Option<i64>,
    pub(super) origin: i64,
    pub(super) stopped: Option<i64>,
    pub(super) closed: Option<i64>,
    pub(super) manual: Option<i64>,
    pub(super) gaps: Vec<Gap>,
    /// Room `gaps` gets with its first interval (see [`Eval::new`](super::replay::Eval::new)).
    pub(super) room: usize,
    /// Why the deadline in force is what it is.
    pub(super) cause: Cause,
    pub(super) history: Vec<HistoryEntry>,
    /// The walk over the closed gaps, kept between history entries.
    pub(super) prefix: Option<Prefix>,
    /// The `pause_on` event type holding the clock, until a `resume_on`.
    pub(super) event_pause: Option<Kind>,
    /// What stopped the run, for a reopening: an event type or a status.
    pub(super) stop_by: Option<StopBy>,
    /// When the current cycle began (a pause already in force then opens
    /// its gap without a history entry of its own).
    pub(super) begun: i64,
    /// The cycles before the current one.
    pub(super) done: Vec<CycleReport>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum StopBy {
    Event(Kind),
    Status,
}

/// Worked time from a metric's origin to the end of its first `gaps` gaps
/// (all closed), on one calendar. An explaining report asks for the deadline
/// at every event; resuming the walk here keeps that linear in the number of
/// pauses instead of quadratic.
#[derive(Debug, Clone, Copy)]
pub(super) struct Prefix {
    pub(super) origin: i64,
    /// The calendar's address: a category change may switch calendars.
    pub(super) cal: usize,
    pub(super) gaps: usize,
    pub(super) cursor: i64,
    pub(super) worked: i64,
    /// A target the prefix's worked time reaches, and the instant it does.
    pub(super) reached: Option<(i64, i64)>,
}

impl MetricRun {
    /// A run with room for `gaps` intervals once it has one (see
    /// [`Eval::new`](super::replay::Eval::new)): metrics that never pause allocate nothing.
    pub(super) fn new(gaps: usize) -> MetricRun {
        MetricRun {
            started: None,
            origin: 0,
            stopped: None,
            closed: None,
            manual: None,
            gaps: Vec::new(),
            room: gaps,
            cause: Cause::None,
            history: Vec::new(),
            prefix: None,
            event_pause: None,
            stop_by: None,
            begun: i64::MIN,
            done: Vec::new(),
        }
    }

    /// Whether a cycle runs (started and not ended).
    pub(super) fn is_open(&self) -> bool {
        self.started.is_some() && !self.is_final()
    }

    pub(super) fn is_final(&self) -> bool {
        self.stopped.is_some() || self.closed.is_some()
    }

    pub(super) fn push_gap(&mut self, gap: Gap) {
        if self.gaps.capacity() == 0 {
            self.gaps.reserve_exact(self.room);
        }
        self.gaps.push(gap);
    }

    pub(super) fn open_gap(&self) -> Option<&Gap> {
        self.gaps.last().filter(|g| g.end.is_none())
    }

    pub(super) fn close_gap(&mut self, t: i64) {
        if let Some(g) = self.gaps.last_mut() {
            if g.end.is_none() {
                g.end = Some(t);
            }
        }
    }
}

/// A metric run's figures at the evaluation instant (see [`Eval::figures`](super::replay::Eval::figures)).
pub(super) struct Figures {
    pub(super) started: i64,
    /// The stop, the cancellation, or the evaluation instant.
    pub(super) end: i64,
    pub(super) deadline: Option<i64>,
    pub(super) worked: i64,
    /// The target in effect (for a manual deadline, the worked time it
    /// allows); `None` by agreement.
    pub(super) effective: Option<i64>,
    pub(super) open_pause: Option<usize>,
    pub(super) state: MetricState,
}

/// The clock's view of one metric's counting: calendar and target.
pub(super) struct Counting<'a> {
    pub(super) cal: &'a Calendar,
    pub(super) cal_name: &'a Text,
    /// Target in working seconds of `cal`, from the origin; `None` = by agreement.
    pub(super) target: Option<i64>,
    /// The target's text as the policy keeps it (`None` = by agreement),
    /// shared only when a report is made.
    pub(super) text: Option<&'a Text>,
}
