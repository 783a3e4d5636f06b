//! `Calendar`: working-time arithmetic on a business-hour calendar
//! (`sla_core::Calendar`, `calendar/` and `work_time.rs` of the core).

use wasm_bindgen::prelude::*;

use crate::convert::{
    amount, epoch_seconds, instant, instant_given, instant_out, json_text, text, whole_seconds,
    working_days,
};
use crate::errors::Result;

/// A business-hour calendar: weekly working intervals in an IANA time zone,
/// with holidays, transferred working days, shortened days and custom hours.
///
/// Instants go in as RFC 3339 strings with an offset or as `Date`s, and come
/// out as RFC 3339 strings in the calendar's zone. Durations go in as working
/// seconds or as strings like `"4h"`, `"1h30m"`, `"2 working days"`,
/// `"calendar 1d"` (`sla_core::Amount`).
#[wasm_bindgen(js_name = Calendar)]
#[derive(Debug, Clone)]
pub struct Calendar {
    pub(crate) inner: sla_core::Calendar,
}

data_class!(Calendar, sla_core::Calendar, "CalendarSpec" {
    #[doc = " The IANA time zone; every instant returned is in it."]
    "timezone" fn timezone() -> String = |cal| cal.timezone().name().to_string();
    #[doc = " The standard working-day length in seconds, the unit of \"N working days\"."]
    "workingDayLength" fn working_day_length() -> f64 =
        |cal| cal.working_day_length().num_seconds() as f64;
});

impl Calendar {
    /// UTC second `t` in the form of the instant it answers: epoch
    /// milliseconds when that came as them (`millis`), RFC 3339 text in the
    /// calendar's zone otherwise.
    fn out(&self, millis: bool, t: i64) -> Result<JsValue> {
        if millis {
            return Ok(JsValue::from_f64(t as f64 * 1000.0));
        }
        Ok(instant_out(&self.inner.in_zone(t)?))
    }
}

