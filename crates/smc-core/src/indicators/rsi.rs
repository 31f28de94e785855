//! Relative strength index (Wilder 1978; TA-Lib `RSI`, default compatibility).

use super::{or_nan, period};
use crate::error::{check, Result};

/// Wilder's RSI as TA-Lib computes it by default: the average gain G and loss L are seeded with
/// the plain mean of the first n price differences (bars 1..n), so the first value is at bar n;
/// then G_t = (G_{t-1} * (n - 1) + gain_t) / n (same for L), and RSI = 100 * G / (G + L).
/// When G + L = 0 (a flat window) the RSI is 0, as in TA-Lib. NaN for bars 0..n-1.
///
/// As in [`super::atr`], the recursion multiplies by precomputed (n - 1) / n and 1 / n instead
/// of dividing by n on every bar (a shorter dependency chain); results agree with TA-Lib to
/// rounding in the last bits.
///
/// TA-Lib treats |G + L| < 1e-8 as zero; this implementation only treats an exact zero so, which
/// keeps the result independent of the price scale (identical on ordinary prices).
///
/// Reference: J. W. Wilder, *New Concepts in Technical Trading Systems* (1978); `ta_RSI.c`.
/// Errors: `EmptyInput`, `NonFinite`, `OutOfRange` (n < 1; TA-Lib itself requires n >= 2).
pub fn rsi(close: &[f64], n: i64) -> Result<Vec<f64>> {
    let mut state = Rsi::new(n)?;
    check::min_len("close", close, 1)?;
    let len = close.len();
    let n = state.period;
    if len <= n {
        check::finite("close", close)?;
        return Ok(vec![f64::NAN; len]);
    }
    check::finite("close", &close[..=n])?;
    // Warm-up and seed through the streaming step; then the recursion as a straight loop with
    // the same arithmetic (checked equal by the property tests).
    let mut out: Vec<f64> = close[..=n].iter().map(|&x| or_nan(state.step(x))).collect();
    let (keep, weight) = (state.keep, state.weight);
    let (mut gain, mut loss) = (state.gain, state.loss);
    // Finiteness is checked in the same pass (one read of the column); a bad value is then
    // located by `check::finite` and the output discarded.
    let mut ok = true;
    out.extend(close[n..].windows(2).map(|w| {
        ok &= w[1].is_finite();
        let diff = w[1] - w[0];
        let (g, l) = if diff < 0.0 {
            (0.0, -diff)
        } else {
            (diff, 0.0)
        };
        gain = gain * keep + g * weight;
        loss = loss * keep + l * weight;
        strength(gain, loss)
    }));
    if !ok {
        check::finite("close", close)?;
    }
    Ok(out)
}

/// 100 * G / (G + L), or 0 for a flat window.
#[inline]
fn strength(gain: f64, loss: f64) -> f64 {
    let total = gain + loss;
    if total == 0.0 {
        0.0
    } else {
        100.0 * (gain / total)
    }
}

/// Streaming [`rsi`]: O(1) per value, equal to the batch form on the same data.
#[derive(Debug, Clone)]
pub struct Rsi {
    period: usize,
    /// (n - 1) / n and 1 / n, the factors of Wilder's recursion.
    keep: f64,
    weight: f64,
    prev: f64,
    seen: usize,
    gain: f64,
    loss: f64,
}

impl Rsi {
    /// `n` >= 1.
    pub fn new(n: i64) -> Result<Self> {
        let period = period("period", n)?;
        Ok(Rsi {
            period,
            keep: (period - 1) as f64 / period as f64,
            weight: 1.0 / period as f64,
            prev: f64::NAN,
            seen: 0,
            gain: 0.0,
            loss: 0.0,
        })
    }

    /// Adds one close and returns the RSI after it (NaN for the first n values).
    pub fn push(&mut self, close: f64) -> Result<f64> {
        check::finite_scalar("close", close)?;
        Ok(or_nan(self.step(close)))
    }

    #[inline]
    pub(crate) fn step(&mut self, x: f64) -> Option<f64> {
        let seen = self.seen;
        self.seen += 1;
        let diff = x - std::mem::replace(&mut self.prev, x);
        if seen == 0 {
            return None;
        }
        let n = self.period;
        let (gain, loss) = if diff < 0.0 {
            (0.0, -diff)
        } else {
            (diff, 0.0)
        };
        if seen > n {
            self.gain = self.gain * self.keep + gain * self.weight;
            self.loss = self.loss * self.keep + loss * self.weight;
            return Some(self.current());
        }
        // Warm-up: plain sums of the first n differences, then their means (TA-Lib's seed).
        self.gain += gain;
        self.loss += loss;
        if seen < n {
            return None;
        }
        self.gain /= n as f64;
        self.loss /= n as f64;
        Some(self.current())
    }

    #[inline]
    fn current(&self) -> f64 {
        strength(self.gain, self.loss)
    }

    /// The latest RSI (NaN during warm-up).
    pub fn value(&self) -> f64 {
        if self.seen > self.period {
            self.current()
        } else {
            f64::NAN
        }
    }

    pub fn period(&self) -> usize {
        self.period
    }

    pub fn count(&self) -> usize {
        self.seen
    }

    pub fn reset(&mut self) {
        self.prev = f64::NAN;
        self.seen = 0;
        self.gain = 0.0;
        self.loss = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked() {
        // Differences: +2, -1, +3, -4. n = 2: G = 1, L = 0.5 -> 66.67; then G = (1 + 3) / 2 = 2,
        // L = 0.25 -> 88.89; then G = 1, L = (0.25 + 4) / 2 = 2.125 -> 32.
        let out = rsi(&[10.0, 12.0, 11.0, 14.0, 10.0], 2).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(out[2], 100.0 * (1.0 / 1.5));
        assert_eq!(out[3], 100.0 * (2.0 / 2.25));
        assert_eq!(out[4], 100.0 * (1.0 / 3.125));
        assert_eq!(rsi(&[5.0, 5.0, 5.0], 2).unwrap()[2], 0.0);
        assert_eq!(rsi(&[1.0, 2.0, 3.0], 2).unwrap()[2], 100.0);
    }

    #[test]
    fn bad_input() {
        assert_eq!(rsi(&[1.0], 0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(rsi(&[], 14).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(
            rsi(&[1.0, f64::NAN], 14).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        let mut r = Rsi::new(2).unwrap();
        r.push(1.0).unwrap();
        assert_eq!(r.push(f64::INFINITY).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(r.count(), 1);
    }

    #[test]
    fn bad_values_after_the_warm_up_are_found() {
        let mut long = vec![1.0; 40];
        long[33] = f64::NEG_INFINITY;
        let e = rsi(&long, 14).unwrap_err();
        assert!(
            e.code() == "SMC_NON_FINITE" && e.to_string().contains("close[33]"),
            "{e}"
        );
        long[33] = 1.0;
        long[3] = f64::NAN;
        assert_eq!(rsi(&long, 14).unwrap_err().code(), "SMC_NON_FINITE");
    }
}
