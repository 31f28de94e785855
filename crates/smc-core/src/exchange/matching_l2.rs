//! L2 matching: the venue's orders against a replayed order book.
//!
//! - Takers (market orders, marketable limits) walk the opposite side best-first. What they take
//!   is recorded per level as "consumed" and hidden from later takers until market data updates
//!   that level (the venue's next depth message reflects the real book again, in which our
//!   simulated order never existed; this is the standard assumption of replay backtests such as
//!   hftbacktest's "no market impact" mode, refined so that one order cannot take the same
//!   liquidity twice).
//! - Resting limits join the queue at their price ([`QueuePosition::join`]) and are advanced by
//!   trades at their price and by the queue model on level changes. A trade strictly through the
//!   price, or the opposite side quoting at or through it, fills the whole rest: the market has
//!   traded past the order (as hftbacktest's exchange models do).
//! - Fills of resting orders are maker, at the order's price; taker fills at the level's price.

use super::orders::{ExecEvent, ExecKind, Liquidity, OrderId, OrderSide, OrderStatus, OrderType, RejectReason, TimeInForce};
use super::queue::QueuePosition;
use super::venue::{Action, SimVenue};
use crate::book::{Level, OrderBook, SequenceRule, Side, TickSize};
use crate::error::{check, Result, SmcError};

/// A resting order's place in the book.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resting {
    id: OrderId,
    /// The book side it rests on (bids for buys).
    side: Side,
    ticks: i64,
    queue: QueuePosition,
}

/// The replayed book and the venue's own footprint on it.
#[derive(Debug, Clone)]
pub(crate) struct L2State {
    book: OrderBook,
    /// Liquidity taken by our own takers since the level last changed: (side, ticks, qty).
    consumed: Vec<(Side, i64, f64)>,
    last_md_ns: Option<i64>,
    resting: Vec<Resting>,
    /// Scratch buffer of pending fills (id, price ticks, qty), reused to avoid allocation.
    fills: Vec<(OrderId, i64, f64)>,
}

/// Kind codes of a [`MarketBatch`] row.
pub mod row {
    /// A bid level's new absolute quantity (0 removes it).
    pub const BID: u8 = 0;
    /// An ask level's new absolute quantity (0 removes it).
    pub const ASK: u8 = 1;
    /// A trade whose aggressor bought (it hit the asks).
    pub const TRADE_BUY: u8 = 2;
    /// A trade whose aggressor sold (it hit the bids).
    pub const TRADE_SELL: u8 = 3;
}

/// Market data as columns, one row per level update or trade (see [`row`]).
#[derive(Debug, Clone, Copy)]
pub struct MarketBatch<'a> {
    pub kind: &'a [u8],
    /// Event time (ns), non-decreasing.
    pub ts_ns: &'a [i64],
    pub ticks: &'a [i64],
    /// Level quantity (>= 0) or trade quantity (> 0).
    pub qty: &'a [f64],
}

impl MarketBatch<'_> {
    fn validate(&self, now: i64) -> Result<()> {
        let n = self.kind.len();
        check::same_len("ts", n, self.ts_ns.len())?;
        check::same_len("ticks", n, self.ticks.len())?;
        check::same_len("qty", n, self.qty.len())?;
        check::finite("qty", self.qty)?;
        let mut prev = now;
        for i in 0..n {
            let (k, q, t) = (self.kind[i], self.qty[i], self.ts_ns[i]);
            if k > row::TRADE_SELL {
                return Err(SmcError::invalid(format!("kind[{i}] = {k}: expected 0..=3 (bid, ask, trade buy, trade sell)")));
            }
            if q < 0.0 || (k >= row::TRADE_BUY && q == 0.0) {
                return Err(SmcError::out_of_range(&format!("qty[{i}]"), q, "a level qty >= 0 or a trade qty > 0"));
            }
            if t < prev {
                return Err(SmcError::Unordered(format!("ts[{i}] = {t} is before {prev}")));
            }
            prev = t;
        }
        Ok(())
    }
}

