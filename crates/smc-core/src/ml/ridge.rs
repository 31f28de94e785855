//! Ridge regression by Cholesky, and a softmax readout fitted with it.

use crate::error::{check, Result, SmcError};

/// Solves min_W ||X W - Y||^2 + lambda ||W||^2 for X `[n x d]` and Y `[n x k]` (row-major),
/// by the normal equations (X'X + lambda I) W = X'Y and a Cholesky factorisation. Returns W
/// `[d x k]` row-major. O(n d^2 + d^3): meant for d up to a few hundred.
pub fn ridge_regression(
    x: &[f64],
    y: &[f64],
    n: usize,
    d: usize,
    k: usize,
    lambda: f64,
) -> Result<Vec<f64>> {
    check::same_len("x", n * d, x.len())?;
    check::same_len("y", n * k, y.len())?;
    check::finite("x", x)?;
    check::finite("y", y)?;
    if !(lambda >= 0.0 && lambda.is_finite()) {
        return Err(SmcError::out_of_range(
            "lambda",
            lambda,
            "a finite number >= 0",
        ));
    }
    let mut a = vec![0.0; d * d];
    let mut b = vec![0.0; d * k];
    for row in 0..n {
        let xr = &x[row * d..(row + 1) * d];
        let yr = &y[row * k..(row + 1) * k];
        for i in 0..d {
            let xi = xr[i];
            if xi == 0.0 {
                continue;
            }
            for j in i..d {
                a[i * d + j] += xi * xr[j];
            }
            for c in 0..k {
                b[i * k + c] += xi * yr[c];
            }
        }
    }
    for i in 0..d {
        for j in 0..i {
            a[i * d + j] = a[j * d + i];
        }
        a[i * d + i] += lambda;
    }
    cholesky_in_place(&mut a, d)?;
    // Solve L L' W = B column by column.
    let mut w = vec![0.0; d * k];
    let mut z = vec![0.0; d];
    for c in 0..k {
        for i in 0..d {
            let mut s = b[i * k + c];
            for j in 0..i {
                s -= a[i * d + j] * z[j];
            }
            z[i] = s / a[i * d + i];
        }
        for i in (0..d).rev() {
            let mut s = z[i];
            for j in i + 1..d {
                s -= a[j * d + i] * w[j * k + c];
            }
            w[i * k + c] = s / a[i * d + i];
        }
    }
    Ok(w)
}

/// Lower Cholesky factor in place (the upper triangle is left as it was).
fn cholesky_in_place(a: &mut [f64], d: usize) -> Result<()> {
    for j in 0..d {
        let mut diag = a[j * d + j];
        for p in 0..j {
            diag -= a[j * d + p] * a[j * d + p];
        }
        if diag <= 0.0 || !diag.is_finite() {
            return Err(SmcError::SingularMatrix(format!(
                "normal equations are not positive definite at column {j}; raise lambda"
            )));
        }
        let l = diag.sqrt();
        a[j * d + j] = l;
        for i in j + 1..d {
            let mut s = a[i * d + j];
            for p in 0..j {
                s -= a[i * d + p] * a[j * d + p];
            }
            a[i * d + j] = s / l;
        }
    }
    Ok(())
}

/// A linear readout `softmax(temperature * (x W + b))` over `k` classes.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxReadout {
    /// `[d x k]` row-major, temperature already folded in.
    pub weights: Vec<f64>,
    /// `[k]`, temperature already folded in.
    pub bias: Vec<f64>,
    pub temperature: f64,
    /// Mean log loss of the fitted readout on the training rows.
    pub log_loss: f64,
    /// Share of training rows whose arg-max class is the label.
    pub accuracy: f64,
}

