//! Small closed-form learners used to fit the example models' readouts in seconds, and the
//! labels they are fitted to. Training happens here, in Rust; the SDK only moves arrays.

mod evaluate;
mod labels;
mod ridge;

pub use evaluate::{accuracy, combine_votes, majority_baseline, training_windows};
pub use labels::forward_return_labels;
pub use ridge::{fit_softmax_readout, ridge_regression, SoftmaxReadout};
