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
