//! The clock's output (`clock/report.rs`) as read-only Python objects.
//!
//! Each class wraps the core's struct and exposes its fields under the same
//! names; instants are aware `datetime` objects with the offset the core
//! gives them, enums are their JSON names, `to_dict()` / `to_json()` give the
//! JSON contract exactly as the core serialises it.

use chrono::{DateTime, FixedOffset, TimeDelta};
use pyo3::prelude::*;
use pyo3::types::{PyDelta, PyList};
use pyo3::IntoPyObjectExt;
use sla_core::{CalendarSpec, PolicySetSpec, PolicySpec, Tz};
use sla_core::{
    CycleList, CycleReport, HistoryEntry, MetricReport, MetricState, Report, Segment, SegmentKind,
    ThresholdReport, TicketStatus, Timeline, TimerReport, TimerState,
};

use crate::convert;

/// A field of a report, or what a getter of a policy, set or calendar
/// reads, as the Python value its getter gives: the value itself, an
/// enum's JSON name, a zone's IANA name, a spec as its JSON form, a nested
/// report as its class, a list or None.
pub(crate) trait Field {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

macro_rules! field_as {
    ($($t:ty),* => |$v:ident, $py:ident| $e:expr) => {$(
        impl Field for $t {
            fn py<'py>(&self, $py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let $v = self;
                $e
            }
        }
    )*};
}
field_as!(i32, i64, u32, f64, bool, &str, String, TimeDelta, DateTime<FixedOffset> => |v, py| {
    v.into_bound_py_any(py)
});
field_as!(sla_core::Text, TicketStatus, MetricState, TimerState, SegmentKind => |v, py| {
    v.as_str().into_bound_py_any(py)
});
field_as!(Tz => |v, py| v.name().into_bound_py_any(py));
field_as!(PolicySpec, PolicySetSpec, CalendarSpec => |v, py| convert::to_python(py, v));

impl<T: Field> Field for Option<T> {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_ref()
            .map_or_else(|| Ok(py.None().into_bound(py)), |v| v.py(py))
    }
}

impl<T: Field> Field for [T] {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let items = self
            .iter()
            .map(|v| v.py(py))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any())
    }
}

impl<T: Field> Field for Vec<T> {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_slice().py(py)
    }
}

