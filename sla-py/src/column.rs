//! The calendar's column operations (`Calendar.add_many`, `between_many`,
//! `is_working_many`, `add_working_days_many`, `next_*_many`): the input
//! column read into what `sla_core::bulk` takes (UTC seconds,
//! [`MISSING`] where an item is missing) and the result written back as
//! the same kind of column.
//!
//! Kinds: lists and tuples, numpy arrays (read in place, see
//! [`crate::bulk`]), and Arrow columns: anything with
//! `__arrow_c_array__` or `__arrow_c_stream__` (pyarrow arrays and chunked
//! arrays, Polars Series, DuckDB, arro3, nanoarrow), read through
//! pyo3-arrow, and pandas Series (through pyarrow, index and name kept).
//! An Arrow column of timestamps in seconds without nulls is read without
//! a copy; other units are split into seconds and nanoseconds once. Arrow
//! results are timestamps (durations) in the input's unit, in the
//! calendar's zone, null where the result is missing.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, BooleanArray, Int64Array};
use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, TimeUnit};
use numpy::PyArrayMethods;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyTzInfo};
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyArray;
use sla_core::{append_ticks, to_ticks, Calendar, TickUnit, MISSING};

use crate::bulk::{self, Items, Values};
use crate::convert;
use crate::error::{raise, InputError};

/// Where a column came from, which its result repeats.
pub(crate) enum Form<'py> {
    List,
    Numpy(Vec<usize>),
    Arrow(ArrowForm<'py>),
}

/// An Arrow column's library and time unit.
pub(crate) struct ArrowForm<'py> {
    unit: TimeUnit,
    library: Library<'py>,
}

enum Library<'py> {
    /// A pyarrow `Array`, or a `ChunkedArray` (`chunked`).
    PyArrow { chunked: bool },
    /// A Polars Series (its name).
    Polars(Bound<'py, PyAny>),
    /// A pandas Series (the Series, for its index and name).
    Pandas(Bound<'py, PyAny>),
    /// Any other object with an Arrow PyCapsule: a pyarrow array back.
    Other,
}

/// A column of instants or durations: seconds, nanoseconds after them and
/// the form it came in.
pub(crate) struct Input<'py> {
    pub secs: Values<'py>,
    pub nanos: Vec<u32>,
    pub form: Form<'py>,
}

/// The module a Python object's type is from, first part (`"polars"`).
fn library_of(ob: &Bound<'_, PyAny>) -> PyResult<String> {
    let module = ob.get_type().module()?.to_string();
    Ok(module.split('.').next().unwrap_or("").to_string())
}

/// Whether `ob` is an Arrow column (or a pandas Series) rather than a list
/// or numpy array.
fn is_arrow(ob: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = ob.py();
    if ob.is_instance_of::<PyList>() || ob.is_instance_of::<PyTuple>() {
        return Ok(false);
    }
    if bulk::numpy_loaded(py)? && ob.cast::<numpy::PyUntypedArray>().is_ok() {
        return Ok(false);
    }
    Ok(ob.hasattr(intern!(py, "__arrow_c_stream__"))?
        || ob.hasattr(intern!(py, "__arrow_c_array__"))?
        || library_of(ob)? == "pandas")
}

/// The chunks and type of an Arrow column (a pandas Series through
/// pyarrow), and its library.
fn arrow_chunks<'py>(
    what: &str,
    ob: &Bound<'py, PyAny>,
) -> PyResult<(Vec<ArrayRef>, DataType, Library<'py>)> {
    let py = ob.py();
    let library = match library_of(ob)?.as_str() {
        "pyarrow" => Library::PyArrow {
            chunked: ob.hasattr(intern!(py, "chunks"))?,
        },
        "polars" => Library::Polars(ob.clone()),
        "pandas" => Library::Pandas(ob.clone()),
        _ => Library::Other,
    };
    let source = match library {
        Library::Pandas(_) => py
            .import(intern!(py, "pyarrow"))?
            .getattr(intern!(py, "Array"))?
            .call_method1(intern!(py, "from_pandas"), (ob,))?,
        _ => ob.clone(),
    };
    let any: AnyArray = source.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what}: expected a list, a numpy array or an Arrow column (pyarrow, Polars, pandas), found {}",
            ob.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })?;
    let chunked = any.into_chunked_array()?;
    let data_type = chunked.data_type().clone();
    let (chunks, _) = chunked.into_inner();
    Ok((chunks, data_type, library))
}

