//! `sla.Calendar`: sla_core's `Calendar` and its working-time arithmetic
//! (`work_time.rs`), with the bulk calls (`bulk.rs`) over lists and numpy
//! arrays.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString, PyTzInfo};
use sla_core::{Amount, Calendar, Durations, Preset, WorkingDaysMeaning};

use crate::bulk;
use crate::clock::wrapper_methods;
use crate::column::{self, Holds, Input};
use crate::convert::{self, amount, instant_exact, str_text, utc_exact, Any, Text};
use crate::error::{self, raise};

/// A business-hour calendar: weekly working intervals in an IANA time zone,
/// with holidays, transferred working days, shortened days and custom hours.
#[pyclass(name = "Calendar", module = "sla", frozen)]
#[derive(Debug)]
pub struct PyCalendar {
    pub(crate) inner: Calendar,
    /// The calendar's `ZoneInfo`, made once: every result carries it.
    zone: Py<PyTzInfo>,
}

/// A `datetime` result.
type Out<'py> = PyResult<Bound<'py, PyAny>>;
/// Working periods: `(start, end)` pairs of `datetime`s.
type Periods<'py> = PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>>;

impl PyCalendar {
    /// A core calendar (or its error) as the class, with its `ZoneInfo`.
    pub(crate) fn wrap(py: Python<'_>, inner: sla_core::Result<Calendar>) -> PyResult<PyCalendar> {
        let inner = inner.map_err(raise)?;
        let zone = inner.timezone().into_pyobject(py)?.unbind();
        Ok(PyCalendar { inner, zone })
    }

    /// The `datetime` of a result, UTC second `t`, in the calendar's zone.
    fn out<'py>(&self, py: Python<'py>, t: sla_core::Result<i64>) -> Out<'py> {
        convert::datetime(py, t.map_err(raise)?, self.zone.bind(py))
    }

    /// A column op of the core over the column of instants `times`, run
    /// without the GIL into a new column of seconds: the result, `holds`
    /// instants or durations, in the form `times` came in.
    fn over<'py, F>(&self, times: &Any<'py>, holds: Holds, f: F) -> Out<'py>
    where
        F: FnOnce(&Calendar, &[i64], &[u32], &mut [i64]) -> sla_core::Result<()> + Send,
    {
        let py = times.py();
        let Input { secs, nanos, form } = column::instants("times", times)?;
        let times = secs.as_slice()?;
        let (cal, zone) = (&self.inner, self.zone.bind(py));
        column::seconds_out(py, form, times.len(), holds, cal, zone, |out| {
            f(cal, times, &nanos, out)
        })
    }
}

