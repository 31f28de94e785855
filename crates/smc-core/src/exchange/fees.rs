//! Fee models. A fee is in quote currency, positive = paid, negative = rebate received.
//!
//! - [`MakerTakerFees`]: basis points of notional by liquidity flag (a negative maker rate is a
//!   rebate), plus an optional fixed fee per order charged on its first fill.
//! - [`TieredFees`]: maker/taker rates chosen by the account's rolling traded notional over a
//!   window (the volume tiers of most crypto venues), plus the fixed fee per order.
//!
//! User models implement [`FeeModel`].

use std::collections::VecDeque;

use super::orders::Liquidity;
use crate::error::{check, Result, SmcError};

/// The facts a fee depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeeInput {
    pub ts_ns: i64,
    pub liquidity: Liquidity,
    pub price: f64,
    pub qty: f64,
    /// Whether this is the order's first fill (per-order fixed fees are charged once).
    pub first_fill: bool,
}

/// A fee model. `fee` may keep state (rolling volume), so it is called once per fill, in order.
pub trait FeeModel: Send {
    fn fee(&mut self, fill: &FeeInput) -> f64;
}

fn check_bps(name: &str, bps: f64) -> Result<()> {
    check::finite_scalar(name, bps)?;
    if bps.abs() >= 10_000.0 {
        return Err(SmcError::out_of_range(name, bps, "a rate in (-10000, 10000) bps"));
    }
    Ok(())
}

/// Maker/taker rates in basis points, and a fixed fee per order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MakerTakerFees {
    pub maker_bps: f64,
    pub taker_bps: f64,
    pub fixed_per_order: f64,
}

impl MakerTakerFees {
    /// # Errors
    /// `NonFinite`, or `OutOfRange` for a rate of 100% or more or a negative fixed fee.
    pub fn new(maker_bps: f64, taker_bps: f64, fixed_per_order: f64) -> Result<Self> {
        check_bps("maker_bps", maker_bps)?;
        check_bps("taker_bps", taker_bps)?;
        check::finite_scalar("fixed_per_order", fixed_per_order)?;
        if fixed_per_order < 0.0 {
            return Err(SmcError::out_of_range("fixed_per_order", fixed_per_order, "a fee >= 0"));
        }
        Ok(MakerTakerFees { maker_bps, taker_bps, fixed_per_order })
    }

    #[inline]
    fn charge(&self, fill: &FeeInput, maker_bps: f64, taker_bps: f64) -> f64 {
        let bps = match fill.liquidity {
            Liquidity::Maker => maker_bps,
            Liquidity::Taker => taker_bps,
        };
        let fixed = if fill.first_fill { self.fixed_per_order } else { 0.0 };
        fill.price * fill.qty * bps * 1e-4 + fixed
    }
}

impl FeeModel for MakerTakerFees {
    #[inline]
    fn fee(&mut self, fill: &FeeInput) -> f64 {
        self.charge(fill, self.maker_bps, self.taker_bps)
    }
}

/// One volume tier: rates that apply once the rolling notional reaches `min_volume`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeeTier {
    pub min_volume: f64,
    pub maker_bps: f64,
    pub taker_bps: f64,
}

/// Rates by rolling traded notional: the tier with the largest `min_volume` not above the
/// notional traded in the last `window_ns` (the current fill excluded) applies.
#[derive(Debug, Clone, PartialEq)]
pub struct TieredFees {
    tiers: Vec<FeeTier>,
    window_ns: i64,
    fixed: MakerTakerFees,
    history: VecDeque<(i64, f64)>,
    rolling: f64,
}

