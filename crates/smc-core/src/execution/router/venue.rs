//! Venue configuration (static) and venue books (per routing decision), with their validation.

use crate::error::{check, Result, SmcError};
use crate::execution::Side;

/// Static description of a venue, given once to [`super::Router::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct VenueConfig {
    pub name: String,
    /// Taker fee in basis points of notional (negative = rebate).
    pub taker_fee_bps: f64,
    /// Maker fee in bps (negative = rebate). Reported only: the router takes liquidity.
    pub maker_fee_bps: f64,
    /// Fixed fee per child order, in quote currency.
    pub fixed_fee: f64,
    /// Quantity increment of an order on this venue.
    pub lot_size: f64,
    /// Smallest order notional the venue accepts.
    pub min_notional: f64,
    /// Largest quantity we may send (inventory to sell, position limit); infinity = none.
    pub max_qty: f64,
    /// Quote balance available to buy with, fees included; infinity = none.
    pub max_notional: f64,
    /// Estimated order-to-book latency in milliseconds.
    pub latency_ms: f64,
}

impl VenueConfig {
    /// A venue with no fees, lot 1e-8, no caps and no latency; adjust the fields from there.
    pub fn new(name: impl Into<String>) -> Self {
        VenueConfig {
            name: name.into(),
            taker_fee_bps: 0.0,
            maker_fee_bps: 0.0,
            fixed_fee: 0.0,
            lot_size: 1e-8,
            min_notional: 0.0,
            max_qty: f64::INFINITY,
            max_notional: f64::INFINITY,
            latency_ms: 0.0,
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        let n = &self.name;
        if n.is_empty() {
            return Err(SmcError::invalid("a venue name must not be empty"));
        }
        for (field, v) in [
            ("takerFeeBps", self.taker_fee_bps),
            ("makerFeeBps", self.maker_fee_bps),
        ] {
            check::finite_scalar(&format!("{n}.{field}"), v)?;
            if v <= -1e4 {
                return Err(SmcError::out_of_range(
                    &format!("{n}.{field}"),
                    v,
                    "> -10000",
                ));
            }
        }
        for (field, v) in [
            ("fixedFee", self.fixed_fee),
            ("minNotional", self.min_notional),
            ("latencyMs", self.latency_ms),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(SmcError::out_of_range(
                    &format!("{n}.{field}"),
                    v,
                    "a finite number >= 0",
                ));
            }
        }
        if !(self.lot_size.is_finite() && self.lot_size > 0.0) {
            return Err(SmcError::out_of_range(
                &format!("{n}.lotSize"),
                self.lot_size,
                "a finite number > 0",
            ));
        }
        for (field, v) in [("maxQty", self.max_qty), ("maxNotional", self.max_notional)] {
            if v.is_nan() || v < 0.0 {
                return Err(SmcError::out_of_range(
                    &format!("{n}.{field}"),
                    v,
                    "a number >= 0 (Infinity = no cap)",
                ));
            }
        }
        Ok(())
    }

    /// Fee-inclusive price multiplier of taking liquidity: buy p(1+fee), sell p(1-fee).
    pub(crate) fn taker_multiplier(&self, side: Side) -> f64 {
        1.0 + side.sign() * self.taker_fee_bps * 1e-4
    }
}

/// One side of an L2 book, best level first: asks ascending, bids descending.
#[derive(Debug, Clone, Copy, Default)]
pub struct BookSide<'a> {
    pub price: &'a [f64],
    pub qty: &'a [f64],
}

/// A venue's book and freshness at decision time.
#[derive(Debug, Clone, Copy, Default)]
pub struct VenueBook<'a> {
    pub bids: BookSide<'a>,
    pub asks: BookSide<'a>,
    /// Milliseconds since the book was last updated.
    pub age_ms: f64,
    /// True when the feed reported a sequence gap: the book cannot be trusted.
    pub sequence_gap: bool,
    /// Quantity per millisecond others are currently taking from the touch (recent trade rate);
    /// 0 when unknown. Feeds the fill-probability model.
    pub depletion_rate: f64,
}