wrapper_methods! {
    PyCalendar(Calendar)
    readers {
        /// A calendar from its JSON spec (or a JSON string holding the text form).
        from_json,
        /// A calendar from its TOML spec.
        from_toml,
    }
    getters {
        /// The IANA name of the calendar's zone; every result is given in it.
        timezone,
        /// The standard working-day length, the unit of "N working days".
        working_day_length,
        /// The years with loaded production-calendar data, if any.
        covered_years,
        /// The spec the calendar was built from, in its JSON form.
        spec,
    }

    /// `Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")` or
    /// `Calendar({"timezone": ..., "week": {...}, ...})`.
    #[new]
    fn new(py: Python<'_>, spec: &Any<'_>) -> PyResult<PyCalendar> {
        let cal = if let Ok(text) = spec.cast::<PyString>() {
            Calendar::parse(&str_text(text)?)
        } else if spec.is_instance_of::<PyDict>() {
            Calendar::from_json(&convert::json_text(spec)?)
        } else {
            let expected = "a calendar text form (str) or spec (dict)";
            return Err(error::wrong_type(expected, spec));
        };
        PyCalendar::wrap(py, cal)
    }

    /// A preset calendar (`"24x7"`, `"9x5"`, `"08:45-17:00"`, `"09:00-17:00"`) in `timezone`.
    #[staticmethod]
    fn preset(py: Python<'_>, name: Text, timezone: Text) -> PyResult<PyCalendar> {
        let preset = Preset::from_name(&name).map_err(raise)?;
        PyCalendar::wrap(py, Calendar::preset(preset, &timezone))
    }

    /// The instant `d` after `t`: `d` is a `timedelta` of working time or a
    /// duration `str` (`"4h"`, `"2 working days"`, `"calendar 8h"`). The
    /// exact answer, sub-second parts of `t` and `d` included, rounded up to
    /// the whole second (a deadline is never earlier than the true one).
    fn add<'py>(&self, t: &Any<'py>, d: &Any<'py>) -> Out<'py> {
        let (secs, nanos) = instant_exact(t)?;
        self.out(t.py(), self.inner.add_amount(secs, nanos, amount(d)?))
    }

    /// The instant `d` before `t` (`d` as in `add`): the exact answer
    /// rounded down to the whole second.
    fn sub<'py>(&self, t: &Any<'py>, d: &Any<'py>) -> Out<'py> {
        let (secs, nanos) = instant_exact(t)?;
        self.out(t.py(), self.inner.sub_amount(secs, nanos, amount(d)?))
    }

    /// The working time from `a` to `b`; negative when `b` is before `a`.
    fn between(&self, a: &Any<'_>, b: &Any<'_>) -> PyResult<chrono::TimeDelta> {
        self.inner.between(&utc_exact(a)?, &utc_exact(b)?).map_err(raise)
    }

    /// `add` on UTC seconds: epoch seconds in, epoch seconds out, with no
    /// datetime conversion (the core's hot path; for bulk work see
    /// `add_many`).
    fn add_seconds(&self, t: &Any<'_>, d: &Any<'_>) -> PyResult<i64> {
        let r = self.inner.add_seconds(epoch_seconds(t)?, whole_seconds(d)?);
        r.map_err(raise)
    }

    /// `between` on UTC seconds: the working seconds from `a` to `b`.
    fn between_seconds(&self, a: &Any<'_>, b: &Any<'_>) -> PyResult<i64> {
        let (a, b) = (epoch_seconds(a)?, epoch_seconds(b)?);
        self.inner.between_seconds(a, b).map_err(raise)
    }

    /// Whether `t` is working time.
    fn is_working(&self, t: &Any<'_>) -> PyResult<bool> {
        self.inner.is_working(&utc_exact(t)?).map_err(raise)
    }

    /// The first opening strictly after `t`.
    fn next_opening<'py>(&self, t: &Any<'py>) -> Out<'py> {
        let r = self.inner.next_opening(&utc_exact(t)?);
        self.out(t.py(), r.map(|r| r.timestamp()))
    }

    /// The first closing strictly after `t`.
    fn next_closing<'py>(&self, t: &Any<'py>) -> Out<'py> {
        let r = self.inner.next_closing(&utc_exact(t)?);
        self.out(t.py(), r.map(|r| r.timestamp()))
    }

    /// The first working instant at or after `t`.
    fn next_working<'py>(&self, t: &Any<'py>) -> Out<'py> {
        let r = self.inner.next_working(&utc_exact(t)?);
        self.out(t.py(), r.map(|r| r.timestamp()))
    }

    /// The working periods overlapping `[start, end)`, clipped to it.
    fn periods<'py>(&self, start: &Any<'py>, end: &Any<'py>) -> Periods<'py> {
        let periods = self.inner.periods(&utc_exact(start)?, &utc_exact(end)?);
        let out = |t: chrono::DateTime<chrono_tz::Tz>| self.out(start.py(), Ok(t.timestamp()));
        let periods = periods.map_err(raise)?.into_iter();
        periods.map(|p| Ok((out(p.start)?, out(p.end)?))).collect()
    }

    /// `n` working days after `t`; `meaning` is `"length"` (n × the working
    /// day length, rounded as `add` rounds) or `"end_of_day"` (the closing of
    /// the nth working day). `n` outside 0 to 4294967295 is an `InputError`.
    #[pyo3(
        signature = (t, n, meaning = Text("length".to_string())),
        text_signature = "(self, t, n, meaning='length')"
    )]
    fn add_working_days<'py>(&self, t: &Any<'py>, n: &Any<'py>, meaning: Text) -> Out<'py> {
        let n = day_count(n)?;
        let meaning = WorkingDaysMeaning::from_name(&meaning).map_err(raise)?;
        let r = self.inner.add_working_days(&utc_exact(t)?, n, meaning);
        self.out(t.py(), r.map(|r| r.timestamp()))
    }

    /// The working intervals of a local date as `"HH:MM-HH:MM"` strings.
    fn day_hours(&self, date: NaiveDate) -> PyResult<Vec<String>> {
        self.inner.day_hours(date).map_err(raise)
    }

    /// `add` over a column of instants (see `column`): one duration for
    /// all or a column of them. A missing item gives a missing result.
    fn add_many<'py>(&self, times: &Any<'py>, durations: &Any<'py>) -> Out<'py> {
        let py = times.py();
        let Input { secs, nanos, form } = column::instants("times", times)?;
        let durations = column::durations(durations)?;
        let times = secs.as_slice()?;
        let durations = match &durations {
            bulk::Durations::One(d) => d.map_or(Durations::Missing, Durations::One),
            bulk::Durations::Each(v) => Durations::Each(v),
            bulk::Durations::Seconds(s, n) => Durations::Seconds(s.as_slice()?, n),
        };
        let cal = &self.inner;
        let zone = self.zone.bind(py);
        column::seconds_out(py, form, times.len(), Holds::Instants, cal, zone, |out| {
            cal.add_column(times, &nanos, durations, out)
        })
    }

    /// `add_working_days` over a column of instants.
    #[pyo3(
        signature = (times, n, meaning = Text("length".to_string())),
        text_signature = "(self, times, n, meaning='length')"
    )]
    fn add_working_days_many<'py>(&self, times: &Any<'py>, n: &Any<'py>, meaning: Text) -> Out<'py> {
        let n = day_count(n)?;
        let meaning = WorkingDaysMeaning::from_name(&meaning).map_err(raise)?;
        let days = Durations::One(Amount::WorkingDays(n, meaning));
        self.over(times, Holds::Instants, |cal, times, nanos, out| {
            cal.add_column(times, nanos, days, out)
        })
    }

    /// `between` over columns of pairs; the result follows `starts`.
    fn between_many<'py>(&self, starts: &Any<'py>, ends: &Any<'py>) -> Out<'py> {
        let py = starts.py();
        // `between` reads an instant as the second it is in.
        let Input { secs, form, .. } = column::instants("starts", starts)?;
        let ends = column::instants("ends", ends)?.secs;
        let (starts, ends) = (secs.as_slice()?, ends.as_slice()?);
        let cal = &self.inner;
        let zone = self.zone.bind(py);
        column::seconds_out(py, form, starts.len(), Holds::Durations, cal, zone, |out| {
            cal.between_column(starts, ends, out)
        })
    }

    /// `is_working` over a column of instants.
    fn is_working_many<'py>(&self, times: &Any<'py>) -> Out<'py> {
        let py = times.py();
        let Input { secs, form, .. } = column::instants("times", times)?;
        let times = secs.as_slice()?;
        let cal = &self.inner;
        let mut flags = vec![None; times.len()];
        py.detach(|| cal.is_working_column(times, &mut flags))
            .map_err(raise)?;
        column::flags_out(py, form, flags)
    }

    /// `next_opening` over a column of instants.
    fn next_opening_many<'py>(&self, times: &Any<'py>) -> Out<'py> {
        self.over(times, Holds::Instants, |cal, times, _, out| {
            cal.next_opening_column(times, out)
        })
    }

    /// `next_closing` over a column of instants.
    fn next_closing_many<'py>(&self, times: &Any<'py>) -> Out<'py> {
        self.over(times, Holds::Instants, |cal, times, _, out| {
            cal.next_closing_column(times, out)
        })
    }

    /// `next_working` over a column of instants.
    fn next_working_many<'py>(&self, times: &Any<'py>) -> Out<'py> {
        self.over(times, Holds::Instants, |cal, times, _, out| {
            cal.next_working_column(times, out)
        })
    }

    fn __repr__(&self) -> String {
        format!("<Calendar timezone={:?}>", self.inner.timezone().name())
    }
}

