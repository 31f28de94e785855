//! The stateful executor as a class: events in, actions and audit out.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::execution::executor::{self as core, Action, ActionKind, Decision, ExecutorConfig};
use smc_core::execution::schedule::{IcebergParams, PovParams, TimingJitter, VolumeProfile};
use smc_core::SmcError;

use super::{count, lots, seed, side};
use crate::error::{guard, Result};

/// Every executor option; `algorithm` selects which of the algorithm-specific ones apply.
#[napi(object)]
pub struct ExecutorInput {
    pub algorithm: String,
    pub side: String,
    pub quantity: f64,
    pub start: f64,
    pub end: f64,
    pub lot_size: Option<f64>,
    pub min_qty: Option<f64>,
    pub limit: Option<f64>,
    pub style: Option<String>,
    pub catch_up: Option<f64>,
    pub drift_tolerance: Option<f64>,
    pub max_child: Option<f64>,
    // twap
    pub slices: Option<f64>,
    pub jitter_seed: Option<f64>,
    pub jitter_fraction: Option<f64>,
    // vwap
    pub weights: Option<Float64Array>,
    pub mean_volume: Option<Float64Array>,
    pub dynamic: Option<bool>,
    // pov
    pub rate: Option<f64>,
    // iceberg
    pub display: Option<f64>,
    pub variance: Option<f64>,
    pub seed: Option<f64>,
}

#[napi(object)]
pub struct ActionOutput {
    /// "new" or "cancel".
    pub kind: String,
    pub child_id: f64,
    pub quantity: f64,
    /// Absent for a market order.
    pub price: Option<f64>,
}

#[napi(object)]
pub struct DecisionOutput {
    pub time: f64,
    pub kind: String,
    pub child_id: Option<f64>,
    pub quantity: f64,
    pub price: Option<f64>,
    pub target: Option<f64>,
    pub filled: f64,
    pub reason: String,
}

