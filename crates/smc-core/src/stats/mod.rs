//! Performance statistics with the conventions of empyrical (Quantopian's Python library),
//! which the golden tests check against: Sharpe, Sortino, CAGR, annual volatility, max
//! drawdown (with duration and recovery), Calmar, Omega, tail ratio, skewness and kurtosis
//! (scipy's population defaults), trade statistics, and rolling versions of all of them.
//!
//! Annualisation is always explicit: `periods_per_year` (252 equities, 365 or 8760 crypto).
//! A ratio whose denominator is zero (a constant series, no losing trade) is `None`, never a
//! silent NaN or infinity.

mod drawdown;
mod equity;
mod performance;
mod rolling;
mod trades;

pub use drawdown::{max_drawdown, MaxDrawdown};
pub use equity::{equity_returns, underwater};
pub use performance::{
    annual_return, annual_volatility, calmar, kurtosis, omega, sharpe, skewness, sortino,
    tail_ratio, Annualisation,
};
pub use rolling::{rolling_metric, Metric, RollingStats, StatsParams, StatsSnapshot};
pub use trades::{trade_stats, TradeStats};
