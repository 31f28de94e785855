//! Stochastic RSI (Chande & Kroll 1994; TA-Lib `STOCHRSI`).

use super::period;
use super::rolling_extrema::RollingExtrema;
use super::rsi::Rsi;
use super::running_mean::RunningMean;
use crate::error::{check, Result};

/// Parameters of [`stoch_rsi`]; TA-Lib's defaults are 14, 5 and 3.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StochRsiOptions {
    /// RSI period (n).
    pub period: i64,
    /// Look-back of the stochastic over the RSI (k).
    pub fast_k: i64,
    /// SMA period of fastK that gives fastD (d).
    pub fast_d: i64,
}

impl Default for StochRsiOptions {
    fn default() -> Self {
        StochRsiOptions {
            period: 14,
            fast_k: 5,
            fast_d: 3,
        }
    }
}

/// Columns of [`stoch_rsi`], each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct StochRsiOutput {
    pub fast_k: Vec<f64>,
    pub fast_d: Vec<f64>,
}

/// One streaming output of [`StochRsi`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StochRsiPoint {
    pub fast_k: f64,
    pub fast_d: f64,
}

/// TA-Lib's STOCHRSI: the fast stochastic (STOCHF) applied to the RSI series r:
/// fastK_t = (r_t - min(r_{t-k+1..t})) / ((max - min) / 100), or 0 when max = min (a flat
/// window); fastD = SMA(fastK, d) (TA-Lib's default `fastd_matype` = SMA). Both columns start at
/// bar n + k - 1 + d - 1, as in TA-Lib (fastK is withheld until fastD exists); NaN before.
/// Values can leave [0, 100] by rounding (about 1e-14), exactly as TA-Lib's do; no clamping.
///
/// Reference: T. Chande and S. Kroll, *The New Technical Trader* (1994); `ta_STOCHRSI.c`,
/// `ta_STOCHF.c`.
/// Errors: `EmptyInput`, `NonFinite`, `OutOfRange` (any period < 1).
pub fn stoch_rsi(close: &[f64], options: StochRsiOptions) -> Result<StochRsiOutput> {
    StochRsi::new(options)?; // validates the options
    check::series("close", close)?;
    let rsi_period = options.period as usize;
    let k = options.fast_k as usize;
    let d = options.fast_d as usize;
    // Column passes over a temporary RSI series: faster than the per-bar streaming step, and
    // bit-identical to it (same RSI recursion, exact extrema, same fastK and SMA arithmetic),
    // which the property tests check.
    let mut rsi_state = Rsi::new(options.period)?;
    let rsi: Vec<f64> = close
        .iter()
        .map(|&x| rsi_state.step(x).unwrap_or(f64::NAN))
        .collect();
    let len = close.len();
    let mut fast_k = vec![f64::NAN; len];
    let mut fast_d = vec![f64::NAN; len];
    let first_k = rsi_period + k - 1;
    let first_out = first_k + d - 1;
    if first_out >= len {
        return Ok(StochRsiOutput { fast_k, fast_d });
    }
    let mut mean = RunningMean::new(d);
    // TA-Lib's STOCHF scan: remember where the extremes are; rescan only when one leaves.
    let (mut hi_idx, mut lo_idx) = (usize::MAX, usize::MAX);
    let (mut highest, mut lowest) = (f64::NAN, f64::NAN);
    for i in first_k..len {
        let start = i + 1 - k;
        let r = rsi[i];
        if hi_idx == usize::MAX || hi_idx < start {
            (hi_idx, highest) = extreme(&rsi[start..=i], start, |a, b| a > b);
        } else if r >= highest {
            (hi_idx, highest) = (i, r);
        }
        if lo_idx == usize::MAX || lo_idx < start {
            (lo_idx, lowest) = extreme(&rsi[start..=i], start, |a, b| a < b);
        } else if r <= lowest {
            (lo_idx, lowest) = (i, r);
        }
        let scale = (highest - lowest) / 100.0;
        let kv = if scale != 0.0 {
            (r - lowest) / scale
        } else {
            0.0
        };
        if let Some(dv) = mean.push(kv) {
            fast_k[i] = kv;
            fast_d[i] = dv;
        }
    }
    Ok(StochRsiOutput { fast_k, fast_d })
}

/// Index and value of the extreme of `window` under `better` (the last one on ties).
#[inline]
fn extreme(window: &[f64], offset: usize, better: impl Fn(f64, f64) -> bool) -> (usize, f64) {
    let mut best = (offset, window[0]);
    for (j, &x) in window.iter().enumerate().skip(1) {
        if !better(best.1, x) {
            best = (offset + j, x);
        }
    }
    best
}

