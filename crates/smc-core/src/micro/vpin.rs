//! VPIN, the volume-synchronised probability of informed trading (Easley, López de Prado &
//! O'Hara 2012, "Flow toxicity and liquidity in a high-frequency world", RFS 25(5)).

use std::collections::VecDeque;

use super::rolling::RollingPairs;
use crate::dist::norm_cdf;
use crate::error::{check, Result, SmcError};

/// Options of [`Vpin`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VpinOptions {
    /// Volume per bucket (V), > 0.
    pub bucket_volume: f64,
    /// Buckets averaged over (n), >= 1.
    pub buckets: usize,
    /// Bars over which the standard deviation of price changes is estimated, >= 2.
    pub sigma_window: usize,
}

/// Streaming VPIN over time bars (price, volume):
/// 1. bulk volume classification: a bar with price change dP is `V_b = V Phi(dP / sigma_dP)`
///    buyer-initiated and `V_s = V - V_b` seller-initiated, with sigma_dP the sample standard
///    deviation of the last `sigma_window` price changes (causal, so no look-ahead);
/// 2. the classified volume fills buckets of exactly `bucket_volume` (a bar spills over into as
///    many buckets as it fills, keeping its buy fraction);
/// 3. `VPIN = sum over the last n buckets |V_s - V_b| / (n V)`.
///
/// Output after each bar: NaN until `n` buckets are complete. Bars before sigma is known (the
/// first `sigma_window` bars) are not classified. With sigma 0, dP > 0 counts as all buys,
/// dP < 0 all sells, dP = 0 half and half.
#[derive(Debug, Clone)]
pub struct Vpin {
    options: VpinOptions,
    changes: RollingPairs,
    prev_price: f64,
    bucket_buy: f64,
    bucket_filled: f64,
    imbalances: VecDeque<f64>,
    imbalance_sum: f64,
}

impl Vpin {
    /// # Errors
    /// `OutOfRange` for a non-positive bucket volume, `buckets < 1` or `sigma_window < 2`.
    pub fn new(options: VpinOptions) -> Result<Self> {
        if !(options.bucket_volume > 0.0 && options.bucket_volume.is_finite()) {
            return Err(SmcError::out_of_range(
                "bucketVolume",
                options.bucket_volume,
                "a finite number > 0",
            ));
        }
        check::window("buckets", options.buckets as i64, 1)?;
        check::window("sigmaWindow", options.sigma_window as i64, 2)?;
        Ok(Vpin {
            options,
            changes: RollingPairs::new(options.sigma_window),
            prev_price: f64::NAN,
            bucket_buy: 0.0,
            bucket_filled: 0.0,
            imbalances: VecDeque::with_capacity(options.buckets.min(1 << 20) + 1),
            imbalance_sum: 0.0,
        })
    }

    fn buy_fraction(&self, change: f64) -> f64 {
        let s = &self.changes;
        let var = (s.sxx - s.sx * s.sx / s.n) / (s.n - 1.0);
        let sigma = var.max(0.0).sqrt();
        if sigma > 0.0 {
            norm_cdf(change / sigma)
        } else if change > 0.0 {
            1.0
        } else if change < 0.0 {
            0.0
        } else {
            0.5
        }
    }

    /// Adds one bar and returns VPIN after it.
    ///
    /// # Errors
    /// `NonFinite` for a non-finite price or volume, `OutOfRange` for a negative volume. A
    /// rejected bar changes nothing.
    pub fn push(&mut self, price: f64, volume: f64) -> Result<f64> {
        check::finite_scalar("price", price)?;
        check::finite_scalar("volume", volume)?;
        if volume < 0.0 {
            return Err(SmcError::out_of_range("volume", volume, "a volume >= 0"));
        }
        let change = price - self.prev_price;
        self.prev_price = price;
        if !change.is_nan() {
            self.changes.push(change, 0.0);
            if self.changes.is_full() {
                let frac = self.buy_fraction(change);
                self.fill(volume, frac);
            }
        }
        Ok(self.value())
    }

