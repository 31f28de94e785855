//! RiskMetrics EWMA volatility, EWMA VaR and Hull-White filtered historical simulation.
//!
//! Recursion (J.P. Morgan RiskMetrics, 1996): sigma2[t+1] = lambda * sigma2[t] + (1 - lambda) *
//! r[t]^2, a zero-mean model, started from an explicit seed variance sigma2[0]. With a
//! truncated window of W returns the weights lambda^i, i = 0..W-1, are renormalised to sum to 1
//! (no seed needed).

use super::input::{self, NanPolicy};
use super::quantile::{quantile_sorted, QuantileMethod};
use super::var::{historical_es_sorted, EsConvention};
use crate::dist::norm_ppf;
use crate::error::{check, Result, SmcError};

/// How the EWMA variance is started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EwmaStart {
    /// Full recursion from this variance (the forecast for the first return).
    Seed(f64),
    /// Finite window of the last `n` squared returns with renormalised weights.
    Window(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EwmaParams {
    /// Decay in (0, 1); RiskMetrics uses 0.94 for daily data.
    pub lambda: f64,
    pub start: EwmaStart,
}

impl EwmaParams {
    pub fn new(lambda: f64, seed_variance: Option<f64>, window: Option<i64>) -> Result<Self> {
        if !(lambda > 0.0 && lambda < 1.0) {
            return Err(SmcError::out_of_range(
                "lambda",
                lambda,
                "a number in (0, 1)",
            ));
        }
        let start =
            match (seed_variance, window) {
                (Some(_), Some(_)) => {
                    return Err(SmcError::invalid(
                        "give either seedVariance (full recursion) or window (truncated), not both",
                    ));
                }
                (None, Some(w)) => EwmaStart::Window(check::window("window", w, 1)?),
                (Some(s), None) => {
                    if !(s.is_finite() && s >= 0.0) {
                        return Err(SmcError::out_of_range(
                            "seedVariance",
                            s,
                            "a finite number >= 0",
                        ));
                    }
                    EwmaStart::Seed(s)
                }
                (None, None) => return Err(SmcError::invalid(
                    "EWMA needs an explicit start: seedVariance (e.g. the sample variance of a \
                     training period) or a truncated window",
                )),
            };
        Ok(EwmaParams { lambda, start })
    }
}

/// The EWMA variance forecasts: `out[t]` is the variance for period t+1 made after seeing
/// returns[0..=t]. With a window, forecasts before the window is full use the returns so far.
pub fn ewma_variance(returns: &[f64], params: EwmaParams) -> Vec<f64> {
    let lambda = params.lambda;
    match params.start {
        EwmaStart::Seed(seed) => {
            let mut v = seed;
            returns
                .iter()
                .map(|r| {
                    v = lambda * v + (1.0 - lambda) * r * r;
                    v
                })
                .collect()
        }
        EwmaStart::Window(w) => {
            // Sum_{i<W} lambda^i r[t-i]^2 updated in O(1): multiply by lambda, add the new
            // square, drop the one that leaves with weight lambda^W.
            let lambda_w = lambda.powi(w as i32);
            let mut weighted = 0.0;
            let mut out = Vec::with_capacity(returns.len());
            for (t, r) in returns.iter().enumerate() {
                weighted = lambda * weighted + r * r;
                if t >= w {
                    let old = returns[t - w];
                    weighted -= lambda_w * old * old;
                }
                let k = (t + 1).min(w) as i32;
                let norm = (1.0 - lambda.powi(k)) / (1.0 - lambda);
                out.push(weighted.max(0.0) / norm);
            }
            out
        }
    }
}

/// EWMA VaR for the next period: -z_alpha * sigma[T+1] (zero mean, as RiskMetrics).
pub fn ewma_var(returns: &[f64], alpha: f64, params: EwmaParams, nan: NanPolicy) -> Result<f64> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, 1)?;
    let v = *ewma_variance(&xs, params).last().expect("non-empty");
    Ok(-norm_ppf(alpha) * v.sqrt())
}

/// Filtered historical VaR and ES.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilteredHistorical {
    pub var: f64,
    pub es: f64,
    /// The current volatility forecast the returns were rescaled to.
    pub sigma: f64,
}

