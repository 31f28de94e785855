//! Smart Money Concepts: a cell-by-cell port of the Python package `smartmoneyconcepts` 0.0.27.
//!
//! Every function mirrors one method of the package's `smc` class, with the same outputs in the
//! same order (columns camelCased in the SDK), NaN exactly where the package has NaN, rows
//! addressed by position and every "index" output a row number. The package's quirks are
//! reproduced on purpose (documented on each function); where a quirk is plainly a bug the
//! corrected behaviour is available behind an option that is off by default.
//!
//! Several package outputs live in `float32` arrays (bos/choch level, order block top, bottom,
//! volume and percentage, liquidity outputs, previous high/low, session high/low). Those outputs
//! are rounded to f32 here as well, and, as in the package, later comparisons against them use
//! the rounded value.

mod bos_choch;
mod fvg;
mod liquidity;
mod ob;
mod previous_high_low;
mod retracements;
mod sessions;
mod stream;
mod stream_causal;
mod stream_lookahead;
mod stream_structure;
mod stream_types;

mod swings;

pub use bos_choch::{bos_choch, BosChoch};
pub use fvg::{fvg, Fvg};
pub use liquidity::{liquidity, Liquidity};
pub use ob::{ob, ObOptions, OrderBlocks};
pub use previous_high_low::{
    previous_high_low, PreviousHighLow, PreviousHighLowOptions, TimeFrame,
};
pub use retracements::{retracements, Retracements};
pub use sessions::{sessions, Session, SessionOptions, Sessions, TimeZone};

pub use stream::{SmcEvent, SmcStream, SmcStreamOptions, StreamBar};
pub use swings::{swing_highs_lows, Swings};

use crate::error::{check, Result, SmcError};
use crate::ohlc::Ohlc;

/// Borrowed swing columns (`highLow`, `level`) as produced by [`swing_highs_lows`], the input of
/// [`bos_choch`], [`ob`], [`liquidity`] and [`retracements`].
#[derive(Debug, Clone, Copy)]
pub struct SwingsView<'a> {
    /// +1 swing high, -1 swing low, NaN elsewhere.
    pub high_low: &'a [f64],
    /// The swing's price where `high_low` is set.
    pub level: &'a [f64],
}

impl<'a> SwingsView<'a> {
    /// Validates swing columns against `n` bars (at least one): equal lengths, `highLow` in {+1, -1, NaN} and a
    /// finite level wherever a swing is marked.
    pub fn new(high_low: &'a [f64], level: &'a [f64], n: usize) -> Result<Self> {
        if n == 0 {
            return Err(SmcError::EmptyInput {
                what: "ohlc".to_owned(),
                min: 1,
                actual: 0,
            });
        }
        check::same_len("swings.highLow", n, high_low.len())?;
        check::same_len("swings.level", n, level.len())?;
        for (i, (&hl, &lv)) in high_low.iter().zip(level).enumerate() {
            if hl.is_nan() {
                continue;
            }
            if hl != 1.0 && hl != -1.0 {
                return Err(SmcError::invalid(format!(
                    "swings.highLow[{i}] = {hl}: expected 1, -1 or NaN"
                )));
            }
            if !lv.is_finite() {
                return Err(SmcError::NonFinite {
                    what: "swings.level".to_owned(),
                    index: i,
                    value: lv,
                });
            }
        }
        Ok(SwingsView { high_low, level })
    }
}

/// Rounds to float32 and back, as numpy does when the package stores a value in a float32
/// array.
#[inline]
pub(crate) fn f32_round(x: f64) -> f64 {
    x as f32 as f64
}

/// The bar times of a function that needs them: present, and within the JavaScript `Date` range
/// (±8.64e15 ms), so that calendar arithmetic cannot overflow.
pub(crate) fn require_time<'a>(ohlc: &Ohlc<'a>, function: &str) -> Result<&'a [f64]> {
    let time = ohlc
        .time
        .ok_or_else(|| SmcError::invalid(format!("{function} needs ohlc.time (epoch ms)")))?;
    check::min_len("ohlc", time, 1)?;
    const LIMIT: f64 = 8.64e15;
    if let Some(&t) = time.iter().find(|t| t.abs() > LIMIT) {
        return Err(SmcError::out_of_range(
            "time",
            t,
            "epoch ms within ±8.64e15",
        ));
    }
    Ok(time)
}

/// Validates the shared `swingLength` parameter (the package's `swing_length`).
pub(crate) fn check_swing_length(swing_length: i64) -> Result<usize> {
    check::window("swingLength", swing_length, 1)
}
