//! Binding of `smc_core::exchange`: the simulated venue. Market data comes in as columns (one
//! call per batch), execution events go out as columns; timestamps are nanoseconds in
//! `BigInt64Array`s (epoch nanoseconds exceed 2^53).

use napi::bindgen_prelude::{
    BigInt, BigInt64Array, BigInt64ArraySlice, Either, Float64Array, Float64ArraySlice,
    Uint32Array, Uint8Array,
};
use napi_derive::napi;
use smc_core::book::{Level, Side, TickSize};
use smc_core::data::capture::ReplayScratch;
use smc_core::exchange as ex;
use smc_core::SmcError;

use crate::capture::JsCaptureBatch;
use crate::error::{guard, Result};

mod options;
mod rows;

use options::{
    bar_config, fee_model, latency_model, queue_model, slippage_model, whole_ns, SimVenueOptions,
};

#[napi(object)]
pub struct OrderInput {
    /// "buy" or "sell".
    pub side: String,
    /// "market" or "limit".
    pub r#type: String,
    pub qty: f64,
    pub price: Option<f64>,
    /// "gtc", "ioc", "fok" or "day".
    pub tif: Option<String>,
    pub post_only: Option<bool>,
    pub reduce_only: Option<bool>,
}

#[napi(object)]
pub struct MarketBatchInput {
    /// 0 bid level, 1 ask level, 2 trade (buyer aggressor), 3 trade (seller aggressor).
    pub kind: Uint8Array,
    pub ts_ns: BigInt64Array,
    /// Prices (on the tick grid); give this or `priceTicks`.
    pub price: Option<Float64Array>,
    pub price_ticks: Option<Float64Array>,
    pub qty: Float64Array,
}

#[napi(object)]
pub struct BarBatchInput {
    pub open_ns: BigInt64Array,
    pub close_ns: BigInt64Array,
    pub open: Float64Array,
    pub high: Float64Array,
    pub low: Float64Array,
    pub close: Float64Array,
    pub volume: Float64Array,
}

#[napi(object)]
pub struct EventBatch {
    /// 0 accepted, 1 rejected, 2 fill, 3 cancelled, 4 amended, 5 cancel rejected, 6 expired.
    pub kind: Uint8Array,
    pub order_id: Uint32Array,
    pub exchange_ns: BigInt64Array,
    pub receive_ns: BigInt64Array,
    pub price: Float64Array,
    pub qty: Float64Array,
    pub fee: Float64Array,
    /// 0 none, 1 maker, 2 taker.
    pub liquidity: Uint8Array,
    pub leaves_qty: Float64Array,
    /// 0 none, else the reject reason code (see the SDK's `REJECT_REASONS`).
    pub reason: Uint8Array,
}

#[napi(object)]
pub struct OrderInfo {
    pub status: String,
    pub side: String,
    pub price: f64,
    pub qty: f64,
    pub filled_qty: f64,
    pub leaves_qty: f64,
    pub fees: f64,
    pub cancel_pending: bool,
}

fn order_request(o: &OrderInput) -> smc_core::Result<ex::OrderRequest> {
    let side = match o.side.as_str() {
        "buy" => ex::OrderSide::Buy,
        "sell" => ex::OrderSide::Sell,
        s => {
            return Err(SmcError::invalid(format!(
                "side {s:?}: expected 'buy' or 'sell'"
            )))
        }
    };
    let mut req = match o.r#type.as_str() {
        "market" => ex::OrderRequest::market(side, o.qty),
        "limit" => ex::OrderRequest::limit(
            side,
            o.qty,
            o.price
                .ok_or_else(|| SmcError::invalid("a limit order needs a price"))?,
        ),
        t => {
            return Err(SmcError::invalid(format!(
                "order type {t:?}: expected 'market' or 'limit'"
            )))
        }
    };
    if let Some(tif) = &o.tif {
        req.tif = match tif.as_str() {
            "gtc" => ex::TimeInForce::Gtc,
            "ioc" => ex::TimeInForce::Ioc,
            "fok" => ex::TimeInForce::Fok,
            "day" => ex::TimeInForce::Day,
            t => {
                return Err(SmcError::invalid(format!(
                    "tif {t:?}: expected 'gtc', 'ioc', 'fok' or 'day'"
                )))
            }
        };
    }
    req.post_only = o.post_only.unwrap_or(false);
    req.reduce_only = o.reduce_only.unwrap_or(false);
    Ok(req)
}

