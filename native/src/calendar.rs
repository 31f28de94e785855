//! Bindings of `smc_core::calendar`.

use napi::bindgen_prelude::{Float64Array, Int32Array, Uint32Array};
use napi_derive::napi;
use smc_core::calendar;

use crate::error::{guard, Result};

#[napi(object)]
pub struct PeriodReturnsOutput {
    pub year: Int32Array,
    /// 1-12, or 0 for yearly periods.
    pub month: Uint32Array,
    pub ret: Float64Array,
}

#[napi(js_name = "periodReturns")]
pub fn period_returns(
    time: Float64Array,
    equity: Float64Array,
    period: String,
) -> Result<PeriodReturnsOutput> {
    guard(|| calendar::period_returns(&time, &equity, period.parse()?)).map(|rows| {
        PeriodReturnsOutput {
            year: Int32Array::new(rows.iter().map(|r| r.year as i32).collect()),
            month: Uint32Array::new(rows.iter().map(|r| r.month).collect()),
            ret: Float64Array::new(rows.iter().map(|r| r.ret).collect()),
        }
    })
}
