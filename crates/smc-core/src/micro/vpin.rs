//! VPIN, the volume-synchronised probability of informed trading (Easley, López de Prado &
//! O'Hara 2012, "Flow toxicity and liquidity in a high-frequency world", RFS 25(5)).

use std::collections::VecDeque;

use super::rolling::RollingPairs;
use crate::error::{check, Result, SmcError};

/// Standard normal CDF `Phi(x) = erfc(-x / sqrt 2) / 2`, with the Chebyshev-fitted `erfc` of
/// Press et al., Numerical Recipes in C (2nd ed.) 6.2 (fractional error below 1.2e-7, ample for
/// classifying volume).
pub fn normal_cdf(x: f64) -> f64 {
    let z = -x / std::f64::consts::SQRT_2;
    let a = z.abs();
    let t = 1.0 / (1.0 + 0.5 * a);
    let poly = -a * a - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc_a = t * poly.exp();
    0.5 * if z >= 0.0 { erfc_a } else { 2.0 - erfc_a }
}

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
            imbalances: VecDeque::with_capacity(options.buckets + 1),
            imbalance_sum: 0.0,
        })
    }

    fn buy_fraction(&self, change: f64) -> f64 {
        let s = &self.changes;
        let var = (s.sxx - s.sx * s.sx / s.n) / (s.n - 1.0);
        let sigma = var.max(0.0).sqrt();
        if sigma > 0.0 {
            normal_cdf(change / sigma)
        } else if change > 0.0 {
            1.0
        } else if change < 0.0 {
            0.0
        } else {
            0.5
        }
    }

    /// Adds one bar and returns VPIN after it.
    pub fn push(&mut self, price: f64, volume: f64) -> f64 {
        let change = price - self.prev_price;
        self.prev_price = price;
        if !change.is_nan() {
            self.changes.push(change, 0.0);
            if self.changes.is_full() {
                let frac = self.buy_fraction(change);
                self.fill(volume, frac);
            }
        }
        self.value()
    }

    fn fill(&mut self, mut volume: f64, buy_fraction: f64) {
        let v = self.options.bucket_volume;
        while volume > 0.0 {
            let room = v - self.bucket_filled;
            let take = volume.min(room);
            self.bucket_buy += take * buy_fraction;
            self.bucket_filled += take;
            volume -= take;
            if take >= room {
                let buy = self.bucket_buy;
                let imbalance = ((v - buy) - buy).abs();
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
        }
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
    if let Some(&v) = volume.iter().find(|&&v| v < 0.0) {
        return Err(SmcError::out_of_range("volume", v, "a volume >= 0"));
    }
    let mut s = Vpin::new(options)?;
    Ok(price
        .iter()
        .zip(volume)
        .map(|(&p, &v)| s.push(p, v))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.0) - 0.841_344_746_068_543).abs() < 1e-7);
        assert!((normal_cdf(-1.96) - 0.024_997_895_148_220).abs() < 1e-8);
    }

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
            .map(|(&p, &q)| stream.push(p, q))
            .collect();
        assert_eq!(format!("{s:?}"), format!("{v:?}"));
        assert_eq!(stream.buckets(), 5);
        assert!(Vpin::new(VpinOptions {
            bucket_volume: 0.0,
            ..opts
        })
        .is_err());
    }
}