/// Streaming [`stoch_rsi`]: amortised O(1) per value, equal to the batch form.
#[derive(Debug, Clone)]
pub struct StochRsi {
    options: StochRsiOptions,
    rsi: Rsi,
    extrema: RollingExtrema,
    fast_d: RunningMean,
    last: StochRsiPoint,
}

const WARM_UP: StochRsiPoint = StochRsiPoint {
    fast_k: f64::NAN,
    fast_d: f64::NAN,
};

impl StochRsi {
    /// Every period >= 1.
    pub fn new(options: StochRsiOptions) -> Result<Self> {
        let rsi = Rsi::new(options.period)?;
        let fast_k = period("fastK", options.fast_k)?;
        let fast_d = period("fastD", options.fast_d)?;
        Ok(StochRsi {
            options,
            rsi,
            extrema: RollingExtrema::new(fast_k),
            fast_d: RunningMean::new(fast_d),
            last: WARM_UP,
        })
    }

    /// Adds one close and returns fastK and fastD after it (NaN during warm-up).
    pub fn push(&mut self, close: f64) -> Result<StochRsiPoint> {
        check::finite_scalar("close", close)?;
        Ok(self.step(close))
    }

    #[inline]
    pub(crate) fn step(&mut self, x: f64) -> StochRsiPoint {
        self.last = self.compute(x).unwrap_or(WARM_UP);
        self.last
    }

    #[inline]
    fn compute(&mut self, x: f64) -> Option<StochRsiPoint> {
        let r = self.rsi.step(x)?;
        let (lowest, highest) = self.extrema.push(r)?;
        // TA-Lib divides by range/100 rather than multiplying by 100: same order, same bits.
        let scale = (highest - lowest) / 100.0;
        let fast_k = if scale != 0.0 {
            (r - lowest) / scale
        } else {
            0.0
        };
        let fast_d = self.fast_d.push(fast_k)?;
        Some(StochRsiPoint { fast_k, fast_d })
    }

    /// The latest output (NaN during warm-up).
    pub fn value(&self) -> StochRsiPoint {
        self.last
    }

    pub fn options(&self) -> StochRsiOptions {
        self.options
    }

    pub fn count(&self) -> usize {
        self.rsi.count()
    }

    pub fn reset(&mut self) {
        self.rsi.reset();
        self.extrema.reset();
        self.fast_d.reset();
        self.last = WARM_UP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(period: i64, fast_k: i64, fast_d: i64) -> StochRsiOptions {
        StochRsiOptions {
            period,
            fast_k,
            fast_d,
        }
    }

    #[test]
    fn first_value_at_n_plus_k_plus_d_minus_two() {
        let close: Vec<f64> = (0..40).map(|i| 100.0 + ((i * 7) % 11) as f64).collect();
        let out = stoch_rsi(&close, opts(5, 4, 3)).unwrap();
        let first = 5 + 4 - 1 + 3 - 1;
        assert!(out.fast_k[..first].iter().all(|x| x.is_nan()));
        assert!(out.fast_d[..first].iter().all(|x| x.is_nan()));
        assert!(out.fast_k[first..]
            .iter()
            .all(|x| (0.0..=100.0).contains(x)));
        // fastD is the 3-bar mean of fastK.
        let i = first + 5;
        let mean = (out.fast_k[i - 2] + out.fast_k[i - 1] + out.fast_k[i]) / 3.0;
        assert!((out.fast_d[i] - mean).abs() < 1e-12);
    }

    #[test]
    fn hand_checked_and_flat() {
        // n = 1: RSI is 100 on a rise, 0 on a fall or flat. k = 2, d = 1.
        let out = stoch_rsi(&[1.0, 2.0, 1.0, 1.0, 3.0], opts(1, 2, 1)).unwrap();
        assert!(out.fast_k[..2].iter().all(|x| x.is_nan()));
        // RSIs: -, 100, 0, 0, 100 -> fastK over pairs: (0-0)/1 = 0, flat -> 0, 100.
        assert_eq!(&out.fast_k[2..], &[0.0, 0.0, 100.0]);
        assert_eq!(&out.fast_d[2..], &[0.0, 0.0, 100.0]);
    }

    #[test]
    fn bad_options() {
        for o in [opts(0, 5, 3), opts(14, 0, 3), opts(14, 5, -1)] {
            assert_eq!(stoch_rsi(&[1.0], o).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        }
        assert_eq!(
            stoch_rsi(&[], StochRsiOptions::default())
                .unwrap_err()
                .code(),
            "SMC_EMPTY_INPUT"
        );
    }
}
