//! Policy selection: a set of policies and ordered rules that choose one
//! (and optionally rebind its calendars) by the ticket's attributes.
//!
//! The attributes are the string pairs that events carry in `attributes`
//! (`created`, and the event types a policy declares): a later event's
//! value for a name replaces the earlier one. After every event the first
//! rule whose conditions all hold is selected; when none holds, the
//! default policy (or no SLA, when the set names none). A change of
//! selection that changes the policy or its calendars acts like a category
//! change: at that instant each started metric of the newly selected policy
//! applies its `on_category_change` rule (keep the worked time, counted on
//! the new policy's calendars from the start, or restart with the full
//! target). See DESIGN.md, "Policy selection".

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::{EvaluateOptions, Report, TicketSpec};
use crate::data::{deserialize_by_reader, Bad, Object, Read};
use crate::error::{Error, ErrorKind, Result};
use crate::instant::{fmt_utc, parse_instant, whole_second_up};
use crate::policy::{one_or_many_strings, Policy};
use crate::text::Text;

/// A policy set as a file writes it (JSON, or TOML with the same keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicySetSpec {
    /// Display name of the set.
    pub name: String,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Named policies, each a policy object as a policy file writes it.
    pub policies: BTreeMap<String, Value>,
    /// Rules in order: the first whose conditions all hold selects.
    pub rules: Vec<RuleSpec>,
    /// The policy when no rule holds; left out: no SLA applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// One selection rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSpec {
    /// Identifier, shown in reports (`rule`).
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Attribute name → the value, or a list of values, it must have.
    /// Every condition must hold; at least one condition.
    pub when: BTreeMap<String, Vec<String>>,
    /// The policy this rule selects (give this or `no_sla`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// `true`: no SLA applies while this rule is selected.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_sla: bool,
    /// Calendar rebinding for the selected policy, as a ticket's
    /// `calendars` writes it (a ticket's own rebinding of the same calendar
    /// wins).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub calendars: BTreeMap<String, Value>,
}

deserialize_by_reader!(PolicySetSpec, RuleSpec);

impl Read for PolicySetSpec {
    fn read(v: &Value) -> std::result::Result<PolicySetSpec, Bad> {
        let o = Object::new(
            v,
            "PolicySetSpec",
            &["name", "description", "policies", "rules", "default"],
        )?;
        Ok(PolicySetSpec {
            name: o.req("name")?,
            description: o.opt("description")?,
            policies: o.req("policies")?,
            rules: o.or_default("rules")?,
            default: o.opt("default")?,
        })
    }
}

impl Read for RuleSpec {
    fn read(v: &Value) -> std::result::Result<RuleSpec, Bad> {
        let o = Object::new(
            v,
            "RuleSpec",
            &["id", "label", "when", "policy", "no_sla", "calendars"],
        )?;
        // Filled by a loop: `collect()` into a map sorts, and the sort is
        // several KB of wasm for this one map type.
        let mut when = BTreeMap::new();
        for (name, values) in o.req::<BTreeMap<String, Values>>("when")? {
            when.insert(name, values.0);
        }
        Ok(RuleSpec {
            id: o.req("id")?,
            label: o.opt("label")?,
            when,
            policy: o.opt("policy")?,
            no_sla: o.opt("no_sla")?.unwrap_or(false),
            calendars: o.or_default("calendars")?,
        })
    }
}

/// A value or a list of them.
struct Values(Vec<String>);

