//! StochRSI overbought/oversold bands that adapt to volatility.

use super::atr::{atr_into, Atr};
pub use super::band_options::DynamicBandsOptions;
use super::check_bar;
use super::running_mean::RunningMean;
use crate::error::Result;

/// Columns of [`dynamic_bands`], each as long as the input.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicBandsOutput {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub volatility_ratio: Vec<f64>,
    pub atr_ma: Vec<f64>,
}

/// One streaming output of [`DynamicBands`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandsPoint {
    pub lower: f64,
    pub upper: f64,
    pub volatility_ratio: f64,
    pub atr_ma: f64,
}

const WARM_UP: BandsPoint = BandsPoint {
    lower: f64::NAN,
    upper: f64::NAN,
    volatility_ratio: f64::NAN,
    atr_ma: f64::NAN,
};

/// StochRSI bands that adapt to volatility.
///
/// ratio = ATR(atrPeriod) / SMA(ATR, maPeriod). When ratio > highVol the bands widen by
/// e = (ratio - 1) * adjustment * 100: lower = max(baseLower - e, baseLower - maxShift),
/// upper = min(baseUpper + e, baseUpper + maxShift). When ratio < lowVol they narrow by
/// c = (1 - ratio) * adjustment * 100: lower = min(baseLower + c, baseLower + maxShift),
/// upper = max(baseUpper - c, baseUpper - maxShift). Otherwise they stay at the base. Then, if
/// upper - lower < minWidth, both move apart symmetrically around their midpoint to minWidth,
/// and both are clamped to [0, 100].
///
/// Warm-up: ATR starts at bar atrPeriod, its SMA (and so every output) at bar
/// atrPeriod + maPeriod - 1; NaN before. A window with no range at all (SMA of ATR = 0) has no
/// defined ratio; it is reported as 1 (neutral: base bands), never NaN.
///
/// Errors: those of [`super::atr`], plus `OutOfRange`/`InvalidInput`/`NonFinite` for options
/// (periods >= 1, bases in [0, 100] with baseLower < baseUpper, 0 <= lowVol < highVol,
/// adjustment >= 0, maxShift >= 0, minWidth in [0, 100]).
pub fn dynamic_bands(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    options: DynamicBandsOptions,
) -> Result<DynamicBandsOutput> {
    let (atr_period, ma_period) = options.validate()?;
    let len = close.len();
    // Column passes rather than the per-bar streaming step, with the same arithmetic and so the
    // same bits (checked by the property tests). The ATR is computed into the atrMa column and
    // replaced there by its running mean; the ring inside `RunningMean` keeps the ATR values the
    // mean still needs. Four columns in all: at 8 MB each per million bars, allocations (page
    // faults) cost more than the arithmetic.
    let mut out = DynamicBandsOutput {
        lower: vec![f64::NAN; len],
        upper: vec![f64::NAN; len],
        volatility_ratio: vec![f64::NAN; len],
        atr_ma: vec![0.0; len],
    };
    atr_into(high, low, close, atr_period as i64, &mut out.atr_ma)?;
    let mut mean = RunningMean::new(ma_period);
    for i in atr_period..len {
        let atr = out.atr_ma[i];
        let Some(atr_ma) = mean.push(atr) else {
            out.atr_ma[i] = f64::NAN;
            continue;
        };
        let ratio = volatility_ratio(atr, atr_ma);
        let (lower, upper) = options.bands_for_ratio(ratio);
        out.lower[i] = lower;
        out.upper[i] = upper;
        out.volatility_ratio[i] = ratio;
        out.atr_ma[i] = atr_ma;
    }
    Ok(out)
}

/// ATR over its average; 1 (neutral) when the average is 0, i.e. no range at all.
#[inline]
fn volatility_ratio(atr: f64, atr_ma: f64) -> f64 {
    if atr_ma > 0.0 {
        atr / atr_ma
    } else {
        1.0
    }
}

