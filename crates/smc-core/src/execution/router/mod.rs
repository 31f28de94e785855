//! Smart order router: splits one order across venues at the lowest fee-inclusive cost.
//!
//! Pipeline of a decision ([`Router::route`]):
//! 1. drop stale books, books with sequence gaps and venues without capacity; validate the rest
//!    (a crossed book is an error, not a price improvement);
//! 2. k-way merge of the books by effective price (buy p(1+fee), sell p(1-fee)) with greedy fill
//!    under per-venue caps — optimal for linear costs;
//! 3. round each venue down to whole lots, re-sweep the leftover one cheapest lot at a time,
//!    exclude venues below their minimum notional and re-sweep;
//! 4. fixed fees make the problem non-convex: exclude a venue whenever the plan without it is
//!    cheaper for the same quantity, and compare with each single-venue plan, so the result is
//!    never worse than routing everything to one venue.
//!
//! All buffers live in the [`Router`] and are reused: a decision allocates nothing unless a trace
//! is requested or the number of children grows.

mod fill_probability;
mod oversize;
mod plan;
mod sweep;
mod trace;
mod venue;

pub use fill_probability::{FillModel, LatencyDepletionModel};
pub use trace::{TraceAction, TraceEntry};
pub use venue::{BookSide, VenueBook, VenueConfig};

use crate::error::{check, Result, SmcError};
use crate::execution::Side;
use sweep::Lane;

/// The parent order to route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteOrder {
    pub side: Side,
    pub quantity: f64,
    /// Worst acceptable price (buy: highest, sell: lowest), before fees.
    pub limit: Option<f64>,
}

/// Options of one decision.
#[derive(Clone, Copy)]
pub struct RouteOptions<'a> {
    /// Books older than this (ms) are dropped; infinity keeps every book.
    pub max_book_age_ms: f64,
    /// Weighs each level by the probability it is still there when our order arrives: the merge
    /// counts a level at displayed size x probability.
    pub fill_model: Option<&'a dyn FillModel>,
    /// With a fill model: when the expected surviving liquidity cannot absorb the whole order,
    /// send the rest to the chosen low-probability levels up to their displayed size, never
    /// more than the parent in total.
    pub oversize: bool,
    /// Record a [`TraceEntry`] for every step that shaped the allocation.
    pub trace: bool,
}

impl Default for RouteOptions<'_> {
    fn default() -> Self {
        RouteOptions {
            max_book_age_ms: f64::INFINITY,
            fill_model: None,
            oversize: false,
            trace: false,
        }
    }
}

/// The order for one venue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChildRoute {
    /// Index of the venue in the router's configuration.
    pub venue: usize,
    pub quantity: f64,
    /// Price of the deepest level used: the limit price to send the child with.
    pub limit_price: f64,
    /// Volume-weighted price of the levels used, before fees.
    pub average_price: f64,
    /// Taker fees (negative for rebates) plus the fixed fee.
    pub fees: f64,
    /// Cash out for a buy (notional + fees), cash in for a sell (notional - fees).
    pub all_in: f64,
    /// Quantity expected to fill given the fill model (= quantity without one).
    pub expected_fill: f64,
}

/// The routing decision: children in venue order, totals, and the optional trace.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Route {
    pub children: Vec<ChildRoute>,
    pub quantity: f64,
    pub average_price: f64,
    pub fees: f64,
    pub all_in: f64,
    pub expected_fill: f64,
    /// Parent quantity not routed (not enough liquidity within the limit, caps or lots).
    pub unfilled: f64,
    pub trace: Vec<TraceEntry>,
}

/// A router over a fixed set of venues. Reuse one instance: it keeps its buffers.
pub struct Router {
    venues: Vec<VenueConfig>,
    names: Vec<String>,
    lanes: Vec<Lane>,
    probs: Vec<f64>,
    pruned: Vec<(usize, f64)>,
    /// Exclusion mask of the plan the lanes currently hold.
    held: u64,
    best_lanes: Vec<Lane>,
    candidate_lanes: Vec<Lane>,
    route: Route,
}

