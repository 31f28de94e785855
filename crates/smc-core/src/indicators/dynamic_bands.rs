//! StochRSI overbought/oversold bands that adapt to volatility.

use super::atr::Atr;
use super::running_mean::RunningMean;
use super::{check_bar, check_hlc, period};
use crate::error::{check, Result, SmcError};

/// Parameters of [`dynamic_bands`]. [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicBandsOptions {
    /// Oversold level before adjustment (default 20).
    pub base_lower: f64,
    /// Overbought level before adjustment (default 80).
    pub base_upper: f64,
    /// ATR period (default 14).
    pub atr_period: i64,
    /// Period of the SMA of the ATR the ratio compares against (default 20).
    pub ma_period: i64,
    /// Ratio above which the bands widen (default 1.2).
    pub high_vol: f64,
    /// Ratio below which the bands narrow (default 0.8).
    pub low_vol: f64,
    /// Band points per 1% of ratio deviation from 1, divided by 100 (default 0.3).
    pub adjustment: f64,
    /// Largest move of either band from its base (default 15).
    pub max_shift: f64,
    /// Smallest distance between the bands (default 10).
    pub min_width: f64,
}

impl Default for DynamicBandsOptions {
    fn default() -> Self {
        DynamicBandsOptions {
            base_lower: 20.0,
            base_upper: 80.0,
            atr_period: 14,
            ma_period: 20,
            high_vol: 1.2,
            low_vol: 0.8,
            adjustment: 0.3,
            max_shift: 15.0,
            min_width: 10.0,
        }
    }
}

impl DynamicBandsOptions {
    /// Checks every option; returns the two periods as lengths.
    pub fn validate(&self) -> Result<(usize, usize)> {
        let atr_period = period("atrPeriod", self.atr_period)?;
        let ma_period = period("maPeriod", self.ma_period)?;
        let named = [
            ("baseLower", self.base_lower),
            ("baseUpper", self.base_upper),
            ("highVol", self.high_vol),
            ("lowVol", self.low_vol),
            ("adjustment", self.adjustment),
            ("maxShift", self.max_shift),
            ("minWidth", self.min_width),
        ];
        for (name, x) in named {
            check::finite_scalar(name, x)?;
        }
        for (name, x) in [
            ("baseLower", self.base_lower),
            ("baseUpper", self.base_upper),
        ] {
            if !(0.0..=100.0).contains(&x) {
                return Err(SmcError::out_of_range(name, x, "a number in [0, 100]"));
            }
        }
        if self.base_lower >= self.base_upper {
            return Err(SmcError::invalid(format!(
                "baseLower ({}) must be below baseUpper ({})",
                self.base_lower, self.base_upper
            )));
        }
        if self.low_vol < 0.0 {
            return Err(SmcError::out_of_range(
                "lowVol",
                self.low_vol,
                "a number >= 0",
            ));
        }
        if self.low_vol >= self.high_vol {
            return Err(SmcError::invalid(format!(
                "lowVol ({}) must be below highVol ({})",
                self.low_vol, self.high_vol
            )));
        }
        for (name, x) in [
            ("adjustment", self.adjustment),
            ("maxShift", self.max_shift),
        ] {
            if x < 0.0 {
                return Err(SmcError::out_of_range(name, x, "a number >= 0"));
            }
        }
        if !(0.0..=100.0).contains(&self.min_width) {
            return Err(SmcError::out_of_range(
                "minWidth",
                self.min_width,
                "a number in [0, 100]",
            ));
        }
        Ok((atr_period, ma_period))
    }

    /// The bands for one volatility ratio (the formula of [`dynamic_bands`]).
    pub fn bands_for_ratio(&self, ratio: f64) -> (f64, f64) {
        let (base_lower, base_upper) = (self.base_lower, self.base_upper);
        let (mut lower, mut upper) = if ratio > self.high_vol {
            let e = (ratio - 1.0) * self.adjustment * 100.0;
            (
                (base_lower - e).max(base_lower - self.max_shift),
                (base_upper + e).min(base_upper + self.max_shift),
            )
        } else if ratio < self.low_vol {
            let c = (1.0 - ratio) * self.adjustment * 100.0;
            (
                (base_lower + c).min(base_lower + self.max_shift),
                (base_upper - c).max(base_upper - self.max_shift),
            )
        } else {
            (base_lower, base_upper)
        };
        if upper - lower < self.min_width {
            let mid = (lower + upper) / 2.0;
            lower = mid - self.min_width / 2.0;
            upper = mid + self.min_width / 2.0;
        }
        (lower.clamp(0.0, 100.0), upper.clamp(0.0, 100.0))
    }
}

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
    let mut state = DynamicBands::new(options)?;
    check_hlc(high, low, close)?;
    let n = close.len();
    let mut out = DynamicBandsOutput {
        lower: Vec::with_capacity(n),
        upper: Vec::with_capacity(n),
        volatility_ratio: Vec::with_capacity(n),
        atr_ma: Vec::with_capacity(n),
    };
    for i in 0..n {
        let p = state.step(high[i], low[i], close[i]);
        out.lower.push(p.lower);
        out.upper.push(p.upper);
        out.volatility_ratio.push(p.volatility_ratio);
        out.atr_ma.push(p.atr_ma);
    }
    Ok(out)
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
        let volatility_ratio = if atr_ma > 0.0 { atr / atr_ma } else { 1.0 };
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
    fn band_formula_hand_checked() {
        let o = DynamicBandsOptions::default();
        assert_eq!(o.bands_for_ratio(1.0), (20.0, 80.0));
        // ratio 1.3: e = 0.3 * 0.3 * 100 = 9 -> 11 and 89.
        let (l, u) = o.bands_for_ratio(1.3);
        assert!((l - 11.0).abs() < 1e-12 && (u - 89.0).abs() < 1e-12);
        // ratio 2: e = 30, capped by maxShift 15.
        assert_eq!(o.bands_for_ratio(2.0), (5.0, 95.0));
        // ratio 0.7: c = 9 -> 29 and 71.
        let (l, u) = o.bands_for_ratio(0.7);
        assert!((l - 29.0).abs() < 1e-12 && (u - 71.0).abs() < 1e-12);
        // ratio 0: c = 30, capped at 15 -> 35 and 65.
        assert_eq!(o.bands_for_ratio(0.0), (35.0, 65.0));
        // Narrow bases: minWidth pushes them apart around the midpoint, then clamping.
        let narrow = DynamicBandsOptions {
            base_lower: 45.0,
            base_upper: 50.0,
            ..o
        };
        assert_eq!(narrow.bands_for_ratio(1.0), (42.5, 52.5));
        let edge = DynamicBandsOptions {
            base_lower: 0.0,
            base_upper: 4.0,
            ..o
        };
        assert_eq!(edge.bands_for_ratio(1.0), (0.0, 7.0));
    }

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
