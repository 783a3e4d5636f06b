//! Working time over many items at once: the bulk calls of the bindings
//! (`Calendar.add_many` / `addMany`, `between_many` / `betweenMany`) as
//! loops over UTC seconds, with one rule for missing values.
//!
//! # Missing values
//!
//! An item whose instant or duration is missing (`None`: numpy's NaT,
//! Python's `None`, JavaScript's `null` or `NaN`) gives a missing result;
//! every other item gives exactly what the single call gives for it. The
//! first item that fails ends the call with that item's error.
//!
//! # Lengths
//!
//! Inputs that pair up item by item must be equally long; otherwise the
//! call fails with [`Error::LengthMismatch`] before computing anything.

use crate::amount::Amount;
use crate::calendar::Calendar;
use crate::error::{Error, Result};

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
    /// One duration per item.
    Each(&'a [Option<Amount>]),
    /// One duration of working time per item, as whole seconds (`None`
    /// where missing) and the nanoseconds after each (one per item, or
    /// empty when all are 0): how numpy's `timedelta64` arrays and
    /// JavaScript's `Float64Array`s hold them, read without an [`Amount`]
    /// per item.
    Seconds(&'a [Option<i64>], &'a [u32]),
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
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, i: usize) -> Option<Amount> {
        match self {
            Durations::One(d) => Some(*d),
            Durations::Each(v) => v.get(i).copied().flatten(),
            Durations::Seconds(secs, nanos) => {
                let s = secs.get(i).copied().flatten()?;
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
            Durations::One(_) => None,
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
    /// [`crate::bulk`]).
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
    /// // Working seconds per item, as numpy's timedelta64 arrays hold them.
    /// let r = cal.add_many(&[Some(friday), Some(friday)], &[], Durations::Seconds(&[Some(3600), None], &[]))?;
    /// assert_eq!(r, [Some(friday + 3600), None]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_many(
        &self,
        times: &[Option<i64>],
        nanos: &[u32],
        durations: Durations<'_>,
    ) -> Result<Vec<Option<i64>>> {
        let mut out = times.to_vec();
        self.count_many(&mut out, nanos, durations, false)?;
        Ok(out)
    }

    /// [`Calendar::add_many`] written over `times`: each instant becomes its
    /// result (for bindings that read the instants into a buffer of their
    /// own: no second buffer).
    ///
    /// # Errors
    /// As [`Calendar::add_many`]; `times` is then partly written.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar, Durations};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let mut v = [Some(friday), None];
    /// cal.add_many_in_place(&mut v, &[], Durations::One("1h".parse()?))?;
    /// assert_eq!(v, [Some(friday + 3600), None]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_many_in_place(
        &self,
        times: &mut [Option<i64>],
        nanos: &[u32],
        durations: Durations<'_>,
    ) -> Result<()> {
        self.count_many(times, nanos, durations, false)
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
        self.count_many(&mut out, nanos, durations, true)?;
        Ok(out)
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
        self.between_many_in_place(&mut out, ends)?;
        Ok(out)
    }

    /// [`Calendar::between_many`] written over `starts`: each start becomes
    /// the working seconds from it to its end (for bindings that read the
    /// starts into a buffer of their own: no second buffer).
    ///
    /// # Errors
    /// As [`Calendar::between_many`]; `starts` is then partly written.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let mut v = [Some(friday), None];
    /// cal.between_many_in_place(&mut v, &[Some(monday), Some(monday)])?;
    /// assert_eq!(v, [Some(7200), None]);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn between_many_in_place(
        &self,
        starts: &mut [Option<i64>],
        ends: &[Option<i64>],
    ) -> Result<()> {
        same_length("starts", starts.len(), "ends", ends.len())?;
        for (a, b) in starts.iter_mut().zip(ends) {
            *a = match (*a, b) {
                (Some(a), Some(b)) => Some(self.between_seconds(a, *b)?),
                _ => None,
            };
        }
        Ok(())
    }

    /// An addition (or a subtraction, `backward`) of each item, written
    /// over it. Whole seconds of working time from whole seconds, the
    /// common case, go straight to [`Calendar::add_seconds`], which is what
    /// `add_amount` and `sub_amount` call for them.
    fn count_many(
        &self,
        times: &mut [Option<i64>],
        nanos: &[u32],
        durations: Durations<'_>,
        backward: bool,
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
        let whole = |t: i64, d: i64| match backward {
            false => self.add_seconds(t, d),
            true => self.add_seconds(t, d.saturating_neg()),
        };
        match durations {
            Durations::Seconds(secs, []) if nanos.is_empty() => {
                for (t, d) in times.iter_mut().zip(secs) {
                    *t = match (*t, *d) {
                        (Some(t), Some(d)) => Some(whole(t, d)?),
                        _ => None,
                    };
                }
            }
            Durations::One(Amount::Working(d)) if nanos.is_empty() && d.subsec_nanos() == 0 => {
                let d = d.num_seconds();
                for t in times.iter_mut() {
                    *t = t.map(|t| whole(t, d)).transpose()?;
                }
            }
            _ => {
                let count = if backward {
                    Calendar::sub_amount
                } else {
                    Calendar::add_amount
                };
                for (i, t) in times.iter_mut().enumerate() {
                    let f = nanos.get(i).copied().unwrap_or(0);
                    *t = match (*t, durations.get(i)) {
                        (Some(t), Some(d)) => Some(count(self, t, f, d)?),
                        _ => None,
                    };
                }
            }
        }
        Ok(())
    }
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
}