impl L2State {
    pub(crate) fn new(tick: TickSize) -> Self {
        L2State {
            book: OrderBook::new(tick, SequenceRule::Spot),
            consumed: Vec::new(),
            last_md_ns: None,
            resting: Vec::new(),
            fills: Vec::new(),
        }
    }

    pub(crate) fn tick(&self) -> TickSize {
        self.book.tick_size()
    }

    pub(crate) fn unqueue(&mut self, id: OrderId) {
        self.resting.retain(|r| r.id != id);
    }

    fn consumed_at(&self, side: Side, ticks: i64) -> f64 {
        self.consumed.iter().find(|c| c.0 == side && c.1 == ticks).map_or(0.0, |c| c.2)
    }

    /// Levels of `side` a taker may still take, best first, within `limit` (ticks), as
    /// (ticks, available qty).
    fn available(&self, side: Side, limit: Option<i64>) -> impl Iterator<Item = (i64, f64)> + '_ {
        self.book
            .levels(side)
            .take_while(move |l| match (limit, side) {
                (None, _) => true,
                (Some(p), Side::Ask) => l.ticks <= p,
                (Some(p), Side::Bid) => l.ticks >= p,
            })
            .map(move |l| (l.ticks, l.qty - self.consumed_at(side, l.ticks)))
            .filter(|&(_, q)| q > 0.0)
    }
}

/// The side a taker of `side` walks, and the side its resting order joins.
#[inline]
fn sides(side: OrderSide) -> (Side, Side) {
    match side {
        OrderSide::Buy => (Side::Ask, Side::Bid),
        OrderSide::Sell => (Side::Bid, Side::Ask),
    }
}

/// Whether a price `ticks` on the opposite side reaches a resting order at `r`.
#[inline]
fn reaches(r: &Resting, ticks: i64) -> bool {
    match r.side {
        Side::Bid => ticks <= r.ticks,
        Side::Ask => ticks >= r.ticks,
    }
}

impl SimVenue {
    fn l2_state(&self) -> Result<&L2State> {
        self.l2.as_deref().ok_or_else(|| SmcError::InvalidState("this venue is in bar mode, not L2 mode".into()))
    }

    /// The replayed book (without the venue's own consumption).
    ///
    /// # Errors
    /// `InvalidState` in bar mode.
    pub fn book(&self) -> Result<&OrderBook> {
        Ok(&self.l2_state()?.book)
    }

    /// Quantity our own takers have consumed at a level since it last changed.
    ///
    /// # Errors
    /// `InvalidState` in bar mode.
    pub fn consumed_at(&self, side: Side, ticks: i64) -> Result<f64> {
        Ok(self.l2_state()?.consumed_at(side, ticks))
    }

    /// An order's estimated queue ahead, if it rests in the book.
    pub fn queue_ahead(&self, id: OrderId) -> Option<f64> {
        self.l2.as_deref()?.resting.iter().find(|r| r.id == id).map(|r| r.queue.ahead)
    }

    fn begin_market_data(&mut self, ts: i64) -> Result<()> {
        self.l2_state()?;
        self.check_time(ts)?;
        self.run_until(ts);
        self.now = ts;
        Ok(())
    }

    /// Replaces the whole book at `ts` (a snapshot, or a resync after a gap).
    ///
    /// # Errors
    /// `InvalidState` in bar mode, `Unordered` for a time before `now()`, `NonFinite`/`OutOfRange`
    /// for bad quantities, `CrossedBook` for a crossed snapshot (the book is then unchanged).
    pub fn on_snapshot(&mut self, ts: i64, bids: &[Level], asks: &[Level]) -> Result<()> {
        self.begin_market_data(ts)?;
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        l2.book.replace_levels(bids, asks)?;
        l2.consumed.clear();
        l2.last_md_ns = Some(ts);
        let (queue, rng) = (&*self.models.queue, &mut self.rng);
        for r in &mut l2.resting {
            let q = l2.book.qty_at(r.side, r.ticks);
            queue.on_level_change(&mut r.queue, q, rng);
            r.queue.level_qty = q;
            r.queue.traded_since_update = 0.0;
        }
        for k in 0..l2.resting.len() {
            let r = l2.resting[k];
            if let Some(best) = l2.book.best(r.side.opposite()) {
                if reaches(&r, best.ticks) {
                    l2.fills.push((r.id, r.ticks, f64::INFINITY));
                }
            }
        }
        self.flush_maker_fills(ts);
        Ok(())
    }