impl TieredFees {
    /// `tiers` in increasing `min_volume`, the first at 0.
    ///
    /// # Errors
    /// `EmptyInput`, `InvalidInput` when tiers do not start at 0 or do not increase, bad rates as
    /// in [`MakerTakerFees::new`], `OutOfRange` for a window <= 0.
    pub fn new(tiers: Vec<FeeTier>, window_ns: i64, fixed_per_order: f64) -> Result<Self> {
        check::min_len("fee tiers", &tiers, 1)?;
        if tiers[0].min_volume != 0.0 {
            return Err(SmcError::invalid("the first fee tier must start at volume 0"));
        }
        for (i, t) in tiers.iter().enumerate() {
            check_bps("tier maker_bps", t.maker_bps)?;
            check_bps("tier taker_bps", t.taker_bps)?;
            if i > 0 && !(t.min_volume > tiers[i - 1].min_volume) {
                return Err(SmcError::invalid(format!("fee tier {i}: min_volume must increase")));
            }
        }
        if window_ns <= 0 {
            return Err(SmcError::out_of_range("window_ns", window_ns as f64, "a window > 0 ns"));
        }
        let fixed = MakerTakerFees::new(0.0, 0.0, fixed_per_order)?;
        Ok(TieredFees { tiers, window_ns, fixed, history: VecDeque::new(), rolling: 0.0 })
    }

    /// The rolling notional as of the last fill.
    pub fn rolling_volume(&self) -> f64 {
        self.rolling
    }
}

impl FeeModel for TieredFees {
    fn fee(&mut self, fill: &FeeInput) -> f64 {
        while let Some(&(t, v)) = self.history.front() {
            if t > fill.ts_ns - self.window_ns {
                break;
            }
            self.rolling -= v;
            self.history.pop_front();
        }
        if self.history.is_empty() {
            self.rolling = 0.0; // drop accumulated rounding error
        }
        let tier = self.tiers.iter().rev().find(|t| t.min_volume <= self.rolling).unwrap_or(&self.tiers[0]);
        let fee = self.fixed.charge(fill, tier.maker_bps, tier.taker_bps);
        let notional = fill.price * fill.qty;
        self.history.push_back((fill.ts_ns, notional));
        self.rolling += notional;
        fee
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(ts: i64, liq: Liquidity, qty: f64, first: bool) -> FeeInput {
        FeeInput { ts_ns: ts, liquidity: liq, price: 100.0, qty, first_fill: first }
    }

    #[test]
    fn maker_rebate_and_taker_fee_and_fixed_once() {
        let mut m = MakerTakerFees::new(-1.0, 5.0, 0.25).unwrap();
        assert!((m.fee(&fill(0, Liquidity::Maker, 10.0, false)) + 0.1).abs() < 1e-12);
        assert!((m.fee(&fill(0, Liquidity::Taker, 10.0, true)) - 0.75).abs() < 1e-12);
        assert_eq!(MakerTakerFees::new(f64::NAN, 0.0, 0.0).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(MakerTakerFees::new(0.0, 0.0, -1.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }

    #[test]
    fn tiers_follow_the_rolling_volume() {
        let tiers = vec![
            FeeTier { min_volume: 0.0, maker_bps: 2.0, taker_bps: 4.0 },
            FeeTier { min_volume: 1_000.0, maker_bps: 1.0, taker_bps: 3.0 },
        ];
        let mut m = TieredFees::new(tiers, 100, 0.0).unwrap();
        // 10 x 100 = 1000 notional at tier 0.
        assert!((m.fee(&fill(0, Liquidity::Taker, 10.0, true)) - 0.4).abs() < 1e-12);
        // Now at tier 1.
        assert!((m.fee(&fill(50, Liquidity::Taker, 10.0, true)) - 0.3).abs() < 1e-12);
        // At t = 120 the first fill left the window: rolling 1000, still tier 1.
        assert!((m.fee(&fill(120, Liquidity::Maker, 1.0, true)) - 0.01).abs() < 1e-12);
        // At t = 300 everything has left: tier 0 again.
        assert!((m.fee(&fill(300, Liquidity::Maker, 1.0, true)) - 0.02).abs() < 1e-12);
    }

    #[test]
    fn bad_tiers_are_rejected() {
        let t = |v: f64| FeeTier { min_volume: v, maker_bps: 1.0, taker_bps: 1.0 };
        assert_eq!(TieredFees::new(vec![], 1, 0.0).unwrap_err().code(), "SMC_EMPTY_INPUT");
        assert_eq!(TieredFees::new(vec![t(5.0)], 1, 0.0).unwrap_err().code(), "SMC_INVALID_INPUT");
        assert_eq!(TieredFees::new(vec![t(0.0), t(0.0)], 1, 0.0).unwrap_err().code(), "SMC_INVALID_INPUT");
        assert_eq!(TieredFees::new(vec![t(0.0)], 0, 0.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }
}
