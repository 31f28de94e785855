//! Scale-free features of a bar series, computed in O(1) per bar.
//!
//! Every feature is normalised by the instrument's own recent volatility (an EWMA of squared
//! log returns, as RiskMetrics does) or bounded by construction, so one model serves BTC at
//! 40,000 and EURUSD at 1.07 alike, and values stay in a range a readout can use.

use std::collections::VecDeque;

use crate::error::{check, Result};
use crate::ohlc::Ohlc;

pub const N_BAR_FEATURES: usize = 8;

/// Names in output order; part of the model contract.
pub const BAR_FEATURE_NAMES: [&str; N_BAR_FEATURES] = [
    "ret_1_z",
    "ret_5_z",
    "ret_20_z",
    "range_z",
    "body_ratio",
    "vol_ratio_log",
    "volume_log_ratio",
    "range_position_20",
];

/// EWMA decay of the fast and slow variance estimates (half-lives about 10 and 69 bars).
const FAST_LAMBDA: f64 = 0.94;
const SLOW_LAMBDA: f64 = 0.99;
const VOLUME_LAMBDA: f64 = 0.95;
/// Floor on the volatility used for normalisation, so flat markets do not divide by zero.
const MIN_VOL: f64 = 1e-6;
/// Bars needed before every feature is defined (the 20-bar lookbacks).
pub const WARM_UP: usize = 21;

/// Streaming state. `update` returns the feature vector of the bar just added, or `None`
/// during the warm-up of [`WARM_UP`] bars.
#[derive(Debug, Clone, Default)]
pub struct BarFeatures {
    closes: VecDeque<f64>,
    highs: VecDeque<f64>,
    lows: VecDeque<f64>,
    fast_var: f64,
    slow_var: f64,
    volume_ewma: f64,
    seen: usize,
}

impl BarFeatures {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one bar (validated by the caller) and writes its features into `out`.
    pub fn update(
        &mut self,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: f64,
        out: &mut [f32; N_BAR_FEATURES],
    ) -> bool {
        if let Some(&prev) = self.closes.back() {
            let r = (close / prev).ln();
            if self.seen == 1 {
                self.fast_var = r * r;
                self.slow_var = r * r;
            } else {
                self.fast_var = FAST_LAMBDA * self.fast_var + (1.0 - FAST_LAMBDA) * r * r;
                self.slow_var = SLOW_LAMBDA * self.slow_var + (1.0 - SLOW_LAMBDA) * r * r;
            }
        }
        let volume_log = (volume.max(0.0) + 1.0).ln();
        self.volume_ewma = if self.seen == 0 {
            volume_log
        } else {
            VOLUME_LAMBDA * self.volume_ewma + (1.0 - VOLUME_LAMBDA) * volume_log
        };
        self.seen += 1;
        push_bounded(&mut self.closes, close, 21);
        push_bounded(&mut self.highs, high, 20);
        push_bounded(&mut self.lows, low, 20);
        if self.seen < WARM_UP {
            return false;
        }
        let vol = self.slow_var.sqrt().max(MIN_VOL);
        let c = |back: usize| self.closes[self.closes.len() - 1 - back];
        let ret = |back: usize| (close / c(back)).ln() / (vol * (back as f64).sqrt());
        let hh = self.highs.iter().copied().fold(f64::MIN, f64::max);
        let ll = self.lows.iter().copied().fold(f64::MAX, f64::min);
        let span = high - low;
        out[0] = ret(1) as f32;
        out[1] = ret(5) as f32;
        out[2] = ret(20) as f32;
        out[3] = ((high / low).ln() / vol) as f32;
        out[4] = if span > 0.0 {
            ((close - open) / span) as f32
        } else {
            0.0
        };
        out[5] = (0.5 * (self.fast_var.max(MIN_VOL * MIN_VOL) / vol / vol).ln()) as f32;
        out[6] = (volume_log - self.volume_ewma) as f32;
        out[7] = if hh > ll {
            (2.0 * (close - ll) / (hh - ll) - 1.0) as f32
        } else {
            0.0
        };
        true
    }
}

fn push_bounded(q: &mut VecDeque<f64>, x: f64, cap: usize) {
    if q.len() == cap {
        q.pop_front();
    }
    q.push_back(x);
}

/// Batch form: a row-major `[n x N_BAR_FEATURES]` matrix, NaN rows during the warm-up.
/// Equal to feeding [`BarFeatures::update`] bar by bar.
pub fn bar_features(bars: &Ohlc<'_>) -> Result<Vec<f32>> {
    check::min_len("bars", bars.close, 1)?;
    let n = bars.len();
    let mut out = vec![f32::NAN; n * N_BAR_FEATURES];
    let mut state = BarFeatures::new();
    let mut row = [0f32; N_BAR_FEATURES];
    for i in 0..n {
        if state.update(
            bars.open[i],
            bars.high[i],
            bars.low[i],
            bars.close[i],
            bars.volume[i],
            &mut row,
        ) {
            out[i * N_BAR_FEATURES..(i + 1) * N_BAR_FEATURES].copy_from_slice(&row);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{generate_bars, SyntheticBarsConfig};

    #[test]
    fn warm_up_then_finite_bounded_features() {
        let b = generate_bars(&SyntheticBarsConfig {
            bars: 3_000,
            ..Default::default()
        })
        .unwrap();
        let o = Ohlc::new(None, &b.open, &b.high, &b.low, &b.close, &b.volume).unwrap();
        let f = bar_features(&o).unwrap();
        assert!(f[..(WARM_UP - 1) * N_BAR_FEATURES]
            .iter()
            .all(|x| x.is_nan()));
        let rest = &f[(WARM_UP - 1) * N_BAR_FEATURES..];
        assert!(rest.iter().all(|x| x.is_finite()));
        for row in rest.chunks(N_BAR_FEATURES) {
            assert!((-1.0..=1.0).contains(&row[4]), "body ratio {}", row[4]);
            assert!((-1.0..=1.0).contains(&row[7]), "range position {}", row[7]);
            assert!(row[3] >= 0.0);
        }
        // Standardised one-bar returns have a scale near 1.
        let z: Vec<f64> = rest.chunks(N_BAR_FEATURES).map(|r| r[0] as f64).collect();
        let sd = (z.iter().map(|x| x * x).sum::<f64>() / z.len() as f64).sqrt();
        assert!((0.5..2.0).contains(&sd), "sd of ret_1_z = {sd}");
    }

    #[test]
    fn flat_market_gives_zeros_not_nan() {
        let ones = vec![100.0; 50];
        let o = Ohlc::new(None, &ones, &ones, &ones, &ones, &ones).unwrap();
        let f = bar_features(&o).unwrap();
        assert!(f[(WARM_UP - 1) * N_BAR_FEATURES..]
            .iter()
            .all(|x| x.is_finite()));
    }
}
