//! `sla.Calendar`: sla_core's `Calendar` and its working-time arithmetic
//! (`work_time.rs`), with the bulk calls over lists and numpy arrays.

use chrono::NaiveDate;
use numpy::datetime::units::{Nanoseconds, Seconds};
use numpy::datetime::{Datetime, Timedelta};
use numpy::{
    Element, PyArray1, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyTzInfo};
use sla_core::{Calendar, Preset, WorkingDaysMeaning};

use crate::convert::{self, delta_parts, instant_exact, str_text, utc, utc_exact, Text};
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

impl PyCalendar {
    pub(crate) fn wrap(py: Python<'_>, inner: Calendar) -> PyResult<PyCalendar> {
        let zone = inner.timezone().into_pyobject(py)?.unbind();
        Ok(PyCalendar { inner, zone })
    }

    fn out<'py>(
        &self,
        py: Python<'py>,
        t: chrono::DateTime<chrono_tz::Tz>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::datetime(py, t.timestamp(), self.zone.bind(py))
    }
}

#[pymethods]
impl PyCalendar {
    /// `Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")` or
    /// `Calendar({"timezone": ..., "week": {...}, ...})`.
    #[new]
    fn new(py: Python<'_>, spec: &Bound<'_, PyAny>) -> PyResult<PyCalendar> {
        let cal = if let Ok(text) = spec.cast::<PyString>() {
            Calendar::parse(&str_text(text)?)
        } else if spec.is_instance_of::<PyDict>() {
            Calendar::from_json(&convert::json_text(spec)?)
        } else {
            return Err(error::wrong_type(
                "a calendar text form (str) or spec (dict)",
                spec,
            ));
        };
        PyCalendar::wrap(py, cal.map_err(raise)?)
    }

    /// A preset calendar (`"24x7"`, `"9x5"`, `"08:45-17:00"`, `"09:00-17:00"`) in `timezone`.
    #[staticmethod]
    fn preset(py: Python<'_>, name: Text, timezone: Text) -> PyResult<PyCalendar> {
        let preset = Preset::from_name(&name).map_err(raise)?;
        PyCalendar::wrap(py, Calendar::preset(preset, &timezone).map_err(raise)?)
    }

