//! Working time over many items at once: the bulk calls of the bindings
//! (`Calendar.add_many` / `addMany`, `between_many` / `betweenMany`) as
//! loops over UTC seconds, with one rule for missing values.
//!
//! # Missing values
//!
//! An item whose instant or duration is missing (`None`: numpy's NaT,
//! Python's `None`, JavaScript's `null` or `NaN`, an Arrow null) gives a
//! missing result; every other item gives exactly what the single call
//! gives for it. The first item that fails ends the call with that item's
//! error.
//!
//! Two forms hold the items: `Option<i64>` (`None` missing: the `*_many`
//! calls) and plain `i64` with [`MISSING`] (`i64::MIN`, numpy's NaT) for a
//! missing item (the `*_column` calls, which write into a buffer the
//! caller owns, such as a new numpy or Arrow array, and need no
//! `Option` buffer of 16 bytes an item). `i64::MIN` seconds lies far
//! outside the supported range, so no instant, duration or result is
//! mistaken for it.
//!
//! # Lengths
//!
//! Inputs that pair up item by item must be equally long; otherwise the
//! call fails with [`Error::LengthMismatch`] before computing anything.

use chrono::DateTime;

use crate::amount::Amount;
use crate::calendar::{in_range, Calendar};
use crate::data::snake_names;
use crate::error::{Error, Result};

/// A missing item in the `*_column` calls' slices: `i64::MIN`, which is
/// numpy's NaT.
pub const MISSING: i64 = i64::MIN;

/// An item of a bulk call: `Option<i64>` (`None` missing) or `i64`
/// ([`MISSING`] missing). The loops are generic over it, so both forms
/// follow one rule.
trait Item: Copy {
    fn value(self) -> Option<i64>;
    fn of(v: Option<i64>) -> Self;
}

impl Item for i64 {
    #[inline(always)]
    fn value(self) -> Option<i64> {
        (self != MISSING).then_some(self)
    }
    #[inline(always)]
    fn of(v: Option<i64>) -> i64 {
        v.unwrap_or(MISSING)
    }
}

impl Item for Option<i64> {
    #[inline(always)]
    fn value(self) -> Option<i64> {
        self
    }
    #[inline(always)]
    fn of(v: Option<i64>) -> Option<i64> {
        v
    }
}

/// The durations of a bulk addition: one for every item, or one per item
/// (`None` where it is missing).
///
/// # Examples
/// ```
/// use sla_core::chrono::TimeDelta;
/// use sla_core::{Amount, Durations};
///
/// let four_hours = Amount::from(TimeDelta::hours(4));
/// let one = Durations::One(four_hours);
/// assert_eq!(one.get(7), Some(four_hours));
/// let each = [Some(four_hours), None];
/// assert_eq!(Durations::Each(&each).get(1), None);
/// assert_eq!(Durations::Each(&each).per_item(), Some(2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durations<'a> {
    /// The same duration for every item.
    One(Amount),
    /// A missing duration for every item (`None` or NaT given for all):
    /// every result is missing.
    Missing,
    /// One duration per item.
    Each(&'a [Option<Amount>]),
    /// One duration of working time per item, as whole seconds
    /// ([`MISSING`] where missing) and the nanoseconds after each (one per
    /// item, or empty when all are 0): how numpy's `timedelta64` arrays
    /// and Arrow's duration arrays hold them, read without an [`Amount`]
    /// per item.
    Seconds(&'a [i64], &'a [u32]),
}

