//! Bindings of `smc_core::features` and `smc_core::ml`.

use napi::bindgen_prelude::{Float32Array, Float64Array, Int32Array};
use napi_derive::napi;
use smc_core::error::check;
use smc_core::features::{self, BarFeatures, FeatureWindow, N_BAR_FEATURES};
use smc_core::ml;

use crate::error::{guard, Result};
use crate::ohlc::OhlcInput;

/// Row-major `[n x 8]` bar features, NaN rows during the warm-up.
#[napi(js_name = "barFeatures")]
pub fn bar_features(bars: OhlcInput) -> Result<Float32Array> {
    guard(|| features::bar_features(&bars.view()?)).map(Float32Array::new)
}

#[napi(js_name = "barFeatureNames")]
pub fn bar_feature_names() -> Vec<&'static str> {
    features::BAR_FEATURE_NAMES.to_vec()
}

/// Per-symbol streaming features plus the rolling model window.
#[napi]
pub struct BarFeatureStream {
    features: BarFeatures,
    window: FeatureWindow,
    row: [f32; N_BAR_FEATURES],
}

#[napi]
impl BarFeatureStream {
    #[napi(constructor)]
    pub fn new(seq_len: f64) -> Result<Self> {
        guard(|| {
            Ok(BarFeatureStream {
                features: BarFeatures::new(),
                window: FeatureWindow::new(
                    check::count("seqLen", seq_len, 1, check::MAX_SMALL)? as i64,
                    N_BAR_FEATURES as i64,
                )?,
                row: [0.0; N_BAR_FEATURES],
            })
        })
    }

    /// Adds one bar; returns true when the model window is full and current.
    #[napi]
    pub fn push(
        &mut self,
        open: f64,
        high: f64,
        low: f64,
        close: f64,
        volume: f64,
    ) -> Result<bool> {
        guard(|| {
            let one = |x: f64| [x];
            let (o, h, l, c, v) = (one(open), one(high), one(low), one(close), one(volume));
            smc_core::ohlc::Ohlc::new(None, &o, &h, &l, &c, &v)?;
            if self
                .features
                .update(open, high, low, close, volume, &mut self.row)
            {
                self.window.push(&self.row)?;
            }
            Ok(self.window.is_full())
        })
    }

    /// Copies the window (oldest row first) into `out`, which may live in a SharedArrayBuffer.
    #[napi]
    pub fn copy_window(&self, mut out: Float32Array) -> Result<()> {
        // SAFETY: the call is synchronous on the JS thread, so no JavaScript on this thread
        // touches `out` meanwhile; workers sharing the buffer read it only after the caller
        // hands it to them (the ensemble posts a message after this returns).
        let slice = unsafe { out.as_mut() };
        guard(|| self.window.copy_into(slice))
    }

    #[napi(getter)]
    pub fn ready(&self) -> bool {
        self.window.is_full()
    }
}

#[napi(js_name = "forwardReturnLabels")]
pub fn forward_return_labels(close: Float64Array, horizon: f64, k: f64) -> Result<Int32Array> {
    guard(|| {
        ml::forward_return_labels(
            &close,
            check::count("horizon", horizon, 1, check::MAX_WINDOW)? as i64,
            k,
        )
    })
    .map(Int32Array::new)
}

#[napi(object)]
pub struct SoftmaxReadoutOutput {
    pub weights: Float64Array,
    pub bias: Float64Array,
    pub temperature: f64,
    pub log_loss: f64,
    pub accuracy: f64,
}

/// Fits `softmax(x W + b)` to labels by ridge regression plus temperature search.
#[napi(js_name = "fitSoftmaxReadout")]
pub fn fit_softmax_readout(
    x: Float64Array,
    labels: Int32Array,
    dims: f64,
    classes: f64,
    lambda: f64,
) -> Result<SoftmaxReadoutOutput> {
    guard(|| {
        let d = check::count("dims", dims, 1, check::MAX_SMALL)?;
        let k = check::count("classes", classes, 2, check::MAX_SMALL)?;
        ml::fit_softmax_readout(&x, &labels, d, k, lambda)
    })
    .map(|r| SoftmaxReadoutOutput {
        weights: Float64Array::new(r.weights),
        bias: Float64Array::new(r.bias),
        temperature: r.temperature,
        log_loss: r.log_loss,
        accuracy: r.accuracy,
    })
}

/// `n` normal draws with standard deviation `scale` from the core's seeded generator, as f32:
/// the fixed random weights of the example models (same seed, same weights, everywhere).
#[napi(js_name = "randomWeights")]
pub fn random_weights(n: f64, seed: f64, scale: f64) -> Result<Float32Array> {
    guard(|| {
        let n = check::count("n", n, 0, check::MAX_ROWS)?;
        let seed = check::count("seed", seed, 0, (1 << 53) - 1)? as u64;
        check::finite_scalar("scale", scale)?;
        let mut rng = smc_core::rng::Rng::new(seed);
        Ok((0..n)
            .map(|_| (rng.normal() * scale) as f32)
            .collect::<Vec<f32>>())
    })
    .map(Float32Array::new)
}

#[napi(object)]
pub struct TrainingWindows {
    /// `[m x seqLen x nFeatures]`, row-major.
    pub windows: Float32Array,
    pub labels: Int32Array,
}

/// Windows of `seqLen` feature rows ending at each labelled, fully warmed-up row.
#[napi(js_name = "trainingWindows")]
pub fn training_windows(
    features: Float32Array,
    n_features: f64,
    labels: Int32Array,
    seq_len: f64,
) -> Result<TrainingWindows> {
    guard(|| {
        let nf = check::count("nFeatures", n_features, 1, check::MAX_SMALL)?;
        let sl = check::count("seqLen", seq_len, 1, check::MAX_SMALL)?;
        ml::training_windows(&features, nf, &labels, sl)
    })
    .map(|(w, l)| TrainingWindows {
        windows: Float32Array::new(w),
        labels: Int32Array::new(l),
    })
}

/// Share of rows whose arg-max class equals the label.
#[napi(js_name = "classificationAccuracy")]
pub fn classification_accuracy(
    probs: Float32Array,
    labels: Int32Array,
    classes: f64,
) -> Result<f64> {
    guard(|| {
        ml::accuracy(
            &probs,
            &labels,
            check::count("classes", classes, 2, check::MAX_SMALL)?,
        )
    })
}

/// Accuracy on `test` of always predicting the most frequent class of `train`.
#[napi(js_name = "majorityBaseline")]
pub fn majority_baseline(train: Int32Array, test: Int32Array, classes: f64) -> Result<f64> {
    guard(|| {
        ml::majority_baseline(
            &train,
            &test,
            check::count("classes", classes, 2, check::MAX_SMALL)?,
        )
    })
}

/// Weighted mean of the answering models' probabilities (weight 0 = did not answer).
#[napi(js_name = "combineVotes")]
pub fn combine_votes(
    probs: Float64Array,
    weights: Float64Array,
    classes: f64,
) -> Result<Float64Array> {
    guard(|| {
        ml::combine_votes(
            &probs,
            &weights,
            check::count("classes", classes, 2, check::MAX_SMALL)?,
        )
    })
    .map(Float64Array::new)
}
