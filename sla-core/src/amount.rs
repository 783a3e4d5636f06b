//! A duration of any form added to an instant: working time to the
//! nanosecond (a `TimeDelta`), "N working days" in one of their meanings,
//! or elapsed calendar time. The one rule behind `Calendar.add` / `sub` of
//! both bindings (which take `"4h"`, `"2 working days"`, a `timedelta` or a
//! number of seconds) and the bulk calls of [`crate::bulk`].

use std::str::FromStr;

use chrono::{DateTime, TimeDelta};
use chrono_tz::Tz;

use crate::calendar::{in_range, Calendar};
use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::work_time::WorkingDaysMeaning;

/// An amount of time to add to an instant (or take from it), in any of the
/// forms callers hold: what a [`Duration`] says, a `TimeDelta` of working
/// time, or a duration text.
///
/// # Examples
/// ```
/// use sla_core::chrono::TimeDelta;
/// use sla_core::{Amount, Duration, WorkingDaysMeaning};
///
/// assert_eq!("4h".parse::<Amount>()?, Amount::Working(TimeDelta::hours(4)));
/// assert_eq!("2 working days".parse::<Amount>()?, Amount::WorkingDays(2, WorkingDaysMeaning::Length));
/// assert_eq!("calendar 1d".parse::<Amount>()?, Amount::Calendar(TimeDelta::days(1)));
/// assert_eq!(Amount::from(TimeDelta::minutes(5)), Amount::Working(TimeDelta::minutes(5)));
/// assert_eq!(
///     Amount::from_duration(Duration::WorkingDays(3), WorkingDaysMeaning::EndOfDay),
///     Amount::WorkingDays(3, WorkingDaysMeaning::EndOfDay)
/// );
/// # Ok::<(), sla_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// Working time, counted on the calendar, exact to the nanosecond;
    /// negative counts the other way.
    Working(TimeDelta),
    /// N working days in the meaning given (a duration text gives
    /// [`WorkingDaysMeaning::Length`], the default).
    WorkingDays(u32, WorkingDaysMeaning),
    /// Elapsed time, whatever the calendar says; negative counts the other
    /// way.
    Calendar(TimeDelta),
}

impl Amount {
    /// A policy [`Duration`] with the policy's meaning of working days.
    ///
    /// # Examples
    /// ```
    /// use sla_core::chrono::TimeDelta;
    /// use sla_core::{Amount, Duration, WorkingDaysMeaning};
    ///
    /// let wd = WorkingDaysMeaning::Length;
    /// assert_eq!(Amount::from_duration(Duration::Working(90), wd), Amount::Working(TimeDelta::seconds(90)));
    /// assert_eq!(Amount::from_duration(Duration::CalendarDays(2), wd), Amount::Calendar(TimeDelta::days(2)));
    /// ```
    pub fn from_duration(d: Duration, meaning: WorkingDaysMeaning) -> Amount {
        // A Duration built in code may hold any i64: beyond a TimeDelta it
        // is as far as a TimeDelta goes (and then beyond every horizon).
        let seconds = |s: i64| {
            TimeDelta::try_seconds(s).unwrap_or(if s < 0 {
                TimeDelta::MIN
            } else {
                TimeDelta::MAX
            })
        };
        match d {
            Duration::Working(s) => Amount::Working(seconds(s)),
            Duration::WorkingDays(n) => Amount::WorkingDays(n, meaning),
            Duration::Calendar(s) => Amount::Calendar(seconds(s)),
            Duration::CalendarDays(n) => Amount::Calendar(seconds(i64::from(n) * 86_400)),
        }
    }
}

impl From<TimeDelta> for Amount {
    /// Working time.
    fn from(d: TimeDelta) -> Amount {
        Amount::Working(d)
    }
}

impl From<Duration> for Amount {
    /// Working days by length (the default meaning).
    fn from(d: Duration) -> Amount {
        Amount::from_duration(d, WorkingDaysMeaning::Length)
    }
}

impl FromStr for Amount {
    type Err = Error;

    /// Every text form of a [`Duration`]; days are working days by length.
    fn from_str(text: &str) -> Result<Amount> {
        text.parse::<Duration>().map(Amount::from)
    }
}