/// The core's name of an Arrow time unit.
fn tick_unit(unit: TimeUnit) -> TickUnit {
    match unit {
        TimeUnit::Second => TickUnit::Second,
        TimeUnit::Millisecond => TickUnit::Millisecond,
        TimeUnit::Microsecond => TickUnit::Microsecond,
        TimeUnit::Nanosecond => TickUnit::Nanosecond,
    }
}

/// The integer ticks of an Arrow column's chunks (null as missing) as
/// whole seconds and the nanoseconds after them ([`append_ticks`]). One
/// chunk of seconds without nulls is its own buffer (no copy).
fn ticks<'py>(chunks: &[ArrayRef], unit: TimeUnit) -> PyResult<(Values<'py>, Vec<u32>)> {
    let (mut secs, mut nanos) = (Vec::new(), Vec::new());
    for c in chunks {
        // Timestamps and durations are 64-bit integers: read as such
        // without a copy.
        let ints = arrow_cast::cast(c, &DataType::Int64)
            .map_err(|e| PyTypeError::new_err(e.to_string()))?;
        let ints = ints.as_primitive::<Int64Type>();
        if chunks.len() == 1 && unit == TimeUnit::Second && ints.null_count() == 0 {
            return Ok((Values::Buffer(ints.values().clone()), Vec::new()));
        }
        let null = |i| ints.is_null(i);
        append_ticks(ints.values(), tick_unit(unit), null, &mut secs, &mut nanos);
    }
    Ok((Values::Owned(secs), nanos))
}

/// A column of instants: a list or tuple, a numpy `datetime64` (UTC) or
/// object array, or an Arrow column of timestamps with a time zone.
pub(crate) fn instants<'py>(what: &str, ob: &Bound<'py, PyAny>) -> PyResult<Input<'py>> {
    if !is_arrow(ob)? {
        let Items { secs, nanos, shape } = bulk::instants(ob)?;
        let form = shape.map_or(Form::List, Form::Numpy);
        return Ok(Input { secs, nanos, form });
    }
    let (chunks, data_type, library) = arrow_chunks(what, ob)?;
    let DataType::Timestamp(unit, zone) = &data_type else {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a column of timestamps with a time zone, found {data_type}"
        )));
    };
    if zone.is_none() {
        return Err(InputError::new_err(format!(
            "{what}: the timestamps have no time zone, so their instants are unknown; give the \
             column its zone (pandas' .dt.tz_localize(...), Polars' .dt.replace_time_zone(...), \
             pyarrow's .cast(pa.timestamp(unit, tz))"
        )));
    }
    let unit = *unit;
    let (secs, nanos) = ticks(&chunks, unit)?;
    Ok(Input {
        secs,
        nanos,
        form: Form::Arrow(ArrowForm { unit, library }),
    })
}

/// The durations of `add_many`: what [`bulk::Durations::read`] reads, or
/// an Arrow column of durations.
pub(crate) fn durations<'py>(ob: &Bound<'py, PyAny>) -> PyResult<bulk::Durations<'py>> {
    if !is_arrow(ob)? {
        return bulk::Durations::read(ob);
    }
    let (chunks, data_type, _) = arrow_chunks("durations", ob)?;
    let DataType::Duration(unit) = data_type else {
        return Err(PyTypeError::new_err(format!(
            "durations: expected a column of durations, found {data_type}"
        )));
    };
    let (secs, nanos) = ticks(&chunks, unit)?;
    Ok(bulk::Durations::Seconds(secs, nanos))
}

/// What a result column holds.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Holds {
    Instants,
    Durations,
}

