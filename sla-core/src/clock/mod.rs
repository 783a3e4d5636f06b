//! The ticket clock: a pure function of (policy, ticket events, instant).
//!
//! For every metric the clock keeps an *origin* (where worked time counts
//! from: the metric's start, or the last restart) and the intervals in which
//! the metric's clock did not run (pauses whose reason stops it, and the
//! time between a resolution and a reopening). Worked time is the calendar's
//! working time from the origin, minus those intervals; the deadline is the
//! instant worked time reaches the target, assuming the clock runs from now
//! on (a paused clock is projected as if resumed at the evaluation instant).

mod next_change;
mod report;
pub(crate) mod texts;
mod ticket;

use chrono::{DateTime, TimeZone};

pub use report::{
    CycleList, CycleReport, HistoryEntry, MetricReport, MetricState, Report, Segment, SegmentKind,
    Text, ThresholdReport, TicketStatus, Timeline, TimerReport, TimerState,
};
pub use ticket::{EventKind, EventSpec, Ticket, TicketSpec};

pub(crate) use texts::Texts;
pub(crate) use ticket::{Event, EventData, Kind};

use crate::calendar::Calendar;
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::policy::{
    role, Cell, ChangeRule, Cycles as Repeat, OnReopen, Policy, ThresholdAt, TimerStart,
    WorkedSince,
};
use crate::work_time::{Spans, WorkingDaysMeaning};

/// What a report includes beyond the status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvaluateOptions {
    /// Include each metric's timeline: the deadline history and the segments
    /// counted, paused and outside working hours.
    pub explain: bool,
}

/// An interval in which a metric's clock did not run.
#[derive(Debug, Clone, Copy)]
struct Gap {
    start: i64,
    /// `None` while still open.
    end: Option<i64>,
    /// The pause reason, or `None` for resolved-until-reopened.
    reason: Option<usize>,
}

/// Why the deadline in force is what it is, or what a history entry
/// records. Kept as data and rendered to text only when a report shows it:
/// most causes an evaluation passes through are overwritten or, without
/// `explain`, never shown.
#[derive(Debug, Clone, Copy)]
enum Cause {
    /// No cause yet (shown as an empty text).
    None,
    Started(Kind),
    Stopped(Kind),
    Cancelled(Kind),
    /// A new cycle after a reset by this event.
    Reset(Kind),
    /// Paused by the source with this index in `Texts::reasons` (a pause
    /// reason, a status or an event type).
    Paused(usize),
    /// Stopped on entering the status with this index.
    StoppedIn(usize),
    /// Cancelled on entering the status with this index.
    CancelledIn(usize),
    Resumed,
    Reopened(OnReopen),
    ManualSet,
    ManualWithdrawn,
    Changed(Change, ChangeRule),
}

/// A priority or category change, for [`Cause::Changed`].
#[derive(Debug, Clone, Copy)]
enum Change {
    PriorityRaised(usize),
    PriorityLowered(usize),
    Category(usize),
    Workaround(usize),
    /// A policy set selected this policy (or rebound its calendars).
    Reselected,
}

/// The number of cause texts a policy keeps (see [`Cause::slot`]):
/// `reasons` counts every pause source, `kinds` every event type.
fn cause_slots(
    priorities: usize,
    categories: usize,
    reasons: usize,
    statuses: usize,
    kinds: usize,
) -> usize {
    1 + 4 * kinds + reasons + 2 * statuses + 6 + 4 * priorities + 4 * categories + 2
}

impl Cause {
    /// The cause's text, rendered once per policy and then shared.
    fn text(self, policy: &Policy) -> Text {
        policy
            .texts
            .cause(self.slot(policy), || self.render(policy))
    }

