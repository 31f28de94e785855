//! Bindings of `smc_core::micro`: batch functions over columns and streaming classes.

use napi::bindgen_prelude::{Float64Array, Uint8Array};
use napi_derive::napi;
use smc_core::error::check;
use smc_core::micro;

use crate::error::{guard, Result};

fn out(v: smc_core::Result<Vec<f64>>) -> Result<Float64Array> {
    guard(|| v).map(Float64Array::new)
}

fn window(w: f64) -> smc_core::Result<i64> {
    check::integer("window", w)
}

/// Best quotes as columns.
#[napi(object)]
pub struct QuotesInput {
    pub bid: Float64Array,
    pub bid_qty: Float64Array,
    pub ask: Float64Array,
    pub ask_qty: Float64Array,
}

impl QuotesInput {
    fn view(&self) -> smc_core::Result<micro::Quotes<'_>> {
        micro::Quotes::new(&self.bid, &self.bid_qty, &self.ask, &self.ask_qty)
    }
}

#[napi(js_name = "microMid")]
pub fn mid(bid: Float64Array, ask: Float64Array) -> Result<Float64Array> {
    out(micro::mid(&bid, &ask))
}

#[napi(js_name = "microQuotedSpread")]
pub fn quoted_spread(
    bid: Float64Array,
    ask: Float64Array,
    relative: Option<bool>,
) -> Result<Float64Array> {
    out(micro::quoted_spread(&bid, &ask, relative.unwrap_or(false)))
}

#[napi(js_name = "microImbalance")]
pub fn imbalance(quotes: QuotesInput) -> Result<Float64Array> {
    out(quotes.view().map(|q| micro::imbalance(&q)))
}

#[napi(js_name = "microWeightedMid")]
pub fn weighted_mid(quotes: QuotesInput) -> Result<Float64Array> {
    out(quotes.view().map(|q| micro::weighted_mid(&q)))
}

#[napi(js_name = "microDepthImbalance")]
pub fn depth_imbalance(
    bid_qty: Float64Array,
    ask_qty: Float64Array,
    levels: f64,
    decay: Option<f64>,
) -> Result<Float64Array> {
    out(check::integer("levels", levels).and_then(|l| {
        let l = usize::try_from(l)
            .map_err(|_| smc_core::SmcError::out_of_range("levels", levels, "an integer >= 1"))?;
        micro::depth_imbalance(&bid_qty, &ask_qty, l, decay.unwrap_or(0.0))
    }))
}

#[napi(object)]
pub struct OfiOutput {
    pub contribution: Float64Array,
    pub ofi: Float64Array,
}

#[napi(js_name = "microOfi")]
pub fn ofi(quotes: QuotesInput, window_len: f64) -> Result<OfiOutput> {
    guard(|| {
        let (e, total) = micro::ofi(&quotes.view()?, window(window_len)?)?;
        Ok(OfiOutput {
            contribution: Float64Array::new(e),
            ofi: Float64Array::new(total),
        })
    })
}

#[napi(js_name = "microAsof")]
pub fn asof(
    time: Float64Array,
    value_time: Float64Array,
    values: Float64Array,
) -> Result<Float64Array> {
    out(micro::asof(&time, &value_time, &values))
}

#[napi(js_name = "microSignFromAggressor")]
pub fn sign_from_aggressor(buyer_is_maker: Uint8Array) -> Float64Array {
    let flags: Vec<bool> = buyer_is_maker.iter().map(|&m| m != 0).collect();
    Float64Array::new(micro::sign_from_aggressor(&flags))
}

#[napi(js_name = "microTickRule")]
pub fn tick_rule(price: Float64Array) -> Result<Float64Array> {
    out(micro::tick_rule(&price))
}

#[napi(js_name = "microLeeReady")]
pub fn lee_ready(price: Float64Array, mid: Float64Array) -> Result<Float64Array> {
    out(micro::lee_ready(&price, &mid))
}

