//! Slippage models for bar mode, where there is no book to walk: a taker fill at a reference
//! price (the bar's open or close) is moved against the trader by a model-dependent amount.
//!
//! - [`FixedBpsSlippage`]: a constant number of basis points.
//! - [`SpreadSlippage`]: a fraction of the spread (half spread = crossing from mid), with a
//!   spread given in basis points when bars carry none.
//! - [`SqrtImpactSlippage`]: the square-root law of market impact,
//!   `impact = k * sigma * sqrt(Q / V)` as a fraction of price (Almgren, Thum, Hauptmann & Li
//!   2005, "Direct estimation of equity market impact"; Bouchaud, Bonart, Donier & Gould 2018,
//!   ch. 12), with `sigma` the volatility over the bar (fraction) and `V` the bar's volume.
//!
//! User models implement [`SlippageModel`].

use super::orders::OrderSide;
use crate::error::{check, Result, SmcError};

/// What a slippage model sees for one fill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlippageInput {
    pub side: OrderSide,
    /// The reference price before slippage (bar open or close).
    pub price: f64,
    pub qty: f64,
    /// The bar's traded volume (base units).
    pub bar_volume: f64,
    /// The bar's high and low (for range-based volatility).
    pub bar_high: f64,
    pub bar_low: f64,
}

/// A slippage model: returns the adverse price move (>= 0, in price units) of a taker fill.
pub trait SlippageModel: Send {
    fn slippage(&self, fill: &SlippageInput) -> f64;
}

/// The fill price of a taker fill: `price + slippage` for a buy, `price - slippage` for a sell.
pub fn apply(model: &dyn SlippageModel, fill: &SlippageInput) -> f64 {
    let s = model.slippage(fill).max(0.0);
    fill.price + fill.side.sign() * s
}

fn non_negative(name: &str, x: f64) -> Result<()> {
    check::finite_scalar(name, x)?;
    if x < 0.0 {
        return Err(SmcError::out_of_range(name, x, "a number >= 0"));
    }
    Ok(())
}

/// A constant slippage in basis points of the price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedBpsSlippage {
    pub bps: f64,
}

impl FixedBpsSlippage {
    /// # Errors
    /// `NonFinite`/`OutOfRange` for a negative or non-finite rate.
    pub fn new(bps: f64) -> Result<Self> {
        non_negative("slippage bps", bps)?;
        Ok(FixedBpsSlippage { bps })
    }
}

impl SlippageModel for FixedBpsSlippage {
    fn slippage(&self, fill: &SlippageInput) -> f64 {
        fill.price * self.bps * 1e-4
    }
}

/// `fraction` of a spread of `spread_bps` basis points (0.5 = pay the half spread).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadSlippage {
    pub spread_bps: f64,
    pub fraction: f64,
}

impl SpreadSlippage {
    /// # Errors
    /// `NonFinite`/`OutOfRange` for negative or non-finite inputs.
    pub fn new(spread_bps: f64, fraction: f64) -> Result<Self> {
        non_negative("spread_bps", spread_bps)?;
        non_negative("spread fraction", fraction)?;
        Ok(SpreadSlippage { spread_bps, fraction })
    }
}

impl SlippageModel for SpreadSlippage {
    fn slippage(&self, fill: &SlippageInput) -> f64 {
        fill.price * self.spread_bps * 1e-4 * self.fraction
    }
}

/// Square-root impact `k * sigma * sqrt(Q / V) * price`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SqrtImpactSlippage {
    /// The prefactor `k` (order 1 empirically; Almgren et al. report about 0.3-1).
    pub k: f64,
    /// Volatility per bar as a fraction; `None` estimates it per bar from the range with
    /// Parkinson's estimator `ln(high/low) / sqrt(4 ln 2)`.
    pub sigma: Option<f64>,
}

impl SqrtImpactSlippage {
    /// # Errors
    /// `NonFinite`/`OutOfRange` for negative or non-finite inputs.
    pub fn new(k: f64, sigma: Option<f64>) -> Result<Self> {
        non_negative("impact k", k)?;
        if let Some(s) = sigma {
            non_negative("impact sigma", s)?;
        }
        Ok(SqrtImpactSlippage { k, sigma })
    }
}

impl SlippageModel for SqrtImpactSlippage {
    fn slippage(&self, fill: &SlippageInput) -> f64 {
        let sigma = self.sigma.unwrap_or_else(|| {
            if fill.bar_low > 0.0 {
                (fill.bar_high / fill.bar_low).ln() / (4.0 * std::f64::consts::LN_2).sqrt()
            } else {
                0.0
            }
        });
        if fill.bar_volume <= 0.0 {
            // No volume observed: the law is undefined; charge the volatility itself (Q = V).
            return self.k * sigma * fill.price;
        }
        self.k * sigma * (fill.qty / fill.bar_volume).sqrt() * fill.price
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(side: OrderSide, qty: f64) -> SlippageInput {
        SlippageInput { side, price: 100.0, qty, bar_volume: 400.0, bar_high: 101.0, bar_low: 99.0 }
    }

    #[test]
    fn fixed_and_spread_move_against_the_trader() {
        let f = FixedBpsSlippage::new(10.0).unwrap();
        assert!((apply(&f, &input(OrderSide::Buy, 1.0)) - 100.1).abs() < 1e-12);
        assert!((apply(&f, &input(OrderSide::Sell, 1.0)) - 99.9).abs() < 1e-12);
        let s = SpreadSlippage::new(4.0, 0.5).unwrap();
        assert!((apply(&s, &input(OrderSide::Buy, 1.0)) - 100.02).abs() < 1e-12);
    }

    #[test]
    fn sqrt_impact_scales_with_root_participation() {
        let m = SqrtImpactSlippage::new(1.0, Some(0.02)).unwrap();
        // sigma sqrt(Q/V) = 0.02 * sqrt(100/400) = 0.01 -> 1.0 on a price of 100.
        assert!((m.slippage(&input(OrderSide::Buy, 100.0)) - 1.0).abs() < 1e-12);
        let four = m.slippage(&input(OrderSide::Buy, 400.0));
        assert!((four / m.slippage(&input(OrderSide::Buy, 100.0)) - 2.0).abs() < 1e-12);
        let parkinson = SqrtImpactSlippage::new(1.0, None).unwrap();
        let sigma = (101.0f64 / 99.0).ln() / (4.0 * std::f64::consts::LN_2).sqrt();
        assert!((parkinson.slippage(&input(OrderSide::Sell, 400.0)) - sigma * 100.0).abs() < 1e-12);
    }

    #[test]
    fn bad_parameters_are_rejected() {
        assert_eq!(FixedBpsSlippage::new(-1.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(SpreadSlippage::new(f64::NAN, 0.5).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(SqrtImpactSlippage::new(1.0, Some(-0.1)).unwrap_err().code(), "SMC_OUT_OF_RANGE");
    }
}
