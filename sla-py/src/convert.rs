//! Moving values across the boundary: instants, durations and JSON data.
//!
//! Instants come in as timezone-aware `datetime` objects with any `tzinfo`
//! (`zoneinfo.ZoneInfo`, `datetime.timezone`, pandas' `Timestamp`, ...),
//! RFC 3339 strings (read by the core) or numpy `datetime64` values (UTC,
//! as numpy's convention has it), and become UTC seconds, the unit the
//! engine computes in, and the nanoseconds after them. Results go out as
//! `datetime` objects in the calendar's zone, with its `ZoneInfo`.

use std::path::PathBuf;

use chrono::{DateTime, Datelike, Timelike, Utc};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyDict, PyFloat, PyInt, PyList,
    PyString, PyTimeAccess, PyTuple, PyTzInfo, PyTzInfoAccess,
};
use serde::Serialize;
use sla_core::Nesting;

use crate::bulk::{datetime64, numpy_loaded};
use crate::error;

/// A Python argument of any type.
pub type Any<'py> = Bound<'py, PyAny>;

/// The UTC instant of an aware `datetime`, an RFC 3339 `str` or a numpy
/// `datetime64`: the second it is in and the nanoseconds after that second.
///
/// Aware means: `utcoffset()` is not None (Python's own definition); the
/// offset honours `fold` and comes from any tzinfo. The wall-clock fields
/// minus that offset give the instant (`sla_core::utc_of_local`, which
/// also checks the offset). (`tzinfo.utcoffset(dt)` is what
/// `dt.utcoffset()` calls, without the generic call it goes through, and
/// without its check of the offset, which the core makes.)
///
/// # Errors
/// `TypeError` for anything else; `InputError` for a naive datetime, one
/// whose tzinfo gives an offset of 24 hours or more, NaT (pandas' or
/// numpy's), or a string that is not RFC 3339 with an offset.
pub fn instant_exact(ob: &Bound<'_, PyAny>) -> PyResult<(i64, u32)> {
    let Ok(dt) = ob.cast::<PyDateTime>() else {
        return instant_other(ob);
    };
    let Some(tzinfo) = dt.get_tzinfo() else {
        return Err(naive(ob));
    };
    let offset = tzinfo.call_method1(intern!(ob.py(), "utcoffset"), (dt,))?;
    if offset.is_none() {
        return Err(naive(ob));
    }
    let offset = offset
        .cast::<PyDelta>()
        .map_err(|_| error::wrong_type("a timedelta from tzinfo.utcoffset()", &offset))?;
    let off_micros = i64::from(offset.get_days()) * 86_400_000_000
        + i64::from(offset.get_seconds()) * 1_000_000
        + i64::from(offset.get_microseconds());
    let date = (dt.get_year(), dt.get_month(), dt.get_day());
    let time = (
        dt.get_hour(),
        dt.get_minute(),
        dt.get_second(),
        dt.get_microsecond(),
    );
    let shown = || error::shown(offset.as_any());
    sla_core::utc_of_local(date, time, off_micros, shown).map_err(error::raise)
}

/// The error for a `datetime` without an offset: pandas' NaT (a `datetime`
/// with no time, the only one not equal to itself) is a missing time, any
/// other a naive one.
fn naive(ob: &Bound<'_, PyAny>) -> PyErr {
    if is_nat(ob) {
        error::missing_instant()
    } else {
        error::naive_datetime(ob)
    }
}

/// Whether a time value is NaT, numpy's or pandas' (not equal to itself).
fn is_nat(ob: &Bound<'_, PyAny>) -> bool {
    ob.ne(ob).unwrap_or(false)
}

/// [`instant_exact`] of a value that is not a `datetime`.
fn instant_other(ob: &Bound<'_, PyAny>) -> PyResult<(i64, u32)> {
    if let Ok(s) = ob.cast::<PyString>() {
        let t = sla_core::parse_instant(&str_text(s)?).map_err(error::raise)?;
        return Ok((t.timestamp(), t.timestamp_subsec_nanos()));
    }
    match datetime64(ob)? {
        Some(None) => Err(error::missing_instant()),
        Some(Some(t)) => Ok(t),
        None => {
            let expected = "a timezone-aware datetime, an RFC 3339 str or a numpy datetime64";
            Err(error::wrong_type(expected, ob))
        }
    }
}

/// The UTC instant of an instant value, sub-second part included, as the
/// engine's generic API takes it: the calls that round (`add_working_days`,
/// the clock) round it, the others read the second it is in.
pub fn utc_exact(ob: &Bound<'_, PyAny>) -> PyResult<DateTime<Utc>> {
    let (t, nanos) = instant_exact(ob)?;
    at(t, nanos)
}

/// UTC second `t` and `nanos` after it as a chrono instant.
fn at(t: i64, nanos: u32) -> PyResult<DateTime<Utc>> {
    DateTime::from_timestamp(t, nanos).ok_or_else(|| error::raise(sla_core::Error::out_of_range(t)))
}

