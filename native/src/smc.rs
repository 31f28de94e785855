//! Bindings of `smc_core::smc` (Smart Money Concepts): conversion only.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::smc::{self as core, SwingsView};

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;

pub(crate) fn out(v: Vec<f64>) -> Float64Array {
    Float64Array::new(v)
}

/// `{ highLow, level }` both ways: the output of `swingHighsLows` and the input of the functions
/// built on swings.
#[napi(object)]
pub struct SwingColumns {
    pub high_low: Float64Array,
    pub level: Float64Array,
}

impl SwingColumns {
    fn view(&self, n: usize) -> smc_core::Result<SwingsView<'_>> {
        SwingsView::new(&self.high_low, &self.level, n)
    }
}

pub(crate) fn swing_length(value: Option<f64>) -> smc_core::Result<i64> {
    check::integer("swingLength", value.unwrap_or(50.0))
}

#[napi(object)]
pub struct SwingOptions {
    pub swing_length: Option<f64>,
}

#[napi(js_name = "smcSwingHighsLows")]
pub fn swing_highs_lows(bars: OhlcInput, options: Option<SwingOptions>) -> Result<SwingColumns> {
    guard(|| {
        let s = core::swing_highs_lows(
            &bars.view()?,
            swing_length(options.and_then(|o| o.swing_length))?,
        )?;
        Ok(SwingColumns {
            high_low: out(s.high_low),
            level: out(s.level),
        })
    })
}

#[napi(object)]
pub struct FvgOptions {
    pub join_consecutive: Option<bool>,
}

#[napi(object)]
pub struct FvgColumns {
    pub fvg: Float64Array,
    pub top: Float64Array,
    pub bottom: Float64Array,
    pub mitigated_index: Float64Array,
}

#[napi(js_name = "smcFvg")]
pub fn fvg(bars: OhlcInput, options: Option<FvgOptions>) -> Result<FvgColumns> {
    guard(|| {
        let join = options.and_then(|o| o.join_consecutive).unwrap_or(false);
        let f = core::fvg(&bars.view()?, join)?;
        Ok(FvgColumns {
            fvg: out(f.fvg),
            top: out(f.top),
            bottom: out(f.bottom),
            mitigated_index: out(f.mitigated_index),
        })
    })
}

#[napi(object)]
pub struct BosChochOptions {
    pub close_break: Option<bool>,
}

#[napi(object)]
pub struct BosChochColumns {
    pub bos: Float64Array,
    pub choch: Float64Array,
    pub level: Float64Array,
    pub broken_index: Float64Array,
}

#[napi(js_name = "smcBosChoch")]
pub fn bos_choch(
    bars: OhlcInput,
    swings: SwingColumns,
    options: Option<BosChochOptions>,
) -> Result<BosChochColumns> {
    guard(|| {
        let o = bars.view()?;
        let close_break = options.and_then(|o| o.close_break).unwrap_or(true);
        let r = core::bos_choch(&o, swings.view(o.len())?, close_break)?;
        Ok(BosChochColumns {
            bos: out(r.bos),
            choch: out(r.choch),
            level: out(r.level),
            broken_index: out(r.broken_index),
        })
    })
}

#[napi(object)]
pub struct ObOptions {
    pub close_mitigation: Option<bool>,
    pub bullish_mitigation_at_break: Option<bool>,
}

#[napi(object)]
pub struct ObColumns {
    pub ob: Float64Array,
    pub top: Float64Array,
    pub bottom: Float64Array,
    pub ob_volume: Float64Array,
    pub mitigated_index: Float64Array,
    pub percentage: Float64Array,
}

#[napi(js_name = "smcOb")]
pub fn ob(bars: OhlcInput, swings: SwingColumns, options: Option<ObOptions>) -> Result<ObColumns> {
    guard(|| {
        let o = bars.view()?;
        let options = options.map_or(core::ObOptions::default(), |opt| core::ObOptions {
            close_mitigation: opt.close_mitigation.unwrap_or(false),
            bullish_mitigation_at_break: opt.bullish_mitigation_at_break.unwrap_or(false),
        });
        let r = core::ob(&o, swings.view(o.len())?, options)?;
        Ok(ObColumns {
            ob: out(r.ob),
            top: out(r.top),
            bottom: out(r.bottom),
            ob_volume: out(r.ob_volume),
            mitigated_index: out(r.mitigated_index),
            percentage: out(r.percentage),
        })
    })
}

