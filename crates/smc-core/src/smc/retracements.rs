//! Retracements from the last swing (`smc.retracements`).

use super::SwingsView;
use crate::error::Result;
use crate::ohlc::Ohlc;

/// Output of [`retracements`]: `direction` +1 / -1 / 0 and the current and deepest retracement
/// in percent (rounded to 0.1 like the package), 0 where undefined.
#[derive(Debug, Clone, PartialEq)]
pub struct Retracements {
    pub direction: Vec<f64>,
    pub current_retracement: Vec<f64>,
    pub deepest_retracement: Vec<f64>,
}

/// `round(x, 1)` on a numpy float64: numpy multiplies by 10, rounds half to even, divides by 10
/// (not Python's correctly rounded decimal rounding).
#[inline]
fn numpy_round1(x: f64) -> f64 {
    (x * 10.0).round_ties_even() / 10.0
}

/// Retracements, as `smc.retracements(ohlc, swing_highs_lows)`.
///
/// Walking the bars: a swing high sets direction +1 and `top`, a swing low -1 and `bottom`,
/// otherwise the direction carries over. When the PREVIOUS row's direction is +1 (package quirk:
/// the bearish branch uses the current row's), current = round(100 - (low - bottom) /
/// (top - bottom) * 100, 1) and deepest = the max of it and the previous deepest if the previous
/// direction was also +1. When the current direction is -1, current = round(100 - (high - top) /
/// (bottom - top) * 100, 1), deepest likewise (this overwrites the +1 branch when both apply).
/// A zero divisor gives 0. All three columns are then shifted down one row (the last row wraps to
/// the first, `np.roll`), and the leading rows are zeroed up to and including the row after the
/// third change of direction.
pub fn retracements(ohlc: &Ohlc<'_>, swings: SwingsView<'_>) -> Result<Retracements> {
    let n = ohlc.len();
    let swings = SwingsView::new(swings.high_low, swings.level, n)?;
    let mut direction = vec![0i8; n];
    let mut current = vec![0.0f64; n];
    let mut deepest = vec![0.0f64; n];
    let (mut top, mut bottom) = (0.0f64, 0.0f64);
    for i in 0..n {
        let hl = swings.high_low[i];
        if hl == 1.0 {
            direction[i] = 1;
            top = swings.level[i];
        } else if hl == -1.0 {
            direction[i] = -1;
            bottom = swings.level[i];
        } else {
            direction[i] = if i > 0 { direction[i - 1] } else { 0 };
        }
        // Python's direction[i - 1] at i = 0 reads the last element, still 0 then (n > 1).
        let previous = if i > 0 {
            direction[i - 1]
        } else {
            direction[n - 1] * i8::from(n == 1)
        };
        if previous == 1 {
            let divisor = top - bottom;
            current[i] = if divisor != 0.0 {
                numpy_round1(100.0 - ((ohlc.low[i] - bottom) / divisor) * 100.0)
            } else {
                0.0
            };
            let carried = if i > 0 && direction[i - 1] == 1 {
                deepest[i - 1]
            } else {
                0.0
            };
            deepest[i] = python_max(carried, current[i]);
        }
        if direction[i] == -1 {
            let divisor = bottom - top;
            current[i] = if divisor != 0.0 {
                numpy_round1(100.0 - ((ohlc.high[i] - top) / divisor) * 100.0)
            } else {
                0.0
            };
            let carried = if i > 0 && direction[i - 1] == -1 {
                deepest[i - 1]
            } else {
                0.0
            };
            deepest[i] = python_max(carried, current[i]);
        }
    }
    if n > 0 {
        direction.rotate_right(1);
        current.rotate_right(1);
        deepest.rotate_right(1);
    }
    let mut changes = 0;
    for i in 0..n.saturating_sub(1) {
        if direction[i] != direction[i + 1] {
            changes += 1;
        }
        direction[i] = 0;
        current[i] = 0.0;
        deepest[i] = 0.0;
        if changes == 3 {
            direction[i + 1] = 0;
            current[i + 1] = 0.0;
            deepest[i + 1] = 0.0;
            break;
        }
    }
    Ok(Retracements {
        direction: direction.into_iter().map(f64::from).collect(),
        current_retracement: current,
        deepest_retracement: deepest,
    })
}

/// Python's `max(a, b)`: `a` unless `b > a` (so a NaN `b` never wins, a NaN `a` always stays).
#[inline]
fn python_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_numpy() {
        assert_eq!(numpy_round1(0.25), 0.2);
        assert_eq!(numpy_round1(0.35), 0.4);
        assert_eq!(numpy_round1(-12.34), -12.3);
    }
}