impl Calendar {
    /// The instant `d` after UTC second `t` plus `nanos` ns, in UTC seconds:
    /// a duration of any form ([`Amount`]) added as its own call adds it
    /// ([`Calendar::add_timestamp`] for working time, [`Calendar::add_working_days`]
    /// for working days, plain arithmetic for calendar time). Results are
    /// whole seconds, the exact answer rounded up (down for a negative
    /// amount), so a deadline is never early.
    ///
    /// # Errors
    /// [`Error::OutOfSupportedRange`] for `t` outside the supported range,
    /// [`Error::ResultOutOfRange`] for a result outside it, and the errors
    /// of the call named above.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Amount, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let friday = parse_instant("2026-03-06T15:00:00+03:00")?.timestamp();
    /// let at = |text: &str| Ok::<_, sla_core::Error>(parse_instant(text)?.timestamp());
    /// assert_eq!(cal.add_amount(friday, 0, "4h".parse()?)?, at("2026-03-09T10:00:00+03:00")?);
    /// assert_eq!(cal.add_amount(friday, 0, "1 working day".parse()?)?, at("2026-03-09T15:00:00+03:00")?);
    /// assert_eq!(cal.add_amount(friday, 0, "calendar 1d".parse()?)?, at("2026-03-07T15:00:00+03:00")?);
    /// // Half a second past 15:00, plus an hour: rounded up.
    /// assert_eq!(cal.add_amount(friday, 500_000_000, "1h".parse()?)?, friday + 3601);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn add_amount(&self, t: i64, nanos: u32, d: Amount) -> Result<i64> {
        match d {
            Amount::Working(d) => self.add_timestamp(t, nanos, d),
            Amount::WorkingDays(n, WorkingDaysMeaning::Length) => {
                self.add_timestamp(t, nanos, self.days_length(n)?)
            }
            Amount::WorkingDays(n, meaning) => self.add_working_days_seconds(t, n, meaning),
            Amount::Calendar(d) => self.elapsed(t, nanos, d, false),
        }
    }

    /// The instant `d` before UTC second `t` plus `nanos` ns, in UTC
    /// seconds, as [`Calendar::sub`] counts it: the exact answer rounded
    /// down (up for a negative amount). Working days count back by length.
    ///
    /// # Errors
    /// As [`Calendar::add_amount`]; [`Error::InvalidDuration`] for working
    /// days in a meaning other than [`WorkingDaysMeaning::Length`], which has no
    /// backward count.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let monday = parse_instant("2026-03-09T10:00:00+03:00")?.timestamp();
    /// let friday = parse_instant("2026-03-06T17:00:00+03:00")?.timestamp();
    /// assert_eq!(cal.sub_amount(monday, 0, "2h".parse()?)?, friday);
    /// assert_eq!(cal.sub_amount(monday, 0, "1 working day".parse()?)?, friday - 7 * 3600);
    /// assert_eq!(cal.sub_amount(monday, 0, "calendar 2d".parse()?)?, monday - 2 * 86_400);
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn sub_amount(&self, t: i64, nanos: u32, d: Amount) -> Result<i64> {
        let d = match d {
            Amount::Working(d) => d,
            Amount::WorkingDays(n, WorkingDaysMeaning::Length) => self.days_length(n)?,
            Amount::WorkingDays(n, _) => {
                return Err(Error::InvalidDuration {
                    text: Duration::WorkingDays(n).to_string(),
                    reason: "working days count backward by length only".to_string(),
                })
            }
            Amount::Calendar(d) => return self.elapsed(t, nanos, -d, true),
        };
        if nanos == 0 && d.subsec_nanos() == 0 {
            // `sub` of whole seconds is `add_seconds` of the opposite.
            return self.add_seconds(t, d.num_seconds().saturating_neg());
        }
        // A leap second's fraction (1 s or more) is the next second's.
        let (t, nanos) = match nanos.checked_sub(1_000_000_000) {
            Some(rest) => (t.saturating_add(1), rest),
            None => (t, nanos),
        };
        let start =
            DateTime::from_timestamp(in_range(t)?, nanos).ok_or_else(|| Error::out_of_range(t))?;
        Ok(self.sub(&start, d)?.timestamp())
    }

    /// UTC second `t` in the calendar's zone (the form of every instant the
    /// engine returns), read from the calendar's index.
    ///
    /// # Errors
    /// [`Error::OutOfSupportedRange`] outside the supported range.
    ///
    /// # Examples
    /// ```
    /// use sla_core::{parse_instant, Calendar};
    ///
    /// let cal = Calendar::parse("Mon-Fri 09:00-18:00 Europe/Moscow")?;
    /// let t = parse_instant("2026-03-06T12:00:00Z")?.timestamp();
    /// assert_eq!(cal.in_zone(t)?.to_rfc3339(), "2026-03-06T15:00:00+03:00");
    /// assert!(cal.in_zone(i64::MAX).is_err());
    /// # Ok::<(), sla_core::Error>(())
    /// ```
    pub fn in_zone(&self, t: i64) -> Result<DateTime<Tz>> {
        self.local(t)
    }

    /// N × the working-day length as a `TimeDelta`.
    fn days_length(&self, n: u32) -> Result<TimeDelta> {
        // At most 4294967295 × 86400 s: far within a TimeDelta.
        TimeDelta::try_seconds(i64::from(n) * self.working_day_length().num_seconds()).ok_or_else(
            || Error::InvalidDuration {
                text: Duration::WorkingDays(n).to_string(),
                reason: "the number is too large".to_string(),
            },
        )
    }

    /// `d` of elapsed time from `t` + `nanos` ns, rounded up for a forward
    /// count (`d > 0`, or `d = 0` unless `backward`), down otherwise; both
    /// ends within the supported range.
    fn elapsed(&self, t: i64, nanos: u32, d: TimeDelta, backward: bool) -> Result<i64> {
        const NS: i64 = 1_000_000_000;
        in_range(t)?;
        let down = d < TimeDelta::zero() || (d.is_zero() && backward);
        // Whole seconds and a part from 0 to 2 s (no 128-bit arithmetic:
        // it costs the WebAssembly build kilobytes).
        let (ds, dn) = (d.num_seconds(), i64::from(d.subsec_nanos()));
        let part = i64::from(nanos) + dn;
        let (carry, rest) = (part.div_euclid(NS), part.rem_euclid(NS));
        let r = t
            .saturating_add(ds)
            .saturating_add(carry)
            .saturating_add(i64::from(rest > 0 && !down));
        self.result_in_range(t, r)
    }
}
