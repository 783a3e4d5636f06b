//! Tickets as a table: a long table of events in (one row per event, in
//! borrowed columns), a table of metrics and a table of tickets out.
//!
//! The events of a ticket are the rows that share its `ticket_id`, in time
//! order (rows of one ticket with the same time keep their table order).
//! Each ticket is checked and evaluated exactly as [`Policy::evaluate`]
//! (or [`PolicySet::evaluate`]) would check and evaluate the same events
//! given as JSON: a null cell is a missing key, a column that is not an
//! event key (`priority`, `category`, `reason`, `metric`, `deadline`,
//! `status`, `note`) is an attribute. A ticket that fails gets its error in
//! its row of the tickets table and no metric rows; the others are not
//! affected. Rows whose `ticket_id` is null name no ticket: together they
//! are one failing row of the tickets table (an input error), never a
//! ticket of their own, which would lump unrelated events together.
//!
//! The columns are read through [`Column`], which a binding implements over
//! its own buffers (Arrow arrays in `sla-py`), so nothing is copied into an
//! intermediate form but the few strings each ticket's check needs.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use crate::bulk::same_length;
use crate::clock::{
    check_views, EvaluateOptions, EventSpec, EventView, MetricReport, Report, Ticket, TicketSpec,
    TicketStatus, When,
};
use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::policy_set::PolicySet;
use crate::text::Text;
use crate::MetricState;

/// One cell of a [`Column`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// A string.
    Text(&'a str),
    /// An integer (ticket ids, attribute values).
    Int(i64),
    /// An instant, in whole seconds since 1970-01-01T00:00:00Z (a time with
    /// a fraction of a second is rounded up, as the engine does).
    Instant(i64),
}

/// A column of optional cells, borrowed from whatever holds it.
///
/// # Examples
/// ```
/// use sla_core::table::{Cell, Column};
///
/// let ids: Vec<Option<&str>> = vec![Some("T-1"), None];
/// assert_eq!(ids.cell(0), Some(Cell::Text("T-1")));
/// assert_eq!(ids.cell(1), None);
/// assert_eq!(Column::len(&ids), 2);
/// ```
pub trait Column: Sync {
    /// Number of rows.
    fn len(&self) -> usize;
    /// The cell at `row` (`row < len()`), `None` for a null.
    fn cell(&self, row: usize) -> Option<Cell<'_>>;
    /// Whether the column has no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Column for Vec<Option<&str>> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn cell(&self, row: usize) -> Option<Cell<'_>> {
        self.get(row).copied().flatten().map(Cell::Text)
    }
}

impl Column for Vec<Option<String>> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn cell(&self, row: usize) -> Option<Cell<'_>> {
        self.get(row)?.as_deref().map(Cell::Text)
    }
}

/// Instants as whole epoch seconds, as a [`Column`].
#[derive(Debug, Clone, Copy)]
pub struct Seconds<'a>(pub &'a [Option<i64>]);

impl Column for Seconds<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn cell(&self, row: usize) -> Option<Cell<'_>> {
        self.0.get(row).copied().flatten().map(Cell::Instant)
    }
}

/// Integers, as a [`Column`].
#[derive(Debug, Clone, Copy)]
pub struct Ints<'a>(pub &'a [Option<i64>]);

impl Column for Ints<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn cell(&self, row: usize) -> Option<Cell<'_>> {
        self.0.get(row).copied().flatten().map(Cell::Int)
    }
}

/// The event keys a column may carry besides `ticket_id`, `at` and `type`;
/// any other column is an attribute.
pub const EVENT_KEYS: [&str; 7] = [
    "priority", "category", "reason", "metric", "deadline", "status", "note",
];

/// A long table of events: one row per event.
///
/// # Examples
/// ```
/// use sla_core::table::{Events, Seconds};
///
/// let ids = vec![Some("T-1"), Some("T-1")];
/// let at = [Some(1_772_445_600), Some(1_772_449_200)];
/// let kind = vec![Some("created"), Some("responded")];
/// let priority = vec![Some("high"), None];
/// let at = Seconds(&at);
/// let events = Events::new(&ids, &at, &kind)?.with_column("priority", &priority)?;
/// assert_eq!(events.len(), 2);
/// # Ok::<(), sla_core::Error>(())
/// ```
pub struct Events<'a> {
    ticket_id: &'a dyn Column,
    at: &'a dyn Column,
    kind: &'a dyn Column,
    /// By [`EVENT_KEYS`].
    keys: [Option<&'a dyn Column>; 7],
    attributes: Vec<(&'a str, &'a dyn Column)>,
}

impl std::fmt::Debug for Events<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = EVENT_KEYS
            .iter()
            .zip(&self.keys)
            .filter(|(_, c)| c.is_some())
            .map(|(k, _)| *k)
            .collect();
        let attributes: Vec<&str> = self.attributes.iter().map(|(n, _)| *n).collect();
        f.debug_struct("Events")
            .field("rows", &self.len())
            .field("keys", &keys)
            .field("attributes", &attributes)
            .finish()
    }
}