/// `Calendar` methods from an instant `t` (and arguments such as a duration
/// `d`, each with its TypeScript type) to an instant: `|calendar, t, its
/// UTC second, its nanoseconds| UTC second`, answered in the form `t` came
/// in ([`Calendar::out`]).
macro_rules! to_instant {
    ($(
        $(#[$doc:meta])*
        $js:literal fn $name:ident($($p:ident: $how:ident = $ty:literal),*)
            = |$c:ident, $t:tt, $s:tt, $n:tt| $e:expr;
    )*) => {
        #[wasm_bindgen(js_class = Calendar)]
        impl Calendar {$(
            $(#[$doc])*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = "string")]
            pub fn $name(
                &self,
                #[wasm_bindgen(unchecked_param_type = "string | Date")] t: JsValue,
                $(#[wasm_bindgen($how = $ty)] $p: JsValue,)*
            ) -> Result<JsValue> {
                let (t, millis) = instant_given(&t)?;
                let ($s, $n) = (t.timestamp(), t.timestamp_subsec_nanos());
                let ($c, $t) = (&self.inner, &t);
                self.out(millis, $e)
            }
        )*}
    };
}

to_instant! {
    #[doc = " The instant `d` after `t` (before it if `d` is negative): the exact"]
    #[doc = " answer rounded up to the whole second (down for a backward count)."]
    #[doc = " Epoch milliseconds when `t` is a number (see `Instant`)."]
    "add" fn add(d: unchecked_param_type = "DurationInput")
        = |cal, _, s, n| cal.add_amount(s, n, amount(&d)?)?;
    #[doc = " The instant `d` before `t` (after it if `d` is negative), the exact"]
    #[doc = " answer rounded down to the whole second."]
    "sub" fn sub(d: unchecked_param_type = "DurationInput")
        = |cal, _, s, n| cal.sub_amount(s, n, amount(&d)?)?;
    #[doc = " The first opening strictly after `t`."]
    "nextOpening" fn next_opening() = |cal, t, _, _| cal.next_opening(t)?.timestamp();
    #[doc = " The first closing strictly after `t`."]
    "nextClosing" fn next_closing() = |cal, t, _, _| cal.next_closing(t)?.timestamp();
    #[doc = " `t` itself when it is working time, else the next opening."]
    "nextWorking" fn next_working() = |cal, t, _, _| cal.next_working(t)?.timestamp();
    #[doc = " Adds `n` working days: `\"length\"` (default) adds n × the working-day"]
    #[doc = " length; `\"end_of_day\"` gives the closing of the nth working day after"]
    #[doc = " the day the count starts on."]
    "addWorkingDays" fn add_working_days(
        n: unchecked_param_type = "number",
        meaning: unchecked_optional_param_type = "WorkingDaysMeaning"
    ) = |cal, _, s, ns| cal.add_amount(s, ns, working_days(&n, &meaning)?)?;
}

#[wasm_bindgen(js_class = Calendar)]
impl Calendar {
    /// A calendar from its text form (`"Mon-Fri 09:00-18:00 Europe/Moscow +ru"`)
    /// or from a `CalendarSpec` object.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | CalendarSpec")] spec: JsValue,
    ) -> Result<Calendar> {
        let expected = "a calendar text form or a CalendarSpec object";
        let inner = match crate::convert::string(&spec)? {
            Some(text) => sla_core::Calendar::parse(&text)?,
            None => sla_core::Calendar::from_json(&json_text(&spec, expected)?)?,
        };
        Ok(Calendar { inner })
    }

    /// A preset calendar (`"24x7"`, `"9x5"`, `"08:45-17:00"`, `"09:00-17:00"`)
    /// in `timezone`.
    pub fn preset(
        #[wasm_bindgen(unchecked_param_type = "PresetName")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] timezone: JsValue,
    ) -> Result<Calendar> {
        let preset = sla_core::Preset::from_name(&text(&name)?)?;
        Ok(sla_core::Calendar::preset(preset, &text(&timezone)?)?.into())
    }

    /// The years with loaded production-calendar data, or `null` when the
    /// calendar has none.
    #[wasm_bindgen(getter, js_name = coveredYears, unchecked_return_type = "number[] | null")]
    pub fn covered_years(&self) -> JsValue {
        let Some(years) = self.inner.covered_years() else {
            return JsValue::NULL;
        };
        js_sys::Array::from_iter(years.into_iter().map(JsValue::from)).into()
    }

    /// The working time from `a` to `b` in seconds; negative when `b` is before `a`.
    pub fn between(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] b: JsValue,
    ) -> Result<f64> {
        let d = self.inner.between(&instant(&a)?, &instant(&b)?)?;
        Ok(d.num_seconds() as f64)
    }

    /// `add` on UTC seconds (epoch seconds in, epoch seconds out), the
    /// core's hot path with no conversion at all: the fastest single call.
    #[wasm_bindgen(js_name = addSeconds)]
    pub fn add_seconds(&self, t: f64, d: f64) -> Result<f64> {
        let (t, d) = (epoch_seconds(t)?, whole_seconds(d)?);
        Ok(self.inner.add_seconds(t, d)? as f64)
    }

    /// `between` on UTC seconds: the working seconds from `a` to `b`.
    #[wasm_bindgen(js_name = betweenSeconds)]
    pub fn between_seconds(&self, a: f64, b: f64) -> Result<f64> {
        let (a, b) = (epoch_seconds(a)?, epoch_seconds(b)?);
        Ok(self.inner.between_seconds(a, b)? as f64)
    }

    /// Whether `t` is working time (an opening is, a closing is not).
    #[wasm_bindgen(js_name = isWorking)]
    pub fn is_working(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] t: JsValue,
    ) -> Result<bool> {
        Ok(self.inner.is_working(&instant(&t)?)?)
    }

    /// The working periods overlapping `[start, end)`, clipped to it.
    #[wasm_bindgen(unchecked_return_type = "Period[]")]
    pub fn periods(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Instant")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Instant")] end: JsValue,
    ) -> Result<js_sys::Array> {
        let out = js_sys::Array::new();
        for p in self.inner.periods(&instant(&start)?, &instant(&end)?)? {
            let o = js_sys::Object::new();
            // Setting properties on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&o, &"start".into(), &instant_out(&p.start));
            let _ = js_sys::Reflect::set(&o, &"end".into(), &instant_out(&p.end));
            out.push(&o);
        }
        Ok(out)
    }

    /// The working intervals of a local date as `"HH:MM-HH:MM"` strings. The
    /// date is `"YYYY-MM-DD"`, or an instant whose date in the calendar's
    /// zone is taken.
    #[wasm_bindgen(js_name = dayHours)]
    pub fn day_hours(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Instant")] date: JsValue,
    ) -> Result<Vec<String>> {
        let (zone, text) = (self.inner.timezone(), date.as_string().unwrap_or_default());
        let day = match sla_core::rfc3339::parse_date(text.trim().as_bytes()) {
            Some(day) => day,
            None => instant(&date)?.with_timezone(&zone).date_naive(),
        };
        Ok(self.inner.day_hours(day)?)
    }
}
