//! Bindings of `smc_core::book`: the streaming order book (with Binance depth sync) and its
//! columnar batch replay.

use napi::bindgen_prelude::{Either, Float64Array, Uint32Array, Uint8Array};
use napi_derive::napi;
use smc_core::book::{self, DepthSync, DiffIds, Level, SequenceRule, Side, SyncOutcome, TickSize};
use smc_core::data::capture::{apply_to_book, BookApply, ReplayScratch};
use smc_core::error::check;
use smc_core::SmcError;

use crate::capture::JsCaptureBatch;
use crate::error::{guard, Result};

fn tick_size(t: &Either<String, f64>) -> smc_core::Result<TickSize> {
    match t {
        Either::A(s) => TickSize::parse(s),
        Either::B(x) => TickSize::from_f64(*x),
    }
}

fn side(name: &str) -> smc_core::Result<Side> {
    match name {
        "bid" | "bids" | "buy" => Ok(Side::Bid),
        "ask" | "asks" | "sell" => Ok(Side::Ask),
        other => Err(SmcError::invalid(format!(
            "side {other:?}: expected 'bid' or 'ask'"
        ))),
    }
}

fn update_id(name: &str, x: f64) -> smc_core::Result<u64> {
    let v = smc_core::error::check::integer(name, x)?;
    u64::try_from(v).map_err(|_| SmcError::out_of_range(name, x, "an update id >= 0"))
}

fn qty(q: &Either<String, f64>) -> smc_core::Result<f64> {
    match q {
        Either::A(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| SmcError::invalid(format!("quantity {s:?} is not a number"))),
        Either::B(x) => Ok(*x),
    }
}

fn levels(
    tick: &TickSize,
    what: &str,
    rows: &[Vec<Either<String, f64>>],
) -> smc_core::Result<Vec<Level>> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let [p, q] = row.as_slice() else {
                return Err(SmcError::invalid(format!(
                    "{what}[{i}] must be a [price, quantity] pair"
                )));
            };
            let ticks = match p {
                Either::A(s) => tick.parse_ticks(s)?,
                Either::B(x) => tick.price_to_ticks(*x)?,
            };
            Ok(Level::new(ticks, qty(q)?))
        })
        .collect()
}

#[napi(object)]
pub struct OrderBookOptions {
    /// Tick size as a decimal string ("0.01") or a number.
    pub tick_size: Either<String, f64>,
    /// "spot" (U == previous u + 1) or "futures" (pu == previous u).
    pub market: Option<String>,
    /// Diffs kept while waiting for a snapshot (10000 by default).
    pub max_pending: Option<f64>,
}

#[napi(object)]
pub struct SnapshotInput {
    pub last_update_id: f64,
    pub bids: Vec<Vec<Either<String, f64>>>,
    pub asks: Vec<Vec<Either<String, f64>>>,
}

#[napi(object)]
pub struct DiffInput {
    pub first_update_id: f64,
    pub last_update_id: f64,
    pub prev_last_update_id: Option<f64>,
    pub bids: Vec<Vec<Either<String, f64>>>,
    pub asks: Vec<Vec<Either<String, f64>>>,
}

#[napi(object)]
pub struct DeltaBatchInput {
    pub side: Uint8Array,
    pub price: Option<Float64Array>,
    pub price_ticks: Option<Float64Array>,
    pub qty: Float64Array,
    pub event_end: Option<Uint32Array>,
    pub first_update_id: Option<Float64Array>,
    pub last_update_id: Option<Float64Array>,
    pub prev_last_update_id: Option<Float64Array>,
}

#[napi(object)]
pub struct BatchResult {
    pub events: u32,
    pub applied: u32,
    pub stale: u32,
    pub buffered: u32,
    pub best_bid: Option<Float64Array>,
    pub best_bid_qty: Option<Float64Array>,
    pub best_ask: Option<Float64Array>,
    pub best_ask_qty: Option<Float64Array>,
}

#[napi(object)]
pub struct LevelsOutput {
    pub price: Float64Array,
    pub qty: Float64Array,
}

#[napi(object)]
pub struct FillOutput {
    pub filled_qty: f64,
    pub cost: f64,
    pub avg_price: f64,
    pub worst_price: f64,
    pub levels: u32,
    pub complete: bool,
}

#[napi(js_name = "OrderBook")]
pub struct JsOrderBook {
    inner: DepthSync,
    scratch: ReplayScratch,
}

fn outcome(o: SyncOutcome) -> String {
    match o {
        SyncOutcome::Applied => "applied",
        SyncOutcome::Stale => "stale",
        SyncOutcome::Buffered => "buffered",
    }
    .to_owned()
}

#[napi]
impl JsOrderBook {
    #[napi(constructor)]
    pub fn new(options: OrderBookOptions) -> Result<Self> {
        guard(|| {
            let rule = match options.market.as_deref().unwrap_or("spot") {
                "spot" => SequenceRule::Spot,
                "futures" => SequenceRule::Futures,
                m => {
                    return Err(SmcError::invalid(format!(
                        "market {m:?}: expected 'spot' or 'futures'"
                    )))
                }
            };
            let max = check::count(
                "maxPending",
                options.max_pending.unwrap_or(10_000.0),
                1,
                check::MAX_WINDOW,
            )?;
            Ok(JsOrderBook {
                inner: DepthSync::new(tick_size(&options.tick_size)?, rule, max),
                scratch: ReplayScratch::default(),
            })
        })
    }

