//! L2 order book: exact integer-tick price levels, snapshot + incremental diffs, Binance
//! depth-sync with gap detection, and book queries (best bid/ask, mid, spread, top N, depth
//! within a distance, walk-the-book fill cost, depth-weighted imbalance).
//!
//! ```
//! use smc_core::book::{DiffIds, Level, OrderBook, SequenceRule, Side, TickSize};
//! let tick = TickSize::parse("0.01").unwrap();
//! let mut book = OrderBook::new(tick, SequenceRule::Spot);
//! let p = |s: &str| tick.parse_ticks(s).unwrap();
//! book.apply_snapshot(100, &[Level::new(p("100.00"), 5.0)], &[Level::new(p("100.02"), 4.0)]).unwrap();
//! let ids = DiffIds { first: 99, last: 101, prev_last: None };
//! book.apply_diff(ids, &[Level::new(p("100.01"), 3.0)], &[]).unwrap();
//! assert_eq!(book.best_bid().unwrap().ticks, p("100.01"));
//! assert_eq!(book.walk(Side::Ask, 2.0).unwrap().avg_price, 100.02);
//! ```

mod batch;
mod ladder;
mod order_book;
mod price;
mod sync;

pub use batch::{apply_columns, BatchSummary, DeltaColumns, TopOfBook};
pub use order_book::{ApplyOutcome, DiffIds, Fill, Level, OrderBook, SequenceRule, Side};
pub use price::TickSize;
pub use sync::{DepthSync, SyncOutcome};
