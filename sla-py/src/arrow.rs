//! Arrow columns in and out: any object with `__arrow_c_array__` or
//! `__arrow_c_stream__` (pyarrow, Polars, pandas, DuckDB, arro3, nanoarrow)
//! read without a copy through pyo3-arrow, and the core's columns written
//! back as Arrow arrays.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{Array, ArrayRef, GenericStringArray, Int64Array, StringViewArray};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, TimeUnit};
use pyo3::prelude::*;
use sla_core::table::{Cell, Column};

use crate::error::InputError;

/// One column of a table (one or several chunks), read as the core's
/// [`Column`].
#[derive(Debug)]
pub struct ArrowColumn {
    chunks: Chunks,
    /// The first row of each chunk, then the length.
    starts: Vec<usize>,
}

#[derive(Debug)]
enum Chunks {
    Utf8(Vec<GenericStringArray<i32>>),
    LargeUtf8(Vec<GenericStringArray<i64>>),
    View(Vec<StringViewArray>),
    Int(Vec<Int64Array>),
    /// Instants as integers of `per_second` units.
    Time {
        values: Vec<(ScalarBuffer<i64>, Option<NullBuffer>)>,
        per_second: i64,
    },
    Null,
}

impl ArrowColumn {
    /// The chunks of one column of type `data_type` (none for a table
    /// without rows), named `name` in messages.
    pub fn new(name: &str, data_type: &DataType, chunks: &[ArrayRef]) -> PyResult<ArrowColumn> {
        let mut starts = Vec::with_capacity(chunks.len() + 1);
        let mut n = 0;
        for c in chunks {
            starts.push(n);
            n += c.len();
        }
        starts.push(n);
        let cast = |to: &DataType| -> PyResult<Vec<ArrayRef>> {
            chunks
                .iter()
                .map(|c| arrow_cast::cast(c, to))
                .collect::<Result<_, _>>()
                .map_err(|e| unreadable(name, data_type, &e.to_string()))
        };
        let kind = match data_type {
            DataType::Null => Chunks::Null,
            DataType::Utf8 => Chunks::Utf8(
                chunks
                    .iter()
                    .map(|c| c.as_string::<i32>().clone())
                    .collect(),
            ),
            DataType::LargeUtf8 => Chunks::LargeUtf8(
                chunks
                    .iter()
                    .map(|c| c.as_string::<i64>().clone())
                    .collect(),
            ),
            DataType::Utf8View => {
                Chunks::View(chunks.iter().map(|c| c.as_string_view().clone()).collect())
            }
            DataType::Int64 => Chunks::Int(
                chunks
                    .iter()
                    .map(|c| c.as_primitive::<Int64Type>().clone())
                    .collect(),
            ),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => Chunks::Int(
                cast(&DataType::Int64)?
                    .iter()
                    .map(|c| c.as_primitive::<Int64Type>().clone())
                    .collect(),
            ),
            DataType::Timestamp(unit, zone) => {
                if zone.is_none() {
                    return Err(InputError::new_err(format!(
                        "column {name:?} holds timestamps without a time zone: the engine works on \
                         instants only; give the column its zone (e.g. pandas' \
                         .dt.tz_localize(\"Europe/Moscow\"), Polars' .dt.replace_time_zone(...))"
                    )));
                }
                let (values, per_second) = match unit {
                    TimeUnit::Second => (parts::<TimestampSecondType>(chunks), 1),
                    TimeUnit::Millisecond => (parts::<TimestampMillisecondType>(chunks), 1_000),
                    TimeUnit::Microsecond => (parts::<TimestampMicrosecondType>(chunks), 1_000_000),
                    TimeUnit::Nanosecond => {
                        (parts::<TimestampNanosecondType>(chunks), 1_000_000_000)
                    }
                };
                Chunks::Time { values, per_second }
            }
            // Dictionaries (pandas' and Polars' categoricals), booleans and
            // the like: their text, copied once.
            _ => Chunks::LargeUtf8(
                cast(&DataType::LargeUtf8)?
                    .iter()
                    .map(|c| c.as_string::<i64>().clone())
                    .collect(),
            ),
        };
        Ok(ArrowColumn {
            chunks: kind,
            starts,
        })
    }

    /// The chunk of `row` and the row's index in it.
    fn locate(&self, row: usize) -> (usize, usize) {
        if self.starts.len() == 2 {
            return (0, row);
        }
        let c = self.starts.partition_point(|&s| s <= row) - 1;
        (c, row - self.starts[c])
    }
}

fn parts<T: arrow_array::ArrowPrimitiveType<Native = i64>>(
    chunks: &[ArrayRef],
) -> Vec<(ScalarBuffer<i64>, Option<NullBuffer>)> {
    chunks
        .iter()
        .map(|c| {
            let a = c.as_primitive::<T>();
            (a.values().clone(), a.nulls().cloned())
        })
        .collect()
}

fn unreadable(name: &str, data_type: &DataType, why: &str) -> PyErr {
    InputError::new_err(format!(
        "column {name:?} of type {data_type} cannot be read as text, integers or instants: {why}"
    ))
}

/// Whole seconds, a fraction rounded up (as the engine rounds instants).
pub fn ceil_seconds(v: i64, per_second: i64) -> i64 {
    v.div_euclid(per_second) + i64::from(v.rem_euclid(per_second) > 0)
}

impl Column for ArrowColumn {
    fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    fn cell(&self, row: usize) -> Option<Cell<'_>> {
        let (c, i) = self.locate(row);
        match &self.chunks {
            Chunks::Utf8(v) => text(&v[c], i),
            Chunks::LargeUtf8(v) => text(&v[c], i),
            Chunks::View(v) => {
                let a = &v[c];
                (!a.is_null(i)).then(|| Cell::Text(a.value(i)))
            }
            Chunks::Int(v) => {
                let a = &v[c];
                (!a.is_null(i)).then(|| Cell::Int(a.value(i)))
            }
            Chunks::Time { values, per_second } => {
                let (v, nulls) = &values[c];
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    return None;
                }
                Some(Cell::Instant(ceil_seconds(v[i], *per_second)))
            }
            Chunks::Null => None,
        }
    }
}

fn text<O: arrow_array::OffsetSizeTrait>(a: &GenericStringArray<O>, i: usize) -> Option<Cell<'_>> {
    (!a.is_null(i)).then(|| Cell::Text(a.value(i)))
}

/// A column of instants (epoch seconds) as an Arrow `timestamp[us, zone]`.
pub fn timestamps(values: &[Option<i64>], zone: &str) -> ArrayRef {
    let a: arrow_array::TimestampMicrosecondArray = values
        .iter()
        .map(|v| v.and_then(|s| s.checked_mul(1_000_000)))
        .collect();
    Arc::new(a.with_timezone(zone))
}
