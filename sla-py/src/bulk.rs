//! The bulk calls' inputs: lists and numpy arrays of instants and
//! durations read into what `sla_core::bulk` takes (UTC seconds, `None`
//! where an item is missing, and the nanoseconds after each), and the
//! results written back in the form of the input.

use numpy::{
    PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDelta, PyDeltaAccess, PyDict, PyList, PyString, PyTuple};
use sla_core::{append_ticks, Amount, TickUnit, MISSING};

use crate::convert::{amount, instant_exact};
use crate::error;

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

/// Many values as UTC seconds or seconds of a duration
/// ([`sla_core::MISSING`] where one is missing), the nanoseconds after each
/// (empty when all are 0), and the array shape when they came as numpy.
pub(crate) struct Items<'py> {
    pub secs: Values<'py>,
    pub nanos: Vec<u32>,
    pub shape: Option<Vec<usize>>,
}

/// The seconds of many items: a numpy array's own memory (read in place,
/// no copy) or a buffer of ours.
pub(crate) enum Values<'py> {
    Array(PyReadonlyArray1<'py, i64>),
    /// An Arrow column's own buffer.
    Buffer(arrow_buffer::ScalarBuffer<i64>),
    Owned(Vec<i64>),
}

impl Values<'_> {
    pub(crate) fn as_slice(&self) -> PyResult<&[i64]> {
        match self {
            Values::Array(a) => Ok(a.as_slice()?),
            Values::Buffer(b) => Ok(b),
            Values::Owned(v) => Ok(v),
        }
    }
}

