//! `SmcStream`: swings, fair value gaps and BOS/CHoCH fed bar by bar.

use std::collections::VecDeque;

use super::fvg::{gap_at, mitigates};
use super::stream_structure::StructureTracker;
use super::swings::replaces;
use super::{check_swing_length, BosChoch, Fvg, Swings};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;

/// Options of [`SmcStream`] (same meaning and defaults as the batch functions).
#[derive(Debug, Clone, Copy)]
pub struct SmcStreamOptions {
    pub swing_length: i64,
    pub join_consecutive: bool,
    pub close_break: bool,
}

impl Default for SmcStreamOptions {
    fn default() -> Self {
        SmcStreamOptions {
            swing_length: 50,
            join_consecutive: false,
            close_break: true,
        }
    }
}

/// A confirmed event: once emitted it is part of the final (batch) result and never revoked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SmcEvent {
    /// A swing (+1 high / -1 low) at `row`. Rows 0 and n-1 get their end markers when they are
    /// knowable: row 0 with the first swing, row n-1 at [`SmcStream::finish`].
    Swing {
        row: usize,
        high_low: f64,
        level: f64,
    },
    /// A fair value gap whose middle candle is `row`.
    Fvg {
        row: usize,
        direction: f64,
        top: f64,
        bottom: f64,
    },
    /// The gap at `row` was traded into at `mitigated_index`.
    FvgMitigated { row: usize, mitigated_index: usize },
    /// A BOS or CHoCH at `row` (+1/-1 in `bos` or `choch`), broken at `broken_index`, that no
    /// later event can cancel any more.
    BosChoch {
        row: usize,
        bos: f64,
        choch: f64,
        level: f64,
        broken_index: usize,
    },
}

/// Incremental Smart Money Concepts: `push` one bar at a time and get the events that became
/// certain with it; [`SmcStream::finish`] closes the series. After `finish`, [`SmcStream::swings`],
/// [`SmcStream::fvg`] and [`SmcStream::bos_choch`] equal the batch functions on the same bars.
///
/// Latency: a swing candidate is known L bars after its row, and a swing is final when the run of
/// same-type candidates it belongs to ends (the first opposite candidate). A gap is known one bar
/// after its middle candle (with `join_consecutive`, when its run ends). A BOS/CHoCH is emitted
/// once it is broken and every swing that could produce an earlier-breaking later event (which
/// would cancel it, as in the package) is final.
#[derive(Debug, Clone)]
pub struct SmcStream {
    options: SmcStreamOptions,
    length: usize,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    max_window: VecDeque<usize>,
    min_window: VecDeque<usize>,
    open_run: Option<(usize, f64)>,
    swing_rows: Vec<usize>,
    swing_types: Vec<f64>,
    swing_levels: Vec<f64>,
    pending_gap: Option<(usize, f64, f64, f64)>,
    unmitigated: Vec<usize>,
    structure: StructureTracker,
    state_swings: Swings,
    state_fvg: Fvg,
    state_bos: BosChoch,
    finished: bool,
}

impl SmcStream {
    pub fn new(options: SmcStreamOptions) -> Result<Self> {
        let length = check_swing_length(options.swing_length)?;
        Ok(SmcStream {
            options,
            length,
            open: Vec::new(),
            high: Vec::new(),
            low: Vec::new(),
            close: Vec::new(),
            max_window: VecDeque::new(),
            min_window: VecDeque::new(),
            open_run: None,
            swing_rows: Vec::new(),
            swing_types: Vec::new(),
            swing_levels: Vec::new(),
            pending_gap: None,
            unmitigated: Vec::new(),
            structure: StructureTracker::new(options.close_break),
            state_swings: Swings {
                high_low: Vec::new(),
                level: Vec::new(),
            },
            state_fvg: Fvg {
                fvg: Vec::new(),
                top: Vec::new(),
                bottom: Vec::new(),
                mitigated_index: Vec::new(),
            },
            state_bos: BosChoch {
                bos: Vec::new(),
                choch: Vec::new(),
                level: Vec::new(),
                broken_index: Vec::new(),
            },
            finished: false,
        })
    }

