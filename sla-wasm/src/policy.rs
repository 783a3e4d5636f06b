//! `Policy`: priorities × categories → targets per metric, on calendars
//! (`sla_core::Policy`, `policy/` of the core). Evaluating tickets against
//! it is in `clock.rs`.

use std::sync::Arc;

use wasm_bindgen::prelude::*;

use crate::calendar::Calendar;
use crate::convert::{strings, text};
use crate::errors::Result;

/// A compiled, validated SLA policy.
#[wasm_bindgen(js_name = Policy)]
#[derive(Debug, Clone)]
pub struct Policy {
    /// Shared with the tickets checked against it.
    pub(crate) inner: Arc<sla_core::Policy>,
}

data_class!(Policy, sla_core::Policy, "PolicySpec",
    #[doc = " A policy from its JSON form: a `PolicySpec` object or JSON text."]
    new("PolicySpec | string") {
    #[doc = " The policy's display name."]
    "name" fn name() -> String = |p| p.name().to_string();
    #[doc = " Priority identifiers, most urgent first."]
    "priorities" fn priorities() -> Vec<String> = |p| p.priorities().to_vec();
    #[doc = " Category identifiers."]
    "categories" fn categories() -> Vec<String> = |p| p.categories().to_vec();
    #[doc = " Metric identifiers."]
    "metrics" fn metrics() -> Vec<String> = |p| strings(p.metrics());
    #[doc = " Calendar names."]
    "calendarNames" fn calendar_names() -> Vec<String> = |p| p.calendar_names().to_vec();
});

#[wasm_bindgen(js_class = Policy)]
impl Policy {
    /// The named calendar of the policy.
    pub fn calendar(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Result<Calendar> {
        Ok(self.inner.calendar(&text(&name)?)?.clone().into())
    }

    /// Checks that a (category, priority) pair exists and is allowed; throws
    /// a `PolicyError` otherwise.
    #[wasm_bindgen(js_name = checkPair)]
    pub fn check_pair(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] category: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] priority: JsValue,
    ) -> Result<()> {
        let (category, priority) = (text(&category)?, text(&priority)?);
        Ok(self.inner.check_pair(&category, &priority)?)
    }
}
