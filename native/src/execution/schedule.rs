//! Pure schedules, Almgren-Chriss and measurement.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::execution::schedule::{
    self, AlmgrenChrissParams, IcebergParams, PovParams, TimingJitter,
};
use smc_core::execution::shortfall::{self, ShortfallInput};

use super::{count, lots, seed, side};
use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;

#[napi(object)]
pub struct ScheduleOutput {
    pub times: Float64Array,
    pub quantities: Float64Array,
}

#[napi(object)]
pub struct TwapScheduleInput {
    pub quantity: f64,
    pub slices: f64,
    pub start: f64,
    pub end: f64,
    pub lot_size: Option<f64>,
    pub min_qty: Option<f64>,
    pub jitter_seed: Option<f64>,
    pub jitter_fraction: Option<f64>,
}

#[napi(js_name = "twapSchedule")]
pub fn twap_schedule(input: TwapScheduleInput) -> Result<ScheduleOutput> {
    guard(|| {
        let jitter = match input.jitter_fraction {
            Some(fraction) => Some(TimingJitter {
                seed: seed(input.jitter_seed)?,
                fraction,
            }),
            None => None,
        };
        let s = schedule::twap_schedule(
            input.quantity,
            count("slices", input.slices, 1)?,
            lots(input.lot_size, input.min_qty)?,
            input.start,
            input.end,
            jitter,
        )?;
        Ok(ScheduleOutput {
            times: Float64Array::new(s.times),
            quantities: Float64Array::new(s.quantities),
        })
    })
}

#[napi(object)]
pub struct VwapScheduleInput {
    pub quantity: f64,
    pub weights: Float64Array,
    pub start: f64,
    pub end: f64,
    pub lot_size: Option<f64>,
    pub min_qty: Option<f64>,
}

#[napi(js_name = "vwapSchedule")]
pub fn vwap_schedule(input: VwapScheduleInput) -> Result<ScheduleOutput> {
    guard(|| {
        let s = schedule::vwap_schedule(
            input.quantity,
            &input.weights,
            lots(input.lot_size, input.min_qty)?,
            input.start,
            input.end,
        )?;
        Ok(ScheduleOutput {
            times: Float64Array::new(s.times),
            quantities: Float64Array::new(s.quantities),
        })
    })
}

#[napi(object)]
pub struct VolumeProfileOutput {
    pub weights: Float64Array,
    pub mean_volume: Float64Array,
    pub days: u32,
}

#[napi(js_name = "volumeProfile")]
pub fn volume_profile(bars: OhlcInput, buckets: f64) -> Result<VolumeProfileOutput> {
    guard(|| {
        let p = schedule::volume_profile(&bars.view()?, count("buckets", buckets, 1)?)?;
        Ok(VolumeProfileOutput {
            weights: Float64Array::new(p.weights),
            mean_volume: Float64Array::new(p.mean_volume),
            days: p.days as u32,
        })
    })
}

#[napi(object)]
pub struct PovScheduleInput {
    pub quantity: f64,
    pub rate: f64,
    pub others_volume: Float64Array,
    pub max_child: Option<f64>,
    pub lot_size: Option<f64>,
    pub min_qty: Option<f64>,
}

#[napi(js_name = "povSchedule")]
pub fn pov_schedule(input: PovScheduleInput) -> Result<Float64Array> {
    guard(|| {
        let params = PovParams {
            rate: input.rate,
            max_child: input.max_child.unwrap_or(0.0),
        };
        schedule::pov_schedule(
            input.quantity,
            params,
            &input.others_volume,
            lots(input.lot_size, input.min_qty)?,
        )
    })
    .map(Float64Array::new)
}

#[napi(object)]
pub struct IcebergClipsInput {
    pub quantity: f64,
    pub display: f64,
    pub variance: Option<f64>,
    pub seed: Option<f64>,
    pub lot_size: Option<f64>,
    pub min_qty: Option<f64>,
}

#[napi(js_name = "icebergClips")]
pub fn iceberg_clips(input: IcebergClipsInput) -> Result<Float64Array> {
    guard(|| {
        let params = IcebergParams {
            display: input.display,
            variance: input.variance.unwrap_or(0.0),
            seed: seed(input.seed)?,
        };
        schedule::iceberg_clips(input.quantity, params, lots(input.lot_size, input.min_qty)?)
    })
    .map(Float64Array::new)
}

#[napi(object)]
pub struct AlmgrenChrissInput {
    pub shares: f64,
    pub horizon: f64,
    pub periods: f64,
    pub sigma: f64,
    pub eta: f64,
    pub gamma: f64,
    pub epsilon: f64,
    pub lambda: f64,
}

