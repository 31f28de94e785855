//! The per-venue simulator: order entry, the simulated clock, latency, and event delivery. The
//! matching itself is in `matching_l2` (replayed book) and `matching_bar` (bars).
//!
//! # Time
//! The venue has one clock, `now()`, in nanoseconds. Market data moves it forward (each event
//! carries its timestamp; time never goes backwards); [`SimVenue::advance_to`] moves it without
//! data. Orders, cancels and amends are sent at `now()` and reach the matching engine after the
//! latency model's delay; before any market data at or after that arrival time is applied, the
//! engine processes them, in arrival order (ties: sending order). Every event the engine produces
//! is stamped with its engine time and with `receive_ns = engine time + response latency`, and
//! [`SimVenue::drain_events`] hands over the events whose `receive_ns <= now()`, in
//! receive order: a strategy never learns of a fill before it could have.
//!
//! # Determinism
//! All randomness (sampled queue models, user models) draws from one [`Rng`] seeded from
//! [`VenueConfig::seed`], and all iteration orders are fixed (ids, arrival sequence), so the same
//! inputs and seed give the same events bit for bit.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::fees::{FeeInput, FeeModel, MakerTakerFees};
use super::latency::{ConstantLatency, LatencyModel};
use super::matching_bar::{BarConfig, BarState};
use super::matching_l2::L2State;
use super::orders::{ExecEvent, ExecKind, Liquidity, OrderId, OrderRequest, OrderSide, OrderState, OrderStatus, OrderType, RejectReason, TimeInForce};
use super::queue::{QueueModel, RiskAverseQueue};
use super::slippage::{FixedBpsSlippage, SlippageModel};
use crate::book::TickSize;
use crate::error::{check, Result, SmcError};
use crate::rng::Rng;

const DAY_NS: i64 = 86_400_000_000_000;

/// Settings shared by both modes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VenueConfig {
    /// Seed of the venue's RNG.
    pub seed: u64,
    /// Orders arriving when the last market data is older than this are rejected as
    /// [`RejectReason::StaleBook`] (L2 mode). `None`: no limit.
    pub max_book_age_ns: Option<i64>,
    /// Day orders expire at the next `k * 24h + session_end_offset_ns` (UTC epoch ns) after they
    /// are sent; 0 = midnight UTC.
    pub session_end_offset_ns: i64,
    /// The venue position before the first fill (for reduce-only checks).
    pub initial_position: f64,
}

impl Default for VenueConfig {
    fn default() -> Self {
        VenueConfig { seed: 0, max_book_age_ns: None, session_end_offset_ns: 0, initial_position: 0.0 }
    }
}

/// The pluggable models of a venue. [`Default`]: risk-averse queue, zero latency, zero fees,
/// zero slippage.
pub struct Models {
    pub queue: Box<dyn QueueModel>,
    pub latency: Box<dyn LatencyModel>,
    pub fees: Box<dyn FeeModel>,
    /// Bar mode only.
    pub slippage: Box<dyn SlippageModel>,
}

impl Default for Models {
    fn default() -> Self {
        Models {
            queue: Box::new(RiskAverseQueue),
            latency: Box::new(ConstantLatency::default()),
            fees: Box::new(MakerTakerFees::default()),
            slippage: Box::new(FixedBpsSlippage { bps: 0.0 }),
        }
    }
}

/// A request on its way to the matching engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Action {
    Submit(OrderId),
    Cancel(OrderId),
    /// New limit price (ticks in L2 mode, price bits in bar mode via `price`) and quantity.
    Amend { id: OrderId, price: f64, ticks: i64, qty: f64 },
}

/// A simulated venue. Build with [`SimVenue::l2`] or [`SimVenue::bar`].
pub struct SimVenue {
    pub(crate) cfg: VenueConfig,
    pub(crate) models: Models,
    pub(crate) rng: Rng,
    pub(crate) now: i64,
    pub(crate) orders: Vec<OrderState>,
    /// Orders at the engine that can still fill (resting limits; bar-mode working orders).
    pub(crate) working: Vec<OrderId>,
    pub(crate) position: f64,
    actions: Vec<Action>,
    /// (arrival ns, sequence, index into `actions`).
    in_flight: BinaryHeap<Reverse<(i64, u64, usize)>>,
    seq: u64,
    /// Events not yet received: (receive ns, sequence) -> index into `outbox`.
    undelivered: BinaryHeap<Reverse<(i64, u64, usize)>>,
    outbox: Vec<Option<ExecEvent>>,
    pub(crate) next_expiry: i64,
    /// The replayed book (L2 mode).
    pub(crate) l2: Option<Box<L2State>>,
    /// The bar settings (bar mode).
    pub(crate) bar: Option<BarState>,
}

