//! Bindings of `smc_core::indicators`: batch functions over typed arrays and streaming classes.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::indicators::{self as ind, DynamicBandsOptions, StochRsiOptions};

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;

/// A JavaScript number that must be a whole period.
fn period(name: &str, x: f64) -> smc_core::Result<i64> {
    check::integer(name, x)
}

#[napi(js_name = "trueRange")]
pub fn true_range(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
) -> Result<Float64Array> {
    guard(|| ind::true_range(&high, &low, &close)).map(Float64Array::new)
}

#[napi(js_name = "atr")]
pub fn atr(
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    period_len: f64,
) -> Result<Float64Array> {
    guard(|| ind::atr(&high, &low, &close, period("period", period_len)?)).map(Float64Array::new)
}

#[napi(js_name = "rsi")]
pub fn rsi(close: Float64Array, period_len: f64) -> Result<Float64Array> {
    guard(|| ind::rsi(&close, period("period", period_len)?)).map(Float64Array::new)
}

#[napi(js_name = "sma")]
pub fn sma(values: Float64Array, period_len: f64) -> Result<Float64Array> {
    guard(|| ind::sma(&values, period("period", period_len)?)).map(Float64Array::new)
}

#[napi(js_name = "ema")]
pub fn ema(values: Float64Array, period_len: f64) -> Result<Float64Array> {
    guard(|| ind::ema(&values, period("period", period_len)?)).map(Float64Array::new)
}

#[napi(object)]
pub struct StochRsiInputOptions {
    pub period: Option<f64>,
    pub fast_k: Option<f64>,
    pub fast_d: Option<f64>,
}

fn stoch_rsi_options(o: Option<StochRsiInputOptions>) -> smc_core::Result<StochRsiOptions> {
    let d = StochRsiOptions::default();
    let Some(o) = o else { return Ok(d) };
    Ok(StochRsiOptions {
        period: o.period.map_or(Ok(d.period), |x| period("period", x))?,
        fast_k: o.fast_k.map_or(Ok(d.fast_k), |x| period("fastK", x))?,
        fast_d: o.fast_d.map_or(Ok(d.fast_d), |x| period("fastD", x))?,
    })
}

#[napi(object)]
pub struct StochRsiColumns {
    pub fast_k: Float64Array,
    pub fast_d: Float64Array,
}

#[napi(js_name = "stochRsi")]
pub fn stoch_rsi(
    close: Float64Array,
    options: Option<StochRsiInputOptions>,
) -> Result<StochRsiColumns> {
    guard(|| ind::stoch_rsi(&close, stoch_rsi_options(options)?)).map(|o| StochRsiColumns {
        fast_k: Float64Array::new(o.fast_k),
        fast_d: Float64Array::new(o.fast_d),
    })
}

#[napi(object)]
pub struct DynamicBandsInputOptions {
    pub base_lower: Option<f64>,
    pub base_upper: Option<f64>,
    pub atr_period: Option<f64>,
    pub ma_period: Option<f64>,
    pub high_vol: Option<f64>,
    pub low_vol: Option<f64>,
    pub adjustment: Option<f64>,
    pub max_shift: Option<f64>,
    pub min_width: Option<f64>,
}

fn bands_options(o: Option<DynamicBandsInputOptions>) -> smc_core::Result<DynamicBandsOptions> {
    let d = DynamicBandsOptions::default();
    let Some(o) = o else { return Ok(d) };
    Ok(DynamicBandsOptions {
        base_lower: o.base_lower.unwrap_or(d.base_lower),
        base_upper: o.base_upper.unwrap_or(d.base_upper),
        atr_period: o
            .atr_period
            .map_or(Ok(d.atr_period), |x| period("atrPeriod", x))?,
        ma_period: o
            .ma_period
            .map_or(Ok(d.ma_period), |x| period("maPeriod", x))?,
        high_vol: o.high_vol.unwrap_or(d.high_vol),
        low_vol: o.low_vol.unwrap_or(d.low_vol),
        adjustment: o.adjustment.unwrap_or(d.adjustment),
        max_shift: o.max_shift.unwrap_or(d.max_shift),
        min_width: o.min_width.unwrap_or(d.min_width),
    })
}

#[napi(object)]
pub struct DynamicBandsColumns {
    pub lower: Float64Array,
    pub upper: Float64Array,
    pub volatility_ratio: Float64Array,
    pub atr_ma: Float64Array,
}

#[napi(js_name = "dynamicBands")]
pub fn dynamic_bands(
    bars: OhlcInput,
    options: Option<DynamicBandsInputOptions>,
) -> Result<DynamicBandsColumns> {
    guard(|| {
        let options = bands_options(options)?;
        let o = bars.view()?;
        ind::dynamic_bands(o.high, o.low, o.close, options)
    })
    .map(|o| DynamicBandsColumns {
        lower: Float64Array::new(o.lower),
        upper: Float64Array::new(o.upper),
        volatility_ratio: Float64Array::new(o.volatility_ratio),
        atr_ma: Float64Array::new(o.atr_ma),
    })
}

