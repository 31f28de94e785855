//! Bindings of `smc_core::synth`.

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use smc_core::error::check;
use smc_core::synth::{self, Regime, SyntheticBarsConfig};

use crate::error::{guard, Result};

#[napi(object)]
pub struct RegimeInput {
    pub drift: f64,
    pub volatility_multiplier: f64,
    pub mean_duration: f64,
}

#[napi(object)]
pub struct SyntheticBarsOptions {
    pub bars: f64,
    pub seed: Option<f64>,
    pub start_time_ms: Option<f64>,
    pub interval_ms: Option<f64>,
    pub start_price: Option<f64>,
    pub tick_size: Option<f64>,
    pub base_volatility: Option<f64>,
    pub garch_alpha: Option<f64>,
    pub garch_beta: Option<f64>,
    pub dof: Option<f64>,
    pub substeps: Option<f64>,
    pub base_volume: Option<f64>,
    pub regimes: Option<Vec<RegimeInput>>,
}

#[napi(object)]
pub struct SyntheticBarsOutput {
    pub time: Float64Array,
    pub open: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
    pub close: Float64Array,
    pub volume: Float64Array,
    pub regime: Uint32Array,
}

/// Largest seed: every whole JavaScript number >= 0 is exact up to 2^53 - 1.
const MAX_SEED: usize = (1 << 53) - 1;

fn config(o: SyntheticBarsOptions) -> smc_core::Result<SyntheticBarsConfig> {
    let d = SyntheticBarsConfig::default();
    Ok(SyntheticBarsConfig {
        // Min 0 so that the core reports an empty request as EmptyInput.
        bars: check::count("bars", o.bars, 0, check::MAX_ROWS)?,
        seed: o.seed.map_or(Ok(d.seed), |s| {
            Ok(check::count("seed", s, 0, MAX_SEED)? as u64)
        })?,
        start_time_ms: o.start_time_ms.unwrap_or(d.start_time_ms),
        interval_ms: o.interval_ms.unwrap_or(d.interval_ms),
        start_price: o.start_price.unwrap_or(d.start_price),
        tick_size: o.tick_size.unwrap_or(d.tick_size),
        base_volatility: o.base_volatility.unwrap_or(d.base_volatility),
        garch_alpha: o.garch_alpha.unwrap_or(d.garch_alpha),
        garch_beta: o.garch_beta.unwrap_or(d.garch_beta),
        dof: o.dof.map_or(Ok(d.dof), |v| {
            Ok(check::count("dof", v, 0, u32::MAX as usize)? as u32)
        })?,
        substeps: o.substeps.map_or(Ok(d.substeps), |v| {
            check::count("substeps", v, 0, check::MAX_SMALL)
        })?,
        base_volume: o.base_volume.unwrap_or(d.base_volume),
        regimes: match o.regimes {
            Some(rs) => rs
                .into_iter()
                .map(|r| Regime {
                    drift: r.drift,
                    volatility_multiplier: r.volatility_multiplier,
                    mean_duration: r.mean_duration,
                })
                .collect(),
            None => d.regimes,
        },
    })
}

#[napi(js_name = "syntheticBars")]
pub fn synthetic_bars(options: SyntheticBarsOptions) -> Result<SyntheticBarsOutput> {
    guard(|| synth::generate_bars(&config(options)?)).map(|b| SyntheticBarsOutput {
        time: Float64Array::new(b.time),
        open: Float64Array::new(b.open),
        high: Float64Array::new(b.high),
        low: Float64Array::new(b.low),
        close: Float64Array::new(b.close),
        volume: Float64Array::new(b.volume),
        regime: Uint32Array::new(b.regime),
    })
}
