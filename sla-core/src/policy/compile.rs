//! Compiling a policy spec ([`Policy::from_spec`]): every name checked and
//! resolved to an index, every target cell parsed once, the roles of events
//! and statuses as bits, the report texts made. Each step below checks its
//! part of the spec in the order the spec lists it, so the first mistake
//! is the one reported.

use super::spec::{Cycles, MetricSpec, Named, OnReopen, PolicySpec, TargetCell};
use super::texts::{self, Texts};
use super::{
    role, Cell, Consent, EventKind, Kind, Metric, Policy, Reason, Threshold, ThresholdAt, Timer,
    TimerStart,
};
use crate::calendar::{Calendar, Preset};
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::work_time::WorkingDaysMeaning;

/// Validates and compiles a policy spec (see [`Policy::from_spec`]).
pub(super) fn compile(spec: PolicySpec) -> Result<Policy> {
    let cals = calendars(&spec)?;
    let priorities = ids("priority", &spec.priorities)?;
    let categories = ids("category", &spec.categories)?;
    let (event_names, event_attributes) = event_types(&spec)?;
    let statuses: Vec<String> = spec.statuses.iter().map(|s| s.id.clone()).collect();
    unique("status", statuses.iter().map(String::as_str))?;
    let metric_ids: Vec<String> = spec.metrics.iter().map(|m| m.id.clone()).collect();
    unique("metric", metric_ids.iter().map(String::as_str))?;
    if metric_ids.is_empty() {
        return Err(invalid("a policy needs at least one metric"));
    }
    let names = Names {
        calendars: &cals.names,
        priorities: &priorities,
        categories: &categories,
        event_names: &event_names,
        statuses: &statuses,
        metrics: &metric_ids,
    };
    let metrics = spec
        .metrics
        .iter()
        .map(|m| metric(m, &spec, &names, cals.default))
        .collect::<Result<Vec<_>>>()?;
    let reasons = reasons(&spec, &names)?;
    let timers = timers(&spec, &names, &reasons, cals.default)?;
    let mut workaround = vec![None; categories.len()];
    for (from, to) in &spec.workaround {
        workaround[names.category(from)?] = Some(names.category(to)?);
    }
    let consent = match &spec.consent {
        Some(c) => Some(Consent {
            metric: names.metric(&c.metric)?,
            within: c.within,
            before_deadline: c.before_deadline,
        }),
        None => None,
    };
    let texts = Texts::new(
        texts::Names {
            calendars: &cals.names,
            priorities: &priorities,
            categories: &categories,
            statuses: &statuses,
            event_names: &event_names,
        },
        &reasons,
        &metrics,
        &timers,
    );
    Ok(Policy {
        texts,
        spec,
        calendar_names: cals.names,
        calendars: cals.calendars,
        always: cals.always,
        default_calendar: cals.default,
        priorities,
        categories,
        reasons,
        metrics,
        timers,
        workaround,
        consent,
        event_names,
        event_attributes,
        statuses,
    })
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidPolicy(message.into())
}

/// The names a policy defines, in index order, to resolve references.
struct Names<'a> {
    calendars: &'a [String],
    priorities: &'a [String],
    categories: &'a [String],
    event_names: &'a [String],
    statuses: &'a [String],
    metrics: &'a [String],
}

/// The index of `name` in `names`, or an [`Error::Unknown`] listing them.
fn index_of(what: &'static str, names: &[String], name: &str) -> Result<usize> {
    names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| Error::unknown(what, name, names.iter().map(String::as_str)))
}

impl Names<'_> {
    fn calendar(&self, name: &str) -> Result<usize> {
        index_of("calendar", self.calendars, name)
    }

    fn priority(&self, name: &str) -> Result<usize> {
        index_of("priority", self.priorities, name)
    }

    fn category(&self, name: &str) -> Result<usize> {
        index_of("category", self.categories, name)
    }

    fn status(&self, name: &str) -> Result<usize> {
        index_of("status", self.statuses, name)
    }

    fn metric(&self, name: &str) -> Result<usize> {
        index_of("metric", self.metrics, name)
    }

    fn kind(&self, name: &str) -> Result<Kind> {
        kind_index(self.event_names, name)
    }
}

/// A policy's calendars, compiled.
struct Calendars {
    names: Vec<String>,
    calendars: Vec<Calendar>,
    /// Per calendar: a 24×7 calendar in its zone, for calendar-time targets.
    always: Vec<Calendar>,
    default: usize,
}

