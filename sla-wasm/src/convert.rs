//! JS values in, engine types out, and back: instants, durations, JSON data.
//!
//! Nothing here decides anything about working time; it only reads what the
//! caller passed. Every input arrives as a `JsValue`, so that a value of the
//! wrong type becomes this binding's `TypeError` or an engine error (never
//! a panic, never a raw error of the glue code).

use chrono::{DateTime, FixedOffset, TimeDelta};
use sla_core::Amount;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::wrong_type;
use crate::errors::Result;

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`; throws only for a Symbol.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> std::result::Result<String, JsValue>;
}

// The host-side helpers (src/host.js: why they are in JS is said there),
// under the same names.
#[wasm_bindgen(module = "/src/host.js")]
extern "C" {
    fn sla_set_memory(memory: &JsValue);
    fn sla_ascii(ptr: usize, len: usize) -> JsValue;
    /// `value` when it is a number, NaN otherwise (one call, no DataView,
    /// unlike `JsValue::as_f64`).
    fn sla_number(value: &JsValue) -> f64;
    /// Writes `value` into `ptr..ptr + cap` when it is an ASCII string of at
    /// most `cap` characters and returns its length; -1 otherwise.
    fn sla_read_ascii(value: &JsValue, ptr: usize, cap: usize) -> i32;
    /// False for a string with a lone surrogate, true otherwise.
    fn sla_well_formed(value: &JsValue) -> bool;
    /// Why `JSON.stringify` failed on `value`, if its shape is the reason:
    /// 1 for a value that contains itself, 2 for one nested more than
    /// `limit` levels deep, 0 otherwise.
    fn sla_json_shape(value: &JsValue, limit: usize) -> u32;
    /// The first string (key or value) in `value` with a lone surrogate,
    /// in `JSON.stringify`'s order; `undefined` if there is none.
    fn sla_ill_formed(value: &JsValue) -> JsValue;
}

/// Runs once when the module is instantiated: gives the ASCII helpers the
/// module's memory.
#[wasm_bindgen(start)]
fn start() {
    sla_set_memory(&wasm_bindgen::memory());
}

/// The longest instant text read through the fast path.
const SHORT: usize = 64;

/// `f` of `value`'s text when it is a string, `None` otherwise; a short
/// ASCII one (every RFC 3339 instant is) is read without allocating.
fn with_str<R>(value: &JsValue, f: impl FnOnce(&str) -> R) -> Option<R> {
    let mut buf = [0u8; SHORT];
    match usize::try_from(sla_read_ascii(value, buf.as_mut_ptr() as usize, SHORT)) {
        // The host wrote ASCII bytes: valid UTF-8.
        Ok(len) => Some(f(std::str::from_utf8(buf.get(..len)?).unwrap_or_default())),
        Err(_) => value.as_string().map(|s| f(&s)),
    }
}

/// An engine instant as the JS string of its RFC 3339 form (chrono's
/// `to_rfc3339`), written by the core's `rfc3339::write` without `fmt`:
/// chrono's formatter is kilobytes of the build. The engine's instants are
/// whole seconds of the years 1900 to 2099, which `write` always writes.
pub(crate) fn instant_out<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> JsValue {
    use chrono::Offset;
    let mut buf = [0u8; sla_core::rfc3339::LEN];
    let offset = t.offset().fix().local_minus_utc();
    match sla_core::rfc3339::write(t.timestamp(), offset, &mut buf) {
        Some(len) => sla_ascii(buf.as_ptr() as usize, len),
        None => JsValue::from_str(&format!("{} epoch seconds", t.timestamp())),
    }
}

/// How a value reads in an error message: `String(value)`.
pub(crate) fn describe(value: &JsValue) -> String {
    js_string(value).unwrap_or_else(|_| "a symbol".to_string())
}

/// A number as JavaScript writes it (`String(n)`), for messages.
fn shown(n: f64) -> String {
    describe(&JsValue::from_f64(n))
}

/// A name or a text argument.
///
/// # Errors
/// A `TypeError` for a value that is not a string; a string with a lone
/// surrogate, which has no UTF-8 form (Python raises the same errors).
pub(crate) fn text(value: &JsValue) -> Result<String> {
    string(value)?.ok_or_else(|| wrong_type("a string", value))
}

/// `value` as Rust text when it is a string, `None` otherwise.
///
/// # Errors
/// A string with a lone surrogate: wasm-bindgen would read it with U+FFFD
/// in its place, which must not pass silently.
pub(crate) fn string(value: &JsValue) -> Result<Option<String>> {
    match value.as_string() {
        Some(s) if !sla_well_formed(value) => Err(sla_core::Error::lone_surrogate(&s).into()),
        other => Ok(other),
    }
}

/// An instant: an RFC 3339 string with an offset, a `Date`, or a number of
/// epoch milliseconds.
pub(crate) fn instant(value: &JsValue) -> Result<DateTime<FixedOffset>> {
    Ok(instant_given(value)?.0)
}

/// [`instant`], and whether it came as epoch milliseconds: the form the
/// answer goes back in.
pub(crate) fn instant_given(value: &JsValue) -> Result<(DateTime<FixedOffset>, bool)> {
    // Epoch milliseconds first: one call into JS, and the fastest form.
    // NaN is not taken here; it falls through to its own error below.
    let ms = sla_number(value);
    if !ms.is_nan() {
        return Ok((from_millis(ms)?, true));
    }
    if let Some(t) = with_str(value, sla_core::parse_instant) {
        return Ok((t?, false));
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            let (text, reason) = ("Invalid Date".into(), "expected a Date with a time".into());
            return Err(sla_core::Error::InvalidInstant { text, reason }.into());
        }
        // A Date reaches ±275760 years, beyond what chrono represents.
        let t = DateTime::from_timestamp_millis(ms as i64);
        let iso = || sla_core::Error::OutOfSupportedRange(date.to_iso_string().into());
        return Ok((t.ok_or_else(iso)?.fixed_offset(), false));
    }
    if let Some(ms) = value.as_f64() {
        return Ok((from_millis(ms)?, true));
    }
    let expected = "an instant (RFC 3339 text, a Date or epoch milliseconds)";
    Err(wrong_type(expected, value))
}

/// An instant as UTC seconds and the nanoseconds after them.
pub(crate) fn exact(t: &DateTime<FixedOffset>) -> (i64, u32) {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

/// A duration: a whole number of working seconds, or a duration string
/// (`"4h"`, `"1h30m"`, `"2 working days"`, `"calendar 1d"`).
pub(crate) fn amount(value: &JsValue) -> Result<Amount> {
    // A number first: one call into JS for the common case.
    let n = sla_number(value);
    if !n.is_nan() {
        return seconds(n);
    }
    let expected = "a duration (a number of seconds or text like \"4h\")";
    match with_str(value, str::parse) {
        Some(d) => Ok(d?),
        None if value.as_f64().is_some() => seconds(n),
        None => Err(wrong_type(expected, value)),
    }
}

/// A number of working seconds (an argument, or an item of a
/// `Float64Array`): whole, and bounded as duration strings are.
pub(crate) fn seconds(n: f64) -> Result<Amount> {
    Ok(Amount::Working(TimeDelta::seconds(whole_seconds(n)?)))
}

/// A whole number of seconds of at most 10^12 in magnitude (the core's
/// rule).
pub(crate) fn whole_seconds(n: f64) -> Result<i64> {
    Ok(sla_core::number::whole_seconds(n, || shown(n))?)
}

/// Epoch seconds (UTC) for the `*Seconds` methods (the core's rule).
pub(crate) fn epoch_seconds(t: f64) -> Result<i64> {
    Ok(sla_core::number::epoch_seconds(t, || shown(t))?)
}

/// An instant from epoch milliseconds (`Date.getTime()`, or an item of a
/// `Float64Array` of instants), bounded by the core's rule.
pub(crate) fn from_millis(ms: f64) -> Result<DateTime<FixedOffset>> {
    Ok(sla_core::number::epoch_millis(ms, || shown(ms))?.fixed_offset())
}

/// `n` working days (a number, whole from 0 to 4294967295: the core's
/// rule) in `meaning` (`"length"` when absent).
pub(crate) fn working_days(n: &JsValue, meaning: &JsValue) -> Result<Amount> {
    let Some(n) = n.as_f64() else {
        return Err(wrong_type("a number of working days", n));
    };
    let n = sla_core::number::day_count(n, || shown(n))?;
    let meaning = match meaning.is_null_or_undefined() {
        true => sla_core::WorkingDaysMeaning::default(),
        false => sla_core::WorkingDaysMeaning::from_name(&text(meaning)?)?,
    };
    Ok(Amount::WorkingDays(n, meaning))
}

/// The JSON text of a data argument (`expected` names it for a
/// `TypeError`): a string is taken as it is (JSON text), an object (not an
/// array) goes through `JSON.stringify` (so `Date`s become ISO strings and
/// objects with `toJSON` serialise themselves).
///
/// # Errors
/// A `TypeError` for any other value (as Python's for anything but a str
/// or a dict) and for what `JSON.stringify` refuses (a BigInt, ...); as
/// Python's conversion of a dict: data nested more than
/// [`sla_core::Error::MAX_DEPTH`] levels deep, a value that contains itself,
/// a string with a lone surrogate.
pub(crate) fn json_text(value: &JsValue, expected: &str) -> Result<String> {
    if let Some(s) = string(value)? {
        return Ok(s);
    }
    if !value.is_object() || value.is_array() {
        return Err(wrong_type(expected, value));
    }
    match js_sys::JSON::stringify(value) {
        // `undefined`, functions and symbols have no JSON form: the engine
        // then reports the missing data as `null`.
        Ok(s) => {
            let text = s.as_string().unwrap_or_else(|| "null".to_string());
            // The string itself, as wasm-bindgen reads it (U+FFFD for each
            // lone surrogate), as Python shows it.
            let lossy = || sla_ill_formed(value).as_string().unwrap_or_default();
            sla_core::check_object_json(&text, lossy)?;
            Ok(text)
        }
        Err(e) => Err(match sla_json_shape(value, sla_core::Error::MAX_DEPTH) {
            1 => sla_core::Error::cyclic().into(),
            2 => sla_core::Error::too_deep().into(),
            _ => crate::errors::Error::Type(format!(
                "expected JSON data, found a value JSON.stringify refuses: {}",
                // The message of the thrown value.
                e.dyn_ref::<js_sys::Error>()
                    .map_or_else(|| describe(&e), |e| e.message().into())
            )),
        }),
    }
}

/// A plain JS value from JSON text the engine produced.
pub(crate) fn json_value(text: &str) -> JsValue {
    // The engine's serde_json output is always valid JSON.
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Any serialisable engine value as a plain JS value.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue> {
    Ok(json_value(&sla_core::to_json(value)?))
}

/// Names as owned strings, for a `string[]`.
pub(crate) fn strings(names: Vec<&str>) -> Vec<String> {
    names.into_iter().map(str::to_string).collect()
}

/// `options[name]`; undefined when `options` is not an object (undefined,
/// null) or has no such property.
fn option(options: &JsValue, name: &str) -> JsValue {
    if !options.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The options of an evaluation: `options.explain` (`options` may be
/// undefined or null).
pub(crate) fn evaluate_options(options: &JsValue) -> sla_core::EvaluateOptions {
    let explain = option(options, "explain").is_truthy();
    sla_core::EvaluateOptions { explain }
}

/// `options.errors` of a batch: "raise" (also when absent) or "collect".
pub(crate) fn on_error(options: &JsValue) -> Result<sla_core::OnError> {
    let errors = option(options, "errors");
    match errors.as_string() {
        Some(name) => Ok(sla_core::OnError::from_name(&name)?),
        None if errors.is_undefined() => Ok(sla_core::OnError::Raise),
        None => Err(wrong_type("\"collect\" or \"raise\" for errors", &errors)),
    }
}