impl Router {
    /// At most 64 venues (exclusion sets are bit masks); names must be unique.
    pub fn new(venues: Vec<VenueConfig>) -> Result<Self> {
        check::min_len("venues", &venues, 1)?;
        if venues.len() > 64 {
            return Err(SmcError::out_of_range(
                "venues.length",
                venues.len() as f64,
                "at most 64",
            ));
        }
        for (i, v) in venues.iter().enumerate() {
            v.validate()?;
            if venues[..i].iter().any(|w| w.name == v.name) {
                return Err(SmcError::invalid(format!(
                    "venue name '{}' is used twice",
                    v.name
                )));
            }
        }
        Ok(Router {
            names: venues.iter().map(|v| v.name.clone()).collect(),
            lanes: vec![Lane::default(); venues.len()],
            venues,
            probs: Vec::new(),
            pruned: Vec::new(),
            held: u64::MAX,
            best_lanes: Vec::new(),
            candidate_lanes: Vec::new(),
            route: Route::default(),
        })
    }

    pub fn venues(&self) -> &[VenueConfig] {
        &self.venues
    }

    pub fn venue_names(&self) -> &[String] {
        &self.names
    }

    /// The most recent decision (empty before the first).
    pub fn last_route(&self) -> &Route {
        &self.route
    }