/// Many instants: a list or tuple (of anything `instant_exact` reads,
/// `None` and NaT missing), a `datetime64` array (UTC) or an object array
/// (a timezone-aware pandas Series' `.to_numpy()`).
pub(crate) fn instants<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Items<'py>> {
    if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        let (secs, nanos) = items(ob, instant_exact)?;
        return Ok(Items {
            secs: Values::Owned(secs),
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
    let dtype = arr.dtype();
    let (secs, nanos) = match dtype.kind() {
        b'M' => numbers(&arr, "datetime64")?,
        b'O' => {
            let (secs, nanos) =
                items(&arr.call_method0(intern!(ob.py(), "ravel"))?, instant_exact)?;
            (Values::Owned(secs), nanos)
        }
        _ => return Err(error::wrong_dtype("datetime64", &dtype.str()?.to_string())),
    };
    Ok(Items {
        secs,
        nanos,
        shape: Some(arr.shape().to_vec()),
    })
}

/// The UTC instant of a numpy `datetime64` scalar (`Some(None)` for NaT);
/// None for any other value. numpy is not imported to find out: a
/// `datetime64` exists only once numpy is loaded.
pub(crate) fn datetime64(ob: &Bound<'_, PyAny>) -> PyResult<Option<Option<(i64, u32)>>> {
    let py = ob.py();
    if !numpy_loaded(py)? {
        return Ok(None);
    }
    let numpy = py.import(intern!(py, "numpy"))?;
    if !ob.is_instance(&numpy.getattr(intern!(py, "datetime64"))?)? {
        return Ok(None);
    }
    let arr = numpy
        .call_method1(intern!(py, "asarray"), (ob,))?
        .cast_into::<PyUntypedArray>()?;
    let (secs, nanos) = numbers(&arr, "datetime64")?;
    Ok(secs
        .as_slice()?
        .first()
        .map(|&t| (t != MISSING).then(|| (t, nanos.first().copied().unwrap_or(0)))))
}

/// The durations of `add_many`: one `timedelta` or duration `str` for all,
/// or one per item (a list or tuple of them, a `timedelta64` array, an
/// object array); `None` and NaT are missing.
pub(crate) enum Durations<'py> {
    One(Option<Amount>),
    Each(Vec<Option<Amount>>),
    /// A `timedelta64` array: whole seconds and the nanoseconds after them.
    Seconds(Values<'py>, Vec<u32>),
}

impl<'py> Durations<'py> {
    pub(crate) fn read(ob: &Bound<'py, PyAny>) -> PyResult<Durations<'py>> {
        if ob.is_instance_of::<PyDelta>() || ob.is_instance_of::<pyo3::types::PyString>() {
            return Ok(Durations::One(Some(amount(ob)?)));
        }
        if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
            // Timedeltas (and `None`) as seconds, the core's fast path; a
            // list with a duration str reads each item as an amount.
            return Ok(match items(ob, delta) {
                Ok((secs, nanos)) => Durations::Seconds(Values::Owned(secs), nanos),
                Err(_) => Durations::Each(amounts(ob)?),
            });
        }
        let Some(arr) = as_numpy(ob)? else {
            return Err(error::wrong_type(
                "a timedelta, a duration str, a list of them or a numpy timedelta64 array",
                ob,
            ));
        };
        let dtype = arr.dtype();
        let one = arr.ndim() == 0;
        match dtype.kind() {
            b'm' => {
                let (secs, nanos) = numbers(&arr, "timedelta64")?;
                if !one {
                    return Ok(Durations::Seconds(secs, nanos));
                }
                // A scalar: the core reads its one item as any other.
                let each = sla_core::Durations::Seconds(secs.as_slice()?, &nanos);
                Ok(Durations::One(each.get(0)))
            }
            b'O' => {
                let each = amounts(&arr.call_method0(intern!(ob.py(), "ravel"))?)?;
                Ok(match (one, each.first()) {
                    (true, Some(&d)) => Durations::One(d),
                    _ => Durations::Each(each),
                })
            }
            _ => Err(error::wrong_dtype("timedelta64", &dtype.str()?.to_string())),
        }
    }
}

/// A `timedelta` as whole seconds and the nanoseconds after them.
fn delta(ob: &Bound<'_, PyAny>) -> PyResult<(i64, u32)> {
    let d = ob.cast::<PyDelta>()?;
    let secs = i64::from(d.get_days()) * 86_400 + i64::from(d.get_seconds());
    // Microseconds are below 10**6: the product fits a u32.
    Ok((secs, d.get_microseconds() as u32 * 1000))
}

/// The amounts of a list, tuple or object array; `None` and NaT missing.
fn amounts(ob: &Bound<'_, PyAny>) -> PyResult<Vec<Option<Amount>>> {
    ob.try_iter()?
        .map(|item| missing_or(&item?, amount))
        .collect()
}

/// `read` of an item; `None` for `None`, and for NaT (numpy's or pandas',
/// which is not equal to itself), looked for only once `read` fails.
fn missing_or<T>(
    item: &Bound<'_, PyAny>,
    read: impl Fn(&Bound<'_, PyAny>) -> PyResult<T>,
) -> PyResult<Option<T>> {
    if item.is_none() {
        return Ok(None);
    }
    match read(item) {
        Ok(v) => Ok(Some(v)),
        Err(_) if item.ne(item)? => Ok(None),
        Err(e) => Err(e),
    }
}

/// The items of a list, tuple or object array read by `read` into whole
/// seconds and the nanoseconds after them (those empty when all are 0).
fn items(
    ob: &Bound<'_, PyAny>,
    read: impl Fn(&Bound<'_, PyAny>) -> PyResult<(i64, u32)>,
) -> PyResult<(Vec<i64>, Vec<u32>)> {
    let parts = ob
        .try_iter()?
        .map(|item| missing_or(&item?, &read))
        .collect::<PyResult<Vec<_>>>()?;
    let nanos = if parts.iter().flatten().any(|&(_, n)| n != 0) {
        parts.iter().map(|p| p.map_or(0, |(_, n)| n)).collect()
    } else {
        Vec::new()
    };
    Ok((
        parts
            .into_iter()
            .map(|p| p.map_or(MISSING, |(s, _)| s))
            .collect(),
        nanos,
    ))
}

/// The values of a `datetime64` or `timedelta64` array (`kind`) as whole
/// seconds (NaT is [`MISSING`]) and the nanoseconds after each (empty when
/// all are 0), in C order ([`append_ticks`]). An array in seconds and
/// C-contiguous is read in place; numpy converts other layouts, multiples
/// of a unit (`10ms`) to the unit, and units other than s, ms, us and ns:
/// coarser ones to seconds, finer ones to nanoseconds, flooring as the
/// core does.
fn numbers<'py>(arr: &Bound<'py, PyUntypedArray>, kind: &str) -> PyResult<(Values<'py>, Vec<u32>)> {
    let py = arr.py();
    let dtype = arr.dtype().str()?.to_string();
    let name = dtype.split(['[', ']']).nth(1).unwrap_or("");
    // A multiple of a unit (`10ms`) is read in the unit itself.
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit());
    let unit = match TickUnit::from_name(name) {
        Some(unit) => unit,
        None if ["ps", "fs", "as"].contains(&name) => TickUnit::Nanosecond,
        None => TickUnit::Second,
    };
    let no_copy = PyDict::new(py);
    no_copy.set_item(intern!(py, "copy"), false)?;
    let in_unit = format!("{kind}[{unit}]");
    let ticks = arr
        .call_method(intern!(py, "astype"), (in_unit,), Some(&no_copy))?
        .call_method0(intern!(py, "ravel"))?
        .call_method1(intern!(py, "view"), (intern!(py, "i8"),))?
        .cast_into::<PyArray1<i64>>()?
        .readonly();
    if unit == TickUnit::Second {
        return Ok((Values::Array(ticks), Vec::new()));
    }
    let (mut secs, mut nanos) = (Vec::new(), Vec::new());
    let ticks = ticks.as_slice()?;
    let nat = |i| ticks[i] == MISSING;
    append_ticks(ticks, unit, nat, &mut secs, &mut nanos);
    Ok((Values::Owned(secs), nanos))
}

/// A new `int64` array of `n` items for a bulk call to write its results
/// into; [`typed`] gives it its dtype and shape afterwards.
pub(crate) fn out_array(py: Python<'_>, n: usize) -> Bound<'_, PyArray1<i64>> {
    PyArray1::zeros(py, n, false)
}

/// An `int64` array written by a bulk call as `dtype` (`datetime64[s]`,
/// `timedelta64[s]`: NaT where [`MISSING`]) of `shape`, without a copy.
pub(crate) fn typed<'py>(
    arr: Bound<'py, PyArray1<i64>>,
    dtype: &Bound<'py, PyString>,
    shape: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    arr.call_method1(intern!(arr.py(), "view"), (dtype,))?
        .call_method1(intern!(arr.py(), "reshape"), (shape.to_vec(),))
}

/// Results as a list of `item(value)` (`None` where missing): datetimes
/// in the calendar's zone, or timedeltas.
pub(crate) fn list<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    out: &[i64],
    item: impl Fn(i64) -> PyResult<T>,
) -> PyResult<Bound<'py, PyAny>> {
    let item = |&v: &i64| (v != MISSING).then(|| item(v)).transpose();
    let items = out.iter().map(item).collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any())
}
