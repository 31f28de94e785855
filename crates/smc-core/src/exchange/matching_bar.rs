//! Bar matching, for backtests on OHLCV bars where no book is available.
//!
//! The engine acts only at bar boundaries: requests that reach the venue (after their latency)
//! are processed when the next bar opens, at its open time. Then, in arrival order:
//! - market orders fill at the bar's open or close ([`BarPrice`]), moved by the slippage model,
//!   as taker;
//! - limit orders that arrive marketable at the open (a buy limit at or above the open) fill at
//!   the slippage-adjusted open, never worse than the limit, as taker; post-only ones are
//!   rejected instead;
//! - resting limit orders fill at their limit price, as maker, when the bar reaches it
//!   ([`TouchRule`]: the low at or below a buy limit, or strictly below for `TradeThrough`, the
//!   conservative choice that assumes a queue at the touch). Touch fills are stamped at the bar's
//!   close time, when the bar's range is known.
//! - With `max_volume_fraction`, all fills of a bar together take at most that fraction of its
//!   volume (partial fills); the rest of IOC/FOK/market orders expires, GTC/day orders keep
//!   working.

use super::orders::{
    ExecEvent, ExecKind, Liquidity, OrderId, OrderStatus, OrderType, RejectReason, TimeInForce,
};
use super::slippage::{self, SlippageInput};
use super::venue::{Action, SimVenue};
use crate::error::{check, Result, SmcError};

/// Which price fills market orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BarPrice {
    #[default]
    Open,
    Close,
}

/// When a resting limit order counts as filled by a bar's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TouchRule {
    /// The range reaches the limit (low <= buy limit, high >= sell limit).
    #[default]
    Touch,
    /// The range goes strictly beyond the limit.
    TradeThrough,
}

/// Bar-mode settings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BarConfig {
    pub market_fill: BarPrice,
    pub touch: TouchRule,
    /// At most this fraction of each bar's volume is filled (all orders together); `None`:
    /// unlimited.
    pub max_volume_fraction: Option<f64>,
}

impl BarConfig {
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(f) = self.max_volume_fraction {
            if !(f > 0.0 && f <= 1.0) {
                return Err(SmcError::out_of_range(
                    "max_volume_fraction",
                    f,
                    "a fraction in (0, 1]",
                ));
            }
        }
        Ok(())
    }
}

/// One OHLCV bar with its open and close times (ns).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub open_ns: i64,
    pub close_ns: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

impl Bar {
    /// # Errors
    /// `NonFinite` prices or volume, `InvalidInput` for an inconsistent bar (high below open,
    /// close or low; low above them; non-positive prices; negative volume; close time before
    /// open time).
    pub fn validate(&self) -> Result<()> {
        check::finite(
            "bar [open, high, low, close, volume]",
            &[self.open, self.high, self.low, self.close, self.volume],
        )?;
        let ok = self.low > 0.0
            && self.high >= self.open.max(self.close)
            && self.low <= self.open.min(self.close)
            && self.volume >= 0.0
            && self.close_ns >= self.open_ns;
        if !ok {
            return Err(SmcError::invalid(format!(
                "inconsistent bar at {}: {self:?}",
                self.open_ns
            )));
        }
        Ok(())
    }
}

/// Bar-mode state of a venue.
#[derive(Debug, Clone, Default)]
pub(crate) struct BarState {
    pub(crate) config: BarConfig,
    /// Requests that reached the venue and wait for the next bar.
    pending: Vec<(i64, Action)>,
    /// Orders accepted at the current bar's open (eligible as takers at the open).
    fresh: Vec<OrderId>,
}

impl BarState {
    pub(crate) fn new(config: BarConfig) -> Self {
        BarState {
            config,
            pending: Vec::new(),
            fresh: Vec::new(),
        }
    }
}

impl SimVenue {
    pub(crate) fn bar_arrival(&mut self, t: i64, action: Action) {
        if let Some(b) = self.bar.as_mut() {
            b.pending.push((t, action));
        }
    }

    /// Processes one bar: the requests that arrived since the previous bar, then matching.
    /// Afterwards `now()` is the bar's close time.
    ///
    /// # Errors
    /// `InvalidState` in L2 mode, bar validation errors, `Unordered` for a bar opening before
    /// `now()`.
    pub fn on_bar(&mut self, bar: &Bar) -> Result<()> {
        if self.bar.is_none() {
            return Err(SmcError::InvalidState(
                "this venue is in L2 mode, not bar mode".into(),
            ));
        }
        bar.validate()?;
        self.check_time(bar.open_ns)?;
        self.run_until(bar.open_ns);
        self.now = bar.open_ns;
        let pending = std::mem::take(&mut self.bar.as_mut().expect("bar mode").pending);
        for &(_, action) in &pending {
            self.bar_request(bar, action);
        }
        let cfg = self.bar.as_ref().expect("bar mode").config;
        let mut budget = cfg
            .max_volume_fraction
            .map_or(f64::INFINITY, |f| f * bar.volume);
        for id in self.working.clone() {
            budget -= self.bar_match(bar, id, budget, &cfg);
        }
        let b = self.bar.as_mut().expect("bar mode");
        b.fresh.clear();
        b.pending = pending;
        b.pending.clear();
        self.run_until(bar.close_ns);
        self.now = bar.close_ns;
        Ok(())
    }

