//! JS values in, engine types out, and back: instants, durations, JSON data.
//!
//! Nothing here decides anything about working time; it only reads what the
//! caller passed. Every input arrives as a `JsValue`, so that a value of the
//! wrong type becomes an engine error (never a panic, never a raw TypeError
//! from the glue code).

use chrono::{DateTime, FixedOffset};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::Result;
use crate::errors::{invalid_duration, invalid_instant, out_of_range, unserializable, Family};

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`; throws only for a Symbol.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> std::result::Result<String, JsValue>;
}

// Short ASCII strings (every instant the engine returns) cross into JS
// through these helpers: building them from bytes in JS is several times
// faster than wasm-bindgen's TextDecoder for strings of 25 characters,
// whose fixed cost dominated a `Calendar.add` call (see bench/bench.mjs).
// The module's memory is handed over once, at instantiation (`start`); a
// view of it is renewed only after the memory grew (its old buffer is then
// detached and the view's length 0), which is much cheaper than comparing
// `memory.buffer` on every call.
#[wasm_bindgen(inline_js = r#"
let memory = null;
let bytes = new Uint8Array(0);
export function slaSetMemory(m) { memory = m; bytes = new Uint8Array(0); }
export function slaAscii(ptr, len) {
  if (bytes.length === 0) bytes = new Uint8Array(memory.buffer);
  const m = bytes;
  const p = ptr;
  if (len === 25) {
    return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6],
      m[p + 7], m[p + 8], m[p + 9], m[p + 10], m[p + 11], m[p + 12], m[p + 13], m[p + 14],
      m[p + 15], m[p + 16], m[p + 17], m[p + 18], m[p + 19], m[p + 20], m[p + 21], m[p + 22],
      m[p + 23], m[p + 24]);
  }
  let s = "";
  for (let i = p; i < p + len; i++) s += String.fromCharCode(m[i]);
  return s;
}
export function slaNumber(value) {
  return typeof value === "number" ? value : NaN;
}
export function slaReadAscii(value, ptr, cap) {
  if (typeof value !== "string" || value.length > cap) return -1;
  if (bytes.length === 0) bytes = new Uint8Array(memory.buffer);
  const m = bytes;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return -1;
    m[ptr + i] = c;
  }
  return value.length;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = slaSetMemory)]
    fn sla_set_memory(memory: &JsValue);
    #[wasm_bindgen(js_name = slaAscii)]
    fn sla_ascii(ptr: usize, len: usize) -> JsValue;
    /// Writes `value` into `ptr..ptr + cap` when it is an ASCII string of at
    /// most `cap` characters and returns its length; -1 otherwise.
    /// `value` when it is a number, NaN otherwise (one call, no DataView,
    /// unlike `JsValue::as_f64`).
    #[wasm_bindgen(js_name = slaNumber)]
    fn sla_number(value: &JsValue) -> f64;
    #[wasm_bindgen(js_name = slaReadAscii)]
    fn sla_read_ascii(value: &JsValue, ptr: usize, cap: usize) -> i32;
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

/// A Rust string as a JS string (the fast path for short ASCII text).
pub(crate) fn js_str(s: &str) -> JsValue {
    if s.len() <= SHORT && s.is_ascii() {
        sla_ascii(s.as_ptr() as usize, s.len())
    } else {
        JsValue::from_str(s)
    }
}

/// An engine instant as the JS string of its RFC 3339 form.
pub(crate) fn instant_out<Tz: chrono::TimeZone>(t: &DateTime<Tz>) -> JsValue
where
    Tz::Offset: std::fmt::Display,
{
    let mut buf = [0u8; RFC3339_LEN];
    match write_rfc3339(t, &mut buf) {
        Some(len) => sla_ascii(buf.as_ptr() as usize, len),
        None => js_str(&t.to_rfc3339()),
    }
}

/// The longest text [`write_rfc3339`] writes: `YYYY-MM-DDTHH:MM:SS+HH:MM`.
const RFC3339_LEN: usize = 25;

/// `t.to_rfc3339()`, byte for byte, written into `buf` without `fmt` or an
/// allocation, for the instants the engine returns: whole seconds, years
/// 0 to 9999. Returns the length written, or `None` for any other instant
/// (sub-second parts, years outside 0..=9999), which then goes through
/// chrono itself.
pub(crate) fn write_rfc3339<Tz: chrono::TimeZone>(
    t: &DateTime<Tz>,
    buf: &mut [u8; RFC3339_LEN],
) -> Option<usize> {
    use chrono::Offset;
    if t.timestamp_subsec_nanos() != 0 {
        return None;
    }
    let off = i64::from(t.offset().fix().local_minus_utc());
    // Local time, with the offset's seconds (LMT offsets have some).
    let local = t.timestamp().checked_add(off)?;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let two = |buf: &mut [u8; RFC3339_LEN], at: usize, v: i64| {
        buf[at] = b'0' + (v / 10) as u8;
        buf[at + 1] = b'0' + (v % 10) as u8;
    };
    two(buf, 0, year / 100);
    two(buf, 2, year % 100);
    buf[4] = b'-';
    two(buf, 5, month);
    buf[7] = b'-';
    two(buf, 8, day);
    buf[10] = b'T';
    two(buf, 11, secs / 3600);
    buf[13] = b':';
    two(buf, 14, secs / 60 % 60);
    buf[16] = b':';
    two(buf, 17, secs % 60);
    // chrono writes the offset in minutes, its seconds rounded to the
    // nearest minute, always with a sign (`+00:00`, never `Z`).
    buf[19] = if off < 0 { b'-' } else { b'+' };
    let minutes = (off.abs() + 30) / 60;
    // |offset| < 24 h, so the hours take two digits.
    two(buf, 20, minutes / 60);
    buf[22] = b':';
    two(buf, 23, minutes % 60);
    Some(RFC3339_LEN)
}

/// `sla_core::parse_instant` of the text `b` for the form the engine writes and most
/// callers send, `YYYY-MM-DDTHH:MM:SSZ` or `...+HH:MM`, read without
/// chrono's general parser; `None` for anything else (other separators,
/// fractions, spaces, leap seconds, `-00:00`, invalid dates), which then
/// goes through the core, with its errors.
pub(crate) fn parse_rfc3339(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    let two = |at: usize| -> Option<u32> {
        let (hi, lo) = (b[at].wrapping_sub(b'0'), b[at + 1].wrapping_sub(b'0'));
        (hi < 10 && lo < 10).then_some(u32::from(hi) * 10 + u32::from(lo))
    };
    let offset = match b.len() {
        20 if b[19] == b'Z' => 0,
        25 if matches!(b[19], b'+' | b'-') && b[22] == b':' => {
            let (h, m) = (two(20)?, two(23)?);
            if h > 23 || m > 59 || (b[19] == b'-' && h == 0 && m == 0) {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            if b[19] == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = two(0)? * 100 + two(2)?;
    let (hour, min, sec) = (two(11)?, two(14)?, two(17)?);
    if hour > 23 || min > 59 || sec > 59 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year as i32, two(5)?, two(8)?)?
        .and_hms_opt(hour, min, sec)?
        .and_local_timezone(FixedOffset::east_opt(offset)?)
        .single()
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// How a value reads in an error message: `String(value)`.
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_string(value).unwrap_or_else(|_| "a symbol".to_string())
}

/// A name or a text argument; a non-string reads as `String(value)`, so the
/// engine reports it as the unknown name or unreadable text it is.
pub(crate) fn text(value: &JsValue) -> String {
    describe(value)
}

/// The largest number of seconds a numeric duration may have, the same
/// bound the engine puts on duration strings.
const MAX_SECONDS: f64 = 1e12;

/// An instant: an RFC 3339 string with an offset, or a `Date`.
pub(crate) fn instant(value: &JsValue) -> Result<DateTime<FixedOffset>> {
    if let Some(t) = with_short_ascii(value, |b| match parse_rfc3339(b) {
        Some(t) => Ok(t),
        // The host wrote ASCII bytes: valid UTF-8.
        None => sla_core::parse_instant(std::str::from_utf8(b).unwrap_or_default()),
    }) {
        return Ok(t?);
    }
    if let Some(s) = value.as_string() {
        return Ok(sla_core::parse_instant(&s)?);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            return Err(invalid_instant("Invalid Date".to_string()));
        }
        // A Date reaches ±275760 years, beyond what chrono represents.
        return DateTime::from_timestamp_millis(ms as i64)
            .map(|t| t.fixed_offset())
            .ok_or_else(|| out_of_range(String::from(date.to_iso_string())));
    }
    Err(invalid_instant(describe(value)))
}

/// A working-time amount to add or subtract.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Amount {
    /// Working seconds (negative: the other direction).
    Seconds(i64),
    /// "N working days", N × the calendar's working-day length.
    Days(u32),
}

/// A duration: a number of working seconds or a duration string of working
/// time (`"4h"`, `"1h30m"`, `"2 working days"`).
pub(crate) fn amount(value: &JsValue) -> Result<Amount> {
    // A whole number first: one call into JS for the common case. NaN,
    // infinities and fractions fall through to the error below.
    let n = sla_number(value);
    if n.is_finite() && n.fract() == 0.0 {
        if n.abs() > MAX_SECONDS {
            return Err(invalid_duration(describe(value), "the number is too large"));
        }
        return Ok(Amount::Seconds(n as i64));
    }
    // A duration string: short ASCII ones read without an allocation.
    if let Some(r) = with_short_ascii(value, |b| {
        duration(std::str::from_utf8(b).unwrap_or_default())
    }) {
        return r;
    }
    if let Some(s) = value.as_string() {
        return duration(&s);
    }
    Err(invalid_duration(
        describe(value),
        "expected a whole number of seconds or a duration like \"4h\"",
    ))
}

/// An item of a `Float64Array` of durations: read as the same number
/// given to `amount` (same checks, same messages).
pub(crate) fn seconds(n: f64) -> Result<Amount> {
    amount(&JsValue::from_f64(n))
}

/// An instant from epoch milliseconds (`Date.getTime()`, or an item of a
/// `Float64Array` of instants).
pub(crate) fn from_millis(ms: f64) -> Result<DateTime<FixedOffset>> {
    if ms.is_nan() {
        return Err(invalid_instant("Invalid Date".to_string()));
    }
    // A Date reaches ±275760 years, beyond what chrono represents; a
    // Float64Array item may be anything.
    if ms.is_finite() && ms.abs() < 1e17 {
        if let Some(t) = DateTime::from_timestamp_millis(ms as i64) {
            return Ok(t.fixed_offset());
        }
    }
    Err(out_of_range(format!(
        "{} ms after 1970-01-01T00:00:00Z",
        describe(&JsValue::from_f64(ms))
    )))
}

/// A duration string of working time.
fn duration(s: &str) -> Result<Amount> {
    match s.parse::<sla_core::Duration>()? {
        sla_core::Duration::Working(secs) => Ok(Amount::Seconds(secs)),
        sla_core::Duration::WorkingDays(n) => Ok(Amount::Days(n)),
        _ => Err(invalid_duration(
            s.to_string(),
            "expected working time like \"4h\" or \"3 working days\"; calendar time does not depend on a calendar",
        )),
    }
}

/// A count of working days: a whole number from 0 to 4294967295.
pub(crate) fn day_count(value: &JsValue) -> Result<u32> {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        _ => Err(invalid_duration(
            format!("{} working days", describe(value)),
            "expected a whole number of days from 0 to 4294967295",
        )),
    }
}

/// The JSON text of a data argument: a string is taken as it is (JSON
/// text), anything else goes through `JSON.stringify` (so `Date`s become
/// ISO strings and objects with `toJSON` serialise themselves).
pub(crate) fn json_text(value: &JsValue, family: Family) -> Result<String> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    match js_sys::JSON::stringify(value) {
        // `undefined`, functions and symbols have no JSON form: the engine
        // then reports the missing data as `null`.
        Ok(s) => Ok(s.as_string().unwrap_or_else(|| "null".to_string())),
        Err(e) => Err(unserializable(family, error_message(&e))),
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

#[cfg(test)]
mod tests {
    use super::{parse_rfc3339, write_rfc3339, RFC3339_LEN};
    use chrono::{DateTime, TimeZone, Utc};

    fn check<Tz: TimeZone>(t: &DateTime<Tz>) {
        let mut buf = [0u8; RFC3339_LEN];
        let expected = t.to_rfc3339();
        match write_rfc3339(t, &mut buf) {
            Some(len) => assert_eq!(std::str::from_utf8(&buf[..len]).unwrap(), expected),
            // Only sub-second instants and years outside 0..=9999 are left to chrono.
            None => assert!(
                t.timestamp_subsec_nanos() != 0 || expected.starts_with(['+', '-']),
                "{expected}"
            ),
        }
    }

    /// Byte-identical to chrono's `to_rfc3339` for every zone of the
    /// database (LMT offsets with seconds, +05:45, -09:30, ...) at random
    /// instants of 1900-2199, at each zone's transitions and at the edges.
    #[test]
    fn rfc3339_matches_chrono() {
        let lo = Utc
            .with_ymd_and_hms(1900, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let hi = Utc
            .with_ymd_and_hms(2200, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut n = 0;
        for tz in chrono_tz::TZ_VARIANTS {
            for _ in 0..2_000 {
                let secs = lo + (next() % (hi - lo) as u64) as i64;
                check(&Utc.timestamp_opt(secs, 0).unwrap().with_timezone(&tz));
                n += 1;
            }
            // Around midnights and offset changes: every hour of two days
            // in a few years, minus and plus one second.
            for year in [1900, 1916, 1970, 2000, 2026, 2199] {
                let base = Utc
                    .with_ymd_and_hms(year, 3, 25, 0, 0, 0)
                    .unwrap()
                    .timestamp();
                for h in 0..48 {
                    for d in [-1, 0, 1] {
                        check(
                            &Utc.timestamp_opt(base + h * 3600 + d, 0)
                                .unwrap()
                                .with_timezone(&tz),
                        );
                    }
                }
            }
        }
        assert!(n > 500_000);
        for secs in [
            i64::from(i32::MIN),
            -62_167_219_200,
            -62_167_219_201,
            253_402_300_799,
            253_402_300_800,
            0,
        ] {
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            check(&t);
            check(&t.fixed_offset());
            for off in [-86_399, -34_200, -1, 1, 29, 30, 31, 20_700, 86_399] {
                check(&t.with_timezone(&chrono::FixedOffset::east_opt(off).unwrap()));
            }
        }
        let frac = DateTime::from_timestamp(1_700_000_000, 5_000_000).unwrap();
        check(&frac);
    }

    /// The fast reader gives exactly what the core's `parse_instant` gives
    /// (instant and offset), or leaves the text to it.
    #[test]
    fn rfc3339_reader_matches_core() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // Whether the fast reader took the text (it must then agree).
        let agree = |s: &str| -> bool {
            let core = sla_core::parse_instant(s);
            let fast = parse_rfc3339(s.as_bytes());
            if let Some(t) = fast {
                let c = core.unwrap_or_else(|e| panic!("{s}: core says {e}"));
                assert_eq!((t, t.offset()), (c, c.offset()), "{s}");
            }
            fast.is_some()
        };
        let lo = Utc
            .with_ymd_and_hms(1900, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let hi = Utc
            .with_ymd_and_hms(2200, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let tzs = chrono_tz::TZ_VARIANTS;
        let alphabet = b"0123456789-+:TtZz .x";
        for _ in 0..300_000 {
            let secs = lo + (next() % (hi - lo) as u64) as i64;
            let tz = tzs[(next() % tzs.len() as u64) as usize];
            let t = Utc.timestamp_opt(secs, 0).unwrap();
            let local = t.with_timezone(&tz).to_rfc3339();
            assert!(agree(&local), "{local}");
            assert!(agree(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
            // One or two bytes changed: invalid dates and times, other
            // separators, offsets such as +24:00 or -00:00.
            let mut bytes = local.into_bytes();
            for _ in 0..=(next() % 2) {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] = alphabet[(next() % alphabet.len() as u64) as usize];
            }
            agree(std::str::from_utf8(&bytes).unwrap());
        }
        for s in [
            "2026-02-29T10:00:00Z",
            "2024-02-29T10:00:00Z",
            "2026-12-31T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T10:00:00+23:59",
            "2026-01-01T10:00:00-23:59",
            "2026-01-01T10:00:00+24:00",
            "2026-01-01T10:00:00-00:00",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-01-00T10:00:00Z",
            "2026-01-01t10:00:00z",
            "2026-01-01 10:00:00+03:00",
        ] {
            agree(s);
        }
    }
}
