//! Order types of the simulated exchange: what a strategy sends ([`OrderRequest`]), the state the
//! venue keeps per order ([`OrderState`]), and what comes back ([`ExecEvent`]).
//!
//! Ids are dense `u32` indices assigned by the venue in submission order, so order lookup is an
//! index (into a window of the orders kept, see `order_table`); the SDK maps user-facing string
//! client ids to them.

use crate::error::{check, Result, SmcError};

/// A dense order id, assigned by the venue in submission order (0, 1, 2, ...).
pub type OrderId = u32;

/// Buy or sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderSide {
    Buy,
    Sell,
}

impl OrderSide {
    /// +1 for a buy, -1 for a sell: the sign of the position change.
    #[inline]
    pub fn sign(self) -> f64 {
        match self {
            OrderSide::Buy => 1.0,
            OrderSide::Sell => -1.0,
        }
    }
}

/// Market (walks the book, no price) or limit (a price bound; rests when not marketable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    Market,
    Limit,
}

/// How long an order may rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeInForce {
    /// Good till cancelled.
    Gtc,
    /// Immediate or cancel: fill what is available on arrival, cancel the rest.
    Ioc,
    /// Fill or kill: fill the whole quantity on arrival or nothing.
    Fok,
    /// Good for the trading day: expires at the venue's next session end
    /// (see [`VenueConfig::session_end_offset_ns`](super::VenueConfig)).
    Day,
}

/// A new order as sent by a strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderRequest {
    pub side: OrderSide,
    pub order_type: OrderType,
    /// Quantity in base units, > 0.
    pub qty: f64,
    /// Limit price (required for limit orders, ignored for market orders).
    pub price: f64,
    pub tif: TimeInForce,
    /// Rejected instead of taking liquidity (limit orders only).
    pub post_only: bool,
    /// May only reduce the venue position; capped to it at execution.
    pub reduce_only: bool,
}

impl OrderRequest {
    /// A market order (IOC by nature).
    pub fn market(side: OrderSide, qty: f64) -> Self {
        OrderRequest {
            side,
            order_type: OrderType::Market,
            qty,
            price: f64::NAN,
            tif: TimeInForce::Ioc,
            post_only: false,
            reduce_only: false,
        }
    }

    /// A GTC limit order.
    pub fn limit(side: OrderSide, qty: f64, price: f64) -> Self {
        OrderRequest {
            side,
            order_type: OrderType::Limit,
            qty,
            price,
            tif: TimeInForce::Gtc,
            post_only: false,
            reduce_only: false,
        }
    }

    pub fn with_tif(mut self, tif: TimeInForce) -> Self {
        self.tif = tif;
        self
    }

    pub fn post_only(mut self) -> Self {
        self.post_only = true;
        self
    }

    pub fn reduce_only(mut self) -> Self {
        self.reduce_only = true;
        self
    }

    /// Checks what can be checked without market state.
    ///
    /// # Errors
    /// `NonFinite` for a NaN/infinite quantity or limit price, `OutOfRange` for a quantity or
    /// price <= 0, `InvalidInput` for post-only on a market order or post-only with IOC/FOK.
    pub fn validate(&self) -> Result<()> {
        check::finite_scalar("qty", self.qty)?;
        if self.qty <= 0.0 {
            return Err(SmcError::out_of_range("qty", self.qty, "a quantity > 0"));
        }
        if self.order_type == OrderType::Limit {
            check::finite_scalar("price", self.price)?;
            if self.price <= 0.0 {
                return Err(SmcError::out_of_range("price", self.price, "a price > 0"));
            }
        }
        if self.post_only {
            if self.order_type == OrderType::Market {
                return Err(SmcError::invalid("a market order cannot be post-only"));
            }
            if matches!(self.tif, TimeInForce::Ioc | TimeInForce::Fok) {
                return Err(SmcError::invalid(
                    "post-only orders rest: use GTC or day, not IOC/FOK",
                ));
            }
        }
        if self.order_type == OrderType::Market
            && matches!(self.tif, TimeInForce::Gtc | TimeInForce::Day)
        {
            return Err(SmcError::invalid(
                "a market order cannot rest: use IOC or FOK",
            ));
        }
        Ok(())
    }
}

/// The lifecycle of an order at the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Sent, not yet arrived at the matching engine (submit latency).
    InFlight,
    /// Resting in the book (possibly partially filled).
    Open,
    Filled,
    Cancelled,
    Rejected,
    Expired,
}

impl OrderStatus {
    /// Whether the order can no longer fill or be cancelled.
    pub fn is_done(self) -> bool {
        matches!(
            self,
            OrderStatus::Filled
                | OrderStatus::Cancelled
                | OrderStatus::Rejected
                | OrderStatus::Expired
        )
    }
}

/// The venue's record of one order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderState {
    pub id: OrderId,
    pub request: OrderRequest,
    pub status: OrderStatus,
    /// Limit price in ticks (L2 mode; 0 for market orders and in bar mode).
    pub price_ticks: i64,
    pub filled_qty: f64,
    /// Quantity still open: request qty (after amends) - filled.
    pub leaves_qty: f64,
    /// Client time of submission.
    pub submitted_ns: i64,
    /// Day orders: when they expire (i64::MAX otherwise).
    pub expires_ns: i64,
    /// Whether a cancel is in flight (a second cancel is refused).
    pub cancel_pending: bool,
    /// When the client receives the event that finished the order (`i64::MAX` while it is
    /// live): until then the client cannot know it is done, so a cancel is still accepted (and
    /// refused on arrival as too late), as on a real venue.
    pub done_received_ns: i64,
    /// Sum of fees charged so far (so per-order fixed fees are charged once).
    pub fees: f64,
}

