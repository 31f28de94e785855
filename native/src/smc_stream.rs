//! Binding of `smc_core::smc::SmcStream`: conversion only.

use napi_derive::napi;
use smc_core::smc as core;

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;
use crate::smc::{
    out, swing_length, BosChochColumns, FvgColumns, LiquidityColumns, ObColumns,
    PreviousHighLowColumns, RetracementColumns, SessionColumns, SwingColumns,
};

/// The batch functions' option names; `timeFrame` turns previous high/low on, `session`
/// turns sessions on (both then need a time on every bar).
#[napi(object)]
pub struct SmcStreamOptions {
    pub swing_length: Option<f64>,
    pub join_consecutive: Option<bool>,
    pub close_break: Option<bool>,
    pub close_mitigation: Option<bool>,
    pub bullish_mitigation_at_break: Option<bool>,
    pub range_percent: Option<f64>,
    pub time_frame: Option<String>,
    pub strict_previous: Option<bool>,
    pub session: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub time_zone: Option<String>,
    pub iso_offset_sign: Option<bool>,
}

fn core_options(o: SmcStreamOptions) -> smc_core::Result<core::SmcStreamOptions> {
    let previous_high_low = match o.time_frame {
        Some(frame) => Some(core::PreviousHighLowOptions {
            time_frame: frame.parse()?,
            strict_previous: o.strict_previous.unwrap_or(false),
        }),
        None => None,
    };
    let sessions = match o.session {
        Some(name) => Some(core::SessionOptions {
            session: core::Session::named(&name, o.start_time.as_deref(), o.end_time.as_deref())?,
            time_zone: o.time_zone.as_deref().unwrap_or("UTC").parse()?,
            iso_offset_sign: o.iso_offset_sign.unwrap_or(false),
        }),
        None => None,
    };
    Ok(core::SmcStreamOptions {
        swing_length: swing_length(o.swing_length)?,
        join_consecutive: o.join_consecutive.unwrap_or(false),
        close_break: o.close_break.unwrap_or(true),
        ob: core::ObOptions {
            close_mitigation: o.close_mitigation.unwrap_or(false),
            bullish_mitigation_at_break: o.bullish_mitigation_at_break.unwrap_or(false),
        },
        range_percent: o.range_percent.unwrap_or(0.01),
        previous_high_low,
        sessions,
    })
}

