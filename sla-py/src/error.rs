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
use pyo3::types::PyType;
use sla_core::ErrorKind;

create_exception!(
    sla,
    SlaError,
    PyValueError,
    "Base class of every error of the SLA engine; `kind` names its family."
);
create_exception!(
    sla,
    CalendarError,
    SlaError,
    "The calendar definition is wrong (zone, intervals, dated rules, text form)."
);
create_exception!(
    sla,
    OutOfRangeError,
    SlaError,
    "A computation needs calendar data that is not loaded, leaves the supported range, or finds no working time."
);
create_exception!(
    sla,
    InputError,
    SlaError,
    "A duration, instant or data value is malformed (a naive datetime, data nested too deeply or containing itself, a string with a lone surrogate)."
);
create_exception!(
    sla,
    PolicyError,
    SlaError,
    "The policy is malformed or refers to something it does not define."
);
create_exception!(
    sla,
    EventError,
    SlaError,
    "The ticket's events are malformed, out of order or not allowed."
);

/// The Python exception for an engine error.
pub fn raise(e: sla_core::Error) -> PyErr {
    let message = e.to_string();
    match e.kind() {
        ErrorKind::Calendar => CalendarError::new_err(message),
        ErrorKind::Range => OutOfRangeError::new_err(message),
        ErrorKind::Input => InputError::new_err(message),
        ErrorKind::Policy => PolicyError::new_err(message),
        ErrorKind::Event => EventError::new_err(message),
        _ => SlaError::new_err(message),
    }
}

/// A datetime without a UTC offset: the engine works on instants only.
pub fn naive_datetime(dt: &Bound<'_, PyAny>) -> PyErr {
    let shown = dt
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".to_string());
    InputError::new_err(format!(
        "naive datetime \"{shown}\" has no time zone: attach a tzinfo, \
         e.g. zoneinfo.ZoneInfo(\"Europe/Moscow\") or datetime.timezone.utc"
    ))
}

/// A missing time (NaT, pandas' or numpy's) where an instant is needed.
pub fn missing_instant() -> PyErr {
    raise(sla_core::Error::InvalidInstant {
        text: "NaT".to_string(),
        reason: "the time is missing".to_string(),
    })
}

/// A working time too long for a `timedelta` (beyond 999,999,999 days).
pub fn duration_out_of_range(secs: i64) -> PyErr {
    OutOfRangeError::new_err(format!(
        "duration of {secs} seconds is outside the range of a timedelta"
    ))
}

/// A tzinfo whose `utcoffset()` is not strictly between -24 and 24 hours
/// (Python's own `datetime` refuses such an offset, but only when it asks).
pub fn offset_out_of_range(
    dt: &Bound<'_, pyo3::types::PyDateTime>,
    offset: &Bound<'_, pyo3::types::PyDelta>,
) -> PyErr {
    use pyo3::types::{PyDateAccess, PyTimeAccess};
    let shown = offset
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".to_string());
    raise(sla_core::Error::InvalidInstant {
        text: format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            dt.get_year(),
            dt.get_month(),
            dt.get_day(),
            dt.get_hour(),
            dt.get_minute(),
            dt.get_second()
        ),
        reason: format!(
            "its tzinfo gives the UTC offset {shown}, which is not strictly between -24 and 24 hours"
        ),
    })
}

/// An int in JSON data too large even for a float.
pub fn int_too_large() -> PyErr {
    InputError::new_err("expected a JSON number, found an int too large for a float")
}

/// A count of working days that is not from 0 to 4294967295 (the words of
/// the JavaScript binding).
pub fn day_count(n: &Bound<'_, PyAny>) -> PyErr {
    raise(sla_core::Error::InvalidDuration {
        text: format!("{n} working days"),
        reason: "expected a whole number of days from 0 to 4294967295".to_string(),
    })
}

/// Epoch seconds beyond what the engine reads (as the JavaScript binding
/// words it).
pub fn epoch_seconds_out_of_range(t: &Bound<'_, PyAny>) -> PyErr {
    raise(sla_core::Error::OutOfSupportedRange(format!(
        "{t} epoch seconds"
    )))
}

/// A number of seconds beyond the bound of every duration (10**12 s).
pub fn seconds_too_large(d: &Bound<'_, PyAny>) -> PyErr {
    raise(sla_core::Error::InvalidDuration {
        text: d.to_string(),
        reason: "the number is too large".to_string(),
    })
}

/// A float in JSON data that JSON cannot hold (NaN, infinity).
pub fn not_a_json_number(value: f64) -> PyErr {
    InputError::new_err(format!("expected a JSON number, found {value}"))
}

/// A Python value of the wrong type.
pub fn wrong_type(expected: &str, found: &Bound<'_, PyAny>) -> PyErr {
    let name = found
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    PyTypeError::new_err(format!("expected {expected}, found {name}"))
}

/// A numpy array whose dtype is not the one a bulk call reads.
pub fn wrong_dtype(expected: &str, found: &str) -> PyErr {
    PyTypeError::new_err(format!("expected a {expected} array, found dtype {found}"))
}

/// Adds the exception classes to the module, each with its `kind`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes: [(Bound<'_, PyType>, &str); 6] = [
        (py.get_type::<SlaError>(), "error"),
        (py.get_type::<CalendarError>(), ErrorKind::Calendar.as_str()),
        (py.get_type::<OutOfRangeError>(), ErrorKind::Range.as_str()),
        (py.get_type::<InputError>(), ErrorKind::Input.as_str()),
        (py.get_type::<PolicyError>(), ErrorKind::Policy.as_str()),
        (py.get_type::<EventError>(), ErrorKind::Event.as_str()),
    ];
    for (class, kind) in classes {
        class.setattr("kind", kind)?;
        m.add(class.name()?.to_string(), class)?;
    }
    Ok(())
}
