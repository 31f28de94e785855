//! Rolling EWMA VaR and rolling filtered historical simulation (Hull-White).

use super::ewma::{ewma_variance, EwmaParams, EwmaStart};
use super::input;
use super::quantile::QuantileMethod;
use super::rolling_var::{RollingVar, VarModel};
use super::var::EsConvention;
use crate::error::{check, Result, SmcError};

/// Rolling EWMA VaR: the VaR for the next period after each return.
pub fn rolling_ewma_var(returns: &[f64], alpha: f64, params: EwmaParams) -> Result<Vec<f64>> {
    let alpha = input::alpha(alpha)?;
    check::finite("returns", returns)?;
    let z = -crate::dist::norm_ppf(alpha);
    Ok(ewma_variance(returns, params)
        .into_iter()
        .map(|v| z * v.sqrt())
        .collect())
}

/// Rolling filtered historical VaR and ES: the standardized residuals r[t] / sigma[t] go
/// through a sorted window; the VaR at t is sigma[t+1] times the residual VaR (a positive
/// rescaling preserves order, so this equals rescaling the window's returns).
pub fn rolling_filtered_historical_var(
    returns: &[f64],
    window: i64,
    alpha: f64,
    params: EwmaParams,
    method: QuantileMethod,
    convention: EsConvention,
) -> Result<(Vec<f64>, Vec<f64>)> {
    check::finite("returns", returns)?;
    let mut rolling = RollingVar::new(
        window,
        alpha,
        VarModel::Historical { method, convention },
        None,
    )?;
    let forecasts = ewma_variance(returns, params);
    let mut var = vec![f64::NAN; returns.len()];
    let mut es = vec![f64::NAN; returns.len()];
    for t in 0..returns.len() {
        let prior = if t == 0 {
            match params.start {
                EwmaStart::Seed(s) => s,
                EwmaStart::Window(_) => continue,
            }
        } else {
            forecasts[t - 1]
        };
        if prior <= 0.0 {
            return Err(SmcError::invalid(format!(
                "EWMA volatility is zero before returns[{t}]: cannot rescale"
            )));
        }
        let (v, e) = rolling.push(returns[t] / prior.sqrt())?;
        let sigma = forecasts[t].sqrt();
        var[t] = v * sigma;
        es[t] = e * sigma;
    }
    Ok((var, es))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ewma::{ewma_var, filtered_historical_var};
    use crate::risk::input::NanPolicy;

    fn series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| ((i * 7919 % 101) as f64 / 101.0 - 0.5) * 0.04)
            .collect()
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-3)
    }

    #[test]
    fn rolling_filtered_equals_one_shot_on_each_window() {
        // With a seed, the one-shot FHS on the whole prefix equals the rolling one when the
        // window covers the prefix.
        let xs = series(120);
        let p = EwmaParams::new(0.94, Some(1e-4), None).unwrap();
        let (v, e) = rolling_filtered_historical_var(
            &xs,
            500,
            0.05,
            p,
            QuantileMethod::Linear,
            EsConvention::AcerbiTasche,
        )
        .unwrap();
        for t in [1usize, 30, 119] {
            let f = filtered_historical_var(
                &xs[..=t],
                0.05,
                p,
                QuantileMethod::Linear,
                EsConvention::AcerbiTasche,
                NanPolicy::Reject,
            )
            .unwrap();
            assert!(
                close(v[t], f.var, 1e-12) && close(e[t], f.es, 1e-12),
                "t = {t}"
            );
        }
        let ew = rolling_ewma_var(&xs, 0.05, p).unwrap();
        let last = ewma_var(&xs, 0.05, p, NanPolicy::Reject).unwrap();
        assert_eq!(ew[119], last);
    }
}
