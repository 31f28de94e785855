//! Bindings of `smc_core::smc` (Smart Money Concepts): conversion only.

use napi::bindgen_prelude::Float64Array;
use napi_derive::napi;
use smc_core::error::check;
use smc_core::smc::{self as core, SwingsView};

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;

fn out(v: Vec<f64>) -> Float64Array {
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

fn swing_length(value: Option<f64>) -> smc_core::Result<i64> {
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

#[napi(object)]
pub struct SmcStreamOptions {
    pub swing_length: Option<f64>,
    pub join_consecutive: Option<bool>,
    pub close_break: Option<bool>,
}

/// One confirmed event. `type` is `swing`, `fvg`, `fvgMitigated` or `bosChoch`; the other fields
/// are set when they apply to that type.
#[napi(object)]
pub struct SmcStreamEvent {
    #[napi(js_name = "type")]
    pub kind: String,
    pub row: f64,
    pub high_low: Option<f64>,
    pub direction: Option<f64>,
    pub bos: Option<f64>,
    pub choch: Option<f64>,
    pub level: Option<f64>,
    pub top: Option<f64>,
    pub bottom: Option<f64>,
    pub mitigated_index: Option<f64>,
    pub broken_index: Option<f64>,
}

fn event(e: core::SmcEvent) -> SmcStreamEvent {
    let mut out = SmcStreamEvent {
        kind: String::new(),
        row: 0.0,
        high_low: None,
        direction: None,
        bos: None,
        choch: None,
        level: None,
        top: None,
        bottom: None,
        mitigated_index: None,
        broken_index: None,
    };
    match e {
        core::SmcEvent::Swing {
            row,
            high_low,
            level,
        } => {
            out.kind = "swing".into();
            out.row = row as f64;
            out.high_low = Some(high_low);
            out.level = Some(level);
        }
        core::SmcEvent::Fvg {
            row,
            direction,
            top,
            bottom,
        } => {
            out.kind = "fvg".into();
            out.row = row as f64;
            out.direction = Some(direction);
            out.top = Some(top);
            out.bottom = Some(bottom);
        }
        core::SmcEvent::FvgMitigated {
            row,
            mitigated_index,
        } => {
            out.kind = "fvgMitigated".into();
            out.row = row as f64;
            out.mitigated_index = Some(mitigated_index as f64);
        }
        core::SmcEvent::BosChoch {
            row,
            bos,
            choch,
            level,
            broken_index,
        } => {
            out.kind = "bosChoch".into();
            out.row = row as f64;
            out.bos = Some(bos);
            out.choch = Some(choch);
            out.level = Some(level);
            out.broken_index = Some(broken_index as f64);
        }
    }
    out
}

#[napi(js_name = "SmcStream")]
pub struct SmcStream {
    inner: core::SmcStream,
}

#[napi]
impl SmcStream {
    #[napi(constructor)]
    pub fn new(options: Option<SmcStreamOptions>) -> Result<Self> {
        guard(|| {
            let (length, join, close) = options.map_or((None, None, None), |o| {
                (o.swing_length, o.join_consecutive, o.close_break)
            });
            let inner = core::SmcStream::new(core::SmcStreamOptions {
                swing_length: swing_length(length)?,
                join_consecutive: join.unwrap_or(false),
                close_break: close.unwrap_or(true),
            })?;
            Ok(SmcStream { inner })
        })
    }

    #[napi]
    pub fn push(
        &mut self,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
    ) -> Result<Vec<SmcStreamEvent>> {
        guard(|| {
            Ok(self
                .inner
                .push(open, high, low, close)?
                .into_iter()
                .map(event)
                .collect())
        })
    }

    /// Pushes every bar of a batch in one call; returns the events in order.
    #[napi]
    pub fn push_many(&mut self, bars: OhlcInput) -> Result<Vec<SmcStreamEvent>> {
        guard(|| {
            let o = bars.view()?;
            let mut events = Vec::new();
            for i in 0..o.len() {
                events.extend(
                    self.inner
                        .push(o.open[i], o.high[i], o.low[i], o.close[i])?
                        .into_iter()
                        .map(event),
                );
            }
            Ok(events)
        })
    }

    #[napi]
    pub fn finish(&mut self) -> Result<Vec<SmcStreamEvent>> {
        guard(|| Ok(self.inner.finish().into_iter().map(event).collect()))
    }

    #[napi]
    pub fn swings(&self) -> Result<SwingColumns> {
        guard(|| {
            let s = self.inner.swings();
            Ok(SwingColumns {
                high_low: out(s.high_low.clone()),
                level: out(s.level.clone()),
            })
        })
    }

    #[napi]
    pub fn fvg(&self) -> Result<FvgColumns> {
        guard(|| {
            let f = self.inner.fvg();
            Ok(FvgColumns {
                fvg: out(f.fvg.clone()),
                top: out(f.top.clone()),
                bottom: out(f.bottom.clone()),
                mitigated_index: out(f.mitigated_index.clone()),
            })
        })
    }

    #[napi]
    pub fn bos_choch(&self) -> Result<BosChochColumns> {
        guard(|| {
            let b = self.inner.bos_choch();
            Ok(BosChochColumns {
                bos: out(b.bos.clone()),
                choch: out(b.choch.clone()),
                level: out(b.level.clone()),
                broken_index: out(b.broken_index.clone()),
            })
        })
    }

    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }
}