impl SimVenue {
    fn with_mode(cfg: VenueConfig, models: Models, l2: Option<Box<L2State>>, bar: Option<BarState>) -> Result<Self> {
        check::finite_scalar("initial_position", cfg.initial_position)?;
        if let Some(a) = cfg.max_book_age_ns {
            if a < 0 {
                return Err(SmcError::out_of_range("max_book_age_ns", a as f64, "an age >= 0 ns"));
            }
        }
        Ok(SimVenue {
            rng: Rng::new(cfg.seed),
            position: cfg.initial_position,
            cfg,
            models,
            now: i64::MIN,
            orders: Vec::new(),
            working: Vec::new(),
            actions: Vec::new(),
            in_flight: BinaryHeap::new(),
            seq: 0,
            undelivered: BinaryHeap::new(),
            outbox: Vec::new(),
            next_expiry: i64::MAX,
            l2,
            bar,
        })
    }

    /// A venue matching against a replayed L2 book with prices on `tick`'s grid.
    pub fn l2(tick: TickSize, cfg: VenueConfig, models: Models) -> Result<Self> {
        Self::with_mode(cfg, models, Some(Box::new(L2State::new(tick))), None)
    }

    /// A venue matching against bars (see [`BarConfig`]).
    pub fn bar(bar: BarConfig, cfg: VenueConfig, models: Models) -> Result<Self> {
        bar.validate()?;
        Self::with_mode(cfg, models, None, Some(BarState::new(bar)))
    }

    /// The simulated clock (ns); `i64::MIN` before any data.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// The venue position: the initial position plus signed fills.
    pub fn position(&self) -> f64 {
        self.position
    }

    /// An order's current state.
    ///
    /// # Errors
    /// `NotFound` for an unknown id.
    pub fn order(&self, id: OrderId) -> Result<&OrderState> {
        self.orders.get(id as usize).ok_or_else(|| SmcError::NotFound(format!("order id {id}")))
    }

    /// Number of orders ever submitted (ids are `0..order_count()`).
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// Ids of the orders that can still fill at the engine, in arrival order.
    pub fn working_orders(&self) -> &[OrderId] {
        &self.working
    }

    /// Sends a new order at `now()`. Returns its id. The order reaches the engine after the
    /// submit latency; its fate comes back as events.
    ///
    /// # Errors
    /// `NonFinite`/`OutOfRange`/`InvalidInput` for a malformed order (see
    /// [`OrderRequest::validate`]), `InvalidInput` for a price off the tick grid (L2),
    /// `InvalidState` for a reduce-only order that would increase the current position.
    pub fn submit(&mut self, req: OrderRequest) -> Result<OrderId> {
        req.validate()?;
        let price_ticks = match (&self.l2, req.order_type) {
            (Some(l2), OrderType::Limit) => l2.tick().price_to_ticks(req.price)?,
            _ => 0,
        };
        if req.reduce_only && !self.reduces(req.side) {
            return Err(SmcError::InvalidState(format!(
                "reduce-only {:?} order would increase the position {}",
                req.side, self.position
            )));
        }
        let id = OrderId::try_from(self.orders.len()).map_err(|_| SmcError::InvalidState("too many orders".into()))?;
        let expires_ns = if req.tif == TimeInForce::Day { self.session_end_after(self.now) } else { i64::MAX };
        self.orders.push(OrderState {
            id,
            request: req,
            status: OrderStatus::InFlight,
            price_ticks,
            filled_qty: 0.0,
            leaves_qty: req.qty,
            submitted_ns: self.now,
            expires_ns,
            cancel_pending: false,
            fees: 0.0,
        });
        let delay = self.models.latency.submit_ns(self.now, &mut self.rng).max(0);
        self.schedule(self.now.saturating_add(delay), Action::Submit(id));
        Ok(id)
    }

    fn live_order(&self, id: OrderId) -> Result<&OrderState> {
        let o = self.order(id)?;
        if o.status.is_done() {
            return Err(SmcError::InvalidState(format!("order {id} is already {:?}", o.status)));
        }
        if o.cancel_pending {
            return Err(SmcError::InvalidState(format!("order {id} has a cancel in flight")));
        }
        Ok(o)
    }

    /// Sends a cancel at `now()`.
    ///
    /// # Errors
    /// `NotFound` for an unknown id, `InvalidState` when the order is known to be done or a
    /// cancel is already in flight. (A cancel that arrives after a fill completed the order comes
    /// back as a `CancelRejected` event.)
    pub fn cancel(&mut self, id: OrderId) -> Result<()> {
        self.live_order(id)?;
        self.orders[id as usize].cancel_pending = true;
        let delay = self.models.latency.cancel_ns(self.now, &mut self.rng).max(0);
        self.schedule(self.now.saturating_add(delay), Action::Cancel(id));
        Ok(())
    }

