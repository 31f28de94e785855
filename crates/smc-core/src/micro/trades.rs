//! Trade-level measures: as-of alignment of quotes to trades, trade signs (aggressor flag, tick
//! rule, Lee-Ready), effective and realized spreads.

use crate::error::{check, Result, SmcError};

fn sorted(what: &str, t: &[f64]) -> Result<()> {
    check::finite(what, t)?;
    if let Some(i) = (1..t.len()).find(|&i| t[i] < t[i - 1]) {
        return Err(SmcError::Unordered(format!(
            "{what}[{i}] = {} is before {what}[{}] = {}",
            t[i],
            i - 1,
            t[i - 1]
        )));
    }
    Ok(())
}

/// As-of join: for each `time`, the last `values[j]` with `value_time[j] <= time` (NaN before the
/// first). Both time columns must be non-decreasing.
///
/// # Errors
/// `Unordered`, `NonFinite` (times), `LengthMismatch`.
pub fn asof(time: &[f64], value_time: &[f64], values: &[f64]) -> Result<Vec<f64>> {
    check::same_len("values", value_time.len(), values.len())?;
    sorted("time", time)?;
    sorted("valueTime", value_time)?;
    let mut j = 0;
    Ok(time
        .iter()
        .map(|&t| {
            while j < value_time.len() && value_time[j] <= t {
                j += 1;
            }
            if j == 0 {
                f64::NAN
            } else {
                values[j - 1]
            }
        })
        .collect())
}

/// Trade sign from the exchange's aggressor flag: Binance's `m` ("buyer is the maker") true
/// means the seller hit the bid, -1; false means the buyer lifted the ask, +1.
pub fn sign_from_aggressor(buyer_is_maker: &[bool]) -> Vec<f64> {
    buyer_is_maker
        .iter()
        .map(|&m| if m { -1.0 } else { 1.0 })
        .collect()
}

/// Streaming tick rule: +1 on an uptick, -1 on a downtick, the previous sign on a zero tick;
/// NaN until the first price change (Lee & Ready 1991, "Inferring trade direction from intraday
/// data", section on the tick test).
#[derive(Debug, Clone, Default)]
pub struct TickRule {
    last_price: Option<f64>,
    last_sign: f64,
}

impl TickRule {
    pub fn new() -> Self {
        TickRule {
            last_price: None,
            last_sign: f64::NAN,
        }
    }

    pub fn push(&mut self, price: f64) -> f64 {
        if let Some(p) = self.last_price {
            if price > p {
                self.last_sign = 1.0;
            } else if price < p {
                self.last_sign = -1.0;
            }
        }
        self.last_price = Some(price);
        self.last_sign
    }
}

/// Batch tick rule.
pub fn tick_rule(price: &[f64]) -> Result<Vec<f64>> {
    check::finite("price", price)?;
    let mut s = TickRule::new();
    Ok(price.iter().map(|&p| s.push(p)).collect())
}

/// Streaming Lee-Ready (1991): +1 when the trade is above the prevailing mid, -1 below, the
/// tick rule at the mid. The caller supplies the prevailing mid (see [`asof`]; Lee and Ready
/// lagged quotes by 5 seconds to offset reporting delays, which a timestamped feed does not
/// need). A NaN mid (no quote yet) falls back to the tick rule.
#[derive(Debug, Clone, Default)]
pub struct LeeReady {
    ticks: TickRule,
}

impl LeeReady {
    pub fn new() -> Self {
        LeeReady {
            ticks: TickRule::new(),
        }
    }

    pub fn push(&mut self, price: f64, mid: f64) -> f64 {
        let tick = self.ticks.push(price);
        if price > mid {
            1.0
        } else if price < mid {
            -1.0
        } else {
            tick
        }
    }
}

/// Batch Lee-Ready.
pub fn lee_ready(price: &[f64], mid: &[f64]) -> Result<Vec<f64>> {
    check::same_len("mid", price.len(), mid.len())?;
    check::finite("price", price)?;
    let mut s = LeeReady::new();
    Ok(price.iter().zip(mid).map(|(&p, &m)| s.push(p, m)).collect())
}