/// The policy's calendars and the default one.
fn calendars(spec: &PolicySpec) -> Result<Calendars> {
    if spec.calendars.is_empty() {
        return Err(invalid("a policy needs at least one calendar"));
    }
    let names: Vec<String> = spec.calendars.keys().cloned().collect();
    let mut calendars = Vec::new();
    let mut always = Vec::new();
    for (name, value) in &spec.calendars {
        let cal =
            Calendar::from_value(value).map_err(|e| wrap(e, &format!("calendar {name:?}")))?;
        always.push(Calendar::preset(Preset::AlwaysOn, cal.timezone().name())?);
        calendars.push(cal);
    }
    let default = match &spec.default_calendar {
        Some(n) => index_of("calendar", &names, n)?,
        None if calendars.len() == 1 => 0,
        None => index_of("calendar", &names, "default")
            .map_err(|_| invalid("several calendars and no default_calendar: name one"))?,
    };
    Ok(Calendars {
        names,
        calendars,
        always,
        default,
    })
}

/// Every event type's name (the built-in ones, then the declared ones),
/// and per declared type the attributes it may carry.
fn event_types(spec: &PolicySpec) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut event_names: Vec<String> = EventKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    let mut event_attributes = Vec::new();
    for e in &spec.events {
        if EventKind::from_name(&e.id).is_ok() {
            return Err(invalid(format!(
                "event type {:?} is built in: it needs no declaration",
                e.id
            )));
        }
        unique("attribute", e.attributes.iter().map(String::as_str))?;
        event_names.push(e.id.clone());
        event_attributes.push(e.attributes.clone());
    }
    unique("event type", spec.events.iter().map(|e| e.id.as_str()))?;
    if event_names.len() > usize::from(u16::MAX) {
        return Err(invalid("too many event types"));
    }
    Ok((event_names, event_attributes))
}

/// One metric, compiled: its roles, cycles, target cells and thresholds.
fn metric(m: &MetricSpec, spec: &PolicySpec, names: &Names<'_>, default: usize) -> Result<Metric> {
    let (roles, status_roles) = metric_roles(
        m,
        names.event_names.len(),
        names.statuses.len(),
        &|n| names.kind(n),
        &|n| names.status(n),
    )
    .map_err(|e| wrap(e, &format!("metric {:?}", m.id)))?;
    let on_reopen = match (m.cycles, m.on_reopen) {
        (Cycles::Periodic, None | Some(OnReopen::NewCycle)) => OnReopen::NewCycle,
        (Cycles::Periodic, Some(_)) => {
            return Err(invalid(format!(
                "metric {:?}: a periodic metric starts a new cycle at a reopening; \
                 on_reopen must be \"new_cycle\" or left out",
                m.id
            )))
        }
        (_, rule) => rule.unwrap_or(OnReopen::Continue),
    };
    let cyclic = m.cycles != Cycles::Once
        || on_reopen == OnReopen::NewCycle
        || roles.iter().any(|r| r & role::RESET != 0);
    let calendar = match &m.calendar {
        Some(c) => names.calendar(c)?,
        None => default,
    };
    let working_days = m.working_days_meaning.unwrap_or(spec.working_days_meaning);
    let cells = cells(m, names, calendar, working_days)?;
    Ok(Metric {
        id: m.id.clone(),
        roles,
        status_roles,
        cycles: m.cycles,
        on_reopen,
        cyclic,
        cells,
        on_upgrade: m.on_upgrade,
        on_downgrade: m.on_downgrade,
        on_category_change: m.on_category_change,
        worked_since: m.worked_since,
        thresholds: thresholds(m)?,
    })
}

/// A metric's target cell per (category, priority) pair, indexed
/// `category * priorities + priority`: every cell the spec gives parsed
/// once, then the wildcards resolved per pair.
fn cells(
    m: &MetricSpec,
    names: &Names<'_>,
    calendar: usize,
    working_days: WorkingDaysMeaning,
) -> Result<Vec<Cell>> {
    // A list, not a map: a policy has few cells, and a map type is
    // several KB of the WebAssembly build.
    let mut parsed: Vec<((&str, &str), Cell)> = Vec::new();
    for (cat, row) in &m.targets {
        if cat != "*" {
            names.category(cat)?;
        }
        for (prio, cell) in row {
            if prio != "*" {
                names.priority(prio)?;
            }
            let cell = parse_cell(cell, calendar, working_days, &|c| names.calendar(c))
                .map_err(|e| wrap(e, &format!("metric {:?}, target {cat:?}/{prio:?}", m.id)))?;
            parsed.push(((cat.as_str(), prio.as_str()), cell));
        }
    }
    let mut cells = Vec::with_capacity(names.categories.len() * names.priorities.len());
    for cat in names.categories {
        for prio in names.priorities {
            let cell = [
                (cat.as_str(), prio.as_str()),
                (cat.as_str(), "*"),
                ("*", prio.as_str()),
                ("*", "*"),
            ]
            .iter()
            .find_map(|k| parsed.iter().find(|(key, _)| key == k))
            .map(|(_, cell)| cell.clone())
            .ok_or_else(|| {
                invalid(format!(
                    "metric {:?} has no target for category {cat:?}, priority {prio:?}: \
                     give a duration, \"by agreement\", \"not allowed\" or \"not applicable\"",
                    m.id
                ))
            })?;
            cells.push(cell);
        }
    }
    Ok(cells)
}

