//! The orders of a [`SimVenue`](super::SimVenue) by id, with bounded memory.
//!
//! A venue paper-trading for days is sent orders without end, so it cannot keep every one.
//! Working orders are always kept. Finished ones (filled, cancelled, rejected, expired) are kept
//! up to a bound and then dropped in the order they finished, oldest first, but only once
//! nothing about them is outstanding: an event the client has not drained yet, or a request
//! (cancel, amend) still on its way to the engine. So a dropped order never produces another
//! event, and a client that has seen its final event can forget its id too.
//!
//! Ids stay dense and are handed out in submission order, so a lookup is an index: the slots
//! of ids `base..next` sit in a window at `id - base`. Dropping an order leaves a hole, and the
//! window's front moves past holes. One long-lived working order at the front would pin it
//! (every later hole kept for as long as it works), so when holes outnumber the orders kept in
//! the window, the front orders move to a small map, `old`, and the window starts after them:
//! memory follows the number of orders kept, and a lookup is an index (or, for the few orders
//! older than the window, one hash lookup). Every slot moves at most once: amortised O(1).

use std::collections::{HashMap, VecDeque};
use std::ops::{Index, IndexMut};

use super::orders::{OrderId, OrderState};

/// Holes the window may hold beyond the orders it keeps before its front orders move to `old`
/// (so a short run never moves anything).
const SLACK: usize = 64;

#[derive(Debug, Clone)]
struct Slot {
    state: OrderState,
    /// Events not yet drained plus requests not yet processed by the engine.
    outstanding: u32,
    /// Queued in `finished`.
    finished: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct OrderTable {
    /// Id of `window[0]`.
    base: usize,
    window: VecDeque<Option<Slot>>,
    /// `Some` slots in `window`.
    in_window: usize,
    /// Kept orders with ids below `base`.
    old: HashMap<OrderId, Slot>,
    /// Finished orders still kept, in the order they finished.
    finished: VecDeque<OrderId>,
    max_finished: usize,
    /// Ids dropped by the last [`Self::trim`].
    dropped: Vec<OrderId>,
}

impl OrderTable {
    pub fn new(max_finished: usize) -> Self {
        OrderTable {
            base: 0,
            window: VecDeque::new(),
            in_window: 0,
            old: HashMap::new(),
            finished: VecDeque::new(),
            max_finished,
            dropped: Vec::new(),
        }
    }

    /// The id the next order gets: the number of orders ever added.
    pub fn next_id(&self) -> usize {
        self.base + self.window.len()
    }

    /// Orders kept now (working ones and finished ones not yet dropped).
    pub fn kept(&self) -> usize {
        self.in_window + self.old.len()
    }

    pub fn max_finished(&self) -> usize {
        self.max_finished
    }

    /// Adds the order with id [`Self::next_id`].
    pub fn push(&mut self, state: OrderState) {
        debug_assert_eq!(state.id as usize, self.next_id());
        self.window.push_back(Some(Slot {
            state,
            outstanding: 0,
            finished: false,
        }));
        self.in_window += 1;
    }

    fn slot(&self, id: OrderId) -> Option<&Slot> {
        match (id as usize).checked_sub(self.base) {
            Some(k) => self.window.get(k)?.as_ref(),
            None => self.old.get(&id),
        }
    }

    fn slot_mut(&mut self, id: OrderId) -> Option<&mut Slot> {
        match (id as usize).checked_sub(self.base) {
            Some(k) => self.window.get_mut(k)?.as_mut(),
            None => self.old.get_mut(&id),
        }
    }

    /// The order, if it is kept.
    pub fn get(&self, id: OrderId) -> Option<&OrderState> {
        self.slot(id).map(|s| &s.state)
    }

    /// Something about the order is now outstanding (an event produced, a request sent).
    pub fn begin(&mut self, id: OrderId) {
        let s = self.slot_mut(id).expect("an order acted on is kept");
        s.outstanding += 1;
    }

    /// One outstanding thing is over (an event drained, a request processed).
    pub fn end(&mut self, id: OrderId) {
        if let Some(s) = self.slot_mut(id) {
            s.outstanding = s.outstanding.saturating_sub(1);
        }
    }

    /// Queues a done order for dropping (once; later calls do nothing).
    pub fn finished(&mut self, id: OrderId) {
        let s = self.slot_mut(id).expect("a finished order is kept");
        if !s.finished {
            s.finished = true;
            self.finished.push_back(id);
        }
    }

    /// Ids dropped by the last [`Self::trim`].
    pub fn dropped(&self) -> &[OrderId] {
        &self.dropped
    }

