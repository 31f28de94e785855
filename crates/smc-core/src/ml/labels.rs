//! Three-class labels (sell = 0, hold = 1, buy = 2) from forward returns.

use crate::error::{check, Result};

/// Label of bar i: buy when log(close[i+h] / close[i]) > threshold_i, sell when below
/// -threshold_i, hold otherwise, with threshold_i = k * sigma_i * sqrt(h) and sigma_i an EWMA
/// (lambda 0.97) of squared one-bar log returns up to bar i. The last h bars have no label
/// (-1): their future is unknown.
pub fn forward_return_labels(close: &[f64], horizon: i64, k: f64) -> Result<Vec<i32>> {
    check::series("close", close)?;
    let h = check::window("horizon", horizon, 1)?;
    check::finite_scalar("k", k)?;
    if let Some(i) = close.iter().position(|&c| c <= 0.0) {
        return Err(crate::SmcError::out_of_range(
            &format!("close[{i}]"),
            close[i],
            "a price > 0",
        ));
    }
    let n = close.len();
    let mut labels = vec![-1; n];
    let mut var: Option<f64> = None;
    for i in 0..n {
        if i > 0 {
            let r = (close[i] / close[i - 1]).ln();
            var = Some(var.map_or(r * r, |v| 0.97 * v + 0.03 * r * r));
        }
        if i + h >= n {
            continue;
        }
        let sigma = var.unwrap_or(0.0).sqrt();
        let threshold = k * sigma * (h as f64).sqrt();
        let fwd = (close[i + h] / close[i]).ln();
        labels[i] = if fwd > threshold {
            2
        } else if fwd < -threshold {
            0
        } else {
            1
        };
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_future() {
        let close = [100.0, 101.0, 102.0, 101.0, 99.0, 99.0];
        let l = forward_return_labels(&close, 1, 0.0).unwrap();
        assert_eq!(l, vec![2, 2, 0, 0, 1, -1]);
        assert_eq!(
            forward_return_labels(&close, 0, 0.5).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            forward_return_labels(&[1.0, -1.0], 1, 0.5)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
