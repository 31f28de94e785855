//! Measuring an execution: Perold's implementation shortfall and its decomposition, and
//! slippage against the arrival price and the interval VWAP.
//!
//! Sign convention: a positive cost is money lost relative to the benchmark, for buys and sells
//! alike (the side sign flips price differences).

use super::Side;
use crate::error::{check, Result, SmcError};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShortfallInput<'a> {
    pub side: Side,
    /// Quantity the decision intended to trade (the paper portfolio).
    pub intended: f64,
    /// Price when the decision was made.
    pub decision_price: f64,
    /// Price when the order reached the market.
    pub arrival_price: f64,
    /// Price at which the unfilled remainder is valued (end of horizon or cancellation).
    pub end_price: f64,
    pub fill_qty: &'a [f64],
    pub fill_price: &'a [f64],
    /// Explicit costs (commissions, fees), in currency.
    pub fees: f64,
}

/// Each component in currency, and in basis points of the paper notional intended x decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    pub filled: f64,
    pub average_price: f64,
    /// (arrival - decision) on the filled quantity: the cost of waiting to start.
    pub delay: f64,
    /// fills against the arrival price: the cost of trading (impact and spread).
    pub trading: f64,
    /// (end - decision) on the unfilled quantity: the cost of not finishing.
    pub opportunity: f64,
    pub fees: f64,
    pub total: f64,
    pub delay_bps: f64,
    pub trading_bps: f64,
    pub opportunity_bps: f64,
    pub fees_bps: f64,
    pub total_bps: f64,
}

fn positive(name: &str, x: f64) -> Result<()> {
    check::finite_scalar(name, x)?;
    if x <= 0.0 {
        return Err(SmcError::out_of_range(name, x, "a number > 0"));
    }
    Ok(())
}

/// Average price and total quantity of fills, validated.
fn fills(qty: &[f64], price: &[f64]) -> Result<(f64, f64)> {
    check::same_len("fillPrice", qty.len(), price.len())?;
    check::finite("fillQty", qty)?;
    check::finite("fillPrice", price)?;
    let mut q = 0.0;
    let mut notional = 0.0;
    for (i, (&qi, &pi)) in qty.iter().zip(price).enumerate() {
        if qi <= 0.0 {
            return Err(SmcError::out_of_range(
                &format!("fillQty[{i}]"),
                qi,
                "a number > 0",
            ));
        }
        if pi <= 0.0 {
            return Err(SmcError::out_of_range(
                &format!("fillPrice[{i}]"),
                pi,
                "a number > 0",
            ));
        }
        q += qi;
        notional += qi * pi;
    }
    Ok((q, if q > 0.0 { notional / q } else { f64::NAN }))
}

pub fn implementation_shortfall(input: ShortfallInput<'_>) -> Result<Shortfall> {
    positive("intended", input.intended)?;
    positive("decisionPrice", input.decision_price)?;
    positive("arrivalPrice", input.arrival_price)?;
    positive("endPrice", input.end_price)?;
    check::finite_scalar("fees", input.fees)?;
    let (filled, average_price) = fills(input.fill_qty, input.fill_price)?;
    if filled > input.intended * (1.0 + 1e-12) {
        return Err(SmcError::invalid(format!(
            "filled {filled} exceeds the intended quantity {}",
            input.intended
        )));
    }
    let s = input.side.sign();
    let delay = s * (input.arrival_price - input.decision_price) * filled;
    let trading = if filled > 0.0 {
        s * (average_price - input.arrival_price) * filled
    } else {
        0.0
    };
    let unfilled = (input.intended - filled).max(0.0);
    let opportunity = s * (input.end_price - input.decision_price) * unfilled;
    let total = delay + trading + opportunity + input.fees;
    let bps = 1e4 / (input.intended * input.decision_price);
    Ok(Shortfall {
        filled,
        average_price,
        delay,
        trading,
        opportunity,
        fees: input.fees,
        total,
        delay_bps: delay * bps,
        trading_bps: trading * bps,
        opportunity_bps: opportunity * bps,
        fees_bps: input.fees * bps,
        total_bps: total * bps,
    })
}

/// Volume-weighted average price of market trades in the execution interval.
pub fn interval_vwap(price: &[f64], volume: &[f64]) -> Result<f64> {
    check::series("price", price)?;
    check::same_len("volume", price.len(), volume.len())?;
    check::finite("volume", volume)?;
    if let Some(i) = volume.iter().position(|&v| v < 0.0) {
        return Err(SmcError::out_of_range(
            &format!("volume[{i}]"),
            volume[i],
            "a number >= 0",
        ));
    }
    let total: f64 = volume.iter().sum();
    if total <= 0.0 {
        return Err(SmcError::invalid(
            "interval VWAP: the trades have no volume",
        ));
    }
    Ok(price.iter().zip(volume).map(|(p, v)| p * v).sum::<f64>() / total)
}

/// Slippage of an average execution price against a benchmark, in bps (positive = worse).
pub fn slippage_bps(side: Side, average_price: f64, benchmark: f64) -> Result<f64> {
    positive("averagePrice", average_price)?;
    positive("benchmark", benchmark)?;
    Ok(side.sign() * (average_price - benchmark) / benchmark * 1e4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buy<'a>(qty: &'a [f64], px: &'a [f64]) -> ShortfallInput<'a> {
        ShortfallInput {
            side: Side::Buy,
            intended: 1000.0,
            decision_price: 100.0,
            arrival_price: 100.5,
            end_price: 103.0,
            fill_qty: qty,
            fill_price: px,
            fees: 10.0,
        }
    }

    #[test]
    fn decomposition_adds_up_to_paper_minus_real() {
        let (q, p) = ([400.0, 400.0], [101.0, 102.0]);
        let s = implementation_shortfall(buy(&q, &p)).unwrap();
        assert_eq!(s.filled, 800.0);
        assert_eq!(s.average_price, 101.5);
        assert_eq!(s.delay, 0.5 * 800.0);
        assert_eq!(s.trading, 1.0 * 800.0);
        assert_eq!(s.opportunity, 3.0 * 200.0);
        // Total = real cost of fills + unfilled valued at end - paper portfolio at decision.
        let direct = (101.5 * 800.0 - 100.0 * 800.0) + (103.0 - 100.0) * 200.0 + 10.0;
        assert!((s.total - direct).abs() < 1e-9);
        assert!((s.total_bps - direct / (1000.0 * 100.0) * 1e4).abs() < 1e-9);
        let sell = implementation_shortfall(ShortfallInput {
            side: Side::Sell,
            ..buy(&q, &p)
        })
        .unwrap();
        assert_eq!(sell.trading, -800.0);
    }

    #[test]
    fn slippage_and_vwap() {
        assert!((slippage_bps(Side::Buy, 101.0, 100.0).unwrap() - 100.0).abs() < 1e-9);
        assert!((slippage_bps(Side::Sell, 101.0, 100.0).unwrap() + 100.0).abs() < 1e-9);
        assert_eq!(interval_vwap(&[100.0, 110.0], &[3.0, 1.0]).unwrap(), 102.5);
        assert_eq!(
            interval_vwap(&[1.0], &[0.0]).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
    }

    #[test]
    fn rejects_bad_fills() {
        let (q, p) = ([2000.0], [101.0]);
        assert_eq!(
            implementation_shortfall(buy(&q, &p)).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        let (q, p) = ([1.0], [f64::NAN]);
        assert_eq!(
            implementation_shortfall(buy(&q, &p)).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        let (q, p) = ([-1.0], [1.0]);
        assert_eq!(
            implementation_shortfall(buy(&q, &p)).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
