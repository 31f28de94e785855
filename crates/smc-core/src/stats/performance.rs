//! Return-series ratios, as empyrical computes them.

use crate::error::{check, Result, SmcError};
use crate::risk::{clean_returns, quantile_sorted, Moments, NanPolicy, QuantileMethod};

/// Periods per year, checked once (a positive finite number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Annualisation(f64);

impl Annualisation {
    pub fn new(periods_per_year: f64) -> Result<Self> {
        if periods_per_year.is_finite() && periods_per_year > 0.0 {
            Ok(Annualisation(periods_per_year))
        } else {
            Err(SmcError::out_of_range(
                "periodsPerYear",
                periods_per_year,
                "a positive number (252 equities, 365 or 8760 crypto)",
            ))
        }
    }
    pub fn get(self) -> f64 {
        self.0
    }
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    let r = num / den;
    (den != 0.0 && r.is_finite()).then_some(r)
}

fn sample_sd(xs: &[f64]) -> f64 {
    Moments::of(xs).variance(1).sqrt()
}

/// Sharpe ratio: mean(r - rf) / sd(r - rf, ddof = 1) * sqrt(periods_per_year), `risk_free` per
/// period (empyrical `sharpe_ratio`). Needs 2 returns; `None` for zero volatility.
pub fn sharpe(
    returns: &[f64],
    risk_free: f64,
    ann: Annualisation,
    nan: NanPolicy,
) -> Result<Option<f64>> {
    check::finite_scalar("riskFree", risk_free)?;
    let xs = clean_returns("returns", returns, nan, 2)?;
    let adj: Vec<f64> = xs.iter().map(|r| r - risk_free).collect();
    let m = Moments::of(&adj);
    Ok(ratio(m.mean, m.variance(1).sqrt()).map(|s| s * ann.get().sqrt()))
}

/// Sortino ratio: mean(r - mar) * P / (sqrt(mean(min(r - mar, 0)^2)) * sqrt(P)), the downside
/// deviation taken over ALL n returns (empyrical `sortino_ratio` / `downside_risk`), `mar` per
/// period. Needs 2 returns; `None` without downside.
pub fn sortino(
    returns: &[f64],
    mar: f64,
    ann: Annualisation,
    nan: NanPolicy,
) -> Result<Option<f64>> {
    check::finite_scalar("mar", mar)?;
    let xs = clean_returns("returns", returns, nan, 2)?;
    let p = ann.get();
    let n = xs.len() as f64;
    let mean = xs.iter().map(|r| r - mar).sum::<f64>() / n;
    let downside = xs.iter().map(|r| (r - mar).min(0.0).powi(2)).sum::<f64>() / n;
    Ok(ratio(mean * p, downside.sqrt() * p.sqrt()))
}

/// Compound annual growth rate: prod(1 + r)^(P / n) - 1 (empyrical `annual_return`). Needs 1
/// return; `None` when the wealth ends negative (returns below -100%).
pub fn annual_return(returns: &[f64], ann: Annualisation, nan: NanPolicy) -> Result<Option<f64>> {
    let xs = clean_returns("returns", returns, nan, 1)?;
    let ending: f64 = xs.iter().map(|r| 1.0 + r).product();
    if ending < 0.0 {
        return Ok(None);
    }
    let years = xs.len() as f64 / ann.get();
    Ok(Some(ending.powf(1.0 / years) - 1.0))
}

/// Annual volatility: sd(r, ddof = 1) * sqrt(P) (empyrical `annual_volatility`). Needs 2.
pub fn annual_volatility(returns: &[f64], ann: Annualisation, nan: NanPolicy) -> Result<f64> {
    let xs = clean_returns("returns", returns, nan, 2)?;
    Ok(sample_sd(&xs) * ann.get().sqrt())
}

/// Calmar ratio: CAGR / |max drawdown| (empyrical `calmar_ratio`); `None` without drawdown.
pub fn calmar(returns: &[f64], ann: Annualisation, nan: NanPolicy) -> Result<Option<f64>> {
    let xs = clean_returns("returns", returns, nan, 1)?;
    let dd = super::drawdown::max_drawdown_clean(&xs).max_drawdown;
    if dd >= 0.0 {
        return Ok(None);
    }
    Ok(annual_return(&xs, ann, NanPolicy::Reject)?.and_then(|cagr| ratio(cagr, -dd)))
}

