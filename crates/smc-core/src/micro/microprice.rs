//! Stoikov's micro-price (Stoikov 2018, "The micro-price: a high-frequency estimator of future
//! prices", Quantitative Finance 18(12)).
//!
//! The state of the top of book is x = (imbalance bucket, spread in ticks), with imbalance
//! `I = Qb / (Qb + Qa)` cut into `imbalance_buckets` equal buckets of [0, 1] and spreads of 1 to
//! `spread_buckets` ticks. From consecutive observations we count transitions:
//! - Q(x, y): to state y with the mid unchanged;
//! - R(x, k): the mid moved by k in K = {-1, -1/2, +1/2, +1} ticks (larger jumps are dropped);
//! - T(x, y): to state y with the mid moved,
//!
//! after symmetrising the data (each transition is also counted mirrored: I -> 1 - I, dM -> -dM)
//! and normalising by the number of transitions out of x. Then
//! `g1 = (1 - Q)^-1 R K`, `B = (1 - Q)^-1 T`, `g^{i+1} = B g^i`, and the micro-price is
//! `P_micro = mid + tick * (g1 + g2 + ... + g_iterations)(x)`.

use super::quotes::Quotes;
use crate::error::{check, Result, SmcError};

/// Options of [`MicropriceModel::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MicropriceOptions {
    pub tick_size: f64,
    /// Imbalance buckets (>= 2; Stoikov uses 10).
    pub imbalance_buckets: usize,
    /// Spread states 1..=spread_buckets ticks (>= 1; wider spreads are excluded from the fit and
    /// use the widest state live).
    pub spread_buckets: usize,
    /// Terms g1..gN summed (>= 1; Stoikov uses 6).
    pub iterations: usize,
}

/// A fitted micro-price adjustment table, applied live in O(1) per quote.
#[derive(Debug, Clone, PartialEq)]
pub struct MicropriceModel {
    options: MicropriceOptions,
    /// Adjustment in ticks per state, index `(spread - 1) * imbalance_buckets + bucket`.
    adjustment: Vec<f64>,
    /// Transitions used by the fit (before symmetrisation).
    pub transitions: usize,
    /// Transitions dropped (a state out of range or a mid jump beyond one tick).
    pub dropped: usize,
}

/// Solves `A X = B` for square `A` (n x n, row-major) and `B` (n x m) by Gaussian elimination
/// with partial pivoting.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>, n: usize, m: usize) -> Result<Vec<f64>> {
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))
            .expect("non-empty");
        if a[pivot * n + col].abs() < 1e-12 {
            return Err(SmcError::SingularMatrix(format!(
                "1 - Q is singular at state {col}: a state only ever returns to itself without a mid change; \
                 use fewer buckets or more data"
            )));
        }
        if pivot != col {
            for k in 0..n {
                a.swap(pivot * n + k, col * n + k);
            }
            for k in 0..m {
                b.swap(pivot * m + k, col * m + k);
            }
        }
        for row in 0..n {
            if row == col {
                continue;
            }
            let f = a[row * n + col] / a[col * n + col];
            if f == 0.0 {
                continue;
            }
            for k in col..n {
                a[row * n + k] -= f * a[col * n + k];
            }
            for k in 0..m {
                b[row * m + k] -= f * b[col * m + k];
            }
        }
    }
    for row in 0..n {
        let d = a[row * n + row];
        for k in 0..m {
            b[row * m + k] /= d;
        }
    }
    Ok(b)
}

impl MicropriceModel {
    fn state(&self, bid: f64, bid_qty: f64, ask: f64, ask_qty: f64, clip: bool) -> Option<usize> {
        let o = &self.options;
        let spread = ((ask - bid) / o.tick_size).round();
        if spread.is_nan() || spread < 1.0 {
            return None;
        }
        let spread = if clip {
            spread.min(o.spread_buckets as f64)
        } else {
            spread
        };
        if spread > o.spread_buckets as f64 {
            return None;
        }
        let total = bid_qty + ask_qty;
        if total.is_nan() || total <= 0.0 {
            return None;
        }
        let bucket = ((bid_qty / total) * o.imbalance_buckets as f64).floor() as usize;
        Some((spread as usize - 1) * o.imbalance_buckets + bucket.min(o.imbalance_buckets - 1))
    }

    fn mirror(&self, state: usize) -> usize {
        let n = self.options.imbalance_buckets;
        let (s, b) = (state / n, state % n);
        s * n + (n - 1 - b)
    }