    /// Number of bars pushed.
    pub fn len(&self) -> usize {
        self.close.len()
    }

    pub fn is_empty(&self) -> bool {
        self.close.is_empty()
    }

    /// Adds one bar (validated like batch input) and returns the events it made certain.
    pub fn push(&mut self, open: f64, high: f64, low: f64, close: f64) -> Result<Vec<SmcEvent>> {
        if self.finished {
            return Err(SmcError::InvalidState("push after finish".to_owned()));
        }
        let (o, h, l, c) = ([open], [high], [low], [close]);
        Ohlc::new(None, &o, &h, &l, &c, &[0.0]).map_err(|e| match e {
            SmcError::NonFinite { what, value, .. } => SmcError::NonFinite {
                what,
                index: self.len(),
                value,
            },
            other => other,
        })?;
        let t = self.len();
        self.open.push(open);
        self.high.push(high);
        self.low.push(low);
        self.close.push(close);
        self.grow_state();
        let mut events = Vec::new();
        self.advance_swings(t, &mut events);
        self.advance_fvg(t, &mut events);
        self.structure
            .advance(&bar_view(&self.open, &self.high, &self.low, &self.close), t);
        self.structure
            .settle(&self.swing_rows, false, &mut self.state_bos, &mut events);
        Ok(events)
    }

    /// Declares the series complete: emits the last swing run, the row n-1 end marker, the
    /// last joined gap and the structure events that could not be decided before the end.
    pub fn finish(&mut self) -> Vec<SmcEvent> {
        let mut events = Vec::new();
        if self.finished {
            return events;
        }
        self.finished = true;
        if let Some((row, kind)) = self.open_run.take() {
            self.confirm_swing(row, kind, &mut events);
        }
        if let Some(&last_type) = self.swing_types.last() {
            let row = self.len() - 1;
            self.append_swing(row, -last_type, &mut events);
        }
        if let Some(gap) = self.pending_gap.take() {
            self.emit_gap(gap, &mut events);
        }
        self.structure
            .settle(&self.swing_rows, true, &mut self.state_bos, &mut events);
        events
    }

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

    fn grow_state(&mut self) {
        for col in [
            &mut self.state_swings.high_low,
            &mut self.state_swings.level,
        ] {
            col.push(f64::NAN);
        }
        let f = &mut self.state_fvg;
        for col in [
            &mut f.fvg,
            &mut f.top,
            &mut f.bottom,
            &mut f.mitigated_index,
        ] {
            col.push(f64::NAN);
        }
        let b = &mut self.state_bos;
        for col in [&mut b.bos, &mut b.choch, &mut b.level, &mut b.broken_index] {
            col.push(f64::NAN);
        }
    }

    /// Candidate row t-L becomes decidable at bar t (its window is [t-2L+1, t]).
    fn advance_swings(&mut self, t: usize, events: &mut Vec<SmcEvent>) {
        let (high, low) = (&self.high, &self.low);
        while self.max_window.back().is_some_and(|&k| high[k] <= high[t]) {
            self.max_window.pop_back();
        }
        self.max_window.push_back(t);
        while self.min_window.back().is_some_and(|&k| low[k] >= low[t]) {
            self.min_window.pop_back();
        }
        self.min_window.push_back(t);
        let width = 2 * self.length;
        while self.max_window.front().is_some_and(|&k| k + width <= t) {
            self.max_window.pop_front();
        }
        while self.min_window.front().is_some_and(|&k| k + width <= t) {
            self.min_window.pop_front();
        }
        // The package's shifted rolling window needs row >= 2L-1, although the window itself
        // would exist from row L-1: rows before 2L-1 are never swings.
        if t < self.length || t - self.length < width - 1 {
            return;
        }
        let row = t - self.length;
        let kind = if high[row] == high[self.max_window[0]] {
            1.0
        } else if low[row] == low[self.min_window[0]] {
            -1.0
        } else {
            return;
        };
        match self.open_run {
            Some((kept, run_kind)) if run_kind == kind => {
                if replaces(kind, kept, row, high, low) {
                    self.open_run = Some((row, kind));
                }
            }
            previous => {
                if let Some((kept, run_kind)) = previous {
                    self.confirm_swing(kept, run_kind, events);
                }
                self.open_run = Some((row, kind));
            }
        }
    }

