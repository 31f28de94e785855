//! Binding of `smc_core::exchange`: the simulated venue. Market data comes in as columns (one
//! call per batch), execution events go out as columns; timestamps are nanoseconds in
//! `BigInt64Array`s (epoch nanoseconds exceed 2^53).

use napi::bindgen_prelude::{BigInt, BigInt64Array, Either, Float64Array, Uint32Array, Uint8Array};
use napi_derive::napi;
use smc_core::book::{Level, Side, TickSize};
use smc_core::exchange as ex;
use smc_core::SmcError;

use crate::error::{guard, Result};

type Num = Either<String, f64>;

#[napi(object)]
pub struct QueueOptions {
    /// "riskAverse" (default), "power" or "log".
    pub model: String,
    /// The exponent n of `f(x) = x^n` ("power"; 2 by default).
    pub power: Option<f64>,
    /// Draw whether each decrease is ahead instead of applying its expected share.
    pub sampled: Option<bool>,
}

#[napi(object)]
pub struct LatencyOptions {
    /// Constant latencies (ns).
    pub submit_ns: Option<f64>,
    pub cancel_ns: Option<f64>,
    pub response_ns: Option<f64>,
    /// Interpolated from the feed: local receive times and exchange event times (ns).
    pub feed_local_ns: Option<BigInt64Array>,
    pub feed_exchange_ns: Option<BigInt64Array>,
    /// The fastest feed delay is taken as this latency (ns; 0 by default).
    pub floor_ns: Option<f64>,
    /// Interpolated from samples: times (ns) and entry / response latencies (ns).
    pub times_ns: Option<BigInt64Array>,
    pub entry_ns: Option<Float64Array>,
    pub response_curve_ns: Option<Float64Array>,
}

#[napi(object)]
pub struct FeeTierOptions {
    pub min_volume: f64,
    pub maker_bps: f64,
    pub taker_bps: f64,
}

#[napi(object)]
pub struct FeeOptions {
    pub maker_bps: Option<f64>,
    pub taker_bps: Option<f64>,
    pub fixed_per_order: Option<f64>,
    /// Volume tiers (the first at 0); replaces maker/taker rates.
    pub tiers: Option<Vec<FeeTierOptions>>,
    /// Rolling volume window of the tiers (ns; 30 days by default).
    pub window_ns: Option<f64>,
}

#[napi(object)]
pub struct SlippageOptions {
    /// "fixed", "spread" or "sqrtImpact".
    pub model: String,
    pub bps: Option<f64>,
    pub spread_bps: Option<f64>,
    pub fraction: Option<f64>,
    pub k: Option<f64>,
    pub sigma: Option<f64>,
}

#[napi(object)]
pub struct BarOptions {
    /// "open" (default) or "close".
    pub market_fill: Option<String>,
    /// "touch" (default) or "tradeThrough".
    pub touch: Option<String>,
    pub max_volume_fraction: Option<f64>,
}

#[napi(object)]
pub struct SimVenueOptions {
    /// "l2" or "bar".
    pub mode: String,
    /// Tick size (L2 mode), a decimal string or a number.
    pub tick_size: Option<Num>,
    pub seed: Option<f64>,
    pub max_book_age_ns: Option<f64>,
    pub session_end_offset_ns: Option<f64>,
    pub initial_position: Option<f64>,
    pub queue: Option<QueueOptions>,
    pub latency: Option<LatencyOptions>,
    pub fees: Option<FeeOptions>,
    pub slippage: Option<SlippageOptions>,
    pub bar: Option<BarOptions>,
}

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

fn whole_ns(name: &str, x: f64) -> smc_core::Result<i64> {
    let v = smc_core::error::check::integer(name, x)?;
    if v < 0 {
        return Err(SmcError::out_of_range(name, x, "a duration >= 0 ns"));
    }
    Ok(v)
}

fn queue_model(q: &Option<QueueOptions>) -> smc_core::Result<Box<dyn ex::QueueModel>> {
    let Some(q) = q else { return Ok(Box::new(ex::RiskAverseQueue)) };
    let sampled = q.sampled.unwrap_or(false);
    let m = match q.model.as_str() {
        "riskAverse" => return Ok(Box::new(ex::RiskAverseQueue)),
        "power" => ex::ProbQueue::power(q.power.unwrap_or(2.0))?,
        "log" => ex::ProbQueue::log(),
        other => return Err(SmcError::invalid(format!("queue model {other:?}: expected 'riskAverse', 'power' or 'log'"))),
    };
    Ok(Box::new(if sampled { m.sampled() } else { m }))
}