/// The `#[pymethods]` of a frozen class wrapping a core value in
/// `self.inner` (a policy, a policy set, a calendar): with `document`, the
/// constructor from a dict, JSON text or a `.json`/`.toml` file
/// ([`text_or_file`](crate::convert::text_or_file); the literal names what
/// it expects), a staticmethod per listed reader of the core type (text
/// in, the class out through its `wrap`), a getter per listed method of
/// the value (see [`Field`]), then the methods given.
macro_rules! wrapper_methods {
    ($class:ident($core:ty)
     $(document $expected:literal)?
     readers { $($(#[$rdoc:meta])* $reader:ident),* $(,)? }
     getters { $($(#[$gdoc:meta])* $getter:ident),* $(,)? }
     $($methods:tt)*) => {
        #[pymethods]
        impl $class {
            $(
                #[new]
                fn new(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<$class> {
                    let (text, toml) = $crate::convert::text_or_file(source, $expected)?;
                    let read = if toml { <$core>::from_toml } else { <$core>::from_json };
                    $class::wrap(py, read(&text))
                }
            )?

            $(
                $(#[$rdoc])*
                #[staticmethod]
                fn $reader(py: Python<'_>, text: $crate::convert::Text) -> PyResult<$class> {
                    $class::wrap(py, <$core>::$reader(&text))
                }
            )*

            $(
                $(#[$gdoc])*
                #[getter]
                fn $getter<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    // A method call: a reference reads as what it points to.
                    use $crate::clock::Field as _;
                    self.inner.$getter().py(py)
                }
            )*

            $($methods)*
        }
    };
}
pub(crate) use wrapper_methods;

/// A frozen class wrapping a report struct of the core: one getter per
/// listed field (see [`Field`]), the extra methods given, then `to_dict`,
/// `to_json`, `==` and `repr`, the same for every report class.
macro_rules! report_class {
    ($(#[$($doc:tt)*])* $class:ident($core:ty) = $name:tt {
        $($(#[$($fdoc:tt)*])* $field:ident),* $(,)?
    } $($extra:tt)*) => {
        $(#[$($doc)*])*
        #[pyclass(name = $name, module = "sla", frozen)]
        #[derive(Debug)]
        pub struct $class(pub(crate) $core);

        impl $crate::clock::Field for $core {
            fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                pyo3::IntoPyObjectExt::into_bound_py_any($class(self.clone()), py)
            }
        }

        #[pymethods]
        impl $class {
            $(
                $(#[$($fdoc)*])*
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    $crate::clock::Field::py(&self.0.$field, py)
                }
            )*

            $($extra)*

            /// The JSON contract form, as `json.loads` reads the core's output.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                $crate::convert::to_python(py, &self.0)
            }

            /// The JSON contract form as text.
            fn to_json(&self) -> PyResult<String> {
                sla_core::to_json(&self.0).map_err($crate::error::raise)
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$class>().is_ok_and(|o| o.get().0 == self.0)
            }

            fn __repr__(&self) -> String {
                format!("{}({})", $name, sla_core::to_json(&self.0).unwrap_or_default())
            }
        }
    };
}
pub(crate) use report_class;

report_class! {
    /// A ticket's SLA status at one instant.
    PyReport(Report) = "Report" {
        /// The ticket's identifier, if it has one.
        ticket,
        /// The evaluation instant.
        at,
        /// The first whole second after `at` at which the report would read
        /// differently with no new event, or `None` when nothing will change.
        next_change_at,
        /// `"open"`, `"paused"`, `"resolved"` or `"closed"`.
        status,
        /// The priority in force.
        priority,
        /// The category in force.
        category,
        /// Why the ticket is paused, if it is.
        pause_reason,
        /// The helpdesk status in force (one of the policy's `statuses`), if an
        /// event gave one.
        helpdesk_status,
        /// One entry per metric that applies to the ticket.
        metrics,
        /// The policy's timers, then the consent timer if a priority changed.
        timers,
    }
    /// The metric with this identifier, or None if it does not apply.
    fn metric(&self, id: &str) -> Option<PyMetricReport> {
        let m = self.0.metrics.iter().find(|m| m.metric == id);
        m.cloned().map(PyMetricReport)
    }
}

report_class! {
    /// One metric's status.
    PyMetricReport(MetricReport) = "MetricReport" {
        /// The metric's identifier.
        metric,
        /// `"not_started"`, `"running"`, `"paused"`, `"met"`, `"breached"`,
        /// `"no_deadline"` or `"cancelled"`.
        state,
        /// The policy calendar name the metric counts on.
        calendar,
        /// The target in force, e.g. `"3 working days"`, `"by agreement"`.
        target,
        /// When the metric's clock started.
        started_at,
        /// When its stop event (or the closing) happened.
        stopped_at,
        /// The deadline in force; None while paused (see `projected_deadline`).
        deadline,
        /// While paused: the deadline if the clock resumed at the evaluation instant.
        projected_deadline,
        /// The rule that produced the deadline.
        cause,
        /// The instant of the breach, if breached.
        breached_at,
        /// Working seconds counted toward the target (since the last restart,
        /// or since the start with `worked_since = "start"`).
        worked_seconds,
        /// Working seconds since the metric started, restarts notwithstanding.
        worked_since_start_seconds,
        /// Working seconds left (negative once breached); None without a deadline.
        remaining_seconds,
        /// Share of the target used, in percent, two decimals.
        percent_used,
        /// Running, but the calendar says the clock is stopped right now.
        outside_working_hours,
        /// The reason of the pause, while paused.
        pause_reason,
        /// Warning and escalation instants.
        thresholds,
        /// Every cycle of a metric that can have several (repeated, periodic,
        /// reset or reopened as a new cycle), the current one last; None for
        /// other metrics.
        cycles,
        /// The explanation, when asked for with `explain=True`.
        timeline,
    }
    /// `worked_seconds` as a timedelta.
    #[getter]
    fn worked<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        convert::timedelta(py, self.0.worked_seconds)
    }
    /// `remaining_seconds` as a timedelta.
    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDelta>>> {
        let remaining = self.0.remaining_seconds;
        remaining.map(|s| convert::timedelta(py, s)).transpose()
    }
}

report_class! {
    /// A metric's cycles, with counts.
    PyCycleList(CycleList) = "CycleList" {
        /// How many cycles there are (the current one included).
        total,
        /// How many were met.
        met,
        /// How many were breached (the current one included if it is).
        breached,
        /// The cycles in time order.
        items,
    }
}

report_class! {
    /// One cycle of a metric.
    PyCycleReport(CycleReport) = "CycleReport" {
        /// `"met"`, `"breached"`, `"cancelled"` (ended by a reset or a cancel
        /// before its deadline), or the current cycle's state.
        state,
        /// When the cycle started.
        started_at,
        /// When it ended (None while it runs).
        stopped_at,
        /// Its deadline (None while paused or without a target).
        deadline,
        /// When it was breached.
        breached_at,
        /// Working seconds in the cycle.
        worked_seconds,
        /// Its thresholds.
        thresholds,
    }
}

report_class! {
    /// A threshold instant (warning, escalation).
    PyThresholdReport(ThresholdReport) = "ThresholdReport" {
        /// The threshold's identifier (its `id` in the policy).
        threshold,
        /// When it is (or was) reached.
        at,
        /// Whether it was reached while the clock ran.
        reached,
    }
}

report_class! {
    /// One timer's state.
    PyTimerReport(TimerReport) = "TimerReport" {
        /// The timer's identifier (`consent` for the priority-change consent).
        timer,
        /// `"pending"`, `"running"`, `"due"` or `"cancelled"`.
        state,
        /// When it started.
        started_at,
        /// When it is due.
        due,
    }
}

report_class! {
    /// Why a deadline is what it is (with `explain=True`).
    PyTimeline(Timeline) = "Timeline" {
        /// Every event that set or moved the deadline, with the deadline after it.
        history,
        /// From the metric's start to its stop (or to the deadline, projected).
        segments,
    }
}

report_class! {
    /// One step of a deadline's history.
    PyHistoryEntry(HistoryEntry) = "HistoryEntry" {
        /// When.
        at,
        /// What happened and which rule applied.
        cause,
        /// The deadline in force afterwards.
        deadline,
    }
}

report_class! {
    /// A stretch of a metric's timeline.
    PySegment(Segment) = "Segment" {
        /// Its first instant.
        start,
        /// The instant after it (a segment is `[start, end)`).
        end,
        /// `"working"`, `"outside_hours"`, `"paused"` or `"stopped"`.
        kind,
        /// The pause reason, for a pause.
        reason,
        /// Working seconds it spans.
        working_seconds,
        /// Whether it lies after the evaluation instant (a projection).
        projected,
    }
}
