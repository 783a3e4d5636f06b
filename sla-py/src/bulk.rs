//! The bulk calls' inputs: lists and numpy arrays of instants and
//! durations read into what `sla_core::bulk` takes (UTC seconds, `None`
//! where an item is missing, and the nanoseconds after each), and the
//! results written back in the form of the input.

use numpy::datetime::units::{Nanoseconds, Seconds};
use numpy::datetime::{Datetime, Timedelta};
use numpy::{
    Element, PyArray1, PyArrayDescrMethods, PyArrayDyn, PyArrayMethods, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDelta, PyDict, PyList, PyTuple, PyTzInfo};
use sla_core::Amount;

use crate::convert::{self, amount, instant_exact};
use crate::error;

/// numpy's NaT as an `i64` of a `datetime64` or `timedelta64` array.
const NAT: i64 = i64::MIN;

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

/// Many values as UTC seconds or seconds of a duration (`None` where one is
/// missing), the nanoseconds after each (empty when all are 0), and the
/// array shape when they came as numpy.
pub(crate) struct Items {
    pub secs: Vec<Option<i64>>,
    pub nanos: Vec<u32>,
    pub shape: Option<Vec<usize>>,
}

/// Many instants: a list or tuple (of anything `instant_exact` reads,
/// `None` and NaT missing), a `datetime64` array (UTC) or an object array
/// (a timezone-aware pandas Series' `.to_numpy()`).
pub(crate) fn instants(ob: &Bound<'_, PyAny>) -> PyResult<Items> {
    if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        let (secs, nanos) = items(ob, instant_exact)?;
        return Ok(Items {
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
    let dtype = arr.dtype();
    let (secs, nanos) = match dtype.kind() {
        b'M' => numbers::<Datetime<Seconds>>(&arr, "datetime64[s]")?,
        b'O' => items(&arr.call_method0(intern!(ob.py(), "ravel"))?, instant_exact)?,
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
    let (secs, nanos) = numbers::<Datetime<Seconds>>(&arr, "datetime64[s]")?;
    Ok(secs
        .first()
        .map(|t| t.map(|t| (t, nanos.first().copied().unwrap_or(0)))))
}

/// The durations of `add_many`: one `timedelta` or duration `str` for all,
/// or one per item (a list or tuple of them, a `timedelta64` array, an
/// object array); `None` and NaT are missing.
pub(crate) enum Durations {
    One(Option<Amount>),
    Each(Vec<Option<Amount>>),
}

impl Durations {
    pub(crate) fn read(ob: &Bound<'_, PyAny>) -> PyResult<Durations> {
        if ob.is_instance_of::<PyDelta>() || ob.is_instance_of::<pyo3::types::PyString>() {
            return Ok(Durations::One(Some(amount(ob)?)));
        }
        if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
            return Ok(Durations::Each(amounts(ob)?));
        }
        let Some(arr) = as_numpy(ob)? else {
            return Err(error::wrong_type(
                "a timedelta, a duration str, a list of them or a numpy timedelta64 array",
                ob,
            ));
        };
        let dtype = arr.dtype();
        let each = match dtype.kind() {
            b'm' => {
                let (secs, nanos) = numbers::<Timedelta<Seconds>>(&arr, "timedelta64[s]")?;
                let at = |i: usize| nanos.get(i).copied().unwrap_or(0);
                secs.iter()
                    .enumerate()
                    .map(|(i, s)| s.map(|s| working(s, at(i))).transpose())
                    .collect::<PyResult<Vec<_>>>()?
            }
            b'O' => amounts(&arr.call_method0(intern!(ob.py(), "ravel"))?)?,
            _ => return Err(error::wrong_dtype("timedelta64", &dtype.str()?.to_string())),
        };
        Ok(match (arr.ndim(), each.first()) {
            (0, Some(&one)) => Durations::One(one),
            _ => Durations::Each(each),
        })
    }
}

/// Working time of whole seconds and nanoseconds.
fn working(secs: i64, nanos: u32) -> PyResult<Amount> {
    chrono::TimeDelta::new(secs, nanos)
        .map(Amount::Working)
        .ok_or_else(|| {
            error::raise(sla_core::Error::InvalidDuration {
                text: format!("{secs} s"),
                reason: "the number is too large".to_string(),
            })
        })
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
) -> PyResult<(Vec<Option<i64>>, Vec<u32>)> {
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
        parts.into_iter().map(|p| p.map(|(s, _)| s)).collect(),
        nanos,
    ))
}

