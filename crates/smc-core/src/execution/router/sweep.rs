//! The greedy k-way merge of venue books by fee-inclusive price, and book walks.
//!
//! Each venue's levels are already sorted and its fee is constant, so its effective prices are
//! sorted too: the merged order is a k-way merge of k sorted runs. With k small (a handful of
//! venues) a linear scan of the k heads beats a heap, and nothing is sorted or allocated.

use super::venue::{BookSide, VenueBook};
use crate::execution::Side;

/// Per-venue working state of one routing decision (reused across decisions).
#[derive(Debug, Clone, Default)]
pub(crate) struct Lane {
    pub eligible: bool,
    /// Fee-inclusive multiplier: buy 1 + fee, sell 1 - fee.
    pub mult: f64,
    pub latency: f64,
    pub lot: f64,
    pub cap_qty: f64,
    /// Cap on notional x mult (quote balance, fees included); infinity for sells.
    pub cap_cost: f64,
    /// Levels priced within the order's limit.
    pub levels_end: usize,
    /// Start of this venue's level fill probabilities in the shared buffer.
    pub prob_offset: usize,
    // Sweep cursor.
    pub cursor: usize,
    pub used: f64,
    // Result: a prefix of the book of `sent` quantity.
    pub sent: f64,
    pub notional: f64,
    pub expected: f64,
    pub worst: f64,
}

impl Lane {
    pub fn reset(&mut self) {
        self.cursor = 0;
        self.used = 0.0;
        self.sent = 0.0;
        self.notional = 0.0;
        self.expected = 0.0;
        self.worst = f64::NAN;
    }

    /// Quantity still allowed by the venue's caps at `price`.
    fn cap_left(&self, price: f64) -> f64 {
        let by_qty = self.cap_qty - self.sent;
        let by_cost = (self.cap_cost - self.notional * self.mult) / (price * self.mult);
        by_qty.min(by_cost).max(0.0)
    }
}

/// One level taken by the merge, reported to the trace.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Take {
    pub venue: usize,
    pub level: usize,
    pub price: f64,
    pub qty: f64,
    pub probability: f64,
}

/// What the merge should achieve.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SweepGoal {
    /// Upper bound on the total quantity sent (the parent quantity).
    pub quantity: f64,
    /// Send the spare quantity to low-probability venues after the merge (see `plan`).
    pub oversize: bool,
    /// +1 for a buy (lower effective price first), -1 for a sell.
    pub key_sign: f64,
    pub eps: f64,
}

/// Greedy merge over the lanes not in `excluded`. `probs` holds every venue's level fill
/// probabilities (empty: all 1). Returns the total sent.
pub(crate) fn sweep(
    lanes: &mut [Lane],
    books: &[VenueBook<'_>],
    side: Side,
    probs: &[f64],
    excluded: u64,
    goal: SweepGoal,
    mut on_take: impl FnMut(Take),
) -> f64 {
    for lane in lanes.iter_mut() {
        lane.reset();
    }
    let mut left_sent = goal.quantity;
    while left_sent > goal.eps {
        let mut best: Option<(usize, f64)> = None;
        for (v, lane) in lanes.iter().enumerate() {
            if !lane.eligible || excluded >> v & 1 == 1 || lane.cursor >= lane.levels_end {
                continue;
            }
            let key = goal.key_sign * books[v].liquidity(side).price[lane.cursor] * lane.mult;
            let better = match best {
                None => true,
                // Ties: lower latency, then lower venue rank (index) — fully deterministic.
                Some((b, bkey)) => key < bkey || (key == bkey && lane.latency < lanes[b].latency),
            };
            if better {
                best = Some((v, key));
            }
        }
        let Some((v, _)) = best else { break };
        let lane = &mut lanes[v];
        let c = lane.cursor;
        let book = books[v].liquidity(side);
        let price = book.price[c];
        let p = if probs.is_empty() {
            1.0
        } else {
            probs[lane.prob_offset + c]
        };
        // A level is weighted by its fill probability: only the quantity expected to survive
        // until our order arrives counts, the rest of the need flows to other levels and venues.
        let level_left = book.qty[c] * p - lane.used;
        let cap = lane.cap_left(price);
        if cap <= goal.eps {
            lane.cursor = lane.levels_end;
            continue;
        }
        if level_left <= 0.0 || p <= 0.0 {
            lane.cursor += 1;
            lane.used = 0.0;
            continue;
        }
        let take = level_left.min(cap).min(left_sent);
        lane.sent += take;
        lane.notional += take * price;
        lane.expected += take;
        lane.worst = price;
        left_sent -= take;
        if take >= level_left {
            lane.cursor += 1;
            lane.used = 0.0;
        } else {
            lane.used += take;
        }
        on_take(Take {
            venue: v,
            level: c,
            price,
            qty: take,
            probability: p,
        });
    }
    goal.quantity - left_sent
}

/// The cost of taking `qty` from a book after the first `from` units, counting each level at its
/// expected surviving size (displayed x fill probability): (notional, worst price, expected
/// fill). None if the levels within the limit are too shallow.
pub(crate) fn walk(
    book: &BookSide<'_>,
    levels_end: usize,
    probs: &[f64],
    from: f64,
    qty: f64,
) -> Option<(f64, f64, f64)> {
    let mut skip = from;
    let mut left = qty;
    let (mut notional, mut worst, mut expected) = (0.0, f64::NAN, 0.0);
    let tiny = 1e-12 * qty.max(1e-300);
    for l in 0..levels_end {
        if left <= tiny {
            break;
        }
        let p = if probs.is_empty() { 1.0 } else { probs[l] };
        let mut avail = book.qty[l] * p;
        let used = skip.min(avail);
        skip -= used;
        avail -= used;
        if avail <= 0.0 {
            continue;
        }
        let take = avail.min(left);
        notional += take * book.price[l];
        expected += take;
        worst = book.price[l];
        left -= take;
    }
    (left <= tiny).then_some((notional, worst, expected))
}
