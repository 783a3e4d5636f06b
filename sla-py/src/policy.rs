//! `sla.Policy` and `sla.Ticket`: sla_core's `Policy`, its tickets
//! (`clock/ticket.rs`) and their evaluation (`clock/mod.rs`).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use sla_core::{At, CheckedTicket, EvaluateOptions, OnError, Policy, TicketInput};

use crate::calendar::PyCalendar;
use crate::clock::{wrapper_methods, PyReport};
use crate::convert::{self, utc_exact, Any, Text};

/// The `(metrics, tickets)` tables of `evaluate_table`.
pub(crate) type Tables<'py> = PyResult<Bound<'py, PyTuple>>;
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
    /// A core policy (or its error) as the class. The GIL token is
    /// unused here; every class's `wrap` takes one (a calendar's needs it).
    pub(crate) fn wrap(_: Python<'_>, policy: sla_core::Result<Policy>) -> PyResult<PyPolicy> {
        let inner = Arc::new(policy.map_err(raise)?);
        Ok(PyPolicy { inner })
    }
}

wrapper_methods! {
    PyPolicy(Policy)
    document "a policy dict, JSON str or file path"
    readers {
        /// A policy from its JSON text.
        from_json,
        /// A policy from its TOML text.
        from_toml,
    }
    getters {
        /// The policy's name.
        name,
        /// Priority identifiers, most urgent first.
        priorities,
        /// Category identifiers.
        categories,
        /// Metric identifiers.
        metrics,
        /// Calendar names.
        calendar_names,
        /// The spec the policy was compiled from, in its JSON form.
        spec,
    }


    /// The named calendar.
    fn calendar(&self, py: Python<'_>, name: Text) -> PyResult<PyCalendar> {
        PyCalendar::wrap(py, self.inner.calendar(&name).cloned())
    }

    /// Checks that a (category, priority) pair exists and is allowed.
    fn check_pair(&self, category: Text, priority: Text) -> PyResult<()> {
        self.inner.check_pair(&category, &priority).map_err(raise)
    }

    /// Checks a ticket's events (a dict or JSON str) against the policy.
    fn ticket(&self, spec: &Bound<'_, PyAny>) -> PyResult<PyTicket> {
        let json = ticket_json(spec, "a ticket spec (dict or JSON str)")?;
        let ticket = CheckedTicket::new(self.inner.clone(), &json);
        ticket.map(PyTicket).map_err(raise)
    }

    /// The ticket's SLA status at `at` (an aware datetime).
    #[pyo3(signature = (ticket, at, explain = false))]
    fn evaluate(&self, ticket: &Any<'_>, at: &Any<'_>, explain: bool) -> PyResult<PyReport> {
        let py = ticket.py();
        let (ticket, at) = (ticket_input(ticket)?, utc_exact(at)?);
        let options = EvaluateOptions { explain };
        py.detach(|| self.inner.evaluate_input(&ticket, &at, options))
            .map(PyReport)
            .map_err(raise)
    }

    /// `evaluate` over many tickets, at one instant or one instant each.
    /// Every ticket is evaluated; a failing ticket's error names its place
    /// in `tickets` and its id. `errors="raise"` raises the first one,
    /// `errors="collect"` puts each in its ticket's place in the list.
    #[pyo3(signature = (tickets, at, explain = false, *, errors = "raise"))]
    fn evaluate_many(
        &self,
        tickets: &Any<'_>,
        at: &Any<'_>,
        explain: bool,
        errors: &str,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let py = tickets.py();
        let on_error = OnError::from_name(errors).map_err(raise)?;
        // A str or a dict would iterate as characters or keys: only a list
        // or a tuple is a batch (a TypeError otherwise, as in JS).
        let Some(tickets) = convert::batch(tickets) else {
            return Err(error::wrong_type("a list of tickets", tickets));
        };
        let tickets: Vec<_> = tickets.iter().map(ticket_input).collect::<PyResult<_>>()?;
        let ats: Vec<_>;
        let at = match convert::batch(at) {
            Some(items) => {
                ats = items.iter().map(utc_exact).collect::<PyResult<_>>()?;
                At::Each(&ats)
            }
            None => At::One(utc_exact(at)?),
        };
        let options = EvaluateOptions { explain };
        let reports = py.detach(|| self.inner.evaluate_many(&tickets, at, options));
        let reports = reports.map_err(raise)?.into_iter();
        reports
            .map(|r| match (r, on_error) {
                (Ok(r), _) => PyReport(r).into_py_any(py),
                (Err(e), OnError::Collect) => Ok(raise(e).into_value(py).into_any()),
                (Err(e), OnError::Raise) => Err(raise(e)),
            })
            .collect()
    }

    /// Every ticket of a long table of events: `(metrics, tickets)` of the
    /// input's frame kind (`table.rs`).
    #[pyo3(signature = (events, at, *, errors = "collect"))]
    fn evaluate_table<'py>(&self, events: &Any<'py>, at: &Any<'py>, errors: &str) -> Tables<'py> {
        let target = crate::table::Target::Policy(&self.inner);
        crate::table::evaluate_table(events.py(), target, events, at, errors)
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
        let ticket = self.0.ticket();
        format!("<Ticket id={:?} events={}>", ticket.id(), ticket.len())
    }
}