    /// Drops finished orders, oldest finished first, while more than the bound are kept and the
    /// oldest has nothing outstanding. Returns the ids dropped.
    pub fn trim(&mut self) -> &[OrderId] {
        self.dropped.clear();
        while self.finished.len() > self.max_finished {
            let id = self.finished[0];
            if self.slot(id).is_some_and(|s| s.outstanding > 0) {
                break; // kept until its events are drained; the rest finished later
            }
            self.finished.pop_front();
            self.remove(id);
            self.dropped.push(id);
        }
        if !self.dropped.is_empty() {
            self.compact();
        }
        &self.dropped
    }

    fn remove(&mut self, id: OrderId) {
        match (id as usize).checked_sub(self.base) {
            Some(k) => {
                if self.window[k].take().is_some() {
                    self.in_window -= 1;
                }
            }
            None => {
                self.old.remove(&id);
            }
        }
    }

    /// Moves the window's front past holes, and its front orders to `old` while holes
    /// outnumber the orders kept in the window by more than [`SLACK`].
    fn compact(&mut self) {
        while self.window.front().is_some_and(Option::is_none) {
            self.window.pop_front();
            self.base += 1;
        }
        while self.window.len() - self.in_window > self.in_window + SLACK {
            if let Some(Some(s)) = self.window.pop_front() {
                self.in_window -= 1;
                self.old.insert(s.state.id, s);
            }
            self.base += 1;
        }
    }
}

impl Index<OrderId> for OrderTable {
    type Output = OrderState;

    /// The venue reaches orders by index only while they can still be acted on, which a
    /// dropped order never is (see the module docs), so a miss is a bug in the venue.
    fn index(&self, id: OrderId) -> &OrderState {
        match self.get(id) {
            Some(o) => o,
            None => panic!("order {id} is not kept"),
        }
    }
}

impl IndexMut<OrderId> for OrderTable {
    fn index_mut(&mut self, id: OrderId) -> &mut OrderState {
        match self.slot_mut(id) {
            Some(s) => &mut s.state,
            None => panic!("order {id} is not kept"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{OrderRequest, OrderSide, OrderStatus};

    fn order(id: usize) -> OrderState {
        OrderState {
            id: id as OrderId,
            request: OrderRequest::market(OrderSide::Buy, 1.0),
            status: OrderStatus::InFlight,
            price_ticks: 0,
            filled_qty: 0.0,
            leaves_qty: 1.0,
            submitted_ns: 0,
            expires_ns: i64::MAX,
            cancel_pending: false,
            done_received_ns: i64::MAX,
            fees: 0.0,
        }
    }

    fn add(t: &mut OrderTable) -> OrderId {
        let id = t.next_id();
        t.push(order(id));
        id as OrderId
    }

    #[test]
    fn drops_finished_orders_oldest_finished_first() {
        let mut t = OrderTable::new(2);
        let ids: Vec<OrderId> = (0..4).map(|_| add(&mut t)).collect();
        // Finishing order: 2, 0, 3, 1.
        for &id in &[2, 0, 3, 1] {
            t.finished(id);
        }
        assert_eq!(t.trim(), &[2, 0]);
        assert!(t.get(2).is_none() && t.get(0).is_none());
        assert!(t.get(3).is_some() && t.get(1).is_some());
        assert_eq!(t.kept(), 2);
        // Ids keep counting.
        assert_eq!(add(&mut t), 4);
        assert_eq!(t[4].id, 4);
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn an_order_with_something_outstanding_is_kept_and_holds_the_later_ones() {
        let mut t = OrderTable::new(0);
        let (a, b) = (add(&mut t), add(&mut t));
        t.begin(a);
        t.finished(a);
        t.finished(b);
        assert!(t.trim().is_empty());
        t.end(a);
        assert_eq!(t.trim(), &[a, b]);
        assert_eq!(t.kept(), 0);
    }

    #[test]
    fn a_working_order_at_the_front_does_not_pin_the_holes_behind_it() {
        let mut t = OrderTable::new(10);
        let working = add(&mut t);
        for _ in 0..10_000 {
            let id = add(&mut t);
            t.finished(id);
            t.trim();
        }
        assert_eq!(t.kept(), 11);
        assert!(t.window.len() <= 2 * t.in_window + SLACK + 1);
        assert_eq!(t[working].id, working);
        t[working].status = OrderStatus::Cancelled;
        t.finished(working);
        for _ in 0..10 {
            let id = add(&mut t);
            t.finished(id);
            t.trim();
        }
        assert!(
            t.get(working).is_none(),
            "dropped in its turn from the side map"
        );
        assert_eq!(t.kept(), 10);
        assert!(t.old.is_empty());
    }
}
