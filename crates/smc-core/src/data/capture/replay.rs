//! Applies a capture message straight from its batch rows, so a replay never builds per-message
//! level lists in the caller's language: to the depth-synced order book, and to the simulated
//! exchange's replayed book.
//!
//! Prices are converted to ticks with [`TickSize::price_to_ticks`], as the book and the venue do
//! for prices given as numbers, so both paths give the same book.

use super::batch::{CaptureBatch, MessageKind};
use crate::book::{DepthSync, DiffIds, Level, SyncOutcome, TickSize};
use crate::error::{Result, SmcError};
use crate::exchange::{row, MarketBatch, SimVenue};

/// What [`apply_to_book`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookApply {
    /// A diff, with its sync outcome.
    Diff(SyncOutcome),
    /// A snapshot, with the number of buffered diffs it replayed.
    Snapshot(usize),
}

/// Reusable buffers of the replay calls.
#[derive(Debug, Default)]
pub struct ReplayScratch {
    kind: Vec<u8>,
    ts: Vec<i64>,
    ticks: Vec<i64>,
    qty: Vec<f64>,
}

fn message(batch: &CaptureBatch, i: usize) -> Result<MessageKind> {
    batch.kind.get(i).copied().ok_or_else(|| {
        SmcError::out_of_range(
            "message",
            i as f64,
            &format!("an index below {}", batch.len()),
        )
    })
}

fn levels(tick: &TickSize, batch: &CaptureBatch, r: std::ops::Range<usize>) -> Result<Vec<Level>> {
    r.map(|k| {
        Ok(Level::new(
            tick.price_to_ticks(batch.level_price[k])?,
            batch.level_qty[k],
        ))
    })
    .collect()
}

fn id(x: f64) -> u64 {
    // The parser checked ids are safe integers >= 0.
    x as u64
}

/// Applies message `i` (a depth diff or a REST snapshot) to a depth-synced book.
///
/// # Errors
/// `InvalidInput` for a quote or trade message or a price off the tick grid; otherwise those of
/// [`DepthSync::on_diff`] and [`DepthSync::on_snapshot`].
pub fn apply_to_book(
    sync: &mut DepthSync,
    batch: &CaptureBatch,
    i: usize,
    scratch: &mut ReplayScratch,
) -> Result<BookApply> {
    let tick = sync.book().tick_size();
    let (bids, asks) = match message(batch, i)? {
        MessageKind::Depth | MessageKind::Snapshot => batch.level_ranges(i),
        k => {
            return Err(SmcError::invalid(format!(
                "message {i} is a {k:?}, not a book event"
            )))
        }
    };
    if batch.kind[i] == MessageKind::Snapshot {
        let (b, a) = (levels(&tick, batch, bids)?, levels(&tick, batch, asks)?);
        return sync
            .on_snapshot(id(batch.last_update_id[i]), &b, &a)
            .map(BookApply::Snapshot);
    }
    let all = bids.start..asks.end;
    scratch.ticks.clear();
    for k in all.clone() {
        scratch
            .ticks
            .push(tick.price_to_ticks(batch.level_price[k])?);
    }
    let prev = batch.prev_update_id[i];
    let ids = DiffIds {
        first: id(batch.first_update_id[i]),
        last: id(batch.last_update_id[i]),
        prev_last: (!prev.is_nan()).then(|| id(prev)),
    };
    sync.on_diff_columns(
        ids,
        &batch.level_side[all.clone()],
        &scratch.ticks,
        &batch.level_qty[all],
    )
    .map(BookApply::Diff)
}

/// Replays message `i` into an L2 simulated venue at `ts_ns`: a snapshot replaces its book; a
/// diff's levels (bids, then asks) and a trade become market rows; a quote changes nothing
/// (the venue's book comes from depth data). A diff without levels is not sent at all, so it
/// does not move the venue clock.
///
/// # Errors
/// `InvalidState` for a venue in bar mode, `InvalidInput` for a price off the tick grid;
/// otherwise those of [`SimVenue::on_snapshot`] and
/// [`SimVenue::on_market_batch`].
pub fn apply_to_venue(
    venue: &mut SimVenue,
    batch: &CaptureBatch,
    i: usize,
    ts_ns: i64,
    scratch: &mut ReplayScratch,
) -> Result<()> {
    let kind = message(batch, i)?;
    let tick = &venue.book()?.tick_size();
    let s = scratch;
    s.kind.clear();
    s.ticks.clear();
    s.qty.clear();
    match kind {
        MessageKind::Quote => return Ok(()),
        MessageKind::Snapshot => {
            let (bids, asks) = batch.level_ranges(i);
            let (b, a) = (levels(tick, batch, bids)?, levels(tick, batch, asks)?);
            return venue.on_snapshot(ts_ns, &b, &a);
        }
        MessageKind::Depth => {
            let (bids, asks) = batch.level_ranges(i);
            for k in bids.start..asks.end {
                s.kind.push(if batch.level_side[k] == 0 {
                    row::BID
                } else {
                    row::ASK
                });
                s.ticks.push(tick.price_to_ticks(batch.level_price[k])?);
                s.qty.push(batch.level_qty[k]);
            }
            if s.kind.is_empty() {
                return Ok(());
            }
        }
        MessageKind::Trade => {
            s.kind.push(if batch.aggressor[i] == 1 {
                row::TRADE_SELL
            } else {
                row::TRADE_BUY
            });
            s.ticks.push(tick.price_to_ticks(batch.price[i])?);
            s.qty.push(batch.qty[i]);
        }
    }
    s.ts.clear();
    s.ts.resize(s.kind.len(), ts_ns);
    venue
        .on_market_batch(&MarketBatch {
            kind: &s.kind,
            ts_ns: &s.ts,
            ticks: &s.ticks,
            qty: &s.qty,
        })
        .map(drop)
}