/// A duration of any form the JavaScript binding takes: a `timedelta`
/// (working time, microseconds included: the engine rounds them) or a
/// duration `str` (`"4h"`, `"2 working days"`, `"calendar 8h"`).
pub fn amount(ob: &Bound<'_, PyAny>) -> PyResult<sla_core::Amount> {
    if let Ok(s) = ob.cast::<PyString>() {
        return str_text(s)?.parse().map_err(error::raise);
    }
    // Every timedelta (at most 999999999 days) fits a TimeDelta.
    let expected = "a timedelta or a duration str like \"4h\"";
    let d = ob.extract().map_err(|_| error::wrong_type(expected, ob))?;
    Ok(sla_core::Amount::Working(d))
}

/// A `timedelta` of whole seconds.
pub fn timedelta(py: Python<'_>, secs: i64) -> PyResult<Bound<'_, PyDelta>> {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let days = i32::try_from(days).map_err(|_| error::duration_out_of_range(secs))?;
    PyDelta::new(py, days, rest as i32, 0, false)
}

/// The `datetime` of UTC second `t` in `zone` (the calendar's `ZoneInfo`):
/// `zone.fromutc` gives the wall-clock time and the `fold`, as Python's own
/// `datetime.fromtimestamp(t, zone)` would, in a fraction of its time.
pub fn datetime<'py>(
    py: Python<'py>,
    t: i64,
    zone: &Bound<'py, PyTzInfo>,
) -> PyResult<Bound<'py, PyAny>> {
    let utc = at(t, 0)?.naive_utc();
    // The engine's range (years 1900 to 2199) fits every field.
    let (y, mo, d) = (utc.year(), utc.month() as u8, utc.day() as u8);
    let (h, mi, s) = (utc.hour() as u8, utc.minute() as u8, utc.second() as u8);
    let dt = PyDateTime::new(py, y, mo, d, h, mi, s, 0, Some(zone))?;
    zone.call_method1(intern!(py, "fromutc"), (dt,))
}

// ----- JSON data ----------------------------------------------------------

/// Python data (dict, list, str, int, float, bool, None, aware datetime) as
/// JSON. An aware datetime becomes its RFC 3339 text, with its own offset,
/// a numpy `datetime64` its RFC 3339 text in UTC, and NaT (a missing time,
/// pandas' or numpy's) null, as JSON has it; numpy's integers, floats and
/// bools are the numbers and bools they hold. An int beyond 64 bits
/// becomes the float JSON text would give it (as `JSON.stringify` does in
/// JavaScript).
///
/// # Errors
/// `InputError` for data nested more than [`sla_core::Error::MAX_DEPTH`]
/// levels deep, a list or dict that contains itself, or a string with a
/// lone surrogate; `TypeError` for a value of another type.
pub fn json_value(ob: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    json_value_in(ob, &mut Nesting::default())
}

/// [`json_value`] of a value inside the containers `path`.
fn json_value_in(ob: &Bound<'_, PyAny>, path: &mut Nesting) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if ob.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = ob.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(Value::String(str_text(s)?.into_owned()));
    }
    if ob.is_instance_of::<PyInt>() {
        let int = ob.extract::<i64>().map(Value::from);
        return int
            .or_else(|_| ob.extract::<u64>().map(Value::from))
            .or_else(|_| {
                let f = ob.extract::<f64>().map_err(|_| error::int_too_large())?;
                Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
            });
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| error::not_a_json_number(f.value()));
    }
    let is_dict = ob.is_instance_of::<PyDict>();
    if is_dict || ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        path.enter(ob.as_ptr() as usize).map_err(error::raise)?;
        let value = if let Ok(d) = ob.cast::<PyDict>() {
            let mut map = serde_json::Map::new();
            for (k, v) in d.iter() {
                let key = k
                    .cast::<PyString>()
                    .map_err(|_| error::wrong_type("str keys", &k))?;
                map.insert(str_text(key)?.into_owned(), json_value_in(&v, path)?);
            }
            Value::Object(map)
        } else {
            ob.try_iter()?
                .map(|item| json_value_in(&item?, path))
                .collect::<PyResult<Vec<_>>>()
                .map(Value::Array)?
        };
        path.leave();
        return Ok(value);
    }
    if ob.is_instance_of::<PyDateTime>() {
        // Rejects a naive datetime and a bad offset; NaT is a missing time.
        return match instant_exact(ob) {
            Ok(_) => Ok(Value::String(
                ob.call_method0(intern!(ob.py(), "isoformat"))?.extract()?,
            )),
            Err(_) if is_nat(ob) => Ok(Value::Null),
            Err(e) => Err(e),
        };
    }
    if let Some(value) = numpy_scalar(ob, path)? {
        return Ok(value);
    }
    let expected = "JSON data (dict, list, str, int, float, bool, None or an aware datetime)";
    Err(error::wrong_type(expected, ob))
}

