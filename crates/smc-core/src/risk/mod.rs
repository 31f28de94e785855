//! Risk: exact quantiles (the building block of historical VaR) and rolling windows over them.

mod quantile;
mod rolling_quantile;
mod sorted_window;

pub use quantile::{quantile, quantile_sorted, quantiles, QuantileMethod};
pub use rolling_quantile::RollingQuantile;
pub use sorted_window::SortedWindow;
