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
//!
//! # Memory
//! Working orders are always kept. Finished ones are kept up to
//! [`VenueConfig::max_finished_orders`], then dropped oldest finished first (see
//! `order_table`), so a venue that runs for days does not grow with every order. A dropped
//! order never produces another event; [`SimVenue::order`] and the requests on it answer
//! `NotFound`.

use std::collections::BinaryHeap;

use super::fees::{FeeModel, MakerTakerFees};
use super::latency::{ConstantLatency, LatencyModel};
use super::lifecycle::Due;
use super::matching_bar::{BarConfig, BarState};
use super::matching_l2::L2State;
use super::order_table::OrderTable;
use super::orders::{
    ExecEvent, OrderId, OrderRequest, OrderState, OrderStatus, OrderType, TimeInForce,
};
use super::queue::{QueueModel, RiskAverseQueue};
use super::slippage::{FixedBpsSlippage, SlippageModel};
use crate::book::TickSize;
use crate::error::{check, Result, SmcError};
use crate::rng::Rng;

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
    /// Finished orders (filled, cancelled, rejected, expired) kept for [`SimVenue::order`]:
    /// beyond this many, the order that finished first is dropped, once the client has drained
    /// its events and no request on it is still in flight. Working orders are always kept.
    /// `usize::MAX`: keep every order (a backtest that inspects them all afterwards).
    pub max_finished_orders: usize,
}

impl VenueConfig {
    /// Default of [`Self::max_finished_orders`]: about 1 MB of order state (96 bytes per
    /// order; the SDK adds its client order ids), per venue and so per symbol of a paper-trading
    /// engine, and far more finished orders than a strategy looks back at.
    pub const DEFAULT_MAX_FINISHED_ORDERS: usize = 10_000;
}

impl Default for VenueConfig {
    fn default() -> Self {
        VenueConfig {
            seed: 0,
            max_book_age_ns: None,
            session_end_offset_ns: 0,
            initial_position: 0.0,
            max_finished_orders: Self::DEFAULT_MAX_FINISHED_ORDERS,
        }
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
    Amend {
        id: OrderId,
        price: f64,
        ticks: i64,
        qty: f64,
    },
}

/// A simulated venue. Build with [`SimVenue::l2`] or [`SimVenue::bar`].
pub struct SimVenue {
    pub(crate) cfg: VenueConfig,
    pub(crate) models: Models,
    pub(crate) rng: Rng,
    pub(crate) now: i64,
    pub(crate) orders: OrderTable,
    /// Orders at the engine that can still fill (resting limits; bar-mode working orders).
    pub(crate) working: Vec<OrderId>,
    pub(crate) position: f64,
    /// Requests on their way to the engine, by arrival time.
    pub(crate) in_flight: BinaryHeap<Due<Action>>,
    pub(crate) seq: u64,
    /// Events produced but not yet received, by receive time.
    pub(crate) undelivered: BinaryHeap<Due<ExecEvent>>,
    pub(crate) next_expiry: i64,
    /// The replayed book (L2 mode).
    pub(crate) l2: Option<Box<L2State>>,
    /// The bar settings (bar mode).
    pub(crate) bar: Option<BarState>,
}

impl Action {
    pub(crate) fn order(self) -> OrderId {
        match self {
            Action::Submit(id) | Action::Cancel(id) | Action::Amend { id, .. } => id,
        }
    }
}

impl SimVenue {
    /// A request reached the engine: it no longer holds its order in memory (see
    /// `order_table`).
    pub(crate) fn arrived(&mut self, action: Action) {
        self.orders.end(action.order());
    }