impl Durations<'_> {
    /// Item `i`'s duration: `None` where it is missing (or beyond the
    /// slice).
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Amount, Durations};
    ///
    /// let d: Amount = "2 working days".parse()?;
    /// assert_eq!(Durations::One(d).get(0), Some(d));
    /// assert_eq!(Durations::Each(&[]).get(0), None);
    /// assert_eq!(Durations::Missing.get(0), None);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, i: usize) -> Option<Amount> {
        match self {
            Durations::One(d) => Some(*d),
            Durations::Missing => None,
            Durations::Each(v) => v.get(i).copied().flatten(),
            Durations::Seconds(secs, nanos) => {
                let s = secs.get(i).copied().filter(|&s| s != MISSING)?;
                let n = nanos.get(i).copied().unwrap_or(0);
                // Beyond a TimeDelta: as far as one goes (beyond every horizon).
                let d = chrono::TimeDelta::new(s, n.min(999_999_999)).unwrap_or(if s < 0 {
                    chrono::TimeDelta::MIN
                } else {
                    chrono::TimeDelta::MAX
                });
                Some(Amount::Working(d))
            }
        }
    }

    /// The number of durations given one per item; `None` for one duration
    /// for all.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{Amount, Durations};
    ///
    /// assert_eq!(Durations::One("4h".parse()?).per_item(), None);
    /// assert_eq!(Durations::Each(&[None, None, None]).per_item(), Some(3));
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn per_item(&self) -> Option<usize> {
        match self {
            Durations::One(_) | Durations::Missing => None,
            Durations::Each(v) => Some(v.len()),
            Durations::Seconds(v, _) => Some(v.len()),
        }
    }
}

/// [`Error::LengthMismatch`] unless `a` and `b` are equally long.
///
/// # Errors
/// [`Error::LengthMismatch`] naming both inputs and their lengths.
///
/// # Examples
/// ```
/// use sla_core::{same_length, ErrorKind};
///
/// assert!(same_length("starts", 3, "ends", 3).is_ok());
/// let err = same_length("starts", 3, "ends", 2).unwrap_err();
/// assert_eq!(err.to_string(), "starts and ends differ in length: 3 and 2");
/// assert_eq!(err.kind(), ErrorKind::Input);
/// ```
pub fn same_length(first: &'static str, a: usize, second: &'static str, b: usize) -> Result<()> {
    if a == b {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            first,
            first_len: a,
            second,
            second_len: b,
        })
    }
}

