//! Options of the volatility-adaptive bands, their validation and the band formula.

use super::period;
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
}
