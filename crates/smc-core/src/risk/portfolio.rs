//! Gaussian portfolio VaR with marginal and component VaR (Euler allocation).
//!
//! VaR = -w'mu - z_alpha * sqrt(w' S w). Marginal VaR is its gradient in the weights,
//! -mu - z_alpha * S w / sigma_p, and component VaR is w_i * marginal_i; because VaR is
//! homogeneous of degree 1 in w, the components sum to the total (Euler). This is
//! PerformanceAnalytics' `VaR.Gaussian.portfolio`.

use super::input;
use crate::dist::norm_ppf;
use crate::error::{check, Result, SmcError};

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioVar {
    pub var: f64,
    pub sigma: f64,
    pub marginal: Vec<f64>,
    pub component: Vec<f64>,
}

/// Checks that `cov` (row-major n x n) is symmetric and positive definite with a Cholesky
/// factorisation: a pivot at or below n * eps * the largest diagonal means singular or not PSD.
pub fn check_covariance(cov: &[f64], n: usize) -> Result<()> {
    check::same_len("covariance", n * n, cov.len())?;
    check::finite("covariance", cov)?;
    let scale = (0..n).map(|i| cov[i * n + i].abs()).fold(0.0, f64::max);
    for i in 0..n {
        for j in 0..i {
            let (a, b) = (cov[i * n + j], cov[j * n + i]);
            if (a - b).abs() > 1e-12 * scale.max(f64::MIN_POSITIVE) {
                return Err(SmcError::invalid(format!(
                    "covariance is not symmetric: [{i}][{j}] = {a} but [{j}][{i}] = {b}"
                )));
            }
        }
    }
    let tol = n as f64 * f64::EPSILON * scale;
    let mut l = vec![0.0; n * n];
    for j in 0..n {
        let mut d = cov[j * n + j];
        for k in 0..j {
            d -= l[j * n + k] * l[j * n + k];
        }
        if d <= tol {
            return Err(SmcError::SingularMatrix(format!(
                "covariance is singular or not positive definite (Cholesky pivot {j} = {d:e})"
            )));
        }
        let djj = d.sqrt();
        l[j * n + j] = djj;
        for i in j + 1..n {
            let mut s = cov[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = s / djj;
        }
    }
    Ok(())
}

/// Gaussian portfolio VaR (positive loss) with marginal and component VaR. `mean` defaults to
/// zero (a pure volatility VaR) when `None`.
pub fn portfolio_gaussian_var(
    weights: &[f64],
    cov: &[f64],
    mean: Option<&[f64]>,
    alpha: f64,
) -> Result<PortfolioVar> {
    let alpha = input::alpha(alpha)?;
    let n = weights.len();
    check::series("weights", weights)?;
    if let Some(mu) = mean {
        check::same_len("mean", n, mu.len())?;
        check::finite("mean", mu)?;
    }
    check_covariance(cov, n)?;
    let sw: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| cov[i * n + j] * weights[j]).sum())
        .collect();
    let variance: f64 = weights.iter().zip(&sw).map(|(w, s)| w * s).sum();
    if variance <= 0.0 {
        return Err(SmcError::SingularMatrix(
            "portfolio variance w'Sw is zero (all weights zero?)".to_owned(),
        ));
    }
    let sigma = variance.sqrt();
    let z = norm_ppf(alpha);
    let mu = |i: usize| mean.map_or(0.0, |m| m[i]);
    let marginal: Vec<f64> = (0..n).map(|i| -mu(i) - z * sw[i] / sigma).collect();
    let component: Vec<f64> = marginal.iter().zip(weights).map(|(m, w)| m * w).collect();
    let location: f64 = (0..n).map(|i| weights[i] * mu(i)).sum();
    Ok(PortfolioVar {
        var: -location - z * sigma,
        sigma,
        marginal,
        component,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_sum_to_total() {
        let cov = [0.04, 0.006, 0.002, 0.006, 0.09, -0.01, 0.002, -0.01, 0.0225];
        let w = [0.5, 0.3, 0.2];
        let mu = [0.001, 0.002, -0.0005];
        let p = portfolio_gaussian_var(&w, &cov, Some(&mu), 0.01).unwrap();
        let sum: f64 = p.component.iter().sum();
        assert!((sum - p.var).abs() < 1e-15);
        // Single asset: the univariate Gaussian VaR.
        let one = portfolio_gaussian_var(&[1.0], &[0.0004], None, 0.05).unwrap();
        assert!((one.var - 1.6448536269514722 * 0.02).abs() < 1e-15);
        // Finite-difference check of a marginal.
        let h = 1e-6;
        let up = portfolio_gaussian_var(&[0.5 + h, 0.3, 0.2], &cov, Some(&mu), 0.01).unwrap();
        assert!(((up.var - p.var) / h - p.marginal[0]).abs() < 1e-5);
    }

    #[test]
    fn singular_and_bad_covariances_are_typed() {
        let singular = [1.0, 1.0, 1.0, 1.0];
        let err = portfolio_gaussian_var(&[0.5, 0.5], &singular, None, 0.05).unwrap_err();
        assert_eq!(err.code(), "SMC_SINGULAR_MATRIX");
        let indefinite = [1.0, 2.0, 2.0, 1.0];
        let err = portfolio_gaussian_var(&[0.5, 0.5], &indefinite, None, 0.05).unwrap_err();
        assert_eq!(err.code(), "SMC_SINGULAR_MATRIX");
        let asym = [1.0, 0.1, 0.2, 1.0];
        let err = portfolio_gaussian_var(&[0.5, 0.5], &asym, None, 0.05).unwrap_err();
        assert_eq!(err.code(), "SMC_INVALID_INPUT");
        let err = portfolio_gaussian_var(&[0.5, 0.5], &[1.0, 0.0, 0.0], None, 0.05).unwrap_err();
        assert_eq!(err.code(), "SMC_LENGTH_MISMATCH");
        let err =
            portfolio_gaussian_var(&[0.0, 0.0], &[1.0, 0.0, 0.0, 1.0], None, 0.05).unwrap_err();
        assert_eq!(err.code(), "SMC_SINGULAR_MATRIX");
    }
}
