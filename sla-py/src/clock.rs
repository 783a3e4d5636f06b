//! The clock's output (`clock/report.rs`) as read-only Python objects.
//!
//! Each class wraps the core's struct and exposes its fields under the same
//! names; instants are aware `datetime` objects with the offset the core
//! gives them, enums are their JSON names, `to_dict()` / `to_json()` give the
//! JSON contract exactly as the core serialises it.

use chrono::{DateTime, FixedOffset};
use pyo3::prelude::*;
use pyo3::types::PyDelta;
use sla_core::{
    CycleList, CycleReport, HistoryEntry, MetricReport, Report, Segment, ThresholdReport, Timeline,
    TimerReport,
};

use crate::convert::{self, fixed, fixed_opt};
use crate::error::raise;

type Instant<'py> = PyResult<Bound<'py, PyAny>>;
type MaybeInstant<'py> = PyResult<Option<Bound<'py, PyAny>>>;

/// One `#[pymethods]` block per class: its getters, then `to_dict`,
/// `to_json`, `==` and `repr`, the same for every report class.
macro_rules! contract_class {
    ($class:ident { $($getters:tt)* }) => {
        #[pymethods]
        impl $class {
            $($getters)*

            /// The JSON contract form, as `json.loads` reads the core's output.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                convert::to_python(py, &self.0)
            }

            /// The JSON contract form as text.
            fn to_json(&self) -> PyResult<String> {
                sla_core::to_json(&self.0).map_err(raise)
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other
                    .cast::<$class>()
                    .is_ok_and(|o| o.get().0 == self.0)
            }

            fn __repr__(&self) -> String {
                format!(
                    "{}({})",
                    stringify!($class).trim_start_matches("Py"),
                    sla_core::to_json(&self.0).unwrap_or_default()
                )
            }
        }
    };
}

/// A ticket's SLA status at one instant.
#[pyclass(name = "Report", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyReport(Report);

/// One metric's status.
#[pyclass(name = "MetricReport", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyMetricReport(MetricReport);

/// A metric's cycles, with counts.
#[pyclass(name = "CycleList", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyCycleList(CycleList);

/// One cycle of a metric.
#[pyclass(name = "CycleReport", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyCycleReport(CycleReport);

/// A threshold instant (warning, escalation).
#[pyclass(name = "ThresholdReport", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyThresholdReport(ThresholdReport);

/// One timer's state.
#[pyclass(name = "TimerReport", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyTimerReport(TimerReport);

/// Why a deadline is what it is (with `explain=True`).
#[pyclass(name = "Timeline", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyTimeline(Timeline);

/// One step of a deadline's history.
#[pyclass(name = "HistoryEntry", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyHistoryEntry(HistoryEntry);

/// A stretch of a metric's timeline.
#[pyclass(name = "Segment", module = "sla", frozen)]
#[derive(Debug)]
pub struct PySegment(Segment);

impl From<Report> for PyReport {
    fn from(r: Report) -> PyReport {
        PyReport(r)
    }
}

fn at<'py>(py: Python<'py>, t: &DateTime<FixedOffset>) -> Instant<'py> {
    fixed(py, t)
}

contract_class!(PyReport {
    /// The ticket's identifier, if it has one.
    #[getter]
    fn ticket(&self) -> Option<&str> {
        self.0.ticket.as_deref()
    }
    /// The evaluation instant.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> Instant<'py> {
        at(py, &self.0.at)
    }
    /// The first whole second after `at` at which the report would read
    /// differently with no new event, or `None` when nothing will change.
    #[getter]
    fn next_change_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.next_change_at)
    }
    /// `"open"`, `"paused"`, `"resolved"` or `"closed"`.
    #[getter]
    fn status(&self) -> String {
        convert::name(&self.0.status)
    }
    /// The priority in force.
    #[getter]
    fn priority(&self) -> &str {
        &self.0.priority
    }
    /// The category in force.
    #[getter]
    fn category(&self) -> &str {
        &self.0.category
    }
    /// Why the ticket is paused, if it is.
    #[getter]
    fn pause_reason(&self) -> Option<&str> {
        self.0.pause_reason.as_deref()
    }
    /// The helpdesk status in force (one of the policy's `statuses`), if an
    /// event gave one.
    #[getter]
    fn helpdesk_status(&self) -> Option<&str> {
        self.0.helpdesk_status.as_deref()
    }
    /// One entry per metric that applies to the ticket.
    #[getter]
    fn metrics(&self) -> Vec<PyMetricReport> {
        self.0.metrics.iter().cloned().map(PyMetricReport).collect()
    }
    /// The policy's timers, then the consent timer if a priority changed.
    #[getter]
    fn timers(&self) -> Vec<PyTimerReport> {
        self.0.timers.iter().cloned().map(PyTimerReport).collect()
    }
    /// The metric with this identifier, or None if it does not apply.
    fn metric(&self, id: &str) -> Option<PyMetricReport> {
        self.0
            .metrics
            .iter()
            .find(|m| m.metric == id)
            .cloned()
            .map(PyMetricReport)
    }
});