impl Read for Values {
    fn read(v: &Value) -> std::result::Result<Values, Bad> {
        one_or_many_strings(v, "a string or a list of strings").map(Values)
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    id: Text,
    when: Vec<(String, Vec<String>)>,
    /// The policy's index; `None` = no SLA.
    policy: Option<usize>,
    calendars: BTreeMap<String, Value>,
}

/// Policies and the rules that choose among them by ticket attributes.
///
/// # Examples
/// ```
/// use sla_core::{parse_instant, PolicySet};
/// let set = PolicySet::from_json(r#"{
///   "name": "by licence",
///   "policies": { "support": {
///     "name": "support",
///     "calendars": { "office": "Mon-Fri 09:00-17:00 Europe/Moscow", "always": "24x7 Europe/Moscow" },
///     "default_calendar": "office",
///     "priorities": [ {"id": "high"} ], "categories": [ {"id": "incident"} ],
///     "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "2h" } } } ]
///   } },
///   "rules": [ { "id": "24x7 licence", "when": { "licence": "24x7" }, "policy": "support",
///                "calendars": { "office": "always" } } ],
///   "default": "support"
/// }"#)?;
/// let ticket = serde_json::from_str(r#"{ "events": [ {"at": "2026-03-07T10:00:00+03:00",
///   "type": "created", "priority": "high", "category": "incident",
///   "attributes": {"licence": "24x7"}} ] }"#).expect("ticket JSON");
/// let r = set.evaluate(&ticket, &parse_instant("2026-03-07T10:00:00+03:00")?)?;
/// assert_eq!(r.rule.as_deref(), Some("24x7 licence"));
/// let report = r.report.expect("an SLA applies");
/// // Saturday, yet the 24x7 licence counts: due two hours later.
/// assert_eq!(report.metrics[0].deadline.unwrap().to_rfc3339(), "2026-03-07T12:00:00+03:00");
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PolicySet {
    spec: PolicySetSpec,
    names: Vec<Text>,
    /// Shared, so that a binding hands one out without copying it.
    policies: Vec<Arc<Policy>>,
    rules: Vec<Rule>,
    default: Option<usize>,
}

/// The result of evaluating a ticket under a policy set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetReport {
    /// The policy selected at the evaluation instant; `None`: no SLA.
    pub policy: Option<Text>,
    /// The rule that selected it; `None`: no rule held (the default).
    pub rule: Option<Text>,
    /// The ticket's report under that policy; `None`: no SLA.
    pub report: Option<Report>,
}