impl<'a> Events<'a> {
    /// The table's three required columns.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] for columns of different lengths.
    pub fn new(
        ticket_id: &'a dyn Column,
        at: &'a dyn Column,
        kind: &'a dyn Column,
    ) -> Result<Events<'a>> {
        same_length("ticket_id", ticket_id.len(), "at", at.len())?;
        same_length("ticket_id", ticket_id.len(), "type", kind.len())?;
        Ok(Events {
            ticket_id,
            at,
            kind,
            keys: [None; 7],
            attributes: Vec::new(),
        })
    }

    /// Adds a column: an event key of [`EVENT_KEYS`] or an attribute.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] for a column of another length,
    /// [`Error::InvalidData`] for a name given twice or one of `ticket_id`,
    /// `at`, `type`, `attributes`.
    pub fn with_column(mut self, name: &'a str, column: &'a dyn Column) -> Result<Events<'a>> {
        same_length("ticket_id", self.ticket_id.len(), "a column", column.len())?;
        let twice = || Error::InvalidData(format!("column {name:?} is given twice"));
        if ["ticket_id", "at", "type", "attributes"].contains(&name) {
            return Err(twice());
        }
        match EVENT_KEYS.iter().position(|k| *k == name) {
            Some(i) if self.keys[i].is_some() => return Err(twice()),
            Some(i) => self.keys[i] = Some(column),
            None if self.attributes.iter().any(|(n, _)| *n == name) => return Err(twice()),
            None => self.attributes.push((name, column)),
        }
        Ok(self)
    }

    /// Number of rows (events).
    pub fn len(&self) -> usize {
        self.ticket_id.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Declares a table of rows as a struct of one `Vec` per column, with
/// `reserve` and `append` over every column, so that no column can be
/// left out of either.
macro_rules! rows {
    ($(
        $(#[$doc:meta])*
        pub struct $name:ident {
            $($(#[$fdoc:meta])* pub $field:ident: Vec<$ty:ty>,)*
        }
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Vec<$ty>,)*
        }

        impl $name {
            /// Room for `n` more rows.
            fn reserve(&mut self, n: usize) {
                $(self.$field.reserve(n);)*
            }

            /// Moves `other`'s rows after these.
            fn append(&mut self, other: &mut $name) {
                $(self.$field.append(&mut other.$field);)*
            }
        }
    )*};
}

rows! {
    /// One row per ticket, in the order of each ticket's first row in the
    /// events table.
    pub struct TicketRows {
        /// A row of the events table that holds the ticket's id (its first).
        pub row: Vec<usize>,
        /// Under a policy set: the policy selected (`None`: no SLA, or an error).
        pub policy: Vec<Option<Text>>,
        /// Under a policy set: the rule that selected it.
        pub rule: Vec<Option<Text>>,
        /// The report's status (`None` on error).
        pub status: Vec<Option<TicketStatus>>,
        /// The priority in force.
        pub priority: Vec<Option<Text>>,
        /// The category in force.
        pub category: Vec<Option<Text>>,
        /// The helpdesk status in force.
        pub helpdesk_status: Vec<Option<Text>>,
        /// The report's `next_change_at`, epoch seconds.
        pub next_change_at: Vec<Option<i64>>,
        /// The ticket's error; `None` when it was evaluated.
        pub error: Vec<Option<Error>>,
    }

    /// One row per metric of each evaluated ticket, or one per cycle of a
    /// metric with cycles.
    pub struct MetricRows {
        /// The ticket: an index into [`TicketRows`].
        pub ticket: Vec<usize>,
        /// The metric's identifier.
        pub metric: Vec<Text>,
        /// 1, 2, ... for the cycles of a metric with cycles; `None` otherwise.
        pub cycle: Vec<Option<u32>>,
        /// The metric's (or the cycle's) state.
        pub state: Vec<MetricState>,
        /// When it started, epoch seconds.
        pub started_at: Vec<Option<i64>>,
        /// When it stopped.
        pub stopped_at: Vec<Option<i64>>,
        /// The deadline in force.
        pub deadline: Vec<Option<i64>>,
        /// When it was breached.
        pub breached_at: Vec<Option<i64>>,
        /// Working seconds counted toward the target.
        pub worked_seconds: Vec<i64>,
        /// Working seconds left (the current cycle's or the metric's).
        pub remaining_seconds: Vec<Option<i64>>,
        /// Share of the target used, percent (the current cycle's or the metric's).
        pub percent_used: Vec<Option<f64>>,
    }
}

/// What [`Policy::evaluate_table`] and [`PolicySet::evaluate_table`] return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableReport {
    /// One row per ticket.
    pub tickets: TicketRows,
    /// One row per metric (or cycle) of each evaluated ticket.
    pub metrics: MetricRows,
}

impl TableReport {
    /// The first ticket that failed and its error, in ticket order.
    pub fn first_error(&self) -> Option<(usize, &Error)> {
        self.tickets
            .error
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e)))
    }

    /// Room for `tickets` more ticket rows and `metrics` more metric rows.
    fn reserve(&mut self, tickets: usize, metrics: usize) {
        self.tickets.reserve(tickets);
        self.metrics.reserve(metrics);
    }

    /// Moves `other`'s rows after these; its metric rows' ticket indexes
    /// shift past these tickets.
    fn append(&mut self, mut other: TableReport) {
        let base = self.tickets.row.len();
        other.metrics.ticket.iter_mut().for_each(|i| *i += base);
        self.tickets.append(&mut other.tickets);
        self.metrics.append(&mut other.metrics);
    }

    /// Adds a ticket's outcome.
    fn push(&mut self, row: usize, outcome: Result<Outcome>) {
        let t = &mut self.tickets;
        let index = t.row.len();
        t.row.push(row);
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                t.policy.push(None);
                t.rule.push(None);
                t.status.push(None);
                t.priority.push(None);
                t.category.push(None);
                t.helpdesk_status.push(None);
                t.next_change_at.push(None);
                t.error.push(Some(e));
                return;
            }
        };
        t.policy.push(outcome.policy);
        t.rule.push(outcome.rule);
        t.error.push(None);
        let Some(report) = outcome.report else {
            t.status.push(None);
            t.priority.push(None);
            t.category.push(None);
            t.helpdesk_status.push(None);
            t.next_change_at.push(None);
            return;
        };
        t.status.push(Some(report.status));
        t.priority.push(Some(report.priority));
        t.category.push(Some(report.category));
        t.helpdesk_status.push(report.helpdesk_status);
        t.next_change_at
            .push(report.next_change_at.map(|d| d.timestamp()));
        for m in report.metrics {
            self.metrics.push(index, m);
        }
    }
}

