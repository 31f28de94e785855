//! Options, input bar and events of [`super::SmcStream`].

use super::{ObOptions, PreviousHighLowOptions, SessionOptions};

/// Options of [`super::SmcStream`] (same meaning and defaults as the batch functions).
#[derive(Debug, Clone, Copy)]
pub struct SmcStreamOptions {
    pub swing_length: i64,
    pub join_consecutive: bool,
    pub close_break: bool,
    /// Options of `ob` (`close_mitigation`, `bullish_mitigation_at_break`).
    pub ob: ObOptions,
    /// `liquidity`'s `range_percent` (finite, >= 0; default 0.01).
    pub range_percent: f64,
    /// Streams `previous_high_low` with these options; every bar must then carry a time.
    pub previous_high_low: Option<PreviousHighLowOptions>,
    /// Streams `sessions` with these options; every bar must then carry a time.
    pub sessions: Option<SessionOptions>,
}

impl Default for SmcStreamOptions {
    fn default() -> Self {
        SmcStreamOptions {
            swing_length: 50,
            join_consecutive: false,
            close_break: true,
            ob: ObOptions::default(),
            range_percent: 0.01,
            previous_high_low: None,
            sessions: None,
        }
    }
}

/// One bar for [`super::SmcStream::push_bar`]: `time` (epoch ms) is needed by sessions and
/// previous high/low only, `volume` by order blocks only.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StreamBar {
    pub time: Option<f64>,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

/// An event of [`super::SmcStream`]. Swing, gap, BOS/CHoCH and liquidity events are final (part
/// of the batch result, never revoked). Order-block events are the transitions of the package's
/// passes, emitted as soon as the swings they need are final; a block's final cells are its
/// state after the last bar (a later bar can mitigate or remove it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SmcEvent {
    /// A swing (+1 high / -1 low) at `row`. Rows 0 and n-1 get their end markers when they are
    /// knowable: row 0 with the first swing, row n-1 at [`super::SmcStream::finish`].
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
    /// An order block (`ob` +1 bullish / -1 bearish) formed on candle `row`.
    Ob {
        row: usize,
        ob: f64,
        top: f64,
        bottom: f64,
        ob_volume: f64,
        percentage: f64,
    },
    /// The block at `row` (of pass `direction`) became a breaker, mitigated at
    /// `mitigated_index` (the package's index: the row before the candle for bullish blocks
    /// unless `bullish_mitigation_at_break`).
    ObMitigated {
        row: usize,
        direction: f64,
        mitigated_index: usize,
    },
    /// The breaker at `row` (of pass `direction`) was invalidated: its cells are cleared.
    ObReset { row: usize, direction: f64 },
    /// A liquidity pool at `row` (emitted at `finish`: the band depends on the whole input).
    Liquidity {
        row: usize,
        liquidity: f64,
        level: f64,
        end: usize,
        swept: usize,
    },
}