#[napi(object)]
pub struct AlmgrenChrissOutput {
    pub holdings: Float64Array,
    pub trades: Float64Array,
    pub kappa: f64,
    pub expected_cost: f64,
    pub variance: f64,
}

#[napi(js_name = "almgrenChriss")]
pub fn almgren_chriss(input: AlmgrenChrissInput) -> Result<AlmgrenChrissOutput> {
    guard(|| {
        let r = schedule::almgren_chriss(AlmgrenChrissParams {
            shares: input.shares,
            horizon: input.horizon,
            periods: count("periods", input.periods, 1)?,
            sigma: input.sigma,
            eta: input.eta,
            gamma: input.gamma,
            epsilon: input.epsilon,
            lambda: input.lambda,
        })?;
        Ok(AlmgrenChrissOutput {
            holdings: Float64Array::new(r.holdings),
            trades: Float64Array::new(r.trades),
            kappa: r.kappa,
            expected_cost: r.expected_cost,
            variance: r.variance,
        })
    })
}

#[napi(object)]
pub struct ShortfallInputJs {
    pub side: String,
    pub intended: f64,
    pub decision_price: f64,
    pub arrival_price: f64,
    pub end_price: f64,
    pub fill_qty: Float64Array,
    pub fill_price: Float64Array,
    pub fees: Option<f64>,
}

#[napi(object)]
pub struct ShortfallOutput {
    pub filled: f64,
    /// None (null in JavaScript) without fills.
    pub average_price: Option<f64>,
    pub delay: f64,
    pub trading: f64,
    pub opportunity: f64,
    pub fees: f64,
    pub total: f64,
    pub delay_bps: f64,
    pub trading_bps: f64,
    pub opportunity_bps: f64,
    pub fees_bps: f64,
    pub total_bps: f64,
}

#[napi(js_name = "implementationShortfall")]
pub fn implementation_shortfall(input: ShortfallInputJs) -> Result<ShortfallOutput> {
    guard(|| {
        let s = shortfall::implementation_shortfall(ShortfallInput {
            side: side(&input.side)?,
            intended: input.intended,
            decision_price: input.decision_price,
            arrival_price: input.arrival_price,
            end_price: input.end_price,
            fill_qty: &input.fill_qty,
            fill_price: &input.fill_price,
            fees: input.fees.unwrap_or(0.0),
        })?;
        Ok(ShortfallOutput {
            filled: s.filled,
            average_price: s.average_price,
            delay: s.delay,
            trading: s.trading,
            opportunity: s.opportunity,
            fees: s.fees,
            total: s.total,
            delay_bps: s.delay_bps,
            trading_bps: s.trading_bps,
            opportunity_bps: s.opportunity_bps,
            fees_bps: s.fees_bps,
            total_bps: s.total_bps,
        })
    })
}

#[napi(object)]
pub struct FillRowsJs {
    /// +1 buy, -1 sell.
    pub sign: Float64Array,
    pub qty: Float64Array,
    pub price: Float64Array,
    pub fee: Float64Array,
    pub decision_price: Float64Array,
    pub arrival_price: Float64Array,
    pub end_price: Float64Array,
}

#[napi(object)]
pub struct ShortfallTotalsJs {
    pub fills: u32,
    pub delay: f64,
    pub trading: f64,
    pub fees: f64,
    pub total: f64,
    pub decision_notional: f64,
    /// None (null in JavaScript) without fills.
    pub total_bps: Option<f64>,
}

#[napi(js_name = "shortfallOfFills")]
pub fn shortfall_of_fills(rows: FillRowsJs) -> Result<ShortfallTotalsJs> {
    guard(|| {
        let t = shortfall::shortfall_of_fills(&shortfall::FillRows {
            sign: &rows.sign,
            qty: &rows.qty,
            price: &rows.price,
            fee: &rows.fee,
            decision_price: &rows.decision_price,
            arrival_price: &rows.arrival_price,
            end_price: &rows.end_price,
        })?;
        Ok(ShortfallTotalsJs {
            fills: u32::try_from(t.fills)
                .map_err(|_| smc_core::SmcError::invalid("more than 2^32 fills"))?,
            delay: t.delay,
            trading: t.trading,
            fees: t.fees,
            total: t.total,
            decision_notional: t.decision_notional,
            total_bps: t.total_bps(),
        })
    })
}

#[napi(js_name = "intervalVwap")]
pub fn interval_vwap(price: Float64Array, volume: Float64Array) -> Result<f64> {
    guard(|| shortfall::interval_vwap(&price, &volume))
}

#[napi(js_name = "slippageBps")]
pub fn slippage_bps(side_name: String, average_price: f64, benchmark: f64) -> Result<f64> {
    guard(|| shortfall::slippage_bps(side(&side_name)?, average_price, benchmark))
}
