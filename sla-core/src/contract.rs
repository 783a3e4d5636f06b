//! The JSON contract shared by every binding: (policy, ticket, at) in, the
//! report out; or (policy set, ticket, at) in, the set's report out. The same JSON gives the same answer in Rust, Python and
//! JavaScript, because the bindings call these functions.

use serde::Serialize;
use serde_json::Value;

use crate::clock::{EvaluateOptions, Report, TicketSpec};
use crate::data::{deserialize_by_reader, Bad, Object, Read};
use crate::error::{Error, Result};
use crate::instant::parse_instant;
use crate::policy::Policy;
use crate::policy_set::{PolicySet, SetReport};

/// One evaluation request.
///
/// ```json
/// { "policy": { ... }, "ticket": { "events": [ ... ] },
///   "at": "2026-03-02T12:00:00+03:00", "explain": false }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// The policy object (the JSON form of a policy file).
    pub policy: serde_json::Value,
    /// The ticket and its events.
    pub ticket: TicketSpec,
    /// The evaluation instant, RFC 3339 with an offset.
    pub at: String,
    /// Include the explaining timeline.
    pub explain: bool,
}

/// One evaluation request under a policy set.
///
/// ```json
/// { "policy_set": { ... }, "ticket": { "events": [ ... ] },
///   "at": "2026-03-02T12:00:00+03:00", "explain": false }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetRequest {
    /// The policy set object (the JSON form of a policy-set file).
    pub policy_set: serde_json::Value,
    /// The ticket and its events.
    pub ticket: TicketSpec,
    /// The evaluation instant, RFC 3339 with an offset.
    pub at: String,
    /// Include the explaining timeline.
    pub explain: bool,
}

deserialize_by_reader!(Request, SetRequest);

impl Read for SetRequest {
    fn read(v: &Value) -> std::result::Result<SetRequest, Bad> {
        let o = Object::new(v, "SetRequest", &["policy_set", "ticket", "at", "explain"])?;
        Ok(SetRequest {
            policy_set: o.req("policy_set")?,
            ticket: o.req("ticket")?,
            at: o.req("at")?,
            explain: o.or_default("explain")?,
        })
    }
}

impl Read for Request {
    fn read(v: &Value) -> std::result::Result<Request, Bad> {
        let o = Object::new(v, "Request", &["policy", "ticket", "at", "explain"])?;
        Ok(Request {
            policy: o.req("policy")?,
            ticket: o.req("ticket")?,
            at: o.req("at")?,
            explain: o.or_default("explain")?,
        })
    }
}

/// Evaluates a request given as JSON text and returns the report as JSON text.
/// A request with `policy_set` in place of `policy` is a [`SetRequest`] and
/// gives a [`SetReport`].
///
/// # Errors
/// [`Error::InvalidRequest`] for a request that does not parse (unknown keys
/// included), then every error of [`Policy::from_spec`], [`Policy::ticket`]
/// and [`Policy::evaluate`].
///
/// # Examples
/// ```
/// let report = sla_core::evaluate_json(r#"{
///   "policy": { "name": "demo",
///     "calendars": { "office": "Mon-Fri 09:00-18:00 UTC" },
///     "priorities": [ {"id": "p1"} ], "categories": [ {"id": "incident"} ],
///     "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "2h" } } } ] },
///   "ticket": { "events": [ {"at": "2026-03-02T17:00:00Z", "type": "created", "priority": "p1", "category": "incident"} ] },
///   "at": "2026-03-02T17:30:00Z"
/// }"#)?;
/// let report: serde_json::Value = serde_json::from_str(&report).unwrap();
/// assert_eq!(report["metrics"][0]["deadline"], "2026-03-03T10:00:00Z");
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn evaluate_json(request: &str) -> Result<String> {
    let value = crate::data::from_json_text(request).map_err(Error::InvalidRequest)?;
    // A mistake in the ticket reads as it does from `Policy::ticket_from_json`;
    // the request's own keys are the request's.
    if let Some(ticket) = value.get("ticket") {
        crate::data::typed::<TicketSpec>(ticket).map_err(Error::InvalidTicket)?;
    }
    if value.get("policy_set").is_some() {
        let request: SetRequest = crate::data::typed(&value).map_err(Error::InvalidRequest)?;
        return to_json(&evaluate_set_request(&request)?);
    }
    let request: Request = crate::data::typed(&value).map_err(Error::InvalidRequest)?;
    let report = evaluate_request(&request)?;
    to_json(&report)
}

