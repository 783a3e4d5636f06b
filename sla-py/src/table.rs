//! `Policy.evaluate_table` and `PolicySet.evaluate_table`: a long table of
//! events in, `(metrics, tickets)` out, of the same frame kind as the
//! input. The work is `sla_core::table`'s; this file moves columns.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, UInt32Array, UInt64Array,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyTuple};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;
use sla_core::table::{Cell, Column, Events, TableReport};
use sla_core::{OnError, Policy, PolicySet, Text};

use crate::arrow::{timestamps, ArrowColumn};
use crate::convert;
use crate::error::{raise, InputError};

/// What evaluates the tickets.
pub(crate) enum Target<'a> {
    Policy(&'a Policy),
    Set(&'a PolicySet),
}

impl Target<'_> {
    fn evaluate(&self, events: &Events<'_>, at: &DateTime<Utc>) -> sla_core::Result<TableReport> {
        match self {
            Target::Policy(p) => p.evaluate_table(events, at, 0),
            Target::Set(s) => s.evaluate_table(events, at, 0),
        }
    }

    /// The zone of the output's timestamp columns: the calendars' one if
    /// they share it, UTC otherwise.
    fn zone(&self) -> String {
        let policies: Vec<&Policy> = match self {
            Target::Policy(p) => vec![p],
            Target::Set(s) => s
                .policy_names()
                .into_iter()
                .filter_map(|n| s.policy(n).ok())
                .collect(),
        };
        let mut zones = policies.iter().flat_map(|p| {
            p.calendar_names()
                .iter()
                .filter_map(|n| p.calendar(n).ok().map(|c| c.timezone().name().to_string()))
                .collect::<Vec<_>>()
        });
        let first = zones.next().unwrap_or_else(|| "UTC".to_string());
        if zones.all(|z| z == first) {
            first
        } else {
            "UTC".to_string()
        }
    }
}

/// The frame kind of the input, which the output repeats.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Arrow,
    Polars,
    Pandas,
    Other,
}

impl Kind {
    fn of(ob: &Bound<'_, PyAny>) -> PyResult<Kind> {
        let module = ob.get_type().module()?.to_string();
        let root = module.split('.').next().unwrap_or("");
        Ok(match root {
            "pyarrow" => Kind::Arrow,
            "polars" => Kind::Polars,
            "pandas" => Kind::Pandas,
            _ => Kind::Other,
        })
    }
}

pub(crate) fn evaluate_table<'py>(
    py: Python<'py>,
    target: Target<'_>,
    events: &Bound<'py, PyAny>,
    at: &Bound<'py, PyAny>,
    errors: &str,
) -> PyResult<Bound<'py, PyTuple>> {
    let raise_first = OnError::from_name(errors).map_err(raise)? == OnError::Raise;
    let at = convert::utc_exact(at)?;
    let kind = Kind::of(events)?;
    let table = read(py, events, kind)?;
    let (batches, schema) = table.into_inner();
    let mut columns = Vec::with_capacity(schema.fields().len());
    for (i, f) in schema.fields().iter().enumerate() {
        let chunks: Vec<ArrayRef> = batches.iter().map(|b| b.column(i).clone()).collect();
        columns.push((
            f.name().clone(),
            ArrowColumn::new(f.name(), f.data_type(), &chunks)?,
            chunks,
        ));
    }
    let find = |name: &str| {
        columns
            .iter()
            .position(|(n, _, _)| n == name)
            .ok_or_else(|| {
                let names: Vec<&str> = columns.iter().map(|(n, _, _)| n.as_str()).collect();
                InputError::new_err(format!(
                    "the events table has no column {name:?} (its columns: {names:?})"
                ))
            })
    };
    let (id, t, ty) = (find("ticket_id")?, find("at")?, find("type")?);
    let mut table = Events::new(&columns[id].1, &columns[t].1, &columns[ty].1).map_err(raise)?;
    for (i, (name, column, _)) in columns.iter().enumerate() {
        if i != id && i != t && i != ty {
            table = table
                .with_column(name, column as &dyn Column)
                .map_err(raise)?;
        }
    }
    let report = py.detach(|| target.evaluate(&table, &at)).map_err(raise)?;
    if raise_first {
        if let Some((i, e)) = report.first_error() {
            let shown = match columns[id].1.cell(report.tickets.row[i]) {
                Some(Cell::Text(s)) => format!("{s:?}"),
                Some(Cell::Int(n) | Cell::Instant(n)) => n.to_string(),
                None => "null".to_string(),
            };
            let err = raise(e.clone());
            let note = format!("in the ticket with ticket_id {shown}");
            let _ = err.value(py).call_method1("add_note", (note,));
            return Err(err);
        }
    }
    let ids = concat(schema.field(id).data_type(), &columns[id].2).map_err(arrow_error)?;
    let zone = target.zone();
    let tickets = tickets_batch(&report, &ids, &zone, matches!(target, Target::Set(_)))
        .map_err(arrow_error)?;
    let metrics = metrics_batch(report, &ids, &zone).map_err(arrow_error)?;
    PyTuple::new(py, [write(py, metrics, kind)?, write(py, tickets, kind)?])
}

