//! Binance's depth-sync procedure around an [`OrderBook`]: diffs that arrive before the REST
//! snapshot are buffered, then replayed through the book's sequence checks once it lands.
//!
//! Procedure (Binance "How to manage a local order book correctly", spot and USDT-M futures):
//! 1. open the diff stream and buffer its events;
//! 2. fetch a depth snapshot (`lastUpdateId` = L); if L is older than the first buffered event
//!    (`L + 1 < U`), fetch again;
//! 3. drop buffered events with `u <= L` (futures: `u < L`);
//! 4. the first remaining event must span the snapshot (`U <= L+1 <= u`; futures `U <= L <= u`);
//! 5. then every event must follow the previous one (`U == u_prev + 1`; futures `pu == u_prev`),
//!    otherwise restart from step 2.
//!
//! Steps 3 to 5 are [`OrderBook::apply_diff`]'s checks; this type adds the buffer (1, 2).

use super::order_book::{ApplyOutcome, DiffIds, Level, OrderBook, SequenceRule};
use super::price::TickSize;
use crate::error::{Result, SmcError};

/// What happened to a diff given to [`DepthSync::on_diff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Kept until the snapshot arrives.
    Buffered,
    Applied,
    /// Older than the snapshot, dropped.
    Stale,
}

#[derive(Debug, Clone)]
struct PendingDiff {
    ids: DiffIds,
    bids: Vec<Level>,
    asks: Vec<Level>,
}

fn split_levels(sides: &[u8], ticks: &[i64], qtys: &[f64]) -> (Vec<Level>, Vec<Level>) {
    let (mut bids, mut asks) = (Vec::new(), Vec::new());
    for ((&s, &t), &q) in sides.iter().zip(ticks).zip(qtys) {
        if s == 0 { &mut bids } else { &mut asks }.push(Level::new(t, q));
    }
    (bids, asks)
}

/// An order book kept in sync with a Binance diff stream plus REST snapshots.
#[derive(Debug, Clone)]
pub struct DepthSync {
    book: OrderBook,
    pending: Vec<PendingDiff>,
    max_pending: usize,
}

impl DepthSync {
    /// `max_pending` bounds the pre-snapshot buffer (oldest events are dropped beyond it; the
    /// snapshot check then asks for a newer snapshot if needed).
    pub fn new(tick: TickSize, rule: SequenceRule, max_pending: usize) -> Self {
        DepthSync {
            book: OrderBook::new(tick, rule),
            pending: Vec::new(),
            max_pending: max_pending.max(1),
        }
    }

    pub fn book(&self) -> &OrderBook {
        &self.book
    }

    /// Mutable access for unsequenced edits (simulators).
    pub fn book_mut(&mut self) -> &mut OrderBook {
        &mut self.book
    }

    /// Number of diffs waiting for a snapshot.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Feeds one diff event: buffered before the first snapshot (and after a resync reset),
    /// applied afterwards.
    ///
    /// # Errors
    /// Those of [`OrderBook::apply_diff`]; a `ResyncRequired` switches back to buffering, so the
    /// caller only has to fetch a new snapshot and keep feeding diffs.
    pub fn on_diff(&mut self, ids: DiffIds, bids: &[Level], asks: &[Level]) -> Result<SyncOutcome> {
        if self.book.is_synced() {
            return match self.book.apply_diff(ids, bids, asks) {
                Ok(ApplyOutcome::Applied) => Ok(SyncOutcome::Applied),
                Ok(ApplyOutcome::Stale) => Ok(SyncOutcome::Stale),
                Err(e @ SmcError::ResyncRequired(_)) => {
                    // Keep this event: it may be the one spanning the next snapshot.
                    self.buffer(ids, bids, asks);
                    Err(e)
                }
                Err(e) => Err(e),
            };
        }
        if ids.last < ids.first {
            return Err(SmcError::InvalidInput(format!(
                "diff final update id {} is below its first update id {}",
                ids.last, ids.first
            )));
        }
        if let Some(prev) = self.pending.last() {
            if ids.first <= prev.ids.last {
                return Err(SmcError::Unordered(format!(
                    "buffered diff [{}, {}] does not follow [{}, {}]",
                    ids.first, ids.last, prev.ids.first, prev.ids.last
                )));
            }
        }
        self.buffer(ids, bids, asks);
        Ok(SyncOutcome::Buffered)
    }

    /// [`on_diff`](Self::on_diff) for one event given as columns (`sides` 0 = bid, 1 = ask);
    /// the synced path applies the columns directly without building level vectors.
    pub fn on_diff_columns(
        &mut self,
        ids: DiffIds,
        sides: &[u8],
        ticks: &[i64],
        qtys: &[f64],
    ) -> Result<SyncOutcome> {
        if self.book.is_synced() {
            return match self.book.apply_diff_columns(Some(ids), sides, ticks, qtys) {
                Ok(ApplyOutcome::Applied) => Ok(SyncOutcome::Applied),
                Ok(ApplyOutcome::Stale) => Ok(SyncOutcome::Stale),
                Err(e @ SmcError::ResyncRequired(_)) => {
                    let (bids, asks) = split_levels(sides, ticks, qtys);
                    self.buffer(ids, &bids, &asks);
                    Err(e)
                }
                Err(e) => Err(e),
            };
        }
        let (bids, asks) = split_levels(sides, ticks, qtys);
        self.on_diff(ids, &bids, &asks)
    }

    fn buffer(&mut self, ids: DiffIds, bids: &[Level], asks: &[Level]) {
        if self.pending.len() == self.max_pending {
            self.pending.remove(0);
        }
        self.pending.push(PendingDiff {
            ids,
            bids: bids.to_vec(),
            asks: asks.to_vec(),
        });
    }

    /// Applies a REST snapshot, then replays the buffered diffs through the sequence checks.
    /// Returns the number of buffered diffs applied.
    ///
    /// # Errors
    /// `ResyncRequired` when the snapshot is older than the oldest buffered diff (fetch a newer
    /// one; the buffer is kept) or when the buffered diffs do not link up; `CrossedBook` and
    /// quantity errors as in [`OrderBook::apply_snapshot`].
    pub fn on_snapshot(
        &mut self,
        last_update_id: u64,
        bids: &[Level],
        asks: &[Level],
    ) -> Result<usize> {
        if let Some(first) = self.pending.first() {
            if last_update_id + 1 < first.ids.first {
                return Err(SmcError::ResyncRequired(format!(
                    "snapshot {last_update_id} is older than the first buffered diff (U = {}); fetch a newer snapshot",
                    first.ids.first
                )));
            }
        }
        self.book.apply_snapshot(last_update_id, bids, asks)?;
        let pending = std::mem::take(&mut self.pending);
        let mut applied = 0;
        for (k, diff) in pending.iter().enumerate() {
            match self.book.apply_diff(diff.ids, &diff.bids, &diff.asks) {
                Ok(ApplyOutcome::Applied) => applied += 1,
                Ok(ApplyOutcome::Stale) => {}
                Err(e) => {
                    if matches!(e, SmcError::ResyncRequired(_)) {
                        self.pending = pending[k..].to_vec();
                    }
                    return Err(e);
                }
            }
        }
        Ok(applied)
    }
}
