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

use super::orders::{Liquidity, OrderId, OrderSide};
use super::queue::QueuePosition;
use super::venue::SimVenue;
use crate::book::{Level, OrderBook, SequenceRule, Side, TickSize};
use crate::error::{check, Result, SmcError};

/// A resting order's place in the book.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resting {
    pub(crate) id: OrderId,
    /// The book side it rests on (bids for buys).
    pub(crate) side: Side,
    pub(crate) ticks: i64,
    pub(crate) queue: QueuePosition,
}

/// The replayed book and the venue's own footprint on it.
#[derive(Debug, Clone)]
pub(crate) struct L2State {
    pub(crate) book: OrderBook,
    /// Liquidity taken by our own takers since the level last changed: (side, ticks, qty).
    pub(crate) consumed: Vec<(Side, i64, f64)>,
    pub(crate) last_md_ns: Option<i64>,
    pub(crate) resting: Vec<Resting>,
    /// Scratch buffer of pending fills (id, price ticks, qty), reused to avoid allocation.
    pub(crate) fills: Vec<(OrderId, i64, f64)>,
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

/// Prices beyond this many ticks are refused: far outside any real instrument, and keeping
/// them bounded lets the book negate and subtract ticks without overflow (the bound of
/// `TickSize::price_to_ticks`).
const MAX_TICKS: i64 = 9_000_000_000_000_000;

fn check_ticks(what: &str, ticks: i64) -> Result<()> {
    if ticks.unsigned_abs() > MAX_TICKS as u64 {
        return Err(SmcError::out_of_range(
            what,
            ticks as f64,
            "a price within +/-9e15 ticks",
        ));
    }
    Ok(())
}

impl MarketBatch<'_> {
    fn validate(&self, now: i64) -> Result<()> {
        let n = self.kind.len();
        check::same_len("ts", n, self.ts_ns.len())?;
        check::same_len("ticks", n, self.ticks.len())?;
        check::same_len("qty", n, self.qty.len())?;
        check::finite("qty", self.qty)?;
        // Scan first, name the row only on error: this loop runs once per market-data row.
        if let Some(i) = self
            .ticks
            .iter()
            .position(|t| t.unsigned_abs() > MAX_TICKS as u64)
        {
            check_ticks(&format!("ticks[{i}]"), self.ticks[i])?;
        }
        let mut prev = now;
        for i in 0..n {
            let (k, q, t) = (self.kind[i], self.qty[i], self.ts_ns[i]);
            if k > row::TRADE_SELL {
                return Err(SmcError::invalid(format!(
                    "kind[{i}] = {k}: expected 0..=3 (bid, ask, trade buy, trade sell)"
                )));
            }
            if q < 0.0 || (k >= row::TRADE_BUY && q == 0.0) {
                return Err(SmcError::out_of_range(
                    &format!("qty[{i}]"),
                    q,
                    "a level qty >= 0 or a trade qty > 0",
                ));
            }
            if t < prev {
                return Err(SmcError::Unordered(format!(
                    "ts[{i}] = {t} is before {prev}"
                )));
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
        self.consumed
            .iter()
            .find(|c| c.0 == side && c.1 == ticks)
            .map_or(0.0, |c| c.2)
    }

    /// Levels of `side` a taker may still take, best first, within `limit` (ticks), as
    /// (ticks, available qty).
    pub(crate) fn available(
        &self,
        side: Side,
        limit: Option<i64>,
    ) -> impl Iterator<Item = (i64, f64)> + '_ {
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
pub(crate) fn sides(side: OrderSide) -> (Side, Side) {
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
    pub(crate) fn l2_state(&self) -> Result<&L2State> {
        self.l2
            .as_deref()
            .ok_or_else(|| SmcError::InvalidState("this venue is in bar mode, not L2 mode".into()))
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

    /// Up to `max_levels` levels of `side` that a taker could take now, best first: the
    /// replayed book minus what our own takers consumed since each level last changed (what a
    /// router should see of this venue).
    ///
    /// # Errors
    /// `InvalidState` in bar mode.
    pub fn available_levels(&self, side: Side, max_levels: usize) -> Result<Vec<Level>> {
        Ok(self
            .l2_state()?
            .available(side, None)
            .take(max_levels)
            .map(|(ticks, qty)| Level::new(ticks, qty))
            .collect())
    }

    /// An order's estimated queue ahead, if it rests in the book.
    pub fn queue_ahead(&self, id: OrderId) -> Option<f64> {
        self.l2
            .as_deref()?
            .resting
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.queue.ahead)
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
        for l in bids.iter().chain(asks) {
            check_ticks("snapshot level ticks", l.ticks)?;
        }
        self.begin_market_data(ts)?;
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        l2.book.replace_levels(bids, asks)?;
        self.book_replaced(ts);
        Ok(())
    }

    /// Replaces the whole book at `ts` with a top-of-book quote: one level per side (a zero
    /// quantity leaves that side empty), for feeds that carry only the best bid and offer. The
    /// venue then knows no depth behind the touch: a taker larger than the quoted size fills
    /// only that size. Unlike a snapshot, a crossed or locked quote is kept as it came (as level
    /// updates are), and orders arriving while it stands are rejected as `CrossedBook`.
    ///
    /// # Errors
    /// `InvalidState` in bar mode, `Unordered` for a time before `now()`, `NonFinite`/`OutOfRange`
    /// for a bad quantity or price; on error nothing changes.
    pub fn on_quote(&mut self, ts: i64, bid: Level, ask: Level) -> Result<()> {
        for (what, l) in [("bid", bid), ("ask", ask)] {
            check_ticks(&format!("{what} ticks"), l.ticks)?;
            check::finite_scalar(&format!("{what} qty"), l.qty)?;
            if l.qty < 0.0 {
                return Err(SmcError::out_of_range(
                    &format!("{what} qty"),
                    l.qty,
                    "a quantity >= 0",
                ));
            }
        }
        self.begin_market_data(ts)?;
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        l2.book.replace_top(bid, ask)?;
        self.book_replaced(ts);
        Ok(())
    }

    /// After the book was replaced at `ts`: our consumption is forgotten (the new book is the
    /// market's), resting queues are re-based on their level, and resting orders the opposite
    /// side now reaches are filled.
    fn book_replaced(&mut self, ts: i64) {
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
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
    }

    /// One level update at `ts`: `side`'s quantity at `ticks` becomes `qty` (0 removes it).
    ///
    /// # Errors
    /// `InvalidState` in bar mode, `Unordered`, `NonFinite`/`OutOfRange` for a bad quantity.
    pub fn on_level(&mut self, ts: i64, side: Side, ticks: i64, qty: f64) -> Result<()> {
        check_ticks("ticks", ticks)?;
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
        check_ticks("trade ticks", ticks)?;
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
            if self.orders[id].status.is_done() {
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
}
