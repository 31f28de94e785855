//! Bindings of the one-shot VaR/ES functions and the portfolio VaR.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::risk::{self, EwmaParams};

use super::{convention, nan_policy, quantile_method};
use crate::error::{guard, Result};

#[napi(object)]
pub struct HistoricalOptions {
    pub alpha: f64,
    pub method: Option<String>,
    pub convention: Option<String>,
    pub nan: Option<String>,
}

#[napi(js_name = "historicalVar")]
pub fn historical_var(returns: Float64Array, options: HistoricalOptions) -> Result<f64> {
    guard(|| {
        risk::historical_var(
            &returns,
            options.alpha,
            quantile_method(options.method)?,
            nan_policy(options.nan)?,
        )
    })
}

#[napi(js_name = "historicalEs")]
pub fn historical_es(returns: Float64Array, options: HistoricalOptions) -> Result<f64> {
    guard(|| {
        risk::historical_es(
            &returns,
            options.alpha,
            convention(options.convention)?,
            nan_policy(options.nan)?,
        )
    })
}

#[napi(object)]
pub struct GaussianOptions {
    pub alpha: f64,
    pub ddof: f64,
    pub nan: Option<String>,
}

fn ddof(x: f64) -> smc_core::Result<u32> {
    let d = check::integer("ddof", x)?;
    if !(0..=1_000_000).contains(&d) {
        return Err(smc_core::SmcError::out_of_range(
            "ddof",
            x,
            "a whole number >= 0",
        ));
    }
    Ok(d as u32)
}

#[napi(js_name = "gaussianVar")]
pub fn gaussian_var(returns: Float64Array, options: GaussianOptions) -> Result<f64> {
    guard(|| {
        risk::gaussian_var(
            &returns,
            options.alpha,
            ddof(options.ddof)?,
            nan_policy(options.nan)?,
        )
    })
}

#[napi(js_name = "gaussianEs")]
pub fn gaussian_es(returns: Float64Array, options: GaussianOptions) -> Result<f64> {
    guard(|| {
        risk::gaussian_es(
            &returns,
            options.alpha,
            ddof(options.ddof)?,
            nan_policy(options.nan)?,
        )
    })
}

#[napi(object)]
pub struct ModifiedOptions {
    pub alpha: f64,
    pub nan: Option<String>,
}

#[napi(js_name = "modifiedVar")]
pub fn modified_var(returns: Float64Array, options: ModifiedOptions) -> Result<f64> {
    guard(|| risk::modified_var(&returns, options.alpha, nan_policy(options.nan)?))
}

#[napi(js_name = "modifiedEs")]
pub fn modified_es(returns: Float64Array, options: ModifiedOptions) -> Result<f64> {
    guard(|| risk::modified_es(&returns, options.alpha, nan_policy(options.nan)?))
}

#[napi(object)]
pub struct EwmaOptions {
    pub alpha: Option<f64>,
    pub lambda: Option<f64>,
    pub seed_variance: Option<f64>,
    /// Truncated EWMA window (renormalised weights).
    pub window: Option<f64>,
    pub method: Option<String>,
    pub convention: Option<String>,
    pub nan: Option<String>,
}

impl EwmaOptions {
    fn params(&self) -> smc_core::Result<EwmaParams> {
        let window = self
            .window
            .map(|w| check::integer("window", w))
            .transpose()?;
        EwmaParams::new(self.lambda.unwrap_or(0.94), self.seed_variance, window)
    }
    fn alpha(&self) -> smc_core::Result<f64> {
        self.alpha
            .ok_or_else(|| smc_core::SmcError::invalid("alpha is required"))
    }
}

#[napi(js_name = "ewmaVar")]
pub fn ewma_var(returns: Float64Array, options: EwmaOptions) -> Result<f64> {
    guard(|| {
        risk::ewma_var(
            &returns,
            options.alpha()?,
            options.params()?,
            nan_policy(options.nan.clone())?,
        )
    })
}

#[napi(js_name = "ewmaVariance")]
pub fn ewma_variance(returns: Float64Array, options: EwmaOptions) -> Result<Float64Array> {
    guard(|| {
        check::finite("returns", &returns)?;
        Ok(risk::ewma_variance(&returns, options.params()?))
    })
    .map(Float64Array::new)
}

#[napi(js_name = "rollingEwmaVar")]
pub fn rolling_ewma_var(returns: Float64Array, options: EwmaOptions) -> Result<Float64Array> {
    guard(|| risk::rolling_ewma_var(&returns, options.alpha()?, options.params()?))
        .map(Float64Array::new)
}

#[napi(object)]
pub struct VarEs {
    pub var: f64,
    pub es: f64,
    pub sigma: f64,
}

#[napi(js_name = "filteredHistoricalVar")]
pub fn filtered_historical_var(returns: Float64Array, options: EwmaOptions) -> Result<VarEs> {
    guard(|| {
        let f = risk::filtered_historical_var(
            &returns,
            options.alpha()?,
            options.params()?,
            quantile_method(options.method.clone())?,
            convention(options.convention.clone())?,
            nan_policy(options.nan.clone())?,
        )?;
        Ok(VarEs {
            var: f.var,
            es: f.es,
            sigma: f.sigma,
        })
    })
}

#[napi(object)]
pub struct VarEsSeries {
    pub var: Float64Array,
    pub es: Float64Array,
}

#[napi(js_name = "rollingFilteredHistoricalVar")]
pub fn rolling_filtered_historical_var(
    returns: Float64Array,
    window: f64,
    options: EwmaOptions,
) -> Result<VarEsSeries> {
    guard(|| {
        risk::rolling_filtered_historical_var(
            &returns,
            check::integer("window", window)?,
            options.alpha()?,
            options.params()?,
            quantile_method(options.method.clone())?,
            convention(options.convention.clone())?,
        )
    })
    .map(|(var, es)| VarEsSeries {
        var: Float64Array::new(var),
        es: Float64Array::new(es),
    })
}

#[napi(object)]
pub struct PortfolioVarResult {
    pub var: f64,
    pub sigma: f64,
    pub marginal: Float64Array,
    pub component: Float64Array,
}

#[napi(js_name = "portfolioVar")]
pub fn portfolio_var(
    weights: Float64Array,
    covariance: Float64Array,
    alpha: f64,
    mean: Option<Float64Array>,
) -> Result<PortfolioVarResult> {
    guard(|| risk::portfolio_gaussian_var(&weights, &covariance, mean.as_deref(), alpha)).map(|p| {
        PortfolioVarResult {
            var: p.var,
            sigma: p.sigma,
            marginal: Float64Array::new(p.marginal),
            component: Float64Array::new(p.component),
        }
    })
}
