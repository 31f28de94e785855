//! From a merge to an executable plan: lots, minimum notional, fixed fees.

use super::sweep::{sweep, walk, Lane, SweepGoal};
use super::trace::{TraceAction, TraceEntry};
use super::venue::{VenueBook, VenueConfig};
use super::{RouteOptions, RouteOrder, Router};

/// Summary of one candidate plan (the lanes hold its detail).
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    /// Venues excluded from this plan (bit v = venue v).
    pub excluded: u64,
    pub filled: f64,
    /// Lower is better: cash out for a buy, minus cash in for a sell.
    pub cost: f64,
}

/// Taker fees on the notional plus the fixed fee of one child.
pub(super) fn lane_fees(lane: &Lane, cfg: &VenueConfig) -> f64 {
    if lane.sent <= 0.0 {
        return 0.0;
    }
    lane.notional * cfg.taker_fee_bps * 1e-4 + cfg.fixed_fee
}

/// Relative tolerance for "a whole number of lots" (binary floating point).
const LOT_TOLERANCE: f64 = 1e-9;

impl Router {
    /// Merge, round to lots, top up with the cheapest lots, drop venues below their minimum
    /// notional and start over without them, until stable.
    pub(super) fn plan(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        options: &RouteOptions<'_>,
        mut excluded: u64,
        trace: bool,
    ) -> Plan {
        let goal = SweepGoal {
            quantity: order.quantity,
            oversize: options.oversize && options.fill_model.is_some(),
            key_sign: order.side.sign(),
            eps: 1e-9 * order.quantity,
        };
        if trace {
            for &(venue, saving) in &self.pruned {
                self.route.trace.push(TraceEntry {
                    venue,
                    action: TraceAction::FixedFeeNotWorth,
                    level: None,
                    qty: 0.0,
                    price: f64::NAN,
                    detail: saving,
                });
            }
        }
        loop {
            let log = &mut self.route.trace;
            sweep(
                &mut self.lanes,
                books,
                order.side,
                &self.probs,
                excluded,
                goal,
                |t| {
                    if trace {
                        log.push(TraceEntry {
                            venue: t.venue,
                            action: TraceAction::Take,
                            level: Some(t.level),
                            qty: t.qty,
                            price: t.price,
                            detail: t.probability,
                        });
                    }
                },
            );
            self.round_to_lots(order, books, trace);
            self.top_up_lots(order, books, excluded, goal, trace);
            if goal.oversize {
                self.oversize(order, books, excluded, goal, trace);
            }
            let mut below = 0u64;
            for (v, (lane, cfg)) in self.lanes.iter().zip(&self.venues).enumerate() {
                if lane.sent > 0.0 && lane.notional < cfg.min_notional {
                    below |= 1 << v;
                    if trace {
                        self.route.trace.push(TraceEntry {
                            venue: v,
                            action: TraceAction::BelowMinNotional,
                            level: None,
                            qty: lane.sent,
                            price: lane.worst,
                            detail: lane.notional,
                        });
                    }
                }
            }
            if below == 0 {
                break;
            }
            excluded |= below;
        }
        let (mut filled, mut cost) = (0.0, 0.0);
        for (lane, cfg) in self.lanes.iter().zip(&self.venues) {
            filled += lane.sent;
            cost += order.side.sign() * lane.notional + lane_fees(lane, cfg);
        }
        Plan {
            excluded,
            filled,
            cost,
        }
    }