/// The input as an Arrow table: pandas through pyarrow (without its index,
/// which is no event column), everything else through its PyCapsule.
fn read(py: Python<'_>, events: &Bound<'_, PyAny>, kind: Kind) -> PyResult<PyTable> {
    let source = if kind == Kind::Pandas {
        py.import("pyarrow")?.getattr("Table")?.call_method(
            "from_pandas",
            (events,),
            Some(&[("preserve_index", false)].into_py_dict(py)?),
        )?
    } else {
        events.clone()
    };
    let any: AnyRecordBatch = source.extract().map_err(|_| {
        crate::error::wrong_type(
            "an events table (pyarrow Table, Polars or pandas DataFrame, or any object with __arrow_c_stream__)",
            events,
        )
    })?;
    Ok(any.into_table()?)
}

/// The output in the input's frame kind.
fn write<'py>(py: Python<'py>, batch: RecordBatch, kind: Kind) -> PyResult<Bound<'py, PyAny>> {
    let schema = batch.schema();
    let table = PyTable::try_new(vec![batch], schema)?;
    let table = table.into_pyarrow(py);
    match kind {
        Kind::Arrow | Kind::Other => table,
        Kind::Polars => py.import("polars")?.call_method1("from_arrow", (table?,)),
        Kind::Pandas => table?.call_method0("to_pandas"),
    }
}

fn arrow_error(e: ArrowError) -> PyErr {
    InputError::new_err(e.to_string())
}

/// The chunks of a column of type `data_type` as one array (an empty one
/// for a table without batches).
fn concat(data_type: &DataType, chunks: &[ArrayRef]) -> Result<ArrayRef, ArrowError> {
    match chunks {
        [] => Ok(arrow_array::new_empty_array(data_type)),
        [one] => Ok(one.clone()),
        many => {
            let refs: Vec<&dyn arrow_array::Array> = many.iter().map(|c| c.as_ref()).collect();
            arrow_select::concat::concat(&refs)
        }
    }
}

fn texts<'a>(v: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(v.collect::<StringArray>())
}

fn metrics_batch(r: TableReport, ids: &ArrayRef, zone: &str) -> Result<RecordBatch, ArrowError> {
    let m = r.metrics;
    let rows: UInt64Array = m.ticket.iter().map(|&t| r.tickets.row[t] as u64).collect();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("ticket_id", arrow_select::take::take(ids, &rows, None)?),
        ("metric", texts(m.metric.iter().map(|t| Some(t.as_str())))),
        (
            "cycle",
            Arc::new(m.cycle.iter().copied().collect::<UInt32Array>()),
        ),
        ("state", texts(m.state.iter().map(|s| Some(s.as_str())))),
        ("started_at", timestamps(&m.started_at, zone)),
        ("stopped_at", timestamps(&m.stopped_at, zone)),
        ("deadline", timestamps(&m.deadline, zone)),
        ("breached_at", timestamps(&m.breached_at, zone)),
        (
            "worked_seconds",
            Arc::new(Int64Array::from(m.worked_seconds)),
        ),
        (
            "remaining_seconds",
            Arc::new(m.remaining_seconds.iter().copied().collect::<Int64Array>()),
        ),
        (
            "percent_used",
            Arc::new(m.percent_used.iter().copied().collect::<Float64Array>()),
        ),
    ];
    batch(columns)
}

fn tickets_batch(
    r: &TableReport,
    ids: &ArrayRef,
    zone: &str,
    set: bool,
) -> Result<RecordBatch, ArrowError> {
    let t = &r.tickets;
    let rows: UInt64Array = t.row.iter().map(|&i| i as u64).collect();
    let opt = |v: &[Option<Text>]| texts(v.iter().map(|t| t.as_deref()));
    let mut columns: Vec<(&str, ArrayRef)> =
        vec![("ticket_id", arrow_select::take::take(ids, &rows, None)?)];
    if set {
        columns.push(("policy", opt(&t.policy)));
        columns.push(("rule", opt(&t.rule)));
    }
    let errors: Vec<Option<String>> = t
        .error
        .iter()
        .map(|e| e.as_ref().map(|e| e.to_string()))
        .collect();
    columns.extend([
        (
            "status",
            texts(t.status.iter().map(|s| s.map(|s| s.as_str()))),
        ),
        ("priority", opt(&t.priority)),
        ("category", opt(&t.category)),
        ("helpdesk_status", opt(&t.helpdesk_status)),
        ("next_change_at", timestamps(&t.next_change_at, zone)),
        (
            "error_kind",
            texts(
                t.error
                    .iter()
                    .map(|e| e.as_ref().map(|e| e.kind().as_str())),
            ),
        ),
        ("error_message", texts(errors.iter().map(|e| e.as_deref()))),
    ]);
    batch(columns)
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}