fn ts(name: &str, b: &BigInt) -> smc_core::Result<i64> {
    let (v, lossless) = b.get_i64();
    if !lossless {
        return Err(SmcError::invalid(format!("{name} does not fit in 64 bits")));
    }
    Ok(v)
}

fn status_name(s: ex::OrderStatus) -> &'static str {
    match s {
        ex::OrderStatus::InFlight => "inFlight",
        ex::OrderStatus::Open => "open",
        ex::OrderStatus::Filled => "filled",
        ex::OrderStatus::Cancelled => "cancelled",
        ex::OrderStatus::Rejected => "rejected",
        ex::OrderStatus::Expired => "expired",
    }
}

fn events_out(events: &[ex::ExecEvent]) -> EventBatch {
    let col = |f: &dyn Fn(&ex::ExecEvent) -> f64| Float64Array::new(events.iter().map(f).collect());
    let ns = |f: &dyn Fn(&ex::ExecEvent) -> i64| BigInt64Array::new(events.iter().map(f).collect());
    EventBatch {
        kind: Uint8Array::new(events.iter().map(|e| e.kind.as_u8()).collect()),
        order_id: Uint32Array::new(events.iter().map(|e| e.order).collect()),
        exchange_ns: ns(&|e| e.exchange_ns),
        receive_ns: ns(&|e| e.receive_ns),
        price: col(&|e| e.price),
        qty: col(&|e| e.qty),
        fee: col(&|e| e.fee),
        liquidity: Uint8Array::new(
            events
                .iter()
                .map(|e| match e.liquidity {
                    None => 0,
                    Some(ex::Liquidity::Maker) => 1,
                    Some(ex::Liquidity::Taker) => 2,
                })
                .collect(),
        ),
        leaves_qty: col(&|e| e.leaves_qty),
        reason: Uint8Array::new(
            events
                .iter()
                .map(|e| e.reason.map_or(0, |r| r.as_u8()))
                .collect(),
        ),
    }
}

/// Price levels as columns, best first.
#[napi(object)]
pub struct LevelColumns {
    pub price: Float64Array,
    pub qty: Float64Array,
}

fn book_side(side: &str) -> smc_core::Result<Side> {
    match side {
        "bid" => Ok(Side::Bid),
        "ask" => Ok(Side::Ask),
        o => Err(SmcError::invalid(format!(
            "side {o:?}: expected 'bid' or 'ask'"
        ))),
    }
}

#[napi(js_name = "SimVenue")]
pub struct JsSimVenue {
    inner: ex::SimVenue,
    tick: Option<TickSize>,
    scratch: Vec<ex::ExecEvent>,
    /// Buffers of the capture replay (`applyCapture`).
    replay: ReplayScratch,
    /// Ids of the orders the core dropped since the last `takeDropped`.
    dropped: Vec<u32>,
}

