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
use arrow_array::types::{
    DurationMicrosecondType, DurationMillisecondType, DurationNanosecondType, DurationSecondType,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, BooleanArray, PrimitiveArray};
use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, TimeUnit};
use numpy::PyArrayMethods;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple, PyTzInfo};
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::PyArray;
use sla_core::{Calendar, MISSING};

use crate::bulk::{self, Items, Values};
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

/// Ticks of a unit in a second.
fn per_second(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

/// Integer ticks of one unit (null as `None`), chunk by chunk, read as
/// whole seconds ([`MISSING`] for null) and nanoseconds after them (empty
/// when all are 0). One chunk of seconds without nulls is its own buffer.
/// `PER` (ticks in a second) is a constant, so that the divisions below
/// compile to multiplications.
fn ticks<'py, T: ArrowPrimitiveType<Native = i64>, const PER: i64>(
    chunks: &[ArrayRef],
) -> (Values<'py>, Vec<u32>) {
    if let [one] = chunks {
        let a = one.as_primitive::<T>();
        if PER == 1 && a.null_count() == 0 {
            return (Values::Buffer(a.values().clone()), Vec::new());
        }
    }
    let n: usize = chunks.iter().map(|c| c.len()).sum();
    let per = PER;
    let mut secs = Vec::with_capacity(n);
    let mut nanos = Vec::new();
    let scale = (1_000_000_000 / per) as u32;
    for c in chunks {
        let a = c.as_primitive::<T>();
        let nulls = a.nulls();
        for (i, &v) in a.values().iter().enumerate() {
            if nulls.is_some_and(|n| n.is_null(i)) {
                secs.push(MISSING);
                if !nanos.is_empty() {
                    nanos.push(0);
                }
                continue;
            }
            secs.push(v.div_euclid(per));
            let f = v.rem_euclid(per) as u32 * scale;
            if f != 0 && nanos.is_empty() {
                nanos.resize(secs.len() - 1, 0);
            }
            if f != 0 || !nanos.is_empty() {
                nanos.push(f);
            }
        }
    }
    (Values::Owned(secs), nanos)
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
    let (secs, nanos) = match unit {
        TimeUnit::Second => ticks::<TimestampSecondType, 1>(&chunks),
        TimeUnit::Millisecond => ticks::<TimestampMillisecondType, 1_000>(&chunks),
        TimeUnit::Microsecond => ticks::<TimestampMicrosecondType, 1_000_000>(&chunks),
        TimeUnit::Nanosecond => ticks::<TimestampNanosecondType, 1_000_000_000>(&chunks),
    };
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
    let (secs, nanos) = match unit {
        TimeUnit::Second => ticks::<DurationSecondType, 1>(&chunks),
        TimeUnit::Millisecond => ticks::<DurationMillisecondType, 1_000>(&chunks),
        TimeUnit::Microsecond => ticks::<DurationMicrosecondType, 1_000_000>(&chunks),
        TimeUnit::Nanosecond => ticks::<DurationNanosecondType, 1_000_000_000>(&chunks),
    };
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
                Holds::Instants => bulk::instants_list(py, &out, zone),
                Holds::Durations => bulk::durations_list(py, &out),
            }
        }
        Form::Arrow(form) => {
            let mut out = vec![0; n];
            py.detach(|| f(&mut out)).map_err(raise)?;
            let per = per_second(form.unit);
            let nulls = NullBuffer::new(BooleanBuffer::collect_bool(n, |i| out[i] != MISSING));
            for v in &mut out {
                *v = match *v {
                    MISSING => 0,
                    v => v.checked_mul(per).ok_or_else(|| {
                        raise(sla_core::Error::OutOfSupportedRange(format!(
                            "a result of {v} s is beyond the column's {:?} unit",
                            form.unit
                        )))
                    })?,
                };
            }
            let values = ScalarBuffer::from(out);
            let nulls = (nulls.null_count() > 0).then_some(nulls);
            let array: ArrayRef = match holds {
                Holds::Instants => {
                    let zone: Arc<str> = cal.timezone().name().into();
                    match form.unit {
                        TimeUnit::Second => timestamps::<TimestampSecondType>(values, nulls, zone),
                        TimeUnit::Millisecond => {
                            timestamps::<TimestampMillisecondType>(values, nulls, zone)
                        }
                        TimeUnit::Microsecond => {
                            timestamps::<TimestampMicrosecondType>(values, nulls, zone)
                        }
                        TimeUnit::Nanosecond => {
                            timestamps::<TimestampNanosecondType>(values, nulls, zone)
                        }
                    }
                }
                Holds::Durations => match form.unit {
                    TimeUnit::Second => primitive::<DurationSecondType>(values, nulls),
                    TimeUnit::Millisecond => primitive::<DurationMillisecondType>(values, nulls),
                    TimeUnit::Microsecond => primitive::<DurationMicrosecondType>(values, nulls),
                    TimeUnit::Nanosecond => primitive::<DurationNanosecondType>(values, nulls),
                },
            };
            arrow_out(py, array, form.library)
        }
    }
}

fn timestamps<T>(values: ScalarBuffer<i64>, nulls: Option<NullBuffer>, zone: Arc<str>) -> ArrayRef
where
    T: ArrowPrimitiveType<Native = i64> + arrow_array::types::ArrowTimestampType,
{
    Arc::new(PrimitiveArray::<T>::new(values, nulls).with_timezone(zone))
}

fn primitive<T: ArrowPrimitiveType<Native = i64>>(
    values: ScalarBuffer<i64>,
    nulls: Option<NullBuffer>,
) -> ArrayRef {
    Arc::new(PrimitiveArray::<T>::new(values, nulls))
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
            let out = pa.call_method0(intern!(py, "to_pandas"))?;
            out.setattr(intern!(py, "index"), series.getattr(intern!(py, "index"))?)?;
            out.setattr(intern!(py, "name"), series.getattr(intern!(py, "name"))?)?;
            Ok(out)
        }
    }
}
