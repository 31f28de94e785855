//! Technical indicators with TA-Lib's conventions: the same warm-up lengths, seeds and output
//! positions as TA-Lib (default "classic" compatibility, unstable period 0). SMA, EMA and TRANGE
//! equal TA-Lib bit for bit; Wilder's recursions (ATR, RSI and so STOCHRSI) agree to rounding in
//! the last bits (see `tests/talib_indicators.rs` and `scripts/golden/talib_indicators.py`).
//!
//! Every indicator has two forms whose outputs are bit-for-bit equal on the same data:
//! - a batch function: columns in, one output column of the same length out, NaN during warm-up;
//! - a streaming struct updated per bar in O(1) (amortised O(1) for [`StochRsi`]), for live use.
//!
//! Most batch functions validate their input once and then run the streaming step, so the two
//! forms are equal by construction; [`stoch_rsi`] uses faster column passes with the same
//! arithmetic. The property tests in `tests/indicator_props.rs` check the equality for all.

mod atr;
mod dynamic_bands;
mod ema;
mod rolling_extrema;
mod rsi;
mod running_mean;
mod sma;
mod stoch_rsi;
mod true_range;

pub use atr::{atr, Atr};
pub use dynamic_bands::{
    dynamic_bands, BandsPoint, DynamicBands, DynamicBandsOptions, DynamicBandsOutput,
};
pub use ema::{ema, Ema};
pub use rsi::{rsi, Rsi};
pub use sma::{sma, Sma};
pub use stoch_rsi::{stoch_rsi, StochRsi, StochRsiOptions, StochRsiOutput, StochRsiPoint};
pub use true_range::{true_range, true_range_of};

use crate::error::{check, Result, SmcError};

/// Validates an indicator period: a whole number >= 1.
pub(crate) fn period(name: &str, n: i64) -> Result<usize> {
    check::window(name, n, 1)
}

/// Validates high/low/close columns the way [`crate::ohlc::Ohlc::new`] validates bars: equal
/// lengths, at least one bar, finite values and high >= low.
pub(crate) fn check_hlc(high: &[f64], low: &[f64], close: &[f64]) -> Result<()> {
    check::min_len("close", close, 1)?;
    let n = close.len();
    check::same_len("high", n, high.len())?;
    check::same_len("low", n, low.len())?;
    // One fused pass for the common case; the detailed checks below only run to name a failure.
    // Branch-free accumulation so that the pass vectorises.
    let clean = high
        .iter()
        .zip(low)
        .zip(close)
        .fold(true, |ok, ((&h, &l), &c)| {
            ok & h.is_finite() & l.is_finite() & c.is_finite() & (h >= l)
        });
    if clean {
        return Ok(());
    }
    check::finite("high", high)?;
    check::finite("low", low)?;
    check::finite("close", close)?;
    match (0..n).find(|&i| high[i] < low[i]) {
        Some(i) => Err(high_below_low(i, high[i], low[i])),
        None => Ok(()),
    }
}

/// Validates one streaming bar.
pub(crate) fn check_bar(high: f64, low: f64, close: f64) -> Result<()> {
    check::finite_scalar("high", high)?;
    check::finite_scalar("low", low)?;
    check::finite_scalar("close", close)?;
    if high < low {
        return Err(high_below_low(0, high, low));
    }
    Ok(())
}

fn high_below_low(i: usize, high: f64, low: f64) -> SmcError {
    SmcError::invalid(format!("bar {i}: high {high} is below low {low}"))
}

/// Maps an `Option` warm-up result to the documented NaN.
#[inline]
pub(crate) fn or_nan(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}