#[napi]
impl JsSimVenue {
    #[napi(constructor)]
    pub fn new(options: SimVenueOptions) -> Result<Self> {
        guard(|| {
            let seed = match options.seed {
                None => 0,
                Some(s) => u64::try_from(smc_core::error::check::integer("seed", s)?)
                    .map_err(|_| SmcError::out_of_range("seed", s, "an integer >= 0"))?,
            };
            let cfg = ex::VenueConfig {
                seed,
                max_book_age_ns: options
                    .max_book_age_ns
                    .map(|a| whole_ns("maxBookAgeNs", a))
                    .transpose()?,
                session_end_offset_ns: whole_ns(
                    "sessionEndOffsetNs",
                    options.session_end_offset_ns.unwrap_or(0.0),
                )?,
                initial_position: options.initial_position.unwrap_or(0.0),
                max_finished_orders: options
                    .max_finished_orders
                    .map(|x| smc_core::error::check::bound("maxFinishedOrders", x))
                    .transpose()?
                    .unwrap_or(ex::VenueConfig::DEFAULT_MAX_FINISHED_ORDERS),
            };
            let models = ex::Models {
                queue: queue_model(&options.queue)?,
                latency: latency_model(&options.latency)?,
                fees: fee_model(&options.fees)?,
                slippage: slippage_model(&options.slippage)?,
            };
            let (inner, tick) = match options.mode.as_str() {
                "l2" => {
                    let tick = match options
                        .tick_size
                        .as_ref()
                        .ok_or_else(|| SmcError::invalid("L2 mode needs tickSize"))?
                    {
                        Either::A(s) => TickSize::parse(s)?,
                        Either::B(x) => TickSize::from_f64(*x)?,
                    };
                    (ex::SimVenue::l2(tick, cfg, models)?, Some(tick))
                }
                "bar" => (
                    ex::SimVenue::bar(bar_config(&options.bar)?, cfg, models)?,
                    None,
                ),
                m => {
                    return Err(SmcError::invalid(format!(
                        "mode {m:?}: expected 'l2' or 'bar'"
                    )))
                }
            };
            Ok(JsSimVenue {
                inner,
                tick,
                scratch: Vec::new(),
                replay: ReplayScratch::default(),
                dropped: Vec::new(),
            })
        })
    }

    fn tick(&self) -> smc_core::Result<TickSize> {
        self.tick
            .ok_or_else(|| SmcError::InvalidState("this venue is in bar mode, not L2 mode".into()))
    }

    /// Events received so far as columns. `scratch` may already hold events a row call
    /// (`applyBarMs`) left for `takeEvents`: they come first, so nothing is lost or reordered.
    fn drain(&mut self) -> EventBatch {
        self.inner.drain_events(&mut self.scratch);
        let out = events_out(&self.scratch);
        self.scratch.clear();
        out
    }

    /// Sends an order; the finished orders it let go wait for `takeDropped`.
    #[napi]
    pub fn submit(&mut self, order: OrderInput) -> Result<u32> {
        guard(|| {
            let id = self.inner.submit(order_request(&order)?);
            self.dropped.extend_from_slice(self.inner.dropped_orders());
            id
        })
    }

    /// Ids of the finished orders dropped since the last call (none of them appears in an
    /// event again), so the SDK can forget their client order ids.
    #[napi]
    pub fn take_dropped(&mut self) -> Result<Uint32Array> {
        guard(|| Ok(Uint32Array::new(std::mem::take(&mut self.dropped))))
    }

    #[napi]
    pub fn cancel(&mut self, id: u32) -> Result<()> {
        guard(|| self.inner.cancel(id))
    }

    #[napi]
    pub fn amend(&mut self, id: u32, price: Option<f64>, qty: Option<f64>) -> Result<()> {
        guard(|| self.inner.amend(id, price, qty))
    }

    /// Replaces the book (L2) at `tsNs`; levels as price/qty columns. Returns the events due.
    #[napi]
    pub fn snapshot(
        &mut self,
        ts_ns: BigInt,
        bid_price: Float64Array,
        bid_qty: Float64Array,
        ask_price: Float64Array,
        ask_qty: Float64Array,
    ) -> Result<EventBatch> {
        guard(|| {
            let tick = self.tick()?;
            let levels = |p: &[f64], q: &[f64], what: &str| -> smc_core::Result<Vec<Level>> {
                smc_core::error::check::same_len(what, p.len(), q.len())?;
                p.iter()
                    .zip(q)
                    .map(|(&p, &q)| Ok(Level::new(tick.price_to_ticks(p)?, q)))
                    .collect()
            };
            let bids = levels(&bid_price, &bid_qty, "bid qty")?;
            let asks = levels(&ask_price, &ask_qty, "ask qty")?;
            self.inner.on_snapshot(ts("tsNs", &ts_ns)?, &bids, &asks)?;
            Ok(self.drain())
        })
    }