impl Calendar {
    /// [`Calendar::add_amount`] of many instants (UTC seconds, `None` where
    /// one is missing) and the nanoseconds after each (`nanos`: one per
    /// instant, or empty when all are 0): missing in, missing out (see
    /// [`crate::bulk`]). [`Calendar::add_column`] is the same over plain
    /// `i64`s.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `nanos` (unless empty) or the
    /// durations given per item are not as many as `times`; else the error
    /// of the first item that fails.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Durations};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let four_hours = Durations::One("4h".parse()?);
    /// assert_eq!(cal.add_many(&[Some(friday), None], &[], four_hours)?, [Some(monday), None]);
    /// // One duration per item; a missing one gives a missing result.
    /// let each = [Some("3h".parse()?), None];
    /// let r = cal.add_many(&[Some(friday), Some(friday)], &[], Durations::Each(&each))?;
    /// assert_eq!(r, [Some(friday + 3 * 3600), None]);
    /// assert!(cal.add_many(&[Some(friday)], &[], Durations::Each(&[])).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_many(
        &self,
        times: &[Option<i64>],
        nanos: &[u32],
        durations: Durations<'_>,
    ) -> Result<Vec<Option<i64>>> {
        let mut out = times.to_vec();
        self.count(times, nanos, durations, false, &mut out)?;
        Ok(out)
    }

    /// [`Calendar::add_many`] over plain `i64`s, [`MISSING`] where an item
    /// is missing, written into `out` (for bindings that hand the engine
    /// an array's memory: numpy's `datetime64`, Arrow's timestamps).
    ///
    /// # Errors
    /// As [`Calendar::add_many`]; [`Error::LengthMismatch`] when `out` is
    /// not as long as `times`. `out` is then partly written.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Durations, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let mut out = [0; 3];
    /// // Working seconds per item, as numpy's timedelta64 arrays hold them.
    /// let each = Durations::Seconds(&[3600, MISSING, 60], &[]);
    /// cal.add_column(&[friday, friday, MISSING], &[], each, &mut out)?;
    /// assert_eq!(out, [friday + 3600, MISSING, MISSING]);
    /// let err = cal.add_column(&[friday], &[], each, &mut out).unwrap_err();
    /// assert_eq!(err.to_string(), "times and durations differ in length: 1 and 3");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_column(
        &self,
        times: &[i64],
        nanos: &[u32],
        durations: Durations<'_>,
        out: &mut [i64],
    ) -> Result<()> {
        self.count(times, nanos, durations, false, out)
    }

    /// [`Calendar::sub_amount`] of many instants, as
    /// [`Calendar::add_many`] adds them.
    ///
    /// # Errors
    /// As [`Calendar::add_many`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Durations};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let r = cal.sub_many(&[Some(monday), None], &[], Durations::One("4h".parse()?))?;
    /// assert_eq!(r, [Some(friday), None]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn sub_many(
        &self,
        times: &[Option<i64>],
        nanos: &[u32],
        durations: Durations<'_>,
    ) -> Result<Vec<Option<i64>>> {
        let mut out = times.to_vec();
        self.count(times, nanos, durations, true, &mut out)?;
        Ok(out)
    }

    /// [`Calendar::sub_many`] over plain `i64`s, as
    /// [`Calendar::add_column`].
    ///
    /// # Errors
    /// As [`Calendar::add_column`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Durations, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let mut out = [0; 2];
    /// cal.sub_column(&[monday, MISSING], &[], Durations::One("4h".parse()?), &mut out)?;
    /// assert_eq!(out, [friday, MISSING]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn sub_column(
        &self,
        times: &[i64],
        nanos: &[u32],
        durations: Durations<'_>,
        out: &mut [i64],
    ) -> Result<()> {
        self.count(times, nanos, durations, true, out)
    }

    /// [`Calendar::between_seconds`] of many pairs (UTC seconds, `None`
    /// where one is missing): missing in, missing out.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `starts` and `ends` differ in length;
    /// else the error of the first pair that fails.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let r = cal.between_many(&[Some(friday), Some(monday), None], &[Some(monday), Some(friday), Some(friday)])?;
    /// assert_eq!(r, [Some(7200), Some(-7200), None]);
    /// let err = cal.between_many(&[Some(friday)], &[]).unwrap_err();
    /// assert_eq!(err.to_string(), "starts and ends differ in length: 1 and 0");
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn between_many(
        &self,
        starts: &[Option<i64>],
        ends: &[Option<i64>],
    ) -> Result<Vec<Option<i64>>> {
        let mut out = starts.to_vec();
        self.between_each(starts, ends, &mut out)?;
        Ok(out)
    }

    /// [`Calendar::between_many`] over plain `i64`s, [`MISSING`] where an
    /// item is missing, written into `out`.
    ///
    /// # Errors
    /// As [`Calendar::between_many`]; [`Error::LengthMismatch`] when `out`
    /// is not as long as `starts`. `out` is then partly written.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let mut out = [0; 2];
    /// cal.between_column(&[friday, MISSING], &[monday, monday], &mut out)?;
    /// assert_eq!(out, [7200, MISSING]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn between_column(&self, starts: &[i64], ends: &[i64], out: &mut [i64]) -> Result<()> {
        self.between_each(starts, ends, out)
    }

    /// [`Calendar::is_working`] of many instants (UTC seconds, [`MISSING`]
    /// where one is missing): `None` for a missing one.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `out` is not as long as `times`; else
    /// the error of the first instant that fails.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// let mut out = [None; 3];
    /// cal.is_working_column(&[friday, friday + 3600, MISSING], &mut out)?;
    /// assert_eq!(out, [Some(true), Some(false), None]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn is_working_column(&self, times: &[i64], out: &mut [Option<bool>]) -> Result<()> {
        same_length("times", times.len(), "out", out.len())?;
        for (o, &t) in out.iter_mut().zip(times) {
            *o = t.value().map(|t| self.is_working_seconds(t)).transpose()?;
        }
        Ok(())
    }

    /// [`Calendar::next_opening`] of many instants (UTC seconds,
    /// [`MISSING`] where one is missing), in UTC seconds.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when `out` is not as long as `times`; else
    /// the error of the first instant that fails.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T12:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T09:00:00+03:00")?.timestamp();
    /// let mut out = [0; 2];
    /// cal.next_opening_column(&[friday, MISSING], &mut out)?;
    /// assert_eq!(out, [monday, MISSING]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_opening_column(&self, times: &[i64], out: &mut [i64]) -> Result<()> {
        self.each(times, out, Calendar::next_opening)
    }

    /// [`Calendar::next_closing`] of many instants, as
    /// [`Calendar::next_opening_column`].
    ///
    /// # Errors
    /// As [`Calendar::next_opening_column`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T12:00:00+03:00")?.timestamp();
    /// let mut out = [0; 2];
    /// cal.next_closing_column(&[MISSING, friday], &mut out)?;
    /// assert_eq!(out, [MISSING, friday + 6 * 3600]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_closing_column(&self, times: &[i64], out: &mut [i64]) -> Result<()> {
        self.each(times, out, Calendar::next_closing)
    }

    /// [`Calendar::next_working`] of many instants, as
    /// [`Calendar::next_opening_column`].
    ///
    /// # Errors
    /// As [`Calendar::next_opening_column`].
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, MISSING};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T12:00:00+03:00")?.timestamp();
    /// let night = parse_instant("2026-03-06T20:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T09:00:00+03:00")?.timestamp();
    /// let mut out = [0; 3];
    /// cal.next_working_column(&[friday, night, MISSING], &mut out)?;
    /// assert_eq!(out, [friday, monday, MISSING]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn next_working_column(&self, times: &[i64], out: &mut [i64]) -> Result<()> {
        self.each(times, out, Calendar::next_working)
    }

    /// `f` of each instant present, in UTC seconds.
    fn each<F, Z>(&self, times: &[i64], out: &mut [i64], f: F) -> Result<()>
    where
        F: Fn(&Calendar, &DateTime<chrono::Utc>) -> Result<DateTime<Z>>,
        Z: chrono::TimeZone,
    {
        same_length("times", times.len(), "out", out.len())?;
        for (o, &t) in out.iter_mut().zip(times) {
            *o = match t.value() {
                Some(t) => {
                    let at = DateTime::from_timestamp(in_range(t)?, 0)
                        .ok_or_else(|| Error::out_of_range(t))?;
                    f(self, &at)?.timestamp()
                }
                None => MISSING,
            };
        }
        Ok(())
    }

    /// The working seconds between each pair, written into `out`.
    fn between_each<T: Item>(&self, starts: &[T], ends: &[T], out: &mut [T]) -> Result<()> {
        same_length("starts", starts.len(), "ends", ends.len())?;
        same_length("starts", starts.len(), "out", out.len())?;
        for ((o, a), b) in out.iter_mut().zip(starts).zip(ends) {
            *o = T::of(match (a.value(), b.value()) {
                (Some(a), Some(b)) => Some(self.between_seconds(a, b)?),
                _ => None,
            });
        }
        Ok(())
    }

    /// An addition (or a subtraction, `backward`) of each item, written
    /// into `out`. Whole seconds of working time from whole seconds, the
    /// common case, go straight to [`Calendar::add_seconds`], which is what
    /// `add_amount` and `sub_amount` call for them.
    fn count<T: Item>(
        &self,
        times: &[T],
        nanos: &[u32],
        durations: Durations<'_>,
        backward: bool,
        out: &mut [T],
    ) -> Result<()> {
        if !nanos.is_empty() {
            same_length("times", times.len(), "nanos", nanos.len())?;
        }
        if let Some(n) = durations.per_item() {
            same_length("times", times.len(), "durations", n)?;
        }
        if let Durations::Seconds(secs, d_nanos) = durations {
            if !d_nanos.is_empty() {
                same_length("durations", secs.len(), "their nanos", d_nanos.len())?;
            }
        }
        same_length("times", times.len(), "out", out.len())?;
        let whole = |t: i64, d: i64| match backward {
            false => self.add_seconds(t, d),
            true => self.add_seconds(t, d.saturating_neg()),
        };
        match durations {
            Durations::Seconds(secs, []) if nanos.is_empty() => {
                for ((o, t), &d) in out.iter_mut().zip(times).zip(secs) {
                    *o = T::of(match (t.value(), d) {
                        (Some(t), d) if d != MISSING => Some(whole(t, d)?),
                        _ => None,
                    });
                }
            }
            Durations::One(Amount::Working(d)) if nanos.is_empty() && d.subsec_nanos() == 0 => {
                let d = d.num_seconds();
                for (o, t) in out.iter_mut().zip(times) {
                    *o = T::of(t.value().map(|t| whole(t, d)).transpose()?);
                }
            }
            _ => {
                let count = if backward {
                    Calendar::sub_amount
                } else {
                    Calendar::add_amount
                };
                for (i, (o, t)) in out.iter_mut().zip(times).enumerate() {
                    let f = nanos.get(i).copied().unwrap_or(0);
                    *o = T::of(match (t.value(), durations.get(i)) {
                        (Some(t), Some(d)) => Some(count(self, t, f, d)?),
                        _ => None,
                    });
                }
            }
        }
        Ok(())
    }
}

