//! Portfolio accounting: positions per instrument and per strategy, cash, equity, high-water
//! mark and drawdown, PnL attribution and slippage against decision prices.
//!
//! # Semantics
//! - **Average cost.** See [`Position`]: same-side fills average in, opposite fills realise
//!   against the average, and a fill through zero closes then reopens at the fill price.
//! - **Cash and equity.** `cash -= q * price * multiplier + fee` on every fill;
//!   `equity = cash + sum Q * mark * multiplier`. Hence, for any fill sequence,
//!   `equity - initial_cash = realised + unrealised - fees` (property-tested).
//! - **Marks.** An instrument is valued at the last [`Portfolio::mark`] price; before its first
//!   mark it is valued at its first fill price. Later fills never move the mark, so slippage
//!   against the market shows up in equity at once.
//! - **Out-of-order fills.** Fills are accounted by arrival, and their exchange timestamps are
//!   recorded: a fill older than one already applied for the same instrument is applied at once
//!   and reported as late (`late_by_ms`, per-instrument counter). No reorder buffer, on purpose:
//!   a buffer would make positions lag the venue, and the breaker must see every fill at once.
//!   Quantity, cash, equity and total PnL are independent of arrival order; only the
//!   realised/unrealised split and the average entry price follow arrival order (tested with
//!   hand-computed numbers).
//! - **Duplicates.** A fill whose id is among the ids of the last
//!   [`Portfolio::DEFAULT_MAX_FILL_IDS`] fills (see [`Portfolio::set_max_fill_ids`]) is ignored
//!   and counted; an older replay is no longer recognised, so memory stays bounded.
//! - **Attribution.** Each strategy holds its own positions; each instrument's net position is
//!   the sum over strategies. Total PnL per instrument equals the sum of the strategies' total
//!   PnL in it; the realised/unrealised split may differ when strategies cross each other.
//! - **Slippage.** `(fill price - decision price) * q * multiplier`: positive is a cost.

mod fill;
mod ledger;
mod position;
mod recent_ids;
mod views;

pub use fill::{Fill, FillColumns, FillOutcome};
pub use ledger::{BatchOutcome, Portfolio};
pub use position::Position;
pub use views::{AccountView, PnlTotals, PositionView};

#[cfg(test)]
mod tests;