    /// Replaces the book (L2) at `tsNs` with a top-of-book quote. Returns the events due.
    #[napi]
    pub fn quote(
        &mut self,
        ts_ns: BigInt,
        bid_price: f64,
        bid_qty: f64,
        ask_price: f64,
        ask_qty: f64,
    ) -> Result<EventBatch> {
        guard(|| {
            let tick = self.tick()?;
            let bid = Level::new(tick.price_to_ticks(bid_price)?, bid_qty);
            let ask = Level::new(tick.price_to_ticks(ask_price)?, ask_qty);
            self.inner.on_quote(ts("tsNs", &ts_ns)?, bid, ask)?;
            Ok(self.drain())
        })
    }

    /// Replays level updates and trades (L2); returns the events received by the end.
    #[napi]
    pub fn apply_market(&mut self, batch: MarketBatchInput) -> Result<EventBatch> {
        guard(|| {
            let tick = self.tick()?;
            let ticks = tick.resolve_ticks(batch.price.as_deref(), batch.price_ticks.as_deref())?;
            let b = ex::MarketBatch {
                kind: &batch.kind,
                ts_ns: &batch.ts_ns,
                ticks: &ticks,
                qty: &batch.qty,
            };
            self.inner.on_market_batch(&b)?;
            Ok(self.drain())
        })
    }

    /// Replays message `message` of a capture batch at `tsNs` (L2): a snapshot replaces the book,
    /// a diff's levels and a trade become market rows, a quote changes nothing. Returns how many
    /// events wait for `takeEvents` (see exchange/rows.rs).
    #[napi]
    pub fn apply_capture(
        &mut self,
        batch: &JsCaptureBatch,
        message: u32,
        ts_ns: BigInt,
    ) -> Result<u32> {
        self.capture_row(batch, message, ts_ns)
    }

    /// One trade at `tsNs` (L2), `sellerAggressor` when the buyer was the maker. Returns how many
    /// events wait for `takeEvents`.
    #[napi]
    pub fn apply_trade(
        &mut self,
        ts_ns: BigInt,
        price: f64,
        qty: f64,
        seller_aggressor: bool,
    ) -> Result<u32> {
        self.trade_row(ts_ns, price, qty, seller_aggressor)
    }

    /// Processes bars in order (bar mode); returns the events received by the last close.
    #[napi]
    pub fn apply_bars(&mut self, bars: BarBatchInput) -> Result<EventBatch> {
        guard(|| {
            let n = bars.open.len();
            for (name, len) in [
                ("openNs", bars.open_ns.len()),
                ("closeNs", bars.close_ns.len()),
                ("high", bars.high.len()),
                ("low", bars.low.len()),
                ("close", bars.close.len()),
                ("volume", bars.volume.len()),
            ] {
                smc_core::error::check::same_len(name, n, len)?;
            }
            for i in 0..n {
                let bar = ex::Bar {
                    open_ns: bars.open_ns[i],
                    close_ns: bars.close_ns[i],
                    open: bars.open[i],
                    high: bars.high[i],
                    low: bars.low[i],
                    close: bars.close[i],
                    volume: bars.volume[i],
                };
                self.inner.on_bar(&bar).map_err(|e| match e {
                    SmcError::InvalidInput(m) => SmcError::InvalidInput(format!("bar {i}: {m}")),
                    other => other,
                })?;
            }
            Ok(self.drain())
        })
    }

