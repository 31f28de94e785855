//! Rolling liquidity and volatility estimators: Kyle's lambda, Amihud illiquidity, Roll's spread
//! and realized volatility. Each is a streaming struct (O(1) amortised per observation) and a
//! batch function that runs the same struct, so both give identical outputs.

use super::rolling::RollingPairs;
use crate::error::{check, Result};

fn window(w: i64, min: i64) -> Result<usize> {
    check::window("window", w, min)
}

/// Kyle's lambda by rolling OLS of the mid change on signed volume over the last `window`
/// intervals: `dm_t = c + lambda q_t + u_t`, `lambda = cov(q, dm) / var(q)` (Kyle 1985,
/// "Continuous auctions and insider trading"; estimation as in Hasbrouck 2009, "Empirical Market
/// Microstructure", ch. 5). NaN until `window` observations, and when signed volume has no
/// variance in the window.
#[derive(Debug, Clone)]
pub struct KyleLambda {
    sums: RollingPairs,
}

impl KyleLambda {
    /// # Errors
    /// `OutOfRange` for a window below 2.
    pub fn new(window_len: i64) -> Result<Self> {
        Ok(KyleLambda {
            sums: RollingPairs::new(window(window_len, 2)?),
        })
    }

    pub fn push(&mut self, mid_change: f64, signed_volume: f64) -> f64 {
        self.sums.push(signed_volume, mid_change);
        let s = &self.sums;
        if !s.is_full() || s.n < 2.0 {
            return f64::NAN;
        }
        let var = s.n * s.sxx - s.sx * s.sx;
        if var <= 1e-12 * s.n * s.sxx {
            return f64::NAN;
        }
        (s.n * s.sxy - s.sx * s.sy) / var
    }
}

/// Batch Kyle's lambda.
///
/// # Errors
/// `LengthMismatch`, `NonFinite`, `OutOfRange` (window).
pub fn kyle_lambda(mid_change: &[f64], signed_volume: &[f64], window_len: i64) -> Result<Vec<f64>> {
    check::same_len("signedVolume", mid_change.len(), signed_volume.len())?;
    check::finite("midChange", mid_change)?;
    check::finite("signedVolume", signed_volume)?;
    let mut k = KyleLambda::new(window_len)?;
    Ok(mid_change
        .iter()
        .zip(signed_volume)
        .map(|(&m, &q)| k.push(m, q))
        .collect())
}

/// Amihud illiquidity over the last `window` periods: the mean of `|r_t| / DollarVolume_t` over
/// the periods with non-zero volume (Amihud 2002, "Illiquidity and stock returns"). NaN until
/// `window` periods, or when no period in the window traded.
#[derive(Debug, Clone)]
pub struct Amihud {
    sums: RollingPairs,
}

impl Amihud {
    /// # Errors
    /// `OutOfRange` for a window below 1.
    pub fn new(window_len: i64) -> Result<Self> {
        Ok(Amihud {
            sums: RollingPairs::new(window(window_len, 1)?),
        })
    }

    pub fn push(&mut self, ret: f64, dollar_volume: f64) -> f64 {
        let term = if dollar_volume > 0.0 {
            ret.abs() / dollar_volume
        } else {
            f64::NAN
        };
        self.sums.push(term, 0.0);
        let s = &self.sums;
        if s.is_full() && s.n > 0.0 {
            s.sx / s.n
        } else {
            f64::NAN
        }
    }
}

/// Batch Amihud illiquidity.
///
/// # Errors
/// `LengthMismatch`, `NonFinite`, `OutOfRange` (negative volume or window).
pub fn amihud(returns: &[f64], dollar_volume: &[f64], window_len: i64) -> Result<Vec<f64>> {
    check::same_len("dollarVolume", returns.len(), dollar_volume.len())?;
    check::finite("returns", returns)?;
    check::finite("dollarVolume", dollar_volume)?;
    if let Some(&v) = dollar_volume.iter().find(|&&v| v < 0.0) {
        return Err(crate::SmcError::out_of_range(
            "dollarVolume",
            v,
            "a volume >= 0",
        ));
    }
    let mut a = Amihud::new(window_len)?;
    Ok(returns
        .iter()
        .zip(dollar_volume)
        .map(|(&r, &v)| a.push(r, v))
        .collect())
}

/// Roll's effective spread estimator over a rolling window of `window` pairs of consecutive price
/// changes: `S = 2 sqrt(-cov(dp_t, dp_{t-1}))` with the sample covariance (n - 1 denominator)
/// (Roll 1984, "A simple implicit measure of the effective bid-ask spread"). The model needs a
/// negative autocovariance; when it is >= 0 the estimator is undefined and the output is NaN.
/// The first `window + 1` outputs are NaN (each pair needs three prices).
#[derive(Debug, Clone)]
pub struct RollSpread {
    sums: RollingPairs,
    prev_price: f64,
    prev_change: f64,
}