    /// Index of a venue by name, or `NotFound`.
    pub fn venue_index(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| SmcError::NotFound(format!("unknown venue '{name}'")))
    }

    /// Routes `order` over `books` (one per venue, in configuration order).
    pub fn route(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        options: &RouteOptions<'_>,
    ) -> Result<&Route> {
        check::finite_scalar("quantity", order.quantity)?;
        if order.quantity <= 0.0 {
            return Err(SmcError::out_of_range(
                "quantity",
                order.quantity,
                "a number > 0",
            ));
        }
        if let Some(limit) = order.limit {
            check::finite_scalar("limit", limit)?;
            if limit <= 0.0 {
                return Err(SmcError::out_of_range("limit", limit, "a number > 0"));
            }
        }
        if options.max_book_age_ms.is_nan() || options.max_book_age_ms < 0.0 {
            return Err(SmcError::out_of_range(
                "maxBookAgeMs",
                options.max_book_age_ms,
                "a number >= 0",
            ));
        }
        check::same_len("books", self.venues.len(), books.len())?;
        self.route.trace.clear();
        self.pruned.clear();
        self.prepare_lanes(order, books, options)?;
        let eps = 1e-9 * order.quantity;
        let first = self.plan(order, books, options, 0, false);
        let any_fixed = self
            .lanes
            .iter()
            .zip(&self.venues)
            .any(|(l, v)| l.eligible && v.fixed_fee > 0.0);
        // The lanes hold the last plan evaluated. After the candidates of `improve` that is not
        // the chosen one; otherwise re-plan only to record a trace (off while comparing).
        if any_fixed || first.filled < order.quantity - eps {
            let best = self.improve(order, books, options, first);
            if self.held != best.excluded || options.trace {
                self.plan(order, books, options, best.excluded, options.trace);
            }
        } else if options.trace {
            self.plan(order, books, options, first.excluded, true);
        }
        self.collect(order, options.trace);
        Ok(&self.route)
    }

    /// Sets up each venue's lane for this decision: eligibility, fee multiplier, caps, levels
    /// within the limit and level fill probabilities.
    fn prepare_lanes(
        &mut self,
        order: &RouteOrder,
        books: &[VenueBook<'_>],
        options: &RouteOptions<'_>,
    ) -> Result<()> {
        self.probs.clear();
        let mut stale_or_gapped = 0;
        for (v, (cfg, book)) in self.venues.iter().zip(books).enumerate() {
            let lane = &mut self.lanes[v];
            lane.eligible = false;
            lane.reset();
            let dropped = if book.sequence_gap {
                Some((TraceAction::DroppedSequenceGap, 0.0))
            } else if book.age_ms > options.max_book_age_ms {
                Some((TraceAction::DroppedStale, book.age_ms))
            } else {
                None
            };
            if let Some((action, detail)) = dropped {
                stale_or_gapped += 1;
                if options.trace {
                    self.route.trace.push(TraceEntry {
                        venue: v,
                        action,
                        level: None,
                        qty: 0.0,
                        price: f64::NAN,
                        detail,
                    });
                }
                continue;
            }
            book.validate(&cfg.name, order.side)?;
            let side = book.liquidity(order.side);
            lane.mult = cfg.taker_multiplier(order.side);
            lane.latency = cfg.latency_ms;
            lane.lot = cfg.lot_size;
            lane.cap_qty = cfg.max_qty;
            lane.cap_cost = if order.side == Side::Buy {
                cfg.max_notional
            } else {
                f64::INFINITY
            };
            lane.levels_end = match order.limit {
                None => side.len(),
                Some(limit) => side
                    .price
                    .iter()
                    .take_while(|&&p| order.side.sign() * (p - limit) <= 0.0)
                    .count(),
            };
            lane.prob_offset = self.probs.len();
            if let Some(model) = options.fill_model {
                model.probabilities(
                    cfg.latency_ms,
                    book.depletion_rate,
                    &side.qty[..lane.levels_end],
                    &mut self.probs,
                );
                self.probs.truncate(lane.prob_offset + lane.levels_end);
                self.probs.resize(lane.prob_offset + lane.levels_end, 0.0);
                // A user model must not push the merge into NaN or negative quantities.
                for p in &mut self.probs[lane.prob_offset..] {
                    *p = if p.is_finite() {
                        p.clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                }
            }
            lane.eligible = lane.levels_end > 0 && lane.cap_qty > 0.0 && lane.cap_cost > 0.0;
            if !lane.eligible && options.trace {
                self.route.trace.push(TraceEntry {
                    venue: v,
                    action: TraceAction::DroppedNoCapacity,
                    level: None,
                    qty: 0.0,
                    price: f64::NAN,
                    detail: 0.0,
                });
            }
        }
        if stale_or_gapped == self.venues.len() {
            return Err(SmcError::ResyncRequired(
                "every venue's book is stale or has a sequence gap".to_owned(),
            ));
        }
        Ok(())
    }

    fn collect(&mut self, order: &RouteOrder, trace: bool) {
        let r = &mut self.route;
        r.children.clear();
        let (mut qty, mut notional, mut fees, mut all_in, mut expected) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (v, (lane, cfg)) in self.lanes.iter().zip(&self.venues).enumerate() {
            if lane.sent <= 0.0 {
                continue;
            }
            let lane_fees = plan::lane_fees(lane, cfg);
            let child = ChildRoute {
                venue: v,
                quantity: lane.sent,
                limit_price: lane.worst,
                average_price: lane.notional / lane.sent,
                fees: lane_fees,
                all_in: lane.notional + order.side.sign() * lane_fees,
                expected_fill: lane.expected,
            };
            if trace {
                r.trace.push(TraceEntry {
                    venue: v,
                    action: TraceAction::Allocated,
                    level: None,
                    qty: child.quantity,
                    price: child.average_price,
                    detail: child.all_in,
                });
            }
            qty += child.quantity;
            notional += lane.notional;
            fees += lane_fees;
            all_in += child.all_in;
            expected += child.expected_fill;
            r.children.push(child);
        }
        r.quantity = qty;
        r.average_price = if qty > 0.0 { notional / qty } else { f64::NAN };
        r.fees = fees;
        r.all_in = all_in;
        r.expected_fill = expected;
        r.unfilled = (order.quantity - qty).max(0.0);
    }
}

#[cfg(test)]
mod tests;