    /// One bar as scalars, times in whole epoch ms (bar mode); returns how many events wait
    /// for `takeEvents` (see exchange/rows.rs).
    #[allow(clippy::too_many_arguments)]
    #[napi]
    pub fn apply_bar_ms(
        &mut self,
        open_ms: f64,
        close_ms: f64,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: f64,
    ) -> Result<u32> {
        self.bar_row(open_ms, close_ms, open, high, low, close, volume)
    }

    /// Moves the clock to `tsMs` (whole epoch ms); returns how many events wait for `takeEvents`.
    #[napi]
    pub fn advance_to_ms(&mut self, ts_ms: f64) -> Result<u32> {
        self.advance_row(ts_ms)
    }

    /// Writes waiting events into caller buffers (8 numbers and 2 times per event); returns
    /// how many were written.
    #[napi]
    pub fn take_events(
        &mut self,
        numbers: Float64ArraySlice,
        times: BigInt64ArraySlice,
    ) -> Result<u32> {
        self.take_rows(numbers, times)
    }

    /// Moves the clock without market data; returns the events received by then.
    #[napi]
    pub fn advance_to(&mut self, ts_ns: BigInt) -> Result<EventBatch> {
        guard(|| {
            self.inner.advance_to(ts("tsNs", &ts_ns)?)?;
            Ok(self.drain())
        })
    }

    #[napi]
    pub fn order(&self, id: u32) -> Result<OrderInfo> {
        guard(|| {
            let o = self.inner.order(id)?;
            Ok(OrderInfo {
                status: status_name(o.status).to_owned(),
                side: if o.request.side == ex::OrderSide::Buy {
                    "buy"
                } else {
                    "sell"
                }
                .to_owned(),
                price: o.request.price,
                qty: o.request.qty,
                filled_qty: o.filled_qty,
                leaves_qty: o.leaves_qty,
                fees: o.fees,
                cancel_pending: o.cancel_pending,
            })
        })
    }

    /// Best level of the replayed book as [price, qty], or null (L2 mode).
    #[napi]
    pub fn best(&self, side: String) -> Result<Option<Vec<f64>>> {
        guard(|| {
            let tick = self.tick()?;
            let s = book_side(&side)?;
            Ok(self
                .inner
                .book()?
                .best(s)
                .map(|l| vec![tick.ticks_to_price(l.ticks), l.qty]))
        })
    }

    /// Up to `maxLevels` levels of a side a taker could take now (the book minus our own
    /// consumption), best first, as price/qty columns (L2 mode).
    #[napi]
    pub fn depth(&self, side: String, max_levels: f64) -> Result<LevelColumns> {
        guard(|| {
            let tick = self.tick()?;
            let max_levels = smc_core::error::check::count(
                "maxLevels",
                max_levels,
                0,
                smc_core::error::check::MAX_SMALL,
            )?;
            let levels = self.inner.available_levels(book_side(&side)?, max_levels)?;
            Ok(LevelColumns {
                price: levels
                    .iter()
                    .map(|l| tick.ticks_to_price(l.ticks))
                    .collect::<Vec<_>>()
                    .into(),
                qty: levels.iter().map(|l| l.qty).collect::<Vec<_>>().into(),
            })
        })
    }

    #[napi]
    pub fn queue_ahead(&self, id: u32) -> Option<f64> {
        self.inner.queue_ahead(id)
    }

    #[napi(getter)]
    pub fn now_ns(&self) -> BigInt {
        BigInt::from(self.inner.now())
    }

    #[napi(getter)]
    pub fn position(&self) -> f64 {
        self.inner.position()
    }

    #[napi(getter)]
    pub fn order_count(&self) -> u32 {
        self.inner.order_count() as u32
    }

    /// Orders whose state is kept: the working ones and the last finished ones.
    #[napi(getter)]
    pub fn kept_orders(&self) -> Result<u32> {
        guard(|| Ok(self.inner.kept_orders() as u32))
    }

    #[napi(getter)]
    pub fn working_orders(&self) -> Uint32Array {
        Uint32Array::new(self.inner.working_orders().to_vec())
    }
}
