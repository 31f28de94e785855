//! Risk: exact quantiles, VaR and ES (historical, Gaussian, modified, EWMA, filtered
//! historical, portfolio), their rolling forms, a streaming sketch, a precomputed table for
//! hot paths, and VaR backtests.
//!
//! Sign convention: VaR and ES are positive losses; `alpha` is the tail probability (0.05 for
//! 95% VaR) and must lie in (0, 0.5].

mod backtest;
mod ddsketch;
mod ewma;
mod input;
mod moments;
mod portfolio;
mod quantile;
mod rolling_filtered;
mod rolling_quantile;
mod rolling_var;
mod sorted_window;
mod var;
mod var_table;

pub use backtest::{
    basel_traffic_light, christoffersen, exceptions, kupiec_pof, tuff, BaselZone, Christoffersen,
    LikelihoodRatio, TrafficLight, Tuff,
};
pub use ddsketch::DdSketch;
pub use ewma::{
    ewma_var, ewma_variance, filtered_historical_var, EwmaParams, EwmaStart, FilteredHistorical,
};
pub use input::{alpha as check_alpha, clean as clean_returns, NanPolicy};
pub use moments::{mean, Moments};
pub use portfolio::{check_covariance, portfolio_gaussian_var, PortfolioVar};
pub use quantile::{quantile, quantile_sorted, quantiles, QuantileMethod};
pub use rolling_filtered::{rolling_ewma_var, rolling_filtered_historical_var};
pub use rolling_quantile::RollingQuantile;
pub use rolling_var::{RollingVar, VarModel};
pub use sorted_window::SortedWindow;
pub use var::{
    gaussian_es, gaussian_var, historical_es, historical_es_sorted, historical_var, modified_es,
    modified_var, EsConvention, MODIFIED_MIN_LEN,
};
pub use var_table::VarTable;