    /// One level update at `ts`: `side`'s quantity at `ticks` becomes `qty` (0 removes it).
    ///
    /// # Errors
    /// `InvalidState` in bar mode, `Unordered`, `NonFinite`/`OutOfRange` for a bad quantity.
    pub fn on_level(&mut self, ts: i64, side: Side, ticks: i64, qty: f64) -> Result<()> {
        check::finite_scalar("qty", qty)?;
        if qty < 0.0 {
            return Err(SmcError::out_of_range("qty", qty, "a quantity >= 0"));
        }
        self.begin_market_data(ts)?;
        self.apply_level(ts, side, ticks, qty);
        Ok(())
    }

    /// One trade at `ts` of `qty` at `ticks`; `aggressor` is the side that crossed the spread.
    ///
    /// # Errors
    /// `InvalidState` in bar mode, `Unordered`, `NonFinite`/`OutOfRange` for a quantity <= 0.
    pub fn on_trade(&mut self, ts: i64, ticks: i64, qty: f64, aggressor: OrderSide) -> Result<()> {
        check::finite_scalar("trade qty", qty)?;
        if qty <= 0.0 {
            return Err(SmcError::out_of_range("trade qty", qty, "a quantity > 0"));
        }
        self.begin_market_data(ts)?;
        self.apply_trade(ts, ticks, qty, aggressor);
        Ok(())
    }

    /// Replays a batch of level updates and trades (validated as a whole before anything is
    /// applied). Returns the number of rows.
    ///
    /// # Errors
    /// `InvalidState` in bar mode; `LengthMismatch`, `InvalidInput` (kind), `NonFinite`,
    /// `OutOfRange` (qty), `Unordered` (time) with nothing applied.
    pub fn on_market_batch(&mut self, batch: &MarketBatch) -> Result<usize> {
        self.l2_state()?;
        batch.validate(self.now)?;
        for i in 0..batch.kind.len() {
            let ts = batch.ts_ns[i];
            self.run_until(ts);
            self.now = ts;
            let (t, q) = (batch.ticks[i], batch.qty[i]);
            match batch.kind[i] {
                row::BID => self.apply_level(ts, Side::Bid, t, q),
                row::ASK => self.apply_level(ts, Side::Ask, t, q),
                row::TRADE_BUY => self.apply_trade(ts, t, q, OrderSide::Buy),
                _ => self.apply_trade(ts, t, q, OrderSide::Sell),
            }
        }
        Ok(batch.kind.len())
    }

    #[inline]
    fn apply_level(&mut self, ts: i64, side: Side, ticks: i64, qty: f64) {
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        // Validated by the callers; set_level only re-checks the quantity.
        let _ = l2.book.set_level(side, ticks, qty);
        l2.last_md_ns = Some(ts);
        if !l2.consumed.is_empty() {
            l2.consumed.retain(|c| !(c.0 == side && c.1 == ticks));
        }
        if l2.resting.is_empty() {
            return;
        }
        let (queue, rng) = (&*self.models.queue, &mut self.rng);
        for r in &mut l2.resting {
            if r.side == side {
                if r.ticks == ticks {
                    queue.on_level_change(&mut r.queue, qty, rng);
                    r.queue.level_qty = qty;
                    r.queue.traded_since_update = 0.0;
                }
            } else if qty > 0.0 && reaches(r, ticks) {
                l2.fills.push((r.id, r.ticks, f64::INFINITY));
            }
        }
        if !l2.fills.is_empty() {
            self.flush_maker_fills(ts);
        }
    }

