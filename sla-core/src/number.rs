//! The plain numbers the bindings take (a JavaScript number, a Python
//! int): epoch seconds, whole seconds of working time, a count of working
//! days, and JavaScript's epoch milliseconds. Each has one rule here, its
//! bound and its message, so that the same number gives the same error in
//! every language.
//!
//! A binding passes the number as an `f64` and `shown`, how its language
//! writes it (JavaScript's `String(n)`, Python's `str(n)`), called only for
//! a message. An integer too large for an `f64` (or for an `i64`) may be
//! passed as `f64::MAX`: every rule refuses it, whatever its sign.
//! Every value a rule accepts is an integer below 2^53, which an `f64`
//! holds exactly; rounding to the nearest `f64` keeps order, so an integer
//! beyond a bound stays beyond it.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};

/// Epoch seconds (UTC) of the calls on plain seconds (`add_seconds`,
/// `between_seconds`): a whole number below 10^15 in magnitude (31 million
/// years; the supported range is then checked by the call).
///
/// # Errors
/// [`Error::InvalidInstant`] for NaN or a fraction,
/// [`Error::OutOfSupportedRange`] beyond the bound.
///
/// # Examples
/// ```
/// use sla_core::number::epoch_seconds;
///
/// assert_eq!(epoch_seconds(1_772_434_800.0, || "1772434800".into())?, 1_772_434_800);
/// let err = epoch_seconds(1.5, || "1.5".into()).unwrap_err();
/// assert_eq!(err.to_string(), "invalid instant \"1.5 epoch seconds\": expected a whole number of epoch seconds");
/// let err = epoch_seconds(1e15, || "1e15".into()).unwrap_err();
/// assert_eq!(err.to_string(), "instant 1e15 epoch seconds is outside the supported range (years 1900 to 2099)");
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn epoch_seconds(t: f64, shown: impl FnOnce() -> String) -> Result<i64> {
    if t.is_finite() && t.fract() == 0.0 && t.abs() < 1e15 {
        return Ok(t as i64);
    }
    let shown = shown();
    if t.is_infinite() || t.fract() == 0.0 {
        return Err(Error::OutOfSupportedRange(format!("{shown} epoch seconds")));
    }
    // NaN (shown as it is), or a fraction.
    let text = match t.is_nan() {
        true => shown,
        false => format!("{shown} epoch seconds"),
    };
    let reason = "expected a whole number of epoch seconds".to_string();
    Err(Error::InvalidInstant { text, reason })
}

/// Whole seconds of working time given as a plain number: at most 10^12
/// in magnitude, the bound of every duration (as duration text has it).
///
/// # Errors
/// [`Error::InvalidDuration`] for NaN, a fraction or a number beyond the
/// bound.
///
/// # Examples
/// ```
/// use sla_core::number::whole_seconds;
///
/// assert_eq!(whole_seconds(-90.0, || "-90".into())?, -90);
/// let err = whole_seconds(1e12 + 1.0, || "1000000000001".into()).unwrap_err();
/// assert_eq!(err.to_string(), "invalid duration \"1000000000001\": the number is too large");
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn whole_seconds(d: f64, shown: impl FnOnce() -> String) -> Result<i64> {
    let whole = d.is_finite() && d.fract() == 0.0;
    if whole && d.abs() <= 1e12 {
        return Ok(d as i64);
    }
    let reason = match whole {
        true => "the number is too large",
        false => "expected a whole number of seconds or a duration like \"4h\"",
    };
    let (text, reason) = (shown(), reason.to_string());
    Err(Error::InvalidDuration { text, reason })
}

/// A count of working days given as a plain number: a whole number from 0
/// to 4294967295.
///
/// # Errors
/// [`Error::InvalidDuration`] for any other number.
///
/// # Examples
/// ```
/// use sla_core::number::day_count;
///
/// assert_eq!(day_count(3.0, || "3".into())?, 3);
/// let err = day_count(-1.0, || "-1".into()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid duration \"-1 working days\": expected a whole number of days from 0 to 4294967295"
/// );
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn day_count(n: f64, shown: impl FnOnce() -> String) -> Result<u32> {
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        return Ok(n as u32);
    }
    Err(Error::InvalidDuration {
        text: format!("{} working days", shown()),
        reason: "expected a whole number of days from 0 to 4294967295".to_string(),
    })
}