    fn round_to_lots(&mut self, order: &RouteOrder, books: &[VenueBook<'_>], trace: bool) {
        for (v, lane) in self.lanes.iter_mut().enumerate() {
            if lane.sent <= 0.0 {
                continue;
            }
            let units = (lane.sent / lane.lot * (1.0 + LOT_TOLERANCE)).floor();
            let rounded = units * lane.lot;
            if (rounded - lane.sent).abs() <= LOT_TOLERANCE * lane.sent {
                continue;
            }
            let before = lane.sent;
            let probs = lane_probs(&self.probs, lane);
            let side = books[v].liquidity(order.side);
            // A prefix of a prefix always exists.
            let (notional, worst, expected) =
                walk(&side, lane.levels_end, probs, 0.0, rounded).unwrap_or((0.0, f64::NAN, 0.0));
            lane.sent = rounded;
            lane.notional = notional;
            lane.expected = expected;
            lane.worst = if rounded > 0.0 { worst } else { f64::NAN };
            if trace {
                self.route.trace.push(TraceEntry {
                    venue: v,
                    action: TraceAction::RoundedToLot,
                    level: None,
                    qty: rounded,
                    price: lane.worst,
                    detail: before,
                });
            }
        }
    }

    /// Re-sweep after rounding: add whole lots, cheapest first (per unit, fees included), while
    /// a lot still fits in the parent quantity.
    fn top_up_lots(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        excluded: u64,
        goal: SweepGoal,
        trace: bool,
    ) {
        loop {
            let sent: f64 = self.lanes.iter().map(|l| l.sent).sum();
            let left = order.quantity - sent;
            if left <= goal.eps {
                return;
            }
            let mut best: Option<(usize, f64, (f64, f64, f64))> = None;
            for (v, (lane, cfg)) in self.lanes.iter().zip(&self.venues).enumerate() {
                if !lane.eligible
                    || excluded >> v & 1 == 1
                    || lane.lot > left * (1.0 + LOT_TOLERANCE)
                    || lane.sent + lane.lot > lane.cap_qty * (1.0 + LOT_TOLERANCE)
                {
                    continue;
                }
                let side = books[v].liquidity(order.side);
                let Some(step) = walk(
                    &side,
                    lane.levels_end,
                    lane_probs(&self.probs, lane),
                    lane.sent,
                    lane.lot,
                ) else {
                    continue;
                };
                if (lane.notional + step.0) * lane.mult > lane.cap_cost {
                    continue;
                }
                let fixed = if lane.sent > 0.0 { 0.0 } else { cfg.fixed_fee };
                let key = (goal.key_sign * step.0 * lane.mult + fixed) / lane.lot;
                let better = match best {
                    None => true,
                    Some((b, bkey, _)) => {
                        key < bkey || (key == bkey && lane.latency < self.lanes[b].latency)
                    }
                };
                if better {
                    best = Some((v, key, step));
                }
            }
            let Some((v, _, (notional, worst, exp))) = best else {
                return;
            };
            let lane = &mut self.lanes[v];
            lane.sent += lane.lot;
            lane.notional += notional;
            lane.expected += exp;
            lane.worst = if lane.worst.is_nan() {
                worst
            } else if goal.key_sign > 0.0 {
                lane.worst.max(worst)
            } else {
                lane.worst.min(worst)
            };
            if trace {
                self.route.trace.push(TraceEntry {
                    venue: v,
                    action: TraceAction::LotTopUp,
                    level: None,
                    qty: lane.lot,
                    price: worst,
                    detail: notional,
                });
            }
        }
    }

    /// Fixed fees: repeatedly exclude the venue whose removal saves the most for the same
    /// quantity, then compare with each single-venue plan. Never returns a worse plan.
    pub(super) fn improve(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        options: &RouteOptions<'_>,
        mut best: Plan,
    ) -> Plan {
        let n = self.venues.len();
        // Snapshots of the lanes of the best plan and of the best candidate, so the winner never
        // has to be re-planned (a lane copy is a few hundred bytes).
        let mut best_lanes = std::mem::take(&mut self.best_lanes);
        let mut candidate_lanes = std::mem::take(&mut self.candidate_lanes);
        if self.held != best.excluded {
            self.plan(order, books, options, best.excluded, false);
        }
        best_lanes.clone_from(&self.lanes);
        loop {
            if self.held != best.excluded {
                self.lanes.clone_from(&best_lanes);
                self.held = best.excluded;
            }
            let charged: u64 = self
                .lanes
                .iter()
                .zip(&self.venues)
                .enumerate()
                .filter(|(_, (l, c))| l.sent > 0.0 && c.fixed_fee > 0.0)
                .fold(0, |m, (v, _)| m | 1 << v);
            let mut candidate: Option<(usize, Plan)> = None;
            for v in (0..n).filter(|v| charged >> v & 1 == 1) {
                let without = self.plan(order, books, options, best.excluded | 1 << v, false);
                let bar = candidate.map_or(best, |(_, p)| p);
                if better(&without, &bar, order.quantity) {
                    candidate = Some((v, without));
                    candidate_lanes.clone_from(&self.lanes);
                }
            }
            match candidate {
                Some((v, plan)) => {
                    self.pruned.push((v, best.cost - plan.cost));
                    best = plan;
                    std::mem::swap(&mut best_lanes, &mut candidate_lanes);
                }
                None => break,
            }
        }
        // A single-venue plan that fills the whole order costs exactly its own sweep plus its
        // fixed fee, which one walk of its book gives: only plausible winners are re-planned.
        let eps = 1e-9 * order.quantity;
        let complete = best.filled >= order.quantity - eps;
        for v in 0..n {
            let lane = &self.lanes[v];
            if !lane.eligible {
                continue;
            }
            if complete {
                let side = books[v].liquidity(order.side);
                let alone = walk(
                    &side,
                    lane.levels_end,
                    lane_probs(&self.probs, lane),
                    0.0,
                    order.quantity,
                );
                let Some((notional, _, _)) = alone else {
                    continue;
                };
                let cost = order.side.sign() * notional * lane.mult + self.venues[v].fixed_fee;
                if lane.cap_qty < order.quantity - eps
                    || notional * lane.mult > lane.cap_cost
                    || cost >= best.cost - 1e-12 * best.cost.abs()
                {
                    continue;
                }
            }
            let only = self.plan(order, books, options, !(1u64 << v), false);
            if better(&only, &best, order.quantity) {
                best = only;
                best_lanes.clone_from(&self.lanes);
            }
        }
        self.lanes.clone_from(&best_lanes);
        self.held = best.excluded;
        self.best_lanes = best_lanes;
        self.candidate_lanes = candidate_lanes;
        best
    }
}

/// More quantity first, then lower cost.
fn better(a: &Plan, b: &Plan, quantity: f64) -> bool {
    let eps = 1e-9 * quantity;
    if a.filled > b.filled + eps {
        return true;
    }
    a.filled >= b.filled - eps && a.cost < b.cost - 1e-12 * b.cost.abs()
}

fn lane_probs<'a>(probs: &'a [f64], lane: &Lane) -> &'a [f64] {
    if probs.is_empty() {
        probs
    } else {
        &probs[lane.prob_offset..lane.prob_offset + lane.levels_end]
    }
}
