//! Market microstructure: spreads (quoted, effective, realized), mid and imbalance-weighted mid,
//! order book imbalance, Stoikov's micro-price, order flow imbalance, trade signing, Kyle's
//! lambda, Amihud illiquidity, Roll's spread, realized volatility and VPIN.
//!
//! Every function takes columns and returns a column of the same length with NaN during
//! warm-up; rolling estimators are also streaming structs (`push` per observation), and the
//! batch form runs the same struct so both agree exactly. Each item documents its formula and
//! reference.

mod liquidity;
mod microprice;
mod quotes;
mod rolling;
mod trades;
mod vpin;

pub use liquidity::{
    amihud, kyle_lambda, realized_volatility, roll_spread, Amihud, KyleLambda, RealizedVolatility,
    RollSpread,
};
pub use microprice::{MicropriceModel, MicropriceOptions};
pub use quotes::{
    depth_imbalance, imbalance, imbalance_one, mid, ofi, ofi_contribution, quoted_spread,
    weighted_mid, weighted_mid_one, Ofi, Quotes,
};
pub use trades::{
    asof, effective_spread, lee_ready, realized_spread, sign_from_aggressor, tick_rule, LeeReady,
    TickRule,
};
pub use vpin::{normal_cdf, vpin, Vpin, VpinOptions};
