//! Binance websocket captures: one message per line, `<local receive ns> <json>`, optionally
//! gzip-compressed (the format of `../shared/data/binance-btcusdt-l2`), read into columnar
//! [`CaptureBatch`]es.
//!
//! A batch holds one row per message (kind, line, clocks, update ids, quote and trade fields) and
//! one row per price level (side, price, quantity), with each message's `[start, end)` level
//! range, so a replay hands whole batches to the book and the simulated exchange
//! ([`apply_to_book`], [`apply_to_venue`]) without building per-message lists. Lines that are not
//! valid messages either stop the reader with an error naming the line, or are skipped and
//! recorded with their reason ([`OnInvalid`]). [`Prefetch`] moves the reading to a background
//! thread.
//!
//! ```
//! use smc_core::data::capture::{CaptureBatch, CaptureReader, MessageKind, OnInvalid, ReaderOptions};
//! let text = concat!(
//!     "1723161254087891268 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":12,\"s\":\"BTCUSDT\",\"b\":\"100.00\",\"B\":\"1.5\",\"a\":\"100.02\",\"A\":\"2\"}}\n",
//!     "1723161254087896568 not json\n",
//!     "1723161254100000000 {\"lastUpdateId\":11,\"bids\":[[\"99.99\",\"1\"]],\"asks\":[[\"100.02\",\"2\"]]}\n",
//! );
//! let options = ReaderOptions { on_invalid: OnInvalid::Skip, ..Default::default() };
//! let mut reader = CaptureReader::from_reader("inline", text.as_bytes(), options).unwrap();
//! let mut batch = CaptureBatch::default();
//! assert!(reader.read_batch(&mut batch, 1024).unwrap());
//! assert_eq!(batch.kind, [MessageKind::Quote, MessageKind::Snapshot]);
//! assert_eq!(batch.bid_price[0], 100.0);
//! assert_eq!((batch.line[1], batch.level_ranges(1)), (3, (0..1, 1..2)));
//! assert_eq!(batch.rejects[0].line, 2);
//! assert!(!reader.read_batch(&mut batch, 1024).unwrap());
//! ```

mod batch;
mod parse;
mod prefetch;
mod reader;
mod replay;

pub use batch::{CaptureBatch, MessageKind, Reject, RejectReason, NO_SYMBOL};
pub use prefetch::Prefetch;
pub use reader::{CaptureReader, OnInvalid, ReaderOptions};
pub use replay::{apply_to_book, apply_to_venue, BookApply, ReplayScratch};

#[cfg(test)]
mod tests;
