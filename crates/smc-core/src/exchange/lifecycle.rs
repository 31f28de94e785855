//! Order lifecycle bookkeeping of [`SimVenue`]: the clock loop that delivers requests to the
//! engine in arrival order, day-order expiry, and the events (accept, reject, fill, cancel, ...)
//! with their response latency. The matching modules call these; they never touch the
//! event queue directly, so every event gets a receive time.

use std::cmp::Ordering;

use super::fees::FeeInput;
use super::orders::{
    ExecEvent, ExecKind, Liquidity, OrderId, OrderSide, OrderStatus, RejectReason,
};
use super::venue::{Action, SimVenue};
use crate::error::{Result, SmcError};

const DAY_NS: i64 = 86_400_000_000_000;

/// An item due at a time, ordered so that a `BinaryHeap` pops the earliest first (ties: the
/// first scheduled), which keeps arrivals and deliveries deterministic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Due<T> {
    at: i64,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Due<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl<T> Eq for Due<T> {}

impl<T> PartialOrd for Due<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Due<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the max-heap then yields the smallest (at, seq).
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl SimVenue {
    /// Moves the events received by `now()` into `out` (appending), in receive order. Returns
    /// how many were moved.
    pub fn drain_events(&mut self, out: &mut Vec<ExecEvent>) -> usize {
        let mut n = 0;
        while self.undelivered.peek().is_some_and(|d| d.at <= self.now) {
            let d = self.undelivered.pop().expect("peeked");
            self.orders.end(d.item.order);
            out.push(d.item);
            n += 1;
        }
        n
    }

    /// Events produced by the engine but not yet received.
    pub fn undelivered_events(&self) -> usize {
        self.undelivered.len()
    }

    pub(crate) fn check_time(&self, ts_ns: i64) -> Result<()> {
        if ts_ns < self.now {
            return Err(SmcError::Unordered(format!(
                "time {ts_ns} is before the venue clock {}",
                self.now
            )));
        }
        Ok(())
    }

    pub(crate) fn schedule(&mut self, arrival: i64, action: Action) {
        self.orders.begin(action.order());
        self.seq += 1;
        self.in_flight.push(Due {
            at: arrival,
            seq: self.seq,
            item: action,
        });
    }

    /// Processes everything due at or before `ts`: arrivals in arrival order and day expiries.
    #[inline]
    pub(crate) fn run_until(&mut self, ts: i64) {
        loop {
            let next_action = self.in_flight.peek().map_or(i64::MAX, |d| d.at);
            let due = next_action.min(self.next_expiry);
            if due > ts {
                break;
            }
            if self.next_expiry <= next_action {
                self.expire_day_orders(self.next_expiry);
                continue;
            }
            let Due {
                at: t,
                item: action,
                ..
            } = self.in_flight.pop().expect("peeked");
            self.now = self.now.max(t);
            if self.l2.is_some() {
                self.l2_arrival(t, action);
            } else {
                self.bar_arrival(t, action);
            }
        }
    }

    pub(crate) fn session_end_after(&self, t: i64) -> i64 {
        let off = self.cfg.session_end_offset_ns.rem_euclid(DAY_NS);
        let base = t.max(0) - off;
        // Saturates at the end of time rather than overflowing on absurd timestamps.
        (base.div_euclid(DAY_NS) + 1)
            .saturating_mul(DAY_NS)
            .saturating_add(off)
    }

    fn expire_day_orders(&mut self, at: i64) {
        let mut next = i64::MAX;
        let ids: Vec<OrderId> = self.working.clone();
        for id in ids {
            let o = &self.orders[id];
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
        self.next_expiry = self.next_expiry.min(self.orders[id].expires_ns);
    }

    /// Whether an order on `side` reduces the current position.
    pub(crate) fn reduces(&self, side: OrderSide) -> bool {
        self.position * side.sign() < 0.0
    }

    /// Emits an event produced by the engine at `at`, stamping its receive time.
    pub(crate) fn emit(&mut self, mut e: ExecEvent) {
        let delay = self
            .models
            .latency
            .response_ns(e.exchange_ns, &mut self.rng)
            .max(0);
        e.receive_ns = e.exchange_ns.saturating_add(delay);
        let o = &mut self.orders[e.order];
        if o.status.is_done() {
            o.done_received_ns = o.done_received_ns.min(e.receive_ns);
            self.orders.finished(e.order);
        }
        self.orders.begin(e.order);
        self.seq += 1;
        self.undelivered.push(Due {
            at: e.receive_ns,
            seq: self.seq,
            item: e,
        });
    }

    pub(crate) fn reject(&mut self, id: OrderId, at: i64, reason: RejectReason) {
        let o = &mut self.orders[id];
        o.status = OrderStatus::Rejected;
        let mut e = ExecEvent::new(ExecKind::Rejected, id, at, 0.0);
        o.leaves_qty = 0.0;
        e.reason = Some(reason);
        self.emit(e);
    }

    pub(crate) fn refuse_cancel(&mut self, id: OrderId, at: i64, reason: RejectReason) {
        let o = &mut self.orders[id];
        o.cancel_pending = false;
        let mut e = ExecEvent::new(ExecKind::CancelRejected, id, at, o.leaves_qty);
        e.reason = Some(reason);
        self.emit(e);
    }

    pub(crate) fn accept(&mut self, id: OrderId, at: i64) {
        let o = &mut self.orders[id];
        o.status = OrderStatus::Open;
        let mut e = ExecEvent::new(ExecKind::Accepted, id, at, o.leaves_qty);
        e.price = o.request.price;
        self.emit(e);
    }

    /// Ends an order (cancelled, expired) and removes it from the working set.
    pub(crate) fn finish(&mut self, id: OrderId, status: OrderStatus, at: i64) {
        let o = &mut self.orders[id];
        o.status = status;
        o.cancel_pending = false;
        let leaves = o.leaves_qty;
        o.leaves_qty = 0.0;
        let kind = if status == OrderStatus::Cancelled {
            ExecKind::Cancelled
        } else {
            ExecKind::Expired
        };
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
    pub(crate) fn fill(
        &mut self,
        id: OrderId,
        at: i64,
        price: f64,
        qty: f64,
        liquidity: Liquidity,
    ) -> f64 {
        let o = &mut self.orders[id];
        let qty = qty.min(o.leaves_qty);
        let first_fill = o.filled_qty == 0.0;
        let fee = self.models.fees.fee(&FeeInput {
            ts_ns: at,
            liquidity,
            price,
            qty,
            first_fill,
        });
        let o = &mut self.orders[id];
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
        let o = &self.orders[id];
        if !o.request.reduce_only {
            return true;
        }
        if !self.reduces(o.request.side) {
            return false;
        }
        let cap = self.position.abs();
        let o = &mut self.orders[id];
        o.leaves_qty = o.leaves_qty.min(cap);
        true
    }
}
