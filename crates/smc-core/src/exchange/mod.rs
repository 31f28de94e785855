//! Simulated exchange for backtests and paper trading: one [`SimVenue`] per venue, driven by
//! replayed market data, with pluggable queue, latency, fee and slippage models.
//!
//! Two matching modes share the order entry, the clock and the event delivery:
//! - **L2** ([`SimVenue::l2`]): the venue replays a book (snapshots, level updates, trades, or
//!   [`MarketBatch`] columns). Takers walk the book and consume its liquidity until the level is
//!   refreshed by market data; resting limits queue at their price under a [`QueueModel`].
//! - **Bar** ([`SimVenue::bar`]): the venue matches at bar boundaries ([`SimVenue::on_bar`]):
//!   market orders at the open or close with a [`SlippageModel`], limits on a high/low touch.
//!
//! A backtest loop (the coordinator) drives a venue like this:
//!
//! ```
//! use smc_core::book::{Level, Side, TickSize};
//! use smc_core::exchange::*;
//!
//! let tick = TickSize::parse("0.01").unwrap();
//! let models = Models { latency: Box::new(ConstantLatency::new(1_000, 1_000, 500).unwrap()), ..Models::default() };
//! let mut venue = SimVenue::l2(tick, VenueConfig::default(), models).unwrap();
//! venue.on_snapshot(0, &[Level::new(10_000, 2.0)], &[Level::new(10_001, 1.0)]).unwrap();
//! let id = venue.submit(OrderRequest::market(OrderSide::Buy, 0.5)).unwrap();
//! venue.on_level(2_000, Side::Bid, 10_000, 2.5).unwrap(); // the order arrived at t = 1000
//! let mut events = Vec::new();
//! venue.drain_events(&mut events); // accepted + fill, received at 1500
//! assert_eq!(events[1].kind, ExecKind::Fill);
//! assert_eq!((events[1].price, events[1].qty), (100.01, 0.5));
//! assert_eq!(venue.order(id).unwrap().status, OrderStatus::Filled);
//! ```

mod fees;
mod latency;
mod lifecycle;
mod matching_bar;
mod matching_l2;
mod matching_l2_orders;
mod order_table;
mod orders;
mod queue;
mod slippage;
mod venue;

pub use fees::{FeeInput, FeeModel, FeeTier, MakerTakerFees, TieredFees};
pub use latency::{ConstantLatency, InterpolatedLatency, LatencyModel};
pub use matching_bar::{Bar, BarConfig, BarPrice, TouchRule};
pub use matching_l2::{row, MarketBatch};
pub use orders::{
    ExecEvent, ExecKind, Liquidity, OrderId, OrderRequest, OrderSide, OrderState, OrderStatus,
    OrderType, RejectReason, TimeInForce,
};
pub use queue::{ProbFn, ProbQueue, QueueModel, QueuePosition, RiskAverseQueue};
pub use slippage::{
    apply as apply_slippage, FixedBpsSlippage, SlippageInput, SlippageModel, SpreadSlippage,
    SqrtImpactSlippage,
};
pub use venue::{Models, SimVenue, VenueConfig};
