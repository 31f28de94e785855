//! Small closed-form learners used to fit the example models' readouts in seconds, and the
//! labels they are fitted to. Training happens here, in Rust; the SDK only moves arrays.

mod labels;
mod ridge;

pub use labels::forward_return_labels;
pub use ridge::{fit_softmax_readout, ridge_regression, SoftmaxReadout};