fn latency_model(l: &Option<LatencyOptions>) -> smc_core::Result<Box<dyn ex::LatencyModel>> {
    let Some(l) = l else { return Ok(Box::new(ex::ConstantLatency::default())) };
    if let (Some(local), Some(exch)) = (&l.feed_local_ns, &l.feed_exchange_ns) {
        let floor = whole_ns("floorNs", l.floor_ns.unwrap_or(0.0))?;
        return Ok(Box::new(ex::InterpolatedLatency::from_feed_delays(local, exch, floor)?));
    }
    if let Some(times) = &l.times_ns {
        let entry = l.entry_ns.as_ref().ok_or_else(|| SmcError::invalid("timesNs needs entryNs"))?;
        let resp = l.response_curve_ns.as_ref().map_or_else(|| entry.to_vec(), |r| r.to_vec());
        return Ok(Box::new(ex::InterpolatedLatency::new(times.to_vec(), entry.to_vec(), resp)?));
    }
    let ns = |name: &str, v: Option<f64>| whole_ns(name, v.unwrap_or(0.0));
    Ok(Box::new(ex::ConstantLatency::new(
        ns("submitNs", l.submit_ns)?,
        ns("cancelNs", l.cancel_ns)?,
        ns("responseNs", l.response_ns)?,
    )?))
}

fn fee_model(f: &Option<FeeOptions>) -> smc_core::Result<Box<dyn ex::FeeModel>> {
    let Some(f) = f else { return Ok(Box::new(ex::MakerTakerFees::default())) };
    let fixed = f.fixed_per_order.unwrap_or(0.0);
    if let Some(tiers) = &f.tiers {
        let tiers = tiers
            .iter()
            .map(|t| ex::FeeTier { min_volume: t.min_volume, maker_bps: t.maker_bps, taker_bps: t.taker_bps })
            .collect();
        let window = whole_ns("windowNs", f.window_ns.unwrap_or(30.0 * 86_400e9))?;
        return Ok(Box::new(ex::TieredFees::new(tiers, window, fixed)?));
    }
    Ok(Box::new(ex::MakerTakerFees::new(f.maker_bps.unwrap_or(0.0), f.taker_bps.unwrap_or(0.0), fixed)?))
}

fn slippage_model(s: &Option<SlippageOptions>) -> smc_core::Result<Box<dyn ex::SlippageModel>> {
    let Some(s) = s else { return Ok(Box::new(ex::FixedBpsSlippage::new(0.0)?)) };
    Ok(match s.model.as_str() {
        "fixed" => Box::new(ex::FixedBpsSlippage::new(s.bps.unwrap_or(0.0))?),
        "spread" => Box::new(ex::SpreadSlippage::new(s.spread_bps.unwrap_or(0.0), s.fraction.unwrap_or(0.5))?),
        "sqrtImpact" => Box::new(ex::SqrtImpactSlippage::new(s.k.unwrap_or(1.0), s.sigma)?),
        other => return Err(SmcError::invalid(format!("slippage model {other:?}: expected 'fixed', 'spread' or 'sqrtImpact'"))),
    })
}

fn bar_config(b: &Option<BarOptions>) -> smc_core::Result<ex::BarConfig> {
    let Some(b) = b else { return Ok(ex::BarConfig::default()) };
    let market_fill = match b.market_fill.as_deref().unwrap_or("open") {
        "open" => ex::BarPrice::Open,
        "close" => ex::BarPrice::Close,
        o => return Err(SmcError::invalid(format!("marketFill {o:?}: expected 'open' or 'close'"))),
    };
    let touch = match b.touch.as_deref().unwrap_or("touch") {
        "touch" => ex::TouchRule::Touch,
        "tradeThrough" => ex::TouchRule::TradeThrough,
        o => return Err(SmcError::invalid(format!("touch {o:?}: expected 'touch' or 'tradeThrough'"))),
    };
    Ok(ex::BarConfig { market_fill, touch, max_volume_fraction: b.max_volume_fraction })
}

fn order_request(o: &OrderInput) -> smc_core::Result<ex::OrderRequest> {
    let side = match o.side.as_str() {
        "buy" => ex::OrderSide::Buy,
        "sell" => ex::OrderSide::Sell,
        s => return Err(SmcError::invalid(format!("side {s:?}: expected 'buy' or 'sell'"))),
    };
    let mut req = match o.r#type.as_str() {
        "market" => ex::OrderRequest::market(side, o.qty),
        "limit" => ex::OrderRequest::limit(side, o.qty, o.price.ok_or_else(|| SmcError::invalid("a limit order needs a price"))?),
        t => return Err(SmcError::invalid(format!("order type {t:?}: expected 'market' or 'limit'"))),
    };
    if let Some(tif) = &o.tif {
        req.tif = match tif.as_str() {
            "gtc" => ex::TimeInForce::Gtc,
            "ioc" => ex::TimeInForce::Ioc,
            "fok" => ex::TimeInForce::Fok,
            "day" => ex::TimeInForce::Day,
            t => return Err(SmcError::invalid(format!("tif {t:?}: expected 'gtc', 'ioc', 'fok' or 'day'"))),
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
        reason: Uint8Array::new(events.iter().map(|e| e.reason.map_or(0, |r| r.as_u8())).collect()),
    }
}

