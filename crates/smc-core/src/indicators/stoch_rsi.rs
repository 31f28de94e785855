//! Stochastic RSI (Chande & Kroll 1994; TA-Lib `STOCHRSI`).

use super::period;
use super::rolling_extrema::RollingExtrema;
use super::rsi::{rsi_into, Rsi};
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
    let mut fast_k = vec![0.0; close.len()];
    let mut fast_d = vec![0.0; close.len()];
    stoch_rsi_into(close, options, &mut fast_k, &mut fast_d)?;
    Ok(StochRsiOutput { fast_k, fast_d })
}

/// [`stoch_rsi`] writing into `fast_k` and `fast_d` (each as long as `close`).
pub fn stoch_rsi_into(
    close: &[f64],
    options: StochRsiOptions,
    fast_k: &mut [f64],
    fast_d: &mut [f64],
) -> Result<()> {
    StochRsi::new(options)?; // validates the options
    check::same_len("fastK output", close.len(), fast_k.len())?;
    check::same_len("fastD output", close.len(), fast_d.len())?;
    let k = options.fast_k as usize;
    let d = options.fast_d as usize;
    // Three column passes instead of the per-bar streaming step: faster, and bit-identical to it
    // (same RSI, exact extrema, same fastK and running-mean arithmetic; the property tests check
    // it). The RSI series is kept in the fastD column until pass 3 overwrites it with fastD.
    rsi_into(close, options.period, fast_d)?;
    let len = close.len();
    fast_k.fill(f64::NAN);
    let first_k = options.period as usize + k - 1;
    let first_out = first_k + d - 1;
    if first_out >= len {
        fast_d.fill(f64::NAN);
        return Ok(());
    }
    // Pass 2: fastK from the extremes of the last k RSI values.
    let first_rsi = options.period as usize;
    let (rsi_values, fast_k_out) = (&fast_d[first_rsi..], &mut fast_k[first_rsi..]);
    window_extrema(rsi_values, k, |i, lowest, highest| {
        let r = rsi_values[i];
        // TA-Lib divides by range/100 rather than multiplying by 100: same order, same bits.
        let scale = (highest - lowest) / 100.0;
        fast_k_out[i] = if scale != 0.0 {
            (r - lowest) / scale
        } else {
            0.0
        };
    });
    // Pass 3: fastD = SMA(fastK, d) with TA-Lib's running total (as `RunningMean`).
    let mut total = 0.0;
    for i in first_k..len {
        total += fast_k[i];
        fast_d[i] = if i >= first_out {
            total / d as f64
        } else {
            f64::NAN
        };
        if i >= first_out {
            total -= fast_k[i + 1 - d];
        }
    }
    // As TA-Lib, both columns start where fastD does.
    fast_d[..first_k].fill(f64::NAN);
    fast_k[..first_out].fill(f64::NAN);
    Ok(())
}

/// Calls `emit(i, lowest, highest)` for every window `values[i+1-k..=i]` (i >= k-1), with the
/// van Herk / Gil-Werman scheme: split `values` into blocks of k; a window then spans the suffix
/// of one block and the prefix of the next, so its extremes are those of a suffix extreme and a
/// running prefix extreme. Three comparisons per value and extreme, no data-dependent branches
/// (TA-Lib's rescan-when-the-extreme-leaves loop, and a monotonic deque, both branch on the data
/// and measured several times slower). The extremes are exact, so results are unchanged.
fn window_extrema(values: &[f64], k: usize, mut emit: impl FnMut(usize, f64, f64)) {
    let (mut suffix_max, mut suffix_min) = (vec![f64::NEG_INFINITY; k], vec![f64::INFINITY; k]);
    for (b, block) in values.chunks(k).enumerate() {
        let start = b * k;
        let (mut prefix_max, mut prefix_min) = (f64::NEG_INFINITY, f64::INFINITY);
        for (t, &x) in block.iter().enumerate() {
            prefix_max = if x > prefix_max { x } else { prefix_max };
            prefix_min = if x < prefix_min { x } else { prefix_min };
            if t + 1 == k {
                emit(start + t, prefix_min, prefix_max);
            } else if b > 0 {
                let (hi, lo) = (suffix_max[t + 1], suffix_min[t + 1]);
                emit(
                    start + t,
                    if lo < prefix_min { lo } else { prefix_min },
                    if hi > prefix_max { hi } else { prefix_max },
                );
            }
        }
        if block.len() == k {
            let (mut hi, mut lo) = (f64::NEG_INFINITY, f64::INFINITY);
            for t in (0..k).rev() {
                let x = block[t];
                hi = if x > hi { x } else { hi };
                lo = if x < lo { x } else { lo };
                suffix_max[t] = hi;
                suffix_min[t] = lo;
            }
        }
    }
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
    fn window_extrema_equal_a_rescan() {
        let xs: Vec<f64> = (0..50)
            .map(|i| ((i * 37) % 17) as f64 - (i % 5) as f64)
            .collect();
        for k in 1..9 {
            let mut seen = 0;
            window_extrema(&xs, k, |i, lo, hi| {
                let w = &xs[i + 1 - k..=i];
                assert_eq!(lo, w.iter().copied().fold(f64::INFINITY, f64::min));
                assert_eq!(hi, w.iter().copied().fold(f64::NEG_INFINITY, f64::max));
                assert_eq!(i, k - 1 + seen);
                seen += 1;
            });
            assert_eq!(seen, xs.len() + 1 - k);
        }
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