/// Hull and White (1998): each return r[t] is rescaled by sigma[T+1] / sigma[t], the current
/// EWMA volatility forecast over the forecast that was in force when r[t] occurred, then
/// historical VaR and ES are taken on the rescaled sample. Needs 2 returns (one to start the
/// volatility path, one rescaled), and a volatility path that never touches zero.
pub fn filtered_historical_var(
    returns: &[f64],
    alpha: f64,
    params: EwmaParams,
    method: QuantileMethod,
    convention: EsConvention,
    nan: NanPolicy,
) -> Result<FilteredHistorical> {
    let alpha = input::alpha(alpha)?;
    let xs = input::clean("returns", returns, nan, 2)?;
    let forecasts = ewma_variance(&xs, params);
    let current = forecasts[forecasts.len() - 1].sqrt();
    // The forecast in force for r[t] is forecasts[t-1] (the seed for t = 0 with a seed,
    // undefined for t = 0 with a window, so the window form starts at t = 1).
    let first = match params.start {
        EwmaStart::Seed(_) => 0,
        EwmaStart::Window(_) => 1,
    };
    let mut scaled = Vec::with_capacity(xs.len() - first);
    for t in first..xs.len() {
        let prior = if t == 0 {
            match params.start {
                EwmaStart::Seed(s) => s,
                EwmaStart::Window(_) => unreachable!("window path starts at t = 1"),
            }
        } else {
            forecasts[t - 1]
        };
        if prior <= 0.0 {
            return Err(SmcError::invalid(format!(
                "EWMA volatility is zero before returns[{t}]: cannot rescale (use a positive \
                 seedVariance or drop leading zero returns)"
            )));
        }
        scaled.push(xs[t] * current / prior.sqrt());
    }
    scaled.sort_unstable_by(f64::total_cmp);
    Ok(FilteredHistorical {
        var: -quantile_sorted(&scaled, alpha, method),
        es: historical_es_sorted(&scaled, alpha, convention),
        sigma: current,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursion_and_window_agree_with_direct_sums() {
        let r = [0.01, -0.02, 0.015, -0.005, 0.03, -0.01];
        let p = EwmaParams::new(0.94, Some(1e-4), None).unwrap();
        let v = ewma_variance(&r, p);
        let mut expect = 1e-4;
        for (i, x) in r.iter().enumerate() {
            expect = 0.94 * expect + 0.06 * x * x;
            assert!((v[i] - expect).abs() < 1e-18);
        }
        let w = EwmaParams::new(0.9, None, Some(3)).unwrap();
        let vw = ewma_variance(&r, w);
        for t in 0..r.len() {
            let lo = (t + 1).saturating_sub(3);
            let (mut num, mut den) = (0.0, 0.0);
            for (i, x) in r[lo..=t].iter().rev().enumerate() {
                num += 0.9f64.powi(i as i32) * x * x;
                den += 0.9f64.powi(i as i32);
            }
            assert!((vw[t] - num / den).abs() < 1e-17, "t = {t}");
        }
        let var = ewma_var(&r, 0.05, p, NanPolicy::Reject).unwrap();
        assert!((var - 1.6448536269514722 * v[5].sqrt()).abs() < 1e-15);
    }

    #[test]
    fn filtered_historical_rescales_to_current_volatility() {
        // Constant-magnitude returns with a constant seed equal to their square: every
        // forecast is the same, so the rescaling is the identity.
        let r: Vec<f64> = (0..50)
            .map(|i| if i % 2 == 0 { 0.01 } else { -0.01 })
            .collect();
        let p = EwmaParams::new(0.94, Some(1e-4), None).unwrap();
        let f = filtered_historical_var(
            &r,
            0.05,
            p,
            QuantileMethod::Linear,
            EsConvention::AcerbiTasche,
            NanPolicy::Reject,
        )
        .unwrap();
        assert!((f.var - 0.01).abs() < 1e-15 && (f.es - 0.01).abs() < 1e-15);
        assert!((f.sigma - 0.01).abs() < 1e-15);
    }

    #[test]
    fn bad_parameters_are_typed() {
        assert_eq!(
            EwmaParams::new(1.0, Some(1e-4), None).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            EwmaParams::new(0.94, None, None).unwrap_err().code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            EwmaParams::new(0.94, Some(1e-4), Some(10))
                .unwrap_err()
                .code(),
            "SMC_INVALID_INPUT"
        );
        assert_eq!(
            EwmaParams::new(0.94, Some(-1.0), None).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        let p = EwmaParams::new(0.94, Some(0.0), None).unwrap();
        let zero = filtered_historical_var(
            &[0.0, 0.01, 0.02],
            0.05,
            p,
            QuantileMethod::Linear,
            EsConvention::AcerbiTasche,
            NanPolicy::Reject,
        );
        assert_eq!(zero.unwrap_err().code(), "SMC_INVALID_INPUT");
    }
}
