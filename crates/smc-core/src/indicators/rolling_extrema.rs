//! Highest and lowest of the last `period` values in amortised O(1) per value.

use std::collections::VecDeque;

/// Two monotonic deques of (index, value): the front of `maxima` is the window's maximum, the
/// front of `minima` its minimum. Each value enters and leaves each deque at most once.
/// The extrema are exact, so the result equals TA-Lib's rescanning `STOCHF` loop.
#[derive(Debug, Clone)]
pub(crate) struct RollingExtrema {
    period: usize,
    seen: usize,
    maxima: VecDeque<(usize, f64)>,
    minima: VecDeque<(usize, f64)>,
}

impl RollingExtrema {
    /// `period` must already be validated (>= 1).
    pub(crate) fn new(period: usize) -> Self {
        RollingExtrema {
            period,
            seen: 0,
            maxima: VecDeque::with_capacity(period + 1),
            minima: VecDeque::with_capacity(period + 1),
        }
    }

    /// Adds `x`; returns (lowest, highest) of the last `period` values once that many arrived.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) -> Option<(f64, f64)> {
        let i = self.seen;
        self.seen += 1;
        while self.maxima.back().is_some_and(|&(_, v)| v <= x) {
            self.maxima.pop_back();
        }
        self.maxima.push_back((i, x));
        while self.minima.back().is_some_and(|&(_, v)| v >= x) {
            self.minima.pop_back();
        }
        self.minima.push_back((i, x));
        // The window is [i + 1 - period, i]; drop what fell out of it.
        let first = (i + 1).saturating_sub(self.period);
        while self.maxima.front().is_some_and(|&(j, _)| j < first) {
            self.maxima.pop_front();
        }
        while self.minima.front().is_some_and(|&(j, _)| j < first) {
            self.minima.pop_front();
        }
        if self.seen < self.period {
            return None;
        }
        // Both deques hold x at least, so the fronts exist.
        let lowest = self.minima.front().map_or(x, |&(_, v)| v);
        let highest = self.maxima.front().map_or(x, |&(_, v)| v);
        Some((lowest, highest))
    }

    pub(crate) fn reset(&mut self) {
        self.seen = 0;
        self.maxima.clear();
        self.minima.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_a_rescan() {
        let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
        for period in 1..5 {
            let mut r = RollingExtrema::new(period);
            for (i, &x) in xs.iter().enumerate() {
                let got = r.push(x);
                if i + 1 < period {
                    assert_eq!(got, None);
                } else {
                    let w = &xs[i + 1 - period..=i];
                    let lo = w.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    assert_eq!(got, Some((lo, hi)));
                }
            }
        }
    }
}
