//! Tickets and their evaluation (`clock/` of the core): `Policy.ticket`,
//! `Policy.evaluate`, `Policy.evaluateMany` and the `Ticket` class.

use std::rc::Rc;

use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{explain, instant, json_text, json_value, to_js};
use crate::errors::{unserializable, Family, Result};
use crate::policy::Policy;

/// A ticket's events checked against a policy, ready to be evaluated at any
/// instant without checking them again.
#[wasm_bindgen(js_name = Ticket)]
#[derive(Debug, Clone)]
pub struct Ticket {
    /// The policy it was checked against.
    policy: Rc<sla_core::Policy>,
    /// Its JSON text, to check it again against another policy.
    json: Rc<str>,
    inner: Rc<sla_core::Ticket>,
}

#[wasm_bindgen(js_class = Ticket)]
impl Ticket {
    /// The helpdesk's identifier, if the ticket has one.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> Option<String> {
        self.inner.id().map(str::to_string)
    }

    /// The number of events.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// The ticket as it was given (`TicketSpec`), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TicketSpec")]
    pub fn to_json(&self) -> JsValue {
        json_value(&self.json)
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

/// The `Ticket` a JS value is, if it is one.
fn shared(value: &JsValue) -> Option<Ticket> {
    if value.is_object() && js_sys::Reflect::has(value, &"__slaTicket".into()).unwrap_or(false) {
        value
            .unchecked_ref::<TicketArg>()
            .sla_ticket()
            .ok()
            .and_then(|v| Ticket::try_from_js_value(v).ok())
    } else {
        None
    }
}

/// A ticket's JSON text from a `Ticket` (the text it was given as), a
/// `TicketSpec` object or its JSON text; a policy set checks it against the
/// policy it selects.
pub(crate) fn ticket_json(value: &JsValue) -> Result<Rc<str>> {
    match shared(value) {
        Some(t) => Ok(t.json),
        None => Ok(json_text(value, Family::Ticket)?.into()),
    }
}

impl Policy {
    /// A checked ticket from a `Ticket` (checked again if it belongs to
    /// another policy), a `TicketSpec` object or its JSON text.
    fn resolve(&self, value: &JsValue) -> Result<Rc<sla_core::Ticket>> {
        match shared(value) {
            Some(t) if Rc::ptr_eq(&t.policy, &self.inner) => Ok(t.inner),
            Some(t) => Ok(Rc::new(self.inner.ticket_from_json(&t.json)?)),
            None => {
                let json = json_text(value, Family::Ticket)?;
                Ok(Rc::new(self.inner.ticket_from_json(&json)?))
            }
        }
    }
}

#[wasm_bindgen(js_class = Policy)]
impl Policy {
    /// Checks a ticket's events against this policy once, for repeated
    /// evaluation.
    pub fn ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TicketSpec | string")] spec: JsValue,
    ) -> Result<Ticket> {
        let json: Rc<str> = json_text(&spec, Family::Ticket)?.into();
        let inner = Rc::new(self.inner.ticket_from_json(&json)?);
        Ok(Ticket {
            policy: self.inner.clone(),
            json,
            inner,
        })
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
        let ticket = self.resolve(&ticket)?;
        let at = instant(&at)?;
        let options = sla_core::EvaluateOptions {
            explain: explain(&options),
        };
        to_js(&self.inner.evaluate_with(&ticket, &at, options)?)
    }

    /// `evaluate` for many tickets at one instant; the first failure throws.
    #[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "Report[]")]
    pub fn evaluate_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<Ticket | TicketSpec | string>")]
        tickets: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
    ) -> Result<js_sys::Array> {
        let Some(tickets) = tickets.dyn_ref::<js_sys::Array>() else {
            return Err(unserializable(
                Family::Ticket,
                format!(
                    "expected an array of tickets, found {}",
                    crate::convert::describe(&tickets)
                ),
            ));
        };
        let at = instant(&at)?;
        let options = sla_core::EvaluateOptions {
            explain: explain(&options),
        };
        let out = js_sys::Array::new();
        for value in tickets.iter() {
            let ticket = self.resolve(&value)?;
            out.push(&to_js(&self.inner.evaluate_with(&ticket, &at, options)?)?);
        }
        Ok(out)
    }
}
