//! Exponential moving average (TA-Lib `EMA`, classic seeding).

use super::{or_nan, period};
use crate::error::{check, Result};

/// EMA with k = 2 / (n + 1): the first value, at index n-1, is the SMA of the first n values;
/// then EMA_t = (x_t - EMA_{t-1}) * k + EMA_{t-1} (TA-Lib's arithmetic order, `ta_EMA.c`).
/// NaN before index n-1.
///
/// Errors: `EmptyInput`, `NonFinite`, `OutOfRange` for n < 1.
pub fn ema(values: &[f64], n: i64) -> Result<Vec<f64>> {
    let mut state = Ema::new(n)?;
    check::series("values", values)?;
    Ok(values.iter().map(|&x| or_nan(state.step(x))).collect())
}

/// Streaming [`ema`]: O(1) per value, equal to the batch form on the same data.
#[derive(Debug, Clone)]
pub struct Ema {
    period: usize,
    k: f64,
    seen: usize,
    /// The running sum during warm-up, the EMA afterwards.
    acc: f64,
}

impl Ema {
    /// `n` >= 1.
    pub fn new(n: i64) -> Result<Self> {
        let period = period("period", n)?;
        Ok(Ema {
            period,
            k: 2.0 / (period as f64 + 1.0),
            seen: 0,
            acc: 0.0,
        })
    }

    /// Adds one value and returns the EMA after it (NaN for the first n-1 values).
    pub fn push(&mut self, x: f64) -> Result<f64> {
        check::finite_scalar("x", x)?;
        Ok(or_nan(self.step(x)))
    }

    #[inline]
    pub(crate) fn step(&mut self, x: f64) -> Option<f64> {
        self.seen += 1;
        if self.seen < self.period {
            self.acc += x;
            None
        } else if self.seen == self.period {
            self.acc = (self.acc + x) / self.period as f64;
            Some(self.acc)
        } else {
            self.acc += (x - self.acc) * self.k;
            Some(self.acc)
        }
    }

    /// The latest output (NaN during warm-up).
    pub fn value(&self) -> f64 {
        if self.seen >= self.period {
            self.acc
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
        self.seen = 0;
        self.acc = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_with_the_sma() {
        // k = 0.5: seed (1+2+3)/3 = 2, then (6-2)/2+2 = 4, then (0-4)/2+4 = 2.
        let out = ema(&[1.0, 2.0, 3.0, 6.0, 0.0], 3).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(&out[2..], &[2.0, 4.0, 2.0]);
        assert_eq!(ema(&[3.0, -1.0], 1).unwrap(), vec![3.0, -1.0]);
    }

    #[test]
    fn bad_input() {
        assert_eq!(ema(&[1.0], -3).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(ema(&[], 2).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(ema(&[f64::NAN], 2).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(
            Ema::new(3).unwrap().push(f64::NAN).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
    }
}
