//! Training windows, evaluation and vote combination for the example models.

use crate::error::{check, Result, SmcError};

/// Windows of `seq_len` consecutive feature rows ending at each labelled row, skipping rows
/// whose window reaches into the warm-up (NaN features) or whose label is unknown (< 0).
/// `features` is row-major `[n x n_features]`. Returns the windows row-major
/// `[m x seq_len x n_features]` and their labels.
pub fn training_windows(
    features: &[f32],
    n_features: usize,
    labels: &[i32],
    seq_len: usize,
) -> Result<(Vec<f32>, Vec<i32>)> {
    if n_features == 0 || seq_len == 0 {
        return Err(SmcError::out_of_range(
            "nFeatures/seqLen",
            0.0,
            "integers >= 1",
        ));
    }
    check::same_len("features", labels.len() * n_features, features.len())?;
    let row = seq_len * n_features;
    let mut windows = Vec::new();
    let mut out_labels = Vec::new();
    for (end, &label) in labels.iter().enumerate().skip(seq_len - 1) {
        if label < 0 {
            continue;
        }
        let start = (end + 1 - seq_len) * n_features;
        let window = &features[start..start + row];
        // Warm-up rows are NaN from their first value on, so checking each row's first value
        // is enough; any other NaN would be a bug upstream and is caught below too.
        if window.iter().any(|v| !v.is_finite()) {
            continue;
        }
        windows.extend_from_slice(window);
        out_labels.push(label);
    }
    Ok((windows, out_labels))
}

/// Share of rows whose arg-max class (first on ties) equals the label; `probs` is `[n x k]`.
pub fn accuracy(probs: &[f32], labels: &[i32], k: usize) -> Result<f64> {
    check::min_len("labels", labels, 1)?;
    check::same_len("probs", labels.len() * k, probs.len())?;
    let correct = labels
        .iter()
        .enumerate()
        .filter(|&(i, &label)| argmax(&probs[i * k..(i + 1) * k]) == Some(label as usize))
        .count();
    Ok(correct as f64 / labels.len() as f64)
}

/// Accuracy on `test` of always predicting the most frequent class of `train` (the
/// no-skill baseline a model must beat).
pub fn majority_baseline(train: &[i32], test: &[i32], k: usize) -> Result<f64> {
    check::min_len("train labels", train, 1)?;
    check::min_len("test labels", test, 1)?;
    let mut counts = vec![0usize; k];
    for &l in train {
        if l < 0 || l as usize >= k {
            return Err(SmcError::out_of_range(
                "label",
                l as f64,
                &format!("an integer in [0, {k})"),
            ));
        }
        counts[l as usize] += 1;
    }
    let majority = (0..k).fold(0, |best, c| if counts[c] > counts[best] { c } else { best });
    Ok(test.iter().filter(|&&l| l as usize == majority).count() as f64 / test.len() as f64)
}

fn argmax(xs: &[f32]) -> Option<usize> {
    if xs.iter().any(|x| !x.is_finite()) {
        return None;
    }
    (0..xs.len()).reduce(|best, c| if xs[c] > xs[best] { c } else { best })
}

/// The weighted mean of the class probabilities of the models that answered, renormalised by
/// their total weight. `probs` is `[m x k]`, `weights` `[m]`; rows with weight 0 are models
/// that did not answer. Returns the combined probabilities, or all zeros when no model
/// answered. A non-finite probability or a negative weight is an error: a model that emits
/// NaN must be reported as failed, never averaged.
pub fn combine_votes(probs: &[f64], weights: &[f64], k: usize) -> Result<Vec<f64>> {
    check::same_len("probs", weights.len() * k, probs.len())?;
    check::finite("probs", probs)?;
    check::finite("weights", weights)?;
    if let Some(i) = weights.iter().position(|&w| w < 0.0) {
        return Err(SmcError::out_of_range(
            &format!("weights[{i}]"),
            weights[i],
            "a weight >= 0",
        ));
    }
    let total: f64 = weights.iter().sum();
    let mut out = vec![0.0; k];
    if total == 0.0 {
        return Ok(out);
    }
    for (m, &w) in weights.iter().enumerate() {
        for c in 0..k {
            out[c] += w * probs[m * k + c];
        }
    }
    for v in &mut out {
        *v /= total;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_skip_warm_up_and_unlabelled_rows() {
        let nan = f32::NAN;
        // 5 rows x 1 feature; row 0 is warm-up; label of row 4 unknown.
        let f = [nan, 1.0, 2.0, 3.0, 4.0];
        let labels = [0, 1, 2, 0, -1];
        let (w, l) = training_windows(&f, 1, &labels, 2).unwrap();
        assert_eq!(w, vec![1.0, 2.0, 2.0, 3.0]);
        assert_eq!(l, vec![2, 0]);
        assert_eq!(
            training_windows(&f, 1, &labels[..4], 2).unwrap_err().code(),
            "SMC_LENGTH_MISMATCH"
        );
    }

    #[test]
    fn accuracy_and_baseline() {
        let probs = [0.1, 0.8, 0.1, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6];
        assert!((accuracy(&probs, &[1, 0, 0], 3).unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            majority_baseline(&[2, 2, 1], &[2, 0, 2, 2], 3).unwrap(),
            0.75
        );
        assert_eq!(
            majority_baseline(&[3], &[0], 3).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
    }

    #[test]
    fn votes_are_weighted_and_renormalised() {
        let probs = [0.2, 0.3, 0.5, 0.6, 0.3, 0.1, 9.0, 9.0, 9.0];
        let out = combine_votes(&probs, &[1.0, 3.0, 0.0], 3).unwrap();
        let expected = [(0.2 + 1.8) / 4.0, (0.3 + 0.9) / 4.0, (0.5 + 0.3) / 4.0];
        for (a, b) in out.iter().zip(expected) {
            assert!((a - b).abs() < 1e-12);
        }
        assert_eq!(combine_votes(&probs, &[0.0; 3], 3).unwrap(), vec![0.0; 3]);
        assert_eq!(
            combine_votes(&[f64::NAN, 0.0, 1.0], &[1.0], 3)
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            combine_votes(&probs, &[1.0, -1.0, 0.0], 3)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