    #[inline]
    fn apply_trade(&mut self, ts: i64, ticks: i64, qty: f64, aggressor: OrderSide) {
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        l2.last_md_ns = Some(ts);
        // A buy aggressor hits resting asks (our sells), a sell aggressor resting bids.
        let hit = match aggressor {
            OrderSide::Buy => Side::Ask,
            OrderSide::Sell => Side::Bid,
        };
        for r in &mut l2.resting {
            if r.side != hit {
                continue;
            }
            if r.ticks == ticks {
                let through = r.queue.on_trade(qty);
                if through > 0.0 {
                    l2.fills.push((r.id, r.ticks, through));
                }
            } else if reaches(r, ticks) {
                // Traded through our price: everything at our price went first.
                l2.fills.push((r.id, r.ticks, f64::INFINITY));
            }
        }
        if !l2.fills.is_empty() {
            self.flush_maker_fills(ts);
        }
    }

    /// Books the maker fills collected in the scratch buffer.
    fn flush_maker_fills(&mut self, ts: i64) {
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        let fills = std::mem::take(&mut l2.fills);
        let tick = l2.tick();
        for &(id, ticks, qty) in &fills {
            if self.orders[id as usize].status.is_done() {
                continue; // filled by an earlier entry of this batch
            }
            let leaves = self.fill(id, ts, tick.ticks_to_price(ticks), qty, Liquidity::Maker);
            if leaves == 0.0 {
                self.remove_working(id);
            }
        }
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        l2.fills = fills;
        l2.fills.clear();
    }

    /// Why an order arriving at `t` cannot be matched, if the book is unusable.
    fn book_problem(&self, t: i64) -> Option<RejectReason> {
        let l2 = self.l2.as_deref()?;
        let last = match l2.last_md_ns {
            None => return Some(RejectReason::StaleBook),
            Some(last) => last,
        };
        if self.cfg.max_book_age_ns.is_some_and(|age| t - last > age) {
            return Some(RejectReason::StaleBook);
        }
        if l2.book.is_crossed() {
            return Some(RejectReason::CrossedBook);
        }
        None
    }

    /// Takes liquidity for order `id` up to `limit`, as a taker. Stops when the order is filled.
    fn take(&mut self, id: OrderId, t: i64, limit: Option<i64>) {
        let side = sides(self.orders[id as usize].request.side).0;
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        let mut want = self.orders[id as usize].leaves_qty;
        let mut takes = std::mem::take(&mut l2.fills);
        for (ticks, avail) in l2.available(side, limit) {
            if want <= 0.0 {
                break;
            }
            let q = avail.min(want);
            takes.push((id, ticks, q));
            want -= q;
        }
        for &(_, ticks, q) in &takes {
            match l2.consumed.iter_mut().find(|c| c.0 == side && c.1 == ticks) {
                Some(c) => c.2 += q,
                None => l2.consumed.push((side, ticks, q)),
            }
        }
        let tick = l2.tick();
        for &(_, ticks, q) in &takes {
            self.fill(id, t, tick.ticks_to_price(ticks), q, Liquidity::Taker);
        }
        takes.clear();
        self.l2.as_deref_mut().expect("checked L2 mode").fills = takes;
    }

    fn rest(&mut self, id: OrderId) {
        let o = &self.orders[id as usize];
        let (side, ticks) = (sides(o.request.side).1, o.price_ticks);
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        let level = l2.book.qty_at(side, ticks);
        l2.resting.push(Resting { id, side, ticks, queue: QueuePosition::join(level) });
        self.start_working(id);
    }

    /// Marketable now (against liquidity still available)?
    fn marketable(&self, side: OrderSide, limit: i64) -> bool {
        let l2 = self.l2.as_deref().expect("checked L2 mode");
        l2.available(sides(side).0, Some(limit)).next().is_some()
    }