    /// Spreads `volume` over buckets: it first tops up the open bucket, then fills
    /// `floor(rest / V)` whole buckets (all with the same imbalance, computed once, and at most
    /// `buckets` of them kept since older ones leave the window anyway), and the remainder opens
    /// a new bucket. O(buckets) per bar at worst, whatever the volume.
    fn fill(&mut self, volume: f64, buy_fraction: f64) {
        if volume <= 0.0 {
            return;
        }
        let v = self.options.bucket_volume;
        let room = v - self.bucket_filled;
        if volume < room {
            self.bucket_buy += volume * buy_fraction;
            self.bucket_filled += volume;
            return;
        }
        self.bucket_buy += room * buy_fraction;
        let buy = self.bucket_buy;
        self.complete_bucket(((v - buy) - buy).abs());
        let rest = volume - room;
        // `%` on f64 is the exact IEEE remainder, in [0, V) for rest >= 0: no rounding can
        // leave more than a bucket open, however large the bar.
        let left = rest % v;
        let whole = ((rest - left) / v).round();
        if whole >= 1.0 {
            let buy = v * buy_fraction;
            let imbalance = ((v - buy) - buy).abs();
            let kept = whole.min(self.options.buckets as f64) as usize;
            for _ in 0..kept {
                self.complete_bucket(imbalance);
            }
        }
        if left > 0.0 {
            self.bucket_buy = left * buy_fraction;
            self.bucket_filled = left;
        }
    }

    fn complete_bucket(&mut self, imbalance: f64) {
        self.imbalances.push_back(imbalance);
        self.imbalance_sum += imbalance;
        if self.imbalances.len() > self.options.buckets {
            self.imbalances.pop_front();
            // Re-summed (O(n) per completed bucket, not per bar) so it never drifts.
            self.imbalance_sum = self.imbalances.iter().sum();
        }
        self.bucket_buy = 0.0;
        self.bucket_filled = 0.0;
    }

    /// VPIN of the last `buckets` complete buckets (NaN until there are that many).
    pub fn value(&self) -> f64 {
        if self.imbalances.len() == self.options.buckets {
            self.imbalance_sum / (self.options.buckets as f64 * self.options.bucket_volume)
        } else {
            f64::NAN
        }
    }

    /// Complete buckets so far (capped at `buckets`).
    pub fn buckets(&self) -> usize {
        self.imbalances.len()
    }
}