/// The unit of a column of integer ticks, as numpy (`datetime64[ms]`) and
/// Arrow (`timestamp[ms]`) name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickUnit {
    /// Seconds (`s`).
    Second,
    /// Milliseconds (`ms`).
    Millisecond,
    /// Microseconds (`us`).
    Microsecond,
    /// Nanoseconds (`ns`).
    Nanosecond,
}

snake_names!(TickUnit {
    Second => "s",
    Millisecond => "ms",
    Microsecond => "us",
    Nanosecond => "ns",
});

impl TickUnit {
    /// The unit with that [`name`](TickUnit::as_str); `None` for any other
    /// (numpy's days, minutes or picoseconds, which it converts itself).
    ///
    /// # Examples
    /// ```
    /// use sla_core::TickUnit;
    ///
    /// assert_eq!(TickUnit::from_name("us"), Some(TickUnit::Microsecond));
    /// assert_eq!(TickUnit::from_name("D"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<TickUnit> {
        [
            Self::Second,
            Self::Millisecond,
            Self::Microsecond,
            Self::Nanosecond,
        ]
        .into_iter()
        .find(|u| u.as_str() == name)
    }

    /// Ticks in a second.
    pub fn per_second(self) -> i64 {
        match self {
            TickUnit::Second => 1,
            TickUnit::Millisecond => 1_000,
            TickUnit::Microsecond => 1_000_000,
            TickUnit::Nanosecond => 1_000_000_000,
        }
    }
}