    /// A calendar from its JSON spec (or a JSON string holding the text form).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: Text) -> PyResult<PyCalendar> {
        PyCalendar::wrap(py, Calendar::from_json(&text).map_err(raise)?)
    }

    /// A calendar from its TOML spec.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: Text) -> PyResult<PyCalendar> {
        PyCalendar::wrap(py, Calendar::from_toml(&text).map_err(raise)?)
    }

    /// The IANA name of the calendar's zone; every result is given in it.
    #[getter]
    fn timezone(&self) -> &'static str {
        self.inner.timezone().name()
    }

    /// The standard working-day length, the unit of "N working days".
    #[getter]
    fn working_day_length(&self) -> chrono::TimeDelta {
        self.inner.working_day_length()
    }

    /// The years with loaded production-calendar data, if any.
    #[getter]
    fn covered_years(&self) -> Option<Vec<i32>> {
        self.inner.covered_years()
    }

    /// The spec the calendar was built from, in its JSON form.
    #[getter]
    fn spec<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.inner.spec())
    }

    /// The instant `d` of working time after `t`: the exact answer, sub-second
    /// parts of `t` and `d` included, rounded up to the whole second (a
    /// deadline is never earlier than the true one).
    fn add<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
        d: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self
            .inner
            .add(&utc_exact(t)?, convert::delta(d)?)
            .map_err(raise)?;
        self.out(py, r)
    }

    /// The instant `d` of working time before `t`: the exact answer rounded
    /// down to the whole second.
    fn sub<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
        d: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self
            .inner
            .sub(&utc_exact(t)?, convert::delta(d)?)
            .map_err(raise)?;
        self.out(py, r)
    }

    /// The working time from `a` to `b`; negative when `b` is before `a`.
    fn between(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<chrono::TimeDelta> {
        self.inner.between(&utc(a)?, &utc(b)?).map_err(raise)
    }

    /// `add` on UTC seconds: epoch seconds in, epoch seconds out, with no
    /// datetime conversion (the core's hot path; for bulk work see
    /// `add_many`).
    fn add_seconds(&self, t: &Bound<'_, PyAny>, d: &Bound<'_, PyAny>) -> PyResult<i64> {
        self.inner
            .add_seconds(epoch_seconds(t)?, whole_seconds(d)?)
            .map_err(raise)
    }

    /// `between` on UTC seconds: the working seconds from `a` to `b`.
    fn between_seconds(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<i64> {
        self.inner
            .between_seconds(epoch_seconds(a)?, epoch_seconds(b)?)
            .map_err(raise)
    }

    /// Whether `t` is working time.
    fn is_working(&self, t: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.inner.is_working(&utc(t)?).map_err(raise)
    }

    /// The first opening strictly after `t`.
    fn next_opening<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.next_opening(&utc(t)?).map_err(raise)?;
        self.out(py, r)
    }

    /// The first closing strictly after `t`.
    fn next_closing<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.next_closing(&utc(t)?).map_err(raise)?;
        self.out(py, r)
    }

    /// The first working instant at or after `t`.
    fn next_working<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.next_working(&utc(t)?).map_err(raise)?;
        self.out(py, r)
    }

    /// The working periods overlapping `[start, end)`, clipped to it.
    fn periods<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let periods = self
            .inner
            .periods(&utc(start)?, &utc(end)?)
            .map_err(raise)?;
        let items = periods
            .into_iter()
            .map(|p| PyTuple::new(py, [self.out(py, p.start)?, self.out(py, p.end)?]))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// `n` working days after `t`; `meaning` is `"length"` (n × the working
    /// day length, rounded as `add` rounds) or `"end_of_day"` (the closing of
    /// the nth working day). `n` outside 0 to 4294967295 is an `InputError`.
    #[pyo3(
        signature = (t, n, meaning = Text("length".to_string())),
        text_signature = "(self, t, n, meaning='length')"
    )]
    fn add_working_days<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
        n: &Bound<'py, PyAny>,
        meaning: Text,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = day_count(n)?;
        let meaning = WorkingDaysMeaning::from_name(&meaning).map_err(raise)?;
        let r = self
            .inner
            .add_working_days(&utc_exact(t)?, n, meaning)
            .map_err(raise)?;
        self.out(py, r)
    }

    /// The working intervals of a local date as `"HH:MM-HH:MM"` strings.
    fn day_hours(&self, date: NaiveDate) -> PyResult<Vec<String>> {
        self.inner.day_hours(date).map_err(raise)
    }

    /// `add` over many instants: lists give a list of datetimes, numpy
    /// `datetime64` arrays (UTC) give a `datetime64[s]` array (UTC).
    fn add_many<'py>(
        &self,
        py: Python<'py>,
        times: &Bound<'py, PyAny>,
        durations: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Instants {
            mut secs,
            nanos,
            shape,
        } = Instants::read(times)?;
        let spans = Spans::read(durations, secs.len())?;
        let cal = &self.inner;
        // In place: `secs` becomes the deadlines. Sub-second parts, where
        // there are any, are rounded as `add` rounds them.
        py.detach(|| {
            secs.iter_mut().enumerate().try_for_each(|(i, t)| {
                let (d, d_nanos) = spans.get(i);
                let t_nanos = nanos.get(i).copied().unwrap_or(0);
                *t = if *t == NAT || d == NAT {
                    NAT
                } else if t_nanos == 0 && d_nanos == 0 {
                    cal.add_seconds(*t, d)?
                } else {
                    cal.add_timestamp(*t, t_nanos, span(d, d_nanos)?)?
                };
                Ok(())
            })
        })
        .map_err(raise)?;
        let out = secs;
        match shape {
            Some(shape) => {
                let v: Vec<Datetime<Seconds>> = out.into_iter().map(Datetime::from).collect();
                Ok(PyArray1::from_vec(py, v).reshape(shape)?.into_any())
            }
            None => {
                let zone = self.zone.bind(py);
                let items = out
                    .into_iter()
                    .map(|t| {
                        if t == NAT {
                            Ok(py.None().into_bound(py))
                        } else {
                            convert::datetime(py, t, zone)
                        }
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyList::new(py, items)?.into_any())
            }
        }
    }

    /// `between` over many pairs: lists give a list of timedeltas, numpy
    /// `datetime64` arrays give a `timedelta64[s]` array.
    fn between_many<'py>(
        &self,
        py: Python<'py>,
        starts: &Bound<'py, PyAny>,
        ends: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // `between` reads an instant as the second it is in.
        let Instants {
            mut secs, shape, ..
        } = Instants::read(starts)?;
        let ends = Instants::read(ends)?.secs;
        if secs.len() != ends.len() {
            return Err(error::length_mismatch(
                "starts",
                secs.len(),
                "ends",
                ends.len(),
            ));
        }
        let cal = &self.inner;
        // In place: `secs` becomes the working times.
        py.detach(|| {
            secs.iter_mut().zip(&ends).try_for_each(|(a, &b)| {
                *a = if *a == NAT || b == NAT {
                    NAT
                } else {
                    cal.between_seconds(*a, b)?
                };
                Ok(())
            })
        })
        .map_err(raise)?;
        let out = secs;
        match shape {
            Some(shape) => {
                let v: Vec<Timedelta<Seconds>> = out.into_iter().map(Timedelta::from).collect();
                Ok(PyArray1::from_vec(py, v).reshape(shape)?.into_any())
            }
            None => {
                let items = out
                    .into_iter()
                    .map(|d| {
                        if d == NAT {
                            Ok(py.None().into_bound(py))
                        } else {
                            Ok(convert::timedelta(py, d)?.into_any())
                        }
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyList::new(py, items)?.into_any())
            }
        }
    }

    fn __repr__(&self) -> String {
        format!("<Calendar timezone={:?}>", self.inner.timezone().name())
    }
}

