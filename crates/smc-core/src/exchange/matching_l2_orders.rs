//! L2 order entry: what happens when a request reaches the matching engine in L2 mode. Takers
//! walk the replayed book (see `matching_l2` for the consumption rule), the rest of a GTC/day
//! limit joins the queue at its price, IOC/FOK/market remainders expire; cancels and amends
//! act on the resting order.

use super::matching_l2::{sides, Resting};
use super::orders::{
    ExecEvent, ExecKind, Liquidity, OrderId, OrderSide, OrderStatus, OrderType, RejectReason,
    TimeInForce,
};
use super::queue::QueuePosition;
use super::venue::{Action, SimVenue};

impl SimVenue {
    /// Why an order arriving at `t` cannot be matched, if the book is unusable.
    fn book_problem(&self, t: i64) -> Option<RejectReason> {
        let l2 = self.l2.as_deref()?;
        let last = match l2.last_md_ns {
            None => return Some(RejectReason::StaleBook),
            Some(last) => last,
        };
        if self
            .cfg
            .max_book_age_ns
            .is_some_and(|age| t.saturating_sub(last) > age)
        {
            return Some(RejectReason::StaleBook);
        }
        if l2.book.is_crossed() {
            return Some(RejectReason::CrossedBook);
        }
        None
    }

    /// Takes liquidity for order `id` up to `limit`, as a taker. Stops when the order is filled.
    fn take(&mut self, id: OrderId, t: i64, limit: Option<i64>) {
        let side = sides(self.orders[id].request.side).0;
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        let mut want = self.orders[id].leaves_qty;
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
        let o = &self.orders[id];
        let (side, ticks) = (sides(o.request.side).1, o.price_ticks);
        let l2 = self.l2.as_deref_mut().expect("checked L2 mode");
        let level = l2.book.qty_at(side, ticks);
        l2.resting.push(Resting {
            id,
            side,
            ticks,
            queue: QueuePosition::join(level),
        });
        self.start_working(id);
    }

    /// Marketable now (against liquidity still available)?
    fn marketable(&self, side: OrderSide, limit: i64) -> bool {
        let l2 = self.l2.as_deref().expect("checked L2 mode");
        l2.available(sides(side).0, Some(limit)).next().is_some()
    }

    /// Matches a limit order at `limit` as a taker, then rests or expires the remainder.
    fn match_limit(&mut self, id: OrderId, t: i64) {
        let o = &self.orders[id];
        let (limit, tif) = (o.price_ticks, o.request.tif);
        self.take(id, t, Some(limit));
        if self.orders[id].status == OrderStatus::Filled {
            return;
        }
        match tif {
            TimeInForce::Ioc | TimeInForce::Fok => self.finish(id, OrderStatus::Expired, t),
            TimeInForce::Gtc | TimeInForce::Day => self.rest(id),
        }
    }

    pub(crate) fn l2_arrival(&mut self, t: i64, action: Action) {
        self.arrived(action);
        match action {
            Action::Submit(id) => self.l2_submit(id, t),
            Action::Cancel(id) => match self.orders[id].status {
                s if s.is_done() => self.refuse_cancel(id, t, RejectReason::TooLateToCancel),
                OrderStatus::InFlight => self.refuse_cancel(id, t, RejectReason::NotYetArrived),
                _ => self.finish(id, OrderStatus::Cancelled, t),
            },
            Action::Amend {
                id,
                price,
                ticks,
                qty,
            } => self.l2_amend(id, t, price, ticks, qty),
        }
    }

    fn l2_submit(&mut self, id: OrderId, t: i64) {
        if let Some(reason) = self.book_problem(t) {
            return self.reject(id, t, reason);
        }
        if !self.cap_reduce_only(id) {
            return self.reject(id, t, RejectReason::ReduceOnlyWouldIncrease);
        }
        let o = &self.orders[id];
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
                if self.orders[id].status != OrderStatus::Filled {
                    self.finish(id, OrderStatus::Expired, t);
                }
            }
        }
    }

    fn l2_amend(&mut self, id: OrderId, t: i64, price: f64, ticks: i64, qty: f64) {
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
        if o.request.post_only && ticks != o.price_ticks && self.marketable(o.request.side, ticks) {
            return self.refuse_cancel(id, t, RejectReason::PostOnlyWouldTake);
        }
        let keeps_priority = ticks == o.price_ticks && qty <= o.request.qty;
        let o = &mut self.orders[id];
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