/// A metric's thresholds: each a percentage of the target or a duration
/// before the deadline.
fn thresholds(m: &MetricSpec) -> Result<Vec<Threshold>> {
    let mut thresholds = Vec::new();
    for t in &m.thresholds {
        let at = match (t.percent, t.before) {
            (Some(p), None) if p > 0.0 && p <= 100.0 => ThresholdAt::Percent(p),
            (None, Some(d)) => ThresholdAt::Before(d),
            _ => {
                return Err(invalid(format!(
                    "threshold {:?} of metric {:?}: give either percent (0 < p <= 100) or before",
                    t.id, m.id
                )))
            }
        };
        thresholds.push(Threshold {
            id: t.id.clone(),
            at,
        });
    }
    Ok(thresholds)
}

/// The pause reasons, each with the metrics it stops (all by default).
fn reasons(spec: &PolicySpec, names: &Names<'_>) -> Result<Vec<Reason>> {
    unique(
        "pause reason",
        spec.pause_reasons.iter().map(|r| r.id.as_str()),
    )?;
    let mut reasons = Vec::new();
    for r in &spec.pause_reasons {
        let stops = match &r.stops {
            None => vec![true; names.metrics.len()],
            Some(list) => {
                let mut v = vec![false; names.metrics.len()];
                for name in list {
                    v[names.metric(name)?] = true;
                }
                v
            }
        };
        reasons.push(Reason {
            id: r.id.clone(),
            stops,
        });
    }
    Ok(reasons)
}

/// The timers: each started by an event type or a pause reason
/// (`paused:<reason>`, cancelled by `resumed` unless told otherwise).
fn timers(
    spec: &PolicySpec,
    names: &Names<'_>,
    reasons: &[Reason],
    default: usize,
) -> Result<Vec<Timer>> {
    let reason_index = |name: &str| -> Result<usize> {
        reasons.iter().position(|r| r.id == name).ok_or_else(|| {
            Error::unknown("pause reason", name, reasons.iter().map(|r| r.id.as_str()))
        })
    };
    unique("timer", spec.timers.iter().map(|t| t.id.as_str()))?;
    let mut timers = Vec::new();
    for t in &spec.timers {
        let start = match t.start.strip_prefix("paused:") {
            Some(reason) => TimerStart::Paused(reason_index(reason)?),
            None => TimerStart::Event(names.kind(&t.start)?),
        };
        let cancel = match &t.cancel_on {
            Some(list) => list
                .iter()
                .map(|n| names.kind(n))
                .collect::<Result<Vec<_>>>()?,
            None if matches!(start, TimerStart::Paused(_)) => {
                vec![Kind::of(EventKind::Resumed)]
            }
            None => Vec::new(),
        };
        let calendar = match &t.calendar {
            Some(c) => names.calendar(c)?,
            None => default,
        };
        timers.push(Timer {
            id: t.id.clone(),
            start,
            cancel,
            duration: t.duration,
            calendar,
        });
    }
    Ok(timers)
}

fn parse_cell(
    cell: &TargetCell,
    calendar: usize,
    working_days: WorkingDaysMeaning,
    cal_index: &dyn Fn(&str) -> Result<usize>,
) -> Result<Cell> {
    let (text, cal, wd) = match cell {
        TargetCell::Text(t) => (t.as_str(), calendar, working_days),
        TargetCell::Detailed(d) => (
            d.duration.as_str(),
            match &d.calendar {
                Some(c) => cal_index(c)?,
                None => calendar,
            },
            d.working_days_meaning.unwrap_or(working_days),
        ),
    };
    let detail = match cell {
        TargetCell::Detailed(d) => Some(d),
        TargetCell::Text(_) => None,
    };
    // A setting that cannot take effect is an error, not ignored.
    let unused = |key: &str, what: &str| {
        Error::InvalidPolicy(format!("{key:?} does not apply to {what} target {text:?}"))
    };
    match text.trim().to_ascii_lowercase().as_str() {
        "by agreement" => {
            if detail.is_some_and(|d| d.working_days_meaning.is_some()) {
                return Err(unused("working_days_meaning", "a"));
            }
            Ok(Cell::ByAgreement { calendar: cal })
        }
        word @ ("not allowed" | "not applicable") => {
            if detail.is_some() {
                return Err(Error::InvalidPolicy(format!("{text:?} takes no options")));
            }
            Ok(if word == "not allowed" {
                Cell::NotAllowed
            } else {
                Cell::NotApplicable
            })
        }
        _ => {
            let duration: Duration = text.parse()?;
            if detail.is_some_and(|d| d.working_days_meaning.is_some())
                && !matches!(duration, Duration::WorkingDays(_))
            {
                return Err(unused("working_days_meaning", "the non-working-day"));
            }
            Ok(Cell::Target {
                duration,
                calendar: cal,
                working_days_meaning: wd,
                text: duration.to_string(),
            })
        }
    }
}