    fn tick(&self) -> TickSize {
        self.inner.book().tick_size()
    }

    #[napi]
    pub fn apply_snapshot(&mut self, snapshot: SnapshotInput) -> Result<u32> {
        guard(|| {
            let tick = self.tick();
            let id = update_id("lastUpdateId", snapshot.last_update_id)?;
            let bids = levels(&tick, "bids", &snapshot.bids)?;
            let asks = levels(&tick, "asks", &snapshot.asks)?;
            self.inner.on_snapshot(id, &bids, &asks).map(|n| n as u32)
        })
    }

    #[napi]
    pub fn apply_diff(&mut self, diff: DiffInput) -> Result<String> {
        guard(|| {
            let tick = self.tick();
            let ids = DiffIds {
                first: update_id("firstUpdateId", diff.first_update_id)?,
                last: update_id("lastUpdateId", diff.last_update_id)?,
                prev_last: diff
                    .prev_last_update_id
                    .map(|p| update_id("prevLastUpdateId", p))
                    .transpose()?,
            };
            let bids = levels(&tick, "bids", &diff.bids)?;
            let asks = levels(&tick, "asks", &diff.asks)?;
            self.inner.on_diff(ids, &bids, &asks).map(outcome)
        })
    }

    /// Applies message `message` of a capture batch (a diff or a snapshot) from its rows.
    /// Returns the diff outcome, or "snapshot".
    #[napi]
    pub fn apply_capture(&mut self, batch: &JsCaptureBatch, message: u32) -> Result<String> {
        guard(|| {
            match apply_to_book(
                &mut self.inner,
                &batch.inner,
                message as usize,
                &mut self.scratch,
            )? {
                BookApply::Diff(o) => Ok(outcome(o)),
                BookApply::Snapshot(_) => Ok("snapshot".to_owned()),
            }
        })
    }

    #[napi]
    pub fn apply_deltas(
        &mut self,
        batch: DeltaBatchInput,
        record: Option<bool>,
    ) -> Result<BatchResult> {
        guard(|| {
            let tick = self.tick();
            let ticks = tick.resolve_ticks(batch.price.as_deref(), batch.price_ticks.as_deref())?;
            let ids = match (&batch.first_update_id, &batch.last_update_id) {
                (Some(first), Some(last)) => {
                    smc_core::error::check::same_len("lastUpdateId", first.len(), last.len())?;
                    if let Some(pu) = &batch.prev_last_update_id {
                        smc_core::error::check::same_len(
                            "prevLastUpdateId",
                            first.len(),
                            pu.len(),
                        )?;
                    }
                    let mut ids = Vec::with_capacity(first.len());
                    for k in 0..first.len() {
                        ids.push(DiffIds {
                            first: update_id("firstUpdateId", first[k])?,
                            last: update_id("lastUpdateId", last[k])?,
                            prev_last: batch
                                .prev_last_update_id
                                .as_ref()
                                .map(|p| update_id("prevLastUpdateId", p[k]))
                                .transpose()?,
                        });
                    }
                    Some(ids)
                }
                (None, None) => None,
                _ => {
                    return Err(SmcError::invalid(
                        "give both firstUpdateId and lastUpdateId, or neither",
                    ))
                }
            };
            let cols = book::DeltaColumns {
                sides: &batch.side,
                ticks: &ticks,
                qtys: &batch.qty,
                event_end: batch.event_end.as_deref(),
                ids: ids.as_deref(),
            };
            let mut top = record.unwrap_or(false).then(book::TopOfBook::default);
            let s = book::apply_columns(&mut self.inner, &cols, top.as_mut())?;
            let (bb, bq, ba, aq) = match top {
                Some(t) => (
                    Some(Float64Array::new(t.bid)),
                    Some(Float64Array::new(t.bid_qty)),
                    Some(Float64Array::new(t.ask)),
                    Some(Float64Array::new(t.ask_qty)),
                ),
                None => (None, None, None, None),
            };
            Ok(BatchResult {
                events: s.events as u32,
                applied: s.applied as u32,
                stale: s.stale as u32,
                buffered: s.buffered as u32,
                best_bid: bb,
                best_bid_qty: bq,
                best_ask: ba,
                best_ask_qty: aq,
            })
        })
    }

    #[napi]
    pub fn set_level(&mut self, side_name: String, price: f64, quantity: f64) -> Result<()> {
        guard(|| {
            let ticks = self.tick().price_to_ticks(price)?;
            self.inner
                .book_mut()
                .set_level(side(&side_name)?, ticks, quantity)
        })
    }

    #[napi]
    pub fn best(&self, side_name: String) -> Result<Option<Vec<f64>>> {
        guard(|| {
            let tick = self.tick();
            Ok(self
                .inner
                .book()
                .best(side(&side_name)?)
                .map(|l| vec![tick.ticks_to_price(l.ticks), l.qty]))
        })
    }

