//! Average true range (Wilder 1978; TA-Lib `ATR`).

use super::true_range::true_range_of;
use super::{check_bar, check_hlc, or_nan, period};
use crate::error::{check, Result};

/// Wilder's ATR with TA-Lib's conventions: bar 0 has no true range; the first ATR, at bar n,
/// is the mean of TR_1..TR_n; then ATR_t = (ATR_{t-1} * (n - 1) + TR_t) / n. NaN for bars
/// 0..n-1.
///
/// The recursion is evaluated as ATR_{t-1} * ((n - 1) / n) + TR_t * (1 / n) with both factors
/// precomputed: TA-Lib divides on every bar, which puts a division (about 14 cycles of latency)
/// on the loop-carried dependency chain; multiplying makes the chain a multiply and an add. The
/// results differ from TA-Lib's only by rounding in the last bits (see tests/talib_indicators.rs:
/// within 1e-12 on TA-Lib's regression data).
///
/// Reference: J. W. Wilder, *New Concepts in Technical Trading Systems* (1978).
/// Errors: `EmptyInput`, `LengthMismatch`, `NonFinite`, `InvalidInput` (high < low),
/// `OutOfRange` (n < 1).
pub fn atr(high: &[f64], low: &[f64], close: &[f64], n: i64) -> Result<Vec<f64>> {
    let state = Atr::new(n)?;
    let len = close.len();
    let n = state.period;
    if len <= n + 1 {
        check_hlc(high, low, close)?;
        return Ok((0..len)
            .scan(state, |s, i| {
                Some(or_nan(s.step(high[i], low[i], close[i])))
            })
            .collect());
    }
    check::same_len("high", len, high.len())?;
    check::same_len("low", len, low.len())?;
    // The arithmetic of `Atr::step` as straight loops over zipped columns, with the validation
    // fused into the same pass (the columns are read once, which matters: this loop is bound by
    // memory bandwidth). Bad input is then located by `check_hlc` for a precise error, and the
    // output discarded. The property tests check equality with the streaming form.
    let valid = |h: f64, l: f64, c: f64| h.is_finite() & l.is_finite() & c.is_finite() & (h >= l);
    let mut ok = (0..=n).fold(true, |ok, i| ok & valid(high[i], low[i], close[i]));
    let tr = |i: usize| true_range_of(high[i], low[i], close[i - 1]);
    let mut out = Vec::with_capacity(len);
    out.resize(n, f64::NAN);
    let warm_up: f64 = (1..n).fold(0.0, |acc, i| acc + tr(i));
    let mut acc = (warm_up + tr(n)) / n as f64;
    out.push(acc);
    let (keep, weight) = (state.keep, state.weight);
    let bars = high[n + 1..]
        .iter()
        .zip(&low[n + 1..])
        .zip(close[n..].windows(2));
    out.extend(bars.map(|((&h, &l), c)| {
        ok &= valid(h, l, c[1]);
        acc = acc * keep + true_range_of(h, l, c[0]) * weight;
        acc
    }));
    if !ok {
        check_hlc(high, low, close)?;
    }
    Ok(out)
}

/// Streaming [`atr`]: O(1) per bar, equal to the batch form on the same bars.
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    /// (n - 1) / n and 1 / n, the factors of Wilder's recursion.
    keep: f64,
    weight: f64,
    prev_close: f64,
    /// Bars seen.
    seen: usize,
    /// The sum of true ranges during warm-up, the ATR afterwards.
    acc: f64,
}

impl Atr {
    /// `n` >= 1.
    pub fn new(n: i64) -> Result<Self> {
        let period = period("period", n)?;
        Ok(Atr {
            period,
            keep: (period - 1) as f64 / period as f64,
            weight: 1.0 / period as f64,
            prev_close: f64::NAN,
            seen: 0,
            acc: 0.0,
        })
    }