    /// Where the policy keeps this cause's text: a distinct number below
    /// [`cause_slots`] for every cause (`None` for indices out of range,
    /// which are then rendered each time).
    fn slot(self, policy: &Policy) -> Option<usize> {
        let texts = &policy.texts;
        let (np, nc, nr, ns, nk) = (
            policy.priorities.len(),
            policy.categories.len(),
            texts.reasons.len(),
            policy.statuses.len(),
            policy.event_names.len(),
        );
        let below = |i: usize, n: usize| (i < n).then_some(i);
        let kind = |k: Kind| below(k.index(), nk);
        let fixed = 1 + 4 * nk + nr + 2 * ns;
        Some(match self {
            Cause::None => 0,
            Cause::Started(k) => 1 + kind(k)?,
            Cause::Stopped(k) => 1 + nk + kind(k)?,
            Cause::Cancelled(k) => 1 + 2 * nk + kind(k)?,
            Cause::Reset(k) => 1 + 3 * nk + kind(k)?,
            Cause::Paused(r) => 1 + 4 * nk + below(r, nr)?,
            Cause::StoppedIn(s) => 1 + 4 * nk + nr + below(s, ns)?,
            Cause::CancelledIn(s) => 1 + 4 * nk + nr + ns + below(s, ns)?,
            Cause::Resumed => fixed,
            Cause::Reopened(rule) => {
                fixed
                    + match rule {
                        OnReopen::Continue => 1,
                        OnReopen::Restart => 2,
                        OnReopen::NewCycle => 3,
                    }
            }
            Cause::ManualSet => fixed + 4,
            Cause::ManualWithdrawn => fixed + 5,
            Cause::Changed(change, rule) => {
                let rule = match rule {
                    ChangeRule::KeepWorked => 0,
                    ChangeRule::Restart => 1,
                };
                let which = match change {
                    Change::PriorityRaised(p) => below(p, np)?,
                    Change::PriorityLowered(p) => np + below(p, np)?,
                    Change::Category(c) => 2 * np + below(c, nc)?,
                    Change::Workaround(c) => 2 * np + nc + below(c, nc)?,
                    Change::Reselected => 2 * np + 2 * nc,
                };
                fixed + 6 + 2 * which + rule
            }
        })
    }

