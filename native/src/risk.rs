//! Bindings of `smc_core::risk`.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::risk::{self, QuantileMethod};

use crate::error::{guard, Result};

fn method(name: Option<String>) -> smc_core::Result<QuantileMethod> {
    name.map_or(Ok(QuantileMethod::default()), |s| s.parse())
}

#[napi(js_name = "quantile")]
pub fn quantile(values: Float64Array, p: f64, method_name: Option<String>) -> Result<f64> {
    guard(|| risk::quantile(&values, p, method(method_name)?))
}

#[napi(js_name = "quantiles")]
pub fn quantiles(
    values: Float64Array,
    ps: Float64Array,
    method_name: Option<String>,
) -> Result<Float64Array> {
    guard(|| risk::quantiles(&values, &ps, method(method_name)?)).map(Float64Array::new)
}

#[napi(object)]
pub struct RollingQuantileOptions {
    pub window: f64,
    pub p: f64,
    pub method: Option<String>,
    pub min_periods: Option<f64>,
}

#[napi]
pub struct RollingQuantile {
    inner: risk::RollingQuantile,
}

#[napi]
impl RollingQuantile {
    #[napi(constructor)]
    pub fn new(options: RollingQuantileOptions) -> Result<Self> {
        guard(|| {
            let window = check::integer("window", options.window)?;
            let min_periods = check::integer("minPeriods", options.min_periods.unwrap_or(1.0))?;
            let inner = risk::RollingQuantile::new(
                window,
                options.p,
                method(options.method)?,
                min_periods,
            )?;
            Ok(RollingQuantile { inner })
        })
    }

    #[napi]
    pub fn push(&mut self, x: f64) -> Result<f64> {
        guard(|| self.inner.push(x))
    }

    #[napi]
    pub fn push_many(&mut self, xs: Float64Array) -> Result<Float64Array> {
        guard(|| self.inner.push_many(&xs)).map(Float64Array::new)
    }

    #[napi]
    pub fn value(&self, p: Option<f64>) -> Result<f64> {
        guard(|| self.inner.value(p.unwrap_or(self.inner.p())))
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }

    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    #[napi(getter)]
    pub fn window(&self) -> u32 {
        self.inner.capacity() as u32
    }

    #[napi(getter)]
    pub fn p(&self) -> f64 {
        self.inner.p()
    }

    #[napi(getter)]
    pub fn method(&self) -> String {
        self.inner.method().name().to_owned()
    }
}

mod backtest;
mod streaming;
mod var;

/// The ES convention by name (`acerbi_tasche` by default).
pub(crate) fn convention(name: Option<String>) -> smc_core::Result<risk::EsConvention> {
    name.map_or(Ok(risk::EsConvention::default()), |s| s.parse())
}

/// The NaN policy by name (`reject` by default).
pub(crate) fn nan_policy(name: Option<String>) -> smc_core::Result<risk::NanPolicy> {
    name.map_or(Ok(risk::NanPolicy::default()), |s| s.parse())
}

pub(crate) fn quantile_method(name: Option<String>) -> smc_core::Result<QuantileMethod> {
    method(name)
}
