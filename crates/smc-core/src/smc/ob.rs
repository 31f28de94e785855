//! Order blocks (`smc.ob`).

use super::SwingsView;
use crate::error::Result;
use crate::ohlc::Ohlc;

/// Output of [`ob`]. `top`, `bottom`, `ob_volume` and `percentage` are float32 values (as the
/// package stores them); `mitigated_index` is 0 while an order block is unmitigated.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBlocks {
    pub ob: Vec<f64>,
    pub top: Vec<f64>,
    pub bottom: Vec<f64>,
    pub ob_volume: Vec<f64>,
    pub mitigated_index: Vec<f64>,
    pub percentage: Vec<f64>,
}

/// Options of [`ob`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ObOptions {
    /// Mitigate on the candle body (min/max of open and close) instead of the wick.
    pub close_mitigation: bool,
    /// Corrected behaviour (off by default): report the mitigating row itself for bullish
    /// blocks. The package reports the row *before* it for bullish blocks (`close_index - 1`)
    /// and the row itself for bearish ones, which looks like a slip.
    pub bullish_mitigation_at_break: bool,
}

/// The package's per-row working arrays. Both passes share them (including `breaker`), which
/// matters when a bearish block lands on a row that a bullish block used: reproduced.
#[derive(Debug, Clone, Default)]
pub(super) struct Work {
    pub(super) ob: Vec<i8>,
    top: Vec<f32>,
    bottom: Vec<f32>,
    volume: Vec<f32>,
    percentage: Vec<f32>,
    mitigated: Vec<usize>,
    breaker: Vec<bool>,
    crossed: Vec<bool>,
}

impl Work {
    pub(super) fn with_len(n: usize) -> Self {
        let mut w = Work::default();
        for _ in 0..n {
            w.grow();
        }
        w
    }

    /// One more row, all zero (the stream grows its arrays bar by bar).
    pub(super) fn grow(&mut self) {
        self.ob.push(0);
        self.top.push(0.0);
        self.bottom.push(0.0);
        self.volume.push(0.0);
        self.percentage.push(0.0);
        self.mitigated.push(0);
        self.breaker.push(false);
        self.crossed.push(false);
    }

    fn reset(&mut self, idx: usize) {
        self.ob[idx] = 0;
        self.top[idx] = 0.0;
        self.bottom[idx] = 0.0;
        self.volume[idx] = 0.0;
        self.mitigated[idx] = 0;
        self.percentage[idx] = 0.0;
    }

    /// Row `i` as the package outputs it: (ob, top, bottom, volume, mitigated index,
    /// percentage), all NaN where no block is held.
    pub(super) fn cells(&self, i: usize) -> [f64; 6] {
        if self.ob[i] == 0 {
            return [f64::NAN; 6];
        }
        [
            self.ob[i] as f64,
            self.top[i] as f64,
            self.bottom[i] as f64,
            self.volume[i] as f64,
            self.mitigated[i] as f64,
            self.percentage[i] as f64,
        ]
    }

    pub(super) fn write_row(&self, i: usize, out: &mut OrderBlocks) {
        [
            out.ob[i],
            out.top[i],
            out.bottom[i],
            out.ob_volume[i],
            out.mitigated_index[i],
            out.percentage[i],
        ] = self.cells(i);
    }
}

impl OrderBlocks {
    pub(super) fn blank(n: usize) -> Self {
        OrderBlocks {
            ob: vec![f64::NAN; n],
            top: vec![f64::NAN; n],
            bottom: vec![f64::NAN; n],
            ob_volume: vec![f64::NAN; n],
            mitigated_index: vec![f64::NAN; n],
            percentage: vec![f64::NAN; n],
        }
    }
}

/// What one row of a pass did (the stream turns these into events).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ObChange {
    /// A block was (re)created at this row.
    Formed(usize),
    /// The block became a breaker, with this mitigated index.
    Mitigated(usize, usize),
    /// The breaker was invalidated and cleared.
    Reset(usize),
}

/// One direction's pass, advanced row by row: its active list and the last swing seen.
#[derive(Debug, Clone)]
pub(super) struct Pass {
    bullish: bool,
    active: Vec<usize>,
    last_swing: Option<usize>,
}

impl Pass {
    pub(super) fn new(bullish: bool) -> Self {
        Pass {
            bullish,
            active: Vec::new(),
            last_swing: None,
        }
    }