    /// Sends an amend of a limit order's price and/or total quantity at `now()` (`None` keeps
    /// the current value). At the engine, a quantity decrease keeps the queue position; a price
    /// change or a quantity increase re-queues the order at the back.
    ///
    /// # Errors
    /// As [`cancel`](Self::cancel), plus `InvalidInput` for market orders or nothing to change,
    /// `NonFinite`/`OutOfRange` for bad values, `InvalidInput` for a price off the grid.
    pub fn amend(&mut self, id: OrderId, price: Option<f64>, qty: Option<f64>) -> Result<()> {
        let o = self.live_order(id)?;
        if o.request.order_type != OrderType::Limit {
            return Err(SmcError::invalid("only limit orders can be amended"));
        }
        if price.is_none() && qty.is_none() {
            return Err(SmcError::invalid("amend needs a new price or a new quantity"));
        }
        let mut probe = o.request;
        probe.price = price.unwrap_or(probe.price);
        probe.qty = qty.unwrap_or(probe.qty);
        probe.validate()?;
        let ticks = match &self.l2 {
            Some(l2) => l2.tick().price_to_ticks(probe.price)?,
            None => 0,
        };
        let delay = self.models.latency.cancel_ns(self.now, &mut self.rng).max(0);
        self.schedule(self.now.saturating_add(delay), Action::Amend { id, price: probe.price, ticks, qty: probe.qty });
        Ok(())
    }

    /// Moves the clock to `ts_ns` without market data, processing the arrivals and expiries
    /// due by then.
    ///
    /// # Errors
    /// `Unordered` when `ts_ns` is before `now()`.
    pub fn advance_to(&mut self, ts_ns: i64) -> Result<()> {
        self.check_time(ts_ns)?;
        self.run_until(ts_ns);
        self.now = ts_ns;
        Ok(())
    }

    /// Moves the events received by `now()` into `out` (appending), in receive order. Returns
    /// how many were moved.
    pub fn drain_events(&mut self, out: &mut Vec<ExecEvent>) -> usize {
        let mut n = 0;
        while let Some(&Reverse((t, _, i))) = self.undelivered.peek() {
            if t > self.now {
                break;
            }
            self.undelivered.pop();
            if let Some(e) = self.outbox[i].take() {
                out.push(e);
                n += 1;
            }
        }
        if self.undelivered.is_empty() {
            self.outbox.clear();
        }
        n
    }

    /// Events produced by the engine but not yet received.
    pub fn undelivered_events(&self) -> usize {
        self.undelivered.len()
    }

    pub(crate) fn check_time(&self, ts_ns: i64) -> Result<()> {
        if ts_ns < self.now {
            return Err(SmcError::Unordered(format!("time {ts_ns} is before the venue clock {}", self.now)));
        }
        Ok(())
    }

    fn schedule(&mut self, arrival: i64, action: Action) {
        self.actions.push(action);
        self.seq += 1;
        self.in_flight.push(Reverse((arrival, self.seq, self.actions.len() - 1)));
    }

    /// Processes everything due at or before `ts`: arrivals in arrival order and day expiries.
    #[inline]
    pub(crate) fn run_until(&mut self, ts: i64) {
        loop {
            let next_action = self.in_flight.peek().map_or(i64::MAX, |r| r.0 .0);
            let due = next_action.min(self.next_expiry);
            if due > ts {
                break;
            }
            if self.next_expiry <= next_action {
                self.expire_day_orders(self.next_expiry);
                continue;
            }
            let Reverse((t, _, i)) = self.in_flight.pop().expect("peeked");
            let action = self.actions[i];
            self.now = self.now.max(t);
            if self.l2.is_some() {
                self.l2_arrival(t, action);
            } else {
                self.bar_arrival(t, action);
            }
        }
        if self.in_flight.is_empty() {
            self.actions.clear();
        }
    }

    fn session_end_after(&self, t: i64) -> i64 {
        let off = self.cfg.session_end_offset_ns.rem_euclid(DAY_NS);
        let base = t.max(0) - off;
        (base.div_euclid(DAY_NS) + 1) * DAY_NS + off
    }

    fn expire_day_orders(&mut self, at: i64) {
        let mut next = i64::MAX;
        let ids: Vec<OrderId> = self.working.clone();
        for id in ids {
            let o = &self.orders[id as usize];
            if o.expires_ns <= at {
                self.finish(id, OrderStatus::Expired, at);
            } else {
                next = next.min(o.expires_ns);
            }
        }
        self.next_expiry = next;
    }