/// Appends integer ticks of `unit` (instants since the epoch, or
/// durations) to `secs` as whole seconds, floored, and to `nanos` as the
/// nanoseconds after them: the two slices the `*_column` calls take. An
/// item for which `missing(i)` holds is [`MISSING`]. `nanos` stays empty
/// while every part is 0 (and is filled up with zeros once one is not),
/// so that columns without sub-second parts take the fast paths. Call it
/// once per chunk of a chunked column.
///
/// # Examples
/// ```
/// use sla_core::{append_ticks, TickUnit, MISSING};
///
/// let (mut secs, mut nanos) = (Vec::new(), Vec::new());
/// append_ticks(&[2_000, 0, -1], TickUnit::Millisecond, |i| i == 1, &mut secs, &mut nanos);
/// assert_eq!(secs, [2, MISSING, -1]);
/// assert_eq!(nanos, [0, 0, 999_000_000]);
/// ```
pub fn append_ticks(
    ticks: &[i64],
    unit: TickUnit,
    missing: impl Fn(usize) -> bool,
    secs: &mut Vec<i64>,
    nanos: &mut Vec<u32>,
) {
    // One loop per unit, so that the divisions by a constant compile to
    // multiplications.
    match unit {
        TickUnit::Second => split::<1>(ticks, missing, secs, nanos),
        TickUnit::Millisecond => split::<1_000>(ticks, missing, secs, nanos),
        TickUnit::Microsecond => split::<1_000_000>(ticks, missing, secs, nanos),
        TickUnit::Nanosecond => split::<1_000_000_000>(ticks, missing, secs, nanos),
    }
}

/// [`append_ticks`] of ticks of `1 / PER` s.
fn split<const PER: i64>(
    ticks: &[i64],
    missing: impl Fn(usize) -> bool,
    secs: &mut Vec<i64>,
    nanos: &mut Vec<u32>,
) {
    // PER divides 10^9: the scaled part is below 10^9.
    let scale = (1_000_000_000 / PER) as u32;
    secs.reserve(ticks.len());
    for (i, &v) in ticks.iter().enumerate() {
        let (s, f) = match missing(i) {
            true => (MISSING, 0),
            false => (v.div_euclid(PER), v.rem_euclid(PER) as u32 * scale),
        };
        secs.push(s);
        if f != 0 && nanos.is_empty() {
            nanos.resize(secs.len() - 1, 0);
        }
        if f != 0 || !nanos.is_empty() {
            nanos.push(f);
        }
    }
}

