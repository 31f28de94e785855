//! The OHLCV input object shared by every bar-based binding.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::ohlc::Ohlc;

/// `{ time?, open, high, low, close, volume }`, all Float64Array of equal length.
#[napi(object)]
pub struct OhlcInput {
    pub time: Option<Float64Array>,
    pub open: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
    pub close: Float64Array,
    pub volume: Float64Array,
}

impl OhlcInput {
    /// Borrows the columns as a validated core view.
    pub fn view(&self) -> smc_core::Result<Ohlc<'_>> {
        Ohlc::new(
            self.time.as_deref(),
            &self.open,
            &self.high,
            &self.low,
            &self.close,
            &self.volume,
        )
    }
}

/// Validates bars without computing anything (the SDK's `assertOhlc`).
#[napi(js_name = "validateOhlc")]
pub fn validate_ohlc(bars: OhlcInput) -> crate::error::Result<u32> {
    crate::error::guard(|| bars.view().map(|o| o.len() as u32))
}
