//! `sla.Policy` and `sla.Ticket`: sla_core's `Policy`, its tickets
//! (`clock/ticket.rs`) and their evaluation (`clock/mod.rs`).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use sla_core::{At, CheckedTicket, EvaluateOptions, Policy, TicketInput};

use crate::calendar::PyCalendar;
use crate::clock::PyReport;
use crate::convert::{self, Text};
use crate::error::{self, raise};

/// A compiled, validated SLA policy.
#[pyclass(name = "Policy", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyPolicy {
    inner: Arc<Policy>,
}

/// A ticket's events checked against a policy, ready to be evaluated.
#[pyclass(name = "Ticket", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyTicket(CheckedTicket);

/// A ticket argument (a `Ticket`, a dict or a JSON str), read while holding
/// the GIL and checked by the core without it.
pub(crate) fn ticket_input(ob: &Bound<'_, PyAny>) -> PyResult<TicketInput> {
    if let Ok(t) = ob.cast::<PyTicket>() {
        return Ok(TicketInput::Checked(t.get().0.clone()));
    }
    ticket_json(ob, "a Ticket or a ticket spec (dict or JSON str)").map(TicketInput::from)
}

/// A ticket spec's JSON text: a dict or a JSON str.
fn ticket_json(ob: &Bound<'_, PyAny>, expected: &str) -> PyResult<String> {
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(convert::str_text(s)?.into_owned());
    }
    if ob.is_instance_of::<PyDict>() {
        return convert::json_text(ob);
    }
    Err(error::wrong_type(expected, ob))
}

impl PyPolicy {
    /// A policy of a policy set, as a `Policy` of its own.
    pub(crate) fn of(policy: Policy) -> PyPolicy {
        PyPolicy {
            inner: Arc::new(policy),
        }
    }

    fn wrap(policy: sla_core::Result<Policy>) -> PyResult<PyPolicy> {
        Ok(PyPolicy {
            inner: Arc::new(policy.map_err(raise)?),
        })
    }
}

#[pymethods]
impl PyPolicy {
    /// `Policy(source)`: a dict (the JSON form), a JSON str, or the path
    /// (`str` or `pathlib.Path`) of a `.json` or `.toml` policy file.
    #[new]
    fn new(source: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        if source.is_instance_of::<PyDict>() {
            return PyPolicy::wrap(Policy::from_value(&convert::json_value(source)?));
        }
        let (text, is_toml) =
            convert::text_or_file(source, "a policy dict, JSON str or file path")?;
        PyPolicy::wrap(if is_toml {
            Policy::from_toml(&text)
        } else {
            Policy::from_json(&text)
        })
    }

    /// A policy from its JSON text.
    #[staticmethod]
    fn from_json(text: Text) -> PyResult<PyPolicy> {
        PyPolicy::wrap(Policy::from_json(&text))
    }

    /// A policy from its TOML text.
    #[staticmethod]
    fn from_toml(text: Text) -> PyResult<PyPolicy> {
        PyPolicy::wrap(Policy::from_toml(&text))
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Priority identifiers, most urgent first.
    #[getter]
    fn priorities(&self) -> Vec<String> {
        self.inner.priorities().to_vec()
    }

    /// Category identifiers.
    #[getter]
    fn categories(&self) -> Vec<String> {
        self.inner.categories().to_vec()
    }

    /// Metric identifiers.
    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.inner
            .metrics()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Calendar names.
    #[getter]
    fn calendar_names(&self) -> Vec<String> {
        self.inner.calendar_names().to_vec()
    }

    /// The spec the policy was compiled from, in its JSON form.
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.inner.spec())
    }

    /// The named calendar.
    fn calendar(&self, py: Python<'_>, name: Text) -> PyResult<PyCalendar> {
        let cal = self.inner.calendar(&name).map_err(raise)?;
        PyCalendar::wrap(py, cal.clone())
    }

    /// Checks that a (category, priority) pair exists and is allowed.
    fn check_pair(&self, category: Text, priority: Text) -> PyResult<()> {
        self.inner.check_pair(&category, &priority).map_err(raise)
    }

    /// Checks a ticket's events (a dict or JSON str) against the policy.
    fn ticket(&self, spec: &Bound<'_, PyAny>) -> PyResult<PyTicket> {
        let json = ticket_json(spec, "a ticket spec (dict or JSON str)")?;
        let ticket = CheckedTicket::new(self.inner.clone(), &json).map_err(raise)?;
        Ok(PyTicket(ticket))
    }

    /// The ticket's SLA status at `at` (an aware datetime).
    #[pyo3(signature = (ticket, at, explain = false))]
    fn evaluate(
        &self,
        py: Python<'_>,
        ticket: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        explain: bool,
    ) -> PyResult<PyReport> {
        let ticket = ticket_input(ticket)?;
        let at = convert::utc_exact(at)?;
        let report = py
            .detach(|| {
                self.inner
                    .evaluate_input(&ticket, &at, EvaluateOptions { explain })
            })
            .map_err(raise)?;
        Ok(PyReport::from(report))
    }

    /// `evaluate` over many tickets, at one instant or one instant each.
    /// Every ticket is evaluated; the first that fails raises its error,
    /// which names its place in `tickets` and its id.
    #[pyo3(signature = (tickets, at, explain = false))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        tickets: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        explain: bool,
    ) -> PyResult<Vec<PyReport>> {
        // A str or a dict would iterate as characters or keys: only a list
        // or a tuple is a batch (a TypeError otherwise, as in JS).
        if !(tickets.is_instance_of::<PyList>() || tickets.is_instance_of::<PyTuple>()) {
            return Err(error::wrong_type("a list of tickets", tickets));
        }
        let tickets = tickets
            .try_iter()?
            .map(|t| ticket_input(&t?))
            .collect::<PyResult<Vec<_>>>()?;
        let ats: Vec<_>;
        let at = if at.is_instance_of::<PyList>() || at.is_instance_of::<PyTuple>() {
            ats = at
                .try_iter()?
                .map(|a| convert::utc_exact(&a?))
                .collect::<PyResult<_>>()?;
            At::Each(&ats)
        } else {
            At::One(convert::utc_exact(at)?)
        };
        let reports = py
            .detach(|| {
                self.inner
                    .evaluate_many(&tickets, at, EvaluateOptions { explain })
            })
            .map_err(raise)?;
        reports
            .into_iter()
            .map(|r| r.map(PyReport::from).map_err(raise))
            .collect()
    }

    /// Every ticket of a long table of events: `(metrics, tickets)` of the
    /// input's frame kind (`table.rs`).
    #[pyo3(signature = (events, at, *, errors = "collect"))]
    fn evaluate_table<'py>(
        &self,
        py: Python<'py>,
        events: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyTuple>> {
        crate::table::evaluate_table(
            py,
            crate::table::Target::Policy(&self.inner),
            events,
            at,
            errors,
        )
    }

    fn __repr__(&self) -> String {
        format!("<Policy name={:?}>", self.inner.name())
    }
}

#[pymethods]
impl PyTicket {
    /// The helpdesk's identifier.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.0.ticket().id()
    }

    /// The number of events.
    fn __len__(&self) -> usize {
        self.0.ticket().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Ticket id={:?} events={}>",
            self.0.ticket().id(),
            self.0.ticket().len()
        )
    }
}
