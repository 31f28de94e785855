//! Rolling sums of pairs (x, y) over the last `window` observations, shared by the rolling
//! estimators. Running sums drift under add/subtract, so they are recomputed from the window
//! every `window` pushes: O(1) amortised, with error bounded to one window's worth of rounding.
//! The batch functions run this same code, so streaming and batch outputs are bit-identical.

use std::collections::VecDeque;

#[derive(Debug, Clone)]
pub(crate) struct RollingPairs {
    window: usize,
    rows: VecDeque<(f64, f64)>,
    since_recompute: usize,
    pub n: f64,
    pub sx: f64,
    pub sy: f64,
    pub sxx: f64,
    pub sxy: f64,
    pub syy: f64,
}

impl RollingPairs {
    pub fn new(window: usize) -> Self {
        RollingPairs {
            window,
            rows: VecDeque::with_capacity(window + 1),
            since_recompute: 0,
            n: 0.0,
            sx: 0.0,
            sy: 0.0,
            sxx: 0.0,
            sxy: 0.0,
            syy: 0.0,
        }
    }

    /// Adds a pair; a NaN in either element is a missing observation: it occupies a slot of the
    /// window but adds nothing to the sums or to `n`.
    pub fn push(&mut self, x: f64, y: f64) {
        self.rows.push_back((x, y));
        self.add(x, y, 1.0);
        if self.rows.len() > self.window {
            let (ox, oy) = self.rows.pop_front().expect("non-empty");
            self.add(ox, oy, -1.0);
        }
        self.since_recompute += 1;
        if self.since_recompute >= self.window {
            self.recompute();
        }
    }

    fn add(&mut self, x: f64, y: f64, sign: f64) {
        if x.is_nan() || y.is_nan() {
            return;
        }
        self.n += sign;
        self.sx += sign * x;
        self.sy += sign * y;
        self.sxx += sign * x * x;
        self.sxy += sign * x * y;
        self.syy += sign * y * y;
    }

    fn recompute(&mut self) {
        let rows = std::mem::take(&mut self.rows);
        (self.n, self.sx, self.sy, self.sxx, self.sxy, self.syy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in &rows {
            self.add(x, y, 1.0);
        }
        self.rows = rows;
        self.since_recompute = 0;
    }

    pub fn is_full(&self) -> bool {
        self.rows.len() == self.window
    }

    pub fn clear(&mut self) {
        *self = RollingPairs::new(self.window);
    }
}

/// Runs a streaming estimator over columns: the batch form of every rolling statistic.
pub(crate) fn run<T>(n: usize, mut step: impl FnMut(usize) -> T) -> Vec<T> {
    (0..n).map(&mut step).collect()
}
