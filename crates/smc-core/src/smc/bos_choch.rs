//! Break of structure and change of character (`smc.bos_choch`).

use super::{f32_round, SwingsView};
use crate::error::Result;
use crate::ohlc::Ohlc;

/// Output of [`bos_choch`]: `bos` and `choch` are +1 / -1 / NaN at the row of the swing whose
/// level is broken, `level` that level (stored as float32 by the package), `broken_index` the
/// row that broke it.
#[derive(Debug, Clone, PartialEq)]
pub struct BosChoch {
    pub bos: Vec<f64>,
    pub choch: Vec<f64>,
    pub level: Vec<f64>,
    pub broken_index: Vec<f64>,
}

/// A structure pattern over the last four swings (types `t`, levels `a, b, c, d`, oldest first):
/// `(bos, choch)` for the swing `b`, each +1/-1/0.
pub(crate) fn classify(t: [f64; 4], [a, b, c, d]: [f64; 4]) -> (i8, i8) {
    let bull = t == [-1.0, 1.0, -1.0, 1.0];
    let bear = t == [1.0, -1.0, 1.0, -1.0];
    if bull && a < c && c < b && b < d {
        (1, 0)
    } else if bear && a > c && c > b && b > d {
        (-1, 0)
    } else if bull && d > b && b > a && a > c {
        (0, 1)
    } else if bear && d < b && b < a && a < c {
        (0, -1)
    } else {
        (0, 0)
    }
}

/// Whether bar `j` breaks a level in the event's direction (`close` or the wick).
#[inline]
pub(crate) fn breaks(o: &Ohlc<'_>, j: usize, direction: i8, level: f64, close_break: bool) -> bool {
    if direction > 0 {
        (if close_break { o.close[j] } else { o.high[j] }) > level
    } else {
        (if close_break { o.close[j] } else { o.low[j] }) < level
    }
}

/// BOS / CHoCH, as `smc.bos_choch(ohlc, swing_highs_lows, close_break)`.
///
/// For every swing from the fourth on, the last four swings (types T, levels a, b, c, d) mark
/// the row of `b` with level `b`: bullish BOS when T = [-1, 1, -1, 1] and a < c < b < d,
/// bearish BOS when T = [1, -1, 1, -1] and a > c > b > d, bullish CHoCH when
/// T = [-1, 1, -1, 1] and d > b > a > c, bearish CHoCH when T = [1, -1, 1, -1] and
/// d < b < a < c. The level is stored as float32 and the break test uses that rounded value.
/// The break is the first row `j >= p+2` whose close (wick if not `close_break`) crosses the
/// level. Processing events in row order, a break at `j` cancels every earlier event still
/// standing whose break row is `>= j` (its bos/choch/level become NaN, its `broken_index`
/// stays: a package quirk kept as is). Events never broken are cleared. A level of exactly 0 is
/// treated as "no level" (the package uses 0 as its empty marker).
pub fn bos_choch(ohlc: &Ohlc<'_>, swings: SwingsView<'_>, close_break: bool) -> Result<BosChoch> {
    let n = ohlc.len();
    let swings = SwingsView::new(swings.high_low, swings.level, n)?;
    let mut bos = vec![0i8; n];
    let mut choch = vec![0i8; n];
    let mut level = vec![0.0f64; n];
    let mut types: Vec<f64> = Vec::new();
    let mut levels: Vec<f64> = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    for i in 0..n {
        let hl = swings.high_low[i];
        if hl.is_nan() {
            continue;
        }
        types.push(hl);
        levels.push(swings.level[i]);
        if let Some((t, l)) = last_four(&types, &levels) {
            let row = rows[rows.len() - 2];
            let (b, c) = classify(t, l);
            bos[row] = b;
            choch[row] = c;
            level[row] = if b != 0 || c != 0 {
                f32_round(l[1])
            } else {
                0.0
            };
        }
        rows.push(i);
    }
    let broken = resolve_breaks(ohlc, &mut bos, &mut choch, &mut level, close_break);
    let nan_if_zero = |x: f64| if x != 0.0 { x } else { f64::NAN };
    Ok(BosChoch {
        bos: bos.iter().map(|&x| nan_if_zero(x as f64)).collect(),
        choch: choch.iter().map(|&x| nan_if_zero(x as f64)).collect(),
        level: level.into_iter().map(nan_if_zero).collect(),
        broken_index: broken.into_iter().map(|x| nan_if_zero(x as f64)).collect(),
    })
}

pub(crate) fn last_four(types: &[f64], levels: &[f64]) -> Option<([f64; 4], [f64; 4])> {
    let k = types.len();
    if k < 4 {
        return None;
    }
    let t = [types[k - 4], types[k - 3], types[k - 2], types[k - 1]];
    let l = [levels[k - 4], levels[k - 3], levels[k - 2], levels[k - 1]];
    Some((t, l))
}

/// Break search and cancellation, in the package's order. An event at row k survives iff it is
/// broken and no later-row event is broken at a row `<= broken[k]` (once cleared, an event
/// cannot clear others: it was processed before anything that clears it).
fn resolve_breaks(
    o: &Ohlc<'_>,
    bos: &mut [i8],
    choch: &mut [i8],
    level: &mut [f64],
    close_break: bool,
) -> Vec<usize> {
    let n = o.len();
    let events: Vec<usize> = (0..n).filter(|&i| bos[i] != 0 || choch[i] != 0).collect();
    let mut broken = vec![0usize; n];
    for &i in &events {
        let direction = if bos[i] == 1 || choch[i] == 1 { 1 } else { -1 };
        if let Some(j) = ((i + 2)..n).find(|&j| breaks(o, j, direction, level[i], close_break)) {
            broken[i] = j;
        }
    }
    // Sweep from the last event back, tracking the smallest break row seen among later events.
    let mut earliest_later_break = usize::MAX;
    for &k in events.iter().rev() {
        let standing = broken[k] != 0 && broken[k] < earliest_later_break;
        if !standing {
            bos[k] = 0;
            choch[k] = 0;
            level[k] = 0.0;
        }
        if broken[k] != 0 {
            earliest_later_break = earliest_later_break.min(broken[k]);
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_four_patterns() {
        let up = [-1.0, 1.0, -1.0, 1.0];
        let down = [1.0, -1.0, 1.0, -1.0];
        assert_eq!(classify(up, [1.0, 3.0, 2.0, 4.0]), (1, 0));
        assert_eq!(classify(down, [4.0, 2.0, 3.0, 1.0]), (-1, 0));
        assert_eq!(classify(up, [2.0, 3.0, 1.0, 4.0]), (0, 1));
        assert_eq!(classify(down, [3.0, 2.0, 4.0, 1.0]), (0, -1));
        assert_eq!(classify(up, [1.0, 3.0, 2.0, 2.5]), (0, 0));
    }
}