    fn bar_request(&mut self, bar: &Bar, action: Action) {
        self.arrived(action);
        let t = bar.open_ns;
        match action {
            Action::Submit(id) => {
                if !self.cap_reduce_only(id) {
                    return self.reject(id, t, RejectReason::ReduceOnlyWouldIncrease);
                }
                let o = &self.orders[id];
                let req = o.request;
                let marketable = req.order_type == OrderType::Market
                    || req.side.sign() * (req.price - bar.open) >= 0.0;
                if req.post_only && marketable {
                    return self.reject(id, t, RejectReason::PostOnlyWouldTake);
                }
                if req.tif == TimeInForce::Fok {
                    let cap = self
                        .bar
                        .as_ref()
                        .expect("bar mode")
                        .config
                        .max_volume_fraction;
                    let fits = cap.is_none_or(|f| f * bar.volume >= o.leaves_qty);
                    if !marketable || !fits {
                        return self.reject(id, t, RejectReason::FokUnfillable);
                    }
                }
                self.accept(id, t);
                self.start_working(id);
                self.bar.as_mut().expect("bar mode").fresh.push(id);
            }
            Action::Cancel(id) => match self.orders[id].status {
                s if s.is_done() => self.refuse_cancel(id, t, RejectReason::TooLateToCancel),
                OrderStatus::InFlight => self.refuse_cancel(id, t, RejectReason::NotYetArrived),
                _ => self.finish(id, OrderStatus::Cancelled, t),
            },
            Action::Amend { id, price, qty, .. } => {
                let o = &self.orders[id];
                if o.status.is_done() {
                    return self.refuse_cancel(id, t, RejectReason::TooLateToCancel);
                }
                if o.status == OrderStatus::InFlight {
                    return self.refuse_cancel(id, t, RejectReason::NotYetArrived);
                }
                if qty <= o.filled_qty {
                    return self.refuse_cancel(id, t, RejectReason::AmendBelowFilled);
                }
                let o = &mut self.orders[id];
                o.request.price = price;
                o.request.qty = qty;
                o.leaves_qty = qty - o.filled_qty;
                let mut e = ExecEvent::new(ExecKind::Amended, id, t, o.leaves_qty);
                e.price = price;
                e.qty = qty;
                self.emit(e);
            }
        }
    }

    /// Matches one working order against `bar`; returns the quantity filled.
    fn bar_match(&mut self, bar: &Bar, id: OrderId, budget: f64, cfg: &BarConfig) -> f64 {
        let o = &self.orders[id];
        let (req, leaves) = (o.request, o.leaves_qty);
        let fresh = self.bar.as_ref().expect("bar mode").fresh.contains(&id);
        let qty = leaves.min(budget.max(0.0));
        let slip = |price: f64| SlippageInput {
            side: req.side,
            price,
            qty,
            bar_volume: bar.volume,
            bar_high: bar.high,
            bar_low: bar.low,
        };
        let fill = match req.order_type {
            OrderType::Market => {
                let (price, at) = match cfg.market_fill {
                    BarPrice::Open => (bar.open, bar.open_ns),
                    BarPrice::Close => (bar.close, bar.close_ns),
                };
                Some((
                    slippage::apply(&*self.models.slippage, &slip(price)),
                    at,
                    Liquidity::Taker,
                ))
            }
            OrderType::Limit => {
                let s = req.side.sign();
                if fresh && s * (req.price - bar.open) >= 0.0 {
                    let p = slippage::apply(&*self.models.slippage, &slip(bar.open));
                    // Never worse than the limit.
                    let p = if s > 0.0 {
                        p.min(req.price)
                    } else {
                        p.max(req.price)
                    };
                    Some((p, bar.open_ns, Liquidity::Taker))
                } else {
                    let extreme = if s > 0.0 { bar.low } else { bar.high };
                    let beyond = s * (req.price - extreme);
                    let touched = match cfg.touch {
                        TouchRule::Touch => beyond >= 0.0,
                        TouchRule::TradeThrough => beyond > 0.0,
                    };
                    touched.then_some((req.price, bar.close_ns, Liquidity::Maker))
                }
            }
        };
        let mut filled = 0.0;
        let mut done_at = bar.open_ns;
        if let Some((price, at, liquidity)) = fill {
            if qty > 0.0 {
                filled = qty;
                done_at = at;
                if self.fill(id, at, price, qty, liquidity) == 0.0 {
                    self.remove_working(id);
                    return filled;
                }
            }
        }
        let ends_now = req.order_type == OrderType::Market
            || matches!(req.tif, TimeInForce::Ioc | TimeInForce::Fok);
        if ends_now {
            self.finish(id, OrderStatus::Expired, done_at);
        }
        filled
    }
}