#[napi(js_name = "SimVenue")]
pub struct JsSimVenue {
    inner: ex::SimVenue,
    tick: Option<TickSize>,
    scratch: Vec<ex::ExecEvent>,
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
                max_book_age_ns: options.max_book_age_ns.map(|a| whole_ns("maxBookAgeNs", a)).transpose()?,
                session_end_offset_ns: whole_ns("sessionEndOffsetNs", options.session_end_offset_ns.unwrap_or(0.0))?,
                initial_position: options.initial_position.unwrap_or(0.0),
            };
            let models = ex::Models {
                queue: queue_model(&options.queue)?,
                latency: latency_model(&options.latency)?,
                fees: fee_model(&options.fees)?,
                slippage: slippage_model(&options.slippage)?,
            };
            let (inner, tick) = match options.mode.as_str() {
                "l2" => {
                    let tick = match options.tick_size.as_ref().ok_or_else(|| SmcError::invalid("L2 mode needs tickSize"))? {
                        Either::A(s) => TickSize::parse(s)?,
                        Either::B(x) => TickSize::from_f64(*x)?,
                    };
                    (ex::SimVenue::l2(tick, cfg, models)?, Some(tick))
                }
                "bar" => (ex::SimVenue::bar(bar_config(&options.bar)?, cfg, models)?, None),
                m => return Err(SmcError::invalid(format!("mode {m:?}: expected 'l2' or 'bar'"))),
            };
            Ok(JsSimVenue { inner, tick, scratch: Vec::new() })
        })
    }

    fn tick(&self) -> smc_core::Result<TickSize> {
        self.tick.ok_or_else(|| SmcError::InvalidState("this venue is in bar mode, not L2 mode".into()))
    }

    fn drain(&mut self) -> EventBatch {
        self.scratch.clear();
        self.inner.drain_events(&mut self.scratch);
        events_out(&self.scratch)
    }

    #[napi]
    pub fn submit(&mut self, order: OrderInput) -> Result<u32> {
        guard(|| self.inner.submit(order_request(&order)?))
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
    pub fn snapshot(&mut self, ts_ns: BigInt, bid_price: Float64Array, bid_qty: Float64Array, ask_price: Float64Array, ask_qty: Float64Array) -> Result<EventBatch> {
        guard(|| {
            let tick = self.tick()?;
            let levels = |p: &[f64], q: &[f64], what: &str| -> smc_core::Result<Vec<Level>> {
                smc_core::error::check::same_len(what, p.len(), q.len())?;
                p.iter().zip(q).map(|(&p, &q)| Ok(Level::new(tick.price_to_ticks(p)?, q))).collect()
            };
            let bids = levels(&bid_price, &bid_qty, "bid qty")?;
            let asks = levels(&ask_price, &ask_qty, "ask qty")?;
            self.inner.on_snapshot(ts("tsNs", &ts_ns)?, &bids, &asks)?;
            Ok(self.drain())
        })
    }

    /// Replays level updates and trades (L2); returns the events received by the end.
    #[napi]
    pub fn apply_market(&mut self, batch: MarketBatchInput) -> Result<EventBatch> {
        guard(|| {
            let tick = self.tick()?;
            let ticks: Vec<i64> = match (&batch.price, &batch.price_ticks) {
                (Some(p), None) => p.iter().map(|&x| tick.price_to_ticks(x)).collect::<smc_core::Result<_>>()?,
                (None, Some(t)) => t.iter().map(|&x| smc_core::error::check::integer("priceTicks", x)).collect::<smc_core::Result<_>>()?,
                _ => return Err(SmcError::invalid("give exactly one of price and priceTicks")),
            };
            let b = ex::MarketBatch { kind: &batch.kind, ts_ns: &batch.ts_ns, ticks: &ticks, qty: &batch.qty };
            self.inner.on_market_batch(&b)?;
            Ok(self.drain())
        })
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
                side: if o.request.side == ex::OrderSide::Buy { "buy" } else { "sell" }.to_owned(),
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
            let s = match side.as_str() {
                "bid" => Side::Bid,
                "ask" => Side::Ask,
                o => return Err(SmcError::invalid(format!("side {o:?}: expected 'bid' or 'ask'"))),
            };
            Ok(self.inner.book()?.best(s).map(|l| vec![tick.ticks_to_price(l.ticks), l.qty]))
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

    #[napi(getter)]
    pub fn working_orders(&self) -> Uint32Array {
        Uint32Array::new(self.inner.working_orders().to_vec())
    }
}