    /// No block of this pass can form later on a row below the returned one, once rows before
    /// `next_row` have been stepped: a later block lies after the swing it breaks, which is the
    /// current swing if not crossed yet, else a swing at row `next_row - 1` or later.
    pub(super) fn block_floor(&self, w: &Work, next_row: usize) -> usize {
        let later = next_row.saturating_sub(1);
        match self.last_swing {
            Some(swing) if !w.crossed[swing] => (swing + 1).min(later),
            _ => later,
        }
    }

    /// Row `i` of the package's loop. Reads bars up to `i` and `high_low` up to `i - 1` only.
    pub(super) fn step(
        &mut self,
        o: &Ohlc<'_>,
        high_low: &[f64],
        w: &mut Work,
        i: usize,
        options: ObOptions,
        changes: &mut Vec<ObChange>,
    ) {
        let bullish = self.bullish;
        let kind = if bullish { 1.0 } else { -1.0 };
        update_active(o, w, &mut self.active, i, options, bullish, changes);
        // The last swing strictly before row i (the package's searchsorted, side='left').
        if i > 0 && high_low[i - 1] == kind {
            self.last_swing = Some(i - 1);
        }
        let Some(swing) = self.last_swing else { return };
        let crosses = if bullish {
            o.close[i] > o.high[swing]
        } else {
            o.close[i] < o.low[swing]
        };
        if !crosses || w.crossed[swing] {
            return;
        }
        w.crossed[swing] = true;
        let block = block_candle(o, swing, i, bullish);
        // Bullish blocks on the candle right after the swing keep the package's initial values,
        // (top, bottom) = (low, high): inverted, reproduced as is.
        let (top, bottom) = if bullish && i - swing <= 1 {
            (o.low[block], o.high[block])
        } else {
            (o.high[block], o.low[block])
        };
        w.ob[block] = kind as i8;
        w.top[block] = top as f32;
        w.bottom[block] = bottom as f32;
        let v0 = o.volume[i];
        let v1 = if i >= 1 { o.volume[i - 1] } else { 0.0 };
        let v2 = if i >= 2 { o.volume[i - 2] } else { 0.0 };
        w.volume[block] = (v0 + v1 + v2) as f32;
        let (recent, older) = ((v0 + v1) as f32, v2 as f32);
        let max_vol = recent.max(older);
        w.percentage[block] = if max_vol != 0.0 {
            recent.min(older) / max_vol * 100.0f32
        } else {
            100.0
        };
        self.active.push(block);
        changes.push(ObChange::Formed(block));
    }
}

/// Order blocks, as `smc.ob(ohlc, swing_highs_lows, close_mitigation)`.
///
/// Bullish pass over the bars: first, each active block already flagged as a breaker is reset
/// (removed) once `high > top`; an unflagged one becomes a breaker when `low < bottom` (body
/// min with `close_mitigation`), with mitigated index = row - 1. Then, if the close crosses above
/// the most recent swing high (strictly before the row) not crossed yet, the block is the candle
/// with the lowest low strictly between that swing and the row (the last one on ties; the
/// previous candle when there is none), volume = volume of the row and the two before,
/// percentage = min(v[i]+v[i-1], v[i-2]) / max(..) * 100 in float32 arithmetic (100 when both
/// are 0). The bearish pass mirrors it (lowest swing low, highest high, mitigated index = row),
/// sharing the per-row arrays. The active lists keep duplicates like the package's Python lists.
pub fn ob(ohlc: &Ohlc<'_>, swings: SwingsView<'_>, options: ObOptions) -> Result<OrderBlocks> {
    let n = ohlc.len();
    let swings = SwingsView::new(swings.high_low, swings.level, n)?;
    let mut w = Work::with_len(n);
    let mut ignored = Vec::new();
    for bullish in [true, false] {
        let mut pass = Pass::new(bullish);
        for i in 0..n {
            pass.step(ohlc, swings.high_low, &mut w, i, options, &mut ignored);
            ignored.clear();
        }
    }
    let mut out = OrderBlocks::blank(n);
    for i in 0..n {
        w.write_row(i, &mut out);
    }
    Ok(out)
}

