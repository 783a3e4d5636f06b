//! Python bindings of the SLA engine: the extension module `sla._sla`,
//! re-exported by the package `sla`.
//!
//! Every computation is sla-core's; this crate converts arguments, calls the
//! core, and converts the result or the error. One file per core module:
//!
//! | file | core module | Python |
//! | --- | --- | --- |
//! | `calendar.rs` | `calendar`, `work_time`, `amount` | `Calendar` |
//! | `bulk.rs` | `bulk` | the bulk calls' lists and numpy arrays |
//! | `policy.rs` | `policy`, `clock::ticket` | `Policy`, `Ticket` |
//! | `set.rs` | `policy::set` | `PolicySet`, `SetReport` |
//! | `clock.rs` | `clock::report` | `Report`, `MetricReport`, ... |
//! | `contract.rs` | `contract` | `evaluate`, `evaluate_json` |
//! | `error.rs` | `error` | `SlaError` and its subclasses |
//! | `table.rs` | `table` | `Policy.evaluate_table`, `PolicySet.evaluate_table` |
//! | `arrow.rs` | — | Arrow columns in and out (PyCapsule interface) |
//! | `convert.rs` | — | datetime / timedelta / JSON conversions |

mod arrow;
mod bulk;
mod calendar;
mod clock;
mod column;
mod contract;
mod convert;
mod error;
mod policy;
mod set;
mod table;

/// The extension module `sla._sla`: the classes and functions, and the
/// version and exception classes added when it loads.
#[pyo3::pymodule]
mod _sla {
    #[pymodule_export]
    use crate::{
        calendar::PyCalendar,
        clock::{
            PyCycleList, PyCycleReport, PyHistoryEntry, PyMetricReport, PyReport, PySegment,
            PyThresholdReport, PyTimeline, PyTimerReport,
        },
        contract::{bundled_production_calendar, evaluate, evaluate_json},
        policy::{PyPolicy, PyTicket},
        set::{PyPolicySet, PySetReport},
    };
    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        crate::error::register(m)
    }
}
