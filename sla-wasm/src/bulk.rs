//! The bulk forms of `Calendar.add` and `Calendar.between`, as in Python:
//! `addMany(times, durations)` and `betweenMany(starts, ends)`, read here
//! and computed by the core's bulk calls (`sla_core::bulk`: each item as
//! the single call computes it, missing in, missing out, one rule for
//! lengths).
//!
//! - Arrays of instants (RFC 3339 strings, `Date`s or epoch milliseconds)
//!   give arrays of RFC 3339 strings in the calendar's zone (of numbers of
//!   seconds for `betweenMany`); `null` and `undefined` items are missing
//!   and give `null`.
//! - A `Float64Array` of epoch milliseconds (`Date.getTime()`) gives a
//!   `Float64Array`: epoch milliseconds for `addMany`, seconds for
//!   `betweenMany`; `NaN` items are missing and give `NaN`.
//! - `durations` is one duration for all items, or one per item (an array
//!   of durations, or a `Float64Array` of seconds).

use sla_core::Durations;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::calendar::Calendar;
use crate::convert::{amount, exact, from_millis, instant, instant_out, seconds};
use crate::errors::{wrong_type, Result};

/// The items of a bulk argument read by `number` (a `Float64Array`, `NaN`
/// items missing) or by `js` (an array, `null` and `undefined` items
/// missing), and whether it was a `Float64Array`; `None` for anything else.
/// (Plain loops: iterator chains over `Result`s cost the web build
/// kilobytes of monomorphised code.)
fn items<T>(
    value: &JsValue,
    number: impl Fn(f64) -> Result<T>,
    js: impl Fn(&JsValue) -> Result<T>,
) -> Result<Option<(Vec<Option<T>>, bool)>> {
    let mut out = Vec::new();
    if let Some(array) = value.dyn_ref::<js_sys::Float64Array>() {
        for x in array.to_vec() {
            out.push((!x.is_nan()).then(|| number(x)).transpose()?);
        }
        return Ok(Some((out, true)));
    }
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Ok(None);
    };
    for v in array.iter() {
        out.push((!v.is_null_or_undefined()).then(|| js(&v)).transpose()?);
    }
    Ok(Some((out, false)))
}

/// Many instants as UTC seconds (`None` where missing), the nanoseconds
/// after each, and whether they came as a `Float64Array`.
fn instants(value: &JsValue) -> Result<(Vec<Option<i64>>, Vec<u32>, bool)> {
    let millis = |ms: f64| Ok(exact(&from_millis(ms)?));
    let Some((items, typed)) = items(value, millis, |v| Ok(exact(&instant(v)?)))? else {
        let expected = "an array of instants or a Float64Array of epoch milliseconds";
        return Err(wrong_type(expected, value));
    };
    let (mut secs, mut nanos) = (Vec::new(), Vec::new());
    for t in items {
        secs.push(t.map(|t| t.0));
        nanos.push(t.map_or(0, |t| t.1));
    }
    Ok((secs, nanos, typed))
}

/// Results as a `Float64Array` (`NaN` where missing; epoch milliseconds
/// of instants, seconds of durations) or an array (`null` where missing;
/// RFC 3339 text of instants in the zone of `cal`, numbers of seconds).
fn results(out: Vec<Option<i64>>, typed: bool, instants: Option<&Calendar>) -> Result<JsValue> {
    let scale = if instants.is_some() { 1000.0 } else { 1.0 };
    if typed {
        let mut v = Vec::with_capacity(out.len());
        for r in out {
            v.push(r.map_or(f64::NAN, |s| s as f64 * scale));
        }
        return Ok(js_sys::Float64Array::from(v.as_slice()).into());
    }
    let array = js_sys::Array::new();
    for r in out {
        array.push(&match (r, instants) {
            (None, _) => JsValue::NULL,
            (Some(t), Some(cal)) => instant_out(&cal.inner.in_zone(t)?),
            (Some(s), None) => JsValue::from_f64(s as f64),
        });
    }
    Ok(array.into())
}

#[wasm_bindgen(js_class = Calendar)]
impl Calendar {
    /// `add` of many instants: one duration for all or one per item. Arrays
    /// give arrays of strings (`null` for a missing item); a `Float64Array`
    /// of epoch milliseconds gives one (`NaN` for a missing item). The
    /// declaration here is the array form; the `Float64Array` overloads are
    /// in `types.d.ts`, so each caller gets back the type it passed.
    #[wasm_bindgen(js_name = addMany, unchecked_return_type = "(string | null)[]")]
    pub fn add_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Instant | null | undefined)[]")] times: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BulkDurations")] durations: JsValue,
    ) -> Result<JsValue> {
        let (times, nanos, typed) = instants(&times)?;
        let each = items(&durations, seconds, amount)?;
        let durations = match &each {
            Some((each, _)) => Durations::Each(each),
            None => Durations::One(amount(&durations)?),
        };
        let out = self.inner.add_many(&times, &nanos, durations)?;
        results(out, typed, Some(self))
    }

    /// `between` of many pairs. The result follows `starts`: an array of
    /// numbers of seconds (`null` where an item is missing), or a
    /// `Float64Array` of seconds (`NaN`). The array form is declared here,
    /// the `Float64Array` overloads in `types.d.ts`.
    #[wasm_bindgen(js_name = betweenMany, unchecked_return_type = "(number | null)[]")]
    pub fn between_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Instant | null | undefined)[]")] starts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(Instant | null | undefined)[] | Float64Array")]
        ends: JsValue,
    ) -> Result<JsValue> {
        let (starts, _, typed) = instants(&starts)?;
        let (ends, _, _) = instants(&ends)?;
        let out = self.inner.between_many(&starts, &ends)?;
        results(out, typed, None)
    }
}