    /// Adds one bar and returns the ATR after it (NaN for the first n bars).
    /// Errors: `NonFinite`, `InvalidInput` (high < low); the state is unchanged on error.
    pub fn push(&mut self, high: f64, low: f64, close: f64) -> Result<f64> {
        check_bar(high, low, close)?;
        Ok(or_nan(self.step(high, low, close)))
    }

    #[inline]
    pub(crate) fn step(&mut self, high: f64, low: f64, close: f64) -> Option<f64> {
        let seen = self.seen;
        self.seen += 1;
        let prev_close = std::mem::replace(&mut self.prev_close, close);
        if seen == 0 {
            return None;
        }
        let tr = true_range_of(high, low, prev_close);
        let n = self.period;
        if seen < n {
            self.acc += tr;
            None
        } else if seen == n {
            self.acc = (self.acc + tr) / n as f64;
            Some(self.acc)
        } else {
            self.acc = self.acc * self.keep + tr * self.weight;
            Some(self.acc)
        }
    }

    /// The latest ATR (NaN during warm-up).
    pub fn value(&self) -> f64 {
        if self.seen > self.period {
            self.acc
        } else {
            f64::NAN
        }
    }

    pub fn period(&self) -> usize {
        self.period
    }

    /// Bars pushed since construction or the last reset.
    pub fn count(&self) -> usize {
        self.seen
    }

    pub fn reset(&mut self) {
        self.prev_close = f64::NAN;
        self.seen = 0;
        self.acc = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilder_smoothing_hand_checked() {
        let high = [10.0, 12.0, 13.0, 12.0, 15.0];
        let low = [9.0, 10.0, 11.0, 9.0, 12.0];
        let close = [9.5, 11.0, 12.5, 10.0, 14.0];
        // TR from bar 1: 2.5, 2, 3.5, 5.
        let out = atr(&high, &low, &close, 2).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(out[2], 2.25); // (2.5 + 2) / 2
        assert_eq!(out[3], 2.875); // (2.25 * 1 + 3.5) / 2
        assert_eq!(out[4], 3.9375); // (2.875 + 5) / 2
        let out = atr(&high, &low, &close, 3).unwrap();
        assert!((out[3] - 8.0 / 3.0).abs() < 1e-15); // mean of 2.5, 2, 3.5
        assert!((out[4] - (8.0 / 3.0 * 2.0 + 5.0) / 3.0).abs() < 1e-15);
        let tr1 = atr(&high, &low, &close, 1).unwrap();
        assert_eq!(&tr1[1..], &[2.5, 2.0, 3.5, 5.0]);
    }

    #[test]
    fn value_state_and_errors() {
        let mut a = Atr::new(1).unwrap();
        assert!(a.push(2.0, 1.0, 1.5).unwrap().is_nan());
        assert!(a.value().is_nan());
        assert_eq!(a.push(2.0, 1.0, 1.5).unwrap(), 1.0);
        assert_eq!(
            a.push(1.0, 2.0, 1.5).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            a.push(f64::NAN, 1.0, 1.5).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(a.count(), 2);
        assert_eq!(Atr::new(0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(
            atr(&[1.0], &[1.0], &[1.0, 2.0], 3).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
    }

    #[test]
    fn bad_bars_after_the_warm_up_are_found() {
        let mut high = vec![2.0; 50];
        let low = vec![1.0; 50];
        let mut close = vec![1.5; 50];
        close[40] = f64::NAN;
        let e = atr(&high, &low, &close, 5).unwrap_err();
        assert_eq!(e.code(), "SMC_NON_FINITE");
        assert!(e.to_string().contains("close[40]"), "{e}");
        close[40] = 1.5;
        high[45] = 0.5;
        let e = atr(&high, &low, &close, 5).unwrap_err();
        assert_eq!(e.code(), "SMC_INVALID_INPUT");
        assert!(e.to_string().contains("bar 45"), "{e}");
        high[45] = f64::INFINITY;
        assert_eq!(
            atr(&high, &low, &close, 5).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            atr(&high, &low[1..], &close, 5).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
    }
}