// ----- numbers --------------------------------------------------------------

/// Epoch seconds for the `*_seconds` methods: an int, bounded as the
/// JavaScript binding bounds them (below 10**15 in magnitude).
fn epoch_seconds(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
    match ob.extract::<i64>() {
        Ok(t) if t.unsigned_abs() < 1_000_000_000_000_000 => Ok(t),
        _ if ob.is_instance_of::<pyo3::types::PyInt>() => {
            Err(error::epoch_seconds_out_of_range(ob))
        }
        _ => Err(error::wrong_type("an int of epoch seconds", ob)),
    }
}

/// Seconds of working time for `add_seconds`: an int of at most 10**12 in
/// magnitude, the bound of every duration.
fn whole_seconds(ob: &Bound<'_, PyAny>) -> PyResult<i64> {
    match ob.extract::<i64>() {
        Ok(d) if d.unsigned_abs() <= 1_000_000_000_000 => Ok(d),
        _ if ob.is_instance_of::<pyo3::types::PyInt>() => Err(error::seconds_too_large(ob)),
        _ => Err(error::wrong_type("an int of seconds", ob)),
    }
}

/// A count of working days: an int from 0 to 4294967295.
fn day_count(ob: &Bound<'_, PyAny>) -> PyResult<u32> {
    match ob.extract::<u32>() {
        Ok(n) if !ob.is_instance_of::<pyo3::types::PyBool>() => Ok(n),
        _ if ob.is_instance_of::<pyo3::types::PyInt>() => Err(error::day_count(ob)),
        _ => Err(error::wrong_type("an int of working days", ob)),
    }
}

// ----- bulk inputs ----------------------------------------------------------

/// numpy's NaT (and `None` in a list): a missing value, passed through.
pub(crate) const NAT: i64 = i64::MIN;

/// Whether numpy is loaded: an object can only be an ndarray if it is, and
/// the list forms must not need numpy.
pub(crate) fn numpy_loaded(py: Python<'_>) -> PyResult<bool> {
    let modules = py
        .import(intern!(py, "sys"))?
        .getattr(intern!(py, "modules"))?;
    modules.contains(intern!(py, "numpy"))
}

/// A numpy array or numpy scalar (anything numpy reads with a dtype).
fn as_numpy<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyUntypedArray>>> {
    let py = ob.py();
    if !numpy_loaded(py)? {
        return Ok(None);
    }
    if let Ok(arr) = ob.cast::<PyUntypedArray>() {
        return Ok(Some(arr.clone()));
    }
    // numpy scalars (np.datetime64, np.timedelta64) have a dtype too.
    if ob.hasattr(intern!(py, "dtype"))? && !ob.is_instance_of::<PyList>() {
        let arr = py
            .import(intern!(py, "numpy"))?
            .call_method1(intern!(py, "asarray"), (ob,))?;
        return Ok(arr.cast_into::<PyUntypedArray>().ok());
    }
    Ok(None)
}

