//! Stateful executors: the same algorithms as [`super::schedule`], driven live.
//!
//! An [`Executor`] is fed clock ticks ([`Executor::step`]), market data ([`Executor::on_quote`],
//! [`Executor::on_volume`]) and order events ([`Executor::on_fill`], [`Executor::on_cancel_ack`])
//! and answers with [`Action`]s: new child orders (quantity, limit price or market; the venue is
//! the router's business) and cancels. What the algorithm wants is a [`Pacing`]: the cumulative
//! quantity that should be done by now. The engine turns the gap between that target and what
//! is filled or working into children, respecting lots, the minimum child, the limit guard and
//! price drift, and records every decision in an audit trail.

mod engine;
mod pacing;
mod types;

pub use engine::Executor;
pub use pacing::{
    IcebergPacing, Pacing, PacingContext, PovPacing, SchedulePacing, VwapDynamicPacing,
};
pub use types::{
    Action, ActionKind, Decision, DecisionKind, ExecutorConfig, ExecutorStatus, OrderStyle,
};