    fn render(self, policy: &Policy) -> String {
        use std::fmt::Write;
        // One allocation per text, pieces appended directly (the formatting
        // machinery costs more than the copying); writing into a String
        // cannot fail.
        let mut s = String::with_capacity(64);
        let texts = &policy.texts;
        let status = |i: usize| texts.statuses.get(i).map_or("", |t| t.as_str());
        match self {
            Cause::None => {}
            Cause::Started(k) => {
                s.push_str("started at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Stopped(k) => {
                s.push_str("stopped at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Cancelled(k) => {
                s.push_str("cancelled at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Reset(k) => {
                s.push_str("new cycle: reset at ");
                s.push_str(policy.event_name(k));
            }
            Cause::Paused(r) => {
                s.push_str("paused: ");
                s.push_str(texts.reasons.get(r).map_or("", |t| t.as_str()));
            }
            Cause::StoppedIn(i) => {
                s.push_str("stopped in status ");
                s.push_str(status(i));
            }
            Cause::CancelledIn(i) => {
                s.push_str("cancelled in status ");
                s.push_str(status(i));
            }
            Cause::Resumed => s.push_str("resumed"),
            Cause::Reopened(OnReopen::Continue) => s.push_str("reopened: the clock runs again"),
            Cause::Reopened(OnReopen::Restart) => {
                s.push_str("reopened: restarted with the full target");
            }
            Cause::Reopened(OnReopen::NewCycle) => s.push_str("reopened: a new cycle"),
            Cause::ManualSet => s.push_str("deadline set by hand"),
            Cause::ManualWithdrawn => s.push_str("manual deadline withdrawn"),
            Cause::Changed(Change::Reselected, rule) => {
                s.push_str("selected by the ticket's attributes");
                s.push_str(match rule {
                    ChangeRule::Restart => ": restarted with the full target",
                    ChangeRule::KeepWorked => ": worked time kept",
                });
            }
            Cause::Changed(change, rule) => {
                let (what, name) = match change {
                    Change::PriorityRaised(p) => ("priority raised to ", &policy.priorities[p]),
                    Change::PriorityLowered(p) => ("priority lowered to ", &policy.priorities[p]),
                    Change::Category(c) => ("category changed to ", &policy.categories[c]),
                    Change::Workaround(c) => {
                        ("workaround provided: category ", &policy.categories[c])
                    }
                    Change::Reselected => return s,
                };
                s.push_str(what);
                // `{:?}` of the name: quoted, escaped where needed. Names
                // that `{:?}` leaves as they are are quoted by hand.
                if name.bytes().all(debug_unchanged) {
                    s.push('"');
                    s.push_str(name);
                    s.push('"');
                } else {
                    let _ = write!(s, "{name:?}");
                }
                s.push_str(match rule {
                    ChangeRule::Restart => ": restarted with the full target",
                    ChangeRule::KeepWorked => ": worked time kept",
                });
            }
        }
        s
    }
}

/// Whether `{:?}` of a `str` shows this byte as it is: printable ASCII
/// other than the quote and the backslash, which it escapes.
fn debug_unchanged(b: u8) -> bool {
    (b.is_ascii_graphic() || b == b' ') && b != b'"' && b != b'\\'
}

#[derive(Debug, Clone)]
struct MetricRun {
    started: Option<i64>,
    origin: i64,
    stopped: Option<i64>,
    closed: Option<i64>,
    manual: Option<i64>,
    gaps: Vec<Gap>,
    /// Room `gaps` gets with its first interval (see [`Eval::new`]).
    room: usize,
    /// Why the deadline in force is what it is.
    cause: Cause,
    history: Vec<HistoryEntry>,
    /// The walk over the closed gaps, kept between history entries.
    prefix: Option<Prefix>,
    /// The `pause_on` event type holding the clock, until a `resume_on`.
    event_pause: Option<Kind>,
    /// What stopped the run, for a reopening: an event type or a status.
    stop_by: Option<StopBy>,
    /// When the current cycle began (a pause already in force then opens
    /// its gap without a history entry of its own).
    begun: i64,
    /// The cycles before the current one.
    done: Vec<CycleReport>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum StopBy {
    Event(Kind),
    Status,
}

/// Worked time from a metric's origin to the end of its first `gaps` gaps
/// (all closed), on one calendar. An explaining report asks for the deadline
/// at every event; resuming the walk here keeps that linear in the number of
/// pauses instead of quadratic.
#[derive(Debug, Clone, Copy)]
struct Prefix {
    origin: i64,
    /// The calendar's address: a category change may switch calendars.
    cal: usize,
    gaps: usize,
    cursor: i64,
    worked: i64,
    /// A target the prefix's worked time reaches, and the instant it does.
    reached: Option<(i64, i64)>,
}

impl MetricRun {
    /// A run with room for `gaps` intervals once it has one (see
    /// [`Eval::new`]): metrics that never pause allocate nothing.
    fn new(gaps: usize) -> MetricRun {
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
    fn is_open(&self) -> bool {
        self.started.is_some() && !self.is_final()
    }

    fn is_final(&self) -> bool {
        self.stopped.is_some() || self.closed.is_some()
    }

    fn push_gap(&mut self, gap: Gap) {
        if self.gaps.capacity() == 0 {
            self.gaps.reserve_exact(self.room);
        }
        self.gaps.push(gap);
    }

    fn open_gap(&self) -> Option<&Gap> {
        self.gaps.last().filter(|g| g.end.is_none())
    }

    fn close_gap(&mut self, t: i64) {
        if let Some(g) = self.gaps.last_mut() {
            if g.end.is_none() {
                g.end = Some(t);
            }
        }
    }
}

/// A metric run's figures at the evaluation instant (see [`Eval::figures`]).
struct Figures {
    started: i64,
    /// The stop, the cancellation, or the evaluation instant.
    end: i64,
    deadline: Option<i64>,
    worked: i64,
    /// The target in effect (for a manual deadline, the worked time it
    /// allows); `None` by agreement.
    effective: Option<i64>,
    open_pause: Option<usize>,
    state: MetricState,
}

/// The clock's view of one metric's counting: calendar and target.
struct Counting<'a> {
    cal: &'a Calendar,
    cal_name: &'a Text,
    /// Target in working seconds of `cal`, from the origin; `None` = by agreement.
    target: Option<i64>,
    /// The target's text as the policy keeps it (`None` = by agreement),
    /// shared only when a report is made.
    text: Option<&'a Text>,
}

impl Policy {
    /// Parses a ticket from JSON and checks it (see [`Policy::ticket`]).
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] for malformed JSON or unknown keys; then as
    /// [`Policy::ticket`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "id": "T-1", "events": [
    ///   {"at": "2026-03-06T10:00:00Z", "type": "created", "priority": "high", "category": "incident"},
    ///   {"at": "2026-03-06T10:20:00Z", "type": "responded"} ] }"#)?;
    /// assert_eq!((ticket.id(), ticket.len()), (Some("T-1"), 2));
    /// let err = policy.ticket_from_json(r#"{ "events": [ {"at": "2026-03-06T10:00:00Z", "type": "resumed"} ] }"#);
    /// assert_eq!(err.unwrap_err().kind(), ErrorKind::Event); // no `created`
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn ticket_from_json(&self, text: &str) -> Result<Ticket> {
        let value = crate::data::from_json_text(text).map_err(Error::InvalidTicket)?;
        let spec: TicketSpec = crate::data::typed(&value).map_err(Error::InvalidTicket)?;
        self.ticket(&spec)
    }

    /// The ticket's SLA status at `at`: every metric's state, deadline,
    /// elapsed and remaining working time, thresholds, and the timers.
    /// Events after `at` are not taken into account.
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] when `at` is before the ticket was created;
    /// calendar range errors ([`Error::YearNotCovered`], ...).
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, MetricState, Policy};
    /// let policy = Policy::from_json(r#"{
    ///   "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
    ///   "priorities": [ {"id": "high"}, {"id": "low"} ],
    ///   "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded",
    ///                  "targets": { "*": { "high": "1h", "low": "4h" } } } ]
    /// }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T17:30:00+03:00", "type": "created", "priority": "high", "category": "incident"}
    /// ] }"#)?;
    /// let report = policy.evaluate(&ticket, &parse_instant("2026-03-06T19:00:00+03:00")?)?;
    /// let reaction = &report.metrics[0];
    /// assert_eq!(reaction.state, MetricState::Running);
    /// assert!(reaction.outside_working_hours);
    /// assert_eq!(reaction.deadline.unwrap().to_rfc3339(), "2026-03-09T09:30:00+03:00");
    /// assert_eq!(reaction.remaining_seconds, Some(1800));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate<Z: TimeZone>(&self, ticket: &Ticket, at: &DateTime<Z>) -> Result<Report> {
        self.evaluate_with(ticket, at, EvaluateOptions::default())
    }

