//! Columnar replay of many diff events in one call (the SDK's batch API).
//!
//! Rows are level deltas (`side`, price in ticks, `qty`); events group consecutive rows and carry
//! the sequence ids. Every row is validated before anything is applied, so bad input never leaves
//! a half-applied batch; sequence and crossing errors stop the replay at the offending event,
//! with the events before it applied (the error message names the event).

use super::order_book::{DiffIds, Level, Side};
use super::sync::{DepthSync, SyncOutcome};
use crate::error::{check, Result, SmcError};

/// A batch of level deltas as columns.
#[derive(Debug, Clone, Copy)]
pub struct DeltaColumns<'a> {
    /// 0 = bid, 1 = ask, per row.
    pub sides: &'a [u8],
    /// Price in ticks, per row.
    pub ticks: &'a [i64],
    /// New absolute quantity (0 removes), per row.
    pub qtys: &'a [f64],
    /// Exclusive end row of each event, increasing, the last equal to the row count. `None`: the
    /// whole batch is one event.
    pub event_end: Option<&'a [u32]>,
    /// Per-event sequence ids; `None` applies the rows without sequence checks.
    pub ids: Option<&'a [DiffIds]>,
}

/// Totals of a batch replay.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub events: usize,
    pub applied: usize,
    pub stale: usize,
    pub buffered: usize,
}

/// The top of book after each event (NaN while the book is not synced).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopOfBook {
    pub bid: Vec<f64>,
    pub bid_qty: Vec<f64>,
    pub ask: Vec<f64>,
    pub ask_qty: Vec<f64>,
}

fn at_event(k: usize, err: SmcError) -> SmcError {
    let ctx = |m: String| format!("event {k}: {m}");
    match err {
        SmcError::ResyncRequired(m) => SmcError::ResyncRequired(ctx(m)),
        SmcError::CrossedBook(m) => SmcError::CrossedBook(ctx(m)),
        SmcError::Unordered(m) => SmcError::Unordered(ctx(m)),
        SmcError::InvalidInput(m) => SmcError::InvalidInput(ctx(m)),
        SmcError::InvalidState(m) => SmcError::InvalidState(ctx(m)),
        other => other,
    }
}

impl DeltaColumns<'_> {
    fn validate(&self) -> Result<Vec<usize>> {
        let n = self.sides.len();
        check::same_len("priceTicks", n, self.ticks.len())?;
        check::same_len("qty", n, self.qtys.len())?;
        if let Some(i) = self.sides.iter().position(|&s| s > 1) {
            return Err(SmcError::InvalidInput(format!(
                "side[{i}] = {}: expected 0 (bid) or 1 (ask)",
                self.sides[i]
            )));
        }
        check::finite("qty", self.qtys)?;
        if let Some(&q) = self.qtys.iter().find(|&&q| q < 0.0) {
            return Err(SmcError::out_of_range("qty", q, "a quantity >= 0"));
        }
        let ends: Vec<usize> = match self.event_end {
            Some(e) => e.iter().map(|&x| x as usize).collect(),
            None => vec![n],
        };
        let mut prev = 0;
        for (k, &e) in ends.iter().enumerate() {
            if e < prev || e > n {
                return Err(SmcError::InvalidInput(format!(
                    "eventEnd[{k}] = {e} must be non-decreasing and at most the row count {n}"
                )));
            }
            prev = e;
        }
        if prev != n {
            return Err(SmcError::InvalidInput(format!(
                "the last eventEnd ({prev}) must equal the row count ({n})"
            )));
        }
        if let Some(ids) = self.ids {
            check::same_len("update ids (one per event)", ends.len(), ids.len())?;
        }
        Ok(ends)
    }
}

/// Replays `cols` into `sync` event by event. With `top`, records the top of book after each
/// event.
///
/// # Errors
/// Validation errors before anything is applied; then the first sequence/crossing error, prefixed
/// with its event index.
pub fn apply_columns(
    sync: &mut DepthSync,
    cols: &DeltaColumns,
    mut top: Option<&mut TopOfBook>,
) -> Result<BatchSummary> {
    let ends = cols.validate()?;
    let mut summary = BatchSummary {
        events: ends.len(),
        ..Default::default()
    };
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        let (s, t, q) = (
            &cols.sides[start..end],
            &cols.ticks[start..end],
            &cols.qtys[start..end],
        );
        let outcome = match cols.ids {
            Some(ids) => sync.on_diff_columns(ids[k], s, t, q),
            None => sync
                .book_mut()
                .apply_diff_columns(None, s, t, q)
                .map(|_| SyncOutcome::Applied),
        };
        let outcome = outcome.map_err(|e| at_event(k, e))?;
        match outcome {
            SyncOutcome::Applied => summary.applied += 1,
            SyncOutcome::Stale => summary.stale += 1,
            SyncOutcome::Buffered => summary.buffered += 1,
        }
        if let Some(top) = top.as_deref_mut() {
            let book = sync.book();
            let tick = book.tick_size();
            let synced = book.is_synced() || cols.ids.is_none();
            let px = |l: Option<Level>| {
                l.filter(|_| synced).map_or((f64::NAN, f64::NAN), |l| {
                    (tick.ticks_to_price(l.ticks), l.qty)
                })
            };
            let (b, bq) = px(book.best(Side::Bid));
            let (a, aq) = px(book.best(Side::Ask));
            top.bid.push(b);
            top.bid_qty.push(bq);
            top.ask.push(a);
            top.ask_qty.push(aq);
        }
        start = end;
    }
    Ok(summary)
}
