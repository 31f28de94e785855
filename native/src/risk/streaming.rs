//! Bindings of the stateful risk objects: rolling VaR, DDSketch and the VaR table.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::risk::{self, VarModel};

use super::var::VarEsSeries;
use super::{convention, quantile_method};
use crate::error::{guard, Result};

#[napi(object)]
pub struct RollingVarOptions {
    pub window: f64,
    pub alpha: f64,
    /// `historical` (default), `gaussian` or `modified`.
    pub model: Option<String>,
    pub method: Option<String>,
    pub convention: Option<String>,
    pub ddof: Option<f64>,
    pub min_periods: Option<f64>,
}

fn model(o: &RollingVarOptions) -> smc_core::Result<VarModel> {
    match o.model.as_deref().unwrap_or("historical") {
        "historical" => Ok(VarModel::Historical {
            method: quantile_method(o.method.clone())?,
            convention: convention(o.convention.clone())?,
        }),
        "gaussian" => {
            let ddof = o.ddof.ok_or_else(|| {
                smc_core::SmcError::invalid("the gaussian model needs an explicit ddof")
            })?;
            let d = check::integer("ddof", ddof)?;
            if d < 0 {
                return Err(smc_core::SmcError::out_of_range(
                    "ddof",
                    ddof,
                    "a whole number >= 0",
                ));
            }
            Ok(VarModel::Gaussian { ddof: d as u32 })
        }
        "modified" => Ok(VarModel::Modified),
        other => Err(smc_core::SmcError::invalid(format!(
            "unknown VaR model '{other}'; expected historical, gaussian or modified"
        ))),
    }
}

#[napi(object)]
pub struct VarEsPoint {
    pub var: f64,
    pub es: f64,
}

#[napi]
pub struct RollingVar {
    inner: risk::RollingVar,
}

#[napi]
impl RollingVar {
    #[napi(constructor)]
    pub fn new(options: RollingVarOptions) -> Result<Self> {
        guard(|| {
            let min_periods = options
                .min_periods
                .map(|m| check::integer("minPeriods", m))
                .transpose()?;
            let inner = risk::RollingVar::new(
                check::integer("window", options.window)?,
                options.alpha,
                model(&options)?,
                min_periods,
            )?;
            Ok(RollingVar { inner })
        })
    }

    #[napi]
    pub fn push(&mut self, x: f64) -> Result<VarEsPoint> {
        guard(|| self.inner.push(x)).map(|(var, es)| VarEsPoint { var, es })
    }

    #[napi]
    pub fn push_many(&mut self, xs: Float64Array) -> Result<VarEsSeries> {
        guard(|| {
            let mut var = vec![0.0; xs.len()];
            let mut es = vec![0.0; xs.len()];
            self.inner.push_many_into(&xs, &mut var, &mut es)?;
            Ok(VarEsSeries {
                var: Float64Array::new(var),
                es: Float64Array::new(es),
            })
        })
    }

    #[napi]
    pub fn current(&self) -> VarEsPoint {
        let (var, es) = self.inner.current();
        VarEsPoint { var, es }
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
    pub fn alpha(&self) -> f64 {
        self.inner.alpha()
    }
}

#[napi]
pub struct DdSketch {
    inner: risk::DdSketch,
}

#[napi]
impl DdSketch {
    #[napi(constructor)]
    pub fn new(relative_accuracy: f64) -> Result<Self> {
        guard(|| {
            Ok(DdSketch {
                inner: risk::DdSketch::new(relative_accuracy)?,
            })
        })
    }

    #[napi]
    pub fn add(&mut self, x: f64) -> Result<()> {
        guard(|| self.inner.add(x))
    }

    #[napi]
    pub fn add_many(&mut self, xs: Float64Array) -> Result<()> {
        guard(|| self.inner.add_many(&xs))
    }

    #[napi]
    pub fn merge(&mut self, other: &DdSketch) -> Result<()> {
        guard(|| self.inner.merge(&other.inner))
    }

    #[napi]
    pub fn quantile(&self, q: f64) -> Result<f64> {
        guard(|| self.inner.quantile(q))
    }

    #[napi]
    pub fn var(&self, alpha: f64) -> Result<f64> {
        guard(|| self.inner.var(alpha))
    }

    #[napi(getter)]
    pub fn count(&self) -> f64 {
        self.inner.count() as f64
    }

    #[napi(getter)]
    pub fn min(&self) -> f64 {
        self.inner.min()
    }

    #[napi(getter)]
    pub fn max(&self) -> f64 {
        self.inner.max()
    }

    #[napi(getter)]
    pub fn sum(&self) -> f64 {
        self.inner.sum()
    }

    #[napi(getter)]
    pub fn relative_accuracy(&self) -> f64 {
        self.inner.relative_accuracy()
    }

    #[napi(getter)]
    pub fn bucket_count(&self) -> u32 {
        self.inner.bucket_count() as u32
    }
}

#[napi(object)]
pub struct VarTableOptions {
    pub alphas: Float64Array,
    pub window: f64,
    pub method: Option<String>,
    pub convention: Option<String>,
    pub min_periods: Option<f64>,
}

#[napi]
pub struct VarTable {
    inner: risk::VarTable,
}

#[napi]
impl VarTable {
    #[napi(constructor)]
    pub fn new(options: VarTableOptions) -> Result<Self> {
        guard(|| {
            let inner = risk::VarTable::new(
                &options.alphas,
                check::integer("window", options.window)?,
                quantile_method(options.method)?,
                convention(options.convention)?,
                check::integer("minPeriods", options.min_periods.unwrap_or(1.0))?,
            )?;
            Ok(VarTable { inner })
        })
    }

    /// Appends returns to a key's window; returns the key's slot (stable for the table's life).
    #[napi]
    pub fn update(&mut self, key: String, returns: Float64Array) -> Result<u32> {
        guard(|| self.inner.update(&key, &returns)).map(|i| i as u32)
    }

    /// Recomputes the keys updated since the last refresh; returns how many.
    #[napi]
    pub fn refresh(&mut self) -> u32 {
        self.inner.refresh() as u32
    }

    /// A copy of the flat key-major VaR table.
    #[napi]
    pub fn var_table(&self) -> Float64Array {
        Float64Array::new(self.inner.var_table().to_vec())
    }

    #[napi]
    pub fn es_table(&self) -> Float64Array {
        Float64Array::new(self.inner.es_table().to_vec())
    }

    #[napi]
    pub fn keys(&self) -> Vec<String> {
        self.inner.keys().to_vec()
    }

    #[napi(getter)]
    pub fn alphas(&self) -> Float64Array {
        Float64Array::new(self.inner.alphas().to_vec())
    }

    #[napi(getter)]
    pub fn window(&self) -> u32 {
        self.inner.window() as u32
    }
}