// ----- numbers --------------------------------------------------------------
// Python reads the int; the rules (bounds, messages) are the core's
// (`sla_core::number`), the JavaScript binding's too.

/// An int (or an object with `__index__`) as the number the core's rules
/// read; one beyond 64 bits is beyond every bound. A `TypeError` naming
/// `expected` for anything else.
fn int(ob: &Bound<'_, PyAny>, expected: &str) -> PyResult<f64> {
    match ob.extract::<i64>() {
        Ok(n) => Ok(n as f64),
        Err(_) if ob.is_instance_of::<PyInt>() => Ok(f64::MAX),
        Err(_) => Err(error::wrong_type(expected, ob)),
    }
}

/// Epoch seconds for the `*_seconds` methods: an int below 10**15 in
/// magnitude.
fn epoch_seconds(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
    let t = int(ob, "an int of epoch seconds")?;
    sla_core::number::epoch_seconds(t, || ob.to_string()).map_err(raise)
}

/// Seconds of working time for `add_seconds`: an int of at most 10**12 in
/// magnitude, the bound of every duration.
fn whole_seconds(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
    let d = int(ob, "an int of seconds")?;
    sla_core::number::whole_seconds(d, || ob.to_string()).map_err(raise)
}

/// A count of working days: an int from 0 to 4294967295.
fn day_count(ob: &Bound<'_, PyAny>) -> PyResult<u32> {
    let expected = "an int of working days";
    // A bool is an int in Python, but not a count: the wrong type, as in JS.
    if ob.is_instance_of::<PyBool>() {
        return Err(error::wrong_type(expected, ob));
    }
    let n = int(ob, expected)?;
    sla_core::number::day_count(n, || ob.to_string()).map_err(raise)
}