    /// A run closed: its extreme is a final swing (preceded by the row-0 marker if first).
    fn confirm_swing(&mut self, row: usize, kind: f64, events: &mut Vec<SmcEvent>) {
        if self.swing_rows.is_empty() {
            self.append_swing(0, -kind, events);
        }
        self.append_swing(row, kind, events);
    }

    fn append_swing(&mut self, row: usize, kind: f64, events: &mut Vec<SmcEvent>) {
        let level = if kind == 1.0 {
            self.high[row]
        } else {
            self.low[row]
        };
        self.state_swings.high_low[row] = kind;
        self.state_swings.level[row] = level;
        events.push(SmcEvent::Swing {
            row,
            high_low: kind,
            level,
        });
        self.swing_rows.push(row);
        self.swing_types.push(kind);
        self.swing_levels.push(level);
        let bars = bar_view(&self.open, &self.high, &self.low, &self.close);
        self.structure.on_swing(
            &self.swing_rows,
            &self.swing_types,
            &self.swing_levels,
            &bars,
        );
    }

    fn advance_fvg(&mut self, t: usize, events: &mut Vec<SmcEvent>) {
        if t >= 2 {
            let o = bar_view(&self.open, &self.high, &self.low, &self.close);
            let gap = gap_at(&o, t - 1).map(|(d, top, bottom)| (t - 1, d, top, bottom));
            if !self.options.join_consecutive {
                if let Some(g) = gap {
                    self.emit_gap(g, events);
                }
            } else {
                match (self.pending_gap, gap) {
                    (Some(p), Some(g)) if p.1 == g.1 => {
                        self.pending_gap = Some((g.0, g.1, p.2.max(g.2), p.3.min(g.3)));
                    }
                    (pending, next) => {
                        if let Some(p) = pending {
                            self.emit_gap(p, events);
                        }
                        self.pending_gap = next;
                    }
                }
            }
        }
        // Gaps at rows <= t-2 can be mitigated by bar t.
        let o = bar_view(&self.open, &self.high, &self.low, &self.close);
        let f = &mut self.state_fvg;
        self.unmitigated.retain(|&row| {
            if row + 2 > t || !mitigates(&o, t, f.fvg[row], f.top[row], f.bottom[row]) {
                return true;
            }
            f.mitigated_index[row] = t as f64;
            events.push(SmcEvent::FvgMitigated {
                row,
                mitigated_index: t,
            });
            false
        });
    }

    fn emit_gap(
        &mut self,
        (row, direction, top, bottom): (usize, f64, f64, f64),
        events: &mut Vec<SmcEvent>,
    ) {
        let f = &mut self.state_fvg;
        f.fvg[row] = direction;
        f.top[row] = top;
        f.bottom[row] = bottom;
        f.mitigated_index[row] = 0.0;
        self.unmitigated.push(row);
        events.push(SmcEvent::Fvg {
            row,
            direction,
            top,
            bottom,
        });
    }
}

/// The stream's bars as an (unvalidated: each bar was validated on push) OHLC view; volume is
/// not used by the streamed functions.
fn bar_view<'a>(open: &'a [f64], high: &'a [f64], low: &'a [f64], close: &'a [f64]) -> Ohlc<'a> {
    Ohlc {
        time: None,
        open,
        high,
        low,
        close,
        volume: &[],
    }
}