    /// Fits the adjustment table on a sequence of best quotes (one row per observation, in time
    /// order; sampling at a fixed clock, as Stoikov does, or per book event).
    ///
    /// # Errors
    /// `OutOfRange` for bad options, `EmptyInput` with fewer than 2 quotes, `SingularMatrix`
    /// when a state never leaves itself, and the [`Quotes`] validation errors.
    pub fn fit(quotes: &Quotes, options: MicropriceOptions) -> Result<Self> {
        if !(options.tick_size > 0.0 && options.tick_size.is_finite()) {
            return Err(SmcError::out_of_range(
                "tickSize",
                options.tick_size,
                "a finite number > 0",
            ));
        }
        check::window("imbalanceBuckets", options.imbalance_buckets as i64, 2)?;
        check::window("spreadBuckets", options.spread_buckets as i64, 1)?;
        check::window("iterations", options.iterations as i64, 1)?;
        check::min_len("quotes", quotes.bid, 2)?;
        let n = options.imbalance_buckets * options.spread_buckets;
        let mut model = MicropriceModel {
            options,
            adjustment: vec![0.0; n],
            transitions: 0,
            dropped: 0,
        };
        // Counts: q (n x n), r (n x 4), t (n x n), total (n).
        let (mut q, mut r, mut t, mut total) = (
            vec![0.0; n * n],
            vec![0.0; n * 4],
            vec![0.0; n * n],
            vec![0.0; n],
        );
        let mid = |i: usize| 0.5 * (quotes.bid[i] + quotes.ask[i]);
        for i in 0..quotes.len() - 1 {
            let x = model.state(
                quotes.bid[i],
                quotes.bid_qty[i],
                quotes.ask[i],
                quotes.ask_qty[i],
                false,
            );
            let y = model.state(
                quotes.bid[i + 1],
                quotes.bid_qty[i + 1],
                quotes.ask[i + 1],
                quotes.ask_qty[i + 1],
                false,
            );
            let half_ticks = (2.0 * (mid(i + 1) - mid(i)) / options.tick_size).round() as i64;
            let (Some(x), Some(y)) = (x, y) else {
                model.dropped += 1;
                continue;
            };
            if half_ticks.abs() > 2 {
                model.dropped += 1;
                continue;
            }
            model.transitions += 1;
            for (x, y, k) in [
                (x, y, half_ticks),
                (model.mirror(x), model.mirror(y), -half_ticks),
            ] {
                total[x] += 1.0;
                if k == 0 {
                    q[x * n + y] += 1.0;
                } else {
                    let slot = match k {
                        -2 => 0,
                        -1 => 1,
                        1 => 2,
                        _ => 3,
                    };
                    r[x * 4 + slot] += 1.0;
                    t[x * n + y] += 1.0;
                }
            }
        }
        const K: [f64; 4] = [-1.0, -0.5, 0.5, 1.0];
        // A = 1 - Q; right-hand sides [R K | T].
        let mut a = vec![0.0; n * n];
        let mut rhs = vec![0.0; n * (n + 1)];
        for x in 0..n {
            let norm = if total[x] > 0.0 { 1.0 / total[x] } else { 0.0 };
            for y in 0..n {
                a[x * n + y] = f64::from(u8::from(x == y)) - q[x * n + y] * norm;
                rhs[x * (n + 1) + 1 + y] = t[x * n + y] * norm;
            }
            rhs[x * (n + 1)] = (0..4).map(|k| r[x * 4 + k] * norm * K[k]).sum();
        }
        let sol = solve(a, rhs, n, n + 1)?;
        let g1: Vec<f64> = (0..n).map(|x| sol[x * (n + 1)]).collect();
        let mut g = g1.clone();
        let mut sum = g1;
        for _ in 1..options.iterations {
            g = (0..n)
                .map(|x| (0..n).map(|y| sol[x * (n + 1) + 1 + y] * g[y]).sum())
                .collect();
            for (s, gi) in sum.iter_mut().zip(&g) {
                *s += gi;
            }
        }
        model.adjustment = sum;
        Ok(model)
    }

    /// The micro-price of one quote: `mid + tick * G(state)`. Spreads above the widest state use
    /// it; NaN for a locked or crossed quote (spread < 1 tick) or when both sizes are 0.
    pub fn microprice(&self, bid: f64, bid_qty: f64, ask: f64, ask_qty: f64) -> f64 {
        match self.state(bid, bid_qty, ask, ask_qty, true) {
            Some(x) => 0.5 * (bid + ask) + self.options.tick_size * self.adjustment[x],
            None => f64::NAN,
        }
    }

    /// [`microprice`](Self::microprice) per row.
    pub fn apply(&self, quotes: &Quotes) -> Vec<f64> {
        (0..quotes.len())
            .map(|i| {
                self.microprice(
                    quotes.bid[i],
                    quotes.bid_qty[i],
                    quotes.ask[i],
                    quotes.ask_qty[i],
                )
            })
            .collect()
    }

    /// Adjustments in ticks, `[spread - 1][imbalance bucket]` flattened row-major.
    pub fn adjustments(&self) -> &[f64] {
        &self.adjustment
    }

    pub fn options(&self) -> MicropriceOptions {
        self.options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solve_small_system() {
        let x = solve(vec![2.0, 1.0, 1.0, 3.0], vec![3.0, 5.0], 2, 1).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert_eq!(
            solve(vec![0.0; 4], vec![1.0, 1.0], 2, 1)
                .unwrap_err()
                .code(),
            "SMC_SINGULAR_MATRIX"
        );
    }
}
