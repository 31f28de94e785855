//! Fair value gaps (`smc.fvg`).

use crate::error::{check, Result};
use crate::ohlc::Ohlc;

/// Output of [`fvg`]: `fvg` is +1 bullish / -1 bearish / NaN; `top`, `bottom` the gap; and
/// `mitigated_index` the row that first traded back into it (0 if none yet, NaN off-gap rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Fvg {
    pub fvg: Vec<f64>,
    pub top: Vec<f64>,
    pub bottom: Vec<f64>,
    pub mitigated_index: Vec<f64>,
}

/// The gap at middle candle `i` (1..=n-2), if any: (direction, top, bottom).
#[inline]
pub(crate) fn gap_at(o: &Ohlc<'_>, i: usize) -> Option<(f64, f64, f64)> {
    let bullish = o.close[i] > o.open[i];
    let bearish = o.close[i] < o.open[i];
    if bullish && o.high[i - 1] < o.low[i + 1] {
        Some((1.0, o.low[i + 1], o.high[i - 1]))
    } else if bearish && o.low[i - 1] > o.high[i + 1] {
        Some((-1.0, o.low[i - 1], o.high[i + 1]))
    } else {
        None
    }
}

/// First row `j >= from` that trades into a gap: `low[j] <= top` for a bullish gap,
/// `high[j] >= bottom` for a bearish one.
#[inline]
pub(crate) fn mitigates(o: &Ohlc<'_>, j: usize, direction: f64, top: f64, bottom: f64) -> bool {
    if direction == 1.0 {
        o.low[j] <= top
    } else {
        o.high[j] >= bottom
    }
}

/// Fair value gaps, as `smc.fvg(ohlc, join_consecutive)`.
///
/// Middle candle i (1..=n-2): bullish when `close > open` and `high[i-1] < low[i+1]`
/// (top = `low[i+1]`, bottom = `high[i-1]`); bearish when `close < open` and
/// `low[i-1] > high[i+1]` (top = `low[i-1]`, bottom = `high[i+1]`). With `join_consecutive`,
/// a run of same-direction gaps is merged into its last row with the widest top and bottom.
/// Mitigation: the first row `j >= i+2` with `low[j] <= top` (bullish) or `high[j] >= bottom`
/// (bearish); 0 if none.
pub fn fvg(ohlc: &Ohlc<'_>, join_consecutive: bool) -> Result<Fvg> {
    check::min_len("ohlc", ohlc.close, 1)?;
    let n = ohlc.len();
    let mut dir = vec![f64::NAN; n];
    let mut top = vec![f64::NAN; n];
    let mut bottom = vec![f64::NAN; n];
    for i in 1..n.saturating_sub(1) {
        if let Some((d, t, b)) = gap_at(ohlc, i) {
            dir[i] = d;
            top[i] = t;
            bottom[i] = b;
        }
    }
    if join_consecutive {
        for i in 0..n.saturating_sub(1) {
            if dir[i] == dir[i + 1] {
                top[i + 1] = top[i].max(top[i + 1]);
                bottom[i + 1] = bottom[i].min(bottom[i + 1]);
                dir[i] = f64::NAN;
                top[i] = f64::NAN;
                bottom[i] = f64::NAN;
            }
        }
    }
    let mitigated_index = (0..n)
        .map(|i| {
            if dir[i].is_nan() {
                return f64::NAN;
            }
            ((i + 2)..n)
                .find(|&j| mitigates(ohlc, j, dir[i], top[i], bottom[i]))
                .map_or(0.0, |j| j as f64)
        })
        .collect();
    Ok(Fvg {
        fvg: dir,
        top,
        bottom,
        mitigated_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_bullish_gap_and_its_mitigation() {
        let open = [1.0, 1.0, 2.2, 2.0, 1.5];
        let close = [1.0, 2.0, 2.3, 2.1, 1.6];
        let high = [1.1, 2.1, 2.5, 2.2, 1.7];
        let low = [0.9, 1.0, 2.0, 1.9, 1.0];
        let v = [0.0; 5];
        let o = Ohlc::new(None, &open, &high, &low, &close, &v).unwrap();
        let f = fvg(&o, false).unwrap();
        assert_eq!(f.fvg[1], 1.0);
        assert_eq!((f.top[1], f.bottom[1]), (2.0, 1.1));
        assert_eq!(f.mitigated_index[1], 3.0);
        assert!(f.fvg[0].is_nan() && f.fvg[4].is_nan());
    }
}