    /// [`Policy::evaluate`] with options (e.g. the explaining timeline).
    ///
    /// # Errors
    /// As [`Policy::evaluate`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, EvaluateOptions, Policy, SegmentKind};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo",
    ///   "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ticket = policy.ticket_from_json(r#"{ "events": [
    ///   {"at": "2026-03-06T17:30:00+03:00", "type": "created", "priority": "high", "category": "incident"} ] }"#)?;
    /// let at = parse_instant("2026-03-09T09:10:00+03:00")?; // Monday
    /// let report = policy.evaluate_with(&ticket, &at, EvaluateOptions { explain: true })?;
    /// let timeline = report.metrics[0].timeline.as_ref().expect("asked for");
    /// // Friday 17:30-18:00 counted, the weekend not, Monday 09:00-09:10 counted,
    /// // then 20 minutes projected to the deadline at 09:30.
    /// let kinds: Vec<_> = timeline.segments.iter().map(|s| (s.kind, s.working_seconds)).collect();
    /// assert_eq!(kinds, [(SegmentKind::Working, 1800), (SegmentKind::OutsideHours, 0),
    ///                    (SegmentKind::Working, 600), (SegmentKind::Working, 1200)]);
    /// assert_eq!(timeline.history[0].cause, "started at created");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_with<Z: TimeZone>(
        &self,
        ticket: &Ticket,
        at: &DateTime<Z>,
        options: EvaluateOptions,
    ) -> Result<Report> {
        Eval::new(self, ticket, whole_second_up(at), options)?.run()
    }

    /// [`Policy::evaluate_with`] for a policy set whose selection changed
    /// right after event `reselected`: there each metric applies its
    /// `on_category_change` rule.
    pub(crate) fn evaluate_reselected<Z: TimeZone>(
        &self,
        ticket: &Ticket,
        at: &DateTime<Z>,
        options: EvaluateOptions,
        reselected: Option<usize>,
    ) -> Result<Report> {
        let mut eval = Eval::new(self, ticket, whole_second_up(at), options)?;
        eval.reselected = reselected;
        eval.run()
    }
}