fn required<T>(name: &str, algorithm: &str, x: Option<T>) -> smc_core::Result<T> {
    x.ok_or_else(|| SmcError::invalid(format!("{algorithm} needs `{name}`")))
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn actions(xs: &[Action]) -> Vec<ActionOutput> {
    xs.iter()
        .map(|a| ActionOutput {
            kind: match a.kind {
                ActionKind::New => "new",
                ActionKind::Cancel => "cancel",
            }
            .to_owned(),
            child_id: a.child_id as f64,
            quantity: a.quantity,
            price: a.price,
        })
        .collect()
}

fn decision(d: &Decision) -> DecisionOutput {
    DecisionOutput {
        time: d.time,
        kind: d.kind.name().to_owned(),
        child_id: d.child_id.map(|c| c as f64),
        quantity: d.quantity,
        price: finite(d.price),
        target: finite(d.target),
        filled: d.filled,
        reason: d.reason.to_owned(),
    }
}

/// A child id from JavaScript: a whole number >= 1.
fn child_id(x: f64) -> smc_core::Result<u64> {
    Ok(count("childId", x, 1)? as u64)
}

#[napi]
pub struct Executor {
    inner: core::Executor,
}

#[napi]
impl Executor {
    #[napi(constructor)]
    pub fn new(input: ExecutorInput) -> Result<Self> {
        guard(|| {
            let mut config =
                ExecutorConfig::new(side(&input.side)?, input.quantity, input.start, input.end);
            config.lots = lots(input.lot_size, input.min_qty)?;
            config.limit = input.limit;
            if let Some(style) = &input.style {
                config.style = style.parse()?;
            }
            config.catch_up = input.catch_up.unwrap_or(f64::INFINITY);
            config.drift_tolerance = input.drift_tolerance.unwrap_or(0.0);
            config.max_child = input.max_child.unwrap_or(f64::INFINITY);
            let a = input.algorithm.as_str();
            let inner = match a {
                "twap" => {
                    let jitter = match input.jitter_fraction {
                        Some(fraction) => Some(TimingJitter {
                            seed: seed(input.jitter_seed)?,
                            fraction,
                        }),
                        None => None,
                    };
                    core::Executor::twap(
                        config,
                        count("slices", required("slices", a, input.slices)?, 1)?,
                        jitter,
                    )?
                }
                "vwap" => {
                    let weights = required("weights", a, input.weights.as_deref())?.to_vec();
                    let mean_volume = match input.mean_volume.as_deref() {
                        Some(m) => m.to_vec(),
                        None if input.dynamic == Some(true) => {
                            return Err(SmcError::invalid("dynamic vwap needs `meanVolume`"))
                        }
                        None => weights.clone(),
                    };
                    let profile = VolumeProfile {
                        weights,
                        mean_volume,
                        days: 1,
                    };
                    core::Executor::vwap(config, &profile, input.dynamic.unwrap_or(false))?
                }
                "pov" => {
                    let params = PovParams {
                        rate: required("rate", a, input.rate)?,
                        max_child: input.max_child.unwrap_or(0.0),
                    };
                    core::Executor::pov(config, params)?
                }
                "iceberg" => {
                    let params = IcebergParams {
                        display: required("display", a, input.display)?,
                        variance: input.variance.unwrap_or(0.0),
                        seed: seed(input.seed)?,
                    };
                    core::Executor::iceberg(config, params)?
                }
                other => {
                    return Err(SmcError::invalid(format!(
                        "algorithm must be twap, vwap, pov or iceberg, got '{other}'"
                    )))
                }
            };
            Ok(Executor { inner })
        })
    }

    #[napi]
    pub fn on_quote(&mut self, time: f64, bid: f64, ask: f64) -> Result<()> {
        guard(|| self.inner.on_quote(time, bid, ask))
    }

    #[napi]
    pub fn on_volume(&mut self, time: f64, volume: f64) -> Result<()> {
        guard(|| self.inner.on_volume(time, volume))
    }

    #[napi]
    pub fn on_fill(&mut self, time: f64, child: f64, quantity: f64, price: f64) -> Result<()> {
        guard(|| self.inner.on_fill(time, child_id(child)?, quantity, price))
    }

    #[napi]
    pub fn on_cancel_ack(&mut self, time: f64, child: f64) -> Result<()> {
        guard(|| self.inner.on_cancel_ack(time, child_id(child)?))
    }

    #[napi]
    pub fn step(&mut self, now: f64) -> Result<Vec<ActionOutput>> {
        guard(|| self.inner.step(now).map(actions))
    }

    #[napi]
    pub fn cancel(&mut self, now: f64) -> Result<Vec<ActionOutput>> {
        guard(|| self.inner.cancel(now).map(actions))
    }

    /// Audit entries from index `from` on (so a caller can poll incrementally).
    #[napi]
    pub fn audit(&self, from: Option<f64>) -> Result<Vec<DecisionOutput>> {
        guard(|| {
            let all = self.inner.audit();
            let start = match from {
                Some(f) => count("from", f, 0)?.min(all.len()),
                None => 0,
            };
            Ok(all[start..].iter().map(decision).collect())
        })
    }

    #[napi(getter)]
    pub fn algorithm(&self) -> String {
        self.inner.algorithm().to_owned()
    }

    #[napi(getter)]
    pub fn status(&self) -> String {
        self.inner.status().name().to_owned()
    }

    #[napi(getter)]
    pub fn filled(&self) -> f64 {
        self.inner.filled()
    }

    #[napi(getter)]
    pub fn remaining(&self) -> f64 {
        self.inner.remaining()
    }

    #[napi(getter)]
    pub fn working(&self) -> f64 {
        self.inner.working()
    }

    #[napi(getter)]
    pub fn average_price(&self) -> Option<f64> {
        finite(self.inner.average_price())
    }
}