impl PolicySet {
    /// Reads a policy set from JSON.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] for malformed JSON, unknown keys or wrong
    /// types; then as [`PolicySet::from_spec`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    ///
    /// let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    ///   "policies": {
    ///     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    ///       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    ///     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    ///       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    ///   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// assert_eq!(set.policy_names(), ["gold", "standard"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<PolicySet> {
        PolicySet::from_value(&crate::data::from_json_text(text).map_err(Error::InvalidPolicy)?)
    }

    /// Reads a policy set from TOML.
    ///
    /// # Errors
    /// As [`PolicySet::from_json`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    ///
    /// let set = PolicySet::from_toml(r#"
    /// name = "one policy"
    /// default = "standard"
    /// [policies.standard]
    /// name = "standard"
    /// calendars = { office = "Mon-Fri 09:00-18:00 UTC" }
    /// priorities = [{ id = "p1" }]
    /// categories = [{ id = "incident" }]
    /// metrics = [{ id = "reaction", stop = "responded", targets = { "*" = { "*" = "4h" } } }]
    /// "#)?;
    /// assert_eq!((set.name(), set.policy_names()), ("one policy", vec!["standard"]));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<PolicySet> {
        PolicySet::from_value(&crate::data::from_toml_text(text).map_err(Error::InvalidPolicy)?)
    }

    /// Reads a policy set from a JSON value.
    ///
    /// # Errors
    /// As [`PolicySet::from_json`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, PolicySet};
    ///
    /// let err = PolicySet::from_value(&serde_json::json!({ "name": "empty", "policies": {} })).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Policy);
    /// assert!(err.to_string().contains("at least one policy"), "{err}");
    /// ```
    pub fn from_value(value: &Value) -> Result<PolicySet> {
        let spec = crate::data::typed::<PolicySetSpec>(value).map_err(Error::InvalidPolicy)?;
        PolicySet::from_spec(spec)
    }

    /// Validates and compiles a policy set: every policy compiles, every
    /// rule has a condition and selects a known policy or no SLA, and its
    /// calendar rebinding names calendars of that policy.
    ///
    /// # Errors
    /// [`Error::InvalidPolicy`] naming the policy or rule at fault,
    /// [`Error::Unknown`] for an unknown policy or calendar name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{PolicySet, PolicySetSpec};
    ///
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// let mut spec: PolicySetSpec = set.spec().clone();
    /// spec.default = Some("gold".to_string());
    /// let gold_by_default = PolicySet::from_spec(spec)?;
    /// assert_eq!(gold_by_default.spec().default.as_deref(), Some("gold"));
    /// spec = set.spec().clone();
    /// spec.default = Some("platinum".to_string()); // not one of its policies
    /// assert!(PolicySet::from_spec(spec).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn from_spec(spec: PolicySetSpec) -> Result<PolicySet> {
        let at_set = |m: String| Error::InvalidPolicy(format!("policy set {:?}: {m}", spec.name));
        if spec.policies.is_empty() {
            return Err(at_set("a policy set needs at least one policy".into()));
        }
        let mut names = Vec::new();
        let mut policies = Vec::new();
        for (name, value) in &spec.policies {
            let policy = Policy::from_value(value).map_err(|e| in_context(e, "policy", name))?;
            names.push(Text::from(name.as_str()));
            policies.push(Arc::new(policy));
        }
        let index = |name: &str| {
            spec.policies.keys().position(|k| k == name).ok_or_else(|| {
                Error::unknown("policy", name, spec.policies.keys().map(String::as_str))
            })
        };
        let mut rules: Vec<Rule> = Vec::new();
        for r in &spec.rules {
            let bad = |m: String| at_set(format!("rule {:?}: {m}", r.id));
            if r.id.is_empty() {
                return Err(at_set("a rule needs a non-empty id".into()));
            }
            if rules.iter().any(|x| x.id.as_str() == r.id) {
                return Err(at_set(format!("rule {:?} is defined twice", r.id)));
            }
            if r.when.is_empty() {
                return Err(bad(
                    "a rule needs at least one condition in when (write the default policy as default)"
                        .into(),
                ));
            }
            if let Some((name, _)) = r.when.iter().find(|(_, v)| v.is_empty()) {
                return Err(bad(format!("condition {name:?} lists no values")));
            }
            let policy = match (&r.policy, r.no_sla) {
                (Some(p), false) => Some(index(p)?),
                (None, true) => None,
                (Some(_), true) => {
                    return Err(bad("give policy or no_sla = true, not both".into()))
                }
                (None, false) => return Err(bad("give policy, or no_sla = true".into())),
            };
            match policy {
                Some(p) => check_calendars(&policies[p], &r.calendars)
                    .map_err(|e| in_context(e, "rule", &r.id))?,
                None if !r.calendars.is_empty() => {
                    return Err(bad("a no_sla rule takes no calendars".into()));
                }
                None => {}
            }
            rules.push(Rule {
                id: Text::from(r.id.as_str()),
                when: r.when.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                policy,
                calendars: r.calendars.clone(),
            });
        }
        let default = spec.default.as_deref().map(index).transpose()?;
        Ok(PolicySet {
            spec,
            names,
            policies,
            rules,
            default,
        })
    }

    /// The spec the set was compiled from.
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// assert_eq!(set.spec().default.as_deref(), Some("standard"));
    /// assert_eq!(set.spec().rules[0].when["customer"], ["acme", "globex"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn spec(&self) -> &PolicySetSpec {
        &self.spec
    }

    /// The set's display name.
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// assert_eq!(set.name(), "by customer");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The names of the set's policies, in name order.
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// assert_eq!(set.policy_names(), ["gold", "standard"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn policy_names(&self) -> Vec<&str> {
        self.names.iter().map(|n| n.as_str()).collect()
    }

    /// A policy of the set by name.
    ///
    /// # Errors
    /// [`Error::Unknown`] listing the set's policies.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{ErrorKind, PolicySet};
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// let gold = set.policy("gold")?;
    /// assert_eq!(gold.calendar("c")?.timezone().name(), "UTC");
    /// assert_eq!(set.policy("platinum").unwrap_err().kind(), ErrorKind::Policy);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn policy(&self, name: &str) -> Result<&Policy> {
        self.shared_policy(name).map(|p| &**p)
    }

    /// [`PolicySet::policy`] as the set holds it, shared: a handle on it
    /// costs no copy of the policy.
    ///
    /// # Errors
    /// [`Error::Unknown`] listing the set's policies.
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sla_core::PolicySet;
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [] }"#)?;
    /// let standard: Arc<_> = set.shared_policy("standard")?.clone();
    /// assert!(std::ptr::eq(&*standard, set.policy("standard")?));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn shared_policy(&self, name: &str) -> Result<&Arc<Policy>> {
        self.names
            .iter()
            .position(|n| n.as_str() == name)
            .map(|i| &self.policies[i])
            .ok_or_else(|| Error::unknown("policy", name, self.policy_names()))
    }

    /// The rule ids, in order.
    ///
    /// # Examples
    /// ```
    /// use sla_core::PolicySet;
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// assert_eq!(set.rule_ids(), ["gold customers"]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn rule_ids(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.id.as_str()).collect()
    }

    /// The ticket's SLA status at `at` under the policy its attributes
    /// select then (see the module documentation).
    ///
    /// # Errors
    /// As [`Policy::ticket`] and [`Policy::evaluate`] under the selected
    /// policy; [`Error::InvalidInstant`] for an event instant that does not
    /// parse.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, PolicySet, TicketSpec};
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// // Created on a Saturday by a gold customer: the 24x7 policy counts.
    /// let ticket: TicketSpec = serde_json::from_str(r#"{ "events": [
    ///   {"at": "2026-03-07T10:00:00Z", "type": "created", "priority": "p1", "category": "incident", "attributes": {"customer": "acme"}} ] }"#).expect("ticket JSON");
    /// let r = set.evaluate(&ticket, &parse_instant("2026-03-07T10:30:00Z")?)?;
    /// assert_eq!((r.policy.as_deref(), r.rule.as_deref()), (Some("gold"), Some("gold customers")));
    /// let deadline = r.report.expect("an SLA applies").metrics[0].deadline.expect("running");
    /// assert_eq!(deadline.to_rfc3339(), "2026-03-07T11:00:00+00:00");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate<Z: TimeZone>(
        &self,
        ticket: &TicketSpec,
        at: &DateTime<Z>,
    ) -> Result<SetReport> {
        self.evaluate_with(ticket, at, EvaluateOptions::default())
    }

    /// [`PolicySet::evaluate`] with options (e.g. the explaining timeline).
    ///
    /// # Errors
    /// As [`PolicySet::evaluate`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, EvaluateOptions, PolicySet, TicketSpec};
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// let ticket: TicketSpec = serde_json::from_str(r#"{ "events": [ {"at": "2026-03-07T10:00:00Z", "type": "created", "priority": "p1", "category": "incident"} ] }"#).expect("ticket JSON");
    /// let r = set.evaluate_with(&ticket, &parse_instant("2026-03-07T10:30:00Z")?, EvaluateOptions { explain: true })?;
    /// let reaction = &r.report.expect("the default applies").metrics[0];
    /// // No rule holds: the standard policy, from Monday 09:00.
    /// assert_eq!(r.rule, None);
    /// assert_eq!(reaction.deadline.expect("running").to_rfc3339(), "2026-03-09T13:00:00+00:00");
    /// assert!(reaction.timeline.is_some());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_with<Z: TimeZone>(
        &self,
        ticket: &TicketSpec,
        at: &DateTime<Z>,
        options: EvaluateOptions,
    ) -> Result<SetReport> {
        let at_s = whole_second_up(at);
        // As everywhere else, also when no policy will be asked.
        if !crate::calendar::SUPPORTED.contains(&at_s) {
            return Err(Error::out_of_range(at_s));
        }
        // The selection after each event up to `at`, and the event after
        // which it last changed what counts (the policy or its calendars).
        let mut attributes: Vec<(&str, &str)> = Vec::new();
        let mut selected: Option<Option<usize>> = None; // rule index or default
        let mut switched = None;
        for (i, e) in ticket.events.iter().enumerate() {
            let t = whole_second_up(&parse_instant(&e.at)?);
            if t > at_s {
                break;
            }
            for (k, v) in &e.attributes {
                match attributes.iter_mut().find(|(n, _)| *n == k.as_str()) {
                    Some(slot) => slot.1 = v.as_str(),
                    None => attributes.push((k.as_str(), v.as_str())),
                }
            }
            let now = self.select(&attributes);
            if let Some(before) = selected {
                if !self.same_counting(before, now) {
                    switched = Some(i);
                }
            }
            selected = Some(now);
        }
        let Some(rule) = selected else {
            // No event at or before `at`: every policy rejects the
            // evaluation. The default says why; without one (no SLA would
            // be a wrong answer for a ticket that does not exist yet), the
            // set says what any policy would.
            if self.default.is_some() {
                return self.report(None, ticket, at, options, None);
            }
            return Err(match ticket.events.first() {
                None => Error::InvalidTicket("a ticket needs at least its created event".into()),
                Some(first) => Error::EvaluatedBeforeCreation {
                    at: fmt_utc(at_s),
                    created: fmt_utc(whole_second_up(&parse_instant(&first.at)?)),
                },
            });
        };
        self.report(rule, ticket, at, options, switched)
    }

    /// [`PolicySet::evaluate_with`] for a ticket in JSON.
    ///
    /// # Errors
    /// [`Error::InvalidTicket`] for malformed JSON; then as
    /// [`PolicySet::evaluate`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, EvaluateOptions, PolicySet};
    /// # let set = PolicySet::from_json(r#"{ "name": "by customer", "default": "standard",
    /// #   "policies": {
    /// #     "gold": { "name": "gold", "calendars": { "c": "24x7 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "1h" } } } ] },
    /// #     "standard": { "name": "standard", "calendars": { "c": "Mon-Fri 09:00-18:00 UTC" }, "priorities": [ {"id": "p1"} ],
    /// #       "categories": [ {"id": "incident"} ], "metrics": [ { "id": "reaction", "stop": "responded", "targets": { "*": { "*": "4h" } } } ] } },
    /// #   "rules": [ { "id": "gold customers", "when": { "customer": ["acme", "globex"] }, "policy": "gold" } ] }"#)?;
    /// let ticket = r#"{ "events": [ {"at": "2026-03-07T10:00:00Z", "type": "created", "priority": "p1", "category": "incident", "attributes": {"customer": "globex"}} ] }"#;
    /// let r = set.evaluate_json(ticket, &parse_instant("2026-03-07T12:00:00Z")?, EvaluateOptions::default())?;
    /// assert_eq!(r.policy.as_deref(), Some("gold"));
    /// assert_eq!(r.report.expect("an SLA applies").metrics[0].state, sla_core::MetricState::Breached);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn evaluate_json<Z: TimeZone>(
        &self,
        ticket: &str,
        at: &DateTime<Z>,
        options: EvaluateOptions,
    ) -> Result<SetReport> {
        let value = crate::data::from_json_text(ticket).map_err(Error::InvalidTicket)?;
        let spec: TicketSpec = crate::data::typed(&value).map_err(Error::InvalidTicket)?;
        self.evaluate_with(&spec, at, options)
    }

    /// The first rule whose conditions all hold for these attributes.
    fn select(&self, attributes: &[(&str, &str)]) -> Option<usize> {
        self.rules.iter().position(|r| {
            r.when.iter().all(|(name, values)| {
                attributes
                    .iter()
                    .any(|(n, v)| n == name && values.iter().any(|x| x == v))
            })
        })
    }

    /// The policy a selection (a rule index or the default) chooses.
    fn policy_of(&self, rule: Option<usize>) -> Option<usize> {
        match rule {
            Some(r) => self.rules[r].policy,
            None => self.default,
        }
    }

    /// Whether two selections count alike: the same policy, rebound alike.
    fn same_counting(&self, a: Option<usize>, b: Option<usize>) -> bool {
        let calendars = |r: Option<usize>| r.map(|r| &self.rules[r].calendars);
        let empty = BTreeMap::new();
        self.policy_of(a) == self.policy_of(b)
            && calendars(a).unwrap_or(&empty) == calendars(b).unwrap_or(&empty)
    }

    fn report<Z: TimeZone>(
        &self,
        rule: Option<usize>,
        ticket: &TicketSpec,
        at: &DateTime<Z>,
        options: EvaluateOptions,
        switched: Option<usize>,
    ) -> Result<SetReport> {
        let rule_id = rule.map(|r| self.rules[r].id.clone());
        let Some(p) = self.policy_of(rule) else {
            return Ok(SetReport {
                policy: None,
                rule: rule_id,
                report: None,
            });
        };
        let policy = &self.policies[p];
        let rebinding = rule
            .map(|r| &self.rules[r].calendars)
            .filter(|c| !c.is_empty());
        let compiled = policy.ticket_rebound(ticket, rebinding)?;
        let report = policy.evaluate_reselected(&compiled, at, options, switched)?;
        Ok(SetReport {
            policy: Some(self.names[p].clone()),
            rule: rule_id,
            report: Some(report),
        })
    }
}

/// Checks a rule's calendar rebinding against its policy, as a ticket's
/// rebinding would be checked.
fn check_calendars(policy: &Policy, calendars: &BTreeMap<String, Value>) -> Result<()> {
    if calendars.is_empty() {
        return Ok(());
    }
    policy.rebound_calendars(calendars, None).map(drop)
}

/// Puts "policy \"x\"" or "rule \"x\"" before a policy or calendar-data
/// error's message (an unknown name, too, becomes an invalid policy that
/// says where: a set holds several policies).
fn in_context(e: Error, what: &str, name: &str) -> Error {
    match e {
        Error::InvalidPolicy(m) => Error::InvalidPolicy(format!("{what} {name:?}: {m}")),
        Error::InvalidCalendarData(m) => {
            Error::InvalidCalendarData(format!("{what} {name:?}: {m}"))
        }
        other if other.kind() == ErrorKind::Policy => {
            Error::InvalidPolicy(format!("{what} {name:?}: {other}"))
        }
        other => other,
    }
}