impl MetricRows {
    fn push(&mut self, ticket: usize, m: MetricReport) {
        let secs = |d: Option<DateTime<chrono::FixedOffset>>| d.map(|d| d.timestamp());
        let cycles = m.cycles.as_ref().map(|c| c.items.as_slice()).unwrap_or(&[]);
        if cycles.is_empty() {
            self.ticket.push(ticket);
            self.metric.push(m.metric);
            self.cycle.push(None);
            self.state.push(m.state);
            self.started_at.push(secs(m.started_at));
            self.stopped_at.push(secs(m.stopped_at));
            self.deadline.push(secs(m.deadline));
            self.breached_at.push(secs(m.breached_at));
            self.worked_seconds.push(m.worked_seconds);
            self.remaining_seconds.push(m.remaining_seconds);
            self.percent_used.push(m.percent_used);
            return;
        }
        let last = cycles.len() - 1;
        for (i, c) in cycles.iter().enumerate() {
            self.ticket.push(ticket);
            self.metric.push(m.metric.clone());
            self.cycle
                .push(Some(u32::try_from(i + 1).unwrap_or(u32::MAX)));
            self.state.push(c.state);
            self.started_at.push(secs(c.started_at));
            self.stopped_at.push(secs(c.stopped_at));
            self.deadline.push(secs(c.deadline));
            self.breached_at.push(secs(c.breached_at));
            self.worked_seconds.push(c.worked_seconds);
            let current = i == last;
            self.remaining_seconds
                .push(m.remaining_seconds.filter(|_| current));
            self.percent_used.push(m.percent_used.filter(|_| current));
        }
    }
}

/// A ticket's evaluation: the report and, under a set, the selection.
struct Outcome {
    policy: Option<Text>,
    rule: Option<Text>,
    report: Option<Report>,
}

impl Policy {
    /// Evaluates every ticket of an events table at `at` (see the module
    /// documentation of [`crate::table`]), on `threads` threads (0: as many
    /// as the machine has cores).
    ///
    /// # Errors
    /// [`Error::OutOfSupportedRange`] for an `at` outside the supported range;
    /// each ticket's own errors are in [`TicketRows::error`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::table::{Events, Seconds};
    /// use sla_core::{parse_instant, MetricState, Policy};
    ///
    /// let policy = Policy::from_json(r#"{ "name": "demo", "calendars": { "office": "24x7 UTC" },
    ///   "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
    ///   "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] }"#)?;
    /// let ids = vec![Some("T-1"), Some("T-2"), Some("T-1")];
    /// let t0 = parse_instant("2026-03-02T10:00:00Z")?.timestamp();
    /// let at = [Some(t0), Some(t0), Some(t0 + 7200)];
    /// let kind = vec![Some("created"), Some("created"), Some("responded")];
    /// let priority = vec![Some("high"), Some("urgent"), None];
    /// let category = vec![Some("incident"), Some("incident"), None];
    /// let at = Seconds(&at);
    /// let events = Events::new(&ids, &at, &kind)?
    ///     .with_column("priority", &priority)?
    ///     .with_column("category", &category)?;
    /// let table = policy.evaluate_table(&events, &parse_instant("2026-03-02T13:00:00Z")?, 1)?;
    /// // T-1 answered after two hours: breached; T-2 has an unknown priority.
    /// assert_eq!(table.tickets.row, [0, 1]);
    /// assert_eq!(table.metrics.state, [MetricState::Breached]);
    /// assert_eq!(table.metrics.breached_at, [Some(t0 + 3600)]);
    /// assert!(table.tickets.error[1].as_ref().is_some_and(|e| e.to_string().contains("urgent")));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_table<Z: TimeZone>(
        &self,
        events: &Events<'_>,
        at: &DateTime<Z>,
        threads: usize,
    ) -> Result<TableReport> {
        let at = checked_at(at)?;
        let scratch = || PolicyScratch {
            views: Vec::new(),
            ticket: Ticket {
                id: None,
                calendars: self.calendars.clone(),
                events: Vec::new(),
            },
            spec: TicketSpec::default(),
        };
        evaluate_groups(
            events,
            threads,
            &scratch,
            &|order, s: &mut PolicyScratch<'_>| {
                let ticket = if rows_as_views(events, order, &mut s.views) {
                    s.ticket.id = events.ticket_id.cell(order[0]).map(id_text);
                    check_views(self, s.views.drain(..), &mut s.ticket.events)?;
                    &s.ticket
                } else {
                    fill(events, order, &mut s.spec)?;
                    s.ticket = self.ticket(&s.spec)?;
                    &s.ticket
                };
                let report = self.evaluate_with(ticket, &at, EvaluateOptions::default())?;
                Ok(Outcome {
                    policy: None,
                    rule: None,
                    report: Some(report),
                })
            },
        )
    }
}