/// UTC seconds of many instants, the nanoseconds after each (empty when
/// all are 0), and the array shape when they came as numpy.
struct Instants {
    secs: Vec<i64>,
    nanos: Vec<u32>,
    shape: Option<Vec<usize>>,
}

impl Instants {
    fn read(ob: &Bound<'_, PyAny>) -> PyResult<Instants> {
        if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
            let (secs, nanos) = items(ob, instant_exact)?;
            return Ok(Instants {
                secs,
                nanos,
                shape: None,
            });
        }
        let Some(arr) = as_numpy(ob)? else {
            return Err(error::wrong_type(
                "a list of datetimes or a numpy datetime64 array",
                ob,
            ));
        };
        let shape = arr.shape().to_vec();
        let dtype = arr.dtype();
        let (secs, nanos) = match dtype.kind() {
            b'M' => {
                let mut secs = seconds_of::<Datetime<Seconds>>(&arr, "datetime64[s]")?;
                let nanos = nanos_of(&arr, "datetime64[s]", &mut secs)?;
                (secs, nanos)
            }
            // An array of datetime objects, as a timezone-aware pandas
            // Series gives from `.to_numpy()`.
            b'O' => items(&arr.call_method0(intern!(ob.py(), "ravel"))?, instant_exact)?,
            _ => return Err(error::wrong_dtype("datetime64", &dtype.str()?.to_string())),
        };
        Ok(Instants {
            secs,
            nanos,
            shape: Some(shape),
        })
    }
}

