//! The JSON contract shared by every binding (`contract.rs` of the core):
//! `{policy, ticket, at, explain}` in, the report out.

use wasm_bindgen::prelude::*;

use crate::convert::{json_text, json_value, text, to_js};
use crate::errors::Result;

/// Evaluates a request (`{policy, ticket, at, explain?}`, as an object or as
/// JSON text) and returns the report as a plain object, equal to the JSON
/// the engine gives in every language.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "EvaluateRequest | string")] request: JsValue,
) -> Result<JsValue> {
    let json = json_text(&request, "an EvaluateRequest object or JSON text")?;
    Ok(json_value(&sla_core::evaluate_json(&json)?))
}

/// Evaluates a request given as JSON text; returns the report as JSON text.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(
    #[wasm_bindgen(unchecked_param_type = "string")] request: JsValue,
) -> Result<String> {
    Ok(sla_core::evaluate_json(&text(&request)?)?)
}

/// A production calendar bundled with the engine (`"ru"`), as data: the
/// format to follow for another country's calendar given inline.
#[wasm_bindgen(js_name = bundledProductionCalendar, unchecked_return_type = "ProductionCalendar")]
pub fn bundled_production_calendar(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<JsValue> {
    to_js(sla_core::ProductionCalendar::bundled(&text(&name)?)?)
}