#[napi(js_name = "microEffectiveSpread")]
pub fn effective_spread(
    price: Float64Array,
    sign: Float64Array,
    mid: Float64Array,
    relative: Option<bool>,
) -> Result<Float64Array> {
    out(micro::effective_spread(
        &price,
        &sign,
        &mid,
        relative.unwrap_or(false),
    ))
}

#[napi(object)]
pub struct RealizedSpreadInput {
    pub trade_time: Float64Array,
    pub price: Float64Array,
    pub sign: Float64Array,
    pub quote_time: Float64Array,
    pub mid: Float64Array,
}

#[napi(js_name = "microRealizedSpread")]
pub fn realized_spread(
    input: RealizedSpreadInput,
    horizon: f64,
    relative: Option<bool>,
) -> Result<Float64Array> {
    out(micro::realized_spread(
        &input.trade_time,
        &input.price,
        &input.sign,
        &input.quote_time,
        &input.mid,
        horizon,
        relative.unwrap_or(false),
    ))
}

#[napi(js_name = "microKyleLambda")]
pub fn kyle_lambda(
    mid_change: Float64Array,
    signed_volume: Float64Array,
    window_len: f64,
) -> Result<Float64Array> {
    out(window(window_len).and_then(|w| micro::kyle_lambda(&mid_change, &signed_volume, w)))
}

#[napi(js_name = "microAmihud")]
pub fn amihud(
    returns: Float64Array,
    dollar_volume: Float64Array,
    window_len: f64,
) -> Result<Float64Array> {
    out(window(window_len).and_then(|w| micro::amihud(&returns, &dollar_volume, w)))
}

#[napi(js_name = "microRollSpread")]
pub fn roll_spread(price: Float64Array, window_len: f64) -> Result<Float64Array> {
    out(window(window_len).and_then(|w| micro::roll_spread(&price, w)))
}

#[napi(js_name = "microRealizedVolatility")]
pub fn realized_volatility(price: Float64Array, window_len: f64) -> Result<Float64Array> {
    out(window(window_len).and_then(|w| micro::realized_volatility(&price, w)))
}

#[napi(object)]
pub struct VpinOptionsInput {
    pub bucket_volume: f64,
    pub buckets: f64,
    pub sigma_window: f64,
}

fn vpin_options(o: &VpinOptionsInput) -> smc_core::Result<micro::VpinOptions> {
    let as_usize = |name: &str, x: f64| -> smc_core::Result<usize> {
        let v = check::integer(name, x)?;
        usize::try_from(v)
            .map_err(|_| smc_core::SmcError::out_of_range(name, x, "a whole number >= 1"))
    };
    Ok(micro::VpinOptions {
        bucket_volume: o.bucket_volume,
        buckets: as_usize("buckets", o.buckets)?,
        sigma_window: as_usize("sigmaWindow", o.sigma_window)?,
    })
}

#[napi(js_name = "microVpin")]
pub fn vpin(
    price: Float64Array,
    volume: Float64Array,
    options: VpinOptionsInput,
) -> Result<Float64Array> {
    out(vpin_options(&options).and_then(|o| micro::vpin(&price, &volume, o)))
}

/// Streaming estimators of one or two inputs, one class per estimator.
macro_rules! stream_class {
    ($js:literal, $name:ident, $inner:ty, new($($arg:ident),*) => $ctor:expr, push($($x:ident),+)) => {
        #[napi(js_name = $js)]
        pub struct $name {
            inner: $inner,
        }

        #[napi]
        impl $name {
            #[napi(constructor)]
            pub fn new($($arg: f64),*) -> Result<Self> {
                guard(|| Ok($name { inner: $ctor }))
            }

            #[napi]
            pub fn push(&mut self, $($x: f64),+) -> f64 {
                self.inner.push($($x),+)
            }
        }
    };
}

stream_class!("MicroKyleLambda", JsKyleLambda, micro::KyleLambda,
    new(window_len) => micro::KyleLambda::new(window(window_len)?)?,
    push(mid_change, signed_volume));
stream_class!("MicroAmihud", JsAmihud, micro::Amihud,
    new(window_len) => micro::Amihud::new(window(window_len)?)?,
    push(ret, dollar_volume));
