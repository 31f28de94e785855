//! Execution: splitting a parent order into child orders over time, routing a child across
//! venues, and measuring the result.
//!
//! - [`schedule`]: pure planning functions (TWAP, VWAP and its volume profile, POV, iceberg,
//!   Almgren-Chriss), each returning quantities that respect lot and minimum sizes.
//! - [`executor`]: stateful executors driven by clock ticks, market data and fills, which decide
//!   the next child orders and adapt when reality departs from the plan, auditing every decision.
//! - [`router`]: the smart order router (fee-inclusive k-way merge of venue books, lot/notional
//!   rounding, fixed fees, staleness and fill probability).
//! - [`shortfall`]: implementation shortfall (Perold) and slippage measures.

pub mod executor;
pub mod lots;
pub mod prng;
pub mod router;
pub mod schedule;
pub mod shortfall;

mod side;

pub use side::Side;