/// The consent timer: asked at `asked`, due at `due`, ended by an answer or
/// by the change itself at `answered`.
#[derive(Debug, Clone, Copy)]
struct ConsentRun {
    asked: i64,
    due: i64,
    answered: Option<i64>,
}

struct Eval<'a> {
    policy: &'a Policy,
    ticket: &'a Ticket,
    at: i64,
    explain: bool,
    priority: usize,
    category: usize,
    paused: Option<usize>,
    /// The helpdesk status in force.
    status: Option<usize>,
    resolved: bool,
    closed: bool,
    runs: Vec<MetricRun>,
    consent: Option<ConsentRun>,
    /// Shared by the metrics' accounting, which mostly reads one calendar
    /// in one year: coverage is then checked once per evaluation.
    spans: Spans<'a>,
    /// The earliest instant after `at` at which the report would change
    /// found so far (see `next_change.rs`).
    next_change: Option<i64>,
    /// For a policy set: the event after which the selection changed.
    reselected: Option<usize>,
}

impl<'a> Eval<'a> {
    fn new(
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
    fn counting(&self, m: usize, origin: Option<i64>) -> Result<Option<Counting<'a>>> {
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

    fn run(mut self) -> Result<Report> {
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

    /// Applies one event. Its effects, in this order: the ticket's fields
    /// (priority, category, pause, status, manual deadline, consent), the
    /// ticket's lifecycle (resume, resolve, reopen, close), then for each
    /// metric its roles — cancel, stop, reset, start, then pause or resume —
    /// and last which pause source, if any, holds each metric's clock.
    fn apply(&mut self, e: &Event) -> Result<()> {
        let policy = self.policy;
        let t = e.at;
        // Ticket-level effects and change rules.
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
            EventData::Priority(p) => {
                let old = self.priority;
                self.consent_answered(t);
                if p != old {
                    self.priority = p;
                    let upgrade = p < old;
                    let what = if upgrade {
                        Change::PriorityRaised(p)
                    } else {
                        Change::PriorityLowered(p)
                    };
                    for m in 0..self.runs.len() {
                        let rule = if upgrade {
                            policy.metrics[m].on_upgrade
                        } else {
                            policy.metrics[m].on_downgrade
                        };
                        self.change(m, t, rule, what)?;
                    }
                }
            }
            EventData::Category(c) | EventData::Workaround { category: c, .. } => {
                let new_p = match e.data {
                    EventData::Workaround {
                        priority: Some(p), ..
                    } => p,
                    _ => self.priority,
                };
                self.consent_answered(t);
                if (c, new_p) != (self.category, self.priority) {
                    self.category = c;
                    self.priority = new_p;
                    let what = if e.kind.is(EventKind::WorkaroundProvided) {
                        Change::Workaround(c)
                    } else {
                        Change::Category(c)
                    };
                    for m in 0..self.runs.len() {
                        let rule = policy.metrics[m].on_category_change;
                        self.change(m, t, rule, what)?;
                    }
                }
            }
            EventData::Reason(r) => self.paused = Some(r),
            EventData::Status(s) => {
                // Leaving a status that stopped a metric reopens it.
                for m in 0..self.runs.len() {
                    let run = &self.runs[m];
                    if run.stop_by == Some(StopBy::Status)
                        && run.closed.is_none()
                        && policy.metrics[m].status_roles[s] & role::STOP == 0
                    {
                        self.reopen(m, t)?;
                    }
                }
                self.status = Some(s);
            }
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
        for m in 0..self.runs.len() {
            self.roles(m, e)?;
        }
        for m in 0..self.runs.len() {
            self.hold(m, t)?;
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

    /// A reopening of metric `m`, which a resolution or a status stopped.
    fn reopen(&mut self, m: usize, t: i64) -> Result<()> {
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
    fn archive(&mut self, m: usize) -> Result<()> {
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
    fn begin(&mut self, m: usize, t: i64, cause: Cause) -> Result<()> {
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

    /// Applies a change rule to a running metric at `t`.
    fn change(&mut self, m: usize, t: i64, rule: ChangeRule, what: Change) -> Result<()> {
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

    /// Records a history entry with the deadline in force right after `t`
    /// (only for an explaining report: the history is not shown otherwise).
    #[inline]
    fn note(&mut self, m: usize, t: i64, cause: Cause) -> Result<()> {
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

    /// The deadline of metric `m` as it stands at `now` (open pauses
    /// projected to end at `now`).
    fn deadline_at(&mut self, m: usize, now: i64) -> Result<Option<i64>> {
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

    /// The calendar the consent timer counts on: its metric's, else the
    /// policy's default.
    fn consent_calendar(&self) -> Result<&'a Calendar> {
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
    fn consent_asked(&mut self, t: i64) -> Result<()> {
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
    fn consent_answered(&mut self, t: i64) {
        if let Some(c) = &mut self.consent {
            c.answered.get_or_insert(t);
        }
    }

    /// The figures of metric `m`'s run at the evaluation instant, counted on
    /// `counting`; `None` before it starts.
    fn figures(&mut self, m: usize, counting: &Counting<'a>) -> Result<Option<Figures>> {
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
    fn thresholds(
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

    /// Metric `m`'s report at the evaluation instant, made once per metric
    /// at the end of the evaluation.
    fn metric_report(&mut self, m: usize) -> Result<Option<MetricReport>> {
        let spec = &self.policy.metrics[m];
        let texts = &self.policy.texts;
        let run = &self.runs[m];
        let Some(counting) = self.counting(m, run.started.map(|_| run.origin))? else {
            return Ok(None);
        };
        let cal = counting.cal;
        let mut report = MetricReport {
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
        };
        if spec.cyclic {
            // The ended cycles move into the report.
            report.cycles = Some(CycleList::of(std::mem::take(&mut self.runs[m].done)));
        }
        let Some(f) = self.figures(m, &counting)? else {
            return Ok(Some(report));
        };
        let run = &self.runs[m];
        let (started, end, deadline, worked) = (f.started, f.end, f.deadline, f.worked);
        report.state = f.state;
        let spans = &self.spans;
        report.started_at = Some(spans.fixed(cal, started)?);
        report.stopped_at = run
            .stopped
            .or(run.closed)
            .map(|s| spans.fixed(cal, s))
            .transpose()?;
        let deadline_text = deadline.map(|d| spans.fixed(cal, d)).transpose()?;
        // A paused clock has no deadline in force, only a projected one.
        if report.state == MetricState::Paused {
            report.projected_deadline = deadline_text;
        } else {
            report.deadline = deadline_text;
        }
        report.cause = deadline.map(|_| run.cause.text(self.policy));
        report.worked_since_start_seconds = if run.origin == started {
            worked
        } else {
            account(&mut self.spans, cal, started, None, &run.gaps, self.at, end)?.1
        };
        if report.state == MetricState::Breached {
            report.breached_at = report.deadline;
        }
        report.worked_seconds = worked;
        if let Some(eff) = f.effective {
            report.remaining_seconds = Some(eff - worked);
            if eff > 0 {
                report.percent_used = Some((worked as f64 * 10_000.0 / eff as f64).round() / 100.0);
            }
            report.thresholds = self.thresholds(m, cal, eff, end)?;
        }
        report.outside_working_hours =
            report.state == MetricState::Running && !self.spans.is_working(cal, self.at)?;
        report.pause_reason = match report.state {
            MetricState::Paused => f.open_pause.map(|r| texts.reasons[r].clone()),
            _ => None,
        };
        if spec.cyclic {
            let current = CycleReport::of(&report);
            if let Some(c) = &mut report.cycles {
                c.push(current);
            }
        }
        let run = &self.runs[m];
        if self.explain {
            let view_end = if run.is_final() {
                end
            } else {
                deadline.map_or(self.at, |d| d.max(self.at))
            };
            report.timeline = Some(Timeline {
                history: run.history.clone(),
                segments: self.segments(cal, started, view_end, &run.gaps)?,
            });
        }
        self.note_metric_changes(m, cal, &report)?;
        Ok(Some(report))
    }

    /// Counted, paused and outside-hours segments of `[from, to)`.
    fn segments(&self, cal: &Calendar, from: i64, to: i64, gaps: &[Gap]) -> Result<Vec<Segment>> {
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

    fn timers(&self) -> Result<Vec<TimerReport>> {
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

/// The clock counts whole seconds: an instant with a fraction (an event,
/// a manual deadline, the evaluation instant) counts as the next whole
/// second, so a stop at 18:00:00.5 is after an 18:00:00 deadline, and no
/// deadline comes out earlier than the true one.
pub(crate) fn whole_second_up<Z: TimeZone>(t: &DateTime<Z>) -> i64 {
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
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
fn account<'c>(
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
fn threshold_instant(
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

fn worked_upto(cal: &Calendar, origin: i64, end: i64, gaps: &[Gap], now: i64) -> Result<i64> {
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
fn add_duration(cal: &Calendar, t: i64, d: Duration, wd: WorkingDaysMeaning) -> Result<i64> {
    let elapsed = |s: i64| cal.result_in_range(t, t.saturating_add(s));
    match d {
        Duration::Working(s) => cal.add_seconds(t, s),
        Duration::WorkingDays(n) => cal.add_working_days_seconds(t, n, wd),
        Duration::Calendar(s) => elapsed(s),
        Duration::CalendarDays(n) => elapsed(i64::from(n) * 86_400),
    }
}

/// A duration as working seconds of `cal` (working days by length).
fn duration_seconds(cal: &Calendar, d: Duration) -> i64 {
    match d {
        Duration::Working(s) | Duration::Calendar(s) => s,
        Duration::WorkingDays(n) => i64::from(n) * cal.working_day_length().num_seconds(),
        Duration::CalendarDays(n) => i64::from(n) * 86_400,
    }
}

/// UTC second `t` in RFC 3339 (`+00:00`), by the engine's own writer:
/// chrono's formatter is kilobytes of the WebAssembly build.
pub(crate) fn fmt_utc(t: i64) -> String {
    crate::rfc3339::format(t, 0)
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

#[cfg(test)]
mod tests {
    use super::debug_unchanged;

    /// The hand-quoted names in cause texts must read as `{:?}` would.
    #[test]
    fn debug_unchanged_matches_str_debug() {
        for b in 0u8..=127 {
            let s = (b as char).to_string();
            let same = format!("{s:?}") == format!("\"{s}\"");
            assert_eq!(debug_unchanged(b), same, "byte {b}");
        }
    }
}