    /// Matches a limit order at `limit` as a taker, then rests or expires the remainder.
    fn match_limit(&mut self, id: OrderId, t: i64) {
        let o = &self.orders[id as usize];
        let (limit, tif) = (o.price_ticks, o.request.tif);
        self.take(id, t, Some(limit));
        if self.orders[id as usize].status == OrderStatus::Filled {
            return;
        }
        match tif {
            TimeInForce::Ioc | TimeInForce::Fok => self.finish(id, OrderStatus::Expired, t),
            TimeInForce::Gtc | TimeInForce::Day => self.rest(id),
        }
    }

    pub(crate) fn l2_arrival(&mut self, t: i64, action: Action) {
        match action {
            Action::Submit(id) => self.l2_submit(id, t),
            Action::Cancel(id) => {
                match self.orders[id as usize].status {
                    s if s.is_done() => self.refuse_cancel(id, t, RejectReason::TooLateToCancel),
                    OrderStatus::InFlight => self.refuse_cancel(id, t, RejectReason::NotYetArrived),
                    _ => self.finish(id, OrderStatus::Cancelled, t),
                }
            }
            Action::Amend { id, price, ticks, qty } => self.l2_amend(id, t, price, ticks, qty),
        }
    }

    fn l2_submit(&mut self, id: OrderId, t: i64) {
        if let Some(reason) = self.book_problem(t) {
            return self.reject(id, t, reason);
        }
        if !self.cap_reduce_only(id) {
            return self.reject(id, t, RejectReason::ReduceOnlyWouldIncrease);
        }
        let o = &self.orders[id as usize];
        let (req, leaves) = (o.request, o.leaves_qty);
        let limit = (req.order_type == OrderType::Limit).then_some(o.price_ticks);
        if req.post_only && self.marketable(req.side, o.price_ticks) {
            return self.reject(id, t, RejectReason::PostOnlyWouldTake);
        }
        if req.tif == TimeInForce::Fok {
            let l2 = self.l2.as_deref().expect("checked L2 mode");
            let avail: f64 = l2.available(sides(req.side).0, limit).map(|(_, q)| q).sum();
            if avail < leaves {
                return self.reject(id, t, RejectReason::FokUnfillable);
            }
        }
        self.accept(id, t);
        match req.order_type {
            OrderType::Limit => self.match_limit(id, t),
            OrderType::Market => {
                self.take(id, t, None);
                if self.orders[id as usize].status != OrderStatus::Filled {
                    self.finish(id, OrderStatus::Expired, t);
                }
            }
        }
    }

    fn l2_amend(&mut self, id: OrderId, t: i64, price: f64, ticks: i64, qty: f64) {
        let o = &self.orders[id as usize];
        if o.status.is_done() {
            return self.refuse_cancel(id, t, RejectReason::TooLateToCancel);
        }
        if o.status == OrderStatus::InFlight {
            return self.refuse_cancel(id, t, RejectReason::NotYetArrived);
        }
        if qty <= o.filled_qty {
            return self.refuse_cancel(id, t, RejectReason::AmendBelowFilled);
        }
        if o.request.post_only && ticks != o.price_ticks && self.marketable(o.request.side, ticks) {
            return self.refuse_cancel(id, t, RejectReason::PostOnlyWouldTake);
        }
        let keeps_priority = ticks == o.price_ticks && qty <= o.request.qty;
        let o = &mut self.orders[id as usize];
        o.request.price = price;
        o.request.qty = qty;
        o.price_ticks = ticks;
        o.leaves_qty = qty - o.filled_qty;
        let mut e = ExecEvent::new(ExecKind::Amended, id, t, o.leaves_qty);
        e.price = price;
        e.qty = qty;
        self.emit(e);
        if !keeps_priority {
            self.remove_working(id);
            self.match_limit(id, t);
        }
    }
}
