//! `sla.Policy` and `sla.Ticket`: sla_core's `Policy`, its tickets
//! (`clock/ticket.rs`) and their evaluation (`clock/mod.rs`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use sla_core::{EvaluateOptions, Policy, Report, Ticket};

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
pub struct PyTicket {
    /// The policy that checked the events (a ticket refers to its names by index).
    policy: Arc<Policy>,
    inner: Arc<Ticket>,
    /// The ticket's JSON form, to check it again against another policy.
    json: Arc<str>,
}

/// A ticket argument, read while holding the GIL and checked without it.
pub(crate) enum TicketArg {
    Checked {
        policy: Arc<Policy>,
        ticket: Arc<Ticket>,
        json: Arc<str>,
    },
    Json(String),
}

impl TicketArg {
    pub(crate) fn read(ob: &Bound<'_, PyAny>) -> PyResult<TicketArg> {
        if let Ok(t) = ob.cast::<PyTicket>() {
            let t = t.get();
            return Ok(TicketArg::Checked {
                policy: t.policy.clone(),
                ticket: t.inner.clone(),
                json: t.json.clone(),
            });
        }
        if let Ok(s) = ob.cast::<PyString>() {
            return Ok(TicketArg::Json(convert::str_text(s)?.into_owned()));
        }
        if ob.is_instance_of::<PyDict>() {
            return Ok(TicketArg::Json(convert::json_text(ob)?));
        }
        Err(error::wrong_type(
            "a Ticket or a ticket spec (dict or JSON str)",
            ob,
        ))
    }

    /// The ticket's JSON text (a policy set checks it against the policy
    /// it selects).
    pub(crate) fn json(&self) -> &str {
        match self {
            TicketArg::Checked { json, .. } => json,
            TicketArg::Json(json) => json,
        }
    }

    /// The ticket checked by `policy`: a ticket checked by another policy is
    /// checked again, since its names may mean something else there.
    fn check(&self, policy: &Arc<Policy>) -> sla_core::Result<Arc<Ticket>> {
        match self {
            TicketArg::Checked {
                policy: p, ticket, ..
            } if Arc::ptr_eq(p, policy) => Ok(ticket.clone()),
            TicketArg::Checked { json, .. } => policy.ticket_from_json(json).map(Arc::new),
            TicketArg::Json(json) => policy.ticket_from_json(json).map(Arc::new),
        }
    }
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
        let json = if let Ok(s) = spec.cast::<PyString>() {
            convert::str_text(s)?.into_owned()
        } else if spec.is_instance_of::<PyDict>() {
            convert::json_text(spec)?
        } else {
            return Err(error::wrong_type("a ticket spec (dict or JSON str)", spec));
        };
        let ticket = self.inner.ticket_from_json(&json).map_err(raise)?;
        Ok(PyTicket {
            policy: self.inner.clone(),
            inner: Arc::new(ticket),
            json: json.into(),
        })
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
        let ticket = TicketArg::read(ticket)?;
        let at = convert::utc_exact(at)?;
        let policy = &self.inner;
        let report = py
            .detach(|| evaluate_one(policy, &ticket, &at, explain))
            .map_err(raise)?;
        Ok(PyReport::from(report))
    }

    /// `evaluate` over many tickets, at one instant or one instant each.
    #[pyo3(signature = (tickets, at, explain = false))]
    fn evaluate_many(
        &self,
        py: Python<'_>,
        tickets: &Bound<'_, PyAny>,
        at: &Bound<'_, PyAny>,
        explain: bool,
    ) -> PyResult<Vec<PyReport>> {
        let tickets = tickets
            .try_iter()?
            .map(|t| TicketArg::read(&t?))
            .collect::<PyResult<Vec<_>>>()?;
        let ats = if at.is_instance_of::<PyList>() || at.is_instance_of::<PyTuple>() {
            let v = at
                .try_iter()?
                .map(|a| convert::utc_exact(&a?))
                .collect::<PyResult<Vec<_>>>()?;
            if v.len() != tickets.len() {
                return Err(error::length_mismatch(
                    "tickets",
                    tickets.len(),
                    "at",
                    v.len(),
                ));
            }
            v
        } else {
            vec![convert::utc_exact(at)?; tickets.len()]
        };
        let policy = &self.inner;
        let reports = py
            .detach(|| {
                tickets
                    .iter()
                    .zip(&ats)
                    .map(|(t, at)| evaluate_one(policy, t, at, explain))
                    .collect::<sla_core::Result<Vec<_>>>()
            })
            .map_err(raise)?;
        Ok(reports.into_iter().map(PyReport::from).collect())
    }

    fn __repr__(&self) -> String {
        format!("<Policy name={:?}>", self.inner.name())
    }
}

fn evaluate_one(
    policy: &Arc<Policy>,
    ticket: &TicketArg,
    at: &DateTime<Utc>,
    explain: bool,
) -> sla_core::Result<Report> {
    let ticket = ticket.check(policy)?;
    policy.evaluate_with(&ticket, at, EvaluateOptions { explain })
}

#[pymethods]
impl PyTicket {
    /// The helpdesk's identifier.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id()
    }

    /// The number of events.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Ticket id={:?} events={}>",
            self.inner.id(),
            self.inner.len()
        )
    }
}
