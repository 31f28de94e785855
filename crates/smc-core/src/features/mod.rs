//! Feature vectors for the model ensemble: per symbol, streaming state updated per bar that
//! emits a fixed-size vector per decision point, kept in a rolling `[seq_len x n_features]`
//! window in f32 (the ONNX models' input layout).

mod bar_features;
mod window;

pub use bar_features::{bar_features, BarFeatures, BAR_FEATURE_NAMES, N_BAR_FEATURES};
pub use window::FeatureWindow;