/// An instant given as epoch milliseconds (JavaScript's `Date.getTime()`,
/// an item of a `Float64Array`): a number below 10^17 in magnitude within
/// what an instant holds; a fraction of a millisecond is dropped.
///
/// # Errors
/// [`Error::InvalidInstant`] for NaN, [`Error::OutOfSupportedRange`]
/// beyond the bound.
///
/// # Examples
/// ```
/// use sla_core::number::epoch_millis;
///
/// assert_eq!(epoch_millis(1_772_434_800_500.0, || "1772434800500".into())?.timestamp_millis(), 1_772_434_800_500);
/// let err = epoch_millis(1e17, || "100000000000000000".into()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "instant 100000000000000000 ms after 1970-01-01T00:00:00Z is outside the supported range (years 1900 to 2099)"
/// );
/// # Ok::<(), sla_core::Error>(())
/// ```
pub fn epoch_millis(ms: f64, shown: impl FnOnce() -> String) -> Result<DateTime<Utc>> {
    if ms.is_nan() {
        let reason = "expected a number of epoch milliseconds".to_string();
        return Err(Error::InvalidInstant {
            text: shown(),
            reason,
        });
    }
    let t = DateTime::from_timestamp_millis(ms as i64).filter(|_| ms.abs() < 1e17);
    t.ok_or_else(|| {
        Error::OutOfSupportedRange(format!("{} ms after 1970-01-01T00:00:00Z", shown()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    /// The family and the message of the error `r`.
    fn err<T: std::fmt::Debug>(r: Result<T>) -> (ErrorKind, String) {
        let e = r.expect_err("an error");
        (e.kind(), e.to_string())
    }

    /// `n` as Rust writes it.
    fn shown(n: f64) -> impl FnOnce() -> String {
        move || n.to_string()
    }

    #[test]
    fn epoch_seconds_are_whole_and_below_ten_to_the_fifteen() {
        for t in [0.0, 1e15 - 1.0, 1.0 - 1e15] {
            assert_eq!(epoch_seconds(t, shown(t)).ok(), Some(t as i64));
        }
        let range = "epoch seconds is outside the supported range (years 1900 to 2099)";
        for t in [1e15, -1e15, f64::INFINITY] {
            let message = format!("instant {t} {range}");
            assert_eq!(err(epoch_seconds(t, shown(t))), (ErrorKind::Range, message));
        }
        // An int beyond an f64 (Python's 10**400).
        let message = format!("instant 10**400 {range}");
        let huge = epoch_seconds(f64::MAX, || "10**400".to_string());
        assert_eq!(err(huge), (ErrorKind::Range, message));
        let whole = "expected a whole number of epoch seconds";
        let message = format!("invalid instant \"0.5 epoch seconds\": {whole}");
        assert_eq!(
            err(epoch_seconds(0.5, shown(0.5))),
            (ErrorKind::Input, message)
        );
        let message = format!("invalid instant \"NaN\": {whole}");
        let nan = epoch_seconds(f64::NAN, shown(f64::NAN));
        assert_eq!(err(nan), (ErrorKind::Input, message));
    }

    #[test]
    fn whole_seconds_are_bounded_as_durations_are() {
        for d in [0.0, 1e12, -1e12] {
            assert_eq!(whole_seconds(d, shown(d)).ok(), Some(d as i64));
        }
        for d in [1e12 + 1.0, -1e12 - 1.0, f64::MAX] {
            let message = format!("invalid duration \"{d}\": the number is too large");
            assert_eq!(err(whole_seconds(d, shown(d))), (ErrorKind::Input, message));
        }
        let whole = "expected a whole number of seconds or a duration like \"4h\"";
        for d in [1.5, f64::NAN, f64::INFINITY] {
            let message = format!("invalid duration \"{d}\": {whole}");
            assert_eq!(err(whole_seconds(d, shown(d))), (ErrorKind::Input, message));
        }
    }

    #[test]
    fn day_counts_are_whole_from_zero_to_u32_max() {
        let max = f64::from(u32::MAX);
        assert_eq!(day_count(0.0, shown(0.0)).ok(), Some(0));
        assert_eq!(day_count(max, shown(max)).ok(), Some(u32::MAX));
        let reason = "expected a whole number of days from 0 to 4294967295";
        for n in [-1.0, max + 1.0, 0.5, f64::NAN, f64::INFINITY] {
            let message = format!("invalid duration \"{n} working days\": {reason}");
            assert_eq!(err(day_count(n, shown(n))), (ErrorKind::Input, message));
        }
    }

    #[test]
    fn epoch_millis_are_numbers_below_ten_to_the_seventeen() {
        let t = epoch_millis(-1.5, shown(-1.5)).map(|t| t.timestamp_millis());
        assert_eq!(t.ok(), Some(-1));
        let range = "is outside the supported range (years 1900 to 2099)";
        for ms in [1e17, -1e17, f64::INFINITY, 9e15] {
            let message = format!("instant {ms} ms after 1970-01-01T00:00:00Z {range}");
            let r = epoch_millis(ms, shown(ms));
            assert_eq!(err(r), (ErrorKind::Range, message), "{ms}");
        }
        let message = "invalid instant \"NaN\": expected a number of epoch milliseconds";
        let r = epoch_millis(f64::NAN, shown(f64::NAN));
        assert_eq!(err(r), (ErrorKind::Input, message.to_string()));
    }
}