#[napi(object)]
pub struct LiquidityOptions {
    pub range_percent: Option<f64>,
}

#[napi(object)]
pub struct LiquidityColumns {
    pub liquidity: Float64Array,
    pub level: Float64Array,
    pub end: Float64Array,
    pub swept: Float64Array,
}

#[napi(js_name = "smcLiquidity")]
pub fn liquidity(
    bars: OhlcInput,
    swings: SwingColumns,
    options: Option<LiquidityOptions>,
) -> Result<LiquidityColumns> {
    guard(|| {
        let o = bars.view()?;
        let range = options.and_then(|o| o.range_percent).unwrap_or(0.01);
        let r = core::liquidity(&o, swings.view(o.len())?, range)?;
        Ok(LiquidityColumns {
            liquidity: out(r.liquidity),
            level: out(r.level),
            end: out(r.end),
            swept: out(r.swept),
        })
    })
}

#[napi(object)]
pub struct PreviousHighLowOptions {
    pub time_frame: Option<String>,
    pub strict_previous: Option<bool>,
}

#[napi(object)]
pub struct PreviousHighLowColumns {
    pub previous_high: Float64Array,
    pub previous_low: Float64Array,
    pub broken_high: Float64Array,
    pub broken_low: Float64Array,
}

#[napi(js_name = "smcPreviousHighLow")]
pub fn previous_high_low(
    bars: OhlcInput,
    options: Option<PreviousHighLowOptions>,
) -> Result<PreviousHighLowColumns> {
    guard(|| {
        let (frame, strict) = options.map_or((None, None), |o| (o.time_frame, o.strict_previous));
        let options = core::PreviousHighLowOptions {
            time_frame: frame.as_deref().unwrap_or("1D").parse()?,
            strict_previous: strict.unwrap_or(false),
        };
        let r = core::previous_high_low(&bars.view()?, options)?;
        Ok(PreviousHighLowColumns {
            previous_high: out(r.previous_high),
            previous_low: out(r.previous_low),
            broken_high: out(r.broken_high),
            broken_low: out(r.broken_low),
        })
    })
}

#[napi(object)]
pub struct SessionOptions {
    pub session: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub time_zone: Option<String>,
    pub iso_offset_sign: Option<bool>,
}

#[napi(object)]
pub struct SessionColumns {
    pub active: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
}

#[napi(js_name = "smcSessions")]
pub fn sessions(bars: OhlcInput, options: SessionOptions) -> Result<SessionColumns> {
    guard(|| {
        let options = core::SessionOptions {
            session: core::Session::named(
                &options.session,
                options.start_time.as_deref(),
                options.end_time.as_deref(),
            )?,
            time_zone: options.time_zone.as_deref().unwrap_or("UTC").parse()?,
            iso_offset_sign: options.iso_offset_sign.unwrap_or(false),
        };
        let r = core::sessions(&bars.view()?, &options)?;
        Ok(SessionColumns {
            active: out(r.active),
            high: out(r.high),
            low: out(r.low),
        })
    })
}

#[napi(object)]
pub struct RetracementColumns {
    pub direction: Float64Array,
    pub current_retracement: Float64Array,
    pub deepest_retracement: Float64Array,
}

#[napi(js_name = "smcRetracements")]
pub fn retracements(bars: OhlcInput, swings: SwingColumns) -> Result<RetracementColumns> {
    guard(|| {
        let o = bars.view()?;
        let r = core::retracements(&o, swings.view(o.len())?)?;
        Ok(RetracementColumns {
            direction: out(r.direction),
            current_retracement: out(r.current_retracement),
            deepest_retracement: out(r.deepest_retracement),
        })
    })
}