/// Omega ratio (empyrical `omega_ratio`): with the per-period threshold
/// t = (1 + required_return)^(1/P) - 1 (required_return ANNUAL; used as is when P = 1),
/// sum of the gains over t divided by the sum of the losses under it, after subtracting the
/// per-period `risk_free`. Needs 2 returns; `None` without losses.
pub fn omega(
    returns: &[f64],
    risk_free: f64,
    required_return: f64,
    ann: Annualisation,
    nan: NanPolicy,
) -> Result<Option<f64>> {
    check::finite_scalar("riskFree", risk_free)?;
    check::finite_scalar("requiredReturn", required_return)?;
    if required_return <= -1.0 {
        return Err(SmcError::out_of_range(
            "requiredReturn",
            required_return,
            "a number > -1",
        ));
    }
    let xs = clean_returns("returns", returns, nan, 2)?;
    let p = ann.get();
    let threshold = if p == 1.0 {
        required_return
    } else {
        (1.0 + required_return).powf(1.0 / p) - 1.0
    };
    let (mut gains, mut losses) = (0.0, 0.0);
    for r in xs.iter() {
        let d = r - risk_free - threshold;
        if d > 0.0 {
            gains += d;
        } else if d < 0.0 {
            losses -= d;
        }
    }
    Ok(if losses > 0.0 {
        Some(gains / losses)
    } else {
        None
    })
}

/// Tail ratio: |95th percentile| / |5th percentile| (type 7, empyrical `tail_ratio`).
pub fn tail_ratio(returns: &[f64], nan: NanPolicy) -> Result<Option<f64>> {
    let xs = clean_returns("returns", returns, nan, 1)?;
    let mut sorted = xs.into_owned();
    sorted.sort_unstable_by(f64::total_cmp);
    let up = quantile_sorted(&sorted, 0.95, QuantileMethod::Linear).abs();
    let down = quantile_sorted(&sorted, 0.05, QuantileMethod::Linear).abs();
    Ok(ratio(up, down))
}

/// Population skewness m3 / m2^1.5 (scipy.stats.skew defaults). Needs 2; `None` if constant.
pub fn skewness(returns: &[f64], nan: NanPolicy) -> Result<Option<f64>> {
    let xs = clean_returns("returns", returns, nan, 2)?;
    let m = Moments::of(&xs);
    Ok((m.m2 > 0.0).then(|| m.skewness()))
}

/// Population excess kurtosis m4 / m2^2 - 3 (scipy.stats.kurtosis defaults). Needs 2.
pub fn kurtosis(returns: &[f64], nan: NanPolicy) -> Result<Option<f64>> {
    let xs = clean_returns("returns", returns, nan, 2)?;
    let m = Moments::of(&xs);
    Ok((m.m2 > 0.0).then(|| m.excess_kurtosis()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: NanPolicy = NanPolicy::Reject;

    #[test]
    fn hand_computed_values() {
        let ann = Annualisation::new(252.0).unwrap();
        let xs = [0.01, -0.02, 0.03, 0.0];
        // mean 0.005, sd(ddof=1) = sqrt(0.00043333...)
        let sd = ((0.005f64.powi(2) + 0.025f64.powi(2) + 0.025f64.powi(2) + 0.005f64.powi(2))
            / 3.0)
            .sqrt();
        let s = sharpe(&xs, 0.0, ann, R).unwrap().unwrap();
        assert!((s - 0.005 / sd * 252f64.sqrt()).abs() < 1e-12);
        // downside over all 4: sqrt(0.02^2 / 4) = 0.01
        let so = sortino(&xs, 0.0, ann, R).unwrap().unwrap();
        assert!((so - 0.005 * 252.0 / (0.01 * 252f64.sqrt())).abs() < 1e-12);
        let cagr = annual_return(&[0.1], Annualisation::new(1.0).unwrap(), R)
            .unwrap()
            .unwrap();
        assert!((cagr - 0.1).abs() < 1e-15);
        assert_eq!(sharpe(&[0.01, 0.01], 0.0, ann, R).unwrap(), None);
        assert_eq!(omega(&[0.01, 0.02], 0.0, 0.0, ann, R).unwrap(), None);
        assert_eq!(skewness(&[1.0, 1.0], R).unwrap(), None);
    }

    #[test]
    fn bad_input_is_typed() {
        let ann = Annualisation::new(252.0).unwrap();
        assert_eq!(
            Annualisation::new(0.0).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            Annualisation::new(f64::NAN).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            sharpe(&[0.1], 0.0, ann, R).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
        assert_eq!(
            sharpe(&[0.1, f64::NAN, 0.2], 0.0, ann, R)
                .unwrap_err()
                .code(),
            "SMC_NON_FINITE"
        );
        assert!(sharpe(&[0.1, f64::NAN, 0.2], 0.0, ann, NanPolicy::Skip)
            .unwrap()
            .is_some());
        assert_eq!(
            omega(&[0.1, 0.2], 0.0, -1.0, ann, R).unwrap_err().code(),
            "SMC_OUT_OF_RANGE"
        );
        assert_eq!(
            annual_return(&[], ann, R).unwrap_err().code(),
            "SMC_EMPTY_INPUT"
        );
    }
}
