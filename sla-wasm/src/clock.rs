//! Tickets and their evaluation (`clock/` and `policy/many.rs` of the
//! core): `Policy.ticket`, `Policy.evaluate`, `Policy.evaluateMany` and the
//! `Ticket` class.

use sla_core::{At, CheckedTicket, OnError, TicketInput};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{evaluate_options, instant, json_text, json_value, on_error, to_js};
use crate::errors::{wrong_type, Error, Result};
use crate::policy::Policy;

/// A ticket's events checked against a policy, ready to be evaluated at any
/// instant without checking them again (`sla_core::CheckedTicket`: it
/// remembers the policy, and another policy checks it again).
#[wasm_bindgen(js_name = Ticket)]
#[derive(Debug, Clone)]
pub struct Ticket(CheckedTicket);

#[wasm_bindgen(js_class = Ticket)]
impl Ticket {
    /// The helpdesk's identifier, if the ticket has one.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> Option<String> {
        self.0.ticket().id().map(str::to_string)
    }

    /// The number of events.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.ticket().len()
    }

    /// The ticket as it was given (`TicketSpec`), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TicketSpec")]
    pub fn to_json(&self) -> JsValue {
        json_value(self.0.json())
    }

    /// A second handle on the same ticket; how `Policy.evaluate` receives a
    /// `Ticket` without taking it away from its owner.
    #[wasm_bindgen(js_name = __slaTicket, skip_typescript)]
    pub fn share(&self) -> Ticket {
        self.clone()
    }
}

#[wasm_bindgen]
extern "C" {
    /// Any JS value that may be a `Ticket`.
    type TicketArg;
    #[wasm_bindgen(method, catch, js_name = __slaTicket)]
    fn sla_ticket(this: &TicketArg) -> std::result::Result<JsValue, JsValue>;
}

/// A ticket as the caller handed it over: a `Ticket`, a `TicketSpec`
/// object or its JSON text.
pub(crate) fn ticket_input(value: &JsValue) -> Result<TicketInput> {
    if value.is_object() && js_sys::Reflect::has(value, &"__slaTicket".into()) == Ok(true) {
        let shared = value.unchecked_ref::<TicketArg>().sla_ticket();
        if let Some(Ticket(t)) = shared.ok().and_then(|t| Ticket::try_from_js_value(t).ok()) {
            return Ok(TicketInput::Checked(t));
        }
    }
    let expected = "a Ticket, a TicketSpec object or JSON text";
    Ok(json_text(value, expected)?.into())
}

#[wasm_bindgen(js_class = Policy)]
impl Policy {
    /// Checks a ticket's events against this policy once, for repeated
    /// evaluation.
    pub fn ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketSpec | string")] spec: JsValue,
    ) -> Result<Ticket> {
        let json = json_text(&spec, "a TicketSpec object or JSON text")?;
        Ok(Ticket(CheckedTicket::new(self.inner.clone(), &json)?))
    }

    /// The ticket's SLA status at `at`: the JSON contract's report as a plain
    /// object. `options.explain` adds each metric's timeline.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ticket | TicketSpec | string")] ticket: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
    ) -> Result<JsValue> {
        let (ticket, options) = (ticket_input(&ticket)?, evaluate_options(&options));
        // UTC, as in evaluateMany: one instance of the generic code.
        let at = instant(&at)?.to_utc();
        to_js(&self.inner.evaluate_input(&ticket, &at, options)?)
    }

    /// `evaluate` for many tickets at one instant. A failing ticket's error
    /// names its place in `tickets` and its id: `options.errors` "raise"
    /// (the default) throws the first, "collect" puts each in its ticket's
    /// place in the array.
    /// (Declared here without `errors: "collect"`; that overload, which
    /// returns `Array<Report | Error>`, is in `types.d.ts`.)
    #[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "Report[]")]
    pub fn evaluate_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Ticket | TicketSpec | string>")]
        tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions & { errors?: \"raise\" }")]
        options: JsValue,
    ) -> Result<js_sys::Array> {
        let Some(tickets) = tickets.dyn_ref::<js_sys::Array>() else {
            return Err(wrong_type("an array of tickets", &tickets));
        };
        // Plain loops: iterator chains over `Result`s cost the web build
        // kilobytes of monomorphised code.
        let mut inputs = Vec::with_capacity(tickets.length() as usize);
        for t in tickets.iter() {
            inputs.push(ticket_input(&t)?);
        }
        // One instant for all (Python also takes one per ticket: here that
        // costs the web build 0.5 KB gzipped; call `evaluate` per ticket).
        let at = At::One(instant(&at)?.to_utc());
        let on_error = on_error(&options)?;
        let options = evaluate_options(&options);
        let out = js_sys::Array::new();
        for report in self.inner.evaluate_many(&inputs, at, options)? {
            match (report, on_error) {
                (Ok(report), _) => out.push(&to_js(&report)?),
                (Err(e), OnError::Collect) => out.push(&Error::from(e).into()),
                (Err(e), OnError::Raise) => return Err(e.into()),
            };
        }
        Ok(out)
    }
}
