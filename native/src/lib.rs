//! smc-native: the napi-rs binding of smc-core.
//!
//! Conversion only: typed arrays in and out, option objects to core parameters, core errors to
//! JavaScript errors with a stable `code`. No numeric logic lives here. One module per domain
//! mirrors `smc_core`; each `#[napi]` item registers itself, so a module only has to be listed.

mod book;
mod calendar;
mod capture;
mod columns;
mod error;
mod exchange;
mod execution;
mod features;
mod indicators;
mod micro;
mod ohlc;
mod portfolio;
mod risk;
mod smc;
mod smc_stream;
mod stats;
mod synth;
