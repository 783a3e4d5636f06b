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

data_class!(
    PolicySet,
    sla_core::PolicySet,
    "PolicySetSpec",
    /// A policy set from its JSON form: a `PolicySetSpec` object or JSON text.
    new("PolicySetSpec | string", "a PolicySetSpec object or JSON text")
);

#[wasm_bindgen(js_class = PolicySet)]
impl PolicySet {
    /// The set's display name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// The names of the set's policies, in name order.
    #[wasm_bindgen(getter, js_name = policyNames)]
    pub fn policy_names(&self) -> Vec<String> {
        strings(self.inner.policy_names())
    }

    /// The rule ids, in order.
    #[wasm_bindgen(getter, js_name = ruleIds)]
    pub fn rule_ids(&self) -> Vec<String> {
        strings(self.inner.rule_ids())
    }

    /// A policy of the set by name.
    pub fn policy(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<Policy> {
        Ok(self.inner.policy(&text(&name)?)?.clone().into())
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
        let at = instant(&at)?;
        to_js(
            &self
                .inner
                .evaluate_json(ticket.json(), &at, evaluate_options(&options))?,
        )
    }
}
