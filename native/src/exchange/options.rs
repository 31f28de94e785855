//! Option objects of the simulated venue and their conversion to core models and settings.

use napi::bindgen_prelude::{BigInt64Array, Either, Float64Array};
use napi_derive::napi;
use smc_core::exchange as ex;
use smc_core::SmcError;

#[napi(object)]
pub struct QueueOptions {
    /// "riskAverse" (default), "power" or "log".
    pub model: String,
    /// The exponent n of `f(x) = x^n` ("power"; 2 by default).
    pub power: Option<f64>,
    /// Draw whether each decrease is ahead instead of applying its expected share.
    pub sampled: Option<bool>,
}

#[napi(object)]
pub struct LatencyOptions {
    /// Constant latencies (ns).
    pub submit_ns: Option<f64>,
    pub cancel_ns: Option<f64>,
    pub response_ns: Option<f64>,
    /// Interpolated from the feed: local receive times and exchange event times (ns).
    pub feed_local_ns: Option<BigInt64Array>,
    pub feed_exchange_ns: Option<BigInt64Array>,
    /// The fastest feed delay is taken as this latency (ns; 0 by default).
    pub floor_ns: Option<f64>,
    /// Interpolated from samples: times (ns) and entry / response latencies (ns).
    pub times_ns: Option<BigInt64Array>,
    pub entry_ns: Option<Float64Array>,
    pub response_curve_ns: Option<Float64Array>,
}

#[napi(object)]
pub struct FeeTierOptions {
    pub min_volume: f64,
    pub maker_bps: f64,
    pub taker_bps: f64,
}

#[napi(object)]
pub struct FeeOptions {
    pub maker_bps: Option<f64>,
    pub taker_bps: Option<f64>,
    pub fixed_per_order: Option<f64>,
    /// Volume tiers (the first at 0); replaces maker/taker rates.
    pub tiers: Option<Vec<FeeTierOptions>>,
    /// Rolling volume window of the tiers (ns; 30 days by default).
    pub window_ns: Option<f64>,
}

#[napi(object)]
pub struct SlippageOptions {
    /// "fixed", "spread" or "sqrtImpact".
    pub model: String,
    pub bps: Option<f64>,
    pub spread_bps: Option<f64>,
    pub fraction: Option<f64>,
    pub k: Option<f64>,
    pub sigma: Option<f64>,
}

#[napi(object)]
pub struct BarOptions {
    /// "open" (default) or "close".
    pub market_fill: Option<String>,
    /// "touch" (default) or "tradeThrough".
    pub touch: Option<String>,
    pub max_volume_fraction: Option<f64>,
}

#[napi(object)]
pub struct SimVenueOptions {
    /// "l2" or "bar".
    pub mode: String,
    /// Tick size (L2 mode), a decimal string or a number.
    pub tick_size: Option<Either<String, f64>>,
    pub seed: Option<f64>,
    pub max_book_age_ns: Option<f64>,
    pub session_end_offset_ns: Option<f64>,
    pub initial_position: Option<f64>,
    /// Finished orders kept for `order()` (the last ones; `Infinity`: all); 10,000 when omitted.
    pub max_finished_orders: Option<f64>,
    pub queue: Option<QueueOptions>,
    pub latency: Option<LatencyOptions>,
    pub fees: Option<FeeOptions>,
    pub slippage: Option<SlippageOptions>,
    pub bar: Option<BarOptions>,
}

pub(crate) fn whole_ns(name: &str, x: f64) -> smc_core::Result<i64> {
    let v = smc_core::error::check::integer(name, x)?;
    if v < 0 {
        return Err(SmcError::out_of_range(name, x, "a duration >= 0 ns"));
    }
    Ok(v)
}

pub(crate) fn queue_model(q: &Option<QueueOptions>) -> smc_core::Result<Box<dyn ex::QueueModel>> {
    let Some(q) = q else {
        return Ok(Box::new(ex::RiskAverseQueue));
    };
    let sampled = q.sampled.unwrap_or(false);
    let m = match q.model.as_str() {
        "riskAverse" => return Ok(Box::new(ex::RiskAverseQueue)),
        "power" => ex::ProbQueue::power(q.power.unwrap_or(2.0))?,
        "log" => ex::ProbQueue::log(),
        other => {
            return Err(SmcError::invalid(format!(
                "queue model {other:?}: expected 'riskAverse', 'power' or 'log'"
            )))
        }
    };
    Ok(Box::new(if sampled { m.sampled() } else { m }))
}