/// What [`Policy::evaluate_table`] keeps from ticket to ticket on a thread.
struct PolicyScratch<'e> {
    views: Vec<EventView<'e, RowAttributes<'e>>>,
    /// The ticket being evaluated (with the policy's calendars).
    ticket: Ticket,
    /// A ticket's rows as the JSON reader gives them, for the rows
    /// [`rows_as_views`] leaves to it.
    spec: TicketSpec,
}

impl PolicySet {
    /// [`Policy::evaluate_table`] under a policy set: each ticket's policy
    /// and rule are in [`TicketRows::policy`] and [`TicketRows::rule`]; a
    /// ticket without an SLA has no metric rows.
    ///
    /// # Errors
    /// As [`Policy::evaluate_table`].
    pub fn evaluate_table<Z: TimeZone>(
        &self,
        events: &Events<'_>,
        at: &DateTime<Z>,
        threads: usize,
    ) -> Result<TableReport> {
        let at = checked_at(at)?;
        evaluate_groups(events, threads, &TicketSpec::default, &|order, spec| {
            fill(events, order, spec)?;
            let r = self.evaluate_with(spec, &at, EvaluateOptions::default())?;
            Ok(Outcome {
                policy: r.policy,
                rule: r.rule,
                report: r.report,
            })
        })
    }
}

/// The evaluation instant, checked once for the whole table.
fn checked_at<Z: TimeZone>(at: &DateTime<Z>) -> Result<DateTime<Utc>> {
    let s = crate::instant::whole_second_up(at);
    if !crate::calendar::SUPPORTED.contains(&s) {
        return Err(Error::out_of_range(s));
    }
    Ok(at.with_timezone(&Utc))
}

/// The one driver of both `evaluate_table`s: groups the rows by ticket,
/// splits the tickets over `threads` threads, gives `eval` each ticket's
/// rows in time order (with the thread's own `scratch` to reuse), and
/// merges the threads' tables in ticket order.
fn evaluate_groups<S, F>(
    events: &Events<'_>,
    threads: usize,
    scratch: &(dyn Fn() -> S + Sync),
    eval: &F,
) -> Result<TableReport>
where
    F: Fn(&[usize], &mut S) -> Result<Outcome> + Sync,
{
    let groups = Groups::of(events);
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .clamp(1, groups.len().max(1));
    let chunks = groups.split(threads);
    let range = |r: std::ops::Range<usize>| {
        let mut out = TableReport::default();
        // A row per ticket, and at least as many metric rows (sized by the
        // policy's metrics, it would overshoot where few of them apply).
        out.reserve(r.len(), r.len());
        let mut s = scratch();
        let mut order = Vec::new();
        for g in r {
            let rows = groups.rows(g);
            order.clear();
            order.extend_from_slice(rows);
            sort_by_time(events, &mut order);
            let outcome = match events.ticket_id.cell(rows[0]) {
                Some(_) => eval(&order, &mut s),
                None => Err(Error::InvalidData(format!(
                    "{} event row(s) without a ticket_id: every row must name its ticket",
                    rows.len()
                ))),
            };
            out.push(rows[0], outcome);
        }
        out
    };
    if chunks.len() <= 1 {
        return Ok(range(0..groups.len()));
    }
    let parts: Vec<TableReport> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|r| {
                let (range, r) = (&range, r.clone());
                s.spawn(move || range(r))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let (tickets, metrics) = parts.iter().skip(1).fold((0, 0), |(t, m), p| {
        (t + p.tickets.row.len(), m + p.metrics.ticket.len())
    });
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    out.reserve(tickets, metrics);
    for part in parts {
        out.append(part);
    }
    Ok(out)
}

/// A ticket's rows (in time order) as the checker's event views, into
/// `views`; `false` when a cell has a form that only the JSON reader reads
/// as the JSON path does (a missing time or type, an integer where text or
/// an instant goes), which then [`fill`]s a spec instead.
fn rows_as_views<'e>(
    events: &'e Events<'e>,
    order: &[usize],
    views: &mut Vec<EventView<'e, RowAttributes<'e>>>,
) -> bool {
    fn when(c: Option<Cell<'_>>) -> Option<When<'_>> {
        match c? {
            Cell::Text(t) => Some(When::Text(t)),
            Cell::Instant(s) => Some(When::Seconds(s)),
            Cell::Int(_) => None,
        }
    }
    views.clear();
    for &row in order {
        // `Err(())`: a cell the fast path leaves to the JSON reader.
        let text = |i: usize| match events.keys[i].and_then(|c| c.cell(row)) {
            None => Ok(None),
            Some(Cell::Text(t)) => Ok(Some(t)),
            Some(_) => Err(()),
        };
        let (Ok(priority), Ok(category), Ok(reason), Ok(metric), Ok(status)) =
            (text(0), text(1), text(2), text(3), text(5))
        else {
            return false;
        };
        let deadline = match events.keys[4].and_then(|c| c.cell(row)) {
            None => None,
            cell => match when(cell) {
                Some(w) => Some(w),
                None => return false,
            },
        };
        let (Some(at), Some(Cell::Text(kind))) = (when(events.at.cell(row)), events.kind.cell(row))
        else {
            return false;
        };
        views.push(EventView {
            at,
            kind,
            priority,
            category,
            reason,
            metric,
            deadline,
            status,
            attributes: RowAttributes {
                columns: &events.attributes,
                row,
                next: 0,
            },
        });
    }
    true
}

/// The names of the attributes a row sets (its non-null attribute cells).
#[derive(Clone)]
struct RowAttributes<'e> {
    columns: &'e [(&'e str, &'e dyn Column)],
    row: usize,
    next: usize,
}

