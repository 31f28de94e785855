//! Oversizing: with a fill model, the merge counts each level only at its expected surviving
//! size, so when that expected liquidity cannot absorb the whole order, part of the parent is
//! left over. `oversize` sends that leftover to the levels already chosen, up to their displayed
//! size, lowest fill probability first: if the liquidity is still there we get it. The expected
//! fill does not change, the total sent never exceeds the parent.

use super::sweep::SweepGoal;
use super::trace::{TraceAction, TraceEntry};
use super::venue::VenueBook;
use super::{RouteOrder, Router};

impl Router {
    pub(super) fn oversize(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        excluded: u64,
        goal: SweepGoal,
        trace: bool,
    ) {
        let sent: f64 = self.lanes.iter().map(|l| l.sent).sum();
        let mut budget = order.quantity - sent;
        if budget <= goal.eps || self.probs.is_empty() {
            return;
        }
        // Venues in use, least likely to fill first (probability of their first level); ties by
        // rank. At most 64 venues: a fixed array, no allocation.
        let mut ranked = [(0.0f64, 0usize); 64];
        let mut n = 0;
        for (v, lane) in self.lanes.iter().enumerate() {
            if lane.sent > 0.0 && excluded >> v & 1 == 0 {
                ranked[n] = (self.probs[lane.prob_offset], v);
                n += 1;
            }
        }
        ranked[..n].sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for &(p0, v) in &ranked[..n] {
            if budget <= goal.eps {
                break;
            }
            let lane = &self.lanes[v];
            let side = books[v].liquidity(order.side);
            let probs = &self.probs[lane.prob_offset..lane.prob_offset + lane.levels_end];
            // Unsent displayed quantity on the levels this venue already uses.
            let room = |visit: &mut dyn FnMut(f64, f64)| {
                let mut allocated = lane.sent;
                for l in 0..lane.levels_end {
                    if allocated <= 0.0 {
                        break;
                    }
                    let a = (side.qty[l] * probs[l]).min(allocated);
                    allocated -= a;
                    visit(side.qty[l] - a, side.price[l]);
                }
            };
            let mut total_room = 0.0;
            room(&mut |q, _| total_room += q);
            let allowed = total_room.min(budget).min(lane.cap_qty - lane.sent);
            let extra = (allowed / lane.lot * (1.0 + 1e-9)).floor() * lane.lot;
            if extra <= goal.eps {
                continue;
            }
            let (mut left, mut notional) = (extra, 0.0);
            room(&mut |q, price| {
                let take = q.min(left);
                notional += take * price;
                left -= take;
            });
            let lane = &mut self.lanes[v];
            if (lane.notional + notional) * lane.mult > lane.cap_cost {
                continue;
            }
            lane.sent += extra;
            lane.notional += notional;
            budget -= extra;
            if trace {
                self.route.trace.push(TraceEntry {
                    venue: v,
                    action: TraceAction::Oversized,
                    level: None,
                    qty: extra,
                    price: lane.worst,
                    detail: p0,
                });
            }
        }
    }
}