/// Batch VPIN over bars.
///
/// # Errors
/// `LengthMismatch`, `NonFinite`, `OutOfRange` (negative volume, bad options).
pub fn vpin(price: &[f64], volume: &[f64], options: VpinOptions) -> Result<Vec<f64>> {
    check::same_len("volume", price.len(), volume.len())?;
    check::finite("price", price)?;
    check::finite("volume", volume)?;
    let mut s = Vpin::new(options)?;
    price
        .iter()
        .zip(volume)
        .map(|(&p, &v)| s.push(p, v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sided_flow_is_fully_toxic() {
        // Prices alternate so sigma > 0, but every large bar goes up: VPIN near 1 for strong
        // moves; with flat sigma-sized moves it lies strictly between 0 and 1.
        let price: Vec<f64> = (0..200)
            .map(|i| 100.0 + i as f64 * 10.0 + if i % 2 == 0 { 0.0 } else { 0.5 })
            .collect();
        let volume = vec![10.0; 200];
        let opts = VpinOptions {
            bucket_volume: 25.0,
            buckets: 5,
            sigma_window: 10,
        };
        let v = vpin(&price, &volume, opts).unwrap();
        let last = *v.last().unwrap();
        assert!(last > 0.0 && last <= 1.0, "{last}");
        assert!(v[..10].iter().all(|x| x.is_nan()));
        let mut stream = Vpin::new(opts).unwrap();
        let s: Vec<f64> = price
            .iter()
            .zip(&volume)
            .map(|(&p, &q)| stream.push(p, q).unwrap())
            .collect();
        assert_eq!(format!("{s:?}"), format!("{v:?}"));
        assert_eq!(stream.buckets(), 5);
        assert!(Vpin::new(VpinOptions {
            bucket_volume: 0.0,
            ..opts
        })
        .is_err());
    }

    fn opts() -> VpinOptions {
        VpinOptions {
            bucket_volume: 1.0,
            buckets: 3,
            sigma_window: 2,
        }
    }

    #[test]
    fn push_rejects_bad_bars_without_changing_state() {
        let mut s = Vpin::new(opts()).unwrap();
        for (p, v) in [(100.0, 1.0), (101.0, 1.0), (100.5, 1.0)] {
            s.push(p, v).unwrap();
        }
        let before = s.buckets();
        assert_eq!(
            s.push(101.0, f64::INFINITY).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            s.push(101.0, f64::NAN).unwrap_err().code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(s.push(f64::NAN, 1.0).unwrap_err().code(), "SMC_NON_FINITE");
        assert_eq!(s.push(101.0, -1.0).unwrap_err().code(), "SMC_OUT_OF_RANGE");
        assert_eq!(s.buckets(), before);
        assert_eq!(
            vpin(&[1.0, 2.0], &[1.0, f64::INFINITY], opts())
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
    }

    #[test]
    fn a_huge_bar_fills_buckets_in_bounded_time() {
        // 1e20 units with V = 1 used to loop 1e20 times.
        let mut s = Vpin::new(opts()).unwrap();
        s.push(100.0, 1.0).unwrap();
        s.push(101.0, 1.0).unwrap();
        s.push(100.0, 1.0).unwrap();
        let v = s.push(101.0, 1e20).unwrap();
        assert_eq!(s.buckets(), 3);
        assert!((0.0..=1.0).contains(&v), "{v}");
        // The open bucket holds less than one bucket volume whatever the rounding of 1e20.
        assert!((0.0..1.0).contains(&s.bucket_filled), "{}", s.bucket_filled);
        let v = s.push(100.5, 0.25).unwrap();
        assert!((0.0..=1.0).contains(&v), "{v}");
        // With V = 0.3, 1e20 - floor(1e20 / V) * V is -16384, not a remainder: the open bucket
        // must still hold less than V.
        let mut s = Vpin::new(VpinOptions {
            bucket_volume: 0.3,
            ..opts()
        })
        .unwrap();
        for (p, q) in [(100.0, 0.1), (101.0, 0.1), (100.0, 0.1), (101.0, 1e20)] {
            s.push(p, q).unwrap();
        }
        assert!((0.0..0.3).contains(&s.bucket_filled), "{}", s.bucket_filled);
    }

    #[test]
    fn whole_bucket_arithmetic_matches_filling_one_unit_at_a_time() {
        // A bar of 7.5 units must give the same buckets as 15 bars of 0.5 at the same price
        // change; compare the resulting state through the imbalances.
        let o = VpinOptions {
            bucket_volume: 2.0,
            buckets: 4,
            sigma_window: 2,
        };
        let mut big = Vpin::new(o).unwrap();
        let mut small = Vpin::new(o).unwrap();
        for (p, v) in [(100.0, 0.0), (101.0, 0.0), (100.0, 0.7)] {
            big.push(p, v).unwrap();
            small.push(p, v).unwrap();
        }
        big.fill(7.5, 0.8);
        for _ in 0..15 {
            small.fill(0.5, 0.8);
        }
        assert_eq!(big.imbalances.len(), small.imbalances.len());
        for (a, b) in big.imbalances.iter().zip(&small.imbalances) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        assert!((big.bucket_filled - small.bucket_filled).abs() < 1e-12);
        assert!((big.bucket_buy - small.bucket_buy).abs() < 1e-12);
    }
}