/// Effective spread `2 s (p - m)` of a trade of sign s (+1 buy, -1 sell) at price p with
/// prevailing mid m, divided by m when `relative` (Bessembinder 2003, "Issues in assessing trade
/// execution costs"). NaN where the sign or the mid is NaN.
pub fn effective_spread(
    price: &[f64],
    sign: &[f64],
    mid: &[f64],
    relative: bool,
) -> Result<Vec<f64>> {
    check::same_len("sign", price.len(), sign.len())?;
    check::same_len("mid", price.len(), mid.len())?;
    check::finite("price", price)?;
    Ok((0..price.len())
        .map(|i| {
            let e = 2.0 * sign[i] * (price[i] - mid[i]);
            if relative {
                e / mid[i]
            } else {
                e
            }
        })
        .collect())
}

/// Realized spread `2 s (p - m_{t+h})` with `m_{t+h}` the mid prevailing `horizon` time units
/// after the trade (Huang & Stoll 1996; Bessembinder 2003), divided by the mid at the trade
/// when `relative`. It measures what the liquidity provider keeps after the price impact. NaN
/// when `t + horizon` is past the last quote (not yet observable), or the sign/mid is NaN.
///
/// # Errors
/// `OutOfRange` for a negative/NaN horizon; `Unordered`, `NonFinite`, `LengthMismatch`.
pub fn realized_spread(
    trade_time: &[f64],
    price: &[f64],
    sign: &[f64],
    quote_time: &[f64],
    mid: &[f64],
    horizon: f64,
    relative: bool,
) -> Result<Vec<f64>> {
    if !(horizon >= 0.0 && horizon.is_finite()) {
        return Err(SmcError::out_of_range(
            "horizon",
            horizon,
            "a finite number >= 0",
        ));
    }
    check::same_len("price", trade_time.len(), price.len())?;
    check::same_len("sign", trade_time.len(), sign.len())?;
    check::finite("price", price)?;
    let later: Vec<f64> = trade_time.iter().map(|t| t + horizon).collect();
    let mid_now = asof(trade_time, quote_time, mid)?;
    let mid_later = asof(&later, quote_time, mid)?;
    let last_quote = quote_time.last().copied().unwrap_or(f64::NEG_INFINITY);
    Ok((0..price.len())
        .map(|i| {
            if later[i] > last_quote {
                return f64::NAN;
            }
            let r = 2.0 * sign[i] * (price[i] - mid_later[i]);
            if relative {
                r / mid_now[i]
            } else {
                r
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs() {
        assert_eq!(sign_from_aggressor(&[true, false]), vec![-1.0, 1.0]);
        let t = tick_rule(&[10.0, 10.0, 11.0, 11.0, 10.5, 10.5]).unwrap();
        assert!(t[0].is_nan() && t[1].is_nan());
        assert_eq!(&t[2..], &[1.0, 1.0, -1.0, -1.0]);
        let lr = lee_ready(&[10.0, 10.2, 10.1, 10.1], &[10.1, 10.1, 10.1, 10.1]).unwrap();
        assert_eq!(lr, vec![-1.0, 1.0, -1.0, -1.0]);
    }

    #[test]
    fn spreads_and_asof() {
        let m = asof(&[0.5, 1.0, 2.5, 9.0], &[1.0, 2.0, 3.0], &[10.0, 11.0, 12.0]).unwrap();
        assert!(m[0].is_nan());
        assert_eq!(&m[1..], &[10.0, 11.0, 12.0]);
        assert_eq!(
            asof(&[2.0, 1.0], &[], &[]).unwrap_err().code(),
            "SMC_UNORDERED"
        );
        let e = effective_spread(&[100.02, 99.99], &[1.0, -1.0], &[100.01, 100.01], false).unwrap();
        assert!((e[0] - 0.02).abs() < 1e-9 && (e[1] - 0.04).abs() < 1e-9);
        // Buy at 100.02 with mid 100.01; one unit later the mid is 100.02: realized 0.
        let r = realized_spread(
            &[1.0, 2.5],
            &[100.02, 100.02],
            &[1.0, 1.0],
            &[0.0, 2.0],
            &[100.01, 100.02],
            1.0,
            false,
        )
        .unwrap();
        assert_eq!(r[0], 0.0);
        assert!(r[1].is_nan());
        assert_eq!(
            realized_spread(&[1.0], &[1.0], &[1.0], &[0.0], &[1.0], -1.0, false)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
