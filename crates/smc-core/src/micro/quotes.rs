//! Measures of the best quotes: mid, quoted spread, imbalance, imbalance-weighted mid and order
//! flow imbalance.

use super::rolling::run;
use crate::error::{check, Result};

/// Best quotes as columns: bid, bid size, ask, ask size (all the same length, finite, sizes >= 0).
#[derive(Debug, Clone, Copy)]
pub struct Quotes<'a> {
    pub bid: &'a [f64],
    pub bid_qty: &'a [f64],
    pub ask: &'a [f64],
    pub ask_qty: &'a [f64],
}

impl<'a> Quotes<'a> {
    /// Validates the columns.
    ///
    /// # Errors
    /// `LengthMismatch`, `NonFinite`, `OutOfRange` (negative size).
    pub fn new(
        bid: &'a [f64],
        bid_qty: &'a [f64],
        ask: &'a [f64],
        ask_qty: &'a [f64],
    ) -> Result<Self> {
        let n = bid.len();
        check::same_len("bidQty", n, bid_qty.len())?;
        check::same_len("ask", n, ask.len())?;
        check::same_len("askQty", n, ask_qty.len())?;
        for (what, xs) in [
            ("bid", bid),
            ("bidQty", bid_qty),
            ("ask", ask),
            ("askQty", ask_qty),
        ] {
            check::finite(what, xs)?;
        }
        for (what, xs) in [("bidQty", bid_qty), ("askQty", ask_qty)] {
            if let Some(&q) = xs.iter().find(|&&q| q < 0.0) {
                return Err(crate::SmcError::out_of_range(what, q, "a size >= 0"));
            }
        }
        Ok(Quotes {
            bid,
            bid_qty,
            ask,
            ask_qty,
        })
    }

    pub fn len(&self) -> usize {
        self.bid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bid.is_empty()
    }
}

/// Mid price `(bid + ask) / 2`.
pub fn mid(bid: &[f64], ask: &[f64]) -> Result<Vec<f64>> {
    check::same_len("ask", bid.len(), ask.len())?;
    Ok(bid.iter().zip(ask).map(|(b, a)| 0.5 * (b + a)).collect())
}

/// Quoted spread `ask - bid`, or relative to the mid `(ask - bid) / mid` when `relative`.
pub fn quoted_spread(bid: &[f64], ask: &[f64], relative: bool) -> Result<Vec<f64>> {
    check::same_len("ask", bid.len(), ask.len())?;
    Ok(bid
        .iter()
        .zip(ask)
        .map(|(b, a)| {
            if relative {
                (a - b) / (0.5 * (a + b))
            } else {
                a - b
            }
        })
        .collect())
}

/// Top-of-book imbalance `(Qb - Qa) / (Qb + Qa)` in [-1, 1] (NaN when both sizes are 0).
pub fn imbalance_one(bid_qty: f64, ask_qty: f64) -> f64 {
    let total = bid_qty + ask_qty;
    if total > 0.0 {
        (bid_qty - ask_qty) / total
    } else {
        f64::NAN
    }
}

/// [`imbalance_one`] per row.
pub fn imbalance(q: &Quotes) -> Vec<f64> {
    run(q.len(), |i| imbalance_one(q.bid_qty[i], q.ask_qty[i]))
}

/// Imbalance-weighted mid `I * ask + (1 - I) * bid` with `I = Qb / (Qb + Qa)`: the price leans
/// towards the side with less size, where the next trade is more likely to move it (Stoikov 2018
/// calls it the weighted mid). Bid 100.00 x 5, ask 100.02 x 4 gives 100.011111. Plain mid when
/// both sizes are 0.
pub fn weighted_mid_one(bid: f64, bid_qty: f64, ask: f64, ask_qty: f64) -> f64 {
    let total = bid_qty + ask_qty;
    if total > 0.0 {
        let i = bid_qty / total;
        i * ask + (1.0 - i) * bid
    } else {
        0.5 * (bid + ask)
    }
}

/// [`weighted_mid_one`] per row.
pub fn weighted_mid(q: &Quotes) -> Vec<f64> {
    run(q.len(), |i| {
        weighted_mid_one(q.bid[i], q.bid_qty[i], q.ask[i], q.ask_qty[i])
    })
}

/// Depth-weighted imbalance over `levels` levels, given row-major matrices of sizes
/// (`bid_qty[i * levels + k]` is the size k levels from the touch at row i; missing levels 0):
/// `sum_k w_k (Qb_k - Qa_k) / sum_k w_k (Qb_k + Qa_k)`, `w_k = exp(-decay k)` (Cao, Hansch &
/// Wang 2009, "The information content of an open limit-order book").
///
/// # Errors
/// `OutOfRange` for `levels` 0 or a negative/NaN decay, `LengthMismatch` when the matrices are
/// not `rows x levels`, `NonFinite`.
pub fn depth_imbalance(
    bid_qty: &[f64],
    ask_qty: &[f64],
    levels: usize,
    decay: f64,
) -> Result<Vec<f64>> {
    if levels == 0 {
        return Err(crate::SmcError::out_of_range(
            "levels",
            0.0,
            "an integer >= 1",
        ));
    }
    if !(decay >= 0.0 && decay.is_finite()) {
        return Err(crate::SmcError::out_of_range(
            "decay",
            decay,
            "a finite number >= 0",
        ));
    }
    check::same_len("askQty", bid_qty.len(), ask_qty.len())?;
    if bid_qty.len() % levels != 0 {
        return Err(crate::SmcError::LengthMismatch {
            what: "bidQty (rows x levels)".to_owned(),
            expected: bid_qty.len() / levels * levels,
            actual: bid_qty.len(),
        });
    }
    check::finite("bidQty", bid_qty)?;
    check::finite("askQty", ask_qty)?;
    let weights: Vec<f64> = (0..levels).map(|k| (-decay * k as f64).exp()).collect();
    Ok(bid_qty
        .chunks_exact(levels)
        .zip(ask_qty.chunks_exact(levels))
        .map(|(b, a)| {
            let wb: f64 = b.iter().zip(&weights).map(|(q, w)| q * w).sum();
            let wa: f64 = a.iter().zip(&weights).map(|(q, w)| q * w).sum();
            imbalance_one(wb, wa)
        })
        .collect())
}

