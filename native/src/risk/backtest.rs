//! Bindings of the VaR backtests.

use napi::bindgen_prelude::{Float64Array, Uint8Array};
use napi_derive::napi;
use smc_core::error::check;
use smc_core::risk::{self, LikelihoodRatio};

use crate::error::{guard, Result};

#[napi(js_name = "exceptions")]
pub fn exceptions(returns: Float64Array, var_series: Float64Array) -> Result<Uint8Array> {
    guard(|| risk::exceptions(&returns, &var_series))
        .map(|e| Uint8Array::new(e.into_iter().map(u8::from).collect()))
}

fn flags(e: &[u8]) -> smc_core::Result<Vec<bool>> {
    e.iter()
        .enumerate()
        .map(|(i, &b)| match b {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(smc_core::SmcError::invalid(format!(
                "exceptions[{i}] = {b}; expected 0 or 1"
            ))),
        })
        .collect()
}

#[napi(object)]
pub struct LrTest {
    pub statistic: f64,
    pub p_value: f64,
    pub df: u32,
}

impl From<LikelihoodRatio> for LrTest {
    fn from(l: LikelihoodRatio) -> Self {
        LrTest {
            statistic: l.statistic,
            p_value: l.p_value,
            df: l.df,
        }
    }
}

#[napi(js_name = "kupiecPof")]
pub fn kupiec_pof(exceptions: Uint8Array, alpha: f64) -> Result<LrTest> {
    guard(|| risk::kupiec_pof(&flags(&exceptions)?, alpha)).map(LrTest::from)
}

#[napi(object)]
pub struct TuffResult {
    pub first_failure: Option<u32>,
    pub test: Option<LrTest>,
}

#[napi(js_name = "tuff")]
pub fn tuff(exceptions: Uint8Array, alpha: f64) -> Result<TuffResult> {
    guard(|| risk::tuff(&flags(&exceptions)?, alpha)).map(|t| TuffResult {
        first_failure: t.first_failure.map(|v| v as u32),
        test: t.lr.map(LrTest::from),
    })
}

#[napi(object)]
pub struct ChristoffersenResult {
    pub n00: f64,
    pub n01: f64,
    pub n10: f64,
    pub n11: f64,
    pub pof: LrTest,
    pub independence: LrTest,
    pub conditional_coverage: LrTest,
}

#[napi(js_name = "christoffersen")]
pub fn christoffersen(exceptions: Uint8Array, alpha: f64) -> Result<ChristoffersenResult> {
    guard(|| risk::christoffersen(&flags(&exceptions)?, alpha)).map(|c| ChristoffersenResult {
        n00: c.n00 as f64,
        n01: c.n01 as f64,
        n10: c.n10 as f64,
        n11: c.n11 as f64,
        pof: c.pof.into(),
        independence: c.independence.into(),
        conditional_coverage: c.conditional_coverage.into(),
    })
}

#[napi(object)]
pub struct TrafficLightResult {
    pub zone: String,
    pub exceptions: f64,
    pub days: f64,
    pub cumulative_probability: f64,
    pub plus_factor: f64,
    pub multiplier: f64,
}

#[napi(js_name = "baselTrafficLight")]
pub fn basel_traffic_light(exceptions: f64, days: f64, alpha: f64) -> Result<TrafficLightResult> {
    guard(|| {
        let x = check::integer("exceptions", exceptions)?;
        let n = check::integer("days", days)?;
        if x < 0 || n < 0 {
            return Err(smc_core::SmcError::out_of_range(
                "exceptions",
                exceptions,
                "whole numbers >= 0",
            ));
        }
        let t = risk::basel_traffic_light(x as u64, n as u64, alpha)?;
        Ok(TrafficLightResult {
            zone: t.zone.name().to_owned(),
            exceptions: t.exceptions as f64,
            days: t.days as f64,
            cumulative_probability: t.cumulative_probability,
            plus_factor: t.plus_factor,
            multiplier: t.multiplier,
        })
    })
}
