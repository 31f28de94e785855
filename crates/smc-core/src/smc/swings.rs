//! Swing highs and lows (`smc.swing_highs_lows`).

use std::collections::VecDeque;

use super::check_swing_length;
use crate::error::{check, Result};
use crate::ohlc::Ohlc;

/// Output of [`swing_highs_lows`]: `high_low` is +1 (swing high), -1 (swing low) or NaN; `level`
/// is the high of a swing high, the low of a swing low, NaN elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Swings {
    pub high_low: Vec<f64>,
    pub level: Vec<f64>,
}

/// Swing highs and lows, as `smc.swing_highs_lows(ohlc, swing_length)`.
///
/// Reference behaviour, reproduced exactly:
/// 1. Candidate rows i with `2L-1 <= i <= n-1-L` (the package's shifted rolling window):
///    +1 if `high[i]` is the maximum of `high[i-L+1..=i+L]`, else -1 if `low[i]` is the minimum
///    of `low[i-L+1..=i+L]`.
/// 2. Repeated passes over adjacent candidates of the same type drop the lower high / the higher
///    low (on a tie the later one), all drops of a pass at once, until stable. The fixed point
///    is: within every run of consecutive same-type candidates only the earliest extreme
///    survives, which is what is computed here in one pass (a property test checks it against
///    the literal pass loop).
/// 3. Row 0 gets the opposite type of the first remaining swing and row n-1 the opposite of the
///    last one.
///
/// `level` is high for +1 and low for -1.
pub fn swing_highs_lows(ohlc: &Ohlc<'_>, swing_length: i64) -> Result<Swings> {
    let length = check_swing_length(swing_length)?;
    check::min_len("ohlc", ohlc.close, 1)?;
    let candidates = raw_candidates(ohlc.high, ohlc.low, length);
    let mut high_low = vec![f64::NAN; ohlc.len()];
    let kept = reduce_runs(&candidates, ohlc.high, ohlc.low);
    for &(row, kind) in &kept {
        high_low[row] = kind;
    }
    mark_ends(&mut high_low, &kept);
    let level = levels(&high_low, ohlc.high, ohlc.low);
    Ok(Swings { high_low, level })
}

/// Step 1: (row, +1/-1) candidates in row order.
pub(crate) fn raw_candidates(high: &[f64], low: &[f64], length: usize) -> Vec<(usize, f64)> {
    let n = high.len();
    let mut out = Vec::new();
    if n < 2 * length || n < length + 1 {
        return out;
    }
    let first = 2 * length - 1;
    let last = n - 1 - length;
    if first > last {
        return out;
    }
    // Monotonic deques over the sliding window [i-L+1, i+L] give each max/min in O(1) amortised.
    let mut max_q: VecDeque<usize> = VecDeque::new();
    let mut min_q: VecDeque<usize> = VecDeque::new();
    let mut pushed = 0usize;
    for i in first..=last {
        let (lo, hi) = (i + 1 - length, i + length);
        while pushed <= hi {
            while max_q.back().is_some_and(|&k| high[k] <= high[pushed]) {
                max_q.pop_back();
            }
            max_q.push_back(pushed);
            while min_q.back().is_some_and(|&k| low[k] >= low[pushed]) {
                min_q.pop_back();
            }
            min_q.push_back(pushed);
            pushed += 1;
        }
        while max_q.front().is_some_and(|&k| k < lo) {
            max_q.pop_front();
        }
        while min_q.front().is_some_and(|&k| k < lo) {
            min_q.pop_front();
        }
        if high[i] == high[max_q[0]] {
            out.push((i, 1.0));
        } else if low[i] == low[min_q[0]] {
            out.push((i, -1.0));
        }
    }
    out
}

/// Whether candidate `b` (later) beats the kept candidate `a` of the same run: a strictly higher
/// high / strictly lower low replaces it (ties keep the earlier one).
#[inline]
pub(crate) fn replaces(kind: f64, a: usize, b: usize, high: &[f64], low: &[f64]) -> bool {
    if kind == 1.0 {
        high[b] > high[a]
    } else {
        low[b] < low[a]
    }
}

/// Step 2: the earliest extreme of every run of same-type candidates.
pub(crate) fn reduce_runs(
    candidates: &[(usize, f64)],
    high: &[f64],
    low: &[f64],
) -> Vec<(usize, f64)> {
    let mut kept: Vec<(usize, f64)> = Vec::new();
    for &(row, kind) in candidates {
        match kept.last_mut() {
            Some(last) if last.1 == kind => {
                if replaces(kind, last.0, row, high, low) {
                    last.0 = row;
                }
            }
            _ => kept.push((row, kind)),
        }
    }
    kept
}

/// Step 3, with the package's statement order: row 0 opposes the first swing, row n-1 the last.
pub(crate) fn mark_ends(high_low: &mut [f64], kept: &[(usize, f64)]) {
    if let (Some(first), Some(last)) = (kept.first(), kept.last()) {
        let n = high_low.len();
        high_low[0] = -first.1;
        high_low[n - 1] = -last.1;
    }
}

pub(crate) fn levels(high_low: &[f64], high: &[f64], low: &[f64]) -> Vec<f64> {
    high_low
        .iter()
        .enumerate()
        .map(|(i, &hl)| {
            if hl == 1.0 {
                high[i]
            } else if hl == -1.0 {
                low[i]
            } else {
                f64::NAN
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(high: &[f64], low: &[f64]) -> (Vec<f64>, Vec<f64>) {
        (high.to_vec(), low.to_vec())
    }

    #[test]
    fn marks_window_extremes_and_opposite_ends() {
        let (high, low) = bars(
            &[1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 1.5, 1.0],
            &[0.5, 1.5, 2.5, 1.5, 0.2, 1.5, 1.0, 0.5],
        );
        let close = vec![1.0; 8];
        let o = Ohlc::new(None, &close, &high, &low, &close, &close).unwrap();
        let s = swing_highs_lows(&o, 1).unwrap();
        // L = 1: candidates 1..=6 with window [i, i+1].
        assert_eq!(s.high_low[2], 1.0);
        assert_eq!(s.level[2], 3.0);
        assert_eq!(s.high_low[4], -1.0);
        assert_eq!(s.level[4], 0.2);
        // Candidates: 1 low, 2 and 3 highs (3 dropped: lower), 4 low, 5 and 6 highs (6 dropped).
        assert_eq!(s.high_low[1], -1.0);
        assert!(s.high_low[3].is_nan() && s.high_low[6].is_nan());
        assert_eq!(s.high_low[5], 1.0);
        assert_eq!(s.high_low[0], 1.0, "row 0 opposes the first swing (a low)");
        assert_eq!(s.level[0], 1.0);
        assert_eq!(
            s.high_low[7], -1.0,
            "row n-1 opposes the last swing (a high)"
        );
        assert_eq!(s.level[7], 0.5);
    }

    #[test]
    fn rejects_bad_length() {
        let x = [1.0];
        let o = Ohlc::new(None, &x, &x, &x, &x, &x).unwrap();
        assert_eq!(
            swing_highs_lows(&o, 0).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
