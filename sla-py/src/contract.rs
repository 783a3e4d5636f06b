//! The JSON contract (`contract.rs` of the core): request in, report out,
//! the same JSON in every language. And the bundled data the core ships.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use sla_core::ProductionCalendar;

use crate::convert;
use crate::error::{self, raise};

/// Evaluates a request (`{"policy", "ticket", "at", "explain"}`, as a dict
/// or JSON text) and returns the report as a dict.
#[pyfunction]
pub fn evaluate<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let text = if let Ok(s) = request.cast::<PyString>() {
        s.to_cow()?.to_string()
    } else if request.is_instance_of::<PyDict>() {
        convert::json_text(request)?
    } else {
        return Err(error::wrong_type("a request dict or JSON str", request));
    };
    let report = py
        .detach(|| sla_core::evaluate_json(&text))
        .map_err(raise)?;
    convert::loads(py, &report)
}

/// Evaluates a request given as JSON text; returns the report as JSON text.
#[pyfunction]
pub fn evaluate_json(py: Python<'_>, request: &str) -> PyResult<String> {
    py.detach(|| sla_core::evaluate_json(request))
        .map_err(raise)
}

/// A bundled production calendar (`"ru"`) in its data-file form.
#[pyfunction]
pub fn bundled_production_calendar<'py>(
    py: Python<'py>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let cal = ProductionCalendar::bundled(name).map_err(raise)?;
    convert::to_python(py, cal)
}