    #[napi]
    pub fn levels(&self, side_name: String, n: Option<f64>) -> Result<LevelsOutput> {
        guard(|| {
            let tick = self.tick();
            let s = side(&side_name)?;
            // Any whole n >= 0 (more than the book holds is all of it); NaN or -1 is an error.
            let take = match n {
                None => usize::MAX,
                Some(x) => {
                    let cap = check::MAX_ROWS as f64;
                    // NaN compares false: it stays NaN and is refused by `count`.
                    check::count("n", if x > cap { cap } else { x }, 0, check::MAX_ROWS)?
                }
            };
            let (price, qty): (Vec<f64>, Vec<f64>) = self
                .inner
                .book()
                .levels(s)
                .take(take)
                .map(|l| (tick.ticks_to_price(l.ticks), l.qty))
                .unzip();
            Ok(LevelsOutput {
                price: Float64Array::new(price),
                qty: Float64Array::new(qty),
            })
        })
    }

    #[napi]
    pub fn depth_within(&self, side_name: String, distance: f64) -> Result<f64> {
        guard(|| {
            smc_core::error::check::finite_scalar("distance", distance)?;
            if distance < 0.0 {
                return Err(SmcError::out_of_range(
                    "distance",
                    distance,
                    "a distance >= 0",
                ));
            }
            // Whole ticks within the distance (a distance between ticks rounds down).
            let t = self.tick().as_f64();
            let ticks = (distance / t + 1e-9).floor() as i64;
            Ok(self.inner.book().depth_within(side(&side_name)?, ticks))
        })
    }

    #[napi]
    pub fn walk(&self, side_name: String, quantity: f64) -> Result<FillOutput> {
        guard(|| {
            let f = self.inner.book().walk(side(&side_name)?, quantity)?;
            Ok(FillOutput {
                filled_qty: f.filled_qty,
                cost: f.cost,
                avg_price: f.avg_price,
                worst_price: f.worst_price,
                levels: f.levels as u32,
                complete: f.complete,
            })
        })
    }

    #[napi]
    pub fn imbalance(&self, levels: f64, decay: Option<f64>) -> Result<f64> {
        guard(|| {
            let levels = check::count("levels", levels, 1, check::MAX_SMALL)?;
            let decay = decay.unwrap_or(0.0);
            if !(decay >= 0.0 && decay.is_finite()) {
                return Err(SmcError::out_of_range(
                    "decay",
                    decay,
                    "a finite decay >= 0",
                ));
            }
            Ok(self.inner.book().imbalance(levels, decay))
        })
    }

    #[napi]
    pub fn depth(&self, side_name: String) -> Result<u32> {
        guard(|| Ok(self.inner.book().depth(side(&side_name)?) as u32))
    }

    /// The touch in one call: [best bid, its qty, best ask, its qty, mid], or null when a side
    /// is empty.
    #[napi]
    pub fn bbo(&self) -> Option<Vec<f64>> {
        let b = self.inner.book();
        let tick = b.tick_size();
        let (bid, ask) = (b.best_bid()?, b.best_ask()?);
        Some(vec![
            tick.ticks_to_price(bid.ticks),
            bid.qty,
            tick.ticks_to_price(ask.ticks),
            ask.qty,
            b.mid(),
        ])
    }

    #[napi(getter)]
    pub fn mid(&self) -> f64 {
        self.inner.book().mid()
    }

    #[napi(getter)]
    pub fn spread(&self) -> f64 {
        self.inner.book().spread()
    }

    #[napi(getter)]
    pub fn tick_size(&self) -> f64 {
        self.tick().as_f64()
    }

    #[napi(getter)]
    pub fn last_update_id(&self) -> Option<f64> {
        self.inner.book().last_update_id().map(|u| u as f64)
    }

    #[napi(getter)]
    pub fn is_synced(&self) -> bool {
        self.inner.book().is_synced()
    }

    #[napi(getter)]
    pub fn needs_resync(&self) -> bool {
        self.inner.book().needs_resync()
    }

    #[napi(getter)]
    pub fn is_crossed(&self) -> bool {
        self.inner.book().is_crossed()
    }

    #[napi(getter)]
    pub fn pending(&self) -> u32 {
        self.inner.pending() as u32
    }
}

/// Exact conversion of decimal price strings to integer ticks (the book's keys).
#[napi(js_name = "priceToTicks")]
pub fn price_to_ticks(
    tick: Either<String, f64>,
    prices: Vec<Either<String, f64>>,
) -> Result<Float64Array> {
    guard(|| {
        let t = tick_size(&tick)?;
        let out: Vec<f64> = prices
            .iter()
            .map(|p| {
                match p {
                    Either::A(s) => t.parse_ticks(s),
                    Either::B(x) => t.price_to_ticks(*x),
                }
                .map(|v| v as f64)
            })
            .collect::<smc_core::Result<_>>()?;
        Ok(Float64Array::new(out))
    })
}