/// Fits a softmax readout on features `x` `[n x d]` and labels in 0..k (rows labelled < 0 are
/// skipped): ridge regression onto one-hot targets (an echo-state-network readout), then the
/// temperature that minimises the log loss on a log-spaced grid, so the probabilities mean
/// something. Closed form plus a 1-D search: seconds, deterministic.
pub fn fit_softmax_readout(
    x: &[f64],
    labels: &[i32],
    d: usize,
    k: usize,
    lambda: f64,
) -> Result<SoftmaxReadout> {
    let n_all = labels.len();
    check::same_len("x", n_all * d, x.len())?;
    if k < 2 {
        return Err(SmcError::out_of_range(
            "classes",
            k as f64,
            "an integer >= 2",
        ));
    }
    if let Some(&bad) = labels.iter().find(|&&l| l >= k as i32) {
        return Err(SmcError::out_of_range(
            "label",
            bad as f64,
            &format!("an integer < {k}"),
        ));
    }
    // Keep labelled rows; append a constant 1 for the bias.
    let rows: Vec<usize> = (0..n_all).filter(|&i| labels[i] >= 0).collect();
    let n = rows.len();
    if n < d + 1 {
        return Err(SmcError::EmptyInput {
            what: "labelled rows".into(),
            min: d + 1,
            actual: n,
        });
    }
    let da = d + 1;
    let mut xa = Vec::with_capacity(n * da);
    let mut y = vec![0.0; n * k];
    for (r, &i) in rows.iter().enumerate() {
        xa.extend_from_slice(&x[i * d..(i + 1) * d]);
        xa.push(1.0);
        y[r * k + labels[i] as usize] = 1.0;
    }
    let w = ridge_regression(&xa, &y, n, da, k, lambda)?;
    let scores: Vec<f64> = (0..n)
        .flat_map(|r| {
            let xr = &xa[r * da..(r + 1) * da];
            let w = &w;
            (0..k).map(move |c| (0..da).map(|j| xr[j] * w[j * k + c]).sum::<f64>())
        })
        .collect();
    let loss = |t: f64| -> f64 {
        let mut total = 0.0;
        for (r, &i) in rows.iter().enumerate() {
            let s = &scores[r * k..(r + 1) * k];
            let max = s.iter().copied().fold(f64::MIN, f64::max);
            let z: f64 = s.iter().map(|v| (t * (v - max)).exp()).sum();
            total -= t * (s[labels[i] as usize] - max) - z.ln();
        }
        total / n as f64
    };
    let (temperature, log_loss) = (0..=60)
        .map(|i| 10f64.powf(-1.0 + i as f64 * 0.05))
        .map(|t| (t, loss(t)))
        .fold((1.0, f64::INFINITY), |best, cur| {
            if cur.1 < best.1 {
                cur
            } else {
                best
            }
        });
    let correct = rows
        .iter()
        .enumerate()
        .filter(|&(r, &i)| {
            let s = &scores[r * k..(r + 1) * k];
            let arg = (0..k).fold(0, |a, c| if s[c] > s[a] { c } else { a });
            arg == labels[i] as usize
        })
        .count();
    Ok(SoftmaxReadout {
        weights: w[..d * k].iter().map(|v| v * temperature).collect(),
        bias: w[d * k..].iter().map(|v| v * temperature).collect(),
        temperature,
        log_loss,
        accuracy: correct as f64 / n as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn recovers_a_linear_map() {
        // y = 2 x0 - 3 x1 + 0.5, no noise, tiny lambda.
        let mut rng = Rng::new(3);
        let n = 500;
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..n {
            let (a, b) = (rng.normal(), rng.normal());
            x.extend_from_slice(&[a, b, 1.0]);
            y.push(2.0 * a - 3.0 * b + 0.5);
        }
        let w = ridge_regression(&x, &y, n, 3, 1, 1e-9).unwrap();
        assert!(
            (w[0] - 2.0).abs() < 1e-6 && (w[1] + 3.0).abs() < 1e-6 && (w[2] - 0.5).abs() < 1e-6
        );
    }

    #[test]
    fn singular_without_regularisation_is_typed() {
        let x = vec![1.0, 1.0, 2.0, 2.0];
        let y = vec![1.0, 2.0];
        assert_eq!(
            ridge_regression(&x, &y, 2, 2, 1, 0.0).unwrap_err().code(),
            "SMC_SINGULAR_MATRIX"
        );
        assert!(ridge_regression(&x, &y, 2, 2, 1, 1e-3).is_ok());
    }

    #[test]
    fn readout_separates_separable_classes() {
        let mut rng = Rng::new(9);
        let (n, d): (usize, usize) = (900, 2);
        let mut x = Vec::new();
        let mut labels = Vec::new();
        for i in 0..n {
            let class = (i % 3) as i32;
            let centre = [(-3.0, 0.0), (0.0, 3.0), (3.0, 0.0)][class as usize];
            x.push(centre.0 + 0.3 * rng.normal());
            x.push(centre.1 + 0.3 * rng.normal());
            labels.push(class);
        }
        labels[0] = -1; // unlabelled rows are skipped
        let fit = fit_softmax_readout(&x, &labels, d, 3, 1e-3).unwrap();
        assert!(fit.accuracy > 0.99, "accuracy {}", fit.accuracy);
        assert!(fit.log_loss < 0.3, "log loss {}", fit.log_loss);
        assert_eq!(fit.weights.len(), d * 3);
        assert_eq!(fit.bias.len(), 3);
        assert_eq!(
            fit_softmax_readout(&x, &labels, d, 2, 1e-3)
                .unwrap_err()
                .code(),
            "SMC_OUT_OF_RANGE"
        );
    }
}
