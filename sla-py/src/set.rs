//! `sla.PolicySet` and `sla.SetReport`: sla_core's `PolicySet`
//! (`policy/set.rs`), ordered rules on ticket attributes that choose a
//! policy and its calendars.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use sla_core::{EvaluateOptions, PolicySet, SetReport};

use crate::clock::PyReport;
use crate::convert::{self, Text};
use crate::error::raise;
use crate::policy::{ticket_input, PyPolicy};

/// Policies and the ordered rules that choose among them by a ticket's
/// attributes.
#[pyclass(name = "PolicySet", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyPolicySet {
    inner: Arc<PolicySet>,
}

/// A ticket's status under a policy set: the policy and rule selected, and
/// the report under that policy (`None`: no SLA applies).
#[pyclass(name = "SetReport", module = "sla", frozen)]
#[derive(Debug)]
pub struct PySetReport(SetReport);

impl PyPolicySet {
    fn wrap(set: sla_core::Result<PolicySet>) -> PyResult<PyPolicySet> {
        Ok(PyPolicySet {
            inner: Arc::new(set.map_err(raise)?),
        })
    }
}

#[pymethods]
impl PyPolicySet {
    /// `PolicySet(source)`: a dict (the JSON form), a JSON str, or the path
    /// (`str` or `pathlib.Path`) of a `.json` or `.toml` policy set file.
    #[new]
    fn new(source: &Bound<'_, PyAny>) -> PyResult<PyPolicySet> {
        if source.is_instance_of::<PyDict>() {
            return PyPolicySet::wrap(PolicySet::from_value(&convert::json_value(source)?));
        }
        let (text, is_toml) =
            convert::text_or_file(source, "a policy set dict, JSON str or file path")?;
        PyPolicySet::wrap(if is_toml {
            PolicySet::from_toml(&text)
        } else {
            PolicySet::from_json(&text)
        })
    }

    /// A policy set from its JSON text.
    #[staticmethod]
    fn from_json(text: Text) -> PyResult<PyPolicySet> {
        PyPolicySet::wrap(PolicySet::from_json(&text))
    }

    /// A policy set from its TOML text.
    #[staticmethod]
    fn from_toml(text: Text) -> PyResult<PyPolicySet> {
        PyPolicySet::wrap(PolicySet::from_toml(&text))
    }

    /// The set's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The names of the set's policies, in name order.
    #[getter]
    fn policy_names(&self) -> Vec<String> {
        self.inner
            .policy_names()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The rule ids, in order.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.inner
            .rule_ids()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The spec the set was compiled from, in its JSON form.
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.inner.spec())
    }

    /// A policy of the set by name.
    fn policy(&self, name: Text) -> PyResult<PyPolicy> {
        let policy = self.inner.policy(&name).map_err(raise)?;
        Ok(PyPolicy::of(policy.clone()))
    }

    /// The ticket's SLA status at `at` under the policy its attributes
    /// select then.
    #[pyo3(signature = (ticket, at, explain = false))]
    fn evaluate(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        explain: bool,
    ) -> PyResult<PySetReport> {
        let ticket = ticket_input(ticket)?;
        let at = convert::utc_exact(at)?;
        let set = &self.inner;
        let report = py
            .detach(|| set.evaluate_json(ticket.json(), &at, EvaluateOptions { explain }))
            .map_err(raise)?;
        Ok(PySetReport(report))
    }

    /// `Policy.evaluate_table` under the set: the tickets table adds each
    /// ticket's `policy` and `rule`.
    #[pyo3(signature = (events, at, *, errors = "collect"))]
    fn evaluate_table<'py>(
        &self,
        py: Python<'py>,
        events: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        crate::table::evaluate_table(
            py,
            crate::table::Target::Set(&self.inner),
            events,
            at,
            errors,
        )
    }

    fn __repr__(&self) -> String {
        format!("<PolicySet name={:?}>", self.inner.name())
    }
}

#[pymethods]
impl PySetReport {
    /// The policy selected at the evaluation instant; `None`: no SLA.
    #[getter]
    fn policy(&self) -> Option<&str> {
        self.0.policy.as_deref()
    }

    /// The rule that selected it; `None`: no rule held (the default policy,
    /// or no SLA when the set has no default).
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.0.rule.as_deref()
    }

    /// The ticket's report under the selected policy; `None`: no SLA.
    #[getter]
    fn report(&self) -> Option<PyReport> {
        self.0.report.clone().map(PyReport::from)
    }

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
            .cast::<PySetReport>()
            .is_ok_and(|o| o.get().0 == self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "SetReport({})",
            sla_core::to_json(&self.0).unwrap_or_default()
        )
    }
}
