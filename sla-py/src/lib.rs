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

use pyo3::prelude::*;

#[pymodule]
fn _sla(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<policy::PyTicket>()?;
    m.add_class::<set::PyPolicySet>()?;
    m.add_class::<set::PySetReport>()?;
    m.add_class::<clock::PyReport>()?;
    m.add_class::<clock::PyMetricReport>()?;
    m.add_class::<clock::PyCycleList>()?;
    m.add_class::<clock::PyCycleReport>()?;
    m.add_class::<clock::PyThresholdReport>()?;
    m.add_class::<clock::PyTimerReport>()?;
    m.add_class::<clock::PyTimeline>()?;
    m.add_class::<clock::PyHistoryEntry>()?;
    m.add_class::<clock::PySegment>()?;
    m.add_function(wrap_pyfunction!(contract::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(contract::evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(contract::bundled_production_calendar, m)?)?;
    Ok(())
}