/// Whole seconds as ticks of `unit`, in place; [`MISSING`] stays.
///
/// # Errors
/// [`Error::OutOfSupportedRange`] for a value the unit cannot hold in 64
/// bits.
///
/// # Examples
/// ```
/// use sla_core::{to_ticks, TickUnit, MISSING};
///
/// let mut values = [3, MISSING];
/// to_ticks(&mut values, TickUnit::Millisecond)?;
/// assert_eq!(values, [3_000, MISSING]);
/// assert!(to_ticks(&mut [i64::MAX / 10], TickUnit::Nanosecond).is_err());
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn to_ticks(values: &mut [i64], unit: TickUnit) -> Result<()> {
    let per = unit.per_second();
    for v in values.iter_mut().filter(|v| **v != MISSING) {
        *v = v.checked_mul(per).ok_or_else(|| {
            Error::OutOfSupportedRange(format!("a result of {v} s is beyond the unit {unit}"))
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta};

    use super::*;
    use crate::work_time::WorkingDaysMeaning;

    fn cal() -> Calendar {
        Calendar::parse("Mon-Fri 09:00-13:00,14:00-18:00 Europe/Moscow +ru").expect("a calendar")
    }

    /// Instants across two years, on and off working hours, with and
    /// without a fraction of a second.
    fn instants() -> Vec<(i64, u32)> {
        let start = 1_767_225_600; // 2026-01-01T00:00:00Z
        (0..400i64)
            .map(|i| {
                (
                    start + i * 7_919 * 13,
                    [0, 1, 499_999_999, 999_999_999][i as usize % 4],
                )
            })
            .collect()
    }

    /// Ticks of every unit split into floored seconds and the part after
    /// them, chunk after chunk, against the integer arithmetic done by
    /// hand; the nanoseconds are filled up with zeros only once a part is
    /// not 0, and seconds come back from `to_ticks` exactly.
    #[test]
    fn ticks_split_into_seconds_and_nanoseconds() {
        let values = [0, 1, -1, 999, -1_000, 1_767_225_600_123, i64::MIN + 1, 7];
        for unit in [
            TickUnit::Second,
            TickUnit::Millisecond,
            TickUnit::Microsecond,
            TickUnit::Nanosecond,
        ] {
            let per = unit.per_second();
            assert_eq!(TickUnit::from_name(unit.as_str()), Some(unit));
            let (mut secs, mut nanos) = (Vec::new(), Vec::new());
            // Two chunks; the last item of each is missing.
            for chunk in values.chunks(4) {
                append_ticks(chunk, unit, |i| i == 3, &mut secs, &mut nanos);
            }
            assert_eq!(secs.len(), values.len());
            assert!(nanos.is_empty() || nanos.len() == values.len(), "{unit}");
            for (i, &v) in values.iter().enumerate() {
                let n = nanos.get(i).copied().unwrap_or(0);
                if i % 4 == 3 {
                    assert_eq!((secs[i], n), (MISSING, 0), "{unit} {i}");
                    continue;
                }
                let whole = v.div_euclid(per);
                let part = v.rem_euclid(per) * (1_000_000_000 / per);
                assert_eq!((secs[i], i64::from(n)), (whole, part), "{unit} {v}");
            }
            let mut whole: Vec<i64> = vec![-3, 0, MISSING, 1_767_225_600];
            to_ticks(&mut whole, unit).expect("in range");
            assert_eq!(whole, [-3 * per, 0, MISSING, 1_767_225_600 * per]);
        }
        let (mut secs, mut nanos) = (Vec::new(), Vec::new());
        append_ticks(
            &[5, 6],
            TickUnit::Millisecond,
            |_| false,
            &mut secs,
            &mut Vec::new(),
        );
        append_ticks(
            &[5_000, 6_000],
            TickUnit::Millisecond,
            |_| false,
            &mut secs,
            &mut nanos,
        );
        assert_eq!((secs, nanos.len()), (vec![0, 0, 5, 6], 0));
        let err = to_ticks(&mut [i64::MAX / 2], TickUnit::Millisecond).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Range);
    }

    #[test]
    fn each_item_is_the_single_call() {
        let cal = cal();
        let amounts = [
            Amount::Working(TimeDelta::hours(4)),
            Amount::Working(TimeDelta::milliseconds(-5_500)),
            Amount::Working(TimeDelta::zero()),
            Amount::WorkingDays(2, WorkingDaysMeaning::Length),
            Amount::WorkingDays(1, WorkingDaysMeaning::EndOfDay),
            Amount::Calendar(TimeDelta::milliseconds(1_500)),
            Amount::Calendar(TimeDelta::milliseconds(-1_500)),
        ];
        let times: Vec<Option<i64>> = instants().iter().map(|&(t, _)| Some(t)).collect();
        let nanos: Vec<u32> = instants().iter().map(|&(_, n)| n).collect();
        for d in amounts {
            let added = cal
                .add_many(&times, &nanos, Durations::One(d))
                .expect("added");
            let taken = cal.sub_many(&times, &nanos, Durations::One(d));
            for (i, &(t, n)) in instants().iter().enumerate() {
                let exact = DateTime::from_timestamp(t, n).expect("an instant");
                let want = match d {
                    Amount::Working(d) => cal.add(&exact, d).expect("add").timestamp(),
                    Amount::WorkingDays(n, m) => cal
                        .add_working_days(&exact, n, m)
                        .expect("days")
                        .timestamp(),
                    Amount::Calendar(d) => {
                        let r = exact + d;
                        let up = r.timestamp_subsec_nanos() > 0 && d >= TimeDelta::zero();
                        r.timestamp() + i64::from(up)
                    }
                };
                assert_eq!(added[i], Some(want), "{d:?} after {exact}");
                if let (Amount::Working(d), Ok(taken)) = (d, &taken) {
                    let want = cal.sub(&exact, d).expect("sub").timestamp();
                    assert_eq!(taken[i], Some(want), "{d:?} before {exact}");
                }
            }
        }
    }

    #[test]
    fn missing_in_missing_out() {
        let cal = cal();
        let t = 1_772_794_800; // 2026-03-06T11:00:00Z
        let each = [None, Some(Amount::Working(TimeDelta::hours(1))), None];
        let r = cal
            .add_many(&[Some(t), None, Some(t)], &[], Durations::Each(&each))
            .expect("added");
        assert_eq!(r, [None, None, None]);
        let r = cal
            .between_many(&[None, Some(t)], &[Some(t), None])
            .expect("between");
        assert_eq!(r, [None, None]);
        assert_eq!(
            cal.add_many(&[], &[], Durations::Each(&[])).expect("empty"),
            []
        );
        // A missing duration for all: every result is missing, either way.
        let r = cal.sub_many(&[Some(t), None], &[0, 5], Durations::Missing);
        assert_eq!(r.expect("subtracted"), [None, None]);
        let mut out = [0; 2];
        cal.add_column(&[t, MISSING], &[], Durations::Missing, &mut out)
            .expect("added");
        assert_eq!(out, [MISSING, MISSING]);
    }

    #[test]
    fn lengths_must_agree() {
        let cal = cal();
        let one = Durations::One(Amount::Working(TimeDelta::hours(1)));
        let err = cal.add_many(&[None, None], &[0], one).unwrap_err();
        assert_eq!(err.to_string(), "times and nanos differ in length: 2 and 1");
        let err = cal
            .sub_many(&[None], &[], Durations::Each(&[None, None]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "times and durations differ in length: 1 and 2"
        );
    }

    #[test]
    fn the_first_failing_item_names_its_error() {
        let cal = cal();
        let t = 1_772_794_800;
        // 2031 is not covered by the bundled production calendar.
        let err = cal
            .between_many(&[Some(t), Some(1_930_000_000)], &[Some(t), Some(t)])
            .unwrap_err();
        assert!(
            matches!(err, Error::YearNotCovered { year: 2031, .. }),
            "{err}"
        );
        let far = Amount::Calendar(TimeDelta::days(365 * 200));
        let err = cal
            .add_many(&[Some(t)], &[], Durations::One(far))
            .unwrap_err();
        assert!(matches!(err, Error::ResultOutOfRange { .. }), "{err}");
        let eod = Amount::WorkingDays(1, WorkingDaysMeaning::EndOfDay);
        let err = cal.sub_amount(t, 0, eod).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Input);
    }

    #[test]
    fn the_column_form_is_the_option_form() {
        let cal = cal();
        let times: Vec<i64> = instants().iter().map(|&(t, _)| t).collect();
        let mut with_gaps = times.clone();
        with_gaps[3] = MISSING;
        let opts: Vec<Option<i64>> = with_gaps
            .iter()
            .map(|&t| (t != MISSING).then_some(t))
            .collect();
        let secs: Vec<i64> = (0..times.len() as i64)
            .map(|i| {
                if i % 7 == 0 {
                    MISSING
                } else {
                    i * 997 - 50_000
                }
            })
            .collect();
        let durations = Durations::Seconds(&secs, &[]);
        let mut out = vec![0; times.len()];
        cal.add_column(&with_gaps, &[], durations, &mut out)
            .expect("added");
        let want = cal.add_many(&opts, &[], durations).expect("added");
        for (i, (&o, w)) in out.iter().zip(&want).enumerate() {
            assert_eq!(o, w.unwrap_or(MISSING));
            let single =
                (i % 7 != 0 && i != 3).then(|| cal.add_seconds(times[i], secs[i]).expect("single"));
            assert_eq!(*w, single, "item {i}");
        }
        cal.sub_column(&with_gaps, &[], durations, &mut out)
            .expect("taken");
        let want = cal.sub_many(&opts, &[], durations).expect("taken");
        assert!(out
            .iter()
            .zip(&want)
            .all(|(&o, w)| o == w.unwrap_or(MISSING)));
        let ends: Vec<i64> = times.iter().rev().copied().collect();
        let end_opts: Vec<Option<i64>> = ends.iter().map(|&t| Some(t)).collect();
        cal.between_column(&with_gaps, &ends, &mut out)
            .expect("between");
        let want = cal.between_many(&opts, &end_opts).expect("between");
        assert!(out
            .iter()
            .zip(&want)
            .all(|(&o, w)| o == w.unwrap_or(MISSING)));
    }

    #[test]
    fn the_instant_columns_are_the_single_calls() {
        let cal = cal();
        let mut times: Vec<i64> = instants().iter().map(|&(t, _)| t).collect();
        times[5] = MISSING;
        let mut flags = vec![None; times.len()];
        cal.is_working_column(&times, &mut flags).expect("flags");
        let mut opening = vec![0; times.len()];
        cal.next_opening_column(&times, &mut opening)
            .expect("opening");
        let mut closing = vec![0; times.len()];
        cal.next_closing_column(&times, &mut closing)
            .expect("closing");
        let mut working = vec![0; times.len()];
        cal.next_working_column(&times, &mut working)
            .expect("working");
        for (i, &t) in times.iter().enumerate() {
            if t == MISSING {
                assert_eq!(
                    (flags[i], opening[i], closing[i], working[i]),
                    (None, MISSING, MISSING, MISSING)
                );
                continue;
            }
            let at = DateTime::from_timestamp(t, 0).expect("an instant");
            assert_eq!(flags[i], Some(cal.is_working(&at).expect("single")));
            assert_eq!(
                opening[i],
                cal.next_opening(&at).expect("single").timestamp()
            );
            assert_eq!(
                closing[i],
                cal.next_closing(&at).expect("single").timestamp()
            );
            assert_eq!(
                working[i],
                cal.next_working(&at).expect("single").timestamp()
            );
        }
        let err = cal
            .next_opening_column(&times, &mut opening[1..])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "times and out differ in length: 400 and 399"
        );
        // Out of the supported range: the single call's error, not a panic.
        let err = cal.next_opening_column(&[i64::MAX], &mut [0]).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Range, "{err}");
        let err = cal
            .is_working_column(&[MISSING + 1], &mut [None])
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Range, "{err}");
    }
}