/// Who provided liquidity on a fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liquidity {
    Maker,
    Taker,
}

/// Why the venue refused an order or a cancel; `code()` is the matching `SmcError` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    /// A post-only order would have taken liquidity.
    PostOnlyWouldTake,
    /// A FOK order could not be filled completely.
    FokUnfillable,
    /// A reduce-only order found no position to reduce.
    ReduceOnlyWouldIncrease,
    /// The book was crossed when the order arrived.
    CrossedBook,
    /// No market data for longer than the configured maximum book age, or no book yet.
    StaleBook,
    /// A cancel or amend arrived after the order was done.
    TooLateToCancel,
    /// The price is off the venue's tick grid.
    InvalidPrice,
    /// A cancel or amend arrived before its order (cancel latency below submit latency).
    NotYetArrived,
    /// An amend set the total quantity at or below the quantity already filled.
    AmendBelowFilled,
}

impl RejectReason {
    /// The `SmcError` code that describes this rejection.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::CrossedBook => "SMC_CROSSED_BOOK",
            RejectReason::InvalidPrice | RejectReason::AmendBelowFilled => "SMC_INVALID_INPUT",
            RejectReason::NotYetArrived => "SMC_NOT_FOUND",
            _ => "SMC_INVALID_STATE",
        }
    }

    /// A stable small integer for columnar event output.
    pub fn as_u8(self) -> u8 {
        self as u8 + 1
    }

    pub fn name(self) -> &'static str {
        match self {
            RejectReason::PostOnlyWouldTake => "post_only_would_take",
            RejectReason::FokUnfillable => "fok_unfillable",
            RejectReason::ReduceOnlyWouldIncrease => "reduce_only_would_increase",
            RejectReason::CrossedBook => "crossed_book",
            RejectReason::StaleBook => "stale_book",
            RejectReason::TooLateToCancel => "too_late_to_cancel",
            RejectReason::InvalidPrice => "invalid_price",
            RejectReason::NotYetArrived => "not_yet_arrived",
            RejectReason::AmendBelowFilled => "amend_below_filled",
        }
    }
}

/// What happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecKind {
    /// The order reached the engine and rests (or is being matched).
    Accepted,
    Rejected,
    /// A fill (partial when `leaves_qty > 0`).
    Fill,
    Cancelled,
    /// An amend took effect (new price/quantity in `price`/`leaves_qty`).
    Amended,
    /// A cancel or amend was refused (the order is unchanged).
    CancelRejected,
    /// A day order reached its session end, or the unfilled rest of an IOC order.
    Expired,
}

impl ExecKind {
    /// A stable small integer for columnar event output.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// One execution report, as the strategy receives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExecEvent {
    pub kind: ExecKind,
    pub order: OrderId,
    /// When the matching engine produced the event.
    pub exchange_ns: i64,
    /// When the strategy receives it (`exchange_ns` + response latency).
    pub receive_ns: i64,
    /// Fill price (fills), limit price (accepted/amended), NaN otherwise.
    pub price: f64,
    /// Fill quantity (fills), 0 otherwise.
    pub qty: f64,
    /// Fee of this fill in quote currency (negative = rebate), 0 otherwise.
    pub fee: f64,
    /// Maker or taker (fills only).
    pub liquidity: Option<Liquidity>,
    /// Quantity still open after this event.
    pub leaves_qty: f64,
    /// Why (rejections only).
    pub reason: Option<RejectReason>,
}

impl ExecEvent {
    pub(crate) fn new(kind: ExecKind, order: OrderId, exchange_ns: i64, leaves_qty: f64) -> Self {
        ExecEvent {
            kind,
            order,
            exchange_ns,
            receive_ns: exchange_ns,
            price: f64::NAN,
            qty: 0.0,
            fee: 0.0,
            liquidity: None,
            leaves_qty,
            reason: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_rejects_bad_quantities_and_prices() {
        let code = |r: OrderRequest| r.validate().unwrap_err().code();
        assert_eq!(
            code(OrderRequest::market(OrderSide::Buy, 0.0)),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            code(OrderRequest::market(OrderSide::Buy, -1.0)),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            code(OrderRequest::market(OrderSide::Buy, f64::NAN)),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            code(OrderRequest::limit(OrderSide::Sell, 1.0, f64::NAN)),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            code(OrderRequest::limit(OrderSide::Sell, 1.0, -5.0)),
            "SMC_OUT_OF_RANGE"
        );
        let po_ioc = OrderRequest::limit(OrderSide::Buy, 1.0, 10.0)
            .post_only()
            .with_tif(TimeInForce::Ioc);
        assert_eq!(code(po_ioc), "SMC_INVALID_INPUT");
        let gtc_market = OrderRequest::market(OrderSide::Buy, 1.0).with_tif(TimeInForce::Gtc);
        assert_eq!(code(gtc_market), "SMC_INVALID_INPUT");
        assert!(OrderRequest::limit(OrderSide::Buy, 1.0, 10.0)
            .post_only()
            .validate()
            .is_ok());
    }

    #[test]
    fn done_states() {
        assert!(!OrderStatus::Open.is_done());
        assert!(!OrderStatus::InFlight.is_done());
        assert!(OrderStatus::Filled.is_done() && OrderStatus::Expired.is_done());
    }
}
