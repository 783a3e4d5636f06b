//! `PolicySet`: ordered rules on ticket attributes that choose a policy and
//! its calendars (`sla_core::PolicySet`, `policy/set.rs` of the core).

use wasm_bindgen::prelude::*;

use crate::clock::ticket_input;
use crate::convert::{evaluate_options, instant, strings, text, to_js};
use crate::errors::Result;
use crate::policy::Policy;

/// Policies and the ordered rules that choose among them by a ticket's
/// attributes.
#[wasm_bindgen(js_name = PolicySet)]
#[derive(Debug)]
pub struct PolicySet {
    inner: sla_core::PolicySet,
}

data_class!(PolicySet, sla_core::PolicySet, "PolicySetSpec",
    #[doc = " A policy set from its JSON form: a `PolicySetSpec` object or JSON text."]
    new("PolicySetSpec | string") {
    #[doc = " The set's display name."]
    "name" fn name() -> String = |s| s.name().to_string();
    #[doc = " The names of the set's policies, in name order."]
    "policyNames" fn policy_names() -> Vec<String> = |s| strings(s.policy_names());
    #[doc = " The rule ids, in order."]
    "ruleIds" fn rule_ids() -> Vec<String> = |s| strings(s.rule_ids());
});

#[wasm_bindgen(js_class = PolicySet)]
impl PolicySet {
    /// A policy of the set by name.
    pub fn policy(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<Policy> {
        let inner = self.inner.shared_policy(&text(&name)?)?.clone();
        Ok(Policy { inner })
    }

    /// The ticket's SLA status at `at` under the policy its attributes
    /// select then: `{policy, rule, report}` as plain data (`report` is
    /// `null` when no SLA applies). `options.explain` adds each metric's
    /// timeline.
    #[wasm_bindgen(unchecked_return_type = "SetReport")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | TicketSpec | string")] ticket: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
    ) -> Result<JsValue> {
        let ticket = ticket_input(&ticket)?;
        let (at, options) = (instant(&at)?, evaluate_options(&options));
        to_js(&self.inner.evaluate_json(ticket.json(), &at, options)?)
    }
}