impl<'e> Iterator for RowAttributes<'e> {
    type Item = &'e str;
    fn next(&mut self) -> Option<&'e str> {
        while let Some((name, column)) = self.columns.get(self.next) {
            self.next += 1;
            if column.cell(self.row).is_some() {
                return Some(name);
            }
        }
        None
    }
}

/// A ticket id as the JSON reader reads it.
fn id_text(cell: Cell<'_>) -> Text {
    match cell {
        Cell::Text(t) => Text::from(t),
        other => Text::from(text_of(other).as_str()),
    }
}

/// The ticket's spec from its rows (in time order), as the JSON reader
/// would give it for the same events.
fn fill(events: &Events<'_>, order: &[usize], spec: &mut TicketSpec) -> Result<()> {
    spec.id = events.ticket_id.cell(order[0]).map(text_of);
    spec.events.clear();
    for &row in order {
        let (Some(at), Some(kind)) = (events.at.cell(row), events.kind.cell(row)) else {
            // A missing time or type: the JSON reader's own error.
            return Err(reader_error(events, order));
        };
        let key = |i: usize| events.keys[i].and_then(|c| c.cell(row)).map(text_of);
        let mut attributes = BTreeMap::new();
        for (name, column) in &events.attributes {
            if let Some(v) = column.cell(row) {
                attributes.insert((*name).to_string(), text_of(v));
            }
        }
        spec.events.push(EventSpec {
            at: text_of(at),
            kind: text_of(kind),
            priority: key(0),
            category: key(1),
            reason: key(2),
            metric: key(3),
            deadline: key(4),
            status: key(5),
            attributes,
            note: key(6),
        });
    }
    Ok(())
}

/// The rows of a ticket in time order, if every row has a readable time
/// (the check reports a time that is missing or does not read). Rows
/// already in order, the common case, are only read.
fn sort_by_time(events: &Events<'_>, rows: &mut [usize]) {
    let time = |row: usize| match events.at.cell(row)? {
        Cell::Instant(s) => Some(s),
        Cell::Text(t) => crate::parse_instant(t)
            .ok()
            .map(|t| crate::instant::whole_second_up(&t)),
        Cell::Int(_) => None,
    };
    let mut last = i64::MIN;
    let mut sorted = true;
    for &r in rows.iter() {
        let Some(t) = time(r) else { return };
        sorted &= last <= t;
        last = t;
    }
    if sorted {
        return;
    }
    let mut pairs: Vec<(i64, usize)> = rows
        .iter()
        .map(|&r| (time(r).unwrap_or(i64::MAX), r))
        .collect();
    pairs.sort_by_key(|&(t, _)| t); // stable: ties keep their table order
    for (slot, (_, row)) in rows.iter_mut().zip(pairs) {
        *slot = row;
    }
}

