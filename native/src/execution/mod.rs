//! Bindings of `smc_core::execution`: schedules, Almgren-Chriss and shortfall ([`schedule`]),
//! the stateful executor ([`executor`]) and the smart order router ([`router`]).

mod executor;
mod router;
mod schedule;

use smc_core::execution::lots::LotSpec;
use smc_core::execution::Side;

fn side(name: &str) -> smc_core::Result<Side> {
    name.parse()
}

fn lots(lot_size: Option<f64>, min_qty: Option<f64>) -> smc_core::Result<LotSpec> {
    LotSpec::new(lot_size.unwrap_or(1.0), min_qty.unwrap_or(0.0))
}

/// A JavaScript number that must be a whole count >= `min`.
fn count(name: &str, x: f64, min: i64) -> smc_core::Result<usize> {
    let n = smc_core::error::check::integer(name, x)?;
    smc_core::error::check::window(name, n, min)
}

/// A seed given as a JavaScript number (a whole number up to 2^53).
fn seed(x: Option<f64>) -> smc_core::Result<u64> {
    let s = smc_core::error::check::integer("seed", x.unwrap_or(0.0))?;
    Ok(s as u64)
}