/// The candle of the block between `swing` and `row` (exclusive): lowest low (bullish) /
/// highest high (bearish), last on ties; the previous candle when the range is empty.
fn block_candle(o: &Ohlc<'_>, swing: usize, row: usize, bullish: bool) -> usize {
    if row - swing <= 1 {
        return row - 1;
    }
    let mut best = swing + 1;
    for k in (swing + 1)..row {
        let better = if bullish {
            o.low[k] <= o.low[best]
        } else {
            o.high[k] >= o.high[best]
        };
        if better {
            best = k;
        }
    }
    best
}

fn update_active(
    o: &Ohlc<'_>,
    w: &mut Work,
    active: &mut Vec<usize>,
    i: usize,
    options: ObOptions,
    bullish: bool,
    changes: &mut Vec<ObChange>,
) {
    // The package iterates a copy of the list and removes the first occurrence of a reset block.
    // Visiting the elements in order and dropping each one that resets is the same: duplicates
    // hold the same value, so which of them goes does not matter, and each is still processed
    // once, in order, seeing the effect of the earlier ones within this row.
    active.retain(|&idx| {
        if w.breaker[idx] {
            let invalidated = if bullish {
                o.high[i] > w.top[idx] as f64
            } else {
                o.low[i] < w.bottom[idx] as f64
            };
            if invalidated {
                w.reset(idx);
                changes.push(ObChange::Reset(idx));
                return false;
            }
        } else {
            let mitigated = if bullish {
                let probe = if options.close_mitigation {
                    o.open[i].min(o.close[i])
                } else {
                    o.low[i]
                };
                probe < w.bottom[idx] as f64
            } else {
                let probe = if options.close_mitigation {
                    o.open[i].max(o.close[i])
                } else {
                    o.high[i]
                };
                probe > w.top[idx] as f64
            };
            if mitigated {
                w.breaker[idx] = true;
                w.mitigated[idx] = if bullish && !options.bullish_mitigation_at_break {
                    i - 1
                } else {
                    i
                };
                changes.push(ObChange::Mitigated(idx, w.mitigated[idx]));
            }
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A swing high at row 1, a dip to 0.5 at row 3, a close above the swing at row 4 (bullish
    /// block = row 3), then a low below the block's bottom at row 6 (mitigated; reported as row 5
    /// by default, the package's `close_index - 1`), and a high above its top at row 7 (reset).
    #[test]
    fn bullish_block_mitigation_and_reset() {
        let open = [1.0, 1.5, 1.2, 0.9, 1.0, 2.0, 1.0, 1.0];
        let close = [1.5, 1.2, 0.9, 0.8, 2.5, 2.0, 0.5, 3.0];
        let high = [1.6, 2.0, 1.3, 1.0, 2.6, 2.1, 1.1, 3.1];
        let low = [0.9, 1.1, 0.8, 0.5, 0.9, 1.9, 0.4, 0.9];
        let volume = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let o = Ohlc::new(None, &open, &high, &low, &close, &volume).unwrap();
        let mut hl = [f64::NAN; 8];
        hl[1] = 1.0;
        let lv = hl.map(|x| if x == 1.0 { 2.0 } else { f64::NAN });
        let swings = SwingsView::new(&hl, &lv, 8).unwrap();

        let early = Ohlc::new(
            None,
            &open[..7],
            &high[..7],
            &low[..7],
            &close[..7],
            &volume[..7],
        )
        .unwrap();
        let r = ob(
            &early,
            SwingsView::new(&hl[..7], &lv[..7], 7).unwrap(),
            ObOptions::default(),
        )
        .unwrap();
        assert_eq!(r.ob[3], 1.0);
        assert_eq!((r.top[3], r.bottom[3]), (1.0, 0.5));
        assert_eq!(r.ob_volume[3], 5.0 + 4.0 + 3.0);
        assert_eq!(r.percentage[3], (3.0f32 / 9.0f32 * 100.0f32) as f64);
        assert_eq!(r.mitigated_index[3], 5.0);
        let fixed = ObOptions {
            bullish_mitigation_at_break: true,
            ..ObOptions::default()
        };
        let r = ob(
            &early,
            SwingsView::new(&hl[..7], &lv[..7], 7).unwrap(),
            fixed,
        )
        .unwrap();
        assert_eq!(r.mitigated_index[3], 6.0);

        // Row 7's high (3.1) clears the breaker's top: the block is removed.
        let r = ob(&o, swings, ObOptions::default()).unwrap();
        assert!(r.ob[3].is_nan());
    }
}