impl RollSpread {
    /// # Errors
    /// `OutOfRange` for a window below 2.
    pub fn new(window_len: i64) -> Result<Self> {
        Ok(RollSpread {
            sums: RollingPairs::new(window(window_len, 2)?),
            prev_price: f64::NAN,
            prev_change: f64::NAN,
        })
    }

    pub fn push(&mut self, price: f64) -> f64 {
        let change = price - self.prev_price;
        self.prev_price = price;
        if !self.prev_change.is_nan() {
            self.sums.push(change, self.prev_change);
        }
        self.prev_change = change;
        let s = &self.sums;
        if !s.is_full() {
            return f64::NAN;
        }
        let cov = (s.sxy - s.sx * s.sy / s.n) / (s.n - 1.0);
        if cov < 0.0 {
            2.0 * (-cov).sqrt()
        } else {
            f64::NAN
        }
    }
}

/// Batch Roll spread from a price series.
///
/// # Errors
/// `NonFinite`, `OutOfRange` (window).
pub fn roll_spread(price: &[f64], window_len: i64) -> Result<Vec<f64>> {
    check::finite("price", price)?;
    let mut r = RollSpread::new(window_len)?;
    Ok(price.iter().map(|&p| r.push(p)).collect())
}

/// Realized volatility over the last `window` log returns: `sqrt(sum r_k^2)`, `r_k = ln(p_k /
/// p_{k-1})` (Andersen & Bollerslev 1998, "Answering the skeptics"). Not annualised. The first
/// `window` outputs are NaN.
#[derive(Debug, Clone)]
pub struct RealizedVolatility {
    sums: RollingPairs,
    prev_price: f64,
}

impl RealizedVolatility {
    /// # Errors
    /// `OutOfRange` for a window below 1.
    pub fn new(window_len: i64) -> Result<Self> {
        Ok(RealizedVolatility {
            sums: RollingPairs::new(window(window_len, 1)?),
            prev_price: f64::NAN,
        })
    }

    pub fn push(&mut self, price: f64) -> f64 {
        let r = (price / self.prev_price).ln();
        self.prev_price = price;
        if r.is_nan() {
            return f64::NAN;
        }
        self.sums.push(r, 0.0);
        if self.sums.is_full() {
            self.sums.sxx.max(0.0).sqrt()
        } else {
            f64::NAN
        }
    }
}

/// Batch realized volatility from prices.
///
/// # Errors
/// `NonFinite`, `OutOfRange` (window, or a price <= 0).
pub fn realized_volatility(price: &[f64], window_len: i64) -> Result<Vec<f64>> {
    check::finite("price", price)?;
    if let Some(&p) = price.iter().find(|&&p| p <= 0.0) {
        return Err(crate::SmcError::out_of_range("price", p, "a price > 0"));
    }
    let mut rv = RealizedVolatility::new(window_len)?;
    Ok(price.iter().map(|&p| rv.push(p)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kyle_recovers_a_linear_impact() {
        let q: Vec<f64> = (0..50).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
        let dm: Vec<f64> = q.iter().map(|x| 0.25 * x + 0.01).collect();
        let l = kyle_lambda(&dm, &q, 10).unwrap();
        assert!(l[..9].iter().all(|x| x.is_nan()));
        assert!(l[9..].iter().all(|x| (x - 0.25).abs() < 1e-12));
        assert!(kyle_lambda(&[0.0; 5], &[1.0; 5], 3)
            .unwrap()
            .iter()
            .all(|x| x.is_nan()));
    }

    #[test]
    fn roll_on_a_bouncing_price() {
        // Bid-ask bounce between 99.5 and 100.5 (spread 1): dp alternates +-1, cov = -1 * n/(n-1).
        let p: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { 99.5 } else { 100.5 })
            .collect();
        let s = roll_spread(&p, 10).unwrap();
        assert!(s[..11].iter().all(|x| x.is_nan()));
        let cov: f64 = -10.0 / 9.0;
        assert!((s[11] - 2.0 * (-cov).sqrt()).abs() < 1e-12);
        // A trending price has positive autocovariance: NaN.
        let trend: Vec<f64> = (0..20).map(|i| (i * i) as f64).collect();
        assert!(roll_spread(&trend, 5).unwrap().iter().all(|x| x.is_nan()));
    }

    #[test]
    fn amihud_and_rv() {
        let a = amihud(&[0.01, -0.02, 0.0], &[100.0, 0.0, 50.0], 2).unwrap();
        assert!(a[0].is_nan());
        assert_eq!(a[1], 0.0001);
        assert_eq!(a[2], 0.0);
        let rv = realized_volatility(&[100.0, 101.0, 100.0], 2).unwrap();
        let expect = ((101f64 / 100.0).ln().powi(2) + (100f64 / 101.0).ln().powi(2)).sqrt();
        assert!(rv[1].is_nan() && (rv[2] - expect).abs() < 1e-15);
        assert_eq!(
            realized_volatility(&[1.0, -1.0], 1).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