/// Runs `f` (without the GIL) into a new result of `n` seconds and gives
/// it back in `form`: a list, a numpy `datetime64[s]`/`timedelta64[s]`
/// array, or an Arrow column in the input's unit (and the calendar's zone).
pub(crate) fn seconds_out<'py, F>(
    py: Python<'py>,
    form: Form<'py>,
    n: usize,
    holds: Holds,
    cal: &Calendar,
    zone: &Bound<'py, PyTzInfo>,
    f: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: FnOnce(&mut [i64]) -> sla_core::Result<()> + Send,
{
    match form {
        Form::Numpy(shape) => {
            let arr = bulk::out_array(py, n);
            {
                let mut rw = arr.readwrite();
                let out = rw.as_slice_mut()?;
                py.detach(|| f(out)).map_err(raise)?;
            }
            let dtype = match holds {
                Holds::Instants => intern!(py, "datetime64[s]"),
                Holds::Durations => intern!(py, "timedelta64[s]"),
            };
            bulk::typed(arr, dtype, &shape)
        }
        Form::List => {
            let mut out = vec![0; n];
            py.detach(|| f(&mut out)).map_err(raise)?;
            match holds {
                Holds::Instants => bulk::list(py, &out, |t| convert::datetime(py, t, zone)),
                Holds::Durations => bulk::list(py, &out, |d| convert::timedelta(py, d)),
            }
        }
        Form::Arrow(form) => {
            let mut out = vec![0; n];
            py.detach(|| f(&mut out)).map_err(raise)?;
            to_ticks(&mut out, tick_unit(form.unit)).map_err(raise)?;
            let nulls = NullBuffer::new(BooleanBuffer::collect_bool(n, |i| out[i] != MISSING));
            let nulls = (nulls.null_count() > 0).then_some(nulls);
            let ints = Int64Array::new(ScalarBuffer::from(out), nulls);
            let data_type = match holds {
                Holds::Instants => {
                    DataType::Timestamp(form.unit, Some(cal.timezone().name().into()))
                }
                Holds::Durations => DataType::Duration(form.unit),
            };
            // 64-bit integers as timestamps or durations: no copy.
            let array = arrow_cast::cast(&ints, &data_type)
                .map_err(|e| PyTypeError::new_err(e.to_string()))?;
            arrow_out(py, array, form.library)
        }
    }
}

/// `is_working` of each instant (`None` where missing) in `form`: a list
/// of bools, a numpy `bool` array (an object array with `None` when an
/// item is missing), or an Arrow boolean column.
pub(crate) fn flags_out<'py>(
    py: Python<'py>,
    form: Form<'py>,
    flags: Vec<Option<bool>>,
) -> PyResult<Bound<'py, PyAny>> {
    match form {
        Form::List => Ok(PyList::new(py, flags)?.into_any()),
        Form::Numpy(shape) => {
            if flags.iter().all(Option::is_some) {
                let values: Vec<bool> = flags.into_iter().map(|f| f == Some(true)).collect();
                return numpy::PyArray1::from_vec(py, values)
                    .call_method1(intern!(py, "reshape"), (shape,));
            }
            let list = PyList::new(py, &flags)?;
            py.import(intern!(py, "numpy"))?
                .call_method1(intern!(py, "array"), (list, intern!(py, "O")))?
                .call_method1(intern!(py, "reshape"), (shape,))
        }
        Form::Arrow(form) => {
            let array: ArrayRef = Arc::new(BooleanArray::from(flags));
            arrow_out(py, array, form.library)
        }
    }
}

/// An Arrow result as the input's library has it.
fn arrow_out<'py>(
    py: Python<'py>,
    array: ArrayRef,
    library: Library<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    // pyarrow reads the array through its `__arrow_c_array__`.
    let array = Bound::new(py, PyArray::from_array_ref(array))?;
    let pa = py
        .import(intern!(py, "pyarrow"))?
        .call_method1(intern!(py, "array"), (array,))?;
    match library {
        Library::PyArrow { chunked: false } | Library::Other => Ok(pa),
        Library::PyArrow { chunked: true } => py
            .import(intern!(py, "pyarrow"))?
            .call_method1(intern!(py, "chunked_array"), (vec![pa],)),
        Library::Polars(series) => {
            let name = series.getattr(intern!(py, "name"))?;
            py.import(intern!(py, "polars"))?
                .getattr(intern!(py, "Series"))?
                .call1((name, pa))
        }
        Library::Pandas(series) => {
            // Booleans as pandas' nullable `boolean` (NA where missing),
            // not objects.
            let pd = py.import(intern!(py, "pandas"))?;
            let bools = PyDict::new(py);
            bools.set_item(
                py.import(intern!(py, "pyarrow"))?.call_method0("bool_")?,
                pd.call_method0("BooleanDtype")?,
            )?;
            let options = PyDict::new(py);
            options.set_item("types_mapper", bools.getattr("get")?)?;
            let out = pa.call_method(intern!(py, "to_pandas"), (), Some(&options))?;
            out.setattr(intern!(py, "index"), series.getattr(intern!(py, "index"))?)?;
            out.setattr(intern!(py, "name"), series.getattr(intern!(py, "name"))?)?;
            Ok(out)
        }
    }
}
