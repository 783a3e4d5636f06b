//! `sla.PolicySet` and `sla.SetReport`: sla_core's `PolicySet`
//! (`policy/set.rs`), ordered rules on ticket attributes that choose a
//! policy and its calendars.

use std::sync::Arc;

use pyo3::prelude::*;
use sla_core::{EvaluateOptions, PolicySet, SetReport};

use crate::clock::{report_class, wrapper_methods};
use crate::convert::{self, Any, Text};
use crate::error::raise;
use crate::policy::{ticket_input, PyPolicy, Tables};

/// Policies and the ordered rules that choose among them by a ticket's
/// attributes.
#[pyclass(name = "PolicySet", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyPolicySet {
    inner: Arc<PolicySet>,
}

impl PyPolicySet {
    /// A core policy set (or its error) as the class. The GIL token is
    /// unused here; every class's `wrap` takes one (a calendar's needs it).
    pub(crate) fn wrap(_: Python<'_>, set: sla_core::Result<PolicySet>) -> PyResult<PyPolicySet> {
        let inner = Arc::new(set.map_err(raise)?);
        Ok(PyPolicySet { inner })
    }
}

wrapper_methods! {
    PyPolicySet(PolicySet)
    document "a policy set dict, JSON str or file path"
    readers {
        /// A policy set from its JSON text.
        from_json,
        /// A policy set from its TOML text.
        from_toml,
    }
    getters {
        /// The set's name.
        name,
        /// The names of the set's policies, in name order.
        policy_names,
        /// The rule ids, in order.
        rule_ids,
        /// The spec the set was compiled from, in its JSON form.
        spec,
    }


    /// A policy of the set by name.
    fn policy(&self, py: Python<'_>, name: Text) -> PyResult<PyPolicy> {
        PyPolicy::wrap(py, self.inner.policy(&name).cloned())
    }

    /// The ticket's SLA status at `at` under the policy its attributes
    /// select then.
    #[pyo3(signature = (ticket, at, explain = false))]
    fn evaluate(&self, ticket: &Any<'_>, at: &Any<'_>, explain: bool) -> PyResult<PySetReport> {
        let py = ticket.py();
        let (ticket, at) = (ticket_input(ticket)?, convert::utc_exact(at)?);
        let options = EvaluateOptions { explain };
        py.detach(|| self.inner.evaluate_json(ticket.json(), &at, options))
            .map(PySetReport)
            .map_err(raise)
    }

    /// `Policy.evaluate_table` under the set: the tickets table adds each
    /// ticket's `policy` and `rule`.
    #[pyo3(signature = (events, at, *, errors = "collect"))]
    fn evaluate_table<'py>(&self, events: &Any<'py>, at: &Any<'py>, errors: &str) -> Tables<'py> {
        let target = crate::table::Target::Set(&self.inner);
        crate::table::evaluate_table(events.py(), target, events, at, errors)
    }

    fn __repr__(&self) -> String {
        format!("<PolicySet name={:?}>", self.inner.name())
    }
}

report_class! {
    /// A ticket's status under a policy set: the policy and rule selected, and
    /// the report under that policy (`None`: no SLA applies).
    PySetReport(SetReport) = "SetReport" {
        /// The policy selected at the evaluation instant; `None`: no SLA.
        policy,
        /// The rule that selected it; `None`: no rule held (the default policy,
        /// or no SLA when the set has no default).
        rule,
        /// The ticket's report under the selected policy; `None`: no SLA.
        report,
    }
}