    fn with_mode(
        cfg: VenueConfig,
        models: Models,
        l2: Option<Box<L2State>>,
        bar: Option<BarState>,
    ) -> Result<Self> {
        check::finite_scalar("initial_position", cfg.initial_position)?;
        if let Some(a) = cfg.max_book_age_ns {
            if a < 0 {
                return Err(SmcError::out_of_range(
                    "max_book_age_ns",
                    a as f64,
                    "an age >= 0 ns",
                ));
            }
        }
        Ok(SimVenue {
            rng: Rng::new(cfg.seed),
            position: cfg.initial_position,
            cfg,
            models,
            now: i64::MIN,
            orders: OrderTable::new(cfg.max_finished_orders),
            working: Vec::new(),
            in_flight: BinaryHeap::new(),
            seq: 0,
            undelivered: BinaryHeap::new(),
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
    /// `NotFound` for an id never handed out, or for a finished order that was dropped (see
    /// [`VenueConfig::max_finished_orders`]).
    pub fn order(&self, id: OrderId) -> Result<&OrderState> {
        self.orders.get(id).ok_or_else(|| {
            SmcError::NotFound(if (id as usize) < self.orders.next_id() {
                format!(
                    "order id {id}: finished and no longer kept (the venue keeps the last {} finished orders)",
                    self.orders.max_finished()
                )
            } else {
                format!("order id {id}")
            })
        })
    }

    /// Number of orders ever submitted (ids are `0..order_count()`, each handed out once).
    pub fn order_count(&self) -> usize {
        self.orders.next_id()
    }

    /// Number of orders whose state is kept: the working ones and the finished ones not yet
    /// dropped (at most [`VenueConfig::max_finished_orders`] of those, plus the few whose
    /// events the client has not drained yet).
    pub fn kept_orders(&self) -> usize {
        self.orders.kept()
    }

    /// Ids of the finished orders dropped by the last [`submit`](Self::submit) call (whether
    /// it succeeded or not: it drops before it validates), so a client
    /// that maps its own ids to the venue's can forget them too. None of them will appear in
    /// an event again.
    pub fn dropped_orders(&self) -> &[OrderId] {
        self.orders.dropped()
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
        // Memory grows only with submits, so this is where finished orders are let go.
        self.orders.trim();
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
        let id = OrderId::try_from(self.orders.next_id())
            .map_err(|_| SmcError::InvalidState("too many orders".into()))?;
        let expires_ns = if req.tif == TimeInForce::Day {
            self.session_end_after(self.now)
        } else {
            i64::MAX
        };
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
            done_received_ns: i64::MAX,
            fees: 0.0,
        });
        let delay = self
            .models
            .latency
            .submit_ns(self.now, &mut self.rng)
            .max(0);
        self.schedule(self.now.saturating_add(delay), Action::Submit(id));
        Ok(id)
    }

    fn live_order(&self, id: OrderId) -> Result<&OrderState> {
        let o = self.order(id)?;
        // Done at the engine but the client has not been told yet: not a client error.
        if o.status.is_done() && o.done_received_ns <= self.now {
            return Err(SmcError::InvalidState(format!(
                "order {id} is already {:?}",
                o.status
            )));
        }
        if o.cancel_pending {
            return Err(SmcError::InvalidState(format!(
                "order {id} has a cancel in flight"
            )));
        }
        Ok(o)
    }

    /// Sends a cancel at `now()`.
    ///
    /// # Errors
    /// `NotFound` for an unknown id, `InvalidState` when the client has already received the
    /// order's final event or a cancel is already in flight. (A cancel sent before that event
    /// reached the client, or arriving after a fill completed the order, comes back as a
    /// `CancelRejected` event with `TooLateToCancel`.)
    pub fn cancel(&mut self, id: OrderId) -> Result<()> {
        self.live_order(id)?;
        self.orders[id].cancel_pending = true;
        let delay = self
            .models
            .latency
            .cancel_ns(self.now, &mut self.rng)
            .max(0);
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
            return Err(SmcError::invalid(
                "amend needs a new price or a new quantity",
            ));
        }
        let mut probe = o.request;
        probe.price = price.unwrap_or(probe.price);
        probe.qty = qty.unwrap_or(probe.qty);
        probe.validate()?;
        let ticks = match &self.l2 {
            Some(l2) => l2.tick().price_to_ticks(probe.price)?,
            None => 0,
        };
        let delay = self
            .models
            .latency
            .cancel_ns(self.now, &mut self.rng)
            .max(0);
        self.schedule(
            self.now.saturating_add(delay),
            Action::Amend {
                id,
                price: probe.price,
                ticks,
                qty: probe.qty,
            },
        );
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
}
