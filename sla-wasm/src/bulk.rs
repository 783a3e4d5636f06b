//! The bulk forms of `Calendar.add` and `Calendar.between`, as in Python:
//! `addMany(times, durations)` and `betweenMany(starts, ends)`.
//!
//! - Arrays of instants (RFC 3339 strings, `Date`s or epoch milliseconds)
//!   give arrays of RFC 3339 strings in the calendar's zone (of numbers of
//!   seconds for `betweenMany`); `null` and `undefined` items are missing and give `null`.
//! - A `Float64Array` of epoch milliseconds (`Date.getTime()`) gives a
//!   `Float64Array`: epoch milliseconds for `addMany`, seconds for
//!   `betweenMany`; `NaN` items are missing and give `NaN`.
//! - `durations` is one duration for all items, or one per item (an array
//!   of durations, or a `Float64Array` of seconds).
//!
//! Each item is computed exactly as the single call computes it; only the
//! crossings between JS and wasm are saved.

use chrono::{DateTime, FixedOffset};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::calendar::Calendar;
use crate::convert::{amount, from_millis, instant, instant_out, seconds, Amount};
use crate::errors::{wrong_type, Result};

/// The items of a bulk argument read by `number` (a `Float64Array`, `NaN`
/// items missing) or by `js` (an array, `null` and `undefined` items
/// missing), and whether it was a `Float64Array`; `None` for anything else.
fn items<T>(
    value: &JsValue,
    number: impl Fn(f64) -> Result<T>,
    js: impl Fn(&JsValue) -> Result<T>,
) -> Option<Result<(Vec<Option<T>>, bool)>> {
    if let Some(array) = value.dyn_ref::<js_sys::Float64Array>() {
        let read = |x: f64| {
            if x.is_nan() {
                Ok(None)
            } else {
                number(x).map(Some)
            }
        };
        let items: Result<Vec<_>> = array.to_vec().into_iter().map(read).collect();
        return Some(items.map(|items| (items, true)));
    }
    if !js_sys::Array::is_array(value) {
        return None;
    }
    let read = |v: JsValue| {
        if v.is_null() || v.is_undefined() {
            Ok(None)
        } else {
            js(&v).map(Some)
        }
    };
    let items: Result<Vec<_>> = value
        .unchecked_ref::<js_sys::Array>()
        .iter()
        .map(read)
        .collect();
    Some(items.map(|items| (items, false)))
}

/// Many instants, and whether they came as a `Float64Array`.
struct Instants {
    items: Vec<Option<DateTime<FixedOffset>>>,
    typed: bool,
}

impl Instants {
    fn read(value: &JsValue) -> Result<Instants> {
        match items(value, from_millis, instant) {
            Some(read) => read.map(|(items, typed)| Instants { items, typed }),
            None => Err(wrong_type(
                "an array of instants or a Float64Array of epoch milliseconds",
                value,
            )),
        }
    }
}

/// One duration for all items, or one per item.
enum Spans {
    One(Amount),
    Many(Vec<Option<Amount>>),
}

impl Spans {
    fn read(value: &JsValue, n: usize) -> Result<Spans> {
        let Some(read) = items(value, seconds, amount) else {
            return Ok(Spans::One(amount(value)?));
        };
        let (many, _) = read?;
        if many.len() != n {
            return Err(sla_core::Error::LengthMismatch {
                first: "times",
                first_len: n,
                second: "durations",
                second_len: many.len(),
            }
            .into());
        }
        Ok(Spans::Many(many))
    }

    fn get(&self, i: usize) -> Option<Amount> {
        match self {
            Spans::One(d) => Some(*d),
            Spans::Many(v) => v.get(i).copied().flatten(),
        }
    }
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
        let times = Instants::read(&times)?;
        let spans = Spans::read(&durations, times.items.len())?;
        let n = times.items.len();
        // Each item takes the step of the single `add` with the same input:
        // epoch milliseconds for a `Float64Array`, text otherwise.
        if times.typed {
            let mut ms = Vec::with_capacity(n);
            for (i, t) in times.items.iter().enumerate() {
                ms.push(match (t, spans.get(i)) {
                    (Some(t), Some(d)) => self.add_millis(t, d)?,
                    _ => f64::NAN,
                });
            }
            return Ok(js_sys::Float64Array::from(ms.as_slice()).into());
        }
        let mut out = Vec::with_capacity(n);
        for (i, t) in times.items.iter().enumerate() {
            out.push(match (t, spans.get(i)) {
                (Some(t), Some(d)) => instant_out(&self.add_amount(t, d)?),
                _ => JsValue::NULL,
            });
        }
        Ok(out.into_iter().collect::<js_sys::Array>().into())
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
        let starts = Instants::read(&starts)?;
        let ends = Instants::read(&ends)?;
        if starts.items.len() != ends.items.len() {
            return Err(sla_core::Error::LengthMismatch {
                first: "starts",
                first_len: starts.items.len(),
                second: "ends",
                second_len: ends.items.len(),
            }
            .into());
        }
        let mut out = Vec::with_capacity(starts.items.len());
        for (a, b) in starts.items.iter().zip(&ends.items) {
            out.push(match (a, b) {
                (Some(a), Some(b)) => Some(self.inner.between(a, b)?.num_seconds() as f64),
                _ => None,
            });
        }
        Ok(if starts.typed {
            let secs: Vec<f64> = out.iter().map(|s| s.unwrap_or(f64::NAN)).collect();
            js_sys::Float64Array::from(secs.as_slice()).into()
        } else {
            out.iter()
                .map(|s| s.map_or(JsValue::NULL, JsValue::from_f64))
                .collect::<js_sys::Array>()
                .into()
        })
    }
}
