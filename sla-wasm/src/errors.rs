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
//! An argument of a JS type the call does not take (`null`, a boolean, an
//! object where an instant, a duration, a name or JSON data is read; anything
//! but an array where an array is read) throws a JS `TypeError` with the
//! words `expected ..., found <type>`, as Python raises a `TypeError` for
//! the same input. A value of the right type that the engine refuses (a
//! fraction of a second, an invalid `Date`, `NaN`) is the engine error of
//! its family, with the same message in both languages.

use wasm_bindgen::JsValue;

/// An error on its way to JavaScript (`Result<T, Error>` throws).
#[derive(Debug)]
pub enum Error {
    /// What the core said: an `Error` of the family's class.
    Core(sla_core::Error),
    /// An argument of a JS type the call does not take: a JS `TypeError`
    /// with this message, as Python raises its `TypeError`.
    Type(String),
}

/// The result type of every fallible binding.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sla_core::Error> for Error {
    fn from(e: sla_core::Error) -> Error {
        Error::Core(e)
    }
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let e = match e {
            Error::Core(e) => e,
            Error::Type(message) => return js_sys::TypeError::new(&message).into(),
        };
        let kind = e.kind();
        let error = js_sys::Error::new(&e.to_string());
        error.set_name(kind.class_name());
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.as_str().into());
        error.into()
    }
}

// ----- inputs of the wrong JS type -----------------------------------------

/// An argument of a JS type the call does not take, e.g. `expected an
/// instant (RFC 3339 text, a Date or epoch milliseconds), found object`: a
/// JS `TypeError`, as Python raises its `TypeError` for the same input
/// (`null`, a boolean, an object or an array where the call takes none).
pub(crate) fn wrong_type(expected: &str, found: &JsValue) -> Error {
    // `typeof`, with `null` and arrays told apart from other objects.
    let found = match found.js_typeof().as_string() {
        _ if found.is_null() => "null".to_string(),
        _ if found.is_array() => "array".to_string(),
        t => t.unwrap_or_default(),
    };
    Error::Type(format!("expected {expected}, found {found}"))
}