/// The error the JSON reader gives for these rows as a ticket.
fn reader_error(events: &Events<'_>, rows: &[usize]) -> Error {
    let mut list = Vec::with_capacity(rows.len());
    for &row in rows {
        let mut e = Map::new();
        let mut put = |name: &str, column: &dyn Column| {
            if let Some(v) = column.cell(row) {
                e.insert(name.to_string(), Value::String(text_of(v)));
            }
        };
        put("at", events.at);
        put("type", events.kind);
        for (name, column) in EVENT_KEYS.iter().zip(&events.keys) {
            if let Some(c) = column {
                put(name, *c);
            }
        }
        let mut attributes = Map::new();
        for (name, column) in &events.attributes {
            if let Some(v) = column.cell(row) {
                attributes.insert((*name).to_string(), Value::String(text_of(v)));
            }
        }
        if !attributes.is_empty() {
            e.insert("attributes".into(), Value::Object(attributes));
        }
        list.push(Value::Object(e));
    }
    let ticket = serde_json::json!({ "events": list });
    match crate::data::typed::<TicketSpec>(&ticket) {
        Err(e) => Error::InvalidTicket(e),
        Ok(_) => Error::InvalidTicket("an event has no time or no type".into()),
    }
}

fn text_of(cell: Cell<'_>) -> String {
    match cell {
        Cell::Text(s) => s.to_string(),
        Cell::Int(i) => i.to_string(),
        Cell::Instant(s) => crate::rfc3339::format(s, 0),
    }
}

/// A ticket id as a grouping key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

