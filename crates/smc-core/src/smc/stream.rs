//! `SmcStream`: the eight SMC functions fed bar by bar.

use std::collections::VecDeque;

use super::stream_causal::{PreviousHighLowTracker, SessionTracker};
use super::stream_lookahead::{liquidity_at_end, ObTracker, RetracementTracker};
use super::stream_structure::StructureTracker;
pub use super::stream_types::{SmcEvent, SmcStreamOptions, StreamBar};

#[path = "stream_access.rs"]
mod access;
#[path = "stream_gaps.rs"]
mod gaps;
use super::swings::replaces;
use super::{check_swing_length, BosChoch, Fvg, Liquidity, Swings, SwingsView};
use crate::error::{Result, SmcError};
use crate::ohlc::Ohlc;

/// Incremental Smart Money Concepts: `push` one bar at a time and get the events that became
/// certain with it; [`SmcStream::finish`] closes the series. After `finish`, every accessor
/// equals its batch function on the same bars (and the stream's swings).
///
/// Latency: a swing candidate is known L bars after its row, and a swing is final when the run of
/// same-type candidates it belongs to ends (the first opposite candidate). A gap is known one bar
/// after its middle candle (with `join_consecutive`, when its run ends). A BOS/CHoCH is emitted
/// once it is broken and every swing that could produce an earlier-breaking later event (which
/// would cancel it, as in the package) is final. Sessions and previous high/low rows are final
/// when their bar is pushed. Order blocks and retracements advance with the final swings; the
/// cells the package decides with later bars are provisional until `finish` (see
/// [`SmcStream::retracement_is_final`], [`SmcStream::ob_is_final`]). Liquidity is computed at
/// `finish` only, its band being the whole input's range.
///
/// Cost per bar: O(1) amortised for swings, gaps (plus the unmitigated gaps scanned), sessions,
/// previous high/low and retracements; order blocks scan their active blocks per bar, as the
/// package does; BOS/CHoCH scans its waiting structures. `finish` is O(n) for retracements (the
/// roll), liquidity (the package's clustering) and, when a candle is both a bullish and a
/// bearish block, order blocks (a replay of the bearish pass).
#[derive(Debug, Clone)]
pub struct SmcStream {
    options: SmcStreamOptions,
    length: usize,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    time: Vec<f64>,
    volume: Vec<f64>,
    run_start: usize,
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
    pub(super) order_blocks: ObTracker,
    retracements: RetracementTracker,
    sessions: Option<SessionTracker>,
    previous: Option<PreviousHighLowTracker>,
    state_liquidity: Option<Liquidity>,
    finished: bool,
}

impl SmcStream {
    /// A stream with validated options (`swing_length` >= 1, `range_percent` finite >= 0).
    pub fn new(options: SmcStreamOptions) -> Result<Self> {
        let length = check_swing_length(options.swing_length)?;
        let rp = options.range_percent;
        if !rp.is_finite() || rp < 0.0 {
            return Err(SmcError::out_of_range(
                "rangePercent",
                rp,
                "a finite number >= 0",
            ));
        }
        Ok(SmcStream {
            options,
            length,
            open: Vec::new(),
            high: Vec::new(),
            low: Vec::new(),
            close: Vec::new(),
            time: Vec::new(),
            volume: Vec::new(),
            run_start: 0,
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
            order_blocks: ObTracker::new(options.ob),
            retracements: RetracementTracker::default(),
            sessions: options.sessions.map(SessionTracker::new),
            previous: options.previous_high_low.map(PreviousHighLowTracker::new),
            state_liquidity: None,
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

    /// Adds one bar without time and with volume 0 (see [`SmcStream::push_bar`]).
    pub fn push(&mut self, open: f64, high: f64, low: f64, close: f64) -> Result<Vec<SmcEvent>> {
        self.push_bar(StreamBar {
            time: None,
            open,
            high,
            low,
            close,
            volume: 0.0,
        })
    }

    /// Adds one bar (validated like batch input: finite, high >= low, times non-decreasing and
    /// required when sessions or previous high/low are streamed) and returns the events it made
    /// certain.
    pub fn push_bar(&mut self, bar: StreamBar) -> Result<Vec<SmcEvent>> {
        if self.finished {
            return Err(SmcError::InvalidState("push after finish".to_owned()));
        }
        self.validate(&bar)?;
        let t = self.len();
        self.open.push(bar.open);
        self.high.push(bar.high);
        self.low.push(bar.low);
        self.close.push(bar.close);
        self.volume.push(bar.volume);
        if let Some(time) = bar.time {
            self.time.push(time);
            if let Some(s) = &mut self.sessions {
                s.push(time, bar.high, bar.low);
            }
            if let Some(p) = &mut self.previous {
                p.push(time, bar.high, bar.low);
            }
        }
        self.grow_state();
        let mut events = Vec::new();
        self.advance_swings(t, &mut events);
        self.advance_fvg(t, &mut events);
        let bars = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
        self.structure.advance(&bars, t);
        self.structure
            .settle(&self.swing_rows, false, &mut self.state_bos, &mut events);
        let frontier = self.frontier();
        let swings = SwingsView {
            high_low: &self.state_swings.high_low,
            level: &self.state_swings.level,
        };
        self.order_blocks
            .advance(&bars, swings.high_low, frontier, &mut events);
        self.retracements.advance(&bars, swings, frontier);
        Ok(events)
    }

    /// Rows before the frontier have final swing cells: every candidate up to there is decided
    /// (row r is decided at bar r+L), no open run starts before it, and row 0's marker is set
    /// (with the first swing).
    fn frontier(&self) -> usize {
        if self.swing_rows.is_empty() {
            return 0;
        }
        let decided = (self.len() + 1).saturating_sub(self.length);
        match self.open_run {
            Some(_) => decided.min(self.run_start),
            None => decided,
        }
    }

    fn swings_view(&self) -> SwingsView<'_> {
        SwingsView {
            high_low: &self.state_swings.high_low,
            level: &self.state_swings.level,
        }
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
        let bars = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
        let swings = SwingsView {
            high_low: &self.state_swings.high_low,
            level: &self.state_swings.level,
        };
        self.order_blocks
            .finish(&bars, swings.high_low, &mut events);
        self.retracements.finish(&bars, swings);
        if !bars.is_empty() {
            let pools = liquidity_at_end(&bars, swings, self.options.range_percent, &mut events);
            self.state_liquidity = Some(pools);
        }
        events
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
        self.order_blocks.grow();
        self.retracements.grow();
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
                self.run_start = row;
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
        let bars = bar_view(&self.open, &self.high, &self.low, &self.close, &self.volume);
        self.structure.on_swing(
            &self.swing_rows,
            &self.swing_types,
            &self.swing_levels,
            &bars,
        );
    }
}

/// The stream's bars as an (unvalidated: each bar was validated on push) OHLC view; time is
/// not read by the functions that take this view.
pub(super) fn bar_view<'a>(
    open: &'a [f64],
    high: &'a [f64],
    low: &'a [f64],
    close: &'a [f64],
    volume: &'a [f64],
) -> Ohlc<'a> {
    Ohlc {
        time: None,
        open,
        high,
        low,
        close,
        volume,
    }
}