/// A numpy scalar as JSON: a `datetime64` as RFC 3339 text in UTC (NaT as
/// null), an integer, float or bool as the Python value it holds; None for
/// any other value.
fn numpy_scalar(ob: &Any<'_>, path: &mut Nesting) -> PyResult<Option<serde_json::Value>> {
    let py = ob.py();
    if !numpy_loaded(py)? {
        return Ok(None);
    }
    if let Some(t) = datetime64(ob)? {
        let Some((t, nanos)) = t else {
            return Ok(Some(serde_json::Value::Null));
        };
        let text = at(t, nanos)?.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        return Ok(Some(serde_json::Value::String(text)));
    }
    let numpy = py.import(intern!(py, "numpy"))?;
    // numpy's timedelta64 is one of its integers, but holds no JSON number.
    if ob.is_instance(&numpy.getattr(intern!(py, "timedelta64"))?)? {
        return Ok(None);
    }
    for kind in ["integer", "floating", "bool_"] {
        if ob.is_instance(&numpy.getattr(kind)?)? {
            let item = ob.call_method0(intern!(py, "item"))?;
            return json_value_in(&item, path).map(Some);
        }
    }
    Ok(None)
}

/// The text of a `str`; one with a lone surrogate (which has no UTF-8 form)
/// is an `InputError` showing it with U+FFFD, as JavaScript reads it.
pub fn str_text<'a>(s: &'a Bound<'_, PyString>) -> PyResult<std::borrow::Cow<'a, str>> {
    s.to_cow()
        .map_err(|_| error::raise(sla_core::Error::lone_surrogate(&utf16_lossy(s))))
}

/// A `str` with one U+FFFD per lone surrogate, as JavaScript (and UTF-16)
/// reads it; pyo3's own lossy form gives one per UTF-8 byte.
fn utf16_lossy(s: &Bound<'_, PyString>) -> String {
    let py = s.py();
    let units = s.call_method1(intern!(py, "encode"), ("utf-16-le", "surrogatepass"));
    let text = units.and_then(|u| u.call_method1(intern!(py, "decode"), ("utf-16-le", "replace")));
    let text = text.and_then(|t| t.extract::<String>());
    text.unwrap_or_else(|_| s.to_string_lossy().into_owned())
}

/// A `str` argument (a name, a text form, JSON or TOML text), read by
/// [`str_text`]: `TypeError` for another type, `InputError` for a string
/// with a lone surrogate.
#[derive(Debug)]
pub struct Text(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Text> {
        let s = ob
            .cast::<PyString>()
            .map_err(|_| error::wrong_type("str", &ob))?;
        Ok(Text(str_text(&s)?.into_owned()))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A document of the contract (a policy, a policy set, a request) given as
/// a dict (its JSON form, as JSON text), as JSON text (a `str` that starts
/// with `{`) or as the path of its file (any other `str`, or an
/// `os.PathLike`). Returns the text and whether it is TOML (a file with
/// the `.toml` suffix).
///
/// # Errors
/// `TypeError` for anything else; Python's own `OSError` for a file that
/// cannot be read.
pub fn text_or_file(ob: &Bound<'_, PyAny>, expected: &str) -> PyResult<(String, bool)> {
    let py = ob.py();
    if ob.is_instance_of::<PyDict>() {
        return Ok((json_text(ob)?, false));
    }
    if let Ok(s) = ob.cast::<PyString>() {
        let text = str_text(s)?;
        if text.trim_start().starts_with('{') {
            return Ok((text.into_owned(), false));
        }
    }
    let path: PathBuf = ob.extract().map_err(|_| error::wrong_type(expected, ob))?;
    // Python reads the file, so an OSError names it as Python's always do.
    let text: String = py
        .import(intern!(py, "pathlib"))?
        .getattr(intern!(py, "Path"))?
        .call1((ob,))?
        .call_method1(intern!(py, "read_text"), ("utf-8",))?
        .extract()?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    Ok((text, is_toml))
}

/// The items of a list or a tuple (a batch); None for any other value.
pub fn batch<'py>(ob: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    match ob.cast::<PyList>() {
        Ok(list) => Some(list.iter().collect()),
        Err(_) => ob.cast::<PyTuple>().ok().map(|t| t.iter().collect()),
    }
}

/// Python data as JSON text.
pub fn json_text(ob: &Bound<'_, PyAny>) -> PyResult<String> {
    sla_core::to_json(&json_value(ob)?).map_err(error::raise)
}

/// JSON text as Python data, exactly as `json.loads` reads it.
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// A serialisable value of the contract as Python data.
pub fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = sla_core::to_json(value).map_err(error::raise)?;
    loads(py, &text)
}
