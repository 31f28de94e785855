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
    /// Quantity-weighted average fill price; `None` when nothing was filled.
    pub average_price: Option<f64>,
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

/// Total quantity and average price of fills (`None` without fills), validated.
fn fills(qty: &[f64], price: &[f64]) -> Result<(f64, Option<f64>)> {
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
    Ok((q, (q > 0.0).then(|| notional / q)))
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
    let trading = average_price.map_or(0.0, |avg| s * (avg - input.arrival_price) * filled);
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

/// Fills measured one by one, as columns (a backtest's fill log): each row is an order that
/// intended exactly its fill quantity, filled at one price.
pub struct FillRows<'a> {
    /// +1 buy, -1 sell.
    pub sign: &'a [f64],
    pub qty: &'a [f64],
    pub price: &'a [f64],
    pub fee: &'a [f64],
    pub decision_price: &'a [f64],
    pub arrival_price: &'a [f64],
    pub end_price: &'a [f64],
}

/// Sums of [`implementation_shortfall`] over [`FillRows`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ShortfallTotals {
    pub fills: usize,
    pub delay: f64,
    pub trading: f64,
    pub fees: f64,
    pub total: f64,
    /// Sum of `qty * decision_price`: the denominator of the total in basis points.
    pub decision_notional: f64,
}

impl ShortfallTotals {
    /// Total shortfall in basis points of the decision notional; None without fills.
    pub fn total_bps(&self) -> Option<f64> {
        (self.decision_notional > 0.0).then(|| self.total / self.decision_notional * 1e4)
    }
}

/// [`implementation_shortfall`] of every row, summed: one call for a whole fill log.
///
/// # Errors
/// Mismatched column lengths, a sign other than +-1, and the errors of
/// [`implementation_shortfall`] for the first bad row (named by its index).
pub fn shortfall_of_fills(rows: &FillRows<'_>) -> Result<ShortfallTotals> {
    let n = rows.sign.len();
    for (name, len) in [
        ("qty", rows.qty.len()),
        ("price", rows.price.len()),
        ("fee", rows.fee.len()),
        ("decisionPrice", rows.decision_price.len()),
        ("arrivalPrice", rows.arrival_price.len()),
        ("endPrice", rows.end_price.len()),
    ] {
        check::same_len(name, n, len)?;
    }
    let mut t = ShortfallTotals::default();
    for i in 0..n {
        let sign = rows.sign[i];
        let side = if sign == 1.0 {
            Side::Buy
        } else if sign == -1.0 {
            Side::Sell
        } else {
            return Err(SmcError::out_of_range(
                &format!("sign[{i}]"),
                sign,
                "+1 or -1",
            ));
        };
        let s = implementation_shortfall(ShortfallInput {
            side,
            intended: rows.qty[i],
            decision_price: rows.decision_price[i],
            arrival_price: rows.arrival_price[i],
            end_price: rows.end_price[i],
            fill_qty: &rows.qty[i..=i],
            fill_price: &rows.price[i..=i],
            fees: rows.fee[i],
        })
        .map_err(|e| match e {
            SmcError::OutOfRange {
                name,
                value,
                expected,
            } => SmcError::OutOfRange {
                name: format!("{name}[{i}]"),
                value,
                expected,
            },
            other => other,
        })?;
        t.fills += 1;
        t.delay += s.delay;
        t.trading += s.trading;
        t.fees += s.fees;
        t.total += s.total;
        t.decision_notional += rows.qty[i] * rows.decision_price[i];
    }
    Ok(t)
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
        assert_eq!(s.average_price, Some(101.5));
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
    fn no_fills_have_no_average_price() {
        let s = implementation_shortfall(buy(&[], &[])).unwrap();
        assert_eq!(s.filled, 0.0);
        assert_eq!(s.average_price, None);
        assert_eq!(s.trading, 0.0);
        assert_eq!(s.opportunity, 3.0 * 1000.0);
        assert!(s.total.is_finite());
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

    #[test]
    fn shortfall_of_fills_sums_the_single_fill_measures() {
        let sign = [1.0, -1.0, 1.0];
        let qty = [2.0, 1.5, 0.5];
        let price = [101.0, 99.0, 100.5];
        let fee = [0.2, 0.1, 0.0];
        let decision = [100.0, 100.0, 100.2];
        let arrival = [100.5, 99.5, 100.4];
        let end = [101.0, 99.0, 100.5];
        let t = shortfall_of_fills(&FillRows {
            sign: &sign,
            qty: &qty,
            price: &price,
            fee: &fee,
            decision_price: &decision,
            arrival_price: &arrival,
            end_price: &end,
        })
        .unwrap();
        let mut want = ShortfallTotals::default();
        for i in 0..3 {
            let s = implementation_shortfall(ShortfallInput {
                side: if sign[i] > 0.0 { Side::Buy } else { Side::Sell },
                intended: qty[i],
                decision_price: decision[i],
                arrival_price: arrival[i],
                end_price: end[i],
                fill_qty: &qty[i..=i],
                fill_price: &price[i..=i],
                fees: fee[i],
            })
            .unwrap();
            want.fills += 1;
            want.delay += s.delay;
            want.trading += s.trading;
            want.fees += s.fees;
            want.total += s.total;
            want.decision_notional += qty[i] * decision[i];
        }
        assert_eq!(t, want);
        // by hand: buy 2 (delay 1, trading 1, fee 0.2) + sell 1.5 (0.75, 0.75, 0.1)
        // + buy 0.5 (0.1, 0.05, 0) = 3.95
        assert!((t.total - 3.95).abs() < 1e-9, "{}", t.total);
        assert!(t.total_bps().unwrap().is_finite());
    }

    #[test]
    fn shortfall_of_fills_names_the_bad_row() {
        let one = [1.0];
        let bad_sign = shortfall_of_fills(&FillRows {
            sign: &[0.5],
            qty: &one,
            price: &[100.0],
            fee: &[0.0],
            decision_price: &[100.0],
            arrival_price: &[100.0],
            end_price: &[100.0],
        });
        assert_eq!(bad_sign.unwrap_err().code(), "SMC_OUT_OF_RANGE");
        let bad_price = shortfall_of_fills(&FillRows {
            sign: &[1.0, 1.0],
            qty: &[1.0, 1.0],
            price: &[100.0, 100.0],
            fee: &[0.0, 0.0],
            decision_price: &[100.0, -1.0],
            arrival_price: &[100.0, 100.0],
            end_price: &[100.0, 100.0],
        })
        .unwrap_err();
        assert!(bad_price.to_string().contains("[1]"), "{bad_price}");
        let short = shortfall_of_fills(&FillRows {
            sign: &[1.0],
            qty: &[],
            price: &[],
            fee: &[],
            decision_price: &[],
            arrival_price: &[],
            end_price: &[],
        });
        assert_eq!(short.unwrap_err().code(), "SMC_LENGTH_MISMATCH");
        assert_eq!(ShortfallTotals::default().total_bps(), None);
    }
}