contract_class!(PyMetricReport {
    /// The metric's identifier.
    #[getter]
    fn metric(&self) -> &str {
        &self.0.metric
    }
    /// `"not_started"`, `"running"`, `"paused"`, `"met"`, `"breached"`,
    /// `"no_deadline"` or `"cancelled"`.
    #[getter]
    fn state(&self) -> String {
        convert::name(&self.0.state)
    }
    /// The policy calendar name the metric counts on.
    #[getter]
    fn calendar(&self) -> &str {
        &self.0.calendar
    }
    /// The target in force, e.g. `"3 working days"`, `"by agreement"`.
    #[getter]
    fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }
    /// When the metric's clock started.
    #[getter]
    fn started_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.started_at)
    }
    /// When its stop event (or the closing) happened.
    #[getter]
    fn stopped_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.stopped_at)
    }
    /// The deadline in force; None while paused (see `projected_deadline`).
    #[getter]
    fn deadline<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.deadline)
    }
    /// While paused: the deadline if the clock resumed at the evaluation instant.
    #[getter]
    fn projected_deadline<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.projected_deadline)
    }
    /// The rule that produced the deadline.
    #[getter]
    fn cause(&self) -> Option<&str> {
        self.0.cause.as_deref()
    }
    /// The instant of the breach, if breached.
    #[getter]
    fn breached_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.breached_at)
    }
    /// Working seconds counted toward the target (since the last restart,
    /// or since the start with `worked_since = "start"`).
    #[getter]
    fn worked_seconds(&self) -> i64 {
        self.0.worked_seconds
    }
    /// Working seconds since the metric started, restarts notwithstanding.
    #[getter]
    fn worked_since_start_seconds(&self) -> i64 {
        self.0.worked_since_start_seconds
    }
    /// Working seconds left (negative once breached); None without a deadline.
    #[getter]
    fn remaining_seconds(&self) -> Option<i64> {
        self.0.remaining_seconds
    }
    /// `worked_seconds` as a timedelta.
    #[getter]
    fn worked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        convert::timedelta(py, self.0.worked_seconds)
    }
    /// `remaining_seconds` as a timedelta.
    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDelta>>> {
        self.0
            .remaining_seconds
            .map(|s| convert::timedelta(py, s))
            .transpose()
    }
    /// Share of the target used, in percent, two decimals.
    #[getter]
    fn percent_used(&self) -> Option<f64> {
        self.0.percent_used
    }
    /// Running, but the calendar says the clock is stopped right now.
    #[getter]
    fn outside_working_hours(&self) -> bool {
        self.0.outside_working_hours
    }
    /// The reason of the pause, while paused.
    #[getter]
    fn pause_reason(&self) -> Option<&str> {
        self.0.pause_reason.as_deref()
    }
    /// Warning and escalation instants.
    #[getter]
    fn thresholds(&self) -> Vec<PyThresholdReport> {
        self.0
            .thresholds
            .iter()
            .cloned()
            .map(PyThresholdReport)
            .collect()
    }
    /// Every cycle of a metric that can have several (repeated, periodic,
    /// reset or reopened as a new cycle), the current one last; None for
    /// other metrics.
    #[getter]
    fn cycles(&self) -> Option<PyCycleList> {
        self.0.cycles.clone().map(PyCycleList)
    }
    /// The explanation, when asked for with `explain=True`.
    #[getter]
    fn timeline(&self) -> Option<PyTimeline> {
        self.0.timeline.clone().map(PyTimeline)
    }
});