pub(crate) fn latency_model(
    l: &Option<LatencyOptions>,
) -> smc_core::Result<Box<dyn ex::LatencyModel>> {
    let Some(l) = l else {
        return Ok(Box::new(ex::ConstantLatency::default()));
    };
    if let (Some(local), Some(exch)) = (&l.feed_local_ns, &l.feed_exchange_ns) {
        let floor = whole_ns("floorNs", l.floor_ns.unwrap_or(0.0))?;
        return Ok(Box::new(ex::InterpolatedLatency::from_feed_delays(
            local, exch, floor,
        )?));
    }
    if let Some(times) = &l.times_ns {
        let entry = l
            .entry_ns
            .as_ref()
            .ok_or_else(|| SmcError::invalid("timesNs needs entryNs"))?;
        let resp = l
            .response_curve_ns
            .as_ref()
            .map_or_else(|| entry.to_vec(), |r| r.to_vec());
        return Ok(Box::new(ex::InterpolatedLatency::new(
            times.to_vec(),
            entry.to_vec(),
            resp,
        )?));
    }
    let ns = |name: &str, v: Option<f64>| whole_ns(name, v.unwrap_or(0.0));
    Ok(Box::new(ex::ConstantLatency::new(
        ns("submitNs", l.submit_ns)?,
        ns("cancelNs", l.cancel_ns)?,
        ns("responseNs", l.response_ns)?,
    )?))
}

pub(crate) fn fee_model(f: &Option<FeeOptions>) -> smc_core::Result<Box<dyn ex::FeeModel>> {
    let Some(f) = f else {
        return Ok(Box::new(ex::MakerTakerFees::default()));
    };
    let fixed = f.fixed_per_order.unwrap_or(0.0);
    if let Some(tiers) = &f.tiers {
        let tiers = tiers
            .iter()
            .map(|t| ex::FeeTier {
                min_volume: t.min_volume,
                maker_bps: t.maker_bps,
                taker_bps: t.taker_bps,
            })
            .collect();
        let window = whole_ns("windowNs", f.window_ns.unwrap_or(30.0 * 86_400e9))?;
        return Ok(Box::new(ex::TieredFees::new(tiers, window, fixed)?));
    }
    Ok(Box::new(ex::MakerTakerFees::new(
        f.maker_bps.unwrap_or(0.0),
        f.taker_bps.unwrap_or(0.0),
        fixed,
    )?))
}

pub(crate) fn slippage_model(
    s: &Option<SlippageOptions>,
) -> smc_core::Result<Box<dyn ex::SlippageModel>> {
    let Some(s) = s else {
        return Ok(Box::new(ex::FixedBpsSlippage::new(0.0)?));
    };
    Ok(match s.model.as_str() {
        "fixed" => Box::new(ex::FixedBpsSlippage::new(s.bps.unwrap_or(0.0))?),
        "spread" => Box::new(ex::SpreadSlippage::new(
            s.spread_bps.unwrap_or(0.0),
            s.fraction.unwrap_or(0.5),
        )?),
        "sqrtImpact" => Box::new(ex::SqrtImpactSlippage::new(s.k.unwrap_or(1.0), s.sigma)?),
        other => {
            return Err(SmcError::invalid(format!(
                "slippage model {other:?}: expected 'fixed', 'spread' or 'sqrtImpact'"
            )))
        }
    })
}

pub(crate) fn bar_config(b: &Option<BarOptions>) -> smc_core::Result<ex::BarConfig> {
    let Some(b) = b else {
        return Ok(ex::BarConfig::default());
    };
    let market_fill = match b.market_fill.as_deref().unwrap_or("open") {
        "open" => ex::BarPrice::Open,
        "close" => ex::BarPrice::Close,
        o => {
            return Err(SmcError::invalid(format!(
                "marketFill {o:?}: expected 'open' or 'close'"
            )))
        }
    };
    let touch = match b.touch.as_deref().unwrap_or("touch") {
        "touch" => ex::TouchRule::Touch,
        "tradeThrough" => ex::TouchRule::TradeThrough,
        o => {
            return Err(SmcError::invalid(format!(
                "touch {o:?}: expected 'touch' or 'tradeThrough'"
            )))
        }
    };
    Ok(ex::BarConfig {
        market_fill,
        touch,
        max_volume_fraction: b.max_volume_fraction,
    })
}