/// The values of a `datetime64` or `timedelta64` array as whole seconds
/// (`unit`; NaT as `None`) and the nanoseconds after each (empty when all
/// are 0), in C order. numpy converts other units (and copies only then).
fn numbers<T>(arr: &Bound<'_, PyUntypedArray>, unit: &str) -> PyResult<(Vec<Option<i64>>, Vec<u32>)>
where
    T: Element + Copy,
    i64: From<T>,
{
    let mut secs = seconds_of::<T>(arr, unit)?;
    let nanos = nanos_of(arr, unit, &mut secs)?;
    Ok((secs, nanos))
}

/// The values of an array in `unit`, NaT as `None`.
fn seconds_of<T>(arr: &Bound<'_, PyUntypedArray>, unit: &str) -> PyResult<Vec<Option<i64>>>
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
    let read = |&t: &T| Some(i64::from(t)).filter(|&t| t != NAT);
    Ok(match values.as_slice() {
        Ok(slice) if values.is_c_contiguous() => slice.iter().map(read).collect(),
        _ => values.as_array().iter().map(read).collect(),
    })
}

/// The sub-second parts of an array in a unit finer than seconds, in
/// nanoseconds, with `secs` (read by [`seconds_of`] into `unit`) made the
/// floor of each value; empty when every part is 0 or the unit is seconds
/// or coarser.
fn nanos_of(
    arr: &Bound<'_, PyUntypedArray>,
    unit: &str,
    secs: &mut [Option<i64>],
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
    for ((s, n), r) in secs.iter_mut().zip(nanos.iter_mut()).zip(rest) {
        if let (Some(s), Some(r)) = (s, r) {
            // Whichever way numpy rounded the seconds, the floor and a
            // part from 0 to 1 s.
            *s += r.div_euclid(NS);
            *n = r.rem_euclid(NS) as u32;
        }
    }
    if nanos.iter().all(|&n| n == 0) {
        nanos.clear();
    }
    Ok(nanos)
}

/// Instants in the form of the input: a `datetime64[s]` array (UTC, NaT
/// where missing) of `shape`, or a list of datetimes in `zone` (`None`).
pub(crate) fn instants_out<'py>(
    py: Python<'py>,
    out: Vec<Option<i64>>,
    shape: Option<Vec<usize>>,
    zone: &Bound<'py, PyTzInfo>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some(shape) = shape {
        let v: Vec<Datetime<Seconds>> = out
            .into_iter()
            .map(|t| Datetime::from(t.unwrap_or(NAT)))
            .collect();
        return Ok(PyArray1::from_vec(py, v).reshape(shape)?.into_any());
    }
    let items = out
        .into_iter()
        .map(|t| t.map(|t| convert::datetime(py, t, zone)).transpose())
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any())
}

/// Working times in the form of the input: a `timedelta64[s]` array of
/// `shape`, or a list of timedeltas (`None` where missing).
pub(crate) fn durations_out(
    py: Python<'_>,
    out: Vec<Option<i64>>,
    shape: Option<Vec<usize>>,
) -> PyResult<Bound<'_, PyAny>> {
    if let Some(shape) = shape {
        let v: Vec<Timedelta<Seconds>> = out
            .into_iter()
            .map(|d| Timedelta::from(d.unwrap_or(NAT)))
            .collect();
        return Ok(PyArray1::from_vec(py, v).reshape(shape)?.into_any());
    }
    let items = out
        .into_iter()
        .map(|d| d.map(|d| convert::timedelta(py, d)).transpose())
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any())
}
