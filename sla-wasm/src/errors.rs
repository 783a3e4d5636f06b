//! The one place where engine errors become JavaScript errors.
//!
//! Every failure is thrown as a plain JS `Error` whose `message` is the
//! core error's `Display` text, unchanged, whose `name` is the class of its
//! family and which carries the family in `kind`:
//!
//! | `kind`       | `name`            | what went wrong                             |
//! | ------------ | ----------------- | ------------------------------------------- |
//! | `"calendar"` | `CalendarError`   | the calendar definition                     |
//! | `"range"`    | `OutOfRangeError` | data not loaded, range left, no working time|
//! | `"input"`    | `InputError`      | an instant or a duration                    |
//! | `"policy"`   | `PolicyError`     | the policy, or a name it does not define    |
//! | `"event"`    | `EventError`      | the ticket's events                         |
//!
//! Inputs of the wrong JS type are reported with the core error of what was
//! expected (an instant, a duration, a policy, ...), built here as well.
//! The one exception: a bulk call (`addMany`, `betweenMany`) given
//! something other than an array throws a `TypeError`, as Python does.

use sla_core::ErrorKind;
use wasm_bindgen::JsValue;

/// An engine error on its way to JavaScript (`Result<T, Error>` throws).
#[derive(Debug)]
pub struct Error(Inner);

#[derive(Debug)]
enum Inner {
    /// What the core said.
    Core(sla_core::Error),
    /// An argument of the wrong JS type where no core error fits (a bulk
    /// call given something other than an array): a JS `TypeError`, as
    /// Python raises its `TypeError`, with the same wording.
    WrongType(String),
}

/// The result type of every fallible binding.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sla_core::Error> for Error {
    fn from(e: sla_core::Error) -> Error {
        Error(Inner::Core(e))
    }
}

/// The JS class name of an error family.
pub(crate) fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Calendar => "CalendarError",
        ErrorKind::Range => "OutOfRangeError",
        ErrorKind::Input => "InputError",
        ErrorKind::Policy => "PolicyError",
        ErrorKind::Event => "EventError",
        // A family added to the core later: still an Error with its kind.
        _ => "SlaError",
    }
}

impl From<Error> for JsValue {
    fn from(Error(e): Error) -> JsValue {
        let e = match e {
            Inner::Core(e) => e,
            Inner::WrongType(message) => return js_sys::TypeError::new(&message).into(),
        };
        let kind = e.kind();
        let error = js_sys::Error::new(&e.to_string());
        error.set_name(class_name(kind));
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.as_str().into());
        error.into()
    }
}

// ----- inputs of the wrong JS type, named as the core names them -----------

/// An instant that is neither an RFC 3339 string nor a valid `Date`.
pub(crate) fn invalid_instant(text: String, reason: &str) -> Error {
    Error(Inner::Core(sla_core::Error::InvalidInstant {
        text,
        reason: reason.to_string(),
    }))
}

/// A `Date` outside what the engine can represent.
pub(crate) fn out_of_range(text: String) -> Error {
    Error(Inner::Core(sla_core::Error::OutOfSupportedRange(text)))
}

/// A duration given as a number that is not a whole, bounded count of seconds.
pub(crate) fn invalid_duration(text: String, reason: &str) -> Error {
    Error(Inner::Core(sla_core::Error::InvalidDuration {
        text,
        reason: reason.to_string(),
    }))
}

/// A JS value that cannot be turned into JSON (a cycle, a BigInt, ...), for
/// the family of the data it was meant to be.
pub(crate) fn unserializable(family: Family, reason: String) -> Error {
    Error(Inner::Core(match family {
        Family::Calendar => sla_core::Error::InvalidCalendarData(reason),
        Family::Policy => sla_core::Error::InvalidPolicy(reason),
        Family::Ticket => sla_core::Error::InvalidTicket(reason),
        Family::Request => sla_core::Error::InvalidRequest(reason),
    }))
}

/// A bulk argument that is not one of the forms it accepts, e.g.
/// `expected an array of instants or a Float64Array of epoch milliseconds,
/// found number` (Python's wording, with JS type names).
pub(crate) fn wrong_type(expected: &str, found: &wasm_bindgen::JsValue) -> Error {
    let found = if found.is_null() {
        "null".to_string()
    } else {
        found.js_typeof().as_string().unwrap_or_default()
    };
    Error(Inner::WrongType(format!(
        "expected {expected}, found {found}"
    )))
}

/// What a JSON input is meant to be, for [`unserializable`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Family {
    Calendar,
    Policy,
    Ticket,
    Request,
}
