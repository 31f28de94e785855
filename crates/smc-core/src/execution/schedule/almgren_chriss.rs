//! The closed-form optimal liquidation trajectory of Almgren and Chriss (2000), "Optimal
//! execution of portfolio transactions", with linear permanent (gamma) and temporary (epsilon,
//! eta) impact and mean-variance objective E + lambda V.

use crate::error::{check, Result, SmcError};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlmgrenChrissParams {
    /// Shares to liquidate, X > 0.
    pub shares: f64,
    /// Horizon T (in the time unit of sigma, e.g. days).
    pub horizon: f64,
    /// Number of trading periods N.
    pub periods: usize,
    /// Volatility sigma (price units per sqrt(time unit)).
    pub sigma: f64,
    /// Temporary impact per unit trading rate.
    pub eta: f64,
    /// Permanent impact per share.
    pub gamma: f64,
    /// Fixed cost per share (half spread plus fees).
    pub epsilon: f64,
    /// Risk aversion lambda >= 0; 0 gives the linear (TWAP) trajectory.
    pub lambda: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlmgrenChriss {
    /// x_0 = X, ..., x_N = 0: shares held at t_j = j tau.
    pub holdings: Vec<f64>,
    /// n_k = x_{k-1} - x_k, k = 1..N: shares sold in period k.
    pub trades: Vec<f64>,
    pub kappa: f64,
    /// E = gamma X^2/2 + epsilon sum|n_k| + (eta~/tau) sum n_k^2.
    pub expected_cost: f64,
    /// V = sigma^2 tau sum x_k^2.
    pub variance: f64,
}

impl AlmgrenChrissParams {
    fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("shares", self.shares),
            ("horizon", self.horizon),
            ("sigma", self.sigma),
            ("eta", self.eta),
            ("gamma", self.gamma),
            ("epsilon", self.epsilon),
            ("lambda", self.lambda),
        ] {
            check::finite_scalar(name, v)?;
        }
        if self.shares <= 0.0 {
            return Err(SmcError::out_of_range(
                "shares",
                self.shares,
                "a number > 0",
            ));
        }
        if self.horizon <= 0.0 {
            return Err(SmcError::out_of_range(
                "horizon",
                self.horizon,
                "a number > 0",
            ));
        }
        super::check_slices("periods", self.periods)?;
        for (name, v) in [
            ("sigma", self.sigma),
            ("gamma", self.gamma),
            ("epsilon", self.epsilon),
            ("lambda", self.lambda),
        ] {
            if v < 0.0 {
                return Err(SmcError::out_of_range(name, v, "a number >= 0"));
            }
        }
        if self.eta_tilde() <= 0.0 {
            return Err(SmcError::invalid(format!(
                "eta~ = eta - gamma*tau/2 = {} must be > 0 (temporary impact must dominate)",
                self.eta_tilde()
            )));
        }
        Ok(())
    }

    pub fn tau(&self) -> f64 {
        self.horizon / self.periods as f64
    }

    pub fn eta_tilde(&self) -> f64 {
        self.eta - 0.5 * self.gamma * self.tau()
    }

    /// kappa solving (2/tau^2)(cosh(kappa tau) - 1) = lambda sigma^2 / eta~, in closed form:
    /// kappa = acosh(1 + lambda sigma^2 tau^2 / (2 eta~)) / tau.
    pub fn kappa(&self) -> f64 {
        let tau = self.tau();
        let k2 = self.lambda * self.sigma * self.sigma / self.eta_tilde();
        (1.0 + 0.5 * k2 * tau * tau).acosh() / tau
    }
}

/// sinh(a) / sinh(b) for 0 <= a <= b, without overflow for large arguments and with the exact
/// linear limit a/b when b is 0 (kappa = 0, the risk-neutral case).
fn sinh_ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        return 1.0;
    }
    if b < 20.0 {
        return a.sinh() / b.sinh();
    }
    // sinh(a)/sinh(b) = e^(a-b) (1 - e^-2a) / (1 - e^-2b): finite for any b.
    (a - b).exp() * (-(-2.0 * a).exp_m1()) / (-(-2.0 * b).exp_m1())
}

