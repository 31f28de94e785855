//! smc-core: the numeric core of smc-engine.
//!
//! Every algorithm of the project lives here once, in pure Rust with no N-API dependency, so it
//! can be unit- and property-tested with `cargo test` and benchmarked with criterion. The
//! `smc-native` crate only converts types; the TypeScript SDK only orchestrates.
//!
//! Modules mirror the domains of the pipeline: [`risk`] (quantiles, VaR/ES), with more to come
//! (book, micro, indicators, smc, execution, stats).

pub mod book;
pub mod calendar;
pub mod data;
pub mod dist;
pub mod error;
pub mod exchange;
pub mod execution;
pub mod features;
pub mod indicators;
pub mod micro;
pub mod ml;
pub mod ohlc;
pub mod portfolio;
pub mod risk;
pub mod rng;
pub mod smc;
pub mod stats;
pub mod synth;

pub use error::{Result, SmcError};
