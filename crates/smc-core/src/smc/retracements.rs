//! Retracements from the last swing (`smc.retracements`).

use super::SwingsView;
use crate::error::Result;
use crate::ohlc::Ohlc;

/// Output of [`retracements`]: `direction` +1 / -1 / 0 and the current and deepest retracement
/// in percent (rounded to 0.1 like the package), 0 where undefined.
#[derive(Debug, Clone, PartialEq, Default)]
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
    let mut raw = RawRetracements::default();
    for i in 0..n {
        raw.push(
            ohlc.low[i],
            ohlc.high[i],
            swings.high_low[i],
            swings.level[i],
        );
    }
    let RawRetracements {
        mut direction,
        mut current,
        mut deepest,
        ..
    } = raw;
    if n > 0 {
        direction.rotate_right(1);
        current.rotate_right(1);
        deepest.rotate_right(1);
    }
    zero_prefix(&mut direction, &mut current, &mut deepest);
    Ok(Retracements {
        direction: direction.into_iter().map(f64::from).collect(),
        current_retracement: current,
        deepest_retracement: deepest,
    })
}

/// The package's loop before the roll, row by row: row i reads swings and bars up to i only.
#[derive(Debug, Clone, Default)]
pub(super) struct RawRetracements {
    pub(super) direction: Vec<i8>,
    pub(super) current: Vec<f64>,
    pub(super) deepest: Vec<f64>,
    top: f64,
    bottom: f64,
}

impl RawRetracements {
    pub(super) fn push(&mut self, low: f64, high: f64, hl: f64, level: f64) {
        let i = self.direction.len();
        // Python's direction[i - 1] at i = 0 reads the last element: 0 unless n == 1, and with one
        // bar there is no swing, so the direction is 0 either way.
        let previous = if i > 0 { self.direction[i - 1] } else { 0 };
        let dir = if hl == 1.0 {
            self.top = level;
            1
        } else if hl == -1.0 {
            self.bottom = level;
            -1
        } else {
            previous
        };
        self.direction.push(dir);
        let (top, bottom) = (self.top, self.bottom);
        let (mut current, mut deepest) = (0.0, 0.0);
        if previous == 1 {
            let divisor = top - bottom;
            current = if divisor != 0.0 {
                numpy_round1(100.0 - ((low - bottom) / divisor) * 100.0)
            } else {
                0.0
            };
            let carried = if previous == 1 { self.carried() } else { 0.0 };
            deepest = python_max(carried, current);
        }
        if dir == -1 {
            let divisor = bottom - top;
            current = if divisor != 0.0 {
                numpy_round1(100.0 - ((high - top) / divisor) * 100.0)
            } else {
                0.0
            };
            let carried = if previous == -1 { self.carried() } else { 0.0 };
            deepest = python_max(carried, current);
        }
        self.current.push(current);
        self.deepest.push(deepest);
    }

    fn carried(&self) -> f64 {
        self.deepest.last().copied().unwrap_or(0.0)
    }
}

/// The package's zeroing of the leading rows (after the roll), up to and including the row
/// after the third change of direction; returns the number of rows zeroed.
pub(super) fn zero_prefix(direction: &mut [i8], current: &mut [f64], deepest: &mut [f64]) -> usize {
    let n = direction.len();
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
            return i + 2;
        }
    }
    n.saturating_sub(1)
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