/// One event. `type` is `swing`, `fvg`, `fvgMitigated`, `bosChoch`, `ob`, `obMitigated`,
/// `obReset` or `liquidity`; the other fields are set when they apply to that type.
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
    pub ob: Option<f64>,
    pub ob_volume: Option<f64>,
    pub percentage: Option<f64>,
    pub liquidity: Option<f64>,
    pub end: Option<f64>,
    pub swept: Option<f64>,
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
        ob: None,
        ob_volume: None,
        percentage: None,
        liquidity: None,
        end: None,
        swept: None,
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
        core::SmcEvent::Ob {
            row,
            ob,
            top,
            bottom,
            ob_volume,
            percentage,
        } => {
            out.kind = "ob".into();
            out.row = row as f64;
            out.ob = Some(ob);
            out.top = Some(top);
            out.bottom = Some(bottom);
            out.ob_volume = Some(ob_volume);
            out.percentage = Some(percentage);
        }
        core::SmcEvent::ObMitigated {
            row,
            direction,
            mitigated_index,
        } => {
            out.kind = "obMitigated".into();
            out.row = row as f64;
            out.direction = Some(direction);
            out.mitigated_index = Some(mitigated_index as f64);
        }
        core::SmcEvent::ObReset { row, direction } => {
            out.kind = "obReset".into();
            out.row = row as f64;
            out.direction = Some(direction);
        }
        core::SmcEvent::Liquidity {
            row,
            liquidity,
            level,
            end,
            swept,
        } => {
            out.kind = "liquidity".into();
            out.row = row as f64;
            out.liquidity = Some(liquidity);
            out.level = Some(level);
            out.end = Some(end as f64);
            out.swept = Some(swept as f64);
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
            let options = match options {
                Some(o) => core_options(o)?,
                None => core::SmcStreamOptions::default(),
            };
            Ok(SmcStream {
                inner: core::SmcStream::new(options)?,
            })
        })
    }

    /// One bar; `volume` defaults to 0, `time` (epoch ms) is required with sessions or
    /// previous high/low.
    #[napi]
    pub fn push(
        &mut self,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: Option<f64>,
        time: Option<f64>,
    ) -> Result<Vec<SmcStreamEvent>> {
        guard(|| {
            let bar = core::StreamBar {
                time,
                open,
                high,
                low,
                close,
                volume: volume.unwrap_or(0.0),
            };
            Ok(self.inner.push_bar(bar)?.into_iter().map(event).collect())
        })
    }

    /// Pushes every bar of a batch in one call; returns the events in order.
    #[napi]
    pub fn push_many(&mut self, bars: OhlcInput) -> Result<Vec<SmcStreamEvent>> {
        guard(|| {
            let o = bars.view()?;
            let mut events = Vec::new();
            for i in 0..o.len() {
                let bar = core::StreamBar {
                    time: o.time.map(|t| t[i]),
                    open: o.open[i],
                    high: o.high[i],
                    low: o.low[i],
                    close: o.close[i],
                    volume: o.volume[i],
                };
                events.extend(self.inner.push_bar(bar)?.into_iter().map(event));
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

    #[napi]
    pub fn ob(&self) -> Result<ObColumns> {
        guard(|| {
            let b = self.inner.ob();
            Ok(ObColumns {
                ob: out(b.ob.clone()),
                top: out(b.top.clone()),
                bottom: out(b.bottom.clone()),
                ob_volume: out(b.ob_volume.clone()),
                mitigated_index: out(b.mitigated_index.clone()),
                percentage: out(b.percentage.clone()),
            })
        })
    }

    #[napi]
    pub fn ob_is_final(&self, row: u32) -> Result<bool> {
        guard(|| Ok(self.inner.ob_is_final(self.row(row)?)))
    }

    #[napi]
    pub fn liquidity(&self) -> Result<LiquidityColumns> {
        guard(|| {
            let l = self.inner.liquidity()?;
            Ok(LiquidityColumns {
                liquidity: out(l.liquidity),
                level: out(l.level),
                end: out(l.end),
                swept: out(l.swept),
            })
        })
    }

    #[napi]
    pub fn retracements(&self) -> Result<RetracementColumns> {
        guard(|| {
            let r = self.inner.retracements();
            Ok(RetracementColumns {
                direction: out(r.direction.clone()),
                current_retracement: out(r.current_retracement.clone()),
                deepest_retracement: out(r.deepest_retracement.clone()),
            })
        })
    }

    #[napi]
    pub fn retracement_is_final(&self, row: u32) -> Result<bool> {
        guard(|| Ok(self.inner.retracement_is_final(self.row(row)?)))
    }

    #[napi]
    pub fn sessions(&self) -> Result<SessionColumns> {
        guard(|| {
            let s = self.inner.sessions()?;
            Ok(SessionColumns {
                active: out(s.active.clone()),
                high: out(s.high.clone()),
                low: out(s.low.clone()),
            })
        })
    }

    #[napi]
    pub fn previous_high_low(&self) -> Result<PreviousHighLowColumns> {
        guard(|| {
            let p = self.inner.previous_high_low()?;
            Ok(PreviousHighLowColumns {
                previous_high: out(p.previous_high.clone()),
                previous_low: out(p.previous_low.clone()),
                broken_high: out(p.broken_high.clone()),
                broken_low: out(p.broken_low.clone()),
            })
        })
    }

    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }
}

impl SmcStream {
    fn row(&self, row: u32) -> smc_core::Result<usize> {
        let row = row as usize;
        if row >= self.inner.len() {
            return Err(smc_core::SmcError::out_of_range(
                "row",
                row as f64,
                "a pushed row",
            ));
        }
        Ok(row)
    }
}