/// Evaluates a parsed request under a policy set.
///
/// # Errors
/// As [`PolicySet::from_value`] and [`PolicySet::evaluate`].
///
/// # Examples
/// ```
/// use sla_core::{evaluate_set_request, SetRequest};
///
/// let request: SetRequest = serde_json::from_str(r#"{
///   "policy_set": { "name": "set", "rules": [ { "id": "no SLA for spam", "when": { "channel": "spam" }, "no_sla": true } ],
///     "policies": { "p": { "name": "p", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ], "categories": [ {"id": "incident"} ],
///       "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] } }, "default": "p" },
///   "ticket": { "events": [ {"at": "2026-03-02T10:00:00Z", "type": "created", "priority": "p1",
///     "category": "incident", "attributes": {"channel": "spam"}} ] },
///   "at": "2026-03-02T12:00:00Z" }"#).expect("request JSON");
/// let r = evaluate_set_request(&request)?;
/// assert_eq!((r.rule.as_deref(), r.policy, r.report), (Some("no SLA for spam"), None, None));
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn evaluate_set_request(request: &SetRequest) -> Result<SetReport> {
    let set = PolicySet::from_value(&request.policy_set)?;
    let at = parse_instant(&request.at)?;
    set.evaluate_with(
        &request.ticket,
        &at,
        EvaluateOptions {
            explain: request.explain,
        },
    )
}

/// Evaluates a parsed request.
///
/// # Errors
/// As [`evaluate_json`].
///
/// # Examples
/// ```
/// use sla_core::{evaluate_request, MetricState, Request};
///
/// let request: Request = serde_json::from_str(r#"{
///   "policy": { "name": "demo", "calendars": { "office": "Mon-Fri 09:00-18:00 Europe/Moscow" },
///     "priorities": [ {"id": "p1"} ], "categories": [ {"id": "incident"} ],
///     "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "2h" } } } ] },
///   "ticket": { "events": [ {"at": "2026-03-02T17:00:00+03:00", "type": "created", "priority": "p1", "category": "incident"} ] },
///   "at": "2026-03-02T17:30:00+03:00" }"#).expect("request JSON");
/// let report = evaluate_request(&request)?;
/// let reaction = report.metric("reaction").expect("the metric applies");
/// assert_eq!(reaction.state, MetricState::Running);
/// assert_eq!(reaction.deadline.expect("running").to_rfc3339(), "2026-03-03T10:00:00+03:00");
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn evaluate_request(request: &Request) -> Result<Report> {
    let policy = Policy::from_value(&request.policy)?;
    let ticket = policy.ticket(&request.ticket)?;
    let at = parse_instant(&request.at)?;
    policy.evaluate_with(
        &ticket,
        &at,
        EvaluateOptions {
            explain: request.explain,
        },
    )
}

/// Serialises a report (or anything else of the contract) as JSON.
///
/// # Errors
/// Never in practice: [`Error::ReportNotWritten`].
///
/// # Examples
/// ```
/// use sla_core::{to_json, Duration, MetricState};
///
/// assert_eq!(to_json(&MetricState::NoDeadline)?, r#""no_deadline""#);
/// assert_eq!(to_json(&"90 minutes".parse::<Duration>()?)?, r#""1h30m""#);
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::ReportNotWritten(e.to_string()))
}
