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

use crate::errors::Result;
use crate::errors::{invalid_duration, invalid_instant, out_of_range, wrong_type};

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`; throws only for a Symbol.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> std::result::Result<String, JsValue>;
}

// The host-side helpers (src/host.js: why they are in JS is said there).
#[wasm_bindgen(module = "/src/host.js")]
extern "C" {
    #[wasm_bindgen(js_name = slaSetMemory)]
    fn sla_set_memory(memory: &JsValue);
    #[wasm_bindgen(js_name = slaAscii)]
    fn sla_ascii(ptr: usize, len: usize) -> JsValue;
    /// `value` when it is a number, NaN otherwise (one call, no DataView,
    /// unlike `JsValue::as_f64`).
    #[wasm_bindgen(js_name = slaNumber)]
    fn sla_number(value: &JsValue) -> f64;
    /// Writes `value` into `ptr..ptr + cap` when it is an ASCII string of at
    /// most `cap` characters and returns its length; -1 otherwise.
    #[wasm_bindgen(js_name = slaReadAscii)]
    fn sla_read_ascii(value: &JsValue, ptr: usize, cap: usize) -> i32;
    /// False for a string with a lone surrogate, true otherwise.
    #[wasm_bindgen(js_name = slaWellFormed)]
    fn sla_well_formed(value: &JsValue) -> bool;
    /// Why `JSON.stringify` failed on `value`, if its shape is the reason:
    /// 1 for a value that contains itself, 2 for one nested more than
    /// `limit` levels deep, 0 otherwise.
    #[wasm_bindgen(js_name = slaJsonShape)]
    fn sla_json_shape(value: &JsValue, limit: usize) -> u32;
    /// The first string (key or value) in `value` with a lone surrogate,
    /// in `JSON.stringify`'s order; `undefined` if there is none.
    #[wasm_bindgen(js_name = slaIllFormed)]
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

/// `f` of `value`'s bytes when it is a short ASCII string (every RFC 3339
/// instant is), read without allocating; `None` otherwise.
fn with_short_ascii<R>(value: &JsValue, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let mut buf = [0u8; SHORT];
    let len = sla_read_ascii(value, buf.as_mut_ptr() as usize, SHORT);
    let len = usize::try_from(len).ok()?;
    buf.get(..len).map(f)
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
    if let Some(s) = value.as_string() {
        return s;
    }
    js_string(value).unwrap_or_else(|_| "a symbol".to_string())
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
    instant_other(value).map(|t| (t, false))
}

/// [`instant`] of a value that is not a number (or is NaN).
fn instant_other(value: &JsValue) -> Result<DateTime<FixedOffset>> {
    // The host wrote ASCII bytes: valid UTF-8.
    if let Some(t) = with_short_ascii(value, |b| {
        sla_core::parse_instant(std::str::from_utf8(b).unwrap_or_default())
    }) {
        return Ok(t?);
    }
    if let Some(s) = value.as_string() {
        return Ok(sla_core::parse_instant(&s)?);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            return Err(invalid_instant(
                "Invalid Date".to_string(),
                "expected a Date with a time",
            ));
        }
        // A Date reaches ±275760 years, beyond what chrono represents.
        return DateTime::from_timestamp_millis(ms as i64)
            .map(|t| t.fixed_offset())
            .ok_or_else(|| out_of_range(String::from(date.to_iso_string())));
    }
    if let Some(ms) = value.as_f64() {
        return from_millis(ms);
    }
    Err(wrong_type(
        "an instant (RFC 3339 text, a Date or epoch milliseconds)",
        value,
    ))
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
    // A duration string: short ASCII ones read without an allocation.
    if let Some(r) = with_short_ascii(value, |b| {
        std::str::from_utf8(b).unwrap_or_default().parse()
    }) {
        return Ok(r?);
    }
    match value.as_string() {
        Some(s) => Ok(s.parse()?),
        None if value.as_f64().is_some() => seconds(f64::NAN),
        None => Err(wrong_type(
            "a duration (a number of seconds or text like \"4h\")",
            value,
        )),
    }
}

/// A number of working seconds (an argument, or an item of a
/// `Float64Array`): whole, and bounded as duration strings are.
pub(crate) fn seconds(n: f64) -> Result<Amount> {
    Ok(Amount::Working(TimeDelta::seconds(whole_seconds(n)?)))
}

/// A whole number of seconds of at most 10^12 in magnitude.
pub(crate) fn whole_seconds(n: f64) -> Result<i64> {
    if n.is_finite() && n.fract() == 0.0 && n.abs() <= 1e12 {
        return Ok(n as i64);
    }
    let shown = describe(&JsValue::from_f64(n));
    Err(if n.is_finite() && n.fract() == 0.0 {
        invalid_duration(shown, "the number is too large")
    } else {
        invalid_duration(
            shown,
            "expected a whole number of seconds or a duration like \"4h\"",
        )
    })
}

/// Epoch seconds (UTC) for the `*Seconds` methods: a whole number.
pub(crate) fn epoch_seconds(t: f64) -> Result<i64> {
    if t.is_finite() && t.fract() == 0.0 && t.abs() < 1e15 {
        return Ok(t as i64);
    }
    let shown = describe(&JsValue::from_f64(t));
    let reason = "expected a whole number of epoch seconds";
    Err(if t.is_nan() {
        invalid_instant(shown, reason)
    } else if t.is_finite() && t.fract() != 0.0 {
        invalid_instant(format!("{shown} epoch seconds"), reason)
    } else {
        out_of_range(format!("{shown} epoch seconds"))
    })
}

/// An instant from epoch milliseconds (`Date.getTime()`, or an item of a
/// `Float64Array` of instants).
pub(crate) fn from_millis(ms: f64) -> Result<DateTime<FixedOffset>> {
    // A Date reaches ±275760 years, beyond what chrono represents; a
    // Float64Array item may be anything.
    match DateTime::from_timestamp_millis(ms as i64) {
        Some(t) if ms.abs() < 1e17 => Ok(t.fixed_offset()),
        _ if ms.is_nan() => Err(invalid_instant(
            "NaN".to_string(),
            "expected a number of epoch milliseconds",
        )),
        _ => Err(out_of_range(format!(
            "{} ms after 1970-01-01T00:00:00Z",
            describe(&JsValue::from_f64(ms))
        ))),
    }
}

/// A count of working days: a whole number from 0 to 4294967295.
pub(crate) fn day_count(value: &JsValue) -> Result<u32> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        None => Err(wrong_type("a number of working days", value)),
        Some(_) => Err(invalid_duration(
            format!("{} working days", describe(value)),
            "expected a whole number of days from 0 to 4294967295",
        )),
    }
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
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(wrong_type(expected, value));
    }
    match js_sys::JSON::stringify(value) {
        // `undefined`, functions and symbols have no JSON form: the engine
        // then reports the missing data as `null`.
        Ok(s) => {
            let text = s.as_string().unwrap_or_else(|| "null".to_string());
            match check_shape(&text) {
                Shape::Fine => Ok(text),
                Shape::TooDeep => Err(sla_core::Error::too_deep().into()),
                // The string itself, as wasm-bindgen reads it (U+FFFD for
                // each lone surrogate), as Python shows it.
                Shape::LoneSurrogate => Err(sla_core::Error::lone_surrogate(
                    &sla_ill_formed(value).as_string().unwrap_or_default(),
                )
                .into()),
            }
        }
        Err(e) => Err(match sla_json_shape(value, sla_core::Error::MAX_DEPTH) {
            1 => sla_core::Error::cyclic().into(),
            2 => sla_core::Error::too_deep().into(),
            _ => crate::errors::Error::Type(format!(
                "expected JSON data, found a value JSON.stringify refuses: {}",
                error_message(&e)
            )),
        }),
    }
}

/// What [`check_shape`] found.
enum Shape {
    Fine,
    TooDeep,
    LoneSurrogate,
}

/// Checks JSON text that `JSON.stringify` wrote for what Python's
/// conversion of a dict refuses, in the order Python meets it: nesting
/// deeper than [`sla_core::Error::MAX_DEPTH`] and lone surrogates (which
/// `JSON.stringify` writes as `\uXXXX` escapes, the only surrogates it
/// escapes).
fn check_shape(text: &str) -> Shape {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match (in_string, b[i]) {
            (false, b'"') => in_string = true,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > sla_core::Error::MAX_DEPTH {
                    return Shape::TooDeep;
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                if b.get(i + 1) == Some(&b'u') && is_surrogate_escape(b.get(i + 2..i + 6)) {
                    return Shape::LoneSurrogate;
                }
                i += 1; // the escaped character
            }
            _ => {}
        }
        i += 1;
    }
    Shape::Fine
}

/// Whether four hex digits name a UTF-16 surrogate (D800 to DFFF).
fn is_surrogate_escape(hex: Option<&[u8]>) -> bool {
    match hex {
        Some(&[a, b, c, d]) => {
            a.eq_ignore_ascii_case(&b'd')
                && matches!(b.to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
                && c.is_ascii_hexdigit()
                && d.is_ascii_hexdigit()
        }
        _ => false,
    }
}

/// The message of a thrown JS value.
fn error_message(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => describe(e),
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

/// Whether `options.explain` is set (`options` may be undefined or null).
pub(crate) fn explain(options: &JsValue) -> bool {
    options.is_object()
        && js_sys::Reflect::get(options, &"explain".into())
            .map(|v| v.is_truthy())
            .unwrap_or(false)
}
