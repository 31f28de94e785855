//! Simple moving average (TA-Lib `SMA`).

use super::running_mean::RunningMean;
use super::{or_nan, period};
use crate::error::{check, Result};

/// SMA_t = (x_{t-n+1} + ... + x_t) / n, first value at index n-1 (NaN before).
///
/// Computed as a running total in TA-Lib's order (see `INT_SMA` in TA-Lib's `ta_SMA.c`), so the
/// result equals `talib.SMA` exactly. TA-Lib rejects n = 1; here it is the identity.
///
/// Errors: `EmptyInput` for no values, `NonFinite`, `OutOfRange` for n < 1.
pub fn sma(values: &[f64], n: i64) -> Result<Vec<f64>> {
    let mut state = Sma::new(n)?;
    check::series("values", values)?;
    Ok(values.iter().map(|&x| or_nan(state.step(x))).collect())
}

/// Streaming [`sma`]: O(1) per value, equal to the batch form on the same data.
#[derive(Debug, Clone)]
pub struct Sma {
    mean: RunningMean,
    last: f64,
}

impl Sma {
    /// `n` >= 1.
    pub fn new(n: i64) -> Result<Self> {
        Ok(Sma {
            mean: RunningMean::new(period("period", n)?),
            last: f64::NAN,
        })
    }

    /// Adds one value and returns the SMA after it (NaN for the first n-1 values).
    pub fn push(&mut self, x: f64) -> Result<f64> {
        check::finite_scalar("x", x)?;
        Ok(or_nan(self.step(x)))
    }

    #[inline]
    pub(crate) fn step(&mut self, x: f64) -> Option<f64> {
        let out = self.mean.push(x);
        self.last = or_nan(out);
        out
    }

    /// The latest output (NaN during warm-up or before the first value).
    pub fn value(&self) -> f64 {
        self.last
    }

    pub fn period(&self) -> usize {
        self.mean.period()
    }

    /// Number of values pushed since construction or the last reset.
    pub fn count(&self) -> usize {
        self.mean.seen()
    }

    pub fn reset(&mut self) {
        self.mean.reset();
        self.last = f64::NAN;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked() {
        let out = sma(&[1.0, 2.0, 3.0, 4.0, 10.0], 3).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(&out[2..], &[2.0, 3.0, 17.0 / 3.0]);
        assert_eq!(sma(&[4.0, 5.0], 1).unwrap(), vec![4.0, 5.0]);
        assert!(sma(&[1.0], 5).unwrap()[0].is_nan());
    }

    #[test]
    fn bad_input() {
        assert_eq!(sma(&[1.0], 0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(sma(&[], 2).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(
            sma(&[1.0, f64::NAN], 2).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        let mut s = Sma::new(2).unwrap();
        assert_eq!(s.push(f64::INFINITY).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(s.count(), 0);
    }
}
