//! The JSON contract (`contract.rs` of the core): request in, report out,
//! the same JSON in every language. And the bundled data the core ships.

use pyo3::prelude::*;
use sla_core::ProductionCalendar;

use crate::convert::{self, Text};
use crate::error::raise;

/// Evaluates a request (`{"policy", "ticket", "at", "explain"}`, as a dict,
/// JSON text or the path of a JSON file) and returns the report as a dict.
#[pyfunction]
pub fn evaluate<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let text = convert::text_or_file(request, "a request dict, JSON str or file path")?.0;
    let report = py.detach(|| sla_core::evaluate_json(&text));
    convert::loads(py, &report.map_err(raise)?)
}

/// Evaluates a request given as JSON text; returns the report as JSON text.
#[pyfunction]
pub fn evaluate_json(py: Python<'_>, request: Text) -> PyResult<String> {
    py.detach(|| sla_core::evaluate_json(&request))
        .map_err(raise)
}

/// A bundled production calendar (`"ru"`) in its data-file form.
#[pyfunction]
pub fn bundled_production_calendar(py: Python<'_>, name: Text) -> PyResult<Bound<'_, PyAny>> {
    let cal = ProductionCalendar::bundled(&name).map_err(raise)?;
    convert::to_python(py, cal)
}
