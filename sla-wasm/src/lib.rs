//! Browser and Node bindings of the SLA engine (`sla-core`).
//!
//! The bindings only adapt: they read JS values (RFC 3339 strings, `Date`s
//! or epoch milliseconds for instants, seconds or duration strings for
//! durations, plain objects or JSON text for policies, tickets and
//! calendars), call the core, and turn its results into strings, numbers
//! and plain objects. Every engine error is thrown as a JS `Error` whose
//! message is the core's text (see `errors.rs`).
//!
//! ```js
//! import init, { Calendar } from "./pkg/sla_wasm.js";
//! await init();
//! const cal = new Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru");
//! cal.add("2026-05-08T16:30:00+03:00", "4h"); // "2026-05-12T12:30:00+03:00"
//! ```
#![forbid(unsafe_code)]

/// The methods every data class has in the same form (`Calendar`,
/// `Policy`, `PolicySet`: `$class` wraps the core's `$core` in `inner`):
/// `fromJson` and `fromToml` (the `toml` feature: the Node build, or the
/// web build with `--toml`) read its text, the `spec` getter and `toJSON`
/// give its spec (TypeScript type `$spec`) as a plain object.
/// With `new(param type)`, also the constructor from the JSON form, a
/// `$spec` object or JSON text. Then, in braces, the getters that read its
/// core value (`inner`) and give it as a JS value:
/// `"jsName" fn name() -> Type = |inner| expression;`.
macro_rules! data_class {
    ($class:ident, $core:path, $spec:tt $(, $(#[$doc:meta])* new($param:tt))? {
        $($(#[$gdoc:meta])* $js:literal fn $name:ident() -> $ty:ty = |$x:ident| $e:expr;)*
    }) => {
        #[wasm_bindgen::prelude::wasm_bindgen(js_class = $class)]
        impl $class {
            $(
            $(#[$doc])*
            #[wasm_bindgen(constructor)]
            pub fn new(
                #[wasm_bindgen(unchecked_param_type = $param)] spec: JsValue,
            ) -> crate::errors::Result<$class> {
                let expected = concat!("a ", $spec, " object or JSON text");
                let json = crate::convert::json_text(&spec, expected)?;
                Ok(<$core>::from_json(&json)?.into())
            }
            )?

            /// From JSON text (the JSON form of its spec, as a file holds it).
            #[wasm_bindgen(js_name = fromJson)]
            pub fn from_json(
                #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
            ) -> crate::errors::Result<$class> {
                Ok(<$core>::from_json(&crate::convert::text(&json)?)?.into())
            }

            /// From TOML text (the TOML form of its spec, as a file holds it).
            #[cfg(feature = "toml")]
            #[wasm_bindgen(js_name = fromToml)]
            pub fn from_toml(
                #[wasm_bindgen(unchecked_param_type = "string")] toml: JsValue,
            ) -> crate::errors::Result<$class> {
                Ok(<$core>::from_toml(&crate::convert::text(&toml)?)?.into())
            }

            /// The spec it was built from, as a plain object.
            #[wasm_bindgen(getter, unchecked_return_type = $spec)]
            pub fn spec(&self) -> crate::errors::Result<JsValue> {
                crate::convert::to_js(self.inner.spec())
            }

            /// The spec, for `JSON.stringify` (so that it can stand in data).
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = $spec)]
            pub fn to_json(&self) -> crate::errors::Result<JsValue> {
                self.spec()
            }
        }

        #[wasm_bindgen::prelude::wasm_bindgen(js_class = $class)]
        impl $class {$(
            $(#[$gdoc])*
            #[wasm_bindgen(getter, js_name = $js)]
            pub fn $name(&self) -> $ty {
                let $x = &self.inner;
                $e
            }
        )*}

        impl From<$core> for $class {
            fn from(inner: $core) -> $class {
                $class {
                    inner: inner.into(),
                }
            }
        }
    };
}

mod bulk;
mod calendar;
mod clock;
mod contract;
mod convert;
mod errors;
mod policy;
mod set;

pub use calendar::Calendar;
pub use clock::Ticket;
pub use contract::{bundled_production_calendar, evaluate, evaluate_json};
pub use errors::{Error, Result};
pub use policy::Policy;
pub use set::PolicySet;

use wasm_bindgen::prelude::*;

/// The TypeScript types of the JSON data: policies, tickets, requests,
/// reports, calendar specs (hand-written from the core's serde types).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");
