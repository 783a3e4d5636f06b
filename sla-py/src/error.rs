//! The one place where engine errors become Python exceptions.
//!
//! Every [`sla_core::Error`] maps by its [`kind`](sla_core::Error::kind) to one
//! exception class; the message is the core's `Display` text unchanged, so
//! Rust, Python and JavaScript users read the same words. The few errors the
//! binding raises itself (Python values that never reach the core) are here
//! too, as functions, so that every message of the package is in one file.

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use sla_core::ErrorKind;

/// The exception classes: each one's name, base, family and docstring. Makes
/// the classes, [`raise`] (an engine error to its family's class) and
/// [`register`] (the classes into the module, each with its `kind`).
macro_rules! exceptions {
    ($($name:ident($base:ty, $kind:ident): $doc:literal;)*) => {
        create_exception!(sla, SlaError, PyValueError, "Base class of every error of the SLA engine; `kind` names its family.");
        $(create_exception!(sla, $name, $base, $doc);)*

        /// The Python exception for an engine error.
        pub fn raise(e: sla_core::Error) -> PyErr {
            match e.kind() {
                $(ErrorKind::$kind => $name::new_err(e.to_string()),)*
                _ => SlaError::new_err(e.to_string()),
            }
        }

        /// Adds the exception classes to the module, each with its `kind`.
        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            let py = m.py();
            py.get_type::<SlaError>().setattr("kind", "error")?;
            m.add("SlaError", py.get_type::<SlaError>())?;
            $(
                py.get_type::<$name>().setattr("kind", ErrorKind::$kind.as_str())?;
                m.add(stringify!($name), py.get_type::<$name>())?;
            )*
            Ok(())
        }
    };
}

exceptions! {
    CalendarError(SlaError, Calendar): "The calendar definition is wrong (zone, intervals, dated rules, text form).";
    OutOfRangeError(SlaError, Range): "A computation needs calendar data that is not loaded, leaves the supported range, or finds no working time.";
    InputError(SlaError, Input): "A duration, instant or data value is malformed (a naive datetime, data nested too deeply or containing itself, a string with a lone surrogate).";
    PolicyError(SlaError, Policy): "The policy is malformed or refers to something it does not define.";
    EventError(SlaError, Event): "The ticket's events are malformed, out of order or not allowed.";
}

/// `str(ob)`, or `?` if that fails.
pub fn shown(ob: &Bound<'_, PyAny>) -> String {
    ob.str().map_or_else(|_| "?".to_string(), |s| s.to_string())
}

/// A datetime without a UTC offset: the engine works on instants only.
pub fn naive_datetime(dt: &Bound<'_, PyAny>) -> PyErr {
    InputError::new_err(format!(
        "naive datetime \"{}\" has no time zone: attach a tzinfo, \
         e.g. zoneinfo.ZoneInfo(\"Europe/Moscow\") or datetime.timezone.utc",
        shown(dt)
    ))
}

/// A missing time (NaT, pandas' or numpy's) where an instant is needed.
pub fn missing_instant() -> PyErr {
    let (text, reason) = ("NaT".to_string(), "the time is missing".to_string());
    raise(sla_core::Error::InvalidInstant { text, reason })
}

/// A working time too long for a `timedelta` (beyond 999,999,999 days).
pub fn duration_out_of_range(secs: i64) -> PyErr {
    OutOfRangeError::new_err(format!(
        "duration of {secs} seconds is outside the range of a timedelta"
    ))
}

/// An int in JSON data too large even for a float.
pub fn int_too_large() -> PyErr {
    InputError::new_err("expected a JSON number, found an int too large for a float")
}

/// A float in JSON data that JSON cannot hold (NaN, infinity).
pub fn not_a_json_number(value: f64) -> PyErr {
    InputError::new_err(format!("expected a JSON number, found {value}"))
}

/// A Python value of the wrong type.
pub fn wrong_type(expected: &str, found: &Bound<'_, PyAny>) -> PyErr {
    let name = found.get_type().name();
    let name = name.map_or_else(|_| "?".into(), |n| n.to_string());
    PyTypeError::new_err(format!("expected {expected}, found {name}"))
}

/// A numpy array whose dtype is not the one a bulk call reads.
pub fn wrong_dtype(expected: &str, found: &str) -> PyErr {
    PyTypeError::new_err(format!("expected a {expected} array, found dtype {found}"))
}