/// Streaming [`dynamic_bands`]: O(1) per bar, equal to the batch form.
#[derive(Debug, Clone)]
pub struct DynamicBands {
    options: DynamicBandsOptions,
    atr: Atr,
    atr_ma: RunningMean,
    last: BandsPoint,
}

impl DynamicBands {
    pub fn new(options: DynamicBandsOptions) -> Result<Self> {
        let (atr_period, ma_period) = options.validate()?;
        Ok(DynamicBands {
            options,
            atr: Atr::new(atr_period as i64)?,
            atr_ma: RunningMean::new(ma_period),
            last: WARM_UP,
        })
    }

    /// Adds one bar and returns the bands after it (NaN during warm-up).
    pub fn push(&mut self, high: f64, low: f64, close: f64) -> Result<BandsPoint> {
        check_bar(high, low, close)?;
        Ok(self.step(high, low, close))
    }

    #[inline]
    pub(crate) fn step(&mut self, high: f64, low: f64, close: f64) -> BandsPoint {
        self.last = self.compute(high, low, close).unwrap_or(WARM_UP);
        self.last
    }

    #[inline]
    fn compute(&mut self, high: f64, low: f64, close: f64) -> Option<BandsPoint> {
        let atr = self.atr.step(high, low, close)?;
        let atr_ma = self.atr_ma.push(atr)?;
        let volatility_ratio = volatility_ratio(atr, atr_ma);
        let (lower, upper) = self.options.bands_for_ratio(volatility_ratio);
        Some(BandsPoint {
            lower,
            upper,
            volatility_ratio,
            atr_ma,
        })
    }

    pub fn value(&self) -> BandsPoint {
        self.last
    }

    pub fn options(&self) -> DynamicBandsOptions {
        self.options
    }

    pub fn count(&self) -> usize {
        self.atr.count()
    }

    pub fn reset(&mut self) {
        self.atr.reset();
        self.atr_ma.reset();
        self.last = WARM_UP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_and_flat_market() {
        let o = DynamicBandsOptions {
            atr_period: 2,
            ma_period: 3,
            ..Default::default()
        };
        let h = [2.0; 8];
        let out = dynamic_bands(&h, &h, &h, o).unwrap();
        let first = 2 + 3 - 1;
        assert!(out.lower[..first].iter().all(|x| x.is_nan()));
        assert!(out.volatility_ratio[first..].iter().all(|&x| x == 1.0));
        assert!(out.atr_ma[first..].iter().all(|&x| x == 0.0));
        assert!(out.lower[first..].iter().all(|&x| x == 20.0));
    }

    #[test]
    fn options_are_validated() {
        let d = DynamicBandsOptions::default();
        let bad = [
            (
                DynamicBandsOptions { low_vol: 1.2, ..d },
                "SMC_INVALID_INPUT",
            ),
            (
                DynamicBandsOptions { low_vol: 1.5, ..d },
                "SMC_INVALID_INPUT",
            ),
            (
                DynamicBandsOptions {
                    base_lower: 80.0,
                    ..d
                },
                "SMC_INVALID_INPUT",
            ),
            (
                DynamicBandsOptions {
                    base_upper: 120.0,
                    ..d
                },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions { atr_period: 0, ..d },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions { ma_period: -2, ..d },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions {
                    adjustment: -0.1,
                    ..d
                },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions {
                    max_shift: -1.0,
                    ..d
                },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions {
                    min_width: 101.0,
                    ..d
                },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions { low_vol: -0.5, ..d },
                "SMC_OUT_OF_RANGE",
            ),
            (
                DynamicBandsOptions {
                    high_vol: f64::NAN,
                    ..d
                },
                "SMC_NON_FINITE",
            ),
        ];
        for (o, code) in bad {
            assert_eq!(DynamicBands::new(o).unwrap_err().code(), code, "{o:?}");
        }
        let mut s = DynamicBands::new(d).unwrap();
        assert_eq!(
            s.push(1.0, 2.0, 1.5).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(s.count(), 0);
    }
}