/// Streaming single-input moving averages and RSI share one shape.
macro_rules! single_input_stream {
    ($js:literal, $name:ident, $core:ty) => {
        #[napi(js_name = $js)]
        pub struct $name {
            inner: $core,
        }

        #[napi]
        impl $name {
            #[napi(constructor)]
            pub fn new(period_len: f64) -> Result<Self> {
                guard(|| {
                    Ok($name {
                        inner: <$core>::new(period("period", period_len)?)?,
                    })
                })
            }

            #[napi]
            pub fn push(&mut self, x: f64) -> Result<f64> {
                guard(|| self.inner.push(x))
            }

            #[napi(getter)]
            pub fn value(&self) -> f64 {
                self.inner.value()
            }

            #[napi(getter)]
            pub fn period(&self) -> u32 {
                self.inner.period() as u32
            }

            #[napi(getter)]
            pub fn count(&self) -> f64 {
                self.inner.count() as f64
            }

            #[napi]
            pub fn reset(&mut self) {
                self.inner.reset();
            }
        }
    };
}

single_input_stream!("SmaStream", SmaStream, ind::Sma);
single_input_stream!("EmaStream", EmaStream, ind::Ema);
single_input_stream!("RsiStream", RsiStream, ind::Rsi);

#[napi(js_name = "AtrStream")]
pub struct AtrStream {
    inner: ind::Atr,
}

#[napi]
impl AtrStream {
    #[napi(constructor)]
    pub fn new(period_len: f64) -> Result<Self> {
        guard(|| {
            Ok(AtrStream {
                inner: ind::Atr::new(period("period", period_len)?)?,
            })
        })
    }

    #[napi]
    pub fn push(&mut self, high: f64, low: f64, close: f64) -> Result<f64> {
        guard(|| self.inner.push(high, low, close))
    }

    #[napi(getter)]
    pub fn value(&self) -> f64 {
        self.inner.value()
    }

    #[napi(getter)]
    pub fn period(&self) -> u32 {
        self.inner.period() as u32
    }

    #[napi(getter)]
    pub fn count(&self) -> f64 {
        self.inner.count() as f64
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

#[napi(object)]
pub struct StochRsiValue {
    pub fast_k: f64,
    pub fast_d: f64,
}

impl From<ind::StochRsiPoint> for StochRsiValue {
    fn from(p: ind::StochRsiPoint) -> Self {
        StochRsiValue {
            fast_k: p.fast_k,
            fast_d: p.fast_d,
        }
    }
}

#[napi(js_name = "StochRsiStream")]
pub struct StochRsiStream {
    inner: ind::StochRsi,
}

#[napi]
impl StochRsiStream {
    #[napi(constructor)]
    pub fn new(options: Option<StochRsiInputOptions>) -> Result<Self> {
        guard(|| {
            Ok(StochRsiStream {
                inner: ind::StochRsi::new(stoch_rsi_options(options)?)?,
            })
        })
    }

    #[napi]
    pub fn push(&mut self, close: f64) -> Result<StochRsiValue> {
        guard(|| self.inner.push(close)).map(StochRsiValue::from)
    }

    #[napi(getter)]
    pub fn value(&self) -> StochRsiValue {
        self.inner.value().into()
    }

    #[napi(getter)]
    pub fn count(&self) -> f64 {
        self.inner.count() as f64
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

#[napi(object)]
pub struct DynamicBandsValue {
    pub lower: f64,
    pub upper: f64,
    pub volatility_ratio: f64,
    pub atr_ma: f64,
}

impl From<ind::BandsPoint> for DynamicBandsValue {
    fn from(p: ind::BandsPoint) -> Self {
        DynamicBandsValue {
            lower: p.lower,
            upper: p.upper,
            volatility_ratio: p.volatility_ratio,
            atr_ma: p.atr_ma,
        }
    }
}

#[napi(js_name = "DynamicBandsStream")]
pub struct DynamicBandsStream {
    inner: ind::DynamicBands,
}

#[napi]
impl DynamicBandsStream {
    #[napi(constructor)]
    pub fn new(options: Option<DynamicBandsInputOptions>) -> Result<Self> {
        guard(|| {
            Ok(DynamicBandsStream {
                inner: ind::DynamicBands::new(bands_options(options)?)?,
            })
        })
    }

    #[napi]
    pub fn push(&mut self, high: f64, low: f64, close: f64) -> Result<DynamicBandsValue> {
        guard(|| self.inner.push(high, low, close)).map(DynamicBandsValue::from)
    }

    #[napi(getter)]
    pub fn value(&self) -> DynamicBandsValue {
        self.inner.value().into()
    }

    #[napi(getter)]
    pub fn count(&self) -> f64 {
        self.inner.count() as f64
    }

    #[napi]
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}
