//! Binding of `smc_core::smc::SmcStream`: conversion only.

use napi_derive::napi;
use smc_core::smc as core;

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;
use crate::smc::{out, swing_length, BosChochColumns, FvgColumns, SwingColumns};

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