/// Order flow imbalance contribution of one quote change (Cont, Kukanov & Stoikov 2014, "The
/// price impact of order book events", eq. 10):
///
/// `e_n = 1{Pb_n >= Pb_{n-1}} qb_n - 1{Pb_n <= Pb_{n-1}} qb_{n-1}
///      - 1{Pa_n <= Pa_{n-1}} qa_n + 1{Pa_n >= Pa_{n-1}} qa_{n-1}`
pub fn ofi_contribution(prev: (f64, f64, f64, f64), cur: (f64, f64, f64, f64)) -> f64 {
    let (pb0, qb0, pa0, qa0) = prev;
    let (pb1, qb1, pa1, qa1) = cur;
    let mut e = 0.0;
    if pb1 >= pb0 {
        e += qb1;
    }
    if pb1 <= pb0 {
        e -= qb0;
    }
    if pa1 <= pa0 {
        e -= qa1;
    }
    if pa1 >= pa0 {
        e += qa0;
    }
    e
}

/// Streaming order flow imbalance: the sum of the last `window` contributions `e_n`.
#[derive(Debug, Clone)]
pub struct Ofi {
    window: usize,
    prev: Option<(f64, f64, f64, f64)>,
    sums: super::rolling::RollingPairs,
}

impl Ofi {
    /// # Errors
    /// `OutOfRange` for a window below 1.
    pub fn new(window: i64) -> Result<Self> {
        let window = check::window("window", window, 1)?;
        Ok(Ofi {
            window,
            prev: None,
            sums: super::rolling::RollingPairs::new(window),
        })
    }

    /// Adds one best-quote observation and returns `(e_n, OFI)`: the contribution of this change
    /// (NaN for the first quote) and the sum of the last `window` contributions (NaN until
    /// `window` changes have been seen).
    pub fn push(&mut self, bid: f64, bid_qty: f64, ask: f64, ask_qty: f64) -> (f64, f64) {
        let cur = (bid, bid_qty, ask, ask_qty);
        let Some(prev) = self.prev.replace(cur) else {
            return (f64::NAN, f64::NAN);
        };
        let e = ofi_contribution(prev, cur);
        self.sums.push(e, 0.0);
        let total = if self.sums.is_full() {
            self.sums.sx
        } else {
            f64::NAN
        };
        (e, total)
    }

    pub fn window(&self) -> usize {
        self.window
    }

    pub fn reset(&mut self) {
        self.prev = None;
        self.sums.clear();
    }
}

/// Batch OFI: `(contributions, rolling sums)`, same length as the input, NaN in warm-up (row 0
/// for contributions, rows `< window` for the sums).
pub fn ofi(q: &Quotes, window: i64) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut s = Ofi::new(window)?;
    Ok(run(q.len(), |i| {
        s.push(q.bid[i], q.bid_qty[i], q.ask[i], q.ask_qty[i])
    })
    .into_iter()
    .unzip())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofi_hand_check() {
        // Cont-Kukanov-Stoikov on five quotes: contributions +2, +3, +4, -5, OFI 4.
        let bid = [100.00, 100.00, 100.01, 100.01, 100.00];
        let bq = [5.0, 7.0, 3.0, 3.0, 8.0];
        let ask = [100.02, 100.02, 100.02, 100.03, 100.01];
        let aq = [4.0, 4.0, 4.0, 6.0, 2.0];
        let q = Quotes::new(&bid, &bq, &ask, &aq).unwrap();
        let (e, total) = ofi(&q, 4).unwrap();
        assert!(e[0].is_nan());
        assert_eq!(&e[1..], &[2.0, 3.0, 4.0, -5.0]);
        assert!(total[..4].iter().all(|x| x.is_nan()));
        assert_eq!(total[4], 4.0);
    }

    #[test]
    fn weighted_mid_hand_check() {
        let w = weighted_mid_one(100.00, 5.0, 100.02, 4.0);
        assert!((w - 100.011_111_111_111).abs() < 1e-9, "{w}");
        assert_eq!(imbalance_one(5.0, 4.0), 1.0 / 9.0);
        assert!(imbalance_one(0.0, 0.0).is_nan());
    }

    #[test]
    fn rejects_bad_quotes() {
        assert_eq!(
            Quotes::new(&[1.0], &[-1.0], &[2.0], &[1.0])
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            Quotes::new(&[1.0], &[f64::NAN], &[2.0], &[1.0])
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            Quotes::new(&[1.0], &[1.0], &[2.0, 3.0], &[1.0])
                .unwrap_err()
                .code(),
            "SMC_LENGTH_MISMATCH"
        );
        assert_eq!(
            depth_imbalance(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0], 2, 0.0)
                .unwrap_err()
                .code(),
            "SMC_LENGTH_MISMATCH"
        );
        assert_eq!(
            depth_imbalance(&[1.0, 2.0], &[3.0, 0.0], 2, 0.0).unwrap(),
            vec![0.0]
        );
    }
}
