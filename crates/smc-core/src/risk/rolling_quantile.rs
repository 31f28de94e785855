//! Exact rolling quantile over the last `window` values.

use super::quantile::QuantileMethod;
use super::sorted_window::SortedWindow;
use crate::error::{check, Result};

/// The p-quantile of a sliding window, exact (equal to sorting the window after every push).
///
/// Until the window is full the quantile is that of the values seen so far, or NaN while fewer
/// than `min_periods` values have arrived (the documented warm-up value, never an error).
#[derive(Debug, Clone)]
pub struct RollingQuantile {
    window: SortedWindow,
    p: f64,
    method: QuantileMethod,
    min_periods: usize,
}

impl RollingQuantile {
    /// `window` >= 1, `p` in [0, 1], 1 <= `min_periods` <= `window`.
    pub fn new(window: i64, p: f64, method: QuantileMethod, min_periods: i64) -> Result<Self> {
        let window = check::window("window", window, 1)?;
        check::probability("p", p)?;
        let min_periods = check::window("minPeriods", min_periods, 1)?;
        if min_periods > window {
            return Err(crate::SmcError::out_of_range(
                "minPeriods",
                min_periods as f64,
                &format!("an integer in [1, window = {window}]"),
            ));
        }
        Ok(RollingQuantile {
            window: SortedWindow::new(window),
            p,
            method,
            min_periods,
        })
    }

    pub fn p(&self) -> f64 {
        self.p
    }

    pub fn method(&self) -> QuantileMethod {
        self.method
    }

    pub fn capacity(&self) -> usize {
        self.window.capacity()
    }

    pub fn len(&self) -> usize {
        self.window.len()
    }

    pub fn is_empty(&self) -> bool {
        self.window.is_empty()
    }

    /// Adds one value and returns the p-quantile of the window after the push.
    pub fn push(&mut self, x: f64) -> Result<f64> {
        check::finite_scalar("x", x)?;
        self.window.push(x);
        Ok(self.current(self.p))
    }

    /// Adds every value of `xs` in order, writing the quantile after each push into `out`.
    /// All values are validated first, so a bad value leaves the window untouched.
    pub fn push_many_into(&mut self, xs: &[f64], out: &mut [f64]) -> Result<()> {
        check::same_len("output", xs.len(), out.len())?;
        check::finite("xs", xs)?;
        for (x, slot) in xs.iter().zip(out.iter_mut()) {
            self.window.push(*x);
            *slot = self.current(self.p);
        }
        Ok(())
    }

    /// [`Self::push_many_into`] returning a new vector.
    pub fn push_many(&mut self, xs: &[f64]) -> Result<Vec<f64>> {
        let mut out = vec![0.0; xs.len()];
        self.push_many_into(xs, &mut out)?;
        Ok(out)
    }

    /// Any quantile `p` of the current window, NaN during warm-up.
    pub fn value(&self, p: f64) -> Result<f64> {
        check::probability("p", p)?;
        Ok(self.current(p))
    }

    /// Empties the window, keeping its parameters.
    pub fn reset(&mut self) {
        self.window.clear();
    }

    /// The window's values in ascending order.
    pub fn sorted_values(&self) -> Vec<f64> {
        self.window.sorted_values().collect()
    }

    #[inline]
    fn current(&self, p: f64) -> f64 {
        let n = self.window.len();
        if n < self.min_periods {
            return f64::NAN;
        }
        let pos = self.method.position(n, p);
        let (a, b) = self.window.select_pair(pos.lower, pos.upper);
        pos.interpolate(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_then_sliding() {
        let mut rq = RollingQuantile::new(3, 0.5, QuantileMethod::Linear, 2).unwrap();
        assert!(rq.push(1.0).unwrap().is_nan());
        assert_eq!(rq.push(3.0).unwrap(), 2.0);
        assert_eq!(rq.push(2.0).unwrap(), 2.0);
        assert_eq!(rq.push(10.0).unwrap(), 3.0); // window [3, 2, 10]
        assert_eq!(rq.value(1.0).unwrap(), 10.0);
        assert_eq!(rq.len(), 3);
    }

    #[test]
    fn bad_input_is_typed_and_leaves_state() {
        assert_eq!(
            RollingQuantile::new(0, 0.5, QuantileMethod::Linear, 1)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingQuantile::new(-5, 0.5, QuantileMethod::Linear, 1)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingQuantile::new(5, 1.01, QuantileMethod::Linear, 1)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            RollingQuantile::new(5, 0.5, QuantileMethod::Linear, 6)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        let mut rq = RollingQuantile::new(5, 0.5, QuantileMethod::Linear, 1).unwrap();
        rq.push(1.0).unwrap();
        assert_eq!(
            rq.push_many(&[2.0, f64::NAN]).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(rq.push(f64::INFINITY).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(rq.len(), 1);
    }
}