fn key(cell: Option<Cell<'_>>) -> Key<'_> {
    match cell {
        None => Key::Null,
        Some(Cell::Text(s)) => Key::Text(s),
        Some(Cell::Int(i) | Cell::Instant(i)) => Key::Int(i),
    }
}

/// The rows of each ticket: `order[start[g]..start[g + 1]]` are ticket
/// `g`'s rows in table order; tickets in the order of their first row.
struct Groups {
    order: Vec<usize>,
    start: Vec<usize>,
}

impl Groups {
    fn of(events: &Events<'_>) -> Groups {
        let n = events.len();
        let ids = events.ticket_id;
        // Most tables come grouped: one run of rows per ticket.
        let mut start = vec![0];
        let mut previous = if n > 0 { key(ids.cell(0)) } else { Key::Null };
        for row in 1..n {
            let k = key(ids.cell(row));
            if k != previous {
                start.push(row);
            }
            previous = k;
        }
        let mut seen: HashMap<Key<'_>, ()> = HashMap::default();
        seen.reserve(start.len());
        let grouped = n == 0
            || start
                .iter()
                .all(|&r| seen.insert(key(ids.cell(r)), ()).is_none());
        if grouped {
            if n == 0 {
                start.clear();
            }
            start.push(n);
            return Groups {
                order: (0..n).collect(),
                start,
            };
        }
        // Otherwise a counting sort by the order of first appearance.
        let mut index: HashMap<Key<'_>, usize> = HashMap::default();
        let mut group = Vec::with_capacity(n);
        let mut count: Vec<usize> = Vec::new();
        for row in 0..n {
            let next = index.len();
            let g = *index.entry(key(ids.cell(row))).or_insert(next);
            if g == count.len() {
                count.push(0);
            }
            count[g] += 1;
            group.push(g);
        }
        let mut start = Vec::with_capacity(count.len() + 1);
        let mut sum = 0;
        for c in &count {
            start.push(sum);
            sum += c;
        }
        start.push(sum);
        let mut next = start.clone();
        let mut order = vec![0; n];
        for (row, g) in group.into_iter().enumerate() {
            order[next[g]] = row;
            next[g] += 1;
        }
        Groups { order, start }
    }

    fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    fn rows(&self, g: usize) -> &[usize] {
        &self.order[self.start[g]..self.start[g + 1]]
    }

    /// Up to `n` ranges of tickets with about as many rows each.
    fn split(&self, n: usize) -> Vec<std::ops::Range<usize>> {
        let total = self.order.len();
        let mut ranges = Vec::with_capacity(n);
        let mut from = 0;
        for k in 1..=n {
            let goal = total * k / n;
            let mut to = self.start.partition_point(|&s| s < goal).min(self.len());
            if k == n {
                to = self.len();
            }
            if to > from {
                ranges.push(from..to);
                from = to;
            }
        }
        ranges
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy::from_json(
            r#"{ "name": "t", "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
              "priorities": [ {"id": "high"}, {"id": "low"} ], "categories": [ {"id": "incident"} ],
              "pause_reasons": [ {"id": "waiting"} ],
              "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "high": "1h", "low": "4h" } } },
                           { "id": "resolution", "stop": "resolved", "targets": { "*": { "*": "8h" } } } ] }"#,
        )
        .expect("policy")
    }

    /// The columns of `n` tickets of three to five events, their rows
    /// interleaved (all first events, then all second events, ...).
    struct Table {
        ids: Vec<Option<String>>,
        at: Vec<Option<i64>>,
        kind: Vec<Option<&'static str>>,
        priority: Vec<Option<&'static str>>,
        category: Vec<Option<&'static str>>,
        reason: Vec<Option<&'static str>>,
    }

    fn table(n: i64) -> Table {
        let mut t = Table {
            ids: vec![],
            at: vec![],
            kind: vec![],
            priority: vec![],
            category: vec![],
            reason: vec![],
        };
        let t0 = 1_772_442_000; // Monday 2026-03-02 09:00 UTC
        let kinds = ["created", "responded", "paused", "resumed", "resolved"];
        for (step, kind) in (0..).zip(kinds) {
            for i in 0..n {
                if step >= 3 + i % 3 {
                    continue;
                }
                t.ids.push(Some(format!("T{i}")));
                t.at.push(Some(t0 + i * 60 + step * 1800));
                t.kind.push(Some(kind));
                let created = step == 0;
                t.priority
                    .push(created.then_some(if i % 2 == 0 { "high" } else { "low" }));
                t.category.push(created.then_some("incident"));
                t.reason.push((kind == "paused").then_some("waiting"));
            }
        }
        t
    }

    fn events<'a>(t: &'a Table, at: &'a Seconds<'a>) -> Events<'a> {
        Events::new(&t.ids, at, &t.kind)
            .and_then(|e| e.with_column("priority", &t.priority))
            .and_then(|e| e.with_column("category", &t.category))
            .and_then(|e| e.with_column("reason", &t.reason))
            .expect("columns")
    }

    /// The JSON path: the rows of the ticket with the id of `row`, as a
    /// spec, checked by `Policy::ticket` and evaluated by `Policy::evaluate`.
    fn by_json(
        p: &Policy,
        events: &Events<'_>,
        rows: Vec<usize>,
        now: &DateTime<Utc>,
    ) -> Result<Report> {
        let mut order = rows;
        sort_by_time(events, &mut order);
        let mut spec = TicketSpec::default();
        fill(events, &order, &mut spec)?;
        p.evaluate(&p.ticket(&spec)?, now)
    }

    #[test]
    fn interleaved_rows_group_by_ticket_and_match_evaluate() {
        let p = policy();
        let t = table(40);
        let at = Seconds(&t.at);
        let events = events(&t, &at);
        let now = crate::parse_instant("2026-03-03T12:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let out = p.evaluate_table(&events, &now, 1).expect("table");
        assert_eq!(out.tickets.row, (0..40).collect::<Vec<_>>());
        assert_eq!(out.first_error().map(|(i, e)| (i, e.to_string())), None);
        for (i, &row) in out.tickets.row.iter().enumerate() {
            let rows = (0..t.ids.len())
                .filter(|&r| t.ids[r] == t.ids[row])
                .collect();
            let report = by_json(&p, &events, rows, &now).expect("report");
            let mine: Vec<usize> = (0..out.metrics.ticket.len())
                .filter(|&m| out.metrics.ticket[m] == i)
                .collect();
            assert_eq!(mine.len(), report.metrics.len());
            assert_eq!(out.tickets.status[i], Some(report.status));
            for (&m, r) in mine.iter().zip(&report.metrics) {
                let id = &t.ids[row];
                assert_eq!(out.metrics.state[m], r.state, "{id:?}");
                assert_eq!(
                    out.metrics.deadline[m],
                    r.deadline.map(|d| d.timestamp()),
                    "{id:?}"
                );
                assert_eq!(out.metrics.worked_seconds[m], r.worked_seconds, "{id:?}");
                assert_eq!(
                    out.metrics.remaining_seconds[m], r.remaining_seconds,
                    "{id:?}"
                );
            }
        }
    }

    #[test]
    fn the_answer_does_not_depend_on_the_thread_count() {
        let p = policy();
        let t = table(101);
        let at = Seconds(&t.at);
        let events = events(&t, &at);
        let now = crate::parse_instant("2026-03-02T11:00:00Z").expect("instant");
        let one = p.evaluate_table(&events, &now, 1).expect("table");
        assert_eq!(one.tickets.row.len(), 101);
        for threads in [2, 3, 7, 200] {
            assert_eq!(
                p.evaluate_table(&events, &now, threads).expect("table"),
                one
            );
        }
    }

    #[test]
    fn times_as_text_or_seconds_give_the_same_table() {
        let p = policy();
        let t = table(30);
        let at = Seconds(&t.at);
        let text: Vec<Option<String>> =
            t.at.iter()
                .map(|s| s.map(|s| crate::rfc3339::format(s, 3 * 3600)))
                .collect();
        let mut by_text = Events::new(&t.ids, &text, &t.kind).expect("columns");
        for (name, column) in [
            ("priority", &t.priority),
            ("category", &t.category),
            ("reason", &t.reason),
        ] {
            by_text = by_text.with_column(name, column).expect("column");
        }
        let now = crate::parse_instant("2026-03-02T15:00:00Z").expect("instant");
        assert_eq!(
            p.evaluate_table(&by_text, &now, 2).expect("table"),
            p.evaluate_table(&events(&t, &at), &now, 2).expect("table")
        );
    }

    #[test]
    #[allow(clippy::too_many_lines)] // one scenario: five tickets, each checked
    fn a_bad_ticket_is_its_own_row_and_the_others_are_evaluated() {
        let p = policy();
        // A: good; B: no time; a null id (no ticket, whatever its rows); D: a
        // reason `created` does not take; E: an attribute `responded` does
        // not take; F: a deadline (an instant) `created` does not take.
        let ids = vec![
            Some("A"),
            Some("B"),
            None,
            Some("A"),
            Some("D"),
            Some("E"),
            Some("E"),
            Some("F"),
        ];
        let t0 = 1_772_442_000;
        let at = [
            Some(t0),
            None,
            Some(t0),
            Some(t0 + 3600),
            Some(t0),
            Some(t0),
            Some(t0 + 60),
            Some(t0),
        ];
        let at = Seconds(&at);
        let kind = vec![
            Some("created"),
            Some("created"),
            Some("created"),
            Some("responded"),
            Some("created"),
            Some("created"),
            Some("responded"),
            Some("created"),
        ];
        let some = |v: &[Option<&'static str>]| v.to_vec();
        let (h, l, i) = (Some("high"), Some("low"), Some("incident"));
        let priority = some(&[h, h, Some("urgent"), None, l, l, None, l]);
        let category = some(&[i, i, i, None, i, i, None, i]);
        let reason = some(&[None, None, None, None, Some("waiting"), None, None, None]);
        let customer = some(&[
            None,
            None,
            None,
            None,
            None,
            Some("acme"),
            Some("acme"),
            None,
        ]);
        let deadline = [None, None, None, None, None, None, None, Some(t0 + 60)];
        let deadline = Seconds(&deadline);
        let events = Events::new(&ids, &at, &kind)
            .and_then(|e| e.with_column("priority", &priority))
            .and_then(|e| e.with_column("category", &category))
            .and_then(|e| e.with_column("reason", &reason))
            .and_then(|e| e.with_column("customer", &customer))
            .and_then(|e| e.with_column("deadline", &deadline))
            .expect("columns");
        let now = crate::parse_instant("2026-03-02T12:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let out = p.evaluate_table(&events, &now, 2).expect("table");
        assert_eq!(out.tickets.row, [0, 1, 2, 4, 5, 7]);
        assert!(out.tickets.error[0].is_none());
        assert_eq!(out.metrics.ticket, [0, 0]);
        assert_eq!(out.first_error().map(|(i, _)| i), Some(1));
        // Each failing ticket fails as the JSON path says.
        for (i, &row) in out.tickets.row.iter().enumerate().skip(1) {
            let got = out.tickets.error[i].as_ref().map(ToString::to_string);
            if ids[row].is_none() {
                // Rows without an id are no ticket: one input error for all.
                let want = "invalid data: 1 event row(s) without a ticket_id: every row must name its ticket";
                assert_eq!(got.as_deref(), Some(want));
                continue;
            }
            let rows = (0..ids.len()).filter(|&r| ids[r] == ids[row]).collect();
            let expected = by_json(&p, &events, rows, &now).expect_err("a bad ticket");
            assert_eq!(got, Some(expected.to_string()), "{:?}", ids[row]);
        }
        let missing =
            r#"{"events": [{"type": "created", "priority": "high", "category": "incident"}]}"#;
        let expected = p.ticket_from_json(missing).expect_err("no time");
        let got = out.tickets.error[1].as_ref().map(ToString::to_string);
        assert_eq!(got, Some(expected.to_string()));
    }

    #[test]
    fn cells_only_the_json_reader_reads_alike_go_through_it() {
        let p = policy();
        let ids = vec![Some("A"), Some("A"), Some("B")];
        let t0 = 1_772_442_000;
        let at = [Some(t0), Some(t0 + 60), Some(t0)];
        let at = Seconds(&at);
        let kind = vec![Some("created"), Some("responded"), Some("created")];
        let category = vec![Some("incident"), None, Some("incident")];
        // A priority given as an integer is its text, as in JSON.
        let priority = [Some(5), None, Some(7)];
        let priority = Ints(&priority);
        let events = Events::new(&ids, &at, &kind)
            .and_then(|e| e.with_column("priority", &priority))
            .and_then(|e| e.with_column("category", &category))
            .expect("columns");
        let now = crate::parse_instant("2026-03-02T12:00:00Z").expect("instant");
        let out = p.evaluate_table(&events, &now, 1).expect("table");
        let json = r#"{"events": [{"at": "2026-03-02T09:00:00Z", "type": "created", "priority": "5", "category": "incident"}]}"#;
        let expected = p.ticket_from_json(json).expect_err("no priority 5");
        let got = out.tickets.error[0].as_ref().map(ToString::to_string);
        assert_eq!(got, Some(expected.to_string()));
        assert!(got.is_some_and(|m| m.contains("\"5\"")));
    }

    #[test]
    fn an_empty_table_is_two_empty_tables() {
        let empty: Vec<Option<&str>> = vec![];
        let none = Seconds(&[]);
        let e = Events::new(&empty, &none, &empty).expect("columns");
        let now = crate::parse_instant("2026-03-02T12:00:00Z").expect("instant");
        for threads in [0, 1, 2] {
            let t = policy().evaluate_table(&e, &now, threads).expect("empty");
            assert_eq!(t, TableReport::default());
        }
    }
}