/// The optimal trajectory, expected cost and variance.
pub fn almgren_chriss(p: AlmgrenChrissParams) -> Result<AlmgrenChriss> {
    p.validate()?;
    let n = p.periods;
    let tau = p.tau();
    let kappa = p.kappa();
    let x = p.shares;
    let t_end = p.horizon;
    let holdings: Vec<f64> = (0..=n)
        .map(|j| {
            if j == n {
                return 0.0;
            }
            let t = j as f64 * tau;
            if kappa == 0.0 {
                x * (t_end - t) / t_end
            } else {
                x * sinh_ratio(kappa * (t_end - t), kappa * t_end)
            }
        })
        .collect();
    let trades: Vec<f64> = holdings.windows(2).map(|w| w[0] - w[1]).collect();
    let eta_tilde = p.eta_tilde();
    let expected_cost = 0.5 * p.gamma * x * x
        + p.epsilon * trades.iter().map(|n| n.abs()).sum::<f64>()
        + eta_tilde / tau * trades.iter().map(|n| n * n).sum::<f64>();
    let variance = p.sigma * p.sigma * tau * holdings[1..].iter().map(|h| h * h).sum::<f64>();
    Ok(AlmgrenChriss {
        holdings,
        trades,
        kappa,
        expected_cost,
        variance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Almgren and Chriss (2000), section 3: 1,000,000 shares at $50,
    /// 30% annual volatility (sigma = 0.95 $/share/day^1/2), 5 days in 5 periods, 1/8 spread
    /// (epsilon = 0.0625), gamma = 2.5e-7, eta = 2.5e-6, lambda = 1e-6.
    pub(crate) fn paper() -> AlmgrenChrissParams {
        AlmgrenChrissParams {
            shares: 1e6,
            horizon: 5.0,
            periods: 5,
            sigma: 0.95,
            eta: 2.5e-6,
            gamma: 2.5e-7,
            epsilon: 0.0625,
            lambda: 1e-6,
        }
    }

    /// The paper's closed forms of E and V (its equation for the efficient strategies).
    fn closed_forms(p: &AlmgrenChrissParams, kappa: f64) -> (f64, f64) {
        let (x, t, tau) = (p.shares, p.horizon, p.tau());
        let s2 = (kappa * t).sinh().powi(2);
        let e = 0.5 * p.gamma * x * x
            + p.epsilon * x
            + p.eta_tilde()
                * x
                * x
                * (0.5 * kappa * tau).tanh()
                * (tau * (2.0 * kappa * t).sinh() + 2.0 * t * (kappa * tau).sinh())
                / (2.0 * tau * tau * s2);
        let v = 0.5
            * p.sigma
            * p.sigma
            * x
            * x
            * (tau * (kappa * t).sinh() * (kappa * (t - tau)).cosh() - t * (kappa * tau).sinh())
            / (s2 * (kappa * tau).sinh());
        (e, v)
    }

    #[test]
    fn kappa_solves_the_defining_equation() {
        let p = paper();
        let k = almgren_chriss(p).unwrap().kappa;
        let tau = p.tau();
        let lhs = 2.0 / (tau * tau) * ((k * tau).cosh() - 1.0);
        let rhs = p.lambda * p.sigma * p.sigma / p.eta_tilde();
        assert!((lhs - rhs).abs() < 1e-12 * rhs);
        // eta~ = 2.375e-6, lambda sigma^2 / eta~ = 0.38: kappa = acosh(1.19) = 0.6071 per day
        assert!((k - 1.19f64.acosh()).abs() < 1e-12);
        assert!((k - 0.6071).abs() < 1e-4);
    }

    #[test]
    fn closed_forms_equal_direct_sums_on_the_paper_example() {
        for lambda in [1e-8, 1e-7, 1e-6, 1e-5] {
            let p = AlmgrenChrissParams { lambda, ..paper() };
            let r = almgren_chriss(p).unwrap();
            let (e, v) = closed_forms(&p, r.kappa);
            assert!(
                (r.expected_cost - e).abs() < 1e-9 * e,
                "E at lambda {lambda}"
            );
            assert!((r.variance - v).abs() < 1e-9 * v, "V at lambda {lambda}");
            assert!((r.trades.iter().sum::<f64>() - 1e6).abs() < 1e-6);
        }
    }

    #[test]
    fn risk_neutral_limit_is_twap() {
        let p = AlmgrenChrissParams {
            lambda: 0.0,
            ..paper()
        };
        let r = almgren_chriss(p).unwrap();
        assert_eq!(r.kappa, 0.0);
        assert_eq!(r.trades, vec![200_000.0; 5]);
        // E = gamma X^2/2 + epsilon X + eta~ X^2 / T = 125,000 + 62,500 + 475,000.
        assert!((r.expected_cost - 662_500.0).abs() < 1e-6);
        // V = sigma^2 (0.8^2 + 0.6^2 + 0.4^2 + 0.2^2) X^2 = 0.9025 x 1.2e12.
        assert!((r.variance - 1.083e12).abs() < 1.0);
        let tiny = almgren_chriss(AlmgrenChrissParams {
            lambda: 1e-16,
            ..paper()
        })
        .unwrap();
        for (a, b) in tiny.trades.iter().zip(&r.trades) {
            assert!((a - b).abs() < 1e-3);
        }
    }

    #[test]
    fn higher_risk_aversion_front_loads_and_lowers_variance() {
        let low = almgren_chriss(paper()).unwrap();
        let high = almgren_chriss(AlmgrenChrissParams {
            lambda: 1e-5,
            ..paper()
        })
        .unwrap();
        assert!(high.trades[0] > low.trades[0]);
        assert!(high.variance < low.variance && high.expected_cost > low.expected_cost);
        let huge = almgren_chriss(AlmgrenChrissParams {
            lambda: 1e6,
            ..paper()
        })
        .unwrap();
        assert!(huge.holdings.iter().all(|h| h.is_finite()));
    }

    #[test]
    fn rejects_bad_parameters() {
        let bad = |p: AlmgrenChrissParams| almgren_chriss(p).unwrap_err().code();
        assert_eq!(
            bad(AlmgrenChrissParams {
                shares: -1.0,
                ..paper()
            }),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            bad(AlmgrenChrissParams {
                sigma: f64::NAN,
                ..paper()
            }),
            "SMC_NON_FINITE"
        );
        assert_eq!(
            bad(AlmgrenChrissParams {
                periods: 0,
                ..paper()
            }),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            bad(AlmgrenChrissParams {
                eta: 1e-9,
                ..paper()
            }),
            "SMC_INVALID_INPUT"
        );
    }
}