    /// Marks a day order as working, tracking the next expiry.
    pub(crate) fn start_working(&mut self, id: OrderId) {
        self.working.push(id);
        self.next_expiry = self.next_expiry.min(self.orders[id as usize].expires_ns);
    }

    /// Whether an order on `side` reduces the current position.
    pub(crate) fn reduces(&self, side: OrderSide) -> bool {
        self.position * side.sign() < 0.0
    }

    /// Emits an event produced by the engine at `at`, stamping its receive time.
    pub(crate) fn emit(&mut self, mut e: ExecEvent) {
        let delay = self.models.latency.response_ns(e.exchange_ns, &mut self.rng).max(0);
        e.receive_ns = e.exchange_ns.saturating_add(delay);
        self.outbox.push(Some(e));
        self.seq += 1;
        self.undelivered.push(Reverse((e.receive_ns, self.seq, self.outbox.len() - 1)));
    }

    pub(crate) fn reject(&mut self, id: OrderId, at: i64, reason: RejectReason) {
        let o = &mut self.orders[id as usize];
        o.status = OrderStatus::Rejected;
        let mut e = ExecEvent::new(ExecKind::Rejected, id, at, 0.0);
        o.leaves_qty = 0.0;
        e.reason = Some(reason);
        self.emit(e);
    }

    pub(crate) fn refuse_cancel(&mut self, id: OrderId, at: i64, reason: RejectReason) {
        let o = &mut self.orders[id as usize];
        o.cancel_pending = false;
        let mut e = ExecEvent::new(ExecKind::CancelRejected, id, at, o.leaves_qty);
        e.reason = Some(reason);
        self.emit(e);
    }

    pub(crate) fn accept(&mut self, id: OrderId, at: i64) {
        let o = &mut self.orders[id as usize];
        o.status = OrderStatus::Open;
        let mut e = ExecEvent::new(ExecKind::Accepted, id, at, o.leaves_qty);
        e.price = o.request.price;
        self.emit(e);
    }

    /// Ends an order (cancelled, expired) and removes it from the working set.
    pub(crate) fn finish(&mut self, id: OrderId, status: OrderStatus, at: i64) {
        let o = &mut self.orders[id as usize];
        o.status = status;
        o.cancel_pending = false;
        let leaves = o.leaves_qty;
        o.leaves_qty = 0.0;
        let kind = if status == OrderStatus::Cancelled { ExecKind::Cancelled } else { ExecKind::Expired };
        // `qty` reports the quantity taken off the book; nothing is left open.
        let mut e = ExecEvent::new(kind, id, at, 0.0);
        e.qty = leaves;
        self.emit(e);
        self.remove_working(id);
    }

    pub(crate) fn remove_working(&mut self, id: OrderId) {
        if let Some(k) = self.working.iter().position(|&w| w == id) {
            self.working.remove(k);
            if let Some(l2) = self.l2.as_deref_mut() {
                l2.unqueue(id);
            }
        }
    }

    /// Books a fill of `qty` at `price` (charging the fee model) and emits the event. Returns
    /// the quantity left. The caller removes a filled order from its working structures.
    pub(crate) fn fill(&mut self, id: OrderId, at: i64, price: f64, qty: f64, liquidity: Liquidity) -> f64 {
        let o = &mut self.orders[id as usize];
        let qty = qty.min(o.leaves_qty);
        let first_fill = o.filled_qty == 0.0;
        let fee = self.models.fees.fee(&FeeInput { ts_ns: at, liquidity, price, qty, first_fill });
        let o = &mut self.orders[id as usize];
        o.filled_qty += qty;
        o.leaves_qty -= qty;
        // Float residue below a billionth of the order is a complete fill.
        if o.leaves_qty <= o.request.qty * 1e-12 {
            o.leaves_qty = 0.0;
            o.status = OrderStatus::Filled;
        }
        o.fees += fee;
        let leaves = o.leaves_qty;
        self.position += o.request.side.sign() * qty;
        let mut e = ExecEvent::new(ExecKind::Fill, id, at, leaves);
        e.price = price;
        e.qty = qty;
        e.fee = fee;
        e.liquidity = Some(liquidity);
        self.emit(e);
        leaves
    }

    /// Caps a reduce-only order to the position at execution time; false when nothing is left
    /// to reduce (the caller rejects).
    pub(crate) fn cap_reduce_only(&mut self, id: OrderId) -> bool {
        let o = &self.orders[id as usize];
        if !o.request.reduce_only {
            return true;
        }
        if !self.reduces(o.request.side) {
            return false;
        }
        let cap = self.position.abs();
        let o = &mut self.orders[id as usize];
        o.leaves_qty = o.leaves_qty.min(cap);
        true
    }
}