stream_class!("MicroRollSpread", JsRollSpread, micro::RollSpread,
    new(window_len) => micro::RollSpread::new(window(window_len)?)?,
    push(price));
stream_class!("MicroRealizedVolatility", JsRealizedVolatility, micro::RealizedVolatility,
    new(window_len) => micro::RealizedVolatility::new(window(window_len)?)?,
    push(price));
stream_class!("MicroTickRule", JsTickRule, micro::TickRule,
    new() => micro::TickRule::new(),
    push(price));
stream_class!("MicroLeeReady", JsLeeReady, micro::LeeReady,
    new() => micro::LeeReady::new(),
    push(price, mid));

#[napi(js_name = "MicroVpin")]
pub struct JsVpin {
    inner: micro::Vpin,
}

#[napi]
impl JsVpin {
    #[napi(constructor)]
    pub fn new(options: VpinOptionsInput) -> Result<Self> {
        guard(|| {
            Ok(JsVpin {
                inner: micro::Vpin::new(vpin_options(&options)?)?,
            })
        })
    }

    #[napi]
    pub fn push(&mut self, price: f64, volume: f64) -> f64 {
        self.inner.push(price, volume)
    }
}

#[napi(js_name = "MicroOfi")]
pub struct JsOfi {
    inner: micro::Ofi,
}

#[napi]
impl JsOfi {
    #[napi(constructor)]
    pub fn new(window_len: f64) -> Result<Self> {
        guard(|| {
            Ok(JsOfi {
                inner: micro::Ofi::new(window(window_len)?)?,
            })
        })
    }

    /// Returns `[contribution, ofi]`.
    #[napi]
    pub fn push(&mut self, bid: f64, bid_qty: f64, ask: f64, ask_qty: f64) -> Vec<f64> {
        let (e, total) = self.inner.push(bid, bid_qty, ask, ask_qty);
        vec![e, total]
    }
}

#[napi(object)]
pub struct MicropriceOptionsInput {
    pub tick_size: f64,
    pub imbalance_buckets: Option<f64>,
    pub spread_buckets: Option<f64>,
    pub iterations: Option<f64>,
}

#[napi(js_name = "MicropriceModel")]
pub struct JsMicropriceModel {
    inner: micro::MicropriceModel,
}

#[napi]
impl JsMicropriceModel {
    #[napi(factory)]
    pub fn fit(quotes: QuotesInput, options: MicropriceOptionsInput) -> Result<Self> {
        guard(|| {
            let count = |name: &str, x: Option<f64>, default: f64| -> smc_core::Result<usize> {
                let v = check::integer(name, x.unwrap_or(default))?;
                usize::try_from(v).map_err(|_| {
                    smc_core::SmcError::out_of_range(name, v as f64, "a whole number >= 1")
                })
            };
            let o = micro::MicropriceOptions {
                tick_size: options.tick_size,
                imbalance_buckets: count("imbalanceBuckets", options.imbalance_buckets, 10.0)?,
                spread_buckets: count("spreadBuckets", options.spread_buckets, 2.0)?,
                iterations: count("iterations", options.iterations, 6.0)?,
            };
            Ok(JsMicropriceModel {
                inner: micro::MicropriceModel::fit(&quotes.view()?, o)?,
            })
        })
    }

    #[napi]
    pub fn microprice(&self, bid: f64, bid_qty: f64, ask: f64, ask_qty: f64) -> f64 {
        self.inner.microprice(bid, bid_qty, ask, ask_qty)
    }

    #[napi]
    pub fn apply(&self, quotes: QuotesInput) -> Result<Float64Array> {
        out(quotes.view().map(|q| self.inner.apply(&q)))
    }

    #[napi(getter)]
    pub fn adjustments(&self) -> Float64Array {
        Float64Array::new(self.inner.adjustments().to_vec())
    }

    #[napi(getter)]
    pub fn transitions(&self) -> u32 {
        self.inner.transitions as u32
    }

    #[napi(getter)]
    pub fn dropped(&self) -> u32 {
        self.inner.dropped as u32
    }
}
