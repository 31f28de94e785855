//! Synthetic markets for examples, tests and benchmarks that must run without downloaded data.

mod bars;

pub use bars::{generate_bars, Regime, SyntheticBars, SyntheticBarsConfig};
