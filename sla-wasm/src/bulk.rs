//! The bulk forms of `Calendar.add` and `Calendar.between`, as in Python:
//! `addMany(times, durations)` and `betweenMany(starts, ends)`.
//!
//! - Arrays of instants (RFC 3339 strings or `Date`s) give arrays of RFC 3339
//!   strings in the calendar's zone (of numbers of seconds for
//!   `betweenMany`); `null` and `undefined` items are missing and give `null`.
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

/// Many instants, and whether they came as a `Float64Array`.
struct Instants {
    items: Vec<Option<DateTime<FixedOffset>>>,
    typed: bool,
}

const INSTANTS: &str = "an array of instants or a Float64Array of epoch milliseconds";

impl Instants {
    fn read(value: &JsValue) -> Result<Instants> {
        if let Some(array) = value.dyn_ref::<js_sys::Float64Array>() {
            let items = array
                .to_vec()
                .into_iter()
                .map(|ms| {
                    if ms.is_nan() {
                        Ok(None)
                    } else {
                        from_millis(ms).map(Some)
                    }
                })
                .collect::<Result<_>>()?;
            return Ok(Instants { items, typed: true });
        }
        if !js_sys::Array::is_array(value) {
            return Err(wrong_type(INSTANTS, value));
        }
        let items = value
            .unchecked_ref::<js_sys::Array>()
            .iter()
            .map(|v| {
                if v.is_null() || v.is_undefined() {
                    Ok(None)
                } else {
                    instant(&v).map(Some)
                }
            })
            .collect::<Result<_>>()?;
        Ok(Instants {
            items,
            typed: false,
        })
    }
}

/// One duration for all items, or one per item.
enum Spans {
    One(Amount),
    Many(Vec<Option<Amount>>),
}

impl Spans {
    fn read(value: &JsValue, n: usize) -> Result<Spans> {
        let many: Vec<Option<Amount>> = if let Some(array) = value.dyn_ref::<js_sys::Float64Array>()
        {
            array
                .to_vec()
                .into_iter()
                .map(|s| {
                    if s.is_nan() {
                        Ok(None)
                    } else {
                        seconds(s).map(Some)
                    }
                })
                .collect::<Result<_>>()?
        } else if js_sys::Array::is_array(value) {
            value
                .unchecked_ref::<js_sys::Array>()
                .iter()
                .map(|v| {
                    if v.is_null() || v.is_undefined() {
                        Ok(None)
                    } else {
                        amount(&v).map(Some)
                    }
                })
                .collect::<Result<_>>()?
        } else {
            return Ok(Spans::One(amount(value)?));
        };
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
    /// of epoch milliseconds gives one (`NaN` for a missing item).
    #[wasm_bindgen(js_name = addMany, unchecked_return_type = "(string | null)[] | Float64Array")]
    pub fn add_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Instant | null | undefined)[] | Float64Array")]
        times: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "DurationInput | (DurationInput | null | undefined)[] | Float64Array"
        )]
        durations: JsValue,
    ) -> Result<JsValue> {
        let times = Instants::read(&times)?;
        let spans = Spans::read(&durations, times.items.len())?;
        let mut out = Vec::with_capacity(times.items.len());
        for (i, t) in times.items.iter().enumerate() {
            out.push(match (t, spans.get(i)) {
                (Some(t), Some(d)) => Some(self.add_amount(t, d)?),
                _ => None,
            });
        }
        Ok(if times.typed {
            let ms: Vec<f64> = out
                .iter()
                .map(|r| r.as_ref().map_or(f64::NAN, |r| r.timestamp_millis() as f64))
                .collect();
            js_sys::Float64Array::from(ms.as_slice()).into()
        } else {
            out.iter()
                .map(|r| r.as_ref().map_or(JsValue::NULL, instant_out))
                .collect::<js_sys::Array>()
                .into()
        })
    }

    /// `between` of many pairs. The result follows `starts`: an array of
    /// numbers of seconds (`null` where an item is missing), or a
    /// `Float64Array` of seconds (`NaN`).
    #[wasm_bindgen(js_name = betweenMany, unchecked_return_type = "(number | null)[] | Float64Array")]
    pub fn between_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(Instant | null | undefined)[] | Float64Array")]
        starts: JsValue,
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