impl BookSide<'_> {
    pub fn len(&self) -> usize {
        self.price.len()
    }

    pub fn is_empty(&self) -> bool {
        self.price.is_empty()
    }

    /// Finite positive prices, finite non-negative sizes, strictly ordered away from the touch.
    /// A single pass that builds no message unless something is wrong: this runs on every
    /// routing decision.
    fn validate(&self, venue: &str, side: &str, ascending: bool) -> Result<()> {
        if self.price.len() != self.qty.len() {
            return check::same_len(
                &format!("{venue}.{side}.qty"),
                self.price.len(),
                self.qty.len(),
            );
        }
        let mut prev = f64::NAN;
        for (i, (&p, &q)) in self.price.iter().zip(self.qty).enumerate() {
            let ordered = i == 0 || (p > prev) == ascending && p != prev;
            if p.is_finite() && p > 0.0 && q.is_finite() && q >= 0.0 && ordered {
                prev = p;
                continue;
            }
            return Err(level_error(venue, side, i, p, q, prev, ascending));
        }
        Ok(())
    }
}

/// The precise error for a level that failed the fast check.
#[cold]
fn level_error(
    venue: &str,
    side: &str,
    i: usize,
    p: f64,
    q: f64,
    prev: f64,
    ascending: bool,
) -> SmcError {
    if !p.is_finite() {
        return SmcError::NonFinite {
            what: format!("{venue}.{side}.price"),
            index: i,
            value: p,
        };
    }
    if !q.is_finite() {
        return SmcError::NonFinite {
            what: format!("{venue}.{side}.qty"),
            index: i,
            value: q,
        };
    }
    if p <= 0.0 {
        return SmcError::out_of_range(&format!("{venue}.{side}.price[{i}]"), p, "a number > 0");
    }
    if q < 0.0 {
        return SmcError::out_of_range(&format!("{venue}.{side}.qty[{i}]"), q, "a number >= 0");
    }
    SmcError::Unordered(format!(
        "{venue}.{side}: level {i} price {p} is not strictly {} the previous level's {prev}",
        if ascending { "above" } else { "below" }
    ))
}

impl VenueBook<'_> {
    /// Validates the side the order takes liquidity from (every level) and the touch of the
    /// other side, and rejects a crossed book (best bid at or above best ask).
    pub(crate) fn validate(&self, venue: &str, side: Side) -> Result<()> {
        let (bids, asks) = match side {
            Side::Buy => (
                BookSide {
                    price: first(self.bids.price),
                    qty: first(self.bids.qty),
                },
                self.asks,
            ),
            Side::Sell => (
                self.bids,
                BookSide {
                    price: first(self.asks.price),
                    qty: first(self.asks.qty),
                },
            ),
        };
        bids.validate(venue, "bids", false)?;
        asks.validate(venue, "asks", true)?;
        if let (Some(&bid), Some(&ask)) = (self.bids.price.first(), self.asks.price.first()) {
            if bid >= ask {
                return Err(SmcError::CrossedBook(format!(
                    "{venue}: best bid {bid} >= best ask {ask}"
                )));
            }
        }
        if self.age_ms.is_nan() || self.age_ms < 0.0 {
            return Err(SmcError::out_of_range(
                &format!("{venue}.ageMs"),
                self.age_ms,
                "a number >= 0",
            ));
        }
        if !(self.depletion_rate.is_finite() && self.depletion_rate >= 0.0) {
            return Err(SmcError::out_of_range(
                &format!("{venue}.depletionRate"),
                self.depletion_rate,
                "a finite number >= 0",
            ));
        }
        Ok(())
    }

    /// The side an order of `side` takes liquidity from.
    pub(crate) fn liquidity(&self, side: Side) -> BookSide<'_> {
        match side {
            Side::Buy => self.asks,
            Side::Sell => self.bids,
        }
    }
}

fn first(xs: &[f64]) -> &[f64] {
    &xs[..xs.len().min(1)]
}