/// The values of a `datetime64` or `timedelta64` array in seconds (`unit`),
/// in C order; numpy converts other units (and copies only then).
pub(crate) fn seconds_of<T>(arr: &Bound<'_, PyUntypedArray>, unit: &str) -> PyResult<Vec<i64>>
where
    T: Element + Copy,
    i64: From<T>,
{
    let py = arr.py();
    let no_copy = PyDict::new(py);
    no_copy.set_item(intern!(py, "copy"), false)?;
    let arr = arr
        .call_method(intern!(py, "astype"), (unit,), Some(&no_copy))?
        .cast_into::<PyArrayDyn<T>>()?;
    let values = arr.readonly();
    Ok(match values.as_slice() {
        Ok(slice) if values.is_c_contiguous() => slice.iter().map(|&t| i64::from(t)).collect(),
        _ => values.as_array().iter().map(|&t| i64::from(t)).collect(),
    })
}

/// The sub-second parts of a `datetime64` or `timedelta64` array in a unit
/// finer than seconds, in nanoseconds (C order, as [`seconds_of`]), with
/// `secs` (read by `seconds_of` into `unit`) made the floor of each value;
/// empty when every part is 0 or the unit is seconds or coarser.
pub(crate) fn nanos_of(
    arr: &Bound<'_, PyUntypedArray>,
    unit: &str,
    secs: &mut [i64],
) -> PyResult<Vec<u32>> {
    const NS: i64 = 1_000_000_000;
    let dtype = arr.dtype().str()?.to_string();
    if !["ms]", "us]", "ns]", "ps]", "fs]", "as]"]
        .iter()
        .any(|u| dtype.ends_with(u))
    {
        return Ok(Vec::new());
    }
    let py = arr.py();
    let whole = arr.call_method1(intern!(py, "astype"), (unit,))?;
    // A 0-d array (a numpy scalar read as an array) gives a scalar back.
    let rest = arr.call_method1(intern!(py, "__sub__"), (whole,))?;
    let rest = py
        .import(intern!(py, "numpy"))?
        .call_method1(intern!(py, "asarray"), (rest,))?
        .cast_into::<PyUntypedArray>()?;
    let rest = seconds_of::<Timedelta<Nanoseconds>>(&rest, "timedelta64[ns]")?;
    let mut nanos = vec![0u32; secs.len()];
    let mut any = false;
    for ((s, n), r) in secs.iter_mut().zip(nanos.iter_mut()).zip(rest) {
        if *s == NAT || r == NAT {
            continue;
        }
        // Whichever way numpy rounded the seconds, the floor and a part
        // from 0 to 1 s.
        *s += r.div_euclid(NS);
        *n = r.rem_euclid(NS) as u32;
        any |= *n != 0;
    }
    if !any {
        nanos.clear();
    }
    Ok(nanos)
}

/// A duration of whole seconds and nanoseconds as the engine takes it.
fn span(secs: i64, nanos: u32) -> sla_core::Result<chrono::TimeDelta> {
    chrono::TimeDelta::new(secs, nanos).ok_or_else(|| sla_core::Error::InvalidDuration {
        text: format!("{secs} s"),
        reason: "the number is too large".to_string(),
    })
}

/// The items of a list, tuple or object array, read by `read` into whole
/// seconds and the nanoseconds after them (the latter empty when all are
/// 0); `None` and NaT (numpy's or pandas', which is not equal to itself)
/// are missing.
fn items(
    ob: &Bound<'_, PyAny>,
    read: impl Fn(&Bound<'_, PyAny>) -> PyResult<(i64, u32)>,
) -> PyResult<(Vec<i64>, Vec<u32>)> {
    let parts = ob
        .try_iter()?
        .map(|item| {
            let item = item?;
            if item.is_none() {
                return Ok((NAT, 0));
            }
            // NaT is only looked for once an item fails to read.
            read(&item).or_else(|e| {
                if item.ne(&item)? {
                    Ok((NAT, 0))
                } else {
                    Err(e)
                }
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let nanos = if parts.iter().any(|&(_, n)| n != 0) {
        parts.iter().map(|&(_, n)| n).collect()
    } else {
        Vec::new()
    };
    Ok((parts.into_iter().map(|(s, _)| s).collect(), nanos))
}

/// One duration for all items, or one per item: whole seconds (floored)
/// and the nanoseconds after them (empty when all are 0).
enum Spans {
    One(i64, u32),
    Many(Vec<i64>, Vec<u32>),
}

impl Spans {
    fn read(ob: &Bound<'_, PyAny>, n: usize) -> PyResult<Spans> {
        let spans = Spans::read_any(ob)?;
        if let Spans::Many(v, _) = &spans {
            if v.len() != n {
                return Err(error::length_mismatch("times", n, "durations", v.len()));
            }
        }
        Ok(spans)
    }

    fn read_any(ob: &Bound<'_, PyAny>) -> PyResult<Spans> {
        if ob.is_instance_of::<pyo3::types::PyDelta>() {
            let (d, nanos) = delta_parts(ob)?;
            return Ok(Spans::One(d, nanos));
        }
        if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
            let (v, nanos) = items(ob, delta_parts)?;
            return Ok(Spans::Many(v, nanos));
        }
        let Some(arr) = as_numpy(ob)? else {
            return Err(error::wrong_type(
                "a timedelta, a list of timedeltas or a numpy timedelta64 array",
                ob,
            ));
        };
        let zero_d = arr.ndim() == 0;
        let dtype = arr.dtype();
        let (v, nanos) = match dtype.kind() {
            b'm' => {
                let mut v = seconds_of::<Timedelta<Seconds>>(&arr, "timedelta64[s]")?;
                let nanos = nanos_of(&arr, "timedelta64[s]", &mut v)?;
                (v, nanos)
            }
            b'O' => items(&arr.call_method0(intern!(ob.py(), "ravel"))?, delta_parts)?,
            _ => return Err(error::wrong_dtype("timedelta64", &dtype.str()?.to_string())),
        };
        Ok(if zero_d {
            Spans::One(
                v.first().copied().unwrap_or(NAT),
                nanos.first().copied().unwrap_or(0),
            )
        } else {
            Spans::Many(v, nanos)
        })
    }

    /// Item `i`'s whole seconds and nanoseconds.
    #[inline]
    fn get(&self, i: usize) -> (i64, u32) {
        match self {
            Spans::One(d, n) => (*d, *n),
            Spans::Many(v, n) => (v[i], n.get(i).copied().unwrap_or(0)),
        }
    }
}