pub(super) fn kind_index(names: &[String], name: &str) -> Result<Kind> {
    names
        .iter()
        .position(|n| n == name)
        .and_then(|i| u16::try_from(i).ok())
        .map(Kind)
        .ok_or_else(|| Error::unknown("event type", name, names.iter().map(String::as_str)))
}

/// A metric's role bits per event type and per status.
fn metric_roles(
    m: &MetricSpec,
    kinds: usize,
    statuses: usize,
    kind_of: &dyn Fn(&str) -> Result<Kind>,
    status_of: &dyn Fn(&str) -> Result<usize>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut roles = vec![0u8; kinds];
    let names = [
        ("start", &m.start, role::START),
        ("stop", &m.stop, role::STOP),
        ("pause_on", &m.pause_on, role::PAUSE),
        ("resume_on", &m.resume_on, role::RESUME),
        ("reset_on", &m.reset_on, role::RESET),
        ("cancel_on", &m.cancel_on, role::CANCEL),
    ];
    if m.pause_on.is_empty() != m.resume_on.is_empty() {
        return Err(Error::InvalidPolicy(
            "give pause_on and resume_on together: a pause needs its end".into(),
        ));
    }
    if m.stop.is_empty() {
        return Err(Error::InvalidPolicy("\"stop\" names no event".into()));
    }
    for (key, list, bit) in names {
        for name in list {
            let k = kind_of(name)?;
            let r = &mut roles[k.index()];
            // One event, one role per metric (start and stop together
            // would be ambiguous), except for a periodic metric's update.
            if *r != 0 {
                return Err(Error::InvalidPolicy(format!(
                    "event type {name:?} is given two roles ({key} and another)"
                )));
            }
            *r = bit;
        }
    }
    if roles[Kind::of(EventKind::StatusChanged).index()] != 0 {
        return Err(Error::InvalidPolicy(
            "status_changed takes no role itself: name statuses in pause_in, stop_in or cancel_in"
                .into(),
        ));
    }
    // A periodic metric's last cycle ends at the ticket's resolution.
    if m.cycles == Cycles::Periodic {
        let r = &mut roles[Kind::of(EventKind::Resolved).index()];
        if *r & !role::STOP != 0 {
            return Err(Error::InvalidPolicy(
                "a periodic metric ends at \"resolved\": give it no other role".into(),
            ));
        }
        *r = role::STOP;
    }
    let mut status_roles = vec![0u8; statuses];
    for (key, list, bit) in [
        ("pause_in", &m.pause_in, role::PAUSE),
        ("stop_in", &m.stop_in, role::STOP),
        ("cancel_in", &m.cancel_in, role::CANCEL),
    ] {
        for name in list {
            let r = &mut status_roles[status_of(name)?];
            if *r != 0 {
                return Err(Error::InvalidPolicy(format!(
                    "status {name:?} is given two roles ({key} and another)"
                )));
            }
            *r = bit;
        }
    }
    Ok((roles, status_roles))
}

fn ids(what: &'static str, items: &[Named]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Err(Error::InvalidPolicy(format!(
            "a policy needs at least one {what}"
        )));
    }
    unique(what, items.iter().map(|n| n.id.as_str()))?;
    Ok(items.iter().map(|n| n.id.clone()).collect())
}

fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<()> {
    // A list, not a set: a policy names a few dozen items at most.
    let mut seen = Vec::new();
    for n in names {
        if n.is_empty() || n == "*" {
            return Err(Error::InvalidPolicy(format!("invalid {what} id {n:?}")));
        }
        if seen.contains(&n) {
            return Err(Error::InvalidPolicy(format!(
                "{what} {n:?} is defined twice"
            )));
        }
        seen.push(n);
    }
    Ok(())
}

/// Prefixes an error's context, keeping typed variants where they name the value.
fn wrap(e: Error, context: &str) -> Error {
    match e {
        Error::InvalidPolicy(m) => Error::InvalidPolicy(format!("{context}: {m}")),
        // A calendar's data errors say which of the policy's calendars.
        Error::InvalidCalendarData(m) => Error::InvalidCalendarData(format!("{context}: {m}")),
        other => other,
    }
}