contract_class!(PyCycleList {
    /// How many cycles there are (the current one included).
    #[getter]
    fn total(&self) -> u32 {
        self.0.total
    }
    /// How many were met.
    #[getter]
    fn met(&self) -> u32 {
        self.0.met
    }
    /// How many were breached (the current one included if it is).
    #[getter]
    fn breached(&self) -> u32 {
        self.0.breached
    }
    /// The cycles in time order.
    #[getter]
    fn items(&self) -> Vec<PyCycleReport> {
        self.0.items.iter().cloned().map(PyCycleReport).collect()
    }
});

contract_class!(PyCycleReport {
    /// `"met"`, `"breached"`, `"cancelled"` (ended by a reset or a cancel
    /// before its deadline), or the current cycle's state.
    #[getter]
    fn state(&self) -> String {
        convert::name(&self.0.state)
    }
    /// When the cycle started.
    #[getter]
    fn started_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.started_at)
    }
    /// When it ended (None while it runs).
    #[getter]
    fn stopped_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.stopped_at)
    }
    /// Its deadline (None while paused or without a target).
    #[getter]
    fn deadline<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.deadline)
    }
    /// When it was breached.
    #[getter]
    fn breached_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.breached_at)
    }
    /// Working seconds in the cycle.
    #[getter]
    fn worked_seconds(&self) -> i64 {
        self.0.worked_seconds
    }
    /// Its thresholds.
    #[getter]
    fn thresholds(&self) -> Vec<PyThresholdReport> {
        self.0
            .thresholds
            .iter()
            .cloned()
            .map(PyThresholdReport)
            .collect()
    }
});

contract_class!(PyThresholdReport {
    /// The threshold's identifier (its `id` in the policy).
    #[getter]
    fn threshold(&self) -> &str {
        &self.0.threshold
    }
    /// When it is (or was) reached.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> Instant<'py> {
        at(py, &self.0.at)
    }
    /// Whether it was reached while the clock ran.
    #[getter]
    fn reached(&self) -> bool {
        self.0.reached
    }
});

contract_class!(PyTimerReport {
    /// The timer's identifier (`consent` for the priority-change consent).
    #[getter]
    fn timer(&self) -> &str {
        &self.0.timer
    }
    /// `"pending"`, `"running"`, `"due"` or `"cancelled"`.
    #[getter]
    fn state(&self) -> String {
        convert::name(&self.0.state)
    }
    /// When it started.
    #[getter]
    fn started_at<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.started_at)
    }
    /// When it is due.
    #[getter]
    fn due<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.due)
    }
});

contract_class!(PyTimeline {
    /// Every event that set or moved the deadline, with the deadline after it.
    #[getter]
    fn history(&self) -> Vec<PyHistoryEntry> {
        self.0.history.iter().cloned().map(PyHistoryEntry).collect()
    }
    /// From the metric's start to its stop (or to the deadline, projected).
    #[getter]
    fn segments(&self) -> Vec<PySegment> {
        self.0.segments.iter().cloned().map(PySegment).collect()
    }
});

contract_class!(PyHistoryEntry {
    /// When.
    #[getter]
    fn at<'py>(&self, py: Python<'py>) -> Instant<'py> {
        at(py, &self.0.at)
    }
    /// What happened and which rule applied.
    #[getter]
    fn cause(&self) -> &str {
        &self.0.cause
    }
    /// The deadline in force afterwards.
    #[getter]
    fn deadline<'py>(&self, py: Python<'py>) -> MaybeInstant<'py> {
        fixed_opt(py, &self.0.deadline)
    }
});

contract_class!(PySegment {
    /// Its first instant.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> Instant<'py> {
        at(py, &self.0.start)
    }
    /// The instant after it (a segment is `[start, end)`).
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> Instant<'py> {
        at(py, &self.0.end)
    }
    /// `"working"`, `"outside_hours"`, `"paused"` or `"stopped"`.
    #[getter]
    fn kind(&self) -> String {
        convert::name(&self.0.kind)
    }
    /// The pause reason, for a pause.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// Working seconds it spans.
    #[getter]
    fn working_seconds(&self) -> i64 {
        self.0.working_seconds
    }
    /// Whether it lies after the evaluation instant (a projection).
    #[getter]
    fn projected(&self) -> bool {
        self.0.projected
    }
});
