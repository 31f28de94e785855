//! [`SmcStream`]'s accessors and bar validation (a child module of `stream`, for its fields).

use super::{bar_view, SmcStream, StreamBar};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;
use crate::smc::{
    liquidity, BosChoch, Fvg, Liquidity, OrderBlocks, PreviousHighLow, Retracements, Sessions,
    Swings,
};

impl SmcStream {
    /// Swing columns so far (equal to `swing_highs_lows` after `finish`).
    pub fn swings(&self) -> &Swings {
        &self.state_swings
    }

    /// Gap columns so far (equal to `fvg` after `finish`).
    pub fn fvg(&self) -> &Fvg {
        &self.state_fvg
    }

    /// BOS/CHoCH columns so far (equal to `bos_choch` after `finish`).
    pub fn bos_choch(&self) -> &BosChoch {
        &self.state_bos
    }

    /// Order-block columns so far: each pass's state up to the swing frontier (equal to `ob`
    /// after `finish`).
    pub fn ob(&self) -> &OrderBlocks {
        &self.order_blocks.state
    }

    /// Whether row `row`'s order-block cells can no longer change before `finish`: never true
    /// for a block still held (a later bar can mitigate or remove it), and rows used by both
    /// passes wait for `finish` (the package's bearish pass reads the bullish pass's final
    /// flags). A row is final once its pass rows are run and it holds no block.
    pub fn ob_is_final(&self, row: usize) -> bool {
        self.finished
            || (self.order_blocks.settled(row) && self.order_blocks.state.ob[row].is_nan())
    }

    /// Retracement columns so far (equal to `retracements` after `finish`).
    pub fn retracements(&self) -> &Retracements {
        &self.retracements.state
    }

    /// Whether row `row`'s retracement cells are final (always after `finish`).
    pub fn retracement_is_final(&self, row: usize) -> bool {
        self.finished || self.retracements.is_final(row)
    }

    /// Liquidity: after `finish`, the batch result; before, the result as if the series ended
    /// now (provisional: O(n) per call, and a later bar can widen the band).
    pub fn liquidity(&self) -> Result<Liquidity> {
        if let Some(l) = &self.state_liquidity {
            return Ok(l.clone());
        }
        let bars = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
        if bars.is_empty() {
            return Ok(Liquidity {
                liquidity: vec![],
                level: vec![],
                end: vec![],
                swept: vec![],
            });
        }
        liquidity(&bars, self.swings_view(), self.options.range_percent)
    }

    /// Session columns (final as pushed); an error unless the stream was built with `sessions`.
    pub fn sessions(&self) -> Result<&Sessions> {
        self.sessions
            .as_ref()
            .map(|s| &s.state)
            .ok_or_else(|| SmcError::InvalidState("sessions is not streamed: pass session".into()))
    }

    /// Previous high/low columns (final as pushed); an error unless built with
    /// `previous_high_low`.
    pub fn previous_high_low(&self) -> Result<&PreviousHighLow> {
        self.previous.as_ref().map(|p| &p.state).ok_or_else(|| {
            SmcError::InvalidState("previousHighLow is not streamed: pass timeFrame".into())
        })
    }

    pub(super) fn validate(&self, bar: &StreamBar) -> Result<()> {
        let t = self.len();
        let time = bar.time.map(|x| [x]);
        let (o, h, l, c, v) = ([bar.open], [bar.high], [bar.low], [bar.close], [bar.volume]);
        Ohlc::new(time.as_ref().map(|x| &x[..]), &o, &h, &l, &c, &v).map_err(|e| match e {
            SmcError::NonFinite { what, value, .. } => SmcError::NonFinite {
                what,
                index: t,
                value,
            },
            other => other,
        })?;
        let needs_time = self.sessions.is_some() || self.previous.is_some();
        match bar.time {
            None if needs_time => Err(SmcError::invalid(format!(
                "bar {t}: sessions / previousHighLow need a time (epoch ms) on every bar"
            ))),
            Some(x) if x.abs() > 8.64e15 => Err(SmcError::out_of_range(
                "time",
                x,
                "epoch ms within ±8.64e15",
            )),
            Some(x) if self.time.last().is_some_and(|&p| x < p) => Err(SmcError::Unordered(
                format!("bar {t}: time {x} is before the previous bar's"),
            )),
            Some(_) if t > 0 && self.time.len() < t => Err(SmcError::invalid(format!(
                "bar {t} has a time but earlier bars did not"
            ))),
            _ => Ok(()),
        }
    }
}
