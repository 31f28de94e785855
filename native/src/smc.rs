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

/// Copies a core column into an output column the SDK allocated in JavaScript. Handing V8 one
/// external buffer per column costs about twice as much and churns external memory (GC pauses).
fn fill(name: &str, target: &mut Float64Array, column: &[f64]) -> smc_core::Result<()> {
    check::same_len(name, column.len(), target.len())?;
    // SAFETY: the call is synchronous on the JavaScript thread: nothing else touches the buffer
    // while we write, and `target` borrows a live typed array for the whole call.
    unsafe { target.as_mut() }.copy_from_slice(column);
    Ok(())
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
pub fn swing_highs_lows(
    bars: OhlcInput,
    options: Option<SwingOptions>,
    mut into: SwingColumns,
) -> Result<()> {
    guard(|| {
        let s = core::swing_highs_lows(
            &bars.view()?,
            swing_length(options.and_then(|o| o.swing_length))?,
        )?;
        fill("highLow", &mut into.high_low, &s.high_low)?;
        fill("level", &mut into.level, &s.level)
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
pub fn fvg(bars: OhlcInput, options: Option<FvgOptions>, mut into: FvgColumns) -> Result<()> {
    guard(|| {
        let join = options.and_then(|o| o.join_consecutive).unwrap_or(false);
        let f = core::fvg(&bars.view()?, join)?;
        fill("fvg", &mut into.fvg, &f.fvg)?;
        fill("top", &mut into.top, &f.top)?;
        fill("bottom", &mut into.bottom, &f.bottom)?;
        fill(
            "mitigatedIndex",
            &mut into.mitigated_index,
            &f.mitigated_index,
        )?;
        Ok(())
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
    mut into: BosChochColumns,
) -> Result<()> {
    guard(|| {
        let o = bars.view()?;
        let close_break = options.and_then(|o| o.close_break).unwrap_or(true);
        let r = core::bos_choch(&o, swings.view(o.len())?, close_break)?;
        fill("bos", &mut into.bos, &r.bos)?;
        fill("choch", &mut into.choch, &r.choch)?;
        fill("level", &mut into.level, &r.level)?;
        fill("brokenIndex", &mut into.broken_index, &r.broken_index)?;
        Ok(())
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
pub fn ob(
    bars: OhlcInput,
    swings: SwingColumns,
    options: Option<ObOptions>,
    mut into: ObColumns,
) -> Result<()> {
    guard(|| {
        let o = bars.view()?;
        let options = options.map_or(core::ObOptions::default(), |opt| core::ObOptions {
            close_mitigation: opt.close_mitigation.unwrap_or(false),
            bullish_mitigation_at_break: opt.bullish_mitigation_at_break.unwrap_or(false),
        });
        let r = core::ob(&o, swings.view(o.len())?, options)?;
        fill("ob", &mut into.ob, &r.ob)?;
        fill("top", &mut into.top, &r.top)?;
        fill("bottom", &mut into.bottom, &r.bottom)?;
        fill("obVolume", &mut into.ob_volume, &r.ob_volume)?;
        fill(
            "mitigatedIndex",
            &mut into.mitigated_index,
            &r.mitigated_index,
        )?;
        fill("percentage", &mut into.percentage, &r.percentage)?;
        Ok(())
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
    mut into: LiquidityColumns,
) -> Result<()> {
    guard(|| {
        let o = bars.view()?;
        let range = options.and_then(|o| o.range_percent).unwrap_or(0.01);
        let r = core::liquidity(&o, swings.view(o.len())?, range)?;
        fill("liquidity", &mut into.liquidity, &r.liquidity)?;
        fill("level", &mut into.level, &r.level)?;
        fill("end", &mut into.end, &r.end)?;
        fill("swept", &mut into.swept, &r.swept)?;
        Ok(())
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
    mut into: PreviousHighLowColumns,
) -> Result<()> {
    guard(|| {
        let (frame, strict) = options.map_or((None, None), |o| (o.time_frame, o.strict_previous));
        let options = core::PreviousHighLowOptions {
            time_frame: frame.as_deref().unwrap_or("1D").parse()?,
            strict_previous: strict.unwrap_or(false),
        };
        let r = core::previous_high_low(&bars.view()?, options)?;
        fill("previousHigh", &mut into.previous_high, &r.previous_high)?;
        fill("previousLow", &mut into.previous_low, &r.previous_low)?;
        fill("brokenHigh", &mut into.broken_high, &r.broken_high)?;
        fill("brokenLow", &mut into.broken_low, &r.broken_low)?;
        Ok(())
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
pub fn sessions(bars: OhlcInput, options: SessionOptions, mut into: SessionColumns) -> Result<()> {
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
        fill("active", &mut into.active, &r.active)?;
        fill("high", &mut into.high, &r.high)?;
        fill("low", &mut into.low, &r.low)?;
        Ok(())
    })
}

#[napi(object)]
pub struct RetracementColumns {
    pub direction: Float64Array,
    pub current_retracement: Float64Array,
    pub deepest_retracement: Float64Array,
}

#[napi(js_name = "smcRetracements")]
pub fn retracements(
    bars: OhlcInput,
    swings: SwingColumns,
    mut into: RetracementColumns,
) -> Result<()> {
    guard(|| {
        let o = bars.view()?;
        let r = core::retracements(&o, swings.view(o.len())?)?;
        fill("direction", &mut into.direction, &r.direction)?;
        fill(
            "currentRetracement",
            &mut into.current_retracement,
            &r.current_retracement,
        )?;
        fill(
            "deepestRetracement",
            &mut into.deepest_retracement,
            &r.deepest_retracement,
        )?;
        Ok(())
    })
}
